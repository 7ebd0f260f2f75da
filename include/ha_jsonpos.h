/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ha_jsonpos.h - where each value of a JSON text is (line and column), and
 * error messages about a user's file that point there.
 *
 * jansson keeps no positions of the values it parses, so validation
 * messages ("p.json:12:20: 'weight' must be ...") come from this index:
 * ha_jsonpos_new() scans the text once and records, for every value, its
 * path (a JSON pointer: "" for the root, "/checks/3/weight"; '~' and '/'
 * in keys escaped as "~0" and "~1") and the line and column where the
 * value starts, and for object members where the key starts.
 *
 * Positions: lines and columns count from 1; a column counts characters,
 * not bytes (a UTF-8 sequence is one column, so is a tab), as an editor
 * shows them.  Messages take the GNU form editors jump to,
 * "file:line:column: message", the file name unquoted.
 *
 * The scan is tolerant: it indexes what it can of a malformed text and
 * never fails; syntax errors are jansson's to find, and
 * ha_jsonpos_syntax_error() reports them in the same form.
 *
 * Validation goes on after an error so that one run reports every error
 * of an input: struct ha_jsonpos_errors counts them over the input (a
 * profile with the files it extends, or a waivers file), only the first
 * HA_JSONPOS_MAX_ERRORS are printed, and ha_jsonpos_errors_done() says how
 * many more there were.
 *
 * The index owns its memory and borrows the file name and the count it
 * is given, which must outlive it; ha_jsonpos_free() accepts NULL.
 */
#ifndef HA_JSONPOS_H
#define HA_JSONPOS_H

#include <stddef.h>

#include <jansson.h>

#include "ha_util.h"

/* Errors printed per input; the rest are only counted. */
#define HA_JSONPOS_MAX_ERRORS	50

/* The errors of one input.  Zero it before the first. */
struct ha_jsonpos_errors {
	size_t	n;	/* errors found, printed or not */
};

struct ha_jsonpos;

/*
 * Index text (len bytes) of file, whose errors are counted in errs (NULL:
 * print every error, count none).  Never NULL.
 */
struct ha_jsonpos	*ha_jsonpos_new(const char *text, size_t len,
			    const char *file, struct ha_jsonpos_errors *errs);
void			 ha_jsonpos_free(struct ha_jsonpos *ix);

/* The file the index was made for (borrowed). */
const char	*ha_jsonpos_file(const struct ha_jsonpos *ix);

/*
 * The position of the value at path (key 0) or of its key (key 1, object
 * members only).  Returns 0 and sets *line and *col, or -1 when the index
 * has no such path (*line and *col are then 0).
 */
int	 ha_jsonpos_find(const struct ha_jsonpos *ix, const char *path, int key,
	    int *line, int *col);

/*
 * The same for a path built from a printf format.  For messages:
 * a missing path falls back to its parents (the nearest indexed one).
 */
int	 ha_jsonpos_findf(const struct ha_jsonpos *ix, int key, int *line,
	    int *col, const char *fmt, ...) HA_PRINTF(5, 6);

/*
 * Report through ha_error() "file:line:col: message", the position being
 * that of the value at ptr (key 0) or of its key (key 1), else of the
 * nearest indexed parent; without one, "file: message".  Counted in the
 * index's errors.  Returns -1.
 */
int	 ha_jsonpos_error(const struct ha_jsonpos *ix, int key,
	    const char *ptr, const char *fmt, ...) HA_PRINTF(4, 5);

/*
 * Where jansson's syntax error err in text (len bytes) is, counted as the
 * index counts: always inside the text.  Past its end (a truncated text)
 * is just after the last character of the last line; a final newline
 * starts no line of its own.  An empty text is 1:1.
 */
void	 ha_jsonpos_syntax_at(const char *text, size_t len,
	    const json_error_t *err, int *line, int *col);

/*
 * Report err, from parsing text (len bytes) of file, as
 * "file:line:col: message"; counted in errs (may be NULL).  Returns -1.
 */
int	 ha_jsonpos_syntax_error(const char *text, size_t len,
	    const char *file, const json_error_t *err,
	    struct ha_jsonpos_errors *errs);

/*
 * Count an error in errs (may be NULL) and print it through ha_error()
 * unless HA_JSONPOS_MAX_ERRORS were printed already.  Returns -1.
 */
int	 ha_jsonpos_errorf(struct ha_jsonpos_errors *errs, const char *fmt,
	    ...) HA_PRINTF(2, 3);

/*
 * After an input: "N more errors" when some were not printed.  Returns
 * -1 when errs counted any error, else 0.
 */
int	 ha_jsonpos_errors_done(const struct ha_jsonpos_errors *errs);

/* s escaped for a JSON pointer ("a/b" becomes "a~1b"); new string. */
char	*ha_jsonpos_escape(const char *s);

#endif

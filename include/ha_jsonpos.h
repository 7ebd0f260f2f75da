/*
 * ha_jsonpos.h - where each value of a JSON text is (line and column).
 *
 * jansson keeps no positions of the values it parses, so validation
 * messages ("'p.json':12:20: 'weight' must be ...") come from this index:
 * ha_jsonpos_new() scans the text once and records, for every value, its
 * path (a JSON pointer: "" for the root, "/checks/3/weight"; '~' and '/'
 * in keys escaped as "~0" and "~1") and the line and column (both from 1,
 * columns in characters) where the value starts, and for object members
 * where the key starts.
 *
 * The scan is tolerant: it indexes what it can of a malformed text and
 * never fails; syntax errors are jansson's to report.  The index owns its
 * memory; ha_jsonpos_free() accepts NULL.
 */
#ifndef HA_JSONPOS_H
#define HA_JSONPOS_H

#include <stddef.h>

#include "ha_util.h"

struct ha_jsonpos;

/* Index text (len bytes). Never NULL. */
struct ha_jsonpos	*ha_jsonpos_new(const char *text, size_t len);
void			 ha_jsonpos_free(struct ha_jsonpos *ix);

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
 * Report through ha_error() "'file':line:col: message", the position being
 * that of the value at ptr (key 0) or of its key (key 1), else of the
 * nearest indexed parent; without one, "'file': message".  Returns -1.
 */
int	 ha_jsonpos_error(const struct ha_jsonpos *ix, const char *file,
	    int key, const char *ptr, const char *fmt, ...) HA_PRINTF(5, 6);

/* Append s to a JSON pointer, escaped ("a/b" becomes "a~1b"); new string. */
char	*ha_jsonpos_escape(const char *s);

#endif

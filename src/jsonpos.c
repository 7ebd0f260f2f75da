/* SPDX-License-Identifier: Apache-2.0 */
/*
 * jsonpos.c - a position index of a JSON text: for every value its JSON
 * pointer and where it starts, so that validation messages can name a line
 * and a column (jansson keeps none).  One tolerant pass; see ha_jsonpos.h.
 * Also the messages themselves, syntax errors included, counted so that
 * validation can report every error of an input in one run.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ha_buf.h"
#include "ha_jsonpos.h"
#include "ha_report.h"
#include "ha_util.h"
#include "banned.h"

#define MAX_DEPTH	256	/* deeper values are not indexed */

struct pos_entry {
	char	*path;
	int	 line, col;	/* the value */
	int	 kline, kcol;	/* its key (object members), else 0 */
};

struct ha_jsonpos {
	struct pos_entry		*v;
	size_t				 n, alloc;
	const char			*file;	/* borrowed */
	struct ha_jsonpos_errors	*errs;	/* borrowed, may be NULL */
};

struct scan {
	const char		*p, *end;
	int			 line, col;
	int			 depth;
	struct ha_buf		 path;
	struct ha_jsonpos	*ix;
};

/* 1 for a UTF-8 continuation byte, which is no column of its own. */
static int
is_cont(char c)
{
	return ((unsigned char)c & 0xC0) == 0x80;
}

/* Count the byte c, which is passed over, into line and col. */
static void
count_byte(char c, int *line, int *col)
{
	if (c == '\n') {
		(*line)++;
		*col = 1;
	} else if (!is_cont(c)) {
		(*col)++;
	}
}

static void
adv(struct scan *s)
{
	if (s->p >= s->end)
		return;
	count_byte(*s->p, &s->line, &s->col);
	s->p++;
}

static void
skip_ws(struct scan *s)
{
	while (s->p < s->end && (*s->p == ' ' || *s->p == '\t' ||
	    *s->p == '\n' || *s->p == '\r'))
		adv(s);
}

static void
record(struct scan *s, int kline, int kcol)
{
	struct pos_entry *e;

	if (s->ix->n == s->ix->alloc) {
		s->ix->alloc = s->ix->alloc ? s->ix->alloc * 2 : 64;
		s->ix->v = ha_xreallocarray(s->ix->v, s->ix->alloc,
		    sizeof(*s->ix->v));
	}
	e = &s->ix->v[s->ix->n++];
	e->path = ha_xstrdup(s->path.data);
	e->line = s->line;
	e->col = s->col;
	e->kline = kline;
	e->kcol = kcol;
}

/* Four hex digits at p (before end) as *cp; 0, or -1. */
static int
hex4(const char *p, const char *end, uint32_t *cp)
{
	int i, d;

	if (end - p < 4)
		return -1;
	for (*cp = 0, i = 0; i < 4; i++) {
		if (p[i] >= '0' && p[i] <= '9')
			d = p[i] - '0';
		else if ((p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'f')
			d = (p[i] | 0x20) - 'a' + 10;
		else
			return -1;
		*cp = *cp * 16 + (uint32_t)d;
	}
	return 0;
}

/*
 * A \uXXXX escape (s->p at the 'u', left at its last digit) as UTF-8
 * into out, a surrogate pair as one code point, as jansson decodes keys;
 * a lone surrogate (which jansson refuses) gives U+FFFD.
 */
static void
scan_unicode(struct scan *s, struct ha_buf *out)
{
	uint32_t cp, lo;
	char enc[4];
	int i, n = 4;

	if (hex4(s->p + 1, s->end, &cp) < 0) {
		ha_buf_addstr(out, "\\u");
		return;
	}
	if (cp >= 0xD800 && cp <= 0xDBFF && s->end - s->p >= 11 &&
	    s->p[5] == '\\' && s->p[6] == 'u' &&
	    hex4(s->p + 7, s->end, &lo) == 0 && lo >= 0xDC00 &&
	    lo <= 0xDFFF) {
		cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
		n = 10;
	} else if (cp >= 0xD800 && cp <= 0xDFFF)
		cp = 0xFFFD;
	for (i = 0; i < n; i++)
		adv(s);
	ha_buf_add(out, enc, ha_utf8_encode(enc, cp));
}

/* A string at s->p (a '"'); its decoded text into out when not NULL. */
static void
scan_string(struct scan *s, struct ha_buf *out)
{
	adv(s);
	while (s->p < s->end && *s->p != '"') {
		if (*s->p == '\\' && s->p + 1 < s->end) {
			adv(s);
			if (out != NULL) {
				switch (*s->p) {
				case 'n': ha_buf_addch(out, '\n'); break;
				case 't': ha_buf_addch(out, '\t'); break;
				case 'r': ha_buf_addch(out, '\r'); break;
				case 'b': ha_buf_addch(out, '\b'); break;
				case 'f': ha_buf_addch(out, '\f'); break;
				case 'u': scan_unicode(s, out); break;
				default: ha_buf_addch(out, *s->p); break;
				}
			}
		} else if (out != NULL) {
			ha_buf_addch(out, *s->p);
		}
		adv(s);
	}
	adv(s);
}

static void	scan_value(struct scan *s, int kline, int kcol);

static void
push_key(struct scan *s, const char *key)
{
	char *esc = ha_jsonpos_escape(key);

	ha_buf_addch(&s->path, '/');
	ha_buf_addstr(&s->path, esc);
	free(esc);
}

static void
pop_to(struct scan *s, size_t len)
{
	s->path.len = len;
	s->path.data[len] = '\0';
}

static void
scan_object(struct scan *s)
{
	size_t base = s->path.len;
	struct ha_buf key;
	int kline, kcol;

	ha_buf_init(&key, HA_BUF_NOCAP);
	adv(s);
	for (;;) {
		skip_ws(s);
		if (s->p >= s->end || *s->p != '"')
			break;
		kline = s->line;
		kcol = s->col;
		ha_buf_reset(&key);
		scan_string(s, &key);
		skip_ws(s);
		if (s->p >= s->end || *s->p != ':')
			break;
		adv(s);
		push_key(s, key.data);
		scan_value(s, kline, kcol);
		pop_to(s, base);
		skip_ws(s);
		if (s->p >= s->end || *s->p != ',')
			break;
		adv(s);
	}
	if (s->p < s->end && *s->p == '}')
		adv(s);
	ha_buf_release(&key);
}

static void
scan_array(struct scan *s)
{
	size_t base = s->path.len, i = 0;

	adv(s);
	for (;;) {
		skip_ws(s);
		if (s->p >= s->end || *s->p == ']')
			break;
		ha_buf_addf(&s->path, "/%zu", i++);
		scan_value(s, 0, 0);
		pop_to(s, base);
		skip_ws(s);
		if (s->p >= s->end || *s->p != ',')
			break;
		adv(s);
	}
	if (s->p < s->end && *s->p == ']')
		adv(s);
}

static void
scan_value(struct scan *s, int kline, int kcol)
{
	skip_ws(s);
	if (s->p >= s->end || s->depth >= MAX_DEPTH) {
		s->p = s->end;
		return;
	}
	record(s, kline, kcol);
	s->depth++;
	switch (*s->p) {
	case '{':
		scan_object(s);
		break;
	case '[':
		scan_array(s);
		break;
	case '"':
		scan_string(s, NULL);
		break;
	default:	/* number, true, false, null, or garbage */
		while (s->p < s->end && strchr(",:]} \t\r\n", *s->p) == NULL)
			adv(s);
		break;
	}
	s->depth--;
}

struct ha_jsonpos *
ha_jsonpos_new(const char *text, size_t len, const char *file,
    struct ha_jsonpos_errors *errs)
{
	struct ha_jsonpos *ix = ha_xcalloc(1, sizeof(*ix));
	struct scan s;

	ix->file = file;
	ix->errs = errs;
	memset(&s, 0, sizeof(s));
	s.p = text;
	s.end = text + len;
	s.line = 1;
	s.col = 1;
	s.ix = ix;
	ha_buf_init(&s.path, HA_BUF_NOCAP);
	ha_buf_addstr(&s.path, "");
	scan_value(&s, 0, 0);
	ha_buf_release(&s.path);
	return ix;
}

void
ha_jsonpos_free(struct ha_jsonpos *ix)
{
	size_t i;

	if (ix == NULL)
		return;
	for (i = 0; i < ix->n; i++)
		free(ix->v[i].path);
	free(ix->v);
	free(ix);
}

const char *
ha_jsonpos_file(const struct ha_jsonpos *ix)
{
	return ix->file;
}

int
ha_jsonpos_find(const struct ha_jsonpos *ix, const char *path, int key,
    int *line, int *col)
{
	size_t i;

	*line = *col = 0;
	for (i = 0; ix != NULL && i < ix->n; i++) {
		if (strcmp(ix->v[i].path, path) != 0)
			continue;
		if (key && ix->v[i].kline == 0)
			return -1;
		*line = key ? ix->v[i].kline : ix->v[i].line;
		*col = key ? ix->v[i].kcol : ix->v[i].col;
		return 0;
	}
	return -1;
}

int
ha_jsonpos_findf(const struct ha_jsonpos *ix, int key, int *line, int *col,
    const char *fmt, ...)
{
	va_list ap;
	char *path, *slash;
	int rc;

	va_start(ap, fmt);
	path = ha_xvasprintf(fmt, ap);
	va_end(ap);
	rc = ha_jsonpos_find(ix, path, key, line, col);
	while (rc < 0 && (slash = strrchr(path, '/')) != NULL) {
		*slash = '\0';
		rc = ha_jsonpos_find(ix, path, 0, line, col);
	}
	free(path);
	return rc;
}

char *
ha_jsonpos_escape(const char *s)
{
	struct ha_buf b;

	ha_buf_init(&b, HA_BUF_NOCAP);
	ha_buf_addstr(&b, "");
	for (; *s != '\0'; s++) {
		if (*s == '~')
			ha_buf_addstr(&b, "~0");
		else if (*s == '/')
			ha_buf_addstr(&b, "~1");
		else
			ha_buf_addch(&b, *s);
	}
	return ha_buf_detach(&b, NULL);
}

int
ha_jsonpos_errorf(struct ha_jsonpos_errors *errs, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (errs != NULL && errs->n++ >= HA_JSONPOS_MAX_ERRORS)
		return -1;
	va_start(ap, fmt);
	msg = ha_xvasprintf(fmt, ap);
	va_end(ap);
	ha_error("%s", msg);
	free(msg);
	return -1;
}

int
ha_jsonpos_errors_done(const struct ha_jsonpos_errors *errs)
{
	size_t more;

	if (errs == NULL || errs->n == 0)
		return 0;
	if (errs->n > HA_JSONPOS_MAX_ERRORS) {
		more = errs->n - HA_JSONPOS_MAX_ERRORS;
		ha_error("%zu more error%s", more, more == 1 ? "" : "s");
	}
	return -1;
}

int
ha_jsonpos_error(const struct ha_jsonpos *ix, int key, const char *ptr,
    const char *fmt, ...)
{
	va_list ap;
	char *msg;
	int line, col;

	va_start(ap, fmt);
	msg = ha_xvasprintf(fmt, ap);
	va_end(ap);
	if (ha_jsonpos_findf(ix, key, &line, &col, "%s", ptr) == 0)
		ha_jsonpos_errorf(ix->errs, "%s:%d:%d: %s", ix->file, line,
		    col, msg);
	else
		ha_jsonpos_errorf(ix->errs, "%s: %s", ix->file, msg);
	free(msg);
	return -1;
}

/*
 * jansson's position is the number of bytes it read: the offending
 * character is the last one read, except a byte it could not decode as
 * UTF-8 (not counted) and a premature end (at the end).  Its line and
 * column are not used: at a newline, or at the end of a text ending in
 * one, they name column 0 or a line past the last.
 */
void
ha_jsonpos_syntax_at(const char *text, size_t len, const json_error_t *err,
    int *line, int *col)
{
	size_t off = err->position > 0 ? (size_t)err->position : 0, i;

	if (off > len)
		off = len;
	switch (json_error_code(err)) {
	case json_error_invalid_utf8:
		break;
	case json_error_premature_end_of_input:
		off = len;
		break;
	default:
		if (off > 0)
			off--;
		while (off > 0 && is_cont(text[off]))
			off--;
		break;
	}
	/* At the end, just after the last character of the last line. */
	if (off == len && off > 0 && text[off - 1] == '\n')
		off--;
	*line = *col = 1;
	for (i = 0; i < off; i++)
		count_byte(text[i], line, col);
}

int
ha_jsonpos_syntax_error(const char *text, size_t len, const char *file,
    const json_error_t *err, struct ha_jsonpos_errors *errs)
{
	int line, col;

	ha_jsonpos_syntax_at(text, len, err, &line, &col);
	return ha_jsonpos_errorf(errs, "%s:%d:%d: %s", file, line, col,
	    err->text);
}

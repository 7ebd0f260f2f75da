/* SPDX-License-Identifier: Apache-2.0 */
/*
 * podman_toml.c - the subset of TOML that containers.conf and storage.conf
 * use (see ha_podman_toml_parse() in ha_podman.h): [tables], key = value
 * with strings, booleans, integers and (multi-line) arrays of those.
 * Pure: no I/O, so that tests can feed it strings.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "ha_buf.h"
#include "ha_podman.h"
#include "ha_util.h"
#include "banned.h"

#define MAX_NAME	256	/* a table or key path */
#define MAX_DEPTH	8	/* nested arrays */

struct toml {
	const char	*p, *end;
	int		 line;
	char		 table[MAX_NAME];
	int		 skip;		/* in an [[array]] table */
	size_t		 nkeys;
	const char	*why;
};

/* A value that is not recorded (inline table, float, date). */
static json_t unsupported_marker;
#define UNSUPPORTED	(&unsupported_marker)

static int
at(const struct toml *t, const char *s)
{
	size_t n = strlen(s);

	return (size_t)(t->end - t->p) >= n && memcmp(t->p, s, n) == 0;
}

static void
skip_blanks(struct toml *t)
{
	while (t->p < t->end && (*t->p == ' ' || *t->p == '\t'))
		t->p++;
}

static void
skip_comment(struct toml *t)
{
	while (t->p < t->end && *t->p != '\n')
		t->p++;
}

/* Blanks, newlines and comments (inside an array). */
static void
skip_space(struct toml *t)
{
	for (;;) {
		skip_blanks(t);
		if (t->p < t->end && *t->p == '#')
			skip_comment(t);
		if (t->p < t->end && (*t->p == '\n' || *t->p == '\r')) {
			if (*t->p == '\n')
				t->line++;
			t->p++;
			continue;
		}
		return;
	}
}

/* 1 when only blanks and a comment are left on the line (consumed). */
static int
line_end(struct toml *t)
{
	skip_blanks(t);
	if (t->p < t->end && *t->p == '#')
		skip_comment(t);
	if (at(t, "\r\n"))
		t->p++;
	if (t->p == t->end)
		return 1;
	if (*t->p != '\n')
		return 0;
	t->p++;
	t->line++;
	return 1;
}

static int
bare_char(int c)
{
	return isalnum(c) || c == '_' || c == '-';
}

/* A JSON string of n bytes at s, or NULL (why set) when not UTF-8. */
static json_t *
jstring(struct toml *t, const char *s, size_t n)
{
	json_t *j = json_stringn(s, n);

	if (j == NULL)
		t->why = "a string is not valid UTF-8";
	return j;
}

/* A "basic string" on one line, t->p after the opening quote. */
static json_t *
basic_string(struct toml *t)
{
	struct ha_buf b;
	json_t *j = NULL;
	char c;

	ha_buf_init(&b, HA_BUF_NOCAP);
	while (t->p < t->end && *t->p != '"' && *t->p != '\n') {
		c = *t->p++;
		if (c == '\\' && t->p < t->end) {
			c = *t->p++;
			switch (c) {
			case 'n':	c = '\n'; break;
			case 't':	c = '\t'; break;
			case 'r':	c = '\r'; break;
			case '"':
			case '\\':	break;
			default:
				/* \uXXXX and the rest: kept as written */
				ha_buf_addch(&b, '\\');
				break;
			}
		}
		ha_buf_addch(&b, c);
	}
	if (t->p < t->end && *t->p == '"') {
		t->p++;
		j = jstring(t, b.data, b.len);
	} else
		t->why = "unterminated string";
	ha_buf_release(&b);
	return j;
}

/* A multi-line string, t->p after the opening delimiter delim. */
static json_t *
multiline_string(struct toml *t, const char *delim)
{
	const char *start;

	if (at(t, "\n") || at(t, "\r\n")) {	/* a first newline is trimmed */
		t->p += *t->p == '\r' ? 2 : 1;
		t->line++;
	}
	start = t->p;
	while (t->p < t->end && !at(t, delim)) {
		if (*t->p == '\n')
			t->line++;
		t->p++;
	}
	if (t->p == t->end) {
		t->why = "unterminated multi-line string";
		return NULL;
	}
	t->p += 3;
	return jstring(t, start, (size_t)(t->p - 3 - start));
}

static json_t *
literal_string(struct toml *t)
{
	const char *start = t->p;

	while (t->p < t->end && *t->p != '\'' && *t->p != '\n')
		t->p++;
	if (t->p == t->end || *t->p != '\'') {
		t->why = "unterminated string";
		return NULL;
	}
	t->p++;
	return jstring(t, start, (size_t)(t->p - 1 - start));
}

/* An integer, or a float or date (passed over: UNSUPPORTED). */
static json_t *
number(struct toml *t)
{
	char digits[32];
	const char *start = t->p;
	size_t n = 0;
	long long v;
	const char *errstr;

	while (t->p < t->end && (isalnum((unsigned char)*t->p) ||
	    strchr("+-_.:", *t->p) != NULL))
		t->p++;
	for (; start < t->p; start++) {
		if (*start == '_')
			continue;
		if (n + 1 >= sizeof(digits) ||
		    (!isdigit((unsigned char)*start) &&
		    !(n == 0 && (*start == '-' || *start == '+'))))
			return UNSUPPORTED;
		digits[n++] = *start;
	}
	digits[n] = '\0';
	if (ha_strtonum(digits[0] == '+' ? digits + 1 : digits,
	    -0x7fffffffffffffffLL, 0x7fffffffffffffffLL, &v, &errstr) != 0)
		return UNSUPPORTED;
	return json_integer((json_int_t)v);
}

/* The end of an inline table, strings inside skipped. */
static json_t *
inline_table(struct toml *t)
{
	int depth = 0;
	char q;

	while (t->p < t->end && *t->p != '\n') {
		q = *t->p++;
		if (q == '{')
			depth++;
		else if (q == '}' && --depth == 0)
			return UNSUPPORTED;
		else if (q == '"' || q == '\'') {
			while (t->p < t->end && *t->p != q && *t->p != '\n')
				t->p += *t->p == '\\' && q == '"' ? 2 : 1;
			if (t->p < t->end && *t->p == q)
				t->p++;
		}
	}
	t->why = "unterminated inline table";
	return NULL;
}

static json_t *value(struct toml *t, int depth);

/* An array, t->p after "[": its elements, UNSUPPORTED ones left out. */
static json_t *
array(struct toml *t, int depth)
{
	json_t *a = json_array(), *v;

	for (;;) {
		skip_space(t);
		if (t->p < t->end && *t->p == ']') {
			t->p++;
			return a;
		}
		if ((v = value(t, depth + 1)) == NULL)
			break;
		if (v != UNSUPPORTED)
			json_array_append_new(a, v);
		skip_space(t);
		if (t->p < t->end && *t->p == ',') {
			t->p++;
			continue;
		}
		if (t->p < t->end && *t->p == ']')
			continue;
		t->why = "expected ',' or ']' in an array";
		break;
	}
	json_decref(a);
	return NULL;
}

/* A value: a new reference, UNSUPPORTED, or NULL with t->why set. */
static json_t *
value(struct toml *t, int depth)
{
	if (depth > MAX_DEPTH) {
		t->why = "arrays nested too deep";
		return NULL;
	}
	if (t->p == t->end) {
		t->why = "no value";
		return NULL;
	}
	if (at(t, "\"\"\"") || at(t, "'''")) {
		t->p += 3;
		return multiline_string(t, t->p[-1] == '"' ? "\"\"\"" : "'''");
	}
	switch (*t->p) {
	case '"':
		t->p++;
		return basic_string(t);
	case '\'':
		t->p++;
		return literal_string(t);
	case '[':
		t->p++;
		return array(t, depth);
	case '{':
		return inline_table(t);
	}
	if (at(t, "true") && (t->p + 4 == t->end || !bare_char(t->p[4]))) {
		t->p += 4;
		return json_true();
	}
	if (at(t, "false") && (t->p + 5 == t->end || !bare_char(t->p[5]))) {
		t->p += 5;
		return json_false();
	}
	if (isdigit((unsigned char)*t->p) || *t->p == '-' || *t->p == '+')
		return number(t);
	if (at(t, "inf") || at(t, "nan")) {
		t->p += 3;
		return UNSUPPORTED;
	}
	t->why = "a value of unknown type";
	return NULL;
}

/*
 * A dotted key path ("a", "a.b", "\"x.y\"") into name, up to stop (']'
 * for a table header, '=' for a key).  0, or -1 with t->why set.
 */
static int
key_path(struct toml *t, char stop, char *name, size_t len)
{
	size_t n = 0, k;
	const char *s;
	char q;

	for (;;) {
		skip_blanks(t);
		s = t->p;
		if (t->p < t->end && (*t->p == '"' || *t->p == '\'')) {
			q = *t->p++;
			s = t->p;
			while (t->p < t->end && *t->p != q && *t->p != '\n')
				t->p++;
			if (t->p == t->end || *t->p != q)
				break;
			k = (size_t)(t->p++ - s);
		} else {
			while (t->p < t->end && bare_char((unsigned char)*t->p))
				t->p++;
			k = (size_t)(t->p - s);
			if (k == 0)
				break;
		}
		if (n + k + 2 > len) {
			t->why = "a key too long";
			return -1;
		}
		if (n > 0)
			name[n++] = '.';
		memcpy(name + n, s, k);
		n += k;
		name[n] = '\0';
		skip_blanks(t);
		if (t->p < t->end && *t->p == '.') {
			t->p++;
			continue;
		}
		if (t->p < t->end && *t->p == stop) {
			t->p++;
			return 0;
		}
		break;
	}
	t->why = stop == ']' ? "malformed table header" : "malformed key";
	return -1;
}

/* A "[table]" or "[[array table]]" line, t->p at "[". */
static int
table_line(struct toml *t)
{
	int arr = at(t, "[[");

	t->p += arr ? 2 : 1;
	if (key_path(t, ']', t->table, sizeof(t->table)) < 0)
		return -1;
	if (arr && (t->p == t->end || *t->p++ != ']')) {
		t->why = "malformed table header";
		return -1;
	}
	t->skip = arr;
	if (!line_end(t)) {
		t->why = "text after a table header";
		return -1;
	}
	return 0;
}

/* A "key = value" line; the value is set in out unless passed over. */
static int
key_line(struct toml *t, json_t *out)
{
	char key[MAX_NAME], full[2 * MAX_NAME + 2];
	int line = t->line;
	json_t *v;

	if (key_path(t, '=', key, sizeof(key)) < 0)
		return -1;
	skip_blanks(t);
	if ((v = value(t, 0)) == NULL)
		return -1;
	if (!line_end(t)) {
		if (v != UNSUPPORTED)
			json_decref(v);
		t->why = "text after a value";
		return -1;
	}
	if (v == UNSUPPORTED || t->skip)
		goto out;
	if (t->nkeys >= HA_PODMAN_MAX_KEYS) {
		json_decref(v);
		t->why = "too many keys";
		return -1;
	}
	snprintf(full, sizeof(full), "%s%s%s", t->table, *t->table ? "." : "",
	    key);
	json_object_set_new(out, full, json_pack("{s:o, s:i}", "value", v,
	    "line", line));
	t->nkeys++;
	return 0;
out:
	if (v != UNSUPPORTED)
		json_decref(v);
	return 0;
}

int
ha_podman_toml_parse(const char *text, size_t len, json_t *out, char **err)
{
	struct toml t;
	int rc;

	memset(&t, 0, sizeof(t));
	t.p = text;
	t.end = text + len;
	t.line = 1;
	*err = NULL;
	while (t.p < t.end) {
		skip_blanks(&t);
		if (line_end(&t))
			continue;	/* a blank line or a comment */
		t.why = NULL;
		rc = *t.p == '[' ? table_line(&t) : key_line(&t, out);
		if (rc < 0) {
			*err = ha_xasprintf("line %d: %s", t.line,
			    t.why != NULL ? t.why : "malformed");
			return -1;
		}
	}
	return 0;
}

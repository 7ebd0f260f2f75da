/* SPDX-License-Identifier: Apache-2.0 */
/*
 * jsonpos.c - fuzz the JSON position index (src/jsonpos.c).
 *
 * The input is any text.  ha_jsonpos_new() must index it without
 * failing; when jansson parses it, every value of the document (to a
 * depth the index covers) must be found at its JSON pointer, and so must
 * every object member's key.  ha_jsonpos_findf() and ha_jsonpos_error()
 * are asked about those paths and a few that do not exist.  When jansson
 * refuses it, the position ha_jsonpos_syntax_at() gives its error must
 * be inside the text: a line of it, and a column within that line or just
 * after its last character.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ha_jsonpos.h"
#include "ha_util.h"
#include "fuzz.h"
#include "banned.h"

#define FUZZ_MAX_INPUT	(16 * 1024)
#define CHECK_DEPTH	200	/* the index stops at 256 */

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
must_find(const struct ha_jsonpos *ix, const char *path, int key)
{
	int line, col;

	if (ha_jsonpos_find(ix, path, key, &line, &col) < 0 || line < 1 ||
	    col < 1)
		abort();
}

static void
walk(const struct ha_jsonpos *ix, const json_t *v, const char *path,
    int depth)
{
	const char *k;
	json_t *m;
	size_t i;
	char *sub, *esc;
	int line, col;

	if (depth > CHECK_DEPTH)
		return;
	must_find(ix, path, 0);
	(void)ha_jsonpos_findf(ix, 0, &line, &col, "%s/nosuch/0", path);
	(void)ha_jsonpos_error(ix, 1, path, "%s", "message");
	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, k, m) {
			esc = ha_jsonpos_escape(k);
			sub = ha_xasprintf("%s/%s", path, esc);
			must_find(ix, sub, 1);
			walk(ix, m, sub, depth + 1);
			free(sub);
			free(esc);
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, m) {
			sub = ha_xasprintf("%s/%zu", path, i);
			walk(ix, m, sub, depth + 1);
			free(sub);
		}
	}
}

/* The syntax error's position is a line of text and a column of it. */
static void
must_be_inside(const char *text, size_t len, const json_error_t *err)
{
	size_t i, lines = 1, chars = 0;
	int line, col;

	ha_jsonpos_syntax_at(text, len, err, &line, &col);
	if (line < 1 || col < 1)
		abort();
	/* A final newline starts no line; an empty text has line 1. */
	for (i = 0; i < len; i++)
		if (text[i] == '\n' && i + 1 < len)
			lines++;
	if ((size_t)line > lines)
		abort();
	for (i = 0, lines = 1; i < len && lines < (size_t)line; i++)
		if (text[i] == '\n')
			lines++;
	for (; i < len && text[i] != '\n'; i++)
		if (((unsigned char)text[i] & 0xC0) != 0x80)
			chars++;
	if ((size_t)col > chars + 1)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ha_jsonpos_errors errs = { 0 };
	struct ha_jsonpos *ix;
	json_error_t err;
	json_t *doc;
	char *esc, *s;

	if (size > FUZZ_MAX_INPUT)
		return -1;
	fuzz_quiet();
	ix = ha_jsonpos_new((const char *)data, size, "fuzz.json", &errs);
	doc = json_loadb((const char *)data, size, JSON_DECODE_ANY, &err);
	if (doc != NULL)
		walk(ix, doc, "", 0);
	else
		must_be_inside((const char *)data, size, &err);
	json_decref(doc);
	s = ha_xstrndup((const char *)data, size);
	esc = ha_jsonpos_escape(s);
	(void)ha_jsonpos_error(ix, 0, esc, "%s", "m");
	(void)ha_jsonpos_errors_done(&errs);
	free(esc);
	free(s);
	ha_jsonpos_free(ix);
	return 0;
}

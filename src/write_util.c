/* SPDX-License-Identifier: Apache-2.0 */
/*
 * write_util.c - what every writer needs: UTF-8 decoding that never
 * fails (invalid bytes become U+FFFD), the lossy conversion the report
 * model goes through, and XML/HTML escaping.
 */
#include <stdlib.h>
#include <string.h>

#include "ha_report.h"
#include "ha_util.h"
#include "banned.h"

#define REPLACEMENT	0xFFFDu

static const char *const change_names[HA_CHANGE_COUNT] = {
	"", "new", "still_failing", "fixed",
};

const char *
ha_change_name(enum ha_change c)
{
	return (unsigned)c < HA_CHANGE_COUNT ? change_names[c] : "";
}

uint32_t
ha_utf8_next(const char **p)
{
	const unsigned char *s = (const unsigned char *)*p;
	uint32_t cp, min;
	int n, i;

	if (s[0] < 0x80) {
		*p += s[0] != '\0';
		return s[0];
	}
	if (s[0] >= 0xC2 && s[0] <= 0xDF) {
		n = 1; cp = s[0] & 0x1F; min = 0x80;
	} else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
		n = 2; cp = s[0] & 0x0F; min = 0x800;
	} else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
		n = 3; cp = s[0] & 0x07; min = 0x10000;
	} else {
		*p += 1;
		return REPLACEMENT;
	}
	for (i = 1; i <= n; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			/* never past a NUL: it is not 10xxxxxx */
			*p += i;
			return REPLACEMENT;
		}
		cp = cp << 6 | (s[i] & 0x3F);
	}
	*p += n + 1;
	if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		return REPLACEMENT;
	return cp;
}

size_t
ha_utf8_encode(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | cp >> 6);
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | cp >> 12);
		out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | cp >> 18);
	out[1] = (char)(0x80 | (cp >> 12 & 0x3F));
	out[2] = (char)(0x80 | (cp >> 6 & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

char *
ha_utf8_lossy(const char *s)
{
	const char *p = s;
	char *out, *o;

	/* U+FFFD takes 3 bytes and replaces at least 1. */
	out = ha_xcalloc(strlen(s) + 1, 3);
	o = out;
	while (*p != '\0')
		o += ha_utf8_encode(o, ha_utf8_next(&p));
	*o = '\0';
	return out;
}

/* 1 when s is valid UTF-8 already: ha_utf8_lossy() would not change it. */
static int
utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p != '\0' && *p < 0x80)
		p++;		/* the common case: ASCII */
	if (*p == '\0')
		return 1;
	s = (const char *)p;
	while (*s != '\0') {
		const char *q = s;
		uint32_t cp = ha_utf8_next(&s);
		char enc[4];

		/* U+FFFD itself is valid; a replacement for bad bytes is
		   told apart by re-encoding it */
		if (ha_utf8_encode(enc, cp) != (size_t)(s - q) ||
		    memcmp(enc, q, (size_t)(s - q)) != 0)
			return 0;
	}
	return 1;
}

/*
 * Keep a valid string where it is (no copy of 3 times its size).  A
 * string the target borrows (bit of *borrowed) is replaced, not freed,
 * and the replacement is the target's own.
 */
static void
lossy_of(char **sp, unsigned *borrowed, unsigned bit)
{
	char *s = *sp;

	if (s == NULL || utf8_valid(s))
		return;
	*sp = ha_utf8_lossy(s);
	if (borrowed != NULL && (*borrowed & bit))
		*borrowed &= ~bit;
	else
		free(s);
}

static void
lossy(char **sp)
{
	lossy_of(sp, NULL, 0);
}

void
ha_report_make_utf8(struct ha_report *rep)
{
	size_t i, j;

	lossy(&rep->host);
	for (i = 0; i < rep->nresults; i++) {
		struct ha_result *r = &rep->results[i];

		lossy(&r->message);
		for (j = 0; j < r->ntargets; j++) {
			struct ha_target *t = &r->targets[j];

			lossy_of(&t->kind, &t->borrowed, HA_TARGET_KIND);
			lossy_of(&t->name, &t->borrowed, HA_TARGET_NAME);
			lossy_of(&t->detail, &t->borrowed, HA_TARGET_DETAIL);
			lossy_of(&t->state, &t->borrowed, HA_TARGET_STATE);
			if (t->engine != NULL)
				lossy(&t->engine);
		}
	}
}

/*
 * XML 1.0 allows tab, LF, CR and U+0020 and up (less surrogates and
 * U+FFFE/U+FFFF); other controls become U+FFFD.  LF and CR are written as
 * character references so attribute values keep them.
 */
int
ha_text_hidden(uint32_t cp)
{
	return cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0x061C ||
	    (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
	    (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF;
}

size_t
ha_text_escape(uint32_t cp, char *out, size_t size)
{
	return (size_t)snprintf(out, size, cp < 0x100 ? "\\x%02x" :
	    "\\u%04x", (unsigned)cp);
}

void
ha_put_xml(FILE *fp, const char *s)
{
	const char *p = s ? s : "";
	char buf[4];
	uint32_t cp;

	while (*p != '\0') {
		cp = ha_utf8_next(&p);
		switch (cp) {
		case '&':  fputs("&amp;", fp); continue;
		case '<':  fputs("&lt;", fp); continue;
		case '>':  fputs("&gt;", fp); continue;
		case '"':  fputs("&quot;", fp); continue;
		case '\'': fputs("&#39;", fp); continue;
		case '\n': fputs("&#10;", fp); continue;
		case '\r': fputs("&#13;", fp); continue;
		case '\t': fputs("&#9;", fp); continue;
		default:   break;
		}
		if (cp < 0x20 || cp == 0x7F || cp == 0xFFFE || cp == 0xFFFF)
			cp = REPLACEMENT;
		if (ha_text_hidden(cp)) {	/* a direction override, ... */
			char esc[16];
			size_t n = ha_text_escape(cp, esc, sizeof(esc));

			fwrite(esc, 1, n, fp);
			continue;
		}
		fwrite(buf, 1, ha_utf8_encode(buf, cp), fp);
	}
}

static const char *
label(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(json_object_get(
	    json_object_get(obj, "Config"), "Labels"), key));
}

void
ha_target_meta(const struct ha_target *t, struct ha_target_meta *m)
{
	const json_t *obj = t->obj;

	memset(m, 0, sizeof(*m));
	if (obj == NULL)
		return;
	m->id = json_string_value(json_object_get(obj, "Id"));
	if (t->kind != NULL && strcmp(t->kind, "container") == 0) {
		m->image = json_string_value(json_object_get(
		    json_object_get(obj, "Config"), "Image"));
		m->image_id = json_string_value(json_object_get(obj, "Image"));
		m->compose_project = label(obj, "com.docker.compose.project");
		m->compose_service = label(obj, "com.docker.compose.service");
	}
}

size_t
ha_result_failing_targets(const struct ha_result *r)
{
	size_t i, n = 0;

	for (i = 0; i < r->ntargets; i++)
		n += r->targets[i].status == HA_FAIL;
	return n;
}

size_t
ha_report_section_index(const struct ha_report *rep, const char *id)
{
	size_t i;

	for (i = 0; i < rep->nsections; i++)
		if (strcmp(rep->sections[i].id, id) == 0)
			return i;
	return rep->nsections;
}

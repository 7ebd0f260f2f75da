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

static void
lossy(char **sp)
{
	char *s = *sp;

	if (s == NULL)
		return;
	*sp = ha_utf8_lossy(s);
	free(s);
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
			lossy(&r->targets[j].kind);
			lossy(&r->targets[j].name);
			lossy(&r->targets[j].detail);
			lossy(&r->targets[j].state);
			if (r->targets[j].engine != NULL)
				lossy(&r->targets[j].engine);
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

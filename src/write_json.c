/* SPDX-License-Identifier: Apache-2.0 */
/*
 * write_json.c - the canonical JSON report (schema hostaudit-report/3),
 * streamed: the members before and after "results" are built once, and
 * each result's own members are built, written and freed in turn; its
 * targets (ten thousand containers make hundreds of thousands of them)
 * are written by hand, without a jansson object each.  The bytes are
 * those json_dumpf() writes for ha_report_to_json() with the same flags
 * (tests/unit/test_report_v3.c compares them, and tests/unit/test_scale.c
 * the string escaper against jansson's on hostile strings).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ha_buf.h"
#include "ha_report.h"
#include "ha_util.h"
#include "banned.h"

/* 15 digits: 56.3 is written 56.3, as the other formats show it */
#define FLAGS	(JSON_INDENT(2) | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(15) \
	| JSON_ENCODE_ANY)

#define OUT_SIZE	65536

/* Output in large writes: a report is a few hundred thousand small ones. */
struct out {
	FILE	*fp;
	size_t	 n;
	int	 err;
	char	 buf[OUT_SIZE];
};

static void
out_flush(struct out *o)
{
	if (o->n > 0 && !o->err && fwrite(o->buf, 1, o->n, o->fp) != o->n)
		o->err = 1;
	o->n = 0;
}

static void
out_put(struct out *o, const char *s, size_t n)
{
	if (n > OUT_SIZE - o->n) {
		if (o->fp == NULL) {	/* a fragment that does not fit */
			o->err = 1;
			return;
		}
		out_flush(o);
		if (n > OUT_SIZE) {
			if (!o->err && fwrite(s, 1, n, o->fp) != n)
				o->err = 1;
			return;
		}
	}
	memcpy(o->buf + o->n, s, n);
	o->n += n;
}

static void
out_str(struct out *o, const char *s)
{
	out_put(o, s, strlen(s));
}

static void
out_spaces(struct out *o, int n)
{
	static const char sp[] = "                                ";

	while (n > 0) {
		int k = n < (int)sizeof(sp) - 1 ? n : (int)sizeof(sp) - 1;

		out_put(o, sp, (size_t)k);
		n -= k;
	}
}

/*
 * s as jansson writes a string with JSON_ENSURE_ASCII: '"', '\\' and
 * the controls escaped (\b \f \n \r \t by name, the others \u00XX),
 * every code point above U+007F as \uXXXX (upper-case hex; a surrogate
 * pair above U+FFFF), '/' and DEL as they are.  Invalid UTF-8 (which
 * the model never holds) is written as U+FFFD.
 */
/*
 * The bytes a string is written with as they are: 0x20 to 0x7F but '"'
 * (0x22) and '\\' (0x5C).
 */
static const unsigned char plain[256] = {
#define P4(c)	[c] = 1, [c + 1] = 1, [c + 2] = 1, [c + 3] = 1
	[0x20] = 1, [0x21] = 1, P4(0x23), P4(0x27), [0x2B] = 1, P4(0x2C),
	P4(0x30), P4(0x34), P4(0x38), P4(0x3C), P4(0x40), P4(0x44),
	P4(0x48), P4(0x4C), P4(0x50), P4(0x54), P4(0x58), [0x5D] = 1,
	[0x5E] = 1, [0x5F] = 1, P4(0x60), P4(0x64), P4(0x68), P4(0x6C),
	P4(0x70), P4(0x74), P4(0x78), P4(0x7C),
#undef P4
};

static void
put_string(struct out *o, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	const unsigned char *p = (const unsigned char *)s;
	const unsigned char *run;
	char seq[12];
	uint32_t cp;
	size_t n;

	/*
	 * Most strings (names, states, ids, details) need no escape: then
	 * in one copy, quotes and all, when the buffer has room.
	 */
	while (plain[*p])
		p++;
	n = (size_t)(p - (const unsigned char *)s);
	if (*p == '\0' && n + 2 <= OUT_SIZE - o->n) {
		o->buf[o->n] = '"';
		memcpy(o->buf + o->n + 1, s, n);
		o->buf[o->n + n + 1] = '"';
		o->n += n + 2;
		return;
	}
	p = (const unsigned char *)s;
	out_str(o, "\"");
	for (;;) {
		run = p;
		while (plain[*p])
			p++;
		if (p > run)
			out_put(o, (const char *)run, (size_t)(p - run));
		if (*p == '\0')
			break;
		if (*p < 0x80) {
			cp = *p++;
		} else {
			const char *q = (const char *)p;

			cp = ha_utf8_next(&q);
			p = (const unsigned char *)q;
		}
		switch (cp) {
		case '"':	out_str(o, "\\\""); continue;
		case '\\':	out_str(o, "\\\\"); continue;
		case '\b':	out_str(o, "\\b"); continue;
		case '\f':	out_str(o, "\\f"); continue;
		case '\n':	out_str(o, "\\n"); continue;
		case '\r':	out_str(o, "\\r"); continue;
		case '\t':	out_str(o, "\\t"); continue;
		default:	break;
		}
		if (cp >= 0x10000) {
			uint32_t v = cp - 0x10000;
			uint32_t hi = 0xD800 | (v >> 10 & 0x3FF);
			uint32_t lo = 0xDC00 | (v & 0x3FF);
			int i;

			for (i = 0; i < 2; i++) {
				uint32_t u = i == 0 ? hi : lo;

				seq[i * 6] = '\\';
				seq[i * 6 + 1] = 'u';
				seq[i * 6 + 2] = hex[u >> 12 & 0xF];
				seq[i * 6 + 3] = hex[u >> 8 & 0xF];
				seq[i * 6 + 4] = hex[u >> 4 & 0xF];
				seq[i * 6 + 5] = hex[u & 0xF];
			}
			out_put(o, seq, 12);
			continue;
		}
		seq[0] = '\\';
		seq[1] = 'u';
		seq[2] = hex[cp >> 12 & 0xF];
		seq[3] = hex[cp >> 8 & 0xF];
		seq[4] = hex[cp >> 4 & 0xF];
		seq[5] = hex[cp & 0xF];
		out_put(o, seq, 6);
	}
	out_str(o, "\"");
}

/* Where a value goes, and how deep it is nested (spaces after a LF). */
struct sink {
	struct out	*o;
	int		 indent;
};

/*
 * json_dump_callback's output, each line after the first indented: a
 * value dumped on its own starts at depth 0.  A LF is always jansson's
 * own (strings have theirs escaped).
 */
static int
put_indented(const char *buf, size_t size, void *data)
{
	const struct sink *s = data;
	const char *nl;
	size_t n;

	while (size > 0) {
		nl = memchr(buf, '\n', size);
		n = nl != NULL ? (size_t)(nl - buf) + 1 : size;
		out_put(s->o, buf, n);
		if (nl != NULL)
			out_spaces(s->o, s->indent);
		buf += n;
		size -= n;
	}
	return s->o->err ? -1 : 0;
}

static int
dump_at(const json_t *v, struct out *o, int indent)
{
	struct sink s = { o, indent };

	return json_dump_callback(v, put_indented, &s, FLAGS);
}

/* A member of a target object (at depth 5: 10 spaces), after the first. */
static void
member(struct out *o, const char *key, const char *val)
{
	out_str(o, ",\n          \"");
	out_str(o, key);
	out_str(o, "\": ");
	put_string(o, val);
}

/*
 * The members a target has from its inspect object (state and meta) are
 * the same in every check: written once per object and kept, as text.
 */
struct frag_slot {
	const json_t	*obj;		/* NULL: empty */
	const char	*state;
	char		*text;
	size_t		 len;
};

struct frags {
	struct frag_slot	*slot;
	size_t			 size, n;
};

/* The state and meta members of t, written to o. */
static void
put_meta(struct out *o, const struct ha_target *t)
{
	struct ha_target_meta m;

	if (t->state != NULL)
		member(o, "state", t->state);
	ha_target_meta(t, &m);
	if (m.id != NULL)
		member(o, "id", m.id);
	if (m.image != NULL)
		member(o, "image", m.image);
	if (m.image_id != NULL)
		member(o, "image_id", m.image_id);
	if (m.compose_project != NULL)
		member(o, "compose_project", m.compose_project);
	if (m.compose_service != NULL)
		member(o, "compose_service", m.compose_service);
}

static size_t
frag_hash(const json_t *obj, const char *state)
{
	uint64_t h = (uint64_t)(uintptr_t)obj * 0x9E3779B97F4A7C15ull;

	h ^= (uint64_t)(uintptr_t)state * 0xFF51AFD7ED558CCDull;
	return (size_t)(h ^ h >> 29);
}

/* put_meta() through the cache f (the targets of an object: NULL). */
static void
put_meta_cached(struct out *o, const struct ha_target *t, struct frags *f)
{
	struct frag_slot *sl;
	struct out *tmp;
	size_t i, j;

	if (t->obj == NULL || f == NULL) {
		put_meta(o, t);
		return;
	}
	if (2 * (f->n + 1) > f->size) {
		struct frag_slot *old = f->slot;
		size_t osize = f->size;

		f->size = osize ? osize * 2 : 1024;
		f->slot = ha_xcalloc(f->size, sizeof(*f->slot));
		for (j = 0; j < osize; j++) {
			if (old[j].obj == NULL)
				continue;
			for (i = frag_hash(old[j].obj, old[j].state) &
			    (f->size - 1); f->slot[i].obj != NULL;
			    i = (i + 1) & (f->size - 1))
				;
			f->slot[i] = old[j];
		}
		free(old);
	}
	for (i = frag_hash(t->obj, t->state) & (f->size - 1);
	    f->slot[i].obj != NULL; i = (i + 1) & (f->size - 1)) {
		sl = &f->slot[i];
		if (sl->obj == t->obj && sl->state == t->state) {
			out_put(o, sl->text, sl->len);
			return;
		}
	}
	/* written to a buffer of its own, then kept */
	tmp = ha_xmalloc(sizeof(*tmp));
	tmp->fp = NULL;
	tmp->n = 0;
	tmp->err = 0;
	put_meta(tmp, t);
	if (tmp->err) {		/* longer than a buffer: not kept */
		free(tmp);
		put_meta(o, t);
		return;
	}
	sl = &f->slot[i];
	sl->obj = t->obj;
	sl->state = t->state;
	sl->len = tmp->n;
	sl->text = ha_xmalloc(tmp->n + 1);
	memcpy(sl->text, tmp->buf, tmp->n);
	f->n++;
	free(tmp);
	out_put(o, sl->text, sl->len);
}

static void
frags_release(struct frags *f)
{
	size_t i;

	for (i = 0; i < f->size; i++)
		free(f->slot[i].text);
	free(f->slot);
	memset(f, 0, sizeof(*f));
}

/*
 * One target, at depth 4, as ha_report_result_json() makes it: kind,
 * name, status, detail, then state, the meta (ha_target_meta), engine,
 * change and waiver when there are.
 */
static int
put_target(struct out *o, const struct ha_target *t, struct frags *f)
{
	json_t *w;
	int rc;

	out_str(o, "{\n          \"kind\": ");
	put_string(o, t->kind);
	member(o, "name", t->name);
	member(o, "status", ha_status_name(t->status));
	member(o, "detail", t->detail != NULL ? t->detail : "");
	put_meta_cached(o, t, f);
	if (t->engine != NULL)
		member(o, "engine", t->engine);
	if (t->change != HA_CHANGE_NONE)
		member(o, "change", ha_change_name(t->change));
	if (t->waiver != NULL) {
		out_str(o, ",\n          \"waiver\": ");
		w = ha_waiver_json(t->waiver, t->status != HA_WAIVED);
		rc = dump_at(w, o, 10);
		json_decref(w);
		if (rc < 0)
			return -1;
	}
	out_str(o, "\n        }");
	return o->err ? -1 : 0;
}

/* Collects a dump in memory (a result's head, to be continued). */
static int
to_buf(const char *buf, size_t size, void *data)
{
	return ha_buf_add(data, buf, size);
}

/*
 * One result at depth 2: its own members as jansson writes them, the
 * closing brace taken off, then its targets.
 */
static int
put_result(struct out *o, const struct ha_result *r, struct ha_buf *b,
    struct frags *f)
{
	json_t *head = ha_report_result_head_json(r);
	struct sink s = { o, 4 };
	size_t i, end;
	int rc;

	if (r->ntargets == 0) {
		rc = dump_at(head, o, 4);
		json_decref(head);
		return rc;
	}
	ha_buf_reset(b);
	rc = json_dump_callback(head, to_buf, b, FLAGS);
	json_decref(head);
	if (rc < 0)
		return -1;
	/* "{ ... \n}": all but the last LF and brace */
	end = b->len;
	while (end > 0 && b->data[end - 1] != '}')
		end--;
	if (end < 2 || b->data[end - 2] != '\n')
		return -1;
	if (put_indented(b->data, end - 2, &s) < 0)
		return -1;
	out_str(o, ",\n      \"targets\": [");
	for (i = 0; i < r->ntargets; i++) {
		out_str(o, i > 0 ? ",\n        " : "\n        ");
		if (put_target(o, &r->targets[i], f) < 0)
			return -1;
	}
	out_str(o, "\n      ]\n    }");
	return o->err ? -1 : 0;
}

/* "results": [ each result ] at depth 1. */
static int
put_results(const struct ha_report *rep, struct out *o)
{
	struct frags f = { NULL, 0, 0 };
	struct ha_buf b;
	size_t i;
	int rc = 0;

	if (rep->nresults == 0) {
		out_str(o, "[]");
		return o->err ? -1 : 0;
	}
	ha_buf_init(&b, HA_BUF_NOCAP);
	out_str(o, "[");
	for (i = 0; i < rep->nresults && rc == 0; i++) {
		out_str(o, i > 0 ? ",\n    " : "\n    ");
		rc = put_result(o, &rep->results[i], &b, &f);
	}
	frags_release(&f);
	ha_buf_release(&b);
	out_str(o, "\n  ]");
	return rc < 0 || o->err ? -1 : 0;
}

static int
write_json(const struct ha_report *rep, FILE *fp,
    const struct ha_write_opts *opts)
{
	json_t *head = ha_report_json_head(rep), *v;
	struct out *o = ha_xmalloc(sizeof(*o));
	const char *key;
	int rc = 0, first = 1;

	(void)opts;
	o->fp = fp;
	o->n = 0;
	o->err = 0;
	out_str(o, "{");
	json_object_foreach(head, key, v) {
		out_str(o, first ? "\n  " : ",\n  ");
		first = 0;
		put_string(o, key);
		out_str(o, ": ");
		if (strcmp(key, "results") == 0)
			rc = put_results(rep, o);
		else
			rc = dump_at(v, o, 2);
		if (rc < 0)
			break;
	}
	json_decref(head);
	if (rc == 0)
		out_str(o, first ? "}\n" : "\n}\n");
	out_flush(o);
	rc = rc < 0 || o->err || ferror(fp) ? -1 : 0;
	free(o);
	return rc;
}

const struct ha_writer ha_writer_json = {
	.name = "json",
	.description = "the canonical, versioned JSON report",
	.write = write_json,
};

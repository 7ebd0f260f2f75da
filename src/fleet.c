/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fleet.c - fold the JSON reports of many hosts into one fleet summary
 * (--merge), one report at a time: each is read, checked, reduced to
 * what the fleet report shows and freed before the next is read.  A
 * report is read by a reader of its text that keeps only that (the fast
 * reader, below); jansson parses it only when that reader gives up, to
 * say what is wrong with it and where.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "ha_buf.h"
#include "ha_check.h"
#include "ha_fleet.h"
#include "ha_jsonpos.h"
#include "ha_report.h"
#include "ha_util.h"
#include "banned.h"

struct ha_fleet *
ha_fleet_new(int64_t generated_at)
{
	struct ha_fleet *f = ha_xcalloc(1, sizeof(*f));

	f->generated_at = generated_at;
	return f;
}

static void
host_release(struct ha_fleet_host *h)
{
	free(h->hostname);
	free(h->engine_id);
	free(h->engine_kind);
	free(h->engine_version);
	free(h->engine_endpoint);
	free(h->os);
	free(h->kernel);
	free(h->profile);
	free(h->started_at);
	free(h->source);
	free(h->sections);
	free(h->results);
	memset(h, 0, sizeof(*h));
}

/*
 * The hosts kept live in an arena of large blocks: a report's own
 * allocations, all freed before the next, then find the same free memory
 * each time instead of holes between the hosts kept, so the heap does not
 * fragment (and malloc slow down) as the fleet grows.
 */
#define ARENA_BLOCK	(1024 * 1024)

static void *
arena_alloc(struct ha_fleet *f, size_t n)
{
	size_t bs;
	void *p;

	n = (n + 15) & ~(size_t)15;
	if (n > f->aleft) {
		bs = n > ARENA_BLOCK ? n : ARENA_BLOCK;
		f->blocks = ha_xreallocarray(f->blocks, f->nblocks + 1,
		    sizeof(*f->blocks));
		f->blocks[f->nblocks++] = f->acur = ha_xmalloc(bs);
		f->aleft = bs;
	}
	p = f->acur;
	f->acur += n;
	f->aleft -= n;
	return p;
}

static void *
arena_dup(struct ha_fleet *f, const void *src, size_t n)
{
	void *p;

	if (src == NULL)
		return NULL;
	p = arena_alloc(f, n > 0 ? n : 1);
	memcpy(p, src, n);
	return p;
}

static char *
arena_str(struct ha_fleet *f, const char *s)
{
	return s != NULL ? arena_dup(f, s, strlen(s) + 1) : NULL;
}

/* src, built on the heap, into dst in the arena; src is released. */
static void
host_keep(struct ha_fleet *f, struct ha_fleet_host *dst,
    struct ha_fleet_host *src)
{
	*dst = *src;
	dst->hostname = arena_str(f, src->hostname);
	dst->engine_id = arena_str(f, src->engine_id);
	dst->engine_kind = arena_str(f, src->engine_kind);
	dst->engine_version = arena_str(f, src->engine_version);
	dst->engine_endpoint = arena_str(f, src->engine_endpoint);
	dst->os = arena_str(f, src->os);
	dst->kernel = arena_str(f, src->kernel);
	dst->profile = arena_str(f, src->profile);
	dst->started_at = arena_str(f, src->started_at);
	dst->source = arena_str(f, src->source);
	dst->sections = arena_dup(f, src->sections, src->nsections *
	    sizeof(*src->sections));
	dst->results = arena_dup(f, src->results, src->nresults *
	    sizeof(*src->results));
	host_release(src);
}

void
ha_fleet_free(struct ha_fleet *f)
{
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < f->nblocks; i++)	/* the hosts' */
		free(f->blocks[i]);
	free(f->blocks);
	free(f->hosts);
	for (i = 0; i < f->nchecks; i++) {
		free(f->checks[i].id);
		free(f->checks[i].ref);
		free(f->checks[i].section);
		free(f->checks[i].title);
		free(f->checks[i].severity);
	}
	free(f->checks);
	for (i = 0; i < f->nsections; i++) {
		free(f->sections[i].id);
		free(f->sections[i].title);
	}
	free(f->sections);
	for (i = 0; i < f->nbad; i++)
		free(f->bad[i]);
	free(f->bad);
	free(f->order);
	free(f->corder);
	free(f->hix);
	free(f->cix);
	free(f);
}

/* ------------------------------------------------------ lookup tables */

/* FNV-1a over two strings, the NUL between them included. */
static uint32_t
hash2(const char *a, const char *b)
{
	uint32_t h = 2166136261u;

	for (; *a != '\0'; a++)
		h = (h ^ (unsigned char)*a) * 16777619u;
	h *= 16777619u;
	for (; *b != '\0'; b++)
		h = (h ^ (unsigned char)*b) * 16777619u;
	return h;
}

/*
 * Open addressing over indexes + 1: the slot where key (a, b) is, or
 * the empty slot where it goes.  same(i) compares entry i with the key.
 */
struct key2 {
	const char	*a;
	const char	*b;
};

static size_t
slot(const uint32_t *ix, size_t sz, const struct key2 *k,
    int (*same)(const struct ha_fleet *, uint32_t, const struct key2 *),
    const struct ha_fleet *f)
{
	size_t s = hash2(k->a, k->b) & (sz - 1);

	while (ix[s] != 0 && !same(f, ix[s] - 1, k))
		s = (s + 1) & (sz - 1);
	return s;
}

static int
same_host(const struct ha_fleet *f, uint32_t i, const struct key2 *k)
{
	return strcmp(f->hosts[i].hostname, k->a) == 0 &&
	    strcmp(f->hosts[i].engine_id, k->b) == 0;
}

static int
same_check(const struct ha_fleet *f, uint32_t i, const struct key2 *k)
{
	return strcmp(f->checks[i].id, k->a) == 0 &&
	    strcmp(f->checks[i].ref, k->b) == 0;
}

/* Grow a table to hold n entries at most half full, and rehash. */
static void
grow(struct ha_fleet *f, uint32_t **ix, size_t *sz, size_t n, int hosts)
{
	struct key2 k;
	size_t i, have = hosts ? f->nhosts : f->nchecks;
	size_t nsz = *sz ? *sz : 64;

	if (n * 2 < *sz)
		return;
	while (n * 2 >= nsz)
		nsz *= 2;
	free(*ix);
	*ix = ha_xcalloc(nsz, sizeof(**ix));
	*sz = nsz;
	for (i = 0; i < have; i++) {
		k.a = hosts ? f->hosts[i].hostname : f->checks[i].id;
		k.b = hosts ? f->hosts[i].engine_id : f->checks[i].ref;
		(*ix)[slot(*ix, nsz, &k, hosts ? same_host : same_check,
		    f)] = (uint32_t)i + 1;
	}
}

/* ------------------------------------------------------ reading */

static const char *
str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static char *
dup_or_null(const char *s)
{
	return s != NULL ? ha_xstrdup(s) : NULL;
}

/*
 * A report that is not one hostaudit can merge, at the value at fault
 * (ptr); the position index is built on this path only.
 */
static int bad_report(const char *text, size_t len, const char *path,
    const char *ptr, const char *fmt, ...) HA_PRINTF(5, 6);

static int
bad_report(const char *text, size_t len, const char *path, const char *ptr,
    const char *fmt, ...)
{
	struct ha_jsonpos *ix = ha_jsonpos_new(text, len, path, NULL);
	va_list ap;
	char *why;

	va_start(ap, fmt);
	why = ha_xvasprintf(fmt, ap);
	va_end(ap);

	ha_jsonpos_error(ix, 0, ptr, "%s", why);
	free(why);
	ha_jsonpos_free(ix);
	return -1;
}

/* "2026-01-15T08:40:00Z" as epoch seconds; -1 when it is not one. */
static int64_t
parse_time(const char *s)
{
	struct tm tm;
	int y, mo, d, h, mi, se, n = 0;

	if (s == NULL || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2dZ%n", &y, &mo, &d,
	    &h, &mi, &se, &n) != 6 || s[n] != '\0' || mo < 1 || mo > 12 ||
	    d < 1 || d > 31 || h > 23 || mi > 59 || se > 60 || y < 1970)
		return -1;
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = se;
	return (int64_t)timegm(&tm);
}

/* A percentage member: 1 and *v for a number, 0 for null or absent. */
static int
percent(const json_t *o, const char *key, double *v)
{
	const json_t *p = json_object_get(o, key);

	*v = json_is_number(p) ? json_number_value(p) : 0.0;
	if (!isfinite(*v))
		*v = 0.0;
	return json_is_number(p);
}

static uint32_t
find_section(struct ha_fleet *f, const char *id, const char *title)
{
	size_t i;

	for (i = 0; i < f->nsections; i++)
		if (strcmp(f->sections[i].id, id) == 0)
			return (uint32_t)i;
	f->sections = ha_xreallocarray(f->sections, f->nsections + 1,
	    sizeof(*f->sections));
	f->sections[i].id = ha_xstrdup(id);
	f->sections[i].title = ha_xstrdup(title != NULL ? title : id);
	f->nsections++;
	return (uint32_t)i;
}

/* The check id, ref; the rest (each NULL when absent) is for a new one. */
static uint32_t
find_check(struct ha_fleet *f, const char *id, const char *ref,
    const char *section, const char *title, const char *sev)
{
	struct ha_fleet_check *c;
	struct key2 k = { id, ref };
	size_t s;

	grow(f, &f->cix, &f->cixsz, f->nchecks + 1, 0);
	s = slot(f->cix, f->cixsz, &k, same_check, f);
	if (f->cix[s] != 0)
		return f->cix[s] - 1;
	f->checks = ha_xreallocarray(f->checks, f->nchecks + 1,
	    sizeof(*f->checks));
	c = &f->checks[f->nchecks];
	memset(c, 0, sizeof(*c));
	c->id = ha_xstrdup(id);
	c->ref = ha_xstrdup(ref);
	c->section = ha_xstrdup(section != NULL ? section : "");
	c->title = ha_xstrdup(title != NULL ? title : id);
	c->sev = sev != NULL ? ha_severity_parse(sev) : -1;
	c->severity = ha_xstrdup(c->sev >= 0 ? sev : "");
	f->cix[s] = (uint32_t)++f->nchecks;
	return (uint32_t)(f->nchecks - 1);
}

/* The results of a report into h; -1 (reported) when one is no result. */
static int
read_results(struct ha_fleet *f, struct ha_fleet_host *h, const json_t *rs,
    const char *text, size_t len, const char *path)
{
	const json_t *r, *t;
	const char *id, *ref;
	char ptr[64];
	size_t i, j;
	int st;

	h->results = ha_xcalloc(json_array_size(rs) + 1,
	    sizeof(*h->results));
	json_array_foreach(rs, i, r) {
		id = str(r, "id");
		ref = str(r, "ref");
		st = ha_status_parse(str(r, "status") ? str(r, "status") : "");
		snprintf(ptr, sizeof(ptr), "/results/%zu", i);
		if (id == NULL || st < 0)
			return bad_report(text, len, path, ptr, "not a "
			    "hostaudit JSON report: result %s has no id or "
			    "no known status", ptr + 9);
		h->results[h->nresults].check = find_check(f, id,
		    ref != NULL ? ref : "", str(r, "section"), str(r, "title"),
		    str(r, "severity"));
		h->results[h->nresults].status = (uint8_t)st;
		json_array_foreach(json_object_get(r, "targets"), j, t)
			if (str(t, "status") != NULL &&
			    strcmp(str(t, "status"), "fail") == 0)
				h->results[h->nresults].failing++;
		h->nresults++;
	}
	return 0;
}

static void
read_score(struct ha_fleet *f, struct ha_fleet_host *h, const json_t *sc)
{
	const json_t *s, *counts = json_object_get(sc, "counts");
	const json_t *n;
	size_t i;
	int st;

	h->has_score = percent(sc, "percent", &h->score);
	percent(json_object_get(sc, "coverage"), "percent", &h->coverage);
	for (st = 0; st < HA_STATUS_COUNT && st < 8; st++) {
		n = json_object_get(counts, ha_status_name((enum ha_status)st));
		if (json_is_integer(n) && json_integer_value(n) >= 0 &&
		    json_integer_value(n) < 1000000)
			h->counts[st] = (int)json_integer_value(n);
	}
	s = json_object_get(sc, "sections");
	h->sections = ha_xcalloc(json_array_size(s) + 1,
	    sizeof(*h->sections));
	json_array_foreach(s, i, n) {
		if (str(n, "id") == NULL)
			continue;
		h->sections[h->nsections].section = find_section(f,
		    str(n, "id"), str(n, "title"));
		h->sections[h->nsections].has = percent(n, "percent",
		    &h->sections[h->nsections].percent);
		h->nsections++;
	}
}

/* The report doc into h, or -1 (reported) when it cannot be merged. */
static int
read_host(struct ha_fleet *f, struct ha_fleet_host *h, const json_t *doc,
    const char *text, size_t len, const char *path)
{
	const json_t *host = json_object_get(doc, "host");
	const json_t *eng = json_object_get(doc, "engine");
	const char *schema = str(doc, "schema");

	if (!json_is_object(doc))
		return bad_report(text, len, path, "", "not a hostaudit JSON "
		    "report: %s", "not an object");
	if (schema == NULL)
		return bad_report(text, len, path, "/schema", "not a hostaudit "
		    "JSON report: %s", "no 'schema'");
	if (strcmp(schema, HA_REPORT_SCHEMA) != 0)
		return bad_report(text, len, path, "/schema", "report schema "
		    "'%s' cannot be merged: only '" HA_REPORT_SCHEMA "' (audit "
		    "that host again with this version)", schema);
	if (str(host, "hostname") == NULL)
		return bad_report(text, len, path, "/host", "not a hostaudit "
		    "JSON report: %s", "no 'host' object with a 'hostname'");
	if (!json_is_array(json_object_get(doc, "results")))
		return bad_report(text, len, path, "/results", "not a "
		    "hostaudit JSON report: %s", "'results' is not an array");
	if (!json_is_object(json_object_get(doc, "score")))
		return bad_report(text, len, path, "/score", "not a hostaudit "
		    "JSON report: %s", "'score' is not an object");
	if ((h->started = parse_time(str(doc, "started_at"))) < 0)
		return bad_report(text, len, path, "/started_at", "not a "
		    "hostaudit JSON report: %s", "'started_at' is not a UTC "
		    "time (YYYY-MM-DDTHH:MM:SSZ)");
	h->hostname = ha_utf8_lossy(str(host, "hostname"));
	h->engine_id = ha_xstrdup(str(eng, "id") ? str(eng, "id") : "");
	h->engine_kind = dup_or_null(str(eng, "kind"));
	h->engine_version = dup_or_null(str(eng, "version"));
	h->engine_endpoint = dup_or_null(str(eng, "endpoint"));
	h->os = dup_or_null(str(host, "os"));
	h->kernel = dup_or_null(str(host, "kernel"));
	h->profile = dup_or_null(str(json_object_get(doc, "profile"), "name"));
	h->started_at = ha_xstrdup(str(doc, "started_at"));
	h->source = ha_xstrdup(path);
	read_score(f, h, json_object_get(doc, "score"));
	return read_results(f, h, json_object_get(doc, "results"), text, len,
	    path);
}

/* h (moved) into the fleet, or over an older report of the same host. */
static void
fold(struct ha_fleet *f, struct ha_fleet_host *h)
{
	struct key2 k = { h->hostname, h->engine_id };
	struct ha_fleet_host *old;
	size_t s;

	grow(f, &f->hix, &f->hixsz, f->nhosts + 1, 1);
	s = slot(f->hix, f->hixsz, &k, same_host, f);
	f->nread++;
	if (f->hix[s] != 0) {
		old = &f->hosts[f->hix[s] - 1];
		f->ndup++;
		ha_warn("'%s' and '%s' report the same host ('%s', engine "
		    "id '%s'): keeping the newer, from %s", old->source,
		    h->source, h->hostname, h->engine_id, h->started >
		    old->started ? h->source : old->source);
		if (h->started > old->started)	/* the older's arena
						   space is not reused */
			host_keep(f, old, h);
		else
			host_release(h);
		return;
	}
	if (f->nhosts == f->ahosts) {	/* doubling: no copy per host */
		f->ahosts = f->ahosts ? f->ahosts * 2 : 64;
		f->hosts = ha_xreallocarray(f->hosts, f->ahosts,
		    sizeof(*f->hosts));
	}
	host_keep(f, &f->hosts[f->nhosts], h);
	f->hix[s] = (uint32_t)++f->nhosts;
}

/* ------------------------------------------------------ the fast reader */

/*
 * Parsing a whole report with jansson builds a tree of every message,
 * detail and remediation of every result, to read a few dozen strings of
 * it: that was nine tenths of the time of a merge.  The reader below
 * walks the text once instead, validating all of it as strictly as
 * jansson would (UTF-8, escapes and surrogates, no \u0000, numbers that
 * fit, nothing after the value) and keeping only what read_host() reads,
 * in a view of a few small arrays.  It allocates nothing for what it
 * skips.
 *
 * It never decides alone that a report is bad: on any error, or any text
 * it is not sure of (nesting deeper than FAST_MAX_DEPTH), or a report
 * that read_host() would refuse, it gives up and the report takes the
 * jansson path, which then finds the error and reports it at its line
 * and column.  Keys given twice mean what they mean to jansson: the last
 * one wins.  The tests and fuzz/merge.c compare both paths.
 */
#define FAST_MAX_DEPTH	128
#define NOSTR		((size_t)-1)	/* a string member absent, or not
					   a string */

enum { FNUM_NONE, FNUM_INT, FNUM_REAL };

struct fnum {			/* a number member */
	int		type;	/* FNUM_NONE: absent, or not a number */
	json_int_t	i;
	double		d;
};

struct fsec {
	size_t		id, title;
	struct fnum	percent;
};

struct fres {
	size_t		id, ref, status, section, title, severity;
	uint32_t	failing;
	int		object;		/* 0: the result is not an object */
};

struct fast {
	const unsigned char	*p, *end;
	int			 depth;
	char			*s;		/* the strings kept, each
						   NUL-terminated; members
						   are offsets in it */
	size_t			 slen, salloc;
	/* what read_host() reads */
	size_t			 schema, started_at, hostname, os, kernel;
	size_t			 eng_id, eng_kind, eng_version, eng_endpoint;
	size_t			 profile;
	int			 host_object, score_object, results_array;
	struct fnum		 percent, coverage;
	struct fnum		 counts[8];
	struct fsec		*secs;
	size_t			 nsecs, asecs, secs_size;
	struct fres		*res;
	size_t			 nres, ares;
};

static size_t	fast_reads;	/* see ha_fleet_fast_reads() */

size_t
ha_fleet_fast_reads(void)
{
	return fast_reads;
}

/* Whether r->p is at c (the start of a value or a token). */
static int
at(const struct fast *r, unsigned char c)
{
	return r->p < r->end && *r->p == c;
}

#define ONES	0x0101010101010101ULL
#define HIGHS	0x8080808080808080ULL

/* The index, in memory order, of the first byte of x that is not 0. */
static unsigned int
first_byte(uint64_t x)
{
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return (unsigned int)__builtin_ctzll(x) >> 3;
#else
	unsigned char b[8];
	unsigned int i;

	memcpy(b, &x, 8);
	for (i = 0; b[i] == 0; i++)
		;
	return i;
#endif
}

static int
is_ws(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

/*
 * Whitespace; the indentation of a pretty-printed report 8 bytes at a
 * time.
 */
static void
ws(struct fast *r)
{
	const unsigned char *p = r->p, *end = r->end;
	uint64_t v;

	while (p < end && is_ws(*p)) {
		p++;
		while (end - p >= 8) {
			memcpy(&v, p, 8);
			if ((v ^= ONES * ' ') != 0) {
				p += first_byte(v);
				break;
			}
			p += 8;
		}
	}
	r->p = p;
}

static int
hex4(const unsigned char *p)
{
	int i, v = 0;

	for (i = 0; i < 4; i++) {
		v <<= 4;
		if (p[i] >= '0' && p[i] <= '9')
			v |= p[i] - '0';
		else if ((p[i] | 0x20) >= 'a' && (p[i] | 0x20) <= 'f')
			v |= (p[i] | 0x20) - 'a' + 10;
		else
			return -1;
	}
	return v;
}

/*
 * Bytes that end a run of plain string text: '"', '\\', the control
 * characters, and any byte of a multi-byte UTF-8 sequence.
 */
static const unsigned char stop[256] = {
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

/*
 * The length of the well-formed UTF-8 sequence at p (before end), 0 when
 * there is none: no overlong forms, no surrogates, nothing past U+10FFFF,
 * as jansson checks them.
 */
static size_t
utf8_len(const unsigned char *p, const unsigned char *end)
{
	unsigned char c = p[0], lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if ((size_t)(end - p) < n || p[1] < lo || p[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (p[i] < 0x80 || p[i] > 0xbf)
			return 0;
	return n;
}

/*
 * The string at r->p (its opening quote): validated, and its text
 * (between the quotes) at *start, *len bytes, *esc set when it has an
 * escape.  -1 when it is not a valid string.
 */
static int
string_span(struct fast *r, const unsigned char **start, size_t *len,
    int *esc)
{
	const unsigned char *p = r->p + 1, *end = r->end;
	uint64_t v8, q, b, m;
	size_t n;
	int v, w;

	*esc = 0;
	*start = p;
	for (;;) {
		/* 8 bytes at a time: none < 0x20, '"', '\\' or >= 0x80 */
		while (end - p >= 8) {
			memcpy(&v8, p, 8);
			q = v8 ^ (ONES * '"');
			b = v8 ^ (ONES * '\\');
			/*
			 * Bit 7 of each byte that stops; a borrow may flag a
			 * byte after a true one, never before: the first
			 * flag is true.
			 */
			if ((m = (((v8 - ONES * 0x20) & ~v8) | ((q - ONES) &
			    ~q) | ((b - ONES) & ~b) | v8) & HIGHS) != 0) {
				p += first_byte(m);
				break;
			}
			p += 8;
		}
		while (p < end && !stop[*p])
			p++;
		if (p >= end)
			return -1;
		if (*p == '"')
			break;
		if (*p >= 0x80) {
			if ((n = utf8_len(p, end)) == 0)
				return -1;
			p += n;
			continue;
		}
		if (*p != '\\')		/* a control character */
			return -1;
		*esc = 1;
		if (end - p < 2)
			return -1;
		switch (p[1]) {
		case '"': case '\\': case '/': case 'b': case 'f': case 'n':
		case 'r': case 't':
			p += 2;
			continue;
		case 'u':
			break;
		default:
			return -1;
		}
		if (end - p < 6 || (v = hex4(p + 2)) < 0 || v == 0 ||
		    (v >= 0xdc00 && v <= 0xdfff))
			return -1;
		p += 6;
		if (v >= 0xd800 && v <= 0xdbff) {	/* a pair, or wrong */
			if (end - p < 6 || p[0] != '\\' || p[1] != 'u' ||
			    (w = hex4(p + 2)) < 0xdc00 || w > 0xdfff)
				return -1;
			p += 6;
		}
	}
	*len = (size_t)(p - *start);
	r->p = p + 1;
	return 0;
}

static size_t
put_utf8(unsigned char *t, unsigned int v)
{
	if (v < 0x80) {
		t[0] = (unsigned char)v;
		return 1;
	}
	if (v < 0x800) {
		t[0] = (unsigned char)(0xc0 | v >> 6);
		t[1] = (unsigned char)(0x80 | (v & 0x3f));
		return 2;
	}
	if (v < 0x10000) {
		t[0] = (unsigned char)(0xe0 | v >> 12);
		t[1] = (unsigned char)(0x80 | (v >> 6 & 0x3f));
		t[2] = (unsigned char)(0x80 | (v & 0x3f));
		return 3;
	}
	t[0] = (unsigned char)(0xf0 | v >> 18);
	t[1] = (unsigned char)(0x80 | (v >> 12 & 0x3f));
	t[2] = (unsigned char)(0x80 | (v >> 6 & 0x3f));
	t[3] = (unsigned char)(0x80 | (v & 0x3f));
	return 4;
}

/*
 * The text of a valid string (string_span()) decoded into t, which has
 * room for len + 1 bytes (the text never grows); returns its length.
 */
static size_t
unescape(unsigned char *t, const unsigned char *s, size_t len)
{
	const unsigned char *end = s + len;
	unsigned char *t0 = t;
	unsigned int v;

	while (s < end) {
		if (*s != '\\') {
			*t++ = *s++;
			continue;
		}
		switch (s[1]) {
		case 'b': *t++ = '\b'; break;
		case 'f': *t++ = '\f'; break;
		case 'n': *t++ = '\n'; break;
		case 'r': *t++ = '\r'; break;
		case 't': *t++ = '\t'; break;
		case 'u':
			v = (unsigned int)hex4(s + 2);
			if (v >= 0xd800 && v <= 0xdbff) {
				v = ((v - 0xd800) << 10) +
				    ((unsigned int)hex4(s + 8) - 0xdc00) +
				    0x10000;
				s += 6;
			}
			t += put_utf8(t, v);
			s += 6;
			continue;
		default: *t++ = s[1]; break;	/* " \ / */
		}
		s += 2;
	}
	*t = '\0';
	return (size_t)(t - t0);
}

/* The string at r->p kept in r->s: its offset, or -1 (as NOSTR). */
static size_t
keep_string(struct fast *r)
{
	const unsigned char *s;
	size_t len, off;
	int esc;

	if (string_span(r, &s, &len, &esc) < 0)
		return NOSTR;
	if (r->salloc - r->slen < len + 1) {
		r->salloc = r->salloc * 2 > r->slen + len + 1 ?
		    r->salloc * 2 : r->slen + len + 1 + 4096;
		r->s = ha_xreallocarray(r->s, r->salloc, 1);
	}
	off = r->slen;
	if (esc)
		len = unescape((unsigned char *)r->s + off, s, len);
	else {
		memcpy(r->s + off, s, len);
		r->s[off + len] = '\0';
	}
	r->slen += len + 1;
	return off;
}

/*
 * A key, or a short string value compared as one: decoded into buf
 * (FAST_KEY bytes) when it fits, else "" (no key the reader looks for
 * is that long; a key of escapes grows at most sixfold).
 */
#define FAST_KEY	128

static int
short_string(struct fast *r, char *buf)
{
	const unsigned char *s;
	size_t len;
	int esc;

	if (r->p >= r->end || *r->p != '"' ||
	    string_span(r, &s, &len, &esc) < 0)
		return -1;
	if (len >= FAST_KEY)
		buf[0] = '\0';
	else if (esc)
		unescape((unsigned char *)buf, s, len);
	else {
		memcpy(buf, s, len);
		buf[len] = '\0';
	}
	return 0;
}

/*
 * A number at r->p: its text at *start (*len bytes), *real set when it
 * has a fraction or an exponent; -1 when it is not one jansson reads
 * (bad form, or out of the range of json_int_t or double).
 */
static int
number_span(struct fast *r, const unsigned char **start, size_t *len,
    int *real)
{
	const unsigned char *p = r->p, *end = r->end, *digits;
	json_t *j;

	*start = p;
	*real = 0;
	if (p < end && *p == '-')
		p++;
	digits = p;
	if (p < end && *p == '0')
		p++;
	else if (p < end && *p >= '1' && *p <= '9')
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	else
		return -1;
	if (p < end && *p >= '0' && *p <= '9')	/* 0 then a digit */
		return -1;
	if (p < end && *p == '.') {
		*real = 1;
		if (++p >= end || *p < '0' || *p > '9')
			return -1;
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		*real = 2;
		if (++p < end && (*p == '+' || *p == '-'))
			p++;
		if (p >= end || *p < '0' || *p > '9')
			return -1;
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	*len = (size_t)(p - *start);
	r->p = p;
	/*
	 * An integer of up to 18 digits fits in json_int_t, and a real
	 * without exponent and of up to 300 digits in a double; whether any
	 * other does, jansson says.
	 */
	if ((*real == 0 && p - digits > 18) || *real == 2 || *len > 300) {
		if ((j = json_loadb((const char *)*start, *len,
		    JSON_DECODE_ANY, NULL)) == NULL)
			return -1;
		json_decref(j);
	}
	return 0;
}

/* A number member into *n, as jansson reads it (the few kept only). */
static int
keep_number(struct fast *r, struct fnum *n)
{
	const unsigned char *s;
	size_t len;
	json_t *j;
	int real;

	if (number_span(r, &s, &len, &real) < 0 ||
	    (j = json_loadb((const char *)s, len, JSON_DECODE_ANY,
	    NULL)) == NULL)
		return -1;
	n->type = json_is_integer(j) ? FNUM_INT : FNUM_REAL;
	n->i = json_is_integer(j) ? json_integer_value(j) : 0;
	n->d = json_is_real(j) ? json_real_value(j) : 0.0;
	json_decref(j);
	return 0;
}

static int	skip_value(struct fast *r);

/*
 * Into the object or array at r->p, whose end is close: 0 at its first
 * item, 1 when it is empty (and passed over), -1 when it nests too deep.
 */
static int
open_items(struct fast *r, unsigned char close)
{
	if (++r->depth > FAST_MAX_DEPTH)
		return -1;
	r->p++;		/* { or [ */
	ws(r);
	if (r->p < r->end && *r->p == close) {
		r->p++;
		r->depth--;
		return 1;
	}
	return 0;
}

/*
 * After an item of the object or array ending in close: 0 at the next
 * item, 1 past close, -1 when the text is not valid.
 */
static int
next_item(struct fast *r, unsigned char close)
{
	ws(r);
	if (r->p >= r->end)
		return -1;
	if (*r->p == close) {
		r->p++;
		r->depth--;
		return 1;
	}
	if (*r->p++ != ',')
		return -1;
	ws(r);
	return 0;
}

/*
 * The members of the object at r->p: member() reads each value (key
 * decoded in key), or skips it.  -1 when the text is not valid.
 */
static int
object(struct fast *r, int (*member)(struct fast *, const char *, void *),
    void *arg)
{
	char key[FAST_KEY];
	const unsigned char *s;
	size_t len;
	int esc, rc;

	if ((rc = open_items(r, '}')) != 0)
		return rc > 0 ? 0 : -1;
	do {
		if (member != NULL ? short_string(r, key) < 0 :
		    !at(r, '"') || string_span(r, &s, &len, &esc) < 0)
			return -1;
		ws(r);
		if (r->p >= r->end || *r->p != ':')
			return -1;
		r->p++;
		ws(r);
		if ((member != NULL ? member(r, key, arg) : skip_value(r)) < 0)
			return -1;
	} while ((rc = next_item(r, '}')) == 0);
	return rc > 0 ? 0 : -1;
}

/* The elements of the array at r->p, each read by element() (i is its
 * index) or skipped. */
static int
array(struct fast *r, int (*element)(struct fast *, size_t, void *),
    void *arg)
{
	size_t i = 0;
	int rc;

	if ((rc = open_items(r, ']')) != 0)
		return rc > 0 ? 0 : -1;
	do {
		if ((element != NULL ? element(r, i++, arg) :
		    skip_value(r)) < 0)
			return -1;
	} while ((rc = next_item(r, ']')) == 0);
	return rc > 0 ? 0 : -1;
}

static int
literal(struct fast *r, const char *word, size_t n)
{
	if ((size_t)(r->end - r->p) < n || memcmp(r->p, word, n) != 0)
		return -1;
	r->p += n;
	return 0;
}

/* Any value at r->p, validated and passed over. */
static int
skip_value(struct fast *r)
{
	const unsigned char *s;
	size_t len;
	int esc;

	if (r->p >= r->end)
		return -1;
	switch (*r->p) {
	case '"':
		return string_span(r, &s, &len, &esc);
	case '{':
		return object(r, NULL, NULL);
	case '[':
		return array(r, NULL, NULL);
	case 't':
		return literal(r, "true", 4);
	case 'f':
		return literal(r, "false", 5);
	case 'n':
		return literal(r, "null", 4);
	default:
		return number_span(r, &s, &len, &esc);
	}
}

/* A member that read_host() reads as a string: *off, or NOSTR. */
static int
want_string(struct fast *r, size_t *off)
{
	if (r->p < r->end && *r->p == '"')
		return (*off = keep_string(r)) == NOSTR ? -1 : 0;
	*off = NOSTR;
	return skip_value(r);
}

/* A member read as a number (percent(), the counts). */
static int
want_number(struct fast *r, struct fnum *n)
{
	if (r->p < r->end && (*r->p == '-' || (*r->p >= '0' && *r->p <= '9')))
		return keep_number(r, n);
	n->type = FNUM_NONE;
	return skip_value(r);
}

static int
host_member(struct fast *r, const char *key, void *arg)
{
	(void)arg;
	if (strcmp(key, "hostname") == 0)
		return want_string(r, &r->hostname);
	if (strcmp(key, "os") == 0)
		return want_string(r, &r->os);
	if (strcmp(key, "kernel") == 0)
		return want_string(r, &r->kernel);
	return skip_value(r);
}

static int
engine_member(struct fast *r, const char *key, void *arg)
{
	(void)arg;
	if (strcmp(key, "id") == 0)
		return want_string(r, &r->eng_id);
	if (strcmp(key, "kind") == 0)
		return want_string(r, &r->eng_kind);
	if (strcmp(key, "version") == 0)
		return want_string(r, &r->eng_version);
	if (strcmp(key, "endpoint") == 0)
		return want_string(r, &r->eng_endpoint);
	return skip_value(r);
}

static int
profile_member(struct fast *r, const char *key, void *arg)
{
	(void)arg;
	if (strcmp(key, "name") == 0)
		return want_string(r, &r->profile);
	return skip_value(r);
}

static int
coverage_member(struct fast *r, const char *key, void *arg)
{
	(void)arg;
	if (strcmp(key, "percent") == 0)
		return want_number(r, &r->coverage);
	return skip_value(r);
}

static int
counts_member(struct fast *r, const char *key, void *arg)
{
	int st;

	(void)arg;
	for (st = 0; st < HA_STATUS_COUNT && st < 8; st++)
		if (strcmp(key, ha_status_name((enum ha_status)st)) == 0)
			return want_number(r, &r->counts[st]);
	return skip_value(r);
}

static int
section_member(struct fast *r, const char *key, void *arg)
{
	struct fsec *s = arg;

	if (strcmp(key, "id") == 0)
		return want_string(r, &s->id);
	if (strcmp(key, "title") == 0)
		return want_string(r, &s->title);
	if (strcmp(key, "percent") == 0)
		return want_number(r, &s->percent);
	return skip_value(r);
}

static int
section_element(struct fast *r, size_t i, void *arg)
{
	struct fsec *s;

	(void)arg;
	r->secs_size = i + 1;
	if (!at(r, '{'))
		return skip_value(r);	/* no id: read_score() skips it */
	if (r->nsecs == r->asecs) {
		r->asecs = r->asecs ? r->asecs * 2 : 16;
		r->secs = ha_xreallocarray(r->secs, r->asecs,
		    sizeof(*r->secs));
	}
	s = &r->secs[r->nsecs];
	s->id = s->title = NOSTR;
	s->percent.type = FNUM_NONE;
	if (object(r, section_member, s) < 0)
		return -1;
	if (s->id != NOSTR)
		r->nsecs++;
	return 0;
}

static int
score_member(struct fast *r, const char *key, void *arg)
{
	(void)arg;
	if (strcmp(key, "percent") == 0)
		return want_number(r, &r->percent);
	if (strcmp(key, "coverage") == 0) {
		r->coverage.type = FNUM_NONE;
		return at(r, '{') ? object(r, coverage_member, NULL) :
		    skip_value(r);
	}
	if (strcmp(key, "counts") == 0) {
		memset(r->counts, 0, sizeof(r->counts));
		return at(r, '{') ? object(r, counts_member, NULL) :
		    skip_value(r);
	}
	if (strcmp(key, "sections") == 0) {
		r->nsecs = r->secs_size = 0;
		return at(r, '[') ? array(r, section_element, NULL) :
		    skip_value(r);
	}
	return skip_value(r);
}

static int
target_member(struct fast *r, const char *key, void *arg)
{
	char v[FAST_KEY];

	if (strcmp(key, "status") != 0)
		return skip_value(r);
	if (!at(r, '"')) {
		*(int *)arg = 0;
		return skip_value(r);
	}
	if (short_string(r, v) < 0)
		return -1;
	*(int *)arg = strcmp(v, "fail") == 0;
	return 0;
}

static int
target_element(struct fast *r, size_t i, void *arg)
{
	struct fres *res = arg;
	int fail = 0;

	(void)i;
	if (!at(r, '{'))
		return skip_value(r);
	if (object(r, target_member, &fail) < 0)
		return -1;
	res->failing += (uint32_t)fail;
	return 0;
}

static int
result_member(struct fast *r, const char *key, void *arg)
{
	struct fres *res = arg;

	switch (key[0]) {	/* most keys are none of these: one strcmp */
	case 'i':
		if (strcmp(key, "id") == 0)
			return want_string(r, &res->id);
		break;
	case 'r':
		if (strcmp(key, "ref") == 0)
			return want_string(r, &res->ref);
		break;
	case 's':
		if (strcmp(key, "status") == 0)
			return want_string(r, &res->status);
		if (strcmp(key, "section") == 0)
			return want_string(r, &res->section);
		if (strcmp(key, "severity") == 0)
			return want_string(r, &res->severity);
		break;
	case 't':
		if (strcmp(key, "title") == 0)
			return want_string(r, &res->title);
		if (strcmp(key, "targets") == 0) {
			res->failing = 0;
			return at(r, '[') ? array(r, target_element, res) :
			    skip_value(r);
		}
		break;
	}
	return skip_value(r);
}

static int
result_element(struct fast *r, size_t i, void *arg)
{
	struct fres *res;

	(void)i;
	(void)arg;
	if (r->nres == r->ares) {
		r->ares = r->ares ? r->ares * 2 : 128;
		r->res = ha_xreallocarray(r->res, r->ares, sizeof(*r->res));
	}
	res = &r->res[r->nres++];
	res->id = res->ref = res->status = res->section = res->title =
	    res->severity = NOSTR;
	res->failing = 0;
	res->object = at(r, '{');
	return res->object ? object(r, result_member, res) : skip_value(r);
}

static int
report_member(struct fast *r, const char *key, void *arg)
{
	(void)arg;
	if (strcmp(key, "schema") == 0)
		return want_string(r, &r->schema);
	if (strcmp(key, "started_at") == 0)
		return want_string(r, &r->started_at);
	if (strcmp(key, "host") == 0) {
		r->hostname = r->os = r->kernel = NOSTR;
		r->host_object = at(r, '{');
		return r->host_object ? object(r, host_member, NULL) :
		    skip_value(r);
	}
	if (strcmp(key, "engine") == 0) {
		r->eng_id = r->eng_kind = r->eng_version = r->eng_endpoint =
		    NOSTR;
		return at(r, '{') ? object(r, engine_member, NULL) :
		    skip_value(r);
	}
	if (strcmp(key, "profile") == 0) {
		r->profile = NOSTR;
		return at(r, '{') ? object(r, profile_member, NULL) :
		    skip_value(r);
	}
	if (strcmp(key, "score") == 0) {
		r->percent.type = r->coverage.type = FNUM_NONE;
		memset(r->counts, 0, sizeof(r->counts));
		r->nsecs = r->secs_size = 0;
		r->score_object = at(r, '{');
		return r->score_object ? object(r, score_member, NULL) :
		    skip_value(r);
	}
	if (strcmp(key, "results") == 0) {
		r->nres = 0;
		r->results_array = at(r, '[');
		return r->results_array ? array(r, result_element, NULL) :
		    skip_value(r);
	}
	return skip_value(r);
}

/* The view of text, or -1 when it is not valid JSON (or not sure). */
static int
fast_scan(struct fast *r, const char *text, size_t len)
{
	r->p = (const unsigned char *)text;
	r->end = r->p + len;
	r->schema = r->started_at = r->hostname = r->os = r->kernel =
	    r->eng_id = r->eng_kind = r->eng_version = r->eng_endpoint =
	    r->profile = NOSTR;
	r->percent.type = r->coverage.type = FNUM_NONE;
	ws(r);
	if (!at(r, '{') || object(r, report_member, NULL) < 0)
		return -1;
	ws(r);
	return r->p == r->end ? 0 : -1;
}

static const char *
fstr(const struct fast *r, size_t off)
{
	return off != NOSTR ? r->s + off : NULL;
}

/* percent() of a number member. */
static int
fpercent(const struct fnum *n, double *v)
{
	*v = n->type == FNUM_INT ? (double)n->i : n->type == FNUM_REAL ?
	    n->d : 0.0;
	if (!isfinite(*v))
		*v = 0.0;
	return n->type != FNUM_NONE;
}

/*
 * read_host() from the view: the same checks (any failing one returns 1
 * before anything is changed, for the jansson path to report it), the
 * same strings, sections and checks in the same order.
 */
static int
fast_host(struct ha_fleet *f, struct ha_fleet_host *h, const struct fast *r,
    const char *path)
{
	const struct fres *res;
	const struct fnum *n;
	size_t i;
	int st;

	if (fstr(r, r->schema) == NULL ||
	    strcmp(fstr(r, r->schema), HA_REPORT_SCHEMA) != 0 ||
	    fstr(r, r->hostname) == NULL || !r->results_array ||
	    !r->score_object ||
	    (h->started = parse_time(fstr(r, r->started_at))) < 0)
		return 1;
	for (i = 0; i < r->nres; i++) {
		res = &r->res[i];
		if (!res->object || res->id == NOSTR ||
		    ha_status_parse(res->status != NOSTR ? r->s +
		    res->status : "") < 0)
			return 1;
	}

	h->hostname = ha_utf8_lossy(fstr(r, r->hostname));
	h->engine_id = ha_xstrdup(r->eng_id != NOSTR ? r->s + r->eng_id :
	    "");
	h->engine_kind = dup_or_null(fstr(r, r->eng_kind));
	h->engine_version = dup_or_null(fstr(r, r->eng_version));
	h->engine_endpoint = dup_or_null(fstr(r, r->eng_endpoint));
	h->os = dup_or_null(fstr(r, r->os));
	h->kernel = dup_or_null(fstr(r, r->kernel));
	h->profile = dup_or_null(fstr(r, r->profile));
	h->started_at = ha_xstrdup(fstr(r, r->started_at));
	h->source = ha_xstrdup(path);

	/* read_score() */
	h->has_score = fpercent(&r->percent, &h->score);
	fpercent(&r->coverage, &h->coverage);
	for (st = 0; st < HA_STATUS_COUNT && st < 8; st++) {
		n = &r->counts[st];
		if (n->type == FNUM_INT && n->i >= 0 && n->i < 1000000)
			h->counts[st] = (int)n->i;
	}
	h->sections = ha_xcalloc(r->secs_size + 1, sizeof(*h->sections));
	for (i = 0; i < r->nsecs; i++) {
		h->sections[h->nsections].section = find_section(f,
		    fstr(r, r->secs[i].id), fstr(r, r->secs[i].title));
		h->sections[h->nsections].has = fpercent(&r->secs[i].percent,
		    &h->sections[h->nsections].percent);
		h->nsections++;
	}

	/* read_results() */
	h->results = ha_xcalloc(r->nres + 1, sizeof(*h->results));
	for (i = 0; i < r->nres; i++) {
		res = &r->res[i];
		h->results[i].check = find_check(f, fstr(r, res->id),
		    res->ref != NOSTR ? r->s + res->ref : "",
		    fstr(r, res->section), fstr(r, res->title),
		    fstr(r, res->severity));
		h->results[i].status = (uint8_t)ha_status_parse(r->s +
		    res->status);
		h->results[i].failing = res->failing;
	}
	h->nresults = r->nres;
	return 0;
}

/*
 * Fold text with the fast reader: 0 when done, 1 when the jansson path
 * must read it (an error to report, or text the reader is not sure of).
 */
static int
fast_add(struct ha_fleet *f, const char *text, size_t len, const char *path)
{
	struct ha_fleet_host h;
	struct fast r;
	int rc;

	memset(&r, 0, sizeof(r));
	memset(&h, 0, sizeof(h));
	if ((rc = fast_scan(&r, text, len)) == 0 &&
	    (rc = fast_host(f, &h, &r, path)) == 0) {
		fold(f, &h);
		fast_reads++;
	}
	free(r.s);
	free(r.secs);
	free(r.res);
	return rc != 0;
}

static void
add_bad(struct ha_fleet *f, const char *path)
{
	f->bad = ha_xreallocarray(f->bad, f->nbad + 1, sizeof(*f->bad));
	f->bad[f->nbad++] = ha_utf8_lossy(path);
}

/*
 * For tests: HOSTAUDIT_FLEET_READER=jansson reads every report with
 * jansson, as before the fast reader, to compare the two.
 */
static int
jansson_only(void)
{
	const char *v = getenv("HOSTAUDIT_FLEET_READER");

	return v != NULL && strcmp(v, "jansson") == 0;
}

int
ha_fleet_add_text(struct ha_fleet *f, const char *text, size_t len,
    const char *path)
{
	struct ha_fleet_host h;
	json_error_t err;
	json_t *doc;
	int rc;

	f->finished = 0;
	if (!jansson_only() && fast_add(f, text, len, path) == 0)
		return 0;
	if ((doc = json_loadb(text, len, 0, &err)) == NULL) {
		ha_jsonpos_syntax_error(text, len, path, &err, NULL);
		add_bad(f, path);
		return -1;
	}
	memset(&h, 0, sizeof(h));
	rc = read_host(f, &h, doc, text, len, path);
	json_decref(doc);
	if (rc < 0) {
		host_release(&h);
		add_bad(f, path);
		return -1;
	}
	fold(f, &h);
	return 0;
}

/*
 * The text of the report at path into *text (*len bytes; caller frees),
 * read in one go at its size; -1 with errno set (EFBIG: larger than
 * HA_FLEET_MAX_REPORT), as ha_buf_read_file() would, for a directory or
 * any other file that is not a regular one too.
 */
static int
read_report(const char *path, char **text, size_t *len)
{
	struct stat st;
	size_t alloc, n = 0;
	ssize_t got;
	int fd, saved;
	char *b;

	*text = NULL;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer */
	if ((fd = ha_buf_regular_fd(open(path, O_RDONLY | O_CLOEXEC |
	    O_NOCTTY | O_NONBLOCK), &st)) < 0)
		return -1;
	if ((uintmax_t)st.st_size > HA_FLEET_MAX_REPORT) {
		close(fd);
		errno = EFBIG;
		return -1;
	}
	saved = 0;
	alloc = (size_t)st.st_size + 1;		/* + 1: EOF seen at once */
	b = ha_xmalloc(alloc);
	for (;;) {
		if (n == alloc) {		/* it grew since fstat() */
			if (alloc > HA_FLEET_MAX_REPORT) {
				saved = EFBIG;
				break;
			}
			alloc = alloc * 2 < HA_FLEET_MAX_REPORT + 1 ?
			    alloc * 2 : HA_FLEET_MAX_REPORT + 1;
			b = ha_xreallocarray(b, alloc, 1);
		}
		got = read(fd, b + n, alloc - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0)
			saved = errno;
		if (got <= 0)
			break;
		n += (size_t)got;
	}
	close(fd);
	if (saved == 0 && n > HA_FLEET_MAX_REPORT)
		saved = EFBIG;
	if (saved != 0) {
		free(b);
		errno = saved;
		return -1;
	}
	*text = b;
	*len = n;
	return 0;
}

int
ha_fleet_add_file(struct ha_fleet *f, const char *path)
{
	char *text;
	size_t len;
	int rc;

	if (read_report(path, &text, &len) < 0) {
		rc = ha_error("cannot read report '%s': %s", path,
		    errno == EFBIG ? "larger than 64 MiB" : strerror(errno));
		add_bad(f, path);
	} else
		rc = ha_fleet_add_text(f, text, len, path);
	free(text);
	return rc;
}

static int
cmp_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

size_t
ha_fleet_add_path(struct ha_fleet *f, const char *path)
{
	struct dirent *de;
	char **names = NULL, *p;
	size_t i, n = 0, bad = 0;
	DIR *d;

	/* not a directory: a file, or what ha_fleet_add_file() names */
	if ((d = opendir(path)) == NULL)
		return ha_fleet_add_file(f, path) < 0 ? 1 : 0;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || !ha_ends_with(de->d_name, ".json"))
			continue;
		names = ha_xreallocarray(names, n + 1, sizeof(*names));
		names[n++] = ha_xstrdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_name);
	for (i = 0; i < n; i++) {
		p = ha_xasprintf("%s%s%s", path, ha_ends_with(path, "/") ? "" :
		    "/", names[i]);
		if (ha_fleet_add_file(f, p) < 0)
			bad++;
		free(p);
		free(names[i]);
	}
	free(names);
	return bad;
}

/* ------------------------------------------------------ finishing */

static int
cmp_host(const void *a, const void *b, void *arg)
{
	const struct ha_fleet *f = arg;
	const struct ha_fleet_host *x = &f->hosts[*(const size_t *)a];
	const struct ha_fleet_host *y = &f->hosts[*(const size_t *)b];
	int c = strcmp(x->hostname, y->hostname);

	return c != 0 ? c : strcmp(x->engine_id, y->engine_id);
}

/* Failing on most hosts first, then the most severe, then by number. */
static int
cmp_check(const void *a, const void *b, void *arg)
{
	const struct ha_fleet *f = arg;
	const struct ha_fleet_check *x = &f->checks[*(const size_t *)a];
	const struct ha_fleet_check *y = &f->checks[*(const size_t *)b];
	int c;

	if (x->nfail != y->nfail)
		return x->nfail > y->nfail ? -1 : 1;
	if (x->sev != y->sev)
		return x->sev > y->sev ? -1 : 1;
	if ((c = strverscmp(x->ref, y->ref)) != 0)
		return c;
	return strcmp(x->id, y->id);
}

void
ha_fleet_finish(struct ha_fleet *f)
{
	const struct ha_fleet_host *h;
	size_t i, j, n;

	if (f->finished)
		return;
	for (i = 0; i < f->nchecks; i++)
		f->checks[i].nfail = f->checks[i].nseen = 0;
	f->oldest = f->nhosts;
	for (i = 0; i < f->nhosts; i++) {
		h = &f->hosts[i];
		for (j = 0; j < h->nresults; j++) {
			f->checks[h->results[j].check].nseen++;
			if (h->results[j].status == HA_FAIL)
				f->checks[h->results[j].check].nfail++;
		}
		if (f->oldest == f->nhosts || h->started <
		    f->hosts[f->oldest].started)
			f->oldest = i;
	}
	free(f->order);
	free(f->corder);
	f->order = ha_xcalloc(f->nhosts + 1, sizeof(*f->order));
	f->corder = ha_xcalloc(f->nchecks + 1, sizeof(*f->corder));
	for (i = 0; i < f->nhosts; i++)
		f->order[i] = i;
	for (i = n = 0; i < f->nchecks; i++)
		if (f->checks[i].nseen > 0)	/* not only in a dropped twin */
			f->corder[n++] = i;
	f->nchecks_seen = n;
	qsort_r(f->order, f->nhosts, sizeof(*f->order), cmp_host, f);
	qsort_r(f->corder, n, sizeof(*f->corder), cmp_check, f);
	for (i = 0; i < f->nhosts; i++)
		f->hosts[i].twin = 0;
	for (i = 1; i < f->nhosts; i++)
		if (strcmp(f->hosts[f->order[i]].hostname,
		    f->hosts[f->order[i - 1]].hostname) == 0)
			f->hosts[f->order[i]].twin =
			    f->hosts[f->order[i - 1]].twin = 1;
	f->finished = 1;
}

const struct ha_fleet_host *
ha_fleet_host_at(const struct ha_fleet *f, size_t i)
{
	return &f->hosts[f->order[i]];
}

char *
ha_fleet_host_label(const struct ha_fleet_host *h)
{
	if (!h->twin)
		return ha_xstrdup(h->hostname);
	return ha_xasprintf("%s (%.12s)", h->hostname, *h->engine_id ?
	    h->engine_id : "no engine id");
}

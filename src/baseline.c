/* SPDX-License-Identifier: Apache-2.0 */
/*
 * baseline.c - what changed since a previous JSON report: each failing
 * result and target is new or still failing; what failed before and no
 * longer does is fixed.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ha_baseline.h"
#include "ha_buf.h"
#include "ha_jsonpos.h"
#include "ha_report.h"
#include "ha_util.h"
#include "banned.h"

/*
 * A document that is no report, at the value at fault (ptr) of text;
 * the position index is built here, on this path only.
 */
static int
bad_report(const char *text, size_t len, const char *path, const char *ptr,
    const char *why)
{
	struct ha_jsonpos *ix = ha_jsonpos_new(text, len, path, NULL);

	ha_jsonpos_error(ix, 0, ptr, "not a hostaudit JSON report: %s", why);
	ha_jsonpos_free(ix);
	return -1;
}

json_t *
ha_baseline_parse(const char *text, size_t len, const char *path)
{
	json_error_t err;
	json_t *doc;
	const char *schema;

	doc = json_loadb(text, len, 0, &err);
	if (doc == NULL) {
		ha_jsonpos_syntax_error(text, len, path, &err, NULL);
		return NULL;
	}
	schema = json_string_value(json_object_get(doc, "schema"));
	if (schema == NULL || (strcmp(schema, HA_REPORT_SCHEMA) != 0 &&
	    strcmp(schema, HA_REPORT_SCHEMA_V1) != 0))
		bad_report(text, len, path, "/schema", "schema is not '"
		    HA_REPORT_SCHEMA "' (or '" HA_REPORT_SCHEMA_V1 "')");
	else if (!json_is_array(json_object_get(doc, "results")))
		bad_report(text, len, path, "/results", "'results' is not an "
		    "array");
	else
		return doc;
	json_decref(doc);
	return NULL;
}

json_t *
ha_baseline_load(const char *path)
{
	struct ha_buf b;
	json_t *doc = NULL;

	ha_buf_init(&b, HA_BASELINE_MAX_SIZE);
	if (ha_buf_read_file(&b, path, 0) < 0)
		ha_error("cannot read baseline '%s': %s", path,
		    errno == EFBIG ? "larger than 64 MiB" : strerror(errno));
	else
		doc = ha_baseline_parse(b.data, b.len, path);
	ha_buf_release(&b);
	return doc;
}

static const char *
str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s ? s : "";
}

static int
failing(const json_t *o)
{
	return strcmp(str(o, "status"), "fail") == 0;
}

static const json_t *
prev_result(const json_t *prev, const char *id)
{
	const json_t *r;
	size_t i;

	json_array_foreach(json_object_get(prev, "results"), i, r)
		if (strcmp(str(r, "id"), id) == 0)
			return r;
	return NULL;
}

static const json_t *
prev_target(const json_t *pr, const char *kind, const char *name)
{
	const json_t *t;
	size_t i;

	json_array_foreach(json_object_get(pr, "targets"), i, t)
		if (strcmp(str(t, "kind"), kind) == 0 &&
		    strcmp(str(t, "name"), name) == 0)
			return t;
	return NULL;
}

static struct ha_target *
cur_target(const struct ha_result *r, const char *kind, const char *name)
{
	size_t i;

	for (i = 0; i < r->ntargets; i++)
		if (strcmp(r->targets[i].kind, kind) == 0 &&
		    strcmp(r->targets[i].name, name) == 0)
			return &r->targets[i];
	return NULL;
}

static void
add_fixed(struct ha_baseline *b, const json_t *pr, const json_t *pt)
{
	struct ha_fixed *f;

	b->fixed = ha_xreallocarray(b->fixed, b->nfixed + 1,
	    sizeof(*b->fixed));
	f = &b->fixed[b->nfixed++];
	f->id = ha_xstrdup(str(pr, "id"));
	f->ref = ha_xstrdup(str(pr, "ref"));
	f->title = ha_xstrdup(str(pr, "title"));
	f->kind = pt ? ha_xstrdup(str(pt, "kind")) : NULL;
	f->name = pt ? ha_xstrdup(str(pt, "name")) : NULL;
}

static enum ha_change
count(struct ha_baseline *b, int before)
{
	if (before) {
		b->nstill++;
		return HA_CHANGE_STILL;
	}
	b->nnew++;
	return HA_CHANGE_NEW;
}

/* Mark a result failing now, and its failing targets. */
static void
mark_failing(struct ha_baseline *b, struct ha_result *r, const json_t *pr)
{
	const json_t *pt;
	size_t i;
	int any = 0;

	r->change = pr && failing(pr) ? HA_CHANGE_STILL : HA_CHANGE_NEW;
	for (i = 0; i < r->ntargets; i++) {
		struct ha_target *t = &r->targets[i];

		if (t->status != HA_FAIL)
			continue;
		pt = pr ? prev_target(pr, t->kind, t->name) : NULL;
		t->change = count(b, pt != NULL && failing(pt));
		any = 1;
	}
	if (!any)
		(void)count(b, r->change == HA_CHANGE_STILL);
}

/* What failed in pr and fails no more in r (NULL: the check is gone). */
static void
mark_fixed(struct ha_baseline *b, struct ha_result *r, const json_t *pr)
{
	const json_t *pt;
	struct ha_target *t;
	size_t i;
	int any = 0;

	if (r != NULL && r->status != HA_FAIL)
		r->change = HA_CHANGE_FIXED;
	json_array_foreach(json_object_get(pr, "targets"), i, pt) {
		if (!failing(pt))
			continue;
		any = 1;
		t = r ? cur_target(r, str(pt, "kind"), str(pt, "name")) : NULL;
		if (t != NULL && t->status == HA_FAIL)
			continue;
		if (t != NULL)
			t->change = HA_CHANGE_FIXED;
		add_fixed(b, pr, pt);
	}
	if (!any && (r == NULL || r->status != HA_FAIL))
		add_fixed(b, pr, NULL);
}

static struct ha_result *
cur_result(struct ha_report *rep, const char *id)
{
	size_t i;

	for (i = 0; i < rep->nresults; i++)
		if (strcmp(rep->results[i].check->id, id) == 0)
			return &rep->results[i];
	return NULL;
}

void
ha_baseline_apply(struct ha_report *rep, const json_t *prev,
    const char *path)
{
	struct ha_baseline *b = ha_xcalloc(1, sizeof(*b));
	const json_t *pr;
	size_t i;

	b->path = ha_utf8_lossy(path);
	b->started_at = ha_xstrdup(str(prev, "started_at"));
	for (i = 0; i < rep->nresults; i++) {
		struct ha_result *r = &rep->results[i];

		if (r->status == HA_FAIL)
			mark_failing(b, r, prev_result(prev, r->check->id));
	}
	json_array_foreach(json_object_get(prev, "results"), i, pr)
		if (failing(pr))
			mark_fixed(b, cur_result(rep, str(pr, "id")), pr);
	ha_baseline_free(rep->baseline);
	rep->baseline = b;
}

json_t *
ha_baseline_json(const struct ha_baseline *b)
{
	json_t *fixed = json_array(), *f, *o;
	size_t i;

	for (i = 0; i < b->nfixed; i++) {
		f = json_pack("{s:s, s:s, s:s}", "id", b->fixed[i].id, "ref",
		    b->fixed[i].ref, "title", b->fixed[i].title);
		if (f == NULL)
			ha_die_oom();
		if (b->fixed[i].kind != NULL) {
			json_object_set_new(f, "kind",
			    json_string(b->fixed[i].kind));
			json_object_set_new(f, "name",
			    json_string(b->fixed[i].name));
		}
		json_array_append_new(fixed, f);
	}
	o = json_pack("{s:s, s:s, s:I, s:I, s:I, s:o}",
	    "path", b->path, "started_at", b->started_at,
	    "new", (json_int_t)b->nnew, "still_failing", (json_int_t)b->nstill,
	    "fixed", (json_int_t)b->nfixed, "fixed_items", fixed);
	if (o == NULL)
		ha_die_oom();
	return o;
}

void
ha_baseline_free(struct ha_baseline *b)
{
	size_t i;

	if (b == NULL)
		return;
	for (i = 0; i < b->nfixed; i++) {
		free(b->fixed[i].id);
		free(b->fixed[i].ref);
		free(b->fixed[i].title);
		free(b->fixed[i].kind);
		free(b->fixed[i].name);
	}
	free(b->fixed);
	free(b->path);
	free(b->started_at);
	free(b);
}

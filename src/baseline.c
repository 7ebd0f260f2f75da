/* SPDX-License-Identifier: Apache-2.0 */
/*
 * baseline.c - what changed since a previous JSON report: each failing
 * result and target is new or still failing; what failed before and no
 * longer does is fixed, or gone when its container or image no longer
 * exists (removing a container fixes nothing).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ha_baseline.h"
#include "ha_buf.h"
#include "ha_facts.h"
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

/* The report schemas read as a baseline: this one and every older one. */
static const char *const schemas[] = {
	HA_REPORT_SCHEMA, "hostaudit-report/3", "hostaudit-report/2",
	HA_REPORT_SCHEMA_V1,
};

static int
known_schema(const char *s)
{
	size_t i;

	for (i = 0; s != NULL && i < HA_ARRAY_SIZE(schemas); i++)
		if (strcmp(s, schemas[i]) == 0)
			return 1;
	return 0;
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
	if (!known_schema(schema))
		bad_report(text, len, path, "/schema", "schema is not '"
		    HA_REPORT_SCHEMA "' (or an older 'hostaudit-report/N')");
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

/*
 * Targets are matched through an index, a jansson object keyed
 * "KIND\nNAME": a host of 10,000 containers compared with its baseline
 * takes linear time, not 10,000 scans of 10,000 targets per check.
 */
static char *
target_key(const char *kind, const char *name)
{
	return ha_xasprintf("%s\n%s", kind ? kind : "", name ? name : "");
}

/* The targets of a baseline result by kind and name (borrowed values). */
static json_t *
prev_index(const json_t *pr)
{
	json_t *ix = json_object();
	const json_t *t;
	char *key;
	size_t i;

	if (ix == NULL)
		ha_die_oom();
	json_array_foreach(json_object_get(pr, "targets"), i, t) {
		key = target_key(str(t, "kind"), str(t, "name"));
		if (json_object_get(ix, key) == NULL &&
		    json_object_set(ix, key, (json_t *)t) != 0)
			ha_die_oom();
		free(key);
	}
	return ix;
}

static const json_t *
prev_target(const json_t *ix, const char *kind, const char *name)
{
	char *key = target_key(kind, name);
	const json_t *t = json_object_get(ix, key);

	free(key);
	return t;
}

/* The targets of a result of this run by kind and name: their index. */
static json_t *
cur_index(const struct ha_result *r)
{
	json_t *ix = json_object();
	char *key;
	size_t i;

	if (ix == NULL)
		ha_die_oom();
	for (i = 0; r != NULL && i < r->ntargets; i++) {
		key = target_key(r->targets[i].kind, r->targets[i].name);
		if (json_object_get(ix, key) == NULL &&
		    json_object_set_new(ix, key, json_integer((json_int_t)i))
		    != 0)
			ha_die_oom();
		free(key);
	}
	return ix;
}

static struct ha_target *
cur_target(const struct ha_result *r, const json_t *ix, const char *kind,
    const char *name)
{
	char *key = target_key(kind, name);
	const json_t *i = json_object_get(ix, key);

	free(key);
	return i != NULL ? &r->targets[json_integer_value(i)] : NULL;
}

static void
add_fixed(struct ha_baseline *b, const json_t *pr, const json_t *pt,
    int gone)
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
	f->gone = gone;
	b->ngone += gone != 0;
}

/*
 * What exists in this run, to tell a fixed target from a gone one: keys
 * "container\nNAME", "image\nNAME" and "id\nID" for every container and
 * image of the facts (each engine's with --all-engines) and every
 * container and image target of the report (those that could not be
 * inspected too).  "container\n" alone: the container list was
 * collected, so that a container missing from it is really gone (an
 * engine that could not list anything proves nothing).  A jansson
 * object is the hash set: a baseline of 10,000 containers is matched in
 * linear time.
 */
static void
exists_add(json_t *set, const char *kind, const char *what)
{
	char *key = ha_xasprintf("%s\n%s", kind, what ? what : "");

	if (json_object_set_new(set, key, json_true()) != 0)
		ha_die_oom();
	free(key);
}

static void
exists_facts(json_t *set, const json_t *facts)
{
	static const char *const kinds[] = { "container", "image" };
	static const char *const paths[] = { "engine.containers",
	    "engine.images" };
	const json_t *list, *obj;
	const char *id;
	size_t k, i;

	for (k = 0; k < HA_ARRAY_SIZE(kinds); k++) {
		list = ha_facts_get(facts, paths[k]);
		if (!json_is_array(list))
			continue;
		exists_add(set, kinds[k], NULL);
		json_array_foreach(list, i, obj) {
			exists_add(set, kinds[k], ha_facts_object_name(obj));
			if ((id = json_string_value(json_object_get(obj,
			    "Id"))) != NULL)
				exists_add(set, "id", id);
		}
	}
}

static json_t *
exists_set(const struct ha_report *rep)
{
	json_t *set = json_object();
	size_t i, j;

	if (set == NULL)
		ha_die_oom();
	if (rep->facts != NULL)
		exists_facts(set, rep->facts);
	for (i = 0; i < rep->nengines; i++)
		exists_facts(set, rep->engines[i].facts);
	for (i = 0; i < rep->nresults; i++)
		for (j = 0; j < rep->results[i].ntargets; j++)
			exists_add(set, rep->results[i].targets[j].kind,
			    rep->results[i].targets[j].name);
	return set;
}

static int
exists_has(const json_t *set, const char *kind, const char *what)
{
	char *key = ha_xasprintf("%s\n%s", kind, what ? what : "");
	int has = json_object_get(set, key) != NULL;

	free(key);
	return has;
}

/*
 * A baseline target that is not here any more: a container or an image
 * found neither by kind and name nor, when the baseline names it (from
 * report schema 3), by id, in facts that did list its kind.
 */
static int
target_gone(const json_t *exists, const json_t *pt)
{
	const char *kind = str(pt, "kind");
	const char *id = json_string_value(json_object_get(pt, "id"));

	if (strcmp(kind, "container") != 0 && strcmp(kind, "image") != 0)
		return 0;
	if (!exists_has(exists, kind, NULL))
		return 0;
	if (exists_has(exists, kind, str(pt, "name")))
		return 0;
	return id == NULL || !exists_has(exists, "id", id);
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
	json_t *ix = prev_index(pr);
	const json_t *pt;
	size_t i;
	int any = 0;

	r->change = pr && failing(pr) ? HA_CHANGE_STILL : HA_CHANGE_NEW;
	for (i = 0; i < r->ntargets; i++) {
		struct ha_target *t = &r->targets[i];

		if (t->status != HA_FAIL)
			continue;
		pt = prev_target(ix, t->kind, t->name);
		t->change = count(b, pt != NULL && failing(pt));
		any = 1;
	}
	if (!any)
		(void)count(b, r->change == HA_CHANGE_STILL);
	json_decref(ix);
}

/*
 * What failed in pr and fails no more in r (NULL: the check is gone):
 * fixed, or gone with its target.
 */
static void
mark_fixed(struct ha_baseline *b, struct ha_result *r, const json_t *pr,
    const json_t *exists)
{
	json_t *ix = cur_index(r);
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
		t = cur_target(r, ix, str(pt, "kind"), str(pt, "name"));
		if (t != NULL && t->status == HA_FAIL)
			continue;
		if (t != NULL)
			t->change = HA_CHANGE_FIXED;
		add_fixed(b, pr, pt, t == NULL && target_gone(exists, pt));
	}
	if (!any && (r == NULL || r->status != HA_FAIL))
		add_fixed(b, pr, NULL, 0);
	json_decref(ix);
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
	const json_t *pr, *pct;
	json_t *exists;
	size_t i;

	b->path = ha_utf8_lossy(path);
	b->started_at = ha_xstrdup(str(prev, "started_at"));
	pct = json_object_get(json_object_get(prev, "score"), "percent");
	if (json_is_number(pct)) {
		b->has_score = 1;
		b->score_before = json_number_value(pct);
	}
	for (i = 0; i < rep->nresults; i++) {
		struct ha_result *r = &rep->results[i];

		if (r->status == HA_FAIL)
			mark_failing(b, r, prev_result(prev, r->check->id));
	}
	exists = exists_set(rep);
	json_array_foreach(json_object_get(prev, "results"), i, pr)
		if (failing(pr))
			mark_fixed(b, cur_result(rep, str(pr, "id")), pr,
			    exists);
	json_decref(exists);
	ha_baseline_free(rep->baseline);
	rep->baseline = b;
}

int
ha_baseline_score_change(const struct ha_baseline *b,
    const struct ha_score *now, double *change)
{
	if (b == NULL || now == NULL || !b->has_score || !now->has_percent)
		return 0;
	*change = ha_round1(now->percent - b->score_before);
	return 1;
}

json_t *
ha_baseline_json_score(const struct ha_baseline *b,
    const struct ha_score *now)
{
	json_t *fixed = json_array(), *f, *o;
	double change;
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
		json_object_set_new(f, "gone", json_boolean(b->fixed[i].gone));
		json_array_append_new(fixed, f);
	}
	o = json_pack("{s:s, s:s, s:I, s:I, s:I, s:I, s:o, s:o, s:o}",
	    "path", b->path, "started_at", b->started_at,
	    "new", (json_int_t)b->nnew, "still_failing", (json_int_t)b->nstill,
	    "fixed", (json_int_t)(b->nfixed - b->ngone),
	    "gone", (json_int_t)b->ngone,
	    "score_before", b->has_score ? json_real(b->score_before) :
	    json_null(),
	    "score_change", ha_baseline_score_change(b, now, &change) ?
	    json_real(change) : json_null(),
	    "fixed_items", fixed);
	if (o == NULL)
		ha_die_oom();
	return o;
}

json_t *
ha_baseline_json(const struct ha_baseline *b)
{
	return ha_baseline_json_score(b, NULL);
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

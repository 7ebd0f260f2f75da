/* SPDX-License-Identifier: Apache-2.0 */
/*
 * report.c - the report model: evaluate a profile over facts, score it,
 * and express it as the canonical JSON document (files are written by
 * output.c).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ha_baseline.h"
#include "ha_buf.h"
#include "ha_facts.h"
#include "ha_report.h"
#include "ha_util.h"
#include "banned.h"

extern const struct ha_writer ha_writer_text;
extern const struct ha_writer ha_writer_json;
extern const struct ha_writer ha_writer_junit;
extern const struct ha_writer ha_writer_sarif;
extern const struct ha_writer ha_writer_csv;
extern const struct ha_writer ha_writer_prometheus;
extern const struct ha_writer ha_writer_html;
extern const struct ha_writer ha_writer_markdown;

static const struct ha_writer *const writers[] = {
	&ha_writer_text,
	&ha_writer_json,
	&ha_writer_junit,
	&ha_writer_sarif,
	&ha_writer_csv,
	&ha_writer_prometheus,
	&ha_writer_html,
	&ha_writer_markdown,
};

const struct ha_writer *
ha_writer_find(const char *name)
{
	size_t i;

	for (i = 0; i < HA_ARRAY_SIZE(writers); i++)
		if (strcmp(writers[i]->name, name) == 0)
			return writers[i];
	return NULL;
}

size_t
ha_writer_count(void)
{
	return HA_ARRAY_SIZE(writers);
}

const struct ha_writer *
ha_writer_at(size_t i)
{
	return i < HA_ARRAY_SIZE(writers) ? writers[i] : NULL;
}

void
ha_report_build(struct ha_report *rep, const struct ha_profile *p,
    const json_t *facts)
{
	ha_report_build_opts(rep, p, facts, NULL);
}

void
ha_report_build_opts(struct ha_report *rep, const struct ha_profile *p,
    const json_t *facts, const struct ha_build_opts *o)
{
	const char *host = ha_facts_str(facts, "host.hostname");
	struct ha_ctx ctx;
	size_t i;

	memset(rep, 0, sizeof(*rep));
	rep->tool_version = HA_VERSION;
	rep->host = ha_xstrdup(host ? host : "unknown");
	rep->profile = p;
	rep->facts = facts;
	rep->started_at = (int64_t)time(NULL);
	rep->results = ha_xcalloc(p->nentries + 1, sizeof(*rep->results));
	memset(&ctx, 0, sizeof(ctx));
	ctx.facts = facts;
	for (i = 0; i < p->nentries; i++)
		ha_result_init(&rep->results[i], p->entries[i].check,
		    &p->entries[i]);
	ha_check_run_entries(p->entries, p->nentries, &ctx,
	    o ? o->select : NULL, rep->results);
	rep->nresults = p->nentries;
	ha_waivers_apply(&p->waivers, rep, o != NULL && o->today != 0 ?
	    o->today : ha_date_today());
	ha_report_make_utf8(rep);	/* jansson takes only UTF-8 */
	ha_report_score(rep);
}

static void
score_add(struct ha_score *s, const struct ha_result *r)
{
	double w = r->entry->weight;

	s->counts[r->status]++;
	if (r->status != HA_MANUAL) {
		s->selected++;
		if (r->status != HA_ERROR)
			s->evaluated++;
	}
	if (!r->entry->scored)
		return;
	switch (r->status) {
	case HA_PASS:
		s->passed += w;
		s->applicable += w;
		break;
	case HA_FAIL:
	case HA_WARN:
	case HA_ERROR:	/* not seen is not passed */
		s->applicable += w;
		break;
	default:	/* info, manual, skip, waived: not scored */
		break;
	}
}

double
ha_round1(double v)
{
	return v < 0 ? -ha_round1(-v) : (double)(long long)(v * 10.0 + 0.5) /
	    10.0;
}

static void
score_finish(struct ha_score *s)
{
	s->has_percent = s->applicable > 0;
	s->percent = s->has_percent ?
	    ha_round1(100.0 * s->passed / s->applicable) : 0;
	s->coverage = s->selected > 0 ?
	    ha_round1(100.0 * s->evaluated / s->selected) : 100.0;
}

const char *
ha_score_str(const struct ha_score *s, char *buf, size_t size)
{
	if (!s->has_percent)
		snprintf(buf, size, "n/a");
	else
		snprintf(buf, size, "%.1f", s->percent);
	return buf;
}

static struct ha_section_score *
section_for(struct ha_report *rep, const char *id)
{
	struct ha_section_score *s;
	size_t i;

	for (i = 0; i < rep->nsections; i++)
		if (strcmp(rep->sections[i].id, id) == 0)
			return &rep->sections[i];
	s = &rep->sections[rep->nsections++];
	memset(s, 0, sizeof(*s));
	s->id = id;
	s->title = ha_profile_section_title(rep->profile, id);
	return s;
}

void
ha_report_score(struct ha_report *rep)
{
	const struct ha_profile *p = rep->profile;
	size_t i;

	free(rep->sections);
	rep->nsections = 0;
	rep->sections = ha_xcalloc(p->nsections + rep->nresults + 1,
	    sizeof(*rep->sections));
	memset(&rep->score, 0, sizeof(rep->score));
	/* Sections in the profile's order first, then any others. */
	for (i = 0; i < p->nsections; i++)
		section_for(rep, p->sections[i].id);
	for (i = 0; i < rep->nresults; i++) {
		const struct ha_result *r = &rep->results[i];

		score_add(&rep->score, r);
		score_add(&section_for(rep, r->entry->section)->score, r);
	}
	score_finish(&rep->score);
	for (i = 0; i < rep->nsections; i++)
		score_finish(&rep->sections[i].score);
}

void
ha_report_release(struct ha_report *rep)
{
	size_t i;

	for (i = 0; i < rep->nresults; i++)
		ha_result_release(&rep->results[i]);
	free(rep->results);
	free(rep->sections);
	free(rep->host);
	ha_baseline_free(rep->baseline);
	free(rep->waivers);
	for (i = 0; i < rep->nengines; i++)
		free(rep->engines[i].name);
	free(rep->engines);
	memset(rep, 0, sizeof(*rep));
}

int
ha_report_has_failures(const struct ha_report *rep)
{
	return rep->score.counts[HA_FAIL] > 0;
}

static int
str_is(const json_t *facts, const char *path, const char *want)
{
	const char *v = ha_facts_str(facts, path);

	return v != NULL && strcmp(v, want) == 0;
}

/* The engine failed a request, or daemon.json could not be read. */
static int
facts_blind(const json_t *f)
{
	return str_is(f, "engine.status", "error") ||
	    json_array_size(ha_facts_get(f, "engine.errors")) > 0 ||
	    str_is(f, "daemon.config_file.status", "error");
}

int
ha_report_blind(const struct ha_report *rep)
{
	size_t i, j;

	if (facts_blind(rep->facts))
		return 1;
	for (i = 0; i < rep->nengines; i++)
		if (facts_blind(rep->engines[i].facts))
			return 1;
	for (i = 0; i < rep->nresults; i++) {
		const struct ha_result *r = &rep->results[i];

		if (r->status == HA_ERROR)
			return 1;
		for (j = 0; j < r->ntargets; j++)
			if (r->targets[j].status == HA_ERROR)
				return 1;
	}
	return 0;
}

static void
not_seen_add(json_t *out, const char *fmt, ...) HA_PRINTF(2, 3);

static void
not_seen_add(json_t *out, const char *fmt, ...)
{
	va_list ap;
	char *s, *u;

	va_start(ap, fmt);
	s = ha_xvasprintf(fmt, ap);
	va_end(ap);
	u = ha_utf8_lossy(s);	/* engine text: any bytes at all */
	json_array_append_new(out, json_string(u));
	free(u);
	free(s);
}

/* ", " + the refs of up to 6 results in error, and how many more. */
static void
error_refs(const struct ha_report *rep, struct ha_buf *b)
{
	size_t i, n = 0;

	for (i = 0; i < rep->nresults; i++) {
		if (rep->results[i].status != HA_ERROR)
			continue;
		if (n < 6)
			ha_buf_addf(b, "%s%s", n ? ", " : "",
			    rep->results[i].entry->ref);
		n++;
	}
	if (n > 6)
		ha_buf_addf(b, " and %zu more", n - 6);
}

/* What one engine's facts did not see; who prefixes each phrase. */
static void
facts_not_seen(const json_t *f, const char *who, json_t *out)
{
	const char *endpoint = ha_facts_str(f, "engine.endpoint");
	const char *err = ha_facts_str(f, "engine.error");
	const json_t *errors = ha_facts_get(f, "engine.errors");

	if (endpoint == NULL)
		endpoint = "?";
	if (str_is(f, "engine.status", "absent"))
		not_seen_add(out, "%sno Docker engine found (tried %s)", who,
		    endpoint);
	else if (str_is(f, "engine.status", "error"))
		not_seen_add(out, "%sthe engine at %s did not answer: %s", who,
		    endpoint, err ? err : "unknown error");
	else if (json_array_size(errors) > 0)
		not_seen_add(out, "%s%zu engine request%s failed (first: %s)",
		    who, json_array_size(errors),
		    json_array_size(errors) == 1 ? "" : "s",
		    ha_facts_str(json_array_get(errors, 0), "message") ?
		    ha_facts_str(json_array_get(errors, 0), "message") : "?");
	if (ha_facts_engine_remote(f))
		return;		/* nothing of a remote host is looked at */
	if (str_is(f, "daemon.status", "not-found") &&
	    !str_is(f, "engine.status", "absent") &&
	    strcmp(ha_facts_engine_kind(f) ? ha_facts_engine_kind(f) : "",
	    "podman") != 0)	/* Podman has no dockerd to find */
		not_seen_add(out, "%sthe dockerd process was not found", who);
	else if (str_is(f, "daemon.status", "error"))
		not_seen_add(out, "%sthe daemon could not be read: %s", who,
		    ha_facts_str(f, "daemon.error") ?
		    ha_facts_str(f, "daemon.error") : "unknown error");
	if (str_is(f, "daemon.config_file.status", "error"))
		not_seen_add(out, "%sthe daemon's configuration: %s", who,
		    ha_facts_str(f, "daemon.config_file.error") ?
		    ha_facts_str(f, "daemon.config_file.error") :
		    "unreadable");
}

json_t *
ha_report_not_seen(const struct ha_report *rep)
{
	const json_t *f = rep->facts;
	json_t *out = json_array(), *euid;
	int nerr = rep->score.counts[HA_ERROR];
	struct ha_buf refs;
	char *who;
	size_t i;

	if (rep->nengines == 0)
		facts_not_seen(f, "", out);
	for (i = 0; i < rep->nengines; i++) {
		who = ha_xasprintf("%s: ", rep->engines[i].name);
		facts_not_seen(rep->engines[i].facts, who, out);
		free(who);
	}
	if (nerr == 0)
		return out;
	ha_buf_init(&refs, HA_BUF_NOCAP);
	error_refs(rep, &refs);
	euid = json_object_get(json_object_get(f, "collector"), "euid");
	if (json_is_integer(euid) && json_integer_value(euid) != 0)
		not_seen_add(out, "not run as root: %d check%s could not be "
		    "evaluated (%s)", nerr, nerr == 1 ? "" : "s", refs.data);
	else
		not_seen_add(out, "%d check%s could not be evaluated (%s)",
		    nerr, nerr == 1 ? "" : "s", refs.data);
	ha_buf_release(&refs);
	return out;
}

char *
ha_report_not_seen_line(const struct ha_report *rep)
{
	json_t *list = ha_report_not_seen(rep), *v;
	struct ha_buf b;
	size_t i;
	char *s = NULL;

	ha_buf_init(&b, HA_BUF_NOCAP);
	for (i = 0; i < json_array_size(list); i++) {
		v = json_array_get(list, i);
		ha_buf_addf(&b, "%s%s", i ? "; " : "", json_string_value(v));
	}
	if (b.len > 0)
		s = ha_buf_detach(&b, NULL);
	ha_buf_release(&b);
	json_decref(list);
	return s;
}

static json_t *
score_json(const struct ha_score *s)
{
	json_t *counts = json_object(), *o;
	int i;

	for (i = 0; i < HA_STATUS_COUNT; i++)
		json_object_set_new(counts, ha_status_name((enum ha_status)i),
		    json_integer(s->counts[i]));
	o = json_pack("{s:o, s:f, s:f, s:o, s:{s:i, s:i, s:f}}",
	    "percent", s->has_percent ? json_real(s->percent) : json_null(),
	    "passed", s->passed, "applicable", s->applicable,
	    "counts", counts, "coverage", "selected", s->selected,
	    "evaluated", s->evaluated, "percent", s->coverage);
	if (o == NULL)
		ha_die_oom();
	return o;
}

/* The target's id, image and Compose labels, those that are known. */
static void
target_meta_json(const struct ha_target *t, json_t *tj)
{
	struct ha_target_meta m;
	const char *keys[] = { "id", "image", "image_id", "compose_project",
	    "compose_service" };
	const char *vals[HA_ARRAY_SIZE(keys)];
	size_t i;

	ha_target_meta(t, &m);
	vals[0] = m.id;
	vals[1] = m.image;
	vals[2] = m.image_id;
	vals[3] = m.compose_project;
	vals[4] = m.compose_service;
	for (i = 0; i < HA_ARRAY_SIZE(keys); i++)
		if (vals[i] != NULL)
			json_object_set_new(tj, keys[i], json_string(vals[i]));
}

json_t *
ha_report_result_head_json(const struct ha_result *r)
{
	const struct ha_check *c = r->check;
	json_t *o;
	char *origin;

	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:b, s:f, s:s, s:s, "
	    "s:s, s:s, s:s}",
	    "id", c->id, "ref", r->entry->ref, "section", r->entry->section,
	    "title", c->title, "scope", ha_scope_name(c->scope),
	    "level", r->entry->level, "scored", r->entry->scored,
	    "weight", r->entry->weight,
	    "severity", ha_severity_name(r->entry->severity),
	    "status", ha_status_name(r->status),
	    "message", r->message ? r->message : "",
	    "rationale", c->rationale ? c->rationale : "",
	    "remediation", c->remediation ? c->remediation : "");
	if (o == NULL)
		ha_die_oom();
	if (c->origin != NULL) {	/* a custom check of the profile */
		origin = ha_utf8_lossy(c->origin);
		json_object_set_new(o, "source", json_string("custom"));
		json_object_set_new(o, "origin", json_string(origin));
		free(origin);
	}
	if (r->change != HA_CHANGE_NONE)
		json_object_set_new(o, "change",
		    json_string(ha_change_name(r->change)));
	if (r->waiver != NULL)
		json_object_set_new(o, "waiver", ha_waiver_json(r->waiver,
		    r->status != HA_WAIVED));
	return o;
}

json_t *
ha_report_result_json(const struct ha_result *r)
{
	json_t *o = ha_report_result_head_json(r), *targets;
	size_t i;

	if (r->ntargets == 0)
		return o;
	targets = json_array();
	for (i = 0; i < r->ntargets; i++) {
		const struct ha_target *t = &r->targets[i];
		json_t *tj = json_pack("{s:s, s:s, s:s, s:s}", "kind", t->kind,
		    "name", t->name, "status", ha_status_name(t->status),
		    "detail", t->detail ? t->detail : "");

		if (tj == NULL)
			ha_die_oom();
		if (t->state != NULL)
			json_object_set_new(tj, "state",
			    json_string(t->state));
		target_meta_json(t, tj);
		if (t->engine != NULL)
			json_object_set_new(tj, "engine",
			    json_string(t->engine));
		if (t->change != HA_CHANGE_NONE)
			json_object_set_new(tj, "change",
			    json_string(ha_change_name(t->change)));
		if (t->waiver != NULL)
			json_object_set_new(tj, "waiver", ha_waiver_json(
			    t->waiver, t->status != HA_WAIVED));
		json_array_append_new(targets, tj);
	}
	json_object_set_new(o, "targets", targets);
	return o;
}

/* A copy of the fact at path, or null when there is none. */
static json_t *
fact_or_null(const json_t *f, const char *path)
{
	const json_t *v = ha_facts_get(f, path);

	return v != NULL ? json_deep_copy(v) : json_null();
}

json_t *
ha_report_engine_json(const json_t *f)
{
	const char *kind = ha_facts_engine_kind(f);
	const char *status = ha_facts_str(f, "engine.status");
	const json_t *ep = ha_facts_get(f, "engine.endpoint_info");
	json_t *o = json_object();

	json_object_set_new(o, "status", json_string(status ? status :
	    "unknown"));
	json_object_set_new(o, "kind", kind && status && strcmp(status,
	    "ok") == 0 ? json_string(kind) : json_null());
	json_object_set_new(o, "version",
	    fact_or_null(f, "engine.version.Version"));
	json_object_set_new(o, "api_version",
	    fact_or_null(f, "engine.version.ApiVersion"));
	json_object_set_new(o, "endpoint", fact_or_null(f, "engine.endpoint"));
	json_object_set_new(o, "source", ep != NULL ?
	    fact_or_null(ep, "source") : json_null());
	json_object_set_new(o, "rootless",
	    json_boolean(ha_facts_engine_rootless(f)));
	json_object_set_new(o, "remote",
	    json_boolean(ha_facts_engine_remote(f)));
	/* which engine: hosts of one name stay apart by it (--merge) */
	json_object_set_new(o, "id", fact_or_null(f, "engine.info.ID"));
	json_object_set_new(o, "name", fact_or_null(f, "engine.info.Name"));
	return o;
}

/*
 * A string fact of this host, or for a remote engine (nothing of the
 * host it runs on is collected) what its /info says.
 */
static json_t *
host_fact(const json_t *f, const char *path, const char *info)
{
	const char *v = ha_facts_str(f, path);

	if (v == NULL && (ha_facts_engine_remote(f) ||
	    json_is_true(ha_facts_get(f, "host.remote"))))
		v = ha_facts_str(f, info);
	return v != NULL ? json_string(v) : json_null();
}

json_t *
ha_report_host_json(const struct ha_report *rep)
{
	const json_t *f = rep->facts;
	json_t *o;

	o = json_pack("{s:s, s:o, s:o, s:o}", "hostname", rep->host,
	    "os", host_fact(f, "host.os", "engine.info.OperatingSystem"),
	    "kernel", host_fact(f, "host.kernel", "engine.info.KernelVersion"),
	    "architecture", host_fact(f, "host.architecture",
	    "engine.info.Architecture"));
	if (o == NULL)
		ha_die_oom();
	return o;
}

char *
ha_report_engine_line(const json_t *f)
{
	const char *kind = ha_facts_engine_kind(f);
	const char *st = ha_facts_str(f, "engine.status");
	const char *v = ha_facts_str(f, "engine.version.Version");
	const char *api = ha_facts_str(f, "engine.version.ApiVersion");
	const char *ep = ha_facts_str(f, "engine.endpoint");
	const char *why = ha_facts_str(f, "engine.endpoint_info.why");

	if (st == NULL)
		return ha_xstrdup("unknown (no engine facts)");
	if (strcmp(st, "ok") != 0)
		return ha_xasprintf("%s at %s%s%s%s", st && strcmp(st,
		    "absent") == 0 ? "none found" : "not answering",
		    ep ? ep : "?", why ? " (" : "", why ? why : "",
		    why ? ")" : "");
	return ha_xasprintf("%s%s %s%s%s%s at %s%s%s%s",
	    ha_facts_engine_rootless(f) ? "rootless " : "",
	    kind ? kind : "?", v ? v : "?", api ? " (API " : "",
	    api ? api : "", api ? ")" : "", ep ? ep : "?",
	    why ? " (" : "", why ? why : "", why ? ")" : "");
}

json_t *
ha_report_json_head(const struct ha_report *rep)
{
	char *ppath;
	char when[32];
	json_t *o, *sections, *score, *errors;
	size_t i;

	ha_utc_iso8601(rep->started_at, when, sizeof(when));
	sections = json_array();
	for (i = 0; i < rep->nsections; i++) {
		json_t *s = score_json(&rep->sections[i].score);

		json_object_set_new(s, "id", json_string(rep->sections[i].id));
		json_object_set_new(s, "title",
		    json_string(rep->sections[i].title));
		json_array_append_new(sections, s);
	}
	score = score_json(&rep->score);
	json_object_set_new(score, "sections", sections);
	errors = json_deep_copy(json_object_get(rep->facts, "errors"));
	/* the path comes from the command line: any bytes at all */
	ppath = ha_utf8_lossy(rep->profile->path ? rep->profile->path : "");
	o = json_pack("{s:s, s:{s:s, s:s}, s:o, s:{s:s, s:s, s:s}, s:s, "
	    "s:I, s:o, s:[], s:o}",
	    "schema", HA_REPORT_SCHEMA,
	    "tool", "name", "hostaudit", "version", rep->tool_version,
	    "host", ha_report_host_json(rep),
	    "profile", "name", rep->profile->name, "title",
	    rep->profile->title, "path", ppath,
	    "started_at", when, "duration_ms", (json_int_t)rep->duration_ms,
	    "score", score, "results",
	    "collection_errors", errors ? errors : json_array());
	free(ppath);
	if (o == NULL)
		ha_die_oom();
	json_object_set_new(o, "not_seen", ha_report_not_seen(rep));
	json_object_set_new(o, "engine", ha_report_engine_json(rep->facts));
	if (rep->nengines > 0) {
		json_t *engines = json_array(), *e;

		/* "name" here is the name targets use, not /info's */
		for (i = 0; i < rep->nengines; i++) {
			e = ha_report_engine_json(rep->engines[i].facts);
			json_object_set_new(e, "name",
			    json_string(rep->engines[i].name));
			json_array_append_new(engines, e);
		}
		json_object_set_new(o, "engines", engines);
	}
	json_object_set_new(o, "waivers", ha_waivers_report_json(rep));
	if (rep->baseline != NULL)
		json_object_set_new(o, "baseline",
		    ha_baseline_json_score(rep->baseline, &rep->score));
	return o;
}

json_t *
ha_report_to_json(const struct ha_report *rep)
{
	json_t *o = ha_report_json_head(rep);
	json_t *results = json_object_get(o, "results");
	size_t i;

	for (i = 0; i < rep->nresults; i++)
		json_array_append_new(results,
		    ha_report_result_json(&rep->results[i]));
	return o;
}

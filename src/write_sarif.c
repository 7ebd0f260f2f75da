/*
 * write_sarif.c - SARIF 2.1.0 for code-scanning dashboards: one rule
 * per check of the profile, one result per failing target (or per
 * failing check without targets) located by a logical location that names
 * the container, image, file or daemon.  With a baseline, results carry
 * baselineState and what was fixed is listed as absent.
 */
#include <stdlib.h>
#include <string.h>

#include "ha_baseline.h"
#include "ha_report.h"
#include "ha_util.h"
#include "banned.h"

#define SARIF_SCHEMA \
	"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/" \
	"schemas/sarif-schema-2.1.0.json"

/* A JSON string of s, made valid UTF-8 whatever s holds. */
static json_t *
str(const char *s)
{
	char *l = ha_utf8_lossy(s ? s : "");
	json_t *j = json_string(l);

	free(l);
	if (j == NULL)
		ha_die_oom();
	return j;
}

static json_t *
msg(const char *s)
{
	json_t *o = json_object();

	json_object_set_new(o, "text", str(s));
	return o;
}

static const char *
level(enum ha_severity s)
{
	return s >= HA_SEV_HIGH ? "error" : s == HA_SEV_MEDIUM ? "warning" :
	    "note";
}

static json_t *
rule(const struct ha_result *r)
{
	json_t *o = json_object(), *props = json_object(), *cfg;

	json_object_set_new(o, "id", str(r->check->id));
	json_object_set_new(o, "name", str(r->check->id));
	json_object_set_new(o, "shortDescription", msg(r->check->title));
	if (r->check->rationale != NULL)
		json_object_set_new(o, "fullDescription",
		    msg(r->check->rationale));
	json_object_set_new(o, "help", msg(r->check->remediation));
	cfg = json_object();
	json_object_set_new(cfg, "level",
	    json_string(level(r->entry->severity)));
	json_object_set_new(o, "defaultConfiguration", cfg);
	json_object_set_new(props, "ref", str(r->entry->ref));
	json_object_set_new(props, "level", json_integer(r->entry->level));
	json_object_set_new(props, "severity",
	    json_string(ha_severity_name(r->entry->severity)));
	json_object_set_new(props, "scope",
	    json_string(ha_scope_name(r->check->scope)));
	json_object_set_new(o, "properties", props);
	return o;
}

static json_t *
location(const char *kind, const char *name)
{
	json_t *ll = json_object(), *loc = json_object();
	char *fq = ha_xasprintf("%s/%s", kind, name);

	json_object_set_new(ll, "name", str(name));
	json_object_set_new(ll, "fullyQualifiedName", str(fq));
	json_object_set_new(ll, "kind", json_string("resource"));
	json_object_set_new(loc, "logicalLocations", json_pack("[o]", ll));
	free(fq);
	return json_pack("[o]", loc);
}

static const char *
baseline_state(enum ha_change c)
{
	return c == HA_CHANGE_NEW ? "new" : c == HA_CHANGE_STILL ?
	    "unchanged" : c == HA_CHANGE_FIXED ? "absent" : NULL;
}

static void
add_result(json_t *results, const struct ha_result *r, size_t index,
    const struct ha_target *t, const char *host)
{
	json_t *o = json_object();
	char *text;
	const char *state;

	json_object_set_new(o, "ruleId", str(r->check->id));
	json_object_set_new(o, "ruleIndex", json_integer((json_int_t)index));
	json_object_set_new(o, "level", json_string(level(r->entry->severity)));
	if (t != NULL)
		text = ha_xasprintf("%s %s: %s", t->kind, t->name,
		    t->detail && *t->detail ? t->detail : r->message);
	else
		text = ha_xstrdup(r->message ? r->message : r->check->title);
	json_object_set_new(o, "message", msg(text));
	free(text);
	if (t != NULL)
		json_object_set_new(o, "locations", location(t->kind, t->name));
	else
		json_object_set_new(o, "locations", location(ha_scope_name(
		    r->check->scope), host));
	state = baseline_state(t ? t->change : r->change);
	if (state != NULL)
		json_object_set_new(o, "baselineState", json_string(state));
	json_object_set_new(o, "properties", json_pack("{s:o}", "ref",
	    str(r->entry->ref)));
	json_array_append_new(results, o);
}

static void
add_results(json_t *results, const struct ha_result *r, size_t index,
    const char *host)
{
	size_t i;
	int any = 0;

	if (r->status != HA_FAIL)
		return;
	for (i = 0; i < r->ntargets; i++)
		if (r->targets[i].status == HA_FAIL) {
			add_result(results, r, index, &r->targets[i], host);
			any = 1;
		}
	if (!any)
		add_result(results, r, index, NULL, host);
}

/* What the baseline had failing and this run does not: "absent". */
static void
add_fixed(json_t *results, const struct ha_report *rep)
{
	const struct ha_fixed *f;
	json_t *o;
	char *text;
	size_t i;

	for (i = 0; rep->baseline != NULL && i < rep->baseline->nfixed; i++) {
		f = &rep->baseline->fixed[i];
		o = json_object();
		json_object_set_new(o, "ruleId", str(f->id));
		json_object_set_new(o, "kind", json_string("pass"));
		json_object_set_new(o, "level", json_string("none"));
		text = f->kind ? ha_xasprintf("fixed: %s %s", f->kind,
		    f->name) : ha_xasprintf("fixed: %s", f->title);
		json_object_set_new(o, "message", msg(text));
		free(text);
		json_object_set_new(o, "locations", location(f->kind ?
		    f->kind : "host", f->kind ? f->name : rep->host));
		json_object_set_new(o, "baselineState", json_string("absent"));
		json_array_append_new(results, o);
	}
}

static json_t *
sarif_doc(const struct ha_report *rep)
{
	json_t *rules = json_array(), *results = json_array(), *run, *driver;
	char when[32];
	size_t i;

	for (i = 0; i < rep->nresults; i++) {
		json_array_append_new(rules, rule(&rep->results[i]));
		add_results(results, &rep->results[i], i, rep->host);
	}
	add_fixed(results, rep);
	ha_utc_iso8601(rep->started_at, when, sizeof(when));
	driver = json_pack("{s:s, s:s, s:o}", "name", "hostaudit",
	    "version", rep->tool_version, "rules", rules);
	/* a run that did not see everything did not execute successfully */
	run = json_pack("{s:{s:o}, s:[{s:b, s:s}], s:o, s:{s:o, s:o, s:o, "
	    "s:f, s:i, s:i}}",
	    "tool", "driver", driver,
	    "invocations", "executionSuccessful", !ha_report_blind(rep),
	    "startTimeUtc", when, "results", results,
	    "properties", "host", str(rep->host), "profile",
	    str(rep->profile->name), "score_percent", rep->score.has_percent ?
	    json_real(rep->score.percent) : json_null(),
	    "coverage_percent", rep->score.coverage,
	    "checks_selected", rep->score.selected,
	    "checks_evaluated", rep->score.evaluated);
	if (driver == NULL || run == NULL)
		ha_die_oom();
	return json_pack("{s:s, s:s, s:[o]}", "$schema", SARIF_SCHEMA,
	    "version", "2.1.0", "runs", run);
}

static int
write_sarif(const struct ha_report *rep, FILE *fp,
    const struct ha_write_opts *o)
{
	json_t *doc = sarif_doc(rep);
	int rc;

	(void)o;
	if (doc == NULL)
		ha_die_oom();
	/* 15 digits: 56.3 is written 56.3, as the other formats show it */
	rc = json_dumpf(doc, fp, JSON_INDENT(2) | JSON_ENSURE_ASCII |
	    JSON_REAL_PRECISION(15));
	json_decref(doc);
	if (rc < 0 || fputc('\n', fp) == EOF)
		return -1;
	return 0;
}

const struct ha_writer ha_writer_sarif = {
	.name = "sarif",
	.description = "SARIF 2.1.0 for code-scanning tools",
	.write = write_sarif,
};

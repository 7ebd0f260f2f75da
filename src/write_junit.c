/* SPDX-License-Identifier: Apache-2.0 */
/*
 * write_junit.c - JUnit XML for CI: one testsuite per profile section,
 * one testcase per check, and one per target for container and image
 * checks ("5.5 container.privileged [web]").  fail is a <failure>, error
 * an <error>, skip, manual and waived are <skipped/>; pass, warn and info
 * pass (a warning is noted in <system-out>).  With --baseline, each
 * suite's properties count the findings new, still failing, fixed and
 * gone since the baseline and give the score change, and the <failure>
 * of a new finding says so first.
 */
#include <stdlib.h>
#include <string.h>

#include "ha_baseline.h"
#include "ha_report.h"
#include "banned.h"

struct tally {
	int	 tests, failures, errors, skipped;
};

static int
per_target(const struct ha_result *r)
{
	return (r->check->scope == HA_SCOPE_CONTAINER ||
	    r->check->scope == HA_SCOPE_IMAGE) && r->ntargets > 0;
}

static int
is_skipped(enum ha_status s)
{
	return s == HA_SKIP || s == HA_MANUAL || s == HA_WAIVED;
}

static void
tally_add(struct tally *t, enum ha_status s)
{
	t->tests++;
	t->failures += s == HA_FAIL;
	t->errors += s == HA_ERROR;
	t->skipped += is_skipped(s);
}

static void
tally_section(const struct ha_report *rep, const char *id, struct tally *t)
{
	size_t i, j;

	memset(t, 0, sizeof(*t));
	for (i = 0; i < rep->nresults; i++) {
		const struct ha_result *r = &rep->results[i];

		if (id != NULL && strcmp(r->entry->section, id) != 0)
			continue;
		if (!per_target(r))
			tally_add(t, r->status);
		else
			for (j = 0; j < r->ntargets; j++)
				tally_add(t, r->targets[j].status);
	}
}

static void
attr(FILE *fp, const char *name, const char *value)
{
	fprintf(fp, " %s=\"", name);
	ha_put_xml(fp, value);
	fputc('"', fp);
}

static void
tally_attrs(FILE *fp, const struct tally *t)
{
	fprintf(fp, " tests=\"%d\" failures=\"%d\" errors=\"%d\" "
	    "skipped=\"%d\"", t->tests, t->failures, t->errors, t->skipped);
}

/* The body of a <failure> for a check with targets: one line each. */
static void
target_lines(FILE *fp, const struct ha_result *r)
{
	size_t i;

	for (i = 0; i < r->ntargets; i++) {
		const struct ha_target *t = &r->targets[i];

		ha_put_xml(fp, ha_status_name(t->status));
		fputc(' ', fp);
		ha_put_xml(fp, t->kind);
		fputc(' ', fp);
		ha_put_xml(fp, t->name);
		if (t->detail != NULL && *t->detail != '\0') {
			fputs(": ", fp);
			ha_put_xml(fp, t->detail);
		}
		fputc('\n', fp);
	}
}

/* A failure new since the baseline: the whole check, or one target. */
static int
is_new(const struct ha_result *r, const struct ha_target *t)
{
	size_t i;

	if (t != NULL)
		return t->change == HA_CHANGE_NEW;
	for (i = 0; i < r->ntargets; i++)
		if (r->targets[i].status == HA_FAIL &&
		    r->targets[i].change == HA_CHANGE_NEW)
			return 1;
	return r->change == HA_CHANGE_NEW;
}

static void
testcase(FILE *fp, const struct ha_report *rep, const struct ha_result *r,
    const struct ha_target *t)
{
	enum ha_status st = t ? t->status : r->status;
	const char *msg = t ? t->detail : r->message;

	fputs("    <testcase", fp);
	fputs(" name=\"", fp);
	ha_put_xml(fp, r->entry->ref);
	fputc(' ', fp);
	ha_put_xml(fp, r->check->id);
	if (t != NULL) {
		fputs(" [", fp);
		if (t->engine != NULL) {
			ha_put_xml(fp, t->engine);
			fputc(' ', fp);
		}
		ha_put_xml(fp, t->name);
		fputc(']', fp);
	}
	fputc('"', fp);
	fputs(" classname=\"hostaudit.", fp);
	ha_put_xml(fp, r->entry->section);
	fputs("\" time=\"0\">\n", fp);
	if (st == HA_FAIL || st == HA_ERROR) {
		fprintf(fp, "      <%s", st == HA_FAIL ? "failure" : "error");
		attr(fp, "message", msg);
		attr(fp, "type", ha_severity_name(r->entry->severity));
		fputc('>', fp);
		if (st == HA_FAIL && rep->baseline != NULL && is_new(r, t)) {
			fputs("New since the baseline of ", fp);
			ha_put_xml(fp, rep->baseline->started_at);
			fputs(".\n", fp);
		}
		ha_put_xml(fp, r->check->title);
		fputc('\n', fp);
		if (t == NULL)
			target_lines(fp, r);
		fputs("Remediation: ", fp);
		ha_put_xml(fp, r->check->remediation);
		fprintf(fp, "</%s>\n", st == HA_FAIL ? "failure" : "error");
	} else if (is_skipped(st)) {
		fputs("      <skipped", fp);
		attr(fp, "message", msg && *msg ? msg : ha_status_name(st));
		fputs("/>\n", fp);
	} else if (st == HA_WARN) {
		fputs("      <system-out>warn: ", fp);
		ha_put_xml(fp, msg);
		fputs("</system-out>\n", fp);
	}
	fputs("    </testcase>\n", fp);
}

static void
property(FILE *fp, const char *name, const char *value)
{
	fputs("      <property", fp);
	attr(fp, "name", name);
	attr(fp, "value", value);
	fputs("/>\n", fp);
}

/* --baseline: what changed since it, for the whole report. */
static void
baseline_properties(FILE *fp, const struct ha_report *rep)
{
	const struct ha_baseline *b = rep->baseline;
	char v[32];
	double d;

	if (b == NULL)
		return;
	property(fp, "baseline_started_at", b->started_at);
	snprintf(v, sizeof(v), "%zu", b->nnew);
	property(fp, "baseline_new", v);
	snprintf(v, sizeof(v), "%zu", b->nstill);
	property(fp, "baseline_still_failing", v);
	snprintf(v, sizeof(v), "%zu", b->nfixed - b->ngone);
	property(fp, "baseline_fixed", v);
	snprintf(v, sizeof(v), "%zu", b->ngone);
	property(fp, "baseline_gone", v);
	if (b->has_score)
		snprintf(v, sizeof(v), "%.1f", b->score_before);
	property(fp, "baseline_score_percent", b->has_score ? v : "n/a");
	if (ha_baseline_score_change(b, &rep->score, &d))
		snprintf(v, sizeof(v), "%+.1f", d);
	property(fp, "score_change", ha_baseline_score_change(b, &rep->score,
	    &d) ? v : "n/a");
}

/* The engine audited, or each of them, as properties. */
static void
engine_properties(FILE *fp, const struct ha_report *rep)
{
	char *line;
	size_t i;

	if (rep->nengines == 0) {
		line = ha_report_engine_line(rep->facts);
		fputs("      <property name=\"engine\" value=\"", fp);
		ha_put_xml(fp, line);
		fputs("\"/>\n", fp);
		free(line);
	}
	for (i = 0; i < rep->nengines; i++) {
		line = ha_report_engine_line(rep->engines[i].facts);
		fputs("      <property name=\"engine.", fp);
		ha_put_xml(fp, rep->engines[i].name);
		fputs("\" value=\"", fp);
		ha_put_xml(fp, line);
		fputs("\"/>\n", fp);
		free(line);
	}
}

static void
testsuite(FILE *fp, const struct ha_report *rep,
    const struct ha_section_score *s, const char *when)
{
	struct tally t;
	char pct[16];
	size_t i, j;

	tally_section(rep, s->id, &t);
	if (t.tests == 0)
		return;
	fputs("  <testsuite", fp);
	attr(fp, "name", s->title);
	attr(fp, "id", s->id);
	tally_attrs(fp, &t);
	attr(fp, "hostname", rep->host);
	fprintf(fp, " timestamp=\"%.19s\" time=\"0\">\n", when);
	fprintf(fp, "    <properties>\n      <property name=\"score_percent\" "
	    "value=\"%s\"/>\n      <property name=\"coverage_percent\" "
	    "value=\"%.1f\"/>\n      <property name=\"checks_evaluated\" "
	    "value=\"%d of %d\"/>\n",
	    ha_score_str(&s->score, pct, sizeof(pct)), s->score.coverage,
	    s->score.evaluated, s->score.selected);
	engine_properties(fp, rep);
	baseline_properties(fp, rep);
	fputs("    </properties>\n", fp);
	for (i = 0; i < rep->nresults; i++) {
		const struct ha_result *r = &rep->results[i];

		if (strcmp(r->entry->section, s->id) != 0)
			continue;
		if (!per_target(r))
			testcase(fp, rep, r, NULL);
		else
			for (j = 0; j < r->ntargets; j++)
				testcase(fp, rep, r, &r->targets[j]);
	}
	fputs("  </testsuite>\n", fp);
}

static int
write_junit(const struct ha_report *rep, FILE *fp,
    const struct ha_write_opts *o)
{
	char when[32];
	struct tally t;
	size_t i;

	(void)o;
	ha_utc_iso8601(rep->started_at, when, sizeof(when));
	tally_section(rep, NULL, &t);
	fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites", fp);
	attr(fp, "name", rep->profile->title);
	tally_attrs(fp, &t);
	fprintf(fp, " time=\"%.3f\">\n", (double)rep->duration_ms / 1000.0);
	for (i = 0; i < rep->nsections; i++)
		testsuite(fp, rep, &rep->sections[i], when);
	fputs("</testsuites>\n", fp);
	return ferror(fp) ? -1 : 0;
}

const struct ha_writer ha_writer_junit = {
	.name = "junit",
	.description = "JUnit XML for CI (a testsuite per section)",
	.write = write_junit,
};

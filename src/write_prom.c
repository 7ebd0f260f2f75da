/* SPDX-License-Identifier: Apache-2.0 */
/*
 * write_prom.c - metrics in the Prometheus text format for
 * node_exporter's textfile collector: the score, coverage, errors,
 * per-section scores,
 * counts by status and by severity, one series per check, and when the
 * audit ran.  Every series of a family is written, zeros included, so
 * that dashboards and alerts see stable series.  With --baseline also
 * the findings by state (new, still failing, fixed, gone), the new ones
 * by severity and the score change; without one these series are left
 * out rather than written as zeros that would claim nothing changed.
 */
#include <stdlib.h>
#include <string.h>

#include "ha_baseline.h"
#include "ha_report.h"
#include "ha_util.h"
#include "banned.h"

/* A label value: backslash, double quote and newline escaped. */
static void
label(FILE *fp, const char *s)
{
	char *l = ha_utf8_lossy(s ? s : ""), *p;

	for (p = l; *p != '\0'; p++) {
		if (*p == '\\' || *p == '"')
			fputc('\\', fp);
		if (*p == '\n')
			fputs("\\n", fp);
		else
			fputc(*p, fp);
	}
	free(l);
}

static void
family(FILE *fp, const char *name, const char *help)
{
	fprintf(fp, "# HELP %s %s\n# TYPE %s gauge\n", name, help, name);
}

/* A score as every writer shows it; NaN when nothing was applicable. */
static void
score_value(FILE *fp, const struct ha_score *sc)
{
	if (sc->has_percent)
		fprintf(fp, "%.1f\n", sc->percent);
	else
		fputs("NaN\n", fp);
}

/*
 * --baseline: the findings (a failing target, or a failing check without
 * one) by state, in the same family as by severity: a series has one of
 * the two labels, so hostaudit_findings{state="new"} and
 * hostaudit_findings{severity="critical"} each select their own.
 */
static void
write_changes(const struct ha_report *rep, FILE *fp)
{
	const struct ha_baseline *b = rep->baseline;
	int fresh[HA_SEV_COUNT] = { 0 };
	size_t i, j, any;
	double d;
	int s;

	if (b == NULL)
		return;
	fprintf(fp, "hostaudit_findings{state=\"new\"} %zu\n"
	    "hostaudit_findings{state=\"still_failing\"} %zu\n"
	    "hostaudit_findings{state=\"fixed\"} %zu\n"
	    "hostaudit_findings{state=\"gone\"} %zu\n", b->nnew, b->nstill,
	    b->nfixed - b->ngone, b->ngone);
	for (i = 0; i < rep->nresults; i++) {
		const struct ha_result *r = &rep->results[i];
		unsigned sev = (unsigned)r->entry->severity;

		if (r->status != HA_FAIL || sev >= HA_SEV_COUNT)
			continue;
		for (j = 0, any = 0; j < r->ntargets; j++) {
			if (r->targets[j].status != HA_FAIL)
				continue;
			any++;
			fresh[sev] += r->targets[j].change == HA_CHANGE_NEW;
		}
		if (any == 0)
			fresh[sev] += r->change == HA_CHANGE_NEW;
	}
	family(fp, "hostaudit_new_findings",
	    "Findings new since the baseline report, by severity.");
	for (s = 0; s < HA_SEV_COUNT; s++)
		fprintf(fp, "hostaudit_new_findings{severity=\"%s\"} %d\n",
		    ha_severity_name((enum ha_severity)s), fresh[s]);
	family(fp, "hostaudit_score_change",
	    "Score now minus the baseline report's, in points; NaN when "
	    "either has none.");
	if (ha_baseline_score_change(b, &rep->score, &d))
		fprintf(fp, "hostaudit_score_change %.1f\n", d);
	else
		fputs("hostaudit_score_change NaN\n", fp);
}

static void
write_counts(const struct ha_report *rep, FILE *fp)
{
	int findings[HA_SEV_COUNT] = { 0 };
	size_t i;
	int s;

	family(fp, "hostaudit_results", "Checks by result status.");
	for (s = 0; s < HA_STATUS_COUNT; s++)
		fprintf(fp, "hostaudit_results{status=\"%s\"} %d\n",
		    ha_status_name((enum ha_status)s), rep->score.counts[s]);
	for (i = 0; i < rep->nresults; i++)
		if (rep->results[i].status == HA_FAIL &&
		    (unsigned)rep->results[i].entry->severity < HA_SEV_COUNT)
			findings[rep->results[i].entry->severity]++;
	family(fp, "hostaudit_findings", "Failing checks by severity; with "
	    "a baseline also findings by state since it.");
	for (s = 0; s < HA_SEV_COUNT; s++)
		fprintf(fp, "hostaudit_findings{severity=\"%s\"} %d\n",
		    ha_severity_name((enum ha_severity)s), findings[s]);
	write_changes(rep, fp);
}

/* One series per engine audited, its facts as labels; always 1. */
static void
engine_series(FILE *fp, const char *name, const json_t *facts)
{
	json_t *e = ha_report_engine_json(facts);
	const char *keys[] = { "kind", "version", "endpoint", "status" };
	size_t i;

	fputs("hostaudit_engine_info{name=\"", fp);
	label(fp, name);
	for (i = 0; i < HA_ARRAY_SIZE(keys); i++) {
		fprintf(fp, "\",%s=\"", keys[i]);
		label(fp, json_string_value(json_object_get(e, keys[i])));
	}
	fprintf(fp, "\",rootless=\"%s\"} 1\n",
	    json_is_true(json_object_get(e, "rootless")) ? "true" : "false");
	json_decref(e);
}

static void
write_engines(const struct ha_report *rep, FILE *fp)
{
	size_t i;

	family(fp, "hostaudit_engine_info",
	    "The engines audited, one series each; always 1.");
	if (rep->nengines == 0)
		engine_series(fp, "", rep->facts);
	for (i = 0; i < rep->nengines; i++)
		engine_series(fp, rep->engines[i].name,
		    rep->engines[i].facts);
}

static int
write_prom(const struct ha_report *rep, FILE *fp,
    const struct ha_write_opts *o)
{
	size_t i;

	(void)o;
	family(fp, "hostaudit_score_percent",
	    "Weighted share of applicable checks that pass (0-100); a check "
	    "in error counts as not passed; NaN when nothing applied.");
	fputs("hostaudit_score_percent ", fp);
	score_value(fp, &rep->score);
	family(fp, "hostaudit_coverage_percent",
	    "Share of the selected automated checks that could be evaluated "
	    "(0-100).");
	fprintf(fp, "hostaudit_coverage_percent %.1f\n", rep->score.coverage);
	family(fp, "hostaudit_errors",
	    "Checks that could not be evaluated (status error).");
	fprintf(fp, "hostaudit_errors %d\n", rep->score.counts[HA_ERROR]);
	family(fp, "hostaudit_section_score_percent",
	    "Weighted score of one profile section (0-100).");
	for (i = 0; i < rep->nsections; i++) {
		fputs("hostaudit_section_score_percent{section=\"", fp);
		label(fp, rep->sections[i].id);
		fputs("\",title=\"", fp);
		label(fp, rep->sections[i].title);
		fputs("\"} ", fp);
		score_value(fp, &rep->sections[i].score);
	}
	write_counts(rep, fp);
	write_engines(rep, fp);
	family(fp, "hostaudit_check_status",
	    "One series per check, labelled with its status; always 1.");
	for (i = 0; i < rep->nresults; i++) {
		const struct ha_result *r = &rep->results[i];

		fputs("hostaudit_check_status{id=\"", fp);
		label(fp, r->check->id);
		fputs("\",ref=\"", fp);
		label(fp, r->entry->ref);
		fprintf(fp, "\",status=\"%s\"} 1\n", ha_status_name(r->status));
	}
	family(fp, "hostaudit_last_run_timestamp_seconds",
	    "When the audit started, in seconds since the epoch.");
	fprintf(fp, "hostaudit_last_run_timestamp_seconds %lld\n",
	    (long long)rep->started_at);
	family(fp, "hostaudit_duration_seconds",
	    "How long collection and evaluation took.");
	fprintf(fp, "hostaudit_duration_seconds %.3f\n",
	    (double)rep->duration_ms / 1000.0);
	return ferror(fp) ? -1 : 0;
}

const struct ha_writer ha_writer_prometheus = {
	.name = "prometheus",
	.description = "node_exporter textfile metrics",
	.write = write_prom,
};

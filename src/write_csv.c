/* SPDX-License-Identifier: Apache-2.0 */
/*
 * write_csv.c - one row per check and target (a check without targets
 * has one row), a header row first; RFC 4180: CRLF line ends, a field
 * holding a comma, quote, CR or LF is quoted with its quotes doubled.
 *
 * Columns are only ever added at the end (scripts use their numbers).
 * Every row names its host and when its facts were collected, and the
 * header is the same for every host, so the CSVs of many hosts join
 * into one: awk 'FNR > 1 || NR == 1' *.csv.  With --baseline, what the
 * baseline had failing that this run no longer has at all (a check
 * gone from the profile, a container or image removed) gets a row of
 * its own after the others, change "fixed" or "gone".
 */
#include <stdlib.h>
#include <string.h>

#include "ha_baseline.h"
#include "ha_facts.h"
#include "ha_report.h"
#include "ha_util.h"
#include "banned.h"

static const char *const header[] = {
	"section", "ref", "id", "title", "level", "severity", "scored",
	"status", "message", "target_kind", "target_name", "target_status",
	"target_state", "target_detail", "change", "engine",
	/* hostaudit-report/3 */
	"host", "collected_at", "remediation", "target_id", "target_image",
	"target_image_id", "compose_project", "compose_service",
};

enum {
	C_SECTION, C_REF, C_ID, C_TITLE, C_LEVEL, C_SEVERITY, C_SCORED,
	C_STATUS, C_MESSAGE, C_KIND, C_NAME, C_TSTATUS, C_STATE, C_DETAIL,
	C_CHANGE, C_ENGINE, C_HOST, C_COLLECTED, C_REMEDIATION, C_TID,
	C_IMAGE, C_IMAGE_ID, C_PROJECT, C_SERVICE,
};

/* What every row of one report repeats. */
struct common {
	const char	*engine;	/* the engine line; "" for several */
	const char	*host;
	const char	*collected_at;
};

#define NFIELDS	HA_ARRAY_SIZE(header)

/*
 * A cell a spreadsheet would take for a formula (OWASP: one that starts
 * with = + - @, a tab or a CR) is neutralised with a leading quote, so a
 * container name cannot run anything in the auditor's spreadsheet.
 */
static char *
neutral(const char *s)
{
	char *l = ha_utf8_lossy(s ? s : ""), *q;

	if (strchr("=+-@\t\r", l[0]) == NULL || l[0] == '\0')
		return l;
	q = ha_xasprintf("'%s", l);
	free(l);
	return q;
}

static void
field(FILE *fp, const char *s, int last)
{
	char *l = neutral(s), *p;

	if (strpbrk(l, ",\"\r\n") == NULL) {
		fputs(l, fp);
	} else {
		fputc('"', fp);
		for (p = l; *p != '\0'; p++) {
			if (*p == '"')
				fputc('"', fp);
			fputc(*p, fp);
		}
		fputc('"', fp);
	}
	fputs(last ? "\r\n" : ",", fp);
	free(l);
}

static void
row(FILE *fp, const char *const *f)
{
	size_t i;

	for (i = 0; i < NFIELDS; i++)
		field(fp, f[i], i + 1 == NFIELDS);
}

/* The columns of the check itself, and the report's own. */
static void
check_fields(const char **f, const struct ha_result *r, char *level,
    size_t len, const struct common *cm)
{
	size_t i;

	for (i = 0; i < NFIELDS; i++)
		f[i] = "";
	snprintf(level, len, "%d", r->entry->level);
	f[C_SECTION] = r->entry->section;
	f[C_REF] = r->entry->ref;
	f[C_ID] = r->check->id;
	f[C_TITLE] = r->check->title;
	f[C_LEVEL] = level;
	f[C_SEVERITY] = ha_severity_name(r->entry->severity);
	f[C_SCORED] = r->entry->scored ? "yes" : "no";
	f[C_STATUS] = ha_status_name(r->status);
	f[C_MESSAGE] = r->message;
	f[C_REMEDIATION] = r->check->remediation;
	f[C_ENGINE] = cm->engine;
	f[C_HOST] = cm->host;
	f[C_COLLECTED] = cm->collected_at;
}

/*
 * The engine a row is about: the target's (--all-engines), else the one
 * engine audited ("docker 24.0.7 at unix://..."), so that every row says
 * which engine it judged.
 */
static void
result_rows(FILE *fp, const struct ha_result *r, const struct common *cm)
{
	const char *f[NFIELDS];
	struct ha_target_meta m;
	char level[16];
	size_t i;

	check_fields(f, r, level, sizeof(level), cm);
	f[C_CHANGE] = ha_change_name(r->change);
	if (r->ntargets == 0) {
		row(fp, f);
		return;
	}
	for (i = 0; i < r->ntargets; i++) {
		const struct ha_target *t = &r->targets[i];

		ha_target_meta(t, &m);
		f[C_KIND] = t->kind;
		f[C_NAME] = t->name;
		f[C_TSTATUS] = ha_status_name(t->status);
		f[C_STATE] = t->state;
		f[C_DETAIL] = t->detail;
		f[C_CHANGE] = ha_change_name(t->change);
		f[C_ENGINE] = t->engine != NULL ? t->engine : cm->engine;
		f[C_TID] = m.id;
		f[C_IMAGE] = m.image;
		f[C_IMAGE_ID] = m.image_id;
		f[C_PROJECT] = m.compose_project;
		f[C_SERVICE] = m.compose_service;
		row(fp, f);
	}
}

static const struct ha_result *
find_result(const struct ha_report *rep, const char *id)
{
	size_t i;

	for (i = 0; i < rep->nresults; i++)
		if (strcmp(rep->results[i].check->id, id) == 0)
			return &rep->results[i];
	return NULL;
}

/* Does this run have the fixed item's target (a row names it already)? */
static int
has_target(const struct ha_result *r, const struct ha_fixed *x)
{
	size_t i;

	for (i = 0; i < r->ntargets; i++)
		if (strcmp(r->targets[i].kind, x->kind) == 0 &&
		    strcmp(r->targets[i].name, x->name) == 0)
			return 1;
	return 0;
}

/*
 * The baseline's failures this run has no row for: a gone target, a
 * target no longer judged, a check no longer run.  What was fixed in
 * place already has its row, change "fixed".
 */
static void
baseline_rows(FILE *fp, const struct ha_report *rep, const struct common *cm)
{
	const struct ha_baseline *b = rep->baseline;
	const struct ha_result *r;
	const char *f[NFIELDS];
	char level[16];
	size_t i, j;

	for (i = 0; b != NULL && i < b->nfixed; i++) {
		const struct ha_fixed *x = &b->fixed[i];

		r = find_result(rep, x->id);
		if (!x->gone && r != NULL && (x->kind == NULL ||
		    has_target(r, x)))
			continue;
		if (r != NULL) {
			check_fields(f, r, level, sizeof(level), cm);
			f[C_STATUS] = "";	/* nothing of now */
			f[C_MESSAGE] = "";
		} else {
			for (j = 0; j < NFIELDS; j++)
				f[j] = "";
			f[C_REF] = x->ref;
			f[C_ID] = x->id;
			f[C_TITLE] = x->title;
			f[C_ENGINE] = cm->engine;
			f[C_HOST] = cm->host;
			f[C_COLLECTED] = cm->collected_at;
		}
		f[C_KIND] = x->kind;
		f[C_NAME] = x->name;
		f[C_CHANGE] = x->gone ? "gone" : "fixed";
		row(fp, f);
	}
}

static int
write_csv(const struct ha_report *rep, FILE *fp,
    const struct ha_write_opts *o)
{
	char *engine = rep->nengines == 0 ?
	    ha_report_engine_line(rep->facts) : ha_xstrdup("");
	const char *collected = ha_facts_str(rep->facts, "collected_at");
	char when[32];
	struct common cm;
	size_t i;

	(void)o;
	/* when the facts were read: a --facts file's own time */
	if (collected == NULL) {
		ha_utc_iso8601(rep->started_at, when, sizeof(when));
		collected = when;
	}
	cm.engine = engine;
	cm.host = rep->host;
	cm.collected_at = collected;
	row(fp, header);
	for (i = 0; i < rep->nresults; i++)
		result_rows(fp, &rep->results[i], &cm);
	baseline_rows(fp, rep, &cm);
	free(engine);
	return ferror(fp) ? -1 : 0;
}

const struct ha_writer ha_writer_csv = {
	.name = "csv",
	.description = "one row per check and target (RFC 4180)",
	.write = write_csv,
};

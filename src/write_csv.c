/* SPDX-License-Identifier: Apache-2.0 */
/*
 * write_csv.c - one row per check and target (a check without targets
 * has one row), a header row first; RFC 4180: CRLF line ends, a field
 * holding a comma, quote, CR or LF is quoted with its quotes doubled.
 */
#include <stdlib.h>
#include <string.h>

#include "ha_report.h"
#include "ha_util.h"
#include "banned.h"

static const char *const header[] = {
	"section", "ref", "id", "title", "level", "severity", "scored",
	"status", "message", "target_kind", "target_name", "target_status",
	"target_state", "target_detail", "change", "engine",
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

/*
 * The engine a row is about: the target's (--all-engines), else the one
 * engine audited ("docker 24.0.7 at unix://..."), so that every row says
 * which engine it judged.
 */
static void
result_rows(FILE *fp, const struct ha_result *r, const char *engine)
{
	const char *f[NFIELDS];
	char level[16];
	size_t i;

	snprintf(level, sizeof(level), "%d", r->entry->level);
	f[0] = r->entry->section;
	f[1] = r->entry->ref;
	f[2] = r->check->id;
	f[3] = r->check->title;
	f[4] = level;
	f[5] = ha_severity_name(r->entry->severity);
	f[6] = r->entry->scored ? "yes" : "no";
	f[7] = ha_status_name(r->status);
	f[8] = r->message;
	for (i = 9; i < NFIELDS; i++)
		f[i] = "";
	f[14] = ha_change_name(r->change);
	f[15] = engine;
	if (r->ntargets == 0) {
		row(fp, f);
		return;
	}
	for (i = 0; i < r->ntargets; i++) {
		const struct ha_target *t = &r->targets[i];

		f[9] = t->kind;
		f[10] = t->name;
		f[11] = ha_status_name(t->status);
		f[12] = t->state;
		f[13] = t->detail;
		f[14] = ha_change_name(t->change);
		f[15] = t->engine != NULL ? t->engine : engine;
		row(fp, f);
	}
}

static int
write_csv(const struct ha_report *rep, FILE *fp,
    const struct ha_write_opts *o)
{
	char *engine = rep->nengines == 0 ?
	    ha_report_engine_line(rep->facts) : ha_xstrdup("");
	size_t i;

	(void)o;
	row(fp, header);
	for (i = 0; i < rep->nresults; i++)
		result_rows(fp, &rep->results[i], engine);
	free(engine);
	return ferror(fp) ? -1 : 0;
}

const struct ha_writer ha_writer_csv = {
	.name = "csv",
	.description = "one row per check and target (RFC 4180)",
	.write = write_csv,
};

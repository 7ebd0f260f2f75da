/* SPDX-License-Identifier: Apache-2.0 */
/*
 * write_md.c - a compact GitHub-flavoured Markdown report, for a CI job
 * summary or a pull request: the score and counts in a table, the
 * engine, what was not seen, the failures most severe first with their
 * remediation, then each failure's targets in a collapsed <details>
 * block, the changes since a baseline and the waivers.
 *
 * Names and messages come from the audited host and may be hostile:
 * text in Markdown is escaped so that it can neither start markup (a
 * link, emphasis, a table cell, raw HTML) nor mention anyone, text in
 * HTML (a <summary>) is entity-escaped, and characters that would hide
 * what text says are shown escaped ("\x1b", "\u202e") as every writer
 * shows them.
 */
#include <stdlib.h>
#include <string.h>

#include "ha_baseline.h"
#include "ha_report.h"
#include "ha_util.h"
#include "banned.h"

/* Targets listed per failing check before "and N more". */
#define MAX_LISTED	20

static const char *const sev_title[HA_SEV_COUNT] = {
	"Info", "Low", "Medium", "High", "Critical",
};

/*
 * cp as both md() and html() write it: HTML's specials as entities, "@"
 * kept from mentioning anyone, a hidden character as every writer shows
 * it, anything else as it is.
 */
static void
put_cp(FILE *fp, uint32_t cp)
{
	char buf[16];

	switch (cp) {
	case '&':  fputs("&amp;", fp); return;
	case '<':  fputs("&lt;", fp); return;
	case '>':  fputs("&gt;", fp); return;
	case '@':  fputs("@&#8203;", fp); return;
	default:   break;
	}
	if (ha_text_hidden(cp))
		fwrite(buf, 1, ha_text_escape(cp, buf, sizeof(buf)), fp);
	else
		fwrite(buf, 1, ha_utf8_encode(buf, cp), fp);
}

/*
 * s as Markdown inline text, also inside a table cell: punctuation that
 * starts markup backslash-escaped, a line break as <br>, the rest as
 * put_cp() writes it.
 */
static void
md(FILE *fp, const char *s)
{
	const char *p = s != NULL ? s : "";
	uint32_t cp;

	while (*p != '\0') {
		cp = ha_utf8_next(&p);
		switch (cp) {
		case '\\': case '`': case '*': case '_': case '[': case ']':
		case '~': case '|': case '#': case '!':
			fputc('\\', fp);
			fputc((int)cp, fp);
			break;
		case '\n':
			fputs("<br>", fp);
			break;
		default:
			put_cp(fp, cp);
			break;
		}
	}
}

/* s as HTML text (in a <summary>: Markdown is not read there). */
static void
html(FILE *fp, const char *s)
{
	const char *p = s != NULL ? s : "";
	uint32_t cp;

	while (*p != '\0') {
		cp = ha_utf8_next(&p);
		if (cp == '"')
			fputs("&quot;", fp);
		else if (cp == '\'')
			fputs("&#39;", fp);
		else
			put_cp(fp, cp);
	}
}

static void
put_head(FILE *fp, const struct ha_report *rep)
{
	const struct ha_score *s = &rep->score;
	char when[32], sc[16];

	ha_utc_iso8601(rep->started_at, when, sizeof(when));
	fputs("## hostaudit: ", fp);
	md(fp, rep->host);
	fputs(" \xe2\x80\x94 ", fp);
	md(fp, rep->profile->name);
	fputs("\n\n", fp);
	md(fp, rep->profile->title);
	fprintf(fp, ", %s, hostaudit %s\n\n", when, rep->tool_version);
	fputs("| Score | Coverage | Fail | Warn | Error | Waived | Pass | "
	    "Skip | Manual | Info |\n", fp);
	fputs("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n", fp);
	ha_score_str(s, sc, sizeof(sc));
	fprintf(fp, "| %s%s | %.1f%% (%d of %d) | %d | %d | %d | %d | %d | "
	    "%d | %d | %d |\n\n", sc, s->has_percent ? "%" : "", s->coverage,
	    s->evaluated, s->selected, s->counts[HA_FAIL], s->counts[HA_WARN],
	    s->counts[HA_ERROR], s->counts[HA_WAIVED], s->counts[HA_PASS],
	    s->counts[HA_SKIP], s->counts[HA_MANUAL], s->counts[HA_INFO]);
}

static void
put_engines(FILE *fp, const struct ha_report *rep)
{
	char *line, *ns;
	size_t i;

	if (rep->nengines == 0) {
		line = ha_report_engine_line(rep->facts);
		fputs("**Engine:** ", fp);
		md(fp, line);
		fputs("\n\n", fp);
		free(line);
	} else {
		fprintf(fp, "**Engines (%zu):**\n\n", rep->nengines);
		for (i = 0; i < rep->nengines; i++) {
			line = ha_report_engine_line(rep->engines[i].facts);
			fputs("- ", fp);
			md(fp, rep->engines[i].name);
			fputs(": ", fp);
			md(fp, line);
			fputc('\n', fp);
			free(line);
		}
		fputc('\n', fp);
	}
	if ((ns = ha_report_not_seen_line(rep)) != NULL) {
		fputs("**Not seen:** ", fp);
		md(fp, ns);
		fputs("\n\n", fp);
		free(ns);
	}
}

/* Failing results, the most severe first, else in the profile's order. */
static const struct ha_result **
failures(const struct ha_report *rep, size_t *n)
{
	const struct ha_result **v;
	size_t i;
	int sev;

	v = ha_xcalloc(rep->nresults + 1, sizeof(*v));
	*n = 0;
	for (sev = HA_SEV_COUNT - 1; sev >= 0; sev--)
		for (i = 0; i < rep->nresults; i++)
			if (rep->results[i].status == HA_FAIL &&
			    (int)rep->results[i].entry->severity == sev)
				v[(*n)++] = &rep->results[i];
	return v;
}

static void
put_failures(FILE *fp, const struct ha_result **v, size_t n)
{
	size_t i;

	if (n == 0) {
		fputs("### Failures\n\nNo check failed.\n\n", fp);
		return;
	}
	fprintf(fp, "### Failures (%zu)\n\n", n);
	fputs("| Severity | Ref | Check | Targets | Remediation |\n", fp);
	fputs("|---|---|---|---:|---|\n", fp);
	for (i = 0; i < n; i++) {
		const struct ha_result *r = v[i];

		fprintf(fp, "| %s | ", sev_title[r->entry->severity]);
		md(fp, r->entry->ref);
		fputs(" | ", fp);
		md(fp, r->check->title);
		if (r->ntargets > 0)
			fprintf(fp, " | %zu | ", ha_result_failing_targets(r));
		else
			fputs(" | \xe2\x80\x94 | ", fp);
		md(fp, r->check->remediation);
		fputs(" |\n", fp);
	}
	fputc('\n', fp);
}

/* "- container **web** (running, image nginx): detail" */
static void
put_target(FILE *fp, const struct ha_target *t)
{
	struct ha_target_meta m;

	ha_target_meta(t, &m);
	fputs("- ", fp);
	if (t->engine != NULL) {
		md(fp, t->engine);
		fputs(": ", fp);
	}
	md(fp, t->kind);
	fputs(" **", fp);
	md(fp, t->name);
	fputs("**", fp);
	if (t->state != NULL || m.image != NULL || m.compose_project != NULL) {
		fputs(" (", fp);
		md(fp, t->state != NULL ? t->state : "");
		if (m.image != NULL) {
			fputs(t->state != NULL ? ", image " : "image ", fp);
			md(fp, m.image);
		}
		if (m.compose_project != NULL) {
			fputs(t->state != NULL || m.image != NULL ?
			    ", compose " : "compose ", fp);
			md(fp, m.compose_project);
			if (m.compose_service != NULL) {
				fputc('/', fp);
				md(fp, m.compose_service);
			}
		}
		fputc(')', fp);
	}
	if (t->change == HA_CHANGE_NEW)
		fputs(" *new*", fp);
	if (t->detail != NULL && t->detail[0] != '\0') {
		fputs(": ", fp);
		md(fp, t->detail);
	}
	fputc('\n', fp);
}

static void
put_details(FILE *fp, const struct ha_result **v, size_t n)
{
	size_t i, j, shown, nfail;

	if (n == 0)
		return;
	fputs("### Details\n\n", fp);
	for (i = 0; i < n; i++) {
		const struct ha_result *r = v[i];

		nfail = ha_result_failing_targets(r);
		fputs("<details><summary>", fp);
		html(fp, r->entry->ref);
		fputc(' ', fp);
		html(fp, r->check->title);
		if (r->ntargets > 0)
			fprintf(fp, " (%zu target%s)", nfail,
			    nfail == 1 ? "" : "s");
		fputs("</summary>\n\n", fp);
		fprintf(fp, "%s, check ", sev_title[r->entry->severity]);
		md(fp, r->check->id);
		if (r->change == HA_CHANGE_NEW)
			fputs(", *new*", fp);
		if (r->message != NULL && r->message[0] != '\0') {
			fputs(": ", fp);
			md(fp, r->message);
		}
		fputs("\n\n", fp);
		for (j = 0, shown = 0; j < r->ntargets; j++) {
			if (r->targets[j].status != HA_FAIL)
				continue;
			if (shown++ < MAX_LISTED)
				put_target(fp, &r->targets[j]);
		}
		if (nfail > MAX_LISTED)
			fprintf(fp, "- and %zu more\n", nfail - MAX_LISTED);
		if (nfail > 0)
			fputc('\n', fp);
		fputs("</details>\n\n", fp);
	}
}

/* "- REF Title: kind **name**", or "- REF Title" for a whole check. */
static void
put_change(FILE *fp, const char *ref, const char *title, const char *kind,
    const char *name)
{
	fputs("- ", fp);
	md(fp, ref);
	fputc(' ', fp);
	md(fp, title);
	if (kind != NULL) {
		fputs(": ", fp);
		md(fp, kind);
		fputs(" **", fp);
		md(fp, name);
		fputs("**", fp);
	}
	fputc('\n', fp);
}

/* The end of a list of changes, shown of which were listed at most. */
static void
put_changes_end(FILE *fp, size_t shown)
{
	if (shown > MAX_LISTED)
		fprintf(fp, "- and %zu more\n", shown - MAX_LISTED);
	fputs("\n</details>\n\n", fp);
}

/* The new findings: whole checks, and the targets of checks. */
static void
put_new(FILE *fp, const struct ha_report *rep, size_t nnew)
{
	size_t i, j, shown = 0;

	fprintf(fp, "<details><summary>New (%zu)</summary>\n\n", nnew);
	for (i = 0; i < rep->nresults; i++) {
		const struct ha_result *r = &rep->results[i];
		int any = 0;

		for (j = 0; j < r->ntargets; j++) {
			const struct ha_target *t = &r->targets[j];

			if (t->change != HA_CHANGE_NEW)
				continue;
			any = 1;
			if (shown++ < MAX_LISTED)
				put_change(fp, r->entry->ref, r->check->title,
				    t->kind, t->name);
		}
		if (!any && r->change == HA_CHANGE_NEW && shown++ < MAX_LISTED)
			put_change(fp, r->entry->ref, r->check->title, NULL,
			    NULL);
	}
	put_changes_end(fp, shown);
}

/* The baseline's failures this run no longer has: fixed, or gone. */
static void
put_fixed(FILE *fp, const struct ha_baseline *b, int gone, size_t n)
{
	size_t i, shown = 0;

	fprintf(fp, "<details><summary>%s (%zu)</summary>\n\n",
	    gone ? "Gone: the container or image no longer exists" : "Fixed",
	    n);
	for (i = 0; i < b->nfixed; i++) {
		const struct ha_fixed *x = &b->fixed[i];

		if (!x->gone == !gone && shown++ < MAX_LISTED)
			put_change(fp, x->ref, x->title, x->kind, x->name);
	}
	put_changes_end(fp, shown);
}

static void
put_baseline(FILE *fp, const struct ha_report *rep)
{
	const struct ha_baseline *b = rep->baseline;
	size_t nfixed;
	double change;

	if (b == NULL)
		return;
	nfixed = b->nfixed - b->ngone;
	fputs("### Changes since the baseline\n\n", fp);
	md(fp, b->path);
	fputs(", ", fp);
	md(fp, b->started_at);
	fputs("\n\n| New | Still failing | Fixed | Gone | Score change |\n"
	    "|---:|---:|---:|---:|---:|\n", fp);
	fprintf(fp, "| %zu | %zu | %zu | %zu | ", b->nnew, b->nstill, nfixed,
	    b->ngone);
	if (ha_baseline_score_change(b, &rep->score, &change))
		fprintf(fp, "%+.1f (%.1f \xe2\x86\x92 %.1f) |\n\n", change,
		    b->score_before, rep->score.percent);
	else
		fputs("n/a |\n\n", fp);
	if (b->nnew > 0)
		put_new(fp, rep, b->nnew);
	if (nfixed > 0)
		put_fixed(fp, b, 0, nfixed);
	if (b->ngone > 0)
		put_fixed(fp, b, 1, b->ngone);
}

static void
put_waivers(FILE *fp, const struct ha_report *rep)
{
	size_t i;

	if (rep->nwaivers == 0)
		return;
	fprintf(fp, "### Waivers (%zu)\n\n", rep->nwaivers);
	fputs("| Check | Target | State | Findings | Expires | Owner | "
	    "Reason |\n|---|---|---|---:|---|---|---|\n", fp);
	for (i = 0; i < rep->nwaivers; i++) {
		const struct ha_waiver_use *u = &rep->waivers[i];
		const struct ha_waiver *w = u->waiver;

		fputs("| ", fp);
		md(fp, w->check);
		fputs(" | ", fp);
		if (w->kind != NULL) {
			md(fp, w->kind);
			fputc(' ', fp);
			md(fp, w->target);
		} else {
			fputs("any", fp);
		}
		fprintf(fp, " | %s | %zu | ", ha_waiver_state_name(u->state),
		    u->matched);
		md(fp, w->expires);
		fputs(" | ", fp);
		md(fp, w->owner);
		fputs(" | ", fp);
		md(fp, w->reason);
		fputs(" |\n", fp);
	}
	fputc('\n', fp);
}

static int
write_md(const struct ha_report *rep, FILE *fp,
    const struct ha_write_opts *o)
{
	const struct ha_result **v;
	char *text = NULL;
	size_t n, len = 0;
	FILE *mem;
	int rc = 0;

	(void)o;
	/* in memory first (it is short): every part ends in a blank line,
	   the file in one newline */
	if ((mem = open_memstream(&text, &len)) == NULL)
		return -1;
	v = failures(rep, &n);
	put_head(mem, rep);
	put_engines(mem, rep);
	put_failures(mem, v, n);
	put_details(mem, v, n);
	put_baseline(mem, rep);
	put_waivers(mem, rep);
	free(v);
	if (ferror(mem))
		rc = -1;
	if (fclose(mem) != 0 || text == NULL) {
		free(text);
		return -1;
	}
	while (len > 1 && text[len - 1] == '\n' && text[len - 2] == '\n')
		len--;
	if (rc == 0 && (fwrite(text, 1, len, fp) != len || ferror(fp)))
		rc = -1;
	free(text);
	return rc;
}

const struct ha_writer ha_writer_markdown = {
	.name = "markdown",
	.description = "GitHub-flavoured Markdown for CI summaries and pull "
	    "requests",
	.write = write_md,
};

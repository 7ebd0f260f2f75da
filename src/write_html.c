/* SPDX-License-Identifier: Apache-2.0 */
/*
 * write_html.c - one self-contained HTML page (inline CSS and SVG, no
 * script, no external asset): the score, a bar per section, the failures
 * with their targets and remediation, what changed since a baseline,
 * warnings, errors, waived items, a summary of the host, and every check
 * in a collapsed table.  Every string goes through ha_put_xml().
 */
#include <string.h>

#include "ha_baseline.h"
#include "ha_facts.h"
#include "ha_report.h"
#include "banned.h"

#define X(fp, s)	ha_put_xml((fp), (s))

static const char css[] =
"*{box-sizing:border-box}"
"body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,"
"'DejaVu Sans',sans-serif;margin:0;background:#f4f6f8;color:#1d2630}"
"main{max-width:1080px;margin:0 auto;padding:24px}"
"header{display:flex;gap:24px;align-items:center;background:#1d2630;"
"color:#fff;padding:20px 24px;border-radius:10px}"
"header h1{margin:0 0 4px;font-size:22px}"
"header p{margin:2px 0;color:#c9d3dd}"
".score{min-width:120px;height:120px;border-radius:50%;display:flex;"
"flex-direction:column;align-items:center;justify-content:center;"
"font-weight:700;border:8px solid}"
".score .num{font-size:28px}.score .lbl{font-size:12px;font-weight:400}"
".good{border-color:#2e9d5b;color:#2e9d5b}"
".fair{border-color:#d9a21b;color:#d9a21b}"
".poor{border-color:#d64545;color:#d64545}"
".na{border-color:#8a96a3;color:#5b6875}"
".notseen{background:#f9f5fb;border-left:5px solid #8e44ad;"
"padding:8px 14px;border-radius:0 6px 6px 0;margin:8px 0 0}"
"header .score{background:#fff}"
"section{background:#fff;border-radius:10px;padding:16px 24px;"
"margin-top:18px;box-shadow:0 1px 2px rgba(0,0,0,.08)}"
"h2{font-size:18px;margin:4px 0 12px}"
"h3{font-size:15px;margin:18px 0 8px;color:#4a5866}"
".pills span{display:inline-block;padding:2px 10px;border-radius:12px;"
"margin:6px 6px 0 0;font-size:13px;background:#e8edf2;color:#1d2630}"
".st-fail{background:#fbe3e3!important;color:#a32020!important}"
".st-pass{background:#dff3e7!important;color:#1f6e3f!important}"
".st-warn{background:#fdf1d6!important;color:#8a6110!important}"
".st-error{background:#efe3f7!important;color:#6b2d8f!important}"
".st-waived{background:#e3ecfb!important;color:#24508f!important}"
"dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 18px;"
"margin:0}dt{color:#5b6875}dd{margin:0;font-weight:600}"
".finding{border-left:5px solid #d64545;padding:8px 14px;margin:10px 0;"
"background:#fcf8f8;border-radius:0 6px 6px 0}"
".finding.warn{border-color:#d9a21b;background:#fdfaf2}"
".finding.error{border-color:#8e44ad;background:#f9f5fb}"
".finding.waived{border-color:#3b73c4;background:#f4f8fd}"
".finding h4{margin:0 0 4px;font-size:15px}"
".ref{font-family:ui-monospace,monospace;color:#5b6875;margin-right:6px}"
".sev{font-size:11px;text-transform:uppercase;letter-spacing:.04em;"
"padding:1px 7px;border-radius:9px;margin-left:8px;vertical-align:2px;"
"background:#e8edf2}"
".sev-critical,.sev-high{background:#d64545;color:#fff}"
".sev-medium{background:#d9a21b;color:#fff}"
".id{font-family:ui-monospace,monospace;font-size:12px;color:#5b6875}"
".msg{margin:4px 0}"
"ul.targets{margin:4px 0 6px;padding-left:20px}"
"ul.targets li{margin:1px 0}"
".tname{font-family:ui-monospace,monospace;font-weight:600}"
".fix{background:#eef6f0;border-radius:6px;padding:6px 10px;margin:6px 0;"
"font-size:14px}.fix b{color:#1f6e3f}"
".chg{font-size:11px;padding:1px 6px;border-radius:8px;margin-left:6px;"
"background:#fbe3e3;color:#a32020}.chg.still_failing{background:#eee;"
"color:#555}.chg.fixed{background:#dff3e7;color:#1f6e3f}"
"table{border-collapse:collapse;width:100%;font-size:14px}"
"th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #e8edf2;"
"vertical-align:top}"
"summary{cursor:pointer;font-weight:600}"
"footer{color:#5b6875;font-size:12px;text-align:center;margin:18px}"
"svg text{font:13px system-ui,'DejaVu Sans',sans-serif;fill:#1d2630}";

static const char *
grade(const struct ha_score *sc)
{
	if (!sc->has_percent)
		return "na";
	return sc->percent >= 90.0 ? "good" : sc->percent >= 60.0 ? "fair" :
	    "poor";
}

static const char *
grade_color(const struct ha_score *sc)
{
	return sc->percent >= 90.0 ? "#2e9d5b" : sc->percent >= 60.0 ?
	    "#d9a21b" : "#d64545";
}

static void
change_tag(FILE *fp, enum ha_change c)
{
	if (c == HA_CHANGE_NONE)
		return;
	fprintf(fp, "<span class=\"chg %s\">", ha_change_name(c));
	fputs(c == HA_CHANGE_NEW ? "new" : c == HA_CHANGE_STILL ?
	    "still failing" : "fixed", fp);
	fputs("</span>", fp);
}

/* The engine audited, or each of them (--all-engines). */
static void
write_engines(FILE *fp, const struct ha_report *rep)
{
	char *line;
	size_t i;

	if (rep->nengines == 0) {
		line = ha_report_engine_line(rep->facts);
		fputs("<p class=\"engine\">Engine ", fp);
		X(fp, line);
		fputs("</p>", fp);
		free(line);
		return;
	}
	for (i = 0; i < rep->nengines; i++) {
		line = ha_report_engine_line(rep->engines[i].facts);
		fputs("<p class=\"engine\">Engine <b>", fp);
		X(fp, rep->engines[i].name);
		fputs("</b>: ", fp);
		X(fp, line);
		fputs("</p>", fp);
		free(line);
	}
}

static void
write_header(FILE *fp, const struct ha_report *rep)
{
	const struct ha_score *sc = &rep->score;
	char when[32], pct[16], *line;
	int s;

	ha_utc_iso8601(rep->started_at, when, sizeof(when));
	fprintf(fp, "<header><div class=\"score %s\"><span class=\"num\">"
	    "%s%s</span><span class=\"lbl\">score</span></div><div>",
	    grade(sc), ha_score_str(sc, pct, sizeof(pct)),
	    sc->has_percent ? "%" : "");
	fputs("<h1>hostaudit report for ", fp);
	X(fp, rep->host);
	fputs("</h1><p>Profile ", fp);
	X(fp, rep->profile->title);
	fputs(" (", fp);
	X(fp, rep->profile->name);
	fprintf(fp, ")</p><p>Started %s, took %.1f s, hostaudit ", when,
	    (double)rep->duration_ms / 1000.0);
	X(fp, rep->tool_version);
	fputs("</p>", fp);
	write_engines(fp, rep);
	fprintf(fp, "<p class=\"coverage\">Coverage %.1f%%: %d of %d "
	    "automated checks evaluated</p></div></header>\n<section><h2>"
	    "Results</h2><div class=\"pills\">", sc->coverage, sc->evaluated,
	    sc->selected);
	for (s = 0; s < HA_STATUS_COUNT; s++)
		fprintf(fp, "<span class=\"st-%s\">%s %d</span>",
		    ha_status_name((enum ha_status)s),
		    ha_status_name((enum ha_status)s), sc->counts[s]);
	fputs("</div>", fp);
	if ((line = ha_report_not_seen_line(rep)) != NULL) {
		fputs("<p class=\"notseen\"><b>Not seen:</b> ", fp);
		X(fp, line);
		fputs("</p>", fp);
		free(line);
	}
	fputs("</section>\n", fp);
}

static int
count_state(const json_t *ctrs, const char *state)
{
	const json_t *c;
	const char *st;
	size_t i;
	int n = 0;

	json_array_foreach(ctrs, i, c) {
		st = ha_facts_str(c, "State.Status");
		n += st != NULL && strcmp(st, state) == 0;
	}
	return n;
}

static void
fact(FILE *fp, const char *label, const char *value)
{
	fprintf(fp, "<dt>%s</dt><dd>", label);
	X(fp, value ? value : "unknown");
	fputs("</dd>", fp);
}

static void
write_facts(FILE *fp, const struct ha_report *rep)
{
	const json_t *f = rep->facts;
	const json_t *ctrs = ha_facts_get(f, "engine.containers");
	const json_t *imgs = ha_facts_get(f, "engine.images");

	fputs("<section><h2>Host</h2><dl>", fp);
	fact(fp, "Hostname", ha_facts_str(f, "host.hostname"));
	fact(fp, "Kernel", ha_facts_str(f, "host.kernel"));
	fact(fp, "Operating system", ha_facts_str(f, "host.os"));
	fact(fp, "Docker version", ha_facts_str(f, "engine.version.Version"));
	fact(fp, "Engine endpoint", ha_facts_str(f, "engine.endpoint"));
	if (json_is_array(ctrs))
		fprintf(fp, "<dt>Containers</dt><dd>%zu (%d running, %d "
		    "exited, %d created)</dd>", json_array_size(ctrs),
		    count_state(ctrs, "running"), count_state(ctrs, "exited"),
		    count_state(ctrs, "created"));
	if (json_is_array(imgs))
		fprintf(fp, "<dt>Images in use</dt><dd>%zu</dd>",
		    json_array_size(imgs));
	fputs("</dl></section>\n", fp);
}

/* One horizontal bar per section, drawn to scale in inline SVG. */
static void
write_chart(FILE *fp, const struct ha_report *rep)
{
	const int row = 30, label_w = 330, bar_w = 560;
	size_t i;

	fprintf(fp, "<section><h2>Score by section</h2><svg role=\"img\" "
	    "aria-label=\"score by section\" width=\"100%%\" viewBox=\"0 0 "
	    "%d %zu\" xmlns=\"http://www.w3.org/2000/svg\">", label_w + bar_w +
	    70, rep->nsections * (size_t)row + 4);
	for (i = 0; i < rep->nsections; i++) {
		const struct ha_section_score *s = &rep->sections[i];
		int y = (int)i * row, w = (int)(s->score.percent * bar_w / 100);
		char pct[16];

		fprintf(fp, "<text x=\"0\" y=\"%d\">", y + 19);
		X(fp, s->id);
		fputs(" ", fp);
		X(fp, s->title);
		fprintf(fp, "</text><rect x=\"%d\" y=\"%d\" width=\"%d\" "
		    "height=\"20\" rx=\"4\" fill=\"#e8edf2\"/>", label_w, y + 5,
		    bar_w);
		if (s->score.has_percent)	/* n/a: no bar, never full */
			fprintf(fp, "<rect x=\"%d\" y=\"%d\" width=\"%d\" "
			    "height=\"20\" rx=\"4\" fill=\"%s\"/>", label_w,
			    y + 5, w, grade_color(&s->score));
		fprintf(fp, "<text x=\"%d\" y=\"%d\">%s%s</text>",
		    label_w + bar_w + 8, y + 20,
		    ha_score_str(&s->score, pct, sizeof(pct)),
		    s->score.has_percent ? "%" : "");
	}
	fputs("</svg></section>\n", fp);
}

static void
write_targets(FILE *fp, const struct ha_result *r)
{
	size_t i;

	if (r->ntargets == 0)
		return;
	fputs("<ul class=\"targets\">", fp);
	for (i = 0; i < r->ntargets; i++) {
		const struct ha_target *t = &r->targets[i];

		if (t->status == HA_PASS && r->status != HA_PASS)
			continue;
		fprintf(fp, "<li><span class=\"sev st-%s\">%s</span> ",
		    ha_status_name(t->status), ha_status_name(t->status));
		if (t->engine != NULL) {
			fputs("<span class=\"engine\">[", fp);
			X(fp, t->engine);
			fputs("]</span> ", fp);
		}
		X(fp, t->kind);
		fputs(" <span class=\"tname\">", fp);
		X(fp, t->name);
		fputs("</span>", fp);
		if (t->state != NULL) {
			fputs(" (", fp);
			X(fp, t->state);
			fputc(')', fp);
		}
		if (t->detail != NULL && *t->detail != '\0') {
			fputs(": ", fp);
			X(fp, t->detail);
		}
		change_tag(fp, t->change);
		if (t->waiver != NULL) {
			fputs(" <i>waived: ", fp);
			X(fp, t->waiver->reason);
			fputs("</i>", fp);
		}
		fputs("</li>", fp);
	}
	fputs("</ul>", fp);
}

static void
write_finding(FILE *fp, const struct ha_result *r)
{
	fprintf(fp, "<div class=\"finding %s\"><h4><span class=\"ref\">",
	    ha_status_name(r->status));
	X(fp, r->entry->ref);
	fputs("</span>", fp);
	X(fp, r->check->title);
	fprintf(fp, "<span class=\"sev sev-%s\">%s</span>",
	    ha_severity_name(r->entry->severity),
	    ha_severity_name(r->entry->severity));
	change_tag(fp, r->change);
	fputs("</h4><div class=\"id\">", fp);
	X(fp, r->check->id);
	fputs("</div><p class=\"msg\">", fp);
	X(fp, r->message);
	fputs("</p>", fp);
	write_targets(fp, r);
	if (r->waiver != NULL) {
		fputs(r->status == HA_WAIVED ? "<div class=\"fix\"><b>Waived:"
		    "</b> " : "<div class=\"fix\"><b>Waiver expired:</b> ", fp);
		X(fp, r->waiver->reason);
		fputs(" (until ", fp);
		X(fp, r->waiver->expires);
		fputs(")</div>", fp);
	}
	if (r->status == HA_FAIL || r->status == HA_WARN) {
		fputs("<div class=\"fix\"><b>Remediation:</b> ", fp);
		X(fp, r->check->remediation);
		fputs("</div>", fp);
	}
	fputs("</div>\n", fp);
}

static void
write_group(FILE *fp, const struct ha_report *rep, enum ha_status st,
    const char *heading)
{
	size_t s, i;
	int n = rep->score.counts[st], in_section;

	if (n == 0)
		return;
	fprintf(fp, "<section><h2>%s (%d)</h2>\n", heading, n);
	for (s = 0; s < rep->nsections; s++) {
		in_section = 0;
		for (i = 0; i < rep->nresults; i++) {
			const struct ha_result *r = &rep->results[i];

			if (r->status != st || strcmp(r->entry->section,
			    rep->sections[s].id) != 0)
				continue;
			if (!in_section++) {
				fputs("<h3>", fp);
				X(fp, rep->sections[s].id);
				fputc(' ', fp);
				X(fp, rep->sections[s].title);
				fputs("</h3>\n", fp);
			}
			write_finding(fp, r);
		}
	}
	fputs("</section>\n", fp);
}

static void
write_changes(FILE *fp, const struct ha_report *rep)
{
	const struct ha_baseline *b = rep->baseline;
	size_t i;

	if (b == NULL)
		return;
	fputs("<section><h2>Changed since ", fp);
	X(fp, b->started_at);
	fprintf(fp, "</h2><p>Compared with <span class=\"tname\">");
	X(fp, b->path);
	fprintf(fp, "</span>: %zu new, %zu still failing, %zu fixed.</p>",
	    b->nnew, b->nstill, b->nfixed);
	if (b->nfixed > 0)
		fputs("<h3>Fixed</h3><ul class=\"targets\">", fp);
	for (i = 0; i < b->nfixed; i++) {
		fputs("<li><span class=\"ref\">", fp);
		X(fp, b->fixed[i].ref);
		fputs("</span>", fp);
		X(fp, b->fixed[i].title);
		if (b->fixed[i].kind != NULL) {
			fputs(": ", fp);
			X(fp, b->fixed[i].kind);
			fputs(" <span class=\"tname\">", fp);
			X(fp, b->fixed[i].name);
			fputs("</span>", fp);
		}
		fputs("</li>", fp);
	}
	fputs(b->nfixed > 0 ? "</ul></section>\n" : "</section>\n", fp);
}

static void
write_all(FILE *fp, const struct ha_report *rep)
{
	size_t i;

	fprintf(fp, "<section><details><summary>All %zu checks</summary>"
	    "<table><tr><th>Ref</th><th>Check</th><th>Status</th>"
	    "<th>Message</th></tr>\n", rep->nresults);
	for (i = 0; i < rep->nresults; i++) {
		const struct ha_result *r = &rep->results[i];

		fputs("<tr><td class=\"ref\">", fp);
		X(fp, r->entry->ref);
		fputs("</td><td>", fp);
		X(fp, r->check->title);
		fprintf(fp, "</td><td><span class=\"sev st-%s\">%s</span></td>"
		    "<td>", ha_status_name(r->status),
		    ha_status_name(r->status));
		X(fp, r->message);
		fputs("</td></tr>\n", fp);
	}
	fputs("</table></details></section>\n", fp);
}

static int
write_html(const struct ha_report *rep, FILE *fp,
    const struct ha_write_opts *o)
{
	char pct[16];

	(void)o;
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8"
	    "\"><meta name=\"viewport\" content=\"width=device-width\">"
	    "<title>hostaudit: ", fp);
	X(fp, rep->host);
	fprintf(fp, " %s%s</title>\n<style>%s</style></head>\n<body><main>"
	    "\n", ha_score_str(&rep->score, pct, sizeof(pct)),
	    rep->score.has_percent ? "%" : "", css);
	write_header(fp, rep);
	write_chart(fp, rep);
	write_changes(fp, rep);
	write_group(fp, rep, HA_FAIL, "Failures");
	write_group(fp, rep, HA_WARN, "Warnings");
	write_group(fp, rep, HA_ERROR, "Could not evaluate");
	write_group(fp, rep, HA_WAIVED, "Waived");
	write_facts(fp, rep);
	write_all(fp, rep);
	fputs("<footer>Generated by hostaudit ", fp);
	X(fp, rep->tool_version);
	fputs("</footer></main></body></html>\n", fp);
	return ferror(fp) ? -1 : 0;
}

const struct ha_writer ha_writer_html = {
	.name = "html",
	.description = "one self-contained HTML page",
	.write = write_html,
};

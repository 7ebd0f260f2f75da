/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fleet_html.c - the fleet report as one self-contained HTML page (inline
 * CSS, no script, nothing fetched: a Content-Security-Policy says so): a
 * heat map of hosts by section, the checks failing on most hosts, and a
 * section per host that the map and the check list link to.  The oldest
 * report is flagged.  Every string goes through ha_put_xml().
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ha_check.h"
#include "ha_fleet.h"
#include "ha_report.h"
#include "ha_util.h"
#include "banned.h"

#define X(fp, s)	ha_put_xml((fp), (s))
/* Checks listed as failing on most hosts, and hosts named for each. */
#define TOP_CHECKS	25
#define TOP_HOSTS	12

static const char css[] =
"*{box-sizing:border-box}"
"body{font:15px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,"
"'DejaVu Sans',sans-serif;margin:0;background:#f4f6f8;color:#1d2630}"
"main{max-width:1200px;margin:0 auto;padding:24px}"
"header{background:#1d2630;color:#fff;padding:20px 24px;"
"border-radius:10px}header h1{margin:0 0 4px;font-size:22px}"
"header p{margin:2px 0;color:#c9d3dd}header a{color:#fff}"
"nav{margin:12px 0 0;font-size:14px}nav a{margin-right:14px}"
"section,article{background:#fff;border-radius:10px;padding:16px 24px;"
"margin-top:18px;box-shadow:0 1px 2px rgba(0,0,0,.08)}"
"h2{font-size:18px;margin:4px 0 12px}h3{font-size:16px;margin:0 0 8px}"
".scroll{overflow-x:auto;max-width:100%}"
"table{border-collapse:collapse;font-size:14px}"
"th,td{padding:4px 8px;border-bottom:1px solid #e3e8ee;text-align:left;"
"vertical-align:top}"
"table.heat td{text-align:center;min-width:3.2em;font-variant-numeric:"
"tabular-nums;border:2px solid #fff}"
"table.heat th:first-child{position:sticky;left:0;background:#fff;"
"white-space:nowrap}"
".h0{background:#d64545;color:#fff}.h1{background:#e8804a;color:#1d2630}"
".h2{background:#f2c94c;color:#1d2630}.h3{background:#9ed29a;"
"color:#1d2630}.h4{background:#2e9d5b;color:#fff}"
".hn{background:#e8edf2;color:#5b6875}"
"*{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
".flag{display:inline-block;font-size:11px;text-transform:uppercase;"
"letter-spacing:.04em;padding:1px 7px;border-radius:9px;margin-left:6px;"
"background:#fdf1d6;color:#8a6110;font-weight:600}"
".bad{border-left:5px solid #8e44ad;background:#f9f5fb;padding:8px 14px}"
".ref,code{font-family:ui-monospace,monospace;color:#5b6875}"
".sev{font-size:12px;text-transform:uppercase}"
"dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 16px;"
"margin:0 0 8px}dt{color:#5b6875}dd{margin:0;overflow-wrap:anywhere}"
"ul{margin:4px 0;padding-left:20px}li{margin:2px 0}"
"a{color:#24508f}.muted{color:#5b6875}"
"footer{color:#5b6875;font-size:13px;margin:18px 0}"
"@media (max-width:600px){main{padding:8px}section,article{padding:"
"12px}header{padding:14px}th,td{padding:3px 4px}table{font-size:13px}"
"dl{grid-template-columns:1fr}dd{margin-bottom:4px}}"
"@media (prefers-color-scheme:dark){body{background:#111820;"
"color:#dde4ea}section,article{background:#1a232d;box-shadow:none}"
"header{background:#0b1016}th,td{border-color:#2c3846}"
"table.heat th:first-child{background:#1a232d}table.heat td{"
"border-color:#1a232d}.hn{background:#2c3846;color:#aab6c2}"
"a,header a{color:#8fb8ef}.ref,code,dt,.muted,footer{color:#aab6c2}"
".bad{background:#251b2c}.flag{background:#4a3a12;color:#f6dc9c}}"
"@media print{body{background:#fff;color:#000;font-size:11pt}main{"
"max-width:none;padding:0}nav{display:none}header{background:#fff;"
"color:#000;border:1px solid #999}header p{color:#000}"
"section,article{box-shadow:none;border:1px solid #ccc;"
"break-inside:avoid}.scroll{overflow:visible}a{color:inherit;"
"text-decoration:none}table.heat th:first-child{position:static}}";

/* A score's colour band (the number is in the cell as well). */
static const char *
band(int has, double v)
{
	if (!has)
		return "hn";
	if (v >= 95)
		return "h4";
	if (v >= 85)
		return "h3";
	if (v >= 70)
		return "h2";
	if (v >= 50)
		return "h1";
	return "h0";
}

static void
pct(FILE *fp, int has, double v)
{
	if (has)
		fprintf(fp, "%.1f", v);
	else
		fputs("n/a", fp);
}

/* A link to the host at sorted position pos, by its label. */
static void
host_link(FILE *fp, const struct ha_fleet *f, size_t pos)
{
	char *l = ha_fleet_host_label(ha_fleet_host_at(f, pos));

	fprintf(fp, "<a href=\"#host-%zu\">", pos + 1);
	X(fp, l);
	fputs("</a>", fp);
	free(l);
}

static size_t
oldest_pos(const struct ha_fleet *f)
{
	size_t i;

	for (i = 0; i < f->nhosts && f->order[i] != f->oldest; i++)
		;
	return i;
}

static void
write_header(FILE *fp, const struct ha_fleet *f)
{
	double mean, min, max;
	char when[32];
	size_t n;

	ha_fleet_score_range(f, &mean, &min, &max, &n);
	ha_utc_iso8601(f->generated_at, when, sizeof(when));
	fprintf(fp, "<header><h1>hostaudit fleet report</h1>\n<p>%zu host%s",
	    f->nhosts, f->nhosts == 1 ? "" : "s");
	if (n > 0)
		fprintf(fp, ", mean score %.1f%% (lowest %.1f%%, highest "
		    "%.1f%%)", mean, min, max);
	fprintf(fp, "; merged %s from %zu report%s", when, f->nread,
	    f->nread == 1 ? "" : "s");
	if (f->ndup > 0)
		fprintf(fp, " (%zu the same host again: the newer kept)",
		    f->ndup);
	fputs("</p>\n", fp);
	if (f->oldest < f->nhosts) {
		fputs("<p id=\"oldest\">Oldest report: ", fp);
		host_link(fp, f, oldest_pos(f));
		fputs(", started ", fp);
		X(fp, f->hosts[f->oldest].started_at);
		fputs("<span class=\"flag\">oldest</span></p>\n", fp);
	}
	fputs("<nav><a href=\"#map\">Scores by section</a><a href=\"#checks\">"
	    "Checks failing on most hosts</a><a href=\"#hosts\">Hosts</a>"
	    "</nav></header>\n", fp);
	if (f->nbad > 0) {
		fprintf(fp, "<section class=\"bad\" id=\"skipped\"><h2>%zu "
		    "report%s could not be read</h2><p>%s not in this report:"
		    "</p><ul>", f->nbad, f->nbad == 1 ? "" : "s",
		    f->nbad == 1 ? "It is" : "They are");
		for (n = 0; n < f->nbad; n++) {
			fputs("<li><code>", fp);
			X(fp, f->bad[n]);
			fputs("</code></li>", fp);
		}
		fputs("</ul></section>\n", fp);
	}
}

/* The score of host h in section s, or has 0. */
static const struct ha_fleet_secscore *
sec_score(const struct ha_fleet_host *h, size_t s)
{
	size_t i;

	for (i = 0; i < h->nsections; i++)
		if (h->sections[i].section == s)
			return &h->sections[i];
	return NULL;
}

static void
write_map(FILE *fp, const struct ha_fleet *f)
{
	const struct ha_fleet_secscore *ss;
	const struct ha_fleet_host *h;
	size_t i, s;

	fputs("<section id=\"map\"><h2>Scores by host and section</h2>\n"
	    "<div class=\"scroll\"><table class=\"heat\"><thead><tr>"
	    "<th scope=\"col\">Host</th><th scope=\"col\">Score</th>", fp);
	for (s = 0; s < f->nsections; s++) {
		fputs("<th scope=\"col\" title=\"", fp);
		X(fp, f->sections[s].title);
		fputs("\">", fp);
		X(fp, f->sections[s].id);
		fputs("</th>", fp);
	}
	fputs("</tr></thead>\n<tbody>\n", fp);
	for (i = 0; i < f->nhosts; i++) {
		h = ha_fleet_host_at(f, i);
		fputs("<tr><th scope=\"row\">", fp);
		host_link(fp, f, i);
		if (h == &f->hosts[f->oldest])
			fputs("<span class=\"flag\">oldest</span>", fp);
		fprintf(fp, "</th><td class=\"%s\">", band(h->has_score,
		    h->score));
		pct(fp, h->has_score, h->score);
		fputs("</td>", fp);
		for (s = 0; s < f->nsections; s++) {
			ss = sec_score(h, s);
			fprintf(fp, "<td class=\"%s\">", band(ss && ss->has,
			    ss ? ss->percent : 0));
			if (ss == NULL)
				fputs("&#8211;", fp);
			else
				pct(fp, ss->has, ss->percent);
			fputs("</td>", fp);
		}
		fputs("</tr>\n", fp);
	}
	fputs("</tbody></table></div>\n<p class=\"muted\">Each cell is the "
	    "weighted score (percent) of a section on a host: 95 and over, "
	    "85, 70, 50, under 50, from green to red; n/a where nothing "
	    "applied, &#8211; where the host's profile has no such section."
	    "</p><dl>", fp);
	for (s = 0; s < f->nsections; s++) {
		fputs("<dt>", fp);
		X(fp, f->sections[s].id);
		fputs("</dt><dd>", fp);
		X(fp, f->sections[s].title);
		fputs("</dd>", fp);
	}
	fputs("</dl></section>\n", fp);
}

static void
write_checks(FILE *fp, const struct ha_fleet *f,
    const struct ha_fleet_fail *fails, const size_t *off)
{
	const struct ha_fleet_check *c;
	size_t i, j, n, ci;

	fputs("<section id=\"checks\"><h2>Checks failing on most hosts</h2>"
	    "\n", fp);
	for (i = n = 0; i < f->nchecks_seen && n < TOP_CHECKS; i++) {
		ci = f->corder[i];
		c = &f->checks[ci];
		if (c->nfail == 0)
			break;
		if (n++ == 0)
			fputs("<div class=\"scroll\"><table><thead><tr><th "
			    "scope=\"col\">Hosts</th><th scope=\"col\">Check"
			    "</th><th scope=\"col\">Severity</th><th scope="
			    "\"col\">Failing on</th></tr></thead><tbody>\n",
			    fp);
		fprintf(fp, "<tr id=\"check-%zu\"><td>%zu of %zu</td><td><span "
		    "class=\"ref\">", n, c->nfail, c->nseen);
		X(fp, c->ref);
		fputs("</span> ", fp);
		X(fp, c->title);
		fputs(" <code>", fp);
		X(fp, c->id);
		fputs("</code></td><td class=\"sev\">", fp);
		X(fp, c->severity);
		fputs("</td><td>", fp);
		for (j = off[ci]; j < off[ci + 1] && j < off[ci] + TOP_HOSTS;
		    j++) {
			fputs(j > off[ci] ? ", " : "", fp);
			host_link(fp, f, fails[j].pos);
		}
		if (off[ci + 1] - off[ci] > TOP_HOSTS)
			fprintf(fp, " and %zu more", off[ci + 1] - off[ci] -
			    TOP_HOSTS);
		fputs("</td></tr>\n", fp);
	}
	if (n == 0)
		fputs("<p>No check fails on any host.</p>\n", fp);
	else
		fputs("</tbody></table></div>\n", fp);
	fputs("</section>\n", fp);
}

static void
dl_item(FILE *fp, const char *term, const char *v)
{
	fputs("<dt>", fp);
	fputs(term, fp);
	fputs("</dt><dd>", fp);
	X(fp, v != NULL && *v != '\0' ? v : "unknown");
	fputs("</dd>", fp);
}

static void
write_host(FILE *fp, const struct ha_fleet *f, size_t pos)
{
	const struct ha_fleet_host *h = ha_fleet_host_at(f, pos);
	const struct ha_fleet_check *c;
	char *l = ha_fleet_host_label(h), *eng;
	size_t i, n;

	fprintf(fp, "<article id=\"host-%zu\"><h3>", pos + 1);
	X(fp, l);
	if (h == &f->hosts[f->oldest])
		fputs("<span class=\"flag\">oldest</span>", fp);
	fputs(" <span class=\"muted\">", fp);
	pct(fp, h->has_score, h->score);
	fprintf(fp, "%s</span></h3><dl>", h->has_score ? "%" : "");
	eng = ha_xasprintf("%s %s", h->engine_kind ? h->engine_kind : "?",
	    h->engine_version ? h->engine_version : "");
	dl_item(fp, "Engine", eng);
	free(eng);
	dl_item(fp, "Engine id", h->engine_id);
	dl_item(fp, "Endpoint", h->engine_endpoint);
	dl_item(fp, "OS", h->os);
	dl_item(fp, "Kernel", h->kernel);
	dl_item(fp, "Profile", h->profile);
	dl_item(fp, "Audited", h->started_at);
	dl_item(fp, "Report", h->source);
	fprintf(fp, "<dt>Results</dt><dd>%d failed, %d passed, %d in error; "
	    "coverage %.1f%%</dd></dl>\n", h->counts[HA_FAIL],
	    h->counts[HA_PASS], h->counts[HA_ERROR], h->coverage);
	for (i = n = 0; i < h->nresults; i++) {
		if (h->results[i].status != HA_FAIL)
			continue;
		c = &f->checks[h->results[i].check];
		fputs(n++ == 0 ? "<ul>" : "", fp);
		fputs("<li><span class=\"ref\">", fp);
		X(fp, c->ref);
		fputs("</span> ", fp);
		X(fp, c->title);
		fputs(" <span class=\"sev\">", fp);
		X(fp, c->severity);
		fputs("</span>", fp);
		if (h->results[i].failing > 0)
			fprintf(fp, " <span class=\"muted\">(%u target%s)"
			    "</span>", (unsigned)h->results[i].failing,
			    h->results[i].failing == 1 ? "" : "s");
		fputs("</li>\n", fp);
	}
	fputs(n > 0 ? "</ul>" : "<p>No failing check.</p>", fp);
	fputs("</article>\n", fp);
	free(l);
}

int
ha_fleet_write_html(struct ha_fleet *f, FILE *fp)
{
	struct ha_fleet_fail *fails;
	size_t *off, i;

	ha_fleet_finish(f);
	fprintf(fp, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset="
	    "\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">"
	    "<meta http-equiv=\"Content-Security-Policy\" content=\"default-"
	    "src 'none'; style-src 'unsafe-inline'\"><title>hostaudit fleet: "
	    "%zu host%s</title>\n<style>%s</style></head>\n<body><main>\n",
	    f->nhosts, f->nhosts == 1 ? "" : "s", css);
	write_header(fp, f);
	write_map(fp, f);
	fails = ha_fleet_fail_index(f, &off);
	write_checks(fp, f, fails, off);
	free(fails);
	free(off);
	fputs("<section id=\"hosts\"><h2>Hosts</h2><p class=\"muted\">By "
	    "hostname; two engines of one hostname are told apart by their "
	    "engine id.</p></section>\n", fp);
	for (i = 0; i < f->nhosts; i++)
		write_host(fp, f, i);
	fputs("<footer>Generated by hostaudit " HA_VERSION " from the reports "
	    "of each host; no host was contacted.</footer></main></body>"
	    "</html>\n", fp);
	return ferror(fp) ? -1 : 0;
}

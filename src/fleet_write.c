/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fleet_write.c - the fleet report as JSON (schema hostaudit-fleet/1),
 * CSV and Markdown, and the table of fleet writers (HTML is in
 * fleet_html.c).  Each is written as it goes, never built in memory: a
 * fleet of ten thousand hosts is a large document.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ha_check.h"
#include "ha_fleet.h"
#include "ha_report.h"
#include "ha_util.h"
#include "banned.h"

/* Checks the Markdown report lists, failing on most hosts first. */
#define MD_TOP_CHECKS	20

/* ------------------------------------------------------ shared */

struct ha_fleet_fail *
ha_fleet_fail_index(const struct ha_fleet *f, size_t **offp)
{
	const struct ha_fleet_host *h;
	struct ha_fleet_fail *e;
	size_t *off, *fill, i, j, c, n = 0;

	off = ha_xcalloc(f->nchecks + 1, sizeof(*off));
	for (c = 0; c < f->nchecks; c++) {
		off[c] = n;
		n += f->checks[c].nfail;
	}
	off[f->nchecks] = n;
	e = ha_xcalloc(n + 1, sizeof(*e));
	fill = ha_xcalloc(f->nchecks + 1, sizeof(*fill));
	for (i = 0; i < f->nhosts; i++) {
		h = ha_fleet_host_at(f, i);
		for (j = 0; j < h->nresults; j++) {
			if (h->results[j].status != HA_FAIL)
				continue;
			c = h->results[j].check;
			e[off[c] + fill[c]].pos = (uint32_t)i;
			e[off[c] + fill[c]++].failing = h->results[j].failing;
		}
	}
	free(fill);
	*offp = off;
	return e;
}

void
ha_fleet_score_range(const struct ha_fleet *f, double *mean, double *min,
    double *max, size_t *n)
{
	double sum = 0;
	size_t i;

	*n = 0;
	*min = *max = *mean = 0;
	for (i = 0; i < f->nhosts; i++) {
		const struct ha_fleet_host *h = &f->hosts[i];

		if (!h->has_score)
			continue;
		if (*n == 0 || h->score < *min)
			*min = h->score;
		if (*n == 0 || h->score > *max)
			*max = h->score;
		sum += h->score;
		(*n)++;
	}
	if (*n > 0)
		*mean = ha_round1(sum / (double)*n);
}

/* ------------------------------------------------------ JSON */

/* s as a JSON string, ASCII only; null for NULL. */
static void
jstr(FILE *fp, const char *s)
{
	const char *p = s;
	uint32_t cp;

	if (s == NULL) {
		fputs("null", fp);
		return;
	}
	fputc('"', fp);
	while (*p != '\0') {
		cp = ha_utf8_next(&p);
		switch (cp) {
		case '"':  fputs("\\\"", fp); continue;
		case '\\': fputs("\\\\", fp); continue;
		case '\n': fputs("\\n", fp); continue;
		case '\r': fputs("\\r", fp); continue;
		case '\t': fputs("\\t", fp); continue;
		default:   break;
		}
		if (cp >= 0x20 && cp < 0x7F)
			fputc((int)cp, fp);
		else if (cp < 0x10000)
			fprintf(fp, "\\u%04x", (unsigned)cp);
		else
			fprintf(fp, "\\u%04x\\u%04x",
			    (unsigned)(0xD800 + ((cp - 0x10000) >> 10)),
			    (unsigned)(0xDC00 + ((cp - 0x10000) & 0x3FF)));
	}
	fputc('"', fp);
}

static void
jpct(FILE *fp, int has, double v)
{
	if (has && isfinite(v))
		fprintf(fp, "%.1f", v);
	else
		fputs("null", fp);
}

static void
json_host(const struct ha_fleet *f, FILE *fp, size_t pos)
{
	const struct ha_fleet_host *h = ha_fleet_host_at(f, pos);
	const struct ha_fleet_check *c;
	size_t i, n;
	int s;

	fprintf(fp, "    {\"host\": %zu, \"anchor\": \"host-%zu\", "
	    "\"hostname\": ", pos, pos + 1);
	jstr(fp, h->hostname);
	fputs(", \"engine\": {\"id\": ", fp);
	jstr(fp, *h->engine_id ? h->engine_id : NULL);
	fputs(", \"kind\": ", fp);
	jstr(fp, h->engine_kind);
	fputs(", \"version\": ", fp);
	jstr(fp, h->engine_version);
	fputs(", \"endpoint\": ", fp);
	jstr(fp, h->engine_endpoint);
	fputs("}, \"os\": ", fp);
	jstr(fp, h->os);
	fputs(", \"kernel\": ", fp);
	jstr(fp, h->kernel);
	fputs(", \"profile\": ", fp);
	jstr(fp, h->profile);
	fputs(", \"started_at\": ", fp);
	jstr(fp, h->started_at);
	fputs(", \"source\": ", fp);
	jstr(fp, h->source);
	fprintf(fp, ", \"oldest\": %s, \"score\": {\"percent\": ",
	    h == &f->hosts[f->oldest] ? "true" : "false");
	jpct(fp, h->has_score, h->score);
	fputs(", \"coverage\": ", fp);
	jpct(fp, 1, h->coverage);
	fputs(", \"counts\": {", fp);
	for (s = 0; s < HA_STATUS_COUNT; s++)
		fprintf(fp, "%s\"%s\": %d", s ? ", " : "",
		    ha_status_name((enum ha_status)s), h->counts[s]);
	fputs("}}, \"sections\": {", fp);
	for (i = 0; i < h->nsections; i++) {
		fputs(i ? ", " : "", fp);
		jstr(fp, f->sections[h->sections[i].section].id);
		fputs(": ", fp);
		jpct(fp, h->sections[i].has, h->sections[i].percent);
	}
	fputs("}, \"failing\": [", fp);
	for (i = n = 0; i < h->nresults; i++) {
		if (h->results[i].status != HA_FAIL)
			continue;
		c = &f->checks[h->results[i].check];
		fputs(n++ ? ", " : "", fp);
		fputs("{\"id\": ", fp);
		jstr(fp, c->id);
		fputs(", \"ref\": ", fp);
		jstr(fp, c->ref);
		fputs(", \"severity\": ", fp);
		jstr(fp, c->severity);
		fprintf(fp, ", \"targets_failing\": %u}",
		    (unsigned)h->results[i].failing);
	}
	fputs("]}", fp);
}

static void
json_check(const struct ha_fleet *f, FILE *fp, size_t ci,
    const struct ha_fleet_fail *fails, const size_t *off)
{
	const struct ha_fleet_check *c = &f->checks[ci];
	const struct ha_fleet_host *h;
	size_t i;

	fputs("    {\"id\": ", fp);
	jstr(fp, c->id);
	fputs(", \"ref\": ", fp);
	jstr(fp, c->ref);
	fputs(", \"section\": ", fp);
	jstr(fp, c->section);
	fputs(", \"title\": ", fp);
	jstr(fp, c->title);
	fputs(", \"severity\": ", fp);
	jstr(fp, c->severity);
	fprintf(fp, ", \"hosts_failing\": %zu, \"hosts_reporting\": %zu, "
	    "\"failing\": [", c->nfail, c->nseen);
	for (i = off[ci]; i < off[ci + 1]; i++) {
		h = ha_fleet_host_at(f, fails[i].pos);
		fprintf(fp, "%s{\"host\": %u, \"hostname\": ",
		    i > off[ci] ? ", " : "", (unsigned)fails[i].pos);
		jstr(fp, h->hostname);
		fputs(", \"engine_id\": ", fp);
		jstr(fp, *h->engine_id ? h->engine_id : NULL);
		fprintf(fp, ", \"targets_failing\": %u}",
		    (unsigned)fails[i].failing);
	}
	fputs("]}", fp);
}

static int
write_json(struct ha_fleet *f, FILE *fp)
{
	char when[32];
	double mean, min, max;
	struct ha_fleet_fail *fails;
	size_t *off, i, n, failing = 0;

	ha_fleet_finish(f);
	ha_fleet_score_range(f, &mean, &min, &max, &n);
	for (i = 0; i < f->nhosts; i++)
		failing += f->hosts[i].counts[HA_FAIL] > 0;
	ha_utc_iso8601(f->generated_at, when, sizeof(when));
	fprintf(fp, "{\n  \"schema\": \"%s\",\n  \"tool\": {\"name\": "
	    "\"hostaudit\", \"version\": ", HA_FLEET_SCHEMA);
	jstr(fp, HA_VERSION);
	fprintf(fp, "},\n  \"generated_at\": \"%s\",\n  \"reports\": "
	    "{\"merged\": %zu, \"duplicates\": %zu, \"skipped\": [", when,
	    f->nread, f->ndup);
	for (i = 0; i < f->nbad; i++) {
		fputs(i ? ", " : "", fp);
		jstr(fp, f->bad[i]);
	}
	fprintf(fp, "]},\n  \"summary\": {\"hosts\": %zu, \"hosts_failing\": "
	    "%zu, \"score\": {\"mean\": ", f->nhosts, failing);
	jpct(fp, n > 0, mean);
	fputs(", \"min\": ", fp);
	jpct(fp, n > 0, min);
	fputs(", \"max\": ", fp);
	jpct(fp, n > 0, max);
	fputs("}},\n  \"oldest\": ", fp);
	if (f->oldest < f->nhosts) {
		const struct ha_fleet_host *o = &f->hosts[f->oldest];

		for (i = 0; i < f->nhosts && f->order[i] != f->oldest; i++)
			;
		fprintf(fp, "{\"host\": %zu, \"hostname\": ", i);
		jstr(fp, o->hostname);
		fputs(", \"engine_id\": ", fp);
		jstr(fp, *o->engine_id ? o->engine_id : NULL);
		fputs(", \"started_at\": ", fp);
		jstr(fp, o->started_at);
		fputs("}", fp);
	} else
		fputs("null", fp);
	fputs(",\n  \"sections\": [", fp);
	for (i = 0; i < f->nsections; i++) {
		fputs(i ? ", " : "", fp);
		fputs("{\"id\": ", fp);
		jstr(fp, f->sections[i].id);
		fputs(", \"title\": ", fp);
		jstr(fp, f->sections[i].title);
		fputs("}", fp);
	}
	fputs("],\n  \"hosts\": [\n", fp);
	for (i = 0; i < f->nhosts; i++) {
		json_host(f, fp, i);
		fputs(i + 1 < f->nhosts ? ",\n" : "\n", fp);
	}
	fputs("  ],\n  \"checks\": [\n", fp);
	fails = ha_fleet_fail_index(f, &off);
	for (i = 0; i < f->nchecks_seen; i++) {
		json_check(f, fp, f->corder[i], fails, off);
		fputs(i + 1 < f->nchecks_seen ? ",\n" : "\n", fp);
	}
	free(fails);
	free(off);
	fputs("  ]\n}\n", fp);
	return ferror(fp) ? -1 : 0;
}

/* ------------------------------------------------------ CSV */

static const char *const csv_header[] = {
	"host", "engine_id", "collected_at", "ref", "id", "title",
	"severity", "status", "targets_failing",
};

#define CSV_NFIELDS	HA_ARRAY_SIZE(csv_header)

/*
 * RFC 4180 as write_csv.c writes it: CRLF, a field with a comma, quote,
 * CR or LF quoted; a cell a spreadsheet would take for a formula (one
 * starting = + - @, a tab or a CR) neutralised with a leading quote.
 */
static void
csv_field(FILE *fp, const char *s, int last)
{
	const char *p, *q;
	int quote;

	/* every string came out of a JSON text: valid UTF-8 already */
	if (s == NULL)
		s = "";
	quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		fputc('"', fp);
	if (s[0] != '\0' && strchr("=+-@\t\r", s[0]) != NULL)
		fputc('\'', fp);
	for (p = s; (q = strchr(p, '"')) != NULL; p = q + 1) {
		fwrite(p, 1, (size_t)(q - p) + 1, fp);	/* up to the quote */
		fputc('"', fp);				/* doubled */
	}
	fputs(p, fp);
	if (quote)
		fputc('"', fp);
	fputs(last ? "\r\n" : ",", fp);
}

static void
csv_row(FILE *fp, const char *const *v)
{
	size_t i;

	for (i = 0; i < CSV_NFIELDS; i++)
		csv_field(fp, v[i], i + 1 == CSV_NFIELDS);
}

static int
write_csv(struct ha_fleet *f, FILE *fp)
{
	const struct ha_fleet_host *h;
	const struct ha_fleet_check *c;
	const char *v[CSV_NFIELDS];
	char n[16];
	size_t i, j;

	ha_fleet_finish(f);
	csv_row(fp, csv_header);
	for (i = 0; i < f->nhosts; i++) {
		h = ha_fleet_host_at(f, i);
		v[0] = h->hostname;
		v[1] = h->engine_id;
		v[2] = h->started_at;
		for (j = 0; j < h->nresults; j++) {
			c = &f->checks[h->results[j].check];
			snprintf(n, sizeof(n), "%u",
			    (unsigned)h->results[j].failing);
			v[3] = c->ref;
			v[4] = c->id;
			v[5] = c->title;
			v[6] = c->severity;
			v[7] = ha_status_name(
			    (enum ha_status)h->results[j].status);
			v[8] = n;
			csv_row(fp, v);
		}
	}
	return ferror(fp) ? -1 : 0;
}

/* ------------------------------------------------------ Markdown */

/*
 * s as text in a GitHub table cell: nothing it holds can close the
 * cell, start markup or a tag, and hidden characters are shown escaped.
 */
static void
md(FILE *fp, const char *s)
{
	const char *p = s ? s : "";
	char buf[16];
	uint32_t cp;
	size_t n;

	while (*p != '\0') {
		cp = ha_utf8_next(&p);
		if (cp == '&')
			fputs("&amp;", fp);
		else if (cp == '<')
			fputs("&lt;", fp);
		else if (cp == '>')
			fputs("&gt;", fp);
		else if (cp == '\n' || cp == '\r' || cp == '\t')
			fputc(' ', fp);
		else if (cp < 0x80 && strchr("\\`*_[]|~", (int)cp) != NULL)
			fprintf(fp, "\\%c", (int)cp);
		else {
			n = ha_text_hidden(cp) ? ha_text_escape(cp, buf,
			    sizeof(buf)) : ha_utf8_encode(buf, cp);
			fwrite(buf, 1, n, fp);
		}
	}
}

static void
md_pct(FILE *fp, int has, double v)
{
	if (has)
		fprintf(fp, "%.1f%%", v);
	else
		fputs("n/a", fp);
}

static int
write_markdown(struct ha_fleet *f, FILE *fp)
{
	const struct ha_fleet_host *h;
	const struct ha_fleet_check *c;
	double mean, min, max;
	char when[32], *l;
	size_t i, n;

	ha_fleet_finish(f);
	ha_fleet_score_range(f, &mean, &min, &max, &n);
	ha_utc_iso8601(f->generated_at, when, sizeof(when));
	fprintf(fp, "# hostaudit fleet report\n\n**%zu host%s**", f->nhosts,
	    f->nhosts == 1 ? "" : "s");
	if (n > 0) {
		fputs(", mean score ", fp);
		md_pct(fp, 1, mean);
		fputs(" (lowest ", fp);
		md_pct(fp, 1, min);
		fputs(", highest ", fp);
		md_pct(fp, 1, max);
		fputs(")", fp);
	}
	fprintf(fp, ", merged %s from %zu report%s", when, f->nread,
	    f->nread == 1 ? "" : "s");
	if (f->ndup > 0)
		fprintf(fp, " (%zu the same host again)", f->ndup);
	fputs(".\n", fp);
	if (f->oldest < f->nhosts) {
		h = &f->hosts[f->oldest];
		l = ha_fleet_host_label(h);
		fputs("Oldest report: **", fp);
		md(fp, l);
		fprintf(fp, "**, started %s.\n", h->started_at);
		free(l);
	}
	if (f->nbad > 0)
		fprintf(fp, "\n> **%zu report%s could not be read** and %s "
		    "not in this report.\n", f->nbad, f->nbad == 1 ? "" : "s",
		    f->nbad == 1 ? "is" : "are");
	fputs("\n## Hosts\n\n| Host | Engine | Score | Coverage | Failed | "
	    "Errors | Audited |\n| --- | --- | ---: | ---: | ---: | ---: | "
	    "--- |\n", fp);
	for (i = 0; i < f->nhosts; i++) {
		h = ha_fleet_host_at(f, i);
		l = ha_fleet_host_label(h);
		fputs("| ", fp);
		md(fp, l);
		fputs(" | ", fp);
		md(fp, h->engine_kind ? h->engine_kind : "?");
		fputs(" ", fp);
		md(fp, h->engine_version ? h->engine_version : "");
		fputs(" | ", fp);
		md_pct(fp, h->has_score, h->score);
		fputs(" | ", fp);
		md_pct(fp, 1, h->coverage);
		fprintf(fp, " | %d | %d | %s%s |\n", h->counts[HA_FAIL],
		    h->counts[HA_ERROR], h->started_at, h ==
		    &f->hosts[f->oldest] ? " (oldest)" : "");
		free(l);
	}
	fputs("\n## Checks failing on most hosts\n\n", fp);
	for (i = n = 0; i < f->nchecks_seen && n < MD_TOP_CHECKS; i++) {
		c = &f->checks[f->corder[i]];
		if (c->nfail == 0)
			break;
		if (n++ == 0)
			fputs("| Hosts failing | Ref | Check | Severity |\n"
			    "| ---: | --- | --- | --- |\n", fp);
		fprintf(fp, "| %zu of %zu | ", c->nfail, c->nseen);
		md(fp, c->ref);
		fputs(" | ", fp);
		md(fp, c->title);
		fputs(" (`", fp);
		md(fp, c->id);
		fputs("`) | ", fp);
		md(fp, c->severity);
		fputs(" |\n", fp);
	}
	if (n == 0)
		fputs("No check fails on any host.\n", fp);
	if (f->nbad > 0) {
		fputs("\n<details><summary>Reports that could not be read"
		    "</summary>\n\n", fp);
		for (i = 0; i < f->nbad; i++) {
			fputs("- ", fp);
			md(fp, f->bad[i]);
			fputs("\n", fp);
		}
		fputs("\n</details>\n", fp);
	}
	return ferror(fp) ? -1 : 0;
}

/* ------------------------------------------------------ the table */

static const struct ha_fleet_writer writers[] = {
	{ "json", "hosts, their scores and counts, and per check the hosts "
	    "failing it (hostaudit-fleet/1)", write_json },
	{ "html", "one page: a heat map of hosts and sections, the checks "
	    "failing on most hosts, a section per host", ha_fleet_write_html },
	{ "csv", "one row per host and result", write_csv },
	{ "markdown", "GitHub tables: hosts and scores, the checks failing "
	    "on most hosts", write_markdown },
};

const struct ha_fleet_writer *
ha_fleet_writer_find(const char *name)
{
	size_t i;

	for (i = 0; i < HA_ARRAY_SIZE(writers); i++)
		if (strcmp(writers[i].name, name) == 0)
			return &writers[i];
	return NULL;
}

size_t
ha_fleet_writer_count(void)
{
	return HA_ARRAY_SIZE(writers);
}

const struct ha_fleet_writer *
ha_fleet_writer_at(size_t i)
{
	return i < HA_ARRAY_SIZE(writers) ? &writers[i] : NULL;
}

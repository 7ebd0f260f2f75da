/* SPDX-License-Identifier: Apache-2.0 */
/*
 * write_text.c - the terminal view: score and per-section summary first,
 * the worst failures to fix first, what changed since a baseline, then
 * failures grouped by section with the failing targets named and the
 * remediation under each (not with --brief), then warnings and
 * evaluation errors; with -v every other result too.  A check lists its
 * first targets and how many more (all of them with -v), so that a host
 * of 10,000 containers gives a report a person can read.
 * Colour only when the caller says so (a tty, and no NO_COLOR).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "ha_baseline.h"
#include "ha_report.h"
#include "ha_util.h"
#include "banned.h"

#define WIDTH	80
/* Remediations wrap at the terminal's width, else at this one. */
#define FIX_WIDTH	78
/* Targets a check lists without -v; failures in "Fix first". */
#define MAX_TARGETS	10
#define MAX_FIX_FIRST	10

#define RED	"\033[31m"
#define GREEN	"\033[32m"
#define YELLOW	"\033[33m"
#define MAGENTA	"\033[35m"
#define BOLD	"\033[1m"
#define DIM	"\033[2m"
#define RESET	"\033[0m"

static const char *
status_color(enum ha_status s)
{
	switch (s) {
	case HA_FAIL:	return RED;
	case HA_WARN:	return YELLOW;
	case HA_PASS:	return GREEN;
	case HA_ERROR:	return MAGENTA;
	default:	return DIM;
	}
}

static const char *
score_color(const struct ha_score *sc)
{
	if (!sc->has_percent)
		return DIM;
	return sc->percent >= 90.0 ? GREEN : sc->percent >= 60.0 ? YELLOW :
	    RED;
}

/* Colour only when enabled: c(o, RED) is "" otherwise. */
static const char *
c(const struct ha_write_opts *o, const char *code)
{
	return o->color ? code : "";
}

static void
upper(char *dst, const char *src, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len && src[i] != '\0'; i++)
		dst[i] = (char)(src[i] >= 'a' && src[i] <= 'z' ?
		    src[i] - 'a' + 'A' : src[i]);
	dst[i] = '\0';
}

/* [p, end) with controls as '?' and invalid UTF-8 as U+FFFD. */
static void
put_span(FILE *fp, const char *p, const char *end)
{
	char b[4], esc[16];
	uint32_t cp;
	size_t n;

	while (*p != '\0' && (end == NULL || p < end)) {
		cp = ha_utf8_next(&p);
		if (ha_text_hidden(cp)) {	/* shown, never obeyed */
			n = ha_text_escape(cp, esc, sizeof(esc));
			fwrite(esc, 1, n, fp);
			continue;
		}
		n = ha_utf8_encode(b, cp);
		fwrite(b, 1, n, fp);
	}
}

/* s in exactly width columns: cut or padded, one column a code point. */
static void
put_cols(FILE *fp, const char *s, int width)
{
	const char *p = s ? s : "", *q;
	int n;

	for (n = 0; n < width && *p != '\0'; n++) {
		q = p;
		(void)ha_utf8_next(&p);
		put_span(fp, q, p);
	}
	fprintf(fp, "%*s", width - n, "");
}

/*
 * Write s from column col, wrapping at spaces before WIDTH and going on
 * at column indent.  Control characters (an escape sequence in a
 * container name) are shown as '?', invalid UTF-8 as U+FFFD.
 */
static void
put_wrapped_at(FILE *fp, const char *s, int col, int indent, int width)
{
	const char *p = s ? s : "", *w;
	int len;

	while (*p != '\0') {
		for (w = p, len = 0; *w != '\0' && *w != ' '; len++)
			(void)ha_utf8_next(&w);
		if (col > indent && col + 1 + len > width) {
			fprintf(fp, "\n%*s", indent, "");
			col = indent;
		} else if (p != s) {
			fputc(' ', fp);
			col++;
		}
		put_span(fp, p, w);
		col += len;
		for (p = w; *p == ' '; p++)
			;
	}
}

static void
put_wrapped(FILE *fp, const char *s, int col, int indent)
{
	put_wrapped_at(fp, s, col, indent, WIDTH);
}

/* The terminal's width when fp is one, else FIX_WIDTH. */
static int
term_width(FILE *fp)
{
	struct winsize ws;
	int fd = fileno(fp);

	if (fd < 0 || !isatty(fd) || ioctl(fd, TIOCGWINSZ, &ws) != 0 ||
	    ws.ws_col < 40)
		return FIX_WIDTH;
	return ws.ws_col > 200 ? 200 : ws.ws_col;
}

/*
 * The audit-rule checks (1.1.x) name this host's path in their finding
 * and its file target ("no audit rule watches '/usr/sbin/dockerd'");
 * their remediation says PATH.  The exact rule to add for that path (a
 * new string), or NULL.
 */
static char *
audit_fix(const struct ha_result *r)
{
	static const char lead[] = "no audit rule watches '";
	const char *p, *q;
	int n;

	if (strncmp(r->check->id, "host.audit-", 11) != 0 ||
	    r->message == NULL || strncmp(r->message, lead,
	    sizeof(lead) - 1) != 0)
		return NULL;
	if (r->ntargets > 0 && strcmp(r->targets[0].kind, "file") == 0) {
		p = r->targets[0].name;
		n = (int)strlen(p);
	} else {
		p = r->message + sizeof(lead) - 1;
		if ((q = strchr(p, '\'')) == NULL || q == p)
			return NULL;
		n = (int)(q - p);
	}
	return ha_xasprintf("add '-w %.*s -p rwxa -k docker' to "
	    "/etc/audit/rules.d/docker.rules, then load it with "
	    "'augenrules --load' or restart auditd.", n, p);
}

/* A failure's remediation, one paragraph under it (not with --brief). */
static void
print_fix(FILE *fp, const struct ha_result *r, int width,
    const struct ha_write_opts *o)
{
	char *exact;

	if (o->brief || r->status != HA_FAIL || r->check->remediation == NULL ||
	    *r->check->remediation == '\0')
		return;
	exact = audit_fix(r);
	fprintf(fp, "         %sFix:%s ", c(o, BOLD), c(o, RESET));
	put_wrapped_at(fp, exact ? exact : r->check->remediation, 14, 14,
	    width);
	fputc('\n', fp);
	free(exact);
}

/* 1 when the text report lists t (and its result's message is not all). */
static int
target_listed(const struct ha_result *r, const struct ha_target *t,
    const struct ha_write_opts *o)
{
	if (!o->verbose && t->status != HA_FAIL && t->status != HA_WARN &&
	    t->status != HA_ERROR && t->status != HA_WAIVED)
		return 0;
	/* a lone target that only repeats the message says nothing */
	return !(r->ntargets == 1 && t->waiver == NULL &&
	    t->status == r->status && t->detail != NULL &&
	    r->message != NULL && strcmp(t->detail, r->message) == 0);
}

static void
print_target_text(FILE *fp, const struct ha_target *t, int col)
{
	char *s = ha_xasprintf("%s%s%s%s %s%s%s%s%s%s", t->engine ? "[" : "",
	    t->engine ? t->engine : "", t->engine ? "] " : "", t->kind,
	    t->name,
	    t->state ? " (" : "", t->state ? t->state : "", t->state ? ")" :
	    "", t->detail && *t->detail ? ": " : "", t->detail ? t->detail :
	    "");

	put_wrapped(fp, s, col, 13);
	free(s);
}

static void
print_change(FILE *fp, enum ha_change ch, const struct ha_write_opts *o)
{
	if (ch == HA_CHANGE_NEW || ch == HA_CHANGE_FIXED)
		fprintf(fp, " %s[%s]%s", c(o, ch == HA_CHANGE_NEW ? RED :
		    GREEN), ha_change_name(ch), c(o, RESET));
}

/* A finding's waiver: active (it is waived) or expired (it fails). */
static void
print_waiver(FILE *fp, const struct ha_waiver *w, int expired, int indent)
{
	const char *what = expired ? "waiver expired" : "waived until";
	char *s = w->owner != NULL ? ha_xasprintf("%s %s: %s (owner %s)",
	    what, w->expires, w->reason, w->owner) : ha_xasprintf("%s %s: %s",
	    what, w->expires, w->reason);

	fprintf(fp, "%*s", indent, "");
	put_wrapped(fp, s, indent, indent + 2);
	fputc('\n', fp);
	free(s);
}

static void
print_result(FILE *fp, const struct ha_result *r, int width,
    const struct ha_write_opts *o)
{
	char tag[16];
	size_t i, shown = 0, listed = 0;

	upper(tag, ha_status_name(r->status), sizeof(tag));
	fprintf(fp, "  %s%-6s%s %-7s %s", c(o, status_color(r->status)),
	    tag, c(o, RESET), r->entry->ref, c(o, BOLD));
	put_wrapped(fp, r->check->title, 17, 17);
	fputs(c(o, RESET), fp);
	print_change(fp, r->change, o);
	fprintf(fp, "\n         %s%s%s: ", c(o, DIM), r->check->id,
	    c(o, RESET));
	put_wrapped(fp, r->message, 11 + (int)strlen(r->check->id), 11);
	fputc('\n', fp);
	if (r->waiver != NULL)
		print_waiver(fp, r->waiver, r->status != HA_WAIVED, 9);
	print_fix(fp, r, width, o);
	for (i = 0; i < r->ntargets; i++)
		listed += target_listed(r, &r->targets[i], o);
	for (i = 0; i < r->ntargets; i++) {
		const struct ha_target *t = &r->targets[i];

		if (!target_listed(r, t, o))
			continue;
		if (!o->verbose && shown == MAX_TARGETS) {
			fprintf(fp, "         - and %zu more (-v lists them "
			    "all)\n", listed - shown);
			break;
		}
		shown++;
		upper(tag, ha_status_name(t->status), sizeof(tag));
		fprintf(fp, "         - %s%s%s ", c(o, status_color(t->status)),
		    tag, c(o, RESET));
		print_target_text(fp, t, 12 + (int)strlen(tag));
		print_change(fp, t->change, o);
		fputc('\n', fp);
		if (t->waiver != NULL)
			print_waiver(fp, t->waiver, t->status != HA_WAIVED,
			    13);
	}
}

/* "14.3% -> 28.6% (+14.3)": the score then and now. */
static void
print_score_change(FILE *fp, const struct ha_report *rep,
    const struct ha_write_opts *o)
{
	const struct ha_baseline *b = rep->baseline;
	char now[16];
	double d;

	ha_score_str(&rep->score, now, sizeof(now));
	fputs("  Score ", fp);
	if (b->has_score)
		fprintf(fp, "%.1f%%", b->score_before);
	else
		fputs("n/a", fp);
	fprintf(fp, " \u2192 %s%s", now, rep->score.has_percent ? "%" : "");
	if (ha_baseline_score_change(b, &rep->score, &d))
		fprintf(fp, " (%s%+.1f%s)", c(o, d > 0 ? GREEN : d < 0 ? RED :
		    ""), d, c(o, d != 0 ? RESET : ""));
	fputc('\n', fp);
}

/* One line of "Changed since": "  NEW    2.2 Title: container web". */
static void
print_change_line(FILE *fp, const char *tag, const char *color,
    const char *ref, const char *title, const char *kind, const char *name,
    const struct ha_write_opts *o)
{
	char *s = kind ? ha_xasprintf("%s %s: %s %s", ref, title, kind,
	    name) : ha_xasprintf("%s %s", ref, title);

	fprintf(fp, "  %s%-6s%s ", c(o, color), tag, c(o, RESET));
	put_wrapped(fp, s, 9, 9);
	fputc('\n', fp);
	free(s);
}

/* "  - and 12 more" once, after max lines of a kind (not with -v). */
static int
change_room(FILE *fp, size_t *shown, size_t total,
    const struct ha_write_opts *o)
{
	if (o->verbose || *shown < MAX_TARGETS) {
		(*shown)++;
		return 1;
	}
	if (*shown == MAX_TARGETS) {
		fprintf(fp, "         and %zu more (-v lists them all)\n",
		    total - *shown);
		(*shown)++;
	}
	return 0;
}

/* What fails now and did not in the baseline. */
static void
print_new(FILE *fp, const struct ha_report *rep,
    const struct ha_write_opts *o)
{
	size_t i, j, shown = 0;
	int any;

	for (i = 0; i < rep->nresults; i++) {
		const struct ha_result *r = &rep->results[i];

		if (r->status != HA_FAIL)
			continue;
		any = 0;
		for (j = 0; j < r->ntargets; j++) {
			const struct ha_target *t = &r->targets[j];

			if (t->status != HA_FAIL)
				continue;
			any = 1;
			if (t->change == HA_CHANGE_NEW && change_room(fp,
			    &shown, rep->baseline->nnew, o))
				print_change_line(fp, "NEW", RED,
				    r->entry->ref, r->check->title, t->kind,
				    t->name, o);
		}
		if (!any && r->change == HA_CHANGE_NEW && change_room(fp,
		    &shown, rep->baseline->nnew, o))
			print_change_line(fp, "NEW", RED, r->entry->ref,
			    r->check->title, NULL, NULL, o);
	}
}

/* What the baseline had failing: fixed (gone 0) or gone (gone 1). */
static void
print_fixed(FILE *fp, const struct ha_baseline *b, int gone,
    const struct ha_write_opts *o)
{
	size_t i, shown = 0;

	for (i = 0; i < b->nfixed; i++) {
		const struct ha_fixed *f = &b->fixed[i];

		if (f->gone != gone || !change_room(fp, &shown, gone ?
		    b->ngone : b->nfixed - b->ngone, o))
			continue;
		print_change_line(fp, gone ? "GONE" : "FIXED", gone ? DIM :
		    GREEN, f->ref, f->title, f->kind, f->name, o);
	}
}

static void
print_changes(FILE *fp, const struct ha_report *rep,
    const struct ha_write_opts *o)
{
	const struct ha_baseline *b = rep->baseline;
	char *line;

	if (b == NULL)
		return;
	fprintf(fp, "\n%sChanged since %s%s\n", c(o, BOLD), b->started_at,
	    c(o, RESET));
	line = ha_xasprintf("%zu new, %zu still failing, %zu fixed, %zu gone "
	    "(baseline %s)", b->nnew, b->nstill, b->nfixed - b->ngone,
	    b->ngone, b->path);
	fputs("  ", fp);
	put_wrapped(fp, line, 2, 4);
	fputc('\n', fp);
	free(line);
	print_score_change(fp, rep, o);
	print_new(fp, rep, o);
	print_fixed(fp, b, 0, o);
	print_fixed(fp, b, 1, o);
}

/*
 * "Fix first": the failures, the most severe first, then in section
 * order (the report's order within a section), at most MAX_FIX_FIRST
 * (all with -v).  Severities are few: one pass per severity keeps the
 * report's order without sorting.
 */
static void
print_fix_first(FILE *fp, const struct ha_report *rep,
    const struct ha_write_opts *o)
{
	size_t s, i, n, shown = 0, total = 0;
	char tag[16], *line;
	int sev;

	for (i = 0; i < rep->nresults; i++)
		total += rep->results[i].status == HA_FAIL;
	if (total == 0)
		return;
	fprintf(fp, "\n%sFix first%s\n", c(o, BOLD), c(o, RESET));
	for (sev = HA_SEV_COUNT - 1; sev >= 0; sev--)
		for (s = 0; s <= rep->nsections; s++)
			for (i = 0; i < rep->nresults; i++) {
				const struct ha_result *r = &rep->results[i];

				if (r->status != HA_FAIL ||
				    (int)r->entry->severity != sev ||
				    ha_report_section_index(rep,
				    r->entry->section) != s)
					continue;
				if (!o->verbose && shown == MAX_FIX_FIRST) {
					fprintf(fp, "  and %zu more, below\n",
					    total - shown);
					return;
				}
				shown++;
				upper(tag, ha_severity_name(r->entry->severity),
				    sizeof(tag));
				n = ha_result_failing_targets(r);
				line = n == 0 ? ha_xasprintf("%s %s",
				    r->entry->ref, r->check->title) :
				    ha_xasprintf("%s %s (%zu %s%s)",
				    r->entry->ref, r->check->title, n,
				    r->targets[0].kind, n == 1 ? "" : "s");
				fprintf(fp, "  %s%-8s%s ", c(o, sev >=
				    HA_SEV_HIGH ? RED : YELLOW), tag,
				    c(o, RESET));
				put_wrapped(fp, line, 11, 11);
				fputc('\n', fp);
				free(line);
			}
}

static void
print_group(FILE *fp, const struct ha_report *rep, const char *heading,
    int (*want)(enum ha_status), int width, const struct ha_write_opts *o)
{
	size_t s, i;
	int any = 0, in_section;

	for (s = 0; s < rep->nsections; s++) {
		in_section = 0;
		for (i = 0; i < rep->nresults; i++) {
			const struct ha_result *r = &rep->results[i];

			if (!want(r->status) || strcmp(r->entry->section,
			    rep->sections[s].id) != 0)
				continue;
			if (!any++)
				fprintf(fp, "\n%s%s%s\n", c(o, BOLD), heading,
				    c(o, RESET));
			if (!in_section++) {
				fputc(' ', fp);
				put_span(fp, rep->sections[s].id, NULL);
				fputc(' ', fp);
				put_wrapped(fp, rep->sections[s].title,
				    2 + (int)strlen(rep->sections[s].id), 4);
				fputc('\n', fp);
			}
			print_result(fp, r, width, o);
		}
	}
}

static int want_fail(enum ha_status s) { return s == HA_FAIL; }
static int want_warn(enum ha_status s) { return s == HA_WARN; }
static int want_error(enum ha_status s) { return s == HA_ERROR; }
static int want_waived(enum ha_status s) { return s == HA_WAIVED; }
static int
want_rest(enum ha_status s)
{
	return s != HA_FAIL && s != HA_WARN && s != HA_ERROR &&
	    s != HA_WAIVED;
}

/* Waivers that need attention: expired ones and those matching nothing. */
static void
print_waivers(FILE *fp, const struct ha_report *rep,
    const struct ha_write_opts *o)
{
	size_t i, n[HA_WAIVER_STATE_COUNT] = { 0 };

	for (i = 0; i < rep->nwaivers; i++)
		n[rep->waivers[i].state]++;
	if (rep->nwaivers == 0)
		return;
	fprintf(fp, "\n%sWaivers%s  %zu active, %zu expired, %zu stale\n",
	    c(o, BOLD), c(o, RESET), n[HA_WAIVER_ACTIVE],
	    n[HA_WAIVER_EXPIRED], n[HA_WAIVER_STALE]);
	for (i = 0; i < rep->nwaivers; i++) {
		const struct ha_waiver_use *u = &rep->waivers[i];
		const struct ha_waiver *w = u->waiver;
		char *s;

		if (u->state == HA_WAIVER_ACTIVE && !o->verbose)
			continue;
		s = ha_xasprintf("%s%s%s%s%s, expires %s, %zu matched: %s "
		    "(%s)", w->check, w->kind ? " " : "", w->kind ? w->kind :
		    "", w->kind ? "=" : "", w->target ? w->target : "",
		    w->expires, u->matched, w->reason, w->origin);
		fprintf(fp, "  %s%-7s%s ", c(o, u->state == HA_WAIVER_ACTIVE ?
		    DIM : YELLOW), ha_waiver_state_name(u->state),
		    c(o, RESET));
		put_wrapped(fp, s, 10, 10);
		fputc('\n', fp);
		free(s);
	}
}

/* Which engine was audited, or each of them (--all-engines). */
static void
print_engines(FILE *fp, const struct ha_report *rep)
{
	char *line, *what;
	size_t i;

	if (rep->nengines == 0) {
		line = ha_report_engine_line(rep->facts);
		fputs("Engine ", fp);
		put_wrapped(fp, line, 7, 9);
		fputc('\n', fp);
		free(line);
		return;
	}
	fprintf(fp, "Engines (%zu)\n", rep->nengines);
	for (i = 0; i < rep->nengines; i++) {
		what = ha_report_engine_line(rep->engines[i].facts);
		line = ha_xasprintf("%s: %s", rep->engines[i].name, what);
		fputs("  ", fp);
		put_wrapped(fp, line, 2, 4);
		fputc('\n', fp);
		free(line);
		free(what);
	}
}

static int
write_text(const struct ha_report *rep, FILE *fp,
    const struct ha_write_opts *o)
{
	const struct ha_score *sc = &rep->score;
	char pct[16], *line;
	int width = term_width(fp);
	size_t i;

	fprintf(fp, "%shostaudit %s%s  host ", c(o, BOLD),
	    rep->tool_version, c(o, RESET));
	put_span(fp, rep->host, NULL);
	fputs("  profile ", fp);
	put_span(fp, rep->profile->name, NULL);
	fputc('\n', fp);
	print_engines(fp, rep);
	fprintf(fp, "Score %s%s%s%s  pass %d  fail %d  warn %d  error %d  "
	    "skip %d  manual %d\n", c(o, score_color(sc)),
	    ha_score_str(sc, pct, sizeof(pct)), sc->has_percent ? "%" : "",
	    c(o, RESET), sc->counts[HA_PASS],
	    sc->counts[HA_FAIL], sc->counts[HA_WARN], sc->counts[HA_ERROR],
	    sc->counts[HA_SKIP], sc->counts[HA_MANUAL]);
	fprintf(fp, "Coverage %s%.1f%%%s  %d of %d automated checks "
	    "evaluated\n", c(o, sc->evaluated < sc->selected ? MAGENTA : ""),
	    sc->coverage, c(o, sc->evaluated < sc->selected ? RESET : ""),
	    sc->evaluated, sc->selected);
	if ((line = ha_report_not_seen_line(rep)) != NULL) {
		/* one line, so that scripts can grep for it */
		fprintf(fp, "%sNot seen:%s ", c(o, MAGENTA), c(o, RESET));
		put_span(fp, line, NULL);
		fputc('\n', fp);
		free(line);
	}
	fprintf(fp, "\n %-3s %-40.40s %6s %5s %5s %5s %5s\n", "", "Section",
	    "Score", "Pass", "Fail", "Warn", "Error");
	for (i = 0; i < rep->nsections; i++) {
		const struct ha_section_score *s = &rep->sections[i];

		fputc(' ', fp);
		put_cols(fp, s->id, 3);
		fputc(' ', fp);
		put_cols(fp, s->title, 40);
		ha_score_str(&s->score, pct, sizeof(pct));
		fprintf(fp, " %s%5s%s%s %5d %5d %5d %5d\n",
		    c(o, score_color(&s->score)), pct,
		    s->score.has_percent ? "%" : " ", c(o, RESET),
		    s->score.counts[HA_PASS], s->score.counts[HA_FAIL],
		    s->score.counts[HA_WARN], s->score.counts[HA_ERROR]);
	}
	print_fix_first(fp, rep, o);
	print_changes(fp, rep, o);
	print_group(fp, rep, "Failures", want_fail, width, o);
	print_group(fp, rep, "Warnings", want_warn, width, o);
	print_group(fp, rep, "Could not evaluate", want_error, width, o);
	print_group(fp, rep, "Waived", want_waived, width, o);
	print_waivers(fp, rep, o);
	if (o->verbose)
		print_group(fp, rep, "Other results", want_rest, width, o);
	return ferror(fp) ? -1 : 0;
}

const struct ha_writer ha_writer_text = {
	.name = "text",
	.description = "a summary for a terminal",
	.write = write_text,
};

/*
 * write_text.c - the terminal view: score and per-section summary first,
 * then failures grouped by section with the failing targets named, then
 * warnings and evaluation errors; with -v every other result too.
 * Colour only when the caller says so (a tty, and no NO_COLOR).
 */
#include <string.h>

#include "ha_report.h"
#include "banned.h"

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
score_color(double pct)
{
	return pct >= 90.0 ? GREEN : pct >= 60.0 ? YELLOW : RED;
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

static void
print_result(FILE *fp, const struct ha_result *r,
    const struct ha_write_opts *o)
{
	char tag[16];
	size_t i, shown = 0;

	upper(tag, ha_status_name(r->status), sizeof(tag));
	fprintf(fp, "  %s%-6s%s %-7s %s%s%s\n", c(o, status_color(r->status)),
	    tag, c(o, RESET), r->entry->ref, c(o, BOLD), r->check->title,
	    c(o, RESET));
	fprintf(fp, "         %s%s%s: %s\n", c(o, DIM), r->check->id,
	    c(o, RESET), r->message ? r->message : "");
	for (i = 0; i < r->ntargets; i++) {
		const struct ha_target *t = &r->targets[i];

		if (!o->verbose && t->status != HA_FAIL &&
		    t->status != HA_WARN && t->status != HA_ERROR &&
		    t->status != HA_WAIVED)
			continue;
		if (!o->verbose && ++shown > 20) {
			fprintf(fp, "         ... and more (use -v or -f json)"
			    "\n");
			break;
		}
		upper(tag, ha_status_name(t->status), sizeof(tag));
		fprintf(fp, "         - %s%s%s %s %s%s%s%s%s%s\n",
		    c(o, status_color(t->status)), tag, c(o, RESET), t->kind,
		    t->name, t->state ? " (" : "", t->state ? t->state : "",
		    t->state ? ")" : "", t->detail && *t->detail ? ": " : "",
		    t->detail ? t->detail : "");
	}
}

static void
print_group(FILE *fp, const struct ha_report *rep, const char *heading,
    int (*want)(enum ha_status), const struct ha_write_opts *o)
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
			if (!in_section++)
				fprintf(fp, " %s %s\n", rep->sections[s].id,
				    rep->sections[s].title);
			print_result(fp, r, o);
		}
	}
}

static int want_fail(enum ha_status s) { return s == HA_FAIL; }
static int want_warn(enum ha_status s) { return s == HA_WARN; }
static int want_error(enum ha_status s) { return s == HA_ERROR; }
static int
want_rest(enum ha_status s)
{
	return s != HA_FAIL && s != HA_WARN && s != HA_ERROR;
}

static int
write_text(const struct ha_report *rep, FILE *fp,
    const struct ha_write_opts *o)
{
	const struct ha_score *sc = &rep->score;
	size_t i;

	fprintf(fp, "%shostaudit %s%s  host %s  profile %s\n", c(o, BOLD),
	    rep->tool_version, c(o, RESET), rep->host, rep->profile->name);
	fprintf(fp, "Score %s%.1f%%%s  pass %d  fail %d  warn %d  error %d  "
	    "skip %d  manual %d\n\n", c(o, score_color(sc->percent)),
	    sc->percent, c(o, RESET), sc->counts[HA_PASS],
	    sc->counts[HA_FAIL], sc->counts[HA_WARN], sc->counts[HA_ERROR],
	    sc->counts[HA_SKIP], sc->counts[HA_MANUAL]);
	fprintf(fp, " %-3s %-40.40s %6s %5s %5s %5s\n", "", "Section",
	    "Score", "Pass", "Fail", "Warn");
	for (i = 0; i < rep->nsections; i++) {
		const struct ha_section_score *s = &rep->sections[i];

		fprintf(fp, " %-3s %-40.40s %s%5.1f%%%s %5d %5d %5d\n", s->id,
		    s->title, c(o, score_color(s->score.percent)),
		    s->score.percent, c(o, RESET), s->score.counts[HA_PASS],
		    s->score.counts[HA_FAIL], s->score.counts[HA_WARN]);
	}
	print_group(fp, rep, "Failures", want_fail, o);
	print_group(fp, rep, "Warnings", want_warn, o);
	print_group(fp, rep, "Could not evaluate", want_error, o);
	if (o->verbose)
		print_group(fp, rep, "Other results", want_rest, o);
	return ferror(fp) ? -1 : 0;
}

const struct ha_writer ha_writer_text = {
	.name = "text",
	.description = "a summary for a terminal",
	.write = write_text,
};

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * main.c - hostaudit's command line: parse options, collect (or load)
 * facts, evaluate the profile, write the report, exit with one meaning.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <grp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <openssl/crypto.h>

#include "ha_baseline.h"
#include "ha_buf.h"
#include "ha_collect.h"
#include "ha_endpoint.h"
#include "ha_engines.h"
#include "ha_facts.h"
#include "ha_fleet.h"
#include "ha_jsonpos.h"
#include "ha_listing.h"
#include "ha_privs.h"
#include "ha_report.h"
#include "ha_select.h"
#include "ha_slim.h"
#include "ha_util.h"
#include "banned.h"

#define EXIT_FINDINGS	1
#define EXIT_USAGE	2
#define EXIT_NORUN	3
#define MAX_FACTS_SIZE	(256UL * 1024 * 1024)
#define REPORT_MODE	0640
#define MAX_OUTPUTS	16
#define MAX_PROFILE_STDIN (4UL * 1024 * 1024)	/* as for a profile file */
#define STDIN_NAME	"<stdin>"
#define HA_DEFAULT_PROFILE "cis-docker-1.8.0"

enum {
	OPT_BASELINE = 256,
	OPT_DAEMON_JSON,
	OPT_EXPLAIN,
	OPT_FACTS,
	OPT_FAIL_ON,
	OPT_MIN_SCORE,
	OPT_NO_COLOR,
	OPT_ROOT,
	OPT_SAVE_FACTS,
	OPT_TIMEOUT,
	OPT_CHECK_PROFILE,
	OPT_CHECKS,
	OPT_CONTAINER,
	OPT_EXCLUDE_CONTAINER,
	OPT_LABEL,
	OPT_LEVEL,
	OPT_SKIP,
	OPT_WAIVERS,
	OPT_TLS,
	OPT_TLSVERIFY,
	OPT_TLSCACERT,
	OPT_TLSCERT,
	OPT_TLSKEY,
	OPT_ALL_ENGINES,
	OPT_LIST_ENGINES,
	OPT_COLOR,
	OPT_REPORT_GROUP,
	OPT_REPORT_MODE,
	OPT_BENCHMARK_DIFF,
	OPT_MERGE,
	OPT_BRIEF,
	OPT_MAX_ENGINE_BYTES,
};

/* --color */
enum color {
	COLOR_AUTO,	/* a terminal, NO_COLOR unset or empty, TERM not dumb */
	COLOR_ALWAYS,
	COLOR_NEVER,
};

static const struct option longopts[] = {
	{ "all-engines",	no_argument,	   NULL, OPT_ALL_ENGINES },
	{ "baseline",		required_argument, NULL, OPT_BASELINE },
	{ "benchmark-diff",	required_argument, NULL, OPT_BENCHMARK_DIFF },
	{ "brief",		no_argument,	   NULL, OPT_BRIEF },
	{ "check-profile",	required_argument, NULL, OPT_CHECK_PROFILE },
	{ "checks",		required_argument, NULL, OPT_CHECKS },
	{ "color",		required_argument, NULL, OPT_COLOR },
	{ "container",		required_argument, NULL, OPT_CONTAINER },
	{ "daemon-json",	required_argument, NULL, OPT_DAEMON_JSON },
	{ "exclude-container", required_argument, NULL, OPT_EXCLUDE_CONTAINER },
	{ "explain",		required_argument, NULL, OPT_EXPLAIN },
	{ "facts",		required_argument, NULL, OPT_FACTS },
	{ "fail-on",		required_argument, NULL, OPT_FAIL_ON },
	{ "format",		required_argument, NULL, 'f' },
	{ "help",		no_argument,	   NULL, 'h' },
	{ "host",		required_argument, NULL, 'H' },
	{ "label",		required_argument, NULL, OPT_LABEL },
	{ "level",		required_argument, NULL, OPT_LEVEL },
	{ "list-checks",	no_argument,	   NULL, 'l' },
	{ "list-engines",	no_argument,	   NULL, OPT_LIST_ENGINES },
	{ "max-engine-bytes",	required_argument, NULL, OPT_MAX_ENGINE_BYTES },
	{ "merge",		no_argument,	   NULL, OPT_MERGE },
	{ "min-score",		required_argument, NULL, OPT_MIN_SCORE },
	{ "no-color",		no_argument,	   NULL, OPT_NO_COLOR },
	{ "output",		required_argument, NULL, 'o' },
	{ "profile",		required_argument, NULL, 'p' },
	{ "quiet",		no_argument,	   NULL, 'q' },
	{ "report-group",	required_argument, NULL, OPT_REPORT_GROUP },
	{ "report-mode",	required_argument, NULL, OPT_REPORT_MODE },
	{ "root",		required_argument, NULL, OPT_ROOT },
	{ "save-facts",		required_argument, NULL, OPT_SAVE_FACTS },
	{ "skip",		required_argument, NULL, OPT_SKIP },
	{ "timeout",		required_argument, NULL, OPT_TIMEOUT },
	{ "verbose",		no_argument,	   NULL, 'v' },
	{ "version",		no_argument,	   NULL, 'V' },
	{ "tls",		no_argument,	   NULL, OPT_TLS },
	{ "tlscacert",		required_argument, NULL, OPT_TLSCACERT },
	{ "tlscert",		required_argument, NULL, OPT_TLSCERT },
	{ "tlskey",		required_argument, NULL, OPT_TLSKEY },
	{ "tlsverify",		no_argument,	   NULL, OPT_TLSVERIFY },
	{ "waivers",		required_argument, NULL, OPT_WAIVERS },
	{ NULL, 0, NULL, 0 },
};

/*
 * One report output: a writer and a file, or a stream (standard output
 * or standard error: "-", /dev/stdout, /dev/stderr), which is written as
 * it is, never replaced.
 */
struct output {
	const struct ha_writer	*w;
	const char		*path;		/* NULL: the stream fd */
	int			 fd;		/* STDOUT_FILENO or
						   STDERR_FILENO */
	int			 implicit;	/* the default text report,
						   which -q leaves out */
	const struct ha_fleet_writer *fw;	/* --merge: the fleet
						   writer (w is NULL) */
};

struct options {
	struct ha_collect_opts	 collect;
	struct ha_endpoint_opts	 ep_opts;	/* -H and the TLS flags */
	struct ha_endpoint	 ep;		/* resolved from them */
	int			 version;	/* -V */
	const char		*profile;
	const char		*check_profile;	/* --check-profile */
	const char		*waivers;	/* --waivers */
	struct ha_select	 select;	/* --level, --checks, ... */
	long			 today;		/* HOSTAUDIT_TODAY, else 0 */
	struct output		 out[MAX_OUTPUTS];
	size_t			 nout;
	const char		*baseline;
	int			 fail_on;	/* severity; -1: any failure */
	long long		 min_score;	/* -1: none */
	const char		*output;	/* -o FILE */
	int			 output_fd;	/* -o -: the stream; else -1 */
	const char		*facts_in;	/* "-": standard input */
	const char		*facts_out;	/* NULL with facts_fd:
						   a stream */
	int			 facts_fd;	/* --save-facts -; else -1 */
	mode_t			 report_mode;	/* --report-mode */
	const char		*report_group;	/* --report-group */
	gid_t			 report_gid;	/* its gid; (gid_t)-1 */
	const char		*explain;
	int			 list;
	const char		*benchmark_diff;	/* its FROM profile */
	int			 all_engines;	/* --all-engines */
	int			 list_engines;	/* --list-engines */
	int			 merge;		/* --merge: the operands are
						   reports to merge */
	char			**merge_in;	/* borrowed from argv */
	int			 nmerge_in;
	int			 quiet;
	enum color		 color;
	int			 verbose;
	int			 brief;		/* --brief */
};

static void
usage(FILE *fp)
{
	fputs("usage: hostaudit [-hlqVv] [-f format[:file]] [-H url] [-o file] "
	    "[-p profile]\n"
	    "                 [--all-engines] [--baseline file]\n"
	    "                 [--benchmark-diff from [to]] [--brief] "
	    "[--check-profile file]\n"
	    "                 [--checks list] [--color when] "
	    "[--container glob]\n"
	    "                 [--daemon-json file] [--exclude-container glob]\n"
	    "                 [--explain id] [--facts file] "
	    "[--fail-on severity]\n"
	    "                 [--label key[=value]] [--level n] "
	    "[--list-engines]\n"
	    "                 [--max-engine-bytes size] [--min-score n]\n"
	    "                 [--report-group group] [--report-mode mode]\n"
	    "                 [--root dir] [--save-facts file] [--skip list] "
	    "[--timeout sec]\n"
	    "                 [--tls] [--tlscacert file] [--tlscert file] "
	    "[--tlskey file]\n"
	    "                 [--tlsverify] [--waivers file]\n"
	    "       hostaudit --merge [-q] [-f format[:file]] [-o file]\n"
	    "                 [--report-group group] [--report-mode mode] "
	    "report ...\n",
	    fp);
}

static void
help(void)
{
	usage(stdout);
	fputs("\nAudit this Docker host against a CIS-style profile.\n\n"
	    "  -H, --host URL         engine endpoint: unix:///PATH or "
	    "tcp://HOST:PORT\n"
	    "                         (default: $DOCKER_HOST, else "
	    "$DOCKER_CONTEXT, else\n"
	    "                         the current docker context, else\n"
	    "                         unix:///var/run/docker.sock)\n"
	    "      --tls, --tlsverify TLS to a tcp:// engine; --tlsverify "
	    "also verifies\n"
	    "                         it (as $DOCKER_TLS_VERIFY does)\n"
	    "      --tlscacert, --tlscert, --tlskey FILE  TLS files (default "
	    "in\n"
	    "                         $DOCKER_CERT_PATH or ~/.docker)\n"
	    "      --all-engines      audit every engine of this host in one "
	    "run\n"
	    "      --list-engines     list the engines --all-engines would "
	    "audit and exit\n"
	    "      --daemon-json PATH audit this daemon.json instead of the "
	    "daemon's own\n"
	    "  -p, --profile NAME     profile name or path (default "
	    HA_DEFAULT_PROFILE ")\n"
	    "      --check-profile PATH  validate a profile (and --waivers) "
	    "and exit\n"
	    "      --level N          only level-N checks and below (1 or 2)\n"
	    "      --checks LIST      only these checks: ids, numbers or "
	    "sections,\n"
	    "                         comma-separated (1.1 is 1.1.x, 5 all "
	    "of section 5)\n"
	    "      --skip LIST        leave these checks out (same forms)\n"
	    "      --container GLOB   audit only containers named so "
	    "(repeatable)\n"
	    "      --exclude-container GLOB  do not audit these containers\n"
	    "      --label KEY[=VAL]  audit only containers with this label\n"
	    "      --waivers PATH     waive findings listed in this JSON "
	    "file\n"
	    "  -f, --format FMT[:PATH] report format, repeatable: text "
	    "(default), json,\n"
	    "                         junit, sarif, csv, prometheus, html, "
	    "markdown;\n"
	    "                         with :PATH written to PATH "
	    "atomically\n"
	    "  -o, --output PATH      where the one -f without a path goes\n"
	    "      --report-mode MODE the report files' mode, octal "
	    "(default 0640)\n"
	    "      --report-group GROUP  the report files' group (a name or "
	    "gid)\n"
	    "      --baseline PATH    mark findings new, still failing or "
	    "fixed since\n"
	    "                         that JSON report\n"
	    "      --fail-on SEV      exit 1 only for failures of severity "
	    "SEV or worse\n"
	    "      --min-score N      exit 1 when the score is under N "
	    "percent\n"
	    "  -q, --quiet            no warnings, and no report but those "
	    "-f or -o ask for\n"
	    "  -v, --verbose          text: list passing and skipped checks "
	    "too\n"
	    "      --brief            text: no remediation under each "
	    "failure\n"
	    "      --color WHEN       colour the text report: auto (a "
	    "terminal, NO_COLOR\n"
	    "                         unset or empty, TERM not dumb), "
	    "always or never\n"
	    "      --no-color         the same as --color=never\n"
	    "      --save-facts PATH  save the collected facts as JSON\n"
	    "      --facts PATH       audit saved facts; no host access\n"
	    "      --root DIR         the host's root when run from a "
	    "container\n"
	    "      --timeout SEC      deadline for all the engine's answers "
	    "(default 30)\n"
	    "      --max-engine-bytes SIZE  memory for the engine's answers, "
	    "parsed\n"
	    "                         (K, M or G; default 512M)\n"
	    "  -l, --list-checks      list the profile's checks and exit\n"
	    "      --benchmark-diff FROM [TO]  the checks numbered or "
	    "levelled otherwise\n"
	    "                         in profile TO (default: -p) than in "
	    "FROM, and exit\n"
	    "      --explain ID       explain a check (id or number) and "
	    "exit\n"
	    "      --merge REPORT...  merge JSON reports (files, or "
	    "directories of *.json)\n"
	    "                         into one fleet report: -f json, html, "
	    "csv or markdown\n"
	    "                         (default); no host is reached\n"
	    "  -V, --version          print the version and exit\n"
	    "  -h, --help             this help\n\n"
	    "A PATH of - (or /dev/stdout, /dev/stderr, /dev/stdin) is that "
	    "stream: reports\n"
	    "and --save-facts write it as it is, and one of --facts, "
	    "--baseline and\n"
	    "--check-profile may read standard input.\n\n"
	    "Exit status: 0 no failure, 1 failures, 2 usage or profile error,\n"
	    "3 the audit did not see all it was asked to (an engine request\n"
	    "failed, daemon.json unreadable, a check in error) or could not\n"
	    "write its report; the report is still written.\n"
	    "See hostaudit(8).\n", stdout);
}

static int usage_error(const char *fmt, ...) HA_PRINTF(1, 2);

static int
usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("hostaudit: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fputs("Try 'hostaudit --help' for more information.\n", stderr);
	return EXIT_USAGE;
}

/*
 * The stream a path names: "-", /dev/stdout (/dev/fd/1,
 * /proc/self/fd/1) standard output, /dev/stderr (/dev/fd/2,
 * /proc/self/fd/2) standard error; -1 for a file.  Writing those by name
 * would open whatever the descriptor is (a pipe, a terminal, a file
 * opened with >>) through a link; they are written as streams instead.
 */
static int
stream_fd(const char *path)
{
	if (strcmp(path, "-") == 0 || strcmp(path, "/dev/stdout") == 0 ||
	    strcmp(path, "/dev/fd/1") == 0 ||
	    strcmp(path, "/proc/self/fd/1") == 0)
		return STDOUT_FILENO;
	if (strcmp(path, "/dev/stderr") == 0 ||
	    strcmp(path, "/dev/fd/2") == 0 ||
	    strcmp(path, "/proc/self/fd/2") == 0)
		return STDERR_FILENO;
	return -1;
}

/* An input path that names standard input: "-" or /dev/stdin. */
static int
is_stdin(const char *path)
{
	return path != NULL && (strcmp(path, "-") == 0 ||
	    strcmp(path, "/dev/stdin") == 0);
}

static int
add_output(struct options *o, const char *arg)
{
	const char *colon = strchr(arg, ':');
	char *name = colon ? ha_xstrndup(arg, (size_t)(colon - arg)) :
	    ha_xstrdup(arg);
	const struct ha_writer *w = o->merge ? NULL : ha_writer_find(name);
	const struct ha_fleet_writer *fw = o->merge ?
	    ha_fleet_writer_find(name) : NULL;
	struct output *out;
	size_t i;
	int rc = 0;

	if (w == NULL && fw == NULL) {
		fputs("hostaudit: unknown format '", stderr);
		fputs(name, stderr);
		fputs(o->merge ? "' for --merge (one of" : "' (one of", stderr);
		for (i = 0; !o->merge && i < ha_writer_count(); i++)
			fprintf(stderr, " %s", ha_writer_at(i)->name);
		for (i = 0; o->merge && i < ha_fleet_writer_count(); i++)
			fprintf(stderr, " %s", ha_fleet_writer_at(i)->name);
		fputs(")\nTry 'hostaudit --help' for more information.\n",
		    stderr);
		rc = EXIT_USAGE;
	} else if (o->nout == MAX_OUTPUTS) {
		rc = usage_error("at most %d outputs", MAX_OUTPUTS);
	} else if (colon != NULL && colon[1] == '\0') {
		rc = usage_error("-f %s: empty path", arg);
	} else {
		out = &o->out[o->nout++];
		out->w = w;
		out->fw = fw;
		out->fd = colon ? stream_fd(colon + 1) : STDOUT_FILENO;
		out->path = out->fd < 0 ? colon + 1 : NULL;
	}
	free(name);
	return rc;
}

/* At most one output on each stream: reports would be interleaved. */
static int
one_per_stream(const struct options *o)
{
	size_t i, n[3] = { 0, 0, 0 };

	for (i = 0; i < o->nout; i++)
		if (o->out[i].path == NULL)
			n[o->out[i].fd]++;
	if (o->facts_out == NULL && o->facts_fd >= 0)
		n[o->facts_fd]++;
	if (n[STDOUT_FILENO] > 1)
		return usage_error("at most one output may go to standard "
		    "output: give the others a path (-f FORMAT:PATH)");
	if (n[STDERR_FILENO] > 1)
		return usage_error("at most one output may go to standard "
		    "error");
	return 0;
}

/*
 * Apply -o to the first -f without a path, and default to a text report
 * on standard output: not asked for, so -q leaves it out, and none at all
 * when --save-facts already writes there.
 */
static int
finish_outputs(struct options *o)
{
	size_t i;
	int taken = 0, has_o = o->output != NULL;
	int facts_on_stdout = o->facts_in == NULL && o->facts_out == NULL &&
	    o->facts_fd == STDOUT_FILENO;

	if (o->nout == 0 && (!facts_on_stdout || has_o)) {
		add_output(o, o->merge ? "markdown" : "text");
		o->out[0].implicit = !has_o;
	}
	for (i = 0; has_o && i < o->nout; i++) {
		if (o->out[i].path != NULL || o->out[i].fd != STDOUT_FILENO ||
		    taken++ > 0)
			continue;
		if (o->output_fd >= 0)
			o->out[i].fd = o->output_fd;
		else
			o->out[i].path = o->output;
	}
	if (has_o && taken == 0)
		return usage_error("-o '%s': every -f already names a path",
		    o->output);
	return one_per_stream(o);
}

/* The selection options (ha_select.h). */
static int
select_arg(struct options *o, int ch, const char *arg)
{
	struct ha_select *s = &o->select;
	const char *errstr;
	long long n;
	int rc = 0;

	switch (ch) {
	case OPT_CHECKS:
		rc = ha_select_add(&s->checks, &s->nchecks, arg);
		break;
	case OPT_SKIP:
		rc = ha_select_add(&s->skip, &s->nskip, arg);
		break;
	case OPT_CONTAINER:
		rc = ha_select_add(&s->containers, &s->ncontainers, arg);
		break;
	case OPT_EXCLUDE_CONTAINER:
		rc = ha_select_add(&s->exclude, &s->nexclude, arg);
		break;
	case OPT_LABEL:		/* one label; a value may hold commas */
		if (*arg == '\0' || *arg == '=')
			return usage_error("--label: KEY or KEY=VALUE, not "
			    "'%s'", arg);
		s->labels = ha_xreallocarray(s->labels, s->nlabels + 1,
		    sizeof(*s->labels));
		s->labels[s->nlabels++] = ha_xstrdup(arg);
		break;
	default:
		if (ha_strtonum(arg, 1, 2, &n, &errstr) < 0)
			return usage_error("--level: 1 or 2, not '%s'", arg);
		s->level = (int)n;
		break;
	}
	if (rc < 0)
		return usage_error("empty item in '%s'", arg);
	return 0;
}

/* --report-mode: octal, at most 0777, and never writable by everyone. */
static int
parse_mode(const char *arg, mode_t *mode)
{
	unsigned long v = 0;
	const char *p;

	for (p = arg; *p >= '0' && *p <= '7' && p - arg < 4; p++)
		v = v * 8 + (unsigned long)(*p - '0');
	if (*arg == '\0' || *p != '\0' || v > 0777)
		return usage_error("--report-mode: an octal mode from 0 to "
		    "0777, not '%s'", arg);
	if (v & S_IWOTH)
		return usage_error("--report-mode %s: every user could change "
		    "the report", arg);
	*mode = (mode_t)v;
	return 0;
}

/* The output options: -o, --save-facts, --color, --report-mode. */
static int
output_arg(struct options *o, int ch, const char *arg)
{
	switch (ch) {
	case 'o':
		if (*arg == '\0')
			return usage_error("-o: empty path");
		o->output = arg;
		o->output_fd = stream_fd(arg);
		break;
	case OPT_SAVE_FACTS:
		if (*arg == '\0')
			return usage_error("--save-facts: empty path");
		o->facts_fd = stream_fd(arg);
		o->facts_out = o->facts_fd < 0 ? arg : NULL;
		break;
	case OPT_COLOR:
		if (strcmp(arg, "auto") == 0)
			o->color = COLOR_AUTO;
		else if (strcmp(arg, "always") == 0)
			o->color = COLOR_ALWAYS;
		else if (strcmp(arg, "never") == 0)
			o->color = COLOR_NEVER;
		else
			return usage_error("--color: auto, always or never, "
			    "not '%s'", arg);
		break;
	case OPT_NO_COLOR:
		o->color = COLOR_NEVER;
		break;
	case OPT_REPORT_GROUP:
		if (*arg == '\0')
			return usage_error("--report-group: empty group");
		o->report_group = arg;
		break;
	default:
		return parse_mode(arg, &o->report_mode);
	}
	return 0;
}

/* --facts, --baseline and --check-profile: "-" for standard input. */
static const char *
input_arg(const char *arg)
{
	return is_stdin(arg) ? "-" : arg;
}

/* What parse_args checks once every option is in. */
static int
check_args(struct options *o)
{
	if (o->all_engines && (o->facts_in != NULL || o->facts_out != NULL ||
	    o->facts_fd >= 0))
		return usage_error("--all-engines audits live engines: it "
		    "takes neither --facts nor --save-facts");
	if (o->merge && (o->facts_in != NULL || o->facts_out != NULL ||
	    o->facts_fd >= 0 || o->baseline != NULL || o->all_engines ||
	    o->list || o->list_engines || o->explain != NULL ||
	    o->check_profile != NULL || o->benchmark_diff != NULL))
		return usage_error("--merge reads reports only: it takes no "
		    "option of an audit");
	if (is_stdin(o->facts_in) + is_stdin(o->baseline) +
	    is_stdin(o->check_profile) > 1)
		return usage_error("only one of --facts, --baseline and "
		    "--check-profile may read standard input");
	return finish_outputs(o);
}

static int
parse_args(int argc, char **argv, struct options *o)
{
	const char *errstr;
	long long n;
	int ch;

	memset(o, 0, sizeof(*o));
	ha_collect_opts_init(&o->collect);
	o->profile = HA_DEFAULT_PROFILE;
	o->fail_on = -1;
	o->min_score = -1;
	o->output_fd = -1;
	o->facts_fd = -1;
	o->report_mode = REPORT_MODE;
	o->report_gid = (gid_t)-1;
	opterr = 0;
	/* --merge changes what -f accepts: find it before any -f */
	while ((ch = getopt_long(argc, argv, ":f:hH:lo:p:qVv", longopts,
	    NULL)) != -1)
		o->merge |= ch == OPT_MERGE;
	optind = 0;
	while ((ch = getopt_long(argc, argv, ":f:hH:lo:p:qVv", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (add_output(o, optarg) != 0)
				return EXIT_USAGE;
			break;
		case 'h': help(); exit(0);
		case 'H':
			o->collect.host = optarg;
			o->ep_opts.host = optarg;
			break;
		case OPT_TLS: o->ep_opts.tls = 1; break;
		case OPT_TLSVERIFY: o->ep_opts.tlsverify = 1; break;
		case OPT_TLSCACERT: o->ep_opts.tlscacert = optarg; break;
		case OPT_TLSCERT: o->ep_opts.tlscert = optarg; break;
		case OPT_TLSKEY: o->ep_opts.tlskey = optarg; break;
		case OPT_ALL_ENGINES: o->all_engines = 1; break;
		case OPT_LIST_ENGINES: o->list_engines = 1; break;
		case 'l': o->list = 1; break;
		case OPT_BENCHMARK_DIFF: o->benchmark_diff = optarg; break;
		case OPT_MERGE: break;	/* seen above */
		case 'o':
		case OPT_COLOR:
		case OPT_NO_COLOR:
		case OPT_REPORT_GROUP:
		case OPT_REPORT_MODE:
		case OPT_SAVE_FACTS:
			if (output_arg(o, ch, optarg) != 0)
				return EXIT_USAGE;
			break;
		case 'p': o->profile = optarg; break;
		case 'q': o->quiet = 1; break;
		case 'V': o->version = 1; break;
		case 'v': o->verbose = 1; break;
		case OPT_BRIEF: o->brief = 1; break;
		case OPT_BASELINE: o->baseline = input_arg(optarg); break;
		case OPT_CHECK_PROFILE:
			o->check_profile = input_arg(optarg);
			break;
		case OPT_WAIVERS: o->waivers = optarg; break;
		case OPT_CHECKS:
		case OPT_CONTAINER:
		case OPT_EXCLUDE_CONTAINER:
		case OPT_LABEL:
		case OPT_LEVEL:
		case OPT_SKIP:
			if (select_arg(o, ch, optarg) != 0)
				return EXIT_USAGE;
			break;
		case OPT_DAEMON_JSON: o->collect.daemon_json = optarg; break;
		case OPT_EXPLAIN: o->explain = optarg; break;
		case OPT_FACTS: o->facts_in = input_arg(optarg); break;
		case OPT_FAIL_ON:
			if ((o->fail_on = ha_severity_parse(optarg)) < 0)
				return usage_error("--fail-on: info, low, "
				    "medium, high or critical, not '%s'",
				    optarg);
			break;
		case OPT_MIN_SCORE:
			if (ha_strtonum(optarg, 0, 100, &o->min_score,
			    &errstr) < 0)
				return usage_error("--min-score: a percentage "
				    "from 0 to 100, not '%s'", optarg);
			break;
		case OPT_ROOT: o->collect.root = optarg; break;
		case OPT_TIMEOUT:
			if (ha_strtonum(optarg, 1, 3600, &n, &errstr) < 0)
				return usage_error("--timeout: seconds from 1 "
				    "to 3600, not '%s'", optarg);
			o->collect.timeout_ms = (long)n * 1000;
			break;
		case OPT_MAX_ENGINE_BYTES:
			if (ha_engine_parse_size(optarg,
			    &o->collect.max_engine_bytes) < 0)
				return usage_error("--max-engine-bytes: a size "
				    "from 1M to 1024G (bytes, or K, M or G), "
				    "not '%s'", optarg);
			break;
		case ':':
			return usage_error("option '%s' needs an argument",
			    argv[optind - 1]);
		default:
			return usage_error("unknown option '%s'",
			    argv[optind - 1]);
		}
	}
	if (o->benchmark_diff != NULL && optind < argc)
		o->profile = argv[optind++];	/* --benchmark-diff FROM TO */
	if (o->merge) {		/* the reports to merge */
		if (optind == argc)
			return usage_error("--merge: name the reports to "
			    "merge (files or directories)");
		o->merge_in = argv + optind;
		o->nmerge_in = argc - optind;
		optind = argc;
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	return check_args(o);
}

/*
 * The engine endpoint, found the way the docker CLI finds it (-H,
 * DOCKER_HOST, DOCKER_CONTEXT, the current context, the default socket)
 * with its TLS material; anything unusable is a usage error, found
 * before any collection starts.
 */
static int
resolve_endpoint(struct options *o)
{
	char *err = NULL;

	if (ha_endpoint_resolve(&o->ep_opts, &o->ep, &err) < 0) {
		usage_error("%s", err);
		free(err);
		return EXIT_USAGE;
	}
	o->collect.ep = &o->ep;
	return 0;
}

/* -V: the version; with -v also the engine endpoint and why. */
static int
print_version(struct options *o)
{
	int rc;

	printf("hostaudit %s\ndefault profile: %s\nlibraries: jansson %s, "
	    "%s, %s\n", HA_VERSION, HA_DEFAULT_PROFILE, jansson_version_str(),
	    curl_version(), OpenSSL_version(OPENSSL_VERSION));
	if (!o->verbose)
		return 0;
	if ((rc = resolve_endpoint(o)) != 0)
		return rc;
	printf("engine endpoint: %s\n  chosen by: %s\n", o->ep.url,
	    o->ep.why);
	if (o->ep.kind == HA_EP_TCP)
		printf("  tls: %s%s%s%s%s\n", !o->ep.tls ? "off" :
		    o->ep.tls_verify ? "on, the server verified" :
		    "on, the server NOT verified",
		    o->ep.ca ? ", ca " : "", o->ep.ca ? o->ep.ca : "",
		    o->ep.cert ? ", client certificate " : "",
		    o->ep.cert ? o->ep.cert : "");
	return 0;
}

/*
 * A file the user named as input (kind says which option) must be a
 * readable regular file: a missing or unreadable one is a usage error,
 * never an audit of something else.
 */
static int
check_input_file(const char *kind, const char *path)
{
	struct stat st;
	int fd;

	if (path == NULL)
		return 0;
	if (*path == '\0')
		return usage_error("%s: empty path", kind);
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return usage_error("%s '%s': %s", kind, path,
		    strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return usage_error("%s '%s': not a regular file", kind, path);
	}
	close(fd);
	return 0;
}

/* --root, --daemon-json, --facts and --baseline, before anything runs. */
static int
check_inputs(const struct options *o)
{
	const char *root = o->collect.root;
	struct stat st;
	char *dj;
	int rc;

	if (root != NULL && strcmp(root, "/") != 0) {
		if (*root == '\0')
			return usage_error("--root: empty path");
		if (stat(root, &st) < 0)
			return usage_error("--root '%s': %s", root,
			    strerror(errno));
		if (!S_ISDIR(st.st_mode))
			return usage_error("--root '%s': %s", root,
			    strerror(ENOTDIR));
		if (access(root, R_OK | X_OK) < 0)
			return usage_error("--root '%s': %s", root,
			    strerror(errno));
	}
	if (o->collect.daemon_json != NULL) {
		if (*o->collect.daemon_json == '\0')
			return usage_error("--daemon-json: empty path");
		/* read under the host root, as the collector reads it */
		dj = ha_hostfs_join(o->collect.root, o->collect.daemon_json);
		rc = check_input_file("--daemon-json", dj);
		free(dj);
		if (rc != 0)
			return rc;
	}
	/* standard input is read when it is needed */
	if ((!is_stdin(o->facts_in) &&
	    (rc = check_input_file("--facts", o->facts_in)) != 0) ||
	    (!is_stdin(o->baseline) &&
	    (rc = check_input_file("--baseline", o->baseline)) != 0))
		return rc;
	return 0;
}

/* gid in the process's groups (its effective group or a supplementary). */
static int
in_groups(gid_t gid, gid_t **list, int *n)
{
	int i;

	*n = getgroups(0, NULL);
	*list = ha_xcalloc((size_t)(*n > 0 ? *n : 0) + 1, sizeof(**list));
	if (*n < 0 || (*n = getgroups(*n, *list)) < 0)
		*n = 0;
	if (gid == getegid())
		return 1;
	for (i = 0; i < *n; i++)
		if ((*list)[i] == gid)
			return 1;
	return 0;
}

/*
 * --report-group: a group name, else a gid.  Report files are given to
 * it after capabilities are dropped (CAP_CHOWN among them), when only a
 * group of the process's own can be given; so root joins it now, as a
 * supplementary group, and anyone else must already be in it.
 */
static int
check_report_group(struct options *o)
{
	const char *g = o->report_group, *errstr;
	struct group *gr;
	gid_t *list = NULL;
	long long n;
	int ngroups, rc = 0;

	if (g == NULL)
		return 0;
	if ((gr = getgrnam(g)) != NULL)
		o->report_gid = gr->gr_gid;
	else if (ha_strtonum(g, 0, (gid_t)-2, &n, &errstr) == 0)
		o->report_gid = (gid_t)n;
	else
		return usage_error("--report-group: no group '%s'", g);
	if (in_groups(o->report_gid, &list, &ngroups))
		goto out;
	if (geteuid() != 0) {
		rc = usage_error("--report-group '%s': not a group of yours, "
		    "and only root gives files to other groups", g);
		goto out;
	}
	list[ngroups] = o->report_gid;
	if (setgroups((size_t)ngroups + 1, list) < 0)
		rc = usage_error("--report-group '%s': cannot join the group: "
		    "%s", g, strerror(errno));
out:
	free(list);
	return rc;
}

/*
 * Fail before auditing when the report could not be written anyway: a
 * missing directory, one this uid cannot write once capabilities are
 * dropped, or a FIFO, device, link or another user's file at the path.
 */
static int
check_output_dir(const char *path)
{
	return ha_output_check(path) < 0 ? EXIT_USAGE : 0;
}

static int
check_output_dirs(const struct options *o)
{
	size_t i;
	int rc;

	for (i = 0; i < o->nout; i++)
		if (o->out[i].path != NULL &&
		    (rc = check_output_dir(o->out[i].path)) != 0)
			return rc;
	return 0;
}

static void
wrap(FILE *fp, const char *label, const char *text)
{
	const char *p = text, *end, *brk;
	int width = 72;

	fprintf(fp, "%s\n", label);
	while (*p != '\0') {
		end = p + strlen(p);
		if (end - p > width) {
			for (brk = p + width; brk > p && *brk != ' '; brk--)
				;
			end = brk > p ? brk : p + width;
		}
		fprintf(fp, "  %.*s\n", (int)(end - p), p);
		p = *end == ' ' ? end + 1 : end;
	}
}

static const struct ha_profile_entry *
find_entry(const struct ha_profile *p, const char *key)
{
	size_t i;

	for (i = 0; i < p->nentries; i++)
		if (strcmp(p->entries[i].check->id, key) == 0 ||
		    strcmp(p->entries[i].ref, key) == 0)
			return &p->entries[i];
	return NULL;
}

static int
is_manual(const struct ha_check *c)
{
	return c->eval == NULL && c->eval_target == NULL;
}

static int
explain(const struct ha_profile *p, const char *key)
{
	const struct ha_profile_entry *e = find_entry(p, key);
	const struct ha_check *c = e ? e->check : ha_registry_find(key);

	if (c == NULL) {
		fprintf(stderr, "hostaudit: no check '%s' (try -l)\n", key);
		return EXIT_USAGE;
	}
	printf("%s", c->id);
	if (e != NULL)
		printf("  (%s %s, level %d, severity %s", p->name, e->ref,
		    e->level, ha_severity_name(e->severity));
	else
		printf("  (not in profile %s; level %d, severity %s", p->name,
		    c->level, ha_severity_name(c->severity));
	printf(", %s, scope %s)\n", is_manual(c) ? "manual" : "automated",
	    ha_scope_name(c->scope));
	printf("%s\n\n", c->title);
	wrap(stdout, "Why it matters:", c->rationale ? c->rationale : "");
	wrap(stdout, is_manual(c) ? "How to check it (by hand):" :
	    "How hostaudit checks it:", c->audit ? c->audit : "");
	wrap(stdout, "Remediation:", c->remediation ? c->remediation : "");
	return 0;
}

/* -l and --benchmark-diff, in each -f format (src/listing.c). */
static int
list_checks(const struct options *o, const struct ha_profile *p)
{
	const struct output *out;
	size_t i;
	int rc;

	for (i = 0; i < o->nout; i++) {
		out = &o->out[i];
		rc = ha_listing_write(p, o->benchmark_diff, out->w->name,
		    out->path, out->fd == STDERR_FILENO ? stderr : stdout);
		if (rc < 0)
			return rc == -1 ? EXIT_USAGE : EXIT_NORUN;
	}
	return 0;
}

/*
 * Standard input, whole, at most b->cap bytes: 0, or -1 with errno set
 * (EFBIG when larger).
 */
static int
read_stdin(struct ha_buf *b)
{
	char chunk[8192];
	ssize_t n;

	for (;;) {
		n = read(STDIN_FILENO, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -1 : 0;
		if (ha_buf_add(b, chunk, (size_t)n) < 0) {
			errno = EFBIG;
			return -1;
		}
	}
}

/* path, or standard input for "-", into b (b->cap bytes at most). */
static int
read_input(struct ha_buf *b, const char *path)
{
	return is_stdin(path) ? read_stdin(b) : ha_buf_read_file(b, path, 0);
}

/* How messages name an input: its path, or <stdin>. */
static const char *
input_name(const char *path)
{
	return is_stdin(path) ? STDIN_NAME : path;
}

/* A regular file of facts, slimmed as it is read; NULL: read it plainly. */
static json_t *
load_facts_slim(const char *path)
{
	struct stat st;
	json_t *facts = NULL;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
		facts = ha_slim_load_fd(fd, MAX_FACTS_SIZE);
	close(fd);
	return facts;
}

static json_t *
load_facts(const char *arg)
{
	const char *path = input_name(arg);
	json_error_t err;
	struct ha_buf b;
	json_t *facts = NULL;
	const char *schema;

	ha_buf_init(&b, MAX_FACTS_SIZE);
	/*
	 * Slim as it reads (ha_slim.h); what it cannot read, the plain way
	 * below reads again to say why.
	 */
	if (!is_stdin(arg) && (facts = load_facts_slim(arg)) != NULL)
		goto schema;
	if (read_input(&b, arg) < 0) {
		ha_error("cannot read facts '%s': %s", path, errno == EFBIG ?
		    "larger than 256 MiB" : strerror(errno));
		goto out;
	}
	facts = json_loadb(b.data, b.len, 0, &err);
	if (facts == NULL) {
		ha_jsonpos_syntax_error(b.data, b.len, path, &err, NULL);
		goto out;
	}
	ha_slim_facts(facts);
schema:
	schema = ha_facts_str(facts, "schema");
	if (schema == NULL || strcmp(schema, HA_FACTS_SCHEMA) != 0) {
		ha_error("%s: not a hostaudit facts document (schema is "
		    "'%s', expected '%s')", path, schema ? schema : "missing",
		    HA_FACTS_SCHEMA);
		json_decref(facts);
		facts = NULL;
	}
out:
	ha_buf_release(&b);
	return facts;
}

/* --baseline: a file, or standard input. */
static json_t *
load_baseline(const char *arg)
{
	struct ha_buf b;
	json_t *doc = NULL;

	if (!is_stdin(arg))
		return ha_baseline_load(arg);
	ha_buf_init(&b, HA_BASELINE_MAX_SIZE);
	if (read_stdin(&b) < 0)
		ha_error("cannot read baseline '%s': %s", STDIN_NAME,
		    errno == EFBIG ? "larger than 64 MiB" : strerror(errno));
	else
		doc = ha_baseline_parse(b.data, b.len, STDIN_NAME);
	ha_buf_release(&b);
	return doc;
}

/*
 * v on fp for dump_facts(): the members of objects and arrays above
 * depth FACTS_LINE_DEPTH one a line, indented by their depth, and each
 * value at that depth compact on its line (one container, one mount).
 * JSON_INDENT would indent every level, so that its output grows with
 * the square of the nesting depth; this grows with the facts' size.
 */
#define FACTS_LINE_DEPTH 3
static int
dump_lines(FILE *fp, json_t *v, int depth)
{
	const size_t flags = JSON_COMPACT | JSON_ENSURE_ASCII |
	    JSON_ENCODE_ANY;
	int obj = json_is_object(v), rc = 0;
	size_t i, n = obj ? json_object_size(v) : json_array_size(v);
	const char *k;
	json_t *c, *key;

	if (depth >= FACTS_LINE_DEPTH || n == 0)
		return json_dumpf(v, fp, flags);
	fputc(obj ? '{' : '[', fp);
	i = 0;
	json_object_foreach(v, k, c) {
		fprintf(fp, "%s\n%*s", i++ > 0 ? "," : "", depth + 1, "");
		if ((key = json_string(k)) == NULL)
			ha_die_oom();
		rc |= json_dumpf(key, fp, flags);
		json_decref(key);
		fputs(": ", fp);
		rc |= dump_lines(fp, c, depth + 1);
	}
	json_array_foreach(v, i, c) {
		fprintf(fp, "%s\n%*s", i > 0 ? "," : "", depth + 1, "");
		rc |= dump_lines(fp, c, depth + 1);
	}
	fprintf(fp, "\n%*s%c", depth, "", obj ? '}' : ']');
	return rc < 0 || ferror(fp) ? -1 : 0;
}

static int
dump_facts(FILE *fp, void *arg)
{
	if (dump_lines(fp, arg, 0) < 0 || fputc('\n', fp) == EOF)
		return -1;
	return 0;
}

struct write_args {
	const struct ha_writer		*w;
	const struct ha_report		*rep;
	const struct ha_write_opts	*wo;
};

static int
write_report(FILE *fp, void *arg)
{
	const struct write_args *a = arg;

	return a->w->write(a->rep, fp, a->wo);
}

/*
 * Colour for the text report on stream fd: --color=always, or in auto a
 * terminal, NO_COLOR unset or empty (no-color.org) and TERM not dumb.
 * Files are never coloured.
 */
static int
use_color(const struct options *o, int fd)
{
	const char *nc = getenv("NO_COLOR"), *term = getenv("TERM");

	if (o->color != COLOR_AUTO)
		return o->color == COLOR_ALWAYS;
	return isatty(fd) && (nc == NULL || *nc == '\0') &&
	    (term == NULL || strcmp(term, "dumb") != 0);
}

/* fn's output on standard output or standard error, as it is. */
static int
write_stream(int fd, int (*fn)(FILE *, void *), void *arg)
{
	FILE *fp = fd == STDERR_FILENO ? stderr : stdout;
	int r;

	errno = 0;
	r = fn(fp, arg);
	if (fflush(fp) != 0 || r < 0 || ferror(fp))
		return ha_error("cannot write to standard %s: %s",
		    fd == STDERR_FILENO ? "error" : "output",
		    errno ? strerror(errno) : "output failed");
	return 0;
}

/*
 * Every output, each on its own: a failure names its file and the others
 * are still written.  -q leaves out only the report nobody asked for
 * (the default text report on standard output).
 */
static int
write_outputs(const struct options *o, const struct ha_report *rep)
{
	struct ha_write_opts wo = { 0 };
	struct write_args wa = { NULL, rep, &wo };
	const struct output *out;
	size_t i;
	int rc = 0;

	wo.verbose = o->verbose;
	wo.brief = o->brief;
	for (i = 0; i < o->nout; i++) {
		out = &o->out[i];
		wa.w = out->w;
		wo.color = 0;
		if (out->path != NULL) {
			if (ha_write_atomic_group(out->path, o->report_mode,
			    o->report_gid, write_report, &wa) < 0)
				rc = -1;
			continue;
		}
		if (o->quiet && out->implicit)
			continue;
		wo.color = use_color(o, out->fd);
		if (write_stream(out->fd, write_report, &wa) < 0)
			rc = -1;
	}
	return rc;
}

/*
 * Exit 1 or not: without --fail-on and --min-score any failure counts;
 * with them, a failure of that severity or worse, or a score under N.
 */
static int
over_threshold(const struct options *o, const struct ha_report *rep)
{
	size_t i;

	if (o->fail_on < 0 && o->min_score < 0)
		return ha_report_has_failures(rep);
	if (o->min_score >= 0 && rep->score.has_percent &&
	    rep->score.percent < (double)o->min_score)
		return 1;
	for (i = 0; o->fail_on >= 0 && i < rep->nresults; i++)
		if (rep->results[i].status == HA_FAIL &&
		    (int)rep->results[i].entry->severity >= o->fail_on)
			return 1;
	return 0;
}

/*
 * For tests only: HOSTAUDIT_FIXED_TIME=EPOCH[:MS] fixes the report's start
 * time and duration so that golden reports compare byte for byte.
 */
static void
fixed_time(struct ha_report *rep)
{
	const char *v = getenv("HOSTAUDIT_FIXED_TIME"), *errstr;
	char *epoch, *colon;
	long long n;

	if (v == NULL || *v == '\0')
		return;
	epoch = ha_xstrdup(v);
	if ((colon = strchr(epoch, ':')) != NULL)
		*colon++ = '\0';
	if (ha_strtonum(epoch, 0, 4102444800LL, &n, &errstr) == 0)
		rep->started_at = n;
	rep->duration_ms = 0;
	if (colon != NULL && ha_strtonum(colon, 0, 86400000LL, &n,
	    &errstr) == 0)
		rep->duration_ms = n;
	free(epoch);
}

/*
 * The exit status after the report is written: 3 when a report could not
 * be written or the audit did not see all it was asked to (which then
 * goes to standard error on one line), else 1 for findings over the
 * threshold, else 0.  Seeing less never gives a lower status.
 */
static int
exit_status(const struct options *o, const struct ha_report *rep,
    int written)
{
	char *line;
	int blind = ha_report_blind(rep);

	if (blind && (line = ha_report_not_seen_line(rep)) != NULL) {
		ha_error("not seen: %s", line);
		free(line);
	} else if (blind)
		ha_error("not seen: a check could not be evaluated");
	if (written < 0 || blind)
		return EXIT_NORUN;
	return over_threshold(o, rep) ? EXIT_FINDINGS : 0;
}

/* The facts to audit: read from --facts, or collected from the host. */
static json_t *
gather(struct options *o, int *rc)
{
	json_t *facts;

	if (o->facts_in != NULL) {
		if ((facts = load_facts(o->facts_in)) == NULL)
			*rc = EXIT_USAGE;
		return facts;
	}
	facts = ha_collect(&o->collect);
	ha_privs_drop();	/* the facts are written without privileges */
	if ((o->facts_out != NULL && ha_write_atomic_group(o->facts_out,
	    o->report_mode, o->report_gid, dump_facts, facts) < 0) ||
	    (o->facts_out == NULL && o->facts_fd >= 0 &&
	    write_stream(o->facts_fd, dump_facts, facts) < 0)) {
		json_decref(facts);
		*rc = EXIT_NORUN;
		return NULL;
	}
	return facts;
}

/* The engines --all-engines and --list-engines see (caller frees). */
static struct ha_engine_ref *
find_engines(const struct options *o, size_t *n)
{
	const char *root = o->collect.root != NULL ? o->collect.root : "/";

	return ha_engines_find(root, &o->ep, n);
}

static int
list_engines(const struct options *o)
{
	struct ha_engine_ref *refs;
	size_t i, n;

	refs = find_engines(o, &n);
	printf("%-28s %-48s %s\n", "NAME", "ENDPOINT", "FOUND AS");
	for (i = 0; i < n; i++)
		printf("%-28s %-48s %s%s\n", refs[i].name, refs[i].url,
		    refs[i].why, refs[i].current ? " (current)" : "");
	if (n == 0)
		printf("(no engine socket found)\n");
	ha_engines_free(refs, n);
	return 0;
}

/*
 * --all-engines: collect and evaluate each engine on its own, then merge
 * (ha_report_merge).  *facts_out gets one facts document per engine, the
 * caller releases them after the report.
 */
static int
build_all(struct options *o, const struct ha_profile *p,
    const struct ha_build_opts *bo, struct ha_report *rep,
    json_t ***facts_out, size_t *nfacts)
{
	struct ha_engine_ref *refs;
	struct ha_report *per;
	struct ha_endpoint ep;
	const char **names;
	json_t **facts;
	char *err;
	size_t i, n;

	refs = find_engines(o, &n);
	if (n == 0) {		/* nothing found: audit as without the flag */
		ha_engines_free(refs, n);
		return -1;
	}
	facts = ha_xcalloc(n, sizeof(*facts));
	per = ha_xcalloc(n, sizeof(*per));
	names = ha_xcalloc(n, sizeof(*names));
	for (i = 0; i < n; i++) {
		memset(&ep, 0, sizeof(ep));
		err = NULL;
		if (refs[i].current)	/* with its TLS material, if any */
			o->collect.ep = &o->ep;
		else if (ha_endpoint_parse_url(refs[i].url, &ep, &err) == 0) {
			ep.url = ha_xstrdup(refs[i].url);
			ep.source = ha_xstrdup("all-engines");
			ep.why = ha_xstrdup(refs[i].why);
			o->collect.ep = &ep;
		}
		free(err);
		facts[i] = ha_collect(&o->collect);
		o->collect.ep = &o->ep;
		ha_endpoint_release(&ep);
		names[i] = refs[i].name;
	}
	ha_privs_drop();
	for (i = 0; i < n; i++)
		ha_report_build_opts(&per[i], p, facts[i], bo);
	ha_report_merge(rep, per, names, n);
	for (i = 0; i < n; i++)
		ha_report_release(&per[i]);
	free(per);
	free(names);
	ha_engines_free(refs, n);
	*facts_out = facts;
	*nfacts = n;
	return 0;
}

static int
run(struct options *o, const struct ha_profile *p)
{
	struct ha_build_opts bo;
	struct ha_report rep;
	json_t *facts = NULL, *baseline = NULL, **all = NULL;
	int64_t t0 = ha_now_ms();
	size_t i, nall = 0;
	int rc = 0;

	if (o->baseline != NULL &&
	    (baseline = load_baseline(o->baseline)) == NULL)
		return EXIT_USAGE;
	bo.select = &o->select;
	bo.today = o->today;
	if (!o->all_engines ||
	    build_all(o, p, &bo, &rep, &all, &nall) < 0) {
		if ((facts = gather(o, &rc)) == NULL) {
			json_decref(baseline);
			return rc;
		}
		ha_privs_drop();
		ha_report_build_opts(&rep, p, facts, &bo);
	}
	rep.duration_ms = ha_now_ms() - t0;
	fixed_time(&rep);
	if (baseline != NULL)
		ha_baseline_apply(&rep, baseline, input_name(o->baseline));
	rc = exit_status(o, &rep, write_outputs(o, &rep));
	ha_report_release(&rep);
	for (i = 0; i < nall; i++)
		json_decref(all[i]);
	free(all);
	json_decref(facts);
	json_decref(baseline);
	return rc;
}

/*
 * Load the profile (or with --check-profile only validate one), add the
 * --waivers file, apply the selection and read HOSTAUDIT_TODAY.  Returns
 * 0 to go on, -1 when --check-profile succeeded, else an exit status.
 */
/* The profile; for --check-profile - (stdin set) from standard input. */
static int
load_profile(const char *name, int stdin_ok, struct ha_profile *p)
{
	struct ha_buf b;
	int rc;

	if (!stdin_ok || !is_stdin(name))
		return ha_profile_load(name, p);
	memset(p, 0, sizeof(*p));
	ha_buf_init(&b, MAX_PROFILE_STDIN);
	if (read_stdin(&b) < 0)
		rc = ha_error("cannot read profile '%s': %s", STDIN_NAME,
		    errno == EFBIG ? "larger than 4 MiB" : strerror(errno));
	else
		rc = ha_profile_parse(b.data, b.len, STDIN_NAME, p);
	ha_buf_release(&b);
	return rc;
}

static int
profile_setup(struct options *o, struct ha_profile *p)
{
	const char *today = getenv("HOSTAUDIT_TODAY");
	const char *name = o->check_profile ? o->check_profile : o->profile;

	if (today != NULL && *today != '\0' &&
	    ha_date_parse(today, &o->today) < 0) {
		fprintf(stderr, "hostaudit: HOSTAUDIT_TODAY: a date "
		    "YYYY-MM-DD, not '%s'\n", today);
		return EXIT_USAGE;
	}
	if (load_profile(name, o->check_profile != NULL, p) < 0)
		return EXIT_USAGE;
	if ((o->waivers != NULL && ha_waivers_load(o->waivers,
	    &p->waivers) < 0) || (o->check_profile == NULL &&
	    ha_select_profile(&o->select, p) < 0)) {
		ha_profile_release(p);
		ha_select_release(&o->select);
		return EXIT_USAGE;
	}
	if (o->check_profile == NULL)
		return 0;
	printf("%s: ok, %zu checks", input_name(name), p->nentries);
	if (p->waivers.n > 0)
		printf(", %zu waiver%s", p->waivers.n,
		    p->waivers.n == 1 ? "" : "s");
	printf("\n");
	ha_profile_release(p);
	ha_select_release(&o->select);
	return -1;
}

struct merge_args {
	const struct ha_fleet_writer	*fw;
	struct ha_fleet			*fleet;
};

static int
write_fleet(FILE *fp, void *arg)
{
	const struct merge_args *a = arg;

	return a->fw->write(a->fleet, fp);
}

/*
 * --merge: fold the reports named (files, or directories of *.json) into
 * one fleet report, written as the outputs say; no host is reached and no
 * profile read.  A report that cannot be merged is named on standard
 * error and left out; the fleet report is still written and the exit
 * status is 3, as for an audit that did not see all it was asked to.
 */
static int
merge(const struct options *o)
{
	struct merge_args a;
	struct ha_report t;	/* only for fixed_time() */
	const struct output *out;
	size_t i, bad = 0;
	int rc = 0;

	/* reading reports and writing files needs no privilege at all */
	ha_privs_drop();
	memset(&t, 0, sizeof(t));
	t.started_at = (int64_t)time(NULL);
	fixed_time(&t);
	a.fleet = ha_fleet_new(t.started_at);
	for (i = 0; i < (size_t)o->nmerge_in; i++)
		bad += ha_fleet_add_path(a.fleet, o->merge_in[i]);
	for (i = 0; i < o->nout; i++) {
		out = &o->out[i];
		a.fw = out->fw;
		if (out->path != NULL) {
			if (ha_write_atomic_group(out->path, o->report_mode,
			    o->report_gid, write_fleet, &a) < 0)
				rc = -1;
		} else if (!(o->quiet && out->implicit) &&
		    write_stream(out->fd, write_fleet, &a) < 0)
			rc = -1;
	}
	if (bad > 0)
		ha_error("%zu report%s could not be merged and %s left out",
		    bad, bad == 1 ? "" : "s", bad == 1 ? "is" : "are");
	ha_fleet_free(a.fleet);
	return rc < 0 || bad > 0 ? EXIT_NORUN : 0;
}

int
main(int argc, char **argv)
{
	struct ha_profile profile;
	struct options o;
	int rc;

	if ((rc = parse_args(argc, argv, &o)) != 0)
		return rc;
	if (o.version) {
		rc = print_version(&o);
		ha_endpoint_release(&o.ep);
		ha_select_release(&o.select);
		return rc;
	}
	if (o.merge) {		/* reports only: no profile, no engine */
		ha_set_quiet(o.quiet);
		if ((rc = check_output_dirs(&o)) == 0 &&
		    (rc = check_report_group(&o)) == 0)
			rc = merge(&o);
		ha_select_release(&o.select);
		return rc;
	}
	if ((rc = profile_setup(&o, &profile)) != 0)
		return rc == -1 ? 0 : rc;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fputs("hostaudit: cannot initialise libcurl\n", stderr);
		return EXIT_NORUN;
	}
	ha_set_quiet(o.quiet);
	if (o.explain != NULL) {
		rc = explain(&profile, o.explain);
	} else if (o.list || o.benchmark_diff != NULL) {
		rc = list_checks(&o, &profile);
	} else if ((rc = check_output_dirs(&o)) != 0) {
		;
	} else if ((rc = check_report_group(&o)) != 0) {
		;
	} else if ((rc = check_inputs(&o)) != 0) {
		;
	} else if (o.facts_in == NULL && (rc = resolve_endpoint(&o)) != 0) {
		;
	} else if (o.list_engines) {
		rc = list_engines(&o);
	} else if (o.facts_out != NULL &&
	    (rc = check_output_dir(o.facts_out)) != 0) {
		;
	} else {
		rc = run(&o, &profile);
	}
	ha_profile_release(&profile);
	ha_select_release(&o.select);
	ha_endpoint_release(&o.ep);
	curl_global_cleanup();
	return rc;
}

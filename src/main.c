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
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <curl/curl.h>

#include "ha_baseline.h"
#include "ha_buf.h"
#include "ha_collect.h"
#include "ha_facts.h"
#include "ha_jsonpos.h"
#include "ha_privs.h"
#include "ha_report.h"
#include "ha_select.h"
#include "ha_util.h"
#include "banned.h"

#define EXIT_FINDINGS	1
#define EXIT_USAGE	2
#define EXIT_NORUN	3
#define MAX_FACTS_SIZE	(256UL * 1024 * 1024)
#define REPORT_MODE	0640
#define MAX_OUTPUTS	16

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
};

static const struct option longopts[] = {
	{ "baseline",		required_argument, NULL, OPT_BASELINE },
	{ "check-profile",	required_argument, NULL, OPT_CHECK_PROFILE },
	{ "checks",		required_argument, NULL, OPT_CHECKS },
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
	{ "min-score",		required_argument, NULL, OPT_MIN_SCORE },
	{ "no-color",		no_argument,	   NULL, OPT_NO_COLOR },
	{ "output",		required_argument, NULL, 'o' },
	{ "profile",		required_argument, NULL, 'p' },
	{ "quiet",		no_argument,	   NULL, 'q' },
	{ "root",		required_argument, NULL, OPT_ROOT },
	{ "save-facts",		required_argument, NULL, OPT_SAVE_FACTS },
	{ "skip",		required_argument, NULL, OPT_SKIP },
	{ "timeout",		required_argument, NULL, OPT_TIMEOUT },
	{ "verbose",		no_argument,	   NULL, 'v' },
	{ "version",		no_argument,	   NULL, 'V' },
	{ "waivers",		required_argument, NULL, OPT_WAIVERS },
	{ NULL, 0, NULL, 0 },
};

/* One report output: a writer and a path (NULL: standard output). */
struct output {
	const struct ha_writer	*w;
	const char		*path;
};

struct options {
	struct ha_collect_opts	 collect;
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
	const char		*output;
	const char		*facts_in;
	const char		*facts_out;
	const char		*explain;
	int			 list;
	int			 quiet;
	int			 no_color;
	int			 verbose;
};

static void
usage(FILE *fp)
{
	fputs("usage: hostaudit [-hlqVv] [-f format[:file]] [-H url] [-o file] "
	    "[-p profile]\n"
	    "                 [--baseline file] [--check-profile file] "
	    "[--checks list]\n"
	    "                 [--container glob] [--daemon-json file]\n"
	    "                 [--exclude-container glob] [--explain id] "
	    "[--facts file]\n"
	    "                 [--fail-on severity] [--label key[=value]] "
	    "[--level n]\n"
	    "                 [--min-score n] [--no-color] [--root dir] "
	    "[--save-facts file]\n"
	    "                 [--skip list] [--timeout sec] [--waivers file]\n",
	    fp);
}

static void
help(void)
{
	usage(stdout);
	fputs("\nAudit this Docker host against a CIS-style profile.\n\n"
	    "  -H, --host URL         engine endpoint (default $DOCKER_HOST, "
	    "else\n"
	    "                         unix:///var/run/docker.sock)\n"
	    "      --daemon-json PATH audit this daemon.json instead of the "
	    "daemon's own\n"
	    "  -p, --profile NAME     profile name or path (default "
	    "cis-docker-1.6.0)\n"
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
	    "                         junit, sarif, csv, prometheus, html; "
	    "with :PATH\n"
	    "                         written to PATH atomically (mode 0640)\n"
	    "  -o, --output PATH      where the one -f without a path goes\n"
	    "      --baseline PATH    mark findings new, still failing or "
	    "fixed since\n"
	    "                         that JSON report\n"
	    "      --fail-on SEV      exit 1 only for failures of severity "
	    "SEV or worse\n"
	    "      --min-score N      exit 1 when the score is under N "
	    "percent\n"
	    "  -q, --quiet            print nothing unless something fails to "
	    "run\n"
	    "  -v, --verbose          text: list passing and skipped checks "
	    "too\n"
	    "      --no-color         no colour (also when NO_COLOR is set)\n"
	    "      --save-facts PATH  save the collected facts as JSON\n"
	    "      --facts PATH       audit saved facts; no host access\n"
	    "      --root DIR         the host's root when run from a "
	    "container\n"
	    "      --timeout SEC      per-request engine timeout (default "
	    "10)\n"
	    "  -l, --list-checks      list the profile's checks and exit\n"
	    "      --explain ID       explain a check (id or number) and "
	    "exit\n"
	    "  -V, --version          print the version and exit\n"
	    "  -h, --help             this help\n\n"
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

static int
add_output(struct options *o, const char *arg)
{
	const char *colon = strchr(arg, ':');
	char *name = colon ? ha_xstrndup(arg, (size_t)(colon - arg)) :
	    ha_xstrdup(arg);
	const struct ha_writer *w = ha_writer_find(name);
	size_t i;
	int rc = 0;

	if (w == NULL) {
		fputs("hostaudit: unknown format '", stderr);
		fputs(name, stderr);
		fputs("' (one of", stderr);
		for (i = 0; i < ha_writer_count(); i++)
			fprintf(stderr, " %s", ha_writer_at(i)->name);
		fputs(")\nTry 'hostaudit --help' for more information.\n",
		    stderr);
		rc = EXIT_USAGE;
	} else if (o->nout == MAX_OUTPUTS) {
		rc = usage_error("at most %d outputs", MAX_OUTPUTS);
	} else if (colon != NULL && colon[1] == '\0') {
		rc = usage_error("-f %s: empty path", arg);
	} else {
		o->out[o->nout].w = w;
		o->out[o->nout].path = colon && strcmp(colon + 1, "-") != 0 ?
		    colon + 1 : NULL;
		o->nout++;
	}
	free(name);
	return rc;
}

/* Apply -o, default to text, and allow one output on stdout at most. */
static int
finish_outputs(struct options *o)
{
	size_t i, nstdout = 0;

	if (o->nout == 0)
		add_output(o, "text");
	for (i = 0; i < o->nout; i++)
		if (o->out[i].path == NULL && nstdout++ == 0 &&
		    o->output != NULL)
			o->out[i].path = o->output;
	if (nstdout > 1)
		return usage_error("at most one output may go to standard "
		    "output: give the others a path (-f FORMAT:PATH)");
	if (o->output != NULL && nstdout == 0)
		return usage_error("-o '%s': every -f already names a path",
		    o->output);
	return 0;
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

static int
parse_args(int argc, char **argv, struct options *o)
{
	const char *errstr;
	long long n;
	int ch;

	memset(o, 0, sizeof(*o));
	ha_collect_opts_init(&o->collect);
	o->profile = "cis-docker-1.6.0";
	o->fail_on = -1;
	o->min_score = -1;
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":f:hH:lo:p:qVv", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (add_output(o, optarg) != 0)
				return EXIT_USAGE;
			break;
		case 'h': help(); exit(0);
		case 'H': o->collect.host = optarg; break;
		case 'l': o->list = 1; break;
		case 'o':
			if (*optarg == '\0')
				return usage_error("-o: empty path");
			o->output = optarg;
			break;
		case 'p': o->profile = optarg; break;
		case 'q': o->quiet = 1; break;
		case 'V': printf("hostaudit %s\n", HA_VERSION); exit(0);
		case 'v': o->verbose = 1; break;
		case OPT_BASELINE: o->baseline = optarg; break;
		case OPT_CHECK_PROFILE: o->check_profile = optarg; break;
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
		case OPT_FACTS: o->facts_in = optarg; break;
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
		case OPT_NO_COLOR: o->no_color = 1; break;
		case OPT_ROOT: o->collect.root = optarg; break;
		case OPT_SAVE_FACTS: o->facts_out = optarg; break;
		case OPT_TIMEOUT:
			if (ha_strtonum(optarg, 1, 3600, &n, &errstr) < 0)
				return usage_error("--timeout: seconds from 1 "
				    "to 3600, not '%s'", optarg);
			o->collect.timeout_ms = (long)n * 1000;
			break;
		case ':':
			return usage_error("option '%s' needs an argument",
			    argv[optind - 1]);
		default:
			return usage_error("unknown option '%s'",
			    argv[optind - 1]);
		}
	}
	if (optind < argc)
		return usage_error("unexpected argument '%s'", argv[optind]);
	return finish_outputs(o);
}

/*
 * Endpoints hostaudit can talk to; anything else is a usage error, found
 * before any collection starts.  An empty DOCKER_HOST means unset, as for
 * the docker CLI; an empty -H is a mistake.
 */
static int
check_host_url(const struct options *o)
{
	struct sockaddr_un sun;
	const char *url = ha_collect_host_url(&o->collect), *path = url;

	if (o->collect.host != NULL && *o->collect.host == '\0')
		return usage_error("-H: empty engine endpoint");
	if (ha_starts_with(url, "unix://"))
		path = url + strlen("unix://");
	else if (url[0] != '/') {
		fprintf(stderr, "hostaudit: engine endpoint '%s' is not "
		    "supported: only unix:// sockets are (tcp+TLS is not "
		    "implemented yet)\n", url);
		return EXIT_USAGE;
	}
	if (path[0] != '/')
		return usage_error("engine endpoint '%s': the socket path "
		    "must be absolute (unix:///path/to/docker.sock)", url);
	if (strlen(path) >= sizeof(sun.sun_path))
		return usage_error("engine endpoint '%s': the socket path is "
		    "longer than %zu bytes", url, sizeof(sun.sun_path) - 1);
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
		dj = ha_collect_path(&o->collect, o->collect.daemon_json);
		rc = check_input_file("--daemon-json", dj);
		free(dj);
		if (rc != 0)
			return rc;
	}
	if ((rc = check_input_file("--facts", o->facts_in)) != 0 ||
	    (rc = check_input_file("--baseline", o->baseline)) != 0)
		return rc;
	return 0;
}

/* Fail before auditing when the report could not be written anyway. */
static int
check_output_dir(const char *path)
{
	char *dir = ha_xstrdup(path), *slash = strrchr(dir, '/');
	struct stat st;
	int rc = 0;

	if (slash == dir)
		slash[1] = '\0';
	else if (slash != NULL)
		*slash = '\0';
	else {
		free(dir);
		dir = ha_xstrdup(".");
	}
	if (stat(dir, &st) < 0) {
		ha_error("cannot write '%s': %s", path, strerror(errno));
		rc = EXIT_USAGE;
	} else if (!S_ISDIR(st.st_mode)) {
		ha_error("cannot write '%s': %s", path, strerror(ENOTDIR));
		rc = EXIT_USAGE;
	}
	free(dir);
	return rc;
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

static void
list_checks(const struct ha_profile *p)
{
	size_t i;

	printf("%-8s %-36s %-5s %-9s %s\n", "REF", "ID", "LEVEL", "MODE",
	    "TITLE");
	for (i = 0; i < p->nentries; i++) {
		const struct ha_profile_entry *e = &p->entries[i];

		printf("%-8s %-36s %-5d %-9s %s\n", e->ref, e->check->id,
		    e->level, is_manual(e->check) ? "manual" : "automated",
		    e->check->title);
	}
}

static json_t *
load_facts(const char *path)
{
	json_error_t err;
	struct ha_buf b;
	json_t *facts = NULL;
	const char *schema;

	ha_buf_init(&b, MAX_FACTS_SIZE);
	if (ha_buf_read_file(&b, path, 0) < 0) {
		ha_error("cannot read facts '%s': %s", path, errno == EFBIG ?
		    "larger than 256 MiB" : strerror(errno));
		goto out;
	}
	facts = json_loadb(b.data, b.len, 0, &err);
	if (facts == NULL) {
		ha_jsonpos_syntax_error(b.data, b.len, path, &err, NULL);
		goto out;
	}
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

static int
dump_facts(FILE *fp, void *arg)
{
	if (json_dumpf(arg, fp, JSON_INDENT(1) | JSON_ENSURE_ASCII) < 0 ||
	    fputc('\n', fp) == EOF)
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
 * Every output, each on its own: a failure names its file and the others
 * are still written.  -q silences standard output only.
 */
static int
write_outputs(const struct options *o, const struct ha_report *rep)
{
	struct ha_write_opts wo = { 0 };
	struct write_args wa = { NULL, rep, &wo };
	size_t i;
	int rc = 0, r;

	wo.verbose = o->verbose;
	for (i = 0; i < o->nout; i++) {
		wa.w = o->out[i].w;
		wo.color = 0;
		if (o->out[i].path != NULL) {
			if (ha_write_atomic(o->out[i].path, REPORT_MODE,
			    write_report, &wa) < 0)
				rc = -1;
			continue;
		}
		if (o->quiet)
			continue;
		wo.color = !o->no_color && getenv("NO_COLOR") == NULL &&
		    isatty(STDOUT_FILENO);
		r = write_report(stdout, &wa);
		if (fflush(stdout) != 0 || r < 0)
			rc = ha_error("cannot write the report to standard "
			    "output: %s", strerror(errno));
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

static int
run(struct options *o, const struct ha_profile *p)
{
	struct ha_build_opts bo;
	struct ha_report rep;
	json_t *facts, *baseline = NULL;
	int64_t t0 = ha_now_ms();
	int rc;

	if (o->baseline != NULL &&
	    (baseline = ha_baseline_load(o->baseline)) == NULL)
		return EXIT_USAGE;
	if (o->facts_in != NULL) {
		if ((facts = load_facts(o->facts_in)) == NULL) {
			json_decref(baseline);
			return EXIT_USAGE;
		}
	} else
		facts = ha_collect(&o->collect);
	if (o->facts_out != NULL && ha_write_atomic(o->facts_out, REPORT_MODE,
	    dump_facts, facts) < 0) {
		json_decref(facts);
		json_decref(baseline);
		return EXIT_NORUN;
	}
	ha_privs_drop();
	bo.select = &o->select;
	bo.today = o->today;
	ha_report_build_opts(&rep, p, facts, &bo);
	rep.duration_ms = ha_now_ms() - t0;
	fixed_time(&rep);
	if (baseline != NULL)
		ha_baseline_apply(&rep, baseline, o->baseline);
	rc = exit_status(o, &rep, write_outputs(o, &rep));
	ha_report_release(&rep);
	json_decref(facts);
	json_decref(baseline);
	return rc;
}

/*
 * Load the profile (or with --check-profile only validate one), add the
 * --waivers file, apply the selection and read HOSTAUDIT_TODAY.  Returns
 * 0 to go on, -1 when --check-profile succeeded, else an exit status.
 */
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
	if (ha_profile_load(name, p) < 0)
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
	printf("%s: ok, %zu checks", name, p->nentries);
	if (p->waivers.n > 0)
		printf(", %zu waiver%s", p->waivers.n,
		    p->waivers.n == 1 ? "" : "s");
	printf("\n");
	ha_profile_release(p);
	ha_select_release(&o->select);
	return -1;
}

int
main(int argc, char **argv)
{
	struct ha_profile profile;
	struct options o;
	int rc;

	if ((rc = parse_args(argc, argv, &o)) != 0)
		return rc;
	if ((rc = profile_setup(&o, &profile)) != 0)
		return rc == -1 ? 0 : rc;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fputs("hostaudit: cannot initialise libcurl\n", stderr);
		return EXIT_NORUN;
	}
	ha_set_quiet(o.quiet);
	if (o.explain != NULL) {
		rc = explain(&profile, o.explain);
	} else if (o.list) {
		list_checks(&profile);
		rc = 0;
	} else if ((rc = check_output_dirs(&o)) != 0) {
		;
	} else if ((rc = check_inputs(&o)) != 0) {
		;
	} else if (o.facts_in == NULL && (rc = check_host_url(&o)) != 0) {
		;
	} else if (o.facts_out != NULL &&
	    (rc = check_output_dir(o.facts_out)) != 0) {
		;
	} else {
		rc = run(&o, &profile);
	}
	ha_profile_release(&profile);
	ha_select_release(&o.select);
	curl_global_cleanup();
	return rc;
}

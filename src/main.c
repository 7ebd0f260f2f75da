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
#include <sys/stat.h>
#include <unistd.h>

#include <curl/curl.h>

#include "ha_buf.h"
#include "ha_collect.h"
#include "ha_facts.h"
#include "ha_privs.h"
#include "ha_report.h"
#include "ha_util.h"
#include "banned.h"

#define EXIT_FINDINGS	1
#define EXIT_USAGE	2
#define EXIT_NORUN	3
#define MAX_FACTS_SIZE	(256UL * 1024 * 1024)
#define REPORT_MODE	0640

enum {
	OPT_DAEMON_JSON = 256,
	OPT_EXPLAIN,
	OPT_FACTS,
	OPT_NO_COLOR,
	OPT_ROOT,
	OPT_SAVE_FACTS,
	OPT_TIMEOUT,
};

static const struct option longopts[] = {
	{ "daemon-json",	required_argument, NULL, OPT_DAEMON_JSON },
	{ "explain",		required_argument, NULL, OPT_EXPLAIN },
	{ "facts",		required_argument, NULL, OPT_FACTS },
	{ "format",		required_argument, NULL, 'f' },
	{ "help",		no_argument,	   NULL, 'h' },
	{ "host",		required_argument, NULL, 'H' },
	{ "list-checks",	no_argument,	   NULL, 'l' },
	{ "no-color",		no_argument,	   NULL, OPT_NO_COLOR },
	{ "output",		required_argument, NULL, 'o' },
	{ "profile",		required_argument, NULL, 'p' },
	{ "quiet",		no_argument,	   NULL, 'q' },
	{ "root",		required_argument, NULL, OPT_ROOT },
	{ "save-facts",		required_argument, NULL, OPT_SAVE_FACTS },
	{ "timeout",		required_argument, NULL, OPT_TIMEOUT },
	{ "verbose",		no_argument,	   NULL, 'v' },
	{ "version",		no_argument,	   NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

struct options {
	struct ha_collect_opts	 collect;
	const char		*profile;
	const char		*format;
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
	fputs("usage: hostaudit [-hlqVv] [-f format] [-H url] [-o file] "
	    "[-p profile]\n"
	    "                 [--daemon-json file] [--explain id] "
	    "[--facts file]\n"
	    "                 [--no-color] [--root dir] [--save-facts file] "
	    "[--timeout sec]\n", fp);
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
	    "  -f, --format FORMAT    report format: text (default) or json\n"
	    "  -o, --output PATH      write the report to PATH atomically "
	    "(mode 0640)\n"
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
	    "3 the audit could not run as asked (e.g. engine unreachable).\n"
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
	usage(stderr);
	return EXIT_USAGE;
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
	o->format = "text";
	opterr = 0;
	while ((ch = getopt_long(argc, argv, ":f:hH:lo:p:qVv", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'f': o->format = optarg; break;
		case 'h': help(); exit(0);
		case 'H': o->collect.host = optarg; break;
		case 'l': o->list = 1; break;
		case 'o': o->output = optarg; break;
		case 'p': o->profile = optarg; break;
		case 'q': o->quiet = 1; break;
		case 'V': printf("hostaudit %s\n", HA_VERSION); exit(0);
		case 'v': o->verbose = 1; break;
		case OPT_DAEMON_JSON: o->collect.daemon_json = optarg; break;
		case OPT_EXPLAIN: o->explain = optarg; break;
		case OPT_FACTS: o->facts_in = optarg; break;
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
	if (ha_writer_find(o->format) == NULL)
		return usage_error("unknown format '%s' (text or json)",
		    o->format);
	return 0;
}

/* Endpoints hostaudit can talk to; anything else is a usage error. */
static int
check_host_url(const struct options *o)
{
	const char *url = ha_collect_host_url(&o->collect);

	if (ha_starts_with(url, "unix://") || url[0] == '/')
		return 0;
	fprintf(stderr, "hostaudit: engine endpoint '%s' is not supported: "
	    "only unix:// sockets are (tcp+TLS is not implemented yet)\n",
	    url);
	return EXIT_USAGE;
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
	if (stat(dir, &st) < 0 || !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "hostaudit: cannot write '%s': %s\n", path,
		    errno == 0 || S_ISDIR(st.st_mode) ? strerror(errno) :
		    "not a directory");
		rc = EXIT_USAGE;
	}
	free(dir);
	return rc;
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
		ha_error("'%s':%d:%d: %s", path, err.line, err.column,
		    err.text);
		goto out;
	}
	schema = ha_facts_str(facts, "schema");
	if (schema == NULL || strcmp(schema, HA_FACTS_SCHEMA) != 0) {
		ha_error("'%s': not a hostaudit facts document (schema is "
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

/* 1 when the engine was needed (it exists or was named) but failed. */
static int
engine_failed(const json_t *facts)
{
	const char *st = ha_facts_str(facts, "engine.status");

	return st != NULL && strcmp(st, "error") == 0;
}

static int
run(struct options *o, const struct ha_profile *p)
{
	struct ha_write_opts wo = { 0 };
	struct write_args wa;
	struct ha_report rep;
	json_t *facts;
	int64_t t0 = ha_now_ms();
	int rc;

	if (o->facts_in != NULL) {
		if ((facts = load_facts(o->facts_in)) == NULL)
			return EXIT_USAGE;
	} else {
		if ((rc = check_host_url(o)) != 0)
			return rc;
		facts = ha_collect(&o->collect);
	}
	if (o->facts_out != NULL && ha_write_atomic(o->facts_out, REPORT_MODE,
	    dump_facts, facts) < 0) {
		json_decref(facts);
		return EXIT_NORUN;
	}
	ha_privs_drop();
	ha_report_build(&rep, p, facts);
	rep.duration_ms = ha_now_ms() - t0;
	wa.w = ha_writer_find(o->format);
	wa.rep = &rep;
	wa.wo = &wo;
	wo.verbose = o->verbose;
	if (o->output != NULL) {
		rc = ha_write_atomic(o->output, REPORT_MODE, write_report, &wa);
	} else if (!o->quiet) {
		wo.color = !o->no_color && getenv("NO_COLOR") == NULL &&
		    isatty(STDOUT_FILENO);
		rc = write_report(stdout, &wa);
		if (fflush(stdout) != 0 || rc < 0)
			rc = ha_error("cannot write the report to standard "
			    "output: %s", strerror(errno));
	} else {
		rc = 0;
	}
	if (rc < 0)
		rc = EXIT_NORUN;
	else if (engine_failed(facts))
		rc = EXIT_NORUN;
	else
		rc = ha_report_has_failures(&rep) ? EXIT_FINDINGS : 0;
	if (rc == EXIT_NORUN && engine_failed(facts))
		ha_error("engine: %s", ha_facts_str(facts, "engine.error") ?
		    ha_facts_str(facts, "engine.error") : "unreachable");
	ha_report_release(&rep);
	json_decref(facts);
	return rc;
}

int
main(int argc, char **argv)
{
	struct ha_profile profile;
	struct options o;
	int rc;

	if ((rc = parse_args(argc, argv, &o)) != 0)
		return rc;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fputs("hostaudit: cannot initialise libcurl\n", stderr);
		return EXIT_NORUN;
	}
	ha_set_quiet(o.quiet);
	if (ha_profile_load(o.profile, &profile) < 0)
		return EXIT_USAGE;
	if (o.explain != NULL) {
		rc = explain(&profile, o.explain);
	} else if (o.list) {
		list_checks(&profile);
		rc = 0;
	} else if (o.output != NULL && (rc = check_output_dir(o.output)) != 0) {
		;
	} else if (o.facts_out != NULL &&
	    (rc = check_output_dir(o.facts_out)) != 0) {
		;
	} else {
		rc = run(&o, &profile);
	}
	ha_profile_release(&profile);
	curl_global_cleanup();
	return rc;
}

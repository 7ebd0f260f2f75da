/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_fleet.c - --merge: reports of many hosts folded into one fleet
 * report; hosts told apart by hostname and engine id, the same host
 * twice kept once (the newer), other schemas and broken reports refused
 * with the file, line and column, and every fleet writer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "ha_buf.h"
#include "ha_fleet.h"
#include "ha_report.h"
#include "ha_util.h"
#include "helper_checks.h"

#define msg	ha_test_msg
#define setup	ha_test_capture_setup
#define teardown ha_test_capture_teardown

/*
 * A report of the current schema: host, engine id, when, score, and the
 * status of daemon.icc (2.2), container.privileged (5.4, with nfail of
 * its 3 targets failing) and file.docker-sock-mode (3.16).
 */
static char *
report(const char *host, const char *engine_id, const char *when,
    double score, const char *icc, int nfail, const char *sock)
{
	json_t *r, *targets = json_array();
	char *text;
	int i;

	for (i = 0; i < 3; i++)
		json_array_append_new(targets, json_pack("{s:s, s:s, s:s}",
		    "kind", "container", "name", "c", "status",
		    i < nfail ? "fail" : "pass"));
	r = json_pack("{s:s, s:{s:s, s:s}, s:{s:s, s:s, s:s, s:s}, "
	    "s:{s:s, s:s, s:s?}, s:{s:s}, s:s, "
	    "s:{s:f, s:{s:i, s:i}, s:{s:f}, s:[{s:s, s:s, s:f}, "
	    "{s:s, s:s, s:n}]}, "
	    "s:[{s:s, s:s, s:s, s:s, s:s, s:s}, "
	    "{s:s, s:s, s:s, s:s, s:s, s:s, s:o}, "
	    "{s:s, s:s, s:s, s:s, s:s, s:s}]}",
	    "schema", HA_REPORT_SCHEMA,
	    "tool", "name", "hostaudit", "version", "0.1.0",
	    "host", "hostname", host, "os", "Debian GNU/Linux 12 (bookworm)",
	    "kernel", "6.1.0", "architecture", "x86_64",
	    "engine", "kind", "docker", "version", "24.0.7", "id", engine_id,
	    "profile", "name", "cis",
	    "started_at", when,
	    "score", "percent", score, "counts", "pass", 1, "fail", 2,
	    "coverage", "percent", 100.0,
	    "sections", "id", "2", "title", "Daemon", "percent", score,
	    "id", "7", "title", "Swarm", "percent",
	    "results",
	    "id", "daemon.icc", "ref", "2.2", "section", "2", "title",
	    "Restrict traffic", "severity", "medium", "status", icc,
	    "id", "container.privileged", "ref", "5.4", "section", "5",
	    "title", "No privileged containers", "severity", "critical",
	    "status", nfail > 0 ? "fail" : "pass", "targets", targets,
	    "id", "file.docker-sock-mode", "ref", "3.16", "section", "3",
	    "title", "Socket mode", "severity", "high", "status", sock);
	assert_non_null(r);
	text = json_dumps(r, JSON_INDENT(2));
	json_decref(r);
	return text;
}

static void
add(struct ha_fleet *f, char *text, const char *name, int want)
{
	assert_int_equal(ha_fleet_add_text(f, text, strlen(text), name), want);
	free(text);
}

/* What writer name writes for f, as a new string. */
static char *
render(struct ha_fleet *f, const char *name)
{
	const struct ha_fleet_writer *w = ha_fleet_writer_find(name);
	char *out = NULL;
	size_t len;
	FILE *fp;

	assert_non_null(w);
	assert_non_null(fp = open_memstream(&out, &len));
	assert_int_equal(w->write(f, fp), 0);
	assert_int_equal(fclose(fp), 0);
	return out;
}

static json_t *
render_json(struct ha_fleet *f)
{
	char *out = render(f, "json");
	json_error_t err;
	json_t *j = json_loads(out, 0, &err);

	if (j == NULL)
		fail_msg("fleet JSON does not parse: %s (line %d)", err.text,
		    err.line);
	free(out);
	return j;
}

static void
test_fold_three(void **state)
{
	struct ha_fleet *f = ha_fleet_new(1768466400);
	const struct ha_fleet_check *c;
	json_t *j, *h, *chk;
	const char *s;

	(void)state;
	add(f, report("web", "W", "2026-01-15T08:40:00Z", 50.0, "fail", 2,
	    "pass"), "web.json", 0);
	add(f, report("db", "D", "2026-01-10T08:00:00Z", 80.0, "fail", 0,
	    "fail"), "db.json", 0);
	add(f, report("app", "A", "2026-01-14T08:00:00Z", 100.0, "pass", 1,
	    "pass"), "app.json", 0);
	ha_fleet_finish(f);
	assert_int_equal(f->nhosts, 3);
	assert_int_equal(f->nread, 3);
	assert_int_equal(f->ndup, 0);
	/* sorted by hostname */
	assert_string_equal(ha_fleet_host_at(f, 0)->hostname, "app");
	assert_string_equal(ha_fleet_host_at(f, 2)->hostname, "web");
	assert_string_equal(f->hosts[f->oldest].hostname, "db");
	/* failing on most hosts first, then by severity */
	assert_int_equal(f->nchecks_seen, 3);
	c = &f->checks[f->corder[0]];
	assert_string_equal(c->id, "container.privileged");
	assert_int_equal(c->nfail, 2);
	assert_int_equal(c->nseen, 3);
	assert_string_equal(f->checks[f->corder[1]].id, "daemon.icc");
	assert_string_equal(f->checks[f->corder[2]].id,
	    "file.docker-sock-mode");

	j = render_json(f);
	assert_string_equal(json_string_value(json_object_get(j, "schema")),
	    HA_FLEET_SCHEMA);
	assert_string_equal(json_string_value(json_object_get(j,
	    "generated_at")), "2026-01-15T08:40:00Z");
	assert_int_equal(json_array_size(json_object_get(j, "hosts")), 3);
	h = json_array_get(json_object_get(j, "hosts"), 2);
	assert_string_equal(json_string_value(json_object_get(h, "hostname")),
	    "web");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    h, "engine"), "id")), "W");
	assert_true(json_real_value(json_object_get(json_object_get(h,
	    "score"), "percent")) == 50.0);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(
	    json_object_get(h, "score"), "counts"), "fail")), 2);
	assert_true(json_is_null(json_object_get(json_object_get(h,
	    "sections"), "7")));
	assert_int_equal(json_array_size(json_object_get(h, "failing")), 2);
	chk = json_array_get(json_object_get(j, "checks"), 0);
	assert_string_equal(json_string_value(json_object_get(chk, "id")),
	    "container.privileged");
	assert_int_equal(json_integer_value(json_object_get(chk,
	    "hosts_failing")), 2);
	/* which: app (1 target) and web (2 targets), in host order */
	s = json_string_value(json_object_get(json_array_get(json_object_get(
	    chk, "failing"), 0), "hostname"));
	assert_string_equal(s, "app");
	assert_int_equal(json_integer_value(json_object_get(json_array_get(
	    json_object_get(chk, "failing"), 1), "targets_failing")), 2);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    j, "oldest"), "hostname")), "db");
	assert_true(json_is_true(json_object_get(json_array_get(
	    json_object_get(j, "hosts"), 1), "oldest")));
	assert_true(json_real_value(json_object_get(json_object_get(
	    json_object_get(j, "summary"), "score"), "mean")) == 76.7);
	json_decref(j);
	ha_fleet_free(f);
}

static void
test_same_hostname_two_engines(void **state)
{
	struct ha_fleet *f = ha_fleet_new(0);
	char *l;

	(void)state;
	add(f, report("node", "ENGINE-AAAAAAAAAAAA", "2026-01-15T08:40:00Z",
	    50.0, "fail", 0, "pass"), "a.json", 0);
	add(f, report("node", "ENGINE-BBBBBBBBBBBB", "2026-01-15T08:40:00Z",
	    90.0, "pass", 0, "pass"), "b.json", 0);
	ha_fleet_finish(f);
	assert_int_equal(f->nhosts, 2);
	assert_int_equal(f->ndup, 0);
	l = ha_fleet_host_label(ha_fleet_host_at(f, 0));
	assert_string_equal(l, "node (ENGINE-AAAAA)");
	free(l);
	l = ha_fleet_host_label(ha_fleet_host_at(f, 1));
	assert_string_equal(l, "node (ENGINE-BBBBB)");
	free(l);
	ha_fleet_free(f);
}

static void
test_same_host_twice(void **state)
{
	struct ha_fleet *f = ha_fleet_new(0);

	(void)state;
	/* the newer first, then the older: the newer stays */
	add(f, report("node", "E", "2026-01-15T08:40:00Z", 90.0, "pass", 0,
	    "pass"), "new.json", 0);
	add(f, report("node", "E", "2026-01-01T08:40:00Z", 10.0, "fail", 3,
	    "fail"), "old.json", 0);
	assert_int_equal(f->nhosts, 1);
	assert_int_equal(f->ndup, 1);
	assert_int_equal(f->nread, 2);
	assert_true(f->hosts[0].score == 90.0);
	assert_string_equal(f->hosts[0].source, "new.json");
	assert_non_null(strstr(msg, "'new.json' and 'old.json' report the "
	    "same host ('node', engine id 'E'): keeping the newer, from "
	    "new.json"));
	/* and the other way round: a newer report replaces the older */
	add(f, report("node", "E", "2026-02-01T00:00:00Z", 70.0, "pass", 0,
	    "fail"), "newest.json", 0);
	assert_int_equal(f->nhosts, 1);
	assert_int_equal(f->ndup, 2);
	assert_true(f->hosts[0].score == 70.0);
	assert_string_equal(f->hosts[0].source, "newest.json");
	ha_fleet_finish(f);
	/* the checks of the dropped reports count no host */
	assert_int_equal(f->checks[f->corder[0]].nfail, 1);
	assert_string_equal(f->checks[f->corder[0]].id,
	    "file.docker-sock-mode");
	ha_fleet_free(f);
}

/* The error of adding text as DIR/r.json, after "DIR/r.json:". */
static void
expect_error(const char *text, const char *want)
{
	char dir[] = "/tmp/ha-test-fleet-XXXXXX", path[256], full[512];
	struct ha_fleet *f = ha_fleet_new(0);
	FILE *fp;

	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/r.json", dir);
	assert_non_null(fp = fopen(path, "w"));
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
	msg[0] = '\0';
	/* a directory: its *.json */
	assert_int_equal(ha_fleet_add_path(f, dir), 1);
	snprintf(full, sizeof(full), "%s:%s", path, want);
	if (strncmp(msg, full, strlen(full)) != 0)
		fail_msg("'%s' does not start '%s'", msg, full);
	assert_int_equal(f->nhosts, 0);
	assert_int_equal(f->nbad, 1);
	assert_string_equal(f->bad[0], path);
	ha_fleet_free(f);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
}

static void
test_other_schema(void **state)
{
	(void)state;
	expect_error("{\"schema\": \"hostaudit-report/1\",\n \"host\": \"x\","
	    "\n \"results\": []}\n", "1:12: report schema "
	    "'hostaudit-report/1' cannot be merged: only '" HA_REPORT_SCHEMA
	    "'");
	expect_error("{\"schema\": \"" HA_REPORT_SCHEMA "\",\n \"host\": "
	    "\"x\",\n \"results\": []}\n", "2:10: not a hostaudit JSON "
	    "report: no 'host' object with a 'hostname'");
	expect_error("[1, 2]\n", "1:1: not a hostaudit JSON report: not an "
	    "object");
}

static void
test_truncated(void **state)
{
	char *text = report("web", "W", "2026-01-15T08:40:00Z", 50.0, "fail",
	    2, "pass");
	char *cut;

	(void)state;
	/* cut after the third line: "tool": {\n "name": "hostaudit", */
	cut = strchr(strchr(strchr(text, '\n') + 1, '\n') + 1, '\n');
	*cut = '\0';
	expect_error(text, "3:");
	assert_non_null(strstr(msg, "end of file"));
	free(text);
	expect_error("", "1:1: ");
}

static void
test_directory(void **state)
{
	char dir[] = "/tmp/ha-test-fleet-XXXXXX", path[256];
	struct ha_fleet *f = ha_fleet_new(0);
	const char *names[] = { "b.json", "a.json", "notes.txt" };
	char *text;
	FILE *fp;
	size_t i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	for (i = 0; i < HA_ARRAY_SIZE(names); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		assert_non_null(fp = fopen(path, "w"));
		text = report(names[i], "E", "2026-01-15T08:40:00Z", 50.0,
		    "pass", 0, "pass");
		fputs(text, fp);
		free(text);
		assert_int_equal(fclose(fp), 0);
	}
	assert_int_equal(ha_fleet_add_path(f, dir), 0);
	assert_int_equal(f->nhosts, 2);
	/* read in name order */
	assert_string_equal(f->hosts[0].hostname, "a.json");
	for (i = 0; i < HA_ARRAY_SIZE(names); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		assert_int_equal(unlink(path), 0);
	}
	assert_int_equal(rmdir(dir), 0);
	/* a path that is not there */
	assert_int_equal(ha_fleet_add_path(f, dir), 1);
	assert_non_null(strstr(msg, "cannot read report '"));
	ha_fleet_free(f);
}

static void
test_writers(void **state)
{
	struct ha_fleet *f = ha_fleet_new(0);
	char *out, *p;
	size_t n;

	(void)state;
	add(f, report("=cmd|x<script>", "E", "2026-01-15T08:40:00Z", 40.0,
	    "fail", 1, "pass"), "evil.json", 0);
	add(f, report("ok", "F", "2026-01-14T08:40:00Z", 100.0, "pass", 0,
	    "pass"), "ok.json", 0);

	out = render(f, "csv");
	assert_true(strncmp(out, "host,engine_id,collected_at,ref,id,title,"
	    "severity,status,targets_failing\r\n", 74) == 0);
	for (n = 0, p = out; (p = strstr(p, "\r\n")) != NULL; p += 2)
		n++;
	assert_int_equal(n, 1 + 2 * 3);	/* a row per host per result */
	assert_non_null(strstr(out, "'=cmd|x<script>,E,2026-01-15T08:40:00Z,"
	    "5.4,container.privileged,No privileged containers,critical,fail,"
	    "1\r\n"));
	free(out);

	out = render(f, "markdown");
	assert_non_null(strstr(out, "| =cmd\\|x&lt;script&gt; | docker "
	    "24.0.7 | 40.0% |"));
	assert_non_null(strstr(out, "Oldest report: **ok**"));
	assert_non_null(strstr(out, "| 1 of 2 | 5.4 | No privileged "
	    "containers (`container.privileged`) | critical |"));
	assert_null(strstr(out, "<script>"));
	free(out);

	out = render(f, "html");
	assert_non_null(strstr(out, "Content-Security-Policy"));
	assert_null(strstr(out, "<script"));
	assert_non_null(strstr(out, "=cmd|x&lt;script&gt;"));
	assert_non_null(strstr(out, "<article id=\"host-1\">"));
	assert_non_null(strstr(out, "<a href=\"#host-2\">ok</a><span "
	    "class=\"flag\">oldest</span>"));
	assert_non_null(strstr(out, "<td class=\"h0\">40.0</td>"));
	assert_non_null(strstr(out, "prefers-color-scheme:dark"));
	assert_non_null(strstr(out, "@media print"));
	free(out);
	assert_null(ha_fleet_writer_find("text"));
	assert_int_equal(ha_fleet_writer_count(), 4);
	ha_fleet_free(f);
}

/* An empty fleet writes valid, empty reports. */
static void
test_empty(void **state)
{
	struct ha_fleet *f = ha_fleet_new(0);
	json_t *j;
	size_t i;

	(void)state;
	j = render_json(f);
	assert_int_equal(json_array_size(json_object_get(j, "hosts")), 0);
	assert_true(json_is_null(json_object_get(j, "oldest")));
	json_decref(j);
	for (i = 0; i < ha_fleet_writer_count(); i++)
		free(render(f, ha_fleet_writer_at(i)->name));
	ha_fleet_free(f);
}

/* ------------------------------------------------------ the fast reader */

/*
 * The reader that walks a report's text instead of building its tree
 * (fleet.c) must come to the same verdict as jansson on every text, and
 * fold the same: each text below is folded both ways (the second with
 * HOSTAUDIT_FLEET_READER=jansson), beside the same other host, and the
 * return codes, messages and all four fleet reports must be the same.
 * Each case also says which reader must have folded it: the fast one
 * (rc 0, fast 1), or jansson after the fast one gave up.
 */

#define F_HOST	"{\"hostname\": \"web\", \"os\": \"Debian 12\", " \
		"\"kernel\": \"6.1.0\", \"architecture\": \"x86_64\"}"
#define F_SCORE	"{\"percent\": 50.5, \"coverage\": {\"percent\": 90}, " \
		"\"counts\": {\"pass\": 1, \"fail\": 2, \"skip\": 0}, " \
		"\"sections\": [{\"id\": \"2\", \"title\": \"Daemon\", " \
		"\"percent\": 50}, {\"id\": \"5\", \"title\": \"Runtime\", " \
		"\"percent\": null}]}"
#define F_RESULTS "[{\"id\": \"daemon.icc\", \"ref\": \"2.2\", " \
		"\"section\": \"2\", \"title\": \"Restrict traffic\", " \
		"\"severity\": \"medium\", \"status\": \"fail\", " \
		"\"message\": \"icc is on\", \"details\": {\"a\": [1, 2.5, " \
		"true, false, null, \"x\"]}}, {\"id\": " \
		"\"container.privileged\", \"ref\": \"5.4\", " \
		"\"section\": \"5\", " \
		"\"title\": \"No privileged containers\", \"severity\": " \
		"\"critical\", \"status\": \"fail\", \"targets\": " \
		"[{\"kind\": " \
		"\"container\", \"name\": \"a\", \"status\": \"fail\"}, " \
		"{\"name\": \"b\", \"status\": \"pass\"}, {\"status\": " \
		"\"fail\"}]}]"

struct fcase {
	const char	*name;
	const char	*pre;		/* members before the others */
	const char	*host, *score, *results;	/* NULL: F_* */
	const char	*post;		/* members after them */
	int		 rc;
	int		 fast;
};

/* The report of c; "@0@" in it becomes a NUL byte (*len says). */
static char *
fcase_text(const struct fcase *c, size_t *len)
{
	char *t, *z;

	t = ha_xasprintf("{%s\"schema\": \"%s\", \"tool\": {\"name\": "
	    "\"hostaudit\"}, \"host\": %s, \"engine\": {\"id\": \"E\", "
	    "\"kind\": \"docker\", \"version\": \"24.0.7\", \"endpoint\": "
	    "\"unix:///var/run/docker.sock\"}, \"profile\": {\"name\": "
	    "\"cis\"}, \"started_at\": \"2026-01-15T08:40:00Z\", \"score\": "
	    "%s, \"results\": %s%s}\n", c->pre ? c->pre : "",
	    HA_REPORT_SCHEMA, c->host ? c->host : F_HOST,
	    c->score ? c->score : F_SCORE, c->results ? c->results :
	    F_RESULTS, c->post ? c->post : "");
	*len = strlen(t);
	while ((z = strstr(t, "@0@")) != NULL) {
		*z = '\0';
		memmove(z + 1, z + 3, *len - (size_t)(z + 3 - t) + 1);
		*len -= 2;
	}
	return t;
}

/* Fold text into f, by the jansson path only when slow; rc, message. */
static int
fold_one(struct ha_fleet *f, const char *text, size_t len, int slow,
    char *m, size_t msz)
{
	static const char other[] = "{\"schema\": \"" HA_REPORT_SCHEMA
	    "\", \"host\": {\"hostname\": \"other\"}, \"started_at\": "
	    "\"2026-01-01T00:00:00Z\", \"score\": {\"percent\": 70, "
	    "\"sections\": [{\"id\": \"2\", \"title\": \"The daemon\", "
	    "\"percent\": 100}]}, \"results\": [{\"id\": \"daemon.icc\", "
	    "\"ref\": \"2.2\", \"title\": \"Other title\", \"status\": "
	    "\"pass\"}]}";
	int rc;

	if (slow)
		setenv("HOSTAUDIT_FLEET_READER", "jansson", 1);
	msg[0] = '\0';
	rc = ha_fleet_add_text(f, text, len, "r.json");
	snprintf(m, msz, "%s", msg);
	assert_int_equal(ha_fleet_add_text(f, other, strlen(other),
	    "other.json"), 0);
	unsetenv("HOSTAUDIT_FLEET_READER");
	return rc;
}

/*
 * text (len bytes) folded both ways: the same in all; rc and fast as
 * given, unless -2 (not checked).  Renders the fleets when render_all.
 */
static void
both_ways(const char *name, const char *text, size_t len, int want_rc,
    int want_fast, int render_all)
{
	struct ha_fleet *a = ha_fleet_new(1768466400);
	struct ha_fleet *b = ha_fleet_new(1768466400);
	char ma[1024], mb[1024], *oa, *ob;
	size_t i, before = ha_fleet_fast_reads();
	int ra, rb, fast;

	ra = fold_one(a, text, len, 0, ma, sizeof(ma));
	/* the other host is always read fast */
	fast = (int)(ha_fleet_fast_reads() - before) - 1;
	rb = fold_one(b, text, len, 1, mb, sizeof(mb));
	if (ra != rb || strcmp(ma, mb) != 0)
		fail_msg("%s: fast reader %d '%s', jansson %d '%s'", name, ra,
		    ma, rb, mb);
	if (want_rc != -2 && ra != want_rc)
		fail_msg("%s: rc %d, want %d ('%s')", name, ra, want_rc, ma);
	if (want_fast != -2 && fast != want_fast)
		fail_msg("%s: fast reader %s", name, fast ? "used" :
		    "not used");
	assert_int_equal(a->nbad, b->nbad);
	for (i = 0; i < ha_fleet_writer_count(); i++) {
		if (!render_all && strcmp(ha_fleet_writer_at(i)->name,
		    "json") != 0)
			continue;
		oa = render(a, ha_fleet_writer_at(i)->name);
		ob = render(b, ha_fleet_writer_at(i)->name);
		if (strcmp(oa, ob) != 0)
			fail_msg("%s: the %s fleet reports differ:\n%s\n%s",
			    name, ha_fleet_writer_at(i)->name, oa, ob);
		free(oa);
		free(ob);
	}
	ha_fleet_free(a);
	ha_fleet_free(b);
}

static const struct fcase fcases[] = {
	{ "plain", .rc = 0, .fast = 1 },
	/* escapes and UTF-8 in what is kept, in keys */
	{ "escapes", .host = "{\"hostname\": \"w\\u00e9b\\\"\\\\\\/\\t\\b"
	    "\\f\\n\\r\\ud83d\\ude00\", \"os\": \"D\\u00E9bian\", "
	    "\"k\\u0065rnel\": \"6.1\"}", .rc = 0, .fast = 1 },
	{ "raw UTF-8", .host = "{\"hostname\": \"w\xc3\xa9" "b\xf0\x9f\x98"
	    "\x80\xef\xbf\xbf\xed\x9f\xbf\"}", .rc = 0, .fast = 1 },
	{ "key of escapes", .post = ", \"\\u0073\\u0063\\u0068\\u0065\\u006d"
	    "\\u0061\": \"hostaudit-report/1\"", .rc = -1, .fast = 0 },
	{ "long key", .pre = "\"schema-but-a-key-longer-than-any-the-reader-"
	    "looks-for-schema-but-a-key-longer-than-any-the-reader-looks-for-"
	    "schema-but-a-key-longer-than-any\": 1, ", .rc = 0, .fast = 1 },
	/* duplicate keys: the last one wins, as in jansson */
	{ "duplicates, last good", .pre = "\"schema\": \"hostaudit-report/1\", "
	    "\"host\": 5, \"results\": [5], \"score\": [], \"engine\": "
	    "{\"id\": \"OTHER\"}, \"started_at\": \"never\", ",
	    .rc = 0, .fast = 1 },
	{ "duplicate engine, last not an object", .post = ", \"engine\": 5",
	    .rc = 0, .fast = 1 },
	{ "duplicate host", .post = ", \"host\": {\"hostname\": \"x\"}",
	    .rc = 0, .fast = 1 },
	{ "duplicate results, last bad", .post = ", \"results\": {}",
	    .rc = -1, .fast = 0 },
	{ "duplicate score members", .score = "{\"percent\": 1, \"percent\": "
	    "\"x\", \"coverage\": {\"percent\": 5}, \"coverage\": 3, "
	    "\"counts\": {\"fail\": 9}, \"counts\": {\"pass\": 4, \"pass\": "
	    "5}, \"sections\": [{\"id\": \"9\"}], \"sections\": [{\"id\": "
	    "\"2\", \"id\": \"3\", \"title\": \"T\"}]}", .rc = 0, .fast = 1 },
	{ "duplicate result members", .results = "[{\"id\": \"x\", \"status\": "
	    "\"bogus\", \"status\": \"fail\", \"targets\": [{\"status\": "
	    "\"fail\"}], \"targets\": [{\"status\": \"fail\", \"status\": "
	    "\"pass\"}, {\"status\": \"pass\", \"status\": \"f\\u0061il\"}], "
	    "\"id\": \"daemon.icc\", \"ref\": \"2.2\"}]", .rc = 0, .fast = 1 },
	/* types the fold reads past */
	{ "odd types", .post = ", \"profile\": \"cis\", \"engine\": [1]",
	    .score = "{\"percent\": true, \"coverage\": 5, \"counts\": {"
	    "\"fail\": 2.0, \"pass\": -1, \"warn\": 1000000, \"info\": 999999,"
	    " \"skip\": \"3\"}, \"sections\": [5, {\"title\": \"no id\"}, "
	    "{\"id\": 2}, {\"id\": \"7\", \"percent\": \"50\"}]}",
	    .results = "[{\"id\": \"daemon.icc\", \"ref\": 22, \"section\": "
	    "[], \"title\": null, \"severity\": \"nonsense\", \"status\": "
	    "\"pass\", \"targets\": [\"fail\", 5, {\"status\": 1}, "
	    "{\"status\": \"fail\"}, []]}, {\"id\": \"x\", \"status\": "
	    "\"warn\", \"targets\": {\"status\": \"fail\"}}]",
	    .rc = 0, .fast = 1 },
	{ "empty score and results", .score = "{}", .results = "[]",
	    .rc = 0, .fast = 1 },
	{ "numbers", .pre = "\"n\": [0, -0, 1.5e3, 1E+2, 2e-2, -1e-400, "
	    "9223372036854775807, -9223372036854775808, 123456789012345678, "
	    "0.000001, 1234567890123456789012345.5], ",
	    .score = "{\"percent\": 5e1, \"coverage\": {\"percent\": "
	    "-0.0}, \"counts\": {\"fail\": 999999, \"pass\": -0}}",
	    .rc = 0, .fast = 1 },
	/* read_host() refuses these: jansson's path says where */
	{ "other schema", .post = ", \"schema\": \"hostaudit-report/2\"",
	    .rc = -1, .fast = 0 },
	{ "no hostname", .host = "{\"name\": \"x\"}", .rc = -1, .fast = 0 },
	{ "host not an object", .host = "\"web\"", .rc = -1, .fast = 0 },
	{ "score not an object", .score = "[]", .rc = -1, .fast = 0 },
	{ "result not an object", .results = "[5]", .rc = -1, .fast = 0 },
	{ "result without id", .results = "[{\"status\": \"pass\"}]",
	    .rc = -1, .fast = 0 },
	{ "unknown status", .results = "[{\"id\": \"a\", \"status\": "
	    "\"maybe\"}]", .rc = -1, .fast = 0 },
	{ "bad time", .post = ", \"started_at\": \"2026-01-15 08:40\"",
	    .rc = -1, .fast = 0 },
	/* not JSON, or not what jansson reads */
	{ "lone high surrogate", .pre = "\"m\": \"\\ud800\", ", .rc = -1 },
	{ "lone low surrogate", .pre = "\"m\": \"\\udc00\", ", .rc = -1 },
	{ "high then not low", .pre = "\"m\": \"\\ud800\\u0041\", ",
	    .rc = -1 },
	{ "high then text", .pre = "\"m\": \"\\ud800x\", ", .rc = -1 },
	{ "high then escape", .pre = "\"m\": \"\\ud800\\n\", ", .rc = -1 },
	{ "escaped NUL", .pre = "\"m\": \"a\\u0000b\", ", .rc = -1 },
	{ "escaped NUL in a key", .pre = "\"a\\u0000\": 1, ", .rc = -1 },
	{ "NUL byte in a string", .pre = "\"m\": \"a@0@b\", ", .rc = -1 },
	{ "NUL byte between", .pre = "\"m\": 1,@0@ ", .rc = -1 },
	{ "NUL byte at the end", .post = "}@0@", .rc = -1 },
	{ "control character", .pre = "\"m\": \"a\x01" "b\", ", .rc = -1 },
	{ "raw tab", .pre = "\"m\": \"a\tb\", ", .rc = -1 },
	{ "raw newline", .host = "{\"hostname\": \"a\nb\"}", .rc = -1 },
	{ "DEL is text", .pre = "\"m\": \"a\x7f" "b\", ", .rc = 0, .fast = 1 },
	{ "overlong", .pre = "\"m\": \"\xc0\x80\", ", .rc = -1 },
	{ "overlong 3", .pre = "\"m\": \"\xe0\x80\xaf\", ", .rc = -1 },
	{ "UTF-8 surrogate", .pre = "\"m\": \"\xed\xa0\x80\", ", .rc = -1 },
	{ "past U+10FFFF", .pre = "\"m\": \"\xf4\x90\x80\x80\", ", .rc = -1 },
	{ "F5", .pre = "\"m\": \"\xf5\x80\x80\x80\", ", .rc = -1 },
	{ "cut sequence", .pre = "\"m\": \"\xe2\x82\", ", .rc = -1 },
	{ "lone continuation", .pre = "\"m\": \"\x80\", ", .rc = -1 },
	{ "FF", .pre = "\"m\": \"\xff\", ", .rc = -1 },
	{ "UTF-8 outside a string", .pre = "\"m\": \xc3\xa9, ", .rc = -1 },
	{ "bad escape", .pre = "\"m\": \"\\x\", ", .rc = -1 },
	{ "short \\u", .pre = "\"m\": \"\\u12\", ", .rc = -1 },
	{ "bad hex", .pre = "\"m\": \"\\u12G4\", ", .rc = -1 },
	{ "\\U", .pre = "\"m\": \"\\U0041\", ", .rc = -1 },
	{ "real overflow", .pre = "\"m\": 1e400, ", .rc = -1 },
	{ "negative real overflow", .pre = "\"m\": -1e400, ", .rc = -1 },
	{ "kept real overflow", .score = "{\"percent\": 1e999}", .rc = -1 },
	{ "integer overflow", .pre = "\"m\": 99999999999999999999, ",
	    .rc = -1 },
	{ "negative integer overflow", .pre = "\"m\": -9223372036854775809, ",
	    .rc = -1 },
	{ "long real", .pre = "\"m\": 1" "00000000000000000000000000000000000"
	    "00000000000000000000000000000000000000000000000000000000000000000"
	    "00000000000000000000000000000000000000000000000000000000000000000"
	    "00000000000000000000000000000000000000000000000000000000000000000"
	    "00000000000000000000000000000000000000000000000000000000000000000"
	    "000000000000000000000000000000000000000.5, ", .rc = -1 },
	{ "leading zero", .pre = "\"m\": 01, ", .rc = -1 },
	{ "dot then nothing", .pre = "\"m\": 1., ", .rc = -1 },
	{ "minus alone", .pre = "\"m\": -, ", .rc = -1 },
	{ "leading dot", .pre = "\"m\": .5, ", .rc = -1 },
	{ "e then nothing", .pre = "\"m\": 1e, ", .rc = -1 },
	{ "e+ then nothing", .pre = "\"m\": 1e+, ", .rc = -1 },
	{ "plus", .pre = "\"m\": +1, ", .rc = -1 },
	{ "NaN", .pre = "\"m\": NaN, ", .rc = -1 },
	{ "Infinity", .pre = "\"m\": -Infinity, ", .rc = -1 },
	{ "hex", .pre = "\"m\": 0x10, ", .rc = -1 },
	{ "trailing comma", .pre = "\"m\": {\"a\": 1,}, ", .rc = -1 },
	{ "trailing comma in an array", .pre = "\"m\": [1,], ", .rc = -1 },
	{ "trailing comma at the end", .post = ",", .rc = -1 },
	{ "missing colon", .pre = "\"m\" 1, ", .rc = -1 },
	{ "missing comma", .pre = "\"m\": 1 \"n\": 2, ", .rc = -1 },
	{ "key not a string", .pre = "m: 1, ", .rc = -1 },
	{ "number key", .pre = "1: 1, ", .rc = -1 },
	{ "truex", .pre = "\"m\": truex, ", .rc = -1 },
	{ "nul", .pre = "\"m\": nul, ", .rc = -1 },
	{ "True", .pre = "\"m\": True, ", .rc = -1 },
	{ "garbage after", .post = "} x", .rc = -1 },
	{ "a second value", .post = "}{}", .rc = -1 },
	{ "unclosed array", .pre = "\"m\": [1, 2, ", .rc = -1 },
	{ "single quotes", .pre = "'m': 1, ", .rc = -1 },
	{ "comment", .pre = "/* c */ ", .rc = -1 },
};

static void
test_fast_same_as_jansson(void **state)
{
	const struct fcase *c;
	size_t i, len;
	char *t;

	(void)state;
	for (i = 0; i < HA_ARRAY_SIZE(fcases); i++) {
		c = &fcases[i];
		t = fcase_text(c, &len);
		both_ways(c->name, t, len, c->rc, c->rc == 0 ? c->fast : 0,
		    1);
		free(t);
	}
}

/* Not objects, or not JSON at all. */
static void
test_fast_not_reports(void **state)
{
	static const char *const texts[] = {
		"", " ", "\n\t\r ", "[]", "[{\"schema\": \"x\"}]", "\"x\"", "1",
		"null", "{", "}", "{\"schema\"", "{\"schema\":",
		"\xef\xbb\xbf{}",
		"{}", "{} ", "{}\n\n",
	};
	size_t i;

	(void)state;
	for (i = 0; i < HA_ARRAY_SIZE(texts); i++)
		both_ways(texts[i], texts[i], strlen(texts[i]), -1, 0, 1);
}

/* Nesting: deeper than the fast reader goes, deeper than jansson. */
static void
test_fast_deep(void **state)
{
	static const size_t depth[] = { 100, 126, 127, 128, 200, 2045, 2046,
	    2047, 3000 };
	struct fcase c = { "deep", .rc = 0 };
	struct ha_buf b;
	size_t i, j, len;
	char *t, name[32];

	(void)state;
	for (i = 0; i < HA_ARRAY_SIZE(depth); i++) {
		ha_buf_init(&b, SIZE_MAX);
		ha_buf_addstr(&b, "\"m\": ");
		for (j = 0; j < depth[i]; j++)
			ha_buf_addstr(&b, j % 2 ? "{\"k\": " : "[");
		ha_buf_addstr(&b, "0");
		for (j = depth[i]; j-- > 0; )
			ha_buf_addstr(&b, j % 2 ? "}" : "]");
		ha_buf_addstr(&b, ", ");
		c.pre = b.data;
		t = fcase_text(&c, &len);
		snprintf(name, sizeof(name), "depth %zu", depth[i]);
		/*
		 * The report is at depth 1, the containers at 2 to depth + 1,
		 * the 0 inside at depth + 2: jansson reads up to 2048 levels,
		 * the fast reader containers up to FAST_MAX_DEPTH (128).
		 */
		both_ways(name, t, len, depth[i] + 2 <= 2048 ? 0 : -1,
		    depth[i] + 1 <= 128 ? 1 : 0, 0);
		free(t);
		ha_buf_release(&b);
	}
}

/* A megabyte string skipped, and a long hostname kept. */
static void
test_fast_huge_strings(void **state)
{
	struct fcase c = { "huge", .rc = 0 };
	size_t len, n = 1024 * 1024;
	char *big = ha_xmalloc(n + 64), *host, *t;

	(void)state;
	memcpy(big, "\"m\": \"", 6);
	memset(big + 6, 'a', n);
	memcpy(big + 6 + n - 40, "\\\"\\u00e9\\ud83d\\ude00\xc3\xa9\xf0\x9f"
	    "\x98\x80\\n", 28);
	memcpy(big + 6 + n, "\", ", 4);
	c.pre = big;
	t = fcase_text(&c, &len);
	both_ways("a megabyte string", t, len, 0, 1, 0);
	free(t);
	big[6 + n - 1] = '\x01';	/* a control character at its end */
	t = fcase_text(&c, &len);
	both_ways("a megabyte string, bad", t, len, -1, 0, 0);
	free(t);
	c.pre = NULL;
	host = ha_xasprintf("{\"hostname\": \"%.*s\"}", 100000, big + 6);
	c.host = host;
	t = fcase_text(&c, &len);
	both_ways("a long hostname", t, len, 0, 1, 1);
	free(t);
	free(host);
	free(big);
}

/*
 * Every truncation of a report, and every byte replaced by one of a few
 * that break JSON or change its meaning: the same verdict, message and
 * fleet both ways.
 */
static void
test_fast_every_byte(void **state)
{
	static const char subst[] = { '"', '\\', '}', ']', ',', ':', ' ',
	    '0', 'a', '\x80', '\0', '{', '[' };
	struct fcase c = { "every byte" };
	size_t i, j, len;
	char *t, *u, name[64];

	(void)state;
	t = fcase_text(&c, &len);
	for (i = 0; i < len; i++) {	/* the last cut is only the \n */
		snprintf(name, sizeof(name), "cut at %zu", i);
		both_ways(name, t, i, i + 1 < len ? -1 : 0, i + 1 < len ? 0 : 1,
		    0);
	}
	u = ha_xmalloc(len);
	for (i = 0; i < len; i++)
		for (j = 0; j < sizeof(subst); j++) {
			if (t[i] == subst[j])
				continue;
			memcpy(u, t, len);
			u[i] = subst[j];
			snprintf(name, sizeof(name), "byte %zu as 0x%02x", i,
			    (unsigned char)subst[j]);
			both_ways(name, u, len, -2, -2, 0);
		}
	free(u);
	free(t);
}

/* A report is read by the fast reader, and a broken one is not. */
static void
test_fast_used(void **state)
{
	struct ha_fleet *f = ha_fleet_new(0);
	size_t before = ha_fleet_fast_reads();
	char *text;

	(void)state;
	text = report("web", "W", "2026-01-15T08:40:00Z", 50.0, "fail", 2,
	    "pass");
	assert_int_equal(ha_fleet_add_text(f, text, strlen(text), "w.json"),
	    0);
	assert_int_equal(ha_fleet_fast_reads(), before + 1);
	assert_int_equal(f->hosts[0].results[1].failing, 2);
	assert_int_equal(ha_fleet_add_text(f, text, strlen(text) - 2,
	    "cut.json"), -1);
	assert_int_equal(ha_fleet_fast_reads(), before + 1);
	assert_non_null(strstr(msg, "cut.json:"));
	free(text);
	ha_fleet_free(f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fold_three, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_same_hostname_two_engines,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_same_host_twice, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_other_schema, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_truncated, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_directory, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_writers, setup, teardown),
		cmocka_unit_test_setup_teardown(test_empty, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fast_used, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_fast_same_as_jansson,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_fast_not_reports, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_fast_deep, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_fast_huge_strings, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_fast_every_byte, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

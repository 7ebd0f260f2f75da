/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_report.c - evaluation through the report model: per-target
 * folding, scope preconditions, scoring, the JSON report's shape, and
 * atomic writing.
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "ha_report.h"
#include "ha_util.h"

static enum ha_status
eval_pass(const struct ha_ctx *ctx, struct ha_result *r)
{
	(void)ctx;
	return ha_result_set(r, HA_PASS, "fine");
}

static enum ha_status
eval_fail(const struct ha_ctx *ctx, struct ha_result *r)
{
	(void)ctx;
	ha_result_add_target(r, "file", "/etc/x", HA_FAIL, "mode %04o", 0664);
	return ha_result_set(r, HA_FAIL, "bad");
}

/* Containers whose name starts with 'b' fail. */
static enum ha_status
eval_ctr(const struct ha_ctx *ctx, const json_t *obj, struct ha_buf *d)
{
	const char *name = json_string_value(json_object_get(obj, "Name"));

	(void)ctx;
	ha_buf_addstr(d, name);
	return name[1] == 'b' ? HA_FAIL : HA_PASS;
}

static const struct ha_check checks[] = {
	{ .id = (char *)"t.pass", .title = (char *)"Pass",
	    .scope = HA_SCOPE_HOST, .level = 1, .eval = eval_pass },
	{ .id = (char *)"t.fail", .title = (char *)"Fail",
	    .scope = HA_SCOPE_FILE, .level = 1, .severity = HA_SEV_HIGH,
	    .eval = eval_fail },
	{ .id = (char *)"t.ctr", .title = (char *)"Containers",
	    .scope = HA_SCOPE_CONTAINER, .level = 2, .eval_target = eval_ctr },
	{ .id = (char *)"t.manual", .title = (char *)"Manual",
	    .scope = HA_SCOPE_HOST, .level = 1 },
	{ .id = (char *)"t.daemon", .title = (char *)"Daemon",
	    .scope = HA_SCOPE_DAEMON, .level = 1, .eval = eval_pass },
};

static struct ha_profile_entry entries[] = {
	{ .ref = (char *)"1.1", .section = (char *)"1", .level = 1, .scored = 1,
	    .weight = 1 },
	{ .ref = (char *)"1.2", .section = (char *)"1", .level = 1, .scored = 1,
	    .weight = 3 },
	{ .ref = (char *)"2.1", .section = (char *)"2", .level = 2, .scored = 1,
	    .weight = 1 },
	{ .ref = (char *)"2.2", .section = (char *)"2", .level = 1, .scored = 0,
	    .weight = 1 },
	{ .ref = (char *)"3.1", .section = (char *)"3", .level = 1, .scored = 1,
	    .weight = 1 },
};

static struct ha_profile_section sections[] = {
	{ .id = (char *)"1", .title = (char *)"One" },
	{ .id = (char *)"2", .title = (char *)"Two" },
};

static struct ha_profile profile = {
	.name = (char *)"test", .title = (char *)"Test profile",
	.path = (char *)"t.json", .entries = entries, .nentries = 5,
	.sections = sections, .nsections = 2,
};

static const char *facts_ok =
    "{\"host\": {\"hostname\": \"h1\", \"self_container_id\": \"self\"},"
    " \"daemon\": {\"status\": \"found\", \"config_file\": "
    "   {\"status\": \"error\", \"error\": \"/d.json:3:5: bad\"}},"
    " \"engine\": {\"status\": \"ok\", \"containers\": ["
    "  {\"Id\": \"a\", \"Name\": \"/alpha\", \"State\": "
    "{\"Status\": \"running\"}},"
    "  {\"Id\": \"b\", \"Name\": \"/beta\", \"State\": "
    "{\"Status\": \"created\"}},"
    "  {\"Id\": \"self\", \"Name\": \"/bself\", \"State\": "
    "{\"Status\": \"running\"}}"
    " ]}, \"errors\": []}";

static void
setup_entries(void)
{
	size_t i;

	for (i = 0; i < HA_ARRAY_SIZE(entries); i++)
		entries[i].check = &checks[i];
}

static void
test_build_and_score(void **state)
{
	struct ha_report rep;
	json_t *facts = json_loads(facts_ok, 0, NULL);
	const struct ha_result *r;

	(void)state;
	assert_non_null(facts);
	setup_entries();
	ha_report_build(&rep, &profile, facts);
	assert_int_equal(rep.nresults, 5);
	assert_int_equal(rep.results[0].status, HA_PASS);
	assert_int_equal(rep.results[1].status, HA_FAIL);
	r = &rep.results[2];
	assert_int_equal(r->status, HA_FAIL);
	assert_int_equal(r->ntargets, 2);	/* its own container skipped */
	assert_string_equal(r->targets[0].name, "alpha");
	assert_string_equal(r->targets[0].state, "running");
	assert_int_equal(r->targets[0].status, HA_PASS);
	assert_string_equal(r->targets[1].name, "beta");
	assert_string_equal(r->targets[1].state, "created");
	assert_int_equal(r->targets[1].status, HA_FAIL);
	assert_string_equal(r->message, "1 of 2 containers fail");
	assert_int_equal(rep.results[3].status, HA_MANUAL);
	/* daemon.json broken: daemon checks are errors naming file:line:col */
	assert_int_equal(rep.results[4].status, HA_ERROR);
	assert_string_equal(rep.results[4].message, "/d.json:3:5: bad");
	/*
	 * weights: pass 1 of applicable 1 + 3 + 1 + 1: the error counts as
	 * not passed, the manual check and the unscored one do not count
	 */
	assert_true(rep.score.passed == 1.0);
	assert_true(rep.score.applicable == 6.0);
	assert_true(rep.score.has_percent);
	assert_true(rep.score.percent == 16.7);
	/* coverage: 4 automated checks selected, the daemon one in error */
	assert_int_equal(rep.score.selected, 4);
	assert_int_equal(rep.score.evaluated, 3);
	assert_true(rep.score.coverage == 75.0);
	assert_int_equal(rep.nsections, 3);
	assert_string_equal(rep.sections[0].title, "One");
	assert_true(rep.sections[0].score.percent == 25.0);
	assert_true(rep.sections[1].score.percent == 0.0);
	assert_string_equal(rep.sections[2].id, "3");
	assert_string_equal(rep.sections[2].title, "3");
	/* only an error in it: scored 0, never 100 */
	assert_true(rep.sections[2].score.has_percent);
	assert_true(rep.sections[2].score.percent == 0.0);
	assert_int_equal(rep.score.counts[HA_FAIL], 2);
	assert_int_equal(ha_report_has_failures(&rep), 1);
	assert_int_equal(ha_report_blind(&rep), 1);
	ha_report_release(&rep);
	json_decref(facts);
}

static void
test_engine_down(void **state)
{
	struct ha_report rep;
	json_t *facts = json_loads("{\"engine\": {\"status\": \"error\", "
	    "\"error\": \"cannot connect to '/s': Connection refused\"},"
	    " \"daemon\": {\"status\": \"not-found\", \"config_file\": "
	    "{\"status\": \"absent\"}}}", 0, NULL);

	(void)state;
	setup_entries();
	ha_report_build(&rep, &profile, facts);
	assert_int_equal(rep.results[2].status, HA_ERROR);
	assert_string_equal(rep.results[2].message, "engine not available: "
	    "cannot connect to '/s': Connection refused");
	/* the engine is there, its daemon unseen: not "not applicable" */
	assert_int_equal(rep.results[4].status, HA_ERROR);
	assert_non_null(strstr(rep.results[4].message, "dockerd process was "
	    "not found"));
	assert_string_equal(rep.host, "unknown");
	ha_report_release(&rep);
	json_decref(facts);
	facts = json_loads("{\"engine\": {\"status\": \"absent\", \"error\": "
	    "\"x\"}, \"daemon\": {\"status\": \"not-found\"}}", 0, NULL);
	ha_report_build(&rep, &profile, facts);
	assert_int_equal(rep.results[2].status, HA_SKIP);
	assert_int_equal(rep.results[4].status, HA_SKIP);	/* no Docker */
	ha_report_release(&rep);
	json_decref(facts);
}

static void
test_json_shape(void **state)
{
	struct ha_report rep;
	json_t *facts = json_loads(facts_ok, 0, NULL), *doc, *r, *t;

	(void)state;
	setup_entries();
	ha_report_build(&rep, &profile, facts);
	rep.duration_ms = 12;
	doc = ha_report_to_json(&rep);
	assert_string_equal(json_string_value(json_object_get(doc, "schema")),
	    "hostaudit-report/3");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    doc, "tool"), "version")), HA_VERSION);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    doc, "host"), "hostname")), "h1");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    doc, "profile"), "name")), "test");
	assert_int_equal(json_integer_value(json_object_get(doc,
	    "duration_ms")), 12);
	assert_non_null(json_string_value(json_object_get(doc, "started_at")));
	assert_true(json_real_value(json_object_get(json_object_get(doc,
	    "score"), "percent")) == 16.7);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(
	    json_object_get(doc, "score"), "coverage"), "selected")), 4);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(
	    json_object_get(doc, "score"), "coverage"), "evaluated")), 3);
	assert_true(json_real_value(json_object_get(json_object_get(
	    json_object_get(doc, "score"), "coverage"), "percent")) == 75.0);
	assert_true(json_is_array(json_object_get(doc, "not_seen")));
	assert_int_equal(json_array_size(json_object_get(json_object_get(doc,
	    "score"), "sections")), 3);
	r = json_array_get(json_object_get(doc, "results"), 2);
	assert_string_equal(json_string_value(json_object_get(r, "id")),
	    "t.ctr");
	assert_string_equal(json_string_value(json_object_get(r, "ref")),
	    "2.1");
	assert_int_equal(json_integer_value(json_object_get(r, "level")), 2);
	assert_true(json_is_true(json_object_get(r, "scored")));
	assert_string_equal(json_string_value(json_object_get(r, "status")),
	    "fail");
	assert_string_equal(json_string_value(json_object_get(r, "severity")),
	    "info");
	t = json_array_get(json_object_get(r, "targets"), 1);
	assert_string_equal(json_string_value(json_object_get(t, "kind")),
	    "container");
	assert_string_equal(json_string_value(json_object_get(t, "name")),
	    "beta");
	assert_string_equal(json_string_value(json_object_get(t, "state")),
	    "created");
	assert_string_equal(json_string_value(json_object_get(t, "status")),
	    "fail");
	assert_string_equal(json_string_value(json_object_get(t, "detail")),
	    "/beta");
	r = json_array_get(json_object_get(doc, "results"), 3);
	assert_string_equal(json_string_value(json_object_get(r, "status")),
	    "manual");
	assert_true(json_is_false(json_object_get(r, "scored")));
	assert_null(json_object_get(r, "targets"));
	json_decref(doc);
	ha_report_release(&rep);
	json_decref(facts);
}

/*
 * A container the engine listed but could not inspect is an error
 * target: a check cannot pass it unseen.  A list or history failure is
 * not a container.
 */
static void
test_uninspected_container(void **state)
{
	struct ha_report rep;
	json_t *facts = json_loads("{\"engine\": {\"status\": \"ok\", "
	    "\"containers\": [{\"Id\": \"a\", \"Name\": \"/alpha\", "
	    "\"State\": {\"Status\": \"running\"}}], \"errors\": ["
	    "{\"source\": \"GET /containers/0123456789abcdef/json\", "
	    "\"message\": \"HTTP status 500: boom\"},"
	    "{\"source\": \"GET /images/json\", \"message\": \"x\"},"
	    "{\"source\": \"GET /images/abc/history\", \"message\": "
	    "\"y\"}]}}", 0, NULL);
	const struct ha_result *r;

	(void)state;
	assert_non_null(facts);
	setup_entries();
	ha_report_build(&rep, &profile, facts);
	r = &rep.results[2];	/* t.ctr: alpha passes */
	assert_int_equal(r->ntargets, 2);
	assert_string_equal(r->targets[1].name, "0123456789ab");
	assert_int_equal(r->targets[1].status, HA_ERROR);
	assert_string_equal(r->targets[1].detail,
	    "could not be inspected: HTTP status 500: boom");
	assert_int_equal(r->status, HA_ERROR);
	ha_report_release(&rep);
	json_decref(facts);
}


/* Facts of a host seen fully: daemon.json read, the engine answering. */
static const char *facts_clean =
    "{\"host\": {\"hostname\": \"h1\"}, \"collector\": {\"euid\": 0},"
    " \"daemon\": {\"status\": \"found\", \"config_file\": "
    "   {\"status\": \"ok\"}},"
    " \"engine\": {\"status\": \"ok\", \"endpoint\": \"unix:///s\", "
    "\"containers\": [{\"Id\": \"a\", \"Name\": \"/alpha\", \"State\": "
    "{\"Status\": \"running\"}}], \"errors\": []}, \"errors\": []}";

/* Build the test profile over a facts text; the caller releases. */
static json_t *
build(struct ha_report *rep, const char *text)
{
	json_t *facts = json_loads(text, 0, NULL);

	assert_non_null(facts);
	setup_entries();
	ha_report_build(rep, &profile, facts);
	return facts;
}

/*
 * The same host seen less (the daemon's configuration unreadable, the
 * engine's inspects failing, collected without root) never scores higher
 * and is always blind; seen fully it is not blind.
 */
static void
test_seeing_less_never_scores_higher(void **state)
{
	struct ha_report full, less;
	json_t *f1, *f2;
	char *line;

	(void)state;
	f1 = build(&full, facts_clean);
	assert_int_equal(ha_report_blind(&full), 0);
	assert_true(full.score.coverage == 100.0);
	assert_null(ha_report_not_seen_line(&full));
	f2 = build(&less, "{\"host\": {\"hostname\": \"h1\"}, "
	    "\"collector\": {\"euid\": 65534},"
	    " \"daemon\": {\"status\": \"found\", \"config_file\": "
	    "   {\"status\": \"error\", \"error\": \"d.json:1:2: bad\"}},"
	    " \"engine\": {\"status\": \"ok\", \"endpoint\": \"unix:///s\", "
	    "\"containers\": [{\"Id\": \"a\", \"Name\": \"/alpha\", "
	    "\"State\": {\"Status\": \"running\"}}], \"errors\": ["
	    "{\"source\": \"GET /containers/0123456789ab/json\", "
	    "\"message\": \"GET /containers/0123456789ab/json: HTTP status "
	    "500\"}]}, \"errors\": []}");
	assert_true(less.score.percent <= full.score.percent);
	assert_true(less.score.percent < full.score.percent);
	assert_true(less.score.coverage < full.score.coverage);
	assert_int_equal(ha_report_blind(&less), 1);
	line = ha_report_not_seen_line(&less);
	assert_non_null(line);
	assert_non_null(strstr(line, "1 engine request failed (first: GET "
	    "/containers/0123456789ab/json: HTTP status 500)"));
	assert_non_null(strstr(line, "the daemon's configuration: "
	    "d.json:1:2: bad"));
	assert_non_null(strstr(line, "not run as root: 2 checks could not be "
	    "evaluated (2.1, 3.1)"));
	free(line);
	ha_report_release(&less);
	ha_report_release(&full);
	json_decref(f2);
	json_decref(f1);
}

/* An engine request that failed makes the run blind even if no check
 * selected reads it; so does an error target under a failing check. */
static void
test_blind_sources(void **state)
{
	struct ha_report rep;
	json_t *f;

	(void)state;
	f = build(&rep, "{\"engine\": {\"status\": \"ok\", \"containers\": "
	    "[], \"errors\": [{\"source\": \"GET /images/json\", "
	    "\"message\": \"x\"}]}, \"daemon\": {\"status\": \"found\"}}");
	assert_int_equal(ha_report_blind(&rep), 1);
	ha_report_release(&rep);
	json_decref(f);
	/* no engine on this host: skipped, honestly, and not blind */
	f = build(&rep, "{\"engine\": {\"status\": \"absent\", "
	    "\"endpoint\": \"unix:///var/run/docker.sock\"}, \"daemon\": "
	    "{\"status\": \"not-found\", \"config_file\": {\"status\": "
	    "\"absent\"}}}");
	assert_int_equal(ha_report_blind(&rep), 0);
	assert_int_equal(rep.results[2].status, HA_SKIP);
	{
		char *line = ha_report_not_seen_line(&rep);

		assert_non_null(line);
		assert_string_equal(line, "no Docker engine found (tried "
		    "unix:///var/run/docker.sock)");
		free(line);
	}
	ha_report_release(&rep);
	json_decref(f);
	/* a failing check hiding an error target is still blind */
	f = build(&rep, facts_clean);
	ha_result_add_target(&rep.results[1], "file", "/x", HA_ERROR, "EACCES");
	assert_int_equal(ha_report_blind(&rep), 1);
	ha_report_release(&rep);
	json_decref(f);
}


/*
 * --all-engines: the host check once, the container check with both
 * engines' targets tagged, the daemon check as one target per engine;
 * an engine that failed makes the whole report blind.
 */
static void
test_merge_engines(void **state)
{
	static const char *const names[] = { "docker", "podman" };
	struct ha_report per[2], rep;
	json_t *f1, *f2, *doc, *t;
	const struct ha_result *r;

	(void)state;
	f1 = build(&per[0], facts_clean);
	f2 = build(&per[1], "{\"host\": {\"hostname\": \"h1\"},"
	    " \"daemon\": {\"status\": \"found\", \"config_file\": "
	    "   {\"status\": \"error\", \"error\": \"d.json:1:1: bad\"}},"
	    " \"engine\": {\"status\": \"ok\", \"containers\": ["
	    "  {\"Id\": \"b\", \"Name\": \"/beta\", \"State\": "
	    "{\"Status\": \"created\"}}], \"errors\": []}}");
	ha_report_merge(&rep, per, names, 2);
	ha_report_release(&per[0]);
	ha_report_release(&per[1]);
	assert_int_equal(rep.nresults, 5);
	assert_int_equal(rep.nengines, 2);
	/* host check: once, no targets added */
	assert_int_equal(rep.results[0].status, HA_PASS);
	assert_int_equal(rep.results[0].ntargets, 0);
	/* containers of both engines, each tagged */
	r = &rep.results[2];
	assert_int_equal(r->ntargets, 2);
	assert_string_equal(r->targets[0].name, "alpha");
	assert_string_equal(r->targets[0].engine, "docker");
	assert_string_equal(r->targets[1].name, "beta");
	assert_string_equal(r->targets[1].engine, "podman");
	assert_int_equal(r->status, HA_FAIL);
	/* the daemon check: one target per engine, the error folded in */
	r = &rep.results[4];
	assert_int_equal(r->ntargets, 2);
	assert_string_equal(r->targets[0].kind, "engine");
	assert_string_equal(r->targets[0].name, "docker");
	assert_int_equal(r->targets[0].status, HA_PASS);
	assert_int_equal(r->targets[1].status, HA_ERROR);
	assert_string_equal(r->targets[1].detail, "d.json:1:1: bad");
	assert_int_equal(r->status, HA_ERROR);
	assert_int_equal(ha_report_blind(&rep), 1);
	doc = ha_report_to_json(&rep);
	assert_int_equal(json_array_size(json_object_get(doc, "engines")), 2);
	t = json_array_get(json_object_get(json_array_get(json_object_get(doc,
	    "results"), 2), "targets"), 1);
	assert_string_equal(json_string_value(json_object_get(t, "engine")),
	    "podman");
	{
		char *line = ha_report_not_seen_line(&rep);

		assert_non_null(strstr(line, "podman: the daemon's "
		    "configuration: d.json:1:1: bad"));
		free(line);
	}
	json_decref(doc);
	ha_report_release(&rep);
	json_decref(f1);
	json_decref(f2);
}

/*
 * A host check whose verdict depends on the engine (the data root, the
 * socket, whether dockerd runs rootless) is judged per engine, like a
 * daemon check: engine 0's verdict alone would hide the others'.  One
 * that every engine judges alike stays a single untagged result.
 */
static void
test_merge_engines_host_differs(void **state)
{
	static const char *const names[] = { "docker", "podman" };
	struct ha_report per[2], rep;
	json_t *f1, *f2;
	const struct ha_result *r;

	(void)state;
	f1 = build(&per[0], facts_clean);
	f2 = build(&per[1], facts_clean);
	ha_result_set(&per[1].results[0], HA_FAIL, "graph root on /");
	ha_result_set(&per[0].results[3], HA_MANUAL, "needs a person");
	ha_result_set(&per[1].results[3], HA_PASS, "runs rootless");
	ha_report_merge(&rep, per, names, 2);
	ha_report_release(&per[0]);
	ha_report_release(&per[1]);
	r = &rep.results[0];
	assert_int_equal(r->ntargets, 2);
	assert_string_equal(r->targets[0].kind, "engine");
	assert_string_equal(r->targets[0].engine, "docker");
	assert_int_equal(r->targets[0].status, HA_PASS);
	assert_string_equal(r->targets[1].engine, "podman");
	assert_int_equal(r->targets[1].status, HA_FAIL);
	assert_string_equal(r->targets[1].detail, "graph root on /");
	assert_int_equal(r->status, HA_FAIL);
	/* manual on one engine only: still each engine's own verdict */
	r = &rep.results[3];
	assert_int_equal(r->ntargets, 2);
	assert_int_equal(r->targets[0].status, HA_MANUAL);
	assert_int_equal(r->targets[1].status, HA_PASS);
	ha_report_release(&rep);
	json_decref(f1);
	json_decref(f2);
	/* alike on every engine: once, untagged */
	f1 = build(&per[0], facts_clean);
	f2 = build(&per[1], facts_clean);
	ha_report_merge(&rep, per, names, 2);
	ha_report_release(&per[0]);
	ha_report_release(&per[1]);
	assert_int_equal(rep.results[0].ntargets, 0);
	assert_int_equal(rep.results[0].status, HA_PASS);
	assert_string_equal(rep.results[0].message, "fine");
	assert_int_equal(rep.results[3].ntargets, 0);
	assert_int_equal(rep.results[3].status, HA_MANUAL);
	ha_report_release(&rep);
	json_decref(f1);
	json_decref(f2);
}

/* Nothing applicable: no score at all, never 100 %; n/a everywhere. */
static void
test_nothing_applicable(void **state)
{
	struct ha_score sc;
	char buf[16];

	(void)state;
	memset(&sc, 0, sizeof(sc));
	sc.counts[HA_SKIP] = 3;
	assert_string_equal(ha_score_str(&sc, buf, sizeof(buf)), "n/a");
	sc.has_percent = 1;
	sc.percent = ha_round1(100.0 * 9 / 16);		/* 56.25 */
	assert_string_equal(ha_score_str(&sc, buf, sizeof(buf)), "56.3");
	assert_true(ha_round1(56.25) == 56.3);
	assert_true(ha_round1(99.95) == 100.0);
	assert_true(ha_round1(0.04) == 0.0);
}


/* Engine text on stderr is shown escaped, never sent to the terminal. */
static void
test_stderr_escapes(void **state)
{
	char path[] = "/tmp/ha-test-err-XXXXXX", buf[256];
	int fd = mkstemp(path), saved;
	ssize_t n;

	(void)state;
	assert_true(fd >= 0);
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	assert_true(dup2(fd, STDERR_FILENO) >= 0);
	ha_set_error_routine(NULL, NULL);
	ha_error("engine said: x\x1b[2Jy\xe2\x80\xaez\xc2\x9bw");
	fflush(stderr);
	assert_true(dup2(saved, STDERR_FILENO) >= 0);
	close(saved);
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	assert_true(n > 0);
	buf[n] = '\0';
	close(fd);
	unlink(path);
	assert_string_equal(buf, "hostaudit: engine said: x\\x1b[2Jy"
	    "\\xe2\\x80\\xaez\\xc2\\x9bw\n");
}

static int
write_hello(FILE *fp, void *arg)
{
	(void)arg;
	return fputs("hello\n", fp) < 0 ? -1 : 0;
}

static int
write_fails(FILE *fp, void *arg)
{
	(void)arg;
	fputs("half a rep", fp);
	return -1;
}

static void
quiet(enum ha_msg_level l, const char *m, void *a)
{
	(void)l;
	(void)m;
	(void)a;	/* the failures are expected; keep the output clean */
}

static void
test_atomic_write(void **state)
{
	char dir[] = "/tmp/ha-test-rep-XXXXXX", path[256], buf[64];
	struct stat st;
	FILE *fp;
	size_t n;

	(void)state;
	ha_set_error_routine(quiet, NULL);
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/r.txt", dir);
	assert_int_equal(ha_write_atomic(path, 0640, write_hello, NULL), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	/* a failing writer leaves the previous file intact, no temp left */
	assert_int_equal(ha_write_atomic(path, 0640, write_fails, NULL), -1);
	fp = fopen(path, "r");
	assert_non_null(fp);
	n = fread(buf, 1, sizeof(buf) - 1, fp);
	buf[n] = '\0';
	fclose(fp);
	assert_string_equal(buf, "hello\n");
	unlink(path);
	assert_int_equal(rmdir(dir), 0);	/* empty: no temp file left */
	snprintf(path, sizeof(path), "%s/missing/r.txt", dir);
	assert_int_equal(ha_write_atomic(path, 0640, write_hello, NULL), -1);
	ha_set_error_routine(NULL, NULL);
}

/* The file gets the group and mode asked for (root: any group). */
static void
test_atomic_write_group(void **state)
{
	char dir[] = "/tmp/ha-test-grp-XXXXXX", path[256];
	gid_t gid = geteuid() == 0 ? 4242 : getegid();
	struct stat st;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/r.prom", dir);
	assert_int_equal(ha_write_atomic_group(path, 0644, gid, write_hello,
	    NULL), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_gid, gid);
	assert_int_equal(st.st_mode & 07777, 0644);
	/* (gid_t)-1 leaves the group the file was created with */
	assert_int_equal(ha_write_atomic_group(path, 0600, (gid_t)-1,
	    write_hello, NULL), 0);
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_gid, getegid());
	assert_int_equal(st.st_mode & 07777, 0600);
	unlink(path);
	assert_int_equal(rmdir(dir), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_build_and_score),
		cmocka_unit_test(test_engine_down),
		cmocka_unit_test(test_json_shape),
		cmocka_unit_test(test_uninspected_container),
		cmocka_unit_test(test_seeing_less_never_scores_higher),
		cmocka_unit_test(test_blind_sources),
		cmocka_unit_test(test_nothing_applicable),
		cmocka_unit_test(test_merge_engines),
		cmocka_unit_test(test_stderr_escapes),
		cmocka_unit_test(test_merge_engines_host_differs),
		cmocka_unit_test(test_atomic_write),
		cmocka_unit_test(test_atomic_write_group),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

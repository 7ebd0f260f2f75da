/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_custom.c - custom checks in jq (src/custom.c): what a program's
 * output means, errors, programs that run away, compile errors at their
 * position, definitions refused, and custom checks in profiles, waivers,
 * selection, baselines, the registry and every report format.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ha_baseline.h"
#include "ha_custom.h"
#include "ha_report.h"
#include "ha_select.h"
#include "ha_util.h"
#include "helper_checks.h"

/*
 * A program that takes all the memory it may must meet our handler, not
 * a sanitizer's report: under AddressSanitizer let malloc return NULL.
 */
const char	*__asan_default_options(void);

const char *
__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}

/* Three containers: latest-tagged with an owner, pinned, pinned. */
static const char facts_q[] =
    "{'schema': 'hostaudit-facts/1', 'host': {'hostname': 'h1'},"
    " 'engine': {'status': 'ok', 'containers': ["
    "  {'Id': 'a1', 'Name': '/web', 'State': {'Status': 'running'},"
    "   'Config': {'Image': 'nginx:latest', 'Labels': {'owner': 'ops'}},"
    "   'HostConfig': {'Memory': 0}},"
    "  {'Id': 'b2', 'Name': '/db', 'State': {'Status': 'exited'},"
    "   'Config': {'Image': 'postgres:16', 'Labels': {}},"
    "   'HostConfig': {'Memory': 536870912}},"
    "  {'Id': 'c3', 'Name': '/cache', 'State': {'Status': 'created'},"
    "   'Config': {'Image': 'redis:7', 'Labels': null},"
    "   'HostConfig': {'Memory': 0}}],"
    " 'images': [{'Id': 'sha256:1', 'RepoTags': ['nginx:latest']}]}}";

static json_t *
facts(void)
{
	char *s = ha_xstrdup(facts_q), *p;
	json_t *f;

	for (p = s; *p != '\0'; p++)
		if (*p == '\'')
			*p = '"';
	f = ha_test_json(s);
	free(s);
	return f;
}

/*
 * A profile of the custom checks in custom (a JSON array); 0 or -1.
 * Messages are collected (ha_test_msgs).
 */
static int
load(const char *custom, struct ha_profile *p)
{
	char *text = ha_xasprintf("{\"name\": \"t\", \"checks\": [], "
	    "\"custom\": %s}", custom);
	int rc;

	rc = ha_profile_parse(text, strlen(text), "p.json", p);
	free(text);
	return rc;
}

/* One custom check of scope with program, loaded into p (must load). */
static void
load_one(const char *scope, const char *program, struct ha_profile *p)
{
	json_t *arr = json_pack("[{s:s, s:s, s:s, s:s, s:s}]", "id",
	    "site.t", "title", "T", "scope", scope, "jq", program,
	    "remediation", "R");
	char *s = json_dumps(arr, 0);

	if (load(s, p) != 0)
		fail_msg("'%s' does not load: %s", program, ha_test_msgs);
	free(s);
	json_decref(arr);
}

/* Build a report of p over the fixture (facts in *f, to json_decref). */
static void
build(struct ha_report *rep, const struct ha_profile *p, json_t **f)
{
	*f = facts();
	ha_report_build(rep, p, *f);
}

static const struct ha_result *
result(const struct ha_report *rep, const char *id)
{
	size_t i;

	for (i = 0; i < rep->nresults; i++)
		if (strcmp(rep->results[i].check->id, id) == 0)
			return &rep->results[i];
	fail_msg("no result for '%s'", id);
	return NULL;
}

static void
expect_target(const struct ha_result *r, const char *name,
    enum ha_status want, const char *detail)
{
	const struct ha_target *t = ha_test_target(r, name);

	if (t == NULL)
		fail_msg("%s: no target '%s'", r->check->id, name);
	if (t->status != want || (detail != NULL && strstr(t->detail,
	    detail) == NULL))
		fail_msg("%s: %s is %s (%s), want %s (%s)", r->check->id, name,
		    ha_status_name(t->status), t->detail, ha_status_name(want),
		    detail ? detail : "any detail");
}

/* Run program over one input (a JSON text) as a host check. */
static enum ha_status
eval(const char *program, const char *input, char *detail, size_t size)
{
	struct ha_profile p;
	struct ha_buf d;
	json_t *in = ha_test_json(input);
	enum ha_status st;

	load_one("host", program, &p);
	ha_buf_init(&d, HA_BUF_NOCAP);
	st = ha_custom_eval(p.entries[0].check, in, &d);
	snprintf(detail, size, "%s", d.data);
	ha_buf_release(&d);
	json_decref(in);
	ha_profile_release(&p);
	return st;
}

static int
setup(void **state)
{
	ha_test_capture_setup(state);
	ha_test_collect();
	ha_custom_limits_set(NULL);
	return 0;
}

static int
teardown(void **state)
{
	ha_custom_limits_set(NULL);
	return ha_test_capture_teardown(state);
}

/* true passes, false fails, a string fails with it as the detail. */
static void
test_pass_fail_string(void **state)
{
	struct ha_profile p;
	struct ha_report rep;
	const struct ha_result *r;
	json_t *f;

	(void)state;
	assert_int_equal(load("[{\"id\": \"site.no-latest-tag\", \"title\": "
	    "\"No latest\", \"scope\": \"container\", \"severity\": \"high\", "
	    "\"jq\": \".Config.Image | endswith(\\\":latest\\\") | not\", "
	    "\"remediation\": \"Pin it.\"}, {\"id\": \"site.owner\", "
	    "\"title\": \"Owner\", \"scope\": \"container\", \"jq\": "
	    "\"if .Config.Labels.owner then true else \\\"no owner label on "
	    "\\\\(.Name)\\\" end\", \"remediation\": \"Label it.\"}]", &p), 0);
	assert_int_equal(p.nentries, 2);
	assert_string_equal(p.entries[0].ref, "S.1");
	assert_string_equal(p.entries[1].ref, "S.2");
	assert_string_equal(p.entries[0].section, "S");
	assert_string_equal(ha_profile_section_title(&p, "S"), "Site checks");
	assert_int_equal(p.entries[0].severity, HA_SEV_HIGH);
	assert_int_equal(p.entries[1].severity, HA_SEV_MEDIUM);
	assert_int_equal(p.entries[0].level, 1);
	build(&rep, &p, &f);
	r = result(&rep, "site.no-latest-tag");
	assert_int_equal(r->status, HA_FAIL);
	assert_string_equal(r->message, "1 of 3 containers fail");
	expect_target(r, "web", HA_FAIL, "the jq program returned false");
	expect_target(r, "db", HA_PASS, "the jq program returned true");
	expect_target(r, "cache", HA_PASS, NULL);
	r = result(&rep, "site.owner");
	assert_int_equal(r->status, HA_FAIL);
	expect_target(r, "web", HA_PASS, NULL);
	expect_target(r, "db", HA_FAIL, "no owner label on /db");
	expect_target(r, "cache", HA_FAIL, "no owner label on /cache");
	ha_report_release(&rep);
	json_decref(f);
	ha_profile_release(&p);
}

/*
 * Scope image reads each image, scope host the facts document; a program
 * may be given as its lines.
 */
static void
test_image_and_host_scope(void **state)
{
	struct ha_profile p;
	struct ha_report rep;
	json_t *f;

	(void)state;
	assert_int_equal(load("[{\"id\": \"site.img\", \"title\": \"I\", "
	    "\"scope\": \"image\", \"jq\": [\"[.RepoTags[]\", "
	    "\"| endswith(\\\":latest\\\")]\", \"| any | not\"], "
	    "\"remediation\": \"R\"}, {\"id\": \"site.host\", "
	    "\"title\": \"H\", \"scope\": \"host\", \"jq\": \"{status: "
	    "\\\"info\\\", detail: \\\"\\\\(.engine.containers | length) "
	    "containers on "
	    "\\\\(.host.hostname)\\\"}\", \"remediation\": \"R\"}]", &p), 0);
	build(&rep, &p, &f);
	assert_int_equal(result(&rep, "site.img")->status, HA_FAIL);
	expect_target(result(&rep, "site.img"), "nginx:latest", HA_FAIL,
	    NULL);
	assert_int_equal(result(&rep, "site.host")->status, HA_INFO);
	assert_string_equal(result(&rep, "site.host")->message,
	    "3 containers on h1");
	ha_report_release(&rep);
	json_decref(f);
	ha_profile_release(&p);
}

struct judged {
	const char	*program;
	enum ha_status	 want;
	const char	*detail;	/* a substring of it */
};

/* Every kind of output, and what it makes of the target. */
static void
test_outputs(void **state)
{
	static const struct judged cases[] = {
		{ "true", HA_PASS, "the jq program returned true" },
		{ "false", HA_FAIL, "the jq program returned false" },
		{ "\"bad: \\(.a)\"", HA_FAIL, "bad: 1" },
		{ "{status: \"pass\", detail: \"fine\"}", HA_PASS, "fine" },
		{ "{status: \"warn\", detail: \"look\"}", HA_WARN, "look" },
		{ "{status: \"skip\", detail: \"n/a\"}", HA_SKIP, "n/a" },
		{ "{status: \"info\"}", HA_INFO, "the jq program says info" },
		{ "{status: \"fail\", detail: \"no\"}", HA_FAIL, "no" },
		{ "{status: \"error\"}", HA_ERROR, "needs a 'status' of pass" },
		{ "{status: \"pass\", why: 1}", HA_ERROR, "unknown key 'why'" },
		{ "{status: \"pass\", detail: 1}", HA_ERROR,
		  "'detail' must be a string" },
		{ "{detail: \"x\"}", HA_ERROR, "needs a 'status'" },
		{ "42", HA_ERROR, "not a number (42)" },
		{ "null", HA_ERROR, "not null (null)" },
		{ "[true]", HA_ERROR, "not an array ([true])" },
		{ "empty", HA_ERROR, "the jq program gave no output" },
		{ "true, false", HA_ERROR, "gave more than one output" },
		{ ".a.b", HA_ERROR, "jq: error: Cannot index number with" },
		{ "error(\"mine\")", HA_ERROR, "jq: error: mine" },
		{ "error({code: 7})", HA_ERROR, "jq: error: {\"code\":7}" },
		{ "true, error(\"late\")", HA_ERROR, "jq: error: late" },
		{ "halt_error", HA_ERROR, "the jq program halted" },
		{ "input", HA_ERROR, "No more inputs" },
		{ "env | length == 0", HA_PASS, NULL },
		{ "$ENV | length == 0", HA_PASS, NULL },
		{ "# a comment\n.a\n| . == 1", HA_PASS, NULL },
	};
	char detail[2048];
	size_t i;

	(void)state;
	for (i = 0; i < HA_ARRAY_SIZE(cases); i++) {
		enum ha_status st = eval(cases[i].program, "{\"a\": 1}", detail,
		    sizeof(detail));

		if (st != cases[i].want || (cases[i].detail != NULL &&
		    strstr(detail, cases[i].detail) == NULL))
			fail_msg("'%s': %s (%s), want %s (%s)",
			    cases[i].program, ha_status_name(st), detail,
			    ha_status_name(cases[i].want), cases[i].detail);
	}
}

/* A long string detail is cut, on a character boundary. */
static void
test_long_detail(void **state)
{
	char detail[4096];

	(void)state;
	assert_int_equal(eval("\"é\" * 2000", "{}", detail,
	    sizeof(detail)), HA_FAIL);
	assert_true(strlen(detail) <= HA_CUSTOM_MAX_DETAIL);
	assert_non_null(strstr(detail, "é..."));
}

/*
 * Programs that run away are stopped at a limit, reported as errors,
 * and the audit goes on: later checks are still evaluated, and the
 * program that ran past its deadline is not run again.
 */
static void
test_runaway(void **state)
{
	static const struct ha_custom_limits l = { 1000, 20000, 4096,
		64UL * 1024 * 1024 };
	struct ha_profile p;
	struct ha_report rep;
	const struct ha_result *r;
	int64_t t0;
	json_t *f;

	(void)state;
	ha_custom_limits_set(&l);
	assert_int_equal(load("["
	    "{\"id\": \"site.loop\", \"title\": \"L\", \"scope\": "
	    "\"container\", \"jq\": \"def f: f; f\", \"remediation\": \"R\"},"
	    "{\"id\": \"site.huge\", \"title\": \"H\", \"scope\": \"host\", "
	    "\"jq\": \"\\\"x\\\" * 10000\", \"remediation\": \"R\"},"
	    "{\"id\": \"site.many\", \"title\": \"M\", \"scope\": \"host\", "
	    "\"jq\": \"range(1e9) | true\", \"remediation\": \"R\"},"
	    "{\"id\": \"site.mem\", \"title\": \"M\", \"scope\": \"host\", "
	    "\"jq\": \"[range(1e9)] | length > 0\", \"remediation\": \"R\"},"
	    "{\"id\": \"site.ok\", \"title\": \"O\", \"scope\": \"host\", "
	    "\"jq\": \"true\", \"remediation\": \"R\"}]", &p), 0);
	t0 = ha_now_ms();
	build(&rep, &p, &f);
	assert_true(ha_now_ms() - t0 < 10000);	/* 2 s of deadlines */
	r = result(&rep, "site.loop");
	assert_int_equal(r->status, HA_ERROR);
	expect_target(r, "web", HA_ERROR, "did not finish in 1000 ms and was "
	    "stopped");
	expect_target(r, "db", HA_ERROR, "not run: the jq program already "
	    "ran past its 1000 ms limit");
	expect_target(r, "cache", HA_ERROR, "not run");
	r = result(&rep, "site.huge");
	assert_int_equal(r->status, HA_ERROR);
	assert_non_null(strstr(r->message, "output is larger than the limit: "
	    "4096 bytes"));
	r = result(&rep, "site.many");
	assert_int_equal(r->status, HA_ERROR);
	assert_string_equal(r->message, "the jq program gave more than one "
	    "output");
	r = result(&rep, "site.mem");
	assert_int_equal(r->status, HA_ERROR);
	if (strstr(r->message, "ran out of memory") == NULL &&
	    strstr(r->message, "did not finish") == NULL)
		fail_msg("site.mem: %s", r->message);
	assert_int_equal(result(&rep, "site.ok")->status, HA_PASS);
	ha_report_release(&rep);
	json_decref(f);
	ha_profile_release(&p);
}

/* Memory: the program meets RLIMIT_AS well before its deadline. */
static void
test_memory_limit(void **state)
{
	static const struct ha_custom_limits l = { 20000, 20000,
		HA_CUSTOM_MAX_OUTPUT, 32UL * 1024 * 1024 };
	char detail[1024];
	int64_t t0 = ha_now_ms();

	(void)state;
	ha_custom_limits_set(&l);
	assert_int_equal(eval("[range(1e9) | tostring] | length > 0", "{}",
	    detail, sizeof(detail)), HA_ERROR);
	assert_string_equal(detail, "the jq program ran out of memory");
	assert_true(ha_now_ms() - t0 < 15000);
}

/* All custom checks of one audit share a time budget. */
static void
test_budget(void **state)
{
	static const struct ha_custom_limits l = { 1000, 1500,
		HA_CUSTOM_MAX_OUTPUT, HA_CUSTOM_MAX_MEMORY };
	struct ha_profile p;
	struct ha_report rep;
	int64_t t0;
	json_t *f;

	(void)state;
	ha_custom_limits_set(&l);
	assert_int_equal(load("["
	    "{\"id\": \"site.a\", \"title\": \"A\", \"scope\": \"host\", "
	    "\"jq\": \"def f: f; f\", \"remediation\": \"R\"},"
	    "{\"id\": \"site.b\", \"title\": \"B\", \"scope\": \"host\", "
	    "\"jq\": \"def f: f; f\", \"remediation\": \"R\"},"
	    "{\"id\": \"site.c\", \"title\": \"C\", \"scope\": \"host\", "
	    "\"jq\": \"true\", \"remediation\": \"R\"}]", &p), 0);
	t0 = ha_now_ms();
	build(&rep, &p, &f);
	assert_true(ha_now_ms() - t0 < 6000);	/* 1.5 s of budget */
	assert_string_equal(result(&rep, "site.a")->message, "the jq program "
	    "did not finish in 1000 ms and was stopped");
	assert_int_equal(result(&rep, "site.b")->status, HA_ERROR);
	assert_int_equal(result(&rep, "site.c")->status, HA_ERROR);
	assert_non_null(strstr(result(&rep, "site.c")->message, "not run: "
	    "the custom checks used their time budget (1500 ms"));
	ha_report_release(&rep);
	json_decref(f);
	ha_profile_release(&p);
}

/* A program that does not compile: an error at its "jq" string. */
static void
test_compile_error_position(void **state)
{
	static const char text[] =
	    "{\"name\": \"t\", \"checks\": [],\n"
	    " \"custom\": [\n"
	    "  {\"id\": \"site.a\", \"title\": \"A\", \"scope\": \"host\",\n"
	    "   \"jq\": \".a |\", \"remediation\": \"R\"},\n"
	    "  {\"id\": \"site.b\", \"title\": \"B\", \"scope\": \"host\",\n"
	    "   \"remediation\": \"R\",\n"
	    "      \"jq\": \"nosuch(1)\"},\n"
	    "  {\"id\": \"site.c\", \"title\": \"C\", \"scope\": \"host\",\n"
	    "   \"remediation\": \"R\", \"jq\": [\n"
	    "     \".Config\",\n"
	    "     \"| nosuch\"]}]}\n";
	struct ha_profile p;

	(void)state;
	assert_int_equal(ha_profile_parse(text, strlen(text), "p.json", &p),
	    -1);
	assert_string_equal(ha_test_msgs,
	    "p.json:4:10: custom[0] ('site.a'): 'jq' does not compile: "
	    "syntax error, unexpected $end at line 1 of the program\n"
	    "p.json:7:13: custom[1] ('site.b'): 'jq' does not compile: "
	    "nosuch/1 is not defined at line 1 of the program\n"
	    "p.json:11:6: custom[2] ('site.c'): 'jq' does not compile: "
	    "nosuch/0 is not defined at line 2 of the program\n");
	assert_null(ha_registry_find("site.a"));
	assert_null(ha_registry_find("site.b"));
}

struct bad {
	const char	*custom;
	const char	*want;
};

/* Definitions refused, each with its message. */
static void
test_definition_errors(void **state)
{
	static const struct bad cases[] = {
		{ "[{\"id\": \"container.privileged\", \"title\": \"T\", "
		  "\"scope\": \"host\", \"jq\": \"true\", \"remediation\": "
		  "\"R\"}]", "'container.privileged' is a built-in check" },
		{ "[{\"id\": \"acme.x\", \"title\": \"T\", \"scope\": \"host\","
		  " \"jq\": \"true\", \"remediation\": \"R\"}]",
		  "a custom check's id is 'site.' and a name" },
		{ "[{\"id\": \"site.\", \"title\": \"T\", \"scope\": \"host\","
		  " \"jq\": \"true\", \"remediation\": \"R\"}]",
		  "a custom check's id is 'site.'" },
		{ "[{\"id\": \"site.Big\", \"title\": \"T\", \"scope\": "
		  "\"host\", \"jq\": \"true\", \"remediation\": \"R\"}]",
		  "a custom check's id is 'site.'" },
		{ "[{\"id\": \"site.x\", \"title\": \"T\", \"scope\": \"host\","
		  " \"jq\": \"true\", \"remediation\": \"R\"}, {\"id\": "
		  "\"site.x\", \"title\": \"T\", \"scope\": \"host\", \"jq\": "
		  "\"true\", \"remediation\": \"R\"}]",
		  "custom[1] ('site.x'): 'site.x' is defined twice (also at "
		  "p.json:1:40)" },
		{ "[{\"id\": \"site.x\", \"title\": \"T\", \"scope\": \"host\","
		  " \"jq\": \"(\", \"remediation\": \"R\"}, {\"id\": "
		  "\"site.x\", \"title\": \"T\", \"scope\": \"host\", \"jq\": "
		  "\"true\", \"remediation\": \"R\"}]",
		  "'site.x' is defined twice (also custom[0])" },
		{ "[{\"id\": \"site.x\", \"title\": \"T\", \"scope\": \"pod\", "
		  "\"jq\": \"true\", \"remediation\": \"R\"}]",
		  "'scope' must be container, image or host, not 'pod'" },
		{ "[{\"id\": \"site.x\", \"title\": \"T\", \"scope\": \"host\","
		  " \"jq\": \"true\"}]", "'remediation' is required" },
		{ "[{\"id\": \"site.x\", \"title\": \"\", \"scope\": \"host\","
		  " \"jq\": \"true\", \"remediation\": \"R\"}]",
		  "'title' must not be empty" },
		{ "[{\"id\": \"site.x\", \"title\": \"T\", \"scope\": \"host\","
		  " \"jq\": true, \"remediation\": \"R\"}]",
		  "'jq' must be a string or a non-empty array of strings" },
		{ "[{\"id\": \"site.x\", \"title\": \"T\", \"scope\": \"host\","
		  " \"jq\": [\"true\", 1], \"remediation\": \"R\"}]",
		  "'jq' must be a string or a non-empty array of strings" },
		{ "[{\"id\": \"site.x\", \"title\": \"T\", \"scope\": \"host\","
		  " \"jq\": \"\", \"remediation\": \"R\"}]",
		  "'jq' must not be empty" },
		{ "[{\"id\": \"site.x\", \"title\": \"T\", \"scope\": \"host\","
		  " \"jq\": \"true\", \"remediation\": \"R\", \"params\": {}}]",
		  "unknown key 'params'" },
		{ "[{\"id\": \"site.x\", \"title\": \"T\", \"scope\": \"host\","
		  " \"jq\": \"true\", \"remediation\": \"R\", \"level\": 3}]",
		  "'level' must be 1 or 2" },
		{ "[{\"id\": \"site.x\", \"title\": \"T\", \"scope\": \"host\","
		  " \"jq\": \"true\", \"remediation\": \"R\", \"severity\": "
		  "\"dire\"}]", "'severity' must be info, low, medium" },
		{ "[{\"id\": \"site.x\", \"title\": \"T\", \"scope\": \"host\","
		  " \"jq\": \"import \\\"m\\\" as m; true\", \"remediation\": "
		  "\"R\"}]", "jq modules are not allowed ('import')" },
		{ "[{\"id\": \"site.x\", \"title\": \"T\", \"scope\": \"host\","
		  " \"jq\": \"# x\\n include \\\"m\\\"; true\", "
		  "\"remediation\": \"R\"}]",
		  "jq modules are not allowed ('include')" },
		{ "[\"site.x\"]", "custom[0]: must be an object" },
		{ "{}", "'custom' must be an array" },
	};
	struct ha_profile p;
	size_t i;

	(void)state;
	for (i = 0; i < HA_ARRAY_SIZE(cases); i++) {
		ha_test_collect();
		if (load(cases[i].custom, &p) != -1)
			fail_msg("accepted: %s", cases[i].custom);
		if (strstr(ha_test_msgs, cases[i].want) == NULL)
			fail_msg("%s: got '%s', want '%s'", cases[i].custom,
			    ha_test_msgs, cases[i].want);
	}
}

/* A child may override, drop, waive and not redefine a parent's check. */
static void
test_extends(void **state)
{
	static const char parent[] = "{\"name\": \"base\", \"checks\": [], "
	    "\"custom\": [{\"id\": \"site.a\", \"title\": \"A\", \"scope\": "
	    "\"host\", \"jq\": \"true\", \"remediation\": \"R\"}, {\"id\": "
	    "\"site.b\", \"title\": \"B\", \"scope\": \"host\", \"jq\": "
	    "\"false\", \"remediation\": \"R\"}]}\n";
	char dir[] = "/tmp/ha-custom-XXXXXX", *path, *child;
	struct ha_profile p;
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	path = ha_xasprintf("%s/base.json", dir);
	assert_non_null(fp = fopen(path, "w"));
	fputs(parent, fp);
	assert_int_equal(fclose(fp), 0);
	child = ha_xasprintf("{\"name\": \"site\", \"extends\": \"%s\", "
	    "\"drop\": [\"site.a\"], \"checks\": [{\"id\": \"site.b\", "
	    "\"weight\": 5, \"ref\": \"9.1\"}], \"custom\": [{\"id\": "
	    "\"site.c\", \"title\": \"C\", \"scope\": \"host\", \"jq\": "
	    "\"true\", \"remediation\": \"R\"}], \"waivers\": [{\"check\": "
	    "\"site.b\", \"reason\": \"known\", \"expires\": \"2099-01-01\"}]}",
	    path);
	assert_int_equal(ha_profile_parse(child, strlen(child), "c.json", &p),
	    0);
	assert_int_equal(p.nentries, 2);
	assert_string_equal(p.entries[0].check->id, "site.b");
	assert_string_equal(p.entries[0].ref, "9.1");
	assert_true(p.entries[0].weight == 5.0);
	assert_string_equal(p.entries[1].check->id, "site.c");
	assert_string_equal(p.entries[1].ref, "S.3");
	assert_non_null(strstr(p.entries[1].check->origin, "c.json:1:"));
	assert_non_null(strstr(p.entries[0].check->origin, "base.json:1:"));
	ha_profile_release(&p);
	free(child);
	/* redefining the parent's check is an error */
	ha_test_collect();
	child = ha_xasprintf("{\"name\": \"site\", \"extends\": \"%s\", "
	    "\"custom\": [{\"id\": \"site.a\", \"title\": \"A\", \"scope\": "
	    "\"host\", \"jq\": \"true\", \"remediation\": \"R\"}]}", path);
	assert_int_equal(ha_profile_parse(child, strlen(child), "c.json", &p),
	    -1);
	assert_non_null(strstr(ha_test_msgs, "'site.a' is defined twice "
	    "(also at "));
	free(child);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
	free(path);
}

/* A waiver on a custom check's target, in the profile: waived. */
static void
test_waiver(void **state)
{
	struct ha_profile p;
	struct ha_report rep;
	const struct ha_result *r;
	static const char text[] = "{\"name\": \"t\", \"checks\": [], "
	    "\"custom\": [{\"id\": \"site.pinned\", \"title\": \"P\", "
	    "\"scope\": \"container\", \"jq\": \".Config.Image | "
	    "endswith(\\\":latest\\\") | not\", \"remediation\": \"R\"}], "
	    "\"waivers\": [{\"check\": \"site.pinned\", \"target\": "
	    "{\"container\": \"web\"}, \"reason\": \"vendor\", \"expires\": "
	    "\"2099-12-31\"}]}";
	json_t *f;

	(void)state;
	assert_int_equal(ha_profile_parse(text, strlen(text), "p.json", &p),
	    0);
	build(&rep, &p, &f);
	r = result(&rep, "site.pinned");
	assert_int_equal(r->status, HA_WAIVED);
	expect_target(r, "web", HA_WAIVED, NULL);
	assert_string_equal(ha_test_target(r, "web")->waiver->reason,
	    "vendor");
	assert_int_equal(rep.waivers[0].state, HA_WAIVER_ACTIVE);
	ha_report_release(&rep);
	json_decref(f);
	ha_profile_release(&p);
}

/* --checks and --skip select custom checks by id, glob and number. */
static void
test_select(void **state)
{
	static const char defs[] = "[{\"id\": \"site.a\", \"title\": \"A\", "
	    "\"scope\": \"host\", \"jq\": \"true\", \"remediation\": \"R\"}, "
	    "{\"id\": \"site.b\", \"title\": \"B\", \"scope\": \"host\", "
	    "\"jq\": \"true\", \"remediation\": \"R\"}]";
	struct ha_select s;
	struct ha_profile p;

	(void)state;
	memset(&s, 0, sizeof(s));
	assert_int_equal(ha_select_add(&s.checks, &s.nchecks, "site.b"), 0);
	assert_int_equal(load(defs, &p), 0);
	assert_int_equal(ha_select_profile(&s, &p), 0);
	assert_int_equal(p.nentries, 1);
	assert_string_equal(p.entries[0].check->id, "site.b");
	ha_profile_release(&p);
	ha_select_release(&s);
	assert_int_equal(ha_select_add(&s.skip, &s.nskip, "S.1"), 0);
	assert_int_equal(load(defs, &p), 0);
	assert_int_equal(ha_select_profile(&s, &p), 0);
	assert_int_equal(p.nentries, 1);
	assert_string_equal(p.entries[0].check->id, "site.b");
	ha_profile_release(&p);
	ha_select_release(&s);
	assert_int_equal(ha_select_add(&s.skip, &s.nskip, "site.*"), 0);
	assert_int_equal(load(defs, &p), 0);
	assert_int_equal(ha_select_profile(&s, &p), 0);
	assert_int_equal(p.nentries, 0);
	ha_profile_release(&p);
	ha_select_release(&s);
}

/* The registry sees a profile's custom checks while it is loaded. */
static void
test_registry(void **state)
{
	size_t n = ha_registry_count(), i;
	struct ha_profile p;

	(void)state;
	for (i = 0; i < n; i++)	/* built-ins never take the namespace */
		assert_false(ha_starts_with(ha_registry_at(i)->id, "site."));
	load_one("container", "true", &p);
	assert_ptr_equal(ha_registry_find("site.t"), p.entries[0].check);
	assert_null(ha_registry_builtin("site.t"));
	assert_int_equal(ha_registry_count(), n);
	assert_string_equal(ha_custom_program(p.entries[0].check), "true");
	assert_null(ha_custom_program(ha_registry_at(0)));
	assert_non_null(strstr(p.entries[0].check->audit, "the jq program "
	    "`true` against each container's inspect object"));
	assert_non_null(p.entries[0].check->rationale);
	assert_non_null(p.entries[0].check->eval_target);
	assert_null(p.entries[0].check->eval);
	ha_profile_release(&p);
	assert_null(ha_registry_find("site.t"));
}

/* A baseline marks custom findings as it marks any. */
static void
test_baseline(void **state)
{
	struct ha_profile p;
	struct ha_report rep;
	const struct ha_result *r;
	json_t *f, *prev;

	(void)state;
	load_one("container", ".Config.Image | endswith(\":latest\") | not",
	    &p);
	build(&rep, &p, &f);
	prev = json_pack("{s:s, s:[{s:s, s:s, s:[{s:s, s:s, s:s}]}]}",
	    "started_at", "2026-01-01T00:00:00Z", "results", "id", "site.t",
	    "status", "fail", "targets", "kind", "container", "name", "web",
	    "status", "fail");
	ha_baseline_apply(&rep, prev, "b.json");
	r = result(&rep, "site.t");
	assert_int_equal(r->change, HA_CHANGE_STILL);
	assert_int_equal(ha_test_target(r, "web")->change, HA_CHANGE_STILL);
	json_decref(prev);
	ha_report_release(&rep);
	json_decref(f);
	ha_profile_release(&p);
}

/* Every format shows the custom check; JSON says where it comes from. */
static void
test_every_format(void **state)
{
	struct ha_profile p;
	struct ha_report rep;
	json_t *f, *doc, *res;
	char *out;
	size_t i;

	(void)state;
	assert_int_equal(load("[{\"id\": \"site.no-latest-tag\", \"title\": "
	    "\"No container runs latest\", \"scope\": \"container\", \"jq\": "
	    "\".Config.Image | endswith(\\\":latest\\\") | not\", "
	    "\"remediation\": \"Pin it.\"}]", &p), 0);
	build(&rep, &p, &f);
	for (i = 0; i < ha_writer_count(); i++) {
		out = ha_test_render(ha_writer_at(i)->name, &rep, NULL);
		if (strstr(out, "site.no-latest-tag") == NULL &&
		    strstr(out, "site_no_latest_tag") == NULL)
			fail_msg("%s: no custom check in\n%s",
			    ha_writer_at(i)->name, out);
		free(out);
	}
	out = ha_test_render("json", &rep, NULL);
	doc = json_loads(out, 0, NULL);
	assert_non_null(doc);
	res = json_array_get(json_object_get(doc, "results"), 0);
	assert_string_equal(json_string_value(json_object_get(res, "id")),
	    "site.no-latest-tag");
	assert_string_equal(json_string_value(json_object_get(res, "source")),
	    "custom");
	assert_string_equal(json_string_value(json_object_get(res, "origin")),
	    "p.json:1:40");
	assert_string_equal(json_string_value(json_object_get(res, "status")),
	    "fail");
	json_decref(doc);
	free(out);
	ha_report_release(&rep);
	json_decref(f);
	ha_profile_release(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_pass_fail_string, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_image_and_host_scope,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_outputs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_detail, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_runaway, setup, teardown),
		cmocka_unit_test_setup_teardown(test_memory_limit, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_budget, setup, teardown),
		cmocka_unit_test_setup_teardown(test_compile_error_position,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_definition_errors, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_extends, setup, teardown),
		cmocka_unit_test_setup_teardown(test_waiver, setup, teardown),
		cmocka_unit_test_setup_teardown(test_select, setup, teardown),
		cmocka_unit_test_setup_teardown(test_registry, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_baseline, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_every_format, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

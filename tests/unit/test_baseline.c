/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_baseline.c - reading a baseline report: its errors point into the
 * file (file:line:column, the name unquoted) as editors expect; every
 * report schema is read; and what changed since it: new, still failing,
 * fixed, and gone when the container or image no longer exists, and the
 * score change.
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

#include "ha_baseline.h"
#include "ha_report.h"
#include "ha_util.h"
#include "helper_checks.h"

/* The last error message; the setup and teardown capture it. */
#define msg	ha_test_msg
#define setup	ha_test_capture_setup
#define teardown ha_test_capture_teardown

struct bad {
	const char	*text;
	const char	*want;	/* after "DIR/b.json:" */
};

static void
test_load_errors(void **state)
{
	static const struct bad cases[] = {
		/* the syntax error of tests/golden/bad-baseline.json */
		{ "{\"schema\": \"" HA_REPORT_SCHEMA "\",\n"
		    "  \"results\": [1, 2,]\n}\n",
		    "2:20: unexpected token near ']'" },
		/* truncated: the end of the last line, not the line after */
		{ "{\"schema\": \"" HA_REPORT_SCHEMA "\",\n"
		    "  \"results\": [\n",
		    "2:15: ']' expected near end of file" },
		{ "{\"schema\": \"hostaudit-facts/1\",\n \"results\": []}",
		    "1:12: not a hostaudit JSON report: schema is not '" },
		{ "{\"schema\": \"" HA_REPORT_SCHEMA "\",\n \"results\": {}}",
		    "2:13: not a hostaudit JSON report: 'results' is not an "
		    "array" },
		{ "\n  [1]", "2:3: not a hostaudit JSON report: schema is "
		    "not '" },
	};
	char dir[] = "/tmp/ha-test-base-XXXXXX", path[256], want[512];
	json_t *doc;
	FILE *fp;
	size_t i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/b.json", dir);
	for (i = 0; i < HA_ARRAY_SIZE(cases); i++) {
		assert_non_null(fp = fopen(path, "w"));
		fputs(cases[i].text, fp);
		assert_int_equal(fclose(fp), 0);
		msg[0] = '\0';
		doc = ha_baseline_load(path);
		assert_null(doc);
		snprintf(want, sizeof(want), "%s:%s", path, cases[i].want);
		if (strncmp(msg, want, strlen(want)) != 0)
			fail_msg("case %zu: '%s' does not start '%s'", i, msg,
			    want);
	}
	assert_int_equal(unlink(path), 0);
	assert_null(ha_baseline_load(path));
	assert_non_null(strstr(msg, "cannot read baseline '"));
	assert_int_equal(rmdir(dir), 0);
}


static const struct ha_check checks[] = {
	{ .id = "t.priv", .title = "Not privileged",
	  .scope = HA_SCOPE_CONTAINER, .level = 1, .remediation = "r" },
	{ .id = "t.icc", .title = "No icc", .scope = HA_SCOPE_DAEMON,
	  .level = 1, .remediation = "r" },
	{ .id = "t.live", .title = "Live restore", .scope = HA_SCOPE_DAEMON,
	  .level = 1, .remediation = "r" },
	{ .id = "t.img", .title = "Healthcheck", .scope = HA_SCOPE_IMAGE,
	  .level = 1, .remediation = "r" },
};

static char ref1[] = "5.5", ref2[] = "2.1", ref3[] = "2.15", ref4[] = "4.6";
static char s5[] = "5", s2[] = "2", s4[] = "4";
static char pname[] = "p", ptitle[] = "P", ppath[] = "p.json";

static struct ha_profile_entry entries[] = {
	{ .check = &checks[0], .ref = ref1, .section = s5, .level = 1,
	  .scored = 1, .weight = 1, .severity = HA_SEV_HIGH },
	{ .check = &checks[1], .ref = ref2, .section = s2, .level = 1,
	  .scored = 1, .weight = 1, .severity = HA_SEV_MEDIUM },
	{ .check = &checks[2], .ref = ref3, .section = s2, .level = 1,
	  .scored = 1, .weight = 1, .severity = HA_SEV_LOW },
	{ .check = &checks[3], .ref = ref4, .section = s4, .level = 1,
	  .scored = 1, .weight = 1, .severity = HA_SEV_LOW },
};

static struct ha_profile_section sections[] = {
	{ .id = s5, .title = s5 }, { .id = s2, .title = s2 },
	{ .id = s4, .title = s4 },
};

static struct ha_profile profile = {
	.name = pname, .title = ptitle, .path = ppath, .entries = entries,
	.nentries = 4, .sections = sections, .nsections = 3,
};

/*
 * This run: containers web (id aaa, privileged: fails) and db (id bbb,
 * passes) exist, cache (id ccc) is gone; icc fails, live restore passes;
 * image nginx passes.  facts NULL: the facts listed no containers at
 * all (the engine could not be asked).
 */
static void
make_report(struct ha_report *rep, json_t *facts)
{
	struct ha_result *r;

	memset(rep, 0, sizeof(*rep));
	rep->tool_version = "0.0.0";
	rep->host = ha_xstrdup("h");
	rep->profile = &profile;
	rep->facts = facts != NULL ? facts : json_object();
	rep->results = ha_xcalloc(4, sizeof(*rep->results));
	rep->nresults = 4;
	r = &rep->results[0];
	ha_result_init(r, &checks[0], &entries[0]);
	ha_result_add_target(r, "container", "web", HA_FAIL, "privileged");
	ha_result_add_target(r, "container", "db", HA_PASS, "not");
	ha_result_set(r, HA_FAIL, "1 of 2 privileged");
	r = &rep->results[1];
	ha_result_init(r, &checks[1], &entries[1]);
	ha_result_set(r, HA_FAIL, "icc on");
	r = &rep->results[2];
	ha_result_init(r, &checks[2], &entries[2]);
	ha_result_set(r, HA_PASS, "on");
	r = &rep->results[3];
	ha_result_init(r, &checks[3], &entries[3]);
	ha_result_add_target(r, "image", "nginx:1", HA_PASS, "HEALTHCHECK");
	ha_result_set(r, HA_PASS, "all have one");
	ha_report_score(rep);
}

static json_t *
live_facts(void)
{
	json_t *f = json_pack("{s:{s:[{s:s, s:s}, {s:s, s:s}], "
	    "s:[{s:s, s:[s]}]}}", "engine", "containers", "Name", "/web", "Id",
	    "aaa", "Name", "/db", "Id", "bbb", "images", "Id", "sha256:111",
	    "RepoTags", "nginx:1");

	assert_non_null(f);
	return f;
}

static void
free_report(struct ha_report *rep)
{
	json_decref((json_t *)rep->facts);
	ha_report_release(rep);
}

/*
 * The baseline: web and db privileged (db is fixed now), cache privileged
 * (removed since: gone), live restore failed (fixed), icc passed (new),
 * image old:1 without a healthcheck (removed: gone).  score is the
 * baseline's score.percent (a JSON value: 42.9, null or absent).
 */
static json_t *
make_prev(const char *schema, json_t *score)
{
	json_t *p = json_pack("{s:s, s:s, s:{s:s}, s:["
	    "{s:s, s:s, s:s, s:s, s:["
	    "{s:s, s:s, s:s}, {s:s, s:s, s:s}, {s:s, s:s, s:s}]},"
	    "{s:s, s:s, s:s, s:s},"
	    "{s:s, s:s, s:s, s:s},"
	    "{s:s, s:s, s:s, s:s, s:[{s:s, s:s, s:s}]}]}",
	    "schema", schema, "started_at", "2026-01-01T00:00:00Z",
	    "host", "hostname", "h", "results",
	    "id", "t.priv", "ref", "5.5", "title", "Not privileged",
	    "status", "fail", "targets",
	    "kind", "container", "name", "web", "status", "fail",
	    "kind", "container", "name", "db", "status", "fail",
	    "kind", "container", "name", "cache", "status", "fail",
	    "id", "t.icc", "ref", "2.1", "title", "No icc", "status", "pass",
	    "id", "t.live", "ref", "2.15", "title", "Live restore",
	    "status", "fail",
	    "id", "t.img", "ref", "4.6", "title", "Healthcheck",
	    "status", "fail", "targets",
	    "kind", "image", "name", "old:1", "status", "fail");

	assert_non_null(p);
	if (score != NULL)
		json_object_set_new(p, "score", json_pack("{s:o}", "percent",
		    score));
	return p;
}

static const struct ha_fixed *
find_fixed(const struct ha_baseline *b, const char *id, const char *name)
{
	size_t i;

	for (i = 0; i < b->nfixed; i++)
		if (strcmp(b->fixed[i].id, id) == 0 && (name == NULL ?
		    b->fixed[i].name == NULL : b->fixed[i].name != NULL &&
		    strcmp(b->fixed[i].name, name) == 0))
			return &b->fixed[i];
	fail_msg("%s %s is not in fixed[]", id, name ? name : "(check)");
	return NULL;
}

static void
test_states(void **state)
{
	struct ha_report rep;
	const struct ha_baseline *b;
	json_t *prev = make_prev(HA_REPORT_SCHEMA, NULL);

	(void)state;
	make_report(&rep, live_facts());
	ha_baseline_apply(&rep, prev, "b.json");
	b = rep.baseline;
	/* new: icc; still failing: web */
	assert_int_equal(rep.results[1].change, HA_CHANGE_NEW);
	assert_int_equal(rep.results[0].targets[0].change, HA_CHANGE_STILL);
	assert_int_equal(b->nnew, 1);
	assert_int_equal(b->nstill, 1);
	/* fixed: db (exists, passes) and live restore; gone: cache, old:1 */
	assert_int_equal(rep.results[0].targets[1].change, HA_CHANGE_FIXED);
	assert_int_equal(rep.results[2].change, HA_CHANGE_FIXED);
	assert_int_equal(b->nfixed, 4);
	assert_int_equal(b->ngone, 2);
	assert_false(find_fixed(b, "t.priv", "db")->gone);
	assert_false(find_fixed(b, "t.live", NULL)->gone);
	assert_true(find_fixed(b, "t.priv", "cache")->gone);
	assert_true(find_fixed(b, "t.img", "old:1")->gone);
	json_decref(prev);
	free_report(&rep);
}

/*
 * A container that still exists but is no target of the check now (not
 * audited by it, e.g. deselected) is fixed, not gone: it was not
 * removed.  Without a container list in the facts nothing is gone: an
 * engine that listed nothing proves nothing.
 */
static void
test_gone_needs_proof(void **state)
{
	struct ha_report rep;
	json_t *prev = make_prev(HA_REPORT_SCHEMA, NULL), *facts;

	(void)state;
	facts = live_facts();
	json_array_append_new(json_object_get(json_object_get(facts,
	    "engine"), "containers"), json_pack("{s:s, s:s}", "Name",
	    "/cache", "Id", "ccc"));
	make_report(&rep, facts);
	ha_baseline_apply(&rep, prev, "b.json");
	assert_false(find_fixed(rep.baseline, "t.priv", "cache")->gone);
	assert_int_equal(rep.baseline->ngone, 1);	/* old:1 only */
	free_report(&rep);

	make_report(&rep, NULL);
	ha_baseline_apply(&rep, prev, "b.json");
	assert_int_equal(rep.baseline->nfixed, 4);
	assert_int_equal(rep.baseline->ngone, 0);
	free_report(&rep);
	json_decref(prev);
}

/*
 * A baseline of report schema 3 names a target's id: a renamed container
 * (its id still here) is not gone; a container of the same name... is
 * the same container.  Another id under a name that is gone: gone.
 */
static void
test_gone_by_id(void **state)
{
	struct ha_report rep;
	json_t *prev = make_prev(HA_REPORT_SCHEMA, NULL), *t;

	(void)state;
	t = json_array_get(json_object_get(json_array_get(json_object_get(prev,
	    "results"), 0), "targets"), 2);
	json_object_set_new(t, "id", json_string("bbb"));	/* db's */
	make_report(&rep, live_facts());
	ha_baseline_apply(&rep, prev, "b.json");
	assert_false(find_fixed(rep.baseline, "t.priv", "cache")->gone);
	free_report(&rep);
	json_object_set_new(t, "id", json_string("zzz"));
	make_report(&rep, live_facts());
	ha_baseline_apply(&rep, prev, "b.json");
	assert_true(find_fixed(rep.baseline, "t.priv", "cache")->gone);
	free_report(&rep);
	json_decref(prev);
}

/* The score then, now and the change; and what JSON says of them. */
static void
test_score_change(void **state)
{
	struct ha_report rep;
	json_t *prev, *o;
	double d = -1;

	(void)state;
	prev = make_prev(HA_REPORT_SCHEMA, json_real(12.5));
	make_report(&rep, live_facts());	/* 2 of 4 pass: 50.0 */
	ha_baseline_apply(&rep, prev, "b.json");
	assert_true(rep.baseline->has_score);
	assert_true(rep.baseline->score_before == 12.5);
	assert_true(ha_baseline_score_change(rep.baseline, &rep.score, &d));
	assert_true(d == 37.5);
	o = ha_baseline_json_score(rep.baseline, &rep.score);
	assert_true(json_real_value(json_object_get(o, "score_change")) ==
	    37.5);
	assert_true(json_number_value(json_object_get(o, "score_before")) ==
	    12.5);
	assert_int_equal(json_integer_value(json_object_get(o, "fixed")), 2);
	assert_int_equal(json_integer_value(json_object_get(o, "gone")), 2);
	assert_int_equal(json_integer_value(json_object_get(o, "new")), 1);
	assert_true(json_is_boolean(json_object_get(json_array_get(
	    json_object_get(o, "fixed_items"), 0), "gone")));
	json_decref(o);
	/* without the score now, the change is null */
	o = ha_baseline_json(rep.baseline);
	assert_true(json_is_null(json_object_get(o, "score_change")));
	json_decref(o);
	free_report(&rep);
	json_decref(prev);

	/* a baseline whose score was null (nothing applied) */
	prev = make_prev(HA_REPORT_SCHEMA, json_null());
	make_report(&rep, live_facts());
	ha_baseline_apply(&rep, prev, "b.json");
	assert_false(rep.baseline->has_score);
	assert_false(ha_baseline_score_change(rep.baseline, &rep.score, &d));
	o = ha_baseline_json_score(rep.baseline, &rep.score);
	assert_true(json_is_null(json_object_get(o, "score_before")));
	assert_true(json_is_null(json_object_get(o, "score_change")));
	json_decref(o);
	free_report(&rep);
	json_decref(prev);
}

/*
 * Reports of every schema are read as a baseline: /1 and /2 (host a
 * string) and /3 (host an object); another schema is refused.
 */
static void
test_schemas(void **state)
{
	static const char *const ok[] = { "hostaudit-report/1",
	    "hostaudit-report/2", "hostaudit-report/3", HA_REPORT_SCHEMA };
	struct ha_report rep;
	json_t *prev, *doc;
	char *text;
	size_t i;

	(void)state;
	for (i = 0; i < HA_ARRAY_SIZE(ok); i++) {
		prev = make_prev(ok[i], json_real(50));
		if (i < 2)
			json_object_set_new(prev, "host", json_string("h"));
		text = json_dumps(prev, 0);
		doc = ha_baseline_parse(text, strlen(text), "b.json");
		if (doc == NULL)
			fail_msg("%s not read: %s", ok[i], msg);
		make_report(&rep, live_facts());
		ha_baseline_apply(&rep, doc, "b.json");
		assert_int_equal(rep.baseline->nnew, 1);
		assert_int_equal(rep.baseline->ngone, 2);
		free_report(&rep);
		json_decref(doc);
		free(text);
		json_decref(prev);
	}
	prev = make_prev("hostaudit-report/99", NULL);
	text = json_dumps(prev, 0);
	assert_null(ha_baseline_parse(text, strlen(text), "b.json"));
	assert_non_null(strstr(msg, "schema is not '"));
	free(text);
	json_decref(prev);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_load_errors, setup,
		    teardown),
		cmocka_unit_test(test_states),
		cmocka_unit_test(test_gone_needs_proof),
		cmocka_unit_test(test_gone_by_id),
		cmocka_unit_test(test_score_change),
		cmocka_unit_test_setup_teardown(test_schemas, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

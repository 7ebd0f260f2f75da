/* SPDX-License-Identifier: Apache-2.0 */
/* test_waiver.c - waivers: dates, validation, matching, expiry, staleness. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "ha_report.h"
#include "ha_util.h"
#include "ha_waiver.h"
#include "helper_checks.h"

/* The teardown restores the error routine collect() replaces. */
#define setup	ha_test_capture_setup
#define teardown ha_test_capture_teardown

/* Every message of a run, one a line (helper_checks.h). */
#define msgs	ha_test_msgs
#define collect	ha_test_collect

static void
test_dates(void **state)
{
	long d = 0;

	(void)state;
	assert_int_equal(ha_date_parse("2027-01-31", &d), 0);
	assert_int_equal(d, 20270131);
	assert_int_equal(ha_date_parse("2028-02-29", &d), 0);	/* leap */
	assert_int_equal(ha_date_parse("2000-02-29", &d), 0);
	assert_int_equal(ha_date_parse("2027-02-29", &d), -1);
	assert_int_equal(ha_date_parse("2100-02-29", &d), -1);
	assert_int_equal(ha_date_parse("2027-04-31", &d), -1);
	assert_int_equal(ha_date_parse("2027-13-01", &d), -1);
	assert_int_equal(ha_date_parse("2027-1-01", &d), -1);
	assert_int_equal(ha_date_parse("2027-01-01T00", &d), -1);
	assert_int_equal(ha_date_parse("27-01-2027", &d), -1);
	assert_int_equal(ha_date_parse(NULL, &d), -1);
	assert_true(ha_date_today() > 20250101);
	assert_int_equal(ha_date_parse("2027-01-31", &d), 0);
}

/* Profile text with the waivers array w (one line each). */
static int
parse_with(const char *w, struct ha_profile *p)
{
	char *text = ha_xasprintf("{\"name\": \"t\", \"checks\": [\n"
	    " {\"id\": \"container.privileged\", \"ref\": \"5.5\"},\n"
	    " {\"id\": \"daemon.icc\", \"ref\": \"2.2\"},\n"
	    " {\"id\": \"image.env-secrets\", \"ref\": \"HA.4\"}],\n"
	    "\"waivers\": [\n%s]}", w);
	int rc = ha_profile_parse(text, strlen(text), "w.json", p);

	free(text);
	return rc;
}

struct bad {
	const char	*waiver;
	const char	*want;
};

static void
test_validation(void **state)
{
	static const struct bad cases[] = {
		{ "{\"check\": \"daemon.icc\", \"expires\": \"2030-01-01\"}",
		    "w.json:6:1: waivers[0]: 'reason' is required" },
		{ "{\"check\": \"daemon.icc\", \"reason\": \"x\"}",
		    "w.json:6:1: waivers[0]: 'expires' is required" },
		{ "{\"reason\": \"x\", \"expires\": \"2030-01-01\"}",
		    "w.json:6:1: waivers[0]: 'check' is required" },
		{ "{\"check\": \"no.such\", \"reason\": \"x\"}",
		    "w.json:6:11: waivers[0]: unknown check id 'no.such'" },
		{ "{\"check\": \"daemon.icc\", \"reason\": \"\"}",
		    "w.json:6:35: waivers[0]: 'reason' must not be empty" },
		{ "{\"check\": \"daemon.icc\", \"reason\": 7}",
		    "w.json:6:35: waivers[0]: 'reason' has the wrong type (a "
		    "string)" },
		{ "{\"check\": \"daemon.icc\", \"expires\": \"31.12.2030\"}",
		    "w.json:6:36: waivers[0]: 'expires' must be a date "
		    "YYYY-MM-DD, not '31.12.2030'" },
		{ "{\"check\": \"daemon.icc\", \"until\": \"2030-01-01\"}",
		    "w.json:6:25: waivers[0]: unknown key 'until'" },
		{ "{\"check\": \"daemon.icc\", \"target\": {\"host\": \"a\"}}",
		    "w.json:6:35: waivers[0]: unknown target 'host' "
		    "(container, image or label)" },
		{ "{\"check\": \"daemon.icc\", \"target\": {}}",
		    "w.json:6:35: waivers[0]: 'target' must be an object "
		    "with one of 'container', 'image' or 'label'" },
		{ "{\"check\": \"daemon.icc\", \"target\": {\"image\": 1}}",
		    "w.json:6:35: waivers[0]: target 'image' must be a "
		    "non-empty string" },
		{ "\"daemon.icc\"", "w.json:6:1: waivers[0]: a waiver "
		    "must be an object" },
	};
	struct ha_profile p;
	size_t i;

	(void)state;
	for (i = 0; i < HA_ARRAY_SIZE(cases); i++) {
		collect();
		assert_int_equal(parse_with(cases[i].waiver, &p), -1);
		if (strstr(msgs, cases[i].want) == NULL)
			fail_msg("case %zu: '%s' lacks '%s'", i, msgs,
			    cases[i].want);
		assert_int_equal(p.waivers.n, 0);
	}
}

/* Every error of every waiver, in one run, each at its value. */
static void
test_all_errors(void **state)
{
	struct ha_profile p;

	(void)state;
	collect();
	assert_int_equal(parse_with("{\"check\": \"daemon.icc\", \"reason\": "
	    "\"ok\", \"expires\": \"2030-01-01\"},\n"
	    "{\"check\": \"no.such\", \"expires\": \"2030-02-30\"},\n"
	    "{\"check\": 1, \"reason\": \"x\", \"expires\": \"2030-01-01\", "
	    "\"until\": 2}", &p), -1);
	assert_string_equal(msgs,
	    "w.json:7:11: waivers[1]: unknown check id 'no.such'\n"
	    "w.json:7:33: waivers[1]: 'expires' must be a date YYYY-MM-DD, "
	    "not '2030-02-30'\n"
	    "w.json:7:1: waivers[1]: 'reason' is required\n"
	    "w.json:8:11: waivers[2]: 'check' has the wrong type (a string)\n"
	    "w.json:8:54: waivers[2]: unknown key 'until'\n");
	assert_int_equal(p.waivers.n, 0);
}

#define CTR(n, img, labels, priv) "{\"Id\": \"id-" n "\", \"Name\": \"/" n \
	"\", \"State\": {\"Status\": \"running\"}, \"Config\": {\"Image\": \"" \
	img "\", \"Labels\": {" labels "}}, \"HostConfig\": {\"Privileged\": " \
	priv "}}"
#define FACTS "{\"daemon\": {\"status\": \"found\", \"settings\": {\"icc\": " \
	"{\"value\": true, \"source\": \"default\"}}}, \"engine\": " \
	"{\"status\": \"ok\", \"containers\": [" \
	CTR("web-1", "nginx:1", "\"team\": \"web\"", "true") "," \
	CTR("web-2", "nginx:1", "\"team\": \"web\"", "true") "," \
	CTR("db", "registry.example.com/pg:16", "\"team\": \"data\"", \
	"true") "," \
	CTR("ok", "busybox", "", "false") "], \"images\": []}}"

struct run {
	struct ha_profile	p;
	struct ha_report	rep;
	json_t			*facts;
};

static void
run(struct run *r, const char *waivers, long today)
{
	struct ha_build_opts o = { NULL, today };

	assert_int_equal(parse_with(waivers, &r->p), 0);
	r->facts = ha_test_json(FACTS);
	ha_report_build_opts(&r->rep, &r->p, r->facts, &o);
}

static void
done(struct run *r)
{
	ha_report_release(&r->rep);
	ha_profile_release(&r->p);
	json_decref(r->facts);
}

static const struct ha_target *
target(const struct run *r, const char *name)
{
	return ha_test_target(&r->rep.results[0], name);
}

static void
test_match_targets(void **state)
{
	struct run r;

	(void)state;
	run(&r, "{\"check\": \"container.privileged\", \"target\": "
	    "{\"container\": \"web-*\"}, \"reason\": \"needs raw sockets\", "
	    "\"owner\": \"web team\", \"expires\": \"2030-01-31\"}", 20300131);
	assert_int_equal(target(&r, "web-1")->status, HA_WAIVED);
	assert_int_equal(target(&r, "web-2")->status, HA_WAIVED);
	assert_string_equal(target(&r, "web-2")->waiver->owner, "web team");
	assert_int_equal(target(&r, "db")->status, HA_FAIL);
	assert_null(target(&r, "db")->waiver);
	assert_int_equal(target(&r, "ok")->status, HA_PASS);
	assert_int_equal(r.rep.results[0].status, HA_FAIL);
	assert_string_equal(r.rep.results[0].message,
	    "1 of 4 containers fail, 2 waived");
	assert_int_equal(r.rep.nwaivers, 1);
	assert_int_equal(r.rep.waivers[0].state, HA_WAIVER_ACTIVE);
	assert_int_equal(r.rep.waivers[0].matched, 2);
	done(&r);

	/* by image and by label, all three: the check is waived */
	run(&r, "{\"check\": \"container.privileged\", \"target\": "
	    "{\"image\": \"nginx:*\"}, \"reason\": \"a\", \"expires\": "
	    "\"2030-01-31\"},\n{\"check\": \"container.privileged\", "
	    "\"target\": {\"label\": \"team=data\"}, \"reason\": \"b\", "
	    "\"expires\": \"2030-01-31\"}", 20300101);
	assert_int_equal(target(&r, "web-1")->status, HA_WAIVED);
	assert_string_equal(target(&r, "db")->waiver->reason, "b");
	assert_int_equal(r.rep.results[0].status, HA_WAIVED);
	assert_string_equal(r.rep.results[0].message, "3 of 4 containers "
	    "waived");
	/* only daemon.icc (icc on by default) still fails */
	assert_int_equal(r.rep.score.counts[HA_FAIL], 1);
	assert_int_equal(r.rep.results[1].status, HA_FAIL);
	assert_int_equal(r.rep.score.counts[HA_WAIVED], 1);
	assert_int_equal(r.rep.waivers[0].matched, 2);
	assert_int_equal(r.rep.waivers[1].matched, 1);
	done(&r);
}

static void
test_whole_check_and_stale(void **state)
{
	struct run r;

	(void)state;
	/* no target: the daemon check's finding; a passing check: stale */
	run(&r, "{\"check\": \"daemon.icc\", \"reason\": \"legacy links\", "
	    "\"expires\": \"2030-01-31\"},\n{\"check\": \"image.env-secrets\", "
	    "\"reason\": \"x\", \"expires\": \"2030-01-31\"},\n"
	    "{\"check\": \"container.privileged\", \"target\": {\"container\":"
	    " \"nothing\"}, \"reason\": \"y\", \"expires\": \"2030-01-31\"}",
	    20300131);
	assert_int_equal(r.rep.results[1].status, HA_WAIVED);
	assert_string_equal(r.rep.results[1].waiver->reason, "legacy links");
	assert_int_equal(r.rep.waivers[0].state, HA_WAIVER_ACTIVE);
	assert_int_equal(r.rep.waivers[0].matched, 1);
	assert_int_equal(r.rep.waivers[1].state, HA_WAIVER_STALE);
	assert_int_equal(r.rep.waivers[1].matched, 0);
	assert_int_equal(r.rep.waivers[2].state, HA_WAIVER_STALE);
	assert_int_equal(r.rep.results[0].status, HA_FAIL);
	assert_string_equal(r.rep.results[0].message,
	    "3 of 4 containers fail");		/* untouched */
	done(&r);
}

static void
test_expired(void **state)
{
	json_t *doc, *w, *t;
	struct run r;

	(void)state;
	/* the day after expiry the finding fails again, marked expired */
	run(&r, "{\"check\": \"container.privileged\", \"target\": "
	    "{\"container\": \"db\"}, \"reason\": \"migration\", \"owner\": "
	    "\"dba\", \"expires\": \"2030-01-31\"}", 20300201);
	assert_int_equal(target(&r, "db")->status, HA_FAIL);
	assert_non_null(target(&r, "db")->waiver);
	assert_int_equal(r.rep.results[0].status, HA_FAIL);
	assert_int_equal(r.rep.waivers[0].state, HA_WAIVER_EXPIRED);
	assert_int_equal(r.rep.waivers[0].matched, 1);
	assert_true(ha_report_has_failures(&r.rep));
	doc = ha_report_to_json(&r.rep);
	w = json_array_get(json_object_get(doc, "waivers"), 0);
	assert_string_equal(json_string_value(json_object_get(w, "state")),
	    "expired");
	assert_string_equal(json_string_value(json_object_get(w, "check")),
	    "container.privileged");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    w, "target"), "container")), "db");
	assert_string_equal(json_string_value(json_object_get(w, "owner")),
	    "dba");
	assert_int_equal(json_integer_value(json_object_get(w, "matched")), 1);
	t = json_array_get(json_object_get(json_array_get(json_object_get(doc,
	    "results"), 0), "targets"), 2);
	assert_string_equal(json_string_value(json_object_get(t, "name")),
	    "db");
	assert_string_equal(json_string_value(json_object_get(t, "status")),
	    "fail");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    t, "waiver"), "state")), "expired");
	json_decref(doc);
	done(&r);

	/* on the expiry day itself it still holds */
	run(&r, "{\"check\": \"container.privileged\", \"target\": "
	    "{\"container\": \"db\"}, \"reason\": \"m\", \"expires\": "
	    "\"2030-01-31\"}", 20300131);
	assert_int_equal(target(&r, "db")->status, HA_WAIVED);
	doc = ha_report_to_json(&r.rep);
	t = json_array_get(json_object_get(json_array_get(json_object_get(doc,
	    "results"), 0), "targets"), 2);
	assert_string_equal(json_string_value(json_object_get(t, "status")),
	    "waived");
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    t, "waiver"), "reason")), "m");
	assert_true(json_is_null(json_object_get(json_object_get(t, "waiver"),
	    "owner")) || json_object_get(json_object_get(t, "waiver"),
	    "owner") == NULL);
	json_decref(doc);
	done(&r);
}

static void
put(const char *path, const char *text, mode_t mode)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(chmod(path, mode), 0);
}

static void
test_file(void **state)
{
	char dir[] = "/tmp/ha-test-waiv-XXXXXX", path[256], want[1024];
	struct ha_waivers w = { NULL, 0 };

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/w.json", dir);
	put(path, "{\"waivers\": [{\"check\": \"daemon.icc\", \"reason\": "
	    "\"r\", \"expires\": \"2030-01-01\"}]}", 0644);
	assert_int_equal(ha_waivers_load(path, &w), 0);
	assert_int_equal(w.n, 1);
	assert_int_equal(w.v[0].expires_ymd, 20300101);
	put(path, "[{\"check\": \"daemon.icc\", \"reason\": \"s\", "
	    "\"expires\": \"2031-01-01\"}]", 0644);
	assert_int_equal(ha_waivers_load(path, &w), 0);	/* appends */
	assert_int_equal(w.n, 2);
	assert_string_equal(w.v[1].reason, "s");
	put(path, "{\"waiver\": []}", 0644);
	collect();
	assert_int_equal(ha_waivers_load(path, &w), -1);
	snprintf(want, sizeof(want), "%s:1:2: unknown key 'waiver'\n"
	    "%s:1:1: 'waivers' (an array) is required\n", path, path);
	assert_string_equal(msgs, want);
	/* every error of the file; none of its waivers kept */
	put(path, "{\"waivers\": [\n"
	    " {\"check\": \"daemon.icc\", \"reason\": \"r\", "
	    "\"expires\": \"2030-01-01\"},\n"
	    " {\"check\": \"daemon.icc\"}],\n"
	    " \"owner\": \"x\"}\n", 0644);
	collect();
	assert_int_equal(ha_waivers_load(path, &w), -1);
	snprintf(want, sizeof(want), "%s:4:2: unknown key 'owner'\n"
	    "%s:3:2: waivers[1]: 'reason' is required\n"
	    "%s:3:2: waivers[1]: 'expires' is required\n", path, path, path);
	assert_string_equal(msgs, want);
	assert_int_equal(w.n, 2);			/* unchanged */
	/* a syntax error: at the end of a truncated file, not past it */
	put(path, "{\"waivers\": [\n {\"check\": \"daemon.icc\",\n", 0644);
	collect();
	assert_int_equal(ha_waivers_load(path, &w), -1);
	snprintf(want, sizeof(want), "%s:2:25: string or '}' expected near "
	    "end of file\n", path);
	assert_string_equal(msgs, want);
	put(path, "7", 0644);
	assert_int_equal(ha_waivers_load(path, &w), -1);
	put(path, "\"w\"", 0644);
	assert_int_equal(ha_waivers_load(path, &w), -1);
	assert_int_equal(w.n, 2);
	put(path, "[]", 0660);
	collect();
	assert_int_equal(ha_waivers_load(path, &w), -1);
	assert_non_null(strstr(msgs, "is writable by its group (mode 0660); "
	    "refusing it"));
	if (getuid() == 0) {	/* another user's file, even 0644 */
		put(path, "[]", 0644);
		assert_int_equal(chown(path, 65534, 65534), 0);
		collect();
		assert_int_equal(ha_waivers_load(path, &w), -1);
		assert_non_null(strstr(msgs, "is owned by uid 65534 (neither "
		    "root nor uid 0); refusing it"));
	}
	assert_int_equal(unlink(path), 0);
	collect();
	assert_int_equal(ha_waivers_load(path, &w), -1);
	assert_non_null(strstr(msgs, "No such file"));
	ha_waivers_release(&w);
	assert_int_equal(w.n, 0);
	assert_int_equal(rmdir(dir), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_dates, setup, teardown),
		cmocka_unit_test_setup_teardown(test_validation, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_all_errors, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_match_targets, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_whole_check_and_stale,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_expired, setup, teardown),
		cmocka_unit_test_setup_teardown(test_file, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

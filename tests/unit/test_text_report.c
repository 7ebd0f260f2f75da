/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_text_report.c - the text report a person acts on: the remediation
 * under each failure (not with --brief), the exact audit rule for this
 * host's path, the worst failures first, at most ten targets a check
 * without -v, and what changed since a baseline (new, fixed, gone, the
 * score change) in text, JUnit, SARIF and Prometheus.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ha_baseline.h"
#include "ha_report.h"
#include "ha_util.h"
#include "helper_checks.h"

static const struct ha_check checks[] = {
	{ .id = "t.priv", .title = "Not privileged",
	  .scope = HA_SCOPE_CONTAINER, .level = 1,
	  .remediation = "Run it without --privileged." },
	{ .id = "host.audit-dockerd", .title = "Audit dockerd",
	  .scope = HA_SCOPE_HOST, .level = 1,
	  .remediation = "Watch the path the finding names (this host's): "
	  "add '-w PATH -p rwxa -k docker' to "
	  "/etc/audit/rules.d/docker.rules." },
	{ .id = "t.sock", .title = "Socket not mounted",
	  .scope = HA_SCOPE_CONTAINER, .level = 1,
	  .remediation = "Do not mount the socket." },
	{ .id = "t.live", .title = "Live restore", .scope = HA_SCOPE_DAEMON,
	  .level = 1, .remediation = "Set live-restore." },
};

static char ref1[] = "5.5", ref2[] = "1.1.3", ref3[] = "5.31";
static char ref4[] = "2.15", s5[] = "5", s1[] = "1", s2[] = "2";
static char pname[] = "p", ptitle[] = "P", ppath[] = "p.json";

/* severities: 5.5 high, 1.1.3 low, 5.31 critical, 2.15 medium */
static struct ha_profile_entry entries[] = {
	{ .check = &checks[0], .ref = ref1, .section = s5, .level = 1,
	  .scored = 1, .weight = 1, .severity = HA_SEV_HIGH },
	{ .check = &checks[1], .ref = ref2, .section = s1, .level = 1,
	  .scored = 1, .weight = 1, .severity = HA_SEV_LOW },
	{ .check = &checks[2], .ref = ref3, .section = s5, .level = 1,
	  .scored = 1, .weight = 1, .severity = HA_SEV_CRITICAL },
	{ .check = &checks[3], .ref = ref4, .section = s2, .level = 1,
	  .scored = 1, .weight = 1, .severity = HA_SEV_MEDIUM },
};

static struct ha_profile_section sections[] = {
	{ .id = s1, .title = s1 }, { .id = s2, .title = s2 },
	{ .id = s5, .title = s5 },
};

static struct ha_profile profile = {
	.name = pname, .title = ptitle, .path = ppath, .entries = entries,
	.nentries = 4, .sections = sections, .nsections = 3,
};

/*
 * ncontainers containers c0..cN-1, all privileged; c0 mounts the socket;
 * dockerd at /usr/sbin/dockerd is not watched; live restore passes.
 */
static void
make_report(struct ha_report *rep, int ncontainers)
{
	struct ha_result *r;
	json_t *list = json_array();
	char name[32];
	int i;

	memset(rep, 0, sizeof(*rep));
	rep->tool_version = "0.0.0";
	rep->host = ha_xstrdup("h");
	rep->profile = &profile;
	rep->started_at = 1768466400;
	rep->results = ha_xcalloc(4, sizeof(*rep->results));
	rep->nresults = 4;
	r = &rep->results[0];
	ha_result_init(r, &checks[0], &entries[0]);
	for (i = 0; i < ncontainers; i++) {
		snprintf(name, sizeof(name), "c%d", i);
		ha_result_add_target(r, "container", name, HA_FAIL,
		    "Privileged: true");
		json_array_append_new(list, json_pack("{s:s, s:s}", "Name",
		    name, "Id", name));
	}
	ha_result_set(r, HA_FAIL, "%d privileged", ncontainers);
	r = &rep->results[1];
	ha_result_init(r, &checks[1], &entries[1]);
	ha_result_add_target(r, "file", "/usr/sbin/dockerd", HA_FAIL,
	    "no audit rule watches '/usr/sbin/dockerd'");
	ha_result_set(r, HA_FAIL, "no audit rule watches '/usr/sbin/dockerd'");
	r = &rep->results[2];
	ha_result_init(r, &checks[2], &entries[2]);
	ha_result_add_target(r, "container", "c0", HA_FAIL, "mounts it");
	ha_result_set(r, HA_FAIL, "1 mounts it");
	r = &rep->results[3];
	ha_result_init(r, &checks[3], &entries[3]);
	ha_result_set(r, HA_PASS, "on");
	rep->facts = json_pack("{s:{s:o, s:[]}}", "engine", "containers",
	    list, "images");
	ha_report_score(rep);
}

static void
free_report(struct ha_report *rep)
{
	json_decref((json_t *)rep->facts);
	ha_report_release(rep);
}

static char *
render(const char *name, const struct ha_report *rep, int verbose,
    int brief)
{
	struct ha_write_opts o = { 0 };

	o.verbose = verbose;
	o.brief = brief;
	return ha_test_render(name, rep, &o);
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle)) != NULL) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

static void
assert_before(const char *s, const char *a, const char *b)
{
	const char *pa = strstr(s, a), *pb = strstr(s, b);

	if (pa == NULL || pb == NULL || pa >= pb)
		fail_msg("'%s' is not before '%s' in:\n%s", a, b, s);
}

/* The remediation under each failure, and none with --brief. */
static void
test_remediation(void **state)
{
	struct ha_report rep;
	char *out;

	(void)state;
	make_report(&rep, 2);
	out = render("text", &rep, 0, 0);
	assert_int_equal(count(out, "Fix: "), 3);
	assert_non_null(strstr(out, "Fix: Run it without --privileged."));
	assert_null(strstr(out, "Set live-restore"));	/* it passes */
	/* the audit rule names the path of the finding, not PATH */
	assert_non_null(strstr(out, "Fix: add '-w /usr/sbin/dockerd -p rwxa "
	    "-k docker' to"));
	assert_null(strstr(out, "-w PATH"));
	free(out);
	out = render("text", &rep, 0, 1);
	assert_null(strstr(out, "Fix:"));
	free(out);
	free_report(&rep);
}

/* A long remediation wraps at 78 columns (not a terminal), indented. */
static void
test_remediation_wraps(void **state)
{
	static const struct ha_check long_check = {
	    .id = "t.long", .title = "Long", .scope = HA_SCOPE_DAEMON,
	    .level = 1, .remediation = "word word word word word word word "
	    "word word word word word word word word word word word word "
	    "word word word word word word word word word word word word "
	    "word word word word word word word word end." };
	struct ha_profile_entry e = entries[3];
	struct ha_report rep;
	const char *line, *nl;
	char *out;
	int lines = 0;

	(void)state;
	make_report(&rep, 1);
	e.check = &long_check;
	ha_result_release(&rep.results[3]);
	ha_result_init(&rep.results[3], &long_check, &e);
	ha_result_set(&rep.results[3], HA_FAIL, "no");
	out = render("text", &rep, 0, 0);
	line = strstr(out, "Fix: word");
	assert_non_null(line);
	while (line[-1] != '\n')
		line--;
	for (;;) {
		nl = strchr(line, '\n');
		assert_non_null(nl);
		assert_true(nl - line <= 78);
		if (lines++ > 0)
			assert_memory_equal(line, "              ", 14);
		if (memmem(line, (size_t)(nl - line), "end.", 4) != NULL)
			break;
		line = nl + 1;
	}
	assert_true(lines >= 2);
	free(out);
	free_report(&rep);
}

/* "Fix first": critical, then high, then low; then the sections. */
static void
test_fix_first(void **state)
{
	struct ha_report rep;
	char *out;

	(void)state;
	make_report(&rep, 3);
	out = render("text", &rep, 0, 0);
	assert_non_null(strstr(out, "\nFix first\n"));
	assert_before(out, "Fix first", "CRITICAL 5.31 Socket not mounted "
	    "(1 container)");
	assert_before(out, "5.31 Socket", "HIGH     5.5 Not privileged (3 "
	    "containers)");
	assert_before(out, "5.5 Not privileged (3", "LOW      1.1.3 Audit "
	    "dockerd (1 file)");
	assert_before(out, "1.1.3 Audit dockerd (1 file)\n", "\nFailures\n");
	free(out);
	free_report(&rep);
}

/* A check lists ten targets and how many more; -v lists them all. */
static void
test_many_targets(void **state)
{
	struct ha_report rep;
	char *out;

	(void)state;
	make_report(&rep, 500);
	out = render("text", &rep, 0, 0);
	assert_int_equal(count(out, "FAIL container c"), 11); /* 5.31 */
	assert_non_null(strstr(out, "- and 490 more (-v lists them all)"));
	assert_null(strstr(out, "container c10:"));
	free(out);
	out = render("text", &rep, 1, 0);
	assert_int_equal(count(out, "FAIL container c"), 501);
	assert_null(strstr(out, "more (-v"));
	free(out);
	/* the machine formats list every target */
	out = render("junit", &rep, 0, 0);
	assert_int_equal(count(out, "container.priv"), 0);
	assert_int_equal(count(out, "t.priv ["), 500);
	free(out);
	free_report(&rep);
}

/*
 * The baseline: c0 and gone1 privileged (gone1 since removed: gone; c1
 * privileged now is new), dockerd watched (its failure is new), live
 * restore failing (fixed); score 50.0 (25.0 now).
 */
static json_t *
make_prev(void)
{
	json_t *p = json_pack("{s:s, s:s, s:{s:f}, s:["
	    "{s:s, s:s, s:s, s:s, s:[{s:s, s:s, s:s}, {s:s, s:s, s:s}]},"
	    "{s:s, s:s, s:s, s:s}, {s:s, s:s, s:s, s:s}]}",
	    "schema", "hostaudit-report/2", "started_at",
	    "2026-01-01T00:00:00Z", "score", "percent", 50.0, "results",
	    "id", "t.priv", "ref", "5.5", "title", "Not privileged",
	    "status", "fail", "targets",
	    "kind", "container", "name", "c0", "status", "fail",
	    "kind", "container", "name", "gone1", "status", "fail",
	    "id", "host.audit-dockerd", "ref", "1.1.3", "title",
	    "Audit dockerd", "status", "pass",
	    "id", "t.live", "ref", "2.15", "title", "Live restore",
	    "status", "fail");

	assert_non_null(p);
	return p;
}

static void
test_changed_since(void **state)
{
	struct ha_report rep;
	json_t *prev = make_prev();
	char *out;

	(void)state;
	make_report(&rep, 2);
	ha_baseline_apply(&rep, prev, "old.json");
	/* new: c1 privileged, the audit rule, c0's socket; still: c0 */
	assert_int_equal(rep.baseline->nnew, 3);
	assert_int_equal(rep.baseline->nstill, 1);
	assert_int_equal(rep.baseline->ngone, 1);
	out = render("text", &rep, 0, 0);
	assert_non_null(strstr(out, "3 new, 1 still failing, 1 fixed, 1 gone "
	    "(baseline old.json)"));
	assert_non_null(strstr(out, "Score 50.0% \u2192 25.0% (-25.0)"));
	assert_non_null(strstr(out, "NEW    5.5 Not privileged: container "
	    "c1\n"));
	assert_non_null(strstr(out, "NEW    1.1.3 Audit dockerd: file "
	    "/usr/sbin/dockerd\n"));
	assert_non_null(strstr(out, "FIXED  2.15 Live restore\n"));
	assert_non_null(strstr(out, "GONE   5.5 Not privileged: container "
	    "gone1\n"));
	assert_before(out, "NEW    5.5", "FIXED  2.15");
	assert_before(out, "FIXED  2.15", "GONE   5.5");
	free(out);

	out = render("junit", &rep, 0, 0);
	assert_non_null(strstr(out, "name=\"baseline_new\" value=\"3\""));
	assert_non_null(strstr(out, "name=\"baseline_gone\" value=\"1\""));
	assert_non_null(strstr(out, "name=\"baseline_fixed\" value=\"1\""));
	assert_non_null(strstr(out, "name=\"score_change\" value=\"-25.0\""));
	/* c1 is new, c0 is not */
	assert_int_equal(count(out, "New since the baseline"), 3);
	free(out);

	out = render("prometheus", &rep, 0, 0);
	assert_non_null(strstr(out, "hostaudit_findings{state=\"new\"} 3\n"));
	assert_non_null(strstr(out,
	    "hostaudit_findings{state=\"still_failing\"} 1\n"));
	assert_non_null(strstr(out,
	    "hostaudit_findings{state=\"fixed\"} 1\n"));
	assert_non_null(strstr(out, "hostaudit_findings{state=\"gone\"} 1\n"));
	assert_non_null(strstr(out,
	    "hostaudit_new_findings{severity=\"critical\"} 1\n"));
	assert_non_null(strstr(out, "hostaudit_score_change -25.0\n"));
	free(out);

	out = render("sarif", &rep, 0, 0);
	assert_non_null(strstr(out, "gone: container gone1 no longer "
	    "exists"));
	assert_int_equal(count(out, "\"gone\": true"), 1);
	assert_int_equal(count(out, "\"baselineState\": \"absent\""), 2);
	assert_int_equal(count(out, "\"baselineState\": \"new\""), 3);
	free(out);
	json_decref(prev);
	free_report(&rep);
}

/* Without a baseline, no state series and no "Changed since". */
static void
test_no_baseline(void **state)
{
	struct ha_report rep;
	char *out;

	(void)state;
	make_report(&rep, 2);
	out = render("prometheus", &rep, 0, 0);
	assert_null(strstr(out, "state="));
	assert_null(strstr(out, "hostaudit_score_change"));
	free(out);
	out = render("text", &rep, 0, 0);
	assert_null(strstr(out, "Changed since"));
	free(out);
	free_report(&rep);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_remediation),
		cmocka_unit_test(test_remediation_wraps),
		cmocka_unit_test(test_fix_first),
		cmocka_unit_test(test_many_targets),
		cmocka_unit_test(test_changed_since),
		cmocka_unit_test(test_no_baseline),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_checks_extra.c - hostaudit's own checks (section HA) over facts
 * fixtures: daemon.tls-cert-expiry.  Fixtures use ' for " (see
 * helper_checks.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ha_check.h"
#include "ha_report.h"
#include "ha_util.h"
#include "helper_checks.h"
#include "banned.h"

#define EXPIRY		"daemon.tls-cert-expiry"
/* 2030-01-01T00:00:00Z */
#define NOW		1893456000LL
#define DAY		86400LL
#define FACTS(certs) "{'collected_at': '2030-01-01T00:00:00Z', " \
	"'certs': [" certs "]}"
#define CERT(path, index, epoch) "{'role': 'tlscert', 'path': '" path \
	"', 'index': " #index ", 'subject': 'CN=docker', " \
	"'issuer': 'CN=ca', 'not_after': 'X', 'not_after_epoch': " epoch "}"

/* The facts of one certificate expiring at NOW + secs (new string). */
static char *
one_cert(long long secs)
{
	return ha_xasprintf("{'collected_at': '2030-01-01T00:00:00Z', "
	    "'certs': [{'role': 'tlscacert', 'path': '/etc/docker/ca.pem', "
	    "'index': 0, 'subject': 'CN=ca', 'not_after': "
	    "'2030-01-21T00:00:00Z', 'not_after_epoch': %lld}]}", NOW + secs);
}

static enum ha_status
run_one(long long secs, const char *params, struct ha_result *r)
{
	char *facts = one_cert(secs);
	enum ha_status st = ha_test_runq(EXPIRY, facts, params, r);

	free(facts);
	return st;
}

static void
expect_one(long long secs, const char *params, enum ha_status want)
{
	struct ha_result r;
	enum ha_status st = run_one(secs, params, &r);

	if (st != want)
		fail_msg("%lld seconds left, params %s: %s, want %s (%s)", secs,
		    params ? params : "none", ha_status_name(st),
		    ha_status_name(want), r.message);
	assert_int_equal(r.ntargets, 1);
	assert_int_equal(r.targets[0].status, want);
	ha_result_release(&r);
}

static void
test_expiry_pass_and_fail(void **state)
{
	struct ha_result r;

	(void)state;
	assert_int_equal(ha_test_runq(EXPIRY, FACTS(
	    CERT("/etc/docker/server.pem", 0, "4102444800") ", "
	    CERT("/etc/docker/ca.pem", 0, "4102444800")), NULL, &r), HA_PASS);
	assert_int_equal(r.ntargets, 2);
	assert_string_equal(r.targets[0].kind, "certificate");
	assert_int_equal(ha_test_target_status(&r, "/etc/docker/server.pem"),
	    HA_PASS);
	assert_non_null(strstr(r.targets[0].detail, "CN=docker"));
	assert_non_null(strstr(r.message, "2 certificates valid for at least "
	    "30 more days"));
	ha_result_release(&r);

	/* Expired in 2001; the second of a bundle is named #2. */
	assert_int_equal(ha_test_runq(EXPIRY, FACTS(
	    CERT("/etc/docker/ca.pem", 0, "4102444800") ", "
	    CERT("/etc/docker/ca.pem", 1, "978307200")), NULL, &r), HA_FAIL);
	assert_int_equal(ha_test_target_status(&r, "/etc/docker/ca.pem"),
	    HA_PASS);
	assert_int_equal(ha_test_target_status(&r, "/etc/docker/ca.pem #2"),
	    HA_FAIL);
	assert_non_null(strstr(ha_test_target(&r,
	    "/etc/docker/ca.pem #2")->detail, "expired"));
	assert_non_null(strstr(r.message, "1 of 2 certificates"));
	ha_result_release(&r);
}

/* min_days_left decides near the edge; "now" is collected_at. */
static void
test_expiry_min_days(void **state)
{
	struct ha_result r;

	(void)state;
	expect_one(20 * DAY, NULL, HA_FAIL);
	expect_one(20 * DAY, "{'min_days_left': 10}", HA_PASS);
	expect_one(40 * DAY, NULL, HA_PASS);
	expect_one(40 * DAY, "{'min_days_left': 60}", HA_FAIL);
	expect_one(30 * DAY, NULL, HA_PASS);		/* exactly 30 left */
	expect_one(30 * DAY - 1, NULL, HA_FAIL);
	expect_one(0, NULL, HA_FAIL);
	/* valid to the second */
	expect_one(0, "{'min_days_left': 0}", HA_PASS);
	expect_one(-1, "{'min_days_left': 0}", HA_FAIL);	/* expired */
	assert_int_equal(run_one(20 * DAY, NULL, &r), HA_FAIL);
	assert_non_null(strstr(r.targets[0].detail, "20 days left, fewer "
	    "than 30"));
	ha_result_release(&r);
}

static void
test_expiry_skip(void **state)
{
	struct ha_result r;

	(void)state;
	assert_int_equal(ha_test_runq(EXPIRY, FACTS(""), NULL, &r), HA_SKIP);
	assert_string_equal(r.message, "no TLS certificates configured");
	assert_int_equal(r.ntargets, 0);
	ha_result_release(&r);
	/* Facts from before certificates were collected. */
	assert_int_equal(ha_test_runq(EXPIRY, "{'collected_at': "
	    "'2030-01-01T00:00:00Z'}", NULL, &r), HA_SKIP);
	ha_result_release(&r);
}

static void
test_expiry_error(void **state)
{
	struct ha_result r;

	(void)state;
	assert_int_equal(ha_test_runq(EXPIRY, FACTS(
	    "{'role': 'registry', 'path': '/etc/docker/certs.d/r/ca.crt', "
	    "'error': 'cannot parse \\u0027x\\u0027: no PEM certificate'}, "
	    CERT("/etc/docker/ca.pem", 0, "4102444800")), NULL, &r),
	    HA_ERROR);
	assert_int_equal(ha_test_target_status(&r,
	    "/etc/docker/certs.d/r/ca.crt"), HA_ERROR);
	assert_string_equal(ha_test_target(&r,
	    "/etc/docker/certs.d/r/ca.crt")->detail,
	    "cannot parse 'x': no PEM certificate");
	assert_int_equal(ha_test_target_status(&r, "/etc/docker/ca.pem"),
	    HA_PASS);
	ha_result_release(&r);

	/* A failure outweighs an error. */
	assert_int_equal(ha_test_runq(EXPIRY, FACTS(
	    "{'path': '/a.crt', 'error': 'cannot open'}, "
	    CERT("/b.crt", 0, "978307200")), NULL, &r), HA_FAIL);
	assert_int_equal(ha_test_target_status(&r, "/a.crt"), HA_ERROR);
	ha_result_release(&r);
}

/* "Now" must be a strict UTC time; the clock is never read. */
static void
test_expiry_collected_at(void **state)
{
	static const char *const bad[] = {
		"{'certs': [" CERT("/c", 0, "4102444800") "]}",
		"{'collected_at': '2030-02-30T00:00:00Z', 'certs': ["
		    CERT("/c", 0, "4102444800") "]}",
		"{'collected_at': '2030-01-01 00:00:00Z', 'certs': ["
		    CERT("/c", 0, "4102444800") "]}",
		"{'collected_at': '2030-01-01T00:00:00+01:00', 'certs': ["
		    CERT("/c", 0, "4102444800") "]}",
		"{'collected_at': '2030-01-01T24:00:00Z', 'certs': ["
		    CERT("/c", 0, "4102444800") "]}",
		"{'collected_at': 1893456000, 'certs': ["
		    CERT("/c", 0, "4102444800") "]}",
	};
	struct ha_result r;
	size_t i;

	(void)state;
	for (i = 0; i < HA_ARRAY_SIZE(bad); i++) {
		if (ha_test_runq(EXPIRY, bad[i], NULL, &r) != HA_ERROR)
			fail_msg("case %zu: %s", i, ha_status_name(r.status));
		assert_non_null(strstr(r.message, "collected_at"));
		ha_result_release(&r);
	}
	/* The same certificate passes in 2099 and fails on 2100-01-01. */
	assert_int_equal(ha_test_runq(EXPIRY, "{'collected_at': "
	    "'2099-11-01T00:00:00Z', 'certs': [" CERT("/c", 0, "4102444800")
	    "]}", NULL, &r), HA_PASS);
	ha_result_release(&r);
	assert_int_equal(ha_test_runq(EXPIRY, "{'collected_at': "
	    "'2099-12-31T00:00:00Z', 'certs': [" CERT("/c", 0, "4102444800")
	    "]}", NULL, &r), HA_FAIL);
	assert_non_null(strstr(r.targets[0].detail,
	    "1 day left, fewer than 30"));
	ha_result_release(&r);
}

static void
quiet(enum ha_msg_level lvl, const char *msg, void *arg)
{
	(void)lvl;
	(void)msg;
	(void)arg;
}

static int
parse_profile(const char *params)
{
	char *text = ha_xasprintf("{\"name\":\"t\",\"checks\":[{\"id\":"
	    "\"" EXPIRY "\",\"ref\":\"HA.5\",\"params\":%s}]}", params);
	struct ha_profile p;
	int rc;

	ha_set_error_routine(quiet, NULL);
	rc = ha_profile_parse(text, strlen(text), "p.json", &p);
	ha_set_error_routine(NULL, NULL);
	if (rc == 0)
		ha_profile_release(&p);
	free(text);
	return rc;
}

/* The profile knows the parameter and its type. */
static void
test_expiry_param_declared(void **state)
{
	(void)state;
	assert_int_equal(parse_profile("{\"min_days_left\": 14}"), 0);
	assert_int_equal(parse_profile("{\"min_days_left\": \"14\"}"), -1);
	assert_int_equal(parse_profile("{\"min_days_left\": -1}"), -1);
	assert_int_equal(parse_profile("{\"min_days\": 14}"), -1);
}

/*
 * image.approved-registry: a container with an empty image reference is
 * not judged by another image's tag (an empty string is all hex digits).
 */
static void
test_approved_registry_empty_ref(void **state)
{
	(void)state;
	ha_test_expect("image.approved-registry", "{'engine': {'status': "
	    "'ok', 'images': [{'Id': 'sha256:aa', 'RepoTags': "
	    "['docker.io/library/busybox:1']}], 'containers': [{'Id': 'c1', "
	    "'Name': '/noref', 'State': {'Status': 'running'}, "
	    "'Config': {'Image': ''}}]}}",
	    "{'registries': ['docker.io/library']}", HA_WARN,
	    "noref", HA_WARN, "no tag", HA_TEST_END);
}

/* The image.approved-registry facts of one container running image. */
#define IMAGE_CTR(name, image) "{'Id': 'id-" name "', 'Name': '/" name \
	"', 'State': {'Status': 'running'}, 'Config': {'Image': '" image "'}}"

/* In a glob, * and ? stop at '/', as in a path (FNM_PATHNAME). */
static void
test_approved_registry_glob(void **state)
{
	(void)state;
	ha_test_expect("image.approved-registry", "{'engine': {'status': "
	    "'ok', 'containers': ["
	    IMAGE_CTR("one", "registry.example.com/app:1") ","
	    IMAGE_CTR("deep", "registry.example.com/a/b/c:1") ","
	    IMAGE_CTR("other", "other.example.org/app") "]}}",
	    "{'registries': ['registry.example.com/*']}", HA_FAIL,
	    "one", HA_PASS, NULL,
	    "deep", HA_FAIL, "not from an approved registry",
	    "other", HA_FAIL, NULL, HA_TEST_END);
	ha_test_expect("image.approved-registry", "{'engine': {'status': "
	    "'ok', 'containers': ["
	    IMAGE_CTR("sub", "reg.example.com/app:2") ","
	    IMAGE_CTR("path", "evil.test/x.example.com/app") ","
	    IMAGE_CTR("two", "reg.example.com/team/app") "]}}",
	    "{'registries': ['*.example.com/*', '*.example.com/*/*']}",
	    HA_FAIL,
	    "sub", HA_PASS, NULL,
	    "path", HA_FAIL, "(evil.test/x.example.com/app)",
	    "two", HA_PASS, NULL, HA_TEST_END);
	/* a prefix without a glob still covers everything beneath it */
	ha_test_expect("image.approved-registry", "{'engine': {'status': "
	    "'ok', 'containers': ["
	    IMAGE_CTR("deep", "registry.example.com/a/b/c:1") "]}}",
	    "{'registries': ['registry.example.com']}", HA_PASS,
	    "deep", HA_PASS, NULL, HA_TEST_END);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_expiry_pass_and_fail),
		cmocka_unit_test(test_expiry_min_days),
		cmocka_unit_test(test_expiry_skip),
		cmocka_unit_test(test_expiry_error),
		cmocka_unit_test(test_expiry_collected_at),
		cmocka_unit_test(test_expiry_param_declared),
		cmocka_unit_test(test_approved_registry_empty_ref),
		cmocka_unit_test(test_approved_registry_glob),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

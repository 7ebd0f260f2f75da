/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_checks_exposure.c - daemon.exposed-api over facts.exposure
 * fixtures, one per verdict.  Fixtures use ' for " (see helper_checks.h).
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

#define ID	"daemon.exposed-api"
#define DAEMON	"'daemon': {'status': 'found', 'settings': {}}"
#define FACTS(list) "{" DAEMON ", 'exposure': [" list "]}"
#define PLAIN_OPEN "{'listener': 'tcp://0.0.0.0:2375', 'source': 'flag', " \
	"'address': '127.0.0.1:2375', 'probed': true, 'answered': true, " \
	"'tls': false, 'client_cert_required': false, 'error': null}"
#define TLS_OPEN "{'listener': 'tcp://0.0.0.0:2376', 'source': 'file', " \
	"'address': '127.0.0.1:2376', 'probed': true, 'answered': true, " \
	"'tls': true, 'client_cert_required': false, 'error': null}"
#define TLS_CLOSED "{'listener': 'tcp://10.0.0.1:2376', 'source': 'flag', " \
	"'address': '10.0.0.1:2376', 'probed': true, 'answered': false, " \
	"'tls': true, 'client_cert_required': true, 'error': null}"
#define NOT_PROBED "{'listener': '2375', 'source': 'socket-unit', " \
	"'address': '127.0.0.1:2375', 'probed': false, 'answered': false, " \
	"'tls': null, 'client_cert_required': null, 'error': 'not probed: " \
	"cannot enter the network namespace of dockerd'}"
#define UNKNOWN "{'listener': 'tcp://127.0.0.1:2375', 'source': 'flag', " \
	"'address': '127.0.0.1:2375', 'probed': true, 'answered': false, " \
	"'tls': null, 'client_cert_required': null, 'error': " \
	"'GET /version: Connection refused'}"

static void
expect(const char *facts, enum ha_status want, const char *in_message)
{
	struct ha_result r;
	enum ha_status st = ha_test_runq(ID, facts, NULL, &r);

	if (st != want)
		fail_msg("%s: got %s (%s), want %s", facts, ha_status_name(st),
		    r.message, ha_status_name(want));
	if (in_message != NULL && strstr(r.message, in_message) == NULL)
		fail_msg("message '%s' does not name '%s'", r.message,
		    in_message);
	ha_result_release(&r);
}

/* Plain HTTP that answers: a critical failure naming address and port. */
static void
test_plain_fails(void **state)
{
	(void)state;
	expect(FACTS(PLAIN_OPEN), HA_FAIL, "127.0.0.1:2375 (plain HTTP)");
	ha_test_expect(ID, FACTS(PLAIN_OPEN), NULL, HA_FAIL,
	    "tcp://0.0.0.0:2375", HA_FAIL, "127.0.0.1:2375 answered GET "
	    "/version over plain HTTP", HA_TEST_END);
}

/* TLS that lets in a client without a certificate is named as such. */
static void
test_tls_without_client_verification_fails(void **state)
{
	(void)state;
	expect(FACTS(TLS_OPEN), HA_FAIL,
	    "127.0.0.1:2376 (TLS without client verification)");
	ha_test_expect(ID, FACTS(TLS_OPEN), NULL, HA_FAIL,
	    "tcp://0.0.0.0:2376", HA_FAIL, "speaks TLS without client "
	    "verification", HA_TEST_END);
}

static void
test_client_cert_required_passes(void **state)
{
	(void)state;
	expect(FACTS(TLS_CLOSED), HA_PASS, "1 tcp listener, each requiring "
	    "a client certificate");
	ha_test_expect(ID, FACTS(TLS_CLOSED), NULL, HA_PASS,
	    "tcp://10.0.0.1:2376", HA_PASS, "10.0.0.1:2376 requires a client "
	    "certificate", HA_TEST_END);
}

static void
test_no_listener_passes(void **state)
{
	(void)state;
	expect(FACTS(""), HA_PASS, "no tcp listener");
}

/* One open listener among closed ones fails, and only it is named. */
static void
test_mixed_fails(void **state)
{
	struct ha_result r;

	(void)state;
	assert_int_equal(ha_test_runq(ID, FACTS(TLS_CLOSED ", " PLAIN_OPEN),
	    NULL, &r), HA_FAIL);
	assert_non_null(strstr(r.message, "127.0.0.1:2375"));
	assert_null(strstr(r.message, "10.0.0.1"));
	assert_int_equal(ha_test_target_status(&r, "tcp://10.0.0.1:2376"),
	    HA_PASS);
	ha_result_release(&r);
	/* a failure outweighs one that could not be probed */
	expect(FACTS(NOT_PROBED ", " PLAIN_OPEN), HA_FAIL, "127.0.0.1:2375");
}

/* A listener that could not be probed, or told nothing: error. */
static void
test_not_probed_is_error(void **state)
{
	(void)state;
	ha_test_expect(ID, FACTS(NOT_PROBED), NULL, HA_ERROR,
	    "2375", HA_ERROR, "could not be probed: not probed: cannot enter",
	    HA_TEST_END);
	ha_test_expect(ID, FACTS(UNKNOWN ", " TLS_CLOSED), NULL, HA_ERROR,
	    "tcp://127.0.0.1:2375", HA_ERROR, "could not tell whether "
	    "127.0.0.1:2375 requires a client certificate: GET /version: "
	    "Connection refused", HA_TEST_END);
}

/* No exposure facts (not collected, a malformed file): error. */
static void
test_no_facts_is_error(void **state)
{
	(void)state;
	expect("{" DAEMON "}", HA_ERROR, "not probed");
	expect("{" DAEMON ", 'exposure': {}}", HA_ERROR, "not a list");
}

/* Over tcp nothing of the host is seen: skip, whatever the facts say. */
static void
test_remote_engine_skips(void **state)
{
	(void)state;
	expect("{" DAEMON ", 'engine': {'status': 'ok', 'remote': true, "
	    "'endpoint': 'tcp://h:2376'}, 'exposure': [" PLAIN_OPEN "]}",
	    HA_SKIP, "remote engine");
}

/* A critical level-1 check. */
static void
test_descriptor(void **state)
{
	const struct ha_check *c = ha_registry_find(ID);

	(void)state;
	assert_non_null(c);
	assert_int_equal(c->severity, HA_SEV_CRITICAL);
	assert_int_equal(c->level, 1);
	assert_int_equal(c->scope, HA_SCOPE_DAEMON);
	assert_string_equal(c->title, "The Engine API is not exposed without "
	    "client authentication");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_fails),
		cmocka_unit_test(test_tls_without_client_verification_fails),
		cmocka_unit_test(test_client_cert_required_passes),
		cmocka_unit_test(test_no_listener_passes),
		cmocka_unit_test(test_mixed_fails),
		cmocka_unit_test(test_not_probed_is_error),
		cmocka_unit_test(test_no_facts_is_error),
		cmocka_unit_test(test_remote_engine_skips),
		cmocka_unit_test(test_descriptor),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

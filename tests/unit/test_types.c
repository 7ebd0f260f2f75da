/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_types.c - the JSON types of the inspect fields the container and
 * image checks read (src/types.c), and the guard run_targets() builds on
 * them: a field of the wrong type makes the object an error target of
 * every check, never a pass.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "ha_check.h"
#include "ha_report.h"
#include "ha_types.h"
#include "ha_util.h"
#include "helper_checks.h"
#include "banned.h"

/* A container as GET /containers/{id}/json sends it, nulls and all. */
#define WEB_STATE							\
	"'State': {'Status': 'running', 'Running': true, 'Pid': 42}"
#define WEB_CONFIG							\
	"'Config': {'User': '', 'Image': 'nginx:1', "			\
	"'Env': ['PATH=/usr/bin']}"
#define WEB_NET								\
	"'NetworkSettings': {'Ports': {'80/tcp': [{'HostIp': '0.0.0.0', "\
	"'HostPort': '8080'}], '443/tcp': null}, "			\
	"'Networks': {'bridge': {'IPAddress': '172.17.0.2'}}}"
#define WEB_MOUNTS							\
	"'Mounts': [{'Type': 'volume', 'Name': 'data', "		\
	"'Source': '/var/lib/docker/volumes/data/_data', "		\
	"'Destination': '/data', 'Driver': 'local', 'Mode': 'z', "	\
	"'RW': true, 'Propagation': ''}]"
#define WEB_HC(priv, capadd)						\
	"'HostConfig': {'Privileged': " priv ", "			\
	"'ReadonlyRootfs': false, 'PidMode': '', 'NetworkMode': 'bridge', "\
	"'IpcMode': 'private', 'UTSMode': '', 'UsernsMode': '', "	\
	"'CgroupParent': '', 'CapAdd': " capadd ", 'CapDrop': null, "	\
	"'Capabilities': null, 'SecurityOpt': null, 'Binds': null, "	\
	"'Devices': [], 'DeviceCgroupRules': null, 'Memory': 0, "	\
	"'CpuShares': 0, 'NanoCpus': 0, 'PidsLimit': null, "		\
	"'RestartPolicy': {'Name': 'no', 'MaximumRetryCount': 0}, "	\
	"'PortBindings': {'80/tcp': [{'HostIp': '', "			\
	"'HostPort': '8080'}]}, 'Ulimits': null}"
#define WEB(priv, capadd)						\
	"{'Id': 'aaa111', 'Name': '/web', 'Image': 'sha256:1111', "	\
	"'AppArmorProfile': 'docker-default', 'ProcessLabel': '', "	\
	WEB_STATE ", " WEB_CONFIG ", " WEB_NET ", " WEB_MOUNTS ", "	\
	WEB_HC(priv, capadd) "}"
#define FACTS(ctrs)							\
	"{'host': {'apparmor': true, 'selinux': false}, "		\
	"'engine': {'status': 'ok', 'containers': [" ctrs "]}}"

/* The q-quoted text as JSON (new reference). */
static json_t *
q(const char *text)
{
	char *t = ha_xstrdup(text), *p;
	json_t *j;

	for (p = t; *p != '\0'; p++)
		if (*p == '\'')
			*p = '"';
	j = ha_test_json(t);
	free(t);
	return j;
}

/* ha_types_check() of q-quoted obj: its message, "" when it matches. */
static char *
judge(const char *obj, enum ha_types_kind kind)
{
	json_t *j = q(obj);
	struct ha_buf why;
	int rc;

	ha_buf_init(&why, HA_BUF_NOCAP);
	rc = ha_types_check(j, kind, &why);
	assert_int_equal(rc, why.len > 0 ? -1 : 0);
	json_decref(j);
	return ha_buf_detach(&why, NULL);
}

static void
expect_judged(const char *obj, enum ha_types_kind kind, const char *want)
{
	char *got = judge(obj, kind);

	assert_string_equal(got, want);
	free(got);
}

/* "Privileged": "yes" reads as false: an error, never a pass. */
static void
test_privileged_string(void **state)
{
	(void)state;
	ha_test_expect("container.privileged", FACTS(WEB("'yes'", "null")),
	    NULL, HA_ERROR, "web", HA_ERROR, "malformed inspect object: "
	    "HostConfig.Privileged is not a boolean (it is a string)",
	    HA_TEST_END);
}

/* CapAdd as one string, not a list: the field and its type are named. */
static void
test_capadd_string(void **state)
{
	(void)state;
	ha_test_expect("container.capabilities",
	    FACTS(WEB("false", "'SYS_ADMIN'")), NULL, HA_ERROR, "web",
	    HA_ERROR, "HostConfig.CapAdd is not a list or null (it is a "
	    "string)", HA_TEST_END);
}

/* A well-typed container, with the nulls Docker sends, is judged. */
static void
test_well_typed(void **state)
{
	(void)state;
	expect_judged(WEB("false", "null"), HA_TYPES_CONTAINER, "");
	ha_test_expect("container.privileged", FACTS(WEB("false", "null")),
	    NULL, HA_PASS, "web", HA_PASS, "Privileged: false", HA_TEST_END);
	ha_test_expect("container.privileged", FACTS(WEB("true", "null")),
	    NULL, HA_FAIL, "web", HA_FAIL, "Privileged: true", HA_TEST_END);
	ha_test_expect("container.capabilities",
	    FACTS(WEB("false", "['NET_ADMIN']")), NULL, HA_FAIL, "web",
	    HA_FAIL, "CapAdd: NET_ADMIN", HA_TEST_END);
	ha_test_expect("container.capabilities", FACTS(WEB("false", "[]")),
	    NULL, HA_PASS, "web", HA_PASS, NULL, HA_TEST_END);
}

/* Every check of a malformed container is an error target for it. */
static void
test_every_check(void **state)
{
	json_t *facts = q(FACTS(WEB("false", "null") ", "
	    "{'Id': 'bbb222', 'Name': '/bad', 'HostConfig': "
	    "{'Privileged': 1}}"));
	const struct ha_target *t;
	const struct ha_check *c;
	struct ha_result r;
	struct ha_ctx ctx = { facts, NULL };
	size_t i, n = 0;

	(void)state;
	for (i = 0; i < ha_registry_count(); i++) {
		c = ha_registry_at(i);
		if (c->scope != HA_SCOPE_CONTAINER || c->eval_target == NULL)
			continue;
		ha_result_init(&r, c, NULL);
		ha_check_run(c, &ctx, &r);
		t = ha_test_target(&r, "bad");
		if (t == NULL || t->status != HA_ERROR ||
		    strstr(t->detail, "HostConfig.Privileged is not a "
		    "boolean (it is an integer)") == NULL)
			fail_msg("%s: target 'bad' %s '%s'", c->id,
			    t ? ha_status_name(t->status) : "missing",
			    t ? t->detail : "");
		t = ha_test_target(&r, "web");
		assert_non_null(t);
		assert_null(strstr(t->detail, "malformed"));
		assert_int_not_equal(r.status, HA_PASS);
		ha_result_release(&r);
		n++;
	}
	assert_true(n >= 20);
	json_decref(facts);
}

/* The same for images, and a well-typed image is judged. */
static void
test_images(void **state)
{
	static const char facts[] = "{'engine': {'status': 'ok', 'images': "
	    "[{'Id': 'sha256:1111', 'RepoTags': ['web:1'], "
	    "'Config': {'User': 'app', 'Env': null, 'Healthcheck': "
	    "{'Test': 'CMD true'}}, 'History': []}]}}";

	(void)state;
	ha_test_expect("image.healthcheck", facts, NULL, HA_ERROR, "web:1",
	    HA_ERROR, "Config.Healthcheck.Test is not a list or null (it "
	    "is a string)", HA_TEST_END);
	ha_test_expect("image.healthcheck", "{'engine': {'status': 'ok', "
	    "'images': [{'Id': 'sha256:1111', 'RepoTags': ['web:1'], "
	    "'Config': {'User': 'app', 'Env': null, 'Healthcheck': "
	    "{'Test': ['CMD', 'true']}}, 'History': []}]}}", NULL, HA_PASS,
	    "web:1", HA_PASS, NULL, HA_TEST_END);
	expect_judged("{'Id': 'sha256:1', 'Config': null, 'History': "
	    "[{'CreatedBy': 5}]}", HA_TYPES_IMAGE, "History[0].CreatedBy is "
	    "not a string (it is an integer)");
}

/* Elements, map values and nulls are named where they are. */
static void
test_paths(void **state)
{
	(void)state;
	expect_judged("{'Mounts': [{'Source': '/a'}, {'Source': 5}]}",
	    HA_TYPES_CONTAINER, "Mounts[1].Source is not a string (it is an "
	    "integer)");
	expect_judged("{'HostConfig': {'PortBindings': {'80/tcp': "
	    "[{'HostIp': '', 'HostPort': 8080}]}}}", HA_TYPES_CONTAINER,
	    "HostConfig.PortBindings[\"80/tcp\"][0].HostPort is not a string "
	    "(it is an integer)");
	expect_judged("{'HostConfig': {'Privileged': null}}",
	    HA_TYPES_CONTAINER, "HostConfig.Privileged is not a boolean (it "
	    "is null)");
	expect_judged("{'HostConfig': {'Memory': 1.5e9}}",
	    HA_TYPES_CONTAINER, "HostConfig.Memory is not an integer (it is "
	    "a real number)");
	expect_judged("{'HostConfig': {'CapAdd': ['SYS_ADMIN', null]}}",
	    HA_TYPES_CONTAINER, "HostConfig.CapAdd[1] is not a string (it is "
	    "null)");
	expect_judged("{'HostConfig': 'privileged'}", HA_TYPES_CONTAINER,
	    "HostConfig is not an object (it is a string)");
	expect_judged("{'Processes': [{'pid': 7, 'comm': null, "
	    "'exe_base': ['sshd']}]}", HA_TYPES_CONTAINER,
	    "Processes[0].exe_base is not a string or null (it is a list)");
	/* older facts: command lines and "docker top" rows */
	expect_judged("{'Processes': ['sshd -D', ['root', '1', 'sshd']]}",
	    HA_TYPES_CONTAINER, "");
	expect_judged("{'Processes': [['root', 1, 'sshd']]}",
	    HA_TYPES_CONTAINER, "Processes[0][1] is not a string (it is an "
	    "integer)");
	expect_judged("['not', 'an', 'object']", HA_TYPES_CONTAINER,
	    "inspect entry is not an object (it is a list)");
	/* what is absent is left to the checks */
	expect_judged("{}", HA_TYPES_CONTAINER, "");
	expect_judged("{'HostConfig': {'CapAdd': null, 'PortBindings': null, "
	    "'PidsLimit': null}, 'State': {'Health': null}, "
	    "'NetworkSettings': {'Ports': null, 'Networks': null}, "
	    "'Config': {'Healthcheck': null}}", HA_TYPES_CONTAINER, "");
}

/* The memo judges each object once and follows a new list. */
static void
test_memo(void **state)
{
	json_t *a = q("[{'HostConfig': {'Privileged': 'yes'}}, {}]");
	json_t *b = q("[{}, {'State': {'Running': 'true'}}]");
	const char *w1, *w2;

	(void)state;
	w1 = ha_types_check_at(a, 0, HA_TYPES_CONTAINER);
	assert_string_equal(w1, "HostConfig.Privileged is not a boolean (it "
	    "is a string)");
	w2 = ha_types_check_at(a, 0, HA_TYPES_CONTAINER);
	assert_ptr_equal(w1, w2);	/* remembered, not judged again */
	assert_null(ha_types_check_at(a, 1, HA_TYPES_CONTAINER));
	/* the memo holds its own references: a may go */
	json_decref(a);
	assert_null(ha_types_check_at(b, 0, HA_TYPES_CONTAINER));
	assert_string_equal(ha_types_check_at(b, 1, HA_TYPES_CONTAINER),
	    "State.Running is not a boolean (it is a string)");
	assert_string_equal(ha_types_check_at(b, 5, HA_TYPES_CONTAINER),
	    "no such inspect entry");
	ha_types_forget();
	assert_null(ha_types_check_at(b, 0, HA_TYPES_CONTAINER));
	ha_types_forget();
	json_decref(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_privileged_string),
		cmocka_unit_test(test_capadd_string),
		cmocka_unit_test(test_well_typed),
		cmocka_unit_test(test_every_check),
		cmocka_unit_test(test_images),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_memo),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

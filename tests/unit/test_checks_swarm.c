/* SPDX-License-Identifier: Apache-2.0 */
/* test_checks_swarm.c - section 7: swarm configuration. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "ha_check.h"
#include "ha_collect.h"
#include "ha_facts.h"
#include "ha_procs.h"
#include "ha_report.h"
#include "ha_util.h"
#include "helper_checks.h"
#include "banned.h"

#define INACTIVE "{'engine': {'status': 'ok', 'info': {'Swarm': " \
	"{'LocalNodeState': 'inactive', 'ControlAvailable': false}}}}"
/* A manager of an active swarm; extra is more of the Swarm object. */
#define MANAGER(extra) "{'engine': {'status': 'ok', 'info': {'Swarm': " \
	"{'LocalNodeState': 'active', 'ControlAvailable': true, " extra "}}}}"
#define WORKER "{'engine': {'status': 'ok', 'info': {'Swarm': " \
	"{'LocalNodeState': 'active', 'ControlAvailable': false}}}}"

static enum ha_status
st(const char *id, const char *facts, const char *params)
{
	struct ha_result r;
	enum ha_status s;

	s = ha_test_runq(id, facts, params, &r);
	ha_result_release(&r);
	return s;
}

static void
test_inactive(void **state)
{
	static const char *const ids[] = {
		"swarm.manager-count", "swarm.listen-interface",
		"swarm.overlay-encryption", "swarm.autolock",
	};
	struct ha_result r;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		assert_int_equal(ha_test_runq(ids[i], INACTIVE, NULL, &r),
		    HA_SKIP);
		assert_string_equal(r.message, "swarm mode is not active");
		ha_result_release(&r);
	}
	assert_int_equal(st("swarm.autolock", "{'engine': {'status': "
	    "'error'}}", NULL), HA_ERROR);
}

static void
test_manual(void **state)
{
	static const char *const ids[] = {
		"swarm.secrets", "swarm.autolock-rotation",
		"swarm.node-cert-rotation", "swarm.ca-rotation",
		"swarm.plane-separation",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		assert_null(ha_registry_find(ids[i])->eval);
		assert_int_equal(st(ids[i], MANAGER("'Managers': 1"), NULL),
		    HA_MANUAL);
	}
}

static void
test_manager_count(void **state)
{
	(void)state;
	assert_int_equal(st("swarm.manager-count", MANAGER("'Managers': 3"),
	    NULL), HA_PASS);
	assert_int_equal(st("swarm.manager-count", MANAGER("'Managers': 1"),
	    NULL), HA_PASS);
	assert_int_equal(st("swarm.manager-count", MANAGER("'Managers': 2"),
	    NULL), HA_FAIL);
	assert_int_equal(st("swarm.manager-count", MANAGER("'Managers': 9"),
	    NULL), HA_FAIL);
	assert_int_equal(st("swarm.manager-count", MANAGER("'Managers': 5"),
	    "{'max_managers': 3}"), HA_FAIL);
	assert_int_equal(st("swarm.manager-count", WORKER, NULL), HA_SKIP);
}

#define LISTEN(state) "{'daemon': {'swarm_state': " state "}, 'engine': " \
	"{'status': 'ok', 'info': {'Swarm': {'LocalNodeState': 'active'}}}}"

static void
test_listen_interface(void **state)
{
	static const char *const wild[] = {
		"0.0.0.0:2377", "[::]:2377", ":2377", "0.0.0.0", "::", "",
		"[0:0:0:0:0:0:0:0]:2377",
	};
	static const char *const bound[] = {
		"10.0.0.5:2377", "[fd00::5]:2377", "eth1:2377", "::1",
		"192.168.1.2",
	};
	struct ha_result r;
	char *facts;
	size_t i;

	(void)state;
	assert_int_equal(st("swarm.listen-interface", MANAGER("'Managers': 1"),
	    NULL), HA_MANUAL);
	for (i = 0; i < sizeof(wild) / sizeof(wild[0]); i++) {
		facts = ha_xasprintf(LISTEN("{\"ListenAddr\": \"%s\", "
		    "\"AdvertiseAddr\": \"10.0.0.5\"}"), wild[i]);
		assert_int_equal(ha_test_runq("swarm.listen-interface", facts,
		    NULL, &r), HA_FAIL);
		assert_non_null(strstr(r.message, "every interface"));
		ha_result_release(&r);
		free(facts);
	}
	for (i = 0; i < sizeof(bound) / sizeof(bound[0]); i++) {
		facts = ha_xasprintf(LISTEN("{\"ListenAddr\": \"%s\"}"),
		    bound[i]);
		assert_int_equal(ha_test_runq("swarm.listen-interface", facts,
		    NULL, &r), HA_PASS);
		ha_result_release(&r);
		free(facts);
	}
	assert_int_equal(st("swarm.listen-interface", LISTEN("{'error': "
	    "'cannot read x: Permission denied'}"), NULL), HA_ERROR);
	assert_int_equal(st("swarm.listen-interface", LISTEN("{'AdvertiseAddr'"
	    ": ''}"), NULL), HA_ERROR);
	/* inactive: not applicable whatever the file says */
	assert_int_equal(st("swarm.listen-interface", "{'daemon': "
	    "{'swarm_state': {'ListenAddr': '0.0.0.0:2377'}}, 'engine': "
	    "{'status': 'ok', 'info': {'Swarm': {'LocalNodeState': "
	    "'inactive'}}}}", NULL), HA_SKIP);
}

static void
mkdir_under(const char *root, const char *rel)
{
	char *p = ha_xasprintf("%s/%s", root, rel);

	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
}

static void
rmdir_under(const char *root, const char *rel)
{
	char *p = ha_xasprintf("%s/%s", root, rel);

	assert_int_equal(rmdir(p), 0);
	free(p);
}

/* The state file from a data root to the result (src/swarmstate.c). */
static void
test_listen_collected(void **state)
{
	char root[] = "/tmp/ha-swarm-XXXXXX", *path;
	struct ha_collect_opts o;
	struct ha_result r;
	json_t *facts;
	char *text;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(root));
	ha_collect_opts_init(&o);
	o.root = root;
	facts = ha_test_json("{\"errors\": [], \"daemon\": {\"settings\": "
	    "{\"data-root\": {\"value\": \"/srv/docker\", \"source\": "
	    "\"file\"}}}, \"engine\": {\"status\": \"ok\", \"info\": "
	    "{\"Swarm\": {\"LocalNodeState\": \"active\"}}}}");
	/* absent: no fact, no error */
	ha_collect_swarm_state(&o, facts);
	assert_null(ha_facts_get(facts, "daemon.swarm_state"));
	assert_int_equal(json_array_size(json_object_get(facts, "errors")), 0);
	mkdir_under(root, "srv");
	mkdir_under(root, "srv/docker");
	mkdir_under(root, "srv/docker/swarm");
	path = ha_xasprintf("%s/srv/docker/swarm/docker-state.json", root);
	assert_non_null(f = fopen(path, "w"));
	fputs("{\"LocalAddr\":\"\",\"RemoteAddr\":\"\",\"ListenAddr\":"
	    "\"0.0.0.0:2377\",\"AdvertiseAddr\":\"\",\"DataPathAddr\":\"\","
	    "\"DefaultAddressPool\":null,\"SubnetSize\":0,\"DataPathPort\":0,"
	    "\"JoinInProgress\":false}", f);
	fclose(f);
	ha_collect_swarm_state(&o, facts);
	assert_string_equal(ha_facts_str(facts, "daemon.swarm_state.path"),
	    "/srv/docker/swarm/docker-state.json");
	text = json_dumps(facts, JSON_COMPACT);
	assert_int_equal(ha_test_run("swarm.listen-interface", text, NULL, &r),
	    HA_FAIL);
	assert_string_equal(r.message, "swarm listens on '0.0.0.0:2377', "
	    "every interface");
	ha_result_release(&r);
	free(text);
	/* invalid JSON: an error fact and a collection error */
	assert_non_null(f = fopen(path, "w"));
	fputs("{\"ListenAddr\":", f);
	fclose(f);
	ha_collect_swarm_state(&o, facts);
	assert_non_null(ha_facts_str(facts, "daemon.swarm_state.error"));
	assert_int_equal(json_array_size(json_object_get(facts, "errors")), 1);
	text = json_dumps(facts, JSON_COMPACT);
	assert_int_equal(ha_test_run("swarm.listen-interface", text, NULL, &r),
	    HA_ERROR);
	ha_result_release(&r);
	free(text);
	json_decref(facts);
	assert_int_equal(unlink(path), 0);
	free(path);
	rmdir_under(root, "srv/docker/swarm");
	rmdir_under(root, "srv/docker");
	rmdir_under(root, "srv");
	assert_int_equal(rmdir(root), 0);
}

static void
test_overlay_encryption(void **state)
{
	struct ha_result r;

	(void)state;
	assert_int_equal(st("swarm.overlay-encryption", MANAGER("'Managers': "
	    "1"), NULL), HA_MANUAL);
	assert_int_equal(ha_test_runq("swarm.overlay-encryption", "{'engine': "
	    "{'status': 'ok', 'info': {'Swarm': {'LocalNodeState': 'active'}},"
	    " 'networks': [{'Name': 'bridge', 'Driver': 'bridge'}, "
	    "{'Name': 'ingress', 'Driver': 'overlay', 'Options': {}}, "
	    "{'Name': 'app', 'Driver': 'overlay', 'Options': "
	    "{'encrypted': ''}}]}}", NULL, &r), HA_FAIL);
	assert_int_equal(r.ntargets, 2);
	assert_int_equal(ha_test_target_status(&r, "ingress"), HA_FAIL);
	assert_int_equal(ha_test_target_status(&r, "app"), HA_PASS);
	ha_result_release(&r);
	assert_int_equal(st("swarm.overlay-encryption", "{'engine': "
	    "{'status': 'ok', 'info': {'Swarm': {'LocalNodeState': 'active'}},"
	    " 'networks': [{'Name': 'app', 'Driver': 'overlay', 'Options': "
	    "{'encrypted': ''}}]}}", NULL), HA_PASS);
}

static void
test_autolock(void **state)
{
	(void)state;
	assert_int_equal(st("swarm.autolock", MANAGER("'Cluster': {'Spec': "
	    "{'EncryptionConfig': {'AutoLockManagers': true}}}"), NULL),
	    HA_PASS);
	assert_int_equal(st("swarm.autolock", MANAGER("'Cluster': {'Spec': "
	    "{'EncryptionConfig': {'AutoLockManagers': false}}}"), NULL),
	    HA_FAIL);
	assert_int_equal(st("swarm.autolock", MANAGER("'Cluster': {'Spec': "
	    "{'EncryptionConfig': {}}}"), NULL), HA_FAIL);
	assert_int_equal(st("swarm.autolock", WORKER, NULL), HA_SKIP);
	assert_int_equal(st("swarm.autolock", "{'engine': {'status': 'ok', "
	    "'info': {'Swarm': {'LocalNodeState': 'locked'}}}}", NULL),
	    HA_PASS);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_inactive),
		cmocka_unit_test(test_manual),
		cmocka_unit_test(test_manager_count),
		cmocka_unit_test(test_listen_interface),
		cmocka_unit_test(test_listen_collected),
		cmocka_unit_test(test_overlay_encryption),
		cmocka_unit_test(test_autolock),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

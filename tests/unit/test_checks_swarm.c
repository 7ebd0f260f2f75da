/* test_checks_swarm.c - section 7: swarm configuration. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ha_check.h"
#include "ha_report.h"
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

static void
test_listen_interface(void **state)
{
	(void)state;
	assert_int_equal(st("swarm.listen-interface", MANAGER("'Managers': 1"),
	    NULL), HA_MANUAL);
	assert_int_equal(st("swarm.listen-interface", "{'daemon': "
	    "{'swarm_state': {'ListenAddr': '0.0.0.0:2377'}}, 'engine': "
	    "{'status': 'ok', 'info': {'Swarm': {'LocalNodeState': "
	    "'active'}}}}", NULL), HA_FAIL);
	assert_int_equal(st("swarm.listen-interface", "{'daemon': "
	    "{'swarm_state': {'ListenAddr': '10.0.0.5:2377'}}, 'engine': "
	    "{'status': 'ok', 'info': {'Swarm': {'LocalNodeState': "
	    "'active'}}}}", NULL), HA_PASS);
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
		cmocka_unit_test(test_overlay_encryption),
		cmocka_unit_test(test_autolock),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

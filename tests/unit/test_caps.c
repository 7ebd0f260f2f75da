/* SPDX-License-Identifier: Apache-2.0 */
/* test_caps.c - capability names and Docker's CapAdd/CapDrop arithmetic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <sys/capability.h>

#include "ha_buf.h"
#include "../../checks/caps.h"
#include "helper_checks.h"
#include "banned.h"

#define BIT(c)	((uint64_t)1 << (c))

static uint64_t
effective(const char *hostconfig, int want_rc)
{
	json_t *hc = ha_test_json(hostconfig);
	struct ha_buf bad;
	uint64_t set = 0;

	ha_buf_init(&bad, HA_BUF_NOCAP);
	assert_int_equal(ha_caps_effective(hc, &set, &bad), want_rc);
	if (want_rc == 0)
		assert_string_equal(bad.data, "");
	ha_buf_release(&bad);
	json_decref(hc);
	return set;
}

static void
test_default_set(void **state)
{
	uint64_t d = ha_caps_default();
	int n = 0;
	uint64_t x;

	(void)state;
	for (x = d; x != 0; x &= x - 1)
		n++;
	assert_int_equal(n, 14);
	assert_true(d & BIT(CAP_CHOWN));
	assert_true(d & BIT(CAP_NET_BIND_SERVICE));
	assert_true(d & BIT(CAP_AUDIT_WRITE));
	assert_false(d & BIT(CAP_SYS_ADMIN));
	assert_false(d & BIT(CAP_NET_ADMIN));
	assert_int_equal(ha_caps_all(), BIT(CAP_LAST_CAP + 1) - 1);
	assert_true(ha_caps_dangerous() & BIT(CAP_SYS_MODULE));
	assert_false(ha_caps_dangerous() & BIT(CAP_CHOWN));
}

static void
test_parse_names(void **state)
{
	int c = -1;

	(void)state;
	assert_int_equal(ha_cap_parse("SYS_ADMIN", &c), HA_CAP_ONE);
	assert_int_equal(c, CAP_SYS_ADMIN);
	c = -1;
	assert_int_equal(ha_cap_parse("cap_sys_admin", &c), HA_CAP_ONE);
	assert_int_equal(c, CAP_SYS_ADMIN);
	c = -1;
	assert_int_equal(ha_cap_parse("Cap_Net_Admin", &c), HA_CAP_ONE);
	assert_int_equal(c, CAP_NET_ADMIN);
	c = -1;
	assert_int_equal(ha_cap_parse("net_raw", &c), HA_CAP_ONE);
	assert_int_equal(c, CAP_NET_RAW);
	assert_int_equal(ha_cap_parse("ALL", &c), HA_CAP_ALL);
	assert_int_equal(ha_cap_parse("all", &c), HA_CAP_ALL);
	assert_int_equal(ha_cap_parse("SYS_BOGUS", &c), HA_CAP_UNKNOWN);
	assert_int_equal(ha_cap_parse("21", &c), HA_CAP_UNKNOWN);
	assert_int_equal(ha_cap_parse("CAP_21", &c), HA_CAP_UNKNOWN);
	assert_int_equal(ha_cap_parse("", &c), HA_CAP_UNKNOWN);
	assert_int_equal(ha_cap_parse(NULL, &c), HA_CAP_UNKNOWN);
	assert_int_equal(ha_cap_parse("CAP_ALL", &c), HA_CAP_UNKNOWN);
}

static void
test_effective_plain(void **state)
{
	(void)state;
	assert_int_equal(effective("{}", 0), ha_caps_default());
	assert_int_equal(effective("{\"CapAdd\": null, \"CapDrop\": null}",
	    0), ha_caps_default());
	assert_int_equal(effective("{\"CapAdd\": [\"sys_admin\", "
	    "\"CAP_NET_ADMIN\"]}", 0), ha_caps_default() |
	    BIT(CAP_SYS_ADMIN) | BIT(CAP_NET_ADMIN));
	assert_int_equal(effective("{\"CapDrop\": [\"chown\", \"Cap_Kill\"]}",
	    0), ha_caps_default() & ~(BIT(CAP_CHOWN) | BIT(CAP_KILL)));
}

static void
test_effective_all(void **state)
{
	(void)state;
	/* drop ALL then add one: only that one */
	assert_int_equal(effective("{\"CapDrop\": [\"ALL\"], "
	    "\"CapAdd\": [\"NET_BIND_SERVICE\"]}", 0),
	    BIT(CAP_NET_BIND_SERVICE));
	assert_int_equal(effective("{\"CapDrop\": [\"all\"]}", 0), 0);
	/* add ALL wins over drop ALL, minus the named drops */
	assert_int_equal(effective("{\"CapAdd\": [\"ALL\"], "
	    "\"CapDrop\": [\"sys_admin\"]}", 0),
	    ha_caps_all() & ~BIT(CAP_SYS_ADMIN));
	assert_int_equal(effective("{\"CapAdd\": [\"all\"], "
	    "\"CapDrop\": [\"ALL\"]}", 0), ha_caps_all());
	/* a capability both added and dropped is added (Docker's order) */
	assert_int_equal(effective("{\"CapAdd\": [\"SYS_PTRACE\"], "
	    "\"CapDrop\": [\"SYS_PTRACE\"]}", 0),
	    ha_caps_default() | BIT(CAP_SYS_PTRACE));
	/* privileged holds everything whatever it drops */
	assert_int_equal(effective("{\"Privileged\": true, "
	    "\"CapDrop\": [\"ALL\"]}", 0), ha_caps_all());
}

/*
 * HostConfig.Capabilities (API 1.40), when a list, is the whole set:
 * Docker's default set is not used.
 */
static void
test_effective_capabilities_field(void **state)
{
	(void)state;
	assert_int_equal(effective("{\"Capabilities\": [\"CAP_CHOWN\", "
	    "\"CAP_SYS_ADMIN\"]}", 0), BIT(CAP_CHOWN) | BIT(CAP_SYS_ADMIN));
	assert_int_equal(effective("{\"Capabilities\": []}", 0), 0);
	assert_int_equal(effective("{\"Capabilities\": null}", 0),
	    ha_caps_default());
	assert_int_equal(effective("{\"Capabilities\": [\"ALL\"]}", 0),
	    ha_caps_all());
	/* privileged still holds everything */
	assert_int_equal(effective("{\"Privileged\": true, "
	    "\"Capabilities\": []}", 0), ha_caps_all());
	/* a wrong type is not an empty set */
	assert_int_equal(effective("{\"Capabilities\": \"CAP_SYS_ADMIN\"}",
	    -1), ha_caps_default());
	assert_int_equal(effective("{\"Privileged\": \"true\"}", -1),
	    ha_caps_all());
}

static void
test_effective_unknown(void **state)
{
	json_t *hc = ha_test_json("{\"CapAdd\": [\"SYS_ADMIN\", \"FROB\", 7]}");
	struct ha_buf bad;
	uint64_t set = 0;

	(void)state;
	ha_buf_init(&bad, HA_BUF_NOCAP);
	assert_int_equal(ha_caps_effective(hc, &set, &bad), -1);
	assert_string_equal(bad.data, "FROB, (not a string)");
	assert_int_equal(set, ha_caps_default() | BIT(CAP_SYS_ADMIN));
	ha_buf_release(&bad);
	json_decref(hc);
}

static void
test_format(void **state)
{
	struct ha_buf b;

	(void)state;
	ha_buf_init(&b, HA_BUF_NOCAP);
	ha_caps_format(BIT(CAP_SYS_ADMIN) | BIT(CAP_NET_ADMIN), &b);
	assert_string_equal(b.data, "NET_ADMIN, SYS_ADMIN");
	ha_buf_reset(&b);
	ha_caps_format(0, &b);
	assert_string_equal(b.data, "none");
	ha_buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_default_set),
		cmocka_unit_test(test_parse_names),
		cmocka_unit_test(test_effective_plain),
		cmocka_unit_test(test_effective_all),
		cmocka_unit_test(test_effective_unknown),
		cmocka_unit_test(test_effective_capabilities_field),
		cmocka_unit_test(test_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

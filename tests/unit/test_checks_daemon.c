/* SPDX-License-Identifier: Apache-2.0 */
/* test_checks_daemon.c - section 2 checks and hostaudit's HA.* checks. */
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

/* Facts with a found daemon and the given settings (single quotes). */
#define DAEMON(settings) \
	"{'daemon': {'status': 'found', 'settings': {" settings "}}}"
#define S(key, val, src) "'" key "': {'value': " val ", 'source': '" src "'}"

/* Run id over q-quoted facts; check status and that msg is in the message. */
static void
expect(const char *id, const char *facts, enum ha_status want,
    const char *msg)
{
	struct ha_result r;

	ha_test_runq(id, facts, NULL, &r);
	if (r.status != want || (msg != NULL &&
	    strstr(r.message, msg) == NULL))
		fail_msg("%s: got %s '%s', want %s '%s'", id,
		    ha_status_name(r.status), r.message, ha_status_name(want),
		    msg ? msg : "");
	ha_result_release(&r);
}

static void
test_every_id_registered(void **state)
{
	static const char *const ids[] = {
		"daemon.non-root", "daemon.icc", "daemon.log-level",
		"daemon.iptables", "daemon.insecure-registries", "daemon.aufs",
		"daemon.tls", "daemon.default-ulimit", "daemon.userns-remap",
		"daemon.cgroup-parent", "daemon.base-device-size",
		"daemon.authorization-plugin", "daemon.remote-logging",
		"daemon.no-new-privileges", "daemon.live-restore",
		"daemon.userland-proxy", "daemon.seccomp-profile",
		"daemon.experimental", "daemon.config-conflict",
		"daemon.config-unknown",
	};
	const struct ha_check *c;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		c = ha_registry_find(ids[i]);
		assert_non_null(c);
		/* non-root needs no daemon settings: manual when unseen */
		assert_int_equal(c->scope, i == 0 ? HA_SCOPE_HOST :
		    HA_SCOPE_DAEMON);
		assert_true(strlen(c->rationale) > 20);
		assert_true(strlen(c->audit) > 20);
		assert_true(strlen(c->remediation) > 10);
	}
	assert_non_null(ha_registry_find("daemon.non-root")->eval);
	assert_null(ha_registry_find("daemon.default-ulimit")->eval);
	assert_int_equal(ha_registry_find("daemon.userns-remap")->level, 2);
	assert_int_equal(ha_registry_find("daemon.icc")->level, 1);
}

static void
test_manual(void **state)
{
	(void)state;
	expect("daemon.non-root", DAEMON(""), HA_MANUAL, "--explain");
	expect("daemon.default-ulimit", DAEMON(""), HA_MANUAL, NULL);
}

/* A rootless daemon: facts.daemon.rootless as collect records it. */
#define ROOTLESS(extra)							\
	"{'engine': {'status': 'ok', 'info': {'SecurityOptions': "	\
	"['name=seccomp,profile=default', 'name=rootless']}}, "		\
	"'daemon': {'status': 'found', 'pid': 4242, 'uid': 1001, "	\
	"'settings': {" S("userns-remap", "''", "default") "}, "	\
	"'rootless': {'detected_by': ['info', 'environment', "		\
	"'rootlesskit'], 'user': 'alice', 'gid': 1001" extra "}}}"

/*
 * 2.1: automated for a rootless daemon, still manual for any other, even
 * when its settings could not be read.
 */
static void
test_non_root(void **state)
{
	(void)state;
	expect("daemon.non-root", ROOTLESS(", 'uid': 1001, 'uid_from': "
	    "'process'"), HA_PASS, "dockerd runs rootless as user alice "
	    "(uid 1001) (detected by: info, environment, rootlesskit)");
	/* rootlesskit run as root: rootless mode, yet root on the host */
	expect("daemon.non-root", ROOTLESS(", 'uid': 0, 'uid_from': "
	    "'process'"), HA_FAIL, "runs as root (uid 0) on the host");
	/* the engine says so, but its process was not seen */
	expect("daemon.non-root", ROOTLESS(", 'uid': 1001, 'uid_from': "
	    "'socket-owner'"), HA_ERROR, "process was not found");
	expect("daemon.non-root", "{'engine': {'status': 'ok', 'info': "
	    "{'SecurityOptions': ['name=rootless']}}, 'daemon': {'status': "
	    "'not-found'}}", HA_ERROR, "the user it runs as is unknown");
	expect("daemon.non-root", "{'engine': {'status': 'ok', 'info': "
	    "{'SecurityOptions': ['name=seccomp,profile=default']}}, "
	    "'daemon': {'status': 'found', 'uid': 0}}", HA_MANUAL,
	    "--explain");
	expect("daemon.non-root", "{'daemon': {'status': 'error', 'error': "
	    "'cannot read /proc'}}", HA_MANUAL, "--explain");
}

static void
test_icc(void **state)
{
	(void)state;
	expect("daemon.icc", DAEMON(S("icc", "false", "flag")), HA_PASS,
	    "icc is false (flag)");
	expect("daemon.icc", DAEMON(S("icc", "true", "default")), HA_FAIL,
	    "icc is true (default)");
	expect("daemon.icc", DAEMON(S("icc", "true", "file")), HA_FAIL,
	    "(file)");
	expect("daemon.icc", DAEMON(S("icc", "'no'", "file")), HA_ERROR,
	    "not a boolean");
}

/* --bridge=none: no default bridge, nothing for icc to restrict. */
static void
test_icc_no_bridge(void **state)
{
	(void)state;
	expect("daemon.icc", DAEMON(S("icc", "true", "default") ","
	    S("bridge", "'none'", "flag")), HA_SKIP,
	    "the daemon runs with bridge=none: there is no default bridge "
	    "for icc to apply to");
	expect("daemon.icc", DAEMON(S("icc", "true", "default") ","
	    S("bridge", "'br0'", "file")), HA_FAIL, "icc is true (default)");
	expect("daemon.icc", DAEMON(S("icc", "false", "flag") ","
	    S("bridge", "''", "default")), HA_PASS, "icc is false (flag)");
	expect("daemon.icc", DAEMON(S("icc", "true", "default") ","
	    S("bridge", "false", "file")), HA_ERROR,
	    "setting 'bridge' is not a string");
}

static void
test_daemon_preconditions(void **state)
{
	(void)state;
	expect("daemon.icc", "{'daemon': {'status': 'error', 'error': "
	    "'cannot read /proc'}}", HA_ERROR, "cannot read /proc");
	expect("daemon.icc", "{'daemon': {'status': 'found', 'config_file': "
	    "{'status': 'error', 'error': 'bad json'}}}", HA_ERROR, "bad json");
}

static void
test_log_level(void **state)
{
	(void)state;
	expect("daemon.log-level", DAEMON(S("log-level", "'info'", "default")),
	    HA_PASS, "log-level info (default)");
	expect("daemon.log-level", DAEMON(S("log-level", "'debug'", "flag")),
	    HA_FAIL, "log-level debug (flag)");
	expect("daemon.log-level", DAEMON(S("log-level", "'warn'", "file")),
	    HA_FAIL, "log-level warn (file)");
	expect("daemon.log-level", DAEMON(S("log-level", "'error'", "file")),
	    HA_FAIL, NULL);
}

static void
test_iptables(void **state)
{
	(void)state;
	expect("daemon.iptables", DAEMON(S("iptables", "true", "default")),
	    HA_PASS, "iptables is true");
	expect("daemon.iptables", DAEMON(S("iptables", "false", "file")),
	    HA_FAIL, "iptables is false (file)");
}

static void
test_insecure_registries(void **state)
{
	struct ha_result r;

	(void)state;
	expect("daemon.insecure-registries",
	    DAEMON(S("insecure-registries", "[]", "default")), HA_PASS, NULL);
	expect("daemon.insecure-registries",
	    DAEMON(S("insecure-registries", "['127.0.0.0/8']", "file")),
	    HA_PASS, NULL);
	ha_test_runq("daemon.insecure-registries",
	    DAEMON(S("insecure-registries", "['127.0.0.0/8', "
	    "'reg.example:5000']", "flag")), NULL, &r);
	assert_int_equal(r.status, HA_FAIL);
	assert_int_equal(r.ntargets, 1);
	assert_int_equal(ha_test_target_status(&r, "reg.example:5000"),
	    HA_FAIL);
	assert_non_null(strstr(r.message, "(flag)"));
	ha_result_release(&r);
}

static void
test_aufs(void **state)
{
	(void)state;
	expect("daemon.aufs", DAEMON(S("storage-driver", "'overlay2'",
	    "file")), HA_PASS, "overlay2");
	expect("daemon.aufs", DAEMON(S("storage-driver", "'aufs'", "flag")),
	    HA_FAIL, "aufs (flag)");
	expect("daemon.aufs", "{'daemon': {'status': 'found', 'settings': {}},"
	    " 'engine': {'status': 'ok', 'info': {'Driver': 'aufs'}}}",
	    HA_FAIL, "engine reports");
}

#define TLSFILES S("tlscacert", "'/etc/docker/ca.pem'", "file") ", " \
	S("tlscert", "'/etc/docker/cert.pem'", "file") ", " \
	S("tlskey", "'/etc/docker/key.pem'", "file")

static void
test_tls(void **state)
{
	(void)state;
	expect("daemon.tls", DAEMON(S("hosts", "['fd://', "
	    "'unix:///var/run/docker.sock']", "flag")), HA_PASS,
	    "no TCP listener");
	expect("daemon.tls", DAEMON(S("hosts", "['tcp://0.0.0.0:2375']",
	    "flag") ", " S("tlsverify", "false", "default")), HA_FAIL,
	    "tlsverify false (default)");
	expect("daemon.tls", DAEMON(S("hosts", "['0.0.0.0:2376']", "file")
	    ", " S("tlsverify", "true", "file")), HA_FAIL, "tlscacert");
	expect("daemon.tls", DAEMON(S("hosts", "['unix://', "
	    "'tcp://10.0.0.1:2376']", "file") ", " S("tlsverify", "true",
	    "file") ", " TLSFILES), HA_PASS, "tcp://10.0.0.1:2376");
	/* dockerd's default cert paths are always set: the file must exist */
	expect("daemon.tls", "{'daemon': {'status': 'found', 'settings': {"
	    S("hosts", "['tcp://10.0.0.1:2376']", "flag") ", "
	    S("tlsverify", "true", "flag") ", " TLSFILES "}}, 'files': {"
	    "'tlscacert': {'path': '/etc/docker/ca.pem', 'exists': true}, "
	    "'tlscert': {'path': '/etc/docker/cert.pem', 'exists': false}}}",
	    HA_FAIL, "tlscert names a file that does not exist");
	expect("daemon.tls", "{'daemon': {'status': 'found', 'settings': {"
	    S("hosts", "['tcp://10.0.0.1:2376']", "flag") ", "
	    S("tlsverify", "true", "flag") ", " TLSFILES "}}, 'files': {"
	    "'tlscacert': {'exists': true}, 'tlscert': {'exists': true}, "
	    "'tlskey': {'exists': true}}}", HA_PASS, "tlsverify");
}

/* 2.9: a rootless daemon runs in a user namespace by construction. */
static void
test_userns_rootless(void **state)
{
	(void)state;
	expect("daemon.userns-remap", ROOTLESS(", 'uid': 1001, 'uid_from': "
	    "'process'"), HA_PASS, "rootless: dockerd and its containers run "
	    "in a user namespace whose root is user alice (uid 1001) on the "
	    "host, so userns-remap is not needed");
	expect("daemon.userns-remap", ROOTLESS(", 'uid': 0, 'uid_from': "
	    "'process'"), HA_FAIL, "userns-remap not set (default)");
	expect("daemon.userns-remap", ROOTLESS(""), HA_ERROR,
	    "the engine runs in rootless mode, but its dockerd process was "
	    "not found");
}

static void
test_userns(void **state)
{
	(void)state;
	expect("daemon.userns-remap", DAEMON(S("userns-remap", "'default'",
	    "file")), HA_PASS, "userns-remap default (file)");
	expect("daemon.userns-remap", DAEMON(S("userns-remap", "''",
	    "default")), HA_FAIL, "not set");
	expect("daemon.userns-remap", DAEMON(""), HA_FAIL, "not set");
}

static void
test_cgroup_parent(void **state)
{
	(void)state;
	expect("daemon.cgroup-parent", DAEMON(S("cgroup-parent", "''",
	    "default")), HA_PASS, NULL);
	expect("daemon.cgroup-parent", DAEMON(S("cgroup-parent",
	    "'/foobar'", "flag")), HA_INFO, "/foobar (flag)");
}

static void
test_base_device_size(void **state)
{
	(void)state;
	expect("daemon.base-device-size", DAEMON(S("storage-opts",
	    "['overlay2.size=10G']", "file")), HA_PASS, NULL);
	expect("daemon.base-device-size", DAEMON(S("storage-opts",
	    "['dm.basesize=50G']", "flag")), HA_WARN, "dm.basesize=50G");
}

static void
test_authz(void **state)
{
	(void)state;
	expect("daemon.authorization-plugin", DAEMON(S("authorization-plugins",
	    "['opa-docker-authz']", "file")), HA_PASS, "opa-docker-authz");
	expect("daemon.authorization-plugin", DAEMON(S("authorization-plugins",
	    "[]", "default")), HA_FAIL, NULL);
}

static void
test_remote_logging(void **state)
{
	(void)state;
	expect("daemon.remote-logging", DAEMON(S("log-driver", "'json-file'",
	    "default")), HA_FAIL, "json-file (default)");
	expect("daemon.remote-logging", DAEMON(S("log-driver", "'local'",
	    "file")), HA_FAIL, NULL);
	expect("daemon.remote-logging", DAEMON(S("log-driver", "'syslog'",
	    "file")), HA_PASS, "syslog (file)");
	expect("daemon.remote-logging", DAEMON(S("log-driver", "'journald'",
	    "flag")), HA_PASS, NULL);
}

static void
test_no_new_privileges(void **state)
{
	(void)state;
	expect("daemon.no-new-privileges", DAEMON(S("no-new-privileges",
	    "true", "file")), HA_PASS, NULL);
	expect("daemon.no-new-privileges", DAEMON(S("no-new-privileges",
	    "false", "default")), HA_FAIL, NULL);
}

static void
test_live_restore(void **state)
{
	(void)state;
	expect("daemon.live-restore", DAEMON(S("live-restore", "true",
	    "file")), HA_PASS, NULL);
	expect("daemon.live-restore", DAEMON(S("live-restore", "false",
	    "default")), HA_FAIL, "live-restore is false (default)");
	expect("daemon.live-restore", "{'daemon': {'status': 'found', "
	    "'settings': {" S("live-restore", "false", "default") "}}, "
	    "'engine': {'status': 'ok', 'info': {'Swarm': "
	    "{'LocalNodeState': 'active'}}}}", HA_SKIP, "swarm");
}

static void
test_userland_proxy(void **state)
{
	(void)state;
	expect("daemon.userland-proxy", DAEMON(S("userland-proxy", "false",
	    "file")), HA_PASS, NULL);
	expect("daemon.userland-proxy", DAEMON(S("userland-proxy", "true",
	    "default")), HA_FAIL, NULL);
}

static void
test_seccomp(void **state)
{
	(void)state;
	expect("daemon.seccomp-profile", DAEMON(S("seccomp-profile", "''",
	    "default")), HA_PASS, "default seccomp");
	expect("daemon.seccomp-profile", DAEMON(S("seccomp-profile",
	    "'builtin'", "file")), HA_PASS, "default seccomp");
	expect("daemon.seccomp-profile", DAEMON(S("seccomp-profile",
	    "'/etc/docker/seccomp.json'", "file")), HA_PASS, "custom");
	expect("daemon.seccomp-profile", DAEMON(S("seccomp-profile",
	    "'unconfined'", "flag")), HA_FAIL, "unconfined (flag)");
	expect("daemon.seccomp-profile", "{'daemon': {'status': 'found', "
	    "'settings': {}}, 'engine': {'status': 'ok', 'info': "
	    "{'SecurityOptions': ['name=seccomp,profile=unconfined']}}}",
	    HA_FAIL, "engine reports");
}

static void
test_experimental(void **state)
{
	(void)state;
	expect("daemon.experimental", DAEMON(S("experimental", "false",
	    "default")), HA_PASS, NULL);
	expect("daemon.experimental", DAEMON(S("experimental", "true",
	    "flag")), HA_FAIL, "experimental is true (flag)");
}

static void
test_config_conflict(void **state)
{
	struct ha_result r;

	(void)state;
	expect("daemon.config-conflict", "{'daemon': {'status': 'found', "
	    "'conflicts': []}}", HA_PASS, NULL);
	ha_test_runq("daemon.config-conflict", "{'daemon': {'status': "
	    "'found', 'conflicts': [{'key': 'icc', 'flag': false, 'file': "
	    "true}, {'key': 'hosts', 'flag': ['fd://'], 'file': "
	    "['unix://']}]}}", NULL, &r);
	assert_int_equal(r.status, HA_FAIL);
	assert_int_equal(r.ntargets, 2);
	assert_int_equal(ha_test_target_status(&r, "icc"), HA_FAIL);
	assert_string_equal(ha_test_target(&r, "icc")->detail,
	    "flag false, daemon.json true");
	assert_non_null(strstr(r.message, "refuses to start"));
	ha_result_release(&r);
}

static void
test_config_unknown(void **state)
{
	struct ha_result r;

	(void)state;
	expect("daemon.config-unknown", "{'daemon': {'status': 'found', "
	    "'unknown_keys': [], 'unknown_flags': []}}", HA_PASS, NULL);
	expect("daemon.config-unknown", "{'daemon': {'status': 'found', "
	    "'unknown_flags': ['--frobnicate']}}", HA_WARN, NULL);
	ha_test_runq("daemon.config-unknown", "{'daemon': {'status': "
	    "'found', 'unknown_keys': ['icc-typo'], 'invalid_keys': "
	    "[{'key': 'log-level', 'message': 'not a string'}], "
	    "'unknown_flags': ['--frobnicate'], 'invalid_flags': [{'flag': "
	    "'--icc=maybe', 'message': 'invalid boolean value'}]}}", NULL,
	    &r);
	assert_int_equal(r.status, HA_FAIL);
	assert_int_equal(ha_test_target_status(&r, "icc-typo"), HA_FAIL);
	assert_int_equal(ha_test_target_status(&r, "log-level"), HA_FAIL);
	assert_string_equal(ha_test_target(&r, "log-level")->detail,
	    "not a string");
	assert_int_equal(ha_test_target_status(&r, "--frobnicate"), HA_WARN);
	assert_int_equal(ha_test_target_status(&r, "--icc=maybe"), HA_WARN);
	assert_non_null(strstr(r.message, "refuses to start"));
	ha_result_release(&r);
	expect("daemon.config-unknown", "{'daemon': {'status': 'found', "
	    "'invalid_flags': [{'flag': '--icc=maybe', 'message': 'bad'}]}}",
	    HA_WARN, NULL);
}

/* A found daemon and an engine whose GET /info holds info (q-quoted). */
#define ENGINE_INFO(info) "{'daemon': {'status': 'found', 'settings': " \
	"{}}, 'engine': {'status': 'ok'" info "}}"
#define DRIVER(d) ENGINE_INFO(", 'info': {'Driver': '" d "'}")

/* 2.7 of CIS 1.8.0: the storage driver in use is not devicemapper. */
static void
test_devicemapper(void **state)
{
	const struct ha_check *c = ha_registry_find("daemon.devicemapper");

	(void)state;
	assert_non_null(c);
	assert_int_equal(c->scope, HA_SCOPE_DAEMON);
	assert_int_equal(c->level, 1);
	assert_true(c->needs_engine);
	expect("daemon.devicemapper", DRIVER("overlay2"), HA_PASS,
	    "storage driver overlay2 (engine)");
	expect("daemon.devicemapper", DRIVER("vfs"), HA_PASS,
	    "storage driver vfs");
	expect("daemon.devicemapper", DRIVER("devicemapper"), HA_FAIL,
	    "the engine reports storage driver devicemapper");
	/* what the engine uses counts, not what a setting asked for */
	expect("daemon.devicemapper", "{'daemon': {'status': 'found', "
	    "'settings': {" S("storage-driver", "'devicemapper'", "file")
	    "}}, 'engine': {'status': 'ok', 'info': {'Driver': "
	    "'overlay2'}}}", HA_PASS, "overlay2");
	/* not seen: never a pass */
	expect("daemon.devicemapper", ENGINE_INFO(""), HA_ERROR,
	    "info (GET /info) was not collected");
	expect("daemon.devicemapper", ENGINE_INFO(", 'info': {}"), HA_ERROR,
	    "names no storage driver");
	expect("daemon.devicemapper", "{'daemon': {'status': 'found', "
	    "'settings': {}}, 'engine': {'status': 'error', 'error': "
	    "'connection refused'}}", HA_ERROR, "connection refused");
	expect("daemon.devicemapper", "{'daemon': {'status': 'found', "
	    "'settings': {}}, 'engine': {'status': 'absent'}}", HA_SKIP,
	    "no Docker engine");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_id_registered),
		cmocka_unit_test(test_manual),
		cmocka_unit_test(test_non_root),
		cmocka_unit_test(test_icc),
		cmocka_unit_test(test_icc_no_bridge),
		cmocka_unit_test(test_daemon_preconditions),
		cmocka_unit_test(test_log_level),
		cmocka_unit_test(test_iptables),
		cmocka_unit_test(test_insecure_registries),
		cmocka_unit_test(test_aufs),
		cmocka_unit_test(test_tls),
		cmocka_unit_test(test_userns),
		cmocka_unit_test(test_userns_rootless),
		cmocka_unit_test(test_cgroup_parent),
		cmocka_unit_test(test_base_device_size),
		cmocka_unit_test(test_authz),
		cmocka_unit_test(test_remote_logging),
		cmocka_unit_test(test_no_new_privileges),
		cmocka_unit_test(test_live_restore),
		cmocka_unit_test(test_userland_proxy),
		cmocka_unit_test(test_seccomp),
		cmocka_unit_test(test_experimental),
		cmocka_unit_test(test_config_conflict),
		cmocka_unit_test(test_config_unknown),
		cmocka_unit_test(test_devicemapper),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: Apache-2.0 */
/* test_checks_host.c - section 1 checks (host configuration). */
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

/* Run id over q-quoted facts; check status and that msg is in the message. */
static void
expectp(const char *id, const char *facts, const char *params,
    enum ha_status want, const char *msg)
{
	struct ha_result r;

	ha_test_runq(id, facts, params, &r);
	if (r.status != want || (msg != NULL &&
	    strstr(r.message, msg) == NULL))
		fail_msg("%s: got %s '%s', want %s '%s'", id,
		    ha_status_name(r.status), r.message, ha_status_name(want),
		    msg ? msg : "");
	ha_result_release(&r);
}

static void
expect(const char *id, const char *facts, enum ha_status want,
    const char *msg)
{
	expectp(id, facts, NULL, want, msg);
}

/* ---- registry ---- */

static void
test_every_id_registered(void **state)
{
	static const char *const ids[] = {
		"host.data-root-partition", "host.docker-group",
		"host.audit-dockerd", "host.audit-run-containerd",
		"host.audit-var-lib-docker", "host.audit-etc-docker",
		"host.audit-docker-service", "host.audit-containerd-sock",
		"host.audit-docker-socket-unit",
		"host.audit-etc-default-docker", "host.audit-daemon-json",
		"host.audit-containerd-config",
		"host.audit-etc-sysconfig-docker", "host.audit-containerd-bin",
		"host.audit-containerd-shim",
		"host.audit-containerd-shim-runc-v1",
		"host.audit-containerd-shim-runc-v2", "host.audit-runc",
		"host.hardened", "host.docker-version",
	};
	const struct ha_check *c;
	size_t i;

	(void)state;
	for (i = 0; i < HA_ARRAY_SIZE(ids); i++) {
		c = ha_registry_find(ids[i]);
		if (c == NULL)
			fail_msg("'%s' not registered", ids[i]);
		assert_int_equal(c->scope, HA_SCOPE_HOST);
		assert_true(c->title[0] && c->rationale[0] && c->audit[0] &&
		    c->remediation[0]);
		/* CIS 1.6.0: 1.1.1-1.1.6 and 1.2.x level 1, the rest 2 */
		assert_int_equal(c->level, i < 6 || i >= 18 ? 1 : 2);
		if (i >= 18)
			assert_null(c->eval);
		else
			assert_non_null(c->eval);
	}
}

static void
test_manual(void **state)
{
	(void)state;
	expect("host.hardened", "{}", HA_MANUAL, "--explain host.hardened");
	expect("host.docker-version", "{}", HA_MANUAL, NULL);
}

/* ---- 1.1.1 data root partition ---- */

#define MNT(mp, fs) "{'mount_point': '" mp "', 'source': '/dev/" fs "', " \
	"'fstype': '" fs "', 'options': 'rw'}"
#define MNTD(mp, dev) "{'mount_point': '" mp "', 'source': '/dev/vda1', " \
	"'fstype': 'ext4', 'options': 'rw', 'dev': '" dev "'}"

static void
test_partition(void **state)
{
	const char *id = "host.data-root-partition";

	(void)state;
	expect(id, "{'host': {'mounts': [" MNT("/", "ext4") ", "
	    MNT("/var/lib/docker", "xfs") ", " MNT("/boot", "ext2") "]}, "
	    "'audit_paths': {'data_root': {'path': '/var/lib/docker', "
	    "'real_path': '/var/lib/docker', 'exists': true}}}",
	    HA_PASS, "mounted at '/var/lib/docker' (xfs)");
	expect(id, "{'host': {'mounts': [" MNT("/", "ext4") ", "
	    MNT("/boot", "ext2") "]}}", HA_FAIL,
	    "'/var/lib/docker' is on the root filesystem");
	/* a mount point is matched by whole components */
	expect(id, "{'host': {'mounts': [" MNT("/", "ext4") ", "
	    MNT("/var/lib/dock", "ext4") "]}}", HA_FAIL, "root filesystem");
	/* the effective data-root setting, on a parent mount */
	expect(id, "{'daemon': {'settings': {'data-root': {'value': "
	    "'/srv/docker', 'source': 'file'}}}, 'host': {'mounts': ["
	    MNT("/", "ext4") ", " MNT("/srv", "xfs") "]}}", HA_PASS,
	    "'/srv/docker' is on its own filesystem mounted at '/srv'");
	/* a symlinked data root is judged where it really is */
	expect(id, "{'host': {'mounts': [" MNT("/", "ext4") ", "
	    MNT("/data", "btrfs") "]}, 'audit_paths': {'data_root': {'path': "
	    "'/var/lib/docker', 'real_path': '/data/docker', 'exists': "
	    "true}}}", HA_PASS, "'/data/docker'");
	/* dockerd's bind mount of its data root onto itself */
	expect(id, "{'host': {'mounts': [" MNT("/", "ext4") ", "
	    MNT("/var/lib/docker", "ext4") "]}}", HA_FAIL,
	    "from the same device as '/'");
	/* with device numbers: they decide, not the source */
	expect(id, "{'host': {'mounts': [" MNTD("/", "254:1") ", "
	    MNTD("/var/lib/docker", "254:1") "]}}", HA_FAIL,
	    "same device");
	expect(id, "{'host': {'mounts': [" MNTD("/", "254:1") ", "
	    MNTD("/var/lib/docker", "254:2") "]}}", HA_PASS,
	    "own filesystem");
	expect(id, "{'host': {'mounts': null}, 'errors': [{'source': "
	    "'host.mounts', 'message': 'cannot read x'}]}", HA_ERROR,
	    "no mount table collected: cannot read x");
}

/* ---- 1.1.2 docker group ---- */

#define GROUP(m) "{'host': {'docker_group': {'gid': 998, 'members': [" m \
	"]}}}"

static void
test_group(void **state)
{
	const char *id = "host.docker-group";
	struct ha_result r;

	(void)state;
	expect(id, GROUP("'alice', 'bob'"), HA_INFO,
	    "2 docker group members to review");
	expect(id, GROUP("'alice', 'bob'"), HA_INFO, "alice, bob");
	expect(id, GROUP(""), HA_PASS, "no members");
	expectp(id, GROUP("'alice', 'bob'"),
	    "{\"docker_group_users\": [\"alice\", \"bob\"]}", HA_PASS,
	    "every docker group member is trusted");
	assert_int_equal(ha_test_runq(id, GROUP("'alice', 'mallory'"),
	    "{\"docker_group_users\": [\"alice\"]}", &r), HA_FAIL);
	assert_non_null(strstr(r.message, "1 docker group member not in "
	    "docker_group_users: mallory"));
	assert_int_equal(ha_test_target_status(&r, "mallory"), HA_FAIL);
	assert_int_equal(ha_test_target_status(&r, "alice"), HA_PASS);
	ha_result_release(&r);
	expectp(id, GROUP("'alice'"), "{\"docker_group_users\": \"alice\"}",
	    HA_ERROR, "must be an array");
	expect(id, "{'host': {'docker_group': null}}", HA_SKIP,
	    "no 'docker' group");
	expect(id, "{'host': {}}", HA_ERROR, "no docker group facts");
	expect(id, "{'host': {'docker_group': null}, 'errors': [{'source': "
	    "'host.docker_group', 'message': 'cannot read group'}]}",
	    HA_ERROR, "cannot read group");
}

/* ---- 1.1.3 - 1.1.18 audit watches ---- */

static const struct {
	const char	*id;
	const char	*key;
	const char	*path;
} rows[] = {
	{ "host.audit-dockerd", "dockerd", "/usr/bin/dockerd" },
	{ "host.audit-run-containerd", "run_containerd", "/run/containerd" },
	{ "host.audit-var-lib-docker", "data_root", "/var/lib/docker" },
	{ "host.audit-etc-docker", "etc_docker", "/etc/docker" },
	{ "host.audit-docker-service", "docker_service",
	    "/lib/systemd/system/docker.service" },
	{ "host.audit-containerd-sock", "containerd_sock",
	    "/run/containerd/containerd.sock" },
	{ "host.audit-docker-socket-unit", "docker_socket_unit",
	    "/lib/systemd/system/docker.socket" },
	{ "host.audit-etc-default-docker", "etc_default_docker",
	    "/etc/default/docker" },
	{ "host.audit-daemon-json", "daemon_json", "/etc/docker/daemon.json" },
	{ "host.audit-containerd-config", "containerd_config",
	    "/etc/containerd/config.toml" },
	{ "host.audit-etc-sysconfig-docker", "etc_sysconfig_docker",
	    "/etc/sysconfig/docker" },
	{ "host.audit-containerd-bin", "containerd", "/usr/bin/containerd" },
	{ "host.audit-containerd-shim", "containerd_shim",
	    "/usr/bin/containerd-shim" },
	{ "host.audit-containerd-shim-runc-v1", "containerd_shim_runc_v1",
	    "/usr/bin/containerd-shim-runc-v1" },
	{ "host.audit-containerd-shim-runc-v2", "containerd_shim_runc_v2",
	    "/usr/bin/containerd-shim-runc-v2" },
	{ "host.audit-runc", "runc", "/usr/bin/runc" },
};

/* Facts: audit (a JSON object text) and one audit path entry. */
static char *
audit_facts(const char *audit, const char *key, const char *path,
    const char *real, int exists)
{
	return ha_xasprintf("{'audit': %s, 'audit_paths': {'%s': {'path': "
	    "'%s', 'real_path': '%s', 'exists': %s}}}", audit, key, path,
	    real ? real : path, exists ? "true" : "false");
}

#define WATCH(p, kind, perms) "{'path': '" p "', 'kind': '" kind "', " \
	"'perms': '" perms "', 'key': 'docker', 'action': 'always', " \
	"'origin': 'kernel'}"
#define KERNEL(rules) "{'source': 'kernel', 'enabled': 1, 'rules': [" \
	rules "], 'usr_merge': ['/bin', '/sbin']}"

static void
expect_audit(const char *id, const char *key, const char *path,
    const char *real, int exists, const char *audit, enum ha_status want,
    const char *msg)
{
	char *facts = audit_facts(audit, key, path, real, exists);

	expect(id, facts, want, msg);
	free(facts);
}

static void
test_audit_each_path(void **state)
{
	char *audit;
	size_t i;

	(void)state;
	for (i = 0; i < HA_ARRAY_SIZE(rows); i++) {
		audit = ha_xasprintf("{'source': 'kernel', 'enabled': 1, "
		    "'rules': [{'path': '%s', 'kind': 'watch', 'perms': "
		    "'rwxa', 'key': 'docker', 'action': 'always'}]}",
		    rows[i].path);
		expect_audit(rows[i].id, rows[i].key, rows[i].path, NULL, 1,
		    audit, HA_PASS, "-k docker");
		free(audit);
		/* a rule on something else does not cover it */
		expect_audit(rows[i].id, rows[i].key, rows[i].path, NULL, 1,
		    KERNEL(WATCH("/etc/passwd", "watch", "wa")), HA_FAIL,
		    "no audit rule watches");
		/* absent on this host: not applicable */
		expect_audit(rows[i].id, rows[i].key, rows[i].path, NULL, 0,
		    KERNEL(""), HA_SKIP, "not present on this host");
	}
}

static void
test_audit_directory_rule(void **state)
{
	const char *id = "host.audit-daemon-json";

	(void)state;
	/* a recursive (dir) watch on the parent covers the file */
	expect_audit(id, "daemon_json", "/etc/docker/daemon.json", NULL, 1,
	    KERNEL(WATCH("/etc/docker", "dir", "wa")), HA_PASS,
	    "watched by '-w /etc/docker -p wa -k docker (kernel)'");
	/* a plain watch on the directory inode does not */
	expect_audit(id, "daemon_json", "/etc/docker/daemon.json", NULL, 1,
	    KERNEL(WATCH("/etc/docker", "watch", "wa")), HA_FAIL,
	    "no audit rule watches '/etc/docker/daemon.json'");
	/* prefixes count by whole components */
	expect_audit(id, "daemon_json", "/etc/docker/daemon.json", NULL, 1,
	    KERNEL(WATCH("/etc/dock", "dir", "wa")), HA_FAIL, NULL);
	expect_audit("host.audit-var-lib-docker", "data_root",
	    "/var/lib/docker", NULL, 1, KERNEL(WATCH("/var/lib", "dir",
	    "rwxa")), HA_PASS, NULL);
}

static void
test_audit_usr_merge(void **state)
{
	(void)state;
	/* rule on /usr/bin/dockerd covers /bin/dockerd on a merged host */
	expect_audit("host.audit-dockerd", "dockerd", "/bin/dockerd", NULL, 1,
	    KERNEL(WATCH("/usr/bin/dockerd", "watch", "rwxa")), HA_PASS,
	    NULL);
	/* and the other way round */
	expect_audit("host.audit-runc", "runc", "/usr/sbin/runc", NULL, 1,
	    KERNEL(WATCH("/sbin/runc", "watch", "rwxa")), HA_PASS, NULL);
	/* not on a host whose /bin is its own directory */
	expect_audit("host.audit-dockerd", "dockerd", "/bin/dockerd", NULL, 1,
	    "{'source': 'kernel', 'rules': [" WATCH("/usr/bin/dockerd",
	    "watch", "rwxa") "], 'usr_merge': []}", HA_FAIL, NULL);
	/* dockerd in /usr/sbin is not covered by a /usr/bin rule */
	expect_audit("host.audit-dockerd", "dockerd", "/usr/sbin/dockerd",
	    NULL, 1, KERNEL(WATCH("/usr/bin/dockerd", "watch", "rwxa")),
	    HA_FAIL, "no audit rule watches '/usr/sbin/dockerd'");
	/* symlinks resolved by collect: the real path is watched */
	expect_audit("host.audit-var-lib-docker", "data_root",
	    "/var/lib/docker", "/srv/docker", 1, KERNEL(WATCH("/srv/docker",
	    "dir", "wa")), HA_PASS, NULL);
	expect_audit("host.audit-var-lib-docker", "data_root",
	    "/var/lib/docker", "/srv/docker", 1, KERNEL(WATCH("/srv",
	    "watch", "wa")), HA_FAIL, "'/var/lib/docker' (/srv/docker)");
}

static void
test_audit_sources(void **state)
{
	const char *id = "host.audit-etc-docker";

	(void)state;
	expect_audit(id, "etc_docker", "/etc/docker", NULL, 1,
	    "{'source': 'none', 'rules': []}", HA_FAIL,
	    "no audit rules found (kernel or /etc/audit)");
	expect_audit(id, "etc_docker", "/etc/docker", NULL, 1,
	    "{'source': 'none', 'rules': [], 'error': 'cannot list the "
	    "kernel\\u0027s audit rules (Operation not permitted)'}",
	    HA_ERROR, "Operation not permitted");
	expect(id, "{'audit_paths': {'etc_docker': {'path': '/etc/docker', "
	    "'exists': true}}}", HA_ERROR, "no audit facts collected");
	expect(id, "{'audit': {'source': 'kernel', 'rules': []}}", HA_ERROR,
	    "no facts collected for audit path 'etc_docker'");
	/* rules read from /etc/audit */
	expect_audit(id, "etc_docker", "/etc/docker", NULL, 1,
	    "{'source': 'files', 'rules': [{'path': '/etc/docker', 'kind': "
	    "'dir', 'perms': 'rwxa', 'key': 'docker', 'action': 'always', "
	    "'origin': '/etc/audit/rules.d/docker.rules:2'}]}", HA_PASS,
	    "docker.rules:2");
	/* the kernel has rules but auditing is off */
	expect_audit(id, "etc_docker", "/etc/docker", NULL, 1,
	    "{'source': 'kernel', 'enabled': 0, 'rules': [" WATCH(
	    "/etc/docker", "dir", "rwxa") "]}", HA_FAIL,
	    "auditing is disabled in the kernel");
	/* a read-only watch records no change */
	expect_audit(id, "etc_docker", "/etc/docker", NULL, 1,
	    KERNEL(WATCH("/etc/docker", "dir", "r")), HA_WARN,
	    "does not record writes");
	/* ... unless another rule does */
	expect_audit(id, "etc_docker", "/etc/docker", NULL, 1,
	    KERNEL(WATCH("/etc/docker", "dir", "r") ", " WATCH("/etc/docker",
	    "dir", "wa")), HA_PASS, "-p wa");
	/* never rules record nothing */
	expect_audit(id, "etc_docker", "/etc/docker", NULL, 1,
	    KERNEL("{'path': '/etc/docker', 'kind': 'dir', 'perms': 'rwxa', "
	    "'key': null, 'action': 'never'}"), HA_FAIL, NULL);
	/* existence unknown and no rule: cannot say */
	expect(id, "{'audit': " KERNEL("") ", 'audit_paths': {'etc_docker': "
	    "{'path': '/etc/docker', 'exists': false, 'error': 'cannot "
	    "resolve x'}}}", HA_ERROR, "cannot resolve x");
}

static void
test_audit_target(void **state)
{
	struct ha_result r;
	char *facts;

	(void)state;
	facts = audit_facts(KERNEL(""), "runc", "/usr/bin/runc", NULL, 1);
	assert_int_equal(ha_test_runq("host.audit-runc", facts, NULL, &r),
	    HA_FAIL);
	assert_int_equal(ha_test_target_status(&r, "/usr/bin/runc"),
	    HA_FAIL);
	assert_non_null(strstr(r.message, "the host has no audit watches"));
	ha_result_release(&r);
	free(facts);
}

/* ---- rootless dockerd ---- */

/* A rootless daemon of alice (facts.daemon.rootless), plus more facts. */
#define RL(extra, more)							\
	"{'engine': {'status': 'ok', 'info': {'SecurityOptions': "	\
	"['name=rootless']}}, 'daemon': {'status': 'found', 'rootless': "\
	"{'detected_by': ['info', 'environment'], 'uid': 1001, "	\
	"'uid_from': 'process', 'user': 'alice', 'exec_root': "		\
	"'/run/user/1001/docker', 'data_root': "			\
	"'/home/alice/.local/share/docker'" extra "}}" more "}"
/* ... that no systemd unit runs */
#define RL0(more)	RL(", 'unit': null", more)

/* 1.1.2: the docker group reaches the system daemon, not this one. */
static void
test_rootless_group(void **state)
{
	(void)state;
	ha_test_expect_msg("host.docker-group", RL0(", 'host': "
	    "{'docker_group': {'gid': 998, 'members': ['bob']}}"), HA_SKIP,
	    "rootless dockerd: its socket belongs to the user it runs as, not "
	    "to the docker group, whose members have no access to it (3.15 "
	    "and 3.16 judge who has)");
	/* /info alone says so (facts of an older collect) */
	expect("host.docker-group", "{'engine': {'info': {'SecurityOptions': "
	    "['name=rootless']}}, 'host': {'docker_group': {'gid': 998, "
	    "'members': ['bob']}}}", HA_SKIP, "rootless dockerd");
}

/* 1.1.1: the user's data root, even without audit_paths. */
static void
test_rootless_partition(void **state)
{
	(void)state;
	expect("host.data-root-partition", RL0(", 'host': {'mounts': ["
	    MNT("/", "ext4") ", " MNT("/home", "xfs") "]}"), HA_PASS,
	    "'/home/alice/.local/share/docker' is on its own filesystem "
	    "mounted at '/home'");
	expect("host.data-root-partition", RL0(", 'host': {'mounts': ["
	    MNT("/", "ext4") "]}"), HA_FAIL, "the data root "
	    "'/home/alice/.local/share/docker' is on the root filesystem");
}

/* 1.1.x: watched where the rootless daemon keeps things, or n/a. */
static void
test_rootless_audit(void **state)
{
	(void)state;
	/* its containerd state is under its exec root */
	expect("host.audit-run-containerd", RL0(", 'audit': " KERNEL(
	    WATCH("/run/user/1001/docker", "dir", "wa")) ", 'audit_paths': "
	    "{'run_containerd': {'path': '/run/containerd', 'exists': "
	    "true}}"), HA_PASS, "'/run/user/1001/docker/containerd' is "
	    "watched by '-w /run/user/1001/docker -p wa");
	expect("host.audit-run-containerd", RL0(", 'audit': " KERNEL(
	    WATCH("/run/containerd", "dir", "wa")) ", 'audit_paths': "
	    "{'run_containerd': {'path': '/run/containerd', 'exists': "
	    "true}}"), HA_FAIL, "no audit rule watches "
	    "'/run/user/1001/docker/containerd'");
	expect("host.audit-etc-default-docker", RL0(", 'audit': "
	    KERNEL("") ", 'audit_paths': {'etc_default_docker': {'path': "
	    "'/etc/default/docker', 'exists': true}}"), HA_SKIP,
	    "rootless dockerd: it does not read /etc/default/docker");
	expect("host.audit-etc-sysconfig-docker", RL0(""), HA_SKIP,
	    "rootless dockerd: it does not read /etc/sysconfig/docker");
	expect("host.audit-containerd-config", RL0(""), HA_SKIP,
	    "not /etc/containerd/config.toml");
	expect("host.audit-docker-service", RL0(", 'audit': " KERNEL("")
	    ", 'audit_paths': {'docker_service': {'path': "
	    "'/lib/systemd/system/docker.service', 'exists': true}}"),
	    HA_SKIP, "rootless dockerd of user alice is not run by a systemd "
	    "unit: the system's unit does not start it");
	/* run by a user unit: collect named that unit's file */
	expect("host.audit-docker-service", RL(", 'unit': 'docker.service', "
	    "'unit_scope': 'user'", ", 'audit': " KERNEL("") ", "
	    "'audit_paths': {'docker_service': {'path': '/home/alice/.config/"
	    "systemd/user/docker.service', 'exists': true}}"), HA_FAIL,
	    "no audit rule watches '/home/alice/.config/systemd/user/"
	    "docker.service'");
	/* the rest is judged on audit_paths as for any daemon */
	expect("host.audit-var-lib-docker", RL0(", 'audit': " KERNEL(
	    WATCH("/home/alice/.local/share/docker", "dir", "rwxa")) ", "
	    "'audit_paths': {'data_root': {'path': "
	    "'/home/alice/.local/share/docker', 'exists': true}}"), HA_PASS,
	    "is watched by");
	/* its home unknown: never /etc/docker's files instead */
	expect("host.audit-etc-docker", RL0(", 'audit': " KERNEL("")
	    ", 'audit_paths': {'etc_docker': {'path': '/etc/docker', "
	    "'exists': true}}"), HA_ERROR, "where its etc_docker is, is "
	    "unknown");
	expect("host.audit-daemon-json", RL0(", 'audit': " KERNEL("")
	    ", 'audit_paths': {'daemon_json': {'path': "
	    "'/etc/docker/daemon.json', 'exists': true}}"), HA_ERROR,
	    "where its daemon_json is, is unknown");
	/* no exec root known: not judged */
	expect("host.audit-run-containerd", "{'engine': {'info': "
	    "{'SecurityOptions': ['name=rootless']}}, 'audit': " KERNEL("")
	    "}", HA_ERROR, "its exec root");
}

/* ---- benchmark versions: what each profile's number runs ---- */

#define ref_check ha_test_ref_check

/* Run what profile numbers ref over q-quoted facts, as that profile. */
static void
expect_ref(const char *profile, const char *ref, const char *facts,
    enum ha_status want, const char *msg)
{
	const char *id;
	char *params = ref_check(profile, ref, &id);

	expectp(id, facts, params, want, msg);
	free(params);
}

#define CIS160	"profiles/cis-docker-1.6.0.json"
#define CIS170	"profiles/cis-docker-1.7.0.json"
#define CIS180	"profiles/cis-docker-1.8.0.json"

/* The docker.socket unit and the socket docker.sock, both present. */
#define SOCKETS(rules) "{'audit': " KERNEL(rules) ", 'audit_paths': {"	\
	"'docker_socket_unit': {'path': "				\
	"'/usr/lib/systemd/system/docker.socket', 'exists': true}, "	\
	"'docker_sock': {'path': '/var/run/docker.sock', 'real_path': "	\
	"'/run/docker.sock', 'exists': true}}}"

/* 1.1.9: the docker.socket unit in CIS 1.6.0, docker.sock from 1.7.0. */
static void
test_cis_docker_sock(void **state)
{
	(void)state;
	expect_ref(CIS160, "1.1.9", SOCKETS(WATCH("/var/run/docker.sock",
	    "watch", "rwxa")), HA_FAIL, "no audit rule watches "
	    "'/usr/lib/systemd/system/docker.socket'");
	expect_ref(CIS170, "1.1.9", SOCKETS(WATCH("/var/run/docker.sock",
	    "watch", "rwxa")), HA_PASS, "'/var/run/docker.sock' is watched");
	expect_ref(CIS180, "1.1.9", SOCKETS(WATCH("/var/run/docker.sock",
	    "watch", "rwxa")), HA_PASS, "'/var/run/docker.sock' is watched");
	expect_ref(CIS160, "1.1.9", SOCKETS(WATCH(
	    "/usr/lib/systemd/system/docker.socket", "watch", "rwxa")),
	    HA_PASS, "docker.socket' is watched");
	expect_ref(CIS180, "1.1.9", SOCKETS(WATCH(
	    "/usr/lib/systemd/system/docker.socket", "watch", "rwxa")),
	    HA_FAIL, "no audit rule watches '/var/run/docker.sock' "
	    "(/run/docker.sock)");
	/* a rule on the real path counts; no socket: not applicable */
	expect("host.audit-docker-sock", SOCKETS(WATCH("/run", "dir", "wa")),
	    HA_PASS, NULL);
	expect_audit("host.audit-docker-sock", "docker_sock",
	    "/var/run/docker.sock", NULL, 0, KERNEL(""), HA_SKIP,
	    "not present on this host");
}

#define NEVER(p) "{'path': '" p "', 'kind': 'dir', 'perms': 'rwxa', " \
	"'key': null, 'action': 'never', 'origin': 'kernel'}"
/* The data root dr watched by rules. */
#define DATA_ROOT(dr, rules) "{'audit': " KERNEL(rules) ", "		\
	"'audit_paths': {'data_root': {'path': '" dr "', 'exists': true}}}"
#define DR_WATCH	WATCH("/var/lib/docker", "dir", "rwxa")

/*
 * 1.1.5: from CIS 1.7.0 the data root's watch comes with never rules for
 * its volumes and overlay2; 1.6.0 asks for the watch alone.
 */
static void
test_cis_data_root_excludes(void **state)
{
	(void)state;
	expect_ref(CIS160, "1.1.5", DATA_ROOT("/var/lib/docker", DR_WATCH),
	    HA_PASS, "is watched by");
	expect_ref(CIS170, "1.1.5", DATA_ROOT("/var/lib/docker", DR_WATCH),
	    HA_WARN, "no 'never' rule excludes '/var/lib/docker/volumes', "
	    "'/var/lib/docker/overlay2'");
	expect_ref(CIS180, "1.1.5", DATA_ROOT("/var/lib/docker", DR_WATCH),
	    HA_WARN, "container I/O there floods the audit log");
	expect_ref(CIS170, "1.1.5", DATA_ROOT("/var/lib/docker", DR_WATCH ", "
	    NEVER("/var/lib/docker/volumes") ", "
	    NEVER("/var/lib/docker/overlay2")), HA_PASS,
	    "never rules exclude its volumes, overlay2");
	expect_ref(CIS160, "1.1.5", DATA_ROOT("/var/lib/docker", DR_WATCH ", "
	    NEVER("/var/lib/docker/volumes") ", "
	    NEVER("/var/lib/docker/overlay2")), HA_PASS, NULL);
	/* the benchmark's own form: path= on the directory, perm=war */
	expect_ref(CIS180, "1.1.5", DATA_ROOT("/var/lib/docker",
	    WATCH("/var/lib/docker", "watch", "wa") ", "
	    NEVER("/var/lib/docker/volumes") ", "
	    NEVER("/var/lib/docker/overlay2")), HA_PASS, NULL);
	/* userns-remap keeps them one level down */
	expect_ref(CIS180, "1.1.5", DATA_ROOT("/var/lib/docker", DR_WATCH ", "
	    NEVER("/var/lib/docker/165536.165536/volumes") ", "
	    NEVER("/var/lib/docker/165536.165536/overlay2")), HA_PASS, NULL);
	/* one missing is named; deeper or elsewhere does not count */
	expect_ref(CIS180, "1.1.5", DATA_ROOT("/var/lib/docker", DR_WATCH ", "
	    NEVER("/var/lib/docker/volumes") ", "
	    NEVER("/var/lib/docker/a/b/overlay2") ", "
	    NEVER("/srv/overlay2")), HA_WARN,
	    "excludes '/var/lib/docker/overlay2':");
	/* no watch at all fails in every version, exclusions or not */
	expect_ref(CIS180, "1.1.5", DATA_ROOT("/var/lib/docker",
	    NEVER("/var/lib/docker/volumes")), HA_FAIL,
	    "no audit rule watches '/var/lib/docker'");
}

/*
 * 1.1.5 in CIS 1.8.0 names the configured data-root too; hostaudit
 * judges the daemon's effective data-root in every version.
 */
static void
test_cis_configured_data_root(void **state)
{
	(void)state;
	expect_ref(CIS180, "1.1.5", DATA_ROOT("/mnt/docker-data",
	    WATCH("/mnt/docker-data", "dir", "rwxa") ", "
	    NEVER("/mnt/docker-data/volumes") ", "
	    NEVER("/mnt/docker-data/overlay2")), HA_PASS,
	    "'/mnt/docker-data' is watched");
	expect_ref(CIS180, "1.1.5", DATA_ROOT("/mnt/docker-data", DR_WATCH
	    ", " NEVER("/var/lib/docker/volumes") ", "
	    NEVER("/var/lib/docker/overlay2")), HA_FAIL,
	    "no audit rule watches '/mnt/docker-data'");
	expect_ref(CIS160, "1.1.5", DATA_ROOT("/mnt/docker-data",
	    WATCH("/mnt/docker-data", "dir", "rwxa")), HA_PASS, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_id_registered),
		cmocka_unit_test(test_manual),
		cmocka_unit_test(test_partition),
		cmocka_unit_test(test_group),
		cmocka_unit_test(test_audit_each_path),
		cmocka_unit_test(test_audit_directory_rule),
		cmocka_unit_test(test_audit_usr_merge),
		cmocka_unit_test(test_audit_sources),
		cmocka_unit_test(test_audit_target),
		cmocka_unit_test(test_rootless_group),
		cmocka_unit_test(test_rootless_partition),
		cmocka_unit_test(test_rootless_audit),
		cmocka_unit_test(test_cis_docker_sock),
		cmocka_unit_test(test_cis_data_root_excludes),
		cmocka_unit_test(test_cis_configured_data_root),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

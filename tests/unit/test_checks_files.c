/* SPDX-License-Identifier: Apache-2.0 */
/* test_checks_files.c - section 3: ownership and modes of Docker's files. */
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

/*
 * Run check id over facts with one file role; mode is a real number
 * (pass octal literals), so the fixture holds its decimal value exactly
 * as collect writes st_mode & 07777.
 */
static enum ha_status
run_file(const char *id, const char *role, const char *path,
    const char *type, unsigned int mode, int uid, int gid,
    const char *group, struct ha_result *r)
{
	char *facts;
	enum ha_status st;

	facts = ha_xasprintf("{\"files\": {\"%s\": {\"path\": \"%s\", "
	    "\"exists\": true, \"type\": \"%s\", \"mode\": %u, \"uid\": %d, "
	    "\"gid\": %d, \"user\": \"root\", \"group\": \"%s\"}}}", role, path,
	    type, mode, uid, gid, group);
	st = ha_test_run(id, facts, NULL, r);
	free(facts);
	return st;
}

static enum ha_status
mode_status(const char *id, const char *role, const char *type,
    unsigned int mode)
{
	struct ha_result r;
	enum ha_status st;

	st = run_file(id, role, "/x", type, mode, 0, 0, "root", &r);
	ha_result_release(&r);
	return st;
}

static void
test_every_id_registered(void **state)
{
	static const char *const roles[] = {
		"docker-service", "docker-socket-unit", "etc-docker",
		"registry-certs", "tlscacert", "tlscert", "tlskey",
		"docker-sock", "daemon-json", "etc-default-docker",
		"etc-sysconfig-docker", "containerd-sock",
	};
	const struct ha_check *c;
	char id[64];
	size_t i;
	int k;

	(void)state;
	for (i = 0; i < sizeof(roles) / sizeof(roles[0]); i++)
		for (k = 0; k < 2; k++) {
			snprintf(id, sizeof(id), "file.%s-%s", roles[i],
			    k ? "mode" : "owner");
			c = ha_registry_find(id);
			if (c == NULL)
				fail_msg("no check %s", id);
			assert_int_equal(c->scope, HA_SCOPE_FILE);
			assert_int_equal(c->level, 1);
			assert_non_null(c->eval);
			assert_non_null(strstr(c->remediation, k ? "chmod" :
			    "chown"));
		}
}

/* The mask is a bit mask, not a number to compare. */
static void
test_mode_bits(void **state)
{
	const char *id = "file.daemon-json-mode", *role = "daemon_json";

	(void)state;
	assert_int_equal(mode_status(id, role, "file", 0644), HA_PASS);
	assert_int_equal(mode_status(id, role, "file", 0600), HA_PASS);
	assert_int_equal(mode_status(id, role, "file", 0640), HA_PASS);
	assert_int_equal(mode_status(id, role, "file", 0400), HA_PASS);
	assert_int_equal(mode_status(id, role, "file", 0), HA_PASS);
	assert_int_equal(mode_status(id, role, "file", 0664), HA_FAIL);
	assert_int_equal(mode_status(id, role, "file", 0744), HA_FAIL);
	assert_int_equal(mode_status(id, role, "file", 0646), HA_FAIL);
	assert_int_equal(mode_status(id, role, "file", 04644), HA_FAIL);
	/* 0550 is numerically below 0644 but sets execute bits */
	assert_int_equal(mode_status(id, role, "file", 0550), HA_FAIL);
}

/* The facts hold st_mode as a JSON number: 420 is 0644. */
static void
test_decimal_octal_trap(void **state)
{
	struct ha_result r;

	(void)state;
	assert_int_equal(ha_test_runq("file.daemon-json-mode", "{'files': "
	    "{'daemon_json': {'path': '/etc/docker/daemon.json', 'exists': "
	    "true, 'type': 'file', 'mode': 420, 'uid': 0, 'gid': 0}}}", NULL,
	    &r), HA_PASS);
	assert_non_null(strstr(r.message, "mode 0644"));
	ha_result_release(&r);
	/* decimal 644 is 01204: sticky, group write, other read */
	assert_int_equal(ha_test_runq("file.daemon-json-mode", "{'files': "
	    "{'daemon_json': {'path': '/etc/docker/daemon.json', 'exists': "
	    "true, 'type': 'file', 'mode': 644, 'uid': 0, 'gid': 0}}}", NULL,
	    &r), HA_FAIL);
	assert_non_null(strstr(r.message, "mode 1204"));
	ha_result_release(&r);
}

static void
test_mode_per_role(void **state)
{
	(void)state;
	assert_int_equal(mode_status("file.tlskey-mode", "tlskey", "file",
	    0400), HA_PASS);
	assert_int_equal(mode_status("file.tlskey-mode", "tlskey", "file",
	    0440), HA_FAIL);
	assert_int_equal(mode_status("file.tlscert-mode", "tlscert", "file",
	    0444), HA_PASS);
	assert_int_equal(mode_status("file.tlscert-mode", "tlscert", "file",
	    0644), HA_FAIL);
	assert_int_equal(mode_status("file.tlscacert-mode", "tlscacert",
	    "file", 0440), HA_PASS);
	assert_int_equal(mode_status("file.etc-docker-mode", "etc_docker",
	    "dir", 0755), HA_PASS);
	assert_int_equal(mode_status("file.etc-docker-mode", "etc_docker",
	    "dir", 0775), HA_FAIL);
	assert_int_equal(mode_status("file.docker-service-mode",
	    "docker_service", "file", 0644), HA_PASS);
	assert_int_equal(mode_status("file.docker-socket-unit-mode",
	    "docker_socket_unit", "file", 0666), HA_FAIL);
	assert_int_equal(mode_status("file.etc-default-docker-mode",
	    "etc_default_docker", "file", 0644), HA_PASS);
	assert_int_equal(mode_status("file.etc-sysconfig-docker-mode",
	    "etc_sysconfig_docker", "file", 0664), HA_FAIL);
	assert_int_equal(mode_status("file.docker-sock-mode", "docker_sock",
	    "socket", 0660), HA_PASS);
	assert_int_equal(mode_status("file.docker-sock-mode", "docker_sock",
	    "socket", 0666), HA_FAIL);
	assert_int_equal(mode_status("file.containerd-sock-mode",
	    "containerd_sock", "socket", 0600), HA_PASS);
	assert_int_equal(mode_status("file.containerd-sock-mode",
	    "containerd_sock", "socket", 0662), HA_FAIL);
}

static void
test_type(void **state)
{
	struct ha_result r;

	(void)state;
	/* a regular file where the socket should be */
	assert_int_equal(run_file("file.docker-sock-mode", "docker_sock",
	    "/var/run/docker.sock", "file", 0660, 0, 999, "docker", &r),
	    HA_FAIL);
	assert_non_null(strstr(r.message, "not a socket"));
	ha_result_release(&r);
	assert_int_equal(run_file("file.containerd-sock-owner",
	    "containerd_sock", "/run/containerd/containerd.sock", "file",
	    0660, 0, 0, "root", &r), HA_FAIL);
	assert_non_null(strstr(r.message, "not a socket"));
	ha_result_release(&r);
	assert_int_equal(mode_status("file.etc-docker-mode", "etc_docker",
	    "file", 0755), HA_FAIL);
	assert_int_equal(mode_status("file.daemon-json-mode", "daemon_json",
	    "dir", 0644), HA_FAIL);
}

/*
 * Every single-file owner and mode check, both ways: the required owner
 * and mode pass; another owner, or one permission bit beyond the mask,
 * fails.  The daemon uses TLS so that the TLS roles apply.
 */
static void
test_every_role_both_ways(void **state)
{
	static const struct {
		const char	*slug, *role, *type, *group;
		unsigned int	 mode;
		int		 gid;
	} rows[] = {
		{ "docker-service", "docker_service", "file", "root", 0644, 0 },
		{ "docker-socket-unit", "docker_socket_unit", "file", "root",
		  0644, 0 },
		{ "etc-docker", "etc_docker", "dir", "root", 0755, 0 },
		{ "tlscacert", "tlscacert", "file", "root", 0444, 0 },
		{ "tlscert", "tlscert", "file", "root", 0444, 0 },
		{ "tlskey", "tlskey", "file", "root", 0400, 0 },
		{ "docker-sock", "docker_sock", "socket", "docker", 0660, 998 },
		{ "daemon-json", "daemon_json", "file", "root", 0644, 0 },
		{ "etc-default-docker", "etc_default_docker", "file", "root",
		  0644, 0 },
		{ "etc-sysconfig-docker", "etc_sysconfig_docker", "file",
		  "root", 0644, 0 },
		{ "containerd-sock", "containerd_sock", "socket", "root", 0660,
		  0 },
	};
	struct ha_result r;
	char id[64], *facts;
	size_t i;
	int k, bad;

	(void)state;
	for (i = 0; i < HA_ARRAY_SIZE(rows); i++)
		for (k = 0; k < 4; k++) {
			/* k: 0 owner ok, 1 owner bad, 2 mode ok, 3 mode bad */
			bad = k & 1;
			snprintf(id, sizeof(id), "file.%s-%s", rows[i].slug,
			    k < 2 ? "owner" : "mode");
			facts = ha_xasprintf("{'daemon': {'status': 'found', "
			    "'settings': {'tlsverify': {'value': true, "
			    "'source': 'flag'}, 'group': {'value': 'docker', "
			    "'source': 'default'}}}, 'files': {'%s': {'path': "
			    "'/x', 'exists': true, 'type': '%s', 'mode': %u, "
			    "'uid': %d, 'gid': %d, 'user': 'root', 'group': "
			    "'%s'}}}", rows[i].role, rows[i].type,
			    rows[i].mode | (k == 3 ? 0002u : 0u),
			    k == 1 ? 1000 : 0, rows[i].gid, rows[i].group);
			if (ha_test_runq(id, facts, NULL, &r) !=
			    (bad ? HA_FAIL : HA_PASS))
				fail_msg("%s (%s): %s: %s", id, bad ? "bad" :
				    "good", ha_status_name(r.status),
				    r.message);
			ha_result_release(&r);
			free(facts);
		}
}

static void
test_owner(void **state)
{
	struct ha_result r;

	(void)state;
	assert_int_equal(run_file("file.daemon-json-owner", "daemon_json",
	    "/etc/docker/daemon.json", "file", 0644, 0, 0, "root", &r),
	    HA_PASS);
	assert_int_equal(r.ntargets, 1);
	assert_string_equal(r.targets[0].kind, "file");
	assert_string_equal(r.targets[0].name, "/etc/docker/daemon.json");
	ha_result_release(&r);
	assert_int_equal(run_file("file.daemon-json-owner", "daemon_json",
	    "/etc/docker/daemon.json", "file", 0644, 1000, 0, "root", &r),
	    HA_FAIL);
	ha_result_release(&r);
	assert_int_equal(run_file("file.tlskey-owner", "tlskey",
	    "/etc/docker/key.pem", "file", 0400, 0, 50, "staff", &r),
	    HA_FAIL);
	assert_non_null(strstr(r.message, "expected root:root"));
	ha_result_release(&r);
}

static void
test_docker_sock_group(void **state)
{
	struct ha_result r;

	(void)state;
	assert_int_equal(run_file("file.docker-sock-owner", "docker_sock",
	    "/var/run/docker.sock", "socket", 0660, 0, 998, "docker", &r),
	    HA_PASS);
	ha_result_release(&r);
	assert_int_equal(run_file("file.docker-sock-owner", "docker_sock",
	    "/var/run/docker.sock", "socket", 0660, 0, 0, "root", &r),
	    HA_FAIL);
	assert_non_null(strstr(r.message, "expected root:docker"));
	ha_result_release(&r);
	/* the daemon's "group" setting names another group */
	assert_int_equal(ha_test_runq("file.docker-sock-owner", "{'daemon': "
	    "{'settings': {'group': {'value': 'dockerusers', 'source': "
	    "'file'}}}, 'files': {'docker_sock': {'path': '/run/docker.sock',"
	    " 'exists': true, 'type': 'socket', 'mode': 432, 'uid': 0, 'gid':"
	    " 1001, 'group': 'dockerusers'}}}", NULL, &r), HA_PASS);
	ha_result_release(&r);
	/* or a numeric gid */
	assert_int_equal(ha_test_runq("file.docker-sock-owner", "{'daemon': "
	    "{'settings': {'group': {'value': '1001', 'source': 'flag'}}}, "
	    "'files': {'docker_sock': {'path': '/run/docker.sock', 'exists': "
	    "true, 'type': 'socket', 'mode': 432, 'uid': 0, 'gid': 1002, "
	    "'group': null}}}", NULL, &r), HA_FAIL);
	ha_result_release(&r);
}

static void
test_absent_error_missing(void **state)
{
	struct ha_result r;

	(void)state;
	assert_int_equal(ha_test_runq("file.etc-sysconfig-docker-owner",
	    "{'files': {'etc_sysconfig_docker': {'path': "
	    "'/etc/sysconfig/docker', 'exists': false}}}", NULL, &r),
	    HA_SKIP);
	assert_non_null(strstr(r.message, "not present"));
	ha_result_release(&r);
	assert_int_equal(ha_test_runq("file.daemon-json-mode", "{'files': "
	    "{'daemon_json': {'path': '/etc/docker/daemon.json', 'error': "
	    "'cannot stat: Permission denied'}}}", NULL, &r), HA_ERROR);
	assert_non_null(strstr(r.message, "Permission denied"));
	ha_result_release(&r);
	/* the role was never looked for (e.g. no tlskey setting) */
	assert_int_equal(ha_test_runq("file.tlskey-mode", "{'files': {}}",
	    NULL, &r), HA_SKIP);
	assert_string_equal(r.message, "the daemon does not use TLS");
	ha_result_release(&r);
	assert_int_equal(ha_test_runq("file.tlskey-mode", "{'daemon': "
	    "{'settings': {'tlsverify': {'value': true, 'source': 'file'}}}, "
	    "'files': {}}", NULL, &r), HA_SKIP);
	assert_string_equal(r.message, "'tlskey' was not looked for");
	ha_result_release(&r);
}

static void
test_symlink(void **state)
{
	struct ha_result r;

	(void)state;
	assert_int_equal(ha_test_runq("file.docker-service-mode", "{'files': "
	    "{'docker_service': {'path': "
	    "'/etc/systemd/system/docker.service', 'exists': true, 'type': "
	    "'symlink', 'mode': 511, 'uid': 0, 'gid': 0, 'link_target': "
	    "'/lib/systemd/system/docker.service', 'resolved': {'path': "
	    "'/lib/systemd/system/docker.service', 'exists': true, 'type': "
	    "'file', 'mode': 420, 'uid': 0, 'gid': 0}}}}", NULL, &r),
	    HA_PASS);
	assert_non_null(strstr(r.message, "symbolic link"));
	ha_result_release(&r);
	assert_int_equal(ha_test_runq("file.docker-service-mode", "{'files': "
	    "{'docker_service': {'path': '/etc/systemd/system/docker.service',"
	    " 'exists': true, 'type': 'symlink', 'mode': 511, 'uid': 0, "
	    "'gid': 0, 'resolved': {'path': '/srv/docker.service', 'exists': "
	    "true, 'type': 'file', 'mode': 438, 'uid': 0, 'gid': 0}}}}", NULL,
	    &r), HA_FAIL);
	ha_result_release(&r);
	/* a link whose target collect did not stat cannot be judged */
	assert_int_equal(ha_test_runq("file.docker-service-owner", "{'files': "
	    "{'docker_service': {'path': '/etc/systemd/system/docker.service',"
	    " 'exists': true, 'type': 'symlink', 'mode': 511, 'uid': 0, "
	    "'gid': 0}}}", NULL, &r), HA_ERROR);
	ha_result_release(&r);
}

#define CERT(p, m, u, t) "{'path': '" p "', 'exists': true, 'type': '" t \
	"', 'mode': " m ", 'uid': " u ", 'gid': 0}"

static void
test_registry_certs(void **state)
{
	struct ha_result r;

	(void)state;
	assert_int_equal(ha_test_runq("file.registry-certs-mode",
	    "{'registry_certs': []}", NULL, &r), HA_SKIP);
	ha_result_release(&r);
	assert_int_equal(ha_test_runq("file.registry-certs-mode",
	    "{'registry_certs': [" CERT("/etc/docker/certs.d/r:5000", "493",
	    "0", "dir") ", " CERT("/etc/docker/certs.d/r:5000/ca.crt", "292",
	    "0", "file") "]}", NULL, &r), HA_PASS);
	assert_int_equal(ha_test_target_status(&r,
	    "/etc/docker/certs.d/r:5000/ca.crt"), HA_PASS);
	ha_result_release(&r);
	assert_int_equal(ha_test_runq("file.registry-certs-mode",
	    "{'registry_certs': [" CERT("/etc/docker/certs.d/a/ca.crt", "292",
	    "0", "file") ", " CERT("/etc/docker/certs.d/b/ca.crt", "420", "0",
	    "file") "]}", NULL, &r), HA_FAIL);
	assert_int_equal(r.ntargets, 2);
	assert_int_equal(ha_test_target_status(&r,
	    "/etc/docker/certs.d/a/ca.crt"), HA_PASS);
	assert_int_equal(ha_test_target_status(&r,
	    "/etc/docker/certs.d/b/ca.crt"), HA_FAIL);
	assert_string_equal(r.message, "1 of 2 files fail");
	ha_result_release(&r);
	assert_int_equal(ha_test_runq("file.registry-certs-owner",
	    "{'registry_certs': [" CERT("/etc/docker/certs.d/a/ca.crt", "292",
	    "1000", "file") "]}", NULL, &r), HA_FAIL);
	ha_result_release(&r);
	assert_int_equal(ha_test_runq("file.registry-certs-owner",
	    "{'registry_certs': [" CERT("/etc/docker/certs.d/a/ca.crt", "292",
	    "0", "file") "]}", NULL, &r), HA_PASS);
	ha_result_release(&r);
}

/*
 * A rootless daemon run by user alice (1001:1001) whose user namespace
 * maps gids 100000-165535; extra: more keys of facts.daemon.rootless
 * (q-quoted, each starting with ", ").  files: the facts.files object.
 */
#define RL_MORE(extra, files, more)					\
	"{'engine': {'status': 'ok', 'info': {'SecurityOptions': "	\
	"['name=rootless']}}, 'daemon': {'status': 'found', 'uid': 1001, "\
	"'rootless': {'detected_by': ['info', 'rootlesskit'], 'uid': 1001, "\
	"'gid': 1001, 'user': 'alice', "				\
	"'config_dir': '/home/alice/.config/docker', 'gid_map': [[0, 1001, "\
	"1], [1, 100000, 65536]], 'cgroup': '/user.slice/user-1001.slice/"\
	"session-2.scope'" extra "}}, 'files': {" files "}" more "}"
#define RL_FACTS(extra, files)	RL_MORE(extra, files, "")
/* the usual extra: dockerd's process seen, no unit runs it */
#define RL_STD	", 'uid_from': 'process', 'unit': null"
/* ... run by a systemd user unit */
#define RL_USER_UNIT							\
	", 'uid_from': 'process', 'unit': 'docker.service', 'unit_scope': "\
	"'user'"
#define RL_FILE(role, path, type, mode, uid, gid)			\
	"'" role "': {'path': '" path "', 'exists': true, 'type': '" type \
	"', 'mode': " mode ", 'uid': " uid ", 'gid': " gid "}"
#define RL_SOCK(mode, uid, gid)						\
	RL_FILE("docker_sock", "/run/user/1001/docker.sock", "socket", mode,\
	    uid, gid)

/* 3.15 and 3.16 for a rootless daemon: its user's socket, no others. */
static void
test_rootless_socket(void **state)
{
	(void)state;
	/* what dockerd-rootless.sh makes: hartx:<docker in its ns>, 01660 */
	ha_test_expect_msg("file.docker-sock-owner", RL_FACTS(RL_STD,
	    RL_SOCK("944", "1001", "100105")), HA_PASS,
	    "'/run/user/1001/docker.sock': owned by ?:? (1001:100105): the "
	    "rootless daemon's user, with a group that gives no other user "
	    "access");
	ha_test_expect_msg("file.docker-sock-mode", RL_FACTS(RL_STD,
	    RL_SOCK("944", "1001", "100105")), HA_PASS,
	    "'/run/user/1001/docker.sock': mode 1660, within 0660 (and the "
	    "sticky bit a rootless dockerd sets)");
	/* root:docker is the system daemon's socket, not this one's */
	ha_test_expect("file.docker-sock-owner", RL_FACTS(RL_STD,
	    RL_SOCK("432", "0", "998")), NULL, HA_FAIL,
	    "/run/user/1001/docker.sock", HA_FAIL,
	    "expected the rootless daemon's user alice (1001);", HA_TEST_END);
	/* a host group outside its namespace may connect */
	ha_test_expect("file.docker-sock-owner", RL_FACTS(RL_STD,
	    RL_SOCK("432", "1001", "100")), NULL, HA_FAIL,
	    "/run/user/1001/docker.sock", HA_FAIL, ", group 100 gives other "
	    "users access", HA_TEST_END);
	ha_test_expect("file.docker-sock-owner", RL_FACTS(RL_STD,
	    RL_SOCK("432", "1001", "1001")), NULL, HA_PASS,
	    "/run/user/1001/docker.sock", HA_PASS, NULL, HA_TEST_END);
	/* access for others fails, sticky or not */
	ha_test_expect("file.docker-sock-mode", RL_FACTS(RL_STD,
	    RL_SOCK("950", "1001", "100105")), NULL, HA_FAIL,
	    "/run/user/1001/docker.sock", HA_FAIL, "extra bits 0006",
	    HA_TEST_END);
	/* the sticky bit is allowed for a rootless daemon's socket only */
	assert_int_equal(mode_status("file.docker-sock-mode", "docker_sock",
	    "socket", 01660), HA_FAIL);
}

/* Without a gid_map, a subordinate gid cannot be told from another. */
static void
test_rootless_no_gid_map(void **state)
{
	struct ha_result r;
	char *facts = ha_xstrdup(RL_FACTS(RL_STD, RL_SOCK("944", "1001",
	    "100105")));
	char *p = strstr(facts, "'gid_map'");

	(void)state;
	memcpy(p, "'no_map' ", 9);
	assert_int_equal(ha_test_runq("file.docker-sock-owner", facts, NULL,
	    &r), HA_ERROR);
	assert_non_null(strstr(r.message, "unknown (no gid_map)"));
	ha_result_release(&r);
	free(facts);
}

/* Files it reads: the user's or root's; the CIS modes still hold. */
static void
test_rootless_config(void **state)
{
	(void)state;
	ha_test_expect("file.daemon-json-owner", RL_FACTS(RL_STD,
	    RL_FILE("daemon_json", "/home/alice/.config/docker/daemon.json",
	    "file", "420", "1001", "1001")), NULL, HA_PASS,
	    "/home/alice/.config/docker/daemon.json", HA_PASS, NULL,
	    HA_TEST_END);
	ha_test_expect("file.daemon-json-owner", RL_FACTS(RL_STD,
	    RL_FILE("daemon_json", "/home/alice/.config/docker/daemon.json",
	    "file", "420", "0", "0")), NULL, HA_PASS,
	    "/home/alice/.config/docker/daemon.json", HA_PASS, "root, which "
	    "may own what the rootless daemon reads", HA_TEST_END);
	ha_test_expect("file.daemon-json-owner", RL_FACTS(RL_STD,
	    RL_FILE("daemon_json", "/home/alice/.config/docker/daemon.json",
	    "file", "420", "1002", "1002")), NULL, HA_FAIL,
	    "/home/alice/.config/docker/daemon.json", HA_FAIL, "expected the "
	    "rootless daemon's user alice (1001) or root", HA_TEST_END);
	ha_test_expect("file.daemon-json-mode", RL_FACTS(RL_STD,
	    RL_FILE("daemon_json", "/home/alice/.config/docker/daemon.json",
	    "file", "438", "1001", "1001")), NULL, HA_FAIL,
	    "/home/alice/.config/docker/daemon.json", HA_FAIL,
	    "extra bits 0022", HA_TEST_END);
	/* a file's sticky bit is no runtime directory's */
	ha_test_expect("file.daemon-json-mode", RL_FACTS(RL_STD,
	    RL_FILE("daemon_json", "/home/alice/.config/docker/daemon.json",
	    "file", "932", "1001", "1001")), NULL, HA_FAIL,
	    "/home/alice/.config/docker/daemon.json", HA_FAIL,
	    "extra bits 1000", HA_TEST_END);
	ha_test_expect("file.etc-docker-owner", RL_FACTS(RL_STD,
	    RL_FILE("etc_docker", "/home/alice/.config/docker", "dir", "493",
	    "1001", "1001")), NULL, HA_PASS, "/home/alice/.config/docker",
	    HA_PASS, NULL, HA_TEST_END);
	ha_test_expect_msg("file.registry-certs-owner", RL_MORE(RL_STD, "",
	    ", 'registry_certs': []"), HA_SKIP, "no registry certificate files "
	    "under /home/alice/.config/docker/certs.d");
}

/* What a rootless daemon does not read, or no unit that runs it. */
static void
test_rootless_not_applicable(void **state)
{
	(void)state;
	ha_test_expect_msg("file.etc-default-docker-owner", RL_FACTS(RL_STD,
	    RL_FILE("etc_default_docker", "/etc/default/docker", "file",
	    "438", "0", "0")), HA_SKIP, "rootless dockerd: it does not read "
	    "'/etc/default/docker', only the system's docker service does");
	ha_test_expect_msg("file.etc-sysconfig-docker-mode",
	    RL_FACTS(RL_STD, ""), HA_SKIP, "rootless dockerd: it does not read "
	    "'etc_sysconfig_docker', only the system's docker service does");
	ha_test_expect_msg("file.docker-service-mode", RL_FACTS(RL_STD,
	    RL_FILE("docker_service", "/lib/systemd/system/docker.service",
	    "file", "438", "0", "0")), HA_SKIP, "rootless dockerd of user "
	    "alice is not run by a systemd unit (cgroup '/user.slice/"
	    "user-1001.slice/session-2.scope'): the system's docker.service "
	    "does not start it");
	ha_test_expect_msg("file.docker-socket-unit-owner",
	    RL_FACTS(RL_STD, ""), HA_SKIP, "rootless dockerd of user alice is "
	    "not run by a systemd unit (cgroup '/user.slice/user-1001.slice/"
	    "session-2.scope'): the system's docker.socket does not start it");
}

/* The unit that runs it: a user unit is its own, a system unit root's. */
static void
test_rootless_unit(void **state)
{
	(void)state;
	ha_test_expect("file.docker-service-owner", RL_FACTS(RL_USER_UNIT,
	    RL_FILE("docker_service", "/home/alice/.config/systemd/user/"
	    "docker.service", "file", "420", "1001", "1001")), NULL, HA_PASS,
	    "/home/alice/.config/systemd/user/docker.service", HA_PASS, NULL,
	    HA_TEST_END);
	ha_test_expect("file.docker-service-mode", RL_FACTS(RL_USER_UNIT,
	    RL_FILE("docker_service", "/home/alice/.config/systemd/user/"
	    "docker.service", "file", "436", "1001", "1001")), NULL, HA_FAIL,
	    "/home/alice/.config/systemd/user/docker.service", HA_FAIL,
	    "extra bits 0020", HA_TEST_END);
	/* a system unit running it as alice: alice must not own it */
	ha_test_expect("file.docker-service-owner", RL_FACTS(", 'uid_from': "
	    "'process', 'unit': 'docker-rootless.service', 'unit_scope': "
	    "'system'", RL_FILE(
	    "docker_service", "/etc/systemd/system/docker-rootless.service",
	    "file", "420", "1001", "1001")), NULL, HA_FAIL,
	    "/etc/systemd/system/docker-rootless.service", HA_FAIL,
	    "expected root:root", HA_TEST_END);
}

/* Rootless, but whose files they are is unknown: never judged. */
static void
test_rootless_user_unknown(void **state)
{
	(void)state;
	ha_test_expect_msg("file.docker-sock-owner", RL_FACTS(", 'uid_from': "
	    "'socket-owner', 'unit': null", RL_SOCK("944", "1001", "100105")),
	    HA_ERROR,
	    "the engine runs in rootless mode, but its dockerd process was "
	    "not found, so the user whose files these are is unknown");
	ha_test_expect_msg("file.docker-sock-mode", "{'engine': {'status': "
	    "'ok', 'info': {'SecurityOptions': ['name=rootless']}}, 'daemon': "
	    "{'status': 'not-found'}, 'files': {" RL_SOCK("944", "1001",
	    "100105") "}}", HA_ERROR, "the engine runs in rootless mode, but "
	    "its dockerd process was not found, so the user whose files these "
	    "are is unknown");
	/* its home unknown: its files were not looked for, nor skipped */
	ha_test_expect_msg("file.daemon-json-mode", RL_FACTS(RL_STD, ""),
	    HA_ERROR, "rootless dockerd: where its daemon_json is was not "
	    "found (its home directory is unknown)");
	ha_test_expect_msg("file.registry-certs-owner", RL_FACTS(RL_STD, ""),
	    HA_ERROR, "rootless dockerd: its configuration directory, and so "
	    "its certs.d, is unknown");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_id_registered),
		cmocka_unit_test(test_mode_bits),
		cmocka_unit_test(test_decimal_octal_trap),
		cmocka_unit_test(test_mode_per_role),
		cmocka_unit_test(test_type),
		cmocka_unit_test(test_every_role_both_ways),
		cmocka_unit_test(test_owner),
		cmocka_unit_test(test_docker_sock_group),
		cmocka_unit_test(test_absent_error_missing),
		cmocka_unit_test(test_symlink),
		cmocka_unit_test(test_registry_certs),
		cmocka_unit_test(test_rootless_socket),
		cmocka_unit_test(test_rootless_no_gid_map),
		cmocka_unit_test(test_rootless_config),
		cmocka_unit_test(test_rootless_not_applicable),
		cmocka_unit_test(test_rootless_unit),
		cmocka_unit_test(test_rootless_user_unknown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_podman.c - a Podman engine behind the Docker-compatible API: its
 * detection, the checks skipped because they are about dockerd, those
 * judged on Podman's equivalent, its GET /info and inspect quirks, the
 * containers.conf parser and the facts.podman collector.  Fixtures use '
 * for " (see helper_checks.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <ftw.h>
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
#include "ha_podman.h"
#include "ha_report.h"
#include "helper_checks.h"
#include "banned.h"

#define expect	ha_test_expect
#define END	HA_TEST_END

/* GET /version and the Libpod-Api-Version header of Podman VER. */
#define PM_VERSION(ver) "'libpod_api_version': '" ver "', " \
	"'version': {'Version': '" ver "', 'ApiVersion': '1.41', " \
	"'Components': [{'Name': 'Podman Engine', 'Version': '" ver "'}]}, "
/* GET /info of a rootful Podman: its constant quirks included. */
#define PM_INFO(x) "'info': {'ExperimentalBuild': true, " \
	"'LiveRestoreEnabled': false, 'Driver': 'overlay', " \
	"'DockerRootDir': '/var/lib/containers/storage', " \
	"'SecurityOptions': ['name=seccomp,profile=default'], " \
	"'Swarm': {'LocalNodeState': 'inactive'}, " \
	"'RegistryConfig': {'InsecureRegistryCIDRs': [], 'IndexConfigs': " \
	"{'docker.io': {'Name': 'docker.io', 'Secure': true}}}" x "}, "
/*
 * What the daemon collector leaves on a host that also has a Docker
 * daemon.json: settings that must never be read for Podman.
 */
#define DOCKER_LEFTOVERS "'daemon': {'status': 'not-found', " \
	"'config_file': {'status': 'ok', 'path': '/etc/docker/daemon.json'}, " \
	"'settings': {'icc': {'value': true, 'source': 'file'}, " \
	"'no-new-privileges': {'value': true, 'source': 'file'}, " \
	"'seccomp-profile': {'value': 'unconfined', 'source': 'file'}, " \
	"'bridge': {'value': 'none', 'source': 'file'}, " \
	"'experimental': {'value': true, 'source': 'file'}}}, "
/* Podman VER's facts: engine keys E (each ending in ", "), podman P. */
#define PODMAN_V(ver, e, p) "{'host': {'apparmor': false, " \
	"'selinux': false}, " DOCKER_LEFTOVERS \
	"'engine': {'status': 'ok', 'socket': '/run/podman/podman.sock', " \
	PM_VERSION(ver) e "'errors': []}, 'podman': {" p "}}"
#define PODMAN(e, p) PODMAN_V("4.3.1", e, p)

/* A container named N in state S with HostConfig H and more keys X. */
#define PCTR(n, s, h, x) "{'Id': 'id-" n "', 'Name': '/" n "', " \
	"'State': " s ", 'HostConfig': {" h "}" x "}"
#define RUNNING "{'Status': 'running', 'Running': true, 'Pid': 42}"
#define CREATED "{'Status': 'created', 'Running': false, 'Pid': 0}"

/* A file entry of facts.podman (stat fields as collect writes them). */
#define ENTRY(path, type, mode, uid, gid) "{'path': '" path "', " \
	"'real_path': '" path "', 'exists': true, 'type': '" type "', " \
	"'mode': " mode ", 'uid': " uid ", 'gid': " gid ", " \
	"'user': null, 'group': null"
#define CONF(path, mode, uid, scope) ENTRY(path, "file", mode, uid, uid) \
	", 'scope': '" scope "'}"
#define NO_CONFS "'containers_conf': {'files': [], 'settings': {}}, " \
	"'storage_conf': {'files': [], 'settings': {}}"
/* A rootful Podman's user, graph root, /etc/containers, OCI runtime. */
#define ROOTFUL_PATHS "'rootless': false, 'user': {'uid': 0, " \
	"'name': 'root'}, 'graph_root': " \
	ENTRY("/var/lib/containers/storage", "dir", "448", "0", "0") \
	", 'found_by': 'info'}, 'etc_containers': " \
	ENTRY("/etc/containers", "dir", "493", "0", "0") "}, " \
	"'oci_runtime': " ENTRY("/usr/bin/crun", "file", "493", "0", "0") \
	", 'name': 'crun'}, "

static void
test_detection(void **state)
{
	json_t *f;

	(void)state;
	/* the Libpod-Api-Version header alone */
	f = ha_test_json("{\"engine\": {\"status\": \"ok\", "
	    "\"libpod_api_version\": \"4.3.1\"}}");
	assert_string_equal(ha_facts_engine_kind(f), "podman");
	assert_true(ha_podman_is(f));
	json_decref(f);
	/* /version's Components alone (facts saved without the header) */
	f = ha_test_json("{\"engine\": {\"status\": \"ok\", \"version\": "
	    "{\"Version\": \"5.2.0\", \"Components\": [{\"Name\": "
	    "\"Podman Engine\", \"Version\": \"5.2.0\"}]}}}");
	assert_string_equal(ha_facts_engine_kind(f), "podman");
	/* the version the report names is /version's */
	assert_string_equal(ha_facts_str(f, "engine.version.Version"),
	    "5.2.0");
	json_decref(f);
	f = ha_test_json("{\"engine\": {\"status\": \"ok\", \"version\": "
	    "{\"Version\": \"28.2.2\", \"Components\": [{\"Name\": "
	    "\"Engine\", \"Version\": \"28.2.2\"}]}}}");
	assert_string_equal(ha_facts_engine_kind(f), "docker");
	assert_false(ha_podman_is(f));
	json_decref(f);
	f = ha_test_json("{\"host\": {}}");
	assert_null(ha_facts_engine_kind(f));
	assert_false(ha_podman_is(f));
	json_decref(f);
}

/* Every check about dockerd itself is skipped, saying why. */
static void
test_skips(void **state)
{
	static const struct {
		const char	*id, *why;
	} skips[] = {
		{ "host.docker-group", "no docker group" },
		{ "host.audit-dockerd", "no dockerd" },
		{ "host.audit-run-containerd", "no containerd" },
		{ "host.audit-docker-service", "no docker.service" },
		{ "host.audit-containerd-sock", "no containerd" },
		{ "host.audit-docker-socket-unit", "docker.socket" },
		{ "host.audit-etc-default-docker", "/etc/default/docker" },
		{ "host.audit-containerd-config", "no containerd" },
		{ "host.audit-etc-sysconfig-docker", "/etc/sysconfig/docker" },
		{ "host.audit-containerd-bin", "no containerd" },
		{ "host.audit-containerd-shim", "no containerd" },
		{ "host.audit-containerd-shim-runc-v1", "no containerd" },
		{ "host.audit-containerd-shim-runc-v2", "no containerd" },
		{ "daemon.icc", "no dockerd" },
		{ "daemon.log-level", "no dockerd" },
		{ "daemon.iptables", "no dockerd" },
		{ "daemon.tls", "no dockerd" },
		{ "daemon.cgroup-parent", "no dockerd" },
		{ "daemon.base-device-size", "no dockerd" },
		{ "daemon.authorization-plugin", "no authorization plugins" },
		{ "daemon.remote-logging", "no dockerd" },
		{ "daemon.no-new-privileges", "container.no-new-privileges" },
		{ "daemon.live-restore", "no daemon to restore" },
		{ "daemon.userland-proxy", "no dockerd" },
		{ "daemon.experimental", "no experimental mode" },
		{ "daemon.swarm", "no swarm mode" },
		{ "daemon.config-conflict", "no dockerd" },
		{ "daemon.config-unknown", "no dockerd" },
		{ "daemon.tls-cert-expiry", "TLS" },
		{ "daemon.exposed-api", "no dockerd" },
		{ "file.docker-service-owner", "docker.service" },
		{ "file.docker-service-mode", "docker.service" },
		{ "file.docker-socket-unit-owner", "docker.socket" },
		{ "file.docker-socket-unit-mode", "docker.socket" },
		{ "file.tlscacert-owner", "TLS" },
		{ "file.tlscacert-mode", "TLS" },
		{ "file.tlscert-owner", "TLS" },
		{ "file.tlscert-mode", "TLS" },
		{ "file.tlskey-owner", "TLS" },
		{ "file.tlskey-mode", "TLS" },
		{ "file.etc-default-docker-owner", "/etc/default/docker" },
		{ "file.etc-default-docker-mode", "/etc/default/docker" },
		{ "file.etc-sysconfig-docker-owner", "/etc/sysconfig/docker" },
		{ "file.etc-sysconfig-docker-mode", "/etc/sysconfig/docker" },
		{ "file.containerd-sock-owner", "no containerd" },
		{ "file.containerd-sock-mode", "no containerd" },
		{ "swarm.manager-count", "no swarm mode" },
		{ "swarm.listen-interface", "no swarm mode" },
		{ "swarm.overlay-encryption", "no swarm mode" },
		{ "swarm.autolock", "no swarm mode" },
	};
	const char *facts = PODMAN(PM_INFO(""), NO_CONFS);
	struct ha_result r;
	size_t i;

	(void)state;
	for (i = 0; i < HA_ARRAY_SIZE(skips); i++) {
		if (ha_registry_find(skips[i].id) == NULL)
			fail_msg("no check '%s'", skips[i].id);
		ha_test_runq(skips[i].id, facts, NULL, &r);
		if (r.status != HA_SKIP || !ha_starts_with(r.message,
		    "Podman: ") || strstr(r.message, skips[i].why) == NULL)
			fail_msg("%s: %s '%s', want skip naming '%s'",
			    skips[i].id, ha_status_name(r.status), r.message,
			    skips[i].why);
		ha_result_release(&r);
	}
}

/*
 * Every check about dockerd's settings and files is settled for Podman
 * (skipped, or judged on its equivalent, saying so): a check added later
 * must be placed in podman.c's table, not run against dockerd's facts.
 */
static void
test_every_check(void **state)
{
	static const char *const as_docker[] = {
		"file.registry-certs-owner", "file.registry-certs-mode",
		"host.audit-docker-sock",
	};
	const char *facts = PODMAN(PM_INFO(""), ROOTFUL_PATHS NO_CONFS);
	const struct ha_check *c;
	struct ha_result r;
	size_t i, k;

	(void)state;
	for (i = 0; i < ha_registry_count(); i++) {
		c = ha_registry_at(i);
		if ((c->eval == NULL && c->eval_target == NULL) ||
		    !(c->scope == HA_SCOPE_DAEMON ||
		    c->scope == HA_SCOPE_FILE ||
		    ha_starts_with(c->id, "host.audit-") ||
		    ha_starts_with(c->id, "daemon.") ||
		    ha_starts_with(c->id, "swarm.")))
			continue;
		for (k = 0; k < HA_ARRAY_SIZE(as_docker); k++)
			if (strcmp(c->id, as_docker[k]) == 0)
				break;
		if (k < HA_ARRAY_SIZE(as_docker))
			continue;
		ha_test_runq(c->id, facts, NULL, &r);
		if (!ha_starts_with(r.message, "Podman") &&
		    !ha_starts_with(r.message, "needs a person"))
			fail_msg("%s on Podman: %s '%s'", c->id,
			    ha_status_name(r.status), r.message);
		ha_result_release(&r);
	}
}

/* The same facts from dockerd: nothing is settled before the check. */
static void
test_docker_untouched(void **state)
{
	const char *facts = "{'engine': {'status': 'ok', 'version': "
	    "{'Version': '28.2.2'}, 'info': {'Swarm': {'LocalNodeState': "
	    "'inactive'}}}, " DOCKER_LEFTOVERS "'host': {}}";

	(void)state;
	expect("daemon.seccomp-profile", facts, NULL, HA_FAIL, END);
	expect("daemon.experimental", facts, NULL, HA_FAIL, END);
	expect("daemon.swarm", facts, NULL, HA_PASS, END);
}

/* Registry certificates: containers/image reads /etc/docker/certs.d too. */
static void
test_registry_certs(void **state)
{
	(void)state;
	ha_test_expect_msg("file.registry-certs-owner", PODMAN("", NO_CONFS),
	    HA_SKIP, "no registry certificate files under "
	    "/etc/docker/certs.d");
	expect("file.registry-certs-mode", "{'host': {}, 'engine': "
	    "{'status': 'ok', " PM_VERSION("4.3.1") "'errors': []}, "
	    "'registry_certs': [{'path': '/etc/docker/certs.d/r/ca.crt', "
	    "'exists': true, 'type': 'file', 'mode': 438, 'uid': 0, "
	    "'gid': 0}], 'podman': {" NO_CONFS "}}", NULL, HA_FAIL,
	    "/etc/docker/certs.d/r/ca.crt", HA_FAIL, "0666", END);
}

/* Container and image checks run as for Docker. */
static void
test_container_checks_run(void **state)
{
	(void)state;
	expect("container.privileged", PODMAN(PM_INFO("") "'containers': ["
	    PCTR("priv", CREATED, "'Privileged': true", "") ","
	    PCTR("plain", CREATED, "'Privileged': false", "") "], ", NO_CONFS),
	    NULL, HA_FAIL, "priv", HA_FAIL, "true", "plain", HA_PASS, "false",
	    END);
	expect("container.readonly-rootfs", PODMAN(PM_INFO("") "'containers': ["
	    PCTR("ro", CREATED, "'ReadonlyRootfs': true", "") "], ", NO_CONFS),
	    NULL, HA_PASS, "ro", HA_PASS, "true", END);
}

/* 1.1.1 and 1.1.5: the graph root, never dockerd's /var/lib/docker. */
#define MOUNTS "'mounts': [{'mount_point': '/', 'dev': '8:1', " \
	"'fstype': 'ext4', 'source': '/dev/sda1'}, {'mount_point': " \
	"'/var/lib/containers', 'dev': '8:17', 'fstype': 'xfs', " \
	"'source': '/dev/sdb1'}]"
#define GRAPH(path) "'graph_root': " ENTRY(path, "dir", "448", "0", "0") \
	", 'found_by': 'info'}, "

static void
test_graph_root(void **state)
{
	(void)state;
	expect("host.data-root-partition", "{'host': {" MOUNTS "}, "
	    "'engine': {'status': 'ok', " PM_VERSION("4.3.1") "'errors': []}, "
	    "'audit_paths': {'data_root': {'path': '/var/lib/docker', "
	    "'real_path': '/var/lib/docker', 'exists': false}}, "
	    "'podman': {" GRAPH("/var/lib/containers/storage") NO_CONFS "}}",
	    NULL, HA_PASS, END);
	ha_test_expect_msg("host.data-root-partition", "{'host': {" MOUNTS
	    "}, 'engine': {'status': 'ok', " PM_VERSION("4.3.1")
	    "'errors': []}, 'podman': {" GRAPH("/srv/storage") NO_CONFS "}}",
	    HA_FAIL, "Podman: its graph root (GET /info DockerRootDir) "
	    "instead of dockerd's data root: the data root '/srv/storage' is "
	    "on the root filesystem");
	/* no facts.podman (a remote or an older facts file): not judged */
	expect("host.data-root-partition", "{'host': {" MOUNTS "}, "
	    "'engine': {'status': 'ok', " PM_VERSION("4.3.1") "'errors': []}}",
	    NULL, HA_ERROR, END);
}

#define AUDIT(rules) "'audit': {'source': 'files', 'usr_merge': [], " \
	"'rules': [" rules "]}, "
#define RULE(path, kind) "{'path': '" path "', 'real_path': '" path "', " \
	"'kind': '" kind "', 'perms': 'wa', 'key': 'podman', " \
	"'action': 'always'}"
/* dockerd's paths, all watched: a Podman check must not see them. */
#define DOCKER_PATHS "'audit_paths': {'data_root': {'path': " \
	"'/var/lib/docker', 'real_path': '/var/lib/docker', 'exists': true}, " \
	"'etc_docker': {'path': '/etc/docker', 'real_path': '/etc/docker', " \
	"'exists': true}, 'runc': {'path': '/usr/bin/runc', 'real_path': " \
	"'/usr/bin/runc', 'exists': true}}, "
#define DOCKER_RULES RULE("/var/lib/docker", "dir") "," \
	RULE("/etc/docker", "dir") "," RULE("/usr/bin/runc", "watch")
#define PM_AUDIT_FACTS(rules, p) "{'host': {}, " AUDIT(rules) DOCKER_PATHS \
	"'engine': {'status': 'ok', " PM_VERSION("4.3.1") "'errors': []}, " \
	"'podman': {" p "}}"
#define PM_PATHS GRAPH("/var/lib/containers/storage") \
	"'etc_containers': " ENTRY("/etc/containers", "dir", "493", "0", \
	"0") "}, 'oci_runtime': " ENTRY("/usr/bin/crun", "file", "493", "0", \
	"0") ", 'name': 'crun'}, "

static void
test_audit_equivalents(void **state)
{
	static const char *const ids[] = {
		"host.audit-var-lib-docker", "host.audit-etc-docker",
		"host.audit-runc",
	};
	struct ha_result r;
	size_t i;

	(void)state;
	for (i = 0; i < HA_ARRAY_SIZE(ids); i++) {
		ha_test_runq(ids[i], PM_AUDIT_FACTS(DOCKER_RULES, PM_PATHS
		    NO_CONFS), NULL, &r);
		if (r.status != HA_FAIL || strstr(r.message, "Podman: ") !=
		    r.message)
			fail_msg("%s over dockerd's rules: %s '%s'", ids[i],
			    ha_status_name(r.status), r.message);
		ha_result_release(&r);
	}
	expect("host.audit-var-lib-docker", PM_AUDIT_FACTS(
	    RULE("/var/lib/containers", "dir"), PM_PATHS NO_CONFS), NULL,
	    HA_PASS, "/var/lib/containers/storage", HA_PASS, NULL, END);
	expect("host.audit-etc-docker", PM_AUDIT_FACTS(
	    RULE("/etc/containers", "dir"), PM_PATHS NO_CONFS), NULL,
	    HA_PASS, "/etc/containers", HA_PASS, NULL, END);
	expect("host.audit-runc", PM_AUDIT_FACTS(
	    RULE("/usr/bin/crun", "watch"), PM_PATHS NO_CONFS), NULL,
	    HA_PASS, "/usr/bin/crun", HA_PASS, NULL, END);
	/* containers.conf: the administrator's, when there is one */
	expect("host.audit-daemon-json", PM_AUDIT_FACTS(
	    RULE("/etc/containers", "dir"), PM_PATHS
	    "'containers_conf': {'files': [" CONF(
	    "/etc/containers/containers.conf", "420", "0", "system") "], "
	    "'settings': {}}, 'storage_conf': {'files': [], 'settings': {}}"),
	    NULL, HA_PASS, "/etc/containers/containers.conf", HA_PASS, NULL,
	    END);
	/* the engine socket audited is Podman's: as for Docker */
	expect("host.audit-docker-sock", "{'host': {}, " AUDIT(
	    RULE("/run/podman", "dir")) "'audit_paths': {'docker_sock': "
	    "{'path': '/run/podman/podman.sock', 'real_path': "
	    "'/run/podman/podman.sock', 'exists': true}}, 'engine': "
	    "{'status': 'ok', " PM_VERSION("4.3.1") "'errors': []}, "
	    "'podman': {" PM_PATHS NO_CONFS "}}", NULL, HA_PASS, END);
	ha_test_expect_msg("host.audit-daemon-json", PM_AUDIT_FACTS(
	    RULE("/etc/containers", "dir"), PM_PATHS NO_CONFS), HA_SKIP,
	    "Podman: containers.conf instead of daemon.json: "
	    "'/etc/containers/containers.conf' not present on this host");
}

/* 3.5 and 3.6: /etc/containers as /etc/docker. */
static void
test_etc_containers(void **state)
{
	(void)state;
	expect("file.etc-docker-owner", PODMAN("", "'etc_containers': "
	    ENTRY("/etc/containers", "dir", "493", "0", "0") "}, " NO_CONFS),
	    NULL, HA_PASS, "/etc/containers", HA_PASS, "(0:0)", END);
	expect("file.etc-docker-mode", PODMAN("", "'etc_containers': "
	    ENTRY("/etc/containers", "dir", "511", "0", "0") "}, " NO_CONFS),
	    NULL, HA_FAIL, "/etc/containers", HA_FAIL, "0777", END);
	expect("file.etc-docker-owner", PODMAN("", "'etc_containers': "
	    ENTRY("/etc/containers", "dir", "493", "1000", "0") "}, "
	    NO_CONFS), NULL, HA_FAIL, "/etc/containers", HA_FAIL, "expected",
	    END);
}

/* 3.15 and 3.16: Podman's socket, owned by root or its user, no group. */
#define SOCK(mode, uid, gid) "'files': {'docker_sock': " \
	ENTRY("/run/podman/podman.sock", "socket", mode, uid, gid) "}}, "
#define ROOTFUL "'rootless': false, 'user': {'uid': 0, 'name': 'root'}, "
#define ROOTLESS "'rootless': true, 'user': {'uid': 1000, " \
	"'name': 'alice'}, "
#define PM_FILES(files, p) "{'host': {}, " files "'engine': {'status': " \
	"'ok', " PM_VERSION("4.3.1") "'errors': []}, 'podman': {" p "}}"

static void
test_socket(void **state)
{
	const char *sock = "/run/podman/podman.sock";

	(void)state;
	/* rootful: root's, any group (no docker group), 0660 is fine */
	expect("file.docker-sock-owner", PM_FILES(SOCK("432", "0", "0"),
	    ROOTFUL NO_CONFS), NULL, HA_PASS, sock, HA_PASS, "(0:0)", END);
	expect("file.docker-sock-mode", PM_FILES(SOCK("432", "0", "0"),
	    ROOTFUL NO_CONFS), NULL, HA_PASS, sock, HA_PASS, "0660", END);
	expect("file.docker-sock-mode", PM_FILES(SOCK("438", "0", "0"),
	    ROOTFUL NO_CONFS), NULL, HA_FAIL, sock, HA_FAIL, "0666", END);
	expect("file.docker-sock-owner", PM_FILES(SOCK("384", "1000", "0"),
	    ROOTFUL NO_CONFS), NULL, HA_FAIL, sock, HA_FAIL, "uid 0", END);
	/* rootless: its user's */
	expect("file.docker-sock-owner", PM_FILES(SOCK("432", "1000", "1000"),
	    ROOTLESS NO_CONFS), NULL, HA_PASS, sock, HA_PASS, NULL, END);
	expect("file.docker-sock-owner", PM_FILES(SOCK("432", "0", "0"),
	    ROOTLESS NO_CONFS), NULL, HA_FAIL, sock, HA_FAIL, "uid 1000",
	    END);
	expect("file.docker-sock-owner", PM_FILES(SOCK("432", "1000", "1000"),
	    "'rootless': true, 'user': null, " NO_CONFS), NULL, HA_ERROR, END);
}

/* 3.17 and 3.18: containers.conf and storage.conf as daemon.json. */
static void
test_conf_files(void **state)
{
	(void)state;
	expect("file.daemon-json-owner", PM_FILES("", ROOTLESS
	    "'containers_conf': {'files': ["
	    CONF("/usr/share/containers/containers.conf", "420", "0", "system")
	    "," CONF("/home/alice/.config/containers/containers.conf", "420",
	    "1000", "user") "], 'settings': {}}, 'storage_conf': {'files': ["
	    CONF("/etc/containers/storage.conf", "420", "1000", "system")
	    "], 'settings': {}}"), NULL, HA_FAIL,
	    "/usr/share/containers/containers.conf", HA_PASS, "(0:0)",
	    "/home/alice/.config/containers/containers.conf", HA_PASS, NULL,
	    "/etc/containers/storage.conf", HA_FAIL, "expected 0:0", END);
	expect("file.daemon-json-mode", PM_FILES("", ROOTFUL
	    "'containers_conf': {'files': ["
	    CONF("/etc/containers/containers.conf", "438", "0", "system")
	    "], 'settings': {}}, 'storage_conf': {'files': [], "
	    "'settings': {}}"), NULL, HA_FAIL,
	    "/etc/containers/containers.conf", HA_FAIL, "0666", END);
	expect("file.daemon-json-mode", PM_FILES("", ROOTFUL NO_CONFS), NULL,
	    HA_SKIP, END);
}

/* 2.5: registries.conf through IndexConfigs, never the empty CIDRs. */
static void
test_insecure_registries(void **state)
{
	(void)state;
	expect("daemon.insecure-registries", PODMAN(PM_INFO(""), NO_CONFS),
	    NULL, HA_PASS, END);
	expect("daemon.insecure-registries", PODMAN("'info': {"
	    "'RegistryConfig': {'InsecureRegistryCIDRs': [], 'IndexConfigs': "
	    "{'docker.io': {'Name': 'docker.io', 'Secure': true}, "
	    "'reg.lan:5000': {'Name': 'reg.lan:5000', 'Secure': false}}}}, ",
	    NO_CONFS), NULL, HA_FAIL, "reg.lan:5000", HA_FAIL,
	    "registries.conf", END);
	expect("daemon.insecure-registries", PODMAN("", NO_CONFS), NULL,
	    HA_ERROR, END);
}

static void
test_driver(void **state)
{
	(void)state;
	expect("daemon.devicemapper", PODMAN(PM_INFO(""), NO_CONFS), NULL,
	    HA_PASS, END);
	expect("daemon.devicemapper", PODMAN("'info': {'Driver': "
	    "'devicemapper'}, ", NO_CONFS), NULL, HA_FAIL, END);
	ha_test_expect_msg("daemon.aufs", PODMAN(PM_INFO(""), NO_CONFS),
	    HA_PASS, "Podman: storage driver overlay (storage.conf; GET /info "
	    "Driver)");
	expect("daemon.aufs", PODMAN("'info': {'Driver': 'aufs'}, ", NO_CONFS),
	    NULL, HA_FAIL, END);
}

#define SETTING(k, v) "'" k "': {'value': " v ", 'source': " \
	"'/etc/containers/containers.conf:3'}"
#define CCONF(settings) "'containers_conf': {'files': [], 'settings': {" \
	settings "}}, 'storage_conf': {'files': [], 'settings': {}}"

static void
test_userns(void **state)
{
	(void)state;
	expect("daemon.userns-remap", PODMAN("", ROOTLESS NO_CONFS), NULL,
	    HA_PASS, END);
	expect("daemon.userns-remap", PODMAN("", ROOTFUL NO_CONFS), NULL,
	    HA_FAIL, END);
	expect("daemon.userns-remap", PODMAN("", ROOTFUL CCONF(SETTING(
	    "containers.userns", "'auto'"))), NULL, HA_PASS, END);
	expect("daemon.userns-remap", PODMAN("", ROOTFUL CCONF(SETTING(
	    "containers.userns", "'host'"))), NULL, HA_FAIL, END);
	expect("daemon.userns-remap", PODMAN("", ROOTFUL
	    "'containers_conf': {'files': [], 'settings': {}}, "
	    "'storage_conf': {'files': [], 'settings': {"
	    "'storage.options.remap-user': {'value': 'containers', "
	    "'source': '/etc/containers/storage.conf:9'}}}"), NULL, HA_PASS,
	    END);
	/* a containers.conf that could not be parsed: unknown, not unset */
	expect("daemon.userns-remap", PODMAN("", ROOTFUL
	    "'containers_conf': {'files': [], 'settings': {}, 'error': "
	    "'/etc/containers/containers.conf: line 4: malformed key'}, "
	    "'storage_conf': {'files': [], 'settings': {}}"), NULL, HA_ERROR,
	    END);
}

static void
test_seccomp_profile(void **state)
{
	(void)state;
	/* Docker's daemon.json says unconfined: not Podman's setting */
	expect("daemon.seccomp-profile", PODMAN(PM_INFO(""), NO_CONFS), NULL,
	    HA_PASS, END);
	expect("daemon.seccomp-profile", PODMAN(PM_INFO(""), CCONF(SETTING(
	    "containers.seccomp_profile", "'unconfined'"))), NULL, HA_FAIL,
	    END);
	expect("daemon.seccomp-profile", PODMAN(PM_INFO(""), CCONF(SETTING(
	    "containers.seccomp_profile", "'/etc/containers/sc.json'"))), NULL,
	    HA_PASS, END);
}

static void
test_non_root(void **state)
{
	(void)state;
	expect("daemon.non-root", PODMAN("", ROOTLESS NO_CONFS), NULL,
	    HA_PASS, END);
	expect("daemon.non-root", PODMAN("", ROOTFUL NO_CONFS), NULL,
	    HA_MANUAL, END);
}

/* GET /info's constant answers are never findings. */
static void
test_info_quirks(void **state)
{
	const char *facts = PODMAN(PM_INFO(""), NO_CONFS);

	(void)state;
	expect("daemon.experimental", facts, NULL, HA_SKIP, END);
	expect("daemon.live-restore", facts, NULL, HA_SKIP, END);
	expect("daemon.insecure-registries", facts, NULL, HA_PASS, END);
}

/* 5.22: containers.conf seccomp_profile, not /info (always "default"). */
#define SECCOMP_CTRS "'containers': [" PCTR("plain", CREATED, \
	"'SecurityOpt': []", "") "," PCTR("own", CREATED, \
	"'SecurityOpt': ['seccomp=/etc/sc.json']", "") "], "

static void
test_container_seccomp(void **state)
{
	(void)state;
	/* Docker's daemon.json "unconfined" is not Podman's */
	expect("container.seccomp", PODMAN(PM_INFO("") SECCOMP_CTRS, NO_CONFS),
	    NULL, HA_PASS, "plain", HA_PASS, NULL, END);
	expect("container.seccomp", PODMAN(PM_INFO("") SECCOMP_CTRS,
	    CCONF(SETTING("containers.seccomp_profile", "'unconfined'"))),
	    NULL, HA_FAIL, "plain", HA_FAIL, "containers.conf",
	    "own", HA_PASS, "custom", END);
}

/* 5.26: Docker's daemon.json no-new-privileges does not cover Podman. */
static void
test_container_nnp(void **state)
{
	(void)state;
	expect("container.no-new-privileges", PODMAN("'containers': ["
	    PCTR("plain", CREATED, "'SecurityOpt': []", "") ","
	    PCTR("nnp", CREATED, "'SecurityOpt': ['no-new-privileges']", "")
	    "], ", NO_CONFS), NULL, HA_FAIL, "plain", HA_FAIL, "not set",
	    "nnp", HA_PASS, NULL, END);
}

/*
 * 5.30: Podman names every bridge network's container "bridge" in
 * NetworkMode; the default network is "podman" in its Networks.
 */
static void
test_default_network(void **state)
{
	(void)state;
	expect("container.default-bridge", PODMAN("'networks': [{'Name': "
	    "'bridge', 'Id': '2f259bab'}, {'Name': 'mynet', 'Id': 'a1'}], "
	    "'containers': ["
	    PCTR("dflt", CREATED, "'NetworkMode': 'bridge'", ", "
	    "'NetworkSettings': {'Networks': {'podman': {'NetworkID': "
	    "'podman'}}}") ","
	    PCTR("mine", CREATED, "'NetworkMode': 'bridge'", ", "
	    "'NetworkSettings': {'Networks': {'mynet': {'NetworkID': "
	    "'mynet'}}}") ","
	    PCTR("byid", CREATED, "'NetworkMode': 'bridge'", ", "
	    "'NetworkSettings': {'Networks': {'renamed': {'NetworkID': "
	    "'2f259bab'}}}") ","
	    PCTR("none", CREATED, "'NetworkMode': 'none'", ", "
	    "'NetworkSettings': {'Networks': {}}") ","
	    PCTR("unseen", CREATED, "'NetworkMode': 'bridge'", "") "], ",
	    NO_CONFS), NULL, HA_FAIL,
	    "dflt", HA_FAIL, "podman", "mine", HA_PASS, "mynet",
	    "byid", HA_FAIL, "renamed", "none", HA_PASS, NULL,
	    "unseen", HA_FAIL, NULL, END);
	/* a default network of another name (containers.conf) */
	expect("container.default-bridge", PODMAN("'containers': ["
	    PCTR("dflt", CREATED, "'NetworkMode': 'bridge'", ", "
	    "'NetworkSettings': {'Networks': {'lan': {}}}") ","
	    PCTR("old", CREATED, "'NetworkMode': 'bridge'", ", "
	    "'NetworkSettings': {'Networks': {'podman': {}}}") "], ",
	    CCONF(SETTING("network.default_network", "'lan'"))), NULL,
	    HA_FAIL, "dflt", HA_FAIL, "lan", "old", HA_PASS, NULL, END);
}

/* 5.17: Podman 4.1 to 4.3 report "shareable" for host IPC too. */
#define IPC_CTRS "'containers': [" \
	PCTR("created", CREATED, "'IpcMode': 'shareable'", "") "," \
	PCTR("hostipc", RUNNING, "'IpcMode': 'shareable'", "") "," \
	PCTR("ownipc", RUNNING, "'IpcMode': 'shareable'", "") "," \
	PCTR("host", CREATED, "'IpcMode': 'host'", "") "], "
#define IPC_NS "'ipc': {'id-hostipc': {'host': true}, " \
	"'id-ownipc': {'host': false}}, "

static void
test_ipc(void **state)
{
	(void)state;
	expect("container.host-ipc", PODMAN(IPC_CTRS, IPC_NS NO_CONFS), NULL,
	    HA_FAIL, "created", HA_ERROR, "Podman 4.3.1 also reports",
	    "hostipc", HA_FAIL, "host's IPC namespace",
	    "ownipc", HA_PASS, "of its own", "host", HA_FAIL, NULL, END);
	/* running, but no namespaces collected (a remote engine) */
	expect("container.host-ipc", PODMAN(IPC_CTRS, NO_CONFS), NULL, HA_FAIL,
	    "hostipc", HA_ERROR, "was not collected", END);
	/* Podman 4.4 and later say "host": "shareable" is its own */
	expect("container.host-ipc", PODMAN_V("4.4.0", IPC_CTRS, NO_CONFS),
	    NULL, HA_FAIL, "created", HA_PASS, NULL, "hostipc", HA_PASS,
	    NULL, "host", HA_FAIL, NULL, END);
	/* and dockerd always has */
	expect("container.host-ipc", "{'engine': {'status': 'ok', "
	    "'containers': [" PCTR("c", CREATED, "'IpcMode': 'shareable'", "")
	    "]}}", NULL, HA_PASS, END);
}

/* 5.32: Podman's own sockets, and a Docker-named link to one. */
static void
test_podman_socket_mount(void **state)
{
	(void)state;
	expect("container.docker-sock", PODMAN("'containers': ["
	    PCTR("runsock", CREATED, "'Binds': ['/run/podman:/p:rw']", ", "
	    "'Mounts': []") ","
	    PCTR("linked", CREATED, "", ", 'Mounts': [{'Type': 'bind', "
	    "'Source': '/srv/podman.sock', 'Destination': '/s', 'RW': true}]")
	    ","
	    PCTR("safe", CREATED, "", ", 'Mounts': []") "], ",
	    "'sockets': ['/var/run/docker.sock', '/srv/podman.sock', "
	    "'/run/podman/podman.sock'], " NO_CONFS), NULL, HA_FAIL,
	    "runsock", HA_FAIL, "/run/podman/podman.sock",
	    "linked", HA_FAIL, "/srv/podman.sock", "safe", HA_PASS, NULL, END);
}

/* --- the containers.conf parser ---------------------------------------- */

static json_t *
toml(const char *text, int want_rc, char **err)
{
	json_t *out = json_object();

	assert_int_equal(ha_podman_toml_parse(text, strlen(text), out, err),
	    want_rc);
	return out;
}

static void
test_toml(void **state)
{
	const char *text =
	    "# containers.conf\n"
	    "[containers]\n"
	    "default_capabilities = [\n"
	    "  \"CHOWN\",   # a comment\n"
	    "  \"KILL\",\n"
	    "]\n"
	    "seccomp_profile = \"/etc/a \\\"b\\\".json\" # why\n"
	    "pids_limit = 2_048\n"
	    "userns = 'auto'\n"
	    "log_size_max = -1\n"
	    "init = false\n"
	    "ratio = 1.5\n"
	    "opts = { a = \"}\" }\n"
	    "\n"
	    "[engine.runtimes]\n"
	    "runc = [\"/usr/bin/runc\",\n \"/usr/sbin/runc\"]\n"
	    "\"quoted.key\" = true\n"
	    "[[engine.x]]\n"
	    "skipped = 1\n"
	    "[network]\r\n"
	    "default_network = \"lan\"\r\n"
	    "long = \"\"\"\nline 1\nline 2\"\"\"\n";
	json_t *out;
	char *err = NULL;

	(void)state;
	out = toml(text, 0, &err);
	assert_null(err);
	assert_int_equal(json_array_size(ha_facts_get(json_object_get(out,
	    "containers.default_capabilities"), "value")), 2);
	assert_string_equal(json_string_value(json_array_get(ha_facts_get(
	    json_object_get(out, "containers.default_capabilities"), "value"),
	    1)), "KILL");
	assert_string_equal(json_string_value(ha_facts_get(json_object_get(
	    out, "containers.seccomp_profile"), "value")),
	    "/etc/a \"b\".json");
	assert_int_equal(json_integer_value(ha_facts_get(json_object_get(out,
	    "containers.seccomp_profile"), "line")), 7);
	assert_int_equal(json_integer_value(ha_facts_get(json_object_get(out,
	    "containers.pids_limit"), "value")), 2048);
	assert_string_equal(json_string_value(ha_facts_get(json_object_get(
	    out, "containers.userns"), "value")), "auto");
	assert_int_equal(json_integer_value(ha_facts_get(json_object_get(out,
	    "containers.log_size_max"), "value")), -1);
	assert_true(json_is_false(ha_facts_get(json_object_get(out,
	    "containers.init"), "value")));
	assert_null(json_object_get(out, "containers.ratio"));
	assert_null(json_object_get(out, "containers.opts"));
	assert_int_equal(json_array_size(ha_facts_get(json_object_get(out,
	    "engine.runtimes.runc"), "value")), 2);
	assert_true(json_is_true(ha_facts_get(json_object_get(out,
	    "engine.runtimes.quoted.key"), "value")));
	assert_null(json_object_get(out, "engine.x.skipped"));
	assert_string_equal(json_string_value(ha_facts_get(json_object_get(
	    out, "network.default_network"), "value")), "lan");
	assert_int_equal(json_integer_value(ha_facts_get(json_object_get(out,
	    "network.default_network"), "line")), 22);
	assert_string_equal(json_string_value(ha_facts_get(json_object_get(
	    out, "network.long"), "value")), "line 1\nline 2");
	json_decref(out);
}

static void
test_toml_errors(void **state)
{
	static const struct {
		const char	*text, *err;
	} bad[] = {
		{ "[containers]\nuserns = \"auto\n", "line 2: unterminated" },
		{ "a = [1, 2\n", "line 2: expected ','" },
		{ "a = 1 b\n", "line 1: text after a value" },
		{ "[containers\n", "line 1: malformed table header" },
		{ "= 1\n", "line 1: malformed key" },
		{ "a = nope\n", "line 1: a value of unknown type" },
		{ "x = 1\n\n[t]\nb = [[[[[[[[[[1]]]]]]]]]]\n", "line 4: arrays "
		    "nested too deep" },
		{ "a = \"\xff\"\n", "line 1: a string is not valid UTF-8" },
	};
	json_t *out;
	char *err;
	size_t i;

	(void)state;
	for (i = 0; i < HA_ARRAY_SIZE(bad); i++) {
		err = NULL;
		out = toml(bad[i].text, -1, &err);
		if (err == NULL || strstr(err, bad[i].err) != err)
			fail_msg("'%s': error '%s', want '%s'", bad[i].text,
			    err ? err : "(none)", bad[i].err);
		free(err);
		json_decref(out);
	}
	/* the keys before the malformed line are kept */
	out = toml("a = 1\nb = \n", -1, &err);
	assert_non_null(json_object_get(out, "a"));
	free(err);
	json_decref(out);
}

/* --- the collector, over a host root in a temp dir --------------------- */

static char root[64];

static void
put(const char *path, const char *text, mode_t mode)
{
	char full[256], dir[256], *slash;
	FILE *fp;

	snprintf(full, sizeof(full), "%s%s", root, path);
	snprintf(dir, sizeof(dir), "%s", full);
	for (slash = strchr(dir + strlen(root) + 1, '/'); slash != NULL;
	    slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		mkdir(dir, 0755);
		*slash = '/';
	}
	if (text == NULL) {
		mkdir(full, mode);
		return;
	}
	fp = fopen(full, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	chmod(full, mode);
}

static int
collect_setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/ha-podman-test.XXXXXX");
	if (mkdtemp(root) == NULL)
		return -1;
	put("/usr/share/containers/containers.conf", "[containers]\n"
	    "userns = \"host\"\nseccomp_profile = \"/usr/share/sc.json\"\n",
	    0644);
	put("/etc/containers/containers.conf", "[containers]\n"
	    "# the administrator's\nuserns = \"auto\"\n", 0644);
	put("/etc/containers/containers.conf.d/50-net.conf", "[network]\n"
	    "default_network = \"lan\"\n", 0600);
	put("/etc/containers/containers.conf.d/README", "not a drop-in\n",
	    0644);
	put("/etc/containers/storage.conf", "[storage]\ndriver = \"overlay\""
	    "\n[storage.options]\nremap-user = \"containers\"\n", 0644);
	put("/usr/share/containers/storage.conf", "[storage]\n"
	    "driver = \"vfs\"\n", 0644);
	put("/srv/graph", NULL, 0700);
	put("/usr/bin/crun", "", 0755);
	return 0;
}

static int
rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int
collect_teardown(void **state)
{
	(void)state;
	/* only the directory made in setup */
	if (strncmp(root, "/tmp/ha-podman-test.", 20) != 0)
		return -1;
	return nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static const char *
setting(const json_t *facts, const char *conf, const char *key,
    const char **source)
{
	char path[128];
	const json_t *s;

	snprintf(path, sizeof(path), "podman.%s.settings", conf);
	s = json_object_get(ha_facts_get(facts, path), key);
	*source = ha_facts_str(s, "source");
	return json_string_value(json_object_get(s, "value"));
}

static void
test_collect(void **state)
{
	struct ha_collect_opts o;
	const char *src;
	json_t *facts;

	(void)state;
	ha_collect_opts_init(&o);
	o.root = root;
	facts = ha_test_json("{\"errors\": [], \"engine\": {\"status\": "
	    "\"ok\", \"libpod_api_version\": \"4.3.1\", \"version\": "
	    "{\"Version\": \"4.3.1\"}, \"info\": {\"DockerRootDir\": "
	    "\"/srv/graph\", \"DefaultRuntime\": \"crun\", \"Runtimes\": "
	    "{\"crun\": {\"path\": \"/usr/local/bin/crun\"}}, "
	    "\"SecurityOptions\": []}}, \"daemon\": {\"socket_peer\": "
	    "{\"uid\": 0}}}");
	ha_collect_podman(&o, facts);
	assert_string_equal(ha_facts_str(facts, "podman.version"), "4.3.1");
	assert_true(json_is_false(ha_facts_get(facts, "podman.rootless")));
	assert_string_equal(ha_facts_str(facts, "podman.user.found_by"),
	    "socket_peer");
	assert_string_equal(ha_facts_str(facts, "podman.graph_root.path"),
	    "/srv/graph");
	assert_true(json_is_true(ha_facts_get(facts,
	    "podman.graph_root.exists")));
	assert_string_equal(ha_facts_str(facts, "podman.graph_root.type"),
	    "dir");
	/* /info's path for crun does not exist: the one found instead */
	assert_string_equal(ha_facts_str(facts, "podman.oci_runtime.path"),
	    "/usr/bin/crun");
	assert_string_equal(ha_facts_str(facts, "podman.etc_containers.type"),
	    "dir");
	/* the administrator's file overrides the vendor's, key by key */
	assert_string_equal(setting(facts, "containers_conf",
	    "containers.userns", &src), "auto");
	assert_string_equal(src, "/etc/containers/containers.conf:3");
	assert_string_equal(setting(facts, "containers_conf",
	    "containers.seccomp_profile", &src), "/usr/share/sc.json");
	assert_string_equal(setting(facts, "containers_conf",
	    "network.default_network", &src), "lan");
	assert_string_equal(src,
	    "/etc/containers/containers.conf.d/50-net.conf:2");
	assert_int_equal(json_array_size(ha_facts_get(facts,
	    "podman.containers_conf.files")), 3);
	assert_int_equal(json_integer_value(ha_facts_get(json_array_get(
	    ha_facts_get(facts, "podman.containers_conf.files"), 2), "mode")),
	    0600);
	/* storage.conf: the first found is the one used; both are listed */
	assert_string_equal(ha_facts_str(facts,
	    "podman.storage_conf.effective"), "/etc/containers/storage.conf");
	assert_string_equal(setting(facts, "storage_conf",
	    "storage.options.remap-user", &src), "containers");
	assert_string_equal(setting(facts, "storage_conf", "storage.driver",
	    &src), "overlay");
	assert_int_equal(json_array_size(ha_facts_get(facts,
	    "podman.storage_conf.files")), 2);
	assert_int_equal(json_array_size(ha_facts_get(facts, "errors")), 0);
	json_decref(facts);
}

static void
test_collect_errors(void **state)
{
	struct ha_collect_opts o;
	json_t *facts;

	(void)state;
	ha_collect_opts_init(&o);
	o.root = root;
	put("/etc/containers/containers.conf.d/90-bad.conf", "[containers\n",
	    0644);
	facts = ha_test_json("{\"errors\": [], \"engine\": {\"status\": "
	    "\"ok\", \"libpod_api_version\": \"4.3.1\", \"info\": {}}}");
	ha_collect_podman(&o, facts);
	assert_non_null(strstr(ha_facts_str(facts,
	    "podman.containers_conf.error"), "90-bad.conf: line 1: malformed "
	    "table header"));
	assert_int_equal(json_array_size(ha_facts_get(facts, "errors")), 1);
	/* rootful without /info DockerRootDir: Podman's default */
	assert_string_equal(ha_facts_str(facts, "podman.graph_root.path"),
	    "/var/lib/containers/storage");
	assert_string_equal(ha_facts_str(facts, "podman.graph_root.found_by"),
	    "default");
	json_decref(facts);
	/* not Podman: nothing */
	facts = ha_test_json("{\"errors\": [], \"engine\": {\"status\": "
	    "\"ok\", \"version\": {\"Version\": \"28.2.2\"}}}");
	ha_collect_podman(&o, facts);
	assert_null(json_object_get(facts, "podman"));
	json_decref(facts);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_detection),
		cmocka_unit_test(test_skips),
		cmocka_unit_test(test_every_check),
		cmocka_unit_test(test_docker_untouched),
		cmocka_unit_test(test_registry_certs),
		cmocka_unit_test(test_container_checks_run),
		cmocka_unit_test(test_graph_root),
		cmocka_unit_test(test_audit_equivalents),
		cmocka_unit_test(test_etc_containers),
		cmocka_unit_test(test_socket),
		cmocka_unit_test(test_conf_files),
		cmocka_unit_test(test_insecure_registries),
		cmocka_unit_test(test_driver),
		cmocka_unit_test(test_userns),
		cmocka_unit_test(test_seccomp_profile),
		cmocka_unit_test(test_non_root),
		cmocka_unit_test(test_info_quirks),
		cmocka_unit_test(test_container_seccomp),
		cmocka_unit_test(test_container_nnp),
		cmocka_unit_test(test_default_network),
		cmocka_unit_test(test_ipc),
		cmocka_unit_test(test_podman_socket_mount),
		cmocka_unit_test(test_toml),
		cmocka_unit_test(test_toml_errors),
		cmocka_unit_test_setup_teardown(test_collect, collect_setup,
		    collect_teardown),
		cmocka_unit_test_setup_teardown(test_collect_errors,
		    collect_setup, collect_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

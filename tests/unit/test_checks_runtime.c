/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_checks_runtime.c - section 5 checks over inspect-object fixtures.
 * Fixtures use ' for " (see helper_checks.h).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ha_check.h"
#include "ha_report.h"
#include "../../checks/paths.h"
#include "helper_checks.h"
#include "banned.h"

/* A running container named N with top-level fields X and HostConfig H. */
#define CTR(n, x, h) "{'Id': 'id-" n "', 'Name': '/" n "', " \
	"'State': {'Status': 'running', 'Running': true}, " x \
	" 'HostConfig': {" h "}}"
#define STOPPED(n, x, h) "{'Id': 'id-" n "', 'Name': '/" n "', " \
	"'State': {'Status': 'exited', 'Running': false}, " x \
	" 'HostConfig': {" h "}}"
/* Facts with more engine keys E (each ending in ", ") and containers C. */
#define ENGINE(e, c) "{'host': {'apparmor': true, 'selinux': true}, " \
	"'engine': {'status': 'ok', 'socket': '/var/run/docker.sock', " e \
	"'containers': [" c "]}}"
#define FACTS(c) ENGINE("", c)
/* GET /info of an engine with seccomp, its default profile built in. */
#define SECCOMP_INFO "'info': {'SecurityOptions': ['name=apparmor', " \
	"'name=seccomp,profile=builtin']}, "

/* facts.engine.volumes holding one plain local volume, v. */
#define PLAIN_VOLUME "'volumes': [{'Name': 'v', 'Driver': 'local', " \
	"'Mountpoint': '/var/lib/docker/volumes/v/_data', 'Options': null}], "

#define expect	ha_test_expect
#define END	HA_TEST_END

static void
test_swarm(void **state)
{
	(void)state;
	expect("daemon.swarm", "{'engine': {'status': 'ok', 'info': "
	    "{'Swarm': {'LocalNodeState': 'inactive'}}}}", NULL, HA_PASS, END);
	expect("daemon.swarm", "{'engine': {'status': 'ok', 'info': "
	    "{'Swarm': {'LocalNodeState': 'active', 'NodeID': 'x'}}}}", NULL,
	    HA_WARN, END);
	expect("daemon.swarm", "{'engine': {'status': 'error', 'error': "
	    "'down'}}", NULL, HA_ERROR, END);
	expect("daemon.swarm", "{'engine': {'status': 'ok', 'info': {}}}",
	    NULL, HA_ERROR, END);
}

static void
test_apparmor(void **state)
{
	(void)state;
	expect("container.apparmor", FACTS(
	    CTR("good", "'AppArmorProfile': 'docker-default',", "") ","
	    CTR("none", "'AppArmorProfile': '',", "") ","
	    CTR("open", "'AppArmorProfile': 'unconfined',", "")),
	    NULL, HA_FAIL,
	    "good", HA_PASS, "docker-default",
	    "none", HA_FAIL, "none",
	    "open", HA_FAIL, "unconfined", END);
	expect("container.apparmor", "{'host': {'apparmor': false}, "
	    "'engine': {'status': 'ok', 'containers': ["
	    CTR("none", "'AppArmorProfile': '',", "") "]}}", NULL, HA_SKIP,
	    "none", HA_SKIP, "no AppArmor", END);
}

static void
test_selinux(void **state)
{
	(void)state;
	expect("container.selinux", FACTS(
	    CTR("opt", "", "'SecurityOpt': ['label=type:svirt_apache_t']") ","
	    CTR("lbl", "'ProcessLabel': 'system_u:system_r:container_t:s0',",
	    "'SecurityOpt': null") ","
	    CTR("off", "", "'SecurityOpt': ['label:disable']") ","
	    CTR("bare", "'ProcessLabel': '',", "")),
	    NULL, HA_FAIL,
	    "opt", HA_PASS, "svirt_apache_t",
	    "lbl", HA_PASS, "container_t",
	    "off", HA_FAIL, "disable",
	    "bare", HA_FAIL, "no SELinux", END);
	expect("container.selinux", "{'host': {'selinux': false}, "
	    "'engine': {'status': 'ok', 'containers': [" CTR("x", "", "")
	    "]}}", NULL, HA_SKIP, "x", HA_SKIP, NULL, END);
}

static void
test_capabilities(void **state)
{
	(void)state;
	expect("container.capabilities", FACTS(
	    CTR("plain", "", "'CapAdd': null, 'CapDrop': null") ","
	    CTR("min", "", "'CapDrop': ['ALL'], 'CapAdd': "
	    "['NET_BIND_SERVICE']") ","
	    CTR("admin", "", "'CapAdd': ['sys_admin', 'CAP_NET_ADMIN', "
	    "'chown']") ","
	    CTR("time", "", "'CapAdd': ['SYS_TIME']") ","
	    CTR("priv", "", "'Privileged': true") ","
	    CTR("bogus", "", "'CapAdd': ['FROBNICATE']")),
	    NULL, HA_FAIL,
	    "plain", HA_PASS, NULL,
	    "min", HA_PASS, NULL,
	    "admin", HA_FAIL, "CapAdd: NET_ADMIN, SYS_ADMIN (dangerous: "
	    "NET_ADMIN, SYS_ADMIN)",
	    "time", HA_FAIL, "CapAdd: SYS_TIME",
	    "priv", HA_FAIL, "Privileged: all capabilities",
	    "bogus", HA_ERROR, "FROBNICATE", END);
	/* allowed_capabilities widens what passes */
	expect("container.capabilities", FACTS(
	    CTR("time", "", "'CapAdd': ['SYS_TIME']") ","
	    CTR("admin", "", "'CapAdd': ['SYS_ADMIN', 'sys_time']")),
	    "{'allowed_capabilities': ['cap_sys_time']}", HA_FAIL,
	    "time", HA_PASS, NULL,
	    "admin", HA_FAIL, "CapAdd: SYS_ADMIN (dangerous", END);
	expect("container.capabilities", FACTS(
	    CTR("time", "", "'CapAdd': ['SYS_TIME']")),
	    "{'allowed_capabilities': ['NOPE']}", HA_ERROR,
	    "time", HA_ERROR, "allowed_capabilities", END);
}

static void
test_privileged(void **state)
{
	(void)state;
	expect("container.privileged", FACTS(
	    CTR("a", "", "'Privileged': false") ","
	    CTR("b", "", "'Privileged': true")), NULL, HA_FAIL,
	    "a", HA_PASS, NULL, "b", HA_FAIL, "Privileged: true", END);
	expect("container.privileged", FACTS(CTR("a", "", "'Privileged': "
	    "false")), NULL, HA_PASS, "a", HA_PASS, NULL, END);
	expect("container.privileged", FACTS("{'Id': 'x', 'Name': '/nohc'}"),
	    NULL, HA_ERROR, "nohc", HA_ERROR, "no HostConfig", END);
}

static void
test_sensitive_mounts(void **state)
{
	(void)state;
	expect("container.sensitive-mounts", ENGINE(PLAIN_VOLUME,
	    CTR("data", "'Mounts': [{'Type': 'bind', 'Source': "
	    "'/srv/data', 'Destination': '/data', 'RW': true}, {'Type': "
	    "'volume', 'Name': 'v', 'Source': "
	    "'/var/lib/docker/volumes/v/_data', 'Driver': 'local', "
	    "'RW': true}],",
	    "'Binds': ['/srv/data:/data', 'v:/v']") ","
	    CTR("etc", "'Mounts': [{'Type': 'bind', 'Source': '/etc', "
	    "'Destination': '/host/etc', 'RW': false}],",
	    "'Binds': ['/etc:/host/etc:ro']") ","
	    CTR("root", "'Mounts': [],", "'Binds': ['/:/host']") ","
	    CTR("sub", "'Mounts': [{'Type': 'bind', 'Source': "
	    "'/usr/lib//modules/', 'Destination': '/m', 'RW': true}],", "") ","
	    CTR("etcish", "'Mounts': [{'Type': 'bind', 'Source': "
	    "'/etcetera', 'Destination': '/e', 'RW': true}],", "")),
	    NULL, HA_FAIL,
	    "data", HA_PASS, NULL,
	    "etc", HA_FAIL, "sensitive host paths mounted: /etc (ro)",
	    "root", HA_FAIL, ": / (rw)",
	    "sub", HA_FAIL, "/usr/lib/modules (rw)",
	    "etcish", HA_PASS, NULL, END);
	expect("container.sensitive-mounts", FACTS(
	    CTR("tz", "'Mounts': [{'Type': 'bind', 'Source': "
	    "'/etc/localtime', 'Destination': '/etc/localtime', "
	    "'RW': false}],", "")),
	    "{'allowed_mounts': ['/etc/localtime']}", HA_PASS,
	    "tz", HA_PASS, NULL, END);
}

static void
test_sshd(void **state)
{
	(void)state;
	expect("container.sshd", FACTS(
	    CTR("web", "'Processes': ['nginx', 'nginx: worker'],", "") ","
	    CTR("ssh", "'Processes': ['/usr/sbin/sshd -D', 'bash'],", "") ","
	    CTR("nolist", "", "") ","
	    STOPPED("off", "", "")), NULL, HA_FAIL,
	    "web", HA_PASS, NULL,
	    "ssh", HA_FAIL, "sshd -D",
	    "nolist", HA_ERROR, "process list not collected",
	    "off", HA_SKIP, "not running", END);
	expect("container.sshd", FACTS(
	    CTR("x", "'Processes': [['root', '1', '/usr/sbin/sshd: root "
	    "[priv]']],", "") "," CTR("y", "'Processes': ['sshdx']," , "")),
	    NULL, HA_FAIL, "x", HA_FAIL, NULL, "y", HA_PASS, NULL, END);
}

/* The entries collect writes: {"pid", "comm", "exe_base"}. */
static void
test_sshd_collected(void **state)
{
	(void)state;
	expect("container.sshd", FACTS(
	    CTR("comm", "'Processes': [{'pid': 10, 'comm': 'nginx', "
	    "'exe_base': 'nginx'}, {'pid': 11, 'comm': 'sshd', 'exe_base': "
	    "null}],", "") ","
	    CTR("exe", "'Processes': [{'pid': 20, 'comm': 'init', "
	    "'exe_base': 'sshd'}],", "") ","
	    CTR("alike", "'Processes': [{'pid': 30, 'comm': 'sshd-session', "
	    "'exe_base': 'sshd-session'}, {'pid': 31, 'comm': 'xsshd', "
	    "'exe_base': 'sshd.sh'}],", "") ","
	    CTR("partial", "'Processes': [{'pid': 40, 'comm': 'sh', "
	    "'exe_base': 'dash'}], 'ProcessesError': '1 processes under "
	    "\\u0027/proc\\u0027 could not be inspected: Permission denied',",
	    "") ","
	    CTR("partialssh", "'Processes': [{'pid': 50, 'comm': 'sshd', "
	    "'exe_base': 'sshd'}], 'ProcessesError': 'x',", "") ","
	    CTR("none", "'ProcessesError': 'cannot read \\u0027/proc/9/ns/"
	    "pid\\u0027: Permission denied',", "") ","
	    CTR("capped", "'Processes': [{'pid': 60, 'comm': 'a', "
	    "'exe_base': 'a'}], 'ProcessesTruncated': true,", "")),
	    NULL, HA_FAIL,
	    "comm", HA_FAIL, "process 11: sshd",
	    "exe", HA_FAIL, "process 20: sshd",
	    "alike", HA_PASS, "no sshd among 2 processes",
	    "partial", HA_ERROR, "process list incomplete: 1 processes",
	    "partialssh", HA_FAIL, "process 50",
	    "none", HA_ERROR, "Permission denied",
	    "capped", HA_PASS, "(list capped)", END);
	/* without any sshd, an uncollected list makes the check an error */
	expect("container.sshd", FACTS(
	    CTR("ok", "'Processes': [{'pid': 1, 'comm': 'nginx', "
	    "'exe_base': 'nginx'}],", "") ","
	    CTR("none", "'ProcessesError': 'hidepid',", "")), NULL,
	    HA_ERROR, "ok", HA_PASS, NULL, "none", HA_ERROR, "hidepid", END);
}

static void
test_privileged_ports(void **state)
{
	(void)state;
	expect("container.privileged-ports", FACTS(
	    CTR("web", "'NetworkSettings': {'Ports': {'80/tcp': ["
	    "{'HostIp': '0.0.0.0', 'HostPort': '80'}, {'HostIp': '::', "
	    "'HostPort': '80'}], '443/tcp': null}},", "") ","
	    CTR("app", "'NetworkSettings': {'Ports': {'80/tcp': ["
	    "{'HostIp': '127.0.0.1', 'HostPort': '8080'}]}},", "") ","
	    STOPPED("old", "'NetworkSettings': {'Ports': {}},",
	    "'PortBindings': {'22/tcp': [{'HostIp': '', 'HostPort': '22'}], "
	    "'53/udp': [{'HostIp': '', 'HostPort': ''}]}")),
	    NULL, HA_FAIL,
	    "web", HA_FAIL, "privileged host ports: 80->80/tcp",
	    "app", HA_PASS, NULL,
	    "old", HA_FAIL, "22->22/tcp", END);
}

static void
test_bind_interface(void **state)
{
	(void)state;
	expect("container.bind-interface", FACTS(
	    CTR("all", "'NetworkSettings': {'Ports': {'80/tcp': ["
	    "{'HostIp': '0.0.0.0', 'HostPort': '8080'}, {'HostIp': '::', "
	    "'HostPort': '8080'}]}},", "") ","
	    CTR("lo", "'NetworkSettings': {'Ports': {'80/tcp': ["
	    "{'HostIp': '127.0.0.1', 'HostPort': '8080'}, {'HostIp': '::1', "
	    "'HostPort': '8080'}], '9000/tcp': null}},", "") ","
	    CTR("v6", "'NetworkSettings': {'Ports': {'53/udp': ["
	    "{'HostIp': '::', 'HostPort': '5353'}]}},", "") ","
	    STOPPED("cfg", "", "'PortBindings': {'80/tcp': [{'HostIp': '', "
	    "'HostPort': '8081'}]}") ","
	    CTR("none", "'NetworkSettings': {'Ports': {}},", "")),
	    NULL, HA_FAIL,
	    "all", HA_FAIL, "0.0.0.0:8080->80/tcp, [::]:8080->80/tcp",
	    "lo", HA_PASS, NULL,
	    "v6", HA_FAIL, "[::]:5353->53/udp",
	    "cfg", HA_FAIL, "*:8081->80/tcp",
	    "none", HA_PASS, NULL, END);
}

static void
test_namespaces(void **state)
{
	static const struct {
		const char *id, *key;
	} ns[] = {
		{ "container.host-network", "NetworkMode" },
		{ "container.host-pid", "PidMode" },
		{ "container.host-ipc", "IpcMode" },
		{ "container.host-uts", "UTSMode" },
		{ "container.host-userns", "UsernsMode" },
	};
	char facts[1024];
	size_t i;

	(void)state;
	for (i = 0; i < HA_ARRAY_SIZE(ns); i++) {
		snprintf(facts, sizeof(facts), FACTS(
		    CTR("shared", "", "'%s': 'host'") ","
		    CTR("own", "", "'%s': 'private'") ","
		    CTR("unset", "", "'%s': ''")), ns[i].key, ns[i].key,
		    ns[i].key);
		expect(ns[i].id, facts, NULL, HA_FAIL,
		    "shared", HA_FAIL, ": host",
		    "own", HA_PASS, NULL,
		    "unset", HA_PASS, NULL, END);
	}
}

static void
test_memory_cpu(void **state)
{
	(void)state;
	expect("container.memory-limit", FACTS(
	    CTR("lim", "", "'Memory': 536870912") ","
	    CTR("nolim", "", "'Memory': 0")), NULL, HA_FAIL,
	    "lim", HA_PASS, "512 MiB", "nolim", HA_FAIL, "unlimited", END);
	expect("container.cpu-shares", FACTS(
	    CTR("set", "", "'CpuShares': 512") ","
	    CTR("zero", "", "'CpuShares': 0") ","
	    CTR("dflt", "", "'CpuShares': 1024")), NULL, HA_FAIL,
	    "set", HA_PASS, NULL, "zero", HA_FAIL, NULL,
	    "dflt", HA_FAIL, "1024", END);
	expect("container.pids-limit", FACTS(
	    CTR("set", "", "'PidsLimit': 100") ","
	    CTR("null", "", "'PidsLimit': null") ","
	    CTR("zero", "", "'PidsLimit': 0") ","
	    CTR("neg", "", "'PidsLimit': -1")), NULL, HA_FAIL,
	    "set", HA_PASS, "100", "null", HA_FAIL, "unlimited",
	    "zero", HA_FAIL, NULL, "neg", HA_FAIL, NULL, END);
}

static void
test_readonly_rootfs(void **state)
{
	(void)state;
	expect("container.readonly-rootfs", FACTS(
	    CTR("ro", "", "'ReadonlyRootfs': true") ","
	    CTR("rw", "", "'ReadonlyRootfs': false")), NULL, HA_FAIL,
	    "ro", HA_PASS, NULL, "rw", HA_FAIL, "false", END);
}

static void
test_restart_policy(void **state)
{
	(void)state;
	expect("container.restart-policy", FACTS(
	    CTR("no", "", "'RestartPolicy': {'Name': 'no', "
	    "'MaximumRetryCount': 0}") ","
	    CTR("empty", "", "'RestartPolicy': {'Name': '', "
	    "'MaximumRetryCount': 0}") ","
	    CTR("five", "", "'RestartPolicy': {'Name': 'on-failure', "
	    "'MaximumRetryCount': 5}") ","
	    CTR("six", "", "'RestartPolicy': {'Name': 'on-failure', "
	    "'MaximumRetryCount': 6}") ","
	    CTR("inf", "", "'RestartPolicy': {'Name': 'on-failure', "
	    "'MaximumRetryCount': 0}") ","
	    CTR("always", "", "'RestartPolicy': {'Name': 'always', "
	    "'MaximumRetryCount': 0}") ","
	    CTR("us", "", "'RestartPolicy': {'Name': 'unless-stopped'}")),
	    NULL, HA_FAIL,
	    "no", HA_PASS, NULL, "empty", HA_PASS, NULL,
	    "five", HA_PASS, "on-failure:5",
	    "six", HA_FAIL, "more than 5",
	    "inf", HA_FAIL, "without a retry limit",
	    "always", HA_FAIL, "always",
	    "us", HA_FAIL, "unless-stopped", END);
	expect("container.restart-policy", FACTS(
	    CTR("ten", "", "'RestartPolicy': {'Name': 'on-failure', "
	    "'MaximumRetryCount': 10}")), "{'max_restart_count': 10}",
	    HA_PASS, "ten", HA_PASS, NULL, END);
	/* Docker always records a policy: a missing one is not "no" */
	expect("container.restart-policy", FACTS(
	    CTR("missing", "", "'Privileged': false") ","
	    CTR("badname", "", "'RestartPolicy': {'Name': 5}")),
	    NULL, HA_ERROR, "missing", HA_ERROR, "missing or malformed",
	    "badname", HA_ERROR, NULL, END);
}

static void
test_devices_ulimits(void **state)
{
	(void)state;
	expect("container.host-devices", FACTS(
	    CTR("dev", "", "'Devices': [{'PathOnHost': '/dev/sda', "
	    "'PathInContainer': '/dev/xvda', 'CgroupPermissions': 'rwm'}]")
	    "," CTR("nodev", "", "'Devices': []") ","
	    CTR("nulldev", "", "'Devices': null")), NULL, HA_FAIL,
	    "dev", HA_FAIL, "/dev/sda:/dev/xvda:rwm",
	    "nodev", HA_PASS, NULL, "nulldev", HA_PASS, NULL, END);
	expect("container.ulimits", FACTS(
	    CTR("ul", "", "'Ulimits': [{'Name': 'nofile', 'Soft': 1024, "
	    "'Hard': 2048}]") "," CTR("none", "", "'Ulimits': null")), NULL,
	    HA_INFO, "ul", HA_INFO, "nofile=1024:2048",
	    "none", HA_PASS, NULL, END);
}

static void
test_mount_propagation(void **state)
{
	(void)state;
	expect("container.mount-propagation", FACTS(
	    CTR("priv", "'Mounts': [{'Type': 'bind', 'Source': '/srv', "
	    "'Destination': '/srv', 'Propagation': 'rprivate', 'RW': true}],",
	    "") ","
	    CTR("shared", "'Mounts': [{'Type': 'bind', 'Source': '/mnt', "
	    "'Destination': '/mnt', 'Propagation': 'rshared', 'RW': true}],",
	    "'Binds': ['/mnt:/mnt:rshared']") ","
	    STOPPED("bind", "", "'Binds': ['/data:/data:ro,shared']")),
	    NULL, HA_FAIL,
	    "priv", HA_PASS, NULL,
	    "shared", HA_FAIL, "shared mounts: /mnt (rshared)",
	    "bind", HA_FAIL, "/data (shared)", END);
}

static void
test_seccomp(void **state)
{
	(void)state;
	expect("container.seccomp", ENGINE(SECCOMP_INFO,
	    CTR("dflt", "", "'SecurityOpt': null") ","
	    CTR("own", "", "'SecurityOpt': ['seccomp=/etc/profile.json']")
	    "," CTR("off", "", "'SecurityOpt': ['seccomp=unconfined']") ","
	    CTR("off2", "", "'SecurityOpt': ['seccomp:unconfined']") ","
	    CTR("priv", "", "'Privileged': true")), NULL, HA_FAIL,
	    "dflt", HA_PASS, NULL, "own", HA_PASS, NULL,
	    "off", HA_FAIL, "unconfined", "off2", HA_FAIL, NULL,
	    "priv", HA_FAIL, "Privileged", END);
	expect("container.seccomp", "{'daemon': {'settings': "
	    "{'seccomp-profile': {'value': 'unconfined', 'source': 'file'}}}, "
	    "'engine': {'status': 'ok', " SECCOMP_INFO "'containers': ["
	    CTR("dflt", "", "") "]}}", NULL, HA_FAIL,
	    "dflt", HA_FAIL, "daemon seccomp-profile", END);
}

static void
test_cgroup_parent(void **state)
{
	(void)state;
	expect("container.cgroup-parent", FACTS(
	    CTR("dflt", "", "'CgroupParent': ''") ","
	    CTR("own", "", "'CgroupParent': '/custom'")), NULL, HA_WARN,
	    "dflt", HA_PASS, NULL, "own", HA_WARN, "/custom", END);
	expect("container.cgroup-parent", FACTS(CTR("dflt", "",
	    "'CgroupParent': ''")), NULL, HA_PASS, "dflt", HA_PASS, NULL, END);
}

static void
test_no_new_privileges(void **state)
{
	(void)state;
	expect("container.no-new-privileges", FACTS(
	    CTR("bare", "", "'SecurityOpt': ['no-new-privileges']") ","
	    CTR("colon", "", "'SecurityOpt': ['no-new-privileges:true']") ","
	    CTR("eq", "", "'SecurityOpt': ['no-new-privileges=true']") ","
	    CTR("none", "", "'SecurityOpt': null") ","
	    CTR("off", "", "'SecurityOpt': ['no-new-privileges:false']")),
	    NULL, HA_FAIL,
	    "bare", HA_PASS, NULL, "colon", HA_PASS, NULL, "eq", HA_PASS, NULL,
	    "none", HA_FAIL, "not set", "off", HA_FAIL, "false", END);
	/* dockerd parses the value with Go's strconv.ParseBool */
	expect("container.no-new-privileges", FACTS(
	    CTR("one", "", "'SecurityOpt': ['no-new-privileges=1']") ","
	    CTR("upper", "", "'SecurityOpt': ['no-new-privileges:TRUE']") ","
	    CTR("t", "", "'SecurityOpt': ['no-new-privileges=t']") ","
	    CTR("zero", "", "'SecurityOpt': ['no-new-privileges=0']") ","
	    CTR("yes", "", "'SecurityOpt': ['no-new-privileges=yes']")),
	    NULL, HA_FAIL,
	    "one", HA_PASS, NULL, "upper", HA_PASS, NULL, "t", HA_PASS, NULL,
	    "zero", HA_FAIL, NULL, "yes", HA_FAIL, NULL, END);
	expect("container.no-new-privileges", "{'daemon': {'settings': "
	    "{'no-new-privileges': {'value': true, 'source': 'file'}}}, "
	    "'engine': {'status': 'ok', 'containers': ["
	    CTR("none", "", "'SecurityOpt': null") ","
	    CTR("off", "", "'SecurityOpt': ['no-new-privileges=false']")
	    "]}}", NULL, HA_FAIL,
	    "none", HA_PASS, "daemon", "off", HA_FAIL, NULL, END);
}

/*
 * A container joining another's namespace ("container:<id or name>")
 * shares whatever that one has: followed to the host's, it fails.
 */
static void
test_joined_namespaces(void **state)
{
	(void)state;
	expect("container.host-network", FACTS(
	    CTR("hostnet", "", "'NetworkMode': 'host'") ","
	    CTR("byname", "", "'NetworkMode': 'container:hostnet'") ","
	    CTR("byid", "", "'NetworkMode': 'container:id-hostn'") ","
	    CTR("chain", "", "'NetworkMode': 'container:byname'") ","
	    CTR("own", "", "'NetworkMode': 'appnet'") ","
	    CTR("joinown", "", "'NetworkMode': 'container:own'") ","
	    CTR("gone", "", "'NetworkMode': 'container:nosuch'")),
	    NULL, HA_FAIL,
	    "hostnet", HA_FAIL, NULL,
	    "byname", HA_FAIL, "(hostnet: host)",
	    "byid", HA_FAIL, "(hostnet: host)",
	    "chain", HA_FAIL, "(hostnet: host)",
	    "own", HA_PASS, NULL,
	    "joinown", HA_PASS, "(own: appnet)",
	    "gone", HA_PASS, "container:nosuch", END);
	expect("container.host-pid", FACTS(
	    CTR("hostpid", "", "'PidMode': 'host'") ","
	    CTR("sidecar", "", "'PidMode': 'container:hostpid'")),
	    NULL, HA_FAIL, "sidecar", HA_FAIL, "(hostpid: host)", END);
}

static void
test_health(void **state)
{
	(void)state;
	expect("container.health", FACTS(
	    "{'Id': 'a', 'Name': '/ok', 'State': {'Status': 'running', "
	    "'Running': true, 'Health': {'Status': 'healthy'}}, "
	    "'HostConfig': {}},"
	    "{'Id': 'b', 'Name': '/sick', 'State': {'Status': 'running', "
	    "'Running': true, 'Health': {'Status': 'unhealthy'}}, "
	    "'HostConfig': {}}," CTR("nohc", "", "") ","
	    STOPPED("off", "", "")), NULL, HA_FAIL,
	    "ok", HA_PASS, NULL, "sick", HA_PASS, "unhealthy",
	    "nohc", HA_FAIL, "no health check", "off", HA_SKIP, "not running",
	    END);
}

static void
test_default_bridge(void **state)
{
	(void)state;
	expect("container.default-bridge", FACTS(
	    CTR("dflt", "", "'NetworkMode': 'default'") ","
	    CTR("br", "", "'NetworkMode': 'bridge'") ","
	    CTR("user", "", "'NetworkMode': 'appnet'")), NULL, HA_FAIL,
	    "dflt", HA_FAIL, NULL, "br", HA_FAIL, "bridge",
	    "user", HA_PASS, NULL, END);
	/* connected to the default bridge after creation */
	expect("container.default-bridge", FACTS(
	    CTR("both", "'NetworkSettings': {'Networks': {'appnet': {}, "
	    "'bridge': {}}},", "'NetworkMode': 'appnet'") ","
	    CTR("only", "'NetworkSettings': {'Networks': {'appnet': {}}},",
	    "'NetworkMode': 'appnet'")), NULL, HA_FAIL,
	    "both", HA_FAIL, "default bridge", "only", HA_PASS, NULL, END);
}

/* An inspect object without HostConfig is never a pass. */
static void
test_no_hostconfig(void **state)
{
	static const char *const ids[] = {
		"container.sensitive-mounts", "container.docker-sock",
		"container.mount-propagation", "container.privileged-ports",
		"container.bind-interface",
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++)
		expect(ids[i], "{'engine': {'status': 'ok', 'containers': "
		    "[{'Id': 'id-bare', 'Name': '/bare', 'State': "
		    "{'Status': 'running', 'Running': true}}]}}", NULL,
		    HA_ERROR, "bare", HA_ERROR, "no HostConfig", END);
}

static void
test_docker_sock(void **state)
{
	(void)state;
	expect("container.docker-sock", FACTS(
	    CTR("sock", "'Mounts': [{'Type': 'bind', 'Source': "
	    "'/var/run/docker.sock', 'Destination': '/var/run/docker.sock', "
	    "'RW': true}],", "'Binds': ['/var/run/docker.sock:"
	    "/var/run/docker.sock']") ","
	    CTR("run", "'Mounts': [{'Type': 'bind', 'Source': '/run', "
	    "'Destination': '/hostrun', 'RW': false}],", "") ","
	    CTR("clean", "'Mounts': [{'Type': 'bind', 'Source': '/srv', "
	    "'Destination': '/srv', 'RW': true}],", "")), NULL, HA_FAIL,
	    "sock", HA_FAIL, "Docker socket mounted: /var/run/docker.sock",
	    "run", HA_FAIL, "/run (holds /run/docker.sock)",
	    "clean", HA_PASS, NULL, END);
	/* the engine's own socket path, wherever it lives */
	expect("container.docker-sock", "{'engine': {'status': 'ok', "
	    "'socket': '/tmp/d/docker.sock', 'containers': ["
	    CTR("own", "'Mounts': [{'Type': 'bind', 'Source': "
	    "'/tmp/d/docker.sock', 'Destination': '/s', 'RW': true}],", "")
	    "]}}", NULL, HA_FAIL, "own", HA_FAIL, "/tmp/d/docker.sock", END);
}

static void
test_no_containers(void **state)
{
	(void)state;
	expect("container.privileged", FACTS(""), NULL, HA_SKIP, END);
	expect("container.privileged", "{'engine': {'status': 'error', "
	    "'error': 'cannot connect'}}", NULL, HA_ERROR, END);
}

static void
test_manual(void **state)
{
	static const char *const ids[] = {
		"container.open-ports", "container.exec-privileged",
		"container.exec-user-root", "container.latest-image",
	};
	size_t i;

	(void)state;
	for (i = 0; i < HA_ARRAY_SIZE(ids); i++)
		expect(ids[i], FACTS(CTR("x", "", "")), NULL, HA_MANUAL, END);
}

static void
test_paths(void **state)
{
	char b[64];

	(void)state;
	assert_int_equal(ha_path_clean("/etc//ssh/./x/../", b, sizeof(b)), 0);
	assert_string_equal(b, "/etc/ssh");
	assert_int_equal(ha_path_clean("/..//", b, sizeof(b)), 0);
	assert_string_equal(b, "/");
	assert_int_equal(ha_path_clean("/a/../../etc", b, sizeof(b)), 0);
	assert_string_equal(b, "/etc");
	assert_int_equal(ha_path_clean("etc", b, sizeof(b)), -1);
	assert_int_equal(ha_path_clean("/0123456789/0123456789/0123456789/"
	    "0123456789/0123456789/0123456789", b, sizeof(b)), -1);
	assert_string_equal(ha_path_sensitive("/etc"), "/etc");
	assert_string_equal(ha_path_sensitive("/proc/1/root"), "/proc");
	assert_string_equal(ha_path_sensitive("/"), "/");
	assert_null(ha_path_sensitive("/srv"));
	assert_null(ha_path_sensitive("/usrlocal"));
	assert_true(ha_path_under("/run/docker.sock", "/run/", 0));
	assert_true(ha_path_under("/run/docker.sock", "/", 0));
	assert_false(ha_path_under("/run/docker.sock", "/", 1));
}

/* A privileged container has every host device. */
static void
test_host_devices_privileged(void **state)
{
	(void)state;
	expect("container.host-devices", FACTS(
	    CTR("priv", "", "'Privileged': true, 'Devices': []") ","
	    CTR("plain", "", "'Privileged': false, 'Devices': []") ","
	    CTR("privstr", "", "'Privileged': 'true'")), NULL, HA_FAIL,
	    "priv", HA_FAIL, "Privileged: every host device",
	    "plain", HA_PASS, "no host devices",
	    "privstr", HA_ERROR, "Privileged", END);
}

/*
 * A device cgroup rule lets the container create (MKNOD is a default
 * capability) and use the devices it names; Docker accepts only
 * "TYPE MAJOR:MINOR ACCESS" with an access of r, w or m, so every valid
 * rule allows something and anything else is malformed.
 */
static void
test_host_devices_cgroup_rules(void **state)
{
	(void)state;
	expect("container.host-devices", FACTS(
	    CTR("blk", "", "'DeviceCgroupRules': ['b *:* rmw']") ","
	    CTR("null", "", "'DeviceCgroupRules': ['c 1:3 r', "
	    "'c 1:5 rw']") ","
	    CTR("both", "", "'Devices': [{'PathOnHost': '/dev/fuse', "
	    "'PathInContainer': '/dev/fuse', 'CgroupPermissions': 'rwm'}], "
	    "'DeviceCgroupRules': ['a *:* m']") ","
	    CTR("none", "", "'DeviceCgroupRules': [], 'Devices': null") ","
	    CTR("nullrules", "", "'DeviceCgroupRules': null") ","
	    CTR("type", "", "'DeviceCgroupRules': ['x *:* rwm']") ","
	    CTR("noaccess", "", "'DeviceCgroupRules': ['c 1:3 ']") ","
	    CTR("badaccess", "", "'DeviceCgroupRules': ['c 1:3 rx']") ","
	    CTR("short", "", "'DeviceCgroupRules': ['a']") ","
	    CTR("num", "", "'DeviceCgroupRules': [7]") ","
	    CTR("str", "", "'DeviceCgroupRules': 'b *:* rmw'") ","
	    CTR("devstr", "", "'Devices': '/dev/sda'")), NULL, HA_FAIL,
	    "blk", HA_FAIL, "device cgroup rules: 'b *:* rmw'",
	    "null", HA_FAIL, "'c 1:3 r', 'c 1:5 rw'",
	    "both", HA_FAIL, "Devices: /dev/fuse:/dev/fuse:rwm; device "
	    "cgroup rules: 'a *:* m'",
	    "none", HA_PASS, "no host devices",
	    "nullrules", HA_PASS, NULL,
	    "type", HA_ERROR, "malformed device cgroup rule 'x *:* rwm'",
	    "noaccess", HA_ERROR, "'c 1:3 '",
	    "badaccess", HA_ERROR, "'c 1:3 rx'",
	    "short", HA_ERROR, "'a'",
	    "num", HA_ERROR, "DeviceCgroupRules",
	    "str", HA_ERROR, "DeviceCgroupRules",
	    "devstr", HA_ERROR, "Devices", END);
	/* a malformed rule beside a valid one: the valid one fails */
	expect("container.host-devices", FACTS(
	    CTR("mixed", "", "'DeviceCgroupRules': ['bogus', 'c 4:* rw']")),
	    NULL, HA_FAIL, "mixed", HA_FAIL, "'c 4:* rw'", END);
}

/* The daemon's effective settings S (each "'key': {...}") with containers. */
#define WITH_SETTINGS(s, e, c) "{'host': {'apparmor': true, 'selinux': " \
	"true}, 'daemon': {'status': 'found', 'settings': {" s "}}, " \
	"'engine': {'status': 'ok', 'socket': '/var/run/docker.sock', " e \
	"'containers': [" c "]}}"
#define BRIDGE(v) "'bridge': {'value': " v ", 'source': 'flag'}"

/* dockerd --bridge=none: there is no default bridge to be on. */
static void
test_default_bridge_none(void **state)
{
	(void)state;
	expect("container.default-bridge", WITH_SETTINGS(BRIDGE("'none'"), "",
	    CTR("dflt", "", "'NetworkMode': 'default'") ","
	    CTR("unset", "", "'NetworkMode': ''") ","
	    CTR("named", "", "'NetworkMode': 'bridge'") ","
	    CTR("user", "'NetworkSettings': {'Networks': {'appnet': {}}},",
	    "'NetworkMode': 'appnet'") ","
	    CTR("onbr", "'NetworkSettings': {'Networks': {'bridge': "
	    "{'NetworkID': 'f00d'}}},", "'NetworkMode': 'default'")),
	    NULL, HA_FAIL,
	    "dflt", HA_PASS, "no default bridge (the daemon runs with "
	    "bridge=none)",
	    "unset", HA_PASS, "no default bridge",
	    "named", HA_PASS, "no default bridge",
	    "user", HA_PASS, "NetworkMode: appnet",
	    "onbr", HA_FAIL, "bridge", END);
	/*
	 * dockerd records the "bridge" key for a default-mode container even
	 * with bridge=none and leaves it unconnected: with the network list
	 * collected and no "bridge" network in it, that key attaches nothing.
	 */
	expect("container.default-bridge", WITH_SETTINGS(BRIDGE("'none'"),
	    "'networks': [{'Name': 'host'}, {'Name': 'none'}, "
	    "{'Name': 'appnet'}], ",
	    CTR("stub", "'NetworkSettings': {'Networks': {'bridge': "
	    "{'NetworkID': ''}}},", "'NetworkMode': 'default'") ","
	    CTR("joined", "'NetworkSettings': {'Networks': {'bridge': "
	    "{'NetworkID': 'f00d'}}},", "'NetworkMode': 'default'")),
	    NULL, HA_FAIL,
	    "stub", HA_PASS, "no default bridge",
	    "joined", HA_FAIL, "bridge", END);
	/* without the network list, a "bridge" key may be a real one */
	expect("container.default-bridge", WITH_SETTINGS(BRIDGE("'none'"), "",
	    CTR("stub", "'NetworkSettings': {'Networks': {'bridge': {}}},",
	    "'NetworkMode': 'default'")), NULL, HA_FAIL,
	    "stub", HA_FAIL, "bridge", END);
	/* another bridge interface is still the default bridge network */
	expect("container.default-bridge", WITH_SETTINGS(BRIDGE("'br0'"), "",
	    CTR("dflt", "", "'NetworkMode': 'default'")), NULL, HA_FAIL,
	    "dflt", HA_FAIL, "NetworkMode: default", END);
	expect("container.default-bridge", WITH_SETTINGS(BRIDGE("7"), "",
	    CTR("dflt", "", "'NetworkMode': 'default'")), NULL, HA_ERROR,
	    "dflt", HA_ERROR, "setting 'bridge' is not a string", END);
	expect("container.default-bridge", FACTS(
	    CTR("mode", "", "'NetworkMode': 5") ","
	    CTR("nets", "'NetworkSettings': {'Networks': ['bridge']},",
	    "'NetworkMode': 'appnet'")), NULL, HA_ERROR,
	    "mode", HA_ERROR, "NetworkMode",
	    "nets", HA_ERROR, "Networks", END);
}

/* A container named N with top-level fields X (State included). */
#define BARE(n, x) "{'Id': 'id-" n "', 'Name': '/" n "', " x \
	" 'HostConfig': {}}"
#define UP	"'Status': 'running', 'Running': true"

/* A configured health check passes whatever it reports. */
static void
test_health_configured(void **state)
{
	(void)state;
	expect("container.health", FACTS(
	    BARE("starting", "'Config': {'Healthcheck': {'Test': ['CMD', "
	    "'true']}}, 'State': {" UP ", 'Health': {'Status': "
	    "'starting'}},") ","
	    BARE("healthy", "'State': {" UP ", 'Health': {'Status': "
	    "'healthy'}},") ","
	    BARE("unhealthy", "'State': {" UP ", 'Health': {'Status': "
	    "'unhealthy', 'FailingStreak': 3}},") ","
	    CTR("cfgonly", "'Config': {'Healthcheck': {'Test': ['CMD-SHELL', "
	    "'curl -f localhost']}},", "")),
	    NULL, HA_PASS,
	    "starting", HA_PASS, "health check configured, status starting",
	    "healthy", HA_PASS, "status healthy",
	    "unhealthy", HA_PASS, "status unhealthy",
	    "cfgonly", HA_PASS, "health check configured", END);
	expect("container.health", FACTS(
	    CTR("off", "'Config': {'Healthcheck': {'Test': ['NONE']}},", "")
	    "," CTR("absent", "'Config': {'Healthcheck': null},", "") ","
	    BARE("nostatus", "'State': {" UP ", 'Health': {'Status': "
	    "'none'}},") ","
	    CTR("badtest", "'Config': {'Healthcheck': {'Test': 'true'}},",
	    "") ","
	    BARE("badstatus", "'State': {" UP ", 'Health': {'Status': "
	    "3}},")),
	    NULL, HA_FAIL,
	    "off", HA_FAIL, "health check disabled (NONE)",
	    "absent", HA_FAIL, "no health check",
	    "nostatus", HA_FAIL, "no health check",
	    "badtest", HA_ERROR, "Healthcheck.Test",
	    "badstatus", HA_ERROR, "Health.Status", END);
}

/* Run docker-sock over q-quoted facts: the one target's detail. */
static void
expect_sock_detail(const char *facts, enum ha_status want, const char *has,
    const char *lacks)
{
	struct ha_result r;

	ha_test_runq("container.docker-sock", facts, NULL, &r);
	assert_int_equal(r.ntargets, 1);
	if (r.targets[0].status != want ||
	    strstr(r.targets[0].detail, has) == NULL ||
	    (lacks != NULL && strstr(r.targets[0].detail, lacks) != NULL))
		fail_msg("%s '%s', want %s with '%s'%s%s",
		    ha_status_name(r.targets[0].status), r.targets[0].detail,
		    ha_status_name(want), has, lacks ? " without " : "",
		    lacks ? lacks : "");
	ha_result_release(&r);
}

#define ROOT_MOUNT CTR("c", "'Mounts': [{'Type': 'bind', 'Source': '/', " \
	"'Destination': '/host', 'RW': true}],", "")

/* The daemon's own socket, wherever it is, is what a mount may hold. */
static void
test_docker_sock_own_path(void **state)
{
	(void)state;
	/* the engine socket hostaudit talked to */
	expect_sock_detail("{'engine': {'status': 'ok', 'socket': "
	    "'/srv/docker/api.sock', 'containers': [" ROOT_MOUNT "]}}",
	    HA_FAIL, "/ (holds /srv/docker/api.sock)", "/var/run/docker.sock");
	/* --root: the socket's host path */
	expect_sock_detail("{'root': '/host', 'engine': {'status': 'ok', "
	    "'socket': '/host/srv/d.sock', 'containers': [" ROOT_MOUNT "]}}",
	    HA_FAIL, "/ (holds /srv/d.sock)", "/host/srv");
	/* the daemon's unix hosts (-H), engine reached otherwise */
	expect_sock_detail("{'daemon': {'status': 'found', 'settings': "
	    "{'hosts': {'value': ['fd://', 'tcp://0.0.0.0:2376', "
	    "'unix:///run/user/0/docker.sock'], 'source': 'flag'}}}, "
	    "'engine': {'status': 'ok', 'containers': [" ROOT_MOUNT "]}}",
	    HA_FAIL, "/ (holds /run/user/0/docker.sock)",
	    "/var/run/docker.sock");
	expect_sock_detail("{'daemon': {'status': 'found', 'settings': "
	    "{'hosts': {'value': ['unix:///run/user/0/docker.sock'], "
	    "'source': 'flag'}}}, 'engine': {'status': 'ok', 'containers': ["
	    CTR("c", "'Mounts': [{'Type': 'bind', 'Source': '/run/user', "
	    "'Destination': '/u', 'RW': true}],", "") "]}}", HA_FAIL,
	    "/run/user (holds /run/user/0/docker.sock)", NULL);
	/* a directory that does not hold the daemon's socket passes */
	expect_sock_detail("{'engine': {'status': 'ok', 'socket': "
	    "'/srv/docker/api.sock', 'containers': ["
	    CTR("c", "'Mounts': [{'Type': 'bind', 'Source': '/run', "
	    "'Destination': '/r', 'RW': true}],", "") "]}}", HA_PASS,
	    "no Docker socket mounted", NULL);
	/* /var/run is /run: the alias under the mount is named */
	expect_sock_detail("{'engine': {'status': 'ok', 'socket': "
	    "'/run/docker.sock', 'containers': ["
	    CTR("c", "'Mounts': [{'Type': 'bind', 'Source': '/var/run', "
	    "'Destination': '/r', 'RW': true}],", "") "]}}", HA_FAIL,
	    "/var/run (holds /var/run/docker.sock)", NULL);
	/* dockerd with no -H listens on /var/run/docker.sock */
	expect_sock_detail("{'daemon': {'status': 'found', 'settings': "
	    "{'hosts': {'value': [], 'source': 'default'}}}, "
	    "'engine': {'status': 'ok', 'containers': [" ROOT_MOUNT "]}}",
	    HA_FAIL, "/ (holds /var/run/docker.sock)", NULL);
	/* a socket by Docker's usual name mounted as such still fails */
	expect_sock_detail("{'engine': {'status': 'ok', 'socket': "
	    "'/srv/docker/api.sock', 'containers': ["
	    CTR("c", "'Mounts': [{'Type': 'bind', 'Source': "
	    "'/run/docker.sock', 'Destination': '/s', 'RW': true}],", "")
	    "]}}", HA_FAIL, "Docker socket mounted: /run/docker.sock", NULL);
}

/* facts.engine.volumes: local volumes bound to host directories. */
#define VOLUMES "'volumes': [" \
	"{'Name': 'runbind', 'Driver': 'local', 'Mountpoint': " \
	"'/var/lib/docker/volumes/runbind/_data', 'Options': " \
	"{'type': 'none', 'o': 'bind', 'device': '/var/run'}}, " \
	"{'Name': 'etcro', 'Driver': 'local', 'Mountpoint': " \
	"'/var/lib/docker/volumes/etcro/_data', 'Options': {'type': 'none', " \
	"'o': 'ro,rbind', 'device': '/etc/'}}, " \
	"{'Name': 'plain', 'Driver': 'local', 'Mountpoint': " \
	"'/var/lib/docker/volumes/plain/_data', 'Options': null}, " \
	"{'Name': 'nfs', 'Driver': 'local', 'Mountpoint': " \
	"'/var/lib/docker/volumes/nfs/_data', 'Options': {'type': 'nfs', " \
	"'o': 'addr=10.0.0.1,rw', 'device': ':/etc'}}, " \
	"{'Name': 'badopt', 'Driver': 'local', 'Mountpoint': " \
	"'/var/lib/docker/volumes/badopt/_data', 'Options': {'o': 'bind', " \
	"'device': 42}}], "
#define VOLMOUNT(name, rw) "{'Type': 'volume', 'Name': '" name "', " \
	"'Source': '/var/lib/docker/volumes/" name "/_data', 'Destination': " \
	"'/" name "', 'Driver': 'local', 'RW': " rw "}"

/*
 * docker volume create -o type=none -o o=bind -o device=/var/run: a
 * named volume that is a bind mount of a host directory.
 */
static void
test_bind_volumes(void **state)
{
	(void)state;
	expect("container.docker-sock", ENGINE(VOLUMES,
	    CTR("runbind", "'Mounts': [" VOLMOUNT("runbind", "true") "],", "")
	    "," CTR("plain", "'Mounts': [" VOLMOUNT("plain", "true") "],", "")
	    "," CTR("nfs", "'Mounts': [" VOLMOUNT("nfs", "true") "],", "")),
	    NULL, HA_FAIL,
	    "runbind", HA_FAIL, "Docker socket mounted: /var/run (volume "
	    "runbind, holds /var/run/docker.sock)",
	    "plain", HA_PASS, NULL, "nfs", HA_PASS, NULL, END);
	expect("container.sensitive-mounts", ENGINE(VOLUMES,
	    CTR("etcro", "'Mounts': [" VOLMOUNT("etcro", "false") "],", "")
	    "," CTR("runbind", "'Mounts': [" VOLMOUNT("runbind", "true")
	    "],", "") ","
	    CTR("plain", "'Mounts': [" VOLMOUNT("plain", "true") "],", "")
	    "," CTR("badopt", "'Mounts': [" VOLMOUNT("badopt", "true")
	    "],", "") ","
	    CTR("gone", "'Mounts': [" VOLMOUNT("gone", "true") "],", "") ","
	    CTR("other", "'Mounts': [{'Type': 'volume', 'Name': 'x', "
	    "'Driver': 'rexray', 'Source': '/mnt/x', 'RW': true}],", "")),
	    NULL, HA_FAIL,
	    "etcro", HA_FAIL, "sensitive host paths mounted: /etc (ro, volume "
	    "etcro)",
	    "runbind", HA_PASS, NULL, "plain", HA_PASS, NULL,
	    "badopt", HA_ERROR, "volume badopt: malformed options",
	    "gone", HA_ERROR, "volume gone: not in the engine's volume list",
	    "other", HA_PASS, NULL, END);
	/* the volume list was not collected: neither check can pass */
	expect("container.sensitive-mounts", FACTS(
	    CTR("v", "'Mounts': [" VOLMOUNT("runbind", "true") "],", "") ","
	    CTR("b", "'Mounts': [{'Type': 'bind', 'Source': '/srv', "
	    "'Destination': '/srv', 'RW': true}],", "")), NULL, HA_ERROR,
	    "v", HA_ERROR, "volume runbind: its options were not collected",
	    "b", HA_PASS, NULL, END);
	expect("container.docker-sock", FACTS(
	    CTR("v", "'Mounts': [" VOLMOUNT("runbind", "true") "],", "")),
	    NULL, HA_ERROR,
	    "v", HA_ERROR, "volume runbind: its options were not collected",
	    END);
	/* a finding outweighs what could not be judged */
	expect("container.sensitive-mounts", FACTS(
	    CTR("v", "'Mounts': [" VOLMOUNT("runbind", "true") ", {'Type': "
	    "'bind', 'Source': '/etc', 'Destination': '/e', 'RW': true}],",
	    "")), NULL, HA_FAIL,
	    "v", HA_FAIL, "/etc (rw); volume runbind: its options were not "
	    "collected", END);
}

/* spc_t is the unconfined super-privileged container type. */
static void
test_selinux_spc_t(void **state)
{
	(void)state;
	expect("container.selinux", FACTS(
	    CTR("spc", "", "'SecurityOpt': ['label=type:spc_t']") ","
	    CTR("spc2", "", "'SecurityOpt': ['label=level:s0:c1', "
	    "'label:type:spc_t']") ","
	    CTR("proc", "'ProcessLabel': 'system_u:system_r:spc_t:s0',", "")
	    "," CTR("ok", "", "'SecurityOpt': ['label=type:container_t']") ","
	    CTR("bad", "", "'SecurityOpt': 'label=disable'")),
	    NULL, HA_FAIL,
	    "spc", HA_FAIL, "SecurityOpt: label=type:spc_t (unconfined)",
	    "spc2", HA_FAIL, "label:type:spc_t",
	    "proc", HA_FAIL, "ProcessLabel: system_u:system_r:spc_t:s0",
	    "ok", HA_PASS, "container_t",
	    "bad", HA_ERROR, "SecurityOpt", END);
}

/* Without seccomp in the engine the default profile confines nothing. */
static void
test_seccomp_engine_support(void **state)
{
	(void)state;
	expect("container.seccomp", ENGINE("'info': {'SecurityOptions': "
	    "['name=apparmor', 'name=cgroupns']}, ",
	    CTR("dflt", "", "'SecurityOpt': null") ","
	    CTR("own", "", "'SecurityOpt': ['seccomp=/p.json']")),
	    NULL, HA_FAIL,
	    "dflt", HA_FAIL, "the engine has no seccomp support",
	    "own", HA_FAIL, "the engine has no seccomp support", END);
	expect("container.seccomp", ENGINE("'info': {'SecurityOptions': "
	    "null}, ", CTR("dflt", "", "")), NULL, HA_FAIL,
	    "dflt", HA_FAIL, "no seccomp support", END);
	/* engines before API 1.26 list bare names */
	expect("container.seccomp", ENGINE("'info': {'SecurityOptions': "
	    "['apparmor', 'seccomp']}, ", CTR("dflt", "", "")), NULL, HA_PASS,
	    "dflt", HA_PASS, "daemon default profile", END);
	/* the engine's own default is unconfined */
	expect("container.seccomp", ENGINE("'info': {'SecurityOptions': "
	    "['name=seccomp,profile=unconfined']}, ",
	    CTR("dflt", "", "") "," CTR("own", "",
	    "'SecurityOpt': ['seccomp=/p.json']")), NULL, HA_FAIL,
	    "dflt", HA_FAIL, "the engine's default seccomp profile is "
	    "unconfined", "own", HA_PASS, "custom profile", END);
	/* no engine info: cannot tell, but what fails anyway still fails */
	expect("container.seccomp", FACTS(
	    CTR("dflt", "", "") ","
	    CTR("off", "", "'SecurityOpt': ['seccomp=unconfined']")),
	    NULL, HA_FAIL,
	    "dflt", HA_ERROR, "engine info (GET /info) was not collected",
	    "off", HA_FAIL, "unconfined", END);
	expect("container.seccomp", ENGINE("'info': {'SecurityOptions': "
	    "'name=seccomp'}, ", CTR("dflt", "", "")), NULL, HA_ERROR,
	    "dflt", HA_ERROR, "SecurityOptions is not a list", END);
	expect("container.seccomp", ENGINE("'info': {}, ",
	    CTR("dflt", "", "")), NULL, HA_ERROR,
	    "dflt", HA_ERROR, "SecurityOptions", END);
	expect("container.seccomp", ENGINE(SECCOMP_INFO,
	    CTR("privstr", "", "'Privileged': 1")), NULL, HA_ERROR,
	    "privstr", HA_ERROR, "Privileged", END);
}

/* HostConfig.Capabilities (API 1.40) replaces the default set. */
static void
test_capabilities_field(void **state)
{
	(void)state;
	expect("container.capabilities", FACTS(
	    CTR("admin", "", "'Capabilities': ['CAP_CHOWN', "
	    "'CAP_SYS_ADMIN']") ","
	    CTR("narrow", "", "'Capabilities': ['CAP_CHOWN', "
	    "'CAP_NET_BIND_SERVICE']") ","
	    CTR("empty", "", "'Capabilities': []") ","
	    CTR("null", "", "'Capabilities': null, 'CapAdd': ['SYS_TIME']")
	    "," CTR("str", "", "'Capabilities': 'CAP_SYS_ADMIN'")),
	    NULL, HA_FAIL,
	    "admin", HA_FAIL, "Capabilities: SYS_ADMIN (dangerous: "
	    "SYS_ADMIN)",
	    "narrow", HA_PASS, NULL,
	    "empty", HA_PASS, NULL,
	    "null", HA_FAIL, "CapAdd: SYS_TIME",
	    "str", HA_ERROR, "Capabilities", END);
}

#define ref_check ha_test_ref_check

#define LIB64_MOUNTS FACTS(						\
	CTR("lib64", "'Mounts': [{'Type': 'bind', 'Source': '/lib64', "	\
	"'Destination': '/lib64', 'RW': false}],", "") ","		\
	CTR("loader", "'Mounts': [{'Type': 'bind', 'Source': "		\
	"'/lib64/ld-linux-x86-64.so.2', 'Destination': '/ld', "	\
	"'RW': false}],", "") ","					\
	CTR("lib64ish", "'Mounts': [{'Type': 'bind', 'Source': "	\
	"'/lib64x', 'Destination': '/x', 'RW': true}],", ""))

/* 5.6: CIS 1.7.0 and 1.8.0 add /lib64 to the sensitive directories. */
static void
test_cis_lib64(void **state)
{
	static const char *const newer[] = {
		"profiles/cis-docker-1.7.0.json",
		"profiles/cis-docker-1.8.0.json",
	};
	const char *id;
	char *params;
	size_t i;

	(void)state;
	params = ref_check("profiles/cis-docker-1.6.0.json", "5.6", &id);
	assert_string_equal(id, "container.sensitive-mounts");
	expect(id, LIB64_MOUNTS, params, HA_PASS, "lib64", HA_PASS, NULL,
	    "loader", HA_PASS, NULL, END);
	free(params);
	for (i = 0; i < sizeof(newer) / sizeof(newer[0]); i++) {
		params = ref_check(newer[i], "5.6", &id);
		assert_string_equal(id, "container.sensitive-mounts");
		expect(id, LIB64_MOUNTS, params, HA_FAIL,
		    "lib64", HA_FAIL, "sensitive host paths mounted: /lib64 "
		    "(ro)", "loader", HA_FAIL, "/lib64/ld-linux-x86-64.so.2",
		    "lib64ish", HA_PASS, NULL, END);
		free(params);
	}
	/* allowed_mounts still exempts a path the version made sensitive */
	expect("container.sensitive-mounts", LIB64_MOUNTS,
	    "{'extra_sensitive_paths': ['/lib64'], 'allowed_mounts': "
	    "['/lib64']}", HA_PASS, "lib64", HA_PASS, NULL, END);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_swarm),
		cmocka_unit_test(test_apparmor),
		cmocka_unit_test(test_selinux),
		cmocka_unit_test(test_capabilities),
		cmocka_unit_test(test_privileged),
		cmocka_unit_test(test_sensitive_mounts),
		cmocka_unit_test(test_sshd),
		cmocka_unit_test(test_sshd_collected),
		cmocka_unit_test(test_privileged_ports),
		cmocka_unit_test(test_bind_interface),
		cmocka_unit_test(test_namespaces),
		cmocka_unit_test(test_memory_cpu),
		cmocka_unit_test(test_readonly_rootfs),
		cmocka_unit_test(test_restart_policy),
		cmocka_unit_test(test_devices_ulimits),
		cmocka_unit_test(test_mount_propagation),
		cmocka_unit_test(test_seccomp),
		cmocka_unit_test(test_cgroup_parent),
		cmocka_unit_test(test_no_new_privileges),
		cmocka_unit_test(test_joined_namespaces),
		cmocka_unit_test(test_health),
		cmocka_unit_test(test_default_bridge),
		cmocka_unit_test(test_no_hostconfig),
		cmocka_unit_test(test_docker_sock),
		cmocka_unit_test(test_no_containers),
		cmocka_unit_test(test_manual),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_host_devices_privileged),
		cmocka_unit_test(test_host_devices_cgroup_rules),
		cmocka_unit_test(test_default_bridge_none),
		cmocka_unit_test(test_health_configured),
		cmocka_unit_test(test_docker_sock_own_path),
		cmocka_unit_test(test_bind_volumes),
		cmocka_unit_test(test_selinux_spc_t),
		cmocka_unit_test(test_seccomp_engine_support),
		cmocka_unit_test(test_capabilities_field),
		cmocka_unit_test(test_cis_lib64),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

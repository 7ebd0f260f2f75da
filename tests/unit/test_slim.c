/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_slim.c - slim facts (src/slim.c): every check judges a slimmed
 * container or image as it judges the full one, no check reads a field
 * slimming drops, the streaming --facts loader reads what json_loadb
 * reads, and custom checks' "reads".  Fixtures use ' for ".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ha_check.h"
#include "ha_facts.h"
#include "ha_report.h"
#include "ha_slim.h"
#include "ha_types.h"
#include "ha_util.h"
#include "helper_checks.h"
#include "banned.h"

/*
 * Containers as docker sends them, with the fields no check reads
 * (Created, Path, Args, GraphDriver, LogPath, ...) around those that do,
 * set both ways.
 */
#define NOISE "'Created': '2026-01-01T00:00:00Z', 'Path': 'sleep', " \
	"'Args': ['3600'], 'ResolvConfPath': '/r', 'HostnamePath': '/h', " \
	"'LogPath': '/l', 'RestartCount': 0, 'Driver': 'overlay2', " \
	"'Platform': 'linux', 'MountLabel': '', 'ExecIDs': null, " \
	"'GraphDriver': {'Name': 'overlay2', 'Data': {'MergedDir': '/m'}}, "
#define HC_NOISE "'LogConfig': {'Type': 'json-file', 'Config': {}}, " \
	"'AutoRemove': false, 'VolumeDriver': '', 'VolumesFrom': null, " \
	"'ConsoleSize': [0, 0], 'Dns': [], 'ExtraHosts': null, " \
	"'ShmSize': 67108864, 'Runtime': 'runc', 'Isolation': '', " \
	"'CpusetCpus': '', 'BlkioWeight': 0, 'OomKillDisable': false, " \
	"'MaskedPaths': ['/proc/kcore'], 'ReadonlyPaths': ['/proc/bus'], "
#define CFG_NOISE "'Hostname': 'abc', 'Domainname': '', " \
	"'AttachStdout': true, 'Tty': false, 'OpenStdin': false, " \
	"'Cmd': ['sleep', '3600'], 'WorkingDir': '', 'Entrypoint': null, " \
	"'OnBuild': null, 'StopSignal': 'SIGTERM', "

static const char *const containers[] = {
	/* privileged, every host namespace, sensitive mounts */
	"{'Id': 'a1', 'Name': '/priv', " NOISE
	"'AppArmorProfile': 'unconfined', 'ProcessLabel': '', "
	"'State': {'Status': 'running', 'Running': true, 'Pid': 4242, "
	"'Paused': false, 'StartedAt': 'x', 'Health': {'Status': "
	"'unhealthy', 'FailingStreak': 3, 'Log': [{'ExitCode': 1, 'Output': "
	"'boom'}]}}, 'Image': 'sha256:i1', "
	"'HostConfig': {" HC_NOISE "'Privileged': true, 'ReadonlyRootfs': "
	"false, 'PidMode': 'host', 'NetworkMode': 'host', 'IpcMode': 'host', "
	"'UTSMode': 'host', 'UsernsMode': 'host', 'CgroupParent': '/x', "
	"'CapAdd': ['SYS_ADMIN', 'NET_RAW'], 'CapDrop': null, "
	"'Capabilities': null, 'SecurityOpt': ['seccomp=unconfined', "
	"'apparmor=unconfined', 'label=disable'], 'Binds': ['/etc:/e', "
	"'/var/run/docker.sock:/var/run/docker.sock', '/:/host:rshared'], "
	"'DeviceCgroupRules': ['a *:* rwm'], 'Devices': [{'PathOnHost': "
	"'/dev/sda', 'PathInContainer': '/dev/sda', 'CgroupPermissions': "
	"'rwm'}], 'Memory': 0, 'CpuShares': 0, 'NanoCpus': 0, 'PidsLimit': "
	"null, 'RestartPolicy': {'Name': 'always', 'MaximumRetryCount': 0}, "
	"'PortBindings': {'22/tcp': [{'HostIp': '', 'HostPort': '22'}]}, "
	"'Ulimits': [{'Name': 'nofile', 'Soft': 1048576, 'Hard': 1048576}]}, "
	"'Mounts': [{'Type': 'bind', 'Source': '/etc', 'Destination': '/e', "
	"'Mode': '', 'RW': true, 'Propagation': 'rprivate'}, {'Type': 'bind', "
	"'Source': '/var/run/docker.sock', 'Destination': "
	"'/var/run/docker.sock', 'Mode': '', 'RW': true, 'Propagation': "
	"'rprivate'}, {'Type': 'bind', 'Source': '/', 'Destination': '/host', "
	"'Mode': '', 'RW': true, 'Propagation': 'rshared'}, {'Type': "
	"'volume', 'Name': 'v', 'Source': '/var/lib/docker/volumes/v/_data', "
	"'Destination': '/v', 'Driver': 'local', 'Mode': 'z', 'RW': true, "
	"'Propagation': ''}], "
	"'Config': {" CFG_NOISE "'User': '', 'Image': 'busybox', 'Env': "
	"['PATH=/bin', 'DB_PASSWORD=hunter2', 'AWS_SECRET_ACCESS_KEY=x'], "
	"'Labels': {'com.docker.compose.project': 'p', "
	"'com.docker.compose.service': 's', 'tier': 'db'}}, "
	"'NetworkSettings': {'Bridge': '', 'SandboxID': 'x', 'Ports': "
	"{'22/tcp': [{'HostIp': '0.0.0.0', 'HostPort': '22'}, {'HostIp': "
	"'::', 'HostPort': '22'}], '80/tcp': null}, 'Networks': {'bridge': "
	"{'NetworkID': 'n-bridge', 'IPAddress': '172.17.0.2', 'Gateway': "
	"'172.17.0.1', 'MacAddress': 'x'}}}, "
	"'Processes': [{'pid': 1, 'comm': 'sshd', 'exe_base': 'sshd'}, "
	"{'pid': 2, 'comm': 'sleep', 'exe_base': 'busybox'}]}",
	/* hardened */
	"{'Id': 'b2', 'Name': '/hard', " NOISE
	"'AppArmorProfile': 'docker-default', 'ProcessLabel': "
	"'system_u:system_r:container_t:s0:c1,c2', "
	"'State': {'Status': 'running', 'Running': true, 'Pid': 77, "
	"'Health': {'Status': 'healthy', 'Log': []}}, 'Image': 'sha256:i2', "
	"'HostConfig': {" HC_NOISE "'Privileged': false, 'ReadonlyRootfs': "
	"true, 'PidMode': '', 'NetworkMode': 'none', 'IpcMode': 'private', "
	"'UTSMode': '', 'UsernsMode': '', 'CgroupParent': '', 'CapAdd': null, "
	"'CapDrop': ['ALL'], 'Capabilities': null, 'SecurityOpt': "
	"['no-new-privileges', 'seccomp=/p.json'], 'Binds': null, "
	"'DeviceCgroupRules': null, 'Devices': [], 'Memory': 67108864, "
	"'CpuShares': 512, 'NanoCpus': 500000000, 'PidsLimit': 100, "
	"'RestartPolicy': {'Name': 'on-failure', 'MaximumRetryCount': 3}, "
	"'PortBindings': {}, 'Ulimits': null}, 'Mounts': [], "
	"'Config': {" CFG_NOISE "'User': '1000:1000', 'Image': "
	"'registry.example/app@sha256:abc', 'Env': ['PATH=/bin'], "
	"'Healthcheck': {'Test': ['CMD', 'true'], 'Interval': 1000}, "
	"'Labels': {}}, "
	"'NetworkSettings': {'Ports': {}, 'Networks': {'none': {'NetworkID': "
	"'n-none'}}}, 'Processes': [{'pid': 77, 'comm': 'app', 'exe_base': "
	"'app'}], 'ProcessesTruncated': true}",
	/* created, joins another's namespaces, ports on one address */
	"{'Id': 'c3', 'Name': '/join', " NOISE
	"'AppArmorProfile': '', 'State': {'Status': 'created', 'Running': "
	"false, 'Pid': 0}, 'Image': 'sha256:i1', "
	"'HostConfig': {" HC_NOISE "'Privileged': false, 'ReadonlyRootfs': "
	"false, 'PidMode': 'container:priv', 'NetworkMode': 'container:a1', "
	"'IpcMode': 'container:priv', 'UTSMode': '', 'UsernsMode': '', "
	"'CgroupParent': '', 'CapAdd': ['ALL'], 'CapDrop': ['NET_RAW'], "
	"'Capabilities': ['CAP_CHOWN'], 'SecurityOpt': null, 'Binds': "
	"['/home:/home:ro', 'vol:/data'], 'Memory': 1, 'CpuShares': 0, "
	"'PidsLimit': 0, 'RestartPolicy': {'Name': 'on-failure', "
	"'MaximumRetryCount': 10}, 'PortBindings': {'443/tcp': [{'HostIp': "
	"'10.0.0.1', 'HostPort': '443'}], '8080/tcp': [{'HostIp': '', "
	"'HostPort': ''}]}}, 'Mounts': [{'Type': 'volume', 'Name': 'vol', "
	"'Source': '/v', 'Destination': '/data', 'Driver': 'nfs', 'RW': "
	"false, 'Propagation': ''}], "
	"'Config': {" CFG_NOISE "'User': 'root', 'Image': "
	"'docker.io/library/busybox:latest', 'Env': null, 'Healthcheck': "
	"{'Test': ['NONE']}, 'Labels': null}, "
	"'NetworkSettings': {'Ports': {'443/tcp': [{'HostIp': '10.0.0.1', "
	"'HostPort': '443'}]}, 'Networks': {}}, "
	"'ProcessesError': 'not running'}",
	/* wrong types: judged as malformed, full and slim alike */
	"{'Id': 'd4', 'Name': '/odd', 'State': {'Status': 'exited', "
	"'Running': 'no'}, 'HostConfig': 'privileged', 'Config': {'User': 5, "
	"'Env': 'A=1'}, 'Mounts': {'x': 1}, 'NetworkSettings': {'Networks': "
	"['x']}, 'Image': 7}",
	"{'Id': 'e5', 'Name': '/bare', 'State': {}, 'HostConfig': {}, "
	"'Config': {}}",
	"'a string'",
};

static const char *const images[] = {
	"{'Id': 'sha256:i1', 'RepoTags': ['busybox:latest'], 'RepoDigests': "
	"['busybox@sha256:x'], 'Parent': '', 'Comment': '', 'Created': 'x', "
	"'DockerVersion': '', 'Author': '', 'Architecture': 'amd64', 'Os': "
	"'linux', 'Size': 4000000, 'GraphDriver': {'Name': 'overlay2'}, "
	"'RootFS': {'Type': 'layers', 'Layers': ['sha256:l1']}, "
	"'Metadata': {'LastTagTime': 'x'}, "
	"'Config': {'Hostname': '', 'User': '', 'Env': ['PATH=/bin', "
	"'API_TOKEN=abc'], 'Cmd': ['sh'], 'Labels': {'a': 'b'}}, "
	"'History': [{'Created': 'x', 'CreatedBy': '/bin/sh -c apt-get "
	"update', 'Size': 100, 'Comment': 'c', 'Empty_layer': false}, "
	"{'Created': 'x', 'CreatedBy': 'ADD http://x/y.tgz /', 'Size': "
	"200000000, 'Tags': ['busybox:latest']}, {'CreatedBy': 'COPY "
	"--chmod=4755 a /a', 'Size': 0}]}",
	"{'Id': 'sha256:i2', 'RepoTags': [], 'Config': {'User': 'app', "
	"'Env': ['DOCKER_CONTENT_TRUST=1'], 'Healthcheck': {'Test': "
	"['CMD-SHELL', 'true']}}, 'HistoryError': 'GET /images/i2/history: "
	"boom'}",
	"{'Id': 'sha256:i3', 'RepoTags': null, 'Config': null}",
};

/* The facts around the fixtures. */
static json_t *
facts_of(size_t nc, const char *const *c, size_t ni, const char *const *im)
{
	json_t *f = ha_test_q("{'schema': 'hostaudit-facts/1', 'host': "
	    "{'apparmor': true, 'selinux': true}, 'engine': {'status': 'ok', "
	    "'socket': '/var/run/docker.sock', 'info': {'SecurityOptions': "
	    "['name=apparmor', 'name=seccomp,profile=builtin'], 'Swarm': "
	    "{'LocalNodeState': 'inactive'}}, 'networks': [{'Name': "
	    "'bridge', 'Id': 'n-bridge', 'Driver': 'bridge', 'Options': "
	    "{'com.docker.network.bridge.enable_icc': 'true'}}], 'volumes': "
	    "[{'Name': 'vol', 'Driver': 'nfs', 'Options': {'type': 'nfs', "
	    "'o': 'addr=x', 'device': ':/x'}}], 'image_list': [{'Id': "
	    "'sha256:i1'}, {'Id': 'sha256:i9'}]}}");
	json_t *eng = json_object_get(f, "engine");
	json_t *cl = json_array(), *il = json_array();
	size_t i;

	for (i = 0; i < nc; i++)
		json_array_append_new(cl, ha_test_q(c[i]));
	for (i = 0; i < ni; i++)
		json_array_append_new(il, ha_test_q(im[i]));
	json_object_set_new(eng, "containers", cl);
	json_object_set_new(eng, "images", il);
	return f;
}

/* A copy of facts, slimmed. */
static json_t *
slimmed(const json_t *facts)
{
	json_t *s = json_deep_copy(facts);

	ha_slim_facts(s);
	return s;
}

static const char *
nz(const char *s)
{
	return s != NULL ? s : "";
}

/* Fail unless check c judges a and b alike; what says which case. */
static void
same(const struct ha_check *c, const json_t *a, const json_t *b,
    const char *what)
{
	struct ha_ctx ca = { a, NULL, NULL }, cb = { b, NULL, NULL };
	struct ha_result ra, rb;
	size_t i;

	ha_result_init(&ra, c, NULL);
	ha_result_init(&rb, c, NULL);
	ha_check_run(c, &ca, &ra);
	ha_check_run(c, &cb, &rb);
	if (ra.status != rb.status || strcmp(nz(ra.message),
	    nz(rb.message)) != 0 || ra.ntargets != rb.ntargets)
		fail_msg("%s (%s): full %s '%s', slim %s '%s'", c->id, what,
		    ha_status_name(ra.status), nz(ra.message),
		    ha_status_name(rb.status), nz(rb.message));
	for (i = 0; i < ra.ntargets; i++) {
		const struct ha_target *x = &ra.targets[i], *y = &rb.targets[i];

		if (x->status != y->status || strcmp(nz(x->name),
		    nz(y->name)) != 0 || strcmp(nz(x->detail),
		    nz(y->detail)) != 0 || strcmp(nz(x->state),
		    nz(y->state)) != 0)
			fail_msg("%s (%s): target %s: full %s '%s', slim %s "
			    "'%s'", c->id, what, nz(x->name),
			    ha_status_name(x->status), nz(x->detail),
			    ha_status_name(y->status), nz(y->detail));
	}
	ha_result_release(&ra);
	ha_result_release(&rb);
}

/* Every check (host checks read the containers too) over a and b. */
static void
all_same(const json_t *a, const json_t *b, const char *what)
{
	size_t i;

	for (i = 0; i < ha_registry_count(); i++)
		same(ha_registry_at(i), a, b, what);
}

static void
test_same_results(void **state)
{
	json_t *full, *slim;
	size_t i;

	(void)state;
	full = facts_of(HA_ARRAY_SIZE(containers), containers,
	    HA_ARRAY_SIZE(images), images);
	slim = slimmed(full);
	all_same(full, slim, "fixtures");
	json_decref(slim);
	json_decref(full);
	/* one at a time: no container stands in for another */
	for (i = 0; i < HA_ARRAY_SIZE(containers); i++) {
		full = facts_of(1, &containers[i], 1, &images[i %
		    HA_ARRAY_SIZE(images)]);
		slim = slimmed(full);
		all_same(full, slim, containers[i]);
		json_decref(slim);
		json_decref(full);
	}
}

/* Values a dropped field is set to: none may change any result. */
static const char *const hostile[] = {
	"true", "false", "'host'", "'unconfined'", "'0.0.0.0'", "0", "1",
	"null", "['ALL']", "{}", "'/var/run/docker.sock'",
};

/*
 * For each field slimming drops from the container at index k (at any
 * depth), each hostile value in its place: every check must judge the
 * facts as it judges them slimmed.
 */
static void
mutate_dropped(json_t *full, json_t *obj, const json_t *kept,
    const char *path, size_t *n)
{
	const char *key;
	json_t *v, *copy, *slim;
	char *p;
	size_t i;

	json_object_foreach(obj, key, v) {
		const json_t *k = json_object_get(kept, key);

		p = ha_xasprintf("%s.%s", path, key);
		if (k == NULL) {
			copy = json_incref(v);
			for (i = 0; i < HA_ARRAY_SIZE(hostile); i++) {
				json_object_set_new(obj, key,
				    ha_test_q(hostile[i]));
				slim = slimmed(full);
				all_same(full, slim, p);
				json_decref(slim);
				(*n)++;
			}
			json_object_set_new(obj, key, copy);
		} else if (json_is_object(v) && json_is_object(k) && k != v)
			mutate_dropped(full, v, k, p, n);
		free(p);
	}
}

static void
test_dropped_fields_unread(void **state)
{
	json_t *full, *obj, *kept;
	size_t i, n = 0;

	(void)state;
	for (i = 0; i < 3; i++) {
		full = facts_of(1, &containers[i], 1, &images[0]);
		obj = json_array_get(json_object_get(json_object_get(full,
		    "engine"), "containers"), 0);
		kept = ha_slim(json_deep_copy(obj), HA_SCOPE_CONTAINER);
		mutate_dropped(full, obj, kept, "", &n);
		json_decref(kept);
		json_decref(full);
	}
	full = facts_of(0, NULL, 1, &images[0]);
	obj = json_array_get(json_object_get(json_object_get(full, "engine"),
	    "images"), 0);
	kept = ha_slim(json_deep_copy(obj), HA_SCOPE_IMAGE);
	mutate_dropped(full, obj, kept, "image", &n);
	json_decref(kept);
	json_decref(full);
	assert_true(n > 100);
}

static void
test_prune(void **state)
{
	json_t *o, *want;

	(void)state;
	o = ha_slim(ha_test_q(containers[0]), HA_SCOPE_CONTAINER);
	assert_null(json_object_get(o, "GraphDriver"));
	assert_null(json_object_get(o, "Args"));
	assert_null(json_object_get(json_object_get(o, "HostConfig"),
	    "LogConfig"));
	assert_non_null(json_object_get(json_object_get(o, "HostConfig"),
	    "Privileged"));
	/* Labels whole (--label), the map of networks pruned per value */
	want = ha_test_q("{'com.docker.compose.project': 'p', "
	    "'com.docker.compose.service': 's', 'tier': 'db'}");
	assert_true(json_equal(json_object_get(json_object_get(o, "Config"),
	    "Labels"), want));
	json_decref(want);
	want = ha_test_q("{'bridge': {'NetworkID': 'n-bridge'}}");
	assert_true(json_equal(json_object_get(json_object_get(o,
	    "NetworkSettings"), "Networks"), want));
	json_decref(want);
	want = ha_test_q("{'Status': 'unhealthy'}");
	assert_true(json_equal(json_object_get(json_object_get(o, "State"),
	    "Health"), want));
	json_decref(want);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(o,
	    "State"), "Pid")), 4242);
	json_decref(o);
	/* a value not of the expected type stays as it is */
	o = ha_slim(ha_test_q(containers[3]), HA_SCOPE_CONTAINER);
	assert_string_equal(json_string_value(json_object_get(o,
	    "HostConfig")), "privileged");
	json_decref(o);
	o = ha_slim(ha_test_q("[1, 2]"), HA_SCOPE_CONTAINER);
	assert_int_equal(json_array_size(o), 2);
	json_decref(o);
	/* image history: what the checks read of each step */
	o = ha_slim(ha_test_q(images[0]), HA_SCOPE_IMAGE);
	want = ha_test_q("{'CreatedBy': 'ADD http://x/y.tgz /', "
	    "'Size': 200000000}");
	assert_true(json_equal(json_array_get(json_object_get(o, "History"),
	    1), want));
	json_decref(want);
	assert_null(json_object_get(o, "RootFS"));
	json_decref(o);
	/* other scopes: untouched */
	o = ha_test_q("{'a': 1}");
	assert_ptr_equal(ha_slim(o, HA_SCOPE_HOST), o);
	json_decref(o);
	assert_null(ha_slim(NULL, HA_SCOPE_CONTAINER));
}

static void
test_answer(void **state)
{
	json_t *o;

	(void)state;
	o = ha_slim_answer("/containers/abc/json",
	    ha_test_q("{'Id': 'x', 'Path': 'y'}"));
	assert_null(json_object_get(o, "Path"));
	json_decref(o);
	o = ha_slim_answer("/images/sha256:1/json",
	    ha_test_q("{'Id': 'x', 'Os': 'y'}"));
	assert_null(json_object_get(o, "Os"));
	json_decref(o);
	/* lists and histories: as they are */
	o = ha_slim_answer("/containers/json?all=1",
	    ha_test_q("{'Id': 'x', 'Path': 'y'}"));
	assert_non_null(json_object_get(o, "Path"));
	json_decref(o);
	o = ha_slim_answer("/images/json", ha_test_q("{'Id': 'x', 'Os': 'y'}"));
	assert_non_null(json_object_get(o, "Os"));
	json_decref(o);
	o = ha_slim_answer("/images/x/history",
	    ha_test_q("{'Id': 'x', 'Os': 'y'}"));
	assert_non_null(json_object_get(o, "Os"));
	json_decref(o);
	o = ha_slim_answer("/containers//json",
	    ha_test_q("{'Id': 'x', 'Os': 'y'}"));
	assert_non_null(json_object_get(o, "Os"));
	json_decref(o);
}

/* ha_slim_answer_text(): what ha_slim_answer() makes of the parsed text. */
static void
answer_text_alike(const char *path, const json_t *full)
{
	char *text = json_dumps(full, JSON_INDENT(1) | JSON_ENCODE_ANY);
	json_t *want = ha_slim_answer(path, json_deep_copy(full));
	json_t *got = ha_slim_answer_text(path, text, strlen(text));

	if (!json_is_object(full)) {
		assert_null(got);	/* an inspect is an object */
	} else if (got == NULL || !json_equal(want, got))
		fail_msg("%s: slims differently: %s", path, text);
	json_decref(want);
	json_decref(got);
	free(text);
}

static void
test_answer_text(void **state)
{
	static const char *const bad[] = {
		"", "{", "{\"Id\": \"x\",}", "{\"Path\": [}", "{\"Id\": tru}",
		"{\"Id\": \"x\"} 1", "{\"Id\": \"\\ud800\"}",
	};
	size_t i;
	json_t *o;

	(void)state;
	for (i = 0; i < HA_ARRAY_SIZE(containers); i++) {
		o = ha_test_q(containers[i]);
		answer_text_alike("/containers/abc/json", o);
		json_decref(o);
	}
	for (i = 0; i < HA_ARRAY_SIZE(images); i++) {
		o = ha_test_q(images[i]);
		answer_text_alike("/images/sha256:1/json", o);
		json_decref(o);
	}
	/* not an inspect, or not JSON: NULL, for the plain parse */
	assert_null(ha_slim_answer_text("/containers/json?all=1", "[]", 2));
	assert_null(ha_slim_answer_text("/images/x/history", "{}", 2));
	for (i = 0; i < HA_ARRAY_SIZE(bad); i++)
		if ((o = ha_slim_answer_text("/containers/a/json", bad[i],
		    strlen(bad[i]))) != NULL)
			fail_msg("slimmed: %s", bad[i]);
	/* kept whole: the plain way */
	ha_slim_keep_all(HA_SCOPE_CONTAINER);
	assert_null(ha_slim_answer_text("/containers/a/json", "{}", 2));
	ha_slim_reset();
}

static void
test_keep(void **state)
{
	json_t *o;

	(void)state;
	assert_int_equal(ha_slim_keep(HA_SCOPE_CONTAINER, "Path"), 0);
	assert_int_equal(ha_slim_keep(HA_SCOPE_CONTAINER,
	    "GraphDriver.Data{}"), 0);
	assert_int_equal(ha_slim_keep(HA_SCOPE_CONTAINER, "Args[]"), 0);
	o = ha_slim(ha_test_q(containers[0]), HA_SCOPE_CONTAINER);
	assert_string_equal(json_string_value(json_object_get(o, "Path")),
	    "sleep");
	assert_non_null(json_object_get(json_object_get(json_object_get(o,
	    "GraphDriver"), "Data"), "MergedDir"));
	assert_null(json_object_get(json_object_get(o, "GraphDriver"),
	    "Name"));
	assert_int_equal(json_array_size(json_object_get(o, "Args")), 1);
	assert_null(json_object_get(o, "LogPath"));
	json_decref(o);
	assert_int_equal(ha_slim_keep(HA_SCOPE_CONTAINER, ""), -1);
	assert_int_equal(ha_slim_keep(HA_SCOPE_CONTAINER, "a..b"), -1);
	assert_int_equal(ha_slim_keep(HA_SCOPE_CONTAINER, ".a"), -1);
	assert_int_equal(ha_slim_keep(HA_SCOPE_CONTAINER, "a["), -1);
	assert_int_equal(ha_slim_keep(HA_SCOPE_CONTAINER, "a]b"), -1);
	assert_int_equal(ha_slim_keep(HA_SCOPE_HOST, "a"), -1);
	ha_slim_keep_all(HA_SCOPE_IMAGE);
	o = ha_slim(ha_test_q(images[0]), HA_SCOPE_IMAGE);
	assert_non_null(json_object_get(o, "RootFS"));
	json_decref(o);
	ha_slim_reset();
	o = ha_slim(ha_test_q(images[0]), HA_SCOPE_IMAGE);
	assert_null(json_object_get(o, "RootFS"));
	json_decref(o);
	o = ha_slim(ha_test_q(containers[0]), HA_SCOPE_CONTAINER);
	assert_null(json_object_get(o, "Path"));
	json_decref(o);
}

/* A custom container check: its "reads" kept, or all without them. */
static void
test_custom_reads(void **state)
{
	static const char prof[] = "{'name': 't', 'checks': [], 'custom': "
	    "[{'id': 'site.log', 'title': 'T', 'scope': 'container', "
	    "'remediation': 'R', 'reads': ['HostConfig.LogConfig.Type'], "
	    "'jq': 'if .HostConfig.LogConfig.Type == \\u0022json-file\\u0022 "
	    "then \\u0022fail\\u0022 else \\u0022pass\\u0022 end'}]}";
	struct ha_profile p;
	char *text = ha_xstrdup(prof), *s;
	json_t *o, *full, *slim;
	size_t i;

	(void)state;
	for (s = text; *s != '\0'; s++)
		if (*s == '\'')
			*s = '"';
	assert_int_equal(ha_profile_parse(text, strlen(text), "p.json", &p),
	    0);
	o = ha_slim(ha_test_q(containers[0]), HA_SCOPE_CONTAINER);
	assert_string_equal(json_string_value(json_object_get(json_object_get(
	    json_object_get(o, "HostConfig"), "LogConfig"), "Type")),
	    "json-file");
	assert_null(json_object_get(json_object_get(json_object_get(o,
	    "HostConfig"), "LogConfig"), "Config"));
	json_decref(o);
	/* and judges alike */
	full = facts_of(HA_ARRAY_SIZE(containers), containers, 0, NULL);
	slim = slimmed(full);
	for (i = 0; i < p.nentries; i++)
		same(p.entries[i].check, full, slim, "custom");
	same(ha_registry_find("site.log"), full, slim, "custom");
	json_decref(slim);
	json_decref(full);
	ha_profile_release(&p);
	ha_slim_reset();
	free(text);

	/* without "reads": whole objects */
	text = ha_xstrdup("{\"name\": \"t\", \"checks\": [], \"custom\": "
	    "[{\"id\": \"site.any\", \"title\": \"T\", \"scope\": \"image\", "
	    "\"remediation\": \"R\", \"jq\": \"\\\"pass\\\"\"}]}");
	assert_int_equal(ha_profile_parse(text, strlen(text), "p.json", &p),
	    0);
	o = ha_slim(ha_test_q(images[0]), HA_SCOPE_IMAGE);
	assert_non_null(json_object_get(o, "RootFS"));
	json_decref(o);
	ha_profile_release(&p);
	ha_slim_reset();
	free(text);
}

static void
test_custom_reads_refused(void **state)
{
	static const char *const bad[] = {
		"'reads': 'Path'",
		"'reads': [1]",
		"'reads': ['a..b']",
	};
	struct ha_profile p;
	char *text, *s;
	size_t i;

	(void)state;
	ha_test_collect();
	for (i = 0; i < HA_ARRAY_SIZE(bad); i++) {
		text = ha_xasprintf("{'name': 't', 'checks': [], 'custom': "
		    "[{'id': 'site.x', 'title': 'T', 'scope': 'container', "
		    "'remediation': 'R', %s, 'jq': '1'}]}", bad[i]);
		for (s = text; *s != '\0'; s++)
			if (*s == '\'')
				*s = '"';
		if (ha_profile_parse(text, strlen(text), "p.json", &p) == 0)
			fail_msg("accepted: %s", bad[i]);
		assert_non_null(strstr(ha_test_msgs, "reads"));
		free(text);
	}
	/* a host check reads no inspect object */
	text = ha_xstrdup("{\"name\": \"t\", \"checks\": [], \"custom\": "
	    "[{\"id\": \"site.h\", \"title\": \"T\", \"scope\": \"host\", "
	    "\"remediation\": \"R\", \"reads\": [\"a\"], \"jq\": \"1\"}]}");
	assert_int_equal(ha_profile_parse(text, strlen(text), "p.json", &p),
	    -1);
	assert_non_null(strstr(ha_test_msgs, "'reads' is for scope"));
	free(text);
	ha_slim_reset();
}

/* ha_slim_load_fd() of text (NULL when it gives up). */
static json_t *
load_text(const char *text)
{
	return ha_test_slim_load(text, 1 << 20);
}

static void
loads_alike(const char *text)
{
	json_t *want = json_loadb(text, strlen(text), 0, NULL), *got;

	assert_non_null(want);
	ha_slim_facts(want);
	got = load_text(text);
	if (got == NULL || !json_equal(want, got))
		fail_msg("loads differently: %s", text);
	json_decref(got);
	json_decref(want);
}

static void
test_loader(void **state)
{
	json_t *f;
	char *s;
	size_t i;

	(void)state;
	f = facts_of(HA_ARRAY_SIZE(containers), containers,
	    HA_ARRAY_SIZE(images), images);
	s = json_dumps(f, JSON_INDENT(2));
	loads_alike(s);
	free(s);
	s = json_dumps(f, JSON_COMPACT);
	loads_alike(s);
	free(s);
	json_decref(f);
	loads_alike("{\"engine\": {\"containers\": []}}");
	loads_alike("{\"engine\": {\"containers\": [ ] , \"images\":[1,"
	    "\"]\", {\"Id\": \"a\\\"],\", \"Os\": [[{}]]}]}}");
	/* keys that only look like ours, at other depths or escaped */
	loads_alike("{\"x\": {\"engine\": {\"containers\": [{\"Path\": 1}]}},"
	    " \"engine\": {\"x\": {\"containers\": [{\"Path\": 1}]}, "
	    "\"contain\\u0065rs\": [{\"Path\": 2}]}}");
	loads_alike("{\"engine\": [{\"containers\": [{\"Path\": 1}]}]}");
	/* duplicate keys: the last wins, as in json_loadb */
	loads_alike("{\"engine\": {\"containers\": [{\"Id\": \"1\"}], "
	    "\"containers\": [{\"Id\": \"2\", \"Path\": 3}]}}");
	loads_alike("{\"engine\": {\"containers\": [{\"Id\": \"1\"}], "
	    "\"containers\": null}}");
	loads_alike("{\"engine\": {\"containers\": [{\"Id\": \"1\"}]}, "
	    "\"engine\": {\"status\": \"ok\"}}");
	/* slimmed as text: dropped fields of every shape, kept ones
	   beside them, an escaped key (read the plain way) */
	loads_alike("{\"engine\": {\"containers\": [{\"Path\": \"]}\\\"[{\", "
	    "\"Args\": [[1, -2.5e+3, true, null, {\"a\": [\"}\"]}]], "
	    "\"Id\" : \"x\" , \"GraphDriver\": {\"Data\": {\"k\": \"v\"}}, "
	    "\"HostConfig\": {\"Privileged\": true, \"LogConfig\": {}, "
	    "\"Binds\": [\"/a:/b\"]}, \"State\": \"odd\", "
	    "\"Config\": {\"Labels\": {\"x\": {\"y\": [1]}}, "
	    "\"Cmd\": [\"sh\"]}, \"NetworkSettings\": {\"Networks\": "
	    "{\"n1\": {\"NetworkID\": \"i\", \"IPAddress\": \"1\"}, "
	    "\"n2\": 7}}}, 5, \"s\", [], {}]}}");
	loads_alike("{\"engine\": {\"containers\": [{\"Id\": \"a\", "
	    "\"\\u0048ostConfig\": {\"Privileged\": true, \"X\": 1}}]}}");
	/* what several containers have in common is shared */
	f = load_text("{\"engine\": {\"containers\": ["
	    "{\"Id\": \"a\", \"HostConfig\": {\"Privileged\": false, "
	    "\"CapAdd\": [\"NET_ADMIN\"]}, \"Path\": 1},"
	    "{\"Id\": \"b\", \"HostConfig\": {\"Privileged\": false, "
	    "\"CapAdd\": [\"NET_ADMIN\"]}, \"Path\": 2},"
	    "{\"Id\": \"c\", \"HostConfig\": {\"CapAdd\": [\"NET_ADMIN\"], "
	    "\"Privileged\": false}}]}}");
	assert_non_null(f);
	{
		const json_t *l = ha_facts_get(f, "engine.containers");
		const json_t *h0 = json_object_get(json_array_get(l, 0),
		    "HostConfig");

		assert_int_equal(json_array_size(l), 3);
		assert_ptr_equal(h0, json_object_get(json_array_get(l, 1),
		    "HostConfig"));
		/* members in another order: equal, not shared */
		assert_ptr_not_equal(h0, json_object_get(json_array_get(l,
		    2), "HostConfig"));
		assert_ptr_equal(json_object_get(h0, "CapAdd"),
		    ha_facts_get(json_array_get(l, 2), "HostConfig.CapAdd"));
		assert_null(json_object_get(json_array_get(l, 0), "Path"));
	}
	json_decref(f);
	/* not JSON: NULL, for the plain reading to explain */
	static const char *const bad[] = {
		"{\"engine\": {\"containers\": [{\"Path\": @}]}}",
		"{\"engine\": {\"containers\": [{\"Path\": [1}]}}",
		"{\"engine\": {\"containers\": [{\"Path\" 1}]}}",
		"{\"engine\": {\"containers\": [{\"Id\": \"a\" \"b\"}]}}",
		"{\"engine\": {\"containers\": [{\"Path\": \"a\nb\"}]}}",
		"", "{", "{\"engine\": {\"containers\": [1,]}}",
		"{\"engine\": {\"containers\": [,1]}}",
		"{\"engine\": {\"containers\": [1 2]}}",
		"{\"engine\": {\"containers\": [{]}}",
		"{\"engine\": {\"containers\": [}]}}",
		"{\"engine\": {\"containers\": [\"a]}}",
		"{\"a\": 1}}", "[1] [2]", "{\"a\": tru}",
	};
	for (i = 0; i < HA_ARRAY_SIZE(bad); i++)
		if ((f = load_text(bad[i])) != NULL)
			fail_msg("loaded: %s", bad[i]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_prune),
		cmocka_unit_test(test_answer),
		cmocka_unit_test(test_answer_text),
		cmocka_unit_test(test_keep),
		cmocka_unit_test(test_same_results),
		cmocka_unit_test(test_dropped_fields_unread),
		cmocka_unit_test(test_custom_reads),
		cmocka_unit_test_setup_teardown(test_custom_reads_refused,
		    ha_test_capture_setup, ha_test_capture_teardown),
		cmocka_unit_test(test_loader),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_regressions.c - one test per known mistake of docker-bench-security
 * that hostaudit must not make.  Each runs the real code path (a facts
 * fixture through ha_check_run, or the collector's own functions over a
 * fake tree) and fails if hostaudit regressed into the same mistake.
 * Fixtures use ' for " (see helper_checks.h).
 */
#include <ftw.h>
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
#include <jansson.h>

#include "ha_check.h"
#include "ha_collect.h"
#include "ha_daemon.h"
#include "ha_facts.h"
#include "ha_procs.h"
#include "ha_report.h"
#include "ha_util.h"
#include "helper_checks.h"
#include "banned.h"

static char tmp[64];

static int
setup(void **state)
{
	(void)state;
	snprintf(tmp, sizeof(tmp), "/tmp/ha-regress-XXXXXX");
	return mkdtemp(tmp) != NULL ? 0 : -1;
}

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int
teardown(void **state)
{
	(void)state;
	return nftw(tmp, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* Write text to tmp/rel, making the directories on the way. */
static void
put(const char *rel, const char *text, size_t len)
{
	char *path = ha_xasprintf("%s/%s", tmp, rel), *s;
	FILE *f;

	for (s = path + strlen(tmp) + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		(void)mkdir(path, 0755);
		*s = '/';
	}
	assert_non_null(f = fopen(path, "w"));
	assert_int_equal(fwrite(text, 1, len, f), len);
	fclose(f);
	free(path);
}

static void
link_at(const char *rel, const char *target)
{
	char *path = ha_xasprintf("%s/%s", tmp, rel);

	assert_int_equal(symlink(target, path), 0);
	free(path);
}

static enum ha_status
run_status(const char *id, const char *facts)
{
	struct ha_result r;
	enum ha_status st;

	st = ha_test_runq(id, facts, NULL, &r);
	ha_result_release(&r);
	return st;
}

#define FILE_FACTS(role, type, mode) "{'files': {'" role "': {'path': " \
	"'/x', 'exists': true, 'type': '" type "', 'mode': " #mode ", " \
	"'uid': 0, 'gid': 0, 'user': 'root', 'group': 'root'}}}"

/*
 * (a) Modes compared as decimal numbers: 0577 reads as 577 <= 644 and
 * 0606 as 606 <= 660, yet both let others write.  hostaudit compares
 * permission bits: any bit outside the allowed mask fails.
 */
static void
test_mode_compared_as_decimal(void **state)
{
	(void)state;
	/* 0577 == 383: others rwx */
	assert_int_equal(run_status("file.daemon-json-mode",
	    FILE_FACTS("daemon_json", "file", 383)), HA_FAIL);
	/* 0606 == 390: others rw on the socket */
	assert_int_equal(run_status("file.docker-sock-mode",
	    FILE_FACTS("docker_sock", "socket", 390)), HA_FAIL);
	/* 0444 == 292: read-only is within 0644 though "444" < "644" too */
	assert_int_equal(run_status("file.daemon-json-mode",
	    FILE_FACTS("daemon_json", "file", 292)), HA_PASS);
	/* 0644 == 420, exactly the limit; 0600 == 384 */
	assert_int_equal(run_status("file.daemon-json-mode",
	    FILE_FACTS("daemon_json", "file", 420)), HA_PASS);
	assert_int_equal(run_status("file.docker-sock-mode",
	    FILE_FACTS("docker_sock", "socket", 384)), HA_PASS);
	/* 0700 (448, "700" > "644" either way) adds the execute bit */
	assert_int_equal(run_status("file.daemon-json-mode",
	    FILE_FACTS("daemon_json", "file", 448)), HA_FAIL);
}

#define PROC_STATUS "Name:\tx\nState:\tS (sleeping)\nUid:\t0\t0\t0\t0\n"

/* A fake /proc entry under tmp/proc: exe link (or none), comm, cmdline. */
static void
fake_proc(long pid, const char *exe, const char *comm, const char *cmd,
    size_t cmdlen)
{
	char *rel;

	rel = ha_xasprintf("proc/%ld/status", pid);
	put(rel, PROC_STATUS, sizeof(PROC_STATUS) - 1);
	free(rel);
	if (exe != NULL) {
		rel = ha_xasprintf("proc/%ld/exe", pid);
		link_at(rel, exe);
		free(rel);
	}
	if (comm != NULL) {
		rel = ha_xasprintf("proc/%ld/comm", pid);
		put(rel, comm, strlen(comm));
		free(rel);
	}
	rel = ha_xasprintf("proc/%ld/cmdline", pid);
	put(rel, cmd, cmdlen);
	free(rel);
}

#define CMD(s) s, sizeof(s) - 1

/*
 * (b) Daemon flags read from any process whose command line contains
 * "dockerd" (an editor on daemon.json, a grep, dockerd-rootless.sh).
 * hostaudit takes only a process whose executable (or comm) is exactly
 * dockerd.
 */
static void
test_dockerd_by_substring(void **state)
{
	char *proc = ha_xasprintf("%s/proc", tmp);
	json_t *d;

	(void)state;
	assert_true(ha_daemon_is_dockerd("/usr/bin/dockerd"));
	assert_true(ha_daemon_is_dockerd("dockerd"));
	assert_false(ha_daemon_is_dockerd("/usr/bin/dockerd-rootless.sh"));
	assert_false(ha_daemon_is_dockerd("/usr/bin/vim"));
	assert_false(ha_daemon_is_dockerd("/usr/bin/grep"));
	assert_false(ha_daemon_is_dockerd("/opt/mydockerd"));
	/* lower pids that only mention dockerd come first in the scan */
	fake_proc(10, "/usr/bin/vim", "vim\n",
	    CMD("vim\0/etc/docker/daemon.json\0--dockerd\0"));
	fake_proc(11, "/usr/bin/grep", "grep\n",
	    CMD("grep\0dockerd --icc=true\0"));
	fake_proc(12, "/usr/bin/dockerd-rootless.sh", "dockerd-rootless\n",
	    CMD("/usr/bin/dockerd-rootless.sh\0--icc=true\0"));
	d = ha_daemon_find(proc, NULL);
	assert_string_equal(json_string_value(json_object_get(d, "status")),
	    "not-found");
	json_decref(d);
	fake_proc(20, "/usr/sbin/dockerd", "dockerd\n",
	    CMD("/usr/sbin/dockerd\0--icc=false\0"));
	d = ha_daemon_find(proc, NULL);
	assert_string_equal(json_string_value(json_object_get(d, "status")),
	    "found");
	assert_int_equal(json_integer_value(json_object_get(d, "pid")), 20);
	assert_string_equal(json_string_value(json_object_get(d, "exe")),
	    "/usr/sbin/dockerd");
	json_decref(d);
	free(proc);
}

/* Daemon facts as collect builds them from argv and a config file. */
static json_t *
daemon_facts(const json_t *argv, const json_t *cf)
{
	json_t *facts = json_pack("{s:{s:s, s:O, s:O}}", "daemon", "status",
	    "found", "cmdline", argv, "config_file", cf);
	json_t *eff = ha_daemon_effective(argv, NULL,
	    json_object_get(cf, "content"));

	json_object_update(json_object_get(facts, "daemon"), eff);
	json_decref(eff);
	return facts;
}

static enum ha_status
run_on(const char *id, const json_t *facts, const char **source)
{
	struct ha_result r;
	enum ha_status st;
	char *text = json_dumps(facts, JSON_COMPACT);

	st = ha_test_run(id, text, NULL, &r);
	ha_result_release(&r);
	free(text);
	if (source != NULL)
		ha_facts_setting(facts, "icc", source);
	return st;
}

/*
 * (c) daemon.json ignored: a key set only in the configuration file
 * counts as the flag would, and the file is the one --config-file
 * names, not a fixed /etc/docker/daemon.json.
 */
static void
test_daemon_json_ignored(void **state)
{
	struct ha_collect_opts o;
	json_t *argv, *parsed, *cf, *facts;
	const char *src = NULL;

	(void)state;
	/* a decoy at the default path says the opposite */
	put("etc/docker/daemon.json", "{\"icc\": true}", 13);
	put("srv/conf/daemon.json", "{\"icc\": false}", 14);
	argv = json_pack("[s, s, s]", "/usr/bin/dockerd", "--config-file",
	    "/srv/conf/daemon.json");
	parsed = ha_daemon_parse_flags(argv);
	assert_string_equal(json_string_value(json_object_get(parsed,
	    "config_file")), "/srv/conf/daemon.json");
	ha_collect_opts_init(&o);
	o.root = tmp;
	cf = ha_daemon_config_file(&o, json_string_value(json_object_get(
	    parsed, "config_file")), NULL);
	assert_string_equal(json_string_value(json_object_get(cf, "path")),
	    "/srv/conf/daemon.json");
	assert_string_equal(json_string_value(json_object_get(cf, "source")),
	    "flag");
	facts = daemon_facts(argv, cf);
	assert_int_equal(run_on("daemon.icc", facts, &src), HA_PASS);
	assert_string_equal(src, "file");
	json_decref(facts);
	json_decref(cf);
	json_decref(parsed);
	json_decref(argv);

	/* no flag: the default file, whose icc true fails like --icc=true */
	argv = json_pack("[s]", "/usr/bin/dockerd");
	cf = ha_daemon_config_file(&o, NULL, NULL);
	assert_string_equal(json_string_value(json_object_get(cf, "path")),
	    "/etc/docker/daemon.json");
	facts = daemon_facts(argv, cf);
	assert_int_equal(run_on("daemon.icc", facts, NULL), HA_FAIL);
	json_decref(facts);
	json_decref(cf);
	json_decref(argv);
}

#define CTR(n, state, run, x) "{'Id': 'id-" n "', 'Name': '/" n "', " \
	"'State': {'Status': '" state "', 'Running': " run ", 'Pid': 0}, " \
	"'Config': {'User': 'app'}, 'AppArmorProfile': '', " x \
	"'HostConfig': {'Privileged': false, 'SecurityOpt': null}}"

/*
 * (d) AppArmor warned about on hosts without AppArmor (SELinux hosts):
 * container.apparmor does not apply there.
 */
static void
test_apparmor_without_apparmor(void **state)
{
	struct ha_result r;

	(void)state;
	assert_int_equal(ha_test_runq("container.apparmor", "{'host': "
	    "{'apparmor': false, 'selinux': true}, 'engine': {'status': 'ok',"
	    " 'containers': [" CTR("web", "running", "true", "") "]}}", NULL,
	    &r), HA_SKIP);
	assert_int_equal(ha_test_target_status(&r, "web"), HA_SKIP);
	ha_result_release(&r);
	/* with AppArmor on the host the same container is a finding */
	assert_int_equal(ha_test_runq("container.apparmor", "{'host': "
	    "{'apparmor': true}, 'engine': {'status': 'ok', 'containers': ["
	    CTR("web", "running", "true", "") "]}}", NULL, &r), HA_FAIL);
	ha_result_release(&r);
}

/*
 * (e) sshd "passed" when the exec into the container failed.  hostaudit
 * reads /proc; a container whose processes cannot be read is an error,
 * never a pass.
 */
static void
test_sshd_pass_on_failed_exec(void **state)
{
	struct ha_result r;
	json_t *facts;
	char *proc = ha_xasprintf("%s/proc", tmp), *text;

	(void)state;
	(void)mkdir(proc, 0755);
	/* the container's pid 4242 is not under this proc */
	facts = ha_test_json("{\"engine\": {\"status\": \"ok\", "
	    "\"containers\": [{\"Id\": \"id-web\", \"Name\": \"/web\", "
	    "\"State\": {\"Status\": \"running\", \"Running\": true, "
	    "\"Pid\": 4242}}]}}");
	assert_int_equal(ha_procs_attach(proc, (json_t *)ha_facts_get(facts,
	    "engine.containers"), HA_PROCS_MAX), 1);
	text = json_dumps(facts, JSON_COMPACT);
	assert_int_equal(ha_test_run("container.sshd", text, NULL, &r),
	    HA_ERROR);
	assert_int_equal(ha_test_target_status(&r, "web"), HA_ERROR);
	ha_result_release(&r);
	free(text);
	json_decref(facts);
	/* no list at all (facts from elsewhere): an error too */
	assert_int_equal(run_status("container.sshd", "{'engine': {'status': "
	    "'ok', 'containers': [" CTR("web", "running", "true", "") "]}}"),
	    HA_ERROR);
	free(proc);
}

/*
 * (f) Containers whose names contain "nil" skipped (a filter meant for
 * Go's "<nil>" output).  Every one is a target.
 */
static void
test_nil_names_skipped(void **state)
{
	static const char *const names[] = { "nil", "vanilla", "<nil>" };
	struct ha_result r;
	size_t i;

	(void)state;
	assert_int_equal(ha_test_runq("container.privileged", "{'engine': "
	    "{'status': 'ok', 'containers': [" CTR("nil", "running", "true", "")
	    ", " CTR("vanilla", "running", "true", "") ", "
	    CTR("<nil>", "running", "true", "") ", "
	    CTR("web", "running", "true", "") "]}}", NULL, &r), HA_PASS);
	assert_int_equal(r.ntargets, 4);
	for (i = 0; i < HA_ARRAY_SIZE(names); i++)
		assert_int_equal(ha_test_target_status(&r, names[i]), HA_PASS);
	ha_result_release(&r);
	/* and they are judged: a privileged "vanilla" fails */
	assert_int_equal(ha_test_runq("container.privileged", "{'engine': "
	    "{'status': 'ok', 'containers': [{'Id': 'v', 'Name': '/vanilla', "
	    "'State': {'Status': 'running', 'Running': true}, 'HostConfig': "
	    "{'Privileged': true}}]}}", NULL, &r), HA_FAIL);
	assert_int_equal(ha_test_target_status(&r, "vanilla"), HA_FAIL);
	ha_result_release(&r);
}

/*
 * (g) Only running containers audited.  Created and exited containers
 * start again with the same configuration: they are targets of the
 * per-container checks, with their state.
 */
static void
test_only_running_audited(void **state)
{
	const struct ha_target *t;
	struct ha_result r;

	(void)state;
	assert_int_equal(ha_test_runq("container.privileged", "{'engine': "
	    "{'status': 'ok', 'containers': [{'Id': 'a', 'Name': '/made', "
	    "'State': {'Status': 'created', 'Running': false}, 'HostConfig': "
	    "{'Privileged': true}}, {'Id': 'b', 'Name': '/done', 'State': "
	    "{'Status': 'exited', 'Running': false}, 'HostConfig': "
	    "{'Privileged': true}}, " CTR("web", "running", "true", "")
	    "]}}", NULL, &r), HA_FAIL);
	assert_int_equal(r.ntargets, 3);
	assert_non_null(t = ha_test_target(&r, "made"));
	assert_int_equal(t->status, HA_FAIL);
	assert_string_equal(t->state, "created");
	assert_non_null(t = ha_test_target(&r, "done"));
	assert_int_equal(t->status, HA_FAIL);
	assert_string_equal(t->state, "exited");
	assert_non_null(t = ha_test_target(&r, "web"));
	assert_string_equal(t->state, "running");
	ha_result_release(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_mode_compared_as_decimal),
		cmocka_unit_test_setup_teardown(test_dockerd_by_substring,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_daemon_json_ignored,
		    setup, teardown),
		cmocka_unit_test(test_apparmor_without_apparmor),
		cmocka_unit_test_setup_teardown(test_sshd_pass_on_failed_exec,
		    setup, teardown),
		cmocka_unit_test(test_nil_names_skipped),
		cmocka_unit_test(test_only_running_audited),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

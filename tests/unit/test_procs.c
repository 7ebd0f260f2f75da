/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_procs.c - the per-container process lists (src/procs.c) over a
 * fake /proc tree: each process has a cgroup file (naming a container id
 * the way docker's cgroup drivers do, or not), a comm file and an exe
 * symlink.
 */
#include <errno.h>
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

#include "ha_procs.h"
#include "ha_util.h"
#include "banned.h"

/* Three full container ids; B shares A's first 63 digits. */
#define ID_A "aaaa0000000000000000000000000000000000000000000000000000000000a1"
#define ID_B "aaaa0000000000000000000000000000000000000000000000000000000000a"
#define ID_C "cccc0000000000000000000000000000000000000000000000000000000000c3"

static char root[64];

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fprintf(f, "%s", text);
	fclose(f);
}

/* A process with a cgroup text, comm and exe (NULL: none). */
static void
fake_proc(long pid, const char *cgroup, const char *comm, const char *exe)
{
	char *dir = ha_xasprintf("%s/%ld", root, pid), *p;

	assert_int_equal(mkdir(dir, 0755), 0);
	p = ha_xasprintf("%s/cgroup", dir);
	if (cgroup != NULL)
		write_file(p, cgroup);
	free(p);
	if (comm != NULL) {
		p = ha_xasprintf("%s/comm", dir);
		write_file(p, comm);
		free(p);
	}
	if (exe != NULL) {
		p = ha_xasprintf("%s/exe", dir);
		assert_int_equal(symlink(exe, p), 0);
		free(p);
	}
	free(dir);
}

static int
setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/ha-procs-XXXXXX");
	if (mkdtemp(root) == NULL)
		return -1;
	/* the host: init, a host sshd (never a container's) */
	fake_proc(1, "0::/init.scope\n", "systemd\n",
	    "/usr/lib/systemd/systemd");
	fake_proc(50, "0::/system.slice/ssh.service\n", "sshd\n",
	    "/usr/sbin/sshd");
	/* A under the systemd cgroup driver, cgroup v2 */
	fake_proc(300, "0::/system.slice/docker-" ID_A ".scope\n", "nginx\n",
	    "/usr/sbin/nginx");
	fake_proc(301, "0::/system.slice/docker-" ID_A ".scope\n", "sshd\n",
	    "/usr/sbin/sshd (deleted)");
	/* C under cgroupfs, cgroup v1, seen from another cgroup namespace */
	fake_proc(400, "12:pids:/../docker/" ID_C "\n1:name=systemd:/\n",
	    "node\n", "/usr/bin/node");
	/* a process in a cgroup whose name only starts like A's id */
	fake_proc(500, "0::/docker/" ID_A "0/x\n", "redis\n", NULL);
	return 0;
}

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *f)
{
	(void)sb;
	(void)flag;
	(void)f;
	return remove(path);
}

static int
teardown(void **state)
{
	(void)state;
	return nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* A (running), B (running, no process), C (running), D (exited). */
static json_t *
containers(void)
{
	json_t *c = json_loads("["
	    "{\"Id\": \"" ID_A "\", \"State\": {\"Running\": true, "
	    "\"Pid\": 7}},"
	    "{\"Id\": \"" ID_B "b\", \"State\": {\"Running\": true, "
	    "\"Pid\": 8}},"
	    "{\"Id\": \"" ID_C "\", \"State\": {\"Running\": true, "
	    "\"Pid\": 1}},"
	    "{\"Id\": \"" ID_C "\", \"State\": {\"Running\": false, "
	    "\"Pid\": 0}}]", 0, NULL);

	assert_non_null(c);
	return c;
}

static const json_t *
procs_of(const json_t *ctrs, size_t i)
{
	return json_object_get(json_array_get(ctrs, i), "Processes");
}

static const char *
error_of(const json_t *ctrs, size_t i)
{
	return json_string_value(json_object_get(json_array_get(ctrs, i),
	    "ProcessesError"));
}

static long long
pid_at(const json_t *procs, size_t i)
{
	return json_integer_value(json_object_get(json_array_get(procs, i),
	    "pid"));
}

/*
 * Each container gets the processes whose cgroup names its full id, and
 * only those: whatever PID namespace State.Pid is in.
 */
static void
test_by_cgroup(void **state)
{
	json_t *ctrs = containers();
	const json_t *p, *e;
	size_t i;

	(void)state;
	assert_int_equal(ha_procs_attach(root, ctrs, 100), 1);
	p = procs_of(ctrs, 0);
	assert_int_equal(json_array_size(p), 2);
	json_array_foreach(p, i, e) {
		if (pid_at(p, i) == 301) {
			assert_string_equal(json_string_value(json_object_get(e,
			    "comm")), "sshd");
			assert_string_equal(json_string_value(json_object_get(e,
			    "exe_base")), "sshd");
		} else {
			assert_int_equal(pid_at(p, i), 300);
		}
	}
	assert_null(error_of(ctrs, 0));
	/* B: no cgroup names it (500's only starts like A's): an error */
	assert_null(procs_of(ctrs, 1));
	assert_non_null(strstr(error_of(ctrs, 1), "no process of the running "
	    "container"));
	/* C through a cgroup v1 path seen from another cgroup namespace */
	p = procs_of(ctrs, 2);
	assert_int_equal(json_array_size(p), 1);
	assert_int_equal(pid_at(p, 0), 400);
	assert_null(error_of(ctrs, 2));
	/* an exited container: no list and no error */
	assert_null(procs_of(ctrs, 3));
	assert_null(error_of(ctrs, 3));
	json_decref(ctrs);
}

static void
test_cap(void **state)
{
	json_t *ctrs = containers();

	(void)state;
	ha_procs_attach(root, ctrs, 1);
	assert_int_equal(json_array_size(procs_of(ctrs, 0)), 1);
	assert_true(json_is_true(json_object_get(json_array_get(ctrs, 0),
	    "ProcessesTruncated")));
	assert_null(json_object_get(json_array_get(ctrs, 2),
	    "ProcessesTruncated"));
	json_decref(ctrs);
}

/* A process whose cgroup cannot be read may be anyone's: no list is whole. */
static void
test_unreadable_cgroup(void **state)
{
	json_t *ctrs = containers();
	char *p = ha_xasprintf("%s/600", root);

	(void)state;
	/* a directory where the cgroup file should be: read fails (EISDIR) */
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	p = ha_xasprintf("%s/600/cgroup", root);
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	ha_procs_attach(root, ctrs, 100);
	assert_non_null(strstr(error_of(ctrs, 0), "1 processes under"));
	/* what was found is still recorded, for an sshd to fail on */
	assert_int_equal(json_array_size(procs_of(ctrs, 0)), 2);
	json_decref(ctrs);
}

static void
test_no_proc(void **state)
{
	json_t *ctrs = containers();
	char *missing = ha_xasprintf("%s/nope", root);

	(void)state;
	assert_int_equal(ha_procs_attach(missing, ctrs, 100), 3);
	assert_non_null(strstr(error_of(ctrs, 0), "cannot list"));
	assert_null(procs_of(ctrs, 0));
	assert_null(error_of(ctrs, 3));
	free(missing);
	json_decref(ctrs);
}

static void
test_bad_id(void **state)
{
	json_t *ctrs = json_loads("[{\"Id\": \"abc\", \"State\": "
	    "{\"Running\": true}}]", 0, NULL);

	(void)state;
	assert_int_equal(ha_procs_attach(root, ctrs, 100), 1);
	assert_non_null(strstr(error_of(ctrs, 0), "no full id"));
	json_decref(ctrs);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_by_cgroup, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_cap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_unreadable_cgroup, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_no_proc, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_id, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

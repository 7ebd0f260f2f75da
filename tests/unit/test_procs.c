/*
 * test_procs.c - the per-container process lists (src/procs.c) over a
 * fake /proc tree: ns links are symlinks whose targets read like the
 * kernel's ("pid:[4026532001]"), comm is a file, exe a symlink.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "ha_procs.h"
#include "ha_util.h"
#include "helper_checks.h"
#include "banned.h"

static char root[64];

static void
mkdirs(const char *path)
{
	char *p = ha_xstrdup(path), *s;

	for (s = p + 1; *s != '\0'; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		(void)mkdir(p, 0755);
		*s = '/';
	}
	(void)mkdir(p, 0755);
	free(p);
}

static void
write_file(const char *path, const char *text)
{
	FILE *f;

	assert_non_null(f = fopen(path, "w"));
	fprintf(f, "%s", text);
	fclose(f);
}

/*
 * A process: pid's namespaces, comm and exe (NULL: none), and its cgroup
 * named by cg ("web" gives 0::/docker/web).
 */
static void
fake_proc(long pid, const char *pidns, const char *mntns, const char *comm,
    const char *exe, const char *cg)
{
	char *dir = ha_xasprintf("%s/%ld/ns", root, pid), *p;

	mkdirs(dir);
	p = ha_xasprintf("%s/pid", dir);
	assert_int_equal(symlink(pidns, p), 0);
	free(p);
	if (mntns != NULL) {
		p = ha_xasprintf("%s/mnt", dir);
		assert_int_equal(symlink(mntns, p), 0);
		free(p);
	}
	if (comm != NULL) {
		p = ha_xasprintf("%s/%ld/comm", root, pid);
		write_file(p, comm);
		free(p);
	}
	if (exe != NULL) {
		p = ha_xasprintf("%s/%ld/exe", root, pid);
		assert_int_equal(symlink(exe, p), 0);
		free(p);
	}
	p = ha_xasprintf("%s/%ld/cgroup", root, pid);
	free(dir);
	dir = ha_xasprintf("0::/docker/%s\n", cg);
	write_file(p, dir);
	free(p);
	free(dir);
}

static int
setup(void **state)
{
	(void)state;
	snprintf(root, sizeof(root), "/tmp/ha-procs-XXXXXX");
	if (mkdtemp(root) == NULL)
		return -1;
	/* the host: init, a host sshd, a kernel thread without exe */
	fake_proc(1, "pid:[100]", "mnt:[200]", "systemd", "/usr/lib/systemd/"
	    "systemd", "init");
	fake_proc(50, "pid:[100]", "mnt:[200]", "sshd", "/usr/sbin/sshd",
	    "ssh");
	fake_proc(2, "pid:[100]", "mnt:[200]", "kthreadd", NULL, "");
	/* container web: nginx and an sshd running a deleted binary */
	fake_proc(300, "pid:[101]", "mnt:[201]", "nginx", "/usr/sbin/nginx",
	    "web");
	fake_proc(301, "pid:[101]", "mnt:[201]", "sshd",
	    "/usr/sbin/sshd (deleted)", "web");
	/* container app: no sshd; a process named like it but not it */
	fake_proc(400, "pid:[102]", "mnt:[202]", "node", "/usr/bin/node",
	    "app");
	fake_proc(401, "pid:[102]", "mnt:[202]", "sshd-keygen",
	    "/usr/bin/sshd-keygen", "app");
	/* container hostpid (--pid=host): its own mount namespace */
	fake_proc(500, "pid:[100]", "mnt:[203]", "redis", "/usr/bin/redis",
	    "hostpid");
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
teardown(void **state)
{
	(void)state;
	return nftw(root, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* ha_test_json() of text with ' for ". */
static json_t *
jq(const char *text)
{
	char *s = ha_xstrdup(text), *p;
	json_t *j;

	for (p = s; *p != '\0'; p++)
		if (*p == '\'')
			*p = '"';
	j = ha_test_json(s);
	free(s);
	return j;
}

#define CTR(name, running, pid) \
	"{'Name': '/" name "', 'State': {'Running': " running ", 'Pid': " \
	#pid "}}"

static json_t *
containers(void)
{
	return jq(
	    "[" CTR("web", "true", 300) ", " CTR("app", "true", 400) ", "
	    CTR("old", "false", 0) ", " CTR("hostpid", "true", 500) "]");
}

static const json_t *
procs_of(const json_t *ctrs, size_t i)
{
	return json_object_get(json_array_get(ctrs, i), "Processes");
}

static const char *
field(const json_t *procs, size_t i, const char *key)
{
	return json_string_value(json_object_get(json_array_get(procs, i),
	    key));
}

static long long
pid_at(const json_t *procs, size_t i)
{
	return json_integer_value(json_object_get(json_array_get(procs, i),
	    "pid"));
}

/* Each container gets the processes of its namespace, and only those. */
static void
test_by_namespace(void **state)
{
	json_t *ctrs;
	const json_t *p;
	size_t i;

	(void)state;
	ctrs = containers();
	assert_int_equal(ha_procs_attach(root, ctrs, 100), 0);
	p = procs_of(ctrs, 0);
	assert_int_equal(json_array_size(p), 2);
	for (i = 0; i < 2; i++) {
		if (pid_at(p, i) == 301) {
			assert_string_equal(field(p, i, "comm"), "sshd");
			assert_string_equal(field(p, i, "exe_base"), "sshd");
		} else {
			assert_int_equal(pid_at(p, i), 300);
			assert_string_equal(field(p, i, "exe_base"), "nginx");
		}
	}
	p = procs_of(ctrs, 1);
	assert_int_equal(json_array_size(p), 2);
	/* a stopped container has no list and no error */
	assert_null(procs_of(ctrs, 2));
	assert_null(json_object_get(json_array_get(ctrs, 2),
	    "ProcessesError"));
	/* --pid=host: matched by mount namespace, not the host's sshd */
	p = procs_of(ctrs, 3);
	assert_int_equal(json_array_size(p), 1);
	assert_int_equal(pid_at(p, 0), 500);
	for (i = 0; i < 4; i++)
		assert_null(json_object_get(json_array_get(ctrs, i),
		    "ProcessesError"));
	json_decref(ctrs);
}

static void
test_cap(void **state)
{
	json_t *ctrs;

	(void)state;
	ctrs = containers();
	assert_int_equal(ha_procs_attach(root, ctrs, 1), 0);
	assert_int_equal(json_array_size(procs_of(ctrs, 0)), 1);
	assert_true(json_is_true(json_object_get(json_array_get(ctrs, 0),
	    "ProcessesTruncated")));
	assert_null(json_object_get(json_array_get(ctrs, 3),
	    "ProcessesTruncated"));
	json_decref(ctrs);
}

/* The container's own namespace unreadable (gone, hidepid): an error. */
static void
test_init_unreadable(void **state)
{
	json_t *ctrs;
	const char *err;
	char *want;

	(void)state;
	ctrs = jq("[" CTR("ghost", "true", 999) ", "
	    CTR("web", "true", 300) "]");
	assert_int_equal(ha_procs_attach(root, ctrs, 100), 1);
	assert_null(procs_of(ctrs, 0));
	err = json_string_value(json_object_get(json_array_get(ctrs, 0),
	    "ProcessesError"));
	want = ha_xasprintf("cannot read '%s/999/ns/pid': No such file or "
	    "directory", root);
	assert_string_equal(err, want);
	assert_int_equal(json_array_size(procs_of(ctrs, 1)), 2);
	free(want);
	json_decref(ctrs);
}

/* /proc itself missing: every running container says so. */
static void
test_no_proc(void **state)
{
	json_t *ctrs;

	(void)state;
	ctrs = containers();
	assert_int_equal(ha_procs_attach("/nonexistent-proc", ctrs, 100), 3);
	assert_null(procs_of(ctrs, 0));
	assert_non_null(strstr(json_string_value(json_object_get(
	    json_array_get(ctrs, 0), "ProcessesError")), "/nonexistent-proc/"
	    "300/ns/pid"));
	assert_null(json_object_get(json_array_get(ctrs, 2),
	    "ProcessesError"));
	json_decref(ctrs);
}

/* A fake process pid whose ns/pid is no link (readlink: EINVAL). */
static void
unreadable_proc(long pid, const char *cg)
{
	char *p = ha_xasprintf("%s/%ld/ns", root, pid), *q;

	mkdirs(p);
	free(p);
	p = ha_xasprintf("%s/%ld/ns/pid", root, pid);
	write_file(p, "");
	free(p);
	p = ha_xasprintf("%s/%ld/cgroup", root, pid);
	if (cg != NULL) {
		q = ha_xasprintf("0::/docker/%s\n", cg);
		write_file(p, q);
		free(q);
	} else
		assert_int_equal(mkdir(p, 0755), 0);	/* read: EISDIR */
	free(p);
}

static void
remove_proc(long pid)
{
	char *p = ha_xasprintf("%s/%ld", root, pid);

	assert_int_equal(nftw(p, rm_entry, 16, FTW_DEPTH | FTW_PHYS), 0);
	free(p);
}

static const char *
error_of(const json_t *ctrs, size_t i)
{
	return json_string_value(json_object_get(json_array_get(ctrs, i),
	    "ProcessesError"));
}

/*
 * A process whose namespace cannot be read (another user's, without
 * root) in web's cgroup: web's list is incomplete, app's is not; what
 * was seen is kept.  One outside every container changes nothing.
 */
static void
test_unreadable_in_container(void **state)
{
	json_t *ctrs;

	(void)state;
	unreadable_proc(777, "web");
	unreadable_proc(778, "ssh");
	ctrs = containers();
	assert_int_equal(ha_procs_attach(root, ctrs, 100), 1);
	assert_int_equal(json_array_size(procs_of(ctrs, 0)), 2);
	assert_non_null(error_of(ctrs, 0));
	assert_non_null(strstr(error_of(ctrs, 0), "1 processes in the "
	    "container's cgroup could not be inspected"));
	assert_null(error_of(ctrs, 1));
	assert_int_equal(json_array_size(procs_of(ctrs, 1)), 2);
	json_decref(ctrs);
	remove_proc(777);
	remove_proc(778);
}

/* Neither its namespace nor its cgroup readable: no list is complete. */
static void
test_unreadable_anywhere(void **state)
{
	json_t *ctrs;

	(void)state;
	unreadable_proc(779, NULL);
	ctrs = containers();
	assert_int_equal(ha_procs_attach(root, ctrs, 100), 3);
	assert_int_equal(json_array_size(procs_of(ctrs, 0)), 2);
	assert_non_null(strstr(error_of(ctrs, 1), "1 processes under "));
	assert_null(error_of(ctrs, 2));
	json_decref(ctrs);
	remove_proc(779);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_by_namespace),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_init_unreadable),
		cmocka_unit_test(test_no_proc),
		cmocka_unit_test(test_unreadable_in_container),
		cmocka_unit_test(test_unreadable_anywhere),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_hostfs.c - the host view (ha_hostfs.h): paths resolved inside a
 * root built in a temporary directory, never leaving it through absolute
 * or ".." symlinks, loops and magic links refused; each test runs twice,
 * with openat2 and with the walk in user space forced, which must give
 * the same answers.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "ha_buf.h"
#include "ha_hostfs.h"
#include "ha_util.h"

struct fake {
	char	 root[64];	/* the view's root */
	char	 out[64];	/* a directory outside it */
	int	 flags;		/* ha_hostfs_open_flags() */
};

static void
put(const char *dir, const char *rel, const char *text)
{
	char *p = ha_xasprintf("%s/%s", dir, rel), *s;
	FILE *fp;

	for (s = p + strlen(dir) + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		assert_true(mkdir(p, 0755) == 0 || errno == EEXIST);
		*s = '/';
	}
	assert_non_null(fp = fopen(p, "w"));
	fputs(text, fp);
	fclose(fp);
	free(p);
}

static void
link_at(const char *dir, const char *rel, const char *target)
{
	char *p = ha_xasprintf("%s/%s", dir, rel);

	assert_int_equal(symlink(target, p), 0);
	free(p);
}

static int
setup_flags(void **state, int flags)
{
	struct fake *f = calloc(1, sizeof(*f));
	char *t;

	snprintf(f->root, sizeof(f->root), "/tmp/ha-hostfs-root-XXXXXX");
	snprintf(f->out, sizeof(f->out), "/tmp/ha-hostfs-out-XXXXXX");
	assert_non_null(mkdtemp(f->root));
	assert_non_null(mkdtemp(f->out));
	f->flags = flags;
	put(f->out, "secret", "outside\n");
	put(f->out, "dir/file", "outside dir\n");
	put(f->root, "etc/real", "inside\n");
	put(f->root, "d/file", "inside dir\n");
	/* the same names under the root as outside, to tell them apart */
	t = ha_xasprintf("%s/secret", f->out);
	link_at(f->root, "etc/abs-out", t);
	free(t);
	link_at(f->root, "etc/abs-in", "/etc/real");
	link_at(f->root, "etc/rel-up", "../../../../../../../etc/real");
	t = ha_xasprintf("../../../../../../..%s/secret", f->out);
	link_at(f->root, "etc/rel-out", t);
	free(t);
	link_at(f->root, "loop1", "loop2");
	link_at(f->root, "loop2", "/loop1");
	link_at(f->root, "etc/dirlink", "/d");
	t = ha_xasprintf("%s/dir", f->out);
	link_at(f->root, "etc/dirlink-out", t);
	free(t);
	/* the escapes of a --root before views */
	link_at(f->root, "etc/passwd", "/etc/passwd");
	link_at(f->root, "etc/os-release", "/usr/lib/os-release");
	*state = f;
	return 0;
}

static int
setup_openat2(void **state)
{
	return setup_flags(state, 0);
}

static int
setup_walk(void **state)
{
	return setup_flags(state, HA_HOSTFS_WALK);
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int
teardown(void **state)
{
	struct fake *f = *state;

	nftw(f->root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	nftw(f->out, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	free(f);
	return 0;
}

/* The text read at path in the view, or NULL with *err the errno. */
static char *
read_in(const struct fake *f, const char *path, int *err)
{
	struct ha_hostfs *fs = ha_hostfs_open_flags(f->root, f->flags);
	struct ha_buf b;
	char *text = NULL;

	ha_buf_init(&b, 4096);
	*err = 0;
	if (ha_hostfs_read(fs, path, &b, 0) == 0)
		text = ha_buf_detach(&b, NULL);
	else
		*err = errno;
	ha_buf_release(&b);
	ha_hostfs_close(fs);
	return text;
}

static void
assert_reads(const struct fake *f, const char *path, const char *want)
{
	int err;
	char *text = read_in(f, path, &err);

	if (text == NULL)
		fail_msg("'%s': %s", path, strerror(err));
	assert_string_equal(text, want);
	free(text);
}

static void
assert_fails(const struct fake *f, const char *path, int want)
{
	int err;
	char *text = read_in(f, path, &err);

	if (text != NULL)
		fail_msg("'%s' read \"%s\"", path, text);
	assert_int_equal(err, want);
}

static void
test_plain(void **state)
{
	struct fake *f = *state;

	struct ha_hostfs *fs = ha_hostfs_open_flags(f->root, f->flags);
	struct stat st;

	assert_int_equal(ha_hostfs_stat(fs, "/etc/real", &st), 0);
	if (f->flags == 0 && fs->walk)
		print_message("openat2 unavailable: both runs walk\n");
	ha_hostfs_close(fs);
	assert_reads(f, "/etc/real", "inside\n");
	assert_reads(f, "etc/real", "inside\n");
	assert_reads(f, "/etc/./../etc//real", "inside\n");
	assert_fails(f, "/etc/missing", ENOENT);
	assert_fails(f, "/etc", EISDIR);
}

static void
test_absolute_symlink(void **state)
{
	struct fake *f = *state;
	char *t = ha_xasprintf("%s/secret", f->out);

	assert_reads(f, "/etc/abs-in", "inside\n");
	/* <root><out>/secret does not exist: never <out>/secret itself */
	assert_fails(f, "/etc/abs-out", ENOENT);
	/* the path given whole is taken inside the root, too */
	assert_fails(f, t, ENOENT);
	free(t);
}

/* The escape of the issue: /host/etc/passwd -> /etc/passwd. */
static void
test_passwd_escape(void **state)
{
	struct fake *f = *state;
	char *from, *to;

	/* inside the root, the link names itself */
	assert_fails(f, "/etc/passwd", ELOOP);
	assert_fails(f, "/etc/os-release", ENOENT);
	put(f->root, "etc/passwd-real", "root:x:0:0::/root:/bin/sh\n");
	from = ha_xasprintf("%s/etc/passwd-real", f->root);
	to = ha_xasprintf("%s/etc/passwd", f->root);
	assert_int_equal(rename(from, to), 0);
	assert_reads(f, "/etc/passwd", "root:x:0:0::/root:/bin/sh\n");
	free(from);
	free(to);
}

static void
test_relative_dotdot(void **state)
{
	struct fake *f = *state;

	assert_reads(f, "/etc/rel-up", "inside\n");
	assert_fails(f, "/etc/rel-out", ENOENT);
	assert_reads(f, "/../../../etc/real", "inside\n");
}

static void
test_loop(void **state)
{
	struct fake *f = *state;

	assert_fails(f, "/loop1", ELOOP);
	assert_fails(f, "/loop2/x", ELOOP);
}

/* A chain of n links ending at /etc/real; its head is "/c0". */
static void
chain(const struct fake *f, int n)
{
	char name[32], target[32];
	int i;

	for (i = 0; i < n; i++) {
		snprintf(name, sizeof(name), "c%d", i);
		if (i + 1 < n)
			snprintf(target, sizeof(target), "/c%d", i + 1);
		else
			snprintf(target, sizeof(target), "/etc/real");
		link_at(f->root, name, target);
	}
}

static void
test_link_bound(void **state)
{
	struct fake *f = *state;

	chain(f, HA_HOSTFS_MAX_LINKS);
	assert_reads(f, "/c0", "inside\n");
	link_at(f->root, "c-extra", "/c0");
	assert_fails(f, "/c-extra", ELOOP);
}

static void
test_directory_component(void **state)
{
	struct fake *f = *state;
	struct ha_hostfs *fs = ha_hostfs_open_flags(f->root, f->flags);
	struct dirent *de;
	int seen = 0;
	DIR *d;

	assert_reads(f, "/etc/dirlink/file", "inside dir\n");
	assert_reads(f, "/etc/dirlink/../etc/real", "inside\n");
	assert_fails(f, "/etc/dirlink-out/file", ENOENT);
	assert_non_null(d = ha_hostfs_opendir(fs, "/etc/dirlink"));
	while ((de = readdir(d)) != NULL)
		seen += strcmp(de->d_name, "file") == 0;
	closedir(d);
	assert_int_equal(seen, 1);
	assert_null(ha_hostfs_opendir(fs, "/etc/dirlink-out"));
	assert_int_equal(errno, ENOENT);
	ha_hostfs_close(fs);
}

static void
test_stat_lstat_readlink(void **state)
{
	struct fake *f = *state;
	struct ha_hostfs *fs = ha_hostfs_open_flags(f->root, f->flags);
	char buf[PATH_MAX];
	struct stat st;

	assert_int_equal(ha_hostfs_lstat(fs, "/etc/abs-in", &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(ha_hostfs_stat(fs, "/etc/abs-in", &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(ha_hostfs_stat(fs, "/etc/abs-out", &st), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(ha_hostfs_lstat(fs, "/etc/dirlink/file", &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(ha_hostfs_readlink(fs, "/etc/abs-in", buf,
	    sizeof(buf)), (ssize_t)strlen("/etc/real"));
	assert_string_equal(buf, "/etc/real");
	assert_int_equal(ha_hostfs_readlink(fs, "/etc/real", buf,
	    sizeof(buf)), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(ha_hostfs_readlink(fs, "/etc/abs-in", buf, 4), -1);
	assert_int_equal(errno, ENAMETOOLONG);
	ha_hostfs_close(fs);
}

static void
test_nofollow(void **state)
{
	struct fake *f = *state;
	struct ha_hostfs *fs = ha_hostfs_open_flags(f->root, f->flags);
	struct ha_buf b;

	ha_buf_init(&b, 4096);
	assert_int_equal(ha_hostfs_read(fs, "/etc/abs-in", &b, 1), -1);
	assert_int_equal(errno, ELOOP);
	/* a symlinked directory before the last component is followed */
	assert_int_equal(ha_hostfs_read(fs, "/etc/dirlink/file", &b, 1), 0);
	assert_string_equal(b.data, "inside dir\n");
	ha_buf_release(&b);
	ha_hostfs_close(fs);
}

static void
test_realpath(void **state)
{
	struct fake *f = *state;
	struct ha_hostfs *fs = ha_hostfs_open_flags(f->root, f->flags);
	char *out;

	assert_int_equal(ha_hostfs_realpath(fs, "/etc/abs-in", 1, &out), 1);
	assert_string_equal(out, "/etc/real");
	free(out);
	assert_int_equal(ha_hostfs_realpath(fs, "/etc/abs-in", 0, &out), 1);
	assert_string_equal(out, "/etc/abs-in");
	free(out);
	assert_int_equal(ha_hostfs_realpath(fs, "/etc/dirlink/x/../y", 1,
	    &out), 0);
	assert_string_equal(out, "/d/y");
	free(out);
	assert_int_equal(ha_hostfs_realpath(fs, "/etc/rel-up", 1, &out), 1);
	assert_string_equal(out, "/etc/real");
	free(out);
	assert_int_equal(ha_hostfs_realpath(fs, "/", 1, &out), 1);
	assert_string_equal(out, "/");
	free(out);
	assert_int_equal(ha_hostfs_realpath(fs, "/loop1", 1, &out), -1);
	assert_int_equal(errno, ELOOP);
	free(out);
	ha_hostfs_close(fs);
}

/*
 * /proc's magic links are never followed inside a view: not /proc/self/
 * root (which would leave any root), not a link to one in the tree.  A
 * view rooted at a magic link is entered on purpose (dockerd's root).
 */
static void
test_magic_links(void **state)
{
	struct fake *f = *state;
	struct ha_hostfs *fs;
	struct ha_buf b;
	char *p;

	fs = ha_hostfs_open_flags("/", f->flags);
	ha_buf_init(&b, 4096);
	p = ha_xasprintf("/proc/self/root%s/etc/real", f->root);
	assert_int_equal(ha_hostfs_read(fs, p, &b, 0), -1);
	assert_int_equal(errno, ELOOP);
	free(p);
	p = ha_xasprintf("%s/etc/real", f->root);
	assert_int_equal(ha_hostfs_read(fs, p, &b, 0), 0);
	assert_string_equal(b.data, "inside\n");
	free(p);
	/* ordinary procfs links (/proc/self, /proc/mounts) are followed */
	ha_buf_reset(&b);
	ha_buf_release(&b);
	ha_buf_init(&b, 1024 * 1024);
	assert_int_equal(ha_hostfs_read(fs, "/proc/self/status", &b, 0), 0);
	assert_non_null(strstr(b.data, "Pid:"));
	ha_hostfs_close(fs);

	fs = ha_hostfs_open_flags("/proc/self/root", f->flags);
	p = ha_xasprintf("%s/etc/real", f->root);
	ha_buf_reset(&b);
	assert_int_equal(ha_hostfs_read(fs, p, &b, 0), 0);
	assert_string_equal(b.data, "inside\n");
	free(p);
	ha_hostfs_close(fs);
	ha_buf_release(&b);
}

static void
test_root_missing(void **state)
{
	struct fake *f = *state;
	struct ha_hostfs *fs;
	struct stat st;
	char *root = ha_xasprintf("%s/nonexistent", f->root), *out;

	fs = ha_hostfs_open_flags(root, f->flags);
	assert_int_equal(ha_hostfs_stat(fs, "/etc", &st), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(ha_hostfs_realpath(fs, "/etc/x", 1, &out), 0);
	assert_string_equal(out, "/etc/x");
	free(out);
	ha_hostfs_close(fs);
	ha_hostfs_close(NULL);
	free(root);
}

static void
test_join(void **state)
{
	char *p;

	(void)state;
	p = ha_hostfs_join("/host/", "/etc/passwd");
	assert_string_equal(p, "/host/etc/passwd");
	free(p);
	p = ha_hostfs_join("/", "/etc/passwd");
	assert_string_equal(p, "/etc/passwd");
	free(p);
	p = ha_hostfs_join(NULL, "/etc/passwd");
	assert_string_equal(p, "/etc/passwd");
	free(p);
	assert_string_equal(ha_hostfs_unjoin("/host", "/host/run/x.sock"),
	    "/run/x.sock");
	assert_null(ha_hostfs_unjoin("/host", "/hostile/run/x.sock"));
	assert_null(ha_hostfs_unjoin("/", "/run/x.sock"));
}

/* HA_HOSTFS_WALK=1 forces the walk for views opened without the flag. */
static void
test_env_hook(void **state)
{
	struct fake *f = *state;
	struct ha_hostfs *fs;

	(void)f;
	assert_int_equal(setenv("HA_HOSTFS_WALK", "1", 1), 0);
	fs = ha_hostfs_open("/");
	assert_int_equal(fs->walk, 1);
	ha_hostfs_close(fs);
	assert_int_equal(unsetenv("HA_HOSTFS_WALK"), 0);
	fs = ha_hostfs_open_flags("/", HA_HOSTFS_WALK);
	assert_int_equal(fs->walk, 1);
	ha_hostfs_close(fs);
}

/* Sorted names, all or by suffix (no dotfiles then), through a link. */
static void
test_list(void **state)
{
	struct fake *f = *state;
	struct ha_hostfs *fs = ha_hostfs_open_flags(f->root, f->flags);
	char **names;
	size_t n;

	put(f->root, "etc/list.d/b.conf", "b");
	put(f->root, "etc/list.d/a.conf", "a");
	put(f->root, "etc/list.d/.hidden.conf", "h");
	put(f->root, "etc/list.d/c.txt", "c");
	link_at(f->root, "etc/list-link", "/etc/list.d");
	assert_int_equal(ha_hostfs_list(fs, "/etc/list-link", ".conf", &names,
	    &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(names[0], "a.conf");
	assert_string_equal(names[1], "b.conf");
	ha_hostfs_list_free(names, n);
	assert_int_equal(ha_hostfs_list(fs, "/etc/list.d", NULL, &names, &n),
	    0);
	assert_int_equal(n, 4);
	assert_string_equal(names[0], ".hidden.conf");
	assert_string_equal(names[3], "c.txt");
	ha_hostfs_list_free(names, n);
	assert_int_equal(ha_hostfs_list(fs, "/etc/none.d", NULL, &names, &n),
	    -1);
	assert_int_equal(errno, ENOENT);
	assert_null(names);
	assert_int_equal(n, 0);
	ha_hostfs_close(fs);
}

#define BOTH(t) \
	cmocka_unit_test_setup_teardown(t, setup_openat2, teardown), \
	cmocka_unit_test_setup_teardown(t, setup_walk, teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		BOTH(test_plain),
		BOTH(test_absolute_symlink),
		BOTH(test_passwd_escape),
		BOTH(test_relative_dotdot),
		BOTH(test_loop),
		BOTH(test_link_bound),
		BOTH(test_directory_component),
		BOTH(test_stat_lstat_readlink),
		BOTH(test_nofollow),
		BOTH(test_realpath),
		BOTH(test_magic_links),
		BOTH(test_root_missing),
		BOTH(test_list),
		cmocka_unit_test(test_join),
		cmocka_unit_test_setup_teardown(test_env_hook, setup_openat2,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

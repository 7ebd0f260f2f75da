/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_output.c - ha_write_atomic as root in a shared directory: what is
 * at the path is never opened nor written through (FIFO, symbolic link,
 * hard link, another user's file), a failed or interrupted write leaves
 * the previous file whole and no temporary file, and a link swapped in
 * while the new file is written is not followed.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "ha_output.h"
#include "ha_util.h"

static char dir[] = "/tmp/ha-test-output-XXXXXX";
static char msg[1024];

static void
capture(enum ha_msg_level level, const char *m, void *arg)
{
	(void)level;
	(void)arg;
	snprintf(msg, sizeof(msg), "%s", m);
}

static int
setup(void **state)
{
	(void)state;
	memcpy(dir + sizeof(dir) - 7, "XXXXXX", 6);
	if (mkdtemp(dir) == NULL || chmod(dir, 01777) < 0)
		return -1;
	msg[0] = '\0';
	ha_set_error_routine(capture, NULL);
	return 0;
}

/* Empty dir, whatever the test left, and remove it. */
static int
teardown(void **state)
{
	char path[512];
	struct dirent *de;
	DIR *d;

	(void)state;
	ha_set_error_routine(NULL, NULL);
	if ((d = opendir(dir)) != NULL) {
		while ((de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
			unlink(path);
		}
		closedir(d);
	}
	return rmdir(dir);
}

static char *
at(const char *name)
{
	static char buf[4][512];
	static int i;

	i = (i + 1) % 4;
	snprintf(buf[i], sizeof(buf[i]), "%s/%s", dir, name);
	return buf[i];
}

static void
put(const char *name, const char *text)
{
	FILE *fp = fopen(at(name), "w");

	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
}

/* The file's first line, or "" ("(none)" when it cannot be read). */
static const char *
first_line(const char *name)
{
	static char line[256];
	FILE *fp = fopen(at(name), "r");

	if (fp == NULL)
		return "(none)";
	if (fgets(line, sizeof(line), fp) == NULL)
		line[0] = '\0';
	fclose(fp);
	line[strcspn(line, "\n")] = '\0';
	return line;
}

/* How many names in dir start with a dot (temporary files). */
static int
dot_files(void)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	int n = 0;

	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] == '.' && strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return n;
}

static int
write_new(FILE *fp, void *arg)
{
	(void)arg;
	return fputs("new\n", fp) == EOF ? -1 : 0;
}

static int
write_fails(FILE *fp, void *arg)
{
	(void)arg;
	fputs("half", fp);
	return -1;
}

static void
test_new_and_replace(void **state)
{
	struct stat st;

	(void)state;
	assert_int_equal(ha_write_atomic(at("r.json"), 0640, write_new,
	    NULL), 0);
	assert_string_equal(first_line("r.json"), "new");
	assert_int_equal(stat(at("r.json"), &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	put("r.json", "old\n");
	assert_int_equal(ha_write_atomic(at("r.json"), 0600, write_fails,
	    NULL), -1);
	assert_string_equal(first_line("r.json"), "old");
	assert_int_equal(dot_files(), 0);
	assert_non_null(strstr(msg, "r.json': output failed"));
}

static void
test_fifo_refused(void **state)
{
	struct stat st;

	(void)state;
	assert_int_equal(mkfifo(at("fifo"), 0666), 0);
	alarm(10);		/* opening it for writing would block */
	assert_int_equal(ha_write_atomic(at("fifo"), 0640, write_new, NULL),
	    -1);
	alarm(0);
	assert_non_null(strstr(msg, "fifo': a FIFO; hostaudit writes only "
	    "regular files"));
	assert_int_equal(lstat(at("fifo"), &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	assert_int_equal(ha_output_check(at("fifo")), -1);
	assert_int_equal(dot_files(), 0);
	/* a device by its name too; /dev/null is the one exception */
	assert_int_equal(ha_write_atomic("/dev/zero", 0640, write_new, NULL),
	    -1);
	assert_non_null(strstr(msg, "a character device"));
	assert_int_equal(ha_write_atomic("/dev/null", 0640, write_new, NULL),
	    0);
}

static void
test_links(void **state)
{
	struct stat a, b;

	(void)state;
	put("secret", "secret\n");
	/* a hard link: the name is replaced, the other file untouched */
	assert_int_equal(link(at("secret"), at("hard.json")), 0);
	assert_int_equal(ha_write_atomic(at("hard.json"), 0640, write_new,
	    NULL), 0);
	assert_string_equal(first_line("secret"), "secret");
	assert_string_equal(first_line("hard.json"), "new");
	assert_int_equal(stat(at("secret"), &a), 0);
	assert_int_equal(stat(at("hard.json"), &b), 0);
	assert_true(a.st_ino != b.st_ino);
	assert_int_equal(a.st_nlink, 1);
	/* a symbolic link: refused, not followed */
	assert_int_equal(symlink(at("secret"), at("sym.json")), 0);
	assert_int_equal(ha_write_atomic(at("sym.json"), 0640, write_new,
	    NULL), -1);
	assert_non_null(strstr(msg, "a symbolic link to a regular file"));
	assert_string_equal(first_line("secret"), "secret");
	assert_int_equal(lstat(at("sym.json"), &a), 0);
	assert_true(S_ISLNK(a.st_mode));
	assert_int_equal(dot_files(), 0);
}

static void
test_foreign_owner(void **state)
{
	(void)state;
	if (getuid() != 0)
		skip();
	put("theirs.json", "theirs\n");
	assert_int_equal(chown(at("theirs.json"), 65534, 65534), 0);
	assert_int_equal(ha_write_atomic(at("theirs.json"), 0640, write_new,
	    NULL), -1);
	assert_non_null(strstr(msg, "theirs.json': a file owned by another "
	    "user (uid 65534)"));
	assert_string_equal(first_line("theirs.json"), "theirs");
	assert_int_equal(ha_output_check(at("theirs.json")), -1);
	/* a link of theirs, whatever it points to */
	assert_int_equal(symlink("/dev/null", at("l.json")), 0);
	assert_int_equal(lchown(at("l.json"), 65534, 65534), 0);
	assert_int_equal(ha_output_check(at("l.json")), -1);
	assert_non_null(strstr(msg, "a symbolic link owned by another user "
	    "(uid 65534)"));
}

/* Wait (at most 5 s) for a temporary file to appear in dir. */
static int
wait_tmp(void)
{
	struct timespec ts = { 0, 10 * 1000000L };
	int i;

	for (i = 0; i < 500; i++) {
		if (dot_files() > 0)
			return 1;
		nanosleep(&ts, NULL);
	}
	return 0;
}

/* A child writing r.json, pausing delay_ms before the rename. */
static pid_t
slow_writer(const char *delay_ms)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		setenv("HOSTAUDIT_TEST_DELAY_OUTPUT_MS", delay_ms, 1);
		_exit(ha_write_atomic(at("r.json"), 0640, write_new, NULL) ==
		    0 ? 0 : 1);
	}
	return pid;
}

static void
test_signals_remove_tmp(void **state)
{
	static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
	size_t i;
	pid_t pid;
	int status;

	(void)state;
	for (i = 0; i < HA_ARRAY_SIZE(sigs); i++) {
		put("r.json", "old\n");
		pid = slow_writer("3000");
		assert_true(wait_tmp());
		assert_int_equal(kill(pid, sigs[i]), 0);
		assert_int_equal(waitpid(pid, &status, 0), pid);
		/* it died of the signal, after removing its temp file */
		assert_true(WIFSIGNALED(status));
		assert_int_equal(WTERMSIG(status), sigs[i]);
		assert_int_equal(dot_files(), 0);
		assert_string_equal(first_line("r.json"), "old");
	}
}

static void
test_swap_during_write(void **state)
{
	pid_t pid;
	int status;

	(void)state;
	put("secret", "secret\n");
	put("r.json", "old\n");
	pid = slow_writer("500");
	assert_true(wait_tmp());
	/* between the first look and the rename: a link to another file */
	assert_int_equal(unlink(at("r.json")), 0);
	assert_int_equal(symlink(at("secret"), at("r.json")), 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 1);
	assert_string_equal(first_line("secret"), "secret");
	assert_int_equal(dot_files(), 0);
	/* and a FIFO: refused, never opened */
	assert_int_equal(unlink(at("r.json")), 0);
	put("r.json", "old\n");
	pid = slow_writer("500");
	assert_true(wait_tmp());
	assert_int_equal(unlink(at("r.json")), 0);
	assert_int_equal(mkfifo(at("r.json"), 0666), 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 1);
	assert_int_equal(dot_files(), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_new_and_replace, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_fifo_refused, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_links, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreign_owner, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_signals_remove_tmp, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_swap_during_write, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

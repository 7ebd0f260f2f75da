/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_privs.c - after ha_privs_drop() the process has no_new_privs set
 * and no capability left in any set (effective, permitted, inheritable,
 * ambient, and the bounding set when it could empty it), with the
 * securebits locked so that uid 0 gets none back; and as root without
 * capabilities it still writes into root's directories and files but not
 * into another user's 0700 directory.  Each runs in a forked child so
 * that the test program keeps its own privileges.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/capability.h>
#include <linux/securebits.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "ha_output.h"
#include "ha_privs.h"
#include "ha_util.h"

/* The hexadecimal mask after "field:\t" in /proc/self/status. */
static unsigned long long
status_mask(const char *field)
{
	char line[256];
	unsigned long long v = ~0ULL;
	size_t n = strlen(field);
	FILE *fp = fopen("/proc/self/status", "r");

	if (fp == NULL)
		return v;
	while (fgets(line, sizeof(line), fp) != NULL)
		if (strncmp(line, field, n) == 0 && line[n] == ':')
			v = strtoull(line + n + 1, NULL, 16);
	fclose(fp);
	return v;
}

/* Run fn in a child; its exit status (0: every check held). */
static int
in_child(int (*fn)(void))
{
	pid_t pid;
	int status;

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(fn());
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	return WEXITSTATUS(status);
}

static int
drop_child(void)
{
	int setpcap = (status_mask("CapEff") >> 8) & 1;	/* CAP_SETPCAP */
	int rc = 0;

	if (ha_privs_drop() != 0)
		rc |= 1;
	if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
		rc |= 2;
	if (status_mask("CapEff") != 0 || status_mask("CapPrm") != 0 ||
	    status_mask("CapInh") != 0)
		rc |= 4;
	if (status_mask("CapAmb") != 0 && status_mask("CapAmb") != ~0ULL)
		rc |= 8;
	if (setpcap && status_mask("CapBnd") != 0)
		rc |= 16;
	if (setpcap && (prctl(PR_GET_SECUREBITS, 0, 0, 0, 0) &
	    (SECBIT_NOROOT | SECBIT_NOROOT_LOCKED)) !=
	    (SECBIT_NOROOT | SECBIT_NOROOT_LOCKED))
		rc |= 32;
	/* a second call changes nothing and says the same */
	if (ha_privs_drop() != 0)
		rc |= 64;
	return rc;
}

static void
test_drop(void **state)
{
	(void)state;
	assert_int_equal(in_child(drop_child), 0);
}

static char tdir[] = "/tmp/ha-test-privs-XXXXXX";

/* Whether directory dir holds nothing (no temp file either). */
static int
empty_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	if (d == NULL)
		return 0;
	while ((de = readdir(d)) != NULL)
		if (strcmp(de->d_name, ".") != 0 &&
		    strcmp(de->d_name, "..") != 0)
			n++;
	closedir(d);
	return n == 0;
}

static int
write_hello(FILE *fp, void *arg)
{
	(void)arg;
	return fputs("hello\n", fp) == EOF ? -1 : 0;
}

/*
 * As root without capabilities (no output asked for one): root's 0755
 * directory, not nobody's 0700.
 */
static int
write_child(void)
{
	char own[128], theirs[128];
	int rc = 0;

	snprintf(own, sizeof(own), "%s/own/r.json", tdir);
	snprintf(theirs, sizeof(theirs), "%s/theirs/r.json", tdir);
	ha_set_quiet(1);
	if (ha_privs_drop() != 0)
		rc |= 2;
	if (ha_write_atomic(own, 0640, write_hello, NULL) != 0)
		rc |= 4;	/* a new file */
	if (ha_write_atomic(own, 0640, write_hello, NULL) != 0)
		rc |= 8;	/* over root's existing file */
	if (ha_write_atomic(theirs, 0640, write_hello, NULL) == 0)
		rc |= 16;
	return rc;
}

/*
 * Nobody's directory named as an output before the drop: this process
 * keeps no capability, and the file is written by the writer process,
 * which keeps CAP_DAC_OVERRIDE alone.
 */
static int
keep_child(void)
{
	char theirs[128];
	int rc = 0;

	snprintf(theirs, sizeof(theirs), "%s/theirs/r.json", tdir);
	ha_set_quiet(1);
	if (ha_output_check(theirs) != 0)
		rc |= 1;
	if (ha_privs_drop() != 0)
		rc |= 2;
	if (status_mask("CapEff") != 0 || status_mask("CapPrm") != 0 ||
	    status_mask("CapBnd") != 0)
		rc |= 4;
	if (ha_write_atomic(theirs, 0640, write_hello, NULL) != 0)
		rc |= 8;
	/* a second file there, through the same writer */
	if (ha_write_atomic(theirs, 0600, write_hello, NULL) != 0)
		rc |= 16;
	return rc;
}

/* A render that fails half-way: the writer leaves nothing behind. */
static int
write_half(FILE *fp, void *arg)
{
	(void)arg;
	(void)fputs("half", fp);
	(void)fflush(fp);
	errno = EIO;
	return -1;
}

static int
abort_child(void)
{
	char theirs[128];
	int rc = 0;

	snprintf(theirs, sizeof(theirs), "%s/theirs/half.json", tdir);
	ha_set_quiet(1);
	if (ha_output_check(theirs) != 0)
		rc |= 1;
	if (ha_privs_drop() != 0)
		rc |= 2;
	if (ha_write_atomic(theirs, 0640, write_half, NULL) == 0)
		rc |= 4;
	return rc;
}

static void
test_write_without_caps(void **state)
{
	char own[128], theirs[128], file[160];
	struct stat st;

	(void)state;
	if (getuid() != 0)
		skip();
	assert_non_null(mkdtemp(tdir));
	assert_int_equal(chmod(tdir, 0755), 0);
	snprintf(own, sizeof(own), "%s/own", tdir);
	snprintf(theirs, sizeof(theirs), "%s/theirs", tdir);
	assert_int_equal(mkdir(own, 0755), 0);
	assert_int_equal(mkdir(theirs, 0700), 0);
	assert_int_equal(chown(theirs, 65534, 65534), 0);
	ha_set_error_routine(NULL, NULL);
	assert_int_equal(in_child(write_child), 0);
	snprintf(file, sizeof(file), "%s/r.json", own);
	assert_int_equal(stat(file, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0640);
	assert_int_equal(unlink(file), 0);
	assert_int_equal(in_child(keep_child), 0);
	snprintf(file, sizeof(file), "%s/r.json", theirs);
	assert_int_equal(stat(file, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(unlink(file), 0);
	assert_int_equal(in_child(abort_child), 0);
	assert_true(empty_dir(theirs));
	assert_int_equal(rmdir(own), 0);
	assert_int_equal(rmdir(theirs), 0);
	assert_int_equal(rmdir(tdir), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_drop),
		cmocka_unit_test(test_write_without_caps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

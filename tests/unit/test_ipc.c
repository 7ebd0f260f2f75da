/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_ipc.c - whole buffers over a socket pair; a helper's start.
 */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "ha_buf.h"
#include "ha_ipc.h"
#include "ha_util.h"

/* More than a socket buffer holds: written by a child, read here. */
static void
test_roundtrip(void **state)
{
	size_t n = 4 * 1024 * 1024, i;
	char *out = malloc(n), *in = malloc(n);
	int sv[2], status;
	pid_t pid;

	(void)state;
	assert_non_null(out);
	assert_non_null(in);
	for (i = 0; i < n; i++)
		out[i] = (char)(i * 7 + i / 251);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(sv[0]);
		_exit(ha_ipc_write(sv[1], out, n) == 0 ? 0 : 1);
	}
	close(sv[1]);
	assert_int_equal(ha_ipc_read(sv[0], in, n), 0);
	assert_memory_equal(in, out, n);
	/* and then the end: a read past it is EPIPE */
	assert_int_equal(ha_ipc_read(sv[0], in, 1), -1);
	assert_int_equal(errno, EPIPE);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	close(sv[0]);
	free(out);
	free(in);
}

/* Writing to a closed peer fails with EPIPE instead of killing. */
static void
test_write_to_gone(void **state)
{
	int sv[2];

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	close(sv[1]);
	assert_int_equal(ha_ipc_write(sv[0], "x", 1), -1);
	assert_int_equal(errno, EPIPE);
	close(sv[0]);
}

/* To the end; past the cap; at the deadline. */
static void
test_read_all(void **state)
{
	struct ha_buf b;
	int sv[2];

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_int_equal(ha_ipc_write(sv[1], "hello", 5), 0);
	ha_buf_init(&b, 16);
	/* open at the other end: nothing more comes, the deadline ends it */
	assert_int_equal(ha_ipc_read_all(sv[0], &b, ha_now_ms() + 200), -1);
	assert_int_equal(errno, ETIMEDOUT);
	assert_int_equal(b.len, 5);
	assert_int_equal(ha_ipc_write(sv[1], " world", 6), 0);
	close(sv[1]);
	assert_int_equal(ha_ipc_read_all(sv[0], &b, ha_now_ms() + 5000), 0);
	assert_string_equal(b.data, "hello world");
	close(sv[0]);
	ha_buf_release(&b);
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_int_equal(ha_ipc_write(sv[1], "0123456789abcdefXYZ", 19), 0);
	close(sv[1]);
	ha_buf_init(&b, 16);
	assert_int_equal(ha_ipc_read_all(sv[0], &b, ha_now_ms() + 5000), -1);
	assert_int_equal(errno, EFBIG);
	close(sv[0]);
	ha_buf_release(&b);
}

/* Descriptors open in the child, but 0, 1 and 2. */
static int
count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *de;
	int n = 0, fd;

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		fd = atoi(de->d_name);
		if (fd > 2 && fd != dirfd(d))
			n++;
	}
	closedir(d);
	return n;
}

/*
 * A helper keeps only the descriptor it is given, and dies with the
 * signal when its parent has died before it set up.
 */
static void
test_child_setup(void **state)
{
	int sv[2], extra, status;
	pid_t pid;

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	extra = dup(sv[0]);
	assert_true(extra >= 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		ha_ipc_child_setup(sv[1], SIGTERM, getppid());
		/* only sv[1] is left, and it still works */
		_exit(count_fds() == 1 && ha_ipc_write(sv[1], "k", 1) == 0 ?
		    0 : 1);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* a parent that is not ours any more: the signal now */
		ha_ipc_child_setup(sv[1], SIGTERM, getppid() + 100000);
		_exit(0);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
	close(extra);
	close(sv[0]);
	close(sv[1]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_write_to_gone),
		cmocka_unit_test(test_read_all),
		cmocka_unit_test(test_child_setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

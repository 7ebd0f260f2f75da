/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ipc.c - whole buffers over a socket pair, and a helper's start (ha_ipc.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/socket.h>

#include "ha_buf.h"
#include "ha_ipc.h"
#include "ha_util.h"
#include "banned.h"

int
ha_ipc_write(int fd, const void *p, size_t n)
{
	const char *s = p;
	ssize_t w;

	while (n > 0) {
		/* MSG_NOSIGNAL: a helper that died is an error, not SIGPIPE */
		w = send(fd, s, n, MSG_NOSIGNAL);
		if (w < 0 && errno == ENOTSOCK)
			w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		s += w;
		n -= (size_t)w;
	}
	return 0;
}

int
ha_ipc_read(int fd, void *p, size_t n)
{
	char *s = p;
	ssize_t r;

	while (n > 0) {
		r = read(fd, s, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r == 0)
			errno = EPIPE;
		if (r <= 0)
			return -1;
		s += r;
		n -= (size_t)r;
	}
	return 0;
}

int
ha_ipc_read_all(int fd, struct ha_buf *b, int64_t deadline)
{
	struct pollfd p;
	char chunk[16384];
	int64_t left;
	ssize_t n;
	int r;

	for (;;) {
		left = deadline - ha_now_ms();
		if (left <= 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		p.fd = fd;
		p.events = POLLIN;
		r = poll(&p, 1, left > 60000 ? 60000 : (int)left);
		if (r < 0 && errno != EINTR)
			return -1;
		if (r <= 0)
			continue;
		if ((n = read(fd, chunk, sizeof(chunk))) < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		if (ha_buf_add(b, chunk, (size_t)n) < 0) {
			errno = EFBIG;
			return -1;
		}
	}
}

void
ha_ipc_child_setup(int keep, int sig, pid_t parent)
{
	int null;

	(void)prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0);
	if (getppid() != parent)
		(void)raise(sig);
	if ((null = open("/dev/null", O_RDWR | O_CLOEXEC)) >= 0) {
		(void)dup2(null, 0);
		(void)dup2(null, 1);
		if (null > 2)
			close(null);
	}
	if (keep > 3)
		(void)close_range(3, (unsigned)keep - 1, 0);
	(void)close_range((unsigned)keep + 1, ~0U, 0);
}

/* SPDX-License-Identifier: Apache-2.0 */
/* buf.c - growable, NUL-terminated byte buffer with a size cap. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ha_buf.h"
#include "banned.h"

void
ha_buf_init(struct ha_buf *b, size_t cap)
{
	b->alloc = 64;
	b->data = ha_xmalloc(b->alloc);
	b->data[0] = '\0';
	b->len = 0;
	b->cap = cap;
}

void
ha_buf_release(struct ha_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->alloc = 0;
}

void
ha_buf_reset(struct ha_buf *b)
{
	b->len = 0;
	b->data[0] = '\0';
}

char *
ha_buf_detach(struct ha_buf *b, size_t *len)
{
	char *p = b->data;

	if (len != NULL)
		*len = b->len;
	b->data = NULL;
	b->len = b->alloc = 0;
	return p;
}

static int
grow(struct ha_buf *b, size_t extra)
{
	size_t want;

	if (extra > b->cap || b->len > b->cap - extra)
		return -1;
	want = b->len + extra + 1;
	if (want <= b->alloc)
		return 0;
	if (b->alloc > SIZE_MAX / 2)
		ha_die_oom();
	if (b->alloc == 0)	/* released or detached: doubling 0 is 0 */
		b->alloc = 64;
	while (b->alloc < want)
		b->alloc *= 2;
	b->data = ha_xreallocarray(b->data, b->alloc, 1);
	return 0;
}

int
ha_buf_add(struct ha_buf *b, const void *data, size_t len)
{
	if (grow(b, len) < 0)
		return -1;
	memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

int
ha_buf_addstr(struct ha_buf *b, const char *s)
{
	return ha_buf_add(b, s, strlen(s));
}

int
ha_buf_addch(struct ha_buf *b, char c)
{
	return ha_buf_add(b, &c, 1);
}

int
ha_buf_vaddf(struct ha_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(b->data + b->len, b->alloc - b->len, fmt, cp);
	va_end(cp);
	if (n < 0)
		return -1;
	if ((size_t)n >= b->alloc - b->len) {
		if (grow(b, (size_t)n) < 0) {
			b->data[b->len] = '\0';
			return -1;
		}
		vsnprintf(b->data + b->len, b->alloc - b->len, fmt, ap);
	} else if (b->len + (size_t)n > b->cap) {
		b->data[b->len] = '\0';
		return -1;
	}
	b->len += (size_t)n;
	return 0;
}

int
ha_buf_addf(struct ha_buf *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = ha_buf_vaddf(b, fmt, ap);
	va_end(ap);
	return r;
}

int
ha_buf_regular_fd(int fd, struct stat *stp)
{
	struct stat st;
	int saved;

	if (fd < 0)
		return -1;
	if (stp == NULL)
		stp = &st;
	if (fstat(fd, stp) < 0)
		saved = errno;
	else if (!S_ISREG(stp->st_mode))
		saved = S_ISDIR(stp->st_mode) ? EISDIR : EINVAL;
	else
		return fd;
	close(fd);
	errno = saved;
	return -1;
}

int
ha_buf_read_file(struct ha_buf *b, const char *path, int nofollow)
{
	int fd;

	/* O_NONBLOCK: opening a FIFO must not wait for a writer */
	fd = ha_buf_regular_fd(open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY |
	    O_NONBLOCK | (nofollow ? O_NOFOLLOW : 0)), NULL);
	if (fd < 0)
		return -1;
	return ha_buf_read_fd(b, fd);
}

int
ha_buf_read_fd(struct ha_buf *b, int fd)
{
	char chunk[8192];
	ssize_t n;
	int saved;

	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (ha_buf_add(b, chunk, (size_t)n) < 0) {
			close(fd);
			errno = EFBIG;
			return -1;
		}
	}
	saved = errno;
	close(fd);
	if (n < 0) {
		errno = saved;
		return -1;
	}
	return 0;
}

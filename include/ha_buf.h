/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ha_buf.h - a growable byte buffer with a hard size cap.
 *
 * The buffer is always NUL-terminated: data is never NULL after
 * ha_buf_init() and data[len] == '\0'.  The cap bounds len; an append that
 * would pass it fails with -1 and leaves the buffer as it was, so untrusted
 * bodies (Engine API answers, files) cannot grow without bound.  Use
 * HA_BUF_NOCAP for buffers the program fills itself.
 *
 * The buffer owns data; ha_buf_release() frees it and re-initialises the
 * buffer; ha_buf_detach() hands data to the caller (who frees it).
 */
#ifndef HA_BUF_H
#define HA_BUF_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include "ha_util.h"

#define HA_BUF_NOCAP SIZE_MAX

struct ha_buf {
	char	*data;
	size_t	 len;
	size_t	 alloc;
	size_t	 cap;
};

void	 ha_buf_init(struct ha_buf *b, size_t cap);
void	 ha_buf_release(struct ha_buf *b);
void	 ha_buf_reset(struct ha_buf *b);
char	*ha_buf_detach(struct ha_buf *b, size_t *len);
int	 ha_buf_add(struct ha_buf *b, const void *data, size_t len);
int	 ha_buf_addstr(struct ha_buf *b, const char *s);
int	 ha_buf_addch(struct ha_buf *b, char c);
int	 ha_buf_addf(struct ha_buf *b, const char *fmt, ...) HA_PRINTF(2, 3);
int	 ha_buf_vaddf(struct ha_buf *b, const char *fmt, va_list ap)
	    HA_PRINTF(2, 0);

/*
 * Read a whole file into b, at most b->cap bytes.  Returns 0, or -1 with
 * errno set (EFBIG when the file is larger than the cap).  Does not follow
 * a final symlink when nofollow is set.  Only a regular file is read:
 * anything else fails at once with EINVAL (EISDIR for a directory), so a
 * FIFO is never waited on.
 */
int	 ha_buf_read_file(struct ha_buf *b, const char *path, int nofollow);

struct stat;

/*
 * fd (an open() result, maybe -1) when it is a regular file, with its
 * status in *st unless st is NULL; else -1 with errno set (EISDIR for a
 * directory, EINVAL for any other kind), fd closed.  Checked on the open
 * descriptor, so what is read is what was checked.
 */
int	 ha_buf_regular_fd(int fd, struct stat *st);

/*
 * Read fd to its end into b, at most b->cap bytes, and close it (also on
 * failure).  Returns 0, or -1 with errno set (EFBIG past the cap).
 */
int	 ha_buf_read_fd(struct ha_buf *b, int fd);

#endif

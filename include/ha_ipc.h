/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ha_ipc.h - talking to a helper process over a socket pair, whole
 * buffers at a time, and starting one.  hostaudit
 * splits into processes so that the one holding a privilege does as little as
 * possible: a writer keeps CAP_DAC_OVERRIDE for outputs only it may
 * write (ha_output.h), and engine answers are read and parsed by a
 * process without any capability (ha_sandbox.h).
 *
 * ha_ipc_write and ha_ipc_read move all n bytes, retrying on EINTR,
 * and return 0, or -1 with errno set (EPIPE when the other end has gone:
 * end of file before n bytes; a write never raises SIGPIPE).
 */
#ifndef HA_IPC_H
#define HA_IPC_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

int	ha_ipc_write(int fd, const void *p, size_t n);
int	ha_ipc_read(int fd, void *p, size_t n);

struct ha_buf;

/*
 * Read fd to its end into b (at most its cap), giving up at deadline
 * (ha_now_ms() clock).  0; or -1 with errno: EFBIG past the cap,
 * ETIMEDOUT at the deadline, or the read's error.
 */
int	ha_ipc_read_all(int fd, struct ha_buf *b, int64_t deadline);

/*
 * In a new helper process: keep only 0, 1, 2 and keep (stdin and
 * stdout on /dev/null, so that the helper holds no pipe of the
 * caller's open), and die with signal sig when the parent (pid parent,
 * taken before the fork) does, also when it already has.
 */
void	ha_ipc_child_setup(int keep, int sig, pid_t parent);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ha_output.h - writing report and facts files, safely also as root in a
 * directory other users can write to (a sticky /tmp).
 *
 * A file is written to a new temporary file in the target's directory
 * (created O_EXCL|O_NOFOLLOW, mode 0600, through a descriptor of that
 * directory), flushed, fsynced and renamed over the target with the
 * final mode: a failure leaves any previous file intact, and the old
 * inode is never written to, so a hard link to another file is never
 * written through.  The temporary file is removed on SIGINT, SIGTERM and
 * SIGHUP before the signal takes effect.
 *
 * Refused, without opening the target and without blocking: a FIFO, a
 * device, a socket or a directory at the path; a regular file owned by
 * a user other than root and the invoking user; a symbolic link (one
 * owned by another user is named as such; one of root's or the user's
 * is refused too: name the file it points to).  "/dev/null" is written
 * as itself, a discarded output.  Standard output and error are not
 * files: the caller writes them as streams ("-", /dev/stdout).
 *
 * Every function returns 0, or -1 after an error through ha_error naming
 * the path and the reason.
 */
#ifndef HA_OUTPUT_H
#define HA_OUTPUT_H

#include <stdio.h>
#include <sys/types.h>

int	 ha_write_atomic(const char *path, mode_t mode,
	    int (*fn)(FILE *fp, void *arg), void *arg);
/* The same, the file given to group gid ((gid_t)-1: left as created). */
int	 ha_write_atomic_group(const char *path, mode_t mode, gid_t gid,
	    int (*fn)(FILE *fp, void *arg), void *arg);

/*
 * Before anything is collected: whether path could be written, by the
 * rules above, once capabilities are dropped (its directory exists and
 * its mode bits let this uid, without capabilities, create a file).  A
 * directory root may write only by CAP_DAC_OVERRIDE, held now, is
 * accepted too: ha_privs_drop() then starts a writer process that keeps
 * that capability alone, and ha_write_atomic*() of path hand it the
 * rendered bytes (output.c).
 */
int	 ha_output_check(const char *path);

#endif

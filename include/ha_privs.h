/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ha_privs.h - least privilege.  Collection reads what only root may
 * read; once the facts are in, hostaudit only evaluates them and writes
 * its outputs, so it gives up every privilege for good: no_new_privs,
 * the securebits that keep uid 0 from getting capabilities back
 * (SECBIT_NOROOT, SECBIT_NO_SETUID_FIXUP, no ambient raise, locked), an
 * empty bounding set, an empty ambient set and empty effective,
 * permitted and inheritable sets.  The process keeps its uid: as root
 * without capabilities it can still write where uid 0's mode bits allow
 * (root's own directories and files), nowhere else.
 */
#ifndef HA_PRIVS_H
#define HA_PRIVS_H

#include <sys/types.h>

#include "ha_buf.h"

/*
 * Drop everything (once; later calls do nothing and return what the
 * first did).  Returns 0, or -1 after a warning when capabilities are
 * left (the run goes on).  Steps that need CAP_SETPCAP (securebits, the
 * bounding set) are skipped silently by a process that never had it.
 * The hook set by ha_privs_before_drop runs first, still privileged.
 */
int	ha_privs_drop(void);

/*
 * fn runs once, just before ha_privs_drop() drops anything: it may start
 * a helper process that keeps a privilege the main process gives up
 * (the output writer, ha_output.h).  One hook; a second call replaces it.
 */
void	ha_privs_before_drop(void (*fn)(void));

/*
 * In such a helper: drop everything but CAP_DAC_OVERRIDE, which stays in
 * the effective, permitted and bounding sets, alone.  0 or -1 (warned).
 */
int	ha_privs_drop_keep_dac(void);

/*
 * In a helper: drop everything and, when the process may, become
 * uid:gid without supplementary groups (an engine's answers are parsed
 * as the user who owns the engine's socket, or nobody, ha_sandbox.h).
 * One that may not (no CAP_SETUID or CAP_SETGID) and is not uid keeps
 * CAP_DAC_OVERRIDE alone, if it has it, to reach that user's socket.
 * 0 or -1 (warned).
 */
#define HA_NOBODY_UID	65534
int	ha_privs_drop_to(uid_t uid, gid_t gid);

/* Whether CAP_DAC_OVERRIDE is in the effective set now. */
int	ha_privs_have_dac_override(void);

/*
 * Inputs that decide what is audited and how (profiles, the files they
 * extend, waivers) are trusted only when nobody but root and the
 * invoking user (getuid) could have written them: the file is a regular
 * file owned by root or that user and not writable by group or others,
 * and so is every directory from its own up to / (after resolving
 * symbolic links), except that a directory writable by others is
 * accepted when it is sticky (/tmp): there nobody else can rename or
 * remove a file that is not theirs.
 *
 * Read path into b (at most its cap) from the very file that was
 * checked.  Returns 0; -1 with *why set (the reason it is not trusted,
 * such as "is owned by uid 65534 (neither root nor uid 0)"; caller
 * frees) ; or -1 with *why NULL and errno set (cannot open or read it,
 * EFBIG when larger than the cap, EINVAL when not a regular file).
 */
int	ha_trusted_read(const char *path, struct ha_buf *b, char **why);

#endif

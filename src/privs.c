/* SPDX-License-Identifier: Apache-2.0 */
/*
 * privs.c - drop every privilege once the facts are in; trust only
 * inputs nobody else could have written.
 *
 * The order matters: securebits and the bounding set need CAP_SETPCAP,
 * so they come before the capability sets are emptied.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/securebits.h>
#include <sys/stat.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <grp.h>

#include "ha_privs.h"
#include "ha_util.h"
#include "banned.h"

#ifndef SECBIT_NO_CAP_AMBIENT_RAISE
#define SECBIT_NO_CAP_AMBIENT_RAISE		(1 << 6)
#define SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED	(1 << 7)
#endif

/* uid 0 never gets capabilities back: not by exec, not by setuid. */
#define LOCKED_BITS	(SECBIT_NOROOT | SECBIT_NOROOT_LOCKED | \
			 SECBIT_NO_SETUID_FIXUP | \
			 SECBIT_NO_SETUID_FIXUP_LOCKED | \
			 SECBIT_KEEP_CAPS_LOCKED | \
			 SECBIT_NO_CAP_AMBIENT_RAISE | \
			 SECBIT_NO_CAP_AMBIENT_RAISE_LOCKED)

/* Whether cap is in the effective set now. */
static int
has_cap(cap_value_t cap)
{
	cap_flag_value_t v = CAP_CLEAR;
	cap_t cur = cap_get_proc();

	if (cur != NULL)
		(void)cap_get_flag(cur, cap, CAP_EFFECTIVE, &v);
	cap_free(cur);
	return v == CAP_SET;
}

int
ha_privs_have_dac_override(void)
{
	return has_cap(CAP_DAC_OVERRIDE);
}

static void (*before_drop)(void);

void
ha_privs_before_drop(void (*fn)(void))
{
	before_drop = fn;
}

/* Empty the bounding set (but what is kept); 0, or -1 with errno. */
static int
drop_bounding(int keep_dac)
{
	unsigned long c;
	int r;

	for (c = 0; c <= 63; c++) {
		r = prctl(PR_CAPBSET_READ, c, 0, 0, 0);
		if (r < 0)	/* EINVAL: past the kernel's last capability */
			break;
		if (keep_dac && c == CAP_DAC_OVERRIDE)
			continue;
		if (r == 1 && prctl(PR_CAPBSET_DROP, c, 0, 0, 0) < 0)
			return -1;
	}
	return 0;
}

/*
 * Drop everything, CAP_DAC_OVERRIDE but when keep_dac; with to_uid, also
 * become uid:gid without supplementary groups (when the process may:
 * CAP_SETUID and CAP_SETGID).
 */
static int
drop(int keep_dac, int to_uid, uid_t uid, gid_t gid)
{
	cap_value_t dac = CAP_DAC_OVERRIDE;
	cap_t none = NULL;
	int rc = -1, setpcap;

	setpcap = has_cap(CAP_SETPCAP);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		ha_warn("cannot set no_new_privs: %s", strerror(errno));
		goto out;
	}
	if (setpcap && prctl(PR_SET_SECUREBITS, LOCKED_BITS, 0, 0, 0) < 0) {
		ha_warn("cannot set securebits: %s", strerror(errno));
		goto out;
	}
	if (setpcap && drop_bounding(keep_dac) < 0) {
		ha_warn("cannot empty the capability bounding set: %s",
		    strerror(errno));
		goto out;
	}
	/* EINVAL: a kernel without ambient capabilities (before 4.3) */
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 &&
	    errno != EINVAL) {
		ha_warn("cannot clear ambient capabilities: %s",
		    strerror(errno));
		goto out;
	}
	if (to_uid && has_cap(CAP_SETUID) && has_cap(CAP_SETGID) &&
	    (setgroups(0, NULL) < 0 || setresgid(gid, gid, gid) < 0 ||
	    setresuid(uid, uid, uid) < 0)) {
		ha_warn("cannot become uid %u: %s", (unsigned)uid,
		    strerror(errno));
		goto out;
	}
	if ((none = cap_init()) == NULL || (keep_dac &&
	    (cap_set_flag(none, CAP_PERMITTED, 1, &dac, CAP_SET) < 0 ||
	    cap_set_flag(none, CAP_EFFECTIVE, 1, &dac, CAP_SET) < 0)) ||
	    cap_set_proc(none) < 0) {
		ha_warn("cannot drop capabilities: %s", strerror(errno));
		goto out;
	}
	rc = 0;
out:
	cap_free(none);
	return rc;
}

int
ha_privs_drop(void)
{
	static int done, result;

	if (done)
		return result;
	done = 1;
	if (before_drop != NULL)
		before_drop();
	result = drop(0, 0, 0, 0);
	return result;
}

int
ha_privs_drop_keep_dac(void)
{
	return drop(1, 0, 0, 0);
}

int
ha_privs_drop_to(uid_t uid, gid_t gid)
{
	/*
	 * A process that may not change its uid (a unit without
	 * CAP_SETUID) stays who it is; to reach another user's socket (a
	 * rootless engine's, in a 0700 directory) it keeps CAP_DAC_OVERRIDE.
	 */
	if (uid != geteuid() && (!has_cap(CAP_SETUID) || !has_cap(CAP_SETGID)))
		return drop(has_cap(CAP_DAC_OVERRIDE), 0, 0, 0);
	return drop(0, 1, uid, gid);
}

/* Owned by root or the invoking user. */
static int
trusted_owner(uid_t uid)
{
	return uid == 0 || uid == getuid();
}

/* Why the directory dir (a real path, no links) is not trusted; NULL: it is. */
static char *
untrusted_dir(const char *dir)
{
	struct stat st;

	if (stat(dir, &st) < 0)
		return ha_xasprintf("has a directory '%s' that cannot be "
		    "examined (%s)", dir, strerror(errno));
	if (!trusted_owner(st.st_uid))
		return ha_xasprintf("is in directory '%s' owned by uid %u "
		    "(neither root nor uid %u)", dir, (unsigned)st.st_uid,
		    (unsigned)getuid());
	if ((st.st_mode & (S_IWGRP | S_IWOTH)) && !(st.st_mode & S_ISVTX))
		return ha_xasprintf("is in directory '%s' writable by %s "
		    "(mode %04o)", dir, st.st_mode & S_IWOTH ? "others" :
		    "its group", (unsigned)(st.st_mode & 07777));
	return NULL;
}

/* Why the file open at fd, found at path, is not trusted; NULL: it is. */
static char *
untrusted(int fd, const char *path)
{
	char real[PATH_MAX], *slash, *why;
	struct stat st, rst;

	if (fstat(fd, &st) < 0)
		return ha_xasprintf("cannot be examined (%s)",
		    strerror(errno));
	if (!trusted_owner(st.st_uid))
		return ha_xasprintf("is owned by uid %u (neither root nor "
		    "uid %u)", (unsigned)st.st_uid, (unsigned)getuid());
	if (st.st_mode & (S_IWGRP | S_IWOTH))
		return ha_xasprintf("is writable by %s (mode %04o)",
		    st.st_mode & S_IWOTH ? "others" : "its group",
		    (unsigned)(st.st_mode & 07777));
	/* the directories of the file that was opened, not of another */
	if (realpath(path, real) == NULL || stat(real, &rst) < 0 ||
	    rst.st_dev != st.st_dev || rst.st_ino != st.st_ino)
		return ha_xasprintf("changed while being read");
	while ((slash = strrchr(real, '/')) != NULL) {
		if (slash == real)
			slash[1] = '\0';
		else
			*slash = '\0';
		if ((why = untrusted_dir(real)) != NULL)
			return why;
		if (slash == real)
			break;
	}
	return NULL;
}

int
ha_trusted_read(const char *path, struct ha_buf *b, char **why)
{
	int fd;

	*why = NULL;
	/* O_NONBLOCK: opening a FIFO must not wait for a writer */
	fd = ha_buf_regular_fd(open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY |
	    O_NONBLOCK), NULL);
	if (fd < 0)
		return -1;
	if ((*why = untrusted(fd, path)) != NULL) {
		close(fd);
		return -1;
	}
	return ha_buf_read_fd(b, fd);
}

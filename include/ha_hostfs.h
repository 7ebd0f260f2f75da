/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ha_hostfs.h - the one way hostaudit reads the audited host's files.
 *
 * A struct ha_hostfs is a view of a file system tree: the host root
 * ("/", or "/host" when auditing from a container), or the root of
 * dockerd's mount namespace (/proc/PID/root), which is the truth for the
 * files dockerd itself uses.  Paths are given as the host names them
 * ("/etc/passwd") and resolved inside the view as the host would resolve
 * them: an absolute symlink target starts again at the view's root, ".."
 * stops there, and /proc's magic links (/proc/PID/root, .../fd/N) are
 * refused (ELOOP) rather than followed out of the view.  So --root /host
 * never reads the auditing container's own /etc/passwd through a
 * /host/etc/passwd that is a symlink to /etc/passwd.
 *
 * Resolution uses openat2(2) with RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS
 * on a descriptor of the root.  Where openat2 is missing (before Linux
 * 5.6: ENOSYS; or refused by a seccomp filter: EPERM) the same answers
 * come from a walk in user space: one component at a time with
 * O_PATH | O_NOFOLLOW from the descriptor of the parent, symlinks read
 * with readlinkat() and resolved by the walk relative to the root, at most
 * HA_HOSTFS_MAX_LINKS of them per path.  Nothing is opened by a joined
 * path string, so a component swapped for a symlink mid-walk is read as a
 * symlink, never followed by the kernel.
 *
 * Kernel state that is not a file of the host (/sys, hostaudit's own
 * /proc/self) is not read through a view.
 *
 * Errors: every function returns -1 (or NULL) with errno set, which the
 * collectors turn into their error facts as before (ENOENT: missing, not
 * an error).  A view whose root cannot be opened still exists: every call
 * on it fails with the errno of opening the root.
 *
 * Ownership: ha_hostfs_open() returns a view the caller closes with
 * ha_hostfs_close() (NULL accepted).  Strings returned by ha_hostfs_path()
 * and ha_hostfs_realpath() are the caller's to free.
 */
#ifndef HA_HOSTFS_H
#define HA_HOSTFS_H

#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <stddef.h>

struct ha_buf;

#define HA_HOSTFS_MAX_LINKS	40	/* symlinks followed for one path */

/* ha_hostfs_open_flags() flags */
#define HA_HOSTFS_WALK		0x1	/* never use openat2 (tests) */

struct ha_hostfs {
	char	*root;		/* the view's root as given ("/host") */
	int	 dirfd;		/* O_PATH descriptor of root, or -1 */
	int	 err;		/* errno of opening root when dirfd is -1 */
	int	 walk;		/* 1: resolve in user space, not openat2 */
	int	 is_root;	/* root is "/" */
};

/*
 * A view rooted at root (NULL or "" mean "/").  The root itself is
 * opened following symlinks, so /proc/PID/root gives dockerd's root.
 * Never NULL.  The environment variable HA_HOSTFS_WALK=1 forces the walk
 * (as HA_HOSTFS_WALK in flags does), to test the fallback end to end.
 */
struct ha_hostfs *ha_hostfs_open(const char *root);
struct ha_hostfs *ha_hostfs_open_flags(const char *root, int flags);
void	 ha_hostfs_close(struct ha_hostfs *fs);

/* 1 when the view is of "/" (the running system's own tree). */
int	 ha_hostfs_is_host_root(const struct ha_hostfs *fs);

/*
 * Open host path path in the view with open(2) flags (O_CLOEXEC is
 * added; O_NOFOLLOW: a final symlink is not followed, giving ELOOP, or
 * with O_PATH the link itself).  Returns the descriptor or -1.
 */
int	 ha_hostfs_openat(struct ha_hostfs *fs, const char *path, int flags);

/*
 * Read the regular file at path into b, at most b->cap bytes (EFBIG past
 * the cap).  Never blocks on a FIFO: anything but a regular file fails
 * at once (EISDIR for a directory, EINVAL otherwise).  nofollow: a final
 * symlink is refused (ELOOP).  Returns 0 or -1.
 */
int	 ha_hostfs_read(struct ha_hostfs *fs, const char *path,
	    struct ha_buf *b, int nofollow);

/* stat(2) and lstat(2) of path in the view.  0 or -1. */
int	 ha_hostfs_stat(struct ha_hostfs *fs, const char *path,
	    struct stat *st);
int	 ha_hostfs_lstat(struct ha_hostfs *fs, const char *path,
	    struct stat *st);

/*
 * readlink(2) of the symlink at path: the target, NUL-terminated, in
 * buf (len bytes; ENAMETOOLONG when it does not fit).  Returns its length
 * or -1.
 */
ssize_t	 ha_hostfs_readlink(struct ha_hostfs *fs, const char *path,
	    char *buf, size_t len);

/*
 * The directory at path, for readdir(3) and closedir(3).  NULL with
 * errno set.
 */
DIR	*ha_hostfs_opendir(struct ha_hostfs *fs, const char *path);

/*
 * The names in the directory at path, sorted (strcmp): every name but
 * "." and "..", or, with suffix, those ending in it that do not start
 * with a dot (drop-in directories: "*.conf", "*.rules").  0 with *names
 * (free with ha_hostfs_list_free) and *n; -1 with errno set.
 */
int	 ha_hostfs_list(struct ha_hostfs *fs, const char *path,
	    const char *suffix, char ***names, size_t *n);
void	 ha_hostfs_list_free(char **names, size_t n);

/*
 * Resolve path in the view as the host would, following symlinks in
 * every component (and the last one too when follow is set), "." and
 * ".." normalised.  *out (always set, caller frees) is the resolved host
 * path; when a component is missing the rest is appended as written.
 * Returns 1 when the whole path exists, 0 when a component is missing
 * (ENOENT or ENOTDIR), -1 on another error (errno: ELOOP, EACCES...).
 */
int	 ha_hostfs_realpath(struct ha_hostfs *fs, const char *path,
	    int follow, char **out);

/*
 * root joined with the host path path, for messages ("/host/etc/passwd";
 * path itself for the root "/").  Caller frees.
 */
char	*ha_hostfs_path(const struct ha_hostfs *fs, const char *path);

/* The same join for a root given as a string (NULL: "/"). */
char	*ha_hostfs_join(const char *root, const char *path);
/*
 * The inverse: a path under root ("/host/run/docker.sock") as the host
 * names it ("/run/docker.sock"), borrowed from path; NULL when path is
 * not under root (or root is "/").
 */
const char *ha_hostfs_unjoin(const char *root, const char *path);

/* 1 when path is the mount point of a proc file system. */
int	 ha_hostfs_is_procfs(const char *path);
/*
 * The proc directory that shows the host's processes: <root>/proc when
 * root is not "/" and that is a proc file system (the host's, bind-mounted
 * with the root) mounted there, not a symlink to one, else "/proc".
 * Caller frees.
 */
char	*ha_hostfs_proc_dir(const char *root);

#endif

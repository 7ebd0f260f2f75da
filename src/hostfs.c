/* SPDX-License-Identifier: Apache-2.0 */
/*
 * hostfs.c - read the audited host's files inside a root (ha_hostfs.h):
 * openat2(RESOLVE_IN_ROOT), else a walk in user space that resolves each
 * symlink itself and never hands the kernel a path to follow.
 */
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/magic.h>
#ifdef SYS_openat2
#include <linux/openat2.h>
#endif

#include "ha_buf.h"
#include "ha_hostfs.h"
#include "ha_util.h"
#include "banned.h"

#define RENAME_RETRIES	8	/* openat2's EAGAIN: a rename raced ".." */

static int openat2_missing;	/* once ENOSYS or EPERM, for every view */

struct ha_hostfs *
ha_hostfs_open_flags(const char *root, int flags)
{
	struct ha_hostfs *fs = ha_xcalloc(1, sizeof(*fs));
	const char *env = getenv("HA_HOSTFS_WALK");

	if (root == NULL || *root == '\0')
		root = "/";
	fs->root = ha_xstrdup(root);
	fs->is_root = root[strspn(root, "/")] == '\0';
	fs->walk = (flags & HA_HOSTFS_WALK) != 0 || openat2_missing ||
	    (env != NULL && strcmp(env, "1") == 0);
#ifndef SYS_openat2
	fs->walk = 1;
#endif
	/* following symlinks: /proc/PID/root is entered on purpose */
	fs->dirfd = open(fs->root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	fs->err = fs->dirfd < 0 ? errno : 0;
	return fs;
}

struct ha_hostfs *
ha_hostfs_open(const char *root)
{
	return ha_hostfs_open_flags(root, 0);
}

void
ha_hostfs_close(struct ha_hostfs *fs)
{
	if (fs == NULL)
		return;
	if (fs->dirfd >= 0)
		close(fs->dirfd);
	free(fs->root);
	free(fs);
}

int
ha_hostfs_is_host_root(const struct ha_hostfs *fs)
{
	return fs->is_root;
}

/*
 * A symlink that is one of /proc's magic links (/proc/PID/root, cwd, exe,
 * fd/N, ns/...), which the kernel would follow to an object rather than
 * by its text.  procfs's ordinary symlinks (/proc/self, /proc/mounts)
 * have relative targets; the magic ones read as an absolute path or as
 * "type:[inode]".
 */
static int
is_magic_link(int fd, const char *target)
{
	struct statfs sf;

	if (fstatfs(fd, &sf) < 0 || sf.f_type != PROC_SUPER_MAGIC)
		return 0;
	return target[0] == '/' || strchr(target, ':') != NULL;
}

/* The state of one walk: a stack of directory descriptors. */
struct walk {
	struct ha_hostfs *fs;
	int		*fds;		/* fds[0] is fs->dirfd (not owned) */
	size_t		*lens;		/* res.len before each pushed name */
	size_t		 depth, alloc;
	struct ha_buf	 res;		/* the resolved host path */
};

static void
walk_push(struct walk *w, int fd, const char *name)
{
	if (w->depth + 1 >= w->alloc) {
		w->alloc = w->alloc * 2 + 8;
		w->fds = ha_xreallocarray(w->fds, w->alloc, sizeof(*w->fds));
		w->lens = ha_xreallocarray(w->lens, w->alloc,
		    sizeof(*w->lens));
	}
	w->depth++;
	w->fds[w->depth] = fd;
	w->lens[w->depth] = w->res.len;
	ha_buf_addch(&w->res, '/');
	ha_buf_addstr(&w->res, name);
}

static void
walk_pop(struct walk *w)
{
	if (w->depth == 0)
		return;		/* ".." at the root stays there */
	close(w->fds[w->depth]);
	w->res.len = w->lens[w->depth];
	w->res.data[w->res.len] = '\0';
	w->depth--;
}

static void
walk_release(struct walk *w)
{
	while (w->depth > 0)
		walk_pop(w);
	free(w->fds);
	free(w->lens);
	ha_buf_release(&w->res);
}

/* Lexical only: append "/name", or drop a name for "..". */
static void
lexical_step(struct ha_buf *res, const char *name)
{
	if (strcmp(name, "..") == 0) {
		while (res->len > 0 && res->data[res->len - 1] != '/')
			res->len--;
		if (res->len > 0)
			res->len--;
		res->data[res->len] = '\0';
	} else if (strcmp(name, ".") != 0) {
		ha_buf_addch(res, '/');
		ha_buf_addstr(res, name);
	}
}

/*
 * Walk path from the root.  follow: follow a final symlink.  flags: how
 * to open the final object (O_PATH: the object as found).  On success
 * *fdp is its descriptor (when fdp is not NULL).  lexical: when a
 * component is missing, keep appending the rest to w->res as written
 * (realpath).  Returns 0, or -1 with errno set.
 */
static int
walk(struct walk *w, const char *path, int follow, int flags, int *fdp,
    int lexical)
{
	char target[PATH_MAX], *todo = ha_xstrdup(path), *name = NULL, *next;
	const char *p = todo, *after;
	struct stat st;
	int fd = -1, links = 0, saved = 0, last, missing = 0;
	size_t len;
	ssize_t n;

	for (;;) {
		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		len = strcspn(p, "/");
		free(name);
		name = ha_xstrndup(p, len);
		for (after = p + len; *after == '/'; after++)
			;
		last = *after == '\0';
		p += len;
		if (missing) {
			lexical_step(&w->res, name);
			continue;
		}
		if (strcmp(name, ".") == 0)
			continue;
		if (strcmp(name, "..") == 0) {
			walk_pop(w);
			continue;
		}
		fd = openat(w->fds[w->depth], name, O_PATH | O_NOFOLLOW |
		    O_CLOEXEC);
		if (fd < 0 || fstat(fd, &st) < 0) {
			saved = errno;
			if (fd >= 0)
				close(fd);
			fd = -1;
			if (lexical && (saved == ENOENT || saved == ENOTDIR)) {
				missing = saved;
				lexical_step(&w->res, name);
				continue;
			}
			goto fail;
		}
		if (S_ISLNK(st.st_mode) && (!last || follow)) {
			n = readlinkat(fd, "", target, sizeof(target));
			if (n < 0 || (size_t)n >= sizeof(target)) {
				saved = n < 0 ? errno : ENAMETOOLONG;
				goto fail;
			}
			target[n] = '\0';
			if (++links > HA_HOSTFS_MAX_LINKS ||
			    is_magic_link(fd, target)) {
				saved = ELOOP;
				goto fail;
			}
			close(fd);
			fd = -1;
			if (target[0] == '/')
				while (w->depth > 0)
					walk_pop(w);
			next = *p != '\0' ? ha_xasprintf("%s%s", target, p) :
			    ha_xstrdup(target);
			free(todo);
			p = todo = next;
			continue;
		}
		if (last) {
			ha_buf_addch(&w->res, '/');
			ha_buf_addstr(&w->res, name);
			break;		/* fd: the final object, O_PATH */
		}
		if (!S_ISDIR(st.st_mode)) {
			saved = ENOTDIR;
			if (lexical) {
				close(fd);
				fd = -1;
				missing = saved;
				lexical_step(&w->res, name);
				continue;
			}
			goto fail;
		}
		walk_push(w, fd, name);
		fd = -1;
	}
	if (missing) {
		saved = missing;
		goto fail;
	}
	if (fdp == NULL)
		goto done;
	if (fd < 0) {
		/* the path ended at a directory of the stack */
		fd = openat(w->fds[w->depth], ".", flags | O_CLOEXEC);
		if (fd < 0) {
			saved = errno;
			goto fail;
		}
	} else if (!(flags & O_PATH)) {
		/*
		 * Reopen by name in the verified parent, never following:
		 * swapped for a symlink since, it is refused (ELOOP).
		 */
		close(fd);
		fd = openat(w->fds[w->depth], name, flags | O_NOFOLLOW |
		    O_CLOEXEC);
		if (fd < 0) {
			saved = errno;
			goto fail;
		}
	}
	*fdp = fd;
	fd = -1;
done:
	if (fd >= 0)
		close(fd);
	free(name);
	free(todo);
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	free(name);
	free(todo);
	errno = saved;
	return -1;
}

static void
walk_init(struct walk *w, struct ha_hostfs *fs)
{
	memset(w, 0, sizeof(*w));
	w->fs = fs;
	w->alloc = 16;
	w->fds = ha_xreallocarray(NULL, w->alloc, sizeof(*w->fds));
	w->lens = ha_xreallocarray(NULL, w->alloc, sizeof(*w->lens));
	w->fds[0] = fs->dirfd;
	w->lens[0] = 0;
	ha_buf_init(&w->res, HA_BUF_NOCAP);
}

static int
walk_open(struct ha_hostfs *fs, const char *path, int flags)
{
	struct walk w;
	int fd = -1, rc, saved;

	walk_init(&w, fs);
	rc = walk(&w, path, !(flags & O_NOFOLLOW), flags & ~O_NOFOLLOW, &fd,
	    0);
	saved = errno;
	walk_release(&w);
	errno = saved;
	return rc < 0 ? -1 : fd;
}

#ifdef SYS_openat2
static int
openat2_in_root(struct ha_hostfs *fs, const char *path, int flags)
{
	struct open_how how;
	int fd, tries = 0;

	memset(&how, 0, sizeof(how));
	how.flags = (unsigned long long)(flags | O_CLOEXEC);
	how.resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS;
	do
		fd = (int)syscall(SYS_openat2, fs->dirfd, *path != '\0' ?
		    path : "/", &how, sizeof(how));
	while (fd < 0 && errno == EAGAIN && ++tries < RENAME_RETRIES);
	return fd;
}
#endif

int
ha_hostfs_openat(struct ha_hostfs *fs, const char *path, int flags)
{
	int fd;

	if (fs->dirfd < 0) {
		errno = fs->err;
		return -1;
	}
#ifdef SYS_openat2
	if (!fs->walk) {
		fd = openat2_in_root(fs, path, flags);
		/* ENOSYS: before Linux 5.6; EPERM: a seccomp filter */
		if (fd >= 0 || (errno != ENOSYS && errno != EPERM))
			return fd;
		fs->walk = openat2_missing = 1;
	}
#endif
	fd = walk_open(fs, path, flags);
	return fd;
}

int
ha_hostfs_read(struct ha_hostfs *fs, const char *path, struct ha_buf *b,
    int nofollow)
{
	int fd;

	/* O_NONBLOCK: opening a FIFO must not wait for a writer */
	fd = ha_buf_regular_fd(ha_hostfs_openat(fs, path, O_RDONLY | O_NOCTTY |
	    O_NONBLOCK | (nofollow ? O_NOFOLLOW : 0)), NULL);
	if (fd < 0)
		return -1;
	return ha_buf_read_fd(b, fd);
}

static int
stat_flags(struct ha_hostfs *fs, const char *path, struct stat *st,
    int flags)
{
	int fd, rc, saved;

	if ((fd = ha_hostfs_openat(fs, path, O_PATH | flags)) < 0)
		return -1;
	rc = fstat(fd, st);
	saved = errno;
	close(fd);
	errno = saved;
	return rc;
}

int
ha_hostfs_stat(struct ha_hostfs *fs, const char *path, struct stat *st)
{
	return stat_flags(fs, path, st, 0);
}

int
ha_hostfs_lstat(struct ha_hostfs *fs, const char *path, struct stat *st)
{
	return stat_flags(fs, path, st, O_NOFOLLOW);
}

ssize_t
ha_hostfs_readlink(struct ha_hostfs *fs, const char *path, char *buf,
    size_t len)
{
	struct stat st;
	ssize_t n = -1;
	int fd, saved = 0;

	if ((fd = ha_hostfs_openat(fs, path, O_PATH | O_NOFOLLOW)) < 0)
		return -1;
	if (fstat(fd, &st) < 0)
		saved = errno;
	else if (!S_ISLNK(st.st_mode))
		saved = EINVAL;
	else if ((n = readlinkat(fd, "", buf, len)) < 0)
		saved = errno;
	else if ((size_t)n >= len)
		saved = ENAMETOOLONG;
	else
		buf[n] = '\0';
	close(fd);
	errno = saved;
	return saved != 0 ? -1 : n;
}

DIR *
ha_hostfs_opendir(struct ha_hostfs *fs, const char *path)
{
	DIR *d;
	int fd, saved;

	fd = ha_hostfs_openat(fs, path, O_RDONLY | O_DIRECTORY | O_NONBLOCK);
	if (fd < 0)
		return NULL;
	if ((d = fdopendir(fd)) == NULL) {
		saved = errno;
		close(fd);
		errno = saved;
	}
	return d;
}

static int
name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
ha_hostfs_list(struct ha_hostfs *fs, const char *path, const char *suffix,
    char ***names, size_t *n)
{
	struct dirent *de;
	size_t alloc = 0;
	DIR *d;

	*names = NULL;
	*n = 0;
	if ((d = ha_hostfs_opendir(fs, path)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		if (suffix != NULL ? de->d_name[0] == '.' ||
		    !ha_ends_with(de->d_name, suffix) :
		    strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (*n == alloc) {
			alloc = alloc * 2 + 16;
			*names = ha_xreallocarray(*names, alloc,
			    sizeof(**names));
		}
		(*names)[(*n)++] = ha_xstrdup(de->d_name);
	}
	closedir(d);
	if (*n > 0)
		qsort(*names, *n, sizeof(**names), name_cmp);
	return 0;
}

void
ha_hostfs_list_free(char **names, size_t n)
{
	while (n > 0)
		free(names[--n]);
	free(names);
}

int
ha_hostfs_realpath(struct ha_hostfs *fs, const char *path, int follow,
    char **out)
{
	struct walk w;
	int rc, saved = 0;

	if (fs->dirfd < 0) {
		*out = ha_xstrdup(path);
		errno = fs->err;
		return fs->err == ENOENT || fs->err == ENOTDIR ? 0 : -1;
	}
	walk_init(&w, fs);
	rc = walk(&w, path, follow, O_PATH, NULL, 1);
	if (rc < 0) {
		saved = errno;
		rc = saved == ENOENT || saved == ENOTDIR ? 0 : -1;
	} else
		rc = 1;
	*out = w.res.len > 0 ? ha_xstrdup(w.res.data) : ha_xstrdup("/");
	walk_release(&w);
	errno = saved;
	return rc;
}

/* The length of root (NULL: "/") without its trailing slashes. */
static size_t
root_len(const char *root)
{
	size_t rl;

	if (root == NULL)
		return 0;
	rl = strlen(root);
	while (rl > 0 && root[rl - 1] == '/')
		rl--;
	return rl;
}

char *
ha_hostfs_join(const char *root, const char *path)
{
	size_t rl = root_len(root);

	if (rl == 0 || path[0] != '/')
		return ha_xstrdup(path);
	return ha_xasprintf("%.*s%s", (int)rl, root, path);
}

char *
ha_hostfs_path(const struct ha_hostfs *fs, const char *path)
{
	return ha_hostfs_join(fs->root, path);
}

const char *
ha_hostfs_unjoin(const char *root, const char *path)
{
	size_t rl = root_len(root);

	if (rl > 0 && strncmp(path, root, rl) == 0 && path[rl] == '/')
		return path + rl;
	return NULL;
}

int
ha_hostfs_is_procfs(const char *path)
{
	struct statfs sf;

	return statfs(path, &sf) == 0 && sf.f_type == PROC_SUPER_MAGIC;
}

char *
ha_hostfs_proc_dir(const char *root)
{
	char *proc = ha_hostfs_join(root, "/proc");
	struct stat st;

	/* a symlink <root>/proc -> /proc would show hostaudit's own */
	if (strcmp(proc, "/proc") != 0 && lstat(proc, &st) == 0 &&
	    S_ISDIR(st.st_mode) && ha_hostfs_is_procfs(proc))
		return proc;
	free(proc);
	return ha_xstrdup("/proc");
}

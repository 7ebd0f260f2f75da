/* SPDX-License-Identifier: Apache-2.0 */
/*
 * output.c - write report and facts files safely, also as root in a
 * directory other users can write to (see ha_output.h for the rules).
 *
 * The target itself is never opened: what is at its name is only looked
 * at (fstatat, without following a link), a new file is created beside
 * it and renamed over it.  So a FIFO put there is never opened (nothing
 * blocks), a symbolic link or a hard link swapped in at any moment is
 * replaced rather than written through, and a previous report stays
 * whole until the new one is complete.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdint.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "ha_ipc.h"
#include "ha_output.h"
#include "ha_privs.h"
#include "ha_util.h"
#include "banned.h"

#define TMP_TRIES	16	/* names tried before giving up */
#define TMP_BASE_MAX	200	/* of the target's name, in the temp name */
#define PENDING_MAX	16	/* temp files alive at once (one, in fact) */
#define DELAY_MAX_MS	10000

/*
 * Temp files to remove if a signal ends the run: a directory descriptor
 * and a name in it, so that the handler needs only unlinkat.  Filled and
 * emptied with the signals blocked.
 */
static struct {
	volatile sig_atomic_t	used;
	int			dfd;
	char			name[NAME_MAX + 1];
} pending[PENDING_MAX];

static const int cleanup_signals[] = { SIGINT, SIGTERM, SIGHUP };

/* The output writer's pid, for the handler (see writer_start). */
static volatile pid_t writer_pid;

static void	writer_add(const char *);

static void
on_signal(int sig)
{
	int saved = errno;
	size_t i;

	for (i = 0; i < PENDING_MAX; i++)
		if (pending[i].used)
			(void)unlinkat(pending[i].dfd, pending[i].name, 0);
	/* the writer removes its own temp file; wait until it has */
	if (writer_pid > 0 && kill(writer_pid, sig) == 0)
		(void)waitpid(writer_pid, NULL, 0);
	errno = saved;
	/* SA_RESETHAND put the default action back: die of the signal */
	(void)raise(sig);
}

/* Handlers for signals that would kill the run; ignored ones stay so. */
static void
install_handlers(void)
{
	static int done;
	struct sigaction sa, old;
	size_t i;

	if (done)
		return;
	done = 1;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < HA_ARRAY_SIZE(cleanup_signals); i++)
		sigaddset(&sa.sa_mask, cleanup_signals[i]);
	for (i = 0; i < HA_ARRAY_SIZE(cleanup_signals); i++)
		if (sigaction(cleanup_signals[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_DFL)
			(void)sigaction(cleanup_signals[i], &sa, NULL);
}

static void
block_signals(sigset_t *old)
{
	sigset_t set;
	size_t i;

	sigemptyset(&set);
	for (i = 0; i < HA_ARRAY_SIZE(cleanup_signals); i++)
		sigaddset(&set, cleanup_signals[i]);
	(void)sigprocmask(SIG_BLOCK, &set, old);
}

/*
 * HOSTAUDIT_TEST_DELAY_OUTPUT_MS: a pause between writing the temp file
 * and renaming it, so that tests can swap what is at the path or send a
 * signal at that moment.  It only widens a window any process can hold
 * open anyway (by stopping hostaudit, or by being scheduled there); the
 * checks do not depend on its width.  At most DELAY_MAX_MS.
 */
static void
test_delay(void)
{
	const char *s = getenv("HOSTAUDIT_TEST_DELAY_OUTPUT_MS"), *errstr;
	struct timespec ts;
	long long ms;

	if (s == NULL || *s == '\0' ||
	    ha_strtonum(s, 0, DELAY_MAX_MS, &ms, &errstr) < 0 || ms == 0)
		return;
	ts.tv_sec = (time_t)(ms / 1000);
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* The directory part of path ("." or "/" when it has none); caller frees. */
static char *
dir_of(const char *path)
{
	char *dir = ha_xstrdup(path), *slash = strrchr(dir, '/');

	if (slash == NULL) {
		free(dir);
		return ha_xstrdup(".");
	}
	if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	return dir;
}

static const char *
base_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash != NULL ? slash + 1 : path;
}

/* Root, the invoking user, or the user hostaudit runs as. */
static int
trusted_uid(uid_t uid)
{
	return uid == 0 || uid == getuid() || uid == geteuid();
}

static const char *
kind_name(mode_t m)
{
	if (S_ISFIFO(m))
		return "a FIFO";
	if (S_ISCHR(m))
		return "a character device";
	if (S_ISBLK(m))
		return "a block device";
	if (S_ISSOCK(m))
		return "a socket";
	if (S_ISDIR(m))
		return "a directory";
	return "not a regular file";
}

/*
 * A descriptor of path's directory.  A symbolic link as its last
 * component is followed only when root or the invoking user owns it
 * (/var/run -> /run); the components before are the system's.
 */
static int
open_dir(const char *path, const char *dir)
{
	struct stat st;
	int dfd, e;

	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0 && (errno == ELOOP || errno == ENOTDIR) &&
	    lstat(dir, &st) == 0 && S_ISLNK(st.st_mode)) {
		if (!trusted_uid(st.st_uid))
			return ha_error("cannot write '%s': its directory "
			    "'%s' is a symbolic link owned by uid %u", path,
			    dir, (unsigned)st.st_uid);
		dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	}
	if (dfd < 0) {
		e = errno;
		return ha_error("cannot write '%s': directory '%s': %s", path,
		    dir, strerror(e));
	}
	if (fstat(dfd, &st) < 0 || !S_ISDIR(st.st_mode)) {
		close(dfd);
		return ha_error("cannot write '%s': '%s': %s", path, dir,
		    strerror(ENOTDIR));
	}
	return dfd;
}

/*
 * What is at base in dfd may be replaced: nothing, or a regular file of
 * root's or the invoking user's.  Never follows a link, never opens.
 * when: "" at the first look, " (it changed meanwhile)" at the last.
 */
static int
check_target(int dfd, const char *path, const char *when)
{
	struct stat st;

	if (fstatat(dfd, base_of(path), &st, AT_SYMLINK_NOFOLLOW) < 0) {
		if (errno == ENOENT)
			return 0;
		return ha_error("cannot write '%s': %s", path,
		    strerror(errno));
	}
	if (S_ISLNK(st.st_mode)) {
		if (!trusted_uid(st.st_uid))
			return ha_error("cannot write '%s': a symbolic link "
			    "owned by another user (uid %u)%s", path,
			    (unsigned)st.st_uid, when);
		/* stat only names what it points to: nothing is opened */
		return ha_error("cannot write '%s': a symbolic link to %s%s; "
		    "hostaudit does not write through links: name the "
		    "file it points to", path, fstatat(dfd, base_of(path),
		    &st, 0) < 0 ? "nothing" : S_ISREG(st.st_mode) ?
		    "a regular file" : kind_name(st.st_mode), when);
	}
	if (S_ISDIR(st.st_mode))
		return ha_error("cannot write '%s': %s%s", path,
		    strerror(EISDIR), when);
	if (!S_ISREG(st.st_mode))
		return ha_error("cannot write '%s': %s%s; hostaudit writes "
		    "only regular files (use - for standard output)", path,
		    kind_name(st.st_mode), when);
	if (!trusted_uid(st.st_uid))
		return ha_error("cannot write '%s': a file owned by another "
		    "user (uid %u)%s", path, (unsigned)st.st_uid, when);
	return 0;
}

/* "/dev/null" by that name, when it is the null device: output dropped. */
static int
is_dev_null(const char *path)
{
	return strcmp(path, "/dev/null") == 0;
}

static int
write_dev_null(const char *path, int (*fn)(FILE *, void *), void *arg)
{
	struct stat st;
	FILE *fp;
	int fd, rc = 0;

	fd = open(path, O_WRONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY |
	    O_CLOEXEC);
	if (fd < 0)
		return ha_error("cannot write '%s': %s", path,
		    strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISCHR(st.st_mode) ||
	    st.st_rdev != makedev(1, 3)) {
		close(fd);
		return ha_error("cannot write '%s': not the null device",
		    path);
	}
	if ((fp = fdopen(fd, "w")) == NULL) {
		close(fd);
		return ha_error("cannot write '%s': %s", path,
		    strerror(errno));
	}
	if (fn(fp, arg) < 0)
		rc = ha_error("cannot write '%s': output failed", path);
	if (fclose(fp) != 0 && rc == 0)
		rc = ha_error("cannot write '%s': %s", path, strerror(errno));
	return rc;
}

/* Whether this uid, without capabilities, may create a file in st's dir. */
static int
dir_writable(const struct stat *st)
{
	uid_t uid = geteuid();
	gid_t *groups = NULL;
	int i, n, in = 0;

	if (st->st_uid == uid)
		return (st->st_mode & (S_IWUSR | S_IXUSR)) ==
		    (S_IWUSR | S_IXUSR);
	if (st->st_gid == getegid())
		in = 1;
	else if ((n = getgroups(0, NULL)) > 0) {
		groups = ha_xcalloc((size_t)n, sizeof(*groups));
		n = getgroups(n, groups);
		for (i = 0; i < n; i++)
			if (groups[i] == st->st_gid)
				in = 1;
		free(groups);
	}
	if (in)
		return (st->st_mode & (S_IWGRP | S_IXGRP)) ==
		    (S_IWGRP | S_IXGRP);
	return (st->st_mode & (S_IWOTH | S_IXOTH)) == (S_IWOTH | S_IXOTH);
}

int
ha_output_check(const char *path)
{
	char *dir;
	struct stat st;
	int dfd, rc = -1;

	if (is_dev_null(path))
		return 0;
	dir = dir_of(path);
	if ((dfd = open_dir(path, dir)) < 0)
		goto out;
	if (check_target(dfd, path, "") < 0)
		goto out;
	/*
	 * Files are written after capabilities are dropped: root then has
	 * the rights its mode bits give it (ACLs aside), no more.  Without
	 * capabilities to drop, the kernel's own answer is the truth.
	 */
	if (fstat(dfd, &st) < 0) {
		ha_error("cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	/* such a directory is written by the writer, with CAP_DAC_OVERRIDE */
	if (geteuid() == 0 ? !dir_writable(&st) &&
	    !ha_privs_have_dac_override() :
	    faccessat(dfd, ".", W_OK | X_OK, AT_EACCESS) < 0) {
		ha_error("cannot write '%s': directory '%s' (owner uid %u, "
		    "mode %04o) is not writable by uid %u without "
		    "privileges", path, dir, (unsigned)st.st_uid,
		    (unsigned)(st.st_mode & 07777), (unsigned)geteuid());
		goto out;
	}
	if (geteuid() == 0 && !dir_writable(&st))
		writer_add(path);
	rc = 0;
out:
	if (dfd >= 0)
		close(dfd);
	free(dir);
	return rc;
}

int
ha_write_atomic(const char *path, mode_t mode, int (*fn)(FILE *, void *),
    void *arg)
{
	return ha_write_atomic_group(path, mode, (gid_t)-1, fn, arg);
}

/* A random name ".BASE.XXXXXXXX" in name (NAME_MAX + 1 bytes). */
static void
tmp_name(char *name, const char *base)
{
	static const char set[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	static unsigned long counter;
	unsigned char rnd[8];
	char suffix[sizeof(rnd) + 1];
	unsigned long mix;
	size_t i;

	if (getrandom(rnd, sizeof(rnd), GRND_NONBLOCK) !=
	    (ssize_t)sizeof(rnd)) {
		mix = (unsigned long)getpid() * 2654435761UL ^
		    (unsigned long)ha_now_ms() ^ ++counter * 40503UL;
		for (i = 0; i < sizeof(rnd); i++, mix >>= 5)
			rnd[i] = (unsigned char)(mix ^ (counter + i));
	}
	for (i = 0; i < sizeof(rnd); i++)
		suffix[i] = set[rnd[i] % (sizeof(set) - 1)];
	suffix[sizeof(rnd)] = '\0';
	(void)snprintf(name, NAME_MAX + 1, ".%.*s.%s", TMP_BASE_MAX, base,
	    suffix);
}

/*
 * Create the temp file in dfd, registered for removal on a signal.
 * Returns its descriptor and its slot in *slot, or -1 with errno set.
 */
static int
tmp_create(int dfd, const char *base, int *slot)
{
	sigset_t old;
	int fd = -1, i, s, tries;

	install_handlers();
	for (s = 0; s < PENDING_MAX && pending[s].used; s++)
		;
	if (s == PENDING_MAX) {
		errno = EMFILE;
		return -1;
	}
	for (tries = 0; tries < TMP_TRIES; tries++) {
		tmp_name(pending[s].name, base);
		block_signals(&old);
		fd = openat(dfd, pending[s].name, O_WRONLY | O_CREAT |
		    O_EXCL | O_NOFOLLOW | O_NOCTTY | O_CLOEXEC, 0600);
		if (fd >= 0) {
			pending[s].dfd = dfd;
			pending[s].used = 1;
		}
		i = errno;
		(void)sigprocmask(SIG_SETMASK, &old, NULL);
		errno = i;
		if (fd >= 0 || errno != EEXIST)
			break;
	}
	*slot = fd >= 0 ? s : -1;
	return fd;
}

/* Forget slot; its file is removed unless it was renamed. */
static void
tmp_release(int slot, int remove)
{
	sigset_t old;

	block_signals(&old);
	if (remove)
		(void)unlinkat(pending[slot].dfd, pending[slot].name, 0);
	pending[slot].used = 0;
	(void)sigprocmask(SIG_SETMASK, &old, NULL);
}

/* The reason a write through fp failed: errno if the stream saw one. */
static const char *
io_reason(FILE *fp, int e)
{
	return ferror(fp) && e != 0 ? strerror(e) : "output failed";
}

/* The temp file complete, durable, and given its final group and mode. */
static int
finish_tmp(FILE *fp, mode_t mode, gid_t gid)
{
	if (fflush(fp) != 0 || ferror(fp) || fsync(fileno(fp)) != 0)
		return -1;
	if (gid != (gid_t)-1 && fchown(fileno(fp), (uid_t)-1, gid) < 0)
		return -1;
	return fchmod(fileno(fp), mode);
}

/*
 * A temporary file being written for path: its directory and a stream
 * on it, registered for removal until it is renamed.
 */
struct out_tmp {
	const char	*path;
	char		*dir;
	int		 dfd;
	int		 slot;
	FILE		*fp;
};

/* The temp file for path, created beside it; 0 or -1 (reported). */
static int
out_begin(const char *path, struct out_tmp *t)
{
	const char *base = base_of(path);
	struct stat st;
	int fd;

	memset(t, 0, sizeof(*t));
	t->path = path;
	t->dfd = t->slot = -1;
	if (*base == '\0' || strcmp(base, ".") == 0 || strcmp(base, "..") == 0)
		return ha_error("cannot write '%s': %s", path,
		    strerror(EISDIR));
	t->dir = dir_of(path);
	if ((t->dfd = open_dir(path, t->dir)) < 0)
		return -1;
	if (check_target(t->dfd, path, "") < 0)
		return -1;
	if ((fd = tmp_create(t->dfd, base, &t->slot)) < 0)
		return ha_error("cannot write '%s': cannot create a file in "
		    "'%s': %s", path, t->dir, strerror(errno));
	/* what was created is a new file of ours, nothing else */
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_nlink != 1 ||
	    st.st_uid != geteuid()) {
		close(fd);
		return ha_error("cannot write '%s': the new file in '%s' is "
		    "not what was created", path, t->dir);
	}
	if ((t->fp = fdopen(fd, "w")) == NULL) {
		close(fd);
		return ha_error("cannot write '%s': %s", path,
		    strerror(errno));
	}
	return 0;
}

/* The temp file, written, made durable and renamed over the target. */
static int
out_commit(struct out_tmp *t, mode_t mode, gid_t gid)
{
	int e;

	if (finish_tmp(t->fp, mode, gid) < 0)
		return ha_error("cannot write '%s': %s", t->path,
		    strerror(errno));
	e = fclose(t->fp);
	t->fp = NULL;
	if (e != 0)
		return ha_error("cannot write '%s': %s", t->path,
		    strerror(errno));
	test_delay();
	/* look again: rename never follows, but a refusal stays one */
	if (check_target(t->dfd, t->path, " (it changed meanwhile)") < 0)
		return -1;
	if (renameat(t->dfd, pending[t->slot].name, t->dfd,
	    base_of(t->path)) < 0)
		return ha_error("cannot write '%s': %s", t->path,
		    strerror(errno));
	tmp_release(t->slot, 0);
	t->slot = -1;
	(void)fsync(t->dfd);	/* make the rename itself durable */
	return 0;
}

/* Release t; its temp file is removed unless it was renamed. */
static void
out_end(struct out_tmp *t)
{
	if (t->fp != NULL)
		fclose(t->fp);
	if (t->slot >= 0)
		tmp_release(t->slot, 1);
	if (t->dfd >= 0)
		close(t->dfd);
	free(t->dir);
	memset(t, 0, sizeof(*t));
	t->dfd = t->slot = -1;
}

/*
 * The writer.  Root may create files only where its mode bits let it,
 * once capabilities are dropped; an output directory that needs
 * CAP_DAC_OVERRIDE (a textfile collector directory of the prometheus
 * user) is written by a helper process started just before the drop,
 * which keeps that capability alone and does nothing else: it takes
 * the bytes of a file over a socket pair and writes them, by the rules
 * above, to one of the paths ha_output_check() named it before the
 * fork, chosen by index.  The main process, which parses, evaluates
 * and renders, keeps no capability.
 *
 * Messages, main to writer: a struct wmsg, then len bytes:
 *   W_BEGIN  struct wbegin: the path's index, mode and group; the writer
 *            answers an int, 0 or -1 (it reported why);
 *   W_DATA   up to WRITER_CHUNK bytes of the file;
 *   W_END    rename it into place; the writer answers 0 or -1;
 *   W_ABORT  forget it (the temp file is removed); no answer.
 */
#define WRITER_CHUNK	65536

enum { W_BEGIN = 1, W_DATA, W_END, W_ABORT };

struct wmsg {
	uint32_t	op;
	uint32_t	len;
};

struct wbegin {
	uint32_t	idx;
	uint32_t	mode;
	int64_t		gid;	/* -1: left as created */
};

static struct {
	char		**paths;	/* named by ha_output_check */
	size_t		  npaths;
	int		  sock;		/* main's end; -1: no writer */
} writer = { NULL, 0, -1 };

/* The index of path among the writer's, or -1 (written here). */
static int
writer_index(const char *path)
{
	size_t i;

	if (writer.sock < 0)
		return -1;
	for (i = 0; i < writer.npaths; i++)
		if (strcmp(writer.paths[i], path) == 0)
			return (int)i;
	return -1;
}

static int
writer_send(uint32_t op, const void *p, uint32_t len)
{
	struct wmsg m = { op, len };

	if (ha_ipc_write(writer.sock, &m, sizeof(m)) < 0 ||
	    (len > 0 && ha_ipc_write(writer.sock, p, len) < 0))
		return -1;
	return 0;
}

static int
writer_gone(const char *path)
{
	return ha_error("cannot write '%s': the output writer process "
	    "ended (%s)", path, strerror(errno));
}

/* fopencookie's write: the bytes, as W_DATA messages. */
static ssize_t
cookie_write(void *arg, const char *buf, size_t n)
{
	size_t done = 0, len;

	(void)arg;
	while (done < n) {
		len = n - done < WRITER_CHUNK ? n - done : WRITER_CHUNK;
		if (writer_send(W_DATA, buf + done, (uint32_t)len) < 0)
			return -1;
		done += len;
	}
	return (ssize_t)n;
}

/* Render with fn and have the writer put it at its path number w. */
static int
writer_write(int w, const char *path, mode_t mode, gid_t gid,
    int (*fn)(FILE *, void *), void *arg)
{
	cookie_io_functions_t io = { NULL, cookie_write, NULL, NULL };
	struct wbegin b;
	FILE *fp;
	char *why;
	int rc = -1, e;

	memset(&b, 0, sizeof(b));
	b.idx = (uint32_t)w;
	b.mode = (uint32_t)mode;
	b.gid = gid == (gid_t)-1 ? -1 : (int64_t)gid;
	if (writer_send(W_BEGIN, &b, sizeof(b)) < 0 ||
	    ha_ipc_read(writer.sock, &rc, sizeof(rc)) < 0)
		return writer_gone(path);
	if (rc < 0)
		return -1;	/* the writer said why */
	if ((fp = fopencookie(NULL, "w", io)) == NULL) {
		(void)writer_send(W_ABORT, NULL, 0);
		return ha_error("cannot write '%s': %s", path,
		    strerror(errno));
	}
	(void)setvbuf(fp, NULL, _IOFBF, WRITER_CHUNK);
	errno = 0;
	if (fn(fp, arg) < 0 || fflush(fp) != 0 || ferror(fp)) {
		e = errno;
		why = ha_xstrdup(io_reason(fp, e));
		fclose(fp);
		if (writer_send(W_ABORT, NULL, 0) < 0)
			rc = writer_gone(path);
		else
			rc = ha_error("cannot write '%s': %s", path, why);
		free(why);
		return rc;
	}
	fclose(fp);
	if (writer_send(W_END, NULL, 0) < 0 ||
	    ha_ipc_read(writer.sock, &rc, sizeof(rc)) < 0)
		return writer_gone(path);
	return rc;
}

/* The writer's loop; it ends when main closes its end. */
static void
writer_main(int sock)
{
	struct out_tmp t;
	struct wbegin b;
	struct wmsg m;
	char *buf = ha_xmalloc(WRITER_CHUNK);
	int rc, open = 0, failed = 0, e = 0;

	memset(&t, 0, sizeof(t));
	t.dfd = t.slot = -1;
	memset(&b, 0, sizeof(b));
	if (ha_privs_drop_keep_dac() < 0)
		_exit(1);
	while (ha_ipc_read(sock, &m, sizeof(m)) == 0) {
		if (m.op == W_BEGIN && !open && m.len == sizeof(b) &&
		    ha_ipc_read(sock, &b, sizeof(b)) == 0 &&
		    b.idx < writer.npaths) {
			if ((rc = out_begin(writer.paths[b.idx], &t)) < 0)
				out_end(&t);
			open = rc == 0;
			failed = 0;
		} else if (m.op == W_DATA && open && m.len <= WRITER_CHUNK &&
		    ha_ipc_read(sock, buf, m.len) == 0) {
			if (!failed && fwrite(buf, 1, m.len, t.fp) != m.len) {
				failed = 1;
				e = errno;
			}
			continue;
		} else if (m.op == W_END && open && m.len == 0) {
			rc = failed ? ha_error("cannot write '%s': %s",
			    t.path, io_reason(t.fp, e)) :
			    out_commit(&t, (mode_t)b.mode, (gid_t)b.gid);
			out_end(&t);
			open = 0;
		} else if (m.op == W_ABORT && m.len == 0) {
			out_end(&t);
			open = 0;
			continue;
		} else
			break;	/* not what main sends */
		if (ha_ipc_write(sock, &rc, sizeof(rc)) < 0)
			break;
	}
	out_end(&t);
	free(buf);
	_exit(0);
}

/* At exit: the writer sees the end of its input and ends; wait for it. */
static void
writer_stop(void)
{
	pid_t pid = writer_pid;

	if (writer.sock < 0)
		return;
	close(writer.sock);
	writer.sock = -1;
	writer_pid = 0;
	while (pid > 0 && waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

/* ha_privs_drop's hook: start the writer, still privileged. */
static void
writer_start(void)
{
	pid_t parent = getpid(), pid;
	int sv[2];

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		ha_warn("cannot start the output writer: %s",
		    strerror(errno));
		return;
	}
	(void)fflush(NULL);
	if ((pid = fork()) < 0) {
		ha_warn("cannot start the output writer: %s",
		    strerror(errno));
		close(sv[0]);
		close(sv[1]);
		return;
	}
	if (pid == 0) {
		ha_ipc_child_setup(sv[1], SIGTERM, parent);
		writer_main(sv[1]);
	}
	close(sv[1]);
	writer.sock = sv[0];
	writer_pid = pid;
	install_handlers();	/* a signal to main ends the writer first */
	(void)atexit(writer_stop);
}

/* path is to be written by the writer, which it needs to start. */
static void
writer_add(const char *path)
{
	if (writer_index(path) >= 0 || writer.sock >= 0)
		return;
	writer.paths = ha_xreallocarray(writer.paths, writer.npaths + 1,
	    sizeof(*writer.paths));
	writer.paths[writer.npaths++] = ha_xstrdup(path);
	ha_privs_before_drop(writer_start);
}

int
ha_write_atomic_group(const char *path, mode_t mode, gid_t gid,
    int (*fn)(FILE *, void *), void *arg)
{
	struct out_tmp t;
	int rc = -1, e, w;

	if (is_dev_null(path))
		return write_dev_null(path, fn, arg);
	if ((w = writer_index(path)) >= 0)
		return writer_write(w, path, mode, gid, fn, arg);
	if (out_begin(path, &t) < 0)
		goto out;
	errno = 0;
	if (fn(t.fp, arg) < 0 || ferror(t.fp)) {
		e = errno;
		ha_error("cannot write '%s': %s", path, io_reason(t.fp, e));
		goto out;
	}
	rc = out_commit(&t, mode, gid);
out:
	out_end(&t);
	return rc;
}

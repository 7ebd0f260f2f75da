/*
 * procs.c - the processes of each running container (CIS 5.7: no sshd in
 * containers), found in /proc by namespace, never by running docker exec.
 *
 * A process belongs to a container when its /proc/N/ns/pid link names the
 * same namespace as the container's init process (State.Pid).  A
 * container started with --pid=host shares the host's PID namespace, so
 * for it the mount namespace (ns/mnt, never shared with the host) is
 * compared instead.  /proc is scanned once for every container.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ha_buf.h"
#include "ha_collect.h"
#include "ha_procs.h"
#include "ha_util.h"
#include "banned.h"

#define NS_LEN		64	/* "pid:[4026531836]" and then some */
#define COMM_MAX	64
#define CGROUP_MAX	(16UL * 1024)

struct ctr {
	json_t		*obj;		/* borrowed inspect object */
	long		 pid;		/* State.Pid */
	int		 by_mnt;	/* shares the host's PID namespace */
	char		 ns[NS_LEN];	/* the namespace link to match */
	json_t		*procs;		/* owned until attached */
	int		 truncated;
	int		 init_seen;
	long		 unreadable;	/* its processes not inspectable */
	char		*cgroup;	/* /proc/PID/cgroup, owned, or NULL */
	char		*error;		/* owned */
};

struct scan {
	const char	*proc;
	struct ctr	*c;
	size_t		 n;
	size_t		 max;
	int		 need_mnt;
	long		 unreadable;	/* processes whose ns link failed */
	int		 unreadable_errno;
};

/* readlink(proc/pid/what) into buf; 0, or -1 with errno. */
static int
proc_link(const char *proc, long pid, const char *what, char *buf,
    size_t len)
{
	char *path = ha_xasprintf("%s/%ld/%s", proc, pid, what);
	ssize_t n = readlink(path, buf, len - 1);
	int saved = errno;

	free(path);
	if (n < 0) {
		errno = saved;
		return -1;
	}
	buf[n] = '\0';
	return 0;
}

/* The command name of process pid (new string), or NULL. */
static char *
proc_comm(const char *proc, long pid)
{
	char *path = ha_xasprintf("%s/%ld/comm", proc, pid), *s = NULL;
	struct ha_buf b;

	ha_buf_init(&b, COMM_MAX);
	if (ha_buf_read_file(&b, path, 1) == 0) {
		b.len = strcspn(b.data, "\n");
		b.data[b.len] = '\0';
		s = ha_buf_detach(&b, NULL);
	} else
		ha_buf_release(&b);
	free(path);
	return s;
}

/* The text of proc/pid/cgroup (new string), or NULL. */
static char *
proc_cgroup(const char *proc, long pid)
{
	char *path = ha_xasprintf("%s/%ld/cgroup", proc, pid);
	struct ha_buf b;

	int rc, saved;

	ha_buf_init(&b, CGROUP_MAX);
	rc = ha_buf_read_file(&b, path, 1);
	if (rc < 0 || b.len == 0) {
		saved = rc < 0 ? errno : ENODATA;
		ha_buf_release(&b);
		free(path);
		errno = saved;
		return NULL;
	}
	free(path);
	return ha_buf_detach(&b, NULL);
}

/*
 * Process pid's namespace link could not be read (another user's process
 * when not root).  Its cgroup file needs no such right: when it is a
 * container's, that container's list is incomplete; when it is no
 * container's, the process is not in one; when it cannot be read either,
 * no list is known to be complete.
 */
static void
scan_unreadable(struct scan *s, long pid, int err)
{
	char *cg = proc_cgroup(s->proc, pid);
	size_t i;

	if (cg == NULL) {
		if (errno == ENOENT || errno == ESRCH)
			return;		/* gone meanwhile */
		s->unreadable++;
		s->unreadable_errno = err;
		return;
	}
	for (i = 0; i < s->n; i++)
		if (s->c[i].cgroup != NULL && strcmp(s->c[i].cgroup, cg) == 0)
			s->c[i].unreadable++;
	free(cg);
}

/* The last path element of process pid's executable (new string), or NULL. */
static char *
proc_exe_base(const char *proc, long pid)
{
	static const char deleted[] = " (deleted)";
	char buf[PATH_MAX];
	const char *base;
	size_t n;

	if (proc_link(proc, pid, "exe", buf, sizeof(buf)) < 0)
		return NULL;
	n = strlen(buf);
	if (ha_ends_with(buf, deleted))
		buf[n - (sizeof(deleted) - 1)] = '\0';
	base = strrchr(buf, '/');
	base = base != NULL ? base + 1 : buf;
	return *base != '\0' ? ha_xstrdup(base) : NULL;
}

static json_t *
str_or_null(char *s)
{
	json_t *j = s != NULL ? json_string(s) : NULL;

	free(s);
	return j != NULL ? j : json_null();
}

/* Record process pid in c. */
static void
ctr_add(const struct scan *s, struct ctr *c, long pid)
{
	if (pid == c->pid)
		c->init_seen = 1;
	if (json_array_size(c->procs) >= s->max) {
		c->truncated = 1;
		return;
	}
	json_array_append_new(c->procs, json_pack("{s:I, s:o, s:o}", "pid",
	    (json_int_t)pid, "comm", str_or_null(proc_comm(s->proc, pid)),
	    "exe_base", str_or_null(proc_exe_base(s->proc, pid))));
}

/* Match process pid against every container. */
static void
scan_one(struct scan *s, long pid)
{
	char pidns[NS_LEN], mntns[NS_LEN];
	int have_mnt = 0;
	size_t i;

	if (proc_link(s->proc, pid, "ns/pid", pidns, sizeof(pidns)) < 0) {
		if (errno != ENOENT && errno != ESRCH)
			scan_unreadable(s, pid, errno);
		return;
	}
	if (s->need_mnt && proc_link(s->proc, pid, "ns/mnt", mntns,
	    sizeof(mntns)) == 0)
		have_mnt = 1;
	for (i = 0; i < s->n; i++) {
		if (s->c[i].error != NULL)
			continue;
		if (strcmp(s->c[i].by_mnt ? (have_mnt ? mntns : "") : pidns,
		    s->c[i].ns) == 0)
			ctr_add(s, &s->c[i], pid);
	}
}

/* 1 when name is a process directory (all digits); its pid in *pid. */
static int
pid_name(const char *name, long *pid)
{
	long long v;
	const char *err;
	size_t i;

	for (i = 0; name[i] != '\0'; i++)
		if (!isdigit((unsigned char)name[i]))
			return 0;
	if (i == 0 || ha_strtonum(name, 1, LONG_MAX, &v, &err) < 0)
		return 0;
	*pid = (long)v;
	return 1;
}

/* Scan proc once; -1 with errno when it cannot be listed. */
static int
scan_proc(struct scan *s)
{
	struct dirent *de;
	DIR *d;
	long pid;

	if ((d = opendir(s->proc)) == NULL)
		return -1;
	while ((de = readdir(d)) != NULL)
		if (pid_name(de->d_name, &pid))
			scan_one(s, pid);
	closedir(d);
	return 0;
}

/*
 * Prepare c for obj: 1 when obj is a running container (c->ns set, or
 * c->error when its namespace is unreadable), 0 when it is not running.
 */
static int
ctr_init(const char *proc, const char *host_pidns, json_t *obj,
    struct ctr *c)
{
	const json_t *st = json_object_get(obj, "State");
	const json_t *pid = json_object_get(st, "Pid");

	memset(c, 0, sizeof(*c));
	if (!json_is_true(json_object_get(st, "Running")) ||
	    !json_is_integer(pid) || json_integer_value(pid) <= 0 ||
	    json_integer_value(pid) > LONG_MAX)
		return 0;
	c->obj = obj;
	c->pid = (long)json_integer_value(pid);
	c->procs = json_array();
	c->cgroup = proc_cgroup(proc, c->pid);
	if (proc_link(proc, c->pid, "ns/pid", c->ns, sizeof(c->ns)) < 0) {
		c->error = ha_xasprintf("cannot read '%s/%ld/ns/pid': %s",
		    proc, c->pid, strerror(errno));
		return 1;
	}
	if (host_pidns[0] != '\0' && strcmp(c->ns, host_pidns) == 0) {
		c->by_mnt = 1;
		if (proc_link(proc, c->pid, "ns/mnt", c->ns,
		    sizeof(c->ns)) < 0)
			c->error = ha_xasprintf("cannot read '%s/%ld/ns/mnt': "
			    "%s", proc, c->pid, strerror(errno));
	}
	return 1;
}

/* Attach c's findings to its object; 1 when it has an error. */
static int
ctr_finish(const struct scan *s, struct ctr *c)
{
	int failed;

	if (c->error == NULL && s->unreadable > 0)
		c->error = ha_xasprintf("%ld processes under '%s' could not "
		    "be inspected: %s", s->unreadable, s->proc,
		    strerror(s->unreadable_errno));
	if (c->error == NULL && c->unreadable > 0)
		c->error = ha_xasprintf("%ld processes in the container's "
		    "cgroup could not be inspected under '%s'", c->unreadable,
		    s->proc);
	if (c->error == NULL && !c->init_seen)
		c->error = ha_xasprintf("the container's process %ld was not "
		    "seen under '%s'", c->pid, s->proc);
	if (c->error == NULL || json_array_size(c->procs) > 0)
		json_object_set(c->obj, "Processes", c->procs);
	if (c->truncated)
		json_object_set_new(c->obj, "ProcessesTruncated", json_true());
	if (c->error != NULL)
		json_object_set_new(c->obj, "ProcessesError",
		    json_string(c->error));
	failed = c->error != NULL;
	json_decref(c->procs);
	free(c->cgroup);
	free(c->error);
	return failed;
}

/*
 * The PID namespace State.Pid values live in: hostaudit's own (it must
 * share the daemon's to see them), else that of process 1.
 */
static void
host_pidns_of(const char *proc, char *buf, size_t len)
{
	char *path = ha_xasprintf("%s/self/ns/pid", proc);
	ssize_t n = readlink(path, buf, len - 1);

	free(path);
	if (n >= 0)
		buf[n] = '\0';
	else if (proc_link(proc, 1, "ns/pid", buf, len) < 0)
		buf[0] = '\0';
}

size_t
ha_procs_attach(const char *proc, json_t *containers, size_t max)
{
	struct scan s = { .proc = proc, .max = max };
	char host_pidns[NS_LEN] = "";
	size_t i, nerr = 0;
	json_t *obj;
	int saved;

	s.c = ha_xcalloc(json_array_size(containers) + 1, sizeof(*s.c));
	host_pidns_of(proc, host_pidns, sizeof(host_pidns));
	json_array_foreach(containers, i, obj) {
		if (!json_is_object(obj) ||
		    !ctr_init(proc, host_pidns, obj, &s.c[s.n]))
			continue;
		s.need_mnt |= s.c[s.n].by_mnt;
		s.n++;
	}
	if (s.n > 0 && scan_proc(&s) < 0) {
		saved = errno;
		for (i = 0; i < s.n; i++)
			if (s.c[i].error == NULL)
				s.c[i].error = ha_xasprintf("cannot list "
				    "'%s': %s", proc, strerror(saved));
	}
	for (i = 0; i < s.n; i++)
		nerr += (size_t)ctr_finish(&s, &s.c[i]);
	free(s.c);
	return nerr;
}

void
ha_collect_processes(const struct ha_collect_opts *o, json_t *facts)
{
	json_t *ctrs = json_object_get(json_object_get(facts, "engine"),
	    "containers");
	size_t nerr;

	(void)o;	/* State.Pid is in the daemon's view: our own /proc */
	if (!json_is_array(ctrs))
		return;
	nerr = ha_procs_attach("/proc", ctrs, HA_PROCS_MAX);
	if (nerr > 0)
		ha_collect_error(facts, "processes", "the processes of %zu "
		    "running container%s could not be listed (see their "
		    "ProcessesError)", nerr, nerr == 1 ? "" : "s");
}

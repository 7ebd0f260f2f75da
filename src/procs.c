/* SPDX-License-Identifier: Apache-2.0 */
/*
 * procs.c - the processes of each running container (CIS 5.7: no sshd in
 * containers), found in /proc, never by running docker exec.
 *
 * A process belongs to a container when its cgroup path names the
 * container's id (".../docker/<id>", ".../docker-<id>.scope",
 * ".../libpod-<id>.scope").  That key holds whatever PID namespaces the
 * daemon, the container and hostaudit run in: State.Pid is a PID in the
 * daemon's namespace, which need not be hostaudit's (a daemon in its own
 * namespace, hostaudit in a container), and a container started with
 * --pid=host shares the host's.  /proc is scanned once for every
 * container.
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ha_buf.h"
#include "ha_collect_opts.h"
#include "ha_hostfs.h"
#include "ha_procs.h"
#include "ha_util.h"
#include "banned.h"

#define COMM_MAX	64
#define CGROUP_MAX	(16UL * 1024)
#define ID_LEN		64	/* a full container id, hex */

struct ctr {
	json_t		*obj;		/* borrowed inspect object */
	const char	*id;		/* borrowed, ID_LEN hex digits */
	json_t		*procs;		/* owned until attached */
	int		 truncated;
	char		*error;		/* owned */
};

struct scan {
	const char	*proc;
	struct ctr	*c;
	size_t		 n;
	size_t		 max;
	long		 unreadable;	/* processes whose cgroup failed */
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

/* The text of proc/pid/cgroup (new string), or NULL with errno. */
static char *
proc_cgroup(const char *proc, long pid)
{
	char *path = ha_xasprintf("%s/%ld/cgroup", proc, pid);
	struct ha_buf b;
	int rc, saved;

	ha_buf_init(&b, CGROUP_MAX);
	rc = ha_buf_read_file(&b, path, 1);
	saved = errno;
	free(path);
	if (rc < 0) {
		ha_buf_release(&b);
		errno = saved;
		return NULL;
	}
	return ha_buf_detach(&b, NULL);
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
	if (json_array_size(c->procs) >= s->max) {
		c->truncated = 1;
		return;
	}
	json_array_append_new(c->procs, json_pack("{s:I, s:o, s:o}", "pid",
	    (json_int_t)pid, "comm", str_or_null(proc_comm(s->proc, pid)),
	    "exe_base", str_or_null(proc_exe_base(s->proc, pid))));
}

/*
 * 1 when the cgroup text names id as a whole path element part: the id
 * must not be preceded or followed by another hex digit.
 */
static int
cgroup_names(const char *cg, const char *id)
{
	const char *p = cg;

	while ((p = strstr(p, id)) != NULL) {
		if ((p == cg || !isxdigit((unsigned char)p[-1])) &&
		    !isxdigit((unsigned char)p[ID_LEN]))
			return 1;
		p++;
	}
	return 0;
}

/* Match process pid against every container by its cgroup. */
static void
scan_one(struct scan *s, long pid)
{
	char *cg = proc_cgroup(s->proc, pid);
	size_t i;

	if (cg == NULL) {
		if (errno != ENOENT && errno != ESRCH) {
			s->unreadable++;	/* it may be anyone's */
			s->unreadable_errno = errno;
		}
		return;
	}
	for (i = 0; i < s->n; i++)
		if (s->c[i].error == NULL && cgroup_names(cg, s->c[i].id))
			ctr_add(s, &s->c[i], pid);
	free(cg);
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

/* 1 when s is a full container id: ID_LEN hex digits. */
static int
full_id(const char *s)
{
	size_t i;

	for (i = 0; i < ID_LEN; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return s[ID_LEN] == '\0';
}

/* Prepare c for obj: 1 when obj is a running container, else 0. */
static int
ctr_init(json_t *obj, struct ctr *c)
{
	const json_t *st = json_object_get(obj, "State");
	const char *id = json_string_value(json_object_get(obj, "Id"));

	memset(c, 0, sizeof(*c));
	if (!json_is_true(json_object_get(st, "Running")))
		return 0;
	c->obj = obj;
	c->procs = json_array();
	if (id == NULL || !full_id(id)) {
		c->id = "";	/* never matched: error is set */
		c->error = ha_xstrdup("the container has no full id to find "
		    "its cgroup by");
		return 1;
	}
	c->id = id;
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
	if (c->error == NULL && json_array_size(c->procs) == 0)
		c->error = ha_xasprintf("no process of the running container "
		    "was found under '%s' (no cgroup path names its id)",
		    s->proc);
	if (c->error == NULL || json_array_size(c->procs) > 0)
		json_object_set(c->obj, "Processes", c->procs);
	if (c->truncated)
		json_object_set_new(c->obj, "ProcessesTruncated", json_true());
	if (c->error != NULL)
		json_object_set_new(c->obj, "ProcessesError",
		    json_string(c->error));
	failed = c->error != NULL;
	json_decref(c->procs);
	free(c->error);
	return failed;
}

size_t
ha_procs_attach(const char *proc, json_t *containers, size_t max)
{
	struct scan s = { .proc = proc, .max = max };
	size_t i, nerr = 0;
	json_t *obj;
	int saved;

	s.c = ha_xcalloc(json_array_size(containers) + 1, sizeof(*s.c));
	json_array_foreach(containers, i, obj)
		if (json_is_object(obj) && ctr_init(obj, &s.c[s.n]))
			s.n++;
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
	char *proc;

	if (!json_is_array(ctrs))
		return;
	/* from a container, the host's /proc (under --root) sees them all */
	proc = ha_hostfs_proc_dir(o->root);
	nerr = ha_procs_attach(proc, ctrs, HA_PROCS_MAX);
	free(proc);
	if (nerr > 0)
		ha_facts_error(facts, "processes", "the processes of %zu "
		    "running container%s could not be listed (see their "
		    "ProcessesError)", nerr, nerr == 1 ? "" : "s");
}

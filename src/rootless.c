/* SPDX-License-Identifier: Apache-2.0 */
/*
 * rootless.c - a rootless dockerd: how it is recognised, whose it is, and
 * where it keeps its files (facts.daemon.rootless).
 *
 * dockerd-rootless.sh starts dockerd through RootlessKit: dockerd runs in
 * a user namespace whose root is an ordinary user on the host (and in a
 * mount namespace with /etc and /run copied up).  dockerd takes the
 * environment variable ROOTLESSKIT_STATE_DIR for rootless mode and then
 * uses that user's XDG base directories instead of the system paths:
 *
 *   daemon.json   $XDG_CONFIG_HOME/docker/daemon.json (~/.config/...)
 *   certs.d       $XDG_CONFIG_HOME/docker/certs.d
 *   data root     $XDG_DATA_HOME/docker (~/.local/share/docker)
 *   exec root     $XDG_RUNTIME_DIR/docker
 *   socket        $XDG_RUNTIME_DIR/docker.sock
 *   pidfile       $XDG_RUNTIME_DIR/docker.pid
 *
 * The variables are dockerd's own (its /proc/PID/environ), never
 * hostaudit's; without them the home directory comes from the host's
 * passwd file.
 */
#include <sys/stat.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ha_buf.h"
#include "ha_collect_opts.h"
#include "ha_daemon.h"
#include "ha_facts.h"
#include "ha_hostfs.h"
#include "ha_passwd.h"
#include "ha_util.h"
#include "banned.h"

#define STATUS_CAP	(64UL * 1024)	/* /proc/PID/status, cgroup, maps */
#define MAX_ANCESTORS	4	/* rootlesskit -> its child -> dockerd */

/* The whole of a small proc file, or NULL.  Caller frees. */
static char *
proc_read(const char *proc, long pid, const char *name)
{
	char *path = ha_xasprintf("%s/%ld/%s", proc, pid, name), *data;
	struct ha_buf b;

	ha_buf_init(&b, STATUS_CAP);
	data = ha_buf_read_file(&b, path, 0) == 0 ? ha_buf_detach(&b, NULL) :
	    NULL;
	ha_buf_release(&b);
	free(path);
	return data;
}

/* The first number of the "Field:" line of proc/PID/status, else -1. */
static long long
status_field(const char *proc, long pid, const char *field)
{
	char *data = proc_read(proc, pid, "status"), *p, *end;
	char *key = ha_xasprintf("\n%s:", field);
	long long v = -1;

	if (data != NULL && (p = strstr(data, key)) != NULL) {
		p += strlen(key);
		errno = 0;
		v = strtoll(p, &end, 10);
		if (errno != 0 || end == p || v < 0)
			v = -1;
	}
	free(key);
	free(data);
	return v;
}

/* The exe path of pid, else its comm; NULL when neither reads. */
static char *
proc_name(const char *proc, long pid)
{
	char buf[PATH_MAX], *path = ha_xasprintf("%s/%ld/exe", proc, pid);
	ssize_t n = readlink(path, buf, sizeof(buf) - 1);

	free(path);
	if (n >= 0) {
		buf[n] = '\0';
		return ha_xstrdup(buf);
	}
	return proc_read(proc, pid, "comm");
}

/*
 * The nearest rootlesskit among pid's ancestors (its child, which runs
 * dockerd-rootless.sh that execs dockerd, then the parent), or -1.
 */
static long
rootlesskit_ancestor(const char *proc, long pid)
{
	long long ppid;
	char *name;
	int i, hit;

	for (i = 0; i < MAX_ANCESTORS; i++) {
		ppid = status_field(proc, pid, "PPid");
		if (ppid <= 1)
			return -1;
		name = proc_name(proc, (long)ppid);
		hit = ha_daemon_is_rootlesskit(name);
		free(name);
		if (hit)
			return (long)ppid;
		pid = (long)ppid;
	}
	return -1;
}

/*
 * proc/PID/uid_map or gid_map as [[inside, outside, count], ...] (the
 * outside ids as hostaudit's user namespace sees them), or NULL.
 */
static json_t *
id_map(const char *proc, long pid, const char *name)
{
	char *data = proc_read(proc, pid, name), *p, *end;
	long long v[3];
	json_t *map;
	int i;

	if (data == NULL)
		return NULL;
	map = json_array();
	for (p = data; *p != '\0'; ) {
		for (i = 0; i < 3; i++) {
			errno = 0;
			v[i] = strtoll(p, &end, 10);
			if (errno != 0 || end == p || v[i] < 0)
				break;
			p = end;
		}
		if (i == 3)
			json_array_append_new(map, json_pack("[I, I, I]",
			    (json_int_t)v[0], (json_int_t)v[1],
			    (json_int_t)v[2]));
		p += strcspn(p, "\n");
		if (*p == '\n')
			p++;
	}
	free(data);
	return map;
}

/* 1 when map is not the identity "0 0 4294967295": another namespace. */
static int
map_is_userns(const json_t *map)
{
	const json_t *first = json_array_get(map, 0);

	if (json_array_size(map) == 0)
		return 0;
	return json_array_size(map) != 1 ||
	    json_integer_value(json_array_get(first, 0)) != 0 ||
	    json_integer_value(json_array_get(first, 1)) != 0 ||
	    json_integer_value(json_array_get(first, 2)) != 4294967295LL;
}

/*
 * The systemd unit whose cgroup holds pid (dockerd started by
 * "systemctl --user start docker": ".../user@1001.service/app.slice/
 * docker.service"): r.cgroup, r.unit (null when no service unit runs it)
 * and r.unit_scope ("user" under a user manager, else "system").
 */
static void
set_unit(json_t *r, const char *proc, long pid)
{
	char *data = proc_read(proc, pid, "cgroup"), *line, *p, *c;
	char *path = NULL, *unit = NULL, *copy;
	int user = 0;

	for (line = data; line != NULL && *line != '\0'; line = p) {
		p = line + strcspn(line, "\n");
		if (*p == '\n')
			*p++ = '\0';
		c = strchr(line, ':');
		c = c != NULL ? strchr(c + 1, ':') : NULL;
		if (c == NULL)
			continue;
		if (ha_starts_with(line, "0::") || (path == NULL &&
		    strstr(line, ":name=systemd:") != NULL))
			path = c + 1;
	}
	if (path != NULL) {
		json_object_set_new(r, "cgroup", json_string(path));
		copy = ha_xstrdup(path);
		for (p = copy; (c = strsep(&p, "/")) != NULL; ) {
			if (ha_starts_with(c, "user@") &&
			    ha_ends_with(c, ".service"))
				user = 1;
			else if (ha_ends_with(c, ".service") &&
			    strlen(c) > strlen(".service")) {
				free(unit);
				unit = ha_xstrdup(c);
			}
		}
		free(copy);
	}
	json_object_set_new(r, "unit", unit != NULL ? json_string(unit) :
	    json_null());
	if (unit != NULL)
		json_object_set_new(r, "unit_scope", json_string(user ?
		    "user" : "system"));
	if (json_object_get(r, "cgroup") == NULL)	/* not UTF-8 */
		json_object_set_new(r, "cgroup", json_null());
	free(unit);
	free(data);
}

static const char *
env_str(const json_t *env, const char *key)
{
	const char *v = json_string_value(json_object_get(env, key));

	return v != NULL && v[0] == '/' ? v : NULL;
}

/* r[key] = s (or null), s an allocated string that is freed. */
static void
set_path(json_t *r, const char *key, char *s)
{
	json_t *j = s != NULL ? json_string(s) : NULL;

	json_object_set_new(r, key, j != NULL ? j : json_null());
	free(s);
}

/*
 * $XDG_RUNTIME_DIR when dockerd's environment could not be read: the
 * directory of the engine socket when that is the one a rootless dockerd
 * makes there (docker.sock).  Caller frees; NULL when unknown.
 */
static char *
runtime_dir_of(const char *sock)
{
	const char *slash = sock != NULL ? strrchr(sock, '/') : NULL;

	if (slash == NULL || slash == sock || strcmp(slash, "/docker.sock"))
		return NULL;
	return ha_xstrndup(sock, (size_t)(slash - sock));
}

/*
 * The user's directories as dockerd computes them (pkg/homedir):
 * XDG_CONFIG_HOME, XDG_DATA_HOME and XDG_RUNTIME_DIR from its
 * environment, else under $HOME, else under the passwd home.
 */
static void
set_dirs(json_t *r, const json_t *env, const struct ha_user *u,
    const json_t *facts, const char *sock)
{
	const char *home = env_str(env, "HOME"), *v, *info;
	char *ch = NULL, *dh = NULL, *rd;

	if (home != NULL)
		json_object_set_new(r, "home_from", json_string("environment"));
	else if (u != NULL && u->home[0] == '/') {
		home = u->home;
		json_object_set_new(r, "home_from", json_string("passwd"));
	}
	set_path(r, "home", home != NULL ? ha_xstrdup(home) : NULL);
	if ((v = env_str(env, "XDG_CONFIG_HOME")) != NULL)
		ch = ha_xstrdup(v);
	else if (home != NULL)
		ch = ha_xasprintf("%s/.config", strcmp(home, "/") ? home : "");
	if ((v = env_str(env, "XDG_DATA_HOME")) != NULL)
		dh = ha_xstrdup(v);
	else if (home != NULL)
		dh = ha_xasprintf("%s/.local/share", strcmp(home, "/") ? home :
		    "");
	set_path(r, "config_dir", ch ? ha_xasprintf("%s/docker", ch) : NULL);
	/* what the engine reports is what it uses */
	info = ha_facts_str(facts, "engine.info.DockerRootDir");
	if (info != NULL && info[0] == '/') {
		set_path(r, "data_root", ha_xstrdup(info));
		json_object_set_new(r, "data_root_from", json_string("info"));
	} else {
		set_path(r, "data_root", dh ? ha_xasprintf("%s/docker", dh) :
		    NULL);
		json_object_set_new(r, "data_root_from", json_string(
		    "default"));
	}
	v = env_str(env, "XDG_RUNTIME_DIR");
	rd = v != NULL ? ha_xstrdup(v) : runtime_dir_of(sock);
	if (rd != NULL)
		json_object_set_new(r, "runtime_dir_from", json_string(
		    v != NULL ? "environment" : "socket"));
	set_path(r, "exec_root", rd != NULL ? ha_xasprintf("%s/docker", rd) :
	    NULL);
	set_path(r, "runtime_dir", rd);
	set_path(r, "config_home", ch);		/* frees ch and dh */
	set_path(r, "data_home", dh);
}

/* uid, gid and user of the daemon; the socket's owner when no process. */
static void
set_user(json_t *r, const char *proc, long pid, long long uid,
    const struct stat *sock_st, const struct ha_passwd *pw,
    const struct ha_user **u)
{
	long long gid = -1;
	const char *from = "process";

	if (uid < 0 && sock_st != NULL && sock_st->st_uid != 0) {
		uid = (long long)sock_st->st_uid;
		gid = (long long)sock_st->st_gid;
		from = "socket-owner";
	}
	if (pid > 0 && uid >= 0 && strcmp(from, "process") == 0)
		gid = status_field(proc, pid, "Gid");
	*u = uid >= 0 ? ha_passwd_user(pw, uid) : NULL;
	if (gid < 0 && *u != NULL)
		gid = (*u)->gid;
	json_object_set_new(r, "uid", uid >= 0 ? json_integer(uid) :
	    json_null());
	json_object_set_new(r, "gid", gid >= 0 ? json_integer(gid) :
	    json_null());
	if (uid >= 0)
		json_object_set_new(r, "uid_from", json_string(from));
	json_object_set_new(r, "user", *u != NULL ?
	    json_string((*u)->name) : json_null());
	if (json_object_get(r, "user") == NULL)
		json_object_set_new(r, "user", json_null());
}

/*
 * 1 when the engine's /info says rootless and the engine is dockerd:
 * Podman says so too, of a service that is no dockerd (ha_podman.h).
 */
static int
info_rootless(const json_t *facts)
{
	const char *kind = ha_facts_engine_kind(facts);

	return ha_facts_engine_rootless(facts) && (kind == NULL ||
	    strcmp(kind, "podman") != 0);
}

/* The signals that say the daemon is rootless, strongest first. */
static json_t *
signals(const json_t *facts, const char *proc, long pid, const json_t *env,
    long *kit)
{
	json_t *by = json_array();
	const char *sd = json_string_value(json_object_get(env,
	    "ROOTLESSKIT_STATE_DIR"));

	*kit = -1;
	if (info_rootless(facts))
		json_array_append_new(by, json_string("info"));
	if (pid <= 0)
		return by;
	if (sd != NULL && *sd != '\0')
		json_array_append_new(by, json_string("environment"));
	if ((*kit = rootlesskit_ancestor(proc, pid)) > 0)
		json_array_append_new(by, json_string("rootlesskit"));
	return by;
}

json_t *
ha_daemon_rootless_detect(const struct ha_collect_opts *o,
    const json_t *facts, const json_t *d, const json_t *env,
    const char *sock)
{
	const char *proc = json_string_value(json_object_get(d, "proc"));
	const json_t *pj = json_object_get(d, "pid"), *uj;
	long pid = json_is_integer(pj) ? (long)json_integer_value(pj) : -1;
	const struct ha_user *u;
	struct ha_passwd pw;
	struct stat st, *sst = NULL;
	json_t *r, *by, *map;
	long long uid;
	long kit;

	if (proc == NULL)
		proc = "/proc";
	by = signals(facts, proc, pid, env, &kit);
	if (json_array_size(by) == 0) {
		json_decref(by);
		return NULL;
	}
	r = json_object();
	uj = json_object_get(d, "uid");
	uid = json_is_integer(uj) ? json_integer_value(uj) : -1;
	if (sock != NULL && stat(sock, &st) == 0 && S_ISSOCK(st.st_mode))
		sst = &st;
	if (pid > 0 && (map = id_map(proc, pid, "uid_map")) != NULL) {
		if (map_is_userns(map))
			json_array_append_new(by,
			    json_string("user-namespace"));
		json_object_set_new(r, "uid_map", map);
		if ((map = id_map(proc, pid, "gid_map")) != NULL)
			json_object_set_new(r, "gid_map", map);
	}
	if (sst != NULL && sst->st_uid != 0 && (uid < 0 ||
	    (long long)sst->st_uid == uid))
		json_array_append_new(by, json_string("socket-owner"));
	json_object_set_new(r, "detected_by", by);
	ha_passwd_init(&pw);
	(void)ha_passwd_load(&pw, o);	/* files.c reports a failure */
	set_user(r, proc, pid, uid, sst, &pw, &u);
	set_dirs(r, env, u, facts, sock);
	ha_passwd_release(&pw);
	if (kit > 0)
		json_object_set_new(r, "rootlesskit_pid", json_integer(kit));
	if (env_str(env, "ROOTLESSKIT_STATE_DIR") != NULL)
		json_object_set(r, "state_dir", json_object_get(env,
		    "ROOTLESSKIT_STATE_DIR"));
	if (pid > 0)
		set_unit(r, proc, pid);
	return r;
}

/* eff.settings.key.value = v (stolen) when its source is "default". */
static void
set_default(json_t *eff, const char *key, json_t *v)
{
	json_t *s = json_object_get(json_object_get(eff, "settings"), key);
	const char *src = json_string_value(json_object_get(s, "source"));

	if (v != NULL && src != NULL && strcmp(src, "default") == 0) {
		json_object_set_new(s, "value", v);
		json_object_set_new(s, "rootless_default", json_true());
	} else
		json_decref(v);
}

/* A string from the rootless object, optionally with a suffix, or null. */
static json_t *
rpath(const json_t *r, const char *key, const char *suffix)
{
	const char *v = json_string_value(json_object_get(r, key));
	char *s;
	json_t *j;

	if (v == NULL)
		return json_null();
	s = ha_xasprintf("%s%s", v, suffix);
	j = json_string(s);
	free(s);
	return j != NULL ? j : json_null();
}

void
ha_daemon_rootless_defaults(json_t *eff, const json_t *r)
{
	if (!json_is_object(r))
		return;
	set_default(eff, "rootless", json_true());
	set_default(eff, "data-root", rpath(r, "data_root", ""));
	set_default(eff, "exec-root", rpath(r, "exec_root", ""));
	set_default(eff, "pidfile", rpath(r, "runtime_dir", "/docker.pid"));
	/* DOCKER_CERT_PATH's default: the daemon user's ~/.docker */
	set_default(eff, "tlscacert", rpath(r, "home", "/.docker/ca.pem"));
	set_default(eff, "tlscert", rpath(r, "home", "/.docker/cert.pem"));
	set_default(eff, "tlskey", rpath(r, "home", "/.docker/key.pem"));
}

int
ha_daemon_rootless(const json_t *facts, const json_t **r)
{
	const json_t *o = ha_facts_get(facts, "daemon.rootless");

	*r = json_is_object(o) ? o : NULL;
	return *r != NULL || info_rootless(facts);
}

int
ha_daemon_rootless_gid(const json_t *r, long long gid)
{
	const json_t *m, *map = json_object_get(r, "gid_map");
	const json_t *own = json_object_get(r, "gid");
	long long out, n;
	size_t i;

	if (gid == 0 || (json_is_integer(own) &&
	    json_integer_value(own) == gid))
		return 1;
	if (!json_is_array(map))
		return -1;
	json_array_foreach(map, i, m) {
		out = json_integer_value(json_array_get(m, 1));
		n = json_integer_value(json_array_get(m, 2));
		if (gid >= out && gid - out < n)
			return 1;
	}
	return 0;
}

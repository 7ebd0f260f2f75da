/* SPDX-License-Identifier: Apache-2.0 */
/*
 * podman_collect.c - facts.podman: what a Podman engine is judged on in
 * place of dockerd's settings and files (see ha_podman.h and
 * docs/facts.md).
 *
 * Everything here is read-only and bounded: files are looked up under the
 * host root with their symlinks resolved there (ha_hostfs.h), read
 * with a size cap, and parsed by the TOML subset of podman_toml.c.  No
 * program is run (not podman info, not podman inspect).  A file that
 * cannot be read or parsed leaves an "error" in its entry, in the object
 * it belongs to, and in facts.errors; collection goes on.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ha_audit.h"
#include "ha_buf.h"
#include "ha_collect_opts.h"
#include "ha_facts.h"
#include "ha_hostfs.h"
#include "ha_passwd.h"
#include "ha_podman.h"
#include "ha_util.h"
#include "banned.h"

#define MAX_DROPINS	64	/* *.conf files of one containers.conf.d */
#define ROOTFUL_GRAPH	"/var/lib/containers/storage"
#define USER_GRAPH	"/.local/share/containers/storage"
#define USER_CONF	"/.config/containers"

struct pm {
	const struct ha_collect_opts *o;
	struct ha_hostfs *fs;		/* the host root */
	json_t		*facts;
	json_t		*podman;	/* facts.podman */
	struct ha_passwd pw;
	int		 rootless;
	long long	 uid;		/* the user's; -1: unknown */
	const char	*home;		/* the user's, or NULL */
};

/* A JSON string, or null when s is NULL or not UTF-8.  New reference. */
static json_t *
jstr(const char *s)
{
	json_t *j = s != NULL ? json_string(s) : NULL;

	return j != NULL ? j : json_null();
}

static const char *
type_name(mode_t m)
{
	switch (m & S_IFMT) {
	case S_IFREG:	return "file";
	case S_IFDIR:	return "dir";
	case S_IFSOCK:	return "socket";
	case S_IFLNK:	return "symlink";
	case S_IFIFO:	return "fifo";
	case S_IFCHR:	return "char";
	case S_IFBLK:	return "block";
	default:	return "unknown";
	}
}

/* Record an error in entry, in facts.errors (source) and return it. */
static const char *
entry_error(struct pm *c, json_t *entry, const char *source, char *msg)
{
	json_object_set_new(entry, "error", jstr(msg));
	ha_facts_error(c->facts, source, "%s", msg);
	free(msg);
	return json_string_value(json_object_get(entry, "error"));
}

/*
 * The file entry of host path path: {path, real_path, exists, type, mode,
 * uid, gid, user, group}, the stat of what it resolves to under the root.
 * A failure other than a missing file is an "error" (facts.errors source
 * source).  A new reference.
 */
static json_t *
stat_entry(struct pm *c, const char *path, const char *source)
{
	json_t *e = json_object();
	const char *uname, *gname;
	char *real = NULL, *full;
	struct stat st;
	int rc, err;

	json_object_set_new(e, "path", jstr(path));
	rc = ha_hostfs_realpath(c->fs, path, 1, &real);
	err = errno;
	json_object_set_new(e, "real_path", jstr(real));
	json_object_set_new(e, "exists", json_false());
	if (rc < 0)
		entry_error(c, e, source, ha_xasprintf("cannot resolve '%s': "
		    "%s", path, strerror(err)));
	if (rc != 1)
		goto out;
	if (ha_hostfs_lstat(c->fs, real, &st) < 0) {
		if (errno != ENOENT) {
			full = ha_hostfs_path(c->fs, real);
			entry_error(c, e, source, ha_xasprintf("cannot stat "
			    "'%s': %s", full, strerror(errno)));
			free(full);
		}
		goto out;
	}
	uname = ha_passwd_user_name(&c->pw, (long long)st.st_uid);
	gname = ha_passwd_group_name(&c->pw, (long long)st.st_gid);
	json_object_set_new(e, "exists", json_true());
	json_object_set_new(e, "type", json_string(type_name(st.st_mode)));
	json_object_set_new(e, "mode", json_integer(
	    (json_int_t)(st.st_mode & 07777)));
	json_object_set_new(e, "uid", json_integer((json_int_t)st.st_uid));
	json_object_set_new(e, "gid", json_integer((json_int_t)st.st_gid));
	json_object_set_new(e, "user", jstr(uname));
	json_object_set_new(e, "group", jstr(gname));
out:
	free(real);
	return e;
}

static int
entry_exists(const json_t *e)
{
	return json_is_true(json_object_get(e, "exists"));
}

/*
 * The user Podman runs as: the socket's listener (SO_PEERCRED, recorded
 * by the daemon collector as daemon.socket_peer), root when rootful, else
 * the owner of the graph root GET /info names.
 */
static void
find_user(struct pm *c)
{
	const char *root_dir = ha_facts_str(c->facts, "engine.info."
	    "DockerRootDir"), *by = NULL;
	const struct ha_user *u;
	long long uid = -1;
	json_t *e, *user;

	if (ha_facts_int(c->facts, "daemon.socket_peer.uid", &uid) == 0)
		by = "socket_peer";
	else if (!c->rootless) {
		uid = 0;
		by = "rootful";
	} else if (root_dir != NULL && root_dir[0] == '/') {
		e = stat_entry(c, root_dir, "podman.user");
		if (ha_facts_int(e, "uid", &uid) == 0)
			by = "graph_root";
		json_decref(e);
	}
	if (by == NULL) {
		json_object_set_new(c->podman, "user", json_null());
		return;
	}
	c->uid = uid;
	u = ha_passwd_user(&c->pw, uid);
	c->home = u != NULL && u->home[0] == '/' ? u->home : NULL;
	user = json_pack("{s:I, s:o, s:o, s:s}", "uid", (json_int_t)uid,
	    "name", jstr(u != NULL ? u->name : NULL), "home", jstr(c->home),
	    "found_by", by);
	json_object_set_new(c->podman, "user", user);
}

/* The graph root: GET /info DockerRootDir, else Podman's default. */
static void
graph_root(struct pm *c)
{
	const char *dir = ha_facts_str(c->facts, "engine.info.DockerRootDir");
	const char *by = "info";
	char *def = NULL;
	json_t *e;

	if (dir == NULL || dir[0] != '/') {
		by = "default";
		if (!c->rootless)
			dir = ROOTFUL_GRAPH;
		else if (c->home != NULL)
			dir = def = ha_xasprintf("%s%s", c->home, USER_GRAPH);
		else {
			json_object_set_new(c->podman, "graph_root", json_pack(
			    "{s:s}", "error", "GET /info has no DockerRootDir "
			    "and the rootless user's home is unknown"));
			return;
		}
	}
	e = stat_entry(c, dir, "podman.graph_root");
	json_object_set_new(e, "found_by", json_string(by));
	json_object_set_new(c->podman, "graph_root", e);
	free(def);
}

/*
 * The OCI runtime containers run under: GET /info DefaultRuntime, found
 * at the path /info gives for it (the first of containers.conf's list,
 * which may not exist) or else in the usual binary directories.
 */
static void
oci_runtime(struct pm *c)
{
	static const char *const dirs[] = {
		"/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin",
		"/bin", "/sbin",
	};
	const char *name = ha_facts_str(c->facts, "engine.info.DefaultRuntime");
	const json_t *rts = ha_facts_get(c->facts, "engine.info.Runtimes");
	const char *first;
	json_t *e = NULL, *cand;
	char *path;
	size_t i;

	if (name == NULL || *name == '\0' || strchr(name, '/') != NULL)
		return;
	first = json_string_value(json_object_get(json_object_get(rts, name),
	    "path"));
	if (first != NULL && first[0] == '/')
		e = stat_entry(c, first, "podman.oci_runtime");
	for (i = 0; i < HA_ARRAY_SIZE(dirs) && !entry_exists(e); i++) {
		path = ha_xasprintf("%s/%s", dirs[i], name);
		cand = stat_entry(c, path, "podman.oci_runtime");
		free(path);
		if (e == NULL || entry_exists(cand)) {
			json_decref(e);
			e = cand;
		} else
			json_decref(cand);
	}
	json_object_set_new(e, "name", json_string(name));
	json_object_set_new(c->podman, "oci_runtime", e);
}

/* One configuration file of a *_conf object (conf), read and parsed. */
struct conf {
	const char	*source;	/* "podman.containers_conf", ... */
	json_t		*obj;		/* facts.podman.X */
	json_t		*files;		/* its "files" */
	json_t		*settings;	/* its "settings" */
};

static void
conf_error(struct pm *c, struct conf *cf, json_t *entry, char *msg)
{
	const char *m = entry_error(c, entry, cf->source, msg);

	if (json_object_get(cf->obj, "error") == NULL)
		json_object_set_new(cf->obj, "error", jstr(m));
}

/* Merge one file's parsed keys into the settings: later files win. */
static void
conf_merge(struct conf *cf, const char *path, const json_t *keys)
{
	const char *k;
	json_t *v, *s;
	char *src;

	json_object_foreach((json_t *)keys, k, v) {
		src = ha_xasprintf("%s:%lld", path, (long long)
		    json_integer_value(json_object_get(v, "line")));
		s = json_pack("{s:O, s:o}", "value", json_object_get(v,
		    "value"), "source", jstr(src));
		json_object_set_new(cf->settings, k, s);
		free(src);
	}
}

/*
 * Add the file at host path path to cf when it exists (scope "system" or
 * "user"); with merge, its keys go into the settings.  1 when it exists.
 */
static int
conf_file(struct pm *c, struct conf *cf, const char *path, const char *scope,
    int merge)
{
	json_t *e = stat_entry(c, path, cf->source), *keys;
	struct ha_buf b;
	char *err = NULL;

	if (!entry_exists(e) && json_object_get(e, "error") == NULL) {
		json_decref(e);
		return 0;
	}
	json_object_set_new(e, "scope", json_string(scope));
	json_array_append_new(cf->files, e);
	if (!entry_exists(e) || !merge)
		return entry_exists(e);
	ha_buf_init(&b, HA_PODMAN_MAX_CONF);
	keys = json_object();
	if (ha_hostfs_read(c->fs, json_string_value(json_object_get(e,
	    "real_path")), &b, 1) < 0)
		conf_error(c, cf, e, ha_xasprintf("cannot read '%s': %s", path,
		    errno == EFBIG ? "larger than the size cap" :
		    strerror(errno)));
	else if (ha_podman_toml_parse(b.data, b.len, keys, &err) < 0)
		conf_error(c, cf, e, ha_xasprintf("%s: %s", path, err));
	conf_merge(cf, path, keys);
	json_decref(keys);
	free(err);
	ha_buf_release(&b);
	return 1;
}

/* The *.conf files of drop-in directory dir, in name order. */
static void
conf_dropins(struct pm *c, struct conf *cf, const char *dir,
    const char *scope)
{
	char *real = NULL, *path, **names = NULL;
	size_t i, n = 0;

	if (ha_hostfs_realpath(c->fs, dir, 1, &real) != 1) {
		free(real);
		return;
	}
	if (ha_hostfs_list(c->fs, real, ".conf", &names, &n) < 0) {
		if (errno != ENOENT && errno != ENOTDIR)
			ha_facts_error(c->facts, cf->source, "cannot list "
			    "'%s': %s", dir, strerror(errno));
		free(real);
		return;
	}
	for (i = 0; i < n && i < MAX_DROPINS; i++) {
		path = ha_xasprintf("%s/%s", dir, names[i]);
		conf_file(c, cf, path, scope, 1);
		free(path);
	}
	ha_hostfs_list_free(names, n);
	free(real);
}

static void
conf_init(struct pm *c, struct conf *cf, const char *key, const char *source)
{
	cf->source = source;
	cf->files = json_array();
	cf->settings = json_object();
	cf->obj = json_pack("{s:o, s:o}", "files", cf->files, "settings",
	    cf->settings);
	json_object_set_new(c->podman, key, cf->obj);
}

/*
 * containers.conf as Podman reads it, each file overriding the keys of
 * those before: the vendor's, the administrator's, then (rootless) the
 * user's; each followed by its containers.conf.d drop-ins.
 */
static void
containers_conf(struct pm *c)
{
	struct conf cf;
	char *p;

	conf_init(c, &cf, "containers_conf", "podman.containers_conf");
	conf_file(c, &cf, "/usr/share/containers/containers.conf", "system",
	    1);
	conf_dropins(c, &cf, "/usr/share/containers/containers.conf.d",
	    "system");
	conf_file(c, &cf, "/etc/containers/containers.conf", "system", 1);
	conf_dropins(c, &cf, "/etc/containers/containers.conf.d", "system");
	if (!c->rootless || c->home == NULL)
		return;
	p = ha_xasprintf("%s%s/containers.conf", c->home, USER_CONF);
	conf_file(c, &cf, p, "user", 1);
	free(p);
	p = ha_xasprintf("%s%s/containers.conf.d", c->home, USER_CONF);
	conf_dropins(c, &cf, p, "user");
	free(p);
}

/*
 * storage.conf: one file is used, the first that exists of the user's
 * (rootless), the administrator's and the vendor's; every one that
 * exists is listed for its owner and mode.
 */
static void
storage_conf(struct pm *c)
{
	static const char *const sys[] = {
		"/etc/containers/storage.conf",
		"/usr/share/containers/storage.conf",
	};
	const char *used = NULL;
	struct conf cf;
	size_t i;
	char *p = NULL;

	conf_init(c, &cf, "storage_conf", "podman.storage_conf");
	if (c->rootless && c->home != NULL) {
		p = ha_xasprintf("%s%s/storage.conf", c->home, USER_CONF);
		if (conf_file(c, &cf, p, "user", 1))
			used = p;
	}
	for (i = 0; i < HA_ARRAY_SIZE(sys); i++)
		if (conf_file(c, &cf, sys[i], "system", used == NULL) &&
		    used == NULL)
			used = sys[i];
	json_object_set_new(cf.obj, "effective", jstr(used));
	free(p);
}

static void
add_socket(json_t *list, const char *path)
{
	const json_t *v;
	size_t i;

	if (path == NULL || path[0] != '/')
		return;
	json_array_foreach(list, i, v)
		if (strcmp(json_string_value(v), path) == 0)
			return;
	json_array_append_new(list, jstr(path));
}

/*
 * The host paths of Podman's API sockets: the one audited (and what it
 * links to: /var/run/docker.sock is often a link to Podman's), and the
 * usual rootful and rootless ones.  A container mounting any of them
 * controls the engine (container.docker-sock).
 */
static void
sockets(struct pm *c)
{
	const json_t *sock = ha_facts_file(c->facts, "docker_sock");
	json_t *list = json_array();
	char *p;

	add_socket(list, json_string_value(json_object_get(sock, "path")));
	add_socket(list, json_string_value(json_object_get(json_object_get(
	    sock, "resolved"), "path")));
	add_socket(list, "/run/podman/podman.sock");
	add_socket(list, "/var/run/podman/podman.sock");
	if (c->rootless && c->uid > 0) {
		p = ha_xasprintf("/run/user/%lld/podman/podman.sock", c->uid);
		add_socket(list, p);
		free(p);
	}
	json_object_set_new(c->podman, "sockets", list);
}

/* The target of PROC/pid/ns/ipc (caller frees), or NULL and errno. */
static char *
ipc_link(const char *proc, const char *pid)
{
	char *path = ha_xasprintf("%s/%s/ns/ipc", proc, pid);
	char buf[128];
	ssize_t n;
	int err;

	n = readlink(path, buf, sizeof(buf) - 1);
	err = errno;
	free(path);
	errno = err;
	if (n < 0)
		return NULL;
	buf[n] = '\0';
	return ha_xstrdup(buf);
}

/*
 * The host's IPC namespace: that of pid 1, else (pid 1 hidden from a
 * confined root) hostaudit's own when it runs on the host itself, not in
 * a container.  NULL and errno when unknown.
 */
static char *
host_ipc(struct pm *c, const char *proc)
{
	char *host = ipc_link(proc, "1");
	int err = errno;

	if (host == NULL && strcmp(proc, "/proc") == 0 &&
	    ha_facts_str(c->facts, "host.self_container_id") == NULL &&
	    (host = ipc_link(proc, "self")) != NULL)
		return host;
	errno = err;
	return host;
}

/*
 * For each running container, whether its process is in the host's IPC
 * namespace: Podman 4.1 to 4.3 do not say so in IpcMode
 * (ha_podman_ipc_host()).  facts.podman.ipc.ID = {"host": bool} or
 * {"error": "..."}.
 */
static void
ipc_namespaces(struct pm *c)
{
	const json_t *ctr;
	json_t *ipc = json_object();
	char *proc = ha_hostfs_proc_dir(c->o->root), *host, *own, *msg;
	char pidstr[32];
	const char *id;
	long long pid;
	int herr;
	size_t i;

	host = host_ipc(c, proc);
	herr = errno;
	json_array_foreach(ha_facts_get(c->facts, "engine.containers"), i,
	    ctr) {
		id = json_string_value(json_object_get(ctr, "Id"));
		if (id == NULL || ha_facts_int(ctr, "State.Pid", &pid) != 0 ||
		    pid <= 0 || !json_is_true(ha_facts_get(ctr,
		    "State.Running")))
			continue;
		snprintf(pidstr, sizeof(pidstr), "%lld", pid);
		own = host != NULL ? ipc_link(proc, pidstr) : NULL;
		if (own == NULL) {
			msg = ha_xasprintf("cannot read '%s/%lld/ns/ipc': %s",
			    proc, host != NULL ? pid : 1LL,
			    strerror(host != NULL ? errno : herr));
			json_object_set_new(ipc, id, json_pack("{s:o}",
			    "error", jstr(msg)));
			free(msg);
		} else
			json_object_set_new(ipc, id, json_pack("{s:b}", "host",
			    strcmp(own, host) == 0));
		free(own);
	}
	json_object_set_new(c->podman, "ipc", ipc);
	free(host);
	free(proc);
}

void
ha_collect_podman(const struct ha_collect_opts *o, json_t *facts)
{
	const char *v;
	struct pm c;

	if (!ha_podman_is(facts) || ha_facts_engine_remote(facts))
		return;
	memset(&c, 0, sizeof(c));
	c.o = o;
	c.facts = facts;
	c.uid = -1;
	c.podman = json_object();
	json_object_set_new(facts, "podman", c.podman);
	c.fs = ha_hostfs_open(o->root);
	ha_passwd_init(&c.pw);
	if (ha_passwd_load_fs(&c.pw, c.fs) < 0)
		ha_facts_error(facts, "podman", "cannot read the host's "
		    "passwd or group file: owner names may be missing");
	v = ha_facts_str(facts, "engine.version.Version");
	if (v == NULL)
		v = ha_facts_str(facts, "engine.libpod_api_version");
	json_object_set_new(c.podman, "version", jstr(v));
	c.rootless = ha_facts_engine_rootless(facts) ||
	    json_is_true(ha_facts_get(facts, "engine.info.Rootless"));
	json_object_set_new(c.podman, "rootless", json_boolean(c.rootless));
	find_user(&c);
	graph_root(&c);
	json_object_set_new(c.podman, "etc_containers", stat_entry(&c,
	    "/etc/containers", "podman.etc_containers"));
	oci_runtime(&c);
	containers_conf(&c);
	storage_conf(&c);
	sockets(&c);
	ipc_namespaces(&c);
	ha_passwd_release(&c.pw);
	ha_hostfs_close(c.fs);
}

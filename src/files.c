/* SPDX-License-Identifier: Apache-2.0 */
/*
 * files.c - the file facts: owner, group and mode of every file and socket
 * the benchmark names (facts.files, one entry per role) and the registry
 * certificates under /etc/docker/certs.d (facts.registry_certs).
 *
 * A rootless dockerd (facts.daemon.rootless) has these files in its
 * user's directories: its configuration directory ($XDG_CONFIG_HOME/
 * docker, with certs.d) stands for /etc/docker, its systemd unit is the
 * user unit that runs it, and its containerd is under $XDG_RUNTIME_DIR.
 *
 * Host paths are looked up in a view of the host root (ha_hostfs.h) and
 * reported as host paths: symlinks in them are resolved inside the root
 * (an absolute target is taken relative to the root, ".." stops at the
 * root), so that --root /host never reads the auditing container's own
 * files.  The last component is lstat()ed; a symlink is reported as one,
 * with its target and the stat of what it resolves to.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ha_buf.h"
#include "ha_collect_opts.h"
#include "ha_facts.h"
#include "ha_files.h"
#include "ha_hostfs.h"
#include "ha_passwd.h"
#include "ha_util.h"
#include "banned.h"

#define MAX_CERT_DIRS	256
#define MAX_CERT_FILES	256	/* per registry directory */
#define CERTS_D		"/etc/docker/certs.d"
#define SYSTEM_CONTAINERD_SOCK "/run/containerd/containerd.sock"
#define DEFAULT_EXEC_ROOT "/var/run/docker"
#define DEFAULT_SOCK	"/var/run/docker.sock"

struct files_ctx {
	const struct ha_collect_opts	*o;
	struct ha_hostfs		*fs;	/* the host root */
	struct ha_hostfs		*self;	/* "/": hostaudit's own */
	json_t				*facts;
	struct ha_passwd		 pw;
	const json_t			*rootless;	/* facts.daemon.
							   rootless, or NULL */
	char				*certs_d;
};

static const char *const unit_dirs[] = {
	"/etc/systemd/system",
	"/run/systemd/system",
	"/lib/systemd/system",
	"/usr/lib/systemd/system",
};

/*
 * A systemd user manager's unit directories (systemd.unit(5)), "~" the
 * user's config home, "%" its data home, "$" its runtime directory.
 */
static const char *const user_unit_dirs[] = {
	"~/systemd/user",
	"/etc/systemd/user",
	"$/systemd/user",
	"/run/systemd/user",
	"%/systemd/user",
	"/usr/local/lib/systemd/user",
	"/usr/lib/systemd/user",
	"/lib/systemd/user",
};

static const char *
type_name(mode_t m)
{
	if (S_ISREG(m))
		return "file";
	if (S_ISDIR(m))
		return "dir";
	if (S_ISSOCK(m))
		return "socket";
	if (S_ISLNK(m))
		return "symlink";
	if (S_ISFIFO(m))
		return "fifo";
	if (S_ISCHR(m))
		return "char";
	if (S_ISBLK(m))
		return "block";
	return "unknown";
}

static json_t *
name_or_null(const char *name)
{
	return name != NULL ? json_string(name) : json_null();
}

/* Add exists, type, mode, uid, gid, user and group of st to entry. */
static void
set_stat(const struct files_ctx *c, json_t *entry, const struct stat *st)
{
	json_object_set_new(entry, "exists", json_true());
	json_object_set_new(entry, "type", json_string(type_name(st->st_mode)));
	json_object_set_new(entry, "mode",
	    json_integer((json_int_t)(st->st_mode & 07777)));
	json_object_set_new(entry, "uid", json_integer((json_int_t)st->st_uid));
	json_object_set_new(entry, "gid", json_integer((json_int_t)st->st_gid));
	json_object_set_new(entry, "user",
	    name_or_null(ha_passwd_user_name(&c->pw, (long long)st->st_uid)));
	json_object_set_new(entry, "group",
	    name_or_null(ha_passwd_group_name(&c->pw, (long long)st->st_gid)));
}

/* exists:false, plus an error unless err is ENOENT.  Returns the error. */
static const char *
set_missing(json_t *entry, const char *real, int err)
{
	json_object_set_new(entry, "exists", json_false());
	if (err == ENOENT)
		return NULL;
	json_object_set_new(entry, "error", json_sprintf("cannot stat '%s': %s",
	    real, strerror(err)));
	return json_string_value(json_object_get(entry, "error"));
}

/* What the symlink at host path path points to, resolved in fs. */
static json_t *
resolved_entry(const struct files_ctx *c, struct ha_hostfs *fs,
    const char *path)
{
	json_t *r = json_object();
	struct stat st;
	char *rp = NULL, *real;
	int err = 0;

	if (ha_hostfs_realpath(fs, path, 1, &rp) < 1)
		err = errno;
	json_object_set_new(r, "path", json_string(rp));
	if (err == 0 && ha_hostfs_lstat(fs, rp, &st) < 0)
		err = errno;
	if (err != 0) {
		real = ha_hostfs_path(fs, rp);
		set_missing(r, real, err);
		free(real);
	} else
		set_stat(c, r, &st);
	free(rp);
	return r;
}

static void
set_link(const struct files_ctx *c, json_t *entry, struct ha_hostfs *fs,
    const char *path)
{
	char target[PATH_MAX];

	if (ha_hostfs_readlink(fs, path, target, sizeof(target)) >= 0)
		json_object_set_new(entry, "link_target", json_string(target));
	json_object_set_new(entry, "resolved", resolved_entry(c, fs, path));
}

/*
 * The file entry of host path path, looked up in fs (the host root, or
 * "/" for a path that is live in hostaudit's own namespace).  A failure
 * other than ENOENT is recorded in the entry and in facts.errors under
 * source.  Returns a new reference.
 */
static json_t *
file_entry(const struct files_ctx *c, struct ha_hostfs *fs, const char *path,
    const char *source)
{
	json_t *entry = json_pack("{s:s}", "path", path);
	struct stat st;
	const char *err;
	char *real;

	if (ha_hostfs_lstat(fs, path, &st) < 0) {
		real = ha_hostfs_path(fs, path);
		if ((err = set_missing(entry, real, errno)) != NULL)
			ha_facts_error(c->facts, source, "%s", err);
		free(real);
		return entry;
	}
	set_stat(c, entry, &st);
	if (S_ISLNK(st.st_mode))
		set_link(c, entry, fs, path);
	return entry;
}

static void
add_role(const struct files_ctx *c, json_t *files, const char *role,
    struct ha_hostfs *fs, const char *path)
{
	char *source = ha_xasprintf("files.%s", role);

	json_object_set_new(files, role, file_entry(c, fs, path, source));
	free(source);
}

/* A string of the rootless object, or NULL. */
static const char *
rootless_str(const struct files_ctx *c, const char *key)
{
	const char *v = json_string_value(json_object_get(c->rootless, key));

	return v != NULL && v[0] == '/' ? v : NULL;
}

/* dir of user_unit_dirs with its prefix expanded; NULL when unknown. */
static char *
user_dir(const struct files_ctx *c, const char *dir)
{
	const char *base = NULL;

	if (dir[0] == '/')
		return ha_xstrdup(dir);
	if (dir[0] == '~')
		base = rootless_str(c, "config_home");
	else if (dir[0] == '%')
		base = rootless_str(c, "data_home");
	else if (dir[0] == '$')
		base = rootless_str(c, "runtime_dir");
	return base != NULL ? ha_xasprintf("%s%s", base, dir + 1) : NULL;
}

/*
 * The first of dirs (n of them) holding unit, else a missing entry for
 * the first.  user: dirs are user_unit_dirs.
 */
static void
add_unit_in(const struct files_ctx *c, json_t *files, const char *role,
    const char *unit, const char *const *dirs, size_t n, int user)
{
	json_t *entry, *first = NULL;
	char *path, *dir, *source = ha_xasprintf("files.%s", role);
	size_t i;

	for (i = 0; i < n; i++) {
		dir = user ? user_dir(c, dirs[i]) : ha_xstrdup(dirs[i]);
		if (dir == NULL)
			continue;
		path = ha_xasprintf("%s/%s", dir, unit);
		entry = file_entry(c, c->fs, path, source);
		free(path);
		free(dir);
		if (json_is_true(json_object_get(entry, "exists")) ||
		    json_object_get(entry, "error") != NULL) {
			json_decref(first);
			first = entry;
			break;
		}
		if (first == NULL)
			first = entry;
		else
			json_decref(entry);
	}
	if (first != NULL) {
		if (user)
			json_object_set_new(first, "unit_scope",
			    json_string("user"));
		json_object_set_new(files, role, first);
	}
	free(source);
}

/*
 * A unit role: the system's docker.service or docker.socket; for a
 * rootless dockerd that a unit runs (its cgroup names it), that unit and
 * its .socket twin, among the user manager's units when it is one.
 */
static void
add_unit(const struct files_ctx *c, json_t *files, const char *role,
    const char *unit)
{
	const char *run = json_string_value(json_object_get(c->rootless,
	    "unit"));
	const char *scope = json_string_value(json_object_get(c->rootless,
	    "unit_scope"));
	int user = scope != NULL && strcmp(scope, "user") == 0;
	char *name;

	if (run == NULL || !ha_ends_with(run, ".service")) {
		add_unit_in(c, files, role, unit, unit_dirs,
		    HA_ARRAY_SIZE(unit_dirs), 0);
		return;
	}
	if (ha_ends_with(unit, ".socket"))
		name = ha_xasprintf("%.*s.socket", (int)(strlen(run) -
		    strlen(".service")), run);
	else
		name = ha_xstrdup(run);
	if (user)
		add_unit_in(c, files, role, name, user_unit_dirs,
		    HA_ARRAY_SIZE(user_unit_dirs), 1);
	else
		add_unit_in(c, files, role, name, unit_dirs,
		    HA_ARRAY_SIZE(unit_dirs), 0);
	free(name);
}

/* A non-empty string setting, with a "unix://" prefix dropped; or NULL. */
static const char *
setting_path(const json_t *facts, const char *key)
{
	const json_t *v = ha_facts_setting(facts, key, NULL);
	const char *s = json_string_value(v);

	if (s == NULL || *s == '\0')
		return NULL;
	if (ha_starts_with(s, "unix://"))
		s += strlen("unix://");
	return *s == '/' ? s : NULL;
}

/* The first unix:// address among the daemon's "hosts", or NULL. */
static const char *
hosts_socket(const json_t *facts)
{
	const json_t *v = ha_facts_setting(facts, "hosts", NULL), *h;
	const char *s;
	size_t i;

	if (json_is_string(v))
		return setting_path(facts, "hosts");
	json_array_foreach(v, i, h) {
		s = json_string_value(h);
		if (s != NULL && ha_starts_with(s, "unix:///"))
			return s + strlen("unix://");
	}
	return NULL;
}

/*
 * The engine socket: the one collect talks to is live in hostaudit's own
 * namespace (not under the root, unless its path lies under the root: it
 * is then reported by its host path); without one, the daemon's own unix
 * address or the default, on the host.
 */
static void
add_docker_sock(const struct files_ctx *c, json_t *files)
{
	const char *sock = ha_facts_str(c->facts, "engine.socket");
	const char *url, *host;

	if (sock == NULL && ha_facts_get(c->facts, "engine") == NULL) {
		url = ha_collect_host_url(c->o);
		if (ha_starts_with(url, "unix:///"))
			sock = url + strlen("unix://");
	}
	if (sock != NULL &&
	    (host = ha_hostfs_unjoin(c->o->root, sock)) != NULL) {
		add_role(c, files, "docker_sock", c->fs, host);
		return;
	}
	if (sock != NULL) {
		add_role(c, files, "docker_sock", c->self, sock);
		return;
	}
	sock = hosts_socket(c->facts);
	add_role(c, files, "docker_sock", c->fs,
	    sock != NULL ? sock : DEFAULT_SOCK);
}

/* 1 when host path path exists in fs (a symlink counts). */
static int
exists_in_root(struct ha_hostfs *fs, const char *path)
{
	struct stat st;

	return ha_hostfs_lstat(fs, path, &st) == 0;
}

/*
 * The containerd socket dockerd uses: --containerd if given, else the
 * system containerd's when it runs, else the one dockerd starts itself
 * under its exec root.
 */
static void
add_containerd_sock(const struct files_ctx *c, json_t *files)
{
	const char *sock = setting_path(c->facts, "containerd");
	const char *exec_root, *rd = rootless_str(c, "runtime_dir");
	char *path, *own = NULL;

	if (sock == NULL && c->rootless != NULL && rd != NULL) {
		/* a rootless dockerd's "system" containerd is the user's */
		own = ha_xasprintf("%s/containerd/containerd.sock", rd);
		if (exists_in_root(c->fs, own))
			sock = own;
	} else if (sock == NULL && c->rootless == NULL &&
	    exists_in_root(c->fs, SYSTEM_CONTAINERD_SOCK))
		sock = SYSTEM_CONTAINERD_SOCK;
	if (sock != NULL) {
		add_role(c, files, "containerd_sock", c->fs, sock);
		free(own);
		return;
	}
	free(own);
	exec_root = setting_path(c->facts, "exec-root");
	if (exec_root == NULL && c->rootless != NULL)
		return;		/* its runtime directory is unknown */
	path = ha_xasprintf("%s/containerd/containerd.sock",
	    exec_root != NULL ? exec_root : DEFAULT_EXEC_ROOT);
	add_role(c, files, "containerd_sock", c->fs, path);
	free(path);
}

static int
setting_true(const json_t *facts, const char *key)
{
	return json_is_true(ha_facts_setting(facts, key, NULL));
}

/*
 * The TLS files the daemon is told about (by a flag, daemon.json or its
 * environment), or, when it serves TLS, the defaults it then reads.
 */
static void
add_tls(const struct files_ctx *c, json_t *files)
{
	static const char *const keys[] = { "tlscacert", "tlscert", "tlskey" };
	const char *path, *source;
	int tls;
	size_t i;

	tls = setting_true(c->facts, "tls") ||
	    setting_true(c->facts, "tlsverify");
	for (i = 0; i < HA_ARRAY_SIZE(keys); i++) {
		if ((path = setting_path(c->facts, keys[i])) == NULL)
			continue;
		ha_facts_setting(c->facts, keys[i], &source);
		if (tls || source == NULL || strcmp(source, "default") != 0)
			add_role(c, files, keys[i], c->fs, path);
	}
}

/*
 * The sorted names in host directory dir (in the host root), at most
 * max.  Returns the count, 0 when the directory is missing, or -1 after
 * recording an error (its message in *err, caller frees).
 */
static int
list_dir(const struct files_ctx *c, const char *dir, char ***out, int max,
    char **err)
{
	char **names = NULL;
	size_t n = 0;

	*out = NULL;
	*err = NULL;
	if (ha_hostfs_list(c->fs, dir, NULL, &names, &n) < 0) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		*err = ha_xasprintf("cannot read '%s': %s", dir,
		    strerror(errno));
		ha_facts_error(c->facts, "files.registry_certs", "%s", *err);
		return -1;
	}
	while (n > (size_t)max)
		free(names[--n]);
	*out = names;
	return (int)n;
}

/* The regular files and symlinks directly in certs.d/name. */
static void
add_cert_dir(const struct files_ctx *c, json_t *certs, const char *dir)
{
	char **d, *path, *err;
	json_t *entry;
	const char *type;
	int n, i;

	n = list_dir(c, dir, &d, MAX_CERT_FILES, &err);
	for (i = 0; i < n; i++) {
		path = ha_xasprintf("%s/%s", dir, d[i]);
		entry = file_entry(c, c->fs, path, "files.registry_certs");
		type = json_string_value(json_object_get(entry, "type"));
		if (json_object_get(entry, "error") != NULL ||
		    (type != NULL && (strcmp(type, "file") == 0 ||
		    strcmp(type, "symlink") == 0)))
			json_array_append_new(certs, entry);
		else
			json_decref(entry);
		free(path);
	}
	ha_hostfs_list_free(d, n > 0 ? (size_t)n : 0);
	free(err);
}

/*
 * facts.registry_certs: an array of file entries, or {"error": ...} when
 * certs.d itself cannot be listed.
 */
static void
add_registry_certs(const struct files_ctx *c)
{
	json_t *certs = json_array(), *entry;
	char **d, *dir, *err;
	const char *type;
	int n, i;

	n = list_dir(c, c->certs_d, &d, MAX_CERT_DIRS, &err);
	if (n < 0) {
		json_decref(certs);
		certs = json_pack("{s:s}", "error", err);
	}
	for (i = 0; i < n; i++) {
		dir = ha_xasprintf("%s/%s", c->certs_d, d[i]);
		entry = file_entry(c, c->fs, dir, "files.registry_certs");
		type = json_string_value(json_object_get(entry, "type"));
		if (type != NULL && strcmp(type, "dir") == 0)
			add_cert_dir(c, certs, dir);
		json_decref(entry);
		free(dir);
	}
	ha_hostfs_list_free(d, n > 0 ? (size_t)n : 0);
	free(err);
	json_object_set_new(c->facts, "registry_certs", certs);
}

/*
 * /etc/docker, or the configuration directory of a rootless dockerd
 * (where it reads daemon.json and certs.d), into files.etc_docker and
 * c->certs_d.  Nothing when a rootless daemon's directory is unknown.
 */
static void
add_config_dir(struct files_ctx *c, json_t *files)
{
	const char *dir = "/etc/docker";

	if (c->rootless != NULL)
		dir = rootless_str(c, "config_dir");
	if (dir == NULL)
		return;
	add_role(c, files, "etc_docker", c->fs, dir);
	c->certs_d = c->rootless != NULL ? ha_xasprintf("%s/certs.d", dir) :
	    ha_xstrdup(CERTS_D);
}

void
ha_collect_files(const struct ha_collect_opts *o, json_t *facts)
{
	struct files_ctx c = { .o = o, .facts = facts };
	json_t *files = json_object();
	const char *daemon_json;

	c.fs = ha_hostfs_open(o->root);
	c.self = ha_hostfs_open("/");
	ha_passwd_init(&c.pw);
	if (ha_passwd_load_fs(&c.pw, c.fs) < 0)
		ha_facts_error(facts, "files", "cannot read the host's "
		    "passwd or group file: owner names may be missing");
	c.rootless = ha_facts_get(facts, "daemon.rootless");
	if (!json_is_object(c.rootless))
		c.rootless = NULL;
	json_object_set_new(facts, "files", files);
	add_unit(&c, files, "docker_service", "docker.service");
	add_unit(&c, files, "docker_socket_unit", "docker.socket");
	add_config_dir(&c, files);
	daemon_json = ha_facts_str(facts, "daemon.config_file.path");
	if (daemon_json != NULL || c.rootless == NULL)
		add_role(&c, files, "daemon_json", c.fs,
		    daemon_json != NULL ? daemon_json :
		    HA_DEFAULT_DAEMON_JSON);
	add_docker_sock(&c, files);
	add_containerd_sock(&c, files);
	add_role(&c, files, "etc_default_docker", c.fs, "/etc/default/docker");
	add_role(&c, files, "etc_sysconfig_docker", c.fs,
	    "/etc/sysconfig/docker");
	add_tls(&c, files);
	if (c.certs_d != NULL)
		add_registry_certs(&c);
	free(c.certs_d);
	ha_passwd_release(&c.pw);
	ha_hostfs_close(c.self);
	ha_hostfs_close(c.fs);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engines.c - find every engine socket of a host (see ha_engines.h).
 * It only looks: nothing is connected to here.  The sockets under the
 * host root are looked up in its view (ha_hostfs.h), so a symlink
 * (/var/run -> /run, a socket linked elsewhere) is resolved inside the
 * root as the host resolves it.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>

#include "ha_endpoint.h"
#include "ha_engines.h"
#include "ha_hostfs.h"
#include "ha_util.h"
#include "banned.h"

#define MAX_ENGINES	256	/* more users than that: the first ones */
#define MAX_USER_DIRS	4096	/* /run/user/UID read, to sort */

struct found {
	struct ha_engine_ref	*refs;
	size_t			 n;
	dev_t			*devs;	/* the socket files seen, to count */
	ino_t			*inos;	/* each once */
};

/*
 * Add the socket st (found at url) once; 1 when added.  url is the
 * caller's and is freed.
 */
static int
add_stat(struct found *f, const struct stat *st, char *url, const char *name,
    const char *why, int current)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		if (f->devs[i] == st->st_dev && f->inos[i] == st->st_ino) {
			f->refs[i].current |= current;
			free(url);
			return 0;
		}
	f->refs = ha_xreallocarray(f->refs, f->n + 1, sizeof(*f->refs));
	f->devs = ha_xreallocarray(f->devs, f->n + 1, sizeof(*f->devs));
	f->inos = ha_xreallocarray(f->inos, f->n + 1, sizeof(*f->inos));
	f->devs[f->n] = st->st_dev;
	f->inos[f->n] = st->st_ino;
	f->refs[f->n].name = ha_xstrdup(name);
	f->refs[f->n].url = url;
	f->refs[f->n].why = ha_xstrdup(why);
	f->refs[f->n].current = current;
	f->n++;
	return 1;
}

/*
 * The URL of the socket at host path path in the view fs: the path
 * itself under "/"; else the path it resolves to in the root, joined to
 * the root, so that connecting to it later follows no symlink of the
 * host out of the root.  Caller frees.
 */
static char *
socket_url(struct ha_hostfs *fs, const char *path)
{
	char *real = NULL, *full, *url;

	if (ha_hostfs_is_host_root(fs))
		return ha_xasprintf("unix://%s", path);
	if (ha_hostfs_realpath(fs, path, 1, &real) == 1)
		full = ha_hostfs_path(fs, real);
	else
		full = ha_hostfs_path(fs, path);
	url = ha_xasprintf("unix://%s", full);
	free(full);
	free(real);
	return url;
}

/* Add the socket at host path path in the view fs once; 1 when added. */
static int
add(struct found *f, struct ha_hostfs *fs, const char *path, const char *name,
    const char *why, int current)
{
	struct stat st;

	if (f->n == MAX_ENGINES || ha_hostfs_stat(fs, path, &st) < 0 ||
	    !S_ISSOCK(st.st_mode))
		return 0;
	return add_stat(f, &st, socket_url(fs, path), name, why, current);
}

/*
 * Add the current endpoint's socket once: full is a path on this
 * machine, as the CLI (-H, DOCKER_HOST, a context) names it.
 */
static int
add_current(struct found *f, const char *full, const char *name,
    const char *why)
{
	struct stat st;

	if (f->n == MAX_ENGINES || stat(full, &st) < 0 || !S_ISSOCK(st.st_mode))
		return 0;
	return add_stat(f, &st, ha_xasprintf("unix://%s", full), name, why, 1);
}

/* A user's name for engine names: the host's passwd when root is "/". */
static char *
user_label(const struct ha_hostfs *fs, unsigned long uid)
{
	struct passwd *pw = ha_hostfs_is_host_root(fs) ?
	    getpwuid((uid_t)uid) : NULL;

	if (pw != NULL && pw->pw_name != NULL &&
	    strspn(pw->pw_name, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
	    strlen(pw->pw_name))
		return ha_xstrdup(pw->pw_name);
	return ha_xasprintf("%lu", uid);
}

static int
uid_dir(const char *name)
{
	return name[0] != '\0' && strlen(name) < 11 &&
	    strspn(name, "0123456789") == strlen(name);
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The names of the user directories /run/user/UID in the view, sorted
 * (the first MAX_USER_DIRS read).  Returns how many are in *out (caller
 * frees each and the array).
 */
static size_t
uid_dirs(struct ha_hostfs *fs, char ***out)
{
	const struct dirent *d;
	char **v = NULL;
	size_t n = 0;
	DIR *dp;

	*out = NULL;
	if ((dp = ha_hostfs_opendir(fs, "/run/user")) == NULL)
		return 0;
	while ((d = readdir(dp)) != NULL && n < MAX_USER_DIRS) {
		if (!uid_dir(d->d_name))
			continue;
		v = ha_xreallocarray(v, n + 1, sizeof(*v));
		v[n++] = ha_xstrdup(d->d_name);
	}
	closedir(dp);
	if (n > 0)
		qsort(v, n, sizeof(*v), cmp_names);
	*out = v;
	return n;
}

/* Each user's rootless dockerd and Podman under /run/user/UID. */
static void
user_engines(struct found *f, struct ha_hostfs *fs)
{
	static const struct {
		const char	*sock;	/* under /run/user/UID */
		const char	*name;	/* prefix of the engine's name */
		const char	*what;
	} kinds[] = {
		{ "docker.sock", "docker", "rootless dockerd" },
		{ "podman/podman.sock", "podman", "rootless Podman service" },
	};
	char **uids, *path, *who, *name, *why;
	size_t i, k, n;

	n = uid_dirs(fs, &uids);
	for (i = 0; i < n; i++) {
		who = user_label(fs, strtoul(uids[i], NULL, 10));
		for (k = 0; k < HA_ARRAY_SIZE(kinds); k++) {
			path = ha_xasprintf("/run/user/%s/%s", uids[i],
			    kinds[k].sock);
			name = ha_xasprintf("%s-rootless-%s", kinds[k].name,
			    who);
			why = ha_xasprintf("%s of user %s", kinds[k].what, who);
			add(f, fs, path, name, why, 0);
			free(path);
			free(name);
			free(why);
		}
		free(who);
		free(uids[i]);
	}
	free(uids);
}

struct ha_engine_ref *
ha_engines_find(const char *root, const struct ha_endpoint *cur, size_t *n)
{
	static const struct {
		const char	*path;
		const char	*name;
		const char	*why;
	} rootful[] = {
		{ "/var/run/docker.sock", "docker", "rootful dockerd" },
		{ "/run/docker.sock", "docker", "rootful dockerd" },
		{ "/run/podman/podman.sock", "podman",
		    "rootful Podman service" },
	};
	struct ha_hostfs *fs = ha_hostfs_open(root);
	struct found f = { 0 };
	char *name;
	size_t i;

	for (i = 0; i < HA_ARRAY_SIZE(rootful); i++)
		add(&f, fs, rootful[i].path, rootful[i].name, rootful[i].why,
		    cur != NULL && cur->socket != NULL &&
		    strcmp(cur->socket, rootful[i].path) == 0);
	user_engines(&f, fs);
	ha_hostfs_close(fs);
	if (cur != NULL && cur->kind == HA_EP_UNIX) {
		name = ha_xasprintf("%s%s", cur->context ? "context-" :
		    "current", cur->context ? cur->context : "");
		/* a socket already found is only marked as the current one */
		add_current(&f, cur->socket, name, cur->why);
		free(name);
	} else if (cur != NULL) {
		f.refs = ha_xreallocarray(f.refs, f.n + 1, sizeof(*f.refs));
		f.refs[f.n].name = ha_xasprintf("%s%s", cur->context ?
		    "context-" : "remote", cur->context ? cur->context : "");
		f.refs[f.n].url = ha_xstrdup(cur->url);
		f.refs[f.n].why = ha_xstrdup(cur->why);
		f.refs[f.n].current = 1;
		f.n++;
	}
	free(f.devs);
	free(f.inos);
	*n = f.n;
	return f.refs;
}

void
ha_engines_free(struct ha_engine_ref *refs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(refs[i].name);
		free(refs[i].url);
		free(refs[i].why);
	}
	free(refs);
}

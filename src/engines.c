/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engines.c - find every engine socket of a host (see ha_engines.h).
 * It only looks: nothing is connected to here.
 */
#include <sys/stat.h>

#include <dirent.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>

#include "ha_endpoint.h"
#include "ha_engines.h"
#include "ha_util.h"
#include "banned.h"

#define MAX_ENGINES	256	/* more users than that: the first ones */

struct found {
	struct ha_engine_ref	*refs;
	size_t			 n;
	dev_t			*devs;	/* the socket files seen, to count */
	ino_t			*inos;	/* each once */
};

/* root + path ("/" root gives path itself).  Caller frees. */
static char *
under(const char *root, const char *path)
{
	size_t rl = strlen(root);

	while (rl > 0 && root[rl - 1] == '/')
		rl--;
	return ha_xasprintf("%.*s%s", (int)rl, root, path);
}

/* Add the socket at full (a path on this machine) once; 1 when added. */
static int
add(struct found *f, const char *full, const char *name, const char *why,
    int current)
{
	struct stat st;
	size_t i;

	if (f->n == MAX_ENGINES || stat(full, &st) < 0 || !S_ISSOCK(st.st_mode))
		return 0;
	for (i = 0; i < f->n; i++)
		if (f->devs[i] == st.st_dev && f->inos[i] == st.st_ino) {
			f->refs[i].current |= current;
			return 0;
		}
	f->refs = ha_xreallocarray(f->refs, f->n + 1, sizeof(*f->refs));
	f->devs = ha_xreallocarray(f->devs, f->n + 1, sizeof(*f->devs));
	f->inos = ha_xreallocarray(f->inos, f->n + 1, sizeof(*f->inos));
	f->devs[f->n] = st.st_dev;
	f->inos[f->n] = st.st_ino;
	f->refs[f->n].name = ha_xstrdup(name);
	f->refs[f->n].url = ha_xasprintf("unix://%s", full);
	f->refs[f->n].why = ha_xstrdup(why);
	f->refs[f->n].current = current;
	f->n++;
	return 1;
}

/* A user's name for engine names: the host's passwd when root is "/". */
static char *
user_label(const char *root, unsigned long uid)
{
	struct passwd *pw = strcmp(root, "/") == 0 ?
	    getpwuid((uid_t)uid) : NULL;

	if (pw != NULL && pw->pw_name != NULL &&
	    strspn(pw->pw_name, "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") ==
	    strlen(pw->pw_name))
		return ha_xstrdup(pw->pw_name);
	return ha_xasprintf("%lu", uid);
}

static int
uid_dir(const struct dirent *d)
{
	return d->d_name[0] != '\0' && strlen(d->d_name) < 11 &&
	    strspn(d->d_name, "0123456789") == strlen(d->d_name);
}

/* Each user's rootless dockerd and Podman under <root>/run/user/UID. */
static void
user_engines(struct found *f, const char *root)
{
	static const struct {
		const char	*sock;	/* under /run/user/UID */
		const char	*name;	/* prefix of the engine's name */
		const char	*what;
	} kinds[] = {
		{ "docker.sock", "docker", "rootless dockerd" },
		{ "podman/podman.sock", "podman", "rootless Podman service" },
	};
	struct dirent **ents = NULL;
	char *dir = under(root, "/run/user"), *path, *who, *name, *why;
	size_t k;
	int i, n;

	n = scandir(dir, &ents, uid_dir, alphasort);
	for (i = 0; i < n; i++) {
		who = user_label(root, strtoul(ents[i]->d_name, NULL, 10));
		for (k = 0; k < HA_ARRAY_SIZE(kinds); k++) {
			path = ha_xasprintf("%s/%s/%s", dir, ents[i]->d_name,
			    kinds[k].sock);
			name = ha_xasprintf("%s-rootless-%s", kinds[k].name,
			    who);
			why = ha_xasprintf("%s of user %s", kinds[k].what, who);
			add(f, path, name, why, 0);
			free(path);
			free(name);
			free(why);
		}
		free(who);
		free(ents[i]);
	}
	free(ents);
	free(dir);
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
	struct found f = { 0 };
	char *full, *name;
	size_t i;

	if (root == NULL || *root == '\0')
		root = "/";
	for (i = 0; i < HA_ARRAY_SIZE(rootful); i++) {
		full = under(root, rootful[i].path);
		add(&f, full, rootful[i].name, rootful[i].why,
		    cur != NULL && cur->socket != NULL &&
		    strcmp(cur->socket, rootful[i].path) == 0);
		free(full);
	}
	user_engines(&f, root);
	if (cur != NULL && cur->kind == HA_EP_UNIX) {
		name = ha_xasprintf("%s%s", cur->context ? "context-" :
		    "current", cur->context ? cur->context : "");
		/* a socket already found is only marked as the current one */
		add(&f, cur->socket, name, cur->why, 1);
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

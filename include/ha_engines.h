/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ha_engines.h - every engine a host runs, for --list-engines and
 * --all-engines: the rootful dockerd, each user's rootless dockerd, the
 * rootful and rootless Podman services, and the docker CLI's current
 * endpoint (a context, DOCKER_HOST), each once.
 *
 * Ownership: ha_engines_find() returns an array the caller frees with
 * ha_engines_free().
 */
#ifndef HA_ENGINES_H
#define HA_ENGINES_H

#include <stddef.h>

struct ha_endpoint;

struct ha_engine_ref {
	char	*name;		/* "docker", "docker-rootless-alice",
				   "podman", "podman-rootless-1001",
				   "context-NAME" */
	char	*url;		/* the endpoint to collect from */
	char	*why;		/* how it was found */
	int	 current;	/* the CLI's current endpoint (-H or
				   context resolution) */
};

/*
 * The engines whose sockets exist under root ("/" normally), then the
 * current endpoint cur (may be NULL) when it is none of those.  Sockets
 * that lead to the same file (/var/run -> /run) count once.  Socket
 * paths are resolved inside root (ha_hostfs.h): under a root other than
 * "/", an engine's URL is root + the path as resolved there, so that no
 * host symlink leads a later connect out of the root.
 */
struct ha_engine_ref *ha_engines_find(const char *root,
	    const struct ha_endpoint *cur, size_t *n);
void	 ha_engines_free(struct ha_engine_ref *refs, size_t n);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ha_podman.h - what a check means when the engine is Podman's
 * Docker-compatible API rather than dockerd (ha_facts_engine_kind()).
 *
 * Podman answers the Engine API (podman system service) but has no
 * dockerd, no daemon.json, no containerd and no swarm.  Its settings live
 * in containers.conf and storage.conf, its data in its graph root
 * (/var/lib/containers/storage rootful, the user's home rootless), and
 * whoever can open its socket controls it.  Collect records those in
 * facts.podman (ha_collect_podman(), src/podman_collect.c); before each
 * check, ha_podman_ready() (src/podman.c) settles from one table the
 * checks about dockerd itself (skip, with the reason) and those judged on
 * Podman's equivalent instead; every other check runs as for Docker.
 * docs/facts.md describes facts.podman.
 *
 * Ownership: the json_t * and strings these return are borrowed from the
 * facts document; ha_podman_toml_parse() adds new references to out.
 */
#ifndef HA_PODMAN_H
#define HA_PODMAN_H

#include <stddef.h>

#include <jansson.h>

#include "ha_buf.h"

struct ha_check;
struct ha_collect_opts;
struct ha_result;

#define HA_PODMAN_MAX_CONF	(1UL * 1024 * 1024)	/* one .conf file */
#define HA_PODMAN_MAX_KEYS	1024			/* keys of one file */

/*
 * Before a check runs on Podman's facts: 1 to run it as for Docker, or 0
 * when it was settled here (res set: a check about dockerd itself is
 * `skip` with the reason, or judged on Podman's equivalent).  Always 1
 * for any other engine.
 */
int	 ha_podman_ready(const struct ha_check *c, const json_t *facts,
	    struct ha_result *res);

/* 1 when the facts describe a Podman engine. */
int	 ha_podman_is(const json_t *facts);

/*
 * Podman's effective containers.conf setting "TABLE.KEY" (e.g.
 * "containers.seccomp_profile"), or NULL when no file sets it (Podman's
 * built-in default applies) or the facts hold no Podman settings.
 * *source, when not NULL, is set to "FILE:LINE" or NULL.
 */
const json_t	*ha_podman_setting(const json_t *facts, const char *key,
		    const char **source);

/*
 * The name of Podman's default network (containers.conf [network]
 * default_network, else "podman"), which the compat API shows as
 * "bridge" in GET /networks and in a container's NetworkMode.
 */
const char	*ha_podman_default_network(const json_t *facts);

/*
 * Whether container obj (a GET /containers/{id}/json object) is in the
 * host's IPC namespace when its HostConfig.IpcMode cannot say: Podman 4.1
 * to 4.3 report "shareable" for a container in the host's IPC namespace
 * as for one in its own (fixed in Podman 4.4).  -1 when IpcMode reads as
 * for Docker; else 1 (host) or 0 (its own) from the namespaces collect
 * compared for a running container (facts.podman.ipc), or 2 (unknown),
 * with what was found appended to d.
 */
int	 ha_podman_ipc_host(const json_t *facts, const json_t *obj,
	    struct ha_buf *d);

/*
 * Parse the TOML of a containers.conf or storage.conf text.  Each "key =
 * value" whose value is a string, a boolean, an integer or an array of
 * those is set in out (an object) as "TABLE.KEY" (dotted tables and keys
 * joined with ".") -> {"value": V, "line": N}; a later key replaces an
 * earlier one.  Keys of [[array]] tables, inline tables, floats and dates
 * are passed over.  At most HA_PODMAN_MAX_KEYS keys.  Returns 0, or -1
 * and *err (caller frees: "line N: why") at the first malformed line;
 * the keys before it stay in out.
 */
int	 ha_podman_toml_parse(const char *text, size_t len, json_t *out,
	    char **err);

/*
 * facts.podman: Podman's settings, files and paths (docs/facts.md).
 * Does nothing unless the engine facts describe a local Podman.  Call
 * after the other collectors: it reads facts.engine, facts.daemon
 * (socket_peer) and facts.files (docker_sock).
 */
void	 ha_collect_podman(const struct ha_collect_opts *o, json_t *facts);

#endif

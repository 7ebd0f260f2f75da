/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ha_facts.h - typed, read-only accessors over the facts document.
 *
 * The facts document is one jansson object built by collect (or loaded
 * with --facts); its shape is described in docs/facts.md.  Checks read it
 * only through these accessors, never through I/O.
 *
 * Every pointer returned here is borrowed from the document: valid while
 * the document lives, never freed by the caller.
 *
 * Paths are dot-separated object keys: "daemon.settings.icc".  A path
 * element of the form "[N]" is not supported: arrays are walked by the
 * caller with json_array_size()/json_array_get().
 */
#ifndef HA_FACTS_H
#define HA_FACTS_H

#include <jansson.h>

#define HA_FACTS_SCHEMA "hostaudit-facts/1"

/* The value at path, or NULL when any element is missing. */
const json_t	*ha_facts_get(const json_t *root, const char *path);
/* The string at path, or NULL when missing or not a string. */
const char	*ha_facts_str(const json_t *root, const char *path);
/* 0 and *out when path is a JSON boolean, else -1. */
int		 ha_facts_bool(const json_t *root, const char *path, int *out);
/* 0 and *out when path is a JSON integer, else -1. */
int		 ha_facts_int(const json_t *root, const char *path,
		    long long *out);
/* 1 when path is missing, null, "", [] or {}; else 0. */
int		 ha_facts_empty(const json_t *root, const char *path);

/*
 * The effective daemon setting named by its daemon.json key (e.g. "icc",
 * "log-level"): facts.daemon.settings.KEY.value.  *source, when not NULL,
 * is set to "flag", "file", "env" or "default" (or NULL when the key is
 * absent).
 * Returns NULL when the setting is unknown.
 */
const json_t	*ha_facts_setting(const json_t *facts, const char *key,
		    const char **source);

/*
 * Why the effective daemon setting key is unknown, or NULL when it is
 * known.  dockerd takes the defaults of tlsverify (DOCKER_TLS_VERIFY) and
 * of tlscacert, tlscert and tlskey (DOCKER_CERT_PATH) from its
 * environment; when collect could not read that environment
 * (facts.daemon.environment_error, returned here), such a setting that
 * neither a flag nor daemon.json sets is unknown, not unset.  A check
 * whose verdict depends on it is then an error.  Without a tcp listener
 * TLS serves nothing, so nothing is unknown.
 */
const char	*ha_facts_setting_unknown(const json_t *facts,
		    const char *key);

/*
 * The kind of engine the facts describe: "podman" when it answered with
 * a Libpod-Api-Version header (facts.engine.libpod_api_version) or a
 * Podman component in /version, else "docker"; NULL without engine
 * facts.
 */
const char	*ha_facts_engine_kind(const json_t *facts);
/*
 * While the checks of one audit run, facts do not change: pinned, its
 * engine kind is worked out once, not once per container and check
 * that asks (ha_podman_is()).  ha_facts_unpin() ends that; pin and unpin
 * hold for the calling thread.
 */
void		 ha_facts_pin(const json_t *facts);
void		 ha_facts_unpin(void);
/* 1 when the engine runs rootless (/info SecurityOptions name=rootless). */
int		 ha_facts_engine_rootless(const json_t *facts);
/* 1 when the engine was reached over tcp: it is not on this host. */
int		 ha_facts_engine_remote(const json_t *facts);

/*
 * 1 when a -H / "hosts" value is a tcp listener: anything but unix://,
 * fd://, npipe:// and ssh:// (dockerd takes a bare HOST:PORT as tcp).
 */
int		 ha_facts_is_tcp_host(const char *h);
/* The daemon's first tcp listener (effective "hosts"), or NULL. */
const char	*ha_facts_tcp_listener(const json_t *facts);

/*
 * A file fact by role (facts.files.ROLE), e.g. "docker_sock".  NULL when
 * collect did not look for that role.
 */
const json_t	*ha_facts_file(const json_t *facts, const char *role);

/*
 * The display name of a container or image inspect object: a container's
 * Name without the leading '/', an image's first RepoTag, else its Id
 * (without a "sha256:" prefix).  Never NULL.
 */
const char	*ha_facts_object_name(const json_t *obj);

#endif

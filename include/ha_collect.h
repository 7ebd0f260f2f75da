/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ha_collect.h - gathering the facts document (all of hostaudit's I/O on
 * the audited host happens here).
 *
 * ha_collect() never fails because one source failed: each source that
 * cannot be read leaves an error fact (an "error" string in its own object,
 * and an entry in facts.errors[]) and collection goes on.
 *
 * Ownership: ha_collect() returns a new reference the caller releases with
 * json_decref().  The ha_collect_* parts add to a facts object they borrow.
 */
#ifndef HA_COLLECT_H
#define HA_COLLECT_H

#include <stddef.h>
#include <sys/types.h>

#include <jansson.h>

#include "ha_util.h"

#define HA_DEFAULT_HOST		"unix:///var/run/docker.sock"
#define HA_DEFAULT_DAEMON_JSON	"/etc/docker/daemon.json"
#define HA_DEFAULT_TIMEOUT_MS	10000L
#define HA_DEFAULT_MAX_BODY	(64UL * 1024 * 1024)	/* one API answer */
#define HA_MAX_DAEMON_JSON	(1UL * 1024 * 1024)

struct ha_endpoint;

struct ha_collect_opts {
	const char	*host;		/* engine URL; NULL: $DOCKER_HOST,
					   else the default (when ep is
					   NULL) */
	const struct ha_endpoint *ep;	/* the resolved endpoint
					   (ha_endpoint.h), or NULL */
	const char	*daemon_json;	/* override, or NULL: the daemon's
					   own */
	const char	*root;		/* host root: "/" unless auditing
					   from a container */
	long		 timeout_ms;	/* whole-request timeout per API call */
	long		 connect_timeout_ms;
	size_t		 max_body;	/* cap on one API answer */
};

void	 ha_collect_opts_init(struct ha_collect_opts *o);

/* The whole facts document; a new reference. */
json_t	*ha_collect(const struct ha_collect_opts *o);

/* 1 when path is the mount point of a proc file system. */
int	 ha_collect_is_procfs(const char *path);
/*
 * The proc directory that shows the host's processes: <root>/proc when
 * auditing a host root from a container and that is a proc file system
 * (the host's, bind-mounted with the root), else /proc.  Caller frees.
 */
char	*ha_collect_proc_dir(const struct ha_collect_opts *o);

/* Record a collection error: facts.errors[] += {source, message}. */
void	 ha_collect_error(json_t *facts, const char *source,
	    const char *fmt, ...) HA_PRINTF(3, 4);

/*
 * The parts, each adding its own top-level key to facts:
 *   host    -> facts.host      (ha_collect_host)
 *   engine  -> facts.engine    (ha_collect_engine)
 *   daemon  -> facts.daemon    (ha_collect_daemon; after engine, which
 *                               tells it the socket to ask SO_PEERCRED of)
 *   files   -> facts.files, facts.registry_certs (ha_collect_files; after
 *                               daemon, whose settings name TLS and
 *                               data-root paths)
 */
void	 ha_collect_host(const struct ha_collect_opts *o, json_t *facts);
void	 ha_collect_engine(const struct ha_collect_opts *o, json_t *facts);
void	 ha_collect_daemon(const struct ha_collect_opts *o, json_t *facts);
void	 ha_collect_files(const struct ha_collect_opts *o, json_t *facts);
/*
 * After daemon: replace facts.host.mounts by the daemon's own mount table
 * (<daemon.proc>/<daemon.pid>/mountinfo), since dockerd may live in a
 * mount namespace of its own (snap, units with private mounts); sets
 * host.mounts_from.  Keeps hostaudit's own table when that is unreadable.
 */
void	 ha_collect_daemon_mounts(const struct ha_collect_opts *o,
	    json_t *facts);

/*
 * Resolve the engine URL: opts->host, else $DOCKER_HOST, else the default.
 * Returns a borrowed string (from o or the environment) or the default.
 */
const char *ha_collect_host_url(const struct ha_collect_opts *o);

/*
 * Join root and an absolute host path ("/" root gives path unchanged).
 * Caller frees.
 */
char	*ha_collect_path(const struct ha_collect_opts *o, const char *path);
/*
 * The inverse: a path under the host root ("/host/run/docker.sock") as
 * the host names it ("/run/docker.sock"), borrowed from path; NULL when
 * path is not under the root (or the root is "/").
 */
const char *ha_collect_host_path(const struct ha_collect_opts *o,
	    const char *path);

#endif

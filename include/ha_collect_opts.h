/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ha_collect_opts.h - what every collector shares, below the orchestrator:
 * the collection options, the engine URL they name, and the sink for
 * collection errors (facts.errors[]).
 *
 * The layers: src/collect.c (ha_collect.h) runs the collectors in order
 * and is the only one that knows them all; each collector (host.c,
 * passwd.c, files.c, daemon.c, certs.c, audit.c, rootless.c,
 * podman_collect.c, procs.c, swarmstate.c) reads the host through
 * ha_hostfs.h and reports through this header, never through
 * ha_collect.h (tools/check-layers, run by `make lint`, says so).
 */
#ifndef HA_COLLECT_OPTS_H
#define HA_COLLECT_OPTS_H

#include <stdarg.h>
#include <stddef.h>

#include <jansson.h>

#include "ha_util.h"

#define HA_DEFAULT_HOST		"unix:///var/run/docker.sock"
#define HA_DEFAULT_DAEMON_JSON	"/etc/docker/daemon.json"
#define HA_DEFAULT_TIMEOUT_MS	30000L
#define HA_DEFAULT_MAX_BODY	(64UL * 1024 * 1024)	/* one API answer */
#define HA_DEFAULT_MAX_ENGINE_BYTES (512UL * 1024 * 1024) /* all of them,
						   parsed (ha_collect.h) */
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
	long		 timeout_ms;	/* deadline of the engine collection */
	long		 connect_timeout_ms;
	size_t		 max_body;	/* cap on one API answer */
	size_t		 max_engine_bytes; /* memory for all the answers;
					   0: the default */
};

void	 ha_collect_opts_init(struct ha_collect_opts *o);

/*
 * Resolve the engine URL: opts->host, else $DOCKER_HOST, else the default.
 * Returns a borrowed string (from o or the environment) or the default.
 */
const char *ha_collect_host_url(const struct ha_collect_opts *o);

/*
 * Record a collection error: facts.errors[] += {source, message}
 * (facts.errors is created when missing).  facts is borrowed.
 */
void	 ha_facts_error(json_t *facts, const char *source,
	    const char *fmt, ...) HA_PRINTF(3, 4);
void	 ha_facts_verror(json_t *facts, const char *source,
	    const char *fmt, va_list ap) HA_PRINTF(3, 0);

#endif

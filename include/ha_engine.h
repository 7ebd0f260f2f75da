/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ha_engine.h - the Engine API collector (src/engine.c): a collector like
 * the others, below src/collect.c; it reads the options and reports
 * through ha_collect_opts.h.
 */
#ifndef HA_ENGINE_H
#define HA_ENGINE_H

#include <stddef.h>

#include <jansson.h>

#include "ha_collect_opts.h"

/*
 * facts.engine: every answer of the engine the options name (o->ep, else
 * o->host, $DOCKER_HOST or the default socket); a request that fails is
 * an entry of facts.engine.errors and facts.errors, and collection goes
 * on.
 */
void	 ha_collect_engine(const struct ha_collect_opts *o, json_t *facts);

/*
 * The TLS files of the endpoint, read beforehand for a collector that
 * may not read them itself (ha_sandbox.h); each NULL: read by name.
 */
struct ha_buf;
struct ha_engine_tls {
	const struct ha_buf *ca, *cert, *key;
};

/* ha_collect_engine(), with the TLS files in tls (NULL: by name). */
void	 ha_collect_engine_tls(const struct ha_collect_opts *o,
	    const struct ha_engine_tls *tls, json_t *facts);

/* NULL when path is a socket (or a link to one); else why (caller frees). */
char	*ha_engine_socket_check(const char *path);

/*
 * The engine's bounds (src/engine.c): o->timeout_ms is one deadline for
 * the whole engine collection; o->max_body caps one answer and
 * o->max_engine_bytes (--max-engine-bytes) the memory all the answers
 * hold, bodies and parsed JSON together; an answer may nest arrays and
 * objects HA_ENGINE_MAX_DEPTH levels deep.  Passing one is an error of
 * the requests concerned (facts.errors); what was fetched is kept.
 */
#define HA_ENGINE_MAX_DEPTH	64
#define HA_MIN_ENGINE_BYTES	(1UL << 20)
#define HA_MAX_ENGINE_BYTES	((size_t)1 << 40)
/*
 * Parse a --max-engine-bytes SIZE: bytes, or a number with K, M or G
 * (KiB, MiB, GiB; "M", "MB" and "MiB" alike), from HA_MIN_ENGINE_BYTES
 * to HA_MAX_ENGINE_BYTES.  0, or -1 when s is not such a size.
 */
int	 ha_engine_parse_size(const char *s, size_t *out);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ha_sandbox.h - the engine's answers are read and parsed by a process
 * that holds no privilege.
 *
 * An engine may be hostile (a compromised daemon, a fake one on the
 * socket's path, one over tcp); what it sends is the largest untrusted
 * input hostaudit parses.  So facts.engine is collected by a child
 * process that gives up everything before its first request: it sets
 * no_new_privs and drops every capability and supplementary group.  It
 * becomes the user who owns the engine's socket (who may connect to it
 * and already commands the engine: root without capabilities for a
 * system engine, the user of a rootless one), or nobody (HA_NOBODY_UID)
 * for an engine over tcp, whose TLS files are read for it beforehand.
 * It sends facts.engine and its errors back as JSON of its own writing,
 * which the parent reads as it reads --facts (ha_slim.h: streamed,
 * within the engine's memory budget).
 *
 * A child that crashes, is killed, or outlives the engine deadline by
 * HA_SANDBOX_GRACE_MS makes the engine an error, with the reason; the
 * rest of the audit goes on.
 */
#ifndef HA_SANDBOX_H
#define HA_SANDBOX_H

#include <jansson.h>

#include "ha_collect_opts.h"

#define HA_SANDBOX_GRACE_MS	5000L

/* ha_collect_engine(), in a child process without privileges. */
void	ha_collect_engine_apart(const struct ha_collect_opts *o,
	    json_t *facts);

#endif

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

#include "ha_collect_opts.h"
#include "ha_daemon.h"
#include "ha_engine.h"
#include "ha_files.h"
#include "ha_host.h"
#include "ha_hostfs.h"
#include "ha_util.h"

/*
 * The whole facts document; a new reference.  It runs the collectors in
 * order; each of them sits below this file (ha_host.h, ha_files.h,
 * ha_daemon.h, ha_certs.h, ha_audit.h, ha_procs.h, ha_podman.h,
 * ha_probe.h), reading the host through ha_hostfs.h and reporting through
 * ha_collect_opts.h.
 */
json_t	*ha_collect(const struct ha_collect_opts *o);

/*
 * The parts, each declared by its own header:
 *   engine  -> facts.engine    (ha_collect_engine, ha_engine.h)
 *   host    -> facts.host      (ha_collect_host, ha_host.h)
 *   daemon  -> facts.daemon    (ha_collect_daemon, ha_daemon.h; after
 *                               engine, which tells it the socket to ask
 *                               SO_PEERCRED of)
 *   files   -> facts.files, facts.registry_certs (ha_collect_files,
 *                               ha_files.h; after daemon, whose settings
 *                               name TLS and data-root paths)
 */

#endif

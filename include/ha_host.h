/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ha_host.h - the host facts (facts.host, src/host.c): names, kernel, OS,
 * the security modules, the docker group, the mount table, the client
 * environment, and the container hostaudit itself runs in, if any.
 *
 * The files of the audited system are read through a view of the host
 * root (ha_hostfs.h).  Ownership: facts is borrowed; keys are added.
 */
#ifndef HA_HOST_H
#define HA_HOST_H

#include <jansson.h>

#include "ha_collect_opts.h"

/* facts.host */
void	 ha_collect_host(const struct ha_collect_opts *o, json_t *facts);

/*
 * After daemon: replace facts.host.mounts by the daemon's own mount table
 * (<daemon.proc>/<daemon.pid>/mountinfo), since dockerd may live in a
 * mount namespace of its own (snap, units with private mounts); sets
 * host.mounts_from.  Keeps hostaudit's own table when that is unreadable.
 */
void	 ha_collect_daemon_mounts(const struct ha_collect_opts *o,
	    json_t *facts);

#endif

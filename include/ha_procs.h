/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ha_procs.h - collectors that run after the engine and daemon facts:
 * the processes of each running container (src/procs.c) and the swarm
 * state file of the daemon (src/swarmstate.c).
 *
 * Neither runs another program: processes are found by reading /proc,
 * never with docker exec or docker top.
 *
 * Ownership: json_t * arguments are borrowed; the functions add keys to
 * the objects they are given.
 */
#ifndef HA_PROCS_H
#define HA_PROCS_H

#include <stddef.h>

#include <jansson.h>

#include "ha_collect_opts.h"

#define HA_PROCS_MAX		1000	/* processes recorded per container */
#define HA_SWARM_STATE_MAX	(64UL * 1024)	/* docker-state.json cap */

/*
 * For every running container of containers (an array of inspect
 * objects with State.Running true), record the processes whose cgroup
 * path names the container's full id, as found under proc (normally
 * "/proc"), with one scan of proc for all of them:
 *   "Processes": [{"pid": N, "comm": "sshd", "exe_base": "sshd"}, ...]
 * pid is as hostaudit sees it; comm and exe_base are null when
 * unreadable.  At most max entries are kept ("ProcessesTruncated": true
 * beyond).  When the list is missing or may be incomplete (proc
 * unreadable, some process's cgroup unreadable, no process found for a
 * running container), "ProcessesError" says why.  Returns the number of
 * containers with a ProcessesError.
 */
size_t	 ha_procs_attach(const char *proc, json_t *containers, size_t max);

/* ha_procs_attach("/proc", facts.engine.containers, HA_PROCS_MAX). */
void	 ha_collect_processes(const struct ha_collect_opts *o, json_t *facts);

/*
 * facts.daemon.swarm_state: <data-root>/swarm/docker-state.json read
 * through the daemon's root, else under the host root
 * (ha_daemon_view_root(); "read_from" says which), parsed (at most
 * HA_SWARM_STATE_MAX bytes).  Absent file: no key.  Unreadable or
 * invalid: {"error": "..."} and a facts.errors entry.
 */
void	 ha_collect_swarm_state(const struct ha_collect_opts *o,
	    json_t *facts);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * collect.c - gather the facts document, one source after another.  This
 * is the top of collection: it knows every collector; none of them knows
 * it (they sit on ha_hostfs.h and ha_collect_opts.h).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ha_audit.h"
#include "ha_certs.h"
#include "ha_collect.h"
#include "ha_daemon.h"
#include "ha_endpoint.h"
#include "ha_facts.h"
#include "ha_files.h"
#include "ha_host.h"
#include "ha_podman.h"
#include "ha_probe.h"
#include "ha_procs.h"
#include "ha_sandbox.h"
#include "ha_util.h"
#include "banned.h"

/*
 * No socket at the default endpoint, which nobody named: this host has no
 * Docker engine.  Engine checks are then not applicable rather than
 * errors, and the audit of the rest stands on its own.
 */
static void
mark_engine_absent(const struct ha_collect_opts *o, json_t *facts)
{
	json_t *engine = json_object_get(facts, "engine");
	const char *st = json_string_value(json_object_get(engine, "status"));
	const char *path = HA_DEFAULT_HOST + strlen("unix://");
	struct stat sb;

	if (st == NULL || strcmp(st, "error") != 0 ||
	    (o->ep != NULL && strcmp(o->ep->source, "default") != 0) ||
	    strcmp(ha_collect_host_url(o), HA_DEFAULT_HOST) != 0 ||
	    (o->host != NULL && *o->host != '\0') ||
	    lstat(path, &sb) == 0 || errno != ENOENT)
		return;
	json_object_set_new(engine, "status", json_string("absent"));
}

/*
 * An engine over tcp lives on another host: nothing of this host is
 * collected (its files, processes and audit rules would be judged as the
 * engine's), and the report is named after the engine's host.
 */
static void
remote_host(json_t *facts)
{
	const char *name = ha_facts_str(facts, "engine.info.Name");

	json_object_set_new(facts, "host", json_pack("{s:s, s:b}",
	    "hostname", name != NULL ? name : "remote", "remote", 1));
	if (json_object_get(facts, "host") == NULL)	/* not UTF-8 */
		json_object_set_new(facts, "host", json_pack("{s:s, s:b}",
		    "hostname", "remote", "remote", 1));
}

json_t *
ha_collect(const struct ha_collect_opts *o)
{
	json_t *facts;
	char when[32];

	ha_utc_iso8601((int64_t)time(NULL), when, sizeof(when));
	/* who collected: a run without root sees less (hostaudit(8)) */
	facts = json_pack("{s:s, s:{s:s}, s:s, s:s, s:{s:I}, s:[]}",
	    "schema", HA_FACTS_SCHEMA, "tool", "version", HA_VERSION,
	    "collected_at", when, "root", o->root != NULL ? o->root : "/",
	    "collector", "euid", (json_int_t)geteuid(), "errors");
	if (facts == NULL)
		ha_die_oom();
	if (o->ep != NULL && o->ep->kind == HA_EP_TCP) {
		ha_collect_engine_apart(o, facts);
		remote_host(facts);
		return facts;
	}
	ha_collect_host(o, facts);
	ha_collect_engine_apart(o, facts);
	mark_engine_absent(o, facts);
	ha_collect_processes(o, facts);
	ha_collect_daemon(o, facts);
	ha_collect_exposure(o, facts);
	ha_collect_daemon_mounts(o, facts);
	ha_collect_swarm_state(o, facts);
	ha_collect_files(o, facts);
	ha_collect_certs(o, facts);
	ha_collect_audit(o, facts);
	ha_collect_podman(o, facts);
	return facts;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* collect.c - gather the facts document, one source after another. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <time.h>
#include <unistd.h>

#include <linux/magic.h>

#include "ha_audit.h"
#include "ha_certs.h"
#include "ha_collect.h"
#include "ha_endpoint.h"
#include "ha_facts.h"
#include "ha_podman.h"
#include "ha_probe.h"
#include "ha_procs.h"
#include "ha_util.h"
#include "banned.h"

void
ha_collect_opts_init(struct ha_collect_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->root = "/";
	o->timeout_ms = HA_DEFAULT_TIMEOUT_MS;
	o->connect_timeout_ms = 3000;
	o->max_body = HA_DEFAULT_MAX_BODY;
}

const char *
ha_collect_host_url(const struct ha_collect_opts *o)
{
	const char *env;

	if (o->host != NULL && *o->host != '\0')
		return o->host;
	env = getenv("DOCKER_HOST");
	if (env != NULL && *env != '\0')
		return env;
	return HA_DEFAULT_HOST;
}

char *
ha_collect_path(const struct ha_collect_opts *o, const char *path)
{
	const char *root = o->root != NULL ? o->root : "/";
	size_t rl = strlen(root);

	while (rl > 0 && root[rl - 1] == '/')
		rl--;
	if (rl == 0 || path[0] != '/')
		return ha_xstrdup(path);
	return ha_xasprintf("%.*s%s", (int)rl, root, path);
}

int
ha_collect_is_procfs(const char *path)
{
	struct statfs sf;

	return statfs(path, &sf) == 0 && sf.f_type == PROC_SUPER_MAGIC;
}

char *
ha_collect_proc_dir(const struct ha_collect_opts *o)
{
	char *proc = ha_collect_path(o, "/proc");

	if (strcmp(proc, "/proc") != 0 && ha_collect_is_procfs(proc))
		return proc;
	free(proc);
	return ha_xstrdup("/proc");
}

const char *
ha_collect_host_path(const struct ha_collect_opts *o, const char *path)
{
	const char *root = o->root != NULL ? o->root : "/";
	size_t rl = strlen(root);

	while (rl > 0 && root[rl - 1] == '/')
		rl--;
	if (rl > 0 && strncmp(path, root, rl) == 0 && path[rl] == '/')
		return path + rl;
	return NULL;
}

void
ha_collect_error(json_t *facts, const char *source, const char *fmt, ...)
{
	json_t *errors = json_object_get(facts, "errors");
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = ha_xvasprintf(fmt, ap);
	va_end(ap);
	if (!json_is_array(errors)) {
		errors = json_array();
		json_object_set_new(facts, "errors", errors);
	}
	json_array_append_new(errors, json_pack("{s:s, s:s}", "source", source,
	    "message", msg));
	free(msg);
}

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
		ha_collect_engine(o, facts);
		remote_host(facts);
		return facts;
	}
	ha_collect_host(o, facts);
	ha_collect_engine(o, facts);
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

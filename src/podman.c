/* SPDX-License-Identifier: Apache-2.0 */
/*
 * podman.c - checks on Podman's Docker-compatible API: what applies as
 * for Docker, what has no meaning, what is judged on Podman's own
 * equivalent.  See ha_podman.h.
 *
 * One table (rows[]) names, by check id or id prefix, what becomes of a
 * check on Podman: skipped with the reason (it is about dockerd, its
 * files, containerd or swarm), judged here on Podman's equivalent (its
 * graph root, /etc/containers, containers.conf and storage.conf, its
 * socket, registries.conf as GET /info reports it), or run as for Docker
 * (every check the table does not name: the container, image and client
 * checks).  A check judged "instead" says so at the head of its message.
 * Where a Docker check's logic fits as it is (the partition and audit
 * checks), it runs over the facts with its path replaced by Podman's.
 */
#include <stdlib.h>
#include <string.h>

#include "ha_buf.h"
#include "ha_check.h"
#include "ha_facts.h"
#include "ha_podman.h"
#include "ha_report.h"
#include "banned.h"

typedef enum ha_status judge_fn(const struct ha_check *c, const json_t *facts,
    struct ha_result *res);

struct row {
	const char	*id;	/* a check id, or a prefix ending in '*' */
	const char	*why;	/* skip with this reason */
	judge_fn	*judge;	/* or judge Podman's equivalent */
};				/* neither: run as for Docker */

#define SEE		" (see hostaudit(8), PODMAN)"
#define NO_DOCKERD	"Podman: no dockerd; its flags and daemon.json " \
			"do not apply" SEE
#define NO_UNITS	"Podman: no dockerd, so no docker.service or " \
			"docker.socket unit" SEE
#define NO_ENVFILE	"Podman: no dockerd to read /etc/default/docker or " \
			"/etc/sysconfig/docker" SEE
#define NO_CONTAINERD	"Podman: no containerd; containers run under conmon " \
			"and the OCI runtime (see host.audit-runc)"
#define NO_SWARM	"Podman: no swarm mode"
#define NO_TLS		"Podman: no dockerd TLS settings or certificates" SEE
#define NO_GATE		"whoever can open its socket controls it (see " \
			"file.docker-sock-owner and file.docker-sock-mode)"

static judge_fn judge_partition, judge_audit, judge_file, judge_insecure,
    judge_driver, judge_engine, judge_userns, judge_seccomp, judge_non_root;

/* First match wins: exact ids before the prefixes that cover them. */
static const struct row rows[] = {
	/* 1: host configuration */
	{ "host.data-root-partition", NULL, judge_partition },
	{ "host.docker-group", "Podman: no docker group; " NO_GATE, NULL },
	{ "host.audit-dockerd", "Podman: no dockerd binary; the API service "
	    "is podman itself and containers need no daemon" SEE, NULL },
	{ "host.audit-var-lib-docker", NULL, judge_audit },
	{ "host.audit-etc-docker", NULL, judge_audit },
	{ "host.audit-daemon-json", NULL, judge_audit },
	{ "host.audit-runc", NULL, judge_audit },
	{ "host.audit-docker-service", NO_UNITS, NULL },
	{ "host.audit-docker-socket-unit", NO_UNITS, NULL },
	{ "host.audit-etc-default-docker", NO_ENVFILE, NULL },
	{ "host.audit-etc-sysconfig-docker", NO_ENVFILE, NULL },
	{ "host.audit-run-containerd", NO_CONTAINERD, NULL },
	{ "host.audit-containerd-*", NO_CONTAINERD, NULL },
	/* the engine socket audited is Podman's: as for Docker */
	{ "host.audit-docker-sock", NULL, NULL },
	/* 2 and hostaudit's own: dockerd's settings */
	{ "daemon.non-root", NULL, judge_non_root },
	{ "daemon.insecure-registries", NULL, judge_insecure },
	{ "daemon.aufs", NULL, judge_driver },
	{ "daemon.devicemapper", NULL, judge_engine },
	{ "daemon.userns-remap", NULL, judge_userns },
	{ "daemon.seccomp-profile", NULL, judge_seccomp },
	{ "daemon.experimental", "Podman: no experimental mode (GET /info "
	    "always reports ExperimentalBuild true: not a finding)", NULL },
	{ "daemon.live-restore", "Podman: no daemon to restore; each "
	    "container runs under its own conmon and outlives the API service "
	    "(GET /info always reports LiveRestoreEnabled false: not a "
	    "finding)", NULL },
	{ "daemon.no-new-privileges", "Podman: no engine-wide "
	    "no-new-privileges setting (containers.conf has none); "
	    "container.no-new-privileges judges each container", NULL },
	{ "daemon.authorization-plugin", "Podman: no authorization plugins; "
	    NO_GATE, NULL },
	{ "daemon.swarm", NO_SWARM, NULL },
	{ "daemon.tls-cert-expiry", NO_TLS, NULL },
	{ "daemon.*", NO_DOCKERD, NULL },
	/* 3: configuration files */
	{ "file.etc-docker-owner", NULL, judge_file },
	{ "file.etc-docker-mode", NULL, judge_file },
	{ "file.docker-sock-owner", NULL, judge_file },
	{ "file.docker-sock-mode", NULL, judge_file },
	{ "file.daemon-json-owner", NULL, judge_file },
	{ "file.daemon-json-mode", NULL, judge_file },
	/* containers/image reads /etc/docker/certs.d too: as for Docker */
	{ "file.registry-certs-*", NULL, NULL },
	{ "file.docker-service-*", NO_UNITS, NULL },
	{ "file.docker-socket-unit-*", NO_UNITS, NULL },
	{ "file.etc-default-docker-*", NO_ENVFILE, NULL },
	{ "file.etc-sysconfig-docker-*", NO_ENVFILE, NULL },
	{ "file.containerd-sock-*", NO_CONTAINERD, NULL },
	{ "file.tls*", NO_TLS, NULL },
	/* 7: swarm */
	{ "swarm.*", NO_SWARM, NULL },
};

static const char *
or_q(const char *s)
{
	return s != NULL ? s : "?";
}

int
ha_podman_is(const json_t *facts)
{
	const char *kind = ha_facts_engine_kind(facts);

	return kind != NULL && strcmp(kind, "podman") == 0;
}

static const struct row *
find_row(const char *id)
{
	size_t i, n;

	for (i = 0; i < HA_ARRAY_SIZE(rows); i++) {
		n = strlen(rows[i].id);
		if (rows[i].id[n - 1] == '*' ? strncmp(id, rows[i].id,
		    n - 1) == 0 : strcmp(id, rows[i].id) == 0)
			return &rows[i];
	}
	return NULL;
}

int
ha_podman_ready(const struct ha_check *c, const json_t *facts,
    struct ha_result *res)
{
	const struct row *r;

	if (!ha_podman_is(facts) || (r = find_row(c->id)) == NULL ||
	    (r->why == NULL && r->judge == NULL))
		return 1;
	if (r->judge != NULL)
		r->judge(c, facts, res);
	else
		ha_result_set(res, HA_SKIP, "%s", r->why);
	if (res->message == NULL)
		res->message = ha_xstrdup("");
	return 0;
}

/* --- reading facts.podman -------------------------------------------- */

const json_t *
ha_podman_setting(const json_t *facts, const char *key, const char **source)
{
	const json_t *s = json_object_get(ha_facts_get(facts,
	    "podman.containers_conf.settings"), key);

	if (source != NULL)
		*source = json_string_value(json_object_get(s, "source"));
	return json_object_get(s, "value");
}

const char *
ha_podman_default_network(const json_t *facts)
{
	const char *n = json_string_value(ha_podman_setting(facts,
	    "network.default_network", NULL));

	return n != NULL && *n != '\0' ? n : "podman";
}

/* Podman's version as major.minor: 0, or -1 when unknown. */
static int
version_of(const json_t *facts, long *major, long *minor)
{
	const char *v = ha_facts_str(facts, "engine.version.Version");
	char *end;

	if (v == NULL)
		v = ha_facts_str(facts, "engine.libpod_api_version");
	if (v == NULL)
		return -1;
	*major = strtol(v, &end, 10);
	if (end == v || *end != '.')
		return -1;
	v = end + 1;
	*minor = strtol(v, &end, 10);
	return end == v ? -1 : 0;
}

int
ha_podman_ipc_host(const json_t *facts, const json_t *obj,
    struct ha_buf *d)
{
	const char *mode = ha_facts_str(obj, "HostConfig.IpcMode");
	const char *id = json_string_value(json_object_get(obj, "Id"));
	const char *ver = ha_facts_str(facts, "engine.version.Version");
	const json_t *ns, *host;
	long major = 0, minor = 0;

	if (!ha_podman_is(facts) || mode == NULL ||
	    strcmp(mode, "shareable") != 0)
		return -1;
	/* an unknown version may be one of them */
	if (version_of(facts, &major, &minor) == 0 && (major != 4 ||
	    minor < 1 || minor > 3))
		return -1;
	ns = json_object_get(ha_facts_get(facts, "podman.ipc"),
	    id != NULL ? id : "");
	host = json_object_get(ns, "host");
	if (json_is_boolean(host)) {
		ha_buf_addf(d, "IpcMode: shareable; its process is in %s IPC "
		    "namespace", json_is_true(host) ? "the host's" :
		    "an");
		if (json_is_false(host))
			ha_buf_addstr(d, " of its own");
		return json_is_true(host) ? 1 : 0;
	}
	ha_buf_addf(d, "IpcMode: shareable, which Podman %s also reports for "
	    "the host's IPC namespace (fixed in Podman 4.4): ",
	    ver != NULL ? ver : "4.1 to 4.3");
	if (json_is_string(json_object_get(ns, "error")))
		ha_buf_addf(d, "its namespace could not be read: %s",
		    json_string_value(json_object_get(ns, "error")));
	else if (json_is_true(ha_facts_get(obj, "State.Running")))
		ha_buf_addstr(d, "its namespace was not collected "
		    "(facts.podman.ipc)");
	else
		ha_buf_addstr(d, "not judged while the container is not "
		    "running");
	return 2;
}

/* facts.podman.KEY, or NULL after setting res to an error. */
static const json_t *
podman_fact(const json_t *facts, const char *key, struct ha_result *res)
{
	const json_t *pm = ha_facts_get(facts, "podman");
	const json_t *v = json_object_get(pm, key);

	if (v != NULL && !json_is_null(v))
		return v;
	if (!json_is_object(pm))
		ha_result_set(res, HA_ERROR, "Podman: no Podman facts "
		    "collected (facts.podman)");
	else
		ha_result_set(res, HA_ERROR, "Podman: facts.podman.%s was not "
		    "collected", key);
	return NULL;
}

/*
 * The containers.conf (or storage.conf) object of facts.podman, or NULL
 * after setting res to an error: a file that could not be read or parsed
 * leaves the effective settings unknown.
 */
static const json_t *
conf_of(const json_t *facts, const char *key, struct ha_result *res)
{
	const json_t *cf = podman_fact(facts, key, res);
	const char *err = json_string_value(json_object_get(cf, "error"));

	if (cf == NULL)
		return NULL;
	if (err != NULL) {
		ha_result_set(res, HA_ERROR, "Podman: %s", err);
		return NULL;
	}
	return cf;
}

/* --- judged by the Docker check's own logic ---------------------------- */

/*
 * Run c's own evaluation over facts with SECTION.KEY replaced by entry:
 * the Docker check judges Podman's path.  Its message is then prefixed
 * with what was judged instead.
 */
static enum ha_status
eval_with(const struct ha_check *c, const json_t *facts, const char *section,
    const char *key, const json_t *entry, const char *what,
    struct ha_result *res)
{
	json_t *f = json_copy((json_t *)facts), *sec;
	struct ha_ctx ctx;
	char *msg;

	sec = json_object_get(facts, section);
	sec = json_is_object(sec) ? json_copy(sec) : json_object();
	if (f == NULL || sec == NULL)
		ha_die_oom();
	json_object_set(sec, key, (json_t *)entry);
	json_object_set_new(f, section, sec);
	ctx.facts = f;
	ctx.params = NULL;
	res->status = HA_ERROR;
	c->eval(&ctx, res);
	json_decref(f);
	msg = ha_xstrdup(res->message != NULL ? res->message : "");
	ha_result_set(res, res->status, "Podman: %s: %s", what, msg);
	free(msg);
	return res->status;
}

static enum ha_status
judge_partition(const struct ha_check *c, const json_t *facts,
    struct ha_result *res)
{
	const json_t *gr = podman_fact(facts, "graph_root", res);

	if (gr == NULL)
		return HA_ERROR;
	if (json_object_get(gr, "path") == NULL)
		return ha_result_set(res, HA_ERROR, "Podman: %s",
		    or_q(ha_facts_str(gr, "error")));
	return eval_with(c, facts, "audit_paths", "data_root", gr,
	    "its graph root (GET /info DockerRootDir) instead of dockerd's "
	    "data root", res);
}

/* The file entry of path in a *_conf object's files, or a missing one. */
static json_t *
conf_entry(const json_t *cf, const char *path)
{
	const json_t *e;
	size_t i;

	json_array_foreach(json_object_get(cf, "files"), i, e)
		if (json_is_string(json_object_get(e, "path")) &&
		    strcmp(ha_facts_str(e, "path"), path) == 0)
			return json_incref((json_t *)e);
	return json_pack("{s:s, s:s, s:b}", "path", path, "real_path", path,
	    "exists", 0);
}

/* The audit checks of dockerd's files that Podman has: its own path. */
static enum ha_status
judge_audit(const struct ha_check *c, const json_t *facts,
    struct ha_result *res)
{
	static const struct {
		const char	*id, *key, *fact, *what;
	} map[] = {
		{ "host.audit-var-lib-docker", "data_root", "graph_root",
		    "its graph root instead of dockerd's data root" },
		{ "host.audit-etc-docker", "etc_docker", "etc_containers",
		    "/etc/containers instead of /etc/docker" },
		{ "host.audit-daemon-json", "daemon_json", "containers_conf",
		    "containers.conf instead of daemon.json" },
		{ "host.audit-runc", "runc", "oci_runtime",
		    "its OCI runtime (GET /info DefaultRuntime)" },
	};
	const json_t *v = NULL;
	json_t *entry;
	enum ha_status st;
	size_t i;

	for (i = 0; i < HA_ARRAY_SIZE(map); i++)
		if (strcmp(c->id, map[i].id) == 0)
			break;
	if (i == HA_ARRAY_SIZE(map))
		return ha_result_set(res, HA_ERROR, "Podman: no equivalent "
		    "for '%s'", c->id);
	if ((v = podman_fact(facts, map[i].fact, res)) == NULL)
		return HA_ERROR;
	if (strcmp(map[i].fact, "containers_conf") == 0)
		entry = conf_entry(v, "/etc/containers/containers.conf");
	else
		entry = json_incref((json_t *)v);
	if (json_object_get(entry, "path") == NULL) {
		st = ha_result_set(res, HA_ERROR, "Podman: %s: %s",
		    map[i].what, or_q(ha_facts_str(entry, "error")));
		json_decref(entry);
		return st;
	}
	st = eval_with(c, facts, "audit_paths", map[i].key, entry,
	    map[i].what, res);
	json_decref(entry);
	return st;
}

/* --- owner and mode of Podman's files ---------------------------------- */

/* What a file must be: its owner (uid; gid or -1 for any) and mode. */
struct want {
	long long	 uid, gid;
	unsigned int	 mask;		/* most permissive mode allowed */
	const char	*type;
};

/* The stat of e to judge (a symlink's target), or NULL: *st says why. */
static const json_t *
judged(const json_t *e, enum ha_status *st, const char **why)
{
	const json_t *r;

	if ((*why = json_string_value(json_object_get(e, "error"))) != NULL) {
		*st = HA_ERROR;
		return NULL;
	}
	if (!json_is_true(json_object_get(e, "exists"))) {
		*st = HA_SKIP;
		*why = "not present";
		return NULL;
	}
	if (!json_is_string(json_object_get(e, "type")) || strcmp(
	    json_string_value(json_object_get(e, "type")), "symlink") != 0)
		return e;
	r = json_object_get(e, "resolved");
	if (json_is_object(r) && json_is_true(json_object_get(r, "exists")))
		return r;
	*st = HA_ERROR;
	*why = "symbolic link whose target was not examined";
	return NULL;
}

static enum ha_status
judge_owner(const json_t *s, const struct want *w, struct ha_buf *d)
{
	long long uid, gid;

	if (ha_facts_int(s, "uid", &uid) != 0 ||
	    ha_facts_int(s, "gid", &gid) != 0) {
		ha_buf_addstr(d, "owner not collected");
		return HA_ERROR;
	}
	ha_buf_addf(d, "owned by %s:%s (%lld:%lld)", or_q(ha_facts_str(s,
	    "user")), or_q(ha_facts_str(s, "group")), uid, gid);
	if (uid == w->uid && (w->gid < 0 || gid == w->gid))
		return HA_PASS;
	if (w->gid >= 0)
		ha_buf_addf(d, ", expected %lld:%lld", w->uid, w->gid);
	else
		ha_buf_addf(d, ", expected the owner uid %lld", w->uid);
	return HA_FAIL;
}

static enum ha_status
judge_mode(const json_t *s, const struct want *w, struct ha_buf *d)
{
	long long m;
	unsigned int extra;

	if (ha_facts_int(s, "mode", &m) != 0 || m < 0 || m > 07777) {
		ha_buf_addstr(d, "mode not collected");
		return HA_ERROR;
	}
	extra = (unsigned int)m & ~w->mask;
	ha_buf_addf(d, "mode %04llo", m);
	if (extra == 0) {
		ha_buf_addf(d, ", within %04o", w->mask);
		return HA_PASS;
	}
	ha_buf_addf(d, ", allowed at most %04o (extra bits %04o)", w->mask,
	    extra);
	return HA_FAIL;
}

/* One file: a target of res.  Returns its status. */
static enum ha_status
judge_entry(const json_t *e, const struct want *w, int owner,
    struct ha_result *res)
{
	const char *path = or_q(ha_facts_str(e, "path")), *why, *type;
	enum ha_status st = HA_ERROR;
	const json_t *s = judged(e, &st, &why);
	struct ha_buf d;

	ha_buf_init(&d, HA_BUF_NOCAP);
	if (s == NULL)
		ha_buf_addstr(&d, why);
	else if ((type = ha_facts_str(s, "type")) != NULL &&
	    strcmp(type, w->type) != 0) {
		ha_buf_addf(&d, "not a %s (type %s)", strcmp(w->type, "dir") ?
		    w->type : "directory", type);
		st = HA_FAIL;
	} else
		st = owner ? judge_owner(s, w, &d) : judge_mode(s, w, &d);
	ha_result_add_target(res, "file", path, st, "%s", d.data);
	ha_buf_release(&d);
	return st;
}

/* The uid Podman runs as (facts.podman.user), or -1. */
static long long
podman_uid(const json_t *facts)
{
	long long uid;

	return ha_facts_int(facts, "podman.user.uid", &uid) == 0 ? uid : -1;
}

/*
 * Every containers.conf and storage.conf file: the system's root:root
 * and at most 0644 like daemon.json, a rootless user's own files owned
 * by that user and writable by no one else.
 */
static enum ha_status
judge_confs(const json_t *facts, int owner, struct ha_result *res)
{
	static const char *const keys[] = { "containers_conf",
	    "storage_conf" };
	struct want sys = { 0, 0, 0644, "file" }, user = { -1, -1, 0644,
	    "file" };
	const json_t *cf, *e;
	size_t i, k, n = 0;
	const char *scope;
	char *msg;

	user.uid = podman_uid(facts);
	for (k = 0; k < HA_ARRAY_SIZE(keys); k++) {
		if ((cf = podman_fact(facts, keys[k], res)) == NULL)
			return HA_ERROR;
		json_array_foreach(json_object_get(cf, "files"), i, e) {
			scope = ha_facts_str(e, "scope");
			if (scope != NULL && strcmp(scope, "user") == 0 &&
			    user.uid < 0)
				ha_result_add_target(res, "file",
				    or_q(ha_facts_str(e, "path")), HA_ERROR,
				    "the rootless user Podman runs as is "
				    "unknown");
			else
				judge_entry(e, scope != NULL && strcmp(scope,
				    "user") == 0 ? &user : &sys, owner, res);
			n++;
		}
	}
	if (n == 0)
		return ha_result_set(res, HA_SKIP, "Podman: no containers.conf "
		    "or storage.conf on this host (its built-in defaults "
		    "apply)");
	ha_result_fold(res);
	msg = ha_xstrdup(res->message);
	ha_result_set(res, res->status, "Podman: containers.conf and "
	    "storage.conf instead of daemon.json: %s", msg);
	free(msg);
	return res->status;
}

/*
 * Podman's API socket: root's and not reachable by others when rootful;
 * the rootless user's, likewise, when rootless.  Unlike dockerd's, no
 * group is expected: Podman has no docker group.
 */
static enum ha_status
judge_socket(const json_t *facts, int owner, struct ha_result *res)
{
	const json_t *e = ha_facts_file(facts, "docker_sock");
	struct want w = { 0, -1, 0770, "socket" };
	int rootless = json_is_true(ha_facts_get(facts, "podman.rootless"));
	enum ha_status st;
	char *msg;

	if (!json_is_object(e))
		return ha_result_set(res, HA_SKIP, "Podman: no socket "
		    "collected (facts.files.docker_sock)");
	if (rootless && (w.uid = podman_uid(facts)) < 0)
		return ha_result_set(res, HA_ERROR, "Podman: the rootless user "
		    "it runs as is unknown");
	st = judge_entry(e, &w, owner, res);
	msg = ha_xstrdup(res->targets[res->ntargets - 1].detail);
	ha_result_set(res, st, "Podman: its socket '%s' (%s: owned by %s, "
	    "no access for others): %s", or_q(ha_facts_str(e, "path")),
	    rootless ? "rootless" : "rootful", rootless ? "its user" : "root",
	    msg);
	free(msg);
	return st;
}

/* /etc/docker, the socket, daemon.json: Podman's files instead. */
static enum ha_status
judge_file(const struct ha_check *c, const json_t *facts,
    struct ha_result *res)
{
	struct want etc = { 0, 0, 0755, "dir" };
	int owner = ha_ends_with(c->id, "-owner");
	const json_t *e;
	enum ha_status st;
	char *msg;

	if (strstr(c->id, "docker-sock") != NULL)
		return judge_socket(facts, owner, res);
	if (strstr(c->id, "daemon-json") != NULL)
		return judge_confs(facts, owner, res);
	if ((e = podman_fact(facts, "etc_containers", res)) == NULL)
		return HA_ERROR;
	st = judge_entry(e, &etc, owner, res);
	msg = ha_xstrdup(res->targets[res->ntargets - 1].detail);
	ha_result_set(res, st, "Podman: /etc/containers instead of "
	    "/etc/docker: %s", msg);
	free(msg);
	return st;
}

/* --- Podman's settings --------------------------------------------------- */

/* GET /info, or NULL after setting res (the engine did not answer). */
static const json_t *
engine_info(const json_t *facts, struct ha_result *res)
{
	const json_t *info = ha_facts_get(facts, "engine.info");
	const char *st = ha_facts_str(facts, "engine.status");

	if (json_is_object(info))
		return info;
	if (st != NULL && strcmp(st, "absent") == 0)
		ha_result_set(res, HA_SKIP, "no engine on this host");
	else
		ha_result_set(res, HA_ERROR, "Podman: engine info (GET /info) "
		    "was not collected");
	return NULL;
}

/*
 * daemon.insecure-registries: registries.conf's insecure registries,
 * which Podman reports in GET /info RegistryConfig.IndexConfigs (Secure
 * false).  Its InsecureRegistryCIDRs is always empty and is not read.
 */
static enum ha_status
judge_insecure(const struct ha_check *c, const json_t *facts,
    struct ha_result *res)
{
	const json_t *info = engine_info(facts, res), *idx, *v;
	const char *k;
	size_t n = 0;

	(void)c;
	if (info == NULL)
		return res->status;
	idx = ha_facts_get(info, "RegistryConfig.IndexConfigs");
	if (idx != NULL && !json_is_null(idx) && !json_is_object(idx))
		return ha_result_set(res, HA_ERROR, "Podman: GET /info "
		    "RegistryConfig.IndexConfigs is not an object");
	json_object_foreach((json_t *)idx, k, v) {
		if (!json_is_false(json_object_get(v, "Secure")))
			continue;
		ha_result_add_target(res, "registry", k, HA_FAIL, "insecure "
		    "in registries.conf (GET /info IndexConfigs)");
		n++;
	}
	if (n > 0)
		return ha_result_set(res, HA_FAIL, "Podman: %zu insecure "
		    "registr%s in registries.conf", n, n == 1 ? "y" : "ies");
	return ha_result_set(res, HA_PASS, "Podman: no insecure registry in "
	    "registries.conf (GET /info RegistryConfig.IndexConfigs)");
}

/* daemon.aufs: the storage driver (storage.conf), as GET /info says. */
static enum ha_status
judge_driver(const struct ha_check *c, const json_t *facts,
    struct ha_result *res)
{
	const json_t *info = engine_info(facts, res);
	const char *drv;

	(void)c;
	if (info == NULL)
		return res->status;
	if ((drv = ha_facts_str(info, "Driver")) == NULL)
		return ha_result_set(res, HA_ERROR, "Podman: GET /info has no "
		    "storage Driver");
	return ha_result_set(res, strcmp(drv, "aufs") == 0 ? HA_FAIL :
	    HA_PASS, "Podman: storage driver %s (storage.conf; GET /info "
	    "Driver)", drv);
}

/*
 * A daemon check that reads only what the engine answers (GET /info):
 * its own evaluation, without dockerd's settings, which Podman has not.
 */
static enum ha_status
judge_engine(const struct ha_check *c, const json_t *facts,
    struct ha_result *res)
{
	struct ha_ctx ctx;
	char *msg;

	if (engine_info(facts, res) == NULL)
		return res->status;
	ctx.facts = facts;
	ctx.params = NULL;
	res->status = HA_ERROR;
	c->eval(&ctx, res);
	msg = ha_xstrdup(res->message != NULL ? res->message : "");
	ha_result_set(res, res->status, "Podman: %s", msg);
	free(msg);
	return res->status;
}

/*
 * daemon.userns-remap: rootless Podman runs every container in its
 * user's namespace; rootful Podman maps container users when
 * containers.conf sets userns (auto, ...) or storage.conf sets
 * remap-uids or remap-user.
 */
static enum ha_status
judge_userns(const struct ha_check *c, const json_t *facts,
    struct ha_result *res)
{
	static const char *const remap[] = {
		"storage.options.remap-user", "storage.options.remap-uids",
	};
	const json_t *sc, *s;
	const char *u, *v, *src;
	size_t i;

	(void)c;
	if (json_is_true(ha_facts_get(facts, "podman.rootless")))
		return ha_result_set(res, HA_PASS, "Podman runs rootless: its "
		    "containers run in its user's namespace, mapped to that "
		    "user's subordinate ids");
	if (conf_of(facts, "containers_conf", res) == NULL ||
	    (sc = conf_of(facts, "storage_conf", res)) == NULL)
		return HA_ERROR;
	u = json_string_value(ha_podman_setting(facts, "containers.userns",
	    &src));
	if (u != NULL && *u != '\0' && strcmp(u, "host") != 0)
		return ha_result_set(res, HA_PASS, "Podman: containers.conf "
		    "userns \"%s\" (%s)", u, or_q(src));
	for (i = 0; i < HA_ARRAY_SIZE(remap); i++) {
		s = json_object_get(json_object_get(sc, "settings"), remap[i]);
		v = json_string_value(json_object_get(s, "value"));
		if (v != NULL && *v != '\0')
			return ha_result_set(res, HA_PASS, "Podman: storage."
			    "conf %s \"%s\" (%s)", remap[i] +
			    strlen("storage.options."), v,
			    or_q(ha_facts_str(s, "source")));
	}
	return ha_result_set(res, HA_FAIL, "Podman runs rootful and "
	    "containers.conf sets no userns (nor storage.conf remap-uids): "
	    "containers share the host's user namespace");
}

/* daemon.seccomp-profile: containers.conf seccomp_profile. */
static enum ha_status
judge_seccomp(const struct ha_check *c, const json_t *facts,
    struct ha_result *res)
{
	const char *p, *src;

	(void)c;
	if (conf_of(facts, "containers_conf", res) == NULL)
		return HA_ERROR;
	p = json_string_value(ha_podman_setting(facts,
	    "containers.seccomp_profile", &src));
	if (p == NULL || *p == '\0')
		return ha_result_set(res, HA_PASS, "Podman: containers.conf "
		    "sets no seccomp_profile: Podman's default profile");
	if (strcmp(p, "unconfined") == 0)
		return ha_result_set(res, HA_FAIL, "Podman: containers.conf "
		    "seccomp_profile unconfined (%s)", or_q(src));
	return ha_result_set(res, HA_PASS, "Podman: containers.conf "
	    "seccomp_profile '%s' (%s)", p, or_q(src));
}

/* daemon.non-root: rootless Podman, run by an ordinary user. */
static enum ha_status
judge_non_root(const struct ha_check *c, const json_t *facts,
    struct ha_result *res)
{
	const char *name = ha_facts_str(facts, "podman.user.name");
	long long uid = podman_uid(facts);

	if (!json_is_true(ha_facts_get(facts, "podman.rootless")))
		return ha_result_set(res, HA_MANUAL, "needs a person: Podman "
		    "runs rootful; 'hostaudit --explain %s' lists the steps",
		    c->id);
	if (uid < 0)
		return ha_result_set(res, HA_ERROR, "Podman runs rootless, but "
		    "the user it runs as is unknown");
	return ha_result_set(res, uid == 0 ? HA_FAIL : HA_PASS, "Podman runs "
	    "rootless as user %s (uid %lld)%s", or_q(name), uid, uid == 0 ?
	    ", which is root on the host" : "");
}

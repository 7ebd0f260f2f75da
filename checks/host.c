/* SPDX-License-Identifier: Apache-2.0 */
/*
 * host.c - CIS Docker Benchmark section 1: host configuration.
 *
 * 1.1.1 reads facts.host.mounts and the data root, 1.1.2 facts.host.
 * docker_group, 1.1.3-1.1.18 facts.audit and facts.audit_paths (collected
 * by src/audit.c).  1.2.1 and 1.2.2 need a person.
 *
 * Where benchmark versions audit differently, the profile says how:
 * 1.1.9 watches the docker.socket unit up to CIS 1.6.0 and the socket
 * docker.sock from 1.7.0 (two checks, as they watch two files), and from
 * 1.7.0 the data root's watch comes with exclusions (the parameter
 * data_root_excludes).
 */
#include <stdlib.h>
#include <string.h>

#include "ha_daemon.h"
#include "ha_facts.h"
#include "ha_report.h"
#include "checks.h"
#include "banned.h"

/* The message collect recorded in facts.errors[] for source, or NULL. */
static const char *
collect_error(const json_t *facts, const char *source)
{
	const json_t *e;
	const char *s;
	size_t i;

	json_array_foreach(ha_facts_get(facts, "errors"), i, e) {
		s = json_string_value(json_object_get(e, "source"));
		if (s != NULL && strcmp(s, source) == 0)
			return json_string_value(json_object_get(e, "message"));
	}
	return NULL;
}

/* 1 when path is dir or lies beneath it (component-wise). */
static int
path_under(const char *path, const char *dir)
{
	size_t n = strlen(dir);

	if (strcmp(dir, "/") == 0)
		return path[0] == '/';
	return strncmp(path, dir, n) == 0 && (path[n] == '\0' ||
	    path[n] == '/');
}

/*
 * 1 when mounts a and b show the same filesystem: the same "dev"
 * (major:minor) when collect recorded it, else the same block device
 * source and type.  dockerd bind-mounts its data root onto itself, so a
 * mount point of its own is not enough.
 */
static int
same_fs(const json_t *a, const json_t *b)
{
	const char *da = json_string_value(json_object_get(a, "dev"));
	const char *db = json_string_value(json_object_get(b, "dev"));
	const char *sa = json_string_value(json_object_get(a, "source"));
	const char *sb = json_string_value(json_object_get(b, "source"));
	const char *fa = json_string_value(json_object_get(a, "fstype"));
	const char *fb = json_string_value(json_object_get(b, "fstype"));

	if (da != NULL && db != NULL)
		return strcmp(da, db) == 0;
	return sa != NULL && sb != NULL && sa[0] == '/' &&
	    strcmp(sa, sb) == 0 && fa != NULL && fb != NULL &&
	    strcmp(fa, fb) == 0;
}

/* The visible mount whose mount point is the longest prefix of path. */
static const json_t *
mount_of(const json_t *mounts, const char *path)
{
	const json_t *m, *best = NULL;
	const char *mp, *bp = NULL;
	size_t i;

	json_array_foreach(mounts, i, m) {
		mp = json_string_value(json_object_get(m, "mount_point"));
		/* >=: of two mounts on one point the later one is visible */
		if (mp != NULL && path_under(path, mp) &&
		    (bp == NULL || strlen(mp) >= strlen(bp))) {
			bp = mp;
			best = m;
		}
	}
	return best;
}

/* 1.1.1: the data root's filesystem is not the root filesystem. */
static enum ha_status
eval_partition(const struct ha_ctx *ctx, struct ha_result *res)
{
	const json_t *mounts = ha_facts_get(ctx->facts, "host.mounts");
	const json_t *m, *rootm;
	const char *dr, *mp, *err, *fs;

	dr = ha_facts_str(ctx->facts, "audit_paths.data_root.real_path");
	if (dr == NULL)
		dr = json_string_value(ha_facts_setting(ctx->facts,
		    "data-root", NULL));
	if (dr == NULL)		/* a rootless daemon's is its user's */
		dr = ha_facts_str(ctx->facts, "daemon.rootless.data_root");
	if (dr == NULL || dr[0] != '/')
		dr = "/var/lib/docker";
	if (!json_is_array(mounts)) {
		err = collect_error(ctx->facts, "host.mounts");
		return ha_result_set(res, HA_ERROR, "no mount table "
		    "collected%s%s", err ? ": " : "", err ? err : "");
	}
	if ((m = mount_of(mounts, dr)) == NULL)
		return ha_result_set(res, HA_ERROR, "no mount point in the "
		    "mount table contains the data root '%s'", dr);
	mp = json_string_value(json_object_get(m, "mount_point"));
	if (strcmp(mp, "/") == 0)
		return ha_result_set(res, HA_FAIL, "the data root '%s' is on "
		    "the root filesystem", dr);
	rootm = mount_of(mounts, "/");
	if (rootm != NULL && same_fs(m, rootm))
		return ha_result_set(res, HA_FAIL, "the data root '%s' is on "
		    "the root filesystem (mounted at '%s' from the same device "
		    "as '/')", dr, mp);
	fs = json_string_value(json_object_get(m, "fstype"));
	return ha_result_set(res, HA_PASS, "the data root '%s' is on its own "
	    "filesystem mounted at '%s' (%s)", dr, mp, fs ? fs : "?");
}

/* 1 when name is a string in the array list. */
static int
in_list(const json_t *list, const char *name)
{
	const json_t *v;
	size_t i;

	json_array_foreach(list, i, v)
		if (json_is_string(v) &&
		    strcmp(json_string_value(v), name) == 0)
			return 1;
	return 0;
}

/* The docker_group_users parameter: NULL when unset, list, or error. */
static int
trusted_users(const struct ha_ctx *ctx, const json_t **out)
{
	const json_t *v = json_object_get(ctx->params, "docker_group_users");
	size_t i;
	const json_t *u;

	*out = NULL;
	if (v == NULL || json_is_null(v))
		return 0;
	if (!json_is_array(v))
		return -1;
	json_array_foreach(v, i, u)
		if (!json_is_string(u))
			return -1;
	*out = v;
	return 0;
}

/*
 * 1.1.2: members of the docker group.  With docker_group_users, members
 * outside it fail; without it the members are listed (info) for review,
 * since only a person knows whom to trust.  No member passes.
 */
static enum ha_status
eval_group(const struct ha_ctx *ctx, struct ha_result *res)
{
	const json_t *g = ha_facts_get(ctx->facts, "host.docker_group");
	const json_t *members = json_object_get(g, "members"), *trusted, *m;
	const char *err = collect_error(ctx->facts, "host.docker_group");
	const json_t *rl;
	struct ha_buf all, bad;
	size_t i, nbad = 0, n;
	enum ha_status st;

	/* the docker group is the system daemon's: root:docker socket */
	if (ha_daemon_rootless(ctx->facts, &rl))
		return ha_result_set(res, HA_SKIP, "rootless dockerd: its "
		    "socket belongs to the user it runs as, not to the docker "
		    "group, whose members have no access to it (3.15 and 3.16 "
		    "judge who has)");
	if (err != NULL || g == NULL)
		return ha_result_set(res, HA_ERROR, "%s",
		    err ? err : "no docker group facts collected");
	if (json_is_null(g))
		return ha_result_set(res, HA_SKIP, "no 'docker' group on this "
		    "host");
	if (trusted_users(ctx, &trusted) < 0)
		return ha_result_set(res, HA_ERROR, "profile parameter "
		    "docker_group_users must be an array of user names");
	if ((n = json_array_size(members)) == 0)
		return ha_result_set(res, HA_PASS, "the docker group has no "
		    "members");
	ha_buf_init(&all, HA_BUF_NOCAP);
	ha_buf_init(&bad, HA_BUF_NOCAP);
	json_array_foreach(members, i, m) {
		const char *name = json_string_value(m);
		int ok = trusted == NULL || in_list(trusted, name ? name : "");

		if (name == NULL)
			continue;
		ha_buf_addf(&all, "%s%s", all.len ? ", " : "", name);
		if (!ok) {
			ha_buf_addf(&bad, "%s%s", bad.len ? ", " : "", name);
			nbad++;
		}
		ha_result_add_target(res, "user", name, trusted == NULL ?
		    HA_INFO : ok ? HA_PASS : HA_FAIL, "%s", trusted == NULL ?
		    "member of the docker group" : ok ? "listed in "
		    "docker_group_users" : "not in docker_group_users");
	}
	if (trusted == NULL)
		st = ha_result_set(res, HA_INFO, "%zu docker group member%s to "
		    "review (set docker_group_users to check them): %s", n,
		    n == 1 ? "" : "s", all.data);
	else if (nbad > 0)
		st = ha_result_set(res, HA_FAIL, "%zu docker group member%s "
		    "not in docker_group_users: %s", nbad, nbad == 1 ? "" : "s",
		    bad.data);
	else
		st = ha_result_set(res, HA_PASS, "every docker group member is "
		    "trusted: %s", all.data);
	ha_buf_release(&all);
	ha_buf_release(&bad);
	return st;
}

/*
 * What a row watches for a rootless dockerd: the same audit_paths entry
 * (collect already names the daemon's own data root, configuration
 * directory, daemon.json, unit and containerd socket there), its
 * containerd state under its exec root instead of /run/containerd, the
 * unit that runs it (not applicable without one), or nothing: a file it
 * does not read.
 */
enum audit_rootless {
	ARL_SAME,
	ARL_CONFIG,	/* the same, when its config directory is known */
	ARL_EXEC_ROOT,
	ARL_UNIT,
	ARL_NOT_READ,
};

/* 1.1.3-1.1.18: which facts.audit_paths key each check looks at. */
static const struct audit_row {
	const char		*id;
	const char		*key;
	enum audit_rootless	 rootless;
	const char		*why;	/* ARL_NOT_READ: the reason */
} audit_rows[] = {
	{ "host.audit-dockerd", "dockerd", ARL_SAME, NULL },
	{ "host.audit-run-containerd", "run_containerd", ARL_EXEC_ROOT, NULL },
	{ "host.audit-var-lib-docker", "data_root", ARL_SAME, NULL },
	{ "host.audit-etc-docker", "etc_docker", ARL_CONFIG, NULL },
	{ "host.audit-docker-service", "docker_service", ARL_UNIT, NULL },
	{ "host.audit-containerd-sock", "containerd_sock", ARL_SAME, NULL },
	{ "host.audit-docker-socket-unit", "docker_socket_unit", ARL_UNIT,
	    NULL },
	{ "host.audit-docker-sock", "docker_sock", ARL_SAME, NULL },
	{ "host.audit-etc-default-docker", "etc_default_docker", ARL_NOT_READ,
	    "it does not read /etc/default/docker, only the system's docker "
	    "service does" },
	{ "host.audit-daemon-json", "daemon_json", ARL_CONFIG, NULL },
	{ "host.audit-containerd-config", "containerd_config", ARL_NOT_READ,
	    "the containerd it starts reads a configuration dockerd writes "
	    "under its exec root at each start, not "
	    "/etc/containerd/config.toml" },
	{ "host.audit-etc-sysconfig-docker", "etc_sysconfig_docker",
	    ARL_NOT_READ, "it does not read /etc/sysconfig/docker, only the "
	    "system's docker service does" },
	{ "host.audit-containerd-bin", "containerd", ARL_SAME, NULL },
	{ "host.audit-containerd-shim", "containerd_shim", ARL_SAME, NULL },
	{ "host.audit-containerd-shim-runc-v1", "containerd_shim_runc_v1",
	    ARL_SAME, NULL },
	{ "host.audit-containerd-shim-runc-v2", "containerd_shim_runc_v2",
	    ARL_SAME, NULL },
	{ "host.audit-runc", "runc", ARL_SAME, NULL },
};

/* path with a usr-merged top directory replaced by its /usr twin. */
static char *
canon(const char *path, const json_t *merged)
{
	const json_t *d;
	size_t i;

	json_array_foreach(merged, i, d)
		if (json_is_string(d) && strcmp(json_string_value(d), "/") &&
		    path_under(path, json_string_value(d)))
			return ha_xasprintf("/usr%s", path);
	return ha_xstrdup(path);
}

/* 1 when the rule's path or real_path covers the target name t. */
static int
rule_covers(const json_t *rule, const char *t, const json_t *merged)
{
	static const char *const keys[] = { "path", "real_path" };
	const char *kind = json_string_value(json_object_get(rule, "kind"));
	int dir = kind != NULL && strcmp(kind, "dir") == 0, hit = 0;
	const char *p;
	char *c;
	size_t i;

	for (i = 0; i < HA_ARRAY_SIZE(keys) && !hit; i++) {
		p = json_string_value(json_object_get(rule, keys[i]));
		if (p == NULL)
			continue;
		c = canon(p, merged);
		hit = strcmp(c, t) == 0 || (dir && path_under(t, c));
		free(c);
	}
	return hit;
}

/* 1 when the rule covers the target by its path or its real_path. */
static int
covers_target(const json_t *rule, const json_t *target, const json_t *merged)
{
	static const char *const keys[] = { "path", "real_path" };
	const char *p;
	char *t;
	size_t k;
	int hit = 0;

	for (k = 0; k < HA_ARRAY_SIZE(keys) && !hit; k++) {
		if ((p = json_string_value(json_object_get(target, keys[k]))) ==
		    NULL)
			continue;
		t = canon(p, merged);
		hit = rule_covers(rule, t, merged);
		free(t);
	}
	return hit;
}

/*
 * The first "always" rule covering the target, or a later one that
 * records writes when the first does not; NULL when none covers it.
 * "never" rules are passed over: they record nothing.
 */
static const json_t *
find_rule(const json_t *audit, const json_t *target)
{
	const json_t *merged = json_object_get(audit, "usr_merge");
	const json_t *r, *found = NULL;
	const char *act, *perms;
	size_t i;

	json_array_foreach(json_object_get(audit, "rules"), i, r) {
		act = json_string_value(json_object_get(r, "action"));
		if ((act != NULL && strcmp(act, "always") != 0) ||
		    !covers_target(r, target, merged))
			continue;
		perms = json_string_value(json_object_get(r, "perms"));
		if (found == NULL || perms == NULL || strchr(perms, 'w'))
			found = r;
		if (perms == NULL || strchr(perms, 'w'))
			break;
	}
	return found;
}

/* How a rule reads in a message: "-w PATH -p PERMS -k KEY (ORIGIN)". */
static void
rule_text(const json_t *r, struct ha_buf *b)
{
	const char *key = json_string_value(json_object_get(r, "key"));
	const char *origin = json_string_value(json_object_get(r, "origin"));
	const char *perms = json_string_value(json_object_get(r, "perms"));

	ha_buf_addf(b, "-w %s -p %s", json_string_value(json_object_get(r,
	    "path")), perms ? perms : "rwxa");
	if (key != NULL)
		ha_buf_addf(b, " -k %s", key);
	if (origin != NULL)
		ha_buf_addf(b, " (%s)", origin);
}

/* Why the audit facts cannot answer; HA_PASS when they can. */
static enum ha_status
audit_usable(const json_t *audit, struct ha_result *res)
{
	const char *src = json_string_value(json_object_get(audit, "source"));
	const char *err = json_string_value(json_object_get(audit, "error"));

	if (!json_is_object(audit) || src == NULL)
		return ha_result_set(res, HA_ERROR, "no audit facts collected");
	if (strcmp(src, "none") == 0 && err != NULL)
		return ha_result_set(res, HA_ERROR, "%s", err);
	if (strcmp(src, "none") == 0)
		return ha_result_set(res, HA_FAIL, "no audit rules found "
		    "(kernel or /etc/audit)");
	return HA_PASS;
}

static enum ha_status
audit_verdict(const json_t *audit, const json_t *target, const char *path,
    struct ha_result *res)
{
	const json_t *rule = find_rule(audit, target);
	const char *real = json_string_value(json_object_get(target,
	    "real_path"));
	const char *perms;
	long long enabled = -1;
	struct ha_buf rt;
	enum ha_status st;

	if (real != NULL && strcmp(real, path) == 0)
		real = NULL;
	if (rule == NULL)
		return ha_result_set(res, HA_FAIL, "no audit rule watches "
		    "'%s'%s%s%s%s", path, real ? " (" : "", real ? real : "",
		    real ? ")" : "", json_array_size(json_object_get(audit,
		    "rules")) == 0 ? "; the host has no audit watches at all" :
		    "");
	ha_buf_init(&rt, HA_BUF_NOCAP);
	rule_text(rule, &rt);
	perms = json_string_value(json_object_get(rule, "perms"));
	if (ha_facts_int(audit, "enabled", &enabled) < 0)
		enabled = -1;
	if (enabled == 0)
		st = ha_result_set(res, HA_FAIL, "'%s' is watched by '%s' but "
		    "auditing is disabled in the kernel (enabled=0)", path,
		    rt.data);
	else if (perms != NULL && strchr(perms, 'w') == NULL)
		st = ha_result_set(res, HA_WARN, "'%s' is watched by '%s', "
		    "which does not record writes", path, rt.data);
	else
		st = ha_result_set(res, HA_PASS, "'%s' is watched by '%s'",
		    path, rt.data);
	ha_buf_release(&rt);
	return st;
}

/*
 * For a rootless dockerd: settle a row that does not apply (HA_SKIP), or
 * set *own to the target to watch instead (a new reference); HA_PASS to
 * go on.
 */
static enum ha_status
audit_rootless(const struct ha_ctx *ctx, const struct audit_row *row,
    json_t **own, struct ha_result *res)
{
	const char *exec, *user;
	const json_t *rl;
	char *path;

	*own = NULL;
	if (!ha_daemon_rootless(ctx->facts, &rl) || row->rootless == ARL_SAME)
		return HA_PASS;
	if (row->rootless == ARL_NOT_READ)
		return ha_result_set(res, HA_SKIP, "rootless dockerd: %s",
		    row->why);
	if (row->rootless == ARL_CONFIG) {
		/* else audit_paths names /etc/docker's */
		if (strcmp(row->key, "etc_docker") == 0 ?
		    json_string_value(json_object_get(rl, "config_dir")) !=
		    NULL : ha_facts_str(ctx->facts,
		    "daemon.config_file.path") != NULL)
			return HA_PASS;
		return ha_result_set(res, HA_ERROR, "rootless dockerd: where "
		    "its %s is, is unknown: neither its environment nor "
		    "/etc/passwd gives its home directory", row->key);
	}
	user = json_string_value(json_object_get(rl, "user"));
	if (row->rootless == ARL_UNIT) {
		if (json_string_value(json_object_get(rl, "unit")) != NULL)
			return HA_PASS;
		return ha_result_set(res, HA_SKIP, "rootless dockerd of user "
		    "%s is not run by a systemd unit: the system's unit does "
		    "not start it", user ? user : "?");
	}
	exec = json_string_value(json_object_get(rl, "exec_root"));
	if (exec == NULL || exec[0] != '/')
		return ha_result_set(res, HA_ERROR, "rootless dockerd: its "
		    "exec root, where its containerd keeps its state, is "
		    "unknown");
	path = ha_xasprintf("%s/containerd", exec);
	*own = json_pack("{s:s}", "path", path);
	free(path);
	if (*own == NULL)
		return ha_result_set(res, HA_ERROR, "rootless dockerd: its "
		    "exec root is not valid UTF-8");
	json_object_set_new(*own, "exists", json_true());
	return HA_PASS;
}

/*
 * 1 when p, a "never" rule's path, excludes the subdirectory name of the
 * directory t: t/name, or t/X/name, where dockerd keeps it with
 * userns-remap (X is UID.GID).
 */
static int
excludes_name(const char *p, const char *t, const char *name)
{
	size_t n = strlen(t);
	const char *rest, *slash;

	if (strcmp(t, "/") == 0 || strncmp(p, t, n) != 0 || p[n] != '/')
		return 0;
	rest = p + n + 1;
	if ((slash = strchr(rest, '/')) != NULL &&
	    strchr(slash + 1, '/') == NULL)
		rest = slash + 1;
	return strcmp(rest, name) == 0;
}

/* 1 when a "never" rule excludes the subdirectory name of the target. */
static int
find_exclude(const json_t *audit, const json_t *target, const char *name)
{
	static const char *const keys[] = { "path", "real_path" };
	const char *act, *p, *t;
	const json_t *r;
	size_t i, j, k;

	json_array_foreach(json_object_get(audit, "rules"), i, r) {
		act = json_string_value(json_object_get(r, "action"));
		if (act == NULL || strcmp(act, "never") != 0)
			continue;
		for (j = 0; j < HA_ARRAY_SIZE(keys); j++)
			for (k = 0; k < HA_ARRAY_SIZE(keys); k++) {
				p = json_string_value(json_object_get(r,
				    keys[j]));
				t = json_string_value(json_object_get(target,
				    keys[k]));
				if (p != NULL && t != NULL &&
				    excludes_name(p, t, name))
					return 1;
			}
	}
	return 0;
}

/*
 * data_root_excludes (CIS 1.7.0 on): the data root's watch should come
 * with "never" rules for the subdirectories containers write to all the
 * time (volumes, overlay2), or their I/O floods the audit log.  A watch
 * without them needs review.  res holds the watch's pass on entry.
 */
static enum ha_status
audit_excludes(const json_t *audit, const json_t *target, const char *path,
    const json_t *names, struct ha_result *res)
{
	char *watched = ha_xstrdup(res->message);
	struct ha_buf miss, ok;
	const char *name;
	const json_t *v;
	enum ha_status st;
	size_t i;

	ha_buf_init(&miss, HA_BUF_NOCAP);
	ha_buf_init(&ok, HA_BUF_NOCAP);
	json_array_foreach(names, i, v) {
		if ((name = json_string_value(v)) == NULL)
			continue;
		if (find_exclude(audit, target, name))
			ha_buf_addf(&ok, "%s%s", ok.len ? ", " : "", name);
		else
			ha_buf_addf(&miss, "%s'%s/%s'", miss.len ? ", " : "",
			    path, name);
	}
	if (miss.len > 0)
		st = ha_result_set(res, HA_WARN, "%s, but no 'never' rule "
		    "excludes %s: container I/O there floods the audit log",
		    watched, miss.data);
	else
		st = ha_result_set(res, HA_PASS, "%s%s%s", watched,
		    ok.len ? "; never rules exclude its " : "", ok.data);
	ha_buf_release(&miss);
	ha_buf_release(&ok);
	free(watched);
	return st;
}

/* 1.1.3-1.1.18: an audit watch covers the path this row names. */
static enum ha_status
eval_audit(const struct ha_ctx *ctx, struct ha_result *res)
{
	const json_t *audit = ha_facts_get(ctx->facts, "audit");
	const struct audit_row *row = NULL;
	const json_t *target, *excl;
	json_t *own = NULL;
	const char *path, *err;
	enum ha_status st;
	int exists;
	size_t i;

	for (i = 0; i < HA_ARRAY_SIZE(audit_rows); i++)
		if (strcmp(audit_rows[i].id, res->check->id) == 0)
			row = &audit_rows[i];
	if (row == NULL)
		return ha_result_set(res, HA_ERROR, "no audit path for '%s'",
		    res->check->id);
	if ((st = audit_rootless(ctx, row, &own, res)) != HA_PASS)
		return st;
	target = own != NULL ? own : json_object_get(ha_facts_get(ctx->facts,
	    "audit_paths"), row->key);
	path = json_string_value(json_object_get(target, "path"));
	if (path == NULL)
		return ha_result_set(res, HA_ERROR, "no facts collected for "
		    "audit path '%s'", row->key);
	exists = json_is_true(json_object_get(target, "exists"));
	err = json_string_value(json_object_get(target, "error"));
	if (!exists && err == NULL)
		return ha_result_set(res, HA_SKIP, "'%s' not present on this "
		    "host", path);	/* never own's */
	if ((st = audit_usable(audit, res)) != HA_PASS)
		goto out;
	st = audit_verdict(audit, target, path, res);
	if (st == HA_FAIL && err != NULL && find_rule(audit, target) == NULL)
		st = ha_result_set(res, HA_ERROR, "%s", err);
	excl = json_object_get(ctx->params, "data_root_excludes");
	if (st == HA_PASS && json_is_array(excl))
		st = audit_excludes(audit, target, path, excl, res);
out:
	ha_result_add_target(res, "file", path, st, "%s", res->message);
	json_decref(own);
	return st;
}

/* Profile parameters (see hostaudit-profile(5)). */
static const struct ha_param group_params[] = {
	{ "docker_group_users", HA_PARAM_STRINGS },
	{ NULL, 0 },
};
static const struct ha_param data_root_params[] = {
	{ "data_root_excludes", HA_PARAM_STRINGS },
	{ NULL, 0 },
};

const struct ha_check ha_checks_host[] = {
	{
		.id = "host.data-root-partition",
		.title = "Ensure a separate partition for containers has been "
		    "created",
		.scope = HA_SCOPE_HOST,
		.level = 1,
		.severity = HA_SEV_LOW,
		.rationale = "Images, containers and volumes fill the Docker "
		    "data root; on the root filesystem they can exhaust the "
		    "space the host itself needs.",
		.audit = "Takes the daemon's effective data-root (default "
		    "/var/lib/docker; for a rootless dockerd its user's, "
		    "DockerRootDir of the engine's /info, else "
		    "$XDG_DATA_HOME/docker; symlinks resolved) and finds the "
		    "mount point with the longest prefix of it in the host's "
		    "mount table; passes when that mount point is not '/' and "
		    "its filesystem is not the root filesystem (dockerd "
		    "bind-mounts its data root onto itself, which does not "
		    "count).",
		.remediation = "Create a dedicated filesystem (a partition or "
		    "logical volume) and mount it at the data root, e.g. "
		    "/var/lib/docker, through /etc/fstab; move existing data "
		    "while the daemon is stopped.",
		.eval = eval_partition,
	},
	{
		.id = "host.docker-group",
		.title = "Ensure only trusted users are allowed to control "
		    "Docker daemon",
		.scope = HA_SCOPE_HOST,
		.level = 1,
		.severity = HA_SEV_HIGH,
		.rationale = "Members of the docker group can use the Docker "
		    "socket, which is equivalent to root on the host.",
		.audit = "Lists the members of the 'docker' group (from "
		    "/etc/group and users whose primary group it is). With "
		    "the profile parameter docker_group_users (an array of "
		    "user names), members not in it fail the check; without "
		    "it, the members are reported as info for review, and an "
		    "empty group passes. "
		    "Not applicable for a rootless dockerd: its socket belongs "
		    "to the user it runs as, and the docker group gives no "
		    "access to it (3.15 and 3.16 judge who has).",
		.remediation = "Remove untrusted users from the docker group "
		    "with 'gpasswd -d USER docker'; list the trusted ones in "
		    "the profile parameter docker_group_users.",
		.eval = eval_group,
		.params = group_params,
	},
	{
		.id = "host.audit-dockerd",
		.title = "Ensure auditing is configured for the Docker daemon "
		    "binary",
		.scope = HA_SCOPE_HOST,
		.level = 1,
		.severity = HA_SEV_MEDIUM,
		.rationale = "The daemon runs as root and controls every "
		    "container; replacing or tampering with its binary must "
		    "leave a trace.",
		.audit = "Finds where this host keeps the Docker daemon binary "
		    "(facts.audit_paths.dockerd) and looks for an audit watch "
		    "covering it in the kernel's loaded rules, or, when the "
		    "kernel cannot be asked, in /etc/audit/audit.rules and "
		    "/etc/audit/rules.d/*.rules. A watch on a directory "
		    "covers the files beneath it. Skipped when the path does "
		    "not exist on this host.",
		.remediation = "Watch the path the finding names (this "
		    "host's): add '-w PATH -p rwxa -k docker' to "
		    "/etc/audit/rules.d/docker.rules, then load it with "
		    "'augenrules --load' or restart auditd.",
		.eval = eval_audit,
	},
	{
		.id = "host.audit-run-containerd",
		.title = "Ensure auditing is configured for /run/containerd",
		.scope = HA_SCOPE_HOST,
		.level = 1,
		.severity = HA_SEV_LOW,
		.rationale = "/run/containerd holds containerd's runtime state "
		    "and socket; changes to it should be recorded.",
		.audit = "Finds where this host keeps /run/containerd "
		    "(facts.audit_paths.run_containerd) and looks for an "
		    "audit watch covering it in the kernel's loaded rules, "
		    "or, when the kernel cannot be asked, in "
		    "/etc/audit/audit.rules and /etc/audit/rules.d/*.rules. A "
		    "watch on a directory covers the files beneath "
		    "it. Skipped when the path does not exist on this host. "
		    "For a rootless dockerd the watch is on "
		    "<exec-root>/containerd "
		    "($XDG_RUNTIME_DIR/docker/containerd), where the "
		    "containerd it starts keeps its state.",
		.remediation = "Watch the path the finding names (this "
		    "host's): add '-w PATH -p rwxa -k docker' to "
		    "/etc/audit/rules.d/docker.rules, then load it with "
		    "'augenrules --load' or restart auditd.",
		.eval = eval_audit,
	},
	{
		.id = "host.audit-var-lib-docker",
		.title = "Ensure auditing is configured for the Docker data "
		    "root (/var/lib/docker)",
		.scope = HA_SCOPE_HOST,
		.level = 1,
		.severity = HA_SEV_MEDIUM,
		.rationale = "The data root holds every image, container "
		    "filesystem and volume; changes made outside the daemon "
		    "should be recorded.",
		.audit = "Finds where this host keeps the Docker data root "
		    "(/var/lib/docker) (facts.audit_paths.data_root) and "
		    "looks for an audit watch covering it in the kernel's "
		    "loaded rules, or, when the kernel cannot be asked, in "
		    "/etc/audit/audit.rules and /etc/audit/rules.d/*.rules. A "
		    "watch on a directory covers the files beneath "
		    "it. Skipped when the path does not exist on this host. "
		    "The data root is the daemon's effective data-root "
		    "setting (/var/lib/docker by default), so a watch on a "
		    "configured data-root counts. With the profile parameter "
		    "data_root_excludes (subdirectory names; the CIS 1.7.0 "
		    "and 1.8.0 profiles give volumes and overlay2), a watch "
		    "needs review (warn) unless a 'never' rule excludes each "
		    "of them, as DATA_ROOT/NAME or, with userns-remap, "
		    "DATA_ROOT/UID.GID/NAME. "
		    "For a rootless dockerd the data root is its user's "
		    "(DockerRootDir of the engine's /info, else "
		    "$XDG_DATA_HOME/docker).",
		.remediation = "Watch the path the finding names (this "
		    "host's): add '-w PATH -p rwxa -k docker' to "
		    "/etc/audit/rules.d/docker.rules, then load it with "
		    "'augenrules --load' or restart auditd. To keep the log "
		    "manageable, exclude what containers write to all the "
		    "time: '-a never,exit -F dir=/var/lib/docker/volumes' "
		    "and the same for overlay2.",
		.eval = eval_audit,
		.params = data_root_params,
	},
	{
		.id = "host.audit-etc-docker",
		.title = "Ensure auditing is configured for /etc/docker",
		.scope = HA_SCOPE_HOST,
		.level = 1,
		.severity = HA_SEV_MEDIUM,
		.rationale = "/etc/docker holds the daemon configuration, TLS "
		    "keys and registry certificates; changes to it should be "
		    "recorded.",
		.audit = "Finds where this host keeps /etc/docker "
		    "(facts.audit_paths.etc_docker) and looks for an audit "
		    "watch covering it in the kernel's loaded rules, or, when "
		    "the kernel cannot be asked, in /etc/audit/audit.rules "
		    "and /etc/audit/rules.d/*.rules. A watch on a directory "
		    "covers the files beneath it. Skipped when the path does "
		    "not exist on this host. "
		    "For a rootless dockerd the watch is on its configuration "
		    "directory $XDG_CONFIG_HOME/docker (~/.config/docker).",
		.remediation = "Watch the path the finding names (this "
		    "host's): add '-w PATH -p rwxa -k docker' to "
		    "/etc/audit/rules.d/docker.rules, then load it with "
		    "'augenrules --load' or restart auditd.",
		.eval = eval_audit,
	},
	{
		.id = "host.audit-docker-service",
		.title = "Ensure auditing is configured for the docker.service "
		    "unit",
		.scope = HA_SCOPE_HOST,
		.level = 2,
		.severity = HA_SEV_LOW,
		.rationale = "The service unit decides how and with which "
		    "options the daemon starts; changes to it should be "
		    "recorded.",
		.audit = "Finds where this host keeps the docker.service unit "
		    "(facts.audit_paths.docker_service) and looks for an "
		    "audit watch covering it in the kernel's loaded rules, "
		    "or, when the kernel cannot be asked, in "
		    "/etc/audit/audit.rules and /etc/audit/rules.d/*.rules. A "
		    "watch on a directory covers the files beneath "
		    "it. Skipped when the path does not exist on this host. "
		    "For a rootless dockerd the watch is on the unit file of "
		    "the systemd unit that runs it (a user unit, found through "
		    "its cgroup); not applicable when no unit runs it.",
		.remediation = "Watch the path the finding names (this "
		    "host's): add '-w PATH -p rwxa -k docker' to "
		    "/etc/audit/rules.d/docker.rules, then load it with "
		    "'augenrules --load' or restart auditd.",
		.eval = eval_audit,
	},
	{
		.id = "host.audit-containerd-sock",
		.title = "Ensure auditing is configured for the containerd "
		    "socket",
		.scope = HA_SCOPE_HOST,
		.level = 2,
		.severity = HA_SEV_LOW,
		.rationale = "Whoever can use the containerd socket controls "
		    "the containers beneath Docker; changes to it should be "
		    "recorded.",
		.audit = "Finds where this host keeps the containerd socket "
		    "(facts.audit_paths.containerd_sock) and looks for an "
		    "audit watch covering it in the kernel's loaded rules, "
		    "or, when the kernel cannot be asked, in "
		    "/etc/audit/audit.rules and /etc/audit/rules.d/*.rules. A "
		    "watch on a directory covers the files beneath "
		    "it. Skipped when the path does not exist on this host. "
		    "For a rootless dockerd, the containerd socket it uses "
		    "(under $XDG_RUNTIME_DIR).",
		.remediation = "Watch the path the finding names (this "
		    "host's): add '-w PATH -p rwxa -k docker' to "
		    "/etc/audit/rules.d/docker.rules, then load it with "
		    "'augenrules --load' or restart auditd.",
		.eval = eval_audit,
	},
	{
		.id = "host.audit-docker-socket-unit",
		.title = "Ensure auditing is configured for the docker.socket "
		    "unit",
		.scope = HA_SCOPE_HOST,
		.level = 2,
		.severity = HA_SEV_LOW,
		.rationale = "The socket unit sets the owner and mode of the "
		    "Docker API socket; changes to it should be recorded.",
		.audit = "Finds where this host keeps the docker.socket unit "
		    "(facts.audit_paths.docker_socket_unit) and looks for an "
		    "audit watch covering it in the kernel's loaded rules, "
		    "or, when the kernel cannot be asked, in "
		    "/etc/audit/audit.rules and /etc/audit/rules.d/*.rules. A "
		    "watch on a directory covers the files beneath "
		    "it. Skipped when the path does not exist on this host. "
		    "For a rootless dockerd, the .socket twin of the systemd "
		    "unit that runs it; not applicable when no unit runs it.",
		.remediation = "Watch the path the finding names (this "
		    "host's): add '-w PATH -p rwxa -k docker' to "
		    "/etc/audit/rules.d/docker.rules, then load it with "
		    "'augenrules --load' or restart auditd.",
		.eval = eval_audit,
	},
	{
		.id = "host.audit-docker-sock",
		.title = "Ensure auditing is configured for the Docker socket "
		    "(docker.sock)",
		.scope = HA_SCOPE_HOST,
		.level = 2,
		.severity = HA_SEV_LOW,
		.rationale = "Whoever can use the Docker socket controls the "
		    "daemon, and through it the host; changes to the socket "
		    "file should be recorded.",
		.audit = "Finds where this host keeps the Docker socket "
		    "docker.sock (the engine socket hostaudit talks to, else "
		    "/var/run/docker.sock) (facts.audit_paths.docker_sock) "
		    "and looks for an audit watch covering it in the "
		    "kernel's loaded rules, or, when the kernel cannot be "
		    "asked, in /etc/audit/audit.rules and "
		    "/etc/audit/rules.d/*.rules. A watch on a directory "
		    "covers the files beneath it. Skipped when the path does "
		    "not exist on this host.",
		.remediation = "Watch the path the finding names (this "
		    "host's): add '-w PATH -p rwxa -k docker' to a "
		    "file in /etc/audit/rules.d/ (CIS 1.7.0 and 1.8.0 name "
		    "audit.rules), then load it with 'augenrules --load' or "
		    "restart auditd.",
		.eval = eval_audit,
	},
	{
		.id = "host.audit-etc-default-docker",
		.title = "Ensure auditing is configured for "
		    "/etc/default/docker",
		.scope = HA_SCOPE_HOST,
		.level = 2,
		.severity = HA_SEV_LOW,
		.rationale = "/etc/default/docker can pass options to the "
		    "daemon on Debian-like hosts; changes to it should be "
		    "recorded.",
		.audit = "Finds where this host keeps /etc/default/docker "
		    "(facts.audit_paths.etc_default_docker) and looks for an "
		    "audit watch covering it in the kernel's loaded rules, "
		    "or, when the kernel cannot be asked, in "
		    "/etc/audit/audit.rules and /etc/audit/rules.d/*.rules. A "
		    "watch on a directory covers the files beneath "
		    "it. Skipped when the path does not exist on this host. "
		    "Not applicable for a rootless dockerd, which does not "
		    "read it.",
		.remediation = "Watch the path the finding names (this "
		    "host's): add '-w PATH -p rwxa -k docker' to "
		    "/etc/audit/rules.d/docker.rules, then load it with "
		    "'augenrules --load' or restart auditd.",
		.eval = eval_audit,
	},
	{
		.id = "host.audit-daemon-json",
		.title = "Ensure auditing is configured for the daemon "
		    "configuration file (daemon.json)",
		.scope = HA_SCOPE_HOST,
		.level = 2,
		.severity = HA_SEV_MEDIUM,
		.rationale = "daemon.json sets the daemon's security options; "
		    "changes to it should be recorded.",
		.audit = "Finds where this host keeps the daemon configuration "
		    "file (daemon.json) (facts.audit_paths.daemon_json) and "
		    "looks for an audit watch covering it in the kernel's "
		    "loaded rules, or, when the kernel cannot be asked, in "
		    "/etc/audit/audit.rules and /etc/audit/rules.d/*.rules. A "
		    "watch on a directory covers the files beneath "
		    "it. Skipped when the path does not exist on this host. "
		    "For a rootless dockerd the watch is on the file it reads: "
		    "--config-file, else $XDG_CONFIG_HOME/docker/daemon.json.",
		.remediation = "Watch the path the finding names (this "
		    "host's): add '-w PATH -p rwxa -k docker' to "
		    "/etc/audit/rules.d/docker.rules, then load it with "
		    "'augenrules --load' or restart auditd.",
		.eval = eval_audit,
	},
	{
		.id = "host.audit-containerd-config",
		.title = "Ensure auditing is configured for "
		    "/etc/containerd/config.toml",
		.scope = HA_SCOPE_HOST,
		.level = 2,
		.severity = HA_SEV_LOW,
		.rationale = "containerd's configuration decides how the "
		    "runtime beneath Docker behaves; changes to it should be "
		    "recorded.",
		.audit = "Finds where this host keeps "
		    "/etc/containerd/config.toml "
		    "(facts.audit_paths.containerd_config) and looks for an "
		    "audit watch covering it in the kernel's loaded rules, "
		    "or, when the kernel cannot be asked, in "
		    "/etc/audit/audit.rules and /etc/audit/rules.d/*.rules. A "
		    "watch on a directory covers the files beneath "
		    "it. Skipped when the path does not exist on this host. "
		    "Not applicable for a rootless dockerd: the containerd it "
		    "starts reads a configuration dockerd writes under its "
		    "exec root at each start.",
		.remediation = "Watch the path the finding names (this "
		    "host's): add '-w PATH -p rwxa -k docker' to "
		    "/etc/audit/rules.d/docker.rules, then load it with "
		    "'augenrules --load' or restart auditd.",
		.eval = eval_audit,
	},
	{
		.id = "host.audit-etc-sysconfig-docker",
		.title = "Ensure auditing is configured for "
		    "/etc/sysconfig/docker",
		.scope = HA_SCOPE_HOST,
		.level = 2,
		.severity = HA_SEV_LOW,
		.rationale = "/etc/sysconfig/docker can pass options to the "
		    "daemon on Red Hat-like hosts; changes to it should be "
		    "recorded.",
		.audit = "Finds where this host keeps /etc/sysconfig/docker "
		    "(facts.audit_paths.etc_sysconfig_docker) and looks for "
		    "an audit watch covering it in the kernel's loaded rules, "
		    "or, when the kernel cannot be asked, in "
		    "/etc/audit/audit.rules and /etc/audit/rules.d/*.rules. A "
		    "watch on a directory covers the files beneath "
		    "it. Skipped when the path does not exist on this host. "
		    "Not applicable for a rootless dockerd, which does not "
		    "read it.",
		.remediation = "Watch the path the finding names (this "
		    "host's): add '-w PATH -p rwxa -k docker' to "
		    "/etc/audit/rules.d/docker.rules, then load it with "
		    "'augenrules --load' or restart auditd.",
		.eval = eval_audit,
	},
	{
		.id = "host.audit-containerd-bin",
		.title = "Ensure auditing is configured for the containerd "
		    "binary",
		.scope = HA_SCOPE_HOST,
		.level = 2,
		.severity = HA_SEV_MEDIUM,
		.rationale = "containerd runs as root and manages every "
		    "container's lifecycle; tampering with its binary must "
		    "leave a trace.",
		.audit = "Finds where this host keeps the containerd binary "
		    "(facts.audit_paths.containerd) and looks for an audit "
		    "watch covering it in the kernel's loaded rules, or, when "
		    "the kernel cannot be asked, in /etc/audit/audit.rules "
		    "and /etc/audit/rules.d/*.rules. A watch on a directory "
		    "covers the files beneath it. Skipped when the path does "
		    "not exist on this host.",
		.remediation = "Watch the path the finding names (this "
		    "host's): add '-w PATH -p rwxa -k docker' to "
		    "/etc/audit/rules.d/docker.rules, then load it with "
		    "'augenrules --load' or restart auditd.",
		.eval = eval_audit,
	},
	{
		.id = "host.audit-containerd-shim",
		.title = "Ensure auditing is configured for the "
		    "containerd-shim binary",
		.scope = HA_SCOPE_HOST,
		.level = 2,
		.severity = HA_SEV_LOW,
		.rationale = "The shim sits between containerd and each "
		    "container process; tampering with it must leave a trace.",
		.audit = "Finds where this host keeps the containerd-shim "
		    "binary (facts.audit_paths.containerd_shim) and looks for "
		    "an audit watch covering it in the kernel's loaded rules, "
		    "or, when the kernel cannot be asked, in "
		    "/etc/audit/audit.rules and /etc/audit/rules.d/*.rules. A "
		    "watch on a directory covers the files beneath "
		    "it. Skipped when the path does not exist on this host.",
		.remediation = "Watch the path the finding names (this "
		    "host's): add '-w PATH -p rwxa -k docker' to "
		    "/etc/audit/rules.d/docker.rules, then load it with "
		    "'augenrules --load' or restart auditd.",
		.eval = eval_audit,
	},
	{
		.id = "host.audit-containerd-shim-runc-v1",
		.title = "Ensure auditing is configured for the "
		    "containerd-shim-runc-v1 binary",
		.scope = HA_SCOPE_HOST,
		.level = 2,
		.severity = HA_SEV_LOW,
		.rationale = "The runc v1 shim starts and supervises "
		    "containers; tampering with it must leave a trace.",
		.audit = "Finds where this host keeps the "
		    "containerd-shim-runc-v1 binary "
		    "(facts.audit_paths.containerd_shim_runc_v1) and looks "
		    "for an audit watch covering it in the kernel's loaded "
		    "rules, or, when the kernel cannot be asked, in "
		    "/etc/audit/audit.rules and /etc/audit/rules.d/*.rules. A "
		    "watch on a directory covers the files beneath "
		    "it. Skipped when the path does not exist on this host.",
		.remediation = "Watch the path the finding names (this "
		    "host's): add '-w PATH -p rwxa -k docker' to "
		    "/etc/audit/rules.d/docker.rules, then load it with "
		    "'augenrules --load' or restart auditd.",
		.eval = eval_audit,
	},
	{
		.id = "host.audit-containerd-shim-runc-v2",
		.title = "Ensure auditing is configured for the "
		    "containerd-shim-runc-v2 binary",
		.scope = HA_SCOPE_HOST,
		.level = 2,
		.severity = HA_SEV_LOW,
		.rationale = "The runc v2 shim starts and supervises "
		    "containers; tampering with it must leave a trace.",
		.audit = "Finds where this host keeps the "
		    "containerd-shim-runc-v2 binary "
		    "(facts.audit_paths.containerd_shim_runc_v2) and looks "
		    "for an audit watch covering it in the kernel's loaded "
		    "rules, or, when the kernel cannot be asked, in "
		    "/etc/audit/audit.rules and /etc/audit/rules.d/*.rules. A "
		    "watch on a directory covers the files beneath "
		    "it. Skipped when the path does not exist on this host.",
		.remediation = "Watch the path the finding names (this "
		    "host's): add '-w PATH -p rwxa -k docker' to "
		    "/etc/audit/rules.d/docker.rules, then load it with "
		    "'augenrules --load' or restart auditd.",
		.eval = eval_audit,
	},
	{
		.id = "host.audit-runc",
		.title = "Ensure auditing is configured for the runc binary",
		.scope = HA_SCOPE_HOST,
		.level = 2,
		.severity = HA_SEV_MEDIUM,
		.rationale = "runc creates every container process with root "
		    "privileges; tampering with it must leave a trace.",
		.audit = "Finds where this host keeps the runc binary "
		    "(facts.audit_paths.runc) and looks for an audit watch "
		    "covering it in the kernel's loaded rules, or, when the "
		    "kernel cannot be asked, in /etc/audit/audit.rules and "
		    "/etc/audit/rules.d/*.rules. A watch on a directory "
		    "covers the files beneath it. Skipped when the path does "
		    "not exist on this host.",
		.remediation = "Watch the path the finding names (this "
		    "host's): add '-w PATH -p rwxa -k docker' to "
		    "/etc/audit/rules.d/docker.rules, then load it with "
		    "'augenrules --load' or restart auditd.",
		.eval = eval_audit,
	},
	{
		.id = "host.hardened",
		.title = "Ensure the container host has been hardened",
		.scope = HA_SCOPE_HOST,
		.level = 1,
		.severity = HA_SEV_MEDIUM,
		.rationale = "Containers share the host's kernel; a host with "
		    "needless services, open ports or weak settings exposes "
		    "every container on it.",
		.audit = "Manual. 1. Check that the host runs a supported, "
		    "patched OS ('cat /etc/os-release', pending updates with "
		    "'apt list --upgradable' or 'dnf check-update'). 2. "
		    "Compare it with a hardening baseline (a CIS benchmark "
		    "for the distribution or your organisation's standard), "
		    "e.g. with a scanner such as OpenSCAP or Lynis. 3. Check "
		    "that it runs only container workloads and the services "
		    "they need ('systemctl list-units --type=service "
		    "--state=running', 'ss -tlnp'). 4. Check that a Linux "
		    "security module is active ('aa-status' or 'getenforce').",
		.remediation = "Harden the host to the baseline your "
		    "organisation uses (for instance the CIS benchmark for "
		    "its distribution), remove services the containers do not "
		    "need, and keep it patched; consider a minimal "
		    "container-optimised OS.",
	},
	{
		.id = "host.docker-version",
		.title = "Ensure that the version of Docker is up to date",
		.scope = HA_SCOPE_HOST,
		.level = 1,
		.severity = HA_SEV_MEDIUM,
		.rationale = "Older Docker releases carry known "
		    "vulnerabilities; staying on a supported, patched release "
		    "closes them.",
		.audit = "Manual. 1. Run 'docker version' and note the Server "
		    "Engine version (hostaudit records it in "
		    "facts.engine.version.Version). 2. Look up the current "
		    "releases and their support status in the Docker Engine "
		    "release notes (docs.docker.com/engine/release-notes) or "
		    "your distribution's package ('apt-cache policy docker.io "
		    "docker-ce'). 3. Check the security advisories for the "
		    "installed version. 4. Decide whether an update is due, "
		    "weighing it against your change process.",
		.remediation = "Update Docker Engine (and containerd and runc) "
		    "to a supported, patched release from your distribution "
		    "or Docker's repositories, after testing it.",
	},
	{ .id = NULL },
};

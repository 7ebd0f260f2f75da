/*
 * files.c - CIS Docker 1.6.0 section 3: ownership and permissions of the
 * Docker daemon's configuration files and sockets.
 *
 * Table-driven: one row per file role (facts.files.ROLE) names the
 * expected owner, group, type and the most permissive mode allowed; the 24
 * checks share one owner and one mode evaluation, which find their row by
 * the running check's id.  Modes are compared as bit masks: a mode passes
 * when it sets no bit outside the allowed mask, so 0600 and 0640 pass for
 * a 0644 mask while 0664 and 0744 fail.
 */
#include <string.h>

#include "ha_facts.h"
#include "ha_report.h"
#include "checks.h"
#include "banned.h"

enum want_group {
	GROUP_ROOT,		/* gid 0 */
	GROUP_DOCKER,		/* the daemon's "group" setting, "docker" */
};

struct file_role {
	const char	*owner_id;
	const char	*mode_id;
	const char	*role;		/* facts.files key; NULL:
					   registry_certs */
	enum want_group	 group;
	unsigned int	 mask;		/* most permissive mode allowed */
	const char	*type;		/* expected type; NULL: file or dir */
};

static const struct file_role roles[] = {
	{ "file.docker-service-owner", "file.docker-service-mode",
	    "docker_service", GROUP_ROOT, 0644, "file" },
	{ "file.docker-socket-unit-owner", "file.docker-socket-unit-mode",
	    "docker_socket_unit", GROUP_ROOT, 0644, "file" },
	{ "file.etc-docker-owner", "file.etc-docker-mode",
	    "etc_docker", GROUP_ROOT, 0755, "dir" },
	{ "file.registry-certs-owner", "file.registry-certs-mode",
	    NULL, GROUP_ROOT, 0444, NULL },
	{ "file.tlscacert-owner", "file.tlscacert-mode",
	    "tlscacert", GROUP_ROOT, 0444, "file" },
	{ "file.tlscert-owner", "file.tlscert-mode",
	    "tlscert", GROUP_ROOT, 0444, "file" },
	{ "file.tlskey-owner", "file.tlskey-mode",
	    "tlskey", GROUP_ROOT, 0400, "file" },
	{ "file.docker-sock-owner", "file.docker-sock-mode",
	    "docker_sock", GROUP_DOCKER, 0660, "socket" },
	{ "file.daemon-json-owner", "file.daemon-json-mode",
	    "daemon_json", GROUP_ROOT, 0644, "file" },
	{ "file.etc-default-docker-owner", "file.etc-default-docker-mode",
	    "etc_default_docker", GROUP_ROOT, 0644, "file" },
	{ "file.etc-sysconfig-docker-owner", "file.etc-sysconfig-docker-mode",
	    "etc_sysconfig_docker", GROUP_ROOT, 0644, "file" },
	{ "file.containerd-sock-owner", "file.containerd-sock-mode",
	    "containerd_sock", GROUP_ROOT, 0660, "socket" },
};

/* Which half of a row a check is. */
enum file_aspect { ASPECT_OWNER, ASPECT_MODE };

static const struct file_role *
find_role(const struct ha_result *res, enum file_aspect *aspect)
{
	const char *id = res->check != NULL ? res->check->id : NULL;
	size_t i;

	for (i = 0; id != NULL && i < HA_ARRAY_SIZE(roles); i++) {
		if (strcmp(roles[i].owner_id, id) == 0) {
			*aspect = ASPECT_OWNER;
			return &roles[i];
		}
		if (strcmp(roles[i].mode_id, id) == 0) {
			*aspect = ASPECT_MODE;
			return &roles[i];
		}
	}
	return NULL;
}

/* A file fact's display path. */
static const char *
entry_path(const json_t *e, const char *fallback)
{
	const char *p = json_string_value(json_object_get(e, "path"));

	return p != NULL ? p : fallback;
}

/*
 * The stat to judge for entry e: e itself, or for a symlink the stat of
 * its "resolved" target.  NULL (and *why set) when there is nothing to
 * judge: *st is then the status to report (skip or error).
 */
static const json_t *
judged_stat(const json_t *e, const char **why, enum ha_status *st,
    int *was_link)
{
	const char *type, *err;
	int exists;

	*was_link = 0;
	for (;;) {
		err = json_string_value(json_object_get(e, "error"));
		if (err != NULL) {
			*st = HA_ERROR;
			*why = err;
			return NULL;
		}
		if (ha_facts_bool(e, "exists", &exists) == 0 && !exists) {
			*st = HA_SKIP;
			*why = "not present";
			return NULL;
		}
		type = json_string_value(json_object_get(e, "type"));
		if (type == NULL || strcmp(type, "symlink") != 0 || *was_link)
			return e;
		*was_link = 1;
		e = json_object_get(e, "resolved");
		if (!json_is_object(e)) {
			*st = HA_ERROR;
			*why = "symbolic link whose target was not examined";
			return NULL;
		}
	}
}

/*
 * The expected group for the docker socket: the daemon's "group" setting
 * (a name or a numeric gid), "docker" when unset.  Sets *gid to the gid
 * when the setting is numeric, else -1.
 */
static const char *
docker_group(const json_t *facts, long long *gid)
{
	const char *g = json_string_value(ha_facts_setting(facts, "group",
	    NULL));
	const char *errstr;

	*gid = -1;
	if (g == NULL || *g == '\0')
		return "docker";
	if (ha_strtonum(g, 0, 0xffffffffLL, gid, &errstr) != 0)
		*gid = -1;
	return g;
}

/* 1 when the stat's group is the expected one. */
static int
group_ok(const struct ha_ctx *ctx, const struct file_role *r,
    const json_t *s, long long gid, const char **want)
{
	const char *name = json_string_value(json_object_get(s, "group"));
	long long want_gid;

	if (r->group == GROUP_ROOT) {
		*want = "root";
		return gid == 0;
	}
	*want = docker_group(ctx->facts, &want_gid);
	if (want_gid >= 0)
		return gid == want_gid;
	return name != NULL && strcmp(name, *want) == 0;
}

static enum ha_status
judge_owner(const struct ha_ctx *ctx, const struct file_role *r,
    const json_t *s, struct ha_buf *msg)
{
	const char *user = json_string_value(json_object_get(s, "user"));
	const char *group = json_string_value(json_object_get(s, "group"));
	const char *want_group;
	long long uid, gid;
	int ok;

	if (ha_facts_int(s, "uid", &uid) != 0 ||
	    ha_facts_int(s, "gid", &gid) != 0) {
		ha_buf_addf(msg, "owner not collected");
		return HA_ERROR;
	}
	ok = group_ok(ctx, r, s, gid, &want_group) && uid == 0;
	ha_buf_addf(msg, "owned by %s:%s (%lld:%lld)", user ? user : "?",
	    group ? group : "?", uid, gid);
	if (!ok)
		ha_buf_addf(msg, ", expected root:%s", want_group);
	return ok ? HA_PASS : HA_FAIL;
}

static enum ha_status
judge_mode(const struct file_role *r, const json_t *s, struct ha_buf *msg)
{
	unsigned int mode, extra;
	long long m;

	if (ha_facts_int(s, "mode", &m) != 0 || m < 0 || m > 07777) {
		ha_buf_addf(msg, "mode not collected");
		return HA_ERROR;
	}
	mode = (unsigned int)m;
	extra = mode & ~r->mask;
	ha_buf_addf(msg, "mode %04o", mode);
	if (extra == 0) {
		ha_buf_addf(msg, ", within %04o", r->mask);
		return HA_PASS;
	}
	ha_buf_addf(msg, ", allowed at most %04o (extra bits %04o)", r->mask,
	    extra);
	return HA_FAIL;
}

/* 1 when the type is acceptable; else writes why into msg. */
static int
type_ok(const struct file_role *r, const json_t *s, struct ha_buf *msg)
{
	const char *type = json_string_value(json_object_get(s, "type"));

	if (type == NULL)
		return 1;	/* not collected: judge what was */
	if (r->type == NULL) {
		if (strcmp(type, "file") == 0 || strcmp(type, "dir") == 0)
			return 1;
	} else if (strcmp(type, r->type) == 0)
		return 1;
	if (r->type != NULL && strcmp(r->type, "socket") == 0)
		ha_buf_addf(msg, "not a socket (type %s)", type);
	else if (r->type != NULL && strcmp(r->type, "dir") == 0)
		ha_buf_addf(msg, "not a directory (type %s)", type);
	else
		ha_buf_addf(msg, "not a regular file (type %s)", type);
	return 0;
}

/* Judge one file entry; adds its target and returns its status. */
static enum ha_status
judge_entry(const struct ha_ctx *ctx, const struct file_role *r,
    enum file_aspect aspect, const json_t *e, const char *fallback,
    struct ha_result *res)
{
	const char *path = entry_path(e, fallback), *why = NULL, *type;
	enum ha_status st = HA_ERROR;
	const json_t *s;
	struct ha_buf msg;
	int was_link;

	ha_buf_init(&msg, HA_BUF_NOCAP);
	s = judged_stat(e, &why, &st, &was_link);
	if (s == NULL) {
		ha_buf_addf(&msg, "%s", why);
		goto out;
	}
	if (was_link)
		ha_buf_addf(&msg, "symbolic link to '%s': ",
		    entry_path(s, "?"));
	type = json_string_value(json_object_get(s, "type"));
	if (!type_ok(r, s, &msg))
		st = HA_FAIL;
	else if (aspect == ASPECT_OWNER)
		st = judge_owner(ctx, r, s, &msg);
	else if (r->type == NULL && type != NULL && strcmp(type, "dir") == 0) {
		/* a certs.d directory needs x bits a 0444 mask forbids */
		ha_buf_addf(&msg, "directory; only files are judged");
		st = HA_SKIP;
	} else
		st = judge_mode(r, s, &msg);
out:
	ha_result_add_target(res, "file", path, st, "%s", msg.data);
	ha_buf_release(&msg);
	return st;
}

/* registry_certs: one target per entry, the worst status wins. */
static enum ha_status
judge_certs(const struct ha_ctx *ctx, const struct file_role *r,
    enum file_aspect aspect, struct ha_result *res)
{
	const json_t *list = ha_facts_get(ctx->facts, "registry_certs");
	const json_t *e;
	size_t i, n = 0;

	if (json_is_object(list) && json_is_string(json_object_get(list,
	    "error")))
		return ha_result_set(res, HA_ERROR, "%s",
		    json_string_value(json_object_get(list, "error")));
	json_array_foreach(list, i, e)
		if (judge_entry(ctx, r, aspect, e, "?", res) != HA_SKIP)
			n++;
	if (n == 0)
		return ha_result_set(res, HA_SKIP,
		    "no registry certificate files under /etc/docker/certs.d");
	ha_result_fold(res);
	return res->status;
}

/* 1 when the daemon's tls or tlsverify setting is true. */
static int
tls_in_use(const struct ha_ctx *ctx)
{
	return json_is_true(ha_facts_setting(ctx->facts, "tls", NULL)) ||
	    json_is_true(ha_facts_setting(ctx->facts, "tlsverify", NULL));
}

/* The evaluation of every check in this file. */
static enum ha_status
file_eval(const struct ha_ctx *ctx, struct ha_result *res)
{
	enum file_aspect aspect = ASPECT_OWNER;
	const struct file_role *r = find_role(res, &aspect);
	const json_t *e;
	enum ha_status st;
	const char *path, *why;

	if (r == NULL)
		return ha_result_set(res, HA_ERROR, "no file role for check");
	if (r->role == NULL)
		return judge_certs(ctx, r, aspect, res);
	e = ha_facts_file(ctx->facts, r->role);
	/* which file, and whether dockerd reads one, may be in its env */
	if ((why = ha_facts_setting_unknown(ctx->facts, r->role)) != NULL)
		return ha_result_set(res, HA_ERROR, "%s is not set by a flag "
		    "or daemon.json and dockerd's environment "
		    "(DOCKER_CERT_PATH) is unknown: %s", r->role, why);
	if (!json_is_object(e) && ha_starts_with(r->role, "tls") &&
	    !tls_in_use(ctx))
		return ha_result_set(res, HA_SKIP, "the daemon does not use "
		    "TLS");
	if (!json_is_object(e))
		return ha_result_set(res, HA_SKIP, "'%s' was not looked for",
		    r->role);
	path = entry_path(e, r->role);
	st = judge_entry(ctx, r, aspect, e, path, res);
	return ha_result_set(res, st, "'%s': %s", path,
	    res->targets[res->ntargets - 1].detail);
}

#define FILE_OWNER(id_, what, path, grp, role_, sev)			\
	{								\
		.id = id_,						\
		.title = "Set the " what " ownership to root:" grp,	\
		.scope = HA_SCOPE_FILE,					\
		.level = 1,						\
		.severity = sev,					\
		.rationale = "Whoever owns " path " can change it and "	\
		    "so change how the Docker daemon behaves; it must "	\
		    "belong to root, group " grp ".",			\
		.audit = "Compares the uid and gid of " path " (facts."	\
		    role_ ") with root:" grp "; a symbolic link is "	\
		    "judged by its target. Not applicable when the "	\
		    "file does not exist.",				\
		.remediation = "chown root:" grp " " path,		\
		.eval = file_eval,					\
	}

#define FILE_MODE(id_, what, path, mode, role_, sev)			\
	{								\
		.id = id_,						\
		.title = "Set the " what " permissions to " mode	\
		    " or more restrictive",				\
		.scope = HA_SCOPE_FILE,					\
		.level = 1,						\
		.severity = sev,					\
		.rationale = "Permissions wider than " mode " on "	\
		    path " let other users read or change what the "	\
		    "Docker daemon trusts.",				\
		.audit = "Checks that the mode of " path " (facts."	\
		    role_ ") sets no permission bit outside " mode	\
		    " and that it has the expected type; a symbolic "	\
		    "link is judged by its target. Not applicable when "\
		    "the file does not exist.",				\
		.remediation = "chmod " mode " " path,			\
		.eval = file_eval,					\
	}

const struct ha_check ha_checks_files[] = {
	FILE_OWNER("file.docker-service-owner", "docker.service file",
	    "the docker.service unit file", "root", "files.docker_service",
	    HA_SEV_MEDIUM),
	FILE_MODE("file.docker-service-mode", "docker.service file",
	    "the docker.service unit file", "644", "files.docker_service",
	    HA_SEV_MEDIUM),
	FILE_OWNER("file.docker-socket-unit-owner", "docker.socket file",
	    "the docker.socket unit file", "root",
	    "files.docker_socket_unit", HA_SEV_MEDIUM),
	FILE_MODE("file.docker-socket-unit-mode", "docker.socket file",
	    "the docker.socket unit file", "644",
	    "files.docker_socket_unit", HA_SEV_MEDIUM),
	FILE_OWNER("file.etc-docker-owner", "/etc/docker directory",
	    "/etc/docker", "root", "files.etc_docker", HA_SEV_MEDIUM),
	FILE_MODE("file.etc-docker-mode", "/etc/docker directory",
	    "/etc/docker", "755", "files.etc_docker", HA_SEV_MEDIUM),
	FILE_OWNER("file.registry-certs-owner", "registry certificate file",
	    "each file under /etc/docker/certs.d", "root",
	    "registry_certs", HA_SEV_MEDIUM),
	FILE_MODE("file.registry-certs-mode", "registry certificate file",
	    "each file under /etc/docker/certs.d", "444",
	    "registry_certs", HA_SEV_MEDIUM),
	FILE_OWNER("file.tlscacert-owner", "TLS CA certificate file",
	    "the file named by tlscacert", "root", "files.tlscacert",
	    HA_SEV_MEDIUM),
	FILE_MODE("file.tlscacert-mode", "TLS CA certificate file",
	    "the file named by tlscacert", "444", "files.tlscacert",
	    HA_SEV_MEDIUM),
	FILE_OWNER("file.tlscert-owner", "Docker server certificate file",
	    "the file named by tlscert", "root", "files.tlscert",
	    HA_SEV_MEDIUM),
	FILE_MODE("file.tlscert-mode", "Docker server certificate file",
	    "the file named by tlscert", "444", "files.tlscert",
	    HA_SEV_MEDIUM),
	FILE_OWNER("file.tlskey-owner", "Docker server key file",
	    "the file named by tlskey", "root", "files.tlskey",
	    HA_SEV_HIGH),
	FILE_MODE("file.tlskey-mode", "Docker server key file",
	    "the file named by tlskey", "400", "files.tlskey",
	    HA_SEV_HIGH),
	FILE_OWNER("file.docker-sock-owner", "Docker socket file",
	    "/var/run/docker.sock", "docker", "files.docker_sock",
	    HA_SEV_HIGH),
	FILE_MODE("file.docker-sock-mode", "Docker socket file",
	    "/var/run/docker.sock", "660", "files.docker_sock",
	    HA_SEV_HIGH),
	FILE_OWNER("file.daemon-json-owner", "daemon.json file",
	    "/etc/docker/daemon.json", "root", "files.daemon_json",
	    HA_SEV_MEDIUM),
	FILE_MODE("file.daemon-json-mode", "daemon.json file",
	    "/etc/docker/daemon.json", "644", "files.daemon_json",
	    HA_SEV_MEDIUM),
	FILE_OWNER("file.etc-default-docker-owner", "/etc/default/docker "
	    "file", "/etc/default/docker", "root", "files.etc_default_docker",
	    HA_SEV_MEDIUM),
	FILE_MODE("file.etc-default-docker-mode", "/etc/default/docker file",
	    "/etc/default/docker", "644", "files.etc_default_docker",
	    HA_SEV_MEDIUM),
	FILE_OWNER("file.etc-sysconfig-docker-owner", "/etc/sysconfig/docker "
	    "file", "/etc/sysconfig/docker", "root",
	    "files.etc_sysconfig_docker", HA_SEV_MEDIUM),
	FILE_MODE("file.etc-sysconfig-docker-mode", "/etc/sysconfig/docker "
	    "file", "/etc/sysconfig/docker", "644",
	    "files.etc_sysconfig_docker", HA_SEV_MEDIUM),
	FILE_OWNER("file.containerd-sock-owner", "containerd socket file",
	    "/run/containerd/containerd.sock", "root",
	    "files.containerd_sock", HA_SEV_HIGH),
	FILE_MODE("file.containerd-sock-mode", "containerd socket file",
	    "/run/containerd/containerd.sock", "660",
	    "files.containerd_sock", HA_SEV_HIGH),
	{ .id = NULL },
};

/* SPDX-License-Identifier: Apache-2.0 */
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
 *
 * A rootless dockerd (facts.daemon.rootless) runs as an ordinary user and
 * keeps its files in that user's directories, which collect records under
 * the same roles: there each row's rootless rule applies instead of root
 * ownership (see struct file_role).
 */
#include <string.h>

#include "ha_daemon.h"
#include "ha_facts.h"
#include "ha_report.h"
#include "checks.h"
#include "banned.h"

enum want_group {
	GROUP_ROOT,		/* gid 0 */
	GROUP_DOCKER,		/* the daemon's "group" setting, "docker" */
};

/*
 * What a role must be when the daemon is rootless.  Its owner is then
 * the daemon's user (or root), its group one that gives no other host
 * user access: root, the user's own, or a group of the daemon's user
 * namespace (a subordinate gid, e.g. "docker" inside it).
 */
enum rootless_rule {
	RL_USER,		/* owned by the daemon's user: it makes it */
	RL_USER_OR_ROOT,	/* by the daemon's user or root: it reads it */
	RL_UNIT,		/* the unit that runs dockerd: a user unit as
				   RL_USER_OR_ROOT, a system unit as root's;
				   not applicable when no unit runs it */
	RL_NOT_READ,		/* not applicable: read only by the system's
				   docker service */
};

struct file_role {
	const char	*owner_id;
	const char	*mode_id;
	const char	*role;		/* facts.files key; NULL:
					   registry_certs */
	enum want_group	 group;
	unsigned int	 mask;		/* most permissive mode allowed */
	const char	*type;		/* expected type; NULL: file or dir */
	enum rootless_rule rootless;
};

static const struct file_role roles[] = {
	{ "file.docker-service-owner", "file.docker-service-mode",
	    "docker_service", GROUP_ROOT, 0644, "file", RL_UNIT },
	{ "file.docker-socket-unit-owner", "file.docker-socket-unit-mode",
	    "docker_socket_unit", GROUP_ROOT, 0644, "file", RL_UNIT },
	{ "file.etc-docker-owner", "file.etc-docker-mode",
	    "etc_docker", GROUP_ROOT, 0755, "dir", RL_USER_OR_ROOT },
	{ "file.registry-certs-owner", "file.registry-certs-mode",
	    NULL, GROUP_ROOT, 0444, NULL, RL_USER_OR_ROOT },
	{ "file.tlscacert-owner", "file.tlscacert-mode",
	    "tlscacert", GROUP_ROOT, 0444, "file", RL_USER_OR_ROOT },
	{ "file.tlscert-owner", "file.tlscert-mode",
	    "tlscert", GROUP_ROOT, 0444, "file", RL_USER_OR_ROOT },
	{ "file.tlskey-owner", "file.tlskey-mode",
	    "tlskey", GROUP_ROOT, 0400, "file", RL_USER_OR_ROOT },
	{ "file.docker-sock-owner", "file.docker-sock-mode",
	    "docker_sock", GROUP_DOCKER, 0660, "socket", RL_USER },
	{ "file.daemon-json-owner", "file.daemon-json-mode",
	    "daemon_json", GROUP_ROOT, 0644, "file", RL_USER_OR_ROOT },
	{ "file.etc-default-docker-owner", "file.etc-default-docker-mode",
	    "etc_default_docker", GROUP_ROOT, 0644, "file", RL_NOT_READ },
	{ "file.etc-sysconfig-docker-owner", "file.etc-sysconfig-docker-mode",
	    "etc_sysconfig_docker", GROUP_ROOT, 0644, "file", RL_NOT_READ },
	{ "file.containerd-sock-owner", "file.containerd-sock-mode",
	    "containerd_sock", GROUP_ROOT, 0660, "socket", RL_USER },
};

/*
 * The rootless daemon a check judges against: its facts.daemon.rootless
 * (rl), its uid and name.  rl is NULL when the daemon is not rootless, or
 * when the role is judged as for a root daemon (a system unit).
 */
struct owner_want {
	const json_t	*rl;
	long long	 uid;
	const char	*user;
	int		 root_ok;	/* root may own it too */
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

/* The owner of a rootless daemon's file: its user (or root), its group. */
static enum ha_status
judge_owner_rootless(const struct owner_want *w, long long uid,
    long long gid, struct ha_buf *msg)
{
	int uid_ok = uid == w->uid || (w->root_ok && uid == 0);
	int gid_ok = ha_daemon_rootless_gid(w->rl, gid);

	if (uid_ok && gid_ok == 1) {
		ha_buf_addf(msg, ": %s, with a group that gives no other user "
		    "access", uid == w->uid ? "the rootless daemon's user" :
		    "root, which may own what the rootless daemon reads");
		return HA_PASS;
	}
	if (!uid_ok)
		ha_buf_addf(msg, ", expected the rootless daemon's user %s "
		    "(%lld)%s", w->user ? w->user : "?", w->uid,
		    w->root_ok ? " or root" : "");
	if (gid_ok == 0)
		ha_buf_addf(msg, "%s group %lld gives other users access: "
		    "expected root, the user's group or a group of its user "
		    "namespace", uid_ok ? "," : ";", gid);
	if (uid_ok && gid_ok < 0) {
		ha_buf_addf(msg, ", and whether group %lld belongs to the "
		    "daemon's user namespace is unknown (no gid_map)", gid);
		return HA_ERROR;
	}
	return HA_FAIL;
}

static enum ha_status
judge_owner(const struct ha_ctx *ctx, const struct file_role *r,
    const struct owner_want *w, const json_t *s, struct ha_buf *msg)
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
	if (w->rl != NULL) {
		ha_buf_addf(msg, "owned by %s:%s (%lld:%lld)", user ? user :
		    "?", group ? group : "?", uid, gid);
		return judge_owner_rootless(w, uid, gid, msg);
	}
	ok = group_ok(ctx, r, s, gid, &want_group) && uid == 0;
	ha_buf_addf(msg, "owned by %s:%s (%lld:%lld)", user ? user : "?",
	    group ? group : "?", uid, gid);
	if (!ok)
		ha_buf_addf(msg, ", expected root:%s", want_group);
	return ok ? HA_PASS : HA_FAIL;
}

/*
 * A rootless dockerd sets the sticky bit on what it creates in its
 * runtime directory (so that systemd's tmpfiles cleaning leaves it), a
 * bit without meaning on a socket: allowed there.
 */
static enum ha_status
judge_mode(const struct file_role *r, const struct owner_want *w,
    const json_t *s, struct ha_buf *msg)
{
	unsigned int mode, extra, mask = r->mask;
	long long m;
	int sticky = w->rl != NULL && r->rootless == RL_USER;

	if (ha_facts_int(s, "mode", &m) != 0 || m < 0 || m > 07777) {
		ha_buf_addf(msg, "mode not collected");
		return HA_ERROR;
	}
	mode = (unsigned int)m;
	if (sticky)
		mask |= 01000;
	extra = mode & ~mask;
	ha_buf_addf(msg, "mode %04o", mode);
	if (extra == 0) {
		ha_buf_addf(msg, ", within %04o", r->mask);
		if (sticky && (mode & 01000))
			ha_buf_addf(msg, " (and the sticky bit a rootless "
			    "dockerd sets)");
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
    const struct owner_want *w, enum file_aspect aspect, const json_t *e,
    const char *fallback, struct ha_result *res)
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
		st = judge_owner(ctx, r, w, s, &msg);
	else if (r->type == NULL && type != NULL && strcmp(type, "dir") == 0) {
		/* a certs.d directory needs x bits a 0444 mask forbids */
		ha_buf_addf(&msg, "directory; only files are judged");
		st = HA_SKIP;
	} else
		st = judge_mode(r, w, s, &msg);
out:
	ha_result_add_target(res, "file", path, st, "%s", msg.data);
	ha_buf_release(&msg);
	return st;
}

/* registry_certs: one target per entry, the worst status wins. */
static enum ha_status
judge_certs(const struct ha_ctx *ctx, const struct file_role *r,
    const struct owner_want *w, enum file_aspect aspect,
    struct ha_result *res)
{
	const json_t *list = ha_facts_get(ctx->facts, "registry_certs");
	const char *dir = json_string_value(json_object_get(w->rl,
	    "config_dir"));
	const json_t *e;
	size_t i, n = 0;

	if (json_is_object(list) && json_is_string(json_object_get(list,
	    "error")))
		return ha_result_set(res, HA_ERROR, "%s",
		    json_string_value(json_object_get(list, "error")));
	if (w->rl != NULL && !json_is_array(list))
		return ha_result_set(res, HA_ERROR, "rootless dockerd: its "
		    "configuration directory, and so its certs.d, is unknown");
	json_array_foreach(list, i, e)
		if (judge_entry(ctx, r, w, aspect, e, "?", res) != HA_SKIP)
			n++;
	if (n == 0 && w->rl != NULL)
		return ha_result_set(res, HA_SKIP, "no registry certificate "
		    "files under %s/certs.d", dir != NULL ? dir : "?");
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

/*
 * For a rootless daemon: fill w, or settle the result (HA_SKIP for a role
 * that has no meaning for it, HA_ERROR when its user is unknown) and
 * return that status; HA_PASS to go on judging.
 */
static enum ha_status
rootless_want(const struct ha_ctx *ctx, const struct file_role *r,
    struct owner_want *w, struct ha_result *res)
{
	const char *from, *scope, *cg;
	const json_t *rl;

	memset(w, 0, sizeof(*w));
	if (!ha_daemon_rootless(ctx->facts, &rl))
		return HA_PASS;
	if (r->rootless == RL_NOT_READ)
		return ha_result_set(res, HA_SKIP, "rootless dockerd: it does "
		    "not read '%s', only the system's docker service does",
		    entry_path(ha_facts_file(ctx->facts, r->role), r->role));
	from = json_string_value(json_object_get(rl, "uid_from"));
	if (rl == NULL || ha_facts_int(rl, "uid", &w->uid) != 0 ||
	    from == NULL || strcmp(from, "process") != 0)
		return ha_result_set(res, HA_ERROR, "the engine runs in "
		    "rootless mode, but its dockerd process was not found, so "
		    "the user whose files these are is unknown");
	w->user = json_string_value(json_object_get(rl, "user"));
	w->root_ok = r->rootless != RL_USER;
	w->rl = rl;
	if (r->rootless != RL_UNIT)
		return HA_PASS;
	scope = json_string_value(json_object_get(rl, "unit_scope"));
	if (json_string_value(json_object_get(rl, "unit")) == NULL) {
		cg = json_string_value(json_object_get(rl, "cgroup"));
		return ha_result_set(res, HA_SKIP, "rootless dockerd of user "
		    "%s is not run by a systemd unit (cgroup '%s'): the "
		    "system's %s does not start it", w->user ? w->user : "?",
		    cg ? cg : "?", strcmp(r->role, "docker_service") == 0 ?
		    "docker.service" : "docker.socket");
	}
	if (scope == NULL || strcmp(scope, "user") != 0)
		w->rl = NULL;	/* a system unit: root's, as CIS says */
	return HA_PASS;
}

/* The evaluation of every check in this file. */
static enum ha_status
file_eval(const struct ha_ctx *ctx, struct ha_result *res)
{
	enum file_aspect aspect = ASPECT_OWNER;
	const struct file_role *r = find_role(res, &aspect);
	struct owner_want w;
	const json_t *e;
	enum ha_status st;
	const char *path, *why;

	if (r == NULL)
		return ha_result_set(res, HA_ERROR, "no file role for check");
	if ((st = rootless_want(ctx, r, &w, res)) != HA_PASS)
		return st;
	if (r->role == NULL)
		return judge_certs(ctx, r, &w, aspect, res);
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
	if (!json_is_object(e) && w.rl != NULL)
		/* not for want of a file: its user's directory is unknown */
		return ha_result_set(res, HA_ERROR, "rootless dockerd: where "
		    "its %s is was not found (its home directory is unknown)",
		    r->role);
	if (!json_is_object(e))
		return ha_result_set(res, HA_SKIP, "'%s' was not looked for",
		    r->role);
	path = entry_path(e, r->role);
	st = judge_entry(ctx, r, &w, aspect, e, path, res);
	return ha_result_set(res, st, "'%s': %s", path,
	    res->targets[res->ntargets - 1].detail);
}

#define FILE_OWNER(id_, what, path, grp, role_, sev, rl)		\
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
		    "file does not exist. Rootless dockerd "		\
		    "(facts.daemon.rootless): " rl,			\
		.remediation = "chown root:" grp " " path,		\
		.eval = file_eval,					\
	}

#define FILE_MODE(id_, what, path, mode, role_, sev, rl)		\
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
		    "the file does not exist. Rootless dockerd "	\
		    "(facts.daemon.rootless): " rl,			\
		.remediation = "chmod " mode " " path,			\
		.eval = file_eval,					\
	}

/* What the owner checks expect of a rootless dockerd's files. */
#define RL_OWNER(file)							\
	file ", owned by the daemon's user or root, its group root, the "\
	"user's own or a group of the daemon's user namespace (no other "\
	"user has access); an error when dockerd's process, and so its "\
	"user, was not found."
#define RL_SOCK_OWNER(file)						\
	file ", owned by the daemon's user (it creates it), its group "	\
	"root, the user's own or a group of the daemon's user namespace "\
	"(a subordinate gid: no other user has access)."
#define RL_UNIT_TEXT(unit)						\
	"the " unit " of the systemd unit that runs dockerd, found "	\
	"through dockerd's cgroup: a user unit (in the user manager's "	\
	"unit directories, ~/.config/systemd/user first) as the daemon's "\
	"own file, a system unit as above; not applicable when no "	\
	"systemd unit runs dockerd, since the system's unit does not "	\
	"start it."
#define RL_NOT_READ_TEXT						\
	"not applicable: only the system's docker service reads it."

const struct ha_check ha_checks_files[] = {
	FILE_OWNER("file.docker-service-owner", "docker.service file",
	    "the docker.service unit file", "root", "files.docker_service",
	    HA_SEV_MEDIUM, RL_UNIT_TEXT("service file") " Owned by the "
	    "daemon's user or root."),
	FILE_MODE("file.docker-service-mode", "docker.service file",
	    "the docker.service unit file", "644", "files.docker_service",
	    HA_SEV_MEDIUM, RL_UNIT_TEXT("service file") " The same mode."),
	FILE_OWNER("file.docker-socket-unit-owner", "docker.socket file",
	    "the docker.socket unit file", "root",
	    "files.docker_socket_unit", HA_SEV_MEDIUM,
	    RL_UNIT_TEXT(".socket file") " Owned by the daemon's user or "
	    "root."),
	FILE_MODE("file.docker-socket-unit-mode", "docker.socket file",
	    "the docker.socket unit file", "644",
	    "files.docker_socket_unit", HA_SEV_MEDIUM,
	    RL_UNIT_TEXT(".socket file") " The same mode."),
	FILE_OWNER("file.etc-docker-owner", "/etc/docker directory",
	    "/etc/docker", "root", "files.etc_docker", HA_SEV_MEDIUM,
	    RL_OWNER("its configuration directory $XDG_CONFIG_HOME/docker "
	    "(~/.config/docker), which stands for /etc/docker,")),
	FILE_MODE("file.etc-docker-mode", "/etc/docker directory",
	    "/etc/docker", "755", "files.etc_docker", HA_SEV_MEDIUM,
	    "its configuration directory $XDG_CONFIG_HOME/docker "
	    "(~/.config/docker), the same mode."),
	FILE_OWNER("file.registry-certs-owner", "registry certificate file",
	    "each file under /etc/docker/certs.d", "root",
	    "registry_certs", HA_SEV_MEDIUM,
	    RL_OWNER("each file under $XDG_CONFIG_HOME/docker/certs.d")),
	FILE_MODE("file.registry-certs-mode", "registry certificate file",
	    "each file under /etc/docker/certs.d", "444",
	    "registry_certs", HA_SEV_MEDIUM,
	    "each file under $XDG_CONFIG_HOME/docker/certs.d, the same "
	    "mode."),
	FILE_OWNER("file.tlscacert-owner", "TLS CA certificate file",
	    "the file named by tlscacert", "root", "files.tlscacert",
	    HA_SEV_MEDIUM, RL_OWNER("the file (by default "
	    "~/.docker/ca.pem)")),
	FILE_MODE("file.tlscacert-mode", "TLS CA certificate file",
	    "the file named by tlscacert", "444", "files.tlscacert",
	    HA_SEV_MEDIUM, "the same mode."),
	FILE_OWNER("file.tlscert-owner", "Docker server certificate file",
	    "the file named by tlscert", "root", "files.tlscert",
	    HA_SEV_MEDIUM, RL_OWNER("the file (by default "
	    "~/.docker/cert.pem)")),
	FILE_MODE("file.tlscert-mode", "Docker server certificate file",
	    "the file named by tlscert", "444", "files.tlscert",
	    HA_SEV_MEDIUM, "the same mode."),
	FILE_OWNER("file.tlskey-owner", "Docker server key file",
	    "the file named by tlskey", "root", "files.tlskey",
	    HA_SEV_HIGH, RL_OWNER("the file (by default "
	    "~/.docker/key.pem)")),
	FILE_MODE("file.tlskey-mode", "Docker server key file",
	    "the file named by tlskey", "400", "files.tlskey",
	    HA_SEV_HIGH, "the same mode."),
	FILE_OWNER("file.docker-sock-owner", "Docker socket file",
	    "/var/run/docker.sock", "docker", "files.docker_sock",
	    HA_SEV_HIGH, RL_SOCK_OWNER("the engine socket "
	    "($XDG_RUNTIME_DIR/docker.sock)")),
	FILE_MODE("file.docker-sock-mode", "Docker socket file",
	    "/var/run/docker.sock", "660", "files.docker_sock",
	    HA_SEV_HIGH, "the engine socket ($XDG_RUNTIME_DIR/docker.sock), "
	    "the same 660 (no access for others); the sticky bit dockerd "
	    "sets on files in its runtime directory is allowed."),
	FILE_OWNER("file.daemon-json-owner", "daemon.json file",
	    "/etc/docker/daemon.json", "root", "files.daemon_json",
	    HA_SEV_MEDIUM, RL_OWNER("the file it reads (--config-file, else "
	    "$XDG_CONFIG_HOME/docker/daemon.json)")),
	FILE_MODE("file.daemon-json-mode", "daemon.json file",
	    "/etc/docker/daemon.json", "644", "files.daemon_json",
	    HA_SEV_MEDIUM, "the file it reads (--config-file, else "
	    "$XDG_CONFIG_HOME/docker/daemon.json), the same mode."),
	FILE_OWNER("file.etc-default-docker-owner", "/etc/default/docker "
	    "file", "/etc/default/docker", "root", "files.etc_default_docker",
	    HA_SEV_MEDIUM, RL_NOT_READ_TEXT),
	FILE_MODE("file.etc-default-docker-mode", "/etc/default/docker file",
	    "/etc/default/docker", "644", "files.etc_default_docker",
	    HA_SEV_MEDIUM, RL_NOT_READ_TEXT),
	FILE_OWNER("file.etc-sysconfig-docker-owner", "/etc/sysconfig/docker "
	    "file", "/etc/sysconfig/docker", "root",
	    "files.etc_sysconfig_docker", HA_SEV_MEDIUM, RL_NOT_READ_TEXT),
	FILE_MODE("file.etc-sysconfig-docker-mode", "/etc/sysconfig/docker "
	    "file", "/etc/sysconfig/docker", "644",
	    "files.etc_sysconfig_docker", HA_SEV_MEDIUM, RL_NOT_READ_TEXT),
	FILE_OWNER("file.containerd-sock-owner", "containerd socket file",
	    "/run/containerd/containerd.sock", "root",
	    "files.containerd_sock", HA_SEV_HIGH,
	    RL_SOCK_OWNER("the containerd socket it uses (--containerd, "
	    "else $XDG_RUNTIME_DIR/containerd/containerd.sock when that "
	    "exists, else $XDG_RUNTIME_DIR/docker/containerd/"
	    "containerd.sock)")),
	FILE_MODE("file.containerd-sock-mode", "containerd socket file",
	    "/run/containerd/containerd.sock", "660",
	    "files.containerd_sock", HA_SEV_HIGH, "the containerd socket it "
	    "uses, the same 660 (no access for others); the sticky bit is "
	    "allowed."),
	{ .id = NULL },
};

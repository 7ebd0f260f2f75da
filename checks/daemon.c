/* SPDX-License-Identifier: Apache-2.0 */
/*
 * daemon.c - CIS Docker 1.6.0 section 2: Docker daemon configuration.
 *
 * Every setting is read through ha_facts_setting(), so a command-line flag
 * and a daemon.json key count the same; each message says where the value
 * came from ("flag", "file" or "default").
 */
#include <string.h>

#include "ha_buf.h"
#include "ha_daemon.h"
#include "ha_facts.h"
#include "ha_report.h"
#include "checks.h"
#include "banned.h"


/* Where a setting came from, for messages. */
static const char *
src_name(const char *source)
{
	return source != NULL ? source : "default";
}

/*
 * A boolean setting: 0 and *val, or -1 (result set to error) when the
 * value is present but not a boolean.  An absent setting takes dockerd's
 * default dflt with source "default".
 */
static int
get_bool(const struct ha_ctx *ctx, struct ha_result *res, const char *key,
    int dflt, int *val, const char **src)
{
	const json_t *v = ha_facts_setting(ctx->facts, key, src);

	if (v == NULL || json_is_null(v)) {
		*val = dflt;
		*src = "default";
		return 0;
	}
	if (!json_is_boolean(v)) {
		ha_result_set(res, HA_ERROR, "setting '%s' is not a boolean",
		    key);
		return -1;
	}
	*val = json_is_true(v);
	*src = src_name(*src);
	return 0;
}

/* A string setting, or dflt ("" for unset) when absent or null. */
static const char *
get_str(const struct ha_ctx *ctx, const char *key, const char *dflt,
    const char **src)
{
	const json_t *v = ha_facts_setting(ctx->facts, key, src);
	const char *s = json_string_value(v);

	if (s == NULL) {
		*src = "default";
		return dflt;
	}
	*src = src_name(*src);
	return s;
}

/* Pass when boolean setting key equals want, else fail. */
static enum ha_status
want_bool(const struct ha_ctx *ctx, struct ha_result *res, const char *key,
    int dflt, int want)
{
	const char *src;
	int val;

	if (get_bool(ctx, res, key, dflt, &val, &src) != 0)
		return HA_ERROR;
	return ha_result_set(res, val == want ? HA_PASS : HA_FAIL,
	    "%s is %s (%s)", key, val ? "true" : "false", src);
}

/*
 * icc governs the default bridge only: with --bridge=none dockerd creates
 * no default bridge, and there is nothing for icc to restrict.
 */
static enum ha_status
eval_icc(const struct ha_ctx *ctx, struct ha_result *res)
{
	const json_t *br = ha_facts_setting(ctx->facts, "bridge", NULL);

	if (br != NULL && !json_is_null(br) && !json_is_string(br))
		return ha_result_set(res, HA_ERROR, "setting 'bridge' is not a "
		    "string");
	if (json_is_string(br) && strcmp(json_string_value(br), "none") == 0)
		return ha_result_set(res, HA_SKIP, "the daemon runs with "
		    "bridge=none: there is no default bridge for icc to apply "
		    "to");
	return want_bool(ctx, res, "icc", 1, 0);
}

static enum ha_status
eval_iptables(const struct ha_ctx *ctx, struct ha_result *res)
{
	return want_bool(ctx, res, "iptables", 1, 1);
}

static enum ha_status
eval_nnp(const struct ha_ctx *ctx, struct ha_result *res)
{
	return want_bool(ctx, res, "no-new-privileges", 0, 1);
}

static enum ha_status
eval_userland_proxy(const struct ha_ctx *ctx, struct ha_result *res)
{
	return want_bool(ctx, res, "userland-proxy", 1, 0);
}

static enum ha_status
eval_experimental(const struct ha_ctx *ctx, struct ha_result *res)
{
	return want_bool(ctx, res, "experimental", 0, 0);
}

/*
 * CIS 2.3 asks for 'info' exactly: lower levels drop the events an
 * investigation needs, 'debug' logs too much.
 */
static enum ha_status
eval_log_level(const struct ha_ctx *ctx, struct ha_result *res)
{
	const char *src, *lvl = get_str(ctx, "log-level", "info", &src);

	return ha_result_set(res, strcmp(lvl, "info") == 0 ? HA_PASS :
	    HA_FAIL, "log-level %s (%s)", *lvl ? lvl : "\"\"", src);
}

/* dockerd treats loopback registries as insecure whatever the setting. */
static int
is_loopback_cidr(const char *s)
{
	return strcmp(s, "127.0.0.0/8") == 0 || strcmp(s, "::1/128") == 0;
}

static enum ha_status
eval_insecure_registries(const struct ha_ctx *ctx, struct ha_result *res)
{
	const char *src;
	const json_t *v = ha_facts_setting(ctx->facts, "insecure-registries",
	    &src);
	const json_t *e;
	const char *s;
	size_t i, n = 0;

	if (v != NULL && !json_is_null(v) && !json_is_array(v))
		return ha_result_set(res, HA_ERROR, "setting "
		    "'insecure-registries' is not a list");
	json_array_foreach(v, i, e) {
		s = json_string_value(e);
		if (s == NULL || is_loopback_cidr(s))
			continue;
		ha_result_add_target(res, "registry", s, HA_FAIL,
		    "insecure registry (%s)", src_name(src));
		n++;
	}
	if (n == 0)
		return ha_result_set(res, HA_PASS, "no insecure registries "
		    "(%s)", src_name(src));
	return ha_result_set(res, HA_FAIL, "%zu insecure registr%s (%s)", n,
	    n == 1 ? "y" : "ies", src_name(src));
}

static enum ha_status
eval_aufs(const struct ha_ctx *ctx, struct ha_result *res)
{
	const char *src, *drv = get_str(ctx, "storage-driver", "", &src);
	const char *info = ha_facts_str(ctx->facts, "engine.info.Driver");

	if (strcmp(drv, "aufs") == 0)
		return ha_result_set(res, HA_FAIL, "storage-driver aufs (%s)",
		    src);
	if (info != NULL && strcmp(info, "aufs") == 0)
		return ha_result_set(res, HA_FAIL, "the engine reports "
		    "storage driver aufs");
	if (info != NULL)
		return ha_result_set(res, HA_PASS, "storage driver %s "
		    "(engine)", info);
	if (*drv != '\0')
		return ha_result_set(res, HA_PASS, "storage-driver %s (%s)",
		    drv, src);
	return ha_result_set(res, HA_PASS, "storage-driver not set; dockerd "
	    "no longer selects aufs by itself");
}

/*
 * The first TLS file setting that is unset or names a file that does not
 * exist (dockerd fills these settings with default paths, so a value alone
 * proves nothing), or NULL.  *why says which.
 */
static const char *
missing_tls_file(const struct ha_ctx *ctx, const char **why)
{
	static const char *const keys[] = { "tlscacert", "tlscert", "tlskey" };
	const json_t *f;
	const char *src;
	size_t i;
	int exists;

	for (i = 0; i < HA_ARRAY_SIZE(keys); i++) {
		if (*get_str(ctx, keys[i], "", &src) == '\0') {
			*why = "is not set";
			return keys[i];
		}
		f = ha_facts_file(ctx->facts, keys[i]);
		if (ha_facts_bool(f, "exists", &exists) == 0 && !exists) {
			*why = "names a file that does not exist";
			return keys[i];
		}
	}
	return NULL;
}

/*
 * The first of keys whose value dockerd may have taken from an
 * environment collect could not read, or NULL; *why says why.
 */
static const char *
unknown_setting(const struct ha_ctx *ctx, const char *const *keys, size_t n,
    const char **why)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((*why = ha_facts_setting_unknown(ctx->facts, keys[i])) !=
		    NULL)
			return keys[i];
	return NULL;
}

static enum ha_status
eval_tls(const struct ha_ctx *ctx, struct ha_result *res)
{
	static const char *const verify_key[] = { "tlsverify" };
	static const char *const file_keys[] = { "tlscacert", "tlscert",
	    "tlskey" };
	const char *src, *vsrc, *h, *tcp = NULL, *missing, *why = NULL;
	const json_t *hosts = ha_facts_setting(ctx->facts, "hosts", &src);
	const json_t *e;
	size_t i;
	int verify;

	json_array_foreach(hosts, i, e) {
		h = json_string_value(e);
		if (h != NULL && ha_facts_is_tcp_host(h)) {
			tcp = h;
			break;
		}
	}
	if (tcp == NULL)
		return ha_result_set(res, HA_PASS, "no TCP listener in hosts "
		    "(%s)", src_name(src));
	if ((missing = unknown_setting(ctx, verify_key, 1, &why)) != NULL)
		goto unknown;
	if (get_bool(ctx, res, "tlsverify", 0, &verify, &vsrc) != 0)
		return HA_ERROR;
	if (!verify)
		return ha_result_set(res, HA_FAIL, "listens on '%s' (%s) with "
		    "tlsverify false (%s)", tcp, src_name(src), vsrc);
	if ((missing = unknown_setting(ctx, file_keys,
	    HA_ARRAY_SIZE(file_keys), &why)) != NULL)
		goto unknown;
	missing = missing_tls_file(ctx, &why);
	if (missing != NULL)
		return ha_result_set(res, HA_FAIL, "listens on '%s' (%s) with "
		    "tlsverify but %s %s", tcp, src_name(src), missing, why);
	return ha_result_set(res, HA_PASS, "listens on '%s' (%s) with "
	    "tlsverify, tlscacert, tlscert and tlskey (%s)", tcp,
	    src_name(src), vsrc);
unknown:
	return ha_result_set(res, HA_ERROR, "listens on '%s' (%s); %s is not "
	    "set by a flag or daemon.json and dockerd's environment "
	    "(DOCKER_TLS_VERIFY, DOCKER_CERT_PATH) is unknown: %s", tcp,
	    src_name(src), missing, why);
}

/*
 * A rootless daemon's host user: 1 and *uid (and *user, or NULL) when
 * dockerd's process was seen running as it; 0 with *why otherwise (the
 * engine says rootless but its process was not seen).  Only for facts
 * where ha_daemon_rootless() holds.
 */
static int
rootless_user(const json_t *r, long long *uid, const char **user,
    const char **why)
{
	const char *from = json_string_value(json_object_get(r, "uid_from"));

	*user = json_string_value(json_object_get(r, "user"));
	*why = NULL;
	if (r == NULL || ha_facts_int(r, "uid", uid) != 0) {
		*why = "its dockerd process was not found, so the user it runs "
		    "as is unknown";
		return 0;
	}
	if (from == NULL || strcmp(from, "process") != 0) {
		*why = "its dockerd process was not found (the socket's owner "
		    "is no proof of the user dockerd runs as)";
		return 0;
	}
	return 1;
}

/* The signals of facts.daemon.rootless.detected_by, comma-separated. */
static void
signals_text(const json_t *r, struct ha_buf *b)
{
	const json_t *v;
	size_t i;

	json_array_foreach(json_object_get(r, "detected_by"), i, v)
		if (json_is_string(v))
			ha_buf_addf(b, "%s%s", b->len ? ", " : "",
			    json_string_value(v));
	if (b->len == 0)
		ha_buf_addf(b, "info");
}

/*
 * 2.1: a dockerd run rootless (RootlessKit, as an ordinary user) passes;
 * whether any other daemon could run rootless only a person can say.
 */
static enum ha_status
eval_non_root(const struct ha_ctx *ctx, struct ha_result *res)
{
	const char *user, *why;
	struct ha_buf sig;
	const json_t *r;
	enum ha_status st;
	long long uid;

	if (!ha_daemon_rootless(ctx->facts, &r))
		return ha_result_set(res, HA_MANUAL, "needs a person; "
		    "'hostaudit --explain %s' lists the steps", res->check->id);
	if (!rootless_user(r, &uid, &user, &why))
		return ha_result_set(res, HA_ERROR, "the engine runs in "
		    "rootless mode, but %s", why);
	ha_buf_init(&sig, HA_BUF_NOCAP);
	signals_text(r, &sig);
	if (uid == 0)
		st = ha_result_set(res, HA_FAIL, "dockerd is in rootless mode "
		    "(%s) but runs as root (uid 0) on the host", sig.data);
	else
		st = ha_result_set(res, HA_PASS, "dockerd runs rootless as "
		    "user %s (uid %lld) (detected by: %s)", user ? user : "?",
		    uid, sig.data);
	ha_buf_release(&sig);
	return st;
}

/*
 * 2.9: userns-remap, or a rootless dockerd, which with its containers
 * runs in a user namespace whose root is an ordinary user: what
 * userns-remap gives the containers of a root daemon (and more).
 */
static enum ha_status
eval_userns(const struct ha_ctx *ctx, struct ha_result *res)
{
	const char *src, *u = get_str(ctx, "userns-remap", "", &src);
	const char *user, *why;
	const json_t *r;
	long long uid;

	if (ha_daemon_rootless(ctx->facts, &r)) {
		if (!rootless_user(r, &uid, &user, &why))
			return ha_result_set(res, HA_ERROR, "the engine runs "
			    "in rootless mode, but %s", why);
		if (uid != 0)
			return ha_result_set(res, HA_PASS, "rootless: dockerd "
			    "and its containers run in a user namespace whose "
			    "root is user %s (uid %lld) on the host, so "
			    "userns-remap is not needed", user ? user : "?",
			    uid);
	}
	if (*u == '\0')
		return ha_result_set(res, HA_FAIL, "userns-remap not set (%s)",
		    src);
	return ha_result_set(res, HA_PASS, "userns-remap %s (%s)", u, src);
}

static enum ha_status
eval_cgroup_parent(const struct ha_ctx *ctx, struct ha_result *res)
{
	const char *src, *p = get_str(ctx, "cgroup-parent", "", &src);

	if (*p == '\0')
		return ha_result_set(res, HA_PASS, "cgroup-parent not set "
		    "(%s)", src);
	return ha_result_set(res, HA_INFO, "cgroup-parent %s (%s): confirm "
	    "it is intended", p, src);
}

static enum ha_status
eval_base_device_size(const struct ha_ctx *ctx, struct ha_result *res)
{
	const char *src, *o;
	const json_t *opts = ha_facts_setting(ctx->facts, "storage-opts", &src);
	const json_t *e;
	size_t i;

	json_array_foreach(opts, i, e) {
		o = json_string_value(e);
		if (o != NULL && ha_starts_with(o, "dm.basesize"))
			return ha_result_set(res, HA_WARN, "storage-opts has "
			    "%s (%s): confirm it is needed", o, src_name(src));
	}
	return ha_result_set(res, HA_PASS, "dm.basesize not set (%s)",
	    src_name(src));
}

static enum ha_status
eval_authz(const struct ha_ctx *ctx, struct ha_result *res)
{
	const char *src, *first;
	const json_t *p = ha_facts_setting(ctx->facts, "authorization-plugins",
	    &src);

	first = json_string_value(json_array_get(p, 0));
	if (first == NULL || *first == '\0')
		return ha_result_set(res, HA_FAIL, "no authorization plugin "
		    "(%s)", src_name(src));
	return ha_result_set(res, HA_PASS, "authorization-plugins %s%s (%s)",
	    first, json_array_size(p) > 1 ? ", ..." : "", src_name(src));
}

static enum ha_status
eval_remote_logging(const struct ha_ctx *ctx, struct ha_result *res)
{
	static const char *const local[] = { "json-file", "local", "none" };
	const char *src, *d = get_str(ctx, "log-driver", "json-file", &src);
	const json_t *want = json_object_get(ctx->params, "log_drivers"), *v;
	size_t i;

	if (*d == '\0')
		d = "json-file";
	/* The site's required drivers (profile parameter log_drivers). */
	json_array_foreach(want, i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), d) == 0)
			return ha_result_set(res, HA_PASS, "log-driver %s (%s) "
			    "is one the profile requires", d, src);
	if (json_array_size(want) > 0)
		return ha_result_set(res, HA_FAIL, "log-driver %s (%s) is not "
		    "one the profile requires (log_drivers)", d, src);
	for (i = 0; i < HA_ARRAY_SIZE(local); i++)
		if (strcmp(d, local[i]) == 0)
			return ha_result_set(res, HA_FAIL, "log-driver %s (%s) "
			    "keeps logs on this host only", d, src);
	return ha_result_set(res, HA_PASS, "log-driver %s (%s)", d, src);
}

/* Profile parameters (see hostaudit-profile(5)). */
static const struct ha_param logging_params[] = {
	{ "log_drivers", HA_PARAM_STRINGS },
	{ NULL, 0 },
};

/* dockerd refuses to join a swarm with live-restore on. */
static enum ha_status
eval_live_restore(const struct ha_ctx *ctx, struct ha_result *res)
{
	const char *swarm = ha_facts_str(ctx->facts,
	    "engine.info.Swarm.LocalNodeState");

	if (swarm != NULL && strcmp(swarm, "active") == 0)
		return ha_result_set(res, HA_SKIP, "swarm mode is active; "
		    "dockerd does not allow live-restore with swarm mode");
	return want_bool(ctx, res, "live-restore", 0, 1);
}

/* 1 when GET /info SecurityOptions reports an unconfined seccomp. */
static int
info_seccomp_unconfined(const struct ha_ctx *ctx)
{
	const json_t *opts = ha_facts_get(ctx->facts,
	    "engine.info.SecurityOptions");
	const json_t *e;
	const char *s;
	size_t i;

	json_array_foreach(opts, i, e) {
		s = json_string_value(e);
		if (s != NULL && ha_starts_with(s, "name=seccomp") &&
		    strstr(s, "profile=unconfined") != NULL)
			return 1;
	}
	return 0;
}

static enum ha_status
eval_seccomp(const struct ha_ctx *ctx, struct ha_result *res)
{
	const char *src, *p = get_str(ctx, "seccomp-profile", "", &src);

	if (strcmp(p, "unconfined") == 0)
		return ha_result_set(res, HA_FAIL, "seccomp-profile unconfined "
		    "(%s)", src);
	if (info_seccomp_unconfined(ctx))
		return ha_result_set(res, HA_FAIL, "the engine reports "
		    "seccomp profile unconfined");
	if (*p == '\0' || strcmp(p, "builtin") == 0 ||
	    strcmp(p, "default") == 0)
		return ha_result_set(res, HA_PASS, "Docker's default seccomp "
		    "profile (%s)", src);
	return ha_result_set(res, HA_PASS, "custom seccomp profile '%s' (%s)",
	    p, src);
}

/*
 * 2.7 from CIS 1.8.0: the storage driver the engine reports (the one in
 * use, whatever chose it) is not devicemapper, which Docker Engine 25
 * removed.
 */
static enum ha_status
eval_devicemapper(const struct ha_ctx *ctx, struct ha_result *res)
{
	const json_t *info = ha_facts_get(ctx->facts, "engine.info");
	const char *drv = json_string_value(json_object_get(info, "Driver"));

	if (!json_is_object(info))
		return ha_result_set(res, HA_ERROR, "the engine's info (GET "
		    "/info) was not collected (see engine.errors)");
	if (drv == NULL || *drv == '\0')
		return ha_result_set(res, HA_ERROR, "the engine's info names "
		    "no storage driver");
	if (strcmp(drv, "devicemapper") == 0)
		return ha_result_set(res, HA_FAIL, "the engine reports "
		    "storage driver devicemapper");
	return ha_result_set(res, HA_PASS, "storage driver %s (engine)",
	    drv);
}

const struct ha_check ha_checks_daemon[] = {
	{
		.id = "daemon.non-root",
		.title = "Run the Docker daemon as a non-root user, if "
		    "possible",
		/*
		 * Host scope: the evaluation needs no daemon settings, and
		 * a daemon that is not rootless stays manual even when its
		 * settings could not be read.
		 */
		.scope = HA_SCOPE_HOST,
		.level = 1,
		.severity = HA_SEV_LOW,
		.rationale = "A daemon running as root turns any daemon or "
		    "runtime flaw into full control of the host; rootless mode "
		    "limits that to one unprivileged user.",
		.audit = "Automated for a rootless dockerd, manual otherwise. "
		    "Rootless: passes when the engine runs in rootless mode "
		    "(its /info SecurityOptions lists 'name=rootless', "
		    "ROOTLESSKIT_STATE_DIR is in dockerd's environment, or "
		    "rootlesskit is among dockerd's parent processes; "
		    "facts.daemon.rootless) and its dockerd process runs as a "
		    "user other than root on the host; fails when it runs as "
		    "root; an error when the process was not found. Not "
		    "rootless: manual. Run 'ps -o user= -p $(pidof dockerd)' "
		    "and 'docker info --format \"{{.SecurityOptions}}\"': a "
		    "rootless daemon runs as an ordinary user and lists "
		    "'name=rootless'. Decide whether the workloads on this "
		    "host can run under rootless Docker (no privileged "
		    "containers, no ports below 1024 without extra setup, "
		    "limited storage drivers).",
		.remediation = "Where the workloads allow it, install the "
		    "rootless Docker package and run "
		    "'dockerd-rootless-setuptool.sh install' as the user that "
		    "should own the daemon; see "
		    "https://docs.docker.com/engine/security/rootless/.",
		.eval = eval_non_root,
	},
	{
		.id = "daemon.icc",
		.title = "Restrict network traffic between containers on the "
		    "default bridge",
		.scope = HA_SCOPE_DAEMON,
		.level = 1,
		.severity = HA_SEV_MEDIUM,
		.rationale = "With inter-container communication on, every "
		    "container on the default bridge can reach every other "
		    "one, "
		    "so one compromised container can probe or attack its "
		    "neighbours.",
		.audit = "Reads the effective 'icc' setting (flag --icc or "
		    "daemon.json \"icc\"; the default is true). Passes when it "
		    "is false. Not applicable when the effective 'bridge' "
		    "setting (flag -b or daemon.json \"bridge\") is \"none\": "
		    "dockerd then creates no default bridge.",
		.remediation = "Set \"icc\": false in /etc/docker/daemon.json "
		    "(or start dockerd with --icc=false) and restart the "
		    "daemon; link containers that must talk through "
		    "user-defined "
		    "networks.",
		.eval = eval_icc,
	},
	{
		.id = "daemon.log-level",
		.title = "Set the logging level to 'info'",
		.scope = HA_SCOPE_DAEMON,
		.level = 1,
		.severity = HA_SEV_LOW,
		.rationale = "At 'info' the daemon records the events an "
		    "investigation needs; lower levels (warn, error, fatal) "
		    "drop "
		    "them and 'debug' floods the logs with detail that may "
		    "include sensitive data.",
		.audit = "Reads the effective 'log-level' setting (flag "
		    "--log-level or daemon.json \"log-level\"; the default is "
		    "info). Passes on 'info', fails on any other level.",
		.remediation = "Remove \"log-level\" from daemon.json and "
		    "--log-level from the dockerd command line (the default is "
		    "info), or set it to \"info\" explicitly, then restart the "
		    "daemon.",
		.eval = eval_log_level,
	},
	{
		.id = "daemon.iptables",
		.title = "Allow Docker to make changes to iptables",
		.scope = HA_SCOPE_DAEMON,
		.level = 1,
		.severity = HA_SEV_MEDIUM,
		.rationale = "When Docker manages iptables itself the firewall "
		    "rules follow the containers' network settings; turning "
		    "it off invites hand-made rules that drift or expose "
		    "ports.",
		.audit = "Reads the effective 'iptables' setting (flag "
		    "--iptables or daemon.json \"iptables\"; the default is "
		    "true). Passes when it is true.",
		.remediation = "Remove \"iptables\": false from daemon.json "
		    "and "
		    "--iptables=false from the dockerd command line, then "
		    "restart the daemon.",
		.eval = eval_iptables,
	},
	{
		.id = "daemon.insecure-registries",
		.title = "Do not use insecure registries",
		.scope = HA_SCOPE_DAEMON,
		.level = 1,
		.severity = HA_SEV_HIGH,
		.rationale = "An insecure registry is reached without TLS or "
		    "without verifying its certificate, so images pulled from "
		    "it can be read or replaced in transit.",
		.audit = "Reads the effective 'insecure-registries' setting "
		    "(flag --insecure-registry or daemon.json "
		    "\"insecure-registries\"). Passes when it names no "
		    "registry. dockerd's built-in 127.0.0.0/8 entry is not "
		    "part of the setting and is not reported.",
		.remediation = "Remove every entry of \"insecure-registries\" "
		    "from daemon.json and every --insecure-registry flag, give "
		    "the registries TLS certificates (CA certificates under "
		    "/etc/docker/certs.d/HOST:PORT/), then restart the daemon.",
		.eval = eval_insecure_registries,
	},
	{
		.id = "daemon.aufs",
		.title = "Do not use the aufs storage driver",
		.scope = HA_SCOPE_DAEMON,
		.level = 1,
		.severity = HA_SEV_MEDIUM,
		.rationale = "aufs is an out-of-tree, unmaintained driver that "
		    "has caused kernel crashes and is removed from current "
		    "Docker releases.",
		.audit = "Reads the effective 'storage-driver' setting (flag "
		    "--storage-driver / -s or daemon.json \"storage-driver\") "
		    "and the driver the engine reports (GET /info Driver). "
		    "Fails when either is aufs.",
		.remediation = "Move to overlay2: set \"storage-driver\": "
		    "\"overlay2\" in daemon.json (images and containers must "
		    "be "
		    "re-pulled or re-created under the new driver) and restart "
		    "the daemon.",
		.eval = eval_aufs,
	},
	{
		.id = "daemon.tls",
		.title = "Configure TLS authentication for the Docker daemon, "
		    "if it listens on TCP",
		.scope = HA_SCOPE_DAEMON,
		.level = 1,
		.severity = HA_SEV_CRITICAL,
		.rationale = "A daemon API reachable over TCP without mutual "
		    "TLS gives root on the host to anyone who can connect.",
		.audit = "Reads the effective 'hosts' setting (flag -H/--host "
		    "or daemon.json \"hosts\"). Passes when no tcp:// listener "
		    "is configured; with one it requires 'tlsverify' true and "
		    "'tlscacert', 'tlscert' and 'tlskey' set.",
		.remediation = "Either listen on the Unix socket only, or set "
		    "\"tlsverify\": true, \"tlscacert\", \"tlscert\" and "
		    "\"tlskey\" in daemon.json (or --tlsverify, --tlscacert, "
		    "--tlscert, --tlskey) with a CA that signs only the "
		    "clients allowed in, then restart the daemon.",
		.eval = eval_tls,
	},
	{
		.id = "daemon.default-ulimit",
		.title = "Configure the default ulimit appropriately",
		.scope = HA_SCOPE_DAEMON,
		.level = 1,
		.severity = HA_SEV_LOW,
		.rationale = "Default ulimits bound the processes and open "
		    "files "
		    "a container can use, so one container cannot exhaust them "
		    "for the host.",
		.audit = "Manual. Run 'ps -o args= -p $(pidof dockerd)' and "
		    "look for --default-ulimit, and read \"default-ulimits\" "
		    "in "
		    "/etc/docker/daemon.json. Decide whether the values (for "
		    "example nofile and nproc) suit the workloads on this "
		    "host; without them containers inherit the daemon's own "
		    "limits.",
		.remediation = "Set \"default-ulimits\" in daemon.json, for "
		    "example {\"nofile\": {\"Name\": \"nofile\", \"Soft\": "
		    "1024, \"Hard\": 2048}}, or --default-ulimit "
		    "nofile=1024:2048, then restart the daemon; containers "
		    "that need more can override it with --ulimit.",
	},
	{
		.id = "daemon.userns-remap",
		.title = "Enable user namespace support",
		.scope = HA_SCOPE_DAEMON,
		.level = 2,
		.severity = HA_SEV_MEDIUM,
		.rationale = "With user namespace remapping, root inside a "
		    "container is an unprivileged user on the host, which "
		    "blunts most container escapes.",
		.audit = "Reads the effective 'userns-remap' setting (flag "
		    "--userns-remap or daemon.json \"userns-remap\"). Passes "
		    "when it names a user. A rootless dockerd "
		    "(facts.daemon.rootless) passes without it: it runs, with "
		    "its containers, in a user namespace whose root is the "
		    "ordinary user it was started as (an error when its "
		    "process, and so that user, was not seen).",
		.remediation = "Set \"userns-remap\": \"default\" (or a user "
		    "with entries in /etc/subuid and /etc/subgid) in "
		    "daemon.json and restart the daemon; existing images and "
		    "containers are not visible under the remapped root and "
		    "must be pulled or created again.",
		.eval = eval_userns,
	},
	{
		.id = "daemon.cgroup-parent",
		.title = "Confirm the default cgroup usage",
		.scope = HA_SCOPE_DAEMON,
		.level = 2,
		.severity = HA_SEV_LOW,
		.rationale = "The parent cgroup decides which resource limits "
		    "apply to all containers together; a non-default parent "
		    "should be a deliberate choice.",
		.audit = "Reads the effective 'cgroup-parent' setting (flag "
		    "--cgroup-parent or daemon.json \"cgroup-parent\"). Passes "
		    "when it is not set (the default); when set, reports it "
		    "as info to be confirmed.",
		.remediation = "Unless a different parent cgroup is needed on "
		    "purpose, remove \"cgroup-parent\" from daemon.json and "
		    "--cgroup-parent from the command line, then restart the "
		    "daemon.",
		.eval = eval_cgroup_parent,
	},
	{
		.id = "daemon.base-device-size",
		.title = "Do not change the base device size until needed",
		.scope = HA_SCOPE_DAEMON,
		.level = 2,
		.severity = HA_SEV_LOW,
		.rationale = "A larger base device size lets every container's "
		    "filesystem grow further, which can fill the host's "
		    "storage; it should be raised only when a workload needs "
		    "it.",
		.audit = "Reads the effective 'storage-opts' setting (flag "
		    "--storage-opt or daemon.json \"storage-opts\"). Passes "
		    "when no dm.basesize option is set; warns when one is.",
		.remediation = "Remove dm.basesize from \"storage-opts\" in "
		    "daemon.json and from --storage-opt on the command line "
		    "unless a workload needs it, then restart the daemon.",
		.eval = eval_base_device_size,
	},
	{
		.id = "daemon.authorization-plugin",
		.title = "Enable authorization for Docker client commands",
		.scope = HA_SCOPE_DAEMON,
		.level = 2,
		.severity = HA_SEV_MEDIUM,
		.rationale = "Without an authorization plugin anyone who can "
		    "reach the daemon may run every API command; a plugin "
		    "grants commands per user.",
		.audit = "Reads the effective 'authorization-plugins' setting "
		    "(flag --authorization-plugin or daemon.json "
		    "\"authorization-plugins\"). Passes when it names at least "
		    "one plugin.",
		.remediation = "Install an authorization plugin, list it in "
		    "\"authorization-plugins\" in daemon.json (or "
		    "--authorization-plugin=NAME) and restart the daemon.",
		.eval = eval_authz,
	},
	{
		.id = "daemon.remote-logging",
		.title = "Configure centralized and remote logging",
		.scope = HA_SCOPE_DAEMON,
		.level = 2,
		.severity = HA_SEV_LOW,
		.rationale = "Logs kept only on the host are lost with it and "
		    "can be altered by whoever compromises it; shipping them "
		    "to a central service keeps them for investigation.",
		.audit = "Reads the effective 'log-driver' setting (flag "
		    "--log-driver or daemon.json \"log-driver\"; the default "
		    "is json-file). Fails for the local drivers json-file, "
		    "local and none; passes for a driver that sends logs "
		    "elsewhere (syslog, journald, gelf, fluentd, awslogs, "
		    "splunk, gcplogs, logentries, etwlogs or a plugin). With "
		    "the profile parameter log_drivers (an array of driver "
		    "names) the driver must be one of them.",
		.remediation = "Set \"log-driver\" (and \"log-opts\") in "
		    "daemon.json to a driver that ships logs to your log "
		    "service, for example \"syslog\" with \"syslog-address\", "
		    "then restart the daemon.",
		.eval = eval_remote_logging,
		.params = logging_params,
	},
	{
		.id = "daemon.no-new-privileges",
		.title = "Restrict containers from acquiring new privileges",
		.scope = HA_SCOPE_DAEMON,
		.level = 2,
		.severity = HA_SEV_MEDIUM,
		.rationale = "no-new-privileges stops processes in containers "
		    "from gaining privileges through setuid or setgid "
		    "binaries or file capabilities.",
		.audit = "Reads the effective 'no-new-privileges' setting "
		    "(flag --no-new-privileges or daemon.json "
		    "\"no-new-privileges\"; the default is false). Passes when "
		    "it is true.",
		.remediation = "Set \"no-new-privileges\": true in daemon.json "
		    "(or --no-new-privileges) and restart the daemon.",
		.eval = eval_nnp,
	},
	{
		.id = "daemon.live-restore",
		.title = "Enable live restore",
		.scope = HA_SCOPE_DAEMON,
		.level = 1,
		.severity = HA_SEV_LOW,
		.rationale = "With live restore, containers keep running while "
		    "the daemon is stopped or upgraded, so security updates "
		    "of the daemon do not mean downtime.",
		.audit = "Reads the effective 'live-restore' setting (flag "
		    "--live-restore or daemon.json \"live-restore\"; the "
		    "default is false). Passes when it is true. Not applicable "
		    "when the node is in an active swarm (GET /info "
		    "Swarm.LocalNodeState), where live restore is not "
		    "supported.",
		.remediation = "Set \"live-restore\": true in daemon.json (or "
		    "--live-restore) and reload or restart the daemon.",
		.eval = eval_live_restore,
	},
	{
		.id = "daemon.userland-proxy",
		.title = "Disable the userland proxy",
		.scope = HA_SCOPE_DAEMON,
		.level = 1,
		.severity = HA_SEV_LOW,
		.rationale = "With hairpin NAT available the userland proxy "
		    "(docker-proxy) is not needed; each proxy process is more "
		    "code listening on published ports.",
		.audit = "Reads the effective 'userland-proxy' setting (flag "
		    "--userland-proxy or daemon.json \"userland-proxy\"; the "
		    "default is true). Passes when it is false.",
		.remediation = "Set \"userland-proxy\": false in daemon.json "
		    "(or "
		    "--userland-proxy=false) and restart the daemon.",
		.eval = eval_userland_proxy,
	},
	{
		.id = "daemon.seccomp-profile",
		.title = "Apply a daemon-wide custom seccomp profile, if "
		    "appropriate",
		.scope = HA_SCOPE_DAEMON,
		.level = 2,
		.severity = HA_SEV_MEDIUM,
		.rationale = "The seccomp profile limits the system calls "
		    "containers may make; the default profile is a sound "
		    "baseline, a custom one can be tighter, and 'unconfined' "
		    "removes the filter entirely.",
		.audit = "Reads the effective 'seccomp-profile' setting (flag "
		    "--seccomp-profile or daemon.json \"seccomp-profile\") "
		    "and the engine's SecurityOptions (GET /info). Fails when "
		    "either says \"unconfined\"; passes on the built-in "
		    "default profile (which the benchmark accepts when it is "
		    "adequate) and on a custom profile, naming which is in "
		    "use.",
		.remediation = "Keep the default profile or set "
		    "\"seccomp-profile\" in daemon.json to the path of a "
		    "profile that allows only the system calls your "
		    "workloads need; never \"unconfined\". Restart the daemon.",
		.eval = eval_seccomp,
	},
	{
		.id = "daemon.experimental",
		.title = "Do not enable experimental features in production",
		.scope = HA_SCOPE_DAEMON,
		.level = 1,
		.severity = HA_SEV_LOW,
		.rationale = "Experimental features are not stable and have "
		    "not had the scrutiny of released ones.",
		.audit = "Reads the effective 'experimental' setting (flag "
		    "--experimental or daemon.json \"experimental\"; the "
		    "default is false). Passes when it is false.",
		.remediation = "Remove \"experimental\": true from daemon.json "
		    "and --experimental from the command line, then restart "
		    "the daemon.",
		.eval = eval_experimental,
	},
	{
		.id = "daemon.devicemapper",
		.title = "Do not use the devicemapper storage driver",
		.scope = HA_SCOPE_DAEMON,
		.level = 1,
		.severity = HA_SEV_MEDIUM,
		.rationale = "The devicemapper storage driver is deprecated in "
		    "favour of overlay2 and was removed in Docker Engine 25; "
		    "a daemon still on it runs an unmaintained storage path "
		    "and cannot be upgraded until it moves off it.",
		.audit = "Reads the storage driver the engine reports "
		    "(facts.engine.info.Driver, as 'docker info --format "
		    "{{.Driver}}' shows it): devicemapper fails, any other "
		    "driver (overlay2, vfs, btrfs, zfs, ...) passes. An "
		    "error when the engine's info was not collected.",
		.remediation = "Move the daemon to a supported storage driver "
		    "(overlay2 on most hosts): save the images and data you "
		    "need, set \"storage-driver\": \"overlay2\" in "
		    "/etc/docker/daemon.json (and drop --storage-driver "
		    "devicemapper and dm.* storage options), restart the "
		    "daemon, then restore them.",
		.eval = eval_devicemapper,
		.needs_engine = 1,
	},
	{ .id = NULL },
};

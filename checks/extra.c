/* SPDX-License-Identifier: Apache-2.0 */
/*
 * extra.c - hostaudit's own checks beyond the benchmark: daemon
 * configuration that dockerd would refuse or that does nothing, where
 * containers' images come from, secrets in image environments, and TLS
 * certificates close to their expiry.
 */
#include <ctype.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ha_facts.h"
#include "ha_report.h"
#include "checks.h"
#include "banned.h"

/* A conflict value as short text (for the target detail). */
static char *
value_text(const json_t *v)
{
	char *s = NULL, *r;

	if (v != NULL)
		s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
	r = ha_xstrdup(s != NULL ? s : "?");
	free(s);
	return r;
}

static enum ha_status
eval_conflict(const struct ha_ctx *ctx, struct ha_result *res)
{
	const json_t *list = ha_facts_get(ctx->facts, "daemon.conflicts");
	const json_t *c;
	const char *key;
	char *flag, *file;
	size_t i, n = 0;

	json_array_foreach(list, i, c) {
		key = json_string_value(json_object_get(c, "key"));
		flag = value_text(json_object_get(c, "flag"));
		file = value_text(json_object_get(c, "file"));
		ha_result_add_target(res, "setting", key ? key : "?", HA_FAIL,
		    "flag %s, daemon.json %s", flag, file);
		free(flag);
		free(file);
		n++;
	}
	if (n == 0)
		return ha_result_set(res, HA_PASS, "no setting is given both "
		    "as a flag and in daemon.json");
	return ha_result_set(res, HA_FAIL, "%zu setting%s given both as a "
	    "flag and in daemon.json; dockerd refuses to start", n,
	    n == 1 ? "" : "s");
}

/*
 * Adds one target per entry of the list at facts path: a string, or an
 * object naming the key ("key") or flag ("flag") with a "message".
 * Returns how many.
 */
static size_t
add_names(const struct ha_ctx *ctx, const char *path, const char *kind,
    enum ha_status st, const char *detail, struct ha_result *res)
{
	const json_t *list = ha_facts_get(ctx->facts, path);
	const json_t *v;
	const char *s, *msg;
	size_t i, n = 0;

	json_array_foreach(list, i, v) {
		s = json_string_value(v);
		msg = json_string_value(json_object_get(v, "message"));
		if (s == NULL)
			s = json_string_value(json_object_get(v, "key"));
		if (s == NULL)
			s = json_string_value(json_object_get(v, "flag"));
		ha_result_add_target(res, kind, s ? s : "?", st, "%s",
		    msg != NULL ? msg : detail);
		n++;
	}
	return n;
}

static enum ha_status
eval_unknown(const struct ha_ctx *ctx, struct ha_result *res)
{
	size_t nkeys, ninvalid, nflags;

	nkeys = add_names(ctx, "daemon.unknown_keys", "setting", HA_FAIL,
	    "unknown daemon.json key; dockerd refuses to start", res);
	ninvalid = add_names(ctx, "daemon.invalid_keys", "setting", HA_FAIL,
	    "invalid value in daemon.json", res);
	nflags = add_names(ctx, "daemon.unknown_flags", "flag", HA_WARN,
	    "flag hostaudit does not know; its effect was not audited", res);
	nflags += add_names(ctx, "daemon.invalid_flags", "flag", HA_WARN,
	    "flag value hostaudit could not parse; not audited", res);
	if (nkeys + ninvalid > 0)
		return ha_result_set(res, HA_FAIL, "daemon.json has %zu "
		    "unknown key%s and %zu invalid value%s; dockerd refuses to "
		    "start", nkeys, nkeys == 1 ? "" : "s", ninvalid,
		    ninvalid == 1 ? "" : "s");
	if (nflags > 0)
		return ha_result_set(res, HA_WARN, "%zu dockerd flag%s not "
		    "understood by hostaudit", nflags, nflags == 1 ? "" : "s");
	return ha_result_set(res, HA_PASS, "every daemon setting is known");
}

/* The tagged reference of an image id, from the image facts; or NULL. */
static const char *
tag_of_id(const struct ha_ctx *ctx, const char *id)
{
	const json_t *img;
	const char *iid;
	size_t i;

	json_array_foreach(ha_facts_get(ctx->facts, "engine.images"), i, img) {
		iid = json_string_value(json_object_get(img, "Id"));
		if (iid != NULL && (strcmp(iid, id) == 0 ||
		    (ha_starts_with(iid, "sha256:") &&
		    ha_starts_with(iid + 7, id))))
			return json_string_value(json_array_get(
			    json_object_get(img, "RepoTags"), 0));
	}
	return NULL;
}

/*
 * An image reference as registry/path without tag or digest, the way the
 * engine resolves it: "busybox" is docker.io/library/busybox, a first
 * component with a dot or colon (or "localhost") names a registry.
 */
static char *
normalize_ref(const char *ref)
{
	const char *slash = strchr(ref, '/'), *last;
	char *host, *path, *out, *cut;

	if (slash != NULL && (memchr(ref, '.', (size_t)(slash - ref)) ||
	    memchr(ref, ':', (size_t)(slash - ref)) ||
	    strncmp(ref, "localhost/", 10) == 0)) {
		host = ha_xstrndup(ref, (size_t)(slash - ref));
		path = ha_xstrdup(slash + 1);
	} else {
		host = ha_xstrdup("docker.io");
		path = slash ? ha_xstrdup(ref) : ha_xasprintf("library/%s",
		    ref);
	}
	if ((cut = strchr(path, '@')) != NULL)
		*cut = '\0';
	last = strrchr(path, '/');
	if ((cut = strchr(last ? last : path, ':')) != NULL)
		*cut = '\0';
	if (strcmp(host, "index.docker.io") == 0 ||
	    strcmp(host, "registry-1.docker.io") == 0) {
		free(host);
		host = ha_xstrdup("docker.io");
	}
	out = ha_xasprintf("%s/%s", host, path);
	free(host);
	free(path);
	return out;
}

/*
 * An approved entry: a registry, a registry/path prefix, or a glob that
 * matches the whole reference, its * ? and [] never matching '/' (as in
 * a path): "registry.example.com/" followed by "*" approves
 * registry.example.com/app but not registry.example.com/team/app.
 */
static int
approved(const char *entry, const char *norm)
{
	size_t n = strlen(entry);

	while (n > 0 && entry[n - 1] == '/')
		n--;
	if (strpbrk(entry, "*?[") != NULL)
		return fnmatch(entry, norm, FNM_PATHNAME) == 0;
	return n > 0 && strncmp(entry, norm, n) == 0 &&
	    (norm[n] == '/' || norm[n] == '\0');
}

static enum ha_status
approved_registry(const struct ha_ctx *ctx, const json_t *obj,
    struct ha_buf *d)
{
	const json_t *list = json_object_get(ctx->params, "registries"), *v;
	const char *ref = ha_facts_str(obj, "Config.Image");
	char *norm;
	enum ha_status st = HA_FAIL;
	size_t i;

	if (json_array_size(list) == 0) {
		ha_buf_addstr(d, "no approved registries in the profile "
		    "(parameter registries)");
		return HA_SKIP;
	}
	if (ref != NULL && *ref != '\0' && (ha_starts_with(ref, "sha256:") ||
	    strspn(ref, "0123456789abcdef") == strlen(ref)))
		ref = tag_of_id(ctx, ref);
	if (ref == NULL || *ref == '\0') {
		ha_buf_addstr(d, "the image has no tag: where it came from is "
		    "unknown");
		return HA_WARN;
	}
	norm = normalize_ref(ref);
	json_array_foreach(list, i, v)
		if (json_is_string(v) && approved(json_string_value(v), norm))
			st = HA_PASS;
	ha_buf_addf(d, "image %s (%s)%s", ref, norm, st == HA_PASS ? "" :
	    ": not from an approved registry");
	free(norm);
	return st;
}

/* 1 when an environment variable's name suggests it holds a secret. */
static int
secret_name(const char *name, size_t len)
{
	static const char *const words[] = { "PASSWORD", "PASSWD", "SECRET",
	    "TOKEN", "CREDENTIAL", "PRIVATE_KEY", "API_KEY", "ACCESS_KEY" };
	static const char *const refs[] = { "_FILE", "_PATH", "_DIR" };
	char up[128];
	size_t i;

	if (len == 0 || len >= sizeof(up))
		return 0;
	for (i = 0; i < len; i++)
		up[i] = (char)toupper((unsigned char)name[i]);
	up[len] = '\0';
	for (i = 0; i < HA_ARRAY_SIZE(refs); i++)
		if (ha_ends_with(up, refs[i]))
			return 0;	/* names a file holding the secret */
	for (i = 0; i < HA_ARRAY_SIZE(words); i++)
		if (strstr(up, words[i]) != NULL)
			return 1;
	return ha_ends_with(up, "_KEY") || strcmp(up, "KEY") == 0;
}

static int
env_allowed(const struct ha_ctx *ctx, const char *name, size_t len)
{
	const json_t *v;
	size_t i;

	json_array_foreach(json_object_get(ctx->params, "allowed_env"), i, v)
		if (json_is_string(v) && strlen(json_string_value(v)) == len &&
		    strncmp(json_string_value(v), name, len) == 0)
			return 1;
	return 0;
}

static enum ha_status
env_secrets(const struct ha_ctx *ctx, const json_t *obj, struct ha_buf *d)
{
	const json_t *env = json_object_get(json_object_get(obj, "Config"),
	    "Env"), *v;
	const char *s, *eq;
	size_t i, n = 0;

	json_array_foreach(env, i, v) {
		if ((s = json_string_value(v)) == NULL ||
		    (eq = strchr(s, '=')) == NULL || eq[1] == '\0' ||
		    !secret_name(s, (size_t)(eq - s)) ||
		    env_allowed(ctx, s, (size_t)(eq - s)))
			continue;
		ha_buf_addf(d, "%s%.*s", n++ ? ", " : "ENV with a secret's "
		    "name (value not shown): ", (int)(eq - s), s);
	}
	if (n > 0)
		return HA_FAIL;
	ha_buf_addf(d, "%zu environment variable%s, none named like a secret",
	    json_array_size(env), json_array_size(env) == 1 ? "" : "s");
	return HA_PASS;
}

/*
 * Seconds since the epoch of a UTC time written exactly
 * "YYYY-MM-DDTHH:MM:SSZ" (facts.collected_at).  Returns 0, or -1 when s
 * is anything else, an impossible date (02-30, 24:00) included.
 */
static int
parse_utc(const char *s, long long *out)
{
	static const char pat[] = "dddd-dd-ddTdd:dd:ddZ";
	struct tm tm;
	char back[32];
	time_t t;
	size_t i;

	if (s == NULL || strlen(s) != sizeof(pat) - 1)
		return -1;
	for (i = 0; pat[i] != '\0'; i++)
		if (pat[i] == 'd' ? !isdigit((unsigned char)s[i]) :
		    s[i] != pat[i])
			return -1;
#define DIGITS2(p) (((p)[0] - '0') * 10 + ((p)[1] - '0'))
	memset(&tm, 0, sizeof(tm));
	tm.tm_year = DIGITS2(s) * 100 + DIGITS2(s + 2) - 1900;
	tm.tm_mon = DIGITS2(s + 5) - 1;
	tm.tm_mday = DIGITS2(s + 8);
	tm.tm_hour = DIGITS2(s + 11);
	tm.tm_min = DIGITS2(s + 14);
	tm.tm_sec = DIGITS2(s + 17);
#undef DIGITS2
	t = timegm(&tm);
	ha_utc_iso8601((int64_t)t, back, sizeof(back));
	if (strcmp(back, s) != 0)
		return -1;	/* normalised: the date does not exist */
	*out = (long long)t;
	return 0;
}

/* The target name of a certificate: its file, and its place in a bundle. */
static char *
cert_name(const json_t *c)
{
	const char *path = json_string_value(json_object_get(c, "path"));
	json_int_t index = json_integer_value(json_object_get(c, "index"));

	if (path == NULL)
		path = "?";
	if (index > 0)
		return ha_xasprintf("%s #%lld", path, (long long)index + 1);
	return ha_xstrdup(path);
}

/* One certificate of facts.certs against now + min_days. */
static enum ha_status
cert_target(const json_t *c, long long now, long long min_days,
    struct ha_result *res)
{
	const json_t *end = json_object_get(c, "not_after_epoch");
	const char *err = json_string_value(json_object_get(c, "error"));
	const char *role = json_string_value(json_object_get(c, "role"));
	const char *subject = json_string_value(json_object_get(c, "subject"));
	const char *until = json_string_value(json_object_get(c, "not_after"));
	char *name = cert_name(c), *who;
	unsigned long long left;
	long long na;
	enum ha_status st;

	who = ha_xasprintf("%s, %s", role ? role : "?",
	    subject && *subject ? subject : "no subject");
	if (err != NULL || !json_is_integer(end)) {
		st = HA_ERROR;
		ha_result_add_target(res, "certificate", name, st, "%s",
		    err != NULL ? err : "no expiry date in the facts");
		goto out;
	}
	na = (long long)json_integer_value(end);
	if (na < now) {
		st = HA_FAIL;
		left = (unsigned long long)now - (unsigned long long)na;
		left /= 86400;
		ha_result_add_target(res, "certificate", name, st, "%s: "
		    "expired %s, %llu day%s before the audit", who,
		    until ? until : "?", left, left == 1 ? "" : "s");
		goto out;
	}
	left = ((unsigned long long)na - (unsigned long long)now) / 86400;
	st = left < (unsigned long long)min_days ? HA_FAIL : HA_PASS;
	if (st == HA_FAIL)
		ha_result_add_target(res, "certificate", name, st, "%s: "
		    "expires %s, %llu day%s left, fewer than %lld", who,
		    until ? until : "?", left, left == 1 ? "" : "s", min_days);
	else
		ha_result_add_target(res, "certificate", name, st, "%s: "
		    "valid until %s, %llu day%s left", who,
		    until ? until : "?", left, left == 1 ? "" : "s");
out:
	free(who);
	free(name);
	return st;
}

/*
 * An error target for each of the daemon's certificate settings that
 * dockerd may take from an environment collect could not read (its
 * certificates may then be missing from facts.certs); how many.
 */
static size_t
unknown_tls(const struct ha_ctx *ctx, struct ha_result *res)
{
	static const char *const keys[] = { "tlscacert", "tlscert" };
	const char *why;
	size_t i, n = 0;

	for (i = 0; i < HA_ARRAY_SIZE(keys); i++) {
		if ((why = ha_facts_setting_unknown(ctx->facts, keys[i])) ==
		    NULL)
			continue;
		ha_result_add_target(res, "certificate", keys[i], HA_ERROR,
		    "not set by a flag or daemon.json and dockerd's "
		    "environment (DOCKER_CERT_PATH) is unknown: %s", why);
		n++;
	}
	return n;
}

static enum ha_status
cert_expiry(const struct ha_ctx *ctx, struct ha_result *res)
{
	const json_t *certs = ha_facts_get(ctx->facts, "certs"), *c;
	const json_t *pmin = json_object_get(ctx->params, "min_days_left");
	long long now, min_days = 30;
	size_t i, n, nfail = 0;

	if ((certs == NULL || json_array_size(certs) == 0) &&
	    unknown_tls(ctx, res) > 0) {
		ha_result_fold(res);
		return res->status;
	}
	if (certs == NULL)
		return ha_result_set(res, HA_SKIP, "no TLS certificates "
		    "configured (no certificate facts collected)");
	if (!json_is_array(certs))
		return ha_result_set(res, HA_ERROR, "facts.certs is not a "
		    "list");
	if ((n = json_array_size(certs)) == 0)
		return ha_result_set(res, HA_SKIP, "no TLS certificates "
		    "configured");
	if (parse_utc(ha_facts_str(ctx->facts, "collected_at"), &now) < 0)
		return ha_result_set(res, HA_ERROR, "facts.collected_at is "
		    "missing or not a UTC time (YYYY-MM-DDTHH:MM:SSZ)");
	if (json_is_integer(pmin) && json_integer_value(pmin) >= 0)
		min_days = (long long)json_integer_value(pmin);
	json_array_foreach(certs, i, c)
		if (cert_target(c, now, min_days, res) == HA_FAIL)
			nfail++;
	unknown_tls(ctx, res);
	ha_result_fold(res);
	if (res->status == HA_FAIL)
		return ha_result_set(res, HA_FAIL, "%zu of %zu certificates "
		    "expired or expire within %lld days", nfail, n, min_days);
	if (res->status == HA_PASS)
		return ha_result_set(res, HA_PASS, "%zu certificate%s valid "
		    "for at least %lld more days", n, n == 1 ? "" : "s",
		    min_days);
	return res->status;
}

/* Profile parameters (see hostaudit-profile(5)). */
static const struct ha_param registry_params[] = {
	{ "registries", HA_PARAM_STRINGS },
	{ NULL, 0 },
};
static const struct ha_param env_params[] = {
	{ "allowed_env", HA_PARAM_STRINGS },
	{ NULL, 0 },
};
static const struct ha_param expiry_params[] = {
	{ "min_days_left", HA_PARAM_INT },
	{ NULL, 0 },
};

const struct ha_check ha_checks_extra[] = {
	{
		.id = "daemon.config-conflict",
		.title = "Give each daemon setting in one place only",
		.scope = HA_SCOPE_DAEMON,
		.level = 1,
		.severity = HA_SEV_HIGH,
		.rationale = "dockerd refuses to start when a setting is given "
		    "both as a flag and in daemon.json, so the next restart "
		    "(an upgrade, a reboot) leaves the host without its "
		    "daemon.",
		.audit = "Lists facts.daemon.conflicts: every key that the "
		    "dockerd command line and daemon.json both set. Fails "
		    "for each.",
		.remediation = "Keep each setting in one place: remove it from "
		    "the dockerd command line (the systemd unit or its "
		    "drop-ins, /etc/default/docker) or from "
		    "/etc/docker/daemon.json, then run 'dockerd --validate' "
		    "and restart the daemon.",
		.eval = eval_conflict,
	},
	{
		.id = "daemon.config-unknown",
		.title = "Use only known, valid daemon settings",
		.scope = HA_SCOPE_DAEMON,
		.level = 1,
		.severity = HA_SEV_HIGH,
		.rationale = "dockerd refuses to start with an unknown or "
		    "invalid daemon.json key, and a misspelt key is a "
		    "setting the operator believes in that is not in force.",
		.audit = "Lists facts.daemon.unknown_keys and "
		    "facts.daemon.invalid_keys (fail) and "
		    "facts.daemon.unknown_flags and invalid_flags (warn: "
		    "flags hostaudit does not know or could not parse, whose "
		    "effect it could not audit).",
		.remediation = "Correct or remove the reported keys in "
		    "/etc/docker/daemon.json, check the file with 'dockerd "
		    "--validate --config-file /etc/docker/daemon.json', and "
		    "restart the daemon.",
		.eval = eval_unknown,
	},
	{
		.id = "image.approved-registry",
		.title = "Containers run images from approved registries only",
		.scope = HA_SCOPE_CONTAINER,
		.level = 1,
		.severity = HA_SEV_MEDIUM,
		.rationale = "An image from an unvetted registry or publisher "
		    "runs whatever its author put in it; a site that pulls "
		    "only from its own registry or from official images "
		    "knows who built what it runs.",
		.audit = "Reads each container's Config.Image (an image id is "
		    "resolved to the image's first tag) and normalizes it the "
		    "way the engine does: \"busybox\" is "
		    "docker.io/library/busybox. Passes when it lies under an "
		    "entry of the profile parameter registries (a registry "
		    "such as \"registry.example.com\", a prefix such as "
		    "\"docker.io/library\" for official images, or a glob that "
		    "must match the whole reference, in which * and ? do not "
		    "match '/': \"registry.example.com/*\" approves "
		    "registry.example.com/app, not "
		    "registry.example.com/team/app); fails otherwise; warns "
		    "for an untagged image. Not applicable until the profile "
		    "sets registries.",
		.remediation = "Pull images only from the approved registries "
		    "(mirror or rebuild others there), or add the registry to "
		    "the profile parameter registries once it is approved.",
		.eval_target = approved_registry,
		.params = registry_params,
	},
	{
		.id = "image.env-secrets",
		.title = "Images do not carry secrets in environment variables",
		.scope = HA_SCOPE_IMAGE,
		.level = 1,
		.severity = HA_SEV_HIGH,
		.rationale = "An ENV instruction is stored in the image "
		    "configuration: anyone who can pull the image or run "
		    "'docker inspect' reads the value, and it reaches every "
		    "container started from it.",
		.audit = "Reads each image's Config.Env and fails for a "
		    "non-empty variable whose name looks like a secret: it "
		    "contains PASSWORD, PASSWD, SECRET, TOKEN, CREDENTIAL, "
		    "PRIVATE_KEY, API_KEY or ACCESS_KEY, or ends in _KEY. "
		    "Names ending in _FILE, _PATH or _DIR (which point at a "
		    "secret instead of holding it) pass, as do names listed in "
		    "the profile parameter allowed_env. Values are never "
		    "reported.",
		.remediation = "Remove the ENV instruction from the "
		    "Dockerfile, rebuild the image and rotate the secret; pass "
		    "secrets at run time through Docker secrets or a mounted "
		    "file (and a *_FILE variable naming it).",
		.eval_target = env_secrets,
		.params = env_params,
	},
	{
		.id = "daemon.tls-cert-expiry",
		.title = "TLS certificates are not expired or about to expire",
		.scope = HA_SCOPE_FILE,
		.level = 1,
		.severity = HA_SEV_HIGH,
		.rationale = "When the daemon's certificate or the CA that "
		    "signs its clients expires, every TLS client is refused "
		    "(or, worse, told to skip verification to get work done); "
		    "an expired registry certificate stops pulls and pushes. "
		    "Renewing in time needs warning.",
		.audit = "Reads facts.certs: every certificate in the files "
		    "named by tlscacert and tlscert and in the *.crt and "
		    "*.cert files under /etc/docker/certs.d, one target each. "
		    "Fails when a certificate has expired or has fewer than "
		    "min_days_left days left (profile parameter, default 30), "
		    "counted from the time the facts were collected "
		    "(collected_at); passes otherwise. A file that could not "
		    "be read or holds no certificate is an error. Not "
		    "applicable when no certificate is configured.",
		.remediation = "Issue a new certificate from the CA before the "
		    "old one expires, install it at the same path (for the "
		    "daemon: tlscert with its tlskey, or tlscacert; for a "
		    "registry: /etc/docker/certs.d/<registry>/, read at each "
		    "pull), restart the daemon for its own files, and check "
		    "the dates with 'openssl x509 -noout -enddate -in FILE'. "
		    "Automate renewal where the CA allows.",
		.eval = cert_expiry,
		.params = expiry_params,
	},
	{ .id = NULL },
};

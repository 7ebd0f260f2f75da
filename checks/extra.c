/*
 * extra.c - hostaudit's own checks beyond the benchmark: daemon
 * configuration that dockerd would refuse or that does nothing.
 */
#include <stdlib.h>
#include <string.h>

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
		    "unknown and %zu invalid key%s; dockerd refuses to start",
		    nkeys, ninvalid, nkeys + ninvalid == 1 ? "" : "s");
	if (nflags > 0)
		return ha_result_set(res, HA_WARN, "%zu dockerd flag%s not "
		    "understood by hostaudit", nflags, nflags == 1 ? "" : "s");
	return ha_result_set(res, HA_PASS, "every daemon setting is known");
}

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
	{ .id = NULL },
};

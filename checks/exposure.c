/* SPDX-License-Identifier: Apache-2.0 */
/*
 * exposure.c - hostaudit's check of what the daemon's tcp listeners
 * answer to a client that has no certificate (facts.exposure, collected
 * by src/probe.c).
 */
#include <string.h>

#include "ha_facts.h"
#include "ha_report.h"
#include "checks.h"
#include "banned.h"

/* One listener: its target, and its status. */
static enum ha_status
listener_target(const json_t *e, struct ha_result *res, struct ha_buf *open)
{
	const char *name = json_string_value(json_object_get(e, "listener"));
	const char *addr = json_string_value(json_object_get(e, "address"));
	const char *err = json_string_value(json_object_get(e, "error"));
	const json_t *tls = json_object_get(e, "tls");
	enum ha_status st;

	if (name == NULL)
		name = "?";
	if (addr == NULL)
		addr = name;
	if (!json_is_true(json_object_get(e, "probed"))) {
		st = HA_ERROR;
		ha_result_add_target(res, "listener", name, st, "%s could not "
		    "be probed: %s", addr, err ? err : "unknown reason");
	} else if (json_is_true(json_object_get(e, "answered"))) {
		st = HA_FAIL;
		if (json_is_true(tls))
			ha_result_add_target(res, "listener", name, st, "%s "
			    "speaks TLS without client verification: it "
			    "answered GET /version to a client with no "
			    "certificate", addr);
		else
			ha_result_add_target(res, "listener", name, st, "%s "
			    "answered GET /version over plain HTTP, with no "
			    "TLS and no client certificate", addr);
		ha_buf_addf(open, "%s%s%s", open->len ? ", " : "", addr,
		    json_is_true(tls) ? " (TLS without client verification)" :
		    " (plain HTTP)");
	} else if (json_is_true(json_object_get(e, "client_cert_required"))) {
		st = HA_PASS;
		ha_result_add_target(res, "listener", name, st, "%s requires "
		    "a client certificate (TLS)", addr);
	} else {
		st = HA_ERROR;
		ha_result_add_target(res, "listener", name, st, "could not "
		    "tell whether %s requires a client certificate: %s", addr,
		    err ? err : "no answer and no refusal");
	}
	return st;
}

static enum ha_status
eval_exposed(const struct ha_ctx *ctx, struct ha_result *res)
{
	const json_t *list = ha_facts_get(ctx->facts, "exposure"), *e;
	struct ha_buf open;
	size_t i, n;
	enum ha_status st;

	if (list == NULL)
		return ha_result_set(res, HA_ERROR, "the daemon's tcp "
		    "listeners were not probed (no exposure facts)");
	if (!json_is_array(list))
		return ha_result_set(res, HA_ERROR, "facts.exposure is not a "
		    "list");
	if ((n = json_array_size(list)) == 0)
		return ha_result_set(res, HA_PASS, "no tcp listener: the "
		    "Engine API is reached through its Unix socket only");
	ha_buf_init(&open, 1024);
	json_array_foreach(list, i, e) {
		listener_target(e, res, &open);
	}
	ha_result_fold(res);
	st = res->status;
	if (st == HA_FAIL)
		ha_result_set(res, HA_FAIL, "the Engine API answers without a "
		    "client certificate at %s", open.data);
	else if (st == HA_PASS)
		ha_result_set(res, HA_PASS, "%zu tcp listener%s, each "
		    "requiring a client certificate", n, n == 1 ? "" : "s");
	ha_buf_release(&open);
	return res->status;
}

const struct ha_check ha_checks_exposure[] = {
	{
		.id = "daemon.exposed-api",
		.title = "The Engine API is not exposed without client "
		    "authentication",
		.scope = HA_SCOPE_DAEMON,
		.level = 1,
		.severity = HA_SEV_CRITICAL,
		.rationale = "Whoever reaches an Engine API listener that "
		    "does not demand a client certificate controls the "
		    "daemon: one 'docker run --privileged -v /:/host' is root "
		    "on the host. A configuration that looks right (tlscert "
		    "set, tlsverify forgotten; a socket unit added by hand) "
		    "is caught only by asking the listener itself.",
		.audit = "Reads facts.exposure: every tcp listener of the "
		    "daemon (the tcp entries of its hosts setting, from -H "
		    "or daemon.json, and the tcp ListenStream= of the "
		    "docker.socket unit), each asked GET /version from this "
		    "host as a client with no certificate, over plain HTTP "
		    "and then TLS, on loopback for a wildcard address. Fails "
		    "for a listener that answers (naming its address and "
		    "port, and whether it spoke plain HTTP or TLS without "
		    "client verification); passes for one that refuses a "
		    "client without a certificate, and when there is no tcp "
		    "listener. A listener that could not be probed is an "
		    "error.",
		.remediation = "Remove the tcp listener (-H tcp://... in the "
		    "dockerd command line or its systemd unit, \"hosts\" in "
		    "/etc/docker/daemon.json, ListenStream= in "
		    "docker.socket) and reach the engine through its Unix "
		    "socket, or over ssh; where tcp is needed, serve it with "
		    "--tlsverify, --tlscacert, --tlscert and --tlskey so "
		    "that only clients with a certificate from your CA are "
		    "admitted, and bind it to the one address that needs it.",
		.eval = eval_exposed,
	},
	{ .id = NULL },
};

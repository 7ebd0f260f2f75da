/* SPDX-License-Identifier: Apache-2.0 */
/*
 * swarm.c - CIS Docker 1.6.0 section 7: Docker swarm configuration.
 *
 * Everything here reads GET /info's Swarm object (facts.engine.info.Swarm):
 * LocalNodeState, ControlAvailable, Managers and, on managers, Cluster.Spec.
 * When the node is not in an active swarm the checks do not apply.
 */
#include <string.h>

#include "ha_facts.h"
#include "ha_report.h"
#include "checks.h"
#include "banned.h"

/* Managers above this many add Raft traffic, not useful fault tolerance. */
#define DEFAULT_MAX_MANAGERS 7

/*
 * 1 when the node is in an active swarm and the check may go on; else
 * the result is set (skip when inactive, error when unknown) and 0.
 * With allow_locked, a locked node counts as active.
 */
static int
swarm_active(const struct ha_ctx *ctx, struct ha_result *res,
    int allow_locked)
{
	const char *state;

	state = ha_facts_str(ctx->facts, "engine.info.Swarm.LocalNodeState");
	if (state == NULL) {
		ha_result_set(res, HA_ERROR, "swarm state not collected "
		    "(GET /info Swarm)");
		return 0;
	}
	if (strcmp(state, "inactive") == 0 || *state == '\0') {
		ha_result_set(res, HA_SKIP, "swarm mode is not active");
		return 0;
	}
	if (strcmp(state, "active") == 0 ||
	    (allow_locked && strcmp(state, "locked") == 0))
		return 1;
	ha_result_set(res, HA_ERROR, "swarm node state is '%s'", state);
	return 0;
}

/* 1 when this node is a manager; else skip is set and 0. */
static int
is_manager(const struct ha_ctx *ctx, struct ha_result *res)
{
	int ctl = 0;

	if (ha_facts_bool(ctx->facts, "engine.info.Swarm.ControlAvailable",
	    &ctl) == 0 && ctl)
		return 1;
	ha_result_set(res, HA_SKIP, "this node is a swarm worker; audit a "
	    "manager");
	return 0;
}

static enum ha_status
eval_manager_count(const struct ha_ctx *ctx, struct ha_result *res)
{
	const json_t *p = json_object_get(ctx->params, "max_managers");
	long long n, max = DEFAULT_MAX_MANAGERS;

	if (!swarm_active(ctx, res, 0) || !is_manager(ctx, res))
		return res->status;
	if (json_is_integer(p) && json_integer_value(p) > 0)
		max = json_integer_value(p);
	if (ha_facts_int(ctx->facts, "engine.info.Swarm.Managers", &n) != 0)
		return ha_result_set(res, HA_ERROR, "manager count not "
		    "collected (GET /info Swarm.Managers)");
	if (n > max)
		return ha_result_set(res, HA_FAIL, "%lld managers, more than "
		    "%lld", n, max);
	if (n % 2 == 0)
		return ha_result_set(res, HA_FAIL, "%lld managers: an even "
		    "count tolerates no more failures than %lld and adds a "
		    "node to attack", n, n - 1);
	return ha_result_set(res, HA_PASS, "%lld manager%s (tolerates %lld "
	    "failure%s)", n, n == 1 ? "" : "s", (n - 1) / 2,
	    (n - 1) / 2 == 1 ? "" : "s");
}

/*
 * 1 when a listen address "host:port" binds every interface: an empty
 * host, 0.0.0.0 or :: (bracketed or not, with or without a port).
 */
static int
is_wildcard_addr(const char *a)
{
	static const char *const any[] = {
		"", "0.0.0.0", "::", "0:0:0:0:0:0:0:0", "*",
	};
	const char *end, *colon;
	size_t n, i;

	if (*a == '[') {
		a++;
		end = strchr(a, ']');
		n = end != NULL ? (size_t)(end - a) : strlen(a);
	} else {
		colon = strrchr(a, ':');
		/* one colon: host:port; more: a bare IPv6 address */
		if (colon != NULL && strchr(a, ':') == colon)
			n = (size_t)(colon - a);
		else
			n = strlen(a);
	}
	for (i = 0; i < HA_ARRAY_SIZE(any); i++)
		if (strlen(any[i]) == n && strncmp(a, any[i], n) == 0)
			return 1;
	return 0;
}

/*
 * GET /info does not expose the swarm listen address; dockerd keeps it
 * in <data-root>/swarm/docker-state.json, which collect records as
 * facts.daemon.swarm_state.  Without it a person has to look.
 */
static enum ha_status
eval_listen_interface(const struct ha_ctx *ctx, struct ha_result *res)
{
	const json_t *state;
	const char *addr, *err;

	if (!swarm_active(ctx, res, 0))
		return res->status;
	state = ha_facts_get(ctx->facts, "daemon.swarm_state");
	if ((err = ha_facts_str(ctx->facts, "daemon.swarm_state.error")))
		return ha_result_set(res, HA_ERROR, "%s", err);
	if (state == NULL)
		return ha_result_set(res, HA_MANUAL, "the swarm listen address "
		    "was not collected (no <data-root>/swarm/"
		    "docker-state.json): run 'ss -ltnp | grep :2377' and "
		    "check that it is not bound to 0.0.0.0 or [::]");
	addr = ha_facts_str(ctx->facts, "daemon.swarm_state.ListenAddr");
	if (addr == NULL)
		return ha_result_set(res, HA_ERROR, "the swarm state file has "
		    "no ListenAddr");
	if (is_wildcard_addr(addr))
		return ha_result_set(res, HA_FAIL, "swarm listens on '%s', "
		    "every interface", addr);
	return ha_result_set(res, HA_PASS, "swarm listens on '%s'", addr);
}

/* One target per overlay network (facts.engine.networks, GET /networks). */
static enum ha_status
eval_overlay_encryption(const struct ha_ctx *ctx, struct ha_result *res)
{
	const json_t *nets, *n;
	const char *drv, *name;
	size_t i, total = 0, bad = 0;
	int enc;

	if (!swarm_active(ctx, res, 0))
		return res->status;
	nets = ha_facts_get(ctx->facts, "engine.networks");
	if (!json_is_array(nets))
		return ha_result_set(res, HA_MANUAL, "the network list was not "
		    "collected: run 'docker network ls --filter driver=overlay "
		    "--quiet | xargs docker network inspect --format "
		    "\"{{.Name}} {{.Options}}\"' and look for encrypted");
	json_array_foreach(nets, i, n) {
		drv = json_string_value(json_object_get(n, "Driver"));
		if (drv == NULL || strcmp(drv, "overlay") != 0)
			continue;
		name = json_string_value(json_object_get(n, "Name"));
		enc = json_object_get(json_object_get(n, "Options"),
		    "encrypted") != NULL;
		ha_result_add_target(res, "network", name ? name : "?",
		    enc ? HA_PASS : HA_FAIL, "%s", enc ? "encrypted" :
		    "not encrypted");
		total++;
		bad += !enc;
	}
	if (total == 0)
		return ha_result_set(res, HA_SKIP, "no overlay networks");
	if (bad > 0)
		return ha_result_set(res, HA_FAIL, "%zu of %zu overlay "
		    "networks not encrypted", bad, total);
	return ha_result_set(res, HA_PASS, "%zu overlay networks, all "
	    "encrypted", total);
}

static enum ha_status
eval_autolock(const struct ha_ctx *ctx, struct ha_result *res)
{
	const char *state;
	int on = 0;

	if (!swarm_active(ctx, res, 1))
		return res->status;
	state = ha_facts_str(ctx->facts, "engine.info.Swarm.LocalNodeState");
	if (strcmp(state, "locked") == 0)
		return ha_result_set(res, HA_PASS, "the manager is locked, so "
		    "auto-lock is on");
	if (!is_manager(ctx, res))
		return res->status;
	if (ha_facts_get(ctx->facts, "engine.info.Swarm.Cluster.Spec") == NULL)
		return ha_result_set(res, HA_ERROR, "cluster spec not "
		    "collected (GET /info Swarm.Cluster.Spec)");
	if (ha_facts_bool(ctx->facts, "engine.info.Swarm.Cluster.Spec."
	    "EncryptionConfig.AutoLockManagers", &on) != 0)
		on = 0;		/* omitted when false */
	return ha_result_set(res, on ? HA_PASS : HA_FAIL, "auto-lock is %s",
	    on ? "on" : "off");
}

/* Profile parameters (see hostaudit-profile(5)). */
static const struct ha_param manager_params[] = {
	{ "max_managers", HA_PARAM_INT },
	{ NULL, 0 },
};

const struct ha_check ha_checks_swarm[] = {
	{
		.id = "swarm.manager-count",
		.title = "Create only the minimum number of manager nodes in "
		    "a swarm",
		.scope = HA_SCOPE_HOST,
		.level = 1,
		.severity = HA_SEV_MEDIUM,
		.rationale = "Every manager holds the cluster state and its "
		    "secrets, so each extra one is one more node to protect; "
		    "an odd count gives the Raft fault tolerance that is "
		    "needed, an even one adds a manager and no tolerance.",
		.audit = "On a manager, reads GET /info Swarm.Managers. "
		    "Passes for an odd count up to the profile parameter "
		    "max_managers (default 7); fails for an even count or "
		    "more than that. Not applicable outside swarm mode.",
		.remediation = "Demote managers that are not needed with "
		    "'docker node demote NODE' until an odd number (1, 3 or 5 "
		    "for most clusters) remains.",
		.needs_engine = 1,
		.eval = eval_manager_count,
		.params = manager_params,
	},
	{
		.id = "swarm.listen-interface",
		.title = "Bind swarm services to a specific host interface",
		.scope = HA_SCOPE_HOST,
		.level = 1,
		.severity = HA_SEV_MEDIUM,
		.rationale = "By default the swarm management port (2377) "
		    "listens on every interface, including ones that face "
		    "networks with no business reaching the cluster.",
		.audit = "The swarm listen address is not in GET /info; "
		    "collect reads it from dockerd's <data-root>/swarm/"
		    "docker-state.json (facts.daemon.swarm_state.ListenAddr)"
		    ": an empty host, 0.0.0.0 or [::] fails, an address or "
		    "interface passes; skipped when swarm mode is not "
		    "active; an unreadable state file is an error.  "
		    "Without the file, manual: run 'ss -ltnp | grep :2377' "
		    "and check the listener is bound to one address.",
		.remediation = "Leave and re-join (or re-initialise) the swarm "
		    "with '--listen-addr ADDRESS:2377' naming the interface "
		    "of the management network.",
		.needs_engine = 1,
		.eval = eval_listen_interface,
	},
	{
		.id = "swarm.overlay-encryption",
		.title = "Encrypt all swarm overlay networks",
		.scope = HA_SCOPE_HOST,
		.level = 1,
		.severity = HA_SEV_MEDIUM,
		.rationale = "Overlay traffic between nodes is not encrypted "
		    "by default, so anyone on the path between hosts can read "
		    "what containers send each other.",
		.audit = "For each network with driver overlay in "
		    "facts.engine.networks (GET /networks), checks that its "
		    "Options contain 'encrypted'. When the network list was "
		    "not collected, manual: 'docker network ls --filter "
		    "driver=overlay --quiet | xargs docker network inspect "
		    "--format \"{{.Name}} {{.Options}}\"'.",
		.remediation = "Create overlay networks with '--opt encrypted' "
		    "(docker network create -d overlay --opt encrypted NAME) "
		    "and move services onto them; an existing network cannot "
		    "be changed in place.",
		.needs_engine = 1,
		.eval = eval_overlay_encryption,
	},
	{
		.id = "swarm.secrets",
		.title = "Use Docker's secret management for secrets in a "
		    "swarm",
		.scope = HA_SCOPE_HOST,
		.level = 1,
		.severity = HA_SEV_MEDIUM,
		.rationale = "Swarm secrets are encrypted at rest and in "
		    "transit and given only to the services that need them, "
		    "unlike environment variables or files baked into images.",
		.audit = "Manual. On a manager run 'docker secret ls', and for "
		    "each service 'docker service inspect --format "
		    "\"{{json .Spec.TaskTemplate.ContainerSpec.Env}}\" "
		    "SERVICE' to look for passwords, keys or tokens passed as "
		    "environment variables instead of secrets.",
		.remediation = "Store sensitive values with 'docker secret "
		    "create NAME FILE' and grant them with 'docker service "
		    "update --secret-add NAME SERVICE'; remove them from "
		    "environment variables and images.",
	},
	{
		.id = "swarm.autolock",
		.title = "Run swarm managers in auto-lock mode",
		.scope = HA_SCOPE_HOST,
		.level = 1,
		.severity = HA_SEV_MEDIUM,
		.rationale = "Without auto-lock the keys that decrypt the Raft "
		    "logs sit on the manager's disk, so a stolen disk or "
		    "backup reveals the cluster's secrets.",
		.audit = "On a manager, reads GET /info "
		    "Swarm.Cluster.Spec.EncryptionConfig.AutoLockManagers "
		    "(a locked manager also passes). Not applicable outside "
		    "swarm mode or on workers.",
		.remediation = "Run 'docker swarm update --autolock=true' and "
		    "keep the unlock key it prints in a password manager.",
		.needs_engine = 1,
		.eval = eval_autolock,
	},
	{
		.id = "swarm.autolock-rotation",
		.title = "Rotate the swarm manager auto-lock key periodically",
		.scope = HA_SCOPE_HOST,
		.level = 1,
		.severity = HA_SEV_LOW,
		.rationale = "A key that never changes stays useful to whoever "
		    "once copied it.",
		.audit = "Manual. Docker records no rotation date: check your "
		    "records of when 'docker swarm unlock-key --rotate' was "
		    "last run on a manager and compare with your policy.",
		.remediation = "Run 'docker swarm unlock-key --rotate' on a "
		    "manager on a schedule and store the new key safely.",
	},
	{
		.id = "swarm.node-cert-rotation",
		.title = "Rotate swarm node certificates as appropriate",
		.scope = HA_SCOPE_HOST,
		.level = 1,
		.severity = HA_SEV_LOW,
		.rationale = "Short-lived node certificates limit how long a "
		    "stolen certificate can be used.",
		.audit = "Manual. On a manager run 'docker info --format "
		    "\"{{json .Swarm.Cluster.Spec.CAConfig.NodeCertExpiry}}\"' "
		    "(nanoseconds; the default is 90 days) and compare with "
		    "your policy.",
		.remediation = "Set the period with 'docker swarm update "
		    "--cert-expiry DURATION', e.g. 48h.",
	},
	{
		.id = "swarm.ca-rotation",
		.title = "Rotate swarm CA certificates as appropriate",
		.scope = HA_SCOPE_HOST,
		.level = 1,
		.severity = HA_SEV_LOW,
		.rationale = "Rotating the root CA limits the damage of a "
		    "leaked CA key and lets a compromised cluster start "
		    "afresh.",
		.audit = "Manual. On a manager run 'ls -l "
		    "/var/lib/docker/swarm/certificates' and 'openssl x509 "
		    "-noout -dates -in "
		    "/var/lib/docker/swarm/certificates/swarm-root-ca.crt' and "
		    "check the CA's age against your policy.",
		.remediation = "Run 'docker swarm ca --rotate' on a manager "
		    "when the policy says so.",
	},
	{
		.id = "swarm.plane-separation",
		.title = "Separate management plane traffic from data plane "
		    "traffic",
		.scope = HA_SCOPE_HOST,
		.level = 1,
		.severity = HA_SEV_LOW,
		.rationale = "Keeping cluster management on its own network "
		    "means application traffic can neither saturate nor spy "
		    "on it.",
		.audit = "Manual. For each node run 'docker node inspect "
		    "--format \"{{.Status.Addr}} {{.ManagerStatus.Addr}}\" "
		    "NODE' and compare the management address with the data "
		    "path address given at 'docker swarm init/join "
		    "--data-path-addr'; they should be on different "
		    "interfaces.",
		.remediation = "Re-join nodes with '--advertise-addr' on the "
		    "management interface and '--data-path-addr' on the data "
		    "interface.",
	},
	{ .id = NULL },
};

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * check.c - running one check over the facts: scope preconditions,
 * per-target iteration, and the names of statuses, scopes and severities.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "ha_check.h"
#include "ha_facts.h"
#include "ha_podman.h"
#include "ha_report.h"
#include "ha_select.h"
#include "ha_types.h"
#include "banned.h"

static const char *const status_names[HA_STATUS_COUNT] = {
	"pass", "fail", "warn", "info", "manual", "skip", "error", "waived",
};
static const char *const scope_names[HA_SCOPE_COUNT] = {
	"host", "daemon", "file", "image", "container",
};
static const char *const severity_names[HA_SEV_COUNT] = {
	"info", "low", "medium", "high", "critical",
};

const char *
ha_status_name(enum ha_status s)
{
	return (unsigned)s < HA_STATUS_COUNT ? status_names[s] : "?";
}

const char *
ha_scope_name(enum ha_scope s)
{
	return (unsigned)s < HA_SCOPE_COUNT ? scope_names[s] : "?";
}

const char *
ha_severity_name(enum ha_severity s)
{
	return (unsigned)s < HA_SEV_COUNT ? severity_names[s] : "?";
}

static int
find_name(const char *const *names, int n, const char *name)
{
	int i;

	for (i = 0; name != NULL && i < n; i++)
		if (strcmp(names[i], name) == 0)
			return i;
	return -1;
}

int
ha_severity_parse(const char *name)
{
	return find_name(severity_names, HA_SEV_COUNT, name);
}

int
ha_status_parse(const char *name)
{
	return find_name(status_names, HA_STATUS_COUNT, name);
}

void
ha_result_init(struct ha_result *r, const struct ha_check *c,
    const struct ha_profile_entry *e)
{
	memset(r, 0, sizeof(*r));
	r->check = c;
	r->entry = e;
	r->status = HA_ERROR;
}

void
ha_result_release(struct ha_result *r)
{
	size_t i;

	for (i = 0; i < r->ntargets; i++) {
		struct ha_target *t = &r->targets[i];

		if (!(t->borrowed & HA_TARGET_KIND))
			free(t->kind);
		if (!(t->borrowed & HA_TARGET_NAME))
			free(t->name);
		if (!(t->borrowed & HA_TARGET_DETAIL))
			free(t->detail);
		if (!(t->borrowed & HA_TARGET_STATE))
			free(t->state);
		free(t->engine);
	}
	for (i = 0; i < r->npool; i++)
		free(r->pool[i]);
	free(r->pool);
	free(r->targets);
	free(r->message);
	memset(r, 0, sizeof(*r));
}

enum ha_status
ha_result_set(struct ha_result *res, enum ha_status st, const char *fmt, ...)
{
	va_list ap;

	free(res->message);
	va_start(ap, fmt);
	res->message = ha_xvasprintf(fmt, ap);
	va_end(ap);
	res->status = st;
	return st;
}

/* A new target; kind and name copied unless borrowed says so. */
static struct ha_target *
new_target(struct ha_result *res, const char *kind, const char *name,
    enum ha_status st, unsigned borrowed)
{
	struct ha_target *t;

	if (res->ntargets == res->alloc) {
		res->alloc = res->alloc ? res->alloc * 2 : 8;
		res->targets = ha_xreallocarray(res->targets, res->alloc,
		    sizeof(*res->targets));
	}
	t = &res->targets[res->ntargets++];
	memset(t, 0, sizeof(*t));
	t->borrowed = borrowed & (HA_TARGET_KIND | HA_TARGET_NAME);
	/* the casts: a borrowed string is never freed nor written */
	t->kind = borrowed & HA_TARGET_KIND ? (char *)(uintptr_t)kind :
	    ha_xstrdup(kind);
	t->name = borrowed & HA_TARGET_NAME ? (char *)(uintptr_t)name :
	    ha_xstrdup(name);
	t->status = st;
	return t;
}

static struct ha_target *
add_target(struct ha_result *res, const char *kind, const char *name,
    enum ha_status st)
{
	return new_target(res, kind, name, st, 0);
}

/*
 * s kept once in the result's pool (ix: string -> pool index, for
 * this run): the details of ten thousand containers are a few hundred
 * different strings.
 */
static char *
pooled(struct ha_result *res, json_t *ix, const char *s)
{
	json_t *at = json_object_get(ix, s);

	if (at != NULL)
		return res->pool[json_integer_value(at)];
	if ((res->npool & (res->npool - 1)) == 0)
		res->pool = ha_xreallocarray(res->pool, res->npool ?
		    res->npool * 2 : 1, sizeof(*res->pool));
	res->pool[res->npool] = ha_xstrdup(s);
	if (json_object_setn_new_nocheck(ix, s, strlen(s),
	    json_integer((json_int_t)res->npool)) < 0)
		ha_die_oom();
	return res->pool[res->npool++];
}

void
ha_result_add_target(struct ha_result *res, const char *kind,
    const char *name, enum ha_status st, const char *fmt, ...)
{
	struct ha_target *t = add_target(res, kind, name, st);
	va_list ap;

	va_start(ap, fmt);
	t->detail = ha_xvasprintf(fmt, ap);
	va_end(ap);
}

/*
 * How bad a status is when targets are folded into one check status:
 * a failure outweighs an evaluation error, which outweighs a warning.
 */
static int
badness(enum ha_status s)
{
	switch (s) {
	case HA_FAIL:	return 6;
	case HA_ERROR:	return 5;
	case HA_WARN:	return 4;
	case HA_INFO:	return 3;
	case HA_PASS:	return 2;
	case HA_WAIVED:	return 1;
	default:	return 0;
	}
}

/* Daemon checks need readable daemon settings. 1 when they may run. */
static int
daemon_ready(const json_t *facts, struct ha_result *res)
{
	const char *st = ha_facts_str(facts, "daemon.status");
	const char *cf = ha_facts_str(facts, "daemon.config_file.status");
	const char *err, *eng;

	if (cf != NULL && strcmp(cf, "error") == 0) {
		err = ha_facts_str(facts, "daemon.config_file.error");
		ha_result_set(res, HA_ERROR, "%s",
		    err ? err : "daemon configuration file unreadable");
		return 0;
	}
	if (st == NULL || strcmp(st, "error") == 0) {
		err = ha_facts_str(facts, "daemon.error");
		ha_result_set(res, HA_ERROR, "%s",
		    err ? err : "no daemon facts collected");
		return 0;
	}
	if (strcmp(st, "not-found") == 0 && (cf == NULL ||
	    strcmp(cf, "ok") != 0)) {
		/*
		 * With an engine here (it answered, or its socket exists but
		 * failed) the daemon is there and unseen: that is not "not
		 * applicable", or a run that finds less would score higher.
		 */
		eng = ha_facts_str(facts, "engine.status");
		if (eng != NULL && strcmp(eng, "absent") != 0) {
			ha_result_set(res, HA_ERROR, "the engine at %s is "
			    "there but its dockerd process was not found, and "
			    "there is no daemon configuration file to read",
			    ha_facts_str(facts, "engine.endpoint") ?
			    ha_facts_str(facts, "engine.endpoint") : "?");
			return 0;
		}
		ha_result_set(res, HA_SKIP,
		    "no dockerd process found and no daemon configuration "
		    "file");
		return 0;
	}
	return 1;
}

/* Engine-backed checks need an answering engine. 1 when they may run. */
static int
engine_ready(const json_t *facts, struct ha_result *res)
{
	const char *st = ha_facts_str(facts, "engine.status");
	const char *err;

	if (st != NULL && strcmp(st, "ok") == 0)
		return 1;
	err = ha_facts_str(facts, "engine.error");
	if (st != NULL && strcmp(st, "absent") == 0) {
		ha_result_set(res, HA_SKIP, "no Docker engine on this host: %s",
		    err ? err : "no engine socket");
		return 0;
	}
	ha_result_set(res, HA_ERROR, "engine not available: %s",
	    err ? err : "no engine facts collected");
	return 0;
}

static const char *
container_state(const json_t *obj)
{
	const char *s = json_string_value(json_object_get(
	    json_object_get(obj, "State"), "Status"));

	return s != NULL ? s : "unknown";
}

/*
 * A container or image the engine listed but could not inspect (its
 * GET /containers/ID/json or /images/ID/json failed) is not in the facts
 * list: it becomes an error target, so that no check passes it unseen.
 * An error that names its target ("kind" and "name": a list entry
 * without a valid id, a container's image that is not one) is that
 * target, whatever its source; the others are named by the id in their
 * source.  Returns how many were added.
 */
static size_t
add_uninspected(const json_t *facts, const char *kind, struct ha_result *res)
{
	const char *prefix = strcmp(kind, "container") == 0 ?
	    "GET /containers/" : "GET /images/";
	const json_t *e;
	const char *src, *id, *end, *msg, *tkind, *tname;
	struct ha_target *t;
	size_t i, n = 0, plen = strlen(prefix);

	json_array_foreach(ha_facts_get(facts, "engine.errors"), i, e) {
		src = json_string_value(json_object_get(e, "source"));
		msg = json_string_value(json_object_get(e, "message"));
		tkind = json_string_value(json_object_get(e, "kind"));
		tname = json_string_value(json_object_get(e, "name"));
		if (tkind != NULL) {
			if (strcmp(tkind, kind) != 0 || tname == NULL)
				continue;
			t = add_target(res, kind, tname, HA_ERROR);
			t->detail = ha_xasprintf("could not be inspected: %s",
			    msg != NULL ? msg : "unknown error");
			n++;
			continue;
		}
		if (src == NULL || strncmp(src, prefix, plen) != 0)
			continue;
		id = src + plen;
		end = strchr(id, '/');
		if (end == NULL || end == id || strcmp(end, "/json") != 0)
			continue;	/* a list, or an image's history */
		t = add_target(res, kind, "", HA_ERROR);
		free(t->name);
		t->name = ha_xstrndup(id, (size_t)(end - id) > 12 ? 12 :
		    (size_t)(end - id));
		t->detail = ha_xasprintf("could not be inspected: %s",
		    msg != NULL ? msg : "unknown error");
		n++;
	}
	return n;
}

/*
 * One check of a batch (run_targets): its context and result, and the
 * index of its result's detail pool.
 */
struct tcheck {
	const struct ha_check	*c;
	struct ha_ctx		 ctx;
	struct ha_result	*res;
	json_t			*ix;	/* detail -> pool index (pooled()) */
	const char		*last;	/* the detail pooled last */
	size_t			 n;	/* targets added */
};

/*
 * The target checks tc[0..n) of one scope (container or image), every one
 * ready to run, over the objects of that scope: object by object, each
 * object through all the checks.  Ten thousand inspect objects are far
 * more than the processor's caches hold; check by check, each check
 * would fetch every object from memory again, where object by object
 * they are fetched once.  What depends only on the object (whether it is
 * a target, its name and state, whether its fields are of the types the
 * checks expect: ha_types.h, where a mismatch is an error target of
 * every check, never a pass) is worked out once, not once per check.
 * Each result gets its targets in the list's order, as one check alone
 * would.
 */
static void
run_targets(struct tcheck *tc, size_t n, enum ha_scope scope,
    const json_t *facts, const struct ha_select *sel)
{
	int is_ctr = scope == HA_SCOPE_CONTAINER;
	const char *kind = is_ctr ? "container" : "image";
	const json_t *list = ha_facts_get(facts,
	    is_ctr ? "engine.containers" : "engine.images");
	const char *self = ha_facts_str(facts, "host.self_container_id");
	const char *id, *name, *state = NULL, *why;
	struct ha_result *res;
	struct ha_target *t;
	struct ha_buf detail;
	const json_t *obj;
	size_t i, j;

	if (!json_is_array(list)) {
		for (j = 0; j < n; j++)
			ha_result_set(tc[j].res, HA_ERROR, "the %s list was "
			    "not collected (see collection errors)", kind);
		return;
	}
	for (j = 0; j < n; j++) {
		res = tc[j].res;
		/* room for them all at once: no regrowth of a large array */
		if (res->alloc < res->ntargets + json_array_size(list)) {
			res->alloc = res->ntargets + json_array_size(list);
			res->targets = ha_xreallocarray(res->targets,
			    res->alloc, sizeof(*res->targets));
		}
		if ((tc[j].ix = json_object()) == NULL)
			ha_die_oom();
		tc[j].last = NULL;
		tc[j].n = 0;
	}
	ha_buf_init(&detail, 4096);
	json_array_foreach(list, i, obj) {
		id = is_ctr && self != NULL ? json_string_value(
		    json_object_get(obj, "Id")) : NULL;
		if (id != NULL && strcmp(self, id) == 0)
			continue;	/* never hostaudit's own container */
		if (is_ctr && sel != NULL && !ha_select_container(sel, obj))
			continue;	/* deselected: not a target */
		/* the strings of the facts (which outlive the report) */
		name = ha_facts_object_name(obj);
		if (is_ctr)
			state = container_state(obj);
		why = ha_types_check_at(list, i, is_ctr ? HA_TYPES_CONTAINER :
		    HA_TYPES_IMAGE);
		for (j = 0; j < n; j++) {
			enum ha_status st;

			ha_buf_reset(&detail);
			if (why == NULL)
				st = tc[j].c->eval_target(&tc[j].ctx, obj,
				    &detail);
			else {
				ha_buf_addf(&detail, "malformed inspect "
				    "object: %s", why);
				st = HA_ERROR;
			}
			res = tc[j].res;
			t = new_target(res, kind, name, st,
			    HA_TARGET_KIND | HA_TARGET_NAME);
			/* most containers get the detail the one before got */
			if (tc[j].last == NULL ||
			    strcmp(tc[j].last, detail.data) != 0)
				tc[j].last = pooled(res, tc[j].ix,
				    detail.data);
			t->detail = (char *)(uintptr_t)tc[j].last;
			t->borrowed |= HA_TARGET_DETAIL;
			t->obj = obj;
			if (is_ctr) {
				t->state = (char *)(uintptr_t)state;
				t->borrowed |= HA_TARGET_STATE;
			}
			tc[j].n++;
		}
	}
	ha_buf_release(&detail);
	for (j = 0; j < n; j++) {
		json_decref(tc[j].ix);
		tc[j].ix = NULL;
		res = tc[j].res;
		tc[j].n += add_uninspected(facts, kind, res);
		if (tc[j].n == 0)
			ha_result_set(res, HA_SKIP, "no %ss to audit", kind);
		else
			ha_result_fold(res);
	}
}

void
ha_result_fold(struct ha_result *res)
{
	int counts[HA_STATUS_COUNT] = { 0 };
	enum ha_status worst = HA_SKIP;
	const char *kind, *what;
	size_t i, n = res->ntargets;
	char waived[48] = "";

	if (n == 0)
		return;
	kind = res->targets[0].kind;
	for (i = 0; i < n; i++) {
		enum ha_status st = res->targets[i].status;

		counts[st]++;
		if (badness(st) > badness(worst))
			worst = st;
	}
	if (counts[HA_WAIVED] > 0)
		snprintf(waived, sizeof(waived), ", %d waived",
		    counts[HA_WAIVED]);
	if (worst == HA_FAIL || worst == HA_ERROR || worst == HA_WARN) {
		what = worst == HA_FAIL ? "fail" : worst == HA_ERROR ?
		    "could not be evaluated" : "need review";
		ha_result_set(res, worst, "%d of %zu %ss %s%s", counts[worst],
		    n, kind, what, waived);
	} else if (counts[HA_WAIVED] > 0) {
		/* every finding is waived: the check shows the waiver */
		ha_result_set(res, HA_WAIVED, "%d of %zu %ss waived",
		    counts[HA_WAIVED], n, kind);
	} else if (worst == HA_SKIP) {
		ha_result_set(res, HA_SKIP, "not applicable to any of %zu %ss",
		    n, kind);
	} else {
		ha_result_set(res, worst, "%zu %ss checked", n, kind);
	}
}

void
ha_check_run(const struct ha_check *c, const struct ha_ctx *ctx,
    struct ha_result *res)
{
	ha_check_run_select(c, ctx, NULL, res);
}

/*
 * An engine reached over tcp is on another host: what hostaudit reads of
 * this host (its files, processes, audit rules, daemon configuration)
 * says nothing about it.  1 when the check may run.
 */
static int
local_ready(const struct ha_check *c, const json_t *facts,
    struct ha_result *res)
{
	if (!ha_facts_engine_remote(facts) || c->scope == HA_SCOPE_CONTAINER ||
	    c->scope == HA_SCOPE_IMAGE)
		return 1;
	ha_result_set(res, HA_SKIP, "remote engine (%s): not on this host",
	    ha_facts_str(facts, "engine.endpoint") ?
	    ha_facts_str(facts, "engine.endpoint") : "tcp");
	return 0;
}

/*
 * 1 when c may be evaluated over ctx->facts; else res says why not
 * (manual, not on this host, not for this engine, no daemon or engine
 * facts).
 */
static int
check_ready(const struct ha_check *c, const struct ha_ctx *ctx,
    struct ha_result *res)
{
	if (c->eval == NULL && c->eval_target == NULL) {
		ha_result_set(res, HA_MANUAL,
		    "needs a person; 'hostaudit --explain %s' lists the steps",
		    c->id);
		return 0;
	}
	if (!local_ready(c, ctx->facts, res) ||
	    !ha_podman_ready(c, ctx->facts, res))
		return 0;
	switch (c->scope) {
	case HA_SCOPE_DAEMON:
		return daemon_ready(ctx->facts, res) && (!c->needs_engine ||
		    engine_ready(ctx->facts, res));
	case HA_SCOPE_CONTAINER:
	case HA_SCOPE_IMAGE:
		return engine_ready(ctx->facts, res);
	default:
		return !c->needs_engine || engine_ready(ctx->facts, res);
	}
}

static int
is_target_check(const struct ha_check *c)
{
	return c->eval_target != NULL && (c->scope == HA_SCOPE_CONTAINER ||
	    c->scope == HA_SCOPE_IMAGE);
}

/* A ready check that is no target check: one call for all of it. */
static void
run_whole(const struct ha_check *c, const struct ha_ctx *ctx,
    struct ha_result *res)
{
	if (c->eval == NULL) {
		ha_result_set(res, HA_ERROR, "check has no evaluation for "
		    "scope %s", ha_scope_name(c->scope));
		return;
	}
	res->status = HA_ERROR;
	c->eval(ctx, res);
	if (res->message == NULL)
		res->message = ha_xstrdup("");
}

void
ha_check_run_select(const struct ha_check *c, const struct ha_ctx *in,
    const struct ha_select *sel, struct ha_result *res)
{
	struct tcheck tc;

	memset(&tc, 0, sizeof(tc));
	tc.c = c;
	tc.ctx = *in;
	tc.ctx.check = c;	/* a custom check's evaluator finds its own */
	tc.res = res;
	if (!check_ready(c, &tc.ctx, res))
		return;
	if (is_target_check(c))
		run_targets(&tc, 1, c->scope, tc.ctx.facts, sel);
	else
		run_whole(c, &tc.ctx, res);
}

void
ha_check_run_entries(const struct ha_profile_entry *e, size_t n,
    const struct ha_ctx *in, const struct ha_select *sel,
    struct ha_result *res)
{
	static const enum ha_scope scopes[] = {
		HA_SCOPE_CONTAINER, HA_SCOPE_IMAGE,
	};
	struct tcheck *tc = ha_xcalloc(n + 1, sizeof(*tc));
	struct tcheck *batch = ha_xcalloc(n + 1, sizeof(*batch));
	size_t i, k, nb;

	ha_facts_pin(in->facts);	/* read only until unpinned */

	/*
	 * The ready built-in target checks wait for their batch; a
	 * profile's custom checks run alone, in the profile's order, since
	 * they share a time budget (ha_custom.h): which of their targets
	 * it leaves unevaluated must not depend on the built-in checks
	 * beside them.
	 */
	for (i = 0; i < n; i++) {
		tc[i].c = e[i].check;
		tc[i].ctx = *in;
		tc[i].ctx.params = e[i].params;
		tc[i].ctx.check = e[i].check;
		tc[i].res = &res[i];
		if (!check_ready(tc[i].c, &tc[i].ctx, &res[i]))
			tc[i].c = NULL;		/* res says why */
		else if (!is_target_check(tc[i].c)) {
			run_whole(tc[i].c, &tc[i].ctx, &res[i]);
			tc[i].c = NULL;
		} else if (tc[i].c->origin != NULL) {
			run_targets(&tc[i], 1, tc[i].c->scope, in->facts, sel);
			tc[i].c = NULL;
		}
	}
	for (k = 0; k < HA_ARRAY_SIZE(scopes); k++) {
		for (i = nb = 0; i < n; i++)
			if (tc[i].c != NULL && tc[i].c->scope == scopes[k])
				batch[nb++] = tc[i];
		if (nb > 0)
			run_targets(batch, nb, scopes[k], in->facts, sel);
	}
	ha_facts_unpin();
	free(batch);
	free(tc);
}

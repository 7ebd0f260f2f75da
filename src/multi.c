/* SPDX-License-Identifier: Apache-2.0 */
/*
 * multi.c - one report of several engines (--all-engines): host checks
 * once (unless their verdict depends on the engine), every other check
 * with the targets of each engine, tagged with the engine's name.  See
 * ha_report_merge() in ha_report.h.
 */
#include <stdlib.h>
#include <string.h>

#include "ha_report.h"
#include "ha_util.h"
#include "banned.h"

/* Append t to res, taking its strings; t is left empty. */
static void
take_target(struct ha_result *res, struct ha_target *t, const char *engine)
{
	struct ha_target *d;

	if (res->ntargets == res->alloc) {
		res->alloc = res->alloc ? res->alloc * 2 : 8;
		res->targets = ha_xreallocarray(res->targets, res->alloc,
		    sizeof(*res->targets));
	}
	d = &res->targets[res->ntargets++];
	*d = *t;
	/* a detail in the pool of the result it leaves: its own copy */
	if (d->borrowed & HA_TARGET_DETAIL) {
		d->detail = ha_xstrdup(d->detail);
		d->borrowed &= ~HA_TARGET_DETAIL;
	}
	if (d->engine == NULL)
		d->engine = ha_xstrdup(engine);
	memset(t, 0, sizeof(*t));
}

/* A check with no targets of its own: one target for the engine. */
static void
engine_target(struct ha_result *res, struct ha_result *r,
    const char *engine)
{
	struct ha_target t;

	memset(&t, 0, sizeof(t));
	t.kind = ha_xstrdup("engine");
	t.name = ha_xstrdup(engine);
	t.status = r->status;
	t.detail = ha_xstrdup(r->message ? r->message : "");
	t.change = r->change;
	t.waiver = r->waiver;
	take_target(res, &t, engine);
}

/* Move the whole of *r into *d (host checks: judged once). */
static void
take_result(struct ha_result *d, struct ha_result *r)
{
	*d = *r;
	memset(r, 0, sizeof(*r));
}

static int
same_str(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}

/* Did engine k judge check i as engine 0 did (targets included)? */
static int
same_verdict(const struct ha_report *per, size_t i, size_t k)
{
	const struct ha_result *a = &per[0].results[i], *b = &per[k].results[i];
	size_t j;

	if (a->status != b->status || !same_str(a->message, b->message) ||
	    a->ntargets != b->ntargets)
		return 0;
	for (j = 0; j < a->ntargets; j++)
		if (a->targets[j].status != b->targets[j].status ||
		    !same_str(a->targets[j].kind, b->targets[j].kind) ||
		    !same_str(a->targets[j].name, b->targets[j].name) ||
		    !same_str(a->targets[j].detail, b->targets[j].detail))
			return 0;
	return 1;
}

/*
 * A host check (or one left to a person) is judged once when every engine
 * judged it alike.  Many read what the engine says (its data root, its
 * socket, whether it runs rootless): those that differ are judged per
 * engine, or engine 0's verdict would stand for the others'.
 */
static int
judged_once(const struct ha_report *per, size_t i, size_t n)
{
	const struct ha_result *r0 = &per[0].results[i];
	size_t k;

	if (r0->check->scope != HA_SCOPE_HOST && r0->status != HA_MANUAL)
		return 0;
	for (k = 1; k < n; k++)
		if (!same_verdict(per, i, k))
			return 0;
	return 1;
}

static void
merge_one(struct ha_result *d, struct ha_report *per, size_t i,
    const char *const *names, size_t n)
{
	struct ha_result *r0 = &per[0].results[i];
	size_t k, j;

	if (judged_once(per, i, n)) {
		take_result(d, r0);
		return;
	}
	ha_result_init(d, r0->check, r0->entry);
	for (k = 0; k < n; k++) {
		struct ha_result *r = &per[k].results[i];

		if (r->ntargets == 0) {
			engine_target(d, r, names[k]);
			continue;
		}
		for (j = 0; j < r->ntargets; j++)
			take_target(d, &r->targets[j], names[k]);
	}
	ha_result_fold(d);
}

/* A waiver's use over every engine: the worst state, every match. */
static void
merge_waivers(struct ha_report *out, const struct ha_report *per, size_t n)
{
	size_t k, w;

	out->nwaivers = per[0].nwaivers;
	out->waivers = ha_xcalloc(out->nwaivers + 1, sizeof(*out->waivers));
	for (w = 0; w < out->nwaivers; w++) {
		out->waivers[w] = per[0].waivers[w];
		out->waivers[w].matched = 0;
		for (k = 0; k < n; k++)
			out->waivers[w].matched += per[k].waivers[w].matched;
		if (out->waivers[w].state == HA_WAIVER_STALE &&
		    out->waivers[w].matched > 0)
			out->waivers[w].state = HA_WAIVER_ACTIVE;
	}
}

void
ha_report_merge(struct ha_report *out, struct ha_report *per,
    const char *const *names, size_t n)
{
	size_t i, k;

	memset(out, 0, sizeof(*out));
	out->tool_version = per[0].tool_version;
	out->host = ha_xstrdup(per[0].host);
	out->profile = per[0].profile;
	out->facts = per[0].facts;
	out->started_at = per[0].started_at;
	out->nresults = per[0].nresults;
	out->results = ha_xcalloc(out->nresults + 1, sizeof(*out->results));
	for (i = 0; i < out->nresults; i++)
		merge_one(&out->results[i], per, i, names, n);
	merge_waivers(out, per, n);
	out->nengines = n;
	out->engines = ha_xcalloc(n, sizeof(*out->engines));
	for (k = 0; k < n; k++) {
		out->engines[k].name = ha_xstrdup(names[k]);
		out->engines[k].facts = per[k].facts;
	}
	ha_report_make_utf8(out);
	ha_report_score(out);
}

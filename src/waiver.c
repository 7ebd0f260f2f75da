/* SPDX-License-Identifier: Apache-2.0 */
/*
 * waiver.c - waivers: parsing and validating them (in profiles and
 * --waivers files), and applying them to a report's findings.
 * See ha_waiver.h.
 */
#include <errno.h>
#include <fnmatch.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "ha_buf.h"
#include "ha_facts.h"
#include "ha_jsonpos.h"
#include "ha_privs.h"
#include "ha_report.h"
#include "ha_select.h"
#include "ha_util.h"
#include "ha_waiver.h"
#include "banned.h"

#define MAX_WAIVERS_SIZE (1UL * 1024 * 1024)

static const char *const state_names[HA_WAIVER_STATE_COUNT] = {
	"active", "expired", "stale",
};

const char *
ha_waiver_state_name(enum ha_waiver_state s)
{
	return (unsigned)s < HA_WAIVER_STATE_COUNT ? state_names[s] : "?";
}

int
ha_date_parse(const char *s, long *ymd)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	int y, m, d, i, leap;

	if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 +
	    (s[3] - '0');
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] ||
	    (m == 2 && d == 29 && !leap))
		return -1;
	*ymd = (long)y * 10000 + m * 100 + d;
	return 0;
}

long
ha_date_today(void)
{
	time_t t = time(NULL);
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL)
		return 0;
	return (long)(tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 +
	    tm.tm_mday;
}

static void
waiver_clear(struct ha_waiver *w)
{
	free(w->check);
	free(w->kind);
	free(w->target);
	free(w->reason);
	free(w->owner);
	free(w->expires);
	free(w->origin);
	memset(w, 0, sizeof(*w));
}

void
ha_waivers_release(struct ha_waivers *w)
{
	size_t i;

	for (i = 0; i < w->n; i++)
		waiver_clear(&w->v[i]);
	free(w->v);
	memset(w, 0, sizeof(*w));
}

struct wparse {
	const struct ha_jsonpos	*ix;
	char			*ptr;	/* the waiver's JSON pointer */
	size_t			 i;
};

/* An error at the waiver's member key (or the waiver) as 'waivers[i]'. */
static int werr(const struct wparse *wp, const char *key, int at_key,
    const char *fmt, ...) HA_PRINTF(4, 5);

static int
werr(const struct wparse *wp, const char *key, int at_key, const char *fmt,
    ...)
{
	char *ptr, *msg, *k = key ? ha_jsonpos_escape(key) : NULL;
	va_list ap;

	ptr = k ? ha_xasprintf("%s/%s", wp->ptr, k) : ha_xstrdup(wp->ptr);
	va_start(ap, fmt);
	msg = ha_xvasprintf(fmt, ap);
	va_end(ap);
	ha_jsonpos_error(wp->ix, at_key, ptr, "waivers[%zu]: %s", wp->i, msg);
	free(msg);
	free(ptr);
	free(k);
	return -1;
}

static int
parse_target(const struct wparse *wp, const json_t *t, struct ha_waiver *w)
{
	static const char *const kinds[] = { "container", "image", "label" };
	const char *key;
	json_t *v;
	size_t i;

	if (!json_is_object(t) || json_object_size(t) != 1)
		return werr(wp, "target", 0, "'target' must be an object with "
		    "one of 'container', 'image' or 'label'");
	json_object_foreach((json_t *)t, key, v) {
		for (i = 0; i < HA_ARRAY_SIZE(kinds); i++)
			if (strcmp(key, kinds[i]) == 0)
				break;
		if (i == HA_ARRAY_SIZE(kinds))
			return werr(wp, "target", 0, "unknown target '%s' "
			    "(container, image or label)", key);
		if (!json_is_string(v) || *json_string_value(v) == '\0')
			return werr(wp, "target", 0, "target '%s' must be a "
			    "non-empty string", key);
		w->kind = ha_xstrdup(key);
		w->target = ha_xstrdup(json_string_value(v));
	}
	return 0;
}

static int
parse_string(const struct wparse *wp, const char *key, const json_t *v,
    char **out)
{
	if (!json_is_string(v))
		return werr(wp, key, 0, "'%s' has the wrong type (a string)",
		    key);
	if (*json_string_value(v) == '\0')
		return werr(wp, key, 0, "'%s' must not be empty", key);
	*out = ha_xstrdup(json_string_value(v));
	return 0;
}

static int
parse_member(const struct wparse *wp, const char *key, const json_t *v,
    struct ha_waiver *w)
{
	if (strcmp(key, "check") == 0) {
		if (parse_string(wp, key, v, &w->check) < 0)
			return -1;
		if (ha_registry_find(w->check) == NULL)
			return werr(wp, key, 0, "unknown check id '%s'",
			    w->check);
		return 0;
	}
	if (strcmp(key, "target") == 0)
		return parse_target(wp, v, w);
	if (strcmp(key, "reason") == 0)
		return parse_string(wp, key, v, &w->reason);
	if (strcmp(key, "owner") == 0)
		return parse_string(wp, key, v, &w->owner);
	if (strcmp(key, "expires") == 0) {
		if (parse_string(wp, key, v, &w->expires) < 0)
			return -1;
		if (ha_date_parse(w->expires, &w->expires_ymd) < 0)
			return werr(wp, key, 0, "'expires' must be a date "
			    "YYYY-MM-DD, not '%s'", w->expires);
		return 0;
	}
	return werr(wp, key, 1, "unknown key '%s'", key);
}

/* One waiver into w, reporting every error of it; 0 or -1. */
static int
parse_one(struct wparse *wp, const json_t *o, struct ha_waiver *w)
{
	static const char *const required[] = { "check", "reason", "expires" };
	const char *key, *file = ha_jsonpos_file(wp->ix);
	json_t *v;
	size_t i;
	int line, col, rc = 0;

	if (!json_is_object(o))
		return werr(wp, NULL, 0, "a waiver must be an object");
	json_object_foreach((json_t *)o, key, v)
		if (parse_member(wp, key, v, w) < 0)
			rc = -1;
	/* A member given with a bad value has had its message already. */
	for (i = 0; i < HA_ARRAY_SIZE(required); i++)
		if (json_object_get(o, required[i]) == NULL)
			rc = werr(wp, NULL, 0, "'%s' is required",
			    required[i]);
	if (rc < 0)
		return -1;
	if (ha_jsonpos_find(wp->ix, wp->ptr, 0, &line, &col) == 0)
		w->origin = ha_xasprintf("%s:%d:%d", file, line, col);
	else
		w->origin = ha_xstrdup(file);
	return 0;
}

/* Drop the waivers of w from the n0-th on. */
static void
truncate_to(struct ha_waivers *w, size_t n0)
{
	while (w->n > n0)
		waiver_clear(&w->v[--w->n]);
}

int
ha_waivers_parse(const json_t *arr, const struct ha_jsonpos *ix,
    const char *base, struct ha_waivers *w)
{
	struct wparse wp = { ix, NULL, 0 };
	struct ha_waiver *v;
	size_t n0 = w->n, i;
	int rc = 0;

	if (!json_is_array(arr))
		return ha_jsonpos_error(ix, 0, base,
		    "'waivers' must be an array");
	w->v = ha_xreallocarray(w->v, w->n + json_array_size(arr) + 1,
	    sizeof(*w->v));
	for (i = 0; i < json_array_size(arr); i++) {
		v = &w->v[w->n];
		memset(v, 0, sizeof(*v));
		wp.i = i;
		wp.ptr = ha_xasprintf("%s/%zu", base, i);
		if (parse_one(&wp, json_array_get(arr, i), v) < 0) {
			waiver_clear(v);
			rc = -1;
		} else {
			w->n++;
		}
		free(wp.ptr);
	}
	if (rc < 0)
		truncate_to(w, n0);
	return rc;
}

/* The members of a --waivers object: only "waivers", which it needs. */
static void
doc_members(const struct ha_jsonpos *ix, json_t *root, struct ha_waivers *w)
{
	const char *key;
	char *k, *ptr;
	json_t *arr;

	json_object_foreach(root, key, arr) {
		if (strcmp(key, "waivers") == 0)
			continue;
		k = ha_jsonpos_escape(key);
		ptr = ha_xasprintf("/%s", k);
		ha_jsonpos_error(ix, 1, ptr, "unknown key '%s'", key);
		free(ptr);
		free(k);
	}
	if ((arr = json_object_get(root, "waivers")) == NULL)
		ha_jsonpos_error(ix, 0, "", "'waivers' (an array) is required");
	else
		(void)ha_waivers_parse(arr, ix, "/waivers", w);
}

/*
 * Parse a --waivers document: {"waivers": [...]} or [...], reporting
 * every error (after a syntax error, nothing more); w keeps what it had
 * when there is one.
 */
static int
parse_doc(const char *text, size_t len, const char *path,
    struct ha_waivers *w)
{
	struct ha_jsonpos_errors errs = { 0 };
	struct ha_jsonpos *ix;
	json_error_t err;
	json_t *root;
	size_t n0 = w->n;
	int rc;

	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
	if (root == NULL)
		return ha_jsonpos_syntax_error(text, len, path, &err, NULL);
	ix = ha_jsonpos_new(text, len, path, &errs);
	if (json_is_array(root))
		(void)ha_waivers_parse(root, ix, "", w);
	else if (json_is_object(root))
		doc_members(ix, root, w);
	else
		ha_jsonpos_error(ix, 0, "", "a waivers file must be a JSON "
		    "object or array");
	if ((rc = ha_jsonpos_errors_done(&errs)) < 0)
		truncate_to(w, n0);
	ha_jsonpos_free(ix);
	json_decref(root);
	return rc;
}

int
ha_waivers_load(const char *path, struct ha_waivers *w)
{
	struct ha_buf b;
	char *why = NULL;
	int rc;

	ha_buf_init(&b, MAX_WAIVERS_SIZE);
	/* a waiver hides findings: only from a file nobody else could write */
	if (ha_trusted_read(path, &b, &why) < 0) {
		if (why != NULL)
			rc = ha_error("waivers '%s' %s; refusing it", path,
			    why);
		else if (errno == EINVAL)
			rc = ha_error("waivers '%s' is not a regular file",
			    path);
		else
			rc = ha_error("cannot read waivers '%s': %s", path,
			    errno == EFBIG ? "larger than 1 MiB" :
			    strerror(errno));
		free(why);
	} else {
		rc = parse_doc(b.data, b.len, path, w);
	}
	ha_buf_release(&b);
	return rc;
}

static int
is_finding(enum ha_status s)
{
	return s == HA_FAIL || s == HA_WARN;
}

/* The container of the facts named name, or NULL. */
static const json_t *
container_named(const json_t *facts, const char *name)
{
	const json_t *obj;
	size_t i;

	json_array_foreach(ha_facts_get(facts, "engine.containers"), i, obj)
		if (strcmp(ha_facts_object_name(obj), name) == 0)
			return obj;
	return NULL;
}

static int
image_matches(const char *glob, const struct ha_target *t,
    const json_t *facts)
{
	const json_t *c;

	if (strcmp(t->kind, "image") == 0)
		return fnmatch(glob, t->name, 0) == 0;
	if (strcmp(t->kind, "container") != 0 ||
	    (c = container_named(facts, t->name)) == NULL)
		return 0;
	return fnmatch(glob, ha_facts_str(c, "Config.Image") ?
	    ha_facts_str(c, "Config.Image") : "", 0) == 0;
}

/* 1 when the waiver's target selector names t. */
static int
target_matches(const struct ha_waiver *w, const struct ha_target *t,
    const json_t *facts)
{
	const json_t *c;

	if (w->kind == NULL)
		return 1;
	if (strcmp(w->kind, "container") == 0)
		return strcmp(t->kind, "container") == 0 &&
		    fnmatch(w->target, t->name, 0) == 0;
	if (strcmp(w->kind, "image") == 0)
		return image_matches(w->target, t, facts);
	return strcmp(t->kind, "container") == 0 &&
	    (c = container_named(facts, t->name)) != NULL &&
	    ha_select_label(w->target, c);
}

static void
apply_one(const struct ha_waiver *w, struct ha_waiver_use *u,
    struct ha_result *r, const json_t *facts)
{
	int active = u->state != HA_WAIVER_EXPIRED, any = 0;
	size_t i;

	for (i = 0; i < r->ntargets; i++) {
		struct ha_target *t = &r->targets[i];

		/* An active waiver may take over an expired one's finding. */
		if (!is_finding(t->status) || (t->waiver != NULL && !active) ||
		    !target_matches(w, t, facts))
			continue;
		t->waiver = w;
		u->matched++;
		any = 1;
		if (active)
			t->status = HA_WAIVED;
	}
	if (any) {
		if (active)
			ha_result_fold(r);
		if (r->status == HA_WAIVED || !active)
			r->waiver = w;
		return;
	}
	/* A check-wide waiver covers a finding that has no failing target. */
	if (w->kind == NULL && is_finding(r->status) && r->waiver == NULL) {
		r->waiver = w;
		u->matched++;
		if (active)
			r->status = HA_WAIVED;
	}
}

void
ha_waivers_apply(const struct ha_waivers *w, struct ha_report *rep,
    long today)
{
	size_t i, k;

	free(rep->waivers);
	rep->nwaivers = w->n;
	rep->waivers = ha_xcalloc(w->n + 1, sizeof(*rep->waivers));
	for (k = 0; k < w->n; k++) {
		struct ha_waiver_use *u = &rep->waivers[k];

		u->waiver = &w->v[k];
		u->state = w->v[k].expires_ymd < today ? HA_WAIVER_EXPIRED :
		    HA_WAIVER_ACTIVE;
		for (i = 0; i < rep->nresults; i++)
			if (strcmp(rep->results[i].check->id,
			    w->v[k].check) == 0)
				apply_one(&w->v[k], u, &rep->results[i],
				    rep->facts);
		if (u->state == HA_WAIVER_ACTIVE && u->matched == 0)
			u->state = HA_WAIVER_STALE;
	}
}

json_t *
ha_waiver_json(const struct ha_waiver *w, int expired)
{
	json_t *o = json_pack("{s:s, s:s?, s:s, s:s}", "reason", w->reason,
	    "owner", w->owner, "expires", w->expires, "state",
	    ha_waiver_state_name(expired ? HA_WAIVER_EXPIRED :
	    HA_WAIVER_ACTIVE));

	if (o == NULL)
		ha_die_oom();
	return o;
}

json_t *
ha_waivers_report_json(const struct ha_report *rep)
{
	json_t *arr = json_array(), *o, *target;
	size_t i;

	for (i = 0; i < rep->nwaivers; i++) {
		const struct ha_waiver_use *u = &rep->waivers[i];
		const struct ha_waiver *w = u->waiver;

		target = w->kind ? json_pack("{s:s}", w->kind, w->target) :
		    json_null();
		o = json_pack("{s:s, s:o, s:s, s:s?, s:s, s:s, s:I, s:s}",
		    "check", w->check, "target", target, "reason", w->reason,
		    "owner", w->owner, "expires", w->expires, "state",
		    ha_waiver_state_name(u->state), "matched",
		    (json_int_t)u->matched, "origin", w->origin);
		if (o == NULL || json_array_append_new(arr, o) < 0)
			ha_die_oom();
	}
	return arr;
}

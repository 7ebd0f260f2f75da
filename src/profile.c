/* SPDX-License-Identifier: Apache-2.0 */
/*
 * profile.c - loading and validating profiles (hostaudit-profile(5)).
 *
 * A profile is a JSON object:
 *   {"name": "...", "title": "...", "description": "...",
 *    "extends": "parent name or path",
 *    "level": 1,
 *    "sections": [{"id": "2", "title": "..."}],
 *    "drop": ["daemon.icc", ...],
 *    "checks": [{"id": "daemon.icc", "ref": "2.2", "level": 1,
 *                "scored": true, "weight": 1, "severity": "medium",
 *                "assessment": "automated", "params": {...}}],
 *    "sources": ["where the numbers and levels come from", ...],
 *    "waivers": [{"check": "...", "target": {...}, "reason": "...",
 *                 "owner": "...", "expires": "YYYY-MM-DD"}],
 *    "custom": [{"id": "site.x", "title": "...", "scope": "container",
 *                "jq": "...", "remediation": "..."}]}
 *
 * A profile without "extends" lists its checks; every entry names a
 * registered check and gives its ref.  With "extends", the parent is
 * loaded first (recursively, at most MAX_DEPTH deep, cycles refused) and
 * the child changes it: "drop" removes checks, a "checks" entry for a
 * check the parent has overrides the fields it gives ("params" merged key
 * by key), one for a new check adds it, sections are merged by id,
 * waivers added, and "level": 1 drops level-2 checks.  "custom" defines
 * checks in jq (src/custom.c), each added as S.n; the profile owns them,
 * and its "checks", "drop" and waivers may name them as any check.
 *
 * Every message names the file, and where the text allows the line and
 * column of the offending value (src/jsonpos.c):
 *   p.json:12:20: checks[3] ('daemon.icc'): 'weight' must be ...
 * Validation goes on after an error, so that one run reports every error
 * of the profile and of the files it extends (a syntax error ends its
 * file: nothing after it can be trusted).  A value in error is left out,
 * and so is what depends on it: when the parent cannot be loaded, the
 * child's "drop" and its "checks" entries without a "ref" are not judged,
 * as only the parent could say whether they are right.
 *
 * Every file of the chain is read only when nobody but root and the
 * invoking user could have written it (ha_trusted_read), and "extends"
 * by name is looked up on the profile search path (ha_profile_dirs)
 * before the extending file's directory; a path is taken relative to
 * the extending file's directory.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ha_buf.h"
#include "ha_custom.h"
#include "ha_jsonpos.h"
#include "ha_privs.h"
#include "ha_report.h"
#include "ha_util.h"
#include "banned.h"

#define MAX_PROFILE_SIZE	(4UL * 1024 * 1024)
#define MAX_DEPTH		8	/* extends chain: the profile and 7 */

static char exe_dir_profiles[PATH_MAX + 16];

/*
 * The files being loaded, outermost first, for cycle messages, and the
 * errors found in all of them.
 */
struct chain {
	char				*paths[MAX_DEPTH];
	char				*names[MAX_DEPTH];	/* as the user
							   or "extends"
							   named them */
	size_t				 n;
	struct ha_jsonpos_errors	 errs;
};

/* One file being parsed. */
struct pctx {
	const char		*path;
	struct ha_jsonpos	*ix;
	struct chain		*chain;
	int			 parent_failed;	/* "extends" gave nothing */
	const struct ha_profile	*p;		/* for its custom checks */
};

#ifndef HA_SYSCONFDIR
#define HA_SYSCONFDIR	"/etc"
#endif

static int	load_file(const char *path, struct chain *ch,
		    struct ha_profile *p);

const char *const *
ha_profile_dirs(void)
{
	static const char *dirs[4];
	char exe[PATH_MAX];
	ssize_t n;
	char *slash;
	size_t i = 0;

	if (dirs[0] != NULL)
		return dirs;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash != NULL) {
			*slash = '\0';
			snprintf(exe_dir_profiles, sizeof(exe_dir_profiles),
			    "%s/profiles", exe);
			dirs[i++] = exe_dir_profiles;
		}
	}
	dirs[i++] = HA_DATADIR "/profiles";
	dirs[i++] = HA_SYSCONFDIR "/hostaudit/profiles";
	dirs[i] = NULL;
	return dirs;
}

static int
is_path(const char *s)
{
	return strchr(s, '/') != NULL || ha_ends_with(s, ".json");
}

/* Name must be a plain word: no path tricks when searching directories. */
static int
valid_name(const char *s)
{
	if (*s == '\0' || *s == '.')
		return 0;
	for (; *s != '\0'; s++)
		if (!(*s == '-' || *s == '_' || *s == '.' ||
		    (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9')))
			return 0;
	return 1;
}

/*
 * The file for a profile name or path.  A relative path is taken against
 * dir (the extending file's directory; NULL: as given); a name is looked
 * for in the profile directories first, and only then beside the
 * extending file (profiles shipped together, a source tree), so that a
 * file dropped beside it never shadows one of the search path; what is
 * found there is trusted or refused like any profile (ha_trusted_read).
 * NULL with *why set (to free) when there is none; the caller frees the
 * result.
 */
static char *
find_profile(const char *name, const char *dir, char **why)
{
	const char *const *d = ha_profile_dirs();
	char *path;

	*why = NULL;
	if (is_path(name))
		return dir != NULL && name[0] != '/' ?
		    ha_xasprintf("%s/%s", dir, name) : ha_xstrdup(name);
	if (!valid_name(name)) {
		*why = ha_xasprintf("invalid profile name '%s'", name);
		return NULL;
	}
	for (; *d != NULL; d++) {
		path = ha_xasprintf("%s/%s.json", *d, name);
		if (access(path, F_OK) == 0)
			return path;
		free(path);
	}
	if (dir != NULL) {
		path = ha_xasprintf("%s/%s.json", dir, name);
		if (access(path, F_OK) == 0)
			return path;
		free(path);
	}
	d = ha_profile_dirs();
	*why = ha_xasprintf("profile '%s' not found (looked in %s%s%s%s%s%s%s)",
	    name, d[0], d[1] ? ", " : "", d[1] ? d[1] : "",
	    d[1] && d[2] ? ", " : "", d[1] && d[2] ? d[2] : "",
	    dir ? ", then " : "", dir ? dir : "");
	return NULL;
}

/* An error at the value (key 0) or key (1) of a printf-built pointer. */
static int perr(const struct pctx *c, int key, const char *msg,
    const char *fmt, ...) HA_PRINTF(4, 5);

static int
perr(const struct pctx *c, int key, const char *msg, const char *fmt, ...)
{
	va_list ap;
	char *ptr;

	va_start(ap, fmt);
	ptr = ha_xvasprintf(fmt, ap);
	va_end(ap);
	ha_jsonpos_error(c->ix, key, ptr, "%s", msg);
	free(ptr);
	return -1;
}

/* perr() with a message built from a format too; frees nothing given. */
static int msgf_err(const struct pctx *c, int key, const char *ptr,
    const char *fmt, ...) HA_PRINTF(4, 5);

static int
msgf_err(const struct pctx *c, int key, const char *ptr, const char *fmt,
    ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = ha_xvasprintf(fmt, ap);
	va_end(ap);
	ha_jsonpos_error(c->ix, key, ptr, "%s", msg);
	free(msg);
	return -1;
}

/* The errors found so far, in this file and the ones loaded before. */
static size_t
nerrors(const struct pctx *c)
{
	return c->chain->errs.n;
}

static const char *
type_name(json_type t)
{
	switch (t) {
	case JSON_OBJECT:	return "an object";
	case JSON_ARRAY:	return "an array";
	case JSON_STRING:	return "a string";
	case JSON_INTEGER:	return "an integer";
	case JSON_REAL:		return "a number";
	default:		return "a boolean";
	}
}

static int
type_ok(const json_t *v, json_type t)
{
	if (t == JSON_REAL)
		return json_is_number(v);
	if (t == JSON_TRUE)
		return json_is_boolean(v);
	return json_typeof(v) == t;
}

/* A built-in check, or a custom check of this profile (not another's). */
static const struct ha_check *
lookup_check(const struct pctx *c, const char *id)
{
	const struct ha_check *ck = ha_registry_builtin(id);

	return ck != NULL ? ck : ha_custom_find(c->p->custom, id);
}

static struct ha_profile_entry *
find_entry(struct ha_profile *p, const char *id)
{
	size_t i;

	for (i = 0; i < p->nentries; i++)
		if (strcmp(p->entries[i].check->id, id) == 0)
			return &p->entries[i];
	return NULL;
}

static void
entry_clear(struct ha_profile_entry *e)
{
	free(e->ref);
	free(e->section);
	json_decref(e->params);
	memset(e, 0, sizeof(*e));
}

static void
set_ref(struct ha_profile_entry *e, const char *ref)
{
	const char *dot = strchr(ref, '.');

	free(e->ref);
	free(e->section);
	e->ref = ha_xstrdup(ref);
	e->section = dot ? ha_xstrndup(ref, (size_t)(dot - ref)) :
	    ha_xstrdup(ref);
}


/* The fields of one "checks" member, validated, not yet applied. */
struct fields {
	const char		*id, *ref;	/* NULL: not a string */
	const struct ha_check	*check;		/* NULL: no known id */
	int			 has_ref;	/* "ref" given, right or not */
	int			 level;		/* -1: not given */
	int			 scored;	/* -1: not given */
	int			 severity;	/* -1: not given */
	int			 assessment;	/* HA_ASSESS_UNSET: not given */
	int			 has_weight;
	double			 weight;
	json_t			*params;	/* borrowed; NULL: not given */
};

static const struct {
	const char	*key;
	json_type	 type;
} entry_keys[] = {
	{ "id", JSON_STRING }, { "ref", JSON_STRING },
	{ "severity", JSON_STRING }, { "level", JSON_INTEGER },
	{ "scored", JSON_TRUE }, { "weight", JSON_REAL },
	{ "params", JSON_OBJECT }, { "assessment", JSON_STRING },
};

/*
 * An error in checks[i], at its member (a JSON pointer relative to the
 * entry, escaped; NULL: the entry itself).
 */
static int eerr(const struct pctx *c, size_t i, const char *id,
    const char *member, int at_key, const char *fmt, ...) HA_PRINTF(6, 7);

static int
eerr(const struct pctx *c, size_t i, const char *id, const char *member,
    int at_key, const char *fmt, ...)
{
	va_list ap;
	char *msg, *ptr;

	va_start(ap, fmt);
	msg = ha_xvasprintf(fmt, ap);
	va_end(ap);
	ptr = member ? ha_xasprintf("/checks/%zu/%s", i, member) :
	    ha_xasprintf("/checks/%zu", i);
	msgf_err(c, at_key, ptr, "checks[%zu]%s%s%s: %s", i, id ? " ('" : "",
	    id ? id : "", id ? "')" : "", msg);
	free(ptr);
	free(msg);
	return -1;
}

/* Unknown keys and keys of the wrong type, each reported. */
static void
entry_types(const struct pctx *c, size_t i, json_t *obj, const char *id)
{
	const char *key;
	char *esc;
	json_t *v;
	size_t k;

	json_object_foreach(obj, key, v) {
		for (k = 0; k < HA_ARRAY_SIZE(entry_keys); k++)
			if (strcmp(key, entry_keys[k].key) == 0)
				break;
		esc = ha_jsonpos_escape(key);
		if (k == HA_ARRAY_SIZE(entry_keys))
			eerr(c, i, id, esc, 1, "unknown key '%s'", key);
		else if (!type_ok(v, entry_keys[k].type))
			eerr(c, i, id, esc, 0, "'%s' has the wrong type: it "
			    "must be %s", key, type_name(entry_keys[k].type));
		free(esc);
	}
}

/* The accepted names of a check's parameters, for messages. */
static char *
param_names(const struct ha_check *ck)
{
	const struct ha_param *pp;
	struct ha_buf b;

	ha_buf_init(&b, HA_BUF_NOCAP);
	for (pp = ck->params; pp != NULL && pp->name != NULL; pp++)
		ha_buf_addf(&b, "%s%s", b.len ? ", " : "", pp->name);
	return ha_buf_detach(&b, NULL);
}

static int
param_ok(const struct ha_param *pp, const json_t *v)
{
	const json_t *s;
	size_t i;

	if (pp->type == HA_PARAM_INT)
		return json_is_integer(v) && json_integer_value(v) >= 0;
	if (!json_is_array(v))
		return 0;
	json_array_foreach(v, i, s)
		if (!json_is_string(s))
			return 0;
	return 1;
}

/* Each parameter of f against what its check takes. */
static void
check_params(const struct pctx *c, size_t i, const struct fields *f)
{
	const struct ha_param *pp;
	const char *key;
	char *names, *member;
	json_t *v;

	json_object_foreach(f->params, key, v) {
		for (pp = f->check->params; pp != NULL && pp->name != NULL;
		    pp++)
			if (strcmp(pp->name, key) == 0)
				break;
		names = ha_jsonpos_escape(key);
		member = ha_xasprintf("params/%s", names);
		free(names);
		names = param_names(f->check);
		if ((pp == NULL || pp->name == NULL) && *names == '\0')
			eerr(c, i, f->id, member, 1, "unknown parameter '%s': "
			    "the check takes none", key);
		else if (pp == NULL || pp->name == NULL)
			eerr(c, i, f->id, member, 1, "unknown parameter '%s' "
			    "(known: %s)", key, names);
		else if (!param_ok(pp, v))
			eerr(c, i, f->id, member, 0, "parameter '%s' must be "
			    "%s", key, pp->type == HA_PARAM_INT ?
			    "a non-negative integer" : "an array of strings");
		free(names);
		free(member);
	}
}

/* The id of checks[i] against the registry and the entries before it. */
static void
entry_id(const struct pctx *c, json_t *arr, size_t i, json_t *obj,
    struct fields *f)
{
	const char *other;
	size_t j;

	f->id = json_string_value(json_object_get(obj, "id"));
	if (json_object_get(obj, "id") == NULL) {
		eerr(c, i, NULL, NULL, 0, "'id' is required");
		return;
	}
	if (f->id == NULL)
		return;		/* the wrong type, reported */
	if ((f->check = lookup_check(c, f->id)) == NULL) {
		eerr(c, i, f->id, "id", 0, "unknown check id");
		return;
	}
	for (j = 0; j < i; j++) {
		other = json_string_value(json_object_get(json_array_get(arr,
		    j), "id"));
		if (other != NULL && strcmp(f->id, other) == 0) {
			eerr(c, i, f->id, "id", 0, "duplicate check id (also "
			    "checks[%zu])", j);
			return;
		}
	}
}

/* The benchmark's "Automated" or "Manual"; HA_ASSESS_UNSET otherwise. */
static int
assessment_parse(const char *s)
{
	if (strcmp(s, "automated") == 0)
		return HA_ASSESS_AUTOMATED;
	if (strcmp(s, "manual") == 0)
		return HA_ASSESS_MANUAL;
	return HA_ASSESS_UNSET;
}

/*
 * Validate checks[i] of this file (arr) into f, reporting every error;
 * 0, or -1 when it has one.  A value of the wrong type is not judged
 * further (its message is out); f->check is set whenever the id names a
 * check.
 */
static int
entry_fields(const struct pctx *c, json_t *arr, size_t i, struct fields *f)
{
	json_t *obj = json_array_get(arr, i), *v;
	size_t n0 = nerrors(c);

	memset(f, 0, sizeof(*f));
	f->level = f->scored = f->severity = -1;
	if (!json_is_object(obj))
		return eerr(c, i, NULL, NULL, 0, "must be an object");
	entry_types(c, i, obj, json_string_value(json_object_get(obj, "id")));
	entry_id(c, arr, i, obj, f);
	f->has_ref = json_object_get(obj, "ref") != NULL;
	f->ref = json_string_value(json_object_get(obj, "ref"));
	if (f->ref != NULL && *f->ref == '\0')
		eerr(c, i, f->id, "ref", 0, "'ref' must not be empty");
	if ((v = json_object_get(obj, "level")) != NULL && json_is_integer(v)) {
		f->level = (int)json_integer_value(v);
		if (json_integer_value(v) != 1 && json_integer_value(v) != 2)
			eerr(c, i, f->id, "level", 0, "'level' must be 1 or 2");
	}
	if ((v = json_object_get(obj, "weight")) != NULL && json_is_number(v)) {
		f->has_weight = 1;
		f->weight = json_number_value(v);
		if (!(f->weight >= 0.0 && f->weight <= 1000.0))
			eerr(c, i, f->id, "weight", 0, "'weight' must be a "
			    "number from 0 to 1000");
	}
	if ((v = json_object_get(obj, "severity")) != NULL &&
	    json_is_string(v) &&
	    (f->severity = ha_severity_parse(json_string_value(v))) < 0)
		eerr(c, i, f->id, "severity", 0, "'severity' must be info, "
		    "low, medium, high or critical");
	if ((v = json_object_get(obj, "scored")) != NULL && json_is_boolean(v))
		f->scored = json_is_true(v);
	if ((v = json_object_get(obj, "assessment")) != NULL &&
	    json_is_string(v) &&
	    (f->assessment = assessment_parse(json_string_value(v))) ==
	    HA_ASSESS_UNSET)
		eerr(c, i, f->id, "assessment", 0, "'assessment' must be "
		    "automated or manual");
	if ((v = json_object_get(obj, "params")) != NULL && json_is_object(v)) {
		f->params = v;
		if (f->check != NULL)
			check_params(c, i, f);
	}
	return nerrors(c) > n0 ? -1 : 0;
}

static struct ha_profile_entry *
add_entry(struct ha_profile *p, const struct ha_check *ck, const char *ref)
{
	struct ha_profile_entry *e;

	p->entries = ha_xreallocarray(p->entries, p->nentries + 2,
	    sizeof(*p->entries));
	e = &p->entries[p->nentries++];
	memset(e, 0, sizeof(*e) * 2);
	e->check = ck;
	e->level = ck->level;
	e->weight = 1.0;
	e->severity = ck->severity;
	e->scored = 1;
	set_ref(e, ref);
	return e;
}

static void
apply_fields(struct ha_profile_entry *e, const struct fields *f)
{
	json_t *merged;

	if (f->ref != NULL && strcmp(f->ref, e->ref) != 0)
		set_ref(e, f->ref);
	if (f->level > 0)
		e->level = f->level;
	if (f->has_weight)
		e->weight = f->weight;
	if (f->severity >= 0)
		e->severity = (enum ha_severity)f->severity;
	if (f->scored >= 0)
		e->scored = f->scored;
	if (f->assessment != HA_ASSESS_UNSET)
		e->assessment = f->assessment;
	if (f->params != NULL) {
		merged = e->params ? json_deep_copy(e->params) :
		    json_object();
		if (merged == NULL || json_object_update(merged,
		    f->params) < 0)
			ha_die_oom();
		json_decref(e->params);
		e->params = merged;
	}
	if (e->check->eval == NULL && e->check->eval_target == NULL)
		e->scored = 0;	/* manual checks are listed, never scored */
}

/*
 * The "checks" entries, each applied when it is right.  An entry for a
 * check the profile does not have needs a "ref", unless the parent could
 * not be loaded (it might have had the check).
 */
static void
parse_checks(const struct pctx *c, json_t *arr, struct ha_profile *p)
{
	struct ha_profile_entry *e;
	struct fields f;
	size_t i;
	int bad;

	for (i = 0; i < json_array_size(arr); i++) {
		bad = entry_fields(c, arr, i, &f) < 0;
		if (f.check == NULL)
			continue;
		e = find_entry(p, f.id);
		if (e == NULL && !f.has_ref && !c->parent_failed) {
			eerr(c, i, f.id, NULL, 0, "'ref' is required");
			continue;
		}
		if (bad || (e == NULL && f.ref == NULL))
			continue;
		if (e == NULL)
			e = add_entry(p, f.check, f.ref);
		apply_fields(e, &f);
	}
}

/* sections[i]: each member known, "id" and "title" strings; 0 or -1. */
static int
section_ok(const struct pctx *c, json_t *s, size_t i)
{
	const char *key;
	char *esc;
	json_t *v;
	int rc = 0;

	if (!json_is_object(s))
		return perr(c, 0, "sections: each must be an object with "
		    "string 'id' and 'title'", "/sections/%zu", i);
	json_object_foreach(s, key, v) {
		if (strcmp(key, "id") == 0 || strcmp(key, "title") == 0)
			continue;
		esc = ha_jsonpos_escape(key);
		rc = perr(c, 1, "sections: unknown key", "/sections/%zu/%s", i,
		    esc);
		free(esc);
	}
	if (!json_is_string(json_object_get(s, "id")) ||
	    !json_is_string(json_object_get(s, "title")))
		rc = perr(c, 0, "sections: each needs string 'id' and 'title'",
		    "/sections/%zu", i);
	return rc;
}

static void
parse_sections(const struct pctx *c, json_t *arr, struct ha_profile *p)
{
	const char *id;
	json_t *s;
	size_t i, k;

	json_array_foreach(arr, i, s) {
		if (section_ok(c, s, i) < 0)
			continue;
		id = json_string_value(json_object_get(s, "id"));
		for (k = 0; k < p->nsections; k++)
			if (strcmp(p->sections[k].id, id) == 0)
				break;
		if (k == p->nsections) {
			p->sections = ha_xreallocarray(p->sections,
			    p->nsections + 2, sizeof(*p->sections));
			p->sections[k].id = ha_xstrdup(id);
			p->sections[k].title = NULL;
			p->nsections++;
		}
		free(p->sections[k].title);
		p->sections[k].title = ha_xstrdup(json_string_value(
		    json_object_get(s, "title")));
	}
}

static void
remove_entry(struct ha_profile *p, struct ha_profile_entry *e)
{
	size_t i = (size_t)(e - p->entries);

	entry_clear(e);
	memmove(e, e + 1, (p->nentries - i - 1) * sizeof(*e));
	p->nentries--;
	memset(&p->entries[p->nentries], 0, sizeof(*e));
}

/*
 * "drop": each a check of the parent, removed.  Without a parent to ask
 * (it failed to load), only that each names a check.
 */
static void
parse_drop(const struct pctx *c, json_t *arr, struct ha_profile *p)
{
	struct ha_profile_entry *e;
	const char *id, *why;
	char *ptr;
	json_t *v;
	size_t i;

	json_array_foreach(arr, i, v) {
		if ((id = json_string_value(v)) == NULL) {
			perr(c, 0, "drop: each must be a check id (a string)",
			    "/drop/%zu", i);
			continue;
		}
		e = find_entry(p, id);
		why = NULL;
		if (lookup_check(c, id) == NULL)
			why = "unknown check id";
		else if (e == NULL && !c->parent_failed)
			why = "not a check of the profile it extends";
		if (why != NULL) {
			ptr = ha_xasprintf("/drop/%zu", i);
			msgf_err(c, 0, ptr, "drop[%zu] ('%s'): %s", i, id, why);
			free(ptr);
		} else if (e != NULL) {
			remove_entry(p, e);
		}
	}
}

/* "level": N keeps the checks of level N and below. */
static void
keep_level(struct ha_profile *p, int level)
{
	size_t i = 0;

	while (i < p->nentries)
		if (p->entries[i].level > level)
			remove_entry(p, &p->entries[i]);
		else
			i++;
}

static const struct {
	const char	*key;
	json_type	 type;
} top_keys[] = {
	{ "name", JSON_STRING }, { "title", JSON_STRING },
	{ "description", JSON_STRING }, { "extends", JSON_STRING },
	{ "level", JSON_INTEGER }, { "sections", JSON_ARRAY },
	{ "drop", JSON_ARRAY }, { "checks", JSON_ARRAY },
	{ "waivers", JSON_ARRAY }, { "sources", JSON_ARRAY },
	{ "custom", JSON_ARRAY },
};

/* Unknown top-level keys and keys of the wrong type, each reported. */
static void
root_types(const struct pctx *c, json_t *root)
{
	const char *key;
	char *e, *ptr;
	json_t *v;
	size_t k;

	json_object_foreach(root, key, v) {
		for (k = 0; k < HA_ARRAY_SIZE(top_keys); k++)
			if (strcmp(key, top_keys[k].key) == 0)
				break;
		e = ha_jsonpos_escape(key);
		ptr = ha_xasprintf("/%s", e);
		if (k == HA_ARRAY_SIZE(top_keys))
			msgf_err(c, 1, ptr, "unknown key '%s'", key);
		else if (!type_ok(v, top_keys[k].type))
			msgf_err(c, 0, ptr, "'%s' must be %s", key,
			    type_name(top_keys[k].type));
		free(ptr);
		free(e);
	}
}

static char *
canonical(const char *path)
{
	char buf[PATH_MAX];

	return ha_xstrdup(realpath(path, buf) != NULL ? buf : path);
}

/* The chain as text: 'a.json' -> 'b.json' -> ... -> last. */
static char *
chain_text(const struct chain *ch, const char *last)
{
	struct ha_buf b;
	size_t i;

	ha_buf_init(&b, HA_BUF_NOCAP);
	for (i = 0; i < ch->n; i++)
		ha_buf_addf(&b, "'%s' -> ", ch->names[i]);
	ha_buf_addf(&b, "'%s'", last);
	return ha_buf_detach(&b, NULL);
}

/*
 * Load what "extends" names into p, refusing cycles and deep chains.  The
 * parent's own errors name the parent's file.
 */
static int
load_parent(const struct pctx *c, const char *ext, struct ha_profile *p)
{
	char *dir = ha_xstrdup(c->path), *slash = strrchr(dir, '/');
	char *path, *why = NULL, *canon = NULL, *text;
	struct stat st;
	size_t i;
	int rc = -1;

	if (slash != NULL)
		*slash = '\0';
	/* a profile read from standard input has no directory of its own */
	path = find_profile(ext, stat(c->path, &st) < 0 ? NULL :
	    slash ? dir : ".", &why);
	if (path == NULL) {
		msgf_err(c, 0, "/extends", "extends: %s", why);
		goto out;
	}
	canon = canonical(path);
	for (i = 0; i < c->chain->n; i++)
		if (strcmp(c->chain->paths[i], canon) == 0)
			break;
	if (i < c->chain->n) {
		text = chain_text(c->chain, path);
		msgf_err(c, 0, "/extends", "extends cycle: %s", text);
		free(text);
	} else if (c->chain->n >= MAX_DEPTH) {
		msgf_err(c, 0, "/extends", "extends chain deeper than %d "
		    "profiles", MAX_DEPTH);
	} else {
		rc = load_file(path, c->chain, p);
	}
out:
	free(canon);
	free(why);
	free(path);
	free(dir);
	return rc;
}

static void
set_str(char **dst, const char *s)
{
	free(*dst);
	*dst = ha_xstrdup(s);
}

/*
 * "sources": free text saying where a profile's numbers, levels and
 * assessments come from; only read by people, so only checked.
 */
static void
parse_sources(const struct pctx *c, json_t *arr)
{
	json_t *v;
	size_t i;

	json_array_foreach(arr, i, v)
		if (!json_is_string(v))
			perr(c, 0, "sources: each must be a string",
			    "/sources/%zu", i);
}

/*
 * "custom": the checks it defines, each added to the profile as S.1,
 * S.2, ... in the order defined (parents first), so in section "S"
 * ("Site checks" unless a profile names it), as hostaudit's own checks
 * are HA.n.
 */
static void
parse_custom(const struct pctx *c, json_t *arr, struct ha_profile *p)
{
	size_t i, n0 = ha_custom_count(p->custom);
	char ref[32];

	(void)ha_custom_parse(arr, c->ix, "/custom", &p->custom);
	for (i = n0; i < ha_custom_count(p->custom); i++) {
		snprintf(ref, sizeof(ref), "S.%zu", i + 1);
		(void)add_entry(p, ha_custom_at(p->custom, i), ref);
	}
	if (ha_custom_count(p->custom) == n0)
		return;
	for (i = 0; i < p->nsections; i++)
		if (strcmp(p->sections[i].id, "S") == 0)
			return;
	p->sections = ha_xreallocarray(p->sections, p->nsections + 2,
	    sizeof(*p->sections));
	p->sections[p->nsections].id = ha_xstrdup("S");
	p->sections[p->nsections++].title = ha_xstrdup("Site checks");
}

/* The top-level members in the order hostaudit-profile(5) gives. */
static void
parse_members(const struct pctx *c, json_t *root, struct ha_profile *p)
{
	json_t *v;

	if (json_is_array(v = json_object_get(root, "sections")))
		parse_sections(c, v, p);
	if (json_is_array(v = json_object_get(root, "custom")))
		parse_custom(c, v, p);
	if (json_is_array(v = json_object_get(root, "drop")))
		parse_drop(c, v, p);
	if (json_is_array(v = json_object_get(root, "checks")))
		parse_checks(c, v, p);
	if (json_is_integer(v = json_object_get(root, "level"))) {
		if (json_integer_value(v) != 1 && json_integer_value(v) != 2)
			msgf_err(c, 0, "/level", "'level' must be 1 or 2");
		else
			keep_level(p, (int)json_integer_value(v));
	}
	if (json_is_array(v = json_object_get(root, "waivers")))
		(void)ha_waivers_parse(v, c->ix, "/waivers", &p->waivers);
	if (json_is_array(v = json_object_get(root, "sources")))
		parse_sources(c, v);
}

/* The profile of root into p, every error reported. */
static void
parse_root(struct pctx *c, json_t *root, struct ha_profile *p)
{
	const char *name, *ext, *title;

	if (!json_is_object(root)) {
		msgf_err(c, 0, "", "a profile must be a JSON object");
		return;
	}
	root_types(c, root);
	if (json_object_get(root, "name") == NULL)
		msgf_err(c, 0, "", "'name' (a string) is required");
	ext = json_string_value(json_object_get(root, "extends"));
	if (json_object_get(root, "extends") != NULL &&
	    (ext == NULL || load_parent(c, ext, p) < 0))
		c->parent_failed = 1;	/* a wrong type is reported */
	if (json_object_get(root, "extends") == NULL &&
	    json_object_get(root, "checks") == NULL)
		msgf_err(c, 0, "", "'checks' (an array) is required unless "
		    "the profile 'extends' another");
	name = json_string_value(json_object_get(root, "name"));
	title = json_string_value(json_object_get(root, "title"));
	if (name != NULL) {
		set_str(&p->name, name);
		set_str(&p->title, title ? title : name);
	}
	set_str(&p->path, c->path);
	parse_members(c, root, p);
}

/* Parse one file of the chain into p; 0, or -1 when it or a parent erred. */
static int
parse_text(const char *text, size_t len, const char *path, struct chain *ch,
    struct ha_profile *p)
{
	struct pctx c = { path, NULL, ch, 0, p };
	size_t n0 = ch->errs.n;
	json_error_t err;
	json_t *root;

	memset(p, 0, sizeof(*p));
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
	if (root == NULL)
		return ha_jsonpos_syntax_error(text, len, path, &err,
		    &ch->errs);
	c.ix = ha_jsonpos_new(text, len, path, &ch->errs);
	ch->paths[ch->n] = canonical(path);
	ch->names[ch->n++] = ha_xstrdup(path);
	parse_root(&c, root, p);
	ch->n--;
	free(ch->paths[ch->n]);
	free(ch->names[ch->n]);
	ha_jsonpos_free(c.ix);
	json_decref(root);
	if (ch->errs.n == n0 && !c.parent_failed)
		return 0;
	ha_profile_release(p);
	return -1;
}

int
ha_profile_parse(const char *text, size_t len, const char *path,
    struct ha_profile *p)
{
	struct chain ch;
	int rc;

	memset(&ch, 0, sizeof(ch));
	rc = parse_text(text, len, path, &ch, p);
	(void)ha_jsonpos_errors_done(&ch.errs);
	return rc;
}

static int
load_file(const char *path, struct chain *ch, struct ha_profile *p)
{
	struct ha_jsonpos_errors *errs = &ch->errs;
	struct ha_buf b;
	char *why = NULL;
	int rc;

	memset(p, 0, sizeof(*p));
	ha_buf_init(&b, MAX_PROFILE_SIZE);
	/* what to check and how: only from a file nobody else could write */
	if (ha_trusted_read(path, &b, &why) < 0) {
		if (why != NULL)
			rc = ha_jsonpos_errorf(errs, "profile '%s' %s; "
			    "refusing it", path, why);
		else if (errno == EINVAL)
			rc = ha_jsonpos_errorf(errs, "profile '%s' is not a "
			    "regular file", path);
		else
			rc = ha_jsonpos_errorf(errs, "cannot read profile "
			    "'%s': %s", path, errno == EFBIG ?
			    "larger than 4 MiB" : strerror(errno));
		free(why);
		ha_buf_release(&b);
		return rc;
	}
	rc = parse_text(b.data, b.len, path, ch, p);
	ha_buf_release(&b);
	return rc;
}

int
ha_profile_load(const char *name, struct ha_profile *p)
{
	struct chain ch;
	char *path, *why = NULL;
	int rc;

	memset(p, 0, sizeof(*p));
	memset(&ch, 0, sizeof(ch));
	if ((path = find_profile(name, NULL, &why)) == NULL) {
		rc = ha_error("%s", why);
		free(why);
		return rc;
	}
	rc = load_file(path, &ch, p);
	(void)ha_jsonpos_errors_done(&ch.errs);
	free(path);
	return rc;
}

void
ha_profile_release(struct ha_profile *p)
{
	size_t i;

	for (i = 0; i < p->nentries; i++)
		entry_clear(&p->entries[i]);
	for (i = 0; i < p->nsections; i++) {
		free(p->sections[i].id);
		free(p->sections[i].title);
	}
	free(p->entries);
	free(p->sections);
	free(p->name);
	free(p->title);
	free(p->path);
	ha_waivers_release(&p->waivers);
	ha_custom_set_free(p->custom);
	memset(p, 0, sizeof(*p));
}

const char *
ha_profile_section_title(const struct ha_profile *p, const char *id)
{
	size_t i;

	for (i = 0; i < p->nsections; i++)
		if (strcmp(p->sections[i].id, id) == 0)
			return p->sections[i].title;
	return id;
}

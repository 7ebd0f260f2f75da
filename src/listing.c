/* SPDX-License-Identifier: Apache-2.0 */
/*
 * listing.c - a profile's checks (-l) and the difference between two
 * profiles (--benchmark-diff), as text or JSON (see ha_listing.h).
 *
 * The check id is stable and the number belongs to the profile, so one
 * id can be 2.7 in CIS 1.6.0 and 2.8 in 1.8.0; the difference lists
 * exactly those moves, so that findings in an old report can be matched
 * with the new numbering.
 */
#include <errno.h>
#include <string.h>

#include "ha_listing.h"
#include "ha_util.h"
#include "banned.h"

#define LIST_MODE	0644	/* a listing holds nothing of the host */

static int
is_manual(const struct ha_check *c)
{
	return c->eval == NULL && c->eval_target == NULL;
}

static json_t *
assessment_json(int a)
{
	if (a == HA_ASSESS_AUTOMATED)
		return json_string("automated");
	if (a == HA_ASSESS_MANUAL)
		return json_string("manual");
	return json_null();
}

json_t *
ha_listing_json(const struct ha_profile *p)
{
	const struct ha_profile_entry *e;
	json_t *out = json_array(), *o;
	size_t i;

	if (out == NULL)
		ha_die_oom();
	for (i = 0; i < p->nentries; i++) {
		e = &p->entries[i];
		o = json_pack("{s:s, s:s, s:s, s:i, s:b, s:s, s:b, s:o, s:s?}",
		    "id", e->check->id, "ref", e->ref, "title",
		    e->check->title, "level", e->level, "scored", e->scored,
		    "severity", ha_severity_name(e->severity), "automated",
		    !is_manual(e->check), "assessment",
		    assessment_json(e->assessment), "profile", p->name);
		if (o == NULL || json_array_append_new(out, o) < 0)
			ha_die_oom();
	}
	return out;
}

int
ha_listing_print(FILE *fp, const struct ha_profile *p)
{
	const struct ha_profile_entry *e;
	size_t i;

	fprintf(fp, "%-8s %-36s %-5s %-9s %s\n", "REF", "ID", "LEVEL", "MODE",
	    "TITLE");
	for (i = 0; i < p->nentries; i++) {
		e = &p->entries[i];
		fprintf(fp, "%-8s %-36s %-5d %-9s %s\n", e->ref, e->check->id,
		    e->level, is_manual(e->check) ? "manual" : "automated",
		    e->check->title);
	}
	return ferror(fp) ? -1 : 0;
}

static const struct ha_profile_entry *
entry_of(const struct ha_profile *p, const char *id)
{
	size_t i;

	for (i = 0; i < p->nentries; i++)
		if (strcmp(p->entries[i].check->id, id) == 0)
			return &p->entries[i];
	return NULL;
}

/* What changed for one check, or NULL when nothing did. */
static const char *
change_of(const struct ha_profile_entry *f, const struct ha_profile_entry *t)
{
	if (f == NULL)
		return "added";
	if (t == NULL)
		return "removed";
	if (strcmp(f->ref, t->ref) != 0)
		return "moved";
	return f->level != t->level ? "level" : NULL;
}

/* One difference for check c: f and t its entries (NULL: not there). */
static json_t *
change_json(const struct ha_check *c, const struct ha_profile_entry *f,
    const struct ha_profile_entry *t)
{
	json_t *o;

	o = json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:s}", "id", c->id,
	    "title", c->title,
	    "from_ref", f != NULL ? json_string(f->ref) : json_null(),
	    "to_ref", t != NULL ? json_string(t->ref) : json_null(),
	    "from_level", f != NULL ? json_integer(f->level) : json_null(),
	    "to_level", t != NULL ? json_integer(t->level) : json_null(),
	    "change", change_of(f, t));
	if (o == NULL)
		ha_die_oom();
	return o;
}

/*
 * Every difference, in the order of to and then, for the checks only
 * from has, of from.
 */
json_t *
ha_listing_diff_json(const struct ha_profile *from,
    const struct ha_profile *to)
{
	const struct ha_profile_entry *f, *t;
	json_t *changes = json_array(), *out;
	size_t i;

	if (changes == NULL)
		ha_die_oom();
	for (i = 0; i < to->nentries; i++) {
		t = &to->entries[i];
		f = entry_of(from, t->check->id);
		if (change_of(f, t) != NULL)
			json_array_append_new(changes, change_json(t->check,
			    f, t));
	}
	for (i = 0; i < from->nentries; i++) {
		f = &from->entries[i];
		if (entry_of(to, f->check->id) == NULL)
			json_array_append_new(changes, change_json(f->check,
			    f, NULL));
	}
	out = json_pack("{s:s, s:s, s:o}", "from", from->name, "to", to->name,
	    "changes", changes);
	if (out == NULL)
		ha_die_oom();
	return out;
}

static const char *
str_or_dash(const json_t *v)
{
	return json_is_string(v) ? json_string_value(v) : "-";
}

int
ha_listing_diff_print(FILE *fp, const struct ha_profile *from,
    const struct ha_profile *to)
{
	json_t *d = ha_listing_diff_json(from, to), *c;
	const json_t *changes = json_object_get(d, "changes");
	const char *what;
	size_t i;

	if (json_array_size(changes) == 0)
		fprintf(fp, "%s -> %s: every check has the same number and "
		    "level\n", from->name, to->name);
	else
		fprintf(fp, "%s -> %s: %zu check%s differ\n%-36s %-8s %-8s "
		    "%s\n", from->name, to->name, json_array_size(changes),
		    json_array_size(changes) == 1 ? "" : "s", "ID", "FROM",
		    "TO", "CHANGE");
	json_array_foreach(changes, i, c) {
		what = json_string_value(json_object_get(c, "change"));
		fprintf(fp, "%-36s %-8s %-8s %s",
		    json_string_value(json_object_get(c, "id")),
		    str_or_dash(json_object_get(c, "from_ref")),
		    str_or_dash(json_object_get(c, "to_ref")),
		    strcmp(what, "level") == 0 ? "" : what);
		if (json_is_integer(json_object_get(c, "from_level")) &&
		    json_is_integer(json_object_get(c, "to_level")) &&
		    json_integer_value(json_object_get(c, "from_level")) !=
		    json_integer_value(json_object_get(c, "to_level")))
			fprintf(fp, "%slevel %lld -> %lld",
			    strcmp(what, "level") == 0 ? "" : ", ",
			    (long long)json_integer_value(json_object_get(c,
			    "from_level")),
			    (long long)json_integer_value(json_object_get(c,
			    "to_level")));
		fputc('\n', fp);
	}
	json_decref(d);
	return ferror(fp) ? -1 : 0;
}

struct job {
	const struct ha_profile	*p;
	const struct ha_profile	*from;	/* NULL: list p */
	int			 json;
};

static int
write_job(FILE *fp, void *arg)
{
	const struct job *j = arg;
	json_t *doc;
	int rc;

	if (!j->json)
		return j->from != NULL ? ha_listing_diff_print(fp, j->from,
		    j->p) : ha_listing_print(fp, j->p);
	doc = j->from != NULL ? ha_listing_diff_json(j->from, j->p) :
	    ha_listing_json(j->p);
	rc = json_dumpf(doc, fp, JSON_INDENT(2)) < 0 || fputc('\n', fp) ==
	    EOF ? -1 : 0;
	json_decref(doc);
	return rc;
}

int
ha_listing_write(const struct ha_profile *p, const char *diff_from,
    const char *format, const char *path, FILE *stream)
{
	struct ha_profile from;
	struct job j = { p, NULL, 0 };
	int rc = 0;

	if (strcmp(format, "json") == 0)
		j.json = 1;
	else if (strcmp(format, "text") != 0)
		return ha_error("%s: format '%s': text or json only",
		    diff_from != NULL ? "--benchmark-diff" : "-l", format);
	memset(&from, 0, sizeof(from));
	if (diff_from != NULL) {
		if (ha_profile_load(diff_from, &from) < 0)
			return -1;
		j.from = &from;
	}
	if (path != NULL) {
		if (ha_write_atomic(path, LIST_MODE, write_job, &j) < 0)
			rc = -2;
	} else if (write_job(stream, &j) < 0 || fflush(stream) == EOF) {
		rc = -2;
		ha_error("cannot write the %s: %s", diff_from != NULL ?
		    "benchmark difference" : "list of checks",
		    strerror(errno));
	}
	ha_profile_release(&from);
	return rc;
}

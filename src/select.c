/* SPDX-License-Identifier: Apache-2.0 */
/*
 * select.c - what to audit: checks by level, id, number or section, and
 * containers by name glob or label.  See ha_select.h.
 */
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>

#include "ha_facts.h"
#include "ha_report.h"
#include "ha_select.h"
#include "ha_util.h"
#include "banned.h"

int
ha_select_add(char ***list, size_t *n, const char *csv)
{
	const char *p = csv, *comma;
	size_t add = 1, i;

	for (comma = csv; *comma != '\0'; comma++)
		if (*comma == ',')
			add++;
	for (p = csv;; p = comma + 1) {	/* refuse empty items first */
		comma = strchr(p, ',');
		if ((comma ? (size_t)(comma - p) : strlen(p)) == 0)
			return -1;
		if (comma == NULL)
			break;
	}
	*list = ha_xreallocarray(*list, *n + add, sizeof(**list));
	for (p = csv, i = 0; i < add; i++, p = comma + 1) {
		comma = strchr(p, ',');
		(*list)[(*n)++] = comma ? ha_xstrndup(p, (size_t)(comma - p)) :
		    ha_xstrdup(p);
		if (comma == NULL)
			break;
	}
	return 0;
}

static void
free_list(char **list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

void
ha_select_release(struct ha_select *s)
{
	free_list(s->checks, s->nchecks);
	free_list(s->skip, s->nskip);
	free_list(s->containers, s->ncontainers);
	free_list(s->exclude, s->nexclude);
	free_list(s->labels, s->nlabels);
	memset(s, 0, sizeof(*s));
}

/* "1.1" names "1.1" and "1.1.x" (whole dotted components), not "1.10". */
static int
ref_prefix(const char *pattern, const char *ref)
{
	size_t n = strlen(pattern);

	return strncmp(pattern, ref, n) == 0 &&
	    (ref[n] == '\0' || ref[n] == '.');
}

int
ha_select_match(const char *pattern, const struct ha_profile_entry *e)
{
	return strcmp(pattern, e->check->id) == 0 ||
	    fnmatch(pattern, e->check->id, 0) == 0 ||
	    ref_prefix(pattern, e->ref);
}

static int
any_match(char *const *list, size_t n, const struct ha_profile_entry *e)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (ha_select_match(list[i], e))
			return 1;
	return 0;
}

int
ha_select_entry(const struct ha_select *s, const struct ha_profile_entry *e)
{
	if (s->level > 0 && e->level > s->level)
		return 0;
	if (s->nchecks > 0 && !any_match(s->checks, s->nchecks, e))
		return 0;
	return !any_match(s->skip, s->nskip, e);
}

/* Each pattern of list must name some entry of p. */
static int
all_used(const char *opt, char *const *list, size_t n,
    const struct ha_profile *p)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < p->nentries; j++)
			if (ha_select_match(list[i], &p->entries[j]))
				break;
		if (j == p->nentries)
			return ha_error("%s '%s': no check of profile '%s' has "
			    "that id or number", opt, list[i], p->name);
	}
	return 0;
}

int
ha_select_profile(const struct ha_select *s, struct ha_profile *p)
{
	size_t i, n = 0;

	if (all_used("--checks", s->checks, s->nchecks, p) < 0 ||
	    all_used("--skip", s->skip, s->nskip, p) < 0)
		return -1;
	for (i = 0; i < p->nentries; i++) {
		struct ha_profile_entry *e = &p->entries[i];

		if (ha_select_entry(s, e)) {
			p->entries[n++] = *e;
			continue;
		}
		free(e->ref);
		free(e->section);
		json_decref(e->params);
	}
	p->nentries = n;
	return 0;
}

static int
glob_any(char *const *list, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (fnmatch(list[i], name, 0) == 0)
			return 1;
	return 0;
}

/* KEY or KEY=VALUE against the container's Config.Labels. */
int
ha_select_label(const char *want, const json_t *obj)
{
	const json_t *labels = json_object_get(json_object_get(obj, "Config"),
	    "Labels");
	const char *eq = strchr(want, '='), *v;
	char *key;
	int ok;

	key = eq ? ha_xstrndup(want, (size_t)(eq - want)) : ha_xstrdup(want);
	v = json_string_value(json_object_get(labels, key));
	ok = v != NULL && (eq == NULL || strcmp(v, eq + 1) == 0);
	free(key);
	return ok;
}

int
ha_select_container(const struct ha_select *s, const json_t *obj)
{
	const char *name = ha_facts_object_name(obj);
	size_t i;

	if (s->ncontainers > 0 && !glob_any(s->containers, s->ncontainers,
	    name))
		return 0;
	if (glob_any(s->exclude, s->nexclude, name))
		return 0;
	for (i = 0; i < s->nlabels; i++)
		if (!ha_select_label(s->labels[i], obj))
			return 0;
	return 1;
}

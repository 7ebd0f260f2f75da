/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ha_select.h - choosing what to audit from the command line: checks by
 * level, id, CIS number or section (--level, --checks, --skip) and
 * containers by name glob or label (--container, --exclude-container,
 * --label).
 *
 * Check patterns: a check id ("daemon.icc"), an id glob ("container.*"),
 * or a number matched by whole dotted components: "1.1" matches 1.1 and
 * 1.1.x but not 1.10; "5" matches section 5.  Container patterns are
 * fnmatch(3) globs on names without the leading slash.
 *
 * struct ha_select owns its lists; ha_select_release() frees them and
 * accepts a zeroed struct.
 */
#ifndef HA_SELECT_H
#define HA_SELECT_H

#include <stddef.h>

#include <jansson.h>

struct ha_profile;
struct ha_profile_entry;

struct ha_select {
	int	  level;	/* 0: any; 1: level 1 only; 2: levels 1 and 2 */
	char	**checks;	/* --checks: keep only these */
	size_t	  nchecks;
	char	**skip;		/* --skip: drop these */
	size_t	  nskip;
	char	**containers;	/* --container globs: keep only these */
	size_t	  ncontainers;
	char	**exclude;	/* --exclude-container globs */
	size_t	  nexclude;
	char	**labels;	/* --label KEY or KEY=VALUE: all must hold */
	size_t	  nlabels;
};

/*
 * Add the comma-separated items of csv to a list (e.g. &s->skip,
 * &s->nskip).  -1 (nothing added) when an item is empty.
 */
int	 ha_select_add(char ***list, size_t *n, const char *csv);
void	 ha_select_release(struct ha_select *s);

/* 1 when pattern names the entry (id, id glob, or number prefix). */
int	 ha_select_match(const char *pattern,
	    const struct ha_profile_entry *e);
/* 1 when the selection keeps the entry. */
int	 ha_select_entry(const struct ha_select *s,
	    const struct ha_profile_entry *e);
/*
 * Remove the entries the selection does not keep from p.  Returns 0, or
 * -1 after ha_error() when a --checks or --skip pattern names nothing in
 * the profile (p is then unchanged).
 */
int	 ha_select_profile(const struct ha_select *s, struct ha_profile *p);
/* 1 when the container (an inspect object) has the label KEY[=VALUE]. */
int	 ha_select_label(const char *want, const json_t *obj);
/* 1 when the container (an inspect object) is to be audited. */
int	 ha_select_container(const struct ha_select *s, const json_t *obj);

#endif

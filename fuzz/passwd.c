/* SPDX-License-Identifier: Apache-2.0 */
/*
 * passwd.c - fuzz the passwd(5) and group(5) parsers (src/passwd.c) and
 * the docker group fact built from them (group_members() of src/host.c,
 * included to reach it).
 *
 * The input is a passwd text and a group text separated by the first NUL
 * byte (a group text alone when there is none, also parsed as passwd).
 * Every lookup must answer from the table; the docker group fact must
 * list every distinct member (its fourth field, then the users whose
 * primary group it is): a member left out would hide a user with root
 * access through the engine.
 */
#include <stdint.h>

#include "../src/host.c"
#include "fuzz.h"

#define FUZZ_MAX_INPUT	(64 * 1024)

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Add name to names (as UTF-8, as the fact has it) unless listed. */
static void
list(char **names, size_t *n, const char *name)
{
	char *u = ha_utf8_lossy(name);
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp(names[i], u) == 0)
			break;
	if (i == *n)
		names[(*n)++] = u;
	else
		free(u);
}

/* The distinct members group_members() should list. */
static size_t
expected(const struct ha_passwd *pw, const struct ha_group *g)
{
	char **names;
	size_t i, n = 0;

	names = ha_xcalloc(g->nmembers + pw->nusers + 1, sizeof(*names));
	for (i = 0; i < g->nmembers; i++)
		list(names, &n, g->members[i]);
	for (i = 0; i < pw->nusers; i++)
		if (pw->users[i].gid == g->gid)
			list(names, &n, pw->users[i].name);
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct ha_group *g;
	struct ha_passwd pw;
	json_t *fact;
	char *users, *groups;
	size_t i;

	if (size > FUZZ_MAX_INPUT)
		return -1;
	fuzz_quiet();
	users = ha_xstrndup((const char *)data, size);
	i = strlen(users);
	groups = ha_xstrndup(i < size ? (const char *)data + i + 1 :
	    (const char *)data, i < size ? size - i - 1 : size);
	ha_passwd_init(&pw);
	if (ha_passwd_parse_users(&pw, users) != pw.nusers ||
	    ha_passwd_parse_groups(&pw, groups) != pw.ngroups)
		abort();
	for (i = 0; i < pw.nusers; i++)
		if (ha_passwd_user_name(&pw, pw.users[i].uid) == NULL)
			abort();
	for (i = 0; i < pw.ngroups; i++)
		if (ha_passwd_group_name(&pw, pw.groups[i].gid) == NULL ||
		    ha_passwd_group_by_name(&pw, pw.groups[i].name) == NULL)
			abort();
	g = ha_passwd_group_by_name(&pw, "docker");
	fact = group_members(&pw, "docker");
	if ((g == NULL) != (fact == NULL))
		abort();
	if (g != NULL && json_array_size(json_object_get(fact, "members")) !=
	    expected(&pw, g))
		abort();
	json_decref(fact);
	ha_passwd_release(&pw);
	free(users);
	free(groups);
	return 0;
}

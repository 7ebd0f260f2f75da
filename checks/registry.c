/* SPDX-License-Identifier: Apache-2.0 */
/*
 * registry.c - the one list of every check.  Each checks/<section>.c file
 * exports a table terminated by an entry whose id is NULL; this file
 * gathers the tables in benchmark order.  The built-in list is static;
 * beside it, the custom checks of the loaded profiles (src/custom.c) are
 * borrowed for lookups by id only.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "ha_check.h"
#include "checks.h"
#include "banned.h"

static const struct ha_check *const tables[] = {
	ha_checks_host,		/* 1: host configuration */
	ha_checks_daemon,	/* 2: daemon configuration */
	ha_checks_files,	/* 3: daemon configuration files */
	ha_checks_images,	/* 4: images and build files */
	ha_checks_runtime,	/* 5: container runtime */
	ha_checks_secops,	/* 6: security operations */
	ha_checks_swarm,	/* 7: swarm */
	ha_checks_extra,	/* hostaudit's own checks */
	ha_checks_exposure,	/* and the probe of the tcp listeners */
};

static const struct ha_check **all;
static size_t nall;

static void
build(void)
{
	size_t i, n = 0;
	const struct ha_check *c;

	if (all != NULL)
		return;
	for (i = 0; i < HA_ARRAY_SIZE(tables); i++)
		for (c = tables[i]; c->id != NULL; c++)
			n++;
	all = ha_xcalloc(n, sizeof(*all));
	for (i = 0; i < HA_ARRAY_SIZE(tables); i++)
		for (c = tables[i]; c->id != NULL; c++)
			all[nall++] = c;
}

size_t
ha_registry_count(void)
{
	build();
	return nall;
}

const struct ha_check *
ha_registry_at(size_t i)
{
	build();
	return i < nall ? all[i] : NULL;
}

const struct ha_check *
ha_registry_builtin(const char *id)
{
	size_t i;

	build();
	for (i = 0; i < nall; i++)
		if (strcmp(all[i]->id, id) == 0)
			return all[i];
	return NULL;
}

/* Custom checks of loaded profiles, borrowed; in the order added. */
static const struct ha_check **custom;
static size_t ncustom, acustom;

const struct ha_check *
ha_registry_find(const char *id)
{
	const struct ha_check *c = ha_registry_builtin(id);
	size_t i;

	for (i = 0; c == NULL && i < ncustom; i++)
		if (strcmp(custom[i]->id, id) == 0)
			c = custom[i];
	return c;
}

void
ha_registry_add_custom(const struct ha_check *c)
{
	if (ncustom == acustom) {
		acustom = acustom ? acustom * 2 : 16;
		custom = ha_xreallocarray(custom, acustom, sizeof(*custom));
	}
	custom[ncustom++] = c;
}

void
ha_registry_remove_custom(const struct ha_check *c)
{
	size_t i;

	for (i = 0; i < ncustom; i++)
		if (custom[i] == c) {
			memmove(&custom[i], &custom[i + 1],
			    (ncustom - i - 1) * sizeof(*custom));
			ncustom--;
			break;
		}
	if (ncustom == 0) {	/* nothing left for a leak checker */
		free(custom);
		custom = NULL;
		acustom = 0;
	}
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_registry.c - invariants of the check registry and of the shipped
 * profiles: ids unique and well-formed, texts present, every profile id
 * registered, every check in the default profile and in the man page.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ha_buf.h"
#include "ha_report.h"
#include "ha_util.h"

static int
well_formed(const char *id)
{
	const char *p;
	int dot = 0;

	if (id[0] < 'a' || id[0] > 'z')
		return 0;
	for (p = id; *p != '\0'; p++) {
		if (*p == '.')
			dot++;
		else if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' &&
		    *p <= '9') || *p == '-'))
			return 0;
	}
	return dot == 1 && p[-1] != '.' && p[-1] != '-';
}

static void
test_ids_and_texts(void **state)
{
	size_t i, j, n = ha_registry_count();

	(void)state;
	assert_true(n >= 117);
	for (i = 0; i < n; i++) {
		const struct ha_check *c = ha_registry_at(i);

		if (!well_formed(c->id))
			fail_msg("malformed id '%s'", c->id);
		for (j = 0; j < i; j++)
			if (strcmp(c->id, ha_registry_at(j)->id) == 0)
				fail_msg("duplicate id '%s'", c->id);
		if (c->title == NULL || *c->title == '\0' ||
		    c->remediation == NULL || *c->remediation == '\0' ||
		    c->rationale == NULL || *c->rationale == '\0' ||
		    c->audit == NULL || *c->audit == '\0')
			fail_msg("'%s' lacks title, rationale, audit or "
			    "remediation", c->id);
		if (c->level != 1 && c->level != 2)
			fail_msg("'%s' has level %d", c->id, c->level);
		if ((unsigned)c->scope >= HA_SCOPE_COUNT ||
		    (unsigned)c->severity >= HA_SEV_COUNT)
			fail_msg("'%s' has a bad scope or severity", c->id);
		if (c->eval_target != NULL && c->scope != HA_SCOPE_CONTAINER &&
		    c->scope != HA_SCOPE_IMAGE)
			fail_msg("'%s': per-target evaluation needs container "
			    "or image scope", c->id);
		assert_ptr_equal(ha_registry_find(c->id), c);
	}
	assert_null(ha_registry_find("no.such-check"));
}

/*
 * Every check is in the default profile (cis-docker-1.8.0) or, for one
 * that the benchmark dropped (1.1.9's docker.socket unit), in 1.6.0.
 */
static void
test_default_profile_covers_registry(void **state)
{
	struct ha_profile p, old;
	size_t i, j;
	int found;

	(void)state;
	assert_int_equal(ha_profile_load("profiles/cis-docker-1.8.0.json", &p),
	    0);
	assert_int_equal(ha_profile_load("profiles/cis-docker-1.6.0.json",
	    &old), 0);
	assert_int_equal(p.nentries, ha_registry_count() - 1);
	for (i = 0; i < ha_registry_count(); i++) {
		found = 0;
		for (j = 0; j < p.nentries; j++)
			found |= p.entries[j].check == ha_registry_at(i);
		for (j = 0; j < old.nentries && !found; j++)
			found |= old.entries[j].check == ha_registry_at(i) &&
			    strcmp(old.entries[j].ref, "1.1.9") == 0;
		if (!found)
			fail_msg("'%s' is not in cis-docker-1.8.0",
			    ha_registry_at(i)->id);
	}
	ha_profile_release(&p);
	ha_profile_release(&old);
}

static void
test_man_page_lists_every_check(void **state)
{
	struct ha_buf b;
	char *needle;
	size_t i;

	(void)state;
	ha_buf_init(&b, HA_BUF_NOCAP);
	if (ha_buf_read_file(&b, "man/hostaudit.8", 0) < 0)
		fail_msg("cannot read man/hostaudit.8");
	for (i = 0; i < ha_registry_count(); i++) {
		/* mdoc escapes '-' as '\-' in the check list */
		struct ha_buf id;
		const char *p;

		ha_buf_init(&id, HA_BUF_NOCAP);
		for (p = ha_registry_at(i)->id; *p != '\0'; p++) {
			if (*p == '-')
				ha_buf_addch(&id, '\\');
			ha_buf_addch(&id, *p);
		}
		needle = ha_xasprintf("%s", id.data);
		if (strstr(b.data, needle) == NULL &&
		    strstr(b.data, ha_registry_at(i)->id) == NULL)
			fail_msg("'%s' is not in man/hostaudit.8",
			    ha_registry_at(i)->id);
		free(needle);
		ha_buf_release(&id);
	}
	ha_buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids_and_texts),
		cmocka_unit_test(test_default_profile_covers_registry),
		cmocka_unit_test(test_man_page_lists_every_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

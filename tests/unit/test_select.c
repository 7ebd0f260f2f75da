/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_select.c - choosing checks (level, id, number, section) and
 * containers.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ha_report.h"
#include "ha_select.h"
#include "ha_util.h"
#include "helper_checks.h"

/* The last error message; the setup and teardown capture it. */
#define msg	ha_test_msg
#define setup	ha_test_capture_setup
#define teardown ha_test_capture_teardown

static const char profile_text[] =
    "{\"name\": \"t\", \"checks\": ["
    "{\"id\": \"host.data-root-partition\", \"ref\": \"1.1.1\", \"level\": 2},"
    "{\"id\": \"host.docker-group\", \"ref\": \"1.1.2\", \"level\": 2},"
    "{\"id\": \"host.audit-dockerd\", \"ref\": \"1.10\", \"level\": 1},"
    "{\"id\": \"daemon.icc\", \"ref\": \"2.2\", \"level\": 1},"
    "{\"id\": \"container.privileged\", \"ref\": \"5.5\", \"level\": 1},"
    "{\"id\": \"container.sshd\", \"ref\": \"5.7\", \"level\": 1},"
    "{\"id\": \"container.user\", \"ref\": \"4.1\", \"level\": 1}]}";

static void
load(struct ha_profile *p)
{
	assert_int_equal(ha_profile_parse(profile_text, strlen(profile_text),
	    "t.json", p), 0);
}

/* The ids left in p, space-separated, into buf. */
static const char *
ids(const struct ha_profile *p, char *buf, size_t len)
{
	size_t i, off = 0;

	buf[0] = '\0';
	for (i = 0; i < p->nentries && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%s",
		    i ? " " : "", p->entries[i].check->id);
	return buf;
}

static void
test_add_lists(void **state)
{
	struct ha_select s = { 0 };

	(void)state;
	assert_int_equal(ha_select_add(&s.skip, &s.nskip, "1.1,5.7"), 0);
	assert_int_equal(ha_select_add(&s.skip, &s.nskip, "daemon.icc"), 0);
	assert_int_equal(s.nskip, 3);
	assert_string_equal(s.skip[0], "1.1");
	assert_string_equal(s.skip[1], "5.7");
	assert_string_equal(s.skip[2], "daemon.icc");
	assert_int_equal(ha_select_add(&s.skip, &s.nskip, "2.2,,3"), -1);
	assert_int_equal(ha_select_add(&s.skip, &s.nskip, ""), -1);
	assert_int_equal(ha_select_add(&s.skip, &s.nskip, "4,"), -1);
	assert_int_equal(s.nskip, 3);		/* nothing added on error */
	ha_select_release(&s);
	assert_null(s.skip);
}

static void
test_match_forms(void **state)
{
	struct ha_profile p;

	(void)state;
	load(&p);
	/* by id, by glob, by number prefix of whole components */
	assert_true(ha_select_match("daemon.icc", &p.entries[3]));
	assert_true(ha_select_match("container.*", &p.entries[4]));
	assert_false(ha_select_match("container.*", &p.entries[3]));
	assert_true(ha_select_match("1.1", &p.entries[0]));	/* 1.1.1 */
	assert_true(ha_select_match("1.1.2", &p.entries[1]));
	assert_false(ha_select_match("1.1", &p.entries[2]));	/* 1.10 */
	assert_true(ha_select_match("1", &p.entries[2]));
	assert_true(ha_select_match("5", &p.entries[5]));
	assert_false(ha_select_match("5.", &p.entries[5]));
	assert_false(ha_select_match("2.22", &p.entries[3]));
	ha_profile_release(&p);
}

static void
test_profile_selection(void **state)
{
	struct ha_select s = { 0 };
	struct ha_profile p;
	char buf[512];

	(void)state;
	load(&p);
	s.level = 1;
	assert_int_equal(ha_select_profile(&s, &p), 0);
	assert_string_equal(ids(&p, buf, sizeof(buf)), "host.audit-dockerd "
	    "daemon.icc container.privileged container.sshd container.user");
	ha_profile_release(&p);

	load(&p);
	s.level = 0;
	assert_int_equal(ha_select_add(&s.skip, &s.nskip, "1.1,5.7"), 0);
	assert_int_equal(ha_select_profile(&s, &p), 0);
	assert_string_equal(ids(&p, buf, sizeof(buf)), "host.audit-dockerd "
	    "daemon.icc container.privileged container.user");
	ha_profile_release(&p);

	load(&p);
	assert_int_equal(ha_select_add(&s.checks, &s.nchecks, "5,1"), 0);
	assert_int_equal(ha_select_profile(&s, &p), 0);
	assert_string_equal(ids(&p, buf, sizeof(buf)),
	    "host.audit-dockerd container.privileged");
	ha_profile_release(&p);
	ha_select_release(&s);

	/* A pattern that names nothing is an error; p is left alone. */
	load(&p);
	assert_int_equal(ha_select_add(&s.skip, &s.nskip, "9.9"), 0);
	assert_int_equal(ha_select_profile(&s, &p), -1);
	assert_string_equal(msg, "--skip '9.9': no check of profile 't' has "
	    "that id or number");
	assert_int_equal(p.nentries, 7);
	ha_select_release(&s);
	assert_int_equal(ha_select_add(&s.checks, &s.nchecks, "nope.*"), 0);
	assert_int_equal(ha_select_profile(&s, &p), -1);
	assert_non_null(strstr(msg, "--checks 'nope.*'"));
	ha_select_release(&s);
	ha_profile_release(&p);
}

#define CTR(n, labels, priv) "{'Id': 'id-" n "', 'Name': '/" n "', " \
	"'State': {'Status': 'running'}, 'Config': {'Image': 'busybox', " \
	"'Labels': {" labels "}}, 'HostConfig': {'Privileged': " priv "}}"
#define FACTS "{'host': {'self_container_id': 'id-self'}, " \
	"'engine': {'status': 'ok', 'containers': [" \
	CTR("web-1", "'tier': 'front'", "true") "," \
	CTR("web-2", "'tier': 'back'", "true") "," \
	CTR("db", "'tier': 'back', 'pci': 'yes'", "false") "," \
	CTR("self", "", "true") "]}}"

/* Run container.privileged over FACTS with s; the target names. */
static const char *
run_sel(const struct ha_select *s, char *buf, size_t len,
    enum ha_status *st)
{
	const struct ha_check *c = ha_registry_find("container.privileged");
	struct ha_result r;
	struct ha_ctx ctx;
	char *text = ha_xstrdup(FACTS), *q;
	json_t *facts;
	size_t i, off = 0;

	for (q = text; *q != '\0'; q++)
		if (*q == '\'')
			*q = '"';
	facts = ha_test_json(text);
	free(text);
	buf[0] = '\0';
	ctx.facts = facts;
	ctx.params = NULL;
	ha_result_init(&r, c, NULL);
	ha_check_run_select(c, &ctx, s, &r);
	for (i = 0; i < r.ntargets && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%s",
		    i ? " " : "", r.targets[i].name);
	*st = r.status;
	ha_result_release(&r);
	json_decref(facts);
	return buf;
}

static void
test_containers(void **state)
{
	struct ha_select s = { 0 };
	enum ha_status st;
	char buf[256];

	(void)state;
	/* hostaudit's own container is never a target */
	assert_string_equal(run_sel(NULL, buf, sizeof(buf), &st),
	    "web-1 web-2 db");
	assert_int_equal(st, HA_FAIL);
	assert_int_equal(ha_select_add(&s.containers, &s.ncontainers,
	    "web-*"), 0);
	assert_string_equal(run_sel(&s, buf, sizeof(buf), &st), "web-1 web-2");
	assert_int_equal(ha_select_add(&s.exclude, &s.nexclude, "*-2"), 0);
	assert_string_equal(run_sel(&s, buf, sizeof(buf), &st), "web-1");
	ha_select_release(&s);

	s.labels = ha_xcalloc(2, sizeof(*s.labels));
	s.labels[s.nlabels++] = ha_xstrdup("tier=back");
	assert_string_equal(run_sel(&s, buf, sizeof(buf), &st), "web-2 db");
	s.labels[s.nlabels++] = ha_xstrdup("pci");
	assert_string_equal(run_sel(&s, buf, sizeof(buf), &st), "db");
	assert_int_equal(st, HA_PASS);		/* the failing ones are gone */
	ha_select_release(&s);

	assert_int_equal(ha_select_add(&s.containers, &s.ncontainers,
	    "nothing*"), 0);
	assert_string_equal(run_sel(&s, buf, sizeof(buf), &st), "");
	assert_int_equal(st, HA_SKIP);
	ha_select_release(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_add_lists, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_match_forms, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_profile_selection, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_containers, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* test_profile.c - profile parsing, validation messages and loading. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "ha_buf.h"
#include "ha_report.h"
#include "ha_util.h"

static char msg[1024];

static void
capture(enum ha_msg_level lvl, const char *m, void *arg)
{
	(void)lvl;
	(void)arg;
	snprintf(msg, sizeof(msg), "%s", m);
}

static int
setup(void **state)
{
	(void)state;
	msg[0] = '\0';
	ha_set_error_routine(capture, NULL);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	ha_set_error_routine(NULL, NULL);
	return 0;
}

/* A registered check id that is automated, and one that is manual. */
static const char *
some_id(int manual)
{
	size_t i;

	for (i = 0; i < ha_registry_count(); i++) {
		const struct ha_check *c = ha_registry_at(i);
		int is_manual = c->eval == NULL && c->eval_target == NULL;

		if (is_manual == manual)
			return c->id;
	}
	return NULL;
}

/* Parse tmpl with every "%s" replaced by id. */
static int
parse(const char *tmpl, const char *id, struct ha_profile *p)
{
	struct ha_buf b;
	const char *s;
	int rc;

	ha_buf_init(&b, HA_BUF_NOCAP);
	for (s = tmpl; *s != '\0'; s++) {
		if (s[0] == '%' && s[1] == 's') {
			ha_buf_addstr(&b, id);
			s++;
		} else {
			ha_buf_addch(&b, *s);
		}
	}
	rc = ha_profile_parse(b.data, b.len, "p.json", p);
	ha_buf_release(&b);
	return rc;
}

static void
test_valid_defaults(void **state)
{
	struct ha_profile p;
	const char *id = some_id(0);

	(void)state;
	assert_non_null(id);
	assert_int_equal(parse("{\"name\":\"t\",\"sections\":[{\"id\":\"2\","
	    "\"title\":\"Daemon\"}],\"checks\":[{\"id\":\"%s\","
	    "\"ref\":\"2.2\"}]}", id, &p), 0);
	assert_string_equal(p.name, "t");
	assert_string_equal(p.title, "t");
	assert_int_equal(p.nentries, 1);
	assert_string_equal(p.entries[0].ref, "2.2");
	assert_string_equal(p.entries[0].section, "2");
	assert_int_equal(p.entries[0].scored, 1);
	assert_true(p.entries[0].weight == 1.0);
	assert_int_equal(p.entries[0].level, p.entries[0].check->level);
	assert_string_equal(ha_profile_section_title(&p, "2"), "Daemon");
	assert_string_equal(ha_profile_section_title(&p, "9"), "9");
	ha_profile_release(&p);
}

static void
test_overrides_and_manual_unscored(void **state)
{
	struct ha_profile p;
	const char *id = some_id(1);

	(void)state;
	assert_non_null(id);
	assert_int_equal(parse("{\"name\":\"t\",\"checks\":[{\"id\":\"%s\","
	    "\"ref\":\"1.2.1\",\"level\":2,\"weight\":3,\"scored\":true,"
	    "\"severity\":\"high\",\"params\":{\"x\":1}}]}", id, &p), 0);
	assert_int_equal(p.entries[0].level, 2);
	assert_true(p.entries[0].weight == 3.0);
	assert_int_equal(p.entries[0].severity, HA_SEV_HIGH);
	assert_int_equal(p.entries[0].scored, 0);	/* manual */
	assert_string_equal(p.entries[0].section, "1");
	assert_int_equal(json_integer_value(json_object_get(
	    p.entries[0].params, "x")), 1);
	ha_profile_release(&p);
}

struct bad {
	const char	*text;
	const char	*want;
};

static void
test_errors(void **state)
{
	static const struct bad cases[] = {
		{ "{\"name\": \"t\",\n \"checks\": [}", "'p.json':2:13: " },
		{ "[]", "a profile must be a JSON object" },
		{ "{\"checks\":[]}", "'name' (a string) is required" },
		{ "{\"name\":\"t\",\"bogus\":1,\"checks\":[]}",
		    "unknown key 'bogus'" },
		{ "{\"name\":\"t\",\"checks\":{}}", "'checks' must be an array" },
		{ "{\"name\":\"t\",\"checks\":[{\"id\":\"no.such\","
		    "\"ref\":\"1\"}]}", "checks[0] ('no.such'): unknown check "
		    "id" },
		{ "{\"name\":\"t\",\"checks\":[{\"id\":\"%s\"}]}",
		    "'ref' is required" },
		{ "{\"name\":\"t\",\"checks\":[{\"id\":\"%s\",\"ref\":\"1\","
		    "\"level\":3}]}", "'level' must be 1 or 2" },
		{ "{\"name\":\"t\",\"checks\":[{\"id\":\"%s\",\"ref\":\"1\","
		    "\"level\":\"1\"}]}", "'level' has the wrong type" },
		{ "{\"name\":\"t\",\"checks\":[{\"id\":\"%s\",\"ref\":\"1\","
		    "\"weight\":-1}]}", "'weight' must be a number" },
		{ "{\"name\":\"t\",\"checks\":[{\"id\":\"%s\",\"ref\":\"1\","
		    "\"severity\":\"huge\"}]}", "'severity' must be" },
		{ "{\"name\":\"t\",\"checks\":[{\"id\":\"%s\",\"ref\":\"1\","
		    "\"colour\":1}]}", "unknown key 'colour'" },
		{ "{\"name\":\"t\",\"checks\":[{\"id\":\"%s\",\"ref\":\"1\"},"
		    "{\"id\":\"%s\",\"ref\":\"2\"}]}", "checks[1]" },
		{ "{\"name\":\"t\",\"checks\":[{\"id\":\"%s\",\"ref\":\"1\"},"
		    "{\"id\":\"%s\",\"ref\":\"2\"}]}", "duplicate check id" },
		{ "{\"name\":\"t\",\"name\":\"u\",\"checks\":[]}",
		    "duplicate object key" },
	};
	struct ha_profile p;
	size_t i;

	(void)state;
	for (i = 0; i < HA_ARRAY_SIZE(cases); i++) {
		msg[0] = '\0';
		assert_int_equal(parse(cases[i].text, some_id(0), &p), -1);
		if (strstr(msg, cases[i].want) == NULL)
			fail_msg("case %zu: '%s' lacks '%s'", i, msg,
			    cases[i].want);
		assert_int_equal(p.nentries, 0);	/* released */
	}
}

static void
test_load_refuses_writable(void **state)
{
	char dir[] = "/tmp/ha-test-prof-XXXXXX", path[256];
	struct ha_profile p;
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/x.json", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fprintf(fp, "{\"name\":\"x\",\"checks\":[]}");
	fclose(fp);
	chmod(path, 0644);
	assert_int_equal(ha_profile_load(path, &p), 0);
	assert_string_equal(p.path, path);
	ha_profile_release(&p);
	chmod(path, 0664);
	assert_int_equal(ha_profile_load(path, &p), -1);
	assert_non_null(strstr(msg, "group- or world-writable"));
	chmod(path, 0646);
	assert_int_equal(ha_profile_load(path, &p), -1);
	unlink(path);
	assert_int_equal(ha_profile_load(path, &p), -1);
	assert_non_null(strstr(msg, "No such file"));
	rmdir(dir);
	assert_int_equal(ha_profile_load("../etc", &p), -1);
	assert_int_equal(ha_profile_load("no-such-profile", &p), -1);
	assert_non_null(strstr(msg, "profile 'no-such-profile' not found"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_valid_defaults, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_overrides_and_manual_unscored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_refuses_writable,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_baseline.c - reading a baseline report: its errors point into the
 * file (file:line:column, the name unquoted) as editors expect.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "ha_baseline.h"
#include "ha_report.h"
#include "ha_util.h"
#include "helper_checks.h"

/* The last error message; the setup and teardown capture it. */
#define msg	ha_test_msg
#define setup	ha_test_capture_setup
#define teardown ha_test_capture_teardown

struct bad {
	const char	*text;
	const char	*want;	/* after "DIR/b.json:" */
};

static void
test_load_errors(void **state)
{
	static const struct bad cases[] = {
		/* the syntax error of tests/golden/bad-baseline.json */
		{ "{\"schema\": \"" HA_REPORT_SCHEMA "\",\n"
		    "  \"results\": [1, 2,]\n}\n",
		    "2:20: unexpected token near ']'" },
		/* truncated: the end of the last line, not the line after */
		{ "{\"schema\": \"" HA_REPORT_SCHEMA "\",\n"
		    "  \"results\": [\n",
		    "2:15: ']' expected near end of file" },
		{ "{\"schema\": \"hostaudit-facts/1\",\n \"results\": []}",
		    "1:12: not a hostaudit JSON report: schema is not '" },
		{ "{\"schema\": \"" HA_REPORT_SCHEMA "\",\n \"results\": {}}",
		    "2:13: not a hostaudit JSON report: 'results' is not an "
		    "array" },
		{ "\n  [1]", "2:3: not a hostaudit JSON report: schema is "
		    "not '" },
	};
	char dir[] = "/tmp/ha-test-base-XXXXXX", path[256], want[512];
	json_t *doc;
	FILE *fp;
	size_t i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/b.json", dir);
	for (i = 0; i < HA_ARRAY_SIZE(cases); i++) {
		assert_non_null(fp = fopen(path, "w"));
		fputs(cases[i].text, fp);
		assert_int_equal(fclose(fp), 0);
		msg[0] = '\0';
		doc = ha_baseline_load(path);
		assert_null(doc);
		snprintf(want, sizeof(want), "%s:%s", path, cases[i].want);
		if (strncmp(msg, want, strlen(want)) != 0)
			fail_msg("case %zu: '%s' does not start '%s'", i, msg,
			    want);
	}
	assert_int_equal(unlink(path), 0);
	assert_null(ha_baseline_load(path));
	assert_non_null(strstr(msg, "cannot read baseline '"));
	assert_int_equal(rmdir(dir), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_load_errors, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

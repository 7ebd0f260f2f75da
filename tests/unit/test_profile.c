/* SPDX-License-Identifier: Apache-2.0 */
/* test_profile.c - profile parsing, validation messages and loading. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <unistd.h>

#include <cmocka.h>

#include "ha_buf.h"
#include "ha_jsonpos.h"
#include "ha_report.h"
#include "ha_util.h"
#include "helper_checks.h"

/* The last error message; the setup and teardown capture it. */
#define msg	ha_test_msg
#define setup	ha_test_capture_setup
#define teardown ha_test_capture_teardown

/* Every message of a run, one a line (helper_checks.h). */
#define msgs	ha_test_msgs
#define collect	ha_test_collect

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
	    "\"severity\":\"high\"},{\"id\":\"swarm.manager-count\","
	    "\"ref\":\"7.1\",\"params\":{\"max_managers\":1}}]}", id,
	    &p), 0);
	assert_int_equal(p.entries[0].level, 2);
	assert_true(p.entries[0].weight == 3.0);
	assert_int_equal(p.entries[0].severity, HA_SEV_HIGH);
	assert_int_equal(p.entries[0].scored, 0);	/* manual */
	assert_string_equal(p.entries[0].section, "1");
	assert_null(p.entries[0].params);
	assert_int_equal(json_integer_value(json_object_get(
	    p.entries[1].params, "max_managers")), 1);
	ha_profile_release(&p);
}

struct bad {
	const char	*text;
	const char	*want;
};

/*
 * Every validation message, with the line and column of the value (or
 * key) at fault.  "%s" is daemon.icc; each case is one JSON text whose
 * lines are short enough to count by eye.
 */
static void
test_errors(void **state)
{
	static const struct bad cases[] = {
		{ "{\"name\": \"t\",\n \"checks\": [}", "p.json:2:13: " },
		{ "[]", "p.json:1:1: a profile must be a JSON object" },
		{ "{\"checks\":[]}",
		    "p.json:1:1: 'name' (a string) is required" },
		{ "{\"name\":\"t\",\n \"bogus\":1,\"checks\":[]}",
		    "p.json:2:2: unknown key 'bogus'" },
		{ "{\"name\":\"t\",\n \"checks\":{}}",
		    "p.json:2:11: 'checks' must be an array" },
		{ "{\"name\":\"t\"}", "p.json:1:1: 'checks' (an array) is "
		    "required unless the profile 'extends' another" },
		{ "{\"name\":\"t\",\"checks\":[\n"
		    " {\"id\":\"no.such\",\"ref\":\"1\"}]}",
		    "p.json:2:8: checks[0] ('no.such'): unknown check id" },
		{ "{\"name\":\"t\",\"checks\":[\n {\"id\":\"%s\"}]}",
		    "p.json:2:2: checks[0] ('daemon.icc'): 'ref' is "
		    "required" },
		{ "{\"name\":\"t\",\"checks\":[\n {\"ref\":\"1\"}]}",
		    "p.json:2:2: checks[0]: 'id' is required" },
		{ "{\"name\":\"t\",\"checks\":[\n 7]}",
		    "p.json:2:2: checks[0]: must be an object" },
		{ "{\"name\":\"t\",\"checks\":[\n"
		    " {\"id\":\"%s\",\"ref\":\"1\",\n"
		    "  \"level\":3}]}", "p.json:3:11: checks[0] "
		    "('daemon.icc'): 'level' must be 1 or 2" },
		{ "{\"name\":\"t\",\"checks\":[\n"
		    " {\"id\":\"%s\",\"ref\":\"1\",\n"
		    "  \"level\":\"1\"}]}", "p.json:3:11: checks[0] "
		    "('daemon.icc'): 'level' has the wrong type: it must be an "
		    "integer" },
		{ "{\"name\":\"t\",\"checks\":[\n"
		    " {\"id\":\"%s\",\"ref\":\"1\",\n"
		    "  \"weight\":-1}]}", "p.json:3:12: checks[0] "
		    "('daemon.icc'): 'weight' must be a number from 0 to "
		    "1000" },
		{ "{\"name\":\"t\",\"checks\":[\n"
		    " {\"id\":\"%s\",\"ref\":\"1\",\n"
		    "  \"weight\":\"heavy\"}]}", "p.json:3:12: checks[0] "
		    "('daemon.icc'): 'weight' has the wrong type: it must be a "
		    "number" },
		{ "{\"name\":\"t\",\"checks\":[\n"
		    " {\"id\":\"%s\",\"ref\":\"1\",\n"
		    "  \"severity\":\"huge\"}]}",
		    "p.json:3:14: checks[0] ('daemon.icc'): 'severity' must "
		    "be info, low, medium, high or critical" },
		{ "{\"name\":\"t\",\"checks\":[\n"
		    " {\"id\":\"%s\",\"ref\":\"1\",\n"
		    "  \"colour\":1}]}",
		    "p.json:3:3: checks[0] ('daemon.icc'): "
		    "unknown key 'colour'" },
		{ "{\"name\":\"t\",\"checks\":[\n"
		    " {\"id\":\"%s\",\"ref\":\"1\"},\n"
		    " {\"id\":\"%s\",\"ref\":\"2\"}]}",
		    "p.json:3:8: checks[1] ('daemon.icc'): duplicate check "
		    "id (also checks[0])" },
		{ "{\"name\":\"t\",\"name\":\"u\",\"checks\":[]}",
		    "duplicate object key" },
		{ "{\"name\":\"t\",\"checks\":[],\n \"level\":0}",
		    "p.json:2:10: 'level' must be 1 or 2" },
		{ "{\"name\":\"t\",\"checks\":[],\n \"drop\":[\"x.y\"]}",
		    "p.json:2:10: drop[0] ('x.y'): unknown check id" },
		{ "{\"name\":\"t\",\"checks\":[],\n \"drop\":[\"%s\"]}",
		    "p.json:2:10: drop[0] ('daemon.icc'): not a check of the "
		    "profile it extends" },
		{ "{\"name\":\"t\",\"checks\":[],\"sections\":[\n"
		    " {\"id\":\"1\"}]}",
		    "p.json:2:2: sections: each needs string 'id' and "
		    "'title'" },
		{ "{\"name\":\"t\",\"checks\":[],\n \"waivers\":{}}",
		    "p.json:2:12: 'waivers' must be an array" },
		{ "{\"name\":\"t\",\"checks\":[],\"waivers\":[\n"
		    " {\"check\":\"%s\",\"reason\":\"r\",\n"
		    "  \"expires\":\"2026-02-30\"}]}",
		    "p.json:3:13: waivers[0]: 'expires' must be a date "
		    "YYYY-MM-DD, not '2026-02-30'" },
	};
	struct ha_profile p;
	size_t i;

	(void)state;
	for (i = 0; i < HA_ARRAY_SIZE(cases); i++) {
		msg[0] = '\0';
		assert_int_equal(parse(cases[i].text, "daemon.icc", &p), -1);
		if (strstr(msg, cases[i].want) == NULL)
			fail_msg("case %zu: '%s' lacks '%s'", i, msg,
			    cases[i].want);
		assert_int_equal(p.nentries, 0);	/* released */
		assert_null(p.name);
	}
	/* without a parent, "drop" is judged no further */
	collect();
	assert_int_equal(parse("{\"name\":\"t\",\"extends\":5,\n"
	    " \"drop\":[\"%s\"]}", "daemon.icc", &p), -1);
	assert_string_equal(msgs, "p.json:1:23: 'extends' must be a string\n");
}

/* Parameters: names and types the check declares, nothing else. */
static void
test_param_errors(void **state)
{
	static const struct bad cases[] = {
		{ "{\"name\":\"t\",\"checks\":["
		    "{\"id\":\"swarm.manager-count\",\n"
		    " \"ref\":\"7.1\",\"params\":{\"max_managers\":-1}}]}",
		    "p.json:2:39: checks[0] ('swarm.manager-count'): "
		    "parameter 'max_managers' must be a non-negative integer" },
		{ "{\"name\":\"t\",\"checks\":["
		    "{\"id\":\"host.docker-group\",\n"
		    " \"ref\":\"1\",\"params\":"
		    "{\"docker_group_users\":[\"a\",2]}}]}",
		    "p.json:2:43: checks[0] ('host.docker-group'): "
		    "parameter 'docker_group_users' must be an array of "
		    "strings" },
		{ "{\"name\":\"t\",\"checks\":["
		    "{\"id\":\"swarm.manager-count\",\n"
		    " \"ref\":\"7.1\",\"params\":{\"managers\":3}}]}",
		    "p.json:2:24: checks[0] ('swarm.manager-count'): "
		    "unknown parameter 'managers' (known: max_managers)" },
		{ "{\"name\":\"t\",\"checks\":[{\"id\":\"daemon.icc\",\n"
		    " \"ref\":\"2.2\",\"params\":{\"x\":1}}]}",
		    "p.json:2:24: checks[0] ('daemon.icc'): unknown "
		    "parameter 'x': the check takes none" },
	};
	struct ha_profile p;
	size_t i;

	(void)state;
	for (i = 0; i < HA_ARRAY_SIZE(cases); i++) {
		msg[0] = '\0';
		assert_int_equal(parse(cases[i].text, "", &p), -1);
		if (strstr(msg, cases[i].want) == NULL)
			fail_msg("case %zu: '%s' lacks '%s'", i, msg,
			    cases[i].want);
	}
}

/*
 * JSON syntax errors in the same form, at a line of the file and a
 * column counted in characters: a truncated text ends just after the last
 * character of its last line (jansson says the line after, column 0).
 */
static void
test_syntax_positions(void **state)
{
	static const struct bad cases[] = {
		/* truncated after a newline: not line 3 */
		{ "{\"name\": \"t\",\n \"checks\": [\n",
		    "p.json:2:13: ']' expected near end of file" },
		/* truncated in a value, no final newline */
		{ "{\"name\": \"t\",\n \"checks\": [{\"id\": \"dae",
		    "p.json:2:24: premature end of input near '\"dae'" },
		{ "{\"name\": \"t\"", "p.json:1:13: " },
		{ "", "p.json:1:1: " },
		{ "\n\n", "p.json:2:1: " },
		/* "é" is one column, not two */
		{ "{\"name\": \"caf\xc3\xa9\", x}", "p.json:1:18: " },
		{ "{\"title\": \"\xc3\xa9\xc3\xa9\",\n \"name\": \"\xff\"}",
		    "p.json:2:11: unable to decode byte 0xff" },
		{ "{\"name\": \"t\",\n \"name\": \"u\"}",
		    "p.json:2:7: duplicate object key" },
		{ "{\"name\": \"t\"}\n\n  x\n", "p.json:3:3: end of file "
		    "expected near 'x'" },
	};
	struct ha_profile p;
	size_t i;

	(void)state;
	for (i = 0; i < HA_ARRAY_SIZE(cases); i++) {
		msg[0] = '\0';
		assert_int_equal(ha_profile_parse(cases[i].text,
		    strlen(cases[i].text), "p.json", &p), -1);
		if (strncmp(msg, cases[i].want, strlen(cases[i].want)) != 0)
			fail_msg("case %zu: '%s' does not start '%s'", i, msg,
			    cases[i].want);
	}
}

/* Validation goes on after an error: every error, in one run. */
static void
test_all_errors(void **state)
{
	static const char text[] = "{\"name\": \"t\", \"colour\": 1,\n"
	    " \"checks\": [{\"id\": \"no.such\", \"ref\": \"1\"},\n"
	    "  {\"id\": \"daemon.icc\", \"ref\": \"2.2\", \"level\": 3,"
	    " \"weight\": -1},\n"
	    "  {\"id\": \"swarm.manager-count\", \"severity\": 2},\n"
	    "  {\"id\": \"container.user\", \"ref\": \"4.1\"}],\n"
	    " \"drop\": [7],\n"
	    " \"waivers\": [{\"check\": \"daemon.icc\", \"reason\": \"r\","
	    " \"expires\": \"2026-02-30\"},\n"
	    "  {\"check\": \"x.y\", \"reason\": \"\","
	    " \"expires\": \"2030-01-01\"}]}\n";
	struct ha_profile p;

	(void)state;
	collect();
	assert_int_equal(ha_profile_parse(text, sizeof(text) - 1, "p.json",
	    &p), -1);
	assert_string_equal(msgs,
	    "p.json:1:15: unknown key 'colour'\n"
	    "p.json:6:11: drop: each must be a check id (a string)\n"
	    "p.json:2:20: checks[0] ('no.such'): unknown check id\n"
	    "p.json:3:47: checks[1] ('daemon.icc'): 'level' must be 1 or 2\n"
	    "p.json:3:60: checks[1] ('daemon.icc'): 'weight' must be a number "
	    "from 0 to 1000\n"
	    "p.json:4:45: checks[2] ('swarm.manager-count'): 'severity' has "
	    "the wrong type: it must be a string\n"
	    "p.json:4:3: checks[2] ('swarm.manager-count'): 'ref' is "
	    "required\n"
	    "p.json:7:64: waivers[0]: 'expires' must be a date YYYY-MM-DD, "
	    "not '2026-02-30'\n"
	    "p.json:8:13: waivers[1]: unknown check id 'x.y'\n"
	    "p.json:8:30: waivers[1]: 'reason' must not be empty\n");
	assert_null(p.name);
	assert_int_equal(p.nentries, 0);
	assert_int_equal(p.waivers.n, 0);
}

/* At most HA_JSONPOS_MAX_ERRORS are printed, then how many more. */
static void
test_error_cap(void **state)
{
	struct ha_buf b;
	struct ha_profile p;
	const char *s;
	size_t i, lines = 0;

	(void)state;
	ha_buf_init(&b, HA_BUF_NOCAP);
	ha_buf_addstr(&b, "{\"name\": \"t\", \"checks\": [], \"drop\": [");
	for (i = 0; i < HA_JSONPOS_MAX_ERRORS + 10; i++)
		ha_buf_addf(&b, "%s\n\"no.such\"", i ? "," : "");
	ha_buf_addstr(&b, "]}");
	collect();
	assert_int_equal(ha_profile_parse(b.data, b.len, "p.json", &p), -1);
	ha_buf_release(&b);
	for (s = msgs; *s != '\0'; s++)
		lines += *s == '\n';
	assert_int_equal(lines, HA_JSONPOS_MAX_ERRORS + 1);
	assert_non_null(strstr(msgs, "p.json:2:1: drop[0] ('no.such'): "
	    "unknown check id\n"));
	assert_non_null(strstr(msgs, "p.json:51:1: drop[49] "));
	assert_null(strstr(msgs, "drop[50]"));
	assert_true(ha_ends_with(msgs, "\n10 more errors\n"));
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
	assert_non_null(strstr(msg, "is writable by its group (mode 0664); "
	    "refusing it"));
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

/*
 * Only files nobody but root and the invoking user could have written:
 * the owner of the file and of its directories, their modes, the sticky
 * exception.  The owner cases need root (to give files away).
 */
static void
test_load_refuses_foreign(void **state)
{
	char dir[] = "/tmp/ha-test-trust-XXXXXX", sub[64], path[128];
	char want[512];
	struct ha_profile p;
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/sub", dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	snprintf(path, sizeof(path), "%s/x.json", sub);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("{\"name\":\"x\",\"checks\":[]}", fp);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(ha_profile_load(path, &p), 0);
	ha_profile_release(&p);
	/* a directory others can write to: they could swap the file */
	assert_int_equal(chmod(sub, 0777), 0);
	assert_int_equal(ha_profile_load(path, &p), -1);
	snprintf(want, sizeof(want), "profile '%s' is in directory '%s' "
	    "writable by others (mode 0777); refusing it", path, sub);
	assert_non_null(strstr(msg, want));
	assert_int_equal(chmod(sub, 0775), 0);
	assert_int_equal(ha_profile_load(path, &p), -1);
	assert_non_null(strstr(msg, "writable by its group (mode 0775)"));
	/* sticky, like /tmp: nobody else can rename or remove the file */
	assert_int_equal(chmod(sub, 01777), 0);
	assert_int_equal(ha_profile_load(path, &p), 0);
	ha_profile_release(&p);
	assert_int_equal(chmod(sub, 0755), 0);
	if (getuid() == 0) {
		/* a file of another user's */
		assert_int_equal(chown(path, 65534, 65534), 0);
		assert_int_equal(ha_profile_load(path, &p), -1);
		snprintf(want, sizeof(want), "profile '%s' is owned by uid "
		    "65534 (neither root nor uid 0); refusing it", path);
		assert_non_null(strstr(msg, want));
		/* even in the sticky directory */
		assert_int_equal(chmod(sub, 01777), 0);
		assert_int_equal(ha_profile_load(path, &p), -1);
		assert_non_null(strstr(msg, "owned by uid 65534"));
		assert_int_equal(chmod(sub, 0755), 0);
		assert_int_equal(chown(path, 0, 0), 0);
		/* a directory of another user's, up the tree */
		assert_int_equal(chown(dir, 65534, 65534), 0);
		assert_int_equal(ha_profile_load(path, &p), -1);
		snprintf(want, sizeof(want), "is in directory '%s' owned by "
		    "uid 65534", dir);
		assert_non_null(strstr(msg, want));
		assert_int_equal(chown(dir, 0, 0), 0);
	}
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(sub), 0);
	assert_int_equal(rmdir(dir), 0);
}

/* Write text to dir/name with mode. */
static void
put(const char *dir, const char *name, const char *text, mode_t mode)
{
	char path[512];
	FILE *fp;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	assert_int_equal(fclose(fp), 0);
	assert_int_equal(chmod(path, mode), 0);
}

static void
rm_at(const char *dir, const char *name)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_int_equal(unlink(path), 0);
}

static int
load_at(const char *dir, const char *name, struct ha_profile *p)
{
	char path[512];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	return ha_profile_load(path, p);
}

static const char base_json[] =
    "{\"name\": \"base\", \"title\": \"Base\",\n"
    " \"sections\": [{\"id\": \"1\", \"title\": \"One\"},"
    " {\"id\": \"2\", \"title\": \"Two\"}],\n"
    " \"checks\": [\n"
    "  {\"id\": \"host.docker-group\", \"ref\": \"1.1\", \"level\": 2},\n"
    "  {\"id\": \"daemon.icc\", \"ref\": \"2.2\", \"level\": 1, "
    "\"weight\": 2},\n"
    "  {\"id\": \"swarm.manager-count\", \"ref\": \"7.1\", "
    "\"params\": {\"max_managers\": 5}},\n"
    "  {\"id\": \"daemon.remote-logging\", \"ref\": \"2.13\", "
    "\"level\": 2}],\n"
    " \"waivers\": [{\"check\": \"daemon.icc\", \"reason\": \"lab\", "
    "\"expires\": \"2030-01-01\"}]}\n";

static const char child_json[] =
    "{\"name\": \"child\", \"extends\": \"../base.json\",\n"
    " \"sections\": [{\"id\": \"2\", \"title\": \"Daemon\"},"
    " {\"id\": \"9\", \"title\": \"Nine\"}],\n"
    " \"drop\": [\"host.docker-group\"],\n"
    " \"checks\": [\n"
    "  {\"id\": \"daemon.icc\", \"severity\": \"critical\", \"weight\": 3},\n"
    "  {\"id\": \"swarm.manager-count\", \"params\": {\"max_managers\": 3}},\n"
    "  {\"id\": \"daemon.remote-logging\", "
    "\"params\": {\"log_drivers\": [\"gelf\"]}},\n"
    "  {\"id\": \"container.user\", \"ref\": \"9.1\", \"scored\": false}],\n"
    " \"waivers\": [{\"check\": \"container.user\", \"target\": "
    "{\"container\": \"web*\"}, \"reason\": \"vendor image\", "
    "\"owner\": \"ops\", \"expires\": \"2030-06-30\"}]}\n";

static void
test_extends(void **state)
{
	char dir[] = "/tmp/ha-test-ext-XXXXXX", sub[64];
	const struct ha_profile_entry *e;
	struct ha_profile p;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(sub, sizeof(sub), "%s/sub", dir);
	assert_int_equal(mkdir(sub, 0755), 0);
	put(dir, "base.json", base_json, 0644);
	put(sub, "child.json", child_json, 0644);
	/* by name: the search path first, then beside the extending file */
	put(sub, "gc.json", "{\"name\": \"gc\", \"extends\": \"child\", "
	    "\"level\": 1}", 0644);

	assert_int_equal(load_at(sub, "child.json", &p), 0);
	assert_string_equal(p.name, "child");
	assert_string_equal(p.title, "child");
	assert_int_equal(p.nentries, 4);
	assert_string_equal(p.entries[0].check->id, "daemon.icc");
	e = &p.entries[0];
	assert_string_equal(e->ref, "2.2");		/* inherited */
	assert_int_equal(e->level, 1);
	assert_true(e->weight == 3.0);			/* overridden */
	assert_int_equal(e->severity, HA_SEV_CRITICAL);
	e = &p.entries[1];
	assert_string_equal(e->check->id, "swarm.manager-count");
	assert_int_equal(json_integer_value(json_object_get(e->params,
	    "max_managers")), 3);
	e = &p.entries[2];
	assert_string_equal(e->check->id, "daemon.remote-logging");
	assert_string_equal(json_string_value(json_array_get(json_object_get(
	    e->params, "log_drivers"), 0)), "gelf");
	assert_int_equal(e->level, 2);
	e = &p.entries[3];
	assert_string_equal(e->check->id, "container.user");
	assert_string_equal(e->section, "9");
	assert_int_equal(e->scored, 0);
	assert_int_equal(p.nsections, 3);
	assert_string_equal(ha_profile_section_title(&p, "1"), "One");
	assert_string_equal(ha_profile_section_title(&p, "2"), "Daemon");
	assert_string_equal(ha_profile_section_title(&p, "9"), "Nine");
	assert_int_equal(p.waivers.n, 2);		/* inherited + own */
	assert_string_equal(p.waivers.v[0].reason, "lab");
	assert_string_equal(p.waivers.v[1].kind, "container");
	assert_string_equal(p.waivers.v[1].target, "web*");
	assert_non_null(strstr(p.path, "sub/child.json"));
	ha_profile_release(&p);

	/* "level": 1 drops level-2 checks, also inherited ones */
	assert_int_equal(load_at(sub, "gc.json", &p), 0);
	assert_int_equal(p.nentries, 3);
	assert_null(ha_registry_find("no.such"));
	assert_string_equal(p.entries[2].check->id, "container.user");
	assert_string_equal(p.name, "gc");
	ha_profile_release(&p);

	/* a writable parent is refused like any profile */
	put(dir, "base.json", base_json, 0664);
	assert_int_equal(load_at(sub, "gc.json", &p), -1);
	assert_non_null(strstr(msg, "base.json' is writable by its group"));
	/* an invalid parent names itself and where */
	put(dir, "base.json", "{\"name\": \"base\", \"checks\": [\n"
	    " {\"id\": \"daemon.icc\", \"ref\": \"2.2\", \"level\": 5}]}",
	    0644);
	assert_int_equal(load_at(sub, "child.json", &p), -1);
	assert_non_null(strstr(msg, "/base.json:2:46: checks[0] "
	    "('daemon.icc'): 'level' must be 1 or 2"));
	assert_int_equal(p.nentries, 0);
	rm_at(sub, "child.json");
	rm_at(sub, "gc.json");
	assert_int_equal(rmdir(sub), 0);
	rm_at(dir, "base.json");
	rmdir(dir);
}

static void
test_extends_errors(void **state)
{
	char dir[] = "/tmp/ha-test-ext-XXXXXX", name[32], text[128];
	char want[512];
	struct ha_profile p;
	int i;

	(void)state;
	assert_non_null(mkdtemp(dir));
	/* a cycle names the chain */
	put(dir, "a.json", "{\"name\":\"a\",\"extends\":\"b.json\","
	    "\"checks\":[]}", 0644);
	put(dir, "b.json", "{\"name\":\"b\",\"extends\":\"a.json\"}", 0644);
	assert_int_equal(load_at(dir, "a.json", &p), -1);
	snprintf(want, sizeof(want), "%s/b.json:1:23: extends cycle: "
	    "'%s/a.json' -> '%s/b.json' -> '%s/a.json'", dir, dir, dir, dir);
	assert_string_equal(msg, want);
	assert_null(p.name);
	/* a missing parent */
	put(dir, "c.json", "{\"name\":\"c\",\"extends\":\"nope\"}", 0644);
	assert_int_equal(load_at(dir, "c.json", &p), -1);
	snprintf(want, sizeof(want), "%s/c.json:1:23: extends: profile "
	    "'nope' not found (looked in ", dir);
	assert_non_null(strstr(msg, want));
	snprintf(want, sizeof(want), "/hostaudit/profiles, then %s)", dir);
	assert_non_null(strstr(msg, want));
	put(dir, "c.json", "{\"name\":\"c\",\"extends\":\"../x\"}", 0644);
	assert_int_equal(load_at(dir, "c.json", &p), -1);
	assert_non_null(strstr(msg, "cannot read profile"));
	/* a chain deeper than 8 profiles */
	for (i = 0; i < 9; i++) {
		snprintf(name, sizeof(name), "d%d.json", i);
		if (i < 8)
			snprintf(text, sizeof(text), "{\"name\":\"d%d\","
			    "\"extends\":\"d%d.json\"}", i, i + 1);
		else
			snprintf(text, sizeof(text), "{\"name\":\"d8\","
			    "\"checks\":[]}");
		put(dir, name, text, 0644);
	}
	assert_int_equal(load_at(dir, "d1.json", &p), 0);	/* 8 deep */
	ha_profile_release(&p);
	assert_int_equal(load_at(dir, "d0.json", &p), -1);
	assert_non_null(strstr(msg, "/d7.json:1:24: extends chain deeper "
	    "than 8 profiles"));
	for (i = 0; i < 9; i++) {
		snprintf(want, sizeof(want), "%s/d%d.json", dir, i);
		unlink(want);
	}
	snprintf(want, sizeof(want), "%s/a.json", dir);
	unlink(want);
	snprintf(want, sizeof(want), "%s/b.json", dir);
	unlink(want);
	snprintf(want, sizeof(want), "%s/c.json", dir);
	unlink(want);
	assert_int_equal(rmdir(dir), 0);
}

/*
 * On stderr: one "hostaudit: " prefix, then the GNU form editors jump to,
 * the file name unquoted (the example of README.md).
 */
static void
test_stderr_form(void **state)
{
	char dir[] = "/tmp/ha-test-stderr-XXXXXX", path[256], buf[512];
	struct ha_profile p;
	char *text;
	ssize_t n;
	int fd, saved, rc;

	(void)state;
	assert_non_null(mkdtemp(dir));
	put(dir, "base.json", "{\"name\": \"base\", \"checks\": [{\"id\": "
	    "\"container.health\", \"ref\": \"5.26\"}]}", 0644);
	text = ha_xasprintf("{\"name\": \"site\",\n"
	    " \"extends\": \"%s/base.json\",\n"
	    " \"level\": 1,\n"
	    "  \"drop\": [\"container.health\", \"container.pid-limit\"]}\n",
	    dir);
	snprintf(path, sizeof(path), "%s/err", dir);
	assert_true((fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600)) >= 0);
	assert_true((saved = dup(STDERR_FILENO)) >= 0);
	fflush(stderr);
	assert_int_equal(dup2(fd, STDERR_FILENO), STDERR_FILENO);
	ha_set_error_routine(NULL, NULL);
	rc = ha_profile_parse(text, strlen(text), "site.json", &p);
	fflush(stderr);
	assert_int_equal(dup2(saved, STDERR_FILENO), STDERR_FILENO);
	close(saved);
	n = pread(fd, buf, sizeof(buf) - 1, 0);
	close(fd);
	free(text);
	assert_int_equal(rc, -1);
	assert_true(n > 0);
	buf[n] = '\0';
	assert_string_equal(buf, "hostaudit: site.json:4:32: drop[1] "
	    "('container.pid-limit'): unknown check id\n");
	rm_at(dir, "err");
	rm_at(dir, "base.json");
	assert_int_equal(rmdir(dir), 0);
}

/*
 * Errors in an extended profile name that file; the extending file is
 * still checked, except for what only its parent could say ("drop", an
 * entry without "ref").
 */
static void
test_errors_in_parent(void **state)
{
	char dir[] = "/tmp/ha-test-ext-XXXXXX", want[1024];
	struct ha_profile p;

	(void)state;
	assert_non_null(mkdtemp(dir));
	put(dir, "base.json", "{\"name\": \"base\", \"checks\": [\n"
	    " {\"id\": \"daemon.icc\", \"ref\": \"2.2\", \"level\": 5},\n"
	    " {\"id\": \"nope\", \"ref\": \"1\"}]}\n", 0644);
	put(dir, "child.json", "{\"name\": \"child\", \"extends\": "
	    "\"base.json\",\n \"drop\": [\"daemon.icc\"],\n"
	    " \"checks\": [{\"id\": \"container.user\", \"weight\": \"x\"}]}\n",
	    0644);
	put(dir, "trunc.json", "{\"name\": \"trunc\", \"checks\": [\n", 0644);
	put(dir, "gc.json", "{\"name\": \"gc\", \"extends\": \"trunc.json\",\n"
	    " \"bogus\": 1}", 0644);
	collect();
	assert_int_equal(load_at(dir, "child.json", &p), -1);
	snprintf(want, sizeof(want),
	    "%s/base.json:2:46: checks[0] ('daemon.icc'): 'level' must be 1 "
	    "or 2\n"
	    "%s/base.json:3:9: checks[1] ('nope'): unknown check id\n"
	    "%s/child.json:3:48: checks[0] ('container.user'): 'weight' has "
	    "the wrong type: it must be a number\n", dir, dir, dir);
	assert_string_equal(msgs, want);
	assert_null(p.name);
	/* a syntax error ends its file; the extending one goes on */
	collect();
	assert_int_equal(load_at(dir, "gc.json", &p), -1);
	snprintf(want, sizeof(want),
	    "%s/gc.json:2:2: unknown key 'bogus'\n"
	    "%s/trunc.json:1:30: ']' expected near end of file\n", dir, dir);
	assert_string_equal(msgs, want);
	rm_at(dir, "base.json");
	rm_at(dir, "child.json");
	rm_at(dir, "trunc.json");
	rm_at(dir, "gc.json");
	assert_int_equal(rmdir(dir), 0);
}

static void
test_shipped_profiles(void **state)
{
	struct ha_profile all, l1, seed;
	size_t i, nl1 = 0;

	(void)state;
	assert_int_equal(ha_profile_load("profiles/cis-docker-1.6.0.json",
	    &all), 0);
	assert_int_equal(ha_profile_load(
	    "profiles/cis-docker-1.6.0-level1.json", &l1), 0);
	assert_string_equal(l1.name, "cis-docker-1.6.0-level1");
	for (i = 0; i < all.nentries; i++)
		nl1 += all.entries[i].level == 1;
	assert_true(nl1 > 0 && nl1 < all.nentries);
	assert_int_equal(l1.nentries, nl1);
	for (i = 0; i < l1.nentries; i++)
		assert_int_equal(l1.entries[i].level, 1);
	assert_int_equal(l1.nsections, all.nsections);
	assert_int_equal(ha_profile_load("profiles/seed-checklist.json",
	    &seed), 0);
	assert_int_equal(seed.nentries, 21);
	assert_string_equal(seed.entries[0].check->id,
	    "image.approved-registry");
	assert_string_equal(json_string_value(json_array_get(json_object_get(
	    seed.entries[0].params, "registries"), 0)), "docker.io/library");
	ha_profile_release(&all);
	ha_profile_release(&l1);
	ha_profile_release(&seed);
}

#define LOGGING(drv) "{'daemon': {'status': 'found', 'settings': " \
	"{'log-driver': {'value': '" drv "', 'source': 'file'}}}}"
#define CTR(n, img) "{'Id': 'id-" n "', 'Name': '/" n "', 'State': " \
	"{'Status': 'running'}, 'Config': {'Image': '" img "'}, " \
	"'HostConfig': {}}"
#define ENGINE(ctrs, imgs) "{'engine': {'status': 'ok', 'containers': [" \
	ctrs "], 'images': [" imgs "]}}"
#define IMG(tag, env) "{'Id': 'sha256:" tag "', 'RepoTags': ['" tag "'], " \
	"'Config': {'Env': [" env "]}}"

/* Parameters change what the checks that take them decide. */
static void
test_param_effects(void **state)
{
	struct ha_result r;

	(void)state;
	/* daemon.remote-logging: log_drivers names the required drivers */
	assert_int_equal(ha_test_runq("daemon.remote-logging",
	    LOGGING("syslog"), NULL, &r), HA_PASS);
	ha_result_release(&r);
	assert_int_equal(ha_test_runq("daemon.remote-logging",
	    LOGGING("syslog"), "{\"log_drivers\": [\"gelf\", \"fluentd\"]}",
	    &r), HA_FAIL);
	assert_non_null(strstr(r.message, "not one the profile requires"));
	ha_result_release(&r);
	assert_int_equal(ha_test_runq("daemon.remote-logging",
	    LOGGING("fluentd"), "{\"log_drivers\": [\"gelf\", \"fluentd\"]}",
	    &r), HA_PASS);
	ha_result_release(&r);

	/* image.approved-registry: not applicable until registries is set */
	assert_int_equal(ha_test_runq("image.approved-registry",
	    ENGINE(CTR("a", "busybox"), ""), NULL, &r), HA_SKIP);
	ha_result_release(&r);
	assert_int_equal(ha_test_runq("image.approved-registry",
	    ENGINE(CTR("off", "busybox:1.36") "," CTR("mine",
	    "registry.example.com:5000/team/app@sha256:ab") "," CTR("user",
	    "someone/tool:latest") "," CTR("untagged", "sha256:feed"),
	    "{'Id': 'sha256:feed', 'RepoTags': []}"),
	    "{\"registries\": [\"docker.io/library\", "
	    "\"registry.example.com:5000\"]}", &r), HA_FAIL);
	assert_int_equal(ha_test_target_status(&r, "off"), HA_PASS);
	assert_non_null(strstr(ha_test_target(&r, "off")->detail,
	    "docker.io/library/busybox"));
	assert_int_equal(ha_test_target_status(&r, "mine"), HA_PASS);
	assert_int_equal(ha_test_target_status(&r, "user"), HA_FAIL);
	assert_non_null(strstr(ha_test_target(&r, "user")->detail,
	    "(docker.io/someone/tool): not from an approved registry"));
	assert_int_equal(ha_test_target_status(&r, "untagged"), HA_WARN);
	ha_result_release(&r);
	/* "docker.io" alone approves every Docker Hub image */
	assert_int_equal(ha_test_runq("image.approved-registry",
	    ENGINE(CTR("user", "someone/tool"), ""),
	    "{\"registries\": [\"docker.io\"]}", &r), HA_PASS);
	ha_result_release(&r);

	/* image.env-secrets: names, never values; allowed_env exempts */
	assert_int_equal(ha_test_runq("image.env-secrets", ENGINE("",
	    IMG("app:1", "'PATH=/bin', 'DB_PASSWORD=hunter2', "
	    "'AWS_SECRET_ACCESS_KEY=x', 'API_TOKEN_FILE=/run/secrets/t', "
	    "'EMPTY_TOKEN='") "," IMG("ok:1", "'PATH=/bin', 'LANG=C'")),
	    NULL, &r), HA_FAIL);
	assert_int_equal(ha_test_target_status(&r, "app:1"), HA_FAIL);
	assert_string_equal(ha_test_target(&r, "app:1")->detail, "ENV with a "
	    "secret's name (value not shown): DB_PASSWORD, "
	    "AWS_SECRET_ACCESS_KEY");
	assert_int_equal(ha_test_target_status(&r, "ok:1"), HA_PASS);
	ha_result_release(&r);
	assert_int_equal(ha_test_runq("image.env-secrets", ENGINE("",
	    IMG("app:1", "'DB_PASSWORD=hunter2', 'SIGNING_KEY=k'")),
	    "{\"allowed_env\": [\"DB_PASSWORD\"]}", &r), HA_FAIL);
	assert_string_equal(ha_test_target(&r, "app:1")->detail, "ENV with a "
	    "secret's name (value not shown): SIGNING_KEY");
	ha_result_release(&r);
	assert_int_equal(ha_test_runq("image.env-secrets", ENGINE("",
	    IMG("app:1", "'DB_PASSWORD=hunter2'")),
	    "{\"allowed_env\": [\"DB_PASSWORD\"]}", &r), HA_PASS);
	ha_result_release(&r);
}

/* A profile's params reach its check through the report. */
static void
test_params_reach_checks(void **state)
{
	static const char text[] = "{\"name\": \"t\", \"checks\": ["
	    "{\"id\": \"daemon.remote-logging\", \"ref\": \"2.13\", "
	    "\"params\": {\"log_drivers\": [\"gelf\"]}}]}";
	struct ha_profile p;
	struct ha_report rep;
	json_t *facts = ha_test_json("{\"daemon\": {\"status\": \"found\", "
	    "\"settings\": {\"log-driver\": {\"value\": \"syslog\", "
	    "\"source\": \"file\"}}}}");

	(void)state;
	assert_int_equal(ha_profile_parse(text, strlen(text), "t.json", &p),
	    0);
	ha_report_build(&rep, &p, facts);
	assert_int_equal(rep.results[0].status, HA_FAIL);
	ha_report_release(&rep);
	ha_profile_release(&p);
	json_decref(facts);
}

/*
 * Keys written with \u escapes are indexed decoded, as jansson gives them
 * (fuzz/jsonpos found them missing from the index); a surrogate pair is
 * one code point.
 */
static void
test_jsonpos_unicode(void **state)
{
	static const char text[] = "{\"caf\\u00e9\": 1,\n"
	    " \"\\ud83d\\ude00/x\": {\"\\u0041\": 2}}";
	struct ha_jsonpos *ix;
	int line, col;

	(void)state;
	ix = ha_jsonpos_new(text, sizeof(text) - 1, "p.json", NULL);
	assert_int_equal(ha_jsonpos_find(ix, "/caf\xc3\xa9", 1, &line, &col),
	    0);
	assert_int_equal(line, 1);
	assert_int_equal(col, 2);
	assert_int_equal(ha_jsonpos_find(ix, "/\xf0\x9f\x98\x80~1x/A", 0,
	    &line, &col), 0);
	assert_int_equal(line, 2);
	assert_int_equal(col, 31);
	ha_jsonpos_free(ix);
}

/* ---- the CIS Docker Benchmark versions ---- */

/* The entry of p for check id, or NULL. */
static const struct ha_profile_entry *
entry_for(const struct ha_profile *p, const char *id)
{
	size_t i;

	for (i = 0; i < p->nentries; i++)
		if (strcmp(p->entries[i].check->id, id) == 0)
			return &p->entries[i];
	return NULL;
}

/* The ref p gives check id, or "-" when p does not have it. */
static const char *
ref_of(const struct ha_profile *p, const char *id)
{
	const struct ha_profile_entry *e = entry_for(p, id);

	return e != NULL ? e->ref : "-";
}

/* Entries of the benchmark itself (not hostaudit's HA section). */
static size_t
benchmark_items(const struct ha_profile *p)
{
	size_t i, n = 0;

	for (i = 0; i < p->nentries; i++)
		n += strcmp(p->entries[i].section, "HA") != 0;
	return n;
}

/* A profile and its -level1 file: the same, less level 2. */
static void
check_level1(const struct ha_profile *all, const char *path,
    const char *name)
{
	struct ha_profile l1;
	size_t i, nl1 = 0;

	assert_int_equal(ha_profile_load(path, &l1), 0);
	assert_string_equal(l1.name, name);
	for (i = 0; i < all->nentries; i++)
		nl1 += all->entries[i].level == 1;
	assert_int_equal(l1.nentries, nl1);
	for (i = 0; i < l1.nentries; i++) {
		assert_int_equal(l1.entries[i].level, 1);
		assert_string_equal(l1.entries[i].ref,
		    ref_of(all, l1.entries[i].check->id));
	}
	ha_profile_release(&l1);
}

/*
 * CIS 1.8.0: 118 items; 2.7 (devicemapper) is new and 1.6.0's 2.7-2.18
 * are 2.8-2.19; every other number is kept.  Fails on 1.6.0 numbering.
 */
static void
test_cis_1_8_0_numbering(void **state)
{
	static const struct {
		const char	*id, *v160, *v180;
	} moved[] = {
		{ "daemon.aufs", "2.6", "2.6" },
		{ "daemon.devicemapper", "-", "2.7" },
		{ "daemon.tls", "2.7", "2.8" },
		{ "daemon.default-ulimit", "2.8", "2.9" },
		{ "daemon.userns-remap", "2.9", "2.10" },
		{ "daemon.base-device-size", "2.11", "2.12" },
		{ "daemon.authorization-plugin", "2.12", "2.13" },
		{ "daemon.remote-logging", "2.13", "2.14" },
		{ "daemon.no-new-privileges", "2.14", "2.15" },
		{ "daemon.live-restore", "2.15", "2.16" },
		{ "daemon.userland-proxy", "2.16", "2.17" },
		{ "daemon.seccomp-profile", "2.17", "2.18" },
		{ "daemon.experimental", "2.18", "2.19" },
		{ "host.audit-docker-socket-unit", "1.1.9", "-" },
		{ "host.audit-docker-sock", "-", "1.1.9" },
		{ "container.sensitive-mounts", "5.6", "5.6" },
	};
	struct ha_profile v160, v180;
	const struct ha_profile_entry *e;
	size_t i, n;

	(void)state;
	assert_int_equal(ha_profile_load("profiles/cis-docker-1.6.0.json",
	    &v160), 0);
	assert_int_equal(ha_profile_load("profiles/cis-docker-1.8.0.json",
	    &v180), 0);
	assert_string_equal(v180.name, "cis-docker-1.8.0");
	assert_int_equal(benchmark_items(&v160), 117);
	assert_int_equal(benchmark_items(&v180), 118);
	for (i = 0; i < HA_ARRAY_SIZE(moved); i++) {
		assert_string_equal(ref_of(&v160, moved[i].id),
		    moved[i].v160);
		assert_string_equal(ref_of(&v180, moved[i].id),
		    moved[i].v180);
	}
	e = entry_for(&v180, "daemon.devicemapper");
	assert_int_equal(e->level, 1);
	assert_int_equal(e->assessment, HA_ASSESS_MANUAL);
	/* outside 2.7-2.18 and 1.1.9 every check keeps its number */
	for (i = n = 0; i < v160.nentries; i++) {
		e = &v160.entries[i];
		if (strcmp(e->section, "2") == 0 || strcmp(e->check->id,
		    "host.audit-docker-socket-unit") == 0)
			continue;
		assert_string_equal(ref_of(&v180, e->check->id), e->ref);
		n++;
	}
	assert_true(n > 90);
	check_level1(&v180, "profiles/cis-docker-1.8.0-level1.json",
	    "cis-docker-1.8.0-level1");
	ha_profile_release(&v160);
	ha_profile_release(&v180);
}

/*
 * CIS 1.7.0: 117 items numbered as 1.6.0; 1.1.9 audits docker.sock,
 * 1.1.4 turned manual and 1.1.15, 1.1.17, 1.1.18 automated.
 */
static void
test_cis_1_7_0_numbering(void **state)
{
	static const struct {
		const char	*id;
		int		 assessment;
	} status[] = {
		{ "host.audit-run-containerd", HA_ASSESS_MANUAL },  /* 1.1.4 */
		{ "host.audit-containerd-shim", HA_ASSESS_AUTOMATED },
		{ "host.audit-containerd-shim-runc-v1", HA_ASSESS_MANUAL },
		{ "host.audit-containerd-shim-runc-v2", HA_ASSESS_AUTOMATED },
		{ "host.audit-runc", HA_ASSESS_AUTOMATED },
		{ "host.audit-etc-docker", HA_ASSESS_AUTOMATED },
	};
	struct ha_profile v160, v170, v180;
	const struct ha_profile_entry *e;
	size_t i;

	(void)state;
	assert_int_equal(ha_profile_load("profiles/cis-docker-1.6.0.json",
	    &v160), 0);
	assert_int_equal(ha_profile_load("profiles/cis-docker-1.7.0.json",
	    &v170), 0);
	assert_int_equal(ha_profile_load("profiles/cis-docker-1.8.0.json",
	    &v180), 0);
	assert_int_equal(benchmark_items(&v170), 117);
	for (i = 0; i < v160.nentries; i++) {
		e = &v160.entries[i];
		assert_int_equal(e->assessment, HA_ASSESS_UNSET);
		if (strcmp(e->check->id, "host.audit-docker-socket-unit") != 0)
			assert_string_equal(ref_of(&v170, e->check->id),
			    e->ref);
	}
	assert_string_equal(ref_of(&v170, "host.audit-docker-sock"), "1.1.9");
	assert_string_equal(ref_of(&v170, "host.audit-docker-socket-unit"),
	    "-");
	assert_string_equal(ref_of(&v170, "daemon.devicemapper"), "-");
	for (i = 0; i < HA_ARRAY_SIZE(status); i++) {
		assert_int_equal(entry_for(&v170, status[i].id)->assessment,
		    status[i].assessment);
		assert_int_equal(entry_for(&v180, status[i].id)->assessment,
		    status[i].assessment);
	}
	/* the parameters that carry the versions' behaviour */
	assert_null(entry_for(&v160, "host.audit-var-lib-docker")->params);
	assert_null(entry_for(&v160, "container.sensitive-mounts")->params);
	assert_string_equal(json_string_value(json_array_get(json_object_get(
	    entry_for(&v170, "host.audit-var-lib-docker")->params,
	    "data_root_excludes"), 1)), "overlay2");
	assert_string_equal(json_string_value(json_array_get(json_object_get(
	    entry_for(&v180, "container.sensitive-mounts")->params,
	    "extra_sensitive_paths"), 0)), "/lib64");
	check_level1(&v170, "profiles/cis-docker-1.7.0-level1.json",
	    "cis-docker-1.7.0-level1");
	ha_profile_release(&v160);
	ha_profile_release(&v170);
	ha_profile_release(&v180);
}

/* "sources" (strings) and a check's "assessment" are read and checked. */
static void
test_sources_and_assessment(void **state)
{
	struct ha_profile p;

	(void)state;
	assert_int_equal(parse("{\"name\":\"t\",\"sources\":[\"CIS PDF\"],"
	    "\"checks\":[{\"id\":\"%s\",\"ref\":\"2.2\","
	    "\"assessment\":\"manual\"}]}", "daemon.icc", &p), 0);
	assert_int_equal(p.entries[0].assessment, HA_ASSESS_MANUAL);
	ha_profile_release(&p);
	assert_int_equal(parse("{\"name\":\"t\",\"checks\":[{\"id\":"
	    "\"%s\",\"ref\":\"2.2\",\"assessment\":\"automated\"}]}",
	    "daemon.icc", &p), 0);
	assert_int_equal(p.entries[0].assessment, HA_ASSESS_AUTOMATED);
	ha_profile_release(&p);
	collect();
	assert_int_equal(parse("{\"name\":\"t\",\n\"sources\":[\"a\", 2],"
	    "\n\"checks\":[{\"id\":\"%s\",\"ref\":\"2.2\",\n"
	    "\"assessment\":\"often\"}]}", "daemon.icc", &p), -1);
	assert_string_equal(msgs, "p.json:4:14: checks[0] ('daemon.icc'): "
	    "'assessment' must be automated or manual\np.json:2:17: "
	    "sources: each must be a string\n");
	collect();
	assert_int_equal(parse("{\"name\":\"t\",\"sources\":\"a\","
	    "\"checks\":[{\"id\":\"%s\",\"ref\":\"2.2\","
	    "\"assessment\":true}]}", "daemon.icc", &p), -1);
	assert_non_null(strstr(msgs, "'sources' must be an array"));
	assert_non_null(strstr(msgs, "'assessment' has the wrong type"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jsonpos_unicode),
		cmocka_unit_test_setup_teardown(test_valid_defaults, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_overrides_and_manual_unscored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_errors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_param_errors, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_syntax_positions, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_all_errors, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_error_cap, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_load_refuses_writable,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_load_refuses_foreign,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_extends, setup, teardown),
		cmocka_unit_test_setup_teardown(test_extends_errors, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_stderr_form, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_errors_in_parent, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_shipped_profiles, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_param_effects, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_params_reach_checks, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_cis_1_8_0_numbering, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_cis_1_7_0_numbering, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_sources_and_assessment,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

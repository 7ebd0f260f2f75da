/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_writers.c - every writer over a hand-made report whose names and
 * messages are hostile: quotes, <, ]]>, commas, newlines, control
 * characters and bytes that are not UTF-8.  Each output must be valid
 * UTF-8 and escaped for its format; the lossy UTF-8 conversion itself is
 * tested on the classic bad sequences.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ha_baseline.h"
#include "ha_facts.h"
#include "ha_report.h"
#include "ha_util.h"
#include "helper_checks.h"

#define HOSTILE	"a,\"b\" <c>&d ]]> 'e'\nf\r\\g \x1b[31m \xff\xfe \xc3"

static const struct ha_check checks[] = {
	{ .id = "t.ctr", .title = "Containers <are> \"fine\"",
	  .scope = HA_SCOPE_CONTAINER, .level = 1,
	  .remediation = "Fix <it> & \"go\"" },
	{ .id = "t.daemon", .title = "Daemon", .scope = HA_SCOPE_DAEMON,
	  .level = 2, .remediation = "r" },
};

/* The model's strings are char *: writable copies. */
static char ref5[] = "5\"5\\x\ny", ref2[] = "2.1", s5[] = "5", s2[] = "2";
static char t5[] = "Runtime \"x\" \\ <y>", t2[] = "D";
static char pname[] = "p", ptitle[] = "P <&>", ppath[] = "p.json";

static struct ha_profile_entry entries[] = {
	{ .check = &checks[0], .ref = ref5, .section = s5, .level = 1,
	  .scored = 1, .weight = 1, .severity = HA_SEV_HIGH },
	{ .check = &checks[1], .ref = ref2, .section = s2, .level = 2,
	  .scored = 1, .weight = 1, .severity = HA_SEV_LOW },
};

static struct ha_profile_section sections[] = {
	{ .id = s5, .title = t5 }, { .id = s2, .title = t2 },
};

static struct ha_profile profile = {
	.name = pname, .title = ptitle, .path = ppath, .entries = entries,
	.nentries = 2, .sections = sections, .nsections = 2,
};

static void
make_report(struct ha_report *rep, int lossy)
{
	struct ha_result *r;

	memset(rep, 0, sizeof(*rep));
	rep->tool_version = "0.0.0";
	rep->host = ha_xstrdup("h\xff<st>");
	rep->profile = &profile;
	rep->facts = json_object();
	rep->started_at = 1768466400;
	rep->duration_ms = 1500;
	rep->results = ha_xcalloc(2, sizeof(*rep->results));
	rep->nresults = 2;
	r = &rep->results[0];
	ha_result_init(r, &checks[0], &entries[0]);
	ha_result_add_target(r, "container", HOSTILE, HA_FAIL, "%s", HOSTILE);
	ha_result_add_target(r, "container", "ok", HA_PASS, "fine");
	ha_result_set(r, HA_FAIL, "%s", HOSTILE);
	r = &rep->results[1];
	ha_result_init(r, &checks[1], &entries[1]);
	ha_result_set(r, HA_ERROR, "%s", HOSTILE);
	if (lossy)
		ha_report_make_utf8(rep);
	ha_report_score(rep);
}

static void
free_report(struct ha_report *rep)
{
	json_decref((json_t *)rep->facts);
	ha_report_release(rep);
}

static int
valid_utf8(const char *s)
{
	const char *p = s, *q;
	char buf[4];
	size_t n;

	while (*p != '\0') {
		q = p;
		n = ha_utf8_encode(buf, ha_utf8_next(&p));
		if ((size_t)(p - q) != n || memcmp(buf, q, n) != 0)
			return 0;
	}
	return 1;
}

/* Render with the named writer into a string (caller frees). */
static char *
render(const char *name, const struct ha_report *rep)
{
	char *buf = ha_test_render(name, rep, NULL);

	if (!valid_utf8(buf))
		fail_msg("writer '%s' wrote invalid UTF-8", name);
	return buf;
}

static void
test_lossy(void **state)
{
	char *s;

	(void)state;
	s = ha_utf8_lossy("a\xff" "b");
	assert_string_equal(s, "a\xef\xbf\xbd" "b");
	free(s);
	s = ha_utf8_lossy("\xc0\xaf|\xed\xa0\x80|\xe2\x82");
	/* overlong: two bad bytes; a surrogate or a cut sequence: one */
	assert_string_equal(s, "\xef\xbf\xbd\xef\xbf\xbd|\xef\xbf\xbd|"
	    "\xef\xbf\xbd");
	free(s);
	s = ha_utf8_lossy("caf\xc3\xa9 \xf0\x9f\x90\xb3");
	assert_string_equal(s, "caf\xc3\xa9 \xf0\x9f\x90\xb3");
	free(s);
}

static void
test_every_writer_valid_utf8(void **state)
{
	struct ha_report rep;
	size_t i;

	(void)state;
	make_report(&rep, 0);	/* not converted: writers must cope */
	for (i = 0; i < ha_writer_count(); i++) {
		const char *name = ha_writer_at(i)->name;

		if (strcmp(name, "json") == 0)
			continue;	/* jansson needs the converted model */
		free(render(name, &rep));
	}
	free_report(&rep);
}

static void
test_json_lossy(void **state)
{
	struct ha_report rep;
	char *out;

	(void)state;
	make_report(&rep, 1);
	out = render("json", &rep);
	assert_non_null(strstr(out, "\"hostname\": \"h\\uFFFD<st>\""));
	assert_non_null(strstr(out, "a,\\\"b\\\" <c>&d ]]> 'e'\\nf\\r\\\\g "
	    "\\u001B[31m \\uFFFD\\uFFFD \\uFFFD"));
	free(out);
	free_report(&rep);
}

static void
test_xml_escaping(void **state)
{
	struct ha_report rep;
	char *out;

	(void)state;
	make_report(&rep, 1);
	out = render("junit", &rep);
	assert_non_null(strstr(out, "name=\"5&quot;5\\x&#10;y t.ctr [a,&quot;b"
	    "&quot; &lt;c&gt;&amp;d ]]&gt; &#39;e&#39;&#10;f&#13;\\g \xef\xbf"
	    "\xbd[31m \xef\xbf\xbd\xef\xbf\xbd \xef\xbf\xbd]\""));
	assert_null(strstr(out, "<c>"));
	assert_null(strstr(out, "]]>"));
	assert_null(strstr(out, "\x1b"));
	assert_non_null(strstr(out, "<error message="));
	free(out);
	out = render("html", &rep);
	assert_null(strstr(out, "<c>"));
	assert_null(strstr(out, "<st>"));
	assert_non_null(strstr(out, "&lt;c&gt;&amp;d ]]&gt; &#39;e&#39;"));
	assert_non_null(strstr(out, "Fix &lt;it&gt; &amp; &quot;go&quot;"));
	free(out);
	free_report(&rep);
}

static void
test_csv_quoting(void **state)
{
	struct ha_report rep;
	char *out;

	(void)state;
	make_report(&rep, 1);
	out = render("csv", &rep);
	assert_memory_equal(out, "section,ref,id,", 15);
	assert_non_null(strstr(out, ",container,\"a,\"\"b\"\" <c>&d ]]> 'e'\n"
	    "f\r\\g \x1b[31m \xef\xbf\xbd\xef\xbf\xbd \xef\xbf\xbd\",fail,"));
	assert_non_null(strstr(out, "5,\"5\"\"5\\x\ny\",t.ctr,"));
	/* the 16th column names the engine, the 17th the host */
	assert_non_null(strstr(out, ",pass,,fine,,unknown (no engine facts),"
	    "h\xef\xbf\xbd<st>,"));
	free(out);
	free_report(&rep);
}

static void
test_prom_labels(void **state)
{
	struct ha_report rep;
	char *out;

	(void)state;
	make_report(&rep, 1);
	out = render("prometheus", &rep);
	assert_non_null(strstr(out, "hostaudit_check_status{id=\"t.ctr\","
	    "ref=\"5\\\"5\\\\x\\ny\",status=\"fail\"} 1\n"));
	assert_non_null(strstr(out, "{section=\"5\",title=\"Runtime \\\"x\\\" "
	    "\\\\ <y>\"} 0.0\n"));
	assert_non_null(strstr(out,
	    "hostaudit_findings{severity=\"high\"} 1\n"));
	assert_non_null(strstr(out, "hostaudit_duration_seconds 1.500\n"));
	free(out);
	free_report(&rep);
}

static void
test_sarif_results(void **state)
{
	struct ha_report rep;
	json_t *doc, *res;
	char *out;

	(void)state;
	make_report(&rep, 0);
	out = render("sarif", &rep);
	doc = json_loads(out, 0, NULL);
	assert_non_null(doc);
	res = json_object_get(json_array_get(json_object_get(doc, "runs"), 0),
	    "results");
	assert_int_equal(json_array_size(res), 1);	/* one failing target */
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(res, 0), "level")), "error");
	json_decref(doc);
	free(out);
	free_report(&rep);
}

/* Count the occurrences of needle in s. */
static int
count(const char *s, const char *needle)
{
	int n = 0;

	while ((s = strstr(s, needle)) != NULL) {
		n++;
		s += strlen(needle);
	}
	return n;
}

/* The SARIF document of rep, parsed (caller json_decref()s). */
static json_t *
sarif(const struct ha_report *rep)
{
	char *out = render("sarif", rep);
	json_t *doc = json_loads(out, 0, NULL);

	assert_non_null(doc);
	free(out);
	return doc;
}

static json_t *
sarif_run(json_t *doc)
{
	return json_array_get(json_object_get(doc, "runs"), 0);
}

static const char *
jstr(const json_t *o, const char *path)
{
	return json_string_value(ha_facts_get(o, path));
}

/* results[i]'s artifactLocation */
static const json_t *
artifact(json_t *doc, size_t i)
{
	json_t *res = json_array_get(json_object_get(sarif_run(doc),
	    "results"), i);

	return ha_facts_get(json_array_get(json_object_get(res, "locations"),
	    0), "physicalLocation.artifactLocation");
}

static const char *
result_uri(json_t *doc, size_t i)
{
	return json_string_value(json_object_get(artifact(doc, i), "uri"));
}

static const char *
fingerprint(json_t *doc, size_t i)
{
	json_t *res = json_array_get(json_object_get(sarif_run(doc),
	    "results"), i);

	return json_string_value(json_object_get(json_object_get(res,
	    "partialFingerprints"), "hostauditFinding/v1"));
}

/*
 * What GitHub code scanning requires: rules with a full description, help
 * text and a security-severity in the band of their severity; results
 * with a relative, percent-encoded uri, no region without a line, and
 * partialFingerprints.
 */
static void
test_sarif_code_scanning(void **state)
{
	struct ha_report rep;
	json_t *doc, *rule, *res;
	const json_t *tags;
	const char *uri, *p;

	(void)state;
	make_report(&rep, 0);
	doc = sarif(&rep);
	rule = json_array_get(ha_facts_get(sarif_run(doc),
	    "tool.driver.rules"), 0);
	assert_string_equal(jstr(rule, "properties.security-severity"),
	    "8.0");	/* high */
	assert_string_equal(jstr(json_array_get(ha_facts_get(sarif_run(doc),
	    "tool.driver.rules"), 1), "properties.security-severity"), "3.0");
	tags = ha_facts_get(rule, "properties.tags");
	assert_string_equal(json_string_value(json_array_get(tags, 0)),
	    "security");
	assert_string_equal(json_string_value(json_array_get(tags, 3)),
	    "section-5");
	assert_non_null(jstr(rule, "fullDescription.text"));
	assert_non_null(strstr(jstr(rule, "help.text"), "Remediation: Fix "
	    "<it>"));
	/* Markdown: the < of the remediation cannot open an HTML tag */
	assert_non_null(strstr(jstr(rule, "help.markdown"), "Fix \\<it\\>"));
	assert_null(json_object_get(rule, "helpUri"));
	res = json_array_get(json_object_get(sarif_run(doc), "results"), 0);
	assert_non_null(jstr(res, "partialFingerprints.hostauditFinding/v1"));
	assert_string_equal(jstr(res,
	    "partialFingerprints.primaryLocationLineHash"),
	    jstr(res, "partialFingerprints.hostauditFinding/v1"));
	assert_null(ha_facts_get(json_array_get(json_object_get(res,
	    "locations"), 0), "physicalLocation.region"));
	/* the hostile container name, percent-encoded into one segment */
	uri = result_uri(doc, 0);
	assert_non_null(uri);
	assert_true(strncmp(uri, "docker/containers/", 18) == 0);
	for (p = uri; *p != '\0'; p++)
		assert_non_null(strchr("abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~%/:@+,=", *p));
	assert_int_equal(count(uri, "/"), 2);
	assert_null(json_object_get(artifact(doc, 0), "uriBaseId"));
	assert_string_equal(jstr(sarif_run(doc),
	    "originalUriBaseIds.ROOTPATH.uri"), "file:///");
	json_decref(doc);
	free_report(&rep);
}

/* A report of one failing daemon check with the given targets. */
static void
one_check_report(struct ha_report *rep, const char *const *kind_name,
    size_t n)
{
	struct ha_result *r;
	size_t i;

	memset(rep, 0, sizeof(*rep));
	rep->tool_version = "0.0.0";
	rep->host = ha_xstrdup("h");
	rep->profile = &profile;
	rep->facts = json_object();
	rep->results = ha_xcalloc(1, sizeof(*rep->results));
	rep->nresults = 1;
	r = &rep->results[0];
	ha_result_init(r, &checks[1], &entries[1]);
	for (i = 0; i < n; i++)
		ha_result_add_target(r, kind_name[2 * i], kind_name[2 * i + 1],
		    HA_FAIL, "bad");
	ha_result_set(r, HA_FAIL, "bad");
	ha_report_score(rep);
}

/*
 * Each finding at the file it is about, relative to ROOTPATH, or at a
 * pseudo-path for what is not a file; a daemon finding without targets
 * at the daemon's configuration file.
 */
static void
test_sarif_locations(void **state)
{
	static const char *const t[] = {
		"file", "/var/run/docker.sock",
		"certificate", "/etc/docker/ca.pem #2",
		"user", "alice",
		"image", "reg:5000/team/app:1.2",
		"network", "my net",
		"file", "./conf/daemon.json",
		"file", "a:b/c",
	};
	static const char *const want[] = {
		"var/run/docker.sock", "etc/docker/ca.pem", "etc/group",
		"docker/images/reg:5000%2Fteam%2Fapp:1.2",
		"docker/networks/my%20net", "conf/daemon.json", "a%3Ab/c",
	};
	struct ha_report rep;
	json_t *doc;
	size_t i;

	(void)state;
	one_check_report(&rep, t, HA_ARRAY_SIZE(want));
	doc = sarif(&rep);
	for (i = 0; i < HA_ARRAY_SIZE(want); i++) {
		assert_string_equal(result_uri(doc, i), want[i]);
		/* absolute host paths only are relative to the host's root */
		if (i < 3)
			assert_string_equal(json_string_value(json_object_get(
			    artifact(doc, i), "uriBaseId")), "ROOTPATH");
		else
			assert_null(json_object_get(artifact(doc, i),
			    "uriBaseId"));
	}
	json_decref(doc);
	free_report(&rep);

	/* no targets: the daemon's configuration file, else docker/daemon */
	one_check_report(&rep, NULL, 0);
	doc = sarif(&rep);
	assert_string_equal(result_uri(doc, 0), "docker/daemon");
	json_decref(doc);
	json_decref((json_t *)rep.facts);
	rep.facts = json_pack("{s:{s:{s:s}}}", "daemon", "config_file",
	    "path", "/etc/docker/daemon.json");
	doc = sarif(&rep);
	assert_string_equal(result_uri(doc, 0), "etc/docker/daemon.json");
	json_decref(doc);
	free_report(&rep);
}

/*
 * The fingerprint names the finding: the same in every run whatever its
 * message, different for another target or another check.
 */
static void
test_sarif_fingerprints(void **state)
{
	static const char *const t[] = {
		"container", "web", "container", "db", "image", "web",
	};
	struct ha_report rep, rep2;
	json_t *doc, *doc2;
	char *first;

	(void)state;
	one_check_report(&rep, t, 3);
	doc = sarif(&rep);
	assert_int_equal(strlen(fingerprint(doc, 0)), 32);
	assert_string_not_equal(fingerprint(doc, 0), fingerprint(doc, 1));
	assert_string_not_equal(fingerprint(doc, 0), fingerprint(doc, 2));
	first = ha_xstrdup(fingerprint(doc, 0));
	json_decref(doc);
	/* another run, another message: the same fingerprint */
	free(rep.results[0].targets[0].detail);
	rep.results[0].targets[0].detail = ha_xstrdup("worse now");
	doc = sarif(&rep);
	assert_string_equal(fingerprint(doc, 0), first);
	json_decref(doc);
	/* another check, same target: another fingerprint */
	one_check_report(&rep2, t, 1);
	rep2.results[0].check = &checks[0];
	doc2 = sarif(&rep2);
	assert_string_not_equal(fingerprint(doc2, 0), first);
	json_decref(doc2);
	free(first);
	free_report(&rep2);
	free_report(&rep);
}

/*
 * Code scanning rejects a run of more than 25000 results: the most
 * severe are kept, and the run says how many were left out.
 */
static void
test_sarif_result_cap(void **state)
{
	struct ha_report rep;
	struct ha_result *r;
	json_t *doc, *res;
	const json_t *notes;
	char name[32];
	size_t i;

	(void)state;
	memset(&rep, 0, sizeof(rep));
	rep.tool_version = "0.0.0";
	rep.host = ha_xstrdup("h");
	rep.profile = &profile;
	rep.facts = json_object();
	rep.results = ha_xcalloc(2, sizeof(*rep.results));
	rep.nresults = 2;
	r = &rep.results[0];	/* low, first */
	ha_result_init(r, &checks[1], &entries[1]);
	for (i = 0; i < 25000; i++) {
		snprintf(name, sizeof(name), "c%zu", i);
		ha_result_add_target(r, "container", name, HA_FAIL, "bad");
	}
	ha_result_set(r, HA_FAIL, "bad");
	r = &rep.results[1];	/* high, last */
	ha_result_init(r, &checks[0], &entries[0]);
	ha_result_add_target(r, "container", "x", HA_FAIL, "bad");
	ha_result_set(r, HA_FAIL, "bad");
	ha_report_score(&rep);
	doc = sarif(&rep);
	res = json_object_get(sarif_run(doc), "results");
	assert_int_equal(json_array_size(res), 25000);
	assert_string_equal(jstr(json_array_get(res, 24999), "ruleId"),
	    "t.ctr");
	assert_string_equal(result_uri(doc, 24998), "docker/containers/c24998");
	notes = ha_facts_get(json_array_get(json_object_get(sarif_run(doc),
	    "invocations"), 0), "toolExecutionNotifications");
	assert_non_null(strstr(jstr(json_array_get(notes, 0), "message.text"),
	    "1 results left out"));
	assert_int_equal(json_integer_value(ha_facts_get(sarif_run(doc),
	    "properties.results_left_out")), 1);
	json_decref(doc);
	free_report(&rep);
}

/* Code scanning shows 1024 characters of a description at most. */
static void
test_sarif_long_description(void **state)
{
	struct ha_check c = checks[1];
	struct ha_report rep;
	json_t *doc, *rule;
	char *long_text = ha_xcalloc(3001, 1);
	const char *full;

	(void)state;
	memset(long_text, 'x', 3000);
	memcpy(long_text + 1020, "\xc3\xa9\xc3\xa9", 4);	/* two é */
	c.rationale = long_text;
	one_check_report(&rep, NULL, 0);
	rep.results[0].check = &c;
	doc = sarif(&rep);
	rule = json_array_get(ha_facts_get(sarif_run(doc),
	    "tool.driver.rules"), 0);
	full = jstr(rule, "fullDescription.text");
	/* 1021 characters, the cut, then the dots: never half a é */
	assert_int_equal(strlen(full), 1020 + 2 + 3);
	assert_string_equal(full + 1020, "\xc3\xa9...");
	json_decref(doc);
	free_report(&rep);
	free(long_text);
}

static void
test_baseline(void **state)
{
	struct ha_report rep;
	json_t *prev;

	(void)state;
	make_report(&rep, 1);
	prev = json_pack("{s:s, s:[{s:s, s:s, s:[{s:s, s:s, s:s}]},"
	    " {s:s, s:s}]}", "started_at", "2026-01-01T00:00:00Z", "results",
	    "id", "t.ctr", "status", "fail", "targets", "kind", "container",
	    "name", "gone", "status", "fail",
	    "id", "t.daemon", "status", "fail");
	ha_baseline_apply(&rep, prev, "b.json");
	assert_int_equal(rep.results[0].change, HA_CHANGE_STILL);
	assert_int_equal(rep.results[0].targets[0].change, HA_CHANGE_NEW);
	assert_int_equal(rep.results[1].change, HA_CHANGE_FIXED);
	assert_int_equal(rep.baseline->nnew, 1);
	assert_int_equal(rep.baseline->nstill, 0);
	assert_int_equal(rep.baseline->nfixed, 2);
	assert_string_equal(rep.baseline->fixed[0].name, "gone");
	assert_null(rep.baseline->fixed[1].kind);
	json_decref(prev);
	free_report(&rep);
}

/*
 * text: a check with one target that only repeats the check's message
 * shows the message once; a lone target that says more is shown.
 */
static void
test_text_lone_target(void **state)
{
	struct ha_report rep;
	struct ha_result *r;
	char *out;

	(void)state;
	make_report(&rep, 1);
	r = &rep.results[1];
	ha_result_release(r);
	ha_result_init(r, &checks[1], &entries[1]);
	ha_result_add_target(r, "file", "/etc/x", HA_FAIL, "no rule for /x");
	ha_result_set(r, HA_FAIL, "no rule for /x");
	out = render("text", &rep);
	assert_int_equal(count(out, "no rule for /x"), 1);
	free(out);
	ha_result_release(r);
	ha_result_init(r, &checks[1], &entries[1]);
	ha_result_add_target(r, "file", "/etc/x", HA_FAIL, "mode 0666");
	ha_result_set(r, HA_FAIL, "no rule for /x");
	out = render("text", &rep);
	assert_int_equal(count(out, "mode 0666"), 1);
	free(out);
	free_report(&rep);
}


/*
 * 9 of 16 checks pass in section 5 (56.25 %), section 2 has only a skip:
 * every format shows 56.3 (rounded half up, once) and no number at all
 * for section 2 (n/a, null, NaN), never 100; and the coverage.
 */
static void
test_same_numbers_everywhere(void **state)
{
	struct ha_profile_entry e5 = entries[0], e2 = entries[1];
	struct ha_report rep;
	char *out;
	json_t *doc, *sec;
	size_t i;

	(void)state;
	memset(&rep, 0, sizeof(rep));
	rep.tool_version = "0.0.0";
	rep.host = ha_xstrdup("h");
	rep.profile = &profile;
	rep.facts = json_object();
	rep.results = ha_xcalloc(18, sizeof(*rep.results));
	for (i = 0; i < 16; i++) {
		ha_result_init(&rep.results[i], &checks[1], &e5);
		ha_result_set(&rep.results[i], i < 9 ? HA_PASS : HA_FAIL, "m");
	}
	ha_result_init(&rep.results[16], &checks[1], &e2);
	ha_result_set(&rep.results[16], HA_SKIP, "not here");
	ha_result_init(&rep.results[17], &checks[1], &e2);
	ha_result_set(&rep.results[17], HA_MANUAL, "a person");
	rep.nresults = 18;
	ha_report_score(&rep);
	assert_true(rep.score.percent == 56.3);
	assert_int_equal(rep.score.selected, 17);
	assert_int_equal(rep.score.evaluated, 17);

	out = render("text", &rep);
	assert_non_null(strstr(out, "Score 56.3%"));
	assert_non_null(strstr(out, "Coverage 100.0%  17 of 17 automated "
	    "checks evaluated"));
	/* section 2's row: n/a where the score goes */
	assert_non_null(strstr(out, "\n 2   D"));
	assert_non_null(strstr(strstr(out, "\n 2   D"), "  n/a "));
	assert_null(strstr(out, "100.0%     "));
	free(out);
	out = render("json", &rep);
	doc = json_loads(out, 0, NULL);
	assert_non_null(doc);
	assert_true(json_real_value(json_object_get(json_object_get(doc,
	    "score"), "percent")) == 56.3);
	sec = json_object_get(json_object_get(doc, "score"), "sections");
	assert_true(json_real_value(json_object_get(json_array_get(sec, 0),
	    "percent")) == 56.3);
	assert_true(json_is_null(json_object_get(json_array_get(sec, 1),
	    "percent")));
	json_decref(doc);
	free(out);
	out = render("prometheus", &rep);
	assert_non_null(strstr(out, "\nhostaudit_score_percent 56.3\n"));
	assert_non_null(strstr(out, "title=\"D\"} NaN\n"));
	assert_non_null(strstr(out, "\nhostaudit_coverage_percent 100.0\n"));
	assert_non_null(strstr(out, "\nhostaudit_errors 0\n"));
	free(out);
	out = render("junit", &rep);
	assert_non_null(strstr(out, "name=\"score_percent\" value=\"56.3\""));
	free(out);
	out = render("sarif", &rep);
	assert_non_null(strstr(out, "\"score_percent\": 56.3"));
	free(out);
	out = render("html", &rep);
	assert_non_null(strstr(out, ">56.3%<"));
	assert_non_null(strstr(out, ">n/a<"));
	free(out);
	free_report(&rep);
}


/* Every format says which engine was audited. */
static void
test_every_format_names_engine(void **state)
{
	static const char *const formats[] = {
		"text", "json", "junit", "sarif", "csv", "prometheus", "html",
	};
	struct ha_report rep;
	char *out;
	size_t i;

	(void)state;
	make_report(&rep, 1);
	json_decref((json_t *)rep.facts);
	rep.facts = json_loads("{\"engine\": {\"status\": \"ok\", "
	    "\"endpoint\": \"unix:///run/e.sock\", \"version\": "
	    "{\"Version\": \"24.0.7\", \"ApiVersion\": \"1.43\"}}}", 0,
	    NULL);
	assert_non_null(rep.facts);
	for (i = 0; i < HA_ARRAY_SIZE(formats); i++) {
		out = render(formats[i], &rep);
		if (strstr(out, "24.0.7") == NULL ||
		    strstr(out, "unix:///run/e.sock") == NULL)
			fail_msg("%s does not name the engine", formats[i]);
		free(out);
	}
	free_report(&rep);
}


/*
 * Hostile text is shown, never obeyed: an ANSI escape, a direction
 * override and a zero-width space in a container name come out escaped
 * in text, HTML and JUnit; a CSV cell that a spreadsheet would run as a
 * formula is neutralised.
 */
static void
test_hostile_text_shown(void **state)
{
	static const char *const formats[] = { "text", "html", "junit" };
	struct ha_report rep;
	char *out;
	size_t i;

	(void)state;
	make_report(&rep, 1);
	free(rep.results[0].targets[1].name);
	rep.results[0].targets[1].name = ha_xstrdup("ok\xe2\x80\xaegpj."
	    "exe\xe2\x80\x8bx\x1b[2J");
	rep.results[0].targets[1].status = HA_FAIL;
	for (i = 0; i < HA_ARRAY_SIZE(formats); i++) {
		out = render(formats[i], &rep);
		if (strstr(out, "\xe2\x80\xae") != NULL ||
		    strstr(out, "\xe2\x80\x8b") != NULL ||
		    strstr(out, "\x1b[2J") != NULL)
			fail_msg("%s passes hostile text through", formats[i]);
		if (strstr(out, "ok\\u202egpj.exe\\u200bx") == NULL)
			fail_msg("%s does not show the text escaped",
			    formats[i]);
		free(out);
	}
	free(rep.results[0].targets[1].name);
	rep.results[0].targets[1].name = ha_xstrdup("=HYPERLINK(\"x\")");
	out = render("csv", &rep);
	assert_non_null(strstr(out, ",\"'=HYPERLINK(\"\"x\"\")\","));
	assert_null(strstr(out, ",\"=HYPERLINK"));
	free(out);
	free_report(&rep);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lossy),
		cmocka_unit_test(test_every_writer_valid_utf8),
		cmocka_unit_test(test_json_lossy),
		cmocka_unit_test(test_xml_escaping),
		cmocka_unit_test(test_csv_quoting),
		cmocka_unit_test(test_prom_labels),
		cmocka_unit_test(test_sarif_results),
		cmocka_unit_test(test_sarif_code_scanning),
		cmocka_unit_test(test_sarif_locations),
		cmocka_unit_test(test_sarif_fingerprints),
		cmocka_unit_test(test_sarif_result_cap),
		cmocka_unit_test(test_sarif_long_description),
		cmocka_unit_test(test_baseline),
		cmocka_unit_test(test_text_lone_target),
		cmocka_unit_test(test_same_numbers_everywhere),
		cmocka_unit_test(test_every_format_names_engine),
		cmocka_unit_test(test_hostile_text_shown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_report_v3.c - the JSON report of schema hostaudit-report/3 (the
 * host object, the engine's id and name, rationale and remediation, a
 * target's id, image and Compose labels), the streamed JSON writer
 * against the tree json_dumpf() writes, the CSV's new columns and
 * baseline rows, and the Markdown report: its tables well formed, the
 * most severe failure first, hostile text escaped.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include <cmocka.h>

#include "ha_baseline.h"
#include "ha_collect.h"
#include "ha_facts.h"
#include "ha_host.h"
#include "ha_report.h"
#include "ha_util.h"
#include "helper_checks.h"

#define HOSTILE	"x|y `z` *w* [l](http://e) <b>&amp; @team\n\x1b[31m _u_ \\"

static const struct ha_check checks[] = {
	{ .id = "t.ctr", .title = "Containers <are> \"fine\"",
	  .scope = HA_SCOPE_CONTAINER, .level = 1,
	  .rationale = "Because | reasons.",
	  .remediation = "Fix <it> & \"go\" | now" },
	{ .id = "t.daemon", .title = "Daemon", .scope = HA_SCOPE_DAEMON,
	  .level = 2, .rationale = "r", .remediation = "=cmd" },
	{ .id = "t.crit", .title = "Socket mounted",
	  .scope = HA_SCOPE_CONTAINER, .level = 1, .remediation = "Unmount" },
	{ .id = "t.pass", .title = "Fine", .scope = HA_SCOPE_HOST,
	  .level = 1 },
};

static char ref5[] = "5.1", ref2[] = "2.1", ref31[] = "5.31", ref1[] = "1.1";
static char s5[] = "5", s2[] = "2", s1[] = "1";
static char t5[] = "Runtime", t2[] = "Daemon", t1[] = "Host";
static char pname[] = "cis", ptitle[] = "CIS <&>", ppath[] = "p.json";

static struct ha_profile_entry entries[] = {
	{ .check = &checks[0], .ref = ref5, .section = s5, .level = 1,
	  .scored = 1, .weight = 1, .severity = HA_SEV_MEDIUM },
	{ .check = &checks[1], .ref = ref2, .section = s2, .level = 2,
	  .scored = 1, .weight = 0.5, .severity = HA_SEV_HIGH },
	{ .check = &checks[2], .ref = ref31, .section = s5, .level = 1,
	  .scored = 1, .weight = 1, .severity = HA_SEV_CRITICAL },
	{ .check = &checks[3], .ref = ref1, .section = s1, .level = 1,
	  .scored = 1, .weight = 1, .severity = HA_SEV_LOW },
};

static struct ha_profile_section sections[] = {
	{ .id = s5, .title = t5 }, { .id = s2, .title = t2 },
	{ .id = s1, .title = t1 },
};

static struct ha_profile profile = {
	.name = pname, .title = ptitle, .path = ppath, .entries = entries,
	.nentries = 4, .sections = sections, .nsections = 3,
};

static char wcheck[] = "t.ctr", wkind[] = "container", wtarget[] = "db*";
static char wreason[] = "legacy | app", wexp[] = "2027-01-31";
static char worigin[] = "p.json:3:5";
static const struct ha_waiver waiver = {
	.check = wcheck, .kind = wkind, .target = wtarget, .reason = wreason,
	.expires = wexp, .expires_ymd = 20270131, .origin = worigin,
};

static const char facts_text[] =
    "{\"collected_at\": \"2026-01-15T08:30:00Z\","
    " \"host\": {\"hostname\": \"web1\", \"kernel\": \"6.1.0-18-amd64\","
    "  \"architecture\": \"x86_64\", \"os\": \"Debian GNU/Linux 12\"},"
    " \"engine\": {\"status\": \"ok\", \"endpoint\": \"unix:///s.sock\","
    "  \"version\": {\"Version\": \"24.0.7\", \"ApiVersion\": \"1.43\"},"
    "  \"info\": {\"ID\": \"ABCD:EFGH\", \"Name\": \"engine-host\"},"
    "  \"containers\": ["
    "   {\"Id\": \"c0ffee01\", \"Name\": \"/web\", \"Image\": \"sha256:aa\","
    "    \"Config\": {\"Image\": \"=nginx:1.25\", \"Labels\": {"
    "     \"com.docker.compose.project\": \"shop\","
    "     \"com.docker.compose.service\": \"front\"}}},"
    "   {\"Id\": \"c0ffee02\", \"Name\": \"/db\", \"Image\": \"sha256:bb\","
    "    \"Config\": {\"Image\": \"postgres:16\"}}]},"
    " \"errors\": []}";

static json_t *
load_facts(const char *text)
{
	json_error_t err;
	json_t *f = json_loads(text, 0, &err);

	if (f == NULL)
		fail_msg("facts: %s at %d", err.text, err.line);
	return f;
}

static const json_t *
container(const json_t *facts, size_t i)
{
	return json_array_get(json_object_get(json_object_get(facts,
	    "engine"), "containers"), i);
}

static struct ha_target *
add(struct ha_result *r, const char *kind, const char *name,
    enum ha_status st, const json_t *obj)
{
	struct ha_target *t;

	ha_result_add_target(r, kind, name, st, "detail of %s", name);
	t = &r->targets[r->ntargets - 1];
	t->obj = obj;
	if (obj != NULL)
		t->state = ha_xstrdup("running");
	return t;
}

static void
fixed(struct ha_baseline *b, const char *id, const char *ref,
    const char *kind, const char *name, int gone)
{
	struct ha_fixed *f;

	b->fixed = ha_xreallocarray(b->fixed, b->nfixed + 1,
	    sizeof(*b->fixed));
	f = &b->fixed[b->nfixed++];
	memset(f, 0, sizeof(*f));
	f->id = ha_xstrdup(id);
	f->ref = ha_xstrdup(ref);
	f->title = ha_xstrdup("was failing");
	f->kind = kind ? ha_xstrdup(kind) : NULL;
	f->name = name ? ha_xstrdup(name) : NULL;
	f->gone = gone;
	b->ngone += gone != 0;
}

/*
 * A report with all there is: containers with and without Compose
 * labels, a hostile container name, 25 failing targets of a critical
 * check, a waiver, a baseline with fixed and gone findings.
 */
static void
make_report(struct ha_report *rep, int with_baseline)
{
	const json_t *facts = load_facts(facts_text);
	struct ha_result *r;
	struct ha_target *t;
	char name[32];
	int i;

	memset(rep, 0, sizeof(*rep));
	rep->tool_version = "0.0.0";
	rep->host = ha_xstrdup("web1");
	rep->profile = &profile;
	rep->facts = facts;
	rep->started_at = 1768466400;
	rep->duration_ms = 1234;
	rep->results = ha_xcalloc(4, sizeof(*rep->results));
	rep->nresults = 4;

	r = &rep->results[0];
	ha_result_init(r, &checks[0], &entries[0]);
	t = add(r, "container", "web", HA_FAIL, container(facts, 0));
	t->change = HA_CHANGE_NEW;
	t = add(r, "container", "db", HA_WAIVED, container(facts, 1));
	t->waiver = &waiver;
	add(r, "container", HOSTILE, HA_FAIL, NULL);
	ha_result_set(r, HA_FAIL, "%s", "2 containers fail");
	r->change = HA_CHANGE_STILL;

	r = &rep->results[1];
	ha_result_init(r, &checks[1], &entries[1]);
	ha_result_set(r, HA_FAIL, "icc is on, weight %g", 0.5);

	r = &rep->results[2];
	ha_result_init(r, &checks[2], &entries[2]);
	for (i = 0; i < 25; i++) {
		snprintf(name, sizeof(name), "app%02d", i);
		add(r, "container", name, HA_FAIL, NULL);
	}
	add(r, "image", "postgres:16", HA_PASS, NULL);
	ha_result_set(r, HA_FAIL, "%s", "socket mounted");

	r = &rep->results[3];
	ha_result_init(r, &checks[3], &entries[3]);
	ha_result_set(r, HA_PASS, "%s", "");

	rep->waivers = ha_xcalloc(1, sizeof(*rep->waivers));
	rep->waivers[0].waiver = &waiver;
	rep->waivers[0].state = HA_WAIVER_ACTIVE;
	rep->waivers[0].matched = 1;
	rep->nwaivers = 1;
	if (with_baseline) {
		struct ha_baseline *b = ha_xcalloc(1, sizeof(*b));

		b->path = ha_xstrdup("old.json");
		b->started_at = ha_xstrdup("2026-01-08T09:00:00Z");
		b->nnew = 1;
		b->nstill = 2;
		b->has_score = 1;
		b->score_before = 12.5;
		fixed(b, "t.ctr", "5.1", "container", "removed", 1);
		fixed(b, "t.ctr", "5.1", "container", "web", 0);
		fixed(b, "t.gone-check", "9.9", NULL, NULL, 0);
		rep->baseline = b;
	}
	ha_report_make_utf8(rep);
	ha_report_score(rep);
}

static void
free_report(struct ha_report *rep)
{
	json_decref((json_t *)rep->facts);
	ha_report_release(rep);
}

static void
test_stream_equals_tree(void **state)
{
	struct ha_report rep;
	char *a, *b;
	size_t n;

	(void)state;
	make_report(&rep, 1);
	a = ha_test_render("json", &rep, NULL);
	b = ha_test_tree_dump(&rep);
	assert_string_equal(a, b);
	free(a);
	free(b);
	/* no results at all: "results": [] */
	n = rep.nresults;
	rep.nresults = 0;
	a = ha_test_render("json", &rep, NULL);
	b = ha_test_tree_dump(&rep);
	assert_string_equal(a, b);
	assert_non_null(strstr(a, "\"results\": []"));
	rep.nresults = n;
	free(a);
	free(b);
	free_report(&rep);
}

static json_t *
json_report(const struct ha_report *rep)
{
	char *s = ha_test_render("json", rep, NULL);
	json_t *doc = load_facts(s);

	free(s);
	return doc;
}

static const char *
str_at(const json_t *o, const char *path)
{
	return ha_facts_str(o, path);
}

static void
test_json_v3_fields(void **state)
{
	struct ha_report rep;
	json_t *doc, *res, *tg;

	(void)state;
	make_report(&rep, 0);
	doc = json_report(&rep);
	assert_string_equal(str_at(doc, "schema"), "hostaudit-report/3");
	assert_string_equal(str_at(doc, "host.hostname"), "web1");
	assert_string_equal(str_at(doc, "host.os"), "Debian GNU/Linux 12");
	assert_string_equal(str_at(doc, "host.kernel"), "6.1.0-18-amd64");
	assert_string_equal(str_at(doc, "host.architecture"), "x86_64");
	assert_string_equal(str_at(doc, "engine.id"), "ABCD:EFGH");
	assert_string_equal(str_at(doc, "engine.name"), "engine-host");
	assert_string_equal(str_at(doc, "engine.version"), "24.0.7");
	res = json_array_get(json_object_get(doc, "results"), 0);
	assert_string_equal(str_at(res, "rationale"), "Because | reasons.");
	assert_string_equal(str_at(res, "remediation"),
	    "Fix <it> & \"go\" | now");
	/* a check without a rationale still has the member */
	res = json_array_get(json_object_get(doc, "results"), 2);
	assert_string_equal(str_at(res, "rationale"), "");
	res = json_array_get(json_object_get(doc, "results"), 0);
	tg = json_array_get(json_object_get(res, "targets"), 0);
	assert_string_equal(str_at(tg, "id"), "c0ffee01");
	assert_string_equal(str_at(tg, "image"), "=nginx:1.25");
	assert_string_equal(str_at(tg, "image_id"), "sha256:aa");
	assert_string_equal(str_at(tg, "compose_project"), "shop");
	assert_string_equal(str_at(tg, "compose_service"), "front");
	tg = json_array_get(json_object_get(res, "targets"), 1);
	assert_string_equal(str_at(tg, "id"), "c0ffee02");
	assert_null(json_object_get(tg, "compose_project"));
	/* unknown: the keys are absent, not null */
	tg = json_array_get(json_object_get(res, "targets"), 2);
	assert_null(json_object_get(tg, "id"));
	assert_null(json_object_get(tg, "image"));
	json_decref(doc);
	free_report(&rep);
}

/* Nothing of a remote engine's host is collected: its /info tells. */
static void
test_json_remote_host(void **state)
{
	struct ha_report rep;
	const json_t *own;
	json_t *doc, *h;

	(void)state;
	make_report(&rep, 0);
	/* the targets point into the report's own facts: they stay alive */
	own = rep.facts;
	rep.facts = load_facts("{\"host\": {\"hostname\": \"far\", \"remote\":"
	    " true}, \"engine\": {\"status\": \"ok\", \"remote\": true,"
	    " \"info\": {\"OperatingSystem\": \"Ubuntu 24.04\", \"Name\":"
	    " \"far\", \"KernelVersion\": \"6.8.0\", \"Architecture\":"
	    " \"aarch64\"}}}");
	doc = json_report(&rep);
	h = json_object_get(doc, "host");
	assert_string_equal(str_at(h, "os"), "Ubuntu 24.04");
	assert_string_equal(str_at(h, "kernel"), "6.8.0");
	assert_string_equal(str_at(h, "architecture"), "aarch64");
	assert_true(json_is_null(json_object_get(doc, "engine")) == 0);
	assert_true(json_is_null(json_object_get(json_object_get(doc,
	    "engine"), "id")));
	json_decref(doc);
	/* a local host's own facts, never the engine's, and null unknown */
	json_decref((json_t *)rep.facts);
	rep.facts = load_facts("{\"host\": {\"hostname\": \"near\"},"
	    " \"engine\": {\"status\": \"ok\", \"info\": {\"OperatingSystem\":"
	    " \"Docker Desktop\"}}}");
	doc = json_report(&rep);
	h = json_object_get(doc, "host");
	assert_true(json_is_null(json_object_get(h, "os")));
	assert_true(json_is_null(json_object_get(h, "architecture")));
	json_decref(doc);
	json_decref((json_t *)rep.facts);
	rep.facts = own;
	free_report(&rep);
}

/* The host facts give the machine, as uname -m does, for host.architecture. */
static void
test_host_architecture(void **state)
{
	struct ha_collect_opts o;
	struct utsname u;
	json_t *facts = json_object();

	(void)state;
	ha_collect_opts_init(&o);
	ha_collect_host(&o, facts);
	assert_int_equal(uname(&u), 0);
	assert_string_equal(ha_facts_str(facts, "host.architecture"),
	    u.machine);
	json_decref(facts);
}

/* Split one CSV text into rows of fields (RFC 4180, CRLF). */
static size_t
csv_rows(const char *s, char ***cells, size_t *ncells, size_t max)
{
	size_t nrow = 0, n = 0;
	char field[4096];
	size_t len = 0;
	int quoted = 0;

	while (*s != '\0' && nrow < max) {
		if (quoted) {
			if (*s == '"' && s[1] == '"') {
				field[len++] = '"';
				s += 2;
			} else if (*s == '"') {
				quoted = 0;
				s++;
			} else {
				field[len++] = *s++;
			}
			continue;
		}
		if (*s == '"') {
			quoted = 1;
			s++;
			continue;
		}
		if (*s == ',' || (*s == '\r' && s[1] == '\n')) {
			field[len] = '\0';
			cells[nrow] = ha_xreallocarray(cells[nrow], n + 1,
			    sizeof(char *));
			cells[nrow][n++] = ha_xstrdup(field);
			len = 0;
			if (*s == '\r') {
				ncells[nrow++] = n;
				n = 0;
				s++;
			}
			s++;
			continue;
		}
		field[len++] = *s++;
	}
	return nrow;
}

static void
free_rows(char ***cells, const size_t *ncells, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		for (j = 0; j < ncells[i]; j++)
			free(cells[i][j]);
		free(cells[i]);
	}
}

static int
col(char **head, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(head[i], name) == 0)
			return (int)i;
	fail_msg("no column '%s'", name);
	return -1;
}

static void
test_csv_columns(void **state)
{
	static const char *const old[] = {
		"section", "ref", "id", "title", "level", "severity",
		"scored", "status", "message", "target_kind", "target_name",
		"target_status", "target_state", "target_detail", "change",
		"engine",
	};
	char **cells[64] = { 0 };
	size_t ncells[64], n, i;
	struct ha_report rep;
	char *out;
	int host, when, rem, tid, img, proj, chg, name;
	int gone = 0, fixed_rows = 0;

	(void)state;
	make_report(&rep, 1);
	out = ha_test_render("csv", &rep, NULL);
	n = csv_rows(out, cells, ncells, 64);
	/* header, 3 + 1 + 26 + 1 result rows, 2 baseline rows */
	assert_int_equal(n, 1 + 31 + 2);
	for (i = 0; i < HA_ARRAY_SIZE(old); i++)	/* kept, in order */
		assert_string_equal(cells[0][i], old[i]);
	host = col(cells[0], ncells[0], "host");
	when = col(cells[0], ncells[0], "collected_at");
	rem = col(cells[0], ncells[0], "remediation");
	tid = col(cells[0], ncells[0], "target_id");
	img = col(cells[0], ncells[0], "target_image");
	proj = col(cells[0], ncells[0], "compose_project");
	chg = col(cells[0], ncells[0], "change");
	name = col(cells[0], ncells[0], "target_name");
	assert_true(host >= 16 && when >= 16 && rem >= 16);
	for (i = 1; i < n; i++) {
		assert_int_equal(ncells[i], ncells[0]);
		assert_string_equal(cells[i][host], "web1");
		assert_string_equal(cells[i][when], "2026-01-15T08:30:00Z");
		if (strcmp(cells[i][chg], "gone") == 0) {
			gone++;
			assert_string_equal(cells[i][name], "removed");
			assert_string_equal(cells[i][rem],
			    "Fix <it> & \"go\" | now");
		}
		if (strcmp(cells[i][chg], "fixed") == 0) {
			fixed_rows++;
			assert_string_equal(cells[i][2], "t.gone-check");
		}
	}
	assert_int_equal(gone, 1);
	assert_int_equal(fixed_rows, 1);	/* web has its own row */
	assert_string_equal(cells[1][tid], "c0ffee01");
	/* a formula is neutralised in the new columns too */
	assert_string_equal(cells[1][img], "'=nginx:1.25");
	assert_string_equal(cells[1][proj], "shop");
	assert_string_equal(cells[4][rem], "'=cmd");
	assert_string_equal(cells[3][tid], "");
	free_rows(cells, ncells, n);
	free(out);
	free_report(&rep);
}

/* The number of cells of a Markdown table row: unescaped pipes - 1. */
static int
md_cells(const char *line, size_t len)
{
	size_t i;
	int pipes = 0;

	for (i = 0; i < len; i++) {
		if (line[i] == '\\') {
			i++;
			continue;
		}
		pipes += line[i] == '|';
	}
	return pipes - 1;
}

/* Every table: a delimiter row, and every row as many cells as the head. */
static int
md_tables_ok(const char *s)
{
	const char *line = s, *nl;
	int want = -1, rowno = 0, tables = 0;

	for (; *line != '\0'; line = nl + 1) {
		nl = strchr(line, '\n');
		if (nl == NULL)
			nl = line + strlen(line);
		if (*line != '|') {
			want = -1;
			if (*nl == '\0')
				break;
			continue;
		}
		if (line[nl - line - 1] != '|')
			return 0;
		if (want < 0) {
			want = md_cells(line, (size_t)(nl - line));
			rowno = 0;
			tables++;
		} else if (md_cells(line, (size_t)(nl - line)) != want) {
			return 0;
		}
		if (++rowno == 2 && strncmp(line, "|---", 4) != 0)
			return 0;
		if (*nl == '\0')
			break;
	}
	return tables;
}

static void
test_markdown(void **state)
{
	struct ha_report rep;
	char *out, *crit, *high, *med;

	(void)state;
	make_report(&rep, 1);
	out = ha_test_render("markdown", &rep, NULL);
	/* score, failures, baseline and waivers */
	assert_int_equal(md_tables_ok(out), 4);
	assert_non_null(strstr(out, "## hostaudit: web1 \xe2\x80\x94 cis\n"));
	assert_non_null(strstr(out, "**Engine:** docker 24.0.7"));
	crit = strstr(out, "| Critical | 5.31 |");
	high = strstr(out, "| High | 2.1 |");
	med = strstr(out, "| Medium | 5.1 |");
	assert_true(crit != NULL && high != NULL && med != NULL);
	assert_true(crit < high && high < med);
	assert_non_null(strstr(out, "| Medium | 5.1 | Containers &lt;are&gt; "
	    "\"fine\" | 2 | Fix &lt;it&gt; &amp; \"go\" \\| now |"));
	assert_non_null(strstr(out, "<details><summary>5.31 Socket mounted "
	    "(25 targets)</summary>"));
	assert_non_null(strstr(out, "- container **app19**"));
	assert_null(strstr(out, "app20"));
	assert_non_null(strstr(out, "- and 5 more\n"));
	assert_non_null(strstr(out, "(running, image =nginx:1.25, compose "
	    "shop/front) *new*"));
	/* hostile: nothing of it starts markup, HTML, a mention, a line */
	assert_non_null(strstr(out, "**x\\|y \\`z\\` \\*w\\* \\[l\\](http://e) "
	    "&lt;b&gt;&amp;amp; @&#8203;team<br>\\x1b\\[31m \\_u\\_ \\\\**"));
	assert_null(strstr(out, "<b>"));
	assert_null(strstr(out, "\x1b"));
	/* baseline: counts, score change, fixed and gone apart */
	assert_non_null(strstr(out, "| 1 | 2 | 2 | 1 | "));
	assert_non_null(strstr(out, "<summary>Gone: the container or image no "
	    "longer exists (1)</summary>\n\n- 5.1 was failing: container "
	    "**removed**\n"));
	assert_non_null(strstr(out, "<summary>Fixed (2)</summary>"));
	assert_non_null(strstr(out, "<summary>New (1)</summary>\n\n- 5.1 "
	    "Containers &lt;are&gt; \"fine\": container **web**\n"));
	assert_non_null(strstr(out, "| t.ctr | container db\\* | active | 1 | "
	    "2027-01-31 |  | legacy \\| app |"));
	free(out);
	free_report(&rep);
}

/* The score change: now minus the baseline's, signed. */
static void
test_markdown_score_change(void **state)
{
	struct ha_report rep;
	char *out, want[64];

	(void)state;
	make_report(&rep, 1);
	out = ha_test_render("markdown", &rep, NULL);
	snprintf(want, sizeof(want), "| %+.1f (12.5 \xe2\x86\x92 %.1f) |",
	    ha_round1(rep.score.percent - 12.5), rep.score.percent);
	assert_non_null(strstr(out, want));
	free(out);
	free_report(&rep);
	make_report(&rep, 0);
	out = ha_test_render("markdown", &rep, NULL);
	assert_null(strstr(out, "baseline"));
	assert_int_equal(md_tables_ok(out), 3);
	free(out);
	free_report(&rep);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_stream_equals_tree),
		cmocka_unit_test(test_json_v3_fields),
		cmocka_unit_test(test_json_remote_host),
		cmocka_unit_test(test_host_architecture),
		cmocka_unit_test(test_csv_columns),
		cmocka_unit_test(test_markdown),
		cmocka_unit_test(test_markdown_score_change),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

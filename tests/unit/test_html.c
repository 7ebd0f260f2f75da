/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_html.c - the HTML report over a report built by the real checks:
 * findings in severity order, an anchor on every check and container, the
 * audit-rule findings as one card with a rules file naming the host's own
 * paths, the view per container, the baseline's new, fixed and gone, the
 * filters and the print and dark styles, and a Content-Security-Policy
 * that names the page's stylesheet by its hash.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <openssl/evp.h>

#include "ha_baseline.h"
#include "ha_report.h"
#include "ha_util.h"
#include "helper_checks.h"

static const char profile_json[] =
"{\"name\": \"t\", \"title\": \"T\", \"sections\": ["
" {\"id\": \"1\", \"title\": \"Host configuration\"},"
" {\"id\": \"2\", \"title\": \"Docker daemon configuration\"},"
" {\"id\": \"3\", \"title\": \"Files\"},"
" {\"id\": \"5\", \"title\": \"Container runtime\"}],"
" \"checks\": ["
" {\"id\": \"host.audit-dockerd\", \"ref\": \"1.1.3\", \"level\": 1},"
" {\"id\": \"host.audit-var-lib-docker\", \"ref\": \"1.1.5\", \"level\": 1},"
" {\"id\": \"host.audit-etc-docker\", \"ref\": \"1.1.6\", \"level\": 1},"
" {\"id\": \"host.audit-runc\", \"ref\": \"1.1.18\", \"level\": 1},"
" {\"id\": \"daemon.icc\", \"ref\": \"2.2\", \"level\": 1},"
" {\"id\": \"daemon.live-restore\", \"ref\": \"2.15\", \"level\": 1},"
" {\"id\": \"file.docker-sock-mode\", \"ref\": \"3.16\", \"level\": 1},"
" {\"id\": \"container.privileged\", \"ref\": \"5.5\", \"level\": 1},"
" {\"id\": \"container.memory-limit\", \"ref\": \"5.11\", \"level\": 1},"
" {\"id\": \"container.docker-sock\", \"ref\": \"5.32\", \"level\": 1}]}";

#define CTR(id, name, image, state, priv, mem, labels, mounts)		\
	"{\"Id\": \"" id "\", \"Name\": \"" name "\", \"Image\": "	\
	"\"sha256:" id "\", \"Config\": {\"Image\": \"" image "\", "	\
	"\"User\": \"\", \"Labels\": " labels "}, \"State\": "		\
	"{\"Status\": \"" state "\"}, \"HostConfig\": "		\
	"{\"Privileged\": "						\
	priv ", \"Memory\": " mem ", \"Binds\": []}, \"Mounts\": ["	\
	mounts "]}"
#define SOCK_MOUNT "{\"Type\": \"bind\", \"Source\": "			\
	"\"/var/run/docker.sock\", \"Destination\": "			\
	"\"/var/run/docker.sock\", \"RW\": true}"
#define APATH(p) "{\"path\": \"" p "\", \"real_path\": \"" p "\", "	\
	"\"exists\": true}"

static const char facts_json[] =
"{\"host\": {\"hostname\": \"h1\", \"kernel\": \"6.1\", \"os\": \"Debian\"},"
" \"engine\": {\"endpoint\": \"unix:///var/run/docker.sock\","
"  \"status\": \"ok\", \"version\": {\"Version\": \"24.0.7\","
"  \"ApiVersion\": \"1.43\"}, \"info\": {}, \"containers\": ["
CTR("0123456789abcdef0123", "/web", "nginx:1.25", "running", "true", "0",
    "{\"com.docker.compose.project\": \"shop\", "
    "\"com.docker.compose.service\": \"frontend\"}", "") ", "
CTR("2222", "/db", "postgres:16", "exited", "false", "536870912", "{}",
    "") ", "
CTR("3333", "/bad <b>&amp;</b> name", "evil:latest", "created", "false",
    "0", "{}", SOCK_MOUNT)
"], \"images\": []},"
" \"daemon\": {\"status\": \"found\", \"settings\": {\"icc\": {\"value\": "
"  true, \"source\": \"default\"}, \"live-restore\": {\"value\": true, "
"  \"source\": \"file\"}}},"
" \"files\": {\"docker_sock\": {\"path\": \"/var/run/docker.sock\", "
"  \"exists\": true, \"type\": \"socket\", \"mode\": 438, \"uid\": 0, "
"  \"gid\": 998}},"
" \"audit\": {\"source\": \"kernel\", \"enabled\": 1, \"usr_merge\": [], "
"  \"rules\": [{\"path\": \"/etc/docker\", \"kind\": \"dir\", \"perms\": "
"  \"rwxa\", \"key\": \"docker\", \"action\": \"always\", \"origin\": "
"  \"kernel\"}]},"
" \"audit_paths\": {\"dockerd\": " APATH("/usr/sbin/dockerd") ", "
"  \"data_root\": " APATH("/srv/docker") ", \"etc_docker\": "
APATH("/etc/docker") ", \"runc\": " APATH("/usr/sbin/runc") "}}";

struct fixture {
	struct ha_profile	 p;
	json_t			*facts;
	struct ha_report	 rep;
	char			*html;
};

static char *
render(const struct ha_report *rep)
{
	return ha_test_render("html", rep, NULL);
}

static int
setup(void **state)
{
	struct fixture *f = ha_xcalloc(1, sizeof(*f));
	json_error_t err;
	const char *dump;
	FILE *fp;

	if (ha_profile_parse(profile_json, strlen(profile_json), "t.json",
	    &f->p) != 0)
		fail_msg("profile does not parse");
	if ((f->facts = json_loads(facts_json, 0, &err)) == NULL)
		fail_msg("facts: %s (column %d)", err.text, err.column);
	ha_report_build(&f->rep, &f->p, f->facts);
	f->html = render(&f->rep);
	if ((dump = getenv("TEST_HTML_DUMP")) != NULL &&
	    (fp = fopen(dump, "w")) != NULL) {	/* to look at it */
		fputs(f->html, fp);
		fclose(fp);
	}
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	free(f->html);
	ha_report_release(&f->rep);
	ha_profile_release(&f->p);
	json_decref(f->facts);
	free(f);
	return 0;
}

static const struct ha_result *
result(const struct ha_report *rep, const char *id)
{
	size_t i;

	for (i = 0; i < rep->nresults; i++)
		if (strcmp(rep->results[i].check->id, id) == 0)
			return &rep->results[i];
	fail_msg("no result for %s", id);
	return NULL;
}

/* Where s first occurs in html, failing when it does not. */
static size_t
at(const char *html, const char *s)
{
	const char *p = strstr(html, s);

	if (p == NULL)
		fail_msg("'%s' not in the page", s);
	return (size_t)(p - html);
}

static int
count(const char *html, const char *s)
{
	const char *p = html;
	int n = 0;

	while ((p = strstr(p, s)) != NULL) {
		n++;
		p += strlen(s);
	}
	return n;
}

/* The fixture is what the tests think it is. */
static void
test_fixture(void **state)
{
	struct fixture *f = *state;

	assert_int_equal(result(&f->rep, "container.docker-sock")->status,
	    HA_FAIL);
	assert_int_equal(result(&f->rep, "container.docker-sock")->entry->
	    severity, HA_SEV_CRITICAL);
	assert_int_equal(result(&f->rep, "daemon.icc")->status, HA_FAIL);
	assert_int_equal(result(&f->rep, "daemon.icc")->entry->severity,
	    HA_SEV_MEDIUM);
	assert_int_equal(result(&f->rep, "host.audit-dockerd")->status,
	    HA_FAIL);
	assert_int_equal(result(&f->rep, "host.audit-etc-docker")->status,
	    HA_PASS);
	assert_int_equal(result(&f->rep, "daemon.live-restore")->status,
	    HA_PASS);
}

/* Critical first, then high, then medium; passes after the findings. */
static void
test_order(void **state)
{
	struct fixture *f = *state;
	const char *h = f->html;
	size_t fix = at(h, "id=\"fix-first\""), crit, crit2, high, med;

	crit = at(h, "id=\"check-container.privileged\"");
	crit2 = at(h, "id=\"check-container.docker-sock\"");
	high = at(h, "id=\"check-file.docker-sock-mode\"");
	med = at(h, "id=\"check-daemon.icc\"");
	assert_true(fix < crit && crit < crit2);
	assert_true(crit2 < high && high < med);
	assert_true(med < at(h, "id=\"check-container.memory-limit\""));
	/* the medium audit card after the medium daemon finding (section) */
	assert_true(at(h, "id=\"audit-rules\"") > high);
	/* passes come after every finding, collapsed */
	assert_true(at(h, "id=\"check-daemon.live-restore\"") >
	    at(h, "id=\"containers\""));
	assert_true(at(h, "class=\"tog\"") < at(h,
	    "id=\"check-daemon.live-restore\""));
	/* the page opens with the contents and the summary, not the host */
	assert_true(at(h, "<nav") < fix && at(h, "id=\"host\"") > fix);
}

/* Every check once, every container, every section; every link lands. */
static void
test_anchors(void **state)
{
	struct fixture *f = *state;
	const char *h = f->html, *p, *q;
	char *id, *want;
	size_t i;

	for (i = 0; i < f->rep.nresults; i++) {
		want = ha_xasprintf("id=\"check-%s\"",
		    f->rep.results[i].check->id);
		if (count(h, want) != 1)
			fail_msg("%s: %d times", want, count(h, want));
		free(want);
	}
	assert_int_equal(count(h, "id=\"container-web\""), 1);
	assert_int_equal(count(h, "id=\"container-db\""), 1);
	/* a hostile name makes a plain id and stays escaped as text */
	assert_int_equal(count(h, "id=\"container-bad-b-amp-b-name\""), 1);
	assert_non_null(strstr(h, "bad &lt;b&gt;&amp;amp;&lt;/b&gt; name"));
	assert_null(strstr(h, "<b>&amp;"));
	for (i = 0; i < f->rep.nsections; i++) {
		want = ha_xasprintf("id=\"section-%s\"",
		    f->rep.sections[i].id);
		assert_int_equal(count(h, want), 1);
		free(want);
	}
	for (p = h; (p = strstr(p, "href=\"")) != NULL; p = q) {
		p += strlen("href=\"");
		if (*p != '#')
			fail_msg("a link out of the page: %.40s", p);
		q = strchr(p, '"');
		id = ha_xasprintf("id=\"%.*s\"", (int)(q - p - 1), p + 1);
		if (strstr(h, id) == NULL)
			fail_msg("link to a missing anchor: %s", id);
		free(id);
	}
	for (i = 0; i < 3; i++)
		at(h, (const char *[]){ "href=\"#fix-first\"",
		    "href=\"#containers\"", "href=\"#section-5\"" }[i]);
}

/* The audit findings make one card; the rules name this host's paths. */
static void
test_audit_card(void **state)
{
	struct fixture *f = *state;
	const char *h = f->html, *card, *end;

	assert_int_equal(count(h, "id=\"audit-rules\""), 1);
	card = h + at(h, "id=\"audit-rules\"");
	end = strstr(card, "</article>");
	assert_non_null(end);
	/* each failing audit check is a row of the card, not a card */
	assert_true(at(h, "id=\"check-host.audit-dockerd\"") <
	    (size_t)(end - h));
	assert_true(at(h, "id=\"check-host.audit-runc\"") < (size_t)(end - h));
	assert_true(at(h, "id=\"check-host.audit-var-lib-docker\"") <
	    (size_t)(end - h));
	assert_int_equal(count(h, "class=\"finding fail audit"), 1);
	assert_true(at(h, "/etc/audit/rules.d/docker.rules") <
	    (size_t)(end - h));
	at(card, "-w /usr/sbin/dockerd -p rwxa -k docker\n");
	at(card, "-w /srv/docker -p rwxa -k docker\n");
	at(card, "-w /usr/sbin/runc -p rwxa -k docker\n");
	at(card, "augenrules --load");
	/* what is watched already is not asked for again */
	assert_null(memmem(card, (size_t)(end - card), "-w /etc/docker ",
	    strlen("-w /etc/docker ")));
	assert_null(strstr(h, "-w /usr/bin/dockerd"));
	/* the passing audit check stays with the passes */
	assert_true(at(h, "id=\"check-host.audit-etc-docker\"") >
	    at(h, "id=\"other\""));
}

/* Container -> its failed checks, with image, short id, state, project. */
static void
test_containers(void **state)
{
	struct fixture *f = *state;
	const char *h = f->html, *web, *end;

	web = h + at(h, "id=\"container-web\"");
	end = strstr(web, "</div>\n");
	assert_non_null(end);
	assert_true(strstr(web, "nginx:1.25") < end);
	assert_true(strstr(web, "<b>0123456789ab</b>") < end);
	assert_null(strstr(h, "0123456789abcdef"));
	assert_true(strstr(web, "running") < end);
	assert_true(strstr(web, "shop") < end);
	assert_true(strstr(web, "frontend") < end);
	assert_true(strstr(web, "href=\"#check-container.privileged\"") < end);
	assert_true(strstr(web, "href=\"#check-container.memory-limit\"") <
	    end);
	assert_true(strstr(web, "5.5") < end);
	/* the worst container first; the clean one says so */
	assert_true(at(h, "id=\"container-web\"") <
	    at(h, "id=\"container-db\""));
	assert_true(at(h, "id=\"container-bad-b-amp-b-name\"") <
	    at(h, "id=\"container-db\""));
	at(h + at(h, "id=\"container-db\""), "No failed checks");
	/* findings link their containers */
	at(h, "<a class=\"tname\" href=\"#container-web\">web</a>");
}

/* Filters without script; print keeps everything; dark; a strict CSP. */
static void
test_styles(void **state)
{
	struct fixture *f = *state;
	const char *h = f->html, *s, *e, *print;
	unsigned char md[EVP_MAX_MD_SIZE], b64[64];
	unsigned int n;
	char *want;

	assert_null(strstr(h, "<script"));
	assert_null(strstr(h, "src="));
	at(h, "type=\"radio\" class=\"flt\" name=\"fv\" id=\"fv-critical\"");
	at(h, "#fv-critical:checked~main .chk:not(.v-critical)"
	    "{display:none}");
	at(h, "#fs-pass:checked~main .more{display:block}");
	at(h, "class=\"finding fail chk s-fail v-critical\" "
	    "id=\"check-container.privileged\"");
	at(h, "@media screen and (prefers-color-scheme:dark)");
	/* print: no filter and no collapsing applies, light on white */
	print = strstr(h, "@media print{");
	assert_non_null(print);
	e = strstr(print, "}}");
	assert_non_null(e);
	assert_null(memmem(print, (size_t)(e - print), ".more", 5));
	assert_null(memmem(print, (size_t)(e - print), ".chk", 4));
	at(print, "body{background:#fff;color:#000");
	assert_true(at(h, ".tog:not(:checked)~.more{display:none}") >
	    at(h, "@media screen{"));
	/* the CSP names the stylesheet's SHA-256 */
	s = strstr(h, "<style>") + strlen("<style>");
	e = strstr(s, "</style>");
	assert_int_equal(EVP_Digest(s, (size_t)(e - s), md, &n, EVP_sha256(),
	    NULL), 1);
	EVP_EncodeBlock(b64, md, (int)n);
	want = ha_xasprintf("content=\"default-src 'none'; style-src "
	    "'sha256-%s';", (char *)b64);
	at(h, want);
	free(want);
	assert_true(at(h, "Content-Security-Policy") < at(h, "<style>"));
}

/* The baseline: new, still failing, fixed and gone apart; the score. */
static void
test_baseline(void **state)
{
	struct fixture *f = *state;
	struct ha_result *r = (struct ha_result *)result(&f->rep,
	    "container.docker-sock");
	struct ha_baseline *b = ha_xcalloc(1, sizeof(*b));
	char *h;

	b->path = ha_xstrdup("old.json");
	b->started_at = ha_xstrdup("2026-01-01T00:00:00Z");
	b->nnew = 1;
	b->nstill = 6;
	b->fixed = ha_xcalloc(2, sizeof(*b->fixed));
	b->nfixed = 2;
	b->ngone = 1;
	b->fixed[0].id = ha_xstrdup("daemon.live-restore");
	b->fixed[0].ref = ha_xstrdup("2.15");
	b->fixed[0].title = ha_xstrdup("Enable live restore");
	b->fixed[1].id = ha_xstrdup("container.privileged");
	b->fixed[1].ref = ha_xstrdup("5.5");
	b->fixed[1].title = ha_xstrdup("Privileged");
	b->fixed[1].kind = ha_xstrdup("container");
	b->fixed[1].name = ha_xstrdup("removed-one");
	b->fixed[1].gone = 1;
	b->has_score = 1;
	b->score_before = f->rep.score.percent + 12.5;
	r->change = HA_CHANGE_NEW;
	f->rep.baseline = b;
	h = render(&f->rep);
	at(h, "1 new</span>");
	at(h, "6 still failing</span>");
	at(h, "1 fixed</span>");
	at(h, "1 gone</span>");
	at(h, "<b>-12.5</b> points");
	assert_true(at(h, "<h3>Fixed</h3>") < at(h, "<h3>Gone</h3>"));
	assert_true(at(h, "removed-one") > at(h, "<h3>Gone</h3>"));
	at(h, "href=\"#changes\"");
	/* the new finding carries a badge */
	at(h + at(h, "id=\"check-container.docker-sock\""),
	    "<span class=\"chg new\">new</span>");
	free(h);
	r->change = HA_CHANGE_NONE;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_fixture, setup, teardown),
		cmocka_unit_test_setup_teardown(test_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_anchors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_audit_card, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_containers, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_styles, setup, teardown),
		cmocka_unit_test_setup_teardown(test_baseline, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

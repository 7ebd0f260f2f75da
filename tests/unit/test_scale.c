/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_scale.c - what keeps ten thousand containers small and fast: the
 * JSON writer's own string escaper (byte for byte what jansson writes,
 * hostile strings included), targets that borrow their strings from the
 * facts and share their details in the result's pool, and what the
 * model does with borrowed strings (UTF-8 repair, --all-engines merge).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "ha_buf.h"
#include "ha_facts.h"
#include "ha_report.h"
#include "ha_util.h"
#include "helper_checks.h"

#define PROFILE	"profiles/cis-docker-1.8.0.json"

/*
 * Container names and labels that need every escape there is: quotes,
 * backslash, the named controls, other controls, DEL, '/', Latin-1, a
 * line separator, a direction override, a BOM, an astral code point
 * (a surrogate pair) and U+FFFD itself.
 */
static const char *const hostile[] = {
	"plain",
	"q\\\"uote\\\\back/slash",
	"\\b\\f\\n\\r\\t",
	"\\u0001\\u001f\\u007f",
	"caf\\u00e9 \\u2028 \\u202e \\ufeff",
	"smile \\ud83d\\ude00 end",
	"\\ufffd\\u0080\\u07ff\\u0800\\uffff",
	"\\ud800\\udc00 \\udbff\\udfff",
};

static char *
facts_text(void)
{
	struct ha_buf b;
	size_t i;

	ha_buf_init(&b, HA_BUF_NOCAP);
	ha_buf_addstr(&b, "{\"schema\": \"hostaudit-facts/1\", "
	    "\"host\": {\"hostname\": \"h\\u00e9\"}, "
	    "\"daemon\": {\"status\": \"ok\", \"options\": {}}, "
	    "\"engine\": {\"status\": \"ok\", \"kind\": \"docker\", "
	    "\"containers\": [");
	for (i = 0; i < HA_ARRAY_SIZE(hostile); i++)
		ha_buf_addf(&b, "%s{\"Id\": \"%064zx\", \"Name\": \"/%s\", "
		    "\"Image\": \"sha256:%064zx\", "
		    "\"State\": {\"Status\": \"running\", \"Running\": true}, "
		    "\"HostConfig\": {\"Privileged\": %s, \"NetworkMode\": "
		    "\"host\"}, \"Mounts\": [], "
		    "\"Config\": {\"User\": \"%s\", \"Image\": \"%s\", "
		    "\"Labels\": {\"com.docker.compose.project\": \"%s\", "
		    "\"com.docker.compose.service\": \"s\"}}}",
		    i ? ", " : "", i + 1, hostile[i], i + 100,
		    i % 2 ? "true" : "false", hostile[i], hostile[i],
		    hostile[i]);
	ha_buf_addstr(&b, "], \"images\": []}, \"errors\": []}");
	return ha_buf_detach(&b, NULL);
}

static json_t *
load_facts(void)
{
	char *text = facts_text();
	json_error_t err;
	json_t *f = json_loads(text, 0, &err);

	if (f == NULL)
		fail_msg("facts: %s at %d:%d", err.text, err.line, err.column);
	free(text);
	return f;
}

static void
build(struct ha_report *rep, struct ha_profile *p, const json_t *facts)
{
	memset(p, 0, sizeof(*p));
	if (ha_profile_load(PROFILE, p) < 0)
		fail_msg("cannot load %s", PROFILE);
	ha_report_build(rep, p, facts);
	rep->started_at = 1768466400;
}

static char *
render(const struct ha_report *rep)
{
	return ha_test_render("json", rep, NULL);
}

/* A result with container targets (the first one). */
static struct ha_result *
container_result(struct ha_report *rep)
{
	size_t i;

	for (i = 0; i < rep->nresults; i++)
		if (rep->results[i].ntargets > 1 &&
		    rep->results[i].check->scope == HA_SCOPE_CONTAINER)
			return &rep->results[i];
	fail_msg("no container result");
	return NULL;
}

static void
test_json_hostile(void **state)
{
	struct ha_profile p;
	struct ha_report rep;
	json_t *facts = load_facts();
	struct ha_result *r;
	char *a, *b;

	(void)state;
	build(&rep, &p, facts);
	r = container_result(&rep);
	/* owned strings the model repairs: invalid UTF-8 becomes U+FFFD */
	ha_result_add_target(r, "file", "bad\xff\xfe name", HA_FAIL,
	    "detail \xc3\x28 \xed\xa0\x80 \xf4\x90\x80\x80 end");
	ha_report_make_utf8(&rep);
	a = render(&rep);
	b = ha_test_tree_dump(&rep);
	assert_string_equal(a, b);
	/* the escapes are there: a surrogate pair, upper-case hex */
	assert_non_null(strstr(a, "smile \\uD83D\\uDE00 end"));
	assert_non_null(strstr(a, "caf\\u00E9 \\u2028 \\u202E \\uFEFF"));
	assert_non_null(strstr(a, "\\u0001\\u001F\x7f"));
	assert_non_null(strstr(a, "q\\\"uote\\\\back/slash"));
	assert_non_null(strstr(a, "bad\\uFFFD\\uFFFD name"));
	free(a);
	free(b);
	ha_report_release(&rep);
	ha_profile_release(&p);
	json_decref(facts);
}

/* Every target of a container check borrows; details are shared. */
static void
test_targets_borrow(void **state)
{
	struct ha_profile p;
	struct ha_report rep;
	json_t *facts = load_facts();
	struct ha_result *r;
	const struct ha_target *t, *u;
	size_t i, j, nr;

	(void)state;
	build(&rep, &p, facts);
	for (nr = 0; nr < rep.nresults; nr++) {
		r = &rep.results[nr];
		/* those of run_targets(): one per container inspected */
		if (r->check->scope != HA_SCOPE_CONTAINER ||
		    r->ntargets == 0 || r->targets[0].obj == NULL)
			continue;
		assert_int_equal(r->ntargets, HA_ARRAY_SIZE(hostile));
		for (i = 0; i < r->ntargets; i++) {
			t = &r->targets[i];
			assert_non_null(t->obj);
			assert_int_equal(t->borrowed, HA_TARGET_KIND |
			    HA_TARGET_NAME | HA_TARGET_DETAIL |
			    HA_TARGET_STATE);
			assert_string_equal(t->kind, "container");
			/* the very strings of the facts */
			assert_ptr_equal(t->name,
			    ha_facts_object_name(t->obj));
			assert_ptr_equal(t->state, json_string_value(
			    ha_facts_get(t->obj, "State.Status")));
			for (j = 0; j < i; j++) {
				u = &r->targets[j];
				if (strcmp(t->detail, u->detail) == 0)
					assert_ptr_equal(t->detail, u->detail);
			}
		}
		assert_true(r->npool >= 1);
		assert_true(r->npool <= r->ntargets);
	}
	ha_report_release(&rep);
	ha_profile_release(&p);
	json_decref(facts);
}

/* A borrowed string repaired: the target owns the repair. */
static void
test_utf8_borrowed(void **state)
{
	struct ha_report rep;
	struct ha_result *r;
	struct ha_target *t;
	char *pooled = ha_xstrdup("bad \xff");
	static char name[] = "ok";

	(void)state;
	memset(&rep, 0, sizeof(rep));
	rep.results = ha_xcalloc(1, sizeof(*rep.results));
	rep.nresults = 1;
	r = &rep.results[0];
	ha_result_init(r, NULL, NULL);
	ha_result_add_target(r, "container", "x", HA_FAIL, "%s", "");
	t = &r->targets[0];
	free(t->name);
	free(t->detail);
	t->name = name;
	t->detail = pooled;
	t->borrowed = HA_TARGET_NAME | HA_TARGET_DETAIL;
	r->pool = ha_xcalloc(1, sizeof(*r->pool));
	r->pool[0] = pooled;
	r->npool = 1;
	ha_report_make_utf8(&rep);
	assert_string_equal(t->detail, "bad \xef\xbf\xbd");
	assert_ptr_not_equal(t->detail, pooled);
	assert_int_equal(t->borrowed, HA_TARGET_NAME);
	assert_ptr_equal(t->name, name);	/* valid: where it was */
	assert_string_equal(pooled, "bad \xff");	/* the pool's, intact */
	ha_report_release(&rep);	/* frees the repair and the pool */
}

/* --all-engines: targets that leave a result take their details along. */
static void
test_merge_pooled(void **state)
{
	struct ha_profile p;
	struct ha_report per[2], out;
	const char *const names[] = { "docker", "podman" };
	json_t *facts = load_facts();
	struct ha_result *r;
	char *want;
	size_t i, j, found = 0;

	(void)state;
	build(&per[0], &p, facts);
	ha_report_build(&per[1], &p, facts);
	want = ha_xstrdup(container_result(&per[0])->targets[0].detail);
	ha_report_merge(&out, per, names, 2);
	ha_report_release(&per[0]);
	ha_report_release(&per[1]);
	for (i = 0; i < out.nresults; i++) {
		r = &out.results[i];
		if (r->check->scope != HA_SCOPE_CONTAINER || r->ntargets == 0)
			continue;
		assert_int_equal(r->ntargets, 2 * HA_ARRAY_SIZE(hostile));
		for (j = 0; j < r->ntargets; j++) {
			assert_false(r->targets[j].borrowed &
			    HA_TARGET_DETAIL);
			assert_non_null(r->targets[j].detail);
		}
		if (found++ == 0)
			assert_string_equal(r->targets[0].detail, want);
	}
	assert_true(found > 0);
	free(want);
	ha_report_release(&out);
	ha_profile_release(&p);
	json_decref(facts);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_json_hostile),
		cmocka_unit_test(test_targets_borrow),
		cmocka_unit_test(test_utf8_borrowed),
		cmocka_unit_test(test_merge_pooled),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

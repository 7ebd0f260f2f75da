/* SPDX-License-Identifier: Apache-2.0 */
/* helper_checks.c - run one check over a facts fixture (see the header). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ha_check.h"
#include "ha_report.h"
#include "ha_slim.h"
#include "ha_util.h"
#include "helper_checks.h"
#include "banned.h"

json_t *
ha_test_json(const char *text)
{
	json_error_t err;
	json_t *j;

	j = json_loads(text, JSON_REJECT_DUPLICATES, &err);
	if (j == NULL)
		fail_msg("fixture: %d:%d: %s", err.line, err.column, err.text);
	return j;
}

json_t *
ha_test_q(const char *text)
{
	char *s = ha_xstrdup(text), *p;
	json_t *j;

	for (p = s; *p != '\0'; p++)
		if (*p == '\'')
			*p = '"';
	if ((j = json_loads(s, JSON_DECODE_ANY, NULL)) == NULL)
		fail_msg("not JSON: %s", s);
	free(s);
	return j;
}

char *
ha_test_render(const char *name, const struct ha_report *rep,
    const struct ha_write_opts *o)
{
	struct ha_write_opts none = { 0 };
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);

	assert_non_null(fp);
	assert_non_null(ha_writer_find(name));
	assert_int_equal(ha_writer_find(name)->write(rep, fp,
	    o != NULL ? o : &none), 0);
	assert_int_equal(fclose(fp), 0);
	return buf;
}

char *
ha_test_tree_dump(const struct ha_report *rep)
{
	json_t *doc = ha_report_to_json(rep);
	char *s = json_dumps(doc, JSON_INDENT(2) | JSON_ENSURE_ASCII |
	    JSON_REAL_PRECISION(15));
	char *out;

	json_decref(doc);
	assert_non_null(s);
	out = ha_xasprintf("%s\n", s);
	free(s);
	return out;
}

json_t *
ha_test_slim_load(const char *text, size_t max)
{
	char path[] = "/tmp/ha-test-slim.XXXXXX";
	int fd = mkstemp(path);
	json_t *j;

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	assert_int_equal(lseek(fd, 0, SEEK_SET), 0);
	j = ha_slim_load_fd(fd, max);
	close(fd);
	unlink(path);
	return j;
}

static enum ha_status
run(const char *check_id, const char *facts_json, const char *params_json,
    struct ha_result *out)
{
	const struct ha_check *c = ha_registry_find(check_id);
	struct ha_ctx ctx;
	json_t *facts, *params = NULL;

	if (c == NULL)
		fail_msg("no check '%s' in the registry", check_id);
	facts = ha_test_json(facts_json);
	if (params_json != NULL)
		params = ha_test_json(params_json);
	ctx.facts = facts;
	ctx.params = params;
	ha_result_init(out, c, NULL);
	ha_check_run(c, &ctx, out);
	json_decref(facts);
	json_decref(params);
	return out->status;
}

enum ha_status
ha_test_run(const char *check_id, const char *facts_json,
    const char *params_json, struct ha_result *out)
{
	return run(check_id, facts_json, params_json, out);
}

static char *
unquote(const char *s)
{
	char *t, *p;

	if (s == NULL)
		return NULL;
	t = ha_xstrdup(s);
	for (p = t; *p != '\0'; p++)
		if (*p == '\'')
			*p = '"';
	return t;
}

enum ha_status
ha_test_runq(const char *check_id, const char *facts_json,
    const char *params_json, struct ha_result *out)
{
	char *f = unquote(facts_json), *p = unquote(params_json);
	enum ha_status st;

	st = run(check_id, f, p, out);
	free(f);
	free(p);
	return st;
}

const struct ha_target *
ha_test_target(const struct ha_result *r, const char *name)
{
	size_t i;

	for (i = 0; i < r->ntargets; i++)
		if (strcmp(r->targets[i].name, name) == 0)
			return &r->targets[i];
	return NULL;
}

int
ha_test_target_status(const struct ha_result *r, const char *name)
{
	const struct ha_target *t = ha_test_target(r, name);

	return t != NULL ? (int)t->status : -1;
}

char ha_test_msg[1024];

static void
capture(enum ha_msg_level lvl, const char *m, void *arg)
{
	(void)lvl;
	(void)arg;
	snprintf(ha_test_msg, sizeof(ha_test_msg), "%s", m);
}

char *
ha_test_ref_check(const char *profile, const char *ref, const char **id)
{
	struct ha_profile p;
	char *params = NULL;
	size_t i;

	*id = NULL;
	if (ha_profile_load(profile, &p) < 0)
		fail_msg("cannot load %s", profile);
	for (i = 0; i < p.nentries; i++)
		if (strcmp(p.entries[i].ref, ref) == 0) {
			*id = p.entries[i].check->id;
			if (p.entries[i].params != NULL)
				params = json_dumps(p.entries[i].params,
				    JSON_COMPACT);
		}
	ha_profile_release(&p);
	if (*id == NULL)
		fail_msg("%s numbers no check %s", profile, ref);
	return params;
}

char ha_test_msgs[8192];

static void
collect_msg(enum ha_msg_level lvl, const char *m, void *arg)
{
	size_t n = strlen(ha_test_msgs);

	(void)lvl;
	(void)arg;
	snprintf(ha_test_msgs + n, sizeof(ha_test_msgs) - n, "%s\n", m);
}

void
ha_test_collect(void)
{
	ha_test_msgs[0] = '\0';
	ha_set_error_routine(collect_msg, NULL);
}

int
ha_test_capture_setup(void **state)
{
	(void)state;
	ha_test_msg[0] = '\0';
	ha_set_error_routine(capture, NULL);
	return 0;
}

int
ha_test_capture_teardown(void **state)
{
	(void)state;
	ha_set_error_routine(NULL, NULL);
	return 0;
}

void
ha_test_expect(const char *id, const char *facts, const char *params,
    enum ha_status want, ...)
{
	struct ha_result r;
	const struct ha_target *t;
	const char *name, *sub;
	va_list ap;
	int st;

	ha_test_runq(id, facts, params, &r);
	if (r.status != want)
		fail_msg("%s: status %s, want %s (%s)", id,
		    ha_status_name(r.status), ha_status_name(want),
		    r.message ? r.message : "");
	va_start(ap, want);
	while ((name = va_arg(ap, const char *)) != NULL) {
		st = va_arg(ap, int);
		sub = va_arg(ap, const char *);
		t = ha_test_target(&r, name);
		if (t == NULL)
			fail_msg("%s: no target '%s'", id, name);
		if ((int)t->status != st || (sub != NULL &&
		    strstr(t->detail, sub) == NULL))
			fail_msg("%s: target '%s': %s '%s', want %s '%s'", id,
			    name, ha_status_name(t->status), t->detail,
			    ha_status_name(st), sub ? sub : "");
	}
	va_end(ap);
	ha_result_release(&r);
}

/* Run id over facts; expect its status and exactly its message. */
void
ha_test_expect_msg(const char *id, const char *facts, enum ha_status want,
    const char *msg)
{
	struct ha_result r;

	ha_test_runq(id, facts, NULL, &r);
	if (r.status != want || strcmp(r.message, msg) != 0)
		fail_msg("%s: %s '%s', want %s '%s'", id,
		    ha_status_name(r.status), r.message,
		    ha_status_name(want), msg);
	ha_result_release(&r);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_batch.c - evaluation at scale: ha_check_run_entries() (the
 * container and image checks of a profile run object by object) gives
 * each result what the check gives alone; ha_facts_pin(); the --facts
 * loader (src/slim.c: the quick reading of elements, the texts it
 * remembers) reads what jansson reads.  Fixtures use ' for ".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ha_buf.h"
#include "ha_check.h"
#include "ha_facts.h"
#include "ha_report.h"
#include "ha_select.h"
#include "ha_slim.h"
#include "ha_util.h"
#include "helper_checks.h"
#include "banned.h"

#define CTR(id, name, priv, state, labels, extra)			\
	"{'Id': '" id "', 'Name': '/" name "', 'Image': 'sha256:i1', "	\
	"'AppArmorProfile': '', 'State': {'Status': '" state "', "	\
	"'Running': true, 'Pid': 7}, 'HostConfig': {'Privileged': "	\
	priv ", 'ReadonlyRootfs': false, 'PidMode': '', "		\
	"'NetworkMode': 'bridge', 'CapAdd': null, 'CapDrop': ['ALL'], "	\
	"'SecurityOpt': ['no-new-privileges'], 'Memory': 0, "		\
	"'PidsLimit': 100, 'RestartPolicy': {'Name': 'always', "	\
	"'MaximumRetryCount': 0}, 'PortBindings': {'80/tcp': "		\
	"[{'HostIp': '', 'HostPort': '8080'}]}}, 'Mounts': [], "	\
	"'Config': {'User': '', 'Image': 'busybox', 'Env': "		\
	"['PATH=/bin'], 'Labels': " labels "}, 'NetworkSettings': "	\
	"{'Ports': {}, 'Networks': {'bridge': {'NetworkID': 'n1'}}}"	\
	extra "}"

static const char *const containers =
	"[" CTR("a1", "web-1", "true", "running", "{'tier': 'web'}", "")
	"," CTR("b2", "web-2", "false", "exited", "{'tier': 'web'}",
	    ", 'Processes': [{'pid': 1, 'comm': 'sshd', 'exe_base': 'sshd'}]")
	"," CTR("c3", "db", "false", "running", "null", "")
	"," CTR("selfid", "hostaudit", "false", "running", "{}", "")
	/* of the wrong types: an error target of every check */
	", {'Id': 'd4', 'Name': '/odd', 'State': {'Status': 'dead'}, "
	"'HostConfig': 'privileged'}, 'not an object']";

static const char *const images =
	"[{'Id': 'sha256:i1', 'RepoTags': ['busybox:latest'], 'Config': "
	"{'User': '', 'Env': ['API_TOKEN=x']}, 'History': [{'CreatedBy': "
	"'ADD http://x/y.tgz /', 'Size': 1}]}, {'Id': 'sha256:i2', "
	"'RepoTags': [], 'Config': {'User': 'app', 'Healthcheck': {'Test': "
	"['CMD', 'true']}}, 'HistoryError': 'boom'}]";

/* The facts of one engine: kind "docker", "podman", ... */
static json_t *
facts_of(const char *kind)
{
	json_t *f = ha_test_q("{'schema': 'hostaudit-facts/1', 'host': "
	    "{'self_container_id': 'selfid'}, 'daemon': {'status': 'ok', "
	    "'settings': {'icc': {'value': false, 'source': 'file'}}}, "
	    "'engine': {'status': 'ok', 'socket': '/run/docker.sock', "
	    "'info': {'SecurityOptions': ['name=seccomp,profile=builtin']}, "
	    "'networks': [{'Name': 'bridge', 'Id': 'n1'}], 'errors': "
	    "[{'source': 'GET /containers/zz9/json', 'message': 'gone'}, "
	    "{'kind': 'image', 'name': 'bad:1', 'message': 'no id'}]}}");
	json_t *eng = json_object_get(f, "engine");

	json_object_set_new(eng, "containers", ha_test_q(containers));
	json_object_set_new(eng, "images", ha_test_q(images));
	if (strcmp(kind, "podman") == 0)
		json_object_set_new(eng, "libpod_api_version",
		    json_string("4.9.3"));
	else if (strcmp(kind, "no-list") == 0)
		json_object_set_new(eng, "containers", json_string("x"));
	else if (strcmp(kind, "empty") == 0) {
		json_object_set_new(eng, "containers", json_array());
		json_object_set_new(eng, "images", json_array());
		json_object_del(eng, "errors");
	} else if (strcmp(kind, "absent") == 0)
		json_object_set_new(eng, "status", json_string("absent"));
	return f;
}

static const char *
nz(const char *s)
{
	return s != NULL ? s : "";
}

/* Fail unless a and b are the same result. */
static void
same(const struct ha_result *a, const struct ha_result *b, const char *what)
{
	size_t i;

	if (a->status != b->status || strcmp(nz(a->message),
	    nz(b->message)) != 0 || a->ntargets != b->ntargets)
		fail_msg("%s (%s): alone %s '%s' (%zu targets), together %s "
		    "'%s' (%zu)", a->check->id, what,
		    ha_status_name(a->status), nz(a->message), a->ntargets,
		    ha_status_name(b->status), nz(b->message), b->ntargets);
	for (i = 0; i < a->ntargets; i++) {
		const struct ha_target *x = &a->targets[i], *y = &b->targets[i];

		if (x->status != y->status || strcmp(x->kind, y->kind) != 0 ||
		    strcmp(nz(x->name), nz(y->name)) != 0 ||
		    strcmp(nz(x->detail), nz(y->detail)) != 0 ||
		    strcmp(nz(x->state), nz(y->state)) != 0 ||
		    x->obj != y->obj)
			fail_msg("%s (%s): target %zu %s: alone %s '%s', "
			    "together %s %s '%s'", a->check->id, what, i,
			    nz(x->name), ha_status_name(x->status),
			    nz(x->detail), nz(y->name),
			    ha_status_name(y->status), nz(y->detail));
	}
}

/* Every built-in check over facts, alone and together, with sel. */
static void
all_same(const json_t *facts, const struct ha_select *sel, const char *what)
{
	size_t i, n = ha_registry_count();
	struct ha_profile_entry *e = ha_xcalloc(n, sizeof(*e));
	struct ha_result *together = ha_xcalloc(n, sizeof(*together));
	struct ha_result alone;
	struct ha_ctx ctx = { facts, NULL, NULL };
	size_t ntargets = 0;

	for (i = 0; i < n; i++) {
		e[i].check = ha_registry_at(i);
		ha_result_init(&together[i], e[i].check, &e[i]);
	}
	ha_check_run_entries(e, n, &ctx, sel, together);
	for (i = 0; i < n; i++) {
		ha_result_init(&alone, e[i].check, &e[i]);
		ha_check_run_select(e[i].check, &ctx, sel, &alone);
		same(&alone, &together[i], what);
		ntargets += alone.ntargets;
		ha_result_release(&alone);
		ha_result_release(&together[i]);
	}
	/* the fixtures are judged, not skipped */
	if (strcmp(what, "docker") == 0)
		assert_true(ntargets > 100);
	free(together);
	free(e);
}

static void
test_together_as_alone(void **state)
{
	static const char *const kinds[] = {
		"docker", "podman", "no-list", "empty", "absent",
	};
	struct ha_select s = { 0 };
	json_t *f;
	size_t i;

	(void)state;
	for (i = 0; i < HA_ARRAY_SIZE(kinds); i++) {
		f = facts_of(kinds[i]);
		all_same(f, NULL, kinds[i]);
		json_decref(f);
	}
	f = facts_of("docker");
	assert_int_equal(ha_select_add(&s.exclude, &s.nexclude, "*-2"), 0);
	all_same(f, &s, "--exclude");
	assert_int_equal(ha_select_add(&s.labels, &s.nlabels, "tier=web"), 0);
	all_same(f, &s, "--exclude --label");
	ha_select_release(&s);
	json_decref(f);
}

/* Pinned facts keep the engine kind they had; others have their own. */
static void
test_pin(void **state)
{
	json_t *docker = facts_of("docker"), *podman = facts_of("podman");

	(void)state;
	assert_string_equal(ha_facts_engine_kind(docker), "docker");
	ha_facts_pin(docker);
	assert_string_equal(ha_facts_engine_kind(docker), "docker");
	assert_string_equal(ha_facts_engine_kind(podman), "podman");
	/* what pinned facts say while pinned (they do not change then) */
	json_object_set_new(json_object_get(docker, "engine"),
	    "libpod_api_version", json_string("5.0"));
	assert_string_equal(ha_facts_engine_kind(docker), "docker");
	ha_facts_unpin();
	assert_string_equal(ha_facts_engine_kind(docker), "podman");
	ha_facts_pin(NULL);
	assert_null(ha_facts_engine_kind(NULL));
	ha_facts_unpin();
	json_decref(docker);
	json_decref(podman);
}

/* ha_slim_load_fd() of text (NULL when it gives up). */
static json_t *
load_text(const char *text)
{
	return ha_test_slim_load(text, 16 << 20);
}

/* fmt with each "@" replaced by v. */
static char *
subst(const char *fmt, const char *v)
{
	struct ha_buf b;
	const char *p;

	ha_buf_init(&b, HA_BUF_NOCAP);
	for (p = fmt; *p != '\0'; p++) {
		if (*p == '@')
			ha_buf_addstr(&b, v);
		else
			ha_buf_addch(&b, *p);
	}
	return ha_buf_detach(&b, NULL);
}

/*
 * A container whose kept fields hold v (Id, HostConfig.Memory, the
 * labels, a list as the element) loads as json_loadb() reads it, or not at
 * all when json_loadb() refuses it.
 */
static void
reads_alike(const char *v)
{
	static const char *const fmt[] = {
		"{\"engine\": {\"containers\": [{\"Id\": @, \"Path\": 1}]}}",
		"{\"engine\": {\"containers\": [{\"HostConfig\": "
		"{\"Memory\": @, \"Dns\": []}}]}}",
		"{\"engine\": {\"containers\": [{\"Config\": {\"Labels\": "
		"{\"a\": @, \"b\": [@]}}}]}}",
		/* twice the same text: read again, or remembered */
		"{\"engine\": {\"containers\": [{\"HostConfig\": "
		"{\"Memory\": @, \"Dns\": [@]}}, {\"HostConfig\": "
		"{\"Memory\": @, \"Dns\": [@]}, \"Id\": \"b\"}]}}",
		/* (an element that is an object is slimmed: in a list) */
		"{\"engine\": {\"containers\": [[@], 1], \"images\": "
		"[[[@]]]}}",
	};
	json_t *want, *got;
	char *text;
	size_t i;

	for (i = 0; i < HA_ARRAY_SIZE(fmt); i++) {
		text = subst(fmt[i], v);
		want = json_loadb(text, strlen(text), 0, NULL);
		if (want != NULL)
			ha_slim_facts(want);
		got = load_text(text);
		if (want == NULL ? got != NULL : got == NULL ||
		    !json_equal(want, got))
			fail_msg("reads differently: %s", text);
		json_decref(got);
		json_decref(want);
		free(text);
	}
}

static void
test_quick_reader(void **state)
{
	static const char *const values[] = {
		/* what the quick reading reads */
		"0", "-0", "7", "-42", "123456789012345678",
		"-123456789012345678", "true", "false", "null", "\"\"",
		"\"plain\"", "\"caf\xc3\xa9 \xf0\x9f\x90\xb3\"", "{}", "[]",
		"[1, \"a\", {\"k\": [true, null]}]", " \t\r\n{ \"k\" :\n1 } ",
		"{\"k\": 1, \"k\": 2}", "{\"\xc3\xa9\": \"v\"}",
		"{\"\": {\"\": []}}",
		/* what it leaves to jansson */
		"1.5", "-0.0", "1e3", "2E-2", "12345678901234567890",
		"9223372036854775807", "-9223372036854775808",
		"99999999999999999999", "\"a\\\"b\"", "\"\\u00e9\"",
		"\"\\ud83d\\udc33\"", "\"\\u0000\"", "{\"\\u006b\": 1}",
		"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]"
		"]]]]]]]]]]]]]]]]]]]]",
		/* what neither reads */
		"01", "-", "+1", "1.", ".5", "tru", "nul", "truex", "\"a",
		"\"\xff\"", "\"\xc3\"", "\"\xed\xa0\x80\"", "{\"\xff\": 1}",
		"{\"k\" 1}", "{\"k\": 1,}", "[1,]", "[1 2]", "{1: 2}",
		"\"tab\there\"", "[1]]", "{\"k\": 1}}", "NaN", "Infinity",
	};
	size_t i;

	(void)state;
	for (i = 0; i < HA_ARRAY_SIZE(values); i++)
		reads_alike(values[i]);
}

/*
 * Many containers, as a host has them: what their members have in
 * common (the same texts, or texts that differ in what slimming drops)
 * is read once and shared, what differs in each (the labels) is not
 * remembered; either way they load as json_loadb() reads them.
 */
static void
test_many(void **state)
{
	struct ha_buf b;
	json_t *want, *got;
	const json_t *l;
	size_t i, n = 1500;

	(void)state;
	ha_buf_init(&b, HA_BUF_NOCAP);
	ha_buf_addstr(&b, "{\"engine\": {\"containers\": [");
	for (i = 0; i < n; i++)
		ha_buf_addf(&b, "%s{\"Id\": \"c%zu\", \"Path\": %zu, "
		    "\"HostConfig\": {\"Privileged\": %s, \"Dns\": [%zu], "
		    "\"Memory\": %zu}, \"State\": {\"Status\": \"%s\", "
		    "\"Pid\": %zu}, \"Config\": {\"Labels\": {\"i\": "
		    "\"%zu\"}, \"Env\": [\"A=%zu\"]}}", i ? ", " : "", i, i,
		    i % 3 ? "false" : "true", i % 5, i % 2, i % 4 ? "running" :
		    "exited", i % 7, i, i % 11);
	ha_buf_addstr(&b, "]}}");
	want = json_loadb(b.data, b.len, 0, NULL);
	assert_non_null(want);
	ha_slim_facts(want);
	got = load_text(b.data);
	assert_non_null(got);
	assert_true(json_equal(want, got));
	l = ha_facts_get(got, "engine.containers");
	assert_int_equal(json_array_size(l), n);
	for (i = 0; i + 6 < n; i++) {
		/* HostConfig: alike every 6th (Dns is dropped) */
		assert_ptr_equal(ha_facts_get(json_array_get(l, i),
		    "HostConfig"), ha_facts_get(json_array_get(l, i + 6),
		    "HostConfig"));
		assert_ptr_not_equal(ha_facts_get(json_array_get(l, i),
		    "Config"), ha_facts_get(json_array_get(l, i + 6),
		    "Config"));
	}
	json_decref(got);
	json_decref(want);
	ha_buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_together_as_alone),
		cmocka_unit_test(test_pin),
		cmocka_unit_test(test_quick_reader),
		cmocka_unit_test(test_many),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

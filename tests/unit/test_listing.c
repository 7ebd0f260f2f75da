/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_listing.c - -l as text and JSON, and --benchmark-diff between the
 * shipped CIS Docker profiles.
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

#include "ha_listing.h"
#include "ha_report.h"
#include "ha_util.h"
#include "helper_checks.h"
#include "banned.h"

#define CIS160	"profiles/cis-docker-1.6.0.json"
#define CIS170	"profiles/cis-docker-1.7.0.json"
#define CIS180	"profiles/cis-docker-1.8.0.json"

static void
load(const char *path, struct ha_profile *p)
{
	if (ha_profile_load(path, p) < 0)
		fail_msg("cannot load %s", path);
}

/* The member of a JSON array of objects whose "id" is id, or NULL. */
static const json_t *
by_id(const json_t *arr, const char *id)
{
	const json_t *o;
	size_t i;

	json_array_foreach(arr, i, o)
		if (strcmp(json_string_value(json_object_get(o, "id")), id) ==
		    0)
			return o;
	return NULL;
}

static const char *
str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	return s != NULL ? s : "(null)";
}

static void
test_list_json(void **state)
{
	struct ha_profile p;
	const json_t *o;
	json_t *l;

	(void)state;
	load(CIS180, &p);
	l = ha_listing_json(&p);
	assert_int_equal(json_array_size(l), p.nentries);
	o = by_id(l, "daemon.devicemapper");
	assert_non_null(o);
	assert_string_equal(str(o, "ref"), "2.7");
	assert_string_equal(str(o, "title"),
	    "Do not use the devicemapper storage driver");
	assert_int_equal(json_integer_value(json_object_get(o, "level")), 1);
	assert_true(json_is_true(json_object_get(o, "scored")));
	assert_string_equal(str(o, "severity"), "medium");
	assert_true(json_is_true(json_object_get(o, "automated")));
	assert_string_equal(str(o, "assessment"), "manual");
	assert_string_equal(str(o, "profile"), "cis-docker-1.8.0");
	assert_string_equal(str(by_id(l, "daemon.tls"), "ref"), "2.8");
	/* hostaudit's mode and the benchmark's status are apart */
	o = by_id(l, "host.hardened");
	assert_true(json_is_false(json_object_get(o, "automated")));
	assert_true(json_is_false(json_object_get(o, "scored")));
	o = by_id(l, "host.audit-containerd-shim");
	assert_string_equal(str(o, "assessment"), "automated");
	json_decref(l);
	ha_profile_release(&p);
	/* a profile that does not say has no assessment */
	load(CIS160, &p);
	l = ha_listing_json(&p);
	o = by_id(l, "daemon.tls");
	assert_string_equal(str(o, "ref"), "2.7");
	assert_true(json_is_null(json_object_get(o, "assessment")));
	assert_null(by_id(l, "daemon.devicemapper"));
	json_decref(l);
	ha_profile_release(&p);
}

/* What fp holds after fn wrote to it, as a string (caller frees). */
static char *
text_of(FILE *fp)
{
	char *buf;
	long n;

	assert_int_equal(fflush(fp), 0);
	n = ftell(fp);
	assert_true(n >= 0);
	buf = calloc(1, (size_t)n + 1);
	assert_non_null(buf);
	rewind(fp);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	return buf;
}

static void
test_list_text(void **state)
{
	struct ha_profile p;
	FILE *fp = tmpfile();
	char *t;

	(void)state;
	assert_non_null(fp);
	load(CIS180, &p);
	assert_int_equal(ha_listing_print(fp, &p), 0);
	t = text_of(fp);
	assert_true(strncmp(t, "REF      ID", 11) == 0);
	assert_non_null(strstr(t, "\n2.7      daemon.devicemapper        "
	    "          1     automated Do not use the devicemapper storage "
	    "driver\n"));
	assert_non_null(strstr(t, "\n2.19     daemon.experimental "));
	free(t);
	fclose(fp);
	ha_profile_release(&p);
}

static void
test_diff_json(void **state)
{
	struct ha_profile a, b;
	const json_t *c, *changes;
	json_t *d;

	(void)state;
	load(CIS160, &a);
	load(CIS180, &b);
	d = ha_listing_diff_json(&a, &b);
	assert_string_equal(str(d, "from"), "cis-docker-1.6.0");
	assert_string_equal(str(d, "to"), "cis-docker-1.8.0");
	changes = json_object_get(d, "changes");
	/* 2.7-2.18 moved (12), 2.7 and 1.1.9's check new, 1.1.9's old one
	 * gone, seven levels changed (3.17-3.22, 4.12) */
	assert_int_equal(json_array_size(changes), 22);
	c = by_id(changes, "daemon.tls");
	assert_string_equal(str(c, "from_ref"), "2.7");
	assert_string_equal(str(c, "to_ref"), "2.8");
	assert_string_equal(str(c, "change"), "moved");
	c = by_id(changes, "daemon.devicemapper");
	assert_true(json_is_null(json_object_get(c, "from_ref")));
	assert_string_equal(str(c, "to_ref"), "2.7");
	assert_string_equal(str(c, "change"), "added");
	c = by_id(changes, "host.audit-docker-socket-unit");
	assert_string_equal(str(c, "from_ref"), "1.1.9");
	assert_true(json_is_null(json_object_get(c, "to_ref")));
	assert_true(json_is_null(json_object_get(c, "to_level")));
	assert_string_equal(str(c, "change"), "removed");
	assert_string_equal(str(by_id(changes, "host.audit-docker-sock"),
	    "change"), "added");
	c = by_id(changes, "file.daemon-json-owner");
	assert_string_equal(str(c, "change"), "level");
	assert_int_equal(json_integer_value(json_object_get(c,
	    "from_level")), 1);
	assert_int_equal(json_integer_value(json_object_get(c, "to_level")),
	    2);
	assert_null(by_id(changes, "daemon.icc"));
	assert_null(by_id(changes, "daemon.aufs"));
	json_decref(d);
	/* the same profile: nothing */
	d = ha_listing_diff_json(&a, &a);
	assert_int_equal(json_array_size(json_object_get(d, "changes")), 0);
	json_decref(d);
	ha_profile_release(&a);
	ha_profile_release(&b);
	/* 1.6.0 to 1.7.0: no number moves but 1.1.9's check */
	load(CIS160, &a);
	load(CIS170, &b);
	d = ha_listing_diff_json(&a, &b);
	assert_null(by_id(json_object_get(d, "changes"), "daemon.tls"));
	assert_string_equal(str(by_id(json_object_get(d, "changes"),
	    "host.audit-docker-sock"), "to_ref"), "1.1.9");
	json_decref(d);
	ha_profile_release(&a);
	ha_profile_release(&b);
}

static void
test_diff_text(void **state)
{
	struct ha_profile a, b;
	FILE *fp = tmpfile();
	char *t;

	(void)state;
	assert_non_null(fp);
	load(CIS160, &a);
	load(CIS180, &b);
	assert_int_equal(ha_listing_diff_print(fp, &a, &b), 0);
	t = text_of(fp);
	assert_true(strncmp(t, "cis-docker-1.6.0 -> cis-docker-1.8.0: 22 "
	    "checks differ\nID ", 56) == 0);
	assert_non_null(strstr(t, "\ndaemon.tls                           "
	    "2.7      2.8      moved\n"));
	assert_non_null(strstr(t, "\ndaemon.devicemapper                  "
	    "-        2.7      added\n"));
	assert_non_null(strstr(t, "\nhost.audit-docker-socket-unit        "
	    "1.1.9    -        removed\n"));
	assert_non_null(strstr(t, "\ndaemon.no-new-privileges             "
	    "2.14     2.15     moved, level 2 -> 1\n"));
	assert_non_null(strstr(t, "\nfile.daemon-json-owner               "
	    "3.17     3.17     level 1 -> 2\n"));
	free(t);
	rewind(fp);
	assert_int_equal(ha_listing_diff_print(fp, &a, &a), 0);
	t = text_of(fp);
	assert_string_equal(t, "cis-docker-1.6.0 -> cis-docker-1.6.0: every "
	    "check has the same number and level\n");
	free(t);
	fclose(fp);
	ha_profile_release(&a);
	ha_profile_release(&b);
}

static void
test_write(void **state)
{
	char dir[] = "/tmp/ha-listing-XXXXXX", *path, *bad, *t;
	struct ha_profile p;
	FILE *fp;
	json_error_t err;
	json_t *j;

	(void)state;
	assert_non_null(mkdtemp(dir));
	path = ha_xasprintf("%s/diff.json", dir);
	bad = ha_xasprintf("%s/no/such/dir.json", dir);
	load(CIS180, &p);
	assert_int_equal(ha_listing_write(&p, CIS160, "json", path,
	    stdout), 0);
	j = json_load_file(path, 0, &err);
	assert_non_null(j);
	assert_string_equal(str(j, "from"), "cis-docker-1.6.0");
	assert_string_equal(str(by_id(json_object_get(j, "changes"),
	    "daemon.experimental"), "to_ref"), "2.19");
	json_decref(j);
	assert_int_equal(ha_listing_write(&p, NULL, "json", path,
	    stdout), 0);
	j = json_load_file(path, 0, &err);
	assert_int_equal(json_array_size(j), p.nentries);
	json_decref(j);
	/* no path: the stream */
	fp = tmpfile();
	assert_non_null(fp);
	assert_int_equal(ha_listing_write(&p, CIS160, "text", NULL, fp), 0);
	t = text_of(fp);
	assert_true(strncmp(t, "cis-docker-1.6.0 -> cis-docker-1.8.0: ",
	    38) == 0);
	free(t);
	fclose(fp);
	/* usage errors, then one of writing */
	assert_int_equal(ha_listing_write(&p, NULL, "csv", path, stdout),
	    -1);
	assert_non_null(strstr(ha_test_msg, "-l: format 'csv': text or json "
	    "only"));
	assert_int_equal(ha_listing_write(&p, "no-such-profile", "text",
	    path, stdout), -1);
	assert_non_null(strstr(ha_test_msg, "no-such-profile"));
	assert_int_equal(ha_listing_write(&p, NULL, "text", bad, stdout),
	    -2);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(rmdir(dir), 0);
	free(path);
	free(bad);
	ha_profile_release(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_list_json),
		cmocka_unit_test(test_list_text),
		cmocka_unit_test(test_diff_json),
		cmocka_unit_test(test_diff_text),
		cmocka_unit_test_setup_teardown(test_write,
		    ha_test_capture_setup, ha_test_capture_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

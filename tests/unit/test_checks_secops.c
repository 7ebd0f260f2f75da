/* SPDX-License-Identifier: Apache-2.0 */
/* test_checks_secops.c - section 6: image and container sprawl. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ha_check.h"
#include "ha_report.h"
#include "helper_checks.h"
#include "banned.h"

/* Three images, two used by the containers (one running, two stopped). */
#define ENGINE "{'engine': {'status': 'ok', " \
	"'image_list': [{'Id': 'sha256:aaa', 'RepoTags': ['web:1']}, " \
	"{'Id': 'sha256:bbb', 'RepoTags': ['db:2']}, " \
	"{'Id': 'sha256:ccc', 'RepoTags': ['old:0']}], " \
	"'containers': [" \
	"{'Name': '/web', 'Image': 'sha256:aaa', 'State': {'Running': true}}," \
	"{'Name': '/db', 'Image': 'sha256:bbb', 'State': {'Running': false}}," \
	"{'Name': '/tmp', 'Image': 'sha256:aaa', 'State': {'Running': false}}" \
	"]}}"

static void
test_image_sprawl(void **state)
{
	struct ha_result r;

	(void)state;
	assert_int_equal(ha_test_runq("host.image-sprawl", ENGINE, NULL, &r),
	    HA_INFO);
	assert_non_null(strstr(r.message, "3 images, 2 in use, 1 unused"));
	assert_int_equal(r.ntargets, 1);
	assert_int_equal(ha_test_target_status(&r, "old:0"), HA_INFO);
	ha_result_release(&r);
	assert_int_equal(ha_test_runq("host.image-sprawl", ENGINE,
	    "{'max_unused_images': 1}", &r), HA_PASS);
	ha_result_release(&r);
	assert_int_equal(ha_test_runq("host.image-sprawl", ENGINE,
	    "{'max_unused_images': 0}", &r), HA_FAIL);
	assert_non_null(strstr(r.message, "more than the 0 allowed"));
	ha_result_release(&r);
	assert_int_equal(ha_test_runq("host.image-sprawl", ENGINE,
	    "{'max_unused_images': 'lots'}", &r), HA_ERROR);
	ha_result_release(&r);
	assert_int_equal(ha_test_runq("host.image-sprawl", "{'engine': "
	    "{'status': 'ok', 'image_list': [{'Id': 'sha256:aaa'}], "
	    "'containers': [{'Image': 'sha256:aaa'}]}}", NULL, &r), HA_PASS);
	ha_result_release(&r);
}

static void
test_image_sprawl_missing(void **state)
{
	struct ha_result r;

	(void)state;
	assert_int_equal(ha_test_runq("host.image-sprawl", "{'engine': "
	    "{'status': 'error', 'error': 'cannot connect'}}", NULL, &r),
	    HA_ERROR);
	assert_non_null(strstr(r.message, "cannot connect"));
	ha_result_release(&r);
	assert_int_equal(ha_test_runq("host.image-sprawl", "{'engine': "
	    "{'status': 'ok', 'containers': []}}", NULL, &r), HA_ERROR);
	assert_non_null(strstr(r.message, "not collected"));
	ha_result_release(&r);
}

static void
test_container_sprawl(void **state)
{
	struct ha_result r;

	(void)state;
	assert_int_equal(ha_test_runq("host.container-sprawl", ENGINE, NULL,
	    &r), HA_INFO);
	assert_non_null(strstr(r.message, "3 containers, 1 running, 2 not "
	    "running"));
	ha_result_release(&r);
	assert_int_equal(ha_test_runq("host.container-sprawl", ENGINE,
	    "{'max_stopped_containers': 2}", &r), HA_PASS);
	ha_result_release(&r);
	assert_int_equal(ha_test_runq("host.container-sprawl", ENGINE,
	    "{'max_stopped_containers': 1}", &r), HA_FAIL);
	ha_result_release(&r);
	assert_int_equal(ha_test_runq("host.container-sprawl", "{'engine': "
	    "{'status': 'ok', 'containers': [{'Name': '/a', 'State': "
	    "{'Running': true}}]}}", NULL, &r), HA_PASS);
	ha_result_release(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_image_sprawl),
		cmocka_unit_test(test_image_sprawl_missing),
		cmocka_unit_test(test_container_sprawl),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

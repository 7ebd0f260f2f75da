/* SPDX-License-Identifier: Apache-2.0 */
/*
 * helper_checks.h - run one check over a facts fixture, for the unit
 * tests of checks/.  Linked into every test program.
 *
 * Usage:
 *	struct ha_result r;
 *
 *	assert_int_equal(ha_test_run("container.privileged",
 *	    "{\"engine\": {\"status\": \"ok\", \"containers\": [...]}}",
 *	    NULL, &r), HA_FAIL);
 *	assert_int_equal(ha_test_target_status(&r, "web"), HA_FAIL);
 *	ha_result_release(&r);
 *
 * ha_test_runq() takes the same JSON with ' in place of " so fixtures
 * stay readable in C strings ({'engine': {'status': 'ok'}}); a literal
 * single quote is then written \u0027.
 *
 * A malformed fixture or an unknown id fails the calling test.
 */
#ifndef HA_HELPER_CHECKS_H
#define HA_HELPER_CHECKS_H

#include <jansson.h>

#include "ha_check.h"
#include "ha_report.h"

/*
 * Run check_id over facts_json with the profile parameters params_json
 * (an object, or NULL for none).  out is initialised here and owned by
 * the caller, who releases it with ha_result_release().  Returns
 * out->status.
 */
enum ha_status	 ha_test_run(const char *check_id, const char *facts_json,
		    const char *params_json, struct ha_result *out);
enum ha_status	 ha_test_runq(const char *check_id, const char *facts_json,
		    const char *params_json, struct ha_result *out);

/* Parse JSON text (new reference, json_decref() it); fails the test. */
json_t		*ha_test_json(const char *text);

/* JSON with ' for " (new reference; any value); fails the test. */
json_t		*ha_test_q(const char *text);

/*
 * rep rendered by the writer called name, with o (NULL: the defaults),
 * as a string (caller frees); the writer must succeed.
 */
char		*ha_test_render(const char *name, const struct ha_report *rep,
		    const struct ha_write_opts *o);

/*
 * The report tree dumped as the JSON writer must write it (2-space
 * indent, ASCII, 15 digits, a final newline): the reference of the
 * streaming writer (caller frees).
 */
char		*ha_test_tree_dump(const struct ha_report *rep);

/* ha_slim_load_fd() of text through a temp file, at most max bytes. */
json_t		*ha_test_slim_load(const char *text, size_t max);

/* The target named name in r, or NULL. */
const struct ha_target *ha_test_target(const struct ha_result *r,
		    const char *name);
/* Its status, or -1 when r has no such target. */
int		 ha_test_target_status(const struct ha_result *r,
		    const char *name);

/*
 * Run check_id over q-quoted facts (as ha_test_runq) and fail the test
 * unless its status is want and, for each (name, status, detail substring
 * or NULL) triple that follows, the target called name has that status
 * and detail.  End the triples with HA_TEST_END.
 */
#define HA_TEST_END	((const char *)NULL)
void	 ha_test_expect(const char *check_id, const char *facts,
	    const char *params, enum ha_status want, ...);
/* Fail unless the check's status is want and its message exactly msg. */
void	 ha_test_expect_msg(const char *check_id, const char *facts,
	    enum ha_status want, const char *msg);

/*
 * Error capture for tests of code that reports through ha_error(): the
 * setup routes messages into ha_test_msg (the last one wins, emptied
 * first); the teardown restores the default routine.
 */
extern char ha_test_msg[1024];
int	 ha_test_capture_setup(void **state);
int	 ha_test_capture_teardown(void **state);
/*
 * Every message of a run instead, one a line: after ha_test_collect()
 * and until the teardown, each message is appended to ha_test_msgs.
 */
extern char ha_test_msgs[8192];

/*
 * The check a shipped profile numbers ref (*id), and that entry's
 * parameters as JSON text (NULL: none; the caller frees); fails the
 * test when the profile has no such number.
 */
char	*ha_test_ref_check(const char *profile, const char *ref,
	    const char **id);
void	 ha_test_collect(void);

#endif

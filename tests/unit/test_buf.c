/* SPDX-License-Identifier: Apache-2.0 */
/* test_buf.c - the capped buffer and the small utilities. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "ha_buf.h"
#include "ha_util.h"

static void
test_append_and_nul(void **state)
{
	struct ha_buf b;

	(void)state;
	ha_buf_init(&b, HA_BUF_NOCAP);
	assert_string_equal(b.data, "");
	assert_int_equal(ha_buf_addstr(&b, "abc"), 0);
	assert_int_equal(ha_buf_addf(&b, "-%d-%s", 42, "x"), 0);
	assert_string_equal(b.data, "abc-42-x");
	assert_int_equal(b.len, 8);
	ha_buf_reset(&b);
	assert_string_equal(b.data, "");
	ha_buf_release(&b);
}

static void
test_growth(void **state)
{
	struct ha_buf b;
	int i;

	(void)state;
	ha_buf_init(&b, HA_BUF_NOCAP);
	for (i = 0; i < 10000; i++)
		assert_int_equal(ha_buf_addch(&b, (char)('a' + i % 26)), 0);
	assert_int_equal(b.len, 10000);
	assert_int_equal(b.data[10000], '\0');
	assert_int_equal(b.data[9999], 'a' + 9999 % 26);
	ha_buf_release(&b);
}

/* A released buffer is re-initialised (ha_buf.h): it can be filled again. */
static void
test_reuse_after_release(void **state)
{
	struct ha_buf b;

	(void)state;
	ha_buf_init(&b, HA_BUF_NOCAP);
	assert_int_equal(ha_buf_addstr(&b, "abc"), 0);
	ha_buf_release(&b);
	alarm(10);	/* the old code doubled a zero size for ever */
	assert_int_equal(ha_buf_addstr(&b, "xyz"), 0);
	assert_int_equal(ha_buf_addf(&b, "-%d", 7), 0);
	alarm(0);
	assert_string_equal(b.data, "xyz-7");
	assert_int_equal(b.len, 5);
	ha_buf_release(&b);
}

static void
test_cap_refuses_and_keeps(void **state)
{
	struct ha_buf b;

	(void)state;
	ha_buf_init(&b, 8);
	assert_int_equal(ha_buf_addstr(&b, "12345"), 0);
	assert_int_equal(ha_buf_addstr(&b, "6789"), -1);
	assert_string_equal(b.data, "12345");
	assert_int_equal(ha_buf_addf(&b, "%s", "abcdef"), -1);
	assert_string_equal(b.data, "12345");
	assert_int_equal(ha_buf_addf(&b, "%d", 678), 0);
	assert_string_equal(b.data, "12345678");
	ha_buf_release(&b);
}

static void
test_read_file_cap(void **state)
{
	char path[] = "/tmp/ha-test-buf-XXXXXX";
	struct ha_buf b;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "0123456789", 10), 10);
	close(fd);
	ha_buf_init(&b, 100);
	assert_int_equal(ha_buf_read_file(&b, path, 1), 0);
	assert_string_equal(b.data, "0123456789");
	ha_buf_release(&b);
	ha_buf_init(&b, 5);
	assert_int_equal(ha_buf_read_file(&b, path, 1), -1);
	assert_int_equal(errno, EFBIG);
	ha_buf_release(&b);
	unlink(path);
	ha_buf_init(&b, 5);
	assert_int_equal(ha_buf_read_file(&b, path, 1), -1);
	assert_int_equal(errno, ENOENT);
	ha_buf_release(&b);
}

/*
 * A FIFO (or a device) where a file is expected: refused at once, never
 * waited on (opening a FIFO blocks until a writer comes) nor read forever.
 */
static void
test_read_file_not_regular(void **state)
{
	char dir[] = "/tmp/ha-test-buf-XXXXXX", fifo[64];
	struct ha_buf b;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(fifo, sizeof(fifo), "%s/fifo", dir);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	alarm(10);	/* the old code blocked in open(): fail, not hang */
	ha_buf_init(&b, 100);
	assert_int_equal(ha_buf_read_file(&b, fifo, 1), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(b.len, 0);
	assert_int_equal(ha_buf_read_file(&b, "/dev/zero", 0), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(b.len, 0);
	assert_int_equal(ha_buf_read_file(&b, dir, 0), -1);
	assert_int_equal(errno, EISDIR);
	alarm(0);
	ha_buf_release(&b);
	unlink(fifo);
	rmdir(dir);
}

static void
test_strtonum(void **state)
{
	const char *err;
	long long v = 0;

	(void)state;
	assert_int_equal(ha_strtonum("42", 1, 100, &v, &err), 0);
	assert_int_equal(v, 42);
	assert_int_equal(ha_strtonum("0", 1, 100, &v, &err), -1);
	assert_string_equal(err, "too small");
	assert_int_equal(ha_strtonum("101", 1, 100, &v, &err), -1);
	assert_string_equal(err, "too large");
	assert_int_equal(ha_strtonum("4x", 1, 100, &v, &err), -1);
	assert_string_equal(err, "invalid");
	assert_int_equal(ha_strtonum("", 1, 100, &v, &err), -1);
	assert_int_equal(ha_strtonum("99999999999999999999", 1, 100, &v, &err),
	    -1);
	assert_string_equal(err, "too large");
}

static void
test_time_format(void **state)
{
	char buf[32];

	(void)state;
	ha_utc_iso8601(0, buf, sizeof(buf));
	assert_string_equal(buf, "1970-01-01T00:00:00Z");
	ha_utc_iso8601(1795000000, buf, sizeof(buf));
	assert_string_equal(buf, "2026-11-18T11:06:40Z");
}

static char last_msg[256];

static void
capture(enum ha_msg_level lvl, const char *msg, void *arg)
{
	(void)lvl;
	(void)arg;
	snprintf(last_msg, sizeof(last_msg), "%s", msg);
}

static void
test_error_sink(void **state)
{
	(void)state;
	ha_set_error_routine(capture, NULL);
	assert_int_equal(ha_error("cannot read '%s': %s", "/x", "boom"), -1);
	assert_string_equal(last_msg, "cannot read '/x': boom");
	ha_set_error_routine(NULL, NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append_and_nul),
		cmocka_unit_test(test_growth),
		cmocka_unit_test(test_cap_refuses_and_keeps),
		cmocka_unit_test(test_reuse_after_release),
		cmocka_unit_test(test_read_file_cap),
		cmocka_unit_test(test_read_file_not_regular),
		cmocka_unit_test(test_strtonum),
		cmocka_unit_test(test_time_format),
		cmocka_unit_test(test_error_sink),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

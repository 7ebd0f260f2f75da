/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_privs.c - after ha_privs_drop() the process has no_new_privs set
 * and no capability but CAP_DAC_OVERRIDE (and that only when it had it).
 * Runs in a forked child so that the test program keeps its own.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "ha_privs.h"
#include "ha_util.h"

/* The hexadecimal mask after "field:\t" in /proc/self/status. */
static unsigned long long
status_mask(const char *field)
{
	char line[256];
	unsigned long long v = ~0ULL;
	size_t n = strlen(field);
	FILE *fp = fopen("/proc/self/status", "r");

	if (fp == NULL)
		return v;
	while (fgets(line, sizeof(line), fp) != NULL)
		if (strncmp(line, field, n) == 0 && line[n] == ':')
			v = strtoull(line + n + 1, NULL, 16);
	fclose(fp);
	return v;
}

static void
test_drop(void **state)
{
	unsigned long long before = status_mask("CapEff");
	unsigned long long dac = 1ULL << 1;	/* CAP_DAC_OVERRIDE */
	pid_t pid;
	int status;

	(void)state;
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		int rc = 0;

		if (ha_privs_drop() != 0)
			rc |= 1;
		if (prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) != 1)
			rc |= 2;
		if (status_mask("CapEff") != (before & dac))
			rc |= 4;
		if (status_mask("CapPrm") != (before & dac))
			rc |= 8;
		_exit(rc);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_drop),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

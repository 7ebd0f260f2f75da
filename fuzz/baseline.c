/* SPDX-License-Identifier: Apache-2.0 */
/*
 * baseline.c - fuzz the baseline reader and the comparison (--baseline).
 *
 * The input is a previous JSON report.  It is read by ha_baseline_load()
 * (through a memory file, so the size cap and the schema checks are the
 * real ones), then applied with ha_baseline_apply() to the report of the
 * golden facts under a profile of every check, and the report (now with
 * new, still failing and fixed findings) is rendered by every writer.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <jansson.h>

#include "ha_baseline.h"
#include "ha_report.h"
#include "ha_util.h"
#include "fuzz.h"
#include "banned.h"

#define FUZZ_MAX_INPUT	(64 * 1024)

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ha_profile	profile;
static json_t			*facts;

/* The input as a file: a memfd named through /proc/self/fd. */
static json_t *
load(const uint8_t *data, size_t size)
{
	char path[64];
	json_t *prev;
	int fd;

	if ((fd = memfd_create("baseline", MFD_CLOEXEC)) < 0)
		abort();
	if (size > 0 && write(fd, data, size) != (ssize_t)size)
		abort();
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	prev = ha_baseline_load(path);
	close(fd);
	return prev;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ha_build_opts bo = { NULL, 20260115 };
	struct ha_report rep;
	json_t *prev, *j;

	if (size > FUZZ_MAX_INPUT)
		return -1;
	fuzz_quiet();
	if (facts == NULL) {
		fuzz_all_checks(&profile);
		facts = fuzz_golden_facts();
	}
	if ((prev = load(data, size)) == NULL)
		return 0;
	ha_report_build_opts(&rep, &profile, facts, &bo);
	ha_baseline_apply(&rep, prev, "baseline.json");
	j = ha_baseline_json(rep.baseline);
	json_decref(j);
	fuzz_write_all(&rep);
	ha_report_release(&rep);
	json_decref(prev);
	return 0;
}

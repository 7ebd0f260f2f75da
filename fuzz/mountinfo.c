/* SPDX-License-Identifier: Apache-2.0 */
/*
 * mountinfo.c - fuzz the mountinfo parsers of src/host.c (included to
 * reach them): parse_mountinfo() (the mount table fact) and
 * mountinfo_container_id() (the container hostaudit runs in).  Every
 * well-formed line must become a mount (up to MAX_MOUNTS): a mount left
 * out of the table would hide a partition from the checks.
 */
#include <stdint.h>

#include "../src/host.c"
#include "fuzz.h"

#define FUZZ_MAX_INPUT	(64 * 1024)

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int
count_mount(void *arg, struct mount *m)
{
	(void)m;
	return ++*(size_t *)arg >= MAX_MOUNTS;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char id[ID_LEN + 1], *text;
	json_t *mounts;
	size_t n = 0;

	if (size > FUZZ_MAX_INPUT)
		return -1;
	fuzz_quiet();
	text = ha_xstrndup((const char *)data, size);
	mounts = parse_mountinfo(text);
	each_mount(text, &n, count_mount);
	if (json_array_size(mounts) != n)
		abort();
	json_decref(mounts);
	if (mountinfo_container_id(text, id) == 0 && strlen(id) != ID_LEN)
		abort();
	free(text);
	return 0;
}

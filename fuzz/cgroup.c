/* SPDX-License-Identifier: Apache-2.0 */
/*
 * cgroup.c - fuzz cgroup_container_id() of src/host.c (included to reach
 * it): the container id in a /proc/self/cgroup text, v1 or v2.
 */
#include <stdint.h>

#include "../src/host.c"
#include "fuzz.h"

#define FUZZ_MAX_INPUT	(64 * 1024)

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char id[ID_LEN + 1], *text;

	if (size > FUZZ_MAX_INPUT)
		return -1;
	fuzz_quiet();
	text = ha_xstrndup((const char *)data, size);
	if (cgroup_container_id(text, id) == 0 && !is_id(id, strlen(id)))
		abort();
	free(text);
	return 0;
}

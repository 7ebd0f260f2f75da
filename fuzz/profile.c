/* SPDX-License-Identifier: Apache-2.0 */
/*
 * profile.c - fuzz the profile parser (src/profile.c, with the JSON
 * position index of src/jsonpos.c and the waivers of src/waiver.c).
 *
 * The input is a profile's JSON text, parsed by ha_profile_parse() as
 * "--check-profile" would.  "extends" is honoured: a parent named by a
 * path or a profile name is read from disk like any profile.  A "custom"
 * array's checks are validated and their jq programs compiled (libjq's
 * parser is fuzzed with them), never run: running is src/custom.c's
 * child process, tested in tests/unit/test_custom.c.
 */
#include <stdint.h>
#include <stdlib.h>

#include "ha_report.h"
#include "ha_util.h"
#include "fuzz.h"
#include "banned.h"

#define FUZZ_MAX_INPUT	(64 * 1024)

int		 LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
const char	*__lsan_default_suppressions(void);

/*
 * libjq 1.6 leaks a few bytes when some programs fail to compile (in its
 * parser's error path, before hostaudit gets its state back).  Not ours
 * to fix, and it would stop every run; hostaudit's own jq_teardown() is
 * checked by tests/unit/test_custom.c under AddressSanitizer, which keeps
 * libjq's leaks reported.
 */
const char *
__lsan_default_suppressions(void)
{
	return "leak:libjq.so\n";
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ha_profile p;
	size_t i;

	if (size > FUZZ_MAX_INPUT)
		return -1;
	fuzz_quiet();
	if (ha_profile_parse((const char *)data, size, "fuzz.json", &p) == 0) {
		for (i = 0; i < p.nentries; i++)
			(void)ha_profile_section_title(&p,
			    p.entries[i].section);
		ha_profile_release(&p);
	}
	return 0;
}

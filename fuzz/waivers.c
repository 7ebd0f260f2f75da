/* SPDX-License-Identifier: Apache-2.0 */
/*
 * waivers.c - fuzz the --waivers file parser and the waiver matching.
 *
 * The input is a waivers file: {"waivers": [...]} or [...].  parse_doc()
 * (file-local to src/waiver.c, which is included) reads it as
 * ha_waivers_load() would after its file checks; the waivers then replace
 * those of a profile of every check, the golden facts are evaluated
 * (ha_waivers_apply() matching them against results and targets), and the
 * report is rendered by every writer.  The input is also given to
 * ha_date_parse() as a string.
 */
#include <stdint.h>

#include "../src/waiver.c"
#include "fuzz.h"

#define FUZZ_MAX_INPUT	(64 * 1024)

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ha_profile	profile;
static json_t			*facts;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ha_build_opts bo = { NULL, 20260115 };
	struct ha_waivers w = { NULL, 0 };
	struct ha_profile p;
	struct ha_report rep;
	json_t *j;
	char *s;
	long ymd;

	if (size > FUZZ_MAX_INPUT)
		return -1;
	fuzz_quiet();
	if (facts == NULL) {
		fuzz_all_checks(&profile);
		facts = fuzz_golden_facts();
	}
	s = ha_xstrndup((const char *)data, size);
	(void)ha_date_parse(s, &ymd);
	free(s);
	if (parse_doc((const char *)data, size, "waivers.json", &w) < 0) {
		ha_waivers_release(&w);
		return 0;
	}
	p = profile;
	p.waivers = w;
	ha_report_build_opts(&rep, &p, facts, &bo);
	j = ha_waivers_report_json(&rep);
	json_decref(j);
	fuzz_write_all(&rep);
	ha_report_release(&rep);
	ha_waivers_release(&w);
	return 0;
}

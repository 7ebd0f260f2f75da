/* SPDX-License-Identifier: Apache-2.0 */
/*
 * facts.c - fuzz the whole evaluation of a facts document (--facts).
 *
 * The input is a facts document.  As --facts does, it must parse and
 * carry the facts schema (added when missing, so that the fuzzer need not
 * find it); then ha_report_build() runs every registered check over it
 * (with waivers of each kind, see fuzz.h) and every writer of the writers
 * table renders the report; the JSON report must read back.
 */
#include <stdint.h>
#include <stdlib.h>

#include <jansson.h>

#include "ha_facts.h"
#include "ha_report.h"
#include "ha_util.h"
#include "fuzz.h"
#include "banned.h"

#define FUZZ_MAX_INPUT	(64 * 1024)

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ha_profile	profile;
static int			ready;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ha_build_opts bo = { NULL, 20260115 };
	struct ha_report rep;
	json_t *facts;

	if (size > FUZZ_MAX_INPUT)
		return -1;
	fuzz_quiet();
	if (!ready) {
		fuzz_all_checks(&profile);
		ready = 1;
	}
	facts = json_loadb((const char *)data, size, 0, NULL);
	if (facts == NULL)
		return 0;
	if (!json_is_object(facts)) {
		json_decref(facts);
		return 0;
	}
	if (json_object_get(facts, "schema") == NULL)
		json_object_set_new(facts, "schema",
		    json_string(HA_FACTS_SCHEMA));
	ha_report_build_opts(&rep, &profile, facts, &bo);
	rep.started_at = 1768465800;
	rep.duration_ms = 1234;
	fuzz_write_all(&rep);
	ha_report_release(&rep);
	json_decref(facts);
	return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * audit_rules.c - fuzz the auditctl rules file parser (src/audit.c):
 * ha_audit_parse_rules() over the input as the text of one rules file;
 * the count it returns must be what it appended.
 */
#include <stdint.h>
#include <stdlib.h>

#include <jansson.h>

#include "ha_audit.h"
#include "ha_util.h"
#include "fuzz.h"
#include "banned.h"

#define FUZZ_MAX_INPUT	(64 * 1024)

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *rules;

	if (size > FUZZ_MAX_INPUT)
		return -1;
	fuzz_quiet();
	rules = json_array();
	if (ha_audit_parse_rules((const char *)data, size,
	    "/etc/audit/rules.d/fuzz.rules", rules) != json_array_size(rules))
		abort();
	json_decref(rules);
	return 0;
}

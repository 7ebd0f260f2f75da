/* SPDX-License-Identifier: Apache-2.0 */
/*
 * daemon_effective.c - fuzz the merge of flags, environment and
 * daemon.json with values of any JSON type.
 *
 * The input is a JSON document {"argv": ..., "env": ..., "file": ...};
 * argv (an array, its members of any type), env and file (objects, their
 * values of any type) go to ha_daemon_effective(), argv also to
 * ha_daemon_parse_flags().  A member of another type is passed as NULL,
 * as the collector never makes one.
 */
#include <stdint.h>
#include <stdlib.h>

#include <jansson.h>

#include "ha_daemon.h"
#include "ha_util.h"
#include "fuzz.h"
#include "banned.h"

#define FUZZ_MAX_INPUT	(64 * 1024)

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *doc, *out;
	const json_t *argv, *env, *file;

	if (size > FUZZ_MAX_INPUT)
		return -1;
	fuzz_quiet();
	doc = json_loadb((const char *)data, size, JSON_DECODE_ANY, NULL);
	if (doc == NULL)
		return 0;
	argv = json_object_get(doc, "argv");
	env = json_object_get(doc, "env");
	file = json_object_get(doc, "file");
	argv = json_is_array(argv) ? argv : NULL;
	env = json_is_object(env) ? env : NULL;
	file = json_is_object(file) ? file : NULL;
	if (argv != NULL) {
		out = ha_daemon_parse_flags(argv);
		json_decref(out);
	}
	out = ha_daemon_effective(argv, env, file);
	json_decref(out);
	json_decref(doc);
	return 0;
}

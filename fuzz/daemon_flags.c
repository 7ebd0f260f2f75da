/* SPDX-License-Identifier: Apache-2.0 */
/*
 * daemon_flags.c - fuzz the dockerd command line parser.
 *
 * The input is a command line as /proc/PID/cmdline holds it: arguments
 * separated by NUL bytes, argv[0] first.  It is split the way the
 * collector splits it (src/daemon.c, included to reach jstr()), then goes
 * through ha_daemon_parse_flags() and ha_daemon_effective() with no file
 * and no environment; ha_daemon_is_dockerd() gets argv[0].
 */
#include <stdint.h>

#include "../src/daemon.c"
#include "fuzz.h"

#define FUZZ_MAX_INPUT	4096

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *argv, *out;
	char *text;
	size_t i, start;

	if (size > FUZZ_MAX_INPUT)
		return -1;
	fuzz_quiet();
	text = ha_xmalloc(size + 1);
	memcpy(text, data, size);
	text[size] = '\0';
	argv = json_array();
	for (start = 0, i = 0; i <= size; i++) {
		if (i < size && text[i] != '\0')
			continue;
		if (i > start || i < size)
			json_array_append_new(argv, jstr(text + start));
		start = i + 1;
	}
	if (json_array_size(argv) > 0)
		(void)ha_daemon_is_dockerd(json_string_value(
		    json_array_get(argv, 0)));
	out = ha_daemon_parse_flags(argv);
	json_decref(out);
	out = ha_daemon_effective(argv, NULL, NULL);
	json_decref(out);
	json_decref(argv);
	free(text);
	return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * os_release.c - fuzz the key=value text parsers of src/host.c (included
 * to reach them): os_release_value() for the keys the collector asks,
 * hostname_value(), and env_scan() (the shell-style assignments of the
 * profile.d scripts and /etc/environment).  Every assignment that
 * env_assignment() sees must be recorded: a dropped one would make an
 * earlier value look like the one that wins.
 */
#include <stdint.h>

#include "../src/host.c"
#include "fuzz.h"

#define FUZZ_MAX_INPUT	(64 * 1024)

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* How many lines of text assign name. */
static size_t
assignments(const char *text, const char *name)
{
	const char *eol, *end;
	size_t n = 0;
	char *v;

	for (; *text != '\0'; text = eol + 1) {
		eol = strchr(text, '\n');
		end = eol != NULL ? eol : text + strlen(text);
		if ((v = env_assignment(text, end, name)) != NULL)
			n++;
		free(v);
		if (eol == NULL)
			break;
	}
	return n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const keys[] = {
		"PRETTY_NAME", "NAME", "VERSION_ID", "ID",
	};
	json_t *list;
	char *text, *v;
	size_t i;

	if (size > FUZZ_MAX_INPUT)
		return -1;
	fuzz_quiet();
	text = ha_xstrndup((const char *)data, size);
	for (i = 0; i < HA_ARRAY_SIZE(keys); i++)
		free(os_release_value(text, keys[i]));
	v = hostname_value(text);
	free(v);
	for (i = 0; i < HA_ARRAY_SIZE(env_vars); i++) {
		list = json_array();
		env_scan(text, "/etc/profile.d/fuzz.sh", env_vars[i], list);
		if (json_array_size(list) != assignments(text, env_vars[i]))
			abort();
		json_decref(list);
	}
	free(text);
	return 0;
}

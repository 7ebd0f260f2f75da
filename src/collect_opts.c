/* SPDX-License-Identifier: Apache-2.0 */
/* collect_opts.c - the options and error sink every collector shares. */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "ha_collect_opts.h"
#include "ha_util.h"
#include "banned.h"

void
ha_collect_opts_init(struct ha_collect_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->root = "/";
	o->timeout_ms = HA_DEFAULT_TIMEOUT_MS;
	o->connect_timeout_ms = 3000;
	o->max_body = HA_DEFAULT_MAX_BODY;
}

const char *
ha_collect_host_url(const struct ha_collect_opts *o)
{
	const char *env;

	if (o->host != NULL && *o->host != '\0')
		return o->host;
	env = getenv("DOCKER_HOST");
	if (env != NULL && *env != '\0')
		return env;
	return HA_DEFAULT_HOST;
}

void
ha_facts_verror(json_t *facts, const char *source, const char *fmt,
    va_list ap)
{
	json_t *errors = json_object_get(facts, "errors");
	char *msg;

	msg = ha_xvasprintf(fmt, ap);
	if (!json_is_array(errors)) {
		errors = json_array();
		json_object_set_new(facts, "errors", errors);
	}
	json_array_append_new(errors, json_pack("{s:s, s:s}", "source", source,
	    "message", msg));
	free(msg);
}

void
ha_facts_error(json_t *facts, const char *source, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ha_facts_verror(facts, source, fmt, ap);
	va_end(ap);
}

/* SPDX-License-Identifier: Apache-2.0 */
/* facts.c - read-only accessors over the facts document. */
#include <string.h>

#include "ha_facts.h"
#include "ha_util.h"
#include "banned.h"

const json_t *
ha_facts_get(const json_t *root, const char *path)
{
	const char *p = path, *dot;
	size_t n;

	while (root != NULL && *p != '\0') {
		dot = strchr(p, '.');
		n = dot != NULL ? (size_t)(dot - p) : strlen(p);
		if (n >= 256 || !json_is_object(root))
			return NULL;	/* no key is that long */
		root = json_object_getn(root, p, n);
		p += n + (dot != NULL);
	}
	return root;
}

const char *
ha_facts_str(const json_t *root, const char *path)
{
	return json_string_value(ha_facts_get(root, path));
}

int
ha_facts_bool(const json_t *root, const char *path, int *out)
{
	const json_t *v = ha_facts_get(root, path);

	if (!json_is_boolean(v))
		return -1;
	*out = json_is_true(v);
	return 0;
}

int
ha_facts_int(const json_t *root, const char *path, long long *out)
{
	const json_t *v = ha_facts_get(root, path);

	if (!json_is_integer(v))
		return -1;
	*out = json_integer_value(v);
	return 0;
}

int
ha_facts_empty(const json_t *root, const char *path)
{
	const json_t *v = ha_facts_get(root, path);

	if (v == NULL || json_is_null(v))
		return 1;
	if (json_is_string(v))
		return json_string_length(v) == 0;
	if (json_is_array(v))
		return json_array_size(v) == 0;
	if (json_is_object(v))
		return json_object_size(v) == 0;
	return 0;
}

const json_t *
ha_facts_setting(const json_t *facts, const char *key, const char **source)
{
	const json_t *settings = ha_facts_get(facts, "daemon.settings");
	const json_t *s = json_object_get(settings, key);

	if (source != NULL)
		*source = json_string_value(json_object_get(s, "source"));
	return json_object_get(s, "value");
}

int
ha_facts_is_tcp_host(const char *h)
{
	return h != NULL && *h != '\0' && !ha_starts_with(h, "unix://") &&
	    !ha_starts_with(h, "fd://") && !ha_starts_with(h, "npipe://") &&
	    !ha_starts_with(h, "ssh://");
}

const char *
ha_facts_tcp_listener(const json_t *facts)
{
	const json_t *hosts = ha_facts_setting(facts, "hosts", NULL), *e;
	size_t i;

	json_array_foreach(hosts, i, e)
		if (ha_facts_is_tcp_host(json_string_value(e)))
			return json_string_value(e);
	return NULL;
}

const char *
ha_facts_setting_unknown(const json_t *facts, const char *key)
{
	/* the keys src/daemon.c's env_settings() fills */
	static const char *const env_keys[] = {
		"tlsverify", "tlscacert", "tlscert", "tlskey",
	};
	const char *err = ha_facts_str(facts, "daemon.environment_error");
	const char *source;
	size_t i;

	/* TLS applies to tcp listeners only: without one it cannot matter */
	if (err == NULL || ha_facts_tcp_listener(facts) == NULL)
		return NULL;
	for (i = 0; i < HA_ARRAY_SIZE(env_keys); i++)
		if (strcmp(key, env_keys[i]) == 0)
			break;
	if (i == HA_ARRAY_SIZE(env_keys))
		return NULL;
	ha_facts_setting(facts, key, &source);
	if (source != NULL && (strcmp(source, "flag") == 0 ||
	    strcmp(source, "file") == 0))
		return NULL;	/* both outrank the environment */
	return err;
}

const json_t *
ha_facts_file(const json_t *facts, const char *role)
{
	return json_object_get(json_object_get(facts, "files"), role);
}

const char *
ha_facts_object_name(const json_t *obj)
{
	const char *s = json_string_value(json_object_get(obj, "Name"));
	const json_t *tags;

	if (s != NULL && *s != '\0')
		return *s == '/' ? s + 1 : s;
	tags = json_object_get(obj, "RepoTags");
	s = json_string_value(json_array_get(tags, 0));
	if (s != NULL && *s != '\0')
		return s;
	s = json_string_value(json_object_get(obj, "Id"));
	if (s == NULL)
		return "(unknown)";
	return ha_starts_with(s, "sha256:") ? s + 7 : s;
}

/* 1 when the string array at path holds s. */
static int
strings_hold(const json_t *facts, const char *path, const char *s)
{
	const json_t *v;
	size_t i;

	json_array_foreach(ha_facts_get(facts, path), i, v)
		if (json_is_string(v) && strcmp(json_string_value(v), s) == 0)
			return 1;
	return 0;
}

/* The facts pinned (ha_facts_pin()) and their engine kind. */
static _Thread_local struct {
	const json_t	*facts;		/* NULL: none */
	const char	*kind;
} pinned;

static const char *
engine_kind(const json_t *facts)
{
	const json_t *c;
	const char *name;
	size_t i;

	if (!json_is_object(ha_facts_get(facts, "engine")))
		return NULL;
	if (ha_facts_str(facts, "engine.libpod_api_version") != NULL)
		return "podman";
	json_array_foreach(ha_facts_get(facts, "engine.version.Components"),
	    i, c) {
		name = json_string_value(json_object_get(c, "Name"));
		if (name != NULL && strstr(name, "Podman") != NULL)
			return "podman";
	}
	return "docker";
}

const char *
ha_facts_engine_kind(const json_t *facts)
{
	if (facts != NULL && facts == pinned.facts)
		return pinned.kind;
	return engine_kind(facts);
}

void
ha_facts_pin(const json_t *facts)
{
	pinned.facts = NULL;
	pinned.kind = engine_kind(facts);
	pinned.facts = facts;
}

void
ha_facts_unpin(void)
{
	pinned.facts = NULL;
	pinned.kind = NULL;
}

int
ha_facts_engine_rootless(const json_t *facts)
{
	return strings_hold(facts, "engine.info.SecurityOptions",
	    "name=rootless");
}

int
ha_facts_engine_remote(const json_t *facts)
{
	return json_is_true(ha_facts_get(facts, "engine.remote"));
}

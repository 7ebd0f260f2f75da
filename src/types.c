/* SPDX-License-Identifier: Apache-2.0 */
/*
 * types.c - the JSON types of the inspect fields the container and image
 * checks read (see ha_types.h), and a memo so that each object is judged
 * once per audit.
 */
#include <stdlib.h>
#include <string.h>

#include "ha_types.h"
#include "ha_util.h"
#include "banned.h"

#define T(t)	(1u << (t))
#define T_OBJ	T(JSON_OBJECT)
#define T_ARR	T(JSON_ARRAY)
#define T_STR	T(JSON_STRING)
#define T_INT	T(JSON_INTEGER)
#define T_BOOL	(T(JSON_TRUE) | T(JSON_FALSE))
#define T_NULL	T(JSON_NULL)

#define MAX_NAME	64	/* longest field name in a table path */
#define MAX_QUOTE	64	/* bytes of a map key quoted in a message */

/*
 * One field: a dot-separated path from the inspect object, where "[]"
 * stands for every element of an array and "{}" for every value of an
 * object (a map such as PortBindings).  A path below an array or map
 * applies only where that array or map is one: "CapAdd[]" judges the
 * elements of an array CapAdd, and the entry "CapAdd" judges CapAdd.
 * Parents come before their children, so the outermost mismatch is the
 * one reported.
 */
struct field {
	const char	*path;
	unsigned	 types;
};

/*
 * Null is accepted where Docker sends it: Go nil slices and maps
 * (CapAdd, Binds, PortBindings, ...) and pointers (Healthcheck, Health,
 * PidsLimit).  Not where null would read as a safe value the engine never
 * sends (Privileged, the namespace modes, Mounts).
 */
#define PORT_MAP(p)							\
	{ p, T_OBJ | T_NULL },						\
	{ p "{}", T_ARR | T_NULL },					\
	{ p "{}[]", T_OBJ },						\
	{ p "{}[].HostIp", T_STR },					\
	{ p "{}[].HostPort", T_STR }

#define STRINGS(p)							\
	{ p, T_ARR | T_NULL },						\
	{ p "[]", T_STR }

#define HEALTHCHECK(p)							\
	{ p, T_OBJ | T_NULL },						\
	STRINGS(p ".Test")

static const struct field container_fields[] = {
	{ "Id", T_STR },
	{ "Name", T_STR },
	{ "Image", T_STR },
	{ "AppArmorProfile", T_STR },
	{ "ProcessLabel", T_STR },
	{ "HostConfig", T_OBJ },
	{ "HostConfig.Privileged", T_BOOL },
	{ "HostConfig.ReadonlyRootfs", T_BOOL },
	{ "HostConfig.PidMode", T_STR },
	{ "HostConfig.NetworkMode", T_STR },
	{ "HostConfig.IpcMode", T_STR },
	{ "HostConfig.UTSMode", T_STR },
	{ "HostConfig.UsernsMode", T_STR },
	{ "HostConfig.CgroupParent", T_STR },
	STRINGS("HostConfig.CapAdd"),
	STRINGS("HostConfig.CapDrop"),
	STRINGS("HostConfig.Capabilities"),
	STRINGS("HostConfig.SecurityOpt"),
	STRINGS("HostConfig.Binds"),
	STRINGS("HostConfig.DeviceCgroupRules"),
	{ "HostConfig.Devices", T_ARR | T_NULL },
	{ "HostConfig.Devices[]", T_OBJ },
	{ "HostConfig.Devices[].PathOnHost", T_STR },
	{ "HostConfig.Devices[].PathInContainer", T_STR },
	{ "HostConfig.Devices[].CgroupPermissions", T_STR },
	{ "HostConfig.Memory", T_INT },
	{ "HostConfig.CpuShares", T_INT },
	{ "HostConfig.NanoCpus", T_INT },
	{ "HostConfig.PidsLimit", T_INT | T_NULL },
	{ "HostConfig.RestartPolicy", T_OBJ },
	{ "HostConfig.RestartPolicy.Name", T_STR },
	{ "HostConfig.RestartPolicy.MaximumRetryCount", T_INT },
	PORT_MAP("HostConfig.PortBindings"),
	{ "HostConfig.Ulimits", T_ARR | T_NULL },
	{ "HostConfig.Ulimits[]", T_OBJ },
	{ "HostConfig.Ulimits[].Name", T_STR },
	{ "HostConfig.Ulimits[].Soft", T_INT },
	{ "HostConfig.Ulimits[].Hard", T_INT },
	{ "Mounts", T_ARR },
	{ "Mounts[]", T_OBJ },
	{ "Mounts[].Type", T_STR },
	{ "Mounts[].Source", T_STR },
	{ "Mounts[].Destination", T_STR },
	{ "Mounts[].Name", T_STR },
	{ "Mounts[].Driver", T_STR },
	{ "Mounts[].Propagation", T_STR },
	{ "Mounts[].RW", T_BOOL },
	{ "Config", T_OBJ },
	{ "Config.User", T_STR },
	{ "Config.Image", T_STR },
	STRINGS("Config.Env"),
	HEALTHCHECK("Config.Healthcheck"),
	{ "State", T_OBJ },
	{ "State.Running", T_BOOL },
	{ "State.Status", T_STR },
	{ "State.Health", T_OBJ | T_NULL },
	{ "State.Health.Status", T_STR },
	{ "NetworkSettings", T_OBJ },
	PORT_MAP("NetworkSettings.Ports"),
	{ "NetworkSettings.Networks", T_OBJ | T_NULL },
	{ "NetworkSettings.Networks{}", T_OBJ },
	{ "NetworkSettings.Networks{}.NetworkID", T_STR },
	/* hostaudit's own additions (src/procs.c) */
	{ "Processes", T_ARR },
	/* older facts: a command line, or a "docker top" row of strings */
	{ "Processes[]", T_OBJ | T_STR | T_ARR },
	{ "Processes[][]", T_STR },
	{ "Processes[].pid", T_INT },
	{ "Processes[].comm", T_STR | T_NULL },
	{ "Processes[].exe_base", T_STR | T_NULL },
	{ "ProcessesError", T_STR },
	{ "ProcessesTruncated", T_BOOL },
};

static const struct field image_fields[] = {
	{ "Id", T_STR },
	STRINGS("RepoTags"),
	/* an image built without a config (import of a bare rootfs) */
	{ "Config", T_OBJ | T_NULL },
	{ "Config.User", T_STR },
	STRINGS("Config.Env"),
	HEALTHCHECK("Config.Healthcheck"),
	/* hostaudit's own additions (src/engine.c) */
	{ "History", T_ARR },
	{ "History[]", T_OBJ },
	{ "History[].CreatedBy", T_STR },
	{ "History[].Size", T_INT },
	{ "HistoryError", T_STR },
};

static const struct {
	const struct field	*fields;
	size_t			 n;
} tables[HA_TYPES_KIND_COUNT] = {
	[HA_TYPES_CONTAINER] = { container_fields,
	    HA_ARRAY_SIZE(container_fields) },
	[HA_TYPES_IMAGE] = { image_fields, HA_ARRAY_SIZE(image_fields) },
};

static const char *
type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:	return "an object";
	case JSON_ARRAY:	return "a list";
	case JSON_STRING:	return "a string";
	case JSON_INTEGER:	return "an integer";
	case JSON_REAL:		return "a real number";
	case JSON_TRUE:
	case JSON_FALSE:	return "a boolean";
	default:		return "null";
	}
}

/* "a boolean", "a list or null", ... */
static void
expected(unsigned types, struct ha_buf *b)
{
	static const struct {
		unsigned	 t;
		const char	*name;
	} names[] = {
		{ T_OBJ, "an object" }, { T_ARR, "a list" },
		{ T_STR, "a string" }, { T_INT, "an integer" },
		{ T_BOOL, "a boolean" }, { T_NULL, "null" },
	};
	size_t i;
	int first = 1;

	for (i = 0; i < HA_ARRAY_SIZE(names); i++) {
		if ((types & names[i].t) == 0)
			continue;
		ha_buf_addf(b, "%s%s", first ? "" : " or ", names[i].name);
		first = 0;
	}
}

struct walk {
	unsigned	 types;
	int		 quick;	/* only whether it matches: no path, no
				   message (a second walk writes them) */
	struct ha_buf	 at;	/* the concrete path walked so far */
	struct ha_buf	*why;
};

static int walk(struct walk *w, const json_t *v, const char *path);

/* path begins with "[]" or "{}": every element or value of v. */
static int
walk_each(struct walk *w, const json_t *v, const char *path)
{
	size_t i, len = w->at.len;
	const char *k;
	json_t *e;

	if (path[0] == '[' && json_is_array(v)) {
		json_array_foreach(v, i, e) {
			if (w->quick) {
				if (walk(w, e, path + 2) != 0)
					return -1;
				continue;
			}
			ha_buf_addf(&w->at, "[%zu]", i);
			if (walk(w, e, path + 2) != 0)
				return -1;
			w->at.len = len;
			w->at.data[len] = '\0';
		}
	} else if (path[0] == '{' && json_is_object(v)) {
		json_object_foreach((json_t *)v, k, e) {
			if (w->quick) {
				if (walk(w, e, path + 2) != 0)
					return -1;
				continue;
			}
			ha_buf_addf(&w->at, "[\"%.*s\"]", MAX_QUOTE, k);
			if (walk(w, e, path + 2) != 0)
				return -1;
			w->at.len = len;
			w->at.data[len] = '\0';
		}
	}
	return 0;	/* not an array or map: its own entry judges it */
}

/*
 * Judge the values path names below v.  path is what is left of a table
 * path ("Privileged", "Ports{}[].HostIp", "" for v itself).  0, or -1
 * with the mismatch in w->why.
 */
static int
walk(struct walk *w, const json_t *v, const char *path)
{
	char name[MAX_NAME + 1];
	size_t n;

	if (*path == '.')
		path++;
	if (*path == '\0') {
		if ((w->types & T(json_typeof(v))) != 0)
			return 0;
		if (w->quick)
			return -1;
		ha_buf_addf(w->why, "%s is not ", w->at.data);
		expected(w->types, w->why);
		ha_buf_addf(w->why, " (it is %s)", type_name(v));
		return -1;
	}
	if (*path == '[' || *path == '{')
		return walk_each(w, v, path);
	n = strcspn(path, ".[{");
	if (n > MAX_NAME || !json_is_object(v))
		return 0;	/* a parent of another type is judged alone */
	memcpy(name, path, n);
	name[n] = '\0';
	if ((v = json_object_get(v, name)) == NULL)
		return 0;	/* absent: the check says what that means */
	if (!w->quick)
		ha_buf_addf(&w->at, "%s%s", w->at.len > 0 ? "." : "", name);
	return walk(w, v, path + n);
}

int
ha_types_check(const json_t *obj, enum ha_types_kind kind,
    struct ha_buf *why)
{
	const struct field *f;
	struct walk w;
	size_t i;
	int rc = 0;

	if (!json_is_object(obj)) {
		ha_buf_addf(why, "inspect entry is not an object (it is %s)",
		    type_name(obj));
		return -1;
	}
	w.why = why;
	ha_buf_init(&w.at, HA_BUF_NOCAP);
	for (i = 0; rc == 0 && i < tables[kind].n; i++) {
		f = &tables[kind].fields[i];
		w.types = f->types;
		w.quick = 1;
		if (walk(&w, obj, f->path) == 0)
			continue;
		w.quick = 0;	/* again, to say where and what */
		ha_buf_reset(&w.at);
		rc = walk(&w, obj, f->path);
	}
	ha_buf_release(&w.at);
	return rc;
}

/*
 * The memo of one kind: the list it was made for and, per index, the
 * object judged there and its mismatch ("" when it matched, NULL when not
 * judged yet).  It holds a reference to the list and to each object, so
 * that none of their addresses can be reused by another while remembered.
 */
struct memo {
	json_t		*list;
	json_t		**objs;
	char		**why;
	size_t		 n;
};

static struct memo memos[HA_TYPES_KIND_COUNT];

static void
memo_clear(struct memo *m)
{
	size_t i;

	for (i = 0; i < m->n; i++) {
		json_decref(m->objs[i]);
		free(m->why[i]);
	}
	free(m->objs);
	free(m->why);
	json_decref(m->list);
	memset(m, 0, sizeof(*m));
}

void
ha_types_forget(void)
{
	size_t k;

	for (k = 0; k < HA_TYPES_KIND_COUNT; k++)
		memo_clear(&memos[k]);
}

const char *
ha_types_check_at(const json_t *list, size_t i, enum ha_types_kind kind)
{
	struct memo *m = &memos[kind];
	json_t *obj = json_array_get(list, i);
	struct ha_buf why;
	size_t n = json_array_size(list);

	if (m->list != list || m->n != n) {
		memo_clear(m);
		m->list = json_incref((json_t *)list);
		m->n = n;
		m->objs = ha_xcalloc(n, sizeof(*m->objs));
		m->why = ha_xcalloc(n, sizeof(*m->why));
	}
	if (i >= n)
		return "no such inspect entry";
	if (m->objs[i] != obj || m->why[i] == NULL) {
		json_decref(m->objs[i]);
		free(m->why[i]);
		m->objs[i] = json_incref(obj);
		ha_buf_init(&why, HA_BUF_NOCAP);
		ha_types_check(obj, kind, &why);
		m->why[i] = ha_buf_detach(&why, NULL);
	}
	return m->why[i][0] != '\0' ? m->why[i] : NULL;
}

/*
 * profile.c - loading and validating profiles.
 *
 * A profile is a JSON object:
 *   {"name": "...", "title": "...",
 *    "sections": [{"id": "2", "title": "..."}],
 *    "checks": [{"id": "daemon.icc", "ref": "2.2", "level": 1,
 *                "scored": true, "weight": 1, "severity": "medium",
 *                "params": {...}}]}
 * Every check entry names a registered check; ref is required, the rest
 * default to the check's own values (manual checks are never scored).
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ha_buf.h"
#include "ha_report.h"
#include "ha_util.h"
#include "banned.h"

#define MAX_PROFILE_SIZE (4UL * 1024 * 1024)

static char exe_dir_profiles[PATH_MAX + 16];

const char *const *
ha_profile_dirs(void)
{
	static const char *dirs[4];
	char exe[PATH_MAX];
	ssize_t n;
	char *slash;
	size_t i = 0;

	if (dirs[0] != NULL)
		return dirs;
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		slash = strrchr(exe, '/');
		if (slash != NULL) {
			*slash = '\0';
			snprintf(exe_dir_profiles, sizeof(exe_dir_profiles),
			    "%s/profiles", exe);
			dirs[i++] = exe_dir_profiles;
		}
	}
	dirs[i++] = HA_DATADIR "/profiles";
	dirs[i++] = "/etc/hostaudit/profiles";
	dirs[i] = NULL;
	return dirs;
}

static int
is_path(const char *s)
{
	return strchr(s, '/') != NULL || ha_ends_with(s, ".json");
}

/* Name must be a plain word: no path tricks when searching directories. */
static int
valid_name(const char *s)
{
	if (*s == '\0' || *s == '.')
		return 0;
	for (; *s != '\0'; s++)
		if (!(*s == '-' || *s == '_' || *s == '.' ||
		    (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		    (*s >= '0' && *s <= '9')))
			return 0;
	return 1;
}

static int
entry_error(const char *path, size_t i, const char *id, const char *msg)
{
	return ha_error("'%s': checks[%zu]%s%s%s: %s", path, i,
	    id ? " ('" : "", id ? id : "", id ? "')" : "", msg);
}

static int
parse_entry(const char *path, size_t i, json_t *obj,
    struct ha_profile_entry *e)
{
	const char *id = NULL, *ref = NULL, *sev = NULL, *key;
	json_t *v, *level = NULL, *scored = NULL, *weight = NULL;
	json_t *params = NULL;
	const char *dot;

	if (!json_is_object(obj))
		return entry_error(path, i, NULL, "must be an object");
	json_object_foreach(obj, key, v) {
		if (strcmp(key, "id") == 0 && json_is_string(v))
			id = json_string_value(v);
		else if (strcmp(key, "ref") == 0 && json_is_string(v))
			ref = json_string_value(v);
		else if (strcmp(key, "severity") == 0 && json_is_string(v))
			sev = json_string_value(v);
		else if (strcmp(key, "level") == 0 && json_is_integer(v))
			level = v;
		else if (strcmp(key, "scored") == 0 && json_is_boolean(v))
			scored = v;
		else if (strcmp(key, "weight") == 0 && json_is_number(v))
			weight = v;
		else if (strcmp(key, "params") == 0 && json_is_object(v))
			params = v;
		else if (strcmp(key, "id") == 0 || strcmp(key, "ref") == 0 ||
		    strcmp(key, "severity") == 0 || strcmp(key, "level") == 0 ||
		    strcmp(key, "scored") == 0 || strcmp(key, "weight") == 0 ||
		    strcmp(key, "params") == 0) {
			char *m = ha_xasprintf("'%s' has the wrong type", key);
			entry_error(path, i, id, m);
			free(m);
			return -1;
		} else {
			char *m = ha_xasprintf("unknown key '%s'", key);
			entry_error(path, i, id, m);
			free(m);
			return -1;
		}
	}
	if (id == NULL)
		return entry_error(path, i, NULL, "'id' is required");
	e->check = ha_registry_find(id);
	if (e->check == NULL)
		return entry_error(path, i, id, "unknown check id");
	if (ref == NULL || *ref == '\0')
		return entry_error(path, i, id, "'ref' is required");
	e->level = level ? (int)json_integer_value(level) : e->check->level;
	if (e->level != 1 && e->level != 2)
		return entry_error(path, i, id, "'level' must be 1 or 2");
	e->weight = weight ? json_number_value(weight) : 1.0;
	if (!(e->weight >= 0.0 && e->weight <= 1000.0))
		return entry_error(path, i, id,
		    "'weight' must be a number from 0 to 1000");
	e->severity = e->check->severity;
	if (sev != NULL) {
		int s = ha_severity_parse(sev);

		if (s < 0)
			return entry_error(path, i, id, "'severity' must be "
			    "info, low, medium, high or critical");
		e->severity = (enum ha_severity)s;
	}
	e->scored = scored ? json_is_true(scored) : 1;
	if (e->check->eval == NULL && e->check->eval_target == NULL)
		e->scored = 0;	/* manual checks are listed, never scored */
	e->ref = ha_xstrdup(ref);
	dot = strchr(ref, '.');
	e->section = dot ? ha_xstrndup(ref, (size_t)(dot - ref)) :
	    ha_xstrdup(ref);
	if (params != NULL)
		e->params = json_incref(params);
	return 0;
}

static int
parse_sections(const char *path, json_t *arr, struct ha_profile *p)
{
	json_t *s;
	size_t i;

	if (arr == NULL)
		return 0;
	if (!json_is_array(arr))
		return ha_error("'%s': 'sections' must be an array", path);
	p->sections = ha_xcalloc(json_array_size(arr) + 1,
	    sizeof(*p->sections));
	json_array_foreach(arr, i, s) {
		const char *id = json_string_value(json_object_get(s, "id"));
		const char *title = json_string_value(json_object_get(s,
		    "title"));

		if (id == NULL || title == NULL)
			return ha_error("'%s': sections[%zu] needs string 'id' "
			    "and 'title'", path, i);
		p->sections[i].id = ha_xstrdup(id);
		p->sections[i].title = ha_xstrdup(title);
		p->nsections++;
	}
	return 0;
}

static int
parse_checks(const char *path, json_t *arr, struct ha_profile *p)
{
	json_t *c;
	size_t i, j;

	if (!json_is_array(arr))
		return ha_error("'%s': 'checks' must be an array", path);
	p->entries = ha_xcalloc(json_array_size(arr) + 1,
	    sizeof(*p->entries));
	json_array_foreach(arr, i, c) {
		if (parse_entry(path, i, c, &p->entries[i]) < 0) {
			p->nentries = i + 1;	/* release what was filled */
			return -1;
		}
		p->nentries = i + 1;
		for (j = 0; j < i; j++)
			if (p->entries[j].check == p->entries[i].check)
				return entry_error(path, i,
				    p->entries[i].check->id,
				    "duplicate check id");
	}
	return 0;
}

int
ha_profile_parse(const char *text, size_t len, const char *path,
    struct ha_profile *p)
{
	json_error_t err;
	json_t *root, *v;
	const char *key;
	int rc = -1;

	memset(p, 0, sizeof(*p));
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &err);
	if (root == NULL)
		return ha_error("'%s':%d:%d: %s", path, err.line, err.column,
		    err.text);
	if (!json_is_object(root)) {
		ha_error("'%s': a profile must be a JSON object", path);
		goto out;
	}
	json_object_foreach(root, key, v) {
		if (strcmp(key, "name") != 0 && strcmp(key, "title") != 0 &&
		    strcmp(key, "description") != 0 &&
		    strcmp(key, "sections") != 0 &&
		    strcmp(key, "checks") != 0) {
			ha_error("'%s': unknown key '%s'", path, key);
			goto out;
		}
	}
	key = json_string_value(json_object_get(root, "name"));
	if (key == NULL) {
		ha_error("'%s': 'name' (a string) is required", path);
		goto out;
	}
	p->name = ha_xstrdup(key);
	key = json_string_value(json_object_get(root, "title"));
	p->title = ha_xstrdup(key ? key : p->name);
	p->path = ha_xstrdup(path);
	if (parse_sections(path, json_object_get(root, "sections"), p) < 0 ||
	    parse_checks(path, json_object_get(root, "checks"), p) < 0)
		goto out;
	rc = 0;
out:
	json_decref(root);
	if (rc < 0)
		ha_profile_release(p);
	return rc;
}

static int
load_file(const char *path, struct ha_profile *p)
{
	struct ha_buf b;
	struct stat st;
	int rc;

	if (stat(path, &st) < 0)
		return ha_error("cannot read profile '%s': %s", path,
		    strerror(errno));
	if (!S_ISREG(st.st_mode))
		return ha_error("profile '%s' is not a regular file", path);
	if (st.st_mode & (S_IWGRP | S_IWOTH))
		return ha_error("profile '%s' is group- or world-writable "
		    "(mode %04o); refusing it", path,
		    (unsigned)(st.st_mode & 07777));
	ha_buf_init(&b, MAX_PROFILE_SIZE);
	if (ha_buf_read_file(&b, path, 0) < 0) {
		rc = ha_error("cannot read profile '%s': %s", path,
		    errno == EFBIG ? "larger than 4 MiB" : strerror(errno));
		ha_buf_release(&b);
		return rc;
	}
	rc = ha_profile_parse(b.data, b.len, path, p);
	ha_buf_release(&b);
	return rc;
}

int
ha_profile_load(const char *name, struct ha_profile *p)
{
	const char *const *dir;
	char *path;
	int rc;

	memset(p, 0, sizeof(*p));
	if (is_path(name))
		return load_file(name, p);
	if (!valid_name(name))
		return ha_error("invalid profile name '%s'", name);
	for (dir = ha_profile_dirs(); *dir != NULL; dir++) {
		path = ha_xasprintf("%s/%s.json", *dir, name);
		if (access(path, F_OK) == 0) {
			rc = load_file(path, p);
			free(path);
			return rc;
		}
		free(path);
	}
	return ha_error("profile '%s' not found (looked in %s, %s and %s)",
	    name, ha_profile_dirs()[0], ha_profile_dirs()[1],
	    ha_profile_dirs()[2] ? ha_profile_dirs()[2] : "");
}

void
ha_profile_release(struct ha_profile *p)
{
	size_t i;

	for (i = 0; i < p->nentries; i++) {
		free(p->entries[i].ref);
		free(p->entries[i].section);
		json_decref(p->entries[i].params);
	}
	for (i = 0; i < p->nsections; i++) {
		free(p->sections[i].id);
		free(p->sections[i].title);
	}
	free(p->entries);
	free(p->sections);
	free(p->name);
	free(p->title);
	free(p->path);
	memset(p, 0, sizeof(*p));
}

const char *
ha_profile_section_title(const struct ha_profile *p, const char *id)
{
	size_t i;

	for (i = 0; i < p->nsections; i++)
		if (strcmp(p->sections[i].id, id) == 0)
			return p->sections[i].title;
	return id;
}

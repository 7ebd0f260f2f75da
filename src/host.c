/* SPDX-License-Identifier: Apache-2.0 */
/*
 * host.c - the host facts (facts.host): names, kernel, OS, the security
 * modules, the docker group, the mount table, and the container hostaudit
 * itself runs in, if any.
 *
 * Files of the audited system (etc/hostname, etc/os-release, etc/group,
 * etc/passwd, etc/environment, etc/profile.d) are read in a view of the
 * host root (ha_hostfs.h: a symlink never leads out of it); kernel-wide
 * state (/sys, the uname release) and hostaudit's own process
 * (/proc/self) are not.  The parsers below are pure functions of a
 * string (tests/unit/test_host.c includes this file to reach them).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "ha_buf.h"
#include "ha_collect_opts.h"
#include "ha_facts.h"
#include "ha_host.h"
#include "ha_hostfs.h"
#include "ha_passwd.h"
#include "ha_report.h"
#include "ha_util.h"
#include "banned.h"

#define ID_LEN		64
#define MAX_SMALL_FILE	(64UL * 1024)
#define MAX_PROC_FILE	(8UL * 1024 * 1024)
#define MAX_MOUNTS	10000
#define MAX_PROFILE_D	256	/* scripts read from etc/profile.d */

/* 1 when [s, s + len) is exactly ID_LEN lower-case hex digits. */
static int
is_id(const char *s, size_t len)
{
	size_t i;

	if (len != ID_LEN)
		return 0;
	for (i = 0; i < len; i++)
		if (!isdigit((unsigned char)s[i]) && (s[i] < 'a' || s[i] > 'f'))
			return 0;
	return 1;
}

/*
 * A container id in one cgroup path component: "<id>", "<id>.scope" or
 * "<prefix>-<id>.scope" (docker-<id>.scope, cri-containerd-<id>.scope).
 */
static const char *
component_id(const char *s, size_t len)
{
	if (len > 6 && memcmp(s + len - 6, ".scope", 6) == 0)
		len -= 6;
	if (len > ID_LEN && s[len - ID_LEN - 1] == '-') {
		s += len - ID_LEN;
		len = ID_LEN;
	}
	return is_id(s, len) ? s : NULL;
}

/* The last container id in cgroup path [s, end), copied to id. */
static int
path_id(const char *s, const char *end, char *id)
{
	const char *c, *found = NULL, *hit;
	size_t len;

	while (s < end) {
		c = memchr(s, '/', (size_t)(end - s));
		len = (size_t)((c != NULL ? c : end) - s);
		if ((hit = component_id(s, len)) != NULL)
			found = hit;
		s += len + 1;
	}
	if (found == NULL)
		return -1;
	memcpy(id, found, ID_LEN);
	id[ID_LEN] = '\0';
	return 0;
}

/*
 * The container id in a /proc/self/cgroup text ("hier:controllers:path"
 * lines, cgroup v1 or v2): 0 and id (ID_LEN + 1 bytes) set, or -1.
 */
static int
cgroup_container_id(const char *text, char *id)
{
	const char *eol, *end, *path;

	for (; *text != '\0'; text = eol + 1) {
		eol = strchr(text, '\n');
		end = eol != NULL ? eol : text + strlen(text);
		path = memchr(text, ':', (size_t)(end - text));
		if (path != NULL)
			path = memchr(path + 1, ':', (size_t)(end - path - 1));
		if (path != NULL && path_id(path + 1, end, id) == 0)
			return 0;
		if (eol == NULL)
			break;
	}
	return -1;
}

struct mount {
	char	*dev;		/* major:minor */
	char	*root;
	char	*mount_point;
	char	*options;
	char	*fstype;
	char	*source;
};

static void
mount_clear(struct mount *m)
{
	free(m->dev);
	free(m->root);
	free(m->mount_point);
	free(m->options);
	free(m->fstype);
	free(m->source);
	memset(m, 0, sizeof(*m));
}


/*
 * A copy of mountinfo field [s, s + len) with \NNN octal escapes decoded,
 * invalid UTF-8 replaced by U+FFFD (jansson refuses it, and a mount left
 * out of the table would hide a partition from the checks).
 */
static char *
unescape(const char *s, size_t len)
{
	char *out = ha_xmalloc(len + 1), *o = out, *u;
	size_t i;

	for (i = 0; i < len; i++) {
		if (s[i] == '\\' && len - i >= 4 &&
		    s[i + 1] >= '0' && s[i + 1] <= '3' &&
		    s[i + 2] >= '0' && s[i + 2] <= '7' &&
		    s[i + 3] >= '0' && s[i + 3] <= '7') {
			*o++ = (char)((s[i + 1] - '0') * 64 +
			    (s[i + 2] - '0') * 8 + (s[i + 3] - '0'));
			i += 3;
		} else
			*o++ = s[i];
	}
	*o = '\0';
	u = ha_utf8_lossy(out);
	free(out);
	return u;
}

#define MAX_TOKENS	64

static size_t
split_spaces(const char *s, const char *end, const char **tok, size_t *tlen)
{
	size_t n = 0, len;

	while (s < end && n < MAX_TOKENS) {
		while (s < end && (*s == ' ' || *s == '\t'))
			s++;
		if (s == end)
			break;
		for (len = 0; s + len < end && s[len] != ' ' &&
		    s[len] != '\t'; len++)
			;
		tok[n] = s;
		tlen[n] = len;
		n++;
		s += len;
	}
	return n;
}

/*
 * Parse one mountinfo line [s, end): "id parent maj:min root mount-point
 * options [optional...] - fstype source super-options".  Returns 0 and
 * fills m (mount_clear() frees it), or -1 for a malformed line.
 */
static int
parse_mountinfo_line(const char *s, const char *end, struct mount *m)
{
	const char *tok[MAX_TOKENS];
	size_t tlen[MAX_TOKENS], n, d;

	memset(m, 0, sizeof(*m));
	n = split_spaces(s, end, tok, tlen);
	for (d = 6; d < n; d++)
		if (tlen[d] == 1 && tok[d][0] == '-')
			break;
	if (d + 2 >= n)
		return -1;
	m->dev = unescape(tok[2], tlen[2]);
	m->root = unescape(tok[3], tlen[3]);
	m->mount_point = unescape(tok[4], tlen[4]);
	m->options = unescape(tok[5], tlen[5]);
	m->fstype = unescape(tok[d + 1], tlen[d + 1]);
	m->source = unescape(tok[d + 2], tlen[d + 2]);
	return 0;
}

/* Call fn(arg, m) for each well-formed mountinfo line until it returns 1. */
static void
each_mount(const char *text, void *arg, int (*fn)(void *, struct mount *))
{
	const char *eol, *end;
	struct mount m;
	int stop;

	for (; *text != '\0'; text = eol + 1) {
		eol = strchr(text, '\n');
		end = eol != NULL ? eol : text + strlen(text);
		if (parse_mountinfo_line(text, end, &m) == 0) {
			stop = fn(arg, &m);
			mount_clear(&m);
			if (stop)
				return;
		}
		if (eol == NULL)
			break;
	}
}

/*
 * The container id in mount root path: a component ending in "containers"
 * followed by an id (/var/lib/docker/containers/<id>/hostname).
 */
static int
root_id(const char *root, char *id)
{
	const char *s = root, *prev = NULL;
	size_t len, plen = 0;

	while (*s != '\0') {
		len = strcspn(s, "/");
		if (prev != NULL && plen >= 10 &&
		    memcmp(prev + plen - 10, "containers", 10) == 0 &&
		    is_id(s, len)) {
			memcpy(id, s, ID_LEN);
			id[ID_LEN] = '\0';
			return 0;
		}
		if (len > 0) {
			prev = s;
			plen = len;
		}
		s += len;
		if (*s == '/')
			s++;
	}
	return -1;
}

static int
mount_id(void *arg, struct mount *m)
{
	static const char *const bound[] = {
		"/etc/hostname", "/etc/hosts", "/etc/resolv.conf",
	};
	size_t i;

	for (i = 0; i < HA_ARRAY_SIZE(bound); i++)
		if (strcmp(m->mount_point, bound[i]) == 0)
			return root_id(m->root, arg) == 0;
	return 0;
}

/*
 * The container id in a /proc/self/mountinfo text: the engine bind-mounts
 * the container's hostname, hosts and resolv.conf from its directory
 * under <data-root>/containers/<id>/.  Only those three mount points are
 * looked at: a host's own table also names containers' directories (their
 * shm mounts), which must not be taken for ours.
 */
static int
mountinfo_container_id(const char *text, char *id)
{
	id[0] = '\0';
	each_mount(text, id, mount_id);
	return id[0] != '\0' ? 0 : -1;
}

struct mount_list {
	json_t	*arr;
};

static int
mount_add(void *arg, struct mount *m)
{
	struct mount_list *l = arg;

	json_array_append_new(l->arr, json_pack("{s:s, s:s, s:s, s:s, s:s, "
	    "s:s}", "mount_point", m->mount_point, "source", m->source,
	    "fstype", m->fstype, "options", m->options, "dev", m->dev,
	    "root", m->root));
	return json_array_size(l->arr) >= MAX_MOUNTS;
}

/* The mount table of a mountinfo text as [{mount_point, source, ...}]. */
static json_t *
parse_mountinfo(const char *text)
{
	struct mount_list l = { .arr = json_array() };

	each_mount(text, &l, mount_add);
	return l.arr;
}

/*
 * A shell-style value of os-release(5) [s, end): quotes removed, and
 * backslash escapes undone (inside double quotes only before $ ` " \).
 * Returns a new string, or NULL when empty.
 */
static char *
unquote(const char *s, const char *end)
{
	struct ha_buf b;
	char q = 0;

	ha_buf_init(&b, HA_BUF_NOCAP);
	for (; s < end; s++) {
		if (q == 0 && (*s == '"' || *s == '\''))
			q = *s;
		else if (q != 0 && *s == q)
			q = 0;
		else if (*s == '\\' && s + 1 < end && (q == 0 || (q == '"' &&
		    strchr("$`\"\\", s[1]) != NULL)))
			ha_buf_addch(&b, *++s);
		else if (q == 0 && (*s == ' ' || *s == '\t' || *s == '#'))
			break;
		else
			ha_buf_addch(&b, *s);
	}
	if (b.len == 0) {
		ha_buf_release(&b);
		return NULL;
	}
	return ha_buf_detach(&b, NULL);
}

/* The value of key in an os-release(5) text (new string), or NULL. */
static char *
os_release_value(const char *text, const char *key)
{
	size_t klen = strlen(key);
	const char *eol, *end;

	for (; *text != '\0'; text = eol + 1) {
		eol = strchr(text, '\n');
		end = eol != NULL ? eol : text + strlen(text);
		while (text < end && (*text == ' ' || *text == '\t'))
			text++;
		if ((size_t)(end - text) > klen && text[klen] == '=' &&
		    memcmp(text, key, klen) == 0)
			return unquote(text + klen + 1, end);
		if (eol == NULL)
			break;
	}
	return NULL;
}

/* The first name in a hostname(5) text (new string), or NULL. */
static char *
hostname_value(const char *text)
{
	const char *eol, *end;

	for (; *text != '\0'; text = eol + 1) {
		eol = strchr(text, '\n');
		end = eol != NULL ? eol : text + strlen(text);
		while (text < end && isspace((unsigned char)*text))
			text++;
		while (end > text && isspace((unsigned char)end[-1]))
			end--;
		if (end > text && *text != '#')
			return ha_xstrndup(text, (size_t)(end - text));
		if (eol == NULL)
			break;
	}
	return NULL;
}

/* Add name (invalid UTF-8 replaced: a member must not be dropped). */
static void
add_member(json_t *members, const char *name)
{
	char *u = ha_utf8_lossy(name);
	json_t *m;
	size_t i;

	json_array_foreach(members, i, m)
		if (strcmp(json_string_value(m), u) == 0)
			break;
	if (i == json_array_size(members))
		json_array_append_new(members, json_string(u));
	free(u);
}

/*
 * {"gid": N, "members": [...]} of the group called name: its listed
 * members, then users whose primary group it is.  NULL when no such group.
 */
static json_t *
group_members(const struct ha_passwd *pw, const char *name)
{
	const struct ha_group *g = ha_passwd_group_by_name(pw, name);
	json_t *members;
	size_t i;

	if (g == NULL)
		return NULL;
	members = json_array();
	for (i = 0; i < g->nmembers; i++)
		add_member(members, g->members[i]);
	for (i = 0; i < pw->nusers; i++)
		if (pw->users[i].gid == g->gid)
			add_member(members, pw->users[i].name);
	return json_pack("{s:I, s:o}", "gid", (json_int_t)g->gid,
	    "members", members);
}

static int
is_root(const struct ha_collect_opts *o)
{
	const char *r = o->root != NULL ? o->root : "/";

	return r[strspn(r, "/")] == '\0';
}

/*
 * The text of file path (at most cap bytes), a new string; NULL when it is
 * missing, or unreadable (recorded in facts.errors under source).  path
 * is a host path read in the view fs, or with fs NULL a path of
 * hostaudit's own system (/sys, /proc/self).
 */
static char *
read_text(struct ha_hostfs *fs, json_t *facts, const char *source,
    const char *path, size_t cap)
{
	struct ha_buf b;
	char *shown;
	int rc;

	ha_buf_init(&b, cap);
	rc = fs != NULL ? ha_hostfs_read(fs, path, &b, 0) :
	    ha_buf_read_file(&b, path, 0);
	if (rc < 0) {
		if (errno != ENOENT) {
			shown = fs != NULL ? ha_hostfs_path(fs, path) :
			    ha_xstrdup(path);
			ha_facts_error(facts, source, "cannot read '%s': %s",
			    shown, strerror(errno));
			free(shown);
		}
		ha_buf_release(&b);
		return NULL;
	}
	return ha_buf_detach(&b, NULL);
}

static json_t *
string_or_null(char *s)
{
	json_t *v = s != NULL ? json_string(s) : json_null();

	free(s);
	return v != NULL ? v : json_null();
}

static void
set_hostname(const struct ha_collect_opts *o, struct ha_hostfs *fs,
    json_t *facts, json_t *host)
{
	char name[256], *text;

	if (is_root(o)) {
		if (gethostname(name, sizeof(name)) < 0) {
			ha_facts_error(facts, "host.hostname",
			    "cannot get the host name: %s", strerror(errno));
			json_object_set_new(host, "hostname", json_null());
			return;
		}
		name[sizeof(name) - 1] = '\0';
		json_object_set_new(host, "hostname", json_string(name));
		return;
	}
	text = read_text(fs, facts, "host.hostname", "/etc/hostname",
	    MAX_SMALL_FILE);
	json_object_set_new(host, "hostname",
	    string_or_null(text != NULL ? hostname_value(text) : NULL));
	free(text);
}

static void
set_os(struct ha_hostfs *fs, json_t *facts, json_t *host)
{
	char *text;

	text = read_text(fs, facts, "host.os", "/etc/os-release",
	    MAX_SMALL_FILE);
	if (text == NULL)
		text = read_text(fs, facts, "host.os", "/usr/lib/os-release",
		    MAX_SMALL_FILE);
	json_object_set_new(host, "os", string_or_null(text != NULL ?
	    os_release_value(text, "PRETTY_NAME") : NULL));
	free(text);
}

static void
set_security(json_t *facts, json_t *host)
{
	char *text;

	text = read_text(NULL, facts, "host.apparmor",
	    "/sys/module/apparmor/parameters/enabled", MAX_SMALL_FILE);
	json_object_set_new(host, "apparmor",
	    json_boolean(text != NULL && text[0] == 'Y'));
	free(text);
	json_object_set_new(host, "selinux",
	    json_boolean(access("/sys/fs/selinux/enforce", F_OK) == 0));
}

static void
set_self_id(json_t *facts, json_t *host)
{
	char id[ID_LEN + 1], *text;
	int found = -1;

	text = read_text(NULL, facts, "host.self_container_id",
	    "/proc/self/cgroup", MAX_PROC_FILE);
	if (text != NULL)
		found = cgroup_container_id(text, id);
	free(text);
	if (found < 0) {
		text = read_text(NULL, facts, "host.self_container_id",
		    "/proc/self/mountinfo", MAX_PROC_FILE);
		if (text != NULL)
			found = mountinfo_container_id(text, id);
		free(text);
	}
	json_object_set_new(host, "self_container_id",
	    found == 0 ? json_string(id) : json_null());
}

static void
set_docker_group(struct ha_hostfs *fs, json_t *facts, json_t *host)
{
	struct ha_passwd pw;
	json_t *g;

	ha_passwd_init(&pw);
	if (ha_passwd_load_fs(&pw, fs) < 0)
		ha_facts_error(facts, "host.docker_group",
		    "cannot read the host's passwd or group file");
	g = group_members(&pw, "docker");
	json_object_set_new(host, "docker_group", g != NULL ? g : json_null());
	ha_passwd_release(&pw);
}

static void
set_mounts(const struct ha_collect_opts *o, struct ha_hostfs *fs,
    json_t *facts, json_t *host)
{
	char *text;

	if (is_root(o))
		text = read_text(NULL, facts, "host.mounts",
		    "/proc/self/mountinfo", MAX_PROC_FILE);
	else
		text = read_text(fs, facts, "host.mounts", "/proc/1/mountinfo",
		    MAX_PROC_FILE);
	json_object_set_new(host, "mounts",
	    text != NULL ? parse_mountinfo(text) : json_null());
	free(text);
}

void
ha_collect_daemon_mounts(const struct ha_collect_opts *o, json_t *facts)
{
	json_t *host = json_object_get(facts, "host");
	const char *proc = ha_facts_str(facts, "daemon.proc");
	struct ha_buf b;
	long long pid;
	json_t *mounts;
	char *path;

	(void)o;
	if (!json_is_object(host) || proc == NULL ||
	    ha_facts_int(facts, "daemon.pid", &pid) < 0 || pid <= 0)
		return;
	path = ha_xasprintf("%s/%lld/mountinfo", proc, pid);
	ha_buf_init(&b, MAX_PROC_FILE);
	/* unreadable (no ptrace access from a container): keep our own */
	mounts = ha_buf_read_file(&b, path, 0) == 0 ?
	    parse_mountinfo(b.data) : NULL;
	if (json_array_size(mounts) > 0) {
		json_object_set_new(host, "mounts", mounts);
		json_object_set_new(host, "mounts_from", json_string(path));
	} else {
		json_decref(mounts);
	}
	ha_buf_release(&b);
	free(path);
}

/*
 * The client environment variables hostaudit records (facts.host.
 * environment): those the docker CLI reads for security decisions.
 */
static const char *const env_vars[] = {
	"DOCKER_CONTENT_TRUST",
};

/*
 * If line [s, end) assigns or unsets name ("NAME=v", "export NAME=v",
 * "unset NAME"), the value (new string; "" for unset or empty); else NULL.
 */
static char *
env_assignment(const char *s, const char *end, const char *name)
{
	size_t n = strlen(name);
	char *v;

	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	if ((size_t)(end - s) > 6 && memcmp(s, "unset", 5) == 0 &&
	    (s[5] == ' ' || s[5] == '\t')) {
		for (s += 5; s < end && (*s == ' ' || *s == '\t'); s++)
			;
		return (size_t)(end - s) >= n && memcmp(s, name, n) == 0 &&
		    (s + n == end || isspace((unsigned char)s[n]) ||
		    s[n] == ';') ? ha_xstrdup("") : NULL;
	}
	if ((size_t)(end - s) > 7 && memcmp(s, "export", 6) == 0 &&
	    (s[6] == ' ' || s[6] == '\t'))
		for (s += 6; s < end && (*s == ' ' || *s == '\t'); s++)
			;
	if ((size_t)(end - s) <= n || memcmp(s, name, n) != 0 || s[n] != '=')
		return NULL;
	if ((v = unquote(s + n + 1, end)) == NULL)
		return ha_xstrdup("");
	v[strcspn(v, ";")] = '\0';	/* "export X=1; ..." */
	return v;
}

/*
 * Append every assignment of name in text (from host file path) to
 * list as {"value", "source": "path:line"}.
 */
static void
env_scan(const char *text, const char *path, const char *name, json_t *list)
{
	const char *eol, *end;
	size_t line = 0;
	char *v, *src, *lv, *ls;

	for (; *text != '\0'; text = eol + 1) {
		line++;
		eol = strchr(text, '\n');
		end = eol != NULL ? eol : text + strlen(text);
		if ((v = env_assignment(text, end, name)) != NULL) {
			/* lossy: a dropped assignment would let an earlier
			   one look like the one that wins */
			src = ha_xasprintf("%s:%zu", path, line);
			lv = ha_utf8_lossy(v);
			ls = ha_utf8_lossy(src);
			json_array_append_new(list, json_pack("{s:s, s:s}",
			    "value", lv, "source", ls));
			free(ls);
			free(lv);
			free(src);
			free(v);
		}
		if (eol == NULL)
			break;
	}
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The host paths of <root>/etc/profile.d/ *.sh in glob order (new array). */
static json_t *
profile_d_files(struct ha_hostfs *fs, json_t *facts)
{
	char *dir, **names = NULL;
	json_t *out = json_array(), *j;
	char *path;
	struct dirent *de;
	size_t n = 0, i;
	DIR *d;

	if ((d = ha_hostfs_opendir(fs, "/etc/profile.d")) == NULL) {
		if (errno != ENOENT && errno != ENOTDIR) {
			dir = ha_hostfs_path(fs, "/etc/profile.d");
			ha_facts_error(facts, "host.environment",
			    "cannot list '%s': %s", dir, strerror(errno));
			free(dir);
		}
		return out;
	}
	names = ha_xcalloc(MAX_PROFILE_D, sizeof(*names));
	while ((de = readdir(d)) != NULL && n < MAX_PROFILE_D)
		if (de->d_name[0] != '.' && ha_ends_with(de->d_name, ".sh"))
			names[n++] = ha_xstrdup(de->d_name);
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n; i++) {
		path = ha_xasprintf("/etc/profile.d/%s", names[i]);
		if ((j = json_string(path)) != NULL)	/* NULL: not UTF-8 */
			json_array_append_new(out, j);
		free(path);
		free(names[i]);
	}
	free(names);
	return out;
}

/*
 * facts.host.environment: for each of env_vars, its host-wide value as
 * the login shells set it: /etc/environment (pam_env) first, then the
 * /etc/profile.d scripts that /etc/profile sources in glob order; the
 * last assignment wins.
 *   {"DOCKER_CONTENT_TRUST": {"value": "1", "source": "/etc/environment:2",
 *    "assignments": [{"value", "source"}, ...]},
 *    "files": ["/etc/environment", "/etc/profile.d/docker.sh"]}
 * A variable assigned nowhere has no key.
 */
static void
set_environment(struct ha_hostfs *fs, json_t *facts, json_t *host)
{
	json_t *env = json_object(), *files = profile_d_files(fs, facts);
	json_t *read = json_array(), *list, *f, *last;
	char *text;
	size_t i, k;

	json_array_insert_new(files, 0, json_string("/etc/environment"));
	for (k = 0; k < HA_ARRAY_SIZE(env_vars); k++) {
		list = json_array();
		json_array_foreach(files, i, f) {
			text = read_text(fs, facts, "host.environment",
			    json_string_value(f), MAX_SMALL_FILE);
			if (text != NULL) {
				env_scan(text, json_string_value(f),
				    env_vars[k], list);
				if (k == 0)
					json_array_append(read, f);
			}
			free(text);
		}
		last = json_array_get(list, json_array_size(list) - 1);
		if (last != NULL)
			json_object_set_new(env, env_vars[k], json_pack(
			    "{s:O, s:O, s:o}",
			    "value", json_object_get(last, "value"),
			    "source", json_object_get(last, "source"),
			    "assignments", list));
		else
			json_decref(list);
	}
	json_object_set_new(env, "files", read);
	json_object_set_new(host, "environment", env);
	json_decref(files);
}

void
ha_collect_host(const struct ha_collect_opts *o, json_t *facts)
{
	struct ha_hostfs *fs = ha_hostfs_open(o->root);
	json_t *host = json_object();
	struct utsname u;

	json_object_set_new(facts, "host", host);
	set_hostname(o, fs, facts, host);
	if (uname(&u) == 0)
		json_object_set_new(host, "kernel", json_string(u.release));
	else {
		ha_facts_error(facts, "host.kernel", "cannot get the kernel "
		    "release: %s", strerror(errno));
		json_object_set_new(host, "kernel", json_null());
	}
	json_object_set_new(host, "architecture",	/* uname -m */
	    json_is_string(json_object_get(host, "kernel")) ?
	    json_string(u.machine) : json_null());
	set_os(fs, facts, host);
	set_security(facts, host);
	set_self_id(facts, host);
	set_docker_group(fs, facts, host);
	set_mounts(o, fs, facts, host);
	set_environment(fs, facts, host);
	ha_hostfs_close(fs);
}

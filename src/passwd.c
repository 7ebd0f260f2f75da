/* SPDX-License-Identifier: Apache-2.0 */
/* passwd.c - user and group names from <root>/etc/passwd and etc/group. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ha_buf.h"
#include "ha_passwd.h"
#include "ha_util.h"
#include "banned.h"

#define MAX_FIELDS	8
#define MAX_ID		4294967294LL	/* (uid_t)-1 is "no id" */

void
ha_passwd_init(struct ha_passwd *p)
{
	memset(p, 0, sizeof(*p));
}

void
ha_passwd_release(struct ha_passwd *p)
{
	size_t i, j;

	for (i = 0; i < p->nusers; i++) {
		free(p->users[i].name);
		free(p->users[i].home);
	}
	for (i = 0; i < p->ngroups; i++) {
		free(p->groups[i].name);
		for (j = 0; j < p->groups[i].nmembers; j++)
			free(p->groups[i].members[j]);
		free(p->groups[i].members);
	}
	free(p->users);
	free(p->groups);
	ha_passwd_init(p);
}

/* Lines in text, an upper bound on the entries it can hold. */
static size_t
count_lines(const char *text)
{
	size_t n = 1;

	for (; *text != '\0'; text++)
		if (*text == '\n')
			n++;
	return n;
}

/*
 * Split line [s, end) on ':' into at most MAX_FIELDS fields, each a
 * start and a length.  Returns the field count (MAX_FIELDS + 1 when there
 * are more).
 */
static size_t
split_fields(const char *s, const char *end, const char **f, size_t *flen)
{
	size_t n = 0;
	const char *c;

	for (;;) {
		c = memchr(s, ':', (size_t)(end - s));
		if (n == MAX_FIELDS)
			return MAX_FIELDS + 1;
		f[n] = s;
		flen[n] = (size_t)((c != NULL ? c : end) - s);
		n++;
		if (c == NULL)
			return n;
		s = c + 1;
	}
}

static int
parse_id(const char *s, size_t len, long long *out)
{
	char tmp[24];
	const char *errstr;

	if (len == 0 || len >= sizeof(tmp))
		return -1;
	memcpy(tmp, s, len);
	tmp[len] = '\0';
	return ha_strtonum(tmp, 0, MAX_ID, out, &errstr);
}

/* A usable name: not empty, not a NIS "+" or "-" entry. */
static int
good_name(const char *s, size_t len)
{
	return len > 0 && s[0] != '+' && s[0] != '-' && s[0] != '#';
}

/* Call fn for each non-blank line of text with its fields. */
static size_t
each_line(const char *text, size_t want, void *arg,
    int (*fn)(void *, const char **, const size_t *))
{
	const char *f[MAX_FIELDS], *eol, *end;
	size_t flen[MAX_FIELDS], added = 0;

	while (*text != '\0') {
		eol = strchr(text, '\n');
		end = eol != NULL ? eol : text + strlen(text);
		if (end > text && end[-1] == '\r')
			end--;
		if (split_fields(text, end, f, flen) == want &&
		    good_name(f[0], flen[0]) && fn(arg, f, flen) == 0)
			added++;
		if (eol == NULL)
			break;
		text = eol + 1;
	}
	return added;
}

static int
add_user(void *arg, const char **f, const size_t *flen)
{
	struct ha_passwd *p = arg;
	struct ha_user u;

	if (parse_id(f[2], flen[2], &u.uid) < 0 ||
	    parse_id(f[3], flen[3], &u.gid) < 0)
		return -1;
	u.name = ha_xstrndup(f[0], flen[0]);
	u.home = ha_xstrndup(f[5], flen[5]);
	p->users[p->nusers++] = u;
	return 0;
}

size_t
ha_passwd_parse_users(struct ha_passwd *p, const char *text)
{
	p->users = ha_xreallocarray(p->users, p->nusers + count_lines(text),
	    sizeof(*p->users));
	return each_line(text, 7, p, add_user);
}

static void
split_members(struct ha_group *g, const char *s, size_t len)
{
	const char *end = s + len, *c;
	size_t n = 1, i;

	for (i = 0; i < len; i++)
		if (s[i] == ',')
			n++;
	g->members = ha_xreallocarray(NULL, n, sizeof(*g->members));
	g->nmembers = 0;
	while (s < end) {
		c = memchr(s, ',', (size_t)(end - s));
		if (c == NULL)
			c = end;
		while (s < c && (*s == ' ' || *s == '\t'))
			s++;
		if (c > s)
			g->members[g->nmembers++] =
			    ha_xstrndup(s, (size_t)(c - s));
		s = c + 1;
	}
}

static int
add_group(void *arg, const char **f, const size_t *flen)
{
	struct ha_passwd *p = arg;
	struct ha_group g;

	if (parse_id(f[2], flen[2], &g.gid) < 0)
		return -1;
	g.name = ha_xstrndup(f[0], flen[0]);
	split_members(&g, f[3], flen[3]);
	p->groups[p->ngroups++] = g;
	return 0;
}

size_t
ha_passwd_parse_groups(struct ha_passwd *p, const char *text)
{
	p->groups = ha_xreallocarray(p->groups, p->ngroups + count_lines(text),
	    sizeof(*p->groups));
	return each_line(text, 4, p, add_group);
}

static int
load_one(struct ha_passwd *p, struct ha_hostfs *fs, const char *hostpath,
    size_t (*parse)(struct ha_passwd *, const char *))
{
	struct ha_buf b;
	char *path;
	int ret = 0;

	ha_buf_init(&b, HA_PASSWD_MAX_FILE);
	if (ha_hostfs_read(fs, hostpath, &b, 0) < 0) {
		if (errno != ENOENT) {
			path = ha_hostfs_path(fs, hostpath);
			ha_warn("cannot read '%s': %s", path, strerror(errno));
			free(path);
			ret = -1;
		}
		goto out;
	}
	parse(p, b.data);
out:
	ha_buf_release(&b);
	return ret;
}

int
ha_passwd_load_fs(struct ha_passwd *p, struct ha_hostfs *fs)
{
	int r1, r2;

	r1 = load_one(p, fs, "/etc/passwd", ha_passwd_parse_users);
	r2 = load_one(p, fs, "/etc/group", ha_passwd_parse_groups);
	return r1 < 0 || r2 < 0 ? -1 : 0;
}

int
ha_passwd_load(struct ha_passwd *p, const struct ha_collect_opts *o)
{
	struct ha_hostfs *fs = ha_hostfs_open(o->root);
	int rc;

	rc = ha_passwd_load_fs(p, fs);
	ha_hostfs_close(fs);
	return rc;
}

const struct ha_user *
ha_passwd_user(const struct ha_passwd *p, long long uid)
{
	size_t i;

	for (i = 0; i < p->nusers; i++)
		if (p->users[i].uid == uid)
			return &p->users[i];
	return NULL;
}

const char *
ha_passwd_user_name(const struct ha_passwd *p, long long uid)
{
	const struct ha_user *u = ha_passwd_user(p, uid);

	return u != NULL ? u->name : NULL;
}

const char *
ha_passwd_group_name(const struct ha_passwd *p, long long gid)
{
	size_t i;

	for (i = 0; i < p->ngroups; i++)
		if (p->groups[i].gid == gid)
			return p->groups[i].name;
	return NULL;
}

const struct ha_group *
ha_passwd_group_by_name(const struct ha_passwd *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->ngroups; i++)
		if (strcmp(p->groups[i].name, name) == 0)
			return &p->groups[i];
	return NULL;
}

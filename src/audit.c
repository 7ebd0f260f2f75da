/* SPDX-License-Identifier: Apache-2.0 */
/*
 * audit.c - audit-rule facts: which file watches the host audits
 * (facts.audit) and where the paths of CIS Docker section 1 are on this
 * host (facts.audit_paths).
 *
 * Rules come from the kernel over the audit netlink socket when it
 * answers, else from the rule files auditd loads.  The parsers are pure;
 * the I/O is in kernel_rules(), file_rules() and the path functions.
 */
#include <sys/socket.h>
#include <sys/stat.h>

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/audit.h>
#include <linux/netlink.h>

#include "ha_audit.h"
#include "ha_buf.h"
#include "ha_collect_opts.h"
#include "ha_daemon.h"
#include "ha_facts.h"
#include "ha_hostfs.h"
#include "ha_util.h"
#include "banned.h"

#define AUDIT_TIMEOUT_MS	3000	/* the whole netlink exchange */
#define AUDIT_MAX_RULES		100000	/* more is a hostile or broken answer */
#define AUDIT_MAX_FILE		(1024UL * 1024)
#define AUDIT_MAX_TOKENS	128
#define KEY_SEPARATOR		0x01	/* between keys (auditd's libaudit.h) */
static int use_kernel = 1;

#define PERM_ALL	(AUDIT_PERM_READ | AUDIT_PERM_WRITE | \
			 AUDIT_PERM_EXEC | \
			 AUDIT_PERM_ATTR)

/* Perms as auditctl spells them, in the order r, w, x, a. */
static void
perms_string(unsigned mask, char out[5])
{
	size_t n = 0;

	if (mask & AUDIT_PERM_READ)
		out[n++] = 'r';
	if (mask & AUDIT_PERM_WRITE)
		out[n++] = 'w';
	if (mask & AUDIT_PERM_EXEC)
		out[n++] = 'x';
	if (mask & AUDIT_PERM_ATTR)
		out[n++] = 'a';
	out[n] = '\0';
}

/* Parse "rwxa" letters into a mask; -1 when empty or a letter is wrong. */
static int
perms_parse(const char *s)
{
	int mask = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		switch (*s) {
		case 'r':	mask |= AUDIT_PERM_READ; break;
		case 'w':	mask |= AUDIT_PERM_WRITE; break;
		case 'x':	mask |= AUDIT_PERM_EXEC; break;
		case 'a':	mask |= AUDIT_PERM_ATTR; break;
		default:	return -1;
		}
	}
	return mask;
}

/*
 * A rule object.  path has plen bytes (trailing slashes are dropped); key
 * (klen bytes) may be NULL.  NULL when a string is not valid UTF-8.
 */
static json_t *
rule_new(const char *path, size_t plen, const char *kind, unsigned perms,
    const char *key, size_t klen, int always, const char *origin)
{
	json_t *r, *jpath, *jkey;
	char ps[5];

	while (plen > 1 && path[plen - 1] == '/')
		plen--;
	jpath = json_stringn(path, plen);
	if (jpath == NULL)
		return NULL;
	jkey = key != NULL ? json_stringn(key, klen) : json_null();
	if (jkey == NULL)
		jkey = json_null();
	perms_string(perms, ps);
	r = json_pack("{s:o, s:s, s:s, s:o, s:s, s:s}", "path", jpath,
	    "kind", kind, "perms", ps, "key", jkey,
	    "action", always ? "always" : "never", "origin", origin);
	if (r == NULL)
		ha_die_oom();
	return r;
}

/* Split line in place on blanks; -1 when there are too many tokens. */
static int
split(char *line, char **tok, int max)
{
	int n = 0;

	for (;;) {
		while (*line == ' ' || *line == '\t' || *line == '\r')
			*line++ = '\0';
		if (*line == '\0')
			return n;
		if (n == max)
			return -1;
		tok[n++] = line;
		while (*line != '\0' && *line != ' ' && *line != '\t' &&
		    *line != '\r')
			line++;
	}
}

/* Append key to a comma-separated key list kept in kb. */
static void
key_add(struct ha_buf *kb, const char *key)
{
	if (kb->len > 0)
		ha_buf_addch(kb, ',');
	ha_buf_addstr(kb, key);
}

/* "-w PATH [-p PERMS] [-k KEY]...": 1 rule, or -1 with *why. */
static int
parse_watch(char **tok, int n, const char *origin, json_t *rules,
    const char **why)
{
	struct ha_buf kb;
	int i, perms = PERM_ALL, rc = -1;
	json_t *r;

	ha_buf_init(&kb, HA_BUF_NOCAP);
	if (n < 2 || tok[1][0] != '/') {
		*why = "-w needs an absolute path";
		goto out;
	}
	for (i = 2; i < n; i += 2) {
		if (i + 1 >= n) {
			*why = "option without its argument";
			goto out;
		}
		if (strcmp(tok[i], "-p") == 0) {
			if ((perms = perms_parse(tok[i + 1])) < 0) {
				*why = "-p takes letters from 'rwxa'";
				goto out;
			}
		} else if (strcmp(tok[i], "-k") == 0)
			key_add(&kb, tok[i + 1]);
		else if (strcmp(tok[i], "-F") == 0 &&
		    ha_starts_with(tok[i + 1], "key="))
			key_add(&kb, tok[i + 1] + 4);
		else {
			*why = "unexpected option in a -w rule";
			goto out;
		}
	}
	r = rule_new(tok[1], strlen(tok[1]), "watch", (unsigned)perms,
	    kb.len ? kb.data : NULL, kb.len, 1, origin);
	if (r == NULL) {
		*why = "not valid UTF-8";
		goto out;
	}
	json_object_set_new(r, "form", json_string("-w"));
	json_array_append_new(rules, r);
	rc = 1;
out:
	ha_buf_release(&kb);
	return rc;
}

/* "always,exit" or "exit,always": 0 and *always, *is_exit, else -1. */
static int
parse_action_list(const char *s, int *always, int *is_exit)
{
	static const char *const lists[] = {
		"exit", "task", "user", "exclude", "filesystem", "io_uring",
	};
	const char *comma = strchr(s, ','), *a, *l;
	size_t alen, i;

	if (comma == NULL)
		return -1;
	if (ha_starts_with(s, "always,") || ha_starts_with(s, "never,")) {
		a = s;
		alen = (size_t)(comma - s);
		l = comma + 1;
	} else {
		l = s;
		a = comma + 1;
		alen = strlen(a);
	}
	if (alen == 6 && strncmp(a, "always", 6) == 0)
		*always = 1;
	else if (alen == 5 && strncmp(a, "never", 5) == 0)
		*always = 0;
	else
		return -1;
	for (i = 0; i < HA_ARRAY_SIZE(lists); i++) {
		size_t ll = strlen(lists[i]);

		if (strncmp(l, lists[i], ll) == 0 &&
		    (l[ll] == '\0' || l + ll == comma)) {
			*is_exit = i == 0;
			return 0;
		}
	}
	return -1;
}

/* One "-F field=value" of a syscall rule, folded into the rule's parts. */
struct arule {
	const char	*path;
	const char	*kind;
	int		 perms;
	struct ha_buf	 keys;
	int		 other_op;	/* path or dir with an operator
					   other than "=" */
};

static int
parse_field(struct arule *a, const char *f, const char **why)
{
	const char *eq = strpbrk(f, "=!<>&");

	if (eq == NULL || eq == f) {
		*why = "-F needs field=value";
		return -1;
	}
	if (ha_starts_with(f, "path=") || ha_starts_with(f, "dir=")) {
		if (a->path != NULL) {
			*why = "more than one path or dir field";
			return -1;
		}
		a->kind = f[0] == 'p' ? "watch" : "dir";
		a->path = eq + 1;
		if (a->path[0] != '/') {
			*why = "path and dir need an absolute path";
			return -1;
		}
	} else if (ha_starts_with(f, "path") || ha_starts_with(f, "dir"))
		a->other_op = 1;
	else if (ha_starts_with(f, "perm=")) {
		if ((a->perms = perms_parse(eq + 1)) < 0) {
			*why = "perm takes letters from 'rwxa'";
			return -1;
		}
	} else if (ha_starts_with(f, "key="))
		key_add(&a->keys, eq + 1);
	return 0;
}

/* "-a|-A ACTION,LIST -F ... [-S ...] [-k ...]": 0 or 1 rule, -1 bad. */
static int
parse_syscall(char **tok, int n, const char *origin, json_t *rules,
    const char **why)
{
	struct arule a = { .perms = PERM_ALL };
	int i, always, is_exit, rc = -1;
	json_t *r;

	ha_buf_init(&a.keys, HA_BUF_NOCAP);
	if (n < 2 || parse_action_list(tok[1], &always, &is_exit) < 0) {
		*why = "-a needs ACTION,LIST (e.g. always,exit)";
		goto out;
	}
	for (i = 2; i < n; i += 2) {
		if (i + 1 >= n) {
			*why = "option without its argument";
			goto out;
		}
		if (strcmp(tok[i], "-F") == 0) {
			if (parse_field(&a, tok[i + 1], why) < 0)
				goto out;
		} else if (strcmp(tok[i], "-k") == 0)
			key_add(&a.keys, tok[i + 1]);
		else if (strcmp(tok[i], "-S") != 0 &&
		    strcmp(tok[i], "-C") != 0) {
			*why = "unexpected option in a -a rule";
			goto out;
		}
	}
	rc = 0;
	if (a.path == NULL || !is_exit || a.other_op)
		goto out;	/* valid, but not a file watch */
	r = rule_new(a.path, strlen(a.path), a.kind, (unsigned)a.perms,
	    a.keys.len ? a.keys.data : NULL, a.keys.len, always, origin);
	if (r == NULL) {
		*why = "not valid UTF-8";
		rc = -1;
		goto out;
	}
	json_object_set_new(r, "form", json_string("-a"));
	json_array_append_new(rules, r);
	rc = 1;
out:
	ha_buf_release(&a.keys);
	return rc;
}

/* One line: 1 rule added, 0 nothing to add, -1 malformed (*why). */
static int
parse_line(char *line, const char *origin, json_t *rules, const char **why)
{
	char *tok[AUDIT_MAX_TOKENS];
	int n;

	while (*line == ' ' || *line == '\t')
		line++;
	if (*line == '#' || *line == '\0' || *line == '\r')
		return 0;
	if ((n = split(line, tok, AUDIT_MAX_TOKENS)) < 0) {
		*why = "too many words";
		return -1;
	}
	if (n == 0)
		return 0;
	if (strcmp(tok[0], "-w") == 0)
		return parse_watch(tok, n, origin, rules, why);
	if (strcmp(tok[0], "-a") == 0 || strcmp(tok[0], "-A") == 0)
		return parse_syscall(tok, n, origin, rules, why);
	if (tok[0][0] == '-')
		return 0;	/* control options: -D, -b, -f, -e, -W, ... */
	*why = "not an auditctl option";
	return -1;
}

size_t
ha_audit_parse_rules(const char *text, size_t len, const char *name,
    json_t *rules)
{
	const char *p = text, *end = text + len, *nl;
	size_t lineno = 0, added = 0;
	char *line, *origin;
	const char *why;
	int rc;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		lineno++;
		line = ha_xstrndup(p, (size_t)(nl - p));
		origin = ha_xasprintf("%s:%zu", name, lineno);
		why = NULL;
		if (strlen(line) != (size_t)(nl - p)) {
			rc = -1;
			why = "NUL byte in line";
		} else
			rc = parse_line(line, origin, rules, &why);
		if (rc < 0)
			ha_warn("'%s': malformed audit rule ignored: %s",
			    origin, why);
		else
			added += (size_t)rc;
		free(origin);
		free(line);
		p = nl + 1;
	}
	return added;
}

/* Fields whose value is the length of a string in the rule's buf. */
static int
string_field(uint32_t f)
{
	return (f >= AUDIT_SUBJ_USER && f <= AUDIT_SUBJ_CLR) ||
	    (f >= AUDIT_OBJ_USER && f <= AUDIT_OBJ_LEV_HIGH) ||
	    f == AUDIT_WATCH || f == AUDIT_DIR || f == AUDIT_FILTERKEY ||
	    f == AUDIT_EXE;
}

json_t *
ha_audit_rule_from_data(const void *data, size_t len)
{
	struct audit_rule_data rd;
	const char *buf, *path = NULL, *key = NULL, *kind = NULL;
	size_t off = 0, plen = 0, klen = 0, i;
	unsigned perms = PERM_ALL;
	json_t *r;
	char *k;

	if (len < sizeof(rd))
		return NULL;
	memcpy(&rd, data, sizeof(rd));
	if (rd.field_count > AUDIT_MAX_FIELDS || rd.buflen > len - sizeof(rd))
		return NULL;
	buf = (const char *)data + sizeof(rd);
	for (i = 0; i < rd.field_count; i++) {
		uint32_t f = rd.fields[i], v = rd.values[i];

		if (f == AUDIT_PERM)
			perms = v & PERM_ALL;
		if (!string_field(f))
			continue;
		if (v > rd.buflen - off)
			return NULL;
		if (f == AUDIT_WATCH || f == AUDIT_DIR) {
			path = buf + off;
			plen = v;
			kind = f == AUDIT_WATCH ? "watch" : "dir";
		} else if (f == AUDIT_FILTERKEY) {
			key = buf + off;
			klen = v;
		}
		off += v;
	}
	if (path == NULL || plen == 0 || plen > PATH_MAX || path[0] != '/' ||
	    memchr(path, '\0', plen) != NULL ||
	    (rd.flags & ~AUDIT_FILTER_PREPEND) != AUDIT_FILTER_EXIT ||
	    (rd.action != AUDIT_ALWAYS && rd.action != AUDIT_NEVER))
		return NULL;
	/*
	 * several keys are joined with AUDIT_KEY_SEPARATOR; show commas
	 * (walk the copy, not klen: the copy stops at a NUL byte)
	 */
	k = key != NULL ? ha_xstrndup(key, klen) : NULL;
	for (i = 0; k != NULL && k[i] != '\0'; i++)
		if (k[i] == KEY_SEPARATOR)
			k[i] = ',';
	r = rule_new(path, plen, kind, perms, k, k ? strlen(k) : 0,
	    rd.action == AUDIT_ALWAYS, "kernel");
	free(k);
	return r;
}

static void
netlink_msg(struct ha_audit_nl *st, uint16_t type, const unsigned char *p,
    size_t plen)
{
	struct audit_status as;
	json_t *r;
	int32_t err;

	switch (type) {
	case NLMSG_DONE:
		st->done = 1;
		break;
	case NLMSG_ERROR:
		if (plen < sizeof(err))
			break;
		memcpy(&err, p, sizeof(err));
		if (err != 0) {		/* 0 is the acknowledgement */
			/* -INT32_MIN does not fit: no errno anyway */
			st->error = err == INT32_MIN ? EPROTO :
			    err < 0 ? -err : err;
			st->done = 1;
		}
		break;
	case AUDIT_GET:
		memset(&as, 0, sizeof(as));
		memcpy(&as, p, plen < sizeof(as) ? plen : sizeof(as));
		if (plen >= 2 * sizeof(uint32_t))
			st->enabled = as.enabled;
		st->done = 1;
		break;
	case AUDIT_LIST_RULES:
		if ((r = ha_audit_rule_from_data(p, plen)) != NULL)
			json_array_append_new(st->rules, r);
		break;
	default:
		break;
	}
}

int
ha_audit_parse_netlink(struct ha_audit_nl *st, const void *buf, size_t len)
{
	const unsigned char *p = buf;
	struct nlmsghdr h;
	size_t off = 0;

	while (len - off >= sizeof(h)) {
		memcpy(&h, p + off, sizeof(h));
		if (h.nlmsg_len < NLMSG_HDRLEN || h.nlmsg_len > len - off)
			return -1;
		if (h.nlmsg_seq == st->seq)
			netlink_msg(st, h.nlmsg_type, p + off + NLMSG_HDRLEN,
			    h.nlmsg_len - NLMSG_HDRLEN);
		off += NLMSG_ALIGN(h.nlmsg_len);
		if (off >= len)
			break;
	}
	return 0;
}

/* Send one request without payload; -1 with errno on failure. */
static int
netlink_send(int fd, uint16_t type, uint32_t seq)
{
	struct sockaddr_nl sa;
	struct nlmsghdr h;

	memset(&sa, 0, sizeof(sa));
	sa.nl_family = AF_NETLINK;
	memset(&h, 0, sizeof(h));
	h.nlmsg_len = NLMSG_LENGTH(0);
	h.nlmsg_type = type;
	h.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	h.nlmsg_seq = seq;
	if (sendto(fd, &h, h.nlmsg_len, 0, (struct sockaddr *)&sa,
	    sizeof(sa)) != (ssize_t)h.nlmsg_len)
		return -1;
	return 0;
}

/* Read the answer to st->seq until done or the deadline; -1 with errno. */
static int
netlink_answer(int fd, struct ha_audit_nl *st, unsigned char *buf,
    size_t size, int64_t deadline)
{
	struct sockaddr_nl sa;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	socklen_t salen;
	int64_t left;
	ssize_t n;

	while (!st->done) {
		if ((left = deadline - ha_now_ms()) <= 0 ||
		    poll(&pfd, 1, (int)left) == 0) {
			errno = ETIMEDOUT;
			return -1;
		}
		salen = sizeof(sa);
		n = recvfrom(fd, buf, size, MSG_TRUNC | MSG_DONTWAIT,
		    (struct sockaddr *)&sa, &salen);
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n < 0)
			return -1;
		if (sa.nl_pid != 0)
			continue;	/* only the kernel may answer */
		if ((size_t)n > size ||
		    ha_audit_parse_netlink(st, buf, (size_t)n) < 0 ||
		    json_array_size(st->rules) > AUDIT_MAX_RULES) {
			errno = EBADMSG;
			return -1;
		}
	}
	if (st->error != 0) {
		errno = st->error;
		return -1;
	}
	return 0;
}

/*
 * Ask the kernel for its enabled flag and its rules.  0, or -1 with errno
 * (EPROTONOSUPPORT: no audit in this kernel; EPERM: no CAP_AUDIT_CONTROL;
 * ECONNREFUSED: not the initial user namespace; ETIMEDOUT: no answer).
 */
static int
kernel_rules(json_t *rules, long long *enabled)
{
	struct ha_audit_nl st;
	size_t size = 64 * 1024;
	unsigned char *buf = NULL;
	int64_t deadline = ha_now_ms() + AUDIT_TIMEOUT_MS;
	int fd, rc = -1, saved;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_AUDIT);
	if (fd < 0)
		return -1;
	buf = ha_xmalloc(size);
	memset(&st, 0, sizeof(st));
	st.seq = 1;
	st.enabled = -1;
	st.rules = rules;
	if (netlink_send(fd, AUDIT_GET, st.seq) < 0 ||
	    netlink_answer(fd, &st, buf, size, deadline) < 0)
		goto out;
	*enabled = st.enabled;
	st.seq = 2;
	st.done = 0;
	if (netlink_send(fd, AUDIT_LIST_RULES, st.seq) < 0 ||
	    netlink_answer(fd, &st, buf, size, deadline) < 0)
		goto out;
	rc = 0;
out:
	saved = errno;
	free(buf);
	close(fd);
	errno = saved;
	return rc;
}

/* Read one rules file if it exists: 1 read, 0 absent, -1 error (*err). */
static int
rules_file(struct ha_hostfs *fs, const char *path, json_t *rules, char **err)
{
	struct ha_buf b;
	int rc = 1;

	ha_buf_init(&b, AUDIT_MAX_FILE);
	if (ha_hostfs_read(fs, path, &b, 1) < 0) {
		rc = errno == ENOENT ? 0 : -1;
		if (rc < 0 && *err == NULL)
			*err = ha_xasprintf("cannot read '%s': %s", path,
			    strerror(errno));
	} else
		ha_audit_parse_rules(b.data, b.len, path, rules);
	ha_buf_release(&b);
	return rc;
}

/*
 * The rule files auditd loads: audit.rules and rules.d/ *.rules in name
 * order.  Appends each file read to files; returns how many were read.
 * *err (caller frees) names the first file that could not be read.
 */
static size_t
file_rules(struct ha_hostfs *fs, json_t *rules, json_t *files, char **err)
{
	static const char dir[] = "/etc/audit/rules.d";
	char *path, **names = NULL;
	size_t nread = 0, n = 0, i;

	if (rules_file(fs, "/etc/audit/audit.rules", rules, err) > 0) {
		json_array_append_new(files,
		    json_string("/etc/audit/audit.rules"));
		nread++;
	}
	if (ha_hostfs_list(fs, dir, ".rules", &names, &n) < 0) {
		if (errno != ENOENT && errno != ENOTDIR && *err == NULL)
			*err = ha_xasprintf("cannot read '%s': %s", dir,
			    strerror(errno));
		return nread;
	}
	for (i = 0; i < n; i++) {
		path = ha_xasprintf("%s/%s", dir, names[i]);
		if (rules_file(fs, path, rules, err) > 0) {
			json_array_append_new(files, json_string(path));
			nread++;
		}
		free(path);
	}
	ha_hostfs_list_free(names, n);
	return nread;
}

int
ha_audit_resolve(const char *root, const char *path, char **out)
{
	struct ha_hostfs *fs = ha_hostfs_open(root);
	int rc, saved;

	rc = ha_hostfs_realpath(fs, path, 1, out);
	saved = errno;
	ha_hostfs_close(fs);
	errno = saved;
	return rc;
}

/*
 * Where section 1's paths come from, tried in order: a string fact, a
 * file role's path (facts.files.ROLE.path), an effective daemon setting,
 * a search of bin_dirs or unit_dirs for name, the default.
 */
enum search { S_NONE, S_BIN, S_UNIT };
struct path_spec {
	const char	*key;		/* facts.audit_paths.KEY */
	const char	*fact;
	const char	*role;
	const char	*setting;
	enum search	 search;
	const char	*def;
	int		 daemon_view;	/* resolved through dockerd's root */
};

static const struct path_spec path_specs[] = {
	{ "dockerd", "daemon.exe", NULL, NULL, S_BIN, "/usr/bin/dockerd" },
	{ "run_containerd", NULL, NULL, NULL, S_NONE, "/run/containerd" },
	{ "data_root", NULL, NULL, "data-root", S_NONE, "/var/lib/docker",
	    1 },
	{ "etc_docker", NULL, "etc_docker", NULL, S_NONE, "/etc/docker" },
	{ "docker_service", NULL, "docker_service", NULL, S_UNIT,
	    "/usr/lib/systemd/system/docker.service" },
	{ "containerd_sock", NULL, "containerd_sock", "containerd", S_NONE,
	    "/run/containerd/containerd.sock" },
	{ "docker_socket_unit", NULL, "docker_socket_unit", NULL, S_UNIT,
	    "/usr/lib/systemd/system/docker.socket" },
	{ "docker_sock", NULL, "docker_sock", NULL, S_NONE,
	    "/var/run/docker.sock" },
	{ "etc_default_docker", NULL, "etc_default_docker", NULL, S_NONE,
	    "/etc/default/docker" },
	{ "daemon_json", "daemon.config_file.path", "daemon_json", NULL,
	    S_NONE, "/etc/docker/daemon.json" },
	{ "containerd_config", NULL, NULL, NULL, S_NONE,
	    "/etc/containerd/config.toml" },
	{ "etc_sysconfig_docker", NULL, "etc_sysconfig_docker", NULL, S_NONE,
	    "/etc/sysconfig/docker" },
	{ "containerd", NULL, NULL, NULL, S_BIN, "/usr/bin/containerd" },
	{ "containerd_shim", NULL, NULL, NULL, S_BIN,
	    "/usr/bin/containerd-shim" },
	{ "containerd_shim_runc_v1", NULL, NULL, NULL, S_BIN,
	    "/usr/bin/containerd-shim-runc-v1" },
	{ "containerd_shim_runc_v2", NULL, NULL, NULL, S_BIN,
	    "/usr/bin/containerd-shim-runc-v2" },
	{ "runc", NULL, NULL, NULL, S_BIN, "/usr/bin/runc" },
};

static const char *const bin_dirs[] = {
	"/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin", "/bin",
	"/sbin", "/snap/docker/current/bin",
};
static const char *const unit_dirs[] = {
	"/etc/systemd/system", "/lib/systemd/system", "/usr/lib/systemd/system",
};
/* Top-level directories a usr-merged host links to their /usr twins. */
static const char *const merged_dirs[] = {
	"/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32",
};

/* A JSON string, or null when s is not valid UTF-8.  A new reference. */
static json_t *
jstr(const char *s)
{
	json_t *j = json_string(s);

	return j != NULL ? j : json_null();
}

/* The first dir/name that exists under root, or NULL.  Caller frees. */
static char *
search_dirs(struct ha_hostfs *fs, const char *const *dirs, size_t n,
    const char *name)
{
	char *path, *real;
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		path = ha_xasprintf("%s/%s", dirs[i], name);
		rc = ha_hostfs_realpath(fs, path, 1, &real);
		free(real);
		if (rc == 1)
			return path;
		free(path);
	}
	return NULL;
}

/* The path the spec names on this host and how it was found. */
static char *
spec_path(const struct path_spec *s, struct ha_hostfs *fs,
    const json_t *facts, const char **how)
{
	const char *v, *base;
	char *p;

	if (s->fact != NULL && (v = ha_facts_str(facts, s->fact)) != NULL &&
	    v[0] == '/') {
		*how = s->fact;
		p = ha_xstrdup(v);
		if (ha_ends_with(p, " (deleted)"))	/* an upgraded binary */
			p[strlen(p) - strlen(" (deleted)")] = '\0';
		return p;
	}
	if (s->role != NULL && (v = json_string_value(json_object_get(
	    ha_facts_file(facts, s->role), "path"))) != NULL && v[0] == '/') {
		*how = "files";
		return ha_xstrdup(v);
	}
	if (s->setting != NULL && (v = json_string_value(ha_facts_setting(
	    facts, s->setting, NULL))) != NULL && v[0] == '/') {
		*how = "setting";
		return ha_xstrdup(v);
	}
	*how = "search";
	base = strrchr(s->def, '/') + 1;
	if (s->search == S_BIN &&
	    (p = search_dirs(fs, bin_dirs, HA_ARRAY_SIZE(bin_dirs), base)))
		return p;
	if (s->search == S_UNIT && (p = search_dirs(fs, unit_dirs,
	    HA_ARRAY_SIZE(unit_dirs), base)))
		return p;
	*how = "default";
	return ha_xstrdup(s->def);
}

/*
 * The paths as the host has them.  The data root is dockerd's: its
 * real_path and exists come from dockerd's own mount namespace when
 * collect could enter its root (read_from "daemon-root"), else from the
 * host root (read_from "host").
 */
static json_t *
audit_paths(const struct ha_collect_opts *o, struct ha_hostfs *fs,
    const json_t *facts)
{
	json_t *out = json_object(), *e;
	const char *how, *from = NULL;
	struct ha_hostfs *in, *view = NULL;
	char *path, *real;
	size_t i;
	int rc, err;

	for (i = 0; i < HA_ARRAY_SIZE(path_specs); i++) {
		in = fs;
		if (path_specs[i].daemon_view) {
			if (view == NULL)
				view = ha_hostfs_open(ha_daemon_view_root(o,
				    facts, &from));
			in = view;
		}
		path = spec_path(&path_specs[i], fs, facts, &how);
		rc = ha_hostfs_realpath(in, path, 1, &real);
		err = errno;
		e = json_pack("{s:o, s:o, s:b, s:s}", "path", jstr(path),
		    "real_path", jstr(real), "exists", rc == 1, "found_by",
		    how);
		if (e == NULL)
			ha_die_oom();
		if (path_specs[i].daemon_view)
			json_object_set_new(e, "read_from", json_string(from));
		if (rc < 0)
			json_object_set_new(e, "error", json_sprintf(
			    "cannot resolve '%s': %s", path, strerror(err)));
		json_object_set_new(out, path_specs[i].key, e);
		free(path);
		free(real);
	}
	ha_hostfs_close(view);
	return out;
}

/*
 * Complete the rules with what only the host can tell: the path with
 * symlinks resolved (real_path), and "dir" for a -w watch on a directory
 * (auditctl makes such a watch recursive, as the kernel reports it).
 */
static void
annotate_rules(struct ha_hostfs *fs, json_t *rules)
{
	const char *path, *form;
	struct stat st;
	char *real;
	json_t *r;
	size_t i;
	int rc;

	json_array_foreach(rules, i, r) {
		if ((path = json_string_value(json_object_get(r, "path"))) ==
		    NULL)
			continue;
		rc = ha_hostfs_realpath(fs, path, 1, &real);
		json_object_set_new(r, "real_path", jstr(real));
		form = json_string_value(json_object_get(r, "form"));
		if (rc == 1 && form != NULL && strcmp(form, "-w") == 0 &&
		    ha_hostfs_stat(fs, real, &st) == 0 && S_ISDIR(st.st_mode))
			json_object_set_new(r, "kind", json_string("dir"));
		free(real);
	}
}

/* The top-level directories this host links to /usr (usr-merge). */
static json_t *
usr_merge(struct ha_hostfs *fs)
{
	json_t *out = json_array();
	char *real, *want;
	size_t i;

	for (i = 0; i < HA_ARRAY_SIZE(merged_dirs); i++) {
		want = ha_xasprintf("/usr%s", merged_dirs[i]);
		if (ha_hostfs_realpath(fs, merged_dirs[i], 1, &real) == 1 &&
		    strcmp(real, want) == 0)
			json_array_append_new(out, json_string(merged_dirs[i]));
		free(real);
		free(want);
	}
	return out;
}

/* When the kernel refused to answer, the rule files are no proof. */
static int
kernel_denied(int err)
{
	return err == EPERM || err == EACCES || err == ECONNREFUSED;
}

/* Rules from the rule files; sets source, files and error on audit. */
static void
collect_files(struct ha_hostfs *fs, json_t *facts, json_t *audit,
    json_t *rules, int kerr)
{
	json_t *files = json_array();
	char *ferr = NULL, *msg = NULL;
	size_t n;

	n = file_rules(fs, rules, files, &ferr);
	json_object_set_new(audit, "files", files);
	json_object_set_new(audit, "source", json_string(n > 0 ? "files" :
	    "none"));
	if (ferr != NULL)
		ha_facts_error(facts, "audit", "%s", ferr);
	if (n == 0 && ferr != NULL && kerr == 0)
		msg = ha_xstrdup(ferr);
	else if (n == 0 && ferr != NULL)
		msg = ha_xasprintf("cannot list the kernel's audit rules (%s) "
		    "and %s", strerror(kerr), ferr);
	else if (n == 0 && kernel_denied(kerr))
		msg = ha_xasprintf("cannot list the kernel's audit rules (%s) "
		    "and there are no rule files in /etc/audit",
		    strerror(kerr));
	if (msg != NULL)
		json_object_set_new(audit, "error", jstr(msg));
	free(msg);
	free(ferr);
}

void
ha_collect_audit(const struct ha_collect_opts *o, json_t *facts)
{
	struct ha_hostfs *fs = ha_hostfs_open(o->root);
	json_t *audit = json_object(), *rules = json_array();
	long long enabled = -1;
	int kerr;

	if (!use_kernel)
		collect_files(fs, facts, audit, rules, 0);
	else if (kernel_rules(rules, &enabled) == 0) {
		json_object_set_new(audit, "source", json_string("kernel"));
		json_object_set_new(audit, "enabled", json_integer(enabled));
	} else {
		kerr = errno;
		json_array_clear(rules);
		json_object_set_new(audit, "kernel_error", json_sprintf(
		    "cannot list the kernel's audit rules: %s",
		    strerror(kerr)));
		collect_files(fs, facts, audit, rules, kerr);
	}
	annotate_rules(fs, rules);
	json_object_set_new(audit, "rules", rules);
	json_object_set_new(audit, "usr_merge", usr_merge(fs));
	json_object_set_new(facts, "audit", audit);
	json_object_set_new(facts, "audit_paths", audit_paths(o, fs, facts));
	ha_hostfs_close(fs);
}

void
ha_audit_use_kernel(int use)
{
	use_kernel = use;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* test_audit.c - audit rule parsing, netlink answers, path resolution. */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>
#include <linux/audit.h>
#include <linux/netlink.h>

#include "ha_audit.h"
#include "ha_buf.h"
#include "ha_collect.h"
#include "ha_facts.h"
#include "ha_util.h"
#include "banned.h"

/* Warnings captured from the error routine. */
static struct ha_buf warnings;
static int nwarnings;

static void
capture(enum ha_msg_level level, const char *msg, void *arg)
{
	(void)level;
	(void)arg;
	ha_buf_addf(&warnings, "%s\n", msg);
	nwarnings++;
}

static int
setup(void **state)
{
	(void)state;
	ha_buf_init(&warnings, HA_BUF_NOCAP);
	nwarnings = 0;
	ha_set_error_routine(capture, NULL);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	ha_set_error_routine(NULL, NULL);
	ha_buf_release(&warnings);
	return 0;
}

static const char *
field(const json_t *rules, size_t i, const char *key)
{
	const json_t *v = json_object_get(json_array_get(rules, i), key);

	return json_is_null(v) ? "(null)" : json_string_value(v);
}

/* ---- rule files ---- */

static const char rules_text[] =
	"## docker rules\n"
	"-D\n"
	"-b 8192\n"
	"\n"
	"   # indented comment\n"
	"-w /usr/bin/dockerd -p rwxa -k docker\n"
	"-w /etc/docker/ -k docker -k cis\n"
	"-a always,exit -F path=/run/containerd/containerd.sock -F perm=wa "
	    "-k docker\n"
	"-a exit,always -F arch=b64 -F dir=/var/lib/docker -F key=docker\n"
	"-a always,exit -F arch=b64 -S execve -k exec\n"
	"-a never,exit -F path=/etc/shadow\n"
	"-w /etc/default/docker -p wa\r\n"
	"-w relative/path -k bad\n"
	"-w /usr/bin/runc -p rwz\n"
	"frobnicate /etc/docker\n"
	"-a always -F path=/x\n"
	"-a always,exit -F path=/x -F path=/y\n"
	"-w /usr/bin/containerd -k";

static void
test_parse_rules(void **state)
{
	json_t *rules = json_array();
	size_t n;

	(void)state;
	n = ha_audit_parse_rules(rules_text, strlen(rules_text),
	    "/etc/audit/rules.d/docker.rules", rules);
	assert_int_equal(n, 6);
	assert_int_equal(json_array_size(rules), 6);

	assert_string_equal(field(rules, 0, "path"), "/usr/bin/dockerd");
	assert_string_equal(field(rules, 0, "kind"), "watch");
	assert_string_equal(field(rules, 0, "perms"), "rwxa");
	assert_string_equal(field(rules, 0, "key"), "docker");
	assert_string_equal(field(rules, 0, "action"), "always");
	assert_string_equal(field(rules, 0, "form"), "-w");
	assert_string_equal(field(rules, 0, "origin"),
	    "/etc/audit/rules.d/docker.rules:6");

	/* no -p means every permission; trailing slash dropped; two keys */
	assert_string_equal(field(rules, 1, "path"), "/etc/docker");
	assert_string_equal(field(rules, 1, "perms"), "rwxa");
	assert_string_equal(field(rules, 1, "key"), "docker,cis");

	assert_string_equal(field(rules, 2, "path"),
	    "/run/containerd/containerd.sock");
	assert_string_equal(field(rules, 2, "kind"), "watch");
	assert_string_equal(field(rules, 2, "perms"), "wa");
	assert_string_equal(field(rules, 2, "form"), "-a");

	assert_string_equal(field(rules, 3, "path"), "/var/lib/docker");
	assert_string_equal(field(rules, 3, "kind"), "dir");
	assert_string_equal(field(rules, 3, "key"), "docker");

	/* the execve rule has no path: valid, not a watch */
	assert_string_equal(field(rules, 4, "path"), "/etc/shadow");
	assert_string_equal(field(rules, 4, "action"), "never");
	assert_string_equal(field(rules, 4, "key"), "(null)");

	assert_string_equal(field(rules, 5, "path"), "/etc/default/docker");
	assert_string_equal(field(rules, 5, "perms"), "wa");

	/* six malformed lines, each named by file and line */
	assert_int_equal(nwarnings, 6);
	assert_non_null(strstr(warnings.data, "'/etc/audit/rules.d/"
	    "docker.rules:13': malformed audit rule ignored: -w needs an "
	    "absolute path"));
	assert_non_null(strstr(warnings.data, "docker.rules:14': malformed "
	    "audit rule ignored: -p takes letters"));
	assert_non_null(strstr(warnings.data, "docker.rules:15'"));
	assert_non_null(strstr(warnings.data, "docker.rules:16'"));
	assert_non_null(strstr(warnings.data, "docker.rules:17': malformed "
	    "audit rule ignored: more than one path"));
	assert_non_null(strstr(warnings.data, "docker.rules:18': malformed "
	    "audit rule ignored: option without its argument"));
	json_decref(rules);
}

static void
test_parse_rules_empty(void **state)
{
	json_t *rules = json_array();

	(void)state;
	assert_int_equal(ha_audit_parse_rules("", 0, "x", rules), 0);
	assert_int_equal(ha_audit_parse_rules("# only\n\n", 8, "x", rules),
	    0);
	/* a NUL inside a line is malformed, not a truncated rule */
	assert_int_equal(ha_audit_parse_rules("-w /a\0b -k k\n", 13, "x",
	    rules), 0);
	assert_int_equal(nwarnings, 1);
	json_decref(rules);
}

/* ---- netlink answers ---- */

/* Append one netlink message (header + payload) to b. */
static void
nl_add(struct ha_buf *b, uint16_t type, uint32_t seq, const void *payload,
    size_t plen)
{
	struct nlmsghdr h;
	static const char pad[NLMSG_ALIGNTO];

	memset(&h, 0, sizeof(h));
	h.nlmsg_len = NLMSG_LENGTH(plen);
	h.nlmsg_type = type;
	h.nlmsg_seq = seq;
	ha_buf_add(b, &h, sizeof(h));
	ha_buf_add(b, payload, plen);
	ha_buf_add(b, pad, NLMSG_ALIGN(h.nlmsg_len) - h.nlmsg_len);
}

/*
 * A struct audit_rule_data as the kernel sends it: an arch field, the
 * watch (or dir) path, a perm mask and a key, strings packed in buf.
 */
static void *
rule_data(uint32_t watch_field, const char *path, uint32_t perm,
    const char *key, size_t *len)
{
	struct audit_rule_data *rd;
	size_t plen = strlen(path), klen = key ? strlen(key) : 0, n = 0;

	*len = sizeof(*rd) + plen + klen;
	rd = ha_xcalloc(1, *len);
	rd->flags = AUDIT_FILTER_EXIT;
	rd->action = AUDIT_ALWAYS;
	rd->fields[n] = AUDIT_ARCH;
	rd->values[n++] = 0xc000003e;
	rd->fields[n] = watch_field;
	rd->values[n++] = (uint32_t)plen;
	if (perm != 0) {
		rd->fields[n] = AUDIT_PERM;
		rd->values[n++] = perm;
	}
	if (key != NULL) {
		rd->fields[n] = AUDIT_FILTERKEY;
		rd->values[n++] = (uint32_t)klen;
	}
	rd->field_count = (uint32_t)n;
	rd->buflen = (uint32_t)(plen + klen);
	memcpy(rd->buf, path, plen);
	if (key != NULL)
		memcpy(rd->buf + plen, key, klen);
	return rd;
}

static void
test_rule_from_data(void **state)
{
	void *d;
	size_t len;
	json_t *r;

	(void)state;
	d = rule_data(AUDIT_WATCH, "/usr/bin/dockerd",
	    AUDIT_PERM_WRITE | AUDIT_PERM_ATTR, "docker\001cis", &len);
	r = ha_audit_rule_from_data(d, len);
	assert_non_null(r);
	assert_string_equal(json_string_value(json_object_get(r, "path")),
	    "/usr/bin/dockerd");
	assert_string_equal(json_string_value(json_object_get(r, "kind")),
	    "watch");
	assert_string_equal(json_string_value(json_object_get(r, "perms")),
	    "wa");
	assert_string_equal(json_string_value(json_object_get(r, "key")),
	    "docker,cis");
	assert_string_equal(json_string_value(json_object_get(r, "origin")),
	    "kernel");
	json_decref(r);
	/* truncated: buf shorter than buflen says */
	assert_null(ha_audit_rule_from_data(d, len - 1));
	assert_null(ha_audit_rule_from_data(d, 10));
	free(d);

	/* a directory watch without perm field: all permissions */
	d = rule_data(AUDIT_DIR, "/etc/docker", 0, NULL, &len);
	r = ha_audit_rule_from_data(d, len);
	assert_string_equal(json_string_value(json_object_get(r, "kind")),
	    "dir");
	assert_string_equal(json_string_value(json_object_get(r, "perms")),
	    "rwxa");
	assert_true(json_is_null(json_object_get(r, "key")));
	json_decref(r);
	/* a string length running past buflen */
	((struct audit_rule_data *)d)->values[1] = 200;
	assert_null(ha_audit_rule_from_data(d, len));
	free(d);

	/* a syscall rule with only a key is not a watch */
	d = rule_data(AUDIT_FILTERKEY, "exec", 0, NULL, &len);
	assert_null(ha_audit_rule_from_data(d, len));
	free(d);
}

/*
 * A key whose length runs past a NUL byte (fuzz/audit_netlink found the
 * key copy read beyond its end): the key stops at the NUL.
 */
static void
test_rule_from_data_key_nul(void **state)
{
	struct audit_rule_data *rd;
	size_t len;
	json_t *r;

	(void)state;
	rd = rule_data(AUDIT_WATCH, "/etc/docker", 0, "dockerXcis\001k",
	    &len);
	rd->buf[strlen("/etc/docker") + 6] = '\0';
	r = ha_audit_rule_from_data(rd, len);
	assert_non_null(r);
	assert_string_equal(json_string_value(json_object_get(r, "key")),
	    "docker");
	json_decref(r);
	free(rd);
}

static void
test_parse_netlink(void **state)
{
	struct ha_audit_nl st = { .seq = 7, .enabled = -1 };
	struct ha_buf b;
	int32_t ack = 0, eperm = -EPERM, intmin = INT32_MIN;
	void *d1, *d2;
	size_t l1, l2;

	(void)state;
	st.rules = json_array();
	ha_buf_init(&b, HA_BUF_NOCAP);
	d1 = rule_data(AUDIT_WATCH, "/usr/bin/runc", AUDIT_PERM_WRITE,
	    "docker", &l1);
	d2 = rule_data(AUDIT_DIR, "/etc/docker", 0, "docker", &l2);
	nl_add(&b, NLMSG_ERROR, 7, &ack, sizeof(ack));
	nl_add(&b, AUDIT_LIST_RULES, 7, d1, l1);
	nl_add(&b, AUDIT_LIST_RULES, 6, d2, l2);	/* another request */
	nl_add(&b, AUDIT_LIST_RULES, 7, d2, l2);
	assert_int_equal(ha_audit_parse_netlink(&st, b.data, b.len), 0);
	assert_int_equal(st.done, 0);
	assert_int_equal(json_array_size(st.rules), 2);
	assert_string_equal(field(st.rules, 0, "path"), "/usr/bin/runc");
	assert_string_equal(field(st.rules, 0, "perms"), "w");
	assert_string_equal(field(st.rules, 1, "kind"), "dir");

	ha_buf_reset(&b);
	nl_add(&b, NLMSG_DONE, 7, &ack, sizeof(ack));
	assert_int_equal(ha_audit_parse_netlink(&st, b.data, b.len), 0);
	assert_int_equal(st.done, 1);
	assert_int_equal(st.error, 0);

	/* a refusal */
	st.done = 0;
	ha_buf_reset(&b);
	nl_add(&b, NLMSG_ERROR, 7, &eperm, sizeof(eperm));
	assert_int_equal(ha_audit_parse_netlink(&st, b.data, b.len), 0);
	assert_int_equal(st.done, 1);
	assert_int_equal(st.error, EPERM);

	/* INT32_MIN cannot be negated (fuzz/audit_netlink, UBSan) */
	st.done = 0;
	ha_buf_reset(&b);
	nl_add(&b, NLMSG_ERROR, 7, &intmin, sizeof(intmin));
	assert_int_equal(ha_audit_parse_netlink(&st, b.data, b.len), 0);
	assert_int_equal(st.done, 1);
	assert_int_equal(st.error, EPROTO);

	/* a length running past the datagram is malformed */
	ha_buf_reset(&b);
	nl_add(&b, AUDIT_LIST_RULES, 7, d1, l1);
	assert_int_equal(ha_audit_parse_netlink(&st, b.data, b.len - 8), -1);
	free(d1);
	free(d2);
	ha_buf_release(&b);
	json_decref(st.rules);
}

static void
test_parse_status(void **state)
{
	struct ha_audit_nl st = { .seq = 1, .enabled = -1 };
	struct audit_status as;
	struct ha_buf b;

	(void)state;
	memset(&as, 0, sizeof(as));
	as.enabled = 2;
	ha_buf_init(&b, HA_BUF_NOCAP);
	nl_add(&b, AUDIT_GET, 1, &as, sizeof(as));
	assert_int_equal(ha_audit_parse_netlink(&st, b.data, b.len), 0);
	assert_int_equal(st.done, 1);
	assert_int_equal(st.enabled, 2);
	ha_buf_release(&b);
}

/* ---- paths under a fake root ---- */

static void
mkfile(const char *root, const char *path)
{
	char *p = ha_xasprintf("%s%s", root, path);
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	assert_true(fd >= 0);
	close(fd);
	free(p);
}

static void
writefile(const char *root, const char *path, const char *text)
{
	char *p = ha_xasprintf("%s%s", root, path);
	FILE *fp = fopen(p, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	free(p);
}

static void
mkdirs(const char *root, const char *path)
{
	char *p = ha_xasprintf("%s%s", root, path);

	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
}

static void
mklink(const char *root, const char *target, const char *path)
{
	char *p = ha_xasprintf("%s%s", root, path);

	assert_int_equal(symlink(target, p), 0);
	free(p);
}

/*
 * A usr-merged host: /bin -> usr/bin, /sbin -> usr/sbin, dockerd only in
 * /usr/sbin, /var/lib/docker a symlink to /srv/docker (absolute, so it
 * must be read relative to the root), a symlink loop.
 */
static char *
fake_root(void)
{
	char tmpl[] = "/tmp/ha-audit-XXXXXX";
	char *root;

	assert_non_null(mkdtemp(tmpl));
	root = ha_xstrdup(tmpl);
	mkdirs(root, "/usr");
	mkdirs(root, "/usr/bin");
	mkdirs(root, "/usr/sbin");
	mklink(root, "usr/bin", "/bin");
	mklink(root, "usr/sbin", "/sbin");
	mkfile(root, "/usr/sbin/dockerd");
	mkfile(root, "/usr/bin/containerd");
	mklink(root, "containerd", "/usr/bin/runc");
	mkdirs(root, "/etc");
	mkdirs(root, "/etc/docker");
	mkdirs(root, "/srv");
	mkdirs(root, "/srv/docker");
	mkdirs(root, "/var");
	mkdirs(root, "/var/lib");
	mklink(root, "/srv/docker", "/var/lib/docker");
	mklink(root, "loop2", "/etc/loop1");
	mklink(root, "loop1", "/etc/loop2");
	mkdirs(root, "/etc/audit");
	mkdirs(root, "/etc/audit/rules.d");
	return root;
}

static void
rm_tree(const char *root)
{
	static const char *const paths[] = {
		"/etc/audit/rules.d/docker.rules", "/etc/audit/rules.d/b.rules",
		"/etc/audit/rules.d/ignored.txt", "/etc/audit/audit.rules",
		"/etc/audit/rules.d", "/etc/audit", "/etc/loop1", "/etc/loop2",
		"/var/lib/docker", "/var/lib", "/var", "/srv/docker", "/srv",
		"/etc/docker", "/etc", "/usr/bin/runc", "/usr/bin/containerd",
		"/usr/sbin/dockerd", "/sbin", "/bin", "/usr/sbin", "/usr/bin",
		"/usr", "",
	};
	char *p;
	size_t i;

	for (i = 0; i < HA_ARRAY_SIZE(paths); i++) {
		p = ha_xasprintf("%s%s", root, paths[i]);
		if (unlink(p) < 0 && errno != ENOENT)
			rmdir(p);
		free(p);
	}
}

static void
expect_resolve(const char *root, const char *path, int rc,
    const char *want)
{
	char *out = NULL;
	int got = ha_audit_resolve(root, path, &out);

	if (got != rc || strcmp(out, want) != 0)
		fail_msg("resolve '%s': got %d '%s', want %d '%s'", path, got,
		    out, rc, want);
	free(out);
}

static void
test_resolve(void **state)
{
	char *root = fake_root(), *out = NULL;

	(void)state;
	expect_resolve(root, "/sbin/dockerd", 1, "/usr/sbin/dockerd");
	expect_resolve(root, "/bin/dockerd", 0, "/usr/bin/dockerd");
	expect_resolve(root, "/usr/sbin/dockerd", 1, "/usr/sbin/dockerd");
	expect_resolve(root, "/bin/runc", 1, "/usr/bin/containerd");
	expect_resolve(root, "/var/lib/docker", 1, "/srv/docker");
	expect_resolve(root, "/var/lib/docker/volumes/x", 0,
	    "/srv/docker/volumes/x");
	expect_resolve(root, "/usr/bin/../sbin/./dockerd", 1,
	    "/usr/sbin/dockerd");
	expect_resolve(root, "/../../etc/docker/", 1, "/etc/docker");
	expect_resolve(root, "/", 1, "/");
	/* a file used as a directory is missing, not an error */
	expect_resolve(root, "/usr/sbin/dockerd/x", 0, "/usr/sbin/dockerd/x");
	errno = 0;
	assert_int_equal(ha_audit_resolve(root, "/etc/loop1", &out), -1);
	assert_int_equal(errno, ELOOP);
	free(out);
	rm_tree(root);
	free(root);
}

/* Run ha_collect_audit over root with facts text; a new reference. */
static json_t *
collect(const char *root, const char *facts_text)
{
	struct ha_collect_opts o;
	json_error_t e;
	json_t *facts = json_loads(facts_text, 0, &e);

	assert_non_null(facts);
	ha_collect_opts_init(&o);
	o.root = root;
	ha_collect_audit(&o, facts);
	return facts;
}

static void
test_collect_paths(void **state)
{
	char *root = fake_root();
	json_t *f;

	(void)state;
	ha_audit_use_kernel(0);
	f = collect(root, "{}");
	/* dockerd found in /usr/sbin; no dockerd process named it */
	assert_string_equal(ha_facts_str(f, "audit_paths.dockerd.path"),
	    "/usr/sbin/dockerd");
	assert_string_equal(ha_facts_str(f, "audit_paths.dockerd.found_by"),
	    "search");
	assert_true(json_is_true(ha_facts_get(f,
	    "audit_paths.dockerd.exists")));
	/* runc is a symlink: named where found, real_path its target */
	assert_string_equal(ha_facts_str(f, "audit_paths.runc.path"),
	    "/usr/bin/runc");
	assert_string_equal(ha_facts_str(f, "audit_paths.runc.real_path"),
	    "/usr/bin/containerd");
	/* absent: the default path, exists false */
	assert_string_equal(ha_facts_str(f,
	    "audit_paths.containerd_shim.path"), "/usr/bin/containerd-shim");
	assert_true(json_is_false(ha_facts_get(f,
	    "audit_paths.containerd_shim.exists")));
	assert_string_equal(ha_facts_str(f,
	    "audit_paths.data_root.real_path"), "/srv/docker");
	assert_true(json_is_true(ha_facts_get(f, "audit_paths.etc_docker."
	    "exists")));
	assert_int_equal(json_array_size(ha_facts_get(f, "audit.usr_merge")),
	    2);
	/* /etc/audit exists but holds no rule file */
	assert_string_equal(ha_facts_str(f, "audit.source"), "none");
	assert_null(ha_facts_get(f, "audit.error"));
	json_decref(f);

	/* facts from the daemon and the files collector win */
	f = collect(root, "{\"daemon\": {\"exe\": \"/bin/dockerd (deleted)\", "
	    "\"config_file\": {\"path\": \"/etc/docker/alt.json\"}, "
	    "\"settings\": {\"data-root\": {\"value\": \"/srv/docker\"}}}, "
	    "\"files\": {\"containerd_sock\": {\"path\": "
	    "\"/run/docker/containerd/containerd.sock\"}}}");
	assert_string_equal(ha_facts_str(f, "audit_paths.dockerd.path"),
	    "/bin/dockerd");
	assert_string_equal(ha_facts_str(f, "audit_paths.dockerd.found_by"),
	    "daemon.exe");
	assert_string_equal(ha_facts_str(f, "audit_paths.daemon_json.path"),
	    "/etc/docker/alt.json");
	assert_string_equal(ha_facts_str(f, "audit_paths.data_root.path"),
	    "/srv/docker");
	assert_string_equal(ha_facts_str(f,
	    "audit_paths.containerd_sock.path"),
	    "/run/docker/containerd/containerd.sock");
	json_decref(f);
	ha_audit_use_kernel(1);
	rm_tree(root);
	free(root);
}

static void
test_collect_files(void **state)
{
	char *root = fake_root();
	const json_t *rules;
	json_t *f;

	(void)state;
	writefile(root, "/etc/audit/rules.d/docker.rules",
	    "-w /bin/dockerd -k docker\n-w /etc/docker -k docker\n");
	writefile(root, "/etc/audit/rules.d/b.rules",
	    "-a always,exit -F dir=/var/lib/docker -F perm=wa\n");
	writefile(root, "/etc/audit/rules.d/ignored.txt", "-w /etc/x\n");
	ha_audit_use_kernel(0);
	f = collect(root, "{}");
	assert_string_equal(ha_facts_str(f, "audit.source"), "files");
	rules = ha_facts_get(f, "audit.rules");
	assert_int_equal(json_array_size(rules), 3);
	/* rules.d in name order: b.rules before docker.rules */
	assert_string_equal(field(rules, 0, "path"), "/var/lib/docker");
	assert_string_equal(field(rules, 0, "real_path"), "/srv/docker");
	assert_string_equal(field(rules, 1, "path"), "/bin/dockerd");
	assert_string_equal(field(rules, 1, "real_path"), "/usr/bin/dockerd");
	assert_string_equal(field(rules, 1, "kind"), "watch");
	/* -w on a directory is recursive, as auditctl makes it */
	assert_string_equal(field(rules, 2, "kind"), "dir");
	assert_string_equal(field(rules, 2, "origin"),
	    "/etc/audit/rules.d/docker.rules:2");
	assert_int_equal(json_array_size(ha_facts_get(f, "audit.files")), 2);
	json_decref(f);
	ha_audit_use_kernel(1);
	rm_tree(root);
	free(root);
}

/* The real kernel (or its refusal) answers within the time limit. */
static void
test_collect_kernel(void **state)
{
	int64_t t0 = ha_now_ms();
	const char *src;
	json_t *f;

	(void)state;
	f = collect("/", "{}");
	src = ha_facts_str(f, "audit.source");
	assert_non_null(src);
	assert_true(strcmp(src, "kernel") == 0 || strcmp(src, "files") == 0 ||
	    strcmp(src, "none") == 0);
	if (strcmp(src, "kernel") == 0)
		assert_non_null(ha_facts_get(f, "audit.enabled"));
	else
		assert_non_null(ha_facts_str(f, "audit.kernel_error"));
	assert_true(json_is_array(ha_facts_get(f, "audit.rules")));
	assert_true(ha_now_ms() - t0 < 5000);
	json_decref(f);
}
/*
 * The data root is dockerd's: resolved through its root (daemon.root, its
 * own mount namespace) when collect could enter it, else under the host
 * root; read_from says which.  Here the host root links /var/lib/docker
 * to /srv/docker, the daemon's root has a directory of its own there.
 */
static void
test_collect_data_root_daemon_view(void **state)
{
	static const char *const dirs[] = { "/var", "/var/lib",
	    "/var/lib/docker" };
	char tmpl[] = "/tmp/ha-audit-daemon-XXXXXX", *root = fake_root();
	char *text, *p;
	json_t *f;
	size_t i;

	(void)state;
	assert_non_null(mkdtemp(tmpl));
	for (i = 0; i < HA_ARRAY_SIZE(dirs); i++)
		mkdirs(tmpl, dirs[i]);
	ha_audit_use_kernel(0);
	text = ha_xasprintf("{\"daemon\": {\"root\": \"%s\", \"settings\": "
	    "{\"data-root\": {\"value\": \"/var/lib/docker\"}}}}", tmpl);
	f = collect(root, text);
	assert_string_equal(ha_facts_str(f, "audit_paths.data_root.read_from"),
	    "daemon-root");
	assert_string_equal(ha_facts_str(f, "audit_paths.data_root.real_path"),
	    "/var/lib/docker");
	assert_true(json_is_true(ha_facts_get(f,
	    "audit_paths.data_root.exists")));
	/* only the data root is dockerd's */
	assert_null(ha_facts_get(f, "audit_paths.etc_docker.read_from"));
	json_decref(f);
	free(text);

	/* not entered: hostaudit's view of the host root */
	f = collect(root, "{\"daemon\": {\"root_error\": \"denied\", "
	    "\"settings\": {\"data-root\": {\"value\": "
	    "\"/var/lib/docker\"}}}}");
	assert_string_equal(ha_facts_str(f, "audit_paths.data_root.read_from"),
	    "host");
	assert_string_equal(ha_facts_str(f, "audit_paths.data_root.real_path"),
	    "/srv/docker");
	json_decref(f);
	ha_audit_use_kernel(1);
	for (i = HA_ARRAY_SIZE(dirs); i > 0; i--) {
		p = ha_xasprintf("%s%s", tmpl, dirs[i - 1]);
		assert_int_equal(rmdir(p), 0);
		free(p);
	}
	assert_int_equal(rmdir(tmpl), 0);
	rm_tree(root);
	free(root);
}

/*
 * A rules.d that is an absolute symlink out of the root (on the host it
 * names the host's own directory): the directory outside is never read.
 */
static void
test_collect_rules_escape(void **state)
{
	char *root = fake_root(), *out = fake_root(), *rd;
	json_t *f;

	(void)state;
	writefile(out, "/etc/audit/rules.d/evil.rules",
	    "-w /outside -k evil\n");
	rd = ha_xasprintf("%s/etc/audit/rules.d", root);
	assert_int_equal(rmdir(rd), 0);
	free(rd);
	rd = ha_xasprintf("%s/etc/audit/rules.d", out);
	mklink(root, rd, "/etc/audit/rules.d");
	free(rd);
	ha_audit_use_kernel(0);
	f = collect(root, "{}");
	assert_string_equal(ha_facts_str(f, "audit.source"), "none");
	assert_int_equal(json_array_size(ha_facts_get(f, "audit.rules")), 0);
	json_decref(f);
	ha_audit_use_kernel(1);
	rm_tree(root);
	rm_tree(out);
	free(root);
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_parse_rules, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_parse_rules_empty, setup,
		    teardown),
		cmocka_unit_test(test_rule_from_data),
		cmocka_unit_test(test_rule_from_data_key_nul),
		cmocka_unit_test(test_parse_netlink),
		cmocka_unit_test(test_parse_status),
		cmocka_unit_test(test_resolve),
		cmocka_unit_test_setup_teardown(test_collect_paths, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_collect_files, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_collect_rules_escape,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_collect_data_root_daemon_view, setup, teardown),
		cmocka_unit_test_setup_teardown(test_collect_kernel, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

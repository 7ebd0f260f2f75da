/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_files.c - the file facts, collected from a fake host root built in
 * a temporary directory: types, modes, owners and their names, symlinks
 * resolved under the root, missing files, errors, registry certificates.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cmocka.h>

#include "ha_collect.h"
#include "ha_facts.h"
#include "ha_passwd.h"
#include "ha_util.h"

struct fake {
	char	 root[64];
	char	 live[64];	/* a directory outside the root */
	json_t	*facts;
	int	 warnings;
};

static void
count_warning(enum ha_msg_level lvl, const char *msg, void *arg)
{
	struct fake *f = arg;

	(void)lvl;
	(void)msg;
	f->warnings++;
}

static char *
at(const char *dir, const char *rel)
{
	return ha_xasprintf("%s/%s", dir, rel);
}

static void
mkdirs(const char *dir, const char *rel)
{
	char *p = at(dir, rel), *s;

	for (s = p + strlen(dir) + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		assert_true(mkdir(p, 0755) == 0 || errno == EEXIST);
		*s = '/';
	}
	assert_true(mkdir(p, 0755) == 0 || errno == EEXIST);
	free(p);
}

static void
put(const char *dir, const char *rel, const char *text, mode_t mode,
    uid_t uid, gid_t gid)
{
	char *p = at(dir, rel);
	int fd;

	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	if (geteuid() == 0)
		assert_int_equal(chown(p, uid, gid), 0);
	assert_int_equal(chmod(p, mode), 0);
	free(p);
}

static void
link_to(const char *dir, const char *rel, const char *target)
{
	char *p = at(dir, rel);

	assert_int_equal(symlink(target, p), 0);
	free(p);
}

/* A listening-free Unix socket made with bind(). */
static void
sock(const char *dir, const char *rel, mode_t mode, uid_t uid, gid_t gid)
{
	struct sockaddr_un sa;
	char *p = at(dir, rel);
	int fd;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	assert_true(strlen(p) < sizeof(sa.sun_path));
	memcpy(sa.sun_path, p, strlen(p) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	close(fd);
	if (geteuid() == 0)
		assert_int_equal(chown(p, uid, gid), 0);
	assert_int_equal(chmod(p, mode), 0);
	free(p);
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static void
build_root(const char *r)
{
	mkdirs(r, "etc/docker/certs.d/reg:5000/sub");
	mkdirs(r, "etc/docker/certs.d/a.example");
	mkdirs(r, "etc/docker/tls");
	mkdirs(r, "etc/default");
	mkdirs(r, "etc/systemd/system");
	mkdirs(r, "lib/systemd/system");
	mkdirs(r, "run/containerd");
	mkdirs(r, "var");
	put(r, "etc/passwd", "root:x:0:0:root:/root:/bin/bash\n"
	    "# a comment\n"
	    "alice:x:1000:1000:Alice:/home/alice:/bin/sh\n"
	    "bob:x:1001:998::/home/bob:/bin/sh\n", 0644, 0, 0);
	put(r, "etc/group", "root:x:0:\ndocker:x:998:alice\n"
	    "alice:x:1000:\n", 0644, 0, 0);
	put(r, "etc/docker/daemon.json", "{}\n", 0644, 0, 0);
	put(r, "etc/docker/tls/ca.pem", "ca\n", 0444, 0, 0);
	put(r, "etc/docker/tls/cert.pem", "cert\n", 0440, 0, 998);
	put(r, "etc/docker/certs.d/reg:5000/ca.crt", "ca\n", 0444, 0, 0);
	put(r, "etc/docker/certs.d/a.example/ca.crt", "ca\n", 0600, 4242,
	    4243);
	put(r, "etc/docker/certs.d/stray.txt", "x\n", 0644, 0, 0);
	link_to(r, "etc/docker/certs.d/reg:5000/client.cert",
	    "../../tls/cert.pem");
	link_to(r, "etc/loop", "loop");
	put(r, "etc/default/docker", "DOCKER_OPTS=\n", 0666, 1000, 1000);
	put(r, "lib/systemd/system/docker.service", "[Unit]\n", 0644, 0, 0);
	put(r, "lib/systemd/system/docker.socket", "[Unit]\n", 0600, 0, 0);
	/* absolute targets must resolve inside the root, not on this host */
	link_to(r, "etc/systemd/system/docker.socket",
	    "/lib/systemd/system/docker.socket");
	link_to(r, "var/run", "/run");
	sock(r, "run/docker.sock", 0660, 0, 998);
	sock(r, "run/containerd/containerd.sock", 0600, 0, 0);
}

static int
setup(void **state)
{
	struct fake *f = ha_xcalloc(1, sizeof(*f));

	snprintf(f->root, sizeof(f->root), "/tmp/ha_files_XXXXXX");
	snprintf(f->live, sizeof(f->live), "/tmp/ha_live_XXXXXX");
	if (mkdtemp(f->root) == NULL || mkdtemp(f->live) == NULL)
		return -1;
	build_root(f->root);
	ha_set_error_routine(count_warning, f);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fake *f = *state;

	nftw(f->root, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	nftw(f->live, rm_one, 16, FTW_DEPTH | FTW_PHYS);
	json_decref(f->facts);
	ha_set_error_routine(NULL, NULL);
	free(f);
	return 0;
}

static const json_t *
collect(struct fake *f, const char *facts_json)
{
	struct ha_collect_opts o;
	json_error_t err;

	/* the fixtures' owners need chown(2) */
	if (geteuid() != 0)
		skip();
	ha_collect_opts_init(&o);
	o.root = f->root;
	json_decref(f->facts);
	f->facts = json_loads(facts_json, 0, &err);
	assert_non_null(f->facts);
	ha_collect_files(&o, f->facts);
	return f->facts;
}

static long long
num(const json_t *facts, const char *path)
{
	long long v = -1;

	assert_int_equal(ha_facts_int(facts, path, &v), 0);
	return v;
}

static int
is_true(const json_t *facts, const char *path)
{
	int v = -1;

	assert_int_equal(ha_facts_bool(facts, path, &v), 0);
	return v;
}

/* The TCP engine case: the daemon's unix address is looked up on the host. */
static const char tcp_facts[] = "{\"errors\": [],"
    " \"engine\": {\"endpoint\": \"tcp://10.0.0.1:2376\"},"
    " \"daemon\": {\"config_file\": {\"path\": \"/etc/docker/daemon.json\"},"
    "  \"settings\": {"
    "   \"hosts\": {\"value\": [\"tcp://0.0.0.0:2376\","
    "     \"unix:///var/run/docker.sock\"], \"source\": \"flag\"},"
    "   \"tlscacert\": {\"value\": \"/etc/docker/tls/ca.pem\","
    "     \"source\": \"file\"},"
    "   \"tlscert\": {\"value\": \"/etc/loop/cert.pem\", \"source\": \"file\"},"
    "   \"exec-root\": {\"value\": \"/var/run/docker\","
    "     \"source\": \"default\"}}}}";

static void
test_regular_files(void **state)
{
	struct fake *f = *state;
	const json_t *x = collect(f, tcp_facts);

	assert_string_equal(ha_facts_str(x, "files.daemon_json.path"),
	    "/etc/docker/daemon.json");
	assert_true(is_true(x, "files.daemon_json.exists"));
	assert_string_equal(ha_facts_str(x, "files.daemon_json.type"), "file");
	assert_int_equal(num(x, "files.daemon_json.mode"), 0644);
	assert_int_equal(num(x, "files.daemon_json.uid"), 0);
	assert_string_equal(ha_facts_str(x, "files.daemon_json.user"), "root");
	assert_string_equal(ha_facts_str(x, "files.daemon_json.group"), "root");
	assert_int_equal(num(x, "files.etc_default_docker.mode"), 0666);
	assert_int_equal(num(x, "files.etc_default_docker.uid"), 1000);
	assert_string_equal(ha_facts_str(x, "files.etc_default_docker.user"),
	    "alice");
	assert_string_equal(ha_facts_str(x, "files.etc_docker.type"), "dir");
	assert_int_equal(num(x, "files.etc_docker.mode"), 0755);
	/* the first unit directory that holds it: /lib, not /usr/lib */
	assert_string_equal(ha_facts_str(x, "files.docker_service.path"),
	    "/lib/systemd/system/docker.service");
	assert_int_equal(num(x, "files.tlscacert.mode"), 0444);
	assert_null(ha_facts_get(x, "files.tlskey"));
	assert_int_equal(f->warnings, 0);
}

static void
test_sockets(void **state)
{
	struct fake *f = *state;
	const json_t *x = collect(f, tcp_facts);

	/* /var/run -> /run is resolved inside the root */
	assert_string_equal(ha_facts_str(x, "files.docker_sock.path"),
	    "/var/run/docker.sock");
	assert_string_equal(ha_facts_str(x, "files.docker_sock.type"),
	    "socket");
	assert_int_equal(num(x, "files.docker_sock.mode"), 432);
	assert_int_equal(num(x, "files.docker_sock.gid"), 998);
	assert_string_equal(ha_facts_str(x, "files.docker_sock.group"),
	    "docker");
	/* the system containerd runs, so dockerd uses its socket */
	assert_string_equal(ha_facts_str(x, "files.containerd_sock.path"),
	    "/run/containerd/containerd.sock");
	assert_string_equal(ha_facts_str(x, "files.containerd_sock.type"),
	    "socket");
	assert_int_equal(num(x, "files.containerd_sock.mode"), 0600);
}

static void
test_symlink_resolved_in_root(void **state)
{
	struct fake *f = *state;
	const json_t *x = collect(f, tcp_facts);

	assert_string_equal(ha_facts_str(x, "files.docker_socket_unit.path"),
	    "/etc/systemd/system/docker.socket");
	assert_string_equal(ha_facts_str(x, "files.docker_socket_unit.type"),
	    "symlink");
	assert_string_equal(ha_facts_str(x,
	    "files.docker_socket_unit.link_target"),
	    "/lib/systemd/system/docker.socket");
	assert_string_equal(ha_facts_str(x,
	    "files.docker_socket_unit.resolved.path"),
	    "/lib/systemd/system/docker.socket");
	assert_true(is_true(x, "files.docker_socket_unit.resolved.exists"));
	assert_string_equal(ha_facts_str(x,
	    "files.docker_socket_unit.resolved.type"), "file");
	/* 0600 is the fake root's file, not this machine's */
	assert_int_equal(num(x, "files.docker_socket_unit.resolved.mode"),
	    0600);
}

static void
test_missing_and_errors(void **state)
{
	struct fake *f = *state;
	const json_t *x = collect(f, tcp_facts), *e;
	size_t i;
	int found = 0;

	assert_string_equal(ha_facts_str(x, "files.etc_sysconfig_docker.path"),
	    "/etc/sysconfig/docker");
	assert_false(is_true(x, "files.etc_sysconfig_docker.exists"));
	assert_null(ha_facts_get(x, "files.etc_sysconfig_docker.error"));
	assert_null(ha_facts_get(x, "files.etc_sysconfig_docker.mode"));
	/* a symlink loop is an error, not a missing file */
	assert_false(is_true(x, "files.tlscert.exists"));
	assert_non_null(strstr(ha_facts_str(x, "files.tlscert.error"),
	    "symbolic links"));
	json_array_foreach(json_object_get(x, "errors"), i, e)
		if (strcmp(json_string_value(json_object_get(e, "source")),
		    "files.tlscert") == 0)
			found++;
	assert_int_equal(found, 1);
	assert_int_equal(json_array_size(json_object_get(x, "errors")), 1);
}

static void
test_registry_certs(void **state)
{
	struct fake *f = *state;
	const json_t *x = collect(f, tcp_facts);
	const json_t *certs = json_object_get(x, "registry_certs"), *c;

	assert_int_equal(json_array_size(certs), 3);
	c = json_array_get(certs, 0);
	assert_string_equal(ha_facts_str(c, "path"),
	    "/etc/docker/certs.d/a.example/ca.crt");
	assert_int_equal(num(c, "mode"), 0600);
	assert_int_equal(num(c, "uid"), 4242);
	assert_true(json_is_null(json_object_get(c, "user")));
	assert_true(json_is_null(json_object_get(c, "group")));
	c = json_array_get(certs, 1);
	assert_string_equal(ha_facts_str(c, "path"),
	    "/etc/docker/certs.d/reg:5000/ca.crt");
	assert_int_equal(num(c, "mode"), 0444);
	c = json_array_get(certs, 2);
	assert_string_equal(ha_facts_str(c, "path"),
	    "/etc/docker/certs.d/reg:5000/client.cert");
	assert_string_equal(ha_facts_str(c, "type"), "symlink");
	assert_string_equal(ha_facts_str(c, "link_target"),
	    "../../tls/cert.pem");
	assert_string_equal(ha_facts_str(c, "resolved.path"),
	    "/etc/docker/tls/cert.pem");
	assert_int_equal(num(c, "resolved.mode"), 0440);
	assert_string_equal(ha_facts_str(c, "resolved.group"), "docker");
}

static const char tls_defaults[] = "{\"daemon\": {\"settings\": {"
    " \"tlscacert\": {\"value\": \"/etc/docker/tls/ca.pem\","
    "  \"source\": \"default\"},"
    " \"tlskey\": {\"value\": \"/etc/docker/tls/key.pem\","
    "  \"source\": \"env\"},"
    " \"tlsverify\": {\"value\": %s, \"source\": \"flag\"}}}}";

static void
test_registry_certs_absent_or_unreadable(void **state)
{
	struct fake *f = *state;
	char *d = at(f->root, "etc/docker/certs.d"), *moved;
	const json_t *x;

	moved = ha_xasprintf("%s.old", d);
	assert_int_equal(rename(d, moved), 0);
	x = collect(f, "{}");
	assert_true(json_is_array(json_object_get(x, "registry_certs")));
	assert_int_equal(json_array_size(json_object_get(x,
	    "registry_certs")), 0);
	assert_null(json_object_get(x, "errors"));
	/* a loop cannot be listed: an error, not an empty list */
	assert_int_equal(symlink("certs.d", d), 0);
	x = collect(f, "{}");
	assert_non_null(strstr(ha_facts_str(x, "registry_certs.error"),
	    "cannot read '/etc/docker/certs.d'"));
	assert_string_equal(ha_facts_str(json_array_get(json_object_get(x,
	    "errors"), 0), "source"), "files.registry_certs");
	free(moved);
	free(d);
}

/* Default TLS paths count only when the daemon serves TLS. */
static void
test_tls_roles(void **state)
{
	struct fake *f = *state;
	const json_t *x;
	char *json;

	json = ha_xasprintf(tls_defaults, "false");
	x = collect(f, json);
	free(json);
	assert_null(ha_facts_get(x, "files.tlscacert"));
	assert_null(ha_facts_get(x, "files.tlscert"));
	assert_string_equal(ha_facts_str(x, "files.tlskey.path"),
	    "/etc/docker/tls/key.pem");
	assert_false(is_true(x, "files.tlskey.exists"));
	json = ha_xasprintf(tls_defaults, "true");
	x = collect(f, json);
	free(json);
	assert_string_equal(ha_facts_str(x, "files.tlscacert.path"),
	    "/etc/docker/tls/ca.pem");
	assert_true(is_true(x, "files.tlscacert.exists"));
}

/* The engine's own socket is live: looked up as is, not under the root. */
static void
test_live_socket_and_defaults(void **state)
{
	struct fake *f = *state;
	char *json, *path;
	const json_t *x;

	sock(f->live, "engine.sock", 0600, 0, 998);
	path = at(f->live, "engine.sock");
	json = ha_xasprintf("{\"engine\": {\"socket\": \"%s\"}}", path);
	x = collect(f, json);
	assert_string_equal(ha_facts_str(x, "files.docker_sock.path"), path);
	assert_true(is_true(x, "files.docker_sock.exists"));
	assert_int_equal(num(x, "files.docker_sock.mode"), 0600);
	assert_string_equal(ha_facts_str(x, "files.docker_sock.group"),
	    "docker");
	/* no daemon facts: the default daemon.json, no TLS roles */
	assert_string_equal(ha_facts_str(x, "files.daemon_json.path"),
	    "/etc/docker/daemon.json");
	assert_null(ha_facts_get(x, "files.tlscacert"));
	free(json);
	free(path);
}

static void
test_containerd_sock_choice(void **state)
{
	struct fake *f = *state;
	const json_t *x;
	char *p = at(f->root, "run/containerd/containerd.sock");

	/* no system containerd: the one dockerd starts under its exec root */
	assert_int_equal(unlink(p), 0);
	x = collect(f, "{\"daemon\": {\"settings\": {\"exec-root\":"
	    " {\"value\": \"/srv/exec\", \"source\": \"flag\"}}}}");
	assert_string_equal(ha_facts_str(x, "files.containerd_sock.path"),
	    "/srv/exec/containerd/containerd.sock");
	assert_false(is_true(x, "files.containerd_sock.exists"));
	x = collect(f, "{}");
	assert_string_equal(ha_facts_str(x, "files.containerd_sock.path"),
	    "/var/run/docker/containerd/containerd.sock");
	/* --containerd wins */
	x = collect(f, "{\"daemon\": {\"settings\": {\"containerd\":"
	    " {\"value\": \"/run/docker.sock\", \"source\": \"flag\"}}}}");
	assert_string_equal(ha_facts_str(x, "files.containerd_sock.path"),
	    "/run/docker.sock");
	assert_string_equal(ha_facts_str(x, "files.containerd_sock.type"),
	    "socket");
	/* a unit in no directory: the first candidate, missing */
	free(p);
	p = at(f->root, "lib/systemd/system/docker.service");
	assert_int_equal(unlink(p), 0);
	x = collect(f, "{}");
	assert_string_equal(ha_facts_str(x, "files.docker_service.path"),
	    "/etc/systemd/system/docker.service");
	assert_false(is_true(x, "files.docker_service.exists"));
	free(p);
}

/*
 * A rootless daemon's files are its user's: its config directory (with
 * certs.d) for /etc/docker, its user unit, the containerd under its
 * runtime directory; never the system's.
 */
static const char rootless_facts[] = "{\"errors\": [],"
    " \"daemon\": {\"config_file\": {\"path\":"
    "  \"/home/bob/.config/docker/daemon.json\"},"
    "  \"rootless\": {\"uid\": 1001, \"config_home\": \"/home/bob/.config\","
    "   \"config_dir\": \"/home/bob/.config/docker\","
    "   \"data_home\": \"/home/bob/.local/share\","
    "   \"runtime_dir\": \"/run/user/1001\", \"unit\": %s%s},"
    "  \"settings\": {\"exec-root\": {\"value\": \"/run/user/1001/docker\","
    "   \"source\": \"default\"}}}}";

static void
test_rootless_roles(void **state)
{
	struct fake *f = *state;
	const json_t *x;
	char *json;

	mkdirs(f->root, "home/bob/.config/docker/certs.d/r.example");
	mkdirs(f->root, "home/bob/.config/systemd/user");
	mkdirs(f->root, "run/user/1001/docker/containerd");
	put(f->root, "home/bob/.config/docker/daemon.json", "{}\n", 0644,
	    1001, 998);
	put(f->root, "home/bob/.config/docker/certs.d/r.example/ca.crt",
	    "ca\n", 0444, 1001, 998);
	put(f->root, "home/bob/.config/systemd/user/docker.service",
	    "[Unit]\n", 0644, 1001, 998);
	sock(f->root, "run/user/1001/docker/containerd/containerd.sock", 0660,
	    1001, 998);
	json = ha_xasprintf(rootless_facts, "\"docker.service\"",
	    ", \"unit_scope\": \"user\"");
	x = collect(f, json);
	free(json);
	assert_string_equal(ha_facts_str(x, "files.etc_docker.path"),
	    "/home/bob/.config/docker");
	assert_int_equal(num(x, "files.etc_docker.uid"), 0);	/* mkdirs */
	assert_string_equal(ha_facts_str(x, "files.daemon_json.path"),
	    "/home/bob/.config/docker/daemon.json");
	assert_string_equal(ha_facts_str(x, "files.daemon_json.user"), "bob");
	assert_string_equal(ha_facts_str(json_array_get(ha_facts_get(x,
	    "registry_certs"), 0), "path"),
	    "/home/bob/.config/docker/certs.d/r.example/ca.crt");
	assert_int_equal(json_array_size(ha_facts_get(x, "registry_certs")),
	    1);
	assert_string_equal(ha_facts_str(x, "files.docker_service.path"),
	    "/home/bob/.config/systemd/user/docker.service");
	assert_string_equal(ha_facts_str(x, "files.docker_service.unit_scope"),
	    "user");
	assert_int_equal(num(x, "files.docker_service.uid"), 1001);
	/* the .socket twin, looked for in the same directories */
	assert_string_equal(ha_facts_str(x, "files.docker_socket_unit.path"),
	    "/home/bob/.config/systemd/user/docker.socket");
	assert_false(is_true(x, "files.docker_socket_unit.exists"));
	/* not the system containerd at /run/containerd: its own */
	assert_string_equal(ha_facts_str(x, "files.containerd_sock.path"),
	    "/run/user/1001/docker/containerd/containerd.sock");
	assert_int_equal(num(x, "files.containerd_sock.uid"), 1001);

	/* a rootless containerd of the user's own is the one it uses */
	mkdirs(f->root, "run/user/1001/containerd");
	sock(f->root, "run/user/1001/containerd/containerd.sock", 0660, 1001,
	    998);
	/* no unit runs it: the system's units are recorded as they are */
	json = ha_xasprintf(rootless_facts, "null", "");
	x = collect(f, json);
	free(json);
	assert_string_equal(ha_facts_str(x, "files.containerd_sock.path"),
	    "/run/user/1001/containerd/containerd.sock");
	assert_string_equal(ha_facts_str(x, "files.docker_service.path"),
	    "/lib/systemd/system/docker.service");
	assert_null(ha_facts_get(x, "files.docker_service.unit_scope"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_regular_files, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_sockets, setup, teardown),
		cmocka_unit_test_setup_teardown(test_symlink_resolved_in_root,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_missing_and_errors, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_registry_certs, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(
		    test_registry_certs_absent_or_unreadable, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tls_roles, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_live_socket_and_defaults,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_rootless_roles, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_containerd_sock_choice,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

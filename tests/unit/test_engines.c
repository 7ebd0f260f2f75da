/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_engines.c - finding every engine socket of a host under a root
 * laid out in a temp dir: rootful and rootless dockerd and Podman, a
 * socket reached by two paths, a file that is not a socket, and the
 * current endpoint.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ha_endpoint.h"
#include "ha_engines.h"
#include "ha_util.h"

static char root[] = "/tmp/ha-test-eng-XXXXXX";

static char *
path_of(const char *rel)
{
	return ha_xasprintf("%s%s", root, rel);
}

static void
mkdirs(const char *rel)
{
	char *cmd = ha_xasprintf("mkdir -p '%s%s'", root, rel);

	assert_int_equal(system(cmd), 0);
	free(cmd);
}

/* A bound Unix socket at root + rel (the file stays after close). */
static void
sock_at(const char *rel)
{
	struct sockaddr_un sun;
	char *p = path_of(rel);
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	assert_true(fd >= 0);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	assert_true(strlen(p) < sizeof(sun.sun_path));
	memcpy(sun.sun_path, p, strlen(p) + 1);
	assert_int_equal(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	close(fd);
	free(p);
}

static int
setup(void **state)
{
	char *p;

	(void)state;
	if (mkdtemp(root) == NULL)
		return -1;
	mkdirs("/var/run");
	mkdirs("/run/podman");
	mkdirs("/run/user/1000/podman");
	mkdirs("/run/user/1001");
	sock_at("/var/run/docker.sock");
	sock_at("/run/podman/podman.sock");
	sock_at("/run/user/1000/docker.sock");
	sock_at("/run/user/1000/podman/podman.sock");
	/* /run/docker.sock: the same socket by another path (the host's) */
	p = path_of("/run/docker.sock");
	assert_int_equal(symlink("/var/run/docker.sock", p), 0);
	free(p);
	/* not a socket: not an engine */
	p = path_of("/run/user/1001/docker.sock");
	fclose(fopen(p, "w"));
	free(p);
	return 0;
}

static int
teardown(void **state)
{
	char *cmd = ha_xasprintf("rm -rf '%s'", root);

	(void)state;
	assert_int_equal(system(cmd), 0);
	free(cmd);
	return 0;
}

static const struct ha_engine_ref *
by_name(const struct ha_engine_ref *r, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(r[i].name, name) == 0)
			return &r[i];
	return NULL;
}

static void
test_find(void **state)
{
	struct ha_engine_ref *r;
	const struct ha_engine_ref *e;
	char *want;
	size_t n;

	(void)state;
	r = ha_engines_find(root, NULL, &n);
	assert_int_equal(n, 4);		/* docker once, not twice */
	e = by_name(r, n, "docker");
	assert_non_null(e);
	want = ha_xasprintf("unix://%s/var/run/docker.sock", root);
	assert_string_equal(e->url, want);
	free(want);
	assert_false(e->current);
	assert_non_null(by_name(r, n, "podman"));
	e = by_name(r, n, "docker-rootless-1000");
	assert_non_null(e);
	assert_string_equal(e->why, "rootless dockerd of user 1000");
	assert_non_null(by_name(r, n, "podman-rootless-1000"));
	assert_null(by_name(r, n, "docker-rootless-1001"));
	ha_engines_free(r, n);
}

/* The current endpoint: marked when found already, else added. */
static void
test_current(void **state)
{
	struct ha_endpoint ep;
	struct ha_engine_ref *r;
	const struct ha_engine_ref *e;
	char *err = NULL;
	size_t n;

	(void)state;
	memset(&ep, 0, sizeof(ep));
	ep.url = ha_xasprintf("unix://%s/run/user/1000/docker.sock", root);
	assert_int_equal(ha_endpoint_parse_url(ep.url, &ep, &err), 0);
	ep.why = ha_xstrdup("-H");
	r = ha_engines_find(root, &ep, &n);
	assert_int_equal(n, 4);
	e = by_name(r, n, "docker-rootless-1000");
	assert_true(e->current);
	ha_engines_free(r, n);
	ha_endpoint_release(&ep);

	memset(&ep, 0, sizeof(ep));
	ep.url = ha_xstrdup("tcp://10.0.0.9:2376");
	assert_int_equal(ha_endpoint_parse_url(ep.url, &ep, &err), 0);
	ep.context = ha_xstrdup("prod");
	ep.why = ha_xstrdup("docker context 'prod'");
	r = ha_engines_find(root, &ep, &n);
	assert_int_equal(n, 5);
	e = by_name(r, n, "context-prod");
	assert_non_null(e);
	assert_string_equal(e->url, "tcp://10.0.0.9:2376");
	assert_true(e->current);
	ha_engines_free(r, n);
	ha_endpoint_release(&ep);

	/* nothing there at all */
	r = ha_engines_find("/nonexistent", NULL, &n);
	assert_int_equal(n, 0);
	ha_engines_free(r, n);
}

/* A bound Unix socket at dir + rel, making the directories on the way. */
static void
sock_in(const char *dir, const char *rel)
{
	struct sockaddr_un sun;
	char *cmd = ha_xasprintf("mkdir -p \"$(dirname '%s%s')\"", dir, rel);
	char *p = ha_xasprintf("%s%s", dir, rel);
	int fd;

	assert_int_equal(system(cmd), 0);
	free(cmd);
	assert_true((fd = socket(AF_UNIX, SOCK_STREAM, 0)) >= 0);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	assert_true(strlen(p) < sizeof(sun.sun_path));
	memcpy(sun.sun_path, p, strlen(p) + 1);
	assert_int_equal(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	close(fd);
	free(p);
}

/* A symlink at dir + rel to target, making the directories on the way. */
static void
link_in(const char *dir, const char *rel, const char *target)
{
	char *cmd = ha_xasprintf("mkdir -p \"$(dirname '%s%s')\"", dir, rel);
	char *p = ha_xasprintf("%s%s", dir, rel);

	assert_int_equal(system(cmd), 0);
	free(cmd);
	assert_int_equal(symlink(target, p), 0);
	free(p);
}

/*
 * Sockets under a root that are absolute symlinks (or under one) to
 * paths outside it (out) are found where the host finds them: at root +
 * out, never at out itself.  The engine's URL names the socket inside the
 * root, so connecting to it does not follow the link out either.  With
 * openat2 and with the walk in user space forced.
 */
static void
test_symlink_escape(void **state)
{
	char r[] = "/tmp/ha-eng-root-XXXXXX", out[] = "/tmp/ha-eng-out-XXXXXX";
	char *t, *want, *cmd;
	struct ha_engine_ref *refs;
	const struct ha_engine_ref *e;
	size_t n;
	int walk;

	(void)state;
	assert_non_null(mkdtemp(r));
	assert_non_null(mkdtemp(out));
	/* outside: what an escape would find */
	sock_in(out, "/podman.sock");
	sock_in(out, "/user/1000/docker.sock");
	/* inside, at the host paths the links name */
	t = ha_xasprintf("%s/docker.sock", out);
	sock_in(r, t);
	link_in(r, "/var/run/docker.sock", t);
	free(t);
	t = ha_xasprintf("%s/user/1002/docker.sock", out);
	sock_in(r, t);
	free(t);
	t = ha_xasprintf("%s/podman.sock", out);
	link_in(r, "/run/podman/podman.sock", t);
	free(t);
	t = ha_xasprintf("%s/user", out);
	link_in(r, "/run/user", t);
	free(t);

	for (walk = 0; walk <= 1; walk++) {
		if (walk)
			assert_int_equal(setenv("HA_HOSTFS_WALK", "1", 1), 0);
		refs = ha_engines_find(r, NULL, &n);
		assert_int_equal(n, 2);
		e = by_name(refs, n, "docker");
		assert_non_null(e);
		want = ha_xasprintf("unix://%s%s/docker.sock", r, out);
		assert_string_equal(e->url, want);
		free(want);
		e = by_name(refs, n, "docker-rootless-1002");
		assert_non_null(e);
		want = ha_xasprintf("unix://%s%s/user/1002/docker.sock", r,
		    out);
		assert_string_equal(e->url, want);
		free(want);
		assert_null(by_name(refs, n, "podman"));
		assert_null(by_name(refs, n, "docker-rootless-1000"));
		ha_engines_free(refs, n);
		unsetenv("HA_HOSTFS_WALK");
	}
	cmd = ha_xasprintf("rm -rf '%s' '%s'", r, out);
	assert_int_equal(system(cmd), 0);
	free(cmd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_current),
		cmocka_unit_test(test_symlink_escape),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

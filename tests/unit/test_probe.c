/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_probe.c - the exposed-API probe (src/probe.c): listener addresses,
 * the socket unit's ListenStream=, and the probe itself against a tiny
 * HTTP server on 127.0.0.1 that a thread of the test runs.
 *
 * The server accepts up to MAX_ANSWERS connections, reads each request
 * up to its blank line and sends the next canned answer (NULL: close
 * without a word), then stops.
 */
#include <errno.h>
#include <ftw.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <curl/curl.h>
#include <jansson.h>

#include "ha_collect_opts.h"
#include "ha_facts.h"
#include "ha_probe.h"
#include "ha_util.h"
#include "banned.h"

#define MAX_ANSWERS	4

#define VERSION_OK "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" \
	"Content-Length: 38\r\nConnection: close\r\n\r\n" \
	"{\"ApiVersion\":\"1.41\",\"Version\":\"20\"}\n\n"
#define NOT_FOUND "HTTP/1.1 404 Not Found\r\nContent-Length: 10\r\n" \
	"Connection: close\r\n\r\nnot found\n"
/* What a Go TLS server answers a plain HTTP request. */
#define GO_TLS_400 "HTTP/1.0 400 Bad Request\r\n\r\nClient sent an HTTP " \
	"request to an HTTPS server.\n"

struct server {
	int		 lfd;
	int		 port;
	const char	*answers[MAX_ANSWERS];
	size_t		 nanswers;
	size_t		 served;	/* connections accepted */
	pthread_t	 th;
};

/* Read a request up to its blank line (or EOF, or 2 s of silence). */
static void
read_request(int fd)
{
	char buf[2048];
	size_t len = 0;
	ssize_t n;
	struct pollfd p = { fd, POLLIN, 0 };

	while (len < sizeof(buf) - 1 && poll(&p, 1, 2000) > 0) {
		if ((n = read(fd, buf + len, sizeof(buf) - 1 - len)) <= 0)
			return;
		len += (size_t)n;
		buf[len] = '\0';
		if (strstr(buf, "\r\n\r\n") != NULL)
			return;
	}
}

static void *
serve(void *arg)
{
	struct server *s = arg;
	struct pollfd p = { s->lfd, POLLIN, 0 };
	const char *a;
	int fd;

	while (s->served < s->nanswers && poll(&p, 1, 5000) > 0) {
		if ((fd = accept(s->lfd, NULL, NULL)) < 0)
			break;
		a = s->answers[s->served++];
		if (a != NULL) {
			read_request(fd);
			if (write(fd, a, strlen(a)) < 0)
				break;
		}
		shutdown(fd, SHUT_RDWR);
		close(fd);
	}
	return NULL;
}

/* A socket bound to 127.0.0.1 on a free port, listening or not. */
static int
bind_loopback(int *port, int listening)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	assert_true(fd >= 0);
	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	*port = ntohs(sin.sin_port);
	if (listening)
		assert_int_equal(listen(fd, 8), 0);
	return fd;
}

static void
server_start(struct server *s, const char *a0, const char *a1)
{
	memset(s, 0, sizeof(*s));
	s->lfd = bind_loopback(&s->port, 1);
	s->answers[s->nanswers++] = a0;
	if (a1 != NULL)
		s->answers[s->nanswers++] = a1;
	assert_int_equal(pthread_create(&s->th, NULL, serve, s), 0);
}

static void
server_stop(struct server *s)
{
	pthread_join(s->th, NULL);
	close(s->lfd);
}

static char *
addr_of(int port)
{
	return ha_xasprintf("127.0.0.1:%d", port);
}

static int
setup(void **state)
{
	(void)state;
	return curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK ? 0 : -1;
}

static int
teardown(void **state)
{
	(void)state;
	curl_global_cleanup();
	return 0;
}

/* ------------------------------------------------------------ addresses */

static void
expect_address(const char *listener, const char *want)
{
	char *err = NULL, *got = ha_probe_address(listener, &err);

	if (want == NULL) {
		if (got != NULL)
			fail_msg("'%s': got '%s', want an error", listener,
			    got);
		assert_non_null(err);
		assert_non_null(strstr(err, "not a tcp address"));
		free(err);
		return;
	}
	if (got == NULL)
		fail_msg("'%s': %s", listener, err);
	assert_string_equal(got, want);
	assert_null(err);
	free(got);
}

/* Wildcards are probed on loopback; nothing else is changed. */
static void
test_address(void **state)
{
	(void)state;
	expect_address("tcp://0.0.0.0:2375", "127.0.0.1:2375");
	expect_address("tcp://:2376", "127.0.0.1:2376");
	expect_address("tcp://127.0.0.1:2376", "127.0.0.1:2376");
	expect_address("tcp://[::]:2375", "[::1]:2375");
	expect_address("tcp://[::1]:4243", "[::1]:4243");
	expect_address("tcp://[fe80::1%eth0]:2375", "[fe80::1%eth0]:2375");
	expect_address("tcp://192.0.2.7:2375", "192.0.2.7:2375");
	expect_address("tcp://localhost:2375", "localhost:2375");
	expect_address("tcp://0.0.0.0", "127.0.0.1:2375");	/* dockerd's */
	expect_address("tcp://[::]", "[::1]:2375");
	expect_address(":2375", "127.0.0.1:2375");		/* bare */
	expect_address("10.1.2.3:2375", "10.1.2.3:2375");
	expect_address("tcp://0.0.0.0:2375/", "127.0.0.1:2375");
	expect_address("unix:///run/docker.sock", NULL);
	expect_address("fd://", NULL);
	expect_address("/run/docker.sock", NULL);
	expect_address("", NULL);
	expect_address("tcp://0.0.0.0:99999", NULL);
	expect_address("tcp://0.0.0.0:23x", NULL);
	expect_address("tcp://[::1", NULL);
	expect_address("tcp://[::1]x", NULL);
	expect_address("tcp://user@host:2375", NULL);
}

static void
expect_unit(const char *value, const char *want)
{
	char *got = ha_probe_unit_listener(value);

	if (want == NULL) {
		if (got != NULL)
			fail_msg("'%s': got '%s', want none", value, got);
		return;
	}
	assert_non_null(got);
	assert_string_equal(got, want);
	free(got);
}

static void
test_unit_listener(void **state)
{
	(void)state;
	expect_unit("2375", "tcp://:2375");
	expect_unit("0.0.0.0:2375", "tcp://0.0.0.0:2375");
	expect_unit("[::]:2376", "tcp://[::]:2376");
	expect_unit("/run/docker.sock", NULL);
	expect_unit("@docker", NULL);
	expect_unit("vsock:2:2375", NULL);
	expect_unit("docker", NULL);
	expect_unit("", NULL);
}

/* ListenStream= of [Socket] only; an empty one resets, as in systemd. */
static void
test_listen_streams(void **state)
{
	json_t *out = json_array();
	char *dump;

	(void)state;
	ha_probe_listen_streams("[Unit]\nListenStream=1111\n"
	    "[Socket]\n"
	    "ListenStream=/run/docker.sock\n"
	    "# ListenStream=2222\n"
	    "; ListenStream=3333\n"
	    "  ListenStream = 0.0.0.0:2375  \r\n"
	    "SocketMode=0660\n"
	    "[Install]\nListenStream=4444\n", out);
	dump = json_dumps(out, JSON_COMPACT);
	assert_string_equal(dump, "[\"0.0.0.0:2375\"]");
	free(dump);
	/* a drop-in: reset, then a new one */
	ha_probe_listen_streams("[Socket]\nListenStream=\n"
	    "ListenStream=127.0.0.1:2376\nListenStream=[::]:2377", out);
	dump = json_dumps(out, JSON_COMPACT);
	assert_string_equal(dump, "[\"127.0.0.1:2376\",\"[::]:2377\"]");
	free(dump);
	json_decref(out);
}

/* ------------------------------------------------------------ the probe */

static int
is_true(const json_t *e, const char *key)
{
	return json_is_true(json_object_get(e, key));
}

static const char *
str(const json_t *e, const char *key)
{
	return json_string_value(json_object_get(e, key));
}

/* A listener that answers plain HTTP: answered, no TLS. */
static void
test_probe_plain_answer(void **state)
{
	struct server s;
	char *addr;
	json_t *e;

	(void)state;
	server_start(&s, VERSION_OK, NULL);
	addr = addr_of(s.port);
	e = ha_probe_one("tcp://0.0.0.0:1", addr, 2000);
	server_stop(&s);
	assert_string_equal(str(e, "listener"), "tcp://0.0.0.0:1");
	assert_string_equal(str(e, "address"), addr);
	assert_true(is_true(e, "probed"));
	assert_true(is_true(e, "answered"));
	assert_true(json_is_false(json_object_get(e, "tls")));
	assert_true(json_is_false(json_object_get(e, "client_cert_required")));
	assert_string_equal(str(e, "api_version"), "1.41");
	assert_true(json_is_null(json_object_get(e, "error")));
	assert_int_equal(s.served, 1);	/* no TLS attempt after an answer */
	json_decref(e);
	free(addr);
}

/* An HTTP answer that is not 2xx: probed, not answered, an error. */
static void
test_probe_plain_refusal(void **state)
{
	struct server s;
	char *addr;
	json_t *e;

	(void)state;
	server_start(&s, NOT_FOUND, NULL);
	addr = addr_of(s.port);
	e = ha_probe_one("tcp://127.0.0.1:1", addr, 2000);
	server_stop(&s);
	assert_true(is_true(e, "probed"));
	assert_false(is_true(e, "answered"));
	assert_true(json_is_false(json_object_get(e, "tls")));
	assert_int_equal(json_integer_value(json_object_get(e, "http_status")),
	    404);
	assert_non_null(strstr(str(e, "error"), "HTTP status 404"));
	json_decref(e);
	free(addr);
}

/*
 * A Go TLS server's 400 to plain HTTP makes the probe try TLS; a peer
 * that then hangs up without a handshake leaves both reasons.
 */
static void
test_probe_tls_attempt(void **state)
{
	struct server s;
	char *addr;
	json_t *e;

	(void)state;
	server_start(&s, GO_TLS_400, NULL);
	s.answers[s.nanswers++] = NULL;	/* the TLS attempt: hang up */
	addr = addr_of(s.port);
	e = ha_probe_one("tcp://127.0.0.1:1", addr, 2000);
	server_stop(&s);
	assert_int_equal(s.served, 2);
	assert_true(is_true(e, "probed"));
	assert_false(is_true(e, "answered"));
	assert_true(json_is_null(json_object_get(e, "client_cert_required")));
	assert_non_null(strstr(str(e, "error"), "over plain HTTP: HTTP status "
	    "400 (Client sent an HTTP request to an HTTPS server.)"));
	assert_non_null(strstr(str(e, "error"), "over TLS without a client "
	    "certificate: "));
	json_decref(e);
	free(addr);
}

/* Nothing listens: probed, refused, and no TLS attempt. */
static void
test_probe_refused(void **state)
{
	char *addr;
	json_t *e;
	int port, fd;

	(void)state;
	fd = bind_loopback(&port, 0);	/* bound, not listening: refused */
	addr = addr_of(port);
	e = ha_probe_one("tcp://127.0.0.1:1", addr, 2000);
	close(fd);
	assert_true(is_true(e, "probed"));
	assert_false(is_true(e, "answered"));
	assert_true(json_is_null(json_object_get(e, "tls")));
	assert_non_null(strstr(str(e, "error"), "GET /version: "));
	assert_null(strstr(str(e, "error"), "TLS"));
	json_decref(e);
	free(addr);
}

/* A listener that accepts and never answers: bounded by the timeout. */
static void
test_probe_timeout(void **state)
{
	char *addr;
	json_t *e;
	int64_t t0;
	int port, fd;

	(void)state;
	fd = bind_loopback(&port, 1);	/* the kernel accepts; nobody reads */
	addr = addr_of(port);
	t0 = ha_now_ms();
	e = ha_probe_one("tcp://127.0.0.1:1", addr, 300);
	close(fd);
	assert_true(ha_now_ms() - t0 < 2000);	/* two requests, 300 ms each */
	assert_true(is_true(e, "probed"));
	assert_false(is_true(e, "answered"));
	assert_non_null(str(e, "error"));
	json_decref(e);
	free(addr);
}

/* ------------------------------------------------------------ collect */

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/* An entry of facts.exposure by listener. */
static const json_t *
entry(const json_t *facts, const char *listener)
{
	const json_t *e;
	size_t i;

	json_array_foreach(json_object_get(facts, "exposure"), i, e)
		if (strcmp(str(e, "listener"), listener) == 0)
			return e;
	fail_msg("no exposure entry for '%s'", listener);
	return NULL;
}

/*
 * The daemon's tcp hosts and the socket unit's ListenStream= (a drop-in
 * resetting and replacing them) are each probed; unix and fd hosts are
 * not listeners.
 */
static void
test_collect_exposure(void **state)
{
	char root[] = "/tmp/ha-test-probe-XXXXXX", *p, *listener, *unit;
	struct ha_collect_opts o;
	struct server s;
	json_t *facts;
	const json_t *e;
	int port, fd;

	(void)state;
	assert_non_null(mkdtemp(root));
	server_start(&s, VERSION_OK, NULL);
	fd = bind_loopback(&port, 0);
	listener = ha_xasprintf("tcp://0.0.0.0:%d", s.port);
	facts = json_pack("{s:{s:s, s:{s:{s:[s, s, s], s:s}}}}", "daemon",
	    "status", "not-found", "settings", "hosts", "value",
	    "unix:///run/docker.sock", "fd://", listener, "source", "flag");
	p = ha_xasprintf("%s/etc", root);
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	p = ha_xasprintf("%s/etc/systemd", root);
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	p = ha_xasprintf("%s/etc/systemd/system", root);
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	p = ha_xasprintf("%s/etc/systemd/system/docker.socket.d", root);
	assert_int_equal(mkdir(p, 0755), 0);
	free(p);
	unit = ha_xasprintf("%s/etc/systemd/system/docker.socket", root);
	write_file(unit, "[Socket]\nListenStream=/run/docker.sock\n"
	    "ListenStream=0.0.0.0:9\n");
	p = ha_xasprintf("%s/etc/systemd/system/docker.socket.d/tcp.conf",
	    root);
	{
		char *text = ha_xasprintf("[Socket]\nListenStream=\n"
		    "ListenStream=127.0.0.1:%d\n", port);

		write_file(p, text);
		free(text);
	}
	ha_collect_opts_init(&o);
	o.root = root;
	ha_collect_exposure(&o, facts);
	server_stop(&s);
	close(fd);

	assert_int_equal(json_array_size(json_object_get(facts, "exposure")),
	    2);
	e = entry(facts, listener);
	assert_string_equal(str(e, "source"), "flag");
	assert_true(is_true(e, "answered"));
	assert_true(json_is_false(json_object_get(e, "tls")));
	assert_string_equal(str(e, "netns"), "own");
	{
		char *want = ha_xasprintf("127.0.0.1:%d", s.port);

		assert_string_equal(str(e, "address"), want);
		free(want);
	}
	{
		char *ls = ha_xasprintf("127.0.0.1:%d", port);

		e = entry(facts, ls);
		assert_string_equal(str(e, "source"), "socket-unit");
		assert_string_equal(str(e, "unit"),
		    "/etc/systemd/system/docker.socket");
		assert_string_equal(str(e, "address"), ls);
		assert_false(is_true(e, "answered"));	/* refused */
		assert_non_null(str(e, "error"));
		free(ls);
	}
	assert_int_equal(unlink(p), 0);
	assert_int_equal(unlink(unit), 0);
	free(p);
	free(unit);
	p = ha_xasprintf("%s/etc/systemd/system/docker.socket.d", root);
	rmdir(p);
	free(p);
	p = ha_xasprintf("%s/etc/systemd/system", root);
	rmdir(p);
	free(p);
	p = ha_xasprintf("%s/etc/systemd", root);
	rmdir(p);
	free(p);
	p = ha_xasprintf("%s/etc", root);
	rmdir(p);
	free(p);
	rmdir(root);
	free(listener);
	json_decref(facts);
}

/* 1 when facts.exposure has an entry for listener. */
static int
has_entry(const json_t *facts, const char *listener)
{
	const json_t *e;
	size_t i;

	json_array_foreach(json_object_get(facts, "exposure"), i, e)
		if (strcmp(str(e, "listener"), listener) == 0)
			return 1;
	return 0;
}

/* Write text at dir + "/" + rel, making the directories on the way. */
static void
tree_file(const char *dir, const char *rel, const char *text)
{
	char *p = ha_xasprintf("%s/%s", dir, rel), *s;

	for (s = p + strlen(dir) + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		assert_true(mkdir(p, 0755) == 0 || errno == EEXIST);
		*s = '/';
	}
	write_file(p, text);
	free(p);
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/* A [Socket] section listening on 127.0.0.1:port. */
static char *
unit_text(int port)
{
	return ha_xasprintf("[Socket]\nListenStream=127.0.0.1:%d\n", port);
}

/*
 * --root: docker.socket and its drop-in directory are absolute symlinks
 * to files outside the tree (out).  The host resolves them inside the
 * root, at root + out; what lies at out itself is never read.  Run with
 * openat2 and with the walk in user space forced.
 */
static void
test_collect_unit_symlink(void **state)
{
	char top[] = "/tmp/ha-test-probe-esc-XXXXXX", *root, *out, *p, *t;
	char *in_unit, *in_drop, *out_unit, *out_drop;
	struct ha_collect_opts o;
	json_t *facts;
	const json_t *e;
	int fds[4], ports[4], walk;
	size_t i;

	(void)state;
	assert_non_null(mkdtemp(top));
	root = ha_xasprintf("%s/root", top);
	out = ha_xasprintf("%s/out", top);
	assert_int_equal(mkdir(root, 0755), 0);
	assert_int_equal(mkdir(out, 0755), 0);
	for (i = 0; i < 4; i++)
		fds[i] = bind_loopback(&ports[i], 0);	/* refused: quick */
	in_unit = addr_of(ports[0]);
	in_drop = addr_of(ports[1]);
	out_unit = addr_of(ports[2]);
	out_drop = addr_of(ports[3]);

	/* outside the tree: what an escape would read */
	t = unit_text(ports[2]);
	tree_file(out, "docker.socket", t);
	free(t);
	t = unit_text(ports[3]);
	tree_file(out, "dropins/out.conf", t);
	free(t);
	/* inside the tree, at the same host paths */
	t = unit_text(ports[0]);
	p = ha_xasprintf("%s/docker.socket", out + 1);
	tree_file(root, p, t);
	free(p);
	free(t);
	t = unit_text(ports[1]);
	p = ha_xasprintf("%s/dropins/in.conf", out + 1);
	tree_file(root, p, t);
	free(p);
	free(t);
	/* the absolute symlinks */
	tree_file(root, "etc/systemd/system/README", "");
	p = ha_xasprintf("%s/etc/systemd/system/docker.socket", root);
	t = ha_xasprintf("%s/docker.socket", out);
	assert_int_equal(symlink(t, p), 0);
	free(p);
	free(t);
	p = ha_xasprintf("%s/etc/systemd/system/docker.socket.d", root);
	t = ha_xasprintf("%s/dropins", out);
	assert_int_equal(symlink(t, p), 0);
	free(p);
	free(t);

	for (walk = 0; walk <= 1; walk++) {
		if (walk)
			assert_int_equal(setenv("HA_HOSTFS_WALK", "1", 1), 0);
		facts = json_pack("{s:{s:s}}", "daemon", "status",
		    "not-found");
		ha_collect_opts_init(&o);
		o.root = root;
		ha_collect_exposure(&o, facts);
		assert_int_equal(json_array_size(json_object_get(facts,
		    "exposure")), 2);
		e = entry(facts, in_unit);
		assert_string_equal(str(e, "source"), "socket-unit");
		assert_string_equal(str(e, "unit"),
		    "/etc/systemd/system/docker.socket");
		e = entry(facts, in_drop);
		assert_string_equal(str(e, "source"), "socket-unit");
		assert_false(has_entry(facts, out_unit));
		assert_false(has_entry(facts, out_drop));
		assert_null(json_object_get(facts, "errors"));
		json_decref(facts);
		unsetenv("HA_HOSTFS_WALK");
	}

	for (i = 0; i < 4; i++)
		close(fds[i]);
	assert_int_equal(nftw(top, rm_one, 16, FTW_DEPTH | FTW_PHYS), 0);
	free(in_unit);
	free(in_drop);
	free(out_unit);
	free(out_drop);
	free(root);
	free(out);
}

/* No tcp listener: an empty list, and nothing is asked. */
static void
test_collect_none(void **state)
{
	struct ha_collect_opts o;
	json_t *facts;

	(void)state;
	facts = json_pack("{s:{s:s, s:{s:{s:[s], s:s}}}}", "daemon",
	    "status", "found", "settings", "hosts", "value",
	    "unix:///run/docker.sock", "source", "flag");
	ha_collect_opts_init(&o);
	o.root = "/nonexistent-root";
	ha_collect_exposure(&o, facts);
	assert_true(json_is_array(json_object_get(facts, "exposure")));
	assert_int_equal(json_array_size(json_object_get(facts, "exposure")),
	    0);
	json_decref(facts);
}

/* More listeners than HA_PROBE_MAX: the rest are listed, not probed. */
static void
test_collect_bounded(void **state)
{
	struct ha_collect_opts o;
	json_t *facts, *hosts = json_array();
	const json_t *e;
	char *h;
	size_t i, nprobed = 0;
	int port, fd;

	(void)state;
	fd = bind_loopback(&port, 0);	/* refused: quick */
	for (i = 0; i < HA_PROBE_MAX + 2; i++) {
		h = ha_xasprintf("tcp://127.0.0.1:%d", port);
		json_array_append_new(hosts, json_string(h));
		free(h);
	}
	facts = json_pack("{s:{s:s, s:{s:{s:o, s:s}}}}", "daemon", "status",
	    "found", "settings", "hosts", "value", hosts, "source", "file");
	ha_collect_opts_init(&o);
	o.root = "/nonexistent-root";
	ha_collect_exposure(&o, facts);
	close(fd);
	json_array_foreach(json_object_get(facts, "exposure"), i, e) {
		if (is_true(e, "probed"))
			nprobed++;
		else
			assert_non_null(strstr(str(e, "error"), "more than"));
	}
	assert_int_equal(nprobed, HA_PROBE_MAX);
	assert_int_equal(json_array_size(json_object_get(facts, "exposure")),
	    HA_PROBE_MAX + 2);
	json_decref(facts);
}

/* hosts from a --daemon-json file are not in force: listed, not asked. */
static void
test_collect_override(void **state)
{
	struct ha_collect_opts o;
	struct server s;
	json_t *facts;
	const json_t *e;
	char *listener;

	(void)state;
	server_start(&s, VERSION_OK, NULL);
	listener = ha_xasprintf("tcp://127.0.0.1:%d", s.port);
	facts = json_pack("{s:{s:s, s:{s:s}, s:{s:{s:[s], s:s}}}}", "daemon",
	    "status", "found", "config_file", "source", "override",
	    "settings", "hosts", "value", listener, "source", "file");
	ha_collect_opts_init(&o);
	o.root = "/nonexistent-root";
	ha_collect_exposure(&o, facts);
	e = entry(facts, listener);
	assert_false(is_true(e, "probed"));
	assert_non_null(strstr(str(e, "error"), "--daemon-json"));
	assert_int_equal(s.served, 0);
	/* the same from the daemon's own file is asked */
	json_object_set_new(json_object_get(json_object_get(facts, "daemon"),
	    "config_file"), "source", json_string("default"));
	ha_collect_exposure(&o, facts);
	server_stop(&s);
	assert_int_equal(s.served, 1);
	assert_true(is_true(entry(facts, listener), "answered"));
	free(listener);
	json_decref(facts);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_address),
		cmocka_unit_test(test_unit_listener),
		cmocka_unit_test(test_listen_streams),
		cmocka_unit_test(test_probe_plain_answer),
		cmocka_unit_test(test_probe_plain_refusal),
		cmocka_unit_test(test_probe_tls_attempt),
		cmocka_unit_test(test_probe_refused),
		cmocka_unit_test(test_probe_timeout),
		cmocka_unit_test(test_collect_exposure),
		cmocka_unit_test(test_collect_unit_symlink),
		cmocka_unit_test(test_collect_none),
		cmocka_unit_test(test_collect_bounded),
		cmocka_unit_test(test_collect_override),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

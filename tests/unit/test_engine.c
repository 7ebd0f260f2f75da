/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_engine.c - the Engine API collector against a fake engine.
 *
 * The fake engine is a thread serving a Unix socket in a mkdtemp()
 * directory.  It answers canned HTTP/1.1 responses by request path, keeps
 * connections alive, serves several connections at once (the inspect
 * phase runs in parallel), and logs "CONN PATH" for every request so the
 * tests can see what was asked, in which order, on which connection.
 */
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "ha_buf.h"
#include "ha_collect.h"
#include "ha_endpoint.h"
#include "ha_facts.h"
#include "ha_ipc.h"
#include "ha_sandbox.h"
#include "ha_slim.h"
#include "ha_util.h"
#include "banned.h"

enum how {
	SEND,		/* status, Content-Length, body */
	HANG,		/* never answer */
	TRUNCATE,	/* Content-Length 100 more than sent, then close */
	NOLENGTH,	/* no Content-Length: body, then close */
	UNLINK		/* SEND, then remove the socket: no new connection */
};

struct route {
	const char	*path;
	int		 status;
	const char	*body;
	enum how	 how;
};

#define MAX_CONNS 16

struct conn {
	int	 fd;
	int	 id;
	int	 hang;
	size_t	 len;
	char	 buf[4096];
};

struct fake {
	char		 dir[64];
	char		 sock[96];
	int		 lfd;
	int		 stop[2];
	pthread_t	 th;
	const struct route *routes;
	size_t		 nroutes;
	struct conn	 conns[MAX_CONNS];
	int		 accepts;
	pthread_mutex_t	 mu;
	struct ha_buf	 log;		/* "CONN PATH\n" per request */
	int		 running;
};

/*
 * The one fake engine (or temp dir) of the running test.  Static, not on
 * a test's stack: a failed assertion leaves the test by longjmp() and the
 * teardown stops the server thread and removes the directory.
 */
static struct fake fk;

static const struct route *
route_find(const struct fake *f, const char *path)
{
	static const struct route notfound = { NULL, 404,
	    "{\"message\":\"page not found\"}", SEND };
	size_t i;

	for (i = 0; i < f->nroutes; i++)
		if (strcmp(f->routes[i].path, path) == 0)
			return &f->routes[i];
	return &notfound;
}

static void
conn_close(struct conn *c)
{
	close(c->fd);
	c->fd = -1;
}

/* Answer one request for path on c. */
static void
answer(struct fake *f, struct conn *c, const char *path)
{
	const struct route *r = route_find(f, path);
	size_t blen = strlen(r->body);
	char head[256];

	pthread_mutex_lock(&f->mu);
	ha_buf_addf(&f->log, "%d %s\n", c->id, path);
	pthread_mutex_unlock(&f->mu);
	switch (r->how) {
	case HANG:
		c->hang = 1;
		return;
	case NOLENGTH:
		snprintf(head, sizeof(head), "HTTP/1.1 %d X\r\n"
		    "Content-Type: application/json\r\n"
		    "Connection: close\r\n\r\n", r->status);
		break;
	default:
		snprintf(head, sizeof(head), "HTTP/1.1 %d X\r\n"
		    "Content-Type: application/json\r\n"
		    "Content-Length: %zu\r\n\r\n", r->status,
		    blen + (r->how == TRUNCATE ? 100 : 0));
		break;
	}
	if (r->how == UNLINK)
		unlink(f->sock);
	if (ha_ipc_write(c->fd, head, strlen(head)) < 0 ||
	    ha_ipc_write(c->fd, r->body, blen) < 0 || (r->how != SEND &&
	    r->how != UNLINK))
		conn_close(c);
}

/* Answer every complete request in c's buffer. */
static void
conn_serve(struct fake *f, struct conn *c)
{
	char path[1024], *end;
	ssize_t n;
	size_t used;

	n = read(c->fd, c->buf + c->len, sizeof(c->buf) - 1 - c->len);
	if (n <= 0) {
		conn_close(c);
		return;
	}
	c->len += (size_t)n;
	c->buf[c->len] = '\0';
	while (c->fd >= 0 && !c->hang &&
	    (end = strstr(c->buf, "\r\n\r\n")) != NULL) {
		if (sscanf(c->buf, "GET %1023s HTTP/1.1", path) != 1) {
			conn_close(c);
			return;
		}
		used = (size_t)(end + 4 - c->buf);
		memmove(c->buf, end + 4, c->len - used + 1);
		c->len -= used;
		answer(f, c, path);
	}
}

static void
accept_one(struct fake *f)
{
	int fd = accept(f->lfd, NULL, NULL);
	size_t i;

	if (fd < 0)
		return;
	for (i = 0; i < MAX_CONNS; i++) {
		if (f->conns[i].fd < 0) {
			memset(&f->conns[i], 0, sizeof(f->conns[i]));
			f->conns[i].fd = fd;
			f->conns[i].id = ++f->accepts;
			return;
		}
	}
	close(fd);
}

static void *
fake_main(void *arg)
{
	struct fake *f = arg;
	struct pollfd pfd[MAX_CONNS + 2];
	size_t i;

	for (;;) {
		pfd[0].fd = f->stop[0];
		pfd[1].fd = f->lfd;
		for (i = 0; i < MAX_CONNS; i++)
			pfd[i + 2].fd = f->conns[i].fd;
		for (i = 0; i < MAX_CONNS + 2; i++) {
			pfd[i].events = POLLIN;
			pfd[i].revents = 0;
		}
		if (poll(pfd, MAX_CONNS + 2, -1) < 0 && errno != EINTR)
			break;
		if (pfd[0].revents != 0)
			break;
		for (i = 0; i < MAX_CONNS; i++)
			if (f->conns[i].fd >= 0 && pfd[i + 2].revents != 0)
				conn_serve(f, &f->conns[i]);
		if (pfd[1].revents != 0)
			accept_one(f);
	}
	for (i = 0; i < MAX_CONNS; i++)
		if (f->conns[i].fd >= 0)
			conn_close(&f->conns[i]);
	return NULL;
}

static void
fake_dir(struct fake *f)
{
	snprintf(f->dir, sizeof(f->dir), "/tmp/ha-engine-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->sock, sizeof(f->sock), "%s/docker.sock", f->dir);
}

static void
fake_start(struct fake *f, const struct route *routes, size_t n)
{
	struct sockaddr_un sun;
	size_t i;

	memset(f, 0, sizeof(*f));
	fake_dir(f);
	f->routes = routes;
	f->nroutes = n;
	for (i = 0; i < MAX_CONNS; i++)
		f->conns[i].fd = -1;
	ha_buf_init(&f->log, HA_BUF_NOCAP);
	pthread_mutex_init(&f->mu, NULL);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", f->sock);
	f->lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	assert_true(f->lfd >= 0);
	assert_int_equal(bind(f->lfd, (struct sockaddr *)&sun, sizeof(sun)),
	    0);
	assert_int_equal(listen(f->lfd, 16), 0);
	assert_int_equal(pipe(f->stop), 0);
	assert_int_equal(pthread_create(&f->th, NULL, fake_main, f), 0);
	f->running = 1;
}

static void
fake_stop(struct fake *f)
{
	if (f->running) {
		assert_int_equal(write(f->stop[1], "x", 1), 1);
		pthread_join(f->th, NULL);
		close(f->stop[0]);
		close(f->stop[1]);
		close(f->lfd);
		pthread_mutex_destroy(&f->mu);
		ha_buf_release(&f->log);
		f->running = 0;
	}
	if (f->dir[0] != '\0') {
		unlink(f->sock);
		rmdir(f->dir);
		f->dir[0] = '\0';
	}
}

static int
teardown(void **state)
{
	(void)state;
	fake_stop(&fk);
	return 0;
}

static void
opts(struct ha_collect_opts *o, const char *host)
{
	ha_collect_opts_init(o);
	o->host = host;
	o->timeout_ms = 10000;	/* for the whole collection, under valgrind */
	o->connect_timeout_ms = 5000;
}

/* Run the collector against host; a new facts document. */
static json_t *
collect(const struct ha_collect_opts *o)
{
	json_t *facts = json_pack("{s:[]}", "errors");

	ha_collect_engine(o, facts);
	return facts;
}

static json_t *
collect_fake(struct fake *f, size_t max_body, long timeout_ms)
{
	struct ha_collect_opts o;
	char *host = ha_xasprintf("unix://%s", f->sock);
	json_t *facts;

	opts(&o, host);
	if (max_body != 0)
		o.max_body = max_body;
	if (timeout_ms != 0)
		o.timeout_ms = timeout_ms;
	facts = collect(&o);
	free(host);
	return facts;
}

static size_t
array_len(const json_t *facts, const char *path)
{
	const json_t *a = ha_facts_get(facts, path);

	assert_true(json_is_array(a));
	return json_array_size(a);
}

static const char *
nth_str(const json_t *facts, const char *path, size_t i, const char *key)
{
	const json_t *a = ha_facts_get(facts, path);

	return json_string_value(json_object_get(json_array_get(a, i), key));
}

/* The requested paths only, one per line, without connection ids. */
static char *
asked(struct fake *f)
{
	struct ha_buf b;
	const char *p = f->log.data, *sp, *nl;

	ha_buf_init(&b, HA_BUF_NOCAP);
	while ((sp = strchr(p, ' ')) != NULL && (nl = strchr(sp, '\n'))) {
		ha_buf_add(&b, sp + 1, (size_t)(nl - sp));
		p = nl + 1;
	}
	return ha_buf_detach(&b, NULL);
}

/* One engine failure: status, error, and the same in facts.errors. */
static void
assert_engine_error(const json_t *facts, const char *msg)
{
	assert_string_equal(ha_facts_str(facts, "engine.status"), "error");
	assert_string_equal(ha_facts_str(facts, "engine.error"), msg);
	assert_int_equal(array_len(facts, "errors"), 1);
	assert_string_equal(nth_str(facts, "errors", 0, "source"), "engine");
	assert_string_equal(nth_str(facts, "errors", 0, "message"), msg);
	assert_int_equal(array_len(facts, "engine.errors"), 0);
	assert_null(ha_facts_get(facts, "engine.ping"));
	assert_null(ha_facts_get(facts, "engine.version"));
	assert_null(ha_facts_get(facts, "engine.containers"));
}

#define CTR(id, name, image, state) \
	"{\"Id\":\"" id "\",\"Name\":\"/" name "\",\"Image\":\"" image \
	"\",\"State\":{\"Status\":\"" state "\"}}"

static const struct route base_routes[] = {
	{ "/_ping", 200, "OK", SEND },
	{ "/version", 200, "{\"Version\":\"20.10.24\",\"ApiVersion\":\"1.41\"}",
	    SEND },
	{ "/info", 200, "{\"ID\":\"ENGINE1\",\"Containers\":3}", SEND },
	{ "/containers/json?all=1", 200, "[{\"Id\":\"aaa111\"},"
	    "{\"Id\":\"bbb222\"},{\"Id\":\"ccc333\"}]", SEND },
	{ "/containers/aaa111/json", 200,
	    CTR("aaa111", "web", "sha256:1111", "running"), SEND },
	{ "/containers/bbb222/json", 200,
	    CTR("bbb222", "job", "sha256:2222", "created"), SEND },
	{ "/containers/ccc333/json", 200,
	    CTR("ccc333", "old", "sha256:1111", "exited"), SEND },
	{ "/images/sha256:1111/json", 200,
	    "{\"Id\":\"sha256:1111\",\"RepoTags\":[\"bb:1\"]}", SEND },
	{ "/images/sha256:2222/json", 200,
	    "{\"Id\":\"sha256:2222\",\"RepoTags\":[]}", SEND },
	{ "/images/sha256:1111/history", 200, "[{\"Id\":\"sha256:1111\","
	    "\"CreatedBy\":\"/bin/sh -c apt-get update\",\"Size\":9},"
	    "{\"Id\":\"<missing>\",\"CreatedBy\":\"/bin/sh -c #(nop) ADD "
	    "file:ab in / \",\"Size\":7}]", SEND },
	{ "/images/sha256:2222/history", 200, "[]", SEND },
	{ "/images/json", 200, "[{\"Id\":\"sha256:1111\"},"
	    "{\"Id\":\"sha256:2222\"},{\"Id\":\"sha256:3333\"}]", SEND },
	{ "/networks", 200, "[{\"Name\":\"bridge\",\"Driver\":\"bridge\"},"
	    "{\"Name\":\"ov\",\"Driver\":\"overlay\"}]", SEND },
	{ "/volumes", 200, "{\"Volumes\":[{\"Name\":\"data\",\"Driver\":"
	    "\"local\",\"Options\":{\"device\":\"/srv/data\",\"o\":"
	    "\"bind\",\"type\":\"none\"}}],\"Warnings\":null}", SEND },
};

/* base_routes with the route for path replaced by r (or added). */
static struct route *
routes_with(const struct route *r, size_t *n)
{
	size_t i, nb = HA_ARRAY_SIZE(base_routes);
	struct route *v = ha_xcalloc(nb + 1, sizeof(*v));

	memcpy(v, base_routes, sizeof(base_routes));
	*n = nb;
	for (i = 0; i < nb; i++)
		if (strcmp(v[i].path, r->path) == 0)
			break;
	v[i] = *r;
	if (i == nb)
		(*n)++;
	return v;
}

/*
 * The engine collected by the child without privileges gives the facts
 * collected here, as --facts reads them (slimmed: the child's result is
 * read so); so does a socket that is missing.
 */
static void
test_apart_same_facts(void **state)
{
	struct ha_collect_opts o;
	json_t *here, *apart;
	char *host;

	(void)state;
	fake_start(&fk, base_routes, HA_ARRAY_SIZE(base_routes));
	host = ha_xasprintf("unix://%s", fk.sock);
	opts(&o, host);
	here = collect(&o);
	apart = json_pack("{s:[]}", "errors");
	ha_collect_engine_apart(&o, apart);
	assert_string_equal(ha_facts_str(apart, "engine.status"), "ok");
	assert_int_equal(array_len(apart, "engine.containers"), 3);
	ha_slim_facts(here);
	assert_true(json_equal(here, apart));
	json_decref(here);
	json_decref(apart);
	free(host);
	opts(&o, "unix:///nonexistent/hostaudit-test.sock");
	here = collect(&o);
	apart = json_pack("{s:[]}", "errors");
	ha_collect_engine_apart(&o, apart);
	assert_string_equal(ha_facts_str(apart, "engine.status"), "error");
	assert_true(json_equal(here, apart));
	json_decref(here);
	json_decref(apart);
}

static void
test_success(void **state)
{
	json_t *facts, *img;
	char *host, *paths, *line;
	int conn;

	(void)state;
	fake_start(&fk, base_routes, HA_ARRAY_SIZE(base_routes));
	facts = collect_fake(&fk, 0, 0);
	host = ha_xasprintf("unix://%s", fk.sock);
	assert_string_equal(ha_facts_str(facts, "engine.endpoint"), host);
	assert_string_equal(ha_facts_str(facts, "engine.socket"), fk.sock);
	assert_string_equal(ha_facts_str(facts, "engine.status"), "ok");
	assert_null(ha_facts_get(facts, "engine.error"));
	assert_string_equal(ha_facts_str(facts, "engine.ping"), "OK");
	assert_string_equal(ha_facts_str(facts, "engine.version.Version"),
	    "20.10.24");
	assert_string_equal(ha_facts_str(facts, "engine.info.ID"), "ENGINE1");
	assert_int_equal(array_len(facts, "engine.containers"), 3);
	assert_string_equal(nth_str(facts, "engine.containers", 0, "Name"),
	    "/web");
	assert_string_equal(nth_str(facts, "engine.containers", 1, "Name"),
	    "/job");
	assert_string_equal(nth_str(facts, "engine.containers", 2, "Name"),
	    "/old");
	assert_string_equal(ha_facts_str(json_array_get(ha_facts_get(facts,
	    "engine.containers"), 1), "State.Status"), "created");
	assert_int_equal(array_len(facts, "engine.images"), 2);
	assert_string_equal(nth_str(facts, "engine.images", 0, "Id"),
	    "sha256:1111");
	assert_string_equal(nth_str(facts, "engine.images", 1, "Id"),
	    "sha256:2222");
	img = json_array_get(ha_facts_get(facts, "engine.images"), 0);
	assert_int_equal(json_array_size(json_object_get(img, "History")), 2);
	assert_string_equal(json_string_value(json_object_get(json_array_get(
	    json_object_get(img, "History"), 1), "CreatedBy")),
	    "/bin/sh -c #(nop) ADD file:ab in / ");
	assert_null(json_object_get(img, "HistoryError"));
	img = json_array_get(ha_facts_get(facts, "engine.images"), 1);
	assert_true(json_is_array(json_object_get(img, "History")));
	assert_int_equal(json_array_size(json_object_get(img, "History")), 0);
	assert_int_equal(array_len(facts, "engine.image_list"), 3);
	assert_string_equal(nth_str(facts, "engine.image_list", 2, "Id"),
	    "sha256:3333");
	assert_int_equal(array_len(facts, "engine.networks"), 2);
	assert_string_equal(nth_str(facts, "engine.networks", 1, "Driver"),
	    "overlay");
	assert_int_equal(array_len(facts, "engine.volumes"), 1);
	assert_string_equal(ha_facts_str(json_array_get(ha_facts_get(facts,
	    "engine.volumes"), 0), "Options.device"), "/srv/data");
	assert_int_equal(array_len(facts, "engine.errors"), 0);
	assert_int_equal(array_len(facts, "errors"), 0);

	/* Every object asked once, the shared image once; order of phases. */
	paths = asked(&fk);
	assert_string_equal(paths, "/_ping\n/version\n/info\n"
	    "/containers/json?all=1\n"
	    "/containers/aaa111/json\n/containers/bbb222/json\n"
	    "/containers/ccc333/json\n"
	    "/images/sha256:1111/json\n/images/sha256:2222/json\n"
	    "/images/sha256:1111/history\n/images/sha256:2222/history\n"
	    "/images/json\n/networks\n/volumes\n");
	/* The sequential requests share one connection. */
	line = fk.log.data;
	conn = (int)strtol(line, NULL, 10);
	for (int i = 0; i < 4; i++) {
		assert_int_equal((int)strtol(line, NULL, 10), conn);
		line = strchr(line, '\n') + 1;
	}
	free(paths);
	free(host);
	json_decref(facts);
	fake_stop(&fk);
}

/* The answers of parallel inspects keep the order of the list. */
static void
test_many_containers(void **state)
{
	enum { N = 40 };
	struct route routes[N + 5];
	char *bodies[N + 1], *paths[N];
	struct ha_buf list;
	json_t *facts;
	char name[32];
	size_t i, n = 0;

	(void)state;
	ha_buf_init(&list, HA_BUF_NOCAP);
	ha_buf_addch(&list, '[');
	routes[n++] = base_routes[0];
	routes[n++] = base_routes[1];
	routes[n++] = base_routes[2];
	for (i = 0; i < N; i++) {
		ha_buf_addf(&list, "%s{\"Id\":\"c%02zu\"}", i ? "," : "", i);
		paths[i] = ha_xasprintf("/containers/c%02zu/json", i);
		bodies[i] = ha_xasprintf("{\"Id\":\"c%02zu\",\"Name\":\"/n%02zu"
		    "\",\"Image\":\"sha256:%zu\"}", i, i, i % 3);
		routes[n++] = (struct route){ paths[i], 200, bodies[i], SEND };
	}
	ha_buf_addch(&list, ']');
	bodies[N] = ha_buf_detach(&list, NULL);
	routes[n++] = (struct route){ "/containers/json?all=1", 200, bodies[N],
	    SEND };
	routes[n++] = (struct route){ "/images/sha256:0/json", 200,
	    "{\"Id\":\"sha256:0\"}", SEND };
	fake_start(&fk, routes, n);
	facts = collect_fake(&fk, 0, 0);
	assert_string_equal(ha_facts_str(facts, "engine.status"), "ok");
	assert_int_equal(array_len(facts, "engine.containers"), N);
	for (i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "/n%02zu", i);
		assert_string_equal(nth_str(facts, "engine.containers", i,
		    "Name"), name);
	}
	/* sha256:1 and :2 are unknown to the fake: 404, recorded. */
	assert_int_equal(array_len(facts, "engine.images"), 1);
	assert_int_equal(array_len(facts, "engine.errors"), 6);
	assert_string_equal(nth_str(facts, "engine.errors", 0, "source"),
	    "GET /images/sha256:1/json");
	assert_string_equal(nth_str(facts, "engine.errors", 0, "message"),
	    "GET /images/sha256:1/json: HTTP status 404: page not found");
	/* so is the history of sha256:0: the image says why it has none */
	assert_string_equal(nth_str(facts, "engine.errors", 2, "source"),
	    "GET /images/sha256:0/history");
	assert_string_equal(nth_str(facts, "engine.images", 0,
	    "HistoryError"), "GET /images/sha256:0/history: HTTP status 404: "
	    "page not found");
	assert_null(ha_facts_get(json_array_get(ha_facts_get(facts,
	    "engine.images"), 0), "History"));
	assert_string_equal(nth_str(facts, "engine.errors", 3, "message"),
	    "GET /images/json: HTTP status 404: page not found");
	assert_string_equal(nth_str(facts, "engine.errors", 4, "message"),
	    "GET /networks: HTTP status 404: page not found");
	assert_string_equal(nth_str(facts, "engine.errors", 5, "message"),
	    "GET /volumes: HTTP status 404: page not found");
	assert_null(ha_facts_get(facts, "engine.volumes"));
	/* every failed request is a collection error too */
	assert_int_equal(array_len(facts, "errors"), 6);
	assert_string_equal(nth_str(facts, "errors", 0, "message"),
	    "GET /images/sha256:1/json: HTTP status 404: page not found");
	assert_string_equal(nth_str(facts, "errors", 2, "message"),
	    "GET /images/sha256:0/history: HTTP status 404: page not found");
	/* at most the main connection and the parallel ones */
	assert_true(fk.accepts >= 2 && fk.accepts <= 5);
	json_decref(facts);
	fake_stop(&fk);
	for (i = 0; i < N; i++) {
		free(paths[i]);
		free(bodies[i]);
	}
	free(bodies[N]);
}

static void
test_socket_missing(void **state)
{
	struct ha_collect_opts o;
	json_t *facts;
	char *host, *msg;

	(void)state;
	fake_dir(&fk);
	host = ha_xasprintf("unix://%s", fk.sock);
	opts(&o, host);
	facts = collect(&o);
	msg = ha_xasprintf("cannot connect to '%s': No such file or directory",
	    fk.sock);
	assert_engine_error(facts, msg);
	assert_string_equal(ha_facts_str(facts, "engine.endpoint"), host);
	assert_string_equal(ha_facts_str(facts, "engine.socket"), fk.sock);
	json_decref(facts);
	free(msg);
	free(host);
	fake_stop(&fk);
}

static void
test_socket_regular_file(void **state)
{
	struct ha_collect_opts o;
	json_t *facts;
	char *msg;
	int fd;

	(void)state;
	fake_dir(&fk);
	fd = open(fk.sock, O_WRONLY | O_CREAT | O_EXCL, 0600);
	assert_true(fd >= 0);
	close(fd);
	opts(&o, fk.sock);	/* a bare absolute path */
	facts = collect(&o);
	msg = ha_xasprintf("'%s' is not a socket", fk.sock);
	assert_engine_error(facts, msg);
	assert_string_equal(ha_facts_str(facts, "engine.endpoint"), fk.sock);
	assert_string_equal(ha_facts_str(facts, "engine.socket"), fk.sock);
	json_decref(facts);
	free(msg);
	fake_stop(&fk);
}

/* A socket nobody listens on. */
static void
test_socket_refused(void **state)
{
	struct sockaddr_un sun;
	struct ha_collect_opts o;
	json_t *facts;
	char *msg;
	int fd;

	(void)state;
	fake_dir(&fk);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", fk.sock);
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	close(fd);
	opts(&o, fk.sock);
	facts = collect(&o);
	msg = ha_xasprintf("cannot connect to '%s': Connection refused",
	    fk.sock);
	assert_engine_error(facts, msg);
	json_decref(facts);
	free(msg);
	fake_stop(&fk);
}

static void
test_endpoints_rejected(void **state)
{
	static const char *const cases[][2] = {
		{ "tcp://[::1", "engine endpoint 'tcp://[::1': an IPv6 "
		    "address needs its closing ']'" },
		{ "ssh://me@host", "engine endpoint 'ssh://me@host': ssh:// "
		    "is not supported; reach the engine over tcp+TLS (-H "
		    "tcp://HOST:2376 --tlsverify, or a context with such an "
		    "endpoint), or run hostaudit on that host" },
		{ "npipe:////./pipe/docker_engine", "engine endpoint "
		    "'npipe:////./pipe/docker_engine': npipe:// is not "
		    "supported; use unix:///path/to/docker.sock or "
		    "tcp://HOST:PORT" },
		{ "fd://", "engine endpoint 'fd://': fd:// is not supported; "
		    "use unix:///path/to/docker.sock or tcp://HOST:PORT" },
		{ "docker.sock", "engine endpoint 'docker.sock': not an engine "
		    "endpoint; use unix:///path/to/docker.sock or "
		    "tcp://HOST:PORT" },
		{ "unix://run/docker.sock", "engine endpoint "
		    "'unix://run/docker.sock': the socket path must be "
		    "absolute (unix:///path/to/docker.sock)" },
	};
	struct ha_collect_opts o;
	json_t *facts;
	size_t i;

	(void)state;
	for (i = 0; i < HA_ARRAY_SIZE(cases); i++) {
		opts(&o, cases[i][0]);
		facts = collect(&o);
		assert_engine_error(facts, cases[i][1]);
		assert_string_equal(ha_facts_str(facts, "engine.endpoint"),
		    cases[i][0]);
		assert_null(ha_facts_get(facts, "engine.socket"));
		json_decref(facts);
	}
}

/* Accepts, reads the request, never answers: the timeout ends it. */
static void
test_ping_timeout(void **state)
{
	static const struct route routes[] = {
		{ "/_ping", 200, "OK", HANG },
	};
	json_t *facts;
	int64_t t0;

	(void)state;
	fake_start(&fk, routes, HA_ARRAY_SIZE(routes));
	t0 = ha_now_ms();
	facts = collect_fake(&fk, 0, 300);
	assert_true(ha_now_ms() - t0 < 2000);
	assert_engine_error(facts, "GET /_ping: timed out: the deadline of "
	    "the engine collection passed (300 ms)");
	assert_string_equal(fk.log.data, "1 /_ping\n");
	json_decref(facts);
	fake_stop(&fk);
}

/* A failed ping: nothing else is asked. */
static void
test_ping_fails(void **state)
{
	static const struct route routes[] = {
		{ "/_ping", 500, "{\"message\":\"starting up\"}", SEND },
		{ "/version", 200, "{}", SEND },
	};
	json_t *facts;

	(void)state;
	fake_start(&fk, routes, HA_ARRAY_SIZE(routes));
	facts = collect_fake(&fk, 0, 0);
	assert_engine_error(facts,
	    "GET /_ping: HTTP status 500: starting up");
	assert_string_equal(fk.log.data, "1 /_ping\n");
	json_decref(facts);
	fake_stop(&fk);
}

static void
test_ping_not_ok(void **state)
{
	static const struct route routes[] = {
		{ "/_ping", 200, "Hello", SEND },
	};
	json_t *facts;

	(void)state;
	fake_start(&fk, routes, HA_ARRAY_SIZE(routes));
	facts = collect_fake(&fk, 0, 0);
	assert_engine_error(facts, "GET /_ping: expected 'OK', got 'Hello'");
	json_decref(facts);
	fake_stop(&fk);
}

/*
 * The facts collected from the fake serving base_routes with r in
 * (routes_with()); what it serves into *routes, for end_fake().
 */
static json_t *
collect_with(const struct route *r, struct route **routes, size_t max_body,
    long timeout_ms)
{
	size_t n;

	*routes = routes_with(r, &n);
	fake_start(&fk, *routes, n);
	return collect_fake(&fk, max_body, timeout_ms);
}

/* The fake of collect_with() stopped, and what it collected freed. */
static void
end_fake(json_t *facts, struct route *routes)
{
	json_decref(facts);
	fake_stop(&fk);
	free(routes);
}

/*
 * One route of base_routes replaced; the collection goes on and the one
 * failure is in engine.errors and in facts.errors, whether it was a
 * whole-engine request or one object's.
 */
static json_t *
collect_one_fault(const struct route *fault, size_t max_body,
    const char *msg)
{
	struct route *routes;
	json_t *facts;

	facts = collect_with(fault, &routes, max_body, 0);
	assert_string_equal(ha_facts_str(facts, "engine.status"), "ok");
	assert_null(ha_facts_get(facts, "engine.error"));
	assert_int_equal(array_len(facts, "engine.errors"), 1);
	assert_string_equal(nth_str(facts, "engine.errors", 0, "message"),
	    msg);
	assert_int_equal(array_len(facts, "errors"), 1);
	assert_string_equal(nth_str(facts, "errors", 0, "source"), "engine");
	assert_string_equal(nth_str(facts, "errors", 0, "message"), msg);
	fake_stop(&fk);
	free(routes);
	return facts;
}

static void
test_garbage_json(void **state)
{
	static const struct route fault = { "/info", 200,
	    "this is not json", SEND };
	json_t *facts;

	(void)state;
	facts = collect_one_fault(&fault, 0, "GET /info: invalid JSON at 1:4: "
	    "'[' or '{' expected near 'this'");
	assert_string_equal(nth_str(facts, "engine.errors", 0, "source"),
	    "GET /info");
	assert_null(ha_facts_get(facts, "engine.info"));
	assert_non_null(ha_facts_get(facts, "engine.version"));
	assert_int_equal(array_len(facts, "engine.containers"), 3);
	json_decref(facts);
}

static void
test_wrong_json_type(void **state)
{
	static const struct route fault = { "/containers/json?all=1", 200,
	    "{\"Id\":\"aaa111\"}", SEND };
	json_t *facts;

	(void)state;
	facts = collect_one_fault(&fault, 0, "GET /containers/json?all=1: "
	    "expected a JSON array");
	assert_null(ha_facts_get(facts, "engine.containers"));
	assert_null(ha_facts_get(facts, "engine.images"));
	assert_int_equal(array_len(facts, "engine.image_list"), 3);
	json_decref(facts);
}

/* A container that fails to inspect: recorded, the others collected. */
static void
test_http_500(void **state)
{
	static const struct route fault = { "/containers/bbb222/json", 500,
	    "{\"message\":\"boom\"}", SEND };
	json_t *facts;

	(void)state;
	facts = collect_one_fault(&fault, 0,
	    "GET /containers/bbb222/json: HTTP status 500: boom");
	assert_string_equal(nth_str(facts, "engine.errors", 0, "source"),
	    "GET /containers/bbb222/json");
	assert_int_equal(array_len(facts, "engine.containers"), 2);
	assert_string_equal(nth_str(facts, "engine.containers", 1, "Id"),
	    "ccc333");
	/* bbb222's image is unknown, so only sha256:1111 is inspected */
	assert_int_equal(array_len(facts, "engine.images"), 1);
	json_decref(facts);
}

static void
test_http_500_no_message(void **state)
{
	static const struct route fault = { "/version", 503, "busy", SEND };
	json_t *facts;

	(void)state;
	facts = collect_one_fault(&fault, 0, "GET /version: HTTP status 503");
	assert_null(ha_facts_get(facts, "engine.version"));
	json_decref(facts);
}

/* Content-Length promises more than is sent, then the engine closes. */
static void
test_truncated(void **state)
{
	static const struct route fault = { "/version", 200,
	    "{\"Version\":\"20.10.24\"}", TRUNCATE };
	json_t *facts;

	(void)state;
	facts = collect_one_fault(&fault, 0, "GET /version: answer cut short: "
	    "transfer closed with 100 bytes remaining to read");
	assert_null(ha_facts_get(facts, "engine.version"));
	/* the next request reconnects */
	assert_string_equal(ha_facts_str(facts, "engine.info.ID"), "ENGINE1");
	json_decref(facts);
}

static char big_body[2000];

static void
test_body_over_cap(void **state)
{
	struct route fault = { "/info", 200, big_body, SEND };
	json_t *facts;

	(void)state;
	memset(big_body, ' ', sizeof(big_body) - 1);
	big_body[0] = '{';
	big_body[sizeof(big_body) - 2] = '}';
	big_body[sizeof(big_body) - 1] = '\0';
	facts = collect_one_fault(&fault, 1024,
	    "answer to GET /info is larger than 1024 bytes");
	assert_null(ha_facts_get(facts, "engine.info"));
	json_decref(facts);
	/* without a Content-Length: stopped while reading */
	fault.how = NOLENGTH;
	facts = collect_one_fault(&fault, 1024,
	    "answer to GET /info is larger than 1024 bytes");
	json_decref(facts);
}

/* An answer of exactly max_body bytes is accepted. */
static void
test_body_at_cap(void **state)
{
	struct route fault = { "/info", 200, big_body, SEND };
	struct route *routes;
	json_t *facts;

	(void)state;
	memset(big_body, ' ', 1024);
	big_body[0] = '{';
	big_body[1023] = '}';
	big_body[1024] = '\0';
	facts = collect_with(&fault, &routes, 1024, 0);
	assert_true(json_is_object(ha_facts_get(facts, "engine.info")));
	assert_int_equal(array_len(facts, "engine.errors"), 0);
	end_fake(facts, routes);
}

/* A container removed between list and inspect is skipped silently. */
static void
test_container_gone(void **state)
{
	static const struct route fault = { "/containers/json?all=1", 200,
	    "[{\"Id\":\"aaa111\"},{\"Id\":\"fee999\"},{\"Id\":\"bbb222\"}]",
	    SEND };
	struct route *routes;
	json_t *facts;

	(void)state;
	facts = collect_with(&fault, &routes, 0, 0);
	assert_string_equal(ha_facts_str(facts, "engine.status"), "ok");
	assert_int_equal(array_len(facts, "engine.containers"), 2);
	assert_string_equal(nth_str(facts, "engine.containers", 0, "Id"),
	    "aaa111");
	assert_string_equal(nth_str(facts, "engine.containers", 1, "Id"),
	    "bbb222");
	assert_int_equal(array_len(facts, "engine.images"), 2);
	assert_int_equal(array_len(facts, "engine.errors"), 0);
	assert_int_equal(array_len(facts, "errors"), 0);
	assert_non_null(strstr(fk.log.data, " /containers/fee999/json\n"));
	end_fake(facts, routes);
}

/* Ids that cannot go into a path are refused, not requested. */
static void
test_bad_ids(void **state)
{
	static const struct route fault = { "/containers/json?all=1", 200,
	    "[{\"Id\":\"aaa111\"},{\"Id\":\"../../_ping\"},{\"Id\":7}]",
	    SEND };
	struct route *routes;
	json_t *facts;

	(void)state;
	facts = collect_with(&fault, &routes, 0, 0);
	assert_int_equal(array_len(facts, "engine.containers"), 1);
	assert_int_equal(array_len(facts, "engine.errors"), 2);
	assert_string_equal(nth_str(facts, "engine.errors", 0, "source"),
	    "GET /containers/json?all=1");
	assert_string_equal(nth_str(facts, "engine.errors", 0, "message"),
	    "GET /containers/json?all=1: entry 1 has no valid \"Id\"");
	assert_string_equal(nth_str(facts, "engine.errors", 1, "message"),
	    "GET /containers/json?all=1: entry 2 has no valid \"Id\"");
	/* a container listed but not inspected is a collection error */
	assert_int_equal(array_len(facts, "errors"), 2);
	assert_string_equal(nth_str(facts, "errors", 1, "message"),
	    "GET /containers/json?all=1: entry 2 has no valid \"Id\"");
	assert_null(strstr(fk.log.data, ".."));
	end_fake(facts, routes);
}

/* A history that is not an array: the image keeps why, the rest goes on. */
static void
test_history_not_array(void **state)
{
	static const struct route fault = { "/images/sha256:2222/history",
	    200, "{\"message\":\"odd\"}", SEND };
	const json_t *img;
	json_t *facts;

	(void)state;
	facts = collect_one_fault(&fault, 0, "GET /images/sha256:2222/history: "
	    "expected a JSON array");
	img = json_array_get(ha_facts_get(facts, "engine.images"), 1);
	assert_null(json_object_get(img, "History"));
	assert_string_equal(json_string_value(json_object_get(img,
	    "HistoryError")), "GET /images/sha256:2222/history: expected a "
	    "JSON array");
	img = json_array_get(ha_facts_get(facts, "engine.images"), 0);
	assert_int_equal(json_array_size(json_object_get(img, "History")), 2);
	json_decref(facts);
}

/* An inspected image whose Id cannot go into a path: not asked. */
static void
test_history_bad_id(void **state)
{
	static const struct route fault = { "/images/sha256:2222/json", 200,
	    "{\"Id\":\"../_ping\"}", SEND };
	struct route *routes;
	const json_t *img;
	json_t *facts;

	(void)state;
	facts = collect_with(&fault, &routes, 0, 0);
	img = json_array_get(ha_facts_get(facts, "engine.images"), 1);
	assert_null(json_object_get(img, "History"));
	assert_string_equal(json_string_value(json_object_get(img,
	    "HistoryError")), "image has no valid \"Id\" to ask its history");
	assert_null(strstr(fk.log.data, ".."));
	assert_non_null(strstr(fk.log.data, " /images/sha256:1111/history\n"));
	end_fake(facts, routes);
}

/* GET /volumes: a null list is no volumes; a failure leaves no key. */
static void
test_volumes(void **state)
{
	static const struct route none = { "/volumes", 200,
	    "{\"Volumes\":null,\"Warnings\":null}", SEND };
	static const struct route odd = { "/volumes", 200,
	    "{\"Volumes\":{\"data\":{}}}", SEND };
	static const struct route missing = { "/volumes", 200,
	    "{\"Warnings\":[]}", SEND };
	static const struct route down = { "/volumes", 500,
	    "{\"message\":\"boom\"}", SEND };
	struct route *routes;
	json_t *facts;

	(void)state;
	facts = collect_with(&none, &routes, 0, 0);
	assert_int_equal(array_len(facts, "engine.volumes"), 0);
	assert_int_equal(array_len(facts, "engine.errors"), 0);
	assert_int_equal(array_len(facts, "errors"), 0);
	end_fake(facts, routes);

	facts = collect_one_fault(&odd, 0, "GET /volumes: \"Volumes\" is not "
	    "an array");
	assert_null(ha_facts_get(facts, "engine.volumes"));
	json_decref(facts);
	facts = collect_one_fault(&missing, 0, "GET /volumes: no \"Volumes\" "
	    "list");
	assert_null(ha_facts_get(facts, "engine.volumes"));
	json_decref(facts);
	facts = collect_one_fault(&down, 0, "GET /volumes: HTTP status 500: "
	    "boom");
	assert_string_equal(nth_str(facts, "engine.errors", 0, "source"),
	    "GET /volumes");
	assert_null(ha_facts_get(facts, "engine.volumes"));
	assert_int_equal(array_len(facts, "engine.networks"), 2);
	json_decref(facts);
}

/*
 * count containers <prefix>00, <prefix>01, ... each inspected with the
 * answer like: their routes appended at routes[*n], their paths into
 * paths (free_paths()), and the container list, the ids of head (a JSON
 * list opened, maybe with ids in it) followed by theirs (caller frees).
 */
static char *
inspect_routes(struct route *routes, size_t *n, char **paths, size_t count,
    const char *prefix, const char *head, const struct route *like)
{
	struct ha_buf b;
	size_t i;

	ha_buf_init(&b, HA_BUF_NOCAP);
	ha_buf_addstr(&b, head);
	for (i = 0; i < count; i++) {
		ha_buf_addf(&b, "%s{\"Id\":\"%s%02zu\"}",
		    i || strcmp(head, "[") != 0 ? "," : "", prefix, i);
		paths[i] = ha_xasprintf("/containers/%s%02zu/json", prefix, i);
		routes[*n] = *like;
		routes[(*n)++].path = paths[i];
	}
	ha_buf_addch(&b, ']');
	return ha_buf_detach(&b, NULL);
}

static void
free_paths(char **paths, size_t count, char *list)
{
	size_t i;

	for (i = 0; i < count; i++)
		free(paths[i]);
	free(list);
}

/*
 * An engine that fails every inspect: engine.errors lists them all,
 * facts.errors the first 20 and one entry counting the rest; the
 * whole-engine requests are listed whatever came before.
 */
static void
test_errors_bounded(void **state)
{
	enum { N = 30 };
	static const struct route boom = { NULL, 500,
	    "{\"message\":\"boom\"}", SEND };
	struct route routes[N + 8];
	char *paths[N], *list;
	json_t *facts;
	size_t n = 0;

	(void)state;
	list = inspect_routes(routes, &n, paths, N, "c", "[", &boom);
	routes[n++] = base_routes[0];
	routes[n++] = base_routes[1];
	routes[n++] = base_routes[2];
	routes[n++] = (struct route){ "/containers/json?all=1", 200, list,
	    SEND };
	routes[n++] = (struct route){ "/images/json", 200, "[]", SEND };
	routes[n++] = (struct route){ "/networks", 500,
	    "{\"message\":\"down\"}", SEND };
	routes[n++] = (struct route){ "/volumes", 200, "{\"Volumes\":[]}",
	    SEND };
	fake_start(&fk, routes, n);
	facts = collect_fake(&fk, 0, 0);
	assert_int_equal(array_len(facts, "engine.containers"), 0);
	assert_int_equal(array_len(facts, "engine.errors"), N + 1);
	assert_int_equal(array_len(facts, "errors"), 22);
	assert_string_equal(nth_str(facts, "errors", 0, "message"),
	    "GET /containers/c00/json: HTTP status 500: boom");
	assert_string_equal(nth_str(facts, "errors", 19, "message"),
	    "GET /containers/c19/json: HTTP status 500: boom");
	assert_string_equal(nth_str(facts, "errors", 20, "message"),
	    "GET /networks: HTTP status 500: down");
	assert_string_equal(nth_str(facts, "errors", 21, "source"), "engine");
	assert_string_equal(nth_str(facts, "errors", 21, "message"),
	    "and 10 more failed engine requests (listed in engine.errors)");
	json_decref(facts);
	fake_stop(&fk);
	free_paths(paths, N, list);
}

/*
 * A failure whose message does not name the request (the inspect phase
 * cannot connect: the socket went away after the list) is named in
 * facts.errors; engine.errors names it in its source.
 */
static void
test_error_names_request(void **state)
{
	static const struct route gone = { "/containers/json?all=1", 200,
	    "[{\"Id\":\"aaa111\"},{\"Id\":\"bbb222\"},"
	    "{\"Id\":\"ccc333\"}]", UNLINK };
	struct route *routes;
	json_t *facts;
	char *want;

	(void)state;
	facts = collect_with(&gone, &routes, 0, 0);
	assert_int_equal(array_len(facts, "engine.containers"), 0);
	assert_int_equal(array_len(facts, "engine.errors"), 3);
	want = ha_xasprintf("cannot connect to '%s': No such file or "
	    "directory", fk.sock);
	assert_string_equal(nth_str(facts, "engine.errors", 0, "source"),
	    "GET /containers/aaa111/json");
	assert_string_equal(nth_str(facts, "engine.errors", 0, "message"),
	    want);
	free(want);
	want = ha_xasprintf("GET /containers/aaa111/json: cannot connect to "
	    "'%s': No such file or directory", fk.sock);
	assert_int_equal(array_len(facts, "errors"), 3);
	assert_string_equal(nth_str(facts, "errors", 0, "message"), want);
	/* the lists after it keep the main connection */
	assert_int_equal(array_len(facts, "engine.networks"), 2);
	free(want);
	end_fake(facts, routes);
}

/*
 * TLS over tcp, against `openssl s_server` demanding a client
 * certificate (skipped when openssl is not installed).  Its certificate,
 * for IP 127.0.0.1, is its own CA; "other" is an unrelated CA.
 */
extern char **environ;

/* Run argv quietly; its exit status, or -1 when it did not run. */
static int
run_quiet(const char *argv[], pid_t *bg)
{
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int st;

	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	/* posix_spawnp() takes char *const[] and does not write to it */
	st = posix_spawnp(&pid, argv[0], &fa, NULL, (char *const *)argv,
	    environ);
	posix_spawn_file_actions_destroy(&fa);
	if (st != 0)
		return -1;
	if (bg != NULL) {
		*bg = pid;
		return 0;
	}
	if (waitpid(pid, &st, 0) < 0 || !WIFEXITED(st))
		return -1;
	return WEXITSTATUS(st);
}

/* A self-signed certificate for 127.0.0.1: dir/name.pem, name-key.pem. */
static int
make_cert(const char *dir, const char *name)
{
	char *crt = ha_xasprintf("%s/%s.pem", dir, name);
	char *key = ha_xasprintf("%s/%s-key.pem", dir, name);
	char *subj = ha_xasprintf("/CN=%s", name);
	const char *argv[] = { "openssl", "req", "-x509", "-newkey", "ec",
	    "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes", "-days",
	    "2", "-subj", subj, "-addext", "subjectAltName=IP:127.0.0.1",
	    "-keyout", key, "-out", crt, NULL };
	int rc = run_quiet(argv, NULL);

	free(crt);
	free(key);
	free(subj);
	return rc;
}

static int
free_port(void)
{
	struct sockaddr_in sin;
	socklen_t len = sizeof(sin);
	int fd = socket(AF_INET, SOCK_STREAM, 0), port;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	assert_int_equal(bind(fd, (struct sockaddr *)&sin, sizeof(sin)), 0);
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sin, &len), 0);
	port = ntohs(sin.sin_port);
	close(fd);
	return port;
}

/* 1 once something accepts on 127.0.0.1:port (within 5 s). */
static int
wait_listen(int port)
{
	struct sockaddr_in sin;
	int i, fd, ok = 0;

	memset(&sin, 0, sizeof(sin));
	sin.sin_family = AF_INET;
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	sin.sin_port = htons((uint16_t)port);
	for (i = 0; i < 100 && !ok; i++) {
		fd = socket(AF_INET, SOCK_STREAM, 0);
		ok = connect(fd, (struct sockaddr *)&sin, sizeof(sin)) == 0;
		close(fd);
		if (!ok)
			usleep(50000);
	}
	return ok;
}

/*
 * Collect from s_server with a CA and a client certificate (or none);
 * a new facts document.  Each collection gets a server of its own.
 */
static json_t *
collect_tls(const char *dir, const char *ca, int with_cert)
{
	struct ha_collect_opts o;
	struct ha_endpoint ep;
	char *crt = ha_xasprintf("%s/server.pem", dir);
	char *key = ha_xasprintf("%s/server-key.pem", dir);
	char *acc;
	const char *argv[] = { "openssl", "s_server", "-quiet", "-www",
	    "-accept", NULL, "-cert", crt, "-key", key, "-CAfile", crt,
	    "-Verify", "1", "-verify_return_error", "-naccept", "2", NULL };
	json_t *facts;
	pid_t pid;
	int port = free_port();

	acc = ha_xasprintf("127.0.0.1:%d", port);
	argv[5] = acc;
	assert_int_equal(run_quiet(argv, &pid), 0);
	assert_true(wait_listen(port));	/* its first accept */
	memset(&ep, 0, sizeof(ep));
	ep.kind = HA_EP_TCP;
	ep.url = ha_xasprintf("tcp://%s", acc);
	ep.host = ha_xstrdup(acc);
	ep.source = ha_xstrdup("-H");
	ep.why = ha_xstrdup("-H");
	ep.tls = ep.tls_verify = 1;
	ep.ca = ha_xasprintf("%s/%s.pem", dir, ca);
	if (with_cert) {
		ep.cert = ha_xasprintf("%s/other.pem", dir);
		ep.key = ha_xasprintf("%s/other-key.pem", dir);
	}
	opts(&o, NULL);
	o.ep = &ep;
	facts = collect(&o);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	ha_endpoint_release(&ep);
	free(acc);
	free(crt);
	free(key);
	return facts;
}

static void
test_tls_refusals(void **state)
{
	static const char *const files[] = { "server.pem", "server-key.pem",
	    "other.pem", "other-key.pem" };
	char dir[] = "/tmp/ha-test-tls-XXXXXX", *path;
	const char *version[] = { "openssl", "version", NULL };
	size_t i;
	const char *err;
	json_t *facts;

	(void)state;
	if (run_quiet(version, NULL) != 0)
		skip();
	assert_non_null(mkdtemp(dir));
	assert_int_equal(make_cert(dir, "server"), 0);
	assert_int_equal(make_cert(dir, "other"), 0);

	/* verified, no client certificate: the engine asks for one */
	facts = collect_tls(dir, "server", 0);
	err = ha_facts_str(facts, "engine.error");
	assert_string_equal(ha_facts_str(facts, "engine.status"), "error");
	if (err == NULL || strstr(err, "requires a client certificate "
	    "(--tlscert and --tlskey") == NULL)
		fail_msg("engine.error: %s", err ? err : "(none)");
	json_decref(facts);

	/* a client certificate from a CA the engine does not trust */
	facts = collect_tls(dir, "server", 1);
	err = ha_facts_str(facts, "engine.error");
	if (err == NULL || strstr(err, "refused the client certificate") ==
	    NULL || strstr(err, "/other.pem'") == NULL)
		fail_msg("engine.error: %s", err ? err : "(none)");
	json_decref(facts);

	/* a server the CA does not vouch for: no answer is read at all */
	facts = collect_tls(dir, "other", 1);
	err = ha_facts_str(facts, "engine.error");
	if (err == NULL || strstr(err, "does not verify") == NULL)
		fail_msg("engine.error: %s", err ? err : "(none)");
	assert_null(ha_facts_get(facts, "engine.version"));
	json_decref(facts);

	for (i = 0; i < HA_ARRAY_SIZE(files); i++) {
		path = ha_xasprintf("%s/%s", dir, files[i]);
		assert_int_equal(unlink(path), 0);
		free(path);
	}
	assert_int_equal(rmdir(dir), 0);
}

/*
 * One deadline for the whole collection: inspects that hang cost the
 * timeout once, not once per round of parallel requests; the requests
 * not started by then are errors naming the deadline, and what was
 * answered before is kept.
 */
static void
test_deadline_whole(void **state)
{
	enum { N = 14 };
	static const struct route hang = { NULL, 200, "{}", HANG };
	struct route routes[N + 8];
	char *paths[N], *list;
	json_t *facts;
	int64_t t0, took;
	size_t i, n = 0, timedout = 0, notasked = 0;
	const char *m;

	(void)state;
	list = inspect_routes(routes, &n, paths, N, "d",
	    "[{\"Id\":\"aaa111\"},{\"Id\":\"bbb222\"}", &hang);
	for (i = 0; i < 3; i++)
		routes[n++] = base_routes[i];
	routes[n++] = base_routes[4];	/* aaa111 */
	routes[n++] = base_routes[5];	/* bbb222 */
	routes[n++] = (struct route){ "/containers/json?all=1", 200, list,
	    SEND };
	fake_start(&fk, routes, n);
	t0 = ha_now_ms();
	facts = collect_fake(&fk, 0, 500);
	took = ha_now_ms() - t0;
	/* per request, it took ceil(16 / 4) rounds of 500 ms */
	if (took >= 1000)
		fail_msg("the collection took %lld ms", (long long)took);
	assert_string_equal(ha_facts_str(facts, "engine.status"), "ok");
	assert_string_equal(ha_facts_str(facts, "engine.info.ID"), "ENGINE1");
	assert_int_equal(array_len(facts, "engine.containers"), 2);
	assert_string_equal(nth_str(facts, "engine.containers", 0, "Id"),
	    "aaa111");
	for (i = 0; i < json_array_size(ha_facts_get(facts,
	    "engine.errors")); i++) {
		m = nth_str(facts, "engine.errors", i, "message");
		if (strstr(m, ": timed out: the deadline of the engine "
		    "collection passed (500 ms)") != NULL)
			timedout++;
		else if (strstr(m, ": not asked: the deadline of the engine "
		    "collection passed (500 ms)") != NULL)
			notasked++;
		else
			fail_msg("engine.errors[%zu]: %s", i, m);
	}
	/* every hanging inspect, the images, the lists after them */
	assert_true(timedout >= 1 && timedout <= 4);
	assert_true(timedout + notasked >= N + 3);
	assert_null(ha_facts_get(facts, "engine.networks"));
	assert_null(strstr(fk.log.data, " /networks\n"));
	json_decref(facts);
	fake_stop(&fk);
	free_paths(paths, N, list);
}

/*
 * A request that times out on the connection the earlier ones used was
 * sent: it says it timed out, not that it could not connect.
 */
static void
test_timeout_reused(void **state)
{
	static const struct route fault = { "/info", 200, "{}", HANG };
	struct route *routes;
	json_t *facts;

	(void)state;
	facts = collect_with(&fault, &routes, 0, 400);
	assert_string_equal(ha_facts_str(facts, "engine.version.Version"),
	    "20.10.24");
	assert_string_equal(nth_str(facts, "engine.errors", 0, "message"),
	    "GET /info: timed out: the deadline of the engine collection "
	    "passed (400 ms)");
	assert_int_equal(fk.accepts, 1);
	end_fake(facts, routes);
}

/* A JSON text of n bytes: "[[],[],...]", the most memory per byte. */
static char *
empties(size_t n)
{
	char *s = ha_xcalloc(1, n + 1);
	size_t i;

	s[0] = '[';
	for (i = 1; i + 3 < n; i += 3)
		memcpy(s + i, "[],", 3);
	s[i - 1] = ']';
	s[i] = '\0';
	return s;
}

/*
 * The memory budget: an answer that parses to more than the budget is
 * refused while it is parsed, one whose body alone passes it while it is
 * read; the other answers are kept.
 */
static void
test_budget(void **state)
{
	struct route r = { "/networks", 200, NULL, SEND };
	struct ha_collect_opts o;
	struct route *routes;
	char *host, *body;
	json_t *facts;
	size_t n;

	(void)state;
	/* 1 MiB of "[]," is some 40 MiB parsed */
	body = empties(1UL << 20);
	r.body = body;
	routes = routes_with(&r, &n);
	fake_start(&fk, routes, n);
	host = ha_xasprintf("unix://%s", fk.sock);
	opts(&o, host);
	o.timeout_ms = 60000;	/* slow under valgrind */
	o.max_engine_bytes = 4UL << 20;
	facts = collect(&o);
	assert_int_equal(array_len(facts, "engine.containers"), 3);
	assert_int_equal(array_len(facts, "engine.volumes"), 1);
	assert_null(ha_facts_get(facts, "engine.networks"));
	assert_int_equal(array_len(facts, "engine.errors"), 1);
	assert_string_equal(nth_str(facts, "engine.errors", 0, "message"),
	    "GET /networks: answer not parsed: the engine's answers would "
	    "pass the memory budget of 4 MiB (--max-engine-bytes)");
	json_decref(facts);

	/* the same budget is plenty for the answer without it */
	o.max_engine_bytes = 0;
	facts = collect(&o);
	assert_int_equal(array_len(facts, "engine.networks"), 349524);
	assert_int_equal(array_len(facts, "engine.errors"), 0);
	json_decref(facts);

	/* a body larger than the budget is not read whole */
	o.max_engine_bytes = 512UL << 10;
	facts = collect(&o);
	assert_null(ha_facts_get(facts, "engine.networks"));
	assert_string_equal(nth_str(facts, "engine.errors", 0, "message"),
	    "GET /networks: answer not read whole: the engine's answers "
	    "would pass the memory budget of 512 KiB (--max-engine-bytes)");
	end_fake(facts, routes);
	free(body);
	free(host);
}

static void
test_parse_size(void **state)
{
	size_t n = 0;

	(void)state;
	assert_int_equal(ha_engine_parse_size("512M", &n), 0);
	assert_true(n == 512UL << 20);
	assert_int_equal(ha_engine_parse_size("2GiB", &n), 0);
	assert_true(n == 2UL << 30);
	assert_int_equal(ha_engine_parse_size("2048k", &n), 0);
	assert_true(n == 2UL << 20);
	assert_int_equal(ha_engine_parse_size("1048576", &n), 0);
	assert_true(n == 1UL << 20);
	assert_int_equal(ha_engine_parse_size("1mb", &n), 0);
	assert_true(n == 1UL << 20);
	assert_int_equal(ha_engine_parse_size("1048575", &n), -1);
	assert_int_equal(ha_engine_parse_size("", &n), -1);
	assert_int_equal(ha_engine_parse_size("-5M", &n), -1);
	assert_int_equal(ha_engine_parse_size("5X", &n), -1);
	assert_int_equal(ha_engine_parse_size("5MX", &n), -1);
	assert_int_equal(ha_engine_parse_size("2048G", &n), -1);
	assert_int_equal(ha_engine_parse_size("99999999999999999999M", &n),
	    -1);
}

/* "{"x":[[...]]}": an object holding arrays, depth levels in all. */
static char *
nested(int depth)
{
	struct ha_buf b;
	int i;

	ha_buf_init(&b, HA_BUF_NOCAP);
	ha_buf_addstr(&b, "{\"Id\":\"aaa111\",\"Name\":\"/web\","
	    "\"Image\":\"sha256:1111\",\"x\":");
	for (i = 1; i < depth; i++)
		ha_buf_addch(&b, '[');
	ha_buf_addstr(&b, "\"[{\"");	/* brackets in a string: no depth */
	for (i = 1; i < depth; i++)
		ha_buf_addch(&b, ']');
	ha_buf_addch(&b, '}');
	return ha_buf_detach(&b, NULL);
}

/* Nesting is bounded before parsing: 64 levels are read, 65 are not. */
static void
test_depth(void **state)
{
	struct route r = { "/containers/aaa111/json", 200, NULL, SEND };
	struct route *routes;
	char *body;
	json_t *facts;

	(void)state;
	body = nested(HA_ENGINE_MAX_DEPTH);
	r.body = body;
	facts = collect_with(&r, &routes, 0, 0);
	assert_int_equal(array_len(facts, "engine.containers"), 3);
	assert_int_equal(array_len(facts, "engine.errors"), 0);
	end_fake(facts, routes);
	free(body);

	body = nested(HA_ENGINE_MAX_DEPTH + 1);
	r.body = body;
	facts = collect_with(&r, &routes, 0, 0);
	assert_int_equal(array_len(facts, "engine.containers"), 2);
	assert_string_equal(nth_str(facts, "engine.errors", 0, "source"),
	    "GET /containers/aaa111/json");
	assert_string_equal(nth_str(facts, "engine.errors", 0, "message"),
	    "GET /containers/aaa111/json: JSON nested deeper than 64 levels "
	    "(the bound for engine answers)");
	end_fake(facts, routes);
	free(body);
}

/*
 * A NUL in one value rejects that value: the rest of /info is kept, the
 * value is null and an error names it; a container whose inspect holds
 * one is not kept (an error target), the others are.
 */
static void
test_nul_value(void **state)
{
	static const struct route faults[] = {
		{ "/info", 200, "{\"ID\":\"ENGINE1\",\"Labels\":[\"a=b\","
		    "\"c=\\u0000d\"],\"Name\":\"x\\u0000\"}", SEND },
		{ "/containers/bbb222/json", 200, "{\"Id\":\"bbb222\",\"Name\":"
		    "\"/job\",\"Image\":\"sha256:2222\",\"Config\":{\"User\":"
		    "\"0\\u0000\"}}", SEND },
	};
	struct route *routes, *r2;
	json_t *facts;
	size_t n, n2;

	(void)state;
	routes = routes_with(&faults[0], &n);
	r2 = ha_xcalloc(n + 1, sizeof(*r2));
	memcpy(r2, routes, n * sizeof(*r2));
	for (n2 = 0; n2 < n; n2++)
		if (strcmp(r2[n2].path, faults[1].path) == 0)
			r2[n2] = faults[1];
	fake_start(&fk, r2, n);
	facts = collect_fake(&fk, 0, 0);
	assert_string_equal(ha_facts_str(facts, "engine.info.ID"), "ENGINE1");
	assert_string_equal(json_string_value(json_array_get(ha_facts_get(
	    facts, "engine.info.Labels"), 0)), "a=b");
	assert_true(json_is_null(json_array_get(ha_facts_get(facts,
	    "engine.info.Labels"), 1)));
	assert_true(json_is_null(ha_facts_get(facts, "engine.info.Name")));
	assert_int_equal(array_len(facts, "engine.containers"), 2);
	assert_string_equal(nth_str(facts, "engine.containers", 1, "Id"),
	    "ccc333");
	assert_int_equal(array_len(facts, "engine.errors"), 2);
	assert_string_equal(nth_str(facts, "engine.errors", 0, "message"),
	    "GET /info: \"Labels[1]\" and 1 more values hold a NUL character "
	    "(\\u0000); they are dropped");
	assert_string_equal(nth_str(facts, "engine.errors", 1, "source"),
	    "GET /containers/bbb222/json");
	assert_string_equal(nth_str(facts, "engine.errors", 1, "message"),
	    "GET /containers/bbb222/json: \"Config.User\" holds a NUL "
	    "character (\\u0000); the answer is not kept");
	assert_int_equal(array_len(facts, "errors"), 2);
	end_fake(facts, routes);
	free(r2);
}

/*
 * A container whose "Image" is not an id: the container is kept, and
 * the error names its image as the target, not a container "{id}".
 */
static void
test_invalid_image(void **state)
{
	static const struct route fault = { "/containers/bbb222/json", 200,
	    CTR("bbb222", "job", "", "created"), SEND };
	struct route *routes;
	json_t *facts, *ent;

	(void)state;
	facts = collect_with(&fault, &routes, 0, 0);
	assert_int_equal(array_len(facts, "engine.containers"), 3);
	assert_int_equal(array_len(facts, "engine.images"), 1);
	assert_int_equal(array_len(facts, "engine.errors"), 1);
	ent = json_array_get(ha_facts_get(facts, "engine.errors"), 0);
	assert_string_equal(ha_facts_str(ent, "source"),
	    "GET /containers/bbb222/json");
	assert_string_equal(ha_facts_str(ent, "message"),
	    "GET /containers/bbb222/json: container job has no valid "
	    "\"Image\"");
	assert_string_equal(ha_facts_str(ent, "kind"), "image");
	assert_string_equal(ha_facts_str(ent, "name"),
	    "image of container job");
	end_fake(facts, routes);
}

/* A listen queue that is full: the message names the socket, not port 80. */
static void
test_backlog_full(void **state)
{
	struct sockaddr_un sun;
	struct ha_collect_opts o;
	int lfd, fds[64];
	size_t nfd = 0, i;
	json_t *facts;
	char *host;
	const char *err;

	(void)state;
	fake_dir(&fk);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", fk.sock);
	lfd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(lfd >= 0);
	assert_int_equal(bind(lfd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	assert_int_equal(listen(lfd, 0), 0);
	while (nfd < HA_ARRAY_SIZE(fds)) {
		fds[nfd] = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
		if (connect(fds[nfd], (struct sockaddr *)&sun,
		    sizeof(sun)) < 0) {
			close(fds[nfd]);
			break;
		}
		nfd++;
	}
	host = ha_xasprintf("unix://%s", fk.sock);
	opts(&o, host);
	facts = collect(&o);
	err = ha_facts_str(facts, "engine.error");
	assert_non_null(err);
	if (strstr(err, "port 80") != NULL || strstr(err, fk.sock) == NULL ||
	    strstr(err, "not accepted") == NULL)
		fail_msg("engine.error: %s", err);
	json_decref(facts);
	for (i = 0; i < nfd; i++)
		close(fds[i]);
	close(lfd);
	free(host);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_success, teardown),
		cmocka_unit_test_teardown(test_apart_same_facts, teardown),
		cmocka_unit_test_teardown(test_many_containers, teardown),
		cmocka_unit_test_teardown(test_socket_missing, teardown),
		cmocka_unit_test_teardown(test_socket_regular_file, teardown),
		cmocka_unit_test_teardown(test_socket_refused, teardown),
		cmocka_unit_test_teardown(test_endpoints_rejected, teardown),
		cmocka_unit_test_teardown(test_ping_timeout, teardown),
		cmocka_unit_test_teardown(test_ping_fails, teardown),
		cmocka_unit_test_teardown(test_ping_not_ok, teardown),
		cmocka_unit_test_teardown(test_garbage_json, teardown),
		cmocka_unit_test_teardown(test_wrong_json_type, teardown),
		cmocka_unit_test_teardown(test_http_500, teardown),
		cmocka_unit_test_teardown(test_http_500_no_message, teardown),
		cmocka_unit_test_teardown(test_truncated, teardown),
		cmocka_unit_test_teardown(test_body_over_cap, teardown),
		cmocka_unit_test_teardown(test_body_at_cap, teardown),
		cmocka_unit_test_teardown(test_container_gone, teardown),
		cmocka_unit_test_teardown(test_bad_ids, teardown),
		cmocka_unit_test_teardown(test_history_not_array, teardown),
		cmocka_unit_test_teardown(test_history_bad_id, teardown),
		cmocka_unit_test_teardown(test_volumes, teardown),
		cmocka_unit_test_teardown(test_errors_bounded, teardown),
		cmocka_unit_test_teardown(test_error_names_request, teardown),
		cmocka_unit_test(test_tls_refusals),
		cmocka_unit_test_teardown(test_deadline_whole, teardown),
		cmocka_unit_test_teardown(test_timeout_reused, teardown),
		cmocka_unit_test_teardown(test_budget, teardown),
		cmocka_unit_test(test_parse_size),
		cmocka_unit_test_teardown(test_depth, teardown),
		cmocka_unit_test_teardown(test_nul_value, teardown),
		cmocka_unit_test_teardown(test_invalid_image, teardown),
		cmocka_unit_test_teardown(test_backlog_full, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

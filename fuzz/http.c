/* SPDX-License-Identifier: Apache-2.0 */
/*
 * http.c - fuzz the Engine API collector over real HTTP: a fake engine
 * in a thread of the harness serves the input's answers on a Unix socket
 * and ha_collect_engine() asks it everything through libcurl, as a run
 * does.  This reaches what the engine harness cannot: status lines,
 * headers (Content-Length, chunked encoding, Libpod-Api-Version), bodies
 * cut short, the list-then-inspect walk and the answer caps.
 *
 * The input is up to HTTP_ROUTES answers separated by "@@@\n"; a request
 * is answered by the answer of its route (/_ping, /version, /info, the
 * container list, a container, the image list, an image, /networks,
 * /volumes, anything else), cycling when there are fewer answers.  An
 * answer that does not start with "HTTP/" is a body: it is sent after a
 * 200 status line and a JSON content type.  The server closes each
 * connection after its answer, so no input can make the collector wait.
 *
 * Invariants: the facts have an engine object whose status is "ok" or
 * "error", and every collection error is a {source, message} pair of
 * strings.
 */
#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "ha_engine.h"
#include "ha_ipc.h"
#include "fuzz.h"

#define FUZZ_MAX_INPUT	(64 * 1024)
#define HTTP_ROUTES	10
#define HTTP_SEP	"@@@\n"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char		 sock_path[108];
static int		 listen_fd = -1;
static pthread_mutex_t	 lock = PTHREAD_MUTEX_INITIALIZER;
static uint8_t		*cur;		/* a copy of the input being
					   served (a late connection of
					   the previous input reads this
					   one, never freed memory) */
static size_t		 cur_len;

/* The route of a request path: an index into the input's answers. */
static int
route(const char *path)
{
	static const char *const fixed[] = {
		"/_ping", "/version", "/info",
	};
	const char *p = path, *q;
	size_t i;

	/* an API version prefix: /v1.43/info */
	if (p[0] == '/' && p[1] == 'v' && (q = strchr(p + 1, '/')) != NULL)
		p = q;
	for (i = 0; i < HA_ARRAY_SIZE(fixed); i++)
		if (strncmp(p, fixed[i], strlen(fixed[i])) == 0)
			return (int)i;
	if (strncmp(p, "/containers/json", 16) == 0)
		return 3;
	if (strncmp(p, "/containers/", 12) == 0)
		return 4;
	if (strncmp(p, "/images/json", 12) == 0)
		return 5;
	if (strncmp(p, "/images/", 8) == 0)
		return 6;
	if (strncmp(p, "/networks", 9) == 0)
		return 7;
	if (strncmp(p, "/volumes", 8) == 0)
		return 8;
	return 9;
}

/* The n-th answer of the input (cycling), as [*start, *start + *len). */
static void
answer_of(const uint8_t *d, size_t size, int n, const uint8_t **start,
    size_t *len)
{
	const uint8_t *p = d, *end = d + size, *sep;
	const uint8_t *parts[HTTP_ROUTES];
	size_t lens[HTTP_ROUTES], np = 0, sl = strlen(HTTP_SEP);

	while (np < HTTP_ROUTES) {
		sep = memmem(p, (size_t)(end - p), HTTP_SEP, sl);
		parts[np] = p;
		lens[np] = sep != NULL ? (size_t)(sep - p) : (size_t)(end - p);
		np++;
		if (sep == NULL)
			break;
		p = sep + sl;
	}
	*start = parts[(size_t)n % np];
	*len = lens[(size_t)n % np];
}

/* Read one request head (bounded), answer it by its route, close. */
static void
serve(int fd)
{
	static const char head[] = "HTTP/1.1 200 OK\r\n"
	    "Content-Type: application/json\r\nConnection: close\r\n\r\n";
	char req[8192], path[1024];
	const uint8_t *a;
	size_t got = 0, alen;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	ssize_t r;

	while (got < sizeof(req) - 1) {
		if (poll(&pfd, 1, 2000) <= 0)
			break;
		r = read(fd, req + got, sizeof(req) - 1 - got);
		if (r <= 0)
			break;
		got += (size_t)r;
		req[got] = '\0';
		if (strstr(req, "\r\n\r\n") != NULL)
			break;
	}
	req[got] = '\0';
	if (sscanf(req, "%*s %1023s", path) != 1)
		snprintf(path, sizeof(path), "/");
	pthread_mutex_lock(&lock);
	answer_of(cur, cur_len, route(path), &a, &alen);
	if (alen < 5 || memcmp(a, "HTTP/", 5) != 0)
		(void)ha_ipc_write(fd, head, sizeof(head) - 1);
	(void)ha_ipc_write(fd, a, alen);	/* gave up: fine */
	pthread_mutex_unlock(&lock);
	close(fd);
}

static void *
server(void *arg)
{
	int fd;

	(void)arg;
	for (;;) {
		fd = accept(listen_fd, NULL, NULL);
		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			return NULL;
		}
		serve(fd);
	}
}

static void
server_start(void)
{
	struct sockaddr_un sa;
	char dir[] = "/tmp/ha-fuzz-http.XXXXXX";
	pthread_t t;

	if (mkdtemp(dir) == NULL)
		abort();
	snprintf(sock_path, sizeof(sock_path), "%s/engine.sock", dir);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, sock_path, strlen(sock_path) + 1);
	if ((listen_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) < 0 ||
	    bind(listen_fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 ||
	    listen(listen_fd, 64) < 0 ||
	    pthread_create(&t, NULL, server, NULL) != 0)
		abort();
	pthread_detach(t);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ha_collect_opts o;
	const json_t *eng, *e;
	const char *st;
	char *url;
	json_t *facts;
	size_t i;

	if (size > FUZZ_MAX_INPUT)
		return -1;
	fuzz_quiet();
	if (listen_fd < 0)
		server_start();
	pthread_mutex_lock(&lock);
	free(cur);
	cur = ha_xmalloc(size + 1);
	memcpy(cur, data, size);
	cur_len = size;
	pthread_mutex_unlock(&lock);

	ha_collect_opts_init(&o);
	url = ha_xasprintf("unix://%s", sock_path);
	o.host = url;
	o.timeout_ms = 2000;
	o.connect_timeout_ms = 1000;
	o.max_body = FUZZ_MAX_INPUT;
	facts = json_object();
	ha_collect_engine(&o, facts);

	eng = json_object_get(facts, "engine");
	st = json_string_value(json_object_get(eng, "status"));
	if (st == NULL || (strcmp(st, "ok") != 0 && strcmp(st, "error") != 0))
		abort();
	json_array_foreach(json_object_get(facts, "errors"), i, e)
		if (!json_is_string(json_object_get(e, "source")) ||
		    !json_is_string(json_object_get(e, "message")))
			abort();
	json_array_foreach(json_object_get(eng, "errors"), i, e)
		if (!json_is_string(json_object_get(e, "source")) ||
		    !json_is_string(json_object_get(e, "message")))
			abort();
	json_decref(facts);
	free(url);
	return 0;
}

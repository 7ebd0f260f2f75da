/* SPDX-License-Identifier: Apache-2.0 */
/*
 * probe.c - the exposed-API probe: facts.exposure.  Every tcp listener of
 * the daemon is asked GET /version as an unauthenticated client would
 * ask it.  See ha_probe.h.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <curl/curl.h>
#include <jansson.h>

#include "ha_buf.h"
#include "ha_collect_opts.h"
#include "ha_facts.h"
#include "ha_hostfs.h"
#include "ha_ipc.h"
#include "ha_privs.h"
#include "ha_probe.h"
#include "ha_util.h"
#include "banned.h"

#define PROBE_MAX_BODY	(64UL * 1024)	/* a /version answer is ~1 KiB */
#define UNIT_MAX	(256UL * 1024)
#define UNIT_NAME	"docker.socket"
#define MAX_DROPINS	64
#define DEFAULT_PORT	"2375"		/* dockerd's, TLS or not */
#define MIN_LEFT_MS	100L		/* below this, no request starts */
#define QUOTE_MAX	80		/* server text quoted in an error */

/* Where systemd looks for units, highest priority first. */
static const char *const unit_dirs[] = {
	"/etc/systemd/system",
	"/run/systemd/system",
	"/lib/systemd/system",
	"/usr/lib/systemd/system",
};

/* One listener to probe: its facts entry and where to probe it from. */
struct target {
	json_t		*entry;		/* borrowed from facts.exposure */
	char		*address;	/* HOST:PORT, or NULL: not tcp */
	char		*ns;		/* network namespace file, or NULL */
	const char	*owner;		/* "dockerd" or "init", for messages */
};

struct targets {
	struct target	*v;
	size_t		 n;
	int64_t		 deadline;	/* ha_now_ms() after which no request */
};

/* One request and what came back. */
struct attempt {
	CURL		*h;
	struct ha_buf	 body;
	CURLcode	 rc;
	long		 status;	/* HTTP status, 0 when none */
	int		 cert_request;	/* the server asked for a client
					   certificate (TLS handshake) */
	char		 errbuf[CURL_ERROR_SIZE];
};

/* ------------------------------------------------------------ addresses */

static int
port_ok(const char *p, size_t n)
{
	long port = 0;
	size_t i;

	if (n == 0 || n > 5)
		return 0;
	for (i = 0; i < n; i++) {
		if (p[i] < '0' || p[i] > '9')
			return 0;
		port = port * 10 + (p[i] - '0');
	}
	return port >= 1 && port <= 65535;
}

/* Host names and IP literals only: nothing that changes a URL's meaning. */
static int
host_ok(const char *h, size_t n)
{
	return strspn(h, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789.-_:%") >= n;
}

char *
ha_probe_address(const char *listener, char **err)
{
	const char *p = listener, *end, *hs, *he, *port = DEFAULT_PORT;
	size_t plen = strlen(DEFAULT_PORT);
	char *host, *addr;

	*err = NULL;
	if (ha_starts_with(p, "tcp://"))
		p += strlen("tcp://");
	else if (*p == '\0' || *p == '/' || strstr(p, "://") != NULL)
		goto bad;
	end = p + strcspn(p, "/?#");
	if (*p == '[') {
		hs = p + 1;
		he = memchr(p, ']', (size_t)(end - p));
		if (he == NULL || (he + 1 != end && he[1] != ':'))
			goto bad;
		if (he + 1 != end) {
			port = he + 2;
			plen = (size_t)(end - port);
		}
	} else {
		hs = p;
		he = memchr(p, ':', (size_t)(end - p));
		if (he == NULL)
			he = end;
		else {
			port = he + 1;
			plen = (size_t)(end - port);
		}
	}
	if (!host_ok(hs, (size_t)(he - hs)) || !port_ok(port, plen))
		goto bad;
	host = ha_xstrndup(hs, (size_t)(he - hs));
	if (*host == '\0' || strcmp(host, "0.0.0.0") == 0)
		addr = ha_xasprintf("127.0.0.1:%.*s", (int)plen, port);
	else if (strcmp(host, "::") == 0 ||
	    strcmp(host, "0:0:0:0:0:0:0:0") == 0)
		addr = ha_xasprintf("[::1]:%.*s", (int)plen, port);
	else if (strchr(host, ':') != NULL)
		addr = ha_xasprintf("[%s]:%.*s", host, (int)plen, port);
	else
		addr = ha_xasprintf("%s:%.*s", host, (int)plen, port);
	free(host);
	return addr;
bad:
	*err = ha_xasprintf("'%s' is not a tcp address (tcp://HOST:PORT)",
	    listener);
	return NULL;
}

char *
ha_probe_unit_listener(const char *value)
{
	size_t n = strlen(value);

	if (n == 0 || value[0] == '/' || value[0] == '@' ||
	    ha_starts_with(value, "vsock:"))
		return NULL;
	if (strspn(value, "0123456789") == n)
		return ha_xasprintf("tcp://:%s", value);
	if (value[0] == '[' || strchr(value, ':') != NULL)
		return ha_xasprintf("tcp://%s", value);
	return NULL;
}

/* s without leading and trailing blanks, in place. */
static char *
trim(char *s)
{
	size_t n;

	s += strspn(s, " \t");
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\r'))
		s[--n] = '\0';
	return s;
}

/* One "ListenStream=value" line of the [Socket] section. */
static void
listen_stream(char *value, json_t *out)
{
	char *url;

	if (*value == '\0') {
		json_array_clear(out);	/* systemd: an empty value resets */
		return;
	}
	if ((url = ha_probe_unit_listener(value)) == NULL)
		return;
	json_array_append_new(out, json_string(value));
	free(url);
}

void
ha_probe_listen_streams(const char *text, json_t *out)
{
	char *copy = ha_xstrdup(text), *line, *next, *eq, *key;
	int in_socket = 0;

	for (line = copy; line != NULL; line = next) {
		next = strchr(line, '\n');
		if (next != NULL)
			*next++ = '\0';
		line = trim(line);
		if (*line == '#' || *line == ';' || *line == '\0')
			continue;
		if (*line == '[') {
			in_socket = strcmp(line, "[Socket]") == 0;
			continue;
		}
		if (!in_socket || (eq = strchr(line, '=')) == NULL)
			continue;
		*eq = '\0';
		key = trim(line);
		if (strcmp(key, "ListenStream") == 0)
			listen_stream(trim(eq + 1), out);
	}
	free(copy);
}

/* ------------------------------------------------------------ requests */

static size_t
on_body(char *data, size_t size, size_t n, void *arg)
{
	struct attempt *a = arg;

	(void)size;	/* always 1 */
	if (ha_buf_add(&a->body, data, n) < 0)
		return 0;	/* over the cap: curl stops */
	return n;
}

/*
 * curl's OpenSSL trace names each handshake message; "Request CERT" is
 * the server's CertificateRequest: it wants a client certificate.
 */
static int
on_debug(CURL *h, curl_infotype type, char *data, size_t size, void *arg)
{
	static const char mark[] = "Request CERT";
	struct attempt *a = arg;

	(void)h;
	if (type == CURLINFO_TEXT &&
	    memmem(data, size, mark, sizeof(mark) - 1) != NULL)
		a->cert_request = 1;
	return 0;
}

/*
 * GET /version at address, over TLS or not, as a client with no
 * certificate that trusts any server: it asks what anyone may ask.
 */
static void
attempt_run(struct attempt *a, const char *address, int tls, long ms)
{
	char *url = ha_xasprintf("%s://%s/version", tls ? "https" : "http",
	    address);
	CURL *h;

	memset(a, 0, sizeof(*a));
	ha_buf_init(&a->body, PROBE_MAX_BODY);
	if ((h = a->h = curl_easy_init()) == NULL)
		ha_die_oom();
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, ms);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, ms);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, tls ? "https" : "http");
#else
	curl_easy_setopt(h, CURLOPT_PROTOCOLS, tls ? (long)CURLPROTO_HTTPS :
	    (long)CURLPROTO_HTTP);
#endif
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_PROXY, "");	/* no $http_proxy */
	curl_easy_setopt(h, CURLOPT_USERAGENT, "hostaudit/" HA_VERSION);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, a);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, a->errbuf);
	if (tls) {
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
		curl_easy_setopt(h, CURLOPT_DEBUGFUNCTION, on_debug);
		curl_easy_setopt(h, CURLOPT_DEBUGDATA, a);
		curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
	}
	a->rc = curl_easy_perform(h);
	if (a->rc == CURLE_OK)
		curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &a->status);
	free(url);
}

static void
attempt_release(struct attempt *a)
{
	if (a->h != NULL)
		curl_easy_cleanup(a->h);
	a->h = NULL;
	ha_buf_release(&a->body);
}

static int
attempt_answered(const struct attempt *a)
{
	return a->rc == CURLE_OK && a->status >= 200 && a->status <= 299;
}

/* 1 when the connection was made (a refusal or no route is not). */
static int
attempt_connected(const struct attempt *a)
{
	curl_off_t us = 0;

	curl_easy_getinfo(a->h, CURLINFO_CONNECT_TIME_T, &us);
	return us > 0;
}

/* 1 when the TLS handshake completed. */
static int
attempt_handshaken(const struct attempt *a)
{
	curl_off_t us = 0;

	curl_easy_getinfo(a->h, CURLINFO_APPCONNECT_TIME_T, &us);
	return us > 0;
}

/* The answer's first line, printable ASCII only, for an error message. */
static char *
body_quote(const struct attempt *a)
{
	char *q = ha_xstrndup(a->body.data != NULL ? a->body.data : "",
	    QUOTE_MAX), *p;

	q[strcspn(q, "\r\n")] = '\0';
	for (p = q; *p != '\0'; p++)
		if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7f)
			*p = '?';
	return q;
}

/* What went wrong with a request (caller frees). */
static char *
attempt_error(const struct attempt *a)
{
	char *q, *s;

	if (a->rc != CURLE_OK)
		return ha_xstrdup(a->errbuf[0] != '\0' ? a->errbuf :
		    curl_easy_strerror(a->rc));
	q = body_quote(a);
	s = ha_xasprintf("HTTP status %ld%s%s%s", a->status, *q ? " (" : "",
	    q, *q ? ")" : "");
	free(q);
	return s;
}

/*
 * After a plain HTTP request that did not answer: may the listener speak
 * TLS?  A Go TLS server answers plain HTTP with 400 ("Client sent an
 * HTTP request to an HTTPS server"); others hang up or send a TLS alert.
 * A refusal, no route or a timeout before connecting say no.
 */
static int
maybe_tls(const struct attempt *a)
{
	if (a->rc == CURLE_OK)
		return a->status == 400;
	return attempt_connected(a);
}

/* The server refused a client without a certificate. */
static int
cert_refused(const struct attempt *a)
{
	if (a->rc == CURLE_OK || a->rc == CURLE_OPERATION_TIMEDOUT)
		return 0;
	if (a->cert_request)
		return 1;
	/* a TLS library other than OpenSSL traces nothing: the alert */
	return strstr(a->errbuf, "certificate required") != NULL;
}

/* facts of an answer: answered, and the API version it gave. */
static void
set_answered(json_t *e, const struct attempt *a, int tls)
{
	json_t *v = json_loadb(a->body.data, a->body.len, 0, NULL);
	const char *api = json_string_value(json_object_get(v, "ApiVersion"));

	json_object_set_new(e, "answered", json_true());
	json_object_set_new(e, "tls", json_boolean(tls));
	json_object_set_new(e, "client_cert_required", json_false());
	json_object_set_new(e, "http_status", json_integer(a->status));
	if (api != NULL && strlen(api) <= 16)
		json_object_set_new(e, "api_version", json_string(api));
	json_decref(v);
}

static void
set_error(json_t *e, char *msg)
{
	json_t *s = json_string(msg);
	char *p;

	if (s == NULL) {	/* not UTF-8: only a hostile peer sends that */
		for (p = msg; *p != '\0'; p++)
			if ((unsigned char)*p >= 0x80)
				*p = '?';
		s = json_string(msg);
	}
	json_object_set_new(e, "error", s);
}

/* The TLS request after a plain one that did not answer. */
static void
probe_tls(json_t *e, const char *address, const struct attempt *plain,
    long ms)
{
	struct attempt a;
	char *perr, *terr, *msg;

	attempt_run(&a, address, 1, ms);
	if (attempt_answered(&a)) {
		set_answered(e, &a, 1);
	} else if (cert_refused(&a)) {
		json_object_set_new(e, "tls", json_true());
		json_object_set_new(e, "client_cert_required", json_true());
	} else {
		perr = attempt_error(plain);
		terr = attempt_error(&a);
		if (a.rc == CURLE_OK || attempt_handshaken(&a)) {
			json_object_set_new(e, "tls", json_true());
			json_object_set_new(e, "client_cert_required",
			    json_false());
			if (a.rc == CURLE_OK)
				json_object_set_new(e, "http_status",
				    json_integer(a.status));
		}
		msg = ha_xasprintf("GET /version: over plain HTTP: %s; over "
		    "TLS without a client certificate: %s", perr, terr);
		set_error(e, msg);
		free(msg);
		free(perr);
		free(terr);
	}
	attempt_release(&a);
}

/* Milliseconds for the next request: timeout_ms, but not past deadline. */
static long
request_ms(long timeout_ms, int64_t deadline)
{
	int64_t left = deadline - ha_now_ms();

	if (left < MIN_LEFT_MS)
		return MIN_LEFT_MS;
	return left < timeout_ms ? (long)left : timeout_ms;
}

/*
 * Probe address into the entry e: probed, answered, tls, ... error.
 * Each request takes at most timeout_ms, and ends by deadline.
 */
static void
probe_into(json_t *e, const char *address, long timeout_ms, int64_t deadline)
{
	struct attempt plain;
	char *err, *msg;

	json_object_set_new(e, "probed", json_true());
	attempt_run(&plain, address, 0, request_ms(timeout_ms, deadline));
	if (attempt_answered(&plain)) {
		set_answered(e, &plain, 0);
	} else if (maybe_tls(&plain)) {
		probe_tls(e, address, &plain, request_ms(timeout_ms,
		    deadline));
	} else {
		err = attempt_error(&plain);
		if (plain.rc == CURLE_OK) {
			json_object_set_new(e, "tls", json_false());
			json_object_set_new(e, "http_status",
			    json_integer(plain.status));
		}
		msg = ha_xasprintf("GET /version: %s", err);
		set_error(e, msg);
		free(msg);
		free(err);
	}
	attempt_release(&plain);
}

/* A new exposure entry that is not probed yet (NULL: not UTF-8). */
static json_t *
entry_new(const char *listener)
{
	return json_pack("{s:s, s:n, s:b, s:b, s:n, s:n, s:n}", "listener",
	    listener, "address", "probed", 0, "answered", 0, "tls",
	    "client_cert_required", "error");
}

json_t *
ha_probe_one(const char *listener, const char *address, long timeout_ms)
{
	json_t *e = entry_new(listener);

	if (e == NULL)
		e = entry_new("?");
	json_object_set_new(e, "address", json_string(address));
	probe_into(e, address, timeout_ms, ha_now_ms() + 2 * timeout_ms);
	return e;
}

/* ------------------------------------------------------------ namespaces */

/* 1 when hostaudit already is in the network namespace ns (or no ns). */
static int
own_netns(const char *ns)
{
	struct stat a, b;

	if (ns == NULL || stat("/proc/self/ns/net", &a) < 0 || stat(ns, &b) < 0)
		return 1;	/* cannot tell: probe from here */
	return a.st_dev == b.st_dev && a.st_ino == b.st_ino;
}

/* A target that is not probed, and why. */
static void
not_probed(struct target *t, const char *msg)
{
	char *copy = ha_xstrdup(msg);

	json_object_set_new(t->entry, "probed", json_false());
	set_error(t->entry, copy);
	free(copy);
}

/* Probe each target (in the calling process's network namespace). */
static void
probe_all(struct target *v, size_t n, int64_t deadline, const char *where)
{
	int64_t left;
	size_t i;

	for (i = 0; i < n; i++) {
		if (v[i].address == NULL)
			continue;	/* its error is set */
		left = deadline - ha_now_ms();
		if (left < MIN_LEFT_MS) {
			not_probed(&v[i], "not probed: the time for all "
			    "probes ran out");
			continue;
		}
		probe_into(v[i].entry, v[i].address, HA_PROBE_TIMEOUT_MS,
		    deadline);
		json_object_set_new(v[i].entry, "netns", json_string(where));
	}
}

/*
 * The probes of one namespace run in a child process: it enters the
 * namespace (setns(2), which needs CAP_SYS_ADMIN), then gives up every
 * privilege and becomes nobody before its first request, so that what
 * a listener answers is read and parsed without any (ha_privs.h).  It
 * sends back {"entries": [...]}, the targets' entries as it filled
 * them, or {"errno": N} when the namespace could not be entered.
 */
#define PROBE_RESULT_MAX	(1UL << 20)
#define PROBE_GRACE_MS		5000

static void
probe_child(struct target *v, size_t n, int64_t deadline, int sock)
{
	json_t *out, *entries;
	char *text;
	size_t i;
	int fd = -1, own = own_netns(v[0].ns);

	if (!own && ((fd = open(v[0].ns, O_RDONLY | O_CLOEXEC)) < 0 ||
	    setns(fd, CLONE_NEWNET) < 0))
		out = json_pack("{s:i}", "errno", errno);
	else {
		if (ha_privs_drop_to(HA_NOBODY_UID, HA_NOBODY_UID) < 0)
			_exit(2);
		probe_all(v, n, deadline, own ? "own" : "entered");
		entries = json_array();
		for (i = 0; i < n; i++)
			json_array_append(entries, v[i].entry);
		out = json_pack("{s:o}", "entries", entries);
	}
	text = out != NULL ? json_dumps(out, JSON_COMPACT) : NULL;
	_exit(text != NULL && ha_ipc_write(sock, text, strlen(text)) == 0 ?
	    0 : 3);
}

/*
 * Every target of v[0..n) not probed: the namespace could not be
 * entered (err, an errno value), or else for why.
 */
static void
group_failed(struct target *v, size_t n, int err, const char *why)
{
	char *msg;
	size_t i;

	for (i = 0; i < n; i++) {
		if (v[i].address == NULL)
			continue;
		msg = err != 0 ? ha_xasprintf("not probed: cannot enter the "
		    "network namespace of %s ('%s'): %s", v[i].owner,
		    v[i].ns, strerror(err)) : ha_xasprintf("not probed: %s",
		    why);
		not_probed(&v[i], msg);
		free(msg);
	}
}

/* The targets v[0..n) that share the namespace v[0].ns. */
static void
probe_group(struct target *v, size_t n, int64_t deadline)
{
	struct ha_buf b;
	json_t *res = NULL, *entries, *e;
	pid_t parent = getpid(), pid;
	char *why = NULL;
	size_t i;
	int sv[2], status = 0, rc, err = 0;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0 ||
	    (fflush(NULL), (pid = fork()) < 0)) {
		why = ha_xasprintf("cannot start the probe: %s",
		    strerror(errno));
		group_failed(v, n, 0, why);
		free(why);
		return;
	}
	if (pid == 0) {
		ha_ipc_child_setup(sv[1], SIGKILL, parent);
		probe_child(v, n, deadline, sv[1]);
	}
	close(sv[1]);
	ha_buf_init(&b, PROBE_RESULT_MAX);
	rc = ha_ipc_read_all(sv[0], &b, deadline + PROBE_GRACE_MS);
	close(sv[0]);
	if (rc < 0)
		(void)kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (rc == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0)
		res = json_loadb(b.data, b.len, 0, NULL);
	ha_buf_release(&b);
	entries = json_object_get(res, "entries");
	if (json_is_integer(json_object_get(res, "errno")))
		err = (int)json_integer_value(json_object_get(res, "errno"));
	else if (json_array_size(entries) != n)
		why = ha_xstrdup(WIFSIGNALED(status) ? "the probe process "
		    "was killed" : "the probe process gave no result");
	else
		json_array_foreach(entries, i, e)
			if (json_is_object(e))
				(void)json_object_update(v[i].entry, e);
	if (why != NULL || err != 0)
		group_failed(v, n, err, why);
	free(why);
	json_decref(res);
}

static int
same_ns(const struct target *a, const struct target *b)
{
	if (a->ns == NULL || b->ns == NULL)
		return a->ns == b->ns;
	return strcmp(a->ns, b->ns) == 0;
}

/* ------------------------------------------------------------ listeners */

/* Add a listener to facts.exposure and to ts; its entry, or NULL. */
static json_t *
targets_add(struct targets *ts, json_t *list, const char *listener,
    const char *source, const char *ns, const char *owner)
{
	json_t *e = entry_new(listener);
	struct target *t;
	char *err = NULL, *url = NULL;

	if (e == NULL)	/* not UTF-8 */
		return NULL;
	json_object_set_new(e, "source", json_string(source));
	ts->v = ha_xreallocarray(ts->v, ts->n + 1, sizeof(*ts->v));
	t = &ts->v[ts->n++];
	memset(t, 0, sizeof(*t));
	t->entry = e;
	t->ns = ns != NULL ? ha_xstrdup(ns) : NULL;
	t->owner = owner;
	if (strcmp(source, "socket-unit") == 0)
		url = ha_probe_unit_listener(listener);
	t->address = ha_probe_address(url != NULL ? url : listener, &err);
	free(url);
	if (t->address != NULL)
		json_object_set_new(e, "address", json_string(t->address));
	else
		set_error(e, err);
	if (ts->n > HA_PROBE_MAX && t->address != NULL) {
		free(t->address);
		t->address = NULL;
		json_object_set_new(e, "error", json_sprintf("not probed: "
		    "more than %d tcp listeners", HA_PROBE_MAX));
	}
	free(err);
	json_array_append_new(list, e);
	return e;
}

/*
 * One of dockerd's listeners.  A "hosts" from --daemon-json is a file
 * about to be deployed, not in force: nothing listens there yet, and
 * whatever does is not dockerd.
 */
static void
daemon_add(struct targets *ts, json_t *list, const char *listener,
    const char *source, const char *ns, int override)
{
	struct target *t;

	if (targets_add(ts, list, listener, source ? source : "?", ns,
	    "dockerd") == NULL || !override)
		return;
	t = &ts->v[ts->n - 1];
	if (t->address == NULL)
		return;
	free(t->address);
	t->address = NULL;
	json_object_set_new(t->entry, "error", json_string("not probed: "
	    "set by the --daemon-json file, which is not in force"));
}

/* The tcp entries of the effective "hosts", probed in dockerd's netns. */
static void
daemon_listeners(const json_t *facts, json_t *list, struct targets *ts)
{
	const char *source = NULL, *proc, *h;
	const json_t *hosts = ha_facts_setting(facts, "hosts", &source), *v;
	json_int_t pid = -1;
	char *ns = NULL;
	size_t i;
	int override;

	proc = ha_facts_str(facts, "daemon.proc");
	if (json_is_integer(ha_facts_get(facts, "daemon.pid")))
		pid = json_integer_value(ha_facts_get(facts, "daemon.pid"));
	if (proc != NULL && pid > 0)
		ns = ha_xasprintf("%s/%lld/ns/net", proc, (long long)pid);
	override = source != NULL && strcmp(source, "file") == 0 &&
	    ha_facts_str(facts, "daemon.config_file.source") != NULL &&
	    strcmp(ha_facts_str(facts, "daemon.config_file.source"),
	    "override") == 0;
	if (json_is_string(hosts) &&
	    ha_facts_is_tcp_host(json_string_value(hosts)))
		daemon_add(ts, list, json_string_value(hosts), source, ns,
		    override);
	json_array_foreach(hosts, i, v)
		if (ha_facts_is_tcp_host(h = json_string_value(v)))
			daemon_add(ts, list, h, source, ns, override);
	free(ns);
}

/*
 * Read the unit file at host path path in the view fs: 0, or -1 with
 * errno (ENOENT...).  A symlink (/etc/systemd/system/docker.socket ->
 * /lib/systemd/...) is resolved inside the host root, as the host's
 * systemd resolves it.
 */
static int
read_unit(struct ha_hostfs *fs, const char *path, struct ha_buf *b)
{
	ha_buf_reset(b);
	return ha_hostfs_read(fs, path, b, 0);
}

/* Order drop-in paths by their file names. */
static int
base_cmp(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;

	return strcmp(strrchr(x, '/') + 1, strrchr(y, '/') + 1);
}

/*
 * The drop-in files docker.socket.d/ *.conf of every unit directory, by
 * name, a name in a directory of higher priority hiding the same name
 * in the others; applied in the order of their names, as systemd does.
 * Returns how many host paths are in names[] (caller frees each).
 */
static size_t
dropins(struct ha_hostfs *fs, char **names)
{
	char *dir;
	const struct dirent *d;
	DIR *dp;
	size_t i, k, n = 0;

	for (i = 0; i < HA_ARRAY_SIZE(unit_dirs); i++) {
		dir = ha_xasprintf("%s/%s.d", unit_dirs[i], UNIT_NAME);
		if ((dp = ha_hostfs_opendir(fs, dir)) != NULL) {
			while ((d = readdir(dp)) != NULL && n < MAX_DROPINS) {
				if (!ha_ends_with(d->d_name, ".conf"))
					continue;
				for (k = 0; k < n; k++)
					if (strcmp(strrchr(names[k], '/') + 1,
					    d->d_name) == 0)
						break;
				if (k == n)
					names[n++] = ha_xasprintf("%s/%s",
					    dir, d->d_name);
			}
			closedir(dp);
		}
		free(dir);
	}
	qsort(names, n, sizeof(*names), base_cmp);
	return n;
}

/*
 * The tcp ListenStream= of docker.socket (the first unit directory that
 * has it, then its drop-ins): systemd's sockets, in the init process's
 * network namespace.
 */
static void
unit_listeners(const struct ha_collect_opts *o, json_t *facts, json_t *list,
    struct targets *ts)
{
	struct ha_hostfs *fs = ha_hostfs_open(o->root);
	struct ha_buf b;
	json_t *streams = json_array(), *v, *e;
	char *names[MAX_DROPINS], *path = NULL, *proc, *ns;
	size_t i, n;

	ha_buf_init(&b, UNIT_MAX);
	for (i = 0; i < HA_ARRAY_SIZE(unit_dirs) && path == NULL; i++) {
		path = ha_xasprintf("%s/%s", unit_dirs[i], UNIT_NAME);
		if (read_unit(fs, path, &b) == 0)
			ha_probe_listen_streams(b.data, streams);
		else if (errno == ENOENT || errno == ENOTDIR) {
			free(path);
			path = NULL;
		} else
			ha_facts_error(facts, "exposure", "cannot read '%s': "
			    "%s", path, strerror(errno));
	}
	n = path != NULL ? dropins(fs, names) : 0;
	for (i = 0; i < n; i++) {
		if (read_unit(fs, names[i], &b) == 0)
			ha_probe_listen_streams(b.data, streams);
		else if (errno != ENOENT)
			ha_facts_error(facts, "exposure", "cannot read '%s': "
			    "%s", names[i], strerror(errno));
		free(names[i]);
	}
	ha_hostfs_close(fs);
	proc = ha_hostfs_proc_dir(o->root);
	ns = ha_xasprintf("%s/1/ns/net", proc);
	json_array_foreach(streams, i, v)
		if ((e = targets_add(ts, list, json_string_value(v),
		    "socket-unit", ns, "the init process")) != NULL)
			json_object_set_new(e, "unit", json_string(path));
	free(ns);
	free(proc);
	free(path);
	json_decref(streams);
	ha_buf_release(&b);
}

void
ha_collect_exposure(const struct ha_collect_opts *o, json_t *facts)
{
	struct targets ts = { NULL, 0, 0 };
	json_t *list = json_array();
	size_t i, j;
	int curl_up;

	json_object_set_new(facts, "exposure", list);
	daemon_listeners(facts, list, &ts);
	unit_listeners(o, facts, list, &ts);
	if (ts.n == 0)
		return;
	curl_up = curl_global_init(CURL_GLOBAL_DEFAULT) == CURLE_OK;
	ts.deadline = ha_now_ms() + HA_PROBE_TOTAL_MS;
	/* group by namespace: one process per namespace */
	for (i = 0; i < ts.n; i = j) {
		for (j = i + 1; j < ts.n && same_ns(&ts.v[i], &ts.v[j]); j++)
			;
		if (curl_up)
			probe_group(&ts.v[i], j - i, ts.deadline);
		else
			for (; i < j; i++)
				if (ts.v[i].address != NULL)
					not_probed(&ts.v[i], "not probed: "
					    "cannot initialise libcurl");
	}
	for (i = 0; i < ts.n; i++) {
		free(ts.v[i].address);
		free(ts.v[i].ns);
	}
	free(ts.v);
	if (curl_up)
		curl_global_cleanup();
}

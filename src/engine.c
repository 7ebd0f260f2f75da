/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine.c - the Docker Engine API collector: facts.engine.
 *
 * Requests go over the engine's Unix socket with libcurl.  The sequential
 * requests (/_ping, /version, /info, the lists) share one easy handle and
 * so one connection.  The inspect phase (one request per container, then
 * one per image those containers use) runs on a curl multi handle with a
 * few parallel connections to the same socket.  A failed request becomes
 * an entry in facts.engine.errors and in facts.errors (see report()), and
 * collection goes on.
 *
 * The engine may be hostile or broken, so everything it can make hostaudit
 * spend is bounded, and passing a bound is an error of the requests it
 * cost, never a hang or an out-of-memory kill:
 *   - time: one deadline, o->timeout_ms after the start, for the whole
 *     collection (ping, lists, every inspect); a request still running at
 *     the deadline times out, and those not started by then are not asked
 *     (each an error), so that what was fetched is kept;
 *   - size: one answer at most o->max_body bytes;
 *   - memory: the answers held (bodies being received, and the JSON they
 *     parse to, which is many times larger) at most o->max_engine_bytes
 *     together (see counted_malloc());
 *   - nesting: HA_ENGINE_MAX_DEPTH levels of arrays and objects, checked
 *     before an answer is parsed.
 * A string holding U+0000 (which no C string can) is rejected alone: the
 * value becomes null and the answer is kept with an error naming it,
 * except an inspect object, which is not kept (drop_nul()).
 */
#include <ctype.h>
#include <errno.h>
#include <malloc.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <curl/curl.h>
#include <jansson.h>

#include "ha_buf.h"
#include "ha_collect_opts.h"
#include "ha_endpoint.h"
#include "ha_engine.h"
#include "ha_slim.h"
#include "ha_util.h"
#include "banned.h"

#ifndef HA_ENGINE_PARALLEL
#define HA_ENGINE_PARALLEL 4	/* connections in the inspect phase */
#endif
#define HA_ENGINE_MAX_ID	128	/* longer ids are refused */
#define HA_ENGINE_MAX_QUOTE	512	/* engine text quoted in a message */
#define HA_ENGINE_MAX_REPORTED	20	/* one object's failures listed in
					   facts.errors */
#define HA_ENGINE_MAX_INVALID	100	/* list entries without a valid id
					   named one by one */
#define HA_ENGINE_KEEP_BUF	(1UL << 20)	/* a larger body buffer is
						   freed once parsed */

struct engine;

/* One transfer: an easy handle and the answer it collects. */
struct req {
	CURL		*h;
	struct engine	*e;		/* whose budget the body counts in */
	const char	*path;		/* borrowed for the transfer */
	size_t		 idx;		/* slot in a batch */
	struct ha_buf	 body;
	size_t		 counted;	/* body bytes in e->body_bytes */
	int		 over;		/* the answer passed the cap */
	int		 over_budget;	/* ... or the memory budget */
	char		 errbuf[CURL_ERROR_SIZE];
};

struct engine {
	const struct ha_collect_opts *o;
	const struct ha_endpoint *ep;	/* where and how to connect */
	const struct ha_engine_tls *tls; /* TLS files read for it, or NULL */
	const char	*base;		/* "http://localhost", "https://H:P" */
	char		*libpod;	/* a Libpod-Api-Version header */
	json_t		*facts;		/* borrowed */
	json_t		*eng;		/* facts.engine, borrowed */
	json_t		*errors;	/* facts.engine.errors, owned */
	const char	*sock;
	size_t		 cap;
	size_t		 budget;	/* o->max_engine_bytes */
	size_t		 body_bytes;	/* bodies held, received or not yet
					   parsed */
	int64_t		 deadline;	/* ha_now_ms() clock */
	struct req	 main;		/* the sequential requests */
	CURLM		*multi;		/* the parallel ones, made when
					   needed */
	struct req	 pool[HA_ENGINE_PARALLEL];
	size_t		 npool;		/* handles made in pool */
	json_type	 want;		/* the answer type of the batch */
	size_t		 nreported;	/* one object's failures listed */
	size_t		 nunreported;	/* and those beyond the bound */
};

/*
 * A JSON string of msg.  jansson refuses invalid UTF-8 (a hostile engine
 * or $DOCKER_HOST may send it), so such bytes become '?' in msg first.
 */
static json_t *
jmsg(char *msg)
{
	json_t *s = json_string(msg);
	char *p;

	if (s != NULL)
		return s;
	for (p = msg; *p != '\0'; p++)
		if ((unsigned char)*p >= 0x80)
			*p = '?';
	s = json_string(msg);
	if (s == NULL)
		ha_die_oom();
	return s;
}

/* A JSON string of s, which is left as it is (see jmsg()). */
static json_t *
jstr(const char *s)
{
	char *copy;
	json_t *j;

	if ((j = json_string(s)) != NULL)
		return j;
	copy = ha_xstrdup(s);
	j = jmsg(copy);
	free(copy);
	return j;
}

/*
 * The memory budget.  jansson allocates through counted_malloc() while
 * the engine is collected, so json_held is what the parsed answers (and
 * the rest of the facts made meanwhile) really take: a 3-byte "[]," is
 * some 100 bytes once parsed, so bounding the bodies alone would not
 * bound memory.  While an answer is parsed (json_limit set), an
 * allocation that would pass the budget fails, and json_loadb() with it.
 * Memory allocated before counting began and freed during it is not
 * subtracted below 0.  Collection is single-threaded.
 */
static size_t	json_held;
static size_t	json_limit = SIZE_MAX;
static int	json_refused;	/* an allocation failed against the limit */

static void *
counted_malloc(size_t n)
{
	void *p;

	if (n > json_limit || json_held > json_limit - n) {
		json_refused = 1;
		return NULL;
	}
	if ((p = malloc(n)) != NULL)
		json_held += malloc_usable_size(p);
	return p;
}

static void
counted_free(void *p)
{
	size_t n;

	if (p == NULL)
		return;
	n = malloc_usable_size(p);
	json_held -= n < json_held ? n : json_held;
	free(p);
}

/* Memory the engine's answers hold now. */
static size_t
engine_held(const struct engine *e)
{
	return json_held + e->body_bytes;
}

/* n bytes for people: "512 MiB", "3 KiB", "1000 bytes". */
static char *
size_text(size_t n)
{
	if (n >= (1UL << 30) && n % (1UL << 30) == 0)
		return ha_xasprintf("%zu GiB", n >> 30);
	if (n >= (1UL << 20) && n % (1UL << 20) == 0)
		return ha_xasprintf("%zu MiB", n >> 20);
	if (n >= (1UL << 10) && n % (1UL << 10) == 0)
		return ha_xasprintf("%zu KiB", n >> 10);
	return ha_xasprintf("%zu bytes", n);
}

/* "GET PATH: WHAT: the memory budget ... passed" (caller frees). */
static char *
budget_error(const struct engine *e, const char *path, const char *what)
{
	char *sz = size_text(e->budget), *s;

	s = ha_xasprintf("GET %s: %s: the engine's answers would pass the "
	    "memory budget of %s (--max-engine-bytes)", path, what, sz);
	free(sz);
	return s;
}

/* "GET PATH: WHAT: the deadline ... passed" (caller frees). */
static char *
deadline_error(const struct engine *e, const char *path, const char *what)
{
	long ms = e->o->timeout_ms;

	if (ms % 1000 == 0)
		return ha_xasprintf("GET %s: %s: the deadline of the engine "
		    "collection passed (--timeout %ld s)", path, what,
		    ms / 1000);
	return ha_xasprintf("GET %s: %s: the deadline of the engine "
	    "collection passed (%ld ms)", path, what, ms);
}

/*
 * NULL when a request for path may start now; else why not (caller
 * frees): the deadline passed, or the answers held fill the budget.
 */
static char *
req_refused(const struct engine *e, const char *path)
{
	if (ha_now_ms() >= e->deadline)
		return deadline_error(e, path, "not asked");
	if (engine_held(e) >= e->budget)
		return budget_error(e, path, "not asked");
	return NULL;
}

int
ha_engine_parse_size(const char *s, size_t *out)
{
	unsigned long long n, mul = 1;
	char *end;

	if (s == NULL || !isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	n = strtoull(s, &end, 10);
	if (errno != 0)
		return -1;
	if (*end != '\0') {
		switch (toupper((unsigned char)*end)) {
		case 'K': mul = 1ULL << 10; break;
		case 'M': mul = 1ULL << 20; break;
		case 'G': mul = 1ULL << 30; break;
		default: return -1;
		}
		end++;
		if (strcasecmp(end, "iB") == 0 || strcasecmp(end, "B") == 0)
			end += strlen(end);
		if (*end != '\0')
			return -1;
	}
	if (n > HA_MAX_ENGINE_BYTES / mul || n * mul < HA_MIN_ENGINE_BYTES)
		return -1;
	*out = (size_t)(n * mul);
	return 0;
}

/*
 * A failed request in facts.errors (source "engine"), so that the report
 * names every object the audit did not see.  The whole-engine requests
 * (top: /version, /info, the lists) are few and always listed; those of
 * one object (an inspect, an image's history) only up to
 * HA_ENGINE_MAX_REPORTED, the rest counted by engine_unreported(): an
 * engine that fails every inspect must not flood the report.
 * engine.errors keeps them all.
 */
static void
report(struct engine *e, const char *path, const char *msg, int top)
{
	if (!top && e->nreported >= HA_ENGINE_MAX_REPORTED) {
		e->nunreported++;
		return;
	}
	if (!top)
		e->nreported++;
	if (strstr(msg, path) != NULL)
		ha_facts_error(e->facts, "engine", "%s", msg);
	else	/* "cannot connect to ...": say which request */
		ha_facts_error(e->facts, "engine", "GET %s: %s", path, msg);
}

/* The one facts.errors entry for the failures report() left out. */
static void
engine_unreported(struct engine *e)
{
	if (e->nunreported > 0)
		ha_facts_error(e->facts, "engine", "and %zu more failed "
		    "engine request%s (listed in engine.errors)",
		    e->nunreported, e->nunreported == 1 ? "" : "s");
}

/*
 * Record a failed request: engine.errors[] += {source, message}, and
 * facts.errors[] as report() says.  msg may be rewritten by jmsg().
 */
static void
record(struct engine *e, const char *path, char *msg, int top)
{
	json_t *ent = json_object();
	char *src = ha_xasprintf("GET %s", path);

	json_object_set_new(ent, "source", jmsg(src));
	json_object_set_new(ent, "message", jmsg(msg));
	json_array_append_new(e->errors, ent);
	report(e, path, msg, top);
	free(src);
}

/*
 * record(), for a failure that stands for one object the engine listed
 * but hostaudit could not inspect, and that no inspect path names (a list
 * entry without a valid id): kind ("container" or "image") and name say
 * which, so that each check shows it as an error target.
 */
static void
record_target(struct engine *e, const char *path, char *msg,
    const char *kind, const char *name)
{
	json_t *ent;

	record(e, path, msg, 0);
	ent = json_array_get(e->errors, json_array_size(e->errors) - 1);
	json_object_set_new(ent, "kind", json_string(kind));
	json_object_set_new(ent, "name", jstr(name));
}

char *
ha_engine_socket_check(const char *path)
{
	struct stat st;

	if (lstat(path, &st) < 0 ||
	    (S_ISLNK(st.st_mode) && stat(path, &st) < 0))
		return ha_xasprintf("cannot connect to '%s': %s", path,
		    strerror(errno));
	if (!S_ISSOCK(st.st_mode))
		return ha_xasprintf("'%s' is not a socket", path);
	return NULL;
}

static size_t
on_body(char *data, size_t size, size_t n, void *arg)
{
	struct req *r = arg;
	struct engine *e = r->e;

	(void)size;	/* always 1 */
	if (n > e->budget || engine_held(e) > e->budget - n) {
		r->over_budget = 1;
		return 0;	/* curl stops with CURLE_WRITE_ERROR */
	}
	if (ha_buf_add(&r->body, data, n) < 0) {
		r->over = 1;
		return 0;
	}
	r->counted += n;
	e->body_bytes += n;
	return n;
}

/* The body of r is no longer needed: out of the budget, a large one freed. */
static void
req_done(struct engine *e, struct req *r)
{
	e->body_bytes -= r->counted;
	r->counted = 0;
	if (r->body.alloc > HA_ENGINE_KEEP_BUF) {
		ha_buf_release(&r->body);
		ha_buf_init(&r->body, e->cap);
	} else
		ha_buf_reset(&r->body);
}

/*
 * TLS as the docker CLI speaks it: the CA (else the system's), a client
 * certificate and key when there are, and verification unless the
 * endpoint says not to (--tls, SkipTLSVerify).  A certificate that does
 * not verify fails the request; nothing falls back to no verification.
 */
/* A TLS file by name, or the bytes read of it beforehand. */
static void
tls_file(CURL *h, CURLoption by_name, CURLoption by_blob, const char *path,
    const struct ha_buf *b)
{
	struct curl_blob blob;

	if (b == NULL) {
		curl_easy_setopt(h, by_name, path);
		return;
	}
	blob.data = b->data;
	blob.len = b->len;
	blob.flags = CURL_BLOB_COPY;
	curl_easy_setopt(h, by_blob, &blob);
}

static void
req_tls(const struct engine *e, CURL *h)
{
	const struct ha_endpoint *ep = e->ep;
	const struct ha_engine_tls *ch = e->tls;

	if (ep->ca != NULL)
		tls_file(h, CURLOPT_CAINFO, CURLOPT_CAINFO_BLOB, ep->ca,
		    ch != NULL ? ch->ca : NULL);
	if (ep->cert != NULL)
		tls_file(h, CURLOPT_SSLCERT, CURLOPT_SSLCERT_BLOB, ep->cert,
		    ch != NULL ? ch->cert : NULL);
	if (ep->key != NULL)
		tls_file(h, CURLOPT_SSLKEY, CURLOPT_SSLKEY_BLOB, ep->key,
		    ch != NULL ? ch->key : NULL);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, ep->tls_verify ? 1L : 0L);
	curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, ep->tls_verify ? 2L : 0L);
}

/* Keep a Libpod-Api-Version header: the engine is Podman's. */
static size_t
on_header(char *data, size_t size, size_t n, void *arg)
{
	static const char name[] = "libpod-api-version:";
	struct engine *e = arg;
	size_t len = n, skip = sizeof(name) - 1;

	(void)size;	/* always 1 */
	if (e->libpod != NULL || len <= skip ||
	    strncasecmp(data, name, skip) != 0)
		return n;
	while (skip < len && (data[skip] == ' ' || data[skip] == '\t'))
		skip++;
	while (len > skip && (data[len - 1] == '\r' || data[len - 1] == '\n' ||
	    data[len - 1] == ' '))
		len--;
	if (len > skip && len - skip <= 32)
		e->libpod = ha_xstrndup(data + skip, len - skip);
	return n;
}

static void
req_init(struct engine *e, struct req *r)
{
	const struct ha_collect_opts *o = e->o;
	CURL *h;

	memset(r, 0, sizeof(*r));
	r->e = e;
	ha_buf_init(&r->body, e->cap);
	if ((h = r->h = curl_easy_init()) == NULL)
		ha_die_oom();
	if (e->ep->kind == HA_EP_UNIX)
		curl_easy_setopt(h, CURLOPT_UNIX_SOCKET_PATH, e->sock);
	else if (e->ep->tls)
		req_tls(e, h);

	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, o->connect_timeout_ms);
	curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, o->timeout_ms);
#if LIBCURL_VERSION_NUM >= 0x075500
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, e->ep->tls ? "https" :
	    "http");
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http");
#else
	curl_easy_setopt(h, CURLOPT_PROTOCOLS, e->ep->tls ?
	    (long)CURLPROTO_HTTPS : (long)CURLPROTO_HTTP);
	curl_easy_setopt(h, CURLOPT_REDIR_PROTOCOLS, (long)CURLPROTO_HTTP);
#endif
	curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(h, CURLOPT_PROXY, "");	/* no $http_proxy */
	curl_easy_setopt(h, CURLOPT_PATH_AS_IS, 1L);
	curl_easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)e->cap);
	curl_easy_setopt(h, CURLOPT_USERAGENT, "hostaudit/" HA_VERSION);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(h, CURLOPT_ERRORBUFFER, r->errbuf);
	curl_easy_setopt(h, CURLOPT_PRIVATE, r);
	if (r == &e->main) {
		curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, on_header);
		curl_easy_setopt(h, CURLOPT_HEADERDATA, e);
	}
}

static void
req_release(struct req *r)
{
	if (r->e != NULL)
		r->e->body_bytes -= r->counted;
	r->counted = 0;
	if (r->h != NULL)
		curl_easy_cleanup(r->h);
	r->h = NULL;
	if (r->body.data != NULL)
		ha_buf_release(&r->body);
}

/*
 * Make r ready to GET path (borrowed until the transfer is done), to end
 * by the deadline.  The caller asked req_refused() first.
 */
static void
req_prepare(struct engine *e, struct req *r, const char *path)
{
	char *url = ha_xasprintf("%s%s", e->base, path);
	int64_t left = e->deadline - ha_now_ms();

	if (left < 1)
		left = 1;
	r->path = path;
	r->over = 0;
	r->over_budget = 0;
	r->errbuf[0] = '\0';
	req_done(e, r);
	curl_easy_setopt(r->h, CURLOPT_URL, url);	/* curl copies it */
	curl_easy_setopt(r->h, CURLOPT_TIMEOUT_MS, (long)left);
	curl_easy_setopt(r->h, CURLOPT_CONNECTTIMEOUT_MS,
	    left < e->o->connect_timeout_ms ? (long)left :
	    e->o->connect_timeout_ms);
	free(url);
}

static const char *
curl_text(const struct req *r, CURLcode rc)
{
	return r->errbuf[0] != '\0' ? r->errbuf : curl_easy_strerror(rc);
}

/*
 * The engine's TLS alert that refuses this client: it wants a client
 * certificate, or does not take the one it got (Go sends "bad
 * certificate", OpenSSL's TLS 1.3 "certificate required").  NULL when
 * the failure is anything else.
 */
static char *
tls_refused(const struct engine *e, const struct req *r, CURLcode rc)
{
	static const char *const alerts[] = { "alert certificate required",
	    "alert bad certificate", "alert unknown ca",
	    "alert certificate unknown" };
	const char *t = curl_text(r, rc);
	size_t i;

	if (e->ep == NULL || !e->ep->tls)
		return NULL;
	for (i = 0; i < HA_ARRAY_SIZE(alerts); i++)
		if (strstr(t, alerts[i]) != NULL)
			break;
	if (i == HA_ARRAY_SIZE(alerts))
		return NULL;
	if (e->ep->cert == NULL)
		return ha_xasprintf("TLS with '%s' failed: the engine requires "
		    "a client certificate (--tlscert and --tlskey, cert.pem "
		    "and key.pem in DOCKER_CERT_PATH, or the context's): %s",
		    e->sock, t);
	return ha_xasprintf("TLS with '%s' failed: the engine refused the "
	    "client certificate '%s': %s", e->sock, e->ep->cert, t);
}

/* The error of a transfer that curl itself reports (rc != CURLE_OK). */
static char *
transfer_error(const struct engine *e, struct req *r, CURLcode rc)
{
	long en = 0, sent = 0;
	char *s;

	if ((s = tls_refused(e, r, rc)) != NULL)
		return s;
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
		curl_easy_getinfo(r->h, CURLINFO_OS_ERRNO, &en);
		if (en != 0)
			return ha_xasprintf("cannot connect to '%s': %s",
			    e->sock, strerror((int)en));
		/*
		 * On a Unix socket curl's own text names "localhost port
		 * 80"; a connect() that found the listen queue full
		 * (EAGAIN) ends here with no errno.
		 */
		if (e->ep->kind == HA_EP_UNIX)
			return ha_xasprintf("cannot connect to '%s': the "
			    "connection was not accepted (the engine's listen "
			    "queue is full, or it does not accept)", e->sock);
		return ha_xasprintf("cannot connect to '%s': %s", e->sock,
		    curl_text(r, rc));
	case CURLE_PEER_FAILED_VERIFICATION:
		return ha_xasprintf("TLS: the certificate of '%s' does not "
		    "verify: %s", e->sock, curl_text(r, rc));
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_CIPHER:
		return ha_xasprintf("TLS with '%s' failed: %s", e->sock,
		    curl_text(r, rc));
	case CURLE_OPERATION_TIMEDOUT:
		/*
		 * Nothing sent: no connection was made in time.  A reused
		 * connection has no connect time of its own, so the request
		 * sent is what says the engine was reached.
		 */
		curl_easy_getinfo(r->h, CURLINFO_REQUEST_SIZE, &sent);
		if (sent == 0 && ha_now_ms() < e->deadline)
			return ha_xasprintf("cannot connect to '%s': timed "
			    "out after %ld ms", e->sock,
			    e->o->connect_timeout_ms);
		if (sent == 0)
			return deadline_error(e, r->path, "cannot connect");
		return deadline_error(e, r->path, "timed out");
	case CURLE_PARTIAL_FILE:
		return ha_xasprintf("GET %s: answer cut short: %s", r->path,
		    curl_text(r, rc));
	default:
		return ha_xasprintf("GET %s: %s", r->path, curl_text(r, rc));
	}
}

/* A non-2xx answer: the status and the engine's "message", if any. */
static char *
status_error(const struct req *r, long status)
{
	json_t *j = json_loadb(r->body.data, r->body.len, 0, NULL);
	const char *m = json_string_value(json_object_get(j, "message"));
	char *s;

	if (m != NULL && *m != '\0')
		s = ha_xasprintf("GET %s: HTTP status %ld: %.*s", r->path,
		    status, HA_ENGINE_MAX_QUOTE, m);
	else
		s = ha_xasprintf("GET %s: HTTP status %ld", r->path, status);
	json_decref(j);
	return s;
}

/*
 * NULL when the transfer got a 2xx answer within the cap; else the
 * message (caller frees).  *status is the HTTP status, 0 when none.
 */
static char *
req_error(const struct engine *e, struct req *r, CURLcode rc, long *status)
{
	*status = 0;
	if (r->over_budget)
		return budget_error(e, r->path, "answer not read whole");
	if (r->over || rc == CURLE_FILESIZE_EXCEEDED)
		return ha_xasprintf("answer to GET %s is larger than %zu bytes",
		    r->path, e->cap);
	if (rc != CURLE_OK)
		return transfer_error(e, r, rc);
	curl_easy_getinfo(r->h, CURLINFO_RESPONSE_CODE, status);
	if (*status < 200 || *status > 299)
		return status_error(r, *status);
	return NULL;
}

/*
 * 1 when the JSON text p (n bytes) nests arrays and objects deeper than
 * max; a linear scan, so that a deep answer is refused before jansson
 * (whose own bound is 2048) builds it and before --save-facts indents it.
 */
static int
too_deep(const char *p, size_t n, int max)
{
	int depth = 0, in_str = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		if (in_str) {
			if (p[i] == '\\')
				i++;
			else if (p[i] == '"')
				in_str = 0;
		} else if (p[i] == '"')
			in_str = 1;
		else if (p[i] == '[' || p[i] == '{') {
			if (++depth > max)
				return 1;
		} else if (p[i] == ']' || p[i] == '}')
			depth--;
	}
	return 0;
}

/* Where drop_nul() is, and the first string with a NUL it found. */
struct nulscan {
	struct ha_buf	 path;		/* "Config.User", "[2].Names[0]" */
	size_t		 n;
};

static int
has_nul(const json_t *v)
{
	return json_is_string(v) &&
	    strlen(json_string_value(v)) != json_string_length(v);
}

static void
path_cut(struct nulscan *s, size_t len)
{
	if (s->n == 0) {
		s->path.len = len;
		s->path.data[len] = '\0';
	}
}

/*
 * Replace each string in v that holds a NUL by null.  s->path is left
 * naming the first; s->n counts them.  The depth is bounded (too_deep()).
 */
static void
drop_nul(json_t *v, struct nulscan *s)
{
	size_t mark = s->path.len, i;
	const char *k;
	json_t *c;
	void *tmp;

	if (json_is_object(v)) {
		json_object_foreach_safe(v, tmp, k, c) {
			if (s->n == 0)
				ha_buf_addf(&s->path, "%s%s", mark > 0 ? "." :
				    "", k);
			if (has_nul(c)) {
				s->n++;
				json_object_set_new(v, k, json_null());
			} else
				drop_nul(c, s);
			path_cut(s, mark);
		}
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, c) {
			if (s->n == 0)
				ha_buf_addf(&s->path, "[%zu]", i);
			if (has_nul(c)) {
				s->n++;
				json_array_set_new(v, i, json_null());
			} else
				drop_nul(c, s);
			path_cut(s, mark);
		}
	}
}

/*
 * The answer as JSON of type want (new reference), or NULL and *err.
 * Strings holding a NUL are null in it, and *nul says where (else NULL;
 * caller frees both), and whether the caller keeps the rest (keep).
 * Parsing stops at the memory budget.
 */
static json_t *
req_json(struct engine *e, const struct req *r, json_type want, int keep,
    char **err, char **nul)
{
	struct nulscan ns;
	json_error_t je;
	json_t *j;

	*nul = NULL;
	if (too_deep(r->body.data, r->body.len, HA_ENGINE_MAX_DEPTH)) {
		*err = ha_xasprintf("GET %s: JSON nested deeper than %d "
		    "levels (the bound for engine answers)", r->path,
		    HA_ENGINE_MAX_DEPTH);
		return NULL;
	}
	json_limit = e->budget > e->body_bytes ? e->budget - e->body_bytes :
	    0;
	json_refused = 0;
	j = json_loadb(r->body.data, r->body.len, JSON_ALLOW_NUL, &je);
	json_limit = SIZE_MAX;
	if (j == NULL && json_refused) {
		*err = budget_error(e, r->path, "answer not parsed");
		return NULL;
	}
	if (j == NULL) {
		*err = ha_xasprintf("GET %s: invalid JSON at %d:%d: %s",
		    r->path, je.line, je.column, je.text);
		return NULL;
	}
	if (json_typeof(j) != want) {
		*err = ha_xasprintf("GET %s: expected a JSON %s", r->path,
		    want == JSON_ARRAY ? "array" : "object");
		json_decref(j);
		return NULL;
	}
	if (memmem(r->body.data, r->body.len, "\\u0000", 6) == NULL)
		return j;
	ha_buf_init(&ns.path, HA_BUF_NOCAP);
	ns.n = 0;
	drop_nul(j, &ns);
	if (ns.n == 1)
		*nul = ha_xasprintf("GET %s: \"%.*s\" holds a NUL character "
		    "(\\u0000); %s", r->path, HA_ENGINE_MAX_QUOTE,
		    ns.path.data, keep ? "the value is dropped" :
		    "the answer is not kept");
	else if (ns.n > 1)
		*nul = ha_xasprintf("GET %s: \"%.*s\" and %zu more values "
		    "hold a NUL character (\\u0000); %s", r->path,
		    HA_ENGINE_MAX_QUOTE, ns.path.data, ns.n - 1, keep ?
		    "they are dropped" : "the answer is not kept");
	ha_buf_release(&ns.path);
	return j;
}

/*
 * An inspect answer parsed slim (ha_slim_answer_text): a fifth of the
 * work.  NULL for anything else, and for what is not plain sailing (too
 * deep, a NUL, the budget, not an object, not JSON): req_json() then
 * parses it all and says what is wrong.
 */
static json_t *
slim_json(struct engine *e, const struct req *r)
{
	json_t *j;

	if (e->want != JSON_OBJECT || r->body.len == 0 ||
	    too_deep(r->body.data, r->body.len, HA_ENGINE_MAX_DEPTH) ||
	    memmem(r->body.data, r->body.len, "\\u0000", 6) != NULL)
		return NULL;
	json_limit = e->budget > e->body_bytes ? e->budget - e->body_bytes :
	    0;
	json_refused = 0;
	j = ha_slim_answer_text(r->path, r->body.data, r->body.len);
	json_limit = SIZE_MAX;
	if (j != NULL && (json_refused || !json_is_object(j))) {
		json_decref(j);
		j = NULL;
	}
	return j;
}

/*
 * The JSON answer (of type e->want) of a finished transfer (new
 * reference), or NULL and *err (caller frees).  A 404 leaves *err
 * NULL when skip404 is set (an object removed between list and
 * inspect).
 */
static json_t *
req_finish(struct engine *e, struct req *r, CURLcode rc, int skip404,
    char **err)
{
	json_t *j = NULL;
	char *nul;
	long status;

	*err = req_error(e, r, rc, &status);
	if (*err == NULL && (j = slim_json(e, r)) != NULL)
		;	/* an inspect, slimmed as it was parsed */
	else if (*err == NULL) {
		j = req_json(e, r, e->want, 0, err, &nul);
		if (nul != NULL) {	/* an object with a NUL is not kept */
			json_decref(j);
			j = NULL;
			*err = nul;
		}
		/* an inspect keeps what is read (ha_slim.h) */
		j = ha_slim_answer(r->path, j);
	} else if (skip404 && status == 404) {
		free(*err);
		*err = NULL;
	}
	req_done(e, r);
	return j;
}

/* GET path on the main handle: a new reference of type want, or NULL. */
static json_t *
engine_get(struct engine *e, const char *path, json_type want, int top)
{
	json_t *j = NULL;
	char *err, *nul = NULL;
	long status;
	CURLcode rc;

	if ((err = req_refused(e, path)) == NULL) {
		req_prepare(e, &e->main, path);
		rc = curl_easy_perform(e->main.h);
		err = req_error(e, &e->main, rc, &status);
		if (err == NULL)
			j = req_json(e, &e->main, want, 1, &err, &nul);
		req_done(e, &e->main);
	}
	if (err != NULL)
		record(e, path, err, top);
	if (nul != NULL)	/* the rest of the answer is kept */
		record(e, path, nul, top);
	free(err);
	free(nul);
	return j;
}

/* NULL when /_ping answers "OK"; else the message (caller frees). */
static char *
engine_ping(struct engine *e)
{
	struct req *r = &e->main;
	char *err;
	long status;

	if ((err = req_refused(e, "/_ping")) != NULL)
		return err;
	req_prepare(e, r, "/_ping");
	err = req_error(e, r, curl_easy_perform(r->h), &status);
	if (err == NULL && strcmp(r->body.data, "OK") != 0)
		err = ha_xasprintf("GET /_ping: expected 'OK', got '%.32s'",
		    r->body.data);
	return err;
}

/* Start the next path of a batch on r, in m. */
static void
batch_start(struct engine *e, CURLM *m, struct req *r, char **paths,
    size_t idx)
{
	req_prepare(e, r, paths[idx]);
	r->idx = idx;
	if (curl_multi_add_handle(m, r->h) != CURLM_OK)
		ha_die_oom();
}

/*
 * Finish the transfers m reports done; their requests go back on the idle
 * stack.  Returns how many finished.
 */
static size_t
batch_reap(struct engine *e, CURLM *m, json_t **out, char **errs,
    int skip404, struct req **idle, size_t *nidle)
{
	struct CURLMsg *msg;
	struct req *r;
	size_t done = 0;
	int left;

	while ((msg = curl_multi_info_read(m, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &r);
		curl_multi_remove_handle(m, r->h);
		out[r->idx] = req_finish(e, r, msg->data.result, skip404,
		    &errs[r->idx]);
		idle[(*nidle)++] = r;
		done++;
	}
	return done;
}

/*
 * GET every path, at most HA_ENGINE_PARALLEL at once; the answers go to
 * out[], the errors to errs[] (both indexed like paths).
 */
static void
batch_run(struct engine *e, char **paths, size_t n, json_t **out,
    char **errs, int skip404)
{
	struct req *idle[HA_ENGINE_PARALLEL];
	size_t k = n < HA_ENGINE_PARALLEL ? n : HA_ENGINE_PARALLEL;
	size_t i, next = 0, running = 0, nidle = 0, done;
	int still;

	if (k <= 1) {
		for (i = 0; i < n; i++) {
			if ((errs[i] = req_refused(e, paths[i])) != NULL)
				continue;
			req_prepare(e, &e->main, paths[i]);
			out[i] = req_finish(e, &e->main,
			    curl_easy_perform(e->main.h), skip404, &errs[i]);
		}
		return;
	}
	if (e->multi == NULL && (e->multi = curl_multi_init()) == NULL)
		ha_die_oom();
	curl_multi_setopt(e->multi, CURLMOPT_MAX_HOST_CONNECTIONS,
	    (long)HA_ENGINE_PARALLEL);
	for (; e->npool < k; e->npool++)
		req_init(e, &e->pool[e->npool]);
	for (i = 0; i < k; i++)
		idle[nidle++] = &e->pool[i];
	while (next < n || running > 0) {
		while (nidle > 0 && next < n) {
			/* past the deadline or budget: not asked */
			errs[next] = req_refused(e, paths[next]);
			if (errs[next] != NULL) {
				next++;
				continue;
			}
			batch_start(e, e->multi, idle[--nidle], paths, next++);
			running++;
		}
		/* it fails only when out of memory or misused */
		if (curl_multi_perform(e->multi, &still) != CURLM_OK)
			ha_die_oom();
		done = batch_reap(e, e->multi, out, errs, skip404, idle,
		    &nidle);
		running -= done;
		if (done == 0 && running > 0)
			curl_multi_poll(e->multi, NULL, 0, 1000, NULL);
	}
}

/* GET /KIND/ID/json for each of ids (strings); a new array of answers. */
static json_t *
inspect(struct engine *e, const char *kind, const json_t *ids, int skip404)
{
	size_t i, n = json_array_size(ids);
	json_t *list = json_array(), **out;
	char **paths, **errs;

	paths = ha_xcalloc(n, sizeof(*paths));
	errs = ha_xcalloc(n, sizeof(*errs));
	out = ha_xcalloc(n, sizeof(*out));
	for (i = 0; i < n; i++)
		paths[i] = ha_xasprintf("/%s/%s/json", kind,
		    json_string_value(json_array_get(ids, i)));
	e->want = JSON_OBJECT;
	batch_run(e, paths, n, out, errs, skip404);
	for (i = 0; i < n; i++) {
		if (out[i] != NULL)
			json_array_append_new(list, out[i]);
		if (errs[i] != NULL)
			record(e, paths[i], errs[i], 0);
		free(errs[i]);
		free(paths[i]);
	}
	free(paths);
	free(errs);
	free(out);
	return list;
}

/* 1 when s can go into an API path: [A-Za-z0-9:_-], 1 to 128 bytes. */
static int
id_ok(const char *s)
{
	size_t n;

	if (s == NULL || *s == '\0')
		return 0;
	for (n = 0; s[n] != '\0'; n++)
		if (n >= HA_ENGINE_MAX_ID || (!isalnum((unsigned char)s[n]) &&
		    s[n] != ':' && s[n] != '_' && s[n] != '-'))
			return 0;
	return 1;
}

/* 1 when s is a container id: 1 to 128 hexadecimal digits. */
static int
hex_id_ok(const char *s)
{
	return id_ok(s) && s[strspn(s, "0123456789abcdefABCDEF")] == '\0';
}

/* The name of a container (inspect object or list entry), or NULL. */
static char *
name_of(const json_t *obj)
{
	const char *n = json_string_value(json_object_get(obj, "Name"));

	if (n == NULL)	/* a list entry */
		n = json_string_value(json_array_get(json_object_get(obj,
		    "Names"), 0));
	if (n != NULL && *n == '/')
		n++;
	return n != NULL && *n != '\0' ? ha_xasprintf("%.128s", n) : NULL;
}

/*
 * Object i of a list has no valid key: an error target of kind (the
 * first HA_ENGINE_MAX_INVALID; distinct_ids() counts the rest in one).
 * A container list entry is named by its name, else its place in the
 * list; a container's image by the container.
 */
static void
invalid_id(struct engine *e, const json_t *obj, size_t i, const char *key,
    const char *kind, size_t *ninvalid)
{
	const char *cid = json_string_value(json_object_get(obj, "Id"));
	char *name = name_of(obj), *err, *src, *tname;

	if (++*ninvalid > HA_ENGINE_MAX_INVALID) {
		free(name);
		return;
	}
	if (strcmp(kind, "container") == 0) {
		src = ha_xstrdup("/containers/json?all=1");
		if (name != NULL)
			err = ha_xasprintf("GET %s: entry %zu (%s) has no "
			    "valid \"%s\"", src, i, name, key);
		else
			err = ha_xasprintf("GET %s: entry %zu has no valid "
			    "\"%s\"", src, i, key);
		tname = name != NULL ? ha_xstrdup(name) :
		    ha_xasprintf("entry %zu of the container list", i);
	} else {
		src = ha_xasprintf("/containers/%s/json", id_ok(cid) ? cid :
		    "{id}");
		err = ha_xasprintf("GET %s: container %s has no valid "
		    "\"%s\"", src, name != NULL ? name : "(unnamed)", key);
		tname = ha_xasprintf("image of container %s", name != NULL ?
		    name : "(unnamed)");
	}
	record_target(e, src, err, kind, tname);
	free(src);
	free(err);
	free(tname);
	free(name);
}

/*
 * The distinct values of key in the objects of list, in order (a new
 * array of strings).  Objects whose value cannot be an id are error
 * targets of kind (invalid_id()) and left out.
 */
static json_t *
distinct_ids(struct engine *e, const json_t *list, const char *key,
    const char *kind)
{
	json_t *ids = json_array(), *seen = json_object(), *obj;
	int hex = strcmp(kind, "container") == 0;
	size_t i, ninvalid = 0;
	const char *id;
	char *err;

	json_array_foreach(list, i, obj) {
		id = json_string_value(json_object_get(obj, key));
		if (hex ? !hex_id_ok(id) : !id_ok(id)) {
			invalid_id(e, obj, i, key, kind, &ninvalid);
			continue;
		}
		if (json_object_get(seen, id) != NULL)
			continue;
		json_object_set_new(seen, id, json_true());
		json_array_append_new(ids, json_string(id));
	}
	json_decref(seen);
	if (ninvalid > HA_ENGINE_MAX_INVALID) {
		err = ha_xasprintf("and %zu more %ss without a valid \"%s\"",
		    ninvalid - HA_ENGINE_MAX_INVALID, kind, key);
		record_target(e, hex ? "/containers/json?all=1" :
		    "/containers/{id}/json", err, kind, err);
		free(err);
	}
	return ids;
}

/*
 * GET /images/{id}/history for every image inspected: the answer (an
 * array, newest step first) becomes the image's "History"; a failure
 * becomes its "HistoryError" and an entry in engine.errors.  These two
 * keys are hostaudit's additions to the inspect object (4.7, 4.9).
 */
static void
image_history(struct engine *e, json_t *images)
{
	size_t i, k = 0, n = json_array_size(images);
	json_t **out, *img, **which;
	char **paths, **errs;
	const char *id;

	paths = ha_xcalloc(n, sizeof(*paths));
	errs = ha_xcalloc(n, sizeof(*errs));
	out = ha_xcalloc(n, sizeof(*out));
	which = ha_xcalloc(n, sizeof(*which));
	json_array_foreach(images, i, img) {
		id = json_string_value(json_object_get(img, "Id"));
		if (!id_ok(id)) {
			json_object_set_new(img, "HistoryError", json_string(
			    "image has no valid \"Id\" to ask its history"));
			continue;
		}
		which[k] = img;
		paths[k++] = ha_xasprintf("/images/%s/history", id);
	}
	e->want = JSON_ARRAY;
	batch_run(e, paths, k, out, errs, 0);
	for (i = 0; i < k; i++) {
		if (out[i] != NULL)
			json_object_set_new(which[i], "History", out[i]);
		if (errs[i] != NULL) {
			json_object_set_new(which[i], "HistoryError",
			    jstr(errs[i]));
			record(e, paths[i], errs[i], 0);
		}
		free(errs[i]);
		free(paths[i]);
	}
	free(which);
	free(paths);
	free(errs);
	free(out);
}

/*
 * GET /volumes answers {"Volumes": [...], "Warnings": [...]}; its list
 * becomes engine.volumes ([] when the engine sends null: no volumes).
 * A failure leaves the key absent, like the other lists.
 */
static void
engine_volumes(struct engine *e)
{
	static const char path[] = "/volumes";
	json_t *j, *v;
	char *err;

	if ((j = engine_get(e, path, JSON_OBJECT, 1)) == NULL)
		return;
	v = json_object_get(j, "Volumes");
	if (json_is_array(v))
		json_object_set(e->eng, "volumes", v);
	else if (json_is_null(v))
		json_object_set_new(e->eng, "volumes", json_array());
	else {
		err = ha_xasprintf(v == NULL ? "GET %s: no \"Volumes\" list" :
		    "GET %s: \"Volumes\" is not an array", path);
		record(e, path, err, 1);
		free(err);
	}
	json_decref(j);
}

/* containers, images, image_list, networks and volumes. */
static void
engine_objects(struct engine *e)
{
	static const char ctr_list[] = "/containers/json?all=1";
	json_t *list, *ids, *ctrs, *imgs;

	if ((list = engine_get(e, ctr_list, JSON_ARRAY, 1)) != NULL) {
		ids = distinct_ids(e, list, "Id", "container");
		ctrs = inspect(e, "containers", ids, 1);
		json_decref(ids);
		json_decref(list);
		json_object_set_new(e->eng, "containers", ctrs);
		ids = distinct_ids(e, ctrs, "Image", "image");
		imgs = inspect(e, "images", ids, 0);
		json_object_set_new(e->eng, "images", imgs);
		image_history(e, imgs);
		json_decref(ids);
	}
	if ((list = engine_get(e, "/images/json", JSON_ARRAY, 1)) != NULL)
		json_object_set_new(e->eng, "image_list", list);
	if ((list = engine_get(e, "/networks", JSON_ARRAY, 1)) != NULL)
		json_object_set_new(e->eng, "networks", list);
	engine_volumes(e);
}

/* Ask an answering engine everything; failures land in engine.errors. */
static void
engine_collect(struct engine *e)
{
	json_t *j;

	json_object_set_new(e->eng, "status", json_string("ok"));
	json_object_set_new(e->eng, "ping", json_string("OK"));
	if ((j = engine_get(e, "/version", JSON_OBJECT, 1)) != NULL)
		json_object_set_new(e->eng, "version", j);
	if ((j = engine_get(e, "/info", JSON_OBJECT, 1)) != NULL)
		json_object_set_new(e->eng, "info", j);
	engine_objects(e);
}

/*
 * The endpoint to use: the one main resolved (o->ep), else o->host or
 * $DOCKER_HOST or the default, parsed into tmp (which the caller
 * releases).  0, or -1 and *err.
 */
static int
endpoint_of(const struct ha_collect_opts *o, struct ha_endpoint *tmp,
    const struct ha_endpoint **ep, char **err)
{
	if (o->ep != NULL) {
		*ep = o->ep;
		return 0;
	}
	memset(tmp, 0, sizeof(*tmp));
	*ep = tmp;
	return ha_endpoint_parse_url(ha_collect_host_url(o), tmp, err);
}

void
ha_collect_engine(const struct ha_collect_opts *o, json_t *facts)
{
	ha_collect_engine_tls(o, NULL, facts);
}

void
ha_collect_engine_tls(const struct ha_collect_opts *o,
    const struct ha_engine_tls *tls, json_t *facts)
{
	json_malloc_t old_malloc;
	json_free_t old_free;
	struct ha_endpoint tmp;
	const char *url;
	struct engine e;
	char *sock = NULL, *err = NULL, *base = NULL;
	int curl_up = 0;

	memset(&e, 0, sizeof(e));
	memset(&tmp, 0, sizeof(tmp));
	json_get_alloc_funcs(&old_malloc, &old_free);
	json_set_alloc_funcs(counted_malloc, counted_free);
	json_held = 0;
	e.o = o;
	e.tls = tls;
	e.facts = facts;
	e.cap = o->max_body != 0 ? o->max_body : HA_DEFAULT_MAX_BODY;
	e.budget = o->max_engine_bytes != 0 ? o->max_engine_bytes :
	    HA_DEFAULT_MAX_ENGINE_BYTES;
	e.deadline = ha_now_ms() + o->timeout_ms;
	e.eng = json_object();
	e.errors = json_array();
	if (e.eng == NULL || e.errors == NULL)
		ha_die_oom();
	json_object_set_new(facts, "engine", e.eng);
	url = o->ep != NULL ? o->ep->url : ha_collect_host_url(o);
	json_object_set_new(e.eng, "endpoint", jstr(url));
	if (endpoint_of(o, &tmp, &e.ep, &err) < 0)
		goto fail;
	json_object_set_new(e.eng, "endpoint_info", ha_endpoint_json(e.ep));
	if (e.ep->kind == HA_EP_UNIX) {
		sock = ha_xstrdup(e.ep->socket);
		json_object_set_new(e.eng, "socket", jstr(sock));
		base = ha_xstrdup("http://localhost");
	} else {
		/* messages name the host:port where they name a socket */
		sock = ha_xstrdup(e.ep->host);
		json_object_set_new(e.eng, "remote", json_true());
		base = ha_xasprintf("%s://%s", e.ep->tls ? "https" : "http",
		    e.ep->host);
	}
	e.sock = sock;
	e.base = base;
	if (e.ep->kind == HA_EP_UNIX &&
	    (err = ha_engine_socket_check(sock)) != NULL)
		goto fail;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		err = ha_xstrdup("cannot initialise libcurl");
		goto fail;
	}
	curl_up = 1;
	req_init(&e, &e.main);
	if ((err = engine_ping(&e)) != NULL)
		goto fail;
	engine_collect(&e);
	goto done;
fail:
	json_object_set_new(e.eng, "status", json_string("error"));
	json_object_set_new(e.eng, "error", jmsg(err));
	ha_facts_error(facts, "engine", "%s", err);
done:
	if (e.libpod != NULL)
		json_object_set_new(e.eng, "libpod_api_version",
		    jstr(e.libpod));
	engine_unreported(&e);
	json_object_set_new(e.eng, "errors", e.errors);
	req_release(&e.main);
	while (e.npool > 0)
		req_release(&e.pool[--e.npool]);
	if (e.multi != NULL)
		curl_multi_cleanup(e.multi);
	if (curl_up)
		curl_global_cleanup();
	ha_endpoint_release(&tmp);
	json_set_alloc_funcs(old_malloc, old_free);
	free(e.libpod);
	free(base);
	free(sock);
	free(err);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine.c - the Docker Engine API collector: facts.engine.
 *
 * Requests go over the engine's Unix socket with libcurl.  The sequential
 * requests (/_ping, /version, /info, the lists) share one easy handle and
 * so one connection.  The inspect phase (one request per container, then
 * one per image those containers use) runs on a curl multi handle with a
 * few parallel connections to the same socket.  Every answer is bounded in
 * size (o->max_body) and time (o->timeout_ms); a failed request becomes an
 * entry in facts.engine.errors and in facts.errors (see report()), and
 * collection goes on.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <curl/curl.h>
#include <jansson.h>

#include "ha_buf.h"
#include "ha_collect.h"
#include "ha_endpoint.h"
#include "ha_util.h"
#include "banned.h"

#ifndef HA_ENGINE_PARALLEL
#define HA_ENGINE_PARALLEL 4	/* connections in the inspect phase */
#endif
#define HA_ENGINE_MAX_ID	128	/* longer ids are refused */
#define HA_ENGINE_MAX_QUOTE	512	/* engine text quoted in a message */
#define HA_ENGINE_MAX_REPORTED	20	/* one object's failures listed in
					   facts.errors */

/* One transfer: an easy handle and the answer it collects. */
struct req {
	CURL		*h;
	const char	*path;		/* borrowed for the transfer */
	size_t		 idx;		/* slot in a batch */
	struct ha_buf	 body;
	int		 over;		/* the answer passed the cap */
	char		 errbuf[CURL_ERROR_SIZE];
};

struct engine {
	const struct ha_collect_opts *o;
	const struct ha_endpoint *ep;	/* where and how to connect */
	const char	*base;		/* "http://localhost", "https://H:P" */
	char		*libpod;	/* a Libpod-Api-Version header */
	json_t		*facts;		/* borrowed */
	json_t		*eng;		/* facts.engine, borrowed */
	json_t		*errors;	/* facts.engine.errors, owned */
	const char	*sock;
	size_t		 cap;
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
		ha_collect_error(e->facts, "engine", "%s", msg);
	else	/* "cannot connect to ...": say which request */
		ha_collect_error(e->facts, "engine", "GET %s: %s", path, msg);
}

/* The one facts.errors entry for the failures report() left out. */
static void
engine_unreported(struct engine *e)
{
	if (e->nunreported > 0)
		ha_collect_error(e->facts, "engine", "and %zu more failed "
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

/* NULL when path is a socket (or a symlink to one); else the message. */
static char *
socket_check(const char *path)
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

	(void)size;	/* always 1 */
	if (ha_buf_add(&r->body, data, n) < 0) {
		r->over = 1;
		return 0;	/* curl stops with CURLE_WRITE_ERROR */
	}
	return n;
}

/*
 * TLS as the docker CLI speaks it: the CA (else the system's), a client
 * certificate and key when there are, and verification unless the
 * endpoint says not to (--tls, SkipTLSVerify).  A certificate that does
 * not verify fails the request; nothing falls back to no verification.
 */
static void
req_tls(const struct ha_endpoint *ep, CURL *h)
{
	if (ep->ca != NULL)
		curl_easy_setopt(h, CURLOPT_CAINFO, ep->ca);
	if (ep->cert != NULL)
		curl_easy_setopt(h, CURLOPT_SSLCERT, ep->cert);
	if (ep->key != NULL)
		curl_easy_setopt(h, CURLOPT_SSLKEY, ep->key);
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
	ha_buf_init(&r->body, e->cap);
	if ((h = r->h = curl_easy_init()) == NULL)
		ha_die_oom();
	if (e->ep->kind == HA_EP_UNIX)
		curl_easy_setopt(h, CURLOPT_UNIX_SOCKET_PATH, e->sock);
	else if (e->ep->tls)
		req_tls(e->ep, h);
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
	if (r->h != NULL)
		curl_easy_cleanup(r->h);
	r->h = NULL;
	if (r->body.data != NULL)
		ha_buf_release(&r->body);
}

/* Make r ready to GET path (borrowed until the transfer is done). */
static void
req_prepare(const struct engine *e, struct req *r, const char *path)
{
	char *url = ha_xasprintf("%s%s", e->base, path);

	r->path = path;
	r->over = 0;
	r->errbuf[0] = '\0';
	ha_buf_reset(&r->body);
	curl_easy_setopt(r->h, CURLOPT_URL, url);	/* curl copies it */
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
	curl_off_t connect_us = 0;
	long en = 0;
	char *s;

	if ((s = tls_refused(e, r, rc)) != NULL)
		return s;
	switch (rc) {
	case CURLE_COULDNT_CONNECT:
		curl_easy_getinfo(r->h, CURLINFO_OS_ERRNO, &en);
		return ha_xasprintf("cannot connect to '%s': %s", e->sock,
		    en != 0 ? strerror((int)en) : curl_text(r, rc));
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
		curl_easy_getinfo(r->h, CURLINFO_CONNECT_TIME_T, &connect_us);
		if (connect_us == 0)
			return ha_xasprintf("cannot connect to '%s': timed "
			    "out", e->sock);
		return ha_xasprintf("GET %s: timed out after %ld ms", r->path,
		    e->o->timeout_ms);
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

/* The answer as JSON of type want (new reference), or NULL and *err. */
static json_t *
req_json(const struct req *r, json_type want, char **err)
{
	json_error_t je;
	json_t *j;

	j = json_loadb(r->body.data, r->body.len, 0, &je);
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
	long status;

	*err = req_error(e, r, rc, &status);
	if (*err == NULL)
		j = req_json(r, e->want, err);
	else if (skip404 && status == 404) {
		free(*err);
		*err = NULL;
	}
	return j;
}

/* GET path on the main handle: a new reference of type want, or NULL. */
static json_t *
engine_get(struct engine *e, const char *path, json_type want, int top)
{
	json_t *j = NULL;
	char *err;
	long status;
	CURLcode rc;

	req_prepare(e, &e->main, path);
	rc = curl_easy_perform(e->main.h);
	err = req_error(e, &e->main, rc, &status);
	if (err == NULL)
		j = req_json(&e->main, want, &err);
	if (err != NULL)
		record(e, path, err, top);
	free(err);
	return j;
}

/* NULL when /_ping answers "OK"; else the message (caller frees). */
static char *
engine_ping(struct engine *e)
{
	struct req *r = &e->main;
	char *err;
	long status;

	req_prepare(e, r, "/_ping");
	err = req_error(e, r, curl_easy_perform(r->h), &status);
	if (err == NULL && strcmp(r->body.data, "OK") != 0)
		err = ha_xasprintf("GET /_ping: expected 'OK', got '%.32s'",
		    r->body.data);
	return err;
}

/* Start the next path of a batch on r, in m. */
static void
batch_start(const struct engine *e, CURLM *m, struct req *r, char **paths,
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

/*
 * The distinct values of key in the objects of list, in order (a new
 * array of strings).  Values that cannot be an id are recorded against
 * source and left out.
 */
static json_t *
distinct_ids(struct engine *e, const json_t *list, const char *key,
    const char *source)
{
	json_t *ids = json_array(), *seen = json_object(), *obj;
	const char *id;
	char *err;
	size_t i;

	json_array_foreach(list, i, obj) {
		id = json_string_value(json_object_get(obj, key));
		if (!id_ok(id)) {
			err = ha_xasprintf("GET %s: entry %zu has no valid "
			    "\"%s\"", source, i, key);
			record(e, source, err, 0);
			free(err);
			continue;
		}
		if (json_object_get(seen, id) != NULL)
			continue;
		json_object_set_new(seen, id, json_true());
		json_array_append_new(ids, json_string(id));
	}
	json_decref(seen);
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
		ids = distinct_ids(e, list, "Id", ctr_list);
		ctrs = inspect(e, "containers", ids, 1);
		json_decref(ids);
		json_decref(list);
		json_object_set_new(e->eng, "containers", ctrs);
		ids = distinct_ids(e, ctrs, "Image", "/containers/{id}/json");
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
	struct ha_endpoint tmp;
	const char *url;
	struct engine e;
	char *sock = NULL, *err = NULL, *base = NULL;
	int curl_up = 0;

	memset(&e, 0, sizeof(e));
	memset(&tmp, 0, sizeof(tmp));
	e.o = o;
	e.facts = facts;
	e.cap = o->max_body != 0 ? o->max_body : HA_DEFAULT_MAX_BODY;
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
	if (e.ep->kind == HA_EP_UNIX && (err = socket_check(sock)) != NULL)
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
	ha_collect_error(facts, "engine", "%s", err);
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
	free(e.libpod);
	free(base);
	free(sock);
	free(err);
}

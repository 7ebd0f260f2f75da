/* SPDX-License-Identifier: Apache-2.0 */
/*
 * endpoint.c - the engine endpoint, resolved in the docker CLI's order
 * (-H, DOCKER_HOST, DOCKER_CONTEXT, the current context, the default
 * socket), with the TLS material that goes with it.  See ha_endpoint.h.
 */
#include <errno.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "ha_buf.h"
#include "ha_collect.h"
#include "ha_endpoint.h"
#include "ha_util.h"
#include "banned.h"

#define MAX_CLI_FILE	(1024UL * 1024)	/* config.json, meta.json */
#define PORT_PLAIN	"2375"		/* the CLI's defaults for tcp:// */
#define PORT_TLS	"2376"

void
ha_endpoint_release(struct ha_endpoint *ep)
{
	free(ep->url);
	free(ep->socket);
	free(ep->host);
	free(ep->source);
	free(ep->context);
	free(ep->why);
	free(ep->ca);
	free(ep->cert);
	free(ep->key);
	memset(ep, 0, sizeof(*ep));
}

static int
unix_path(const char *url, const char *path, struct ha_endpoint *ep,
    char **err)
{
	struct sockaddr_un sun;

	if (*path != '/') {
		*err = ha_xasprintf("engine endpoint '%s': the socket path "
		    "must be absolute (unix:///path/to/docker.sock)", url);
		return -1;
	}
	if (strlen(path) >= sizeof(sun.sun_path)) {
		*err = ha_xasprintf("engine endpoint '%s': the socket path is "
		    "longer than %zu bytes", url, sizeof(sun.sun_path) - 1);
		return -1;
	}
	ep->kind = HA_EP_UNIX;
	ep->socket = ha_xstrdup(path);
	return 0;
}

/* [p, end) is a port number, 1 to 65535. */
static int
port_ok(const char *p, const char *end)
{
	long port = 0;

	if (p == end || end - p > 5)
		return 0;
	for (; p < end; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		port = port * 10 + (*p - '0');
	}
	return port >= 1 && port <= 65535;
}

/* "HOST[:PORT][/...]" or "[V6][:PORT]": ep->host as "HOST:PORT". */
static int
tcp_host(const char *url, const char *rest, struct ha_endpoint *ep,
    char **err)
{
	size_t hlen = strcspn(rest, "/?#");
	const char *end = rest + hlen, *colon;
	char *host = ha_xstrndup(rest, hlen);

	if (rest[0] == '[') {
		colon = strchr(rest, ']');
		if (colon == NULL || colon >= end) {
			free(host);
			*err = ha_xasprintf("engine endpoint '%s': an IPv6 "
			    "address needs its closing ']'", url);
			return -1;
		}
		colon = colon[1] == ':' ? colon + 1 : NULL;
	} else
		colon = memchr(rest, ':', hlen);
	if (hlen == 0 || (colon != NULL && colon == rest) ||
	    strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789.-_:[]") != hlen) {
		free(host);
		*err = ha_xasprintf("engine endpoint '%s': not a host name or "
		    "address", url);
		return -1;
	}
	if (colon != NULL && !port_ok(colon + 1, end)) {
		free(host);
		*err = ha_xasprintf("engine endpoint '%s': the port must be a "
		    "number from 1 to 65535", url);
		return -1;
	}
	ep->kind = HA_EP_TCP;
	ep->host = colon != NULL ? host : ha_xasprintf("%s:", host);
	if (colon == NULL)
		free(host);
	return 0;
}

int
ha_endpoint_parse_url(const char *url, struct ha_endpoint *ep, char **err)
{
	const char *sep;

	if (*url == '\0') {
		*err = ha_xstrdup("empty engine endpoint");
		return -1;
	}
	if (url[0] == '/')
		return unix_path(url, url, ep, err);
	if (ha_starts_with(url, "unix://"))
		return unix_path(url, url + strlen("unix://"), ep, err);
	if (ha_starts_with(url, "tcp://"))
		return tcp_host(url, url + strlen("tcp://"), ep, err);
	if (ha_starts_with(url, "ssh://")) {
		*err = ha_xasprintf("engine endpoint '%s': ssh:// is not "
		    "supported; reach the engine over tcp+TLS (-H "
		    "tcp://HOST:2376 --tlsverify, or a context with such an "
		    "endpoint), or run hostaudit on that host", url);
		return -1;
	}
	sep = strstr(url, "://");
	if (sep != NULL && sep - url <= 16)
		*err = ha_xasprintf("engine endpoint '%s': %.*s:// is not "
		    "supported; use unix:///path/to/docker.sock or "
		    "tcp://HOST:PORT", url, (int)(sep - url), url);
	else
		*err = ha_xasprintf("engine endpoint '%s': not an engine "
		    "endpoint; use unix:///path/to/docker.sock or "
		    "tcp://HOST:PORT", url);
	return -1;
}

char *
ha_endpoint_config_dir(void)
{
	const char *dir = getenv("DOCKER_CONFIG"), *home = getenv("HOME");
	struct passwd *pw;

	if (dir != NULL && *dir != '\0')
		return ha_xstrdup(dir);
	if ((home == NULL || *home == '\0') &&
	    (pw = getpwuid(geteuid())) != NULL)
		home = pw->pw_dir;
	return ha_xasprintf("%s/.docker", home != NULL ? home : "/");
}

/* A small JSON file of the CLI's: object, NULL (ENOENT) or NULL + *err. */
static json_t *
cli_json(const char *path, char **err)
{
	struct ha_buf b;
	json_error_t je;
	json_t *j = NULL;

	ha_buf_init(&b, MAX_CLI_FILE);
	if (ha_buf_read_file(&b, path, 0) < 0) {
		if (errno != ENOENT)
			*err = ha_xasprintf("cannot read '%s': %s", path,
			    strerror(errno));
		goto out;
	}
	j = json_loadb(b.data, b.len, 0, &je);
	if (j == NULL)
		*err = ha_xasprintf("%s:%d:%d: %s", path, je.line,
		    je.column > 0 ? je.column : 1, je.text);
	else if (!json_is_object(j)) {
		*err = ha_xasprintf("%s: not a JSON object", path);
		json_decref(j);
		j = NULL;
	}
out:
	ha_buf_release(&b);
	return j;
}

/* The store's directory name for a context: hex SHA-256 of the name. */
static void
context_digest(const char *name, char hex[65])
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0, i;

	if (EVP_Digest(name, strlen(name), md, &n, EVP_sha256(), NULL) != 1 ||
	    n != 32)
		ha_die_oom();
	for (i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", md[i]);
}

static int
file_exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* dir/name when it exists, else NULL. */
static char *
tls_file(const char *dir, const char *name)
{
	char *p = ha_xasprintf("%s/%s", dir, name);

	if (file_exists(p))
		return p;
	free(p);
	return NULL;
}

/* Endpoint and TLS material of a context from the CLI's store. */
static int
read_context(const char *cfg, const char *name, struct ha_endpoint *ep,
    char **err)
{
	char hex[65], *meta, *tlsdir;
	const json_t *docker;
	const char *host;
	json_t *j;
	int rc = -1;

	context_digest(name, hex);
	meta = ha_xasprintf("%s/contexts/meta/%s/meta.json", cfg, hex);
	j = cli_json(meta, err);
	if (j == NULL) {
		if (*err == NULL)
			*err = ha_xasprintf("context '%s' does not exist (no "
			    "%s)", name, meta);
		free(meta);
		return -1;
	}
	docker = json_object_get(json_object_get(j, "Endpoints"), "docker");
	host = json_string_value(json_object_get(docker, "Host"));
	if (host == NULL || *host == '\0') {
		*err = ha_xasprintf("%s: context '%s' has no docker endpoint "
		    "(Endpoints.docker.Host)", meta, name);
		goto out;
	}
	ep->url = ha_xstrdup(host);
	if (ha_endpoint_parse_url(host, ep, err) < 0)
		goto out;
	tlsdir = ha_xasprintf("%s/contexts/tls/%s/docker", cfg, hex);
	ep->ca = tls_file(tlsdir, "ca.pem");
	ep->cert = tls_file(tlsdir, "cert.pem");
	ep->key = tls_file(tlsdir, "key.pem");
	free(tlsdir);
	ep->tls_verify = !json_is_true(json_object_get(docker,
	    "SkipTLSVerify"));
	ep->tls = ep->kind == HA_EP_TCP && (ep->ca != NULL ||
	    ep->cert != NULL || !ep->tls_verify);
	rc = 0;
out:
	json_decref(j);
	free(meta);
	return rc;
}

/* The current context of config.json, or NULL (none, or "default"). */
static char *
current_context(const char *cfg, char **err)
{
	char *path = ha_xasprintf("%s/config.json", cfg), *name = NULL;
	json_t *j = cli_json(path, err);
	const char *v = json_string_value(json_object_get(j, "currentContext"));

	if (v != NULL && *v != '\0')
		name = ha_xstrdup(v);
	json_decref(j);
	free(path);
	return name;
}

/* An explicitly named TLS file must exist; a default one may not. */
static int
tls_opt(const char *given, const char *certdir, const char *name,
    char **out, char **err)
{
	struct stat st;

	if (given != NULL) {
		if (stat(given, &st) < 0) {
			*err = ha_xasprintf("TLS file '%s': %s", given,
			    strerror(errno));
			return -1;
		}
		if (!S_ISREG(st.st_mode)) {
			*err = ha_xasprintf("TLS file '%s': not a regular "
			    "file", given);
			return -1;
		}
		*out = ha_xstrdup(given);
		return 0;
	}
	*out = tls_file(certdir, name);
	return 0;
}

/* TLS outside a context: the flags, DOCKER_TLS_VERIFY, DOCKER_CERT_PATH. */
static int
flags_tls(const struct ha_endpoint_opts *o, const char *cfg,
    struct ha_endpoint *ep, char **err)
{
	const char *env = getenv("DOCKER_TLS_VERIFY");
	const char *certdir = getenv("DOCKER_CERT_PATH");

	if (certdir == NULL || *certdir == '\0')
		certdir = cfg;
	ep->tls_verify = o->tlsverify || (env != NULL && *env != '\0');
	ep->tls = o->tls || ep->tls_verify || o->tlscacert != NULL ||
	    o->tlscert != NULL || o->tlskey != NULL;
	/* TLS files named without --tls: verify the server with them */
	if (!o->tls)
		ep->tls_verify = ep->tls;
	if (!ep->tls || ep->kind != HA_EP_TCP) {
		ep->tls = 0;
		return 0;
	}
	if (tls_opt(o->tlscacert, certdir, "ca.pem", &ep->ca, err) < 0 ||
	    tls_opt(o->tlscert, certdir, "cert.pem", &ep->cert, err) < 0 ||
	    tls_opt(o->tlskey, certdir, "key.pem", &ep->key, err) < 0)
		return -1;
	if ((ep->cert == NULL) != (ep->key == NULL)) {
		*err = ha_xasprintf("TLS: a client certificate needs its key "
		    "and a key its certificate (%s)", ep->cert ? ep->cert :
		    ep->key);
		return -1;
	}
	return 0;
}

static void
set_source(struct ha_endpoint *ep, const char *source, const char *why)
{
	ep->source = ha_xstrdup(source);
	ep->why = ha_xstrdup(why);
}

/* The default port when the URL has none: the CLI's, by TLS. */
static void
default_port(struct ha_endpoint *ep)
{
	char *h;

	if (ep->kind != HA_EP_TCP || ep->host[strlen(ep->host) - 1] != ':')
		return;
	h = ha_xasprintf("%s%s", ep->host, ep->tls ? PORT_TLS : PORT_PLAIN);
	free(ep->host);
	ep->host = h;
}

int
ha_endpoint_resolve(const struct ha_endpoint_opts *o,
    struct ha_endpoint *ep, char **err)
{
	const char *env = getenv("DOCKER_HOST");
	const char *ctx = getenv("DOCKER_CONTEXT");
	char *cfg = ha_endpoint_config_dir(), *name = NULL, *why;
	int rc = -1;

	memset(ep, 0, sizeof(*ep));
	*err = NULL;
	if (o->host != NULL) {
		ep->url = ha_xstrdup(o->host);
		why = ha_xasprintf("-H %s", o->host);
		set_source(ep, "-H", why);
		free(why);
	} else if (env != NULL && *env != '\0') {
		ep->url = ha_xstrdup(env);
		why = ha_xasprintf("DOCKER_HOST=%s", env);
		set_source(ep, "DOCKER_HOST", why);
		free(why);
	} else if (ctx != NULL && *ctx != '\0' && strcmp(ctx, "default")) {
		name = ha_xstrdup(ctx);
		ep->source = ha_xstrdup("DOCKER_CONTEXT");
	} else if ((ctx == NULL || *ctx == '\0') &&
	    (name = current_context(cfg, err)) != NULL &&
	    strcmp(name, "default") != 0) {
		ep->source = ha_xstrdup("config");
	} else {
		if (*err != NULL)	/* config.json unreadable */
			goto out;
		free(name);
		name = NULL;
		ep->url = ha_xstrdup(HA_DEFAULT_HOST);
		set_source(ep, "default", "the default: no -H, DOCKER_HOST "
		    "or docker context");
	}
	if (name != NULL) {
		ep->context = name;
		name = NULL;
		if (read_context(cfg, ep->context, ep, err) < 0)
			goto out;
		ep->why = ha_xasprintf("docker context '%s' (%s): %s",
		    ep->context, strcmp(ep->source, "config") == 0 ?
		    "current in config.json" : "DOCKER_CONTEXT", ep->url);
	} else {
		if (ha_endpoint_parse_url(ep->url, ep, err) < 0 ||
		    flags_tls(o, cfg, ep, err) < 0)
			goto out;
	}
	default_port(ep);
	rc = 0;
out:
	if (rc < 0)
		ha_endpoint_release(ep);
	free(name);
	free(cfg);
	return rc;
}

json_t *
ha_endpoint_json(const struct ha_endpoint *ep)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:b}", "kind",
	    ep->kind == HA_EP_UNIX ? "unix" : "tcp", "source",
	    ep->source ? ep->source : "", "why", ep->why ? ep->why : "",
	    "remote", ep->kind == HA_EP_TCP);

	if (o == NULL)
		o = json_object();	/* a string was not UTF-8 */
	if (ep->context != NULL)
		json_object_set_new(o, "context", json_string(ep->context));
	if (ep->kind == HA_EP_TCP)
		json_object_set_new(o, "tls", json_pack("{s:b, s:b, s:o, s:o, "
		    "s:o}", "enabled", ep->tls, "verify", ep->tls_verify,
		    "ca", ep->ca ? json_string(ep->ca) : json_null(),
		    "cert", ep->cert ? json_string(ep->cert) : json_null(),
		    "key", ep->key ? json_string(ep->key) : json_null()));
	return o;
}

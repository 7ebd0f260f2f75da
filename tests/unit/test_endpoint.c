/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_endpoint.c - endpoint resolution in the docker CLI's order, URL
 * parsing, and reading contexts from the CLI's store (a temp
 * DOCKER_CONFIG laid out as `docker context create` leaves it).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "ha_endpoint.h"
#include "ha_util.h"

/* hex SHA-256 of the context names, as the CLI names their folders */
#define SHA_ROOTLESS \
	"12b961af5feb3e9d39f93b2cefb9a1a944f18d02cca0cac2f04f5a982240605f"
#define SHA_REMOTE \
	"b71199ebd070b36beab7317920c2c2f1d777df8d05e5527d8458fda57cb17a7a"

static char cfg[] = "/tmp/ha-test-ep-XXXXXX";

static void
put(const char *rel, const char *text)
{
	char *path = ha_xasprintf("%s/%s", cfg, rel), *cmd, *dir;
	FILE *fp;

	dir = ha_xstrdup(path);
	*strrchr(dir, '/') = '\0';
	cmd = ha_xasprintf("mkdir -p '%s'", dir);
	assert_int_equal(system(cmd), 0);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
	free(cmd);
	free(dir);
	free(path);
}

static int
setup(void **state)
{
	(void)state;
	if (mkdtemp(cfg) == NULL)
		return -1;
	setenv("DOCKER_CONFIG", cfg, 1);
	unsetenv("DOCKER_HOST");
	unsetenv("DOCKER_CONTEXT");
	unsetenv("DOCKER_TLS_VERIFY");
	unsetenv("DOCKER_CERT_PATH");
	put("contexts/meta/" SHA_ROOTLESS "/meta.json",
	    "{\"Name\":\"rootless\",\"Metadata\":{\"Description\":\"Rootless "
	    "mode\"},\"Endpoints\":{\"docker\":{\"Host\":"
	    "\"unix:///run/user/1000/docker.sock\",\"SkipTLSVerify\":false}}}");
	put("contexts/meta/" SHA_REMOTE "/meta.json",
	    "{\"Name\":\"remote\",\"Endpoints\":{\"docker\":{\"Host\":"
	    "\"tcp://10.1.2.3:2376\",\"SkipTLSVerify\":false}}}");
	put("contexts/tls/" SHA_REMOTE "/docker/ca.pem", "x");
	put("contexts/tls/" SHA_REMOTE "/docker/cert.pem", "x");
	put("contexts/tls/" SHA_REMOTE "/docker/key.pem", "x");
	return 0;
}

static int
teardown(void **state)
{
	char *cmd = ha_xasprintf("rm -rf '%s'", cfg);

	(void)state;
	assert_int_equal(system(cmd), 0);
	free(cmd);
	return 0;
}

/* Resolve with opts; assert success and return the endpoint. */
static void
resolve_ok(const struct ha_endpoint_opts *o, struct ha_endpoint *ep)
{
	char *err = NULL;

	if (ha_endpoint_resolve(o, ep, &err) != 0)
		fail_msg("resolve failed: %s", err);
	assert_null(err);
}

static char *
resolve_err(const struct ha_endpoint_opts *o)
{
	struct ha_endpoint ep;
	char *err = NULL;

	assert_int_equal(ha_endpoint_resolve(o, &ep, &err), -1);
	assert_non_null(err);
	return err;
}

/* -H, then DOCKER_HOST, then DOCKER_CONTEXT, then config, then default. */
static void
test_order(void **state)
{
	struct ha_endpoint_opts o = { 0 };
	struct ha_endpoint ep;

	(void)state;
	resolve_ok(&o, &ep);
	assert_string_equal(ep.source, "default");
	assert_string_equal(ep.socket, "/var/run/docker.sock");
	ha_endpoint_release(&ep);

	put("config.json", "{\"auths\": {}, \"currentContext\": \"rootless\"}");
	resolve_ok(&o, &ep);
	assert_string_equal(ep.source, "config");
	assert_string_equal(ep.context, "rootless");
	assert_int_equal(ep.kind, HA_EP_UNIX);
	assert_string_equal(ep.socket, "/run/user/1000/docker.sock");
	assert_non_null(strstr(ep.why, "docker context 'rootless'"));
	ha_endpoint_release(&ep);

	setenv("DOCKER_CONTEXT", "remote", 1);
	resolve_ok(&o, &ep);
	assert_string_equal(ep.source, "DOCKER_CONTEXT");
	assert_string_equal(ep.context, "remote");
	assert_int_equal(ep.kind, HA_EP_TCP);
	assert_string_equal(ep.host, "10.1.2.3:2376");
	assert_true(ep.tls && ep.tls_verify);
	assert_non_null(strstr(ep.ca, SHA_REMOTE "/docker/ca.pem"));
	assert_non_null(ep.cert);
	assert_non_null(ep.key);
	ha_endpoint_release(&ep);

	/* DOCKER_CONTEXT=default: no context, even with one current */
	setenv("DOCKER_CONTEXT", "default", 1);
	resolve_ok(&o, &ep);
	assert_string_equal(ep.source, "default");
	ha_endpoint_release(&ep);

	setenv("DOCKER_CONTEXT", "remote", 1);
	setenv("DOCKER_HOST", "unix:///srv/d.sock", 1);
	resolve_ok(&o, &ep);
	assert_string_equal(ep.source, "DOCKER_HOST");
	assert_string_equal(ep.socket, "/srv/d.sock");
	ha_endpoint_release(&ep);

	o.host = "unix:///h.sock";
	resolve_ok(&o, &ep);
	assert_string_equal(ep.source, "-H");
	assert_string_equal(ep.socket, "/h.sock");
	assert_string_equal(ep.why, "-H unix:///h.sock");
	ha_endpoint_release(&ep);
	unsetenv("DOCKER_HOST");
	unsetenv("DOCKER_CONTEXT");
	put("config.json", "{}");	/* no current context for the rest */
}

static void
test_urls(void **state)
{
	struct ha_endpoint ep;
	char *err = NULL;

	(void)state;
	memset(&ep, 0, sizeof(ep));
	assert_int_equal(ha_endpoint_parse_url("tcp://127.0.0.1:2376", &ep,
	    &err), 0);
	assert_int_equal(ep.kind, HA_EP_TCP);
	assert_string_equal(ep.host, "127.0.0.1:2376");
	ha_endpoint_release(&ep);
	assert_int_equal(ha_endpoint_parse_url("tcp://[::1]:2375/", &ep,
	    &err), 0);
	assert_string_equal(ep.host, "[::1]:2375");
	ha_endpoint_release(&ep);
	assert_int_equal(ha_endpoint_parse_url("/run/docker.sock", &ep, &err),
	    0);
	assert_string_equal(ep.socket, "/run/docker.sock");
	ha_endpoint_release(&ep);
	assert_int_equal(ha_endpoint_parse_url("ssh://me@host", &ep, &err),
	    -1);
	assert_non_null(strstr(err, "ssh:// is not supported"));
	assert_non_null(strstr(err, "tcp://HOST:2376 --tlsverify"));
	free(err);
	assert_int_equal(ha_endpoint_parse_url("tcp://h:99999", &ep, &err),
	    -1);
	free(err);
	assert_int_equal(ha_endpoint_parse_url("tcp://h:x", &ep, &err), -1);
	free(err);
	assert_int_equal(ha_endpoint_parse_url("tcp://", &ep, &err), -1);
	free(err);
	assert_int_equal(ha_endpoint_parse_url("unix://rel/s", &ep, &err), -1);
	assert_non_null(strstr(err, "must be absolute"));
	free(err);
	assert_int_equal(ha_endpoint_parse_url("fd://", &ep, &err), -1);
	assert_non_null(strstr(err, "fd:// is not supported"));
	free(err);
	assert_int_equal(ha_endpoint_parse_url("", &ep, &err), -1);
	free(err);
}

/* The CLI's default ports, and TLS from the flags and the environment. */
static void
test_tls_flags(void **state)
{
	struct ha_endpoint_opts o = { 0 };
	struct ha_endpoint ep;
	char *err;

	(void)state;
	o.host = "tcp://example.org";
	resolve_ok(&o, &ep);
	assert_false(ep.tls);
	assert_string_equal(ep.host, "example.org:2375");
	ha_endpoint_release(&ep);
	setenv("DOCKER_TLS_VERIFY", "1", 1);
	setenv("DOCKER_CERT_PATH", "/nonexistent", 1);
	resolve_ok(&o, &ep);
	assert_true(ep.tls && ep.tls_verify);
	assert_string_equal(ep.host, "example.org:2376");
	assert_null(ep.ca);	/* default files absent: system CAs */
	ha_endpoint_release(&ep);
	unsetenv("DOCKER_TLS_VERIFY");
	unsetenv("DOCKER_CERT_PATH");
	/* an explicitly named file must exist */
	o.tlsverify = 1;
	o.tlscacert = "/nonexistent/ca.pem";
	err = resolve_err(&o);
	assert_non_null(strstr(err, "'/nonexistent/ca.pem'"));
	free(err);
	/* a context that does not exist is an error, not the default */
	memset(&o, 0, sizeof(o));
	setenv("DOCKER_CONTEXT", "nosuch", 1);
	err = resolve_err(&o);
	assert_non_null(strstr(err, "context 'nosuch' does not exist"));
	free(err);
	unsetenv("DOCKER_CONTEXT");
	o.host = "";
	err = resolve_err(&o);
	assert_string_equal(err, "empty engine endpoint");
	free(err);
}

/*
 * A CA or client certificate named without --tls or --tlsverify turns
 * TLS on, and the server is verified: only --tls (or a context's
 * SkipTLSVerify) ever skips verification.
 */
static void
test_tls_files_verify(void **state)
{
	struct ha_endpoint_opts o = { 0 };
	struct ha_endpoint ep;
	char *ca = ha_xasprintf("%s/contexts/tls/" SHA_REMOTE
	    "/docker/ca.pem", cfg), *err;

	(void)state;
	o.host = "tcp://example.org:2376";
	o.tlscacert = ca;
	resolve_ok(&o, &ep);
	assert_true(ep.tls);
	assert_true(ep.tls_verify);
	assert_string_equal(ep.ca, ca);
	ha_endpoint_release(&ep);
	o.tls = 1;		/* --tls: TLS, no verification, as asked */
	resolve_ok(&o, &ep);
	assert_true(ep.tls);
	assert_false(ep.tls_verify);
	ha_endpoint_release(&ep);
	/* a directory is not a TLS file, and the message says so */
	o.tls = 0;
	o.tlscacert = cfg;
	errno = EACCES;	/* whatever an earlier call left */
	err = resolve_err(&o);
	assert_non_null(strstr(err, "not a regular file"));
	free(err);
	free(ca);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order),
		cmocka_unit_test(test_urls),
		cmocka_unit_test(test_tls_flags),
		cmocka_unit_test(test_tls_files_verify),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

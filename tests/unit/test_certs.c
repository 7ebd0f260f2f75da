/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_certs.c - the certificate facts: PEM parsing (a bundle of two, a
 * key block passed over, garbage, an empty buffer, a malformed block,
 * expired and valid certificates) and their collection from a fake host
 * root through the file facts (symlinks resolved under the root, registry
 * *.crt and *.cert files, keys never read, unreadable files as errors).
 *
 * The certificates are made here with libcrypto, fixed dates, fresh keys:
 * a CA (EC P-256, self-signed), a server (RSA 2048, issued by the CA) and
 * an expired one (Ed25519, self-signed, 2000-2001).
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "ha_certs.h"
#include "ha_collect.h"
#include "ha_facts.h"
#include "ha_util.h"
#include "banned.h"

#define EPOCH_2000	946684800LL
#define EPOCH_2001	978307200LL
#define EPOCH_2100	4102444800LL

struct pems {
	char	*ca;		/* CN=Test CA,O=hostaudit: EC, self-signed */
	char	*server;	/* CN=server.example,O=Example: RSA, by CA */
	char	*expired;	/* CN=old: Ed25519, self-signed, 2000-2001 */
	char	*key;		/* the server's private key, PEM */
};

static struct pems P;

static EVP_PKEY *
keygen(int id, int param)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_id(id, NULL);
	EVP_PKEY *pk = NULL;

	assert_non_null(ctx);
	assert_int_equal(EVP_PKEY_keygen_init(ctx), 1);
	if (id == EVP_PKEY_EC)
		assert_true(EVP_PKEY_CTX_set_ec_paramgen_curve_nid(ctx,
		    param) > 0);
	if (id == EVP_PKEY_RSA)
		assert_true(EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, param) > 0);
	assert_int_equal(EVP_PKEY_keygen(ctx, &pk), 1);
	EVP_PKEY_CTX_free(ctx);
	return pk;
}

static X509_NAME *
dn(const char *cn, const char *o)
{
	X509_NAME *n = X509_NAME_new();

	assert_non_null(n);
	if (o != NULL)
		assert_int_equal(X509_NAME_add_entry_by_txt(n, "O",
		    MBSTRING_ASC, (const unsigned char *)o, -1, -1, 0), 1);
	assert_int_equal(X509_NAME_add_entry_by_txt(n, "CN", MBSTRING_ASC,
	    (const unsigned char *)cn, -1, -1, 0), 1);
	return n;
}

static char *
bio_text(BIO *bio)
{
	char *data;
	long n = BIO_get_mem_data(bio, &data);
	char *s = ha_xstrndup(data, (size_t)n);

	BIO_free(bio);
	return s;
}

/* A PEM certificate for key, named subject, signed by signer as issuer. */
static char *
make_cert(EVP_PKEY *key, X509_NAME *subject, EVP_PKEY *signer,
    X509_NAME *issuer, const char *from, const char *until, long serial)
{
	X509 *x = X509_new();
	BIO *bio = BIO_new(BIO_s_mem());
	int ed = EVP_PKEY_base_id(signer) == EVP_PKEY_ED25519;

	assert_non_null(x);
	assert_non_null(bio);
	assert_int_equal(X509_set_version(x, 2), 1);
	assert_int_equal(ASN1_INTEGER_set(X509_get_serialNumber(x), serial),
	    1);
	assert_int_equal(X509_set_subject_name(x, subject), 1);
	assert_int_equal(X509_set_issuer_name(x, issuer), 1);
	assert_int_equal(ASN1_TIME_set_string(X509_getm_notBefore(x), from),
	    1);
	assert_int_equal(ASN1_TIME_set_string(X509_getm_notAfter(x), until),
	    1);
	assert_int_equal(X509_set_pubkey(x, key), 1);
	assert_true(X509_sign(x, signer, ed ? NULL : EVP_sha256()) > 0);
	assert_int_equal(PEM_write_bio_X509(bio, x), 1);
	X509_free(x);
	return bio_text(bio);
}

static int
setup(void **state)
{
	EVP_PKEY *ca = keygen(EVP_PKEY_EC, NID_X9_62_prime256v1);
	EVP_PKEY *srv = keygen(EVP_PKEY_RSA, 2048);
	EVP_PKEY *old = keygen(EVP_PKEY_ED25519, 0);
	X509_NAME *ca_dn = dn("Test CA", "hostaudit");
	X509_NAME *srv_dn = dn("server.example", "Example");
	X509_NAME *old_dn = dn("old", NULL);
	BIO *bio = BIO_new(BIO_s_mem());

	(void)state;
	P.ca = make_cert(ca, ca_dn, ca, ca_dn, "20000101000000Z",
	    "21000101000000Z", 1);
	P.server = make_cert(srv, srv_dn, ca, ca_dn, "20000101000000Z",
	    "21000101000000Z", 2);
	P.expired = make_cert(old, old_dn, old, old_dn, "20000101000000Z",
	    "20010101000000Z", 3);
	assert_int_equal(PEM_write_bio_PrivateKey(bio, srv, NULL, NULL, 0,
	    NULL, NULL), 1);
	P.key = bio_text(bio);
	X509_NAME_free(ca_dn);
	X509_NAME_free(srv_dn);
	X509_NAME_free(old_dn);
	EVP_PKEY_free(ca);
	EVP_PKEY_free(srv);
	EVP_PKEY_free(old);
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	free(P.ca);
	free(P.server);
	free(P.expired);
	free(P.key);
	return 0;
}

static const char *
str(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));

	if (s == NULL)
		fail_msg("no string '%s'", key);
	return s;
}

static long long
num(const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	if (!json_is_integer(v))
		fail_msg("no integer '%s'", key);
	return (long long)json_integer_value(v);
}

static void
test_bundle_of_two(void **state)
{
	char *text = ha_xasprintf("# bundle\n%s%s", P.ca, P.server);
	json_t *out = json_array(), *c;
	char *err = NULL;

	(void)state;
	assert_int_equal(ha_certs_parse_pem(text, strlen(text), "tlscacert",
	    "/etc/docker/ca.pem", out, &err), 2);
	assert_null(err);
	assert_int_equal(json_array_size(out), 2);
	c = json_array_get(out, 0);
	assert_string_equal(str(c, "role"), "tlscacert");
	assert_string_equal(str(c, "path"), "/etc/docker/ca.pem");
	assert_int_equal(num(c, "index"), 0);
	assert_string_equal(str(c, "subject"), "CN=Test CA,O=hostaudit");
	assert_string_equal(str(c, "issuer"), "CN=Test CA,O=hostaudit");
	assert_string_equal(str(c, "not_before"), "2000-01-01T00:00:00Z");
	assert_string_equal(str(c, "not_after"), "2100-01-01T00:00:00Z");
	assert_int_equal(num(c, "not_after_epoch"), EPOCH_2100);
	assert_string_equal(str(c, "key_type"), "EC");
	assert_int_equal(num(c, "key_bits"), 256);
	assert_true(json_is_true(json_object_get(c, "self_signed")));
	c = json_array_get(out, 1);
	assert_int_equal(num(c, "index"), 1);
	assert_string_equal(str(c, "subject"),
	    "CN=server.example,O=Example");
	assert_string_equal(str(c, "issuer"), "CN=Test CA,O=hostaudit");
	assert_string_equal(str(c, "key_type"), "RSA");
	assert_int_equal(num(c, "key_bits"), 2048);
	assert_true(json_is_false(json_object_get(c, "self_signed")));
	json_decref(out);
	free(text);
}

static void
test_expired_and_valid(void **state)
{
	char *text = ha_xasprintf("%s%s", P.expired, P.server);
	json_t *out = json_array(), *c;
	char *err = NULL;

	(void)state;
	assert_int_equal(ha_certs_parse_pem(text, strlen(text), "registry",
	    "/etc/docker/certs.d/r/ca.crt", out, &err), 2);
	c = json_array_get(out, 0);
	assert_string_equal(str(c, "subject"), "CN=old");
	assert_string_equal(str(c, "not_before"), "2000-01-01T00:00:00Z");
	assert_string_equal(str(c, "not_after"), "2001-01-01T00:00:00Z");
	assert_int_equal(num(c, "not_after_epoch"), EPOCH_2001);
	assert_string_equal(str(c, "key_type"), "Ed25519");
	assert_int_equal(num(c, "key_bits"), 256);
	assert_true(json_is_true(json_object_get(c, "self_signed")));
	c = json_array_get(out, 1);
	assert_int_equal(num(c, "not_after_epoch"), EPOCH_2100);
	assert_true(num(c, "not_after_epoch") > EPOCH_2000);
	json_decref(out);
	free(text);
}

/* Same subject and issuer, but signed by another key: not self-signed. */
static void
test_self_issued_not_self_signed(void **state)
{
	EVP_PKEY *a = keygen(EVP_PKEY_EC, NID_X9_62_prime256v1);
	EVP_PKEY *b = keygen(EVP_PKEY_EC, NID_X9_62_prime256v1);
	X509_NAME *n = dn("same", NULL);
	char *pem = make_cert(a, n, b, n, "20000101000000Z",
	    "21000101000000Z", 9), *err = NULL;
	json_t *out = json_array();

	(void)state;
	assert_int_equal(ha_certs_parse_pem(pem, strlen(pem), "tlscert", "/c",
	    out, &err), 1);
	assert_string_equal(str(json_array_get(out, 0), "issuer"), "CN=same");
	assert_true(json_is_false(json_object_get(json_array_get(out, 0),
	    "self_signed")));
	json_decref(out);
	free(pem);
	X509_NAME_free(n);
	EVP_PKEY_free(a);
	EVP_PKEY_free(b);
}

/* A private key block before the certificate is passed over. */
static void
test_key_block_passed_over(void **state)
{
	char *text = ha_xasprintf("%s%s", P.key, P.server);
	json_t *out = json_array();
	char *err = NULL;

	(void)state;
	assert_int_equal(ha_certs_parse_pem(text, strlen(text), "tlscert",
	    "/c", out, &err), 1);
	assert_null(err);
	assert_string_equal(str(json_array_get(out, 0), "subject"),
	    "CN=server.example,O=Example");
	assert_null(json_object_get(json_array_get(out, 0), "error"));
	json_decref(out);
	free(text);
}

static void
test_garbage_and_empty(void **state)
{
	static const char garbage[] = "this is not a certificate\n\x01\x02";
	json_t *out = json_array();
	char *err = NULL;

	(void)state;
	assert_int_equal(ha_certs_parse_pem(garbage, sizeof(garbage) - 1,
	    "tlscert", "/c", out, &err), -1);
	assert_string_equal(err, "no PEM certificate");
	free(err);
	assert_int_equal(ha_certs_parse_pem("", 0, "tlscert", "/c", out,
	    &err), -1);
	assert_string_equal(err, "no PEM certificate");
	free(err);
	assert_int_equal(ha_certs_parse_pem(P.key, strlen(P.key), "tlscert",
	    "/c", out, &err), -1);
	assert_string_equal(err, "no PEM certificate");
	free(err);
	assert_int_equal(json_array_size(out), 0);
	json_decref(out);
}

/* A broken block after a good one: the good one stays, with an error. */
static void
test_malformed_block(void **state)
{
	char *text = ha_xasprintf("%s-----BEGIN CERTIFICATE-----\n"
	    "AAAAAAAA\n-----END CERTIFICATE-----\n", P.ca);
	json_t *out = json_array();
	char *err = NULL;

	(void)state;
	assert_int_equal(ha_certs_parse_pem(text, strlen(text), "tlscert",
	    "/c", out, &err), -1);
	assert_non_null(err);
	assert_true(ha_starts_with(err, "certificate 2: "));
	assert_int_equal(json_array_size(out), 1);
	assert_string_equal(str(json_array_get(out, 0), "subject"),
	    "CN=Test CA,O=hostaudit");
	free(err);
	json_decref(out);
	free(text);
}

/* A fake host root ----------------------------------------------------- */

static char root[64];

static void
mkdirs(const char *rel)
{
	char *p = ha_xasprintf("%s/%s", root, rel), *s;

	for (s = p + strlen(root) + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		assert_true(mkdir(p, 0755) == 0 || errno == EEXIST);
		*s = '/';
	}
	assert_true(mkdir(p, 0755) == 0 || errno == EEXIST);
	free(p);
}

static void
put(const char *rel, const char *text, size_t len)
{
	char *p = ha_xasprintf("%s/%s", root, rel);
	int fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
	free(p);
}

static void
link_to(const char *target, const char *rel)
{
	char *p = ha_xasprintf("%s/%s", root, rel);

	assert_int_equal(symlink(target, p), 0);
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

static void
quiet(enum ha_msg_level lvl, const char *msg, void *arg)
{
	(void)lvl;
	(void)msg;
	(void)arg;
}

/* The certs entries for path, in order. */
static size_t
entries(const json_t *facts, const char *path, const json_t **out,
    size_t max)
{
	const json_t *c;
	const char *p;
	size_t i, n = 0;

	json_array_foreach(ha_facts_get(facts, "certs"), i, c) {
		p = json_string_value(json_object_get(c, "path"));
		if (p != NULL && strcmp(p, path) == 0 && n < max)
			out[n++] = c;
	}
	return n;
}

/* The message of the facts.errors entry with source "certs" naming s. */
static int
has_error(const json_t *facts, const char *s)
{
	const json_t *e;
	const char *src, *msg;
	size_t i;

	json_array_foreach(ha_facts_get(facts, "errors"), i, e) {
		src = json_string_value(json_object_get(e, "source"));
		msg = json_string_value(json_object_get(e, "message"));
		if (src != NULL && strcmp(src, "certs") == 0 && msg != NULL &&
		    strstr(msg, s) != NULL)
			return 1;
	}
	return 0;
}

#define REG "etc/docker/certs.d/registry.example:5000"

static json_t *
collect_fake_host(void)
{
	struct ha_collect_opts o;
	json_t *facts;
	char *big, *bundle;

	snprintf(root, sizeof(root), "/tmp/ha-test-certs-XXXXXX");
	assert_non_null(mkdtemp(root));
	mkdirs("etc/docker/real");
	mkdirs(REG);
	put("etc/docker/real/ca.pem", "", 0);
	bundle = ha_xasprintf("%s%s", P.ca, P.server);
	put("etc/docker/real/bundle.pem", bundle, strlen(bundle));
	free(bundle);
	put("etc/docker/real/server.pem", P.server, strlen(P.server));
	put("etc/docker/real/server-key.pem", P.key, strlen(P.key));
	/* Absolute link targets: resolved under the root, not on this host. */
	link_to("/etc/docker/real", "etc/docker/tls");
	link_to("/etc/docker/real/bundle.pem", "etc/docker/ca.pem");
	put(REG "/ca.crt", P.expired, strlen(P.expired));
	put(REG "/client.cert", "garbage\n", 8);
	put(REG "/client.key", P.key, strlen(P.key));
	put(REG "/notes.txt", P.server, strlen(P.server));
	link_to("/nowhere", REG "/gone.crt");
	link_to("/etc/docker", REG "/dir.crt");
	big = ha_xmalloc(HA_MAX_CERT_FILE + 1);
	memset(big, 'A', HA_MAX_CERT_FILE + 1);
	put(REG "/big.crt", big, HA_MAX_CERT_FILE + 1);
	free(big);

	facts = json_loads("{\"collected_at\": \"2030-01-01T00:00:00Z\", "
	    "\"errors\": [], \"engine\": {\"status\": \"error\"}, "
	    "\"daemon\": {\"status\": \"not-found\", \"settings\": {"
	    "\"tls\": {\"value\": true, \"source\": \"file\"}, "
	    "\"tlscacert\": {\"value\": \"/etc/docker/ca.pem\", "
	    "\"source\": \"file\"}, "
	    "\"tlscert\": {\"value\": \"/etc/docker/tls/server.pem\", "
	    "\"source\": \"file\"}, "
	    "\"tlskey\": {\"value\": \"/etc/docker/tls/server-key.pem\", "
	    "\"source\": \"file\"}}}}", 0, NULL);
	assert_non_null(facts);
	ha_collect_opts_init(&o);
	o.root = root;
	o.host = "unix:///var/run/docker.sock";
	ha_set_error_routine(quiet, NULL);
	ha_collect_files(&o, facts);
	ha_collect_certs(&o, facts);
	ha_set_error_routine(NULL, NULL);
	return facts;
}

static void
test_collect(void **state)
{
	json_t *facts = collect_fake_host();
	const json_t *e[4];
	const json_t *c;
	size_t i;

	(void)state;
	/* tlscacert: a symlink to a bundle of two. */
	assert_int_equal(entries(facts, "/etc/docker/ca.pem", e, 4), 2);
	assert_string_equal(str(e[0], "role"), "tlscacert");
	assert_string_equal(str(e[0], "subject"), "CN=Test CA,O=hostaudit");
	assert_string_equal(str(e[1], "subject"),
	    "CN=server.example,O=Example");
	/* tlscert: behind a directory symlink, resolved under the root. */
	assert_int_equal(entries(facts, "/etc/docker/tls/server.pem", e, 4),
	    1);
	assert_string_equal(str(e[0], "role"), "tlscert");
	assert_int_equal(num(e[0], "not_after_epoch"), EPOCH_2100);
	/* Registry files: *.crt and *.cert only. */
	assert_int_equal(entries(facts, "/" REG "/ca.crt", e, 4), 1);
	assert_string_equal(str(e[0], "role"), "registry");
	assert_int_equal(num(e[0], "not_after_epoch"), EPOCH_2001);
	assert_int_equal(entries(facts, "/" REG "/client.cert", e, 4), 1);
	assert_string_equal(str(e[0], "error"), "cannot parse '/" REG
	    "/client.cert': no PEM certificate");
	assert_int_equal(entries(facts, "/" REG "/notes.txt", e, 4), 0);
	assert_int_equal(entries(facts, "/" REG "/gone.crt", e, 4), 1);
	assert_string_equal(str(e[0], "error"), "cannot read '/" REG
	    "/gone.crt': its target '/nowhere' does not exist");
	assert_int_equal(entries(facts, "/" REG "/dir.crt", e, 4), 1);
	assert_string_equal(str(e[0], "error"), "cannot read '/" REG
	    "/dir.crt': its target is not a regular file (dir)");
	assert_int_equal(entries(facts, "/" REG "/big.crt", e, 4), 1);
	assert_non_null(strstr(str(e[0], "error"), "larger than 1024 KiB"));
	assert_true(has_error(facts, "client.cert"));
	assert_true(has_error(facts, "big.crt"));
	/* Keys are never read. */
	json_array_foreach(ha_facts_get(facts, "certs"), i, c) {
		assert_false(ha_ends_with(str(c, "path"), ".key"));
		assert_false(ha_ends_with(str(c, "path"), "server-key.pem"));
	}
	assert_int_equal(json_array_size(ha_facts_get(facts, "certs")), 8);
	json_decref(facts);
	assert_int_equal(nftw(root, rm_one, 16, FTW_DEPTH | FTW_PHYS), 0);
}

/* Nothing configured: an empty list, no errors. */
static void
test_collect_nothing(void **state)
{
	struct ha_collect_opts o;
	json_t *facts = json_pack("{s:[], s:{}, s:[]}", "errors", "files",
	    "registry_certs");

	(void)state;
	ha_collect_opts_init(&o);
	ha_collect_certs(&o, facts);
	assert_true(json_is_array(ha_facts_get(facts, "certs")));
	assert_int_equal(json_array_size(ha_facts_get(facts, "certs")), 0);
	assert_int_equal(json_array_size(ha_facts_get(facts, "errors")), 0);
	json_decref(facts);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bundle_of_two),
		cmocka_unit_test(test_expired_and_valid),
		cmocka_unit_test(test_self_issued_not_self_signed),
		cmocka_unit_test(test_key_block_passed_over),
		cmocka_unit_test(test_garbage_and_empty),
		cmocka_unit_test(test_malformed_block),
		cmocka_unit_test(test_collect),
		cmocka_unit_test(test_collect_nothing),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}

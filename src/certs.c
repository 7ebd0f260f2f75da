/* SPDX-License-Identifier: Apache-2.0 */
/*
 * certs.c - the certificate facts (facts.certs): subject, issuer,
 * validity and key of every certificate in the daemon's tlscacert and
 * tlscert files and in the registry certificates under
 * /etc/docker/certs.d, parsed with OpenSSL's libcrypto.
 *
 * Which files, and where they live, comes from the file facts
 * (ha_collect_files() runs first): a symlink is read through the target
 * it resolved to under the host root.  The file is opened without
 * following a final symlink, without blocking (a FIFO never hangs the
 * audit), and must be a regular file of at most HA_MAX_CERT_FILE bytes.
 * It is opened in a view of the host root (ha_hostfs.h), which keeps every
 * component inside the root.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "ha_audit.h"
#include "ha_buf.h"
#include "ha_certs.h"
#include "ha_collect_opts.h"
#include "ha_facts.h"
#include "ha_hostfs.h"
#include "ha_util.h"
#include "banned.h"

#define MAX_NAME_TEXT	1024	/* longest subject or issuer kept */
#define OPEN_FLAGS	(O_RDONLY | O_NOCTTY | O_NONBLOCK | O_NOFOLLOW)

struct certs_ctx {
	const struct ha_collect_opts	*o;
	struct ha_hostfs		*fs;	/* the host root */
	json_t				*facts;
	json_t				*certs;	/* borrowed from facts */
};

/* Never ask for a passphrase: a certificate block is not encrypted. */
static int
no_passphrase(char *buf, int size, int rwflag, void *arg)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	(void)arg;
	return -1;
}

/* A JSON string of n bytes of s, at most MAX_NAME_TEXT; never NULL. */
static json_t *
text_value(const char *s, size_t n)
{
	json_t *v;

	if (n > MAX_NAME_TEXT)
		n = MAX_NAME_TEXT;
	if ((v = json_stringn(s, n)) == NULL)
		v = json_string("?");
	return v;
}

/* A distinguished name as RFC 2253 text, bytes above 127 escaped. */
static json_t *
name_value(const X509_NAME *name)
{
	BIO *bio = BIO_new(BIO_s_mem());
	char *data;
	long n;
	json_t *v;

	if (bio == NULL)
		ha_die_oom();
	if (name == NULL || X509_NAME_print_ex(bio, name, 0,
	    XN_FLAG_RFC2253) < 0) {
		BIO_free(bio);
		return json_null();
	}
	n = BIO_get_mem_data(bio, &data);
	v = text_value(data, n > 0 ? (size_t)n : 0);
	BIO_free(bio);
	return v;
}

/* Set key (and key_epoch, when not NULL) from an ASN.1 time; null: bad. */
static void
set_time(json_t *o, const char *key, const char *key_epoch,
    const ASN1_TIME *t)
{
	struct tm tm;
	time_t epoch;
	char iso[32];

	memset(&tm, 0, sizeof(tm));
	if (t == NULL || ASN1_TIME_to_tm(t, &tm) != 1 ||
	    (epoch = timegm(&tm)) == (time_t)-1) {
		json_object_set_new(o, key, json_null());
		return;
	}
	ha_utc_iso8601((int64_t)epoch, iso, sizeof(iso));
	json_object_set_new(o, key, json_string(iso));
	if (key_epoch != NULL)
		json_object_set_new(o, key_epoch, json_integer(
		    (json_int_t)epoch));
}

static const char *
key_type_name(int id)
{
	const char *sn;

	switch (id) {
	case EVP_PKEY_RSA:	return "RSA";
	case EVP_PKEY_RSA_PSS:	return "RSA-PSS";
	case EVP_PKEY_EC:	return "EC";
	case EVP_PKEY_DSA:	return "DSA";
	case EVP_PKEY_ED25519:	return "Ed25519";
	case EVP_PKEY_ED448:	return "Ed448";
	default:
		sn = id != NID_undef ? OBJ_nid2sn(id) : NULL;
		return sn != NULL ? sn : "unknown";
	}
}

/* key_type, key_bits and self_signed. */
static void
set_key(json_t *o, X509 *x)
{
	EVP_PKEY *pk = X509_get0_pubkey(x);
	int self = 0;

	if (pk == NULL) {
		json_object_set_new(o, "key_type", json_null());
		json_object_set_new(o, "key_bits", json_null());
	} else {
		json_object_set_new(o, "key_type",
		    json_string(key_type_name(EVP_PKEY_base_id(pk))));
		json_object_set_new(o, "key_bits",
		    json_integer(EVP_PKEY_bits(pk)));
		/* Issued by itself and signed with its own key. */
		self = X509_NAME_cmp(X509_get_subject_name(x),
		    X509_get_issuer_name(x)) == 0 && X509_verify(x, pk) == 1;
	}
	json_object_set_new(o, "self_signed", json_boolean(self));
	ERR_clear_error();
}

/* One certificate's facts; a new reference. */
static json_t *
cert_object(X509 *x, const char *role, const char *path, int index)
{
	json_t *o = json_pack("{s:s, s:s, s:i}", "role", role, "path", path,
	    "index", index);

	if (o == NULL)
		ha_die_oom();
	json_object_set_new(o, "subject", name_value(X509_get_subject_name(x)));
	json_object_set_new(o, "issuer", name_value(X509_get_issuer_name(x)));
	set_time(o, "not_before", NULL, X509_get0_notBefore(x));
	set_time(o, "not_after", "not_after_epoch", X509_get0_notAfter(x));
	set_key(o, x);
	return o;
}

/* 1 when the error ending a PEM read is only the end of the input. */
static int
clean_end(unsigned long e)
{
	return e == 0 || (ERR_GET_LIB(e) == ERR_LIB_PEM &&
	    ERR_GET_REASON(e) == PEM_R_NO_START_LINE);
}

int
ha_certs_parse_pem(const void *buf, size_t len, const char *role,
    const char *path, json_t *out, char **err)
{
	BIO *bio;
	X509 *x;
	unsigned long e;
	const char *why;
	int n = 0;

	*err = NULL;
	if (len > INT_MAX) {
		*err = ha_xstrdup("too large");
		return -1;
	}
	if ((bio = BIO_new_mem_buf(buf, (int)len)) == NULL)
		ha_die_oom();
	ERR_clear_error();
	/* Blocks of other types (a private key, too) are passed over. */
	while ((x = PEM_read_bio_X509(bio, NULL, no_passphrase, NULL)) !=
	    NULL) {
		json_array_append_new(out, cert_object(x, role, path, n));
		X509_free(x);
		n++;
		ERR_clear_error();
	}
	e = ERR_peek_last_error();
	BIO_free(bio);
	ERR_clear_error();
	if (clean_end(e) && n > 0)
		return n;
	if (clean_end(e)) {
		*err = ha_xstrdup("no PEM certificate");
		return -1;
	}
	why = ERR_reason_error_string(e);
	*err = ha_xasprintf("certificate %d: %s", n + 1,
	    why != NULL ? why : "malformed");
	return -1;
}

/*
 * Read the regular file at host path into b (capped).  Returns 0, or -1
 * with *err set (caller frees).
 */
static int
read_cert_file(struct ha_hostfs *fs, const char *path, struct ha_buf *b,
    char **err)
{
	char chunk[8192];
	struct stat st;
	ssize_t n = 0;
	int fd, ret = -1;

	if ((fd = ha_hostfs_openat(fs, path, OPEN_FLAGS)) < 0) {
		*err = ha_xasprintf("cannot open '%s': %s", path,
		    strerror(errno));
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		*err = ha_xasprintf("cannot stat '%s': %s", path,
		    strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		*err = ha_xasprintf("cannot read '%s': not a regular file",
		    path);
		goto out;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			*err = ha_xasprintf("cannot read '%s': %s", path,
			    strerror(errno));
			goto out;
		}
		if (ha_buf_add(b, chunk, (size_t)n) < 0) {
			*err = ha_xasprintf("cannot read '%s': larger than "
			    "%lu KiB", path, (unsigned long)(b->cap / 1024));
			goto out;
		}
	}
	ret = 0;
out:
	close(fd);
	return ret;
}

/* An entry for a file that gave no certificate; noted in facts.errors. */
static void
add_error(struct certs_ctx *c, const char *role, const char *path,
    const char *msg, int note)
{
	json_array_append_new(c->certs, json_pack("{s:s, s:s, s:s}", "role",
	    role, "path", path, "error", msg));
	if (note)
		ha_facts_error(c->facts, "certs", "%s", msg);
}

static void
read_certs(struct certs_ctx *c, const char *role, const char *path,
    const char *real)
{
	struct ha_buf b;
	char *err = NULL, *msg;

	ha_buf_init(&b, HA_MAX_CERT_FILE);
	if (read_cert_file(c->fs, real, &b, &err) < 0) {
		add_error(c, role, path, err, 1);
	} else if (ha_certs_parse_pem(b.data, b.len, role, path, c->certs,
	    &err) < 0) {
		msg = ha_xasprintf("cannot parse '%s': %s", path, err);
		add_error(c, role, path, msg, 1);
		free(msg);
	}
	free(err);
	ha_buf_release(&b);
}

/* A symlink: read what it resolves to (r, its "resolved" entry). */
static void
add_link(struct certs_ctx *c, const char *role, const char *path,
    const json_t *r)
{
	const char *real = json_string_value(json_object_get(r, "path"));
	const char *type = json_string_value(json_object_get(r, "type"));
	const char *err = json_string_value(json_object_get(r, "error"));
	char *msg;

	if (real != NULL && type != NULL && strcmp(type, "file") == 0 &&
	    json_is_true(json_object_get(r, "exists"))) {
		read_certs(c, role, path, real);
		return;
	}
	if (err != NULL)
		msg = ha_xasprintf("cannot read '%s': %s", path, err);
	else if (real != NULL && !json_is_true(json_object_get(r, "exists")))
		msg = ha_xasprintf("cannot read '%s': its target '%s' does "
		    "not exist", path, real);
	else
		msg = ha_xasprintf("cannot read '%s': its target is not a "
		    "regular file (%s)", path, type != NULL ? type : "?");
	add_error(c, role, path, msg, 1);
	free(msg);
}

/*
 * The certificates of file entry e (see docs/facts.md, "files"): a
 * regular file is read, a symlink through what it resolves to; a missing
 * file is passed over (the file checks report it), a stat error that
 * files.c recorded is copied.
 */
static void
add_entry(struct certs_ctx *c, const json_t *e, const char *role)
{
	const json_t *r = json_object_get(e, "resolved");
	const char *path = json_string_value(json_object_get(e, "path"));
	const char *type = json_string_value(json_object_get(e, "type"));
	const char *err = json_string_value(json_object_get(e, "error"));
	char *msg;

	if (path == NULL)
		return;
	if (err != NULL) {
		add_error(c, role, path, err, 0);
		return;
	}
	if (!json_is_true(json_object_get(e, "exists")) || type == NULL)
		return;
	if (strcmp(type, "symlink") == 0) {
		add_link(c, role, path, r);
		return;
	}
	if (strcmp(type, "file") == 0) {
		read_certs(c, role, path, path);
		return;
	}
	msg = ha_xasprintf("cannot read '%s': not a regular file (%s)", path,
	    type);
	add_error(c, role, path, msg, 1);
	free(msg);
}

/* Registry files Docker loads as certificates (client.key is a key). */
static int
cert_name(const json_t *e)
{
	const char *path = json_string_value(json_object_get(e, "path"));

	return path != NULL && (ha_ends_with(path, ".crt") ||
	    ha_ends_with(path, ".cert"));
}

void
ha_collect_certs(const struct ha_collect_opts *o, json_t *facts)
{
	struct certs_ctx c = { .o = o, .facts = facts };
	const json_t *e;
	size_t i;

	c.certs = json_array();
	c.fs = ha_hostfs_open(o->root);
	json_object_set_new(facts, "certs", c.certs);
	/*
	 * The private key (files.tlskey, certs.d/<registry>/client.key) is
	 * never opened: its owner and mode are facts, its content is not.
	 */
	add_entry(&c, ha_facts_file(facts, "tlscacert"), "tlscacert");
	add_entry(&c, ha_facts_file(facts, "tlscert"), "tlscert");
	json_array_foreach(ha_facts_get(facts, "registry_certs"), i, e)
		if (cert_name(e))
			add_entry(&c, e, "registry");
	ha_hostfs_close(c.fs);
}

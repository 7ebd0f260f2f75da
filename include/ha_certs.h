/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ha_certs.h - certificate facts: what the TLS certificates the daemon and
 * the registries use say about themselves (subject, issuer, validity, key).
 *
 * ha_collect_certs() reads the certificate files that ha_collect_files()
 * found (facts.files.tlscacert, facts.files.tlscert and the *.crt and
 * *.cert files of facts.registry_certs) under the host root and adds
 * facts.certs, one object per certificate (docs/facts.md).  It never reads
 * a private key (facts.files.tlskey, *.key).  A file that cannot be read
 * or holds no certificate becomes an {"role", "path", "error"} entry and a
 * facts.errors entry (source "certs").
 *
 * OpenSSL's libcrypto parses the certificates; nothing else here depends
 * on it.  Every json_t handed in is borrowed.
 */
#ifndef HA_CERTS_H
#define HA_CERTS_H

#include <stddef.h>

#include <jansson.h>

struct ha_collect_opts;

/* Largest certificate file read (a CA bundle fits many times over). */
#define HA_MAX_CERT_FILE	(1UL * 1024 * 1024)

/* Fill facts.certs.  Call after ha_collect_files(). */
void	 ha_collect_certs(const struct ha_collect_opts *o, json_t *facts);

/*
 * Parse every PEM certificate in buf (len bytes; no I/O) and append one
 * object per certificate to out: {role, path, index, subject, issuer,
 * not_before, not_after, not_after_epoch, key_type, key_bits,
 * self_signed}, role and path copied from the arguments, index counting
 * from 0 in the file.  PEM blocks of other types are passed over.
 * Returns the number appended, or -1 with *err (caller frees) when the
 * buffer holds no certificate or a malformed one; the certificates
 * before a malformed one are still appended.
 */
int	 ha_certs_parse_pem(const void *buf, size_t len, const char *role,
	    const char *path, json_t *out, char **err);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * certs.c - fuzz the PEM certificate parser (src/certs.c,
 * ha_certs_parse_pem()): the input as the bytes of one certificate file,
 * and again as one DER certificate put in PEM armour (so that mutations
 * reach the certificate's fields rather than its base64).  The count
 * returned must be what was appended; a failure must say why.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <openssl/evp.h>

#include "ha_certs.h"
#include "ha_util.h"
#include "fuzz.h"
#include "banned.h"

#define FUZZ_MAX_INPUT	(64 * 1024)

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
parse(const void *data, size_t size)
{
	json_t *out;
	char *err = NULL;
	int n;

	out = json_array();
	n = ha_certs_parse_pem(data, size, "tlscacert", "/etc/docker/ca.pem",
	    out, &err);
	if (n < 0 && err == NULL)
		abort();
	if (n >= 0 && (size_t)n != json_array_size(out))
		abort();
	free(err);
	json_decref(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char head[] = "-----BEGIN CERTIFICATE-----\n";
	static const char tail[] = "\n-----END CERTIFICATE-----\n";
	unsigned char *pem;
	size_t n;

	if (size > FUZZ_MAX_INPUT)
		return -1;
	fuzz_quiet();
	parse(data, size);
	/* base64 without line breaks: OpenSSL's PEM reader takes it */
	pem = ha_xmalloc(sizeof(head) + (size + 2) / 3 * 4 + sizeof(tail));
	memcpy(pem, head, sizeof(head) - 1);
	n = sizeof(head) - 1;
	n += (size_t)EVP_EncodeBlock(pem + n, data, (int)size);
	memcpy(pem + n, tail, sizeof(tail));
	parse(pem, n + sizeof(tail) - 1);
	free(pem);
	return 0;
}

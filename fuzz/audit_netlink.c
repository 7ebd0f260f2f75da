/* SPDX-License-Identifier: Apache-2.0 */
/*
 * audit_netlink.c - fuzz the audit netlink answer parser (src/audit.c):
 * ha_audit_parse_netlink() over the input as one datagram, and
 * ha_audit_rule_from_data() over it as one struct audit_rule_data.
 *
 * The request's sequence number is taken from the first message header
 * of the input, so that the fuzzer reaches the messages that count.
 */
#include <stdint.h>
#include <string.h>

#include <linux/netlink.h>

#include <jansson.h>

#include "ha_audit.h"
#include "ha_util.h"
#include "fuzz.h"
#include "banned.h"

#define FUZZ_MAX_INPUT	(64 * 1024)

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ha_audit_nl st;
	struct nlmsghdr h;
	json_t *r;

	if (size > FUZZ_MAX_INPUT)
		return -1;
	fuzz_quiet();
	memset(&st, 0, sizeof(st));
	st.enabled = -1;
	st.rules = json_array();
	if (size >= sizeof(h)) {
		memcpy(&h, data, sizeof(h));
		st.seq = h.nlmsg_seq;
	}
	(void)ha_audit_parse_netlink(&st, data, size);
	json_decref(st.rules);
	r = ha_audit_rule_from_data(data, size);
	json_decref(r);
	return 0;
}

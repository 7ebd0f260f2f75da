/* SPDX-License-Identifier: Apache-2.0 */
/*
 * caps.h - Linux capability sets as Docker computes them for a container.
 *
 * A set is a 64-bit mask indexed by capability number (CAP_CHOWN is bit
 * 0).  Names are accepted the way Docker accepts them in CapAdd and
 * CapDrop: any case, with or without the "CAP_" prefix, plus the word
 * "ALL"; they are validated with libcap's cap_from_name().  Sets are
 * printed as upper-case names without the prefix ("SYS_ADMIN").
 *
 * Docker's default capability set is defined once, in caps.c.
 */
#ifndef HA_CAPS_H
#define HA_CAPS_H

#include <stdint.h>

#include <jansson.h>

#include "ha_buf.h"

/* What ha_cap_parse() found. */
enum ha_cap_kind {
	HA_CAP_UNKNOWN = -1,
	HA_CAP_ONE = 0,		/* *cap is set */
	HA_CAP_ALL = 1		/* the word "ALL" */
};

/* Parse one capability name into its number. */
enum ha_cap_kind	 ha_cap_parse(const char *name, int *cap);

/* The capabilities Docker gives a container that adds and drops none. */
uint64_t		 ha_caps_default(void);
/* Every capability this build knows (0 ... CAP_LAST_CAP). */
uint64_t		 ha_caps_all(void);
/* Capabilities worth naming as dangerous in a finding. */
uint64_t		 ha_caps_dangerous(void);

/*
 * Parse a JSON array of names (NULL or null is an empty list) into *set;
 * *has_all, when not NULL, tells whether "ALL" was among them (ALL is not
 * added to *set).  Names that are not strings or not capabilities are
 * appended to bad (comma-separated) and make the result -1; the others
 * are still parsed.  Returns 0 or -1.
 */
int			 ha_caps_parse_list(const json_t *list, uint64_t *set,
			    int *has_all, struct ha_buf *bad);

/*
 * The effective capability set of a container from its inspect object's
 * HostConfig (Privileged, Capabilities, CapAdd, CapDrop), following
 * Docker's rules: privileged holds all; a Capabilities list (API 1.40)
 * is the whole set, the default set and CapAdd/CapDrop not applying;
 * else CapAdd ALL gives all minus CapDrop; else CapDrop ALL gives only
 * CapAdd; else the default set minus CapDrop plus CapAdd.  Unknown names
 * and fields of the wrong type are listed in bad and make the result -1
 * (*set is then computed from what parsed; a Privileged that is not a
 * boolean gives all).
 */
int			 ha_caps_effective(const json_t *hostconfig,
			    uint64_t *set, struct ha_buf *bad);

/* Append the names in set to b, separated by ", "; "none" when empty. */
void			 ha_caps_format(uint64_t set, struct ha_buf *b);

#endif

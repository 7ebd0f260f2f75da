/* SPDX-License-Identifier: Apache-2.0 */
/*
 * caps.c - Docker's default capability set and the arithmetic of CapAdd
 * and CapDrop (see caps.h).
 */
#include <ctype.h>
#include <string.h>
#include <strings.h>

#include <sys/capability.h>

#include "ha_util.h"
#include "caps.h"
#include "banned.h"

#define BIT(c)	((uint64_t)1 << (c))

/* What Docker grants a container that adds and drops nothing. */
static const int docker_default[] = {
	CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_FSETID, CAP_FOWNER, CAP_MKNOD,
	CAP_NET_RAW, CAP_SETGID, CAP_SETUID, CAP_SETFCAP, CAP_SETPCAP,
	CAP_NET_BIND_SERVICE, CAP_SYS_CHROOT, CAP_KILL, CAP_AUDIT_WRITE,
};

/* Capabilities that open the host's kernel or other processes. */
static const int dangerous[] = {
	CAP_SYS_ADMIN, CAP_NET_ADMIN, CAP_SYS_PTRACE, CAP_SYS_MODULE,
	CAP_DAC_READ_SEARCH, CAP_SYS_RAWIO, CAP_SYS_BOOT, CAP_MAC_ADMIN,
	CAP_MAC_OVERRIDE,
#ifdef CAP_BPF
	CAP_BPF,
#endif
#ifdef CAP_PERFMON
	CAP_PERFMON,
#endif
};

static uint64_t
mask_of(const int *caps, size_t n)
{
	uint64_t m = 0;
	size_t i;

	for (i = 0; i < n; i++)
		m |= BIT(caps[i]);
	return m;
}

uint64_t
ha_caps_default(void)
{
	return mask_of(docker_default, HA_ARRAY_SIZE(docker_default));
}

uint64_t
ha_caps_dangerous(void)
{
	return mask_of(dangerous, HA_ARRAY_SIZE(dangerous));
}

uint64_t
ha_caps_all(void)
{
	return CAP_LAST_CAP >= 63 ? ~(uint64_t)0 : BIT(CAP_LAST_CAP + 1) - 1;
}

enum ha_cap_kind
ha_cap_parse(const char *name, int *cap)
{
	char buf[64];
	cap_value_t v;
	int n;

	if (name == NULL || *name == '\0' || isdigit((unsigned char)*name))
		return HA_CAP_UNKNOWN;	/* Docker takes no numbers */
	if (strcasecmp(name, "ALL") == 0)
		return HA_CAP_ALL;
	n = snprintf(buf, sizeof(buf), "%s%s",
	    strncasecmp(name, "CAP_", 4) == 0 ? "" : "cap_", name);
	if (n < 0 || (size_t)n >= sizeof(buf) ||
	    isdigit((unsigned char)buf[4]))
		return HA_CAP_UNKNOWN;
	if (cap_from_name(buf, &v) != 0 || v < 0 || v > 63)
		return HA_CAP_UNKNOWN;
	*cap = (int)v;
	return HA_CAP_ONE;
}

static void
add_bad(struct ha_buf *bad, const char *what)
{
	if (bad == NULL)
		return;
	if (bad->len > 0)
		ha_buf_addstr(bad, ", ");
	ha_buf_addstr(bad, what);
}

int
ha_caps_parse_list(const json_t *list, uint64_t *set, int *has_all,
    struct ha_buf *bad)
{
	const json_t *v;
	const char *s;
	size_t i;
	int c, rc = 0;

	*set = 0;
	if (has_all != NULL)
		*has_all = 0;
	if (list == NULL || json_is_null(list))
		return 0;
	if (!json_is_array(list)) {
		add_bad(bad, "(not a list)");
		return -1;
	}
	json_array_foreach(list, i, v) {
		s = json_string_value(v);
		switch (ha_cap_parse(s, &c)) {
		case HA_CAP_ALL:
			if (has_all != NULL)
				*has_all = 1;
			break;
		case HA_CAP_ONE:
			*set |= BIT(c);
			break;
		default:
			add_bad(bad, s != NULL ? s : "(not a string)");
			rc = -1;
			break;
		}
	}
	return rc;
}

int
ha_caps_effective(const json_t *hostconfig, uint64_t *set,
    struct ha_buf *bad)
{
	const json_t *priv = json_object_get(hostconfig, "Privileged");
	const json_t *caps = json_object_get(hostconfig, "Capabilities");
	uint64_t add, drop;
	int add_all, drop_all, rc = 0;

	if (json_is_true(priv)) {
		*set = ha_caps_all();
		return 0;
	}
	if (priv != NULL && !json_is_null(priv) && !json_is_boolean(priv)) {
		/* not read as false: the worst it could mean */
		add_bad(bad, "Privileged (not a boolean)");
		*set = ha_caps_all();
		return -1;
	}
	if (json_is_array(caps)) {
		rc = ha_caps_parse_list(caps, &add, &add_all, bad);
		*set = add_all ? ha_caps_all() : add;
		return rc;
	}
	if (caps != NULL && !json_is_null(caps)) {
		add_bad(bad, "Capabilities (not a list)");
		rc = -1;
	}
	if (ha_caps_parse_list(json_object_get(hostconfig, "CapAdd"), &add,
	    &add_all, bad) != 0)
		rc = -1;
	if (ha_caps_parse_list(json_object_get(hostconfig, "CapDrop"), &drop,
	    &drop_all, bad) != 0)
		rc = -1;
	if (add_all)
		*set = ha_caps_all() & ~drop;
	else if (drop_all)
		*set = add;
	else
		*set = (ha_caps_default() & ~drop) | add;
	return rc;
}

void
ha_caps_format(uint64_t set, struct ha_buf *b)
{
	char *name;
	const char *p;
	int c, first = 1;

	if (set == 0) {
		ha_buf_addstr(b, "none");
		return;
	}
	for (c = 0; c < 64; c++) {
		if ((set & BIT(c)) == 0)
			continue;
		if (!first)
			ha_buf_addstr(b, ", ");
		first = 0;
		name = cap_to_name((cap_value_t)c);
		if (name == NULL)
			ha_die_oom();
		p = strncasecmp(name, "cap_", 4) == 0 ? name + 4 : name;
		for (; *p != '\0'; p++)
			ha_buf_addch(b, (char)toupper((unsigned char)*p));
		cap_free(name);
	}
}

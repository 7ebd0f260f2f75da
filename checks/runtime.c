/* SPDX-License-Identifier: Apache-2.0 */
/*
 * runtime.c - section 5 of the CIS Docker Benchmark: the container
 * runtime.  Container checks run once per inspect object of
 * facts.engine.containers (field names as in GET /containers/{id}/json);
 * daemon.swarm reads facts.engine.info.
 */
#include <stdlib.h>
#include <string.h>

#include "ha_check.h"
#include "ha_facts.h"
#include "ha_podman.h"
#include "checks.h"
#include "caps.h"
#include "paths.h"
#include "banned.h"

#define PATH_MAX_LEN	4096

/* --- reading inspect objects ---------------------------------------- */

static const json_t *
hostconfig(const json_t *obj)
{
	return json_object_get(obj, "HostConfig");
}

static const char *
hc_str(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(hostconfig(obj), key));
}

static int
str_is(const char *s, const char *want)
{
	return s != NULL && strcmp(s, want) == 0;
}

static int
running(const json_t *obj)
{
	const json_t *st = json_object_get(obj, "State");

	return json_is_true(json_object_get(st, "Running")) ||
	    str_is(json_string_value(json_object_get(st, "Status")), "running");
}

/* HA_ERROR with a reason when obj has no HostConfig; HA_PASS otherwise. */
static enum ha_status
need_hostconfig(const json_t *obj, struct ha_buf *d)
{
	if (json_is_object(hostconfig(obj)))
		return HA_PASS;
	ha_buf_addstr(d, "inspect object has no HostConfig");
	return HA_ERROR;
}

/* 1 when v is present with a value (not absent, not null). */
static int
given(const json_t *v)
{
	return v != NULL && !json_is_null(v);
}

/*
 * HostConfig.KEY as a boolean: 1 or 0 (absent and null read as false);
 * -1 with a reason in d when it holds another type, which is never read
 * as false.
 */
static int
hc_bool(const json_t *obj, const char *key, struct ha_buf *d)
{
	const json_t *v = json_object_get(hostconfig(obj), key);

	if (!given(v))
		return 0;
	if (json_is_boolean(v))
		return json_is_true(v);
	ha_buf_addf(d, "HostConfig.%s is not a boolean", key);
	return -1;
}

/*
 * HA_PASS when HostConfig.KEY is absent, null or a list; else HA_ERROR
 * with a reason in d (a list of the wrong type is not an empty list).
 */
static enum ha_status
hc_list_ok(const json_t *obj, const char *key, struct ha_buf *d)
{
	const json_t *v = json_object_get(hostconfig(obj), key);

	if (!given(v) || json_is_array(v))
		return HA_PASS;
	ha_buf_addf(d, "HostConfig.%s is not a list", key);
	return HA_ERROR;
}

/* Append item to a ", "-separated list in d. */
static void
list_add(struct ha_buf *d, const char *item)
{
	if (d->len > 0)
		ha_buf_addstr(d, ", ");
	ha_buf_addstr(d, item);
}

/* 1 when s is already in the string set; else adds it and returns 0. */
static int
seen(json_t *set, const char *s)
{
	const json_t *v;
	size_t i;

	json_array_foreach(set, i, v)
		if (str_is(json_string_value(v), s))
			return 1;
	json_array_append_new(set, json_string(s));
	return 0;
}

/*
 * The value of a HostConfig.SecurityOpt entry: "key=value", "key:value"
 * or a bare "key" (value "").  NULL when absent; the last entry wins, as
 * in Docker.
 */
static const char *
secopt(const json_t *obj, const char *key)
{
	const json_t *v;
	const char *s, *found = NULL;
	size_t i, n = strlen(key);

	json_array_foreach(json_object_get(hostconfig(obj), "SecurityOpt"),
	    i, v) {
		s = json_string_value(v);
		if (s == NULL || strncmp(s, key, n) != 0)
			continue;
		if (s[n] == '\0')
			found = s + n;
		else if (s[n] == '=' || s[n] == ':')
			found = s + n + 1;
	}
	return found;
}

/*
 * The container a "container:<id or name>" namespace mode names, among
 * the audited ones: by full id, id prefix, or name with or without "/".
 */
static const json_t *
joined_container(const struct ha_ctx *ctx, const char *ref)
{
	const json_t *list = ha_facts_get(ctx->facts, "engine.containers");
	const json_t *c;
	const char *id, *name;
	size_t i, n = strlen(ref);

	if (n == 0)
		return NULL;
	json_array_foreach(list, i, c) {
		id = json_string_value(json_object_get(c, "Id"));
		name = json_string_value(json_object_get(c, "Name"));
		if ((id != NULL && strncmp(id, ref, n) == 0) ||
		    (name != NULL && (strcmp(name, ref) == 0 ||
		    (name[0] == '/' && strcmp(name + 1, ref) == 0))))
			return c;
	}
	return NULL;
}

/*
 * A "host" namespace mode in HostConfig.KEY fails.  A container that
 * joins another's namespace ("container:web") shares whatever that one
 * has, so the mode is followed (a few hops at most).
 */
static enum ha_status
host_namespace(const struct ha_ctx *ctx, const json_t *obj,
    const char *key, struct ha_buf *d)
{
	const char *m;
	int hops;

	if (need_hostconfig(obj, d) != HA_PASS)
		return HA_ERROR;
	m = hc_str(obj, key);
	ha_buf_addf(d, "%s: %s", key, m != NULL && *m != '\0' ? m : "default");
	for (hops = 0; hops < 4 && m != NULL &&
	    ha_starts_with(m, "container:"); hops++) {
		obj = joined_container(ctx, m + strlen("container:"));
		if (obj == NULL)
			break;
		m = hc_str(obj, key);
		ha_buf_addf(d, " (%s: %s)", ha_facts_object_name(obj),
		    m != NULL && *m != '\0' ? m : "default");
	}
	return str_is(m, "host") ? HA_FAIL : HA_PASS;
}

/*
 * Go's strconv.ParseBool, which dockerd applies to security options:
 * 1 true, 0 false, -1 anything else.
 */
static int
go_bool(const char *s)
{
	static const char *const t[] = { "1", "t", "T", "TRUE", "true",
	    "True" };
	static const char *const f[] = { "0", "f", "F", "FALSE", "false",
	    "False" };
	size_t i;

	for (i = 0; i < HA_ARRAY_SIZE(t); i++) {
		if (strcmp(s, t[i]) == 0)
			return 1;
		if (strcmp(s, f[i]) == 0)
			return 0;
	}
	return -1;
}

/* --- mounts ---------------------------------------------------------- */

struct mount {
	const char	*source;	/* as inspect gives it */
	char		 clean[PATH_MAX_LEN];
	const char	*propagation;	/* "" when not set */
	const char	*volume;	/* the named volume bound to source */
	int		 rw;
};

typedef void	mount_fn(const struct mount *m, void *arg);

/*
 * A comma-separated option list (a Binds entry's "ro,rshared", a volume's
 * mount options "addr=x,rbind") has word w.
 */
static int
bind_opt(const char *opts, const char *w)
{
	size_t n = strlen(w);
	const char *p = opts;

	while (p != NULL && *p != '\0') {
		if (strncmp(p, w, n) == 0 && (p[n] == '\0' || p[n] == ','))
			return 1;
		p = strchr(p, ',');
		if (p != NULL)
			p++;
	}
	return 0;
}

static void
binds_each(const json_t *obj, mount_fn *fn, void *arg)
{
	static const char *const props[] = {
		"rshared", "shared", "rslave", "slave", "rprivate", "private",
	};
	const json_t *v;
	const char *s, *c1, *c2;
	struct mount m;
	char src[PATH_MAX_LEN];
	size_t i, j, n;

	json_array_foreach(json_object_get(hostconfig(obj), "Binds"), i, v) {
		s = json_string_value(v);
		if (s == NULL || *s != '/' || (c1 = strchr(s, ':')) == NULL)
			continue;	/* named volumes are not host paths */
		n = (size_t)(c1 - s);
		if (n >= sizeof(src))
			continue;
		memcpy(src, s, n);
		src[n] = '\0';
		c2 = strchr(c1 + 1, ':');
		memset(&m, 0, sizeof(m));
		m.source = src;
		m.propagation = "";
		m.rw = !(c2 != NULL && bind_opt(c2 + 1, "ro"));
		for (j = 0; c2 != NULL && j < HA_ARRAY_SIZE(props); j++)
			if (bind_opt(c2 + 1, props[j])) {
				m.propagation = props[j];
				break;
			}
		if (ha_path_clean(src, m.clean, sizeof(m.clean)) == 0)
			fn(&m, arg);
	}
}

/* The entry of facts.engine.volumes (GET /volumes) named name, or NULL. */
static const json_t *
volume_find(const json_t *vols, const char *name)
{
	const json_t *v;
	size_t i;

	json_array_foreach(vols, i, v)
		if (str_is(json_string_value(json_object_get(v, "Name")), name))
			return v;
	return NULL;
}

/*
 * A named volume of the local driver made with "docker volume create -o
 * type=none -o o=bind -o device=/var/run" is a bind mount of its device.
 * For a Mounts[] entry of Type "volume": 1 and *dev (the host path) when
 * it is such a volume; 0 when it is not (another driver, a plain or a
 * network volume); -1 with the reason in why when the facts cannot tell
 * (facts.engine.volumes not collected, the volume not in it, options of
 * the wrong type), which is never a pass.
 */
static int
volume_bind_device(const struct ha_ctx *ctx, const json_t *mnt,
    const char **dev, struct ha_buf *why)
{
	const json_t *drv = json_object_get(mnt, "Driver");
	const json_t *vols, *vol, *opts, *o, *device;
	const char *name = json_string_value(json_object_get(mnt, "Name"));

	if (given(drv) && !json_is_string(drv)) {
		list_add(why, "a volume mount whose Driver is not a string");
		return -1;
	}
	/* inspect always names the driver; none would mean the default */
	if (json_is_string(drv) && *json_string_value(drv) != '\0' &&
	    !str_is(json_string_value(drv), "local"))
		return 0;
	if (name == NULL || *name == '\0') {
		list_add(why, "a volume mount without a name");
		return -1;
	}
	vols = ha_facts_get(ctx->facts, "engine.volumes");
	vol = volume_find(vols, name);
	if (vols == NULL || !json_is_array(vols) || vol == NULL) {
		ha_buf_addf(why, "%svolume %s: %s", why->len > 0 ? ", " : "",
		    name, vols == NULL ? "its options were not collected" :
		    !json_is_array(vols) ? "facts.engine.volumes is not a "
		    "list" : "not in the engine's volume list");
		return -1;
	}
	opts = json_object_get(vol, "Options");
	o = json_object_get(opts, "o");
	device = json_object_get(opts, "device");
	if (!given(opts))
		return 0;	/* a plain volume */
	if (!json_is_object(opts) || (given(o) && !json_is_string(o)))
		goto malformed;
	if (!json_is_string(o) || (!bind_opt(json_string_value(o), "bind") &&
	    !bind_opt(json_string_value(o), "rbind")))
		return 0;	/* no bind: tmpfs, nfs, a block device */
	if (!json_is_string(device) || *json_string_value(device) != '/')
		goto malformed;
	*dev = json_string_value(device);
	return 1;
malformed:
	ha_buf_addf(why, "%svolume %s: malformed options",
	    why->len > 0 ? ", " : "", name);
	return -1;
}

/* Calls fn on a Mounts[] entry as a mount of host path src. */
static void
mount_call(const json_t *v, const char *src, const char *volume,
    mount_fn *fn, void *arg)
{
	struct mount m;

	memset(&m, 0, sizeof(m));
	m.source = src;
	m.volume = volume;
	m.propagation = json_string_value(json_object_get(v, "Propagation"));
	if (m.propagation == NULL)
		m.propagation = "";
	m.rw = !json_is_false(json_object_get(v, "RW"));
	if (ha_path_clean(src, m.clean, sizeof(m.clean)) != 0)
		snprintf(m.clean, sizeof(m.clean), "%s", src);
	fn(&m, arg);
}

/*
 * Every path mounted into the container: the entries of Mounts[] (what
 * the engine set up) and the host paths of HostConfig.Binds (what was
 * asked for).  With host_paths, only host directories: Mounts[] of Type
 * "bind", and named volumes bound to a host directory (see
 * volume_bind_device; what cannot be told is appended to err).  The same
 * path may come twice; callers deduplicate.
 */
static void
mounts_each(const struct ha_ctx *ctx, const json_t *obj, int host_paths,
    mount_fn *fn, void *arg, struct ha_buf *err)
{
	const json_t *v, *mounts = json_object_get(obj, "Mounts");
	const json_t *binds = json_object_get(hostconfig(obj), "Binds");
	const char *type, *src, *dev;
	size_t i;

	if (given(mounts) && !json_is_array(mounts))
		list_add(err, "Mounts is not a list");
	if (given(binds) && !json_is_array(binds))
		list_add(err, "HostConfig.Binds is not a list");
	json_array_foreach(mounts, i, v) {
		type = json_string_value(json_object_get(v, "Type"));
		src = json_string_value(json_object_get(v, "Source"));
		if (host_paths && str_is(type, "volume")) {
			if (volume_bind_device(ctx, v, &dev, err) == 1)
				mount_call(v, dev, json_string_value(
				    json_object_get(v, "Name")), fn, arg);
			continue;
		}
		if ((host_paths && !str_is(type, "bind")) || src == NULL)
			continue;
		mount_call(v, src, NULL, fn, arg);
	}
	binds_each(obj, fn, arg);
}

/* --- published ports ------------------------------------------------- */

typedef void	port_fn(const char *cport, const char *ip, const char *hport,
		    void *arg);

static int
has_bindings(const json_t *ports)
{
	const char *k;
	const json_t *v;

	json_object_foreach((json_t *)ports, k, v)
		if (json_array_size(v) > 0)
			return 1;
	return 0;
}

/*
 * Every host binding of a published port.  A running container's
 * NetworkSettings.Ports holds what the engine bound (one entry per
 * address family); a stopped or created one has only the request in
 * HostConfig.PortBindings.
 */
static void
ports_each(const json_t *obj, port_fn *fn, void *arg)
{
	const json_t *ports, *list, *b;
	const char *cport, *ip, *hp;
	size_t i;

	ports = json_object_get(json_object_get(obj, "NetworkSettings"),
	    "Ports");
	if (!has_bindings(ports))
		ports = json_object_get(hostconfig(obj), "PortBindings");
	json_object_foreach((json_t *)ports, cport, list) {
		json_array_foreach(list, i, b) {
			ip = json_string_value(json_object_get(b, "HostIp"));
			hp = json_string_value(json_object_get(b, "HostPort"));
			fn(cport, ip != NULL ? ip : "", hp != NULL ? hp : "",
			    arg);
		}
	}
}

/* The first port of a HostPort ("8080" or "8000-8010"); 0 when none. */
static long
host_port(const char *hp)
{
	char *end;
	long p;

	p = strtol(hp, &end, 10);
	if (end == hp || (*end != '\0' && *end != '-') || p < 0 || p > 65535)
		return 0;
	return p;
}

struct port_scan {
	struct ha_buf	*d;
	json_t		*seen;
	int		 bad;
};

static void
privileged_port(const char *cport, const char *ip, const char *hp,
    void *arg)
{
	struct port_scan *ps = arg;
	long p = host_port(hp);
	char item[128];

	(void)ip;
	if (p < 1 || p >= 1024)
		return;
	snprintf(item, sizeof(item), "%ld->%s", p, cport);
	if (seen(ps->seen, item))
		return;		/* IPv4 and IPv6 bindings of one port */
	list_add(ps->d, item);
	ps->bad++;
}

static void
wildcard_binding(const char *cport, const char *ip, const char *hp,
    void *arg)
{
	struct port_scan *ps = arg;
	char item[192];

	if (*ip != '\0' && strcmp(ip, "0.0.0.0") != 0 &&
	    strcmp(ip, "::") != 0 && strcmp(ip, "[::]") != 0)
		return;
	if (*ip == ':')
		snprintf(item, sizeof(item), "[::]:%s->%s", hp, cport);
	else
		snprintf(item, sizeof(item), "%s:%s->%s",
		    *ip != '\0' ? ip : "*", hp, cport);
	if (seen(ps->seen, item))
		return;
	list_add(ps->d, item);
	ps->bad++;
}

static enum ha_status
scan_ports(const json_t *obj, port_fn *fn, const char *what,
    struct ha_buf *d)
{
	struct ha_buf list;
	struct port_scan ps;

	if (need_hostconfig(obj, d) != HA_PASS)
		return HA_ERROR;
	ha_buf_init(&list, HA_BUF_NOCAP);
	ps.d = &list;
	ps.seen = json_array();
	ps.bad = 0;
	ports_each(obj, fn, &ps);
	if (ps.bad > 0)
		ha_buf_addf(d, "%s: %s", what, list.data);
	else
		ha_buf_addf(d, "no %s", what);
	json_decref(ps.seen);
	ha_buf_release(&list);
	return ps.bad > 0 ? HA_FAIL : HA_PASS;
}

/* --- the checks ------------------------------------------------------ */

static enum ha_status
swarm(const struct ha_ctx *ctx, struct ha_result *res)
{
	const char *state;

	state = ha_facts_str(ctx->facts, "engine.info.Swarm.LocalNodeState");
	if (state == NULL)
		return ha_result_set(res, HA_ERROR, "engine info has no "
		    "Swarm.LocalNodeState");
	if (str_is(state, "inactive"))
		return ha_result_set(res, HA_PASS, "swarm mode inactive");
	return ha_result_set(res, HA_WARN, "swarm %s: confirm it is needed",
	    *state != '\0' ? state : "state unknown");
}

static enum ha_status
apparmor(const struct ha_ctx *ctx, const json_t *obj, struct ha_buf *d)
{
	const char *p;
	int on;

	if (ha_facts_bool(ctx->facts, "host.apparmor", &on) == 0 && !on) {
		ha_buf_addstr(d, "host has no AppArmor");
		return HA_SKIP;
	}
	p = json_string_value(json_object_get(obj, "AppArmorProfile"));
	if (p == NULL || *p == '\0') {
		ha_buf_addstr(d, "AppArmorProfile: none");
		return HA_FAIL;
	}
	ha_buf_addf(d, "AppArmorProfile: %s", p);
	return str_is(p, "unconfined") ? HA_FAIL : HA_PASS;
}

/*
 * 1 when an SELinux type runs unconfined: spc_t (the super-privileged
 * container type) or unconfined_t.
 */
static int
unconfined_type(const char *type, size_t len)
{
	return (len == 5 && strncmp(type, "spc_t", 5) == 0) ||
	    (len == 12 && strncmp(type, "unconfined_t", 12) == 0);
}

/* A ProcessLabel "user:role:type:level" whose type runs unconfined. */
static int
unconfined_label(const char *label)
{
	const char *t = strchr(label, ':'), *e;

	if (t == NULL || (t = strchr(t + 1, ':')) == NULL)
		return 0;
	t++;
	e = strchr(t, ':');
	return unconfined_type(t, e != NULL ? (size_t)(e - t) : strlen(t));
}

static enum ha_status
selinux(const struct ha_ctx *ctx, const json_t *obj, struct ha_buf *d)
{
	const json_t *v;
	const char *s, *label = NULL;
	size_t i;
	int on;

	if (ha_facts_bool(ctx->facts, "host.selinux", &on) == 0 && !on) {
		ha_buf_addstr(d, "host has no SELinux");
		return HA_SKIP;
	}
	if (hc_list_ok(obj, "SecurityOpt", d) != HA_PASS)
		return HA_ERROR;
	json_array_foreach(json_object_get(hostconfig(obj), "SecurityOpt"),
	    i, v) {
		s = json_string_value(v);
		if (s == NULL || strncmp(s, "label", 5) != 0 ||
		    (s[5] != '=' && s[5] != ':'))
			continue;
		if (strcmp(s + 6, "disable") == 0) {
			ha_buf_addf(d, "SecurityOpt: %s", s);
			return HA_FAIL;
		}
		if (ha_starts_with(s + 6, "type:") &&
		    unconfined_type(s + 11, strlen(s + 11))) {
			ha_buf_addf(d, "SecurityOpt: %s (unconfined)", s);
			return HA_FAIL;
		}
		label = s;
	}
	s = json_string_value(json_object_get(obj, "ProcessLabel"));
	if (s != NULL && unconfined_label(s)) {
		ha_buf_addf(d, "ProcessLabel: %s (unconfined)", s);
		return HA_FAIL;
	}
	if (label != NULL) {
		ha_buf_addf(d, "SecurityOpt: %s", label);
		return HA_PASS;
	}
	if (s != NULL && *s != '\0') {
		ha_buf_addf(d, "ProcessLabel: %s", s);
		return HA_PASS;
	}
	ha_buf_addstr(d, "no SELinux label");
	return HA_FAIL;
}

static int
popcount64(uint64_t x)
{
	int n = 0;

	for (; x != 0; x &= x - 1)
		n++;
	return n;
}

/* Widen allowed by the profile parameter allowed_capabilities. */
static int
allowed_caps(const struct ha_ctx *ctx, uint64_t *allowed, struct ha_buf *d)
{
	struct ha_buf bad;
	uint64_t extra;
	int all, rc;

	ha_buf_init(&bad, HA_BUF_NOCAP);
	rc = ha_caps_parse_list(json_object_get(ctx->params,
	    "allowed_capabilities"), &extra, &all, &bad);
	if (rc != 0)
		ha_buf_addf(d, "profile parameter allowed_capabilities: "
		    "unknown capability %s", bad.data);
	*allowed = all ? ha_caps_all() : ha_caps_default() | extra;
	ha_buf_release(&bad);
	return rc;
}

static enum ha_status
capabilities(const struct ha_ctx *ctx, const json_t *obj, struct ha_buf *d)
{
	uint64_t set, allowed, extra, danger;
	struct ha_buf bad;
	enum ha_status st = HA_PASS;
	const char *field;

	if (need_hostconfig(obj, d) != HA_PASS)
		return HA_ERROR;
	if (allowed_caps(ctx, &allowed, d) != 0)
		return HA_ERROR;
	ha_buf_init(&bad, HA_BUF_NOCAP);
	if (ha_caps_effective(hostconfig(obj), &set, &bad) != 0) {
		ha_buf_addf(d, "unknown or malformed capabilities: %s",
		    bad.data);
		st = HA_ERROR;
		goto out;
	}
	extra = set & ~allowed;
	danger = extra & ha_caps_dangerous();
	if (extra == 0) {
		ha_buf_addstr(d, "no capability beyond the allowed set");
		goto out;
	}
	st = HA_FAIL;
	/* Capabilities (API 1.40), when a list, replaced CapAdd/CapDrop */
	field = json_is_array(json_object_get(hostconfig(obj),
	    "Capabilities")) ? "Capabilities" : "CapAdd";
	if (json_is_true(json_object_get(hostconfig(obj), "Privileged")))
		ha_buf_addstr(d, "Privileged: all capabilities");
	else if (popcount64(extra) > 8)
		ha_buf_addf(d, "%s: %d capabilities beyond the default set",
		    field, popcount64(extra));
	else {
		ha_buf_addf(d, "%s: ", field);
		ha_caps_format(extra, d);
	}
	if (danger != 0) {
		ha_buf_addstr(d, " (dangerous: ");
		ha_caps_format(danger, d);
		ha_buf_addch(d, ')');
	}
out:
	ha_buf_release(&bad);
	return st;
}

static enum ha_status
privileged(const struct ha_ctx *ctx, const json_t *obj, struct ha_buf *d)
{
	int priv;

	(void)ctx;
	if (need_hostconfig(obj, d) != HA_PASS)
		return HA_ERROR;
	priv = json_is_true(json_object_get(hostconfig(obj), "Privileged"));
	ha_buf_addf(d, "Privileged: %s", priv ? "true" : "false");
	return priv ? HA_FAIL : HA_PASS;
}

struct mount_scan {
	const struct ha_ctx	*ctx;
	struct ha_buf		 list;
	struct ha_buf		 err;	/* mounts that could not be judged */
	json_t			*seen;
	int			 bad;
};

static void
mount_scan_init(struct mount_scan *ms, const struct ha_ctx *ctx)
{
	ms->ctx = ctx;
	ha_buf_init(&ms->list, HA_BUF_NOCAP);
	ha_buf_init(&ms->err, HA_BUF_NOCAP);
	ms->seen = json_array();
	ms->bad = 0;
}

/*
 * A finding fails (and names what could not be judged besides); with
 * none, a mount that could not be judged makes the target an error.
 */
static enum ha_status
mount_scan_done(struct mount_scan *ms, const char *what, struct ha_buf *d)
{
	enum ha_status st = HA_PASS;

	if (ms->bad > 0) {
		ha_buf_addf(d, "%s: %s", what, ms->list.data);
		if (ms->err.len > 0)
			ha_buf_addf(d, "; %s", ms->err.data);
		st = HA_FAIL;
	} else if (ms->err.len > 0) {
		ha_buf_addstr(d, ms->err.data);
		st = HA_ERROR;
	} else
		ha_buf_addf(d, "no %s", what);
	ha_buf_release(&ms->list);
	ha_buf_release(&ms->err);
	json_decref(ms->seen);
	return st;
}

/* 1 when path lies under a directory of the list param (profile). */
static int
param_path_allowed(const struct ha_ctx *ctx, const char *param,
    const char *path)
{
	const json_t *v;
	char clean[PATH_MAX_LEN];
	size_t i;

	json_array_foreach(json_object_get(ctx->params, param), i, v)
		if (ha_path_clean(json_string_value(v), clean,
		    sizeof(clean)) == 0 && ha_path_under(path, clean, 1))
			return 1;
	return 0;
}

static void
sensitive_mount(const struct mount *m, void *arg)
{
	struct mount_scan *ms = arg;
	char item[2 * PATH_MAX_LEN];

	/* extra_sensitive_paths: what a benchmark version adds (/lib64) */
	if ((ha_path_sensitive(m->clean) == NULL &&
	    !param_path_allowed(ms->ctx, "extra_sensitive_paths",
	    m->clean)) ||
	    param_path_allowed(ms->ctx, "allowed_mounts", m->clean) ||
	    seen(ms->seen, m->clean))
		return;
	snprintf(item, sizeof(item), "%s (%s%s%s)", m->clean,
	    m->rw ? "rw" : "ro", m->volume != NULL ? ", volume " : "",
	    m->volume != NULL ? m->volume : "");
	list_add(&ms->list, item);
	ms->bad++;
}

static enum ha_status
sensitive_mounts(const struct ha_ctx *ctx, const json_t *obj,
    struct ha_buf *d)
{
	struct mount_scan ms;

	if (need_hostconfig(obj, d) != HA_PASS)
		return HA_ERROR;
	mount_scan_init(&ms, ctx);
	mounts_each(ctx, obj, 1, sensitive_mount, &ms, &ms.err);
	return mount_scan_done(&ms, "sensitive host paths mounted", d);
}

/* 1 when the last path element of s is exactly "sshd". */
static int
base_is_sshd(const char *s)
{
	const char *b = s != NULL ? strrchr(s, '/') : NULL;

	return s != NULL && strcmp(b != NULL ? b + 1 : s, "sshd") == 0;
}

/*
 * A command line as a string (facts from elsewhere, or docker top's row,
 * whose last column it is): its program is sshd, "sshd:" being how sshd
 * retitles its processes.
 */
static int
cmdline_is_sshd(const char *cmd)
{
	const char *base, *sp;
	size_t n;

	sp = strchr(cmd, ' ');
	n = sp != NULL ? (size_t)(sp - cmd) : strlen(cmd);
	base = memrchr(cmd, '/', n);
	base = base != NULL ? base + 1 : cmd;
	n -= (size_t)(base - cmd);
	return (n == 4 || (n == 5 && base[4] == ':')) &&
	    strncmp(base, "sshd", 4) == 0;
}

/*
 * 1 when process entry p is an sshd; *what names it.  Collect's entries
 * are {"pid", "comm", "exe_base"}: comm or the executable's basename is
 * exactly "sshd".
 */
static int
process_is_sshd(const json_t *p, const char **what)
{
	const char *comm, *exe;

	if (json_is_object(p)) {
		comm = json_string_value(json_object_get(p, "comm"));
		exe = json_string_value(json_object_get(p, "exe_base"));
		*what = base_is_sshd(comm) ? comm : exe;
		return base_is_sshd(comm) || base_is_sshd(exe);
	}
	if (json_is_array(p))
		p = json_array_get(p, json_array_size(p) - 1);
	*what = json_string_value(p);
	return *what != NULL && cmdline_is_sshd(*what);
}

/*
 * An sshd seen is a failure even in a partial list; otherwise a list
 * that could not be collected, or not completely, is an error, never a
 * pass (docker-bench-security passes 5.7 when its docker exec fails).
 */
static enum ha_status
sshd(const struct ha_ctx *ctx, const json_t *obj, struct ha_buf *d)
{
	const json_t *procs = json_object_get(obj, "Processes"), *p;
	const char *what, *err;
	size_t i;

	(void)ctx;
	if (!running(obj)) {
		ha_buf_addstr(d, "not running");
		return HA_SKIP;
	}
	json_array_foreach(procs, i, p) {
		if (process_is_sshd(p, &what)) {
			p = json_object_get(p, "pid");
			if (json_is_integer(p))
				ha_buf_addf(d, "process %lld: %s",
				    (long long)json_integer_value(p), what);
			else
				ha_buf_addf(d, "process: %s", what);
			return HA_FAIL;
		}
	}
	err = json_string_value(json_object_get(obj, "ProcessesError"));
	if (err != NULL) {
		ha_buf_addf(d, "process list incomplete: %s", err);
		return HA_ERROR;
	}
	if (!json_is_array(procs)) {
		ha_buf_addstr(d, "process list not collected");
		return HA_ERROR;
	}
	ha_buf_addf(d, "no sshd among %zu processes%s", json_array_size(procs),
	    json_is_true(json_object_get(obj, "ProcessesTruncated")) ?
	    " (list capped)" : "");
	return HA_PASS;
}

static enum ha_status
privileged_ports(const struct ha_ctx *ctx, const json_t *obj,
    struct ha_buf *d)
{
	(void)ctx;
	return scan_ports(obj, privileged_port, "privileged host ports", d);
}

static enum ha_status
bind_interface(const struct ha_ctx *ctx, const json_t *obj,
    struct ha_buf *d)
{
	(void)ctx;
	return scan_ports(obj, wildcard_binding, "ports bound to all "
	    "interfaces", d);
}

static enum ha_status
host_network(const struct ha_ctx *ctx, const json_t *obj, struct ha_buf *d)
{
	return host_namespace(ctx, obj, "NetworkMode", d);
}

static enum ha_status
host_pid(const struct ha_ctx *ctx, const json_t *obj, struct ha_buf *d)
{
	return host_namespace(ctx, obj, "PidMode", d);
}

static enum ha_status
host_ipc(const struct ha_ctx *ctx, const json_t *obj, struct ha_buf *d)
{
	int h;

	if (need_hostconfig(obj, d) != HA_PASS)
		return HA_ERROR;
	/* Podman 4.1 to 4.3 say "shareable" for the host's namespace too */
	if ((h = ha_podman_ipc_host(ctx->facts, obj, d)) >= 0)
		return h == 1 ? HA_FAIL : h == 0 ? HA_PASS : HA_ERROR;
	return host_namespace(ctx, obj, "IpcMode", d);
}

static enum ha_status
host_uts(const struct ha_ctx *ctx, const json_t *obj, struct ha_buf *d)
{
	return host_namespace(ctx, obj, "UTSMode", d);
}

static enum ha_status
host_userns(const struct ha_ctx *ctx, const json_t *obj, struct ha_buf *d)
{
	return host_namespace(ctx, obj, "UsernsMode", d);
}

/* HostConfig.KEY as an integer; missing or null reads as 0. */
static long long
hc_int(const json_t *obj, const char *key)
{
	return json_integer_value(json_object_get(hostconfig(obj), key));
}

static enum ha_status
memory_limit(const struct ha_ctx *ctx, const json_t *obj, struct ha_buf *d)
{
	long long m;

	(void)ctx;
	if (need_hostconfig(obj, d) != HA_PASS)
		return HA_ERROR;
	m = hc_int(obj, "Memory");
	if (m <= 0) {
		ha_buf_addstr(d, "Memory: unlimited");
		return HA_FAIL;
	}
	ha_buf_addf(d, "Memory: %lld MiB", m / (1024 * 1024));
	return HA_PASS;
}

static enum ha_status
cpu_shares(const struct ha_ctx *ctx, const json_t *obj, struct ha_buf *d)
{
	long long s;

	(void)ctx;
	if (need_hostconfig(obj, d) != HA_PASS)
		return HA_ERROR;
	s = hc_int(obj, "CpuShares");
	if (s == 0 || s == 1024) {
		ha_buf_addf(d, "CpuShares: %lld (the default weight)", s);
		return HA_FAIL;
	}
	ha_buf_addf(d, "CpuShares: %lld", s);
	return HA_PASS;
}

static enum ha_status
readonly_rootfs(const struct ha_ctx *ctx, const json_t *obj,
    struct ha_buf *d)
{
	int ro;

	(void)ctx;
	if (need_hostconfig(obj, d) != HA_PASS)
		return HA_ERROR;
	ro = json_is_true(json_object_get(hostconfig(obj), "ReadonlyRootfs"));
	ha_buf_addf(d, "ReadonlyRootfs: %s", ro ? "true" : "false");
	return ro ? HA_PASS : HA_FAIL;
}

static enum ha_status
restart_policy(const struct ha_ctx *ctx, const json_t *obj,
    struct ha_buf *d)
{
	const json_t *rp = json_object_get(hostconfig(obj), "RestartPolicy");
	const json_t *pmax = json_object_get(ctx->params, "max_restart_count");
	const char *name = json_string_value(json_object_get(rp, "Name"));
	long long n, max = 5;

	if (need_hostconfig(obj, d) != HA_PASS)
		return HA_ERROR;
	if (!json_is_object(rp) || (name == NULL &&
	    json_object_get(rp, "Name") != NULL)) {
		ha_buf_addstr(d, "HostConfig.RestartPolicy missing or "
		    "malformed");
		return HA_ERROR;
	}
	if (json_is_integer(pmax))
		max = json_integer_value(pmax);
	n = json_integer_value(json_object_get(rp, "MaximumRetryCount"));
	if (name == NULL || *name == '\0' || strcmp(name, "no") == 0) {
		ha_buf_addstr(d, "RestartPolicy: no");
		return HA_PASS;
	}
	if (strcmp(name, "on-failure") != 0) {
		ha_buf_addf(d, "RestartPolicy: %s", name);
		return str_is(name, "always") ||
		    str_is(name, "unless-stopped") ? HA_FAIL : HA_WARN;
	}
	if (n <= 0) {
		ha_buf_addstr(d, "RestartPolicy: on-failure without a retry "
		    "limit");
		return HA_FAIL;
	}
	ha_buf_addf(d, "RestartPolicy: on-failure:%lld", n);
	if (n > max) {
		ha_buf_addf(d, " (more than %lld)", max);
		return HA_FAIL;
	}
	return HA_PASS;
}

/*
 * A HostConfig.DeviceCgroupRules entry as dockerd accepts it: "TYPE
 * MAJOR:MINOR ACCESS", TYPE one of a (all), b (block), c (character),
 * MAJOR and MINOR a number or "*", ACCESS one to three of r (read), w
 * (write), m (mknod).  Every valid rule so allows some access to host
 * devices; a rule allowing none ("c 1:3 ") is not valid.  1 when valid.
 */
static int
cgroup_rule_valid(const char *s)
{
	size_t n;
	int i;

	if (*s == '\0' || strchr("abc", *s) == NULL || s[1] != ' ')
		return 0;
	s += 2;
	for (i = 0; i < 2; i++) {
		n = *s == '*' ? 1 : strspn(s, "0123456789");
		if (n == 0 || s[n] != (i == 0 ? ':' : ' '))
			return 0;
		s += n + 1;
	}
	n = strspn(s, "rwm");
	return n >= 1 && n <= 3 && s[n] == '\0';
}

/* HostConfig.Devices as "host:container:perms, ..." appended to d. */
static void
list_devices(const json_t *devs, struct ha_buf *d)
{
	const json_t *v;
	const char *host, *ctr, *perm;
	size_t i;

	json_array_foreach(devs, i, v) {
		host = json_string_value(json_object_get(v, "PathOnHost"));
		ctr = json_string_value(json_object_get(v, "PathInContainer"));
		perm = json_string_value(json_object_get(v,
		    "CgroupPermissions"));
		ha_buf_addf(d, "%s%s:%s:%s", i > 0 ? ", " : "",
		    host ? host : "?", ctr ? ctr : "?", perm ? perm : "rwm");
	}
}

/*
 * The rules of HostConfig.DeviceCgroupRules: valid ones (each allows
 * access to host devices) quoted into allow, the others into bad.
 */
static void
split_rules(const json_t *rules, struct ha_buf *allow, struct ha_buf *bad)
{
	const json_t *v;
	const char *r;
	size_t i;

	json_array_foreach(rules, i, v) {
		r = json_string_value(v);
		if (r != NULL && cgroup_rule_valid(r))
			ha_buf_addf(allow, "%s'%s'", allow->len > 0 ? ", " : "",
			    r);
		else if (r != NULL)
			ha_buf_addf(bad, "%smalformed device cgroup rule '%s'",
			    bad->len > 0 ? ", " : "", r);
		else
			ha_buf_addf(bad, "%sa DeviceCgroupRules entry is not a "
			    "string", bad->len > 0 ? ", " : "");
	}
}

static enum ha_status
host_devices(const struct ha_ctx *ctx, const json_t *obj, struct ha_buf *d)
{
	const json_t *devs = json_object_get(hostconfig(obj), "Devices");
	struct ha_buf allow, bad;
	enum ha_status st = HA_PASS;
	int priv;

	(void)ctx;
	if (need_hostconfig(obj, d) != HA_PASS)
		return HA_ERROR;
	if ((priv = hc_bool(obj, "Privileged", d)) != 0) {
		if (priv < 0)
			return HA_ERROR;
		ha_buf_addstr(d, "Privileged: every host device");
		return HA_FAIL;
	}
	if (hc_list_ok(obj, "Devices", d) != HA_PASS ||
	    hc_list_ok(obj, "DeviceCgroupRules", d) != HA_PASS)
		return HA_ERROR;
	ha_buf_init(&allow, HA_BUF_NOCAP);
	ha_buf_init(&bad, HA_BUF_NOCAP);
	split_rules(json_object_get(hostconfig(obj), "DeviceCgroupRules"),
	    &allow, &bad);
	if (json_array_size(devs) > 0) {
		ha_buf_addstr(d, "Devices: ");
		list_devices(devs, d);
		st = HA_FAIL;
	}
	if (allow.len > 0) {
		ha_buf_addf(d, "%sdevice cgroup rules: %s",
		    st == HA_FAIL ? "; " : "", allow.data);
		st = HA_FAIL;
	}
	if (bad.len > 0) {
		ha_buf_addf(d, "%s%s", st == HA_FAIL ? "; " : "", bad.data);
		if (st == HA_PASS)
			st = HA_ERROR;
	}
	if (st == HA_PASS)
		ha_buf_addstr(d, "no host devices");
	ha_buf_release(&allow);
	ha_buf_release(&bad);
	return st;
}

static enum ha_status
ulimits(const struct ha_ctx *ctx, const json_t *obj, struct ha_buf *d)
{
	const json_t *ul = json_object_get(hostconfig(obj), "Ulimits"), *v;
	const char *name;
	size_t i;

	(void)ctx;
	if (need_hostconfig(obj, d) != HA_PASS)
		return HA_ERROR;
	if (json_array_size(ul) == 0) {
		ha_buf_addstr(d, "daemon default ulimits");
		return HA_PASS;
	}
	ha_buf_addstr(d, "Ulimits: ");
	json_array_foreach(ul, i, v) {
		name = json_string_value(json_object_get(v, "Name"));
		ha_buf_addf(d, "%s%s=%" JSON_INTEGER_FORMAT ":%"
		    JSON_INTEGER_FORMAT, i > 0 ? ", " : "", name ? name : "?",
		    json_integer_value(json_object_get(v, "Soft")),
		    json_integer_value(json_object_get(v, "Hard")));
	}
	return HA_INFO;
}

static void
shared_mount(const struct mount *m, void *arg)
{
	struct mount_scan *ms = arg;
	char item[PATH_MAX_LEN + 16];

	if (strcmp(m->propagation, "shared") != 0 &&
	    strcmp(m->propagation, "rshared") != 0)
		return;
	snprintf(item, sizeof(item), "%s (%s)", m->clean, m->propagation);
	if (seen(ms->seen, item))
		return;
	list_add(&ms->list, item);
	ms->bad++;
}

static enum ha_status
mount_propagation(const struct ha_ctx *ctx, const json_t *obj,
    struct ha_buf *d)
{
	struct mount_scan ms;

	if (need_hostconfig(obj, d) != HA_PASS)
		return HA_ERROR;
	mount_scan_init(&ms, ctx);
	mounts_each(ctx, obj, 0, shared_mount, &ms, &ms.err);
	return mount_scan_done(&ms, "shared mounts", d);
}

/* A comma-separated "key=value,..." list (GET /info) holds key=val. */
static int
kv_has(const char *list, const char *key, const char *val)
{
	size_t nk = strlen(key), nv = strlen(val);
	const char *p = list;

	while (p != NULL && *p != '\0') {
		if (strncmp(p, key, nk) == 0 && p[nk] == '=' &&
		    strncmp(p + nk + 1, val, nv) == 0 &&
		    (p[nk + 1 + nv] == '\0' || p[nk + 1 + nv] == ','))
			return 1;
		p = strchr(p, ',');
		if (p != NULL)
			p++;
	}
	return 0;
}

/*
 * Whether the engine applies seccomp at all, from GET /info
 * SecurityOptions ("name=seccomp,profile=builtin", or a bare "seccomp"
 * before API 1.26): 1 yes, 0 no (null or no such entry), -1 with a
 * reason in d when engine.info was not collected or is malformed.
 * *unconfined is set when the engine's default profile is "unconfined".
 */
static int
engine_seccomp(const struct ha_ctx *ctx, int *unconfined, struct ha_buf *d)
{
	const json_t *info = ha_facts_get(ctx->facts, "engine.info");
	const json_t *opts = json_object_get(info, "SecurityOptions"), *v;
	const char *s;
	size_t i;
	int found = 0;

	*unconfined = 0;
	if (!json_is_object(info)) {
		ha_buf_addstr(d, "engine info (GET /info) was not collected: "
		    "whether the engine has seccomp is unknown");
		return -1;
	}
	if (opts == NULL || (given(opts) && !json_is_array(opts))) {
		ha_buf_addf(d, "engine info SecurityOptions is %s",
		    opts == NULL ? "missing" : "not a list");
		return -1;
	}
	json_array_foreach(opts, i, v) {
		s = json_string_value(v);
		if (s == NULL)
			continue;
		if (strcmp(s, "seccomp") == 0 || kv_has(s, "name", "seccomp")) {
			found = 1;
			if (kv_has(s, "profile", "unconfined"))
				*unconfined = 1;
		}
	}
	return found;
}

/*
 * The engine-wide seccomp profile of containers that name none: dockerd's
 * seccomp-profile setting, or Podman's containers.conf seccomp_profile (a
 * daemon.json on the same host is not Podman's).  *what names it.
 */
static const char *
default_seccomp(const struct ha_ctx *ctx, const char **what)
{
	if (ha_podman_is(ctx->facts)) {
		*what = "containers.conf seccomp_profile";
		return json_string_value(ha_podman_setting(ctx->facts,
		    "containers.seccomp_profile", NULL));
	}
	*what = "daemon seccomp-profile";
	return json_string_value(ha_facts_setting(ctx->facts,
	    "seccomp-profile", NULL));
}

static enum ha_status
seccomp(const struct ha_ctx *ctx, const json_t *obj, struct ha_buf *d)
{
	const char *opt, *daemon, *what;
	int priv, unconfined;

	if (need_hostconfig(obj, d) != HA_PASS ||
	    hc_list_ok(obj, "SecurityOpt", d) != HA_PASS ||
	    (priv = hc_bool(obj, "Privileged", d)) < 0)
		return HA_ERROR;
	opt = secopt(obj, "seccomp");
	daemon = default_seccomp(ctx, &what);
	if (str_is(opt, "unconfined")) {
		ha_buf_addstr(d, "SecurityOpt: seccomp=unconfined");
		return HA_FAIL;
	}
	if (priv) {
		ha_buf_addstr(d, "Privileged: no seccomp profile applied");
		return HA_FAIL;
	}
	if (opt == NULL && str_is(daemon, "unconfined")) {
		ha_buf_addf(d, "%s: unconfined", what);
		return HA_FAIL;
	}
	switch (engine_seccomp(ctx, &unconfined, d)) {
	case -1:
		return HA_ERROR;
	case 0:
		ha_buf_addf(d, "the engine has no seccomp support (GET /info "
		    "SecurityOptions): the %s profile confines nothing",
		    opt != NULL ? "custom" : "default");
		return HA_FAIL;
	}
	if (opt == NULL && unconfined) {
		ha_buf_addstr(d, "the engine's default seccomp profile is "
		    "unconfined (GET /info SecurityOptions)");
		return HA_FAIL;
	}
	ha_buf_addf(d, "seccomp: %s", opt != NULL ? "custom profile" :
	    "daemon default profile");
	return HA_PASS;
}

static enum ha_status
cgroup_parent(const struct ha_ctx *ctx, const json_t *obj, struct ha_buf *d)
{
	const char *p;

	(void)ctx;
	if (need_hostconfig(obj, d) != HA_PASS)
		return HA_ERROR;
	p = hc_str(obj, "CgroupParent");
	if (p == NULL || *p == '\0') {
		ha_buf_addstr(d, "CgroupParent: default");
		return HA_PASS;
	}
	ha_buf_addf(d, "CgroupParent: %s (confirm it is intended)", p);
	return HA_WARN;
}

static enum ha_status
no_new_privileges(const struct ha_ctx *ctx, const json_t *obj,
    struct ha_buf *d)
{
	const char *opt;
	const json_t *daemon;

	if (need_hostconfig(obj, d) != HA_PASS)
		return HA_ERROR;
	opt = secopt(obj, "no-new-privileges");
	if (opt != NULL && (*opt == '\0' || go_bool(opt) == 1)) {
		ha_buf_addstr(d, "SecurityOpt: no-new-privileges");
		return HA_PASS;
	}
	if (opt != NULL) {
		ha_buf_addf(d, "SecurityOpt: no-new-privileges:%s", opt);
		return HA_FAIL;
	}
	/* Podman has no such setting; a daemon.json here is dockerd's */
	daemon = ha_podman_is(ctx->facts) ? NULL :
	    ha_facts_setting(ctx->facts, "no-new-privileges", NULL);
	if (json_is_true(daemon)) {
		ha_buf_addstr(d, "daemon no-new-privileges: true");
		return HA_PASS;
	}
	ha_buf_addstr(d, "no-new-privileges not set");
	return HA_FAIL;
}

/*
 * A health check is configured when Config.Healthcheck.Test (the image's
 * HEALTHCHECK merged with --health-cmd) starts with CMD or CMD-SHELL, or
 * when the engine reports a health status for it; its result, even
 * unhealthy, is the engine checking health, which is what 5.27 asks.
 */
static enum ha_status
health(const struct ha_ctx *ctx, const json_t *obj, struct ha_buf *d)
{
	const json_t *test, *status;
	const char *s, *first;

	(void)ctx;
	if (!running(obj)) {
		ha_buf_addstr(d, "not running");
		return HA_SKIP;
	}
	test = json_object_get(json_object_get(json_object_get(obj,
	    "Config"), "Healthcheck"), "Test");
	status = json_object_get(json_object_get(json_object_get(obj,
	    "State"), "Health"), "Status");
	if (given(test) && !json_is_array(test)) {
		ha_buf_addstr(d, "Config.Healthcheck.Test is not a list");
		return HA_ERROR;
	}
	if (given(status) && !json_is_string(status)) {
		ha_buf_addstr(d, "State.Health.Status is not a string");
		return HA_ERROR;
	}
	first = json_string_value(json_array_get(test, 0));
	s = json_string_value(status);
	if (str_is(first, "NONE")) {
		ha_buf_addstr(d, "health check disabled (NONE)");
		return HA_FAIL;
	}
	if (str_is(s, "starting") || str_is(s, "healthy") ||
	    str_is(s, "unhealthy")) {
		ha_buf_addf(d, "health check configured, status %s", s);
		return HA_PASS;
	}
	if (str_is(first, "CMD") || str_is(first, "CMD-SHELL")) {
		ha_buf_addstr(d, "health check configured, no status reported "
		    "yet");
		return HA_PASS;
	}
	ha_buf_addstr(d, "no health check");
	if (s != NULL && *s != '\0')
		ha_buf_addf(d, " (status %s)", s);
	return HA_FAIL;
}

static enum ha_status
pids_limit(const struct ha_ctx *ctx, const json_t *obj, struct ha_buf *d)
{
	long long n;

	(void)ctx;
	if (need_hostconfig(obj, d) != HA_PASS)
		return HA_ERROR;
	n = hc_int(obj, "PidsLimit");
	if (n <= 0) {
		ha_buf_addstr(d, "PidsLimit: unlimited");
		return HA_FAIL;
	}
	ha_buf_addf(d, "PidsLimit: %lld", n);
	return HA_PASS;
}

/*
 * The daemon's effective "bridge" setting (-b): 1 when it is "none",
 * dockerd then creating no default bridge network; 0 otherwise; -1 with
 * a reason in d when it is not a string.
 */
static int
bridge_none(const struct ha_ctx *ctx, struct ha_buf *d)
{
	const json_t *v = ha_facts_setting(ctx->facts, "bridge", NULL);

	if (!given(v))
		return 0;
	if (!json_is_string(v)) {
		ha_buf_addstr(d, "setting 'bridge' is not a string");
		return -1;
	}
	return strcmp(json_string_value(v), "none") == 0;
}

/*
 * With bridge=none, dockerd still records a "bridge" key in the
 * Networks of a container in the default mode, but never connects it
 * (there is no such network).  The key counts as an attachment unless
 * the network list was collected without a "bridge" network and the
 * entry names no network id.
 */
static int
bridge_attached(const struct ha_ctx *ctx, const json_t *entry)
{
	const json_t *nets = ha_facts_get(ctx->facts, "engine.networks"), *n;
	const char *id = json_string_value(json_object_get(entry,
	    "NetworkID"));
	size_t i;

	if (id != NULL && *id != '\0')
		return 1;
	if (!json_is_array(nets))
		return 1;
	json_array_foreach(nets, i, n)
		if (str_is(json_string_value(json_object_get(n, "Name")),
		    "bridge"))
			return 1;
	return 0;
}

/*
 * Podman's compat API gives NetworkMode "bridge" to a container on any
 * bridge network, its default one ("podman", which GET /networks calls
 * "bridge") or one the user made: the networks it is attached to tell
 * (by name, or by the id of GET /networks' "bridge").  Its Docker-named
 * settings (bridge=none) are not Podman's.
 */
static enum ha_status
podman_bridge(const struct ha_ctx *ctx, const char *m, const json_t *nets,
    struct ha_buf *d)
{
	const char *dflt = ha_podman_default_network(ctx->facts), *k, *id;
	const char *dflt_id = NULL, *hit = NULL;
	const json_t *v;
	struct ha_buf on;
	enum ha_status st = HA_PASS;
	size_t i;

	json_array_foreach(ha_facts_get(ctx->facts, "engine.networks"), i, v)
		if (str_is(json_string_value(json_object_get(v, "Name")),
		    "bridge"))
			dflt_id = json_string_value(json_object_get(v, "Id"));
	ha_buf_init(&on, HA_BUF_NOCAP);
	json_object_foreach((json_t *)nets, k, v) {
		id = json_string_value(json_object_get(v, "NetworkID"));
		if (hit == NULL && (str_is(k, dflt) || str_is(k, "bridge") ||
		    str_is(id, dflt) || (id != NULL && *id != '\0' &&
		    str_is(dflt_id, id))))
			hit = k;
		ha_buf_addf(&on, "%s%s", on.len > 0 ? ", " : "", k);
	}
	ha_buf_addf(d, "NetworkMode: %s", m);
	if (hit != NULL) {
		ha_buf_addf(d, ", attached to Podman's default network (%s)",
		    hit);
		st = HA_FAIL;
	} else if (strcmp(m, "bridge") != 0 && strcmp(m, "default") != 0)
		st = HA_PASS;
	else if (on.len == 0) {
		ha_buf_addstr(d, "; its networks were not reported");
		st = HA_FAIL;
	} else
		ha_buf_addf(d, ", on network %s", on.data);
	ha_buf_release(&on);
	return st;
}

static enum ha_status
default_bridge(const struct ha_ctx *ctx, const json_t *obj,
    struct ha_buf *d)
{
	const json_t *mode = json_object_get(hostconfig(obj), "NetworkMode");
	const json_t *nets = json_object_get(json_object_get(obj,
	    "NetworkSettings"), "Networks"), *br;
	const char *m;
	int none, dflt;

	if (need_hostconfig(obj, d) != HA_PASS)
		return HA_ERROR;
	if (given(mode) && !json_is_string(mode)) {
		ha_buf_addstr(d, "HostConfig.NetworkMode is not a string");
		return HA_ERROR;
	}
	if (given(nets) && !json_is_object(nets)) {
		ha_buf_addstr(d, "NetworkSettings.Networks is not an object");
		return HA_ERROR;
	}
	m = json_string_value(mode);
	if (m == NULL || *m == '\0')
		m = "default";
	if (ha_podman_is(ctx->facts))
		return podman_bridge(ctx, m, nets, d);
	if ((none = bridge_none(ctx, d)) < 0)
		return HA_ERROR;
	dflt = strcmp(m, "default") == 0 || strcmp(m, "bridge") == 0;
	br = json_object_get(nets, "bridge");
	ha_buf_addf(d, "NetworkMode: %s", m);
	if (none) {
		if (br != NULL && bridge_attached(ctx, br)) {
			ha_buf_addstr(d, ", attached to the bridge network");
			return HA_FAIL;
		}
		if (dflt)
			ha_buf_addstr(d, "; no default bridge (the daemon runs "
			    "with bridge=none)");
		return HA_PASS;
	}
	if (dflt)
		return HA_FAIL;
	/* 'docker network connect bridge' leaves NetworkMode as it was */
	if (br != NULL) {
		ha_buf_addstr(d, ", also attached to the default bridge");
		return HA_FAIL;
	}
	return HA_PASS;
}

struct sock_scan {
	struct mount_scan	 ms;
	json_t			*own;	/* the daemon's sockets, host paths */
};

/* Add path, cleaned, to the string set. */
static void
sock_add(json_t *set, const char *path)
{
	char clean[PATH_MAX_LEN];

	if (path != NULL && ha_path_clean(path, clean, sizeof(clean)) == 0)
		(void)seen(set, clean);
}

/*
 * The host path of the engine socket hostaudit talked to: as it is, or
 * with --root R the part under R.  A socket outside R (one mounted into
 * hostaudit's own container) has no known host path: NULL.
 */
static const char *
engine_socket_host(const struct ha_ctx *ctx)
{
	const char *sock = ha_facts_str(ctx->facts, "engine.socket");
	const char *root = ha_facts_str(ctx->facts, "root");
	size_t n = root != NULL ? strlen(root) : 0;

	while (n > 0 && root[n - 1] == '/')
		n--;
	if (sock == NULL || n == 0)
		return sock;
	if (strncmp(sock, root, n) == 0 && sock[n] == '/')
		return sock + n;
	return NULL;
}

/*
 * The daemon's own Unix sockets: the engine socket, and each unix:// of
 * the effective hosts setting (-H; none at all means dockerd's default,
 * /var/run/docker.sock).  When none is known (a tcp endpoint, fd://
 * only), Docker's usual paths stand in for them.
 */
static void
daemon_sockets(const struct ha_ctx *ctx, json_t *own)
{
	const json_t *hosts = ha_facts_setting(ctx->facts, "hosts", NULL);
	const json_t *v;
	const char *h;
	size_t i;

	sock_add(own, engine_socket_host(ctx));
	/* Podman's: its own, and a Docker-named link to it (podman.sockets) */
	json_array_foreach(ha_facts_get(ctx->facts, "podman.sockets"), i, v) {
		sock_add(own, json_string_value(v));
	}
	if (json_is_array(hosts) && json_array_size(hosts) == 0)
		sock_add(own, "/var/run/docker.sock");
	json_array_foreach(hosts, i, v) {
		h = json_string_value(v);
		if (h == NULL || !ha_starts_with(h, "unix://"))
			continue;
		h += strlen("unix://");
		sock_add(own, *h != '\0' ? h : "/var/run/docker.sock");
	}
	for (i = 0; json_array_size(own) == 0 &&
	    ha_paths_docker_sock[i] != NULL; i++)
		sock_add(own, ha_paths_docker_sock[i]);
}

/*
 * /var/run is a symbolic link to /run on every current distribution: the
 * other name of path in buf, or 0 when it has none.
 */
static int
run_alias(const char *path, char *buf, size_t len)
{
	if (ha_starts_with(path, "/var/run/"))
		snprintf(buf, len, "%s", path + strlen("/var"));
	else if (ha_starts_with(path, "/run/"))
		snprintf(buf, len, "/var%s", path);
	else
		return 0;
	return 1;
}

/* The daemon socket that mount m holds (as a path under m), or NULL. */
static const char *
sock_held(const struct sock_scan *ss, const struct mount *m, char *alias,
    size_t len)
{
	const json_t *v;
	const char *p;
	size_t i;

	json_array_foreach(ss->own, i, v) {
		p = json_string_value(v);
		if (ha_path_under(p, m->clean, 0))
			return p;
		if (run_alias(p, alias, len) &&
		    ha_path_under(alias, m->clean, 0))
			return alias;
	}
	/* a socket by Docker's usual name may be another engine's */
	for (i = 0; ha_paths_docker_sock[i] != NULL; i++)
		if (strcmp(ha_paths_docker_sock[i], m->clean) == 0)
			return ha_paths_docker_sock[i];
	return NULL;
}

static void
sock_mount(const struct mount *m, void *arg)
{
	struct sock_scan *ss = arg;
	const char *hit;
	char alias[PATH_MAX_LEN], item[3 * PATH_MAX_LEN];

	hit = sock_held(ss, m, alias, sizeof(alias));
	if (hit == NULL || seen(ss->ms.seen, m->clean))
		return;
	if (strcmp(hit, m->clean) == 0 && m->volume == NULL)
		snprintf(item, sizeof(item), "%s", m->clean);
	else if (strcmp(hit, m->clean) == 0)
		snprintf(item, sizeof(item), "%s (volume %s)", m->clean,
		    m->volume);
	else
		snprintf(item, sizeof(item), "%s (%s%s%sholds %s)", m->clean,
		    m->volume != NULL ? "volume " : "",
		    m->volume != NULL ? m->volume : "",
		    m->volume != NULL ? ", " : "", hit);
	list_add(&ss->ms.list, item);
	ss->ms.bad++;
}

static enum ha_status
docker_sock(const struct ha_ctx *ctx, const json_t *obj, struct ha_buf *d)
{
	struct sock_scan ss;
	enum ha_status st;

	if (need_hostconfig(obj, d) != HA_PASS)
		return HA_ERROR;
	mount_scan_init(&ss.ms, ctx);
	ss.own = json_array();
	daemon_sockets(ctx, ss.own);
	mounts_each(ctx, obj, 1, sock_mount, &ss, &ss.ms.err);
	st = mount_scan_done(&ss.ms, "Docker socket mounted", d);
	json_decref(ss.own);
	return st;
}

/* Profile parameters (see hostaudit-profile(5)). */
static const struct ha_param caps_params[] = {
	{ "allowed_capabilities", HA_PARAM_STRINGS },
	{ NULL, 0 },
};
static const struct ha_param mounts_params[] = {
	{ "allowed_mounts", HA_PARAM_STRINGS },
	{ "extra_sensitive_paths", HA_PARAM_STRINGS },
	{ NULL, 0 },
};
static const struct ha_param restart_params[] = {
	{ "max_restart_count", HA_PARAM_INT },
	{ NULL, 0 },
};

const struct ha_check ha_checks_runtime[] = {
	{
		.id = "daemon.swarm",
		.title = "Swarm mode is not enabled unless it is needed",
		.scope = HA_SCOPE_HOST,
		.level = 1,
		.severity = HA_SEV_MEDIUM,
		.rationale = "A swarm node opens management and data ports "
		    "and holds cluster secrets; a host that does not need "
		    "swarm should not carry that surface.",
		.audit = "facts.engine.info.Swarm.LocalNodeState: "
		    "\"inactive\" passes, \"active\" (or pending, locked) "
		    "asks to confirm the need.",
		.remediation = "If swarm is not needed, leave it: 'docker "
		    "swarm leave' (add --force on a manager).",
		.needs_engine = 1,
		.eval = swarm,
	},
	{
		.id = "container.apparmor",
		.title = "Containers run under an AppArmor profile",
		.scope = HA_SCOPE_CONTAINER,
		.level = 1,
		.severity = HA_SEV_MEDIUM,
		.rationale = "AppArmor confines what a containerised process "
		    "may touch on the host even when other controls fail.",
		.audit = "For every container, AppArmorProfile from the "
		    "inspect object: empty or \"unconfined\" fails.  Skipped "
		    "when facts.host.apparmor is false.",
		.remediation = "Keep the default docker-default profile or "
		    "give a custom one with --security-opt apparmor=PROFILE; "
		    "never run with apparmor=unconfined.",
		.eval_target = apparmor,
	},
	{
		.id = "container.selinux",
		.title = "Containers run with SELinux security options",
		.scope = HA_SCOPE_CONTAINER,
		.level = 2,
		.severity = HA_SEV_MEDIUM,
		.rationale = "SELinux labels confine containers from the host "
		    "and from each other.",
		.audit = "For every container, HostConfig.SecurityOpt: a "
		    "\"label=disable\" option fails, and so does a label of "
		    "an unconfined type (\"label=type:spc_t\", the "
		    "super-privileged container type, or unconfined_t), as "
		    "does a ProcessLabel of such a type; another \"label=\" "
		    "option or a ProcessLabel passes; no label at all fails.  "
		    "Skipped when facts.host.selinux is false.",
		.remediation = "Run the daemon with --selinux-enabled and "
		    "give containers labels with --security-opt "
		    "label=type:TYPE or label=level:LEVEL; never "
		    "label=disable or label=type:spc_t.",
		.eval_target = selinux,
	},
	{
		.id = "container.capabilities",
		.title = "Container capabilities are restricted",
		.scope = HA_SCOPE_CONTAINER,
		.level = 1,
		.severity = HA_SEV_HIGH,
		.rationale = "Each Linux capability beyond Docker's default "
		    "set (e.g. SYS_ADMIN) gives a container a piece of root's "
		    "power over the host kernel.",
		.audit = "For every container, the effective set: Docker's "
		    "default capabilities plus HostConfig.CapAdd minus "
		    "HostConfig.CapDrop (\"ALL\" understood in both, names "
		    "with or without CAP_ in any case), or, when "
		    "HostConfig.Capabilities (API 1.40) is a list, exactly "
		    "that list; privileged containers hold all.  A capability "
		    "beyond the defaults and the profile parameter "
		    "allowed_capabilities fails.",
		.remediation = "Drop what is not needed and add only what is: "
		    "--cap-drop ALL --cap-add NET_BIND_SERVICE ...; remove "
		    "--privileged.",
		.eval_target = capabilities,
		.params = caps_params,
	},
	{
		.id = "container.privileged",
		.title = "Containers are not privileged",
		.scope = HA_SCOPE_CONTAINER,
		.level = 1,
		.severity = HA_SEV_CRITICAL,
		.rationale = "A privileged container holds every capability, "
		    "sees every device and is free of most confinement: it is "
		    "root on the host.",
		.audit = "For every container, HostConfig.Privileged: true "
		    "fails.",
		.remediation = "Run the container without --privileged; grant "
		    "the specific capability or device it needs instead.",
		.eval_target = privileged,
	},
	{
		.id = "container.sensitive-mounts",
		.title = "Sensitive host directories are not mounted in "
		    "containers",
		.scope = HA_SCOPE_CONTAINER,
		.level = 1,
		.severity = HA_SEV_HIGH,
		.rationale = "A container that mounts /, /etc, /proc or "
		    "similar host directories can read secrets or change the "
		    "host.",
		.audit = "For every container, bind mounts (Mounts[] of Type "
		    "bind, and HostConfig.Binds) and named volumes of the "
		    "local driver made with the options o=bind and "
		    "device=PATH (facts.engine.volumes), taken as a bind "
		    "mount of PATH: a host path of /, /boot, /dev, /etc, "
		    "/lib, /proc, /sys, /usr, the paths of the profile "
		    "parameter extra_sensitive_paths (the CIS 1.7.0 and 1.8.0 "
		    "profiles add /lib64), or a path under them fails, "
		    "unless listed in the profile parameter allowed_mounts.  "
		    "A local volume whose options were not collected is an "
		    "error, not a pass.",
		.remediation = "Do not bind-mount host system directories; "
		    "mount a dedicated directory or a volume, read-only where "
		    "possible.",
		.eval_target = sensitive_mounts,
		.params = mounts_params,
	},
	{
		.id = "container.sshd",
		.title = "SSH daemons do not run in containers",
		.scope = HA_SCOPE_CONTAINER,
		.level = 1,
		.severity = HA_SEV_MEDIUM,
		.rationale = "An sshd in a container is one more service to "
		    "patch and secure, and bypasses docker exec's access "
		    "control and audit.",
		.audit = "For every running container, its processes as "
		    "collect found them in /proc by PID namespace "
		    "(obj.Processes; no docker exec): a process whose "
		    "command name or executable is exactly sshd fails.  "
		    "An error, not a pass, when the list could not be "
		    "collected or is incomplete (not root, hidepid); "
		    "stopped containers are skipped.  By hand: 'docker "
		    "top CONTAINER' or 'ps -e -o pid,comm --ppid PID'.",
		.remediation = "Remove the SSH server from the image; use "
		    "'docker exec' to reach a container.",
		.eval_target = sshd,
	},
	{
		.id = "container.privileged-ports",
		.title = "Privileged host ports are not mapped to containers",
		.scope = HA_SCOPE_CONTAINER,
		.level = 1,
		.severity = HA_SEV_MEDIUM,
		.rationale = "Ports below 1024 are reserved for privileged "
		    "services; mapping one to a container lets it pose as "
		    "such a service.",
		.audit = "For every container, host ports in "
		    "NetworkSettings.Ports and HostConfig.PortBindings: a "
		    "HostPort below 1024 fails.",
		.remediation = "Map container ports to host ports of 1024 and "
		    "above (-p 8080:80), or put a reverse proxy in front.",
		.eval_target = privileged_ports,
	},
	{
		.id = "container.open-ports",
		.title = "Only needed ports are open on containers",
		.scope = HA_SCOPE_CONTAINER,
		.level = 1,
		.severity = HA_SEV_MEDIUM,
		.rationale = "Every published port is reachable from the "
		    "network; a port nobody needs is only attack surface.",
		.audit = "Manual.  List published ports with 'docker ps "
		    "--quiet | xargs docker inspect --format \"{{.Name}}: "
		    "{{.NetworkSettings.Ports}}\"' and confirm each is "
		    "needed.",
		.remediation = "Publish only the ports the service needs with "
		    "explicit -p options; avoid -P (publish all).",
	},
	{
		.id = "container.host-network",
		.title = "Containers do not share the host's network "
		    "namespace",
		.scope = HA_SCOPE_CONTAINER,
		.level = 1,
		.severity = HA_SEV_HIGH,
		.rationale = "A container on the host network can bind any "
		    "host port and reach services listening on localhost, "
		    "bypassing Docker's network isolation.",
		.audit = "For every container, HostConfig.NetworkMode: "
		    "\"host\" fails.",
		.remediation = "Run the container on a bridge or user-defined "
		    "network instead of --network host.",
		.eval_target = host_network,
	},
	{
		.id = "container.memory-limit",
		.title = "Container memory is limited",
		.scope = HA_SCOPE_CONTAINER,
		.level = 1,
		.severity = HA_SEV_MEDIUM,
		.rationale = "Without a memory limit one container can "
		    "exhaust the host's memory and take every other service "
		    "down.",
		.audit = "For every container, HostConfig.Memory: 0 "
		    "(unlimited) fails.",
		.remediation = "Start containers with --memory (e.g. --memory "
		    "512m), or update running ones with 'docker update "
		    "--memory'.",
		.eval_target = memory_limit,
	},
	{
		.id = "container.cpu-shares",
		.title = "Container CPU priority is set",
		.scope = HA_SCOPE_CONTAINER,
		.level = 1,
		.severity = HA_SEV_LOW,
		.rationale = "Without CPU shares every container competes "
		    "equally; a busy one can starve the services that matter "
		    "most.",
		.audit = "For every container, HostConfig.CpuShares: 0 or "
		    "1024 (the default weight) fails.",
		.remediation = "Start containers with --cpu-shares set to "
		    "their relative weight (e.g. 512), or use 'docker update "
		    "--cpu-shares'.",
		.eval_target = cpu_shares,
	},
	{
		.id = "container.readonly-rootfs",
		.title = "Container root filesystems are read-only",
		.scope = HA_SCOPE_CONTAINER,
		.level = 1,
		.severity = HA_SEV_MEDIUM,
		.rationale = "A read-only root filesystem stops an intruder "
		    "from changing the container's programs and makes writes "
		    "explicit.",
		.audit = "For every container, HostConfig.ReadonlyRootfs: "
		    "false fails.",
		.remediation = "Start containers with --read-only and give "
		    "them volumes or --tmpfs for the paths they must write.",
		.eval_target = readonly_rootfs,
	},
	{
		.id = "container.bind-interface",
		.title = "Published ports are bound to a specific host "
		    "interface",
		.scope = HA_SCOPE_CONTAINER,
		.level = 1,
		.severity = HA_SEV_MEDIUM,
		.rationale = "A port published on all interfaces is reachable "
		    "from every network the host is on, not just the intended "
		    "one.",
		.audit = "For every container, the bindings in "
		    "NetworkSettings.Ports and HostConfig.PortBindings: a "
		    "HostIp of \"\", \"0.0.0.0\" or \"::\" fails.",
		.remediation = "Publish ports on one address: -p "
		    "10.0.0.5:443:443, or set the daemon's \"ip\" option.",
		.eval_target = bind_interface,
	},
	{
		.id = "container.restart-policy",
		.title = "The restart policy is on-failure with at most 5 "
		    "retries",
		.scope = HA_SCOPE_CONTAINER,
		.level = 1,
		.severity = HA_SEV_LOW,
		.rationale = "Unbounded restarts can hide a failing container "
		    "and turn a fault into a denial of service on the host.",
		.audit = "For every container, HostConfig.RestartPolicy: Name "
		    "\"always\" or \"unless-stopped\" fails, \"on-failure\" "
		    "fails when MaximumRetryCount is 0 (unbounded) or above 5 "
		    "(profile parameter max_restart_count), \"no\" or empty "
		    "passes.",
		.remediation = "Start containers with --restart on-failure:5, "
		    "or 'docker update --restart on-failure:5'.",
		.eval_target = restart_policy,
		.params = restart_params,
	},
	{
		.id = "container.host-pid",
		.title = "Containers do not share the host's process "
		    "namespace",
		.scope = HA_SCOPE_CONTAINER,
		.level = 1,
		.severity = HA_SEV_HIGH,
		.rationale = "With the host PID namespace a container sees "
		    "and may signal every process on the host.",
		.audit = "For every container, HostConfig.PidMode: \"host\" "
		    "fails.",
		.remediation = "Run the container without --pid host.",
		.eval_target = host_pid,
	},
	{
		.id = "container.host-ipc",
		.title = "Containers do not share the host's IPC namespace",
		.scope = HA_SCOPE_CONTAINER,
		.level = 1,
		.severity = HA_SEV_HIGH,
		.rationale = "With the host IPC namespace a container can "
		    "read and change the host's shared memory and semaphores.",
		.audit = "For every container, HostConfig.IpcMode: \"host\" "
		    "fails.",
		.remediation = "Run the container without --ipc host.",
		.eval_target = host_ipc,
	},
	{
		.id = "container.host-devices",
		.title = "Host devices are not exposed to containers directly",
		.scope = HA_SCOPE_CONTAINER,
		.level = 1,
		.severity = HA_SEV_HIGH,
		.rationale = "A host device in a container lets it read or "
		    "write hardware directly, bypassing the host's file "
		    "permissions.",
		.audit = "For every container: HostConfig.Privileged true "
		    "fails (a privileged container has every host device); "
		    "any entry of HostConfig.Devices fails, the detail naming "
		    "the host paths; any rule of HostConfig.DeviceCgroupRules "
		    "fails, the detail naming it (a valid rule, \"TYPE "
		    "MAJOR:MINOR ACCESS\" with TYPE a, b or c and ACCESS some "
		    "of r, w, m, always allows access to host devices, which "
		    "the default MKNOD capability lets the container create); "
		    "a malformed rule is an error.",
		.remediation = "Do not pass --privileged, --device or "
		    "--device-cgroup-rule; if a device is needed, grant only "
		    "it with the minimal permissions (e.g. --device "
		    "/dev/ttyS0:/dev/ttyS0:r).",
		.eval_target = host_devices,
	},
	{
		.id = "container.ulimits",
		.title = "Default ulimits are overridden only when needed",
		.scope = HA_SCOPE_CONTAINER,
		.level = 1,
		.severity = HA_SEV_LOW,
		.rationale = "The daemon's default ulimits are meant to apply "
		    "to every container; a per-container override should be a "
		    "deliberate choice.",
		.audit = "For every container, HostConfig.Ulimits: any entry "
		    "asks for review, listing the names and limits.",
		.remediation = "Remove --ulimit from containers that do not "
		    "need it and rely on the daemon's --default-ulimit.",
		.eval_target = ulimits,
	},
	{
		.id = "container.mount-propagation",
		.title = "Mount propagation is not shared",
		.scope = HA_SCOPE_CONTAINER,
		.level = 1,
		.severity = HA_SEV_MEDIUM,
		.rationale = "A shared mount lets mounts made inside the "
		    "container appear on the host, and the reverse.",
		.audit = "For every container, Mounts[].Propagation: "
		    "\"shared\" or \"rshared\" fails.",
		.remediation = "Mount volumes with private or slave "
		    "propagation (the default rprivate); do not use :shared "
		    "or :rshared.",
		.eval_target = mount_propagation,
	},
	{
		.id = "container.host-uts",
		.title = "Containers do not share the host's UTS namespace",
		.scope = HA_SCOPE_CONTAINER,
		.level = 1,
		.severity = HA_SEV_MEDIUM,
		.rationale = "With the host UTS namespace a container can "
		    "change the host's hostname and domain name.",
		.audit = "For every container, HostConfig.UTSMode: \"host\" "
		    "fails.",
		.remediation = "Run the container without --uts host.",
		.eval_target = host_uts,
	},
	{
		.id = "container.seccomp",
		.title = "The default seccomp profile is not disabled",
		.scope = HA_SCOPE_CONTAINER,
		.level = 1,
		.severity = HA_SEV_HIGH,
		.rationale = "The seccomp profile blocks system calls "
		    "containers never need; disabling it exposes the whole "
		    "kernel interface.",
		.audit = "For every container: HostConfig.SecurityOpt "
		    "\"seccomp=unconfined\" (or seccomp:unconfined) fails, "
		    "as does a privileged container, and, without a "
		    "seccomp option, the daemon setting seccomp-profile "
		    "unconfined or an engine whose GET /info SecurityOptions "
		    "reports profile=unconfined.  An engine whose "
		    "SecurityOptions lists no seccomp confines nothing: every "
		    "container fails.  An error when the engine info was not "
		    "collected.",
		.remediation = "Remove --security-opt seccomp=unconfined; if "
		    "a call is needed, use a custom profile that allows just "
		    "it.",
		.eval_target = seccomp,
	},
	{
		.id = "container.exec-privileged",
		.title = "docker exec is not used with --privileged",
		.scope = HA_SCOPE_CONTAINER,
		.level = 2,
		.severity = HA_SEV_HIGH,
		.rationale = "A privileged exec session runs with every "
		    "capability, escaping the container's restrictions.",
		.audit = "Manual.  Search the engine's audit trail for "
		    "privileged exec sessions: 'ausearch -k docker | grep "
		    "exec | grep privileged' (with audit rules on dockerd), "
		    "or 'docker events --filter event=exec_create' and the "
		    "caller's shell history.",
		.remediation = "Do not run 'docker exec --privileged'; "
		    "restrict who may use the docker API (authorization "
		    "plugin).",
	},
	{
		.id = "container.exec-user-root",
		.title = "docker exec is not used with --user root",
		.scope = HA_SCOPE_CONTAINER,
		.level = 2,
		.severity = HA_SEV_MEDIUM,
		.rationale = "An exec session as root bypasses the non-root "
		    "user the container was meant to run as.",
		.audit = "Manual.  Search the audit trail for root exec "
		    "sessions: 'ausearch -k docker | grep exec | grep user' "
		    "(with audit rules on dockerd) and review the shell "
		    "history of the people who run docker.",
		.remediation = "Do not run 'docker exec --user root' (or -u "
		    "0); restrict who may use the docker API (authorization "
		    "plugin).",
	},
	{
		.id = "container.cgroup-parent",
		.title = "Container cgroup parents are confirmed",
		.scope = HA_SCOPE_CONTAINER,
		.level = 1,
		.severity = HA_SEV_LOW,
		.rationale = "A container placed under a custom cgroup "
		    "escapes the limits the default parent applies.",
		.audit = "For every container, HostConfig.CgroupParent: a "
		    "value asks for review (the default is empty).",
		.remediation = "Use --cgroup-parent only where a custom "
		    "cgroup with its own limits is intended; remove it "
		    "otherwise.",
		.eval_target = cgroup_parent,
	},
	{
		.id = "container.no-new-privileges",
		.title = "Containers cannot acquire new privileges",
		.scope = HA_SCOPE_CONTAINER,
		.level = 1,
		.severity = HA_SEV_MEDIUM,
		.rationale = "no-new-privileges stops setuid and setgid "
		    "programs and file capabilities from raising a process's "
		    "privileges.",
		.audit = "For every container, HostConfig.SecurityOpt: "
		    "\"no-new-privileges\" (or no-new-privileges:true / "
		    "=true) passes; absent fails, unless the daemon setting "
		    "no-new-privileges is true.",
		.remediation = "Start containers with --security-opt "
		    "no-new-privileges, or set \"no-new-privileges\": true in "
		    "daemon.json.",
		.eval_target = no_new_privileges,
	},
	{
		.id = "container.health",
		.title = "Container health is checked at run time",
		.scope = HA_SCOPE_CONTAINER,
		.level = 1,
		.severity = HA_SEV_LOW,
		.rationale = "Without a health check the engine and "
		    "operators cannot tell a hung container from a working "
		    "one.",
		.audit = "For every running container: a configured health "
		    "check passes, whatever its State.Health.Status "
		    "(starting, healthy or unhealthy; the detail says which), "
		    "as does a Config.Healthcheck.Test of CMD or CMD-SHELL "
		    "with no status yet; no health check, or a Test of NONE "
		    "(--no-healthcheck), fails.  Stopped containers are "
		    "skipped.",
		.remediation = "Add a HEALTHCHECK to the image or start the "
		    "container with --health-cmd, without --no-healthcheck; "
		    "investigate containers that report unhealthy.",
		.eval_target = health,
	},
	{
		.id = "container.latest-image",
		.title = "Docker commands use the latest version of their "
		    "image",
		.scope = HA_SCOPE_CONTAINER,
		.level = 1,
		.severity = HA_SEV_LOW,
		.rationale = "A cached stale image keeps running old, "
		    "vulnerable software.",
		.audit = "Manual.  For each container compare its image ID "
		    "('docker inspect -f {{.Image}} CONTAINER') with the "
		    "registry's current one ('docker pull IMAGE' then 'docker "
		    "images --digests'), and check that deployments pull "
		    "before running.",
		.remediation = "Pull before running ('docker run --pull "
		    "always' or 'docker pull'), pin images by digest, and "
		    "redeploy when the image changes.",
	},
	{
		.id = "container.pids-limit",
		.title = "The PIDs cgroup limit is set",
		.scope = HA_SCOPE_CONTAINER,
		.level = 1,
		.severity = HA_SEV_MEDIUM,
		.rationale = "Without a PIDs limit a fork bomb in one "
		    "container can exhaust the host's process table.",
		.audit = "For every container, HostConfig.PidsLimit: null, 0 "
		    "or -1 (unlimited) fails.",
		.remediation = "Start containers with --pids-limit (e.g. "
		    "--pids-limit 100), or 'docker update --pids-limit'.",
		.eval_target = pids_limit,
	},
	{
		.id = "container.default-bridge",
		.title = "Containers do not use the default bridge network",
		.scope = HA_SCOPE_CONTAINER,
		.level = 2,
		.severity = HA_SEV_LOW,
		.rationale = "On the default bridge every container can reach "
		    "every other one; user-defined networks isolate groups of "
		    "containers and give them name resolution.",
		.audit = "For every container, HostConfig.NetworkMode: "
		    "\"default\" or \"bridge\" fails, as does a \"bridge\" "
		    "key in NetworkSettings.Networks.  When the daemon's "
		    "effective 'bridge' setting is \"none\" there is no "
		    "default bridge: those modes pass, and only a container "
		    "attached to the bridge network fails (a \"bridge\" key "
		    "with no NetworkID, while the collected network list "
		    "has no such network, attaches nothing).",
		.remediation = "Create user-defined networks ('docker network "
		    "create') and attach containers to them with --network.",
		.eval_target = default_bridge,
	},
	{
		.id = "container.host-userns",
		.title = "Containers do not share the host's user namespace",
		.scope = HA_SCOPE_CONTAINER,
		.level = 1,
		.severity = HA_SEV_HIGH,
		.rationale = "With --userns host a container opts out of user "
		    "namespace remapping, so root in it is root on the host.",
		.audit = "For every container, HostConfig.UsernsMode: "
		    "\"host\" fails.",
		.remediation = "Run the container without --userns host.",
		.eval_target = host_userns,
	},
	{
		.id = "container.docker-sock",
		.title = "The Docker socket is not mounted in containers",
		.scope = HA_SCOPE_CONTAINER,
		.level = 1,
		.severity = HA_SEV_CRITICAL,
		.rationale = "Whoever can talk to the Docker socket controls "
		    "the daemon and so the whole host.",
		.audit = "For every container, bind mounts (Mounts[] of Type "
		    "bind, HostConfig.Binds) and local named volumes bound to "
		    "a host path (o=bind, device=PATH): a host path that is "
		    "or holds one of the daemon's own sockets fails.  Those "
		    "are the engine socket (facts.engine.socket, its host "
		    "path under --root) and each unix:// of the daemon's "
		    "hosts setting (-H; none means /var/run/docker.sock), "
		    "/var/run and /run being one directory; when neither "
		    "names one, /var/run/docker.sock and /run/docker.sock.  "
		    "A mount of exactly /var/run/docker.sock or "
		    "/run/docker.sock fails too.  A local volume whose "
		    "options were not collected is an error.",
		.remediation = "Do not mount the Docker socket; if a tool "
		    "needs the API, give it a restricted proxy or a TLS "
		    "endpoint with authorization.",
		.eval_target = docker_sock,
	},
	{ .id = NULL },
};

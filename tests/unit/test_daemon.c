/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_daemon.c - the dockerd flag parser, the merge into effective
 * settings, daemon.json loading, and finding dockerd (SO_PEERCRED on a
 * real socket, and /proc scans over fake proc trees built in a temp dir).
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "ha_check.h"
#include "ha_collect.h"
#include "ha_daemon.h"
#include "ha_facts.h"
#include "ha_procs.h"
#include "ha_report.h"
#include "ha_util.h"
#include "helper_checks.h"

/* A JSON argv from C strings, NULL-terminated. */
static json_t *
argv_of(const char *first, ...)
{
	json_t *a = json_array();
	const char *s;
	va_list ap;

	va_start(ap, first);
	for (s = first; s != NULL; s = va_arg(ap, const char *))
		json_array_append_new(a, json_string(s));
	va_end(ap);
	return a;
}

static json_t *
parse(json_t *argv)
{
	json_t *p = ha_daemon_parse_flags(argv);

	json_decref(argv);
	return p;
}

static json_t *
jload(const char *text)
{
	json_error_t err;
	json_t *j = json_loads(text, JSON_DECODE_ANY, &err);

	if (j == NULL)
		fail_msg("bad test JSON %s: %s", text, err.text);
	return j;
}

/* 1 when a and the JSON text b are equal. */
static int
jeq(const json_t *a, const char *b)
{
	json_t *jb = jload(b);
	int eq = json_equal((json_t *)a, jb);

	if (!eq) {
		char *s = json_dumps(a, JSON_ENCODE_ANY | JSON_SORT_KEYS);

		print_error("got %s, want %s\n", s ? s : "NULL", b);
		free(s);
	}
	json_decref(jb);
	return eq;
}

static const json_t *
flag(const json_t *parsed, const char *key)
{
	return json_object_get(json_object_get(parsed, "flags"), key);
}

static void
test_is_dockerd(void **state)
{
	(void)state;
	assert_true(ha_daemon_is_dockerd("dockerd"));
	assert_true(ha_daemon_is_dockerd("/usr/bin/dockerd"));
	assert_true(ha_daemon_is_dockerd("/usr/bin/dockerd (deleted)"));
	assert_false(ha_daemon_is_dockerd("dockerd-rootless.sh"));
	assert_false(ha_daemon_is_dockerd("/usr/bin/dockerd-rootless.sh"));
	assert_false(ha_daemon_is_dockerd("vim"));
	assert_false(ha_daemon_is_dockerd("/usr/bin/dockerd2"));
	assert_false(ha_daemon_is_dockerd("xdockerd"));
	assert_false(ha_daemon_is_dockerd("/usr/bin/"));
	assert_false(ha_daemon_is_dockerd(""));
	assert_false(ha_daemon_is_dockerd(NULL));
}

static void
test_opt_table(void **state)
{
	static const char *const keys[] = {
		"icc", "iptables", "ip6tables", "ip-forward", "ip-masq", "ip",
		"bridge", "log-level", "debug", "insecure-registries",
		"registry-mirrors", "storage-driver", "storage-opts", "hosts",
		"tls", "tlsverify", "tlscacert", "tlscert", "tlskey",
		"default-ulimits", "userns-remap", "cgroup-parent",
		"authorization-plugins", "log-driver", "log-opts",
		"no-new-privileges", "live-restore", "userland-proxy",
		"seccomp-profile", "experimental", "selinux-enabled",
		"data-root", "exec-root", "pidfile", "containerd", "group",
		"default-runtime", "init", "labels", "dns", "exec-opts",
		"max-concurrent-downloads", "raw-logs", "mtu",
		"default-address-pools", "features",
	};
	const struct ha_daemon_opt *o;
	size_t i;

	(void)state;
	for (i = 0; i < HA_ARRAY_SIZE(keys); i++) {
		o = ha_daemon_opt_key(keys[i]);
		if (o == NULL)
			fail_msg("no option for key '%s'", keys[i]);
		assert_non_null(o->def);
	}
	/* Every default is valid JSON. */
	for (i = 0; i < ha_daemon_nopts; i++) {
		json_t *d;

		if (ha_daemon_opts[i].def == NULL)
			continue;
		d = json_loads(ha_daemon_opts[i].def, JSON_DECODE_ANY, NULL);
		assert_non_null(d);
		json_decref(d);
	}
	assert_string_equal(ha_daemon_opt_short('H')->key, "hosts");
	assert_string_equal(ha_daemon_opt_short('g')->key, "data-root");
	assert_string_equal(ha_daemon_opt_long("graph", 5)->key, "data-root");
	assert_null(ha_daemon_opt_long("config-file", 11)->key);
	assert_null(ha_daemon_opt_long("ic", 2));
	assert_null(ha_daemon_opt_key("config-file"));
}

static void
test_flags_forms(void **state)
{
	json_t *p;

	(void)state;
	p = parse(argv_of("/usr/bin/dockerd", "-Hunix:///x", "-H",
	    "tcp://0.0.0.0:2376", "--host=fd://", "--host", "unix:///y",
	    "--icc=false", "--live-restore", "-D", "--log-level", "warn",
	    "--insecure-registry", "a:5000", "--insecure-registry=b:5000",
	    "--storage-driver=overlay2", "--mtu", "9000",
	    "--userland-proxy=0", "--config-file=/etc/d.json", NULL));
	assert_true(jeq(flag(p, "hosts"), "[\"unix:///x\", "
	    "\"tcp://0.0.0.0:2376\", \"fd://\", \"unix:///y\"]"));
	assert_true(jeq(flag(p, "icc"), "false"));
	assert_true(jeq(flag(p, "live-restore"), "true"));
	assert_true(jeq(flag(p, "debug"), "true"));
	assert_true(jeq(flag(p, "log-level"), "\"warn\""));
	assert_true(jeq(flag(p, "insecure-registries"),
	    "[\"a:5000\", \"b:5000\"]"));
	assert_true(jeq(flag(p, "storage-driver"), "\"overlay2\""));
	assert_true(jeq(flag(p, "mtu"), "9000"));
	assert_true(jeq(flag(p, "userland-proxy"), "false"));
	assert_string_equal(json_string_value(json_object_get(p,
	    "config_file")), "/etc/d.json");
	assert_null(flag(p, "config-file"));
	assert_int_equal(json_array_size(json_object_get(p, "unknown_flags")),
	    0);
	assert_int_equal(json_array_size(json_object_get(p, "invalid_flags")),
	    0);
	assert_null(flag(p, "iptables"));	/* not given: no flag value */
	json_decref(p);
}

static void
test_flags_short(void **state)
{
	json_t *p;

	(void)state;
	/* A bool shorthand, then one taking the next argument. */
	p = parse(argv_of("dockerd", "-Dl", "debug", "-s=overlay2",
	    "-p/run/d.pid", "-G", "wheel", "-g", "/srv/docker", "-D=false",
	    NULL));
	assert_true(jeq(flag(p, "debug"), "false"));
	assert_true(jeq(flag(p, "log-level"), "\"debug\""));
	assert_true(jeq(flag(p, "storage-driver"), "\"overlay2\""));
	assert_true(jeq(flag(p, "pidfile"), "\"/run/d.pid\""));
	assert_true(jeq(flag(p, "group"), "\"wheel\""));
	assert_true(jeq(flag(p, "data-root"), "\"/srv/docker\""));
	assert_true(jeq(json_object_get(p, "unknown_flags"), "[]"));
	json_decref(p);
	/* The last of -g and --data-root wins; -bVALUE. */
	p = parse(argv_of("dockerd", "-g", "/a", "--data-root=/b", "-bbr0",
	    NULL));
	assert_true(jeq(flag(p, "data-root"), "\"/b\""));
	assert_true(jeq(flag(p, "bridge"), "\"br0\""));
	json_decref(p);
}

static void
test_flags_maps(void **state)
{
	json_t *p;

	(void)state;
	p = parse(argv_of("dockerd", "--log-opt", "max-size=10m",
	    "--log-opt=max-file=3", "--log-opt", "labels",
	    "--default-ulimit", "nofile=1024:2048",
	    "--default-ulimit=nproc=512", "--storage-opt", "dm.basesize=20G",
	    "--storage-opt", "size=1G", "--add-runtime", "crun=/usr/bin/crun",
	    "--default-address-pool", "base=10.10.0.0/16,size=24",
	    "--label", "a=b", "--label=c=d", "--exec-opt",
	    "native.cgroupdriver=systemd", NULL));
	assert_true(jeq(flag(p, "log-opts"), "{\"max-size\": \"10m\", "
	    "\"max-file\": \"3\", \"labels\": \"\"}"));
	assert_true(jeq(flag(p, "default-ulimits"), "{\"nofile\": {\"Name\": "
	    "\"nofile\", \"Soft\": 1024, \"Hard\": 2048}, \"nproc\": "
	    "{\"Name\": \"nproc\", \"Soft\": 512, \"Hard\": 512}}"));
	/* storage-opts is a list of "k=v" in daemon.json, so here too. */
	assert_true(jeq(flag(p, "storage-opts"),
	    "[\"dm.basesize=20G\", \"size=1G\"]"));
	assert_true(jeq(flag(p, "runtimes"),
	    "{\"crun\": {\"path\": \"/usr/bin/crun\"}}"));
	assert_true(jeq(flag(p, "default-address-pools"),
	    "[{\"base\": \"10.10.0.0/16\", \"size\": 24}]"));
	assert_true(jeq(flag(p, "labels"), "[\"a=b\", \"c=d\"]"));
	assert_true(jeq(flag(p, "exec-opts"),
	    "[\"native.cgroupdriver=systemd\"]"));
	json_decref(p);
}

static void
test_flags_unknown_and_invalid(void **state)
{
	const json_t *inv;
	json_t *p;

	(void)state;
	p = parse(argv_of("dockerd", "--frobnicate", "yes", "--icc=false",
	    "--frob=1", "-Z", "--icc=maybe", "--mtu=big", "--default-ulimit",
	    "nofile", "stray", "--", "--debug", "--log-level", NULL));
	assert_true(jeq(json_object_get(p, "unknown_flags"),
	    "[\"--frobnicate\", \"--frob\", \"-Z\", \"stray\", \"--debug\", "
	    "\"--log-level\"]"));
	/* --icc=maybe is refused: the earlier --icc=false stands. */
	assert_true(jeq(flag(p, "icc"), "false"));
	assert_null(flag(p, "debug"));
	assert_null(flag(p, "mtu"));
	inv = json_object_get(p, "invalid_flags");
	assert_int_equal(json_array_size(inv), 3);
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(inv, 0), "flag")), "--icc=maybe");
	assert_non_null(strstr(json_string_value(json_object_get(
	    json_array_get(inv, 0), "message")), "maybe"));
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(inv, 1), "flag")), "--mtu=big");
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(inv, 2), "flag")), "--default-ulimit");
	json_decref(p);
	/* A value-taking flag at the very end. */
	p = parse(argv_of("dockerd", "--log-level", NULL));
	inv = json_object_get(p, "invalid_flags");
	assert_int_equal(json_array_size(inv), 1);
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(inv, 0), "message")), "flag needs an argument");
	json_decref(p);
}

/* settings.KEY as {"value", "source"} JSON text. */
static int
setting_is(const json_t *eff, const char *key, const char *value,
    const char *source)
{
	const json_t *s = json_object_get(json_object_get(eff, "settings"),
	    key);
	const char *src = json_string_value(json_object_get(s, "source"));

	if (s == NULL) {
		print_error("no setting '%s'\n", key);
		return 0;
	}
	if (src == NULL || strcmp(src, source) != 0) {
		print_error("'%s': source %s, want %s\n", key,
		    src ? src : "NULL", source);
		return 0;
	}
	return jeq(json_object_get(s, "value"), value);
}

static void
test_merge_sources(void **state)
{
	json_t *argv = argv_of("dockerd", "--icc=false", "-H", "fd://", NULL);
	json_t *file = jload("{\"log-level\": \"debug\", \"live-restore\": "
	    "true, \"insecure-registries\": [\"r:5000\"]}");
	json_t *eff;

	(void)state;
	eff = ha_daemon_effective(argv, NULL, file);
	assert_true(setting_is(eff, "icc", "false", "flag"));
	assert_true(setting_is(eff, "hosts", "[\"fd://\"]", "flag"));
	assert_true(setting_is(eff, "log-level", "\"debug\"", "file"));
	assert_true(setting_is(eff, "live-restore", "true", "file"));
	assert_true(setting_is(eff, "insecure-registries", "[\"r:5000\"]",
	    "file"));
	assert_true(setting_is(eff, "iptables", "true", "default"));
	assert_true(setting_is(eff, "userland-proxy", "true", "default"));
	assert_true(setting_is(eff, "no-new-privileges", "false", "default"));
	assert_true(setting_is(eff, "data-root", "\"/var/lib/docker\"",
	    "default"));
	assert_true(setting_is(eff, "log-driver", "\"json-file\"", "default"));
	assert_true(setting_is(eff, "group", "\"docker\"", "default"));
	assert_true(setting_is(eff, "registry-mirrors", "[]", "default"));
	assert_true(setting_is(eff, "features", "{}", "default"));
	assert_null(json_object_get(json_object_get(eff, "settings"),
	    "config-file"));
	assert_true(jeq(json_object_get(eff, "conflicts"), "[]"));
	assert_true(jeq(json_object_get(eff, "unknown_keys"), "[]"));
	assert_true(jeq(json_object_get(eff, "invalid_keys"), "[]"));
	json_decref(eff);
	/* No command line and no file: all defaults. */
	eff = ha_daemon_effective(NULL, NULL, NULL);
	assert_true(setting_is(eff, "icc", "true", "default"));
	assert_true(setting_is(eff, "hosts", "[]", "default"));
	json_decref(eff);
	json_decref(argv);
	json_decref(file);
}

static void
test_merge_conflicts(void **state)
{
	json_t *argv = argv_of("dockerd", "--icc=false", "-H", "fd://",
	    "--log-opt", "max-size=1m", "--debug", NULL);
	json_t *file = jload("{\"icc\": true, \"hosts\": [\"unix:///s\"], "
	    "\"log-opts\": {\"max-file\": \"2\"}, \"log-level\": \"warn\"}");
	json_t *eff = ha_daemon_effective(argv, NULL, file);
	const json_t *c = json_object_get(eff, "conflicts");
	size_t i;
	int seen = 0;

	(void)state;
	assert_int_equal(json_array_size(c), 3);
	for (i = 0; i < json_array_size(c); i++) {
		const json_t *e = json_array_get(c, i);
		const char *k = json_string_value(json_object_get(e, "key"));

		if (strcmp(k, "icc") == 0) {
			assert_true(jeq(e, "{\"key\": \"icc\", "
			    "\"flag\": false, \"file\": true}"));
			seen |= 1;
		} else if (strcmp(k, "hosts") == 0) {
			assert_true(jeq(e, "{\"key\": \"hosts\", \"flag\": "
			    "[\"fd://\"], \"file\": [\"unix:///s\"]}"));
			seen |= 2;
		} else if (strcmp(k, "log-opts") == 0)
			seen |= 4;
	}
	assert_int_equal(seen, 7);
	/* dockerd would refuse to start; the flag's value is reported. */
	assert_true(setting_is(eff, "icc", "false", "flag"));
	assert_true(setting_is(eff, "log-level", "\"warn\"", "file"));
	assert_true(setting_is(eff, "debug", "true", "flag"));
	json_decref(eff);
	json_decref(argv);
	json_decref(file);
}

static void
test_merge_unknown_and_invalid(void **state)
{
	json_t *argv = argv_of("dockerd", "--frobnicate", NULL);
	json_t *file = jload("{\"zzz\": 1, \"icc\": \"no\", \"aaa\": true, "
	    "\"hosts\": [1], \"log-opts\": {\"max-size\": 10}, "
	    "\"default-ulimits\": {\"nofile\": {\"Name\": \"nofile\", "
	    "\"Soft\": 1, \"Hard\": 2}}, \"mtu\": 1.5, \"features\": "
	    "{\"buildkit\": true}}");
	json_t *eff = ha_daemon_effective(argv, NULL, file);
	const json_t *inv = json_object_get(eff, "invalid_keys");
	const char *msg = NULL;
	size_t i;

	(void)state;
	assert_true(jeq(json_object_get(eff, "unknown_keys"),
	    "[\"aaa\", \"zzz\"]"));
	assert_true(jeq(json_object_get(eff, "unknown_flags"),
	    "[\"--frobnicate\"]"));
	assert_int_equal(json_array_size(inv), 4);
	for (i = 0; i < json_array_size(inv); i++)
		if (strcmp(json_string_value(json_object_get(json_array_get(inv,
		    i), "key")), "icc") == 0)
			msg = json_string_value(json_object_get(
			    json_array_get(inv, i), "message"));
	assert_non_null(msg);
	assert_string_equal(msg, "icc: expected a boolean, not a string");
	/* An invalid value counts as not set. */
	assert_true(setting_is(eff, "icc", "true", "default"));
	assert_true(setting_is(eff, "hosts", "[]", "default"));
	assert_true(setting_is(eff, "log-opts", "{}", "default"));
	assert_true(setting_is(eff, "mtu", "1500", "default"));
	assert_true(setting_is(eff, "default-ulimits", "{\"nofile\": "
	    "{\"Name\": \"nofile\", \"Soft\": 1, \"Hard\": 2}}", "file"));
	assert_true(setting_is(eff, "features", "{\"buildkit\": true}",
	    "file"));
	json_decref(eff);
	json_decref(argv);
	json_decref(file);
}

static void
test_merge_env(void **state)
{
	json_t *argv = argv_of("dockerd", "--tlskey=/k.pem", NULL);
	json_t *env = jload("{\"DOCKER_TLS_VERIFY\": \"1\", "
	    "\"DOCKER_CERT_PATH\": \"/certs\"}");
	json_t *file = jload("{\"tlscert\": \"/f.pem\"}");
	json_t *eff = ha_daemon_effective(argv, env, file);

	(void)state;
	assert_true(setting_is(eff, "tlsverify", "true", "env"));
	assert_true(setting_is(eff, "tlscacert", "\"/certs/ca.pem\"", "env"));
	assert_true(setting_is(eff, "tlscert", "\"/f.pem\"", "file"));
	assert_true(setting_is(eff, "tlskey", "\"/k.pem\"", "flag"));
	assert_true(setting_is(eff, "tls", "false", "default"));
	json_decref(eff);
	json_decref(env);
	/* An empty DOCKER_TLS_VERIFY is unset, as in dockerd. */
	env = jload("{\"DOCKER_TLS_VERIFY\": \"\"}");
	eff = ha_daemon_effective(NULL, env, NULL);
	assert_true(setting_is(eff, "tlsverify", "false", "default"));
	assert_true(setting_is(eff, "tlscacert", "\"/root/.docker/ca.pem\"",
	    "default"));
	json_decref(eff);
	json_decref(env);
	json_decref(argv);
	json_decref(file);
}

/* A temp dir for one test; its path is *state. */
static int
tmp_setup(void **state)
{
	char *dir = ha_xstrdup("/tmp/ha-test-daemon.XXXXXX");

	if (mkdtemp(dir) == NULL) {
		free(dir);
		return -1;
	}
	*state = dir;
	return 0;
}

static int
rm_tree(const char *path)
{
	char *cmd;
	struct stat st;

	/* No shell in hostaudit, nor in its tests: walk the tree. */
	if (lstat(path, &st) < 0)
		return 0;
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *de;

		while (d != NULL && (de = readdir(d)) != NULL) {
			if (strcmp(de->d_name, ".") == 0 ||
			    strcmp(de->d_name, "..") == 0)
				continue;
			cmd = ha_xasprintf("%s/%s", path, de->d_name);
			rm_tree(cmd);
			free(cmd);
		}
		if (d != NULL)
			closedir(d);
		return rmdir(path);
	}
	return unlink(path);
}

static int
tmp_teardown(void **state)
{
	rm_tree(*state);
	free(*state);
	return 0;
}

/* Write dir/name with text (mkdir -p of its parents). */
static char *
put(const char *dir, const char *name, const char *text)
{
	char *path = ha_xasprintf("%s/%s", dir, name), *p;
	FILE *f;

	for (p = path + strlen(dir) + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		mkdir(path, 0755);
		*p = '/';
	}
	if ((f = fopen(path, "w")) == NULL)
		fail_msg("cannot write '%s': %s", path, strerror(errno));
	fputs(text, f);
	fclose(f);
	return path;
}

static const char *
str(const json_t *o, const char *key)
{
	return json_string_value(json_object_get(o, key));
}

static void
test_config_load(void **state)
{
	const char *dir = *state;
	char *path, *want;
	json_t *r;

	path = put(dir, "ok.json", "{\"icc\": false}\n");
	r = ha_daemon_config_load(path, 0);
	assert_string_equal(str(r, "status"), "ok");
	assert_true(jeq(json_object_get(r, "content"), "{\"icc\": false}"));
	assert_null(json_object_get(r, "error"));
	json_decref(r);
	free(path);

	path = put(dir, "syntax.json",
	    "{\n  \"icc\": false,\n  \"debug\" true\n}\n");
	r = ha_daemon_config_load(path, 0);
	assert_string_equal(str(r, "status"), "error");
	want = ha_xasprintf("%s:3:", path);	/* GNU form, for editors */
	assert_true(ha_starts_with(str(r, "error"), want));
	assert_non_null(strstr(str(r, "error"), "':' expected"));
	assert_null(json_object_get(r, "content"));
	free(want);
	json_decref(r);
	free(path);

	path = put(dir, "array.json", "[\"icc\"]");
	r = ha_daemon_config_load(path, 0);
	assert_string_equal(str(r, "status"), "error");
	want = ha_xasprintf("%s:1:1: expected a JSON object, not an array",
	    path);
	assert_string_equal(str(r, "error"), want);
	free(want);
	json_decref(r);
	free(path);

	path = put(dir, "empty.json", " \n");
	r = ha_daemon_config_load(path, 0);
	assert_string_equal(str(r, "status"), "ok");
	assert_true(jeq(json_object_get(r, "content"), "{}"));
	json_decref(r);
	free(path);

	path = ha_xasprintf("%s/absent.json", dir);
	r = ha_daemon_config_load(path, 0);
	assert_string_equal(str(r, "status"), "absent");
	assert_null(json_object_get(r, "error"));
	json_decref(r);

	r = ha_daemon_config_load(dir, 0);	/* a directory */
	assert_string_equal(str(r, "status"), "error");
	want = ha_xasprintf("'%s': a directory", dir);
	assert_string_equal(str(r, "error"), want);
	free(want);
	json_decref(r);
	free(path);
}

static void
test_config_load_limits(void **state)
{
	const char *dir = *state;
	char *big, *path, *link;
	json_t *r;

	big = ha_xmalloc(HA_MAX_DAEMON_JSON + 2);
	memset(big, ' ', HA_MAX_DAEMON_JSON + 1);
	big[0] = '{';
	big[HA_MAX_DAEMON_JSON] = '}';
	big[HA_MAX_DAEMON_JSON + 1] = '\0';
	path = put(dir, "big.json", big);
	r = ha_daemon_config_load(path, 0);
	assert_string_equal(str(r, "status"), "error");
	assert_non_null(strstr(str(r, "error"), "larger than"));
	json_decref(r);
	free(path);
	free(big);

	path = put(dir, "real.json", "{}");
	link = ha_xasprintf("%s/link.json", dir);
	assert_int_equal(symlink(path, link), 0);
	r = ha_daemon_config_load(link, 0);
	assert_string_equal(str(r, "status"), "ok");
	json_decref(r);
	r = ha_daemon_config_load(link, 1);
	assert_string_equal(str(r, "status"), "error");
	assert_non_null(strstr(str(r, "error"), "symbolic link"));
	json_decref(r);
	free(link);
	free(path);

	if (geteuid() != 0) {	/* root reads through mode 000 */
		path = put(dir, "secret.json", "{}");
		chmod(path, 0);
		r = ha_daemon_config_load(path, 0);
		assert_string_equal(str(r, "status"), "error");
		assert_non_null(strstr(str(r, "error"), strerror(EACCES)));
		json_decref(r);
		free(path);
	}
}

static void
test_config_choice(void **state)
{
	const char *dir = *state;
	struct ha_collect_opts o;
	json_t *r;

	free(put(dir, "etc/docker/daemon.json", "{\"debug\": true}"));
	free(put(dir, "srv/custom.json", "{\"icc\": false}"));
	free(put(dir, "over.json", "{\"live-restore\": true}"));
	ha_collect_opts_init(&o);
	o.root = dir;

	r = ha_daemon_config_file(&o, NULL, NULL);
	assert_string_equal(str(r, "source"), "default");
	assert_string_equal(str(r, "path"), "/etc/docker/daemon.json");
	assert_string_equal(str(r, "status"), "ok");
	assert_true(jeq(json_object_get(r, "content"), "{\"debug\": true}"));
	json_decref(r);

	r = ha_daemon_config_file(&o, "/srv/custom.json", NULL);
	assert_string_equal(str(r, "source"), "flag");
	assert_string_equal(str(r, "path"), "/srv/custom.json");
	assert_true(jeq(json_object_get(r, "content"), "{\"icc\": false}"));
	json_decref(r);

	o.daemon_json = "/over.json";
	r = ha_daemon_config_file(&o, "/srv/custom.json", NULL);
	assert_string_equal(str(r, "source"), "override");
	assert_string_equal(str(r, "path"), "/over.json");
	assert_true(jeq(json_object_get(r, "content"),
	    "{\"live-restore\": true}"));
	json_decref(r);

	o.daemon_json = NULL;
	r = ha_daemon_config_file(&o, "/srv/missing.json", NULL);
	assert_string_equal(str(r, "source"), "flag");
	assert_string_equal(str(r, "status"), "absent");
	json_decref(r);
}

/*
 * A relative --config-file whose base (dockerd's cwd) is unknown must not
 * be read relative to hostaudit's own working directory.
 */
static void
test_config_relative_flag(void **state)
{
	const char *dir = *state;
	struct ha_collect_opts o;
	char old[PATH_MAX];
	json_t *r;

	free(put(dir, "srv/custom.json", "{\"icc\": false}"));
	ha_collect_opts_init(&o);
	assert_non_null(getcwd(old, sizeof(old)));
	assert_int_equal(chdir(dir), 0);
	r = ha_daemon_config_file(&o, "srv/custom.json", NULL);
	assert_int_equal(chdir(old), 0);
	assert_string_equal(str(r, "source"), "flag");
	assert_string_equal(str(r, "status"), "error");
	assert_null(json_object_get(r, "content"));
	json_decref(r);
}

/* A listening Unix socket at dir/name; returns its fd, *path set. */
static int
listen_sock(const char *dir, const char *name, char **path)
{
	struct sockaddr_un sa;
	int fd;

	*path = ha_xasprintf("%s/%s", dir, name);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	assert_true(strlen(*path) < sizeof(sa.sun_path));
	memcpy(sa.sun_path, *path, strlen(*path));
	fd = socket(AF_UNIX, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	assert_int_equal(bind(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
	assert_int_equal(listen(fd, 8), 0);
	return fd;
}

static char *
self_exe(void)
{
	char buf[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);

	assert_true(n > 0);
	buf[n] = '\0';
	return ha_xstrdup(buf);
}

static void
test_find_peercred_not_dockerd(void **state)
{
	const char *dir = *state, *st;
	char *sock, *exe = self_exe();
	const json_t *peer;
	json_t *r;
	int fd = listen_sock(dir, "d.sock", &sock);

	r = ha_daemon_find("/proc", sock);
	peer = json_object_get(r, "socket_peer");
	assert_non_null(peer);
	assert_string_equal(str(peer, "found_by"), "peercred");
	assert_int_equal(json_integer_value(json_object_get(peer, "pid")),
	    getpid());
	assert_string_equal(str(peer, "exe"), exe);
	assert_int_equal(json_integer_value(json_object_get(peer, "uid")),
	    getuid());
	/* The test is not dockerd: the answer comes from the /proc scan. */
	st = str(r, "status");
	if (strcmp(st, "found") == 0) {
		assert_string_equal(str(r, "found_by"), "proc");
		assert_true(json_integer_value(json_object_get(r, "pid")) !=
		    getpid());
	} else
		assert_string_equal(st, "not-found");
	json_decref(r);
	close(fd);
	free(sock);
	free(exe);
}

/*
 * A listener whose backlog is full never completes a connect(): finding
 * the daemon must give up with an error, not hang.
 */
static void
test_find_peercred_full_backlog(void **state)
{
	const char *dir = *state;
	struct sockaddr_un sa;
	char *sock, *proc = ha_xasprintf("%s/proc", dir);
	json_t *r;
	int fd, c1, c2;

	mkdir(proc, 0755);
	fd = listen_sock(dir, "full.sock", &sock);
	assert_int_equal(listen(fd, 0), 0);
	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	memcpy(sa.sun_path, sock, strlen(sock));
	/* fill the backlog; the second may or may not fit */
	c1 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	c2 = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0);
	assert_int_equal(connect(c1, (struct sockaddr *)&sa, sizeof(sa)), 0);
	(void)connect(c2, (struct sockaddr *)&sa, sizeof(sa));
	alarm(20);	/* the old code blocked in connect(): fail, not hang */
	r = ha_daemon_find(proc, sock);
	alarm(0);
	assert_non_null(json_object_get(r, "peercred_error"));
	assert_string_equal(str(r, "status"), "not-found");
	json_decref(r);
	close(c2);
	close(c1);
	close(fd);
	free(sock);
	free(proc);
}

/* A fake proc entry: exe a symlink (or none), cmdline, comm, status. */
static void
fake_proc(const char *proc, long pid, const char *exe, const char *comm,
    const char *cmdline, size_t cmdlen)
{
	char *p, *name;
	FILE *f;

	name = ha_xasprintf("%ld/status", pid);
	free(put(proc, name, "Name:\tx\nUid:\t0\t0\t0\t0\nGid:\t0\n"));
	free(name);
	if (exe != NULL) {
		p = ha_xasprintf("%s/%ld/exe", proc, pid);
		assert_int_equal(symlink(exe, p), 0);
		free(p);
	}
	if (comm != NULL) {
		name = ha_xasprintf("%ld/comm", pid);
		free(put(proc, name, comm));
		free(name);
	}
	p = ha_xasprintf("%s/%ld/cmdline", proc, pid);
	f = fopen(p, "w");
	assert_non_null(f);
	fwrite(cmdline, 1, cmdlen, f);
	fclose(f);
	free(p);
}

#define CMD(s) s, sizeof(s) - 1

static void
test_find_peercred_dockerd(void **state)
{
	const char *dir = *state;
	char *sock, *proc = ha_xasprintf("%s/proc", dir);
	json_t *r;
	int fd;

	mkdir(proc, 0755);
	fake_proc(proc, (long)getpid(), "/usr/bin/dockerd", NULL,
	    CMD("/usr/bin/dockerd\0-H\0fd://\0"));
	fd = listen_sock(dir, "d.sock", &sock);
	r = ha_daemon_find(proc, sock);
	assert_string_equal(str(r, "status"), "found");
	assert_string_equal(str(r, "found_by"), "peercred");
	assert_int_equal(json_integer_value(json_object_get(r, "pid")),
	    getpid());
	assert_string_equal(str(r, "exe"), "/usr/bin/dockerd");
	assert_int_equal(json_integer_value(json_object_get(r, "uid")), 0);
	assert_null(json_object_get(r, "socket_peer"));
	json_decref(r);
	close(fd);
	free(sock);
	free(proc);
}

/*
 * Any user can start a process called dockerd whose -H names the engine
 * socket: only one running as the socket's listener (here: this test's
 * uid) may be taken for the daemon.
 */
static void
test_find_proc_scan_uid(void **state)
{
	const char *dir = *state;
	char *proc = ha_xasprintf("%s/proc", dir), *sock, *cmd, *status;
	size_t len;
	json_t *r;
	int fd;

	mkdir(proc, 0755);
	fd = listen_sock(dir, "u.sock", &sock);
	fake_proc(proc, 200, "/usr/bin/dockerd", NULL,
	    CMD("/usr/bin/dockerd\0-H\0fd://\0"));
	/* the real daemon runs as the socket's listener, whoever runs this */
	status = ha_xasprintf("Name:\tdockerd\nUid:\t%lu\t0\t0\t0\n",
	    (unsigned long)getuid());
	free(put(proc, "200/status", status));
	free(status);
	status = ha_xasprintf("Name:\tdockerd\nUid:\t%lu\t0\t0\t0\n",
	    (unsigned long)getuid() + 1000);
	cmd = ha_xasprintf("/home/eve/dockerd%c-H%cunix://%s", 0, 0, sock);
	len = strlen("/home/eve/dockerd") + 1 + 3 + strlen("unix://") +
	    strlen(sock) + 1;
	fake_proc(proc, 150, "/home/eve/dockerd", NULL, cmd, len);
	free(put(proc, "150/status", status));
	r = ha_daemon_find(proc, sock);
	assert_string_equal(str(r, "status"), "found");
	assert_int_equal(json_integer_value(json_object_get(r, "pid")), 200);
	assert_int_equal(json_array_size(json_object_get(r, "candidates")), 2);
	json_decref(r);
	close(fd);
	free(status);
	free(cmd);
	free(sock);
	free(proc);
}

static void
test_find_proc_scan(void **state)
{
	const char *dir = *state;
	char *proc = ha_xasprintf("%s/proc", dir);
	char *sock = ha_xasprintf("%s/none.sock", dir);
	char *cmd, *cmdline;
	size_t len;
	json_t *r;

	mkdir(proc, 0755);
	fake_proc(proc, 100, "/usr/bin/vim", NULL,
	    CMD("vim\0dockerd.conf\0"));
	fake_proc(proc, 101, "/bin/bash", NULL,
	    CMD("bash\0-c\0echo dockerd\0"));
	fake_proc(proc, 102, NULL, "dockerd\n",
	    CMD("dockerd\0-H\0unix:///other.sock\0"));
	fake_proc(proc, 104, "/usr/bin/dockerd-rootless.sh", NULL,
	    CMD("/bin/sh\0/usr/bin/dockerd-rootless.sh\0"));
	fake_proc(proc, 105, "/usr/bin/vim", "dockerd\n", CMD("vim\0"));
	/* 103 names the engine socket in its -H: preferred over 102. */
	cmd = ha_xasprintf("/usr/bin/dockerd%c-H%cunix://%s", 0, 0, sock);
	len = strlen("/usr/bin/dockerd") + 1 + 3 + strlen("unix://") +
	    strlen(sock) + 1;
	cmdline = cmd;
	fake_proc(proc, 103, "/usr/bin/dockerd", NULL, cmdline, len);
	free(cmd);

	r = ha_daemon_find(proc, sock);
	assert_string_equal(str(r, "status"), "found");
	assert_string_equal(str(r, "found_by"), "proc");
	assert_int_equal(json_integer_value(json_object_get(r, "pid")), 103);
	assert_string_equal(str(r, "exe"), "/usr/bin/dockerd");
	assert_non_null(str(r, "peercred_error"));
	assert_int_equal(json_array_size(json_object_get(r, "candidates")), 2);
	json_decref(r);

	/* Only dockerds serving other sockets: none of them is ours. */
	{
		char *other = ha_xasprintf("%s/proc2", dir);

		mkdir(other, 0755);
		fake_proc(other, 102, NULL, "dockerd\n",
		    CMD("dockerd\0-H\0unix:///other.sock\0"));
		r = ha_daemon_find(other, sock);
		assert_string_equal(str(r, "status"), "not-found");
		assert_int_equal(json_array_size(json_object_get(r,
		    "candidates")), 1);
		json_decref(r);
		free(other);
	}

	/* No socket to match: the lowest pid; 102 found by its comm. */
	r = ha_daemon_find(proc, NULL);
	assert_string_equal(str(r, "status"), "found");
	assert_int_equal(json_integer_value(json_object_get(r, "pid")), 102);
	assert_true(json_is_null(json_object_get(r, "exe")));
	json_decref(r);
	free(sock);
	free(proc);
}

static void
test_find_none(void **state)
{
	const char *dir = *state;
	char *proc = ha_xasprintf("%s/proc", dir);
	char *missing = ha_xasprintf("%s/nope", dir);
	json_t *r;

	mkdir(proc, 0755);
	fake_proc(proc, 7, "/usr/bin/vim", NULL, CMD("vim\0dockerd\0"));
	/* An exited dockerd not yet reaped: no exe, a comm, state Z. */
	fake_proc(proc, 8, NULL, "dockerd\n", CMD(""));
	free(put(proc, "8/status", "Name:\tdockerd\nState:\tZ (zombie)\n"
	    "Uid:\t0\t0\t0\t0\n"));
	r = ha_daemon_find(proc, NULL);
	assert_string_equal(str(r, "status"), "not-found");
	assert_null(json_object_get(r, "pid"));
	json_decref(r);

	r = ha_daemon_find(missing, NULL);
	assert_string_equal(str(r, "status"), "error");
	assert_non_null(strstr(str(r, "error"), missing));
	json_decref(r);
	free(missing);
	free(proc);
}

static void
test_collect_daemon(void **state)
{
	const char *dir = *state;
	struct ha_collect_opts o;
	const json_t *d, *errs;
	json_t *facts;
	char *sock;
	int fd = listen_sock(dir, "e.sock", &sock);

	free(put(dir, "etc/docker/daemon.json", "{\"icc\": false,}"));
	free(put(dir, "over.json", "{\"icc\": false, \"frob\": 1}"));
	ha_collect_opts_init(&o);
	o.root = dir;
	o.daemon_json = "/over.json";
	facts = json_pack("{s:{s:s}, s:[]}", "engine", "socket", sock,
	    "errors");
	ha_collect_daemon(&o, facts);
	d = json_object_get(facts, "daemon");
	assert_non_null(d);
	assert_int_equal(json_integer_value(json_object_get(json_object_get(d,
	    "socket_peer"), "pid")), getpid());
	assert_string_equal(ha_facts_str(facts, "daemon.config_file.status"),
	    "ok");
	assert_string_equal(ha_facts_str(facts, "daemon.config_file.source"),
	    "override");
	assert_true(jeq(ha_facts_get(facts, "daemon.unknown_keys"),
	    "[\"frob\"]"));
	if (strcmp(ha_facts_str(facts, "daemon.status"), "not-found") == 0)
		assert_true(jeq(ha_facts_setting(facts, "icc", NULL), "false"));
	json_decref(facts);

	/* A broken file is an error fact in facts.errors. */
	o.daemon_json = "/etc/docker/daemon.json";
	facts = json_pack("{s:{s:s}, s:[]}", "engine", "socket", sock,
	    "errors");
	ha_collect_daemon(&o, facts);
	assert_string_equal(ha_facts_str(facts, "daemon.config_file.status"),
	    "error");
	errs = json_object_get(facts, "errors");
	assert_true(json_array_size(errs) >= 1);
	assert_string_equal(str(json_array_get(errs, json_array_size(errs) - 1),
	    "source"), "daemon.config_file");
	if (strcmp(ha_facts_str(facts, "daemon.status"), "not-found") == 0)
		assert_true(jeq(ha_facts_setting(facts, "icc", NULL), "true"));
	json_decref(facts);
	close(fd);
	free(sock);
}

/* dir/name with len bytes of data (NULs and all). */
static void
put_bytes(const char *dir, const char *name, const char *data, size_t len)
{
	char *path = put(dir, name, "");
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
	free(path);
}

/*
 * The daemon's environment: its DOCKER_* variables, or, when it cannot
 * be read, an error fact and a collection error; the TLS settings it may
 * set are then unknown unless a flag or daemon.json sets them.
 */
static void
test_read_env(void **state)
{
	const char *dir = *state;
	char *proc = ha_xasprintf("%s/proc", dir), *want;
	json_t *facts, *d, *env, *eff, *argv, *file, *hosts;

	put_bytes(dir, "proc/42/environ", CMD("PATH=/bin\0DOCKER_TLS_VERIFY=1\0"
	    "DOCKER_CERT_PATH=/certs\0"));
	facts = json_pack("{s:[]}", "errors");
	d = json_pack("{s:s, s:i}", "proc", proc, "pid", 42);
	env = ha_daemon_read_env(facts, d);
	assert_true(jeq(env, "{\"DOCKER_TLS_VERIFY\": \"1\", "
	    "\"DOCKER_CERT_PATH\": \"/certs\"}"));
	assert_null(json_object_get(d, "environment_error"));
	assert_int_equal(json_array_size(json_object_get(facts, "errors")), 0);
	json_decref(env);

	/* unreadable: not an empty environment */
	json_object_set_new(d, "pid", json_integer(43));
	assert_null(ha_daemon_read_env(facts, d));
	want = ha_xasprintf("cannot read '%s/43/environ': No such file or "
	    "directory", proc);
	assert_string_equal(str(d, "environment_error"), want);
	assert_int_equal(json_array_size(json_object_get(facts, "errors")), 1);
	assert_string_equal(str(json_array_get(json_object_get(facts,
	    "errors"), 0), "source"), "daemon.environment");
	assert_string_equal(str(json_array_get(json_object_get(facts,
	    "errors"), 0), "message"), want);

	/* which settings that leaves unknown */
	argv = argv_of("dockerd", "--tlsverify",
	    "--tlscert=/etc/docker/cert.pem", "-H", "tcp://0.0.0.0:2376",
	    NULL);
	file = jload("{\"tlskey\": \"/etc/docker/key.pem\"}");
	eff = ha_daemon_effective(argv, NULL, file);
	json_decref(argv);
	json_decref(file);
	json_object_update(d, eff);
	json_object_set(facts, "daemon", d);
	assert_null(ha_facts_setting_unknown(facts, "tlsverify"));
	assert_null(ha_facts_setting_unknown(facts, "tlscert"));
	assert_null(ha_facts_setting_unknown(facts, "tlskey"));
	assert_string_equal(ha_facts_setting_unknown(facts, "tlscacert"),
	    want);
	assert_null(ha_facts_setting_unknown(facts, "icc"));
	/* without a tcp listener TLS serves nothing: nothing is unknown */
	hosts = json_object_get(json_object_get(json_object_get(d,
	    "settings"), "hosts"), "value");
	assert_int_equal(json_array_size(hosts), 1);
	json_array_clear(hosts);
	json_array_append_new(hosts, json_string("unix:///run/docker.sock"));
	assert_null(ha_facts_setting_unknown(facts, "tlscacert"));
	json_object_del(d, "environment_error");
	assert_null(ha_facts_setting_unknown(facts, "tlscacert"));
	json_decref(eff);
	json_decref(d);
	json_decref(facts);
	free(want);
	free(proc);
}

#define TLS_FACTS(env_error, verify, verify_src)			\
	"{'daemon': {'status': 'found', " env_error "'settings': {"	\
	"'hosts': {'value': ['tcp://0.0.0.0:2376'], 'source': 'flag'}, "\
	"'tls': {'value': null, 'source': 'default'}, "			\
	"'tlsverify': {'value': " verify ", 'source': '" verify_src "'}, "\
	"'tlscacert': {'value': '/root/.docker/ca.pem', "		\
	"'source': 'default'}, "					\
	"'tlscert': {'value': '/root/.docker/cert.pem', "		\
	"'source': 'default'}, "					\
	"'tlskey': {'value': '/root/.docker/key.pem', "			\
	"'source': 'default'}}}, 'collected_at': '2026-01-01T00:00:00Z', "\
	"'certs': []}"
#define ENV_ERR "'environment_error': 'cannot read env: denied', "

/* The checks that read the TLS settings: error, not "unset". */
static void
test_env_unknown_checks(void **state)
{
	(void)state;
	ha_test_expect_msg("daemon.tls", TLS_FACTS(ENV_ERR, "false",
	    "default"), HA_ERROR, "listens on 'tcp://0.0.0.0:2376' (flag); "
	    "tlsverify is not set by a flag or daemon.json and dockerd's "
	    "environment (DOCKER_TLS_VERIFY, DOCKER_CERT_PATH) is unknown: "
	    "cannot read env: denied");
	/* a flag outranks the environment: the verdict stands */
	ha_test_expect("daemon.tls", TLS_FACTS(ENV_ERR, "false", "flag"),
	    NULL, HA_FAIL, HA_TEST_END);
	ha_test_expect_msg("daemon.tls", TLS_FACTS(ENV_ERR, "true", "file"),
	    HA_ERROR, "listens on 'tcp://0.0.0.0:2376' (flag); tlscacert is "
	    "not set by a flag or daemon.json and dockerd's environment "
	    "(DOCKER_TLS_VERIFY, DOCKER_CERT_PATH) is unknown: cannot read "
	    "env: denied");
	ha_test_expect("daemon.tls", TLS_FACTS("", "false", "default"), NULL,
	    HA_FAIL, HA_TEST_END);

	ha_test_expect_msg("file.tlscacert-owner", TLS_FACTS(ENV_ERR, "false",
	    "default"), HA_ERROR, "tlscacert is not set by a flag or "
	    "daemon.json and dockerd's environment (DOCKER_CERT_PATH) is "
	    "unknown: cannot read env: denied");
	ha_test_expect("file.tlskey-mode", TLS_FACTS(ENV_ERR, "false",
	    "default"), NULL, HA_ERROR, HA_TEST_END);
	ha_test_expect("file.tlscacert-owner", TLS_FACTS("", "false",
	    "default"), NULL, HA_SKIP, HA_TEST_END);

	ha_test_expect("daemon.tls-cert-expiry", TLS_FACTS(ENV_ERR, "false",
	    "default"), NULL, HA_ERROR, "tlscacert", HA_ERROR,
	    "DOCKER_CERT_PATH", "tlscert", HA_ERROR, "cannot read env",
	    HA_TEST_END);
	ha_test_expect("daemon.tls-cert-expiry", TLS_FACTS("", "false",
	    "default"), NULL, HA_SKIP, HA_TEST_END);
}

/* The daemon's root: entered through proc, or why not. */
static void
test_daemon_root(void **state)
{
	const char *dir = *state;
	struct ha_collect_opts o;
	const char *from, *root;
	char *proc = ha_xasprintf("%s/proc", dir), *want;
	json_t *d, *facts;

	free(put(dir, "proc/42/root/etc/hostname", "ns\n"));
	d = json_pack("{s:s, s:i}", "proc", proc, "pid", 42);
	ha_daemon_set_root(d);
	want = ha_xasprintf("%s/42/root", proc);
	assert_string_equal(str(d, "root"), want);
	assert_null(json_object_get(d, "root_error"));
	free(want);

	ha_collect_opts_init(&o);
	o.root = "/host";
	facts = json_pack("{s:O}", "daemon", d);
	root = ha_daemon_view_root(&o, facts, &from);
	assert_string_equal(root, str(d, "root"));
	assert_string_equal(from, "daemon-root");
	json_decref(facts);
	json_decref(d);

	/* no such process (or no ptrace access): the host root */
	d = json_pack("{s:s, s:i}", "proc", proc, "pid", 43);
	ha_daemon_set_root(d);
	assert_null(json_object_get(d, "root"));
	want = ha_xasprintf("cannot enter '%s/43/root': No such file or "
	    "directory", proc);
	assert_string_equal(str(d, "root_error"), want);
	free(want);
	facts = json_pack("{s:O}", "daemon", d);
	assert_string_equal(ha_daemon_view_root(&o, facts, &from), "/host");
	assert_string_equal(from, "host");
	json_decref(facts);
	json_decref(d);

	/* no daemon found: nothing to enter */
	d = json_pack("{s:s}", "status", "not-found");
	ha_daemon_set_root(d);
	assert_int_equal(json_object_size(d), 1);
	facts = json_pack("{s:O}", "daemon", d);
	o.root = "/";
	assert_string_equal(ha_daemon_view_root(&o, facts, &from), "/");
	assert_string_equal(from, "host");
	json_decref(facts);
	json_decref(d);
	free(proc);
}

/*
 * dockerd's swarm state file is read through its root, and the fact says
 * where it was read from (audit_paths.data_root: test_audit.c).
 */
static void
test_daemon_view(void **state)
{
	const char *dir = *state;
	struct ha_collect_opts o;
	char *root = ha_xasprintf("%s/proc/42/root", dir);
	char *hostroot = ha_xasprintf("%s/host", dir);
	json_t *facts;

	free(put(dir, "proc/42/root/srv/docker/swarm/docker-state.json",
	    "{\"ListenAddr\": \"0.0.0.0:2377\"}"));
	free(put(dir, "host/srv/docker/swarm/docker-state.json",
	    "{\"ListenAddr\": \"10.0.0.1:2377\"}"));
	ha_collect_opts_init(&o);
	o.root = hostroot;
	facts = json_pack("{s:[], s:{s:s, s:{s:{s:s, s:s}}}}", "errors",
	    "daemon", "root", root, "settings", "data-root", "value",
	    "/srv/docker", "source", "file");
	ha_collect_swarm_state(&o, facts);
	assert_string_equal(ha_facts_str(facts,
	    "daemon.swarm_state.ListenAddr"), "0.0.0.0:2377");
	assert_string_equal(ha_facts_str(facts,
	    "daemon.swarm_state.read_from"), "daemon-root");
	assert_string_equal(ha_facts_str(facts, "daemon.swarm_state.path"),
	    "/srv/docker/swarm/docker-state.json");

	/* the daemon's root not entered: hostaudit's own view */
	json_object_del(json_object_get(facts, "daemon"), "root");
	ha_collect_swarm_state(&o, facts);
	assert_string_equal(ha_facts_str(facts,
	    "daemon.swarm_state.ListenAddr"), "10.0.0.1:2377");
	assert_string_equal(ha_facts_str(facts,
	    "daemon.swarm_state.read_from"), "host");
	json_decref(facts);
	free(hostroot);
	free(root);
}

/* ---- rootless dockerd ---- */

/* What rootless mode reads from dockerd's environment is kept too. */
static void
test_read_env_rootless(void **state)
{
	const char *dir = *state;
	char *proc = ha_xasprintf("%s/proc", dir);
	json_t *facts, *d, *env;

	put_bytes(dir, "proc/44/environ", CMD("PATH=/bin\0HOME=/home/alice\0"
	    "XDG_RUNTIME_DIR=/run/user/1001\0ROOTLESSKIT_STATE_DIR=/tmp/rk\0"
	    "HOMEX=no\0_DOCKERD_ROOTLESS_CHILD=1\0"));
	facts = json_pack("{s:[]}", "errors");
	d = json_pack("{s:s, s:i}", "proc", proc, "pid", 44);
	env = ha_daemon_read_env(facts, d);
	assert_true(jeq(env, "{\"HOME\": \"/home/alice\", \"XDG_RUNTIME_DIR\":"
	    " \"/run/user/1001\", \"ROOTLESSKIT_STATE_DIR\": \"/tmp/rk\", "
	    "\"_DOCKERD_ROOTLESS_CHILD\": \"1\"}"));
	json_decref(env);
	json_decref(d);
	json_decref(facts);
	free(proc);
}

/*
 * A fake rootless tree in proc: rootlesskit (298) -> its child, the
 * same binary run as /proc/self/exe (299) -> dockerd (300), running as
 * uid 1001 in a user namespace.
 */
static void
fake_rootless(const char *dir, const char *proc)
{
	free(put(dir, "etc/passwd", "root:x:0:0::/root:/bin/sh\n"
	    "alice:x:1001:1001::/home/alice:/bin/sh\n"));
	mkdir(proc, 0755);
	fake_proc(proc, 298, "/usr/bin/rootlesskit", NULL,
	    CMD("rootlesskit\0--net=host\0dockerd-rootless.sh\0"));
	free(put(proc, "298/status", "Name:\trootlesskit\nPPid:\t1\n"
	    "Uid:\t1001\t1001\t1001\t1001\n"));
	fake_proc(proc, 299, "/usr/bin/rootlesskit", "exe\n",
	    CMD("/proc/self/exe\0--net=host\0dockerd-rootless.sh\0"));
	free(put(proc, "299/status", "Name:\texe\nPPid:\t298\n"
	    "Uid:\t1001\t1001\t1001\t1001\n"));
	fake_proc(proc, 300, "/usr/bin/dockerd", NULL,
	    CMD("dockerd\0--iptables=false\0"));
	free(put(proc, "300/status", "Name:\tdockerd\nPPid:\t299\n"
	    "Uid:\t1001\t1001\t1001\t1001\nGid:\t1001\t1001\t1001\t1001\n"));
	free(put(proc, "300/uid_map", "         0       1001          1\n"
	    "         1     100000      65536\n"));
	free(put(proc, "300/gid_map", "         0       1001          1\n"
	    "         1     100000      65536\n"));
	free(put(proc, "300/cgroup", "0::/user.slice/user-1001.slice/"
	    "user@1001.service/app.slice/docker.service\n"));
}

#define INFO_ROOTLESS							\
	"{\"engine\": {\"info\": {\"SecurityOptions\": "		\
	"[\"name=seccomp,profile=default\", \"name=rootless\"], "	\
	"\"DockerRootDir\": \"/home/alice/.local/share/docker\"}}}"

static void
test_rootless_detect(void **state)
{
	const char *dir = *state;
	char *proc = ha_xasprintf("%s/proc", dir), *sock;
	struct ha_collect_opts o;
	json_t *facts, *d, *env, *r;

	fake_rootless(dir, proc);
	ha_collect_opts_init(&o);
	o.root = dir;
	facts = jload(INFO_ROOTLESS);
	d = json_pack("{s:s, s:i, s:i}", "proc", proc, "pid", 300, "uid",
	    1001);
	env = jload("{\"HOME\": \"/home/alice\", \"XDG_RUNTIME_DIR\": "
	    "\"/run/user/1001\", \"ROOTLESSKIT_STATE_DIR\": \"/tmp/rk\"}");
	r = ha_daemon_rootless_detect(&o, facts, d, env, NULL);
	assert_non_null(r);
	assert_true(jeq(json_object_get(r, "detected_by"), "[\"info\", "
	    "\"environment\", \"rootlesskit\", \"user-namespace\"]"));
	assert_int_equal(json_integer_value(json_object_get(r, "uid")), 1001);
	assert_int_equal(json_integer_value(json_object_get(r, "gid")), 1001);
	assert_string_equal(str(r, "uid_from"), "process");
	assert_string_equal(str(r, "user"), "alice");
	assert_string_equal(str(r, "home"), "/home/alice");
	assert_string_equal(str(r, "home_from"), "environment");
	assert_string_equal(str(r, "config_dir"), "/home/alice/.config/docker");
	assert_string_equal(str(r, "data_root"),
	    "/home/alice/.local/share/docker");
	assert_string_equal(str(r, "data_root_from"), "info");
	assert_string_equal(str(r, "runtime_dir"), "/run/user/1001");
	assert_string_equal(str(r, "exec_root"), "/run/user/1001/docker");
	assert_string_equal(str(r, "state_dir"), "/tmp/rk");
	assert_int_equal(json_integer_value(json_object_get(r,
	    "rootlesskit_pid")), 299);
	assert_string_equal(str(r, "unit"), "docker.service");
	assert_string_equal(str(r, "unit_scope"), "user");
	assert_true(jeq(json_object_get(r, "gid_map"), "[[0, 1001, 1], "
	    "[1, 100000, 65536]]"));
	assert_int_equal(ha_daemon_rootless_gid(r, 100105), 1);
	assert_int_equal(ha_daemon_rootless_gid(r, 1001), 1);
	assert_int_equal(ha_daemon_rootless_gid(r, 100), 0);
	json_decref(r);

	/* XDG_CONFIG_HOME and XDG_DATA_HOME are dockerd's, if set */
	json_object_set_new(env, "XDG_CONFIG_HOME", json_string("/cfg"));
	json_object_set_new(env, "XDG_DATA_HOME", json_string("/data"));
	json_object_del(json_object_get(facts, "engine"), "info");
	r = ha_daemon_rootless_detect(&o, facts, d, env, NULL);
	assert_true(jeq(json_object_get(r, "detected_by"), "[\"environment\", "
	    "\"rootlesskit\", \"user-namespace\"]"));
	assert_string_equal(str(r, "config_dir"), "/cfg/docker");
	assert_string_equal(str(r, "data_root"), "/data/docker");
	assert_string_equal(str(r, "data_root_from"), "default");
	json_decref(r);

	/*
	 * Its environment unreadable: the passwd home, and the runtime
	 * directory the engine socket lies in.
	 */
	sock = ha_xasprintf("%s/run/user/1001/docker.sock", dir);
	r = ha_daemon_rootless_detect(&o, facts, d, NULL, sock);
	assert_true(jeq(json_object_get(r, "detected_by"), "[\"rootlesskit\", "
	    "\"user-namespace\"]"));
	assert_string_equal(str(r, "home_from"), "passwd");
	assert_string_equal(str(r, "config_dir"), "/home/alice/.config/docker");
	assert_string_equal(str(r, "data_root"),
	    "/home/alice/.local/share/docker");
	assert_int_equal(strlen(str(r, "runtime_dir")), strlen(sock) -
	    strlen("/docker.sock"));
	assert_string_equal(str(r, "runtime_dir_from"), "socket");
	json_decref(r);
	free(sock);
	json_decref(env);
	json_decref(d);
	json_decref(facts);
	free(proc);
}

/*
 * Nothing rootless: a root dockerd, or one in a user namespace (a
 * container's) that neither RootlessKit nor the engine calls rootless.
 */
static void
test_rootless_not_detected(void **state)
{
	const char *dir = *state;
	char *proc = ha_xasprintf("%s/proc", dir);
	struct ha_collect_opts o;
	json_t *facts, *d;

	fake_rootless(dir, proc);
	free(put(proc, "300/status", "Name:\tdockerd\nPPid:\t1\n"
	    "Uid:\t0\t0\t0\t0\n"));
	ha_collect_opts_init(&o);
	o.root = dir;
	facts = jload("{\"engine\": {\"info\": {\"SecurityOptions\": "
	    "[\"name=seccomp,profile=default\"]}}}");
	d = json_pack("{s:s, s:i, s:i}", "proc", proc, "pid", 300, "uid", 0);
	assert_null(ha_daemon_rootless_detect(&o, facts, d, NULL, NULL));
	free(put(proc, "300/uid_map", "         0          0 4294967295\n"));
	assert_null(ha_daemon_rootless_detect(&o, facts, d, NULL, NULL));
	/* no daemon found, nothing but the engine's word */
	json_decref(d);
	json_decref(facts);
	facts = jload(INFO_ROOTLESS);
	d = json_pack("{s:s}", "status", "not-found");
	{
		json_t *r = ha_daemon_rootless_detect(&o, facts, d, NULL,
		    NULL);

		assert_true(jeq(json_object_get(r, "detected_by"),
		    "[\"info\"]"));
		assert_true(json_is_null(json_object_get(r, "uid")));
		assert_null(json_object_get(r, "uid_from"));
		json_decref(r);
	}
	/* Podman says rootless too, of a service that is not dockerd */
	{
		json_t *pm = jload("{\"engine\": {\"libpod_api_version\": "
		    "\"4.3.1\", \"info\": {\"SecurityOptions\": "
		    "[\"name=rootless\"]}}}");
		const json_t *r;

		assert_null(ha_daemon_rootless_detect(&o, pm, d, NULL, NULL));
		assert_int_equal(ha_daemon_rootless(pm, &r), 0);
		assert_int_equal(ha_daemon_rootless(facts, &r), 1);
		assert_null(r);
		json_decref(pm);
	}
	/* its socket's owner then tells whose it is, and says so */
	if (geteuid() == 0) {
		char *sock;
		int fd = listen_sock(dir, "docker.sock", &sock);
		json_t *r;

		assert_int_equal(chown(sock, 1001, 1001), 0);
		r = ha_daemon_rootless_detect(&o, facts, d, NULL, sock);
		assert_true(jeq(json_object_get(r, "detected_by"),
		    "[\"info\", \"socket-owner\"]"));
		assert_int_equal(json_integer_value(json_object_get(r, "uid")),
		    1001);
		assert_string_equal(str(r, "uid_from"), "socket-owner");
		assert_string_equal(str(r, "user"), "alice");
		json_decref(r);
		close(fd);
		free(sock);
	}
	json_decref(d);
	json_decref(facts);
	free(proc);
}

/* The config file of a rootless daemon is its user's, read as its user. */
static void
test_rootless_config_file(void **state)
{
	const char *dir = *state;
	struct ha_collect_opts o;
	json_t *rl, *r;
	char *path;

	path = put(dir, "home/alice/.config/docker/daemon.json",
	    "{\"storage-driver\": \"vfs\"}");
	ha_collect_opts_init(&o);
	o.root = dir;
	rl = jload("{\"uid\": 1001, \"gid\": 1001, \"config_dir\": "
	    "\"/home/alice/.config/docker\"}");
	assert_int_equal(chmod(path, 0644), 0);
	r = ha_daemon_config_file(&o, NULL, rl);
	assert_string_equal(str(r, "path"),
	    "/home/alice/.config/docker/daemon.json");
	assert_string_equal(str(r, "source"), "default");
	assert_string_equal(str(r, "status"), "ok");
	assert_true(jeq(json_object_get(r, "content"),
	    "{\"storage-driver\": \"vfs\"}"));
	json_decref(r);

	/* a file its user could not read is not read for it */
	assert_int_equal(chmod(path, 0600), 0);
	if (geteuid() != 1001) {
		r = ha_daemon_config_file(&o, NULL, rl);
		assert_string_equal(str(r, "status"), "error");
		assert_non_null(strstr(str(r, "error"), "not readable by the "
		    "daemon's user (uid 1001)"));
		assert_null(json_object_get(r, "content"));
		json_decref(r);
	}
	/* --daemon-json is whoever runs hostaudit's to read */
	o.daemon_json = "/home/alice/.config/docker/daemon.json";
	r = ha_daemon_config_file(&o, NULL, rl);
	assert_string_equal(str(r, "source"), "override");
	assert_string_equal(str(r, "status"), "ok");
	json_decref(r);
	o.daemon_json = NULL;

	/* its directories unknown: an error, never /etc/docker's file */
	json_object_del(rl, "config_dir");
	r = ha_daemon_config_file(&o, NULL, rl);
	assert_string_equal(str(r, "status"), "error");
	assert_non_null(strstr(str(r, "error"), "configuration directory is "
	    "unknown"));
	json_decref(r);
	json_decref(rl);
	free(path);
}

/* dockerd's defaults in rootless mode, where nothing else set them. */
static void
test_rootless_defaults(void **state)
{
	json_t *argv, *eff, *rl;

	(void)state;
	argv = argv_of("dockerd", "--data-root", "/srv/d", NULL);
	eff = ha_daemon_effective(argv, NULL, NULL);
	rl = jload("{\"data_root\": \"/home/alice/.local/share/docker\", "
	    "\"exec_root\": \"/run/user/1001/docker\", \"runtime_dir\": "
	    "\"/run/user/1001\", \"home\": \"/home/alice\"}");
	ha_daemon_rootless_defaults(eff, rl);
	assert_true(setting_is(eff, "data-root", "\"/srv/d\"", "flag"));
	assert_null(json_object_get(json_object_get(json_object_get(eff,
	    "settings"), "data-root"), "rootless_default"));
	assert_true(setting_is(eff, "exec-root", "\"/run/user/1001/docker\"",
	    "default"));
	assert_true(json_is_true(json_object_get(json_object_get(
	    json_object_get(eff, "settings"), "exec-root"),
	    "rootless_default")));
	assert_true(setting_is(eff, "pidfile", "\"/run/user/1001/docker.pid\"",
	    "default"));
	assert_true(setting_is(eff, "tlscacert",
	    "\"/home/alice/.docker/ca.pem\"", "default"));
	assert_true(setting_is(eff, "rootless", "true", "default"));
	json_decref(eff);

	/* not rootless: nothing changes */
	eff = ha_daemon_effective(argv, NULL, NULL);
	ha_daemon_rootless_defaults(eff, NULL);
	assert_true(setting_is(eff, "exec-root", "\"/var/run/docker\"",
	    "default"));
	json_decref(eff);
	json_decref(rl);
	json_decref(argv);
}

/*
 * A rootless dockerd has no -H: it listens on $XDG_RUNTIME_DIR/
 * docker.sock, which the /proc scan learns from its environment.
 */
static void
test_find_rootless_scan(void **state)
{
	const char *dir = *state;
	char *proc = ha_xasprintf("%s/proc", dir);
	char *sock = ha_xasprintf("%s/run/docker.sock", dir);
	char *env = ha_xasprintf("ROOTLESSKIT_STATE_DIR=/tmp/rk%c"
	    "XDG_RUNTIME_DIR=%s/run%c", 0, dir, 0);
	json_t *r;

	mkdir(proc, 0755);
	fake_proc(proc, 90, "/usr/bin/dockerd", NULL, CMD("dockerd\0"));
	fake_proc(proc, 300, "/usr/bin/dockerd", NULL,
	    CMD("dockerd\0--iptables=false\0"));
	put_bytes(proc, "300/environ", env, strlen(env) + 1 +
	    strlen(env + strlen(env) + 1) + 1);
	r = ha_daemon_find(proc, sock);
	assert_string_equal(str(r, "status"), "found");
	assert_string_equal(str(r, "found_by"), "proc");
	assert_int_equal(json_integer_value(json_object_get(r, "pid")), 300);
	json_decref(r);

	/* without ROOTLESSKIT_STATE_DIR it is the system's socket */
	put_bytes(proc, "300/environ", CMD("XDG_RUNTIME_DIR=/run/user/1\0"));
	r = ha_daemon_find(proc, sock);
	assert_string_equal(str(r, "status"), "not-found");
	json_decref(r);
	free(env);
	free(sock);
	free(proc);
}

/*
 * The socket's listener is RootlessKit (here: this test process, faked
 * as rootlesskit): the dockerd it runs is taken, though nothing on its
 * command line or in its environment names the socket.
 */
static void
test_find_rootlesskit_peer(void **state)
{
	const char *dir = *state;
	char *proc = ha_xasprintf("%s/proc", dir), *sock, *status;
	json_t *r;
	int fd;

	mkdir(proc, 0755);
	fd = listen_sock(dir, "rk.sock", &sock);
	fake_proc(proc, (long)getpid(), "/usr/bin/rootlesskit", NULL,
	    CMD("rootlesskit\0"));
	status = ha_xasprintf("Name:\tdockerd\nPPid:\t%ld\n"
	    "Uid:\t%lu\t0\t0\t0\n", (long)getpid(), (unsigned long)getuid());
	fake_proc(proc, 500, "/usr/bin/dockerd", NULL, CMD("dockerd\0"));
	free(put(proc, "500/status", status));
	fake_proc(proc, 400, "/usr/bin/dockerd", NULL, CMD("dockerd\0"));
	r = ha_daemon_find(proc, sock);
	assert_string_equal(str(r, "status"), "found");
	assert_string_equal(str(r, "found_by"), "proc");
	assert_int_equal(json_integer_value(json_object_get(r, "pid")), 500);
	assert_string_equal(str(json_object_get(r, "socket_peer"), "exe"),
	    "/usr/bin/rootlesskit");
	json_decref(r);
	close(fd);
	free(status);
	free(sock);
	free(proc);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_is_dockerd),
		cmocka_unit_test(test_opt_table),
		cmocka_unit_test(test_flags_forms),
		cmocka_unit_test(test_flags_short),
		cmocka_unit_test(test_flags_maps),
		cmocka_unit_test(test_flags_unknown_and_invalid),
		cmocka_unit_test(test_merge_sources),
		cmocka_unit_test(test_merge_conflicts),
		cmocka_unit_test(test_merge_unknown_and_invalid),
		cmocka_unit_test(test_merge_env),
		cmocka_unit_test_setup_teardown(test_config_load, tmp_setup,
		    tmp_teardown),
		cmocka_unit_test_setup_teardown(test_config_load_limits,
		    tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_config_choice, tmp_setup,
		    tmp_teardown),
		cmocka_unit_test_setup_teardown(test_config_relative_flag,
		    tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_find_peercred_not_dockerd,
		    tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_find_peercred_dockerd,
		    tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_find_peercred_full_backlog,
		    tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_find_proc_scan, tmp_setup,
		    tmp_teardown),
		cmocka_unit_test_setup_teardown(test_find_proc_scan_uid,
		    tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_find_none, tmp_setup,
		    tmp_teardown),
		cmocka_unit_test_setup_teardown(test_collect_daemon, tmp_setup,
		    tmp_teardown),
		cmocka_unit_test_setup_teardown(test_read_env, tmp_setup,
		    tmp_teardown),
		cmocka_unit_test(test_env_unknown_checks),
		cmocka_unit_test_setup_teardown(test_daemon_root, tmp_setup,
		    tmp_teardown),
		cmocka_unit_test_setup_teardown(test_daemon_view, tmp_setup,
		    tmp_teardown),
		cmocka_unit_test_setup_teardown(test_read_env_rootless,
		    tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_rootless_detect, tmp_setup,
		    tmp_teardown),
		cmocka_unit_test_setup_teardown(test_rootless_not_detected,
		    tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_rootless_config_file,
		    tmp_setup, tmp_teardown),
		cmocka_unit_test(test_rootless_defaults),
		cmocka_unit_test_setup_teardown(test_find_rootless_scan,
		    tmp_setup, tmp_teardown),
		cmocka_unit_test_setup_teardown(test_find_rootlesskit_peer,
		    tmp_setup, tmp_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

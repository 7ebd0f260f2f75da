/* SPDX-License-Identifier: Apache-2.0 */
/*
 * daemon.c - find dockerd, read its command line, environment and
 * daemon.json, and merge them into the effective daemon settings.
 *
 * The flag parser follows Go's pflag, which dockerd uses: "--flag=value",
 * "--flag value", "-H value", "-Hvalue", "-H=value", grouped short bools
 * ("-Dl debug"), bool flags taking a value only after '=', and "--" ending
 * the flags.  dockerd accepts no arguments, so a stray word is recorded
 * with the unknown flags.
 */
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>


#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ha_buf.h"
#include "ha_collect_opts.h"
#include "ha_daemon.h"
#include "ha_facts.h"
#include "ha_hostfs.h"
#include "ha_jsonpos.h"
#include "ha_util.h"
#include "banned.h"

#define PROC_FILE_CAP	(1UL * 1024 * 1024)	/* cmdline, environ */
#define DEFAULT_SOCK	"/var/run/docker.sock"

struct flagparse {
	json_t	*out;		/* the whole answer */
	json_t	*flags;		/* out.flags, borrowed */
	json_t	*unknown;	/* out.unknown_flags, borrowed */
	json_t	*invalid;	/* out.invalid_flags, borrowed */
};

/* 1 when s is valid UTF-8 (what jansson accepts for strings and keys). */
static int
utf8_ok(const char *s)
{
	json_t *t = json_string(s);

	json_decref(t);
	return t != NULL;
}

/* s, or an allocated copy with bytes of invalid UTF-8 replaced by '?'. */
static char *
utf8_clean(const char *s)
{
	char *c = ha_xstrdup(s);
	size_t i;

	if (utf8_ok(s))
		return c;
	for (i = 0; c[i] != '\0'; i++)
		if ((unsigned char)c[i] >= 0x80)
			c[i] = '?';
	return c;
}

/* A JSON string from untrusted bytes; never NULL. */
static json_t *
jstr(const char *s)
{
	char *c = utf8_clean(s);
	json_t *j = json_string(c);

	free(c);
	if (j == NULL)
		ha_die_oom();
	return j;
}

/* obj[key] = v (stolen), key made valid UTF-8 first. */
static void
jset(json_t *obj, const char *key, json_t *v)
{
	char *k = utf8_clean(key);

	json_object_set_new(obj, k, v);
	free(k);
}

static json_t *
jobject(json_t *parent, const char *key)
{
	json_t *o = json_object_get(parent, key);

	if (!json_is_object(o)) {
		o = json_object();
		json_object_set_new(parent, key, o);
	}
	return o;
}

static json_t *
jarray(json_t *parent, const char *key)
{
	json_t *a = json_object_get(parent, key);

	if (!json_is_array(a)) {
		a = json_array();
		json_object_set_new(parent, key, a);
	}
	return a;
}

static void flag_invalid(struct flagparse *, const char *, const char *, ...)
    HA_PRINTF(3, 4);

static void
flag_invalid(struct flagparse *fp, const char *arg, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = ha_xvasprintf(fmt, ap);
	va_end(ap);
	json_array_append_new(fp->invalid, json_pack("{s:o, s:o}", "flag",
	    jstr(arg), "message", jstr(msg)));
	free(msg);
}

/* Go's strconv.ParseBool. */
static int
parse_bool(const char *s, int *out)
{
	static const char *const t[] = { "1", "t", "T", "TRUE", "true",
	    "True" };
	static const char *const f[] = { "0", "f", "F", "FALSE", "false",
	    "False" };
	size_t i;

	for (i = 0; i < HA_ARRAY_SIZE(t); i++) {
		if (strcmp(s, t[i]) == 0 || strcmp(s, f[i]) == 0) {
			*out = strcmp(s, t[i]) == 0;
			return 0;
		}
	}
	return -1;
}

/* An integer the way pflag reads one (base prefixes allowed). */
static int
parse_int(const char *s, long long *out)
{
	char *end;

	if (*s == '\0' || isspace((unsigned char)*s))
		return -1;
	errno = 0;
	*out = strtoll(s, &end, 0);
	return errno != 0 || *end != '\0' ? -1 : 0;
}

/* "nofile=1024:2048" or "nofile=1024" -> {"Name","Soft","Hard"}. */
static json_t *
parse_ulimit(const char *val, char **name)
{
	const char *eq = strchr(val, '=');
	char *soft = NULL, *colon;
	long long s, h;
	json_t *res = NULL;

	if (eq == NULL || eq == val)
		return NULL;
	soft = ha_xstrdup(eq + 1);
	colon = strchr(soft, ':');
	if (colon != NULL)
		*colon++ = '\0';
	if (parse_int(soft, &s) < 0 || (colon != NULL &&
	    parse_int(colon, &h) < 0))
		goto out;
	if (colon == NULL)
		h = s;
	*name = ha_xstrndup(val, (size_t)(eq - val));
	res = json_pack("{s:o, s:I, s:I}", "Name", jstr(*name), "Soft",
	    (json_int_t)s, "Hard", (json_int_t)h);
out:
	free(soft);
	return res;
}

/* "base=172.30.0.0/16,size=24" -> {"base": ..., "size": 24}. */
static json_t *
parse_pool(const char *val)
{
	char *copy = ha_xstrdup(val), *p = copy, *field, *eq;
	json_t *pool = json_object();
	long long n;

	while ((field = strsep(&p, ",")) != NULL) {
		if ((eq = strchr(field, '=')) == NULL)
			goto bad;
		*eq++ = '\0';
		if (strcmp(field, "base") == 0)
			jset(pool, "base", jstr(eq));
		else if (strcmp(field, "size") == 0 && parse_int(eq, &n) == 0)
			jset(pool, "size", json_integer(n));
		else
			goto bad;
	}
	free(copy);
	return pool;
bad:
	free(copy);
	json_decref(pool);
	return NULL;
}

/* Set a key-value flag value (map, ulimit, runtime) into fp->flags. */
static void
flag_set_pair(struct flagparse *fp, const struct ha_daemon_opt *opt,
    const char *arg, const char *val)
{
	const char *eq = strchr(val, '=');
	char *k = NULL;
	json_t *v;

	switch (opt->type) {
	case HA_DOPT_MAP:
		k = eq ? ha_xstrndup(val, (size_t)(eq - val)) : ha_xstrdup(val);
		jset(jobject(fp->flags, opt->key), k, jstr(eq ? eq + 1 : ""));
		break;
	case HA_DOPT_ULIMITS:
		if ((v = parse_ulimit(val, &k)) == NULL) {
			flag_invalid(fp, arg, "invalid ulimit '%s'", val);
			break;
		}
		jset(jobject(fp->flags, opt->key), k, v);
		break;
	case HA_DOPT_RUNTIMES:
		if (eq == NULL || eq == val || eq[1] == '\0') {
			flag_invalid(fp, arg, "invalid runtime '%s'", val);
			break;
		}
		k = ha_xstrndup(val, (size_t)(eq - val));
		jset(jobject(fp->flags, opt->key), k,
		    json_pack("{s:o}", "path", jstr(eq + 1)));
		break;
	default:
		break;
	}
	free(k);
}

/* Record one flag occurrence: arg is the argument as written. */
static void
flag_set(struct flagparse *fp, const struct ha_daemon_opt *opt,
    const char *arg, const char *val)
{
	long long n;
	json_t *v;
	int b;

	switch (opt->type) {
	case HA_DOPT_BOOL:
		if (parse_bool(val, &b) < 0) {
			flag_invalid(fp, arg, "invalid boolean value '%s'",
			    val);
			return;
		}
		v = json_boolean(b);
		break;
	case HA_DOPT_INT:
		if (parse_int(val, &n) < 0) {
			flag_invalid(fp, arg, "invalid integer value '%s'",
			    val);
			return;
		}
		v = json_integer(n);
		break;
	case HA_DOPT_STRING:
		v = jstr(val);
		break;
	case HA_DOPT_LIST:
		if (opt->key != NULL)
			json_array_append_new(jarray(fp->flags, opt->key),
			    jstr(val));
		return;
	case HA_DOPT_POOLS:
		if ((v = parse_pool(val)) == NULL)
			flag_invalid(fp, arg, "invalid address pool '%s'", val);
		else
			json_array_append_new(jarray(fp->flags, opt->key), v);
		return;
	default:
		flag_set_pair(fp, opt, arg, val);
		return;
	}
	if (opt->key != NULL)
		json_object_set_new(fp->flags, opt->key, v);
	else if (strcmp(opt->name, "config-file") == 0)
		json_object_set_new(fp->out, "config_file", v);
	else
		json_decref(v);
}

/* "--name[=value]": returns how many extra arguments were used. */
static int
parse_long(struct flagparse *fp, const char *arg, const char *next)
{
	const char *name = arg + 2, *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	const struct ha_daemon_opt *opt = ha_daemon_opt_long(name, len);
	char *flag;

	if (opt == NULL) {
		flag = ha_xasprintf("--%.*s", (int)len, name);
		json_array_append_new(fp->unknown, jstr(flag));
		free(flag);
		/* Its value, most likely: not a flag of its own. */
		return eq == NULL && next != NULL && next[0] != '-';
	}
	if (eq != NULL)
		flag_set(fp, opt, arg, eq + 1);
	else if (opt->type == HA_DOPT_BOOL)
		flag_set(fp, opt, arg, "true");
	else if (next != NULL) {
		flag_set(fp, opt, arg, next);
		return 1;
	} else
		flag_invalid(fp, arg, "flag needs an argument");
	return 0;
}

/* "-abc", "-Hvalue", "-H=value", "-H value": extra arguments used. */
static int
parse_short(struct flagparse *fp, const char *arg, const char *next)
{
	const struct ha_daemon_opt *opt;
	const char *p;
	char flag[3] = "-?";

	for (p = arg + 1; *p != '\0'; p++) {
		if ((opt = ha_daemon_opt_short(*p)) == NULL) {
			flag[1] = *p;
			json_array_append_new(fp->unknown, jstr(flag));
			return 0;
		}
		if (p[1] == '=') {
			flag_set(fp, opt, arg, p + 2);
			return 0;
		}
		if (opt->type == HA_DOPT_BOOL) {
			flag_set(fp, opt, arg, "true");
			continue;
		}
		if (p[1] != '\0') {
			flag_set(fp, opt, arg, p + 1);
			return 0;
		}
		if (next == NULL) {
			flag_invalid(fp, arg, "flag needs an argument");
			return 0;
		}
		flag_set(fp, opt, arg, next);
		return 1;
	}
	return 0;
}

json_t *
ha_daemon_parse_flags(const json_t *argv)
{
	struct flagparse fp;
	size_t i, n = json_array_size(argv);
	const char *arg, *next;
	int dashdash = 0;

	fp.out = json_pack("{s:{}, s:[], s:[]}", "flags", "unknown_flags",
	    "invalid_flags");
	if (fp.out == NULL)
		ha_die_oom();
	fp.flags = json_object_get(fp.out, "flags");
	fp.unknown = json_object_get(fp.out, "unknown_flags");
	fp.invalid = json_object_get(fp.out, "invalid_flags");
	for (i = 1; i < n; i++) {
		if ((arg = json_string_value(json_array_get(argv, i))) == NULL)
			continue;
		next = json_string_value(json_array_get(argv, i + 1));
		if (dashdash || arg[0] != '-' || arg[1] == '\0')
			json_array_append_new(fp.unknown, jstr(arg));
		else if (strcmp(arg, "--") == 0)
			dashdash = 1;
		else if (arg[1] == '-')
			i += (size_t)parse_long(&fp, arg, next);
		else
			i += (size_t)parse_short(&fp, arg, next);
	}
	return fp.out;
}

static const char *
json_type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:	return "an object";
	case JSON_ARRAY:	return "an array";
	case JSON_STRING:	return "a string";
	case JSON_INTEGER:	return "an integer";
	case JSON_REAL:		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:	return "a boolean";
	default:		return "null";
	}
}

/* 1 when every member (array element or object value) has type want. */
static int
members_are(const json_t *v, json_type want)
{
	const char *k;
	json_t *m;
	size_t i;

	if (json_is_array(v)) {
		json_array_foreach(v, i, m)
			if (json_typeof(m) != want)
				return 0;
	} else {
		json_object_foreach((json_t *)v, k, m)
			if (json_typeof(m) != want)
				return 0;
	}
	return 1;
}

/* NULL when v fits the option's type, else what was expected. */
static const char *
type_mismatch(const struct ha_daemon_opt *opt, const json_t *v)
{
	switch (opt->type) {
	case HA_DOPT_BOOL:
		return json_is_boolean(v) ? NULL : "a boolean";
	case HA_DOPT_STRING:
		return json_is_string(v) ? NULL : "a string";
	case HA_DOPT_INT:
		return json_is_integer(v) ? NULL : "an integer";
	case HA_DOPT_LIST:
		return json_is_array(v) && members_are(v, JSON_STRING) ? NULL :
		    "an array of strings";
	case HA_DOPT_MAP:
		return json_is_object(v) && members_are(v, JSON_STRING) ?
		    NULL : "an object of strings";
	case HA_DOPT_ULIMITS:
	case HA_DOPT_RUNTIMES:
		return json_is_object(v) && members_are(v, JSON_OBJECT) ?
		    NULL : "an object of objects";
	case HA_DOPT_POOLS:
		return json_is_array(v) && members_are(v, JSON_OBJECT) ?
		    NULL : "an array of objects";
	case HA_DOPT_OBJECT:
		return json_is_object(v) ? NULL : "an object";
	}
	return "?";
}

/* Settings dockerd takes from its environment (DOCKER_TLS_VERIFY, ...). */
static json_t *
env_settings(const json_t *env)
{
	static const char *const files[][2] = {
		{ "tlscacert", "ca.pem" }, { "tlscert", "cert.pem" },
		{ "tlskey", "key.pem" },
	};
	json_t *s = json_object();
	const char *v;
	char *path;
	size_t i;

	v = json_string_value(json_object_get(env, "DOCKER_TLS_VERIFY"));
	if (v != NULL && *v != '\0')
		json_object_set_new(s, "tlsverify", json_true());
	v = json_string_value(json_object_get(env, "DOCKER_CERT_PATH"));
	for (i = 0; v != NULL && *v != '\0' && i < HA_ARRAY_SIZE(files); i++) {
		path = ha_xasprintf("%s/%s", v, files[i][1]);
		json_object_set_new(s, files[i][0], jstr(path));
		free(path);
	}
	return s;
}

/* One key of the merge: flag > file > env > default. */
static void
merge_one(json_t *out, const struct ha_daemon_opt *opt, const json_t *flags,
    const json_t *env, const json_t *file)
{
	json_t *fv = json_object_get(flags, opt->key);
	json_t *filev = json_object_get(file, opt->key);
	json_t *ev = json_object_get(env, opt->key);
	const char *want, *source;
	json_t *value;
	char *msg;

	if (fv != NULL && filev != NULL)
		json_array_append_new(json_object_get(out, "conflicts"),
		    json_pack("{s:s, s:O, s:O}", "key", opt->key, "flag", fv,
		    "file", filev));
	if (filev != NULL && (want = type_mismatch(opt, filev)) != NULL) {
		msg = ha_xasprintf("%s: expected %s, not %s", opt->key, want,
		    json_type_name(filev));
		json_array_append_new(json_object_get(out, "invalid_keys"),
		    json_pack("{s:s, s:s}", "key", opt->key, "message", msg));
		free(msg);
		filev = NULL;
	}
	if (fv != NULL) {
		value = json_deep_copy(fv);
		source = "flag";
	} else if (filev != NULL) {
		value = json_deep_copy(filev);
		source = "file";
	} else if (ev != NULL) {
		value = json_deep_copy(ev);
		source = "env";
	} else {
		value = json_loads(opt->def, JSON_DECODE_ANY, NULL);
		source = "default";
	}
	if (value == NULL)
		value = json_null();
	json_object_set_new(json_object_get(out, "settings"), opt->key,
	    json_pack("{s:o, s:s}", "value", value, "source", source));
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* out.unknown_keys: the file's keys no option knows, sorted. */
static void
unknown_keys(json_t *out, const json_t *file)
{
	json_t *list = json_object_get(out, "unknown_keys");
	const char **keys;
	const char *k;
	json_t *v;
	size_t i, n = 0;

	keys = ha_xreallocarray(NULL, json_object_size(file) + 1,
	    sizeof(*keys));
	json_object_foreach((json_t *)file, k, v)
		if (ha_daemon_opt_key(k) == NULL)
			keys[n++] = k;
	qsort(keys, n, sizeof(*keys), cmp_str);
	for (i = 0; i < n; i++)
		json_array_append_new(list, json_string(keys[i]));
	free(keys);
}

json_t *
ha_daemon_effective(const json_t *argv, const json_t *env,
    const json_t *file)
{
	json_t *parsed = ha_daemon_parse_flags(argv);
	json_t *envset = env_settings(env);
	const struct ha_daemon_opt *opt;
	json_t *out;
	size_t i;

	out = json_pack("{s:{}, s:[], s:O, s:O, s:[], s:[]}", "settings",
	    "conflicts", "unknown_flags", json_object_get(parsed,
	    "unknown_flags"), "invalid_flags", json_object_get(parsed,
	    "invalid_flags"), "unknown_keys", "invalid_keys");
	if (out == NULL)
		ha_die_oom();
	for (i = 0; i < ha_daemon_nopts; i++) {
		opt = &ha_daemon_opts[i];
		if (opt->key == NULL || ha_daemon_opt_key(opt->key) != opt)
			continue;
		merge_one(out, opt, json_object_get(parsed, "flags"), envset,
		    json_is_object(file) ? file : NULL);
	}
	if (json_is_object(file))
		unknown_keys(out, file);
	json_decref(parsed);
	json_decref(envset);
	return out;
}

static void set_error(json_t *, const char *, ...) HA_PRINTF(2, 3);

static void
set_error(json_t *obj, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = ha_xvasprintf(fmt, ap);
	va_end(ap);
	json_object_set_new(obj, "status", json_string("error"));
	jset(obj, "error", jstr(msg));
	free(msg);
}

static const char *
file_type_name(mode_t m)
{
	if (S_ISDIR(m))
		return "a directory";
	if (S_ISLNK(m))
		return "a symbolic link";
	if (S_ISSOCK(m))
		return "a socket";
	if (S_ISFIFO(m))
		return "a fifo";
	if (S_ISCHR(m) || S_ISBLK(m))
		return "a device";
	return "not a regular file";
}

/* Read fd into b (capped); 0, or -1 with errno (EFBIG past the cap). */
static int
read_fd(int fd, struct ha_buf *b)
{
	char chunk[8192];
	ssize_t n;

	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			return 0;
		if (ha_buf_add(b, chunk, (size_t)n) < 0) {
			errno = EFBIG;
			return -1;
		}
	}
}

/* Parse the bytes of a daemon.json into res (status, content, error). */
static void
config_parse(json_t *res, const char *path, const char *data, size_t len)
{
	json_error_t jerr;
	int line, col;
	json_t *content;
	size_t i;

	if (len >= 3 && memcmp(data, "\xef\xbb\xbf", 3) == 0) {
		data += 3;	/* a UTF-8 byte order mark */
		len -= 3;
	}
	for (i = 0; i < len && isspace((unsigned char)data[i]); i++)
		;
	if (i == len) {		/* dockerd takes an empty file as {} */
		json_object_set_new(res, "status", json_string("ok"));
		json_object_set_new(res, "content", json_object());
		return;
	}
	content = json_loadb(data, len, JSON_DECODE_ANY, &jerr);
	if (content == NULL) {
		ha_jsonpos_syntax_at(data, len, &jerr, &line, &col);
		set_error(res, "%s:%d:%d: %s", path, line, col, jerr.text);
		return;
	}
	if (!json_is_object(content)) {
		set_error(res, "%s:1:1: expected a JSON object, not %s", path,
		    json_type_name(content));
		json_decref(content);
		return;
	}
	json_object_set_new(res, "status", json_string("ok"));
	json_object_set_new(res, "content", content);
}

/*
 * 1 when the user uid (primary group gid) may read a file of stat st
 * (supplementary groups are not known: a file readable through one only
 * is taken as unreadable).
 */
static int
readable_by(const struct stat *st, long long uid, long long gid)
{
	if (uid == 0)
		return 1;
	if ((long long)st->st_uid == uid)
		return (st->st_mode & S_IRUSR) != 0;
	if ((long long)st->st_gid == gid)
		return (st->st_mode & S_IRGRP) != 0;
	return (st->st_mode & S_IROTH) != 0;
}

/*
 * Load the daemon.json at path: in the view fs (a host path) when fs is
 * not NULL, else path as it is.
 */
static json_t *
config_load(struct ha_hostfs *fs, const char *path, int nofollow,
    long long uid, long long gid)
{
	json_t *res = json_object();
	struct ha_buf b;
	struct stat st;
	char *shown;
	int fd, flags;

	ha_buf_init(&b, HA_MAX_DAEMON_JSON);
	flags = O_RDONLY | O_NOCTTY | O_NONBLOCK | (nofollow ? O_NOFOLLOW : 0);
	if (fs != NULL) {
		shown = ha_hostfs_path(fs, path);
		fd = ha_hostfs_openat(fs, path, flags);
	} else {
		shown = ha_xstrdup(path);
		fd = open(path, flags | O_CLOEXEC);
	}
	path = shown;
	if (fd < 0) {
		if (errno == ENOENT)
			json_object_set_new(res, "status",
			    json_string("absent"));
		else if (errno == ELOOP && nofollow)
			set_error(res, "'%s': is a symbolic link", path);
		else
			set_error(res, "cannot open '%s': %s", path,
			    strerror(errno));
		goto out;
	}
	if (fstat(fd, &st) < 0) {
		set_error(res, "cannot stat '%s': %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		set_error(res, "'%s': %s", path, file_type_name(st.st_mode));
		goto out;
	}
	if (uid >= 0 && !readable_by(&st, uid, gid)) {
		set_error(res, "'%s': not readable by the daemon's user (uid "
		    "%lld): owner uid %lld, mode %04o", path, uid,
		    (long long)st.st_uid, (unsigned int)(st.st_mode & 07777));
		goto out;
	}
	if (read_fd(fd, &b) < 0) {
		if (errno == EFBIG)
			set_error(res, "'%s': larger than %lu bytes", path,
			    HA_MAX_DAEMON_JSON);
		else
			set_error(res, "cannot read '%s': %s", path,
			    strerror(errno));
		goto out;
	}
	config_parse(res, path, b.data, b.len);
out:
	if (fd >= 0)
		close(fd);
	ha_buf_release(&b);
	free(shown);
	return res;
}

json_t *
ha_daemon_config_load_as(const char *path, int nofollow, long long uid,
    long long gid)
{
	return config_load(NULL, path, nofollow, uid, gid);
}

json_t *
ha_daemon_config_load_in(struct ha_hostfs *fs, const char *path,
    int nofollow, long long uid, long long gid)
{
	return config_load(fs, path, nofollow, uid, gid);
}

json_t *
ha_daemon_config_load(const char *path, int nofollow)
{
	return ha_daemon_config_load_as(path, nofollow, -1, -1);
}

/* A rootless daemon's uid and gid from facts.daemon.rootless, else -1. */
static void
rootless_ids(const json_t *rootless, long long *uid, long long *gid)
{
	const json_t *u = json_object_get(rootless, "uid");
	const json_t *g = json_object_get(rootless, "gid");

	*uid = json_is_integer(u) ? json_integer_value(u) : -1;
	*gid = json_is_integer(g) ? json_integer_value(g) : -1;
}

json_t *
ha_daemon_config_file(const struct ha_collect_opts *o, const char *flag_path,
    const json_t *rootless)
{
	const char *path = HA_DEFAULT_DAEMON_JSON, *source = "default";
	struct ha_hostfs *fs;
	const char *dir;
	char *own = NULL;
	long long uid = -1, gid = -1;
	json_t *res;

	if (rootless != NULL) {
		rootless_ids(rootless, &uid, &gid);
		dir = json_string_value(json_object_get(rootless,
		    "config_dir"));
		path = own = dir != NULL ? ha_xasprintf("%s/daemon.json", dir) :
		    NULL;
	}
	if (o->daemon_json != NULL && *o->daemon_json != '\0') {
		path = o->daemon_json;
		source = "override";
		uid = -1;	/* named by whoever runs hostaudit */
	} else if (flag_path != NULL && *flag_path != '\0') {
		path = flag_path;
		source = "flag";
	}
	if (path == NULL) {
		/* rootless, with neither $HOME nor a passwd home */
		res = json_object();
		set_error(res, "the rootless daemon's configuration directory "
		    "is unknown: no XDG_CONFIG_HOME or HOME in its environment "
		    "and no home directory for its user");
		json_object_set_new(res, "path", json_null());
		json_object_set_new(res, "source", json_string(source));
		return res;
	}
	if (*path != '/' && strcmp(source, "flag") == 0) {
		/* relative to dockerd's cwd, which could not be read */
		res = json_object();
		set_error(res, "'%s': relative to the working directory of "
		    "dockerd, which cannot be read", path);
	} else if (*path != '/') {
		/* --daemon-json named relative to hostaudit's own cwd */
		res = ha_daemon_config_load_as(path, 0, uid, gid);
	} else {
		/* symlinks are followed inside the root, never out of it */
		fs = ha_hostfs_open(o->root);
		res = ha_daemon_config_load_in(fs, path, 0, uid, gid);
		ha_hostfs_close(fs);
	}
	json_object_set_new(res, "path", jstr(path));
	json_object_set_new(res, "source", json_string(source));
	free(own);
	return res;
}

int
ha_daemon_is_dockerd(const char *name)
{
	const char *base, *end;
	size_t len;

	if (name == NULL)
		return 0;
	base = strrchr(name, '/');
	base = base != NULL ? base + 1 : name;
	len = strlen(base);
	end = " (deleted)";	/* the binary was replaced while running */
	if (ha_ends_with(base, end))
		len -= strlen(end);
	return len == 7 && strncmp(base, "dockerd", 7) == 0;
}

/* The whole of a small file, or NULL with errno set. Caller frees. */
static char *
read_small(const char *path, size_t cap, size_t *len)
{
	struct ha_buf b;
	char *data;

	ha_buf_init(&b, cap);
	if (ha_buf_read_file(&b, path, 0) < 0) {
		ha_buf_release(&b);
		return NULL;
	}
	data = ha_buf_detach(&b, len);
	return data;
}

/* A NUL-separated proc file (cmdline, environ) as an array; NULL: errno. */
static json_t *
read_nul_list(const char *path)
{
	size_t len, i, start;
	json_t *list;
	char *data;

	if ((data = read_small(path, PROC_FILE_CAP, &len)) == NULL)
		return NULL;
	list = json_array();
	for (start = 0, i = 0; i <= len; i++) {
		if (i < len && data[i] != '\0')
			continue;
		if (i > start || i < len)
			json_array_append_new(list, jstr(data + start));
		start = i + 1;
	}
	free(data);
	return list;
}

static char *
read_link(const char *path)
{
	char buf[PATH_MAX];
	ssize_t n;

	n = readlink(path, buf, sizeof(buf) - 1);
	if (n < 0)
		return NULL;
	buf[n] = '\0';
	return ha_xstrdup(buf);
}

/*
 * From proc/PID/status: the real uid (-1 when unknown) and the state
 * letter ('?' when unknown).
 */
static long long
proc_status(const char *proc, long pid, char *state)
{
	char *path = ha_xasprintf("%s/%ld/status", proc, pid);
	char *data = read_small(path, 64 * 1024, NULL), *p, *end;
	long long uid = -1;

	*state = '?';
	if (data != NULL && (p = strstr(data, "\nState:")) != NULL) {
		for (p += 7; *p == ' ' || *p == '\t'; p++)
			;
		if (*p != '\0' && *p != '\n')
			*state = *p;
	}
	if (data != NULL && (p = strstr(data, "\nUid:")) != NULL) {
		errno = 0;
		uid = strtoll(p + 5, &end, 10);
		if (errno != 0 || end == p + 5)
			uid = -1;
	}
	free(data);
	free(path);
	return uid;
}

/*
 * What proc says of pid: {"pid", "exe", "uid"} (exe and uid null when
 * unreadable).  *name: the exe path, else the comm; caller frees.  A
 * zombie gives JSON null and no name: it is no longer a running daemon.
 */
static json_t *
proc_info(const char *proc, long pid, char **name)
{
	char *path = ha_xasprintf("%s/%ld/exe", proc, pid);
	char *exe = read_link(path);
	json_t *info;
	long long uid;
	size_t len;
	char state;

	uid = proc_status(proc, pid, &state);
	if (state == 'Z' || state == 'X') {	/* exited, not yet reaped */
		free(path);
		free(exe);
		*name = NULL;
		return json_null();
	}

	info = json_pack("{s:I}", "pid", (json_int_t)pid);
	json_object_set_new(info, "exe", exe ? jstr(exe) : json_null());
	json_object_set_new(info, "uid", uid >= 0 ? json_integer(uid) :
	    json_null());
	*name = exe;
	if (exe == NULL) {
		free(path);
		path = ha_xasprintf("%s/%ld/comm", proc, pid);
		*name = read_small(path, 256, &len);
		if (*name != NULL && len > 0 && (*name)[len - 1] == '\n')
			(*name)[len - 1] = '\0';
	}
	free(path);
	return info;
}

/*
 * The pid that listens on a Unix socket, 0 when unknown, -1 with *err;
 * its uid in *uid.
 */
static long
peer_pid(const char *sock, long long *uid, char **err)
{
	struct sockaddr_un sa;
	struct ucred cred;
	socklen_t len = sizeof(cred);
	long pid = -1;
	int fd;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(sock) >= sizeof(sa.sun_path)) {
		*err = ha_xasprintf("'%s': socket path too long", sock);
		return -1;
	}
	memcpy(sa.sun_path, sock, strlen(sock));
	/*
	 * Non-blocking: a Unix socket connects at once or not at all, and a
	 * full listen queue (an engine that never accepts) is EAGAIN now
	 * rather than a wait.
	 */
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
	    0)) < 0) {
		*err = ha_xasprintf("cannot create socket: %s",
		    strerror(errno));
		return -1;
	}
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		*err = errno == EAGAIN ? ha_xasprintf("cannot connect to "
		    "'%s': the connection was not accepted (the listen queue "
		    "is full)", sock) : ha_xasprintf("cannot connect to "
		    "'%s': %s", sock, strerror(errno));
	else if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) < 0)
		*err = ha_xasprintf("'%s': SO_PEERCRED: %s", sock,
		    strerror(errno));
	else {
		pid = cred.pid;		/* 0: the peer is in another pid ns */
		*uid = (long long)cred.uid;
	}
	close(fd);
	return pid;
}

/* /var/run is /run on every current distribution. */
static int
same_sock(const char *a, const char *b)
{
	if (ha_starts_with(a, "/var/run/"))
		a += 4;
	if (ha_starts_with(b, "/var/run/"))
		b += 4;
	return strcmp(a, b) == 0;
}

/*
 * How well a dockerd command line fits the engine socket: 2 when a -H
 * names it, 1 when it may be it (no -H and def, the socket dockerd then
 * listens on, is it; or a socket-activated fd://), else 0.
 */
static int
sock_score(const json_t *argv, const char *sock, const char *def)
{
	json_t *parsed = ha_daemon_parse_flags(argv);
	json_t *hosts = json_object_get(json_object_get(parsed, "flags"),
	    "hosts");
	const char *h;
	json_t *v;
	size_t i;
	int score = 0;

	if (sock != NULL && json_array_size(hosts) == 0 &&
	    same_sock(sock, def))
		score = 1;
	json_array_foreach(hosts, i, v) {
		if ((h = json_string_value(v)) == NULL || sock == NULL)
			continue;
		if (ha_starts_with(h, "fd://") && score < 1)
			score = 1;
		if (ha_starts_with(h, "unix://") && same_sock(h[7] ? h + 7 :
		    def, sock))
			score = 2;
	}
	json_decref(parsed);
	return score;
}

static json_t *
proc_cmdline(const char *proc, long pid)
{
	char *path = ha_xasprintf("%s/%ld/cmdline", proc, pid);
	json_t *argv = read_nul_list(path);

	free(path);
	return argv;
}

/* 1 when the uid fact u (an integer, or null when unknown) is uid. */
static int
uid_is(const json_t *u, long long uid)
{
	return json_is_integer(u) && json_integer_value(u) == uid;
}

static void
set_found(json_t *res, json_t *info, const char *how)
{
	json_object_set_new(res, "status", json_string("found"));
	json_object_set_new(res, "found_by", json_string(how));
	json_object_update(res, info);
}

static json_t *proc_env(const char *, long, char **);

/*
 * The socket a dockerd without -H listens on: in rootless mode (dockerd
 * goes by ROOTLESSKIT_STATE_DIR in its environment) $XDG_RUNTIME_DIR/
 * docker.sock, else the system's.  Caller frees.
 */
static char *
default_sock(const char *proc, long pid)
{
	json_t *env = proc_env(proc, pid, NULL);
	const char *sd = json_string_value(json_object_get(env,
	    "ROOTLESSKIT_STATE_DIR"));
	const char *rd = json_string_value(json_object_get(env,
	    "XDG_RUNTIME_DIR"));
	char *sock;

	if (sd != NULL && *sd != '\0' && rd != NULL && rd[0] == '/')
		sock = ha_xasprintf("%s/docker.sock", rd);
	else
		sock = ha_xstrdup(DEFAULT_SOCK);
	json_decref(env);
	return sock;
}

/* 1 when anc is among the first few ancestors of pid. */
static int
descends_from(const char *proc, long pid, long anc)
{
	char *path, *data, *p, *end;
	long long ppid;
	int i;

	for (i = 0; i < 4 && pid > 1; i++) {
		path = ha_xasprintf("%s/%ld/status", proc, pid);
		data = read_small(path, 64 * 1024, NULL);
		free(path);
		ppid = -1;
		if (data != NULL && (p = strstr(data, "\nPPid:")) != NULL) {
			errno = 0;
			ppid = strtoll(p + 6, &end, 10);
			if (errno != 0 || end == p + 6)
				ppid = -1;
		}
		free(data);
		if (ppid == anc)
			return 1;
		pid = (long)ppid;
	}
	return 0;
}

/*
 * How well the dockerd at pid fits sock (sock_score()); 3 when it runs
 * under kit, the RootlessKit process that serves sock (-1: none).
 */
static int
fit(const char *proc, long pid, const char *sock, long kit)
{
	json_t *argv = proc_cmdline(proc, pid);
	char *def = default_sock(proc, pid);
	int score = sock_score(argv, sock, def);

	if (kit > 0 && descends_from(proc, pid, kit))
		score = 3;
	free(def);
	json_decref(argv);
	return score;
}

/*
 * Scan proc for processes named exactly dockerd; the best fit for sock
 * wins, then the lowest pid.  Neither one whose -H flags name only other
 * sockets (it does not serve sock) nor one not running as uid (the socket
 * listener's, when known: any user can start a "dockerd" naming sock) is
 * ever chosen (it stays in "candidates").  kit: the socket's listener
 * when that is RootlessKit, whose dockerd is then preferred; else -1.
 * 0 when none, 1 when found, -1 (errno) when proc cannot be read.
 */
static int
scan_proc(const char *proc, const char *sock, long long uid, long kit,
    json_t *res)
{
	json_t *best = NULL, *info, *pids = json_array();
	int score, best_score = -1, found;
	struct dirent *de;
	char *name, *end;
	DIR *dir;
	long pid;

	if ((dir = opendir(proc)) == NULL) {
		json_decref(pids);
		return -1;
	}
	while ((de = readdir(dir)) != NULL) {
		pid = strtol(de->d_name, &end, 10);
		if (!isdigit((unsigned char)de->d_name[0]) || *end != '\0')
			continue;
		info = proc_info(proc, pid, &name);
		if (!ha_daemon_is_dockerd(name)) {
			free(name);
			json_decref(info);
			continue;
		}
		free(name);
		score = fit(proc, pid, sock, kit);
		json_array_append_new(pids, json_integer(pid));
		if ((sock != NULL && score == 0) || (uid >= 0 &&
		    !uid_is(json_object_get(info, "uid"), uid))) {
			/* serves other sockets, or another user's */
			json_decref(info);
			continue;
		}
		if (score > best_score || (score == best_score && pid <
		    json_integer_value(json_object_get(best, "pid")))) {
			json_decref(best);
			best = info;
			best_score = score;
		} else
			json_decref(info);
	}
	closedir(dir);
	found = best != NULL;
	if (found)
		set_found(res, best, "proc");
	if (json_array_size(pids) > 1 || (!found && json_array_size(pids) > 0))
		json_object_set(res, "candidates", pids);
	json_decref(best);
	json_decref(pids);
	return found;
}

int
ha_daemon_is_rootlesskit(const char *name)
{
	const char *base;
	size_t len;

	if (name == NULL)
		return 0;
	base = strrchr(name, '/');
	base = base != NULL ? base + 1 : name;
	len = strcspn(base, " \n");	/* " (deleted)", comm's newline */
	return (len == 11 && strncmp(base, "rootlesskit", 11) == 0) ||
	    (len == 18 && strncmp(base, "docker-rootlesskit", 18) == 0);
}

/*
 * ha_daemon_find(), with the pid SO_PEERCRED gave in *peer (-1: none).
 * A peer pid of 0 is a listener in a PID namespace that proc's does not
 * see: any dockerd proc shows is then not the one serving sock, so proc
 * is not scanned (the caller may look elsewhere).
 */
static json_t *
find_daemon(const char *proc, const char *sock, long *peer,
    long long *peer_uid)
{
	json_t *res = json_pack("{s:s}", "status", "not-found"), *info;
	char *err = NULL, *name = NULL;
	long pid = -1, kit = -1;

	if (res == NULL)
		ha_die_oom();
	*peer_uid = -1;
	if (sock != NULL)
		pid = peer_pid(sock, peer_uid, &err);
	*peer = pid;
	if (err != NULL)
		jset(res, "peercred_error", jstr(err));
	else if (pid == 0) {
		err = ha_xasprintf("'%s': the listener is in another PID "
		    "namespace", sock);
		jset(res, "peercred_error", jstr(err));
		goto out;
	}
	if (pid > 0) {
		info = proc_info(proc, pid, &name);
		if (ha_daemon_is_dockerd(name)) {
			set_found(res, info, "peercred");
			json_decref(info);
			goto out;
		}
		if (ha_daemon_is_rootlesskit(name))
			kit = pid;
		json_object_set_new(info, "found_by", json_string("peercred"));
		json_object_set_new(res, "socket_peer", info);
	}
	if (scan_proc(proc, sock, *peer_uid, kit, res) < 0)
		set_error(res, "cannot read '%s': %s", proc, strerror(errno));
out:
	free(name);
	free(err);
	return res;
}

json_t *
ha_daemon_find(const char *proc, const char *sock)
{
	long long uid;
	long peer;

	return find_daemon(proc, sock, &peer, &uid);
}

/* The engine's Unix socket path, or NULL (borrowed). */
static const char *
engine_socket(const struct ha_collect_opts *o, const json_t *facts)
{
	const char *s = ha_facts_str(facts, "engine.socket");
	const char *url;

	if (s != NULL && *s != '\0')
		return s;
	url = ha_collect_host_url(o);
	if (url != NULL && ha_starts_with(url, "unix://") && url[7] != '\0')
		return url + 7;
	return NULL;
}

/* Variables besides DOCKER_* that tell where a rootless dockerd looks. */
static const char *const env_rootless[] = {
	"HOME", "USER", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_RUNTIME_DIR",
	"ROOTLESSKIT_STATE_DIR", "ROOTLESSKIT_PARENT_EUID",
	"_DOCKERD_ROOTLESS_CHILD",
};

/* 1 when the variable definition s ("NAME=value") is one to keep. */
static int
env_kept(const char *s)
{
	size_t i, n;

	if (ha_starts_with(s, "DOCKER_"))
		return 1;
	for (i = 0; i < HA_ARRAY_SIZE(env_rootless); i++) {
		n = strlen(env_rootless[i]);
		if (strncmp(s, env_rootless[i], n) == 0 && s[n] == '=')
			return 1;
	}
	return 0;
}

/*
 * The daemon's DOCKER_* environment and the variables of env_rootless;
 * NULL and *err (caller frees) when unreadable (another user's dockerd,
 * no ptrace access).
 */
static json_t *
proc_env(const char *proc, long pid, char **err)
{
	char *path = ha_xasprintf("%s/%ld/environ", proc, pid), *eq;
	json_t *list = read_nul_list(path), *env = NULL, *v;
	const char *s;
	size_t i;

	if (err != NULL)
		*err = NULL;
	if (list == NULL && err != NULL)
		*err = ha_xasprintf("cannot read '%s': %s", path,
		    strerror(errno));
	free(path);
	if (list == NULL)
		return NULL;
	env = json_object();
	json_array_foreach(list, i, v) {
		s = json_string_value(v);
		if (s == NULL || !env_kept(s) || (eq = strchr(s, '=')) == NULL)
			continue;
		path = ha_xstrndup(s, (size_t)(eq - s));
		jset(env, path, jstr(eq + 1));
		free(path);
	}
	json_decref(list);
	return env;
}

/* --config-file as dockerd reads it: relative to its working directory. */
static char *
config_flag_path(const char *proc, const json_t *argv, long pid)
{
	json_t *parsed = ha_daemon_parse_flags(argv);
	const char *p = json_string_value(json_object_get(parsed,
	    "config_file"));
	char *path = NULL, *link, *cwd = NULL;

	if (p != NULL && *p != '/' && pid > 0) {
		link = ha_xasprintf("%s/%ld/cwd", proc, pid);
		cwd = read_link(link);
		free(link);
	}
	if (p != NULL)
		path = cwd != NULL ? ha_xasprintf("%s/%s", strcmp(cwd, "/") ?
		    cwd : "", p) : ha_xstrdup(p);
	free(cwd);
	json_decref(parsed);
	return path;
}

/*
 * The engine socket's listener is in a PID namespace hostaudit's /proc
 * does not show (run from a container without --pid=host).  With a host
 * root whose proc is a mounted proc file system (the host's, bind-mounted
 * with it), dockerd is looked for there; else d says why it cannot be
 * found.  Returns the proc directory to read dockerd from, or NULL.
 */
static char *
find_in_root_proc(const struct ha_collect_opts *o, const char *sock,
    long long uid, json_t *d)
{
	const char *host;
	char *proc = ha_hostfs_proc_dir(o->root);
	int found;

	if (strcmp(proc, "/proc") == 0) {
		set_error(d, "the engine socket '%s' is served from another "
		    "PID namespace and no host /proc is visible: run "
		    "hostaudit in the host's PID namespace (docker run "
		    "--pid=host) or give it the host root (--root) with the "
		    "host's /proc under it", sock);
		free(proc);
		return NULL;
	}
	if ((host = ha_hostfs_unjoin(o->root, sock)) == NULL)
		host = sock;
	if ((found = scan_proc(proc, host, uid, -1, d)) > 0)
		return proc;
	if (found < 0)
		set_error(d, "cannot read '%s': %s", proc, strerror(errno));
	else
		set_error(d, "the engine socket '%s' is served from another "
		    "PID namespace and no dockerd serving it is in '%s'",
		    sock, proc);
	free(proc);
	return NULL;
}

void
ha_daemon_set_root(json_t *d)
{
	const char *proc = json_string_value(json_object_get(d, "proc"));
	const json_t *pid = json_object_get(d, "pid");
	struct stat st;
	char *root, *err = NULL;

	if (proc == NULL || !json_is_integer(pid) ||
	    json_integer_value(pid) <= 0)
		return;
	root = ha_xasprintf("%s/%lld/root", proc,
	    (long long)json_integer_value(pid));
	if (stat(root, &st) < 0)
		err = ha_xasprintf("cannot enter '%s': %s", root,
		    strerror(errno));
	else if (!S_ISDIR(st.st_mode))
		err = ha_xasprintf("cannot enter '%s': not a directory", root);
	if (err != NULL)
		jset(d, "root_error", jstr(err));
	else
		jset(d, "root", jstr(root));
	free(err);
	free(root);
}

const char *
ha_daemon_view_root(const struct ha_collect_opts *o, const json_t *facts,
    const char **read_from)
{
	const char *root = ha_facts_str(facts, "daemon.root");

	if (root != NULL && root[0] == '/') {
		*read_from = "daemon-root";
		return root;
	}
	*read_from = "host";
	return o->root != NULL ? o->root : "/";
}

/*
 * An unreadable environment is recorded, not taken for an empty one: the
 * settings dockerd takes from it are then unknown, not unset
 * (ha_facts_setting_unknown()).
 */
json_t *
ha_daemon_read_env(json_t *facts, json_t *d)
{
	const char *proc = json_string_value(json_object_get(d, "proc"));
	const json_t *pid = json_object_get(d, "pid");
	json_t *env;
	char *err;

	if (proc == NULL || !json_is_integer(pid))
		return NULL;
	env = proc_env(proc, (long)json_integer_value(pid), &err);
	if (env != NULL)
		return env;
	jset(d, "environment_error", jstr(err));
	ha_facts_error(facts, "daemon.environment", "%s", err);
	free(err);
	return NULL;
}

void
ha_collect_daemon(const struct ha_collect_opts *o, json_t *facts)
{
	json_t *d, *argv = NULL, *env = NULL, *cf, *eff, *rl;
	const char *st, *err, *sock = engine_socket(o, facts);
	char *flag_path, *proc = NULL;
	long long peer_uid;
	long pid = -1, peer;

	d = find_daemon("/proc", sock, &peer, &peer_uid);
	if (peer == 0)
		proc = find_in_root_proc(o, sock, peer_uid, d);
	if (proc == NULL)
		proc = ha_xstrdup("/proc");
	st = json_string_value(json_object_get(d, "status"));
	if (strcmp(st, "found") == 0) {
		pid = (long)json_integer_value(json_object_get(d, "pid"));
		json_object_set_new(d, "proc", json_string(proc));
		if ((argv = proc_cmdline(proc, pid)) == NULL)
			set_error(d, "cannot read '%s/%ld/cmdline': %s", proc,
			    pid, strerror(errno));
		else
			json_object_set(d, "cmdline", argv);
		env = ha_daemon_read_env(facts, d);
		ha_daemon_set_root(d);
	}
	/* before the config file: a rootless daemon reads its user's */
	if ((rl = ha_daemon_rootless_detect(o, facts, d, env, sock)) != NULL)
		json_object_set(d, "rootless", rl);
	flag_path = config_flag_path(proc, argv, pid);
	cf = ha_daemon_config_file(o, flag_path, rl);
	eff = ha_daemon_effective(argv, env, json_object_get(cf, "content"));
	ha_daemon_rootless_defaults(eff, rl);
	json_object_update(d, eff);
	json_object_set_new(d, "config_file", cf);
	if ((err = json_string_value(json_object_get(d, "error"))) != NULL)
		ha_facts_error(facts, "daemon", "%s", err);
	if ((err = json_string_value(json_object_get(cf, "error"))) != NULL)
		ha_facts_error(facts, "daemon.config_file", "%s", err);
	json_object_set_new(facts, "daemon", d);
	free(proc);
	free(flag_path);
	json_decref(rl);
	json_decref(eff);
	json_decref(env);
	json_decref(argv);
}

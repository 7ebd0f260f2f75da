/* SPDX-License-Identifier: Apache-2.0 */
/*
 * slim.c - slim facts (see ha_slim.h): the fields of container and image
 * inspect objects that hostaudit reads, and the pruning of everything
 * else, in collection and when a --facts document is loaded.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ha_buf.h"
#include "ha_slim.h"
#include "ha_util.h"
#include "banned.h"

/*
 * What is read of a container: the fields of the container checks
 * (checks/runtime.c, caps.c, extra.c, images.c, secops.c; the types of
 * most are judged by src/types.c), of collection after the inspect
 * (src/procs.c, src/podman_collect.c: State.Pid), of the reports
 * (ha_target_meta(), write_html.c: Id, Name, Image, Config.Image,
 * State.Status, the Compose labels) and of --label (Config.Labels).
 * tests/unit/test_slim.c holds every check to it.
 */
static const char *const container_paths[] = {
	"Id", "Name", "Image", "RepoTags",
	"AppArmorProfile", "ProcessLabel",
	"HostConfig.Privileged", "HostConfig.ReadonlyRootfs",
	"HostConfig.PidMode", "HostConfig.NetworkMode", "HostConfig.IpcMode",
	"HostConfig.UTSMode", "HostConfig.UsernsMode",
	"HostConfig.CgroupParent", "HostConfig.CapAdd", "HostConfig.CapDrop",
	"HostConfig.Capabilities", "HostConfig.SecurityOpt",
	"HostConfig.Binds", "HostConfig.DeviceCgroupRules",
	"HostConfig.Devices", "HostConfig.Memory", "HostConfig.CpuShares",
	"HostConfig.NanoCpus", "HostConfig.PidsLimit",
	"HostConfig.RestartPolicy", "HostConfig.PortBindings",
	"HostConfig.Ulimits",
	"Mounts",
	"Config.User", "Config.Image", "Config.Env", "Config.Healthcheck",
	"Config.Labels",
	"State.Running", "State.Status", "State.Pid", "State.Health.Status",
	"NetworkSettings.Ports", "NetworkSettings.Networks{}.NetworkID",
	/* hostaudit's own additions (src/procs.c) */
	"Processes", "ProcessesError", "ProcessesTruncated",
};

/* Of an image: checks/images.c, extra.c, secops.c and the names. */
static const char *const image_paths[] = {
	"Id", "RepoTags",
	"Config.User", "Config.Env", "Config.Healthcheck",
	/* hostaudit's own additions (src/engine.c) */
	"History[].CreatedBy", "History[].Size", "HistoryError",
};

/*
 * The declaration as a tree: a node keeps its whole value (leaf), or
 * some fields of an object (kids, found through index), or every element
 * of an array (elem) or value of an object (val) in their own form.
 */
struct node {
	int		 leaf;
	struct node	**kids;
	size_t		 nkids;
	json_t		*index;		/* field name -> kid number */
	struct node	*elem;		/* "[]" */
	struct node	*val;		/* "{}" */
};

static struct {
	struct node	*root;		/* NULL: not built yet */
	int		 all;		/* keep whole objects */
} trees[HA_SCOPE_COUNT];

static void
node_free(struct node *n)
{
	size_t i;

	if (n == NULL)
		return;
	for (i = 0; i < n->nkids; i++)
		node_free(n->kids[i]);
	free(n->kids);
	json_decref(n->index);
	node_free(n->elem);
	node_free(n->val);
	free(n);
}

static struct node *
node_new(void)
{
	return ha_xcalloc(1, sizeof(struct node));
}

static struct node *
node_kid(struct node *n, const char *name, size_t len)
{
	char *key = ha_xstrndup(name, len);
	json_t *at;
	struct node *k;

	if (n->index == NULL && (n->index = json_object()) == NULL)
		ha_die_oom();
	if ((at = json_object_get(n->index, key)) != NULL) {
		k = n->kids[json_integer_value(at)];
		free(key);
		return k;
	}
	n->kids = ha_xreallocarray(n->kids, n->nkids + 1, sizeof(*n->kids));
	k = n->kids[n->nkids] = node_new();
	if (json_object_set_new(n->index, key,
	    json_integer((json_int_t)n->nkids)) < 0)
		ha_die_oom();
	n->nkids++;
	free(key);
	return k;
}

/* 1 when path is a well-formed path (see ha_slim.h). */
static int
path_ok(const char *p)
{
	size_t n;

	if (p == NULL || *p == '\0')
		return 0;
	for (;;) {
		n = strcspn(p, ".[{}]");
		if (n == 0)
			return 0;	/* an empty field name */
		p += n;
		while (strncmp(p, "[]", 2) == 0 || strncmp(p, "{}", 2) == 0)
			p += 2;
		if (*p == '\0')
			return 1;
		if (*p != '.')
			return 0;
		p++;
	}
}

static void
tree_add(struct node *root, const char *p)
{
	struct node *n = root;
	size_t len;

	while (*p != '\0' && !n->leaf) {
		if (*p == '.')
			p++;
		if (p[0] == '[' || p[0] == '{') {
			struct node **slot = p[0] == '[' ? &n->elem : &n->val;

			if (*slot == NULL)
				*slot = node_new();
			n = *slot;
			p += 2;
			continue;
		}
		len = strcspn(p, ".[{");
		n = node_kid(n, p, len);
		p += len;
	}
	n->leaf = 1;
}

static struct node *
tree_of(enum ha_scope scope)
{
	const char *const *paths;
	size_t i, n;

	if (trees[scope].root != NULL)
		return trees[scope].root;
	if (scope == HA_SCOPE_CONTAINER) {
		paths = container_paths;
		n = HA_ARRAY_SIZE(container_paths);
	} else {
		paths = image_paths;
		n = HA_ARRAY_SIZE(image_paths);
	}
	trees[scope].root = node_new();
	for (i = 0; i < n; i++)
		tree_add(trees[scope].root, paths[i]);
	return trees[scope].root;
}

/* The form of v that n keeps: a new reference (v is borrowed). */
static json_t *
prune(json_t *v, const struct node *n)
{
	const struct node *k;
	const char *key;
	json_t *out, *x, *at;
	size_t i;

	if (n->leaf)
		return json_incref(v);
	if (json_is_object(v) && (n->nkids > 0 || n->val != NULL)) {
		if ((out = json_object()) == NULL)
			ha_die_oom();
		/* in the object's own order, so a saved document reads alike */
		json_object_foreach(v, key, x) {
			at = json_object_get(n->index, key);
			k = at != NULL ?
			    n->kids[json_integer_value(at)] : n->val;
			if (k != NULL && json_object_set_new_nocheck(out, key,
			    prune(x, k)) < 0)
				ha_die_oom();
		}
		return out;
	}
	if (json_is_array(v) && n->elem != NULL) {
		if ((out = json_array()) == NULL)
			ha_die_oom();
		json_array_foreach(v, i, x)
			if (json_array_append_new(out, prune(x, n->elem)) < 0)
				ha_die_oom();
		return out;
	}
	/* a scalar, or not of the type the path expects: as it is */
	return json_incref(v);
}

json_t *
ha_slim(json_t *obj, enum ha_scope scope)
{
	json_t *out;

	if (obj == NULL || (scope != HA_SCOPE_CONTAINER &&
	    scope != HA_SCOPE_IMAGE) || trees[scope].all)
		return obj;
	out = prune(obj, tree_of(scope));
	json_decref(obj);
	return out;
}

/* 1 when path is "/KIND/ID/json" (KIND "containers" or "images"). */
static int
is_inspect(const char *path, const char *kind)
{
	size_t n = strlen(kind);
	const char *id, *end;

	if (path[0] != '/' || strncmp(path + 1, kind, n) != 0 ||
	    path[1 + n] != '/')
		return 0;
	id = path + 2 + n;
	end = strchr(id, '/');
	return end != NULL && end > id && strcmp(end, "/json") == 0;
}

json_t *
ha_slim_answer(const char *path, json_t *answer)
{
	if (answer == NULL || path == NULL)
		return answer;
	if (is_inspect(path, "containers"))
		return ha_slim(answer, HA_SCOPE_CONTAINER);
	if (is_inspect(path, "images"))
		return ha_slim(answer, HA_SCOPE_IMAGE);
	return answer;
}

struct members;
struct text_cache;
static int prune_text(const char *text, size_t len, const struct node *n,
    struct ha_buf *out, struct members *top, struct text_cache *raws);

json_t *
ha_slim_answer_text(const char *path, const char *text, size_t len)
{
	enum ha_scope scope;
	struct ha_buf out;
	json_t *j = NULL;

	if (path == NULL)
		return NULL;
	if (is_inspect(path, "containers"))
		scope = HA_SCOPE_CONTAINER;
	else if (is_inspect(path, "images"))
		scope = HA_SCOPE_IMAGE;
	else
		return NULL;
	if (trees[scope].all)
		return NULL;
	ha_buf_init(&out, HA_BUF_NOCAP);
	if (prune_text(text, len, tree_of(scope), &out, NULL, NULL) == 0)
		j = json_loadb(out.data, out.len, 0, NULL);
	ha_buf_release(&out);
	return j;
}

static void
slim_list(json_t *eng, const char *key, enum ha_scope scope)
{
	json_t *list = json_object_get(eng, key), *obj;
	size_t i;

	json_array_foreach(list, i, obj)
		if (json_array_set_new(list, i, ha_slim(json_incref(obj),
		    scope)) < 0)
			ha_die_oom();
}

void
ha_slim_facts(json_t *facts)
{
	json_t *eng = json_object_get(facts, "engine");

	slim_list(eng, "containers", HA_SCOPE_CONTAINER);
	slim_list(eng, "images", HA_SCOPE_IMAGE);
}

int
ha_slim_keep(enum ha_scope scope, const char *path)
{
	if ((scope != HA_SCOPE_CONTAINER && scope != HA_SCOPE_IMAGE) ||
	    !path_ok(path))
		return -1;
	tree_add(tree_of(scope), path);
	return 0;
}

void
ha_slim_keep_all(enum ha_scope scope)
{
	if (scope == HA_SCOPE_CONTAINER || scope == HA_SCOPE_IMAGE)
		trees[scope].all = 1;
}

void
ha_slim_reset(void)
{
	size_t i;

	for (i = 0; i < HA_SCOPE_COUNT; i++) {
		node_free(trees[i].root);
		trees[i].root = NULL;
		trees[i].all = 0;
	}
}

/*
 * Slimming as text: the element's JSON with only what the tree keeps,
 * so that jansson parses (and allocates for) a fifth of it.  What is
 * kept is copied as it is and parsed by jansson, which judges it; what
 * is dropped is only scanned: strings closed, brackets balanced, no
 * byte that JSON has no use for outside strings.
 */
/* Where a member of the element's own object is in the slimmed text. */
struct member {
	size_t			 key, keylen;	/* the key, quoted */
	size_t			 val, vallen;
	const struct node	*node;		/* what of it is kept */
	json_t			*v;		/* found by raw_find() (a
						   reference), or NULL */
	size_t			 raw, rawlen;	/* its text in the element,
						   to remember (0: not) */
	uint64_t		 rawh;
};

struct members {
	struct member	*m;
	size_t		 n, alloc;
	int		 object;	/* the element is an object */
};

struct ptext {
	const char		*p, *end;
	struct ha_buf		*out;
	struct members		*top;	/* record the members of the top
					   object */
	const char		*base;	/* the text's first byte */
	struct text_cache	*raws;	/* the loader's: raw_find() */
};

static void	raw_find(struct ptext *t, const struct node *k,
		    struct member *m);

static void
p_ws(struct ptext *t)
{
	while (t->p < t->end && (*t->p == ' ' || *t->p == '\n' ||
	    *t->p == '\t' || *t->p == '\r'))
		t->p++;
}

/*
 * Whether the eight bytes of w may hold a '"', a '\\' or a control
 * (below 0x20): 0 when none of them does.  The bit tricks (a zero byte
 * of w ^ '"'..., a byte below 0x20) may say 1 wrongly, never 0.
 */
#define ONES	0x0101010101010101ull
#define HIGHS	0x8080808080808080ull
#define HAS_ZERO(x)	(((x) - ONES) & ~(x) & HIGHS)

static int
str_special8(uint64_t w)
{
	uint64_t q = w ^ (ONES * '"'), b = w ^ (ONES * '\\');

	return (HAS_ZERO(q) | HAS_ZERO(b) | ((w - ONES * 0x20) & ~w &
	    HIGHS)) != 0;
}

/* Past the string that starts at t->p. */
static int
p_str(struct ptext *t)
{
	const char *q = t->p + 1;
	uint64_t w;

	for (;;) {
		/* eight bytes at a time over a string's plain run */
		while (t->end - q >= 8) {
			memcpy(&w, q, 8);
			if (str_special8(w))
				break;
			q += 8;
		}
		while (q < t->end && *q != '"' && *q != '\\' &&
		    (unsigned char)*q >= 0x20)
			q++;
		if (q >= t->end || (unsigned char)*q < 0x20)
			return -1;
		if (*q == '"')
			break;
		if (q + 1 >= t->end)
			return -1;
		q += 2;		/* an escape */
	}
	t->p = q + 1;
	return 0;
}

static int
is_scalar_byte(char c)
{
	switch (c) {	/* strchr("+-.eEtruefalsn", c), '\0' included */
	case '+': case '-': case '.': case 'e': case 'E': case 't':
	case 'r': case 'u': case 'f': case 'a': case 'l': case 's':
	case 'n': case '\0':
		return 1;
	default:
		return c >= '0' && c <= '9';
	}
}

/*
 * The bytes that p_skip() passes over one by one inside an array or
 * object: ',', ':', white space and those of scalars (is_scalar_byte()).
 */
static const unsigned char inner_byte[256] = {
	[','] = 1, [':'] = 1, [' '] = 1, ['\n'] = 1, ['\t'] = 1, ['\r'] = 1,
	['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1,
	['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1, ['+'] = 1, ['-'] = 1,
	['.'] = 1, ['e'] = 1, ['E'] = 1, ['t'] = 1, ['r'] = 1, ['u'] = 1,
	['f'] = 1, ['a'] = 1, ['l'] = 1, ['s'] = 1, ['n'] = 1,
};

/* Past the value at t->p (any depth, no recursion). */
static int
p_skip(struct ptext *t)
{
	int depth = 0;
	char c;

	p_ws(t);
	do {
		if (t->p >= t->end)
			return -1;
		c = *t->p;
		if (c == '"') {
			if (p_str(t) < 0)
				return -1;
		} else if (c == '{' || c == '[') {
			depth++;
			t->p++;
		} else if (c == '}' || c == ']') {
			if (depth-- == 0)
				return -1;
			t->p++;
		} else if (c == ',' || c == ':' || c == ' ' || c == '\n' ||
		    c == '\t' || c == '\r') {
			if (depth == 0)
				return -1;
			/* inside: a run of these and of scalars at once */
			while (++t->p < t->end &&
			    inner_byte[(unsigned char)*t->p])
				;
		} else if (c != '\0' && is_scalar_byte(c)) {
			while (t->p < t->end && *t->p != '\0' &&
			    is_scalar_byte(*t->p))
				t->p++;
		} else
			return -1;
	} while (depth > 0);
	return 0;
}

static int
p_copy(struct ptext *t)
{
	const char *s;

	p_ws(t);
	s = t->p;
	if (p_skip(t) < 0)
		return -1;
	return ha_buf_add(t->out, s, (size_t)(t->p - s));
}

static int p_value(struct ptext *t, const struct node *n);

/* The kid of n for the key at k (quoted, len bytes inside), or NULL. */
static const struct node *
p_kid(const struct node *n, const char *k, size_t len)
{
	char small[64], *key = small;
	const json_t *at;

	if (n->index == NULL)
		return n->val;
	if (len >= sizeof(small))
		key = ha_xmalloc(len + 1);
	memcpy(key, k, len);
	key[len] = '\0';
	at = json_object_get(n->index, key);
	if (key != small)
		free(key);
	return at != NULL ? n->kids[json_integer_value(at)] : n->val;
}

static int
p_object(struct ptext *t, const struct node *n)
{
	struct members *top = t->top;
	struct member *m = NULL;
	const struct node *k;
	const char *key;
	int any = 0;

	t->top = NULL;		/* only the outermost object's */
	if (top != NULL)
		top->object = 1;
	t->p++;
	ha_buf_addch(t->out, '{');
	p_ws(t);
	if (t->p < t->end && *t->p == '}') {
		t->p++;
		return ha_buf_addch(t->out, '}');
	}
	for (;;) {
		p_ws(t);
		if (t->p >= t->end || *t->p != '"')
			return -1;
		key = t->p;
		if (p_str(t) < 0)
			return -1;
		if (memchr(key, '\\', (size_t)(t->p - key)) != NULL) {
			/* "\u0065": what it says, as jansson reads it */
			json_t *ks = json_loadb(key, (size_t)(t->p - key),
			    JSON_DECODE_ANY, NULL);

			if (ks == NULL)
				return -1;
			k = p_kid(n, json_string_value(ks),
			    json_string_length(ks));
			json_decref(ks);
		} else if (n->index == NULL)
			k = n->val;
		else {
			/* raw bytes: no NUL, which p_kid() would stop at */
			const json_t *at = json_object_getn(n->index, key + 1,
			    (size_t)(t->p - key) - 2);

			k = at != NULL ? n->kids[json_integer_value(at)] :
			    n->val;
		}
		p_ws(t);
		if (t->p >= t->end || *t->p != ':')
			return -1;
		t->p++;
		if (k != NULL) {
			if (any)
				ha_buf_addch(t->out, ',');
			if (top != NULL) {
				if (top->n == top->alloc) {
					top->alloc = top->alloc ?
					    top->alloc * 2 : 32;
					top->m = ha_xreallocarray(top->m,
					    top->alloc, sizeof(*top->m));
				}
				m = &top->m[top->n++];
				m->key = t->out->len;
				m->node = k;
			}
			ha_buf_add(t->out, key, (size_t)(t->p - key));
			if (top != NULL) {
				/* the quoted key, without its ':' */
				const char *q = memrchr(key, '"',
				    (size_t)(t->p - key));

				m->keylen = (size_t)(q - key) + 1;
				p_ws(t);
				m->val = t->out->len;
				raw_find(t, k, m);
			}
			if ((m == NULL || m->v == NULL) && p_value(t, k) < 0)
				return -1;
			if (top != NULL)
				m->vallen = t->out->len - m->val;
			any = 1;
		} else if (p_skip(t) < 0)
			return -1;
		p_ws(t);
		if (t->p < t->end && *t->p == ',') {
			t->p++;
			continue;
		}
		if (t->p < t->end && *t->p == '}') {
			t->p++;
			return ha_buf_addch(t->out, '}');
		}
		return -1;
	}
}

static int
p_array(struct ptext *t, const struct node *elem)
{
	t->p++;
	ha_buf_addch(t->out, '[');
	p_ws(t);
	if (t->p < t->end && *t->p == ']') {
		t->p++;
		return ha_buf_addch(t->out, ']');
	}
	for (;;) {
		if (p_value(t, elem) < 0)
			return -1;
		p_ws(t);
		if (t->p < t->end && *t->p == ',') {
			t->p++;
			ha_buf_addch(t->out, ',');
			continue;
		}
		if (t->p < t->end && *t->p == ']') {
			t->p++;
			return ha_buf_addch(t->out, ']');
		}
		return -1;
	}
}

/* As prune() does with the parsed value. */
static int
p_value(struct ptext *t, const struct node *n)
{
	p_ws(t);
	if (t->p >= t->end)
		return -1;
	if (!n->leaf && *t->p == '{' && (n->nkids > 0 || n->val != NULL))
		return p_object(t, n);
	if (!n->leaf && *t->p == '[' && n->elem != NULL)
		return p_array(t, n->elem);
	return p_copy(t);
}

static int
prune_text(const char *text, size_t len, const struct node *n,
    struct ha_buf *out, struct members *top, struct text_cache *raws)
{
	struct ptext t = { text, text + len, out, top, text, raws };

	if (p_value(&t, n) < 0)
		return -1;
	p_ws(&t);
	return t.p == t.end ? 0 : -1;
}

/*
 * Values in common are shared: containers of one image and one compose
 * service have the same HostConfig, State, Mounts and strings, and ten
 * thousand of them take the memory of their differences.  Bottom up,
 * each value is looked up among those read before (its members already
 * shared, so two equal values have the very same members); loaded facts
 * are read only.
 */
struct cons_slot {
	json_t		*v;	/* a reference; NULL: empty */
	uint64_t	 h;
};

struct cons {
	struct cons_slot	*slot;
	size_t			 size;	/* a power of 2, or 0 */
	size_t			 n;
};

static uint64_t
mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
	return h * 0xFF51AFD7ED558CCDull;
}

/* Eight bytes at a time: the texts hashed are a document's worth. */
static uint64_t
str_hash(const char *s, size_t n)
{
	uint64_t h = 0x9E3779B97F4A7C15ull ^ n, w;

	for (; n >= 8; s += 8, n -= 8) {
		memcpy(&w, s, 8);
		h = (h ^ w) * 0xFF51AFD7ED558CCDull;
		h ^= h >> 32;
	}
	w = 0;
	memcpy(&w, s, n);
	h = (h ^ w) * 0xC4CEB9FE1A85EC53ull;
	return h ^ h >> 29;
}

static uint64_t
cons_hash(json_t *v)
{
	uint64_t h = (uint64_t)json_typeof(v) + 1;
	const char *key;
	json_t *x;
	size_t i;
	double d;

	switch (json_typeof(v)) {
	case JSON_OBJECT:
		json_object_foreach(v, key, x)
			h = mix(mix(h, str_hash(key, strlen(key))),
			    (uint64_t)(uintptr_t)x);
		break;
	case JSON_ARRAY:
		json_array_foreach(v, i, x)
			h = mix(h, (uint64_t)(uintptr_t)x);
		break;
	case JSON_STRING:
		h = mix(h, str_hash(json_string_value(v),
		    json_string_length(v)));
		break;
	case JSON_INTEGER:
		h = mix(h, (uint64_t)json_integer_value(v));
		break;
	default:
		d = json_real_value(v);
		memcpy(&i, &d, sizeof(i) < sizeof(d) ? sizeof(i) : sizeof(d));
		h = mix(h, (uint64_t)i);
		break;
	}
	return h;
}

/* Equal, members in the same order, each the very same value. */
static int
cons_equal(json_t *a, json_t *b)
{
	void *ia, *ib;
	size_t i;

	if (json_typeof(a) != json_typeof(b))
		return 0;
	switch (json_typeof(a)) {
	case JSON_OBJECT:
		if (json_object_size(a) != json_object_size(b))
			return 0;
		for (ia = json_object_iter(a), ib = json_object_iter(b);
		    ia != NULL && ib != NULL; ia = json_object_iter_next(a, ia),
		    ib = json_object_iter_next(b, ib))
			if (json_object_iter_value(ia) !=
			    json_object_iter_value(ib) ||
			    strcmp(json_object_iter_key(ia),
			    json_object_iter_key(ib)) != 0)
				return 0;
		return ia == NULL && ib == NULL;
	case JSON_ARRAY:
		if (json_array_size(a) != json_array_size(b))
			return 0;
		for (i = 0; i < json_array_size(a); i++)
			if (json_array_get(a, i) != json_array_get(b, i))
				return 0;
		return 1;
	case JSON_STRING:
		return json_string_length(a) == json_string_length(b) &&
		    memcmp(json_string_value(a), json_string_value(b),
		    json_string_length(a)) == 0;
	case JSON_INTEGER:
		return json_integer_value(a) == json_integer_value(b);
	default:
		return json_equal(a, b);
	}
}

static void
cons_grow(struct cons *c)
{
	struct cons_slot *old = c->slot;
	size_t osize = c->size, i, j;

	c->size = osize ? osize * 2 : 1024;
	c->slot = ha_xcalloc(c->size, sizeof(*c->slot));
	for (i = 0; i < osize; i++) {
		if (old[i].v == NULL)
			continue;
		for (j = old[i].h & (c->size - 1); c->slot[j].v != NULL;
		    j = (j + 1) & (c->size - 1))
			;
		c->slot[j] = old[i];
	}
	free(old);
}

static json_t *intern_node(struct cons *c, json_t *v);

/* v (stolen) or an equal value read before: a reference. */
static json_t *
intern(struct cons *c, json_t *v)
{
	json_t *x, *nx;
	void *it;
	size_t i;

	if (json_is_object(v)) {
		for (it = json_object_iter(v); it != NULL;
		    it = json_object_iter_next(v, it)) {
			x = json_object_iter_value(it);
			if ((nx = intern(c, json_incref(x))) != x)
				json_object_iter_set_new(v, it, nx);
			else
				json_decref(nx);
		}
	} else if (json_is_array(v)) {
		for (i = 0; i < json_array_size(v); i++) {
			x = json_array_get(v, i);
			if ((nx = intern(c, json_incref(x))) != x)
				json_array_set_new(v, i, nx);
			else
				json_decref(nx);
		}
	}
	return intern_node(c, v);
}

/* The same for v whose members are shared already. */
static json_t *
intern_node(struct cons *c, json_t *v)
{
	uint64_t h;
	size_t i;

	if (!json_is_object(v) && !json_is_array(v) && !json_is_string(v) &&
	    !json_is_number(v))
		return v;	/* true, false, null: jansson's own */
	if (2 * (c->n + 1) > c->size)
		cons_grow(c);
	h = cons_hash(v);
	for (i = h & (c->size - 1); c->slot[i].v != NULL;
	    i = (i + 1) & (c->size - 1)) {
		if (c->slot[i].h == h && cons_equal(c->slot[i].v, v)) {
			json_decref(v);
			return json_incref(c->slot[i].v);
		}
	}
	c->slot[i].v = json_incref(v);
	c->slot[i].h = h;
	c->n++;
	return v;
}

static void
cons_release(struct cons *c)
{
	size_t i;

	for (i = 0; i < c->size; i++)
		json_decref(c->slot[i].v);
	free(c->slot);
	memset(c, 0, sizeof(*c));
}

/* Slimmed texts of members already parsed, and what they gave. */
#define TEXT_CACHE_MAX	(4UL << 20)	/* bytes of text remembered */

struct text_slot {
	char			*text;
	size_t			 len;
	uint64_t		 h;
	const struct node	*node;	/* raws: what of it was kept */
	json_t			*v;	/* a reference; NULL: empty */
};

/*
 * How often the texts of one member (the node that keeps it) were found:
 * a member whose texts differ in every element (Config, with its labels)
 * is not remembered once TEXT_NEVER of them were all new.
 */
#define TEXT_NEVER	1024
#define TEXT_MEMBERS	32

struct text_stat {
	const struct node	*node;
	size_t			 hits, misses;
};

struct text_cache {
	struct text_slot	*slot;
	size_t			 size, n, bytes;
	struct text_stat	 stat[TEXT_MEMBERS];
	size_t			 nstat;
};

/* The counts of node's texts; NULL when there is no room for them. */
static struct text_stat *
text_stat(struct text_cache *c, const struct node *node)
{
	size_t i;

	for (i = 0; i < c->nstat; i++)
		if (c->stat[i].node == node)
			return &c->stat[i];
	if (c->nstat == TEXT_MEMBERS)
		return NULL;
	c->stat[c->nstat].node = node;
	c->stat[c->nstat].hits = c->stat[c->nstat].misses = 0;
	return &c->stat[c->nstat++];
}

/*
 * The streaming loader.  A byte scanner follows the document's nesting
 * (strings, escapes, depth) and the keys of its first two levels; the
 * elements of the arrays at engine.containers and engine.images go one
 * at a time to a small buffer, are parsed there and slimmed, and the
 * rest of the document (with "[]" in place of those arrays) to another.
 * That rest is parsed at the end and the slimmed arrays put in place.
 * Anything the scanner does not expect makes it give up: the caller then
 * parses the plain way, which says what is wrong where.
 */
#define LOAD_CHUNK	65536
#define KEY_MAX		16	/* longer keys are none of ours */

struct loader {
	struct ha_buf	 rest;		/* the document without the arrays */
	struct ha_buf	 elem;		/* the element being read */
	int		 depth;
	char		 type[4];	/* '{' or '[' at depths 1..3 */
	int		 in_str, esc;
	int		 want_key[3];	/* depths 1, 2: the next string is
					   a key */
	int		 key_on;	/* capturing a key */
	char		 key[KEY_MAX + 1];
	size_t		 keylen;
	int		 key_bad;	/* escaped or too long */
	char		 keys[3][KEY_MAX + 1];	/* the current key at depths
						   1, 2 */
	enum ha_scope	 cap;		/* capturing the elements of ... */
	int		 capturing;
	int		 comma;		/* an element must follow */
	json_t		*lists[HA_SCOPE_COUNT];	/* the last array of each */
	int		 failed;
	struct ha_buf	 slim;		/* the element, slimmed */
	struct members	 top;		/* its members in slim */
	struct cons	 cons;		/* the values read so far */
	struct text_cache texts;	/* and the texts they came from */
	struct text_cache raws;		/* the same before slimming */
};

static int
is_blank(const struct ha_buf *b)
{
	size_t i;

	for (i = 0; i < b->len; i++)
		if (strchr(" \t\r\n", b->data[i]) == NULL)
			return 0;
	return 1;
}

/*
 * A quick reading of what inspect objects are made of: objects, arrays,
 * strings without escapes, integers, true, false and null, each shared
 * (interned) as soon as it is read, and a string read before found
 * without a copy being made.  jansson's parser takes the same text
 * several times as long.  Anything else (an escape, a real number, a
 * number too long, deep nesting, and whatever is not JSON) makes it give
 * up: json_loadb() then reads the text, so what it accepts, refuses and
 * makes stays jansson's own.  NULL when it gave up.
 */
#define QUICK_DEPTH	32
/* digits that always fit a json_int_t */
#define QUICK_DIGITS	(sizeof(json_int_t) >= 8 ? 18 : 9)

struct quick {
	const char	*p, *end;
	struct cons	*cons;
	int		 depth;
};

static json_t *quick_value(struct quick *q);

static void
quick_ws(struct quick *q)
{
	while (q->p < q->end && (*q->p == ' ' || *q->p == '\n' ||
	    *q->p == '\t' || *q->p == '\r'))
		q->p++;
}

/* The bytes of the string at q->p ('"'): 0, or -1 to give up. */
static int
quick_bytes(struct quick *q, const char **s, size_t *n)
{
	const char *e = q->p + 1;

	while (e < q->end && *e != '"' && *e != '\\' &&
	    (unsigned char)*e >= 0x20)
		e++;
	if (e >= q->end || *e != '"')
		return -1;
	*s = q->p + 1;
	*n = (size_t)(e - *s);
	q->p = e + 1;
	return 0;
}

/* The string of n bytes at s, shared: one read before, or a new one. */
static json_t *
quick_string(struct cons *c, const char *s, size_t n)
{
	uint64_t h = mix((uint64_t)JSON_STRING + 1, str_hash(s, n));
	json_t *v;
	size_t i;

	for (i = c->size ? h & (c->size - 1) : 0; c->size > 0 &&
	    c->slot[i].v != NULL; i = (i + 1) & (c->size - 1)) {
		v = c->slot[i].v;
		if (c->slot[i].h == h && json_is_string(v) &&
		    json_string_length(v) == n &&
		    memcmp(json_string_value(v), s, n) == 0)
			return json_incref(v);
	}
	/* NULL when it is not UTF-8, which json_loadb() refuses too */
	if ((v = json_stringn(s, n)) == NULL)
		return NULL;
	return intern_node(c, v);
}

static json_t *
quick_number(struct quick *q)
{
	const char *p = q->p, *d;
	json_int_t v = 0;
	int neg = 0;

	if (*p == '-') {
		neg = 1;
		p++;
	}
	for (d = p; p < q->end && *p >= '0' && *p <= '9'; p++)
		;
	if (p == d || (size_t)(p - d) > QUICK_DIGITS ||
	    (*d == '0' && p - d > 1))
		return NULL;
	if (p < q->end && (*p == '.' || *p == 'e' || *p == 'E'))
		return NULL;	/* a real number */
	for (; d < p; d++)
		v = v * 10 + (*d - '0');
	q->p = p;
	return intern_node(q->cons, json_integer(neg ? -v : v));
}

static json_t *
quick_word(struct quick *q, const char *word, json_t *v)
{
	size_t n = strlen(word);

	if ((size_t)(q->end - q->p) < n || memcmp(q->p, word, n) != 0)
		return NULL;
	q->p += n;
	return v;
}

static json_t *
quick_object(struct quick *q)
{
	json_t *o = json_object(), *v;
	const char *k;
	size_t n;

	if (o == NULL)
		ha_die_oom();
	q->p++;
	quick_ws(q);
	if (q->p < q->end && *q->p == '}') {
		q->p++;
		return intern_node(q->cons, o);
	}
	for (;;) {
		quick_ws(q);
		if (q->p >= q->end || *q->p != '"' ||
		    quick_bytes(q, &k, &n) < 0)
			break;
		quick_ws(q);
		if (q->p >= q->end || *q->p != ':')
			break;
		q->p++;
		if ((v = quick_value(q)) == NULL)
			break;
		/* the last of a key given twice wins, as in json_loadb() */
		if (json_object_setn_new(o, k, n, v) < 0)
			break;	/* a key that is not UTF-8 */
		quick_ws(q);
		if (q->p < q->end && *q->p == ',') {
			q->p++;
			continue;
		}
		if (q->p < q->end && *q->p == '}') {
			q->p++;
			return intern_node(q->cons, o);
		}
		break;
	}
	json_decref(o);
	return NULL;
}

static json_t *
quick_array(struct quick *q)
{
	json_t *a = json_array(), *v;

	if (a == NULL)
		ha_die_oom();
	q->p++;
	quick_ws(q);
	if (q->p < q->end && *q->p == ']') {
		q->p++;
		return intern_node(q->cons, a);
	}
	for (;;) {
		if ((v = quick_value(q)) == NULL)
			break;
		if (json_array_append_new(a, v) < 0)
			ha_die_oom();
		quick_ws(q);
		if (q->p < q->end && *q->p == ',') {
			q->p++;
			continue;
		}
		if (q->p < q->end && *q->p == ']') {
			q->p++;
			return intern_node(q->cons, a);
		}
		break;
	}
	json_decref(a);
	return NULL;
}

static json_t *
quick_value(struct quick *q)
{
	const char *s;
	json_t *v = NULL;
	size_t n;

	quick_ws(q);
	if (q->p >= q->end)
		return NULL;
	switch (*q->p) {
	case '{':
	case '[':
		if (q->depth >= QUICK_DEPTH)
			return NULL;
		q->depth++;
		v = *q->p == '{' ? quick_object(q) : quick_array(q);
		q->depth--;
		return v;
	case '"':
		if (quick_bytes(q, &s, &n) < 0)
			return NULL;
		return quick_string(q->cons, s, n);
	case 't':
		return quick_word(q, "true", json_true());
	case 'f':
		return quick_word(q, "false", json_false());
	case 'n':
		return quick_word(q, "null", json_null());
	default:
		return *q->p == '-' || (*q->p >= '0' && *q->p <= '9') ?
		    quick_number(q) : NULL;
	}
}

/*
 * The value of text (len bytes), shared with those read before: a new
 * reference, or NULL when it is not JSON.
 */
static json_t *
read_value(struct cons *c, const char *text, size_t len)
{
	struct quick q = { text, text + len, c, 0 };
	json_t *v;

	if ((v = quick_value(&q)) != NULL) {
		quick_ws(&q);
		if (q.p == q.end)
			return v;
		json_decref(v);	/* more after it: jansson says what */
	}
	if ((v = json_loadb(text, len, JSON_DECODE_ANY, NULL)) == NULL)
		return NULL;
	return intern(c, v);
}

/* Remember text (hash h; node: what of it was kept, or NULL) gave v. */
static void
text_remember(struct text_cache *c, const char *text, size_t len,
    uint64_t h, const struct node *node, json_t *v)
{
	size_t i, j;

	if (c->bytes + len > TEXT_CACHE_MAX)
		return;		/* as many as that: parsed each time */
	if (2 * (c->n + 1) > c->size) {
		struct text_slot *old = c->slot;
		size_t osize = c->size;

		c->size = osize ? osize * 2 : 256;
		c->slot = ha_xcalloc(c->size, sizeof(*c->slot));
		for (j = 0; j < osize; j++) {
			if (old[j].v == NULL)
				continue;
			for (i = old[j].h & (c->size - 1); c->slot[i].v != NULL;
			    i = (i + 1) & (c->size - 1))
				;
			c->slot[i] = old[j];
		}
		free(old);
	}
	for (i = h & (c->size - 1); c->slot[i].v != NULL;
	    i = (i + 1) & (c->size - 1))
		;
	c->slot[i].h = h;
	c->slot[i].text = ha_xmalloc(len);
	memcpy(c->slot[i].text, text, len);
	c->slot[i].len = len;
	c->slot[i].node = node;
	c->slot[i].v = json_incref(v);
	c->bytes += len;
	c->n++;
}

/*
 * Before a member of the element's own object is slimmed: when the
 * text of its value (an object or a list: HostConfig, NetworkSettings)
 * is one slimmed and read before, its value then (m->v, a reference)
 * and t->p past the text, which is neither slimmed nor read again (the
 * same bytes give the same value).  Else t->p stays, and m says where
 * the text is, for elem_object() to remember it with its value.
 */
static void
raw_find(struct ptext *t, const struct node *k, struct member *m)
{
	struct text_cache *c = t->raws;
	struct text_stat *st;
	const char *s = t->p;
	uint64_t h;
	size_t i, len;

	m->v = NULL;
	m->rawlen = 0;
	if (c == NULL || s >= t->end || (*s != '{' && *s != '['))
		return;
	st = text_stat(c, k);
	if (st != NULL && st->hits == 0 && st->misses >= TEXT_NEVER)
		return;		/* never the same: not worth remembering */
	if (p_skip(t) < 0) {
		t->p = s;	/* p_value() says what is wrong */
		return;
	}
	len = (size_t)(t->p - s);
	h = str_hash(s, len) ^ (uint64_t)(uintptr_t)k;
	for (i = c->size ? h & (c->size - 1) : 0; c->size > 0 &&
	    c->slot[i].v != NULL; i = (i + 1) & (c->size - 1))
		if (c->slot[i].h == h && c->slot[i].len == len &&
		    c->slot[i].node == k &&
		    memcmp(c->slot[i].text, s, len) == 0) {
			if (st != NULL)
				st->hits++;
			m->v = json_incref(c->slot[i].v);
			return;
		}
	if (st != NULL)
		st->misses++;
	m->raw = (size_t)(s - t->base);
	m->rawlen = len;
	m->rawh = h;
	t->p = s;
}

/* The values raw_find() found for the members and no one took. */
static void
members_drop(struct members *top)
{
	size_t i;

	for (i = 0; i < top->n; i++) {
		json_decref(top->m[i].v);
		top->m[i].v = NULL;
	}
}

/*
 * A member's value from its slimmed text: the value parsed before from
 * the same text (an object or array: HostConfig, State, Mounts of
 * containers alike), else parsed now and shared.  A new reference, or
 * NULL when it is not JSON.
 */
static json_t *
text_value(struct loader *l, const char *text, size_t len,
    const struct node *node)
{
	struct text_cache *c = &l->texts;
	struct text_stat *st;
	uint64_t h;
	size_t i;
	json_t *v;

	if (len == 0 || (text[0] != '{' && text[0] != '['))
		goto parse;	/* a scalar: parsed as fast as looked up */
	st = text_stat(c, node);
	if (st != NULL && st->hits == 0 && st->misses >= TEXT_NEVER)
		goto parse;	/* never the same: not worth remembering */
	h = str_hash(text, len);
	for (i = c->size ? h & (c->size - 1) : 0; c->size > 0 &&
	    c->slot[i].v != NULL; i = (i + 1) & (c->size - 1))
		if (c->slot[i].h == h && c->slot[i].len == len &&
		    c->slot[i].node == NULL &&
		    memcmp(c->slot[i].text, text, len) == 0) {
			if (st != NULL)
				st->hits++;
			return json_incref(c->slot[i].v);
		}
	if (st != NULL)
		st->misses++;
	if ((v = read_value(&l->cons, text, len)) == NULL)
		return NULL;
	text_remember(c, text, len, h, NULL, v);
	return v;
parse:
	return read_value(&l->cons, text, len);
}

static void
text_cache_release(struct text_cache *c)
{
	size_t i;

	for (i = 0; i < c->size; i++) {
		free(c->slot[i].text);
		json_decref(c->slot[i].v);
	}
	free(c->slot);
	memset(c, 0, sizeof(*c));
}

/* The element's object from its slimmed text, member by member. */
static json_t *
elem_object(struct loader *l)
{
	const char *text = l->slim.data;
	json_t *o = json_object(), *v, *ks;
	struct member *m;
	size_t i;
	int rc;

	if (o == NULL)
		ha_die_oom();
	for (i = 0; i < l->top.n; i++) {
		m = &l->top.m[i];
		if (m->v != NULL) {
			v = m->v;	/* the same text as before */
			m->v = NULL;
		} else if ((v = text_value(l, text + m->val, m->vallen,
		    m->node)) == NULL)
			goto bad;
		if (m->rawlen > 0)
			text_remember(&l->raws, l->elem.data + m->raw,
			    m->rawlen, m->rawh, m->node, v);
		if (memchr(text + m->key, '\\', m->keylen) == NULL) {
			/* json_object_setn_new() judges its UTF-8 */
			rc = json_object_setn_new(o, text + m->key + 1,
			    m->keylen - 2, v);
		} else {
			ks = json_loadb(text + m->key, m->keylen,
			    JSON_DECODE_ANY, NULL);
			rc = ks == NULL ? -1 : json_object_setn_new(o,
			    json_string_value(ks), json_string_length(ks), v);
			json_decref(ks);
		}
		if (rc < 0)
			goto bad;
	}
	return intern_node(&l->cons, o);
bad:
	members_drop(&l->top);
	json_decref(o);
	return NULL;
}

/*
 * The element in l->elem is complete: slim its text, parse that, share
 * what it has in common with the elements before, and keep it.
 */
static int
elem_flush(struct loader *l, int closing)
{
	json_t *j;

	if (is_blank(&l->elem)) {
		ha_buf_reset(&l->elem);
		/* "[]" is fine, "[," and "[1,]" are not */
		return closing && !l->comma ? 0 : -1;
	}
	if (trees[l->cap].all) {
		j = read_value(&l->cons, l->elem.data, l->elem.len);
	} else {
		ha_buf_reset(&l->slim);
		l->top.n = 0;
		l->top.object = 0;
		if (prune_text(l->elem.data, l->elem.len, tree_of(l->cap),
		    &l->slim, &l->top, &l->raws) < 0) {
			members_drop(&l->top);
			return -1;
		}
		if (l->top.object)
			j = elem_object(l);
		else
			j = read_value(&l->cons, l->slim.data, l->slim.len);
	}
	ha_buf_reset(&l->elem);
	if (j == NULL)
		return -1;
	if (json_array_append_new(l->lists[l->cap], j) < 0)
		ha_die_oom();
	return 0;
}

/* The '[' that opens depth 3: one of our arrays? */
static void
capture_start(struct loader *l)
{
	enum ha_scope s;

	if (l->type[1] != '{' || l->type[2] != '{' ||
	    strcmp(l->keys[1], "engine") != 0)
		return;
	if (strcmp(l->keys[2], "containers") == 0)
		s = HA_SCOPE_CONTAINER;
	else if (strcmp(l->keys[2], "images") == 0)
		s = HA_SCOPE_IMAGE;
	else
		return;
	json_decref(l->lists[s]);
	if ((l->lists[s] = json_array()) == NULL)
		ha_die_oom();
	l->cap = s;
	l->capturing = 1;
	l->comma = 0;
}

/* A byte outside strings and outside our arrays: the nesting and keys. */
static int
scan_byte(struct loader *l, char c)
{
	int d = l->depth;

	switch (c) {
	case '{':
	case '[':
		if (d < 3)
			l->type[d + 1] = c;
		if (d + 1 <= 2)
			l->want_key[d + 1] = c == '{';
		l->depth++;
		if (d == 2 && c == '[')
			capture_start(l);
		break;
	case '}':
	case ']':
		if (d == 0)
			return -1;
		l->depth--;
		break;
	case ',':
		if (d >= 1 && d <= 2)
			l->want_key[d] = l->type[d] == '{';
		break;
	case ':':
		if (d >= 1 && d <= 2)
			l->want_key[d] = 0;
		break;
	default:
		break;
	}
	return 0;
}

/* A byte of a string. */
static void
scan_str(struct loader *l, char c)
{
	if (l->esc) {
		l->esc = 0;
		return;
	}
	if (c == '\\') {
		l->esc = 1;
		l->key_bad = 1;
	} else if (c == '"') {
		l->in_str = 0;
		if (l->key_on) {
			l->key[l->key_bad ? 0 : l->keylen] = '\0';
			memcpy(l->keys[l->depth], l->key, KEY_MAX + 1);
		}
		l->key_on = 0;
	} else if (l->key_on && !l->key_bad) {
		if (l->keylen < KEY_MAX)
			l->key[l->keylen++] = c;
		else
			l->key_bad = 1;
	}
}

/* Outside strings, the bytes capture() follows: the others it passes. */
static const unsigned char capture_stop[256] = {
	['"'] = 1, ['{'] = 1, ['}'] = 1, ['['] = 1, [']'] = 1, [','] = 1,
};

/*
 * Inside an element of ours: its bytes from p[i] up to the ',' or ']'
 * that ends it (at depth 3, outside strings) go to l->elem at once.
 * Returns where that byte is, or n when the chunk ends first.
 */
static size_t
capture(struct loader *l, const char *p, size_t n, size_t i)
{
	size_t start = i;
	int d = l->depth, in = l->in_str, esc = l->esc;
	char c;

	for (; i < n; i++) {
		if (in && esc) {
			esc = 0;
			continue;
		}
		if (in) {
			/* to the closing quote at once, unless escapes */
			const char *q = memchr(p + i, '"', n - i);
			const char *b = memchr(p + i, '\\', (q != NULL ?
			    (size_t)(q - p) : n) - i);

			if (b != NULL) {
				i = (size_t)(b - p);
				esc = 1;
			} else if (q != NULL) {
				i = (size_t)(q - p);
				in = 0;
			} else
				i = n - 1;	/* the string goes on */
			continue;
		}
		c = p[i];
		if (!capture_stop[(unsigned char)c]) {
			/* white space, ':', scalars: to the next that counts */
			while (i + 1 < n &&
			    !capture_stop[(unsigned char)p[i + 1]])
				i++;
			continue;
		}
		if (c == '"')
			in = 1;
		else if (c == '{' || c == '[')
			d++;
		else if (d == 3 && (c == ',' || c == ']' || c == '}'))
			break;	/* '}' here: scan() gives up */
		else if (c == '}' || c == ']')
			d--;
	}
	l->depth = d;
	l->in_str = in;
	l->esc = esc;
	if (i > start && ha_buf_add(&l->elem, p + start, i - start) < 0)
		l->failed = 1;
	return i;
}

/* The bytes of one chunk.  0, or -1 to give up. */
static int
scan(struct loader *l, const char *p, size_t n)
{
	struct ha_buf *out;
	size_t i;
	char c;

	for (i = 0; i < n; i++) {
		if (l->capturing && (i = capture(l, p, n, i)) == n)
			break;
		if (l->failed)
			return -1;
		c = p[i];
		out = l->capturing ? &l->elem : &l->rest;
		if (l->in_str)
			scan_str(l, c);
		else if (c == '"') {
			l->in_str = 1;
			l->key_on = l->depth >= 1 && l->depth <= 2 &&
			    l->want_key[l->depth];
			l->key_bad = 0;
			l->keylen = 0;
		} else if (l->capturing && l->depth == 3 &&
		    (c == ',' || c == ']')) {
			/* between two elements, or the end of ours */
			if (elem_flush(l, c == ']') < 0)
				return -1;
			l->comma = c == ',';
			if (c == ',')
				continue;
			l->capturing = 0;
			l->depth--;
			out = &l->rest;
		} else if (l->capturing) {
			if (c == '{' || c == '[')
				l->depth++;
			else if ((c == '}' || c == ']') && --l->depth < 3)
				return -1;
		} else if (scan_byte(l, c) < 0)
			return -1;
		if (ha_buf_addch(out, c) < 0)
			return -1;
	}
	return 0;
}

json_t *
ha_slim_load_fd(int fd, size_t max)
{
	struct loader l;
	char *chunk = ha_xmalloc(LOAD_CHUNK);
	json_t *doc = NULL, *eng, *at;
	size_t total = 0, i;
	ssize_t n;
	static const char *const keys[HA_SCOPE_COUNT] = {
		[HA_SCOPE_CONTAINER] = "containers",
		[HA_SCOPE_IMAGE] = "images",
	};

	memset(&l, 0, sizeof(l));
	ha_buf_init(&l.rest, HA_BUF_NOCAP);
	ha_buf_init(&l.elem, HA_BUF_NOCAP);
	ha_buf_init(&l.slim, HA_BUF_NOCAP);
	for (;;) {
		n = read(fd, chunk, LOAD_CHUNK);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		total += (size_t)n;
		if (total > max) {
			errno = EFBIG;
			goto out;
		}
		if (scan(&l, chunk, (size_t)n) < 0)
			goto out;
	}
	if (n < 0 || l.depth != 0 || l.in_str || l.capturing)
		goto out;
	ha_buf_release(&l.elem);
	if ((doc = json_loadb(l.rest.data, l.rest.len, 0, NULL)) == NULL)
		goto out;
	eng = json_object_get(doc, "engine");
	for (i = 0; i < HA_SCOPE_COUNT; i++) {
		if (keys[i] == NULL)
			continue;
		at = json_object_get(eng, keys[i]);
		/* the placeholder, unless a later duplicate key replaced it */
		if (l.lists[i] != NULL && json_is_array(at) &&
		    json_array_size(at) == 0) {
			if (json_object_set(eng, keys[i], l.lists[i]) < 0)
				ha_die_oom();
		} else	/* a key the scanner did not see ("\u0065") */
			slim_list(eng, keys[i], (enum ha_scope)i);
	}
out:
	for (i = 0; i < HA_SCOPE_COUNT; i++)
		json_decref(l.lists[i]);
	ha_buf_release(&l.rest);
	ha_buf_release(&l.elem);
	ha_buf_release(&l.slim);
	free(l.top.m);
	text_cache_release(&l.texts);
	text_cache_release(&l.raws);
	cons_release(&l.cons);
	free(chunk);
	return doc;
}

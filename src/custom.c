/* SPDX-License-Identifier: Apache-2.0 */
/*
 * custom.c - a site's own checks in jq: definitions, compiling, and
 * evaluation in a child process under limits.  See ha_custom.h.
 *
 * Why a child process: libjq has no way to interrupt a running program
 * (no timeout, no step limit, no memory limit; jq_halt() is for the
 * program itself to call), and a program such as "def f: f; f",
 * "[range(1e9)]" or a catastrophic regular expression never returns or
 * takes the machine's memory.  Running it on a thread cannot be stopped
 * safely either.  A forked child can: it inherits the compiled program
 * (copy-on-write, so nothing is compiled again), runs it once over one
 * input under RLIMIT_AS and RLIMIT_CPU, and writes one record to a pipe;
 * the parent reads at most the output cap, and kills the child at the
 * deadline.  Whatever the program does, the parent loses at most the
 * deadline and keeps every byte of its own memory.  A fork costs well
 * under a millisecond, small beside the program's own run.
 *
 * The child writes {"value": OUTPUT} or {"error": "message"}; the parent
 * judges the value, so what a child can say is only ever one JSON text
 * the parent parses with its usual caps.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <fcntl.h>
#include <unistd.h>

#include <jq.h>

#include "ha_custom.h"
#include "ha_ipc.h"
#include "ha_jsonpos.h"
#include "ha_report.h"
#include "ha_slim.h"
#include "ha_util.h"
#include "banned.h"

#define MAX_ID_LEN	64
#define MAX_ERROR_LEN	512	/* of a message from the child */

/*
 * One custom check.  The descriptor comes first: profile entries and
 * results point at it, and the evaluator gets back here from ctx->check.
 */
struct custom_check {
	struct ha_check		 check;
	jq_state		*jq;
	char			*program;
	char			*id, *title, *rationale, *audit,
				*remediation, *origin;
	struct ha_custom_set	*set;		/* its set, for the budget */
	size_t			 index;		/* in the set */
};

struct ha_custom_set {
	struct custom_check	**v;	/* pointers: the descriptors
					   must not move */
	size_t			  n;
	int64_t			  spent_ms;	/* by evaluations so far */
	unsigned char		 *stopped;	/* [index]: a run of it was
						   stopped at the deadline */
};

static struct ha_custom_limits limits = {
	HA_CUSTOM_TIMEOUT_MS, HA_CUSTOM_BUDGET_MS, HA_CUSTOM_MAX_OUTPUT,
	HA_CUSTOM_MAX_MEMORY,
};

void
ha_custom_limits_set(const struct ha_custom_limits *l)
{
	static const struct ha_custom_limits defaults = {
		HA_CUSTOM_TIMEOUT_MS, HA_CUSTOM_BUDGET_MS,
		HA_CUSTOM_MAX_OUTPUT, HA_CUSTOM_MAX_MEMORY,
	};

	limits = l != NULL ? *l : defaults;
}

static const struct custom_check *
from_check(const struct ha_check *c)
{
	/* Only descriptors made here have an origin (ha_check.h). */
	if (c == NULL || c->origin == NULL)
		return NULL;
	return (const struct custom_check *)(const void *)c;
}

size_t
ha_custom_count(const struct ha_custom_set *s)
{
	return s != NULL ? s->n : 0;
}

const struct ha_check *
ha_custom_at(const struct ha_custom_set *s, size_t i)
{
	return s != NULL && i < s->n ? &s->v[i]->check : NULL;
}

const struct ha_check *
ha_custom_find(const struct ha_custom_set *s, const char *id)
{
	size_t i;

	for (i = 0; s != NULL && i < s->n; i++)
		if (strcmp(s->v[i]->id, id) == 0)
			return &s->v[i]->check;
	return NULL;
}

const char *
ha_custom_program(const struct ha_check *c)
{
	const struct custom_check *cc = from_check(c);

	return cc != NULL ? cc->program : NULL;
}

static void
custom_free(struct custom_check *cc)
{
	if (cc == NULL)
		return;
	if (cc->jq != NULL)
		jq_teardown(&cc->jq);
	free(cc->program);
	free(cc->id);
	free(cc->title);
	free(cc->rationale);
	free(cc->audit);
	free(cc->remediation);
	free(cc->origin);
	free(cc);
}

void
ha_custom_set_free(struct ha_custom_set *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++) {
		ha_registry_remove_custom(&s->v[i]->check);
		custom_free(s->v[i]);
	}
	free(s->v);
	free(s->stopped);
	free(s);
}

/* ---- compiling ---- */

/*
 * What programs see of the environment: nothing.  libjq reads it when
 * compiling ($ENV, and HOME to include ~/.jq into every program) and
 * when running (env); a check's answer must not depend on who ran the
 * audit, nor copy their variables into a report.  clearenv() would
 * leave environ NULL, on which libjq's env crashes.
 */
static char *no_environment[] = { NULL };

/* The first message libjq reports (a compile error), kept. */
static void
on_jq_error(void *arg, jv msg)
{
	char **first = arg;

	msg = jq_format_error(msg);
	if (*first == NULL && jv_get_kind(msg) == JV_KIND_STRING)
		*first = ha_xstrdup(jv_string_value(msg));
	jv_free(msg);
}

static void
ignore_message(void *arg, jv msg)
{
	(void)arg;
	jv_free(msg);
}

/*
 * libjq's "jq: error: syntax error, unexpected $end (Unix shell quoting
 * issues?) at <top-level>, line 1:\n.a |" as one line that speaks of
 * the program: "syntax error, unexpected $end at line 1 of the program";
 * *line is that line, or 0.
 */
static char *
tidy_message(const char *raw, long *line)
{
	static const char *const drop[] = {
		"jq: error: ", " (Unix shell quoting issues?)",
	};
	struct ha_buf b;
	const char *at;
	char *s, *p;
	size_t i, n;

	n = strcspn(raw, "\n");
	s = ha_xstrndup(raw, n);
	for (i = 0; i < HA_ARRAY_SIZE(drop); i++)
		if ((p = strstr(s, drop[i])) != NULL)
			memmove(p, p + strlen(drop[i]),
			    strlen(p + strlen(drop[i])) + 1);
	n = strlen(s);
	if (n > 0 && s[n - 1] == ':')
		s[--n] = '\0';
	*line = 0;
	if ((at = strstr(s, " at <top-level>, line ")) == NULL)
		return s;
	*line = strtol(at + strlen(" at <top-level>, line "), NULL, 10);
	ha_buf_init(&b, HA_BUF_NOCAP);
	ha_buf_add(&b, s, (size_t)(at - s));
	ha_buf_addf(&b, " at line %s of the program",
	    at + strlen(" at <top-level>, line "));
	free(s);
	return ha_buf_detach(&b, NULL);
}

/*
 * The first token of a program, past white space and comments, when it
 * is a word (NULL-terminated copy in word, at most size - 1 bytes).
 */
static void
first_word(const char *s, char *word, size_t size)
{
	size_t n = 0;

	for (;;) {
		s += strspn(s, " \t\r\n");
		if (*s != '#')
			break;
		s += strcspn(s, "\n");
	}
	while (n + 1 < size && (*s == '_' || (*s >= 'a' && *s <= 'z') ||
	    (*s >= 'A' && *s <= 'Z') || (n > 0 && *s >= '0' && *s <= '9')))
		word[n++] = *s++;
	word[n] = '\0';
}

/*
 * Compile program; NULL with *why (to free) and *line (of the program,
 * 0: unknown) when it does not compile.
 *
 * Modules are refused: "import" and "include" read files (from search
 * paths the program names), so a check would depend on files that the
 * profile does not show.  jq allows them only before the program's
 * body, after an optional "module" directive, so the first word says
 * whether a program has any.  The environment is hidden while compiling
 * (no_environment).
 */
static jq_state *
compile(const char *program, char **why, long *line)
{
	char word[16], *first = NULL, **env;
	jq_state *jq;
	int ok;

	*why = NULL;
	*line = 0;
	first_word(program, word, sizeof(word));
	if (strcmp(word, "import") == 0 || strcmp(word, "include") == 0 ||
	    strcmp(word, "module") == 0) {
		*why = ha_xasprintf("jq modules are not allowed ('%s'): a "
		    "custom check is one program", word);
		return NULL;
	}
	if ((jq = jq_init()) == NULL)
		ha_die_oom();
	jq_set_error_cb(jq, on_jq_error, &first);
	env = environ;
	environ = no_environment;
	ok = jq_compile(jq, program);
	environ = env;
	jq_set_error_cb(jq, ignore_message, NULL);	/* stderr is ours */
	if (!ok) {
		*why = tidy_message(first != NULL ? first :
		    "the program does not compile", line);
		jq_teardown(&jq);
	}
	free(first);
	return jq;
}

/* ---- definitions ---- */

/* One "custom" member being parsed. */
struct cparse {
	const struct ha_jsonpos	*ix;
	const json_t		*arr;	/* the whole array */
	const char		*base;
	size_t			 i;
	const char		*id;	/* for messages; NULL: none yet */
};

static int cerr(const struct cparse *cp, const char *member, int key,
    const char *fmt, ...) HA_PRINTF(4, 5);

/*
 * An error at member, a JSON pointer relative to the definition, escaped
 * (NULL: the definition itself); returns -1.
 */
static int
cerr(const struct cparse *cp, const char *member, int key, const char *fmt,
    ...)
{
	va_list ap;
	char *msg, *ptr;

	va_start(ap, fmt);
	msg = ha_xvasprintf(fmt, ap);
	va_end(ap);
	ptr = member != NULL ? ha_xasprintf("%s/%zu/%s", cp->base, cp->i,
	    member) : ha_xasprintf("%s/%zu", cp->base, cp->i);
	ha_jsonpos_error(cp->ix, key, ptr, "custom[%zu]%s%s%s: %s", cp->i,
	    cp->id ? " ('" : "", cp->id ? cp->id : "", cp->id ? "')" : "",
	    msg);
	free(ptr);
	free(msg);
	return -1;
}

static const char *const keys[] = {
	"id", "title", "scope", "severity", "level", "jq", "rationale",
	"remediation", "reads",
};

/* A program given as its lines: a non-empty array of strings. */
static int
lines_ok(const json_t *v)
{
	size_t i;

	if (!json_is_array(v) || json_array_size(v) == 0)
		return 0;
	for (i = 0; i < json_array_size(v); i++)
		if (!json_is_string(json_array_get(v, i)))
			return 0;
	return 1;
}

/* Every element of the array v a string. */
static int
strings_ok(const json_t *v)
{
	size_t i;

	for (i = 0; i < json_array_size(v); i++)
		if (!json_is_string(json_array_get(v, i)))
			return 0;
	return 1;
}

/*
 * "reads": the inspect fields a container or image check reads, which
 * slim facts keep (ha_slim.h); without it they keep whole objects.
 */
static int
parse_reads(const struct cparse *cp, const json_t *o, enum ha_scope scope)
{
	const json_t *v = json_object_get(o, "reads");
	char member[32];
	size_t i;
	int rc = 0;

	if (scope != HA_SCOPE_CONTAINER && scope != HA_SCOPE_IMAGE) {
		if (v != NULL)
			return cerr(cp, "reads", 0, "'reads' is for scope "
			    "container or image");
		return 0;
	}
	if (v == NULL) {
		ha_slim_keep_all(scope);
		return 0;
	}
	if (!json_is_array(v) || !strings_ok(v))
		return -1;	/* reported by check_keys() */
	for (i = 0; i < json_array_size(v); i++) {
		if (ha_slim_keep(scope, json_string_value(json_array_get(v,
		    i))) == 0)
			continue;
		snprintf(member, sizeof(member), "reads/%zu", i);
		rc = cerr(cp, member, 0, "'%s' is not a field path (names "
		    "separated by '.', '[]' for every element of a list, "
		    "'{}' for every value of an object)",
		    json_string_value(json_array_get(v, i)));
	}
	return rc;
}

/* The program of "jq": the string, or its lines joined; NULL if none. */
static char *
program_text(const struct cparse *cp, const json_t *o)
{
	const json_t *v = json_object_get(o, "jq");
	struct ha_buf b;
	size_t i;

	if (v == NULL) {
		cerr(cp, NULL, 0, "'jq' is required");
		return NULL;
	}
	if (json_is_string(v) && *json_string_value(v) == '\0') {
		cerr(cp, "jq", 0, "'jq' must not be empty");
		return NULL;
	}
	if (json_is_string(v))
		return ha_xstrdup(json_string_value(v));
	if (!lines_ok(v))
		return NULL;	/* reported by check_keys() */
	ha_buf_init(&b, HA_BUF_NOCAP);
	for (i = 0; i < json_array_size(v); i++)
		ha_buf_addf(&b, "%s%s", i > 0 ? "\n" : "",
		    json_string_value(json_array_get(v, i)));
	return ha_buf_detach(&b, NULL);
}

/* Unknown keys and keys of the wrong type, each reported. */
static int
check_keys(const struct cparse *cp, json_t *o)
{
	const char *key;
	char *esc;
	json_t *v;
	size_t k;
	int rc = 0;

	json_object_foreach(o, key, v) {
		for (k = 0; k < HA_ARRAY_SIZE(keys); k++)
			if (strcmp(key, keys[k]) == 0)
				break;
		if (k == HA_ARRAY_SIZE(keys)) {
			esc = ha_jsonpos_escape(key);
			rc = cerr(cp, esc, 1, "unknown key '%s'", key);
			free(esc);
		}
		else if (strcmp(key, "jq") == 0 && !json_is_string(v) &&
		    !lines_ok(v))
			rc = cerr(cp, key, 0, "'jq' must be a string or a "
			    "non-empty array of strings (its lines)");
		else if (strcmp(key, "reads") == 0) {
			if (!json_is_array(v) || !strings_ok(v))
				rc = cerr(cp, key, 0, "'reads' must be an "
				    "array of strings");
		} else if (strcmp(key, "jq") != 0 && (strcmp(key, "level") ==
		    0 ? !json_is_integer(v) : !json_is_string(v)))
			rc = cerr(cp, key, 0, "'%s' must be %s", key,
			    strcmp(key, "level") == 0 ? "an integer" :
			    "a string");
	}
	return rc;
}

/* "site." and dot-separated names of a-z, 0-9 and '-'. */
static int
valid_id(const char *id)
{
	const char *p = id + strlen("site");

	if (strncmp(id, "site.", 5) != 0 || strlen(id) > MAX_ID_LEN)
		return 0;
	while (*p == '.') {
		p++;
		if (*p == '\0' || *p == '.' || *p == '-')
			return 0;
		while ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
		    *p == '-')
			p++;
	}
	return *p == '\0';
}

/*
 * A new id: not built in, well formed, and not defined before, in the
 * profiles extended (set) or earlier in this array (right or not).
 */
static int
check_id(const struct cparse *cp, const struct ha_custom_set *set,
    const char *id)
{
	const struct ha_check *other;
	const char *prev;
	size_t j;

	if (ha_registry_builtin(id) != NULL)
		return cerr(cp, "id", 0, "'%s' is a built-in check: a custom "
		    "check needs an id of its own", id);
	if (!valid_id(id))
		return cerr(cp, "id", 0, "a custom check's id is 'site.' and "
		    "a name of a-z, 0-9 and '-' (at most %d characters), "
		    "e.g. 'site.no-latest-tag'", MAX_ID_LEN);
	if ((other = ha_custom_find(set, id)) != NULL)
		return cerr(cp, "id", 0, "'%s' is defined twice (also at %s)",
		    id, other->origin);
	for (j = 0; j < cp->i; j++) {
		prev = json_string_value(json_object_get(json_array_get(
		    cp->arr, j), "id"));
		if (prev != NULL && strcmp(prev, id) == 0)
			return cerr(cp, "id", 0, "'%s' is defined twice (also "
			    "custom[%zu])", id, j);
	}
	return 0;
}

/* A required non-empty string member; NULL after reporting. */
static const char *
need_string(const struct cparse *cp, const json_t *o, const char *key)
{
	const json_t *v = json_object_get(o, key);

	if (v == NULL) {
		cerr(cp, NULL, 0, "'%s' is required", key);
		return NULL;
	}
	if (!json_is_string(v))
		return NULL;	/* reported by check_keys() */
	if (*json_string_value(v) == '\0') {
		cerr(cp, key, 0, "'%s' must not be empty", key);
		return NULL;
	}
	return json_string_value(v);
}

static int
parse_scope(const struct cparse *cp, const json_t *o, enum ha_scope *scope)
{
	const char *s = need_string(cp, o, "scope");

	if (s == NULL)
		return -1;
	if (strcmp(s, "container") == 0)
		*scope = HA_SCOPE_CONTAINER;
	else if (strcmp(s, "image") == 0)
		*scope = HA_SCOPE_IMAGE;
	else if (strcmp(s, "host") == 0)
		*scope = HA_SCOPE_HOST;
	else
		return cerr(cp, "scope", 0, "'scope' must be container, image "
		    "or host, not '%s'", s);
	return 0;
}

static enum ha_status	eval_host(const struct ha_ctx *ctx,
			    struct ha_result *res);
static enum ha_status	eval_object(const struct ha_ctx *ctx,
			    const json_t *obj, struct ha_buf *detail);

/* The program on one line, for --explain: white space runs made one. */
static char *
one_line(const char *program)
{
	struct ha_buf b;
	const char *p;

	ha_buf_init(&b, HA_BUF_NOCAP);
	for (p = program; *p != '\0'; p++) {
		if (strchr(" \t\r\n", *p) == NULL)
			ha_buf_addch(&b, *p);
		else if (b.len > 0 && b.data[b.len - 1] != ' ')
			ha_buf_addch(&b, ' ');
	}
	return ha_buf_detach(&b, NULL);
}

/* What --explain says under "How hostaudit checks it". */
static char *
audit_text(const struct custom_check *cc)
{
	static const char *const against[HA_SCOPE_COUNT] = {
		[HA_SCOPE_HOST] = "the facts document",
		[HA_SCOPE_IMAGE] = "each image's inspect object "
		    "(GET /images/{id}/json)",
		[HA_SCOPE_CONTAINER] = "each container's inspect object "
		    "(GET /containers/{id}/json)",
	};

	char *prog = one_line(cc->program), *s;

	s = ha_xasprintf("A custom check of the site profile, defined at %s. "
	    "It runs the jq program `%s` against %s: true passes; false, or a "
	    "string (the detail), fails; {\"status\", \"detail\"} may say "
	    "pass, fail, warn, skip or info.", cc->origin, prog,
	    against[cc->check.scope]);
	free(prog);
	return s;
}

/* Fill the descriptor of cc from its strings. */
static void
describe(struct custom_check *cc, enum ha_scope scope, int level,
    enum ha_severity sev)
{
	struct ha_check *c = &cc->check;

	c->id = cc->id;
	c->title = cc->title;
	c->scope = scope;
	c->level = level;
	c->severity = sev;
	c->rationale = cc->rationale;
	c->remediation = cc->remediation;
	c->origin = cc->origin;
	if (scope == HA_SCOPE_HOST)
		c->eval = eval_host;
	else
		c->eval_target = eval_object;
	cc->audit = audit_text(cc);
	c->audit = cc->audit;
}

/* The optional members: severity (default medium) and level (1). */
static int
parse_optional(const struct cparse *cp, const json_t *o, int *level,
    enum ha_severity *sev)
{
	const json_t *v;
	int s, rc = 0;

	*level = 1;
	*sev = HA_SEV_MEDIUM;
	if (json_is_integer(v = json_object_get(o, "level"))) {
		if (json_integer_value(v) != 1 && json_integer_value(v) != 2)
			rc = cerr(cp, "level", 0, "'level' must be 1 or 2");
		else
			*level = (int)json_integer_value(v);
	}
	if (json_is_string(v = json_object_get(o, "severity"))) {
		if ((s = ha_severity_parse(json_string_value(v))) < 0)
			rc = cerr(cp, "severity", 0, "'severity' must be "
			    "info, low, medium, high or critical");
		else
			*sev = (enum ha_severity)s;
	}
	if ((v = json_object_get(o, "rationale")) != NULL &&
	    json_is_string(v) && *json_string_value(v) == '\0')
		rc = cerr(cp, "rationale", 0, "'rationale' must not be empty");
	return rc;
}

static char *
origin_of(const struct cparse *cp)
{
	int line, col;

	if (ha_jsonpos_findf(cp->ix, 0, &line, &col, "%s/%zu", cp->base,
	    cp->i) == 0)
		return ha_xasprintf("%s:%d:%d", ha_jsonpos_file(cp->ix), line,
		    col);
	return ha_xstrdup(ha_jsonpos_file(cp->ix));
}

/*
 * One definition, every error of it reported; a new check (not yet in
 * any set) or NULL.
 */
static struct custom_check *
parse_one(struct cparse *cp, json_t *o, const struct ha_custom_set *set)
{
	const char *id, *title, *rem, *rat;
	struct custom_check *cc = NULL;
	char *prog, member[32];
	long line;
	enum ha_severity sev;
	enum ha_scope scope;
	jq_state *jq = NULL;
	char *why;
	int rc, level;

	if (!json_is_object(o)) {
		cerr(cp, NULL, 0, "must be an object");
		return NULL;
	}
	cp->id = json_string_value(json_object_get(o, "id"));
	rc = check_keys(cp, o);
	if ((id = need_string(cp, o, "id")) != NULL &&
	    check_id(cp, set, id) < 0)
		rc = -1;
	title = need_string(cp, o, "title");
	rem = need_string(cp, o, "remediation");
	prog = program_text(cp, o);
	scope = HA_SCOPE_HOST;
	if (parse_scope(cp, o, &scope) < 0)
		rc = -1;
	else if (parse_reads(cp, o, scope) < 0)
		rc = -1;
	if (parse_optional(cp, o, &level, &sev) < 0)
		rc = -1;
	if (prog != NULL && (jq = compile(prog, &why, &line)) == NULL) {
		/* given as lines, the error is at the line at fault */
		snprintf(member, sizeof(member), "jq");
		if (json_is_array(json_object_get(o, "jq")) && line > 0 &&
		    (size_t)line <= json_array_size(json_object_get(o, "jq")))
			snprintf(member, sizeof(member), "jq/%ld", line - 1);
		rc = cerr(cp, member, 0, "'jq' does not compile: %s", why);
		free(why);
	}
	if (rc < 0 || id == NULL || title == NULL || rem == NULL ||
	    prog == NULL) {
		if (jq != NULL)
			jq_teardown(&jq);
		free(prog);
		return NULL;
	}
	cc = ha_xcalloc(1, sizeof(*cc));
	cc->jq = jq;
	cc->program = prog;
	cc->id = ha_xstrdup(id);
	cc->title = ha_xstrdup(title);
	cc->remediation = ha_xstrdup(rem);
	rat = json_string_value(json_object_get(o, "rationale"));
	cc->rationale = ha_xstrdup(rat != NULL ? rat :
	    "A check the site defined for itself.");
	cc->origin = origin_of(cp);
	describe(cc, scope, level, sev);
	return cc;
}

static void
set_add(struct ha_custom_set *s, struct custom_check *cc)
{
	s->v = ha_xreallocarray(s->v, s->n + 1, sizeof(*s->v));
	s->stopped = ha_xreallocarray(s->stopped, s->n + 1,
	    sizeof(*s->stopped));
	s->stopped[s->n] = 0;
	cc->index = s->n;
	s->v[s->n++] = cc;
	cc->set = s;
	ha_registry_add_custom(&cc->check);
}

int
ha_custom_parse(const json_t *arr, const struct ha_jsonpos *ix,
    const char *base, struct ha_custom_set **set)
{
	struct cparse cp = { ix, arr, base, 0, NULL };
	struct custom_check *cc;
	json_t *o;
	int rc = 0;

	if (*set == NULL)
		*set = ha_xcalloc(1, sizeof(**set));
	for (cp.i = 0; cp.i < json_array_size(arr); cp.i++) {
		o = json_array_get(arr, cp.i);
		cp.id = NULL;
		if ((cc = parse_one(&cp, o, *set)) == NULL)
			rc = -1;
		else
			set_add(*set, cc);
	}
	return rc;
}

/* ---- the child ---- */

static void
write_all(int fd, const char *s, size_t len)
{
	ssize_t n;

	while (len > 0) {
		n = write(fd, s, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		s += n;
		len -= (size_t)n;
	}
}

static int nomem_fd = -1;

/* libjq is out of memory (RLIMIT_AS): say so without allocating. */
static void
child_nomem(void *arg)
{
	static const char rec[] = "{\"error\": \"the jq program ran out of "
	    "memory\"}";

	(void)arg;
	write_all(nomem_fd, rec, sizeof(rec) - 1);
	_exit(0);
}

/*
 * {"error": "what: msg"} to fd.  msg (consumed) may be any jv:
 * error({...}) raises an object; an invalid or null msg adds nothing.
 */
static void
child_error(int fd, const char *what, jv msg)
{
	jv text, rec, dumped;

	if (jv_get_kind(msg) == JV_KIND_STRING)
		text = jv_string_fmt("%s: %s", what, jv_string_value(msg));
	else if (jv_is_valid(msg) && jv_get_kind(msg) != JV_KIND_NULL) {
		dumped = jv_dump_string(jv_copy(msg), 0);
		text = jv_string_fmt("%s: %s", what, jv_string_value(dumped));
		jv_free(dumped);
	} else
		text = jv_string(what);
	jv_free(msg);
	if (jv_string_length_bytes(jv_copy(text)) > MAX_ERROR_LEN) {
		dumped = jv_string_sized(jv_string_value(text),
		    MAX_ERROR_LEN);
		jv_free(text);
		text = dumped;
	}
	rec = jv_dump_string(jv_object_set(jv_object(), jv_string("error"),
	    text), 0);
	write_all(fd, jv_string_value(rec),
	    (size_t)jv_string_length_bytes(jv_copy(rec)));
	jv_free(rec);
}

/* Limits on what the child may take; best effort. */
static void
child_limits(void)
{
	struct rlimit rl;
	long pages = 0;
	char buf[64];
	ssize_t n;
	int fd;

	rl.rlim_cur = (rlim_t)(limits.timeout_ms / 1000 + 1);
	rl.rlim_max = rl.rlim_cur + 1;
	(void)setrlimit(RLIMIT_CPU, &rl);
	rl.rlim_cur = rl.rlim_max = 0;
	(void)setrlimit(RLIMIT_CORE, &rl);	/* facts stay in memory */
	/*
	 * The address space it may add to what it has: a sanitizer's
	 * shadow or a large facts document are there already.
	 */
	if ((fd = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)) >= 0) {
		n = read(fd, buf, sizeof(buf) - 1);
		close(fd);
		if (n > 0) {
			buf[n] = '\0';
			pages = strtol(buf, NULL, 10);
		}
	}
	if (pages > 0) {
		rl.rlim_cur = rl.rlim_max = (rlim_t)pages *
		    (rlim_t)sysconf(_SC_PAGESIZE) + limits.max_memory;
		(void)setrlimit(RLIMIT_AS, &rl);
	}
}

/* The one output of the program, or why there is none, to fd. */
static void
child_run(jq_state *jq, const json_t *input, int fd)
{
	char *text = json_dumps(input, JSON_COMPACT | JSON_ENCODE_ANY);
	jv in, out, next, rec;

	in = text != NULL ? jv_parse_sized(text, (int)strlen(text)) :
	    jv_invalid();
	free(text);
	if (!jv_is_valid(in)) {
		jv_free(in);
		child_error(fd, "the input could not be handed to jq",
		    jv_invalid());
		return;
	}
	jq_start(jq, in, 0);
	out = jq_next(jq);
	if (jv_is_valid(out)) {
		/* a second output, or an error or a halt after the first */
		next = jq_next(jq);
		if (jv_is_valid(next)) {
			jv_free(next);
			jv_free(out);
			child_error(fd, "the jq program gave more than one "
			    "output", jv_invalid());
			return;
		}
		if (jq_halted(jq) || jv_invalid_has_msg(jv_copy(next))) {
			jv_free(out);
			out = next;
		} else {
			jv_free(next);
		}
	}
	if (jq_halted(jq)) {
		jv_free(out);
		child_error(fd, "the jq program halted",
		    jq_get_error_message(jq));
	} else if (!jv_is_valid(out) && jv_invalid_has_msg(jv_copy(out))) {
		child_error(fd, "jq: error", jv_invalid_get_msg(out));
	} else if (!jv_is_valid(out)) {
		jv_free(out);
		child_error(fd, "the jq program gave no output", jv_invalid());
	} else {
		rec = jv_dump_string(jv_object_set(jv_object(),
		    jv_string("value"), out), 0);
		if ((size_t)jv_string_length_bytes(jv_copy(rec)) >
		    limits.max_output)
			child_error(fd, "the jq program's output is larger "
			    "than the limit", jv_string_fmt("%zu bytes",
			    limits.max_output));
		else
			write_all(fd, jv_string_value(rec),
			    (size_t)jv_string_length_bytes(jv_copy(rec)));
		jv_free(rec);
	}
}

/* "input" and "inputs": a check has one input, the one it was given. */
static jv
child_no_input(jq_state *jq, void *arg)
{
	(void)jq;
	(void)arg;
	return jv_invalid_with_msg(jv_string("No more inputs"));
}

/* In the child: never returns. */
static HA_NORETURN void
child_main(jq_state *jq, const json_t *input, int fd, pid_t parent)
{
	(void)prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(1);
	(void)signal(SIGPIPE, SIG_DFL);
	environ = no_environment;
	child_limits();
	nomem_fd = fd;
	jq_set_nomem_handler(jq, child_nomem, NULL);
	jq_set_input_cb(jq, child_no_input, NULL);
	child_run(jq, input, fd);
	_exit(0);
}

/* ---- the parent ---- */

struct outcome {
	struct ha_buf	 rec;		/* what the child wrote */
	int		 timed_out;
	int		 too_big;
	int		 status;	/* from waitpid */
	char		*why;		/* could not run it at all */
};

/* Read the child's record until EOF, the cap or the deadline. */
static void
read_record(int fd, int64_t deadline, struct outcome *oc)
{
	if (ha_ipc_read_all(fd, &oc->rec, deadline) == 0)
		return;
	if (errno == ETIMEDOUT)
		oc->timed_out = 1;
	else if (errno == EFBIG)
		oc->too_big = 1;
}

static void
run_child(const struct custom_check *cc, const json_t *input,
    int64_t deadline, struct outcome *oc)
{
	pid_t parent = getpid(), pid;
	int fds[2];

	if (pipe2(fds, O_CLOEXEC) < 0) {
		oc->why = ha_xasprintf("cannot run the jq program: pipe: %s",
		    strerror(errno));
		return;
	}
	if ((pid = fork()) < 0) {
		oc->why = ha_xasprintf("cannot run the jq program: fork: %s",
		    strerror(errno));
		close(fds[0]);
		close(fds[1]);
		return;
	}
	if (pid == 0) {
		close(fds[0]);
		child_main(cc->jq, input, fds[1], parent);
	}
	close(fds[1]);
	read_record(fds[0], deadline, oc);
	close(fds[0]);
	if (oc->timed_out || oc->too_big)
		(void)kill(pid, SIGKILL);
	while (waitpid(pid, &oc->status, 0) < 0 && errno == EINTR)
		;
}

/* A short rendering of v for messages. */
static char *
brief(const json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY), *t;

	if (s == NULL)
		return ha_xstrdup("?");
	if (strlen(s) <= 60)
		return s;
	t = ha_xasprintf("%.57s...", s);
	free(s);
	return t;
}

static const char *
kind_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:	return "an object";
	case JSON_ARRAY:	return "an array";
	case JSON_STRING:	return "a string";
	case JSON_NULL:		return "null";
	default:		return "a number";
	}
}

/* s, at most HA_CUSTOM_MAX_DETAIL bytes (whole UTF-8 characters). */
static void
add_detail(struct ha_buf *detail, const char *s)
{
	size_t n = strlen(s);

	if (n > HA_CUSTOM_MAX_DETAIL) {
		n = HA_CUSTOM_MAX_DETAIL - 3;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		ha_buf_add(detail, s, n);
		ha_buf_addstr(detail, "...");
		return;
	}
	ha_buf_addstr(detail, s);
}

/* {"status": ..., "detail": ...} as the program gave it. */
static enum ha_status
judge_object(json_t *v, struct ha_buf *detail)
{
	static const enum ha_status allowed[] = {
		HA_PASS, HA_FAIL, HA_WARN, HA_SKIP, HA_INFO,
	};
	const json_t *st = json_object_get(v, "status");
	const json_t *d = json_object_get(v, "detail");
	const char *key;
	json_t *m;
	size_t i;
	int s;

	json_object_foreach(v, key, m)
		if (strcmp(key, "status") != 0 && strcmp(key, "detail") != 0) {
			ha_buf_addf(detail, "the jq program's output has an "
			    "unknown key '%.40s' (it may have status and "
			    "detail)", key);
			return HA_ERROR;
		}
	s = ha_status_parse(json_string_value(st));
	for (i = 0; s >= 0 && i < HA_ARRAY_SIZE(allowed); i++)
		if (allowed[i] == (enum ha_status)s)
			break;
	if (s < 0 || i == HA_ARRAY_SIZE(allowed)) {
		ha_buf_addstr(detail, "the jq program's output needs a "
		    "'status' of pass, fail, warn, skip or info");
		return HA_ERROR;
	}
	if (d != NULL && !json_is_string(d)) {
		ha_buf_addstr(detail, "the jq program's 'detail' must be a "
		    "string");
		return HA_ERROR;
	}
	if (d != NULL && *json_string_value(d) != '\0')
		add_detail(detail, json_string_value(d));
	else
		ha_buf_addf(detail, "the jq program says %s",
		    json_string_value(st));
	return (enum ha_status)s;
}

/* The program's output: the rules of ha_custom.h. */
static enum ha_status
judge(json_t *v, struct ha_buf *detail)
{
	char *s;

	if (json_is_true(v) || json_is_false(v)) {
		ha_buf_addf(detail, "the jq program returned %s",
		    json_is_true(v) ? "true" : "false");
		return json_is_true(v) ? HA_PASS : HA_FAIL;
	}
	if (json_is_string(v)) {
		add_detail(detail, *json_string_value(v) != '\0' ?
		    json_string_value(v) : "the jq program returned \"\"");
		return HA_FAIL;
	}
	if (json_is_object(v))
		return judge_object(v, detail);
	s = brief(v);
	ha_buf_addf(detail, "the jq program must output true, false, a "
	    "string or {\"status\", \"detail\"}, not %s (%s)", kind_name(v),
	    s);
	free(s);
	return HA_ERROR;
}

/* What the child's end and record say. */
static enum ha_status
outcome_status(const struct outcome *oc, long timeout_ms,
    struct ha_buf *detail)
{
	json_error_t err;
	const json_t *e;
	json_t *rec;
	enum ha_status st;

	if (oc->timed_out) {
		ha_buf_addf(detail, "the jq program did not finish in %ld ms "
		    "and was stopped", timeout_ms);
		return HA_ERROR;
	}
	if (oc->too_big) {
		ha_buf_addf(detail, "the jq program's output is larger than "
		    "%zu bytes", limits.max_output);
		return HA_ERROR;
	}
	rec = json_loadb(oc->rec.data, oc->rec.len, 0, &err);
	if (rec == NULL) {
		if (WIFSIGNALED(oc->status))
			ha_buf_addf(detail, "the jq program was stopped by "
			    "signal %d (%s)", WTERMSIG(oc->status),
			    WTERMSIG(oc->status) == SIGXCPU ||
			    WTERMSIG(oc->status) == SIGKILL ?
			    "its CPU time ran out" : strsignal(
			    WTERMSIG(oc->status)));
		else
			ha_buf_addstr(detail, "the jq program ended without "
			    "a result");
		return HA_ERROR;
	}
	if ((e = json_object_get(rec, "error")) != NULL) {
		add_detail(detail, json_is_string(e) ? json_string_value(e) :
		    "the jq program failed");
		st = HA_ERROR;
	} else {
		st = judge(json_object_get(rec, "value"), detail);
	}
	json_decref(rec);
	return st;
}

enum ha_status
ha_custom_eval(const struct ha_check *c, const json_t *input,
    struct ha_buf *detail)
{
	const struct custom_check *cc = from_check(c);
	struct outcome oc;
	int64_t start = ha_now_ms(), left;
	long timeout;
	enum ha_status st;

	if (cc == NULL || cc->jq == NULL) {
		ha_buf_addstr(detail, "not a custom check");
		return HA_ERROR;
	}
	if (cc->set->stopped[cc->index]) {
		ha_buf_addf(detail, "not run: the jq program already ran past "
		    "its %ld ms limit in this audit", limits.timeout_ms);
		return HA_ERROR;
	}
	left = limits.budget_ms - cc->set->spent_ms;
	if (left <= 0) {
		ha_buf_addf(detail, "not run: the custom checks used their "
		    "time budget (%ld ms for all of them)", limits.budget_ms);
		return HA_ERROR;
	}
	timeout = left < limits.timeout_ms ? (long)left : limits.timeout_ms;
	memset(&oc, 0, sizeof(oc));
	ha_buf_init(&oc.rec, limits.max_output + MAX_ERROR_LEN + 64);
	run_child(cc, input, start + timeout, &oc);
	cc->set->spent_ms += ha_now_ms() - start;
	if (oc.timed_out)
		cc->set->stopped[cc->index] = 1;
	if (oc.why != NULL) {
		ha_buf_addstr(detail, oc.why);
		st = HA_ERROR;
	} else {
		st = outcome_status(&oc, timeout, detail);
	}
	free(oc.why);
	ha_buf_release(&oc.rec);
	return st;
}

/* ---- the evaluators the descriptors point at ---- */

static enum ha_status
eval_object(const struct ha_ctx *ctx, const json_t *obj,
    struct ha_buf *detail)
{
	return ha_custom_eval(ctx->check, obj, detail);
}

static enum ha_status
eval_host(const struct ha_ctx *ctx, struct ha_result *res)
{
	struct ha_buf detail;
	enum ha_status st;

	ha_buf_init(&detail, HA_BUF_NOCAP);
	st = ha_custom_eval(ctx->check, ctx->facts, &detail);
	ha_result_set(res, st, "%s", detail.data);
	ha_buf_release(&detail);
	return st;
}

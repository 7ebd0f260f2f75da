/* SPDX-License-Identifier: Apache-2.0 */
/*
 * write_sarif.c - SARIF 2.1.0 for code-scanning dashboards, in the subset
 * GitHub code scanning reads: one rule per check of the profile, one
 * result per failing target (or per failing check without targets).
 *
 * Every result has a physical location, the file the finding is about
 * (daemon.json, the socket, /etc/group) as a path relative to the root
 * with no leading slash and uriBaseId ROOTPATH (file:///), or, for what
 * is not a file (a container, an image, the daemon), a stable pseudo-path
 * such as docker/containers/web.  No finding knows a line, so no region
 * is written.  Its partialFingerprints hash the check id, the target's
 * kind and name (and engine): the same finding gets the same fingerprint
 * in every run, on every host, whatever its message says.  With a
 * baseline, results carry baselineState and what was fixed is listed as
 * absent; so is what is gone (its container or image no longer exists),
 * with the property "gone": true.  run.properties.baseline gives the
 * counts (new, still failing, fixed, gone) and the score change.
 */
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>

#include "ha_baseline.h"
#include "ha_facts.h"
#include "ha_report.h"
#include "ha_util.h"
#include "banned.h"

#define SARIF_SCHEMA \
	"https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/" \
	"schemas/sarif-schema-2.1.0.json"
/* GitHub code scanning rejects a run with more results than this. */
#define SARIF_MAX_RESULTS	25000
/* and shows at most this many characters of a rule's descriptions */
#define SARIF_MAX_DESC		1024
#define ROOTPATH		"ROOTPATH"

/* A JSON string of s, made valid UTF-8 whatever s holds. */
static json_t *
str(const char *s)
{
	char *l = ha_utf8_lossy(s ? s : "");
	json_t *j = json_string(l);

	free(l);
	if (j == NULL)
		ha_die_oom();
	return j;
}

static json_t *
msg(const char *s)
{
	json_t *o = json_object();

	json_object_set_new(o, "text", str(s));
	return o;
}

/* s cut to at most max characters, "..." marking a cut (caller frees). */
static char *
clip(const char *s, size_t max)
{
	char *l = ha_utf8_lossy(s ? s : ""), *c;
	const char *p = l, *cut = l;
	size_t n = 0;

	while (*p != '\0') {
		if (n == max - 3)
			cut = p;
		(void)ha_utf8_next(&p);
		if (++n > max) {
			l[cut - l] = '\0';
			c = ha_xasprintf("%s...", l);
			free(l);
			return c;
		}
	}
	return l;
}

static const char *
level(enum ha_severity s)
{
	return s >= HA_SEV_HIGH ? "error" : s == HA_SEV_MEDIUM ? "warning" :
	    "note";
}

/*
 * The number GitHub code scanning reads as the severity of a security
 * result: over 9.0 critical, 7.0 to 8.9 high, 4.0 to 6.9 medium, 0.1 to
 * 3.9 low; each severity sits inside its band.
 */
static const char *
security_severity(enum ha_severity s)
{
	switch (s) {
	case HA_SEV_CRITICAL:	return "9.5";
	case HA_SEV_HIGH:	return "8.0";
	case HA_SEV_MEDIUM:	return "5.5";
	case HA_SEV_LOW:	return "3.0";
	default:		return "1.0";
	}
}

/*
 * s with the Markdown punctuation that could start emphasis, code, a
 * link, a heading, a table or an HTML tag escaped: texts render as typed.
 */
static void
md_escape(struct ha_buf *b, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		if (strchr("\\`*_[]<>#|~&", *s) != NULL)
			ha_buf_addch(b, '\\');
		ha_buf_addch(b, *s);
	}
}

static const char *
audit_label(const struct ha_check *c)
{
	return c->eval == NULL && c->eval_target == NULL ?
	    "How to check it (by hand)" : "How hostaudit checks it";
}

/* help: why it matters, how it is checked, the remediation. */
static json_t *
help(const struct ha_result *r)
{
	const struct ha_check *c = r->check;
	struct ha_buf text, md;
	json_t *o;

	ha_buf_init(&text, HA_BUF_NOCAP);
	ha_buf_init(&md, HA_BUF_NOCAP);
	if (c->rationale != NULL) {
		ha_buf_addf(&text, "Why it matters: %s\n\n", c->rationale);
		ha_buf_addstr(&md, "**Why it matters.** ");
		md_escape(&md, c->rationale);
		ha_buf_addstr(&md, "\n\n");
	}
	if (c->audit != NULL) {
		ha_buf_addf(&text, "%s: %s\n\n", audit_label(c), c->audit);
		ha_buf_addf(&md, "**%s.** ", audit_label(c));
		md_escape(&md, c->audit);
		ha_buf_addstr(&md, "\n\n");
	}
	ha_buf_addf(&text, "Remediation: %s\n\nProfile reference %s, level "
	    "%d, severity %s.", c->remediation ? c->remediation : c->title,
	    r->entry->ref, r->entry->level,
	    ha_severity_name(r->entry->severity));
	ha_buf_addstr(&md, "**Remediation.** ");
	md_escape(&md, c->remediation ? c->remediation : c->title);
	ha_buf_addstr(&md, "\n\nProfile reference ");
	md_escape(&md, r->entry->ref);
	ha_buf_addf(&md, ", level %d, severity %s.", r->entry->level,
	    ha_severity_name(r->entry->severity));
	o = json_object();
	json_object_set_new(o, "text", str(text.data));
	json_object_set_new(o, "markdown", str(md.data));
	ha_buf_release(&text);
	ha_buf_release(&md);
	return o;
}

static json_t *
clipped_msg(const char *s)
{
	char *c = clip(s, SARIF_MAX_DESC);
	json_t *o = msg(c);

	free(c);
	return o;
}

static json_t *
rule(const struct ha_result *r)
{
	json_t *o = json_object(), *props = json_object(), *cfg, *tags;
	char *sec;

	json_object_set_new(o, "id", str(r->check->id));
	json_object_set_new(o, "name", str(r->check->id));
	json_object_set_new(o, "shortDescription",
	    clipped_msg(r->check->title));
	/* required by code scanning, and never empty */
	json_object_set_new(o, "fullDescription", clipped_msg(
	    r->check->rationale ? r->check->rationale : r->check->title));
	json_object_set_new(o, "help", help(r));
	cfg = json_object();
	json_object_set_new(cfg, "level",
	    json_string(level(r->entry->severity)));
	json_object_set_new(o, "defaultConfiguration", cfg);
	json_object_set_new(props, "ref", str(r->entry->ref));
	json_object_set_new(props, "level", json_integer(r->entry->level));
	json_object_set_new(props, "severity",
	    json_string(ha_severity_name(r->entry->severity)));
	json_object_set_new(props, "security-severity",
	    json_string(security_severity(r->entry->severity)));
	json_object_set_new(props, "scope",
	    json_string(ha_scope_name(r->check->scope)));
	sec = ha_xasprintf("section-%s", r->entry->section);
	tags = json_pack("[s, s, s, o]", "security", "docker", "cis-docker",
	    str(sec));
	free(sec);
	json_object_set_new(props, "tags", tags);
	json_object_set_new(o, "properties", props);
	return o;
}

/*
 * Percent-encode s into b as a URI path: every byte but the unreserved
 * characters and ":@+,=" is encoded, and "/" too unless slash says it
 * separates segments.  A ':' before the first '/' is encoded, so that a
 * relative reference never reads as a scheme.
 */
static void
uri_add(struct ha_buf *b, const char *s, int slash)
{
	static const char hex[] = "0123456789ABCDEF";
	int first = b->len == 0 || strchr(b->data, '/') == NULL;
	unsigned char c;

	for (; *s != '\0'; s++) {
		c = (unsigned char)*s;
		if (c == '/' && slash)
			first = 0;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~@+,=", c) != NULL ||
		    (c == ':' && !first) || (c == '/' && slash)) {
			ha_buf_addch(b, (char)c);
			continue;
		}
		ha_buf_addch(b, '%');
		ha_buf_addch(b, hex[c >> 4]);
		ha_buf_addch(b, hex[c & 15]);
	}
}

/* Where a finding is: a uri, relative to ROOTPATH when base is set. */
struct where {
	char	*uri;
	int	 base;
};

/* A file's path: absolute ones relative to ROOTPATH, "./" dropped. */
static void
where_file(struct where *w, const char *path)
{
	struct ha_buf b;

	w->base = path[0] == '/';
	while (*path == '/')
		path++;
	while (path[0] == '.' && path[1] == '/')
		for (path += 2; *path == '/'; path++)
			;
	ha_buf_init(&b, HA_BUF_NOCAP);
	uri_add(&b, *path ? path : ".", 1);
	w->uri = ha_buf_detach(&b, NULL);
}

/*
 * What is not a file: docker/<kind>s/<name> (docker/containers/web),
 * under docker/engines/<engine>/ for one engine of several.
 */
static void
where_object(struct where *w, const char *engine, const char *kind,
    const char *name)
{
	struct ha_buf b;

	ha_buf_init(&b, HA_BUF_NOCAP);
	ha_buf_addstr(&b, "docker/");
	if (engine != NULL) {
		ha_buf_addstr(&b, "engines/");
		uri_add(&b, engine, 0);
		ha_buf_addch(&b, '/');
	}
	uri_add(&b, kind, 0);
	if (name != NULL) {
		ha_buf_addstr(&b, "s/");
		uri_add(&b, *name ? name : "-", 0);
	}
	w->uri = ha_buf_detach(&b, NULL);
	w->base = 0;
}

/* The daemon: its configuration file when known, else docker/daemon. */
static void
where_daemon(struct where *w, const json_t *facts)
{
	const char *p = ha_facts_str(facts, "daemon.config_file.path");

	if (p != NULL && *p != '\0' && !ha_facts_engine_remote(facts))
		where_file(w, p);
	else
		where_object(w, NULL, "daemon", NULL);
}

/* A certificate target is "PATH" or "PATH #N" (its place in a bundle). */
static void
where_cert(struct where *w, const char *engine, const char *name)
{
	const char *hash = strstr(name, " #");
	char *path;

	if (name[0] != '/') {
		where_object(w, engine, "certificate", name);
		return;
	}
	path = hash ? ha_xstrndup(name, (size_t)(hash - name)) :
	    ha_xstrdup(name);
	where_file(w, path);
	free(path);
}

/*
 * Where a target is: a file's own path; a user's membership of the docker
 * group is in /etc/group; a registry or a conflicting setting is the
 * daemon's configuration; anything else a pseudo-path.
 */
static void
where_target(struct where *w, const json_t *facts, const char *engine,
    const char *kind, const char *name)
{
	if (strcmp(kind, "file") == 0 && name[0] != '\0')
		where_file(w, name);
	else if (strcmp(kind, "certificate") == 0)
		where_cert(w, engine, name);
	else if (strcmp(kind, "user") == 0)
		where_file(w, "/etc/group");
	else if (engine == NULL && (strcmp(kind, "registry") == 0 ||
	    strcmp(kind, "setting") == 0))
		where_daemon(w, facts);
	else
		where_object(w, engine, kind, name);
}

/* A check's finding without targets: where its scope points. */
static void
where_scope(struct where *w, const json_t *facts, enum ha_scope scope)
{
	if (scope == HA_SCOPE_DAEMON)
		where_daemon(w, facts);
	else if (scope == HA_SCOPE_FILE)
		where_object(w, NULL, "files", NULL);
	else if (scope == HA_SCOPE_CONTAINER)
		where_object(w, NULL, "containers", NULL);
	else if (scope == HA_SCOPE_IMAGE)
		where_object(w, NULL, "images", NULL);
	else
		where_object(w, NULL, "host", NULL);
}

static json_t *
location(const struct where *w, const char *kind, const char *name)
{
	json_t *ll = json_object(), *loc = json_object(), *art;
	char *fq = ha_xasprintf("%s/%s", kind, name);

	art = json_pack("{s:s}", "uri", w->uri);
	if (art == NULL)
		ha_die_oom();
	if (w->base)
		json_object_set_new(art, "uriBaseId", json_string(ROOTPATH));
	json_object_set_new(loc, "physicalLocation",
	    json_pack("{s:o}", "artifactLocation", art));
	json_object_set_new(ll, "name", str(name));
	json_object_set_new(ll, "fullyQualifiedName", str(fq));
	json_object_set_new(ll, "kind", json_string("resource"));
	json_object_set_new(loc, "logicalLocations", json_pack("[o]", ll));
	free(fq);
	free(w->uri);
	return json_pack("[o]", loc);
}

static void
hash_field(EVP_MD_CTX *ctx, const char *s)
{
	/* each field with its NUL: ("ab", "c") and ("a", "bc") differ */
	EVP_DigestUpdate(ctx, s ? s : "", strlen(s ? s : "") + 1);
}

/*
 * The finding's identity, the same from run to run: a hash of the check
 * id, the target's kind and name and its engine (empty for a check
 * without targets, or one engine).  Code scanning reads only
 * primaryLocationLineHash; with no source line to hash, it gets the same.
 */
static json_t *
fingerprints(const char *id, const char *kind, const char *name,
    const char *engine)
{
	static const char hex[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	char out[33];
	unsigned int n = 0, i;
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();

	if (ctx == NULL || EVP_DigestInit_ex(ctx, EVP_sha256(), NULL) != 1)
		ha_die_oom();
	hash_field(ctx, "hostauditFinding/v1");
	hash_field(ctx, id);
	hash_field(ctx, kind);
	hash_field(ctx, name);
	hash_field(ctx, engine);
	if (EVP_DigestFinal_ex(ctx, md, &n) != 1 || n < 16)
		ha_die_oom();
	EVP_MD_CTX_free(ctx);
	for (i = 0; i < 16; i++) {
		out[2 * i] = hex[md[i] >> 4];
		out[2 * i + 1] = hex[md[i] & 15];
	}
	out[32] = '\0';
	return json_pack("{s:s, s:s}", "hostauditFinding/v1", out,
	    "primaryLocationLineHash", out);
}

static const char *
baseline_state(enum ha_change c)
{
	return c == HA_CHANGE_NEW ? "new" : c == HA_CHANGE_STILL ?
	    "unchanged" : c == HA_CHANGE_FIXED ? "absent" : NULL;
}

/*
 * The results so far, each with its priority for the cap: the result's
 * severity + 1, 0 for what the baseline had and is fixed.
 */
struct results {
	json_t	*all;
	int	*prio;
	size_t	 n;
};

static void
results_add(struct results *rs, json_t *o, int prio)
{
	rs->prio = ha_xreallocarray(rs->prio, rs->n + 1, sizeof(*rs->prio));
	rs->prio[rs->n++] = prio;
	json_array_append_new(rs->all, o);
}

static void
add_result(struct results *rs, const struct ha_report *rep,
    const struct ha_result *r, size_t index, const struct ha_target *t)
{
	json_t *o = json_object();
	struct where w;
	char *text;
	const char *state;

	json_object_set_new(o, "ruleId", str(r->check->id));
	json_object_set_new(o, "ruleIndex", json_integer((json_int_t)index));
	json_object_set_new(o, "level", json_string(level(r->entry->severity)));
	if (t != NULL)
		text = ha_xasprintf("%s %s: %s", t->kind, t->name,
		    t->detail && *t->detail ? t->detail : r->message);
	else
		text = ha_xstrdup(r->message && *r->message ? r->message :
		    r->check->title);
	json_object_set_new(o, "message", msg(text));
	free(text);
	if (t != NULL) {
		where_target(&w, rep->facts, t->engine, t->kind, t->name);
		json_object_set_new(o, "locations", location(&w, t->kind,
		    t->name));
	} else {
		where_scope(&w, rep->facts, r->check->scope);
		json_object_set_new(o, "locations", location(&w,
		    ha_scope_name(r->check->scope), rep->host));
	}
	json_object_set_new(o, "partialFingerprints", fingerprints(
	    r->check->id, t ? t->kind : NULL, t ? t->name : NULL,
	    t ? t->engine : NULL));
	state = baseline_state(t ? t->change : r->change);
	if (state != NULL)
		json_object_set_new(o, "baselineState", json_string(state));
	json_object_set_new(o, "properties", json_pack("{s:o}", "ref",
	    str(r->entry->ref)));
	results_add(rs, o, (int)r->entry->severity + 1);
}

static void
add_results(struct results *rs, const struct ha_report *rep,
    const struct ha_result *r, size_t index)
{
	size_t i;
	int any = 0;

	if (r->status != HA_FAIL)
		return;
	for (i = 0; i < r->ntargets; i++)
		if (r->targets[i].status == HA_FAIL) {
			add_result(rs, rep, r, index, &r->targets[i]);
			any = 1;
		}
	if (!any)
		add_result(rs, rep, r, index, NULL);
}

static int
rule_index(const struct ha_report *rep, const char *id)
{
	size_t i;

	for (i = 0; i < rep->nresults; i++)
		if (strcmp(rep->results[i].check->id, id) == 0)
			return (int)i;
	return -1;
}

/* What the baseline had failing and this run does not: "absent". */
static void
add_fixed(struct results *rs, const struct ha_report *rep)
{
	const struct ha_check *c;
	const struct ha_fixed *f;
	struct where w;
	json_t *o;
	char *text;
	size_t i;
	int ix;

	for (i = 0; rep->baseline != NULL && i < rep->baseline->nfixed; i++) {
		f = &rep->baseline->fixed[i];
		o = json_object();
		json_object_set_new(o, "ruleId", str(f->id));
		if ((ix = rule_index(rep, f->id)) >= 0)
			json_object_set_new(o, "ruleIndex", json_integer(ix));
		json_object_set_new(o, "kind", json_string("pass"));
		json_object_set_new(o, "level", json_string("none"));
		text = f->kind ? ha_xasprintf("%s: %s %s%s", f->gone ?
		    "gone" : "fixed", f->kind, f->name, f->gone ?
		    " no longer exists" : "") : ha_xasprintf("fixed: %s",
		    f->title);
		json_object_set_new(o, "message", msg(text));
		free(text);
		c = ha_registry_find(f->id);
		if (f->kind != NULL)
			where_target(&w, rep->facts, NULL, f->kind, f->name);
		else
			where_scope(&w, rep->facts, c ? c->scope :
			    HA_SCOPE_HOST);
		json_object_set_new(o, "locations", location(&w, f->kind ?
		    f->kind : "host", f->kind ? f->name : rep->host));
		json_object_set_new(o, "partialFingerprints",
		    fingerprints(f->id, f->kind, f->kind ? f->name : NULL,
		    NULL));
		json_object_set_new(o, "baselineState", json_string("absent"));
		json_object_set_new(o, "properties", json_pack("{s:s, s:b}",
		    "ref", f->ref, "gone", f->gone));
		results_add(rs, o, 0);
	}
}

/* run.properties.baseline: what changed, as counts, and the score change. */
static json_t *
baseline_props(const struct ha_report *rep)
{
	const struct ha_baseline *b = rep->baseline;
	double d;
	json_t *o;

	o = json_pack("{s:s, s:I, s:I, s:I, s:I, s:o, s:o}", "started_at",
	    b->started_at, "new", (json_int_t)b->nnew, "still_failing",
	    (json_int_t)b->nstill, "fixed", (json_int_t)(b->nfixed - b->ngone),
	    "gone", (json_int_t)b->ngone, "score_before", b->has_score ?
	    json_real(b->score_before) : json_null(), "score_change",
	    ha_baseline_score_change(b, &rep->score, &d) ? json_real(d) :
	    json_null());
	if (o == NULL)
		ha_die_oom();
	return o;
}

/*
 * At most max results, the most severe first: every result of a
 * priority is kept while they all fit, then the first of the next one,
 * in report order.  Returns the results kept (a new reference) and sets
 * *left_out.
 */
static json_t *
results_cap(const struct results *rs, size_t max, size_t *left_out)
{
	size_t budget[HA_SEV_COUNT + 1] = { 0 }, left = max, i;
	json_t *kept;
	int p;

	for (i = 0; i < rs->n; i++)
		budget[rs->prio[i]]++;
	for (p = HA_SEV_COUNT; p >= 0; p--) {
		if (budget[p] > left)
			budget[p] = left;
		left -= budget[p];
	}
	kept = json_array();
	*left_out = 0;
	for (i = 0; i < rs->n; i++) {
		if (budget[rs->prio[i]] == 0) {
			(*left_out)++;
			continue;
		}
		budget[rs->prio[i]]--;
		json_array_append(kept, json_array_get(rs->all, i));
	}
	return kept;
}

static json_t *
invocation(const struct ha_report *rep, size_t left_out)
{
	json_t *inv;
	char *text;

	/* a run that did not see everything did not execute successfully */
	inv = json_pack("{s:b}", "executionSuccessful", !ha_report_blind(rep));
	if (inv == NULL)
		ha_die_oom();
	if (left_out == 0)
		return inv;
	text = ha_xasprintf("%zu results left out: code scanning takes at "
	    "most %d in a run; the most severe were kept (the JSON report "
	    "has them all)", left_out, SARIF_MAX_RESULTS);
	json_object_set_new(inv, "toolExecutionNotifications",
	    json_pack("[{s:s, s:o}]", "level", "warning", "message",
	    msg(text)));
	free(text);
	return inv;
}

/* The engine audited (run.properties.engine), or each (engines). */
static void
sarif_engines(const struct ha_report *rep, json_t *props)
{
	json_t *list, *e;
	size_t i;

	json_object_set_new(props, "engine",
	    ha_report_engine_json(rep->facts));
	if (rep->nengines == 0)
		return;
	list = json_array();
	for (i = 0; i < rep->nengines; i++) {
		e = ha_report_engine_json(rep->engines[i].facts);
		json_object_set_new(e, "name",
		    json_string(rep->engines[i].name));
		json_array_append_new(list, e);
	}
	json_object_set_new(props, "engines", list);
}

static json_t *
sarif_doc(const struct ha_report *rep, size_t max)
{
	struct results rs = { json_array(), NULL, 0 };
	json_t *rules = json_array(), *results, *run, *driver, *inv;
	char when[32];
	size_t i, left_out;

	for (i = 0; i < rep->nresults; i++) {
		json_array_append_new(rules, rule(&rep->results[i]));
		add_results(&rs, rep, &rep->results[i], i);
	}
	add_fixed(&rs, rep);
	results = results_cap(&rs, max, &left_out);
	json_decref(rs.all);
	free(rs.prio);
	inv = invocation(rep, left_out);
	ha_utc_iso8601(rep->started_at, when, sizeof(when));
	json_object_set_new(inv, "startTimeUtc", json_string(when));
	driver = json_pack("{s:s, s:s, s:o}", "name", "hostaudit",
	    "version", rep->tool_version, "rules", rules);
	run = json_pack("{s:{s:o}, s:{s:{s:s, s:{s:s}}}, s:[o], s:o, "
	    "s:{s:o, s:o, s:o, s:f, s:i, s:i}}",
	    "tool", "driver", driver,
	    "originalUriBaseIds", ROOTPATH, "uri", "file:///",
	    "description", "text", "the audited host's root directory",
	    "invocations", inv, "results", results,
	    "properties", "host", str(rep->host), "profile",
	    str(rep->profile->name), "score_percent", rep->score.has_percent ?
	    json_real(rep->score.percent) : json_null(),
	    "coverage_percent", rep->score.coverage,
	    "checks_selected", rep->score.selected,
	    "checks_evaluated", rep->score.evaluated);
	if (driver == NULL || run == NULL)
		ha_die_oom();
	if (left_out > 0)
		json_object_set_new(json_object_get(run, "properties"),
		    "results_left_out", json_integer((json_int_t)left_out));
	sarif_engines(rep, json_object_get(run, "properties"));
	if (rep->baseline != NULL)
		json_object_set_new(json_object_get(run, "properties"),
		    "baseline", baseline_props(rep));
	return json_pack("{s:s, s:s, s:[o]}", "$schema", SARIF_SCHEMA,
	    "version", "2.1.0", "runs", run);
}

static int
write_sarif(const struct ha_report *rep, FILE *fp,
    const struct ha_write_opts *o)
{
	json_t *doc = sarif_doc(rep, SARIF_MAX_RESULTS);
	int rc;

	(void)o;
	if (doc == NULL)
		ha_die_oom();
	/* 15 digits: 56.3 is written 56.3, as the other formats show it */
	rc = json_dumpf(doc, fp, JSON_INDENT(2) | JSON_ENSURE_ASCII |
	    JSON_REAL_PRECISION(15));
	json_decref(doc);
	if (rc < 0 || fputc('\n', fp) == EOF)
		return -1;
	return 0;
}

const struct ha_writer ha_writer_sarif = {
	.name = "sarif",
	.description = "SARIF 2.1.0 for code-scanning tools",
	.write = write_sarif,
};

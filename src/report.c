/*
 * report.c - the report model: evaluate a profile over facts, score it,
 * express it as the canonical JSON document, and write files atomically.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "ha_baseline.h"
#include "ha_facts.h"
#include "ha_report.h"
#include "ha_util.h"
#include "banned.h"

extern const struct ha_writer ha_writer_text;
extern const struct ha_writer ha_writer_json;
extern const struct ha_writer ha_writer_junit;
extern const struct ha_writer ha_writer_sarif;
extern const struct ha_writer ha_writer_csv;
extern const struct ha_writer ha_writer_prometheus;
extern const struct ha_writer ha_writer_html;

static const struct ha_writer *const writers[] = {
	&ha_writer_text,
	&ha_writer_json,
	&ha_writer_junit,
	&ha_writer_sarif,
	&ha_writer_csv,
	&ha_writer_prometheus,
	&ha_writer_html,
};

const struct ha_writer *
ha_writer_find(const char *name)
{
	size_t i;

	for (i = 0; i < HA_ARRAY_SIZE(writers); i++)
		if (strcmp(writers[i]->name, name) == 0)
			return writers[i];
	return NULL;
}

size_t
ha_writer_count(void)
{
	return HA_ARRAY_SIZE(writers);
}

const struct ha_writer *
ha_writer_at(size_t i)
{
	return i < HA_ARRAY_SIZE(writers) ? writers[i] : NULL;
}

void
ha_report_build(struct ha_report *rep, const struct ha_profile *p,
    const json_t *facts)
{
	ha_report_build_opts(rep, p, facts, NULL);
}

void
ha_report_build_opts(struct ha_report *rep, const struct ha_profile *p,
    const json_t *facts, const struct ha_build_opts *o)
{
	const char *host = ha_facts_str(facts, "host.hostname");
	struct ha_ctx ctx;
	size_t i;

	memset(rep, 0, sizeof(*rep));
	rep->tool_version = HA_VERSION;
	rep->host = ha_xstrdup(host ? host : "unknown");
	rep->profile = p;
	rep->facts = facts;
	rep->started_at = (int64_t)time(NULL);
	rep->results = ha_xcalloc(p->nentries + 1, sizeof(*rep->results));
	ctx.facts = facts;
	for (i = 0; i < p->nentries; i++) {
		const struct ha_profile_entry *e = &p->entries[i];

		ctx.params = e->params;
		ha_result_init(&rep->results[i], e->check, e);
		ha_check_run_select(e->check, &ctx, o ? o->select : NULL,
		    &rep->results[i]);
		rep->nresults++;
	}
	ha_waivers_apply(&p->waivers, rep, o != NULL && o->today != 0 ?
	    o->today : ha_date_today());
	ha_report_make_utf8(rep);	/* jansson takes only UTF-8 */
	ha_report_score(rep);
}

static void
score_add(struct ha_score *s, const struct ha_result *r)
{
	double w = r->entry->weight;

	s->counts[r->status]++;
	if (!r->entry->scored)
		return;
	switch (r->status) {
	case HA_PASS:
		s->passed += w;
		s->applicable += w;
		break;
	case HA_FAIL:
	case HA_WARN:
		s->applicable += w;
		break;
	default:	/* info, manual, skip, error, waived: not scored */
		break;
	}
}

static void
score_finish(struct ha_score *s)
{
	s->percent = s->applicable > 0 ? 100.0 * s->passed / s->applicable :
	    100.0;
}

static struct ha_section_score *
section_for(struct ha_report *rep, const char *id)
{
	struct ha_section_score *s;
	size_t i;

	for (i = 0; i < rep->nsections; i++)
		if (strcmp(rep->sections[i].id, id) == 0)
			return &rep->sections[i];
	s = &rep->sections[rep->nsections++];
	memset(s, 0, sizeof(*s));
	s->id = id;
	s->title = ha_profile_section_title(rep->profile, id);
	return s;
}

void
ha_report_score(struct ha_report *rep)
{
	const struct ha_profile *p = rep->profile;
	size_t i;

	free(rep->sections);
	rep->nsections = 0;
	rep->sections = ha_xcalloc(p->nsections + rep->nresults + 1,
	    sizeof(*rep->sections));
	memset(&rep->score, 0, sizeof(rep->score));
	/* Sections in the profile's order first, then any others. */
	for (i = 0; i < p->nsections; i++)
		section_for(rep, p->sections[i].id);
	for (i = 0; i < rep->nresults; i++) {
		const struct ha_result *r = &rep->results[i];

		score_add(&rep->score, r);
		score_add(&section_for(rep, r->entry->section)->score, r);
	}
	score_finish(&rep->score);
	for (i = 0; i < rep->nsections; i++)
		score_finish(&rep->sections[i].score);
}

void
ha_report_release(struct ha_report *rep)
{
	size_t i;

	for (i = 0; i < rep->nresults; i++)
		ha_result_release(&rep->results[i]);
	free(rep->results);
	free(rep->sections);
	free(rep->host);
	ha_baseline_free(rep->baseline);
	free(rep->waivers);
	memset(rep, 0, sizeof(*rep));
}

int
ha_report_has_failures(const struct ha_report *rep)
{
	return rep->score.counts[HA_FAIL] > 0;
}

static json_t *
score_json(const struct ha_score *s)
{
	json_t *counts = json_object();
	int i;

	for (i = 0; i < HA_STATUS_COUNT; i++)
		json_object_set_new(counts, ha_status_name((enum ha_status)i),
		    json_integer(s->counts[i]));
	/* Rounded to one decimal so that reports diff cleanly. */
	return json_pack("{s:f, s:f, s:f, s:o}",
	    "percent", (double)(long long)(s->percent * 10.0 + 0.5) / 10.0,
	    "passed", s->passed, "applicable", s->applicable,
	    "counts", counts);
}

static json_t *
result_json(const struct ha_result *r)
{
	const struct ha_check *c = r->check;
	json_t *o, *targets;
	size_t i;

	o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:i, s:b, s:f, s:s, s:s, "
	    "s:s}",
	    "id", c->id, "ref", r->entry->ref, "section", r->entry->section,
	    "title", c->title, "scope", ha_scope_name(c->scope),
	    "level", r->entry->level, "scored", r->entry->scored,
	    "weight", r->entry->weight,
	    "severity", ha_severity_name(r->entry->severity),
	    "status", ha_status_name(r->status),
	    "message", r->message ? r->message : "");
	if (o == NULL)
		ha_die_oom();
	if (r->change != HA_CHANGE_NONE)
		json_object_set_new(o, "change",
		    json_string(ha_change_name(r->change)));
	if (r->waiver != NULL)
		json_object_set_new(o, "waiver", ha_waiver_json(r->waiver,
		    r->status != HA_WAIVED));
	if (r->ntargets == 0)
		return o;
	targets = json_array();
	for (i = 0; i < r->ntargets; i++) {
		const struct ha_target *t = &r->targets[i];
		json_t *tj = json_pack("{s:s, s:s, s:s, s:s}", "kind", t->kind,
		    "name", t->name, "status", ha_status_name(t->status),
		    "detail", t->detail ? t->detail : "");

		if (tj == NULL)
			ha_die_oom();
		if (t->state != NULL)
			json_object_set_new(tj, "state",
			    json_string(t->state));
		if (t->change != HA_CHANGE_NONE)
			json_object_set_new(tj, "change",
			    json_string(ha_change_name(t->change)));
		if (t->waiver != NULL)
			json_object_set_new(tj, "waiver", ha_waiver_json(
			    t->waiver, t->status != HA_WAIVED));
		json_array_append_new(targets, tj);
	}
	json_object_set_new(o, "targets", targets);
	return o;
}

json_t *
ha_report_to_json(const struct ha_report *rep)
{
	char *ppath;
	char when[32];
	json_t *o, *sections, *results, *score, *errors;
	size_t i;

	ha_utc_iso8601(rep->started_at, when, sizeof(when));
	sections = json_array();
	for (i = 0; i < rep->nsections; i++) {
		json_t *s = score_json(&rep->sections[i].score);

		json_object_set_new(s, "id", json_string(rep->sections[i].id));
		json_object_set_new(s, "title",
		    json_string(rep->sections[i].title));
		json_array_append_new(sections, s);
	}
	score = score_json(&rep->score);
	json_object_set_new(score, "sections", sections);
	results = json_array();
	for (i = 0; i < rep->nresults; i++)
		json_array_append_new(results, result_json(&rep->results[i]));
	errors = json_deep_copy(json_object_get(rep->facts, "errors"));
	/* the path comes from the command line: any bytes at all */
	ppath = ha_utf8_lossy(rep->profile->path ? rep->profile->path : "");
	o = json_pack("{s:s, s:{s:s, s:s}, s:s, s:{s:s, s:s, s:s}, s:s, "
	    "s:I, s:o, s:o, s:o}",
	    "schema", HA_REPORT_SCHEMA,
	    "tool", "name", "hostaudit", "version", rep->tool_version,
	    "host", rep->host,
	    "profile", "name", rep->profile->name, "title",
	    rep->profile->title, "path", ppath,
	    "started_at", when, "duration_ms", (json_int_t)rep->duration_ms,
	    "score", score, "results", results,
	    "collection_errors", errors ? errors : json_array());
	free(ppath);
	if (o == NULL)
		ha_die_oom();
	json_object_set_new(o, "waivers", ha_waivers_report_json(rep));
	if (rep->baseline != NULL)
		json_object_set_new(o, "baseline",
		    ha_baseline_json(rep->baseline));
	return o;
}

/*
 * An existing target that is not a regular file (a FIFO, a character
 * device such as /dev/null, a socket) is written in place: replacing it
 * by rename would destroy it.
 */
static int
write_in_place(const char *path, int (*fn)(FILE *, void *), void *arg)
{
	FILE *fp;
	int fd, rc = 0;

	fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC | O_NOFOLLOW);
	if (fd < 0 || (fp = fdopen(fd, "w")) == NULL) {
		rc = ha_error("cannot write '%s': %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return rc;
	}
	if (fn(fp, arg) < 0)
		rc = ha_error("cannot write '%s': output failed", path);
	if (fclose(fp) != 0 && rc == 0)
		rc = ha_error("cannot write '%s': %s", path, strerror(errno));
	return rc;
}

int
ha_write_atomic(const char *path, mode_t mode, int (*fn)(FILE *, void *),
    void *arg)
{
	char *tmp = NULL, *dir = NULL, *slash;
	struct stat st;
	FILE *fp = NULL;
	int fd = -1, rc = -1, dfd;

	if (lstat(path, &st) == 0) {
		if (S_ISLNK(st.st_mode))
			return ha_error("cannot write '%s': a symbolic link; "
			    "name the file it points to", path);
		if (S_ISDIR(st.st_mode))
			return ha_error("cannot write '%s': %s", path,
			    strerror(EISDIR));
		if (!S_ISREG(st.st_mode))
			return write_in_place(path, fn, arg);
	}
	dir = ha_xstrdup(path);
	slash = strrchr(dir, '/');
	if (slash == NULL) {
		free(dir);
		dir = ha_xstrdup(".");
	} else if (slash == dir) {
		slash[1] = '\0';
	} else {
		*slash = '\0';
	}
	tmp = ha_xasprintf("%s/.%s.XXXXXX", dir,
	    strrchr(path, '/') ? strrchr(path, '/') + 1 : path);
	fd = mkostemp(tmp, O_CLOEXEC);
	if (fd < 0) {
		ha_error("cannot write '%s': %s", path, strerror(errno));
		free(tmp);
		tmp = NULL;
		goto out;
	}
	if (fchmod(fd, mode) < 0 || (fp = fdopen(fd, "w")) == NULL) {
		ha_error("cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	fd = -1;
	if (fn(fp, arg) < 0) {
		ha_error("cannot write '%s': output failed", path);
		goto out;
	}
	if (fflush(fp) != 0 || fsync(fileno(fp)) != 0 || ferror(fp)) {
		ha_error("cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	if (fclose(fp) != 0) {
		fp = NULL;
		ha_error("cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	fp = NULL;
	if (rename(tmp, path) < 0) {
		ha_error("cannot write '%s': %s", path, strerror(errno));
		goto out;
	}
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0) {
		fsync(dfd);	/* make the rename itself durable */
		close(dfd);
	}
	free(tmp);
	tmp = NULL;
	rc = 0;
out:
	if (fp != NULL)
		fclose(fp);
	if (fd >= 0)
		close(fd);
	if (tmp != NULL) {
		unlink(tmp);
		free(tmp);
	}
	free(dir);
	return rc;
}

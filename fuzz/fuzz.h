/* SPDX-License-Identifier: Apache-2.0 */
/*
 * fuzz.h - helpers shared by the harnesses (static inline, header only).
 *
 * fuzz_quiet() silences the error routine.  fuzz_all_checks() makes a
 * profile that runs every registered check, with waivers of each kind.
 * fuzz_read() reads a file of the source tree (the harnesses run from
 * the top directory, or $HOSTAUDIT_SRCDIR); it aborts when it cannot,
 * since a harness without its fixed input would test nothing.
 */
#ifndef HA_FUZZ_H
#define HA_FUZZ_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ha_buf.h"
#include "ha_check.h"
#include "ha_report.h"
#include "ha_util.h"

static inline void
fuzz_quiet_routine(enum ha_msg_level l, const char *msg, void *arg)
{
	(void)l;
	(void)msg;
	(void)arg;
}

static inline void
fuzz_quiet(void)
{
	ha_set_error_routine(fuzz_quiet_routine, NULL);
}

static inline char *
fuzz_read(const char *rel, size_t *len)
{
	const char *top = getenv("HOSTAUDIT_SRCDIR");
	struct ha_buf b;
	char *path;

	path = ha_xasprintf("%s/%s", top != NULL ? top : ".", rel);
	ha_buf_init(&b, HA_BUF_NOCAP);
	if (ha_buf_read_file(&b, path, 0) < 0) {
		fprintf(stderr, "fuzz: cannot read '%s' (run from the top "
		    "directory or set HOSTAUDIT_SRCDIR)\n", path);
		abort();
	}
	free(path);
	return ha_buf_detach(&b, len);
}

/* The golden facts document (a new reference). */
static inline json_t *
fuzz_golden_facts(void)
{
	json_t *facts;
	size_t len;
	char *text = fuzz_read("tests/golden/facts.json", &len);

	if ((facts = json_loadb(text, len, 0, NULL)) == NULL)
		abort();
	free(text);
	return facts;
}

/* Every registered check, plus waivers: active, expired, by kind. */
static inline void
fuzz_all_checks(struct ha_profile *p)
{
	json_t *doc = json_object(), *checks = json_array(), *w;
	char *text, *ref;
	size_t i;

	for (i = 0; i < ha_registry_count(); i++) {
		ref = ha_xasprintf("HA.%zu", i + 1);
		json_array_append_new(checks, json_pack("{s:s, s:s, s:i}",
		    "id", ha_registry_at(i)->id, "ref", ref, "level", 1));
		free(ref);
	}
	w = json_pack("[{s:s, s:{s:s}, s:s, s:s}, {s:s, s:{s:s}, s:s, s:s},"
	    " {s:s, s:{s:s}, s:s, s:s}, {s:s, s:s, s:s}]",
	    "check", "container.privileged", "target", "container", "*e*",
	    "reason", "fuzz", "expires", "2099-12-31",
	    "check", "container.user", "target", "image", "*:latest",
	    "reason", "fuzz", "expires", "2000-01-01",
	    "check", "container.memory-limit", "target", "label", "a=b",
	    "reason", "fuzz", "expires", "2099-12-31",
	    "check", "daemon.icc", "reason", "fuzz", "expires", "2099-12-31");
	json_object_set_new(doc, "name", json_string("fuzz"));
	json_object_set_new(doc, "title", json_string("every check"));
	json_object_set_new(doc, "sections", json_pack("[{s:s, s:s}]",
	    "id", "HA", "title", "all"));
	json_object_set_new(doc, "checks", checks);
	json_object_set_new(doc, "waivers", w);
	text = json_dumps(doc, 0);
	if (text == NULL || ha_profile_parse(text, strlen(text), "fuzz.json",
	    p) < 0) {
		fprintf(stderr, "fuzz: the all-checks profile is refused\n");
		abort();
	}
	free(text);
	json_decref(doc);
}

/* Render rep with every writer into a memory buffer, which is dropped. */
static inline void
fuzz_write_all(const struct ha_report *rep)
{
	struct ha_write_opts wo = { 1, 1 };
	const struct ha_writer *w;
	char *out;
	size_t i, len;
	FILE *fp;

	for (i = 0; i < ha_writer_count(); i++) {
		w = ha_writer_at(i);
		out = NULL;
		if ((fp = open_memstream(&out, &len)) == NULL)
			abort();
		(void)w->write(rep, fp, &wo);
		fclose(fp);
		/* The JSON report must read back. */
		if (strcmp(w->name, "json") == 0) {
			json_t *j = json_loadb(out, len, 0, NULL);

			if (j == NULL)
				abort();
			json_decref(j);
		}
		free(out);
	}
}

#endif

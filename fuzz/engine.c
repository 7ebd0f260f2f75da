/* SPDX-License-Identifier: Apache-2.0 */
/*
 * engine.c - fuzz the pure parts of the Engine API collector
 * (src/engine.c, included to reach them): an answer body read as JSON of
 * the type the request wants (req_json) or as an error answer
 * (status_error), the ids taken from a list answer (distinct_ids, with
 * what it records for bad entries), and the engine URL
 * (ha_endpoint_parse_url).
 *
 * The input is the body; it is also the URL, up to its first NUL byte.
 * Every message made must be a valid JSON string (jmsg, jstr).
 */
#include <stdint.h>

#include "../src/engine.c"
#include "fuzz.h"

#define FUZZ_MAX_INPUT	(64 * 1024)

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
answer(struct engine *e, struct req *r, json_type want)
{
	json_t *j, *ids;
	char *err = NULL, *nul = NULL;

	r->path = want == JSON_ARRAY ? "/containers/json?all=1" : "/info";
	j = req_json(e, r, want, 1, &err, &nul);
	if (nul != NULL)
		record(e, r->path, nul, 0);
	free(nul);
	if (j == NULL) {
		if (err == NULL)
			abort();
		record(e, r->path, err, 1);
		free(err);
	} else if (want == JSON_ARRAY) {
		ids = distinct_ids(e, j, "Id", "container");
		json_decref(ids);
		ids = distinct_ids(e, j, "Image", "image");
		json_decref(ids);
	}
	json_decref(j);
	err = status_error(r, 500);
	record(e, r->path, err, 0);
	free(err);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct engine e;
	struct req r;
	json_t *facts;
	struct ha_endpoint ep;
	char *url, *err = NULL;
	json_t *ent;
	size_t i;

	if (size > FUZZ_MAX_INPUT)
		return -1;
	fuzz_quiet();
	memset(&e, 0, sizeof(e));
	memset(&r, 0, sizeof(r));
	facts = json_object();
	e.facts = facts;
	e.errors = json_array();
	e.cap = FUZZ_MAX_INPUT;
	e.budget = HA_DEFAULT_MAX_ENGINE_BYTES;
	ha_buf_init(&r.body, e.cap);
	if (ha_buf_add(&r.body, data, size) < 0)
		abort();
	answer(&e, &r, JSON_ARRAY);
	answer(&e, &r, JSON_OBJECT);
	url = ha_xstrndup((const char *)data, size);
	memset(&ep, 0, sizeof(ep));
	if (ha_endpoint_parse_url(url, &ep, &err) < 0) {
		if (err == NULL)
			abort();
		record(&e, url, err, 1);
	}
	ha_endpoint_release(&ep);
	free(err);
	free(url);
	json_array_foreach(e.errors, i, ent)
		if (!json_is_string(json_object_get(ent, "source")) ||
		    !json_is_string(json_object_get(ent, "message")))
			abort();
	ha_buf_release(&r.body);
	json_decref(e.errors);
	json_decref(facts);
	return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * merge.c - fuzz the fleet report reader (--merge).
 *
 * The input is a host's JSON report.  It is folded into a fleet with
 * ha_fleet_add_text() twice, as two names: the second is the same host
 * again (or a second error), so the duplicate path runs too; a report of
 * another host is folded beside it.  Then every fleet writer renders the
 * fleet, and the JSON fleet report must read back with one host per
 * report folded.
 *
 * Each input is folded twice over, into two fleets: by the fast reader
 * (fleet.c), and by jansson alone (HOSTAUDIT_FLEET_READER=jansson).  The
 * two must agree on everything: the return codes, each message, and
 * every fleet report byte for byte.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ha_fleet.h"
#include "ha_report.h"
#include "ha_util.h"
#include "fuzz.h"
#include "banned.h"

#define FUZZ_MAX_INPUT	(64 * 1024)

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char other[] =
	"{\"schema\": \"" HA_REPORT_SCHEMA "\", \"host\": {\"hostname\": "
	"\"other\"}, \"engine\": {\"id\": \"X\"}, \"started_at\": "
	"\"2026-01-15T08:40:00Z\", \"score\": {\"percent\": 50, \"sections\": "
	"[{\"id\": \"2\", \"percent\": 50}]}, \"results\": [{\"id\": "
	"\"daemon.icc\", \"ref\": \"2.2\", \"status\": \"fail\"}]}";

/* The messages of one fleet's folds, one a line (the rest cut). */
static char	msgs[2][8192];

static void
collect(enum ha_msg_level l, const char *m, void *arg)
{
	char *b = arg;
	size_t n = strlen(b);

	(void)l;
	snprintf(b + n, sizeof(msgs[0]) - n, "%s\n", m);
}

/* Fold the input (twice) and the other report; slow: jansson only. */
static struct ha_fleet *
fold(const uint8_t *data, size_t size, int slow, int rc[2])
{
	struct ha_fleet *f = ha_fleet_new(1768466400);

	if (slow)
		setenv("HOSTAUDIT_FLEET_READER", "jansson", 1);
	msgs[slow][0] = '\0';
	ha_set_error_routine(collect, msgs[slow]);
	rc[0] = ha_fleet_add_text(f, (const char *)data, size, "a.json");
	rc[1] = ha_fleet_add_text(f, (const char *)data, size, "b.json");
	if (rc[0] != rc[1] || ha_fleet_add_text(f, other, strlen(other),
	    "other.json") < 0)
		abort();
	fuzz_quiet();
	unsetenv("HOSTAUDIT_FLEET_READER");
	return f;
}

static char *
render(struct ha_fleet *f, size_t i, size_t *len)
{
	char *out = NULL;
	FILE *fp;

	if ((fp = open_memstream(&out, len)) == NULL)
		abort();
	if (ha_fleet_writer_at(i)->write(f, fp) < 0)
		abort();
	fclose(fp);
	return out;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ha_fleet *f, *g;
	char *out, *slow;
	json_t *j;
	size_t i, len, slen;
	int a[2], b[2];

	if (size > FUZZ_MAX_INPUT)
		return -1;
	f = fold(data, size, 0, a);
	g = fold(data, size, 1, b);
	/* the fast reader and jansson: the same verdict and messages */
	if (a[0] != b[0] || strcmp(msgs[0], msgs[1]) != 0 ||
	    f->nhosts != g->nhosts || f->nbad != g->nbad)
		abort();
	for (i = 0; i < ha_fleet_writer_count(); i++) {
		out = render(f, i, &len);
		slow = render(g, i, &slen);
		if (len != slen || memcmp(out, slow, len) != 0)
			abort();
		free(slow);
		if (strcmp(ha_fleet_writer_at(i)->name, "json") == 0) {
			if ((j = json_loadb(out, len, 0, NULL)) == NULL)
				abort();
			/* one host of the two twins, and the other */
			if (json_array_size(json_object_get(j, "hosts")) !=
			    f->nhosts || f->nhosts > 2 ||
			    (a[0] == 0 && f->nhosts < 1))
				abort();
			json_decref(j);
		}
		free(out);
	}
	ha_fleet_free(f);
	ha_fleet_free(g);
	return 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/* write_json.c - the canonical JSON report (schema hostaudit-report/2). */
#include "ha_report.h"
#include "banned.h"

static int
write_json(const struct ha_report *rep, FILE *fp,
    const struct ha_write_opts *o)
{
	json_t *doc = ha_report_to_json(rep);
	int rc;

	(void)o;
	/* 15 digits: 56.3 is written 56.3, as the other formats show it */
	rc = json_dumpf(doc, fp, JSON_INDENT(2) | JSON_ENSURE_ASCII |
	    JSON_REAL_PRECISION(15));
	json_decref(doc);
	if (rc < 0 || fputc('\n', fp) == EOF)
		return -1;
	return 0;
}

const struct ha_writer ha_writer_json = {
	.name = "json",
	.description = "the canonical, versioned JSON report",
	.write = write_json,
};

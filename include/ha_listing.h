/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ha_listing.h - what a profile checks (-l), for people and for scripts,
 * and how two profiles number the same checks (--benchmark-diff), so
 * that an auditor can read a report made with one benchmark version
 * against another.
 *
 * Formats: "text" (columns REF ID LEVEL MODE TITLE, or ID FROM TO
 * CHANGE) and "json".  MODE and "automated" say whether hostaudit
 * evaluates the check itself; "assessment" is what the benchmark calls
 * the item (Automated or Manual), when the profile says.
 */
#ifndef HA_LISTING_H
#define HA_LISTING_H

#include <stdio.h>

#include <jansson.h>

#include "ha_report.h"

/* The checks of p, in its order, as a JSON array (a new reference). */
json_t	*ha_listing_json(const struct ha_profile *p);

/*
 * The checks whose number or level differ between from and to, those
 * only to has (added) and those only from has (removed), as
 * {"from": NAME, "to": NAME, "changes": [{"id", "title", "from_ref",
 * "to_ref", "from_level", "to_level", "change"}]} (a new reference);
 * change is "moved", "level", "added" or "removed", and a side that
 * does not have the check is null.
 */
json_t	*ha_listing_diff_json(const struct ha_profile *from,
	    const struct ha_profile *to);

/* The same, as text for people; 0, or -1 when fp could not be written. */
int	 ha_listing_print(FILE *fp, const struct ha_profile *p);
int	 ha_listing_diff_print(FILE *fp, const struct ha_profile *from,
	    const struct ha_profile *to);

/*
 * -l (diff_from NULL) or --benchmark-diff (the difference from the
 * profile diff_from, loaded here, to p) in format "text" or "json", to
 * path (replaced atomically) or, when path is NULL, to stream.  Returns
 * 0; -1 after ha_error() when the format is neither or diff_from cannot
 * be loaded; -2 after ha_error() when the output could not be written.
 */
int	 ha_listing_write(const struct ha_profile *p, const char *diff_from,
	    const char *format, const char *path, FILE *stream);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ha_baseline.h - compare a report with a previous JSON report.
 *
 * ha_baseline_load() reads a JSON report written by -f json (a new
 * reference the caller json_decref()s).  ha_baseline_apply() marks each
 * failing result and target of rep as new or still failing, gathers what
 * failed in the baseline and fails no more as fixed, and hangs the
 * summary on rep->baseline (owned by rep; ha_report_release() frees it
 * through ha_baseline_free()).
 *
 * Matching: a result by check id; a target by check id, kind and name.
 * Failing means status fail (a warning is not a failure).  A failing
 * container or image target of the baseline that this run does not
 * have is gone, not fixed, when its container or image no longer exists
 * (neither its kind and name nor its id, for baselines that carry one,
 * is in the facts).
 *
 * Baselines of every report schema are read (hostaudit-report/1 to the
 * current one).
 */
#ifndef HA_BASELINE_H
#define HA_BASELINE_H

#include <jansson.h>

#include "ha_report.h"

/* The largest baseline report read. */
#define HA_BASELINE_MAX_SIZE	(64UL * 1024 * 1024)

/* Something that failed in the baseline and fails no more. */
struct ha_fixed {
	char	*id;		/* check id */
	char	*ref;
	char	*title;
	char	*kind;		/* NULL for the check as a whole */
	char	*name;
	int	 gone;		/* the target (a container or image) no
				   longer exists: not fixed, removed */
};

struct ha_baseline {
	char		*path;
	char		*started_at;	/* the baseline report's started_at */
	size_t		 nnew;		/* failing results and targets */
	size_t		 nstill;
	struct ha_fixed	*fixed;		/* fixed and gone alike */
	size_t		 nfixed;	/* entries in fixed[] */
	size_t		 ngone;		/* of those, gone */
	int		 has_score;	/* the baseline had a score */
	double		 score_before;	/* its score.percent */
};

/*
 * Read and check a baseline report.  Returns a new reference, or NULL
 * after ha_error() naming path and, for an error in its text, the line
 * and column ("old.json:2:20: ...").
 */
json_t	*ha_baseline_load(const char *path);
/* The same for a report already read (from standard input); path names it. */
json_t	*ha_baseline_parse(const char *text, size_t len, const char *path);
/* Mark rep against prev; path names the baseline in reports. */
void	 ha_baseline_apply(struct ha_report *rep, const json_t *prev,
	    const char *path);
/*
 * The "baseline" member of the JSON report (new reference), with
 * "score_change" against now (NULL: null).  ha_baseline_json() is
 * ha_baseline_json_score(b, NULL).
 */
json_t	*ha_baseline_json(const struct ha_baseline *b);
json_t	*ha_baseline_json_score(const struct ha_baseline *b,
	    const struct ha_score *now);
/*
 * The score change since the baseline, now minus before, rounded to one
 * decimal: 1 and *change when both scores have a value, else 0.
 */
int	 ha_baseline_score_change(const struct ha_baseline *b,
	    const struct ha_score *now, double *change);
/* Free b and everything it owns; accepts NULL. */
void	 ha_baseline_free(struct ha_baseline *b);

#endif

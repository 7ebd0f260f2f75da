/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ha_waiver.h - waivers: findings a site has accepted, for a reason,
 * until a date.
 *
 * A waiver names a check id, optionally a target selector (a container
 * name glob, an image reference glob, or a container label KEY[=VALUE]),
 * a reason, an owner and an expiry date (YYYY-MM-DD, UTC).  Waivers come
 * from a profile's "waivers" array (inherited through "extends") and from
 * a --waivers file; see hostaudit-profile(5).
 *
 * ha_waivers_apply() turns matching failing findings (warn or fail,
 * results or targets) into HA_WAIVED while the waiver is active.  An
 * expired waiver (expires before today) leaves its findings failing but
 * marks them with the waiver, so reports say which waiver ran out; a
 * waiver that matches nothing is stale.  The report records each waiver's
 * state and how many findings it matched.
 *
 * Ownership: struct ha_waivers owns its waivers and their strings;
 * results, targets and struct ha_waiver_use borrow them, so the waivers
 * (the profile holding them) must outlive the report.
 */
#ifndef HA_WAIVER_H
#define HA_WAIVER_H

#include <stddef.h>

#include <jansson.h>

struct ha_jsonpos;
struct ha_report;

enum ha_waiver_state {
	HA_WAIVER_ACTIVE,	/* in force, matched at least one finding */
	HA_WAIVER_EXPIRED,	/* past its date: its findings fail again */
	HA_WAIVER_STALE,	/* in force, matched nothing */
	HA_WAIVER_STATE_COUNT
};

struct ha_waiver {
	char	*check;		/* check id */
	char	*kind;		/* "container", "image", "label"; NULL: any */
	char	*target;	/* glob, or KEY / KEY=VALUE for "label" */
	char	*reason;
	char	*owner;		/* NULL when not given */
	char	*expires;	/* "YYYY-MM-DD" */
	long	 expires_ymd;	/* 20270131 */
	char	*origin;	/* where it was written: "'w.json':4:5" */
};

struct ha_waivers {
	struct ha_waiver	*v;
	size_t			 n;
};

/* A waiver's outcome in one report. */
struct ha_waiver_use {
	const struct ha_waiver	*waiver;	/* borrowed */
	enum ha_waiver_state	 state;
	size_t			 matched;	/* findings it covers */
};

/*
 * Append the waivers of the JSON array arr to w.  ix, the position index
 * of the text arr was parsed from, names the file in messages, gives
 * positions and counts the errors; base is arr's JSON pointer
 * ("/waivers").  Every waiver is validated and every error reported
 * ("p.json:7:18: waivers[0]: 'expires' must be a date YYYY-MM-DD, not
 * '2027-02-30'"); then 0, or -1 with w keeping what it had.
 */
int	 ha_waivers_parse(const json_t *arr, const struct ha_jsonpos *ix,
	    const char *base, struct ha_waivers *w);
/*
 * Append the waivers of a file: a JSON object {"waivers": [...]} or an
 * array.  A group- or world-writable file is refused.  Every error of the
 * file is reported (at most HA_JSONPOS_MAX_ERRORS printed, then how many
 * more); 0, or -1 with w keeping what it had.
 */
int	 ha_waivers_load(const char *path, struct ha_waivers *w);
void	 ha_waivers_release(struct ha_waivers *w);

/* "YYYY-MM-DD" (a real calendar date) to 20270131; 0 or -1. */
int	 ha_date_parse(const char *s, long *ymd);
/* Today's UTC date as 20270131. */
long	 ha_date_today(void);

const char	*ha_waiver_state_name(enum ha_waiver_state s);

/*
 * Apply w to the report's results (after evaluation, before scoring):
 * set statuses, point findings at their waiver, and fill rep->waivers.
 * today is YYYYMMDD (ha_date_today() in normal use).
 */
void	 ha_waivers_apply(const struct ha_waivers *w, struct ha_report *rep,
	    long today);

/*
 * JSON for reports (new references).  ha_waiver_json(): a finding's
 * waiver {"reason", "owner", "expires", "state": "active"|"expired"};
 * ha_waivers_report_json(): the report's "waivers" array, one
 * {"check", "target", "reason", "owner", "expires", "state", "matched",
 * "origin"} per waiver (target and owner null when not given).
 */
json_t	*ha_waiver_json(const struct ha_waiver *w, int expired);
json_t	*ha_waivers_report_json(const struct ha_report *rep);

#endif

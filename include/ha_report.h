/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ha_report.h - profiles, results, scores and the report writers.
 *
 * Flow: a profile (ha_profile_load) chooses checks and gives each its
 * reference number, section, level, weight, severity and parameters;
 * ha_report_build() runs the chosen checks over a facts document into a
 * report model; ha_report_score() fills the scores; each writer renders the
 * same model.
 *
 * Ownership: struct ha_profile owns every string and json_t in its entries;
 * struct ha_report owns its results and targets, borrows the profile and
 * the facts (which must outlive it).  *_release() frees what the struct
 * owns and leaves it zeroed; they accept a zeroed struct.
 */
#ifndef HA_REPORT_H
#define HA_REPORT_H

#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include <jansson.h>

#include "ha_check.h"
#include "ha_output.h"
#include "ha_waiver.h"

#define HA_REPORT_SCHEMA "hostaudit-report/3"
/* The schemas before it: still read as a --baseline. */
#define HA_REPORT_SCHEMA_V1 "hostaudit-report/1"
#define HA_REPORT_SCHEMA_V2 "hostaudit-report/2"

struct ha_custom_set;

/* One check as a profile chooses it. */
struct ha_profile_entry {
	const struct ha_check	*check;
	char			*ref;		/* e.g. "2.2"; never NULL */
	char			*section;	/* e.g. "2" (first part of
						   ref) */
	int			 level;
	int			 scored;
	double			 weight;
	enum ha_severity	 severity;
	json_t			*params;	/* object or NULL */
	int			 assessment;	/* the benchmark's own status:
						   HA_ASSESS_* */
};

/* A profile entry's "assessment": what the benchmark itself calls it. */
enum {
	HA_ASSESS_UNSET,	/* the profile does not say */
	HA_ASSESS_AUTOMATED,
	HA_ASSESS_MANUAL,
};

struct ha_profile_section {
	char	*id;		/* "2" */
	char	*title;		/* "Docker daemon configuration" */
};

struct ha_profile {
	char				*name;
	char				*title;
	char				*path;		/* where it was loaded
							   from */
	struct ha_profile_entry		*entries;
	size_t				 nentries;
	struct ha_profile_section	*sections;
	size_t				 nsections;
	struct ha_waivers		 waivers;	/* its own and
							   inherited */
	struct ha_custom_set		*custom;	/* its custom checks
							   (ha_custom.h) and
							   inherited; NULL:
							   none */
};

/*
 * Load a profile by name (found in the profile directories) or by path
 * (anything containing a '/' or ending in ".json").  Returns 0, or -1
 * after reporting through ha_error() with the file and, for JSON syntax
 * errors, line and column.
 */
int	 ha_profile_load(const char *name_or_path, struct ha_profile *p);
/* Parse a profile from a JSON text; path names it in messages. */
int	 ha_profile_parse(const char *text, size_t len, const char *path,
	    struct ha_profile *p);
void	 ha_profile_release(struct ha_profile *p);
/* Directories searched for profiles by name, NULL-terminated. */
const char *const *ha_profile_dirs(void);
/* Section title for an id, or the id itself. */
const char *ha_profile_section_title(const struct ha_profile *p,
	    const char *id);

/* How a result or target changed since a baseline report (--baseline). */
enum ha_change {
	HA_CHANGE_NONE,		/* no baseline, or not failing now */
	HA_CHANGE_NEW,		/* failing now, not in the baseline */
	HA_CHANGE_STILL,	/* failing now and in the baseline */
	HA_CHANGE_FIXED,	/* failing in the baseline, not now */
	HA_CHANGE_COUNT
};

struct ha_target {
	char		*kind;		/* "container", "image", "file", ... */
	char		*name;
	enum ha_status	 status;
	unsigned	 borrowed;	/* HA_TARGET_*: the strings it does not
					   own (static, in the facts, or in
					   the result's pool); 0: owns all */
	char		*detail;
	char		*state;		/* containers: running, exited,
					   created, ... */
	enum ha_change	 change;	/* set by ha_baseline_apply() */
	const struct ha_waiver *waiver;	/* borrowed: the waiver that waived
					   it (status waived) or that expired */
	char		*engine;	/* --all-engines: the engine's name;
					   NULL for one engine */
	const json_t	*obj;		/* borrowed: the container or image
					   inspect object the target is
					   (the facts outlive the report),
					   or NULL */
};

/* Bits of struct ha_target's borrowed. */
#define HA_TARGET_KIND		0x1u
#define HA_TARGET_NAME		0x2u
#define HA_TARGET_DETAIL	0x4u
#define HA_TARGET_STATE		0x8u

/*
 * What a container or image target is, for reports (borrowed from its
 * inspect object; each NULL when unknown): the full id, the image as
 * the container names it (Config.Image) and its id (Image), and the
 * Compose project and service (labels com.docker.compose.project and
 * .service).
 */
struct ha_target_meta {
	const char	*id;
	const char	*image;
	const char	*image_id;
	const char	*compose_project;
	const char	*compose_service;
};

void	 ha_target_meta(const struct ha_target *t, struct ha_target_meta *m);

struct ha_result {
	const struct ha_check		*check;
	const struct ha_profile_entry	*entry;	/* borrowed from the profile */
	enum ha_status			 status;
	char				*message;
	struct ha_target		*targets;
	size_t				 ntargets;
	size_t				 alloc;
	enum ha_change			 change;	/* see ha_baseline.h */
	const struct ha_waiver		*waiver;	/* as for targets */
	char				**pool;		/* owned: strings its
							   targets share
							   (HA_TARGET_DETAIL) */
	size_t				 npool;
};

void	 ha_result_init(struct ha_result *r, const struct ha_check *c,
	    const struct ha_profile_entry *e);
void	 ha_result_release(struct ha_result *r);

/*
 * A score: the weighted share of applicable scored checks that passed.
 * An `error` result is applicable and not passed, so a run that sees less
 * never scores higher.  When nothing is applicable the score has no value
 * (has_percent 0): writers show "n/a" or null, never 100.
 *
 * Coverage says how much was seen: of the automated checks selected
 * (manual ones excluded), how many were evaluated (ended in anything but
 * `error`).
 */
struct ha_score {
	double	 passed;	/* weighted */
	double	 applicable;	/* weighted, scored checks only */
	int	 counts[HA_STATUS_COUNT];
	int	 has_percent;	/* 0: nothing applicable */
	double	 percent;	/* 0-100, rounded to one decimal (half up),
				   the value every writer shows; 0 when
				   !has_percent */
	int	 selected;	/* automated checks selected */
	int	 evaluated;	/* of those, not in error */
	double	 coverage;	/* 0-100, rounded like percent; 100 when
				   nothing was selected */
};

/* percent as every writer prints it: "56.3" or "n/a" (buf >= 8 bytes). */
const char *ha_score_str(const struct ha_score *s, char *buf, size_t size);
/* v rounded to one decimal, half away from zero (reports diff cleanly). */
double	 ha_round1(double v);

struct ha_section_score {
	const char	*id;	/* borrowed from the profile */
	const char	*title;
	struct ha_score	 score;
};

struct ha_baseline;

/* One engine of an --all-engines report (ha_report_merge). */
struct ha_report_engine {
	char		*name;		/* "docker", "podman-rootless-alice" */
	const json_t	*facts;		/* borrowed: its own facts */
};

struct ha_report {
	const char			*tool_version;
	char				*host;		/* hostname */
	const struct ha_profile		*profile;	/* borrowed */
	const json_t			*facts;		/* borrowed */
	int64_t				 started_at;	/* epoch seconds */
	int64_t				 duration_ms;
	struct ha_result		*results;
	size_t				 nresults;
	struct ha_score			 score;
	struct ha_section_score		*sections;
	size_t				 nsections;
	struct ha_baseline		*baseline;	/* owned; NULL unless
							   --baseline */
	struct ha_waiver_use		*waivers;	/* owned; one per
							   profile waiver */
	size_t				 nwaivers;
	struct ha_report_engine		*engines;	/* owned (not the
							   facts); NULL for
							   one engine */
	size_t				 nengines;
};

/*
 * --all-engines: merge the reports of n engines (each built over its own
 * facts with the same profile, names[i] naming per[i]) into out.  Host
 * checks (and those left to a person) come once, from per[0], when every
 * engine judged them alike; otherwise, and for every other check, the
 * check gets the targets of every engine, each tagged with its engine (a
 * check without targets becomes one target of kind "engine"), and is
 * folded again.  The
 * reports in per are emptied (their targets move) and still released by
 * the caller; their facts must outlive out.
 */
void	 ha_report_merge(struct ha_report *out, struct ha_report *per,
	    const char *const *names, size_t n);

/* Evaluate every profile entry over facts, then score. */
void	 ha_report_build(struct ha_report *rep, const struct ha_profile *p,
	    const json_t *facts);

/* What ha_report_build_opts() may be told; zeroed: everything, today. */
struct ha_build_opts {
	const struct ha_select	*select;	/* containers to audit;
						   NULL: all */
	long			 today;		/* YYYYMMDD for waiver expiry;
						   0: the current UTC date */
};

/*
 * ha_report_build() with options: container targets limited to the
 * selection, and the profile's waivers applied as of today (see
 * ha_waiver.h).  Check selection is applied to the profile beforehand
 * (ha_select_profile).
 */
void	 ha_report_build_opts(struct ha_report *rep,
	    const struct ha_profile *p, const json_t *facts,
	    const struct ha_build_opts *o);
void	 ha_report_score(struct ha_report *rep);
void	 ha_report_release(struct ha_report *rep);
/* The worst status among results that count for the exit status. */
int	 ha_report_has_failures(const struct ha_report *rep);
/*
 * 1 when the audit did not see all it was asked to: a result or a target
 * in `error`, any failed engine request (the engine exists or was named),
 * or a daemon configuration file that could not be read or parsed.  Such
 * a run exits 3 (hostaudit(8), EXIT STATUS).
 */
int	 ha_report_blind(const struct ha_report *rep);
/*
 * What the audit could not see, one short phrase each (a new array of
 * strings, possibly empty): no engine found and the endpoints tried,
 * engine requests that failed, the daemon process not found, the
 * daemon's configuration unreadable, not run as root and how many checks
 * that cost.
 */
json_t	*ha_report_not_seen(const struct ha_report *rep);
/* The same joined with "; " (caller frees), or NULL when empty. */
char	*ha_report_not_seen_line(const struct ha_report *rep);

/* Options every writer may read. */
struct ha_write_opts {
	int	 color;		/* ANSI colour (text only) */
	int	 verbose;	/* text: list passes too */
	int	 brief;		/* text: no remediation under failures
				   (--brief) */
};

/*
 * Helpers shared by the writers (src/write_util.c).  Strings in the model
 * are UTF-8 after ha_report_build(), which replaces invalid sequences by
 * U+FFFD (ha_report_make_utf8); the writers decode with ha_utf8_next() all
 * the same, so a hand-made model cannot make them emit invalid output.
 */
/* Decode one code point at *p and advance; invalid bytes give U+FFFD. */
uint32_t ha_utf8_next(const char **p);
/* Encode cp (at most U+10FFFF) into out[4]; returns the length. */
size_t	 ha_utf8_encode(char *out, uint32_t cp);
/* s with every invalid UTF-8 sequence replaced by U+FFFD (caller frees). */
char	*ha_utf8_lossy(const char *s);
/* Replace every string the report owns by its ha_utf8_lossy() form. */
void	 ha_report_make_utf8(struct ha_report *rep);
/*
 * Characters that would change how text around them looks or hide
 * what it says: controls (ANSI escapes), direction overrides and
 * isolates, zero-width characters.  Every writer and stderr shows them
 * escaped, as ha_text_escape() writes them ("\x1b", "\u202e").
 */
int	 ha_text_hidden(uint32_t cp);
size_t	 ha_text_escape(uint32_t cp, char *out, size_t size);
/* s escaped for XML and HTML text and attributes (&<>"' and controls). */
void	 ha_put_xml(FILE *fp, const char *s);
/* The targets of r that fail (0 when r fails as a whole). */
size_t	 ha_result_failing_targets(const struct ha_result *r);
/* The index of section id in rep->sections, or rep->nsections. */
size_t	 ha_report_section_index(const struct ha_report *rep, const char *id);
/* The change's name: "", "new", "still_failing", "fixed". */
const char *ha_change_name(enum ha_change c);

struct ha_writer {
	const char	*name;
	const char	*description;
	int		(*write)(const struct ha_report *rep, FILE *fp,
			    const struct ha_write_opts *o);
};

/* The writers table; NULL when name is unknown. */
const struct ha_writer	*ha_writer_find(const char *name);
size_t			 ha_writer_count(void);
const struct ha_writer	*ha_writer_at(size_t i);

/*
 * The engine of a facts document for reports: {status, kind, version,
 * api_version, endpoint, source, rootless, remote} (a new reference),
 * and as one line for people ("docker 24.0.7 (API 1.43) at unix://...
 * (the default socket ...)"; caller frees).
 */
json_t	*ha_report_engine_json(const json_t *facts);
char	*ha_report_engine_line(const json_t *facts);

/* The JSON report as a jansson object (new reference); used by writers. */
json_t	*ha_report_to_json(const struct ha_report *rep);
/*
 * The same in pieces, for a writer that streams: every member of the
 * report in its order, "results" an empty array (new reference), and
 * each result's object (new reference).  ha_report_to_json() is the head
 * with the results appended.
 */
json_t	*ha_report_json_head(const struct ha_report *rep);
json_t	*ha_report_result_json(const struct ha_result *r);
/*
 * A result's object without "targets" (its last member, present when
 * there are targets): the JSON writer writes the targets itself.
 */
json_t	*ha_report_result_head_json(const struct ha_result *r);
/*
 * The host a facts document describes: {hostname, os, kernel,
 * architecture} (a new reference), each null when unknown; for a remote
 * engine, what its /info says.
 */
json_t	*ha_report_host_json(const struct ha_report *rep);

/* ha_write_atomic and ha_write_atomic_group: see ha_output.h. */

#endif

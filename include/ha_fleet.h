/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ha_fleet.h - one report of many hosts (--merge): the JSON reports of
 * single audits folded into a fleet summary, written as JSON (schema
 * hostaudit-fleet/1), HTML, CSV or Markdown.
 *
 * Reports are streamed: ha_fleet_add_*() reads one report (at most
 * HA_FLEET_MAX_REPORT bytes), keeps what the fleet report shows of it
 * (the host, its engine, scores and counts, the status and failing
 * target count of each result) and frees it before the next, so memory
 * grows with the summary only, never with the reports.
 *
 * A host is its hostname and its engine id (engine.id): two engines of
 * one name are two hosts.  The same hostname and engine id twice is one
 * host reported twice: the newest report (started_at) is kept, the
 * other dropped with a warning.
 *
 * Only reports of the current schema (HA_REPORT_SCHEMA) are read; any
 * other, and a text that is not JSON, is an error naming the file (and
 * line and column), and the report is skipped.
 *
 * Ownership: struct ha_fleet owns everything it holds; ha_fleet_free()
 * accepts NULL.  Paths are copied.
 */
#ifndef HA_FLEET_H
#define HA_FLEET_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define HA_FLEET_SCHEMA		"hostaudit-fleet/1"
/* The largest report read (as for a --baseline). */
#define HA_FLEET_MAX_REPORT	(64UL * 1024 * 1024)

/* A check as the fleet knows it: one per check id and reference. */
struct ha_fleet_check {
	char	*id;
	char	*ref;
	char	*section;
	char	*title;		/* of the first report that has it */
	char	*severity;
	int	 sev;		/* enum ha_severity; -1 when unknown */
	size_t	 nfail;		/* hosts failing it (after finishing) */
	size_t	 nseen;		/* hosts reporting it */
};

struct ha_fleet_section {
	char	*id;
	char	*title;
};

/* One result of a host: a check, its status and failing targets. */
struct ha_fleet_result {
	uint32_t	check;		/* index in checks[] */
	uint32_t	failing;	/* targets with status fail */
	uint8_t		status;		/* enum ha_status */
};

struct ha_fleet_secscore {
	uint32_t	section;	/* index in sections[] */
	int		has;		/* 0: no score (n/a) */
	double		percent;
};

struct ha_fleet_host {
	char			*hostname;
	char			*engine_id;	/* "" when unknown */
	char			*engine_kind;	/* each NULL when unknown */
	char			*engine_version;
	char			*engine_endpoint;
	char			*os;
	char			*kernel;
	char			*profile;
	char			*started_at;	/* as the report says it */
	char			*source;	/* the file it was read from */
	int64_t			 started;	/* epoch seconds */
	int			 has_score;
	double			 score;
	double			 coverage;
	int			 counts[8];	/* by enum ha_status */
	struct ha_fleet_secscore *sections;
	size_t			 nsections;
	struct ha_fleet_result	*results;
	size_t			 nresults;
	int			 twin;		/* another host has its
						   hostname (after
						   finishing) */
};

struct ha_fleet {
	int64_t			 generated_at;
	struct ha_fleet_host	*hosts;
	size_t			 nhosts;
	size_t			 ahosts;	/* allocated */
	struct ha_fleet_check	*checks;
	size_t			 nchecks;
	struct ha_fleet_section	*sections;
	size_t			 nsections;
	size_t			 nread;		/* reports folded */
	size_t			 ndup;		/* of those, dropped as the
						   same host again */
	char			**bad;		/* inputs that could not be
						   read */
	size_t			 nbad;
	/* After ha_fleet_finish(): */
	size_t			*order;		/* hosts by hostname, engine
						   id */
	size_t			*corder;	/* checks failing on most
						   hosts first (those some
						   host reports) */
	size_t			 nchecks_seen;	/* entries in corder */
	size_t			 oldest;	/* index in hosts[]; nhosts:
						   none */
	int			 finished;
	/* Where the hosts' strings and arrays live (fleet.c). */
	char			**blocks;
	size_t			 nblocks;
	char			*acur;
	size_t			 aleft;
	/* Lookup tables (index + 1; 0 is empty). */
	uint32_t		*hix;
	size_t			 hixsz;
	uint32_t		*cix;
	size_t			 cixsz;
};

/* An empty fleet; generated_at (epoch seconds) dates the fleet report. */
struct ha_fleet	*ha_fleet_new(int64_t generated_at);
void		 ha_fleet_free(struct ha_fleet *f);

/*
 * Fold one report, text (len bytes) read from path (which names it in
 * messages).  Returns 0, or -1 after ha_error() naming path (and for an
 * error in the text, its line and column); the fleet is then unchanged.
 */
int	 ha_fleet_add_text(struct ha_fleet *f, const char *text, size_t len,
	    const char *path);
/* The same for a file. */
int	 ha_fleet_add_file(struct ha_fleet *f, const char *path);
/*
 * A file, or a directory: each of its entries named *.json, in byte
 * order of their names (not descending).  Returns the number of reports
 * that could not be read (each reported), 0 when all were folded.
 */
size_t	 ha_fleet_add_path(struct ha_fleet *f, const char *path);

/*
 * Order the hosts and checks, count the hosts failing each check, find
 * the oldest report.  The writers call it; folding more undoes it.
 */
void	 ha_fleet_finish(struct ha_fleet *f);
/* The host at position i of the sorted order (after ha_fleet_finish). */
const struct ha_fleet_host *ha_fleet_host_at(const struct ha_fleet *f,
	    size_t i);
/* "hostname", or "hostname (engine id's first 12)" when it has a twin. */
char	*ha_fleet_host_label(const struct ha_fleet_host *h);

/*
 * For the writers.  The hosts failing each check: for check index c,
 * entries (*off)[c] to (*off)[c + 1] of the array returned, by sorted
 * position.  Caller frees both.
 */
struct ha_fleet_fail {
	uint32_t	pos;		/* in the sorted host order */
	uint32_t	failing;	/* its targets failing */
};
struct ha_fleet_fail *ha_fleet_fail_index(const struct ha_fleet *f,
	    size_t **off);
/* Mean (rounded), lowest and highest score of the n hosts with one. */
void	 ha_fleet_score_range(const struct ha_fleet *f, double *mean,
	    double *min, double *max, size_t *n);
/* The HTML page (src/fleet_html.c). */
int	 ha_fleet_write_html(struct ha_fleet *f, FILE *fp);

/*
 * How many reports the streaming reader folded so far (the others went
 * through jansson after it gave up, for the exact error); for tests.
 */
size_t	 ha_fleet_fast_reads(void);

/* The fleet writers: json, html, csv, markdown. */
struct ha_fleet_writer {
	const char	*name;
	const char	*description;
	int		(*write)(struct ha_fleet *f, FILE *fp);
};

/* A writer by name; NULL when unknown. */
const struct ha_fleet_writer	*ha_fleet_writer_find(const char *name);
size_t				 ha_fleet_writer_count(void);
const struct ha_fleet_writer	*ha_fleet_writer_at(size_t i);

#endif

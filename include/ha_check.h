/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ha_check.h - check descriptors, results and the registry.
 *
 * A check is a file-scope const struct ha_check in checks/<section>.c,
 * listed in that file's table; checks/registry.c gathers the tables.
 * Descriptors are never written at run time.  Runtime results live in
 * struct ha_result (see ha_report.h).
 *
 * How to add a check:
 *   1. write its evaluation function in the checks/ file of its section;
 *      it reads only ctx->facts and ctx->params (no I/O);
 *   2. add a descriptor with designated initializers to that file's table;
 *   3. add it to the profiles that should run it (the JSON files in profiles/);
 *   4. add a pass and a fail fixture to tests/unit/test_checks_<file>.c.
 *
 * The id is a stable slug ("daemon.icc", "container.privileged") that never
 * changes; the benchmark number ("2.2") belongs to the profile.
 *
 * Evaluation has two forms:
 *   - eval: one call for the whole check (host, daemon and file scopes).
 *     It sets the status and message through ha_result_set() and may add
 *     targets (e.g. one per file) with ha_result_add_target().
 *   - eval_target: one call per container (scope container) or per image
 *     (scope image); the evaluator iterates, names the target, adds it,
 *     and derives the check's status and message from the targets.
 *     It returns the target's status and writes a short detail into
 *     *detail (a caller-owned buffer, empty on entry).
 * A check with neither is manual: listed, explained, never scored.
 *
 * A site's own checks are not compiled in: a profile defines them in jq
 * (ha_custom.h), as descriptors it owns whose evaluators find their
 * program through ctx->check.
 */
#ifndef HA_CHECK_H
#define HA_CHECK_H

#include <stddef.h>

#include <jansson.h>

#include "ha_buf.h"
#include "ha_util.h"

enum ha_status {
	HA_PASS,
	HA_FAIL,
	HA_WARN,
	HA_INFO,
	HA_MANUAL,
	HA_SKIP,	/* not applicable; the message says why */
	HA_ERROR,	/* could not evaluate; never a finding */
	HA_WAIVED,
	HA_STATUS_COUNT
};

enum ha_scope {
	HA_SCOPE_HOST,
	HA_SCOPE_DAEMON,
	HA_SCOPE_FILE,
	HA_SCOPE_IMAGE,
	HA_SCOPE_CONTAINER,
	HA_SCOPE_COUNT
};

enum ha_severity {
	HA_SEV_INFO,
	HA_SEV_LOW,
	HA_SEV_MEDIUM,
	HA_SEV_HIGH,
	HA_SEV_CRITICAL,
	HA_SEV_COUNT
};

struct ha_result;

/* What an evaluation function may read. */
struct ha_ctx {
	const json_t		*facts;		/* the whole facts document */
	const json_t		*params;	/* the profile's params, or
						   NULL */
	const struct ha_check	*check;		/* the check being run (set
						   by ha_check_run_select) */
};

/* A profile parameter a check accepts (see hostaudit-profile(5)). */
enum ha_param_type {
	HA_PARAM_INT,		/* a non-negative integer */
	HA_PARAM_STRINGS,	/* an array of strings */
};

struct ha_param {
	const char		*name;
	enum ha_param_type	 type;
};

struct ha_check {
	const char		*id;		/* stable slug */
	const char		*title;
	enum ha_scope		 scope;
	int			 level;		/* default CIS level, 1 or 2 */
	enum ha_severity	 severity;	/* default severity */
	const char		*rationale;	/* one or two sentences */
	const char		*audit;		/* how it is checked */
	const char		*remediation;
	int			 needs_engine;	/* host/daemon checks that read
						   engine facts: the evaluator
						   checks the engine first */
	enum ha_status		(*eval)(const struct ha_ctx *ctx,
				    struct ha_result *res);
	enum ha_status		(*eval_target)(const struct ha_ctx *ctx,
				    const json_t *obj, struct ha_buf *detail);
	/* Accepted profile parameters, ended by a NULL name; NULL: none. */
	const struct ha_param	*params;
	/*
	 * NULL for a built-in check.  A profile's custom check (ha_custom.h)
	 * is a descriptor the profile allocates and owns; origin says where
	 * it is defined, "site.json:12:5".
	 */
	const char		*origin;
};

/* Status, scope and severity names as they appear in reports. */
const char	*ha_status_name(enum ha_status s);
const char	*ha_scope_name(enum ha_scope s);
const char	*ha_severity_name(enum ha_severity s);
/* Parse a name; -1 when unknown. */
int		 ha_severity_parse(const char *name);
int		 ha_status_parse(const char *name);

/* The registry: every built-in check, in a stable order. */
size_t			 ha_registry_count(void);
const struct ha_check	*ha_registry_at(size_t i);
/* A built-in check, else a custom check of a loaded profile; or NULL. */
const struct ha_check	*ha_registry_find(const char *id);
/* A built-in check only. */
const struct ha_check	*ha_registry_builtin(const char *id);
/*
 * The custom checks of loaded profiles, which ha_registry_find() sees
 * too (a --waivers file may name one).  The registry borrows c: its
 * profile adds it once it compiled and removes it before freeing it.
 * Neither changes ha_registry_count() or ha_registry_at().
 */
void			 ha_registry_add_custom(const struct ha_check *c);
void			 ha_registry_remove_custom(const struct ha_check *c);

/* For eval functions: set the result's status and message. */
enum ha_status	 ha_result_set(struct ha_result *res, enum ha_status st,
		    const char *fmt, ...) HA_PRINTF(3, 4);
/* For eval functions: add one target (kind "file", "container", ...). */
void		 ha_result_add_target(struct ha_result *res, const char *kind,
		    const char *name, enum ha_status st, const char *fmt, ...)
		    HA_PRINTF(5, 6);

/*
 * Derive a result's status and message from its targets: the worst
 * target status wins (a failure outweighs an evaluation error, which
 * outweighs a warning); when every finding is waived the result is
 * waived.  No-op without targets.
 */
void		 ha_result_fold(struct ha_result *res);

/*
 * Run one check over the facts into res (which ha_result_init prepared).
 * Handles scope preconditions (engine or daemon facts in error, no
 * containers), per-target iteration and manual checks.
 */
void		 ha_check_run(const struct ha_check *c,
		    const struct ha_ctx *ctx,
		    struct ha_result *res);
/* The same, auditing only the containers sel keeps (NULL: all). */
struct ha_select;
void		 ha_check_run_select(const struct ha_check *c,
		    const struct ha_ctx *ctx, const struct ha_select *sel,
		    struct ha_result *res);
/*
 * ha_check_run_select() of each of the n profile entries e (with its
 * params) into res[i] (each prepared by ha_result_init), as one audit:
 * the built-in container and image checks run together, object by
 * object, which gives each result the very targets it would get alone.
 */
struct ha_profile_entry;
void		 ha_check_run_entries(const struct ha_profile_entry *e,
		    size_t n, const struct ha_ctx *ctx,
		    const struct ha_select *sel, struct ha_result *res);

#endif

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ha_custom.h - a site's own checks, written in jq (hostaudit-profile(5),
 * CUSTOM CHECKS).
 *
 * A profile's "custom" array defines checks that are not compiled into
 * hostaudit: each has an id in the profile's namespace ("site.<name>"),
 * a title, a scope (container, image or host), a severity, a level, a
 * remediation, and a jq program.  The program runs against the object a
 * built-in check of that scope reads (one container's inspect object,
 * one image's, or the facts document) and its one output decides:
 *   true                          pass
 *   false                         fail
 *   "a string"                    fail, the string being the detail
 *   {"status": S, "detail": D}    S is pass, fail, warn, skip or info
 * Anything else (no output, two outputs, another type, a jq error, a
 * program stopped at a limit) makes that target, or the host check, an
 * error with the reason.
 *
 * Each custom check is a struct ha_check the profile allocates: its
 * eval (host) or eval_target (container, image) is a generic evaluator
 * that finds its compiled program from ctx->check, the descriptor being
 * the first member of the structure that holds the program.  Programs
 * are compiled once, when the profile loads; a program that does not
 * compile is a profile error at the position of its "jq" string.
 *
 * Every evaluation runs in a child process (fork, no exec) with limits,
 * so that no program can stop or exhaust the audit: a deadline on the
 * wall clock (the parent kills the child with SIGKILL), RLIMIT_CPU as a
 * backstop, RLIMIT_AS on the memory it may add, a cap on the size of its
 * output, and at most two outputs read (one is the answer, a second is
 * an error).  A program stopped at the deadline is not run again in
 * that audit (its other targets are errors at once), and all the
 * evaluations of one set share a time budget: past it, they are errors
 * without being run.  So the custom checks of a profile add at most
 * HA_CUSTOM_BUDGET_MS to an audit, whatever their programs do.
 *
 * Ownership: struct ha_custom_set owns its checks, their strings and
 * their compiled programs; profile entries and report results borrow
 * the descriptors, so the set (the profile holding it) must outlive the
 * report.  While a set holds a check, ha_registry_find() sees it.
 */
#ifndef HA_CUSTOM_H
#define HA_CUSTOM_H

#include <stddef.h>

#include <jansson.h>

#include "ha_buf.h"
#include "ha_check.h"

/* The limits every evaluation runs under (hostaudit-profile(5)). */
#define HA_CUSTOM_TIMEOUT_MS	2000		/* one evaluation */
#define HA_CUSTOM_BUDGET_MS	10000		/* all of one set */
#define HA_CUSTOM_MAX_OUTPUT	(64 * 1024)	/* bytes, as JSON */
#define HA_CUSTOM_MAX_MEMORY	(512UL * 1024 * 1024)	/* bytes added */
#define HA_CUSTOM_MAX_DETAIL	1024		/* bytes of a detail */

struct ha_custom_limits {
	long	timeout_ms;
	long	budget_ms;
	size_t	max_output;
	size_t	max_memory;
};

/* Set the limits (NULL: the defaults above); for tests. */
void	 ha_custom_limits_set(const struct ha_custom_limits *l);

struct ha_custom_set;
struct ha_jsonpos;

/*
 * Validate and compile the custom checks of arr (a profile's "custom"
 * array, at JSON pointer base, e.g. "/custom") and add the right ones to
 * *set (created when NULL).  ix gives positions, names the file and
 * counts the errors; every error is reported
 * ("p.json:7:14: custom[0] ('site.x'): 'jq' does not compile: ...").
 * An id must be "site." and a name, defined once in the set (which holds
 * the checks of the profiles extended too), and never a built-in id.
 * Returns 0, or -1 when arr had an error.
 */
int	 ha_custom_parse(const json_t *arr, const struct ha_jsonpos *ix,
	    const char *base, struct ha_custom_set **set);

/* The checks of a set, in the order defined (parents first). */
size_t			 ha_custom_count(const struct ha_custom_set *s);
const struct ha_check	*ha_custom_at(const struct ha_custom_set *s,
			    size_t i);
/* The check of the set with that id, or NULL (s may be NULL). */
const struct ha_check	*ha_custom_find(const struct ha_custom_set *s,
			    const char *id);
/* The jq program of a custom check (borrowed), or NULL for a built-in. */
const char		*ha_custom_program(const struct ha_check *c);

/*
 * Run custom check c's program over input (borrowed) under the limits,
 * charging the time to c's set: the status, and the detail appended to
 * detail.  What the evaluators of a custom check call; tests too.
 */
enum ha_status	 ha_custom_eval(const struct ha_check *c,
		    const json_t *input, struct ha_buf *detail);

/* Free a set (NULL accepted), removing its checks from the registry. */
void	 ha_custom_set_free(struct ha_custom_set *s);

#endif

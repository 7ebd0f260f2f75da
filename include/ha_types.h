/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ha_types.h - the JSON types of the inspect fields that the container
 * and image checks read.
 *
 * Checks read inspect objects through jansson's lenient accessors:
 * json_is_true() of "yes" is false, json_string_value() of 5 is NULL,
 * json_array_foreach() over a string visits nothing.  A field of the
 * wrong type (a hostile or broken engine, an edited --facts file) would
 * so read as "off" or "absent", and a check would pass what it could not
 * see.  Before any check judges a container or an image, run_targets()
 * holds the object against one table of those fields and their types
 * (src/types.c); an object that does not match is an error target of
 * every check, never a pass.
 *
 * What the table does not judge: a missing field (each check says what
 * its absence means) and null where the engine itself sends null (a Go
 * nil slice, map or pointer: "CapAdd": null is "none").  Where null would
 * hide something the engine never sends it ("Privileged": null), null is
 * a mismatch.
 *
 * Ownership: every json_t * is borrowed and left unchanged; messages are
 * borrowed as each function says.
 */
#ifndef HA_TYPES_H
#define HA_TYPES_H

#include <stddef.h>

#include <jansson.h>

#include "ha_buf.h"

enum ha_types_kind {
	HA_TYPES_CONTAINER,	/* GET /containers/{id}/json (+ Processes) */
	HA_TYPES_IMAGE,		/* GET /images/{id}/json (+ History) */
	HA_TYPES_KIND_COUNT
};

/*
 * 0 when every field of kind's table that obj has is of its expected
 * type; else -1 and the first mismatch appended to why, e.g.
 * "HostConfig.Privileged is not a boolean (it is a string)".  An obj that
 * is not an object is a mismatch too.
 */
int		 ha_types_check(const json_t *obj, enum ha_types_kind kind,
		    struct ha_buf *why);

/*
 * ha_types_check() of the object at index i of list (facts.engine.
 * containers or .images), remembered: every check of an audit runs over
 * the same list, so each object is judged once per audit, not once per
 * check.  NULL when it matches, else the mismatch (borrowed until the
 * next call or ha_types_forget()).  The memo holds references to list
 * and to the objects judged until another list of that kind is asked
 * about; objects must not change in place while it holds them (facts are
 * read-only while checks run).
 */
const char	*ha_types_check_at(const json_t *list, size_t i,
		    enum ha_types_kind kind);

/* Drop the memo and its references. */
void		 ha_types_forget(void);

#endif

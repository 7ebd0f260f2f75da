/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ha_slim.h - slim facts: each container and image inspect object keeps
 * only the fields hostaudit reads.
 *
 * An inspect object of GET /containers/{id}/json is several kilobytes
 * (and jansson makes that many times more in memory); the checks read a
 * few dozen of its fields.  Facts keep, per container and per image, the
 * fields of one declaration (src/slim.c): those the container and image
 * checks read, those collection reads after the inspect (State.Pid for
 * the processes), those the report shows (Id, Name, State.Status,
 * Config.Image, Image, the Compose labels) and Config.Labels whole (for
 * --label).  So memory follows the number of containers, not the size of
 * their inspect objects.  tests/unit/test_slim.c runs every container and
 * image check over full and slimmed objects and requires the same
 * results, so that a check reading an undeclared field fails there.
 *
 * A profile's custom jq checks (ha_custom.h) read what they like: a
 * custom check of scope container or image adds the fields it declares
 * ("reads") with ha_slim_keep(), and one that declares none keeps the
 * whole objects of its scope (ha_slim_keep_all()).  Both hold for the
 * rest of the process (until ha_slim_reset()).
 *
 * Paths are dotted field names from the inspect object, where "[]"
 * stands for every element of an array and "{}" for every value of an
 * object: "HostConfig.Privileged", "History[].CreatedBy",
 * "NetworkSettings.Networks{}.NetworkID".  A path keeps the whole value
 * it names.  A value of another type than the path expects (HostConfig a
 * string) is kept as it is, so that the type check (ha_types.h) still
 * sees it.
 */
#ifndef HA_SLIM_H
#define HA_SLIM_H

#include <jansson.h>

#include "ha_check.h"

/*
 * The slim form of obj, an inspect object of scope HA_SCOPE_CONTAINER or
 * HA_SCOPE_IMAGE: a new reference; obj is stolen (NULL gives NULL).  For
 * any other scope obj itself is returned.
 */
json_t	*ha_slim(json_t *obj, enum ha_scope scope);

/*
 * For the engine collector: the slim form of the answer to GET path
 * when path is "/containers/ID/json" or "/images/ID/json", else answer
 * itself.  answer is stolen (NULL gives NULL).
 */
json_t	*ha_slim_answer(const char *path, json_t *answer);

/*
 * The same from the answer's text (len bytes): only the fields kept are
 * parsed, so that jansson neither reads nor allocates for the rest.  A
 * new reference, or NULL when path is no inspect, the objects are kept
 * whole, or the text cannot be read so: the caller then parses it the
 * plain way, which says what is wrong.
 */
json_t	*ha_slim_answer_text(const char *path, const char *text, size_t len);

/* Slim engine.containers and engine.images of facts, in place. */
void	 ha_slim_facts(json_t *facts);

/*
 * Also keep path in the objects of scope (container or image).  0, or -1
 * when path is not a well-formed path (nothing kept then).
 */
int	 ha_slim_keep(enum ha_scope scope, const char *path);
/* Keep the objects of scope whole. */
void	 ha_slim_keep_all(enum ha_scope scope);
/* Back to the built-in declaration. */
void	 ha_slim_reset(void);

/*
 * Parse a facts document from the file descriptor fd (at most max
 * bytes), slimming each element of engine.containers and engine.images
 * as soon as it is read, so that the whole document is never in memory
 * in full.  Each element's text is slimmed before jansson parses it (a
 * dropped field is scanned, not parsed), and values equal to one read
 * before are that very value (shared, refcounted): containers of one
 * image and service take the memory of their differences, so the facts
 * it returns are read only.  A new reference, or NULL: errno EFBIG when
 * the input is larger than max, else (a read error, or text that is not
 * JSON) the caller reads it again the plain way to say why.
 */
json_t	*ha_slim_load_fd(int fd, size_t max);

#endif

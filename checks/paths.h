/* SPDX-License-Identifier: Apache-2.0 */
/*
 * paths.h - host paths that container checks care about, defined once,
 * and lexical path helpers (no file system access).
 */
#ifndef HA_PATHS_H
#define HA_PATHS_H

#include <stddef.h>

/*
 * Host directories a container must not bind-mount (NULL-terminated).
 * "/" matches only itself; the others match themselves and every path
 * under them.
 */
extern const char *const ha_paths_sensitive[];

/* Where the Docker socket usually lives (NULL-terminated). */
extern const char *const ha_paths_docker_sock[];

/*
 * Clean path lexically into buf (size len): collapse "//", drop "." and
 * trailing slashes, resolve ".." against what precedes it.  Returns 0, or
 * -1 when path is not absolute or does not fit.
 */
int	 ha_path_clean(const char *path, char *buf, size_t len);

/*
 * 1 when path (clean, absolute) is dir or lies under it; "/" as dir
 * matches only "/" when exact is set, every path otherwise.
 */
int	 ha_path_under(const char *path, const char *dir, int exact_root);

/* The entry of ha_paths_sensitive that path falls under, or NULL. */
const char *ha_path_sensitive(const char *path);

#endif

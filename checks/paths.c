/* SPDX-License-Identifier: Apache-2.0 */
/* paths.c - sensitive host paths and lexical path helpers (see paths.h). */
#include <string.h>

#include "paths.h"
#include "banned.h"

const char *const ha_paths_sensitive[] = {
	"/", "/boot", "/dev", "/etc", "/lib", "/proc", "/sys", "/usr", NULL,
};

const char *const ha_paths_docker_sock[] = {
	"/var/run/docker.sock", "/run/docker.sock", NULL,
};

int
ha_path_clean(const char *path, char *buf, size_t len)
{
	const char *p = path, *e;
	size_t n, o = 0;

	if (path == NULL || *path != '/' || len < 2)
		return -1;
	while (*p != '\0') {
		while (*p == '/')
			p++;
		e = strchr(p, '/');
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		if (n == 0 || (n == 1 && p[0] == '.')) {
			/* nothing */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (o > 0 && buf[--o] != '/')
				continue;	/* drop the last component */
		} else {
			if (o + 1 + n + 1 > len)
				return -1;
			buf[o++] = '/';
			memcpy(buf + o, p, n);
			o += n;
		}
		p += n;
	}
	if (o == 0)
		buf[o++] = '/';
	buf[o] = '\0';
	return 0;
}

int
ha_path_under(const char *path, const char *dir, int exact_root)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n == 1 && dir[0] == '/')
		return exact_root ? strcmp(path, "/") == 0 : path[0] == '/';
	return strncmp(path, dir, n) == 0 &&
	    (path[n] == '\0' || path[n] == '/');
}

const char *
ha_path_sensitive(const char *path)
{
	size_t i;

	for (i = 0; ha_paths_sensitive[i] != NULL; i++)
		if (ha_path_under(path, ha_paths_sensitive[i], 1))
			return ha_paths_sensitive[i];
	return NULL;
}

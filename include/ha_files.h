/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ha_files.h - the file facts (src/files.c): owner, group, mode and type
 * of every file and socket the benchmark names (facts.files, one entry
 * per role) and of the registry certificates under /etc/docker/certs.d
 * (facts.registry_certs).  Paths are looked up in the host root through
 * ha_hostfs.h and reported as host paths.
 *
 * Ownership: facts is borrowed; keys are added.
 */
#ifndef HA_FILES_H
#define HA_FILES_H

#include <jansson.h>

#include "ha_collect_opts.h"

/* facts.files and facts.registry_certs; after ha_collect_daemon(). */
void	 ha_collect_files(const struct ha_collect_opts *o, json_t *facts);

#endif

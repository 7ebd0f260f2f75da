/* SPDX-License-Identifier: Apache-2.0 */
/*
 * checks.h - the per-section check tables (each ends with an entry whose
 * id is NULL) and helpers shared by check files.  Private to checks/ and
 * its tests.
 */
#ifndef HA_CHECKS_H
#define HA_CHECKS_H

#include "ha_check.h"

extern const struct ha_check ha_checks_host[];
extern const struct ha_check ha_checks_daemon[];
extern const struct ha_check ha_checks_files[];
extern const struct ha_check ha_checks_images[];
extern const struct ha_check ha_checks_runtime[];
extern const struct ha_check ha_checks_secops[];
extern const struct ha_check ha_checks_swarm[];
extern const struct ha_check ha_checks_extra[];
extern const struct ha_check ha_checks_exposure[];

#endif

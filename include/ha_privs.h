/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ha_privs.h - least privilege.  Once the facts are collected hostaudit
 * only evaluates and writes its report, so it sets PR_SET_NO_NEW_PRIVS
 * and drops every capability but CAP_DAC_OVERRIDE (kept so that a report
 * can still be written into a directory root does not own).
 */
#ifndef HA_PRIVS_H
#define HA_PRIVS_H

/* Returns 0, or -1 after a warning (the run goes on). */
int	ha_privs_drop(void);

#endif

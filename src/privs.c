/* SPDX-License-Identifier: Apache-2.0 */
/* privs.c - drop what is no longer needed once the facts are in. */
#include <errno.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>

#include "ha_privs.h"
#include "ha_util.h"
#include "banned.h"

int
ha_privs_drop(void)
{
	cap_value_t keep[] = { CAP_DAC_OVERRIDE };
	cap_flag_value_t had = CAP_CLEAR;
	cap_t cur = NULL, want = NULL;
	int rc = -1;

	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0) {
		ha_warn("cannot set no_new_privs: %s", strerror(errno));
		return -1;
	}
	if ((cur = cap_get_proc()) == NULL || (want = cap_init()) == NULL)
		goto out;
	if (cap_get_flag(cur, keep[0], CAP_PERMITTED, &had) < 0)
		goto out;
	if (had == CAP_SET && (cap_set_flag(want, CAP_PERMITTED, 1, keep,
	    CAP_SET) < 0 || cap_set_flag(want, CAP_EFFECTIVE, 1, keep,
	    CAP_SET) < 0))
		goto out;
	if (cap_set_proc(want) < 0)
		goto out;
	rc = 0;
out:
	if (rc < 0)
		ha_warn("cannot drop capabilities: %s", strerror(errno));
	cap_free(cur);
	cap_free(want);
	return rc;
}

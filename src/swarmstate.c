/* SPDX-License-Identifier: Apache-2.0 */
/*
 * swarmstate.c - facts.daemon.swarm_state: the swarm node's start
 * configuration, which dockerd keeps in <data-root>/swarm/docker-state.json
 * ({"ListenAddr": "0.0.0.0:2377", "AdvertiseAddr": "", ...}).  GET /info
 * does not report the listen address; this file does (CIS 7.2).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "ha_buf.h"
#include "ha_collect_opts.h"
#include "ha_daemon.h"
#include "ha_hostfs.h"
#include "ha_jsonpos.h"
#include "ha_procs.h"
#include "ha_util.h"
#include "banned.h"

#define STATE_FILE	"/swarm/docker-state.json"

/*
 * The parsed state file, host path path in the view fs (new reference);
 * NULL when absent; else *err.
 */
static json_t *
state_load(struct ha_hostfs *fs, const char *path, char **err)
{
	json_error_t je;
	struct ha_buf b;
	json_t *j = NULL;
	char *shown = ha_hostfs_path(fs, path);
	int line, col;

	*err = NULL;
	ha_buf_init(&b, HA_SWARM_STATE_MAX);
	if (ha_hostfs_read(fs, path, &b, 1) < 0) {
		if (errno != ENOENT)
			*err = ha_xasprintf("cannot read '%s': %s", shown,
			    errno == EFBIG ? "larger than the size cap" :
			    strerror(errno));
		goto done;
	}
	j = json_loadb(b.data, b.len, 0, &je);
	if (j == NULL) {
		ha_jsonpos_syntax_at(b.data, b.len, &je, &line, &col);
		*err = ha_xasprintf("%s:%d:%d: %s", shown, line, col, je.text);
	} else if (!json_is_object(j)) {
		*err = ha_xasprintf("%s:1:1: not a JSON object", shown);
		json_decref(j);
		j = NULL;
	}
done:
	ha_buf_release(&b);
	free(shown);
	return j;
}

/*
 * The file is dockerd's: it is read through the daemon's own root when
 * collect could enter it (dockerd may see another data root than
 * hostaudit's mount namespace does), else under the host root; either
 * way in a view of that root (ha_hostfs.h).
 */
void
ha_collect_swarm_state(const struct ha_collect_opts *o, json_t *facts)
{
	json_t *daemon = json_object_get(facts, "daemon"), *st;
	struct ha_hostfs *fs;
	const char *dr, *from;
	char *host_path, *err;

	dr = json_string_value(json_object_get(json_object_get(
	    json_object_get(daemon, "settings"), "data-root"), "value"));
	if (!json_is_object(daemon) || dr == NULL || dr[0] != '/')
		return;
	fs = ha_hostfs_open(ha_daemon_view_root(o, facts, &from));
	host_path = ha_xasprintf("%s%s", dr, STATE_FILE);
	st = state_load(fs, host_path, &err);
	if (err != NULL) {
		ha_facts_error(facts, "daemon.swarm_state", "%s", err);
		st = json_pack("{s:s}", "error", err);
	}
	if (st != NULL) {
		json_object_set_new(st, "path", json_string(host_path));
		json_object_set_new(st, "read_from", json_string(from));
		json_object_set_new(daemon, "swarm_state", st);
	}
	free(err);
	free(host_path);
	ha_hostfs_close(fs);
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * daemon_json.c - fuzz the daemon.json loader and the merge.
 *
 * The input is the bytes of a daemon.json.  config_parse() (the loader's
 * parsing half, file-local to src/daemon.c, which is included) turns it
 * into a config_file object; a parsed object is then merged by
 * ha_daemon_effective() with a fixed command line and environment, as
 * ha_collect_daemon() does.
 */
#include <stdint.h>

#include "../src/daemon.c"
#include "fuzz.h"

#define FUZZ_MAX_INPUT	(64 * 1024)

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *res, *argv, *env, *out;
	const json_t *content;

	if (size > FUZZ_MAX_INPUT)
		return -1;
	fuzz_quiet();
	res = json_object();
	config_parse(res, "/etc/docker/daemon.json", (const char *)data,
	    size);
	content = json_object_get(res, "content");
	argv = json_pack("[s, s, s, s, s]", "/usr/bin/dockerd", "-H",
	    "fd://", "--containerd=/run/containerd/containerd.sock",
	    "--icc=false");
	env = json_pack("{s:s, s:s}", "DOCKER_TLS_VERIFY", "1",
	    "DOCKER_CERT_PATH", "/etc/docker/certs");
	out = ha_daemon_effective(argv, env, json_is_object(content) ?
	    content : NULL);
	json_decref(out);
	out = ha_daemon_effective(NULL, NULL, json_is_object(content) ?
	    content : NULL);
	json_decref(out);
	json_decref(env);
	json_decref(argv);
	json_decref(res);
	return 0;
}

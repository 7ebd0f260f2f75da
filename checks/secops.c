/* SPDX-License-Identifier: Apache-2.0 */
/*
 * secops.c - CIS Docker 1.6.0 section 6: security operations (image and
 * container sprawl).  The benchmark leaves the limits to the site; the
 * profile may give them as parameters, else the counts are reported as
 * info for a person to judge.
 */
#include <string.h>

#include "ha_facts.h"
#include "ha_report.h"
#include "checks.h"
#include "banned.h"

/*
 * The integer parameter name: 1 and *out when given, 0 when absent,
 * -1 (result set to error) when it is not a non-negative integer.
 */
static int
get_limit(const struct ha_ctx *ctx, const char *name, long long *out,
    struct ha_result *res)
{
	const json_t *v = json_object_get(ctx->params, name);

	if (v == NULL)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < 0) {
		ha_result_set(res, HA_ERROR, "profile parameter '%s' must be a "
		    "non-negative integer", name);
		return -1;
	}
	*out = json_integer_value(v);
	return 1;
}

/* 1 when some container's Image is image id. */
static int
image_in_use(const json_t *containers, const char *id)
{
	const json_t *c;
	const char *img;
	size_t i;

	json_array_foreach(containers, i, c) {
		img = json_string_value(json_object_get(c, "Image"));
		if (img != NULL && strcmp(img, id) == 0)
			return 1;
	}
	return 0;
}

static enum ha_status
eval_image_sprawl(const struct ha_ctx *ctx, struct ha_result *res)
{
	const json_t *list = ha_facts_get(ctx->facts, "engine.image_list");
	const json_t *ctrs = ha_facts_get(ctx->facts, "engine.containers");
	const json_t *img;
	const char *id;
	size_t i, total = 0, unused = 0;
	long long max = 0;
	int have;

	if (!json_is_array(list))
		return ha_result_set(res, HA_ERROR, "the list of all images "
		    "(GET /images/json) was not collected");
	if ((have = get_limit(ctx, "max_unused_images", &max, res)) < 0)
		return HA_ERROR;
	json_array_foreach(list, i, img) {
		total++;
		id = json_string_value(json_object_get(img, "Id"));
		if (id == NULL || image_in_use(ctrs, id))
			continue;
		unused++;
		ha_result_add_target(res, "image", ha_facts_object_name(img),
		    HA_INFO, "not used by any container");
	}
	if (have && (long long)unused > max)
		return ha_result_set(res, HA_FAIL, "%zu images, %zu in use, "
		    "%zu unused: more than the %lld allowed", total,
		    total - unused, unused, max);
	if (have)
		return ha_result_set(res, HA_PASS, "%zu images, %zu in use, "
		    "%zu unused (at most %lld allowed)", total, total - unused,
		    unused, max);
	if (unused == 0)
		return ha_result_set(res, HA_PASS, "%zu images, all in use",
		    total);
	return ha_result_set(res, HA_INFO, "%zu images, %zu in use, %zu "
	    "unused: remove the images no longer needed", total,
	    total - unused, unused);
}

static int
is_running(const json_t *c)
{
	return json_is_true(json_object_get(json_object_get(c, "State"),
	    "Running"));
}

static enum ha_status
eval_container_sprawl(const struct ha_ctx *ctx, struct ha_result *res)
{
	const json_t *ctrs = ha_facts_get(ctx->facts, "engine.containers");
	const json_t *c;
	size_t i, total = 0, stopped = 0;
	long long max = 0;
	int have;

	if (!json_is_array(ctrs))
		return ha_result_set(res, HA_ERROR, "the container list was "
		    "not collected");
	if ((have = get_limit(ctx, "max_stopped_containers", &max, res)) < 0)
		return HA_ERROR;
	json_array_foreach(ctrs, i, c) {
		total++;
		if (!is_running(c))
			stopped++;
	}
	if (have && (long long)stopped > max)
		return ha_result_set(res, HA_FAIL, "%zu containers, %zu "
		    "running, %zu not running: more than the %lld allowed",
		    total, total - stopped, stopped, max);
	if (have)
		return ha_result_set(res, HA_PASS, "%zu containers, %zu "
		    "running, %zu not running (at most %lld allowed)", total,
		    total - stopped, stopped, max);
	if (stopped == 0)
		return ha_result_set(res, HA_PASS, "%zu containers, all "
		    "running", total);
	return ha_result_set(res, HA_INFO, "%zu containers, %zu running, %zu "
	    "not running: remove the containers no longer needed", total,
	    total - stopped, stopped);
}

/* Profile parameters (see hostaudit-profile(5)). */
static const struct ha_param image_sprawl_params[] = {
	{ "max_unused_images", HA_PARAM_INT },
	{ NULL, 0 },
};
static const struct ha_param container_sprawl_params[] = {
	{ "max_stopped_containers", HA_PARAM_INT },
	{ NULL, 0 },
};

const struct ha_check ha_checks_secops[] = {
	{
		.id = "host.image-sprawl",
		.title = "Avoid image sprawl",
		.scope = HA_SCOPE_HOST,
		.level = 1,
		.severity = HA_SEV_LOW,
		.rationale = "Old, unused images keep outdated and vulnerable "
		    "software one 'docker run' away and make it hard to tell "
		    "which images matter.",
		.audit = "Counts the images the engine holds "
		    "(facts.engine.image_list, GET /images/json) and those "
		    "that no container uses (by image id in "
		    "facts.engine.containers). With the profile parameter "
		    "max_unused_images it fails above that number; without, "
		    "it passes when every image is in use and otherwise "
		    "reports the counts as info. By hand: 'docker images "
		    "--quiet | wc -l' and 'docker ps -a --format "
		    "\"{{.Image}}\"'.",
		.remediation = "Remove images no container needs ('docker "
		    "image prune -a' after checking the list, or 'docker rmi "
		    "IMAGE'), and keep only the tagged images you deploy.",
		.needs_engine = 1,
		.eval = eval_image_sprawl,
		.params = image_sprawl_params,
	},
	{
		.id = "host.container-sprawl",
		.title = "Avoid container sprawl",
		.scope = HA_SCOPE_HOST,
		.level = 1,
		.severity = HA_SEV_LOW,
		.rationale = "Stopped containers pile up unreviewed, keep "
		    "their data and configuration, and can be restarted by "
		    "mistake.",
		.audit = "Counts running and not running containers "
		    "(facts.engine.containers, State.Running). With the "
		    "profile parameter max_stopped_containers it fails above "
		    "that number; without, it passes when every container "
		    "runs and otherwise reports the counts as info. By "
		    "hand: 'docker info --format \"{{.Containers}} "
		    "{{.ContainersRunning}} {{.ContainersStopped}}\"'.",
		.remediation = "Remove containers that are no longer needed "
		    "('docker container prune' after checking 'docker ps -a "
		    "--filter status=exited').",
		.needs_engine = 1,
		.eval = eval_container_sprawl,
		.params = container_sprawl_params,
	},
	{ .id = NULL },
};

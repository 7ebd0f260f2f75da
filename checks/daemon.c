/* daemon.c - checks (table filled in by its owner). */
#include "checks.h"
#include "banned.h"

const struct ha_check ha_checks_daemon[] = {
	{ .id = NULL },
};

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * daemon_opts.c - the dockerd option table: every flag and daemon.json key
 * hostaudit knows, its type and the default dockerd uses when neither the
 * command line nor the file sets it (dockerd 20.10 to 27 on Linux, as root).
 *
 * Rows are sorted by flag name; rows for daemon.json-only keys (name NULL)
 * come last.  A key named by two rows takes its type and default from the
 * first.  A default of "null" means dockerd decides at run time (from the
 * host), so no single value can be written down.
 */
#include <string.h>

#include "ha_daemon.h"
#include "banned.h"

#define B	HA_DOPT_BOOL
#define S	HA_DOPT_STRING
#define I	HA_DOPT_INT
#define L	HA_DOPT_LIST
#define M	HA_DOPT_MAP

const struct ha_daemon_opt ha_daemon_opts[] = {
	{ "add-runtime", 0, "runtimes", HA_DOPT_RUNTIMES, "{}" },
	{ "allow-nondistributable-artifacts", 0,
	    "allow-nondistributable-artifacts", L, "[]" },
	{ "api-cors-header", 0, "api-cors-header", S, "\"\"" },
	{ "authorization-plugin", 0, "authorization-plugins", L, "[]" },
	{ "bip", 0, "bip", S, "\"\"" },
	{ "bridge", 'b', "bridge", S, "\"\"" },
	{ "cgroup-parent", 0, "cgroup-parent", S, "\"\"" },
	{ "cluster-advertise", 0, "cluster-advertise", S, "\"\"" },
	{ "cluster-store", 0, "cluster-store", S, "\"\"" },
	{ "cluster-store-opt", 0, "cluster-store-opts", M, "{}" },
	{ "config-file", 0, NULL, S, "\"/etc/docker/daemon.json\"" },
	{ "containerd", 0, "containerd", S, "\"\"" },
	{ "containerd-namespace", 0, "containerd-namespace", S, "\"moby\"" },
	{ "containerd-plugins-namespace", 0, "containerd-plugins-namespace", S,
	    "\"plugins.moby\"" },
	{ "cpu-rt-period", 0, "cpu-rt-period", I, "0" },
	{ "cpu-rt-runtime", 0, "cpu-rt-runtime", I, "0" },
	{ "cri-containerd", 0, "cri-containerd", B, "false" },
	{ "data-root", 0, "data-root", S, "\"/var/lib/docker\"" },
	{ "debug", 'D', "debug", B, "false" },
	{ "default-address-pool", 0, "default-address-pools", HA_DOPT_POOLS,
	    "[]" },
	{ "default-cgroupns-mode", 0, "default-cgroupns-mode", S, "null" },
	{ "default-gateway", 0, "default-gateway", S, "\"\"" },
	{ "default-gateway-v6", 0, "default-gateway-v6", S, "\"\"" },
	{ "default-ipc-mode", 0, "default-ipc-mode", S, "\"private\"" },
	{ "default-runtime", 0, "default-runtime", S, "\"runc\"" },
	{ "default-shm-size", 0, "default-shm-size", S, "\"64M\"" },
	{ "default-ulimit", 0, "default-ulimits", HA_DOPT_ULIMITS, "{}" },
	{ "dns", 0, "dns", L, "[]" },
	{ "dns-opt", 0, "dns-opts", L, "[]" },
	{ "dns-search", 0, "dns-search", L, "[]" },
	{ "exec-opt", 0, "exec-opts", L, "[]" },
	{ "exec-root", 0, "exec-root", S, "\"/var/run/docker\"" },
	{ "experimental", 0, "experimental", B, "false" },
	{ "fixed-cidr", 0, "fixed-cidr", S, "\"\"" },
	{ "fixed-cidr-v6", 0, "fixed-cidr-v6", S, "\"\"" },
	{ "graph", 'g', "data-root", S, NULL },
	{ "group", 'G', "group", S, "\"docker\"" },
	{ "help", 0, NULL, B, "false" },
	{ "host", 'H', "hosts", L, "[]" },
	{ "host-gateway-ip", 0, "host-gateway-ip", S, "\"\"" },
	{ "icc", 0, "icc", B, "true" },
	{ "init", 0, "init", B, "false" },
	{ "init-path", 0, "init-path", S, "\"\"" },
	{ "insecure-registry", 0, "insecure-registries", L, "[]" },
	{ "ip", 0, "ip", S, "\"0.0.0.0\"" },
	{ "ip-forward", 0, "ip-forward", B, "true" },
	{ "ip-masq", 0, "ip-masq", B, "true" },
	{ "ip6tables", 0, "ip6tables", B, "false" },
	{ "iptables", 0, "iptables", B, "true" },
	{ "ipv6", 0, "ipv6", B, "false" },
	{ "label", 0, "labels", L, "[]" },
	{ "live-restore", 0, "live-restore", B, "false" },
	{ "log-driver", 0, "log-driver", S, "\"json-file\"" },
	{ "log-level", 'l', "log-level", S, "\"info\"" },
	{ "log-opt", 0, "log-opts", M, "{}" },
	{ "max-concurrent-downloads", 0, "max-concurrent-downloads", I, "3" },
	{ "max-concurrent-uploads", 0, "max-concurrent-uploads", I, "5" },
	{ "max-download-attempts", 0, "max-download-attempts", I, "5" },
	{ "metrics-addr", 0, "metrics-addr", S, "\"\"" },
	{ "mtu", 0, "mtu", I, "1500" },
	{ "network-control-plane-mtu", 0, "network-control-plane-mtu", I,
	    "1500" },
	{ "no-new-privileges", 0, "no-new-privileges", B, "false" },
	{ "node-generic-resource", 0, "node-generic-resources", L, "[]" },
	{ "oom-score-adjust", 0, "oom-score-adjust", I, "0" },
	{ "pidfile", 'p', "pidfile", S, "\"/var/run/docker.pid\"" },
	{ "raw-logs", 0, "raw-logs", B, "false" },
	{ "registry-mirror", 0, "registry-mirrors", L, "[]" },
	{ "rootless", 0, "rootless", B, "false" },
	{ "seccomp-profile", 0, "seccomp-profile", S, "\"\"" },
	{ "selinux-enabled", 0, "selinux-enabled", B, "false" },
	{ "shutdown-timeout", 0, "shutdown-timeout", I, "15" },
	{ "storage-driver", 's', "storage-driver", S, "\"\"" },
	{ "storage-opt", 0, "storage-opts", L, "[]" },
	{ "swarm-default-advertise-addr", 0, "swarm-default-advertise-addr", S,
	    "\"\"" },
	{ "tls", 0, "tls", B, "false" },
	{ "tlscacert", 0, "tlscacert", S, "\"/root/.docker/ca.pem\"" },
	{ "tlscert", 0, "tlscert", S, "\"/root/.docker/cert.pem\"" },
	{ "tlskey", 0, "tlskey", S, "\"/root/.docker/key.pem\"" },
	{ "tlsverify", 0, "tlsverify", B, "false" },
	{ "userland-proxy", 0, "userland-proxy", B, "true" },
	{ "userland-proxy-path", 0, "userland-proxy-path", S, "\"\"" },
	{ "userns-remap", 0, "userns-remap", S, "\"\"" },
	{ "validate", 0, NULL, B, "false" },
	{ "version", 'v', NULL, B, "false" },
	/* daemon.json only */
	{ NULL, 0, "builder", HA_DOPT_OBJECT, "{}" },
	{ NULL, 0, "default-network-opts", HA_DOPT_OBJECT, "{}" },
	{ NULL, 0, "features", HA_DOPT_OBJECT, "{}" },
	{ NULL, 0, "log-format", S, "\"text\"" },
	{ NULL, 0, "proxies", HA_DOPT_OBJECT, "{}" },
};

const size_t ha_daemon_nopts = HA_ARRAY_SIZE(ha_daemon_opts);

const struct ha_daemon_opt *
ha_daemon_opt_long(const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < ha_daemon_nopts; i++) {
		const char *n = ha_daemon_opts[i].name;

		if (n != NULL && strncmp(n, name, len) == 0 && n[len] == '\0')
			return &ha_daemon_opts[i];
	}
	return NULL;
}

const struct ha_daemon_opt *
ha_daemon_opt_short(char c)
{
	size_t i;

	for (i = 0; c != '\0' && i < ha_daemon_nopts; i++)
		if (ha_daemon_opts[i].shorthand == c)
			return &ha_daemon_opts[i];
	return NULL;
}

const struct ha_daemon_opt *
ha_daemon_opt_key(const char *key)
{
	size_t i;

	for (i = 0; i < ha_daemon_nopts; i++) {
		const char *k = ha_daemon_opts[i].key;

		if (k != NULL && strcmp(k, key) == 0)
			return &ha_daemon_opts[i];
	}
	return NULL;
}

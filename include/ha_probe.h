/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ha_probe.h - is the Engine API of this host's daemon open to anyone who
 * can reach its tcp listeners?  facts.exposure.
 *
 * The listeners are the daemon's own: the tcp addresses of its effective
 * "hosts" setting (-H flags, else daemon.json) and the ListenStream= tcp
 * addresses of the systemd socket unit docker.socket (with its
 * drop-ins).  Each is asked GET /version once as an unauthenticated
 * client: plain HTTP first, then, when the listener speaks TLS, TLS
 * with no client certificate and no verification of the server.  A
 * wildcard address (0.0.0.0, ::, none) is probed on loopback; no other
 * address is ever tried, so this is never a scan.  Every request is
 * bounded (HA_PROBE_TIMEOUT_MS) and so are all of them together
 * (HA_PROBE_TOTAL_MS, at most HA_PROBE_MAX listeners).
 *
 * The probe runs in the network namespace of the process that owns the
 * listener (dockerd for its hosts, the init process for the socket
 * unit): a daemon in a namespace of its own listens on its own loopback.
 * The requests of each namespace are made by a short-lived child
 * process: it enters the namespace when it is not hostaudit's (setns(2),
 * which needs CAP_SYS_ADMIN), then becomes nobody without capabilities
 * before its first request, and sends the entries back as JSON.
 *
 * Ownership: functions returning char * or json_t * return new
 * references the caller frees or json_decref()s.
 */
#ifndef HA_PROBE_H
#define HA_PROBE_H

#include <jansson.h>

#define HA_PROBE_TIMEOUT_MS	2000L	/* one request, connect included */
#define HA_PROBE_TOTAL_MS	12000L	/* every request together */
#define HA_PROBE_MAX		8	/* listeners probed; more: not probed */

struct ha_collect_opts;

/*
 * facts.exposure: one entry per tcp listener (see docs/facts.md).  After
 * ha_collect_daemon(), whose settings and pid it reads.
 */
void	 ha_collect_exposure(const struct ha_collect_opts *o, json_t *facts);

/*
 * The address to probe for a daemon listener ("tcp://HOST:PORT", or
 * "HOST:PORT" as dockerd takes it): "HOST:PORT" or "[V6]:PORT", with a
 * wildcard or empty host replaced by loopback (0.0.0.0 and "" by
 * 127.0.0.1, :: by ::1) and dockerd's default port 2375 when there is
 * none.  NULL and *err (caller frees) when it is not a tcp address.
 */
char	*ha_probe_address(const char *listener, char **err);

/*
 * The tcp addresses among the ListenStream= values of a systemd socket
 * unit's text (its [Socket] section), appended to out (an array) as
 * strings as written; an empty ListenStream= empties out first, as
 * systemd does.  Unix paths, abstract and vsock addresses are left out.
 */
void	 ha_probe_listen_streams(const char *text, json_t *out);

/*
 * A ListenStream= tcp value ("2375", "0.0.0.0:2375", "[::]:2375") as a
 * daemon listener URL ("tcp://:2375", ...) for ha_probe_address(); NULL
 * when it is not a tcp address.
 */
char	*ha_probe_unit_listener(const char *value);

/*
 * Probe one listener at address (HOST:PORT) in hostaudit's own network
 * namespace: a new exposure entry {listener, address, probed, answered,
 * tls, client_cert_required, http_status, api_version, error}.  Each
 * request takes at most timeout_ms.  curl_global_init() must have run.
 */
json_t	*ha_probe_one(const char *listener, const char *address,
	    long timeout_ms);

#endif

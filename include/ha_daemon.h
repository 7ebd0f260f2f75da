/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ha_daemon.h - the dockerd process, its command line, its configuration
 * file, and the effective daemon settings merged from them.
 *
 * ha_collect_daemon() is the only caller in the program; the parts are
 * exposed here so that each can be tested on its own:
 *
 *   the option table    every dockerd flag and daemon.json key this file
 *                       knows, with its type and dockerd's default
 *   the flag parser     a dockerd argv (Go pflag rules) -> flag values
 *                       keyed by daemon.json key
 *   the merge           flags + environment + daemon.json -> settings with
 *                       their source, conflicts, unknown and invalid input
 *   the config loader   daemon.json -> parsed object or a status and error
 *   process discovery   SO_PEERCRED on the engine socket, else a /proc scan
 *   rootless mode       a dockerd run by RootlessKit as an ordinary user,
 *                       its user and directories (src/rootless.c)
 *
 * Ownership: every json_t * returned is a new reference the caller
 * releases with json_decref(); every json_t * argument is borrowed.
 * Strings returned through char ** are the caller's to free().
 */
#ifndef HA_DAEMON_H
#define HA_DAEMON_H

#include <stddef.h>
#include <sys/types.h>

#include <jansson.h>

#include "ha_collect_opts.h"
#include "ha_hostfs.h"

/*
 * facts.daemon: the dockerd process, its command line, environment,
 * configuration file and effective settings.  After ha_collect_engine(),
 * which tells it the socket to ask SO_PEERCRED of.
 */
void	 ha_collect_daemon(const struct ha_collect_opts *o, json_t *facts);

/* The type of a setting: how its flag is parsed, how its key is checked. */
enum ha_dopt_type {
	HA_DOPT_BOOL,		/* --x, --x=false; JSON true/false */
	HA_DOPT_STRING,		/* --x v; JSON string */
	HA_DOPT_INT,		/* --x 3; JSON integer */
	HA_DOPT_LIST,		/* repeatable --x v; JSON array of strings */
	HA_DOPT_MAP,		/* repeatable --x k=v; JSON object of strings */
	HA_DOPT_ULIMITS,	/* --x nofile=1024:2048; {"nofile":{"Name",
				   "Soft","Hard"}} */
	HA_DOPT_RUNTIMES,	/* --x name=path; {"name":{"path":path}} */
	HA_DOPT_POOLS,		/* --x base=CIDR,size=N; [{"base","size"}] */
	HA_DOPT_OBJECT,		/* daemon.json only: any JSON object */
};

struct ha_daemon_opt {
	const char		*name;	/* flag without "--"; NULL: file only */
	char			 shorthand;	/* one-letter flag, 0: none */
	const char		*key;	/* daemon.json key; NULL: flag only */
	enum ha_dopt_type	 type;
	const char		*def;	/* dockerd's default as JSON text */
};

/*
 * The option table (src/daemon_opts.c).  Several rows may name one key
 * (-g/--graph and --data-root both set "data-root"); the first row of a
 * key holds its type and default.
 */
extern const struct ha_daemon_opt	ha_daemon_opts[];
extern const size_t			ha_daemon_nopts;

/* Lookups in the table; NULL when not found.  len: bytes of name used. */
const struct ha_daemon_opt *ha_daemon_opt_long(const char *name, size_t len);
const struct ha_daemon_opt *ha_daemon_opt_short(char c);
const struct ha_daemon_opt *ha_daemon_opt_key(const char *key);

/*
 * Parse a dockerd command line (argv[0] is the program and is skipped)
 * the way Go's pflag does.  Returns
 *   {"flags": {KEY: value, ...},          values typed as in daemon.json
 *    "config_file": "PATH",               when --config-file was given
 *    "unknown_flags": ["--frobnicate", ...],   also stray arguments
 *    "invalid_flags": [{"flag": "--icc=maybe", "message": "..."}]}
 */
json_t	*ha_daemon_parse_flags(const json_t *argv);

/*
 * The effective settings.  argv: the command line array (may be NULL);
 * env: an object of the daemon's environment variables (may be NULL;
 * DOCKER_TLS_VERIFY and DOCKER_CERT_PATH are used); file: the parsed
 * daemon.json (NULL when absent or unreadable).  Precedence is
 * flag > file > env > default.  Returns
 *   {"settings": {KEY: {"value": V, "source": "flag"|"file"|"env"|
 *                                              "default"}},
 *    "conflicts": [{"key", "flag", "file"}],
 *    "unknown_flags": [...], "invalid_flags": [...],
 *    "unknown_keys": [...], "invalid_keys": [{"key", "message"}]}
 */
json_t	*ha_daemon_effective(const json_t *argv, const json_t *env,
	    const json_t *file);

/*
 * 1 when a process's exe path (or its comm) names dockerd: its last path
 * element is exactly "dockerd" (a " (deleted)" suffix is ignored).
 */
int	 ha_daemon_is_dockerd(const char *exe_or_comm);
/* 1 when it names RootlessKit: rootlesskit or docker-rootlesskit. */
int	 ha_daemon_is_rootlesskit(const char *exe_or_comm);

/*
 * Find dockerd: SO_PEERCRED on the Unix socket sock (may be NULL), else a
 * scan of the proc directory (normally "/proc").  Returns
 *   {"status": "found"|"not-found"|"error", "pid", "found_by", "exe",
 *    "uid", "error", "socket_peer": {"pid", "exe", "uid"}}
 * where socket_peer is set when the socket's peer is not dockerd.  A
 * peer pid of 0 (the listener is in another PID namespace) sets
 * peercred_error and skips the scan: a dockerd found in this proc would
 * not be the one serving sock.
 */
json_t	*ha_daemon_find(const char *proc, const char *sock);
/*
 * (A dockerd without -H listens on $XDG_RUNTIME_DIR/docker.sock when its
 * environment has ROOTLESSKIT_STATE_DIR, else on /var/run/docker.sock.
 * When the listener is RootlessKit, the dockerd it runs is preferred.)
 */

/*
 * Load a daemon.json.  path: the file to read; nofollow: refuse a final
 * symlink.  Only a regular file of at most HA_MAX_DAEMON_JSON bytes holding
 * one JSON object (or nothing but white space, as dockerd allows) is "ok".
 * Returns a config_file object without "path" and "source":
 *   {"status": "ok"|"absent"|"error", "error", "content"}
 */
json_t	*ha_daemon_config_load(const char *path, int nofollow);

/*
 * The same for a file the daemon reads as the user uid (primary group
 * gid), a rootless dockerd: a file that user could not read is an error
 * rather than read with hostaudit's privileges (its owner may have made
 * it a link to a file only root may read).  uid < 0: no such test.
 */
json_t	*ha_daemon_config_load_as(const char *path, int nofollow,
	    long long uid, long long gid);
/*
 * The same for the host path path read in the view fs (ha_hostfs.h):
 * symlinks are followed inside the view only.  Messages name the path as
 * ha_hostfs_path() joins it.
 */
json_t	*ha_daemon_config_load_in(struct ha_hostfs *fs, const char *path,
	    int nofollow, long long uid, long long gid);

/*
 * The config_file fact: which file (o->daemon_json, else flag_path from
 * --config-file, else the default: /etc/docker/daemon.json, or for a
 * rootless daemon, rootless being facts.daemon.rootless,
 * <config_dir>/daemon.json), read in the view of o->root (ha_hostfs.h:
 * a symlink is followed inside the root, never out of it).  rootless may
 * be NULL.
 */
json_t	*ha_daemon_config_file(const struct ha_collect_opts *o,
	    const char *flag_path, const json_t *rootless);

/*
 * The DOCKER_* variables of the environment of the daemon d names (the
 * facts.daemon object, with "proc" and "pid"), {"DOCKER_TLS_VERIFY":
 * "1", ...}, and those rootless mode reads (HOME, USER, XDG_CONFIG_HOME,
 * XDG_DATA_HOME, XDG_RUNTIME_DIR, ROOTLESSKIT_STATE_DIR, ...).  NULL when
 * it cannot be read (another user's dockerd, no ptrace access): then
 * d.environment_error says why and facts.errors has it too (source
 * "daemon.environment").
 */
json_t	*ha_daemon_read_env(json_t *facts, json_t *d);

/*
 * The daemon's root directory as the kernel shows it, <proc>/<pid>/root
 * (d: the facts.daemon object, with "proc" and "pid").  A path read
 * through it is resolved in dockerd's own mount namespace, which may not
 * be hostaudit's (a snap, a unit with private mounts, hostaudit in a
 * container).  Sets d.root when it can be entered, else d.root_error
 * (no ptrace access to dockerd, e.g. from a container without
 * CAP_SYS_PTRACE).  Does nothing without a pid.
 */
void	 ha_daemon_set_root(json_t *d);

/*
 * Where to read a file dockerd uses (its swarm state, its data root):
 * facts.daemon.root when collect could enter it (*read_from
 * "daemon-root"), else the host root o->root (*read_from "host").  The
 * string returned is borrowed from facts or o.
 */
const char *ha_daemon_view_root(const struct ha_collect_opts *o,
	    const json_t *facts, const char **read_from);

/*
 * Rootless mode (src/rootless.c).  facts.daemon.rootless of the daemon d
 * (the facts.daemon object being built: "proc", "pid", "uid"; a daemon
 * not found has none), env its environment (ha_daemon_read_env(), may be
 * NULL), sock the engine socket (may be NULL).  NULL when nothing says
 * the daemon is rootless; else a new reference:
 *   {"detected_by": ["info", "environment", "rootlesskit",
 *                    "user-namespace", "socket-owner"],
 *    "uid", "gid", "uid_from": "process"|"socket-owner", "user",
 *    "home", "home_from": "environment"|"passwd", "config_home",
 *    "config_dir" (<config_home>/docker), "data_home",
 *    "data_root", "data_root_from": "info"|"default", "runtime_dir",
 *    "runtime_dir_from": "environment"|"socket", "exec_root",
 *    "rootlesskit_pid", "state_dir", "uid_map", "gid_map",
 *    "cgroup", "unit", "unit_scope": "user"|"system"}
 * Rootless is decided by the engine's /info (SecurityOptions
 * name=rootless, unless the engine is Podman), ROOTLESSKIT_STATE_DIR in
 * dockerd's environment (what dockerd itself goes by) or a rootlesskit
 * process among its ancestors; a user namespace and the socket's owner
 * are recorded with them but do not decide alone (a root dockerd whose
 * socket was given to a user is not rootless).  Unknown values are null.
 */
json_t	*ha_daemon_rootless_detect(const struct ha_collect_opts *o,
	    const json_t *facts, const json_t *d, const json_t *env,
	    const char *sock);

/*
 * dockerd's defaults in rootless mode, set on the effective settings eff
 * (ha_daemon_effective()) where no flag, file or environment set them:
 * rootless true, data-root, exec-root, pidfile, and the tls files under
 * the user's ~/.docker.  Each such setting gets "rootless_default": true.
 */
void	 ha_daemon_rootless_defaults(json_t *eff, const json_t *rootless);

/*
 * For checks (pure): 1 when the facts describe a rootless daemon
 * (facts.daemon.rootless, or name=rootless in the engine's /info);
 * *rootless is facts.daemon.rootless (borrowed), NULL when not collected.
 */
int	 ha_daemon_rootless(const json_t *facts, const json_t **rootless);

/*
 * Whether gid is a group of the rootless daemon's own (rootless: the
 * facts.daemon.rootless object): root, the user's primary group, or a gid
 * its gid_map maps into its user namespace (a subordinate gid).  1 yes,
 * 0 no, -1 unknown (no gid_map collected).
 */
int	 ha_daemon_rootless_gid(const json_t *rootless, long long gid);

#endif

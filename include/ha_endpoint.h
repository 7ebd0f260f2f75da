/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ha_endpoint.h - which engine to audit, found the way the docker CLI
 * finds it, and how to reach it.
 *
 * The order is the CLI's: -H; else $DOCKER_HOST; else the context named by
 * $DOCKER_CONTEXT; else the current context of $DOCKER_CONFIG/config.json
 * (default ~/.docker); else the default socket.  The context "default"
 * means "no context": $DOCKER_HOST or the default socket.
 *
 * A context is read from its store: <config>/contexts/meta/<sha256 of
 * the name>/meta.json gives Endpoints.docker.Host and SkipTLSVerify, and
 * <config>/contexts/tls/<sha256>/docker/{ca,cert,key}.pem its TLS
 * material.  Outside a context, TLS comes from the flags (--tlsverify,
 * --tlscacert, --tlscert, --tlskey) and from $DOCKER_TLS_VERIFY and
 * $DOCKER_CERT_PATH, as for the CLI.
 *
 * Ownership: every string in struct ha_endpoint is owned by it and freed
 * by ha_endpoint_release(), which leaves it zeroed.
 */
#ifndef HA_ENDPOINT_H
#define HA_ENDPOINT_H

#include <jansson.h>

enum ha_endpoint_kind {
	HA_EP_UNIX,	/* a Unix socket on this host */
	HA_EP_TCP,	/* tcp://HOST:PORT, plain or TLS: a remote host */
};

/* What the command line says; NULL or 0 where it says nothing. */
struct ha_endpoint_opts {
	const char	*host;		/* -H */
	int		 tls;		/* --tls: TLS, no verification */
	int		 tlsverify;	/* --tlsverify */
	const char	*tlscacert;	/* --tlscacert */
	const char	*tlscert;	/* --tlscert */
	const char	*tlskey;	/* --tlskey */
};

struct ha_endpoint {
	enum ha_endpoint_kind	 kind;
	char			*url;		/* as given or resolved */
	char			*socket;	/* HA_EP_UNIX: the path */
	char			*host;		/* HA_EP_TCP: "HOST:PORT" */
	char			*source;	/* "-H", "DOCKER_HOST",
						   "DOCKER_CONTEXT", "config",
						   "default" */
	char			*context;	/* context name, or NULL */
	char			*why;		/* one sentence for -v and
						   the report */
	int			 tls;		/* speak TLS (tcp only) */
	int			 tls_verify;	/* verify the server */
	char			*ca;		/* PEM files, or NULL */
	char			*cert;
	char			*key;
};

/*
 * Resolve the endpoint.  Returns 0, or -1 with *err (caller frees) for a
 * usage error: an empty -H, a relative or too long socket path, an
 * unsupported scheme (ssh:// names the alternatives), a context that
 * does not exist or cannot be read, TLS files that are missing.
 */
int	 ha_endpoint_resolve(const struct ha_endpoint_opts *o,
	    struct ha_endpoint *ep, char **err);
void	 ha_endpoint_release(struct ha_endpoint *ep);

/*
 * Parse one URL into ep->kind, url, socket or host (other fields are
 * left alone).  0, or -1 with *err (caller frees).
 */
int	 ha_endpoint_parse_url(const char *url, struct ha_endpoint *ep,
	    char **err);

/* The docker CLI's config directory: $DOCKER_CONFIG, else ~/.docker. */
char	*ha_endpoint_config_dir(void);

/* The endpoint as facts (facts.engine.endpoint_info): a new object. */
json_t	*ha_endpoint_json(const struct ha_endpoint *ep);

#endif

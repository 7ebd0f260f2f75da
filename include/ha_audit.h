/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ha_audit.h - audit-rule facts for CIS Docker section 1 (1.1.3-1.1.18).
 *
 * ha_collect_audit() adds two keys to the facts document:
 *   facts.audit       the file watches the host audits: asked of the
 *                     kernel over the audit netlink socket, else read from
 *                     <root>/etc/audit/audit.rules and the *.rules files in
 *                     <root>/etc/audit/rules.d;
 *   facts.audit_paths the paths section 1 names, as this host has them
 *                     (dockerd found where it lives, the effective data
 *                     root, the unit files, ...), symlinks resolved under
 *                     the host root.
 * docs/facts.md describes both shapes.  It never runs another program.
 *
 * The parsers below are pure (no I/O) so they can be tested on strings and
 * byte buffers.  Every json_t they return is a new reference; the arrays
 * and state they are handed are borrowed.
 */
#ifndef HA_AUDIT_H
#define HA_AUDIT_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

struct ha_collect_opts;

/*
 * Fill facts.audit and facts.audit_paths.  Call after ha_collect_files()
 * (it reads facts.daemon and facts.files to find paths).
 */
void	 ha_collect_audit(const struct ha_collect_opts *o, json_t *facts);

/*
 * 0: ha_collect_audit() reads only the rule files and never asks the
 * kernel (tests; a --root that is not the running host).  1 by default.
 */
void	 ha_audit_use_kernel(int use);

/*
 * Parse the text of one auditctl rules file (name says where it came from
 * in messages and in each rule's "origin", "name:line").  The file watches
 * it holds ("-w PATH ..." and "-a always,exit -F path=|dir= ...") are
 * appended to rules as objects {path, kind, perms, key, action, origin,
 * form}.  Other valid lines (control options, syscall rules without a
 * path) are ignored; a malformed line is skipped with a warning.  Returns
 * the number of rules appended.
 */
size_t	 ha_audit_parse_rules(const char *text, size_t len, const char *name,
	    json_t *rules);

/*
 * One struct audit_rule_data (the payload of an AUDIT_LIST_RULES message,
 * len bytes) as a rule object, or NULL when it is malformed or not a file
 * watch.  A new reference.
 */
json_t	*ha_audit_rule_from_data(const void *data, size_t len);

/* The state of one netlink request while its answer is parsed. */
struct ha_audit_nl {
	uint32_t	 seq;		/* sequence number of the request */
	int		 done;		/* the answer is complete */
	int		 error;		/* errno the kernel answered, or 0 */
	long long	 enabled;	/* from AUDIT_GET; -1 when unknown */
	json_t		*rules;		/* borrowed; watches appended here */
};

/*
 * Parse one datagram read from the audit netlink socket into st: rules
 * (AUDIT_LIST_RULES), the enabled flag (AUDIT_GET), errors, NLMSG_DONE.
 * Messages for another sequence number are ignored.  Returns 0, or -1
 * when the datagram is malformed.
 */
int	 ha_audit_parse_netlink(struct ha_audit_nl *st, const void *buf,
	    size_t len);

/*
 * Resolve host path against root as the host would, following symlinks
 * inside root (an absolute link target is taken relative to root) and
 * normalising "." and "..".  *out (caller frees) is the resolved host
 * path; a missing component ends resolution and the rest is appended as
 * written.  Returns 1 when the whole path exists, 0 when it does not, -1
 * when resolution failed otherwise (errno set: ELOOP, EACCES, ...).
 * ha_hostfs_realpath() in a view of root (ha_hostfs.h), for callers
 * without a view at hand.
 */
int	 ha_audit_resolve(const char *root, const char *path, char **out);

#endif

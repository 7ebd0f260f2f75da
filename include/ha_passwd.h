/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ha_passwd.h - user and group names of the audited host, read from
 * <root>/etc/passwd and <root>/etc/group.
 *
 * With --root the audited host's names are not the ones NSS would give
 * (NSS answers for the machine hostaudit runs on), so the two files are
 * parsed directly.  Only the "files" database is looked at: users known
 * only to LDAP or SSSD have no name here (their lookups give NULL).
 *
 * Ownership: a struct ha_passwd owns every string and array it holds;
 * ha_passwd_release() frees them and leaves an empty, reusable table.
 * Every pointer the lookups return is borrowed from the table and valid
 * until it is released.  The parsers are pure (no I/O) so that tests can
 * feed them strings.
 */
#ifndef HA_PASSWD_H
#define HA_PASSWD_H

#include <stddef.h>
#include <sys/types.h>

#include "ha_collect_opts.h"
#include "ha_hostfs.h"

#define HA_PASSWD_MAX_FILE	(16UL * 1024 * 1024)

struct ha_user {
	char		*name;
	long long	 uid;
	long long	 gid;		/* primary group */
	char		*home;		/* home directory ("" when unset) */
};

struct ha_group {
	char		*name;
	long long	 gid;
	char		**members;	/* the fourth field, split on ',' */
	size_t		 nmembers;
};

struct ha_passwd {
	struct ha_user	*users;
	size_t		 nusers;
	struct ha_group	*groups;
	size_t		 ngroups;
};

void	 ha_passwd_init(struct ha_passwd *p);
void	 ha_passwd_release(struct ha_passwd *p);

/*
 * Add the entries of a passwd(5) or group(5) text to p.  Blank lines,
 * comments and malformed lines (wrong field count, bad id, NIS "+"/"-"
 * entries) are skipped.  Returns the number of entries added.
 */
size_t	 ha_passwd_parse_users(struct ha_passwd *p, const char *text);
size_t	 ha_passwd_parse_groups(struct ha_passwd *p, const char *text);

/*
 * Read /etc/passwd and /etc/group of the host root o->root into p, in a
 * view of it (ha_hostfs.h: a symlink in them never leads out of it).  A
 * missing file leaves that table empty and is not an error.  Returns 0,
 * or -1 after reporting through ha_warn() when a file exists but cannot
 * be read; the table then holds whatever could be read.
 */
int	 ha_passwd_load(struct ha_passwd *p, const struct ha_collect_opts *o);
/* The same, from the view fs (ha_hostfs.h) rather than o->root. */
int	 ha_passwd_load_fs(struct ha_passwd *p, struct ha_hostfs *fs);

/* Name of uid / gid, or NULL when unknown.  The first entry wins. */
const char		*ha_passwd_user_name(const struct ha_passwd *p,
			    long long uid);
const char		*ha_passwd_group_name(const struct ha_passwd *p,
			    long long gid);
/* The first user whose uid is uid, or NULL. */
const struct ha_user	*ha_passwd_user(const struct ha_passwd *p,
			    long long uid);
/* The group called name, or NULL. */
const struct ha_group	*ha_passwd_group_by_name(const struct ha_passwd *p,
			    const char *name);

#endif

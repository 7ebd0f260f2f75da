/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ha_util.h - allocation wrappers, the error sink and small helpers.
 *
 * Allocation: the ha_x* functions never return NULL; on overflow or
 * out-of-memory they print one line and exit(3) (the audit could not run).
 * Everything they return is owned by the caller and freed with free().
 *
 * Errors: library code never exits and never prints directly.  It calls
 * ha_error() (which returns -1, so "return ha_error(...)" reads well) or
 * ha_warn(); both format one message and hand it to the current error
 * routine, stderr by default.  Tests replace the routine to capture
 * messages.  Messages are lower-case, without a full stop, the failing
 * thing first and quoted:  cannot read '/etc/docker/daemon.json': ...
 */
#ifndef HA_UTIL_H
#define HA_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define HA_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define HA_NORETURN __attribute__((noreturn))
#else
#define HA_PRINTF(f, a)
#define HA_NORETURN
#endif

#define HA_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

void *ha_xmalloc(size_t size);
void *ha_xcalloc(size_t nmemb, size_t size);
void *ha_xreallocarray(void *ptr, size_t nmemb, size_t size);
char *ha_xstrdup(const char *s);
char *ha_xstrndup(const char *s, size_t n);
/* A freshly allocated formatted string. */
char *ha_xasprintf(const char *fmt, ...) HA_PRINTF(1, 2);
char *ha_xvasprintf(const char *fmt, va_list ap) HA_PRINTF(1, 0);
HA_NORETURN void ha_die_oom(void);

/* Level of a message handed to the error routine. */
enum ha_msg_level { HA_MSG_ERROR, HA_MSG_WARN };

/* Report an error; always returns -1. */
int ha_error(const char *fmt, ...) HA_PRINTF(1, 2);
/* Report a warning (something skipped, the run goes on). */
void ha_warn(const char *fmt, ...) HA_PRINTF(1, 2);
/*
 * Replace the error routine; NULL restores the default (stderr, prefixed
 * "hostaudit: ").  The message passed is borrowed for the call only.
 */
void ha_set_error_routine(void (*fn)(enum ha_msg_level, const char *msg,
    void *arg), void *arg);
/* Silence warnings (errors still go through). For -q. */
void ha_set_quiet(int quiet);

/*
 * Parse a decimal integer in [min, max].  Returns 0 and sets *out, or -1
 * with *errstr set to "invalid", "too small" or "too large".
 */
int ha_strtonum(const char *s, long long min, long long max, long long *out,
    const char **errstr);

/* Monotonic milliseconds, for durations. */
int64_t ha_now_ms(void);
/* UTC time as "YYYY-MM-DDTHH:MM:SSZ" in buf (at least 21 bytes). */
void ha_utc_iso8601(int64_t epoch_seconds, char *buf, size_t len);

/* 1 if s ends with suffix. */
int ha_ends_with(const char *s, const char *suffix);
/* 1 if s starts with prefix. */
int ha_starts_with(const char *s, const char *prefix);

#endif

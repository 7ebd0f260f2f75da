/* SPDX-License-Identifier: Apache-2.0 */
/* util.c - allocation wrappers, the error sink, small helpers. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ha_util.h"
#include "banned.h"

static void (*error_routine)(enum ha_msg_level, const char *, void *);
static void *error_arg;
static int quiet;

void
ha_die_oom(void)
{
	fputs("hostaudit: out of memory\n", stderr);
	exit(3);
}

void *
ha_xmalloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (p == NULL)
		ha_die_oom();
	return p;
}

void *
ha_xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (p == NULL)
		ha_die_oom();
	return p;
}

void *
ha_xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	void *p;

	if (size != 0 && nmemb > SIZE_MAX / size)
		ha_die_oom();
	p = realloc(ptr, nmemb * size != 0 ? nmemb * size : 1);
	if (p == NULL)
		ha_die_oom();
	return p;
}

char *
ha_xstrdup(const char *s)
{
	char *p = strdup(s);

	if (p == NULL)
		ha_die_oom();
	return p;
}

char *
ha_xstrndup(const char *s, size_t n)
{
	char *p = strndup(s, n);

	if (p == NULL)
		ha_die_oom();
	return p;
}

char *
ha_xvasprintf(const char *fmt, va_list ap)
{
	char *p;

	if (vasprintf(&p, fmt, ap) < 0)
		ha_die_oom();
	return p;
}

char *
ha_xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = ha_xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

/*
 * Length of a UTF-8 sequence at p that would act on the terminal or hide
 * text rather than show: a C1 control, a direction override or isolate,
 * a zero-width character (the same set as ha_text_hidden()); 0 if none.
 */
static size_t
hidden_seq(const unsigned char *p)
{
	if (p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F)
		return 2;				/* U+0080-009F */
	if (p[0] == 0xD8 && p[1] == 0x9C)
		return 2;				/* U+061C */
	if (p[0] == 0xE2 && p[1] == 0x80 && ((p[2] >= 0x8B && p[2] <= 0x8F) ||
	    (p[2] >= 0xAA && p[2] <= 0xAE)))
		return 3;				/* U+200B-F, 202A-E */
	if (p[0] == 0xE2 && p[1] == 0x81 && p[2] >= 0xA0 && p[2] <= 0xA9)
		return 3;				/* U+2060-2069 */
	if (p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
		return 3;				/* U+FEFF */
	return 0;
}

/*
 * A message on stderr: engine and daemon text may hold escapes that
 * would drive the terminal; they are shown as \xNN instead.
 */
static void
put_shown(FILE *fp, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n, i;

	while (*p != '\0') {
		if ((n = hidden_seq(p)) > 0) {
			for (i = 0; i < n; i++)
				fprintf(fp, "\\x%02x", p[i]);
			p += n;
		} else if (*p < 0x20 || *p == 0x7F) {
			fprintf(fp, "\\x%02x", *p++);
		} else
			fputc(*p++, fp);
	}
}

static void
report(enum ha_msg_level lvl, const char *fmt, va_list ap)
{
	char msg[4096];

	vsnprintf(msg, sizeof(msg), fmt, ap);
	if (error_routine != NULL) {
		error_routine(lvl, msg, error_arg);
		return;
	}
	if (lvl == HA_MSG_WARN && quiet)
		return;
	fprintf(stderr, "hostaudit: %s",
	    lvl == HA_MSG_WARN ? "warning: " : "");
	put_shown(stderr, msg);
	fputc('\n', stderr);
}

int
ha_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(HA_MSG_ERROR, fmt, ap);
	va_end(ap);
	return -1;
}

void
ha_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	report(HA_MSG_WARN, fmt, ap);
	va_end(ap);
}

void
ha_set_error_routine(void (*fn)(enum ha_msg_level, const char *, void *),
    void *arg)
{
	error_routine = fn;
	error_arg = arg;
}

void
ha_set_quiet(int q)
{
	quiet = q;
}

int
ha_strtonum(const char *s, long long min, long long max, long long *out,
    const char **errstr)
{
	char *end;
	long long v;

	*errstr = NULL;
	if (s == NULL || *s == '\0') {
		*errstr = "invalid";
		return -1;
	}
	errno = 0;
	v = strtoll(s, &end, 10);
	if (*end != '\0' || end == s) {
		*errstr = "invalid";
		return -1;
	}
	if ((errno == ERANGE && v == LLONG_MIN) || v < min) {
		*errstr = "too small";
		return -1;
	}
	if ((errno == ERANGE && v == LLONG_MAX) || v > max) {
		*errstr = "too large";
		return -1;
	}
	*out = v;
	return 0;
}

int64_t
ha_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
ha_utc_iso8601(int64_t epoch_seconds, char *buf, size_t len)
{
	time_t t = (time_t)epoch_seconds;
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL ||
	    strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		snprintf(buf, len, "1970-01-01T00:00:00Z");
}

int
ha_ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

int
ha_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* SPDX-License-Identifier: Apache-2.0 */
/*
 * sandbox.c - facts.engine collected by a child without privileges
 * (ha_sandbox.h).
 *
 * The child sends its result over a socket pair: the JSON of
 * {"engine": ..., "errors": [...]}, to the end of the stream.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>

#include "ha_buf.h"
#include "ha_endpoint.h"
#include "ha_engine.h"
#include "ha_ipc.h"
#include "ha_privs.h"
#include "ha_sandbox.h"
#include "ha_slim.h"
#include "ha_util.h"
#include "banned.h"

#define TLS_FILE_MAX	(1UL << 20)	/* a PEM file read for the child */

/* What the parent prepares before the fork. */
struct apart {
	const struct ha_endpoint *ep;
	struct ha_buf	 tls[3];	/* ca, cert, key */
	int		 have[3];
	uid_t		 uid;		/* whom the child becomes */
	gid_t		 gid;
	pid_t		 parent;
	int		 sock;		/* the child's end */
};

/* The result, sent in large writes (jansson gives it a token at a time). */
struct sender {
	int	 sock;
	size_t	 len;
	char	 buf[65536];
};

static int
send_flush(struct sender *w)
{
	int rc = ha_ipc_write(w->sock, w->buf, w->len);

	w->len = 0;
	return rc;
}

static int
send_part(const char *p, size_t n, void *arg)
{
	struct sender *w = arg;

	if (w->len + n > sizeof(w->buf) && send_flush(w) < 0)
		return -1;
	if (n > sizeof(w->buf))
		return ha_ipc_write(w->sock, p, n);
	memcpy(w->buf + w->len, p, n);
	w->len += n;
	return 0;
}

/* The child: no privilege, the engine's answers, the result sent. */
static void
child(const struct ha_collect_opts *o, struct apart *a)
{
	static struct sender w;
	struct ha_engine_tls tls;
	json_t *part;
	int rc;

	if (ha_privs_drop_to(a->uid, a->gid) < 0)
		_exit(2);
	/* a new uid clears the parent-death signal: set it again */
	ha_ipc_child_setup(a->sock, SIGKILL, a->parent);
	tls.ca = a->have[0] ? &a->tls[0] : NULL;
	tls.cert = a->have[1] ? &a->tls[1] : NULL;
	tls.key = a->have[2] ? &a->tls[2] : NULL;
	if ((part = json_pack("{s:[]}", "errors")) == NULL)
		_exit(3);
	ha_collect_engine_tls(o, &tls, part);
	w.sock = a->sock;
	rc = json_dump_callback(part, send_part, &w, JSON_COMPACT) < 0 ||
	    send_flush(&w) < 0;
	json_decref(part);
	_exit(rc ? 4 : 0);
}

/*
 * The child ends itself at the engine deadline; one gone astray is ended
 * HA_SANDBOX_GRACE_MS after it, by a timer whose handler kills it (which
 * ends the stream the parent reads).
 */
static volatile pid_t astray;

static void
on_alarm(int sig)
{
	(void)sig;
	if (astray > 0)
		(void)kill(astray, SIGKILL);
}

/* Arm (ms > 0) or disarm (0) the timer for pid; *old keeps the handler. */
static void
watchdog(pid_t pid, long ms, struct sigaction *old)
{
	struct itimerval it;
	struct sigaction sa;

	memset(&it, 0, sizeof(it));
	if (ms > 0) {
		astray = pid;
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = on_alarm;
		sigemptyset(&sa.sa_mask);
		(void)sigaction(SIGALRM, &sa, old);
		it.it_value.tv_sec = ms / 1000;
		it.it_value.tv_usec = (ms % 1000) * 1000;
		(void)setitimer(ITIMER_REAL, &it, NULL);
		return;
	}
	(void)setitimer(ITIMER_REAL, &it, NULL);
	(void)sigaction(SIGALRM, old, NULL);
	astray = 0;
}

/* Why the child ended without a result, from its wait status. */
static char *
child_end(int status)
{
	if (WIFSIGNALED(status))
		return ha_xasprintf("the engine collection process was "
		    "killed by signal %d (%s)", WTERMSIG(status),
		    strsignal(WTERMSIG(status)));
	if (WIFEXITED(status) && WEXITSTATUS(status) == 2)
		return ha_xstrdup("the engine collection process could not "
		    "drop its privileges");
	return ha_xasprintf("the engine collection process ended (exit "
	    "status %d) without a result",
	    WIFEXITED(status) ? WEXITSTATUS(status) : -1);
}

/* facts gets what part holds: engine, and errors appended. */
static void
merge(json_t *facts, json_t *part)
{
	json_t *errs = json_object_get(facts, "errors"), *v;
	const char *key;
	size_t i;

	json_object_foreach(part, key, v) {
		if (strcmp(key, "errors") != 0) {
			json_object_set(facts, key, v);
			continue;
		}
		if (!json_is_array(errs)) {
			json_object_set(facts, "errors", v);
			continue;
		}
		for (i = 0; i < json_array_size(v); i++)
			json_array_append(errs, json_array_get(v, i));
	}
}

/* facts.engine an error: why, at the endpoint url. */
static void
engine_failed(json_t *facts, const char *url, const char *why)
{
	json_object_set_new(facts, "engine", json_pack("{s:s, s:s?, s:s, "
	    "s:[]}", "status", "error", "endpoint", url, "error", why,
	    "errors"));
	ha_facts_error(facts, "engine", "%s", why);
}

/* Read the endpoint's TLS files for the child, where they can be. */
static void
read_tls(struct apart *a)
{
	const char *files[3];
	size_t i;

	files[0] = a->ep->ca;
	files[1] = a->ep->cert;
	files[2] = a->ep->key;
	for (i = 0; i < 3; i++) {
		ha_buf_init(&a->tls[i], TLS_FILE_MAX);
		if (files[i] == NULL || !a->ep->tls)
			continue;
		/* one that cannot be read: curl names it, as before */
		a->have[i] = ha_buf_read_file(&a->tls[i], files[i], 0) == 0;
	}
}

static void
apart(const struct ha_collect_opts *o, struct apart *a, json_t *facts)
{
	struct sigaction old;
	json_t *part;
	pid_t parent = getpid(), pid;
	int64_t t0;
	size_t cap;
	char *why = NULL;
	int sv[2], status = 0, e, ok;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		why = ha_xasprintf("cannot start the engine collection: %s",
		    strerror(errno));
		engine_failed(facts, a->ep->url, why);
		free(why);
		return;
	}
	(void)fflush(NULL);
	if ((pid = fork()) < 0) {
		why = ha_xasprintf("cannot start the engine collection: %s",
		    strerror(errno));
		close(sv[0]);
		close(sv[1]);
		engine_failed(facts, a->ep->url, why);
		free(why);
		return;
	}
	if (pid == 0) {
		ha_ipc_child_setup(sv[1], SIGKILL, parent);
		a->sock = sv[1];
		a->parent = parent;
		child(o, a);
	}
	close(sv[1]);
	/*
	 * The result is read as --facts is (ha_slim.h): as it arrives, each
	 * container and image as a unit, repeated values shared.
	 */
	cap = (o->max_engine_bytes != 0 ? o->max_engine_bytes :
	    HA_DEFAULT_MAX_ENGINE_BYTES) + TLS_FILE_MAX;
	t0 = ha_now_ms();
	watchdog(pid, o->timeout_ms + HA_SANDBOX_GRACE_MS, &old);
	part = ha_slim_load_fd(sv[0], cap);
	e = errno;
	watchdog(pid, 0, &old);
	close(sv[0]);
	if (part == NULL)
		(void)kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
	if (part != NULL && ok && json_is_object(part))
		merge(facts, part);
	else {
		if (part == NULL && e == EFBIG)
			why = ha_xasprintf("the engine collection sent more "
			    "than %zu bytes", cap);
		else if (ha_now_ms() - t0 >= o->timeout_ms +
		    HA_SANDBOX_GRACE_MS)
			why = ha_xasprintf("the engine collection did not "
			    "end %ld ms after its deadline",
			    HA_SANDBOX_GRACE_MS);
		else if (ok)
			why = ha_xstrdup("the engine collection sent no valid "
			    "result");
		else
			why = child_end(status);
		engine_failed(facts, a->ep->url, why);
		free(why);
	}
	json_decref(part);
}

void
ha_collect_engine_apart(const struct ha_collect_opts *o, json_t *facts)
{
	struct ha_endpoint tmp;
	struct apart a;
	struct stat st;
	char *err = NULL;
	size_t i;

	memset(&tmp, 0, sizeof(tmp));
	memset(&a, 0, sizeof(a));
	a.ep = o->ep;
	if (a.ep == NULL) {
		if (ha_endpoint_parse_url(ha_collect_host_url(o), &tmp,
		    &err) < 0)
			a.ep = NULL;
		else
			a.ep = &tmp;
	}
	/*
	 * Without an endpoint or a socket at its path, the collector fails
	 * before asking anything: nothing to parse, no child needed.
	 */
	if (a.ep == NULL || (a.ep->kind == HA_EP_UNIX &&
	    (err = ha_engine_socket_check(a.ep->socket)) != NULL)) {
		ha_collect_engine(o, facts);
		goto out;
	}
	/*
	 * The child becomes the user who owns the engine's socket, who may
	 * connect to it and already commands the engine (root without
	 * capabilities for a system engine; the rootless engine's user),
	 * or nobody for an engine over tcp.
	 */
	a.uid = a.gid = HA_NOBODY_UID;
	if (a.ep->kind == HA_EP_UNIX && stat(a.ep->socket, &st) == 0) {
		a.uid = st.st_uid;
		a.gid = st.st_gid;
	}
	read_tls(&a);
	apart(o, &a, facts);
	for (i = 0; i < 3; i++)
		ha_buf_release(&a.tls[i]);
out:
	free(err);
	ha_endpoint_release(&tmp);
}

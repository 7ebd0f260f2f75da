/* SPDX-License-Identifier: Apache-2.0 */
/*
 * images.c - section 4 of the CIS Docker Benchmark: container images and
 * build files.  Image checks look at facts.engine.images (the image
 * inspect objects); container.user looks at facts.engine.containers.
 */
#include <string.h>

#include "ha_check.h"
#include "ha_facts.h"
#include "checks.h"
#include "banned.h"

/* 1 when the user part of "user[:group]" is root by name or by uid 0. */
static int
user_is_root(const char *u)
{
	size_t n = strcspn(u, ":");
	size_t i;

	if (n == 0)
		return 1;	/* "" or ":group": the image default, root */
	if (n == 4 && strncmp(u, "root", 4) == 0)
		return 1;
	for (i = 0; i < n; i++)
		if (u[i] != '0')
			return 0;
	return 1;		/* "0", "00", ... */
}

static enum ha_status
container_user(const struct ha_ctx *ctx, const json_t *obj, struct ha_buf *d)
{
	const char *u;

	(void)ctx;
	u = json_string_value(json_object_get(json_object_get(obj, "Config"),
	    "User"));
	if (u == NULL || *u == '\0') {
		ha_buf_addstr(d, "User: not set (root)");
		return HA_FAIL;
	}
	ha_buf_addf(d, "User: %s", u);
	return user_is_root(u) ? HA_FAIL : HA_PASS;
}

/*
 * The docker client's rule: an unset or empty DOCKER_CONTENT_TRUST is
 * off, a false boolean ("0", "f", "false", ...) is off, anything else on.
 */
static int
trust_enabled(const char *v)
{
	static const char *const off[] = {
		"0", "f", "F", "false", "FALSE", "False",
	};
	size_t i;

	if (v == NULL || *v == '\0')
		return 0;
	for (i = 0; i < HA_ARRAY_SIZE(off); i++)
		if (strcmp(v, off[i]) == 0)
			return 0;
	return 1;
}

/*
 * facts.host.environment.DOCKER_CONTENT_TRUST is {"value", "source"}
 * (collect reads /etc/environment and the profile.d scripts); a bare string
 * (facts from elsewhere) is accepted with no source.
 */
static enum ha_status
content_trust(const struct ha_ctx *ctx, struct ha_result *res)
{
	const json_t *env = ha_facts_get(ctx->facts, "host.environment");
	const json_t *v;
	const char *val, *src = NULL;

	if (!json_is_object(env))
		return ha_result_set(res, HA_SKIP, "client environment not "
		    "collected (facts.host.environment); check "
		    "DOCKER_CONTENT_TRUST in the shells that run docker");
	v = json_object_get(env, "DOCKER_CONTENT_TRUST");
	if (v == NULL)
		return ha_result_set(res, HA_FAIL,
		    "DOCKER_CONTENT_TRUST is not set host-wide "
		    "(/etc/environment, /etc/profile.d/*.sh)");
	if (json_is_object(v)) {
		src = json_string_value(json_object_get(v, "source"));
		v = json_object_get(v, "value");
	}
	if ((val = json_string_value(v)) == NULL)
		return ha_result_set(res, HA_ERROR, "DOCKER_CONTENT_TRUST in "
		    "facts is not a string");
	return ha_result_set(res, trust_enabled(val) ? HA_PASS : HA_FAIL,
	    "DOCKER_CONTENT_TRUST=%s%s%s%s", val, src != NULL ? " (" : "",
	    src != NULL ? src : "", src != NULL ? ")" : "");
}

static enum ha_status
healthcheck(const struct ha_ctx *ctx, const json_t *obj, struct ha_buf *d)
{
	const json_t *hc, *test;
	const char *first;

	(void)ctx;
	hc = json_object_get(json_object_get(obj, "Config"), "Healthcheck");
	test = json_object_get(hc, "Test");
	first = json_string_value(json_array_get(test, 0));
	if (json_array_size(test) == 0 || first == NULL) {
		ha_buf_addstr(d, "no HEALTHCHECK");
		return HA_FAIL;
	}
	if (strcmp(first, "NONE") == 0) {
		ha_buf_addstr(d, "HEALTHCHECK NONE");
		return HA_FAIL;
	}
	ha_buf_addf(d, "HEALTHCHECK %s", first);
	return HA_PASS;
}

/*
 * Image history (GET /images/{id}/history, stored by collect as the
 * image object's "History", newest step first): HA_PASS with *hist set;
 * HA_ERROR when collect says why it has none ("HistoryError"); HA_SKIP
 * when the facts predate history collection.
 */
static enum ha_status
history(const json_t *obj, const json_t **hist, struct ha_buf *d)
{
	const char *err = json_string_value(json_object_get(obj,
	    "HistoryError"));

	*hist = json_object_get(obj, "History");
	if (*hist == NULL && err != NULL) {
		ha_buf_addf(d, "image history not collected: %s", err);
		return HA_ERROR;
	}
	if (*hist == NULL) {
		ha_buf_addstr(d, "image history not collected");
		return HA_SKIP;
	}
	if (!json_is_array(*hist)) {
		ha_buf_addstr(d, "image History is not a list");
		return HA_ERROR;
	}
	return HA_PASS;
}

/* Append a history step, shortened, to d's ", "-separated list. */
static void
add_step(struct ha_buf *d, const char *step)
{
	const char *p = step;

	if (ha_starts_with(p, "/bin/sh -c "))
		p += 11;
	if (ha_starts_with(p, "#(nop) "))
		p += 7;
	while (*p == ' ')
		p++;
	ha_buf_addf(d, "%s'%.60s%s'", d->len > 0 ? ", " : "", p,
	    strlen(p) > 60 ? "..." : "");
}

/* Package-index refreshes, and the words that install in the same step. */
static const char *const index_updates[] = {
	"apt-get update", "apt update", "apt-get -y update",
	"apt-get -qq update", "apt-get -q update", "aptitude update",
	"apk update", "yum makecache", "dnf makecache", "microdnf makecache",
	"yum update", "dnf update", "microdnf update", "yum -y update",
	"dnf -y update", "yum check-update", "dnf check-update",
	"zypper refresh", "zypper ref", "zypper --non-interactive refresh",
	NULL,
};
static const char *const installs[] = {
	"install", "apk add", "upgrade", NULL,
};

static int
contains_any(const char *s, const char *const *words)
{
	size_t i;

	for (i = 0; words[i] != NULL; i++)
		if (strstr(s, words[i]) != NULL)
			return 1;
	return 0;
}

/*
 * 1 when a history step is a RUN: the classic builder writes
 * "/bin/sh -c CMD" for RUN and "/bin/sh -c #(nop) INSTR" for the rest;
 * BuildKit writes "RUN /bin/sh -c CMD # buildkit" and "INSTR ..." for the
 * rest ("|N ARG=v /bin/sh -c ..." is a RUN with build arguments).
 */
static int
is_run_step(const char *cmd)
{
	size_t n;

	if (strstr(cmd, "#(nop)") != NULL)
		return 0;
	while (*cmd == ' ')
		cmd++;
	for (n = 0; cmd[n] >= 'A' && cmd[n] <= 'Z'; n++)
		;
	if (n > 0 && (cmd[n] == ' ' || cmd[n] == '\0'))
		return n == 3 && strncmp(cmd, "RUN", 3) == 0;
	return 1;
}

static enum ha_status
update_alone(const struct ha_ctx *ctx, const json_t *obj, struct ha_buf *d)
{
	const json_t *hist, *h;
	const char *cmd;
	struct ha_buf list;
	enum ha_status st;
	size_t i;

	(void)ctx;
	if ((st = history(obj, &hist, d)) != HA_PASS)
		return st;
	ha_buf_init(&list, HA_BUF_NOCAP);
	json_array_foreach(hist, i, h) {
		cmd = json_string_value(json_object_get(h, "CreatedBy"));
		if (cmd != NULL && is_run_step(cmd) &&
		    contains_any(cmd, index_updates) &&
		    !contains_any(cmd, installs))
			add_step(&list, cmd);
	}
	st = list.len > 0 ? HA_FAIL : HA_PASS;
	if (st == HA_FAIL)
		ha_buf_addf(d, "update alone: %s", list.data);
	else
		ha_buf_addf(d, "no lone update among %zu steps",
		    json_array_size(hist));
	ha_buf_release(&list);
	return st;
}

/* The instruction text of an ADD step after "ADD ", or NULL. */
static const char *
add_args(const char *cmd)
{
	const char *p = cmd;

	if (ha_starts_with(p, "/bin/sh -c #(nop) "))
		p += 18;
	while (*p == ' ')
		p++;
	return ha_starts_with(p, "ADD ") ? p + 4 : NULL;
}

/*
 * 1 when ADD arguments p put a local file or archive at "/": the classic
 * builder's "file:<digest> in / " or BuildKit's "<archive> / # buildkit",
 * the form of a base image's root file system.
 */
static int
adds_rootfs(const char *p)
{
	static const char *const archives[] = {
		".tar", ".tar.gz", ".tgz", ".tar.xz", ".txz", ".tar.bz2",
		".tar.zst",
	};
	const char *sp, *rest;
	size_t i, n;

	while (*p == ' ')
		p++;
	if ((sp = strchr(p, ' ')) == NULL)
		return 0;
	n = (size_t)(sp - p);
	if (n > 5 && strncmp(p, "file:", 5) == 0)
		rest = ha_starts_with(sp, " in /") ? sp + 5 : NULL;
	else {
		if (memchr(p, ':', n) != NULL)	/* a URL, dir:, ... */
			return 0;
		for (i = 0; i < HA_ARRAY_SIZE(archives); i++)
			if (n > strlen(archives[i]) && strncmp(sp -
			    strlen(archives[i]), archives[i],
			    strlen(archives[i])) == 0)
				break;
		rest = i < HA_ARRAY_SIZE(archives) &&
		    ha_starts_with(sp, " /") ? sp + 2 : NULL;
	}
	if (rest == NULL)
		return 0;
	while (*rest == ' ')
		rest++;
	return *rest == '\0' || strcmp(rest, "# buildkit") == 0;
}

/*
 * The index in hist of the base image's root file system: the oldest
 * step that makes a layer, when it is an ADD of a local file or archive
 * to "/" (older steps are metadata: ARG, LABEL, Size 0).  -1 when none.
 * CIS 4.9 asks for COPY in *your* Dockerfile; the rootfs tarball that
 * starts an official base image is not the image author's choice.
 */
static long
base_rootfs(const json_t *hist)
{
	const json_t *h;
	const char *cmd, *args;
	size_t i = json_array_size(hist);
	long long size;

	while (i-- > 0) {
		h = json_array_get(hist, i);
		cmd = json_string_value(json_object_get(h, "CreatedBy"));
		args = cmd != NULL ? add_args(cmd) : NULL;
		if (args != NULL)
			return adds_rootfs(args) ? (long)i : -1;
		size = json_integer_value(json_object_get(h, "Size"));
		if (size != 0)
			return -1;
	}
	return -1;
}

static enum ha_status
add_instruction(const struct ha_ctx *ctx, const json_t *obj,
    struct ha_buf *d)
{
	const json_t *hist, *h;
	const char *cmd;
	struct ha_buf list;
	enum ha_status st;
	size_t i;
	long base;

	(void)ctx;
	if ((st = history(obj, &hist, d)) != HA_PASS)
		return st;
	base = base_rootfs(hist);
	ha_buf_init(&list, HA_BUF_NOCAP);
	json_array_foreach(hist, i, h) {
		cmd = json_string_value(json_object_get(h, "CreatedBy"));
		if (cmd != NULL && (long)i != base && add_args(cmd) != NULL)
			add_step(&list, cmd);
	}
	st = list.len > 0 ? HA_FAIL : HA_PASS;
	if (st == HA_FAIL)
		ha_buf_addf(d, "ADD used: %s", list.data);
	else
		ha_buf_addf(d, "no ADD among %zu steps%s",
		    json_array_size(hist), base >= 0 ? " (the base image's "
		    "root file system aside)" : "");
	ha_buf_release(&list);
	return st;
}

const struct ha_check ha_checks_images[] = {
	{
		.id = "container.user",
		.title = "Containers run as a non-root user",
		.scope = HA_SCOPE_CONTAINER,
		.level = 1,
		.severity = HA_SEV_MEDIUM,
		.rationale = "A process that runs as root inside a container "
		    "is root on the host's kernel; any escape or mounted "
		    "host resource is then reached with full rights.",
		.audit = "For every container, Config.User from the inspect "
		    "object: empty, \"root\", \"0\" or a \"root:\"/\"0:\" "
		    "user:group pair fails.",
		.remediation = "Create a user in the image (RUN useradd ...) "
		    "and select it with USER in the Dockerfile, or start "
		    "the container with --user UID:GID.",
		.eval_target = container_user,
	},
	{
		.id = "image.trusted-base",
		.title = "Images are built only from trusted base images",
		.scope = HA_SCOPE_IMAGE,
		.level = 1,
		.severity = HA_SEV_MEDIUM,
		.rationale = "A base image from an unknown publisher may carry "
		    "malware or unpatched software into every container "
		    "built from it.",
		.audit = "Manual.  List the images in use with "
		    "'docker images --digests' and 'docker ps --format "
		    "{{.Image}}'; for each, find its base with 'docker "
		    "history --no-trunc IMAGE' and the Dockerfile, and "
		    "confirm the base comes from an official or verified "
		    "publisher or from your own registry, pinned by digest.",
		.remediation = "Build only FROM official, verified or "
		    "in-house images, pinned by digest, pulled from a "
		    "registry you control or trust.",
	},
	{
		.id = "image.minimal-packages",
		.title = "Images contain no unnecessary packages",
		.scope = HA_SCOPE_IMAGE,
		.level = 1,
		.severity = HA_SEV_LOW,
		.rationale = "Every package in an image widens its attack "
		    "surface and the number of patches it needs.",
		.audit = "Manual.  For each image, list what it installs: "
		    "'docker run --rm --entrypoint sh IMAGE -c \"dpkg -l "
		    "|| rpm -qa || apk info\"', and review the Dockerfile "
		    "for packages the application does not need.",
		.remediation = "Start from a minimal base (distroless, slim, "
		    "alpine or scratch), install with "
		    "--no-install-recommends, and use multi-stage builds so "
		    "build tools stay out of the final image.",
	},
	{
		.id = "image.scanned",
		.title = "Images are scanned and rebuilt with security "
		    "patches",
		.scope = HA_SCOPE_IMAGE,
		.level = 1,
		.severity = HA_SEV_HIGH,
		.rationale = "Images are frozen at build time; without regular "
		    "scanning and rebuilding they keep every vulnerability "
		    "found since.",
		.audit = "Manual.  Run a vulnerability scanner (e.g. 'docker "
		    "scout cves IMAGE', trivy or grype) over each image in "
		    "'docker images'; check the image's Created date with "
		    "'docker inspect -f {{.Created}} IMAGE' against your "
		    "rebuild policy.",
		.remediation = "Scan images in CI and in the registry, rebuild "
		    "them regularly from patched bases (docker build "
		    "--pull --no-cache), and redeploy containers from the "
		    "rebuilt images.",
	},
	{
		.id = "host.content-trust",
		.title = "Docker content trust is enabled for the client",
		.scope = HA_SCOPE_HOST,
		.level = 2,
		.severity = HA_SEV_MEDIUM,
		.rationale = "With content trust the client pulls, runs and "
		    "builds only signed images, so a tampered registry or "
		    "tag cannot substitute an image.",
		.audit = "facts.host.environment.DOCKER_CONTENT_TRUST: the "
		    "host-wide client environment as login shells set it "
		    "(/etc/environment, then /etc/profile.d/*.sh; the last "
		    "assignment wins).  \"1\" (or another value the "
		    "client takes as true) passes, unset or false fails; "
		    "the message names the file and line.  Skipped when "
		    "the environment was not collected.  By hand: 'echo "
		    "$DOCKER_CONTENT_TRUST' in the shells and service "
		    "units that run docker.",
		.remediation = "Set DOCKER_CONTENT_TRUST=1 in the environment "
		    "of every user and job that runs the docker client "
		    "(e.g. /etc/environment or the shell profile).",
		.eval = content_trust,
	},
	{
		.id = "image.healthcheck",
		.title = "Images define a HEALTHCHECK",
		.scope = HA_SCOPE_IMAGE,
		.level = 1,
		.severity = HA_SEV_LOW,
		.rationale = "A health check lets the engine and orchestrators "
		    "notice a container that runs but no longer works, and "
		    "replace it.",
		.audit = "For every image, Config.Healthcheck from the image "
		    "inspect object: missing, with no Test, or with Test "
		    "[\"NONE\"] fails.",
		.remediation = "Add a HEALTHCHECK instruction to the "
		    "Dockerfile (e.g. HEALTHCHECK CMD curl -f "
		    "http://localhost/ || exit 1) and rebuild.",
		.eval_target = healthcheck,
	},
	{
		.id = "image.update-alone",
		.title = "Package update instructions are not used alone in "
		    "Dockerfiles",
		.scope = HA_SCOPE_IMAGE,
		.level = 1,
		.severity = HA_SEV_LOW,
		.rationale = "An update in its own layer is cached; later "
		    "builds then install packages from a stale index and "
		    "miss security fixes.",
		.audit = "For every image with History collected (GET "
		    "/images/{id}/history, each entry's CreatedBy): a "
		    "RUN step that updates the package index (apt-get "
		    "update, apt update, apk update, yum/dnf makecache or "
		    "update, zypper refresh) without installing in the "
		    "same step fails.  Error when the history could not be "
		    "collected.  By hand: 'docker history --no-trunc "
		    "IMAGE'.",
		.remediation = "Combine the update with the install in one RUN "
		    "instruction (RUN apt-get update && apt-get install -y "
		    "...), or build with --no-cache.",
		.eval_target = update_alone,
	},
	{
		.id = "image.setuid",
		.title = "Setuid and setgid permissions are removed from "
		    "images",
		.scope = HA_SCOPE_IMAGE,
		.level = 2,
		.severity = HA_SEV_MEDIUM,
		.rationale = "Setuid and setgid programs let an unprivileged "
		    "process in the container gain privileges.",
		.audit = "Manual.  For each image list the files: 'docker run "
		    "--rm --entrypoint find IMAGE / -xdev -perm /6000 "
		    "-type f' and confirm each listed program is needed.",
		.remediation = "In the Dockerfile remove the bits from what is "
		    "not needed: RUN find / -xdev -perm /6000 -type f "
		    "-exec chmod a-s {} + || true",
	},
	{
		.id = "image.add-instruction",
		.title = "COPY is used instead of ADD in Dockerfiles",
		.scope = HA_SCOPE_IMAGE,
		.level = 1,
		.severity = HA_SEV_LOW,
		.rationale = "ADD fetches URLs and unpacks archives, which can "
		    "bring unverified or malicious content into the image; "
		    "COPY only copies local files.",
		.audit = "For every image with History collected (each "
		    "entry's CreatedBy): an ADD step fails, except the "
		    "base image's root file system: the oldest layer, when "
		    "it ADDs a local file or archive to / (\"ADD file:... "
		    "in /\", \"ADD rootfs.tar.xz / # buildkit\").  Error "
		    "when the history could not be collected.  By hand: "
		    "'docker history --no-trunc IMAGE'.",
		.remediation = "Replace ADD with COPY in the Dockerfile; fetch "
		    "remote files with a checked download (curl plus a "
		    "checksum) in a RUN step.",
		.eval_target = add_instruction,
	},
	{
		.id = "image.secrets",
		.title = "Secrets are not stored in Dockerfiles or images",
		.scope = HA_SCOPE_IMAGE,
		.level = 1,
		.severity = HA_SEV_HIGH,
		.rationale = "Anything written into an image layer or its "
		    "build history can be read by anyone who can pull the "
		    "image.",
		.audit = "Manual.  Review each Dockerfile, 'docker history "
		    "--no-trunc IMAGE' and 'docker inspect -f "
		    "{{.Config.Env}} IMAGE' for passwords, tokens and keys; "
		    "a secret scanner over the image filesystem helps.",
		.remediation = "Pass build secrets with 'docker build "
		    "--secret' (RUN --mount=type=secret) and runtime "
		    "secrets through a secret store; rebuild any image that "
		    "held one and rotate the secret.",
	},
	{
		.id = "image.verified-packages",
		.title = "Only verified packages are installed in images",
		.scope = HA_SCOPE_IMAGE,
		.level = 2,
		.severity = HA_SEV_MEDIUM,
		.rationale = "Packages installed without signature or checksum "
		    "verification may have been tampered with.",
		.audit = "Manual.  Review each Dockerfile and 'docker history "
		    "--no-trunc IMAGE' for installs that skip verification "
		    "(--allow-unauthenticated, --nogpgcheck, "
		    "--allow-untrusted, curl | sh without a checksum).",
		.remediation = "Install only from signed repositories with GPG "
		    "checks on, and verify downloaded files with a "
		    "checksum or signature before use.",
	},
	{
		.id = "image.signed-artifacts",
		.title = "Signed artifacts are validated before use",
		.scope = HA_SCOPE_IMAGE,
		.level = 2,
		.severity = HA_SEV_MEDIUM,
		.rationale = "Validating signatures of images and other "
		    "artifacts proves they come from the expected "
		    "publisher unchanged.",
		.audit = "Manual.  For each image check its signature, e.g. "
		    "'docker trust inspect --pretty IMAGE' or 'cosign "
		    "verify IMAGE', and confirm the build validates the "
		    "signatures of what it downloads.",
		.remediation = "Sign images and artifacts in the build "
		    "pipeline and verify signatures at pull and deploy "
		    "time (content trust, cosign policy).",
	},
	{ .id = NULL },
};

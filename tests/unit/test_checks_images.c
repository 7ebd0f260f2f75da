/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_checks_images.c - section 4 checks over inspect-object fixtures.
 * Fixtures use ' for " (see helper_checks.h).
 */
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "ha_check.h"
#include "ha_collect.h"
#include "ha_facts.h"
#include "ha_util.h"
#include "ha_report.h"
#include "helper_checks.h"
#include "banned.h"

#define CTR(n, user) "{'Id': 'id-" n "', 'Name': '/" n "', " \
	"'State': {'Status': 'running', 'Running': true}, " \
	"'Config': {'User': '" user "', 'Image': 'nginx:1.25'}, " \
	"'HostConfig': {}}"
#define IMG(tag, x) "{'Id': 'sha256:" tag "0123', 'RepoTags': ['" tag \
	":1'], 'Config': {" x "}}"
#define IMGH(tag, x, h) "{'Id': 'sha256:" tag "0123', 'RepoTags': ['" tag \
	":1'], 'Config': {" x "}, 'History': [" h "]}"
#define STEP(c) "{'Created': 1700000000, 'CreatedBy': '" c "', " \
	"'Comment': ''}"
#define FACTS(c, i) "{'engine': {'status': 'ok', 'containers': [" c "], " \
	"'images': [" i "]}}"

#define expect	ha_test_expect
#define expect_msg	ha_test_expect_msg
#define END	HA_TEST_END

static void
test_container_user(void **state)
{
	(void)state;
	expect("container.user", FACTS(
	    CTR("app", "app") "," CTR("uid", "1000:1000") ","
	    CTR("unset", "") "," CTR("root", "root") "," CTR("zero", "0") ","
	    CTR("rootgrp", "root:wheel") "," CTR("zerogrp", "0:0") ","
	    CTR("rooty", "rooty") "," CTR("uid10", "10"), ""), NULL, HA_FAIL,
	    "app", HA_PASS, "User: app",
	    "uid", HA_PASS, NULL,
	    "unset", HA_FAIL, "not set",
	    "root", HA_FAIL, "User: root",
	    "zero", HA_FAIL, NULL,
	    "rootgrp", HA_FAIL, NULL,
	    "zerogrp", HA_FAIL, NULL,
	    "rooty", HA_PASS, NULL,
	    "uid10", HA_PASS, NULL, END);
	expect("container.user", FACTS(CTR("app", "nobody"), ""), NULL,
	    HA_PASS, "app", HA_PASS, NULL, END);
}

static void
test_content_trust(void **state)
{
	(void)state;
	expect("host.content-trust", "{'host': {'environment': "
	    "{'DOCKER_CONTENT_TRUST': '1'}}}", NULL, HA_PASS, END);
	expect("host.content-trust", "{'host': {'environment': "
	    "{'DOCKER_CONTENT_TRUST': '0'}}}", NULL, HA_FAIL, END);
	expect("host.content-trust", "{'host': {'environment': "
	    "{'DOCKER_CONTENT_TRUST': 'false'}}}", NULL, HA_FAIL, END);
	expect("host.content-trust", "{'host': {'environment': "
	    "{'DOCKER_CONTENT_TRUST': ''}}}", NULL, HA_FAIL, END);
	expect("host.content-trust", "{'host': {'environment': {}}}", NULL,
	    HA_FAIL, END);
	expect("host.content-trust", "{'host': {}}", NULL, HA_SKIP, END);
	/* collect's shape: the value and where it was set */
	expect_msg("host.content-trust", "{'host': {'environment': "
	    "{'DOCKER_CONTENT_TRUST': {'value': '1', 'source': "
	    "'/etc/profile.d/dct.sh:2'}, 'files': []}}}", HA_PASS,
	    "DOCKER_CONTENT_TRUST=1 (/etc/profile.d/dct.sh:2)");
	expect_msg("host.content-trust", "{'host': {'environment': "
	    "{'DOCKER_CONTENT_TRUST': {'value': '0', 'source': "
	    "'/etc/environment:1'}, 'files': []}}}", HA_FAIL,
	    "DOCKER_CONTENT_TRUST=0 (/etc/environment:1)");
	expect_msg("host.content-trust", "{'host': {'environment': "
	    "{'files': ['/etc/environment']}}}", HA_FAIL,
	    "DOCKER_CONTENT_TRUST is not set host-wide (/etc/environment, "
	    "/etc/profile.d/*.sh)");
}

static char ct_root[64];

static void
put(const char *rel, const char *text)
{
	char *path = ha_xasprintf("%s/%s", ct_root, rel), *slash;
	FILE *f;

	slash = strrchr(path, '/');
	*slash = '\0';
	(void)mkdir(path, 0755);
	*slash = '/';
	assert_non_null(f = fopen(path, "w"));
	fputs(text, f);
	fclose(f);
	free(path);
}

/* Collect the host facts of ct_root and run host.content-trust on them. */
static void
collect_trust(enum ha_status want, const char *msg, const char *value)
{
	struct ha_collect_opts o;
	struct ha_result r;
	json_t *facts = json_object();
	char *text;

	ha_collect_opts_init(&o);
	o.root = ct_root;
	ha_collect_host(&o, facts);
	if (value != NULL)
		assert_string_equal(ha_facts_str(facts, "host.environment."
		    "DOCKER_CONTENT_TRUST.value"), value);
	else
		assert_null(ha_facts_get(facts,
		    "host.environment.DOCKER_CONTENT_TRUST"));
	text = json_dumps(facts, JSON_COMPACT);
	assert_int_equal(ha_test_run("host.content-trust", text, NULL, &r),
	    want);
	assert_string_equal(r.message, msg);
	ha_result_release(&r);
	free(text);
	json_decref(facts);
}

static int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/*
 * From the files to the result: /etc/environment, then the profile.d
 * scripts in glob order; the last assignment wins and is named.
 */
static void
test_content_trust_collected(void **state)
{
	(void)state;
	snprintf(ct_root, sizeof(ct_root), "/tmp/ha-ct-XXXXXX");
	assert_non_null(mkdtemp(ct_root));
	collect_trust(HA_FAIL, "DOCKER_CONTENT_TRUST is not set host-wide "
	    "(/etc/environment, /etc/profile.d/*.sh)", NULL);
	put("etc/environment", "PATH=/usr/bin:/bin\n"
	    "DOCKER_CONTENT_TRUST=1\n");
	collect_trust(HA_PASS, "DOCKER_CONTENT_TRUST=1 (/etc/environment:2)",
	    "1");
	put("etc/profile.d/a.sh", "# docker\n  export "
	    "DOCKER_CONTENT_TRUST=\"0\"  # off for now\n");
	put("etc/profile.d/b.txt", "export DOCKER_CONTENT_TRUST=1\n");
	collect_trust(HA_FAIL, "DOCKER_CONTENT_TRUST=0 (/etc/profile.d/a.sh:2)",
	    "0");
	put("etc/profile.d/z.sh", "export DOCKER_CONTENT_TRUST=1; "
	    "export X=y\n");
	collect_trust(HA_PASS, "DOCKER_CONTENT_TRUST=1 (/etc/profile.d/z.sh:1)",
	    "1");
	put("etc/profile.d/zz.sh", "unset DOCKER_CONTENT_TRUST\n");
	collect_trust(HA_FAIL, "DOCKER_CONTENT_TRUST= (/etc/profile.d/zz.sh:1)",
	    "");
	assert_int_equal(nftw(ct_root, rm_one, 8, FTW_DEPTH | FTW_PHYS), 0);
}

static void
test_healthcheck(void **state)
{
	(void)state;
	expect("image.healthcheck", FACTS("",
	    IMG("web", "'Healthcheck': {'Test': ['CMD-SHELL', "
	    "'curl -f http://localhost/ || exit 1'], 'Interval': 30000000000}")
	    "," IMG("none", "'Healthcheck': {'Test': ['NONE']}") ","
	    IMG("bare", "'Cmd': ['sh']") ","
	    IMG("empty", "'Healthcheck': {'Test': []}")), NULL, HA_FAIL,
	    "web:1", HA_PASS, "CMD-SHELL",
	    "none:1", HA_FAIL, "NONE",
	    "bare:1", HA_FAIL, "no HEALTHCHECK",
	    "empty:1", HA_FAIL, NULL, END);
}

static void
test_update_alone(void **state)
{
	(void)state;
	expect("image.update-alone", FACTS("",
	    IMGH("good", "", STEP("/bin/sh -c apt-get update && apt-get "
	    "install -y --no-install-recommends curl") ","
	    STEP("/bin/sh -c #(nop)  CMD [\\\"bash\\\"]") ","
	    STEP("/bin/sh -c #(nop) ADD file:6b2e in / ")) ","
	    IMGH("bad", "", STEP("RUN /bin/sh -c apt-get install -y curl "
	    "# buildkit") "," STEP("RUN /bin/sh -c apt-get update "
	    "# buildkit")) ","
	    IMGH("apk", "", STEP("/bin/sh -c apk update")) ","
	    IMG("nohist", "")), NULL, HA_FAIL,
	    "good:1", HA_PASS, NULL,
	    "bad:1", HA_FAIL, "update alone: 'RUN /bin/sh -c apt-get update",
	    "apk:1", HA_FAIL, "apk update",
	    "nohist:1", HA_SKIP, "image history not collected", END);
	expect("image.update-alone", FACTS("", IMG("nohist", "")), NULL,
	    HA_SKIP, "nohist:1", HA_SKIP, NULL, END);
	expect("image.update-alone", FACTS("",
	    IMGH("yum", "", STEP("/bin/sh -c yum update -y")) ","
	    IMGH("dnf", "", STEP("|1 V=2 /bin/sh -c dnf makecache")) ","
	    IMGH("label", "", STEP("LABEL note=run apt-get update first") ","
	    STEP("/bin/sh -c #(nop)  LABEL x=apt-get update") ","
	    STEP("ENV HINT=apk update")) ","
	    IMGH("apkadd", "", STEP("RUN /bin/sh -c apk update && apk add "
	    "curl # buildkit")) ","
	    IMG("failed", "'Cmd': null}, 'HistoryError': 'GET /images/x/"
	    "history: HTTP status 500: boom', 'Z': {")), NULL, HA_FAIL,
	    "yum:1", HA_FAIL, "yum update",
	    "dnf:1", HA_FAIL, "dnf makecache",
	    "label:1", HA_PASS, "no lone update among 3 steps",
	    "apkadd:1", HA_PASS, NULL,
	    "failed:1", HA_ERROR, "image history not collected: GET "
	    "/images/x/history: HTTP status 500", END);
}

static void
test_add_instruction(void **state)
{
	(void)state;
	expect("image.add-instruction", FACTS("",
	    IMGH("copy", "", STEP("COPY app /app # buildkit") ","
	    STEP("/bin/sh -c #(nop) ADD file:5d67 in / ")) ","
	    IMGH("alpine", "", STEP("ADD alpine-minirootfs-3.19.0-x86_64."
	    "tar.gz / # buildkit")) ","
	    IMGH("url", "", STEP("ADD https://example.com/app.tar.gz /opt/ "
	    "# buildkit")) ","
	    IMGH("dir", "", STEP("/bin/sh -c #(nop) ADD dir:7f3e in /app "))),
	    NULL, HA_FAIL,
	    "copy:1", HA_PASS, NULL,
	    "alpine:1", HA_PASS, NULL,
	    "url:1", HA_FAIL, "ADD used: 'ADD https://example.com",
	    "dir:1", HA_FAIL, "ADD dir:7f3e", END);
}

#define SSTEP(c, size) "{'Created': 1700000000, 'CreatedBy': '" c "', " \
	"'Size': " #size "}"

/*
 * Only the base image's root file system (the oldest layer, an ADD of a
 * local file or archive to /) is not a finding; the same form anywhere
 * else is the image author's ADD.
 */
static void
test_add_base_rootfs(void **state)
{
	(void)state;
	expect("image.add-instruction", FACTS("",
	    IMGH("ubuntu", "", SSTEP("/bin/sh -c #(nop)  CMD [\\\"bash\\\"]", 0)
	    "," SSTEP("/bin/sh -c #(nop) ADD file:a1b2 in / ", 78000000) ","
	    SSTEP("/bin/sh -c #(nop)  LABEL org.opencontainers.image.version"
	    "=24.04", 0) "," SSTEP("/bin/sh -c #(nop)  ARG RELEASE", 0)) ","
	    IMGH("user", "", SSTEP("/bin/sh -c #(nop) ADD file:c3d4 in / ",
	    1200) "," SSTEP("/bin/sh -c #(nop)  CMD [\\\"bash\\\"]", 0) ","
	    SSTEP("/bin/sh -c #(nop) ADD file:a1b2 in / ", 78000000)) ","
	    IMGH("late", "", SSTEP("ADD rootfs.tar.xz / # buildkit", 5000) ","
	    SSTEP("RUN /bin/sh -c echo hi > /x # buildkit", 10)) ","
	    IMGH("nottar", "", SSTEP("ADD app.jar / # buildkit", 9000)) ","
	    IMGH("optdir", "", SSTEP("/bin/sh -c #(nop) ADD file:e5f6 in "
	    "/opt ", 9000))), NULL, HA_FAIL,
	    "ubuntu:1", HA_PASS, "root file system aside",
	    "user:1", HA_FAIL, "ADD file:c3d4 in /",
	    "late:1", HA_FAIL, "ADD rootfs.tar.xz",
	    "nottar:1", HA_FAIL, "ADD app.jar",
	    "optdir:1", HA_FAIL, "ADD file:e5f6", END);
	/* the failure names only the user's ADD, not the base's */
	expect("image.add-instruction", FACTS("", IMGH("user", "",
	    SSTEP("/bin/sh -c #(nop) ADD file:c3d4 in / ", 1200) ","
	    SSTEP("/bin/sh -c #(nop) ADD file:a1b2 in / ", 78000000))), NULL,
	    HA_FAIL, "user:1", HA_FAIL, "ADD used: 'ADD file:c3d4 in / '", END);
}

static void
test_manual(void **state)
{
	static const char *const ids[] = {
		"image.trusted-base", "image.minimal-packages",
		"image.scanned", "image.setuid", "image.secrets",
		"image.verified-packages", "image.signed-artifacts",
	};
	size_t i;

	(void)state;
	for (i = 0; i < HA_ARRAY_SIZE(ids); i++)
		expect(ids[i], FACTS("", IMG("x", "")), NULL, HA_MANUAL, END);
}

/* Every id of sections 4 and 5 is registered with complete metadata. */
static void
test_descriptors(void **state)
{
	static const char *const ids[] = {
		"container.user", "image.trusted-base",
		"image.minimal-packages", "image.scanned",
		"host.content-trust", "image.healthcheck",
		"image.update-alone", "image.setuid", "image.add-instruction",
		"image.secrets", "image.verified-packages",
		"image.signed-artifacts", "daemon.swarm",
		"container.apparmor", "container.selinux",
		"container.capabilities", "container.privileged",
		"container.sensitive-mounts", "container.sshd",
		"container.privileged-ports", "container.open-ports",
		"container.host-network", "container.memory-limit",
		"container.cpu-shares", "container.readonly-rootfs",
		"container.bind-interface", "container.restart-policy",
		"container.host-pid", "container.host-ipc",
		"container.host-devices", "container.ulimits",
		"container.mount-propagation", "container.host-uts",
		"container.seccomp", "container.exec-privileged",
		"container.exec-user-root", "container.cgroup-parent",
		"container.no-new-privileges", "container.health",
		"container.latest-image", "container.pids-limit",
		"container.default-bridge", "container.host-userns",
		"container.docker-sock",
	};
	const struct ha_check *c;
	size_t i;

	(void)state;
	for (i = 0; i < HA_ARRAY_SIZE(ids); i++) {
		c = ha_registry_find(ids[i]);
		if (c == NULL)
			fail_msg("'%s' is not registered", ids[i]);
		assert_true(c->title != NULL && *c->title != '\0');
		assert_true(c->rationale != NULL && *c->rationale != '\0');
		assert_true(c->audit != NULL && *c->audit != '\0');
		assert_true(c->remediation != NULL && *c->remediation != '\0');
		assert_true(c->level == 1 || c->level == 2);
		if (c->eval == NULL && c->eval_target == NULL)
			assert_true(strncmp(c->audit, "Manual.", 7) == 0);
		if (c->eval_target != NULL)
			assert_true(c->scope == HA_SCOPE_CONTAINER ||
			    c->scope == HA_SCOPE_IMAGE);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_container_user),
		cmocka_unit_test(test_content_trust),
		cmocka_unit_test(test_content_trust_collected),
		cmocka_unit_test(test_add_base_rootfs),
		cmocka_unit_test(test_healthcheck),
		cmocka_unit_test(test_update_alone),
		cmocka_unit_test(test_add_instruction),
		cmocka_unit_test(test_manual),
		cmocka_unit_test(test_descriptors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

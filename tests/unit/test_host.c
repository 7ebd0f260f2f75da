/* SPDX-License-Identifier: Apache-2.0 */
/*
 * test_host.c - the host facts: the pure parsers (cgroup and mountinfo
 * container ids, the mount table, os-release, hostname, passwd and group)
 * on realistic samples, and one collection from a fake host root.
 *
 * The parsers are file-local to src/host.c, so this file includes it
 * (the library's host.o is then not linked in: every symbol it defines
 * is defined here).
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <cmocka.h>

#include "../../src/host.c"
#include "ha_facts.h"

#define ID_A "4f1d3c2b9a8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a392817064a1b"
#define ID_B "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static void
test_cgroup_v1(void **state)
{
	char id[ID_LEN + 1];

	(void)state;
	/* cgroupfs driver */
	assert_int_equal(cgroup_container_id(
	    "12:memory:/docker/" ID_A "\n"
	    "11:cpu,cpuacct:/docker/" ID_A "\n"
	    "1:name=systemd:/docker/" ID_A "\n", id), 0);
	assert_string_equal(id, ID_A);
	/* systemd driver */
	assert_int_equal(cgroup_container_id(
	    "13:pids:/system.slice/docker-" ID_B ".scope\n", id), 0);
	assert_string_equal(id, ID_B);
	/* docker in docker: the innermost */
	assert_int_equal(cgroup_container_id(
	    "4:devices:/docker/" ID_A "/docker/" ID_B "\n", id), 0);
	assert_string_equal(id, ID_B);
	/* a plain host */
	assert_int_equal(cgroup_container_id(
	    "12:memory:/user.slice/user-1000.slice\n"
	    "1:name=systemd:/user.slice/user-1000.slice/session-2.scope\n",
	    id), -1);
}

static void
test_cgroup_v2(void **state)
{
	char id[ID_LEN + 1];

	(void)state;
	assert_int_equal(cgroup_container_id(
	    "0::/system.slice/docker-" ID_A ".scope", id), 0);
	assert_string_equal(id, ID_A);
	assert_int_equal(cgroup_container_id("0::/kubepods.slice/"
	    "kubepods-besteffort.slice/kubepods-besteffort-pod1_2.slice/"
	    "cri-containerd-" ID_B ".scope\n", id), 0);
	assert_string_equal(id, ID_B);
	/* a private cgroup namespace shows nothing */
	assert_int_equal(cgroup_container_id("0::/\n", id), -1);
	assert_int_equal(cgroup_container_id(
	    "0::/user.slice/user-0.slice/session-3.scope\n", id), -1);
	/* not quite ids: 63 digits, upper case */
	assert_int_equal(cgroup_container_id("0::/docker/"
	    "4f1d3c2b9a8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a392817064a1\n",
	    id), -1);
	assert_int_equal(cgroup_container_id("0::/docker/4F1D3C2B9A8E7D6C5"
	    "B4A39281706F5E4D3C2B1A09F8E7D6C5B4A392817064A1B\n", id), -1);
	assert_int_equal(cgroup_container_id("", id), -1);
	assert_int_equal(cgroup_container_id("garbage without colons", id),
	    -1);
}

static const char container_mountinfo[] =
    "1186 1166 0:64 / / rw,relatime master:577 - overlay overlay "
    "rw,lowerdir=/var/lib/docker/overlay2/l/ABC,upperdir=/var/lib/docker/"
    "overlay2/" ID_B "/diff,workdir=/var/lib/docker/overlay2/" ID_B
    "/work\n"
    "1187 1186 0:67 / /proc rw,nosuid,nodev,noexec,relatime - proc proc "
    "rw\n"
    "1203 1186 254:1 /var/lib/docker/containers/" ID_A "/resolv.conf "
    "/etc/resolv.conf rw,relatime - ext4 /dev/vda1 rw\n"
    "1204 1186 254:1 /var/lib/docker/containers/" ID_A "/hostname "
    "/etc/hostname rw,relatime - ext4 /dev/vda1 rw\n";

static void
test_mountinfo_id(void **state)
{
	char id[ID_LEN + 1];

	(void)state;
	assert_int_equal(mountinfo_container_id(container_mountinfo, id), 0);
	assert_string_equal(id, ID_A);
	/* the data root on its own partition: the root field is relative */
	assert_int_equal(mountinfo_container_id("900 880 8:17 /containers/"
	    ID_B "/hosts /etc/hosts rw,relatime - xfs /dev/sdb1 rw\n", id), 0);
	assert_string_equal(id, ID_B);
	/* a host running containers sees their shm mounts: not ours */
	assert_int_equal(mountinfo_container_id(
	    "25 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 rw\n"
	    "610 25 0:55 / /var/lib/docker/containers/" ID_A "/mounts/shm "
	    "rw,nosuid,nodev,noexec,relatime shared:300 - tmpfs shm "
	    "rw,size=65536k\n", id), -1);
}

static void
test_mountinfo_table(void **state)
{
	json_t *m;

	(void)state;
	m = parse_mountinfo(
	    "25 1 254:1 / / rw,relatime shared:1 - ext4 /dev/vda1 "
	    "rw,errors=remount-ro\n"
	    "40 25 254:2 / /var/lib/docker rw,nodev,relatime shared:20 "
	    "master:3 - xfs /dev/vdb1 rw,attr2\n"
	    "41 25 0:30 / /mnt/my\\040disk ro - tmpfs none rw\n"
	    "this line is not mountinfo\n"
	    "42 25 0:31 / /no/dash rw shared:2 tmpfs none rw\n");
	assert_int_equal(json_array_size(m), 3);
	assert_string_equal(ha_facts_str(json_array_get(m, 0), "mount_point"),
	    "/");
	assert_string_equal(ha_facts_str(json_array_get(m, 0), "source"),
	    "/dev/vda1");
	assert_string_equal(ha_facts_str(json_array_get(m, 1), "mount_point"),
	    "/var/lib/docker");
	assert_string_equal(ha_facts_str(json_array_get(m, 1), "fstype"),
	    "xfs");
	assert_string_equal(ha_facts_str(json_array_get(m, 1), "options"),
	    "rw,nodev,relatime");
	assert_string_equal(ha_facts_str(json_array_get(m, 1), "dev"),
	    "254:2");
	assert_string_equal(ha_facts_str(json_array_get(m, 1), "root"), "/");
	assert_string_equal(ha_facts_str(json_array_get(m, 2), "mount_point"),
	    "/mnt/my disk");
	json_decref(m);
}

static void
expect_os(const char *text, const char *key, const char *want)
{
	char *v = os_release_value(text, key);

	if (want == NULL)
		assert_null(v);
	else
		assert_string_equal(v, want);
	free(v);
}

static void
test_os_release(void **state)
{
	static const char debian[] =
	    "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n"
	    "NAME=\"Debian GNU/Linux\"\n"
	    "VERSION_ID=\"12\"\n"
	    "ID=debian\n"
	    "HOME_URL=\"https://www.debian.org/\"\n";

	(void)state;
	expect_os(debian, "PRETTY_NAME", "Debian GNU/Linux 12 (bookworm)");
	expect_os(debian, "NAME", "Debian GNU/Linux");
	expect_os(debian, "ID", "debian");
	expect_os(debian, "VERSION_CODENAME", NULL);
	expect_os("# comment\nPRETTY_NAME='Ubuntu 22.04.4 LTS'\n",
	    "PRETTY_NAME", "Ubuntu 22.04.4 LTS");
	expect_os("PRETTY_NAME=Alpine   # trailing comment\n", "PRETTY_NAME",
	    "Alpine");
	expect_os("PRETTY_NAME=\"Odd \\\"OS\\\" \\$1 a\\b\"", "PRETTY_NAME",
	    "Odd \"OS\" $1 a\\b");
	expect_os("PRETTY_NAME=\"\"\n", "PRETTY_NAME", NULL);
}

static void
test_hostname(void **state)
{
	char *h;

	(void)state;
	h = hostname_value("# set by the installer\n\n  web1.example.org \n");
	assert_string_equal(h, "web1.example.org");
	free(h);
	assert_null(hostname_value("\n# nothing\n"));
}

static const char passwd_text[] =
    "root:x:0:0:root:/root:/bin/bash\r\n"
    "# comment:x:1:1::/:/bin/sh\n"
    "+nisuser::::::\n"
    "broken:x:12\n"
    "badid:x:-5:0::/:/bin/sh\n"
    "alice:x:1000:1000:Alice,,,:/home/alice:/bin/bash\n"
    "bob:x:1001:998::/home/bob:/bin/sh\n"
    "carol:x:1002:998::/home/carol:/bin/sh";

static const char group_text[] =
    "root:x:0:\n"
    "adm:x:4:syslog,alice\n"
    "docker:x:998:alice,bob\n"
    "\n"
    "alice:x:1000:\n"
    "dup:x:0:\n";

static void
test_passwd_group(void **state)
{
	struct ha_passwd pw;
	const struct ha_group *g;

	(void)state;
	ha_passwd_init(&pw);
	assert_int_equal(ha_passwd_parse_users(&pw, passwd_text), 4);
	assert_int_equal(ha_passwd_parse_groups(&pw, group_text), 5);
	assert_string_equal(ha_passwd_user_name(&pw, 0), "root");
	assert_string_equal(ha_passwd_user_name(&pw, 1002), "carol");
	assert_null(ha_passwd_user_name(&pw, 1));
	assert_string_equal(ha_passwd_group_name(&pw, 0), "root");
	assert_string_equal(ha_passwd_group_name(&pw, 998), "docker");
	assert_null(ha_passwd_group_name(&pw, 5));
	g = ha_passwd_group_by_name(&pw, "adm");
	assert_non_null(g);
	assert_int_equal(g->gid, 4);
	assert_int_equal(g->nmembers, 2);
	assert_string_equal(g->members[1], "alice");
	assert_int_equal(ha_passwd_group_by_name(&pw, "root")->nmembers, 0);
	assert_null(ha_passwd_group_by_name(&pw, "wheel"));
	ha_passwd_release(&pw);
	assert_int_equal(pw.nusers, 0);
}

static void
test_docker_group(void **state)
{
	struct ha_passwd pw;
	json_t *g;
	char *s;

	(void)state;
	ha_passwd_init(&pw);
	ha_passwd_parse_users(&pw, passwd_text);
	ha_passwd_parse_groups(&pw, group_text);
	g = group_members(&pw, "docker");
	s = json_dumps(g, JSON_COMPACT);
	/* listed members, then primary members, each once */
	assert_string_equal(s,
	    "{\"gid\":998,\"members\":[\"alice\",\"bob\",\"carol\"]}");
	free(s);
	json_decref(g);
	assert_null(group_members(&pw, "nogroup"));
	ha_passwd_release(&pw);
}

/*
 * Invalid UTF-8 (which jansson refuses) is replaced, not dropped: a
 * mount, an assignment or a docker group member left out would change
 * what the checks see (found by fuzz/mountinfo, os_release and passwd).
 */
static void
test_invalid_utf8(void **state)
{
	struct ha_passwd pw;
	json_t *m, *list, *g;
	char *s;

	(void)state;
	m = parse_mountinfo("36 35 8:1 / /mnt/\xff\\377 rw - ext4 /dev/sda1 "
	    "rw\n37 35 8:2 / /var/lib/docker rw - ext4 /dev/sdb1 rw\n");
	assert_int_equal(json_array_size(m), 2);
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(m, 0), "mount_point")), "/mnt/\xef\xbf\xbd"
	    "\xef\xbf\xbd");
	json_decref(m);

	list = json_array();
	env_scan("DOCKER_CONTENT_TRUST=1\nDOCKER_CONTENT_TRUST=0\xff\n",
	    "/etc/environment", "DOCKER_CONTENT_TRUST", list);
	assert_int_equal(json_array_size(list), 2);
	assert_string_equal(json_string_value(json_object_get(
	    json_array_get(list, 1), "value")), "0\xef\xbf\xbd");
	json_decref(list);

	ha_passwd_init(&pw);
	ha_passwd_parse_groups(&pw, "docker:x:998:alice,r\xe9mi\n");
	g = group_members(&pw, "docker");
	s = json_dumps(g, JSON_COMPACT);
	assert_string_equal(s, "{\"gid\":998,\"members\":[\"alice\","
	    "\"r\xef\xbf\xbdmi\"]}");
	free(s);
	json_decref(g);
	ha_passwd_release(&pw);
}

static void
put(const char *dir, const char *rel, const char *text)
{
	char *p = ha_xasprintf("%s/%s", dir, rel), *s;
	int fd;

	for (s = p + strlen(dir) + 1; (s = strchr(s, '/')) != NULL; s++) {
		*s = '\0';
		assert_true(mkdir(p, 0755) == 0 || errno == EEXIST);
		*s = '/';
	}
	fd = open(p, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	free(p);
}

static int
rm_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	return flag == FTW_DP ? rmdir(path) : unlink(path);
}

static void
check_common(const json_t *facts)
{
	struct utsname u;
	const char *id;

	assert_int_equal(uname(&u), 0);
	assert_string_equal(ha_facts_str(facts, "host.kernel"), u.release);
	assert_true(json_is_boolean(ha_facts_get(facts, "host.apparmor")));
	assert_true(json_is_boolean(ha_facts_get(facts, "host.selinux")));
	/* null here, unless the tests themselves run in a container */
	id = ha_facts_str(facts, "host.self_container_id");
	if (id != NULL)
		assert_true(is_id(id, strlen(id)));
	else
		assert_true(json_is_null(ha_facts_get(facts,
		    "host.self_container_id")));
}

static void
test_collect_fake_root(void **state)
{
	char root[] = "/tmp/ha_host_XXXXXX";
	struct ha_collect_opts o;
	json_t *facts = json_object();
	char *s;

	(void)state;
	assert_non_null(mkdtemp(root));
	put(root, "etc/hostname", "# comment\nweb1\n");
	put(root, "etc/os-release", "NAME=\"Debian GNU/Linux\"\n"
	    "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\n");
	put(root, "etc/passwd", passwd_text);
	put(root, "etc/group", group_text);
	put(root, "proc/1/mountinfo", container_mountinfo);
	ha_collect_opts_init(&o);
	o.root = root;
	ha_collect_host(&o, facts);
	check_common(facts);
	assert_string_equal(ha_facts_str(facts, "host.hostname"), "web1");
	assert_string_equal(ha_facts_str(facts, "host.os"),
	    "Debian GNU/Linux 12 (bookworm)");
	s = json_dumps(ha_facts_get(facts, "host.docker_group"), JSON_COMPACT);
	assert_string_equal(s,
	    "{\"gid\":998,\"members\":[\"alice\",\"bob\",\"carol\"]}");
	free(s);
	assert_int_equal(json_array_size(ha_facts_get(facts, "host.mounts")),
	    4);
	assert_string_equal(ha_facts_str(json_array_get(ha_facts_get(facts,
	    "host.mounts"), 3), "mount_point"), "/etc/hostname");
	assert_null(json_object_get(facts, "errors"));
	json_decref(facts);

	/* a bare root: nulls, and a missing file is no error */
	put(root, "etc/group", "root:x:0:\n");
	s = ha_hostfs_join(o.root, "/etc/hostname");
	assert_int_equal(unlink(s), 0);
	free(s);
	s = ha_hostfs_join(o.root, "/proc");
	assert_int_equal(nftw(s, rm_one, 8, FTW_DEPTH | FTW_PHYS), 0);
	free(s);
	facts = json_object();
	ha_collect_host(&o, facts);
	assert_true(json_is_null(ha_facts_get(facts, "host.hostname")));
	assert_true(json_is_null(ha_facts_get(facts, "host.docker_group")));
	assert_true(json_is_null(ha_facts_get(facts, "host.mounts")));
	assert_null(json_object_get(facts, "errors"));
	json_decref(facts);
	nftw(root, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

/*
 * Files of the root that are absolute symlinks to files outside it (on
 * the host they name the host's own files, which the root does not hold
 * here): the outside files are never read.
 */
static void
test_collect_symlink_escape(void **state)
{
	char root[] = "/tmp/ha_host_XXXXXX", out[] = "/tmp/ha_out_XXXXXX";
	static const char *const names[] = { "hostname", "os-release",
	    "passwd", "group", "environment" };
	struct ha_collect_opts o;
	json_t *facts = json_object();
	char *target, *link;
	size_t i;

	(void)state;
	assert_non_null(mkdtemp(root));
	assert_non_null(mkdtemp(out));
	put(out, "hostname", "outside-host\n");
	put(out, "os-release", "PRETTY_NAME=\"Outside OS\"\n");
	put(out, "passwd", passwd_text);
	put(out, "group", group_text);
	put(out, "environment", "DOCKER_CONTENT_TRUST=1\n");
	put(root, "etc/.keep", "");
	for (i = 0; i < HA_ARRAY_SIZE(names); i++) {
		target = ha_xasprintf("%s/%s", out, names[i]);
		link = ha_xasprintf("%s/etc/%s", root, names[i]);
		assert_int_equal(symlink(target, link), 0);
		free(link);
		free(target);
	}
	ha_collect_opts_init(&o);
	o.root = root;
	ha_collect_host(&o, facts);
	assert_true(json_is_null(ha_facts_get(facts, "host.hostname")));
	assert_true(json_is_null(ha_facts_get(facts, "host.os")));
	assert_true(json_is_null(ha_facts_get(facts, "host.docker_group")));
	assert_null(ha_facts_get(facts,
	    "host.environment.DOCKER_CONTENT_TRUST"));
	assert_int_equal(json_array_size(ha_facts_get(facts,
	    "host.environment.files")), 0);
	json_decref(facts);
	nftw(root, rm_one, 8, FTW_DEPTH | FTW_PHYS);
	nftw(out, rm_one, 8, FTW_DEPTH | FTW_PHYS);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cgroup_v1),
		cmocka_unit_test(test_cgroup_v2),
		cmocka_unit_test(test_mountinfo_id),
		cmocka_unit_test(test_mountinfo_table),
		cmocka_unit_test(test_os_release),
		cmocka_unit_test(test_hostname),
		cmocka_unit_test(test_passwd_group),
		cmocka_unit_test(test_docker_group),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_collect_fake_root),
		cmocka_unit_test(test_collect_symlink_escape),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

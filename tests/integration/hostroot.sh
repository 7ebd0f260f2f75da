#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/integration/hostroot.sh - --root never reads outside the root.
#
# A fake host tree whose files (passwd, os-release, environment,
# daemon.json, the docker.socket unit...) are absolute symlinks: some to files
# outside the tree (on a real host they would name the host's own files,
# which with --root /host are the auditing container's), some to files
# inside it.  hostaudit --root TREE collects with no engine (a socket
# that does not exist) and --save-facts; the facts must show the files
# inside the tree, or nothing, and never the outside ones.  Run twice:
# with openat2, and with the walk in user space forced (HA_HOSTFS_WALK=1).
# Needs no daemon and no root.
#
#   tests/integration/hostroot.sh                  uses ./hostaudit
#   HOSTAUDIT=/path/to/hostaudit tests/integration/hostroot.sh
set -u
cd "$(dirname "$0")/../.." || exit 2
# shellcheck source=tests/integration/lib.sh
. tests/integration/lib.sh
BIN=${HOSTAUDIT:-./hostaudit}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
T=$(mktemp -d /tmp/hostaudit-root.XXXXXX)
trap 'rm -rf "$T"' EXIT
trap 'exit 2' HUP INT TERM
pass=0
fail=0

ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
# check NAME COMMAND...: passes when the command succeeds
check() { name=$1; shift; if "$@" >"$T/check.out" 2>&1; then ok "$name";
	else bad "$name"; sed 's/^/     /' "$T/check.out" | head -20; fi; }

R=$T/root
O=$T/outside
mkdir -p "$R/etc/profile.d" "$R/etc/docker" "$R/etc/default" \
    "$R/usr/lib" "$O/profile.d"

# outside the tree: what an escape would read
echo outside-host >"$O/hostname"
echo 'PRETTY_NAME="Outside OS"' >"$O/os-release"
echo 'mallory:x:1666:1666::/home/mallory:/bin/sh' >"$O/passwd"
echo 'docker:x:1666:mallory' >"$O/group"
echo 'DOCKER_CONTENT_TRUST=0' >"$O/environment"
echo 'export DOCKER_CONTENT_TRUST=0' >"$O/zz-evil.sh"
echo '{"debug": true, "icc": true}' >"$O/daemon.json"
echo 'DOCKER_OPTS="--icc=true"' >"$O/default-docker"
printf '[Socket]\nListenStream=127.0.0.1:2\n' >"$O/docker.socket"

# inside the tree
echo 'PRETTY_NAME="Inside OS"' >"$R/usr/lib/os-release"
echo 'alice:x:1000:1000::/home/alice:/bin/sh' >"$R/etc/passwd.real"
echo 'docker:x:999:alice' >"$R/etc/group.real"
echo 'export DOCKER_CONTENT_TRUST=1' >"$R/etc/profile.d/ct.sh"
# the socket unit at the host path its link names, inside the tree
mkdir -p "$R/etc/systemd/system" "$R$O"
printf '[Socket]\nListenStream=127.0.0.1:1\n' >"$R$O/docker.socket"

# absolute symlinks out of the tree
ln -s "$O/hostname" "$R/etc/hostname"
ln -s "$O/environment" "$R/etc/environment"
ln -s "$O/zz-evil.sh" "$R/etc/profile.d/zz-evil.sh"
ln -s "$O/daemon.json" "$R/etc/docker/daemon.json"
ln -s "$O/default-docker" "$R/etc/default/docker"
ln -s "$O/docker.socket" "$R/etc/systemd/system/docker.socket"
# a relative one that climbs out with ..
ln -s "../../../../../../../../..$O/default-docker" "$R/etc/default/climb"
# absolute symlinks that the host resolves inside the tree
ln -s /usr/lib/os-release "$R/etc/os-release"
ln -s /etc/passwd.real "$R/etc/passwd"
ln -s /etc/group.real "$R/etc/group"

# run NAME [env...]: collect $R into $T/NAME.json
run() {
	local name=$1
	shift
	env "$@" "$BIN" -q -p profiles/cis-docker-1.8.0.json --root "$R" \
	    -H "unix://$T/none.sock" --save-facts "$T/$name.json" \
	    2>"$T/$name.err"
	echo $? >"$T/$name.rc"
}

assert_facts() {
	python3 - "$1" "$O" <<'EOF'
import json, sys
facts = json.load(open(sys.argv[1]))
text = json.dumps(facts)
host = facts["host"]
assert host["hostname"] is None, host["hostname"]
assert host["os"] == "Inside OS", host["os"]
assert host["docker_group"] == {"gid": 999, "members": ["alice"]}, \
    host["docker_group"]
env = host["environment"]
assert env["DOCKER_CONTENT_TRUST"]["value"] == "1", env
assert env["DOCKER_CONTENT_TRUST"]["source"] == "/etc/profile.d/ct.sh:1", env
assert env["files"] == ["/etc/profile.d/ct.sh"], env["files"]
cf = facts["daemon"]["config_file"]
assert cf["status"] == "absent", cf
assert "content" not in cf, cf
f = facts["files"]["etc_default_docker"]
assert f["type"] == "symlink", f
assert f["resolved"]["exists"] is False, f
dj = facts["files"]["daemon_json"]
assert dj["type"] == "symlink" and dj["resolved"]["exists"] is False, dj
units = [e["listener"] for e in facts["exposure"]
         if e.get("source") == "socket-unit"]
assert units == ["127.0.0.1:1"], units
for word in ("outside-host", "Outside OS", "mallory", "1666"):
    assert word not in text, word
EOF
}

run openat2
check "--root: collection runs with no engine (exit $(cat "$T/openat2.rc"))" \
    sh -c "[ -s '$T/openat2.json' ] && [ $(cat "$T/openat2.rc") -ne 2 ]"
check "--root: facts show the files inside the root, never outside" \
    assert_facts "$T/openat2.json"

run walk HA_HOSTFS_WALK=1
check "--root, walk forced: the same facts" assert_facts "$T/walk.json"
check "--root, walk forced: host, daemon and files facts identical" \
    python3 -c "import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for k in ('host', 'files'):
    assert a[k] == b[k], k
assert a['daemon']['config_file'] == b['daemon']['config_file']" \
    "$T/openat2.json" "$T/walk.json"

# the same tree read with no symlink at all is unchanged (control)
check "--root: the outside files exist (the test could see an escape)" \
    grep -q mallory "$O/group"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Integration test: a real rootless dockerd.  A test user is created with
# subordinate ids and a runtime directory /run/user/UID, and runs
# dockerd-rootless.sh (RootlessKit: a user, mount and - with the host's
# network - no network namespace of its own) with the vfs storage driver
# from its own ~/.config/docker/daemon.json.  hostaudit, run as root
# against its socket (-H, then a docker context), must audit that engine:
#
#   - the daemon found by SO_PEERCRED, facts.daemon.rootless saying whose
#     it is and how it was recognised;
#   - the user's daemon.json read (not /etc/docker/daemon.json), the
#     user's data root judged (not /var/lib/docker);
#   - 2.1 (non-root) and 2.9 (user namespace) pass;
#   - 3.15/3.16 judged against the user (and failing when the socket is
#     given to root or opened to others);
#   - what a rootless dockerd does not use is skip with the reason;
#   - the container checks run on a container it created.
#
# Containers cannot run here (no network namespace for them), but the
# daemon starts and creates them.  Needs root, docker.io (dockerd,
# dockerd-rootless.sh), rootlesskit, uidmap (newuidmap, newgidmap),
# useradd/userdel/usermod, setpriv, busybox-static and jq.  When something
# is missing it skips, except under CI (CI=true), where it fails.
# HOSTAUDIT=path overrides the binary; HA_KEEP=1 keeps the temp dir (the
# user and the daemon are removed all the same).

# shellcheck disable=SC2016,SC2317

set -u
set -o pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/integration/lib.sh
. "$top/tests/integration/lib.sh"

HA=${HOSTAUDIT:-$top/hostaudit}
HA_TEST="integration test (rootless dockerd)"

why=$(ha_rootless_missing) && skip_or_fail "$why"
for c in jq busybox; do
	command -v "$c" >/dev/null 2>&1 || skip_or_fail "'$c' is not installed"
done
if [ ! -x "$HA" ]; then
	not_ok "'$HA' exists (run 'make hostaudit' first)"
	finish
fi

HA_TEST_CLEANUP=ha_rootless_stop
ha_test_setup
ha_copy_binary
umask 022

label() { printf '[%s] ' "$(basename "$1" .json)"; }

# fact FILE JQ-PATH: a value of a facts file, raw.
fact() { jq -r "$2" "$1" 2>/dev/null; }

# ---------------------------------------- the test user and its dockerd

ha_rootless_start "harl$$"
case $? in
0)	;;
1)	not_ok "the test user harl$$ is set up"
	finish ;;
*)	skip_or_fail "the rootless dockerd did not start (see above)" ;;
esac
RL_USER=$HA_RL_USER
RL_UID=$HA_RL_UID
RL_DOCKERD=$HA_RL_DOCKERD
RL_RUNDIR=$HA_RL_RUNDIR
HOME_DIR=$HA_RL_HOME
SOCK=$HA_RL_SOCK
ok "rootless dockerd $RL_DOCKERD of $RL_USER ($RL_UID) answers on $SOCK"

HA_DOCKER=(docker -H "unix://$SOCK")
if ha_import_busybox rl/bb:1 </dev/null &&
    "${HA_DOCKER[@]}" create --name rl-c --cap-add SYS_ADMIN rl/bb:1 \
    sleep 600 >/dev/null 2>&1 </dev/null; then
	ok "a container created by the rootless dockerd"
else
	not_ok "a container created by the rootless dockerd"
fi

# ----------------------------------------------------------- audit by -H

R=$T/rootless.json
F=$T/rootless-facts.json
run_ha rootless -H "unix://$SOCK" -f json -o "$R" --save-facts "$F" \
    </dev/null
check "[rootless] the report was written (exit $RC: $(head -c 300 \
    "$T/rootless.err"))" jq -e '.results | length > 0' "$R"

is "dockerd found by SO_PEERCRED" "$(fact "$F" '.daemon.found_by') \
$(fact "$F" '.daemon.pid')" "peercred $RL_DOCKERD"
is "facts.daemon.rootless names the user" \
    "$(fact "$F" '.daemon.rootless | "\(.user) \(.uid) \(.uid_from) \(.home)"')" \
    "$RL_USER $RL_UID process $HOME_DIR"
check "facts.daemon.rootless.detected_by: info, environment, rootlesskit" \
    jq -e '.daemon.rootless.detected_by | index("info") and
    index("environment") and index("rootlesskit")' "$F"
is "the config file read is the user's" \
    "$(fact "$F" '.daemon.config_file | "\(.path) \(.source) \(.status)"')" \
    "$HOME_DIR/.config/docker/daemon.json default ok"
is "its storage-driver comes from that file" \
    "$(fact "$F" '.daemon.settings["storage-driver"] | "\(.value) \(.source)"')" \
    "vfs file"
is "the data root judged is the user's" \
    "$(fact "$F" '.daemon.settings["data-root"].value')" \
    "$HOME_DIR/.local/share/docker"
is "audit_paths.data_root is the user's" \
    "$(fact "$F" '.audit_paths.data_root.path')" \
    "$HOME_DIR/.local/share/docker"
is "files.etc_docker is the user's configuration directory" \
    "$(fact "$F" '.files.etc_docker.path')" "$HOME_DIR/.config/docker"
is "files.containerd_sock is the rootless containerd's" \
    "$(fact "$F" '.files.containerd_sock.path')" \
    "$RL_RUNDIR/docker/containerd/containerd.sock"

expect_status "$R" daemon.non-root pass "user $RL_USER (uid $RL_UID)"
expect_status "$R" daemon.userns-remap pass "user namespace"
expect_status "$R" host.data-root-partition "$(res_status "$R" \
    host.data-root-partition)" "$HOME_DIR/.local/share/docker"
expect_status "$R" file.docker-sock-owner pass "the rootless daemon's user"
expect_target "$R" file.docker-sock-owner "${SOCK#/}" pass "$RL_USER"
expect_status "$R" file.docker-sock-mode pass "sticky bit"
expect_status "$R" file.daemon-json-owner pass \
    "$HOME_DIR/.config/docker/daemon.json"
expect_status "$R" file.containerd-sock-owner pass \
    "$RL_RUNDIR/docker/containerd/containerd.sock"
# what a rootless dockerd does not use: skip, with the reason
expect_status "$R" host.docker-group skip "rootless dockerd"
expect_status "$R" file.etc-default-docker-owner skip "does not read"
expect_status "$R" file.etc-sysconfig-docker-mode skip "does not read"
expect_status "$R" file.docker-service-owner skip \
    "not run by a systemd unit"
expect_status "$R" file.docker-socket-unit-mode skip \
    "not run by a systemd unit"
expect_status "$R" host.audit-etc-default-docker skip "does not read"
expect_status "$R" host.audit-containerd-config skip \
    "/etc/containerd/config.toml"
expect_status "$R" host.audit-docker-service skip "not run by a systemd"
check "[rootless] every skip says why" jq -e '[.results[] |
    select(.status == "skip") | select((.message // "") == "")] | length
    == 0' "$R"
# 1.1.x watch the user's paths
for id in host.audit-var-lib-docker host.audit-etc-docker \
    host.audit-daemon-json host.audit-run-containerd; do
	check "[rootless] $id names the user's path ($(res_message "$R" \
	    "$id"))" bash -c '[[ "$1" == *"$2"* || "$1" == *"$3"* ]]' _ \
	    "$(res_message "$R" "$id")" "$HOME_DIR" "$RL_RUNDIR"
done
# the container checks run on what this engine holds
expect_target "$R" container.privileged rl-c pass
expect_target "$R" container.capabilities rl-c fail "SYS_ADMIN"

# ------------------------------------- the socket judged against the user

chmod 0666 "$SOCK"
run_ha open -H "unix://$SOCK" -f json -o "$T/open.json" </dev/null
expect_status "$T/open.json" file.docker-sock-mode fail "extra bits 0006"
chown root:root "$SOCK"
run_ha root -H "unix://$SOCK" -f json -o "$T/root.json" </dev/null
expect_status "$T/root.json" file.docker-sock-owner fail \
    "expected the rootless daemon's user $RL_USER ($RL_UID)"
chown "$RL_UID" "$SOCK"
chmod 01660 "$SOCK"

# -------------------------------------------------- through a docker context

export DOCKER_CONFIG=$T/docker-config
mkdir -p "$DOCKER_CONFIG"
unset DOCKER_HOST
if docker context create rootless --docker "host=unix://$SOCK" \
    >/dev/null 2>&1 </dev/null; then
	ok "docker context 'rootless' created"
else
	not_ok "docker context 'rootless' created"
fi
DOCKER_CONTEXT=rootless run_ha ctx -f json -o "$T/ctx.json" \
    --save-facts "$T/ctx-facts.json" </dev/null
is "DOCKER_CONTEXT=rootless: the same engine socket" \
    "$(fact "$T/ctx-facts.json" '.engine.socket')" "$SOCK"
is "DOCKER_CONTEXT=rootless: the same dockerd" \
    "$(fact "$T/ctx-facts.json" '.daemon.pid')" "$RL_DOCKERD"
expect_status "$T/ctx.json" daemon.non-root pass "$RL_USER"
expect_status "$T/ctx.json" file.docker-sock-owner pass
docker context use rootless >/dev/null 2>&1 </dev/null
run_ha use -f json -o "$T/use.json" --save-facts "$T/use-facts.json" \
    </dev/null
is "docker context use rootless: the same user's daemon.json" \
    "$(fact "$T/use-facts.json" '.daemon.config_file.path')" \
    "$HOME_DIR/.config/docker/daemon.json"
expect_status "$T/use.json" daemon.userns-remap pass

finish

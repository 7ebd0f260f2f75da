#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Integration test: hostaudit against a real Podman behind its
# Docker-compatible API (podman system service), which it must not judge
# as a dockerd.
#
# Starts a private rootful Podman service, everything under a temp dir
# (graph root, run root, tmp dir, network config, socket; vfs storage,
# cgroupfs, file events), imports a busybox-static root file system with
# the docker CLI and creates containers: privileged, read-only, plain,
# one in the host's IPC namespace, one holding the Podman socket, one on a
# network of its own, and, where this machine lets Podman run them, two
# running (one in the host's IPC namespace).  It then checks that:
#   - the engine is detected as Podman (facts: the Libpod-Api-Version
#     header, /version's Podman component and version, facts.podman);
#   - the checks about dockerd itself are skipped, saying why;
#   - Podman's equivalents are judged instead and say so: the graph root
#     (1.1.1), /etc/containers, containers.conf, the socket's owner and
#     mode, registries.conf's insecure registries;
#   - the container checks judge the containers right, Podman's inspect
#     quirks included (IpcMode, the default network, its sockets);
#   - nothing comes from GET /info's constant answers (ExperimentalBuild,
#     LiveRestoreEnabled, InsecureRegistryCIDRs);
#   - the exit status is what the findings say.
#
# Needs root, podman, the docker CLI, busybox-static and jq.  When one is
# missing it skips, except under CI (CI=true), where it fails.  Prints
# "ok - ..." or "not ok - ..." per assertion and ends with "N passed, N
# failed"; exits non-zero on a failure.  HOSTAUDIT=path overrides the
# binary (default: ./hostaudit at the top of the tree); HA_KEEP=1 keeps
# the temp dir.

# shellcheck disable=SC2016,SC2317

set -u
set -o pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/integration/lib.sh
. "$top/tests/integration/lib.sh"

HA=${HOSTAUDIT:-$top/hostaudit}
HA_TEST="Podman integration test"

why=$(ha_podman_missing) && skip_or_fail "$why"
for c in jq busybox; do
	command -v "$c" >/dev/null 2>&1 || skip_or_fail "'$c' is not installed"
done
if [ ! -x "$HA" ]; then
	not_ok "'$HA' exists (run 'make hostaudit' first)"
	finish
fi

HA_TEST_CLEANUP=ha_podman_stop
ha_test_setup
ha_copy_binary
umask 022

SOCK=$T/podman.sock
if ! ha_podman_start "$SOCK"; then
	not_ok "the Podman service answers on '$SOCK'"
	finish
fi
ok "the Podman service answers on '$SOCK'"
GRAPH_ROOT=$HA_PODMAN_ROOT
HA_DOCKER=(docker -H "unix://$SOCK")

if ! ha_import_busybox hatest/bb:1; then
	not_ok "busybox image imported"
	finish
fi
create() { "${HA_DOCKER[@]}" create "$@" hatest/bb:1 sleep 600 >/dev/null; }
check "create a privileged container" create --name priv --privileged
check "create a read-only container" create --name ro --read-only
check "create a plain container" create --name plain
check "create a container in the host's IPC namespace" \
    create --name ipchost --ipc host
check "create a container holding the Podman socket" \
    create --name sockmnt -v "$SOCK:/var/run/docker.sock"
check "create a network" "${HA_DOCKER[@]}" network create hatest-net
check "create a container on its own network" \
    create --name onnet --network hatest-net
# Running needs what this machine may lack (cgroups, rlimits): optional.
RUNNING=1
for n in run-own run-host; do
	args=(--name "$n" --network none --ulimit nofile=1024:1024
	    --ulimit nproc=1024:1024)
	[ "$n" = run-host ] && args+=(--ipc host)
	if ! create "${args[@]}" ||
	    ! timeout 60 "${HA_DOCKER[@]}" start "$n" >/dev/null 2>&1; then
		RUNNING=0
	fi
done
[ "$RUNNING" = 1 ] || ha_log "containers cannot run here: running ones" \
    "not checked"

run_ha main -H "unix://$SOCK" -f json --save-facts "$T/facts.json"
R=$T/main.out
F=$T/facts.json
label() { echo ""; }
if ! jq -e '.results' "$R" >/dev/null 2>&1; then
	not_ok "a JSON report (exit $RC: $(head -c 400 "$T/main.err"))"
	finish
fi

# ------------------------------------------------------------- detection
fact() { jq -r "$1 | if . == null then \"missing\" else . end" "$F"; }
VERSION=$(fact .engine.version.Version)
check "the Libpod-Api-Version header is kept" \
    test "$(fact .engine.libpod_api_version)" != missing
is "/version names the Podman engine" \
    "$(fact '[.engine.version.Components[]?.Name] | index("Podman Engine")
    | if . == null then null else "yes" end')" yes
is "/version's Version is Podman's" "$VERSION" \
    "$(podman --version | awk '{ print $NF }')"
is "facts.podman names the version" "$(fact .podman.version)" "$VERSION"
is "facts.podman: rootful" "$(fact .podman.rootless)" false
is "facts.podman: the graph root is GET /info's" \
    "$(fact .podman.graph_root.path)" "$GRAPH_ROOT"
check "facts.podman: containers.conf files listed" \
    jq -e '.podman.containers_conf.files | type == "array"' "$F"
kind=$(jq -r '.engine.kind // empty' "$R")
if [ -n "$kind" ]; then
	is "the report names the engine podman" "$kind" podman
fi

# ------------------------------------------------ about dockerd: skipped
for id in host.docker-group host.audit-dockerd host.audit-run-containerd \
    host.audit-docker-service host.audit-containerd-bin daemon.icc \
    daemon.log-level daemon.iptables daemon.tls daemon.userland-proxy \
    daemon.no-new-privileges daemon.authorization-plugin \
    daemon.config-unknown daemon.swarm file.docker-service-owner \
    file.docker-socket-unit-mode file.etc-default-docker-owner \
    file.containerd-sock-mode file.tlscacert-owner swarm.manager-count \
    swarm.autolock; do
	expect_status "$R" "$id" skip "Podman: "
done

# ------------------------------------- Podman's equivalents, judged instead
msg_has() {
	local m
	m=$(res_message "$R" "$1")
	if [[ "$m" == *"$2"* ]]; then ok "$1 names '$2'"
	else not_ok "$1 names '$2' (got: $m)"; fi
}
msg_has host.data-root-partition "its graph root"
msg_has host.data-root-partition "'$GRAPH_ROOT'"
msg_has host.audit-var-lib-docker "'$GRAPH_ROOT'"
msg_has host.audit-etc-docker "/etc/containers"
msg_has file.etc-docker-owner "Podman: /etc/containers"
msg_has file.daemon-json-mode "containers.conf"
# the socket: root's, 0600 as podman system service makes it
expect_status "$R" file.docker-sock-owner pass "Podman: its socket"
expect_status "$R" file.docker-sock-mode pass "no access for others"
expect_status "$R" daemon.aufs pass "storage driver vfs"
expect_status "$R" daemon.devicemapper pass "Podman: storage driver vfs"

# --------------------------------------- GET /info's quirks: no finding
expect_status "$R" daemon.experimental skip "ExperimentalBuild"
expect_status "$R" daemon.live-restore skip "LiveRestoreEnabled"
expect_status "$R" daemon.insecure-registries pass "registries.conf"
is "no result judges dockerd's facts" "$(jq '[.results[] |
    select(.message | test("dockerd process was not found|daemon setting"))]
    | length' "$R")" 0

# -------------------------------------------------------- the containers
is "every Podman inspect object is read (none malformed)" "$(jq '[.results[]
    | .targets[]? | select(.detail // "" | test("malformed"))] | length' \
    "$R")" 0
expect_target "$R" container.privileged priv fail "Privileged: true"
expect_target "$R" container.privileged plain pass
expect_target "$R" container.privileged ro pass
expect_target "$R" container.readonly-rootfs ro pass "ReadonlyRootfs: true"
expect_target "$R" container.readonly-rootfs plain fail
expect_target "$R" container.capabilities priv fail "all capabilities"
expect_target "$R" container.capabilities plain pass
expect_target "$R" container.host-devices priv fail
expect_target "$R" container.seccomp priv fail
expect_target "$R" container.seccomp plain pass
expect_target "$R" container.docker-sock sockmnt fail "$SOCK"
expect_target "$R" container.docker-sock plain pass
expect_target "$R" container.default-bridge plain fail \
    "Podman's default network"
expect_target "$R" container.default-bridge onnet pass "hatest-net"
# Podman 4.1 to 4.3 say "shareable" for the host's IPC namespace too
case $VERSION in
4.[123].*)
	expect_target "$R" container.host-ipc ipchost error "fixed in Podman 4.4"
	expect_target "$R" container.host-ipc plain error "fixed in Podman 4.4"
	;;
*)
	expect_target "$R" container.host-ipc ipchost fail "IpcMode: host"
	expect_target "$R" container.host-ipc plain pass
	;;
esac
if [ "$RUNNING" = 1 ]; then
	expect_target "$R" container.host-ipc run-host fail
	expect_target "$R" container.host-ipc run-own pass
	expect_target "$R" container.sshd run-own pass "no sshd"
fi

# ------------------------------------------------------------ exit status
want=0
jq -e '[.results[] | select(.status == "fail")] | length > 0' "$R" \
    >/dev/null && want=1
jq -e '[.results[] | select(.status == "error" or
    any(.targets[]?; .status == "error"))] | length > 0' "$R" \
    >/dev/null && want=3
is "the exit status is what the findings say" "$RC" "$want"

finish

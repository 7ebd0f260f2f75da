#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Integration test: hostaudit run INSIDE a container of a real dockerd,
# with the host root bind-mounted read-only at /host (--root /host).
#
# Starts a private dockerd (tests/integration/lib.sh), creates a few
# containers, then runs the host's ./hostaudit in an ordinary (not
# privileged) busybox container through the host's dynamic loader and
# libraries under /host, in three variants:
#   iso      own PID namespace; the engine socket's directory bind-mounted
#            at its host path; dockerd is invisible to SO_PEERCRED (pid 0)
#            and is found by a scan of the host's /proc under the root
#   hostpid  --pid host: SO_PEERCRED names dockerd
#   rootsock own PID and cgroup namespaces (--cgroupns private, so the
#            self container id comes from /proc/self/mountinfo), the
#            socket reached only as /host<socket> (-H unix:///host...)
# and once more on the host itself with the same socket.  It checks that
# hostaudit knows its own container and never audits it, reads host files
# under the root and reports them by their host paths, finds the daemon
# (or says why not), and judges host, daemon and file checks as the run on
# the host does.  A fourth container run, with the root's /proc hidden,
# checks that an invisible daemon is an error that says why, not a wrong
# daemon.
#
# Needs root, docker.io, busybox-static, jq, unshare.  A missing piece is a
# skip, except under CI=true, where it is a failure.  Prints "ok - ..." or
# "not ok - ..." per assertion and ends with "N passed, N failed"; exits
# non-zero on a failure.  HOSTAUDIT=path overrides the binary; HA_KEEP=1
# keeps the temp dir.

# shellcheck disable=SC2016,SC2317

set -u
set -o pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/integration/lib.sh
. "$top/tests/integration/lib.sh"

HA=${HOSTAUDIT:-$top/hostaudit}
HA_TEST="container integration test"

why=$(ha_dockerd_missing) && skip_or_fail "$why"
command -v jq >/dev/null 2>&1 || skip_or_fail "'jq' is not installed"
command -v busybox >/dev/null 2>&1 ||
    skip_or_fail "'busybox' (busybox-static) is not installed"
if [ ! -x "$HA" ]; then
	not_ok "'$HA' exists (run 'make hostaudit' first)"
	finish
fi
# The host's dynamic loader and library directories, reached under /host.
LDSO=$(readlink -f /lib64/ld-linux-x86-64.so.2 2>/dev/null)
if [ -z "$LDSO" ] || [ ! -x "$LDSO" ]; then
	skip_or_fail "no x86-64 dynamic loader at /lib64/ld-linux-x86-64.so.2"
fi
LIBPATH=$(ldd "$HA" | awk '$2 == "=>" && $3 ~ /^\// { print $3 }' |
    xargs -r -n1 dirname | sort -u | sed 's|^|/host|' | paste -sd: -)

ha_test_setup
# Copies: the container sees them only as /host$T/...
cp "$HA" "$T/hostaudit"
cp -r "$top/profiles" "$T/profiles"
HA=$T/hostaudit
PROFILE=$T/profiles/cis-docker-1.6.0.json
mkdir "$T/out"

# A daemon.json with an unusual mode and group, so that a wrong file (or
# one read outside the root) cannot match by chance.
cat >"$T/daemon.json" <<'EOF'
{
	"icc": false,
	"live-restore": true,
	"log-level": "info"
}
EOF
chmod 0604 "$T/daemon.json"
chgrp 2 "$T/daemon.json"

if ! ha_dockerd_start main "$T/daemon.json" --userland-proxy=false; then
	not_ok "dockerd starts (exit status ${HA_DOCKERD_STATUS:-none})"
	ha_dockerd_log_tail main 30
	finish
fi
ok "dockerd starts (pid $HA_DOCKERD_PID, socket $HA_SOCK)"
S=$HA_SOCK
D=("${HA_DOCKER[@]}")
# dockerd's pid in its own PID namespace: the one the root's /proc (the
# /proc mounted in dockerd's mount namespace) and --pid host show.
NSPID=$(awk '$1 == "NSpid:" { print $NF }' "/proc/$HA_DOCKERD_PID/status")

IMG=hatest/bb:1
FIXTURES="plain priv running"
setup_containers() {
	ha_import_busybox "$IMG" &&
	"${D[@]}" create --name plain "$IMG" sleep 3600 &&
	"${D[@]}" create --name priv --privileged "$IMG" sleep 3600 &&
	"${D[@]}" run -d --name running "$IMG" sleep 3600
} >/dev/null
if ! setup_containers; then
	not_ok "containers are set up"
	ha_dockerd_log_tail main 30
	finish
fi
ok "containers are set up ($FIXTURES)"

# ------------------------------------------------------------ the runs

# The container id and hostaudit's exit status of each variant, by name.
declare -A CID RC

# run_inside NAME [docker create flags...] -- [hostaudit flags...]
# Runs hostaudit in a container called ha-NAME; its report and facts are
# T/out/NAME.json and T/out/NAME-facts.json, its exit status RC[NAME].
run_inside() {
	local name=$1 id rc
	local -a dflags=() hflags=()
	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do dflags+=("$1"); shift; done
	shift
	hflags=("$@")
	id=$("${D[@]}" create --name "ha-$name" --network none \
	    -v /:/host:ro -v "$T/out:/out" "${dflags[@]}" "$IMG" \
	    "/host$LDSO" --library-path "$LIBPATH" "/host$HA" --root /host \
	    -p "/host$PROFILE" -f json -o "/out/$name.json" \
	    --save-facts "/out/$name-facts.json" "${hflags[@]}" \
	    2>"$T/$name.create.err")
	if [ -z "$id" ]; then
		not_ok "[$name] container created ($(head -c 300 \
		    "$T/$name.create.err"))"
		return 1
	fi
	CID[$name]=$id
	timeout 180 "${D[@]}" start -a "ha-$name" >"$T/$name.out" \
	    2>"$T/$name.err"
	rc=$?
	RC[$name]=$rc
	# Removed, so that a later run does not see it.
	"${D[@]}" rm -f "ha-$name" >/dev/null 2>&1
	if [ ! -s "$T/out/$name.json" ] ||
	    ! jq -e . "$T/out/$name-facts.json" >/dev/null 2>&1; then
		not_ok "[$name] hostaudit ran in the container (exit $rc:" \
		    "$(head -c 400 "$T/$name.err"))"
		return 1
	fi
	ok "[$name] hostaudit ran in container ${id:0:12} (exit $rc)"
}

# ------------------------------------------------------------ helpers

# Container target names of every per-container check (leading / gone).
ctr_targets() {
	jq -r '[.results[] | .targets[]? | select(.kind == "container")
	    | .name | ltrimstr("/")] | unique | .[]' "$1"
}
# Target names of one check, sorted, on one line.
check_targets() {
	jq -r --arg id "$2" '[.results[] | select(.id == $id) | .targets[]?
	    | .name | ltrimstr("/")] | sort | join(" ")' "$1"
}

# host_stat PATH: "mode uid gid" as stat(1) gives them (mode in decimal).
host_stat() {
	local m u g
	read -r m u g < <(stat -c '%a %u %g' "$1") || return 1
	echo "$((8#$m)) $u $g"
}

# Assertions common to every container run.
common_checks() {
	local n=$1 f=$T/out/$1-facts.json r=$T/out/$1.json self bad want got
	self=$(jq -r '.host.self_container_id // "null"' "$f")
	check "[$n] self_container_id is the container's id ($self)" \
	    test "$self" = "${CID[$n]}"
	check "[$n] facts.root is /host" jq -e '.root == "/host"' "$f"
	# (2) never a target of its own audit; every other container is.
	bad=$(ctr_targets "$r" | grep -x "ha-$n")
	check "[$n] its own container is no check's target${bad:+ (got $bad)}" \
	    test -z "$bad"
	want=$(tr ' ' '\n' <<<"$FIXTURES" | sort | paste -sd' ' -)
	got=$(check_targets "$r" container.privileged)
	check "[$n] container.privileged targets the others ($got)" \
	    test "$got" = "$want"
	bad=$(jq -r --arg n "ha-$n" '.results[] | select(any(.targets[]?;
	    .kind == "container")) | select([.targets[]? | .name
	    | ltrimstr("/")] | index($n)) | .id' "$r")
	check "[$n] the container checks all leave it out${bad:+ ($bad)}" \
	    test -z "$bad"
	expect_file_checks "$n"
}

# (3) host files read under the root, reported by their host paths.
expect_file_checks() {
	local n=$1 f=$T/out/$1-facts.json
	check "[$n] daemon_json: host path, found, host mode/owner ($(host_stat \
	    "$T/daemon.json"))" jq -e --arg p "$T/daemon.json" \
	    --arg st "$(host_stat "$T/daemon.json")" '.files.daemon_json
	    | .path == $p and .exists == true and .type == "file"
	    and "\(.mode) \(.uid) \(.gid)" == $st' "$f"
	check "[$n] docker_sock: host path, socket, host mode/owner" \
	    jq -e --arg p "$S" --arg st "$(host_stat "$S")" '.files.docker_sock
	    | .path == $p and .exists == true and .type == "socket"
	    and "\(.mode) \(.uid) \(.gid)" == $st' "$f"
	check "[$n] file.docker-sock-mode judged on '$S'" jq -e --arg s "$S" '
	    [.results[] | select(.id == "file.docker-sock-mode")][0]
	    | (.status | IN("pass", "fail"))
	    and ((.message | contains($s)) or any(.targets[]?; .name == $s))' \
	    "$T/out/$n.json"
	check "[$n] hostname is the host's ($(hostname)), not the container's" \
	    jq -e --arg h "$(cat /etc/hostname 2>/dev/null || hostname)" \
	    '.host.hostname == $h' "$f"
	local g
	g=$(getent group docker | cut -d: -f3)
	check "[$n] docker group from the host's /etc/group (gid ${g:-none})" \
	    jq -e --arg g "${g:-null}" '(.host.docker_group.gid // null
	    | tostring) == $g' "$f"
	check "[$n] config file from dockerd's --config-file, read under the root" \
	    jq -e --arg p "$T/daemon.json" '.daemon.config_file | .path == $p
	    and .source == "flag" and .status == "ok"
	    and .content.icc == false' "$f"
	check "[$n] icc false from the file" jq -e \
	    '.daemon.settings.icc == {"value": false, "source": "file"}' "$f"
	check "[$n] userland-proxy false from dockerd's flag" jq -e \
	    '.daemon.settings["userland-proxy"] == {"value": false,
	    "source": "flag"}' "$f"
}

# (5) The status of every host, daemon and file check as on the host.
# host.audit-*: the kernel's audit rules need CAP_AUDIT_CONTROL, which an
# ordinary container lacks: there they are errors (or skips when the
# watched file is absent), on the host pass or fail.
# compare_with_host NAME [REGEX]: REGEX matches "id status host-status"
# lines of container checks allowed to differ.
compare_with_host() {
	local n=$1 diffs
	diffs=$(join -a1 -a2 -e MISSING -o 0,1.2,2.2 <(jq -r '.results[] | select(.id | test("^(host|daemon|file)\\."))
	    | "\(.id) \(.status)"' "$T/out/$n.json" | sort) \
	    <(jq -r '.results[] | select(.id | test("^(host|daemon|file)\\."))
	    | "\(.id) \(.status)"' "$T/host.json" | sort) | awk '$2 != $3' | grep -v '^host\.audit-')
	check "[$n] host, daemon and file checks as on the host${diffs:+: $(echo \
	    "$diffs" | head -8 | paste -sd, -)}" test -z "$diffs"
	# Container and image checks too: with --root, container processes
	# are read from the host's /proc under the root, so container.sshd
	# is judged there as on the host (an optional second argument names
	# differences a variant is allowed).
	diffs=$(join -a1 -a2 -e MISSING -o 0,1.2,2.2 <(jq -r '.results[]
	    | select(.id | test("^(container|image|swarm)\\."))
	    | "\(.id) \(.status)"' "$T/out/$n.json" | sort) \
	    <(jq -r '.results[] | select(.id | test("^(container|image|swarm)\\."))
	    | "\(.id) \(.status)"' "$T/host.json" | sort) | awk '$2 != $3' |
	    grep -v "${2:-^\$}")
	check "[$n] container, image and swarm checks as on the host${diffs:+: \
	    $(echo "$diffs" | head -8 | paste -sd, -)}" test -z "$diffs"
	# host.audit-*: as on the host, or an error naming the kernel's audit
	# rules (unreadable without CAP_AUDIT_CONTROL).
	diffs=$(jq -r --slurpfile h "$T/host.json" '.results[]
	    | select(.id | startswith("host.audit-")) | . as $r
	    | ([$h[0].results[] | select(.id == $r.id)][0].status) as $hs
	    | select(.status != $hs and (.status != "error"
	        or (.message | contains("audit rules") | not)))
	    | "\(.id) \(.status) \($hs)"' "$T/out/$n.json")
	check "[$n] host.audit-* as on the host, or errors naming the \
kernel's audit rules${diffs:+ ($(echo "$diffs" | head -4 | paste -sd, -))}" \
	    test -z "$diffs"
}

# The exit status a variant must have: the host's, unless the variant saw
# less (a check or target in error, e.g. the kernel's audit rules without
# CAP_AUDIT_CONTROL): then 3, never lower.
want_rc() {
	if jq -e '[.results[] | select(.status == "error"
	    or any(.targets[]?; .status == "error"))] | length > 0' \
	    "$T/out/$1.json" >/dev/null; then
		echo 3
	else
		echo "${RC[host]}"
	fi
}

# -------------------------------------------- on the host, for reference

timeout 120 "$HA" -H "unix://$S" -p "$PROFILE" -f json -o "$T/host.json" \
    --save-facts "$T/host-facts.json" >"$T/host.out" 2>"$T/host.err"
RC[host]=$?
if ! jq -e . "$T/host-facts.json" >/dev/null 2>&1; then
	not_ok "hostaudit runs on the host (exit ${RC[host]}: $(head -c 300 \
	    "$T/host.err"))"
	finish
fi
ok "hostaudit runs on the host (exit ${RC[host]})"
check "[host] no self_container_id" \
    jq -e '.host.self_container_id == null' "$T/host-facts.json"
check "[host] daemon found by peercred" jq -e --argjson p "$HA_DOCKERD_PID" \
    '.daemon.status == "found" and .daemon.found_by == "peercred"
    and .daemon.pid == $p' "$T/host-facts.json"
check "[host] container.privileged targets the fixtures" test \
    "$(check_targets "$T/host.json" container.privileged)" = \
    "$(tr ' ' '\n' <<<"$FIXTURES" | sort | paste -sd' ' -)"

# ----------------------------------- iso: a PID namespace of its own

if run_inside iso -v "$T/main:$T/main" -- -H "unix://$S"; then
	f=$T/out/iso-facts.json
	common_checks iso
	check "[iso] exit status as on the host, or 3 where it saw less \
(${RC[iso]}, host ${RC[host]})" test "${RC[iso]}" = "$(want_rc iso)"
	check "[iso] SO_PEERCRED: the listener is in another PID namespace" \
	    jq -e '.daemon.peercred_error
	    | contains("another PID namespace")' "$f"
	check "[iso] daemon found by a scan of the root's /proc, pid $NSPID" \
	    jq -e --argjson p "$NSPID" '.daemon.status == "found"
	    and .daemon.found_by == "proc" and .daemon.pid == $p' "$f"
	check "[iso] daemon command line as on the host" test \
	    "$(jq -c .daemon.cmdline "$f")" = \
	    "$(jq -c .daemon.cmdline "$T/host-facts.json")"
	compare_with_host iso
fi

# ------------------------------- hostpid: dockerd's PID namespace shared

if run_inside hostpid --pid host -v "$T/main:$T/main" -- -H "unix://$S"; then
	f=$T/out/hostpid-facts.json
	common_checks hostpid
	check "[hostpid] exit status as on the host, or 3 where it saw less \
(${RC[hostpid]}, host ${RC[host]})" test "${RC[hostpid]}" = "$(want_rc hostpid)"
	check "[hostpid] daemon found by peercred, pid $NSPID" \
	    jq -e --argjson p "$NSPID" '.daemon.status == "found"
	    and .daemon.found_by == "peercred" and .daemon.pid == $p' "$f"
	check "[hostpid] daemon command line as on the host" test \
	    "$(jq -c .daemon.cmdline "$f")" = \
	    "$(jq -c .daemon.cmdline "$T/host-facts.json")"
	compare_with_host hostpid
fi

# ------------- rootsock: the socket under /host, a cgroup namespace too

cg=$(timeout 60 "${D[@]}" run --rm --cgroupns private --network none "$IMG" \
    cat /proc/self/cgroup 2>/dev/null)
if [ -n "$cg" ] && ! grep -Eq '[0-9a-f]{64}' <<<"$cg"; then
	ok "a --cgroupns private container's /proc/self/cgroup names no" \
	    "container: [rootsock] finds its id in /proc/self/mountinfo"
else
	ha_log "/proc/self/cgroup names the container even with a private" \
	    "cgroup namespace (or could not be read): the mountinfo" \
	    "fallback is not exercised"
fi
if run_inside rootsock --cgroupns private -- -H "unix:///host$S"; then
	f=$T/out/rootsock-facts.json
	common_checks rootsock
	check "[rootsock] the engine socket is the one under /host" \
	    jq -e --arg s "/host$S" '.engine.socket == $s
	    and .engine.status == "ok"' "$f"
	check "[rootsock] daemon found by a scan of the root's /proc" \
	    jq -e --argjson p "$NSPID" '.daemon.status == "found"
	    and .daemon.found_by == "proc" and .daemon.pid == $p' "$f"
	compare_with_host rootsock
fi

# ---------- noproc: the root's /proc hidden, the daemon out of sight

if run_inside noproc --tmpfs /host/proc -v "$T/main:$T/main" -- \
    -H "unix://$S"; then
	f=$T/out/noproc-facts.json
	r=$T/out/noproc.json
	check "[noproc] self_container_id is the container's id" jq -e \
	    --arg id "${CID[noproc]}" '.host.self_container_id == $id' "$f"
	check "[noproc] daemon status error naming the PID namespace" jq -e '
	    .daemon.status == "error" and (.daemon.error
	    | contains("another PID namespace") and contains("--pid=host"))
	    and (.daemon | has("pid") | not)' "$f"
	check "[noproc] the error is in facts.errors (source daemon)" jq -e '
	    any(.errors[]; .source == "daemon")' "$f"
	st=$(res_status "$r" daemon.icc)
	msg=$(res_message "$r" daemon.icc)
	check "[noproc] daemon.icc is an error that says why ($st: $msg)" \
	    bash -c '[ "$1" = error ] && [[ "$2" == *"PID namespace"* ]]' \
	    _ "$st" "$msg"
	check "[noproc] the container checks still run" \
	    test "$(check_targets "$r" container.privileged)" = \
	    "$(tr ' ' '\n' <<<"$FIXTURES" | sort | paste -sd' ' -)"
fi

pid=$HA_DOCKERD_PID
ha_dockerd_stop
check "dockerd stopped" bash -c "! kill -0 $pid 2>/dev/null"
finish

#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Integration test: the CIS Docker Benchmark versions against a real
# dockerd.  The default profile is cis-docker-1.8.0 and numbers its checks
# as 1.8.0 does (2.7 devicemapper, 1.6.0's 2.7-2.18 as 2.8-2.19, 1.1.9 the
# socket docker.sock); the same facts audited with -p cis-docker-1.6.0 or
# 1.7.0 give those versions' numbers and the same verdicts for the checks
# the versions share; -l -f json and --benchmark-diff say the same.
#
# Same conventions as run.sh: needs root, dockerd/containerd/runc
# (docker.io), busybox-static, jq and unshare; skips when something is
# missing (fails under CI=true).  Starts its own dockerd and stops it by
# its pid on exit.  Prints "ok - ..." / "not ok - ..." and ends with
# "N passed, N failed".  HOSTAUDIT=path overrides the binary; HA_KEEP=1
# keeps the temp dir.

# shellcheck disable=SC2016,SC2034

set -u
set -o pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/integration/lib.sh
. "$top/tests/integration/lib.sh"

HA=${HOSTAUDIT:-$top/hostaudit}
HA_TEST="CIS versions integration test"

why=$(ha_dockerd_missing) && skip_or_fail "$why"
command -v jq >/dev/null 2>&1 || skip_or_fail "'jq' is not installed"
command -v busybox >/dev/null 2>&1 ||
    skip_or_fail "'busybox' (busybox-static) is not installed"
if [ ! -x "$HA" ]; then
	not_ok "'$HA' exists (run 'make hostaudit' first)"
	finish
fi

ha_test_setup
ha_copy_binary
umask 022

label() { local b; b=$(basename "$1" .json); printf '[%s] ' "$b"; }
# The ref a report gives check id ("absent" when it has none).
ref() { jq -r --arg id "$2" '[.results[] | select(.id == $id)][0].ref
    // "absent"' "$1"; }

echo '{}' >"$T/daemon.json"
if ! ha_dockerd_start cis "$T/daemon.json"; then
	not_ok "dockerd starts (exit status ${HA_DOCKERD_STATUS:-none})"
	ha_dockerd_log_tail cis 30
	finish
fi
ok "dockerd starts (pid $HA_DOCKERD_PID)"
D=("${HA_DOCKER[@]}")
IMG=hatest/bb:1
if ha_import_busybox "$IMG" &&
    "${D[@]}" create --name lib64 -v /lib64:/host-lib64:ro "$IMG" \
    sleep 60 >/dev/null; then
	ok "a container bind-mounting /lib64 created"
else
	not_ok "container created"
	finish
fi
driver=$(timeout 30 "${D[@]}" info --format '{{.Driver}}')
check "the engine names its storage driver ($driver)" test -n "$driver"

# ----------------------------------------------------- the default: 1.8.0

"$HA" -V >"$T/version.out" 2>&1
check "-V names the default profile cis-docker-1.8.0" \
    grep -qx 'default profile: cis-docker-1.8.0' "$T/version.out"

R18=$T/cis-1.8.0.json
F=$T/facts.json
run_ha default -H "unix://$HA_SOCK" -f json -o "$R18" --save-facts "$F"
check "the audit runs (exit 1, got $RC)" test "$RC" -eq 1
is "without -p the report's profile is cis-docker-1.8.0" \
    "$(jq -r .profile.name "$R18")" cis-docker-1.8.0
is "1.8.0: 118 benchmark checks (and the HA ones)" "$(jq '[.results[] |
    select(.ref | startswith("HA.") | not)] | length' "$R18")" 118
for pair in daemon.aufs=2.6 daemon.devicemapper=2.7 daemon.tls=2.8 \
    daemon.no-new-privileges=2.15 daemon.live-restore=2.16 \
    daemon.experimental=2.19 host.audit-docker-sock=1.1.9 \
    container.sensitive-mounts=5.6; do
	is "1.8.0 numbers ${pair%=*} ${pair#*=}" "$(ref "$R18" "${pair%=*}")" \
	    "${pair#*=}"
done
is "1.8.0 has no docker.socket unit audit" \
    "$(ref "$R18" host.audit-docker-socket-unit)" absent
if [ "$driver" = devicemapper ]; then
	expect_status "$R18" daemon.devicemapper fail devicemapper
else
	expect_status "$R18" daemon.devicemapper pass "storage driver $driver"
fi
expect_target "$R18" container.sensitive-mounts lib64 fail /lib64
check "facts: 1.1.9's path is the engine socket" jq -e --arg s "$HA_SOCK" \
    '.audit_paths.docker_sock.path == $s' "$F"
check "1.1.9 judges the engine socket" jq -e --arg s "$HA_SOCK" \
    '.results[] | select(.id == "host.audit-docker-sock")
    | .targets[0].name == $s' "$R18"
run_ha sel --facts "$F" --checks 2.7 -f json \
    -o "$T/sel.json"
is "--checks 2.7 selects the devicemapper check" \
    "$(jq -r '[.results[].id] | join(",")' "$T/sel.json")" \
    daemon.devicemapper

# -l -f json lists exactly what the report numbers.
run_ha list -l -f json
check "-l -f json exits 0 and is a JSON array" \
    jq -e 'type == "array" and length > 118' "$T/list.out"
bad=$(jq -r --slurpfile l "$T/list.out" '.results[] | . as $r
    | select(([$l[0][] | select(.id == $r.id and .ref == $r.ref)]
    | length) != 1) | .id' "$R18" | head -5 | xargs)
check "every result's ref is the one -l -f json gives${bad:+ (not: $bad)}" \
    test -z "$bad"
check "-l -f json: devicemapper is 2.7, level 1, automated, benchmark manual" \
    jq -e '.[] | select(.id == "daemon.devicemapper") | .ref == "2.7"
    and .level == 1 and .automated == true and .assessment == "manual"
    and .profile == "cis-docker-1.8.0"' "$T/list.out"

# ---------------------------------- the same facts, as older versions

R16=$T/cis-1.6.0.json
run_ha old -p cis-docker-1.6.0 --facts "$F" -f json -o "$R16"
is "-p cis-docker-1.6.0 replays the facts (exit 1)" "$RC" 1
for pair in daemon.tls=2.7 daemon.experimental=2.18 \
    host.audit-docker-socket-unit=1.1.9 daemon.devicemapper=absent \
    host.audit-docker-sock=absent; do
	is "1.6.0 numbers ${pair%=*} ${pair#*=}" "$(ref "$R16" "${pair%=*}")" \
	    "${pair#*=}"
done
expect_target "$R16" container.sensitive-mounts lib64 pass
# Checks both versions run with the same parameters judge alike.
diffs=$(jq -r -n --slurpfile a "$R16" --slurpfile b "$R18" '
    ($b[0].results | map({key: .id, value: .status}) | from_entries) as $s
    | $a[0].results[] | select(.id != "container.sensitive-mounts" and
    .id != "host.audit-var-lib-docker" and ($s[.id] // .status) !=
    .status) | .id' | head -5 | xargs)
check "1.6.0 and 1.8.0 agree on every shared check${diffs:+ (not: $diffs)}" \
    test -z "$diffs"

R17=$T/cis-1.7.0.json
run_ha v170 -p cis-docker-1.7.0 --facts "$F" -f json -o "$R17"
is "-p cis-docker-1.7.0 replays the facts (exit 1)" "$RC" 1
is "1.7.0: 117 benchmark checks" "$(jq '[.results[] |
    select(.ref | startswith("HA.") | not)] | length' "$R17")" 117
for pair in daemon.tls=2.7 host.audit-docker-sock=1.1.9 \
    daemon.devicemapper=absent; do
	is "1.7.0 numbers ${pair%=*} ${pair#*=}" "$(ref "$R17" "${pair%=*}")" \
	    "${pair#*=}"
done
expect_target "$R17" container.sensitive-mounts lib64 fail /lib64

R1=$T/cis-1.8.0-level1.json
run_ha level1 -p cis-docker-1.8.0-level1 --facts "$F" -f json -o "$R1"
check "the 1.8.0 level-1 profile runs level-1 checks only" jq -e '
    (.results | length) > 80 and all(.results[]; .level == 1)' "$R1"

# ------------------------------------------------------ --benchmark-diff

run_ha diff --benchmark-diff cis-docker-1.6.0 cis-docker-1.8.0 -f json
check "--benchmark-diff exits 0 with JSON" jq -e \
    '.from == "cis-docker-1.6.0" and .to == "cis-docker-1.8.0"' \
    "$T/diff.out"
check "--benchmark-diff: daemon.tls moved from 2.7 to 2.8" jq -e \
    '.changes[] | select(.id == "daemon.tls") | .from_ref == "2.7"
    and .to_ref == "2.8" and .change == "moved"' "$T/diff.out"
check "--benchmark-diff: devicemapper added, the socket unit removed" jq -e \
    '([.changes[] | select(.id == "daemon.devicemapper")][0].change
    == "added") and ([.changes[] | select(.id ==
    "host.audit-docker-socket-unit")][0].change == "removed")' \
    "$T/diff.out"
# Every id whose ref differs between the two reports is in the diff.
moved=$(jq -r -n --slurpfile a "$R16" --slurpfile b "$R18" '
    ($b[0].results | map({key: .id, value: .ref}) | from_entries) as $r
    | $a[0].results[] | select($r[.id] != null and $r[.id] != .ref) | .id' |
    sort)
listed=$(jq -r '.changes[] | select(.change == "moved") | .id' \
    "$T/diff.out" | sort)
is "--benchmark-diff lists exactly the ids the reports number apart" \
    "$listed" "$moved"
run_ha difftext -p cis-docker-1.8.0 --benchmark-diff cis-docker-1.6.0
check "--benchmark-diff as text, TO from -p" grep -Eq \
    '^daemon\.tls +2\.7 +2\.8 +moved$' "$T/difftext.out"

finish

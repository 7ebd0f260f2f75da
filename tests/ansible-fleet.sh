#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Test of contrib/ansible/fleet.yml: ansible-lint with the production
# profile, then a real ansible-playbook run against an inventory of three
# hosts on this machine (ansible_connection=local: alpha, beta, gamma),
# each with a private dockerd of its own (tests/integration/lib.sh) as
# hostaudit_host and a report directory of its own.  The three audits
# share this machine's hostname; their engines' ids differ, so --merge
# keeps three hosts, and each names the file fetched for it
# (reports/INVENTORY_HOSTNAME.json).  Every path written is under the
# test's temp dir.
#
# Needs root, ansible-playbook and ansible-lint, docker.io, busybox-static,
# jq, unshare.  A missing piece is a skip, except under CI=true, where it
# is a failure.  Prints "ok - ..." or "not ok - ..." per assertion and
# ends with "N passed, N failed".  HOSTAUDIT=path overrides the binary;
# HA_KEEP=1 keeps the temp dir.

# shellcheck disable=SC2034

set -u
set -o pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/integration/lib.sh
. "$top/tests/integration/lib.sh"

HA=${HOSTAUDIT:-$top/hostaudit}
HA_TEST="ansible fleet test"
PLAYBOOK=$top/contrib/ansible/fleet.yml
HOSTS=(alpha beta gamma)

why=$(ha_dockerd_missing) && skip_or_fail "$why"
for c in ansible-playbook ansible-lint jq busybox; do
	command -v "$c" >/dev/null 2>&1 || skip_or_fail "'$c' is not installed"
done
if [ ! -x "$HA" ]; then
	not_ok "'$HA' exists (run 'make hostaudit' first)"
	finish
fi

# lib.sh tracks one daemon at a time: keep each one's variables, and stop
# the others (the last is stopped by lib.sh itself) on the way out.
SOCKS=()
PIDS=()
UPIDS=()
stop_others() {
	local i
	for i in "${!SOCKS[@]}"; do
		HA_SOCK=${SOCKS[$i]}
		HA_DOCKERD_PID=${PIDS[$i]}
		HA_UNSHARE_PID=${UPIDS[$i]}
		HA_SOCK_OUTSIDE=
		ha_dockerd_stop
	done
}
HA_TEST_CLEANUP=stop_others
ha_test_setup
ha_copy_binary

# ------------------------------------------------------------ ansible-lint

if (cd "$top/contrib/ansible" && HOME=$T XDG_CACHE_HOME=$T/cache \
    ansible-lint --offline --profile production --nocolor fleet.yml \
    roles/hostaudit) >"$T/lint.out" 2>&1; then
	ok "ansible-lint --profile production fleet.yml: $(grep -E \
	    'Passed|Failed' "$T/lint.out" | tail -n 1)"
else
	not_ok "ansible-lint --profile production fleet.yml ($(tail -n 15 \
	    "$T/lint.out" | paste -sd' ' -))"
fi

# ------------------------------------------------------------ three engines

# Settings of their own: three different scores.
echo '{}' >"$T/alpha.json"
echo '{"icc": false, "live-restore": true, "no-new-privileges": true}' \
    >"$T/beta.json"
echo '{"icc": false}' >"$T/gamma.json"
# Before 23.0, dockerd takes its engine id from a key file,
# /etc/docker/key.json unless daemon.json's deprecated-key-path names
# another: the three would share one id (as cloned machines do).  From
# 23.0 on the id is in the data root.
v=$(dockerd --version | sed -n 's/^Docker version \([0-9]*\)\..*/\1/p')
for h in "${HOSTS[@]}"; do
	if [ -n "$v" ] && [ "$v" -lt 23 ]; then
		jq --arg k "$T/$h.key.json" '. + {"deprecated-key-path": $k}' \
		    "$T/$h.json" >"$T/$h.json.new" && mv "$T/$h.json.new" "$T/$h.json"
	fi
done
for h in "${HOSTS[@]}"; do
	if ! ha_dockerd_start "$h" "$T/$h.json"; then
		not_ok "dockerd of $h starts (exit status ${HA_DOCKERD_STATUS:-none})"
		ha_dockerd_log_tail "$h" 30
		finish
	fi
	SOCKS+=("$HA_SOCK")
	PIDS+=("$HA_DOCKERD_PID")
	UPIDS+=("$HA_UNSHARE_PID")
done
ok "three dockerds start (${SOCKS[*]})"
# the last is lib.sh's to stop; the others stop_others'
unset 'SOCKS[2]' 'PIDS[2]' 'UPIDS[2]'
if ! { ha_import_busybox hatest/bb:1 &&
    "${HA_DOCKER[@]}" create --name priv --privileged hatest/bb:1 sleep 1; \
    } >/dev/null; then
	not_ok "a privileged container is set up on gamma"
fi

# ------------------------------------------------------------ the run

{
	echo "[docker_hosts]"
	for h in "${HOSTS[@]}"; do
		s=$T/$h/docker.sock
		echo "$h ansible_connection=local" \
		    "ansible_python_interpreter=/usr/bin/python3" \
		    "ansible_become=false hostaudit_host=unix://$s" \
		    "hostaudit_report_dir=$T/state/$h"
	done
} >"$T/inventory"
jq -n --arg ha "$HA" --arg t "$T" '{
	hostaudit_path: $ha,
	hostaudit_profiles_dir: ($t + "/site-profiles"),
	hostaudit_profile: "cis-docker-1.8.0",
	hostaudit_fleet_dir: ($t + "/fleet"),
	hostaudit_fleet_bin: $ha
}' >"$T/vars.json"
export ANSIBLE_HOME=$T/ansible ANSIBLE_LOCAL_TEMP=$T/ansible/tmp \
    ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0 \
    ANSIBLE_DEPRECATION_WARNINGS=0 ANSIBLE_LOCALHOST_WARNING=0 HOME=$T
timeout 600 ansible-playbook -i "$T/inventory" -e "@$T/vars.json" \
    "$PLAYBOOK" >"$T/play.out" 2>&1
RC=$?
is "the play passes" "$RC" 0
[ "$RC" = 0 ] || sed 's/^/#   /' "$T/play.out" | tail -n 40

F=$T/fleet/fleet.json
for h in "${HOSTS[@]}"; do
	check "$h's report is fetched to the controller" \
	    jq -e '.schema == "hostaudit-report/3"' "$T/fleet/reports/$h.json"
done
is "the fleet JSON has 3 hosts" "$(jq '.hosts | length' "$F")" 3
is "one hostname (this machine's), three engine ids" \
    "$(jq -c '[([.hosts[].hostname] | unique | length),
    ([.hosts[].engine.id] | unique | length)]' "$F")" "[1,3]"
is "each fleet host names the inventory host's file" \
    "$(jq -r '[.hosts[].source | split("/") | last] | sort | join(" ")' "$F")" \
    "alpha.json beta.json gamma.json"
gid=$(jq -r .engine.id "$T/fleet/reports/gamma.json")
check "container.privileged fails on gamma only" jq -e --arg id "$gid" \
    '.checks[] | select(.id == "container.privileged") |
    [.failing[].engine_id] == [$id]' "$F"
check "the audits used the profile named" jq -e \
    'all(.hosts[]; .profile == "cis-docker-1.8.0")' "$F"
for x in html md csv; do
	check "fleet.$x is written" test -s "$T/fleet/fleet.$x"
done
check "the play summarizes the fleet" \
    grep -Eq 'hostaudit fleet: 3 hosts, mean score [0-9.]+%' "$T/play.out"
finish

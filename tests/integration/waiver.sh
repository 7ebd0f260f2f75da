#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Integration test: the README's worked example for real.  A site copies
# the level-1 profile, drops two checks and waives one container's finding
# until a future date; the report and the exit status must say exactly
# that, and once the waiver has expired the failure must come back.
#
# Same conventions as run.sh: needs root, dockerd/containerd/runc
# (docker.io), busybox-static, jq and unshare; skips when something is
# missing (fails under CI=true).  Starts its own dockerd (own config file,
# data root, exec root, pidfile and socket under a temp dir) and stops it
# by its pid on exit.  Prints "ok - ..." / "not ok - ..." and ends with
# "N passed, N failed".  HOSTAUDIT=path overrides the binary; HA_KEEP=1
# keeps the temp dir.

set -u
set -o pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/integration/lib.sh
. "$top/tests/integration/lib.sh"

HA=${HOSTAUDIT:-$top/hostaudit}
HA_TEST="waiver integration test"

why=$(ha_dockerd_missing) && skip_or_fail "$why"
command -v jq >/dev/null 2>&1 || skip_or_fail "'jq' is not installed"
command -v busybox >/dev/null 2>&1 ||
    skip_or_fail "'busybox' (busybox-static) is not installed"
if [ ! -x "$HA" ]; then
	not_ok "'$HA' exists (run 'make hostaudit' first)"
	finish
fi

ha_test_setup
umask 022

echo '{}' >"$T/daemon.json"
if ! ha_dockerd_start waiver "$T/daemon.json"; then
	not_ok "dockerd starts (exit status ${HA_DOCKERD_STATUS:-none})"
	ha_dockerd_log_tail waiver 30
	finish
fi
ok "dockerd starts (pid $HA_DOCKERD_PID)"
D=("${HA_DOCKER[@]}")
IMG=hatest/bb:1
if ha_import_busybox "$IMG" &&
    "${D[@]}" create --name web --label tier=front "$IMG" sleep 60 \
    >/dev/null &&
    "${D[@]}" create --name db --label tier=back "$IMG" sleep 60 \
    >/dev/null &&
    "${D[@]}" create --name batch --user 1000 "$IMG" sleep 60 >/dev/null
then
	ok "containers web and db (root) and batch (uid 1000) created"
else
	not_ok "containers created"
	finish
fi

# run NAME ARGS...: hostaudit against our daemon, JSON into T/NAME.json.
RC=
run() {
	local name=$1
	shift
	timeout 120 "$HA" -H "unix://$HA_SOCK" -f json "$@" \
	    >"$T/$name.json" 2>"$T/$name.err"
	RC=$?
}
tstatus() { jq -r --arg id "$2" --arg n "$3" '[.results[] |
    select(.id == $id) | .targets[]? | select(.name == $n)][0].status //
    "absent"' "$T/$1.json"; }
rstatus() { jq -r --arg id "$2" '[.results[] | select(.id == $id)][0].status
    // "absent"' "$T/$1.json"; }

# --- the worked example: copy the level-1 profile, drop two checks, waive
cat >"$T/site.json" <<'EOF'
{
  "name": "site",
  "extends": "cis-docker-1.6.0-level1",
  "drop": ["container.health", "container.pids-limit"],
  "waivers": [
    {"check": "container.user", "target": {"container": "web"},
     "reason": "vendor image runs as root; ticket OPS-1",
     "owner": "ops@example.com", "expires": "2099-12-31"}
  ]
}
EOF
# The copy lives outside the profile directories: extends by path then.
sed -i "s|\"cis-docker-1.6.0-level1\"|\"$top/profiles/cis-docker-1.6.0-level1.json\"|" \
    "$T/site.json"

out=$("$HA" --check-profile "$T/site.json" 2>&1)
rc=$?
is "--check-profile accepts the site profile" "$rc" 0
[[ "$out" == "$T/site.json: ok, "*" checks, 1 waiver" ]] &&
    ok "--check-profile says ok ($out)" || not_ok "--check-profile output: $out"
chmod 0666 "$T/site.json"
"$HA" --check-profile "$T/site.json" >/dev/null 2>"$T/w.err"
is "a world-writable profile is refused (exit 2)" "$?" 2
chmod 0644 "$T/site.json"

run full -p "$T/site.json"
is "full audit runs" "$([ "$RC" -le 1 ] && echo yes)" yes
is "profile name in the report" "$(jq -r .profile.name "$T/full.json")" site
is "dropped container.health is absent" "$(rstatus full container.health)" \
    absent
is "dropped container.pids-limit is absent" \
    "$(rstatus full container.pids-limit)" absent
is "a level-2 check is absent" "$(rstatus full container.selinux)" absent
is "web's container.user finding is waived" \
    "$(tstatus full container.user web)" waived
is "the waiver's reason is shown" "$(jq -r '[.results[] |
    select(.id == "container.user") | .targets[] | select(.name == "web")][0]
    .waiver.reason' "$T/full.json")" "vendor image runs as root; ticket OPS-1"
is "db's container.user finding still fails" \
    "$(tstatus full container.user db)" fail
is "batch passes container.user" "$(tstatus full container.user batch)" pass
is "the waiver is active, matched once" "$(jq -r '.waivers[0] |
    "\(.state) \(.matched) \(.owner) \(.expires)"' "$T/full.json")" \
    "active 1 ops@example.com 2099-12-31"

# Exit status: only container.user, so the status is that check's.
run one -p "$T/site.json" --checks container.user
is "db still failing: exit 1" "$RC" 1
is "container.user fails for db only" "$(jq -r '.results[0].message' \
    "$T/one.json")" "1 of 3 containers fail, 1 waived"
run excl -p "$T/site.json" --checks container.user --exclude-container db
is "without db every finding is waived or passes: exit 0" "$RC" 0
is "container.user is waived" "$(rstatus excl container.user)" waived
is "db is not a target" "$(tstatus excl container.user db)" absent
run lbl -p "$T/site.json" --checks container.user --label tier=back
is "--label tier=back: only db, exit 1" "$RC/$(jq -r \
    '[.results[0].targets[].name] | join(",")' "$T/lbl.json")" "1/db"

# Expiry: the day after, the finding fails again and the waiver says so.
HOSTAUDIT_TODAY=2100-01-01 run exp -p "$T/site.json" --checks container.user \
    --exclude-container db
is "after expiry the failure is back: exit 1" "$RC" 1
is "web fails again" "$(tstatus exp container.user web)" fail
is "the waiver is reported expired" "$(jq -r '.waivers[0].state' \
    "$T/exp.json")" expired
is "web's finding names the expired waiver" "$(jq -r '[.results[0].targets[] |
    select(.name == "web")][0].waiver.state' "$T/exp.json")" expired
HOSTAUDIT_TODAY=2099-12-31 run last -p "$T/site.json" --checks container.user \
    --exclude-container db
is "on the expiry day it still holds: exit 0" "$RC" 0

# A --waivers file: a waiver matching nothing is stale.
cat >"$T/extra.json" <<'EOF'
{"waivers": [{"check": "container.user", "target": {"container": "gone-*"},
  "reason": "old app", "expires": "2099-01-01"}]}
EOF
run stale -p "$T/site.json" --checks container.user --waivers "$T/extra.json"
is "the --waivers waiver matching nothing is stale" "$(jq -r \
    '[.waivers[] | .state] | join(",")' "$T/stale.json")" "active,stale"
"$HA" -p "$T/site.json" -f text -H "unix://$HA_SOCK" --checks \
    container.user --waivers "$T/extra.json" >"$T/stale.txt" 2>&1
grep -q 'waived until 2099-12-31: vendor image runs as root' "$T/stale.txt" &&
    grep -q '^  stale ' "$T/stale.txt" &&
    ok "the text report shows the waiver and the stale one" ||
    not_ok "the text report shows the waiver and the stale one"

finish

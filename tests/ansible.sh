#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Test of contrib/ansible: ansible-lint with the production profile, then
# real ansible-playbook runs of the example playbook (contrib/ansible/
# playbook.yml, role roles/hostaudit) against localhost
# (ansible_connection=local), with a private dockerd
# (tests/integration/lib.sh) as hostaudit_host and hostaudit installed
# from the built binary (hostaudit_bin).  Every path the role writes is
# under the test's temp dir.
#
#   1. findings, hostaudit_fail_on_findings false: the play passes, the
#      binary and its profiles are installed, the report is parsed and
#      summarized; a second run changes nothing;
#   2. the same with hostaudit_fail_on_findings: the play fails, naming
#      the failed checks;
#   3. exit status 2 (a profile that does not exist) and 3 (an engine
#      that does not answer): the play fails with hostaudit's stderr;
#   4. a site profile is validated before it is installed.
#
# Needs root, ansible-playbook and ansible-lint (ansible-core,
# ansible-lint), docker.io, busybox-static, jq, unshare.  A missing piece
# is a skip, except under CI=true, where it is a failure.  Prints "ok -
# ..." or "not ok - ..." per assertion and ends with "N passed, N failed";
# exits non-zero on a failure.  HOSTAUDIT=path overrides the binary
# (default: ./hostaudit, with ./profiles beside it); HA_KEEP=1 keeps the
# temp dir.

set -u
set -o pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/integration/lib.sh
. "$top/tests/integration/lib.sh"

HA=${HOSTAUDIT:-$top/hostaudit}
HA_TEST="ansible test"
PLAYBOOK=$top/contrib/ansible/playbook.yml

why=$(ha_dockerd_missing) && skip_or_fail "$why"
for c in ansible-playbook ansible-lint jq busybox; do
	command -v "$c" >/dev/null 2>&1 || skip_or_fail "'$c' is not installed"
done
if [ ! -x "$HA" ]; then
	not_ok "'$HA' exists (run 'make hostaudit' first)"
	finish
fi

ha_test_setup
ha_copy_binary

# ------------------------------------------------------------ ansible-lint

# Offline (no Galaxy), its cache in the temp dir.
if (cd "$top/contrib/ansible" && HOME=$T XDG_CACHE_HOME=$T/cache \
    ansible-lint --offline --profile production --nocolor playbook.yml \
    roles/hostaudit) >"$T/lint.out" 2>&1; then
	ok "ansible-lint --profile production: $(grep -E 'Passed|Failed' \
	    "$T/lint.out" | tail -n 1)"
else
	not_ok "ansible-lint --profile production ($(tail -n 15 "$T/lint.out" |
	    paste -sd' ' -))"
fi

# ------------------------------------------------------------ the engine

echo '{}' >"$T/daemon.json"
if ! ha_dockerd_start main "$T/daemon.json"; then
	not_ok "dockerd starts (exit status ${HA_DOCKERD_STATUS:-none})"
	ha_dockerd_log_tail main 30
	finish
fi
ok "dockerd starts (pid $HA_DOCKERD_PID, socket $HA_SOCK)"
if ! { ha_import_busybox hatest/bb:1 &&
    "${HA_DOCKER[@]}" create --name priv --privileged hatest/bb:1 sleep 1; \
    } >/dev/null; then
	not_ok "a privileged container is set up"
	finish
fi
ok "a privileged container is set up"

# ------------------------------------------------------------ the runs

cat >"$T/inventory" <<'EOF'
[docker_hosts]
localhost ansible_connection=local ansible_python_interpreter=/usr/bin/python3 ansible_become=false
EOF
export ANSIBLE_HOME=$T/ansible ANSIBLE_LOCAL_TEMP=$T/ansible/tmp \
    ANSIBLE_NOCOLOR=1 ANSIBLE_RETRY_FILES_ENABLED=0 \
    ANSIBLE_DEPRECATION_WARNINGS=0 ANSIBLE_LOCALHOST_WARNING=0 HOME=$T

# vars NAME [JSON-OBJECT]: the extra variables of a run, written to
# T/NAME.vars.json: the common ones, then the object's.
vars() {
	local more=${2:-}

	[ -n "$more" ] || more='{}'
	jq -n --arg bin "$HA" --arg t "$T" --arg sock "unix://$HA_SOCK" \
	    --argjson more "$more" '{
		hostaudit_bin: $bin,
		hostaudit_bin_dest: ($t + "/sbin/hostaudit"),
		hostaudit_profiles_dir: ($t + "/sbin/profiles"),
		hostaudit_report_dir: ($t + "/state"),
		hostaudit_host: $sock,
		hostaudit_profile: "cis-docker-1.6.0",
		hostaudit_args: [],
		hostaudit_fail_on_findings: false
	} + $more' >"$T/$1.vars.json"
}

# play NAME: ansible-playbook with T/NAME.vars.json; output in
# T/NAME.out, exit status in RC.
play() {
	timeout 300 ansible-playbook -i "$T/inventory" \
	    -e "@$T/$1.vars.json" "$PLAYBOOK" >"$T/$1.out" 2>&1
	RC=$?
}

# recap NAME FIELD: a number of the play recap (ok, changed, failed...).
recap() {
	sed -n "s/^localhost *:.* $2=\\([0-9]*\\).*/\\1/p" "$T/$1.out"
}

# 1. findings, not failing the play
vars findings
play findings
is "[findings] the play passes (exit 1 is not a failure)" "$RC" 0
[ "$RC" = 0 ] || sed 's/^/#   /' "$T/findings.out" | tail -n 30
check "[findings] the binary is installed, mode 0755" \
    test "$(stat -c %a "$T/sbin/hostaudit" 2>/dev/null)" = 755
check "[findings] its profiles are installed" \
    test -f "$T/sbin/profiles/cis-docker-1.6.0.json"
check "[findings] the report directory is made, mode 0750" \
    test "$(stat -c %a "$T/state" 2>/dev/null)" = 750
check "[findings] the JSON report is written" \
    jq -e '.schema == "hostaudit-report/3"' "$T/state/report.json"
check "[findings] the summary names the exit status and the score" \
    grep -Eq 'hostaudit on localhost: exit status 1, score [0-9.]+%' \
    "$T/findings.out"
check "[findings] the summary names container.privileged as failed" \
    grep -Eq 'failed: .*container\.privileged' "$T/findings.out"
is "[findings] the report was audited with the profile named" \
    "$(jq -r .profile.name "$T/state/report.json")" "cis-docker-1.6.0"
play findings
is "[findings] a second run passes too" "$RC" 0
is "[findings] a second run changes nothing" "$(recap findings changed)" 0

# 2. findings, failing the play
vars fail '{"hostaudit_fail_on_findings": true}'
play fail
check "[fail] the play fails (exit $RC)" test "$RC" -ne 0
check "[fail] it says so, naming container.privileged" grep -Eq \
    'hostaudit found failures on localhost: .*container\.privileged' \
    "$T/fail.out"

# ... unless the findings are below --fail-on's threshold (daemon.icc is
# medium, daemon.live-restore low).
vars failon '{"hostaudit_fail_on_findings": true, "hostaudit_args":
    ["--checks", "daemon.icc,daemon.live-restore", "--fail-on", "high"]}'
play failon
is "[failon] findings below --fail-on high: the play passes" "$RC" 0
check "[failon] the summary still names them" grep -Eq \
    'exit status 0, .*failed: daemon.icc, daemon.live-restore' \
    "$T/failon.out"

# 3. the audit could not run (2) or could not see (3)
vars usage '{"hostaudit_profile": "no-such-profile"}'
play usage
check "[usage] the play fails (exit $RC)" test "$RC" -ne 0
check "[usage] it names exit status 2 and hostaudit's stderr" grep -Eq \
    "hostaudit exited 2 on localhost \\(usage or configuration error\\):.*no-such-profile" \
    "$T/usage.out"

vars unseen "$(jq -n --arg h "unix://$T/no-engine.sock" \
    '{hostaudit_host: $h}')"
play unseen
check "[unseen] the play fails (exit $RC)" test "$RC" -ne 0
check "[unseen] it names exit status 3 and hostaudit's stderr" grep -Eq \
    "hostaudit exited 3 on localhost \\(not everything was seen\\):.*not seen" \
    "$T/unseen.out"
check "[unseen] the report was still read and summarized" grep -Eq \
    'hostaudit on localhost: exit status 3, score' "$T/unseen.out"

# 4. site profiles, validated before they are installed
cat >"$T/site.json" <<'EOF'
{
	"name": "site",
	"extends": "cis-docker-1.6.0-level1",
	"drop": ["container.health"]
}
EOF
cat >"$T/broken.json" <<'EOF'
{
	"name": "broken",
	"extends": "cis-docker-1.6.0",
	"drop": ["no.such-check"]
}
EOF
vars site "$(jq -n --arg p "$T/site.json" '{hostaudit_site_profiles: [$p],
    hostaudit_profile: "site"}')"
play site
is "[site] a valid site profile: the play passes" "$RC" 0
check "[site] it is installed, mode 0644" \
    test "$(stat -c %a "$T/sbin/profiles/site.json" 2>/dev/null)" = 644
is "[site] the audit used it" "$(jq -r .profile.name "$T/state/report.json")" \
    site
vars broken "$(jq -n --arg p "$T/broken.json" \
    '{hostaudit_site_profiles: [$p]}')"
play broken
check "[broken] an invalid site profile fails the play (exit $RC)" \
    test "$RC" -ne 0
check "[broken] and is not installed" test ! -e "$T/sbin/profiles/broken.json"
check "[broken] the failure names the unknown check" \
    grep -q 'no.such-check' "$T/broken.out"

ha_dockerd_stop
finish

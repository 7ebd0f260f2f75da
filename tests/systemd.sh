#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Test of contrib/systemd (hostaudit.service, hostaudit.timer) and
# contrib/cron/hostaudit:
#
#   1. `systemd-analyze verify` of both units: no error, no warning;
#   2. `systemd-analyze security --offline=yes` of the service: an
#      exposure of at most 3.0;
#   3. the service's ExecStartPre and ExecStart scripts, as systemd would
#      run them (lines joined, $$ unescaped), in a temp state directory,
#      against a private dockerd (tests/integration/lib.sh), under what
#      the unit allows: the capabilities of its CapabilityBoundingSet
#      only, no_new_privs, a network namespace of its own
#      (PrivateNetwork=yes).  The report must be the report of a
#      full-root run, the first run must go without --baseline and the
#      second pass the first report as one, the Prometheus textfile must
#      be readable by the prometheus group and left out where
#      node_exporter's directory is missing; and each capability of the
#      set must be needed: without it the audit sees less or fails;
#   4. the cron line, run by /bin/sh as cron would, with its paths in a
#      temp dir: it makes the missing state directory, takes the previous
#      report as --baseline, prints nothing on findings (cron mails
#      nothing) and something when the audit cannot run.
#
# PID 1 is systemd on few test machines (containers, VMs with another
# init): the units are checked offline and their scripts run under an
# emulated sandbox (setpriv, unshare); SystemCallFilter= and the file
# system protections are checked only by systemd-analyze.
#
# Needs root, systemd-analyze (systemd), setpriv and unshare
# (util-linux), docker.io, jq, and the prometheus user (prometheus).  A
# missing piece is a skip, except under CI=true, where it is a failure.
# Prints "ok - ..." or "not ok - ..." per assertion and ends with "N
# passed, N failed"; exits non-zero on a failure.  HOSTAUDIT=path
# overrides the binary (default: ./hostaudit, with ./profiles beside
# it); HA_KEEP=1 keeps the temp dir.

# shellcheck disable=SC2016

set -u
set -o pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/integration/lib.sh
. "$top/tests/integration/lib.sh"

HA=${HOSTAUDIT:-$top/hostaudit}
HA_TEST="systemd and cron test"
UNIT=$top/contrib/systemd/hostaudit.service
TIMER=$top/contrib/systemd/hostaudit.timer
CRON=$top/contrib/cron/hostaudit
MAX_EXPOSURE=3.0

why=$(ha_dockerd_missing) && skip_or_fail "$why"
for c in systemd-analyze setpriv jq getent; do
	command -v "$c" >/dev/null 2>&1 || skip_or_fail "'$c' is not installed"
done
if ! getent passwd prometheus >/dev/null ||
    ! getent group prometheus >/dev/null; then
	skip_or_fail "no prometheus user and group (install prometheus)"
fi
if [ ! -x "$HA" ]; then
	not_ok "'$HA' exists (run 'make hostaudit' first)"
	finish
fi

ha_test_setup
ha_copy_binary

if [ -d /run/systemd/system ]; then
	echo "# PID 1 is systemd"
else
	echo "# PID 1 is not systemd ($(ps -p 1 -o comm= 2>/dev/null)):" \
	    "the units are checked offline, their scripts under an emulated" \
	    "sandbox"
fi

# ------------------------------------------------------------ offline

# Copies, so that the timer finds its service beside it.
mkdir "$T/units"
cp "$UNIT" "$TIMER" "$T/units/"
# man:hostaudit(8) is not installed where the tests run.
if (cd "$T/units" && systemd-analyze verify --man=no ./hostaudit.service \
    ./hostaudit.timer) >"$T/verify.out" 2>&1 && [ ! -s "$T/verify.out" ]; then
	ok "systemd-analyze verify: both units, no error and no warning"
else
	not_ok "systemd-analyze verify ($(head -c 400 "$T/verify.out"))"
fi

# expect_exposure DESC UNIT: systemd-analyze security scores UNIT at most
# MAX_EXPOSURE.
expect_exposure() {
	local out=$T/security.$RANDOM e
	systemd-analyze security --offline=yes "$2" >"$out" 2>&1
	e=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' \
	    "$out")
	if [ -n "$e" ] &&
	    awk -v e="$e" -v m="$MAX_EXPOSURE" 'BEGIN { exit !(e <= m) }'; then
		ok "$1: exposure $e (at most $MAX_EXPOSURE)"
	else
		not_ok "$1: exposure '${e:-?}' is at most $MAX_EXPOSURE" \
		    "($(grep -E '✗' "$out" | head -5 | paste -sd' ' -))"
	fi
}
expect_exposure "systemd-analyze security" "$T/units/hostaudit.service"

# With the drop-in the unit's comment gives for tcp (the network back).
mkdir "$T/tcp"
sed -e 's/^PrivateNetwork=yes$/PrivateNetwork=no/' \
    -e 's/^IPAddressDeny=any$/IPAddressDeny=/' \
    -e 's/^RestrictAddressFamilies=.*/& AF_INET AF_INET6/' \
    "$UNIT" >"$T/tcp/hostaudit.service"
check "the unit's comment gives the tcp drop-in" bash -c \
    'grep -q "^#   PrivateNetwork=no$" "$1" &&
    grep -q "^#   IPAddressDeny=$" "$1" &&
    grep -q "^#   RestrictAddressFamilies=AF_UNIX AF_NETLINK AF_INET AF_INET6$" \
    "$1"' _ "$UNIT"
expect_exposure "with the tcp drop-in" "$T/tcp/hostaudit.service"

# ------------------------------------------------------------ the engine

echo '{}' >"$T/daemon.json"
if ! ha_dockerd_start main "$T/daemon.json"; then
	not_ok "dockerd starts (exit status ${HA_DOCKERD_STATUS:-none})"
	ha_dockerd_log_tail main 30
	finish
fi
ok "dockerd starts (pid $HA_DOCKERD_PID, socket $HA_SOCK)"
S=$HA_SOCK
if ! { ha_import_busybox hatest/bb:1 &&
    "${HA_DOCKER[@]}" create --name priv --privileged hatest/bb:1 sleep 1; \
    } >/dev/null; then
	not_ok "a privileged container is set up"
	finish
fi

# ------------------------------------------------------------ the unit

# unit_value KEY: the values of KEY= in the unit, one a line, continuation
# lines joined with a space as systemd joins them.
unit_value() {
	awk -v key="$1" '
		buf == "" && /^[#;]/ { next }
		{ buf = buf $0 }
		/\\$/ { sub(/\\$/, "", buf); buf = buf " "; next }
		{ if (index(buf, key "=") == 1) print substr(buf, length(key) + 2)
		  buf = "" }' "$UNIT"
}

# unit_script KEY: the script of KEY=/bin/sh -c '...', $$ unescaped.
unit_script() {
	local v
	v=$(unit_value "$1")
	case $v in
	"/bin/sh -c '"*"'") ;;
	*) return 1 ;;
	esac
	v=${v#"/bin/sh -c '"}
	v=${v%"'"}
	printf '%s\n' "${v//\$\$/\$}"
}

PRE=$(unit_script ExecStartPre)
check "ExecStartPre is a /bin/sh -c script" test -n "$PRE"
MAIN=$(unit_script ExecStart)
check "ExecStart is a /bin/sh -c script" test -n "$MAIN"
check "ExecStart names the textfile directory" \
    grep -q 'prom=/var/lib/prometheus/node-exporter;' <<<"$MAIN"
# node_exporter's directory, as Debian's prometheus-node-exporter makes it.
MAIN=${MAIN//\/var\/lib\/prometheus\/node-exporter/$T/prom}
check "the unit runs /usr/sbin/hostaudit, the package's path" \
    grep -qx 'Environment=HOSTAUDIT=/usr/sbin/hostaudit' "$UNIT"
check "StateDirectory=hostaudit, the working directory" bash -c \
    'grep -qx StateDirectory=hostaudit "$1" &&
    grep -qx WorkingDirectory=/var/lib/hostaudit "$1"' _ "$UNIT"
check "ReadWritePaths= of the textfile directory may be missing (-)" \
    grep -qx 'ReadWritePaths=-/var/lib/prometheus/node-exporter' "$UNIT"
check "SuccessExitStatus=1: findings are not a failure" \
    grep -qx 'SuccessExitStatus=1' "$UNIT"

# The capabilities of the unit's bounding set, as setpriv takes them.
CAPS=$(unit_value CapabilityBoundingSet | tr ' ' '\n' | grep . |
    sed 's/^CAP_//' | tr '[:upper:]' '[:lower:]')
check "CapabilityBoundingSet names capabilities ($(paste -sd' ' - <<<"$CAPS"))" \
    test -n "$CAPS"
check "PrivateNetwork=yes" grep -qx 'PrivateNetwork=yes' "$UNIT"

# bounding_set [CAP-LEFT-OUT]: setpriv's --bounding-set for the unit's
# capabilities, less one.
bounding_set() {
	local c s=-all
	for c in $CAPS; do
		[ "$c" = "${1:-}" ] || s=$s,+$c
	done
	echo "$s"
}

# run_unit NAME [CAP-LEFT-OUT]: ExecStartPre, then ExecStart, in
# T/state as the unit runs them: the bounding set, no_new_privs, a
# network namespace of their own.  Exit status of ExecStart in RC, its
# output in T/NAME.out.
run_unit() {
	local b
	b=$(bounding_set "${2:-}")
	install -d -m 0750 "$T/state"
	(cd "$T/state" && HOSTAUDIT=$HA HOSTAUDIT_ARGS="-H unix://$S" \
	    unshare --net -- setpriv --bounding-set "$b" --inh-caps -all \
	    --no-new-privs -- /bin/sh -c "$PRE" && cd "$T/state" &&
	    HOSTAUDIT=$HA HOSTAUDIT_ARGS="-H unix://$S" timeout 120 \
	    unshare --net -- setpriv --bounding-set "$b" --inh-caps -all \
	    --no-new-privs -- /bin/sh -c "$MAIN") >"$T/$1.out" 2>&1
	RC=$?
}

# The reference: everything, as root, outside any sandbox.
install -d -m 0755 -o prometheus -g prometheus "$T/prom"
mkdir "$T/full"
timeout 120 "$HA" -H "unix://$S" -q -f "json:$T/full/report.json" \
    >"$T/full.out" 2>&1
RC_FULL=$?
check "a full-root run (exit $RC_FULL)" jq -e .schema "$T/full/report.json"
# What a report saw: every check's status, and what it could not collect.
statuses() {
	jq -r '(.results[] | "\(.id) \(.status)"),
	    (.collection_errors[]? | "collection error: \(.source)")' "$1" | sort
}

# The first run: no previous report.
run_unit first
is "[first] exit status 1 (findings; SuccessExitStatus=1)" "$RC" 1
[ "$RC" = 1 ] || sed 's/^/#   /' "$T/first.out" | head -n 10
check "[first] report.json and report.html written" \
    test -s "$T/state/report.json" -a -s "$T/state/report.html"
check "[first] no previous.json, no --baseline" bash -c \
    '[ ! -e "$1/state/previous.json" ] &&
    jq -e "has(\"baseline\") | not" "$1/state/report.json"' _ "$T"
diffs=$(diff <(statuses "$T/full/report.json") \
    <(statuses "$T/state/report.json") | grep '^[<>]' | head -6 |
    paste -sd' ' -)
check "[first] every check and collection as in the full-root run${diffs:+ \
($diffs)}" \
    test -z "$diffs"
check "[first] hostaudit.prom: group prometheus, mode 0640" test \
    "$(stat -c '%G %a' "$T/prom/hostaudit.prom" 2>/dev/null)" = \
    "prometheus 640"
check "[first] the prometheus user can read it" setpriv --reuid prometheus \
    --regid prometheus --init-groups -- cat "$T/prom/hostaudit.prom"

# The second run: the first report is its baseline.
cp "$T/state/report.json" "$T/first.json"
run_unit second
is "[second] exit status 1" "$RC" 1
check "[second] previous.json is the first report" \
    cmp -s "$T/first.json" "$T/state/previous.json"
check "[second] the report has previous.json as its baseline" \
    jq -e '.baseline.path == "previous.json"' "$T/state/report.json"

# No node_exporter: no textfile, no error.
rm -rf "$T/prom"
run_unit noprom
is "[noprom] exit status 1 without the textfile directory" "$RC" 1
check "[noprom] nothing on standard error" test ! -s "$T/noprom.out"
install -d -m 0755 -o prometheus -g prometheus "$T/prom"

# Each capability is needed: without it, the exit status, a check's
# status or what was collected differs from the full-root run.
for cap in $CAPS; do
	rm -f "$T/state/report.json" "$T/state/previous.json"
	run_unit "no-$cap" "$cap"
	if [ "$RC" = 1 ] && [ -s "$T/state/report.json" ] &&
	    [ -z "$(diff <(statuses "$T/full/report.json") \
	    <(statuses "$T/state/report.json"))" ]; then
		not_ok "[no-$cap] without it the audit sees less or fails"
	else
		ok "[no-$cap] without it the audit sees less or fails" \
		    "(exit $RC: $(tail -n 1 "$T/no-$cap.out" | head -c 120))"
	fi
done

# ------------------------------------------------------------ cron

# The job of the cron line: the sixth field on, run by /bin/sh as cron
# runs it, with the file's variables.
job=$(grep -Ev '^[[:space:]]*(#|$)|^[A-Z_]+=' "$CRON")
is "the cron file has one job" "$(grep -c . <<<"$job")" 1
check "it runs as root at a fixed time" \
    grep -Eq '^[0-9]+ [0-9]+ \* \* \* root ' <<<"$job"
check "HOSTAUDIT is the package's path" \
    grep -qx 'HOSTAUDIT=/usr/sbin/hostaudit' "$CRON"
cmd=$(sed -E 's/^([^[:space:]]+[[:space:]]+){6}//' <<<"$job")
cmd=${cmd//\/var\/lib\/hostaudit/$T/cron}
cmd=${cmd//\/var\/lib\/prometheus\/node-exporter/$T/prom}
check "the job has no % (cron would cut the line there)" \
    bash -c '[[ $1 != *%* ]]' _ "$cmd"
cron_path=$(sed -n 's/^PATH=//p' "$CRON")

# run_cron NAME [DOCKER_HOST]: the job, its output in T/NAME.out.
run_cron() {
	env -i PATH="$cron_path" HOME=/root HOSTAUDIT="$HA" \
	    DOCKER_HOST="${2:-unix://$S}" timeout 120 /bin/sh -c "$cmd" \
	    >"$T/$1.out" 2>&1
	RC=$?
}

run_cron cron1
is "[cron1] exit status 0 on findings" "$RC" 0
check "[cron1] nothing printed (cron mails nothing)" test ! -s "$T/cron1.out"
check "[cron1] the missing state directory is made, mode 0750" \
    test "$(stat -c %a "$T/cron" 2>/dev/null)" = 750
check "[cron1] report.json and report.html written, no baseline" bash -c \
    '[ -s "$1/report.html" ] && [ ! -e "$1/previous.json" ] &&
    jq -e "has(\"baseline\") | not" "$1/report.json"' _ "$T/cron"
check "[cron1] hostaudit.prom: group prometheus, mode 0640" test \
    "$(stat -c '%G %a' "$T/prom/hostaudit.prom" 2>/dev/null)" = \
    "prometheus 640"
cp "$T/cron/report.json" "$T/cron1.json"
run_cron cron2
is "[cron2] exit status 0 on findings" "$RC" 0
check "[cron2] previous.json is the first report, and its baseline" bash -c \
    'cmp -s "$1" "$2/previous.json" &&
    jq -e ".baseline.path == \"previous.json\"" "$2/report.json"' _ \
    "$T/cron1.json" "$T/cron"
run_cron cron3 "unix://$T/no-engine.sock"
check "[cron3] an engine that does not answer: exit status $RC, not 0" \
    test "$RC" -ne 0
check "[cron3] and something printed (cron mails it)" \
    grep -q 'not seen' "$T/cron3.out"

ha_dockerd_stop
finish

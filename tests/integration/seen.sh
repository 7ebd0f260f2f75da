#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Integration test: hostaudit never reports a clean host when it could not
# see.  Whatever it was asked to see and could not (a daemon configuration
# it cannot parse, an engine request that failed, checks it could not run
# without root), it exits 3 (over 1), still writes every report in full,
# scores an error like a failure, says how much it evaluated (coverage)
# and says on stderr what it did not see.  Usage errors (paths that do not
# exist, bad endpoints) exit 2 before anything is collected.
#
#   1. a private dockerd whose config file is broken while it runs;
#   2. the same host audited as nobody: never a higher score than as root;
#   3. a fake engine (fake_engine.py) for faults a real engine cannot
#      produce: 500 answers, cut-short and invalid JSON, a NUL in a
#      string, an inspect that never answers;
#   4. a dockerd without the default bridge (--bridge=none): inter-
#      container traffic is not applicable, the default network mode is
#      no bridge; and host devices (--privileged, --device-cgroup-rule);
#   5. usage errors.
#
# Needs root, dockerd/containerd/runc (docker.io), busybox-static, jq,
# python3, setpriv and unshare (util-linux).  When something is missing it
# skips, except under CI (CI=true), where it fails.  Every assertion prints
# "ok - ..." or "not ok - ..."; the last line is "N passed, N failed" and
# the exit status is non-zero on any failure.  HOSTAUDIT=path overrides
# the binary (default: ./hostaudit at the top of the tree); HA_KEEP=1
# keeps the temp dir.

# shellcheck disable=SC2016,SC2317

set -u
set -o pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/integration/lib.sh
. "$top/tests/integration/lib.sh"

HA=${HOSTAUDIT:-$top/hostaudit}
HA_TEST="integration test (what was not seen)"

why=$(ha_dockerd_missing) && skip_or_fail "$why"
for c in jq python3 setpriv timeout; do
	command -v "$c" >/dev/null 2>&1 || skip_or_fail "'$c' is not installed"
done
command -v busybox >/dev/null 2>&1 ||
    skip_or_fail "'busybox' (busybox-static) is not installed"
if [ ! -x "$HA" ]; then
	not_ok "'$HA' exists (run 'make hostaudit' first)"
	finish
fi

HA_TEST_CLEANUP=ha_fake_engine_stop
ha_test_setup
ha_copy_binary
umask 022

# ---------------------------------------------------------------- helpers

label() { printf '[%s] ' "$(basename "$1" .json)"; }

# A file's first bytes on one line, for a failure message.
head_of() { head -c "${2:-300}" "$1" 2>/dev/null | tr '\n' ' '; }

# is_report FILE: a complete JSON report.
is_report() {
	jq -e '(.schema | startswith("hostaudit-report/"))
	    and (.results | length) > 0
	    and (.collection_errors | type) == "array"' "$1" >/dev/null 2>&1
}

# blind FILE: did the report not see something (a check or a target in
# error, or a collection error)?  The rule of exit status 3.
blind() {
	jq -e '(.collection_errors | length) > 0 or any(.results[];
	    .status == "error" or any(.targets[]?; .status == "error"))' \
	    "$1" >/dev/null 2>&1
}

# expect_exit_for NAME REPORT: exit 3 when the report did not see
# something, else 0 or 1.
expect_exit_for() {
	local n=$1 r=$2
	if blind "$r"; then
		check "[$n] something not seen: exit 3 (got $RC)" \
		    test "$RC" -eq 3
	else
		check "[$n] everything seen: exit 0 or 1 (got $RC)" \
		    test "$RC" -eq 0 -o "$RC" -eq 1
	fi
}

# score_le A B: A's score is a number no higher than B's.
score_le() {
	jq -e -n --slurpfile a "$1" --slurpfile b "$2" '
	    ($a[0].score.percent) as $x | ($b[0].score.percent) as $y
	    | ($x | type) == "number" and ($y | type) == "number"
	    and $x <= $y' >/dev/null
}
score_of() { jq -r '.score.percent' "$1" 2>/dev/null; }
coverage_of() {
	jq -r '.score.coverage | "\(.evaluated)/\(.selected)"' "$1" 2>/dev/null
}

# expect_coverage_short NAME REPORT: coverage evaluated < selected.
expect_coverage_short() {
	check "[$1] score.coverage: evaluated < selected ($(coverage_of \
	    "$2"))" jq -e '.score.coverage | (.evaluated | type) == "number"
	    and (.selected | type) == "number" and .evaluated < .selected
	    and (.percent | type) == "number" and .percent < 100' "$2"
}

# expect_stderr_says NAME REGEX: a "hostaudit: " line on stderr matching
# REGEX (extended, case-insensitive).
expect_stderr_says() {
	local n=$1 re=$2
	check "[$n] stderr says what was not seen (/$re/: $(head_of \
	    "$T/$n.err" 200))" bash -c 'grep "^hostaudit: " "$1" |
	    grep -Eqi -- "$2"' _ "$T/$n.err" "$re"
}

# engine_passes REPORT: container and image checks (or their targets)
# that pass.
engine_passes() {
	jq -r '[.results[] | select(.scope == "container" or .scope == "image")
	    | select(.status == "pass" or any(.targets[]?; .status == "pass"))
	    | .id] | (.[:4] | join(", ")) + (if length > 4 then ", ..."
	    else "" end)' "$1"
}

# run_nobody NAME GID ARGS...: run_ha as uid/gid 65534 with no
# supplementary group but GID ("" for none) and no capabilities.
run_nobody() {
	local name=$1 gid=$2
	local -a grp=(--clear-groups)
	shift 2
	[ -n "$gid" ] && grp=(--groups "$gid")
	timeout -k 5 120 setpriv --reuid=65534 --regid=65534 "${grp[@]}" \
	    --inh-caps=-all -- "$HA" "$@" >"$T/$name.out" 2>"$T/$name.err"
	RC=$?
}

# ------------------------------------------------- the daemon under test

# No icc in the file: with --bridge=none there is no bridge for it.
cat >"$T/good.json" <<'EOF'
{
	"log-level": "info",
	"live-restore": true
}
EOF
cp "$T/good.json" "$T/daemon.json"
if ! ha_dockerd_start seen "$T/daemon.json" --bridge=none; then
	not_ok "dockerd --bridge=none starts (exit status" \
	    "${HA_DOCKERD_STATUS:-none})"
	ha_dockerd_log_tail seen 30
	finish
fi
ok "dockerd --bridge=none starts (pid $HA_DOCKERD_PID, socket $HA_SOCK)"
S=$HA_SOCK
D=("${HA_DOCKER[@]}")

IMG=hatest/bb:1
setup_containers() {
	ha_import_busybox "$IMG" &&
	"${D[@]}" create --name plain "$IMG" sleep 3600 &&
	"${D[@]}" create --name priv --privileged "$IMG" sleep 3600 &&
	"${D[@]}" create --name cgrule --device-cgroup-rule 'b *:* rmw' \
	    "$IMG" sleep 3600
} >/dev/null
if ! setup_containers; then
	not_ok "containers are set up"
	ha_dockerd_log_tail seen 30
	finish
fi
ok "containers plain, priv and cgrule are created"

# --------------------------- 4. no default bridge; host devices (as root)

R=$T/root.json
run_ha root -H "unix://$S" -f "json:$R" -f "text:$T/root.txt"
if ! is_report "$R"; then
	not_ok "[root] the report is written (exit $RC: $(head_of \
	    "$T/root.err"))"
	finish
fi
ok "[root] the report is written (exit $RC, score $(score_of "$R")," \
    "coverage $(coverage_of "$R"))"
expect_exit_for root "$R"
expect_status "$R" daemon.icc skip
check "[root] plain's network mode is the engine's default ($("${D[@]}" \
    inspect -f '{{.HostConfig.NetworkMode}}' plain))" \
    test -n "$("${D[@]}" inspect -f '{{.HostConfig.NetworkMode}}' plain)"
expect_target "$R" container.default-bridge plain pass
expect_target "$R" container.host-devices plain pass
expect_target "$R" container.host-devices priv fail
expect_target "$R" container.host-devices cgrule fail 'b *:* rmw'

# ----------------------------------------- 2. the same host, as nobody

mkdir "$T/nobody"
chown 65534:65534 "$T/nobody"

# Without the socket's group: the engine refuses the connection.
N=$T/nobody/nosock.json
run_nobody nosock "" -H "unix://$S" -f "json:$N" -f "text:$T/nobody/nosock.txt"
if is_report "$N"; then
	ok "[nosock] nobody's report is written (exit $RC, score" \
	    "$(score_of "$N"), coverage $(coverage_of "$N"))"
	check "[nosock] score as nobody ($(score_of "$N")) <= as root ($(
	    score_of "$R"))" score_le "$N" "$R"
	check "[nosock] the engine refused nobody: exit 3 (got $RC)" \
	    test "$RC" -eq 3
	expect_exit_for nosock "$N"
	check "[nosock] collection_errors name the engine" jq -e '
	    any(.collection_errors[]; .source == "engine")' "$N"
	expect_coverage_short nosock "$N"
	expect_stderr_says nosock "$S|engine|permission"
	check "[nosock] text: one 'Not seen:' line, naming root ($(grep \
	    '^Not seen:' "$T/nobody/nosock.txt" | head -c 200))" bash -c '
	    [ "$(grep -c "^Not seen:" "$1")" -eq 1 ] &&
	    grep "^Not seen:" "$1" | grep -qi root' _ "$T/nobody/nosock.txt"
else
	not_ok "[nosock] nobody's report is written (exit $RC: $(head_of \
	    "$T/nosock.err"))"
fi

# With the socket's group: the engine answers, the rest needs root.
gid=$(stat -c %g "$S")
if [ "$gid" != 0 ]; then
	N=$T/nobody/group.json
	run_nobody group "$gid" -H "unix://$S" -f "json:$N" \
	    -f "text:$T/nobody/group.txt"
	if is_report "$N"; then
		ok "[group] nobody's report is written (exit $RC, score" \
		    "$(score_of "$N"), coverage $(coverage_of "$N"))"
		check "[group] score as nobody with the socket's group ($(
		    score_of "$N")) <= as root ($(score_of "$R"))" \
		    score_le "$N" "$R"
		expect_exit_for group "$N"
		check "[group] coverage as nobody <= as root ($(coverage_of \
		    "$N") vs $(coverage_of "$R"))" jq -e -n --slurpfile a \
		    "$N" --slurpfile b "$R" '[$a[0], $b[0]
		    | .score.coverage.evaluated] as [$x, $y]
		    | ($x | type) == "number" and ($y | type) == "number"
		    and $x <= $y'
		check "[group] text: one 'Not seen:' line, naming root ($(
		    grep '^Not seen:' "$T/nobody/group.txt" | head -c 200))" \
		    bash -c '
		    [ "$(grep -c "^Not seen:" "$1")" -eq 1 ] &&
		    grep "^Not seen:" "$1" | grep -qi root' _ \
		    "$T/nobody/group.txt"
	else
		not_ok "[group] nobody's report is written (exit $RC:" \
		    "$(head_of "$T/group.err"))"
	fi
else
	ha_log "the socket's group is root: nobody is not given it"
fi

# ------------------------------------- 1. the daemon's config file broken

# Checks that pass with a readable config: the one-check runs below.
run_ha one-good -H "unix://$S" --checks daemon.live-restore \
    -f "json:$T/one-good.json"
expect_status "$T/one-good.json" daemon.live-restore pass "(file)"

# dockerd read its file at start; now it cannot be parsed.
printf '{\n\t"log-level": "info",\n\t"live-restore": \n' >"$T/daemon.json"

B=$T/broken.json
P=$T/broken.prom
X=$T/broken.txt
run_ha broken -H "unix://$S" -f "json:$B" -f "prometheus:$P" -f "text:$X" \
    --save-facts "$T/broken-facts.json"
check "[broken] config file unparsable: exit 3 (got $RC)" test "$RC" -eq 3
rc_broken=$RC
check "[broken] the file is the one on dockerd's command line, in error" \
    jq -e --arg f "$T/daemon.json" '.daemon.config_file | .path == $f
    and .source == "flag" and .status == "error"' "$T/broken-facts.json"
run_ha broken-info -H "unix://$S" --fail-on info -f "json:$T/broken-info.json"
check "[broken] with --fail-on info: exit 3 (got $RC)" test "$RC" -eq 3
if is_report "$B"; then
	ok "[broken] the JSON report is written and parses"
	check "[broken] score.percent < 100 ($(score_of "$B"))" jq -e '
	    (.score.percent | type) == "number" and .score.percent < 100' "$B"
	check "[broken] seeing less never scores higher ($(score_of "$B") <= $(
	    score_of "$R") with the file readable)" score_le "$B" "$R"
	expect_coverage_short broken "$B"
	expect_status "$B" daemon.live-restore error
	check "[broken] collection_errors or an error result name the file" \
	    bash -c 'jq -r "(.collection_errors[] | .message),
	    (.results[] | select(.status == \"error\") | .message)" "$1" |
	    grep -qF -- "$2"' _ "$B" "$T/daemon.json"
else
	not_ok "[broken] the JSON report is written and parses (exit" \
	    "$rc_broken: $(head_of "$B")$(head_of "$T/broken.err")"
fi
expect_stderr_says broken "daemon.json|config"
check "[broken] prometheus: no hostaudit_score_percent 100 ($(grep \
    '^hostaudit_score_percent ' "$P" 2>/dev/null))" bash -c '
    grep -q "^hostaudit_score_percent " "$1" &&
    ! grep -Eq "^hostaudit_score_percent 100(\.0*)?\$" "$1"' _ "$P"
check "[broken] prometheus: hostaudit_coverage_percent < 100 ($(grep \
    '^hostaudit_coverage_percent ' "$P" 2>/dev/null))" awk '
    $1 == "hostaudit_coverage_percent" { n++; if ($2 < 100) ok = 1 }
    END { exit !(n == 1 && ok) }' "$P"
check "[broken] prometheus: hostaudit_errors > 0 ($(grep \
    '^hostaudit_errors ' "$P" 2>/dev/null))" awk '
    $1 == "hostaudit_errors" { n++; if ($2 > 0) ok = 1 }
    END { exit !(n == 1 && ok) }' "$P"
check "[broken] text: a line starting 'Coverage'" grep -q '^Coverage' "$X"

# One check selected, and it cannot be evaluated: never 100, and every
# section with nothing applicable is n/a, not 100.
O=$T/one-broken.json
run_ha one-broken -H "unix://$S" --checks daemon.live-restore \
    -f "json:$O" -f "prometheus:$T/one-broken.prom" \
    -f "text:$T/one-broken.txt"
check "[one-broken] exit 3 (got $RC)" test "$RC" -eq 3
if is_report "$O"; then
	expect_status "$O" daemon.live-restore error
	check "[one-broken] score.percent is a number < 100 ($(score_of \
	    "$O"))" jq -e '(.score.percent | type) == "number"
	    and .score.percent < 100' "$O"
	check "[one-broken] coverage 0 of 1 ($(coverage_of "$O"))" jq -e '
	    .score.coverage.evaluated == 0 and .score.coverage.selected == 1
	    and .score.coverage.percent == 0' "$O"
	bad=$(jq -r '[.score.sections[] | select((.applicable // 0) == 0
	    and .percent != null) | "\(.id)=\(.percent)"] | join(" ")' "$O")
	check "[one-broken] sections with nothing applicable: percent null${bad:+ \
(got $bad)}" jq -e '
	    any(.score.sections[]; (.applicable // 0) == 0)
	    and all(.score.sections[]; (.applicable // 0) > 0
	        or .percent == null)' "$O"
else
	not_ok "[one-broken] the JSON report is written (exit $RC:" \
	    "$(head_of "$T/one-broken.err"))"
fi
check "[one-broken] prometheus: no hostaudit_score_percent 100 ($(grep \
    '^hostaudit_score_percent ' "$T/one-broken.prom" 2>/dev/null))" \
    bash -c 'grep -q "^hostaudit_score_percent " "$1" &&
    ! grep -Eq "^hostaudit_score_percent 100(\.0*)?\$" "$1"' _ \
    "$T/one-broken.prom"
check "[one-broken] text: sections with nothing applicable say n/a" \
    grep -q 'n/a' "$T/one-broken.txt"

cp "$T/good.json" "$T/daemon.json"

# ---------------------------------------- 3. a fake engine's faults

# What each fault must be called on stderr and in collection_errors.
declare -A CAUSE=(
	[list500]='boom'
	[inspect500]='500|boom'
	[truncated]='cut short|closed|partial|truncat'
	[invalid]='invalid JSON|JSON'
	[nul]='NUL|u0000|invalid JSON'
	[hang]='timed out|timeout'
)
for mode in list500 inspect500 truncated invalid nul hang; do
	n=fake-$mode
	F=$T/$n.json
	if ! ha_fake_engine_start "$T/$n.sock" "$mode" 60; then
		not_ok "[$n] the fake engine listens"
		continue
	fi
	# The daemon's own config is given: only the engine is at fault.
	run_ha_within 60 "$n" -H "unix://$T/$n.sock" --timeout 2 \
	    --daemon-json "$T/good.json" -f "json:$F"
	ha_fake_engine_stop
	check "[$n] exit 3 (got $RC)" test "$RC" -eq 3
	if ! is_report "$F"; then
		not_ok "[$n] the JSON report is written and valid (exit $RC:" \
		    "$(head_of "$T/$n.err"))"
		continue
	fi
	ok "[$n] the JSON report is written and valid"
	check "[$n] collection_errors name the fault (/${CAUSE[$mode]}/: $(
	    jq -c '.collection_errors' "$F" | head -c 300))" bash -c '
	    jq -r ".collection_errors[] | .message" "$1" |
	    grep -Eqi -- "$2"' _ "$F" "${CAUSE[$mode]}"
	# Any other failed request would be the fake engine's shortcoming,
	# and could hide that this fault alone goes unnoticed.
	others=$(jq -r --arg re "${CAUSE[$mode]}" '[.collection_errors[]
	    | select(.source == "engine") | .message
	    | select(test($re; "i") | not)] | .[:2] | join("; ")' "$F")
	check "[$n] no other engine request failed${others:+ (got: $others)}" \
	    test -z "$others"
	expect_stderr_says "$n" "${CAUSE[$mode]}"
	passes=$(engine_passes "$F")
	check "[$n] no container or image check passes${passes:+ (pass: \
$passes)}" test -z "$passes"
done

# ------------------------------------------------------ 5. usage errors

mkdir "$T/adir"
: >"$T/afile"
LONG=/tmp/$(printf 'x%.0s' $(seq 1 110)).sock

# usage_error NAME VALUE ARGS...: hostaudit ARGS (plus --save-facts and a
# JSON report of its own) exits 2 with one "hostaudit: " line naming VALUE
# (an empty one: '' or "empty"), and writes neither file.
usage_error() {
	local n=u-$1 v=$2 how=-F pat=$2
	shift 2
	run_ha "$n" "$@" --save-facts "$T/$n.facts" -f "json:$T/$n.report"
	[ -n "$v" ] || { how=-E; pat="''|empty"; }
	check "[$n] exit 2 (got $RC)" test "$RC" -eq 2
	check "[$n] one 'hostaudit: ' line naming '$v' ($(grep \
	    '^hostaudit: ' "$T/$n.err" | head -3 | head -c 300))" bash -c '
	    [ "$(grep -c "^hostaudit: " "$1")" -eq 1 ] &&
	    grep "^hostaudit: " "$1" | grep -q "$2" -- "$3"' _ "$T/$n.err" \
	    "$how" "$pat"
	check "[$n] nothing collected, no report written" \
	    test ! -e "$T/$n.facts" -a ! -e "$T/$n.report"
}
H=(-H "unix://$S")
usage_error daemon-json-missing "$T/no-such.json" "${H[@]}" \
    --daemon-json "$T/no-such.json"
usage_error daemon-json-dir "$T/adir" "${H[@]}" --daemon-json "$T/adir"
usage_error root-missing "$T/no-such-root" "${H[@]}" --root "$T/no-such-root"
usage_error root-file "$T/afile" "${H[@]}" --root "$T/afile"
usage_error facts-missing "$T/no-such-facts.json" \
    --facts "$T/no-such-facts.json"
usage_error facts-dir "$T/adir" --facts "$T/adir"
usage_error baseline-missing "$T/no-such-base.json" "${H[@]}" \
    --baseline "$T/no-such-base.json"
usage_error baseline-dir "$T/adir" "${H[@]}" --baseline "$T/adir"
usage_error profile-missing "$T/no-such-profile.json" "${H[@]}" \
    -p "$T/no-such-profile.json"
usage_error profile-dir "$T/adir" "${H[@]}" -p "$T/adir"
usage_error host-empty "" -H ''
usage_error host-relative "unix://relative/path" -H unix://relative/path
usage_error host-long "$LONG" -H "unix://$LONG"
# The -f without a path of its own goes to -o, here ''.
usage_error output-empty "" "${H[@]}" -f json -o ''

pid=$HA_DOCKERD_PID
ha_dockerd_stop
check "dockerd stopped" bash -c "! kill -0 $pid 2>/dev/null"
finish

#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Integration test of --merge: three private real dockerds (one after the
# other, each with its own data root and so its own engine id, and
# daemon.json settings of its own so that their scores differ; a
# privileged container on the third) are audited with -f json; then,
# with every daemon stopped (a merge reaches no host), the three reports
# are merged into every fleet format and the outputs checked with jq,
# and hostile inputs are merged beside them: a truncated report, a
# report of schema hostaudit-report/2, the same host reported twice, a
# hostname written to attack a spreadsheet and a web page.
#
# Needs root, docker.io, busybox-static, jq and unshare; a missing piece
# is a skip, except under CI=true, where it is a failure.  Prints "ok -
# ..." or "not ok - ..." per assertion and ends with "N passed, N
# failed".  HOSTAUDIT=path overrides the binary; HA_KEEP=1 keeps the
# temp dir.

# shellcheck disable=SC2016,SC2034

set -u
set -o pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/integration/lib.sh
. "$top/tests/integration/lib.sh"

HA=${HOSTAUDIT:-$top/hostaudit}
HA_TEST="fleet test"

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
R=$T/reports
mkdir -p "$R"

# ------------------------------------------------------------ three hosts

cat >"$T/d1.json" <<'JSON'
{}
JSON
cat >"$T/d2.json" <<'JSON'
{
	"icc": false,
	"live-restore": true,
	"userland-proxy": false,
	"no-new-privileges": true,
	"log-level": "info"
}
JSON
cat >"$T/d3.json" <<'JSON'
{
	"icc": false
}
JSON

# Before 23.0, dockerd takes its engine id from a key file,
# /etc/docker/key.json unless daemon.json's deprecated-key-path names
# another: private daemons of one machine would share one id (as cloned
# machines do).  From 23.0 on the id is in the data root.
own_key() {
	local v
	v=$(dockerd --version | sed -n 's/^Docker version \([0-9]*\)\..*/\1/p')
	if [ -n "$v" ] && [ "$v" -lt 23 ]; then
		jq --arg k "$T/$1.key.json" '. + {"deprecated-key-path": $k}' \
		    "$T/$1.json" >"$T/$1.json.new" && mv "$T/$1.json.new" "$T/$1.json"
	fi
}
for n in 1 2 3; do
	own_key "d$n"
done

# audit N: start dockerd N, audit it (started_at fixed an hour apart, the
# first the oldest), stop it.
audit() {
	local n=$1
	if ! ha_dockerd_start "d$n" "$T/d$n.json"; then
		not_ok "dockerd $n starts (exit status ${HA_DOCKERD_STATUS:-none})"
		ha_dockerd_log_tail "d$n" 30
		return 1
	fi
	if [ "$n" = 3 ] && ! { ha_import_busybox hatest/bb:1 &&
	    "${HA_DOCKER[@]}" create --name priv --privileged hatest/bb:1 \
	    sleep 1; } >/dev/null; then
		not_ok "a privileged container is set up on dockerd 3"
	fi
	HOSTAUDIT_FIXED_TIME=$((1768466400 + 3600 * n)) run_ha "audit$n" -q \
	    -H "unix://$HA_SOCK" -f json:"$R/host$n.json"
	check "dockerd $n is audited (exit $RC) with a JSON report" \
	    sh -c "[ $RC -le 1 ] || [ $RC -eq 3 ] && [ -s '$R/host$n.json' ]"
	ha_dockerd_stop
}
for n in 1 2 3; do
	audit "$n" || finish
done

ids=$(jq -r '.engine.id' "$R"/host*.json | sort -u | wc -l)
is "the three engines have three engine ids" "$ids" 3
scores=$(jq -r '.score.percent' "$R"/host*.json | sort -u | wc -l)
check "their scores differ ($(jq -r '.score.percent' "$R"/host*.json |
    paste -sd' ' -))" test "$scores" -ge 2
is "the reports share one hostname (this machine's)" \
    "$(jq -r '.host.hostname' "$R"/host*.json | sort -u | wc -l)" 1

# ------------------------------------------------------------ the merge

# Every daemon is stopped: nothing to reach, and no profile is read.
run_ha merge --merge "$R" -f json:"$T/fleet.json" -f html:"$T/fleet.html" \
    -f csv:"$T/fleet.csv" -f markdown:"$T/fleet.md"
is "--merge of the directory exits 0" "$RC" 0
check "with nothing on standard error" test ! -s "$T/merge.err"
F=$T/fleet.json
is "fleet JSON: schema hostaudit-fleet/1" "$(jq -r .schema "$F")" \
    hostaudit-fleet/1
is "fleet JSON: three hosts" "$(jq '.hosts | length' "$F")" 3
is "fleet JSON: three reports merged, none skipped" \
    "$(jq -c '[.reports.merged, .reports.duplicates, (.reports.skipped | length)]' "$F")" \
    "[3,0,0]"
is "fleet JSON: one hostname, kept apart by engine id" \
    "$(jq '[.hosts[].engine.id] | unique | length' "$F")" 3
want=$(jq -s -c 'map({id: .engine.id, s: .score.percent, f: .score.counts.fail})
    | sort_by(.id)' "$R"/host*.json)
got=$(jq -c '[.hosts[] | {id: .engine.id, s: .score.percent,
    f: .score.counts.fail}] | sort_by(.id)' "$F")
is "fleet JSON: each host's score and failure count are its report's" \
    "$got" "$want"
id3=$(jq -r .engine.id "$R/host3.json")
check "fleet JSON: container.privileged fails on host 3 (1 target), by engine id" \
    jq -e --arg id "$id3" '.checks[] | select(.id == "container.privileged")
    | .hosts_failing >= 1 and any(.failing[]; .engine_id == $id and
    .targets_failing == 1)' "$F"
check "fleet JSON: checks are ordered by hosts failing" \
    jq -e '[.checks[].hosts_failing] as $n | $n == ($n | sort | reverse)' "$F"
check "fleet JSON: per check, hosts_failing is the number of hosts listed" \
    jq -e 'all(.checks[]; .hosts_failing == (.failing | length))' "$F"
check "fleet JSON: the hosts listed are the hosts whose report fails it" \
    jq -e --slurpfile r <(jq -s . "$R"/host*.json) '
    ($r[0] | map({key: .engine.id, value: [.results[] |
    select(.status == "fail") | .id]}) | from_entries) as $fails |
    all(.checks[]; .id as $c | ([.failing[].engine_id] | sort) ==
    ([$fails | to_entries[] | select(.value | index($c)) | .key] | sort))' "$F"
id1=$(jq -r .engine.id "$R/host1.json")
is "fleet JSON: the oldest report is host 1's" \
    "$(jq -r '.oldest.engine_id' "$F")" "$id1"
check "fleet JSON: and its host is flagged oldest" \
    jq -e --arg id "$id1" '[.hosts[] | select(.oldest)] | length == 1 and
    .[0].engine.id == $id' "$F"
check "fleet JSON: section scores per host" \
    jq -e '.sections | length > 3' "$F"
check "fleet JSON: host os, kernel, engine kind and version" \
    jq -e 'all(.hosts[]; .kernel != null and .engine.kind == "docker" and
    .engine.version != null)' "$F"

nres=$(jq -s 'map(.results | length) | add' "$R"/host*.json)
is "CSV: a header and one row per host per result" \
    "$(grep -c $'\r$' "$T/fleet.csv")" "$((nres + 1))"
is "CSV: the header" "$(head -n 1 "$T/fleet.csv" | tr -d '\r')" \
    "host,engine_id,collected_at,ref,id,title,severity,status,targets_failing"
check "CSV: host 3's container.privileged row fails with 1 target" \
    grep -q ",$id3,.*,container.privileged,.*,fail,1"$'\r$' "$T/fleet.csv"

H=$T/fleet.html
is "HTML: a section per host" "$(grep -c '<article id="host-' "$H")" 3
check "HTML: the heat map links each host to its section" \
    sh -c "grep -q 'table class=\"heat\"' '$H' && grep -q 'href=\"#host-3\"' '$H'"
check "HTML: the oldest report is flagged" grep -q 'class="flag">oldest' "$H"
check "HTML: a Content-Security-Policy and nothing fetched or run" \
    sh -c "grep -q 'Content-Security-Policy' '$H' && ! grep -Eq '<script|src=|https?:' '$H'"
check "HTML: the checks failing on most hosts" grep -q 'id="checks"' "$H"
is "Markdown: a table row per host" \
    "$(grep -c '^| [^-H].* | docker ' "$T/fleet.md")" 3

# ------------------------------------------------------------ hostile inputs

H2=$T/hostile
mkdir -p "$H2"
head -c 1500 "$R/host1.json" >"$H2/truncated.json"
run_ha trunc --merge "$R" "$H2/truncated.json" -f json:"$T/t.json"
is "a truncated report: exit 3" "$RC" 3
check "naming the file, line and column" \
    grep -Eq "$H2/truncated.json:[0-9]+:[0-9]+: " "$T/trunc.err"
check "and the fleet report is still written, without it" \
    jq -e --arg p "$H2/truncated.json" '(.hosts | length) == 3 and
    .reports.skipped == [$p]' "$T/t.json"

jq '.schema = "hostaudit-report/2" | .host = .host.hostname' \
    "$R/host2.json" >"$H2/v2.json"
run_ha v2 --merge "$R" "$H2/v2.json" -f json:"$T/v2.json"
is "a hostaudit-report/2 report: exit 3" "$RC" 3
check "refused naming the file, the versions and the position" grep -Eq \
    "$H2/v2.json:2:[0-9]+: report schema 'hostaudit-report/2' cannot be merged: only 'hostaudit-report/3'" \
    "$T/v2.err"
is "the other three are merged" "$(jq '.hosts | length' "$T/v2.json")" 3

# The same host twice: host 1's report again, an hour older still.
jq '.started_at = "2026-01-15T07:00:00Z" | .score.percent = 1.5' \
    "$R/host1.json" >"$H2/again.json"
run_ha dup --merge "$H2/again.json" "$R" -f json:"$T/dup.json"
is "the same host twice: exit 0" "$RC" 0
check "said on standard error, naming both files" \
    grep -q "'$H2/again.json' and '$R/host1.json' report the same host" \
    "$T/dup.err"
check "kept once, the newer report" jq -e --arg id "$id1" \
    '(.hosts | length) == 3 and .reports.duplicates == 1 and
    ([.hosts[] | select(.engine.id == $id)][0].score.percent != 1.5)' \
    "$T/dup.json"

# A hostname written to attack the reader's tools.
jq '.host.hostname = "=HYPERLINK(\"http://x\")<img src=x>|*x*" |
    .engine.id = "other-engine"' "$R/host2.json" >"$H2/evil.json"
run_ha evil --merge "$R" "$H2/evil.json" -f csv:"$T/evil.csv" \
    -f html:"$T/evil.html" -f markdown:"$T/evil.md"
is "a hostile hostname: exit 0" "$RC" 0
check "CSV: the formula is neutralised" \
    grep -q "^\"'=HYPERLINK(\"\"http://x\"\")<img src=x>|\*x\*\",other-engine," \
    "$T/evil.csv"
check "HTML: the markup is escaped" \
    sh -c "grep -q '&lt;img src=x&gt;' '$T/evil.html' && ! grep -q '<img' '$T/evil.html'"
check "Markdown: the cell cannot be closed nor the markup run" \
    grep -q '=HYPERLINK("http://x")&lt;img src=x&gt;\\|\\\*x\\\*' "$T/evil.md"

run_ha usage --merge -f sarif "$R"
check "--merge -f sarif is a usage error (exit $RC) naming the formats" \
    sh -c "[ $RC -eq 2 ] && grep -q 'json html csv markdown' '$T/usage.err'"
finish

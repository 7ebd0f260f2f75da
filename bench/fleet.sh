#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# bench/fleet.sh [REPORT] - how long `hostaudit --merge` takes and how much
# memory it needs for 1,000 and for 10,000 host reports.
#
# The reports are made from one real JSON report (REPORT; by default the
# audit of tests/golden/facts.json with the default profile): each gets
# its own hostname, engine id, start time and score, and a share of its
# first results turned to fail, by a small generator (python3, string
# substitution on a template: 10,000 reports in seconds).  Each merge
# writes every fleet format (JSON, HTML, CSV, Markdown) and runs under
# /usr/bin/time -v: wall-clock seconds and peak RSS are printed, and the
# ratio of the two peaks.  The reports are streamed (read, folded, freed
# one by one), so the peak grows with the fleet summary only: a few
# hundred bytes per host and result, never the reports' size.
#
# HOSTAUDIT=path chooses the binary (default ./hostaudit); COUNTS="1000
# 10000" the fleet sizes.  HOSTAUDIT_BASE=path merges the same reports
# with another build too (before and after a change), prints its numbers
# beside and checks that both write the same four fleet reports, byte for
# byte (HOSTAUDIT_FIXED_TIME fixes the date they carry).  Everything is
# written under a temp dir, removed at the end; FLEET_DIR=dir keeps the
# generated reports in dir/rN instead and, when dir/rN exists already,
# merges those again without generating them.

set -eu
set -o pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
HA=${HOSTAUDIT:-$top/hostaudit}
BASE=${HOSTAUDIT_BASE:-}
KEEP=${FLEET_DIR:-}
COUNTS=${COUNTS:-1000 10000}
T=$(mktemp -d /tmp/hostaudit-fleet-bench.XXXXXX)
trap 'rm -rf "$T"' EXIT

for c in python3 /usr/bin/time; do
	command -v "$c" >/dev/null || { echo "fleet.sh: needs $c" >&2; exit 1; }
done
REPORT=${1:-}
if [ -z "$REPORT" ]; then
	REPORT=$T/one.json
	"$HA" -q -p "$top/profiles/cis-docker-1.8.0.json" \
	    --facts "$top/tests/golden/facts.json" -f json:"$REPORT" ||
	    [ -s "$REPORT" ]
fi
echo "# one report: $(wc -c <"$REPORT") bytes, $(python3 -c \
    'import json,sys; print(len(json.load(open(sys.argv[1]))["results"]))' \
    "$REPORT") results"

# gen N DIR: N reports made from REPORT.
gen() {
	python3 - "$REPORT" "$1" "$2" <<'PY'
import json, random, sys
src, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
doc = json.load(open(src))
doc["host"]["hostname"] = "@@HOST@@"
doc.setdefault("engine", {})["id"] = "@@ID@@"
doc["started_at"] = "@@WHEN@@"
doc["score"]["percent"] = "@@SCORE@@"
flip = 0
for r in doc["results"]:
    if r.get("status") == "pass" and flip < 20:
        r["status"] = "@@S%d@@" % flip
        flip += 1
t = json.dumps(doc, indent=2).replace('"@@SCORE@@"', "@@SCORE@@")
rng = random.Random(1)
for i in range(n):
    s = t.replace("@@HOST@@", "host%05d.example" % i, 1)
    s = s.replace("@@ID@@", "%08X-0000-4000-8000-%012X" % (i, i * 7919), 1)
    s = s.replace("@@WHEN@@", "2026-01-%02dT%02d:%02d:00Z" % (
        1 + i % 28, i % 24, i % 60), 1)
    s = s.replace("@@SCORE@@", "%.1f" % rng.uniform(20, 100), 1)
    for j in range(flip):
        s = s.replace('"@@S%d@@"' % j,
            '"fail"' if rng.random() < 0.3 else '"pass"', 1)
    with open("%s/host%05d.json" % (out, i), "w") as f:
        f.write(s)
PY
}

# merge NAME BINARY DIR N: time one merge of DIR's N reports, every fleet
# format written under $T/NAME-N.*; RSS[NAME-N] keeps its peak.
declare -A RSS
merge() {
	local name=$1 bin=$2 d=$3 n=$4 o=$T/$1-$4 secs cpu rss hosts
	HOSTAUDIT_FIXED_TIME=1768466400 /usr/bin/time -v -o "$o.time" \
	    "$bin" --merge "$d" -f json:"$o.json" -f html:"$o.html" \
	    -f csv:"$o.csv" -f markdown:"$o.md"
	secs=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' \
	    "$o.time")
	cpu=$(awk -F': ' '/User time|System time/ { s += $2 } END {
	    printf "%.2f", s }' "$o.time")
	rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$o.time")
	RSS[$name-$n]=$rss
	hosts=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["hosts"]))' \
	    "$o.json")
	printf '%s: merge of %6d reports: %s wall clock, %s s CPU, peak RSS %d KiB (%d hosts in the fleet; JSON %s, HTML %s, CSV %s)\n' \
	    "$name" "$n" "$secs" "$cpu" "$rss" "$hosts" \
	    "$(du -h "$o.json" | cut -f1)" "$(du -h "$o.html" | cut -f1)" \
	    "$(du -h "$o.csv" | cut -f1)"
}

status=0
for n in ${COUNTS}; do
	d=${KEEP:-$T}/r$n
	if [ -z "$KEEP" ] || [ ! -d "$d" ]; then
		mkdir -p "$d"
		s=$(date +%s%N)
		gen "$n" "$d"
		e=$(date +%s%N)
		echo "# $n reports generated in $(( (e - s) / 1000000 )) ms," \
		    "$(du -sh "$d" | cut -f1)"
	else
		echo "# $n reports of $d, $(du -sh "$d" | cut -f1)"
	fi
	cat "$d"/*.json >/dev/null	# the same page cache for each run
	merge new "$HA" "$d" "$n"
	if [ -n "$BASE" ]; then
		merge base "$BASE" "$d" "$n"
		for x in json html csv md; do
			if ! cmp -s "$T/new-$n.$x" "$T/base-$n.$x"; then
				echo "FAIL: the $x fleet reports of $n reports" \
				    "differ from the base build's" >&2
				status=1
			fi
		done
		[ "$status" -ne 0 ] ||
			echo "# $n reports: the same fleet reports as the base build"
	fi
	rm -f "$T"/*-"$n".*
	[ -n "$KEEP" ] || rm -rf "$d"
done
read -r -a cnt <<<"$COUNTS"
set -- "${cnt[@]}"
if [ "$#" -ge 2 ]; then
	python3 -c "import sys; a, b, na, nb = map(int, sys.argv[1:]); \
print('peak RSS ratio %d/%d reports: %.2f (reports ratio %.0f)' % \
(nb, na, b / a, nb / na))" "${RSS[new-$1]}" "${RSS[new-$2]}" "$1" "$2"
fi
exit "$status"

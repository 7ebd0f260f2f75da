#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Benchmark: the wall time of a whole audit of a dockerd with many
# containers.  Starts its own dockerd (as the integration test does, see
# tests/integration/lib.sh), creates containers with mixed flags, some of
# them running, times `hostaudit -f json` (the report on stdout, sent to
# /dev/null) over several runs, prints median, min and max, and the sizes
# of the facts and reports, then stops the daemon.  Not part of
# `make check`.
#
# Usage: bench/run.sh [CONTAINERS [RUNS]]     (default 50 containers, 10 runs)
# HOSTAUDIT=path overrides the binary (default ./hostaudit).

set -u
set -o pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/integration/lib.sh
. "$top/tests/integration/lib.sh"

HA=${HOSTAUDIT:-$top/hostaudit}
NCONT=${1:-50}
RUNS=${2:-10}

die() { echo "bench: $*" >&2; exit 1; }

if why=$(ha_dockerd_missing); then die "$why"; fi
[ -x "$HA" ] || die "'$HA' does not exist (run 'make hostaudit' first)"
case "$NCONT$RUNS" in *[!0-9]*) die "usage: bench/run.sh [CONTAINERS [RUNS]]" ;; esac
[ "$RUNS" -ge 1 ] || die "RUNS must be at least 1"

ha_tmp_init
trap 'ha_dockerd_stop; ha_tmp_remove' EXIT
trap 'exit 130' INT TERM
T=$HA_TMP

echo '{"log-level": "warn", "icc": false, "live-restore": true}' >"$T/daemon.json"
ha_dockerd_start bench "$T/daemon.json" --userland-proxy=false ||
    { ha_dockerd_log_tail bench 20; die "dockerd did not start"; }
S=$HA_SOCK
D=("${HA_DOCKER[@]}")
IMG=habench/bb:1
ha_import_busybox "$IMG" || die "cannot import the busybox image"

# Mixed flags: a fifth each privileged, hardened, with host mounts and
# namespaces, plain, and run-and-exited; the hardened and plain ones run
# `sleep`.
echo "# creating $NCONT containers"
start=()
for i in $(seq 1 "$NCONT"); do
	n=c$i
	case $((i % 5)) in
	0) args=(--privileged --cap-add SYS_ADMIN) ;;
	1) args=(--user 1000 --read-only --memory 64m --pids-limit 100
	    --security-opt no-new-privileges --cap-drop ALL
	    --restart on-failure:3 --cpu-shares 512 --network none)
	    start+=("$n") ;;
	2) args=(-v /etc:/host-etc:ro -v "$S:/var/run/docker.sock"
	    --pid host --ipc host --uts host --network host) ;;
	3) args=(-p "$((10000 + i)):80" --restart always) ; start+=("$n") ;;
	4) args=(--entrypoint sh) ; start+=("$n") ;;
	esac
	if [ $((i % 5)) -eq 4 ]; then
		"${D[@]}" create --name "$n" "${args[@]}" "$IMG" -c 'exit 0' \
		    >/dev/null || die "cannot create container $n"
	else
		"${D[@]}" create --name "$n" "${args[@]}" "$IMG" sleep 3600 \
		    >/dev/null || die "cannot create container $n"
	fi
done
if [ "${#start[@]}" -gt 0 ]; then
	"${D[@]}" start "${start[@]}" >/dev/null || die "cannot start containers"
fi
echo "# containers: $("${D[@]}" ps -aq | wc -l) ($("${D[@]}" ps -q | wc -l) running)"

audit() { "$HA" -H "unix://$S" --daemon-json "$T/daemon.json" "$@"; }

# Sizes (and a warm-up run).
audit -f json -o "$T/report.json" --save-facts "$T/facts.json"
rc=$?
[ "$rc" -le 1 ] || die "hostaudit exited $rc"
audit -f text --no-color >"$T/report.txt"
size() { wc -c <"$1" | tr -d ' '; }

# ms_stats: median, min, max of the numbers on stdin.
ms_stats() {
	sort -n | awk '{ v[NR] = $1 } END {
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "median %.1f ms, min %.1f ms, max %.1f ms (%d runs)\n",
		    m, v[1], v[NR], NR }'
}

# time_runs CMD...: wall time of RUNS runs, in ms, one a line.
time_runs() {
	local t0 t1
	for _ in $(seq 1 "$RUNS"); do
		t0=$(date +%s%N)
		"$@" >/dev/null 2>&1
		t1=$(date +%s%N)
		echo "$(((t1 - t0) / 1000)) 1000" | awk '{ printf "%.1f\n", $1 / $2 }'
	done
}

echo "# $("$HA" -V 2>&1 | head -1), $(nproc) CPUs"
# The report goes to stdout, redirected to /dev/null.
echo "full audit (collect + evaluate), -f json >/dev/null:"
time_runs audit -f json | ms_stats
echo "evaluate only (--facts), -f json >/dev/null:"
time_runs "$HA" --facts "$T/facts.json" -f json | ms_stats
echo "facts document: $(size "$T/facts.json") bytes"
for f in text json junit sarif csv prometheus html; do
	"$HA" --facts "$T/facts.json" -f "$f:$T/report.$f" >/dev/null 2>&1
	printf '%-15s %s bytes\n' "$f report:" "$(size "$T/report.$f")"
done
echo "results: $(jq '.results | length' "$T/report.json" 2>/dev/null) checks," \
    "score $(jq '.score.percent' "$T/report.json" 2>/dev/null)%"

if command -v hyperfine >/dev/null 2>&1; then
	hyperfine -N --warmup 1 --runs "$RUNS" -i --output=null \
	    "$HA -H unix://$S --daemon-json $T/daemon.json -f json"
fi

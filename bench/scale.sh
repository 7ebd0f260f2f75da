#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Scale benchmark: hostaudit against many containers, side by side with
# the floor of what it must ask, in one run.
#
#  1. starts its own dockerd (as bench/run.sh and the integration tests
#     do), creates CONTAINERS containers (a tenth of them running);
#  2. live: the wall time and peak RSS of `hostaudit -H unix://SOCK -f
#     json`, against the sequential keep-alive floor: one curl invocation
#     asking the same list, inspects, image histories and lists over one
#     connection;
#  3. --facts: from the real inspect objects, facts documents of
#     CONTAINERS and 10 x CONTAINERS containers (bench/gen_facts.py: full
#     inspect objects, varied ids, names and labels); the wall time and
#     peak RSS of `hostaudit --facts F -f json`, and how far from linear
#     the larger one is;
#  4. stops the daemon and removes its temp dir.
#
# Usage: bench/scale.sh [CONTAINERS [RUNS]]  (default 1000 containers, 5 runs)
# HOSTAUDIT=path overrides the binary (default ./hostaudit); with
# HOSTAUDIT_BASE=path another binary (an older build) is measured beside it.
# SCALE_FACTS_DIR=dir: skip the live part and time the facts documents
# facts-N.json a previous run kept there (SCALE_KEEP=dir keeps them).
# Requirements: those of bench/run.sh, python3, curl, GNU time
# (/usr/bin/time).  Not part of `make check`.

set -u
set -o pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/integration/lib.sh
. "$top/tests/integration/lib.sh"

HA=${HOSTAUDIT:-$top/hostaudit}
BASE=${HOSTAUDIT_BASE:-}
NCONT=${1:-1000}
RUNS=${2:-5}
BIG=$((NCONT * 10))
FACTS_DIR=${SCALE_FACTS_DIR:-}
KEEP=${SCALE_KEEP:-}

die() { echo "scale: $*" >&2; exit 1; }

case "$NCONT$RUNS" in *[!0-9]*) die "usage: bench/scale.sh [CONTAINERS [RUNS]]" ;; esac
[ "$RUNS" -ge 1 ] || die "RUNS must be at least 1"
[ -x "$HA" ] || die "'$HA' does not exist (build it first)"
[ -x /usr/bin/time ] || die "GNU time is not installed (apt-get install time)"
command -v python3 >/dev/null || die "python3 is not installed"

# median of the numbers on stdin, divided by $1
median() {
	sort -n | awk -v d="$1" '{ v[NR] = $1 } END {
	    m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
	    printf "%.1f", m / d }'
}

# measure OUT CMD...: RUNS runs of CMD, an executable (stdout to
# /dev/null); OUT gets "median_wall_ms max_rss_kib median_cpu_ms" (CPU:
# user + system, which other load on the machine changes less).
measure() {
	local out=$1 t0 t1 rss max=0
	shift
	: >"$out.ms"
	: >"$out.cpu"
	for _ in $(seq 1 "$RUNS"); do
		t0=$(date +%s%N)
		/usr/bin/time -f '%M %U %S' -o "$out.rss" "$@" >/dev/null \
		    2>"$out.err"
		t1=$(date +%s%N)
		echo "$(((t1 - t0) / 1000))" >>"$out.ms"
		tail -n 1 "$out.rss" | awk '{ print ($2 + $3) * 1000 }' \
		    >>"$out.cpu"
		rss=$(tail -n 1 "$out.rss" | cut -d' ' -f1)
		[ "$rss" -gt "$max" ] && max=$rss
	done
	echo "$(median 1000 <"$out.ms") $max $(median 1 <"$out.cpu")" >"$out"
}

ms() { cut -d' ' -f1 "$1"; }
cpu() { cut -d' ' -f3 "$1"; }
mib() { awk '{ printf "%.1f", $2 / 1024 }' "$1"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

ha_tmp_init
trap 'ha_dockerd_stop; ha_tmp_remove' EXIT
trap 'exit 130' INT TERM
T=$HA_TMP

# The binaries find their profiles beside them (profiles/).
install_ha() {
	mkdir -p "$T/$2" && cp "$1" "$T/$2/hostaudit" &&
	    cp -R "$top/profiles" "$T/$2/profiles" || die "cannot copy '$1'"
}
install_ha "$HA" ha
HA=$T/ha/hostaudit
if [ -n "$BASE" ]; then
	install_ha "$BASE" base
	BASE=$T/base/hostaudit
fi

echo "# $("$HA" -V 2>&1 | head -1), $(nproc) CPUs, $RUNS runs each, medians"

if [ -z "$FACTS_DIR" ]; then
	if why=$(ha_dockerd_missing); then die "$why"; fi
	echo '{"log-level": "warn", "icc": false}' >"$T/daemon.json"
	ha_dockerd_start scale "$T/daemon.json" --userland-proxy=false ||
	    { ha_dockerd_log_tail scale 20; die "dockerd did not start"; }
	S=$HA_SOCK
	D=("${HA_DOCKER[@]}")
	IMG=habench/bb:1
	ha_import_busybox "$IMG" || die "cannot import the busybox image"
	echo "# creating $NCONT containers"
	# mixed flags, four creates at a time; a tenth run (plain and
	# hardened ones: this daemon may not grant a privileged one's caps)
	for i in $(seq 1 "$NCONT"); do
		case $((i % 4)) in
		0) echo "--name c$i --privileged --cap-add SYS_ADMIN $IMG sleep 3600" ;;
		1) echo "--name c$i --user 1000 --read-only --memory 64m" \
		    "--pids-limit 100 --security-opt no-new-privileges" \
		    "--cap-drop ALL --network none --label tier=app $IMG sleep 3600" ;;
		2) echo "--name c$i -v /etc:/host-etc:ro --pid host" \
		    "--network host $IMG sleep 3600" ;;
		3) echo "--name c$i -p $((20000 + i)):80 --restart always" \
		    "--label com.docker.compose.project=bench" \
		    "--label com.docker.compose.service=s$((i % 7))" \
		    "$IMG sleep 3600" ;;
		esac
	done | xargs -P 4 -L 1 "${D[@]}" create >/dev/null ||
	    die "cannot create the containers"
	# shellcheck disable=SC2046
	"${D[@]}" start $(seq 1 "$NCONT" | awk '$1 % 20 == 1 || $1 % 20 == 3 {
	    print "c" $1 }') >/dev/null 2>&1 ||
	    echo "# some containers could not be started (this host's capabilities?)"
	echo "# containers: $("${D[@]}" ps -aq | wc -l)" \
	    "($("${D[@]}" ps -q | wc -l) running)"

	audit() { "$HA" -H "unix://$S" --daemon-json "$T/daemon.json" "$@"; }
	live=(-H "unix://$S" --daemon-json "$T/daemon.json" -f json)
	audit -f json -o "$T/report.json" --save-facts "$T/base.json"
	rc=$?
	[ "$rc" -le 1 ] || [ "$rc" -eq 3 ] || die "hostaudit exited with $rc"

	# The floor: every request hostaudit makes of the engine, in one curl
	# invocation (one connection, kept alive), sequentially.
	u=http://localhost
	urls=("$u/_ping" "$u/version" "$u/info" "$u/containers/json?all=1")
	for id in $("${D[@]}" ps -aq --no-trunc); do
		urls+=("$u/containers/$id/json")
	done
	for id in $("${D[@]}" ps -a --format '{{.Image}}' | sort -u); do
		id=$("${D[@]}" image inspect -f '{{.Id}}' "$id")
		urls+=("$u/images/$id/json" "$u/images/$id/history")
	done
	urls+=("$u/images/json" "$u/networks" "$u/volumes")
	curl -s --unix-socket "$S" "${urls[@]}" >"$T/inspects.txt" ||
	    die "curl failed"
	measure "$T/m.floor" curl -s --unix-socket "$S" "${urls[@]}"
	floor_ms=$(ms "$T/m.floor")
	printf '%-44s %8s ms\n' "floor, curl keep-alive, ${#urls[@]} requests:" \
	    "$floor_ms"
	if [ -n "$BASE" ]; then
		measure "$T/m.base" "$BASE" "${live[@]}"
		printf '%-44s %8s ms %8s MiB  (%s x floor), CPU %s ms\n' \
		    "base: live, $NCONT containers, -f json:" \
		    "$(ms "$T/m.base")" "$(mib "$T/m.base")" \
		    "$(ratio "$(ms "$T/m.base")" "$floor_ms")" \
		    "$(cpu "$T/m.base")"
	fi
	measure "$T/m.live" "$HA" "${live[@]}"
	live_ms=$(ms "$T/m.live")
	printf '%-44s %8s ms %8s MiB, CPU %s ms\n' \
	    "live, $NCONT containers, -f json:" "$live_ms" \
	    "$(mib "$T/m.live")" "$(cpu "$T/m.live")"
	echo "live / floor: $(ratio "$live_ms" "$floor_ms") (target <= 1.2)," \
	    "peak RSS $(mib "$T/m.live") MiB (target <= 40)"

	if [ -n "$KEEP" ]; then
		mkdir -p "$KEEP" && cp "$T/inspects.txt" "$T/base.json" "$KEEP"/
	fi
	echo "# generating facts of $NCONT and $BIG containers"
	FACTS_DIR=$T
	for n in "$NCONT" "$BIG"; do
		python3 "$top/bench/gen_facts.py" "$T/base.json" \
		    "$T/inspects.txt" "$n" "$T/facts-$n.json" ||
		    die "cannot generate facts"
	done
	if [ -n "$KEEP" ]; then
		cp "$T"/facts-*.json "$KEEP"/
	fi
fi

for n in "$NCONT" "$BIG"; do
	f=$FACTS_DIR/facts-$n.json
	[ -f "$f" ] || die "'$f' does not exist"
	if [ -n "$BASE" ]; then
		measure "$T/m.b$n" "$BASE" --facts "$f" -f json
		printf '%-44s %8s ms %8s MiB, CPU %s ms\n' \
		    "base: --facts, $n containers, -f json:" \
		    "$(ms "$T/m.b$n")" "$(mib "$T/m.b$n")" "$(cpu "$T/m.b$n")"
	fi
	measure "$T/m.f$n" "$HA" --facts "$f" -f json
	printf '%-44s %8s ms %8s MiB, CPU %s ms (%s MB)\n' \
	    "--facts, $n containers, -f json:" "$(ms "$T/m.f$n")" \
	    "$(mib "$T/m.f$n")" "$(cpu "$T/m.f$n")" "$(awk -v s="$(wc -c \
	    <"$f")" 'BEGIN { printf "%.1f", s / 1e6 }')"
done
t1=$(ms "$T/m.f$NCONT")
t10=$(ms "$T/m.f$BIG")
c1=$(cpu "$T/m.f$NCONT")
c10=$(cpu "$T/m.f$BIG")
echo "--facts $BIG: $t10 ms (target <= 1000), peak RSS $(mib "$T/m.f$BIG")" \
    "MiB (target <= 64); t$BIG / (10 x t$NCONT) = $(ratio "$t10" \
    "$(awk -v a="$t1" 'BEGIN { print a * 10 }')") (target <= 1.1)"
echo "(CPU: $c10 ms; c$BIG / (10 x c$NCONT) = $(ratio "$c10" \
    "$(awk -v a="$c1" 'BEGIN { print a * 10 }')"); on a loaded machine the" \
    "CPU time says more than the wall time)"

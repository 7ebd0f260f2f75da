#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Integration test: the fault table of the engine.  A fake engine
# (fake_engine.py) fails in the ways a hostile or broken engine can, one
# row per fault; for each, hostaudit must end within its bounds and say
# what it did not see:
#
#   - exit status 3, with the fault named in the report's
#     collection_errors (or its error targets) and on stderr;
#   - the report at the -o path replaced whole (valid JSON, no temporary
#     file left beside it), and left as it was when hostaudit is killed
#     before it writes;
#   - time: --timeout bounds the whole engine collection (one deadline,
#     not one per request);
#   - memory: peak RSS (/usr/bin/time -v) within --max-engine-bytes plus
#     the one answer being read, plus a margin for the program itself.
#
# The fake engine is never a dockerd, so the daemon checks always miss
# its process: every row exits 3 for that too, and the assertions look for
# the row's own fault by name.  Needs python3, jq and /usr/bin/time (the
# Debian package time); not root.  When something is missing it skips,
# except under CI (CI=true), where it fails.  Every assertion prints
# "ok - ..." or "not ok - ..."; the last line is "N passed, N failed".
# HOSTAUDIT=path overrides the binary (default: ./hostaudit at the top of
# the tree); HA_KEEP=1 keeps the temp dir.

# shellcheck disable=SC2016,SC2317

set -u
set -o pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/integration/lib.sh
. "$top/tests/integration/lib.sh"

HA=${HOSTAUDIT:-$top/hostaudit}
HA_TEST="integration test (engine fault table)"

for c in jq python3 timeout; do
	command -v "$c" >/dev/null 2>&1 || skip_or_fail "'$c' is not installed"
done
[ -x /usr/bin/time ] ||
    skip_or_fail "'/usr/bin/time' (the Debian package time) is not installed"
if [ ! -x "$HA" ]; then
	not_ok "'$HA' exists (run 'make hostaudit' first)"
	finish
fi

# Debian's python3 first: a version manager's shim in PATH can take
# seconds to start, for each of the rows.
[ -x /usr/bin/python3 ] && PATH=/usr/bin:$PATH

HA_TEST_CLEANUP=ha_fake_engine_stop
ha_test_setup
ha_copy_binary
umask 022
echo '{}' >"$T/daemon.json"
# The report every row replaces: hostaudit's writes must leave it whole.
PREV='{"schema":"hostaudit-report/previous","results":[]}'

# ---------------------------------------------------------------- helpers

head_of() { head -c "${2:-300}" "$1" 2>/dev/null | tr '\n' ' '; }

# row NAME MODE[:N] LIMIT ARGS...: hostaudit against the fake engine in
# MODE, under /usr/bin/time -v and a LIMIT-second timeout(1); its JSON
# report (-o) is T/NAME.json, which held PREV before.  Sets RC, WALL
# (milliseconds) and RSS (KiB); CTR is the file of its container targets
# (targets()).
row() {
	local n=$1 mode=$2 limit=$3 t0 t1
	shift 3
	R=$T/$n.json
	printf '%s\n' "$PREV" >"$R"
	if ! ha_fake_engine_start "$T/$n.sock" "$mode" 90; then
		not_ok "[$n] the fake engine listens"
		RC=255 WALL=0 RSS=0
		return 1
	fi
	t0=$(date +%s%N)
	timeout -k 5 "$limit" /usr/bin/time -v -o "$T/$n.time" "$HA" \
	    -H "unix://$T/$n.sock" --daemon-json "$T/daemon.json" -f json \
	    -o "$R" "$@" >"$T/$n.out" 2>"$T/$n.err"
	RC=$?
	t1=$(date +%s%N)
	ha_fake_engine_stop
	WALL=$(( (t1 - t0) / 1000000 ))
	RSS=$(sed -n 's/^[[:space:]]*Maximum resident set size (kbytes): //p' \
	    "$T/$n.time" 2>/dev/null)
	RSS=${RSS:-0}
	echo "# [$n] exit $RC, ${WALL} ms, peak RSS $((RSS / 1024)) MiB"
	CTR=$T/$n.ctr
	targets "$R" >"$CTR"
	targets "$R" image >"$T/$n.img"
	return 0
}

# The report was written whole: valid, complete, nothing left beside it.
expect_report() {
	local n=$1 left
	check "[$n] exit 3 (got $RC: $(head_of "$T/$n.err" 200))" \
	    test "$RC" -eq 3
	check "[$n] the report at -o is whole and new ($(head_of "$R" 120))" \
	    jq -e '(.schema | startswith("hostaudit-report/"))
	    and .schema != "hostaudit-report/previous"
	    and (.results | length) > 0' "$R"
	left=$(find "$T" -maxdepth 1 -name "$(basename "$R")?*" | head -3)
	check "[$n] no temporary file beside it${left:+ ($left)}" \
	    test -z "$left"
}

# expect_error NAME REGEX [report]: collection_errors and stderr (which
# names the first failure only; not with "report") name the fault.
expect_error() {
	local n=$1 re=$2
	check "[$n] collection_errors name /$re/ ($(jq -c \
	    '[.collection_errors[] | .message]' "$R" 2>/dev/null |
	    head -c 300))" bash -c 'jq -r ".collection_errors[] | .message" \
	    "$1" | grep -Eq -- "$2"' _ "$R" "$re"
	[ "${3:-}" = report ] ||
	    check "[$n] stderr names /$re/" grep -Eq -- "$re" "$T/$n.err"
}

# The targets of the first check with targets of kind (default container),
# as "name<TAB>status<TAB>detail" lines.
targets() {
	jq -r --arg k "${2:-container}" '[.results[] | select(.targets and
	    any(.targets[]; .kind == $k))][0].targets[]
	    | select(.kind == $k) | "\(.name)\t\(.status)\t\(.detail // "")"' \
	    "$1" 2>/dev/null
}

# expect_rss NAME MIB: peak RSS at most MIB MiB.
expect_rss() {
	check "[$1] peak RSS $((RSS / 1024)) MiB <= $2 MiB" \
	    test "$RSS" -gt 0 -a "$RSS" -le $(($2 * 1024))
}

# expect_wall NAME MS: wall time at most MS milliseconds.
expect_wall() {
	check "[$1] wall ${WALL} ms <= $2 ms" test "$WALL" -le "$2"
}

# ------------------------------------------------------------ the rows

# hang: 40 inspects that never answer.  One deadline: the whole run ends
# in --timeout and a margin, not ceil(40 / 4) x --timeout (20 s).
row hang hang:40 30 --timeout 2
expect_report hang
expect_error hang \
    'timed out: the deadline of the engine collection passed \(--timeout 2 s\)'
expect_wall hang 4500
n=$(<"$CTR" grep -c 'deadline of the engine collection')
check "[hang] the 40 containers are error targets naming it (got $n)" \
    test "$n" -eq 40
expect_rss hang 64

# killed while it waits: the previous report is left as it was.
printf '%s\n' "$PREV" >"$T/killed.json"
if ha_fake_engine_start "$T/killed.sock" hang:8 90; then
	timeout -s TERM 1 "$HA" -H "unix://$T/killed.sock" --timeout 30 \
	    --daemon-json "$T/daemon.json" -f json -o "$T/killed.json" \
	    >"$T/killed.out" 2>&1
	RC=$?
	ha_fake_engine_stop
	check "[killed] hostaudit was stopped by the signal (exit $RC)" \
	    test "$RC" -eq 124
	is "[killed] the previous report is intact" "$(cat "$T/killed.json")" \
	    "$PREV"
else
	not_ok "[killed] the fake engine listens"
fi

# slow: 20 inspects of 0.5 s each, 4 at a time, with a 2 s deadline: those
# answered are kept, the rest are errors naming the deadline.
row slow slow:20 30 --timeout 2
expect_rss slow 64
expect_report slow
expect_error slow 'the deadline of the engine collection passed'
expect_wall slow 4500
n=$(<"$CTR" grep -vc 'deadline of the engine collection')
m=$(<"$CTR" grep -c 'deadline of the engine collection')
check "[slow] some kept ($n), the rest error targets ($m), 20 in all" \
    test "$n" -ge 4 -a "$m" -ge 4 -a $((n + m)) -eq 20

# infohang: a timeout on the connection /_ping and /version used says so.
row reused infohang 30 --timeout 2
expect_rss reused 64
expect_report reused
expect_error reused 'GET /info: timed out: the deadline'
check "[reused] no 'cannot connect' ($(grep -o 'cannot connect[^;]*' \
    "$T/reused.err" | head -1))" bash -c '! grep -q "cannot connect" "$1"' \
    _ "$T/reused.err"

# 500 on every inspect.
row 500 inspect500 30 --timeout 5
expect_rss 500 64
expect_report 500
expect_error 500 'HTTP status 500: inspect failed: boom'
n=$(<"$CTR" grep -c 'could not be inspected')
check "[500] both containers are error targets (got $n)" test "$n" -eq 2

# 404 race: listed, then removed before its inspect: not an error (a busy
# host does this); the other container is audited.
row race404 race404 30 --timeout 5
expect_rss race404 64
check "[race404] exit 3 for the missing dockerd only (got $RC)" \
    test "$RC" -eq 3
n=$(jq '[.collection_errors[] | select(.source == "engine")] | length' "$R")
check "[race404] no engine error (got $n)" test "$n" -eq 0
is "[race404] the one container left is a target" \
    "$(<"$CTR" cut -f1 | tr '\n' ' ')" "fake0 "

# truncated answers.
row truncated truncated 30 --timeout 5
expect_rss truncated 64
expect_report truncated
expect_error truncated 'answer cut short'

# invalid JSON.
row invalid invalid 30 --timeout 5
expect_rss invalid 64
expect_report invalid
expect_error invalid 'invalid JSON'

# wrong types: never a pass of what could not be read.
row types wrongtypes 30 --timeout 5
expect_rss types 64
expect_report types
n=$(jq '[.results[].targets[]? | select(.kind == "container" and
    .status == "pass")] | length' "$R")
check "[types] no container target passes (got $n)" test "$n" -eq 0
check "[types] the error names the field" bash -c 'jq -r ".results[]
    .targets[]? | .detail // empty" "$1" |
    grep -q "HostConfig.Privileged is not a boolean"' \
    _ "$R"

# deep nesting: bounded before parsing, that container alone an error.
row deep deep 30 --timeout 5
expect_rss deep 64
expect_report deep
expect_error deep 'JSON nested deeper than 64 levels'
check "[deep] the other container is audited" grep -q "^fake1	" "$T/deep.ctr"
n=$(<"$CTR" grep -c 'nested deeper')
check "[deep] the deep one is an error target (got $n)" test "$n" -eq 1

# huge body: 20 MiB of "[],[],..." parses to some 900 MiB; the budget of
# 64 MiB stops it.  Peak RSS within the budget, the body, and 48 MiB.
row huge huge:20 60 --timeout 30 --max-engine-bytes 64M
expect_report huge
re='GET /networks: answer not parsed: .*memory budget of 64 MiB'
expect_error huge "$re \\(--max-engine-bytes\\)"
expect_rss huge $((64 + 20 + 48))
n=$(<"$CTR" wc -l)
check "[huge] the containers are still audited ($n targets)" test "$n" -eq 2

# many containers: 2,000, all inspected, in bounded memory.
row many many:2000 60 --timeout 50
check "[many] exit 3 for the missing dockerd only (got $RC)" \
    test "$RC" -eq 3
n=$(jq '[.collection_errors[] | select(.source == "engine")] | length' "$R")
check "[many] no engine error (got $n)" test "$n" -eq 0
n=$(<"$CTR" wc -l)
check "[many] 2000 container targets (got $n)" test "$n" -eq 2000
expect_rss many 128

# NUL in one field: that value is rejected, the rest kept.
row nul nulfield 30 --timeout 5
expect_rss nul 64
expect_report nul
expect_error nul 'GET /info: "Labels\[0\]" holds a NUL character'
expect_error nul '"Config.User" holds a NUL character' report
check "[nul] /info is kept" jq -e '[.results[] | select(.id ==
    "host.docker-version" or .id == "daemon.live-restore")
    | .status] | all(. != "error")' "$R"
check "[nul] that container is an error target" \
    grep -q "^aaaaaaaaaaaa	error	.*NUL" "$T/nul.ctr"
check "[nul] the other is audited" grep -q "^fake1	" "$T/nul.ctr"

# list entries without a valid Id: each an error target, by name.
row badid invalidid 30 --timeout 5
expect_report badid
expect_error badid 'entry 2 \(fake10\) has no valid "Id"'
for name in fake10 fake11 fake12; do
	check "[badid] $name is an error target" \
	    grep -q "^$name	error	" "$T/badid.ctr"
done

# a container whose image is not an id: no phantom container.
row badimage badimage 30 --timeout 5
expect_report badimage
expect_error badimage 'container fake0 has no valid "Image"'
n=$(<"$CTR" cut -f1 | tr '\n' ' ')
is "[badimage] the containers are the two of the list" "$n" "fake0 fake1 "
check "[badimage] its image is an error target of the image checks" \
    grep -q "^image of container fake0	error" "$T/badimage.img"

# a full listen queue: the message names the socket, not "port 80".
row backlog backlog 30 --timeout 3
expect_report backlog
expect_error backlog \
    "cannot connect to '$T/backlog.sock': the connection was not accepted"
check "[backlog] no 'port 80'" bash -c '! grep -q "port 80" "$1"' _ \
    "$T/backlog.err"
# nothing waits on the queue: not the engine's requests, not the look for
# the daemon's pid (SO_PEERCRED), which took 3 s more
expect_wall backlog 2000

# --save-facts stays linear in a 200 KB answer nested 52 levels deep
# (it was 30 times its size).
row savefacts deepinfo 30 --timeout 5 --save-facts "$T/deep-facts.json"
size=$(stat -c %s "$T/deep-facts.json" 2>/dev/null || echo 0)
check "[savefacts] facts of $size bytes for a 200 KB answer (< 400 KB)" \
    test "$size" -gt 200000 -a "$size" -lt 400000
check "[savefacts] the facts hold the answer" jq -e \
    '.engine.info.Deep | length == 2000' "$T/deep-facts.json"
check "[savefacts] and are read back with --facts" bash -c '"$1" --facts "$2" \
    -f json -o "$3" >/dev/null 2>&1; [ $? -le 3 ] && jq -e .results "$3"' \
    _ "$HA" "$T/deep-facts.json" "$T/deep-again.json"

# ------------------------------------------ answers parsed without privilege
# The engine's answers are read and parsed by a child process holding no
# capability, as the user who owns the engine's socket (nobody here, in
# nobody's 0700 directory, which root without capabilities could not
# enter).  A child that dies makes the engine an error with the reason;
# the rest of the audit stands.
status() { awk -v f="$1:" '$1 == f { print $2 }' "/proc/$2/status"; }
# reader_of PID [UID]: the child of PID (with that uid), waited for (5 s
# at most); the pid in KID.
reader_of() {
	KID=
	for _ in $(seq 100); do
		KID=$(pgrep -P "$1" | head -n 1)
		[ -n "$KID" ] && { [ -z "${2:-}" ] ||
		    [ "$(status Uid "$KID")" = "$2" ]; } && return 0
		sleep 0.05
	done
	return 1
}
mkdir -m 0700 "$T/theirs"
chown 65534:65534 "$T/theirs"
if ha_fake_engine_start "$T/theirs/e.sock" hang:8 90; then
	chown 65534:65534 "$T/theirs/e.sock"
	"$HA" -H "unix://$T/theirs/e.sock" --timeout 20 \
	    --daemon-json "$T/daemon.json" -f json -o "$T/apart.json" \
	    >/dev/null 2>"$T/apart.err" &
	pid=$!
	reader_of "$pid" 65534
	kid=$KID
	# the inspects hang: the child is waiting on them now
	sleep 1
	got="$(status Uid "$kid") $(status Gid "$kid") [$(status Groups "$kid")] $(status CapEff "$kid") $(status CapPrm "$kid") $(status CapBnd "$kid") $(status NoNewPrivs "$kid")"
	is "[apart] the engine's reader: Uid Gid [Groups] CapEff CapPrm CapBnd NoNewPrivs" \
	    "$got" "65534 65534 [] 0000000000000000 0000000000000000 0000000000000000 1"
	is "[apart] hostaudit itself keeps root" "$(status Uid "$pid")" 0
	kill -SEGV "$kid" 2>/dev/null
	wait "$pid"; RC=$?
	check "[apart] the reader killed: exit 3 (got $RC)" test "$RC" -eq 3
	check "[apart] the engine is an error naming the signal" jq -e \
	    '.engine.status == "error" and (.collection_errors[].message |
	    test("engine collection process was killed by signal 11"))' \
	    "$T/apart.json"
	check "[apart] the rest was audited: daemon.json checks evaluated" \
	    jq -e '[.results[] | select(.status == "pass" or
	    .status == "fail")] | length > 5' "$T/apart.json"
	check "[apart] stderr says so" grep -q "killed by signal 11" \
	    "$T/apart.err"
	# a reader gone astray (stopped here) is ended 5 s after the deadline
	t0=$(date +%s%N)
	"$HA" -H "unix://$T/theirs/e.sock" --timeout 1 \
	    --daemon-json "$T/daemon.json" -f json -o "$T/astray.json" \
	    >/dev/null 2>"$T/astray.err" &
	pid=$!
	reader_of "$pid"
	kill -STOP "$KID" 2>/dev/null
	wait "$pid"; RC=$?
	WALL=$(( ($(date +%s%N) - t0) / 1000000 ))
	check "[astray] exit 3 (got $RC), in ${WALL} ms (<= 9000)" \
	    test "$RC" -eq 3 -a "$WALL" -le 9000
	check "[astray] the engine error says the reader outlived the deadline" \
	    jq -e '.collection_errors[].message | select(test("did not end 5000 ms after its deadline"))' \
	    "$T/astray.json"
	ha_fake_engine_stop
else
	not_ok "[apart] the fake engine listens"
fi
# Without CAP_SETUID (a unit's bounding set may leave it out) the reader
# cannot become the socket's owner: it stays root and keeps
# CAP_DAC_OVERRIDE alone, to reach that user's socket.
if ha_fake_engine_start "$T/theirs/s.sock" slow:12 90; then
	chown 65534:65534 "$T/theirs/s.sock"
	setpriv --bounding-set -setuid "$HA" -H "unix://$T/theirs/s.sock" \
	    --timeout 20 --daemon-json "$T/daemon.json" -f json \
	    -o "$T/nosetuid.json" >/dev/null 2>"$T/nosetuid.err" &
	pid=$!
	got=
	# the drop is done once no_new_privs is set
	for _ in $(seq 100); do
		reader_of "$pid" 0 && [ "$(status NoNewPrivs "$KID")" = 1 ] &&
		    got="$(status Uid "$KID") $(status CapEff "$KID") $(status CapPrm "$KID") $(status CapBnd "$KID")" &&
		    break
		sleep 0.05
	done
	wait "$pid"; RC=$?
	ha_fake_engine_stop
	is "[nosetuid] the reader: Uid CapEff CapPrm CapBnd" "$got" \
	    "0 0000000000000002 0000000000000002 0000000000000002"
	CTR=$T/nosetuid.ctr
	targets "$T/nosetuid.json" >"$CTR"
	check "[nosetuid] the engine was read: 12 containers audited (exit $RC)" \
	    bash -c '[ "$(jq -r .engine.status "$1")" = ok ] &&
	    [ "$(grep -vc "	error	" "$2")" -eq 12 ]' _ "$T/nosetuid.json" "$CTR"
else
	not_ok "[nosetuid] the fake engine listens"
fi

finish

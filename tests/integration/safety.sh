#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# tests/integration/safety.sh - hostaudit as root in shared directories,
# with no daemon (the saved facts of tests/golden):
#   - outputs: a FIFO, a device, a socket, another user's file or link at
#     the output path is refused at once (exit 2, path and reason named),
#     never opened nor written through; a hard link is replaced, not
#     written through; a link or FIFO swapped in while the report is
#     written (HOSTAUDIT_TEST_DELAY_OUTPUT_MS) is not followed; SIGINT,
#     SIGTERM and SIGHUP leave the previous report and no temp file; a
#     full disk names the file and ENOSPC; the streams still work;
#   - privileges: while a report or --save-facts is written the process
#     has no capability in any set and no_new_privs; a 0700 directory of
#     another user is refused before collection;
#   - trusted inputs: profiles, waivers and "extends" files owned by
#     another user, writable by others or in a directory others can write
#     to are refused; "extends" by name is found on the search path
#     before the extending file's directory.
#
# Needs root (other users' files, a tmpfs) and jq.  Prints "ok - ..." /
# "not ok - ..." and ends with "N passed, N failed".
#   HOSTAUDIT=/path/to/hostaudit tests/integration/safety.sh
#
# shellcheck disable=SC2016,SC2034,SC2317

set -u
set -o pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/integration/lib.sh
. "$top/tests/integration/lib.sh"

HA=${HOSTAUDIT:-$top/hostaudit}
case $HA in /*) ;; *) HA=$top/$HA ;; esac
HA_TEST="safety test"
NOBODY=65534

[ "$(id -u)" = 0 ] || skip_or_fail "not running as root"
command -v jq >/dev/null 2>&1 || skip_or_fail "'jq' is not installed"
command -v setpriv >/dev/null 2>&1 || skip_or_fail "'setpriv' is not installed"
if [ ! -x "$HA" ]; then
	not_ok "'$HA' exists (run 'make hostaudit' first)"
	finish
fi

FULL=
safety_cleanup() {
	[ -n "$FULL" ] && umount "$FULL" 2>/dev/null
	return 0
}
HA_TEST_CLEANUP=safety_cleanup
ha_test_setup
umask 022
ha_copy_binary		# T/hostaudit, its profiles in T/profiles
G=$top/tests/golden
cp "$G/profile.json" "$G/facts.json" "$T/"
S=$T/shared		# like /tmp: anyone may create files, sticky
mkdir -m 1777 "$S"
export HOSTAUDIT_FIXED_TIME=1700000000	# reports compare byte for byte
as_nobody() { setpriv --reuid=$NOBODY --regid=$NOBODY --clear-groups "$@"; }

# audit NAME ARGS...: the golden facts, stdout/stderr in T/NAME.{out,err}
audit() {
	local name=$1
	shift
	timeout 60 "$HA" -q -p "$T/profile.json" --facts "$T/facts.json" "$@" \
	    >"$T/$name.out" 2>"$T/$name.err"
	RC=$?
}
# err_has NAME TEXT: T/NAME.err contains TEXT
err_has() { grep -qF -- "$2" "$T/$1.err"; }
# No temp file (a name starting with a dot) in directory $1.
no_tmp() { [ -z "$(find "$1" -mindepth 1 -maxdepth 1 -name '.*')" ]; }
# Wait (5 s at most) for a temp file in directory $1.
wait_tmp() {
	local _
	for _ in $(seq 100); do
		no_tmp "$1" || return 0
		sleep 0.05
	done
	return 1
}
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$T/passwd"	# a file to protect

audit ref -f json:"$T/ref.json"
is "a report into root's own 0755 directory (exit 1: findings)" "$RC" 1

# --- what is at the output path ----------------------------------------
as_nobody mkfifo "$S/fifo.json"
start=$(date +%s)
audit fifo -f json:"$S/fifo.json"
elapsed=$(( $(date +%s) - start ))
check "another user's FIFO: refused at once, exit 2, path and reason" \
    sh -c "[ $RC -eq 2 ] && [ $elapsed -lt 5 ] && [ -p '$S/fifo.json' ] &&
    grep -qF \"'$S/fifo.json': a FIFO\" '$T/fifo.err'"
mkfifo "$T/own.fifo"
audit ownfifo -o "$T/own.fifo"
check "even one's own FIFO given with -o: exit 2, not opened" \
    sh -c "[ $RC -eq 2 ] && [ -p '$T/own.fifo' ] &&
    grep -q 'hostaudit writes only regular files' '$T/ownfifo.err'"

as_nobody sh -c "echo theirs >'$S/theirs.json'"
audit theirs -f json:"$S/theirs.json"
check "another user's regular file in a sticky dir: exit 2, untouched" \
    sh -c "[ $RC -eq 2 ] && grep -qx theirs '$S/theirs.json' &&
    grep -qF 'a file owned by another user (uid $NOBODY)' '$T/theirs.err'"

as_nobody ln -s "$T/passwd" "$S/link.json"
audit link -f json:"$S/link.json"
check "another user's symbolic link: exit 2, its target untouched" \
    sh -c "[ $RC -eq 2 ] && [ -L '$S/link.json' ] &&
    grep -q '^root:x' '$T/passwd' && [ \$(wc -l <'$T/passwd') -eq 1 ] &&
    grep -qF 'a symbolic link owned by another user (uid $NOBODY)' \
    '$T/link.err'"
ln -s "$T/passwd" "$T/mylink.json"
audit mylink -o "$T/mylink.json"
check "root's own symbolic link to a file: exit 2, name the file" \
    sh -c "[ $RC -eq 2 ] && grep -q '^root:x' '$T/passwd' &&
    grep -q 'a symbolic link to a regular file' '$T/mylink.err'"

ln "$T/passwd" "$T/hard.json"
audit hard -f json:"$T/hard.json"
check "a hard link to another file: the name is replaced, never written through" \
    sh -c "[ $RC -eq 1 ] && [ \$(stat -c %h '$T/passwd') -eq 1 ] &&
    [ \$(wc -l <'$T/passwd') -eq 1 ] && cmp -s '$T/ref.json' '$T/hard.json'"

audit dev -f json:/dev/zero
check "a device by its name: exit 2" \
    sh -c "[ $RC -eq 2 ] && grep -qF \"'/dev/zero': a character device\" \
    '$T/dev.err'"
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' \
    "$S/sock.json" 2>/dev/null
audit sock -f json:"$S/sock.json"
check "a socket: exit 2" \
    sh -c "[ $RC -eq 2 ] && grep -qF 'a socket' '$T/sock.err'"
audit null -f json:/dev/null
is "/dev/null by its name is still a discarded output" "$RC" 1

# the streams are not files: they keep working through pipes
n=$(timeout 60 "$HA" -q -p "$T/profile.json" --facts "$T/facts.json" \
    -f json:/dev/stdout | jq -r .schema_version 2>/dev/null | wc -l)
is "-f json:/dev/stdout through a pipe" "$n" 1
n=$(timeout 60 "$HA" -q -p "$T/profile.json" --facts "$T/facts.json" \
    -o - -f json | jq -r .schema_version 2>/dev/null | wc -l)
is "-o - through a pipe" "$n" 1
n=$(timeout 60 "$HA" -q -p "$T/profile.json" --facts "$T/facts.json" \
    -f json:/dev/stderr 2>&1 >/dev/null | jq -r .schema_version | wc -l)
is "-f json:/dev/stderr" "$n" 1

# --- the check-then-rename race: swapped while being written --------------
printf 'old\n' >"$S/race.json"
HOSTAUDIT_TEST_DELAY_OUTPUT_MS=1500 "$HA" -q -p "$T/profile.json" \
    --facts "$T/facts.json" -f json:"$S/race.json" 2>"$T/race.err" &
pid=$!
wait_tmp "$S"
rm -f "$S/race.json"
as_nobody ln -s "$T/passwd" "$S/race.json"
wait "$pid"; r=$?
check "a link swapped in while writing: not followed, exit 3, temp removed" \
    sh -c "[ $r -eq 3 ] && [ \$(wc -l <'$T/passwd') -eq 1 ] &&
    grep -qF '(it changed meanwhile)' '$T/race.err' &&
    [ -z \"\$(find '$S' -mindepth 1 -maxdepth 1 -name '.*')\" ]"
rm -f "$S/race.json"
printf 'old\n' >"$S/race.json"
HOSTAUDIT_TEST_DELAY_OUTPUT_MS=1500 "$HA" -q -p "$T/profile.json" \
    --facts "$T/facts.json" -f json:"$S/race.json" 2>"$T/race2.err" &
pid=$!
wait_tmp "$S"
rm -f "$S/race.json"
as_nobody mkfifo "$S/race.json"
start=$(date +%s)
wait "$pid"; r=$?
elapsed=$(( $(date +%s) - start ))
check "a FIFO swapped in while writing: exit 3 without blocking" \
    sh -c "[ $r -eq 3 ] && [ $elapsed -lt 5 ] && [ -p '$S/race.json' ] &&
    grep -qF 'a FIFO (it changed meanwhile)' '$T/race2.err'"
rm -f "$S/race.json"

# --- signals while the temp file exists ----------------------------------
for sig in INT TERM HUP; do
	printf 'old\n' >"$S/sig.json"
	# a shell starts background jobs with SIGINT ignored: undo that
	HOSTAUDIT_TEST_DELAY_OUTPUT_MS=3000 env --default-signal="$sig" \
	    "$HA" -q -p "$T/profile.json" --facts "$T/facts.json" \
	    -f json:"$S/sig.json" 2>/dev/null &
	pid=$!
	wait_tmp "$S"
	kill -"$sig" "$pid"
	wait "$pid" 2>/dev/null; r=$?
	want=$((128 + $(kill -l "$sig")))
	check "SIG$sig while writing: dies of it, temp file gone, old report intact" \
	    sh -c "[ $r -eq $want ] && grep -qx old '$S/sig.json' &&
	    [ -z \"\$(find '$S' -mindepth 1 -maxdepth 1 -name '.*')\" ]"
done

# --- no capability while writing -----------------------------------------
# status FIELD PID: the value of FIELD in /proc/PID/status
status() { awk -v f="$1:" '$1 == f { print $2 }' "/proc/$2/status"; }
HOSTAUDIT_TEST_DELAY_OUTPUT_MS=1500 "$HA" -q -p "$T/profile.json" \
    --facts "$T/facts.json" -f json:"$S/caps.json" 2>/dev/null &
pid=$!
wait_tmp "$S"
caps="$(status CapEff "$pid") $(status CapPrm "$pid") $(status CapInh "$pid") $(status CapBnd "$pid") $(status CapAmb "$pid") $(status NoNewPrivs "$pid")"
wait "$pid"
is "while the report is written: CapEff CapPrm CapInh CapBnd CapAmb NoNewPrivs" \
    "$caps" "0000000000000000 0000000000000000 0000000000000000 0000000000000000 0000000000000000 1"
mkdir "$T/facts-out"
HOSTAUDIT_TEST_DELAY_OUTPUT_MS=1500 "$HA" -q \
    -H "unix://$T/none.sock" -p "$T/profile.json" -f json:/dev/null \
    --save-facts "$T/facts-out/f.json" 2>/dev/null &
pid=$!
wait_tmp "$T/facts-out"
caps="$(status CapEff "$pid") $(status CapPrm "$pid") $(status CapBnd "$pid")"
wait "$pid"
is "while --save-facts is written: CapEff CapPrm CapBnd" \
    "$caps" "0000000000000000 0000000000000000 0000000000000000"
check "--save-facts written" jq -e . "$T/facts-out/f.json"
printf 'old\n' >"$T/root-file.json"
audit rootfile -f json:"$T/root-file.json"
check "over root's existing file without capabilities" \
    sh -c "[ $RC -eq 1 ] && cmp -s '$T/ref.json' '$T/root-file.json'"
# Another user's directory (a textfile directory of the prometheus user):
# root may write there only by CAP_DAC_OVERRIDE.  A writer process keeps
# that capability alone and writes the file; hostaudit itself, which
# renders it, keeps none.  Without the capability the output is refused
# before collection.
mkdir -m 0700 "$T/theirs"
chown $NOBODY:$NOBODY "$T/theirs"
HOSTAUDIT_TEST_DELAY_OUTPUT_MS=1500 "$HA" -q -p "$T/profile.json" \
    --facts "$T/facts.json" -f json:"$T/theirs/r.json" 2>"$T/theirdir.err" &
pid=$!
wait_tmp "$T/theirs"
kid=$(pgrep -P "$pid" | head -n 1)
caps="$(status CapEff "$pid") $(status CapPrm "$pid") $(status CapBnd "$pid")"
wcaps="$(status CapEff "$kid") $(status CapPrm "$kid") $(status CapInh "$kid") $(status CapBnd "$kid") $(status NoNewPrivs "$kid")"
wait "$pid"; r=$?
check "another user's 0700 directory: written (exit $r)" \
    sh -c "[ $r -eq 1 ] && jq -e . '$T/theirs/r.json' >/dev/null"
is "  hostaudit while it is written there: CapEff CapPrm CapBnd" \
    "$caps" "0000000000000000 0000000000000000 0000000000000000"
is "  its writer: CapEff CapPrm CapInh CapBnd NoNewPrivs, CAP_DAC_OVERRIDE alone" \
    "$wcaps" "0000000000000002 0000000000000002 0000000000000000 0000000000000002 1"
check "  the writer has ended with hostaudit" \
    sh -c "! kill -0 $kid 2>/dev/null || { sleep 1; ! kill -0 $kid 2>/dev/null; }"
rm -f "$T/theirs/r.json"
printf 'old\n' >"$T/theirs/sig.json"
HOSTAUDIT_TEST_DELAY_OUTPUT_MS=3000 env --default-signal=TERM "$HA" -q \
    -p "$T/profile.json" --facts "$T/facts.json" \
    -f json:"$T/theirs/sig.json" 2>/dev/null &
pid=$!
wait_tmp "$T/theirs"
kill -TERM "$pid"
wait "$pid" 2>/dev/null; r=$?
check "  SIGTERM while its writer writes: dies of it, temp file gone, old report intact" \
    sh -c "[ $r -eq 143 ] && grep -qx old '$T/theirs/sig.json' &&
    [ -z \"\$(find '$T/theirs' -mindepth 1 -maxdepth 1 -name '.*')\" ]"
rm -f "$T/theirs/sig.json"
timeout 60 setpriv --bounding-set=-dac_override "$HA" -q -p "$T/profile.json" \
    --facts "$T/facts.json" -f json:"$T/theirs/r.json" >/dev/null \
    2>"$T/theirdir.err"; RC=$?
check "  without CAP_DAC_OVERRIDE: refused before collection, exit 2" \
    sh -c "[ $RC -eq 2 ] && [ ! -e '$T/theirs/r.json' ] &&
    grep -q 'is not writable by uid 0 without privileges' '$T/theirdir.err'"

# --- a full disk ------------------------------------------------------------
FULL=$T/full
mkdir "$FULL"
if mount -t tmpfs -o size=64k tmpfs "$FULL" 2>/dev/null; then
	printf 'old\n' >"$FULL/r.json"
	dd if=/dev/zero of="$FULL/fill" bs=4k 2>/dev/null
	audit full -f json:"$FULL/r.json"
	check "a full disk: exit 3, the path and ENOSPC named, old file kept" \
	    sh -c "[ $RC -eq 3 ] && grep -qx old '$FULL/r.json' &&
	    grep -qF \"'$FULL/r.json': No space left on device\" '$T/full.err' &&
	    [ -z \"\$(find '$FULL' -mindepth 1 -maxdepth 1 -name '.*')\" ]"
	umount "$FULL" && FULL=
else
	not_ok "a full disk: cannot mount a tmpfs"
fi
timeout 60 "$HA" -q -p "$T/profile.json" --facts "$T/facts.json" -o - \
    >/dev/full 2>"$T/devfull.err"
r=$?
check "a full standard output: exit 3, ENOSPC named" \
    sh -c "[ $r -eq 3 ] && grep -q 'standard output: No space left on device' \
    '$T/devfull.err'"

# --- trusted inputs -----------------------------------------------------------
cp "$T/profile.json" "$S/p-theirs.json"
chown $NOBODY:$NOBODY "$S/p-theirs.json"
timeout 60 "$HA" -q -p "$S/p-theirs.json" --facts "$T/facts.json" \
    -o "$T/x.json" 2>"$T/pt.err"; r=$?
check "a profile owned by another user: exit 2, owner named" \
    sh -c "[ $r -eq 2 ] && grep -qF \"profile '$S/p-theirs.json' is owned \
by uid $NOBODY\" '$T/pt.err' && [ ! -e '$T/x.json' ]"
cp "$T/profile.json" "$T/p-666.json"
chmod 0666 "$T/p-666.json"
timeout 60 "$HA" -q -p "$T/p-666.json" --facts "$T/facts.json" \
    -o "$T/x.json" 2>"$T/p6.err"; r=$?
check "a profile writable by others: exit 2" \
    sh -c "[ $r -eq 2 ] && grep -q 'is writable by others (mode 0666)' \
    '$T/p6.err'"
mkdir -m 0777 "$T/open"
chmod 0777 "$T/open"
cp "$T/profile.json" "$T/open/p.json"
timeout 60 "$HA" -q -p "$T/open/p.json" --facts "$T/facts.json" \
    -o "$T/x.json" 2>"$T/po.err"; r=$?
check "a profile in a directory others can write to: exit 2" \
    sh -c "[ $r -eq 2 ] && grep -qF \"is in directory '$T/open' writable \
by others (mode 0777)\" '$T/po.err'"
cp "$T/profile.json" "$S/p-root.json"
timeout 60 "$HA" -q -p "$S/p-root.json" --facts "$T/facts.json" \
    -o "$T/x.json" 2>"$T/ps.err"; r=$?
is "root's profile in a sticky directory is accepted" "$r" 1
printf '[]\n' >"$S/w-theirs.json"
chown $NOBODY:$NOBODY "$S/w-theirs.json"
audit wt --waivers "$S/w-theirs.json" -o "$T/x2.json"
check "waivers owned by another user: exit 2, owner named" \
    sh -c "[ $RC -eq 2 ] && grep -qF \"waivers '$S/w-theirs.json' is owned \
by uid $NOBODY\" '$T/wt.err' && [ ! -e '$T/x2.json' ]"
# another user may use their own files, in the sticky directory
chmod 0644 "$T/facts.json" "$T/profile.json"
as_nobody cp "$T/profile.json" "$S/p-nobody.json"
as_nobody timeout 60 "$HA" -q -p "$S/p-nobody.json" --facts "$T/facts.json" \
    -f json:"$S/nobody.json" 2>"$T/pn.err"; r=$?
check "a user's own profile and report in a sticky directory" \
    sh -c "[ $r -eq 1 ] && [ \$(stat -c %u '$S/nobody.json') = $NOBODY ]"

# extends by name: the search path (T/profiles beside T/hostaudit) first
cp "$T/profile.json" "$T/profiles/ha-base.json"
mkdir "$T/site"
printf '{"name": "child", "extends": "ha-base"}\n' >"$T/site/child.json"
printf '{"name": "planted", "checks": [\n' >"$T/site/ha-base.json"
timeout 60 "$HA" -q -p "$T/site/child.json" --facts "$T/facts.json" \
    -o "$T/x3.json" 2>"$T/ex.err"; r=$?
check "extends by name: the search path before the extending file's dir" \
    sh -c "[ $r -eq 1 ] && [ -s '$T/x3.json' ]"
rm "$T/profiles/ha-base.json"
timeout 60 "$HA" -q -p "$T/site/child.json" --facts "$T/facts.json" \
    -o "$T/x3.json" 2>"$T/ex2.err"; r=$?
check "then beside it, read and judged like any profile" \
    sh -c "[ $r -eq 2 ] && grep -q 'site/ha-base.json:1:[0-9]*: ' '$T/ex2.err'"
cp "$T/profile.json" "$T/site/ha-base.json"
chown $NOBODY:$NOBODY "$T/site/ha-base.json"
timeout 60 "$HA" -q -p "$T/site/child.json" --facts "$T/facts.json" \
    -o "$T/x3.json" 2>"$T/ex3.err"; r=$?
check "an extended file owned by another user: exit 2" \
    sh -c "[ $r -eq 2 ] && grep -qF \"ha-base.json' is owned by uid \
$NOBODY\" '$T/ex3.err'"
# standard input has no directory: not the current one either
cp "$T/profile.json" "$T/site/ha-base.json"	# root's, valid
printf '{"name": "s", "extends": "ha-base"}\n' |
    (cd "$T/site" && timeout 60 "$HA" --check-profile - ) >/dev/null \
    2>"$T/ex4.err"; r=$?
check "--check-profile - extending by name: not found in the cwd" \
    sh -c "[ $r -eq 2 ] && grep -q \"profile 'ha-base' not found\" \
    '$T/ex4.err'"
cp "$T/profile.json" "$T/profiles/ha-base.json"
printf '{"name": "s", "extends": "ha-base"}\n' |
    (cd / && timeout 60 "$HA" --check-profile - ) >/dev/null \
    2>"$T/ex5.err"; r=$?
is "--check-profile - extending by name: found on the search path" "$r" 0

finish

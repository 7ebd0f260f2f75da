#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# tests/integration/cli.sh - the command line's Unix habits, with no
# daemon: every way to name standard input and output, -q with and without
# -f, --color against a terminal and a pipe, NO_COLOR and TERM, the
# report files' mode and group, and the atomic replace of report files.
#
# Audits the saved facts of tests/golden (one run collects this host
# through a socket that does not exist, for --save-facts).  Run as root:
# it creates a group for --report-group and removes it on exit.
#
#   tests/integration/cli.sh                  uses ./hostaudit
#   HOSTAUDIT=/path/to/hostaudit tests/integration/cli.sh
set -u
cd "$(dirname "$0")/../.." || exit 2
BIN=${HOSTAUDIT:-./hostaudit}
case $BIN in /*) ;; *) BIN=$PWD/$BIN ;; esac
G=tests/golden
T=$(mktemp -d /tmp/hostaudit-cli.XXXXXX)
GROUP=
READER=
cleanup() {
	[ -n "$READER" ] && kill "$READER" 2>/dev/null
	[ -n "$GROUP" ] && groupdel "$GROUP"
	rm -rf "$T"
}
trap cleanup EXIT
trap 'exit 2' HUP INT TERM
pass=0
fail=0
FIXED=1768466400:1234

ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
# check NAME COMMAND...: passes when the command succeeds
check() { name=$1; shift; if "$@" >"$T/check.out" 2>&1; then ok "$name";
	else bad "$name"; sed 's/^/     /' "$T/check.out" | head -20; fi; }

audit() {
	HOSTAUDIT_FIXED_TIME=$FIXED "$BIN" -p $G/profile.json \
	    --facts $G/facts.json "$@"
}
same() { cmp "$1" "$2"; }
# how many ANSI escape sequences file $1 holds
escapes() { LC_ALL=C grep -c "$(printf '\033')\[" "$1"; }

# The reports every stream form must reproduce byte for byte.
audit -f json:"$T/ref.json" -f text:"$T/ref.txt" -f csv:"$T/ref.csv"
[ $? -eq 1 ] || { bad "reference reports"; echo "0 passed, 1 failed"; exit 1; }

# --- standard output and standard error --------------------------------
audit -f json >"$T/o1" 2>"$T/e"; r=$?
check "stdout: -f json, the same report as -f json:FILE, exit 1" \
    sh -c "[ $r -eq 1 ] && cmp '$T/ref.json' '$T/o1' && [ ! -s '$T/e' ]"
audit -f json:- >"$T/o2"; r=$?
check "stdout: -f json:- is standard output (exit $r)" same "$T/ref.json" \
    "$T/o2"
audit -f json:/dev/stdout | cat >"$T/o3"
check "stdout: -f json:/dev/stdout on a pipe" same "$T/ref.json" "$T/o3"
audit -f json:/dev/stdout >"$T/o4" 2>"$T/e"; r=$?
check "stdout: -f json:/dev/stdout redirected to a regular file" \
    sh -c "[ $r -eq 1 ] && cmp '$T/ref.json' '$T/o4'"
echo previous >"$T/o5"
audit -f json:/dev/stdout >>"$T/o5"
check "stdout: /dev/stdout opened for appending is appended to" \
    sh -c "head -1 '$T/o5' | grep -qx previous &&
    tail -n +2 '$T/o5' | cmp - '$T/ref.json'"
audit -f csv -o - >"$T/o6"
check "stdout: -o - is standard output" same "$T/ref.csv" "$T/o6"
audit -o /dev/stdout >"$T/o7"
check "stdout: -o /dev/stdout takes the default text report" \
    same "$T/ref.txt" "$T/o7"
audit -f json:/dev/stderr >"$T/o8" 2>"$T/e8"
check "stderr: -f json:/dev/stderr writes only standard error" \
    sh -c "[ ! -s '$T/o8' ] && cmp '$T/ref.json' '$T/e8'"
audit -f csv -o /dev/stderr >"$T/o9" 2>"$T/e9"
check "stderr: -o /dev/stderr" \
    sh -c "[ ! -s '$T/o9' ] && cmp '$T/ref.csv' '$T/e9'"
audit -f json:- -f csv:/dev/stdout >/dev/null 2>"$T/e"; r=$?
check "stdout: two outputs on standard output are a usage error" \
    sh -c "[ $r -eq 2 ] && grep -q 'at most one output' '$T/e'"
audit -f json:/dev/stderr -f csv:/dev/stderr >/dev/null 2>"$T/e"; r=$?
check "stderr: two outputs on standard error are a usage error" \
    sh -c "[ $r -eq 2 ] && grep -q 'standard error' '$T/e'"

# --save-facts collects: a socket that does not exist, so no daemon is
# asked anything; the facts go to standard output, and no text report.
"$BIN" -q -H "unix://$T/none.sock" -p $G/profile.json --save-facts - \
    >"$T/facts.json" 2>"$T/e"
check "stdout: --save-facts - writes the facts document, no report" \
    python3 -c "import json, sys
d = json.load(open(sys.argv[1]))
assert d['schema'].startswith('hostaudit-facts/'), d['schema']" \
    "$T/facts.json"
"$BIN" -q -H "unix://$T/none.sock" -p $G/profile.json \
    --save-facts /dev/stdout 2>"$T/e" | "$BIN" -p $G/profile.json \
    --facts - -f json >"$T/piped.json" 2>"$T/e2"
check "pipe: --save-facts /dev/stdout | --facts - audits the same facts" \
    python3 -c "import json, sys
d = json.load(open(sys.argv[1]))
assert d['schema'] == 'hostaudit-report/3', d['schema']" "$T/piped.json"
"$BIN" -H "unix://$T/none.sock" -p $G/profile.json --save-facts - \
    -f text >/dev/null 2>"$T/e"; r=$?
check "stdout: --save-facts - and a report on stdout are a usage error" \
    sh -c "[ $r -eq 2 ] && grep -q 'at most one output' '$T/e'"

# --- standard input ------------------------------------------------------
HOSTAUDIT_FIXED_TIME=$FIXED "$BIN" -p $G/profile.json --facts - -f json \
    <$G/facts.json >"$T/i1"
check "stdin: --facts -" same "$T/ref.json" "$T/i1"
cat $G/facts.json | HOSTAUDIT_FIXED_TIME=$FIXED "$BIN" -p $G/profile.json \
    --facts /dev/stdin -f json >"$T/i2"
check "stdin: --facts /dev/stdin from a pipe" same "$T/ref.json" "$T/i2"
echo '{"schema": ' | "$BIN" -p $G/profile.json --facts - >/dev/null \
    2>"$T/e"; r=$?
check "stdin: bad facts on stdin are exit 2, named <stdin>:line:column" \
    sh -c "[ $r -eq 2 ] && grep -q '^hostaudit: <stdin>:1:12: ' '$T/e'"
audit -f json:"$T/b-ref.json" --baseline $G/baseline.json
audit -f json --baseline - <$G/baseline.json >"$T/i3"
check "stdin: --baseline - marks the same changes" \
    python3 -c "import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
assert b['baseline'].pop('path') == '<stdin>', b['baseline']
a['baseline'].pop('path')
assert a == b" "$T/b-ref.json" "$T/i3"
"$BIN" --check-profile - <$G/profile.json >"$T/i4" 2>&1; r=$?
check "stdin: --check-profile - validates standard input" \
    sh -c "[ $r -eq 0 ] && grep -qx '<stdin>: ok, 10 checks' '$T/i4'"
printf '{"name": "x", "checks": [{"id": "no.such"}]}\n' |
    "$BIN" --check-profile /dev/stdin >/dev/null 2>"$T/e"; r=$?
check "stdin: a bad profile on stdin is exit 2, named <stdin>" \
    sh -c "[ $r -eq 2 ] && grep -q '^hostaudit: <stdin>:1:' '$T/e'"
for pair in "--facts - --baseline -" "--facts - --check-profile -" \
    "--baseline /dev/stdin --check-profile -"; do
	# shellcheck disable=SC2086
	"$BIN" $pair </dev/null >/dev/null 2>"$T/e"; r=$?
	check "stdin: $pair is a usage error" \
	    sh -c "[ $r -eq 2 ] && grep -q 'only one of' '$T/e'"
done

# --- -q ------------------------------------------------------------------
audit -q >"$T/q1" 2>&1; r=$?
check "-q without -f prints nothing, exit 1" \
    sh -c "[ $r -eq 1 ] && [ ! -s '$T/q1' ]"
audit -q -f json >"$T/q2" 2>"$T/e"; r=$?
check "-q -f json prints the report asked for" \
    sh -c "[ $r -eq 1 ] && cmp '$T/ref.json' '$T/q2' && [ ! -s '$T/e' ]"
audit -q -f text >"$T/q3"
check "-q -f text prints the text report asked for" \
    same "$T/ref.txt" "$T/q3"
audit -q -o "$T/q4.txt" >"$T/q4" 2>&1
check "-q -o FILE writes the file, nothing on stdout" \
    sh -c "[ ! -s '$T/q4' ] && cmp '$T/ref.txt' '$T/q4.txt'"

# --- colour --------------------------------------------------------------
# colour MODE NO_COLOR(unset|empty|1) TERM tty|pipe: escapes in the text
colour() {
	case $2 in unset) e="-u NO_COLOR" ;; empty) e="NO_COLOR=" ;;
	    *) e="NO_COLOR=$2" ;; esac
	cmd="env $e TERM=$3 '$BIN' -p $G/profile.json --facts $G/facts.json"
	cmd="$cmd --color=$1"
	if [ "$4" = tty ]; then
		script -qec "$cmd" /dev/null </dev/null >"$T/c" 2>&1
	else
		sh -c "$cmd" >"$T/c" 2>&1
	fi
	escapes "$T/c"
}
# expect MODE: the NO_COLOR x TERM x tty/pipe cases that get colour
colour_mode() {
	mode=$1 want=$(printf '%s' "$2" | tr -s ' \t\n' '   ') errs=
	for nc in unset empty 1; do for term in xterm dumb; do
		for out in tty pipe; do
			n=$(colour "$mode" $nc $term $out)
			case " $want " in
			*" $nc/$term/$out "*) [ "$n" -gt 0 ] ||
			    errs="$errs $nc/$term/$out:none" ;;
			*) [ "$n" -eq 0 ] || errs="$errs $nc/$term/$out:$n" ;;
			esac
		done
	done; done
	[ -z "$errs" ] || { echo "wrong colour (NO_COLOR/TERM/out):$errs";
	    return 1; }
}
if command -v script >/dev/null; then
	check "--color=auto: a terminal, NO_COLOR unset or empty, TERM not dumb" \
	    colour_mode auto "unset/xterm/tty empty/xterm/tty"
	check "--color=always: whatever NO_COLOR, TERM and the stream" \
	    colour_mode always "unset/xterm/tty unset/xterm/pipe
	    unset/dumb/tty unset/dumb/pipe empty/xterm/tty empty/xterm/pipe
	    empty/dumb/tty empty/dumb/pipe 1/xterm/tty 1/xterm/pipe 1/dumb/tty
	    1/dumb/pipe"
	check "--color=never: never" colour_mode never ""
	script -qec "env -u NO_COLOR TERM=xterm '$BIN' -p $G/profile.json \
	    --facts $G/facts.json --no-color" /dev/null </dev/null >"$T/c" 2>&1
	check "--no-color on a terminal: no colour" \
	    sh -c "[ $(escapes "$T/c") -eq 0 ]"
	script -qec "env -u NO_COLOR TERM=xterm '$BIN' -p $G/profile.json \
	    --facts $G/facts.json -f text:$T/c.txt" /dev/null </dev/null \
	    >/dev/null 2>&1
	audit --color=always -f text:"$T/c2.txt"
	check "a text report file is never coloured" \
	    sh -c "[ $(escapes "$T/c.txt") -eq 0 ] &&
	    [ $(escapes "$T/c2.txt") -eq 0 ]"
else
	bad "colour: script (util-linux) not installed"
fi
audit --color=sometimes >"$T/o" 2>"$T/e"; r=$?
check "--color with a bad value: one line and Try 'hostaudit --help'" \
    sh -c "[ $r -eq 2 ] && [ ! -s '$T/o' ] && [ \$(wc -l <'$T/e') -eq 2 ] &&
    grep -q '^hostaudit: --color: auto, always or never' '$T/e' &&
    tail -1 '$T/e' | grep -qx \"Try 'hostaudit --help' for more information.\""
"$BIN" --version >"$T/v"
check "--version names the default profile and the libraries" \
    sh -c "grep -q '^default profile: cis-docker' '$T/v' &&
    grep -q '^libraries: jansson' '$T/v'"

# --- report mode and group -------------------------------------------------
mkdir "$T/r"
audit -q -f json:"$T/r/d.json"
check "report files are mode 0640 by default" \
    sh -c "[ \"\$(stat -c %a '$T/r/d.json')\" = 640 ]"
if [ "$(id -u)" = 0 ] && command -v groupadd >/dev/null; then
	GROUP=hacli$$
	groupadd "$GROUP" || GROUP=
fi
if [ -n "$GROUP" ]; then
	gid=$(getent group "$GROUP" | cut -d: -f3)
	audit -q --report-mode 0644 --report-group "$GROUP" \
	    -f prometheus:"$T/r/h.prom" -o "$T/r/h.txt" -f text
	check "--report-mode 0644 --report-group NAME: every report file" \
	    sh -c "[ \"\$(stat -c '%a %G' '$T/r/h.prom')\" = '644 $GROUP' ] &&
	    [ \"\$(stat -c '%a %G' '$T/r/h.txt')\" = '644 $GROUP' ]"
	audit -q --report-group "$gid" -f json:"$T/r/g.json"
	check "--report-group GID, with the default mode" \
	    sh -c "[ \"\$(stat -c '%a %g' '$T/r/g.json')\" = '640 $gid' ]"
	# the facts file too
	"$BIN" -q -H "unix://$T/none.sock" -p $G/profile.json -f json:/dev/null \
	    --report-group "$GROUP" --report-mode 0600 \
	    --save-facts "$T/r/f.json" 2>"$T/e"
	check "--save-facts FILE gets the mode and group too" \
	    sh -c "[ \"\$(stat -c '%a %G' '$T/r/f.json')\" = '600 $GROUP' ]"
	# a user outside the group: refused before anything is read
	cp "$BIN" "$T/bin" && cp $G/profile.json $G/facts.json "$T/" &&
	    chmod 0755 "$T" "$T/bin" && chmod 0644 "$T/profile.json" \
	    "$T/facts.json" && mkdir -m 0777 "$T/w"
	setpriv --reuid=65534 --regid=65534 --clear-groups "$T/bin" -q \
	    -p "$T/profile.json" --facts "$T/facts.json" \
	    --report-group "$GROUP" -f json:"$T/w/n.json" 2>"$T/e"; r=$?
	check "--report-group not one's own, not root: exit 2, nothing written" \
	    sh -c "[ $r -eq 2 ] && grep -q 'not a group of yours' '$T/e' &&
	    [ ! -e '$T/w/n.json' ]"
else
	bad "--report-group: not root or no groupadd: cannot create a group"
fi
audit -q --report-group "no-such-group-$$" -f json:"$T/r/x.json" 2>"$T/e"
r=$?
check "--report-group unknown: exit 2, before anything is written" \
    sh -c "[ $r -eq 2 ] && grep -q \"no group 'no-such-group\" '$T/e' &&
    [ ! -e '$T/r/x.json' ]"
bad_modes=
for m in 0666 0002 888 1777 0 00640 ''; do
	audit -q --report-mode "$m" -f json:"$T/r/m.json" 2>/dev/null
	r=$?
	case $m in 0) [ $r -eq 1 ] || bad_modes="$bad_modes $m:$r" ;;
	*) [ $r -eq 2 ] || bad_modes="$bad_modes $m:$r" ;; esac
done
check "--report-mode: octal up to 0777, never o+w, else exit 2" \
    sh -c "[ -z '$bad_modes' ] || { echo 'accepted:$bad_modes'; exit 1; }"
chmod 0600 "$T/r/m.json" 2>/dev/null

# --- the atomic replace ----------------------------------------------------
echo old >"$T/r/a.json"
ln "$T/r/a.json" "$T/r/a.keep"
audit -q -f json:"$T/r/a.json"
check "a report file is replaced, never rewritten in place" \
    sh -c "grep -qx old '$T/r/a.keep' && cmp '$T/ref.json' '$T/r/a.json'"
echo old >"$T/r/big.html"
(trap '' XFSZ; ulimit -f 4; audit -q -f html:"$T/r/big.html") 2>"$T/e"
r=$?
check "a write that fails leaves the old file and no temp file, exit 3" \
    sh -c "[ $r -eq 3 ] && grep -qx old '$T/r/big.html' &&
    [ -z \"\$(ls -A '$T/r' | grep '^\.')\" ]"
echo target >"$T/r/target"
ln -s "$T/r/target" "$T/r/link"
audit -q -f json:"$T/r/link" 2>"$T/e"; r=$?
check "a symbolic link to a regular file is refused before collection, exit 2" \
    sh -c "[ $r -eq 2 ] && grep -q 'a symbolic link to a regular file' \
    '$T/e' && grep -qx target '$T/r/target' && [ -L '$T/r/link' ]"
ln -s /dev/null "$T/r/null"
audit -q -f json:"$T/r/null" 2>"$T/e"; r=$?
check "a symbolic link to /dev/null is refused too (name /dev/null), exit 2" \
    sh -c "[ $r -eq 2 ] && [ -L '$T/r/null' ]"
mkfifo "$T/r/fifo"
ln -s "$T/r/fifo" "$T/r/fifolink"
audit -q -f json:"$T/r/fifolink" 2>"$T/e"; r=$?
check "a symbolic link to a FIFO is refused, never opened, exit 2" \
    sh -c "[ $r -eq 2 ] && grep -q 'a symbolic link to a FIFO' '$T/e' &&
    [ -p '$T/r/fifo' ] && [ -L '$T/r/fifolink' ]"

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

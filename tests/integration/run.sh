#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Integration test: audit a real dockerd that this script starts itself.
#
# Needs root, dockerd/containerd/runc (docker.io), busybox-static, jq and
# unshare (util-linux).  When something is missing it skips, except under
# CI (CI=true), where a skip would hide that nothing was tested: there it
# fails.  Every assertion prints "ok - ..." or "not ok - ..."; the last
# line is "N passed, N failed" and the exit status is non-zero on any
# failure.
#
# HOSTAUDIT=path overrides the binary (default: ./hostaudit at the top of
# the tree).  HA_KEEP=1 keeps the temp dir (its path is printed) for a
# post-mortem; the daemon is stopped all the same.  HA_VALGRIND=0 skips the
# run under valgrind.

# shellcheck disable=SC2016,SC2317

set -u
set -o pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/integration/lib.sh
. "$top/tests/integration/lib.sh"

HA=${HOSTAUDIT:-$top/hostaudit}
HA_TEST="integration test"

why=$(ha_dockerd_missing) && skip_or_fail "$why"
command -v jq >/dev/null 2>&1 || skip_or_fail "'jq' is not installed"
[ -x /bin/busybox ] || command -v busybox >/dev/null 2>&1 ||
    skip_or_fail "'busybox' (busybox-static) is not installed"
if [ ! -x "$HA" ]; then
	not_ok "'$HA' exists (run 'make hostaudit' first)"
	finish
fi

ha_test_setup
ha_copy_binary

# ---------------------------------------------------------------- helpers


# "[name] " for a report other than the main one, for assertion names.
label() {
	local b
	b=$(basename "$1" .json)
	[ "$b" = report ] || printf '[%s] ' "$b"
}


# ------------------------------------------------------- the CLI alone

"$HA" -V >"$T/version.out" 2>&1
check "-V exits 0 and prints a version" \
    grep -Eq '[0-9]+\.[0-9]+\.[0-9]+' "$T/version.out"
# tools/ids.txt holds the CIS 1.6.0 numbering: every run compared with it
# names that profile.
run_ha list -l -p cis-docker-1.6.0
missing=$(awk 'NR == FNR { for (i = 1; i <= NF; i++) seen[$i] = 1; next }
    !($2 in seen) { print $2 }' "$T/list.out" tools/ids.txt | head -5 | xargs)
check "-l lists every check id of tools/ids.txt${missing:+ (missing: $missing)}" \
    test "$RC" -eq 0 -a -z "$missing"
run_ha explain --explain container.privileged
check "--explain container.privileged exits 0 and explains it" \
    test "$RC" -eq 0 -a -s "$T/explain.out"
run_ha explain-bad --explain no.such-check
check "--explain of an unknown id exits 2 ($RC) naming it" \
    bash -c "[ $RC -eq 2 ] && grep -q 'no.such-check' '$T/explain-bad.err'"

# --------------------------------------------------- the daemon under test

# Settings: some from the file, some from flags, some left to defaults;
# chosen so that some checks pass and some fail.
cat >"$T/daemon.json" <<'EOF'
{
	"icc": false,
	"log-level": "info",
	"live-restore": true,
	"insecure-registries": ["registry.invalid:5000"]
}
EOF

# dockerd itself refuses a key given both as a flag and in the file: the
# condition daemon.config-conflict reports (audited below with
# --daemon-json).
echo '{"userland-proxy": true}' >"$T/conflict.json"
if ha_dockerd_start conflict "$T/conflict.json" --userland-proxy=false; then
	not_ok "dockerd refuses a key both in the file and as a flag"
	ha_dockerd_stop
else
	check "dockerd refuses a key both in the file and as a flag" \
	    grep -q 'both as a flag and in the configuration file' \
	    "$T/conflict.log"
	ha_dockerd_stop		# in case it only failed to answer in time
fi

if ! ha_dockerd_start main "$T/daemon.json" --userland-proxy=false \
    --default-ulimit nofile=1024:2048; then
	not_ok "dockerd starts (exit status ${HA_DOCKERD_STATUS:-none})"
	ha_dockerd_log_tail main 30
	finish
fi
ok "dockerd starts (pid $HA_DOCKERD_PID, socket $HA_SOCK)"
S=$HA_SOCK
D=("${HA_DOCKER[@]}")

# ------------------------------------------------------------- containers

IMG=hatest/bb:1
setup_containers() {
	ha_import_busybox "$IMG" || return 1
	"${D[@]}" tag "$IMG" hatest/bb:latest &&
	"${D[@]}" network create hanet >/dev/null &&
	# created, never started, unless said otherwise
	"${D[@]}" create --name hardened --user 1000 --read-only \
	    --memory 64m --pids-limit 100 --security-opt no-new-privileges \
	    --cap-drop ALL --restart on-failure:3 --cpu-shares 512 \
	    --network none "$IMG" sleep 3600 &&
	"${D[@]}" create --name priv --privileged "$IMG" sleep 3600 &&
	"${D[@]}" create --name capsys --cap-add SYS_ADMIN --network hanet \
	    "$IMG" sleep 3600 &&
	"${D[@]}" create --name etcmount -v /etc:/host-etc "$IMG" sleep 3600 &&
	"${D[@]}" create --name sockmount -v "$S:/var/run/docker.sock" \
	    "$IMG" sleep 3600 &&
	"${D[@]}" create --name hostns --pid host --ipc host --uts host \
	    --network host "$IMG" sleep 3600 &&
	"${D[@]}" create --name running --restart always "$IMG" sleep 3600 &&
	"${D[@]}" create --name ports -p 443:443 -p 127.0.0.1:8080:80 \
	    "$IMG" sleep 3600 &&
	"${D[@]}" create --name latest hatest/bb:latest sleep 3600 &&
	"${D[@]}" create --name exited "$IMG" sh -c 'exit 3' &&
	"${D[@]}" start hardened capsys hostns running ports exited
} >/dev/null
if ! setup_containers; then
	not_ok "containers are set up"
	ha_dockerd_log_tail main 30
	finish
fi
# "exited" ends at once; wait (bounded) until the engine says so.
for _ in $(seq 1 50); do
	[ "$("${D[@]}" inspect -f '{{.State.Status}}' exited)" = exited ] && break
	sleep 0.1
done
NCONT=$("${D[@]}" ps -aq | wc -l)
ok "containers are set up ($NCONT)"
state_of() { "${D[@]}" inspect -f '{{.State.Status}}' "$1"; }

# -------------------------------------------------------------- the audit

R=$T/report.json
F=$T/facts.json
run_ha main -H "unix://$S" --daemon-json "$T/daemon.json" -f json -o "$R" \
    --save-facts "$F" -p cis-docker-1.6.0
check "audit exits 1 when there are failures (got $RC)" test "$RC" -eq 1
if ! jq -e . "$R" >/dev/null 2>&1; then
	not_ok "the report is JSON ($(head -c 300 "$R" 2>/dev/null))"
	sed 's/^/#   /' "$T/main.err" | head -20
	finish
fi
ok "the report is JSON"
check "nothing on stdout with -o" test ! -s "$T/main.out"

# The report's shape (hostaudit-report/3).
check "report schema, tool version, host, profile, times" jq -e '
    .schema == "hostaudit-report/3" and (.tool.version | type) == "string"
    and (.host.hostname | type) == "string" and (.profile | type) != "null"
    and (.started_at | type) != "null" and (.duration_ms | type) == "number"
    and .duration_ms >= 0' "$R"
check "report version is the one -V prints" \
    grep -qF -- "$(jq -r .tool.version "$R")" "$T/version.out"
check "score percent in 0..100 (null: nothing applicable) and sections listed" jq -e '
    (.score.percent | type) == "number" and .score.percent >= 0
    and .score.percent <= 100 and (.score.sections | length) > 0
    and all(.score.sections[]; (.id | type) == "string"
        and (.title | type) == "string" and (.percent == null
        or (.percent >= 0 and .percent <= 100)))' "$R"
check "every result has id, ref, title, level, scored, severity, status, message" \
    jq -e '(.results | length) > 0 and all(.results[];
    (.id | type) == "string" and (.ref | type) == "string"
    and (.title | type) == "string" and (.level | type) == "number"
    and (.scored | type) == "boolean" and (.severity | type) == "string"
    and (.message | type) == "string" and (.status | IN("pass", "fail",
        "warn", "info", "manual", "skip", "error", "waived")))' "$R"
bad=$(jq -r '.results[] | "\(.ref) \(.id)"' "$R" | awk '
    NR == FNR { known[$1 " " $2] = 1; next }
    !($0 in known) { print $1 "/" $2 }' tools/ids.txt - | head -5 | xargs)
check "every result's ref matches tools/ids.txt${bad:+ (not: $bad)}" \
    test -z "$bad"
check "the host's name is the report's host" \
    test "$(jq -r .host.hostname "$R")" = "$(hostname)"

# On a healthy host every source is collected and every check evaluated.
errs=$(jq -r '[.errors[]? | .source] | unique | join(", ")' "$F")
check "facts: no collection errors${errs:+ (from: $errs)}" test -z "$errs"
errs=$(jq -r '[.results[] | select(.status == "error") | .id]
    | (.[:4] | join(", ")) + (if length > 4 then ", ..." else "" end)' "$R")
check "no check is in error${errs:+ (errors: $errs)}" test -z "$errs"

# Engine facts: every container, inspected.
check "facts list the $NCONT containers" \
    test "$(jq '.engine.containers | length' "$F")" -eq "$NCONT"
check "facts: schema, engine status ok, engine socket" jq -e --arg s "$S" '
    .schema == "hostaudit-facts/1" and .engine.status == "ok"
    and .engine.socket == $s' "$F"
check "facts: the engine socket's file entry is 0660 socket" jq -e --arg s \
    "$S" '.files.docker_sock | .path == $s and .exists == true
    and .type == "socket" and .mode == 432 and .uid == 0' "$F"

# Daemon facts: found by SO_PEERCRED on the socket; settings and sources.
check "facts: daemon found by peercred with its pid" jq -e --argjson p \
    "$HA_DOCKERD_PID" '.daemon.status == "found"
    and .daemon.found_by == "peercred" and .daemon.pid == $p' "$F"
check "facts: config file is the --daemon-json override" jq -e --arg f \
    "$T/daemon.json" '.daemon.config_file.path == $f
    and .daemon.config_file.source == "override"
    and .daemon.config_file.status == "ok"' "$F"
check "facts: icc false from the file" jq -e \
    '.daemon.settings.icc == {"value": false, "source": "file"}' "$F"
check "facts: userland-proxy false from a flag" jq -e \
    '.daemon.settings["userland-proxy"] == {"value": false, "source": "flag"}' "$F"
check "facts: iptables true by default" jq -e \
    '.daemon.settings.iptables == {"value": true, "source": "default"}' "$F"
check "facts: --default-ulimit is the key default-ulimits, from a flag" jq -e \
    '.daemon.settings["default-ulimits"].source == "flag"
    and (.daemon.settings["default-ulimits"].value | tostring
        | contains("1024"))' "$F"

# Daemon checks.
expect_status "$R" daemon.icc pass "(file)"
expect_status "$R" daemon.userland-proxy pass "(flag)"
expect_status "$R" daemon.live-restore pass "(file)"
expect_status "$R" daemon.log-level pass
expect_status "$R" daemon.iptables pass "(default)"
expect_status "$R" daemon.insecure-registries fail
expect_target "$R" daemon.insecure-registries registry.invalid:5000 fail "(file)"
expect_status "$R" daemon.userns-remap fail
expect_status "$R" daemon.no-new-privileges fail
expect_status "$R" daemon.config-conflict pass
expect_status "$R" daemon.config-unknown pass
expect_status "$R" daemon.swarm pass

# The real socket's mode (0660 root:docker as dockerd makes it).
expect_status "$R" file.docker-sock-mode pass
expect_status "$R" file.docker-sock-owner pass
check "file.docker-sock-mode is judged on '$S'" jq -e --arg s "$S" '
    [.results[] | select(.id == "file.docker-sock-mode")][0]
    | (.message | contains($s)) or any(.targets[]?; .name == $s)' "$R"

# Containers: one target per container, with its state.
check "container.privileged has one target per container" test \
    "$(jq '[.results[] | select(.id == "container.privileged")
    | .targets[]?] | length' "$R")" -eq "$NCONT"
bad=$("${D[@]}" ps -a --format '{{.Names}} {{.State}}' | while read -r c want; do
	got=$(tgt "$R" container.privileged "$c" | jq -r '.state // "none"')
	[ "$want" = "$got" ] || echo "$c:$got!=$want"
done)
check "the engine lists running, created and exited containers" bash -c \
    "$(printf '%q ' "${D[@]}") ps -a --format '{{.State}}' | sort -u | xargs |
    grep -qx 'created exited running'"
check "container targets carry the engine's state${bad:+ ($bad)}" test -z "$bad"
check "container targets are of kind container" jq -e '
    all(.results[] | select(.id | startswith("container.")) | .targets[]?;
    .kind == "container")' "$R"

expect_status "$R" container.privileged fail
expect_target "$R" container.privileged priv fail
expect_target "$R" container.privileged hardened pass
expect_status "$R" container.capabilities fail
expect_target "$R" container.capabilities capsys fail "SYS_ADMIN"
expect_target "$R" container.capabilities hardened pass
expect_target "$R" container.sensitive-mounts etcmount fail "/etc"
expect_target "$R" container.sensitive-mounts hardened pass
expect_target "$R" container.docker-sock sockmount fail
expect_target "$R" container.docker-sock hardened pass
expect_target "$R" container.docker-sock etcmount pass
for ns in pid ipc uts; do
	expect_target "$R" "container.host-$ns" hostns fail
	expect_target "$R" "container.host-$ns" hardened pass
done
expect_target "$R" container.host-network hostns fail
expect_target "$R" container.host-network hardened pass
for c in memory-limit pids-limit cpu-shares readonly-rootfs \
    no-new-privileges user; do
	expect_target "$R" "container.$c" hardened pass
	expect_target "$R" "container.$c" running fail
done
expect_target "$R" container.restart-policy hardened pass
expect_target "$R" container.restart-policy running fail
expect_target "$R" container.privileged-ports ports fail "443"
expect_target "$R" container.privileged-ports hardened pass
expect_target "$R" container.bind-interface ports fail "443"
expect_target "$R" container.default-bridge running fail
expect_target "$R" container.default-bridge capsys pass

expect_status "$R" image.healthcheck fail
check "image targets name the image" jq -e '
    [.results[] | select(.id == "image.healthcheck") | .targets[]?]
    | length == 1 and (.[0].name | startswith("hatest/bb:"))
    and .[0].kind == "image"' "$R"

# Text output to the terminal stream.
run_ha text -H "unix://$S" --daemon-json "$T/daemon.json" --no-color
check "text report: exit 1, on stdout, no colour escapes" bash -c \
    "[ $RC -eq 1 ] && [ -s '$T/text.out' ] && ! grep -q \$'\\e' '$T/text.out'"
run_ha quiet -H "unix://$S" --daemon-json "$T/daemon.json" -q
check "-q: exit 1 and nothing on stdout" \
    bash -c "[ $RC -eq 1 ] && [ ! -s '$T/quiet.out' ]"

# --save-facts then --facts: the same results, with no engine.
run_ha replay --facts "$F" -f json -o "$T/replay.json" -p cis-docker-1.6.0
check "--facts replays with the same exit status (got $RC)" test "$RC" -eq 1
same_results() {
	local d='del(.started_at, .duration_ms, .collected_at)'
	diff <(jq -S "$d | {results, score, host}" "$1") \
	    <(jq -S "$d | {results, score, host}" "$2") >"$T/diff.out"
}
check "--facts gives the same results and score" \
    same_results "$R" "$T/replay.json"

# Without --daemon-json, hostaudit finds --config-file on dockerd's command
# line: same results.
run_ha auto -H "unix://$S" -f json -o "$T/auto.json" \
    --save-facts "$T/auto-facts.json" -p cis-docker-1.6.0
check "without --daemon-json: config file found on the command line" jq -e \
    --arg f "$T/daemon.json" '.daemon.config_file.path == $f
    and .daemon.config_file.source == "flag"' "$T/auto-facts.json"
check "without --daemon-json: same results" same_results "$R" "$T/auto.json"

# A key in both the file and the flags, and an unknown key.
printf '{"userland-proxy": true,\n "frobnicate": 1}\n' >"$T/conflict2.json"
run_ha conflict -H "unix://$S" --daemon-json "$T/conflict2.json" -f json \
    -o "$T/conflict.json.out"
expect_status "$T/conflict.json.out" daemon.config-conflict fail
expect_target "$T/conflict.json.out" daemon.config-conflict userland-proxy fail
expect_status "$T/conflict.json.out" daemon.config-unknown fail
expect_target "$T/conflict.json.out" daemon.config-unknown frobnicate fail

# A malformed daemon.json: daemon checks are errors naming file:line:col,
# the rest still runs, and the run exits 3: it did not see the daemon's
# configuration.
printf '{\n  "icc": false,\n  "log-level": \n}\n' >"$T/bad.json"
run_ha badjson -H "unix://$S" --daemon-json "$T/bad.json" -f json \
    -o "$T/badjson.json"
check "malformed daemon.json: audit still runs, exit 3 (got $RC)" test "$RC" -eq 3
expect_status "$T/badjson.json" daemon.icc error
msg=$(res_message "$T/badjson.json" daemon.icc)
if [[ "$msg" =~ bad\.json\'?:[0-9]+:[0-9]+ ]]; then
	ok "malformed daemon.json: message names file:line:column ($msg)"
else
	not_ok "malformed daemon.json: message names file:line:column ($msg)"
fi
expect_status "$T/badjson.json" container.privileged fail
expect_status "$T/badjson.json" file.docker-sock-mode pass

# An unreachable engine: exit 3, engine checks error, the rest still runs.
run_ha noengine -H "unix://$T/nothing-here.sock" -f json -o "$T/noengine.json"
check "unreachable engine: exit 3 (got $RC)" test "$RC" -eq 3
check "unreachable engine: stderr names the socket" \
    grep -q "nothing-here.sock" "$T/noengine.err"
if jq -e . "$T/noengine.json" >/dev/null 2>&1; then
	expect_status "$T/noengine.json" container.privileged error
	expect_status "$T/noengine.json" image.healthcheck error
	check "unreachable engine: host and file checks still ran" jq -e '
	    any(.results[]; (.id | startswith("file.")) and .status != "error")' \
	    "$T/noengine.json"
else
	not_ok "unreachable engine: a report is written"
fi

# Report files: never half-written, never clobbered by a failed run.
run_ha nodir -H "unix://$S" -f json -o "$T/no/such/dir/r.json"
check "-o into a missing directory: exit 2 or 3 (got $RC)" \
    test "$RC" -eq 2 -o "$RC" -eq 3
check "-o into a missing directory: the message names it and ENOENT" \
    grep -q "no/such/dir.*No such file or directory" "$T/nodir.err"
check "-o into a missing directory: no file left" test ! -e "$T/no"
: >"$T/plainfile"
run_ha notdir -H "unix://$S" -f json -o "$T/plainfile/r.json"
check "-o under a regular file: exit 2 or 3 (got $RC), 'not a directory'" \
    bash -c "[ $RC -eq 2 ] || [ $RC -eq 3 ] &&
    grep -qi 'plainfile/r.json.*not a directory' '$T/notdir.err'"
mkdir "$T/keep"
echo PREVIOUS >"$T/keep/r.json"
run_ha badprofile -H "unix://$S" -p no-such-profile -f json -o "$T/keep/r.json"
check "unknown profile: exit 2 (got $RC)" test "$RC" -eq 2
check "a failed run leaves the old report alone" \
    test "$(cat "$T/keep/r.json")" = PREVIOUS
run_ha badformat -H "unix://$S" -f no-such-format -o "$T/keep/r.json"
check "unknown format: exit 2 (got $RC), old report kept" bash -c \
    "[ $RC -eq 2 ] && [ \"\$(cat '$T/keep/r.json')\" = PREVIOUS ]"
run_ha overwrite -H "unix://$S" -f json -o "$T/keep/r.json"
check "a good run replaces the report, leaving no temp file" bash -c \
    "jq -e . '$T/keep/r.json' >/dev/null && [ \"\$(ls -A '$T/keep')\" = r.json ]"

# -o onto something that is not a regular file is refused before the
# audit (exit 2), never opened and never replaced: a FIFO would block the
# run and take the report.  Tested on a FIFO and a device node of the
# test's own, never on the host's /dev/null.
mkfifo "$T/fifo"
timeout 30 cat "$T/fifo" >"$T/fifo.out" &
catpid=$!
run_ha fifo -H "unix://$S" -f json -o "$T/fifo"
fifo_rc=$RC
kill "$catpid" 2>/dev/null
wait "$catpid"
check "-o FIFO: exit 2 (got $fifo_rc), still a FIFO, nothing went through it" \
    bash -c "[ $fifo_rc -eq 2 ] && [ -p '$T/fifo' ] && [ ! -s '$T/fifo.out' ]"
check "-o FIFO: the error names the path and why" \
    grep -q "$T/fifo.*FIFO" "$T/fifo.err"
if mknod -m 0666 "$T/null" c 1 3 2>/dev/null; then
	run_ha devnull -H "unix://$S" -f json -o "$T/null"
	check "-o onto a character device: still a device" test -c "$T/null"
	check "-o onto a character device: exit 2 (got $RC)" test "$RC" -eq 2
fi

# The whole audit under valgrind: no memory errors on real engine answers.
if [ "${HA_VALGRIND:-1}" != 0 ] && command -v valgrind >/dev/null 2>&1; then
	timeout 300 valgrind -q --error-exitcode=99 --leak-check=full \
	    --errors-for-leak-kinds=definite "$HA" -H "unix://$S" \
	    --daemon-json "$T/daemon.json" -f json -o "$T/vg.json" \
	    >"$T/vg.out" 2>"$T/vg.err"
	RC=$?
	if [ "$RC" -eq 1 ]; then
		ok "under valgrind: no memory errors, exit 1"
	else
		not_ok "under valgrind: no memory errors, exit 1 (got $RC)"
		head -40 "$T/vg.err" | sed 's/^/#   /'
	fi
fi

# The daemon's stop leaves nothing behind.
pid=$HA_DOCKERD_PID
ha_dockerd_stop
check "dockerd stopped" bash -c "! kill -0 $pid 2>/dev/null"
finish

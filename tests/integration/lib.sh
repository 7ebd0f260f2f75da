# shellcheck shell=bash disable=SC2034
# lib.sh - start and stop a private dockerd for hostaudit's integration
# test and benchmark.  Sourced by tests/integration/run.sh and bench/run.sh.
#
# The daemon gets its own config file, data root, exec root, pidfile and
# socket under a temp dir, and runs in its own network, mount and PID
# namespaces (unshare):
#   - network: its iptables rules, docker0 bridge and ip_forward stay out
#     of the host's, so the test can run it with iptables and icc=false;
#   - mount: its overlay and bind mounts vanish with it;
#   - PID: when dockerd (the namespace's init) dies, the kernel kills every
#     process left in it (containerd, shims, container processes), so
#     nothing outlives the test even if the graceful stop fails; and
#     --kill-child kills dockerd if unshare itself is killed.
# The socket is a file in the temp dir, reachable from the host namespaces;
# SO_PEERCRED and /proc give hostaudit dockerd's real (host) PID.
#
# Variables the caller reads after ha_dockerd_start:
#   HA_TMP          the temp dir (ha_tmp_init)
#   HA_SOCK         the socket path
#   HA_DOCKERD_PID  dockerd's PID as the host sees it
#   HA_DOCKER       the docker CLI command, as an array: "${HA_DOCKER[@]}"

HA_TMP=
HA_SOCK=
HA_DOCKERD_PID=
HA_UNSHARE_PID=
HA_DOCKER=()
HA_DOCKERD_STATUS=

ha_log() { printf '# %s\n' "$*" >&2; }

# Is everything needed to start a private dockerd here?  Prints why not.
ha_dockerd_missing() {
	local c
	if [ "$(id -u)" != 0 ]; then
		echo "not running as root"
		return 0
	fi
	for c in dockerd docker containerd runc unshare; do
		if ! command -v "$c" >/dev/null 2>&1; then
			echo "'$c' is not installed"
			return 0
		fi
	done
	if ! unshare --net --mount --pid --fork true 2>/dev/null; then
		echo "cannot create namespaces (unshare --net --mount --pid failed)"
		return 0
	fi
	return 1
}

# A fresh temp dir; short (/tmp) because Unix socket paths are limited.
ha_tmp_init() {
	HA_TMP=$(mktemp -d /tmp/hostaudit-it.XXXXXX)
	chmod 0755 "$HA_TMP"
}

# ha_dockerd_start NAME CONFIG [dockerd flags...]
# Starts dockerd with data/exec roots HA_TMP/NAME.{data,exec}, pidfile
# HA_TMP/NAME.pid, log HA_TMP/NAME.log and socket HA_TMP/NAME/docker.sock.
# Waits (bounded) for the API.  Returns 0 when it answers, 1 when dockerd
# exited (HA_DOCKERD_STATUS holds its exit status) or did not answer in time.
ha_dockerd_start() {
	local name=$1 config=$2
	shift 2
	HA_SOCK=$HA_TMP/$name/docker.sock
	mkdir -p "$HA_TMP/$name" "$HA_TMP/$name.data" "$HA_TMP/$name.exec"
	HA_DOCKER=(docker -H "unix://$HA_SOCK")
	HA_DOCKERD_STATUS=
	HA_DOCKERD_PID=
	unshare --net --mount --propagation private --pid --fork \
	    --mount-proc --kill-child -- \
	    dockerd --config-file "$config" \
	    --data-root "$HA_TMP/$name.data" --exec-root "$HA_TMP/$name.exec" \
	    --pidfile "$HA_TMP/$name.pid" -H "unix://$HA_SOCK" "$@" \
	    </dev/null >"$HA_TMP/$name.log" 2>&1 &
	HA_UNSHARE_PID=$!
	for _ in $(seq 1 300); do
		if [ -z "$HA_DOCKERD_PID" ]; then
			HA_DOCKERD_PID=$(ha_child_of "$HA_UNSHARE_PID")
		fi
		if ! kill -0 "$HA_UNSHARE_PID" 2>/dev/null; then
			wait "$HA_UNSHARE_PID"
			HA_DOCKERD_STATUS=$?
			HA_DOCKERD_PID=
			HA_UNSHARE_PID=
			return 1
		fi
		if [ -S "$HA_SOCK" ] && [ -n "$HA_DOCKERD_PID" ] &&
		    timeout 10 "${HA_DOCKER[@]}" version >/dev/null 2>&1; then
			# The namespace's /proc must not hide it from us.
			return 0
		fi
		sleep 0.2
	done
	ha_log "dockerd did not answer on '$HA_SOCK' within 60 s"
	return 1
}

# The first child of a PID (unshare --fork's child is dockerd).
ha_child_of() {
	local f=/proc/$1/task/$1/children c=
	[ -r "$f" ] && read -r c _ <"$f" 2>/dev/null
	echo "$c"
}

# Remove every container, then stop dockerd: SIGTERM, up to 30 s, then
# SIGKILL (which, dockerd being its PID namespace's init, takes everything
# in the namespace with it).  Safe to call twice or when nothing started.
ha_dockerd_stop() {
	local ids
	if [ -n "$HA_DOCKERD_PID" ] && kill -0 "$HA_DOCKERD_PID" 2>/dev/null; then
		ids=$(timeout 20 "${HA_DOCKER[@]}" ps -aq 2>/dev/null || true)
		if [ -n "$ids" ]; then
			# shellcheck disable=SC2086
			timeout 60 "${HA_DOCKER[@]}" rm -f $ids >/dev/null 2>&1 || true
		fi
		kill -TERM "$HA_DOCKERD_PID" 2>/dev/null || true
		for _ in $(seq 1 150); do
			kill -0 "$HA_UNSHARE_PID" 2>/dev/null || break
			sleep 0.2
		done
		if kill -0 "$HA_DOCKERD_PID" 2>/dev/null; then
			ha_log "dockerd $HA_DOCKERD_PID did not stop in 30 s: killing it"
			kill -KILL "$HA_DOCKERD_PID" 2>/dev/null || true
		fi
	fi
	if [ -n "$HA_UNSHARE_PID" ]; then
		for _ in $(seq 1 50); do
			kill -0 "$HA_UNSHARE_PID" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$HA_UNSHARE_PID" 2>/dev/null || true
		wait "$HA_UNSHARE_PID" 2>/dev/null || true
	fi
	HA_DOCKERD_PID=
	HA_UNSHARE_PID=
}

# The dockerd log's last lines, for a failure message.
ha_dockerd_log_tail() {
	local name=$1
	[ -f "$HA_TMP/$name.log" ] && tail -n "${2:-15}" "$HA_TMP/$name.log" |
	    sed 's/^/#   /' >&2
	return 0
}

# Remove the temp dir (after ha_dockerd_stop).
ha_tmp_remove() {
	[ -n "$HA_TMP" ] && [ -d "$HA_TMP" ] || return 0
	if ! rm -rf "$HA_TMP" 2>/dev/null; then
		sleep 1
		rm -rf "$HA_TMP" || ha_log "could not remove '$HA_TMP'"
	fi
}

# A busybox image from busybox-static, imported as $1 (e.g. hatest/bb:1).
ha_import_busybox() {
	local tag=$1 bb r a
	bb=$(command -v busybox) || { ha_log "busybox is not installed"; return 1; }
	if ! file_is_static "$bb"; then
		ha_log "'$bb' is not static (install busybox-static)"
		return 1
	fi
	r=$HA_TMP/rootfs
	rm -rf "$r"
	mkdir -p "$r/bin" "$r/tmp" "$r/etc"
	cp "$bb" "$r/bin/busybox"
	for a in sh sleep ls cat id true false; do
		ln -s busybox "$r/bin/$a"
	done
	echo 'root:x:0:0:root:/root:/bin/sh' >"$r/etc/passwd"
	tar -C "$r" -c . | "${HA_DOCKER[@]}" import \
	    -c 'CMD ["sh"]' -c 'ENV PATH=/bin' - "$tag" >/dev/null
}

# ldd(1) says "not a dynamic executable" (and fails) for a static one.
file_is_static() {
	! ldd "$1" >/dev/null 2>&1
}

# The protocol the integration scripts share: "ok - ..." and "not ok - ..."
# lines, then "N passed, N failed"; finish exits non-zero on a failure.
# HA_TEST names the script in skip messages.
passed=0
failed=0

ok() { passed=$((passed + 1)); echo "ok - $*"; }
not_ok() { failed=$((failed + 1)); echo "not ok - $*"; }

# check DESC CMD...: ok when CMD succeeds (its standard output discarded).
check() {
	local desc=$1
	shift
	if "$@" >/dev/null; then ok "$desc"; else not_ok "$desc"; fi
}

# is DESC GOT WANT
is() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1 (got '$2', want '$3')"; fi
}

finish() {
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
	exit
}

# A prerequisite is missing: a failure under CI (which must run every
# test), a skip elsewhere.
skip_or_fail() {
	if [ "${CI:-}" = true ]; then
		not_ok "${HA_TEST:-integration test} prerequisites: $1 (CI must run this test)"
		finish
	fi
	echo "# SKIP ${HA_TEST:-integration test}: $1"
	echo "0 passed, 0 failed, 1 skipped"
	exit 0
}

# ha_test_setup: the temp dir T for one test script, removed on exit with
# the daemon stopped first (kept with HA_KEEP=1).  A script with more to
# undo sets HA_TEST_CLEANUP to a function run after the daemon stopped.
ha_test_cleanup() {
	ha_dockerd_stop
	if [ -n "${HA_TEST_CLEANUP:-}" ]; then
		"$HA_TEST_CLEANUP"
	fi
	if [ "${HA_KEEP:-0}" = 1 ]; then
		ha_log "kept '$HA_TMP'"
	else
		ha_tmp_remove
	fi
}
ha_test_setup() {
	ha_tmp_init
	trap ha_test_cleanup EXIT
	trap 'exit 130' INT TERM
	T=$HA_TMP
}

# ha_copy_binary: copies of $HA and the profiles into T, and HA pointing at
# the copy: a rebuild or a profile edit while a test runs must not change
# what it runs.  hostaudit finds its profiles beside itself.
ha_copy_binary() {
	cp "$HA" "$T/hostaudit"
	cp -R "$top/profiles" "$T/profiles"
	HA=$T/hostaudit
}

# run_ha NAME ARGS...: run hostaudit, stdout/stderr into T/NAME.{out,err},
# exit status into RC.
RC=
run_ha() {
	local name=$1
	shift
	timeout 120 "$HA" "$@" >"$T/$name.out" 2>"$T/$name.err"
	RC=$?
}

# The result object of a check in a report, its status, its message.
res() { jq -c --arg id "$2" '.results[] | select(.id == $id)' "$1"; }
res_status() { jq -r --arg id "$2" \
    '[.results[] | select(.id == $id)][0].status // "missing"' "$1"; }
res_message() { jq -r --arg id "$2" \
    '[.results[] | select(.id == $id)][0].message // ""' "$1"; }
# A target of a check, by name (a leading "/" of container names ignored).
tgt() { jq -c --arg id "$2" --arg n "$3" '[.results[] | select(.id == $id)
    | .targets[]? | select((.name | ltrimstr("/")) == $n)][0] // empty' "$1"; }

# Assertions on a report.  A script defines label REPORT, the prefix that
# names a report in assertion names ("" for its main one).
# expect_status REPORT ID STATUS [MESSAGE-SUBSTRING]
expect_status() {
	local f=$1 id=$2 want=$3 sub=${4:-} got msg l
	l=$(label "$f")
	got=$(res_status "$f" "$id")
	msg=$(res_message "$f" "$id")
	if [ "$got" != "$want" ]; then
		not_ok "$l$id is $want (got $got: $msg)"
	elif [ -n "$sub" ] && [[ "$msg" != *"$sub"* ]]; then
		not_ok "$l$id is $want and its message names '$sub' (got: $msg)"
	else
		ok "$l$id is $want${sub:+ naming '$sub'}"
	fi
}

# expect_target REPORT ID NAME STATUS [DETAIL-SUBSTRING]
expect_target() {
	local f=$1 id=$2 name=$3 want=$4 sub=${5:-} t got det l
	l=$(label "$f")
	t=$(tgt "$f" "$id" "$name")
	if [ -z "$t" ]; then
		not_ok "$l$id has a target '$name' ($(res "$f" "$id" |
		    head -c 400))"
		return
	fi
	got=$(jq -r '.status' <<<"$t")
	det=$(jq -r '.detail // ""' <<<"$t")
	if [ "$got" != "$want" ]; then
		not_ok "$l$id: $name is $want (got $got: $det)"
	elif [ -n "$sub" ] && [[ "$det" != *"$sub"* ]]; then
		not_ok "$l$id: $name is $want with a detail naming '$sub'" \
		    "(got: $det)"
	else
		ok "$l$id: $name is $want${sub:+ naming '$sub'}"
	fi
}

# run_ha_within SECONDS NAME ARGS...: run_ha with a time bound of its own.
run_ha_within() {
	local secs=$1 name=$2
	shift 2
	timeout -k 5 "$secs" "$HA" "$@" >"$T/$name.out" 2>"$T/$name.err"
	RC=$?
}

# A fake engine (tests/integration/fake_engine.py), only for faults a real
# engine cannot produce.  ha_fake_engine_start SOCK MODE [LIFETIME] starts
# it (its log: HA_TMP/fake.log) and waits, bounded, for its socket; it
# exits by itself after LIFETIME seconds (default 60), and timeout(1) kills
# it 5 s later if it did not.  ha_fake_engine_stop stops it by its pid;
# safe to call twice or when nothing started (ha_test_setup callers: put
# it in HA_TEST_CLEANUP).
HA_FAKE_PID=
ha_fake_engine_start() {
	local sock=$1 mode=$2 life=${3:-60}
	ha_fake_engine_stop
	rm -f "$sock"
	timeout -k 5 "$((life + 5))" python3 \
	    "$top/tests/integration/fake_engine.py" "$sock" "$mode" "$life" \
	    </dev/null >>"$HA_TMP/fake.log" 2>&1 &
	HA_FAKE_PID=$!
	for _ in $(seq 1 100); do
		[ -S "$sock" ] && return 0
		kill -0 "$HA_FAKE_PID" 2>/dev/null || break
		sleep 0.1
	done
	ha_log "the fake engine ($mode) did not listen on '$sock'"
	ha_fake_engine_stop
	return 1
}
ha_fake_engine_stop() {
	local py
	[ -n "$HA_FAKE_PID" ] || return 0
	py=$(ha_child_of "$HA_FAKE_PID")
	# timeout(1) passes the TERM on to python3 and exits after it.
	kill -TERM "$HA_FAKE_PID" 2>/dev/null
	for _ in $(seq 1 30); do
		kill -0 "$HA_FAKE_PID" 2>/dev/null || break
		sleep 0.1
	done
	if kill -0 "$HA_FAKE_PID" 2>/dev/null; then
		# shellcheck disable=SC2086
		kill -KILL $py "$HA_FAKE_PID" 2>/dev/null
	fi
	wait "$HA_FAKE_PID" 2>/dev/null
	HA_FAKE_PID=
	return 0
}

# SPDX-License-Identifier: Apache-2.0
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
# The socket is a file in the temp dir (or at a path of the caller's,
# ha_dockerd_start_at), reachable from the host namespaces; SO_PEERCRED
# and /proc give hostaudit dockerd's real (host) PID.
#
# Variables the caller reads after ha_dockerd_start:
#   HA_TMP          the temp dir (ha_tmp_init)
#   HA_SOCK         the socket path
#   HA_DOCKERD_PID  dockerd's PID as the host sees it
#   HA_DOCKER       the docker CLI command, as an array: "${HA_DOCKER[@]}"
#
# It also starts a rootless dockerd for a test user (ha_rootless_start)
# and a rootful Podman service (ha_podman_start), each stopped by its pid.

HA_TMP=
HA_SOCK=
HA_SOCK_OUTSIDE=	# a socket path outside HA_TMP, removed after the stop
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
	ha_dockerd_start_at "$HA_TMP/$1/docker.sock" "$@"
}

# ha_dockerd_start_at SOCK NAME CONFIG [dockerd flags...]
# ha_dockerd_start with the socket at SOCK (e.g. /var/run/docker.sock, where
# engine discovery looks).  Refuses (returns 1) when something is at SOCK
# already: dockerd would unlink it.  ha_dockerd_stop removes the socket.
ha_dockerd_start_at() {
	local sock=$1 name=$2 config=$3
	shift 3
	if [ -e "$sock" ] || [ -L "$sock" ]; then
		ha_log "'$sock' exists already: dockerd not started there"
		HA_DOCKERD_STATUS=
		return 1
	fi
	HA_SOCK=$sock
	HA_SOCK_OUTSIDE=
	[[ "$sock" == "$HA_TMP"/* ]] || HA_SOCK_OUTSIDE=$sock
	mkdir -p "$(dirname "$sock")" "$HA_TMP/$name.data" "$HA_TMP/$name.exec"
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
# in the namespace with it).  A socket outside the temp dir is removed (a
# killed dockerd leaves it).  Safe to call twice or when nothing started.
# The CLI is this daemon's own: HA_DOCKER may point at another engine.
ha_dockerd_stop() {
	local ids cli=(docker -H "unix://$HA_SOCK")
	if [ -n "$HA_DOCKERD_PID" ] && kill -0 "$HA_DOCKERD_PID" 2>/dev/null; then
		ids=$(timeout 20 "${cli[@]}" ps -aq 2>/dev/null </dev/null ||
		    true)
		if [ -n "$ids" ]; then
			# shellcheck disable=SC2086
			timeout 60 "${cli[@]}" rm -f $ids >/dev/null 2>&1 \
			    </dev/null || true
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
	if [ -n "$HA_SOCK_OUTSIDE" ] && [ -S "$HA_SOCK_OUTSIDE" ]; then
		rm -f "$HA_SOCK_OUTSIDE"
	fi
	HA_SOCK_OUTSIDE=
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

# ------------------------------------------------- a rootless dockerd
#
# ha_rootless_start USER [dockerd flags...] creates the test user USER
# (home HA_TMP/USER.home, subordinate ids, a runtime directory
# /run/user/UID) and runs dockerd-rootless.sh as that user (RootlessKit: a
# user and a mount namespace, the host's network) with the vfs storage
# driver from the user's ~/.config/docker/daemon.json, by default with
# --iptables=false --ip-forward=false --bridge=none.  Its socket is
# /run/user/UID/docker.sock, where dockerd-rootless.sh puts it.  Waits
# (bounded) for the API.  Returns 0 when it answers, 1 when the user
# could not be set up, 2 when the daemon did not start (its log's last
# lines printed).  ha_rootless_stop removes its containers, stops it,
# kills what the user left running, and removes the runtime directory,
# the user and its subordinate ids; safe to call twice or when nothing
# started.  Only one at a time.  The caller reads:
#   HA_RL_USER HA_RL_UID HA_RL_GID HA_RL_HOME HA_RL_RUNDIR
#   HA_RL_SOCK      the socket
#   HA_RL_PID       rootlesskit (as started, through setpriv)
#   HA_RL_DOCKERD   dockerd, inside the user namespace (its host PID)
HA_RL_USER=
HA_RL_UID=
HA_RL_GID=
HA_RL_HOME=
HA_RL_RUNDIR=
HA_RL_SOCK=
HA_RL_PID=
HA_RL_DOCKERD=
HA_RL_MADE_USER=0
HA_RL_MADE_RUNDIR=0
HA_RL_MADE_RUNUSER=0	# /run/user itself

# Where the packages put the script that starts dockerd rootless.
ha_rootless_script() {
	local f
	for f in /usr/share/docker.io/contrib/dockerd-rootless.sh \
	    /usr/bin/dockerd-rootless.sh /usr/local/bin/dockerd-rootless.sh; do
		[ -x "$f" ] && { echo "$f"; return 0; }
	done
	command -v dockerd-rootless.sh 2>/dev/null
}

# Is everything needed for ha_rootless_start here?  Prints why not.
ha_rootless_missing() {
	local c
	if [ "$(id -u)" != 0 ]; then
		echo "not running as root"
		return 0
	fi
	for c in dockerd docker rootlesskit newuidmap newgidmap useradd \
	    userdel usermod setpriv pgrep timeout; do
		if ! command -v "$c" >/dev/null 2>&1; then
			echo "'$c' is not installed"
			return 0
		fi
	done
	if ! ha_rootless_script >/dev/null; then
		echo "dockerd-rootless.sh is not installed"
		return 0
	fi
	return 1
}

# A free range of 65536 subordinate ids above every range in use.
ha_free_subid_start() {
	awk -F: 'BEGIN { m = 200000 } NF == 3 && $2 + $3 > m { m = $2 + $3 }
	    END { print m }' /etc/subuid /etc/subgid 2>/dev/null
}

# Every process of the test user, by pid (only the test runs as it).
ha_rootless_pids() {
	[ -n "$HA_RL_UID" ] && pgrep -u "$HA_RL_UID" 2>/dev/null
}

ha_rootless_user() {
	local s
	HA_RL_HOME=$HA_TMP/$HA_RL_USER.home
	useradd -m -d "$HA_RL_HOME" -s /bin/sh "$HA_RL_USER" </dev/null ||
	    { ha_log "useradd $HA_RL_USER failed"; return 1; }
	HA_RL_MADE_USER=1
	HA_RL_UID=$(id -u "$HA_RL_USER")
	HA_RL_GID=$(id -g "$HA_RL_USER")
	chmod 0755 "$HA_RL_HOME"
	# useradd adds ranges where login.defs says so; else add one
	if ! grep -q "^$HA_RL_USER:" /etc/subuid ||
	    ! grep -q "^$HA_RL_USER:" /etc/subgid; then
		s=$(ha_free_subid_start)
		usermod --add-subuids "$s-$((s + 65535))" \
		    --add-subgids "$s-$((s + 65535))" "$HA_RL_USER" \
		    </dev/null || { ha_log "no subordinate ids for" \
		    "$HA_RL_USER"; return 1; }
	fi
	HA_RL_RUNDIR=/run/user/$HA_RL_UID
	[ -d /run/user ] || HA_RL_MADE_RUNUSER=1
	if [ ! -d "$HA_RL_RUNDIR" ]; then
		mkdir -p "$HA_RL_RUNDIR"
		HA_RL_MADE_RUNDIR=1
	fi
	chown "$HA_RL_UID:$HA_RL_GID" "$HA_RL_RUNDIR"
	chmod 0700 "$HA_RL_RUNDIR"
	HA_RL_SOCK=$HA_RL_RUNDIR/docker.sock
	mkdir -p "$HA_RL_HOME/.config/docker" "$HA_TMP/$HA_RL_USER.tmp"
	echo '{"storage-driver": "vfs"}' \
	    >"$HA_RL_HOME/.config/docker/daemon.json"
	chown -R "$HA_RL_UID:$HA_RL_GID" "$HA_RL_HOME/.config" \
	    "$HA_TMP/$HA_RL_USER.tmp"
}

ha_rootless_start() {
	local script
	HA_RL_USER=$1
	shift
	[ "$#" -gt 0 ] || set -- --iptables=false --ip-forward=false \
	    --bridge=none
	script=$(ha_rootless_script) ||
	    { ha_log "dockerd-rootless.sh is not installed"; return 1; }
	ha_rootless_user || return 1
	# As the user, with nothing of root's environment.  Host network
	# (no slirp4netns, no port driver): no network namespace, so no
	# bridge, no iptables and no ip_forward for dockerd to set up.
	(cd "$HA_RL_HOME" && exec setpriv --reuid="$HA_RL_UID" \
	    --regid="$HA_RL_GID" --init-groups env -i HOME="$HA_RL_HOME" \
	    USER="$HA_RL_USER" LOGNAME="$HA_RL_USER" \
	    PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin \
	    XDG_RUNTIME_DIR="$HA_RL_RUNDIR" TMPDIR="$HA_TMP/$HA_RL_USER.tmp" \
	    DOCKERD_ROOTLESS_ROOTLESSKIT_NET=host \
	    DOCKERD_ROOTLESS_ROOTLESSKIT_PORT_DRIVER=none \
	    "$script" "$@") </dev/null >"$HA_TMP/$HA_RL_USER.log" 2>&1 &
	HA_RL_PID=$!
	for _ in $(seq 1 300); do
		kill -0 "$HA_RL_PID" 2>/dev/null || break
		if [ -S "$HA_RL_SOCK" ] && timeout 10 docker -H \
		    "unix://$HA_RL_SOCK" version >/dev/null 2>&1 </dev/null
		then
			HA_RL_DOCKERD=$(pgrep -u "$HA_RL_UID" -x dockerd |
			    head -n 1)
			[ -n "$HA_RL_DOCKERD" ] && return 0
		fi
		sleep 0.2
	done
	tail -n 20 "$HA_TMP/$HA_RL_USER.log" | sed 's/^/#   /' >&2
	ha_log "the rootless dockerd of $HA_RL_USER did not start"
	return 2
}

ha_rootless_stop() {
	local p f ids cli=(docker -H "unix://$HA_RL_SOCK")
	if [ -n "$HA_RL_DOCKERD" ] && kill -0 "$HA_RL_DOCKERD" 2>/dev/null
	then
		ids=$(timeout 10 "${cli[@]}" ps -aq 2>/dev/null </dev/null)
		# shellcheck disable=SC2086
		[ -n "$ids" ] && timeout 30 "${cli[@]}" rm -f $ids \
		    >/dev/null 2>&1 </dev/null
		kill -TERM "$HA_RL_DOCKERD" 2>/dev/null
		for _ in $(seq 1 150); do
			kill -0 "$HA_RL_DOCKERD" 2>/dev/null || break
			sleep 0.2
		done
	fi
	if [ -n "$HA_RL_PID" ]; then
		kill -TERM "$HA_RL_PID" 2>/dev/null
		for _ in $(seq 1 50); do
			kill -0 "$HA_RL_PID" 2>/dev/null || break
			sleep 0.1
		done
	fi
	for p in $(ha_rootless_pids); do
		ha_log "killing process $p of $HA_RL_USER left running"
		kill -KILL "$p" 2>/dev/null
	done
	[ -n "$HA_RL_PID" ] && wait "$HA_RL_PID" 2>/dev/null
	HA_RL_PID=
	HA_RL_DOCKERD=
	if [ "$HA_RL_MADE_RUNDIR" = 1 ] && [ -n "$HA_RL_RUNDIR" ]; then
		rm -rf "$HA_RL_RUNDIR"
	fi
	HA_RL_MADE_RUNDIR=0
	if [ "$HA_RL_MADE_RUNUSER" = 1 ]; then
		rmdir /run/user 2>/dev/null	# unless another user's is there
	fi
	HA_RL_MADE_RUNUSER=0
	if [ "$HA_RL_MADE_USER" = 1 ] && id "$HA_RL_USER" >/dev/null 2>&1
	then
		userdel "$HA_RL_USER" >/dev/null 2>&1 ||
		    ha_log "could not remove user '$HA_RL_USER'"
	fi
	# userdel removes its subordinate ids; make sure
	if [ "$HA_RL_MADE_USER" = 1 ]; then
		for f in /etc/subuid /etc/subgid; do
			if grep -q "^$HA_RL_USER:" "$f" 2>/dev/null; then
				sed -i "/^$HA_RL_USER:/d" "$f"
			fi
		done
	fi
	HA_RL_MADE_USER=0
	HA_RL_UID=
	return 0
}

# ----------------------------------------------- a rootful Podman service
#
# ha_podman_start SOCK runs `podman system service` on SOCK (creating its
# directory; refused when something is at SOCK already) with everything
# else under HA_TMP/podman: graph root, run root, tmp dir, network
# configuration (vfs storage, cgroupfs, file events).  Waits (bounded)
# for the API; returns 0 when it answers, else 1 (its log's last lines
# printed).  ha_podman_stop removes every container, stops the service by
# its pid (TERM, up to 20 s, then KILL), unmounts what Podman left mounted
# under HA_TMP/podman, and removes the socket and a directory it created;
# safe to call twice or when nothing started.  The caller reads:
#   HA_PODMAN_SOCK  the socket
#   HA_PODMAN_PID   the service
#   HA_PODMAN_ROOT  its graph root
#   HA_PODMAN       podman with the same storage options, as an array
HA_PODMAN_SOCK=
HA_PODMAN_PID=
HA_PODMAN_ROOT=
HA_PODMAN=()
HA_PODMAN_MADE_DIR=

ha_podman_missing() {
	local c
	if [ "$(id -u)" != 0 ]; then
		echo "not running as root"
		return 0
	fi
	for c in podman docker timeout findmnt; do
		if ! command -v "$c" >/dev/null 2>&1; then
			echo "'$c' is not installed"
			return 0
		fi
	done
	return 1
}

ha_podman_start() {
	local sock=$1 d=$HA_TMP/podman
	if [ -e "$sock" ] || [ -L "$sock" ]; then
		ha_log "'$sock' exists already: Podman not started there"
		return 1
	fi
	if [ ! -d "$(dirname "$sock")" ]; then
		mkdir -p "$(dirname "$sock")"
		HA_PODMAN_MADE_DIR=$(dirname "$sock")
	fi
	HA_PODMAN_SOCK=$sock
	HA_PODMAN_ROOT=$d/root
	mkdir -p "$d/tmp" "$d/net"
	HA_PODMAN=(podman --root "$HA_PODMAN_ROOT" --runroot "$d/run"
	    --tmpdir "$d/tmp" --network-config-dir "$d/net"
	    --storage-driver vfs --cgroup-manager cgroupfs
	    --events-backend file)
	TMPDIR=$d/tmp "${HA_PODMAN[@]}" system service --time=0 \
	    "unix://$sock" </dev/null >"$d.log" 2>&1 &
	HA_PODMAN_PID=$!
	for _ in $(seq 1 150); do
		[ -S "$sock" ] && timeout 10 docker -H "unix://$sock" info \
		    >/dev/null 2>&1 </dev/null && return 0
		kill -0 "$HA_PODMAN_PID" 2>/dev/null || break
		sleep 0.2
	done
	tail -n 15 "$d.log" | sed 's/^/#   /' >&2
	ha_log "the Podman service did not answer on '$sock'"
	return 1
}

ha_podman_stop() {
	local m ids cli=(docker -H "unix://$HA_PODMAN_SOCK")
	if [ -n "$HA_PODMAN_PID" ] && kill -0 "$HA_PODMAN_PID" 2>/dev/null
	then
		ids=$(timeout 20 "${cli[@]}" ps -aq 2>/dev/null </dev/null)
		# shellcheck disable=SC2086
		[ -n "$ids" ] && timeout 60 "${cli[@]}" rm -f $ids \
		    >/dev/null 2>&1 </dev/null
		kill -TERM "$HA_PODMAN_PID" 2>/dev/null
		for _ in $(seq 1 100); do
			kill -0 "$HA_PODMAN_PID" 2>/dev/null || break
			sleep 0.2
		done
		kill -KILL "$HA_PODMAN_PID" 2>/dev/null
		wait "$HA_PODMAN_PID" 2>/dev/null
	fi
	HA_PODMAN_PID=
	# in case the service is gone: podman itself
	if [ "${#HA_PODMAN[@]}" -gt 0 ]; then
		timeout 60 "${HA_PODMAN[@]}" rm -fa >/dev/null 2>&1 </dev/null
	fi
	HA_PODMAN=()
	if [ -n "$HA_TMP" ]; then
		findmnt -rn -o TARGET 2>/dev/null | grep "^$HA_TMP/podman/" |
		    sort -r | while read -r m; do umount "$m" 2>/dev/null; done
	fi
	if [ -n "$HA_PODMAN_SOCK" ] && [ -S "$HA_PODMAN_SOCK" ]; then
		rm -f "$HA_PODMAN_SOCK"
	fi
	HA_PODMAN_SOCK=
	if [ -n "$HA_PODMAN_MADE_DIR" ]; then
		rmdir "$HA_PODMAN_MADE_DIR" 2>/dev/null
	fi
	HA_PODMAN_MADE_DIR=
	return 0
}

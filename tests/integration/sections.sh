#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Integration test, second part: the benchmark sections run.sh does not
# cover (1 host configuration, 4 images, 6 sprawl, 7 swarm, and the
# section-5 items run.sh leaves out), against a real dockerd that this
# script starts itself, with real images, containers and a real swarm.
#
# Needs root, dockerd/containerd/runc (docker.io), busybox-static, jq,
# setpriv and unshare (util-linux).  When something is missing it skips,
# except under CI (CI=true), where it fails.  Every assertion prints
# "ok - ..." or "not ok - ..."; the last line is "N passed, N failed" and
# the exit status is non-zero on any failure.
#
# The script re-runs itself in a private mount namespace, so that it can
# put the daemon's data root on a tmpfs of its own (CIS 1.1.1) that both
# the daemon and hostaudit see and that vanishes with the test.
#
# HOSTAUDIT=path overrides the binary (default: ./hostaudit at the top of
# the tree).  HA_KEEP=1 keeps the temp dir for a post-mortem.

# shellcheck disable=SC2016,SC2317

set -u
set -o pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/integration/lib.sh
. "$top/tests/integration/lib.sh"

HA=${HOSTAUDIT:-$top/hostaudit}
HA_TEST="integration test (sections)"

why=$(ha_dockerd_missing) && skip_or_fail "$why"
for c in jq setpriv nsenter ip; do
	command -v "$c" >/dev/null 2>&1 || skip_or_fail "'$c' is not installed"
done
command -v busybox >/dev/null 2>&1 ||
    skip_or_fail "'busybox' (busybox-static) is not installed"
if [ ! -x "$HA" ]; then
	not_ok "'$HA' exists (run 'make hostaudit' first)"
	finish
fi

# Into a private mount namespace (once).
if [ "${HA_SECTIONS_NS:-}" != 1 ]; then
	HA_SECTIONS_NS=1 exec unshare --mount --propagation private -- \
	    bash "$0" "$@"
fi

DATA_MOUNTED=
unmount_data() {
	if [ -n "$DATA_MOUNTED" ]; then
		umount "$DATA_MOUNTED" 2>/dev/null
	fi
}
HA_TEST_CLEANUP=unmount_data
ha_test_setup
ha_copy_binary

# ---------------------------------------------------------------- helpers


label() { printf '[%s] ' "$(basename "$1" .json)"; }


# A profile extending cis-docker-1.6.0 with the given check entries
# (a JSON array), written to T/NAME.json with mode 0644.
profile() {
	local name=$1 checks=$2
	jq -n --arg n "$name" --argjson c "$checks" \
	    '{name: $n, extends: "cis-docker-1.6.0", checks: $c}' \
	    >"$T/$name.json" && chmod 0644 "$T/$name.json"
}

# wait_for SECONDS CMD...: run CMD every 0.2 s until it succeeds.
wait_for() {
	local n=$(($1 * 5))
	shift
	while [ "$n" -gt 0 ]; do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.2
		n=$((n - 1))
	done
	return 1
}

# ------------------------------------------------------------ the daemon

# No live-restore: dockerd refuses swarm mode with it (section 7).
echo '{"log-level": "info"}' >"$T/daemon.json"
# 1.1.1: the data root on a tmpfs of this test's mount namespace.
mkdir -p "$T/sec.data"
if mount -t tmpfs -o size=512m,mode=0711 hatest-data "$T/sec.data"; then
	DATA_MOUNTED=$T/sec.data
fi
check "a tmpfs is mounted on the data root '$T/sec.data'" \
    test -n "$DATA_MOUNTED"
if ! ha_dockerd_start sec "$T/daemon.json"; then
	not_ok "dockerd starts (exit status ${HA_DOCKERD_STATUS:-none})"
	ha_dockerd_log_tail sec 30
	finish
fi
ok "dockerd starts (pid $HA_DOCKERD_PID, socket $HA_SOCK)"
S=$HA_SOCK
D=("${HA_DOCKER[@]}")
# The daemon's network namespace starts with its loopback down; swarm
# listens on 127.0.0.1 (section 7).
nsenter -t "$HA_DOCKERD_PID" -n ip link set lo up
check "loopback up in the daemon's network namespace" test $? -eq 0

# ----------------------------------------------------- images, containers

# Images: bb (import, no HEALTHCHECK), hc (import with one), built (ADD
# and a lone "apt-get update" in its history), fixed (COPY, update and
# install in one RUN), unused1/2 (used by no container).
import_with() {
	local tag=$1
	shift
	tar -C "$T/rootfs" -c . | "${D[@]}" import -c 'CMD ["sh"]' \
	    -c 'ENV PATH=/bin' "$@" - "$tag"
}
build_image() {
	local tag=$1 dir=$T/build-${1//[:\/]/-}
	mkdir -p "$dir"
	echo "hello" >"$dir/note.txt"
	cat >"$dir/Dockerfile"
	DOCKER_BUILDKIT=0 "${D[@]}" build -q -t "$tag" "$dir"
}
setup_images() {
	ha_import_busybox hatest/bb:1 &&
	import_with hatest/hc:1 -c 'HEALTHCHECK --interval=1s CMD true' &&
	import_with hatest/unused:1 -c 'LABEL unused=1' &&
	import_with hatest/unused:2 -c 'LABEL unused=2' &&
	build_image hatest/built:1 <<-'EOF' &&
		FROM hatest/bb:1
		ADD note.txt /note.txt
		RUN apt-get update || true
		EOF
	build_image hatest/fixed:1 <<-'EOF'
		FROM hatest/bb:1
		COPY note.txt /note.txt
		RUN apt-get update && apt-get install -y curl || true
		EOF
} >"$T/images.log" 2>&1
if ! setup_images; then
	not_ok "images are imported and built"
	sed 's/^/#   /' "$T/images.log" | tail -20
	finish
fi
ok "images are imported and built"

# A process named sshd: a script called sshd (the kernel names the
# process after the script; busybox sh runs its loop in it).
SSHD='printf "#!/bin/sh\nwhile :; do sleep 1; done\n" >/tmp/sshd &&
    busybox chmod 0755 /tmp/sshd && exec /tmp/sshd'
mkdir -p "$T/shared"
setup_containers() {
	local c=("${D[@]}" create)
	"${c[@]}" --name rootuser hatest/bb:1 sleep 3600 &&
	"${c[@]}" --name user1000 --user 1000 hatest/bb:1 sleep 3600 &&
	"${c[@]}" --name built hatest/built:1 sleep 3600 &&
	"${c[@]}" --name fixed hatest/fixed:1 sleep 3600 &&
	"${c[@]}" --name healthy hatest/hc:1 sleep 3600 &&
	"${c[@]}" --name unhealthy --health-cmd false --health-interval 1s \
	    --health-retries 1 hatest/bb:1 sleep 3600 &&
	"${c[@]}" --name nohealth hatest/bb:1 sleep 3600 &&
	"${c[@]}" --name sshd hatest/bb:1 sh -c "$SSHD" &&
	"${c[@]}" --name localport -p 127.0.0.1:8080:80 hatest/bb:1 \
	    sleep 3600 &&
	"${c[@]}" --name highport -p 8443:443 hatest/bb:1 sleep 3600 &&
	"${c[@]}" --name onfail10 --restart on-failure:10 hatest/bb:1 \
	    sleep 3600 &&
	"${c[@]}" --name unless --restart unless-stopped hatest/bb:1 \
	    sleep 3600 &&
	"${c[@]}" --name device --device /dev/null:/dev/xnull hatest/bb:1 \
	    sleep 3600 &&
	"${c[@]}" --name rshared -v "$T/shared:/mnt:rshared" hatest/bb:1 \
	    sleep 3600 &&
	"${c[@]}" --name rslave -v "$T/shared:/mnt:rslave" hatest/bb:1 \
	    sleep 3600 &&
	"${c[@]}" --name unconfined --security-opt seccomp=unconfined \
	    hatest/bb:1 sleep 3600 &&
	"${c[@]}" --name exited1 hatest/bb:1 true &&
	"${c[@]}" --name exited2 hatest/bb:1 true &&
	"${D[@]}" start healthy unhealthy nohealth sshd exited1 exited2
} >"$T/containers.log" 2>&1
if ! setup_containers; then
	not_ok "containers are set up"
	sed 's/^/#   /' "$T/containers.log" | tail -20
	ha_dockerd_log_tail sec 20
	finish
fi
health_of() { "${D[@]}" inspect -f '{{.State.Health.Status}}' "$1"; }
state_of() { "${D[@]}" inspect -f '{{.State.Status}}' "$1"; }
is_health() { [ "$(health_of "$1")" = "$2" ]; }
is_state() { [ "$(state_of "$1")" = "$2" ]; }
wait_for 20 is_health healthy healthy &&
    wait_for 20 is_health unhealthy unhealthy &&
    wait_for 10 is_state exited1 exited && wait_for 10 is_state exited2 exited
check "containers are set up, health checks have run" test $? -eq 0

# --------------------------------------------------------- the main audit

R=$T/main.json
F=$T/main-facts.json
run_ha main -H "unix://$S" -f json -o "$R" --save-facts "$F"
if [ "$RC" -ne 1 ] || ! jq -e . "$R" >/dev/null 2>&1; then
	not_ok "audit exits 1 with a JSON report (got $RC)"
	sed 's/^/#   /' "$T/main.err" | head -20
	finish
fi
ok "audit exits 1 with a JSON report"

# Section 1.1.1: the data root is on its own (tmpfs) filesystem.
expect_status "$R" host.data-root-partition pass "$T/sec.data"
check "[main] 1.1.1 facts: the data root's mount is the tmpfs" jq -e \
    --arg p "$T/sec.data" 'any(.host.mounts[]; .mount_point == $p
    and .fstype == "tmpfs")' "$F"

# 1.1.2 on this host, as /etc/group and /etc/passwd say.
if ! getent group docker >/dev/null 2>&1 ||
    ! grep -q '^docker:' /etc/group; then
	expect_status "$R" host.docker-group skip
else
	gid=$(awk -F: '$1 == "docker" { print $3 }' /etc/group)
	members=$( { awk -F: '$1 == "docker" { print $4 }' /etc/group |
	    tr , '\n'; awk -F: -v g="$gid" '$4 == g { print $1 }' \
	    /etc/passwd; } | grep -v '^$' | sort -u | xargs)
	if [ -z "$members" ]; then
		expect_status "$R" host.docker-group pass "no members"
	else
		expect_status "$R" host.docker-group info
	fi
fi

# Section 4.
expect_target "$R" container.user rootuser fail
expect_target "$R" container.user user1000 pass "1000"
expect_target "$R" image.healthcheck hatest/hc:1 pass
expect_target "$R" image.healthcheck hatest/bb:1 fail
expect_target "$R" image.update-alone hatest/built:1 fail "apt-get update"
expect_target "$R" image.update-alone hatest/fixed:1 pass
expect_target "$R" image.update-alone hatest/bb:1 pass
expect_target "$R" image.add-instruction hatest/built:1 fail "ADD file:"
expect_target "$R" image.add-instruction hatest/fixed:1 pass
expect_target "$R" image.add-instruction hatest/bb:1 pass
check "[main] facts: image history collected for every image" jq -e '
    all(.engine.images[]; (.History | type) == "array"
    and (.History | length) > 0)' "$F"

# Section 5 items run.sh does not touch.
expect_target "$R" container.sshd sshd fail "sshd"
expect_target "$R" container.sshd nohealth pass "no sshd"
expect_target "$R" container.sshd rootuser skip
expect_target "$R" container.privileged-ports highport pass
expect_target "$R" container.privileged-ports localport pass
expect_target "$R" container.bind-interface localport pass
expect_target "$R" container.bind-interface highport fail "8443"
expect_target "$R" container.restart-policy onfail10 fail "on-failure:10"
expect_target "$R" container.restart-policy unless fail "unless-stopped"
expect_target "$R" container.restart-policy rootuser pass
expect_target "$R" container.host-devices device fail "/dev/null"
expect_target "$R" container.host-devices rootuser pass
expect_target "$R" container.mount-propagation rshared fail "(rshared)"
expect_target "$R" container.mount-propagation rslave pass
expect_target "$R" container.seccomp unconfined fail "unconfined"
expect_target "$R" container.seccomp rootuser pass
expect_target "$R" container.health healthy pass "healthy"
# 5.27 asks for a health check, not for health: a configured check passes
# whatever it reports, and the detail says what.
expect_target "$R" container.health unhealthy pass "status unhealthy"
expect_target "$R" container.health nohealth fail "no health check"
expect_target "$R" container.health rootuser skip

# Section 6: the counts, as the engine gives them.
used=$("${D[@]}" ps -aq | xargs "${D[@]}" inspect -f '{{.Image}}' | sort -u)
all=$("${D[@]}" images -q --no-trunc | sort -u)
NIMG=$(wc -l <<<"$all")
NUNUSED=$(comm -23 <(echo "$all") <(echo "$used") | wc -l)
NCONT=$("${D[@]}" ps -aq | wc -l)
NRUN=$("${D[@]}" ps -q | wc -l)
NSTOP=$((NCONT - NRUN))
expect_status "$R" host.image-sprawl info \
    "$NIMG images, $((NIMG - NUNUSED)) in use, $NUNUSED unused"
expect_target "$R" host.image-sprawl hatest/unused:1 info
expect_status "$R" host.container-sprawl info \
    "$NCONT containers, $NRUN running, $NSTOP not running"
profile limits '[
    {"id": "host.image-sprawl", "params": {"max_unused_images": '"$NUNUSED"'}},
    {"id": "host.container-sprawl",
     "params": {"max_stopped_containers": '"$NSTOP"'}},
    {"id": "container.restart-policy", "params": {"max_restart_count": 10}}]'
profile tight '[
    {"id": "host.image-sprawl",
     "params": {"max_unused_images": '"$((NUNUSED - 1))"'}},
    {"id": "host.container-sprawl",
     "params": {"max_stopped_containers": '"$((NSTOP - 1))"'}}]'
run_ha limits -H "unix://$S" -p "$T/limits.json" -f json \
    -o "$T/limits.json.out" --checks 5.15,6
cp "$T/limits.json.out" "$T/limits.json.r"
expect_status "$T/limits.json.r" host.image-sprawl pass \
    "at most $NUNUSED allowed"
expect_status "$T/limits.json.r" host.container-sprawl pass \
    "at most $NSTOP allowed"
expect_target "$T/limits.json.r" container.restart-policy onfail10 pass
run_ha tight -H "unix://$S" -p "$T/tight.json" -f json -o "$T/tight.r" \
    --checks 6
expect_status "$T/tight.r" host.image-sprawl fail \
    "more than the $((NUNUSED - 1)) allowed"
expect_status "$T/tight.r" host.container-sprawl fail \
    "more than the $((NSTOP - 1)) allowed"

# Section 7 and swarm-dependent items, before any swarm.
for id in swarm.manager-count swarm.listen-interface \
    swarm.overlay-encryption swarm.autolock; do
	expect_status "$R" "$id" skip "not active"
done
expect_status "$R" daemon.swarm pass "inactive"
expect_status "$R" daemon.live-restore fail

# ----------------------------------------- section 1 with a fake host root

# Users, groups, rule files, client environment and the audited paths
# under a root of the test's own (--root).
FR=$T/fakeroot
DEXE=$(readlink "/proc/$HA_DOCKERD_PID/exe")
mkdir -p "$FR/etc/audit/rules.d" "$FR/etc/docker" "$FR/etc/default" \
    "$FR/etc/profile.d" "$FR$(dirname "$DEXE")" "$FR/usr/bin"
: >"$FR$DEXE"
: >"$FR/usr/bin/runc"
: >"$FR/etc/default/docker"
cat >"$FR/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
alice:x:1000:1000::/home/alice:/bin/sh
bob:x:1001:999::/home/bob:/bin/sh
EOF
printf 'root:x:0:\ndocker:x:999:alice\nalice:x:1000:\n' >"$FR/etc/group"
cat >"$FR/etc/audit/rules.d/docker.rules" <<EOF
-w $DEXE -p rwxa -k docker
-w /etc/docker -p r -k docker
-a always,exit -F path=/usr/bin/runc -F perm=wa -k docker
EOF
printf 'LANG=C\nDOCKER_CONTENT_TRUST=1\n' >"$FR/etc/environment"
chmod -R go-w "$FR"

run_ha root -H "unix://$S" --root "$FR" --checks 1.1,4.5 -f json \
    -o "$T/root.json" --save-facts "$T/root-facts.json"
check "[root] --root audit runs (exit 1, got $RC)" test "$RC" -eq 1
expect_status "$T/root.json" host.docker-group info "alice, bob"
expect_target "$T/root.json" host.docker-group bob info
expect_status "$T/root.json" host.content-trust pass \
    "DOCKER_CONTENT_TRUST=1 (/etc/environment:2)"

# Audit rules: the kernel answers for root here, so it is the source and
# the rule files are no part of the verdict; without CAP_AUDIT_CONTROL
# the kernel refuses and hostaudit reads the files.
ksrc=$(jq -r .audit.source "$T/root-facts.json")
check "[root] audit rules come from the kernel when it answers (got $ksrc)" \
    test "$ksrc" = kernel
if [ "$ksrc" = kernel ]; then
	nk=$(jq '.audit.rules | length' "$T/root-facts.json")
	check "[root] the rule files are not read when the kernel answers" \
	    jq -e '(.audit.files == null) and all(.audit.rules[];
	    .origin == "kernel")' "$T/root-facts.json"
	if [ "$nk" -eq 0 ]; then
		expect_status "$T/root.json" host.audit-dockerd fail \
		    "no audit watches at all"
	fi
fi
timeout 120 setpriv --bounding-set -audit_control --inh-caps -audit_control \
    -- "$HA" -H "unix://$S" --root "$FR" --checks 1.1 -f json \
    -o "$T/nocap.json" --save-facts "$T/nocap-facts.json" \
    >"$T/nocap.out" 2>"$T/nocap.err"
RC=$?
check "[nocap] audit without CAP_AUDIT_CONTROL runs (exit 1, got $RC)" \
    test "$RC" -eq 1
check "[nocap] rules read from the rule files, the kernel's refusal noted" \
    jq -e '.audit.source == "files" and (.audit.kernel_error | type)
    == "string" and .audit.files == ["/etc/audit/rules.d/docker.rules"]
    and (.audit.rules | length) == 3' "$T/nocap-facts.json"
expect_status "$T/nocap.json" host.audit-dockerd pass \
    "rules.d/docker.rules:1"
expect_status "$T/nocap.json" host.audit-etc-docker warn "does not record"
expect_status "$T/nocap.json" host.audit-runc pass "docker.rules:3"
expect_status "$T/nocap.json" host.audit-etc-default-docker fail \
    "/etc/default/docker"
expect_status "$T/nocap.json" host.audit-etc-sysconfig-docker skip

# 1.1.2 with the docker_group_users parameter.
profile trustalice '[{"id": "host.docker-group",
    "params": {"docker_group_users": ["alice"]}}]'
profile trustboth '[{"id": "host.docker-group",
    "params": {"docker_group_users": ["alice", "bob"]}}]'
run_ha trustalice -H "unix://$S" --root "$FR" -p "$T/trustalice.json" \
    --checks 1.1.2 -f json -o "$T/trustalice.r"
expect_status "$T/trustalice.r" host.docker-group fail "bob"
expect_target "$T/trustalice.r" host.docker-group bob fail
expect_target "$T/trustalice.r" host.docker-group alice pass
run_ha trustboth -H "unix://$S" --root "$FR" -p "$T/trustboth.json" \
    --checks 1.1.2 -f json -o "$T/trustboth.r"
check "[trustboth] all members trusted: exit 0 (got $RC)" test "$RC" -eq 0
expect_status "$T/trustboth.r" host.docker-group pass

# 1.1.2 on a host with no docker group.
FR2=$T/nogroup
mkdir -p "$FR2/etc"
printf 'root:x:0:0:root:/root:/bin/sh\n' >"$FR2/etc/passwd"
printf 'root:x:0:\nusers:x:100:\n' >"$FR2/etc/group"
run_ha nogroup -H "unix://$S" --root "$FR2" --checks 1.1.2 -f json \
    -o "$T/nogroup.r"
expect_status "$T/nogroup.r" host.docker-group skip "no 'docker' group"

# 4.5: a profile.d script that turns content trust off wins.
echo 'export DOCKER_CONTENT_TRUST=0' >"$FR/etc/profile.d/zz-docker.sh"
chmod 0644 "$FR/etc/profile.d/zz-docker.sh"
run_ha trustoff -H "unix://$S" --root "$FR" --checks 4.5 -f json \
    -o "$T/trustoff.r"
expect_status "$T/trustoff.r" host.content-trust fail \
    "DOCKER_CONTENT_TRUST=0 (/etc/profile.d/zz-docker.sh:1)"
rm -f "$FR/etc/environment" "$FR/etc/profile.d/zz-docker.sh"
run_ha trustunset -H "unix://$S" --root "$FR" --checks 4.5 -f json \
    -o "$T/trustunset.r"
expect_status "$T/trustunset.r" host.content-trust fail "not set"

# --------------------------------------------------------------- swarm

swarm_audit() {
	run_ha "$1" -H "unix://$S" -f json -o "$T/$1.r" \
	    -p cis-docker-1.6.0 --checks 2.15,5.1,7 \
	    --save-facts "$T/$1-facts.json"
}
if ! timeout 60 "${D[@]}" swarm init --advertise-addr 127.0.0.1 \
    --listen-addr 127.0.0.1:2377 >"$T/swarm.log" 2>&1; then
	not_ok "swarm init on 127.0.0.1"
	sed 's/^/#   /' "$T/swarm.log" | tail -5
else
	ok "swarm init on 127.0.0.1"
	swarm_audit swarm1
	expect_status "$T/swarm1.r" swarm.manager-count pass "1 manager"
	expect_status "$T/swarm1.r" swarm.listen-interface pass \
	    "127.0.0.1:2377"
	expect_status "$T/swarm1.r" swarm.autolock fail "off"
	expect_target "$T/swarm1.r" swarm.overlay-encryption ingress fail
	expect_status "$T/swarm1.r" daemon.swarm warn "active"
	expect_status "$T/swarm1.r" daemon.live-restore skip "swarm"
	check "[swarm1] facts: swarm state file under the data root" jq -e \
	    --arg p "$T/sec.data/swarm/docker-state.json" \
	    '.daemon.swarm_state.path == $p' "$T/swarm1-facts.json"

	"${D[@]}" network create -d overlay plainnet >/dev/null &&
	"${D[@]}" network create -d overlay --opt encrypted encnet >/dev/null
	check "overlay networks created" test $? -eq 0
	timeout 30 "${D[@]}" swarm update --autolock=true >/dev/null 2>&1
	check "swarm update --autolock=true" test $? -eq 0
	swarm_audit swarm2
	expect_status "$T/swarm2.r" swarm.overlay-encryption fail \
	    "2 of 3 overlay networks not encrypted"
	expect_target "$T/swarm2.r" swarm.overlay-encryption plainnet fail
	expect_target "$T/swarm2.r" swarm.overlay-encryption encnet pass
	expect_status "$T/swarm2.r" swarm.autolock pass "on"

	timeout 60 "${D[@]}" swarm leave --force >/dev/null 2>&1 &&
	timeout 60 "${D[@]}" swarm init --advertise-addr 127.0.0.1 \
	    --listen-addr 0.0.0.0:2377 >>"$T/swarm.log" 2>&1
	check "swarm re-initialised listening on 0.0.0.0" test $? -eq 0
	swarm_audit swarm3
	expect_status "$T/swarm3.r" swarm.listen-interface fail "0.0.0.0:2377"
	expect_status "$T/swarm3.r" swarm.autolock fail "off"
	timeout 60 "${D[@]}" swarm leave --force >/dev/null 2>&1
	swarm_audit swarm4
	expect_status "$T/swarm4.r" swarm.manager-count skip "not active"
	expect_status "$T/swarm4.r" daemon.swarm pass
fi

# ------------------------------------- 1.1.1 and the daemon's namespace

# The tmpfs leaves this namespace but stays in the daemon's, which keeps
# writing to it: the data root is still on its own filesystem.  hostaudit
# must judge the data root where the daemon sees it.
if [ -n "$DATA_MOUNTED" ] && umount -l "$DATA_MOUNTED"; then
	DATA_MOUNTED=
	check "the daemon still has its tmpfs data root" \
	    grep -q " $T/sec.data .* - tmpfs " "/proc/$HA_DOCKERD_PID/mountinfo"
	# Today hostaudit reads its own /proc/self/mountinfo and says "on
	# the root filesystem"; the daemon's /proc/PID/mountinfo is right.
	run_ha ns -H "unix://$S" --checks 1.1.1 -f json -o "$T/ns.r"
	expect_status "$T/ns.r" host.data-root-partition pass
fi

pid=$HA_DOCKERD_PID
ha_dockerd_stop
check "dockerd stopped" bash -c "! kill -0 $pid 2>/dev/null"
finish

#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Integration test: hostaudit's container image, built by `make image`
# (no base image, no registry) into a private dockerd, then run with the
# `docker run` line of the README and hostaudit(8):
#
#   docker run --rm --pid host --network host --cap-drop ALL \
#       --cap-add SYS_PTRACE --cap-add AUDIT_CONTROL \
#       --security-opt apparmor=unconfined -v /:/host:ro \
#       -v /var/run/docker.sock:/var/run/docker.sock:ro IMAGE ...
#
# with the private daemon's socket as /var/run/docker.sock and an output
# directory mounted at /out.  The daemon also listens on tcp (plain HTTP,
# on the loopback of its own network namespace), so that the exposed-API
# probe has a listener to ask.  It checks that the image carries the
# Dockerfile's labels and entry point, that the libraries it holds are
# enough to run, that without the host root it refuses to run (exit 2),
# and that the documented run finds the daemon (by the socket's peer
# credentials: --pid host), reads its environment and enters its mount
# namespace (CAP_SYS_PTRACE), probes its tcp listener (--network host),
# audits the host as a run on the host does, leaves its own container
# out, writes its JSON report and facts to the mounted directory, and
# exits as its report says it must.  Runs without CAP_SYS_PTRACE and
# without --network host show why the line adds them.
#
# Here dockerd runs in a PID namespace of its own (tests/integration/
# lib.sh), so --pid host is that namespace, not the initial one, and the
# kernel refuses the audit rules even with CAP_AUDIT_CONTROL: host.audit-*
# are errors (exit 3), as on the host they would not be.
#
# Needs root, docker.io, busybox-static, jq, unshare, make and a C
# toolchain.  A missing piece is a skip, except under CI=true, where it is
# a failure.  Prints "ok - ..." or "not ok - ..." per assertion and ends
# with "N passed, N failed"; exits non-zero on a failure.  HA_BUILD=dir is
# the build directory for `make image` (default build); HA_KEEP=1 keeps
# the temp dir.

# shellcheck disable=SC2016,SC2317

set -u
set -o pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/integration/lib.sh
. "$top/tests/integration/lib.sh"

HA_TEST="container image integration test"
BUILD=${HA_BUILD:-build}

why=$(ha_dockerd_missing) && skip_or_fail "$why"
for c in jq make cc ldd nsenter ip; do
	command -v "$c" >/dev/null 2>&1 || skip_or_fail "'$c' is not installed"
done
command -v busybox >/dev/null 2>&1 ||
    skip_or_fail "'busybox' (busybox-static) is not installed"

ha_test_setup
mkdir "$T/out"
VERSION=$(sed -n 's/^VERSION *= *//p' Makefile)
IMG=hatest/hostaudit:$VERSION

cat >"$T/daemon.json" <<'EOF'
{
	"icc": false,
	"log-level": "info"
}
EOF
# The wildcard address binds while the namespace's loopback is down;
# the probe asks it on 127.0.0.1 once the loopback is up.
if ! ha_dockerd_start main "$T/daemon.json" --userland-proxy=false \
    -H tcp://0.0.0.0:2375; then
	not_ok "dockerd starts (exit status ${HA_DOCKERD_STATUS:-none})"
	ha_dockerd_log_tail main 30
	finish
fi
ok "dockerd starts (pid $HA_DOCKERD_PID, socket $HA_SOCK)"
check "the loopback of dockerd's network namespace is up" \
    nsenter --net="/proc/$HA_DOCKERD_PID/ns/net" ip link set lo up
S=$HA_SOCK
D=("${HA_DOCKER[@]}")
# dockerd's pid in its own PID namespace, the one --pid host shares.
NSPID=$(awk '$1 == "NSpid:" { print $NF }' "/proc/$HA_DOCKERD_PID/status")

# ------------------------------------------------------------ make image

if ! DOCKER_HOST=unix://$S timeout 900 make -j2 B="$BUILD" IMAGE="$IMG" \
    image >"$T/make.log" 2>&1; then
	not_ok "make image ($(tail -n 5 "$T/make.log" | paste -sd' ' -))"
	finish
fi
ok "make image, against DOCKER_HOST=unix://$S"
if ! "${D[@]}" image inspect "$IMG" >"$T/image.json" 2>"$T/image.err"; then
	not_ok "the private daemon has $IMG ($(head -c 300 "$T/image.err"))"
	finish
fi
ok "the private daemon has $IMG"

# The labels and the entry point: the image's, and as the Dockerfile
# declares them.
img_label() { jq -r --arg k "org.opencontainers.image.$1" \
    '.[0].Config.Labels[$k] // "missing"' "$T/image.json"; }
is "label version" "$(img_label version)" "$VERSION"
is "label licenses" "$(img_label licenses)" "Apache-2.0"
is "label title" "$(img_label title)" "hostaudit"
check "label source is a URL ($(img_label source))" \
    grep -Eq '^https://' <<<"$(img_label source)"
is "entry point" "$(jq -c '.[0].Config.Entrypoint' "$T/image.json")" \
    '["/usr/sbin/hostaudit","--root","/host"]'
is "runs as root (user 0:0)" "$(jq -r '.[0].Config.User' "$T/image.json")" \
    "0:0"
is "the Dockerfile's entry point is the same" \
    "$(sed -n 's/^ENTRYPOINT //p' Dockerfile | jq -c .)" \
    "$(jq -c '.[0].Config.Entrypoint' "$T/image.json")"
is "the Dockerfile's version is the Makefile's" \
    "$(sed -n 's/^ARG VERSION=//p' Dockerfile)" "$VERSION"
for k in title licenses; do
	check "the Dockerfile's $k label is the image's ($(img_label "$k"))" \
	    grep -Fq "org.opencontainers.image.$k=\"$(img_label "$k")\"" Dockerfile
done

# The libraries in the image are all it needs; there is nothing else.
"${D[@]}" run --rm --network none "$IMG" --version >"$T/version.out" \
    2>"$T/version.err"
RC=$?
check "hostaudit --version runs in the image (exit $RC: $(head -c 200 \
    "$T/version.err"))" grep -q "^hostaudit $VERSION" "$T/version.out"
check "the image has no shell" bash -c '! "$@" >/dev/null 2>&1' _ \
    "${D[@]}" run --rm --network none --entrypoint /bin/sh "$IMG" -c true

# Without the host root at /host: a usage error, not an audit of nothing.
"${D[@]}" run --rm --network none "$IMG" >"$T/noroot.out" 2>"$T/noroot.err"
RC=$?
is "without -v /:/host, exit status 2" "$RC" 2
check "without -v /:/host, stderr names --root '/host'" \
    grep -q "root '/host'" "$T/noroot.err"

# ------------------------------------------------------------ fixtures

FIXTURES="plain priv"
setup_containers() {
	ha_import_busybox hatest/bb:1 &&
	"${D[@]}" create --name plain hatest/bb:1 sleep 3600 &&
	"${D[@]}" create --name priv --privileged hatest/bb:1 sleep 3600
} >/dev/null
if ! setup_containers; then
	not_ok "containers are set up"
	finish
fi
ok "containers are set up ($FIXTURES)"

# The same binary on the host, for reference, with the profile the image
# takes by default (its DATADIR, /usr/share/hostaudit, is the image's).
R=$top/$BUILD/image/rootfs
PROFILE=$(sed -n 's/^default profile: //p' "$T/version.out")
timeout 120 "$R/usr/sbin/hostaudit" -H "unix://$S" \
    -p "$R/usr/share/hostaudit/profiles/$PROFILE.json" \
    -f json -o "$T/host.json" --save-facts "$T/host-facts.json" \
    >"$T/host.out" 2>"$T/host.err"
RC_HOST=$?
if ! jq -e . "$T/host.json" >/dev/null 2>&1; then
	not_ok "hostaudit runs on the host (exit $RC_HOST: $(head -c 300 \
	    "$T/host.err"))"
	finish
fi
ok "hostaudit runs on the host (exit $RC_HOST)"

# ------------------------------------------------------------ the runs

# The name of a report in expect_status's assertions: its run.
label() { local b=${1##*/}; echo "[${b%.json}] "; }

# run_image NAME [docker run flags...]: the image as container ha-NAME,
# the documented mounts, its report and facts in T/out/NAME{,-facts}.json,
# its exit status in RC, its id in CID.
CID=
run_image() {
	local name=$1
	shift
	rm -f "$T/out/$name.json" "$T/out/$name-facts.json"
	timeout 180 "${D[@]}" run --name "ha-$name" --pid host \
	    -v /:/host:ro -v "$S:/var/run/docker.sock:ro" -v "$T/out:/out" \
	    --security-opt apparmor=unconfined "$@" "$IMG" -q -f json -o "/out/$name.json" \
	    --save-facts "/out/$name-facts.json" >"$T/$name.out" \
	    2>"$T/$name.err"
	RC=$?
	CID=$("${D[@]}" inspect -f '{{.Id}}' "ha-$name" 2>/dev/null)
	"${D[@]}" rm -f "ha-$name" >/dev/null 2>&1
	if ! jq -e .schema "$T/out/$name.json" >/dev/null 2>&1; then
		not_ok "[$name] the JSON report is written to the mounted" \
		    "directory (exit $RC: $(head -c 300 "$T/$name.err"))"
		return 1
	fi
	ok "[$name] the JSON report is written to the mounted directory" \
	    "(exit $RC)"
}

# The exit status a report calls for: 3 when something could not be
# evaluated, else 1 when something failed, else 0.
want_rc() {
	jq -r 'if any(.results[]; .status == "error"
	    or any(.targets[]?; .status == "error")) then 3
	    elif any(.results[]; .status == "fail") then 1 else 0 end' "$1"
}

# Container target names of every check (leading / gone), sorted.
ctr_targets() {
	jq -r '[.results[] | .targets[]? | select(.kind == "container")
	    | .name | ltrimstr("/")] | unique | join(" ")' "$1"
}

# The documented line: the mounts, the host's PID and network namespaces,
# the two capabilities, no AppArmor profile.
if run_image doc --network host --cap-drop ALL --cap-add SYS_PTRACE \
    --cap-add AUDIT_CONTROL; then
	r=$T/out/doc.json
	f=$T/out/doc-facts.json
	check "[doc] report schema hostaudit-report/3" \
	    jq -e '.schema == "hostaudit-report/3"' "$r"
	check "[doc] report mode 0640 in the mounted directory" \
	    test "$(stat -c %a "$r")" = 640
	check "[doc] the engine answered through the :ro socket mount" \
	    jq -e '.engine.status == "ok"' "$f"
	check "[doc] daemon found by peercred, pid $NSPID (--pid host)" \
	    jq -e --argjson p "$NSPID" '.daemon.status == "found"
	    and .daemon.found_by == "peercred" and .daemon.pid == $p' "$f"
	check "[doc] daemon command line as on the host" test \
	    "$(jq -c .daemon.cmdline "$f")" = \
	    "$(jq -c .daemon.cmdline "$T/host-facts.json")"
	check "[doc] daemon environment read and mount namespace entered" \
	    jq -e '(.daemon | has("environment_error") | not)
	    and (.daemon | has("root_error") | not)
	    and (.daemon.root | type == "string")' "$f"
	check "[doc] the tcp listener probed from its own namespace" \
	    jq -e '.exposure | length == 1 and (.[0] | .probed == true
	    and .answered == true and .netns == "own")' "$f"
	expect_status "$r" daemon.exposed-api fail "127.0.0.1:2375"
	check "[doc] icc false from the host's daemon.json" jq -e \
	    '.daemon.settings.icc == {"value": false, "source": "file"}' "$f"
	check "[doc] facts.root is /host" jq -e '.root == "/host"' "$f"
	is "[doc] host.self_container_id is its own container" \
	    "$(jq -r '.host.self_container_id // "null"' "$f")" "$CID"
	is "[doc] the containers audited are the others" \
	    "$(ctr_targets "$r")" "$FIXTURES"
	check "[doc] no check names its own container" bash -c \
	    '! grep -q "ha-doc" <(jq -r ".results[] | .targets[]? | .name" "$1")' \
	    _ "$r"
	# Everything as on the host, but for the kernel's audit rules and
	# host.image-sprawl: while it runs, the image is in use (by the
	# audit's own container), which on the host it is not.
	diffs=$(join -a1 -a2 -e MISSING -o 0,1.2,2.2 \
	    <(jq -r '.results[] | "\(.id) \(.status)"' "$r" | sort) \
	    <(jq -r '.results[] | "\(.id) \(.status)"' "$T/host.json" |
	    sort) | awk '$2 != $3' |
	    grep -Ev '^host\.audit-|^host\.image-sprawl pass info$')
	check "[doc] every check as on the host but host.audit-*${diffs:+: \
$(echo "$diffs" | head -8 | paste -sd, -)}" test -z "$diffs"
	bad=$(jq -r '.results[] | select(.status == "error")
	    | select((.id | startswith("host.audit-") | not)
	    or (.message | contains("audit rules") | not)) | .id' "$r")
	check "[doc] the only errors are the audit rules (dockerd's PID \
namespace is not the initial one)${bad:+ ($bad)}" test -z "$bad"
	is "[doc] exit status as the report calls for" "$RC" "$(want_rc "$r")"
	check "[doc] 'not seen' on stderr names what was missed" \
	    grep -q 'not seen' "$T/doc.err"
fi

# Without CAP_SYS_PTRACE: dockerd's environment is unreadable, an error
# that is said, never taken for an empty environment.
if run_image noptrace --cap-drop ALL; then
	f=$T/out/noptrace-facts.json
	check "[noptrace] daemon found" \
	    jq -e '.daemon.status == "found"' "$f"
	check "[noptrace] dockerd's environment is an error (Permission denied)" \
	    jq -e '(.daemon.environment_error | contains("Permission denied"))
	    and any(.errors[]; .source == "daemon.environment")' "$f"
fi

# Without --network host: the tcp listener is in another network
# namespace, one only CAP_SYS_ADMIN may enter; an error, never a pass.
if run_image nonet --cap-drop ALL --cap-add SYS_PTRACE; then
	expect_status "$T/out/nonet.json" daemon.exposed-api error \
	    "could not be evaluated"
	check "[nonet] the listener: not probed, naming the namespace" \
	    jq -e '.exposure[0] | .probed == false
	    and (.error | contains("network namespace"))' \
	    "$T/out/nonet-facts.json"
	is "[nonet] exit status 3" "$RC" 3
fi

pid=$HA_DOCKERD_PID
ha_dockerd_stop
check "dockerd stopped" bash -c "! kill -0 $pid 2>/dev/null"
finish

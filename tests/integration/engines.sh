#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Integration test: --list-engines and --all-engines on a host running
# three real engines at the paths discovery looks at:
#
#   docker                  a rootful dockerd (tests/integration/lib.sh's
#                           private one) on /var/run/docker.sock
#   docker-rootless-USER    a test user's rootless dockerd on
#                           /run/user/UID/docker.sock
#   podman                  a rootful `podman system service` on
#                           /run/podman/podman.sock
#
# A busybox-static image is imported into each; a privileged and a plain
# container are created on the rootful dockerd, a plain one on each other
# engine (all plain ones named alike: only the engine tells them apart).
# Then:
#   - --list-engines lists those engines with their endpoints;
#   - one `--all-engines -f json` report has an `engines` array naming each
#     with its kind and rootless flag; each host check once, untagged when
#     every engine judged it alike (else, like every other check, with the
#     targets of every engine, each tagged); each engine's part judged as
#     a run on that engine alone (-H) judges it; daemon checks as one
#     target of kind "engine" per engine, each with its engine's verdict;
#   - its exit status is the worst of the single-engine runs';
#   - the text report has an "Engines (N)" block and "[engine] " targets.
#
# When a socket is at /var/run/docker.sock already, the rootful dockerd
# under test runs on a socket of its own and is passed with -H (the
# "current" engine); engines found before the test started are expected
# in the lists too.  A service at /run/podman/podman.sock already: skip.
#
# Needs root, docker.io (dockerd, dockerd-rootless.sh), containerd, runc,
# unshare, rootlesskit, uidmap, podman, busybox-static and jq.  When one
# is missing it skips, except under CI (CI=true), where it fails.  Prints
# "ok - ..." or "not ok - ..." per assertion and ends with "N passed, N
# failed"; exits non-zero on a failure.  HOSTAUDIT=path overrides the
# binary; HA_KEEP=1 keeps the temp dir (the user and the engines are
# removed all the same).

# shellcheck disable=SC2016,SC2317

set -u
set -o pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/integration/lib.sh
. "$top/tests/integration/lib.sh"

HA=${HOSTAUDIT:-$top/hostaudit}
HA_TEST="integration test (all engines)"

why=$(ha_dockerd_missing) && skip_or_fail "$why"
why=$(ha_rootless_missing) && skip_or_fail "$why"
why=$(ha_podman_missing) && skip_or_fail "$why"
for c in jq busybox; do
	command -v "$c" >/dev/null 2>&1 || skip_or_fail "'$c' is not installed"
done
PODMAN_SOCK=/run/podman/podman.sock
if [ -e "$PODMAN_SOCK" ]; then
	skip_or_fail "'$PODMAN_SOCK' exists: a Podman service runs here"
fi
if [ ! -x "$HA" ]; then
	not_ok "'$HA' exists (run 'make hostaudit' first)"
	finish
fi

engines_cleanup() {
	ha_podman_stop
	ha_rootless_stop
}
HA_TEST_CLEANUP=engines_cleanup
ha_test_setup
ha_copy_binary
umask 022

# Only what this test sets up: no endpoint from the environment or from
# the docker CLI's configuration.
unset DOCKER_HOST DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH
export DOCKER_CONFIG=$T/docker-config
mkdir -p "$DOCKER_CONFIG"

# "NAME ENDPOINT" per engine of a --list-engines output.
list_pairs() { awk 'NR > 1 && $2 ~ /:\/\// { print $1, $2 }' "$1"; }

# The engines found before anything was started (none under CI).
run_ha before --list-engines </dev/null
BEFORE=$(list_pairs "$T/before.out")
[ -z "$BEFORE" ] || ha_log "engines found before the test:" \
    "$(tr '\n' ' ' <<<"$BEFORE")"

# ------------------------------------------------------------ the engines

# The rootful dockerd: on /var/run/docker.sock unless something is there.
cat >"$T/daemon.json" <<'EOF'
{
	"icc": false,
	"log-level": "info"
}
EOF
DOCKER_NAME=docker
HOPT=()
if [ -e /var/run/docker.sock ] || [ -e /run/docker.sock ]; then
	ha_log "a socket is at /var/run/docker.sock: the rootful dockerd" \
	    "under test gets its own and is passed with -H (engine 'current')"
	DOCKER_NAME=current
	ha_dockerd_start rootful "$T/daemon.json"
else
	ha_dockerd_start_at /var/run/docker.sock rootful "$T/daemon.json"
fi
started=$?
if [ "$started" -ne 0 ]; then
	not_ok "the rootful dockerd starts (exit ${HA_DOCKERD_STATUS:-none})"
	ha_dockerd_log_tail rootful 30
	finish
fi
[ "$DOCKER_NAME" = current ] && HOPT=(-H "unix://$HA_SOCK")
DOCKER_SOCK=$HA_SOCK
DOCKER_CLI=(docker -H "unix://$DOCKER_SOCK")
ok "rootful dockerd $HA_DOCKERD_PID answers on $DOCKER_SOCK"

ha_rootless_start "haen$$"
case $? in
0)	;;
1)	not_ok "the test user haen$$ is set up"
	finish ;;
*)	skip_or_fail "the rootless dockerd did not start (see above)" ;;
esac
RL_NAME=docker-rootless-$HA_RL_USER
RL_SOCK=$HA_RL_SOCK
RL_CLI=(docker -H "unix://$RL_SOCK")
ok "rootless dockerd $HA_RL_DOCKERD of $HA_RL_USER answers on $RL_SOCK"

if ! ha_podman_start "$PODMAN_SOCK"; then
	not_ok "the Podman service answers on '$PODMAN_SOCK'"
	finish
fi
PODMAN_CLI=(docker -H "unix://$PODMAN_SOCK")
ok "the Podman service $HA_PODMAN_PID answers on $PODMAN_SOCK"

# ------------------------------------------------------------ containers

# engine_setup NAME CLI...: the image and a plain container.
engine_setup() {
	local name=$1
	shift
	HA_DOCKER=("$@")
	if ha_import_busybox hatest/bb:1 </dev/null &&
	    "$@" create --name plain hatest/bb:1 sleep 600 \
	    >/dev/null 2>&1 </dev/null; then
		ok "[$name] the image and a plain container"
	else
		not_ok "[$name] the image and a plain container"
	fi
}
engine_setup "$DOCKER_NAME" "${DOCKER_CLI[@]}"
check "[$DOCKER_NAME] a privileged container" "${DOCKER_CLI[@]}" create \
    --name priv --privileged hatest/bb:1 sleep 600 </dev/null
engine_setup "$RL_NAME" "${RL_CLI[@]}"
engine_setup podman "${PODMAN_CLI[@]}"

# ---------------------------------------------------------- --list-engines

run_ha list --list-engines "${HOPT[@]}" </dev/null
is "--list-engines exits 0" "$RC" 0
want=$( (
	[ -n "$BEFORE" ] && echo "$BEFORE"
	if [ "$DOCKER_NAME" = docker ]; then
		echo "docker unix:///var/run/docker.sock"
	else
		echo "current unix://$DOCKER_SOCK"
	fi
	echo "$RL_NAME unix://$RL_SOCK"
	echo "podman unix://$PODMAN_SOCK"
) | sort -u)
got=$(list_pairs "$T/list.out" | sort)
is "--list-engines lists the engines with their endpoints" \
    "$(tr '\n' ' ' <<<"$got")" "$(tr '\n' ' ' <<<"$want")"
check "--list-engines marks the rootful dockerd current" \
    grep -Eq "^$DOCKER_NAME .*\\(current\\)\$" "$T/list.out"
NENG=$(echo "$want" | wc -l)

# ------------------------------------------------ one run on every engine

R=$T/all.json
run_ha all --all-engines "${HOPT[@]}" -f json -o "$R" </dev/null
ALL_RC=$RC
if ! jq -e '.results | length > 0' "$R" >/dev/null 2>&1; then
	not_ok "an --all-engines JSON report (exit $RC: $(head -c 400 \
	    "$T/all.err"))"
	finish
fi
ok "an --all-engines JSON report (exit $ALL_RC)"

is "engines: every engine, by name" \
    "$(jq -r '[.engines[].name] | sort | join(" ")' "$R")" \
    "$(echo "$want" | awk '{ print $1 }' | sort | xargs)"
# engine_is NAME KIND ROOTLESS ENDPOINT
engine_is() {
	is "engines: $1 is an answering $2, rootless $3, at $4" \
	    "$(jq -r --arg n "$1" '.engines[] | select(.name == $n) |
	    "\(.status) \(.kind) \(.rootless) \(.endpoint)"' "$R")" \
	    "ok $2 $3 $4"
}
engine_is "$DOCKER_NAME" docker false "unix://$DOCKER_SOCK"
engine_is "$RL_NAME" docker true "unix://$RL_SOCK"
engine_is podman podman false "unix://$PODMAN_SOCK"

# host checks: each once; untagged when every engine judged it alike,
# else one target per engine (many read the engine's data root, socket,
# user)
check "host checks: some host.audit-* results" jq -e '[.results[] |
    select(.id | startswith("host.audit-"))] | length > 0' "$R"
check "host checks: each once" jq -e '[.results[] | select(.scope ==
    "host") | .id] | length == (unique | length) and length > 0' "$R"
for id in host.content-trust host.hardened; do
	is "$id: judged alike on every engine, once, untagged" "$(jq -r \
	    --arg id "$id" '[.results[] | select(.id == $id) | .targets[]? |
	    select(has("engine"))] | length' "$R")" 0
done
is "host checks judged per engine: every engine there" "$(jq -r \
    --argjson n "$NENG" '[.results[] | select(.scope == "host") |
    select(any(.targets[]?; has("engine"))) | select([.targets[].engine]
    | unique | length != $n) | .id] | join(" ")' "$R")" ""
# every other judged check: every target tagged, every engine there
is "other checks: every target tagged with an engine" "$(jq -r '[.results[]
    | select(.scope != "host" and .status != "manual") | .targets[]? |
    select(has("engine") | not) | .name] | unique | join(" ")' "$R")" ""
is "no check mixes tagged and untagged targets" "$(jq -r '[.results[] |
    select(any(.targets[]?; has("engine")) and any(.targets[]?;
    has("engine") | not)) | .id] | join(" ")' "$R")" ""
is "daemon checks: one target of kind engine per engine" "$(jq -r \
    --argjson n "$NENG" '[.results[] | select(.scope == "daemon" and
    .status != "manual") | select((.targets | length) != $n or
    any(.targets[]; .kind != "engine" or .name != .engine)) | .id] |
    join(" ")' "$R")" ""

# etgt ID ENGINE NAME: "status: detail" of an engine's target of a check
etgt() {
	jq -r --arg id "$1" --arg e "$2" --arg n "$3" '[.results[] |
	    select(.id == $id) | .targets[]? | select(.engine == $e and
	    (.name == $n or (.name | ltrimstr("/")) == $n))] | if length == 1 then
	    .[0] | "\(.status): \(.detail)" else "\(length) targets" end' \
	    "$R"
}
# expect_etarget ID ENGINE NAME STATUS [DETAIL-SUBSTRING]
expect_etarget() {
	local got
	got=$(etgt "$1" "$2" "$3")
	if [[ "$got" == "$4: "*"${5:-}"* ]]; then
		ok "$1: [$2] $3 is $4${5:+ naming '$5'}"
	else
		not_ok "$1: [$2] $3 is $4${5:+ naming '$5'} (got $got)"
	fi
}

# containers: from every engine, each tagged with its own
expect_etarget container.privileged "$DOCKER_NAME" priv fail
expect_etarget container.privileged "$DOCKER_NAME" plain pass
expect_etarget container.privileged "$RL_NAME" plain pass
expect_etarget container.privileged podman plain pass
expect_etarget container.capabilities "$DOCKER_NAME" priv fail
is "container.privileged fails" "$(res_status "$R" container.privileged)" \
    fail

# engine-dependent host checks: each engine's own
expect_etarget host.audit-docker-sock "$DOCKER_NAME" "$DOCKER_SOCK" fail \
    "'$DOCKER_SOCK'"
expect_etarget host.audit-docker-sock "$RL_NAME" "$RL_SOCK" fail \
    "'$RL_SOCK'"
expect_etarget host.audit-docker-sock podman "$PODMAN_SOCK" fail \
    "'$PODMAN_SOCK'"
check "host.data-root-partition: [$RL_NAME] judges the user's data root" \
    bash -c '[[ "$1" == *"$2"* ]]' _ "$(etgt host.data-root-partition \
    "$RL_NAME" "$RL_NAME")" "'$HA_RL_HOME/.local/share/docker'"
check "host.data-root-partition: [podman] judges its graph root" \
    bash -c '[[ "$1" == *"$2"* ]]' _ "$(etgt host.data-root-partition \
    podman podman)" "'$HA_PODMAN_ROOT'"
expect_etarget daemon.non-root "$DOCKER_NAME" "$DOCKER_NAME" manual
expect_etarget daemon.non-root "$RL_NAME" "$RL_NAME" pass "$HA_RL_USER"
expect_etarget daemon.non-root podman podman manual "Podman runs rootful"

# daemon checks: each engine's verdict
expect_etarget daemon.userns-remap "$DOCKER_NAME" "$DOCKER_NAME" fail
expect_etarget daemon.userns-remap "$RL_NAME" "$RL_NAME" pass \
    "user namespace"
expect_etarget daemon.icc "$DOCKER_NAME" "$DOCKER_NAME" pass
for id in daemon.icc daemon.log-level daemon.iptables daemon.tls \
    daemon.userland-proxy daemon.authorization-plugin; do
	expect_etarget "$id" podman podman skip "Podman: "
done

# ------------------------------------- each engine alone (-H its socket)

# The verdicts a report gives ENGINE's part, one line per result without
# targets ("ID status") or per target ("ID NAME status"): of a
# single-engine report (no ENGINE given), or of the merged one (its
# ENGINE-tagged targets, a target of kind engine standing for a result,
# and the results judged once).
part() {
	jq -r --arg e "${2:-}" '.results[] | . as $r |
	    if any(.targets[]?; has("engine")) then .targets[] |
	    select(.engine == $e) | if .kind == "engine" then
	    "\($r.id) \(.status)" else "\($r.id) \(.name) \(.status)" end
	    elif (.targets | length) == 0 then "\(.id) \(.status)"
	    else .targets[] | "\($r.id) \(.name) \(.status)" end' "$1" | sort
}
worst=0
while read -r name url; do
	[ -n "$name" ] || continue
	run_ha "one-$name" -H "$url" -f json -o "$T/one-$name.json" </dev/null
	case $RC in
	3)	worst=3 ;;
	1)	[ "$worst" = 3 ] || worst=1 ;;
	0)	;;
	*)	not_ok "hostaudit -H $url exits 0, 1 or 3 (got $RC)" ;;
	esac
	if [ -n "$(part "$T/one-$name.json")" ] &&
	    diff <(part "$T/one-$name.json") <(part "$R" "$name") \
	    >"$T/diff-$name" 2>&1; then
		ok "[$name] judged as hostaudit -H $url judges it (exit $RC)"
	else
		not_ok "[$name] judged as hostaudit -H $url judges it" \
		    "($(head -c 300 "$T/diff-$name"))"
	fi
done <<<"$want"
is "the exit status is the worst of the engines alone" "$ALL_RC" "$worst"

# ------------------------------------------------------------ text report

run_ha text --all-engines "${HOPT[@]}" -f text --no-color </dev/null
check "text: an 'Engines ($NENG)' block" grep -qx "Engines ($NENG)" \
    "$T/text.out"
for name in "$DOCKER_NAME" "$RL_NAME" podman; do
	check "text: the block names $name" grep -q "^  $name: " "$T/text.out"
done
check "text: a [$DOCKER_NAME]-tagged container target" \
    grep -Eq "\\[$DOCKER_NAME\\] container /?priv" "$T/text.out"
check "text: a [podman]-tagged engine target" \
    grep -q "\\[podman\\] engine podman" "$T/text.out"
is "text: the same exit status" "$RC" "$ALL_RC"

finish

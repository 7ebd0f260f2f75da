#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Integration test: Docker engines on tcp.
#
#  1. The tcp+TLS client.  A private dockerd serves the Engine API on
#     tcp://127.0.0.1:PORT with --tlsverify (certificates made here with
#     openssl: a CA, a server certificate for IP 127.0.0.1, a client
#     certificate for clientAuth, and a second, unrelated CA).  hostaudit
#     audits it as a remote engine, the endpoint named by DOCKER_HOST with
#     DOCKER_TLS_VERIFY and DOCKER_CERT_PATH, by -H and the --tls* flags,
#     by DOCKER_CONTEXT and by the current context of config.json: the
#     container checks run, the host, daemon and file checks are skipped,
#     and -V -v says which endpoint was chosen and why.  A server
#     certificate from another CA is exit 3 with the TLS reason, never a
#     fall back to no verification; ssh:// is a usage error.
#  2. The exposed-API probe (daemon.exposed-api).  Audited locally
#     through its Unix socket, the same daemon passes (its listener
#     demands a client certificate); one serving TLS without --tlsverify
#     (set in daemon.json) fails as TLS without client verification; one
#     with a plain tcp listener fails naming 127.0.0.1:PORT.  The daemon's
#     certificates are the ones the TLS checks read: a server certificate
#     expiring in 5 days fails daemon.tls-cert-expiry, by its path.
#
# lib.sh runs each dockerd in a network namespace of its own, so its tcp
# listener is on that namespace's loopback, out of the host's reach.  The
# remote audits (part 1) run hostaudit, the docker CLI and openssl inside
# that namespace with nsenter --net (nothing else of the host changes);
# the local audits (part 2) run hostaudit on the host, whose probe enters
# dockerd's network namespace itself, as it does for any daemon that
# lives in one.  The namespace's loopback is brought up first.
#
# Needs root, docker.io, openssl, jq, nsenter, ip, busybox-static,
# unshare.  A missing piece is a skip, except under CI=true, where it is a
# failure.  Prints "ok - ..." or "not ok - ..." per assertion and ends
# with "N passed, N failed"; exits non-zero on a failure.
# HOSTAUDIT=path overrides the binary; HA_KEEP=1 keeps the temp dir.

# shellcheck disable=SC2016,SC2317

set -u
set -o pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/integration/lib.sh
. "$top/tests/integration/lib.sh"

HA=${HOSTAUDIT:-$top/hostaudit}
HA_TEST="tls integration test"

why=$(ha_dockerd_missing) && skip_or_fail "$why"
for c in jq openssl nsenter ip busybox; do
	command -v "$c" >/dev/null 2>&1 || skip_or_fail "'$c' is not installed"
done
if [ ! -x "$HA" ]; then
	not_ok "'$HA' exists (run 'make hostaudit' first)"
	finish
fi

# Nothing of the caller's docker CLI setup may choose the endpoint.
unset DOCKER_HOST DOCKER_CONTEXT DOCKER_TLS_VERIFY DOCKER_CERT_PATH \
    DOCKER_CONFIG
ha_test_setup
ha_copy_binary
export HOME=$T/home
mkdir -p "$HOME"
label() { printf '[%s] ' "$(basename "$1" .json)"; }

# Ports: a fresh network namespace has them all free; two different
# ones all the same, so that a message naming one cannot match the other.
PORT=$((20000 + RANDOM % 5000))
PORT2=$((PORT + 5000))
URL=tcp://127.0.0.1:$PORT

# ------------------------------------------------------- certificates

C=$T/certs
mkdir -p "$C" "$T/client" "$T/badca" "$T/nocert"
# make_certs: CA, other CA, server (IP:127.0.0.1, 5 days), client.
make_certs() {
	local ca
	for ca in ca other; do
		openssl req -x509 -newkey rsa:2048 -nodes -days 365 \
		    -subj "/CN=hostaudit test $ca" \
		    -keyout "$C/$ca-key.pem" -out "$C/$ca.pem" || return 1
	done
	openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 \
	    -keyout "$C/server-key.pem" -out "$C/server.csr" &&
	printf 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' \
	    >"$C/server.ext" &&
	openssl x509 -req -days 5 -in "$C/server.csr" -CA "$C/ca.pem" \
	    -CAkey "$C/ca-key.pem" -CAcreateserial -extfile "$C/server.ext" \
	    -out "$C/server.pem" &&
	openssl req -newkey rsa:2048 -nodes -subj /CN=client \
	    -keyout "$C/key.pem" -out "$C/client.csr" &&
	printf 'extendedKeyUsage=clientAuth\n' >"$C/client.ext" &&
	openssl x509 -req -days 30 -in "$C/client.csr" -CA "$C/ca.pem" \
	    -CAkey "$C/ca-key.pem" -CAcreateserial -extfile "$C/client.ext" \
	    -out "$C/cert.pem" || return 1
	# DOCKER_CERT_PATH layouts: the right CA, an unrelated one, and the
	# right CA with no client certificate.
	cp "$C/ca.pem" "$C/cert.pem" "$C/key.pem" "$T/client/"
	cp "$C/other.pem" "$T/badca/ca.pem"
	cp "$C/cert.pem" "$C/key.pem" "$T/badca/"
	cp "$C/ca.pem" "$T/nocert/"
	chmod 0444 "$C"/*.pem
	chmod 0400 "$C"/*-key.pem "$C/key.pem"
}
if ! make_certs >"$T/openssl.log" 2>&1; then
	not_ok "openssl makes the certificates ($(tail -n 3 "$T/openssl.log"))"
	finish
fi
ok "openssl makes a CA, a server, a client and an unrelated CA certificate"

# --------------------------------------------------------------- daemons

# start_dockerd NAME CONFIG [flags...]: lib.sh's daemon, with the
# loopback of its network namespace up; NS is the namespace's file.
NS=
start_dockerd() {
	local name=$1
	if ! ha_dockerd_start "$@"; then
		not_ok "[$name] dockerd starts (exit status" \
		    "${HA_DOCKERD_STATUS:-none})"
		ha_dockerd_log_tail "$name" 30
		return 1
	fi
	NS=/proc/$HA_DOCKERD_PID/ns/net
	if ! nsenter --net="$NS" ip link set lo up; then
		not_ok "[$name] the loopback of dockerd's namespace is up"
		return 1
	fi
	ok "[$name] dockerd starts (pid $HA_DOCKERD_PID)"
}

# in_ns CMD...: CMD in dockerd's network namespace.
in_ns() { nsenter --net="$NS" "$@"; }

# run_ns NAME [VAR=value...] -- ARGS...: run_ha in dockerd's network
# namespace with those variables set.
run_ns() {
	local name=$1
	local -a vars=()
	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do vars+=("$1"); shift; done
	shift
	timeout 120 nsenter --net="$NS" env "${vars[@]}" "$HA" "$@" \
	    >"$T/$name.out" 2>"$T/$name.err"
	RC=$?
}

# ------------------------------------------------- part 1: the tcp client

echo '{}' >"$T/tls.json"
start_dockerd tls "$T/tls.json" -H "$URL" --tlsverify \
    --tlscacert "$C/ca.pem" --tlscert "$C/server.pem" \
    --tlskey "$C/server-key.pem" || finish

check "the docker CLI reaches it over tcp+TLS (the test's own setup)" \
    in_ns env DOCKER_HOST="$URL" DOCKER_TLS_VERIFY=1 \
    DOCKER_CERT_PATH="$T/client" docker version
if ha_import_busybox hatest/bb:1 >/dev/null &&
    "${HA_DOCKER[@]}" create --name web hatest/bb:1 sleep 60 >/dev/null &&
    "${HA_DOCKER[@]}" create --name priv --privileged hatest/bb:1 \
    sleep 60 >/dev/null; then
	ok "containers web and priv are created"
else
	not_ok "containers web and priv are created"
fi

# remote_audit NAME SOURCE: the assertions on a remote audit's report
# T/NAME.json, its facts T/NAME-facts.json and its exit status RC.
remote_audit() {
	local n=$1 source=$2 r=$T/$1.json f=$T/$1-facts.json bad desc
	if [ "$RC" -ne 0 ] && [ "$RC" -ne 1 ]; then
		not_ok "[$n] exit status 0 or 1 (got $RC: $(head -c 300 \
		    "$T/$n.err"))"
		return
	fi
	ok "[$n] exit status $RC"
	expect_target "$r" container.privileged priv fail
	expect_target "$r" container.privileged web pass
	bad=$(jq -r '[.results[] | select(.scope == "host" or
	    .scope == "daemon" or .scope == "file")
	    | select(.status != "manual")
	    | select(.status != "skip"
	      or (.message | contains("remote engine") | not))
	    | .id] | .[:5] | join(" ")' "$r")
	desc="[$n] every host, daemon and file check is skip: remote engine"
	check "$desc${bad:+ (not: $bad)}" test -z "$bad"
	expect_status "$r" daemon.exposed-api skip "remote engine"
	check "[$n] facts.engine.endpoint_info: tcp, TLS verified, $source" \
	    jq -e --arg s "$source" '.engine.endpoint_info | .kind == "tcp"
	    and .remote == true and .source == $s and .tls.enabled == true
	    and .tls.verify == true and (.tls.cert | type) == "string"' "$f"
	check "[$n] facts.engine.remote is true and nothing local collected" \
	    jq -e '.engine.remote == true and .host.remote == true
	    and (has("daemon") | not) and (has("exposure") | not)' "$f"
}

# expect_version NAME WHY...: -V -v says the endpoint and why.
expect_version() {
	local n=$1 want=$2 out=$T/$1.out
	check "[$n] -V -v exits 0" test "$RC" -eq 0
	check "[$n] -V -v names the endpoint $URL" \
	    grep -qxF "engine endpoint: $URL" "$out"
	check "[$n] -V -v says why: '$want'" \
	    grep -qF "chosen by: $want" "$out"
	check "[$n] -V -v says TLS verifies the server" \
	    grep -qF "tls: on, the server verified" "$out"
}

run_ns env DOCKER_HOST="$URL" DOCKER_TLS_VERIFY=1 \
    DOCKER_CERT_PATH="$T/client" -- -f json -o "$T/env.json" \
    --save-facts "$T/env-facts.json"
remote_audit env DOCKER_HOST
run_ns env-v DOCKER_HOST="$URL" DOCKER_TLS_VERIFY=1 \
    DOCKER_CERT_PATH="$T/client" -- -V -v
expect_version env-v "DOCKER_HOST=$URL"

TLSFLAGS=(--tlsverify --tlscacert "$T/client/ca.pem" \
    --tlscert "$T/client/cert.pem" --tlskey "$T/client/key.pem")
run_ns flags -- -H "$URL" "${TLSFLAGS[@]}" -f json -o "$T/flags.json" \
    --save-facts "$T/flags-facts.json"
remote_audit flags -H
run_ns flags-v -- -H "$URL" "${TLSFLAGS[@]}" -V -v
expect_version flags-v "-H $URL"

# A docker context, in a config directory of the test's own.
CFG=$T/dockercfg
mkdir -p "$CFG"
K=$T/client
if DOCKER_CONFIG=$CFG docker context create remote --docker \
    "host=$URL,ca=$K/ca.pem,cert=$K/cert.pem,key=$K/key.pem" \
    >"$T/context.log" 2>&1; then
	ok "docker context create remote"
else
	not_ok "docker context create remote ($(tail -n 2 "$T/context.log"))"
fi
run_ns ctx DOCKER_CONFIG="$CFG" DOCKER_CONTEXT=remote -- -f json \
    -o "$T/ctx.json" --save-facts "$T/ctx-facts.json"
remote_audit ctx DOCKER_CONTEXT
check "[ctx] endpoint_info names the context" \
    jq -e '.engine.endpoint_info.context == "remote"' "$T/ctx-facts.json"
run_ns ctx-v DOCKER_CONFIG="$CFG" DOCKER_CONTEXT=remote -- -V -v
expect_version ctx-v "docker context 'remote' (DOCKER_CONTEXT): $URL"

if DOCKER_CONFIG=$CFG docker context use remote >>"$T/context.log" 2>&1 &&
    jq -e '.currentContext == "remote"' "$CFG/config.json" >/dev/null; then
	ok "docker context use remote sets config.json's currentContext"
else
	not_ok "docker context use remote ($(tail -n 2 "$T/context.log"))"
fi
run_ns cur DOCKER_CONFIG="$CFG" -- -f json -o "$T/cur.json" \
    --save-facts "$T/cur-facts.json"
remote_audit cur config
run_ns cur-v DOCKER_CONFIG="$CFG" -- -V -v
expect_version cur-v \
    "docker context 'remote' (current in config.json): $URL"

# A server certificate that does not verify: exit 3 with the reason, and
# nothing collected (no fall back to an unverified connection).
run_ns badca DOCKER_HOST="$URL" DOCKER_TLS_VERIFY=1 \
    DOCKER_CERT_PATH="$T/badca" -- -f json -o "$T/badca.json" \
    --save-facts "$T/badca-facts.json"
check "[badca] exit status 3 (got $RC)" test "$RC" -eq 3
check "[badca] stderr gives the TLS reason ($(grep -m1 -i tls \
    "$T/badca.err" | head -c 200))" \
    grep -qiE "TLS: the certificate of '127.0.0.1:$PORT' does not verify" \
    "$T/badca.err"
check "[badca] the report's not_seen gives the TLS reason" \
    jq -e '[.not_seen[]?, .collection_errors[]? | tostring]
    | any(test("does not verify"))' "$T/badca.json"
check "[badca] nothing was collected: no version, no containers" \
    jq -e '.engine.status == "error" and (.engine | has("version") | not)
    and (.engine | has("containers") | not)
    and (.engine.error | test("does not verify"))' "$T/badca-facts.json"
expect_status "$T/badca.json" container.privileged error
run_ns badca-v DOCKER_HOST="$URL" DOCKER_TLS_VERIFY=1 \
    DOCKER_CERT_PATH="$T/badca" -- -V -v
check "[badca-v] -V -v names the CA it verifies with" \
    grep -qF "ca $T/badca/ca.pem" "$T/badca-v.out"

# The same CA given by flag; and no client certificate at all.
run_ns badca-flags -- -H "$URL" --tlsverify --tlscacert "$C/other.pem" \
    --tlscert "$C/cert.pem" --tlskey "$C/key.pem" -f json \
    -o "$T/badca-flags.json"
check "[badca-flags] exit status 3 (got $RC)" test "$RC" -eq 3
check "[badca-flags] stderr: does not verify" \
    grep -qF "does not verify" "$T/badca-flags.err"
run_ns nocert DOCKER_HOST="$URL" DOCKER_TLS_VERIFY=1 \
    DOCKER_CERT_PATH="$T/nocert" -- -f json -o "$T/nocert.json"
check "[nocert] exit status 3 (got $RC)" test "$RC" -eq 3
check "[nocert] stderr: the engine wants a client certificate ($(grep \
    -m1 -i tls "$T/nocert.err" | head -c 200))" \
    grep -qF "requires a client certificate" "$T/nocert.err"

run_ha ssh -H ssh://x
check "[ssh] -H ssh://x is exit 2 (got $RC)" test "$RC" -eq 2
check "[ssh] the message names the alternative (tcp+TLS)" \
    grep -qF "tcp+TLS" "$T/ssh.err"

# ------------------------------------- part 2: the same daemon, locally

# Audited through its Unix socket, on the host: the daemon's flags are
# read, its listener probed in its network namespace.
run_ha local -H "unix://$HA_SOCK" -f json -o "$T/local.json" \
    --save-facts "$T/local-facts.json"
check "[local] hostaudit ran (exit $RC)" test -s "$T/local.json"
expect_status "$T/local.json" daemon.exposed-api pass \
    "each requiring a client certificate"
check "[local] facts.exposure: $URL, TLS, client certificate required" \
    jq -e --arg l "$URL" --arg a "127.0.0.1:$PORT" '.exposure | length == 1
    and .[0].listener == $l and .[0].address == $a and .[0].source ==
    "flag" and .[0].probed and (.[0].answered | not) and .[0].tls
    and .[0].client_cert_required and .[0].netns == "entered"' \
    "$T/local-facts.json"
# The certificates the checks read are the ones dockerd uses (targets
# are named without a leading '/', as lib.sh's tgt() strips it).
expect_status "$T/local.json" daemon.tls-cert-expiry fail "1 of"
expect_target "$T/local.json" daemon.tls-cert-expiry "${C#/}/server.pem" \
    fail "days left, fewer than 30"
expect_target "$T/local.json" daemon.tls-cert-expiry "${C#/}/ca.pem" \
    pass
check "[local] the file.tls* checks read dockerd's files" \
    jq -e --arg c "$C" '.files.tlscacert.path == "\($c)/ca.pem"
    and .files.tlscert.path == "\($c)/server.pem"
    and .files.tlskey.path == "\($c)/server-key.pem"' "$T/local-facts.json"
expect_status "$T/local.json" file.tlskey-mode pass
expect_status "$T/local.json" daemon.tls pass

# What any engine or listener answers is read without privileges: the
# probe connects to 127.0.0.1:PORT from a process that became nobody
# first, the engine's reader to the socket from one without
# capabilities (strace shows which process connects, after what).
# who_connects MATCH: "nobody", "nocaps" or "privileged", for the first
# process that connects to MATCH.
who_connects() {
	awk -v m="$1" '
	    /setresuid\(65534, 65534, 65534\) *= 0/ { nobody[$1] = 1 }
	    /capset\(.*effective=0, permitted=0, inheritable=0.*\) *= 0/ {
		nocaps[$1] = 1 }
	    /connect\(/ && index($0, m) {
		who = "privileged"
		if ($1 in nocaps)
			who = "nocaps"
		if ($1 in nobody)
			who = "nobody"
		print who
		exit }' "$T/local.strace"
}
if command -v strace >/dev/null 2>&1; then
	timeout 120 strace -f -qq -s 256 -o "$T/local.strace" \
	    -e trace=setresuid,capset,connect \
	    "$HA" -H "unix://$HA_SOCK" -f json -o /dev/null >/dev/null 2>&1
	is "[local] the probe of 127.0.0.1:$PORT connects as" \
	    "$(who_connects "htons($PORT)")" nobody
	is "[local] the engine's reader connects to its socket" \
	    "$(who_connects "sun_path=\"$HA_SOCK\"")" nocaps
else
	not_ok "[local] strace is not installed"
fi

# The same from inside the namespace: the probe needs no namespace change.
run_ns local-ns -- -H "unix://$HA_SOCK" -f json -o "$T/local-ns.json" \
    --save-facts "$T/local-ns-facts.json"
expect_status "$T/local-ns.json" daemon.exposed-api pass
check "[local-ns] probed in hostaudit's own namespace" \
    jq -e '.exposure[0].netns == "own"' "$T/local-ns-facts.json"
ha_dockerd_stop

# TLS with client verification turned off, the settings in daemon.json:
# any client that speaks TLS is served.  Its certificate files come from
# daemon.json.
mkdir -p "$T/filecerts"
cp -p "$C/ca.pem" "$C/server.pem" "$C/server-key.pem" "$T/filecerts/"
cat >"$T/tlsfile.json" <<EOF
{
	"tls": true,
	"tlsverify": false,
	"tlscacert": "$T/filecerts/ca.pem",
	"tlscert": "$T/filecerts/server.pem",
	"tlskey": "$T/filecerts/server-key.pem"
}
EOF
if start_dockerd tlsfile "$T/tlsfile.json" -H "$URL"; then
	run_ha tlsfile -H "unix://$HA_SOCK" -f json -o "$T/tlsfile.json.r" \
	    --save-facts "$T/tlsfile-facts.json"
	mv "$T/tlsfile.json.r" "$T/tlsfile-report.json"
	R=$T/tlsfile-report.json
	expect_status "$R" daemon.exposed-api fail \
	    "127.0.0.1:$PORT (TLS without client verification)"
	expect_target "$R" daemon.exposed-api "$URL" fail \
	    "speaks TLS without client verification"
	check "[tlsfile] daemon.exposed-api is critical" \
	    jq -e '[.results[] | select(.id == "daemon.exposed-api")][0]
	    .severity == "critical"' "$R"
	expect_target "$R" daemon.tls-cert-expiry \
	    "${T#/}/filecerts/server.pem" fail "days left"
	check "[tlsfile] files.tlscert is daemon.json's" \
	    jq -e --arg p "$T/filecerts/server.pem" \
	    '.files.tlscert.path == $p' "$T/tlsfile-facts.json"
	ha_dockerd_stop
fi

# A plain tcp listener: anyone on the host (or beyond) controls dockerd.
echo '{}' >"$T/plain.json"
if start_dockerd plain "$T/plain.json" -H "tcp://127.0.0.1:$PORT2"; then
	run_ha plain -H "unix://$HA_SOCK" -f json -o "$T/plain-report.json" \
	    --save-facts "$T/plain-facts.json"
	R=$T/plain-report.json
	check "[plain] exit status 1: findings (got $RC)" test "$RC" -eq 1
	expect_status "$R" daemon.exposed-api fail "127.0.0.1:$PORT2"
	expect_target "$R" daemon.exposed-api "tcp://127.0.0.1:$PORT2" fail \
	    "127.0.0.1:$PORT2 answered GET /version over plain HTTP"
	check "[plain] daemon.exposed-api is critical" \
	    jq -e '[.results[] | select(.id == "daemon.exposed-api")][0]
	    .severity == "critical"' "$R"
	check "[plain] facts.exposure records the answer" \
	    jq -e '.exposure[0] | .answered and (.tls | not)
	    and (.api_version | type) == "string"' "$T/plain-facts.json"
	run_ha plain-fail -H "unix://$HA_SOCK" --fail-on critical -q \
	    -f json -o "$T/plain-fail.json"
	check "[plain] --fail-on critical exits 1 (got $RC)" test "$RC" -eq 1
	ha_dockerd_stop
fi

finish

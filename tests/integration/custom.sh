#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Integration test: a site's own checks in jq (hostaudit-profile(5),
# CUSTOM CHECKS) against a real dockerd.  The shipped example that fails
# containers running an image tagged latest must fail the container
# started from :latest (and the one started from an untagged name) and
# pass the pinned one, in the JSON and text reports, with a waiver, with
# --explain and -l; a runaway program must be stopped without stopping
# the audit.
#
# First, without a daemon: every shipped profile, the examples and the
# test fixtures are valid against docs/profile.schema.json and
# docs/waivers.schema.json (python3-jsonschema), and the examples pass
# --check-profile.
#
# Same conventions as run.sh: needs root, dockerd/containerd/runc
# (docker.io), busybox-static, jq and unshare; skips the daemon part when
# something is missing (fails under CI=true).  Starts its own dockerd and
# stops it by its pid on exit.  Prints "ok - ..." / "not ok - ..." and
# ends with "N passed, N failed".  HOSTAUDIT=path overrides the binary;
# HA_KEEP=1 keeps the temp dir.

set -u
set -o pipefail

top=$(cd "$(dirname "$0")/../.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/integration/lib.sh
. "$top/tests/integration/lib.sh"

HA=${HOSTAUDIT:-$top/hostaudit}
HA_TEST="custom checks integration test"
EXAMPLE=profiles/examples/no-latest-tag.json

if [ ! -x "$HA" ]; then
	not_ok "'$HA' exists (run 'make hostaudit' first)"
	finish
fi

ha_test_setup
umask 022
ha_copy_binary

# --- the schemas, over every profile and waivers file we ship or test with
cat >"$T/fixture.json" <<'EOF'
{
  "name": "site",
  "extends": "cis-docker-1.8.0",
  "custom": [
    {"id": "site.loop", "title": "A program that never ends",
     "scope": "container", "jq": "def f: f; f", "remediation": "None."}
  ],
  "checks": [{"id": "site.loop", "weight": 2}],
  "waivers": [{"check": "site.loop", "reason": "a test",
    "expires": "2099-12-31"}]
}
EOF
cat >"$T/waivers.json" <<'EOF'
{"waivers": [{"check": "site.no-latest-tag", "target": {"container": "floating"},
  "reason": "vendor image pinned upstream; ticket OPS-7",
  "owner": "ops@example.com", "expires": "2099-12-31"}]}
EOF
if ! command -v python3 >/dev/null 2>&1 ||
    ! python3 -c 'import jsonschema' 2>/dev/null; then
	skip_or_fail "python3-jsonschema is not installed"
fi
schema_out=$(python3 - "$T" <<'EOF'
import glob, json, sys
import jsonschema

t = sys.argv[1]
ps = json.load(open("docs/profile.schema.json"))
ws = json.load(open("docs/waivers.schema.json"))
for s in (ps, ws):
    jsonschema.Draft202012Validator.check_schema(s)
print("ok" if ps["$defs"]["waiver"] == ws["$defs"]["waiver"] else "not ok",
      "- both schemas define a waiver alike")
pv = jsonschema.Draft202012Validator(ps)
wv = jsonschema.Draft202012Validator(ws)

def judge(v, f, want_valid):
    errs = list(v.iter_errors(json.load(open(f))))
    if bool(errs) != want_valid:
        print("ok -", f, "is valid" if want_valid else "is rejected")
    else:
        why = "; ".join(e.message[:80] + " at /" +
                        "/".join(map(str, e.absolute_path))
                        for e in errs[:3]) or "accepted"
        print("not ok -", f, "valid" if want_valid else "rejected", why)

profiles = sorted(glob.glob("profiles/*.json") +
                  glob.glob("profiles/examples/*.json") +
                  glob.glob("fuzz/corpus/profile/*.json") +
                  ["tests/golden/profile.json", t + "/fixture.json"])
for f in profiles:
    judge(pv, f, not f.endswith("-bad.json"))
for f in sorted(glob.glob("fuzz/corpus/waivers/*.json")) + [t + "/waivers.json"]:
    judge(wv, f, True)
EOF
)
while IFS= read -r line; do
	case $line in
	"ok - "*) ok "schema: ${line#ok - }" ;;
	*) not_ok "schema: ${line#not ok - }" ;;
	esac
done <<<"$schema_out"
[ -n "$schema_out" ] || not_ok "the schema validation ran"

for f in profiles/examples/*.json; do
	out=$("$HA" --check-profile "$T/$f" 2>&1)
	rc=$?
	is "--check-profile $f" "$rc" 0
	[ "$rc" = 0 ] || echo "# $out"
done
chmod 0644 "$T/fixture.json"

why=$(ha_dockerd_missing) && skip_or_fail "$why"
command -v jq >/dev/null 2>&1 || skip_or_fail "'jq' is not installed"
command -v busybox >/dev/null 2>&1 ||
    skip_or_fail "'busybox' (busybox-static) is not installed"

echo '{}' >"$T/daemon.json"
if ! ha_dockerd_start custom "$T/daemon.json"; then
	not_ok "dockerd starts (exit status ${HA_DOCKERD_STATUS:-none})"
	ha_dockerd_log_tail custom 30
	finish
fi
ok "dockerd starts (pid $HA_DOCKERD_PID)"
D=("${HA_DOCKER[@]}")
if ha_import_busybox hatest/bb:latest &&
    "${D[@]}" tag hatest/bb:latest hatest/bb:1.36 &&
    "${D[@]}" create --name floating hatest/bb:latest sleep 60 >/dev/null &&
    "${D[@]}" create --name untagged hatest/bb sleep 60 >/dev/null &&
    "${D[@]}" create --name pinned hatest/bb:1.36 sleep 60 >/dev/null
then
	ok "containers floating (:latest), untagged and pinned (:1.36) created"
else
	not_ok "containers created"
	finish
fi

label() { echo "${1##*/}: "; }
run_ha main -H "unix://$HA_SOCK" -p "$T/$EXAMPLE" -f json \
    --checks site.no-latest-tag
is "one failing custom check: exit 1" "$RC" 1
R=$T/main.out
expect_status "$R" site.no-latest-tag fail "2 of 3 containers fail"
expect_target "$R" site.no-latest-tag floating fail \
    "hatest/bb:latest is tagged latest"
expect_target "$R" site.no-latest-tag untagged fail \
    "hatest/bb has no tag: it runs whatever latest is"
expect_target "$R" site.no-latest-tag pinned pass
is "its result says it is the profile's own" "$(jq -r '.results[0] |
    "\(.source) \(.origin) \(.ref)"' "$R")" \
    "custom $T/$EXAMPLE:7:5 S.1"

run_ha text -H "unix://$HA_SOCK" -p "$T/$EXAMPLE" -f text \
    --checks site.no-latest-tag
grep -q 'site.no-latest-tag: 2 of 3 containers fail' "$T/text.out" &&
    grep -q 'FAIL container floating.*tagged latest' "$T/text.out" &&
    ok "the text report shows the custom check" ||
    not_ok "the text report shows the custom check: $(head -c 600 \
    "$T/text.out")"

run_ha waived -H "unix://$HA_SOCK" -p "$T/$EXAMPLE" -f json \
    --checks site.no-latest-tag --waivers "$T/waivers.json"
expect_target "$T/waived.out" site.no-latest-tag floating waived
expect_target "$T/waived.out" site.no-latest-tag untagged fail
is "a --waivers file waives a custom check's target" "$(jq -r \
    '.waivers[0] | "\(.check) \(.state) \(.matched)"' "$T/waived.out")" \
    "site.no-latest-tag active 1"

run_ha skip -H "unix://$HA_SOCK" -p "$T/$EXAMPLE" -f json \
    --checks S,container.privileged --skip site.no-latest-tag
is "--skip leaves the custom check out" \
    "$(res_status "$T/skip.out" site.no-latest-tag)" missing

run_ha explain -p "$T/$EXAMPLE" --explain site.no-latest-tag
is "--explain a custom check" "$RC" 0
tr -s ' \n' ' ' <"$T/explain.out" >"$T/explain.flat"
grep -q 'It runs the jq program `.Config.Image as $ref | if' \
    "$T/explain.flat" && grep -q 'Pin images to a version tag' \
    "$T/explain.flat" &&
    ok "--explain shows its program and remediation" ||
    not_ok "--explain output: $(cat "$T/explain.out")"
run_ha list -p "$T/$EXAMPLE" -l
grep -Eq '^S\.1 +site\.no-latest-tag ' "$T/list.out" &&
    ok "-l lists the custom check as S.1" ||
    not_ok "-l lists the custom check: $(tail -n 3 "$T/list.out")"

# A program that never ends: stopped at its deadline, once, and the audit
# goes on to the other checks; exit 3 (a check could not be evaluated).
run_ha_within 60 loop -H "unix://$HA_SOCK" -p "$T/fixture.json" -f json \
    --checks site.loop,container.privileged
is "a runaway custom check: exit 3" "$RC" 3
expect_status "$T/loop.out" site.loop error
is "the runaway program is stopped once, then not run again" "$(jq -r '
    [.results[] | select(.id == "site.loop") | .targets[] | .detail |
    if startswith("not run: the jq program already ran past") then "again"
    elif test("did not finish in 2000 ms and was stopped") then "stopped"
    else . end] | sort | join(",")' "$T/loop.out")" "again,again,stopped"
expect_status "$T/loop.out" container.privileged pass
grep -q 'not seen: 1 check could not be evaluated (S.1)' "$T/loop.err" &&
    ok "standard error names the check not evaluated" ||
    not_ok "standard error: $(cat "$T/loop.err")"

finish

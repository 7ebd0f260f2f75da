#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Test of contrib/prometheus and contrib/grafana:
#   - promtool check rules, and promtool test rules with
#     hostaudit.rules.test.yml (score below the threshold, a new critical
#     finding, a report older than a day, checks in error);
#   - the tests can fail: a copy of the rules with the score threshold
#     changed fails them;
#   - the Grafana dashboard is valid JSON, and every metric the rules and
#     the dashboard read is one that src/write_prom.c exports;
#   - with a binary (HOSTAUDIT=path, default ./hostaudit): its metrics of
#     the golden facts with the golden baseline pass `promtool check
#     metrics` and hold every series the rules and the dashboard select,
#     the state of baseline findings included.
#
# Needs promtool (Debian: prometheus) and jq; a missing piece is a skip,
# except under CI=true, where it is a failure.  Prints "ok - ..." or "not
# ok - ..." per assertion and ends with "N passed, N failed".

set -u
set -o pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
# shellcheck source=tests/integration/lib.sh
. "$top/tests/integration/lib.sh"

HA=${HOSTAUDIT:-$top/hostaudit}
HA_TEST="prometheus test"
RULES=contrib/prometheus/hostaudit.rules.yml
RTEST=contrib/prometheus/hostaudit.rules.test.yml
DASH=contrib/grafana/hostaudit-dashboard.json
G=tests/golden

for c in promtool jq; do
	command -v "$c" >/dev/null 2>&1 || skip_or_fail "'$c' is not installed"
done
T=$(mktemp -d /tmp/hostaudit-prom.XXXXXX)
trap 'rm -rf "$T"' EXIT

# ------------------------------------------------------------ the rules

if promtool check rules "$RULES" >"$T/check.out" 2>&1; then
	ok "promtool check rules: $(grep -o '[0-9]* rules found' "$T/check.out")"
else
	not_ok "promtool check rules ($(paste -sd' ' "$T/check.out"))"
fi
if promtool test rules "$RTEST" >"$T/test.out" 2>&1; then
	ok "promtool test rules: every alert fires when and only when it should"
else
	not_ok "promtool test rules ($(tail -n 20 "$T/test.out" |
	    paste -sd' ' -))"
fi
for a in HostauditScoreLow HostauditNewCriticalFinding HostauditReportStale; do
	check "the rules define $a and the tests exercise it" \
	    sh -c "grep -q 'alert: $a\$' $RULES && grep -q 'alertname: $a\$' $RTEST"
done

# The tests can fail: a threshold of 50 leaves db1 (56.3) alone.
mkdir -p "$T/mut"
sed 's/hostaudit_score_percent < 70/hostaudit_score_percent < 50/' \
    "$RULES" >"$T/mut/hostaudit.rules.yml"
cp "$RTEST" "$T/mut/"
check "a changed threshold fails the rule tests" \
    sh -c "! promtool test rules '$T/mut/hostaudit.rules.test.yml' >/dev/null 2>&1"

# ------------------------------------------------------------ what they read

check "the dashboard is valid JSON with panels" \
    jq -e '(.panels | length) >= 6 and all(.panels[]; .targets | length > 0)' \
    "$DASH"
# Metric names: every hostaudit_* word of the rules' and the dashboard's
# expressions.
jq -r '[.. | objects | (.expr?, .definition?) // empty] | .[]' "$DASH" |
    grep -o 'hostaudit_[a-z_]*' | sort -u >"$T/dash.metrics"
grep -E '^\s*expr:' "$RULES" | grep -o 'hostaudit_[a-z_]*' | sort -u \
    >"$T/rules.metrics"
for m in $(sort -u "$T/dash.metrics" "$T/rules.metrics"); do
	check "$m (read by the rules or the dashboard) is exported by write_prom.c" \
	    grep -q "\"$m[ {\"]" src/write_prom.c
done
for p in score_percent findings last_run_timestamp_seconds coverage_percent; do
	check "the dashboard reads hostaudit_$p" grep -qx "hostaudit_$p" \
	    "$T/dash.metrics"
done

# ------------------------------------------------------------ real metrics

if [ ! -x "$HA" ]; then
	not_ok "'$HA' exists (build it, or set HOSTAUDIT)"
	finish
fi
HOSTAUDIT_FIXED_TIME=1768466400:1234 "$HA" -q -p $G/profile.json \
    --facts $G/facts.json --baseline $G/baseline.json \
    -f prometheus:"$T/metrics.prom" 2>"$T/run.err"
check "hostaudit writes metrics of the golden facts with a baseline" \
    test -s "$T/metrics.prom"
if promtool check metrics <"$T/metrics.prom" >"$T/lint.out" 2>&1; then
	ok "promtool check metrics: clean"
else
	not_ok "promtool check metrics ($(head -n 5 "$T/lint.out" |
	    paste -sd' ' -))"
fi
for m in $(sort -u "$T/dash.metrics" "$T/rules.metrics"); do
	check "$m is in the metrics written" grep -q "^$m[ {]" "$T/metrics.prom"
done
check 'hostaudit_findings has series by state (state="new")' \
    grep -q '^hostaudit_findings{state="new"} [0-9]' "$T/metrics.prom"
check 'the new findings are by severity (the critical ones alerted on)' \
    grep -Eq '^hostaudit_new_findings\{severity="critical"\} [0-9]' \
    "$T/metrics.prom"
check 'the failing checks by severity carry no state (severity!="" selects them)' \
    grep -Eq '^hostaudit_findings\{severity="[a-z]*"\} [0-9]' \
    "$T/metrics.prom"
finish

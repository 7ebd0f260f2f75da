#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# tests/formats/run.sh - every report format read back by its real
# consumer, the golden reports compared byte for byte, and the CLI's
# output options (several -f, -o, --baseline, -q, thresholds) exercised.
#
#   tests/formats/run.sh            compare and validate
#   REGEN=1 tests/formats/run.sh    rewrite tests/golden/report* (make regen)
#
# Needs: python3 with python3-jsonschema, xmllint (libxml2-utils),
# promtool (prometheus), chromium.  A missing consumer is a failure, not
# a skip, so that CI cannot pass without it.
set -u
cd "$(dirname "$0")/../.." || exit 2
BIN=${HOSTAUDIT:-./hostaudit}
G=tests/golden
F=tests/formats
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
pass=0
fail=0
FIXED=1768466400:1234		# 2026-01-15T08:40:00Z, 1.234 s

ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
check() { name=$1; shift; if "$@" >"$T/out" 2>&1; then ok "$name"; else
	bad "$name"; sed 's/^/     /' "$T/out" | head -20; fi; }

audit() {
	HOSTAUDIT_FIXED_TIME=$FIXED NO_COLOR=1 "$BIN" -p $G/profile.json \
	    --facts $G/facts.json "$@"
}

# --- golden files ------------------------------------------------------
# name, then the arguments that produce it on standard output
golden() {
	out=$1; shift
	audit "$@" >"$T/$out" 2>"$T/$out.err"
	rc=$?
	if [ $rc -ne 1 ]; then
		bad "golden $out: exit $rc, expected 1"; cat "$T/$out.err"
		return
	fi
	if [ -n "${REGEN:-}" ]; then
		cp "$T/$out" "$G/$out"; ok "regenerated $G/$out"
	elif cmp -s "$T/$out" "$G/$out"; then
		ok "golden $out"
	else
		bad "golden $out"; diff -u "$G/$out" "$T/$out" | head -30
	fi
}

for fmt in json junit sarif csv prometheus html; do
	golden report.$fmt -f $fmt
done
golden report.txt -f text
golden report-verbose.txt -f text -v
for fmt in json html sarif; do
	golden report-baseline.$fmt -f $fmt --baseline $G/baseline.json
done
golden report-baseline.txt -f text --baseline $G/baseline.json
golden report.md -f markdown
golden report-baseline.md -f markdown --baseline $G/baseline.json

# --- the consumers ---------------------------------------------------------
# ($G/baseline.json is a version-1 report: an old --baseline still read)
check "json: schema is valid draft 2020-12 and every JSON report matches" \
    python3 - docs/report.schema.json $G/report.json \
    $G/report-baseline.json <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
jsonschema.Draft202012Validator.check_schema(schema)
v = jsonschema.Draft202012Validator(schema)
for path in sys.argv[2:]:
    v.validate(json.load(open(path)))
bad = json.load(open(sys.argv[2]))
sec = {s["id"]: s for s in bad["score"]["sections"]}
assert sec["7"]["percent"] is None, "nothing applicable is not null"
bad["results"][0]["status"] = "broken"
if v.is_valid(bad):
    sys.exit("schema accepted status 'broken'")
old = json.load(open(sys.argv[2]))
old["host"] = "golden-host"	# hostaudit-report/2's host
if v.is_valid(old):
    sys.exit("schema accepted a host that is a string")
PY

check "json: baseline marks new, still failing and fixed" \
    python3 - $G/report-baseline.json <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
r = {x["id"]: x for x in d["results"]}
assert r["daemon.icc"]["change"] == "new", r["daemon.icc"]
assert r["file.docker-sock-mode"]["change"] == "still_failing"
assert r["daemon.live-restore"]["change"] == "fixed"
web = [t for t in r["container.privileged"]["targets"] if t["name"] == "web"]
assert web[0]["change"] == "still_failing"
b = d["baseline"]
assert b["started_at"] == "2026-01-08T09:00:00Z", b
assert b["fixed"] == len(b["fixed_items"]) == 2, b
names = sorted(f.get("name", f["id"]) for f in b["fixed_items"])
assert names == ["daemon.live-restore", "db"], names
PY

check "junit: validates against $F/junit.xsd" \
    xmllint --noout --schema $F/junit.xsd $G/report.junit
check "junit: one testcase per container target" \
    grep -q 'name="5.5 container.privileged \[web\]"' $G/report.junit
printf '<testsuites><testsuite name="x" tests="a"/></testsuites>\n' \
    >"$T/bad.xml"
check "junit: the XSD rejects a bad count" \
    sh -c "! xmllint --noout --schema $F/junit.xsd $T/bad.xml"

check "sarif: validates against the SARIF 2.1.0 schema" \
    python3 - $F/sarif-schema-2.1.0.json $G/report.sarif \
    $G/report-baseline.sarif <<'PY'
import json, sys, jsonschema
schema = json.load(open(sys.argv[1]))
cls = jsonschema.validators.validator_for(schema)
cls.check_schema(schema)
v = cls(schema)
for path in sys.argv[2:]:
    doc = json.load(open(path))
    v.validate(doc)
    run = doc["runs"][0]
    ids = [r["id"] for r in run["tool"]["driver"]["rules"]]
    for res in run["results"]:
        assert res["ruleId"] in ids, res
        if res.get("kind", "fail") == "fail":
            assert res["level"] in ("error", "warning", "note"), res
doc["runs"][0]["results"][0]["level"] = "severe"
if v.is_valid(doc):
    sys.exit("schema accepted level 'severe'")
PY

# GitHub code scanning's documented upload rules ("SARIF support for code
# scanning" and "SARIF results exceed limits", docs.github.com), checked
# one by one: what the schema allows and code scanning still rejects or
# shows wrongly.
cat >"$T/github.py" <<'PY'
import gzip, json, re, sys

BANDS = {"critical": (9.0, 10.0), "high": (7.0, 8.9), "medium": (4.0, 6.9),
    "low": (0.1, 3.9), "info": (0.1, 3.9)}
URI = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-Fa-f]{2})+$")
SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")

def text(o, key, limit=None):
    t = (o.get(key) or {}).get("text")
    assert isinstance(t, str) and t, (key, o.get("id"))
    assert limit is None or len(t) <= limit, (key, len(t))

def check_run(run):
    drv = run["tool"]["driver"]
    assert drv["name"], "tool.driver.name"
    rules = drv["rules"]
    assert len(rules) <= 25000, "more than 25000 rules"
    ids = [r["id"] for r in rules]
    assert all(ids) and len(set(ids)) == len(ids), "rule ids"
    for r in rules:
        assert len(r.get("name", "")) <= 255, r["id"]
        text(r, "shortDescription", 1024)
        text(r, "fullDescription", 1024)
        text(r, "help")
        assert r["help"].get("markdown"), ("help.markdown", r["id"])
        p = r["properties"]
        sev = p["security-severity"]
        assert isinstance(sev, str), ("security-severity not a string", sev)
        lo, hi = BANDS[p["severity"]]
        assert lo <= float(sev) <= hi, (r["id"], p["severity"], sev)
        assert "security" in p["tags"] and len(p["tags"]) <= 20, p["tags"]
        assert all(isinstance(t, str) and t for t in p["tags"]), p["tags"]
        assert r["defaultConfiguration"]["level"] in ("note", "warning",
            "error"), r["id"]
        assert "helpUri" not in r or r["helpUri"].startswith("https://")
    bases = run.get("originalUriBaseIds", {})
    for name, b in bases.items():
        assert b["uri"].startswith("file:///") and b["uri"].endswith("/")
    results = run["results"]
    assert len(results) <= 25000, "more than 25000 results"
    seen = set()
    for res in results:
        assert res["ruleId"] in ids, res["ruleId"]
        if "ruleIndex" in res:
            assert rules[res["ruleIndex"]]["id"] == res["ruleId"], res
        text(res, "message")
        assert res.get("level", "warning") in ("none", "note", "warning",
            "error"), res
        locs = res["locations"]
        assert 1 <= len(locs) <= 10, "locations"
        phys = locs[0]["physicalLocation"]
        art = phys["artifactLocation"]
        uri = art["uri"]
        assert URI.match(uri), ("not a URI reference", uri)
        assert not SCHEME.match(uri) and not uri.startswith("/"), (
            "not relative to the repository root", uri)
        if "uriBaseId" in art:
            assert art["uriBaseId"] in bases, art
        if "region" in phys:
            assert isinstance(phys["region"].get("startLine"), int) and \
                phys["region"]["startLine"] >= 1, phys
        fp = res["partialFingerprints"]
        assert fp and all(isinstance(v, str) and v for v in fp.values()), fp
        assert fp["primaryLocationLineHash"], fp
        key = (res["ruleId"], fp["hostauditFinding/v1"], res.get("kind"))
        assert key not in seen, ("two findings, one fingerprint", key)
        seen.add(key)
    return run

for path in sys.argv[1:]:
    raw = open(path, "rb").read()
    assert len(gzip.compress(raw)) < 10 * 1024 * 1024, "over 10 MB gzipped"
    doc = json.loads(raw)
    assert doc["version"] == "2.1.0" and doc["$schema"], "sarifLog"
    assert 1 <= len(doc["runs"]) <= 20, "runs"
    for run in doc["runs"]:
        check_run(run)
print("%d files" % (len(sys.argv) - 1))
PY
check "sarif: GitHub code scanning's upload requirements" \
    python3 "$T/github.py" $G/report.sarif $G/report-baseline.sarif

HOSTAUDIT_FIXED_TIME=1768470000:99 NO_COLOR=1 "$BIN" -p $G/profile.json \
    --facts $G/facts.json -f sarif >"$T/again.sarif"
check "sarif: the same findings get the same fingerprints in another run" \
    python3 - $G/report.sarif "$T/again.sarif" <<'PY'
import json, sys
a, b = ([(r["ruleId"], r["partialFingerprints"]) for r in
    json.load(open(p))["runs"][0]["results"]] for p in sys.argv[1:])
assert a == b and len(a) > 3, (a, b)
PY

check "sarif: locations are the file, or a pseudo-path, never a region" \
    python3 - $G/report.sarif <<'PY'
import json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
loc = {}
for r in run["results"]:
    art = r["locations"][0]["physicalLocation"]["artifactLocation"]
    loc.setdefault(r["ruleId"], []).append((art["uri"], art.get("uriBaseId")))
assert loc["daemon.icc"] == [("etc/docker/daemon.json", "ROOTPATH")], loc
assert loc["file.docker-sock-mode"] == [("var/run/docker.sock", "ROOTPATH")]
assert ("docker/containers/web", None) in loc["container.privileged"], loc
assert ("docker/images/postgres:16", None) in loc["image.healthcheck"], loc
assert run["originalUriBaseIds"]["ROOTPATH"]["uri"] == "file:///"
PY

# 8400 containers failing 3 checks each: more results than code scanning
# takes in a run; the file stays within its limits and says so.
python3 - $G/facts.json "$T/many.json" <<'PY'
import copy, json, sys
d = json.load(open(sys.argv[1]))
web = d["engine"]["containers"][0]
web["HostConfig"]["Binds"] = ["/var/run/docker.sock:/var/run/docker.sock"]
many = []
for i in range(8400):
    c = copy.deepcopy(web)
    c["Id"] = "%064x" % i
    c["Name"] = "/web%d" % i
    many.append(c)
d["engine"]["containers"] = many
json.dump(d, open(sys.argv[2], "w"))
PY
"$BIN" -p $G/profile.json --facts "$T/many.json" -f sarif:"$T/many.sarif" \
    2>"$T/err"
check "sarif: over 25000 results, the most severe 25000 and a notice" \
    python3 "$T/github.py" "$T/many.sarif"
check "sarif: the run says how many results were left out" \
    python3 - "$T/many.sarif" <<'PY'
import collections, json, sys
run = json.load(open(sys.argv[1]))["runs"][0]
assert len(run["results"]) == 25000, len(run["results"])
left = run["properties"]["results_left_out"]
n = collections.Counter(r["ruleId"] for r in run["results"])
# the low healthcheck findings go first, then medium ones (memory limit),
# never the critical ones
assert n["container.privileged"] == n["container.docker-sock"] == 8400, n
assert "image.healthcheck" not in n and n["file.docker-sock-mode"] == 1, n
assert 0 < 8400 - n["container.memory-limit"] < left, (n, left)
note = run["invocations"][0]["toolExecutionNotifications"][0]
assert "%d results left out" % left in note["message"]["text"], note
PY

check "csv: RFC 4180 read back by python3 csv, values match the JSON" \
    python3 - $G/report.csv $G/report.json <<'PY'
import csv, json, sys
raw = open(sys.argv[1], "rb").read()
assert raw.endswith(b"\r\n"), "no CRLF at the end"
assert b"\n" not in raw.replace(b"\r\n", b"").replace(b'\n', b"", 0) or True
rows = list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))
head, rows = rows[0], rows[1:]
# the columns of hostaudit-report/2 in their places, new ones after them
assert head[:16] == ["section", "ref", "id", "title", "level", "severity",
    "scored", "status", "message", "target_kind", "target_name",
    "target_status", "target_state", "target_detail", "change", "engine"]
assert head[16:] == ["host", "collected_at", "remediation", "target_id",
    "target_image", "target_image_id", "compose_project",
    "compose_service"], head
doc = json.load(open(sys.argv[2]))
for r in rows:
    assert r[16] == doc["host"]["hostname"] and r[17], r
for r in rows:
    assert len(r) == len(head), r
want = []
for res in json.load(open(sys.argv[2]))["results"]:
    for t in res.get("targets") or [None]:
        want.append((res["id"], res["status"], res["message"],
            t["name"] if t else "", t["detail"] if t else ""))
got = [(r[2], r[7], r[8], r[10], r[13]) for r in rows]
assert got == want, (got, want)
assert any("\n" in r[10] and '"' in r[10] and "," in r[10] for r in rows)
# every record ends in CRLF: strip quoted fields, then no bare LF is left
import re
unq = re.sub(rb'"(?:[^"]|"")*"', b"", raw)
assert b"\n" not in unq.replace(b"\r\n", b""), "bare LF outside quotes"
PY

# Two hosts' CSVs join under one header (the header is the same).
sed 's/"hostname": "golden-host"/"hostname": "other-host"/' $G/facts.json \
    >"$T/other-facts.json"
audit -f csv:"$T/a.csv"
HOSTAUDIT_FIXED_TIME=$FIXED "$BIN" -p $G/profile.json \
    --facts "$T/other-facts.json" -f csv:"$T/b.csv"
awk 'FNR == 1 && NR != 1 { next } { print }' "$T/a.csv" "$T/b.csv" \
    >"$T/ab.csv"
check "csv: the CSVs of two hosts join under one header" \
    python3 - "$T/a.csv" "$T/b.csv" "$T/ab.csv" <<'PY'
import csv, sys
a, b, ab = (list(csv.reader(open(p, newline="", encoding="utf-8")))
    for p in sys.argv[1:])
assert a[0] == b[0] == ab[0] and ab[1:] == a[1:] + b[1:], "join"
assert {r[16] for r in ab[1:]} == {"golden-host", "other-host"}, "hosts"
PY

# Markdown: each table's rows have the header's cell count (a pipe in
# text is escaped), a delimiter row second; <details> balanced; no HTML
# of the host's in the text.
check "markdown: tables well formed, details balanced, text escaped" \
    python3 - $G/report.md $G/report-baseline.md <<'PY'
import re, sys

def cells(line):
    n, i = 0, 0
    while i < len(line):
        if line[i] == "\\":
            i += 2
            continue
        n += line[i] == "|"
        i += 1
    return n - 1

for path in sys.argv[1:]:
    text = open(path, encoding="utf-8").read()
    lines = text.split("\n")
    tables, want, row = 0, None, 0
    for no, l in enumerate(lines, 1):
        if not l.startswith("|"):
            want = None
            continue
        assert l.endswith("|"), (path, no, l)
        if want is None:
            want, row, tables = cells(l), 0, tables + 1
        row += 1
        assert cells(l) == want, (path, no, cells(l), want, l)
        if row == 2:
            assert re.match(r"^\|(:?-+:?\|)+$", l), (path, no, l)
    assert tables >= 2, (path, tables)
    assert text.count("<details>") == text.count("</details>") > 0, path
    bare = re.sub(r"</?(details|summary)>|<br>", "", text)
    assert "<" not in bare and ">" not in bare, path
    assert text.startswith("## hostaudit: golden-host"), path
    crit = text.find("| Critical |")
    assert 0 < crit < text.find("| High |"), "critical first"
base = open(sys.argv[2], encoding="utf-8").read()
assert "| New | Still failing | Fixed | Gone | Score change |" in base
PY

if command -v promtool >/dev/null; then
	check "prometheus: promtool check metrics" \
	    sh -c "promtool check metrics < $G/report.prometheus"
else
	bad "prometheus: promtool not installed (apt-get install prometheus)"
fi
check "prometheus: strict parse, label escaping, required families" \
    python3 - $G/report.prometheus <<'PY'
import re, sys
lab = r'[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*"'
line = re.compile(r'^[a-zA-Z_:][a-zA-Z0-9_:]*(\{%s(,%s)*\})? (-?[0-9.]+|NaN)$' % (lab, lab))
fams = set()
for l in open(sys.argv[1], encoding="utf-8").read().split("\n")[:-1]:
    if l.startswith("# TYPE "):
        fams.add(l.split()[2]); continue
    if l.startswith("# HELP "):
        continue
    assert line.match(l), l
need = {"hostaudit_score_percent", "hostaudit_section_score_percent",
    "hostaudit_coverage_percent", "hostaudit_errors",
    "hostaudit_results", "hostaudit_findings", "hostaudit_check_status",
    "hostaudit_last_run_timestamp_seconds", "hostaudit_duration_seconds"}
assert need <= fams, need - fams
text = open(sys.argv[1]).read()
assert 'title="Docker swarm \\"configuration\\" \\\\ & <more>"' in text, "escaping"
assert "hostaudit_last_run_timestamp_seconds 1768466400\n" in text
# a section with nothing applicable has no score, never 100
assert '& <more>"} NaN\n' in text, "section 7 is not NaN"
PY

check "html: self-contained, no script, hostile names escaped" \
    python3 - $G/report.html <<'PY'
import sys
h = open(sys.argv[1], encoding="utf-8").read()
low = h.lower()
assert "<script" not in low and "<link" not in low and "src=" not in low
for ext in ("url(", "@import", "<iframe", "<object", "<img"):
    assert ext not in low, ext
import re
assert all(u.startswith("#") for u in re.findall(r'href="([^"]*)"', h)), \
    "a link out of the page"
assert "evil,&quot;quoted&quot; &lt;b&gt;&amp;amp;&lt;/b&gt; ]]&gt; &#39;x&#39;" in h
assert "<b>&amp;" not in h
for want in ("golden-host", "24.0.7", "6.1.0-18-amd64", "Remediation",
    "<svg", "Debian GNU/Linux 12"):
    assert want in h, want
PY

shot() {
	rm -f "$2"
	timeout 60 chromium --headless --no-sandbox --disable-gpu \
	    --disable-quic --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync \
	    --user-data-dir="$T/chromium" --screenshot="$2" \
	    --window-size=1200,1600 "file://$PWD/$1" >/dev/null 2>&1
	python3 - "$2" <<'PY'
import struct, sys, zlib
data = open(sys.argv[1], "rb").read()
assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
pos, idat, w = 8, b"", 0
while pos < len(data):
    n, kind = struct.unpack(">I4s", data[pos:pos + 8])
    body = data[pos + 8:pos + 8 + n]
    if kind == b"IHDR":
        w, h, depth, ctype = struct.unpack(">IIBB", body[:10])
        assert depth == 8 and ctype in (2, 6), (depth, ctype)
        bpp = 3 if ctype == 2 else 4
    elif kind == b"IDAT":
        idat += body
    pos += 12 + n
raw = zlib.decompress(idat)
stride = w * bpp
prev = bytearray(stride)
colours, i = set(), 0
for y in range(h):
    f = raw[i]; line = bytearray(raw[i + 1:i + 1 + stride]); i += 1 + stride
    for x in range(stride):
        a = line[x - bpp] if x >= bpp else 0
        b = prev[x]; c = prev[x - bpp] if x >= bpp else 0
        if f == 1: line[x] = (line[x] + a) & 255
        elif f == 2: line[x] = (line[x] + b) & 255
        elif f == 3: line[x] = (line[x] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
    if y % 4 == 0:
        for x in range(0, stride, bpp * 2):
            colours.add(bytes(line[x:x + 3]))
    prev = line
assert (w, h) == (1200, 1600), (w, h)
assert len(colours) >= 50, "blank page? %d colours" % len(colours)
print("%d colours" % len(colours))
PY
}
if command -v chromium >/dev/null; then
	check "html: headless chromium renders a page that is not blank" \
	    shot $G/report.html "$T/report.png"
	[ -n "${SCREENSHOT:-}" ] && cp "$T/report.png" "$SCREENSHOT"
else
	bad "html: chromium not installed (apt-get install chromium)"
fi

# --- the command line ----------------------------------------------------
mkdir "$T/o"
audit -q -f json:"$T/o/r.json" -f prometheus:"$T/o/r.prom" -f html \
    -o "$T/o/r.html" >"$T/stdout" 2>&1
rc=$?
check "cli: several -f FORMAT:PATH and -o in one run, exit 1" \
    sh -c "[ $rc -eq 1 ] && cmp -s $T/o/r.json $G/report.json &&
    cmp -s $T/o/r.prom $G/report.prometheus &&
    cmp -s $T/o/r.html $G/report.html && [ ! -s $T/stdout ]"
check "cli: report files have mode 0640" \
    sh -c "[ \"\$(stat -c %a $T/o/r.json)\" = 640 ]"
audit -f json -f csv >/dev/null 2>"$T/err"
check "cli: two outputs on stdout is a usage error" \
    sh -c "[ $? -eq 2 ] && grep -q 'at most one output' $T/err"
# an output that cannot be written is found before the audit (a failure
# while writing, exit 3 with the others written: tests/integration/cli.sh)
mkdir -p "$T/ro/r.json/x"
rm -f "$T/o/r.csv"
audit -f json:"$T/ro/r.json" -f csv:"$T/o/r.csv" >/dev/null 2>"$T/err"
rc=$?
check "cli: an output that cannot be written is exit 2 before the audit" \
    sh -c "[ $rc -eq 2 ] && grep -q \"cannot write '$T/ro/r.json'\" $T/err &&
    [ ! -e $T/o/r.csv ]"
audit -q --baseline $G/bad-baseline.json >/dev/null 2>"$T/err"
check "cli: a bad baseline is exit 2 naming file:line:column" \
    sh -c "[ $? -eq 2 ] && grep -q \"$G/bad-baseline.json:2:20:\" $T/err"
audit -q >"$T/stdout" 2>&1
check "cli: -q prints nothing, exit 1 on failures" \
    sh -c "[ $? -eq 1 ] && [ ! -s $T/stdout ]"
audit -q --fail-on critical; r1=$?
audit -q --fail-on critical -p $G/profile.json --min-score 10; r2=$?
audit -q --min-score 10; r3=$?
audit -q --min-score 15; r4=$?
check "cli: --fail-on and --min-score set the exit 1 threshold" \
    sh -c "[ $r1 -eq 1 ] && [ $r2 -eq 1 ] && [ $r3 -eq 0 ] && [ $r4 -eq 1 ]"
audit -q --fail-on bogus 2>/dev/null
check "cli: --fail-on with an unknown severity is a usage error" \
    sh -c "[ $? -eq 2 ]"

# --- text: remediation, --brief, baseline states, many targets ---------
audit -f text >"$T/fix.txt"
audit -f text --brief >"$T/brief.txt"
check "text: each failure shows its remediation; --brief leaves it out" \
    sh -c "grep -q '^         Fix: ' $T/fix.txt &&
    ! grep -q 'Fix: ' $T/brief.txt && grep -q '^Fix first' $T/brief.txt"
check "text: Fix first lists the most severe first" \
    python3 - "$T/fix.txt" <<'PY'
import sys
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
i = lines.index("Fix first")
sev = []
for l in lines[i + 1:]:
    if not l.startswith("  "):
        break
    if not l.startswith("   "):		# not a wrapped title
        sev.append(l.split()[0])
order = ["CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO", "and"]
assert sev and sev == sorted(sev, key=order.index), sev
PY
# A baseline whose failing container no longer exists: "gone", not fixed.
audit -f json >"$T/now.json"
jq '(.results[] | select(.id == "container.privileged") | .targets) +=
    [{"kind": "container", "name": "removed-db", "status": "fail",
      "id": "0123456789abcdef"}] | .score.percent = 50' \
    "$T/now.json" >"$T/gone-baseline.json"
audit -f json:"$T/gone.json" -f text:"$T/gone.txt" \
    -f prometheus:"$T/gone.prom" -f sarif:"$T/gone.sarif" \
    -f junit:"$T/gone.junit" --baseline "$T/gone-baseline.json"
check "baseline: a removed container's finding is gone, in every format" \
    python3 - "$T/gone.json" "$T/gone.txt" "$T/gone.prom" "$T/gone.sarif" \
    "$T/gone.junit" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
b = d["baseline"]
assert b["gone"] == 1 and b["fixed"] == 0 and b["new"] == 0, b
assert b["score_before"] == 50, b
items = b["fixed_items"]
assert [i["name"] for i in items if i["gone"]] == ["removed-db"], items
text = open(sys.argv[2], encoding="utf-8").read()
assert "0 new, " in text and ", 0 fixed, 1 gone" in text, text
assert "GONE   5.5 " in text and "container removed-db" in text, text
assert "Score 50.0% \u2192 " in text, text
prom = open(sys.argv[3]).read()
for state, n in (("new", 0), ("fixed", 0), ("gone", 1)):
    assert 'hostaudit_findings{state="%s"} %d\n' % (state, n) in prom, state
assert "hostaudit_score_change " in prom
sarif = json.load(open(sys.argv[4]))["runs"][0]
gone = [r for r in sarif["results"] if r.get("properties", {}).get("gone")]
assert len(gone) == 1 and gone[0]["baselineState"] == "absent", gone
assert sarif["properties"]["baseline"]["gone"] == 1
junit = open(sys.argv[5]).read()
assert 'name="baseline_gone" value="1"' in junit
PY
if command -v promtool >/dev/null; then
	check "prometheus: promtool accepts the baseline series" \
	    sh -c "promtool check metrics < $T/gone.prom"
fi
check "junit: the baseline report validates against $F/junit.xsd" \
    xmllint --noout --schema $F/junit.xsd "$T/gone.junit"
# 500 containers: the text lists ten a check and says how many more.
jq '.engine.containers as $c | .engine.containers = [range(500) as $i |
    $c[0] | .Id = ("c" + ($i | tostring) + "0000") |
    .Name = ("/app-" + ($i | tostring))]' $G/facts.json >"$T/many.json"
HOSTAUDIT_FIXED_TIME=$FIXED NO_COLOR=1 "$BIN" -p $G/profile.json \
    --facts "$T/many.json" -f text:"$T/many.txt" -f json:"$T/many.json.out"
HOSTAUDIT_FIXED_TIME=$FIXED NO_COLOR=1 "$BIN" -p $G/profile.json \
    --facts "$T/many.json" -v >"$T/many-v.txt"
check "text: 500 containers, ten a check and 'and N more'; -v all" \
    python3 - "$T/many.txt" "$T/many-v.txt" "$T/many.json.out" <<'PY'
import json, re, sys
text = open(sys.argv[1], encoding="utf-8").read()
verbose = open(sys.argv[2], encoding="utf-8").read()
d = json.load(open(sys.argv[3]))
priv = [r for r in d["results"] if r["id"] == "container.privileged"][0]
failing = [t for t in priv["targets"] if t["status"] == "fail"]
assert len(priv["targets"]) == 500, len(priv["targets"])
more = re.findall(r"- and (\d+) more \(-v lists them all\)", text)
assert str(len(failing) - 10) in more, (more, len(failing))
assert len(text.split("\n")) < 400, len(text.split("\n"))
assert "more (-v" not in verbose
assert verbose.count("container app-") >= 500, verbose.count("app-")
PY

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

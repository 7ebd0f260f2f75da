#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# tests/html.sh - the HTML report as a browser shows it and prints it.
#
# Two reports: the golden one (tests/golden/facts.json and profile.json,
# with the golden baseline) and a richer one made from it here (section 1
# with its audit-rule checks and this host's paths, Compose labels, more
# containers, and a baseline run of its own in which a container that is
# gone now failed).  Each is opened in headless Chromium at 1280 px and
# 420 px with a probe script added to a copy (its hash added to the
# page's Content-Security-Policy, so the page's own policy still rules
# the style); the probe measures the layout, works the filters and
# writes what it found into the DOM, which --dump-dom returns.  Then
# each report is printed to PDF, with the dark colour scheme preferred,
# and pdftotext and pdftoppm check that every check is in the print,
# passes included, the critical findings first, light on white.
#
# Needs chromium and poppler-utils (pdftotext, pdftoppm); a missing one
# is a failure.  Ends with "N passed, N failed"; exits 1 on a failure.
# HOSTAUDIT=path overrides the binary; HA_KEEP=1 keeps the temp dir.
set -u
cd "$(dirname "$0")/.." || exit 2
BIN=${HOSTAUDIT:-./hostaudit}
G=tests/golden
T=$(mktemp -d)
if [ -n "${HA_KEEP:-}" ]; then echo "keeping $T"; else
	trap 'rm -rf "$T"' EXIT; fi
pass=0
fail=0
FIXED=1768466400:1234

ok() { pass=$((pass + 1)); echo "ok   $1"; }
bad() { fail=$((fail + 1)); echo "FAIL $1"; }
check() { name=$1; shift; if "$@" >"$T/out" 2>&1; then ok "$name"; else
	bad "$name"; sed 's/^/     /' "$T/out" | head -20; fi; }
audit() { HOSTAUDIT_FIXED_TIME=$FIXED NO_COLOR=1 "$BIN" "$@"; }
chrome() {
	timeout 60 chromium --headless --no-sandbox --disable-gpu \
	    --disable-quic --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync --hide-scrollbars \
	    --user-data-dir="$T/chromium" "$@" 2>/dev/null
}

missing=
for tool in chromium pdftotext pdftoppm; do
	command -v $tool >/dev/null || missing="$missing $tool"
done
if [ -n "$missing" ]; then
	bad "not installed:$missing (apt-get install chromium poppler-utils)"
	echo "$pass passed, $fail failed"
	exit 1
fi

# --- the reports ---------------------------------------------------------
python3 - $G/facts.json $G/profile.json "$T" <<'PY'
import copy, json, sys
facts = json.load(open(sys.argv[1]))
prof = json.load(open(sys.argv[2]))
out = sys.argv[3]

def path(p, exists=True):
    return {"path": p, "real_path": p, "exists": exists}

facts["audit"] = {"source": "kernel", "enabled": 1, "usr_merge": [],
    "rules": [{"path": "/etc/docker", "kind": "dir", "perms": "rwxa",
        "key": "docker", "action": "always", "origin": "kernel"},
        {"path": "/usr/bin/containerd", "kind": "file", "perms": "x",
        "key": "docker", "action": "always", "origin": "kernel"}]}
facts["audit_paths"] = {
    "dockerd": path("/usr/sbin/dockerd"),
    "data_root": path("/var/lib/docker"),
    "etc_docker": path("/etc/docker"),
    "containerd": path("/usr/bin/containerd"),
    "runc": path("/usr/sbin/runc"),
    "docker_sock": path("/var/run/docker.sock"),
    "docker_service": path("/lib/systemd/system/docker.service"),
    "run_containerd": path("/run/containerd", False)}
ctrs = facts["engine"]["containers"]
ctrs[0]["Id"] = "1111aaaa2222bbbb3333cccc4444dddd5555eeee6666ffff7777aaaa8888bbbb"
ctrs[0]["Config"]["Labels"] = {"com.docker.compose.project": "shop",
    "com.docker.compose.service": "frontend"}
for i in range(6):
    c = copy.deepcopy(ctrs[1])
    c["Id"] = "%04d" % (9000 + i)
    c["Name"] = "/shop-worker-with-a-rather-long-name-%d" % i
    c["Config"]["Labels"] = {"com.docker.compose.project": "shop",
        "com.docker.compose.service": "worker"}
    c["HostConfig"]["Memory"] = 0 if i % 2 else 268435456
    c["State"]["Status"] = "running"
    ctrs.append(c)
before = copy.deepcopy(facts)
old = copy.deepcopy(ctrs[1])
old["Id"], old["Name"] = "7777", "/old-privileged"
old["HostConfig"]["Privileged"] = True
before["engine"]["containers"].append(old)
before["engine"]["containers"][0]["HostConfig"]["Privileged"] = False
before["daemon"]["settings"]["live-restore"]["value"] = False
prof["sections"].insert(0, {"id": "1", "title": "Host configuration"})
prof["checks"][:0] = [{"id": i, "ref": r, "level": 1} for i, r in (
    ("host.audit-dockerd", "1.1.3"), ("host.audit-run-containerd", "1.1.4"),
    ("host.audit-var-lib-docker", "1.1.5"), ("host.audit-etc-docker", "1.1.6"),
    ("host.audit-docker-service", "1.1.7"), ("host.audit-docker-sock", "1.1.9"),
    ("host.audit-containerd-bin", "1.1.14"), ("host.audit-runc", "1.1.18"))]
json.dump(facts, open(out + "/rich-facts.json", "w"))
json.dump(before, open(out + "/before-facts.json", "w"))
json.dump(prof, open(out + "/rich-profile.json", "w"))
PY
audit -p "$T/rich-profile.json" --facts "$T/before-facts.json" -f json \
    >"$T/before.json" 2>"$T/err"
audit -p "$T/rich-profile.json" --facts "$T/rich-facts.json" \
    --baseline "$T/before.json" -f json:"$T/rich.json" \
    -f html:"$T/rich.html" 2>>"$T/err"
audit -p $G/profile.json --facts $G/facts.json --baseline $G/baseline.json \
    -f json:"$T/golden.json" -f html:"$T/golden.html" 2>>"$T/err"
check "reports written" sh -c "[ -s $T/rich.html ] && [ -s $T/golden.html ] &&
    [ -s $T/rich.json ] && [ -s $T/golden.json ] || { cat $T/err; exit 1; }"

# --- probing the layout --------------------------------------------------
cat >"$T/probe.js" <<'JS'
(function () {
var d = document.documentElement, r = {}, all = '#fix-first > .finding';
var q = function (s) { return document.querySelector(s); };
var vis = function (e) { return e.getClientRects().length > 0; };
var shown = function () {
	return [].filter.call(document.querySelectorAll(all), vis)
	    .map(function (e) { return e.id; });
};
r.iw = innerWidth;
r.sw = d.scrollWidth;
r.styled = getComputedStyle(q('header')).display;
r.bg = getComputedStyle(document.body).backgroundColor;
r.wide = [];
document.querySelectorAll('main *').forEach(function (e) {
	var p = e.parentElement, b = e.getBoundingClientRect();
	if (p && (p.closest('.scroll') || p.closest('pre')))
		return;		/* scrolls inside its own box */
	if (b.width > 0 && b.right > innerWidth + 0.5 && r.wide.length < 5)
		r.wide.push(e.tagName + '.' + e.className + '#' + e.id +
		    ' right ' + b.right);
});
r.findings = [].map.call(document.querySelectorAll(all), function (e) {
	return { id: e.id, cls: e.className,
	    top: e.getBoundingClientRect().top + scrollY };
});
r.fixTop = q('#fix-first').getBoundingClientRect().top + scrollY;
r.chart = [].map.call(document.querySelectorAll('.chart li'), function (li) {
	var l = li.querySelector('.lbl').getBoundingClientRect();
	var b = li.querySelector('.bar').getBoundingClientRect();
	return { lbl: l.width, lblH: l.height, bar: b.width,
	    font: parseFloat(getComputedStyle(li).fontSize) };
});
r.ctrs = [].map.call(document.querySelectorAll('#containers .ctr'),
    function (e) { return e.id; });
r.ids = [].map.call(document.querySelectorAll('[id]'),
    function (e) { return e.id; });
r.links = [].map.call(document.querySelectorAll('a[href]'),
    function (e) { return e.getAttribute('href'); });
r.more = getComputedStyle(q('.more')).display;
q('#fv-critical').click();
r.critical = shown();
q('#fv-all').click();
r.any = shown();
q('#fs-pass').click();
r.passMore = getComputedStyle(q('.more')).display;
r.passFindings = shown();
q('#fs-all').click();
q('#show-other').click();
r.toggled = getComputedStyle(q('.more')).display;
q('#show-other').click();
var p = q('.more [id^="check-"]');
location.hash = '#' + p.id;
r.targetOpens = getComputedStyle(q('.more')).display;
r.targetVisible = vis(p);
var o = document.createElement('pre');
o.id = 'ha-probe';
o.textContent = JSON.stringify(r);
document.body.appendChild(o);
if (parent !== window)
	parent.postMessage(JSON.stringify({ name: location.search.slice(1),
	    r: r }), '*');
})();
JS

# The probe in a copy of each report ($T/NAME-probe.html): its hash
# joins the page's Content-Security-Policy, which stays as it is.
for r in golden rich; do
	python3 - "$T/$r.html" "$T/probe.js" "$T/$r-probe.html" <<'PY'
import base64, hashlib, sys
page = open(sys.argv[1], encoding="utf-8").read()
js = open(sys.argv[2], encoding="utf-8").read()
h = base64.b64encode(hashlib.sha256(js.encode()).digest()).decode()
csp = "content=\"default-src 'none'; "
assert page.count(csp) == 1, "no CSP meta"
page = page.replace(csp, csp + "script-src 'sha256-%s'; " % h)
page = page.replace("</body>", "<script>%s</script></body>" % js)
open(sys.argv[3], "w", encoding="utf-8").write(page)
PY
done
# One browser for the four pages: each in a frame of its width, which
# posts what it found to the frame page.
cat >"$T/frames.html" <<'EOF'
<!DOCTYPE html><html><head><style>body{margin:0;display:flex}
iframe{flex:none;border:0}</style></head><body>
<iframe src="golden-probe.html?golden-1280" width="1280" height="1600"></iframe>
<iframe src="golden-probe.html?golden-420" width="420" height="1600"></iframe>
<iframe src="rich-probe.html?rich-1280" width="1280" height="1600"></iframe>
<iframe src="rich-probe.html?rich-420" width="420" height="1600"></iframe>
<pre id="ha-frames">{}</pre>
<script>
var got = {};
addEventListener('message', function (e) {
	var m = JSON.parse(e.data);
	got[m.name] = m.r;
	document.getElementById('ha-frames').textContent = JSON.stringify(got);
});
</script></body></html>
EOF
# pre-id page: the JSON the page wrote into <pre id=pre-id>
dom_json() {
	python3 - "$@" <<'PY'
import html, re, sys
dom = open(sys.argv[2], encoding="utf-8").read()
m = re.search(r'<pre id="%s">(.*?)</pre>' % sys.argv[1], dom, re.S)
print(html.unescape(m.group(1)) if m else "{}")
PY
}
# A loaded machine may cut a render short: up to three tries until all
# four frames have answered.
for try in 1 2 3; do
	chrome --window-size=3500,1700 --virtual-time-budget=$((5000 * try)) \
	    --dump-dom "file://$T/frames.html" >"$T/frames.dom"
	dom_json ha-frames "$T/frames.dom" >"$T/frames.json"
	python3 -c 'import json,sys; sys.exit(len(json.load(open(sys.argv[1]))) < 4)' \
	    "$T/frames.json" && break
	echo "# the render gave $(cat "$T/frames.json" | head -c 80)...; again"
done
python3 - "$T" <<'PY'
import json, sys
got = json.load(open(sys.argv[1] + "/frames.json"))
for name, r in got.items():
    json.dump(r, open("%s/%s.probe" % (sys.argv[1], name), "w"))
PY

# name width: what must hold in a page at that width
layout() {
	python3 - "$T/$1-$2.probe" "$T/$1.json" "$2" <<'PY'
import json, os, sys
assert os.path.exists(sys.argv[1]), "the probe did not run"
r = json.load(open(sys.argv[1]))
rep = json.load(open(sys.argv[2]))
width = int(sys.argv[3])
assert r, "the probe did not run"
assert r["iw"] == width, ("window", r["iw"])
assert r["styled"] == "flex", "the CSP refused the stylesheet"
assert r["sw"] <= width, ("the page scrolls sideways", r["sw"], r["wide"])
assert not r["wide"], r["wide"]
rank = {"critical": 4, "high": 3, "medium": 2, "low": 1, "info": 0}
def sev(cls):
    return max(rank[c[2:]] for c in cls.split() if c.startswith("v-"))
sevs = [sev(f["cls"]) for f in r["findings"]]
assert sevs and sevs == sorted(sevs, reverse=True), sevs
assert sevs[0] == 4, "the first finding is not critical"
crit = [f["id"] for f in r["findings"] if " v-critical" in f["cls"]]
assert r["critical"] == crit and crit, (r["critical"], crit)
assert r["any"] == [f["id"] for f in r["findings"]], "filter reset"
assert r["more"] == "none", "passes not collapsed on screen"
assert r["passMore"] == "block" and r["passFindings"] == [], \
    "status filter 'pass'"
assert r["toggled"] == "block", "the toggle does not open the list"
assert r["targetOpens"] == "block" and r["targetVisible"], \
    "a link to a passed check does not show it"
ids = r["ids"]
assert len(ids) == len(set(ids)), "duplicate ids"
for res in rep["results"]:
    assert "check-" + res["id"] in ids, res["id"]
for l in r["links"]:
    assert l.startswith("#") and l[1:] in ids, l
for c in r["chart"]:
    assert c["font"] >= 12 and c["bar"] >= 0.3 * min(width, 1000) - 40 \
        and c["lbl"] >= 100, c
# what to fix first is on the first screens
assert r["findings"][0]["top"] < (1500 if width > 800 else 2600), \
    r["findings"][0]["top"]
print("first finding at %d px, %d findings, %d containers, widest %d" %
    (r["findings"][0]["top"], len(sevs), len(r["ctrs"]), r["sw"]))
PY
}

for r in golden rich; do
	for w in 1280 420; do
		check "$r at $w px: no sideways scroll, critical first, \
filters, anchors, chart" layout $r $w
	done
done
check "rich: a card per container, worst first; one audit card" \
    python3 - "$T/rich-420.probe" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert "container-web" in r["ctrs"], r["ctrs"]
assert r["ctrs"].index("container-web") < r["ctrs"].index("container-db")
assert "audit-rules" in [f["id"] for f in r["findings"]]
assert r["bg"] == "rgb(244, 246, 248)", r["bg"]
PY
chrome --window-size=420,1600 --force-dark-mode --dump-dom \
    "file://$T/rich-probe.html" >"$T/dark.dom"
dom_json ha-probe "$T/dark.dom" >"$T/dark.probe"
check "prefers-color-scheme dark: a dark page" python3 -c "
import json; r = json.load(open('$T/dark.probe'))
assert r['bg'] == 'rgb(17, 22, 27)', r['bg']"

# --- printing --------------------------------------------------------------
printed() {
	chrome --force-dark-mode --no-pdf-header-footer \
	    --print-to-pdf="$T/$1.pdf" "file://$T/$1.html" >/dev/null
	pdftotext -enc UTF-8 "$T/$1.pdf" "$T/$1.txt" &&
	    pdftoppm -r 24 -gray "$T/$1.pdf" "$T/$1-page" &&
	python3 - "$T/$1.txt" "$T/$1.json" "$T" "$1" <<'PY'
import glob, json, re, sys
text = " ".join(open(sys.argv[1], encoding="utf-8").read().split())
rep = json.load(open(sys.argv[2]))
def norm(s):
    return " ".join(s.split())
def has(title):
    # words in order; a table cell's wrapped lines may come apart
    w = [re.escape(x) for x in title.split()]
    return re.search(r"(?:\s+\S+){0,8}?\s+".join(w), text) is not None
missing = []
for r in rep["results"]:
    if r["ref"] not in text or not has(r["title"]):
        missing.append(r["ref"])
    # a passed check's message is only in the collapsed list
    if r["status"] in ("pass", "skip", "manual") and \
            norm(r["message"]) not in text:
        missing.append(r["ref"] + " " + r["status"] + " message")
assert not missing, missing
fix = text.rindex("Fix first (")	# the heading, not the contents
rest = text[fix:]
cards = [(rest.find(norm(r["title"])), r["severity"]) for r in rep["results"]
    if r["status"] in ("fail", "warn") and
    not r["id"].startswith("host.audit-")]
first = min(c for c in cards if c[0] >= 0)
assert first[1] == "critical", ("first printed finding", first)
if any(r["id"].startswith("host.audit-") for r in rep["results"]):
    assert "/etc/audit/rules.d/docker.rules" in rest
    assert "-w /usr/sbin/dockerd -p rwxa -k docker" in rest
    assert "augenrules --load" in rest
# light pages: few dark pixels (text only), whatever the screen prefers
pages = sorted(glob.glob(sys.argv[3] + "/" + sys.argv[4] + "-page*.pgm"))
assert pages
for p in pages:
    data = open(p, "rb").read()
    head = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    px = data[head.end():]
    dark = sum(1 for b in px if b < 96) / len(px)
    assert dark < 0.08, (p, dark)
print("%d pages, %d checks printed" % (len(pages), len(rep["results"])))
PY
}
for r in golden rich; do
	check "$r printed: every check and pass, critical first, light" \
	    printed $r
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/usr/bin/env python3
# SPDX-License-Identifier: Apache-2.0
"""Make a facts document of COUNT containers from real inspect objects.

Usage: gen_facts.py BASE_FACTS INSPECTS COUNT OUT

BASE_FACTS is a facts document hostaudit saved from a live engine (its
host, daemon and engine parts are kept).  INSPECTS holds the answers of
GET /containers/ID/json and GET /images/ID/json as one engine sent them,
concatenated (what `curl URL1 URL2 ...` prints): full-size objects, as
an older hostaudit saved them; or "-": the containers of BASE_FACTS as
they are (slim, as this version saves them).  The containers of OUT are those inspect
objects, repeated until there are COUNT, each with its own Id, Name,
Hostname and a label; hostaudit's own additions (Processes, ...) come
from the base facts' container of the same name.
"""
import copy
import hashlib
import json
import sys


def objects(text):
    dec = json.JSONDecoder()
    i, n = 0, len(text)
    while i < n:
        while i < n and text[i].isspace():
            i += 1
        if i >= n:
            break
        try:
            obj, i = dec.raw_decode(text, i)
        except json.JSONDecodeError:
            # not JSON (the "OK" of /_ping): on to the next value
            j = min([k for k in (text.find("{", i + 1),
                                 text.find("[", i + 1)) if k >= 0],
                    default=n)
            i = j
            continue
        yield obj


def main():
    base_path, insp_path, count, out = sys.argv[1:5]
    count = int(count)
    with open(base_path) as f:
        facts = json.load(f)
    text = ""
    if insp_path != "-":
        with open(insp_path) as f:
            text = f.read()
    ctrs, imgs = [], {}
    for o in objects(text):
        if not isinstance(o, dict) or "Id" not in o:
            continue
        if "State" in o and "HostConfig" in o:
            ctrs.append(o)
        elif "RootFS" in o:
            imgs[o["Id"]] = o
    eng = facts["engine"]
    if insp_path == "-":
        # the objects of the base facts as they are (slim, when a
        # version with slim facts saved them)
        ctrs = [c for c in eng.get("containers", []) if "Id" in c]
        imgs = {}
    if not ctrs:
        sys.exit("gen_facts: no container inspect objects in " + insp_path)
    own = {c.get("Name"): c for c in eng.get("containers", [])}
    extra = ("Processes", "ProcessesError", "ProcessesTruncated")
    res = []
    for i in range(count):
        src = ctrs[i % len(ctrs)]
        c = copy.deepcopy(src)
        for k in extra:
            if k in own.get(src.get("Name"), {}):
                c[k] = copy.deepcopy(own[src["Name"]][k])
        cid = hashlib.sha256(b"bench-%d" % i).hexdigest()
        c["Id"] = cid
        c["Name"] = "/bench-%05d" % i
        c.setdefault("Config", {})["Hostname"] = cid[:12]
        labels = c["Config"].get("Labels") or {}
        labels["bench.index"] = str(i)
        c["Config"]["Labels"] = labels
        res.append(c)
    eng["containers"] = res
    # the full image objects, with the history hostaudit added
    hist = {i.get("Id"): i for i in eng.get("images", [])}
    full = []
    for iid, img in imgs.items():
        img = copy.deepcopy(img)
        for k in ("History", "HistoryError"):
            if k in hist.get(iid, {}):
                img[k] = hist[iid][k]
        full.append(img)
    if full:
        eng["images"] = full
    eng["errors"] = []
    with open(out, "w") as f:
        json.dump(facts, f, indent=1)
        f.write("\n")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""pdffix-check.py BIN PREFIX - runs BIN (pdffix-test) to write PREFIX.pdf
and PREFIX-again.pdf, then reads them back:

  * the two runs give identical bytes (fixed dates and /ID);
  * pdftotext prints no warning and gives back each drawn line exactly;
  * pdfinfo shows the information dictionary as UTF-8 text;
  * qpdf --check finds nothing wrong;
  * qpdf --json shows /Lang, /DisplayDocTitle, the dates, /ID, the outline
    titles, and ToUnicode CMaps that are bfrange/bfchar maps.

Exits 77 (skipped) when poppler-utils or qpdf is missing."""

import base64
import json
import re
import shutil
import subprocess
import sys

failures = []


def fail(msg):
    failures.append(msg)
    print("FAIL: " + msg)


def run(cmd, env=None):
    """Runs cmd, returns (status, stdout, stderr) as text."""
    p = subprocess.run(cmd, capture_output=True, env=env)
    return (p.returncode, p.stdout.decode("utf-8", "replace"),
            p.stderr.decode("utf-8", "replace"))


def expect(name, got, want):
    if got != want:
        fail("%s: got %r, want %r" % (name, got, want))


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    binary, prefix = sys.argv[1], sys.argv[2]
    for tool in ("pdftotext", "pdfinfo", "qpdf"):
        if not shutil.which(tool):
            print("SKIP: %s not installed" % tool)
            return 77

    pdf, again = prefix + ".pdf", prefix + "-again.pdf"
    status, out, err = run([binary, pdf])
    if status != 0 or err:
        print(err, end="")
        fail("pdffix-test exited %d" % status)
        return 1
    want = {}
    for line in out.splitlines():
        key, _, value = line.partition(": ")
        want.setdefault(key, []).append(value)
    run([binary, again])
    with open(pdf, "rb") as a, open(again, "rb") as b:
        if a.read() != b.read():
            fail("two runs gave different files")

    # Text: one line per font.
    status, out, err = run(["pdftotext", "-enc", "UTF-8", pdf, "-"])
    expect("pdftotext status", status, 0)
    expect("pdftotext stderr", err, "")
    lines = [l for l in out.replace("\f", "").split("\n") if l]
    expect("pdftotext text", lines, want["line"])

    # The information dictionary.
    env = {"TZ": "UTC", "PATH": "/usr/bin:/bin"}
    status, out, err = run(["pdfinfo", "-enc", "UTF-8", "-isodates", pdf],
                           env)
    expect("pdfinfo status", status, 0)
    expect("pdfinfo stderr", err, "")
    info = {}
    for line in out.splitlines():
        m = re.match(r"^([A-Za-z ]+):\s+(.*)$", line)
        if m:
            info[m.group(1)] = m.group(2)
    for key in ("Title", "Author", "Subject", "Keywords", "Creator",
                "Producer"):
        expect("pdfinfo " + key, info.get(key), want[key][0])
    expect("pdfinfo CreationDate", info.get("CreationDate"),
           "2024-02-29T13:05:09Z")
    expect("pdfinfo ModDate", info.get("ModDate"), "2024-02-29T13:05:09Z")

    status, out, err = run(["qpdf", "--check", pdf])
    expect("qpdf --check status", status, 0)
    expect("qpdf --check stderr", err, "")
    if "No syntax or stream encoding errors" not in out:
        fail("qpdf --check: " + out)

    check_objects(pdf, want)
    if failures:
        print("%d check(s) failed" % len(failures))
        return 1
    print("all checks passed")
    return 0


def check_objects(pdf, want):
    """Reads the file's objects through qpdf's JSON (version 2)."""
    status, out, err = run(["qpdf", "--json=2", "--json-stream-data=inline",
                            "--decode-level=generalized", pdf])
    expect("qpdf --json status", status, 0)
    objs = json.loads(out)["qpdf"][1]
    deref = lambda v: (objs["obj:" + v]["value"] if isinstance(v, str) and
                       v.endswith(" R") else v)
    trailer = objs["trailer"]["value"]
    root = deref(trailer["/Root"])
    info = deref(trailer["/Info"])

    expect("/ID", trailer.get("/ID"), ["b:" + want["id"][0]] * 2)
    expect("/Lang", root.get("/Lang"), "u:en-GB")
    prefs = deref(root.get("/ViewerPreferences", {}))
    expect("/DisplayDocTitle", prefs.get("/DisplayDocTitle"), True)
    expect("/FitWindow", prefs.get("/FitWindow"), True)
    expect("/CreationDate", info.get("/CreationDate"), "u:" + want["date"][0])
    expect("/ModDate", info.get("/ModDate"), "u:" + want["date"][0])
    expect("/Subject is a literal ASCII string", info.get("/Subject"),
           "u:" + want["Subject"][0])

    annots = [deref(a) for p in objs.values() if isinstance(p, dict)
              and isinstance(p.get("value"), dict)
              and p["value"].get("/Type") == "/Page"
              for a in p["value"].get("/Annots", [])]
    expect("annotation flags", [a.get("/F") for a in annots], [4])

    titles = []
    outlines = deref(root["/Outlines"])
    item = outlines.get("/First")
    while item:
        o = deref(item)
        titles.append(o["/Title"])
        child = o.get("/First")
        while child:
            c = deref(child)
            titles.append(c["/Title"])
            child = c.get("/Next")
        item = o.get("/Next")
    expect("outline titles", titles, ["u:" + t for t in want["outline"]])

    # Every ToUnicode CMap: a bfrange/bfchar map, no CID operators, and
    # no range crossing a high-byte boundary.
    cmaps = 0
    for key, obj in objs.items():
        v = obj.get("value") if isinstance(obj, dict) else None
        if not isinstance(v, dict) or v.get("/Type") != "/Font" or \
                "/ToUnicode" not in v:
            continue
        stream = objs["obj:" + v["/ToUnicode"]]["stream"]
        data = base64.b64decode(stream["data"]).decode("ascii")
        cmaps += 1
        if "cidrange" in data or "/CMapType 2" not in data:
            fail("%s: ToUnicode is not a ToUnicode CMap" % key)
        for a, b in re.findall(r"<([0-9A-F]{4})> <([0-9A-F]{4})> <", data):
            if a[:2] != b[:2]:
                fail("%s: bfrange <%s> <%s> crosses a high byte" %
                     (key, a, b))
    expect("ToUnicode CMaps", cmaps, 2)


if __name__ == "__main__":
    sys.exit(main())

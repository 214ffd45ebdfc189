#!/usr/bin/env python3
"""List labels come before their item's text in reading order (issue 13).

usage: list-order.py AGENDAPACK

PDF.js (Firefox's viewer: copy, find, the text layer) and `pdftotext
-raw` read a page's text in content-stream order.  A label drawn after
its item's first line reads as "...(ESCB) structure•" or "below1.".
This builds the Essex example pack with a text dump beside it; every
list label in the dump (an op tagged Lbl) must be followed by its
item's first words on the same line of `pdftotext -raw`, and no line may
end in a label glued to a word.

Exit status: 0 pass, 1 fail, 77 (skip) without pdftotext.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
MEETING = os.path.join(ROOT, "examples", "essex-paf-2018-02-08", "meeting.yaml")
TEXT = re.compile(r'^  text \S+ \S+ \S+ \S+ \S+ "((?:[^"\\]|\\.)*)"(?: rot45)?\n    tag (\w+)', re.M)
LABEL = r'(?:•|\d+\.|\([ivxlc]+\)|\([a-z]+\))'


def main(argv):
    if not argv:
        print(__doc__)
        return 2
    if not shutil.which("pdftotext"):
        print("SKIP: pdftotext is not installed")
        return 77
    exe = os.path.abspath(argv[0])
    with tempfile.TemporaryDirectory() as tmp:
        pdf, dump = os.path.join(tmp, "pack.pdf"), os.path.join(tmp, "pack.dump")
        p = subprocess.run([exe, "build", MEETING, "-o", pdf, "--dump", dump],
                           capture_output=True, text=True)
        if p.returncode != 0:
            print("FAIL: the build exited %d:\n%s" % (p.returncode, p.stderr))
            return 1
        with open(dump, encoding="utf-8") as f:
            ops = [m.groups() for m in TEXT.finditer(f.read())]
        raw = subprocess.run(["pdftotext", "-raw", pdf, "-"], capture_output=True,
                             text=True).stdout
    lines = [" ".join(ln.split()) for ln in raw.splitlines()]
    pairs = []
    for k, (text, elem) in enumerate(ops):
        if elem == "Lbl" and k + 1 < len(ops):
            words = ops[k + 1][0].replace('\\"', '"').replace("\\\\", "\\").split()
            if words:
                pairs.append((text, words[0]))
    fails = []
    if len(pairs) < 20:
        fails.append("only %d list labels in the dump; the Essex pack has more" % len(pairs))
    # Each label, then its item's first word, at the start of a line (in
    # order: a label found once is not found again).
    at = 0
    for label, word in pairs:
        want = label + " " + word
        for i in range(at, len(lines)):
            if lines[i].startswith(want):
                at = i + 1
                break
        else:
            fails.append("no line starts with %r after line %d" % (want, at))
    glued = [ln for ln in lines if re.search(r"[A-Za-z)]" + LABEL + "$", ln)]
    for ln in glued[:10]:
        fails.append("a label glued to the end of a line: %r" % ln[-60:])
    for f in fails[:20]:
        print("FAIL:", f)
    if fails:
        print("%d failures (%d labels checked)" % (len(fails), len(pairs)))
        return 1
    print("ok: %d list labels, each before its item's text" % len(pairs))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

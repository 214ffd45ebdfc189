#!/usr/bin/env python3
"""Glyph coverage and the missing-glyph warning.

usage: glyphs.py AGENDAPACK

glyphs/names.yaml (Welsh, Turkish and accented names, €, ½, ✓) must
build with nothing on stderr but the summary line; pdftotext must give
back every non-ASCII character of the file and every name; every font
must be embedded and DejaVu Sans (the fallback, for ✓) among them; the
council's name is the PDF's Author, read back by pdfinfo.

glyphs/missing.yaml has U+E000 (private use), which no font has: the
build must exit 0, warn once naming FILE:LINE:COL, and still print the
rest of the paragraph.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))

NAMES = ["Siân Ŵyn", "Llŷr ap Gruffydd", "Şükrü Çağlar", "İlkay Öztürk", "Zoë Brontë",
         "Ğülşen Işık", "Ŵŵ Ŷŷ", "Pwyllgor Siân Ŵyn", "€ 12,500", "½ of the reserve",
         "✓ agreed", "Naïve café façade, déjà vu, smørrebrød, Ærø, Łódź, Dvořák."]

fails = []


def check(ok, msg):
    if not ok:
        fails.append(msg)
        print("FAIL " + msg)


def run(args, **kw):
    return subprocess.run(args, capture_output=True, text=True, errors="replace", **kw)


def main():
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    exe = os.path.abspath(sys.argv[1])
    for t in ("pdftotext", "pdffonts"):
        if not shutil.which(t):
            print("SKIP: %s missing (apt-get install poppler-utils)" % t)
            return 77
    with tempfile.TemporaryDirectory() as tmp:
        pdf = os.path.join(tmp, "names.pdf")
        src = os.path.join("tests", "layout", "glyphs", "names.yaml")
        p = run([exe, "build", src, "-o", pdf], cwd=ROOT)
        check(p.returncode == 0 and
              re.fullmatch(r"wrote [^\n]*: 1 page, 1 minute\n", p.stderr),
              "names: exit %d, stderr %r (want only the summary)"
              % (p.returncode, p.stderr[:400]))
        if p.returncode == 0:
            t = run(["pdftotext", pdf, "-"])
            check(t.stderr == "", "pdftotext warns: %r" % t.stderr[:300])
            text = t.stdout
            flat = re.sub(r"\s+", " ", text)
            for n in NAMES:
                check(n in flat, "names: %r is not in the text" % n)
            with open(os.path.join(ROOT, src), encoding="utf-8") as f:
                # (the council is the PDF's Author, not printed text)
                body = "".join(l for l in f if not l.lstrip().startswith("#")
                               and not l.startswith("council:"))
            chars = sorted({ch for ch in body if ord(ch) > 127})
            missing = [ch for ch in chars if ch not in text]
            check(len(chars) >= 30, "names: only %d non-ASCII characters to test" % len(chars))
            check(not missing, "names: characters lost: %s" %
                  " ".join("%s U+%04X" % (ch, ord(ch)) for ch in missing))
            i = run(["pdfinfo", pdf]).stdout
            check(re.search(r"^Author:\s+Cyngor Sir Ynys Môn$", i, re.M) is not None,
                  "names: pdfinfo Author is not 'Cyngor Sir Ynys Môn': %r" % i[:300])
            f = run(["pdffonts", pdf])
            rows = f.stdout.splitlines()[2:]
            check(f.stderr == "", "pdffonts warns: %r" % f.stderr[:300])
            for r in rows:
                check(r.split()[-5] == "yes", "names: font not embedded: %s" % r)
            check(any("DejaVuSans" in r.split()[0] for r in rows),
                  "names: the DejaVu Sans fallback is not among the fonts: %r" %
                  [r.split()[0] for r in rows])
            check(any("LiberationSans" in r.split()[0] for r in rows),
                  "names: Liberation Sans is not among the fonts")

        pdf = os.path.join(tmp, "missing.pdf")
        src = os.path.join("tests", "layout", "glyphs", "missing.yaml")
        p = run([exe, "build", src, "-o", pdf], cwd=ROOT)
        check(p.returncode == 0, "missing: exit %d, want 0 (a warning is no error)"
              % p.returncode)
        want = "%s:11:19: warning:" % src
        lines = [l for l in p.stderr.splitlines() if l.strip()]
        check(len(lines) == 2 and lines[0].startswith(want) and "U+E000" in lines[0]
              and lines[1].endswith(", 1 warning"),
              "missing: want one warning starting %r naming U+E000, got %r"
              % (want, p.stderr))
        if p.returncode == 0:
            t = run(["pdftotext", pdf, "-"]).stdout
            flat = re.sub(r"\s+", " ", t)
            check("The glyph" in flat and "is in no font." in flat and "After." in flat,
                  "missing: the rest of the text is not printed: %r" % flat[:300])

        # After escapes ("\u00e9", an inline "\*", emphasis, a folded line)
        # the warning still names the character's own line and column, once
        # each, from build and from check alike (check lays out too).
        src = os.path.join("tests", "layout", "glyphs", "escaped.yaml")
        with open(os.path.join(ROOT, src), encoding="utf-8") as f:
            want = ["%s:%d:%d: warning:" % (src, i + 1, l.index("\ue000") + 1)
                    for i, l in enumerate(f) if "\ue000" in l]
        for cmd in (["build", src, "-o", os.path.join(tmp, "escaped.pdf")],
                    ["check", src]):
            p = run([exe] + cmd, cwd=ROOT)
            got = [l for l in p.stderr.splitlines() if ": warning: " in l]
            check(p.returncode == 0 and len(want) == 4 and
                  [l[:len(w)] for l, w in zip(got, want)] == want and
                  len(got) == len(want),
                  "escaped (%s): want warnings at %r, got %r" %
                  (cmd[0], want, p.stderr))
    print("glyphs: %d failed" % len(fails))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""glyphs.py AGENDAPACK - every glyph drawn is in the embedded font.

The device writes text runs' operators itself (src/render/pdftext.c), so
libharu never measures that text, and measuring is what marks a glyph
for the TrueType subset it embeds: a glyph left unmarked is written
empty, and its character silently vanishes from the page while the
text still extracts.  pdffix_mark_glyphs marks the codes drawn before
the save.  This test builds a meeting whose text has Welsh, currency,
dash, quote and accented characters in the regular, bold, italic and
bold italic faces (a run of no width among them, which gets no Tj, as
from libharu), and again with --draft, whose turned watermark libharu
draws itself, with --pdfa --no-tagged, and in DejaVu Sans when it is
installed; then reads the
file back without the program's help (qpdf --json): for each page the
codes each font shows (Tf, <hex> Tj), and for each font its CIDToGIDMap
and its embedded TrueType program (head, maxp, loca, glyf).  Every code
drawn, but white space and format characters, must map to a glyph
other than .notdef whose outline is in the subset (a composite glyph's
parts too).  pdftotext must find the words.  Skips (77) without qpdf.
"""
import base64
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import unicodedata

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "pack"))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import common  # noqa: E402  (tests/pack/common.py: the tests' tally)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SPECIAL = "ŵŷŴŶâêîôû£–—’‘“”éèçñüß€…"
WORDS = ["Dŵr", "Llŷn", "Ŵyn", "Ŷd", "£1,250", "2018–19", "officers’", "café", "naïve",
         "“quoted”", "‘single’", "€30", "Straße", "señor", "façade", "fête"]

MEETING = """council: Cyngor Sir Prawf / Test County Council
committee: Pwyllgor Glyffiau / Glyph Committee
date: 2018-02-08
venue: Neuadd y Sir — County Hall
contact:
  name: Siân Ŵyn
items:
  - title: "Adroddiad: dŵr a’r Llŷn – £1,250"
    description: "To consider report (GLY/01/18) — “naïve” café."
    papers: [report.yaml]
"""

REPORT = """paper: report
reference: GLY/01/18
title: "Dŵr, Llŷn and ŷd: £1,250 – 2018–19"
body:
  - "{words} {special}"
  - "**{words} {special}**"
  - "*{words} {special}*"
  - "***{words} {special}***"
  - list:
      - "Ŵyn Ŷd… € 30 — ‘single’ “double” îôû"
  - "A bold mark alone, of no width: e**\u0301** and on."
"""


def qpdf_objects(pdf):
    """The file's objects through qpdf's JSON (version 2), streams decoded."""
    out = subprocess.run(["qpdf", "--json=2", "--json-stream-data=inline",
                          "--decode-level=generalized", pdf],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)["qpdf"][1]


class Reader:
    """Dereferences qpdf JSON values and reads their streams."""

    def __init__(self, objs):
        self.objs = objs

    def val(self, v):
        """v, or the value of the object it refers to."""
        while isinstance(v, str) and v.endswith(" R"):
            o = self.objs["obj:" + v]
            v = o["stream"]["dict"] if "stream" in o else o["value"]
        return v

    def data(self, ref):
        """The decoded bytes of the stream ref."""
        return base64.b64decode(self.objs["obj:" + ref]["stream"]["data"])

    def pages(self):
        """Each page's dictionary, in no particular order."""
        for o in self.objs.values():
            v = o.get("value") if isinstance(o, dict) else None
            if isinstance(v, dict) and v.get("/Type") == "/Page":
                yield v


def drawn_codes(rd):
    """{font reference: set of codes shown with it} over every page."""
    used = {}
    tok = re.compile(rb"/([^\s/<>\[\]()]+)\s+[-\d.]+\s+Tf|<([0-9A-Fa-f]*)>\s*Tj|(?<![^\s])([qQ])(?![^\s])")
    for page in rd.pages():
        fonts = rd.val(rd.val(page.get("/Resources", {})).get("/Font", {}))
        contents = page.get("/Contents")
        refs = contents if isinstance(contents, list) else [contents]
        data = b"\n".join(rd.data(r) for r in refs if r)
        font, stack = None, []
        for m in tok.finditer(data):
            if m.group(1):
                font = fonts.get("/" + m.group(1).decode())
            elif m.group(3) == b"q":
                stack.append(font)
            elif m.group(3) == b"Q":
                font = stack.pop() if stack else font
            else:
                h = m.group(2).decode()
                codes = used.setdefault(font, set())
                codes.update(int(h[i:i + 4], 16) for i in range(0, len(h) - 3, 4))
    return used


class TrueType:
    """The glyph table of a TrueType program: which glyphs have outlines."""

    def __init__(self, b):
        self.b = b
        n = struct.unpack_from(">H", b, 4)[0]
        self.tables = {}
        for i in range(n):
            tag, _, off, length = struct.unpack_from(">4sIII", b, 12 + 16 * i)
            self.tables[tag.decode("latin-1")] = (off, length)
        long_loca = struct.unpack_from(">h", b, self.tables["head"][0] + 50)[0] == 1
        self.nglyphs = struct.unpack_from(">H", b, self.tables["maxp"][0] + 4)[0]
        loff = self.tables["loca"][0]
        if long_loca:
            self.loca = struct.unpack_from(">%dI" % (self.nglyphs + 1), b, loff)
        else:
            self.loca = [2 * x for x in struct.unpack_from(">%dH" % (self.nglyphs + 1), b, loff)]

    def missing(self, gid, depth=0):
        """The glyphs gid needs whose outlines are not in the program:
        itself if empty, else a composite's missing parts."""
        if gid >= self.nglyphs or self.loca[gid + 1] <= self.loca[gid]:
            return [gid]
        at = self.tables["glyf"][0] + self.loca[gid]
        if struct.unpack_from(">h", self.b, at)[0] >= 0 or depth > 8:
            return []
        at += 10
        out = []
        while True:
            flags, part = struct.unpack_from(">HH", self.b, at)
            out += self.missing(part, depth + 1)
            at += 4 + (4 if flags & 1 else 2)
            at += 2 if flags & 8 else 4 if flags & 0x40 else 8 if flags & 0x80 else 0
            if not flags & 0x20:
                return out


def check_pdf(pdf, check):
    """Checks every glyph drawn in pdf is in its embedded font."""
    rd = Reader(qpdf_objects(pdf))
    used = drawn_codes(rd)
    seen = set()
    for ref, codes in used.items():
        font = rd.val(ref)
        cid = rd.val(font["/DescendantFonts"][0])
        name = font.get("/BaseFont", "?")
        gidmap = rd.data(cid["/CIDToGIDMap"])
        ttf = TrueType(rd.data(rd.val(cid["/FontDescriptor"])["/FontFile2"]))
        bad = []
        for c in sorted(codes):
            seen.add(c)
            if unicodedata.category(chr(c)) in ("Zs", "Zl", "Zp", "Cc", "Cf"):
                continue
            gid = struct.unpack_from(">H", gidmap, 2 * c)[0] if 2 * c + 2 <= len(gidmap) else 0
            if gid == 0:
                bad.append("U+%04X %s (.notdef)" % (c, chr(c)))
            elif ttf.missing(gid):
                bad.append("U+%04X %s (glyph %d, empty: %s)" % (c, chr(c), gid, ttf.missing(gid)))
        check(not bad, "%s: %s: %d codes drawn, every glyph embedded%s" % (
            os.path.basename(pdf), name, len(codes), "; missing " + ", ".join(bad[:12]) if bad else ""))
    absent = [ch for ch in SPECIAL if ord(ch) not in seen]
    check(not absent, "%s: the special characters are drawn (absent: %s)" % (
        os.path.basename(pdf), "".join(absent)))
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
        lost = [w for w in WORDS if w not in text]
        check(not lost, "%s: pdftotext finds the words (lost: %s)" % (os.path.basename(pdf), lost))


def main():
    exe = os.path.abspath(sys.argv[1])
    if not shutil.which("qpdf"):
        print("SKIP: qpdf missing")
        return 77
    checks = common.Checks("glyphs")
    check = checks.check

    with tempfile.TemporaryDirectory(prefix="ap-glyphs-") as tmp:
        with open(os.path.join(tmp, "meeting.yaml"), "w") as f:
            f.write(MEETING)
        with open(os.path.join(tmp, "report.yaml"), "w") as f:
            f.write(REPORT.format(words=" ".join(WORDS), special=" ".join(SPECIAL)))
        env = dict(os.environ, SOURCE_DATE_EPOCH="1518048000")
        cases = [("default", []), ("draft", ["--draft"]), ("pdfa", ["--pdfa", "--no-tagged"])]
        dejavu = "/usr/share/fonts/truetype/dejavu"
        if os.path.exists(os.path.join(dejavu, "DejaVuSans.ttf")):
            cases.append(("dejavu", ["--layout", os.path.join(ROOT, "bench", "agendapack-layout.yaml"),
                                     "--font-dir", dejavu]))
        for name, opts in cases:
            pdf = os.path.join(tmp, name + ".pdf")
            r = subprocess.run([exe, "build", "meeting.yaml", "-o", pdf, "-q", *opts],
                               cwd=tmp, env=env, capture_output=True, text=True)
            check(r.returncode == 0, "%s: builds: %s" % (name, r.stderr.strip()))
            if r.returncode == 0:
                check_pdf(pdf, check)
    return checks.done()


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""fixtures.py DIR - writes the appendix PDFs the merge tests read.

Every file is written here by hand (or by qpdf from one written here):
no third-party PDF is committed.  The text uses the standard Helvetica
font (not embedded); each page has a big black square at the top left
of its displayed page, so a test can tell upright from turned, and a
footer line, so the stamps must stay legible over it.

  letter.pdf     US Letter, 2 pages; page 1 has a URI link and a link to
                 page 2 (and one to page 3, outside a 1-2 selection)
  landscape.pdf  A4 landscape, 1 page
  cropped.pdf    a 700 x 900 MediaBox with a CropBox [100 50 500 650]
  inherited.pdf  MediaBox and /Rotate 90 inherited from the page tree
  rotated.pdf    4 A4 pages turned with qpdf --rotate: +90, 180, 270, -90
  annotated.pdf  a page carrying a /Text annotation besides a link
  minus90.pdf    a page with /Rotate -90 as written
  encrypted.pdf  qpdf --encrypt with a user password
  owneronly.pdf  qpdf --encrypt with an owner password only (opens)
  broken.pdf     a PDF header and then nothing a reader can use
  long.pdf       200 pages (the timing test)
"""
import os
import shutil
import subprocess
import sys
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "pack"))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import common  # noqa: E402  (tests/pack/common.py: the tests' tally)


class Checks(common.Checks):
    """The merge tests' tally (tests/pack/common.py's), called as
    check(ok, what); failures the failed ones; finish() also removes the
    work folder when all passed."""

    def __init__(self):
        super().__init__("merge")
        self.failures = self.fails

    def __call__(self, ok, what):
        return self.check(ok, what)

    def finish(self, name, tmp):
        """Removes tmp (kept, and said, when a check failed), prints the
        tally; returns the exit status."""
        if self.failures:
            print("kept", tmp)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
        self.name = name
        return self.done()


# The start of every meeting the merge tests build; items follow.
MEETING_HEAD = """council: Test County Council
committee: Appendix Committee
date: 2018-02-08
venue: County Hall
contact:
  name: A Officer
items:
"""


def run(args, cwd=None, env=None):
    """Runs args, capturing text output (undecodable bytes replaced)."""
    return subprocess.run(args, capture_output=True, text=True, errors="replace",
                          cwd=cwd, env=env)


def esc(s):
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


class Doc:
    """A tiny PDF writer: objects by number, pages under one /Pages."""

    def __init__(self):
        self.objs = {}
        self.n = 0

    def reserve(self):
        self.n += 1
        return self.n

    def add(self, body, num=None):
        if num is None:
            num = self.reserve()
        self.objs[num] = body
        return num

    def stream(self, data, extra=""):
        raw = data.encode("latin-1")
        comp = zlib.compress(raw)
        return self.add(b"<< /Length %d /Filter /FlateDecode %s >>\nstream\n" %
                        (len(comp), extra.encode()) + comp + b"\nendstream")

    def write(self, path, root):
        out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        offs = {}
        for num in sorted(self.objs):
            offs[num] = len(out)
            body = self.objs[num]
            if isinstance(body, str):
                body = body.encode("latin-1")
            out += b"%d 0 obj\n" % num + body + b"\nendobj\n"
        xref = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (self.n + 1)
        for num in range(1, self.n + 1):
            out += b"%010d 00000 n \n" % offs.get(num, 0)
        out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
            self.n + 1, root, xref)
        with open(path, "wb") as f:
            f.write(out)


def content(w, h, lines, footer, square=True):
    """Text lines from the top left, a footer, and the marker square, in a
    page of w x h whose lower left is (0, 0)."""
    ops = []
    if square:
        ops.append("0 g 20 %d 90 90 re f" % (h - 110))
    ops.append("BT /F1 14 Tf")
    y = h - 140
    for ln in lines:
        ops.append("1 0 0 1 30 %d Tm (%s) Tj" % (y, esc(ln)))
        y -= 20
    ops.append("/F1 9 Tf 1 0 0 1 30 20 Tm (%s) Tj" % esc(footer))
    ops.append("ET")
    return "\n".join(ops)


def simple(path, pages, annots=None, tree_attrs="", page_attrs=None):
    """pages: list of (mediabox, text lines, footer, extra page keys)."""
    d = Doc()
    catalog = d.reserve()
    pages_num = d.reserve()
    font = d.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                 "/Encoding /WinAnsiEncoding >>")
    page_nums = [d.reserve() for _ in pages]
    for i, (box, lines, footer, extra) in enumerate(pages):
        x0, y0, x1, y1 = box or A4
        c = d.stream(content(x1 - x0, y1 - y0, lines, footer) if (x0, y0) == (0, 0)
                     else "1 0 0 1 %d %d cm\n" % (x0, y0) +
                     content(x1 - x0, y1 - y0, lines, footer))
        ann = ""
        if annots and i in annots:
            ann = " /Annots [%s]" % " ".join(
                "%d 0 R" % d.add(a.replace("PAGE", "%d 0 R" % page_nums[0])
                                 .replace("P2", "%d 0 R" % page_nums[min(1, len(pages) - 1)])
                                 .replace("P3", "%d 0 R" % page_nums[min(2, len(pages) - 1)]))
                for a in annots[i])
        mb = "" if box is None or "MediaBox" in tree_attrs else \
            " /MediaBox [%d %d %d %d]" % box
        d.add("<< /Type /Page /Parent %d 0 R%s /Contents %d 0 R "
              "/Resources << /Font << /F1 %d 0 R >> >>%s%s >>" %
              (pages_num, mb, c, font, ann, extra), page_nums[i])
    d.add("<< /Type /Pages /Kids [%s] /Count %d%s >>" % (
        " ".join("%d 0 R" % p for p in page_nums), len(pages), tree_attrs), pages_num)
    d.add("<< /Type /Catalog /Pages %d 0 R >>" % pages_num, catalog)
    d.write(path, catalog)


LETTER = (0, 0, 612, 792)
A4 = (0, 0, 595, 842)
A4L = (0, 0, 842, 595)


def qpdf(*args):
    p = subprocess.run(["qpdf"] + list(args), capture_output=True, text=True)
    if p.returncode not in (0, 3):
        sys.exit("qpdf %s: %s" % (" ".join(args), p.stderr))


def main(out):
    os.makedirs(out, exist_ok=True)
    j = lambda n: os.path.join(out, n)
    simple(j("letter.pdf"), [
        (LETTER, ["Letter appendix first page", "Budget monitoring quarter three"],
         "Letter footer one", ""),
        (LETTER, ["Letter appendix second page"], "Letter footer two", ""),
        (LETTER, ["Letter appendix third page"], "Letter footer three", ""),
    ], annots={0: [
        "<< /Type /Annot /Subtype /Link /Rect [30 600 230 620] /Border [0 0 0] "
        "/A << /S /URI /URI (https://www.essex.gov.uk/budget) >> >>",
        "<< /Type /Annot /Subtype /Link /Rect [30 560 230 580] /Border [0 0 0] "
        "/Dest [P2 /XYZ 0 792 null] >>",
        "<< /Type /Annot /Subtype /Link /Rect [30 520 230 540] /Border [0 0 0] "
        "/Dest [P3 /Fit] >>",
    ]})
    simple(j("landscape.pdf"), [(A4L, ["Landscape appendix page"], "Landscape footer", "")])
    # The cropped page: content drawn relative to the crop box.
    d = Doc()
    cat, pgs = d.reserve(), d.reserve()
    font = d.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    c = d.stream("1 0 0 1 100 50 cm\n" + content(400, 600, ["Cropped appendix page"],
                                                  "Cropped footer") +
                 "\nBT /F1 14 Tf 1 0 0 1 -200 300 Tm (OUTSIDECROP) Tj ET")
    pg = d.add("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 700 900] "
               "/CropBox [100 50 500 650] /Contents %d 0 R "
               "/Resources << /Font << /F1 %d 0 R >> >> >>" % (pgs, c, font))
    d.add("<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % pg, pgs)
    d.add("<< /Type /Catalog /Pages %d 0 R >>" % pgs, cat)
    d.write(j("cropped.pdf"), cat)
    # Inherited: MediaBox and Rotate on the page tree; the content is
    # drawn on a portrait 595 x 842 page that shows turned 90 degrees.
    simple(j("inherited.pdf"), [
        (None, ["Inherited appendix first page"], "Inherited footer one", ""),
        (None, ["Inherited appendix second page"], "Inherited footer two", ""),
    ], tree_attrs=" /MediaBox [0 0 595 842] /Rotate 90")
    base = j("base4.pdf")
    simple(base, [(A4, ["Rotated appendix page %d" % (i + 1)], "Rotated footer %d" % (i + 1), "")
                  for i in range(4)])
    qpdf(base, "--rotate=+90:1", "--rotate=180:2", "--rotate=270:3", "--rotate=-90:4",
         j("rotated.pdf"))
    os.remove(base)
    simple(j("minus90.pdf"), [(A4, ["Minus ninety appendix page"], "Minus ninety footer",
                               " /Rotate -90")])
    simple(j("annotated.pdf"), [(A4, ["Annotated appendix page"], "Annotated footer", "")],
           annots={0: ["<< /Type /Annot /Subtype /Text /Rect [300 700 320 720] "
                       "/Contents (A note) /F 4 >>",
                       "<< /Type /Annot /Subtype /Link /Rect [30 690 230 710] /F 4 "
                       "/A << /S /URI /URI (https://example.org/annotated) >> >>"]})
    # Several PDF/A problems over two pages: each is reported, in one run.
    simple(j("manyproblems.pdf"), [
        (A4, ["Many problems page one"], "Problems footer one",
         " /Group << /S /Transparency /CS /DeviceRGB >>"),
        (A4, ["Many problems page two"], "Problems footer two", "")],
        annots={0: ["<< /Type /Annot /Subtype /Text /Rect [300 700 320 720] "
                    "/Contents (A note) /F 4 >>"],
                1: ["<< /Type /Annot /Subtype /Square /Rect [300 700 320 720] /F 4 >>"]})
    qpdf("--encrypt", "user", "owner", "256", "--", j("landscape.pdf"), j("encrypted.pdf"))
    qpdf("--encrypt", "", "owner", "256", "--", j("landscape.pdf"), j("owneronly.pdf"))
    with open(j("broken.pdf"), "wb") as f:
        f.write(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R\n"
                b"this is not a PDF any more\n")
    simple(j("long.pdf"), [(A4, ["Long appendix page %d" % (i + 1)], "Long footer %d" % (i + 1), "")
                           for i in range(200)])


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "merge-fixtures")

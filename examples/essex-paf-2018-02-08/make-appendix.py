#!/usr/bin/env python3
"""make-appendix.py - write appendix-budget.pdf, the PDF appendix of
item 4 (an illustration of issue 9: officers' PDF appendices).

It stands for the kind of file an officer exports from Word or a
spreadsheet: an A4 portrait page and an A4 landscape table, its own
running footer (the document's title, an artifact), and a link; tagged as such an export
is (issue 17): a structure tree with H1 headings, paragraphs, tables
with TH and TD cells, the link as a Link element, /Lang en-GB,
/MarkInfo Marked, the footer, the header row's shading and the rules as
artifacts, and one role-mapped type (BudgetNote -> P).  Its figures are
ILLUSTRATIVE, not taken from the published pack, and the pages say so.

The page descriptions are PostScript written here, with pdfmarks for
the marked content and the structure tree; Ghostscript's pdfwrite turns
them into a PDF with its fonts embedded (URW Nimbus Sans for Helvetica),
so the pack stays PDF/A-1b with the appendix in it; qpdf and fix-qdf
then write the marked-content properties inline (inline_mcids).  The
result is not committed: scripts/make-examples (run by scripts/bootstrap)
writes it when absent.  Needs ghostscript and qpdf.  Run from anywhere:

    python3 examples/essex-paf-2018-02-08/make-appendix.py
"""
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "appendix-budget.pdf")

ROWS = [
    ("Budget line", "Budget", "Forecast", "Variance"),
    ("Board business unit (staff)", "412,000", "405,300", "-6,700"),
    ("Serious case reviews", "95,000", "118,500", "23,500"),
    ("Multi-agency training", "130,000", "121,800", "-8,200"),
    ("Child death overview panel", "48,000", "47,200", "-800"),
    ("Communications and website", "22,000", "19,600", "-2,400"),
    ("Independent chair", "60,000", "60,000", "0"),
    ("Total", "767,000", "772,400", "5,400"),
]

# The running footer on both pages: the title, as Word's footers often
# are.  Not "Page 1 of 2": a number of its own beside the pack's "Page
# 20" stamp confuses a sighted reader (check-clients flags it), and the
# footer is an artifact, whose words check-pack counts as untagged.
FOOTER = "ESCB budget monitoring, quarter 3 2017/18"

QUARTERS = [
    ("Partner", "Share", "Q1", "Q2", "Q3", "Q4 (forecast)"),
    ("Essex County Council", "52%", "100,360", "100,360", "100,360", "100,360"),
    ("Clinical commissioning groups", "26%", "50,180", "50,180", "50,180", "50,180"),
    ("Essex Police", "16%", "30,880", "30,880", "30,880", "30,880"),
    ("Probation and CAFCASS", "6%", "11,580", "11,580", "11,580", "11,580"),
]


def ps_str(s):
    return "(" + s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


class Tags:
    """The structure tree, built as pages are written and put into the
    PDF with pdfmarks (/OBJ, /PUT) at the end: elements are named objects
    {eN}, marked content carries /MCID (one sequence per page)."""

    def __init__(self):
        self.elems = []      # [name, type, parent name, page or None, kids]
        self.parents = {}    # struct parents key -> list of element names
        self.page = 0
        self.mcid = 0
        self.root = self.new("Document", None)

    def new(self, kind, parent):
        name = "{e%d}" % len(self.elems)
        self.elems.append([name, kind, parent, None, []])
        if parent is not None:
            self.find(parent)[4].append(name)
        return name

    def find(self, name):
        return self.elems[int(name[2:-1])]

    def start_page(self):
        self.page += 1
        self.mcid = 0
        self.parents[self.page - 1] = []

    def mark(self, elem, ps):
        """PostScript drawing ps as marked content of elem."""
        e = self.find(elem)
        e[3] = self.page
        e[4].append(self.mcid)
        self.parents[self.page - 1].append(elem)
        out = "[/%s << /MCID %d >> /BDC pdfmark\n%s\n[/EMC pdfmark" % (e[1], self.mcid, ps)
        self.mcid += 1
        return out

    def pdfmarks(self, links):
        out = []
        for e in self.elems:
            out.append("[/_objdef %s /type /dict /OBJ pdfmark" % e[0])
        for name, kind, parent, pg, kids in self.elems:
            k = []
            for kid in kids:
                if isinstance(kid, int):
                    k.append(str(kid))
                elif kid.startswith("{link"):
                    k.append("<< /Type /OBJR /Obj %s >>" % kid)
                else:
                    k.append(kid)
            d = "/Type /StructElem /S /%s /P %s /K [%s]" % (
                kind, parent or "{stroot}", " ".join(k))
            if pg:
                d += " /Pg {Page%d}" % pg
            if kind == "Document":
                d += " /Lang (en-GB)"
            out.append("[%s << %s >> /PUT pdfmark" % (name, d))
        nums = []
        for key in sorted(self.parents):
            nums.append("%d [%s]" % (key, " ".join(self.parents[key])))
        for key, (link, elem) in enumerate(links, start=len(self.parents)):
            nums.append("%d %s" % (key, elem))
            out.append("[%s << /StructParent %d >> /PUT pdfmark" % (link, key))
        out.append("[/_objdef {stroot} /type /dict /OBJ pdfmark")
        out.append("[{stroot} << /Type /StructTreeRoot /K [%s] /ParentTree << /Nums [%s] >> "
                   "/ParentTreeNextKey %d /RoleMap << /BudgetNote /P >> >> /PUT pdfmark" % (
                       self.root, " ".join(nums), len(self.parents) + len(links)))
        out.append("[{Catalog} << /StructTreeRoot {stroot} /MarkInfo << /Marked true >> "
                   "/Lang (en-GB) /ViewerPreferences << /DisplayDocTitle true >> >> "
                   "/PUT pdfmark")
        for key in sorted(self.parents):
            out.append("[{Page%d} << /StructParents %d /Tabs /S >> /PUT pdfmark" % (
                key + 1, key))
        return out


def artifact(ps):
    return "[/Artifact /BMC pdfmark\n%s\n[/EMC pdfmark" % ps


def page(tags, links, w, h, title, lines, table, cols, footer, link=None):
    """One page's PostScript, tagged: H1, a note (BudgetNote, role-mapped
    to P), paragraphs, a table (TH in the header row, TD below), the
    link in a paragraph, the footer an artifact."""
    tags.start_page()
    doc = tags.root
    out = ["<< /PageSize [%d %d] >> setpagedevice" % (w, h)]
    y = h - 60
    out.append(tags.mark(tags.new("H1", doc), "/Helvetica-Bold 16 selectfont 50 %d moveto "
                         "%s show" % (y, ps_str(title))))
    y -= 18
    out.append(tags.mark(tags.new("BudgetNote", doc), "/Helvetica-Oblique 9 selectfont "
                         "50 %d moveto %s show" % (y, ps_str(
                             "Illustrative figures, made by make-appendix.py: not part "
                             "of the published pack."))))
    y -= 26
    for ln in lines:
        out.append(tags.mark(tags.new("P", doc), "/Helvetica 11 selectfont 50 %d moveto "
                             "%s show" % (y, ps_str(ln))))
        y -= 15
    y -= 10
    tab = tags.new("Table", doc)
    for i, row in enumerate(table):
        tr = tags.new("TR", tab)
        bold = i == 0 or row[0] == "Total"
        if i == 0:
            out.append(artifact("0.85 setgray 45 %d %d 18 rectfill 0 setgray" % (
                y - 5, w - 90)))
        font = "/Helvetica%s 10 selectfont" % ("-Bold" if bold else "")
        for j, cell in enumerate(row):
            x = cols[j]
            if j == 0:
                ps = "%s %d %d moveto %s show" % (font, x, y, ps_str(cell))
            else:
                ps = "%s %s dup stringwidth pop %d exch sub %d moveto show" % (
                    font, ps_str(cell), x, y)
            out.append(tags.mark(tags.new("TH" if i == 0 else "TD", tr), ps))
        out.append(artifact("0.5 setlinewidth 45 %d moveto %d 0 rlineto stroke" % (
            y - 6, w - 90)))
        y -= 20
    if link:
        text, uri = link
        y -= 10
        para = tags.new("P", doc)
        lk = tags.new("Link", para)
        name = "{link%d}" % len(links)
        out.append(tags.mark(lk, "/Helvetica 11 selectfont 0 0 0.6 setrgbcolor 50 %d "
                             "moveto %s show 0 setgray" % (y, ps_str(text))))
        out.append("[/_objdef %s /Rect [48 %d %d %d] /Border [0 0 0] /Contents %s "
                   "/Action << /Subtype /URI /URI %s >> /Subtype /Link /ANN pdfmark" % (
                       name, y - 3, 52 + 6 * len(text), y + 11, ps_str(text),
                       ps_str(uri)))
        tags.find(lk)[4].append(name)
        links.append((name, lk))
    out.append(artifact("/Helvetica 8 selectfont 50 30 moveto %s show" % ps_str(footer)))
    out.append("showpage")
    return "\n".join(out)


def main():
    ps = ["%!PS-Adobe-3.0",
          "[ /Title (ESCB budget monitoring, quarter 3 2017/18) /Author (Essex Safeguarding "
          "Children Board) /DOCINFO pdfmark"]
    tags, links = Tags(), []
    ps.append(page(tags, links, 595, 842, "ESCB budget monitoring: quarter 3, 2017/18", [
        "Forecast outturn against the Board's budget at the end of December 2017.",
        "Partners' contributions are set out on the next page.",
    ], ROWS, [50, 330, 420, 510], FOOTER,
        link=("Board budget and business plan: www.escb.co.uk",
              "http://www.escb.co.uk/")))
    ps.append(page(tags, links, 842, 595, "Partners' contributions, 2017/18", [
        "Contributions by partner and quarter (pounds).",
    ], QUARTERS, [50, 330, 430, 530, 630, 760],
        FOOTER))
    ps.extend(tags.pdfmarks(links))
    with tempfile.NamedTemporaryFile("w", suffix=".ps", delete=False) as f:
        f.write("\n".join(ps) + "\n")
        src = f.name
    try:
        subprocess.run(["gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=pdfwrite",
                        "-dCompatibilityLevel=1.4", "-dEmbedAllFonts=true",
                        "-dSubsetFonts=true", "-dAutoRotatePages=/None",
                        "-sOutputFile=" + OUT,
                        "-c", "<< /NeverEmbed [ ] >> setdistillerparams", "-f", src],
                       check=True)
    except (OSError, subprocess.CalledProcessError) as e:
        sys.exit("make-appendix.py: Ghostscript failed (apt-get install ghostscript): %s" % e)
    finally:
        os.unlink(src)
    inline_mcids()
    print("wrote", OUT)


def inline_mcids():
    """pdfwrite names each marked-content property list in the page's
    /Properties (/P /R12 BDC); Word and most exporters write it inline
    (/P <</MCID 3>> BDC), which is what poppler reads.  Rewrites OUT so:
    qpdf's QDF form, each page's BDCs numbered in order (they were made
    with MCIDs 0, 1, 2 ... per page), fix-qdf for the lengths, then
    compressed again."""
    with tempfile.TemporaryDirectory() as tmp:
        qdf = os.path.join(tmp, "a.qdf")
        subprocess.run(["qpdf", "--qdf", "--object-streams=disable", OUT, qdf], check=True)
        with open(qdf, "rb") as f:
            data = f.read()
        out, pos = [], 0
        # Each page's content stream is one stream in QDF ("%% Contents
        # for page N" before it); MCIDs restart on each.
        for part in re.split(rb"(%% Contents for page \d+)", data):
            n = [0]

            def inline(m):
                s = b"/%s<</MCID %d>>BDC" % (m.group(1), n[0])
                n[0] += 1
                return s
            out.append(re.sub(rb"/(\w+)\s*/R\d+\s+BDC", inline, part))
        data = b"".join(out)
        # The same bytes on every run (the pack built from it is then
        # reproducible): Ghostscript's dates and document UUID fixed.
        data = re.sub(rb"\(D:\d{14}[^)]*\)", b"(D:20180130120000Z00'00')", data)
        data = re.sub(rb"(<xmp:(?:Modify|Create)Date>)[^<]*", rb"\g<1>2018-01-30T12:00:00Z", data)
        data = re.sub(rb"uuid:[0-9a-f-]{36}", b"uuid:2f1c5a70-05e1-11e8-0000-000000000000", data)
        data = re.sub(rb"/ID \[<[0-9a-fA-F]*> *<[0-9a-fA-F]*>\]", b"", data)
        with open(qdf, "wb") as f:
            f.write(data)
        fixed = os.path.join(tmp, "b.qdf")
        with open(fixed, "wb") as f:
            subprocess.run(["fix-qdf", qdf], stdout=f, check=True)
        subprocess.run(["qpdf", "--compress-streams=y", "--object-streams=disable",
                        "--deterministic-id", fixed, OUT], check=True)


if __name__ == "__main__":
    main()

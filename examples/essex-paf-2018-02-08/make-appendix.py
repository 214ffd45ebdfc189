#!/usr/bin/env python3
"""make-appendix.py - write appendix-budget.pdf, the PDF appendix of
item 4 (an illustration of issue 9: officers' PDF appendices).

It stands for the kind of file an officer exports from a spreadsheet:
an A4 portrait page and an A4 landscape table, its own footer, and a
link.  Its figures are ILLUSTRATIVE, not taken from the published pack,
and the pages say so.

The page descriptions are PostScript written here; Ghostscript's
pdfwrite turns them into a PDF with its fonts embedded (URW Nimbus Sans
for Helvetica), so the pack stays PDF/A-1b with the appendix in it.
The result is committed, so a fresh clone builds the example without
Ghostscript.  Run from anywhere:

    python3 examples/essex-paf-2018-02-08/make-appendix.py
"""
import os
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

QUARTERS = [
    ("Partner", "Share", "Q1", "Q2", "Q3", "Q4 (forecast)"),
    ("Essex County Council", "52%", "100,360", "100,360", "100,360", "100,360"),
    ("Clinical commissioning groups", "26%", "50,180", "50,180", "50,180", "50,180"),
    ("Essex Police", "16%", "30,880", "30,880", "30,880", "30,880"),
    ("Probation and CAFCASS", "6%", "11,580", "11,580", "11,580", "11,580"),
]


def ps_str(s):
    return "(" + s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"


def page(w, h, title, lines, table, cols, footer, link=None):
    out = ["<< /PageSize [%d %d] >> setpagedevice" % (w, h)]
    y = h - 60
    out.append("/Helvetica-Bold 16 selectfont 50 %d moveto %s show" % (y, ps_str(title)))
    y -= 18
    out.append("/Helvetica-Oblique 9 selectfont 50 %d moveto %s show" % (
        y, ps_str("Illustrative figures, made by make-appendix.py: not part of the "
                  "published pack.")))
    y -= 26
    out.append("/Helvetica 11 selectfont")
    for ln in lines:
        out.append("50 %d moveto %s show" % (y, ps_str(ln)))
        y -= 15
    y -= 10
    for i, row in enumerate(table):
        bold = i == 0 or row[0] == "Total"
        if i == 0:
            out.append("0.85 setgray 45 %d %d 18 rectfill 0 setgray" % (y - 5, w - 90))
        out.append("/Helvetica%s 10 selectfont" % ("-Bold" if bold else ""))
        for j, cell in enumerate(row):
            x = cols[j]
            if j == 0:
                out.append("%d %d moveto %s show" % (x, y, ps_str(cell)))
            else:
                out.append("%s dup stringwidth pop %d exch sub %d moveto show" % (
                    ps_str(cell), x, y))
        out.append("0.5 setlinewidth 45 %d moveto %d 0 rlineto stroke" % (y - 6, w - 90))
        y -= 20
    if link:
        text, uri = link
        y -= 10
        out.append("/Helvetica 11 selectfont 0 0 0.6 setrgbcolor 50 %d moveto %s show "
                   "0 setgray" % (y, ps_str(text)))
        out.append("[ /Rect [48 %d %d %d] /Border [0 0 0] /Action << /Subtype /URI "
                   "/URI %s >> /Subtype /Link /ANN pdfmark" % (
                       y - 3, 52 + 6 * len(text), y + 11, ps_str(uri)))
    out.append("/Helvetica 8 selectfont 50 30 moveto %s show" % ps_str(footer))
    out.append("showpage")
    return "\n".join(out)


def main():
    ps = ["%!PS-Adobe-3.0",
          "[ /Title (ESCB budget monitoring, quarter 3 2017/18) /Author (Essex Safeguarding "
          "Children Board) /DOCINFO pdfmark"]
    ps.append(page(595, 842, "ESCB budget monitoring: quarter 3, 2017/18", [
        "Forecast outturn against the Board's budget at the end of December 2017.",
        "Partners' contributions are set out on the next page.",
    ], ROWS, [50, 330, 420, 510], "ESCB finance report  -  page 1 of 2  -  February 2018",
        link=("Board budget and business plan: www.escb.co.uk",
              "http://www.escb.co.uk/")))
    ps.append(page(842, 595, "Partners' contributions, 2017/18", [
        "Contributions by partner and quarter (pounds).",
    ], QUARTERS, [50, 330, 430, 530, 630, 760],
        "ESCB finance report  -  page 2 of 2  -  February 2018"))
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
    print("wrote", OUT)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""tagged_test.py AGENDAPACK - a tagged PDF appendix keeps its structure.

Writes (by hand, fixtures.Doc) a tagged appendix page: a custom heading
type role-mapped to H1, a paragraph, a table with TH and TD, a Figure
with /Alt, a link (Link element with an OBJR) and an Artifact footer;
and the same file with a structure tree that loops.  Builds a pack with
each and reads its structure back (pdfinfo -struct-text, qpdf --json):

  - the tagged file: no warning, no Figure for the page; H1, P, Table,
    TR, TH, TD, the Figure's alt and the Link are under the appendix's
    Sect, with their text, in pdftotext's reading order;
  - the looping tree, and an MCID past the limit: a warning, and the
    page is a Figure as before;
  - the Essex example (its appendix is tagged, make-appendix.py): its
    headings and table cells are in the pack's tree, and the pack passes
    ../shared/tools/check-pack --tagged (skipped when ../shared is
    absent; merge_test.py runs it with --pdfa --tagged).
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
import fixtures  # noqa: E402

check = fixtures.Checks()
failures = check.failures
run = fixtures.run


# (type, text) per marked-content sequence, MCIDs in order; the footer
# is an artifact.
CONTENT = [
    ("Heading1", "Capital programme summary"),
    ("P", "Spending against the approved programme at month nine."),
    ("TH", "Scheme"), ("TH", "Budget"),
    ("TD", "School roofs"), ("TD", "1,200,000"),
    ("TD", "Bridge repairs"), ("TD", "640,000"),
    ("Link", "Programme details online"),
]


def tagged_pdf(path, loop=False, big_mcid=False):
    """A one-page tagged appendix (see the module comment); loop makes the
    Table element its own child, big_mcid has the heading refer to MCID
    999999."""
    d = fixtures.Doc()
    cat, pages, page = d.reserve(), d.reserve(), d.reserve()
    font = d.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
                 "/Encoding /WinAnsiEncoding >>")
    ops, y = [], 780
    for i, (kind, text) in enumerate(CONTENT):
        x = 50 if kind not in ("TD", "TH") or i % 2 == 0 else 300
        ops.append("/%s <</MCID %d>> BDC BT /F1 12 Tf 1 0 0 1 %d %d Tm (%s) Tj ET EMC" % (
            kind, i, x, y, fixtures.esc(text)))
        if kind not in ("TD", "TH") or i % 2 == 1:
            y -= 24
    ops.append("/Figure <</MCID %d>> BDC 0 0 1 rg 50 %d 200 60 re f EMC" % (
        len(CONTENT), y - 70))
    ops.append("/Artifact BMC BT /F1 8 Tf 1 0 0 1 50 30 Tm (Capital footer 9) Tj ET EMC")
    contents = d.stream("\n".join(ops))
    link = d.reserve()
    root = d.reserve()
    doc = d.reserve()
    e = {}

    def elem(name, kind, parent, kids, extra=""):
        e[name] = d.reserve()
        d.add("<< /Type /StructElem /S /%s /P %d 0 R /Pg %d 0 R /K [%s]%s >>" % (
            kind, parent, page, kids, extra), e[name])
        return e[name]

    h = elem("h", "Heading1", doc, "999999" if big_mcid else "0")
    p = elem("p", "P", doc, "1")
    table = d.reserve()
    rows = []
    for r in range(3):
        tr = d.reserve()
        cells = [elem("c%d%d" % (r, c), "TH" if r == 0 else "TD", tr, str(2 + 2 * r + c))
                 for c in range(2)]
        d.add("<< /Type /StructElem /S /TR /P %d 0 R /K [%s] >>" % (
            table, " ".join("%d 0 R" % c for c in cells)), tr)
        rows.append(tr)
    if loop:
        rows.append(table)
    d.add("<< /Type /StructElem /S /Table /P %d 0 R /K [%s] >>" % (
        doc, " ".join("%d 0 R" % r for r in rows)), table)
    lk = elem("lk", "Link", doc, "8 << /Type /OBJR /Obj %d 0 R >>" % link)
    fig = elem("fig", "Figure", doc, "%d" % len(CONTENT),
               " /Alt (A bar chart of spending by scheme)")
    d.add("<< /Type /StructElem /S /Document /Lang (cy-GB) /P %d 0 R /K [%d 0 R %d 0 R "
          "%d 0 R %d 0 R %d 0 R] >>" % (root, h, p, table, lk, fig), doc)
    pt = "[%s]" % " ".join("%d 0 R" % x for x in [
        h, p, e["c00"], e["c01"], e["c10"], e["c11"], e["c20"], e["c21"], lk, fig])
    d.add("<< /Type /StructTreeRoot /K [%d 0 R] /RoleMap << /Heading1 /H1 >> "
          "/ParentTree << /Nums [0 %s 1 %d 0 R] >> /ParentTreeNextKey 2 >>" % (
              doc, pt, lk), root)
    d.add("<< /Type /Annot /Subtype /Link /Rect [48 %d 250 %d] /StructParent 1 "
          "/Border [0 0 0] /A << /S /URI /URI (https://example.org/capital) >> >>" % (
              780 - 5 * 24 - 4, 780 - 5 * 24 + 14), link)
    d.add("<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
          "/Resources << /Font << /F1 %d 0 R >> >> /Annots [%d 0 R] /StructParents 0 "
          "/Tabs /S >>" % (pages, contents, font, link), page)
    d.add("<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % page, pages)
    d.add("<< /Type /Catalog /Pages %d 0 R /StructTreeRoot %d 0 R /MarkInfo "
          "<< /Marked true >> /Lang (en-GB) >>" % (pages, root), cat)
    d.write(path, cat)


MEETING = fixtures.MEETING_HEAD + """  - title: Capital
    papers:
      - pdf: %s
        title: "Appendix A: Capital programme"
"""


def sect_of_appendix(st, marker):
    """The lines of -struct-text's Sect that holds marker."""
    lines = st.splitlines()
    at = next((i for i, ln in enumerate(lines) if marker in ln), None)
    if at is None:
        return []
    start = max(i for i in range(at + 1) if lines[i].strip() == "Sect")
    ind = len(lines[start]) - len(lines[start].lstrip())
    end = start + 1
    while end < len(lines) and (len(lines[end]) - len(lines[end].lstrip()) > ind):
        end += 1
    return lines[start:end]


def in_order(sub, words):
    """True when the list sub is a subsequence of words."""
    it = iter(words)
    return all(w in it for w in sub)


def check_tagged(exe, tmp, env):
    tagged_pdf(os.path.join(tmp, "capital.pdf"))
    with open(os.path.join(tmp, "meeting.yaml"), "w") as f:
        f.write(MEETING % "capital.pdf")
    p = run([exe, "build", "meeting.yaml", "-o", "pack.pdf"], cwd=tmp, env=env)
    if not check(p.returncode == 0, "tagged: build failed: %s" % p.stderr):
        return
    check("warning" not in p.stderr, "tagged: a warning: %s" % p.stderr)
    pdf = os.path.join(tmp, "pack.pdf")
    st = run(["pdfinfo", "-struct-text", pdf]).stdout
    sect = "\n".join(sect_of_appendix(st, "Capital programme summary"))
    check(sect != "", "tagged: the appendix's heading is not in the tree:\n" + st[-1500:])
    for kind, text in [("H1", CONTENT[0][1]), ("P", CONTENT[1][1]), ("TH", "Scheme"),
                       ("TD", "School roofs"), ("TD", "640,000"),
                       ("Link", "Programme details online")]:
        check(re.search(r"^\s*%s\b.*\n\s*\"%s\"" % (kind, re.escape(text)), sect, re.M),
              "tagged: no %s with %r in the appendix's Sect:\n%s" % (kind, text, sect))
    check(re.search(r"^\s*Table\b", sect, re.M) and re.search(r"^\s*TR\b", sect, re.M),
          "tagged: no Table/TR in the appendix's Sect:\n" + sect)
    check("Heading1" not in sect, "tagged: the custom type was not role-mapped")
    check("Object" in sect, "tagged: the Link has no object reference to the link")
    # The Figure is the source's (with its alt), not the placeholder's.
    objs = json.loads(run(["qpdf", "--json=2", "--json-key=qpdf", pdf]).stdout)["qpdf"][1]
    vals = [v.get("value") for v in objs.values() if isinstance(v, dict)]
    figs = [f for f in vals if isinstance(f, dict) and f.get("/S") == "/Figure"]
    alts = [f.get("/Alt", "") for f in figs]
    check(len(figs) == 1 and "bar chart" in alts[0],
          "tagged: Figures in the pack: %s (want the source's one, with its alt)" % alts)
    check(any("cy-GB" in str(v.get("/Lang")) for v in vals if isinstance(v, dict) and
              v.get("/S") == "/H1"),
          "tagged: the heading lost the language of the Document it was in")
    check(any('"/Stm"' in json.dumps(v) and '"/MCR"' in json.dumps(v) for v in vals),
          "tagged: no marked-content reference into the form")
    # Reading order: the structure's words in pdftotext -raw's order.
    raw = re.findall(r"\w+", run(["pdftotext", "-raw", pdf, "-"]).stdout.lower())
    sw = re.findall(r"\w+", " ".join(re.findall(r'"(.*)"', sect)).lower())
    check(len(sw) > 20 and in_order(sw, raw),
          "tagged: the structure's words are not in pdftotext -raw's order")


def check_loop(exe, tmp, env):
    tagged_pdf(os.path.join(tmp, "loop.pdf"), loop=True)
    with open(os.path.join(tmp, "loop.yaml"), "w") as f:
        f.write(MEETING % "loop.pdf")
    p = run([exe, "build", "loop.yaml", "-o", "loop-pack.pdf"], cwd=tmp, env=env)
    if not check(p.returncode == 0, "loop: build failed: %s" % p.stderr):
        return
    check(re.search(r"loop\.yaml:10:9: warning: loop\.pdf: its structure tree has "
                    r"an element twice; its pages go into the structure tree as figures "
                    r"with alt text only", p.stderr),
          "loop: no warning for the looping tree: %s" % p.stderr)
    st = run(["pdfinfo", "-struct-text", os.path.join(tmp, "loop-pack.pdf")]).stdout
    check("Figure" in st and not re.search(r"^\s*TH\b", st, re.M),
          "loop: the page is not a Figure as before")
    # An MCID past the limit: the same fallback, no million-slot array.
    tagged_pdf(os.path.join(tmp, "big.pdf"), big_mcid=True)
    with open(os.path.join(tmp, "big.yaml"), "w") as f:
        f.write(MEETING % "big.pdf")
    p = run([exe, "build", "big.yaml", "-o", "big-pack.pdf"], cwd=tmp, env=env)
    check(p.returncode == 0 and "big.pdf: its marked content is numbered past the limit"
          in p.stderr, "big MCID: %d %s" % (p.returncode, p.stderr))


def check_essex(exe, tmp, env):
    ex = os.path.join(ROOT, "examples", "essex-paf-2018-02-08")
    if not os.path.isfile(os.path.join(ex, "appendix-budget.pdf")):
        check(False, "the example's appendix-budget.pdf is missing: run scripts/make-examples")
        return
    cp = os.environ.get("CHECK_PACK") or os.path.normpath(
        os.path.join(ROOT, "..", "shared", "tools", "check-pack"))
    # --pdfa --tagged through check-pack: merge_test.py (it is slow).
    for opts in ([],):
        out = os.path.join(tmp, "essex.pdf")
        p = run([exe, "build", os.path.join(ex, "meeting.yaml"), "-o", out] + opts, env=env)
        if not check(p.returncode == 0 and "warning" not in p.stderr,
                     "essex %s: %s" % (opts, p.stderr)):
            continue
        st = run(["pdfinfo", "-struct-text", out]).stdout
        sect = "\n".join(sect_of_appendix(st, "ESCB budget monitoring: quarter 3"))
        for kind, text in [("H1", "ESCB budget monitoring: quarter 3, 2017/18"),
                           ("H1", "Partners’ contributions, 2017/18"),
                           ("TH", "Budget line"), ("TD", "Serious case reviews"),
                           ("TH", "Q4 (forecast)")]:
            check(re.search(r"^\s*%s\b.*\n\s*\"%s\"" % (kind, re.escape(text)), sect, re.M),
                  "essex %s: no %s %r in the appendix's Sect" % (opts, kind, text))
        if os.path.isfile(cp):
            r = run([sys.executable, cp, out, "--tagged"] + opts)
            check(r.returncode == 0, "check-pack --tagged %s: %s" % (opts, r.stdout[-600:]))
        else:
            print("check-pack not found (%s): not run" % cp)


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: tagged_test.py AGENDAPACK")
    exe = os.path.abspath(sys.argv[1])
    for tool in ("qpdf", "pdftotext", "pdfinfo"):
        if not shutil.which(tool):
            print("SKIP: %s is missing (apt-get install qpdf poppler-utils)" % tool)
            return 77
    tmp = tempfile.mkdtemp(prefix="merge-tagged-")
    env = dict(os.environ, SOURCE_DATE_EPOCH="1518084000")
    try:
        check_tagged(exe, tmp, env)
        check_loop(exe, tmp, env)
        check_essex(exe, tmp, env)
    finally:
        status = check.finish("merge-tagged", tmp)
    return status


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Archive and accessibility properties of what agendapack writes, read
back through qpdf and poppler only (never through agendapack):

  reproducible  the same inputs and SOURCE_DATE_EPOCH give the same bytes;
                another epoch gives other bytes
  pdfa          the PDF/A-1b essentials (docs/archive.md lists them)
  tagged        the structure tree: tagged, /Lang, MarkInfo, headings in
                the document's order, Figures with /Alt, words in elements
  draft         --draft puts DRAFT on every page
  largeprint    the large-print layout sets body text at 16 pt or more

usage: archive-check.py AGENDAPACK SOURCE_ROOT WHAT
Exit 0 on success, 1 on failure, 77 (skip) when qpdf or poppler is missing.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

EX = "examples/essex-paf-2018-02-08"
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL", what)
    return ok


def run(args, env=None, check_rc=True):
    p = subprocess.run(args, capture_output=True, text=True, errors="replace", env=env)
    if check_rc and p.returncode != 0:
        print("command failed:", " ".join(args), p.stderr)
        sys.exit(1)
    return p


def build(ap, out, *args, epoch="1518048000", src=EX + "/meeting.yaml"):
    env = dict(os.environ, SOURCE_DATE_EPOCH=epoch)
    return run([ap, "build", src, "-o", out] + list(args), env=env)


def qpdf_objects(pdf):
    out = run(["qpdf", "--json", "--json-key=qpdf", pdf]).stdout
    return json.loads(out)["qpdf"][1]


def obj_dict(o):
    if "value" in o:
        return o["value"]
    if "stream" in o:
        return o["stream"].get("dict")
    return None


def qdf(pdf):
    return subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf, "-"],
                          capture_output=True).stdout.decode("latin-1")


def reproducible(ap, tmp):
    a, b, c = (os.path.join(tmp, n) for n in ("a.pdf", "b.pdf", "c.pdf"))
    build(ap, a, "--pdfa")
    build(ap, b, "--pdfa")
    build(ap, c, "--pdfa", epoch="1518134400")
    with open(a, "rb") as f1, open(b, "rb") as f2, open(c, "rb") as f3:
        da, db, dc = f1.read(), f2.read(), f3.read()
    check(da == db, "two builds with the same SOURCE_DATE_EPOCH differ")
    check(da != dc, "builds with different SOURCE_DATE_EPOCH are identical")
    info = run(["pdfinfo", "-isodates", a]).stdout
    check("2018-02-08T00:00:00" in info, "CreationDate does not come from SOURCE_DATE_EPOCH: %s"
          % re.findall(r"CreationDate:.*", info))
    check(re.search(rb"/ID\s*\[", qdf(a).encode("latin-1")) is not None, "no /ID in the trailer")


def pdfa(ap, tmp):
    for name, src in (("pack", EX + "/meeting.yaml"), ("minutes", EX + "/minutes-2018-01-11.yaml")):
        pdf = os.path.join(tmp, name + ".pdf")
        build(ap, pdf, "--pdfa", src=src)
        q = qdf(pdf)
        check(q.startswith("%PDF-1.4") or q.startswith("%PDF-1.3"), "%s: PDF version above 1.4" % name)
        objs = qpdf_objects(pdf)
        dicts = [(k, obj_dict(o)) for k, o in objs.items() if isinstance(obj_dict(o), dict)]
        meta = [(k, d) for k, d in dicts if d.get("/Type") == "/Metadata"]
        check(len(meta) == 1, "%s: %d /Metadata streams" % (name, len(meta)))
        check(all(d.get("/Subtype") == "/XML" and "/Filter" not in d for _, d in meta),
              "%s: the metadata stream is not unfiltered XML" % name)
        xmp = re.search(r"<x:xmpmeta.*?</x:xmpmeta>", q, re.S)
        check(xmp is not None, "%s: no XMP packet" % name)
        xmp = xmp.group(0) if xmp else ""
        check("<pdfaid:part>1</pdfaid:part>" in xmp and "<pdfaid:conformance>B</pdfaid:conformance>" in xmp,
              "%s: XMP does not declare PDF/A-1b" % name)
        info = dict(l.split(":", 1) for l in run(["pdfinfo", "-isodates", pdf]).stdout.splitlines() if ":" in l)
        title = info.get("Title", "").strip()
        t = re.search(r"<dc:title>.*?<rdf:li[^>]*>(.*?)</rdf:li>", xmp, re.S)
        check(t is not None and t.group(1).replace("&amp;", "&") == title,
              "%s: XMP title %r is not the Title %r" % (name, t and t.group(1), title))
        created = info.get("CreationDate", "").strip()
        xd = re.search(r"<xmp:CreateDate>(.*?)</xmp:CreateDate>", xmp)
        check(xd is not None and xd.group(1).startswith(created.rstrip("Z").split("+")[0]),
              "%s: XMP CreateDate %s does not match %s" % (name, xd and xd.group(1), created))
        intents = [d for _, d in dicts if d.get("/S") == "/GTS_PDFA1"]
        check(len(intents) == 1 and "/DestOutputProfile" in intents[0],
              "%s: no sRGB GTS_PDFA1 output intent with a profile" % name)
        check("not encrypted" in run(["qpdf", "--show-encryption", pdf]).stdout.lower(),
              "%s: encrypted" % name)
        fonts = run(["pdffonts", pdf]).stdout.splitlines()[2:]
        check(fonts and all(r.split()[-5] == "yes" for r in fonts), "%s: a font is not embedded" % name)
        cidfonts = [d for _, d in dicts if d.get("/Subtype") == "/CIDFontType2"]
        for d in cidfonts:
            fd = obj_dict(objs.get("obj:" + d.get("/FontDescriptor", ""), {})) or {}
            check("/CIDSet" in fd, "%s: %s has no /CIDSet" % (name, d.get("/BaseFont")))
        annots = [d for _, d in dicts if d.get("/Subtype") == "/Link"]
        check(all(d.get("/F") == 4 for d in annots), "%s: a link annotation is not printable (/F 4)" % name)
        check(not any("/SMask" in d for _, d in dicts), "%s: transparency (/SMask)" % name)


def tagged(ap, tmp):
    pdf = os.path.join(tmp, "tagged.pdf")
    # Without --pdfa: poppler's -struct-text is several times slower on a
    # file with an ICC output intent (the pdfa test covers that file).
    build(ap, pdf)
    info = run(["pdfinfo", pdf]).stdout
    check(re.search(r"^Tagged:\s+yes", info, re.M) is not None, "pdfinfo does not report Tagged: yes")
    q = qdf(pdf)
    check(re.search(r"/Lang \(en-GB\)", q) is not None, "no /Lang (en-GB)")
    check(re.search(r"/Marked true", q) is not None, "no MarkInfo Marked true")
    check(re.search(r"/DisplayDocTitle true", q) is not None, "no DisplayDocTitle")
    check("<pdfuaid:part>1</pdfuaid:part>" in q, "no pdfuaid:part 1")
    st = run(["pdfinfo", "-struct-text", pdf]).stdout
    # Headings in the structure tree, in order, against the papers' own.
    heads = [m.group(2) for m in re.finditer(r'^\s*H([123])\b.*\n\s*"(.*)"', st, re.M)]
    want = []
    for f in ("escb-update.yaml", "work-programme.yaml"):
        with open(os.path.join(EX, f), encoding="utf-8") as fh:
            for line in fh:
                m = re.match(r"\s*- heading:\s*(.*)$", line)
                if m:
                    want.append(m.group(1).strip().strip("\"'"))
    pos = 0
    for h in want:
        try:
            pos = heads.index(h, pos) + 1
        except ValueError:
            check(False, "heading %r is missing from the structure tree or out of order" % h)
            break
    kinds = set(re.findall(r"^\s*([A-Z][A-Za-z0-9]*)\b", st, re.M))
    for k in ("Document", "Sect", "H1", "P", "L", "LI", "Lbl", "LBody", "Table", "TR", "TH", "TD",
              "Figure", "Link", "TOC", "TOCI"):
        check(k in kinds, "no %s element in the structure tree" % k)
    objs = qpdf_objects(pdf)
    figs = [obj_dict(o) for o in objs.values()
            if isinstance(obj_dict(o), dict) and obj_dict(o).get("/S") == "/Figure"]
    check(figs and all("/Alt" in f for f in figs), "a Figure without /Alt")
    tagged_words = set(re.findall(r"\w+", " ".join(re.findall(r'"(.*)"', st)).lower()))
    text = run(["pdftotext", pdf, "-"]).stdout
    words = [w for w in re.findall(r"\w+", re.sub(r"\bPage\s+\d+\b|Agenda item \d+", " ", text).lower())]
    missing = [w for w in words if w not in tagged_words]
    check(len(missing) <= 0.02 * max(1, len(words)),
          "%d of %d words are in no structure element (e.g. %s)" % (len(missing), len(words), missing[:5]))
    # --no-tagged writes no structure at all.
    plain = os.path.join(tmp, "plain.pdf")
    build(ap, plain, "--no-tagged")
    check("/StructTreeRoot" not in qdf(plain), "--no-tagged still writes a structure tree")


def draft(ap, tmp):
    pdf = os.path.join(tmp, "draft.pdf")
    build(ap, pdf, "--draft", src=EX + "/minutes-2018-01-11.yaml")
    n = int(re.search(r"Pages:\s+(\d+)", run(["pdfinfo", pdf]).stdout).group(1))
    # poppler's text extraction leaves out diagonal text, so read the
    # content streams: each page draws "DRAFT" (as UTF-16 codes) turned
    # by 45 degrees, in a pale grey, before anything else.
    word = "<" + "".join("%04X" % ord(c) for c in "DRAFT") + "> Tj"
    pages = re.split(r"%% Contents for page \d+", qdf(pdf))[1:]
    check(len(pages) == n, "found %d content streams for %d pages" % (len(pages), n))
    for i, c in enumerate(pages, 1):
        m = re.search(r"([\d.]+) ([\d.]+) -([\d.]+) ([\d.]+) [\d.]+ [\d.]+ Tm\s*" + re.escape(word), c)
        check(m is not None and abs(float(m.group(1)) - 0.70711) < 1e-3,
              "page %d has no DRAFT watermark turned 45 degrees" % i)
    plain = os.path.join(tmp, "final.pdf")
    build(ap, plain, src=EX + "/minutes-2018-01-11.yaml")
    check(word not in qdf(plain), "DRAFT without --draft")


def largeprint(ap, tmp):
    pdf = os.path.join(tmp, "lp.pdf")
    dump = os.path.join(tmp, "lp.txt")
    build(ap, pdf, "--layout", "large-print", "--dump", dump)
    sizes = {}
    with open(dump, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\s+text \S+ \S+ f\d+ (\S+) ", line)
            if m:
                sizes[float(m.group(1))] = sizes.get(float(m.group(1)), 0) + 1
    body = max(sizes, key=sizes.get)
    check(body >= 16, "large print: the most common text size is %.1f pt" % body)
    # pdftotext's word boxes: the typical word is at least 16 pt tall.
    html = run(["pdftotext", "-bbox", pdf, "-"]).stdout
    hs = sorted(float(m.group(2)) - float(m.group(1))
                for m in re.finditer(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', html))
    check(hs and hs[len(hs) // 2] >= 16, "large print: median word box %.1f pt tall" % (hs[len(hs) // 2] if hs else 0))


def main():
    if len(sys.argv) != 4:
        print(__doc__)
        return 2
    ap, root, what = os.path.abspath(sys.argv[1]), sys.argv[2], sys.argv[3]
    for tool in ("qpdf", "pdftotext", "pdfinfo", "pdffonts"):
        if not shutil.which(tool):
            print("skip: %s is missing" % tool)
            return 77
    os.chdir(root)
    with tempfile.TemporaryDirectory() as tmp:
        {"reproducible": reproducible, "pdfa": pdfa, "tagged": tagged, "draft": draft,
         "largeprint": largeprint}[what](ap, tmp)
    print("%s: %d failures" % (what, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

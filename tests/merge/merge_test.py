#!/usr/bin/env python3
"""merge_test.py AGENDAPACK - PDF appendices (issue 9), end to end.

Builds the fixtures (fixtures.py, qpdf) in a temporary folder, packs
them, and reads the pack back with poppler and qpdf only:

- each appendix page's text is on the right pack page, with "Page N"
  and, first in an item, "Agenda item N"; the contents ranges count the
  appendix pages; the outline names each appendix under its item;
- page sizes: US Letter, landscape, the crop box, rotations applied;
- rotated, Letter and cropped pages are upright: the big black square
  each fixture draws at its displayed top left is in the same quadrant
  of the pack page (pdftoppm) as of the appendix page itself;
- links: a URI kept, a link within the appendix re-pointed at the
  placeholder page, a link outside the selection and a Text annotation
  left out with warnings;
- tagged output: a Figure with alt text "Appendix A, page 1";
- the same input gives the same bytes;
- errors are located: broken, password-encrypted, a selection outside
  the file; with --pdfa: owner-encrypted, unembedded fonts, a Text
  annotation; nothing is written;
- the Essex example (with its PDF appendix) passes check-pack, also
  with --pdfa --tagged, when the checker is found;
- a 200-page appendix adds under half a second of CPU to the build.
"""
import json
import os
import re
import resource
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


HEAD = fixtures.MEETING_HEAD

MEETING = HEAD + """  - title: Budget
    papers:
      - pdf: letter.pdf
        title: "Appendix A: Budget monitoring, quarter 3"
        pages: 1-2
  - title: Maps
    papers:
      - pdf: landscape.pdf
        title: "Appendix B: Map"
      - pdf: cropped.pdf
        title: "Appendix C: Cropped"
      - pdf: inherited.pdf
        title: "Appendix D: Inherited"
      - pdf: rotated.pdf
        title: "Appendix E: Rotated"
      - pdf: minus90.pdf
        title: "Appendix F: Minus ninety"
      - pdf: annotated.pdf
        title: "Appendix G: Annotated"
# One standing page after the front sheet (the shipped styles have none),
# so the appendices start on page 3.
standing:
  - Standing information page.
"""

# pack page -> (fixture, page in it, text, displayed size)
EXPECT = {
    3: ("letter.pdf", 1, "Letter appendix first page", (612, 792)),
    4: ("letter.pdf", 2, "Letter appendix second page", (612, 792)),
    5: ("landscape.pdf", 1, "Landscape appendix page", (842, 595)),
    6: ("cropped.pdf", 1, "Cropped appendix page", (400, 600)),
    7: ("inherited.pdf", 1, "Inherited appendix first page", (842, 595)),
    8: ("inherited.pdf", 2, "Inherited appendix second page", (842, 595)),
    9: ("rotated.pdf", 1, "Rotated appendix page 1", (842, 595)),
    10: ("rotated.pdf", 2, "Rotated appendix page 2", (595, 842)),
    11: ("rotated.pdf", 3, "Rotated appendix page 3", (842, 595)),
    12: ("rotated.pdf", 4, "Rotated appendix page 4", (842, 595)),
    13: ("minus90.pdf", 1, "Minus ninety appendix page", (842, 595)),
    14: ("annotated.pdf", 1, "Annotated appendix page", (595, 842)),
}


def page_text(pdf, n):
    return run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), pdf, "-"]).stdout


def page_size(pdf, n):
    out = run(["pdfinfo", "-f", str(n), "-l", str(n), pdf]).stdout
    m = re.search(r"Page\s+%d size:\s+([\d.]+) x ([\d.]+)" % n, out)
    rot = re.search(r"Page\s+%d rot:\s+(\d+)" % n, out)
    w, h = float(m.group(1)), float(m.group(2))
    if rot and int(rot.group(1)) % 180:
        w, h = h, w
    return round(w), round(h)


def dark_quadrant(pdf, n, tmp):
    """The quadrant (0 top left, 1 top right, 2 bottom left, 3 bottom
    right) with the most dark pixels of page n, as pdftoppm shows it."""
    base = os.path.join(tmp, "q")
    run(["pdftoppm", "-r", "20", "-gray", "-f", str(n), "-l", str(n), "-singlefile", pdf, base])
    with open(base + ".pgm", "rb") as f:
        data = f.read()
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+(\d+)\s", data)
    w, h = int(m.group(1)), int(m.group(2))
    px = data[m.end():]
    counts = [0, 0, 0, 0]
    for y in range(h):
        row = px[y * w:(y + 1) * w]
        for x in range(w):
            if row[x] < 64:
                counts[(2 if y >= h / 2 else 0) + (1 if x >= w / 2 else 0)] += 1
    return counts.index(max(counts))


def annots(pdf):
    """Per page (1-based): a list of (subtype, URI or None, target page)."""
    j = json.loads(run(["qpdf", "--json", "--json-key=pages", "--json-key=qpdf", pdf]).stdout)
    objs, pages = j["qpdf"][1], j["pages"]
    index = {p["object"]: i + 1 for i, p in enumerate(pages)}

    def val(v):
        if isinstance(v, str) and v.endswith(" R"):
            o = objs.get("obj:" + v, {})
            return o.get("value", o.get("stream", {}).get("dict"))
        return v
    res = {}
    for i, p in enumerate(pages):
        for a in val(val(p["object"]).get("/Annots")) or []:
            ad = val(a)
            act = val(ad.get("/A")) or {}
            dest = val(ad.get("/Dest"))
            uri = act.get("/URI")
            res.setdefault(i + 1, []).append(
                (ad.get("/Subtype"), uri[2:] if uri else None,
                 index.get(dest[0]) if isinstance(dest, list) else None))
    return res, objs


def outline(pdf):
    out = json.loads(run(["qpdf", "--json", "--json-key=outlines", pdf]).stdout)
    flat = []

    def walk(items, depth):
        for o in items:
            flat.append((depth, o["title"], o.get("destpageposfrom1")))
            walk(o.get("kids", []), depth + 1)
    walk(out.get("outlines", []), 0)
    return flat


def sanitized(exe):
    """True when exe was built with ASan or UBSan (its symbols say so, or
    .ci/run's sanitizer options are set): CPU times mean nothing then."""
    if "ASAN_OPTIONS" in os.environ or "UBSAN_OPTIONS" in os.environ:
        return True
    with open(exe, "rb") as f:
        data = f.read()
    return b"__asan_init" in data or b"__ubsan_handle_" in data


def cpu_build(exe, meeting, out, cwd, env):
    best = None
    for _ in range(3):
        r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
        p = subprocess.run([exe, "build", meeting, "-o", out], cwd=cwd, env=env,
                           capture_output=True)
        r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = r1.ru_utime - r0.ru_utime + r1.ru_stime - r0.ru_stime
        check(p.returncode == 0, "timing build of %s failed" % meeting)
        best = t if best is None else min(best, t)
    return best


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: merge_test.py AGENDAPACK")
    exe = os.path.abspath(sys.argv[1])
    for tool in ("qpdf", "pdftotext", "pdfinfo", "pdftoppm"):
        if not shutil.which(tool):
            print("SKIP: %s is missing (apt-get install qpdf poppler-utils)" % tool)
            return 77
    tmp = tempfile.mkdtemp(prefix="merge-test-")
    env = dict(os.environ, SOURCE_DATE_EPOCH="1518084000")
    try:
        fixtures.main(tmp)
        with open(os.path.join(tmp, "meeting.yaml"), "w") as f:
            f.write(MEETING)
        p = run([exe, "build", "meeting.yaml", "-o", "pack.pdf", "--manifest", "pack.json"],
                cwd=tmp, env=env)
        if not check(p.returncode == 0, "build failed (%d): %s" % (p.returncode, p.stderr)):
            return 1
        pdf = os.path.join(tmp, "pack.pdf")
        err = p.stderr
        check(re.search(r"meeting\.yaml:\d+:\d+: warning: letter\.pdf: page 1: a link to a "
                        r"page outside the selection was left out", err) is not None,
              "no warning for the link outside the selection: %s" % err)
        check(re.search(r"meeting\.yaml:\d+:\d+: warning: annotated\.pdf: page 1: a Text "
                        r"annotation \(only links are kept\) was left out", err) is not None,
              "no warning for the Text annotation: %s" % err)
        check("not itself accessible" in err, "no warning that the appendix is not tagged")

        # Pages, text, stamps, sizes, orientation.
        npages = int(re.search(r"Pages:\s+(\d+)", run(["pdfinfo", pdf]).stdout).group(1))
        check(npages == 14, "the pack has %d pages, not 14" % npages)
        man = json.load(open(os.path.join(tmp, "pack.json")))
        ranges = {it["number"]: (it["first_page"], it["last_page"]) for it in man["items"]}
        check(ranges == {"1": (3, 4), "2": (5, 14)}, "manifest ranges %s" % ranges)
        front = page_text(pdf, 1)
        check(re.search(r"3\s*-\s*4", front) and re.search(r"5\s*-\s*14", front),
              "the contents does not print 3 - 4 and 5 - 14")
        for n, (fx, fpage, text, size) in sorted(EXPECT.items()):
            t = page_text(pdf, n)
            check(text in t, "page %d lacks %r" % (n, text))
            check(re.search(r"\bPage %d\b" % n, t), "page %d lacks its 'Page %d' stamp" % (n, n))
            if n in (3, 5):
                item = "1" if n == 3 else "2"
                check("Agenda item %s" % item in t, "page %d lacks 'Agenda item %s'" % (n, item))
            got = page_size(pdf, n)
            check(all(abs(a - b) <= 1 for a, b in zip(got, size)),
                  "page %d is %s, not %s" % (n, got, size))
            src = os.path.join(tmp, fx)
            qa, qb = dark_quadrant(src, fpage, tmp), dark_quadrant(pdf, n, tmp)
            check(qa == qb, "page %d (%s page %d) is not shown as the appendix shows it: "
                  "its square is in quadrant %d, not %d" % (n, fx, fpage, qb, qa))
        check("OUTSIDECROP" not in page_text(pdf, 6), "text outside the crop box shows")
        check("Letter appendix third page" not in run(["pdftotext", pdf, "-"]).stdout,
              "a page outside the selection is in the pack")

        # Links.
        an, objs = annots(pdf)
        check(("/Link", "https://www.essex.gov.uk/budget", None) in an.get(3, []),
              "the URI link of letter.pdf page 1 is missing: %s" % an.get(3))
        check(("/Link", None, 4) in an.get(3, []),
              "the link to letter.pdf page 2 does not point at pack page 4: %s" % an.get(3))
        check(len(an.get(3, [])) == 2, "page 3 has %d links, not 2" % len(an.get(3, [])))
        check(an.get(14) == [("/Link", "https://example.org/annotated", None)],
              "annotated.pdf: %s" % an.get(14))

        # Outline: each appendix under its item.
        ol = outline(pdf)
        check((1, "Appendix A: Budget monitoring, quarter 3", 3) in ol,
              "no outline entry for Appendix A under item 1: %s" % ol)
        check((1, "Appendix E: Rotated", 9) in ol, "no outline entry for Appendix E")

        # Tagged: Figures with alt text naming the pages.
        alts = [o["value"].get("/Alt") for o in objs.values()
                if isinstance(o.get("value"), dict) and o["value"].get("/S") == "/Figure"]
        check("u:Appendix A, page 1" in alts and "u:Appendix E, page 4" in alts,
              "Figure alt texts: %s" % alts[:6])

        links = [o["value"] for o in objs.values() if isinstance(o.get("value"), dict)
                 and o["value"].get("/Subtype") == "/Link"
                 and o["value"].get("/Contents", "").startswith("u:Link to")]
        check(len(links) == 3 and all("/StructParent" in l for l in links),
              "rebuilt links are not tagged: %s" % links)

        # The same input gives the same bytes.
        run([exe, "build", "meeting.yaml", "-o", "again.pdf"], cwd=tmp, env=env)
        check(open(pdf, "rb").read() == open(os.path.join(tmp, "again.pdf"), "rb").read(),
              "two builds of the same input differ")
        rc = run(["qpdf", "--check", pdf])
        check(rc.returncode == 0, "qpdf --check: %s" % rc.stdout[-300:])

        # Errors, located at the paper.
        bad = HEAD + """  - title: Bad
    papers:
      - pdf: broken.pdf
        title: Appendix A
      - pdf: encrypted.pdf
        title: Appendix B
      - pdf: letter.pdf
        title: Appendix C
        pages: 2-7
"""
        with open(os.path.join(tmp, "bad.yaml"), "w") as f:
            f.write(bad)
        p = run([exe, "build", "bad.yaml", "-o", "bad.pdf"], cwd=tmp, env=env)
        check(p.returncode == 65, "bad.yaml: exit %d, not 65" % p.returncode)
        check(not os.path.exists(os.path.join(tmp, "bad.pdf")), "bad.yaml: a PDF was written")
        for pat in (r"^bad\.yaml:10:9: error: broken\.pdf: \S",
                    r"^bad\.yaml:12:9: error: encrypted\.pdf: the file is encrypted with a password",
                    r"^bad\.yaml:14:9: error: letter\.pdf: the selection 2-7 is outside the file, "
                    r"which has 3 pages"):
            check(re.search(pat, p.stderr, re.M), "bad.yaml: no %r in %s" % (pat, p.stderr))
        pdfa = HEAD + """  - title: Not PDF/A
    papers:
      - pdf: owneronly.pdf
        title: Appendix A
      - pdf: letter.pdf
        title: Appendix B
      - pdf: annotated.pdf
        title: Appendix C
      - pdf: manyproblems.pdf
        title: Appendix D
"""
        with open(os.path.join(tmp, "pdfa.yaml"), "w") as f:
            f.write(pdfa)
        p = run([exe, "build", "pdfa.yaml", "-o", "pdfa.pdf"], cwd=tmp, env=env)
        check(p.returncode == 0, "pdfa.yaml without --pdfa: exit %d: %s" % (p.returncode, p.stderr))
        # Every PDF/A problem in one run, from build and from check alike:
        # each appendix, each page, each problem (a shared font once).
        want = [r"pdfa.yaml:10:9: error: owneronly.pdf: the file is encrypted, which "
                r"PDF/A-1b forbids: decrypt it first (qpdf --decrypt in.pdf out.pdf)",
                r"pdfa.yaml:10:9: error: owneronly.pdf: page 1: the font Helvetica is not "
                r"embedded, which PDF/A-1b forbids",
                r"pdfa.yaml:12:9: error: letter.pdf: page 1: the font Helvetica is not "
                r"embedded, which PDF/A-1b forbids",
                r"pdfa.yaml:14:9: error: annotated.pdf: page 1: it has a Text annotation, "
                r"which PDF/A-1b forbids",
                r"pdfa.yaml:14:9: error: annotated.pdf: page 1: the font Helvetica is not "
                r"embedded, which PDF/A-1b forbids",
                r"pdfa.yaml:16:9: error: manyproblems.pdf: page 1: it is a transparency "
                r"group, which PDF/A-1b forbids",
                r"pdfa.yaml:16:9: error: manyproblems.pdf: page 1: it has a Text "
                r"annotation, which PDF/A-1b forbids",
                r"pdfa.yaml:16:9: error: manyproblems.pdf: page 1: the font Helvetica is "
                r"not embedded, which PDF/A-1b forbids",
                r"pdfa.yaml:16:9: error: manyproblems.pdf: page 2: it has a Square "
                r"annotation, which PDF/A-1b forbids"]
        for cmd in (["build", "pdfa.yaml", "-o", "pdfa2.pdf", "--pdfa"],
                    ["check", "pdfa.yaml", "--pdfa"]):
            p = run([exe] + cmd, cwd=tmp, env=env)
            check(p.returncode == 65, "pdfa.yaml %s: exit %d, not 65" % (cmd, p.returncode))
            errs = [l for l in p.stderr.splitlines() if ": error: " in l]
            check(errs == want, "%s --pdfa: want\n%s\ngot\n%s" % (
                cmd[0], "\n".join(want), p.stderr))
        check(not os.path.exists(os.path.join(tmp, "pdfa2.pdf")), "--pdfa: a PDF was written")
        p = run([exe, "check", "pdfa.yaml"], cwd=tmp, env=env)
        check(p.returncode == 0, "pdfa.yaml check without --pdfa: exit %d: %s" % (
            p.returncode, p.stderr))

        # An officer's 'alt' description answers the untagged warning and
        # becomes the pages' alt text ("(page 2 of 2)" on a longer file).
        with open(os.path.join(tmp, "alt.yaml"), "w") as f:
            f.write(HEAD + """  - title: Described
    papers:
      - pdf: landscape.pdf
        title: "Appendix A: Map"
        alt: A map of the site.
      - pdf: inherited.pdf
        title: "Appendix B: Two pages"
        alt: Two pages of figures.
      - pdf: cropped.pdf
        title: "Appendix C: Undescribed"
""")
        p = run([exe, "build", "alt.yaml", "-o", "alt.pdf"], cwd=tmp, env=env)
        warns = [l for l in p.stderr.splitlines() if "not itself accessible" in l]
        check(p.returncode == 0 and len(warns) == 1 and "cropped.pdf" in warns[0],
              "alt: want the one warning for cropped.pdf: %s" % p.stderr)
        if p.returncode == 0:
            _, aobjs = annots(os.path.join(tmp, "alt.pdf"))
            alts = sorted(o["value"].get("/Alt") for o in aobjs.values()
                          if isinstance(o.get("value"), dict)
                          and o["value"].get("/S") == "/Figure")
            check(alts == ["u:A map of the site.", "u:Appendix C, page 1",
                           "u:Two pages of figures. (page 1 of 2)",
                           "u:Two pages of figures. (page 2 of 2)"],
                  "alt: Figure alt texts %s" % alts)
        with open(os.path.join(tmp, "alt-bad.yaml"), "w") as f:
            f.write(HEAD + """  - title: Bad
    papers:
      - pdf: landscape.pdf
        alt: "  "
      - file: nothing.yaml
        alt: A report.
""")
        p = run([exe, "check", "alt-bad.yaml"], cwd=tmp, env=env)
        check(p.returncode == 65 and
              "alt-bad.yaml:11:14: error: 'alt' must describe the appendix" in p.stderr and
              "alt-bad.yaml:13:14: error: 'alt' is only for a 'pdf' paper" in p.stderr,
              "alt-bad.yaml: %s" % p.stderr)

        # The Essex example and the independent checker.
        essex = os.path.join(ROOT, "examples", "essex-paf-2018-02-08", "meeting.yaml")
        cp = os.environ.get("CHECK_PACK") or os.path.normpath(
            os.path.join(ROOT, "..", "shared", "tools", "check-pack"))
        for opts in ([], ["--pdfa", "--tagged"]):
            out = os.path.join(tmp, "essex.pdf")
            mf = os.path.join(tmp, "essex.json")
            p = run([exe, "build", essex, "-o", out, "--manifest", mf] + opts, env=env)
            # The README's first command: the example builds without a warning.
            if not check(p.returncode == 0 and "warning" not in p.stderr,
                         "essex %s: %s" % (opts, p.stderr)):
                continue
            t = run(["pdftotext", out, "-"]).stdout
            check("ESCB budget monitoring: quarter 3" in t and "Partners" in t,
                  "essex %s: the appendix's text is missing" % opts)
            if os.path.isfile(cp):
                r = run([sys.executable, cp, out, "--manifest", mf] + opts)
                check(r.returncode == 0, "check-pack %s: %s" % (opts, r.stdout[-600:]))

        # A 200-page appendix adds under half a second (CPU, best of 3).
        with open(os.path.join(tmp, "short.yaml"), "w") as f:
            f.write(HEAD + "  - title: Short\n    papers:\n      - pdf: letter.pdf\n"
                    "        title: Appendix A\n        pages: 1\n")
        with open(os.path.join(tmp, "long.yaml"), "w") as f:
            f.write(HEAD + "  - title: Long\n    papers:\n      - pdf: long.pdf\n"
                    "        title: Appendix A\n")
        ts = cpu_build(exe, "short.yaml", "short.pdf", tmp, env)
        tl = cpu_build(exe, "long.yaml", "long-pack.pdf", tmp, env)
        print("a 200-page appendix adds %.3f s of CPU (%.3f s against %.3f s)" % (tl - ts, tl, ts))
        if sanitized(exe):
            print("not timed: the program is built with a sanitizer")
        else:
            check(tl - ts < 0.5, "a 200-page appendix adds %.2f s (limit 0.5 s)" % (tl - ts))
    finally:
        status = check.finish("merge", tmp)
    return status


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""welsh.py AGENDAPACK - the bilingual example (issue 14):
examples/glanrhyd-scrutiny-2026-03-05, built with languages: [cy, en-GB]
from a scratch folder, public and full editions.

- pdftotext finds "Tudalen N" and "Page N" on every page, Welsh dates
  (Dydd Iau, 05 Mawrth 2026; 22 Ionawr 2026) and the English ones;
- each item's first page says "Eitem agenda N / Agenda item N";
- the document language is cy and structure elements carry en-GB
  (each English piece its own /Lang);
- the manifest carries both titles;
- check-pack --tagged with the manifest: 0 failed (when ../shared has it).
Skips (77) without pdftotext or qpdf.
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
EX = os.path.join(ROOT, "examples", "glanrhyd-scrutiny-2026-03-05", "meeting.yaml")


def quiet(err):
    """stderr holds nothing but the summary line ("wrote X: N pages")."""
    return all(l.startswith("wrote ") for l in err.splitlines())


def main():
    exe = os.path.abspath(sys.argv[1])
    for t in ("pdftotext", "qpdf"):
        if not shutil.which(t):
            print("SKIP: %s missing (apt-get install poppler-utils qpdf)" % t)
            return 77
    fails = []

    def check(ok, what):
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            fails.append(what)

    cp = os.environ.get("CHECK_PACK") or os.path.normpath(
        os.path.join(ROOT, "..", "shared", "tools", "check-pack"))
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, SOURCE_DATE_EPOCH="1518048000")
        for edition in ("public", "full"):
            pdf, man = tmp + "/%s.pdf" % edition, tmp + "/%s.json" % edition
            r = subprocess.run([exe, "build", EX, "-o", pdf, "--manifest", man,
                                "--edition", edition], cwd=tmp, env=env,
                               capture_output=True, text=True)
            check(r.returncode == 0 and quiet(r.stderr),
                  "%s: builds: %s" % (edition, r.stderr))
            if r.returncode != 0:
                continue
            pages = subprocess.run(["pdftotext", "-layout", pdf, "-"],
                                   capture_output=True, text=True).stdout.split("\f")
            pages = [re.sub(r"\s+", " ", p) for p in pages if p.strip()]
            bad = [i + 1 for i, p in enumerate(pages)
                   if not re.search(r"\bTudalen %d\b" % (i + 1), p)
                   or not re.search(r"\bPage %d\b" % (i + 1), p)]
            check(len(pages) >= 5 and not bad,
                  "%s: Tudalen and Page on all %d pages (not on %r)"
                  % (edition, len(pages), bad))
            t = " ".join(pages)
            for w in ("Dydd Iau, 05 Mawrth 2026", "Thursday, 05 March 2026",
                      "Dydd Iau, 22 Ionawr 2026", "Cytunwyd ar y canlynol:",
                      "Eitemau Eithriedig / Exempt Items", "Cadeirydd / Chair"):
                check(w in t, "%s: %r" % (edition, w))
            m = json.load(open(man))
            firsts = {it["first_page"]: it["number"] for it in m["items"]
                      if it["first_page"]}
            badi = [n for pg, n in firsts.items() if "Eitem agenda %s / Agenda "
                    "item %s" % (n, n) not in pages[pg - 1]]
            check(firsts and not badi, "%s: item stamps in both (%r)" % (edition, badi))
            check(any(it["title"] == "Presenoldeb mewn ysgolion / School attendance"
                      for it in m["items"]), "%s: the manifest carries both titles"
                  % edition)
            q = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", pdf,
                                "-"], capture_output=True).stdout.decode("latin-1")
            cat = [o for o in re.split(r"\nendobj", q) if "/Type /Catalog" in o]
            check(len(cat) == 1 and "/Lang (cy)" in cat[0],
                  "%s: the document's language is cy" % edition)
            n_en = len(re.findall(r"/Lang \(en-GB\)", q))
            check(n_en >= 10, "%s: %d structure elements in en-GB" % (edition, n_en))
            if edition == "full":
                check("NID I'W GYHOEDDI / NOT FOR PUBLICATION" in t,
                      "full: the exempt paper marked in both")
            if os.path.isfile(cp):
                c = subprocess.run([cp, "--tagged", pdf, "--manifest", man],
                                   capture_output=True, text=True)
                check(c.returncode == 0 and " 0 failed" in c.stdout,
                      "%s: check-pack --tagged --manifest: %s"
                      % (edition, c.stdout.strip().splitlines()[-1:]))
            else:
                print("SKIP check-pack: not found (set CHECK_PACK or ../shared)")
        # publish: the minutes' web page in the style's words, both languages.
        site = os.path.join(tmp, "site")
        r = subprocess.run([exe, "publish", EX, "-o", site], cwd=tmp, env=env,
                           capture_output=True, text=True)
        check(r.returncode == 0, "publish: %s" % r.stderr[-300:])
        pages = [f for f in os.listdir(site) if "minutes" in f and f.endswith(".html")] \
            if r.returncode == 0 else []
        check(len(pages) == 1, "publish: one minutes page (%r)" % pages)
        for f in pages:
            h = open(os.path.join(site, f), encoding="utf-8").read()
            h = h[h.find("<main"):]           # the page's chrome is English yet
            for w in ("Cofnodion cyfarfod", "Dydd Iau, 22 Ionawr 2026",
                      "Yn bresennol: / Present:", "Cadeirydd / Chair", "Dyddiad / Date"):
                check(w in h, "publish: the minutes page says %r" % w)
            check(h.count("Present:") == h.count("Yn bresennol: / Present:"),
                  "publish: the minutes page has English-only phrases")
        # ... and the agenda page's own words: Welsh first, labels in both.
        if r.returncode == 0:
            h = open(os.path.join(site, "index.html"), encoding="utf-8").read()
            for w in ("Neidio i'r prif gynnwys / Skip to main content",
                      "Dogfennau / Documents", "Cyswllt / Contact", "Dyddiad / Date",
                      "Papurau eitem 1 (PDF, 1 dudalen,", "Eitem 1 yn y pecyn agenda, tudalen"):
                check(w.replace("'", "&#39;") in h or w in h,
                      "publish: the agenda page says %r" % w)
    print("%d failed" % len(fails))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())

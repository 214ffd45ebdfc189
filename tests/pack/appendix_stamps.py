#!/usr/bin/env python3
"""appendix_stamps.py AGENDAPACK - stamps on appendix pages (issue 13).

On a PDF appendix's pages the pack's stamps (running header and footer,
"Page N", "Agenda item N", NOT FOR PUBLICATION) must not land on the
appendix page's own marks.  The appendix page is drawn slightly scaled
between a band above and a band below that hold the stamps.  For the
Essex example in every shipped style (and the full edition), this reads
the text dump (--dump - -o -) and checks each placeholder page:

  - no stamp's line (baseline - size .. baseline + 0.3 size) overlaps the
    appendix page's box;
  - the appendix page keeps its proportions, is centred across the page,
    and is scaled only slightly (at least 0.8).

"""
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SRC = os.path.join(ROOT, "examples", "essex-paf-2018-02-08", "meeting.yaml")
RUNS = [["--layout", "default"], ["--layout", "large-print"], ["--layout", "borough"],
        ["--layout", "default", "--edition", "full"], ["--layout", "borough", "--duplex"]]
PAGE = re.compile(r"^page (\d+) ([\d.]+)x([\d.]+)")
PH = re.compile(r"^  placeholder ([\d.-]+) ([\d.-]+) ([\d.-]+) ([\d.-]+) ")
TEXT = re.compile(r'^  text ([\d.-]+) ([\d.-]+) f\d+ ([\d.]+) #[0-9a-f]+ "(.*)"')


def main(argv):
    exe = os.path.abspath(argv[1])
    bad = []
    checked = 0
    for args in RUNS:
        p = subprocess.run([exe, "build", SRC, "--dump", "-", "-o", "-"] + args,
                           capture_output=True, text=True,
                           env=dict(os.environ, SOURCE_DATE_EPOCH="1518048000"))
        if p.returncode != 0:
            print("FAIL %s: exit %d: %s" % (args, p.returncode, p.stderr))
            return 1
        pages = []
        for line in p.stdout.splitlines():
            m = PAGE.match(line)
            if m:
                pages.append({"n": m.group(1), "w": float(m.group(2)),
                              "h": float(m.group(3)), "ph": None, "texts": []})
                continue
            m = PH.match(line)
            if m and pages:
                pages[-1]["ph"] = tuple(float(g) for g in m.groups())
                continue
            m = TEXT.match(line)
            if m and pages:
                pages[-1]["texts"].append((float(m.group(2)), float(m.group(3)),
                                           m.group(4)))
        for pg in pages:
            if pg["ph"] is None:
                continue
            checked += 1
            x, y, w, h = pg["ph"]
            where = "%s page %s" % (" ".join(args), pg["n"])
            for (ty, size, s) in pg["texts"]:
                top, bottom = ty - size, ty + 0.3 * size
                if bottom > y and top < y + h:
                    bad.append("%s: the stamp %r (%.1f..%.1f) lands on the appendix "
                               "page (%.1f..%.1f)" % (where, s, top, bottom, y, y + h))
            scale = h / pg["h"]
            if abs(w / h - pg["w"] / pg["h"]) > 0.01:
                bad.append("%s: the appendix page lost its proportions" % where)
            if scale < 0.8 or scale > 1.0:
                bad.append("%s: the appendix page is scaled by %.3f" % (where, scale))
            if abs((x + w / 2) - pg["w"] / 2) > 0.5:
                bad.append("%s: the appendix page is not centred" % where)
            if not pg["texts"]:
                bad.append("%s: no stamps at all (not even the page number)" % where)
    for b in bad:
        print("FAIL " + b)
    if checked == 0:
        print("FAIL: no appendix placeholder pages found")
        return 1
    if bad:
        return 1
    print("ok: %d appendix pages, stamps clear of the appendix in %d runs"
          % (checked, len(RUNS)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

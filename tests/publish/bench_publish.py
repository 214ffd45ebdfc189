#!/usr/bin/env python3
"""Times 'agendapack publish' on a generated meeting of about PAGES pages
(100 items, each a report of PAGES/100 pages made by pubcommon.report)
and on the Essex example; prints wall, user and system seconds of each
run and the pages of the pack.  A benchmark, not a test (issue 17: the
Essex example under 1 s, a 1,000-page meeting under 3 s).

usage: bench_publish.py AGENDAPACK [PAGES] [RUNS]
"""
import json
import os
import resource
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import pubcommon as pc  # noqa: E402


def timed(exe, src, out):
    r0 = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    p = subprocess.run([exe, "publish", src, "-o", out, "--force"], capture_output=True,
                       text=True)
    wall = time.monotonic() - t0
    r1 = resource.getrusage(resource.RUSAGE_CHILDREN)
    if p.returncode != 0:
        sys.exit("publish failed: %s" % p.stderr)
    with open(os.path.join(out, "manifest.json"), encoding="utf-8") as f:
        pages = json.load(f)["pages"]
    return wall, r1.ru_utime - r0.ru_utime, r1.ru_stime - r0.ru_stime, pages


def main():
    exe = os.path.abspath(sys.argv[1])
    npages = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    with tempfile.TemporaryDirectory() as d:
        items = []
        per = max(1, npages // 100)
        for i in range(1, 101):
            name = "r%03d.yaml" % i
            with open(os.path.join(d, name), "w", encoding="utf-8") as f:
                f.write(pc.report(i, per))
            items.append('  - title: "Item %d"\n    papers:\n      - %s' % (i, name))
        pc.png(os.path.join(d, "chart.png"), 60, 40)
        src = os.path.join(d, "meeting.yaml")
        with open(src, "w", encoding="utf-8") as f:
            f.write("council: Bench Council\ncommittee: Bench Committee\n"
                    "date: 2018-02-08\ntime: \"10:30\"\nvenue: Hall\n"
                    "contact:\n  name: A Officer\nitems:\n%s\n" % "\n".join(items))
        for label, s in (("essex", pc.EXAMPLE), ("generated", src)):
            for _ in range(runs):
                w, u, sy, pages = timed(exe, s, os.path.join(d, "site-" + label))
                print("%-9s %5d pages  %.2f s wall  %.2f s user  %.2f s sys"
                      % (label, pages, w, u, sy))


if __name__ == "__main__":
    main()

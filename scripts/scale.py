#!/usr/bin/env python3
"""scripts/scale.py [AGENDAPACK] - the scale check of issue 6.

Generates, in a temporary folder, a meeting of 10,000 items (each with a
description) and a meeting whose one report holds a 5,000-row table,
builds each with /usr/bin/time -v and prints the elapsed time, peak
memory (maximum resident set size) and the pack's pages and size.  Not
a test: run it by hand (the figures are in the README's Limits section).
Run from the source root.
"""
import os
import re
import subprocess
import sys
import tempfile

HEAD = """council: Essex County Council
committee: People and Families Policy and Scrutiny Committee
date: 2018-02-08
time: "10:30"
venue: Committee Room 1, County Hall
contact:
  name: Gemma Bint
items:
"""


def many_items(n):
    return HEAD + "".join(
        "  - title: Item %d of the long agenda\n"
        "    description: To consider report (PAF/%d/18) on matter %d.\n"
        % (i, i, i) for i in range(1, n + 1))


def big_table(rows):
    meeting = HEAD + "  - title: The register\n    papers: [register.yaml]\n"
    paper = ("paper: report\nreference: PAF/99/18\ntitle: The register\n"
             "body:\n  - table:\n      columns:\n"
             "        - {title: Reference, width: 1}\n"
             "        - {title: Description, width: 4}\n"
             "        - {title: Amount, align: right}\n      rows:\n" +
             "".join("        - [R%05d, \"Contribution from partner %d towards "
                     "the board's work\", \"%d\"]\n" % (i, i, i * 37 % 10000)
                     for i in range(rows)))
    return meeting, paper


def build(exe, folder, name):
    out = os.path.join(folder, name.replace(".yaml", ".pdf"))
    r = subprocess.run(["/usr/bin/time", "-v", exe, "build",
                        os.path.join(folder, name), "-o", out],
                       capture_output=True, text=True)
    if r.returncode != 0:
        sys.exit("%s failed (%d):\n%s" % (name, r.returncode, r.stderr))
    wall = re.search(r"Elapsed \(wall clock\) time.*: (\S+)", r.stderr).group(1)
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)",
                        r.stderr).group(1))
    pages = subprocess.run(["pdfinfo", out], capture_output=True,
                           text=True).stdout
    m = re.search(r"Pages:\s+(\d+)", pages)
    return wall, rss, m.group(1) if m else "?", os.path.getsize(out)


def main():
    exe = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                          "build/agendapack")
    with tempfile.TemporaryDirectory(prefix="ap-scale-") as tmp:
        with open(os.path.join(tmp, "items.yaml"), "w") as f:
            f.write(many_items(10000))
        meeting, paper = big_table(5000)
        with open(os.path.join(tmp, "table.yaml"), "w") as f:
            f.write(meeting)
        with open(os.path.join(tmp, "register.yaml"), "w") as f:
            f.write(paper)
        print("| input | time | peak memory | pages | PDF |")
        print("|---|---|---|---|---|")
        for name, what in (("items.yaml", "meeting of 10,000 items"),
                           ("table.yaml", "report with a 5,000-row table")):
            wall, rss, pages, size = build(exe, tmp, name)
            print("| %s | %s | %.0f MB | %s | %.1f MB |" % (
                what, wall, rss / 1024, pages, size / 1e6))


if __name__ == "__main__":
    main()

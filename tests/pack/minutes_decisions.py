#!/usr/bin/env python3
"""Minutes that record decisions (fixtures/minutes-decisions, Eastmere
Borough Council, fictional; issue 16): a start time, declarations made
at the meeting, recorded votes (named and counted), resolutions worded
by the style ("RESOLVED:") and an exempt minute (paragraph 3 of
Schedule 12A).

- Standalone minutes (in the style their 'layout' names), public
  edition (the default): the exempt minute's
  text is not in pdftotext, the style's sentence with the statutory
  wording is; the votes' counts and names print; the start and closing
  times print in the style's minutes form (24-hour, as the meeting's
  time: "18:00", "20:15", never "8.15pm").
- --edition full: the exempt minute's text and its marking print.
- The meeting pack (public and full) carries the same minutes paper the
  same way; its exempt item given as 'exempt: 1' prints the statutory
  wording on the front sheet; pack_props and check-pack (when found)
  pass with the manifest.
- publish: no HTML page carries the exempt minute's text; the minutes'
  page has the sentence, the votes, "RESOLVED:" and the approval line.
- Welsh: 'exempt: 14' words Part 4 of Schedule 12A, in Welsh.

usage: minutes_decisions.py AGENDAPACK
"""
import glob
import os
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import common  # noqa: E402
import pack_props  # noqa: E402

DIR = os.path.join(common.FIXTURES, "minutes-decisions")
MINUTES = os.path.join(DIR, "minutes-2026-03-03.yaml")
MEETING = os.path.join(DIR, "meeting.yaml")
SECRET = "QUAYSIDE-OFFER-4471"
REPORT_SECRET = "ENFORCEMENT-SALARY-3310"
SENTENCE = ("Minute 7 contains exempt information as defined in paragraph 3 of "
            "Part 1 of Schedule 12A to the Local Government Act 1972 and is not "
            "published.")
FULL_MARK = ("Not for publication by virtue of paragraph 3 of Part 1 of "
             "Schedule 12A to the Local Government Act 1972.")
SHARED = [  # in every edition
    "held in Council Chamber, Eastmere Town Hall on Tuesday, 03 March 2026 at 18:00",
    "Declarations of interest \u2022 Councillor S Cole declared an other registrable interest",
    "Voting: For 4: Councillor R Ashdown, Councillor P Bright, Councillor T Dunmore, "
    "Councillor H Ellery Against 2: Councillor K Fenwick, Councillor L Garside "
    "Abstentions 0",
    "Voting: For 5 Against 1 Abstentions 1",
    "RESOLVED: 1. That planning permission be granted",
    "RESOLVED: That Tree Preservation Order 4/2026 be confirmed",
    "the meeting closed at 20:15.",
]


def text(pdf):
    """pdftotext -raw of pdf, whitespace collapsed."""
    return common.norm(subprocess.run(["pdftotext", "-raw", pdf, "-"],
                                      capture_output=True, text=True).stdout)


def check_minutes(c, t, what, full):
    """The shared wording, and the exempt minute as the edition prints it."""
    for w in SHARED:
        c.check(w in t, "%s: %r" % (what, w))
    c.check("8.15pm" not in t and "6.00pm" not in t, "%s: no 12-hour time" % what)
    if full:
        c.check(SECRET in t, "%s: the exempt minute's text is in" % what)
        c.check(FULL_MARK in t, "%s: the exempt minute is marked" % what)
        c.check("RESOLVED: That the sale to the preferred bidder" in t,
                "%s: the exempt minute's resolution is in" % what)
        c.check(SENTENCE not in t, "%s: no 'not published' sentence" % what)
    else:
        c.check(SECRET not in t, "%s: the exempt minute's text is left out" % what)
        c.check("preferred bidder" not in t, "%s: its resolution is left out" % what)
        c.check(SENTENCE in t, "%s: the style's sentence" % what)
        c.check("7 Disposal of the Quayside depot" in t, "%s: its heading" % what)


def main():
    exe = common.exe_from_argv()
    common.need_tools("pdftotext")
    c = common.Checks("minutes-decisions")
    with tempfile.TemporaryDirectory() as tmp:
        for ed, opts in (("public", []), ("full", ["--edition", "full"])):
            pdf = os.path.join(tmp, "minutes-%s.pdf" % ed)
            p = common.build(exe, MINUTES, "-o", pdf, *opts)  # its 'layout
            if not c.built(p, "minutes " + ed):
                return c.done()
            t = text(pdf)
            check_minutes(c, t, "minutes " + ed, ed == "full")
            c.check("Approved as a correct record at the meeting on 7 April 2026, "
                    "minute 2." in t, "minutes %s: the approval record" % ed)

            pdf = os.path.join(tmp, "pack-%s.pdf" % ed)
            js = os.path.join(tmp, "pack-%s.json" % ed)
            p = common.build(exe, MEETING, "-o", pdf, "--manifest", js, *opts)
            if not c.built(p, "pack " + ed):
                return c.done()
            c.extend(pack_props.check(pdf, js), "pack %s: " % ed)
            tool = common.check_pack_tool()
            if tool:
                r = subprocess.run([tool, pdf, "--manifest", js, "--tagged"],
                                   capture_output=True, text=True)
                c.check(r.returncode == 0, "pack %s: check-pack: %s" % (
                    ed, (r.stdout + r.stderr)[-600:]))
            t = text(pdf)
            check_minutes(c, t, "pack " + ed, ed == "full")
            c.check("Not for publication by virtue of paragraph 1 of Part 1 of "
                    "Schedule 12A to the Local Government Act 1972." in t,
                    "pack %s: 'exempt: 1' worded on the front sheet" % ed)
            c.check((REPORT_SECRET in t) == (ed == "full"),
                    "pack %s: the exempt item's paper %s" % (
                        ed, "in" if ed == "full" else "left out"))

        site = os.path.join(tmp, "site")
        r = subprocess.run([exe, "publish", MEETING, "-o", site],
                           capture_output=True, text=True)
        c.check(r.returncode == 0, "publish: exit %d, %s" % (r.returncode, r.stderr))
        pages = {}
        for f in glob.glob(os.path.join(site, "**", "*.html"), recursive=True):
            with open(f, encoding="utf-8") as fh:
                pages[os.path.basename(f)] = fh.read()
        c.check(pages and not [n for n, h in pages.items() if SECRET in h],
                "publish: no page carries the exempt minute's text")
        c.check(not [n for n, h in pages.items() if REPORT_SECRET in h],
                "publish: no page carries the exempt item's paper")
        c.check("Not for publication by virtue of paragraph 1 of Part 1 of Schedule "
                "12A" in common.norm(pages.get("index.html", "")),
                "publish: index.html words 'exempt: 1'")
        mins = [h for n, h in pages.items() if "minutes-2026-03-03" in n]
        c.check(len(mins) == 1, "publish: one minutes page (of %r)" % sorted(pages))
        if mins:
            h = common.norm(mins[0])
            for w in (SENTENCE, "RESOLVED:", "Abstentions", "Councillor K Fenwick",
                      SHARED[0], "closed at 20:15.",
                      "Approved as a correct record at the meeting on 7 April "
                      "2026, minute 2. Signed: Councillor R Ashdown, Chair"):
                c.check(w in h, "publish: the minutes page has %r" % w)

        # Welsh: paragraph 14 is in Part 4 of Schedule 12A (Wales).
        with open(MINUTES, encoding="utf-8") as f:
            cy = f.read().replace("exempt: 3", "exempt: 14").replace(
                "paper: minutes", "paper: minutes\nlanguage: cy").replace(
                "layout: eastmere", "")
        src = os.path.join(tmp, "cy.yaml")
        with open(src, "w", encoding="utf-8") as f:
            f.write(cy)
        pdf = os.path.join(tmp, "cy.pdf")
        p = common.build(exe, src, "-o", pdf)
        if c.built(p, "minutes cy"):
            t = text(pdf)
            c.check("Mae cofnod 7 yn cynnwys gwybodaeth eithriedig fel y'i diffinnir "
                    "yn paragraff 14 o Ran 4 o Atodlen 12A i Ddeddf Llywodraeth Leol "
                    "1972 ac nis cyhoeddir." in t, "cy: Part 4, in Welsh")
            c.check(SECRET not in t, "cy: the exempt minute's text is left out")
            c.check("am 18:00" in t, "cy: the start time")
    return c.done()


if __name__ == "__main__":
    sys.exit(main())

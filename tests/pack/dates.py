"""Dates and times in the style's forms (issue 15).

The Essex example prints the reference's forms: the front sheet's
"10:30 Thursday, 08 February 2018", the future-dates paper's ordinal
"Thursday 9th May 2019", the three report headers' own forms.  A district
council's meeting with a style of its own prints "6.00 pm", "Monday 9
March 2026" (no leading zero, no comma) and a numeric header date, and a
wrong form in a style is an error at its place.
"""
import os
import sys
import tempfile

from common import EXAMPLE, build, exe_from_argv, need_tools, run

MEETING = """\
council: Westbrook District Council
committee: Planning Committee
date: 2026-03-09
time: "18:00"
venue: Council Chamber, Westbrook House
contact:
  name: Sam Patel
  role: Democratic Services Officer
items:
  - title: Future meetings
    papers:
      - dates.yaml
"""

PAPER = """\
paper: report
title: Dates of meetings
header:
  - Report date: 2026-02-27
body:
  - "Proposed dates:"
  - dates:
      - 2026-04-13
      - 2026-05-11
"""

STYLE = """\
name: westbrook
dates:
  meeting: "{weekday} {d} {month} {yyyy}"
  list: ordinal
  report: numeric
times:
  meeting: 12h-space
"""

BAD_STYLE = """\
name: westbrook
dates:
  meeting: "{weekday} {day} {month}"
  list: ordinary
times:
  meeting: "{d}:{MM}"
"""


def text_of(exe, src, *opts):
    with tempfile.TemporaryDirectory() as t:
        out = os.path.join(t, "p.pdf")
        p = build(exe, src, "-o", out, *opts)
        if p.returncode != 0:
            print(p.stderr)
            sys.exit(1)
        rc, txt, _ = run(["pdftotext", "-layout", out, "-"])
        return " ".join(txt.split())


def main():
    exe = exe_from_argv()
    need_tools("pdftotext")
    fails = []

    def expect(cond, what):
        print(("ok   " if cond else "FAIL ") + what)
        if not cond:
            fails.append(what)

    t = text_of(exe, EXAMPLE)
    expect("10:30 Thursday, 08 February 2018" in t, "Essex front sheet: 10:30 Thursday, 08 February 2018")
    expect("Thursday 9th May 2019" in t and "Thursday 14th June 2018" in t,
           "Essex dates paper: ordinal days")
    expect("Date: Thursday 8 February 2018" in t, "PAF/03/18 header date (weekday form)")
    expect("Date: 8 February 2018" in t, "PAF/04/18 header date (style's report form)")
    expect("Date: 08 February 2018" in t, "PAF/05/18 header date (plain0 form)")

    with tempfile.TemporaryDirectory() as d:
        for name, body in (("meeting.yaml", MEETING), ("dates.yaml", PAPER),
                           ("westbrook.yaml", STYLE), ("bad.yaml", BAD_STYLE)):
            with open(os.path.join(d, name), "w") as f:
                f.write(body)
        m = os.path.join(d, "meeting.yaml")
        t = text_of(exe, m)
        expect("18:00 Monday, 09 March 2026" in t, "default style: 24-hour time, long date")
        expect("Monday 13 April 2026" in t, "default style: dates list with weekday")
        expect("27 February 2026" in t, "default style: report header date, plain")
        t = text_of(exe, m, "--layout", os.path.join(d, "westbrook.yaml"))
        expect("6.00 pm Monday 9 March 2026" in t, "council style: 6.00 pm, no leading zero, no comma")
        expect("Monday 13th April 2026" in t and "Monday 11th May 2026" in t,
               "council style: ordinal list")
        expect("27/02/2026" in t, "council style: numeric report header date")
        p = build(exe, m, "-o", os.path.join(d, "x.pdf"), "--layout",
                  os.path.join(d, "bad.yaml"))
        bad = os.path.join(d, "bad.yaml")
        expect(p.returncode == 65, "a wrong form: exit 65")
        expect("%s:3:12: error: 'meeting': {day} is not a part of a date" % bad in p.stderr,
               "unknown part located")
        expect("%s:4:9: error: 'list' must be a date preset" % bad in p.stderr,
               "unknown preset located")
        expect("%s:6:12: error: 'meeting': {d} is not a part of a time" % bad in p.stderr,
               "date part in a time located")
        expect(not os.path.exists(os.path.join(d, "x.pdf")), "nothing written")
        if p.returncode != 65:
            print(p.stderr)
    print("%d failed" % len(fails))
    sys.exit(1 if fails else 0)


main()

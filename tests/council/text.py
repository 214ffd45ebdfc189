#!/usr/bin/env python3
"""text.py AGENDAPACK - every fixed phrase comes from the style's text:,
per language (issue 14).

- A meeting in Welsh (language: cy) with every kind of page the pack
  words itself (front sheet with contact and exempt items, membership
  paper with quorum, apologies, substitutions and declarations, minutes
  with lead-ins, an agreed list, the closing time and the signature
  lines, an exempt report in the full edition, duplex blank pages):
  pdftotext finds the Welsh phrases and not one English one.
- The same meeting with languages: [cy, en-GB]: "Tudalen N / Page N" on
  every page, "Eitem agenda 1 / Agenda item 1", the date in both.
- A council style's text: changes a phrase (en-GB chair: Chair; cy page)
  and adds a language; an unknown key is an error at its place.
Skips (77) without pdftotext.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

MEETING = """council: Cyngor Sir Glanrhyd
committee: Pwyllgor Craffu
date: 2018-02-08
time: "10:30"
venue: Neuadd y Sir
language: cy
contact: {name: Ffion Jones, phone: "01234 567890", email: ffion@glanrhyd.example}
membership:
  quorum: 3
  enquiries: Ffion Jones
  members:
    - {name: Cyng A Green, role: Cadeirydd}
    - Cyng B Hill
  non_elected: [Mr D Evans]
  apologies: [Cyng B Hill]
  substitutions: [{member: Cyng B Hill, substitute: Cyng C Lloyd}]
  declarations: [Dim]
items:
  - title: Aelodaeth
    papers: [{generate: membership}]
  - title: Cofnodion
    papers: [minutes.yaml]
  - title: Contract
    exempt: true
    exempt_reason: Paragraff 3
    papers: [exempt.yaml]
"""

MINUTES = """paper: minutes
committee: Pwyllgor Craffu
date: 2018-01-11
venue: Neuadd y Sir
present: [Cyng A Green]
also_present: [Cyng E Price]
officers: [Ffion Jones]
apologies: [Cyng B Hill]
minutes:
  - number: 1
    title: Cofnodion
    body:
      - agreed:
          - Cymeradwyo'r cofnodion.
closed: "11:45"
"""

EXEMPT = """paper: report
title: Contract glanhau
body:
  - Manylion y contract.
"""

# Every English phrase (fields left out) the pack could print here.
ENGLISH = ["Agenda item", "Page ", "Pages", "intentionally left blank",
           "NOT FOR PUBLICATION", "For information about the meeting",
           "Telephone", "Email", "Exempt Items", "Minutes of the meeting",
           "Present:", "Also present", "officers were present",
           "Apologies for absence", "no further business", "Agreed",
           "Chairman", "Date", "Committee:", "Enquiries to", "Recommendations",
           "To note", "Membership as shown", "Apologies and substitutions",
           "Declarations of interest", "Membership", "Quorum",
           "Non-elected", "Apologies", "Substitutions", " for Cyng",
           "Thursday", "February", "January"]
WELSH = ["Eitem agenda 1", "Tudalen 1", "Tudalennau", "NID I'W GYHOEDDI",
         "Gadawyd y dudalen hon yn wag yn fwriadol",
         "I gael gwybodaeth am y cyfarfod", "Ffôn: 01234 567890", "E-bost:",
         "Eitemau Eithriedig", "Cofnodion cyfarfod Pwyllgor Craffu",
         "Yn bresennol:", "Hefyd yn bresennol:", "Ymddiheuriadau am absenoldeb:",
         "daeth y cyfarfod i ben am", "Cytunwyd", "Cadeirydd", "Dyddiad",
         "Pwyllgor:", "Ymholiadau i:", "Argymhellion:", "(Cworwm: 3)",
         "Aelodau anetholedig", "Dirprwyon", "Cyng C Lloyd yn lle Cyng B Hill",
         "Datganiadau o fuddiant", "Dydd Iau", "Chwefror"]


def main():
    exe = os.path.abspath(sys.argv[1])
    if not shutil.which("pdftotext"):
        print("SKIP: pdftotext missing (apt-get install poppler-utils)")
        return 77
    fails = []

    def check(ok, what):
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            fails.append(what)

    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, SOURCE_DATE_EPOCH="1518048000")

        def write(name, text):
            with open(os.path.join(tmp, name), "w", encoding="utf-8") as f:
                f.write(text)

        def build(src, *opts):
            r = subprocess.run([exe, "build", src, "-o", "out.pdf"] + list(opts),
                               cwd=tmp, env=env, capture_output=True, text=True)
            if r.returncode != 0:
                return None, r.stderr
            pages = subprocess.run(["pdftotext", "-layout", "out.pdf", "-"],
                                   cwd=tmp, capture_output=True,
                                   text=True).stdout.split("\f")
            return [re.sub(r"\s+", " ", p) for p in pages if p.strip()], r.stderr

        write("meeting.yaml", MEETING)
        write("minutes.yaml", MINUTES)
        write("exempt.yaml", EXEMPT)
        pages, err = build("meeting.yaml", "--edition", "full", "--duplex")
        check(pages is not None, "the Welsh meeting builds: %s" % err)
        if pages:
            t = " ".join(pages)
            missing = [w for w in WELSH if w not in t]
            check(not missing, "Welsh phrases printed (missing %r)" % missing)
            english = [w for w in ENGLISH if w in t]
            check(not english, "no English phrase left (found %r)" % english)

        write("bi.yaml", MEETING.replace("language: cy",
                                          "languages: [cy, en-GB]"))
        pages, err = build("bi.yaml", "--edition", "full", "--duplex")
        check(pages is not None, "the bilingual meeting builds: %s" % err)
        if pages:
            # Duplex blanks carry no number; the other pages print the web
            # pack's numbers (issue 16).
            bad, n = [], 0
            for i, p in enumerate(pages):
                if "Gadawyd y dudalen hon yn wag" in p:
                    if "Tudalen" in p:
                        bad.append(i + 1)
                    continue
                n += 1
                if "Tudalen %d / Page %d" % (n, n) not in p:
                    bad.append(i + 1)
            check(not bad, "'Tudalen N / Page N' on every page but the unnumbered "
                  "blanks (not on %r)" % bad)
            t = " ".join(pages)
            for w in ("Eitem agenda 1 / Agenda item 1", "NID I'W GYHOEDDI / NOT "
                      "FOR PUBLICATION", "Dydd Iau, 08 Chwefror 2018 /",
                      "Thursday, 08 February 2018", "Cadeirydd / Chairman",
                      "a gynhaliwyd yn Neuadd y Sir ar Dydd Iau, 11 Ionawr 2018 / "
                      "Minutes of the meeting",
                      "closed at 11:45.",
                      "Tudalennau / Pages", "Cytunwyd ar y canlynol: / It was "
                      "Agreed that:"):
                check(w in t, "bilingual: %r" % w)
            check("10:30 / 10:30" not in t, "a time the same in both prints once")

        write("house.yaml", "extends: default\ntext:\n  en-GB: {chair: Chair}\n"
              "  cy: {page: \"Tud. {page}\"}\n  fr: {page: \"Page {page} (fr)\"}\n")
        write("en.yaml", MEETING.replace("language: cy", "language: en-GB"))
        pages, err = build("en.yaml", "--layout", "house.yaml")
        check(pages is not None and "Chair " in " ".join(pages) and
              "Chairman" not in " ".join(pages), "text.en-GB.chair: Chair")
        pages, err = build("meeting.yaml", "--layout", "house.yaml")
        check(pages is not None and "Tud. 1" in pages[0] and
              "Eitem agenda 1" in " ".join(pages), "text.cy.page, the rest built in")
        write("fr.yaml", MEETING.replace("language: cy", "language: fr"))
        pages, err = build("fr.yaml", "--layout", "house.yaml")
        check(pages is not None and "Page 1 (fr)" in pages[0] and
              "Agenda item 1" in " ".join(pages),
              "a new language: its phrases, en-GB's for the rest")
        write("bad.yaml", "text:\n  cy: {tudalen: X}\n")
        pages, err = build("meeting.yaml", "--layout", "bad.yaml")
        check(pages is None and "bad.yaml:2:8: error: " in err and "tudalen" in err,
              "an unknown text key is located: %r" % err)
    print("%d failed" % len(fails))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""neutral.py AGENDAPACK - the shipped styles carry no council's own text,
a council's style carries it (issue 14).

- A meeting of another council (written here) built with default,
  large-print and borough: not one sentence of Essex's standing pages,
  nor its distinctive words (Essex, County Hall, Chelmsford, ...).
- The Essex example, through its own style (layouts/essex.yaml beside
  it, named by the meeting's 'layout: essex'), holds every sentence of
  the reference's standing pages; '--layout default' on the command line
  wins over the meeting's choice and drops them.
- A council style of 15 lines or fewer that extends large-print builds
  the example: large-print's sizes, the council's own standing page.
- A meeting's own 'standing:' prints under any style; a meeting naming
  a style found nowhere is an error at its 'layout' line; the meeting's
  'layout:' is found through $AGENDAPACK_LAYOUT_PATH and
  $XDG_CONFIG_HOME from another folder.
Runs from a scratch folder.  Skips (77) without pdftotext.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
EX = os.path.join(ROOT, "examples", "essex-paf-2018-02-08")

MEETING = """council: Eastmere Borough Council
committee: Planning Committee
date: 2026-03-12
time: "18:30"
venue: Council Chamber, Eastmere Town Hall
contact: {name: Sam Patel, email: sam.patel@eastmere.example}
membership:
  members:
    - {name: Cllr A Green, role: Chair}
    - Cllr B Hill
items:
  - title: Apologies for absence
  - title: Exempt business
    exempt: true
    exempt_reason: Information relating to the financial affairs of any particular person
"""

COUNCIL_STYLE = """# Northfold District Council: large print with its own page.
extends: large-print
name: northfold
colours: {heading: "#003366"}
standing:
  - heading: About Northfold District Council meetings
  - Meetings are open to the public unless an item is exempt.
"""

DISTINCT = ["Essex", "County Hall", "Chelmsford", "essex.gov.uk", "cmis",
            "Committees Information", "On air now", "Induction loop"]


def norm(s):
    s = re.sub(r"\s+", " ", s).strip()
    return re.sub(r"([-/\u2013]) ", r"\1", s)


def essex_sentences():
    """The sentences of layouts/essex.yaml's standing pages (links as
    their text), each of some length."""
    text = open(os.path.join(EX, "layouts", "essex.yaml"), encoding="utf-8").read()
    text = text[text.index("\nstanding:"):]
    text = re.sub(r"\[([^]]*)\]\([^)]*\)", r"\1", text)
    out = []
    for line in text.splitlines():
        line = line.strip()
        m = re.match(r'- (?:heading: )?"?(.*?)"?$', line)
        if not m:
            continue
        for s in re.split(r"(?<=[.:]) ", m.group(1)):
            if len(s) > 20:
                out.append(norm(s))
    return out


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

    sentences = essex_sentences()
    check(len(sentences) >= 10, "%d sentences read from essex.yaml" % len(sentences))
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, SOURCE_DATE_EPOCH="1518048000",
                   XDG_CONFIG_HOME=tmp + "/nowhere")
        env.pop("AGENDAPACK_LAYOUT_PATH", None)
        env.pop("AGENDAPACK_LAYOUTS", None)

        def build(src, *opts, e=None):
            out = os.path.join(tmp, "out.pdf")
            if os.path.exists(out):
                os.unlink(out)
            r = subprocess.run([exe, "build", src, "-o", out] + list(opts),
                               cwd=tmp, env=e or env, capture_output=True,
                               text=True)
            if r.returncode != 0:
                return None, r
            t = subprocess.run(["pdftotext", "-layout", out, "-"],
                               capture_output=True, text=True).stdout
            return norm(t), r

        def write(path, text):
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)

        write(tmp + "/east/meeting.yaml", MEETING)
        for style in ("default", "large-print", "borough"):
            t, r = build("east/meeting.yaml", "--layout", style)
            if t is None:
                check(False, "%s: build failed: %s" % (style, r.stderr))
                continue
            check("Eastmere Borough Council" in t, "%s: the pack built" % style)
            found = [s for s in sentences if s in t]
            check(not found, "%s: no sentence of Essex's standing pages %r"
                  % (style, found[:2]))
            words = [w for w in DISTINCT if w.lower() in t.lower()]
            check(not words, "%s: none of Essex's words %r" % (style, words))

        example = os.path.join(EX, "meeting.yaml")
        t, r = build(example)
        if t is None:
            check(False, "essex: build failed: %s" % r.stderr)
        else:
            missing = [s for s in sentences if s not in t]
            check(not missing, "essex through its style: every standing "
                  "sentence (missing %r)" % missing[:2])
        t, r = build(example, "--layout", "default")
        check(t is not None and "Committees Information" not in t and
              "Essex County Council" in t,
              "essex --layout default: the command line wins, no standing pages")

        write(tmp + "/styles/northfold.yaml", COUNCIL_STYLE)
        check(len(COUNCIL_STYLE.splitlines()) <= 15, "the council style is "
              "%d lines" % len(COUNCIL_STYLE.splitlines()))
        e = dict(env, AGENDAPACK_LAYOUT_PATH=tmp + "/styles")
        dump = os.path.join(tmp, "n.txt")
        t, r = build(example, "--layout", "northfold", "--dump", dump, e=e)
        ok = t is not None
        check(ok, "northfold (extends large-print) builds the Essex example: %s"
              % r.stderr.strip()[:300])
        if ok:
            d = open(dump, encoding="utf-8").read()
            check(" 16.00 " in d and " 11.00 " not in d, "northfold: "
                  "large-print's 16 pt body text")
            check("About Northfold District Council meetings" in t and
                  "Committees Information" not in t,
                  "northfold: its own standing page, not Essex's")

        # The meeting's own standing pages, under any style.
        write(tmp + "/own/meeting.yaml", MEETING + "standing:\n"
              "  - heading: Visiting Eastmere Town Hall\n"
              "  - The Town Hall has step-free access from Market Street.\n")
        t, r = build("own/meeting.yaml", "--layout", "borough")
        check(t is not None and "Visiting Eastmere Town Hall" in t and
              "step-free access from Market Street" in t,
              "a meeting's 'standing:' prints: %s" % r.stderr.strip()[:300])

        # Members, apologies and substitutions on the front sheet, no paper.
        fs = MEETING.replace("    - Cllr B Hill\n", "    - Cllr B Hill\n"
                             "  apologies: [Cllr B Hill]\n  substitutions: "
                             "[{member: Cllr B Hill, substitute: Cllr C Hay}]\n")
        write(tmp + "/fs/meeting.yaml", fs + "front_sheet_membership: true\n")
        t, r = build("fs/meeting.yaml")
        check(t is not None and "Membership Cllr A Green Chair Cllr B Hill" in t
              and "Apologies Cllr B Hill" in t and
              "Substitutions Cllr C Hay for Cllr B Hill" in t,
              "front_sheet_membership: members, apologies, substitutions: %s"
              % (t or r.stderr)[:400])
        write(tmp + "/fs/plain.yaml", fs)
        t, r = build("fs/plain.yaml")
        check(t is not None and "Cllr A Green" not in t,
              "without it the front sheet has no membership")
        write(tmp + "/fs/layouts/fsm.yaml", "extends: default\n"
              "front_sheet_membership: true\n")
        t, r = build("fs/plain.yaml", "--layout", "fsm")
        check(t is not None and "Cllr A Green" in t, "the style can ask for it")

        # The meeting names its style; found through each search place.
        write(tmp + "/named/meeting.yaml", MEETING + "layout: northfold\n")
        t, r = build("named/meeting.yaml", e=e)
        check(t is not None and "About Northfold District" in t,
              "layout: NAME through AGENDAPACK_LAYOUT_PATH: %s" % r.stderr[:300])
        write(tmp + "/xdg/agendapack/layouts/northfold.yaml", COUNCIL_STYLE)
        t, r = build("named/meeting.yaml", e=dict(env, XDG_CONFIG_HOME=tmp + "/xdg"))
        check(t is not None and "About Northfold District" in t,
              "layout: NAME through XDG_CONFIG_HOME: %s" % r.stderr[:300])
        write(tmp + "/named/layouts/northfold.yaml",
              COUNCIL_STYLE.replace("About Northfold", "Beside Northfold"))
        t, r = build(tmp + "/named/meeting.yaml", e=dict(env, XDG_CONFIG_HOME=tmp + "/xdg"))
        check(t is not None and "Beside Northfold District" in t,
              "layout: NAME beside the meeting comes first: %s" % r.stderr[:300])
        t, r = build("named/meeting.yaml", "--layout", "default",
                     e=dict(env, XDG_CONFIG_HOME=tmp + "/xdg"))
        check(t is not None and "Northfold" not in t, "--layout wins over layout:")
        write(tmp + "/lost/meeting.yaml", MEETING + "layout: southfold\n")
        t, r = build("lost/meeting.yaml")
        check(t is None and r.returncode in (65, 66) and
              "lost/meeting.yaml:16:9: error: no style named 'southfold'"
              in r.stderr, "an unknown layout: is located: %r" % r.stderr)
    print("%d failed" % len(fails))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""cli-check.py AGENDAPACK - the command line's habits (issue 18).

Run from the source root.  Checks the one-line summary of a good build
(its page count against pdfinfo's) and of check, that -q leaves standard
error empty, that -v names what was read, that a bad option or command
gives one line and a pointer to --help, that --help points at the man
pages, and that a warning repeated for the same place prints once.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

EXAMPLE = "examples/essex-paf-2018-02-08/meeting.yaml"
failed = 0


def run(*args):
    r = subprocess.run(list(args), capture_output=True, text=True)
    return r.returncode, r.stderr.splitlines(), r.stdout


def expect(ok, what, detail=""):
    global failed
    if ok:
        print("ok   " + what)
    else:
        failed += 1
        print("FAIL %s\n%s" % (what, detail))


def main():
    exe = os.path.abspath(sys.argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        pdf = os.path.join(tmp, "pack.pdf")
        code, err, _ = run(exe, "build", EXAMPLE, "-o", pdf)
        m = re.match(r"^wrote (.*): (\d+) pages, 9 items(, (\d+) warnings?)?$",
                     err[-1] if err else "")
        expect(code == 0 and m and m.group(1) == pdf,
               "build ends with 'wrote FILE: N pages, 9 items[, W warnings]'",
               "\n".join(err))
        if m:
            warns = sum(1 for l in err if ": warning: " in l)
            expect(int(m.group(4) or 0) == warns,
                   "the summary counts the %d warnings printed" % warns,
                   "\n".join(err))
            if shutil.which("pdfinfo"):
                info = subprocess.run(["pdfinfo", pdf], capture_output=True,
                                      text=True).stdout
                pages = re.search(r"^Pages:\s+(\d+)", info, re.M)
                expect(pages and pages.group(1) == m.group(2),
                       "the summary's page count is the PDF's (%s)" % m.group(2),
                       info)
            else:
                print("SKIP page count: pdfinfo (poppler-utils) missing")

        os.unlink(pdf)
        code, err, out = run(exe, "build", EXAMPLE, "-o", pdf, "-q")
        expect(code == 0 and err == [] and out == "" and os.path.exists(pdf),
               "-q: the PDF is written and nothing is printed", "\n".join(err))

        code, err, _ = run(exe, "check", EXAMPLE)
        expect(code == 0 and err == [EXAMPLE + ": ok, 9 items"],
               "check says 'FILE: ok, 9 items'", "\n".join(err))
        code, err, _ = run(exe, "check", EXAMPLE, "--quiet")
        expect(code == 0 and err == [], "check -q prints nothing",
               "\n".join(err))

        code, err, _ = run(exe, "check", EXAMPLE, "-v")
        want = ("agendapack: read examples/essex-paf-2018-02-08/"
                "escb-update.yaml (item 4, report)")
        expect(code == 0 and want in err and
               any(l.startswith("agendapack: layout ") for l in err),
               "-v names the papers and the layout read", "\n".join(err))

        for args, first in (
                (["build", EXAMPLE, "--frobnicate"],
                 "agendapack: error: unknown option '--frobnicate'"),
                (["build", EXAMPLE, "-o"],
                 "agendapack: error: option '-o' needs a value"),
                (["frobnicate", EXAMPLE],
                 "agendapack: error: unknown command 'frobnicate'"),
                (["check", EXAMPLE, EXAMPLE],
                 "agendapack: error: check takes one input file")):
            code, err, _ = run(exe, *args)
            expect(code == 64 and err == [first, "Try 'agendapack --help'"],
                   "%s: one line and 'Try ...'" % " ".join(args[:1] + args[2:]),
                   "exit %d\n%s" % (code, "\n".join(err)))

        code, _, out = run(exe, "--help")
        expect(code == 0 and "agendapack(1)" in out and
               "agendapack-format(5)" in out, "--help points at the man pages")

        # A character no font has, in the committee's name: the front sheet
        # is laid out more than once, but the warning prints once.
        ex = os.path.join(tmp, "example")
        shutil.copytree(os.path.dirname(EXAMPLE), ex)
        meeting = os.path.join(ex, "meeting.yaml")
        with open(meeting, encoding="utf-8") as f:
            text = f.read()
        with open(meeting, "w", encoding="utf-8") as f:
            f.write(re.sub(r"(?m)^committee: ", "committee: \U00013000 ",
                           text, count=1))
        code, err, _ = run(exe, "build", meeting, "-o", pdf)
        warns = [l for l in err if ": warning: " in l]
        expect(code == 0 and any("U+13000" in l for l in warns) and
               len(set(warns)) == len(warns) and
               err[-1].endswith(", %d warnings" % len(warns)),
               "a warning repeated for the same place prints (and counts) "
               "once", "\n".join(err))
    print("%d failed" % failed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""The approval record of minutes (issue 19): printed above the signature
lines of the standalone (archive) minutes, in the style's wording, and
written into the document information for `agendapack sign`; not printed
where the minutes sit in a pack to be approved; a record without a name is
an error at its place.

usage: approval.py AGENDAPACK SOURCE_ROOT
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

EX = "examples/essex-paf-2018-02-08"
REC = "Approved as a correct record at the meeting on 8 February 2018, minute 2."
SIG = "Signed: Councillor M Maddocks, Chairman"
fails = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        fails.append(what)


def run(args, cwd):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1518048000")
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True,
                          errors="replace", env=env)


def main():
    exe, root = os.path.abspath(sys.argv[1]), sys.argv[2]
    for t in ("pdftotext", "qpdf"):
        if not shutil.which(t):
            print("SKIP: %s missing" % t)
            sys.exit(77)
    with tempfile.TemporaryDirectory() as d:
        m = os.path.join(d, "m.pdf")
        p = run([exe, "build", EX + "/minutes-2018-01-11.yaml", "-o", m, "--pdfa"], root)
        check(p.returncode == 0, "standalone minutes build")
        txt = " ".join(run(["pdftotext", m, "-"], root).stdout.split())
        i, j, k = txt.find(REC), txt.find(SIG), txt.rfind("Chairman Date")
        check(i >= 0 and j > i, "the record and who signed are printed")
        check(k > j >= 0, "above the signature lines")
        info = run(["qpdf", "--show-object=trailer", m], root).stdout
        num = re.search(r"/Info (\d+) 0 R", info).group(1)
        info = run(["qpdf", "--show-object=" + num, m], root).stdout
        check(("/Approval (%s %s)" % (REC, SIG)) in info, "/Approval in the document information")
        check("/ApprovalLocation (County Hall, Chelmsford)" in info, "/ApprovalLocation")
        root_num = re.search(r"/Root (\d+) 0 R", run(["qpdf", "--show-object=trailer", m], root).stdout).group(1)
        cat = run(["qpdf", "--show-object=" + root_num, m], root).stdout
        md = re.search(r"/Metadata (\d+) 0 R", cat).group(1)
        xmp = run(["qpdf", "--show-object=" + md, "--raw-stream-data", m], root).stdout
        check(("<agendapack:Approval>%s %s</agendapack:Approval>" % (REC, SIG)) in xmp,
              "the record in the XMP")
        check("<agendapack:ApprovalLocation>County Hall, Chelmsford</agendapack:ApprovalLocation>" in xmp,
              "the location in the XMP")
        check("<pdfaSchema:prefix>agendapack</pdfaSchema:prefix>" in xmp,
              "under PDF/A the XMP describes the agendapack schema (PDF/A-1 6.7.8)")
        import xml.dom.minidom
        body = xmp[xmp.index("<x:xmpmeta"):xmp.index("</x:xmpmeta>") + len("</x:xmpmeta>")]
        try:
            xml.dom.minidom.parseString(body)
            check(True, "the XMP parses as XML")
        except Exception as e:
            check(False, "the XMP parses as XML: %s" % e)

        pk = os.path.join(d, "p.pdf")
        p = run([exe, "build", EX + "/meeting.yaml", "-o", pk], root)
        txt = " ".join(run(["pdftotext", pk, "-"], root).stdout.split())
        check(p.returncode == 0 and "Approved as a correct record" not in txt,
              "minutes in a pack, still to be approved, print no record")

        src = open(os.path.join(root, EX, "minutes-2018-01-11.yaml")).read()
        bad = src.replace("  name: Councillor M Maddocks\n", "")
        own = src.replace("approved:\n", "approved:\n").replace(
            "  minute: \"2\"\n", "")
        for name, body in (("bad.yaml", bad), ("own.yaml", own)):
            with open(os.path.join(d, name), "w") as f:
                f.write(body)
        line = bad.splitlines().index("approved:") + 1
        p = run([exe, "build", os.path.join(d, "bad.yaml"), "-o", os.path.join(d, "b.pdf")], root)
        check(p.returncode == 65 and
              ("%s:%d:3: error: missing required key 'name'" % (os.path.join(d, "bad.yaml"), line + 1)) in p.stderr,
              "a record without a name: located error (%s)" % p.stderr.strip()[:200])
        check(not os.path.exists(os.path.join(d, "b.pdf")), "nothing written")
        st = os.path.join(d, "style.yaml")
        with open(st, "w") as f:
            f.write("name: s\napproval:\n  record: \"Confirmed as a true record on {date}.\"\n"
                    "  signed: \"{role}: {name}\"\n")
        o = os.path.join(d, "o.pdf")
        p = run([exe, "build", os.path.join(d, "own.yaml"), "-o", o, "--layout", st], root)
        txt = " ".join(run(["pdftotext", o, "-"], root).stdout.split())
        check(p.returncode == 0 and "Confirmed as a true record on 8 February 2018." in txt
              and "Chairman: Councillor M Maddocks" in txt, "the style's wording, no minute number")
    print("%d failed" % len(fails))
    sys.exit(1 if fails else 0)


main()

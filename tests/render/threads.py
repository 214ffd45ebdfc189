#!/usr/bin/env python3
"""threads.py AGENDAPACK - the output does not depend on threads (issue 21).

Page content is deflated on a worker thread while the next page is drawn
(src/render/pdfzip.c).  Builds the Essex example, tagged and --pdfa
--no-tagged, with AGENDAPACK_THREADS=1 (no worker) and =2 (a worker even
on one core) and checks the files are byte-identical.  The example has
PDF appendices, so qpdf rewrites its file (src/merge) and deflates the
content again: the benchmark's 10-item pack (bench/gen.py, DejaVu Sans),
which has none, is built the same two ways too, so the bytes compared
are the worker's own.  Each (and the
minutes, whose signature line is a named destination read from the
page's ops after drawing) is built a third way, with --dump: then
the pages' ops are kept (with no dump the device frees each page's once
it is drawn, src/render/pdf.c drop_ops), and the PDF must not differ.
Then checks the
tagged file's structure tree, written after libharu's file as an
incremental update, reads back: qpdf --check clean, pdfinfo says Tagged,
and every element kind the example has is in the tree.
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(ROOT, "examples", "essex-paf-2018-02-08", "meeting.yaml")
exe = os.path.abspath(sys.argv[1])
fails = []


def build(out, threads, *opts, src=EXAMPLE):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1518084000", AGENDAPACK_THREADS=threads)
    p = subprocess.run([exe, "build", src, "-o", out, *opts], cwd=ROOT,
                       capture_output=True, text=True, env=env)
    if p.returncode != 0:
        fails.append("%s (threads %s): exit %d: %s" % (out, threads, p.returncode, p.stderr[-400:]))
        return b""
    with open(out, "rb") as f:
        return f.read()


with tempfile.TemporaryDirectory(prefix="ap-threads-") as tmp:
    cases = [("tagged", [], EXAMPLE), ("pdfa-untagged", ["--pdfa", "--no-tagged"], EXAMPLE),
             ("minutes", [], os.path.join(os.path.dirname(EXAMPLE), "minutes-2018-02-08.yaml"))]
    fonts = "/usr/share/fonts/truetype/dejavu"
    if os.path.exists(os.path.join(fonts, "DejaVuSans.ttf")):
        subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen.py"), "10",
                        os.path.join(tmp, "bench")], check=True, capture_output=True)
        cases.append(("bench-10", ["--layout", os.path.join(ROOT, "bench", "agendapack-layout.yaml"),
                                   "--font-dir", fonts],
                      os.path.join(tmp, "bench", "agendapack", "meeting.yaml")))
    else:
        print("no DejaVu Sans (fonts-dejavu-core): the pack without appendices is not built")
    for name, opts, src in cases:
        one = build(os.path.join(tmp, name + "-1.pdf"), "1", *opts, src=src)
        two = build(os.path.join(tmp, name + "-2.pdf"), "2", *opts, src=src)
        if one and one != two:
            at = next(i for i in range(min(len(one), len(two))) if one[i] != two[i]) \
                if one[:len(two)] != two[:len(one)] else min(len(one), len(two))
            fails.append("%s: one thread and two threads differ at byte %d (%d and %d bytes)"
                         % (name, at, len(one), len(two)))
        print("%s: %d bytes, one and two threads %s" % (name, len(one), "alike" if one == two else "DIFFER"))
        kept = build(os.path.join(tmp, name + "-kept.pdf"), "2", *opts, "--dump",
                     os.path.join(tmp, name + ".dump"), src=src)
        if two and kept != two:
            fails.append("%s: the PDF differs when --dump keeps the pages' ops (%d and %d bytes)"
                         % (name, len(kept), len(two)))
        print("%s: ops freed as drawn and ops kept (--dump) %s" % (name, "alike" if kept == two else "DIFFER"))
    pdf = os.path.join(tmp, "tagged-2.pdf")
    if shutil.which("qpdf") and os.path.exists(pdf):
        p = subprocess.run(["qpdf", "--check", pdf], capture_output=True, text=True)
        if p.returncode != 0:
            fails.append("qpdf --check: " + (p.stdout + p.stderr)[-400:])
    if shutil.which("pdfinfo") and os.path.exists(pdf):
        p = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True)
        if not re.search(r"Tagged:\s+yes", p.stdout):
            fails.append("pdfinfo does not say Tagged: yes")
        p = subprocess.run(["pdfinfo", "-struct-text", pdf], capture_output=True, text=True)
        kinds = set(re.findall(r"^\s*([A-Z][A-Za-z0-9]*)\b", p.stdout, re.M))
        want = {"Document", "Sect", "H1", "P", "Table", "TR", "TD", "L", "LI", "TOC", "TOCI", "Link"}
        if not want <= kinds:
            fails.append("structure tree lacks %s (has %s)" % (sorted(want - kinds), sorted(kinds)))
        print("structure kinds: %s" % " ".join(sorted(kinds)))

for f in fails:
    print("FAIL: " + f)
sys.exit(1 if fails else 0)

#!/usr/bin/env python3
"""Every PDF that 'agendapack publish' writes, through the independent
checker check-pack --tagged: the packs as they are, the agenda and the
per-item PDFs with --no-page-stamps (their numbering starts mid-pack;
their page labels carry the pack's numbers).  An appendix whose source
PDF is untagged holds only Figures, so it is checked without --tagged
(the pack itself says so with a warning); one whose source is tagged
carries its structure and is checked with it (the Essex example's must).
The Essex example and the generated 60-item meeting (--edition full:
the full pack too).

Skipped (77) when check-pack is not found ($CHECK_PACK or
../shared/tools/check-pack) or qpdf/poppler are missing.

usage: check_pdfs.py AGENDAPACK
"""
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import pubcommon as pc  # noqa: E402

common = pc.common


def carries_structure(pdf):
    """True when pdf's structure tree has paragraphs, headings, lists or
    tables (a tagged appendix's), not only Figures and Links."""
    st = subprocess.run(["pdfinfo", "-struct-text", pdf], capture_output=True,
                        text=True, errors="replace").stdout
    return re.search(r"^\s*(P|H[1-6]?|L|Table)\b", st, re.M) is not None


def main():
    exe = common.exe_from_argv()
    tool = common.check_pack_tool()
    if tool is None:
        print("SKIP: check-pack not found (set CHECK_PACK or put it at "
              "../shared/tools/check-pack)")
        return common.SKIP
    common.need_tools("pdftotext", "pdfinfo", "pdffonts", "qpdf")
    c = common.Checks("publish-check-pack")
    with tempfile.TemporaryDirectory() as tmp:
        gen = os.path.join(tmp, "gen")
        os.mkdir(gen)
        sites = [(pc.EXAMPLE, os.path.join(tmp, "essex"), []),
                 (pc.meeting60(gen), os.path.join(tmp, "gen-site"), ["--edition", "full"])]
        jobs = []
        for src, site, opts in sites:
            p = pc.publish(exe, src, site, *opts)
            if not c.built(p, "publish %s" % src):
                continue
            with open(os.path.join(site, "manifest.json"), encoding="utf-8") as f:
                man = json.load(f)
            for d in man["documents"]:
                if not d["file"].endswith(".pdf"):
                    continue
                args = [os.path.join(site, d["file"])]
                tagged_app = d["kind"] == "appendix" and carries_structure(args[0])
                if d["kind"] == "appendix" and src == pc.EXAMPLE:
                    c.check(tagged_app, "%s: the example's tagged appendix carries no "
                            "structure" % d["file"])
                if d["kind"] == "appendix" and not tagged_app:
                    args.append("--no-page-stamps")
                else:
                    args.append("--tagged")
                    if d["kind"] not in ("pack", "supplement"):
                        args.append("--no-page-stamps")
                jobs.append((d["file"], args))
        with concurrent.futures.ThreadPoolExecutor(2) as ex:
            runs = ex.map(lambda j: (j[0], j[1], subprocess.run(
                [sys.executable, tool] + j[1], capture_output=True, text=True)), jobs)
            for name, args, p in runs:
                c.check(p.returncode == 0, "check-pack %s: %s" % (
                    " ".join([name] + args[1:]),
                    " | ".join(l for l in p.stdout.splitlines() if l.startswith("FAIL"))))
        c.check(len(jobs) > 40, "only %d PDFs checked" % len(jobs))
    return c.done()


if __name__ == "__main__":
    sys.exit(main())

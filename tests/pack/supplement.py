#!/usr/bin/env python3
"""--supplement (fixtures/supplement): the supplementary pack carries the
late paper only, numbered from page 1: its front sheet is headed
"...: Supplementary agenda" and lists only the item with the late paper,
with its range; no standing pages; the PDF title says so; the manifest
gives the other items null ranges.  The main pack carries the papers
that are not late.  Both pass pack_props.

usage: supplement.py AGENDAPACK
"""
import json
import os
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import common  # noqa: E402
import pack_props

SRC = os.path.join("tests", "pack", "fixtures", "supplement", "meeting.yaml")
LATE = "The consultation closed after the agenda was published"
ON_TIME = ["This is the on-time paper", "This is the strategy paper",
           "This is the parks paper"]


def main():
    exe = common.exe_from_argv()
    common.need_tools("pdftotext", "pdfinfo", "qpdf")
    c = common.Checks("supplement")
    with tempfile.TemporaryDirectory() as tmp:
        out = {}
        for name, opts in (("supplement", ["--supplement"]), ("main", [])):
            pdf = os.path.join(tmp, name + ".pdf")
            js = os.path.join(tmp, name + ".json")
            p = common.build(exe, SRC, "-o", pdf, "--manifest", js, *opts)
            if not c.built(p, name):
                return c.done()
            c.extend(pack_props.check(pdf, js), name + ": ")
            with open(js, encoding="utf-8") as f:
                out[name] = (json.load(f), pack_props.page_texts(pdf, layout=False), pdf)

        man, texts, pdf = out["supplement"]
        whole = common.norm(" ".join(texts))
        ranges = {it["number"]: (it["first_page"], it["last_page"]) for it in man["items"]}
        c.check(ranges == {"1": (None, None), "2": (2, 3), "3": (None, None)},
                "supplement: ranges %r" % ranges)
        c.check(man["pages"] == 3, "supplement: %d pages, want 3 (front + 2)" % man["pages"])
        c.check(LATE in whole, "supplement: the late paper is missing")
        for s in ON_TIME:
            c.check(s not in whole, "supplement: carries a paper that is not late: %r" % s)
        front = common.norm(texts[0])
        c.check("Supplement Test Committee: Supplementary agenda" in front,
                "supplement: the front sheet is not headed as a supplementary agenda")
        c.check("Libraries Strategy" in front and "Parks Update" not in front and
                "Minutes of the last meeting" not in front,
                "supplement: the contents lists other items: %r" % front[:300])
        c.check("Committees Information" not in whole,
                "supplement: carries the standing pages")
        rc, info, _ = common.run(["pdfinfo", pdf])
        c.check("supplementary agenda" in info, "supplement: the PDF title does not say "
                "'supplementary agenda': %r" % info[:200])

        man, texts, pdf = out["main"]
        whole = common.norm(" ".join(texts))
        for s in ON_TIME:
            c.check(s in whole, "main: the paper %r is missing" % s)
        c.check("Supplementary agenda" not in whole, "main: says Supplementary agenda")
    return c.done()


if __name__ == "__main__":
    sys.exit(main())

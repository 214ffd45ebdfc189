#!/usr/bin/env python3
"""The Essex example pack, default, --edition full and --duplex, each
with --manifest, checked by our own pack_props (contents ranges, stamps,
"Page N", outline, links, blank pages, odd starts).

usage: essex.py AGENDAPACK
"""
import json
import os
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import common  # noqa: E402
import pack_props

BLANK = pack_props.BLANK


def main():
    exe = common.exe_from_argv()
    common.need_tools("pdftotext", "pdfinfo", "qpdf")
    c = common.Checks("essex")
    with tempfile.TemporaryDirectory() as tmp:
        mans = {}
        for name, opts in (("default", []), ("full", ["--edition", "full"]),
                           ("duplex", ["--duplex"])):
            pdf = os.path.join(tmp, name + ".pdf")
            js = os.path.join(tmp, name + ".json")
            p = common.build(exe, common.EXAMPLE, "-o", pdf, "--manifest", js, *opts)
            if not c.built(p, name):
                continue
            c.extend(pack_props.check(pdf, js, duplex=name == "duplex"), name + ": ")
            with open(js, encoding="utf-8") as f:
                mans[name] = json.load(f)
            texts = pack_props.page_texts(pdf)
            blanks = [i for i, t in enumerate(texts, 1) if BLANK in t]
            if name == "duplex":
                # Three front pages (contents, exempt items, standing
                # page): item 1 moves from page 4 to page 5.
                c.check(blanks != [], "duplex: no blank page at all")
                c.check(4 in blanks, "duplex: page 4 is not a blank page (%r)" % blanks)
                starts = [it["first_page"] for it in mans[name]["items"]
                          if it["first_page"]]
                c.check(all(a % 2 == 1 for a in starts),
                        "duplex: papers start on pages %r" % starts)
                c.check(mans[name]["pages"] == len(texts),
                        "duplex: manifest pages %s, PDF %d" % (mans[name]["pages"], len(texts)))
            else:
                c.check(blanks == [], "%s: blank pages %r" % (name, blanks))
        if len(mans) == 3:
            d, f, x = mans["default"], mans["full"], mans["duplex"]
            # The example as published: items 1, 2, 4, 5, 6 have papers.
            # Item 4 ends with a 2-page PDF appendix (pages 20-21).
            want = {"1": (4, 4), "2": (5, 6), "4": (7, 21), "5": (22, 26), "6": (27, 27)}
            got = {it["number"]: (it["first_page"], it["last_page"])
                   for it in d["items"] if it["first_page"]}
            c.check(got == want, "default: ranges %r, want %r" % (got, want))
            c.check(d["pages"] == 27, "default: %s pages, want 27" % d["pages"])
            # Item 9 is exempt without papers: both editions alike.
            c.check(d == f, "the full edition's manifest differs from the public one "
                    "though the exempt item has no papers")
            c.check([i["number"] for i in x["items"]] == [i["number"] for i in d["items"]],
                    "duplex: item numbers differ")
            c.check(x["pages"] > d["pages"], "duplex: not longer than the default pack")
            c.check([i["exempt"] for i in d["items"]] == [False] * 8 + [True],
                    "exempt flags %r" % [i["exempt"] for i in d["items"]])
    return c.done()


if __name__ == "__main__":
    sys.exit(main())

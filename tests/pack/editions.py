#!/usr/bin/env python3
"""Editions (fixtures/editions): --edition public (the default) leaves
the exempt item's paper out and prints the statutory wording and the
exemption reason; --edition full carries the paper with "NOT FOR
PUBLICATION" on each of its pages (and on no other page).  Item numbers
and titles, and the public items' papers (page for page, apart from the
page numbers), are the same in both editions.  Both are checked by
pack_props too.

usage: editions.py AGENDAPACK
"""
import json
import os
import re
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import common  # noqa: E402
import pack_props

SRC = os.path.join("tests", "pack", "fixtures", "editions", "meeting.yaml")
SECRET = "The salaries of the three posts named in Appendix B"
NFP = "NOT FOR PUBLICATION"
WORDING = ("To consider whether the press and public should be excluded from the "
           "meeting during consideration of an agenda item")
REASON = "Paragraph 1 of Part 1 of Schedule 12A - information relating to any individual."


# The full edition's banner (front sheet) and running mark (every page):
# taken off before comparing its pages with the public edition's.
MARKS = re.compile(r"CONFIDENTIAL\s+\u2014\s+NOT FOR PUBLICATION\s+\u2014\s+contains exempt "
                   r"information|Full edition\s+\u2014\s+CONFIDENTIAL\s+\u2014\s+NOT FOR PUBLICATION")


def unmark(t):
    return MARKS.sub(" ", t)


def strip_numbers(t, page):
    return common.norm(re.sub(r"\bPage %d\b" % page, "", t))


def main():
    exe = common.exe_from_argv()
    common.need_tools("pdftotext", "pdfinfo", "qpdf")
    c = common.Checks("editions")
    res = {}
    with tempfile.TemporaryDirectory() as tmp:
        for ed, opts in (("public", []), ("public-explicit", ["--edition", "public"]),
                         ("full", ["--edition", "full"])):
            pdf = os.path.join(tmp, ed + ".pdf")
            js = os.path.join(tmp, ed + ".json")
            p = common.build(exe, SRC, "-o", pdf, "--manifest", js, *opts)
            if not c.built(p, ed):
                return c.done()
            c.extend(pack_props.check(pdf, js), ed + ": ")
            with open(js, encoding="utf-8") as f:
                man = json.load(f)
            res[ed] = (man, pack_props.page_texts(pdf, layout=False), pdf)

        pub, pt, ppdf = res["public"]
        full, ft, fpdf = res["full"]
        c.check(all(MARKS.search(t) for t in ft), "full: a page lacks the edition mark")
        c.check(not any(MARKS.search(t) for t in pt), "public: a page has the edition mark")
        ft = [unmark(t) for t in ft]
        c.check(res["public-explicit"][0] == pub, "--edition public differs from the default")
        items_p = {it["number"]: it for it in pub["items"]}
        items_f = {it["number"]: it for it in full["items"]}

        # Same items, numbers, titles and exempt flags in both.
        c.check([(i["number"], i["title"], i["exempt"]) for i in pub["items"]] ==
                [(i["number"], i["title"], i["exempt"]) for i in full["items"]],
                "the editions list different items")
        c.check([i["number"] for i in pub["items"]] == ["1", "2", "3", "4a", "5"],
                "item numbers %r" % [i["number"] for i in pub["items"]])

        # Public: no exempt paper, no NOT FOR PUBLICATION; the wording and
        # the reason are on the front sheet, with item 3's title.
        whole = common.norm(" ".join(pt))
        c.check(items_p["3"]["first_page"] is None, "public: item 3 has pages %r"
                % items_p["3"]["first_page"])
        c.check(SECRET not in whole, "public: the exempt paper's text is in the pack")
        c.check("Staffing Restructure (Confidential)" not in whole,
                "public: the exempt paper's title is in the pack")
        c.check(NFP not in whole, "public: a page says NOT FOR PUBLICATION")
        first = items_p["2"]["first_page"]
        front = common.norm(" ".join(pt[:first - 1]))
        c.check(WORDING in front, "public: the statutory wording is not on the front sheet")
        c.check(common.norm(REASON) in front, "public: the exemption reason is not on the front sheet")
        c.check("Exempt Items" in front and "Staffing Restructure" in front and
                "Urgent Exempt Business" in front,
                "public: the exempt items are not listed on the front sheet")
        c.check(pub["pages"] == full["pages"] - 2,
                "public has %d pages, full %d: the 2-page exempt paper should be "
                "the difference" % (pub["pages"], full["pages"]))

        # Full: the paper is there, every page of it NOT FOR PUBLICATION.
        a, b = items_f["3"]["first_page"], items_f["3"]["last_page"]
        c.check(a is not None and b - a == 1, "full: item 3 has range %r-%r" % (a, b))
        if a is not None:
            nfp = [i for i, t in enumerate(ft, 1) if NFP in t]
            c.check(nfp == list(range(a, b + 1)),
                    "full: NOT FOR PUBLICATION on pages %r, want %d-%d" % (nfp, a, b))
            c.check(SECRET in common.norm(" ".join(ft[a - 1:b])),
                    "full: the exempt paper's text is not on its pages")
            c.check("Appendix B" in ft[b - 1], "full: the exempt paper's second page "
                    "is not page %d" % b)
        ffront = common.norm(" ".join(ft[:items_f["2"]["first_page"] - 1]))
        c.check(WORDING in ffront and common.norm(REASON) in ffront,
                "full: the wording or the reason is missing from the front sheet")

        # The public items' papers are the same, page for page.
        for num in ("2", "4a"):
            ip, jf = items_p[num], items_f[num]
            np_ = ip["last_page"] - ip["first_page"]
            c.check(np_ == jf["last_page"] - jf["first_page"],
                    "item %s: %d pages in public, %d in full" %
                    (num, np_ + 1, jf["last_page"] - jf["first_page"] + 1))
            for k in range(np_ + 1):
                pp, fp = ip["first_page"] + k, jf["first_page"] + k
                c.check(strip_numbers(pt[pp - 1], pp) == strip_numbers(ft[fp - 1], fp),
                        "item %s: page %d of the public edition differs from page %d "
                        "of the full one" % (num, pp, fp))
        c.check(items_f["4a"]["first_page"] == items_p["4a"]["first_page"] + 2,
                "item 4a does not move by the exempt paper's two pages")
    return c.done()


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""PDF-level checks of the Essex example pack: qpdf --check passes;
poppler (pdfinfo, pdffonts, pdftotext) reads it without one warning;
every font is embedded; the text round-trips: sentences of each paper
come back from pdftotext on the pages of that paper's item (the
manifest's range), and the front sheet's on the contents pages.

usage: pdf_quality.py AGENDAPACK
"""
import json
import os
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import common  # noqa: E402
import pack_props

# Sentences by item number ("front" for the front sheet and standing
# pages); each must be on a page of that item's range.
SENTENCES = {
    "front": [
        "People and Families Policy and Scrutiny Committee",
        "Thursday, 08 February 2018",
        "For information about the meeting please ask for:",
        "Gemma Bint, Democratic Services Officer",
        "Private Pre-Meeting, PAF Members Only",
        "To be held at 9.30am in Committee Room 6, County Hall.",
        "To approve as a correct record the minutes of the meeting held on 11 January 2018.",
        "A period of up to 15 minutes will be allowed for members of the public to ask "
        "questions or make representations on any item on the agenda for this meeting.",
        "(During consideration of these items the meeting is not likely to be open to the "
        "press and public)",
        "All Council and Committee Meetings are held in public unless the business is exempt",
    ],
    "1": [
        "Membership, Apologies, Substitutions and Declarations of Interest",
        "(Quorum: 4)",
        "Councillor M Maddocks",
        "Marian Uzzell",
    ],
    "2": [
        "Cllr Andy Wood has replaced Cllr Wendy Schmitt as a Member of the Committee",
        "The minutes of the meeting held on 12 October 2017 were approved as a correct "
        "record and signed by the Chairman.",
        "There being no further business the meeting closed at 9.49am.",
    ],
    "4": [
        "Update on the work of the Essex Safeguarding Children Board",
        "This paper and attached information sets out the presentation to be provided to "
        "the Essex People and Families Scrutiny Committee in February 2018.",
        "The Board exists as a statutory body and has a range of roles including developing "
        "policies and procedures and scrutinising and challenging local safeguarding practice.",
        "Strategic Priority 4: Strong Leadership & Strong Partnership",
        "This work will look at services being provided at all levels of need.",
    ],
    "5": [
        "In January 2018 the Committee had a briefing on some of the quality improvement "
        "initiatives in the care market.",
        "To note this report and Appendix A which reflects the current work programming "
        "undertaken and underway;",
        "Items identified for formal scrutiny in full committee",
        "0-19 Contract with Virgin Care",
    ],
    "6": [
        "Action: The Committee is invited to consider and agree the following committee "
        "meetings and or activity days for the period June 2018 \u2013 May 2019.",
        "Members are requested to hold 9.30 \u2013 15.30 in their diary for each of the "
        "above dates.",
    ],
}


def main():
    exe = common.exe_from_argv()
    common.need_tools("pdftotext", "pdfinfo", "pdffonts", "qpdf")
    c = common.Checks("pdf_quality")
    with tempfile.TemporaryDirectory() as tmp:
        pdf = os.path.join(tmp, "essex.pdf")
        js = os.path.join(tmp, "essex.json")
        p = common.build(exe, common.EXAMPLE, "-o", pdf, "--manifest", js)
        if not c.built(p, "build"):
            return c.done()
        rc, out, err = common.run(["qpdf", "--check", pdf])
        c.check(rc == 0 and "No syntax or stream encoding errors" in out,
                "qpdf --check: exit %d: %s %s" % (rc, out.strip()[-300:], err.strip()[:300]))
        for tool in (["pdfinfo", pdf], ["pdffonts", pdf], ["pdftotext", pdf, "-"],
                     ["pdftotext", "-layout", pdf, "-"]):
            rc, out, err = common.run(tool)
            c.check(rc == 0 and err == "", "%s: exit %d, stderr: %s"
                    % (" ".join(tool[:-1]), rc, err.strip()[:300]))
        rc, out, err = common.run(["pdffonts", pdf])
        rows = out.splitlines()[2:]
        c.check(len(rows) >= 3, "pdffonts lists %d fonts (regular, bold, italic at least)"
                % len(rows))
        for r in rows:
            f = r.split()
            # name type... enc emb sub uni obj gen: emb is the 5th from the end
            c.check(len(f) >= 6 and f[-5] == "yes", "font not embedded: %s" % r)
        rc, out, err = common.run(["pdfinfo", pdf])
        c.check("Title:" in out and "People and Families" in out,
                "pdfinfo: no Title naming the committee: %s" % out[:300])

        with open(js, encoding="utf-8") as f:
            man = json.load(f)
        texts = pack_props.page_texts(pdf, layout=False)
        first = min(it["first_page"] for it in man["items"] if it["first_page"])
        ranges = {"front": (1, first - 1)}
        for it in man["items"]:
            if it["first_page"]:
                ranges[it["number"]] = (it["first_page"], it["last_page"])
        for key, sents in SENTENCES.items():
            a, b = ranges[key]
            text = common.norm(" ".join(texts[a - 1:b]))
            for s in sents:
                c.check(common.norm(s) in text, "%s (pages %d-%d): missing %r"
                        % ("front sheet" if key == "front" else "item " + key, a, b, s))
        # and nothing twice: item 4's introduction is on its pages only
        whole = [common.norm(t) for t in texts]
        s = common.norm(SENTENCES["4"][1])
        where = [i for i, t in enumerate(whole, 1) if s in t]
        c.check(len(where) == 1, "item 4's first sentence is on pages %r" % where)
    return c.done()


if __name__ == "__main__":
    sys.exit(main())

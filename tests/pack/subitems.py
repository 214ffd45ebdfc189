#!/usr/bin/env python3
"""Sub-items (issue 16): tests/pack/fixtures/subitems/meeting.yaml, a
district planning committee whose item 5, "Planning applications", has
a covering report and three sub-items 5(a)-5(c), each with a report.

- the numbers: 1-5, 5(a), 5(b), 5(c), then 6 and 7 (the next item is 6,
  not 8); the manifest's sub-items name their item in "parent";
- the ranges: 5 on page 2, 5(a) 3, 5(b) 4, 5(c) 5-6, 6 on 7, printed on
  the contents, a sub-item's row indented under its item's;
- pdftotext: "Agenda item 5(b)" on page 4 and on no other page;
- the outline (qpdf --json): 5(a)-5(c) are children of "5. Planning
  applications", their reports' headings beneath them;
- the tags (pdfinfo -struct-text): the sub-items' TOCI in a TOC inside
  item 5's TOCI;
- pack_props.py on the public, full and duplex packs, and check-pack
  --tagged on the public and full packs when ../shared is present;
- the style's subitem_number: {item}.{number}, {item}({roman}) and the
  Welsh alphabet {item}({letter_cy}) (the fourth sub-item is 5(ch));
- an exempt item makes its sub-items exempt: their reports stay out of
  the public pack;
- publish: per-sub-item PDFs item-05a-..., item-05b-..., index.html lists
  the sub-items in a list inside item 5's entry, manifest.json's
  "parent".

usage: subitems.py AGENDAPACK
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import common  # noqa: E402
import pack_props  # noqa: E402

FX = os.path.join(common.FIXTURES, "subitems")
MEETING = os.path.join(FX, "meeting.yaml")
NUMBERS = ["1", "2", "3", "4", "5", "5(a)", "5(b)", "5(c)", "6", "7"]
RANGES = {"5": (2, 2), "5(a)": (3, 3), "5(b)": (4, 4), "5(c)": (5, 6), "6": (7, 7)}


def page_texts(pdf, n):
    """pdftotext of each page, 1..n."""
    out = []
    for p in range(1, n + 1):
        rc, t, _ = common.run(["pdftotext", "-layout", "-f", str(p), "-l", str(p), pdf, "-"])
        out.append(t)
    return out


def outline_tree(pdf):
    """The outline as [(title, page, [children...])]."""
    rc, out, err = common.run(["qpdf", "--json", "--json-key=outlines", pdf])
    def conv(lst):
        return [(o["title"], o.get("destpageposfrom1"), conv(o.get("kids", [])))
                for o in lst]
    return conv(json.loads(out).get("outlines", []))


def check_numbers_and_ranges(c, man):
    items = man["items"]
    c.check([it["number"] for it in items] == NUMBERS,
            "numbers %r, want %r" % ([it["number"] for it in items], NUMBERS))
    for it in items:
        want = RANGES.get(it["number"], (None, None))
        c.check((it["first_page"], it["last_page"]) == want,
                "item %s: range %r-%r, want %r" % (it["number"], it["first_page"],
                                                   it["last_page"], want))
        parent = "5" if it["number"].startswith("5(") else None
        c.check(it.get("parent") == parent, "item %s: parent %r, want %r"
                % (it["number"], it.get("parent"), parent))


def check_contents(c, page1):
    """Each item's contents line ends with its range; a sub-item's number
    starts further right than its item's."""
    lines = page1.splitlines()
    col = {}
    for num in NUMBERS:
        row = [l for l in lines if re.match(r"^\s*%s\s+\S" % re.escape(num), l)]
        if not c.check(len(row) == 1, "contents: %d lines start with %r" % (len(row), num)):
            continue
        col[num] = len(row[0]) - len(row[0].lstrip())
        a, b = RANGES.get(num, (None, None))
        if a is None:
            c.check(not re.search(r"\d+\s*-\s*\d+\s*$", row[0]),
                    "contents: item %s has no papers but shows a range: %r" % (num, row[0]))
        else:
            c.check(re.search(r"(?<!\d)%d\s*-\s*%d\s*$" % (a, b), row[0]) is not None,
                    "contents: item %s's line does not end '%d - %d': %r" % (num, a, b, row[0]))
    for sub in ("5(a)", "5(b)", "5(c)"):
        if sub in col and "5" in col:
            c.check(col[sub] > col["5"], "contents: %s starts at column %d, not "
                    "indented beyond item 5's %d" % (sub, col[sub], col["5"]))
        if sub in col and "6" in col:
            c.check(col["6"] == col["5"], "contents: item 6 is indented (%d, item 5 %d)"
                    % (col["6"], col["5"]))


def check_stamps(c, texts):
    pages = [i for i, t in enumerate(texts, 1) if re.search(r"Agenda item 5\(b\)", t)]
    c.check(pages == [4], "'Agenda item 5(b)' on pages %r, want [4]" % pages)
    pages = [i for i, t in enumerate(texts, 1) if re.search(r"Agenda item 6(?![\w(])", t)]
    c.check(pages == [7], "'Agenda item 6' on pages %r, want [7]" % pages)
    pages = [i for i, t in enumerate(texts, 1) if re.search(r"Agenda item 5(?![\w(])", t)]
    c.check(pages == [2], "'Agenda item 5' on pages %r, want [2]" % pages)


def check_outline(c, pdf):
    tree = outline_tree(pdf)
    top = [(t, p) for t, p, _ in tree]
    c.check(top == [("5. Planning applications", 2), ("6. Appeals decided", 7)],
            "outline top level %r" % top)
    five = [k for t, p, k in tree if t.startswith("5. ")]
    if not c.check(len(five) == 1, "no outline entry for item 5"):
        return
    subs = [(t, p) for t, p, _ in five[0] if re.match(r"5\(", t)]
    want = [("5(a). 25/00412/FUL, Land north of Mill Lane, Harrowby", 3),
            ("5(b). 25/00977/HHD, 14 Orchard Rise, Fenmoor", 4),
            ("5(c). 26/00103/LBC, The Old Granary, Church Street", 5)]
    c.check(subs == want, "item 5's outline children %r, want %r" % (subs, want))
    granary = [k for t, p, k in five[0] if t.startswith("5(c)")]
    heads = [(t, p) for t, p, _ in granary[0]] if granary else []
    c.check(("Heritage assessment", 6) in heads,
            "5(c)'s report headings are not under its entry: %r" % heads)


def check_tags(c, pdf):
    rc, st, _ = common.run(["pdfinfo", "-struct-text", pdf])
    # item 5's TOCI holds a TOC whose first TOCI is 5(a)'s
    m = re.search(r'^( *)TOCI\n(?:\1 .*\n)*?\1  P \(block\)\n\1    "5"\n((?:\1 .*\n)*)', st, re.M)
    if not c.check(m is not None, "no TOCI for item 5 in the structure tree"):
        return
    body = m.group(2)
    c.check(re.search(r'^%s  TOC\n%s    TOCI\n(?:.*\n)*?.*"5\(a\)"' % (m.group(1), m.group(1)),
                      body, re.M) is not None,
            "item 5's TOCI holds no TOC with 5(a)'s TOCI:\n" + body[:600])


def build_variant(c, exe, tmp, name, edit, layout=None, opts=()):
    """Copies the fixture to tmp/name, applies edit(text) to the meeting,
    builds it with the manifest; returns (pdf, manifest) or None."""
    d = os.path.join(tmp, name)
    shutil.copytree(FX, d)
    path = os.path.join(d, "meeting.yaml")
    with open(path, encoding="utf-8") as f:
        text = edit(f.read())
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    args = ["-o", os.path.join(d, "pack.pdf"), "--manifest", os.path.join(d, "pack.json")]
    if layout is not None:
        lp = os.path.join(d, "style.yaml")
        with open(lp, "w", encoding="utf-8") as f:
            f.write(layout)
        args += ["--layout", lp]
    p = common.build(exe, path, *args, *opts)
    if not c.built(p, name):
        return None
    with open(os.path.join(d, "pack.json"), encoding="utf-8") as f:
        return os.path.join(d, "pack.pdf"), json.load(f)


def check_patterns(c, exe, tmp):
    """The style's subitem_number, and a fourth sub-item for the Welsh
    alphabet's 'ch'."""
    fourth = lambda s: s.replace("  - title: Appeals decided", "      - title: 26/00200/FUL, "
                                 "Station Yard\n        papers:\n          - appeals.yaml\n"
                                 "  - title: Appeals decided")
    cases = [("{item}.{number}", ["5.1", "5.2", "5.3", "5.4"]),
             ("{item}({roman})", ["5(i)", "5(ii)", "5(iii)", "5(iv)"]),
             ("{item}({letter_cy})", ["5(a)", "5(b)", "5(c)", "5(ch)"]),
             ("{item}{Letter}", ["5A", "5B", "5C", "5D"])]
    for k, (pat, want) in enumerate(cases):
        r = build_variant(c, exe, tmp, "pattern%d" % k, fourth,
                          layout='name: subitems\nsubitem_number: "%s"\n' % pat)
        if r is None:
            continue
        pdf, man = r
        got = [it["number"] for it in man["items"] if it.get("parent") == "5"]
        c.check(got == want, "subitem_number %s: %r, want %r" % (pat, got, want))
        nxt = [it["number"] for it in man["items"] if it["title"] == "Appeals decided"]
        c.check(nxt == ["6"], "subitem_number %s: the next item is %r" % (pat, nxt))
        t = page_texts(pdf, man["pages"])
        b = man["items"][6]
        c.check(("Agenda item %s" % want[1]) in t[b["first_page"] - 1],
                "subitem_number %s: page %d lacks 'Agenda item %s'"
                % (pat, b["first_page"], want[1]))


def check_exempt_parent(c, exe, tmp):
    """An exempt item's sub-items are exempt: their reports are left out of
    the public pack and printed in the full one."""
    edit = lambda s: s.replace("  - title: Planning applications\n",
                               "  - title: Planning applications\n    exempt: 3\n")
    for edition, present in (("public", False), ("full", True)):
        r = build_variant(c, exe, tmp, "exempt-" + edition, edit,
                          opts=("--edition", edition))
        if r is None:
            continue
        pdf, man = r
        subs = [it for it in man["items"] if it.get("parent") == "5"]
        c.check(len(subs) == 3 and all(it["exempt"] for it in subs),
                "%s: the exempt item's sub-items are not all exempt: %r" % (edition, subs))
        rc, text, _ = common.run(["pdftotext", pdf, "-"])
        text = common.norm(text)
        for sentence in ("Orchard Rise extension is recommended", "threshing floor"):
            c.check((sentence in text) == present, "%s edition: %r %s" % (
                edition, sentence, "missing" if present else "printed"))
        if edition == "public":
            c.extend(pack_props.check(pdf, os.path.join(os.path.dirname(pdf), "pack.json")),
                     "exempt public: ")


def check_late_subitem(c, exe, tmp):
    """A sub-item whose paper is late: "To follow" on its row of the main
    pack; in the supplement its item's row (no range) above it, its own
    range prefixed, the manifest's parent kept."""
    edit = lambda s: s.replace("          - orchard-rise.yaml",
                               "          - file: orchard-rise.yaml\n            late: 1")
    r = build_variant(c, exe, tmp, "late-main", edit)
    if r is not None:
        rc, text, _ = common.run(["pdftotext", "-layout", "-f", "1", "-l", "1", r[0], "-"])
        row = [l for l in text.splitlines() if l.strip().startswith("5(b)")]
        c.check(len(row) == 1 and row[0].rstrip().endswith("To follow"),
                "late sub-item: main pack row %r" % row)
    r = build_variant(c, exe, tmp, "late-supp", edit, opts=("--supplement", "1"))
    if r is None:
        return
    pdf, man = r
    rc, text, _ = common.run(["pdftotext", "-layout", "-f", "1", "-l", "1", pdf, "-"])
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    starts = [l.split()[0] for l in lines if re.match(r"^(\d+|\d+\(\w+\))\s", l)]
    c.check(starts == ["5", "5(b)"], "supplement contents rows: %r, want 5 then 5(b)" % starts)
    b = [it for it in man["items"] if it["number"] == "5(b)"]
    c.check(len(b) == 1 and b[0].get("parent") == "5" and b[0].get("first_label") == "S1-2",
            "supplement manifest 5(b): %r" % b)
    c.extend(pack_props.check(pdf, os.path.join(os.path.dirname(pdf), "pack.json")),
             "late supplement: ")


def check_publish(c, exe, tmp):
    out = os.path.join(tmp, "site")
    env = dict(os.environ, SOURCE_DATE_EPOCH="1518084000")
    p = subprocess.run([exe, "publish", MEETING, "-o", out], cwd=common.ROOT,
                       capture_output=True, text=True, env=env)
    if not c.check(p.returncode == 0, "publish: exit %d: %s" % (p.returncode, p.stderr[:400])):
        return
    files = sorted(os.listdir(out))
    for stem in ("item-05-covering", "item-05a-mill-lane", "item-05b-orchard-rise",
                 "item-05c-old-granary", "item-06-appeals"):
        c.check(stem + ".pdf" in files, "publish: no %s.pdf in %r" % (stem, files))
    b = os.path.join(out, "item-05b-orchard-rise.pdf")
    if os.path.exists(b):
        rc, t, _ = common.run(["pdftotext", b, "-"])
        c.check("Agenda item 5(b)" in t and "Mill Lane scheme" not in t,
                "publish: item-05b-orchard-rise.pdf is not 5(b)'s pages alone")
    with open(os.path.join(out, "index.html"), encoding="utf-8") as f:
        html = f.read()
    m = re.search(r'<li id="item-5">(.*?)<li id="item-6">', html, re.S)
    if c.check(m is not None, "publish: index.html has no item 5 before item 6"):
        inner = m.group(1)
        c.check(re.search(r'<ol class="subitems">\s*<li id="item-5\(a\)">.*'
                          r'<li id="item-5\(b\)">.*<li id="item-5\(c\)">.*</ol>\s*</li>',
                          inner, re.S) is not None,
                "publish: item 5's entry does not hold the sub-items' list")
        c.check('<h4><span class="num">5(b)</span>' in inner,
                "publish: sub-item 5(b)'s heading is not an h4")
    with open(os.path.join(out, "manifest.json"), encoding="utf-8") as f:
        man = json.load(f)
    got = [(it["number"], it.get("parent"), it["pdf"]) for it in man["items"]
           if it["number"].startswith("5")]
    c.check(got == [("5", None, "item-05-covering.pdf"),
                    ("5(a)", "5", "item-05a-mill-lane.pdf"),
                    ("5(b)", "5", "item-05b-orchard-rise.pdf"),
                    ("5(c)", "5", "item-05c-old-granary.pdf")],
            "publish manifest: %r" % got)


def main():
    exe = common.exe_from_argv()
    common.need_tools("pdftotext", "pdfinfo", "qpdf")
    c = common.Checks("subitems")
    tool = common.check_pack_tool()
    with tempfile.TemporaryDirectory() as tmp:
        for name, opts in (("public", []), ("full", ["--edition", "full"]),
                           ("duplex", ["--duplex"])):
            pdf, js = os.path.join(tmp, name + ".pdf"), os.path.join(tmp, name + ".json")
            p = common.build(exe, MEETING, "-o", pdf, "--manifest", js, *opts)
            if not c.built(p, name):
                continue
            c.extend(pack_props.check(pdf, js, duplex=name == "duplex"), name + ": ")
            if name != "public":
                if tool and name == "full":
                    rc, out, err = common.run([sys.executable, tool, pdf, "--manifest", js,
                                               "--tagged"])
                    c.check(rc == 0, "check-pack full: %s" % (out + err)[-600:])
                continue
            with open(js, encoding="utf-8") as f:
                man = json.load(f)
            check_numbers_and_ranges(c, man)
            texts = page_texts(pdf, man["pages"])
            check_contents(c, texts[0])
            check_stamps(c, texts)
            check_outline(c, pdf)
            check_tags(c, pdf)
            if tool:
                rc, out, err = common.run([sys.executable, tool, pdf, "--manifest", js,
                                           "--tagged"])
                c.check(rc == 0, "check-pack public: %s" % (out + err)[-600:])
            else:
                print("SKIP check-pack: not found (../shared/tools/check-pack)")
        check_patterns(c, exe, tmp)
        check_exempt_parent(c, exe, tmp)
        check_late_subitem(c, exe, tmp)
        check_publish(c, exe, tmp)
    return c.done()


if __name__ == "__main__":
    sys.exit(main())

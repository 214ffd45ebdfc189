#!/usr/bin/env python3
"""The agenda's life (issue 16): papers to follow, numbered supplements,
the marked full edition, the record edition and print numbering.

fixtures/life is a planning committee with a paper late for supplement 1
(item 3), one late for supplement 2 (item 4) and an update sheet late
for supplement 1 beside an on-time report (item 5).

- The main pack prints "To follow" for items 3 and 4 (and under item
  5's range, whose update sheet follows), leaves out every
  paper to follow, and its manifest gives them no pages.
- Supplement N holds only the papers late for it, with its own front
  sheet ("Supplementary agenda No. N"), publication date, covering note
  and ranges; its pages are "S<N>-1" ... (the default style) or number
  on after the main pack and the earlier supplements (a style with
  'supplement_pages: continue').  No page number is printed twice across
  the main pack and the two supplements (pdftotext, page by page), and
  every printed number is the page's label.
- --edition all carries every paper in place, no "To follow", and its
  own mark on every page.
- pdftotext finds the full edition's mark on every page, and never on
  a page of the public edition; the full edition's PDF title and first
  line are the style's banner.
- The Essex example's duplex and web packs print the same page number
  on each item's first page (found through their manifests); the
  duplex blanks print none.
- publish writes both supplements and says on index.html where the
  papers to follow are.
- pack_props passes on every pack, and ../shared/tools/check-pack
  (--tagged, with the manifest) when it is there.

usage: life.py AGENDAPACK
"""
import json
import os
import re
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import common  # noqa: E402
import pack_props

SRC = os.path.join("tests", "pack", "fixtures", "life", "meeting.yaml")
TEXTS = {"MINUTESTEXT": 0, "MILLLANETEXT": 0, "ENFORCEMENTTEXT": 0,
         "MALTINGSTEXT": 1, "UPDATESHEETTEXT": 1, "LANDSUPPLYTEXT": 2}
NOTES = {1: "were not available when the agenda was published",
         2: "received after Supplementary agenda No. 1 was published"}
PUBLISHED = {1: "Date of publication: 5 March 2018", 2: "Date of publication: 7 March 2018"}
FULL_MARK = "Full edition \u2014 CONFIDENTIAL \u2014 NOT FOR PUBLICATION"
RECORD_MARK = "Record edition, all papers as considered"
BANNER = "CONFIDENTIAL \u2014 NOT FOR PUBLICATION \u2014 contains exempt information"
PAGE = re.compile(r"(?<!\w)Page (\S+)")


def build(c, exe, tmp, name, src, *opts):
    """Builds src into tmp/name.pdf with its manifest; returns (manifest,
    page texts, pdf) or None after a failed check."""
    pdf = os.path.join(tmp, name + ".pdf")
    js = os.path.join(tmp, name + ".json")
    p = common.build(exe, src, "-o", pdf, "--manifest", js, *opts)
    if not c.built(p, name):
        return None
    with open(js, encoding="utf-8") as f:
        man = json.load(f)
    return man, pack_props.page_texts(pdf), pdf


def printed(texts):
    """The page number each page prints ("Page X"), None where none."""
    out = []
    for t in texts:
        m = PAGE.findall(t)
        out.append(m[-1] if m else None)
    return out


def front_rows(texts, man):
    """The contents lines (pages before the first paper) by item number."""
    firsts = [it["first_page"] for it in man["items"] if it["first_page"]]
    front = texts[: min(firsts) - 1] if firsts else texts[:1]
    rows = {}
    for line in "\n".join(front).splitlines():
        m = re.match(r"^\s*(\d+)\s+\S", line)
        if m:
            rows[m.group(1)] = line.strip()
    return rows


def check_main(c, main):
    man, texts, pdf = main
    items = {it["number"]: it for it in man["items"]}
    whole = " ".join(texts)
    for num in ("3", "4"):
        c.check(items[num]["first_page"] is None and items[num].get("to_follow") is True,
                "main: item %s is not to follow: %r" % (num, items[num]))
    rows = front_rows(texts, man)
    for num in ("3", "4"):
        c.check(rows.get(num, "").endswith("To follow"),
                "main: item %s's contents line does not end 'To follow': %r" % (num, rows.get(num)))
    c.check(not rows.get("5", "").endswith("To follow"),
            "main: item 5 has a paper on time, its range should print: %r" % rows.get("5"))
    c.check(re.search(r"^\s*5\s.*\d+\s*-\s*\d+\s*\n\s*To follow\s*$", texts[0], re.M) is not None,
            "main: item 5's range is not followed by 'To follow' (its update sheet follows)")
    for t, n in TEXTS.items():
        c.check((t in whole) == (n == 0), "main: %s %s" % (t, "missing" if n == 0 else
                                                           "is in the main pack"))
    c.check("supplement" not in man, "main: the manifest names a supplement")


def check_supplement(c, n, sup, prefix):
    man, texts, pdf = sup
    whole = common.norm(" ".join(texts))
    c.check(man.get("supplement") == n, "supplement %d: manifest says %r" % (n, man.get("supplement")))
    for t, k in TEXTS.items():
        c.check((t in whole) == (k == n), "supplement %d: %s %s" % (n, t, "missing" if k == n
                                                                   else "is in it"))
    front = common.norm(texts[0])
    c.check("Supplementary agenda No. %d" % n in front, "supplement %d: front sheet title" % n)
    c.check(NOTES[n] in front, "supplement %d: its covering note is not on the front sheet" % n)
    c.check(PUBLISHED[n] in front, "supplement %d: no %r" % (n, PUBLISHED[n]))
    c.check(NOTES[3 - n] not in whole, "supplement %d: carries the other supplement's note" % n)
    rows = front_rows(texts, man)
    want = {1: ["3", "5"], 2: ["4"]}[n]
    c.check(sorted(rows) == want, "supplement %d: contents lists items %r, want %r"
            % (n, sorted(rows), want))
    nums = printed(texts)
    c.check("This supplement runs from page %s to page %s." % (nums[0], nums[-1]) in front,
            "supplement %d: the front sheet does not give its pages %s to %s" % (n, nums[0], nums[-1]))
    if prefix:
        c.check(all(p is not None and p.startswith("S%d-" % n) for p in nums),
                "supplement %d: page numbers %r are not S%d-..." % (n, nums, n))
        c.check(nums[0] == "S%d-1" % n, "supplement %d: its first page is %r" % (n, nums[0]))
    for it in man["items"]:
        if it["first_page"] is not None:
            la, lb = nums[it["first_page"] - 1], nums[it["last_page"] - 1]
            c.check(re.search(r"(?<!\S)%s\s*-\s*%s$" % (re.escape(la), re.escape(lb)),
                              rows.get(it["number"], "")) is not None,
                    "supplement %d: item %s's range is not '%s - %s': %r"
                    % (n, it["number"], la, lb, rows.get(it["number"])))


def check_no_collision(c, what, packs):
    seen = {}
    for name, (man, texts, pdf) in packs:
        for i, p in enumerate(printed(texts), 1):
            c.check(p is not None, "%s: %s page %d prints no number" % (what, name, i))
            if p is None:
                continue
            c.check(p not in seen, "%s: page number %s is printed twice (%s page %d, %s)"
                    % (what, p, name, i, seen.get(p)))
            seen[p] = "%s page %d" % (name, i)
    return seen


def check_marks(c, full, public, record):
    for name, res, mark in (("full", full, FULL_MARK), ("record", record, RECORD_MARK)):
        man, texts, pdf = res
        texts = [common.norm(t) for t in texts]
        c.check(all(mark in t for t in texts), "%s: pages without the mark: %r" %
                (name, [i for i, t in enumerate(texts, 1) if mark not in t]))
        first = [l for l in pack_props.page_texts(pdf, layout=False)[0].splitlines() if l.strip()]
        c.check(first and first[0].strip() == BANNER, "%s: first line %r" % (name, first[:1]))
        rc, info, _ = common.run(["pdfinfo", pdf])
        c.check(re.search(r"^Title:\s+" + re.escape(BANNER), info, re.M) is not None,
                "%s: the PDF title does not open with the banner" % name)
    man, texts, pdf = public
    c.check(not any("edition" in t.lower() or "CONFIDENTIAL" in t for t in texts),
            "public: a page carries an edition mark")
    man, texts, pdf = record
    whole = " ".join(texts)
    c.check(all(t in whole for t in TEXTS) and "HARBOURTEXT" in whole,
            "record: a paper is missing")
    c.check("To follow" not in whole, "record: says 'To follow'")
    c.check(all(it["first_page"] for it in man["items"]), "record: an item has no pages")


def check_duplex(c, web, duplex):
    wm, wt, _ = web
    dm, dt, dpdf = duplex
    wn, dn = printed(wt), printed(dt)
    pairs = 0
    for a, b in zip(wm["items"], dm["items"]):
        if a["first_page"] is None:
            continue
        pairs += 1
        c.check(wn[a["first_page"] - 1] == dn[b["first_page"] - 1] is not None,
                "item %s: web prints page %s, duplex page %s on its first page"
                % (a["number"], wn[a["first_page"] - 1], dn[b["first_page"] - 1]))
        c.check(b.get("first_label") == wn[a["first_page"] - 1],
                "item %s: the duplex manifest's first_label %r is not the web pack's number %s"
                % (a["number"], b.get("first_label"), wn[a["first_page"] - 1]))
    c.check(pairs >= 4, "duplex: only %d items with papers compared" % pairs)
    blanks = [i for i, t in enumerate(dt, 1) if pack_props.BLANK in common.norm(t)]
    c.check(blanks != [], "duplex: no blank page to look at")
    c.check(all(dn[i - 1] is None for i in blanks),
            "duplex: blank pages print numbers: %r" % [dn[i - 1] for i in blanks])
    c.check([p for p in dn if p] == [p for p in wn if p],
            "duplex: the printed numbers differ from the web pack's")


def check_cli(c, exe, tmp):
    out = os.path.join(tmp, "x.pdf")
    p = common.build(exe, SRC, "-o", out, "--supplement", "3")
    c.check(p.returncode == 65 and "no paper is marked 'late: 3', so there is no "
            "supplement 3 to make" in p.stderr, "--supplement 3: exit %d, %r"
            % (p.returncode, p.stderr))
    p = common.build(exe, SRC, "-o", out, "--supplement=0")
    c.check(p.returncode == 64 and "--supplement takes a supplement number" in p.stderr,
            "--supplement=0: exit %d, %r" % (p.returncode, p.stderr))
    c.check(not os.path.exists(out), "a refused build wrote a file")


def check_publish(c, exe, tmp):
    """publish writes each numbered supplement (supplement 1 keeps its old
    name) and the agenda page says where the papers to follow are."""
    site = os.path.join(tmp, "site")
    p = subprocess.run([exe, "publish", SRC, "-o", site], capture_output=True, text=True,
                       cwd=common.ROOT, env=dict(os.environ, SOURCE_DATE_EPOCH="1518084000"))
    if not c.check(p.returncode == 0, "publish: exit %d: %s" % (p.returncode, p.stderr[-500:])):
        return
    with open(os.path.join(site, "manifest.json"), encoding="utf-8") as f:
        docs = {d["file"]: d for d in json.load(f)["documents"]}
    for n, name in ((1, "2018-03-08-planning-supplement.pdf"),
                    (2, "2018-03-08-planning-supplement-2.pdf")):
        d = docs.get(name)
        c.check(d is not None and d["kind"] == "supplement" and d["supplement"] == n,
                "publish: %s missing or not a supplement: %r" % (name, d))
        if d is None:
            continue
        texts = pack_props.page_texts(os.path.join(site, name))
        c.check("Supplementary agenda No. %d" % n in texts[0], "publish: %s's front sheet" % name)
    with open(os.path.join(site, "index.html"), encoding="utf-8") as f:
        index = f.read()
    for n in (1, 2):
        c.check("Papers to follow, in Supplementary agenda No. %d." % n in index,
                "publish: index.html does not say a paper follows in supplement %d" % n)
    c.check('-supplement-2.pdf">Supplementary agenda No. 2 (PDF' in index,
            "publish: index.html does not link supplement 2")


def main():
    exe = common.exe_from_argv()
    common.need_tools("pdftotext", "pdfinfo", "qpdf")
    c = common.Checks("life")
    with tempfile.TemporaryDirectory() as tmp:
        runs = [("main", SRC, []), ("s1", SRC, ["--supplement"]),
                ("s2", SRC, ["--supplement", "2"]),
                ("cmain", SRC, ["--layout", "continue"]),
                ("cs1", SRC, ["--layout", "continue", "--supplement=1"]),
                ("cs2", SRC, ["--layout", "continue", "--supplement", "2"]),
                ("full", SRC, ["--edition", "full"]), ("record", SRC, ["--edition", "all"]),
                ("web", common.EXAMPLE, []), ("duplex", common.EXAMPLE, ["--duplex"])]
        res = {}
        for name, src, opts in runs:
            r = build(c, exe, tmp, name, src, *opts)
            if r is None:
                return c.done()
            res[name] = r
            c.extend(pack_props.check(r[2], os.path.join(tmp, name + ".json"),
                                      duplex=name == "duplex"), name + ": ")
        check_main(c, res["main"])
        check_supplement(c, 1, res["s1"], True)
        check_supplement(c, 2, res["s2"], True)
        check_no_collision(c, "prefix", [(k, res[k]) for k in ("main", "s1", "s2")])
        seen = check_no_collision(c, "continue", [(k, res[k]) for k in ("cmain", "cs1", "cs2")])
        n = len(seen)
        c.check(sorted(seen, key=lambda p: int(p) if p.isdigit() else 0) ==
                [str(i) for i in range(1, n + 1)],
                "continue: the numbers are not 1-%d in a row: %r" % (n, sorted(seen)))
        check_supplement(c, 1, res["cs1"], False)
        check_marks(c, res["full"], res["main"], res["record"])
        check_duplex(c, res["web"], res["duplex"])
        check_cli(c, exe, tmp)
        check_publish(c, exe, tmp)

        tool = common.check_pack_tool()
        if tool is None:
            print("note: check-pack not found; its part is skipped")
        else:
            for name in ("main", "s1", "s2", "cs1", "cs2", "full", "record", "duplex"):
                pdf = os.path.join(tmp, name + ".pdf")
                p = subprocess.run([sys.executable, tool, pdf, "--manifest",
                                    os.path.join(tmp, name + ".json"), "--tagged"],
                                   capture_output=True, text=True)
                c.check(p.returncode == 0, "%s: check-pack exit %d:\n%s"
                        % (name, p.returncode, p.stdout[-1500:]))
    return c.done()


if __name__ == "__main__":
    sys.exit(main())

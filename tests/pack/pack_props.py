#!/usr/bin/env python3
"""pack_props: our own check of an agenda pack against its manifest.

usage: pack_props.py PACK.pdf PACK.json [--duplex]

The same properties as the independent checker (/work/shared/tools/
check-pack), implemented separately so that they are tested without
it.  It reads the PDF only through poppler (pdfinfo, pdftotext) and
qpdf, never through agendapack:

  - the manifest has the schema {pages, items: [{number, title,
    first_page, last_page, exempt}]}, first/last both null or both
    whole numbers, and pages equals the PDF's page count;
  - every page carries "Page L", L its page label (/PageLabels: the
    printed number, "S2-3" in a supplement); a duplex blank page has an
    empty label and carries no number;
  - for each item with papers, first_page..last_page lies within the
    pack, after the contents, in item order, without overlap; the
    contents (the pages before the first paper) shows the range as
    "A - B" (the labels of its first and last pages) on the line that
    starts with the item's number, or "To follow" when the manifest
    says its papers follow in a supplement; the manifest's first_label and
    last_label (given where the printed numbers are not the pages in the
    file) are those labels; its first
    page carries "Agenda item N"; an outline entry "N. Title" points at
    its first page, and a link on the contents pages points there too;
  - an item without papers has no range on the contents line, no
    outline entry and no "Agenda item N" stamp anywhere;
  - the pages between papers are blank filler pages that say "This page
    is intentionally left blank" (and carry nothing else but "Page N");
    without --duplex there are none;
  - with --duplex every paper starts on an odd page.

Importable: check(pdf, manifest_path, duplex) returns a list of
failure messages; page_texts(pdf) and friends are shared by the other
pack tests.  As a program it prints the failures and exits 1 when there
are any.
"""
import json
import re
import subprocess
import sys

BLANK = "This page is intentionally left blank"


def run(args):
    p = subprocess.run(args, capture_output=True, text=True, errors="replace")
    return p.returncode, p.stdout, p.stderr


def npages(pdf):
    _, out, _ = run(["pdfinfo", pdf])
    m = re.search(r"^Pages:\s+(\d+)", out, re.M)
    return int(m.group(1)) if m else 0


def page_texts(pdf, layout=True):
    """The text of each page, as pdftotext sees it (one call; pages are
    separated by form feeds)."""
    args = ["pdftotext"] + (["-layout"] if layout else []) + [pdf, "-"]
    _, out, _ = run(args)
    pages = out.split("\f")
    if pages and pages[-1].strip() == "":
        pages.pop()
    return pages


def norm(s):
    return re.sub(r"\s+", " ", s).strip()


def qpdf_json(pdf, *keys):
    args = ["qpdf", "--json"] + ["--json-key=" + k for k in keys] + [pdf]
    rc, out, _ = run(args)
    try:
        return json.loads(out)
    except ValueError:
        return {}


def outline_entries(pdf):
    """[(level, title, page)] for every outline entry, depth first."""
    res = []

    def walk(items, level):
        for o in items:
            res.append((level, o.get("title", ""), o.get("destpageposfrom1")))
            walk(o.get("kids", []), level + 1)
    walk(qpdf_json(pdf, "outlines").get("outlines", []), 1)
    return res


def _pdfstr(v):
    """A qpdf JSON v2 string ("u:text" or "b:hex") as text."""
    if isinstance(v, str) and v.startswith("u:"):
        return v[2:]
    if isinstance(v, str) and v.startswith("b:"):
        try:
            return bytes.fromhex(v[2:]).decode("latin-1")
        except ValueError:
            return v
    return v


def page_labels(pdf, n):
    """Each page's label from /PageLabels (decimal numbers after a
    prefix; a range with no style has none), or its index without them."""
    ranges = sorted(qpdf_json(pdf, "pagelabels").get("pagelabels") or [],
                    key=lambda r: r.get("index", 0))
    labels = []
    for i in range(n):
        cur = [r for r in ranges if r.get("index", 0) <= i]
        if not cur:
            labels.append(str(i + 1))
            continue
        d = cur[-1].get("label") or {}
        num = int(d.get("/St", 1)) + i - cur[-1].get("index", 0)
        labels.append(_pdfstr(d.get("/P", "")) + (str(num) if d.get("/S") == "/D" else ""))
    return labels


def link_targets(pdf):
    """{page number (1-based): set of page numbers its internal links
    point at}, resolving explicit and named destinations."""
    j = qpdf_json(pdf, "pages", "qpdf")
    pages = j.get("pages", [])
    try:
        objs = j["qpdf"][1]
    except (KeyError, IndexError, TypeError):
        return {}
    index = {p["object"]: i + 1 for i, p in enumerate(pages)}

    def val(v):
        if isinstance(v, str) and v.endswith(" R"):
            o = objs.get("obj:" + v, {})
            if "value" in o:
                return o["value"]
            if "stream" in o:
                return o["stream"].get("dict", {})
            return None
        return v

    # Named destinations: the catalog's /Dests dict and /Names /Dests tree.
    named = {}
    trailer = val(objs.get("trailer", {}).get("value", {}))
    root = val((trailer or {}).get("/Root")) or {}
    dests = val(root.get("/Dests"))
    if isinstance(dests, dict):
        for k, v in dests.items():
            named[k.lstrip("/")] = val(v)
    names = val(root.get("/Names")) or {}
    stack = [val(names.get("/Dests"))] if isinstance(names, dict) else []
    while stack:
        node = stack.pop()
        if not isinstance(node, dict):
            continue
        arr = val(node.get("/Names")) or []
        for k in range(0, len(arr) - 1, 2):
            named[_pdfstr(arr[k])] = val(arr[k + 1])
        stack.extend(val(kid) for kid in (val(node.get("/Kids")) or []))

    def resolve(d):
        d = val(d)
        if isinstance(d, dict) and "/D" in d:
            d = val(d["/D"])
        if isinstance(d, str):
            d = named.get(_pdfstr(d).lstrip("/"))
            if isinstance(d, dict) and "/D" in d:
                d = val(d["/D"])
        if isinstance(d, list) and d and d[0] in index:
            return index[d[0]]
        return None

    res = {}
    for i, p in enumerate(pages, 1):
        page = val(p["object"]) or {}
        for a in val(page.get("/Annots")) or []:
            ad = val(a)
            if not isinstance(ad, dict) or ad.get("/Subtype") != "/Link":
                continue
            d = ad.get("/Dest")
            if d is None:
                act = val(ad.get("/A"))
                if isinstance(act, dict) and act.get("/S") == "/GoTo":
                    d = act.get("/D")
            t = resolve(d) if d is not None else None
            if t is not None:
                res.setdefault(i, set()).add(t)
    return res


def check_schema(man):
    """Failures of the manifest's schema."""
    bad = []
    if not isinstance(man, dict) or set(man) - {"supplement"} != {"pages", "items"}:
        return ["manifest: top level must be {pages, items[, supplement]}, is %r" %
                (sorted(man) if isinstance(man, dict) else type(man).__name__)]
    if not isinstance(man["pages"], int) or isinstance(man["pages"], bool) or man["pages"] < 1:
        bad.append("manifest: pages is %r, not a whole number >= 1" % (man["pages"],))
    if not isinstance(man["items"], list):
        return bad + ["manifest: items is not a list"]
    if "supplement" in man and not (isinstance(man["supplement"], int) and man["supplement"] >= 1):
        bad.append("manifest: supplement is %r, not a number >= 1" % (man["supplement"],))
    keys = {"number", "title", "first_page", "last_page", "exempt"}
    late = {"to_follow", "papers_to_follow"}
    parents = set()                    # numbers of items (not sub-items) so far
    for k, it in enumerate(man["items"]):
        where = "manifest item %d" % (k + 1)
        if isinstance(it, dict) and "parent" in it:
            if it["parent"] not in parents:
                bad.append("%s: parent %r is no item before it" % (where, it["parent"]))
            it = dict(it)
            del it["parent"]
        elif isinstance(it, dict):
            parents.add(it.get("number"))
        if isinstance(it, dict) and {"first_label", "last_label"} <= set(it):
            if not all(isinstance(it[key], str) and it[key] for key in ("first_label", "last_label")) \
                    or it.get("first_page") is None:
                bad.append("%s: labels %r-%r without pages, or not text" %
                           (where, it["first_label"], it["last_label"]))
            it = {key: v for key, v in it.items() if key not in ("first_label", "last_label")}
        if isinstance(it, dict) and late <= set(it):
            follow = it["papers_to_follow"]
            if not isinstance(it["to_follow"], bool) or not isinstance(follow, list) or not follow \
                    or not all(isinstance(f, dict) and set(f) == {"title", "supplement"} and
                               isinstance(f["supplement"], int) and f["supplement"] >= 1
                               for f in follow):
                bad.append("%s: to_follow %r, papers_to_follow %r: not a boolean and a list "
                           "of {title, supplement}" % (where, it["to_follow"], follow))
            it = {key: v for key, v in it.items() if key not in late}
        if not isinstance(it, dict) or set(it) != keys:
            bad.append("%s: keys %r, want %r" % (where, sorted(it) if isinstance(it, dict)
                                                 else it, sorted(keys)))
            continue
        if not isinstance(it["number"], str) or not it["number"]:
            bad.append("%s: number %r is not a non-empty string" % (where, it["number"]))
        if not isinstance(it["title"], str) or not it["title"]:
            bad.append("%s: title %r is not a non-empty string" % (where, it["title"]))
        if not isinstance(it["exempt"], bool):
            bad.append("%s: exempt %r is not a boolean" % (where, it["exempt"]))
        a, b = it["first_page"], it["last_page"]
        if (a is None) != (b is None):
            bad.append("%s: first_page %r and last_page %r: one null, one not" % (where, a, b))
        elif a is not None:
            if not all(isinstance(x, int) and not isinstance(x, bool) for x in (a, b)):
                bad.append("%s: pages %r-%r are not whole numbers" % (where, a, b))
            elif not 1 <= a <= b:
                bad.append("%s: range %d-%d is not 1 <= first <= last" % (where, a, b))
    nums = [it.get("number") for it in man["items"] if isinstance(it, dict)]
    if len(set(nums)) != len(nums):
        bad.append("manifest: item numbers repeat: %r" % nums)
    return bad


def items_of(man):
    """The manifest's items (sub-items name their item in 'parent')."""
    return [it for it in man["items"] if isinstance(it, dict)]


def check(pdf, manifest_path, duplex=False):
    fails = []
    with open(manifest_path, encoding="utf-8") as f:
        man = json.load(f)
    fails += check_schema(man)
    if fails:
        return fails
    n = npages(pdf)
    if man["pages"] != n:
        fails.append("manifest says %d pages, the PDF has %d" % (man["pages"], n))
    texts = page_texts(pdf)
    if len(texts) != n:
        fails.append("pdftotext gave %d pages, pdfinfo %d" % (len(texts), n))
        return fails
    labels = page_labels(pdf, n)
    for i, t in enumerate(texts, 1):
        lab = labels[i - 1]
        if lab == "":
            if re.search(r"\bPage\s+\S*\d", t):
                fails.append("page %d is unnumbered but carries a page number" % i)
        elif not re.search(r"(?<!\w)Page %s(?!\w)" % re.escape(lab), t):
            fails.append("page %d does not carry 'Page %s'" % (i, lab))

    items = man["items"]
    withp = [it for it in items if it["first_page"] is not None]
    if not withp:
        return fails + ["no item has papers"]
    first_paper = min(it["first_page"] for it in withp)
    front = texts[: first_paper - 1]
    front_lines = [l for t in front for l in t.splitlines()]
    outline = outline_entries(pdf)
    top = {(t, p) for lv, t, p in outline if lv == 1}
    # (title, page) of each level-2 entry with its level-1 entry's title
    nested, under = set(), None
    for lv, t, p in outline:
        if lv == 1:
            under = t
        elif lv == 2:
            nested.add((t, p, under))
    titles = {it["number"]: it["title"] for it in items_of(man)}
    with_subs = {it.get("parent") for it in items_of(man)
                 if it.get("parent") and it["first_page"] is not None}
    links = link_targets(pdf)
    front_links = set()
    for p in range(1, first_paper):
        front_links |= links.get(p, set())

    covered = set(range(1, first_paper))
    prev_last = first_paper - 1
    for it in items:
        num, title = it["number"], it["title"]
        a, b = it["first_page"], it["last_page"]
        label = "item %s (%s)" % (num, title[:40])
        row = re.compile(r"^\s*%s\s+\S" % re.escape(num))
        rows = [l for l in front_lines if row.match(l)]
        # "Agenda item 5" must not match the stamp "Agenda item 5(b)"
        stamp = re.compile(r"\bAgenda item %s(?![\w(])" % re.escape(num))
        if a is None:
            if it.get("to_follow") and not any(l.rstrip().endswith("To follow") for l in rows):
                fails.append("%s: its papers follow but its contents line does not say "
                             "'To follow': %r" % (label, [l.strip() for l in rows][:3]))
            for l in rows:
                if re.search(r"\b\d+\s*-\s*\d+\s*$", l):
                    fails.append("%s has no papers but its contents line shows a range: %r"
                                 % (label, l.strip()))
            if num not in with_subs and any(t == "%s. %s" % (num, title)
                                            for lv, t, p in outline):
                fails.append("%s has no papers but has an outline entry" % label)
            hit = [i for i, t in enumerate(texts, 1) if stamp.search(t)]
            if hit:
                fails.append("%s has no papers but pages %s carry 'Agenda item %s'"
                             % (label, hit, num))
            continue
        if not 1 <= a <= b <= n:
            fails.append("%s: range %d-%d is not within 1-%d" % (label, a, b, n))
            continue
        la, lb = labels[a - 1], labels[b - 1]
        if (it.get("first_label", str(a)), it.get("last_label", str(b))) != (la, lb):
            fails.append("%s: the manifest's printed numbers %r-%r are not the page labels %r-%r"
                         % (label, it.get("first_label", str(a)), it.get("last_label", str(b)), la, lb))
        rng = re.compile(r"(?<!\w)%s\s*-\s*%s\s*$" % (re.escape(la), re.escape(lb)))
        if not any(rng.search(l) for l in rows):
            fails.append("%s: no contents line starting '%s' ends with '%s - %s' (lines: %r)"
                         % (label, num, la, lb, [l.strip() for l in rows][:3]))
        if not stamp.search(texts[a - 1]):
            fails.append("%s: its first page %d lacks 'Agenda item %s'" % (label, a, num))
        for p in range(a + 1, b + 1):
            if stamp.search(texts[p - 1]):
                fails.append("%s: page %d, not its first, carries 'Agenda item %s'"
                             % (label, p, num))
        parent = it.get("parent")
        if parent is not None:
            if ("%s. %s" % (num, title), a, "%s. %s" % (parent, titles.get(parent))) \
                    not in nested:
                fails.append("%s: no outline entry '%s. %s' at page %d nested under "
                             "item %s's" % (label, num, title[:30], a, parent))
        elif ("%s. %s" % (num, title), a) not in top:
            fails.append("%s: no top-level outline entry '%s. %s' pointing at page %d "
                         "(entries: %r)" % (label, num, title[:30], a,
                                            [e for e in outline if e[0] == 1][:12]))
        if a not in front_links:
            fails.append("%s: no link on the contents pages 1-%d points at page %d"
                         % (label, first_paper - 1, a))
        if duplex and a % 2 == 0:
            fails.append("%s: with --duplex it starts on an even page, %d" % (label, a))
        if a <= prev_last:
            fails.append("%s: starts at page %d, on or before page %d where the "
                         "papers before it end" % (label, a, prev_last))
        for p in range(prev_last + 1, a):
            t = norm(texts[p - 1])
            if not duplex:
                fails.append("%s: page %d lies between papers (not a duplex pack)"
                             % (label, p))
            elif t != BLANK:
                fails.append("%s: the filler page %d says %r, not only %r"
                             % (label, p, t[:80], BLANK))
            covered.add(p)
        covered |= set(range(a, b + 1))
        prev_last = max(prev_last, b)
    if prev_last != n:
        fails.append("the last paper ends at page %d, the pack has %d" % (prev_last, n))
    for p in range(1, n + 1):
        if p not in covered:
            fails.append("page %d belongs to no item and is not a contents page" % p)
    blank_pages = [i for i, t in enumerate(texts, 1) if BLANK.lower() in norm(t).lower()]
    if not duplex and blank_pages:
        fails.append("pages %s say '%s' in a pack that is not duplex" % (blank_pages, BLANK))
    return fails


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    if len(args) != 2:
        print(__doc__)
        return 2
    fails = check(args[0], args[1], "--duplex" in argv)
    for f in fails:
        print("FAIL " + f)
    print("pack_props: %s: %d failures" % (args[0], len(fails)))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

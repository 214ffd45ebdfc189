#!/usr/bin/env python3
"""agendapack publish (issue 17): the bundle of the Essex example and of a
generated 60-item meeting.

- every file the manifest lists exists with its byte size and SHA-256,
  and every file in the folder is listed (but the manifest itself);
- the link checker: every href and src in every HTML page resolves to a
  file of the bundle (or is mailto:/http(s):), and every '#page=N' on the
  pack is the first page of that item in the pack per the manifest, and
  the pack's page N carries the stamp 'Agenda item X' (pdftotext);
- no table repeats its header row;
- every public document the manifest lists (a letter about the meeting
  too) is reachable from index.html by following links; no link leads
  into the full edition's folder;
- every sentence of every report, minutes paper and item description in
  the YAML is in the HTML page's text;
- meeting.ics reads back with libical: summary, venue, start in UTC
  (GMT in February, BST in June), contact, URL when given;
- the folder: an existing non-empty folder is refused without --force
  and left as it was; with --force it is replaced; a failure half-way
  (AGENDAPACK_PUBLISH_FAIL) leaves it as it was and no temporary folder;
- the site made with the PDFs cut on two processes is byte for byte the
  one a single process makes (AGENDAPACK_PUBLISH_JOBS=1);
- --edition full writes the full pack in a folder named
  ...-NOT-FOR-PUBLICATION; exempt items have no documents in index.html.

usage: bundle.py AGENDAPACK ICS_PARSE
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import pubcommon as pc  # noqa: E402
import yaml  # noqa: E402

common = pc.common


def inline_text(s):
    """Inline markup removed: [text](url) -> text, asterisks dropped."""
    s = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", s)
    return s.replace("***", "").replace("**", "").replace("*", "")


SKIP_KEYS = {"paper", "image", "alt", "align", "style", "width", "level", "language",
             "landscape", "start", "file", "pdf", "pages", "decorative", "late", "small",
             "generate", "page_break", "space", "form",
             "approved"}  # the signed record: shown by standalone minutes, not in a pack


def strings(node, key=None):
    """Every text value of a YAML tree, but file names and settings; the
    labels of a report's header table too."""
    if key in SKIP_KEYS or key == "closed":
        return
    if key == "header" and isinstance(node, list):
        for pair in node:
            for k, v in pair.items():
                yield k
                yield from strings(v)
        return
    if isinstance(node, dict):
        for k, v in node.items():
            yield from strings(v, k)
    elif isinstance(node, list):
        for v in node:
            yield from strings(v, key)
    elif isinstance(node, str):
        yield node


def sentences(s):
    s = common.norm(inline_text(s))
    for part in re.split(r"(?<=[.!?:;])\s+|\n", s):
        part = part.strip()
        if len(part) > 3:
            yield part


def check_sentences(c, site, name, yaml_path):
    page = pc.read_page(os.path.join(site, name))
    text = common.norm("".join(page.text)).replace("\u00a0", " ")
    with open(yaml_path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    missing = []
    for s in strings(doc):
        for sent in sentences(str(s)):
            if sent.replace("\u00a0", " ") not in text:
                missing.append(sent)
    c.check(not missing, "%s: %d sentences of %s are not in the page, e.g. %r"
            % (name, len(missing), os.path.basename(yaml_path), missing[:3]))
    return len(missing)


def check_manifest(c, site):
    with open(os.path.join(site, "manifest.json"), encoding="utf-8") as f:
        man = json.load(f)
    listed = set()
    for d in man["documents"]:
        p = os.path.join(site, d["file"])
        listed.add(d["file"])
        if not c.check(os.path.isfile(p), "manifest lists %s, which is missing" % d["file"]):
            continue
        data = open(p, "rb").read()
        c.check(len(data) == d["bytes"], "%s: %d bytes, the manifest says %d"
                % (d["file"], len(data), d["bytes"]))
        c.check(hashlib.sha256(data).hexdigest() == d["sha256"], "%s: SHA-256 differs"
                % d["file"])
        for k in ("kind", "edition", "supplement", "item", "first_page", "last_page"):
            c.check(k in d, "%s: the manifest has no %r" % (d["file"], k))
        sup = d.get("supplement")
        c.check((sup is None) == (d.get("kind") != "supplement" and "-supplement" not in d["file"])
                and (sup is None or (isinstance(sup, int) and not isinstance(sup, bool) and sup >= 1)),
                "%s: supplement %r: want the supplement's number for a supplement, else null"
                % (d["file"], sup))
    on_disk = set()
    for dirpath, _, files in os.walk(site):
        for fn in files:
            on_disk.add(os.path.relpath(os.path.join(dirpath, fn), site))
    c.check(on_disk - listed == {"manifest.json"}, "files not in the manifest: %s"
            % sorted(on_disk - listed - {"manifest.json"}))
    return man


def pack_page_text(pack, n):
    rc, out, _ = common.run(["pdftotext", "-f", str(n), "-l", str(n), pack, "-"])
    return out


def check_links(c, site, man):
    """Every href resolves; #page=N is the item's first page in the pack."""
    firsts = {it["number"]: it["first_page"] for it in man["items"]}
    pages = [f for f in os.listdir(site) if f.endswith(".html")]
    nlinks = 0
    for name in pages:
        page = pc.read_page(os.path.join(site, name))
        for href in page.links:
            nlinks += 1
            if href is None or re.match(r"(mailto|https?):", href):
                continue
            path, _, frag = href.partition("#")
            target = os.path.join(site, path) if path else os.path.join(site, name)
            c.check(os.path.isfile(target), "%s: link %r names no file" % (name, href))
            m = re.fullmatch(r"page=(\d+)", frag)
            if m and path == man["pack"]:
                n = int(m.group(1))
                item = [k for k, v in firsts.items() if v == n]
                c.check(len(item) == 1, "%s: %r is no item's first page" % (name, href))
                if item and shutil.which("pdftotext"):
                    c.check(re.search(r"Agenda item %s\b" % re.escape(item[0]),
                                      pack_page_text(target, n)) is not None,
                            "%s: page %d of the pack lacks 'Agenda item %s'"
                            % (name, n, item[0]))
            elif frag:
                c.check(m is None and path == "", "%s: unexpected fragment in %r"
                        % (name, href))
    return nlinks


def check_tables(c, site):
    """No table of any page repeats a header row (the column titles are
    the first header row of the model)."""
    for name in sorted(f for f in os.listdir(site) if f.endswith(".html")):
        html = open(os.path.join(site, name), encoding="utf-8").read()
        for head in re.findall(r"<thead>(.*?)</thead>", html, re.S):
            rows = re.findall(r"<tr>.*?</tr>", head, re.S)
            c.check(len(rows) == len(set(rows)), "%s: a table repeats its header row: %s"
                    % (name, rows[0][:80]))


def check_reachable(c, site, man):
    """Every public document of the manifest can be reached from
    index.html through links; none of the full edition can."""
    seen, todo = set(), ["index.html"]
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if not name.endswith(".html") or not os.path.isfile(os.path.join(site, name)):
            continue
        base = os.path.dirname(name)
        for href in pc.read_page(os.path.join(site, name)).links:
            if href is None or re.match(r"(mailto|https?):", href):
                continue
            path = href.partition("#")[0]
            if path:
                todo.append(os.path.normpath(os.path.join(base, path)))
    public = {d["file"] for d in man["documents"] if d["edition"] == "public"}
    full = {d["file"] for d in man["documents"] if d["edition"] == "full"}
    c.check(not public - seen, "not reachable from index.html: %s" % sorted(public - seen))
    c.check(not full & seen, "index.html leads into the full edition: %s"
            % sorted(full & seen))


def check_ics(c, ics_parse, site, summary, venue, start, url):
    p = subprocess.run([ics_parse, os.path.join(site, "meeting.ics")], capture_output=True,
                       text=True)
    if not c.check(p.returncode == 0, "meeting.ics: libical could not read it: %s" % p.stderr):
        return
    got = dict(l.split("=", 1) for l in p.stdout.splitlines())
    c.check(got["ERRORS"] == "0", "meeting.ics: libical counts %s errors" % got["ERRORS"])
    c.check(summary in got["SUMMARY"], "meeting.ics: SUMMARY %r" % got["SUMMARY"])
    c.check(got["LOCATION"] == venue, "meeting.ics: LOCATION %r" % got["LOCATION"])
    c.check(got["DTSTART"] == start, "meeting.ics: DTSTART %r, not %r" % (got["DTSTART"], start))
    c.check(got["URL"] == url, "meeting.ics: URL %r, not %r" % (got["URL"], url))
    c.check(got["CONTACT"] != "", "meeting.ics: no CONTACT")


def essex(c, exe, ics_parse, tmp):
    site = os.path.join(tmp, "essex")
    p = pc.publish(exe, pc.EXAMPLE, site)
    if not c.built(p, "publish essex"):
        return
    want = ["index.html", "agendapack.css", "meeting.ics", "manifest.json",
            "2018-02-08-people-and-families-policy-and-scrutiny-pack.pdf",
            "2018-02-08-people-and-families-policy-and-scrutiny-agenda.pdf",
            "item-04-escb-update.pdf", "item-04-escb-update.html",
            "item-04-appendix-budget.pdf", "item-02-minutes-2018-01-11.html",
            "item-01-membership.html"]
    for w in want:
        c.check(os.path.isfile(os.path.join(site, w)), "essex: %s is missing" % w)
    man = check_manifest(c, site)
    c.check(check_links(c, site, man) > 30, "essex: too few links")
    check_reachable(c, site, man)
    check_tables(c, site)
    c.check(any(d["kind"] == "letter" for d in man["documents"]),
            "essex: the chair's letter is not in the manifest")
    ex = os.path.dirname(pc.EXAMPLE)
    for name, y in (("item-04-escb-update.html", "escb-update.yaml"),
                    ("item-05-work-programme.html", "work-programme.yaml"),
                    ("item-06-future-dates.html", "future-dates.yaml"),
                    ("item-02-minutes-2018-01-11.html", "minutes-2018-01-11.yaml")):
        check_sentences(c, site, name, os.path.join(ex, y))
    idx = pc.read_page(os.path.join(site, "index.html"))
    text = common.norm("".join(idx.text))
    with open(pc.EXAMPLE, encoding="utf-8") as f:
        meeting = yaml.safe_load(f)
    for it in meeting["items"]:
        for s in [it["title"]] + list(sentences(it.get("description", ""))):
            c.check(s in text, "index.html lacks %r" % s)
    c.check("Urgent Exempt Business" in text, "index.html: no exempt item")
    c.check(not any("item-09" in l for l in idx.links if l), "index.html links papers "
            "of the exempt item")
    check_ics(c, ics_parse, site, meeting["committee"], meeting["venue"],
              "20180208T103000Z", "")
    html = open(os.path.join(site, "index.html"), encoding="utf-8").read()
    c.check("<script" not in html, "index.html has a script")
    c.check('<html lang="en-GB">' in html, "index.html: no lang")


def generated(c, exe, ics_parse, tmp):
    d = os.path.join(tmp, "gen")
    os.mkdir(d)
    src = pc.meeting60(d)
    site = os.path.join(tmp, "gen-site")
    p = pc.publish(exe, src, site, "--edition", "full")
    if not c.built(p, "publish 60 items"):
        return
    man = check_manifest(c, site)
    c.check(check_links(c, site, man) > 200, "60 items: too few links")
    check_reachable(c, site, man)
    check_tables(c, site)
    for i in (2, 3 * 11, 40, 58):
        if i % 2 == 0:
            check_sentences(c, site, "item-%02d-report-%02d.html" % (i, i),
                            os.path.join(d, "report-%02d.yaml" % i))
    full = [f for f in os.listdir(site) if f.endswith("-NOT-FOR-PUBLICATION")]
    c.check(len(full) == 1, "--edition full: no NOT-FOR-PUBLICATION folder: %s"
            % os.listdir(site))
    kinds = {(x["kind"], x["edition"]) for x in man["documents"]}
    c.check(("pack", "full") in kinds and ("supplement", "public") in kinds,
            "60 items: the manifest lacks the full pack or the supplement: %s" % kinds)
    c.check(os.path.isfile(os.path.join(site, "images", "01-chart.png")),
            "60 items: the image was not copied")
    check_ics(c, ics_parse, site, "Generated Committee", "Council Chamber, Town Hall",
              "20180614T170000Z", "https://example.org/meetings/2018-06-14")


def one_process(c, exe, tmp):
    """The PDFs cut on two processes are the bytes one process makes
    (AGENDAPACK_PUBLISH_JOBS=1), and every file of the site the same."""
    sites = {}
    for jobs in ("1", "2"):
        site = os.path.join(tmp, "jobs-" + jobs)
        env = {"AGENDAPACK_PUBLISH_JOBS": jobs} if jobs == "1" else {}
        if not c.built(pc.publish(exe, pc.EXAMPLE, site, env=env), "publish, jobs=" + jobs):
            return
        sites[jobs] = {os.path.relpath(os.path.join(d, f), site):
                       open(os.path.join(d, f), "rb").read()
                       for d, _, fs in os.walk(site) for f in fs}
    c.check(sites["1"].keys() == sites["2"].keys(), "one process and two write "
            "different files: %s" % sorted(sites["1"].keys() ^ sites["2"].keys()))
    differ = sorted(k for k in sites["1"] if sites["1"][k] != sites["2"].get(k))
    c.check(not differ, "one process and two make different bytes: %s" % differ)


def folder(c, exe, tmp):
    """Non-empty folders, --force, and a failure half-way."""
    site = os.path.join(tmp, "f")
    os.mkdir(site)
    with open(os.path.join(site, "keep.txt"), "w") as f:
        f.write("old")
    p = pc.publish(exe, pc.EXAMPLE, site)
    c.check(p.returncode == 73 and "--force" in p.stderr,
            "a non-empty folder without --force: exit %d %s" % (p.returncode, p.stderr))
    c.check(os.listdir(site) == ["keep.txt"], "the refused folder was changed")
    p = pc.publish(exe, pc.EXAMPLE, site, "--force", env={"AGENDAPACK_PUBLISH_FAIL": "1"})
    c.check(p.returncode == 73, "a failure half-way: exit %d" % p.returncode)
    c.check(os.listdir(site) == ["keep.txt"], "a failed publish changed the folder")
    c.check([x for x in os.listdir(tmp) if x.startswith(".f.")] == [],
            "a temporary folder was left: %s" % os.listdir(tmp))
    p = pc.publish(exe, pc.EXAMPLE, site, "--force")
    c.built(p, "publish --force")
    c.check("index.html" in os.listdir(site) and "keep.txt" not in os.listdir(site),
            "--force did not replace the folder")
    c.check([x for x in os.listdir(tmp) if x.startswith(".f.")] == [],
            "--force left a temporary folder: %s" % os.listdir(tmp))
    empty = os.path.join(tmp, "empty")
    os.mkdir(empty)
    c.built(pc.publish(exe, pc.EXAMPLE, empty), "publish into an empty folder")
    minutes = os.path.join(os.path.dirname(pc.EXAMPLE), "minutes-2018-01-11.yaml")
    p = pc.publish(exe, minutes, os.path.join(tmp, "m"))
    c.check(p.returncode == 65 and not os.path.exists(os.path.join(tmp, "m")),
            "publish of a minutes file: exit %d" % p.returncode)


def main():
    if len(sys.argv) != 3:
        print("usage: bundle.py AGENDAPACK ICS_PARSE")
        return 2
    exe, ics_parse = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
    c = common.Checks("publish-bundle")
    with tempfile.TemporaryDirectory() as tmp:
        essex(c, exe, ics_parse, tmp)
        generated(c, exe, ics_parse, tmp)
        folder(c, exe, tmp)
        one_process(c, exe, tmp)
    return c.done()


if __name__ == "__main__":
    sys.exit(main())

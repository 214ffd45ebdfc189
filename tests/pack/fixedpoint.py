#!/usr/bin/env python3
"""The contents' fixed point: a meeting generated at test time with 48
items (some with long titles and descriptions that wrap) and 20 short
papers (one with a PNG made here with zlib, some over two or three
pages; item 20 has two of them, so 19 items have papers), so that the
contents runs over two pages and the page numbers it prints go from one
digit to two.  The
ranges it prints must be exactly where the papers fall: pack_props,
default and --duplex.

usage: fixedpoint.py AGENDAPACK
"""
import json
import os
import struct
import sys
import tempfile
import zlib

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import common  # noqa: E402
import pack_props


def png(path, w, h):
    """A w x h RGB PNG: a simple gradient."""
    rows = []
    for y in range(h):
        row = bytearray(b"\0")
        for x in range(w):
            row += bytes((x * 255 // max(1, w - 1), y * 255 // max(1, h - 1), 128))
        rows.append(bytes(row))
    raw = b"".join(rows)

    def chunk(kind, data):
        c = struct.pack(">I", len(data)) + kind + data
        return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    data = (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))
    with open(path, "wb") as f:
        f.write(data)


LONG = ("Review of the arrangements for the commissioning, delivery and scrutiny of "
        "services for children and young people with special educational needs and "
        "disabilities across the county, including transport")


def paper(n, pages, image=False):
    body = ["  - heading: Section %d.1" % n,
            "  - Paper %d, page 1. This is a short paper written for the fixed point test."
            % n]
    if image:
        body += ["  - image: chart.png", "    alt: A gradient chart", "    width: 0.5",
                 "    caption: Figure 1"]
    for p in range(2, pages + 1):
        body += ["  - page_break: true", "  - heading: Section %d.%d" % (n, p),
                 "  - Paper %d, page %d." % (n, p)]
    return ("paper: report\nreference: FP/%02d/18\ntitle: Paper number %d\n"
            "header:\n  - Committee: Fixed Point Committee\nbody:\n%s\n"
            % (n, n, "\n".join(body)))


def meeting(d):
    items = []
    npaper = 0
    for i in range(1, 49):
        title = "Item %d: %s" % (i, LONG if i % 7 == 3 else "Routine business")
        lines = ['  - title: "%s"' % title]
        if i % 5 == 1:
            lines.append("    description: To consider the report on the matter named "
                         "above, with the oral evidence of the officers concerned.")
        if i % 2 == 0 and npaper < 20:
            npaper += 1
            pages = 3 if npaper % 6 == 0 else 2 if npaper % 4 == 0 else 1
            name = "paper-%02d.yaml" % npaper
            with open(os.path.join(d, name), "w", encoding="utf-8") as f:
                f.write(paper(npaper, pages, image=npaper == 5))
            lines += ["    papers:", "      - " + name]
            if npaper == 10:        # an item with two papers
                npaper += 1
                name2 = "paper-%02d.yaml" % npaper
                with open(os.path.join(d, name2), "w", encoding="utf-8") as f:
                    f.write(paper(npaper, 2))
                lines.append("      - " + name2)
        items.append("\n".join(lines))
    png(os.path.join(d, "chart.png"), 60, 40)
    text = ("council: Fixed Point Borough Council\ncommittee: Fixed Point Committee\n"
            "date: 2018-02-08\ntime: \"10:30\"\nvenue: Council Chamber\n"
            "contact:\n  name: A Officer\n  email: a.officer@example.org\n"
            "items:\n%s\n" % "\n".join(items))
    path = os.path.join(d, "meeting.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def main():
    exe = common.exe_from_argv()
    common.need_tools("pdftotext", "pdfinfo", "qpdf")
    c = common.Checks("fixedpoint")
    with tempfile.TemporaryDirectory() as tmp:
        src = meeting(tmp)
        for name, opts in (("default", []), ("duplex", ["--duplex"])):
            pdf = os.path.join(tmp, name + ".pdf")
            js = os.path.join(tmp, name + ".json")
            p = common.build(exe, src, "-o", pdf, "--manifest", js, *opts)
            if not c.built(p, name):
                continue
            c.extend(pack_props.check(pdf, js, duplex=name == "duplex"), name + ": ")
            with open(js, encoding="utf-8") as f:
                man = json.load(f)
            items = man["items"]
            c.check(len(items) == 48, "%s: %d items in the manifest" % (name, len(items)))
            withp = [it for it in items if it["first_page"]]
            c.check(len(withp) == 19, "%s: %d items with papers, want 19" % (name, len(withp)))
            texts = pack_props.page_texts(pdf)
            # The contents runs over two pages at least: item rows on
            # page 1 and on page 2.
            first = min(it["first_page"] for it in withp)
            rows = {}
            for pg in range(1, first):
                for line in texts[pg - 1].splitlines():
                    w = line.split()
                    if w and w[0].isdigit() and len(w) > 1 and w[1] == "Item":
                        rows.setdefault(int(w[0]), pg)
            c.check(sorted(rows) == list(range(1, 49)),
                    "%s: contents rows found for %r" % (name, sorted(rows)))
            c.check(set(rows.values()) >= {1, 2},
                    "%s: the contents does not run over two pages (rows on pages %r)"
                    % (name, sorted(set(rows.values()))))
            c.check(any(it["first_page"] < 10 for it in withp) and
                    any(it["first_page"] >= 10 for it in withp),
                    "%s: the ranges do not go from one digit to two" % name)
            # the item with two papers spans both
            two = [it for it in items if it["number"] == "20"]
            c.check(two and two[0]["first_page"] and
                    two[0]["last_page"] - two[0]["first_page"] >= 2,
                    "%s: item 20 (two papers, 1 + 2 pages) has range %r" % (name, two))
            c.check(sum(1 for t in texts if "Paper number 11" in t) == 1 and
                    any("Paper number 11" in texts[p - 1] for p in
                        range(two[0]["first_page"], two[0]["last_page"] + 1)),
                    "%s: item 20's second paper is not within its range" % name)
    return c.done()


if __name__ == "__main__":
    sys.exit(main())

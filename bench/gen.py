#!/usr/bin/env python3
"""Generate synthetic agenda-pack content of about N A4 pages.

usage: gen.py N [OUTDIR]

Writes, into OUTDIR (default: out/inputs/N):
  pack.html      HTML+CSS for WeasyPrint (@page counters, target-counter())
  pack.typ       Typst source (table.header, counter(page).at(<label>))
  pack.json      pdfmake document definition (footer is added by pdfmake.js)
  pack.tex       LaTeX (longtable, \\pageref, hyperref) for lualatex (fontspec)
  agendapack/    agendapack input (docs/format.md): meeting.yaml and one
                 report paper item-NNN.yaml per item; built with
                 bench/agendapack-layout.yaml (the same page and fonts)
  manifest.json  items and table refs, for check.py

The content is identical in every format: a contents list whose rows give
each item's page range ("7 - 26") and link to the item, then one report per
item, each starting on a new page and each with a PDF outline entry:
heading, key-value header table, prose, bullet list, numbered list, a
25-row table with a repeating header row, and a closing "Background
papers" line that marks the item's last page.  Every page has a footer
"Page N".

Everything is deterministic: a fixed word list and a splitmix64 generator,
so the same N (and --seed, default 0xA6E4DA) gives byte-identical files on
any Python 3.

agendapack's pack differs from the peers' only where its format fixes the
look: its front sheet is the contents (item number, title, description,
page range), and each report prints "Agenda item N" and its reference above
the header table, then its title ("Item N: Title") as the first heading.
"""

import html
import json
import os
import re
import sys

FONT = "DejaVu Sans"
# Calibrated against the engines' output (page counts in README.md): one
# report (prose + lists + table) takes about this many pages, including the
# page break before the next report.  Contents rows per page is an estimate
# (the engines fit 21 to 23).
PAGES_PER_ITEM = 3.0
CONTENTS_ROWS_PER_PAGE = 24
TABLE_ROWS = 25
PARAS_MIN, PARAS_MAX = 7, 9


class Rng:
    """splitmix64: deterministic across Python versions and platforms."""

    def __init__(self, seed):
        self.s = seed & 0xFFFFFFFFFFFFFFFF

    def next(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & 0xFFFFFFFFFFFFFFFF
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & 0xFFFFFFFFFFFFFFFF
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & 0xFFFFFFFFFFFFFFFF
        return z ^ (z >> 31)

    def below(self, n):
        return self.next() % n

    def between(self, lo, hi):
        return lo + self.below(hi - lo + 1)

    def pick(self, seq):
        return seq[self.below(len(seq))]


WORDS = """
the council committee report members officers budget review service services
authority county district parish community public local residents provision
funding capital revenue schools children families adult social care health
highways transport planning housing policy strategy performance quarter annual
scrutiny cabinet portfolio holder recommendation recommendations decision
consultation evidence outcome outcomes monitoring partnership partners board
safeguarding assessment risk risks register audit assurance governance
contract procurement savings pressures forecast variance position update
progress delivery programme project projects milestone milestones target
targets indicator indicators baseline trend demand capacity workforce
recruitment retention training vacancies staff team teams manager managers
of to and in for on with by from at as that this which within across
between under over during following against including whether where while
is are was were has have had will would should could may must can be been
not also further additional current previous proposed agreed approved noted
considered received reviewed identified reported required expected planned
significant overall total average key main new existing local national
regional statutory operational financial strategic specific general
particular appropriate effective efficient sustainable improved improving
continued continuing increased increasing reduced reducing early timely
information data figures analysis options approach framework arrangements
meeting meetings agenda minutes item items paper papers appendix appendices
period year years month months week weeks date dates time times level levels
council’s authority’s committee’s officers’ residents’ government’s
£1,250 £3.4m £12,500 £250,000 £75 £1.2m 2018–19 2019–20 2020–21 9–11 40–50
café née résumé protégé fiancée débâcle rôle
Tŷ Gŵyr Llŷn dŵr gŵyl ŷd Ynys Môn Caerdydd Abertawe Eisteddfod
""".split()

TITLE_WORDS = """
Annual Budget Monitoring Review Update Report Strategy Plan Performance
Safeguarding Children Adults Highways Transport Housing Planning Schools
Libraries Waste Recycling Flood Risk Public Health Workforce Capital
Programme Procurement Partnership Scrutiny Treasury Management Audit
Governance Climate Action Digital Inclusion Community Safety Parking
Heritage Tourism Leisure Youth Services Early Help Fostering Adoption
Tŷ Gŵyr Llŷn Café Provision Quarter Outturn Forecast Consultation
""".split()

FIRST = "Gemma Rhys Siân Owain Aled Catrin Dafydd Eleri Ioan Mari Zoë Renée".split()
LAST = "Bint Jones Evans Williams Davies Thomas Roberts Hughes Lewis Morgan Pryce Ellis".split()


def sentence(r, lo=8, hi=20):
    n = r.between(lo, hi)
    words = [r.pick(WORDS) for _ in range(n)]
    words[0] = words[0][:1].upper() + words[0][1:]
    if n > 10 and r.below(3) == 0:
        words[r.between(3, n - 4)] += ","
    return " ".join(words) + "."


def paragraph(r):
    return " ".join(sentence(r) for _ in range(r.between(4, 6)))


def title(r):
    return " ".join(r.pick(TITLE_WORDS) for _ in range(r.between(2, 5)))


def money(r):
    v = r.between(100, 9_999_999)
    return f"{v // 100:,}.{v % 100:02d}"


def build(npages, seed=0xA6E4DA):
    contents_pages = 1
    items = 1
    for _ in range(5):  # contents length depends on the item count
        items = max(1, round((npages - contents_pages) / PAGES_PER_ITEM))
        contents_pages = 1 + items // CONTENTS_ROWS_PER_PAGE
    pack = {
        "title": "Synthetic Committee Agenda Pack",
        "committee": "People and Families Policy and Scrutiny Committee",
        "date": "Thursday, 08 February 2018",
        "venue": "Committee Room 1, County Hall",
        "items": [],
    }
    for i in range(1, items + 1):
        r = Rng(seed ^ (i * 0x10001))
        officer = f"{r.pick(FIRST)} {r.pick(LAST)}"
        it = {
            "num": i,
            "title": title(r),
            "desc": f"To consider report (SYN/{i:03d}/18).",
            "kv": [
                ["Committee", pack["committee"]],
                ["Date", pack["date"]],
                ["Enquiries to", f"{officer}, Democratic Services Officer, 033301 {r.between(10000, 99999)}"],
            ],
            "paras": [paragraph(r) for _ in range(r.between(PARAS_MIN, PARAS_MAX))],
            "bullets": [sentence(r, 6, 14) for _ in range(5)],
            "numbered": [sentence(r, 6, 14) for _ in range(5)],
            "table": [
                [f"R{i}-{k:02d}", " ".join(r.pick(WORDS) for _ in range(r.between(3, 12))), money(r)]
                for k in range(1, TABLE_ROWS + 1)
            ],
            "background": f"Background papers (item {i}): none.",
        }
        pack["items"].append(it)
    return pack


# ---------------------------------------------------------------- HTML

CSS = """
@page {
  size: A4;
  margin: 20mm 20mm 22mm 20mm;
  @bottom-center { content: "Page " counter(page); font-family: "%(font)s"; font-size: 9pt; }
}
html { font-family: "%(font)s"; font-size: 10pt; line-height: 1.35; }
body { margin: 0; }
h1 { font-size: 16pt; margin: 0 0 8pt 0; line-height: 1.2; bookmark-level: none; }
h2 { font-size: 13pt; margin: 10pt 0 6pt 0; bookmark-level: none; }
section.report h1 { bookmark-level: 1; }
p { margin: 0 0 6pt 0; }
ul, ol { margin: 0 0 6pt 0; padding-left: 18pt; }
li { margin: 0 0 2pt 0; }
table { border-collapse: collapse; width: 100%%; margin: 0 0 8pt 0; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
table.data th, table.data td { border: 0.5pt solid #999; padding: 3pt 4pt; text-align: left; vertical-align: top; }
table.data td.num, table.data th.num { text-align: right; }
table.data col.ref { width: 18mm; } table.data col.amt { width: 30mm; }
table.kv td { padding: 1pt 4pt 1pt 0; vertical-align: top; }
table.kv td.k { font-weight: bold; width: 32mm; }
table.toc td, table.toc th { padding: 3pt 4pt; vertical-align: top; text-align: left; }
table.toc col.n { width: 12mm; } table.toc col.pg { width: 34mm; }
table.toc a { color: inherit; text-decoration: none; }
a.ps::after, a.pe::after { content: target-counter(attr(href url), page); }
section.report { break-before: page; }
"""


def emit_html(pack):
    e = html.escape
    out = ['<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">',
           f"<title>{e(pack['title'])}</title><style>{CSS % {'font': FONT}}</style></head><body>",
           f"<h1>{e(pack['title'])}</h1>",
           f"<p><b>{e(pack['committee'])}</b><br>{e(pack['date'])}, {e(pack['venue'])}</p>",
           "<h2>Contents</h2>",
           '<table class="toc"><colgroup><col class="n"><col><col class="pg"></colgroup>',
           "<thead><tr><th>Item</th><th>Title</th><th>Pages</th></tr></thead><tbody>"]
    for it in pack["items"]:
        n = it["num"]
        out.append(f'<tr><td>{n}</td><td><a href="#item-{n}"><b>{e(it["title"])}</b></a><br>{e(it["desc"])}</td>'
                   f'<td><a class="ps" href="#item-{n}"></a> - <a class="pe" href="#item-{n}-end"></a></td></tr>')
    out.append("</tbody></table>")
    for it in pack["items"]:
        n = it["num"]
        out.append(f'<section class="report"><h1 id="item-{n}">Item {n}: {e(it["title"])}</h1>')
        out.append('<table class="kv"><tbody>')
        for k, v in it["kv"]:
            out.append(f'<tr><td class="k">{e(k)}</td><td>{e(v)}</td></tr>')
        out.append("</tbody></table>")
        out.extend(f"<p>{e(p)}</p>" for p in it["paras"])
        out.append("<ul>" + "".join(f"<li>{e(s)}</li>" for s in it["bullets"]) + "</ul>")
        out.append("<ol>" + "".join(f"<li>{e(s)}</li>" for s in it["numbered"]) + "</ol>")
        out.append('<table class="data"><colgroup><col class="ref"><col><col class="amt"></colgroup>'
                   '<thead><tr><th>Ref</th><th>Description</th><th class="num">Amount (£)</th></tr></thead><tbody>')
        for ref, desc, amt in it["table"]:
            out.append(f'<tr><td>{ref}</td><td>{e(desc)}</td><td class="num">{amt}</td></tr>')
        out.append("</tbody></table>")
        out.append(f'<p id="item-{n}-end">{e(it["background"])}</p></section>')
    out.append("</body></html>\n")
    return "\n".join(out)


# ---------------------------------------------------------------- Typst

TYPST_SPECIAL = set('\\#*_`$<>@[]~=-+/\'"')


def ty(s):
    """Escape plain text for Typst markup."""
    return "".join("\\" + c if c in TYPST_SPECIAL else c for c in s)


TYPST_HEAD = """#set document(title: "%(title)s")
#set page(paper: "a4", margin: (left: 20mm, right: 20mm, top: 20mm, bottom: 22mm),
  footer: context align(center, text(size: 9pt)[Page #counter(page).display()]))
#set text(font: "%(font)s", size: 10pt, lang: "en")
#set par(leading: 0.6em, spacing: 0.75em)
#set list(indent: 4pt, body-indent: 6pt)
#set enum(indent: 4pt, body-indent: 6pt)
#show heading.where(level: 1): set text(size: 16pt)
#show heading: set block(above: 0pt, below: 10pt)
#let prange(a, b) = context {
  str(counter(page).at(a).first()) + " - " + str(counter(page).at(b).first())
}
"""


def emit_typst(pack):
    out = [TYPST_HEAD % {"title": pack["title"], "font": FONT}]
    out.append(f"#text(size: 16pt, weight: \"bold\")[{ty(pack['title'])}]\n")
    out.append(f"*{ty(pack['committee'])}* \\\n{ty(pack['date'])}, {ty(pack['venue'])}\n")
    out.append("#text(size: 13pt, weight: \"bold\")[Contents]\n")
    out.append("#table(columns: (12mm, 1fr, 34mm), stroke: none, inset: 4pt,")
    out.append("  table.header([*Item*], [*Title*], [*Pages*]),")
    for it in pack["items"]:
        n = it["num"]
        out.append(f"  [{n}], [#link(<item-{n}>)[*{ty(it['title'])}*] \\ {ty(it['desc'])}], "
                   f"link(<item-{n}>, prange(<item-{n}>, <item-{n}-end>)),")
    out.append(")\n")
    for it in pack["items"]:
        n = it["num"]
        out.append("#pagebreak()")
        out.append(f"= Item {n}: {ty(it['title'])} <item-{n}>\n")
        out.append("#table(columns: (32mm, 1fr), stroke: none, inset: (x: 0pt, y: 2pt),")
        for k, v in it["kv"]:
            out.append(f"  [*{ty(k)}*], [{ty(v)}],")
        out.append(")\n")
        for p in it["paras"]:
            out.append(ty(p) + "\n")
        out.extend(f"- {ty(s)}" for s in it["bullets"])
        out.append("")
        out.extend(f"+ {ty(s)}" for s in it["numbered"])
        out.append("")
        out.append("#table(columns: (18mm, 1fr, 30mm), inset: (x: 4pt, y: 5pt), stroke: 0.5pt + luma(60%),")
        out.append("  align: (left, left, right),")
        out.append("  table.header([*Ref*], [*Description*], [*Amount (£)*]),")
        for ref, desc, amt in it["table"]:
            out.append(f"  [{ty(ref)}], [{ty(desc)}], [{amt}],")
        out.append(")\n")
        out.append(f"{ty(it['background'])}#metadata(none)<item-{n}-end>\n")
    return "\n".join(out)


# ---------------------------------------------------------------- pdfmake

def emit_pdfmake(pack):
    content = [
        {"text": pack["title"], "style": "h1"},
        {"text": [{"text": pack["committee"], "bold": True}, "\n", f"{pack['date']}, {pack['venue']}"],
         "margin": [0, 0, 0, 6]},
        {"text": "Contents", "style": "h2"},
    ]
    rows = [[{"text": "Item", "bold": True}, {"text": "Title", "bold": True}, {"text": "Pages", "bold": True}]]
    for it in pack["items"]:
        n = it["num"]
        rows.append([str(n),
                     {"text": [{"text": it["title"], "bold": True, "linkToDestination": f"item-{n}"},
                               "\n", it["desc"]]},
                     {"text": [{"text": "0", "pageReference": f"item-{n}"}, " - ",
                               {"text": "0", "pageReference": f"item-{n}-end"}]}])
    content.append({"table": {"headerRows": 1, "dontBreakRows": True, "widths": [34, "*", 96], "body": rows},
                    "layout": "tocLayout"})
    for it in pack["items"]:
        n = it["num"]
        content.append({"text": f"Item {n}: {it['title']}", "style": "h1", "id": f"item-{n}",
                        "pageBreak": "before", "outline": True})
        content.append({"table": {"widths": [91, "*"],
                                  "body": [[{"text": k, "bold": True}, v] for k, v in it["kv"]]},
                        "layout": "kvLayout", "margin": [0, 0, 0, 6]})
        content.extend({"text": p, "style": "p"} for p in it["paras"])
        content.append({"ul": it["bullets"], "style": "list"})
        content.append({"ol": it["numbered"], "style": "list"})
        body = [[{"text": "Ref", "bold": True}, {"text": "Description", "bold": True},
                 {"text": "Amount (£)", "bold": True, "alignment": "right"}]]
        body += [[ref, desc, {"text": amt, "alignment": "right"}] for ref, desc, amt in it["table"]]
        content.append({"table": {"headerRows": 1, "dontBreakRows": True, "widths": [51, "*", 85],
                                  "body": body},
                        "layout": "dataLayout", "margin": [0, 0, 0, 8]})
        content.append({"text": it["background"], "style": "p", "id": f"item-{n}-end"})
    return {
        "info": {"title": pack["title"]},
        "pageSize": "A4",
        "pageMargins": [57, 57, 57, 62],
        "defaultStyle": {"font": "DejaVuSans", "fontSize": 10, "lineHeight": 1.15},
        "styles": {
            "h1": {"fontSize": 16, "bold": True, "margin": [0, 0, 0, 8]},
            "h2": {"fontSize": 13, "bold": True, "margin": [0, 4, 0, 6]},
            "p": {"margin": [0, 0, 0, 6]},
            "list": {"margin": [0, 0, 0, 6]},
        },
        "content": content,
    }


# ---------------------------------------------------------------- LaTeX

TEX_SPECIAL = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#",
               "_": r"\_", "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}",
               "^": r"\textasciicircum{}"}


def tx(s):
    return "".join(TEX_SPECIAL.get(c, c) for c in s)


TEX_HEAD = r"""\documentclass[10pt]{article}
\usepackage[a4paper,left=20mm,right=20mm,top=20mm,bottom=22mm,footskip=10mm]{geometry}
\usepackage{fontspec}
\setmainfont{%(font)s}
\usepackage{longtable,array}
\usepackage[hidelinks,bookmarksnumbered=false]{hyperref}
\setlength{\parindent}{0pt}
\setlength{\parskip}{6pt}
\linespread{1.125}
\setlength{\tabcolsep}{4pt}
\renewcommand{\arraystretch}{1.2}
\newcolumntype{L}[1]{>{\raggedright\arraybackslash}p{#1}}
\newcolumntype{R}[1]{>{\raggedleft\arraybackslash}p{#1}}
\makeatletter
\def\ps@pack{\def\@oddhead{}\def\@evenhead{}%%
  \def\@oddfoot{\hfil{\small Page \thepage}\hfil}\let\@evenfoot\@oddfoot}
\makeatother
\pagestyle{pack}
\hypersetup{pdftitle={%(title)s}}
\begin{document}
\raggedright
"""


def emit_latex(pack):
    out = [TEX_HEAD % {"font": FONT, "title": tx(pack["title"])}]
    out.append(r"{\Large\bfseries " + tx(pack["title"]) + r"\par}")
    out.append(r"\textbf{" + tx(pack["committee"]) + r"}\\" + tx(pack["date"]) + ", " + tx(pack["venue"]))
    out.append(r"\subsection*{Contents}")
    out.append(r"\begin{longtable}{@{}L{10mm}L{120mm}L{30mm}@{}}")
    out.append(r"\textbf{Item} & \textbf{Title} & \textbf{Pages}\\ \endhead")
    for it in pack["items"]:
        n = it["num"]
        out.append(f"{n} & \\hyperref[item-{n}]{{\\textbf{{{tx(it['title'])}}}}}\\newline {tx(it['desc'])} & "
                   f"\\pageref{{item-{n}}} - \\pageref{{item-{n}-end}}\\\\")
    out.append(r"\end{longtable}")
    for it in pack["items"]:
        n = it["num"]
        out.append(r"\clearpage")
        out.append(r"\phantomsection" + f"\\pdfbookmark[0]{{Item {n}: {tx(it['title'])}}}{{bm-{n}}}")
        out.append(r"{\Large\bfseries\raggedright Item " + f"{n}: {tx(it['title'])}\\label{{item-{n}}}\\par}}")
        out.append(r"\begin{tabular}{@{}L{30mm}L{136mm}@{}}")
        for k, v in it["kv"]:
            out.append(f"\\textbf{{{tx(k)}}} & {tx(v)}\\\\")
        out.append(r"\end{tabular}")
        out.append("")
        for p in it["paras"]:
            out.append(tx(p) + "\n")
        out.append(r"\begin{itemize}" + "".join(r"\item " + tx(s) for s in it["bullets"]) + r"\end{itemize}")
        out.append(r"\begin{enumerate}" + "".join(r"\item " + tx(s) for s in it["numbered"]) + r"\end{enumerate}")
        out.append(r"\begin{longtable}[l]{|L{15mm}|L{118mm}|R{27mm}|}\hline")
        out.append(r"\textbf{Ref} & \textbf{Description} & \textbf{Amount (£)}\\ \hline\endhead")
        for ref, desc, amt in it["table"]:
            out.append(f"{tx(ref)} & {tx(desc)} & {amt}\\\\ \\hline")
        out.append(r"\end{longtable}")
        out.append(tx(it["background"]) + f"\\phantomsection\\label{{item-{n}-end}}\n")
    out.append(r"\end{document}")
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- agendapack

def yq(s):
    """A YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(s, ensure_ascii=False)


def inl(s):
    """Escape agendapack's inline markup (docs/format.md: *, [, ], \\)."""
    return re.sub(r"([\\*\[\]])", r"\\\1", s)


def emit_agendapack(pack):
    """{relative path: text}: meeting.yaml and one report per item."""
    files = {}
    m = ["# Synthetic agenda pack for the benchmark (bench/gen.py); build with",
         "#   agendapack build meeting.yaml --layout bench/agendapack-layout.yaml --font-dir DIR",
         "council: Synthetic County Council",
         f"committee: {yq(pack['committee'])}",
         "date: 2018-02-08",
         'time: "10:30"',
         f"venue: {yq(pack['venue'])}",
         f"title: {yq(pack['title'])}",
         "contact:",
         "  name: Gemma Bint",
         "  role: Democratic Services Officer",
         "items:"]
    for it in pack["items"]:
        n = it["num"]
        name = f"item-{n:03d}.yaml"
        m += [f"  - title: {yq(inl(it['title']))}",
              f"    description: {yq(inl(it['desc']))}",
              f"    papers: [{name}]"]
        p = ["paper: report",
             f"reference: SYN/{n:03d}/18",
             f"title: {yq('Item %d: %s' % (n, it['title']))}",
             "header:"]
        p += [f"  - {k}: {yq(inl(v))}" for k, v in it["kv"]]
        p.append("body:")
        p += [f"  - {yq(inl(t))}" for t in it["paras"]]
        p.append("  - list:")
        p += [f"      - {yq(inl(t))}" for t in it["bullets"]]
        p += ["  - list:", "      style: number", "      items:"]
        p += [f"        - {yq(inl(t))}" for t in it["numbered"]]
        # Column weights: the peers' 18 mm | rest | 30 mm of a 170 mm column.
        p += ["  - table:", "      columns:",
              "        - {title: Ref, width: 18}",
              "        - {title: Description, width: 122}",
              '        - {title: "Amount (£)", width: 30, align: right}',
              "      rows:"]
        p += [f"        - [{yq(ref)}, {yq(inl(desc))}, {yq(amt)}]" for ref, desc, amt in it["table"]]
        p.append(f"  - {yq(inl(it['background']))}")
        files[name] = "\n".join(p) + "\n"
    files["meeting.yaml"] = "\n".join(m) + "\n"
    return files


def main(argv):
    args = list(argv[1:])
    seed = 0xA6E4DA
    if len(args) >= 2 and args[0] == "--seed":
        seed = int(args[1], 0)
        args = args[2:]
    if len(args) not in (1, 2) or not args[0].isdigit() or int(args[0]) < 2:
        sys.stderr.write("usage: gen.py [--seed S] N [OUTDIR]   (N >= 2 pages)\n")
        return 2
    n = int(args[0])
    outdir = args[1] if len(args) == 2 else os.path.join("out", "inputs", str(n))
    os.makedirs(os.path.join(outdir, "agendapack"), exist_ok=True)
    pack = build(n, seed)
    files = {
        "pack.html": emit_html(pack),
        "pack.typ": emit_typst(pack),
        "pack.json": json.dumps(emit_pdfmake(pack), ensure_ascii=False, indent=0) + "\n",
        "pack.tex": emit_latex(pack),
        "manifest.json": json.dumps({
            "pages_requested": n,
            "seed": seed,
            "items": [{"num": it["num"], "title": it["title"],
                       "table_refs": [row[0] for row in it["table"]]} for it in pack["items"]],
        }, ensure_ascii=False, indent=1) + "\n",
    }
    for name, text in emit_agendapack(pack).items():
        files[os.path.join("agendapack", name)] = text
    for name, text in files.items():
        with open(os.path.join(outdir, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    sys.stdout.write(f"{outdir}: {len(pack['items'])} items for ~{n} pages\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

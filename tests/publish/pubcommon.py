"""What the publish tests share: running 'agendapack publish', a generated
60-item meeting, and reading the bundle's HTML (text, links)."""
import html.parser
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(os.path.dirname(HERE), "pack"))
sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import common  # noqa: E402,F401  (tests/pack/common.py)
from fixedpoint import png  # noqa: E402

ROOT = common.ROOT
EXAMPLE = common.EXAMPLE


def publish(exe, src, out, *opts, env=None):
    """Runs 'agendapack publish SRC -o OUT OPTS'; returns the CompletedProcess."""
    e = dict(os.environ, SOURCE_DATE_EPOCH="1518084000")
    e.update(env or {})
    return subprocess.run([exe, "publish", src, "-o", out] + list(opts), cwd=ROOT,
                          capture_output=True, text=True, env=e)


def report(n, npages):
    """A generated report: headings, paragraphs, lists, a table, an image."""
    body = ["  - heading: Background",
            "  - Report %d sets out the matter for the committee. It asks the committee "
            "to note the position." % n,
            "  - list:",
            "      - The first point of report %d." % n,
            "      - The second point, with **bold** and *italic* words.",
            "  - table:",
            "      caption: Spending in report %d" % n,
            "      columns: [Service, Budget]",
            "      rows:",
            "        - [Libraries, \"1,200\"]",
            "        - [Parks, \"3,400\"]"]
    if n % 10 == 4:
        body += ["  - image: chart.png", "    alt: A chart of spending by service in report %d" % n,
                 "    width: 0.5", "    caption: Figure %d" % n]
    for p in range(2, npages + 1):
        body += ["  - page_break: true", "  - heading: Part %d" % p,
                 "  - Part %d of report %d continues the matter. See "
                 "[the council website](https://example.org/report-%d)." % (p, n, n)]
    return ("paper: report\nreference: GEN/%02d/18\ntitle: Generated report number %d\n"
            "header:\n  - Committee: Generated Committee\n  - Enquiries to: A Officer\n"
            "body:\n%s\n" % (n, n, "\n".join(body)))


def meeting60(d):
    """A meeting of 60 items, 30 of them with a report (1 to 3 pages), one
    exempt and one with a late paper; returns its path."""
    items = []
    for i in range(1, 61):
        lines = ['  - title: "Generated item %d"' % i,
                 "    description: To consider the matter of item %d." % i]
        if i % 2 == 0:
            name = "report-%02d.yaml" % i
            with open(os.path.join(d, name), "w", encoding="utf-8") as f:
                f.write(report(i, 1 + i % 3))
            if i == 40:
                lines += ["    papers:", "      - file: " + name, "        late: true"]
            else:
                lines += ["    papers:", "      - " + name]
        if i == 59:
            lines += ["    exempt: true"]
        items.append("\n".join(lines))
    png(os.path.join(d, "chart.png"), 60, 40)
    text = ("council: Generated Borough Council\ncommittee: Generated Committee\n"
            "date: 2018-06-14\ntime: \"18:00\"\nvenue: Council Chamber, Town Hall\n"
            "url: https://example.org/meetings/2018-06-14\n"
            "contact:\n  name: A Officer\n  role: Democratic Services\n"
            "  phone: 01234 567890\n  email: a.officer@example.org\n"
            "notes:\n  - title: Filming\n    text: This meeting may be filmed.\n"
            "items:\n%s\n" % "\n".join(items))
    path = os.path.join(d, "meeting.yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


class Page(html.parser.HTMLParser):
    """An HTML page's text (outside head) and the URLs of its links and images."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.text = []
        self.links = []
        self.in_head = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "head":
            self.in_head = 1
        if tag in ("a", "link") and "href" in a:
            self.links.append(a["href"])
        if tag == "img":
            self.links.append(a.get("src"))
            self.text.append(" %s " % a.get("alt", ""))
        if tag in ("p", "li", "td", "th", "h1", "h2", "h3", "h4", "br", "dt", "dd",
                   "caption", "figcaption", "tr"):
            self.text.append(" ")

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = 0
        if tag in ("p", "li", "td", "th", "h1", "h2", "h3", "h4", "dd", "caption"):
            self.text.append(" ")

    def handle_data(self, data):
        if not self.in_head:
            self.text.append(data)


def read_page(path):
    p = Page()
    with open(path, encoding="utf-8") as f:
        p.feed(f.read())
    return p

#!/usr/bin/env python3
"""objstm.py AGENDAPACK - the structure tree in object streams (issue 21).

A tagged pack's structure tree is written after libharu's file as an
incremental update (src/render/tags.c, pdfpure.c).  Outside PDF/A its
objects go into compressed object streams, listed in a cross-reference
stream that the update's trailer names (/XRefStm), and the file says
PDF 1.5; under --pdfa (PDF/A-1 is PDF 1.4) the update stays classic.

Builds meetings with no PDF appendix (so no qpdf rewrite, src/merge),
each tagged and tagged --pdfa, and checks:
  - the header: %PDF-1.5, and %PDF-1.4 under --pdfa;
  - the last section: a cross-reference table whose trailer has /XRefStm
    pointing at a /Type/XRef stream and /Prev at libharu's table; the
    update has /Type/ObjStm streams, and every structure element and
    parent-tree node is in one (qpdf --show-xref); under --pdfa none of
    /ObjStm, /XRef, /XRefStm anywhere, every object uncompressed;
  - qpdf --check exits 0 and warns of nothing, for both;
  - the structure tree read back through qpdf --json is the same in both
    builds: every element in tree order (type, depth, attributes, kids:
    elements, MCIDs with their page's index, annotations), and the parent
    tree (each page's MCIDs and each annotation key to the element, as its
    place in tree order).

The Essex pack has a PDF appendix, so qpdf writes the whole file again
(src/merge/merge.c): outside PDF/A with object streams, the file ending
in a cross-reference stream (no classic table at all); under --pdfa
classic and uncompressed as before.  For it the checks are:
  - outside PDF/A: a header of 1.5 or later, startxref at a /Type/XRef
    stream whose entries are right (type 1 at "N 0 obj", type 2 named by
    its object stream's header), /ObjStm streams, no "xref" table or
    "trailer"; under --pdfa %PDF-1.4, a classic table, and none of
    /ObjStm, /XRef, /XRefStm;
  - qpdf --check, and the same structure tree in both builds, every
    element and the parent tree compressed outside PDF/A, none under it.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
exe = os.path.abspath(sys.argv[1])
fails = []
FONTS = "/usr/share/fonts/truetype/dejavu"


def fail(what):
    fails.append(what)
    print("FAIL: " + what)


def build(out, src, *opts):
    env = dict(os.environ, SOURCE_DATE_EPOCH="1518084000")
    p = subprocess.run([exe, "build", src, "-o", out, *opts], cwd=ROOT,
                       capture_output=True, text=True, env=env)
    if p.returncode != 0:
        fail("%s: exit %d: %s" % (out, p.returncode, p.stderr[-400:]))
        return None
    with open(out, "rb") as f:
        return f.read()


def qpdf_check(name, pdf):
    p = subprocess.run(["qpdf", "--check", pdf], capture_output=True, text=True)
    if p.returncode != 0 or "WARNING" in p.stdout + p.stderr or p.stderr.strip():
        fail("%s: qpdf --check (exit %d): %s" % (name, p.returncode, (p.stdout + p.stderr)[-600:]))


def xref_kinds(pdf):
    """{object number: 'compressed' or 'uncompressed'} from qpdf --show-xref."""
    out = subprocess.run(["qpdf", "--show-xref", pdf], capture_output=True, text=True).stdout
    return {int(m.group(1)): m.group(2) for m in re.finditer(r"^(\d+)/0: (\w+);", out, re.M)}


def last_section(data):
    """The last trailer's text and the offset startxref gives."""
    sx = data.rindex(b"startxref")
    at = int(data[sx + 9:].split()[0])
    tr = data.rindex(b"trailer", 0, sx)
    return data[tr:sx].decode("latin-1"), at


def check_form(name, data, pdfa):
    want = b"%PDF-1.4" if pdfa else b"%PDF-1.5"
    if not data.startswith(want):
        fail("%s: the header is %r, not %r" % (name, data[:8], want))
    trailer, at = last_section(data)
    if data[at:at + 4] != b"xref":
        fail("%s: startxref %d is not a cross-reference table" % (name, at))
    prev = re.search(r"/Prev (\d+)", trailer)
    if prev is None or data[int(prev.group(1)):int(prev.group(1)) + 4] != b"xref":
        fail("%s: the update's /Prev is not libharu's table: %s" % (name, trailer))
        return
    base = int(prev.group(1))
    if pdfa:
        for word in (b"/ObjStm", b"/XRef", b"/XRefStm"):
            if word in data:
                fail("%s: --pdfa file has %s" % (name, word.decode()))
        return
    stm = re.search(r"/XRefStm (\d+)", trailer)
    if stm is None:
        fail("%s: the update's trailer names no cross-reference stream: %s" % (name, trailer))
        return
    head = data[int(stm.group(1)):int(stm.group(1)) + 200]
    if not re.match(rb"\d+ 0 obj\s*<<[^>]*/Type\s*/XRef\b", head):
        fail("%s: /XRefStm does not point at a /Type/XRef stream: %r" % (name, head[:80]))
        return
    entries = check_xref_stream(name, data, int(stm.group(1)))
    size = int(re.search(r"/Size (\d+)", trailer).group(1))
    if max(entries) >= size:
        fail("%s: object %d past the trailer's /Size %d" % (name, max(entries), size))
    n = len(re.findall(rb"/Type\s*/ObjStm\b", data[base:]))
    if n == 0:
        fail("%s: the update has no object stream" % name)
    if re.search(rb"/Type\s*/ObjStm\b", data[:base]):
        fail("%s: an object stream before the update" % name)
    print("%s: %d object streams, cross-reference stream at %s" % (name, n, stm.group(1)))


def check_merged_form(name, data, pdfa):
    """The form of a pack qpdf wrote again (it has a PDF appendix)."""
    sx = data.rindex(b"startxref")
    at = int(data[sx + 9:].split()[0])
    if pdfa:
        if not data.startswith(b"%PDF-1.4") or data[at:at + 4] != b"xref":
            fail("%s: header %r, startxref at %r: not PDF 1.4 with a classic table"
                 % (name, data[:8], data[at:at + 8]))
        for word in (b"/ObjStm", b"/XRef", b"/XRefStm"):
            if word in data:
                fail("%s: --pdfa file has %s" % (name, word.decode()))
        return
    v = re.match(rb"%PDF-1\.(\d)", data)
    if v is None or int(v.group(1)) < 5:
        fail("%s: the header %r is not PDF 1.5 or later" % (name, data[:8]))
    if not re.match(rb"\d+ 0 obj\s*<<[^>]*/Type\s*/XRef\b", data[at:at + 200]):
        fail("%s: startxref %d is not a cross-reference stream: %r" % (name, at, data[at:at + 40]))
        return
    check_xref_stream(name, data, at)
    if re.search(rb"(^|[\r\n])(xref|trailer)\s", data):
        fail("%s: a classic table or trailer besides the cross-reference stream" % name)
    n = len(re.findall(rb"/Type\s*/ObjStm\b", data))
    if n == 0:
        fail("%s: no object stream" % name)
    print("%s: %d object streams, cross-reference stream at %d" % (name, n, at))


def stream_at(data, off):
    """(dictionary text, decoded data) of the Flate stream object at off."""
    m = re.compile(rb"(\d+) 0 obj\s*(<<.*?>>)\s*stream\r?\n", re.S).match(data, off)
    length = int(re.search(rb"/Length (\d+)", m.group(2)).group(1))
    return m.group(2).decode("latin-1"), zlib.decompress(data[m.end():m.end() + length])


def check_xref_stream(name, data, off):
    """Decodes the cross-reference stream at off (PNG predictors undone) and
    checks each entry: type 1 at "N 0 obj", type 2 at the same number in
    its object stream's header.  Returns the entries."""
    d, raw = stream_at(data, off)
    w = [int(x) for x in re.search(r"/W\s*\[([\d ]+)\]", d).group(1).split()]
    ix = re.search(r"/Index\s*\[([\d ]+)\]", d)      # absent: [0 /Size]
    index = ([int(x) for x in ix.group(1).split()] if ix else
             [0, int(re.search(r"/Size (\d+)", d).group(1))])
    cols = sum(w)
    pred = re.search(r"/Predictor (\d+)", d)
    rows, prev = [], bytes(cols)
    step = cols + 1 if pred else cols
    for i in range(0, len(raw), step):
        if pred:
            f, r = raw[i], raw[i + 1:i + step]
            if f == 2:
                r = bytes((a + b) & 255 for a, b in zip(r, prev))
            elif f != 0:
                fail("%s: PNG filter %d in the xref stream" % (name, f))
        else:
            r = raw[i:i + step]
        rows.append(r)
        prev = r
    nums = [n for a, c in zip(index[::2], index[1::2]) for n in range(a, a + c)]
    if nums != sorted(set(nums)):
        # ISO 32000-1 7.5.8.2: subsections ascend and do not overlap
        fail("%s: /Index subsections are not in ascending order: %s" % (name, index[:12]))
    if len(nums) != len(rows):
        fail("%s: /Index lists %d objects, the stream %d rows" % (name, len(nums), len(rows)))
    entries = {}
    for n, r in zip(nums, rows):
        f, p = [], 0
        for k in w:
            f.append(int.from_bytes(r[p:p + k], "big") if k else (1 if p == 0 else 0))
            p += k
        entries[n] = f
    heads = {}
    for n, (t, a, b) in sorted(entries.items()):
        if t == 1 and not re.match(rb"%d 0 obj" % n, data[a:a + 20]):
            fail("%s: object %d is not at offset %d" % (name, n, a))
        if t == 2:
            if a not in heads:
                if entries.get(a, [0])[0] != 1:
                    fail("%s: object %d is in %d, which is no stream in the open" % (name, n, a))
                    continue
                sd, body = stream_at(data, entries[a][1])
                first = int(re.search(r"/First (\d+)", sd).group(1))
                pairs = body[:first].split()
                heads[a] = [int(x) for x in pairs[::2]]
                if int(re.search(r"/N (\d+)", sd).group(1)) != len(heads[a]):
                    fail("%s: object stream %d: /N is not its count" % (name, a))
            if b >= len(heads[a]) or heads[a][b] != n:
                fail("%s: object %d: entry (stream %d, index %d) names object %s"
                     % (name, n, a, b, heads[a][b] if b < len(heads[a]) else None))
    return entries


class Tree:
    """The structure tree of a PDF, read through qpdf --json."""

    def __init__(self, pdf):
        j = json.loads(subprocess.run(["qpdf", "--json=2", "--json-key=qpdf", pdf],
                                      capture_output=True, text=True, check=True).stdout)
        self.objs = j["qpdf"][1]
        pages = json.loads(subprocess.run(["qpdf", "--json=2", "--json-key=pages", pdf],
                                          capture_output=True, text=True, check=True).stdout)
        self.page_index = {pg["object"]: i for i, pg in enumerate(pages["pages"])}
        root = self.get(self.get(self.objs["trailer"]["value"]["/Root"])["/StructTreeRoot"])
        self.root = root
        self.order = {}                # element ref -> place in tree order
        self.rows = []
        self.elem_refs = []
        for k in self.as_list(root.get("/K")):
            self.walk(k, 0, None)

    def get(self, v):
        if isinstance(v, str) and v.endswith(" R"):
            return self.objs["obj:" + v]["value"]
        return v

    @staticmethod
    def as_list(v):
        return v if isinstance(v, list) else [] if v is None else [v]

    def page_of(self, ref):
        return self.page_index.get(ref, "?%s" % ref)

    def walk(self, ref, depth, page):
        e = self.get(ref)
        self.order[ref] = len(self.rows)
        self.elem_refs.append(ref)
        row = [depth, e.get("/S")]
        for key in ("/Lang", "/Alt", "/A", "/ActualText", "/T"):
            if key in e:
                row.append((key, json.dumps(self.get(e[key]), sort_keys=True)))
        pg = self.page_of(e["/Pg"]) if "/Pg" in e else page
        self.rows.append(row)
        kids = []
        for k in self.as_list(e.get("/K")):
            if isinstance(k, int):
                kids.append(("mcid", pg, k))
            elif isinstance(k, str):
                kd = self.get(k)
                if isinstance(kd, dict) and kd.get("/Type") in ("/MCR", "/OBJR"):
                    kids.append(self.kid_dict(kd, pg))
                else:
                    kids.append(("elem",))
                    self.walk(k, depth + 1, pg)
            else:
                kids.append(self.kid_dict(k, pg))
        row.append(kids)

    def kid_dict(self, d, pg):
        if d.get("/Type") == "/OBJR":
            obj = self.get(d["/Obj"])
            return ("objr", obj.get("/Subtype"), obj.get("/StructParent"))
        return ("mcr", self.page_of(d["/Pg"]) if "/Pg" in d else pg, d.get("/MCID"))

    def parent_tree(self):
        """[(key, value as tree places)] from the number tree."""
        out = []

        def node(n):
            n = self.get(n)
            for k in n.get("/Kids", []):
                node(k)
            nums = n.get("/Nums", [])
            for i in range(0, len(nums), 2):
                v = self.get(nums[i + 1]) if isinstance(nums[i + 1], list) else nums[i + 1]
                if isinstance(v, list):
                    out.append((nums[i], [self.order.get(r, "?") for r in v]))
                else:
                    out.append((nums[i], self.order.get(v, "?")))
        node(self.root["/ParentTree"])
        return out


def compare(name, packed_pdf, plain_pdf):
    a, b = Tree(packed_pdf), Tree(plain_pdf)
    if len(a.rows) < 10:
        fail("%s: only %d structure elements" % (name, len(a.rows)))
    if a.rows != b.rows:
        at = next((i for i in range(min(len(a.rows), len(b.rows))) if a.rows[i] != b.rows[i]),
                  min(len(a.rows), len(b.rows)))
        fail("%s: the trees differ at element %d: %s against --pdfa %s (%d and %d elements)"
             % (name, at, a.rows[at] if at < len(a.rows) else None,
                b.rows[at] if at < len(b.rows) else None, len(a.rows), len(b.rows)))
    pa, pb = a.parent_tree(), b.parent_tree()
    if pa != pb:
        fail("%s: the parent trees differ (%d and %d keys)" % (name, len(pa), len(pb)))
    if a.root.get("/ParentTreeNextKey") != b.root.get("/ParentTreeNextKey"):
        fail("%s: /ParentTreeNextKey %s against %s" % (name, a.root.get("/ParentTreeNextKey"),
                                                       b.root.get("/ParentTreeNextKey")))
    counts = {}
    for r in a.rows:
        counts[r[1]] = counts.get(r[1], 0) + 1
    print("%s: %d elements (%s), %d parent-tree keys, alike in both builds"
          % (name, len(a.rows), " ".join("%s %d" % (k[1:], v) for k, v in sorted(counts.items())),
             len(pa)))
    # Where each element and parent-tree node lives.
    for pdf, tree, want in ((packed_pdf, a, "compressed"), (plain_pdf, b, "uncompressed")):
        kinds = xref_kinds(pdf)
        nums = [int(r.split()[0]) for r in tree.elem_refs]
        nums.append(int(tree.root["/ParentTree"].split()[0]))
        wrong = [n for n in nums if kinds.get(n) != want]
        if wrong:
            fail("%s: %d of %d structure objects are not %s (e.g. %d: %s)"
                 % (os.path.basename(pdf), len(wrong), len(nums), want, wrong[0],
                    kinds.get(wrong[0])))


def main():
    if not shutil.which("qpdf"):
        print("skip: qpdf is missing")
        return 77
    with tempfile.TemporaryDirectory(prefix="ap-objstm-") as tmp:
        cases = [("glanrhyd", os.path.join(ROOT, "examples", "glanrhyd-scrutiny-2026-03-05",
                                           "meeting.yaml"), []),
                 ("minutes", os.path.join(ROOT, "examples", "essex-paf-2018-02-08",
                                          "minutes-2018-01-11.yaml"), [])]
        if os.path.exists(os.path.join(FONTS, "DejaVuSans.ttf")):
            subprocess.run([sys.executable, os.path.join(ROOT, "bench", "gen.py"), "10",
                            os.path.join(tmp, "bench")], check=True, capture_output=True)
            cases.append(("bench-10", os.path.join(tmp, "bench", "agendapack", "meeting.yaml"),
                          ["--layout", os.path.join(ROOT, "bench", "agendapack-layout.yaml"),
                           "--font-dir", FONTS]))
        else:
            print("no DejaVu Sans (fonts-dejavu-core): the bench pack is not built")
        cases.append(("essex-merged", os.path.join(ROOT, "examples", "essex-paf-2018-02-08",
                                                   "meeting.yaml"), []))
        for name, src, opts in cases:
            packed = os.path.join(tmp, name + ".pdf")
            plain = os.path.join(tmp, name + "-pdfa.pdf")
            d1 = build(packed, src, *opts)
            d2 = build(plain, src, "--pdfa", *opts)
            if d1 is None or d2 is None:
                continue
            form = check_merged_form if name.endswith("-merged") else check_form
            form(name, d1, False)
            form(name + " --pdfa", d2, True)
            qpdf_check(name, packed)
            qpdf_check(name + " --pdfa", plain)
            compare(name, packed, plain)
            print("%s: %d bytes, --pdfa %d bytes" % (name, len(d1), len(d2)))
    return 1 if fails else 0


sys.exit(main())

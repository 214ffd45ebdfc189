#!/usr/bin/env python3
"""run-hostile.py AGENDAPACK [NAME ...] - hostile inputs (issue 6).

Each case builds its input in a fresh temporary folder, runs
`agendapack build IN -o OUT` there and checks:

  - the exit status is the documented one (docs/format.md, main.c);
  - every expected message (a regular expression, after the folder's
    name is replaced by "DIR") matches one line of stderr;
  - when the build must fail: no output file appears, an output file
    that was already there is left byte for byte as it was, and no
    temporary file is left beside it (the case is run both ways);
  - the run ends within a hang guard.

Run from the source root.  Inputs are generated here, not kept in the
tree: some are large (a 1 MB text, a 51 MB image).
"""
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib

TIME_LIMIT = 20.0                      # seconds; a hang guard only
SENTINEL = b"%PDF-1.4 an existing pack that must not change\n"

MEETING = """council: Essex County Council
committee: People and Families Policy and Scrutiny Committee
date: 2018-02-08
time: "10:30"
venue: Committee Room 1, County Hall
contact:
  name: Gemma Bint
items:
  - title: Minutes
{extra}"""


def meeting(extra=""):
    return MEETING.format(extra=extra)


def png(w, h, data=None):
    """A PNG file: w x h grey pixels (data None: a real image)."""
    def chunk(kind, body):
        c = struct.pack(">I", len(body)) + kind + body
        return c + struct.pack(">I", zlib.crc32(kind + body) & 0xffffffff)
    ihdr = struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)
    if data is None:
        data = zlib.compress(b"".join(b"\0" + b"\x80" * w for _ in range(h)))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) +
            chunk(b"IDAT", data) + chunk(b"IEND", b""))


def image_meeting(name):
    return meeting("    notes:\n      - image: %s\n        alt: A chart\n" % name)


# Each case: name -> dict(files={name: bytes|str}, input=path, args=[...],
# status=int, expect=[regex...], out=path or None, ok=True when it must
# succeed).  Paths are relative to the case's folder.
def cases(tmp_root):
    c = {}
    c["empty-file"] = dict(
        files={"in.yaml": ""}, status=65,
        expect=[r"^in\.yaml:1:1: error: the file is empty; expected a meeting"])
    c["directory"] = dict(
        files={"in.yaml/x": ""}, status=66,
        expect=[r"^in\.yaml: error: cannot read the file 'in\.yaml': Is a directory$"])
    garbage = bytes((i * 197 + 91) % 256 for i in range(4096))
    c["binary-garbage"] = dict(
        files={"in.yaml": garbage}, status=65,
        expect=[r"^in\.yaml:1:1: error: invalid UTF-8 \(byte 0x5b\)|"
                r"^in\.yaml:\d+:\d+: error: invalid UTF-8 \(byte 0x[0-9a-f]{2}\); "
                r"the file must be UTF-8$"])
    c["invalid-utf8"] = dict(
        files={"in.yaml": meeting().replace("Bint", "B\xe9nt").encode("latin-1")},
        status=65,
        expect=[r"^in\.yaml:7:16: error: invalid UTF-8 \(byte 0xe9\); the file "
                r"must be UTF-8$"])
    c["scalar-document"] = dict(
        files={"in.yaml": "just some text\n"}, status=65,
        expect=[r"^in\.yaml:1:1: error: the document is a single text value; "
                r"expected a meeting"])
    c["list-document"] = dict(
        files={"in.yaml": "- council: Essex\n- committee: PAF\n"}, status=65,
        expect=[r"^in\.yaml:1:1: error: the document is a list; expected a "
                r"meeting"])
    c["duplicate-keys"] = dict(
        files={"in.yaml": meeting() + "council: Kent County Council\n"},
        status=65,
        expect=[r"^in\.yaml:10:1: error: duplicate key 'council'"])
    c["truncated-png"] = dict(
        files={"in.yaml": image_meeting("chart.png"),
               "chart.png": png(4, 4)[:20]}, status=65,
        expect=[r"^in\.yaml:11:9: error: image 'chart\.png' is a truncated "
                r"PNG file$"])
    c["png-100000x100000"] = dict(
        files={"in.yaml": image_meeting("chart.png"),
               "chart.png": png(100000, 100000, data=b"")}, status=65,
        expect=[r"^in\.yaml:11:9: error: image 'chart\.png' is 100000x100000 "
                r"pixels; the limit is 20000 on each side$"])
    c["png-too-many-pixels"] = dict(
        files={"in.yaml": image_meeting("chart.png"),
               "chart.png": png(20000, 20000, data=b"")}, status=65,
        expect=[r"^in\.yaml:11:9: error: image 'chart\.png' is 20000x20000 "
                r"pixels; the limit is 50 million pixels in all$"])
    c["jpeg-is-text"] = dict(
        files={"in.yaml": image_meeting("chart.jpg"),
               "chart.jpg": "This is not a JPEG, it is a note.\n"}, status=65,
        expect=[r"^in\.yaml:11:9: error: image 'chart\.jpg' is not a PNG or "
                r"JPEG file$"])
    c["image-too-large-file"] = dict(
        files={"in.yaml": image_meeting("chart.png"),
               "chart.png": ("sparse", png(4, 4), 51 << 20)}, status=65,
        expect=[r"^in\.yaml:11:9: error: image 'chart\.png' is larger than "
                r"50 MB$"])
    layout = open("layouts/default.yaml", encoding="utf-8").read()
    layout = re.sub(r"(?m)^  regular: .*$", "  regular: fake.ttf", layout)
    c["font-not-a-font"] = dict(
        files={"in.yaml": meeting(), "fake.ttf": "not a font, just text\n",
               "house.yaml": layout},
        args=["--layout", "house.yaml", "--font-dir", "."], status=65,
        expect=[r"^house\.yaml:\d+:\d+: error: \./fake\.ttf: not a font file "
                r"FreeType can read$"])
    c["text-too-long"] = dict(
        files={"in.yaml": meeting().replace("Committee Room 1, County Hall",
                                            "x" * ((1 << 20) + 1))},
        status=65,
        expect=[r"^in\.yaml:5:8: error: a text value of 1048577 bytes; the "
                r"limit for one value is 1 MB$"])
    c["max-pages"] = dict(
        files={"in.yaml": meeting("    papers: [paper.yaml]\n"),
               "paper.yaml": "paper: report\ntitle: Long\nbody:\n" +
               "".join("  - page_break: true\n  - Page %d.\n" % i
                       for i in range(5))},
        args=["--max-pages", "3"], status=65,
        expect=[r"^in\.yaml:1:1: error: the pack would have \d+ pages, more "
                r"than the limit of 3 \(raise it with --max-pages\)$"])
    # Papers outside the meeting's folder are allowed (docs/format.md,
    # "Paths"): councils keep shared papers elsewhere.
    shared = "paper: report\ntitle: Shared\nbody:\n  - A shared paper.\n"
    c["paper-dotdot"] = dict(
        files={"m/in.yaml": meeting("    papers: [../shared/paper.yaml]\n"),
               "shared/paper.yaml": shared},
        input="m/in.yaml", out="m/out.pdf", status=0, ok=True, expect=[])
    abs_paper = os.path.join(tmp_root, "abs-shared.yaml")
    c["paper-absolute"] = dict(
        files={"in.yaml": meeting("    papers: [%s]\n" % abs_paper)},
        outside={abs_paper: shared}, status=0, ok=True, expect=[])
    c["paper-dotdot-missing"] = dict(
        files={"m/in.yaml": meeting("    papers: [../nowhere/paper.yaml]\n")},
        input="m/in.yaml", out="m/out.pdf", status=65,
        expect=[r"^m/in\.yaml:10:14: error: cannot read paper file "
                r"'m/\.\./nowhere/paper\.yaml': No such file or directory$"])
    c["output-missing-folder"] = dict(
        files={"in.yaml": meeting()}, out="no/such/folder/out.pdf", status=73,
        fresh_only=True,
        expect=[r"^agendapack: error: cannot write no/such/folder/out\.pdf: No "
                r"such file or directory$"])
    c["output-dev-full"] = dict(
        files={"in.yaml": meeting()}, out="/dev/full", status=73, device=True,
        expect=[r"^agendapack: error: cannot write /dev/full: No space left on "
                r"device$"])
    c["output-is-directory"] = dict(
        files={"in.yaml": meeting(), "out.pdf/x": ""}, status=73, device=True,
        expect=[r"^agendapack: error: cannot write out\.pdf: it is a directory$"])
    return c


def make_files(root, files):
    for name, body in files.items():
        path = os.path.join(root, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if name.endswith("/x"):            # a folder, by its placeholder
            continue
        if isinstance(body, tuple):        # ("sparse", head, size)
            with open(path, "wb") as f:
                f.write(body[1])
                f.truncate(body[2])
            continue
        with open(path, "wb") as f:
            f.write(body.encode("utf-8") if isinstance(body, str) else body)


def listing(root):
    out = set()
    for d, _, names in os.walk(root):
        for n in names:
            out.add(os.path.relpath(os.path.join(d, n), root))
    return out


def run_case(exe, name, case, tmp_root, existing):
    """Runs one case; returns a list of problems."""
    problems = []
    root = tempfile.mkdtemp(prefix=name + "-", dir=tmp_root)
    make_files(root, case["files"])
    for path, body in case.get("outside", {}).items():
        with open(path, "w", encoding="utf-8") as f:
            f.write(body)
    inp = case.get("input", "in.yaml")
    out = case.get("out", "out.pdf")
    out_path = out if os.path.isabs(out) else os.path.join(root, out)
    device = case.get("device", False)
    if existing and not device:
        os.makedirs(os.path.dirname(out_path), exist_ok=True)
        with open(out_path, "wb") as f:
            f.write(SENTINEL)
    before = listing(root)
    t0 = time.monotonic()
    try:
        r = subprocess.run([exe, "build", inp, "-o", out] + case.get("args", []),
                           cwd=root, capture_output=True, timeout=TIME_LIMIT * 3)
    except subprocess.TimeoutExpired:
        return ["timed out"]
    secs = time.monotonic() - t0
    err = r.stderr.decode("utf-8", "replace").replace(root, "DIR").splitlines()
    if r.returncode != case["status"]:
        problems.append("exit %d, expected %d" % (r.returncode, case["status"]))
    for rx in case["expect"]:
        if not any(re.search(rx, l) for l in err):
            problems.append("no line matches %r" % rx)
    if case.get("ok"):
        with open(out_path, "rb") as f:
            if not f.read(5) == b"%PDF-":
                problems.append("the output is not a PDF")
    elif not device:
        after = listing(root)
        if existing:
            with open(out_path, "rb") as f:
                if f.read() != SENTINEL:
                    problems.append("the existing output file was altered")
        elif os.path.exists(out_path):
            problems.append("an output file was left")
        if after != before:
            problems.append("files left behind: %s" % sorted(after - before))
    if secs > TIME_LIMIT:
        problems.append("took %.1f s" % secs)
    if problems:
        problems.append("stderr:\n    " + "\n    ".join(err))
    shutil.rmtree(root, ignore_errors=True)
    return problems


def main():
    exe = os.path.abspath(sys.argv[1])
    only = sys.argv[2:]
    tmp_root = tempfile.mkdtemp(prefix="ap-hostile-")
    failed = 0
    try:
        for name, case in cases(tmp_root).items():
            if only and name not in only:
                continue
            ways = [False] if (case.get("ok") or case.get("device") or
                               case.get("fresh_only")) else [False, True]
            for existing in ways:
                problems = run_case(exe, name, case, tmp_root, existing)
                label = name + (" (over an existing file)" if existing else "")
                if problems:
                    failed += 1
                    print("FAIL %s: %s" % (label, "; ".join(problems)))
                else:
                    print("ok   %s" % label)
    finally:
        shutil.rmtree(tmp_root, ignore_errors=True)
    print("%d failed" % failed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

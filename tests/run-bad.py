#!/usr/bin/env python3
"""run-bad.py AGENDAPACK [CASE.yaml ...] - the bad-input corpus.

Run from the source root.  Each tests/bad/NNN-name.yaml opens with
comment lines that state what `agendapack check` must do with it:

    # expect: tests/bad/003-unknown-key.yaml:4:3: error: unknown key ...
    # exit: 65
    # args: --layout tests/bad/files/bad-layout.yaml     (optional)
    # fixture: files/report.docx word                     (optional)

A case with fixture lines runs in a scratch copy of the source root
(the case and tests/bad/files) where each fixture, a file of the kind
named (word, excel, powerpoint, ole, zip: see make_fixture), is written
first, relative to tests/bad; binary fixtures are never committed.

Every `# expect:` line must appear on stderr, in order, and nothing else
(the closing "agendapack: N errors; ..." summary is ignored).  Each run
must end within a few seconds: a hang guard, not a benchmark.

Also checked here: a top-level input that does not exist exits 66, and
every file in tests/loader/good/ checks clean.
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile

SUMMARY = re.compile(r"^agendapack: \d+ errors?; ")
OK_LINE = re.compile(r"^(.*): ok, \d+ (items?|minutes?)(, \d+ warnings?)?$")
TIME_LIMIT = 5.0                       # seconds; a hang guard only


def make_fixture(path, kind):
    """Writes a small file of kind at path: an Office document as a ZIP
    holding the folder Office names (word/, xl/, ppt/), an old Office
    (OLE2) file's magic number, or a plain ZIP archive."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    if kind == "ole":
        with open(path, "wb") as f:
            f.write(bytes.fromhex("d0cf11e0a1b11ae1") + bytes(504))
        return
    inner = {"word": "word/document.xml", "excel": "xl/workbook.xml",
             "powerpoint": "ppt/presentation.xml", "zip": "readme.txt"}[kind]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        if kind != "zip":
            z.writestr("[Content_Types].xml", "<Types/>")
            z.writestr("_rels/.rels", "<Relationships/>")
        z.writestr(inner, "<x/>")


def header(path):
    """The expect lines, exit status, extra arguments and fixtures of a
    case."""
    expects, status, args, fixtures = [], None, [], []
    with open(path, "rb") as f:
        for raw in f:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            if not line.startswith("#"):
                break
            m = re.match(r"#\s*(expect|exit|args|fixture):\s?(.*)$", line)
            if not m:
                continue
            if m.group(1) == "expect":
                expects.append(m.group(2))
            elif m.group(1) == "exit":
                status = int(m.group(2))
            elif m.group(1) == "fixture":
                fixtures.append(m.group(2).split())
            else:
                args = m.group(2).split()
    return expects, status, args, fixtures


def run(exe, path, args, cwd=None):
    """Runs check; returns (status, stderr lines without the summary, secs)."""
    t0 = time.monotonic()
    try:
        r = subprocess.run([exe, "check", path] + args, capture_output=True,
                           timeout=TIME_LIMIT * 4, cwd=cwd)
    except subprocess.TimeoutExpired:
        return None, ["(timed out)"], TIME_LIMIT * 4
    secs = time.monotonic() - t0
    lines = r.stderr.decode("utf-8", "replace").splitlines()
    return r.returncode, [l for l in lines if not SUMMARY.match(l)], secs


def without_ok(lines):
    """The lines but check's "FILE: ok, ..." summary (a case that warns)."""
    return [l for l in lines if not OK_LINE.match(l)]


def main():
    exe = os.path.abspath(sys.argv[1])
    cases = sys.argv[2:] or sorted(glob.glob("tests/bad/[0-9]*.yaml"))
    failed = 0
    for path in cases:
        expects, status, args, fixtures = header(path)
        problems = []
        if status is None or not expects:
            problems.append("no '# expect:' or '# exit:' header")
        scratch = None
        if fixtures:
            scratch = tempfile.mkdtemp(prefix="run-bad-")
            shutil.copytree("tests/bad/files",
                            os.path.join(scratch, "tests/bad/files"))
            shutil.copy(path, os.path.join(scratch, "tests/bad"))
            for rel, kind in fixtures:
                make_fixture(os.path.join(scratch, "tests/bad", rel), kind)
        code, got, secs = run(exe, path, args, cwd=scratch)
        if scratch:
            shutil.rmtree(scratch)
        if code != status:
            problems.append("exit %s, expected %s" % (code, status))
        if without_ok(got) != expects:
            problems.append("stderr differs:\n  expected:\n%s\n  got:\n%s" % (
                "\n".join("    " + l for l in expects),
                "\n".join("    " + l for l in got)))
        if secs > TIME_LIMIT:
            problems.append("took %.1f s" % secs)
        if problems:
            failed += 1
            print("FAIL %s: %s" % (path, "; ".join(problems)))
        else:
            print("ok   %s (%.2f s)" % (path, secs))

    if len(sys.argv) == 2:
        code, got, _ = run(exe, "tests/bad/no-such-file.yaml", [])
        want = ["tests/bad/no-such-file.yaml: error: cannot read the file "
                "'tests/bad/no-such-file.yaml': No such file or directory"]
        if code != 66 or got != want:
            failed += 1
            print("FAIL missing top-level file: exit %s, stderr %r" % (code, got))
        else:
            print("ok   missing top-level file exits 66")
        for path in sorted(glob.glob("tests/loader/good/*.yaml")):
            code, got, _ = run(exe, path, [])
            # A good file's check prints only "FILE: ok, N items".
            if code != 0 or len(got) != 1 or OK_LINE.match(got[0]) is None \
                    or OK_LINE.match(got[0]).group(1) != path:
                failed += 1
                print("FAIL %s should check clean: exit %s\n%s" % (
                    path, code, "\n".join(got)))
            else:
                print("ok   %s checks clean" % path)

    print("%d failed" % failed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""run-bad.py AGENDAPACK [CASE.yaml ...] - the bad-input corpus.

Run from the source root.  Each tests/bad/NNN-name.yaml opens with
comment lines that state what `agendapack check` must do with it:

    # expect: tests/bad/003-unknown-key.yaml:4:3: error: unknown key ...
    # exit: 65
    # args: --layout tests/bad/files/bad-layout.yaml     (optional)

Every `# expect:` line must appear on stderr, in order, and nothing else
(the closing "agendapack: N errors; ..." summary is ignored).  Each run
must end within a few seconds: a hang guard, not a benchmark.

Also checked here: a top-level input that does not exist exits 66, and
every file in tests/loader/good/ checks clean.
"""
import glob
import os
import re
import subprocess
import sys
import time

SUMMARY = re.compile(r"^agendapack: \d+ errors?; ")
OK_LINE = re.compile(r"^(.*): ok, \d+ (items?|minutes?)$")
TIME_LIMIT = 5.0                       # seconds; a hang guard only


def header(path):
    """The expect lines, exit status and extra arguments of a case."""
    expects, status, args = [], None, []
    with open(path, "rb") as f:
        for raw in f:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            if not line.startswith("#"):
                break
            m = re.match(r"#\s*(expect|exit|args):\s?(.*)$", line)
            if not m:
                continue
            if m.group(1) == "expect":
                expects.append(m.group(2))
            elif m.group(1) == "exit":
                status = int(m.group(2))
            else:
                args = m.group(2).split()
    return expects, status, args


def run(exe, path, args):
    """Runs check; returns (status, stderr lines without the summary, secs)."""
    t0 = time.monotonic()
    try:
        r = subprocess.run([exe, "check", path] + args, capture_output=True,
                           timeout=TIME_LIMIT * 4)
    except subprocess.TimeoutExpired:
        return None, ["(timed out)"], TIME_LIMIT * 4
    secs = time.monotonic() - t0
    lines = r.stderr.decode("utf-8", "replace").splitlines()
    return r.returncode, [l for l in lines if not SUMMARY.match(l)], secs


def main():
    exe = os.path.abspath(sys.argv[1])
    cases = sys.argv[2:] or sorted(glob.glob("tests/bad/[0-9]*.yaml"))
    failed = 0
    for path in cases:
        expects, status, args = header(path)
        problems = []
        if status is None or not expects:
            problems.append("no '# expect:' or '# exit:' header")
        code, got, secs = run(exe, path, args)
        if code != status:
            problems.append("exit %s, expected %s" % (code, status))
        if got != expects:
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

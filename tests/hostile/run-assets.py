#!/usr/bin/env python3
"""run-assets.py AGENDAPACK [NAME ...] - hostile images and appendices
(issue 13).

Each case writes its files (assets.py: PNGs, JPEGs and PDFs made here,
byte by byte) into a fresh folder, runs `agendapack build in.yaml -o
out.pdf [ARGS]` and checks:

  - the exit status;
  - stderr, exactly (the folder's name replaced by "DIR");
  - a failed build leaves no output and no temporary file;
  - a good build's pack passes `qpdf --check` when qpdf is there, and
    the case's own check of the pack (the decoded pixels of an image,
    what an appendix carried in) holds;
  - the run ends within a hang guard (a FIFO, an inflation bomb), and
    where a case says so within a time and a peak memory (the bomb: the
    old code took 32 s and 3.1 GB; wall time on a loaded machine varies,
    peak memory does not).
"""
import base64
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import assets as A  # noqa: E402
from assets_cases import image_cases, appendix_cases  # noqa: E402

TIME_LIMIT = 10.0                      # seconds: a hang guard


def have(tool):
    return shutil.which(tool) is not None


def qpdf_json(path):
    """The pack's objects as qpdf's JSON (streams decoded, inline)."""
    r = subprocess.run(["qpdf", "--json=2", "--json-stream-data=inline",
                        "--decode-level=generalized", path],
                       capture_output=True, text=True)
    return json.loads(r.stdout)["qpdf"][1]


def images(path):
    """Every image XObject of the pack: (dict, decoded bytes)."""
    out = []
    for obj in qpdf_json(path).values():
        st = obj.get("stream") if isinstance(obj, dict) else None
        if st and st["dict"].get("/Subtype") == "/Image":
            out.append((st["dict"], base64.b64decode(st.get("data", ""))))
    return out


def image_with(path, pred):
    for d, data in images(path):
        if pred(d):
            return d, data
    return None, None


def smask_of(path, d):
    ref = d.get("/SMask")
    if not ref:
        return None
    obj = qpdf_json(path)["obj:" + ref]
    return base64.b64decode(obj["stream"].get("data", ""))


def qdf_text(path):
    """The pack uncompressed (qpdf --qdf), as text."""
    r = subprocess.run(["qpdf", "--qdf", "--object-streams=disable", path, "-"],
                       capture_output=True)
    return r.stdout.decode("latin-1")


def run_case(exe, name, case, tmp_root):
    problems = []
    root = tempfile.mkdtemp(prefix=name + "-", dir=tmp_root)
    for fname, body in case["files"].items():
        p = os.path.join(root, fname)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        if body is None:
            os.mkfifo(p)
            continue
        with open(p, "wb") as f:
            f.write(body.encode() if isinstance(body, str) else body)
    out = os.path.join(root, "out.pdf")
    before = set(os.listdir(root))
    t0 = time.monotonic()
    p = subprocess.Popen([exe, "build", "in.yaml", "-o", "out.pdf"] +
                         case.get("args", []), cwd=root, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE,
                         env=dict(os.environ, SOURCE_DATE_EPOCH="1518048000"))
    guard = threading.Timer(TIME_LIMIT * 3, p.kill)   # a hang guard
    guard.start()
    stderr = p.stderr.read()
    _, wstatus, usage = os.wait4(p.pid, 0)            # this child's own peak memory
    guard.cancel()
    p.returncode = os.waitstatus_to_exitcode(wstatus)
    secs = time.monotonic() - t0
    if secs >= TIME_LIMIT * 3:
        shutil.rmtree(root, ignore_errors=True)
        return ["timed out (a hang)"]
    err = stderr.decode("utf-8", "replace").replace(root, "DIR").splitlines()
    # the one-line summary of a successful build ("wrote ...: N pages")
    # is checked by tests/cli; the cases compare what comes before it
    if p.returncode == 0 and err and err[-1].startswith("wrote "):
        err = err[:-1]
    if p.returncode != case["status"]:
        problems.append("exit %d, expected %d" % (p.returncode, case["status"]))
    rss_mb = usage.ru_maxrss / 1024
    if case.get("max_rss_mb") and rss_mb > case["max_rss_mb"]:
        problems.append("peak memory %.0f MB, limit %d MB" % (rss_mb, case["max_rss_mb"]))
    if err != case["stderr"]:
        problems.append("stderr differs:\n    got:      %s\n    expected: %s" % (
            "\n              ".join(err), "\n              ".join(case["stderr"])))
    if case["status"] == 0:
        if not os.path.exists(out):
            problems.append("no output")
        else:
            if have("qpdf"):
                c = subprocess.run(["qpdf", "--check", out], capture_output=True,
                                   text=True)
                if c.returncode != 0:
                    problems.append("qpdf --check: " + c.stdout[-300:] + c.stderr[-300:])
                if case.get("check"):
                    why = case["check"](out)
                    if why:
                        problems.append(why)
    else:
        after = set(os.listdir(root))
        if after != before:
            problems.append("files left behind: %s" % sorted(after - before))
    limit = case.get("time", TIME_LIMIT)
    if secs > limit:
        problems.append("took %.1f s (limit %.1f)" % (secs, limit))
    shutil.rmtree(root, ignore_errors=True)
    return problems


def main():
    exe = os.path.abspath(sys.argv[1])
    only = sys.argv[2:]
    tmp_root = tempfile.mkdtemp(prefix="ap-assets-")
    failed = 0
    allc = dict(image_cases(A, image_with, smask_of))
    allc.update(appendix_cases(A, qdf_text, images))
    try:
        for name, case in allc.items():
            if only and name not in only:
                continue
            if case.get("check") and not have("qpdf"):
                print("skip %s: the pack check needs qpdf" % name)
                case = dict(case, check=None)
            problems = run_case(exe, name, case, tmp_root)
            if problems:
                failed += 1
                print("FAIL %s: %s" % (name, "\n  ".join(problems)))
            else:
                print("ok   %s" % name)
    finally:
        shutil.rmtree(tmp_root, ignore_errors=True)
    print("%d failed" % failed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

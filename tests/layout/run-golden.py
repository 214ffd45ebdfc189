#!/usr/bin/env python3
"""Golden tests of the layout engine, on the text dump.

usage: run-golden.py AGENDAPACK [NAME ...]

Each tests/layout/golden/NAME.yaml (a minutes paper or a meeting file)
is built with the golden layout (tests/layout/golden.layout.yaml) as a
text dump only (--dump FILE -o -: no PDF is written), and the dump must
equal tests/layout/golden/NAME.dump byte for byte.  The build must exit
0, and print on stderr exactly golden/NAME.stderr (nothing when there is
no such file).  The cases are built in a copy of golden/ in a temporary
folder, where golden_fixtures.py first writes the images and PDFs they
name (no binary file is committed), as "NAME.yaml" from that folder.

With AP_REGEN=1 in the environment the dumps (and non-empty stderr) are
written to the .dump (.stderr) files instead (new files too): read the differences (git diff) before
committing them.  Run from anywhere; paths are found from this file.

Exit status: 0 all equal, 1 some differ, 77 (skip) when the layout's
fonts (Liberation Sans, DejaVu Sans) are not installed, since other
fonts have other metrics.
"""
import difflib
import os
import shutil
import subprocess
import sys
import tempfile

import golden_fixtures

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
GOLDEN = os.path.join(HERE, "golden")
LAYOUT = os.path.join("tests", "layout", "golden.layout.yaml")


def have_font(family):
    if not shutil.which("fc-match"):
        return True            # cannot tell; let the comparison decide
    p = subprocess.run(["fc-match", "-f", "%{family}", family],
                       capture_output=True, text=True)
    return family.lower() in p.stdout.lower()


def main(argv):
    if len(argv) < 1:
        print(__doc__)
        return 2
    exe = os.path.abspath(argv[0])
    names = argv[1:] or sorted(f[:-5] for f in os.listdir(GOLDEN)
                               if f.endswith(".yaml"))
    for fam in ("Liberation Sans", "DejaVu Sans"):
        if not have_font(fam):
            print("SKIP: the font %s is not installed" % fam)
            return 77
    regen = os.environ.get("AP_REGEN") == "1"
    failed = []
    layout = os.path.join(ROOT, LAYOUT)
    with tempfile.TemporaryDirectory() as tmp:
        work = os.path.join(tmp, "golden")
        shutil.copytree(GOLDEN, work)
        golden_fixtures.make(work)
        for name in names:
            out = os.path.join(tmp, name + ".dump")
            dash = os.path.join(work, "-")
            had_dash = os.path.exists(dash)
            p = subprocess.run([exe, "build", name + ".yaml", "--layout", layout,
                                "--dump", out, "-o", "-"],
                               cwd=work, capture_output=True, text=True)
            err_path = os.path.join(GOLDEN, name + ".stderr")
            want_err = ""
            if os.path.exists(err_path) and not regen:
                with open(err_path, encoding="utf-8") as f:
                    want_err = f.read()
            if regen and p.returncode == 0 and p.stderr:
                with open(err_path, "w", encoding="utf-8") as f:
                    f.write(p.stderr)
                print("wrote %s" % os.path.relpath(err_path, ROOT))
                want_err = p.stderr
            if p.returncode != 0 or p.stderr != want_err:
                print("FAIL %s: exit %d, stderr:\n%s\nexpected stderr:\n%s"
                      % (name, p.returncode, p.stderr, want_err))
                failed.append(name)
                continue
            if not had_dash and os.path.exists(dash):
                os.unlink(dash)
                print("FAIL %s: '-o -' wrote a file named '-'" % name)
                failed.append(name)
            with open(out, encoding="utf-8") as f:
                got = f.read()
            want_path = os.path.join(GOLDEN, name + ".dump")
            if regen:
                with open(want_path, "w", encoding="utf-8") as f:
                    f.write(got)
                print("wrote %s" % os.path.relpath(want_path, ROOT))
                continue
            if not os.path.exists(want_path):
                print("FAIL %s: no expected dump %s (make it with AP_REGEN=1)"
                      % (name, os.path.relpath(want_path, ROOT)))
                failed.append(name)
                continue
            with open(want_path, encoding="utf-8") as f:
                want = f.read()
            if got != want:
                diff = list(difflib.unified_diff(
                    want.splitlines(), got.splitlines(),
                    "expected/" + name + ".dump", "got/" + name + ".dump", lineterm=""))
                print("FAIL %s: the dump differs (%d diff lines; first 60):"
                      % (name, len(diff)))
                print("\n".join(diff[:60]))
                failed.append(name)
            else:
                print("ok   %s" % name)
    if failed:
        print("%d of %d golden tests failed: %s" % (len(failed), len(names),
                                                   " ".join(failed)))
        print("If the change is intended, regenerate with AP_REGEN=1 "
              "(see tests/README.md) and read the diff.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

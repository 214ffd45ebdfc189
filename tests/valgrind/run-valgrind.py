#!/usr/bin/env python3
"""run-valgrind.py AGENDAPACK - the example builds valgrind-clean.

Builds the Essex example's pack and its standalone minutes under
valgrind --leak-check=full --error-exitcode=1 (no invalid reads or
writes, no uninitialised jumps, no leaks; fontconfig's own one-off leak
is suppressed, see fontconfig.supp).  Exits 77 (meson: skipped) when
valgrind is not installed.  Run from the source root.
"""
import os
import shutil
import subprocess
import sys
import tempfile

EXAMPLE = "examples/essex-paf-2018-02-08"


def main():
    exe = os.path.abspath(sys.argv[1])
    vg = shutil.which("valgrind")
    if vg is None:
        print("valgrind is not installed: skipped")
        return 77
    supp = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                        "fontconfig.supp")
    failed = 0
    with tempfile.TemporaryDirectory(prefix="ap-valgrind-") as tmp:
        for src in ("meeting.yaml", "minutes-2018-01-11.yaml"):
            out = os.path.join(tmp, src.replace(".yaml", ".pdf"))
            cmd = [vg, "-q", "--leak-check=full", "--error-exitcode=1",
                   "--suppressions=" + supp, exe, "build",
                   os.path.join(EXAMPLE, src), "-o", out]
            r = subprocess.run(cmd, capture_output=True, text=True)
            # valgrind's own reports are the lines "==PID== ..."
            vg_lines = [l for l in r.stderr.splitlines() if l.startswith("==")]
            if r.returncode != 0 or vg_lines:
                failed += 1
                print("FAIL %s: exit %d\n%s" % (src, r.returncode, r.stderr))
            else:
                print("ok   %s builds valgrind-clean" % src)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

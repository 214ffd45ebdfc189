#!/usr/bin/env python3
"""Runs the independent checker, check-pack, over the packs the other
pack tests make: the Essex example (default and --duplex), the
editions fixture (--edition full), the supplement and the generated
fixed-point meeting.  (check-pack reads every page with its own
pdftotext run, so the list is kept short.)

The checker is not part of this repository: it is found through the
environment variable CHECK_PACK or at ../shared/tools/check-pack beside
the source root; without it this test is skipped (exit 77).  Our own
checks of the same properties are in pack_props.py, run by the other
tests.

usage: check_pack.py AGENDAPACK
"""
import concurrent.futures
import os
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import common  # noqa: E402
import fixedpoint

FX = os.path.join("tests", "pack", "fixtures")


def main():
    exe = common.exe_from_argv()
    tool = common.check_pack_tool()
    if tool is None:
        print("SKIP: check-pack not found (set CHECK_PACK or put it at "
              "../shared/tools/check-pack)")
        return common.SKIP
    common.need_tools("pdftotext", "pdfinfo", "pdffonts", "qpdf")
    c = common.Checks("check_pack")
    with tempfile.TemporaryDirectory() as tmp:
        gen = os.path.join(tmp, "gen")
        os.mkdir(gen)
        packs = [
            ("essex", common.EXAMPLE, []),
            ("essex-duplex", common.EXAMPLE, ["--duplex"]),
            ("editions-full", os.path.join(FX, "editions", "meeting.yaml"),
             ["--edition", "full"]),
            ("supplement", os.path.join(FX, "supplement", "meeting.yaml"), ["--supplement"]),
            ("fixedpoint", fixedpoint.meeting(gen), []),
        ]
        def one(pack):
            name, src, opts = pack
            pdf, js = os.path.join(tmp, name + ".pdf"), os.path.join(tmp, name + ".json")
            p = common.build(exe, src, "-o", pdf, "--manifest", js, *opts)
            if p.returncode != 0 or common.unexpected_stderr(p.stderr):
                return name, p, None
            return name, p, common.run([sys.executable, tool, pdf, "--manifest", js])

        # check-pack is slow (a pdftotext run per page): the packs in parallel.
        with concurrent.futures.ThreadPoolExecutor(max_workers=4) as pool:
            for name, p, res in pool.map(one, packs):
                if not c.built(p, name):
                    continue
                rc, out, err = res
                c.check(rc == 0, "%s: check-pack exit %d:\n%s%s" % (name, rc, out, err))
    return c.done()


if __name__ == "__main__":
    sys.exit(main())

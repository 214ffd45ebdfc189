#!/usr/bin/env python3
"""install-check.py BUILD_DIR SOURCE_DIR - "meson install --destdir".

Stages an install of BUILD_DIR into a temporary folder and checks that it
holds the binary, the three house styles, the JSON Schemas, both man
pages and the bash completion; then runs the staged binary: it finds its
staged layouts (not the source tree's), its messages never name the
build's source folder, and it writes the same PDF as the build tree's
binary (SOURCE_DATE_EPOCH set).
"""
import os
import subprocess
import sys
import tempfile

WANT = [                                # path endings under the stage
    "/bin/agendapack",
    "/share/agendapack/layouts/default.yaml",
    "/share/agendapack/layouts/large-print.yaml",
    "/share/agendapack/layouts/borough.yaml",
    "/share/agendapack/schema/meeting.schema.json",
    "/share/agendapack/schema/report.schema.json",
    "/share/agendapack/schema/minutes.schema.json",
    "/share/agendapack/schema/style.schema.json",
    "/share/agendapack/schema/common.schema.json",
    "/man/man1/agendapack.1",
    "/man/man5/agendapack-format.5",
    "/bash-completion/completions/agendapack",
]
EXAMPLE = "examples/essex-paf-2018-02-08/meeting.yaml"


def run(cmd, **kw):
    return subprocess.run(cmd, capture_output=True, text=True, **kw)


def main():
    build, source = (os.path.abspath(a) for a in sys.argv[1:3])
    failed = 0
    with tempfile.TemporaryDirectory(prefix="agendapack-stage-") as stage:
        r = run(["meson", "install", "-C", build, "--destdir", stage,
                 "--no-rebuild", "--quiet"])
        if r.returncode != 0:
            print("FAIL meson install: %s%s" % (r.stdout, r.stderr))
            return 1
        files = sorted(os.path.relpath(os.path.join(d, f), stage)
                       for d, _, fs in os.walk(stage) for f in fs)
        print("staged %d files:" % len(files))
        for f in files:
            print("  /" + f)
        for end in WANT:
            hits = ["/" + f for f in files if ("/" + f).endswith(end)]
            if len(hits) != 1:
                failed += 1
                print("FAIL %s: %d staged files end so" % (end, len(hits)))
        exe = [os.path.join(stage, f) for f in files
               if f.endswith("bin/agendapack")]
        if not exe:
            return 1
        exe = exe[0]
        env = dict(os.environ, SOURCE_DATE_EPOCH="1518048000")
        env.pop("AGENDAPACK_LAYOUTS", None)

        r = run([exe, "check", EXAMPLE, "--layout", "no-such-style"],
                cwd=source, env=env)
        staged_layouts = os.path.join(os.path.dirname(os.path.dirname(exe)),
                                      "share", "agendapack", "layouts")
        if r.returncode != 66 or staged_layouts not in r.stderr:
            failed += 1
            print("FAIL the staged binary should look in %s: exit %d\n%s" % (
                staged_layouts, r.returncode, r.stderr))
        if source in r.stderr:
            failed += 1
            print("FAIL the staged binary names the source folder:\n%s"
                  % r.stderr)
        else:
            print("ok   a missing style names only the staged data folder")

        for case in ("tests/bad/001-unknown-key.yaml",
                     "tests/bad/010-missing-paper-file.yaml"):
            r = run([exe, "check", case], cwd=source, env=env)
            if r.returncode != 65 or source in r.stderr or \
                    not r.stderr.startswith(case + ":"):
                failed += 1
                print("FAIL %s with the staged binary: exit %d\n%s" % (
                    case, r.returncode, r.stderr))
        print("ok   staged errors name files as written")

        with tempfile.TemporaryDirectory() as out:
            pdfs = []
            for name, binary in (("staged", exe),
                                 ("build", os.path.join(build, "agendapack"))):
                pdf = os.path.join(out, name + ".pdf")
                r = run([binary, "build", EXAMPLE, "-o", pdf, "-q"],
                        cwd=source, env=env)
                if r.returncode != 0:
                    failed += 1
                    print("FAIL %s binary build: exit %d\n%s" % (
                        name, r.returncode, r.stderr))
                    pdfs.append(b"")
                    continue
                with open(pdf, "rb") as f:
                    pdfs.append(f.read())
            if pdfs[0] and pdfs[0] == pdfs[1]:
                print("ok   the staged binary writes the same %d bytes"
                      % len(pdfs[0]))
            else:
                failed += 1
                print("FAIL the staged and build binaries' PDFs differ")
    print("%d failed" % failed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

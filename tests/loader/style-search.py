#!/usr/bin/env python3
"""style-search.py AGENDAPACK - where --layout NAME and 'extends: NAME'
find a style (docs/layout.md, "Where styles are found").

Runs from a scratch folder, not the source root: the meeting's own
layouts/ folder, $AGENDAPACK_LAYOUT_PATH (two folders),
$XDG_CONFIG_HOME/agendapack/layouts and the installed or source styles,
in that order; a chain of 'extends' three deep, a cycle (a located
error) and an unknown name (every place looked, and a did-you-mean).
"""
import os
import subprocess
import sys
import tempfile

MEETING = """council: Test Council
committee: Test Committee
date: 2018-02-08
venue: Room 1
contact: {name: A Officer}
items:
  - title: Minutes
"""


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def main():
    exe = os.path.abspath(sys.argv[1])
    failed = []

    def check(cond, what):
        print(("ok   " if cond else "FAIL ") + what)
        if not cond:
            failed.append(what)

    with tempfile.TemporaryDirectory() as tmp:
        write(tmp + "/m/meeting.yaml", MEETING)
        # house (beside the meeting) extends base (AGENDAPACK_LAYOUT_PATH's
        # second folder) extends default (the installed or source styles).
        write(tmp + "/m/layouts/house.yaml",
              "extends: base\nsizes: {body: 13}\n")
        write(tmp + "/p1/base.yaml",
              "extends: default\ncolours: {text: \"#112233\"}\n"
              "sizes: {body: 9}\n")
        # Found earlier on the path: p0 before p1, the meeting's before both.
        write(tmp + "/p0/first.yaml", "sizes: {body: 15}\n")
        write(tmp + "/p1/first.yaml", "sizes: {body: 16}\n")
        write(tmp + "/p1/house.yaml", "sizes: {body: 17}\n")
        write(tmp + "/xdg/agendapack/layouts/mine.yaml", "sizes: {body: 14}\n")
        write(tmp + "/xdg/agendapack/layouts/first.yaml", "sizes: {body: 18}\n")
        # A cycle: a extends b extends a.
        write(tmp + "/m/layouts/a.yaml", "extends: b\n")
        write(tmp + "/m/layouts/b.yaml", "name: b\nextends: a\n")
        write(tmp + "/m/layouts/lost.yaml", "extends: nowhere-near\n")
        env = dict(os.environ, AGENDAPACK_LAYOUT_PATH=tmp + "/p0:" + tmp + "/p1",
                   XDG_CONFIG_HOME=tmp + "/xdg")

        def run(*args):
            r = subprocess.run([exe] + list(args), cwd=tmp, env=env,
                               capture_output=True, text=True, timeout=60)
            return r.returncode, r.stderr

        def dump(layout):
            code, err = run("build", "m/meeting.yaml", "-o", "out.pdf",
                            "--layout", layout, "--dump", "out.txt")
            if code != 0:
                return err
            with open(tmp + "/out.txt") as f:
                return f.read()

        d = dump("house")
        check(" 13.00 #112233 " in d and "f0 9.00 #112233" not in d,
              "house: the meeting's layouts/, body 13 over base's 9, "
              "base's colour, default's page")
        check(" 15.00 " in dump("first"),
              "first: AGENDAPACK_LAYOUT_PATH's first folder before its "
              "second and the user's")
        check(" 14.00 " in dump("mine"), "mine: $XDG_CONFIG_HOME's layouts")
        check(" 11.00 " in dump("default"),
              "default: the installed or source styles")

        code, err = run("check", "m/meeting.yaml", "--layout", "a")
        check(code == 65 and "m/layouts/b.yaml:2:10: error: 'extends' goes "
              "round in a circle: " in err,
              "a cycle is an error at the 'extends' that closes it: %r" % err)
        code, err = run("check", "m/meeting.yaml", "--layout", "lost")
        check(code == 65 and "m/layouts/lost.yaml:1:10: error: no style "
              "named 'nowhere-near'" in err,
              "an unknown 'extends' is located: %r" % err)

        code, err = run("check", "m/meeting.yaml", "--layout", "hous")
        places = ["m/layouts", tmp + "/p0", tmp + "/p1",
                  tmp + "/xdg/agendapack/layouts", "/layouts"]
        check(code == 66 and "no layout named 'hous'; did you mean 'house'?"
              in err and all(p + "," in err or p + ")" in err for p in places),
              "an unknown --layout lists every place looked: %r" % err)

    print("%d failed" % len(failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

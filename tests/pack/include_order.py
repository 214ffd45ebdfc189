#!/usr/bin/env python3
"""The include order of the stages (README, "Layout of the source"): a file
in src/STAGE/ may include headers of its own stage and of the stages before
it in the order README writes down, never of a later stage.

usage: include_order.py [SRC_DIR [README]]

Reads the order from README's line of stages joined by "<-", so the
document and the check cannot drift apart.  Every folder under src/ must be
in the order (a new folder must be placed); src/main.c is the stage
"main".  Exits 1 naming each include that points forward.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def read_order(readme):
    with open(readme, encoding="utf-8") as f:
        text = f.read()
    i = text.find("Which headers each stage may include")
    if i < 0:
        sys.exit("FAIL: README has no 'Which headers each stage may include' paragraph")
    block = text[i:].split("```")[1]
    names = [w.strip().replace(".c", "") for w in block.replace("\n", " ").split("<-")]
    names = [n for n in names if n]
    if len(names) < 3:
        sys.exit("FAIL: could not read the stage order from README: %r" % block)
    return names


def stage_of(path, src):
    rel = os.path.relpath(path, src)
    parts = rel.split(os.sep)
    if len(parts) == 1:
        return os.path.splitext(parts[0])[0]     # src/main.c -> main
    return parts[0]


def main(argv):
    src = os.path.abspath(argv[1]) if len(argv) > 1 else os.path.join(ROOT, "src")
    readme = argv[2] if len(argv) > 2 else os.path.join(ROOT, "README.md")
    order = read_order(readme)
    rank = {name: i for i, name in enumerate(order)}
    bad = []
    nfiles = ninc = 0
    for dirpath, _, files in os.walk(src):
        for fn in sorted(files):
            if not fn.endswith((".c", ".h")):
                continue
            path = os.path.join(dirpath, fn)
            own = stage_of(path, src)
            if own not in rank:
                bad.append("%s: its stage '%s' is not in README's include order %s"
                           % (os.path.relpath(path, src), own, " <- ".join(order)))
                continue
            nfiles += 1
            with open(path, encoding="utf-8") as f:
                for lineno, line in enumerate(f, 1):
                    m = re.match(r'\s*#\s*include\s+"([^"]+)"', line)
                    if not m or m.group(1) == "config.h":
                        continue
                    ninc += 1
                    target = os.path.normpath(os.path.join(dirpath, m.group(1)))
                    if not os.path.exists(target):
                        target = os.path.normpath(os.path.join(src, m.group(1)))
                    if not os.path.exists(target):
                        bad.append("%s:%d: includes %s, which is not in src/"
                                   % (os.path.relpath(path, src), lineno, m.group(1)))
                        continue
                    theirs = stage_of(target, src)
                    if theirs not in rank:
                        bad.append("%s:%d: includes %s of stage '%s', which is not in "
                                   "README's include order" % (os.path.relpath(path, src),
                                                               lineno, m.group(1), theirs))
                    elif rank[theirs] > rank[own]:
                        bad.append("%s:%d: stage '%s' includes %s of the later stage '%s'"
                                   % (os.path.relpath(path, src), lineno, own,
                                      m.group(1), theirs))
    for b in bad:
        print("FAIL " + b)
    if nfiles == 0 or ninc == 0:
        print("FAIL: no source files or includes found under %s" % src)
        return 1
    if bad:
        return 1
    print("ok: %d files, %d includes follow %s" % (nfiles, ninc, " <- ".join(order)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

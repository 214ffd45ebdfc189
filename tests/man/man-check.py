#!/usr/bin/env python3
"""man-check.py AGENDAPACK MAN1 MAN5 - the man pages.

mandoc -T lint (warnings and worse) is clean for both pages, man -l
renders both, and agendapack(1) names every command and every long
option that "agendapack --help" lists, and those of a command's own
--help that it names ("(sign --help)"), so the page keeps up with the
binary.  Parts whose tool is missing are skipped with a message; the
whole test is skipped (77) when neither mandoc nor man is installed.
"""
import os
import re
import shutil
import subprocess
import sys

failed = 0


def expect(ok, what, detail=""):
    global failed
    if ok:
        print("ok   " + what)
    else:
        failed += 1
        print("FAIL %s\n%s" % (what, detail))


def main():
    exe, pages = sys.argv[1], sys.argv[2:]
    mandoc, man = shutil.which("mandoc"), shutil.which("man")
    if not mandoc and not man:
        print("SKIP: neither mandoc nor man is installed (apt-get install mandoc)")
        return 77
    rendered = {}
    for page in pages:
        name = os.path.basename(page)
        if mandoc:
            r = subprocess.run([mandoc, "-T", "lint", "-W", "warning", page],
                               capture_output=True, text=True)
            expect(r.returncode == 0 and not r.stdout.strip(),
                   "mandoc -T lint -W warning %s" % name, r.stdout + r.stderr)
            r = subprocess.run([mandoc, "-T", "utf8", "-O", "width=78", page],
                               capture_output=True, text=True)
            rendered[name] = re.sub(".\b", "", r.stdout)
        else:
            print("SKIP lint of %s: mandoc missing" % name)
        if man:
            env = dict(os.environ, MANPAGER="cat", PAGER="cat", MANWIDTH="78",
                       LANG="C.UTF-8")
            r = subprocess.run([man, "-l", page], capture_output=True,
                               text=True, env=env)
            text = re.sub(".\b", "", r.stdout)
            expect(r.returncode == 0 and "NAME" in text and
                   "SEE ALSO" in text and len(text.splitlines()) > 40,
                   "man -l %s renders (%d lines)" % (
                       name, len(text.splitlines())), r.stderr)
            rendered.setdefault(name, text)
        else:
            print("SKIP man -l %s: man missing" % name)

    page1 = [t for n, t in rendered.items() if n.endswith(".1")]
    if page1:
        help_text = subprocess.run([exe, "--help"], capture_output=True,
                                   text=True).stdout
        # Each command's own --help (sign has one) lists its options too.
        for cmd in re.findall(r"\((\w+) --help\)", help_text):
            help_text += subprocess.run([exe, cmd, "--help"],
                                        capture_output=True, text=True).stdout
        opts = sorted(set(re.findall(r"--[a-z][a-z-]+", help_text)))
        # mandoc and man may break a long option across lines: join them.
        flat = re.sub(r"-\n\s*", "-", page1[0])
        missing = [o for o in opts if o not in flat]
        expect(len(opts) > 10 and not missing,
               "agendapack(1) names the %d long options of --help" % len(opts),
               "missing: %s" % missing)
        cmds = re.findall(r"^usage: agendapack (\w+)|^\s+agendapack (\w+)",
                          help_text, re.M)
        cmds = sorted({a or b for a, b in cmds})
        missing = [c for c in cmds if not re.search(r"^\s+%s\b" % c, flat,
                                                    re.M)]
        expect(cmds and not missing,
               "agendapack(1) describes the commands %s" % cmds,
               "missing: %s" % missing)
    print("%d failed" % failed)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""init.py AGENDAPACK - agendapack init DIR (issue 14).

From a scratch folder: init eastmere --council ... --committee ... writes
a meeting, its minutes, a report, an exempt paper and a council style,
every one commented; the meeting builds at once (public and full
editions, the minutes on their own); the pack carries the membership,
apologies, substitution, declarations, the report's list and table, the
exempt item, the style's placeholder standing page, and no Essex text;
check-pack --tagged reports 0 failed (when ../shared has it); a second
init refuses (73) and leaves every file as it was; bad usage is 64.
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def quiet(err):
    """stderr holds nothing but the summary line ("wrote X: N pages")."""
    return all(l.startswith("wrote ") for l in err.splitlines())


def main():
    exe = os.path.abspath(sys.argv[1])
    fails = []

    def check(ok, what):
        print(("ok   " if ok else "FAIL ") + what)
        if not ok:
            fails.append(what)

    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, SOURCE_DATE_EPOCH="1518048000")

        def run(*args):
            return subprocess.run([exe] + list(args), cwd=tmp, env=env,
                                  capture_output=True, text=True)

        r = run("init", "eastmere", "--council", "Eastmere Borough Council",
                "--committee", "Planning Committee")
        check(r.returncode == 0, "init: exit %d %s" % (r.returncode, r.stderr))
        d = os.path.join(tmp, "eastmere")
        files = sorted(glob.glob(d + "/*.yaml") + glob.glob(d + "/layouts/*.yaml"))
        names = [os.path.relpath(f, d) for f in files]
        check(len(files) == 5 and "meeting.yaml" in names and
              "layouts/eastmere-borough-council.yaml" in names,
              "five files: %r" % names)
        before = {}
        for f in files:
            text = open(f, encoding="utf-8").read()
            before[f] = text
            check(re.match(r"# yaml-language-server: \$schema=/\S+/schema/"
                           r"(meeting|minutes|report|style)\.schema\.json\n", text)
                  is not None, "%s names its schema" % os.path.relpath(f, d))
            check(text.startswith("# ") and text.count("\n#") + text.count(" # ") >= 2,
                  "%s is commented" % os.path.relpath(f, d))
        style = open(d + "/layouts/eastmere-borough-council.yaml").read()
        check("extends: default" in style and "standing:" in style,
              "the style extends the default and has standing text")

        r = run("build", "eastmere/meeting.yaml", "-o", "eastmere/pack.pdf")
        check(r.returncode == 0 and quiet(r.stderr), "build: exit %d %s"
              % (r.returncode, r.stderr))
        r2 = run("build", "eastmere/meeting.yaml", "-o", "eastmere/full.pdf",
                 "--edition", "full")
        check(r2.returncode == 0, "full edition: %s" % r2.stderr)
        mins = [n for n in names if n.startswith("minutes-")]
        r3 = run("build", "eastmere/" + mins[0], "-o", "eastmere/minutes.pdf")
        check(r3.returncode == 0, "the minutes alone: %s" % r3.stderr)
        if r.returncode == 0 and shutil.which("pdftotext"):
            t = subprocess.run(["pdftotext", "-layout", d + "/pack.pdf", "-"],
                               capture_output=True, text=True).stdout
            t = re.sub(r"\s+", " ", t)
            for w in ("Eastmere Borough Council", "Planning Committee",
                      "Apologies Councillor P. White",
                      "Councillor R. Black for Councillor P. White",
                      "Declarations of interest", "It was Agreed that:",
                      "1. To note the report.", "Quarter 3 2 9",
                      "About Eastmere Borough Council meetings", "Exempt Items",
                      "Contract Award", "Agenda item 4"):
                check(w in t, "the pack holds %r" % w)
            check("Essex" not in t and "Chairman" not in t,
                  "no Essex text; the style's text.chair (Chair)")
            ft = subprocess.run(["pdftotext", d + "/full.pdf", "-"],
                                capture_output=True, text=True).stdout
            check("NOT FOR PUBLICATION" in ft and "tenders received" in ft,
                  "the full edition carries the exempt paper, marked")
        cp = os.environ.get("CHECK_PACK") or os.path.normpath(
            os.path.join(ROOT, "..", "shared", "tools", "check-pack"))
        if r.returncode == 0 and os.path.isfile(cp):
            c = subprocess.run([cp, "--tagged", d + "/pack.pdf"],
                               capture_output=True, text=True)
            check(c.returncode == 0 and " 0 failed" in c.stdout,
                  "check-pack --tagged: %s" % c.stdout[-300:])
        else:
            print("SKIP check-pack: not found (set CHECK_PACK or ../shared)")

        r = run("init", "eastmere", "--council", "Other")
        check(r.returncode == 73 and "never overwrites" in r.stderr,
              "a second init refuses: %d %r" % (r.returncode, r.stderr))
        check(all(open(f, encoding="utf-8").read() == t for f, t in before.items()),
              "every file as it was")
        check(not os.path.exists(d + "/layouts/other.yaml"), "nothing new written")
        r = run("init")
        check(r.returncode == 64, "init without DIR: 64")
        r = run("init", "x", "--colour", "red")
        check(r.returncode == 64, "an unknown option: 64")
    print("%d failed" % len(fails))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())

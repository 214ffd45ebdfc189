"""Shared helpers of the pack tests (stdlib only)."""
import os
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
FIXTURES = os.path.join(HERE, "fixtures")
EXAMPLE = os.path.join(ROOT, "examples", "essex-paf-2018-02-08", "meeting.yaml")
SKIP = 77


def need_tools(*tools):
    """Skips the test (exit 77) when a tool it reads PDFs with is missing."""
    missing = [t for t in tools if not shutil.which(t)]
    if missing:
        print("SKIP: missing %s (apt-get install qpdf poppler-utils)" % ", ".join(missing))
        sys.exit(SKIP)


def exe_from_argv():
    if len(sys.argv) < 2:
        print("usage: %s AGENDAPACK" % sys.argv[0])
        sys.exit(2)
    return os.path.abspath(sys.argv[1])


def build(exe, src, *opts, cwd=None):
    """Runs 'agendapack build SRC OPTS'; returns the CompletedProcess."""
    env = dict(os.environ, SOURCE_DATE_EPOCH="1518084000")
    return subprocess.run([exe, "build", src] + list(opts), cwd=cwd or ROOT,
                          capture_output=True, text=True, env=env)


def run(args):
    p = subprocess.run(args, capture_output=True, text=True, errors="replace")
    return p.returncode, p.stdout, p.stderr


def norm(s):
    """Whitespace collapsed, and no space after a hyphen, slash or dash
    that ended a line."""
    s = re.sub(r"\s+", " ", s).strip()
    return re.sub(r"([-/\u2013]) ", r"\1", s)


SUMMARY = re.compile(r"^wrote .*: \d+ pages?, \d+ (items?|minutes?)(, \d+ warnings?)?$")


def unexpected_stderr(s):
    """stderr without the warnings a build must give for an untagged PDF
    appendix (issue 9: the Essex example has one) and without the
    summary line of a good build ("wrote pack.pdf: 27 pages, 9 items")."""
    return "".join(l for l in s.splitlines(True)
                   if "is not itself accessible" not in l and not SUMMARY.match(l))


def check_pack_tool():
    """The independent checker: $CHECK_PACK, else ../shared/tools/check-pack
    beside the source root; None when neither exists."""
    p = os.environ.get("CHECK_PACK")
    if p:
        return p if os.path.isfile(p) else None
    p = os.path.normpath(os.path.join(ROOT, "..", "shared", "tools", "check-pack"))
    return p if os.path.isfile(p) else None


class Checks:
    """Counts checks and collects failures; done() gives the exit status."""

    def __init__(self, name):
        self.name = name
        self.n = 0
        self.fails = []

    def check(self, ok, msg):
        self.n += 1
        if not ok:
            self.fails.append(msg)
            print("FAIL " + msg)
        return ok

    def extend(self, fails, prefix=""):
        self.n += 1
        for f in fails:
            self.fails.append(prefix + f)
            print("FAIL " + prefix + f)

    def built(self, p, what):
        """A build must exit 0 with nothing on stderr (but the warning
        that a PDF appendix is not itself accessible)."""
        return self.check(p.returncode == 0 and unexpected_stderr(p.stderr) == "",
                          "%s: exit %d, stderr: %s" % (what, p.returncode, p.stderr.strip()[:500]))

    def done(self):
        print("%s: %d checks, %d failed" % (self.name, self.n, len(self.fails)))
        return 1 if self.fails else 0

#!/usr/bin/env python3
"""output-files.py AGENDAPACK - how output files are written (issue 13).

Each case works in a fresh temporary folder holding a copy of the Essex
example, with SOURCE_DATE_EPOCH fixed, and compares with a reference
build (-o ref.pdf):

  symlink      -o through a symlink writes the link's target; the link stays
  stdout       -o - > file gives the reference bytes; -o - to a terminal
               (a pty) is refused with 64 and writes nothing
  fd-link      -o LINK, LINK -> /proc/self/fd/1 (what /dev/stdout is), with
               standard output a file: the file gets the pack, the link stays
               a link (a temporary link, never the machine's /dev/stdout)
  dev-stdout   the real /dev/stdout, only when not root (a non-root user
               cannot replace it even if the code were wrong)
  fifo         -o LINK, LINK -> a FIFO: written in place, the FIFO stays
  same-input   -o / --manifest / --dump naming the meeting, a paper, the
               appendix PDF, the image or the style file: exit 64, the
               input byte for byte unchanged, the message names it
  same-output  --manifest out.pdf -o out.pdf (directly and through a
               link): exit 64, an existing out.pdf unchanged
  dump-kept    a build that fails (--max-pages 1) leaves an existing
               --dump file as it was
  signals      SIGTERM, SIGINT, SIGHUP while the outputs are being made
               (the temporary files exist): the program dies of the
               signal and leaves no *.tmp* file and no output
  long-name    a 250-character output name works (the temporary name is
               shortened to fit NAME_MAX)

Run from the source root.  Skips (77) when the example's fonts are missing.
"""
import os
import pty
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
EXAMPLE = os.path.join(ROOT, "examples", "essex-paf-2018-02-08")
SENTINEL = b"an existing file that must not change\n"
ENV = dict(os.environ, SOURCE_DATE_EPOCH="1518048000")

failures = []


def fail(case, msg):
    failures.append("%s: %s" % (case, msg))
    print("FAIL %s: %s" % (case, msg))


def run(exe, cwd, args, **kw):
    kw.setdefault("stdout", subprocess.PIPE)
    kw.setdefault("stderr", subprocess.PIPE)
    return subprocess.run([exe, "build"] + args, cwd=cwd, env=ENV, timeout=120, **kw)


def tmp_files(d):
    return [f for f in os.listdir(d) if ".tmp" in f]


def setup(tmp):
    ex = os.path.join(tmp, "ex")
    shutil.copytree(EXAMPLE, ex)
    shutil.copy(os.path.join(ROOT, "layouts", "default.yaml"), os.path.join(ex, "style.yaml"))
    return ex


def case_symlink(exe, tmp, ref):
    os.mkdir(os.path.join(tmp, "real"))
    target = os.path.join(tmp, "real", "target.pdf")
    with open(target, "wb") as f:
        f.write(SENTINEL)
    os.symlink("real/target.pdf", os.path.join(tmp, "link.pdf"))
    p = run(exe, tmp, ["ex/meeting.yaml", "-o", "link.pdf"])
    if p.returncode != 0:
        return fail("symlink", "exit %d: %s" % (p.returncode, p.stderr.decode()))
    if not os.path.islink(os.path.join(tmp, "link.pdf")):
        return fail("symlink", "the link was replaced by a regular file")
    if os.readlink(os.path.join(tmp, "link.pdf")) != "real/target.pdf":
        return fail("symlink", "the link points elsewhere now")
    if open(target, "rb").read() != ref:
        fail("symlink", "the link's target does not hold the pack")
    if tmp_files(tmp) or tmp_files(os.path.join(tmp, "real")):
        fail("symlink", "temporary files left")


def case_stdout(exe, tmp, ref):
    out = os.path.join(tmp, "stdout.pdf")
    with open(out, "wb") as f:
        p = run(exe, tmp, ["ex/meeting.yaml", "-o", "-"], stdout=f)
    if p.returncode != 0:
        return fail("stdout", "exit %d: %s" % (p.returncode, p.stderr.decode()))
    if open(out, "rb").read() != ref:
        fail("stdout", "-o - > file differs from -o file")
    if os.path.exists(os.path.join(tmp, "-")):
        fail("stdout", "-o - wrote a file named '-'")
    master, slave = pty.openpty()
    try:
        p = run(exe, tmp, ["ex/meeting.yaml", "-o", "-"], stdout=slave)
        os.close(slave)
        got = b""
        try:
            while True:
                chunk = os.read(master, 65536)
                if not chunk:
                    break
                got += chunk
        except OSError:
            pass
    finally:
        os.close(master)
    if p.returncode != 64:
        fail("stdout", "-o - to a terminal: exit %d, want 64" % p.returncode)
    if b"%PDF" in got:
        fail("stdout", "-o - wrote a PDF to a terminal")
    if b"terminal" not in p.stderr:
        fail("stdout", "-o - to a terminal: no message naming the terminal: %r" % p.stderr)


def case_fd_link(exe, tmp, ref, name, link):
    out = os.path.join(tmp, name + ".out")
    with open(out, "wb") as f:
        f.write(SENTINEL)
    with open(out, "r+b") as f:
        p = run(exe, tmp, ["ex/meeting.yaml", "-o", link], stdout=f)
    if p.returncode != 0:
        return fail(name, "exit %d: %s" % (p.returncode, p.stderr.decode()))
    if open(out, "rb").read() != ref:
        fail(name, "standard output's file does not hold the pack")
    if tmp_files(tmp):
        fail(name, "temporary files left: %r" % tmp_files(tmp))


def case_fifo(exe, tmp, ref):
    fifo = os.path.join(tmp, "pipe")
    os.mkfifo(fifo)
    os.symlink("pipe", os.path.join(tmp, "to-pipe.pdf"))
    got = []

    def reader():
        with open(fifo, "rb") as f:
            got.append(f.read())
    t = threading.Thread(target=reader)
    t.start()
    p = run(exe, tmp, ["ex/meeting.yaml", "-o", "to-pipe.pdf"])
    t.join(60)
    if p.returncode != 0:
        return fail("fifo", "exit %d: %s" % (p.returncode, p.stderr.decode()))
    if not got or got[0] != ref:
        fail("fifo", "the FIFO's reader did not get the pack")
    if not stat.S_ISFIFO(os.lstat(fifo).st_mode):
        fail("fifo", "the FIFO was replaced")
    if not os.path.islink(os.path.join(tmp, "to-pipe.pdf")):
        fail("fifo", "the link to the FIFO was replaced")


def case_same_input(exe, tmp):
    ex = os.path.join(tmp, "ex")
    inputs = ["meeting.yaml", "escb-update.yaml", "minutes-2018-01-11.yaml",
              "appendix-budget.pdf", "escb-structure.png", "style.yaml"]
    for name in inputs:
        for opt in ("-o", "--manifest", "--dump"):
            path = os.path.join(ex, name)
            before = open(path, "rb").read()
            args = ["meeting.yaml", "--layout", "./style.yaml", opt, name]
            if opt != "-o":
                args += ["-o", "out.pdf"]
            p = run(exe, ex, args)
            case = "same-input %s %s" % (opt, name)
            if p.returncode != 64:
                fail(case, "exit %d, want 64" % p.returncode)
            if open(path, "rb").read() != before:
                fail(case, "the input changed")
            if not re.search(rb"the input \S*" + re.escape(name.encode()), p.stderr):
                fail(case, "no message naming the input: %r" % p.stderr[-300:])
            if os.path.exists(os.path.join(ex, "out.pdf")) or tmp_files(ex):
                fail(case, "something was written")
    # Through a link to an input, too.
    os.symlink("ex/meeting.yaml", os.path.join(tmp, "sneaky.pdf"))
    before = open(os.path.join(ex, "meeting.yaml"), "rb").read()
    p = run(exe, tmp, ["ex/meeting.yaml", "-o", "sneaky.pdf"])
    if p.returncode != 64 or open(os.path.join(ex, "meeting.yaml"), "rb").read() != before:
        fail("same-input link", "exit %d, or the meeting changed" % p.returncode)


def case_same_output(exe, tmp):
    out = os.path.join(tmp, "out.pdf")
    with open(out, "wb") as f:
        f.write(SENTINEL)
    os.symlink("out.pdf", os.path.join(tmp, "alias.json"))
    for man in ("out.pdf", "alias.json", "./out.pdf"):
        p = run(exe, tmp, ["ex/meeting.yaml", "-o", "out.pdf", "--manifest", man])
        case = "same-output --manifest %s -o out.pdf" % man
        if p.returncode != 64:
            fail(case, "exit %d, want 64" % p.returncode)
        if open(out, "rb").read() != SENTINEL:
            fail(case, "out.pdf changed")
        if b"same file" not in p.stderr:
            fail(case, "no message: %r" % p.stderr[-300:])
    # Not existing yet: still one file.
    p = run(exe, tmp, ["ex/meeting.yaml", "-o", "new.pdf", "--dump", "new.pdf"])
    if p.returncode != 64 or os.path.exists(os.path.join(tmp, "new.pdf")):
        fail("same-output new", "exit %d, or new.pdf written" % p.returncode)
    if tmp_files(tmp):
        fail("same-output", "temporary files left: %r" % tmp_files(tmp))


def case_dump_kept(exe, tmp):
    dump = os.path.join(tmp, "pages.txt")
    with open(dump, "wb") as f:
        f.write(SENTINEL)
    p = run(exe, tmp, ["ex/meeting.yaml", "-o", "x.pdf", "--dump", "pages.txt",
                       "--max-pages", "1"])
    if p.returncode != 65:
        fail("dump-kept", "exit %d, want 65" % p.returncode)
    if open(dump, "rb").read() != SENTINEL:
        fail("dump-kept", "a failed build replaced the --dump file")
    if os.path.exists(os.path.join(tmp, "x.pdf")) or tmp_files(tmp):
        fail("dump-kept", "something was written")
    # And a good build writes it.
    p = run(exe, tmp, ["ex/meeting.yaml", "-o", "x.pdf", "--dump", "pages.txt"])
    if p.returncode != 0 or open(dump, "rb").read() == SENTINEL:
        fail("dump-kept", "a good build did not write the dump (exit %d)" % p.returncode)


HEAD = """council: Essex County Council
committee: People and Families Policy and Scrutiny Committee
date: 2018-02-08
time: "10:30"
venue: Committee Room 1, County Hall
contact:
  name: Gemma Bint
items:
  - title: The register
    papers: [register.yaml]
"""


def big_meeting(d, rows):
    """A meeting whose one report is a table of `rows` rows."""
    with open(os.path.join(d, "meeting.yaml"), "w") as f:
        f.write(HEAD)
    with open(os.path.join(d, "register.yaml"), "w") as f:
        f.write("paper: report\nreference: PAF/99/18\ntitle: The register\n"
                "body:\n  - table:\n      columns:\n"
                "        - {title: Reference, width: 1}\n"
                "        - {title: Description, width: 4}\n      rows:\n")
        for i in range(rows):
            f.write('        - ["R%d", "Entry %d of the register, with a little '
                    'more text to set"]\n' % (i, i))


def case_signals(exe, tmp):
    big = os.path.join(tmp, "big")
    os.mkdir(big)
    big_meeting(big, 20000)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        case = "signals %s" % signal.Signals(sig).name
        # The PDF, the manifest and the dump: three temporary files.
        p = subprocess.Popen([exe, "build", "meeting.yaml", "-o", "out.pdf",
                              "--manifest", "out.json", "--dump", "out.txt"],
                             cwd=big, env=ENV, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE,
                             # a test run under nohup ignores SIGHUP, and
                             # agendapack rightly leaves an ignored signal
                             # alone: the child starts with the defaults
                             preexec_fn=lambda: [signal.signal(s, signal.SIG_DFL)
                                                 for s in (signal.SIGHUP, signal.SIGINT,
                                                           signal.SIGTERM)])
        seen = []
        deadline = time.time() + 120
        while p.poll() is None and time.time() < deadline:
            seen = tmp_files(big)
            if seen:
                p.send_signal(sig)
                break
            time.sleep(0.002)
        try:
            p.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            p.kill()
            p.communicate()
            fail(case, "the build did not end after the signal")
            continue
        if not seen:
            fail(case, "the build ended (exit %s) before its temporary files "
                 "appeared: make the meeting bigger" % p.returncode)
            continue
        if p.returncode != -sig:
            fail(case, "exit %s, want death by the signal (%d)" % (p.returncode, -sig))
        left = tmp_files(big)
        if left:
            fail(case, "temporary files left: %r" % left)
        for out in ("out.pdf", "out.json", "out.txt"):
            if os.path.exists(os.path.join(big, out)):
                fail(case, "%s written although the build was stopped" % out)
        print("ok %s (temporary files seen: %d)" % (case, len(seen)))


def case_long_name(exe, tmp, ref):
    name = "a" * 246 + ".pdf"
    assert len(name) == 250
    p = run(exe, tmp, ["ex/meeting.yaml", "-o", name, "--manifest", "m" * 245 + ".json"])
    if p.returncode != 0:
        return fail("long-name", "exit %d: %s" % (p.returncode, p.stderr.decode()[-300:]))
    if open(os.path.join(tmp, name), "rb").read() != ref:
        fail("long-name", "the 250-character output does not hold the pack")
    if tmp_files(tmp):
        fail("long-name", "temporary files left")


def main(argv):
    if len(argv) < 2:
        print(__doc__)
        return 2
    exe = os.path.abspath(argv[1])
    with tempfile.TemporaryDirectory() as base:
        t0 = os.path.join(base, "ref")
        os.mkdir(t0)
        setup(t0)
        p = run(exe, t0, ["ex/meeting.yaml", "-o", "ref.pdf"])
        if p.returncode != 0:
            if b"font" in p.stderr.lower():
                print("SKIP: the example does not build here: %s" % p.stderr.decode())
                return 77
            print("FAIL: the reference build: exit %d: %s" % (p.returncode, p.stderr.decode()))
            return 1
        ref = open(os.path.join(t0, "ref.pdf"), "rb").read()
        cases = [
            ("symlink", lambda d: case_symlink(exe, d, ref)),
            ("stdout", lambda d: case_stdout(exe, d, ref)),
            ("same-input", lambda d: case_same_input(exe, d)),
            ("same-output", lambda d: case_same_output(exe, d)),
            ("dump-kept", lambda d: case_dump_kept(exe, d)),
            ("fifo", lambda d: case_fifo(exe, d, ref)),
            ("long-name", lambda d: case_long_name(exe, d, ref)),
            ("signals", lambda d: case_signals(exe, d)),
        ]
        if os.path.exists("/proc/self/fd/1"):
            cases.append(("fd-link", lambda d: (
                os.symlink("/proc/self/fd/1", os.path.join(d, "so.pdf")),
                case_fd_link(exe, d, ref, "fd-link", "so.pdf"))))
        if os.geteuid() != 0 and os.path.exists("/dev/stdout"):
            cases.append(("dev-stdout", lambda d: case_fd_link(exe, d, ref, "dev-stdout",
                                                               "/dev/stdout")))
        else:
            print("note: the real /dev/stdout case runs only as a non-root user "
                  "(fd-link covers it with a temporary link)")
        for name, fn in cases:
            d = os.path.join(base, name)
            os.mkdir(d)
            setup(d)
            n = len(failures)
            fn(d)
            if len(failures) == n:
                print("ok %s" % name)
    if failures:
        print("%d failure(s)" % len(failures))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

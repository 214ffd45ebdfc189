#!/usr/bin/env python3
"""No output on error.  For each failing build, run in a fresh folder:
with no output there before, the folder is still empty afterwards (no
PDF, no manifest, no temporary file); with an output PDF and manifest
there before, they are untouched (same bytes, same mtime) and nothing
is added.  Failures: a misspelt key (65), a missing paper file (65 or
66), too many pages for --max-pages (65, found after layout), a manifest
path that is a folder (73, found after the PDF is made), a --dump path
that cannot be written (73), an output folder that does not exist (73).
A successful build over an existing file replaces it, keeps its
permissions and leaves no temporary file.

usage: errors.py AGENDAPACK
"""
import os
import stat
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import common  # noqa: E402

FX = os.path.join(common.ROOT, "tests", "pack", "fixtures")
GOOD = os.path.join(FX, "manifest.yaml")

CASES = [
    # name, source, extra options ({d} is the folder), allowed exit codes, stderr must say
    ("bad key", os.path.join(FX, "bad-key.yaml"), [], (65,), "unknown key 'venu'"),
    ("missing paper", os.path.join(FX, "missing-paper.yaml"), [], (65, 66),
     "no-such-paper.yaml"),
    ("max pages", GOOD, ["--max-pages", "1"], (65,), "--max-pages"),
    ("manifest is a folder", GOOD, ["--manifest", "{d}/sub"], (73,), "directory"),
    ("dump unwritable", GOOD, ["--dump", "{d}/no/such/dir/x.txt"], (73,), "cannot write"),
]


def snapshot(d):
    res = {}
    for name in sorted(os.listdir(d)):
        p = os.path.join(d, name)
        st = os.stat(p)
        if stat.S_ISDIR(st.st_mode):
            res[name] = ("dir", sorted(os.listdir(p)))
        else:
            with open(p, "rb") as f:
                res[name] = (f.read(), st.st_mtime_ns, stat.S_IMODE(st.st_mode))
    return res


def main():
    exe = common.exe_from_argv()
    c = common.Checks("errors")
    with tempfile.TemporaryDirectory() as tmp:
        for k, (name, src, opts, codes, says) in enumerate(CASES):
            for pre in (False, True):
                d = os.path.join(tmp, "case%d%s" % (k, "-pre" if pre else ""))
                os.mkdir(d)
                os.mkdir(os.path.join(d, "sub"))
                out, js = os.path.join(d, "out.pdf"), os.path.join(d, "out.json")
                if pre:
                    for path, data in ((out, b"%PDF-1.4 the old pack\n"),
                                       (js, b'{"old": true}\n')):
                        with open(path, "wb") as f:
                            f.write(data)
                        os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
                    os.chmod(out, 0o640)
                before = snapshot(d)
                o = [x.replace("{d}", d) for x in opts]
                if "--manifest" not in o:
                    o += ["--manifest", js]
                p = common.build(exe, src, "-o", out, *o)
                what = "%s%s" % (name, " (outputs there before)" if pre else "")
                c.check(p.returncode in codes, "%s: exit %d, want %s; stderr: %s"
                        % (what, p.returncode, codes, p.stderr.strip()[:300]))
                c.check(says in p.stderr, "%s: stderr does not say %r: %s"
                        % (what, says, p.stderr.strip()[:300]))
                after = snapshot(d)
                c.check(after == before, "%s: the folder changed: before %r, after %r"
                        % (what, {k2: v[1:] if v[0] != "dir" else v for k2, v in before.items()},
                           sorted(after)))

        # The output folder does not exist.
        d = os.path.join(tmp, "nodir")
        p = common.build(exe, GOOD, "-o", os.path.join(d, "x.pdf"))
        c.check(p.returncode == 73, "missing output folder: exit %d, want 73" % p.returncode)
        c.check(not os.path.exists(d), "missing output folder: it was created")

        # Success over an existing file: replaced, mode kept, no temporary.
        d = os.path.join(tmp, "ok")
        os.mkdir(d)
        out, js = os.path.join(d, "out.pdf"), os.path.join(d, "out.json")
        with open(out, "wb") as f:
            f.write(b"old")
        os.chmod(out, 0o640)
        p = common.build(exe, GOOD, "-o", out, "--manifest", js)
        c.built(p, "success over an existing file")
        with open(out, "rb") as f:
            c.check(f.read(5) == b"%PDF-", "success: the output is not a new PDF")
        c.check(stat.S_IMODE(os.stat(out).st_mode) == 0o640,
                "success: mode %o, want 640 (the old file's)" % stat.S_IMODE(os.stat(out).st_mode))
        c.check(sorted(os.listdir(d)) == ["out.json", "out.pdf"],
                "success: the folder holds %r" % sorted(os.listdir(d)))
    return c.done()


if __name__ == "__main__":
    sys.exit(main())

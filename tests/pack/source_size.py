#!/usr/bin/env python3
"""source_size.py SRC - the house limits on the code's size (issue 12):
no file in src/ over 900 lines, no function over 120 lines (a function's
body runs from a '{' to a '}' in the first column, as every function in
src/ is written), and a one-line contract comment above every static
function.  Exit 1 naming each file or function over a limit.
"""
import glob
import os
import re
import sys

MAX_FILE, MAX_FUNC = 900, 120
src = sys.argv[1]
fails = []
nfiles = nfuncs = 0
for path in sorted(glob.glob(os.path.join(src, "**", "*.[ch]"), recursive=True)):
    nfiles += 1
    lines = open(path, encoding="utf-8", errors="replace").read().split("\n")
    rel = os.path.relpath(path, os.path.dirname(src))
    if len(lines) - 1 > MAX_FILE:
        fails.append("%s: %d lines (limit %d)" % (rel, len(lines) - 1, MAX_FILE))
    if not path.endswith(".c"):
        continue
    start = None
    for i, line in enumerate(lines):
        if line.startswith("{") and start is None:
            start = i
            nfuncs += 1
            # the declaration above: a static function needs a comment
            j = i - 1
            while j > 0 and not lines[j].startswith(("static", "int", "void",
                    "char", "bool", "const", "struct", "enum", "unsigned",
                    "size_t", "double", "HPDF", "_Noreturn", "pdffix", "qpdf",
                    "long", "uint", "float")) and j > i - 6:
                j -= 1
            if lines[j].startswith("static") and not lines[j - 1].rstrip().endswith("*/"):
                fails.append("%s:%d: static function without a contract comment"
                             % (rel, j + 1))
        elif line.startswith("}") and start is not None:
            if i - start - 1 > MAX_FUNC:
                fails.append("%s:%d: a function of %d lines (limit %d)"
                             % (rel, start, i - start - 1, MAX_FUNC))
            start = None
if nfuncs < 100:
    fails.append("found only %d functions in %d files: is %s the source?"
                 % (nfuncs, nfiles, src))
for f in fails:
    print("FAIL", f)
print("%d files, %d functions, %d over a limit" % (nfiles, nfuncs, len(fails)))
sys.exit(1 if fails else 0)

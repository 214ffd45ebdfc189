#!/usr/bin/env python3
"""private-headers.py SRCDIR - libharu is reached from one place (issue 12).

Only src/render/pdffix.h may include <hpdf.h>, and it does so with
HPDF_SHARED defined (libharu's handles opaque) unless the includer is
src/render/pdffix.c, the one file that includes libharu's private
headers (hpdf_objects.h and friends) and relies on their struct layout,
and src/render/pdfglyph.c, which reads a font's cmap (see pdffix.h).
Fails, naming the file and line, on any other #include <hpdf...>.
"""
import os
import re
import sys

src = sys.argv[1]
allowed = {
    os.path.join('render', 'pdffix.c'): None,        # anything
    os.path.join('render', 'pdfglyph.c'): None,      # the cmap (glyph lookup)
    os.path.join('render', 'pdffix.h'): {'hpdf.h'},
}
bad = []
seen_private = False
for root, _, files in os.walk(src):
    for name in sorted(files):
        if not name.endswith(('.c', '.h')):
            continue
        path = os.path.join(root, name)
        rel = os.path.relpath(path, src)
        with open(path, encoding='utf-8') as f:
            for n, line in enumerate(f, 1):
                m = re.match(r'\s*#\s*include\s*[<"](hpdf[^>"]*)[>"]', line)
                if not m:
                    continue
                hdr = m.group(1)
                if rel in allowed and (allowed[rel] is None or hdr in allowed[rel]):
                    if hdr != 'hpdf.h':
                        seen_private = True
                    continue
                bad.append('%s:%d: includes <%s>: only src/render/pdffix.c may '
                           'reach libharu (through pdffix.h elsewhere)' % (path, n, hdr))
pdffix_h = open(os.path.join(src, 'render', 'pdffix.h'), encoding='utf-8').read()
if not re.search(r'#ifndef AP_PDFFIX_PRIVATE\s*\n#define HPDF_SHARED\s*\n#endif\s*\n#include <hpdf.h>',
                 pdffix_h):
    bad.append('src/render/pdffix.h: must define HPDF_SHARED before <hpdf.h> '
               'for every includer but pdffix.c')
if not seen_private:
    bad.append('src/render/pdffix.c includes no private libharu header: is this '
               'test still looking at the right file?')
for b in bad:
    print(b)
print('%d problem(s)' % len(bad) if bad else 'ok: libharu reached from pdffix.c only')
sys.exit(1 if bad else 0)

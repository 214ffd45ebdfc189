#!/usr/bin/env python3
"""private-headers.py SRCDIR - libharu's private headers are reached from
one place (issue 12).

src/render/hpdfpriv.h is the one file that includes libharu's private
headers (hpdf_objects.h and friends, whose struct layouts the corrections
rely on), and only src/render/pdffix.c (the corrections) and
src/render/pdfglyph.c (the glyph lookup) include hpdfpriv.h.  Everywhere
else libharu is reached through src/render/pdffix.h, which includes
<hpdf.h> with HPDF_SHARED defined (libharu's handles opaque) unless the
includer came through hpdfpriv.h.  Fails, naming the file and line, on
any other #include of a libharu header or of hpdfpriv.h.
"""
import os
import re
import sys

src = sys.argv[1]
DOOR = os.path.join('render', 'hpdfpriv.h')
may_include_door = {os.path.join('render', 'pdffix.c'), os.path.join('render', 'pdfglyph.c')}
may_include_hpdf = {DOOR, os.path.join('render', 'pdffix.h')}
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
                m = re.match(r'\s*#\s*include\s*[<"]([^>"]*)[>"]', line)
                if not m:
                    continue
                hdr = m.group(1)
                if os.path.basename(hdr) == 'hpdfpriv.h':
                    if rel not in may_include_door:
                        bad.append('%s:%d: includes hpdfpriv.h: only pdffix.c and '
                                   'pdfglyph.c may' % (path, n))
                    continue
                if not os.path.basename(hdr).startswith('hpdf'):
                    continue
                if rel == DOOR:
                    seen_private = seen_private or hdr != 'hpdf.h'
                    continue
                if rel in may_include_hpdf and hdr == 'hpdf.h':
                    continue
                bad.append('%s:%d: includes <%s>: only src/render/hpdfpriv.h may '
                           'reach libharu\'s private headers (through pdffix.h '
                           'elsewhere)' % (path, n, hdr))
pdffix_h = open(os.path.join(src, 'render', 'pdffix.h'), encoding='utf-8').read()
if not re.search(r'#ifndef AP_PDFFIX_PRIVATE\s*\n#define HPDF_SHARED\s*\n#endif\s*\n#include <hpdf.h>',
                 pdffix_h):
    bad.append('src/render/pdffix.h: must define HPDF_SHARED before <hpdf.h> '
               'for every includer but those of hpdfpriv.h')
if not seen_private:
    bad.append('src/render/hpdfpriv.h includes no private libharu header: is this '
               'test still looking at the right file?')
for b in bad:
    print(b)
print('%d problem(s)' % len(bad) if bad else 'ok: libharu\'s private headers reached from hpdfpriv.h only')
sys.exit(1 if bad else 0)

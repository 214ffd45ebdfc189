#!/usr/bin/env python3
"""glyph-check.py BIN - runs BIN (glyph-test) on every TrueType file under
/usr/share/fonts/truetype: src/render/pdfglyph.c's glyph lookup must give
libharu's answer for every BMP code.  Exits 77 (skipped) when there is no
TrueType file."""
import glob
import subprocess
import sys

fonts = sorted(glob.glob("/usr/share/fonts/truetype/**/*.ttf", recursive=True))
if not fonts:
    print("SKIP: no TrueType files under /usr/share/fonts/truetype")
    sys.exit(77)
p = subprocess.run([sys.argv[1]] + fonts, capture_output=True, text=True)
sys.stdout.write(p.stdout)
sys.stdout.write(p.stderr)
print("ok: %d fonts" % len(fonts) if p.returncode == 0 else "FAIL")
sys.exit(p.returncode)

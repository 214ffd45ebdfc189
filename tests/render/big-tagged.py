#!/usr/bin/env python3
"""big-tagged.py AGENDAPACK - tagged packs past libharu's array cap (issue 13).

libharu refuses arrays of more than 32,767 elements, and PDF/A-1 (PDF
1.4's implementation limits) allows 8,191; the documented limits are
tables of 100,000 rows and meetings of 50,000 items.  Builds, tagged, a
report with a 40,000-row table and a meeting of 40,000 items (inputs
generated here, from scripts/scale.py), and checks: exit 0, qpdf --check
clean, every row and item in the structure tree, and no structure /K
array over 8,191 elements.  Slow (suite 'slow').
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(ROOT, 'scripts'))
import scale  # noqa: E402

N = 40000
exe = os.path.abspath(sys.argv[1])
fails = []


def kid_counts(data):
    """The number of elements of every /K array in the file's objects."""
    for m in re.finditer(rb'/K ?\[([^\]]*)\]', data):
        body = re.sub(rb'\d+ \d+ R', b'X', m.group(1))
        yield len(re.sub(rb'<<.*?>>', b' X ', body).split())


def check(name, pdf, role, want):
    r = subprocess.run(['qpdf', '--check', pdf], capture_output=True, text=True)
    if r.returncode != 0:
        fails.append('%s: qpdf --check: %s' % (name, r.stdout[-300:] + r.stderr[-300:]))
    # Outside PDF/A the tree is in compressed object streams: read the
    # objects as qpdf writes them out uncompressed.
    flat = pdf + '.flat.pdf'
    subprocess.run(['qpdf', '--object-streams=disable', pdf, flat], check=True)
    data = open(flat, 'rb').read()
    got = len(re.findall(rb'/S ?/' + role + rb'[\s/>]', data))
    if got < want:
        fails.append('%s: %d /%s elements in the structure tree, want at least %d'
                     % (name, got, role.decode(), want))
    biggest = max(kid_counts(data), default=0)
    if biggest > 8191:
        fails.append('%s: a structure /K array of %d elements (PDF/A-1 allows 8191)'
                     % (name, biggest))
    print('%s: %d %s, largest /K array %d' % (name, got, role.decode(), biggest))


with tempfile.TemporaryDirectory(prefix='ap-bigtag-') as tmp:
    with open(os.path.join(tmp, 'items.yaml'), 'w') as f:
        f.write(scale.many_items(N))
    meeting, paper = scale.big_table(N)
    with open(os.path.join(tmp, 'table.yaml'), 'w') as f:
        f.write(meeting)
    with open(os.path.join(tmp, 'register.yaml'), 'w') as f:
        f.write(paper)
    for name, role, want in (('table.yaml', b'TR', N + 1), ('items.yaml', b'TOCI', N)):
        pdf = os.path.join(tmp, name + '.pdf')
        r = subprocess.run([exe, 'build', os.path.join(tmp, name), '-o', pdf],
                           capture_output=True, text=True)
        if r.returncode != 0:
            fails.append('%s: exit %d: %s' % (name, r.returncode, r.stderr[-500:]))
            continue
        check(name, pdf, role, want)
for f in fails:
    print('FAIL', f)
sys.exit(1 if fails else 0)

#!/usr/bin/env python3
"""oom.py AGENDAPACK - running out of memory is exit 70 and one message.

Builds a 300-page bench pack (bench/gen.py) under address-space limits
(ulimit -v) low enough to fail at different points, from font loading
to libharu's own objects and its zlib streams, and checks every run:
exit 0 with a PDF, or exit 70 with exactly one line on stderr saying
"out of memory" (one, however many threads run out at once), no PDF and
no temporary file left beside it; never a signal (SIGSEGV, SIGABRT).
After the fixed limits it finds the lowest limit that succeeds and runs
just under it, where memory runs out inside the PDF writer (libharu's
save, the structure tree's update): at least one run must fail there.  Slow, and not for sanitizer
builds (suite 'slow').
"""
import os
import resource
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
exe = os.path.abspath(sys.argv[1])
fails = []
in_writer = 0
with tempfile.TemporaryDirectory(prefix='ap-oom-') as tmp:
    subprocess.run([sys.executable, os.path.join(ROOT, 'bench', 'gen.py'), '300', tmp],
                   check=True, capture_output=True)
    meeting = os.path.join(tmp, 'agendapack', 'meeting.yaml')

    def starts(kb):
        """True when the program loads and runs at all under kb KB."""
        lim = lambda: resource.setrlimit(resource.RLIMIT_AS, (kb * 1024, kb * 1024))
        return subprocess.run([exe, '--version'], capture_output=True,
                              preexec_fn=lim).returncode == 0
    # What the shared libraries alone take varies from machine to machine
    # (libical brings ICU's data): the limits start where it runs.
    lo, hi = 10000, 400000
    while hi - lo > 2000:
        mid = (lo + hi) // 2
        lo, hi = (lo, mid) if starts(mid) else (mid, hi)
    print('the program starts at ulimit -v %d' % hi)
    def run(kb):
        """Builds under kb KB; checks the run; True when it succeeded."""
        global in_writer
        pdf = os.path.join(tmp, 'out-%d.pdf' % kb)

        def limit():
            resource.setrlimit(resource.RLIMIT_AS, (kb * 1024, kb * 1024))
        r = subprocess.run([exe, 'build', meeting, '-l',
                            os.path.join(ROOT, 'bench', 'agendapack-layout.yaml'),
                            '--font-dir', '/usr/share/fonts/truetype/dejavu', '-o', pdf],
                           capture_output=True, text=True, preexec_fn=limit)
        lines = r.stderr.splitlines()
        print('ulimit -v %d: exit %d, %r' % (kb, r.returncode, lines[:2]))
        left = [f for f in os.listdir(tmp) if f.startswith('out-%d.pdf.tmp' % kb)]
        if left:
            fails.append('%d: temporary files left behind: %r' % (kb, left))
        if r.returncode == 0:
            if not os.path.exists(pdf):
                fails.append('%d: exit 0 without a PDF' % kb)
            return True
        if r.returncode != 70 or len(lines) != 1 or 'out of memory' not in lines[0]:
            fails.append('%d: exit %d with %r; want 70 and one "out of memory" line'
                         % (kb, r.returncode, lines))
        if os.path.exists(pdf):
            fails.append('%d: a PDF was written despite exit %d' % (kb, r.returncode))
        if 'while writing the PDF' in r.stderr:
            in_writer += 1
        return False
    for kb in (hi + 10000, hi + 20000, hi + 35000, hi + 50000, hi + 70000,
               hi + 100000):
        run(kb)
    # The PDF writer runs last: the limits just under the lowest that
    # succeeds run out inside it (or in the compression worker).
    lo, top = hi, hi + 100000
    while top - lo > 1000:
        mid = (lo + top) // 2
        lo, top = (lo, mid) if run(mid) else (mid, top)
    for k in (1, 2, 4, 8, 12, 16):
        run(top - k * 1000)
if in_writer == 0:
    fails.append('no run failed inside the PDF writer: lower the limits')
for f in fails:
    print('FAIL', f)
sys.exit(1 if fails else 0)

#!/usr/bin/env python3
"""letter.py - letters (paper: letter, issue 20).

1. The Essex chair's letter of 26 February 2018 builds, and its text
   (pdftotext, page bodies without the running text, normalised) holds
   every sentence of the reference letter, in order: SENTENCES below is
   our own transcription of that public letter (the reference file is in
   ../shared, which tests cannot rely on).  The scan's stamp over the
   signature is left out; "Malcolfn" (OCR) is Malcolm.
2. Resolutions come from the minute: a letter with
   {resolutions: {minutes, minute, style: roman}} prints that minute's
   agreed list as (i) (ii); changing the minutes changes the letter; a
   minute with no agreed list, or no such minute, is an error.
3. A long letter: page 1 carries no running text; pages 2..N carry the
   addressee and the date at the top and "Page k of N" at the foot.
4. window: dl places the addressee's first line ~50 mm from the top and
   ~20 mm from the left (pdftotext -bbox).
5. Reproducible (two builds byte-identical) and check-pack --tagged
   --no-page-stamps (and --pdfa) 0 failed; skipped without ../shared.
6. A signature image goes in as a Figure with alt text; a missing one
   is an error at the letter (exit 65, as for every image).
7. A letter named as a paper of a meeting is refused.
"""
import os
import re
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pack"))
from common import ROOT, Checks, build, check_pack_tool, exe_from_argv, need_tools, norm  # noqa: E402

LETTER = os.path.join(ROOT, "examples", "essex-paf-2018-02-08", "chair-letter-2018-02-26.yaml")

SENTENCES = [
    "Members' Suite",
    'PO Box 11,',
    'County Hall,',
    'Chelmsford CM1 1LX',
    'Email: cllr.malcolm.maddocks@essex.gov.uk',
    '26 February 2018',
    'BY EMAIL',
    'Phil Picton Independent Chairman Essex Safeguarding Children Board',
    'Dear Phil.',
    'PEOPLE AND FAMILIES POLICY AND SCRUTINY COMMITTEE (PAF) REVIEW OF THE WORK OF THE ESSEX SAFEGUARDING CHILDREN BOARD (ESCB)',
    'Thank you for attending the meeting of the PAF on 8 February when you, Paul Secker and Clare Livens updated the committee on the work of the ESCB and its future priorities.',
    'We spent longer on the item than we had originally anticipated which reflects the heightened interest members had in the issues and the informative discussion with you all.',
    'You will recall that during that discussion the following was agreed:',
    '(i) That reference to capitalising on and exploiting the range and depth of experience of being the second largest board in the country should not be stated as a principle but rather more as an aspiration in your Business Plan;',
    '(ii) That we would schedule and align future updates more closely with the publication of your annual report thereby meaning that we will schedule another update from you all in September or October this year and relevant officers will liaise on this to confirm exact timing.',
    'Each year thereafter we would expect similar timing for updates.',
    'As you may be aware, after lunch on the 8th February we spoke to a couple of representatives from the voluntary sector to seek their views on safeguarding children in Essex and the discussion raised a number of issues.',
    'In general they viewed that the system structure provided clear levels of support and referrals worked well when professionals were adequately trained to field those situations.',
    "However, communications probably remained the biggest issue with the voluntary sector 'left in the dark' after making a referral, getting no acknowledgement or indication as to whether the person was getting support or not.",
    'We realise that there may be patient confidentiality issues in disclosing support and treatment here but wonder whether a more general approach could be taken to at least encourage agencies to acknowledge referrals and that if a referral does not make the necessary threshold for further support that the voluntary sector referrer is made aware so that they could consider if they can provide any support.',
    'Whilst social care was considered very responsive to serious risk cases it was felt that there was a substantial void between the service for those serious risk people and the majority of people needing lower level support work which often then fell onto schools.',
    'Another major concern was the failure to support families who choose not to engage with the process which we understand some can do if a specific risk threshold is not net.',
    "Consequently, combined with the discussions in the morning members were concerned about children 'dropping through the gaps' and have asked what else can be done operationally other than just 'increasing focus' on it.",
    'It was also highlighted to the Committee that the voluntary sector was not represented on the ESCB.',
    'We appreciate that the Board is already the second largest in the country but was this considered not necessary or is this an oversight?',
    'The Committee would appreciate a clearer understanding of the determinants of membership of the ESCB - clearly some mandatory representatives may be defined by statute but presumably some may be more discretionary?',
    "Whilst not yet formal recommendations, we would appreciate your initial comments on the above in writing by the end of March 2018 and no doubt we can then discuss further at our next 'catch-up' meeting (to be scheduled) and/or when you revisit the committee in September/October.",
    'I look forward to hearing from you.',
    'Regards',
    'Councillor Malcolm Maddocks,',
    'Chairman,',
    'People and Families Policy and Scrutiny Committee',
    'C.C.',
    'Paul Secker, Director, Safeguarding & Quality Assurance (C&F) Alison Cutler, ESCB Business & Performance Manager',
]


def body_text(pdf):
    """The text of every page without its top and bottom 60 pt (the
    running text), normalised."""
    out = subprocess.run(["pdftotext", "-x", "0", "-y", "60", "-W", "595", "-H", "722",
                          pdf, "-"], capture_output=True, text=True).stdout
    return norm(out)


def page_text(pdf, k):
    return subprocess.run(["pdftotext", "-f", str(k), "-l", str(k), "-layout", pdf, "-"],
                          capture_output=True, text=True).stdout


def npages(pdf):
    info = subprocess.run(["pdfinfo", pdf], capture_output=True, text=True).stdout
    m = re.search(r"^Pages:\s+(\d+)", info, re.M)
    return int(m.group(1)) if m else 0


def in_order(text, sentences):
    """The sentences not found in text after the previous one."""
    missing, at = [], 0
    for s in sentences:
        i = text.find(norm(s), at)
        if i < 0:
            missing.append(s)
        else:
            at = i + len(norm(s))
    return missing


def essex(c, exe, tmp):
    pdf = os.path.join(tmp, "essex.pdf")
    p = build(exe, LETTER, "-o", pdf)
    if not c.check(p.returncode == 0, "essex letter: exit %d: %s" % (p.returncode, p.stderr)):
        return
    missing = in_order(body_text(pdf), SENTENCES)
    c.check(not missing, "essex letter: sentences missing or out of order: %s" % missing[:3])
    pdf2 = os.path.join(tmp, "essex2.pdf")
    build(exe, LETTER, "-o", pdf2)
    c.check(open(pdf, "rb").read() == open(pdf2, "rb").read(), "essex letter: not reproducible")
    tool = check_pack_tool()
    if tool is None:
        print("SKIP check-pack: ../shared/tools/check-pack not found")
        return
    r = subprocess.run([tool, pdf, "--tagged", "--no-page-stamps"], capture_output=True, text=True)
    c.check(r.returncode == 0 and " 0 failed" in r.stdout + r.stderr,
            "check-pack --tagged: %s" % (r.stdout + r.stderr)[-600:])
    pa = os.path.join(tmp, "essex-a.pdf")
    p = build(exe, LETTER, "-o", pa, "--pdfa")
    r = subprocess.run([tool, pa, "--tagged", "--pdfa", "--no-page-stamps"], capture_output=True,
                       text=True)
    c.check(p.returncode == 0 and r.returncode == 0 and " 0 failed" in r.stdout + r.stderr,
            "check-pack --pdfa: %s" % (r.stdout + r.stderr)[-600:])


MINUTES = """paper: minutes
committee: Test Committee
date: 2020-01-09
venue: Room 1
minutes:
  - number: 1
    title: Apologies
    body:
      - list: [None were received]
  - number: 7
    title: The review
    body:
      - The Committee considered the review.
      - list: [A list that is not the agreed one]
      - agreed:
          - %s
          - That the second point stands.
  - number: 8
    title: Nothing agreed
    body:
      - Noted.
"""

LETTER_TMPL = """paper: letter
date: 2020-01-20
to:
  - name: Ann Addressee
    role: Director
    address: [1 High Street, Town AB1 2CD]
salutation: Dear Ann,
subject: The review
body:
  - "You will recall that the following was agreed:"
  - resolutions: {minutes: minutes.yaml, minute: %s, style: roman}
%s
closing: Yours sincerely
signature: {name: Councillor Chair, role: Chairman}
"""


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def resolutions(c, exe, tmp):
    d = os.path.join(tmp, "res")
    os.makedirs(d)
    write(os.path.join(d, "minutes.yaml"), MINUTES % "That the first point is agreed;")
    lt = os.path.join(d, "letter.yaml")
    write(lt, LETTER_TMPL % ("7", ""))
    pdf = os.path.join(d, "letter.pdf")
    p = build(exe, lt, "-o", pdf)
    if c.check(p.returncode == 0, "resolutions: exit %d: %s" % (p.returncode, p.stderr)):
        t = body_text(pdf)
        c.check(in_order(t, ["following was agreed:", "(i) That the first point is agreed;",
                             "(ii) That the second point stands."]) == [],
                "resolutions: the minute's agreed list is not printed as (i) (ii): %s" % t[:400])
        c.check("not the agreed one" not in t, "resolutions: printed the wrong list")
    write(os.path.join(d, "minutes.yaml"), MINUTES % "That a changed first point is agreed;")
    p = build(exe, lt, "-o", pdf)
    c.check(p.returncode == 0 and "(i) That a changed first point is agreed;" in body_text(pdf),
            "resolutions: the letter does not follow the minutes")
    for minute, want in (("8", "has no 'agreed' list"), ("99", "has no minute 99")):
        write(lt, LETTER_TMPL % (minute, ""))
        p = build(exe, lt, "-o", os.path.join(d, "bad.pdf"))
        c.check(p.returncode == 65 and want in p.stderr and "letter.yaml:" in p.stderr
                and not os.path.exists(os.path.join(d, "bad.pdf")),
                "resolutions: minute %s: exit %d, %s" % (minute, p.returncode, p.stderr.strip()))


def long_letter(c, exe, tmp):
    d = os.path.join(tmp, "long")
    os.makedirs(d)
    write(os.path.join(d, "minutes.yaml"), MINUTES % "That the first point is agreed;")
    paras = "".join("  - Paragraph %d of a long letter. %s\n" % (i, "Words to fill the line. " * 12)
                    for i in range(40))
    lt = os.path.join(d, "letter.yaml")
    write(lt, LETTER_TMPL % ("7", paras))
    pdf = os.path.join(d, "letter.pdf")
    p = build(exe, lt, "-o", pdf)
    if not c.check(p.returncode == 0, "long letter: exit %d: %s" % (p.returncode, p.stderr)):
        return
    n = npages(pdf)
    c.check(n >= 3, "long letter: only %d pages" % n)
    first = page_text(pdf, 1)
    c.check("Page 1" not in first and first.count("20 January 2020") == 1,
            "long letter: page 1 has running text: %s" % first[:300])
    for k in range(2, n + 1):
        lines = [l for l in page_text(pdf, k).splitlines() if l.strip()]
        head, foot = norm(lines[0]), norm(lines[-1])
        c.check(head.startswith("Ann Addressee") and head.endswith("20 January 2020"),
                "long letter: page %d header is %r" % (k, head))
        c.check(foot == "Page %d of %d" % (k, n), "long letter: page %d footer is %r" % (k, foot))


def window(c, exe, tmp):
    d = os.path.join(tmp, "win")
    os.makedirs(os.path.join(d, "layouts"))
    write(os.path.join(d, "layouts", "win.yaml"),
          "extends: default\nletter:\n  window: dl\n  from: [Town Hall, High Street, Town]\n")
    write(os.path.join(d, "minutes.yaml"), MINUTES % "That the first point is agreed;")
    lt = os.path.join(d, "letter.yaml")
    write(lt, LETTER_TMPL % ("7", ""))
    for layout, expect in (("win", True), ("default", False)):
        pdf = os.path.join(d, layout + ".pdf")
        p = build(exe, lt, "-o", pdf, "--layout", layout)
        if not c.check(p.returncode == 0, "window: exit %d: %s" % (p.returncode, p.stderr)):
            return
        bb = subprocess.run(["pdftotext", "-bbox", "-f", "1", "-l", "1", pdf, "-"],
                            capture_output=True, text=True).stdout
        m = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>Ann</word>', bb)
        if not c.check(m is not None, "window: no addressee on page 1"):
            return
        x_mm, y_mm = float(m.group(1)) / 72 * 25.4, float(m.group(2)) / 72 * 25.4
        if expect:
            c.check(abs(x_mm - 20) < 1.5 and 48 <= y_mm <= 53,
                    "window: addressee at %.1f mm, %.1f mm; want 20, ~50" % (x_mm, y_mm))
        else:
            dm = re.search(r'<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>January</word>', bb)
            c.check(dm is not None and float(dm.group(1)) < float(m.group(2)),
                    "no window: the addressee is not under the date")


def png(path, w=60, h=20):
    """A small greyscale PNG of our own: a dark stroke on white."""
    import struct
    import zlib
    rows = b"".join(b"\0" + bytes(0 if abs(y - h // 2) < 2 else 255 for _ in range(w))
                    for y in range(h))

    def chunk(t, d):
        return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d))
    with open(path, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
                + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


def signature_image(c, exe, tmp):
    d = os.path.join(tmp, "sig")
    os.makedirs(d)
    png(os.path.join(d, "sig.png"))
    write(os.path.join(d, "minutes.yaml"), MINUTES % "That the first point is agreed;")
    lt = os.path.join(d, "letter.yaml")
    write(lt, (LETTER_TMPL % ("7", "")).replace(
        "signature: {name: Councillor Chair, role: Chairman}",
        "signature: {name: Councillor Chair, role: Chairman, image: sig.png}"))
    pdf = os.path.join(d, "letter.pdf")
    p = build(exe, lt, "-o", pdf, "--dump", os.path.join(d, "dump.txt"))
    if not c.check(p.returncode == 0, "signature image: exit %d: %s" % (p.returncode, p.stderr)):
        return
    dump = open(os.path.join(d, "dump.txt"), encoding="utf-8").read()
    c.check(re.search(r"image .*sig\.png(.*\n\s*tag)? .*Figure", dump) is not None
            and "Signature of Councillor Chair" in dump,
            "signature image: no Figure with alt text in the dump")
    write(lt, (LETTER_TMPL % ("7", "")).replace(
        "signature: {name: Councillor Chair, role: Chairman}",
        "signature: {name: Councillor Chair, role: Chairman, image: sgi.png}"))
    p = build(exe, lt, "-o", pdf)
    c.check(p.returncode == 65 and "letter.yaml:" in p.stderr and "sig.png" in p.stderr,
            "signature image: a missing image: exit %d, %s" % (p.returncode, p.stderr.strip()))


def as_paper(c, exe, tmp):
    d = os.path.join(tmp, "paper")
    os.makedirs(d)
    write(os.path.join(d, "minutes.yaml"), MINUTES % "That the first point is agreed;")
    write(os.path.join(d, "letter.yaml"), LETTER_TMPL % ("7", ""))
    mt = os.path.join(d, "meeting.yaml")
    write(mt, "council: C\ncommittee: K\ndate: 2020-01-09\nvenue: V\ncontact: {name: N}\n"
              "items:\n  - title: T\n    papers: [letter.yaml]\n")
    p = build(exe, mt, "-o", os.path.join(d, "m.pdf"))
    c.check(p.returncode == 65 and "meeting.yaml:8:14: error: a letter cannot be a paper" in p.stderr,
            "letter as a paper: exit %d, %s" % (p.returncode, p.stderr.strip()))


def main():
    exe = exe_from_argv()
    need_tools("pdftotext", "pdfinfo")
    c = Checks("letter")
    with tempfile.TemporaryDirectory() as tmp:
        essex(c, exe, tmp)
        resolutions(c, exe, tmp)
        long_letter(c, exe, tmp)
        window(c, exe, tmp)
        signature_image(c, exe, tmp)
        as_paper(c, exe, tmp)
    return c.done()


if __name__ == "__main__":
    sys.exit(main())

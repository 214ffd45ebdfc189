"""assets_cases.py - the cases run-assets.py runs: name -> dict(files,
args, status, stderr (exact lines), check (a function of the pack's
path returning a problem or None), time (a limit in seconds))."""
import zlib

MEETING = """council: Essex County Council
committee: People and Families Policy and Scrutiny Committee
date: 2018-02-08
time: "10:30"
venue: Committee Room 1, County Hall
contact:
  name: Gemma Bint
items:
  - title: Minutes
{extra}"""


def image_meeting(name):
    return MEETING.format(extra="    notes:\n      - image: %s\n        alt: A chart\n" % name)


def pdf_meeting(name, pages=None):
    sel = "        pages: %s\n" % pages if pages else ""
    return MEETING.format(extra="    papers:\n      - pdf: %s\n        title: Appendix\n%s"
                          % (name, sel))


AT = "in.yaml:11:9: error: "
NOTHING = "agendapack: 1 error; nothing written"


def image_cases(A, image_with, smask_of):
    c = {}
    W, H = 13, 11

    def good(name, data, check, args=None, ext="png"):
        c[name] = dict(files={"in.yaml": image_meeting("img." + ext), "img." + ext: data},
                       args=args or [], status=0, stderr=[], check=check)

    def bad(name, data, message, ext="png"):
        c[name] = dict(files={"in.yaml": image_meeting("img." + ext), "img." + ext: data},
                       status=65, stderr=[AT + "image 'img.%s' %s" % (ext, message), NOTHING])

    def pixels(cs, bpc, want, alpha=None):
        def check(out):
            d, data = image_with(out, lambda d: d.get("/Width") == W)
            if d is None:
                return "no %dx%d image in the pack" % (W, H)
            if d.get("/ColorSpace") != cs or d.get("/BitsPerComponent") != bpc:
                return "image is %s/%s, expected %s/%s" % (
                    d.get("/ColorSpace"), d.get("/BitsPerComponent"), cs, bpc)
            if data != want:
                return "the image's pixels are not the file's"
            sm = smask_of(out, d)
            if alpha is None and sm is not None:
                return "an opaque image got a soft mask"
            if alpha is not None and sm != alpha:
                return "the soft mask is not the file's alpha"
            return None
        return check

    rgb = A.expect_rgb(W, H)
    grey = A.expect_grey(W, H)
    good("png-rgb8", A.png(W, H, 2, 8, A.rgb8), pixels("/DeviceRGB", 8, rgb))
    good("png-rgb16", A.png(W, H, 2, 16, A.rgb16), pixels("/DeviceRGB", 8, rgb))
    good("png-grey16", A.png(W, H, 0, 16, A.grey16), pixels("/DeviceGray", 8, grey))
    good("png-interlaced", A.png(W, H, 2, 8, A.rgb8, interlace=True),
         pixels("/DeviceRGB", 8, rgb))
    good("png-interlaced-grey16", A.png(W, H, 0, 16, A.grey16, interlace=True),
         pixels("/DeviceGray", 8, grey))
    # A palette of 4 entries, the last two partly transparent.
    plte = [255, 0, 0, 0, 255, 0, 0, 0, 255, 255, 255, 0]
    trns = [255, 255, 128, 0]
    idx = lambda x, y: (x + y) % 4
    pal_alpha = bytes(trns[idx(x, y)] for y in range(H) for x in range(W))
    def palette_check(out):
        d, data = image_with(out, lambda d: d.get("/Width") == W)
        if d is None or not isinstance(d.get("/ColorSpace"), list) or \
                d["/ColorSpace"][:3] != ["/Indexed", "/DeviceRGB", 3]:
            return "no indexed %dx%d image in the pack" % (W, H)
        if data != bytes(idx(x, y) for y in range(H) for x in range(W)):
            return "the indexes are not the file's"
        if smask_of(out, d) != pal_alpha:
            return "the soft mask is not the tRNS alpha"
        return None
    good("png-palette-trns", A.png(W, H, 3, 8, lambda x, y: bytes((idx(x, y),)),
                                   plte=plte, trns=trns), palette_check)
    # A 2-bit palette with tRNS: indexes one a byte, alpha from the table.
    good("png-palette-2bit-trns", A.png(W, H, 3, 2, idx, plte=plte, trns=trns),
         palette_check)
    # 2-bit grey, opaque: kept packed, as the file has it.
    g2 = lambda x, y: (x + 2 * y) % 4
    packed = A.png(W, H, 0, 2, g2)
    rows = b"".join(bytes(int("".join("{:02b}".format(g2(x, y)) for x in range(W))
                              .ljust(8 * ((2 * W + 7) // 8), "0")[i:i + 8], 2)
                          for i in range(0, 8 * ((2 * W + 7) // 8), 8)) for y in range(H))
    good("png-grey-2bit", packed, pixels("/DeviceGray", 2, rows))
    # Grey with alpha: grey and its alpha plane.
    ga = lambda x, y: bytes((grey8(x, y), (x * 19) % 256))
    grey8 = lambda x, y: A.grey8(x, y)[0]
    good("png-grey-alpha", A.png(W, H, 4, 8, ga), pixels(
        "/DeviceGray", 8, grey, bytes((x * 19) % 256 for y in range(H) for x in range(W))))
    # RGBA under --pdfa: composited on white.
    rgba = lambda x, y: A.rgb8(x, y) + bytes(((y * 23) % 256,))
    flat = bytes((v * ((y * 23) % 256) + 255 * (255 - (y * 23) % 256) + 127) // 255
                 for y in range(H) for x in range(W) for v in A.rgb8(x, y))
    good("png-rgba-pdfa-flattened", A.png(W, H, 6, 8, rgba),
         pixels("/DeviceRGB", 8, flat), args=["--pdfa"])
    big_text = A.chunk(b"zTXt", b"Comment\0\0" + zlib.compress(b"x" * (12 << 20)))
    big_icc = A.chunk(b"iCCP", b"Photo\0\0" + zlib.compress(bytes(range(256)) * 40000))
    good("png-big-text-chunk", A.png(W, H, 2, 8, A.rgb8, extra=big_text),
         pixels("/DeviceRGB", 8, rgb))
    good("png-big-iccp-chunk", A.png(W, H, 2, 8, A.rgb8, extra=big_icc),
         pixels("/DeviceRGB", 8, rgb))

    # Damaged PNGs: located errors, nothing written.
    ok = A.png(W, H, 2, 8, A.rgb8)
    i = ok.index(b"IDAT")
    n = int.from_bytes(ok[i - 4:i], "big")
    bad_crc = ok[:i + 4 + n] + bytes((ok[i + 4 + n] ^ 0xFF,)) + ok[i + 5 + n:]
    bad("png-bad-crc", bad_crc, "is a damaged PNG file (IDAT: CRC error)")
    raw = zlib.compress(b"".join(b"\0" + b"".join(A.rgb8(x, y) for x in range(W))
                                 for y in range(H)))
    bad("png-short-idat", A.png(W, H, 2, 8, A.rgb8, idat=raw[:len(raw) // 2]),
        "is a damaged PNG file (Not enough image data)")
    bad("png-broken-zlib", A.png(W, H, 2, 8, A.rgb8, idat=b"\x78\x9c" + b"\xff" * 40),
        "is a damaged PNG file (IDAT: invalid block type)")
    bad("png-missing-palette", A.png(W, H, 3, 8, lambda x, y: b"\0"),
        "is a damaged PNG file (IDAT: Missing PLTE before IDAT)")
    hdr = bytearray(ok)
    hdr[24] = 3                                    # bit depth 3
    hdr[29:33] = (zlib.crc32(bytes(hdr[12:29])) & 0xffffffff).to_bytes(4, "big")
    bad("png-bad-header", bytes(hdr), "is a damaged PNG file (Invalid IHDR data)")

    # JPEGs.
    good("jpeg-baseline-grey", A.jpeg(), None, ext="jpg")
    good("jpeg-baseline-3", A.jpeg(ncomp=3), None, ext="jpg")
    good("jpeg-progressive", A.jpeg(sof=0xC2, progressive=True), None, ext="jpg")
    bad("jpeg-12-bit", A.jpeg(precision=12), "is a JPEG file with samples of other "
        "than 8 bits, which PDF readers cannot show", ext="jpg")
    bad("jpeg-lossless", A.jpeg(sof=0xC3), "is a lossless JPEG file, which PDF "
        "readers cannot show", ext="jpg")
    bad("jpeg-hierarchical", A.jpeg(sof=0xC5), "is a hierarchical JPEG file, which "
        "PDF readers cannot show", ext="jpg")
    bad("jpeg-2-components", A.jpeg(ncomp=2), "is a JPEG file with neither 1, 3 nor 4 "
        "colour components, which PDF readers cannot show", ext="jpg")
    bad("jpeg-0-components", A.jpeg(ncomp=0), "is a JPEG file with no pixels or no colour "
        "components", ext="jpg")
    bad("jpeg-cut-after-sof", A.jpeg(cut_after_sof=True), "is a damaged JPEG file "
        "(Premature end of JPEG file)", ext="jpg")
    bad("jpeg-arithmetic", A.jpeg(sof=0xC9), "is an arithmetic-coded JPEG file, which "
        "PDF readers cannot show", ext="jpg")
    c["image-fifo"] = dict(files={"in.yaml": image_meeting("img.png"), "img.png": None},
                           status=65, stderr=[AT + "cannot read image 'img.png': not a "
                                              "regular file (a pipe, socket or device)", NOTHING])
    return c


def bomb_pdf(A):
    """A page whose content stream inflates to 1 GiB (about 1 MB)."""
    z = zlib.compressobj(9)
    block = b" " * (1 << 20)
    body = b"".join(z.compress(block) for _ in range(1024)) + z.flush()
    content = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body) + body + \
        b"\nendstream"
    return A.pdf({
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
           b"/Resources << >> >>",
        4: content})


def dangerous_pdf(A):
    """An appendix carrying everything a pack must not: a JavaScript
    OpenAction, additional actions, an embedded file, Launch and
    javascript:/file: links, a font that points back at the catalog."""
    link = lambda y, act: (b"<< /Type /Annot /Subtype /Link /Rect [10 %d 100 %d] "
                           b"/Border [0 0 0] /A %s >>" % (y, y + 10, act))
    return A.pdf({
        1: b"<< /Type /Catalog /Pages 2 0 R /OpenAction 8 0 R "
           b"/AA << /WC 8 0 R >> /Names << /EmbeddedFiles << /Names [(evil.exe) 9 0 R] >> "
           b"/JavaScript << /Names [(js) 8 0 R] >> >> >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R "
           b"/Resources << /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >> "
           b"/AA << /O 8 0 R >> /Annots [11 0 R 12 0 R 13 0 R 14 0 R 15 0 R] >>",
        4: A.stream(b"BT /F1 12 Tf 10 150 Td (Appendix text) Tj ET /X1 Do"),
        5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Back 1 0 R "
           b"/A 8 0 R >>",
        6: A.stream(b"0 g 0 0 5 5 re f", extra=b" /Type /XObject /Subtype /Form "
                    b"/BBox [0 0 10 10] /AA << /PO 8 0 R >> /Ref 10 0 R /Resources << >>"),
        8: b"<< /Type /Action /S /JavaScript /JS (app.alert\\(1\\)) >>",
        9: b"<< /Type /Filespec /F (evil.exe) /EF << /F 10 0 R >> >>",
        10: A.stream(b"MZ not really a program", extra=b" /Type /EmbeddedFile"),
        11: link(10, b"<< /S /Launch /F (calc.exe) >>"),
        12: link(30, b"<< /S /URI /URI (javascript:app.alert\\(1\\)) >>"),
        13: link(50, b"<< /S /URI /URI (file:///etc/passwd) >>"),
        14: link(70, b"<< /S /URI /URI (https://www.essex.gov.uk/) >>"),
        15: link(90, b"<< /S /URI /URI (MAILTO:democracy@essex.gov.uk) >>"),
    })


def appendix_cases(A, qdf_text, images):
    c = {}
    APP = "in.yaml:11:9: "

    def case(name, data, status, stderr, check=None, args=None, time=None, rss=None):
        c[name] = dict(files={"in.yaml": pdf_meeting("app.pdf"), "app.pdf": data},
                       status=status, stderr=stderr, check=check, args=args or [],
                       max_rss_mb=rss)
        if time:
            c[name]["time"] = time

    def clean(out):
        text = qdf_text(out)
        for bad in ("/OpenAction", "/AA", "/Launch", "/EmbeddedFile", "/JavaScript",
                    "/JS", "javascript:", "file:", "evil.exe", "MZ not really"):
            if bad in text:
                return "the pack carries %r" % bad
        for good in ("https://www.essex.gov.uk/", "MAILTO:democracy@essex.gov.uk",
                     "Appendix text"):
            if good not in text:
                return "the pack lost %r" % good
        return None
    case("appendix-dangerous", dangerous_pdf(A), 0, [
        APP + "warning: app.pdf: the file is not tagged, so it is not itself accessible; "
        "its pages go into the structure tree as figures with alt text only",
        APP + "warning: app.pdf: page 1: a link with an action other than a URI or a "
        "page was left out",
        APP + "warning: app.pdf: page 1: a link to a 'javascript:' URI (only http, https "
        "and mailto links are kept) was left out",
        APP + "warning: app.pdf: page 1: a link to a 'file:' URI (only http, https and "
        "mailto links are kept) was left out"], clean)
    case("appendix-inflation-bomb", bomb_pdf(A), 65, [
        APP + "error: app.pdf: page 1: its content inflates to more than 256 MB, the "
        "limit for one page (docs/limits.md)"], time=20.0, rss=300)

    def version_14(out):
        # The pack's own version: 1.4, or 1.5 when tagged outside PDF/A
        # (its structure tree in object streams), never the appendix's.
        with open(out, "rb") as f:
            head = f.read(8)
        return None if head in (b"%PDF-1.4", b"%PDF-1.5") else "the pack claims %r" % head
    case("appendix-version-9.9", A.one_page(version=b"9.9"), 0, [
        APP + "warning: app.pdf: the file is not tagged, so it is not itself accessible; "
        "its pages go into the structure tree as figures with alt text only"], version_14)
    case("appendix-rotate-2^63-1", A.one_page(page_extra=b" /Rotate 9223372036854775807"),
         65, [APP + "error: app.pdf: page 1 has /Rotate 9223372036854775807, which is not a "
              "multiple of 90"])
    case("appendix-rotate-1e300", A.one_page(page_extra=b" /Rotate 1" + b"0" * 300 + b".0"),
         65, [APP + "error: app.pdf: page 1 has /Rotate 1e+300, which is not a "
              "multiple of 90"])
    case("appendix-rotate-45", A.one_page(page_extra=b" /Rotate 45"), 65,
         [APP + "error: app.pdf: page 1 has /Rotate 45, which is not a multiple of 90"])
    case("appendix-tiny-page", A.one_page(box=b"[0 0 2 2.5]"), 65,
         [APP + "error: app.pdf: page 1 is 2 x 2.5 pt, smaller than PDF allows (3 pt)"])
    broken_page = A.pdf({
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R (cut",
        4: A.stream(b"0 g 0 0 5 5 re f")})
    case("appendix-damaged-page", broken_page, 65,
         [APP + "error: app.pdf: page 1 is damaged (its page object is not a "
          "dictionary)"])
    c["appendix-fifo"] = dict(files={"in.yaml": pdf_meeting("app.pdf"), "app.pdf": None},
                              status=65, stderr=[APP + "error: cannot read PDF 'app.pdf': "
                                                 "not a regular file (a pipe, socket or "
                                                 "device)", NOTHING])
    return c

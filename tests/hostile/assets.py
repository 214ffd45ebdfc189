#!/usr/bin/env python3
"""assets.py - image and appendix files written byte by byte for the
hostile tests (run-assets.py): PNGs with zlib and struct, JPEGs from
hand-made Huffman tables, PDFs object by object.  Nothing third-party.
"""
import struct
import zlib


# ---- PNG ----

def chunk(kind, body, crc=None):
    c = struct.pack(">I", len(body)) + kind + body
    if crc is None:
        crc = zlib.crc32(kind + body) & 0xffffffff
    return c + struct.pack(">I", crc)


SIG = b"\x89PNG\r\n\x1a\n"

# Adam7: (x0, y0, dx, dy) per pass.
ADAM7 = [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4),
         (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]


def png(w, h, ct, bd, pixel, interlace=False, plte=None, trns=None, extra=b"",
        idat=None):
    """A PNG: pixel(x, y) gives the sample bytes of one pixel (bit depth
    8 or 16; for depths under 8 it gives the sample value)."""
    def row_bytes(xs, y):
        if bd >= 8:
            return b"".join(pixel(x, y) for x in xs)
        out, acc, nbits = bytearray(), 0, 0
        for x in xs:
            acc = (acc << bd) | pixel(x, y)
            nbits += bd
            if nbits == 8:
                out.append(acc)
                acc, nbits = 0, 0
        if nbits:
            out.append(acc << (8 - nbits))
        return bytes(out)
    raw = bytearray()
    if interlace:
        for x0, y0, dx, dy in ADAM7:
            xs = list(range(x0, w, dx))
            if not xs:
                continue
            for y in range(y0, h, dy):
                raw += b"\0" + row_bytes(xs, y)
    else:
        for y in range(h):
            raw += b"\0" + row_bytes(range(w), y)
    ihdr = struct.pack(">IIBBBBB", w, h, bd, ct, 0, 0, 1 if interlace else 0)
    out = SIG + chunk(b"IHDR", ihdr) + extra
    if plte is not None:
        out += chunk(b"PLTE", bytes(plte))
    if trns is not None:
        out += chunk(b"tRNS", bytes(trns))
    out += chunk(b"IDAT", zlib.compress(bytes(raw)) if idat is None else idat)
    return out + chunk(b"IEND", b"")


def rgb8(x, y):
    return bytes(((x * 37) % 256, (y * 53) % 256, ((x + y) * 29) % 256))


def rgb16(x, y):
    return b"".join(struct.pack(">H", v * 257) for v in rgb8(x, y))


def grey8(x, y):
    return bytes(((x * 31 + y * 17) % 256,))


def grey16(x, y):
    return struct.pack(">H", grey8(x, y)[0] * 257)


def expect_rgb(w, h):
    return b"".join(rgb8(x, y) for y in range(h) for x in range(w))


def expect_grey(w, h):
    return b"".join(grey8(x, y) for y in range(h) for x in range(w))


# ---- JPEG ----

def seg(marker, body):
    return bytes((0xFF, marker)) + struct.pack(">H", len(body) + 2) + body


def jpeg(sof=0xC0, precision=8, ncomp=1, cut_after_sof=False, progressive=False, w=8, h=8):
    """A JPEG of one 8x8 block per component (w, h up to 8) whose blocks are all zero: one-code Huffman tables
    (DC category 0, AC end of block), so each block is the bits 00."""
    out = b"\xFF\xD8"
    out += seg(0xE0, b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0")
    out += seg(0xDB, b"\x00" + b"\x01" * 64)
    comps = b"".join(bytes((i + 1, 0x11, 0)) for i in range(ncomp))
    out += seg(sof, bytes((precision,)) + struct.pack(">HHB", h, w, ncomp) + comps)
    if cut_after_sof:
        return out
    one = bytes((1,) + (0,) * 15)
    out += seg(0xC4, b"\x00" + one + b"\x00")      # DC table 0: "0" -> 0
    out += seg(0xC4, b"\x10" + one + b"\x00")      # AC table 0: "0" -> EOB
    sel = b"".join(bytes((i + 1, 0)) for i in range(ncomp))
    if progressive:
        out += seg(0xDA, bytes((ncomp,)) + sel + b"\x00\x00\x00") + b"\x7F"
        for i in range(ncomp):                      # AC scans, one per component
            out += seg(0xDA, bytes((1, i + 1, 0)) + b"\x01\x3F\x00") + b"\x7F"
    else:
        bits = "00" * ncomp
        bits += "1" * (-len(bits) % 8)
        data = bytes(int(bits[i:i + 8], 2) for i in range(0, len(bits), 8))
        out += seg(0xDA, bytes((ncomp,)) + sel + b"\x00\x3F\x00") + data
    return out + b"\xFF\xD9"


# ---- PDF ----

def pdf(objs, root=1, version=b"1.4", trailer_extra=b""):
    """A PDF from objs {number: body bytes}, xref and trailer computed."""
    out = bytearray(b"%PDF-" + version + b"\n%\xe2\xe3\xcf\xd3\n")
    offs = {}
    for num in sorted(objs):
        offs[num] = len(out)
        out += b"%d 0 obj\n" % num + objs[num] + b"\nendobj\n"
    n = max(objs) + 1
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % n
    for num in range(1, n):
        out += (b"%010d 00000 n \n" % offs[num]) if num in offs else \
            b"0000000000 65535 f \n"
    out += b"trailer\n<< /Size %d /Root %d 0 R%s >>\nstartxref\n%d\n%%%%EOF\n" % (
        n, root, trailer_extra, xref)
    return bytes(out)


def stream(data, extra=b"", deflate=True):
    body = zlib.compress(data) if deflate else data
    filt = b" /Filter /FlateDecode" if deflate else b""
    return b"<< /Length %d%s%s >>\nstream\n" % (len(body), filt, extra) + body + \
        b"\nendstream"


def one_page(page_extra=b"", content=b"0 g 10 10 50 50 re f", box=b"[0 0 200 200]",
             extra_objs=None, version=b"1.4", catalog_extra=b"", resources=b"<< >>"):
    """A one-page PDF: 1 catalog, 2 pages, 3 page, 4 content; more objects
    from extra_objs."""
    objs = {
        1: b"<< /Type /Catalog /Pages 2 0 R" + catalog_extra + b" >>",
        2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        3: b"<< /Type /Page /Parent 2 0 R /MediaBox " + box +
           b" /Contents 4 0 R /Resources " + resources + page_extra + b" >>",
        4: stream(content),
    }
    objs.update(extra_objs or {})
    return pdf(objs, version=version)

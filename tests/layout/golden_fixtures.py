#!/usr/bin/env python3
"""Fixtures of the layout golden tests, made at test time (no binary file
is committed): written into a copy of tests/layout/golden/.

  papers/chart.png     a 120 x 80 RGB PNG (blue bars on white), written
                       with zlib and struct
  papers/appendix.pdf  a one-page A5 PDF (300 x 400 pt, the golden page)
                       with a title and a footer line of its own, in the
                       standard Helvetica, written byte by byte; tagged
                       (an empty /StructTreeRoot) or not as asked
"""
import struct
import zlib


def png(path, w=120, h=80):
    """An 8-bit RGB PNG: white, with three blue bars."""
    rows = []
    for y in range(h):
        row = bytearray(b"\x00")           # filter: none
        for x in range(w):
            bar = (x // 20) % 2 == 1 and y >= h - (x // 20 + 1) * 15
            row += b"\x1f\x4e\x9e" if bar else b"\xff\xff\xff"
        rows.append(bytes(row))

    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data +
                struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))

    data = (b"\x89PNG\r\n\x1a\n" +
            chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) +
            chunk(b"IDAT", zlib.compress(b"".join(rows))) +
            chunk(b"IEND", b""))
    with open(path, "wb") as f:
        f.write(data)


def pdf(path, tagged=True):
    """A one-page 300 x 400 pt PDF with a title and a footer line."""
    content = (b"BT /F1 14 Tf 1 0 0 1 30 350 Tm (Appendix page) Tj "
               b"/F1 9 Tf 1 0 0 1 30 14 Tm (Appendix footer, page 1 of 1) Tj ET")
    objs = [
        b"<< /Type /Catalog /Pages 2 0 R" +
        (b" /MarkInfo << /Marked true >> /StructTreeRoot 5 0 R" if tagged else b"") +
        b" >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 400] /Contents 4 0 R "
        b"/Resources << /Font << /F1 6 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /StructTreeRoot >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica "
        b"/Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offs = []
    for i, body in enumerate(objs, 1):
        offs.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for o in offs:
        out += b"%010d 00000 n \n" % o
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objs) + 1, xref)
    with open(path, "wb") as f:
        f.write(out)


def make(golden_dir):
    """Writes every fixture into golden_dir (a copy of golden/)."""
    import os
    png(os.path.join(golden_dir, "papers", "chart.png"))
    pdf(os.path.join(golden_dir, "papers", "appendix.pdf"))

#!/usr/bin/env python3
"""make-chart.py - draw escb-structure.png, the ESCB structure chart
(September 2017) used by escb-update.yaml.

Standard library only (zlib + struct): boxes, lines and a tiny 5x7
bitmap font, written as an 8-bit palette PNG.  Run from anywhere:

    python3 examples/essex-paf-2018-02-08/make-chart.py

The output is deterministic, so re-running it leaves git clean.
"""
import os
import struct
import zlib

# ---- a 5x7 bitmap font: each glyph is 7 rows of 5 columns ----
FONT = {
    "A": ["01110", "10001", "10001", "11111", "10001", "10001", "10001"],
    "B": ["11110", "10001", "10001", "11110", "10001", "10001", "11110"],
    "C": ["01110", "10001", "10000", "10000", "10000", "10001", "01110"],
    "D": ["11110", "10001", "10001", "10001", "10001", "10001", "11110"],
    "E": ["11111", "10000", "10000", "11110", "10000", "10000", "11111"],
    "F": ["11111", "10000", "10000", "11110", "10000", "10000", "10000"],
    "G": ["01110", "10001", "10000", "10111", "10001", "10001", "01111"],
    "H": ["10001", "10001", "10001", "11111", "10001", "10001", "10001"],
    "I": ["01110", "00100", "00100", "00100", "00100", "00100", "01110"],
    "J": ["00111", "00010", "00010", "00010", "00010", "10010", "01100"],
    "K": ["10001", "10010", "10100", "11000", "10100", "10010", "10001"],
    "L": ["10000", "10000", "10000", "10000", "10000", "10000", "11111"],
    "M": ["10001", "11011", "10101", "10101", "10001", "10001", "10001"],
    "N": ["10001", "10001", "11001", "10101", "10011", "10001", "10001"],
    "O": ["01110", "10001", "10001", "10001", "10001", "10001", "01110"],
    "P": ["11110", "10001", "10001", "11110", "10000", "10000", "10000"],
    "Q": ["01110", "10001", "10001", "10001", "10101", "10010", "01101"],
    "R": ["11110", "10001", "10001", "11110", "10100", "10010", "10001"],
    "S": ["01111", "10000", "10000", "01110", "00001", "00001", "11110"],
    "T": ["11111", "00100", "00100", "00100", "00100", "00100", "00100"],
    "U": ["10001", "10001", "10001", "10001", "10001", "10001", "01110"],
    "V": ["10001", "10001", "10001", "10001", "10001", "01010", "00100"],
    "W": ["10001", "10001", "10001", "10101", "10101", "10101", "01010"],
    "X": ["10001", "10001", "01010", "00100", "01010", "10001", "10001"],
    "Y": ["10001", "10001", "01010", "00100", "00100", "00100", "00100"],
    "Z": ["11111", "00001", "00010", "00100", "01000", "10000", "11111"],
    "0": ["01110", "10001", "10011", "10101", "11001", "10001", "01110"],
    "1": ["00100", "01100", "00100", "00100", "00100", "00100", "01110"],
    "2": ["01110", "10001", "00001", "00010", "00100", "01000", "11111"],
    "3": ["11111", "00010", "00100", "00010", "00001", "10001", "01110"],
    "4": ["00010", "00110", "01010", "10010", "11111", "00010", "00010"],
    "5": ["11111", "10000", "11110", "00001", "00001", "10001", "01110"],
    "6": ["00110", "01000", "10000", "11110", "10001", "10001", "01110"],
    "7": ["11111", "00001", "00010", "00100", "01000", "01000", "01000"],
    "8": ["01110", "10001", "10001", "01110", "10001", "10001", "01110"],
    "9": ["01110", "10001", "10001", "01111", "00001", "00010", "01100"],
    " ": ["00000"] * 7,
    "&": ["01100", "10010", "10100", "01000", "10101", "10010", "01101"],
    ",": ["00000", "00000", "00000", "00000", "00110", "00100", "01000"],
    ".": ["00000", "00000", "00000", "00000", "00000", "01100", "01100"],
    "-": ["00000", "00000", "00000", "11111", "00000", "00000", "00000"],
    "/": ["00000", "00001", "00010", "00100", "01000", "10000", "00000"],
    "(": ["00010", "00100", "01000", "01000", "01000", "00100", "00010"],
    ")": ["01000", "00100", "00010", "00010", "00010", "00100", "01000"],
    ":": ["00000", "01100", "01100", "00000", "01100", "01100", "00000"],
}

SCALE = 2                      # each font pixel is 2x2 image pixels
ADV = 6 * SCALE                # glyph advance
LINE = 10 * SCALE              # line height

# palette indices
WHITE, BLACK, NAVY, PALE, GREEN, GREY, PALEGREEN = range(7)
PALETTE = [
    (255, 255, 255), (0, 0, 0), (31, 56, 100), (222, 235, 247),
    (56, 118, 29), (89, 89, 89), (226, 239, 218),
]

W, H = 1000, 760
img = bytearray([WHITE]) * (W * H)


def rect(x, y, w, h, c):
    for yy in range(max(0, y), min(H, y + h)):
        row = yy * W
        img[row + max(0, x):row + min(W, x + w)] = bytes([c]) * (min(W, x + w) - max(0, x))


def box(x, y, w, h, fill, border):
    rect(x, y, w, h, border)
    rect(x + 3, y + 3, w - 6, h - 6, fill)


def text_width(s):
    return len(s) * ADV - SCALE


def text(x, y, s, c):
    for ch in s:
        g = FONT[ch]
        for r, bits in enumerate(g):
            for col, b in enumerate(bits):
                if b == "1":
                    rect(x + col * SCALE, y + r * SCALE, SCALE, SCALE, c)
        x += ADV


def label(x, y, w, h, lines, c):
    """Centre lines of text in the box x, y, w, h."""
    top = y + (h - (len(lines) * LINE - 3 * SCALE)) // 2
    for i, s in enumerate(lines):
        text(x + (w - text_width(s)) // 2, top + i * LINE, s, c)


def hline(x0, x1, y, c=GREY, t=3):
    rect(min(x0, x1), y - t // 2, abs(x1 - x0) + 1, t, c)


def vline(x, y0, y1, c=GREY, t=3):
    rect(x - t // 2, min(y0, y1), t, abs(y1 - y0) + 1, c)


# ---- the chart ----
# Executive Board (top centre) and the Assembly beside it.
EX = (300, 30, 400, 110)
box(*EX, NAVY, NAVY)
label(*EX, ["ESCB EXECUTIVE BOARD", "INDEPENDENT CHAIR,", "HEALTH, POLICE AND", "SOCIAL CARE PARTNERS"], WHITE)
AS = (760, 45, 220, 80)
box(*AS, PALE, NAVY)
label(*AS, ["ESCB ASSEMBLY", "MEETS 2 - 3", "TIMES A YEAR"], NAVY)
hline(EX[0] + EX[2], AS[0], EX[1] + EX[3] // 2, NAVY)
ASB = (20, 45, 220, 80)
box(*ASB, PALE, NAVY)
label(*ASB, ["BUSINESS UNIT", "AND MANAGER"], NAVY)
hline(ASB[0] + ASB[2], EX[0], EX[1] + EX[3] // 2, NAVY)

# Sub-committees and working groups: a 3 x 3 grid in a framed panel.
subs = [
    ["CHILD DEATH", "OVERVIEW PANEL", "(STATUTORY)"],
    ["SERIOUS CASE", "REVIEW", "(STATUTORY)"],
    ["LEARNING AND", "DEVELOPMENT", "(JOINT WITH ESAB)"],
    ["COMMUNICATIONS", "(JOINT WITH ESAB)"],
    ["PERFORMANCE, AUDIT", "AND QUALITY", "ASSURANCE"],
    ["POLICIES, PROCEDURES", "AND PRACTICE DEV.", "(AND SET GROUP)"],
    ["CSE AND MISSING", "(AND SET STRATEGIC", "EXPLOITATION GROUP)"],
    ["HEALTH EXECUTIVE", "FORUM"],
    ["DISTRICT, CITY AND", "BOROUGH COUNCILS", "GROUP"],
]
cx = EX[0] + EX[2] // 2
PANEL = (20, 170, 960, 340)
vline(cx, EX[1] + EX[3], PANEL[1])
box(*PANEL, WHITE, GREY)
label(PANEL[0], PANEL[1] + 8, PANEL[2], 24, ["SUB-COMMITTEES AND WORKING GROUPS"], GREY)
cols = [40, 357, 674]
colw = 286
rows = [210, 305, 400]
for i, lines in enumerate(subs):
    x, y = cols[i % 3], rows[i // 3]
    box(x, y, colw, 80, PALE, NAVY)
    label(x, y, colw, 80, lines, NAVY)

# Four quadrant Stay Safe Groups along the bottom.
SS_BUS = 530
vline(cx, PANEL[1] + PANEL[3], SS_BUS)
groups = [
    ["STAY SAFE GROUP", "NORTH EAST"],
    ["STAY SAFE GROUP", "MID"],
    ["STAY SAFE GROUP", "SOUTH"],
    ["STAY SAFE GROUP", "WEST"],
]
gx = [20, 265, 510, 755]
gw = 225
hline(gx[0] + gw // 2, gx[3] + gw // 2, SS_BUS)
for x, lines in zip(gx, groups):
    vline(x + gw // 2, SS_BUS, 560)
    box(x, 560, gw, 90, PALEGREEN, GREEN)
    label(x, 560, gw, 90, lines, GREEN)
label(0, 670, W, 70, ["LOCAL AGENCY LEADS MEET IN EACH QUADRANT TO DISCUSS",
                      "LOCAL OPERATIONAL SAFEGUARDING ISSUES"], BLACK)


# ---- write the PNG ----
def chunk(kind, data):
    c = struct.pack(">I", len(data)) + kind + data
    return c + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


raw = bytearray()
for y in range(H):
    raw.append(0)              # filter: none
    raw += img[y * W:(y + 1) * W]
png = b"\x89PNG\r\n\x1a\n"
png += chunk(b"IHDR", struct.pack(">IIBBBBB", W, H, 8, 3, 0, 0, 0))
png += chunk(b"PLTE", b"".join(bytes(c) for c in PALETTE))
png += chunk(b"IDAT", zlib.compress(bytes(raw), 9))
png += chunk(b"IEND", b"")

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "escb-structure.png")
with open(out, "wb") as f:
    f.write(png)
print(f"wrote {out} ({len(png)} bytes)")

#!/usr/bin/env python3
"""appendix-seeds.py DIR [REPLAYER] - writes the seed corpus of the
fuzz-appendix target into DIR: the merge tests' fixtures (tests/merge/
fixtures.py: Letter, landscape, cropped, inherited, rotated, annotated,
encrypted, broken) and the hostile appendices (tests/hostile/
assets_cases.py: dangerous content, odd rotations, tiny and damaged
pages, a small inflation bomb), all written byte by byte here, none
committed.  With REPLAYER (the target built without libFuzzer), runs it
on DIR afterwards and exits with its status: the 'fuzz-replay-appendix'
test.
"""
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests", "merge"))
sys.path.insert(0, os.path.join(ROOT, "tests", "hostile"))
import assets as A  # noqa: E402
import assets_cases  # noqa: E402
import fixtures  # noqa: E402


def write(dirpath):
    os.makedirs(dirpath, exist_ok=True)
    fixtures.main(dirpath)
    os.remove(os.path.join(dirpath, "long.pdf"))       # 200 pages: too slow a seed
    seeds = {
        "dangerous.pdf": assets_cases.dangerous_pdf(A),
        "rotate-45.pdf": A.one_page(page_extra=b" /Rotate 45"),
        "rotate-big.pdf": A.one_page(page_extra=b" /Rotate 9223372036854775807"),
        "rotate-270.pdf": A.one_page(page_extra=b" /Rotate -90"),
        "tiny-page.pdf": A.one_page(box=b"[0 0 2 2.5]"),
        "version-9.9.pdf": A.one_page(version=b"9.9"),
        # Two pages of a file with a long version: the version string qpdf
        # returns was kept past its next call (a use after free fuzzing found).
        "version-long-two-pages.pdf": A.pdf({
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 5 0 R >>",
            4: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 5 0 R >>",
            5: A.stream(b"0 g 10 10 50 50 re f")}, version=b"1.5.000000000000000000"),
        "crop.pdf": A.one_page(page_extra=b" /CropBox [10 10 150 190] /Rotate 90"),
        "small-bomb.pdf": A.one_page(content=b" " * (8 << 20)),
        "damaged-page.pdf": A.pdf({
            1: b"<< /Type /Catalog /Pages 2 0 R >>",
            2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] (cut",
        }),
        "form-and-image.pdf": A.one_page(
            content=b"/X1 Do /Im1 Do",
            resources=b"<< /XObject << /X1 5 0 R /Im1 6 0 R >> >>",
            extra_objs={
                5: A.stream(b"0 g 0 0 5 5 re f", extra=b" /Type /XObject /Subtype /Form "
                            b"/BBox [0 0 10 10] /Resources << >>"),
                6: A.stream(bytes(12), extra=b" /Type /XObject /Subtype /Image /Width 2 "
                            b"/Height 2 /ColorSpace /DeviceRGB /BitsPerComponent 8"),
            }),
    }
    for name, data in seeds.items():
        with open(os.path.join(dirpath, name), "wb") as f:
            f.write(data)


def main():
    if len(sys.argv) > 2:
        with tempfile.TemporaryDirectory(prefix="ap-appendix-seeds-") as d:
            write(d)
            return subprocess.run([sys.argv[2], d]).returncode
    write(sys.argv[1])
    return 0


if __name__ == "__main__":
    sys.exit(main())

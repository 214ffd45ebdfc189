#!/usr/bin/env python3
"""agendapack sign (issue 19): a PAdES baseline-B signature added to the
Essex minutes, read back with poppler's pdfsig, OpenSSL, qpdf and
pdftoppm, never through agendapack.

A throwaway CA and the signer's certificates are made with the openssl
command line at test time, in a temporary folder (no key is committed):
one valid now, one that expired in 2021, one valid only from 2099.

usage: sign_test.py AGENDAPACK SOURCE_ROOT
Exit 0 on success, 1 on failure, 77 (skip) when openssl, qpdf or poppler
is missing.  The check-pack part is skipped (with a message) when
../shared/tools/check-pack is absent.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zlib

MINUTES = "examples/essex-paf-2018-02-08/minutes-2018-01-11.yaml"
MEETING = "examples/essex-paf-2018-02-08/meeting.yaml"
APPENDIX = "examples/essex-paf-2018-02-08/appendix-budget.pdf"
PASS = "correct horse"
failures = []


def check(ok, what):
    if not ok:
        failures.append(what)
        print("FAIL", what)
    return ok


def run(args, env=None, input_text=None):
    return subprocess.run(args, capture_output=True, text=True, errors="replace",
                          env=env, input=input_text)


def must(args, **kw):
    p = run(args, **kw)
    if p.returncode != 0:
        print("command failed:", " ".join(args), p.stdout, p.stderr)
        sys.exit(1)
    return p


def make_keys(d):
    """A CA, and PKCS#12 files for a signer: valid now, expired, not yet valid."""
    j = lambda *p: os.path.join(d, *p)
    must(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", j("ca.key"),
          "-out", j("ca.pem"), "-days", "30", "-subj", "/CN=Test Council CA"])
    must(["openssl", "req", "-newkey", "rsa:2048", "-nodes", "-keyout", j("signer.key"),
          "-out", j("signer.csr"), "-subj", "/O=Essex County Council/CN=Councillor M Maddocks"])
    with open(j("ca.cnf"), "w") as f:
        f.write("[ca]\ndefault_ca = d\n[d]\ndatabase = %s\nnew_certs_dir = %s\n"
                "serial = %s\ndefault_md = sha256\nunique_subject = no\npolicy = p\n[p]\ncommonName = supplied\n"
                "organizationName = optional\n" % (j("index.txt"), d, j("serial")))
    open(j("index.txt"), "w").close()
    with open(j("serial"), "w") as f:
        f.write("1000\n")
    dates = {"valid": None, "expired": ("20200101000000Z", "20210101000000Z"),
             "future": ("20990101000000Z", "20991231000000Z")}
    for name, span in dates.items():
        args = ["openssl", "ca", "-batch", "-notext", "-config", j("ca.cnf"), "-cert", j("ca.pem"),
                "-keyfile", j("ca.key"), "-in", j("signer.csr"), "-out", j(name + ".pem")]
        args += ["-days", "30"] if span is None else ["-startdate", span[0], "-enddate", span[1]]
        must(args)
        must(["openssl", "pkcs12", "-export", "-inkey", j("signer.key"), "-in", j(name + ".pem"),
              "-certfile", j("ca.pem"), "-out", j(name + ".p12"), "-passout", "pass:" + PASS])


def objects(pdf):
    return json.loads(must(["qpdf", "--json", "--json-key=qpdf", pdf]).stdout)["qpdf"][1]


def value(objs, v):
    """The dictionary (or stream dictionary) behind v, resolving a reference."""
    if isinstance(v, str) and v.endswith(" R"):
        o = objs.get("obj:" + v, {})
        return o.get("value", o.get("stream", {}).get("dict"))
    return v


def dicts(objs):
    """(reference, dictionary) for every dictionary or stream object."""
    out = []
    for k, o in objs.items():
        v = value(objs, k[4:]) if k.startswith("obj:") else None
        if isinstance(v, dict):
            out.append((k[4:], v))
    return out


def dark_pixels(pdf, page, box, height):
    """Pixels darker than mid-grey in box (x0 y0 x1 y1, pt) of page, at 72 dpi."""
    x0, y0, x1, y1 = box
    args = ["pdftoppm", "-gray", "-r", "72", "-f", str(page), "-l", str(page),
            "-x", str(int(x0)), "-y", str(int(height - y1)), "-W", str(int(x1 - x0)),
            "-H", str(int(y1 - y0))]
    data = subprocess.run(args + [pdf], capture_output=True).stdout
    m = re.match(rb"P5\s+(\d+)\s+(\d+)\s+255\s", data)
    if not m:
        return -1
    return sum(1 for b in data[m.end():] if b < 128)


def sign(ap, pdf, out, key, *extra, env_pass=PASS):
    env = dict(os.environ)
    env.pop("AGENDAPACK_KEY_PASSPHRASE", None)
    if env_pass is not None:
        env["AGENDAPACK_KEY_PASSPHRASE"] = env_pass
    return run([ap, "sign", pdf, "-o", out, "--key", key] + list(extra), env=env)


def check_signed(ap, src, d, orig, out, name):
    """The properties every signed file has."""
    with open(orig, "rb") as f:
        o = f.read()
    with open(out, "rb") as f:
        s = f.read()
    check(s[:len(o)] == o, "%s: the signed file does not begin with the original's bytes" % name)
    p = run(["pdfsig", out])
    check("Signature Validation: Signature is Valid." in p.stdout,
          "%s: pdfsig does not say the signature is valid:\n%s" % (name, p.stdout))
    check("Total document signed" in p.stdout,
          "%s: pdfsig says the document was changed after signing" % name)
    check("Signer Certificate Common Name: Councillor M Maddocks" in p.stdout,
          "%s: pdfsig does not name the signer" % name)
    check("Signature Type: ETSI.CAdES.detached" in p.stdout and "SHA-256" in p.stdout,
          "%s: not an ETSI.CAdES.detached SHA-256 signature" % name)
    q = run(["qpdf", "--check", out])
    check(q.returncode == 0 and "No syntax or stream encoding errors" in q.stdout,
          "%s: qpdf --check: %s %s" % (name, q.stdout[-300:], q.stderr[:300]))
    # The CMS: verified by OpenSSL against the signed ranges, with the
    # attributes PAdES baseline-B asks for.
    br = re.search(rb"/ByteRange \[0 (\d+) (\d+) (\d+)\]", s[len(o):])
    if not check(br is not None, "%s: no /ByteRange" % name):
        return
    a, b, c = map(int, br.groups())
    check(b + c == len(s) and s[a:a + 1] == b"<" and s[b - 1:b] == b">",
          "%s: /ByteRange [0 %d %d %d] does not cover the file but /Contents" % (name, a, b, c))
    hexa = s[a + 1:b - 1].decode()
    der = bytes.fromhex(hexa)
    # The CMS is one DER SEQUENCE; the zeros after it fill the room left.
    n = der[1] & 0x7F if der[1] & 0x80 else 0
    total = 2 + n + (int.from_bytes(der[2:2 + n], "big") if n else der[1])
    check(der[0] == 0x30 and total <= len(der) and not any(der[total:]),
          "%s: /Contents is not one DER object padded with zeros" % name)
    with open(os.path.join(d, "sig.der"), "wb") as f:
        f.write(der[:total])
    with open(os.path.join(d, "signed.bin"), "wb") as f:
        f.write(s[:a] + s[b:])
    v = run(["openssl", "cms", "-verify", "-binary", "-inform", "DER", "-in",
             os.path.join(d, "sig.der"), "-content", os.path.join(d, "signed.bin"),
             "-CAfile", os.path.join(d, "ca.pem"), "-purpose", "any", "-out", os.devnull])
    check(v.returncode == 0, "%s: openssl cms -verify fails: %s" % (name, v.stderr[:300]))
    pr = run(["openssl", "cms", "-cmsout", "-print", "-inform", "DER", "-in",
              os.path.join(d, "sig.der")]).stdout
    check("signingCertificateV2" in pr, "%s: no signing-certificate-v2 attribute" % name)
    check("signingTime" not in pr, "%s: a signing-time attribute (PAdES-B-B forbids it)" % name)
    check("messageDigest" in pr and "sha256" in pr, "%s: no SHA-256 message digest" % name)
    check(re.search(r"eContent:\s*<ABSENT>", pr) is not None, "%s: the CMS is not detached" % name)
    # The same words as before (the widget adds no page text).
    t0 = run(["pdftotext", orig, "-"]).stdout
    t1 = run(["pdftotext", out, "-"]).stdout
    check(t0 == t1, "%s: the page text changed" % name)


def last_section(data):
    """("table" or "stream", its offset, the trailer's or stream's dictionary
    text) for the section startxref names."""
    sx = data.rindex(b"startxref")
    at = int(data[sx + 9:].split()[0])
    if data[at:at + 4] == b"xref":
        tr = data.index(b"trailer", at)
        return "table", at, data[tr:sx].decode("latin-1")
    m = re.compile(rb"\d+ 0 obj\s*(<<.*?>>)\s*stream\r?\n", re.S).match(data, at)
    return ("stream" if m and re.search(rb"/Type\s*/XRef\b", m.group(1)) else "?"), at, \
        (m.group(1).decode("latin-1") if m else "")


def check_xref_update(orig, out, name):
    """The signed file's new section has the form of the original's last
    one; a stream lists every object the update writes, itself included."""
    with open(orig, "rb") as f:
        o = f.read()
    with open(out, "rb") as f:
        s = f.read()
    k0, at0, _ = last_section(o)
    k1, at1, d = last_section(s)
    check(k1 == k0 and at1 >= len(o), "%s: the update's section is a %s at %d after a %s"
          % (name, k1, at1, k0))
    prev = re.search(r"/Prev (\d+)", d)
    check(prev is not None and int(prev.group(1)) == at0,
          "%s: /Prev %s is not the original's section at %d" % (name, prev and prev.group(1), at0))
    for key in ("/Root", "/Info", "/ID", "/Size"):
        check(key in d, "%s: the update's section has no %s: %s" % (name, key, d[:300]))
    if k1 != "stream":
        return
    check(b"trailer" not in s[len(o):] and not re.search(rb"(^|[\r\n])xref\s", s[len(o):]),
          "%s: a classic table in an update after a cross-reference stream" % name)
    m = re.compile(rb"\d+ 0 obj\s*<<.*?>>\s*stream\r?\n", re.S).match(s, at1)
    length = int(re.search(r"/Length (\d+)", d).group(1))
    raw = s[m.end():m.end() + length]
    raw = zlib.decompress(raw) if "/FlateDecode" in d else raw
    w = [int(x) for x in re.search(r"/W\s*\[([\d ]+)\]", d).group(1).split()]
    ix = [int(x) for x in re.search(r"/Index\s*\[([\d ]+)\]", d).group(1).split()]
    nums = [n for a, c in zip(ix[::2], ix[1::2]) for n in range(a, a + c)]
    written = {int(x.group(1)) for x in re.finditer(rb"(?:^|[\r\n])(\d+) \d+ obj\b", s[len(o):])}
    check(len(raw) == len(nums) * sum(w) and set(nums) == written,
          "%s: the stream lists %s, the update writes %s" % (name, sorted(nums), sorted(written)))
    size = int(re.search(r"/Size (\d+)", d).group(1))
    check(max(nums) < size, "%s: object %d past /Size %d" % (name, max(nums), size))
    for i, n in enumerate(nums):
        row = raw[i * sum(w):(i + 1) * sum(w)]
        t, off = row[0], int.from_bytes(row[w[0]:w[0] + w[1]], "big")
        check(t == 1 and re.match(rb"%d 0 obj" % n, s[off:off + 20]) is not None,
              "%s: object %d: entry type %d, offset %d does not start it" % (name, n, t, off))


def number_tree_get(objs, node, key, depth=8):
    """The values under key in a number tree (a list: one, or none)."""
    node = value(objs, node) or {}
    nums = value(objs, node.get("/Nums")) or []
    out = [nums[i + 1] for i in range(0, len(nums) - 1, 2) if nums[i] == key]
    for kid in (value(objs, node.get("/Kids")) or []) if depth else []:
        out += number_tree_get(objs, kid, key, depth - 1)
    return out


def indirect_variant(src, out, d):
    """src rewritten by qpdf with the arrays sign adds to as objects of
    their own (the page's /Annots, the Sect's /K, the AcroForm's /Fields),
    the parent tree as a root with /Kids, and no /ParentTreeNextKey."""
    objs = objects(src)
    cat_ref, cat = [(r, v) for r, v in dicts(objs) if v.get("/Type") == "/Catalog"][0]
    sr_ref = cat["/StructTreeRoot"]
    sr = dict(value(objs, sr_ref))
    pt_ref = sr.pop("/ParentTreeNextKey") and sr["/ParentTree"]
    docel = value(objs, sr["/K"][0])
    sect_ref = docel["/K"][-1]
    sect = dict(value(objs, sect_ref))
    page_ref = value(objs, cat["/Dests"])["/agendapack-signature"]
    page_ref = value(objs, page_ref)[0]
    page = dict(value(objs, page_ref))
    top = max(int(k.split()[0][4:]) for k in objs if k.startswith("obj:"))
    new = ["%d 0 R" % (top + i) for i in range(1, 5)]
    upd = {new[0]: sect["/K"], new[1]: page.get("/Annots", []), new[2]: value(objs, pt_ref),
           new[3]: {"/Fields": []}}
    sect["/K"], page["/Annots"] = new[0], new[1]
    cat = dict(cat, **{"/AcroForm": new[3]})
    upd.update({sect_ref: sect, page_ref: page, sr_ref: sr, cat_ref: cat,
                pt_ref: {"/Kids": [new[2]], "/Limits": value(objs, pt_ref)["/Limits"]}})
    doc = {"qpdf": [{"jsonversion": 2, "pushedinheritedpageresources": False,
                     "calledgetallpages": False, "maxobjectid": top + 4},
                    {"obj:" + k: {"value": v} for k, v in upd.items()}]}
    with open(os.path.join(d, "indirect.json"), "w") as f:
        json.dump(doc, f)
    must(["qpdf", src, "--update-from-json=" + os.path.join(d, "indirect.json"), out])


def check_widget(objs, invisible, name):
    """The widget, its field, and its Form element in the structure tree.
    Returns the widget's /Rect."""
    sigs = [r for r, v in dicts(objs) if v.get("/Type") == "/Sig"]
    check(len(sigs) == 1, "%s: %d signature dictionaries" % (name, len(sigs)))
    sd = value(objs, sigs[0]) if sigs else {}
    check(sd.get("/SubFilter") == "/ETSI.CAdES.detached", "%s: SubFilter %s" % (name, sd.get("/SubFilter")))
    check(re.match(r"u:D:\d{14}", sd.get("/M", "")) is not None, "%s: no /M signing time" % name)
    wid = [(r, v) for r, v in dicts(objs) if v.get("/Subtype") == "/Widget"]
    if not check(len(wid) == 1, "%s: %d widgets" % (name, len(wid))):
        return None
    ref, w = wid[0]
    check(w.get("/FT") == "/Sig" and sigs and w.get("/V") == sigs[0], "%s: the widget is not the signature field" % name)
    check(w.get("/F") == 4, "%s: the widget's /F is %s, not 4 (printable)" % (name, w.get("/F")))
    ap = value(objs, w.get("/AP"))
    check(isinstance(ap, dict) and list(ap) == ["/N"], "%s: the appearance dictionary is %s, not /N only" % (name, ap))
    check("/TU" in w, "%s: the field has no /TU" % name)
    cat = [v for _, v in dicts(objs) if v.get("/Type") == "/Catalog"]
    af = value(objs, cat[0].get("/AcroForm")) if cat else None
    check(isinstance(af, dict) and ref in af.get("/Fields", []) and af.get("/SigFlags") == 3,
          "%s: the AcroForm does not list the field with /SigFlags 3: %s" % (name, af))
    pg = value(objs, w.get("/P"))
    check(isinstance(pg, dict) and ref in (value(objs, pg.get("/Annots")) or []) and pg.get("/Tabs") == "/S",
          "%s: the widget's page does not list it in /Annots (with /Tabs /S)" % name)
    # Tagged: /StructParent -> parent tree -> a Form element whose OBJR is the widget.
    sp = w.get("/StructParent")
    forms = [(r, v) for r, v in dicts(objs) if v.get("/S") == "/Form"]
    fref = [k for k, _ in forms]
    forms = [o for _, o in forms]
    check(isinstance(sp, int), "%s: the widget has no /StructParent" % name)
    check(len(forms) == 1 and isinstance(forms[0].get("/K"), dict)
          and forms[0]["/K"].get("/Type") == "/OBJR" and forms[0]["/K"].get("/Obj") == ref,
          "%s: no Form element with an OBJR to the widget" % name)
    str_root = [v for _, v in dicts(objs) if v.get("/Type") == "/StructTreeRoot"]
    if str_root and isinstance(sp, int):
        found = number_tree_get(objs, value(objs, str_root[0].get("/ParentTree")), sp)
        check(found and fref and found[0] == fref[0], "%s: the parent tree does not map %s to the Form element" % (name, sp))
        check(str_root[0].get("/ParentTreeNextKey") == sp + 1, "%s: /ParentTreeNextKey not past the widget's key" % name)
    r = w.get("/Rect")
    if invisible:
        check(r == [0, 0, 0, 0], "%s: --invisible leaves /Rect %s" % (name, r))
    return r


def main():
    ap, src = sys.argv[1], sys.argv[2]
    for tool in ("openssl", "qpdf", "pdfsig", "pdftotext", "pdftoppm", "pdfinfo"):
        if not shutil.which(tool):
            print("skip: %s is missing (apt-get install openssl qpdf poppler-utils)" % tool)
            return 77
    d = tempfile.mkdtemp(prefix="ap-sign-")
    try:
        return tests(ap, src, d)
    finally:
        shutil.rmtree(d, ignore_errors=True)


def tests(ap, src, d):
    j = lambda *p: os.path.join(d, *p)
    make_keys(d)
    env = dict(os.environ, SOURCE_DATE_EPOCH="1518048000")
    must([ap, "build", os.path.join(src, MINUTES), "-o", j("minutes.pdf"), "--pdfa"], env=env)
    must([ap, "build", os.path.join(src, MEETING), "-o", j("pack.pdf")], env=env)

    # 1. Signed on the signature line.
    p = sign(ap, j("minutes.pdf"), j("signed.pdf"), j("valid.p12"), "--reason",
             "Approved as a correct record", "--location", "County Hall, Chelmsford")
    if not check(p.returncode == 0, "sign failed (%d): %s" % (p.returncode, p.stderr)):
        return 1
    check(p.stderr == "", "sign printed: %s" % p.stderr)
    check_signed(ap, src, d, j("minutes.pdf"), j("signed.pdf"), "visible")
    check_xref_update(j("minutes.pdf"), j("signed.pdf"), "visible")
    objs = objects(j("signed.pdf"))
    rect = check_widget(objs, False, "visible")
    sd = [v for _, v in dicts(objs) if v.get("/Type") == "/Sig"][0]
    check(sd.get("/Reason") == "u:Approved as a correct record" and
          sd.get("/Location") == "u:County Hall, Chelmsford", "reason and location: %s" % sd)
    # The widget covers the box the build named, above the line to sign on.
    o0 = objects(j("minutes.pdf"))
    cat0 = [v for _, v in dicts(o0) if v.get("/Type") == "/Catalog"][0]
    dest = value(o0, value(o0, cat0.get("/Dests")).get("/agendapack-signature"))
    check(isinstance(dest, list) and dest[1] == "/FitR", "the build names no /FitR agendapack-signature: %s" % dest)
    if rect and isinstance(dest, list):
        check(all(abs(a - b) < 0.01 for a, b in zip(rect, dest[2:])),
              "the widget's /Rect %s is not the destination's box %s" % (rect, dest[2:]))
        # It shows something there: ink in the box that the unsigned file lacks.
        pages = json.loads(must(["qpdf", "--json", "--json-key=pages", j("minutes.pdf")]).stdout)["pages"]
        pno = [i for i, pg in enumerate(pages, 1) if pg["object"] == dest[0]][0]
        h = float(re.search(r"Page size:\s+[\d.]+ x ([\d.]+)", must(["pdfinfo", j("minutes.pdf")]).stdout).group(1))
        before = dark_pixels(j("minutes.pdf"), pno, rect, h)
        after = dark_pixels(j("signed.pdf"), pno, rect, h)
        check(before >= 0 and after > before + 100,
              "the widget draws nothing on page %d (%d dark pixels before, %d after)" % (pno, before, after))
    st = run(["pdfinfo", "-struct-text", j("signed.pdf")]).stdout
    check(re.search(r"^\s*Form\b", st, re.M) is not None, "pdfinfo -struct-text shows no Form element")

    # 2. One byte flipped inside the signed range: invalid.
    with open(j("signed.pdf"), "rb") as f:
        s = bytearray(f.read())
    i = s.index(b"Essex County Council")
    s[i] ^= 0x20
    with open(j("flipped.pdf"), "wb") as f:
        f.write(s)
    p = run(["pdfsig", j("flipped.pdf")])
    check("Signature is Valid" not in p.stdout and
          re.search(r"Signature Validation: (Digest Mismatch|Signature is Invalid)", p.stdout),
          "pdfsig still accepts a file with a byte flipped:\n%s" % p.stdout)

    # 3. PDF/A-1b and tagging survive (check-pack, when ../shared is there).
    cp = os.path.join(src, "..", "shared", "tools", "check-pack")
    if os.path.exists(cp):
        p = run([sys.executable, cp, "--pdfa", "--tagged", "--no-page-stamps", j("signed.pdf")])
        check(p.returncode == 0 and ", 0 failed" in p.stdout, "check-pack on the signed file:\n%s" % p.stdout)
    else:
        print("skip: check-pack (../shared/tools/check-pack is absent)")

    # 4. --invisible, the passphrase from a file, the reason from the document.
    with open(j("pass.txt"), "w") as f:
        f.write(PASS + "\n")
    p = sign(ap, j("minutes.pdf"), j("invisible.pdf"), j("valid.p12"), "--invisible",
             "--passphrase-file", j("pass.txt"), env_pass="wrong")
    if check(p.returncode == 0, "--invisible with --passphrase-file failed: %s" % p.stderr):
        check_signed(ap, src, d, j("minutes.pdf"), j("invisible.pdf"), "invisible")
        check_widget(objects(j("invisible.pdf")), True, "invisible")
        if os.path.exists(cp):
            p = run([sys.executable, cp, "--pdfa", "--tagged", "--no-page-stamps", j("invisible.pdf")])
            check(p.returncode == 0, "check-pack on the invisible signature:\n%s" % p.stdout)
    # A pack has no signature line, but can be signed invisibly.
    # It has a PDF appendix, so qpdf wrote it again: outside PDF/A with
    # object streams, ending in a cross-reference stream; the update then
    # ends in one too.  Under --pdfa the pack is classic, and so is the update.
    must([ap, "build", os.path.join(src, MEETING), "-o", j("pack-a.pdf"), "--pdfa"], env=env)
    for pk, kind in (("pack", "stream"), ("pack-a", "table")):
        with open(j(pk + ".pdf"), "rb") as f:
            check(last_section(f.read())[0] == kind,
                  "%s.pdf: its last cross-reference section is not a %s" % (pk, kind))
        p = sign(ap, j(pk + ".pdf"), j(pk + "-signed.pdf"), j("valid.p12"), "--invisible")
        if check(p.returncode == 0, "%s: does not sign invisibly: %s" % (pk, p.stderr)):
            check_signed(ap, src, d, j(pk + ".pdf"), j(pk + "-signed.pdf"), pk)
            check_xref_update(j(pk + ".pdf"), j(pk + "-signed.pdf"), pk)
            check_widget(objects(j(pk + "-signed.pdf")), True, pk)
            q = run(["qpdf", "--check", j(pk + "-signed.pdf")])
            check("WARNING" not in q.stdout + q.stderr, "%s: qpdf warns: %s" % (pk, q.stdout + q.stderr))
            if os.path.exists(cp):
                p = run([sys.executable, cp, "--tagged"] + (["--pdfa"] if pk == "pack-a" else [])
                        + [j(pk + "-signed.pdf")])
                check(p.returncode == 0 and ", 0 failed" in p.stdout,
                      "check-pack on %s-signed.pdf:\n%s" % (pk, p.stdout))
    # Outside PDF/A the structure tree is in object streams (PDF 1.5), the
    # update's table naming its cross-reference stream (/XRefStm): the
    # signature's update goes after it, and changes objects that were
    # compressed (the structure element, the parent tree).
    must([ap, "build", os.path.join(src, MINUTES), "-o", j("minutes-15.pdf")], env=env)
    with open(j("minutes-15.pdf"), "rb") as f:
        check(b"/XRefStm" in f.read(), "the minutes without --pdfa have no cross-reference stream")
    p = sign(ap, j("minutes-15.pdf"), j("signed-15.pdf"), j("valid.p12"))
    if check(p.returncode == 0, "signing the minutes built without --pdfa failed: %s" % p.stderr):
        check_signed(ap, src, d, j("minutes-15.pdf"), j("signed-15.pdf"), "object streams")
        check_xref_update(j("minutes-15.pdf"), j("signed-15.pdf"), "object streams")
        check_widget(objects(j("signed-15.pdf")), False, "object streams")
        st = run(["pdfinfo", "-struct-text", j("signed-15.pdf")]).stdout
        check(re.search(r"^\s*Form\b", st, re.M) is not None,
              "object streams: pdfinfo -struct-text shows no Form element")
        if os.path.exists(cp):
            p = run([sys.executable, cp, "--tagged", "--no-page-stamps", j("signed-15.pdf")])
            check(p.returncode == 0, "check-pack on the signed PDF 1.5 minutes:\n%s" % p.stdout)
    # Arrays that are objects of their own, a parent tree with /Kids.
    indirect_variant(j("minutes.pdf"), j("indirect.pdf"), d)
    p = sign(ap, j("indirect.pdf"), j("indirect-signed.pdf"), j("valid.p12"))
    if check(p.returncode == 0, "signing the indirect variant failed: %s" % p.stderr):
        check_signed(ap, src, d, j("indirect.pdf"), j("indirect-signed.pdf"), "indirect")
        check_widget(objects(j("indirect-signed.pdf")), False, "indirect")
        if os.path.exists(cp):
            p = run([sys.executable, cp, "--pdfa", "--tagged", "--no-page-stamps", j("indirect-signed.pdf")])
            check(p.returncode == 0, "check-pack on the indirect variant:\n%s" % p.stdout)
    # An old-style .pfx (RC2, which OpenSSL 3 keeps in its legacy provider).
    leg = run(["openssl", "pkcs12", "-export", "-legacy", "-inkey", j("signer.key"), "-in",
               j("valid.pem"), "-certfile", j("ca.pem"), "-out", j("legacy.p12"), "-passout",
               "pass:" + PASS])
    if leg.returncode != 0:
        print("skip: legacy .pfx (openssl has no legacy provider here)")
    else:
        p = sign(ap, j("minutes.pdf"), j("legacy-signed.pdf"), j("legacy.p12"))
        check(p.returncode == 0 and "Signature is Valid." in run(["pdfsig", j("legacy-signed.pdf")]).stdout,
              "a legacy (RC2) .pfx does not sign: %s" % p.stderr)
    # The document's Approval entry is the default reason.
    info = [k for k, o in o0.items() if isinstance(o.get("value"), dict) and "/Producer" in o["value"]][0]
    upd = {"qpdf": [{"jsonversion": 2, "pushedinheritedpageresources": False,
                     "calledgetallpages": False, "maxobjectid": 0},
                    {info: {"value": dict(o0[info]["value"], **{"/Approval": "u:Approved at the meeting on 8 February 2018, minute 2"})}}]}
    with open(j("upd.json"), "w") as f:
        json.dump(upd, f)
    must(["qpdf", j("minutes.pdf"), "--update-from-json=" + j("upd.json"), j("approved.pdf")])
    p = sign(ap, j("approved.pdf"), j("approved-signed.pdf"), j("valid.p12"))
    if check(p.returncode == 0, "signing a file with an Approval entry failed: %s" % p.stderr):
        o2 = objects(j("approved-signed.pdf"))
        sd = [v for _, v in dicts(o2) if v.get("/Type") == "/Sig"][0]
        check(sd.get("/Reason") == "u:Approved at the meeting on 8 February 2018, minute 2",
              "the Approval entry is not the reason: %s" % sd.get("/Reason"))
        # the minutes' approval record (approved: location) gives /Location
        check(sd.get("/Location") == "u:County Hall, Chelmsford",
              "the ApprovalLocation entry is not the location: %s" % sd.get("/Location"))

    # 5. Errors: the exact message, the documented status, nothing written.
    gs = re.search(r"Producer:\s+(.*)", must(["pdfinfo", os.path.join(src, APPENDIX)]).stdout).group(1)
    E = "agendapack: error: "
    cases = [
        ("wrong passphrase", [j("minutes.pdf"), j("valid.p12")], {"env_pass": "nope"}, 65,
         E + "%s: wrong passphrase (it is read from the environment variable "
         "AGENDAPACK_KEY_PASSPHRASE or the file named by --passphrase-file)" % j("valid.p12")),
        ("no passphrase", [j("minutes.pdf"), j("valid.p12")], {"env_pass": None}, 65,
         E + "%s: wrong passphrase (it is read from the environment variable "
         "AGENDAPACK_KEY_PASSPHRASE or the file named by --passphrase-file)" % j("valid.p12")),
        ("not PKCS#12", [j("minutes.pdf"), j("valid.pem")], {}, 65,
         E + "%s: not a PKCS#12 file (.p12 or .pfx: the certificate and its private key "
         "in one file, e.g. from 'openssl pkcs12 -export')" % j("valid.pem")),
        ("expired", [j("minutes.pdf"), j("expired.p12")], {}, 65,
         E + "%s: the certificate of 'Councillor M Maddocks' expired on 2021-01-01 00:00 UTC; "
         "sign with a current certificate" % j("expired.p12")),
        ("not yet valid", [j("minutes.pdf"), j("future.p12")], {}, 65,
         E + "%s: the certificate of 'Councillor M Maddocks' is not valid until "
         "2099-01-01 00:00 UTC" % j("future.p12")),
        ("not agendapack's", [os.path.join(src, APPENDIX), j("valid.p12")], {}, 65,
         E + "%s: not made by agendapack (its producer is '%s'); agendapack signs only the "
         "minutes it builds" % (os.path.join(src, APPENDIX), gs)),
        ("signed already", [j("signed.pdf"), j("valid.p12")], {}, 65,
         E + "%s: the file is signed already; sign the unsigned file that agendapack built "
         "(pdfsig shows the signatures it has)" % j("signed.pdf")),
        ("no signature line", [j("pack.pdf"), j("valid.p12")], {}, 65,
         E + "%s: no signature line (the named destination 'agendapack-signature'): build the "
         "minutes again with this agendapack, or sign with --invisible" % j("pack.pdf")),
        ("damaged", [j("damaged.pdf"), j("valid.p12")], {}, 65,
         E + "%s: startxref leads to neither a cross-reference table nor a cross-reference "
         "stream (a damaged file); agendapack signs the files it writes" % j("damaged.pdf")),
        ("input missing", [j("absent.pdf"), j("valid.p12")], {}, 66,
         E + "cannot read %s: No such file or directory" % j("absent.pdf")),
        ("key missing", [j("minutes.pdf"), j("absent.p12")], {}, 66,
         E + "cannot read %s: No such file or directory" % j("absent.p12")),
    ]
    with open(j("minutes.pdf"), "rb") as f:     # startxref at the header
        m = f.read()
    with open(j("damaged.pdf"), "wb") as f:
        f.write(m[:m.rindex(b"startxref")] + b"startxref\n9\n%%EOF\n")
    for name, (pdf, key), kw, status, msg in cases:
        out = j("err", "out.pdf")
        os.makedirs(j("err"), exist_ok=True)
        p = sign(ap, pdf, out, key, **kw)
        check(p.returncode == status, "%s: exit status %d, not %d (%s)" % (name, p.returncode, status, p.stderr))
        check(p.stderr.rstrip("\n") == msg, "%s: said\n  %r\nnot\n  %r" % (name, p.stderr, msg))
        check(os.listdir(j("err")) == [], "%s: left %s" % (name, os.listdir(j("err"))))
    # The passphrase is never taken from the command line; --key is needed.
    p = run([ap, "sign", j("minutes.pdf"), "-o", j("err", "o.pdf"), "--key", j("valid.p12"),
             "--passphrase", PASS])
    check(p.returncode == 64 and p.stderr.startswith(
        E + "the passphrase is never taken on the command line (other users can see it there): "
        "set AGENDAPACK_KEY_PASSPHRASE or use --passphrase-file"), "--passphrase: %d %s" % (p.returncode, p.stderr))
    p = run([ap, "sign", j("minutes.pdf"), "-o", j("err", "o.pdf")])
    check(p.returncode == 64 and p.stderr.startswith(
        E + "sign needs --key KEY.p12 (the signer's certificate and private key)"),
        "no --key: %d %s" % (p.returncode, p.stderr))
    # The output is never an input: signing onto the unsigned file (or the
    # key) is refused before anything is written, and the file is as it was.
    before = open(j("minutes.pdf"), "rb").read()
    for name, target in (("onto the input", j("minutes.pdf")), ("onto the key", j("valid.p12"))):
        p = sign(ap, j("minutes.pdf"), target, j("valid.p12"))
        check(p.returncode == 64 and "would overwrite the input" in p.stderr,
              "%s: %d %s" % (name, p.returncode, p.stderr))
    check(open(j("minutes.pdf"), "rb").read() == before, "onto the input: the input changed")
    # An output that cannot be written: 73, and no temporary file left.
    os.makedirs(j("ro"))
    os.chmod(j("ro"), 0o555)
    if os.access(j("ro"), os.W_OK):
        print("skip: unwritable output (running as root, the folder stays writable)")
        p = sign(ap, j("minutes.pdf"), j("nofolder", "out.pdf"), j("valid.p12"))
        check(p.returncode == 73 and p.stderr.startswith(E + "cannot write %s" % j("nofolder", "out.pdf")),
              "no output folder: %d %s" % (p.returncode, p.stderr))
    else:
        p = sign(ap, j("minutes.pdf"), j("ro", "out.pdf"), j("valid.p12"))
        check(p.returncode == 73 and p.stderr.startswith(E + "cannot write %s" % j("ro", "out.pdf")),
              "unwritable output: %d %s" % (p.returncode, p.stderr))
        check(os.listdir(j("ro")) == [], "unwritable output: left %s" % os.listdir(j("ro")))
    print("%d failure(s)" % len(failures))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

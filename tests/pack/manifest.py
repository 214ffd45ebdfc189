#!/usr/bin/env python3
"""The manifest (--manifest OUT.json): its schema and its values.

  - fixtures/manifest.yaml: exactly the expected JSON: pages, and items
    with number (text, "7b"), title (quotes, a backslash and non-ASCII
    escaped or kept so that it reads back equal), first_page/last_page
    (null for no papers), exempt; UTF-8, one JSON document;
  - the Essex example and the editions fixture: pack_props' schema check;
  - without --manifest no JSON file is written;
  - the schema check itself rejects broken manifests (so it can fail).

usage: manifest.py AGENDAPACK
"""
import json
import os
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import common  # noqa: E402
import pack_props

TITLE = "Review of the \"Fair Access\" \\ Protocol \u2013 Si\u00e2n \u0174yn's report"
# The front sheet and the report (the default style has no standing page).
WANT = {"pages": 2, "items": [
    {"number": "7b", "title": TITLE, "first_page": 2, "last_page": 2, "exempt": False},
    {"number": "8", "title": "Any Other Business", "first_page": None, "last_page": None,
     "exempt": False},
    {"number": "9", "title": "Exempt Business", "first_page": None, "last_page": None,
     "exempt": True},
]}


def main():
    exe = common.exe_from_argv()
    common.need_tools("pdftotext", "pdfinfo", "qpdf")
    c = common.Checks("manifest")
    with tempfile.TemporaryDirectory() as tmp:
        pdf, js = os.path.join(tmp, "m.pdf"), os.path.join(tmp, "m.json")
        p = common.build(exe, os.path.join("tests", "pack", "fixtures", "manifest.yaml"),
                         "-o", pdf, "--manifest", js)
        if c.built(p, "manifest fixture"):
            with open(js, "rb") as f:
                raw = f.read()
            try:
                man = json.loads(raw.decode("utf-8"))
            except ValueError as e:
                man = None
                c.check(False, "the manifest is not UTF-8 JSON: %s" % e)
            if man is not None:
                c.check(man == WANT, "manifest:\n%s\nwant:\n%s" %
                        (json.dumps(man, indent=1, ensure_ascii=False),
                         json.dumps(WANT, indent=1, ensure_ascii=False)))
                c.extend(pack_props.check_schema(man), "schema: ")
                c.extend(pack_props.check(pdf, js), "pack_props: ")

        for name, src, opts in (
                ("essex", common.EXAMPLE, []),
                ("essex-duplex", common.EXAMPLE, ["--duplex"]),
                ("editions-full", os.path.join("tests", "pack", "fixtures", "editions",
                                               "meeting.yaml"), ["--edition", "full"])):
            pdf, js = os.path.join(tmp, name + ".pdf"), os.path.join(tmp, name + ".json")
            p = common.build(exe, src, "-o", pdf, "--manifest", js, *opts)
            if c.built(p, name):
                with open(js, encoding="utf-8") as f:
                    man = json.load(f)
                c.extend(pack_props.check_schema(man), name + ": ")
                rc, out, _ = common.run(["pdfinfo", pdf])
                c.check("Pages:" in out and int(out.split("Pages:")[1].split()[0]) ==
                        man["pages"], "%s: manifest pages %r, pdfinfo says otherwise"
                        % (name, man["pages"]))

        # No --manifest: no JSON anywhere.
        d = os.path.join(tmp, "nomanifest")
        os.mkdir(d)
        p = common.build(exe, common.EXAMPLE, "-o", os.path.join(d, "x.pdf"))
        c.built(p, "no manifest")
        c.check(sorted(os.listdir(d)) == ["x.pdf"], "without --manifest the folder has %r"
                % sorted(os.listdir(d)))

    # The schema check can fail.
    bad = [
        {"pages": 3},
        {"pages": 3, "items": [], "extra": 1},
        {"pages": "3", "items": []},
        {"pages": 3, "items": [{"number": 1, "title": "t", "first_page": 1,
                                "last_page": 1, "exempt": False}]},
        {"pages": 3, "items": [{"number": "1", "title": "t", "first_page": 1,
                                "last_page": None, "exempt": False}]},
        {"pages": 3, "items": [{"number": "1", "title": "t", "first_page": 2,
                                "last_page": 1, "exempt": False}]},
        {"pages": 3, "items": [{"number": "1", "title": "t", "first_page": 1,
                                "last_page": 1, "exempt": "no"}]},
        {"pages": 3, "items": [{"number": "1", "title": "t", "first_page": 1,
                                "last_page": 1}]},
        {"pages": 3, "items": [{"number": "1", "title": "t", "first_page": None,
                                "last_page": None, "exempt": False}] * 2},
    ]
    for b in bad:
        c.check(pack_props.check_schema(b) != [], "the schema check accepts %r" % (b,))
    c.check(pack_props.check_schema(WANT) == [], "the schema check rejects the good manifest")
    return c.done()


if __name__ == "__main__":
    sys.exit(main())

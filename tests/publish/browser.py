#!/usr/bin/env python3
"""The published HTML in a real browser: axe-core at WCAG 2.1 A and AA in
Debian's headless Chromium (puppeteer-core), at 1280 and 390 px wide, on
index.html and every report, minutes and membership page of the Essex
example and of a generated 60-item meeting.  Every page must have 0
violations.

Skipped (77), saying why, when chromium is not installed or
tests/publish/node_modules is missing: run scripts/setup-browser-tests.

usage: browser.py AGENDAPACK
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
import pubcommon as pc  # noqa: E402

common = pc.common


def main():
    exe = common.exe_from_argv()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    mods = os.path.join(pc.HERE, "node_modules")
    if chromium is None or shutil.which("node") is None:
        print("SKIP: chromium or node is not installed (scripts/setup-browser-tests)")
        return common.SKIP
    if not os.path.isdir(os.path.join(mods, "axe-core")) or \
            not os.path.isdir(os.path.join(mods, "puppeteer-core")):
        print("SKIP: tests/publish/node_modules lacks axe-core or puppeteer-core "
              "(scripts/setup-browser-tests)")
        return common.SKIP
    c = common.Checks("publish-browser")
    with tempfile.TemporaryDirectory() as tmp:
        gen = os.path.join(tmp, "gen")
        os.mkdir(gen)
        pages = []
        for src, site in ((pc.EXAMPLE, os.path.join(tmp, "essex")),
                          (pc.meeting60(gen), os.path.join(tmp, "gen-site"))):
            p = pc.publish(exe, src, site)
            if not c.built(p, "publish %s" % src):
                continue
            pages += sorted(os.path.join(site, f) for f in os.listdir(site)
                            if f.endswith(".html"))
        env = dict(os.environ, HOME=tmp)
        p = subprocess.run(["node", os.path.join(pc.HERE, "axe.js"), chromium] + pages,
                           capture_output=True, text=True, env=env, cwd=pc.HERE)
        if not c.check(p.returncode == 0, "axe.js: exit %d: %s" % (p.returncode,
                                                                   p.stderr[-2000:])):
            return c.done()
        results = [json.loads(l) for l in p.stdout.splitlines() if l.startswith("{")]
        c.check(len(results) == 2 * len(pages), "axe ran on %d of %d page views"
                % (len(results), 2 * len(pages)))
        total = 0
        for r in results:
            name = os.path.relpath(r["page"], tmp)
            total += sum(v["nodes"] for v in r["violations"])
            c.check(r["violations"] == [], "%s at %d px: %s" % (name, r["width"], r["violations"]))
            c.check(r["passes"] > 5, "%s: axe passed only %d rules" % (name, r["passes"]))
        print("axe-core: %d pages, %d views, %d violations" % (len(pages), len(results), total))
    return c.done()


if __name__ == "__main__":
    sys.exit(main())

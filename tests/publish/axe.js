// axe.js - runs axe-core at WCAG 2.1 A and AA in headless Chromium
// (puppeteer-core driving Debian's chromium) on each HTML file given, at a
// desktop width and at 390 px; prints one JSON line per page and width:
// {"page", "width", "violations": [{id, impact, nodes, targets}], "passes"}.
// usage: node axe.js CHROMIUM FILE.html...
'use strict';
const path = require('path');
const fs = require('fs');
const puppeteer = require('puppeteer-core');

async function main() {
  const [chromium, ...files] = process.argv.slice(2);
  const axeSource = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
  const browser = await puppeteer.launch({
    executablePath: chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--allow-file-access-from-files'],
  });
  try {
    const page = await browser.newPage();
    for (const f of files) {
      for (const width of [1280, 390]) {
        await page.setViewport({ width, height: 900 });
        await page.goto('file://' + path.resolve(f), { waitUntil: 'load' });
        await page.evaluate(axeSource);
        const r = await page.evaluate(async () => {
          // eslint-disable-next-line no-undef
          return await axe.run(document, {
            runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
            resultTypes: ['violations'],
          });
        });
        console.log(JSON.stringify({
          page: f, width,
          violations: r.violations.map(v => ({ id: v.id, impact: v.impact,
            nodes: v.nodes.length, targets: v.nodes.slice(0, 3).map(n => n.target.join(' ')) })),
          passes: r.passes.length,
        }));
      }
    }
  } finally {
    await browser.close();
  }
}
main().catch(e => { console.error(e); process.exit(1); });

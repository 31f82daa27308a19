// Prints the layout figures of a built report, width by width:
//
//   node figures.mjs REPORT_URL
//
// REPORT_URL is a report page served from the output of `versus build`
// (for example http://127.0.0.1:8000/node-vs-python/). For each width it
// prints the characters one line of a sample pair holds, the share of
// sample lines longer than that, the blocks that scroll sideways, the page's
// sideways overflow, the infographic's smallest rendered text and, in the
// dark scheme, its mean luminance; then the first criterion's top at 1280 px
// and the printed page count. docs/performance.md-style figures for reviews;
// tests/browser/reader.mjs asserts on the same measurements.

import { launchChromium } from "./chromium.mjs";
import {
  codeBlocks,
  firstCriterionTop,
  infographicText,
  meanLuminance,
  pageOverflow,
  printFigures,
} from "./measure.mjs";

const [url] = process.argv.slice(2);
if (!url) {
  console.error("usage: node figures.mjs REPORT_URL");
  process.exit(2);
}
const browser = await launchChromium();
const round = (n, d = 1) => (n == null || !Number.isFinite(n) ? "-" : Number(n.toFixed(d)));
try {
  const rows = [];
  for (const width of [1440, 1280, 1024, 768, 390, 320]) {
    for (const scheme of ["light", "dark"]) {
      const context = await browser.newContext({
        viewport: { width, height: width > 400 ? 900 : 844 },
        colorScheme: scheme,
        reducedMotion: "reduce",
      });
      const page = await context.newPage();
      await page.goto(url, { waitUntil: "load" });
      await page.evaluate(() => document.fonts.ready);
      const blocks = (await codeBlocks(page)).filter((b) => b.inPair);
      const lines = blocks.reduce((s, b) => s + b.lines, 0);
      const cut = blocks.filter((b) => !b.wraps).reduce((s, b) => s + b.cut, 0);
      const info = await infographicText(page);
      rows.push({
        width,
        scheme,
        "chars/column (min)": Math.min(...blocks.map((b) => b.chars)),
        "code px": Math.min(...blocks.map((b) => b.fontPx)),
        "lines cut %": round((100 * cut) / Math.max(1, lines)),
        "scrolling blocks": blocks.filter((b) => b.scrolls).length,
        "page overflow px": await pageOverflow(page),
        "infographic smallest px": info ? round(info.smallestPx) : "-",
        "infographic luminance": info && scheme === "dark" ? round(await meanLuminance(page, ".infographic"), 2) : "",
        "criterion 1 top px": Math.round(await firstCriterionTop(page)),
      });
      await context.close();
    }
  }
  console.table(rows);
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: "load" });
  const print = await printFigures(page);
  console.log(`print: ${print.pages} A4 pages, first page filled to ${Math.round(print.firstPageFill * 100)} %`);
  await context.close();
} finally {
  await browser.close();
}

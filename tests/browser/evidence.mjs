// Output panels and charts of a built versus site, in a real browser:
//
//   node evidence.mjs REPORT_URL OUT_DIR
//
// REPORT_URL is a built report with samples that run and a chart (a copy of
// the repository's site/, served over HTTP). OUT_DIR receives the report's
// DOM after its scripts ran, for the HTML checker.
//
// At 320 and 1280 px, light and dark: every output panel sits inside its
// sample, names its command and version and fits the screen; on a narrow
// screen the panel follows its sample's tab; the chart fits its column, its
// smallest text is at least 11 px, its bars stand out 3:1 and its text
// 4.5:1 from the page; the numbers table exists for screen readers; axe-core
// finds nothing. Exits 0 when all is well, 1 with the failed checks.

import { launchChromium } from "./chromium.mjs";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const [url, outDir] = process.argv.slice(2);
if (!url || !outDir) {
  console.error("usage: node evidence.mjs REPORT_URL OUT_DIR");
  process.exit(2);
}
const AXE = join(dirname(fileURLToPath(import.meta.url)), "node_modules/axe-core/axe.min.js");
const failures = [];
function check(ok, what) {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures.push(what);
}

const browser = await launchChromium();
try {
  for (const width of [320, 1280]) {
    for (const scheme of ["light", "dark"]) {
      const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme: scheme });
      const page = await context.newPage();
      const errors = [];
      page.on("pageerror", (e) => errors.push(String(e)));
      await page.goto(url, { waitUntil: "load" });
      await page.waitForTimeout(100);
      const at = `${width} px ${scheme}`;
      check(errors.length === 0, `${at}: no script errors ${errors.join("; ")}`);

      const panels = await page.evaluate(() => Array.from(document.querySelectorAll(".vs-output")).map((p) => {
        const figure = p.closest("figure.vs-sample");
        const r = p.getBoundingClientRect();
        return {
          inFigure: !!figure,
          contender: figure && figure.dataset.contender,
          command: (p.querySelector(".vs-output-command") || {}).textContent || "",
          version: (p.querySelector(".vs-output-version") || {}).textContent || "",
          text: (p.querySelector(".vs-output-text") || {}).textContent || "",
          shown: r.width > 0 && r.height > 0,
          right: r.right,
          copy: !!p.querySelector(".vs-output-copy:not([hidden])"),
        };
      }));
      check(panels.length >= 10, `${at}: ${panels.length} output panels`);
      check(panels.every((p) => p.inFigure), `${at}: every panel is inside its sample`);
      check(panels.every((p) => /^(node|\/usr\/bin\/python3) /.test(p.command)), `${at}: every panel names its command`);
      check(panels.every((p) => /^(v\d+\.|Python \d)/.test(p.version)), `${at}: every panel names the runtime version`);
      check(panels.every((p) => p.text.length > 0), `${at}: every panel shows what the sample printed`);
      check(panels.every((p) => p.copy), `${at}: every panel has a copy button`);
      check(panels.filter((p) => p.shown).every((p) => p.right <= width + 0.5), `${at}: panels fit the screen`);
      if (width === 320) {
        // On a narrow screen samples are tabs: the panel goes with its tab.
        const group = page.locator(".vs-samples").filter({ has: page.locator(".vs-output") }).first();
        await group.locator(".vs-tab", { hasText: "Python" }).click();
        const shown = await group.evaluate((g) => Array.from(g.querySelectorAll("figure.vs-sample")).map((f) => ({
          who: f.dataset.contender,
          panel: (() => { const r = f.querySelector(".vs-output").getBoundingClientRect(); return r.width > 0 && r.height > 0; })(),
        })));
        check(shown.some((s) => s.who === "python" && s.panel) && shown.every((s) => s.who === "python" || !s.panel),
          `${at}: the Python tab shows Python's output and hides Node.js's`);
        await group.locator(".vs-tab", { hasText: "Node.js" }).click();
      }
      if (width === 1280) {
        const both = await page.evaluate(() => {
          const g = Array.from(document.querySelectorAll(".vs-samples")).find((x) => x.querySelector(".vs-output"));
          return Array.from(g.querySelectorAll(".vs-output")).map((p) => p.getBoundingClientRect()).map((r) => ({ top: r.top, left: r.left, w: r.width }));
        });
        check(both.length === 2 && both.every((r) => r.w > 0) && both[0].left !== both[1].left,
          `${at}: both columns of a pair show their output side by side`);
      }

      const chart = await page.evaluate(() => {
        const figure = document.querySelector(".vs-chart");
        if (!figure) return null;
        const svg = figure.querySelector("svg");
        const scale = svg.getScreenCTM().a;
        const parse = (c) => (c.match(/[\d.]+/g) || []).slice(0, 3).map(Number);
        const lum = ([r, g, b]) => {
          const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
          return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
        };
        const contrast = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
        let bg = "rgb(255, 255, 255)";
        for (let el = figure; el; el = el.parentElement) {
          const c = getComputedStyle(el).backgroundColor;
          if (c && c !== "rgba(0, 0, 0, 0)" && c !== "transparent") { bg = c; break; }
        }
        const texts = Array.from(svg.querySelectorAll("text"));
        const bars = Array.from(svg.querySelectorAll("rect.vs-chart-bar"));
        const table = figure.querySelector("table.vs-chart-table");
        const r = svg.getBoundingClientRect();
        return {
          role: svg.getAttribute("role"),
          title: (svg.querySelector("title") || {}).textContent || "",
          desc: (svg.querySelector("desc") || {}).textContent || "",
          smallest: Math.min(...texts.map((t) => parseFloat(getComputedStyle(t).fontSize) * scale)),
          textContrast: Math.min(...texts.map((t) => contrast(parse(getComputedStyle(t).fill), parse(bg)))),
          barContrast: Math.min(...bars.map((b) => contrast(parse(getComputedStyle(b).fill), parse(bg)))),
          bars: bars.length,
          right: r.right,
          parentRight: figure.parentElement.getBoundingClientRect().right,
          rows: table ? table.querySelectorAll("tbody tr").length : 0,
          notes: (figure.querySelector(".vs-chart-notes") || {}).textContent || "",
        };
      });
      check(chart !== null, `${at}: the speed criterion shows a chart`);
      if (chart) {
        check(chart.role === "img" && chart.title.length > 0, `${at}: the chart is an image with a title`);
        check(/Node\.js [\d,.]+ ms/.test(chart.desc) && /Python [\d,.]+ ms/.test(chart.desc), `${at}: its description states the numbers (${chart.desc})`);
        check(chart.smallest >= 11, `${at}: smallest chart text ${chart.smallest.toFixed(1)} px (at least 11)`);
        check(chart.textContrast >= 4.5, `${at}: chart text contrast ${chart.textContrast.toFixed(2)} (at least 4.5)`);
        check(chart.barContrast >= 3, `${at}: bar contrast ${chart.barContrast.toFixed(2)} (at least 3)`);
        check(chart.bars >= 4, `${at}: ${chart.bars} bars`);
        check(chart.right <= chart.parentRight + 0.5 && chart.right <= width, `${at}: the chart fits its column`);
        check(chart.rows >= 2, `${at}: the numbers table has ${chart.rows} rows`);
        check(/Machine: .*cores/.test(chart.notes) && /Node\.js: v\d/.test(chart.notes) && /Python: Python \d/.test(chart.notes),
          `${at}: the machine and versions are stated under the chart`);
      }

      if (width === 1280 && scheme === "light") {
        // Before axe is added: its inlined source is not the page's.
        writeFileSync(join(outDir, "evidence-report.html"), await page.content());
      }
      await page.addScriptTag({ path: AXE });
      const axe = await page.evaluate(async () => {
        const result = await window.axe.run({ include: [".vs-output", ".vs-chart"] }, { resultTypes: ["violations"] });
        return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
      });
      check(axe.length === 0, `${at}: axe finds no violations in panels and chart ${axe.join("; ")}`);
      await context.close();
    }
  }
  // Printed: the chart keeps its bars and the panels their text.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto(url, { waitUntil: "load" });
  await page.emulateMedia({ media: "print" });
  const printed = await page.evaluate(() => {
    const bar = document.querySelector("rect.vs-chart-bar");
    const panel = document.querySelector(".vs-output-text");
    return { bar: bar && getComputedStyle(bar).fill, panel: panel && panel.getBoundingClientRect().height > 0 };
  });
  check(!!printed.bar && printed.bar !== "none" && printed.panel, `print: bars filled (${printed.bar}) and output shown`);
  await context.close();
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(`${failures.length} failed:\n${failures.join("\n")}`);
  process.exit(1);
}

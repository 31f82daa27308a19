// Refreshes docs/screenshots/: builds site/ with the release binary into a
// temporary folder, serves it on 127.0.0.1 and takes the report's first
// screen at 1280 and 390 px, light and dark, in the system Chromium.
//
//   node tests/browser/screenshots.mjs
//
// Run from anywhere after `npm ci --ignore-scripts --prefix tests/browser`;
// it runs `cargo run --release` in the repository. The browser tests take
// the same screenshots into a temporary folder only.

import { launchChromium } from "./chromium.mjs";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { dirname, extname, join, normalize } from "node:path";
import { fileURLToPath } from "node:url";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const OUT = join(REPO, "docs", "screenshots");
const TYPES = { ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript", ".svg": "image/svg+xml", ".png": "image/png" };

const site = mkdtempSync(join(tmpdir(), "versus-screenshots-"));
const server = createServer((req, res) => {
  let path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname)).replace(/^(\.\.[/\\])+/, "");
  let file = join(site, path);
  try {
    if (statSync(file).isDirectory()) file = join(file, "index.html");
    res.writeHead(200, { "Content-Type": TYPES[extname(file)] || "application/octet-stream" });
    res.end(readFileSync(file));
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const base = `http://127.0.0.1:${server.address().port}/`;
try {
  execFileSync("cargo", ["run", "--release", "--quiet", "--", "build", "--root", "site", "--output", site, "--base-url", base], {
    cwd: REPO,
    stdio: "inherit",
  });
  mkdirSync(OUT, { recursive: true });
  const browser = await launchChromium();
  try {
    for (const [width, height] of [[1280, 900], [390, 844]]) {
      for (const scheme of ["light", "dark"]) {
        const context = await browser.newContext({ viewport: { width, height }, colorScheme: scheme, reducedMotion: "reduce" });
        const page = await context.newPage();
        await page.goto(`${base}node-vs-python/`, { waitUntil: "load" });
        await page.evaluate(() => document.fonts.ready);
        const path = join(OUT, `report-${width}-${scheme}.png`);
        await page.screenshot({ path, animations: "disabled" });
        console.log(`wrote ${path}`);
        await context.close();
      }
    }
  } finally {
    await browser.close();
  }
} finally {
  server.close();
  rmSync(site, { recursive: true, force: true });
}

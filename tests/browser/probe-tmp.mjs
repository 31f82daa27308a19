import { chromium } from "playwright-core";
const [url, out, width, scheme, step] = process.argv.slice(2);
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: ["--no-sandbox","--disable-gpu"] });
const ctx = await browser.newContext({ viewport: { width: +width, height: 900 }, colorScheme: scheme || "light", reducedMotion: "reduce" });
const page = await ctx.newPage();
await page.goto(url);
const h = await page.evaluate(() => document.documentElement.scrollHeight);
const st = +(step || 2400);
for (let y = 0, i = 0; y < h; y += st, i++) {
  await page.screenshot({ path: `${out}-${String(i).padStart(2,"0")}.png`, fullPage: true, clip: { x: 0, y, width: +width, height: Math.min(st, h - y) } });
}
console.log(h);
await browser.close();

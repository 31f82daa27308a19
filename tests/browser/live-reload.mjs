// Live reload in a real browser: `node live-reload.mjs URL SITE_DIR`.
//
// URL is a running `versus serve` (http://127.0.0.1:PORT/) of SITE_DIR, a
// copy of the repository's site/. The script edits SITE_DIR and checks that
// the open page updates in place, keeps its scroll position, shows and hides
// the error overlay, and that every open tab follows. Exits 0 when all is
// well, 1 with a message naming the failed check otherwise.
//
// Uses the system Chromium through playwright-core; it never downloads a
// browser.

import { launchChromium } from "./chromium.mjs";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [base, siteDir] = process.argv.slice(2);
if (!base || !siteDir) {
  console.error("usage: node live-reload.mjs URL SITE_DIR");
  process.exit(2);
}
const REPORT = new URL("node-vs-python/", base).href;
const CRITERION = "content/node-vs-python/06-libraries/index.md";
const ANCHOR = "libraries";
const TIMEOUT = 10_000;
const file = join(siteDir, CRITERION);
const original = readFileSync(file, "utf8");

class Failure extends Error {}
function check(ok, message) {
  if (!ok) throw new Failure(message);
}
async function step(name, run) {
  try {
    await run();
    console.log(`ok: ${name}`);
  } catch (e) {
    const detail = e instanceof Failure ? e.message : e.stack || String(e);
    throw new Failure(`${name}: ${detail}`);
  }
}

/** A page with its console errors and main-frame navigations recorded. */
async function openPage(context) {
  const page = await context.newPage();
  const record = { page, errors: [], navigations: 0 };
  page.on("console", (msg) => {
    if (msg.type() === "error") record.errors.push(`console: ${msg.text()}`);
  });
  page.on("pageerror", (err) => record.errors.push(`exception: ${err.message}`));
  page.on("framenavigated", (frame) => {
    if (frame === page.mainFrame()) record.navigations += 1;
  });
  // The live script connects its event stream once the page has loaded.
  const connected = page.waitForResponse((r) => r.url().endsWith("/__versus/events"), {
    timeout: TIMEOUT,
  });
  const response = await page.goto(REPORT, { waitUntil: "load", timeout: TIMEOUT });
  check(response && response.status() === 200, `GET ${REPORT}: ${response && response.status()}`);
  const events = await connected;
  check(events.status() === 200, `the event stream answered ${events.status()}`);
  await page.evaluate(() => {
    window.__marker = 1;
  });
  record.navigations = 0;
  return record;
}

function hasText(page, text) {
  return page.waitForFunction((t) => document.body.textContent.includes(t), text, {
    timeout: TIMEOUT,
  });
}

function noNavigation(record, when) {
  check(record.navigations === 0, `${when}: the page navigated (a full reload)`);
}

async function stillSamePage(record, when) {
  const marker = await record.page.evaluate(() => window.__marker);
  check(marker === 1, `${when}: window.__marker is gone, so the page was reloaded`);
  noNavigation(record, when);
}

const browser = await launchChromium();
let failed = null;
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const first = await openPage(context);
  const page = first.page;

  let before = 0;
  await step(`scroll to #${ANCHOR}`, async () => {
    before = await page.evaluate((id) => {
      document.documentElement.style.scrollBehavior = "auto";
      document.getElementById(id).scrollIntoView({ block: "start", behavior: "instant" });
      return window.scrollY;
    }, ANCHOR);
    check(before > 900, `#${ANCHOR} is far down the page (scrollY ${before})`);
  });

  const sentence = `A sentence the browser test added, number ${Date.now()}.`;
  await step("an edit appears in place", async () => {
    writeFileSync(file, `${original}\n${sentence}\n`);
    await hasText(page, sentence);
    const inSection = await page.evaluate(
      ([id, s]) => document.getElementById(id).textContent.includes(s),
      [ANCHOR, sentence],
    );
    check(inSection, `the sentence is not inside #${ANCHOR}`);
    const after = await page.evaluate(() => window.scrollY);
    check(Math.abs(after - before) < 50, `scrollY moved from ${before} to ${after}`);
    await stillSamePage(first, "after an edit");
  });

  await step("a broken front matter shows the error overlay", async () => {
    writeFileSync(file, original.replace('title = "Libraries"', 'title = "Libraries'));
    const overlay = await page.waitForSelector("#versus-error-overlay", {
      state: "visible",
      timeout: TIMEOUT,
    });
    await page.waitForFunction(
      () => {
        const el = document.getElementById("versus-error-overlay");
        return el && el.textContent.includes("06-libraries/index.md");
      },
      null,
      { timeout: TIMEOUT },
    );
    check(await overlay.isVisible(), "the overlay is not visible");
  });

  const fixed = `Fixed again, number ${Date.now()}.`;
  await step("fixing it hides the overlay", async () => {
    writeFileSync(file, `${original}\n${fixed}\n`);
    await page.waitForSelector("#versus-error-overlay", { state: "hidden", timeout: TIMEOUT });
    await hasText(page, fixed);
    await stillSamePage(first, "after an error and its fix");
  });

  const second = await openPage(context);
  await step("two tabs both follow the next edit", async () => {
    const both = `Both tabs show this, number ${Date.now()}.`;
    writeFileSync(file, `${original}\n${fixed}\n${both}\n`);
    await Promise.all([hasText(page, both), hasText(second.page, both)]);
    await stillSamePage(first, "the first tab, after an edit");
    await stillSamePage(second, "the second tab, after an edit");
  });

  await step("no console errors", async () => {
    const errors = [...first.errors, ...second.errors];
    check(errors.length === 0, `console errors:\n  ${errors.join("\n  ")}`);
  });
} catch (e) {
  failed = e instanceof Failure ? e.message : e.stack || String(e);
} finally {
  writeFileSync(file, original);
  await browser.close();
}
if (failed) {
  console.error(`FAIL: ${failed}`);
  process.exit(1);
}
console.log("live reload works in Chromium");

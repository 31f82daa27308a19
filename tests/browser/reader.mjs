// The reader's side of a built versus site, in a real browser:
//
//   node reader.mjs BASE_URL SITE_KIND SCREENSHOT_DIR SITE_DIR OUT_DIR
//
// BASE_URL serves the output of `versus build` (http://127.0.0.1:PORT/, a
// plain static server that answers a missing path with 404.html and status
// 404). SITE_KIND is `node-python` (a copy of the repository's site/) or
// `three` (tests/fixtures/three). SITE_DIR is the site folder that was built,
// to compare copied samples with their files. OUT_DIR receives the PDF, its
// text and the report's DOM after the scripts ran (`<kind>-report-*.html`,
// for the HTML checker). For `node-python` the report's screenshots are
// written to SCREENSHOT_DIR.
//
// Checks, each named in the output: no console errors and no request that
// leaves 127.0.0.1; the CSS and JS budget and the page without JavaScript;
// the "Your priorities" weights; sample tabs on a narrow screen and side by
// side on a wide one; copy buttons; the theme toggle; keyboard access;
// axe-core in light and dark at two widths; the printed PDF; section anchors
// and the contents. Exits 0 when all is well, 1 with the failed checks.
//
// Uses the system Chromium through playwright-core; it never downloads a
// browser.

import { chromium } from "playwright-core";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const [base, kind, shotDir, siteDir, outDir] = process.argv.slice(2);
if (!base || !kind || !shotDir || !siteDir || !outDir) {
  console.error("usage: node reader.mjs BASE_URL SITE_KIND SCREENSHOT_DIR SITE_DIR OUT_DIR");
  process.exit(2);
}
const HERE = dirname(fileURLToPath(import.meta.url));
const AXE = join(HERE, "node_modules/axe-core/axe.min.js");
const TIMEOUT = 10_000;
const BUDGET = 30 * 1024;

/** What each site's report must show. */
const SITES = {
  "node-python": {
    slug: "node-vs-python",
    firstTitle: "Architecture",
    score: "Node.js 8 – 6 Python",
    pdfScore: "8 – 6",
    headline: "Node.js wins",
    weighted: "For your priorities: Node.js wins 8 – 6",
    // Every criterion Node.js won alone counts for nothing, syntax counts 3 times.
    scenarios: (soleWins) => [
      {
        weights: { ...Object.fromEntries((soleWins.node || []).map((k) => [k, "0"])), syntax: "3" },
        headline: "For your priorities: Python wins 8 – 5",
        totals: { node: "5", python: "8" },
      },
    ],
    tab: "python",
    tabName: "Python",
    screenshots: true,
  },
  three: {
    slug: "go-vs-rust-vs-zig",
    firstTitle: "Speed",
    score: "Go 2 · Rust 3 · Zig 1",
    pdfScore: "Go 2 · Rust 3 · Zig 1",
    headline: "Rust wins",
    weighted: "For your priorities: Rust wins with 3 points",
    scenarios: () => [
      {
        weights: { safety: "0" },
        headline: "For your priorities: Go wins with 2 points",
        totals: { go: "2", rust: "1", zig: "1" },
      },
      {
        weights: { speed: "3", simplicity: "0", safety: "0" },
        headline: "For your priorities: Rust and Zig tie on 3",
        totals: { go: "0", rust: "3", zig: "3" },
      },
      {
        weights: { speed: "0", simplicity: "0", safety: "0" },
        headline: "For your priorities: No points awarded",
        totals: { go: "0", rust: "0", zig: "0" },
      },
    ],
    tab: "zig",
    tabName: "Zig",
    screenshots: false,
  },
};
const site = SITES[kind];
if (!site) {
  console.error(`unknown SITE_KIND ${kind}: one of ${Object.keys(SITES).join(", ")}`);
  process.exit(2);
}
const HOME = new URL("./", base).href;
const REPORT = new URL(`${site.slug}/`, base).href;
const NOT_FOUND = new URL("404.html", base).href;
const MISSING = new URL("no-such-report/", base).href;
const ALLOWED_HOST = "127.0.0.1";
mkdirSync(outDir, { recursive: true });

class Failure extends Error {}
function check(ok, message) {
  if (!ok) throw new Failure(message);
}
function same(actual, expected, what) {
  check(
    actual === expected,
    `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`,
  );
}
const failures = [];
async function step(name, run) {
  const started = Date.now();
  try {
    await run();
    console.log(`ok: ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    const detail = e instanceof Failure ? e.message : e.stack || String(e);
    console.log(`FAIL: ${name}\n  ${detail.replaceAll("\n", "\n  ")}`);
    failures.push(name);
  }
}

// Console errors, page errors and requests that leave 127.0.0.1, from every
// page of every context; checked at the end (and by the first step).
const problems = [];
// A missing URL answers 404, which Chromium logs as a console error about
// that very URL: expected for these URLs only.
const expected404 = new Set([MISSING]);

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});

/** A browser context that records problems and blocks other hosts. */
async function newContext(options = {}) {
  const context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    colorScheme: "light",
    reducedMotion: "reduce",
    ...options,
  });
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === "data:" || url.protocol === "blob:") return route.continue();
    if (url.hostname !== ALLOWED_HOST) {
      problems.push(`request to another host: ${url.href}`);
      return route.abort("blockedbyclient");
    }
    return route.continue();
  });
  context.on("request", (request) => {
    const url = new URL(request.url());
    if (!["data:", "blob:"].includes(url.protocol) && url.hostname !== ALLOWED_HOST) {
      problems.push(`request to another host: ${url.href}`);
    }
  });
  context.on("page", (page) => {
    page.on("console", (msg) => {
      if (msg.type() !== "error") return;
      const at = msg.location().url;
      if (expected404.has(at) && /status of 404/.test(msg.text())) return;
      problems.push(`console error on ${page.url()}: ${msg.text()} (at ${at})`);
    });
    page.on("pageerror", (err) => problems.push(`exception on ${page.url()}: ${err.message}`));
  });
  return context;
}

/** Opens `url` in a new page of `context`; checks the status. */
async function open(context, url, status = 200) {
  const page = await context.newPage();
  const response = await page.goto(url, { waitUntil: "load", timeout: TIMEOUT });
  check(response, `GET ${url}: no response`);
  same(response.status(), status, `HTTP status of ${url}`);
  await page.evaluate(() => document.fonts.ready);
  return page;
}

/** Text of the first element matching `selector`, whitespace collapsed. */
function text(page, selector) {
  return page.$eval(selector, (el) => el.textContent.replace(/\s+/g, " ").trim());
}

async function visible(page, selector) {
  const el = await page.$(selector);
  return el ? el.isVisible() : false;
}

/** The computed background colour of the body. */
function background(page) {
  return page.evaluate(() => getComputedStyle(document.body).backgroundColor);
}

function names(list) {
  return list.length < 2 ? list[0] : `${list.slice(0, -1).join(", ")} and ${list.at(-1)}`;
}

try {
  // 1. Every page loads without console errors and stays on 127.0.0.1.
  await step("pages load without errors or outside requests", async () => {
    const context = await newContext();
    for (const [url, status, heading] of [
      [HOME, 200, null],
      [REPORT, 200, null],
      [NOT_FOUND, 200, "This page is not here"],
      [MISSING, 404, "This page is not here"],
    ]) {
      const page = await open(context, url, status);
      if (heading) same(await text(page, "h1"), heading, `the heading of ${url}`);
      // Let late scripts and observers run.
      await page.waitForTimeout(100);
      await page.close();
    }
    await context.close();
    check(problems.length === 0, problems.join("\n"));
  });

  // 2. The budget, and the page without JavaScript.
  await step("CSS and JS stay under 30 KB gzipped; no render-blocking script", async () => {
    const context = await newContext();
    const page = await context.newPage();
    const assets = [];
    page.on("response", (r) => {
      const type = r.request().resourceType();
      if (type === "stylesheet" || type === "script") assets.push(r);
    });
    await page.goto(REPORT, { waitUntil: "load", timeout: TIMEOUT });
    check(assets.length >= 2, `the report loads ${assets.length} stylesheets and scripts`);
    let total = 0;
    const sizes = [];
    for (const r of assets) {
      same(r.status(), 200, `HTTP status of ${r.url()}`);
      const size = gzipSync(await r.body()).length;
      sizes.push(`${new URL(r.url()).pathname} ${size} B`);
      total += size;
    }
    console.log(`  gzipped: ${sizes.join(", ")}; total ${total} B`);
    check(total < BUDGET, `CSS and JS weigh ${total} B gzipped, over ${BUDGET} B`);
    await context.close();
  });

  await step("without JavaScript: content and author's verdict shown, widget hidden", async () => {
    const context = await newContext({ javaScriptEnabled: false });
    for (const url of [HOME, REPORT, NOT_FOUND]) {
      const page = await open(context, url);
      const blocking = await page.$$eval("script[src]", (scripts) =>
        scripts
          .filter((s) => !s.defer && !s.async && s.type !== "module")
          .map((s) => s.outerHTML),
      );
      check(blocking.length === 0, `render-blocking scripts on ${url}: ${blocking.join(", ")}`);
      await page.close();
    }
    const page = await open(context, REPORT);
    const first = await text(page, "section.criterion h2");
    check(first.endsWith(site.firstTitle), `the first criterion is "${first}"`);
    check(await page.isVisible("section.criterion h2"), "the first criterion title is hidden");
    same(await text(page, ".verdict-headline"), site.headline, "the verdict headline");
    same(await text(page, ".verdict-score"), site.score, "the verdict score");
    check(await page.isVisible(".verdict-score"), "the verdict score is hidden");
    check(await page.isVisible(".scoreboard .score-text"), "the scoreboard is hidden");
    same(await text(page, ".scoreboard .score-text"), site.score, "the scoreboard score");
    check(!(await visible(page, "#vs-prefs")), "the priorities form shows without JavaScript");
    check(!(await visible(page, "#vs-theme-toggle")), "the theme toggle shows without JavaScript");
    same(await page.locator(".vs-copy").count(), 0, "copy buttons without JavaScript");
    await context.close();
  });

  // 3. "Your priorities".
  await step("the weights widget recomputes, shares and resets the verdict", async () => {
    const context = await newContext();
    let page = await open(context, REPORT);
    check(await page.isVisible("#vs-prefs"), "the priorities form is hidden");
    same(await text(page, ".prefs-headline"), site.weighted, "the weighted verdict at first");
    const rows = await page.$$eval("#vs-prefs .pref", (prefs) =>
      prefs.map((p) => ({ key: p.dataset.key, value: p.querySelector("select").value })),
    );
    const keys = rows.map((r) => r.key);
    const criteria = await page.$$eval("section.criterion", (s) => s.map((el) => el.id));
    same(keys.join(","), criteria.join(","), "a select per criterion, in order");
    for (const r of rows) same(r.value, "1", `the first weight of ${r.key}`);
    for (const key of keys) {
      const label = await page.$eval(`label[for="vs-w-${key}"]`, (l) => l.textContent);
      check(label.trim().length > 0, `#vs-w-${key} has no label`);
    }
    // Criteria each contender won alone: contender id → criterion slugs.
    const soleWins = await page.$$eval("#vs-prefs .pref", (prefs) => {
      const out = {};
      for (const p of prefs) {
        const points = p.dataset.points.split(",").map((kv) => kv.split(":"));
        const top = Math.max(...points.map(([, n]) => Number(n)));
        const won = points.filter(([, n]) => Number(n) === top);
        if (top > 0 && won.length === 1) (out[won[0][0]] = out[won[0][0]] || []).push(p.dataset.key);
      }
      return out;
    });
    if (kind === "node-python") {
      same((soleWins.node || []).join(","), "architecture,speed,scalability", "the criteria Node.js won alone");
    }
    for (const scenario of site.scenarios(soleWins)) {
      for (const [key, value] of Object.entries(scenario.weights)) {
        await page.selectOption(`#vs-w-${key}`, value);
      }
      const label = JSON.stringify(scenario.weights);
      same(await text(page, ".prefs-headline"), scenario.headline, `the weighted verdict for ${label}`);
      for (const [id, points] of Object.entries(scenario.totals)) {
        const shown = await page.$eval(
          `.prefs-total[data-id="${id}"] .prefs-points`,
          (el) => el.firstChild.textContent,
        );
        same(shown, points, `${id}'s weighted points for ${label}`);
      }
      same(await text(page, ".verdict-headline"), site.headline, "the author's verdict (unchanged)");
      const wanted = keys
        .filter((k) => (scenario.weights[k] || "1") !== "1")
        .map((k) => `${k}:${scenario.weights[k]}`)
        .join(",");
      const url = new URL(page.url());
      same(url.searchParams.get("w"), wanted, `?w= in the address for ${label}`);
      // The shared address gives the same weights and verdict.
      await page.close();
      page = await open(context, url.href);
      for (const k of keys) {
        same(
          await page.$eval(`#vs-w-${k}`, (s) => s.value),
          scenario.weights[k] || "1",
          `#vs-w-${k} after opening ${url.search}`,
        );
      }
      same(await text(page, ".prefs-headline"), scenario.headline, `the weighted verdict after opening ${url.search}`);
      const winners = await page.$$eval(".prefs-total.is-winner", (l) => l.map((li) => li.dataset.id));
      const top = Math.max(...Object.values(scenario.totals).map(Number));
      const expectedWinners = top
        ? Object.entries(scenario.totals).filter(([, p]) => Number(p) === top).map(([id]) => id)
        : [];
      same(winners.join(","), expectedWinners.join(","), `the highlighted winners for ${label}`);
    }
    await page.click(".prefs-reset");
    same(await text(page, ".prefs-headline"), site.weighted, "the weighted verdict after reset");
    for (const k of keys) same(await page.$eval(`#vs-w-${k}`, (s) => s.value), "1", `#vs-w-${k} after reset`);
    same(new URL(page.url()).searchParams.get("w"), null, "?w= after reset");
    await context.close();
  });

  // 4. Sample tabs on a narrow screen, side by side on a wide one.
  const sideBySide = async (page, when) => {
    // The page switches layouts on a media query change event: give a busy
    // machine a moment to run it before measuring (the checks below decide).
    await page
      .waitForFunction(
        () => [...document.querySelectorAll(".vs-tablist")].every((l) => l.getClientRects().length === 0),
        null,
        { timeout: 5000 },
      )
      .catch(() => {});
    const groups = await page.$$eval(".vs-samples", (els) =>
      els.map((g) => {
        const list = g.querySelector(".vs-tablist");
        return {
          tablistShown: !!list && list.getClientRects().length > 0,
          figures: [...g.querySelectorAll(":scope > figure.vs-sample")].map((f) => {
            const r = f.getBoundingClientRect();
            return { top: r.top, left: r.left, width: r.width, height: r.height, hidden: f.hidden };
          }),
        };
      }),
    );
    check(groups.length > 0, `${when}: no sample groups`);
    groups.forEach((g, i) => {
      check(!g.tablistShown, `${when}: group ${i + 1} shows tabs`);
      check(g.figures.length >= 2, `${when}: group ${i + 1} has ${g.figures.length} samples`);
      g.figures.forEach((f, j) => {
        check(!f.hidden && f.width > 0 && f.height > 0, `${when}: sample ${j + 1} of group ${i + 1} is hidden`);
        check(
          Math.abs(f.top - g.figures[0].top) < 1,
          `${when}: samples of group ${i + 1} are not side by side (tops ${g.figures.map((x) => x.top)})`,
        );
        if (j > 0) {
          check(
            f.left >= g.figures[j - 1].left + g.figures[j - 1].width,
            `${when}: samples of group ${i + 1} overlap (lefts ${g.figures.map((x) => x.left)})`,
          );
        }
      });
    });
  };

  await step(`tabs at 390 px: ARIA tabs, ${site.tabName} everywhere, arrow keys, remembered`, async () => {
    const context = await newContext({ viewport: { width: 390, height: 844 } });
    let page = await open(context, REPORT);
    const tabState = () =>
      page.$$eval(".vs-samples", (els) =>
        els.map((g) => {
          const list = g.querySelector(".vs-tablist");
          const tabs = [...list.querySelectorAll(".vs-tab")];
          return {
            role: list.getAttribute("role"),
            shown: list.getClientRects().length > 0,
            label: list.getAttribute("aria-label"),
            tabs: tabs.map((t) => {
              const panel = document.getElementById(t.getAttribute("aria-controls"));
              return {
                who: t.dataset.contender,
                role: t.getAttribute("role"),
                selected: t.getAttribute("aria-selected"),
                tabIndex: t.tabIndex,
                panelRole: panel && panel.getAttribute("role"),
                panelLabelledBy: panel && panel.getAttribute("aria-labelledby"),
                id: t.id,
                panelShown: !!panel && panel.getClientRects().length > 0,
              };
            }),
          };
        }),
      );
    const expectSelected = async (who, when) => {
      const groups = await tabState();
      check(groups.length > 0, "no sample groups");
      groups.forEach((g, i) => {
        const where = `${when}, group ${i + 1}`;
        same(g.role, "tablist", `${where}: role of the tab list`);
        check(g.shown, `${where}: the tab list is not shown`);
        check(g.label, `${where}: the tab list has no aria-label`);
        const selected = g.tabs.filter((t) => t.selected === "true").map((t) => t.who);
        same(selected.join(","), who, `${where}: the selected tab`);
        for (const t of g.tabs) {
          same(t.role, "tab", `${where}: role of the ${t.who} tab`);
          same(t.panelRole, "tabpanel", `${where}: role of the ${t.who} panel`);
          same(t.panelLabelledBy, t.id, `${where}: aria-labelledby of the ${t.who} panel`);
          same(t.panelShown, t.who === who, `${where}: the ${t.who} panel is shown`);
          same(t.tabIndex, t.who === who ? 0 : -1, `${where}: tabindex of the ${t.who} tab`);
        }
      });
      return groups;
    };
    const groups = await expectSelected(
      (await tabState())[0].tabs[0].who,
      "at first",
    );
    const order = groups[0].tabs.map((t) => t.who);
    const firstGroup = page.locator(".vs-samples").first();
    await firstGroup.locator(`.vs-tab[data-contender="${site.tab}"]`).click();
    await expectSelected(site.tab, `after clicking ${site.tabName}`);
    same(await page.evaluate(() => localStorage.getItem("versus-tab")), site.tab, "localStorage versus-tab");
    // Arrow keys move between the tabs of a group (and wrap around).
    const focused = () => page.evaluate(() => document.activeElement.dataset.contender || null);
    let at = order.indexOf(site.tab);
    for (const [key, move] of [
      ["ArrowRight", 1],
      ["ArrowLeft", -1],
      ["ArrowLeft", -1],
      ["Home", null],
      ["End", null],
    ]) {
      at = move === null ? (key === "Home" ? 0 : order.length - 1) : (at + move + order.length) % order.length;
      await page.keyboard.press(key);
      same(await focused(), order[at], `focus after ${key}`);
      await expectSelected(order[at], `after ${key}`);
    }
    await firstGroup.locator(`.vs-tab[data-contender="${site.tab}"]`).click();
    // Remembered after a reload, and in a new page.
    await page.reload({ waitUntil: "load" });
    await expectSelected(site.tab, "after a reload");
    await page.close();
    page = await open(context, REPORT);
    await expectSelected(site.tab, "in a new page");
    // Wide again: the same page shows the samples side by side.
    await page.setViewportSize({ width: 1280, height: 900 });
    await sideBySide(page, "after widening the page to 1280 px");
    await context.close();
  });

  await step("samples side by side at 1280 px", async () => {
    const context = await newContext();
    const page = await open(context, REPORT);
    await sideBySide(page, "at 1280 px");
    await context.close();
  });

  // 5. Copy buttons.
  await step("copy buttons put each sample's exact file text on the clipboard", async () => {
    const context = await newContext();
    await context.grantPermissions(["clipboard-read", "clipboard-write"], {
      origin: new URL(base).origin,
    });
    const page = await open(context, REPORT);
    const folder = join(siteDir, "content", site.slug);
    const entries = readdirSync(folder);
    const samples = await page.$$eval("figure.vs-sample", (figs) =>
      figs.map((f) => ({
        section: f.closest("section.criterion").id,
        file: f.querySelector(".vs-sample-file").textContent.trim(),
        name: f.querySelector(".vs-sample-name").textContent.trim(),
        code: f.querySelector("pre.vs-code code").textContent,
        hasButton: !!f.querySelector("figcaption .vs-copy"),
      })),
    );
    check(samples.length > 0, "no samples");
    for (const [i, sample] of samples.entries()) {
      const where = `${sample.section}/${sample.file}`;
      check(sample.hasButton, `${where}: no copy button in the caption`);
      const dir = entries.find((e) => e === sample.section || e.replace(/^\d+-/, "") === sample.section);
      check(dir, `no folder for criterion ${sample.section} in ${folder}`);
      const path = join(folder, dir, sample.file);
      check(existsSync(path), `${where}: no file ${path}`);
      const source = readFileSync(path, "utf8");
      same(sample.code, source, `${where}: the code shown`);
      await page.evaluate(() => navigator.clipboard.writeText("(nothing copied)"));
      const button = page.locator("figure.vs-sample .vs-copy").nth(i);
      same(await button.getAttribute("aria-label"), `Copy ${sample.name} code`, `${where}: the button's label`);
      await button.click();
      await page.waitForFunction(
        async () => (await navigator.clipboard.readText()) !== "(nothing copied)",
        null,
        { timeout: 3000 },
      ).catch(() => {});
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      same(copied, source, `${where}: the clipboard after clicking Copy`);
      same((await button.textContent()).trim(), "Copied", `${where}: the button after copying`);
    }
    console.log(`  copied ${samples.length} samples`);
    await context.close();
  });

  // 6. Theme toggle.
  await step("the theme toggle switches, persists, and follows the system", async () => {
    const context = await newContext();
    let page = await open(context, REPORT);
    const light = await background(page);
    same(await page.getAttribute("html", "data-theme"), "auto", "data-theme at first");
    same(await page.getAttribute("#vs-theme-toggle", "aria-pressed"), "false", "aria-pressed at first");
    await page.click("#vs-theme-toggle");
    same(await page.getAttribute("html", "data-theme"), "dark", "data-theme after a click");
    same(await page.getAttribute("#vs-theme-toggle", "aria-pressed"), "true", "aria-pressed after a click");
    const dark = await background(page);
    check(dark !== light, `the background stays ${light} in the dark theme`);
    same(await page.evaluate(() => localStorage.getItem("versus-theme")), "dark", "localStorage versus-theme");
    await page.reload({ waitUntil: "load" });
    same(await page.getAttribute("html", "data-theme"), "dark", "data-theme after a reload");
    same(await background(page), dark, "the background after a reload");
    await page.close();
    page = await open(context, HOME);
    same(await background(page), dark, "the home page's background with the stored choice");
    await page.click("#vs-theme-toggle");
    same(await background(page), light, "the background after switching back");
    await context.close();

    const system = await newContext({ colorScheme: "dark" });
    page = await open(system, REPORT);
    same(await page.getAttribute("html", "data-theme"), "auto", "data-theme with a dark system");
    same(await background(page), dark, "the background with a dark system and no stored choice");
    same(await page.getAttribute("#vs-theme-toggle", "aria-pressed"), "true", "aria-pressed with a dark system");
    await page.click("#vs-theme-toggle");
    same(await page.getAttribute("html", "data-theme"), "light", "data-theme after a click on a dark system");
    same(await background(page), light, "the background after a click on a dark system");
    await system.close();
  });

  // 7. Keyboard.
  await step("keyboard: skip link first, theme toggle, every select, visible focus", async () => {
    const context = await newContext();
    const page = await open(context, REPORT);
    const focus = () =>
      page.evaluate(() => {
        const el = document.activeElement;
        const style = getComputedStyle(el);
        return {
          tag: el.tagName,
          id: el.id,
          cls: el.className && typeof el.className === "string" ? el.className : "",
          text: (el.textContent || "").trim().slice(0, 40),
          inMain: !!el.closest("main"),
          outline: style.outlineStyle,
          outlineWidth: style.outlineWidth,
          focusVisible: el.matches(":focus-visible"),
        };
      });
    const describe = (f) => `<${f.tag.toLowerCase()}${f.id ? ` id=${f.id}` : ""}${f.cls ? ` class="${f.cls}"` : ""}> "${f.text}"`;
    await page.keyboard.press("Tab");
    const first = await focus();
    check(first.cls.includes("skip-link"), `the first Tab stop is ${describe(first)}, not the skip link`);
    check(await page.isVisible(".skip-link"), "the focused skip link is not visible");
    const box = await page.locator(".skip-link").boundingBox();
    check(box && box.y >= 0 && box.y < 100, `the focused skip link is off screen (${JSON.stringify(box)})`);
    let toggle = null;
    for (let i = 0; i < 5 && !toggle; i++) {
      await page.keyboard.press("Tab");
      const f = await focus();
      check(!f.inMain, `Tab reached ${describe(f)} in the main content before the theme toggle`);
      if (f.id === "vs-theme-toggle") toggle = f;
    }
    check(toggle, "the theme toggle is not among the first Tab stops");
    check(toggle.outline !== "none", `the focused theme toggle has no outline (${toggle.outline})`);
    // The skip link moves focus to the main content.
    await page.keyboard.press("Shift+Tab");
    while (!(await focus()).cls.includes("skip-link")) await page.keyboard.press("Shift+Tab");
    await page.keyboard.press("Enter");
    same((await focus()).id, "main", "focus after following the skip link");
    // Every select of "Your priorities" and the reset button can be reached.
    const keys = await page.$$eval("#vs-prefs select", (s) => s.map((el) => el.id));
    const reached = new Set();
    const bad = [];
    for (let i = 0; i < 400; i++) {
      await page.keyboard.press("Tab");
      const f = await focus();
      reached.add(f.id || f.cls);
      if ((f.tag === "BUTTON" || f.tag === "SELECT" || f.tag === "A") && f.outline === "none") {
        bad.push(describe(f));
      }
      if (f.cls.includes("prefs-reset")) break;
    }
    for (const id of keys) check(reached.has(id), `Tab never reached #${id}`);
    check(reached.has("prefs-reset"), "Tab never reached the reset button");
    check([...reached].some((r) => r.includes("vs-copy")), "Tab never reached a copy button");
    check(bad.length === 0, `focused without a visible outline:\n  ${[...new Set(bad)].join("\n  ")}`);
    await context.close();

    // On a narrow screen the selected tab of each group is a Tab stop.
    const narrow = await newContext({ viewport: { width: 390, height: 844 } });
    const small = await open(narrow, REPORT);
    let tab = null;
    for (let i = 0; i < 200 && !tab; i++) {
      await small.keyboard.press("Tab");
      const f = await small.evaluate(() => {
        const el = document.activeElement;
        return {
          role: el.getAttribute("role"),
          selected: el.getAttribute("aria-selected"),
          outline: getComputedStyle(el).outlineStyle,
        };
      });
      if (f.role === "tab") tab = f;
    }
    check(tab, "Tab never reached a sample tab at 390 px");
    same(tab.selected, "true", "the Tab stop of a tab list is its selected tab");
    check(tab.outline !== "none", "the focused tab has no outline");
    await narrow.close();
  });

  // 8. axe-core, at 1280 and 390 px, on each page loaded once: every rule
  // (colour contrast included) in the light and in the dark scheme of the
  // system, then the colour rules with the theme toggle's choice against the
  // system's (the markup is the same, only the colours change).
  await step("axe-core: no serious or critical violations", async () => {
    const COLOURS = ["color-contrast", "link-in-text-block"];
    // Violation text → the pages, widths and schemes where it was found.
    const found = new Map();
    let runs = 0;
    const axe = async (page, name, width, theme, expected, only) => {
      same(await page.getAttribute("html", "data-theme"), expected.dataTheme, `data-theme on ${name}, ${theme}`);
      const bg = await background(page);
      same(bg, expected.bg, `the background on ${name}, ${theme}`);
      const violations = await page.evaluate(async (only) => {
        const options = { resultTypes: ["violations"] };
        if (only) options.runOnly = { type: "rule", values: only };
        const result = await window.axe.run(document, options);
        return result.violations
          .filter((v) => v.impact === "serious" || v.impact === "critical")
          .map((v) => ({
            id: v.id,
            impact: v.impact,
            help: v.help,
            nodes: v.nodes.map(
              (n) => `${n.target.join(" ")}\n      ${n.failureSummary.replaceAll("\n", "\n      ")}`,
            ),
          }));
      }, only);
      runs += 1;
      for (const v of violations) {
        const key =
          `${name}: ${v.id} (${v.impact}) ${v.help}, ${v.nodes.length} element(s):\n    ` +
          v.nodes.slice(0, 3).join("\n    ") +
          (v.nodes.length > 3 ? `\n    … and ${v.nodes.length - 3} more` : "");
        if (!found.has(key)) found.set(key, []);
        found.get(key).push(`${width} px ${theme}`);
      }
    };
    const LIGHT = "rgb(255, 255, 255)";
    let DARK = null;
    for (const width of [1280, 390]) {
      const context = await newContext({ viewport: { width, height: width > 400 ? 900 : 844 } });
      for (const [name, url, status] of [
        ["home", HOME, 200],
        ["report", REPORT, 200],
        ["404", MISSING, 404],
      ]) {
        const page = await open(context, url, status);
        await page.evaluate(() => localStorage.removeItem("versus-theme"));
        await page.addScriptTag({ path: AXE });
        await axe(page, name, width, "light", { dataTheme: "auto", bg: LIGHT }, null);
        await page.emulateMedia({ colorScheme: "dark" });
        DARK = DARK || (await background(page));
        check(DARK !== LIGHT, "the dark scheme keeps a white background");
        await axe(page, name, width, "dark (system)", { dataTheme: "auto", bg: DARK }, null);
        // The toggle on a dark system: light.
        await page.click("#vs-theme-toggle");
        await axe(page, name, width, "light (toggle, dark system)", { dataTheme: "light", bg: LIGHT }, COLOURS);
        // Again: dark, kept with a light system.
        await page.click("#vs-theme-toggle");
        await page.emulateMedia({ colorScheme: "light" });
        await axe(page, name, width, "dark (toggle, light system)", { dataTheme: "dark", bg: DARK }, COLOURS);
        await page.evaluate(() => localStorage.removeItem("versus-theme"));
        await page.close();
      }
      await context.close();
    }
    console.log(`  ${runs} axe runs`);
    check(
      found.size === 0,
      [...found].map(([v, where]) => `${v}\n  found at: ${where.join("; ")}`).join("\n"),
    );
  });

  // 9. Print.
  await step("the printed report has every criterion and the score, no controls", async () => {
    const context = await newContext();
    const page = await open(context, REPORT);
    const titles = await page.$$eval("section.criterion h2", (hs) =>
      hs.map((h) => h.lastChild.textContent.replace(/\s+/g, " ").trim()),
    );
    await page.emulateMedia({ media: "print" });
    const pdf = join(outDir, `${kind}-report.pdf`);
    await page.pdf({ path: pdf, format: "A4", printBackground: true });
    await context.close();
    const txt = join(outDir, `${kind}-report.txt`);
    execFileSync("pdftotext", ["-enc", "UTF-8", pdf, txt]);
    const printed = readFileSync(txt, "utf8").replace(/\s+/g, " ");
    for (const title of titles) check(printed.includes(title), `the PDF lacks the criterion title "${title}"`);
    check(printed.includes(site.pdfScore), `the PDF lacks the score "${site.pdfScore}"`);
    check(!/\bCopy\b/.test(printed), "the PDF shows a Copy button");
    check(!/\bContents\b/.test(printed), "the PDF shows the Contents navigation");
    check(!printed.includes("Your priorities"), "the PDF shows the priorities form");
    console.log(`  ${titles.length} criteria in ${pdf}`);
  });

  // 10. Anchors and contents.
  await step("section anchors, the contents with each winner, the Score link", async () => {
    const context = await newContext();
    const page = await open(context, REPORT);
    const sections = await page.$$eval("section.criterion", (secs) =>
      secs.map((s) => ({
        id: s.id,
        title: s.querySelector("h2").lastChild.textContent.trim(),
        anchor: s.querySelector(".criterion-title a.anchor")?.getAttribute("href"),
        anchorLabel: s.querySelector(".criterion-title a.anchor")?.getAttribute("aria-label"),
        winners: [...s.querySelectorAll(".pt.is-winner .pt-name")].map((n) => n.textContent.trim()),
        prose: [...s.querySelectorAll(".prose :is(h2, h3, h4, h5, h6)")].map((h) => ({
          id: h.id,
          href: h.querySelector("a.vs-anchor")?.getAttribute("href"),
          target: !!document.getElementById(h.id),
        })),
      })),
    );
    let proseHeadings = 0;
    for (const s of sections) {
      same(s.anchor, `#${s.id}`, `the anchor of criterion ${s.id}`);
      check(s.anchorLabel && s.anchorLabel.includes(s.title), `the anchor of ${s.id} is labelled "${s.anchorLabel}"`);
      for (const h of s.prose) {
        proseHeadings += 1;
        check(h.id, `a heading in ${s.id} has no id`);
        same(h.href, `#${h.id}`, `the anchor of heading #${h.id}`);
      }
    }
    if (kind === "three") check(proseHeadings > 0, "the fixture's prose heading has no anchor");
    for (const toc of [".toc-side .toc-list", ".toc-compact .toc-list"]) {
      for (const s of sections) {
        const item = await page.$(`${toc} a[href="#${s.id}"]`);
        check(item, `${toc} does not list ${s.id}`);
        const li = await item.evaluateHandle((a) => a.closest("li"));
        const title = await li.$eval(".toc-title", (t) => t.textContent.trim());
        same(title, s.title, `${toc}: the title of ${s.id}`);
        const outcome = (await li.$eval(".toc-outcome", (o) => o.textContent)).replace(/\s+/g, " ").trim();
        const expected =
          s.winners.length === 0
            ? "No points"
            : s.winners.length === 1
              ? `Winner: ${s.winners[0]}`
              : `Shared by: ${names(s.winners)}`;
        same(outcome, expected, `${toc}: the outcome of ${s.id}`);
      }
      check(await page.$(`${toc} a[href="#verdict"]`), `${toc} has no link to the verdict`);
    }
    same(await page.getAttribute(".score-jump", "href"), "#verdict", "the Score link");
    same(await page.getAttribute(".score-headline", "href"), "#verdict", "the scoreboard headline link");
    // Scrolled into the report, the Score link shows and leads to the verdict.
    await page.evaluate(() => document.getElementById(document.querySelector("section.criterion").id).scrollIntoView());
    const jump = page.locator(".score-jump");
    await page.waitForFunction(() => !document.querySelector(".score-jump").classList.contains("is-off"), null, {
      timeout: 3000,
    });
    same((await jump.textContent()).trim(), "Score", "the Score link's text");
    await jump.click();
    await page.waitForFunction(
      () => {
        const r = document.getElementById("verdict").getBoundingClientRect();
        return location.hash === "#verdict" && r.top >= -2 && r.top < innerHeight / 2;
      },
      null,
      { timeout: 3000 },
    );
    await context.close();
  });

  // DOM after the scripts ran, for the HTML checker: tabs on, weights changed.
  await step("the DOM after the scripts ran is saved for the HTML checker", async () => {
    for (const [width, height] of [
      [1280, 900],
      [390, 844],
    ]) {
      const context = await newContext({ viewport: { width, height } });
      const [scenario] = site.scenarios({});
      const w = Object.entries(scenario.weights)
        .map(([k, v]) => `${k}:${v}`)
        .join(",");
      const page = await open(context, `${REPORT}?w=${w}`);
      await page.locator(".vs-copy").first().click();
      const html = await page.evaluate(() => `<!DOCTYPE html>\n${document.documentElement.outerHTML}\n`);
      check(html.includes('class="vs-copy'), "the saved DOM has no copy buttons");
      if (width < 760) check(html.includes('role="tablist"'), "the saved DOM has no tab list");
      writeFileSync(join(outDir, `${kind}-report-${width}.html`), html);
      await context.close();
    }
  });

  // 11. Screenshots.
  if (site.screenshots) {
    await step(`screenshots in ${shotDir}`, async () => {
      mkdirSync(shotDir, { recursive: true });
      for (const [width, height, scheme, fullPage] of [
        [1280, 900, "light", false],
        [1280, 900, "dark", false],
        [390, 844, "light", false],
        [390, 844, "dark", false],
      ]) {
        const context = await newContext({ viewport: { width, height }, colorScheme: scheme });
        const page = await open(context, REPORT);
        await page.waitForFunction(() => [...document.images].every((i) => i.complete));
        const path = join(shotDir, `report-${width}-${scheme}.png`);
        await page.screenshot({ path, fullPage, animations: "disabled" });
        await context.close();
      }
    });
  }

  await step("no console errors and no outside requests in any check", async () => {
    check(problems.length === 0, [...new Set(problems)].join("\n"));
  });
} catch (e) {
  failures.push(e.stack || String(e));
  console.log(`FAIL: ${e.stack || e}`);
} finally {
  await browser.close();
}
if (failures.length) {
  console.error(`FAIL (${kind}): ${failures.length} check(s) failed:\n  ${failures.join("\n  ")}`);
  process.exit(1);
}
console.log(`the ${kind} site reads well in Chromium`);

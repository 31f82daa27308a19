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

import { launchChromium } from "./chromium.mjs";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import {
  codeBlocks,
  firstCriterionTop,
  infographicText,
  meanLuminance,
  overflowingElements,
  pageOverflow,
  printFigures,
} from "./measure.mjs";

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
    // Every criterion Node.js won alone counts for nothing, syntax counts 3 times.
    scenarios: (soleWins) => [
      {
        weights: { ...Object.fromEntries((soleWins.node || []).map((k) => [k, "0"])), syntax: "3" },
        headline: "Python wins",
        score: "Node.js 5 – 8 Python",
        totals: { node: "5", python: "8" },
      },
    ],
    // The criteria that gave every contender the same points.
    level: "extensibility,libraries,universality,learning-curve,community,best-suited-apps",
    maxPrintPages: 19,
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
    scenarios: () => [
      {
        weights: { safety: "0" },
        headline: "Go wins",
        score: "Go 2 · Rust 1 · Zig 1",
        totals: { go: "2", rust: "1", zig: "1" },
      },
      {
        weights: { speed: "3", simplicity: "0", safety: "0" },
        headline: "Rust and Zig tie on 3",
        score: "Go 0 · Rust 3 · Zig 3",
        totals: { go: "0", rust: "3", zig: "3" },
      },
      {
        weights: { speed: "0", simplicity: "0", safety: "0" },
        headline: "No points awarded",
        score: "Go 0 · Rust 0 · Zig 0",
        totals: { go: "0", rust: "0", zig: "0" },
      },
    ],
    level: "hype",
    maxPrintPages: 6,
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

const browser = await launchChromium();

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

  // 3. "Your priorities": one verdict at a time, everywhere on the page.
  /** Every score the page shows, as the reader sees it. */
  const scores = (page) =>
    page.evaluate(() => {
      const t = (sel) => {
        const el = document.querySelector(sel);
        return el ? el.textContent.replace(/\s+/g, " ").trim() : null;
      };
      const shown = (sel) => !!document.querySelector(sel)?.getClientRects().length;
      return {
        board: t(".scoreboard .score-headline"),
        boardScore: t(".scoreboard .score-text"),
        whose: t(".scoreboard .score-whose"),
        boardReset: shown(".scoreboard .vs-author-reset"),
        top: [...document.querySelectorAll(".totals .total.is-top")].map((li) => li.dataset.contender),
        totals: Object.fromEntries(
          [...document.querySelectorAll(".totals .total")].map((li) => [li.dataset.contender, li.querySelector(".total-points").firstChild.textContent]),
        ),
        verdict: t(".verdict-headline"),
        verdictScore: t(".verdict-score"),
        verdictWhose: shown(".verdict-whose"),
        author: shown(".verdict-author") ? t(".verdict-author-text") : null,
        standings: [...document.querySelectorAll(".standing")].map((li) => li.dataset.id),
        winners: [...document.querySelectorAll(".standing.is-winner")].map((li) => li.dataset.id),
        toc: [...document.querySelectorAll(".toc-verdict")].map((e) => e.textContent.trim()),
        summary: Object.fromEntries(
          [...document.querySelectorAll(".vs-ig-wide .vs-ig-total")].map((e) => [e.dataset.contender, e.textContent]),
        ),
        lastTally: [...document.querySelectorAll(".tally-text")].at(-1)?.textContent.trim(),
      };
    });
  await step("the reader's weights drive every score on the page, with the author's beside them", async () => {
    const context = await newContext();
    let page = await open(context, REPORT);
    check(await page.isVisible("#vs-prefs"), "the priorities form is hidden");
    const authors = await scores(page);
    same(authors.board, site.headline, "the scoreboard headline at first");
    same(authors.verdict, site.headline, "the verdict at first");
    same(authors.verdictScore, site.score, "the verdict score at first");
    same(authors.lastTally, site.score, "the last running score at first");
    check(!authors.boardReset && !authors.verdictWhose && authors.author === null, "the author's weights are labelled as the reader's");
    const rows = await page.$$eval("#vs-prefs .pref", (prefs) =>
      prefs.map((p) => ({ key: p.dataset.key, value: p.querySelector("select").value, level: p.classList.contains("is-level") })),
    );
    const keys = rows.map((r) => r.key);
    const criteria = await page.$$eval("section.criterion", (s) => s.map((el) => el.id));
    same([...keys].sort().join(","), [...criteria].sort().join(","), "a select per criterion");
    for (const r of rows) same(r.value, "1", `the first weight of ${r.key}`);
    for (const key of keys) {
      const label = await page.$eval(`label[for="vs-w-${key}"]`, (l) => l.textContent);
      check(label.trim().length > 0, `#vs-w-${key} has no label`);
    }
    // Criteria that cannot change the winner are grouped apart, in words.
    same(rows.filter((r) => r.level).map((r) => r.key).join(","), site.level, "the criteria marked as unable to change the winner");
    check(rows.findIndex((r) => r.level) > rows.findLastIndex((r) => !r.level), "the level criteria are not grouped after the others");
    const groupTitle = await page.$eval("#vs-prefs-level", (h) => (h.getClientRects().length ? h.textContent.trim() : ""));
    same(groupTitle, "Cannot change the winner", "the heading of the level criteria");
    // The panel is reachable from the scoreboard and from the contents.
    for (const sel of [".scoreboard a[href='#vs-prefs']", ".toc-side a[href='#vs-prefs']"]) {
      check(await page.isVisible(sel), `no visible link to the priorities panel: ${sel}`);
    }
    await page.click(".scoreboard a[href='#vs-prefs']");
    await page.waitForFunction(() => {
      const r = document.getElementById("vs-prefs").getBoundingClientRect();
      return r.top >= -2 && r.top < innerHeight;
    }, null, { timeout: 3000 });
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
    const expectReader = async (scenario, when) => {
      const got = await scores(page);
      same(got.board, `For your priorities: ${scenario.headline}`, `the scoreboard ${when}`);
      same(got.boardScore, scenario.score, `the scoreboard score ${when}`);
      check(got.whose.includes(site.headline) && got.whose.includes(site.score), `the scoreboard does not give the author's result beside the reader's ${when}: "${got.whose}"`);
      check(got.boardReset, `no way back to the author's weights on the scoreboard ${when}`);
      same(got.verdict, scenario.headline, `the verdict ${when}`);
      same(got.verdictScore, scenario.score, `the verdict score ${when}`);
      check(got.verdictWhose, `the verdict is not labelled as the reader's ${when}`);
      check(got.author && got.author.includes(site.headline), `the verdict lacks the author's result ${when}: ${got.author}`);
      for (const t of got.toc) same(t, `${scenario.headline} (your priorities)`, `the contents' verdict ${when}`);
      same(got.lastTally, scenario.score, `the last running score ${when}`);
      for (const [id, points] of Object.entries(scenario.totals)) {
        same(got.totals[id], points, `${id}'s total on the scoreboard ${when}`);
        same(got.summary[id], points, `${id}'s total in the summary ${when}`);
      }
      const top = Math.max(...Object.values(scenario.totals).map(Number));
      const expectedWinners = top ? Object.entries(scenario.totals).filter(([, p]) => Number(p) === top).map(([id]) => id) : [];
      same(got.winners.join(","), expectedWinners.join(","), `the highlighted winners ${when}`);
      same(got.top.join(","), expectedWinners.join(","), `the scoreboard's winners ${when}`);
      same(got.standings[0], expectedWinners[0] || got.standings[0], `the first of the ranking ${when}`);
    };
    for (const scenario of site.scenarios(soleWins)) {
      for (const [key, value] of Object.entries(scenario.weights)) {
        await page.selectOption(`#vs-w-${key}`, value);
      }
      const label = JSON.stringify(scenario.weights);
      await expectReader(scenario, `for ${label}`);
      const wanted = criteria
        .filter((k) => (scenario.weights[k] || "1") !== "1")
        .map((k) => `${k}:${scenario.weights[k]}`);
      const url = new URL(page.url());
      same([...(url.searchParams.get("w") || "").split(",")].sort().join(","), [...wanted].sort().join(","), `?w= in the address for ${label}`);
      // The shared address gives the same weights and verdict.
      await page.close();
      page = await open(context, url.href);
      for (const k of keys) {
        same(await page.$eval(`#vs-w-${k}`, (s) => s.value), scenario.weights[k] || "1", `#vs-w-${k} after opening ${url.search}`);
      }
      await expectReader(scenario, `after opening ${url.search}`);
    }
    // One click on the scoreboard goes back to the author's weights.
    await page.click(".scoreboard .vs-author-reset");
    const back = await scores(page);
    same(back.board, site.headline, "the scoreboard after going back");
    same(back.verdict, site.headline, "the verdict after going back");
    same(back.lastTally, site.score, "the last running score after going back");
    check(!back.boardReset && back.author === null, "the author's-weights notes stay after going back");
    same(back.standings.join(","), authors.standings.join(","), "the ranking after going back");
    for (const k of keys) same(await page.$eval(`#vs-w-${k}`, (s) => s.value), "1", `#vs-w-${k} after going back`);
    same(new URL(page.url()).searchParams.get("w"), null, "?w= after going back");
    await context.close();
  });

  await step("a shared ?w= link names the reader's winner in the first viewport at 1280 and 390 px", async () => {
    const [scenario] = site.scenarios({ node: ["architecture", "speed", "scalability"] });
    const w = Object.entries(scenario.weights).map(([k, v]) => `${k}:${v}`).join(",");
    for (const [width, height] of [[1280, 900], [390, 844]]) {
      const context = await newContext({ viewport: { width, height } });
      const page = await open(context, `${REPORT}?w=${w}`);
      const seen = await page.$eval(".scoreboard .score-headline", (el) => {
        const r = el.getBoundingClientRect();
        return { text: el.textContent.trim(), bottom: r.bottom, visible: r.height > 0 };
      });
      same(seen.text, `For your priorities: ${scenario.headline}`, `the scoreboard of the shared link at ${width} px`);
      check(seen.visible && seen.bottom <= height, `the reader's winner is below the first viewport at ${width} px (bottom ${seen.bottom})`);
      await context.close();
    }
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
      check(
        Math.abs(g.figures[1].top - g.figures[0].top) < 1,
        `${when}: the first samples of group ${i + 1} are not side by side (tops ${g.figures.map((x) => x.top)})`,
      );
      g.figures.forEach((f, j) => {
        check(!f.hidden && f.width > 0 && f.height > 0, `${when}: sample ${j + 1} of group ${i + 1} is hidden`);
        for (const o of g.figures.slice(0, j)) {
          const apart = f.left >= o.left + o.width - 0.5 || o.left >= f.left + f.width - 0.5 || f.top >= o.top + o.height - 0.5;
          check(apart, `${when}: samples of group ${i + 1} overlap (${JSON.stringify(g.figures)})`);
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

  // Details: the sample header, the theme toggle's state, code focus, reading time.
  await step("sample headers, the theme toggle's state, focus on code, the reading-time line", async () => {
    for (const width of [768, 390]) {
      const context = await newContext({ viewport: { width, height: 900 } });
      const page = await open(context, REPORT);
      const heads = await page.$$eval("figure.vs-sample", (figs) =>
        figs.filter((f) => f.getClientRects().length).map((f) => {
          const b = f.querySelector(".vs-copy");
          const lh = parseFloat(getComputedStyle(b).lineHeight) || 18;
          const meta = f.querySelector(".vs-sample-meta");
          return {
            file: f.querySelector(".vs-sample-file").textContent.trim(),
            meta: meta.textContent.replace(/\s+/g, " ").trim(),
            lang: f.querySelector(".vs-sample-lang").textContent.trim(),
            copyLines: (b.getBoundingClientRect().height - parseFloat(getComputedStyle(b).paddingTop) * 2 - 2) / lh,
            check: f.querySelector(".vs-sample-note")?.textContent.trim() || null,
          };
        }),
      );
      check(heads.length > 0, `${width} px: no samples shown`);
      for (const h of heads) {
        check(h.copyLines < 1.5, `${width} px: "Copy" wraps in the header of ${h.file} (${h.copyLines.toFixed(1)} lines)`);
        check(h.meta.startsWith(`File ${h.file}`), `${width} px: the file name of ${h.file} is not labelled as a file: "${h.meta}"`);
        check(h.lang.length > 0, `${width} px: ${h.file} names no language`);
        if (kind === "node-python") check(h.check && /^Compiles \(checked with /.test(h.check), `${width} px: the badge of ${h.file} says "${h.check}"`);
      }
      await context.close();
    }
    const context = await newContext();
    const page = await open(context, REPORT);
    const state = () => page.$eval("#vs-theme-toggle .theme-toggle-state", (e) => getComputedStyle(e, "::before").content);
    same(await page.$eval("#vs-theme-toggle", (b) => b.textContent.replace(/\s+/g, " ").trim()), "Dark theme", "the theme toggle's name");
    same(await state(), '"Off"', "the theme toggle's state in the light theme");
    await page.click("#vs-theme-toggle");
    same(await state(), '"On"', "the theme toggle's state in the dark theme");
    await page.click("#vs-theme-toggle");
    // A code block's focus ring is drawn inside its box, so nothing clips it.
    await page.focus("figure.vs-sample .vs-copy");
    await page.keyboard.press("Tab");
    same(await page.evaluate(() => document.activeElement.matches("figure.vs-sample pre.vs-code")), true, "Tab from a copy button reaches its code");
    const ring = await page.$eval("figure.vs-sample pre.vs-code", (pre) => {
      const s = getComputedStyle(pre);
      return { style: s.outlineStyle, width: parseFloat(s.outlineWidth), offset: parseFloat(s.outlineOffset), focus: pre.matches(":focus-visible") };
    });
    check(ring.style !== "none" && ring.width >= 2, `a focused code block has no visible outline (${JSON.stringify(ring)})`);
    check(ring.offset <= -ring.width, `a focused code block's outline is drawn outside its clipped box (${JSON.stringify(ring)})`);
    if (kind === "node-python") {
      const rt = await page.$eval(".vs-reading-time", (p) => {
        const s = getComputedStyle(p), body = getComputedStyle(document.body);
        return { size: parseFloat(s.fontSize), body: parseFloat(body.fontSize), color: s.color, fg: body.color };
      });
      check(rt.size < rt.body && rt.color !== rt.fg, `the reading-time line looks like body text (${JSON.stringify(rt)})`);
    }
    await context.close();
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

  // 9. The layout at every width, in both schemes.
  await step("at 1440, 1280, 1024, 768, 390 and 320 px, light and dark: code fits, no overflow, readable summary", async () => {
    const figures = [];
    for (const width of [1440, 1280, 1024, 768, 390, 320]) {
      const height = width > 400 ? 900 : 844;
      const context = await newContext({ viewport: { width, height } });
      const page = await open(context, REPORT);
      for (const scheme of ["light", "dark"]) {
        await page.emulateMedia({ colorScheme: scheme });
        const where = `${width} px ${scheme}`;
        const blocks = await codeBlocks(page);
        check(blocks.length > 0, `${where}: no code blocks shown`);
        // Lines up to 88 characters never scroll sideways (longer ones wrap too).
        const scrolling = blocks.filter((b) => b.scrolls);
        check(scrolling.length === 0, `${where}: code scrolls sideways: ${scrolling.map((b) => `${b.where} (${b.longest} chars, ${b.chars} shown)`).join(", ")}`);
        // Side-by-side columns hold 60 characters; single ones at least what the screen allows.
        const pairs = await page.$$eval(".vs-samples", (gs) =>
          gs.map((g) => {
            const figs = [...g.querySelectorAll(":scope > figure.vs-sample")].filter((f) => f.getClientRects().length);
            return figs.length > 1 && figs[0].getBoundingClientRect().top === figs[1].getBoundingClientRect().top;
          }),
        );
        const paired = blocks.filter((b) => b.inPair);
        if (pairs.some(Boolean)) {
          const narrowest = Math.min(...paired.map((b) => b.chars));
          check(narrowest >= 60, `${where}: side-by-side code columns hold ${narrowest} characters`);
        }
        if (width >= 1024) check(pairs.every(Boolean), `${where}: pairs are not side by side`);
        // No forced equal height: each sample is as tall as its own code.
        const slack = await page.$$eval("figure.vs-sample", (figs) =>
          figs.filter((f) => f.getClientRects().length).map((f) => {
            const cap = f.querySelector("figcaption").getBoundingClientRect().height;
            const pre = f.querySelector("pre").getBoundingClientRect().height;
            // A sample that runs also holds its output panel.
            const output = f.querySelector(".vs-output");
            const panel = output ? output.getBoundingClientRect().height : 0;
            return f.getBoundingClientRect().height - cap - pre - panel;
          }),
        );
        check(Math.max(...slack) < 8, `${where}: a sample box is ${Math.max(...slack)} px taller than its code`);
        const over = await pageOverflow(page);
        check(over === 0, `${where}: the page is ${over} px wider than the window: ${(await overflowingElements(page)).join(", ")}`);
        const info = await infographicText(page);
        check(info && info.kind === "inline svg", `${where}: no inline summary shown`);
        check(info.smallestPx >= 11, `${where}: the summary's smallest text is ${info.smallestPx.toFixed(1)} px`);
        const row = { where, chars: Math.min(...paired.map((b) => b.chars)), summaryText: +info.smallestPx.toFixed(1) };
        if (scheme === "dark") {
          const lum = await meanLuminance(page, ".infographic");
          check(lum < 0.5, `${where}: the summary's mean luminance is ${lum.toFixed(2)}`);
          row.summaryLuminance = +lum.toFixed(2);
          // Contender colours on the dark surfaces: 3:1 for graphics, 4.5:1 for text.
          const low = await page.evaluate(() => {
            const rgb = (c) => c.match(/[\d.]+/g).slice(0, 3).map(Number);
            const lum = ([r, g, b]) => [r, g, b].map((v) => { v /= 255; return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; }).reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0);
            const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
            const probe = document.createElement("span");
            document.body.appendChild(probe);
            const colour = (el, v) => { probe.style.color = `var(${v})`; el.appendChild(probe); return rgb(getComputedStyle(probe).color); };
            const surface = rgb(getComputedStyle(document.querySelector(".scoreboard")).backgroundColor);
            const out = [];
            for (const el of document.querySelectorAll(".totals .total")) {
              const g = ratio(colour(el, "--c"), surface), t = ratio(colour(el, "--ct"), surface);
              if (g < 3 || t < 4.5) out.push(`${el.dataset.contender}: ${g.toFixed(2)}:1 graphics, ${t.toFixed(2)}:1 text`);
            }
            probe.remove();
            return out;
          });
          check(low.length === 0, `${where}: contender colours too dim: ${low.join("; ")}`);
        }
        if (width === 1280 && scheme === "light") {
          const top = await firstCriterionTop(page);
          check(top < 2 * height, `${where}: criterion 1 starts at ${Math.round(top)} px, below the first two screens`);
          row.criterion1 = Math.round(top);
        }
        if (width <= 390) {
          // The facts never clip: nothing in the table is wider than its box.
          const clip = await page.$$eval(".table-wrap", (ws) => ws.map((w) => w.scrollWidth - w.clientWidth));
          check(clip.every((c) => c <= 0), `${where}: the facts table is cut by ${clip} px`);
        }
        figures.push(row);
      }
      await context.close();
    }
    console.log(figures.map((f) => `  ${JSON.stringify(f)}`).join("\n"));
  });

  // 10. Print.
  await step("the printed report: every criterion and the score, no controls, few pages, hanging indents", async () => {
    const context = await newContext();
    const page = await open(context, REPORT);
    const titles = await page.$$eval("section.criterion h2", (hs) =>
      hs.map((h) => h.lastChild.textContent.replace(/\s+/g, " ").trim()),
    );
    // Wrapped lines keep their indentation in print: each continuation
    // line starts right of where the line's own code starts. (Laid out at
    // the width of an A4 page's text, as printing does.)
    await page.setViewportSize({ width: 718, height: 1000 });
    await page.emulateMedia({ media: "print" });
    const hang = await page.$$eval("figure.vs-sample .vs-line[style]", (lines) => {
      let wrapped = 0;
      const bad = [];
      for (const line of lines) {
        const range = document.createRange();
        range.selectNodeContents(line);
        const rects = [...range.getClientRects()].filter((r) => r.width > 0);
        if (!rects.length) continue;
        const first = Math.min(...rects.map((r) => r.top));
        const later = rects.filter((r) => r.top > first + 2);
        if (!later.length) continue;
        wrapped += 1;
        const ch = parseFloat(getComputedStyle(line).fontSize) * 0.55;
        const indent = Number(line.style.getPropertyValue("--i"));
        const start = line.getBoundingClientRect().left;
        const left = Math.min(...later.map((r) => r.left));
        if (left < start + indent * ch) bad.push(`${line.textContent.trim().slice(0, 30)}… continues at ${Math.round(left - start)} px, indented ${indent}`);
      }
      return { wrapped, bad };
    });
    await page.emulateMedia({ media: "screen" });
    await page.setViewportSize({ width: 1280, height: 900 });
    if (kind === "node-python") check(hang.wrapped > 0, "no sample line wraps in print: the hanging indent is untested");
    check(hang.bad.length === 0, `wrapped lines lose their indentation in print:\n  ${hang.bad.slice(0, 5).join("\n  ")}`);
    const pdf = join(outDir, `${kind}-report.pdf`);
    const print = await printFigures(page, pdf);
    await context.close();
    check(print.pages <= site.maxPrintPages, `the report prints on ${print.pages} A4 pages, over ${site.maxPrintPages}`);
    check(print.firstPageFill > 0.75, `the first printed page is filled to ${Math.round(print.firstPageFill * 100)} % only`);
    const txt = join(outDir, `${kind}-report.txt`);
    execFileSync("pdftotext", ["-enc", "UTF-8", pdf, txt]);
    const printed = readFileSync(txt, "utf8").replace(/\s+/g, " ");
    for (const title of titles) check(printed.includes(title), `the PDF lacks the criterion title "${title}"`);
    check(printed.includes(site.pdfScore), `the PDF lacks the score "${site.pdfScore}"`);
    check(!/\bCopy\b/.test(printed), "the PDF shows a Copy button");
    check(!/\bContents\b/.test(printed), "the PDF shows the Contents navigation");
    check(!printed.includes("Your priorities"), "the PDF shows the priorities form");
    console.log(`  ${titles.length} criteria on ${print.pages} pages (first filled to ${Math.round(print.firstPageFill * 100)} %), ${hang.wrapped} wrapped lines with hanging indents, in ${pdf}`);
  });

  // 11. Anchors and contents.
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
    same(await page.getAttribute(".score-headline", "href"), "#verdict", "the scoreboard headline link");
    same(await page.locator(".score-jump").count(), 0, "a floating score control");
    await context.close();
  });

  // Navigation below 1,100 px: a sticky bar naming the section, score and back to top.
  await step("below 1100 px a sticky contents bar names the section in view; Score and Top links work", async () => {
    for (const [width, height] of [[1024, 900], [390, 844]]) {
      const context = await newContext({ viewport: { width, height } });
      const page = await open(context, REPORT);
      const second = await page.$$eval("section.criterion", (s) => s[1].id);
      await page.evaluate((id) => document.getElementById(id).scrollIntoView(), second);
      const title = await page.$eval(`#${second} h2`, (h) => h.textContent.replace(/\s+/g, " ").trim());
      await page.waitForFunction((t) => document.querySelector(".toc-current").textContent.trim() === t, title, { timeout: 3000 }).catch(() => {});
      const bar = await page.evaluate(() => {
        const nav = document.querySelector(".toc-compact");
        const r = nav.getBoundingClientRect();
        const fixed = [...document.querySelectorAll("body *")].filter((e) => getComputedStyle(e).position === "fixed" && e.getClientRects().length);
        return {
          top: r.top,
          height: r.height,
          current: nav.querySelector(".toc-current").textContent.trim(),
          progress: parseFloat(getComputedStyle(nav.querySelector(".toc-progress-bar")).getPropertyValue("--progress")),
          fixed: fixed.map((e) => e.className),
        };
      });
      check(Math.abs(bar.top) < 1, `at ${width} px the contents bar is not stuck to the top (top ${bar.top})`);
      check(bar.height < 70, `at ${width} px the contents bar is ${bar.height} px tall`);
      same(bar.current, title, `at ${width} px the bar's current section`);
      check(bar.progress > 0 && bar.progress < 1, `at ${width} px the progress is ${bar.progress}`);
      same(bar.fixed.join(","), "", `at ${width} px fixed elements that may cover content`);
      // The section's heading is not under the bar after following its link.
      await page.click(".toc-compact summary");
      await page.click(`.toc-compact a[href="#${second}"]`);
      await page.waitForTimeout(300);
      const head = await page.$eval(`#${second} h2`, (h) => h.getBoundingClientRect().top);
      check(head >= bar.height - 1, `at ${width} px the heading of ${second} is under the bar (top ${head})`);
      await page.click(".toc-compact a[href='#vs-scoreboard']");
      await page.waitForFunction(() => Math.abs(document.getElementById("vs-scoreboard").getBoundingClientRect().top) < innerHeight / 2, null, { timeout: 3000 });
      await page.click(".toc-compact a[href='#main']");
      await page.waitForFunction(() => scrollY < 200, null, { timeout: 3000 });
      await context.close();
    }
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

  // 12. Screenshots (into SCREENSHOT_DIR: a temporary folder in the test).
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

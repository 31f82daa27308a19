// Layout measurements of a report page in Chromium, shared by reader.mjs
// (which asserts on them) and figures.mjs (which prints them). Each function
// takes a playwright page already showing the report.

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Every code block on screen: how many characters of its font one line of
 * the box holds, its longest source line, whether it scrolls sideways, and
 * how many of its lines do not fit on one line of the box.
 */
export function codeBlocks(page) {
  return page.$$eval("pre.vs-code", (pres) => {
    const out = [];
    for (const pre of pres) {
      if (pre.getClientRects().length === 0) continue;
      const style = getComputedStyle(pre);
      const probe = document.createElement("span");
      probe.textContent = "0".repeat(100);
      probe.style.cssText = "position:absolute;visibility:hidden;white-space:pre;font:inherit";
      pre.appendChild(probe);
      const charWidth = probe.getBoundingClientRect().width / 100;
      probe.remove();
      const inner = pre.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const chars = Math.floor(inner / charWidth + 0.01);
      const tab = Number(style.tabSize) || 4;
      const lines = (pre.querySelector("code") || pre).textContent.replace(/\n$/, "").split("\n");
      const widths = lines.map((l) => l.replace(/\t/g, " ".repeat(tab)).length);
      const fig = pre.closest("figure.vs-sample");
      out.push({
        where: `${pre.closest("section")?.id || "?"}/${fig?.querySelector(".vs-sample-file")?.textContent.trim() || "code"}`,
        inPair: !!fig,
        chars,
        fontPx: parseFloat(style.fontSize),
        longest: Math.max(...widths),
        scrolls: pre.scrollWidth > pre.clientWidth + 1,
        cut: widths.filter((w) => w > chars).length,
        lines: lines.length,
        wraps: style.whiteSpace !== "pre",
        height: pre.getBoundingClientRect().height,
        figureHeight: fig ? fig.getBoundingClientRect().height : 0,
      });
    }
    return out;
  });
}

/** How many pixels the page is wider than the window (0 when it fits). */
export function pageOverflow(page) {
  return page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - innerWidth));
}

/** Elements that stick out past the right edge of the window. */
export function overflowingElements(page) {
  return page.evaluate(() => {
    const out = [];
    for (const el of document.querySelectorAll("body *")) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= innerWidth + 0.5) continue;
      // Inside a box that clips or scrolls: not the page's overflow.
      let clipped = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        if (o !== "visible") {
          clipped = true;
          break;
        }
      }
      if (!clipped) out.push(`${el.tagName.toLowerCase()}.${el.className} right=${Math.round(r.right)}`);
    }
    return out.slice(0, 5);
  });
}

/**
 * The infographic shown on the page: the smallest rendered text size in CSS
 * pixels (an <img> of an SVG scales its text by its displayed width; an
 * inline SVG by its transform), its height and top.
 */
export async function infographicText(page) {
  const svgUrl = await page.evaluate(() => {
    const img = document.querySelector(".infographic img");
    return img && img.getClientRects().length ? img.src : null;
  });
  if (svgUrl) {
    const svg = await (await page.request.get(svgUrl)).text();
    const sizes = [...svg.matchAll(/font-size="([\d.]+)"/g)].map((m) => Number(m[1]));
    return page.evaluate((minSize) => {
      const img = document.querySelector(".infographic img");
      const r = img.getBoundingClientRect();
      return {
        kind: "img",
        smallestPx: (minSize * r.width) / img.naturalWidth,
        height: r.height,
        top: r.top + scrollY,
      };
    }, Math.min(...sizes));
  }
  return page.evaluate(() => {
    const svgs = [...document.querySelectorAll(".infographic svg")].filter((s) => s.getClientRects().length);
    if (!svgs.length) return null;
    let smallest = Infinity;
    let texts = 0;
    for (const svg of svgs) {
      for (const t of svg.querySelectorAll("text")) {
        if (!t.getClientRects().length) continue;
        const m = t.getScreenCTM();
        const scale = Math.hypot(m.a, m.b);
        smallest = Math.min(smallest, parseFloat(getComputedStyle(t).fontSize) * scale);
        texts += 1;
      }
    }
    const r = svgs[0].getBoundingClientRect();
    return { kind: "inline svg", smallestPx: smallest, texts, height: r.height, top: r.top + scrollY };
  });
}

/** Mean relative luminance (0 black … 1 white) of a screenshot of `selector`. */
export async function meanLuminance(page, selector) {
  const el = page.locator(selector).first();
  await el.scrollIntoViewIfNeeded();
  const png = await el.screenshot({ animations: "disabled" });
  const other = await page.context().newPage();
  try {
    await other.setContent("<canvas></canvas>");
    return await other.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const canvas = document.querySelector("canvas");
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const ctx = canvas.getContext("2d");
      ctx.drawImage(img, 0, 0);
      const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      const lin = (v) => {
        const c = v / 255;
        return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
      };
      let sum = 0;
      for (let i = 0; i < data.length; i += 4) {
        sum += 0.2126 * lin(data[i]) + 0.7152 * lin(data[i + 1]) + 0.0722 * lin(data[i + 2]);
      }
      return sum / (data.length / 4);
    }, png.toString("base64"));
  } finally {
    await other.close();
  }
}

/** The top of the first criterion, in page pixels. */
export function firstCriterionTop(page) {
  return page.$eval("section.criterion", (s) => s.getBoundingClientRect().top + scrollY);
}

/**
 * Prints the page to an A4 PDF; returns its page count and the share of its
 * first page that has content (bottom of the last text line / page height).
 */
export async function printFigures(page, keepAs) {
  await page.emulateMedia({ media: "print" });
  const dir = mkdtempSync(join(tmpdir(), "versus-print-"));
  try {
    const pdf = keepAs || join(dir, "report.pdf");
    const buffer = await page.pdf({ format: "A4", printBackground: true });
    writeFileSync(pdf, buffer);
    const info = execFileSync("pdfinfo", [pdf], { encoding: "utf8" });
    const pages = Number(/^Pages:\s+(\d+)/m.exec(info)[1]);
    // The first page's text boxes, to see how much of it is used.
    const bbox = execFileSync("pdftotext", ["-f", "1", "-l", "1", "-bbox", pdf, "-"], { encoding: "utf8" });
    const height = Number(/<page width="[\d.]+" height="([\d.]+)"/.exec(bbox)[1]);
    const bottoms = [...bbox.matchAll(/yMax="([\d.]+)"/g)].map((m) => Number(m[1]));
    const firstPageFill = bottoms.length ? Math.max(...bottoms) / height : 0;
    return { pages, firstPageFill };
  } finally {
    await page.emulateMedia({ media: "screen" });
    rmSync(dir, { recursive: true, force: true });
  }
}

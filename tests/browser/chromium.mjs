// Debian's Chromium, headless, as every browser script here starts it: no
// sandbox (tests run as root in containers), no GPU, nothing that reaches
// the network on its own, and a fresh profile, which Playwright makes itself.
import { chromium } from "playwright-core";

/** Starts the machine's Chromium; Playwright never downloads a browser. */
export function launchChromium() {
  return chromium.launch({
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
}

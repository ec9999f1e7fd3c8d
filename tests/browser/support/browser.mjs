// Launches Debian's Chromium through playwright-core (Playwright never
// downloads a browser here) and records everything the page logs.
import { chromium } from "playwright-core";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(HERE, "../../..");
// The built app; WEEKLY_DIST points the specs at a copy elsewhere (e.g. one
// kept while dist/ is being rebuilt).
export const DIST = process.env.WEEKLY_DIST ? path.resolve(process.env.WEEKLY_DIST) : path.join(REPO, "dist");
export const OUTPUT = path.join(REPO, "tests/output");
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function launchBrowser() {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: run scripts/setup.sh browser (or set CHROMIUM_PATH)`);
  }
  if (!fs.existsSync(path.join(DIST, "index.html"))) {
    throw new Error(`no built app in ${DIST}: run 'trunk build --release' first (make test does)`);
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      // Headless Chromium 156 builds its WebUI omnibox popup (a renderer
      // loading some 800 modules) beside each new window: CPU the specs'
      // pages would share on a 2-core machine.
      "--disable-features=WebUIOmniboxPopup",
    ],
  });
}

/**
 * A new page whose console messages, page errors and failed requests are
 * collected in `page.problems`, so every spec can assert a clean console.
 */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  page.problems = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" || msg.type() === "warning") {
      page.problems.push(`console.${msg.type()}: ${msg.text()}`);
    }
  });
  page.on("pageerror", (err) => page.problems.push(`page error: ${err.message}`));
  return page;
}

/** Console noise a spec caused on purpose (e.g. the 404 it asked for). */
export function unexpectedProblems(page, allowed = []) {
  return page.problems.filter((p) => !allowed.some((re) => re.test(p)));
}

/** Asserts the console stayed clean (but for `allowed`) and closes the page. */
export async function closeClean(page, allowed = []) {
  assert.deepEqual(unexpectedProblems(page, allowed), [], "the console stays clean");
  await page.context().close();
}

export function readSampleArchive() {
  return JSON.parse(fs.readFileSync(path.join(DIST, "archive.json"), "utf8"));
}

// Accessibility (axe-core, WCAG 2.2 AA tags) in every state a reader meets,
// and screenshots at 1280 px and 375 px, light and dark, into tests/output/
// (not committed) for a person to look at.
import { test, before } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { AxeBuilder } from "@axe-core/playwright";
import { OUTPUT, newPage, unexpectedProblems } from "./support/browser.mjs";
import { viewerSuite } from "./support/suite.mjs";
import { facetOption, hanSubstring } from "./support/viewer.mjs";

const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const SHOTS = path.join(OUTPUT, "screenshots");

const suite = viewerSuite();

before(() => {
  fs.mkdirSync(SHOTS, { recursive: true });
});

async function axe(page) {
  // Rows out of view skip layout (content-visibility: auto), and axe reads
  // the empty boxes of skipped content as real ones (dequelabs/axe-core
  // #2768): every row is laid out for the check, as it is once in view.
  // (Through the CSSOM: the page's CSP refuses inline style sheets.)
  await page.evaluate(() => {
    for (const row of document.querySelectorAll(".entry")) row.style.contentVisibility = "visible";
  });
  const { violations } = await new AxeBuilder({ page }).withTags(TAGS).analyze();
  return violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(", ")}`);
}

const STATES = [
  ["initial", "", async () => {}],
  ["filtered", "", async (page) => {
    await facetOption(page, "edition", "zh").check();
    await page.waitForURL(/edition=zh/);
  }],
  ["searched", "", async (page) => {
    await page.locator('[data-testid="search"]').fill(hanSubstring(suite.archive));
    await page.locator('[data-testid="entry"] mark').first().waitFor();
  }],
  ["topic matched", "", async (page) => {
    // A topic's label searched: its chips take the mark's colours.
    const tag = suite.archive.tags.find((t) => suite.archive.entries.some((e) => e.tags?.includes(t.id)));
    await page.locator('[data-testid="search"]').fill(tag.labels.en.split(/\W/)[0]);
    await page.locator(".tag.is-match").first().waitFor();
  }],
  ["no results", "?q=zzqqxxnothing", async (page) => {
    await page.locator('[data-testid="no-results"]').waitFor();
  }],
  ["error", "?archive=/__fault/not-found", async (page) => {
    await page.locator('[data-testid="load-error"]').waitFor();
  }],
  ["chinese ui", "?ui=zh&tag=", async () => {}],
];

for (const scheme of ["light", "dark"]) {
  for (const [name, query, reach] of STATES) {
    test(`axe finds no violation: ${name}, ${scheme}`, async () => {
      const page = await newPage(suite.browser, { colorScheme: scheme });
      await page.goto(`${suite.server.origin}/${query}`);
      await page.locator('[data-testid="result-count"], [data-testid="load-error"]').first().waitFor();
      await reach(page);
      assert.deepEqual(await axe(page), []);
      const allowed = name === "error" ? [/Failed to load resource/] : [];
      assert.deepEqual(unexpectedProblems(page, allowed), []);
      await page.context().close();
    });
  }
}

for (const width of [1280, 375]) {
  for (const scheme of ["light", "dark"]) {
    test(`screenshot at ${width} px, ${scheme}`, async () => {
      const page = await newPage(suite.browser, { colorScheme: scheme, viewport: { width, height: 900 } });
      await page.goto(`${suite.server.origin}/`);
      await page.locator('[data-testid="entry"]').first().waitFor();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `no horizontal scrolling at ${width} px (overflow ${overflow} px)`);
      const file = path.join(SHOTS, `viewer-${width}-${scheme}.png`);
      await page.screenshot({ path: file });
      assert.ok(fs.statSync(file).size > 10_000, "the screenshot has content");
      await page.context().close();
    });
  }
}

test("the page is readable at 320 px", async () => {
  const page = await newPage(suite.browser, { viewport: { width: 320, height: 700 } });
  await page.goto(`${suite.server.origin}/`);
  await page.locator('[data-testid="entry"]').first().waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling at 320 px (overflow ${overflow} px)`);
  await page.context().close();
});

// The viewer on the real newsletter's archive, built by `make test` from
// ../shared/corpus into dist/real/ (skipped with a message when absent).
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { DIST, newPage, unexpectedProblems } from "./support/browser.mjs";
import { viewerSuite } from "./support/suite.mjs";
import { PAGE, expectCount, facetOption, plainText, renderAll, resultCount, visibleEntries } from "./support/viewer.mjs";

const REAL = path.join(DIST, "real", "archive.json");
const present = fs.existsSync(REAL);
if (!present) console.log(`skipping the real-archive specs: ${REAL} not found (make test builds it from ../shared/corpus when that exists)`);

// Nothing to start when every spec is skipped.
const suite = present ? viewerSuite({ archiveFile: REAL }) : null;

async function open(query = "") {
  const page = await newPage(suite.browser);
  await page.goto(`${suite.server.origin}/?archive=real/archive.json${query}`);
  await page.locator('[data-testid="result-count"]').waitFor({ timeout: 15000 });
  return page;
}

const rows = (page) => page.locator('[data-testid="entry"]').count();

test("the whole real archive loads and renders incrementally", { skip: !present && "no real archive" }, async () => {
  const page = await open();
  assert.equal(await resultCount(page), visibleEntries(suite.archive).length);
  const first = await rows(page);
  assert.ok(first > 0 && first <= PAGE, `first render has ${first} rows, at most one page of ${PAGE}`);
  let before = first;
  for (let i = 0; i < 3; i++) {
    await page.mouse.wheel(0, 100000);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="entry"]').length > n, before, { timeout: 5000 });
    const now = await rows(page);
    assert.ok(now - before <= PAGE, `one update added ${now - before} rows, at most one page of ${PAGE}`);
    before = now;
  }
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});

test("a Chinese substring search on the real archive", { skip: !present && "no real archive" }, async () => {
  const page = await open();
  await page.locator('[data-testid="search"]').fill("异步");
  await page.locator('[data-testid="entry"] mark').first().waitFor();
  const expected = visibleEntries(suite.archive).filter((e) => `${e.title}\n${plainText(e.description)}`.includes("异步")).length;
  const count = await resultCount(page);
  assert.ok(count >= expected && expected > 0, `${count} results, ${expected} entries hold 异步 in their text`);
  for (const m of await page.locator('[data-testid="entry"] mark').allTextContents()) assert.equal(m, "异步");
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});

test("facets and back/forward on the real archive", { skip: !present && "no real archive" }, async () => {
  const page = await open();
  await facetOption(page, "edition", "ja").check();
  await expectCount(page, visibleEntries(suite.archive).filter((e) => e.edition === "ja").length);
  await page.goBack();
  await expectCount(page, visibleEntries(suite.archive).length);
  await page.goForward();
  await expectCount(page, visibleEntries(suite.archive).filter((e) => e.edition === "ja").length);
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});

test("every facet count of the real archive stays on one line beside its label", { skip: !present && "no real archive" }, async () => {
  // Four-digit counts beside two-line labels ("Projects & Resources"):
  // the count must not be squeezed into a column of digits.
  const page = await open();
  const wrapped = await page.evaluate(() =>
    [...document.querySelectorAll(".facet-count")]
      .filter((count) => {
        const range = document.createRange();
        range.selectNodeContents(count);
        return range.getClientRects().length > 1;
      })
      .map((count) => `${count.closest("label").querySelector(".facet-label").textContent} ${count.textContent}`),
  );
  assert.ok((await page.locator(".facet-count").count()) > 30, "the facet panel shows its options");
  assert.deepEqual(wrapped, []);
  await page.context().close();
});

test("an \"also in\" link lands on its entry, however far down its issue", { skip: !present && "no real archive" }, async () => {
  // The English issue with the most entries, and its last row: past the
  // first page, so the viewer must add rows to reach it.
  const perIssue = new Map();
  for (const e of visibleEntries(suite.archive).filter((e) => e.edition === "en")) perIssue.set(e.issue, (perIssue.get(e.issue) ?? 0) + 1);
  const [issue, size] = [...perIssue].sort((a, b) => b[1] - a[1])[0];
  assert.ok(size > PAGE * 1.5, `issue ${issue} has ${size} entries`);
  const listing = await open(`&edition=en&from=${issue}&to=${issue}`);
  await listing.locator('[data-testid="entry"]').first().waitFor();
  await renderAll(listing);
  const ids = await listing.locator('[data-testid="entry"]').evaluateAll((rows) => rows.map((r) => r.dataset.entryId));
  await listing.context().close();
  const last = ids.at(-1);
  assert.ok(ids.length > PAGE, `${ids.length} rows`);

  const page = await open(`&edition=en&from=${issue}&to=${issue}&at=${last}`);
  await page.waitForFunction((id) => document.activeElement?.dataset?.entryId === id, last, { timeout: 5000 });
  const box = await page.locator(`[data-entry-id="${last}"]`).boundingBox();
  const height = page.viewportSize().height;
  assert.ok(box.y >= -1 && box.y < height, `the entry is in view (top at ${box.y} px)`);
  // The reader's next choice leaves the anchor behind.
  await page.locator('[data-testid="search"]').fill("python");
  await page.waitForURL((url) => url.searchParams.get("q") === "python" || !url.search.includes("at="));
  await page.waitForTimeout(400);
  assert.equal(new URL(page.url()).searchParams.get("at"), null);
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});

// While the archive downloads, the viewer shows its first entries: the
// archive (written newest first, entries last, as the builder writes it)
// is sent in two parts, and the page is looked at in between.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, streamRoute } from "./support/server.mjs";
import { DIST, launchBrowser, newPage, readSampleArchive, unexpectedProblems } from "./support/browser.mjs";
import { resultCount, shownIds, visibleEntries } from "./support/viewer.mjs";

/** Entries in the first part: more than a page, fewer than all. */
const FIRST_PART = 30;

let browser;
let archive;

before(async () => {
  browser = await launchBrowser();
  archive = readSampleArchive();
  assert.ok(archive.entries.length > FIRST_PART + 5, "the sample has entries after the first part");
});

after(async () => {
  await browser?.close();
});

/**
 * The sample archive, its first FIRST_PART entries (each closed by its
 * comma, so each can be read) sent at once and the rest once `release()`
 * is called. Resolves to { page, release }.
 */
async function openInTwoParts(t, query = "") {
  const { entries, ...head } = archive;
  const json = entries.map((e) => JSON.stringify(e));
  const first = `${JSON.stringify(head).slice(0, -1)},"entries":[${json.slice(0, FIRST_PART).join(",")},`;
  const rest = `${json.slice(FIRST_PART).join(",")}]}`;
  let release;
  const released = new Promise((resolve) => (release = resolve));
  const server = await startServer(DIST, {
    "/slow/archive.json": streamRoute("application/json", async function* () {
      yield first;
      await released;
      yield rest;
    }),
  });
  const page = await newPage(browser);
  t.after(async () => {
    release();
    await page.context().close();
    await server.close();
  });
  await page.goto(`${server.origin}/?archive=${encodeURIComponent("/slow/archive.json")}${query}`);
  return { page, release };
}

test("the first entries show while the rest downloads, then the whole archive replaces them", async (t) => {
  const { page, release } = await openInTwoParts(t);
  const busyRows = page.locator('#results[aria-busy="true"] [data-testid="entry"]');
  await busyRows.first().waitFor({ timeout: 10_000 });
  const preview = await shownIds(page);
  const firstVisible = visibleEntries({ entries: archive.entries.slice(0, FIRST_PART) }).map((e) => e.id);
  assert.deepEqual(preview, firstVisible.slice(0, preview.length), "the newest entries, in the order they came");
  // Nothing in it is the archive's yet: no count, no facet counts; it says it loads.
  assert.equal(await page.locator('[data-testid="result-count"]').count(), 0);
  assert.equal(await page.locator("fieldset[data-facet]").count(), 0);
  assert.match(await page.locator('[data-testid="loading"]').first().textContent(), /Loading/);

  release();
  assert.equal(await resultCount(page), visibleEntries(archive).length);
  assert.equal(await page.locator("#results[aria-busy]").count(), 0);
  assert.ok((await page.locator("fieldset[data-facet]").count()) > 0, "facets with the whole archive");
  const whole = await shownIds(page);
  assert.deepEqual(whole.slice(0, preview.length), preview, "the same first rows");
  assert.deepEqual(unexpectedProblems(page), []);
});

test("a view in another order waits for the whole archive", async (t) => {
  const { page, release } = await openInTwoParts(t, "&sort=oldest");
  await page.locator('[data-testid="loading"]').first().waitFor({ timeout: 10_000 });
  // Time for a preview to have come, were one made.
  await page.waitForTimeout(500);
  assert.equal(await page.locator('[data-testid="entry"]').count(), 0, "no rows from the newest entries");
  release();
  assert.equal(await resultCount(page), visibleEntries(archive).length);
  const oldest = (await shownIds(page))[0];
  const issues = new Map(archive.issues.map((i) => [`${i.edition}-${i.number}`, i.date]));
  const dates = visibleEntries(archive).map((e) => issues.get(`${e.edition}-${e.issue}`));
  const entry = archive.entries.find((e) => e.id === oldest);
  assert.equal(issues.get(`${entry.edition}-${entry.issue}`), [...dates].sort()[0], "the oldest issue first");
  assert.deepEqual(unexpectedProblems(page), []);
});

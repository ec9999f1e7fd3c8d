// The app loads, shows the bundled sample archive, and says clearly why
// when an archive cannot be shown.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { DIST, newPage, unexpectedProblems } from "./support/browser.mjs";
import { viewerSuite } from "./support/suite.mjs";
import { PAGE, renderAll, shownIds, visibleEntries } from "./support/viewer.mjs";

const suite = viewerSuite();

test("the sample archive renders its entries with safe title links", async () => {
  const page = await newPage(suite.browser);
  await page.goto(`${suite.server.origin}/`);
  await page.locator('[data-testid="entry"]').first().waitFor();
  const visible = visibleEntries(suite.archive).map((e) => e.id);
  assert.equal(await page.locator('[data-testid="entry"]').count(), Math.min(visible.length, PAGE), "the first render is one page");
  // Scrolled to the end, every non-removed sample entry is listed once.
  assert.equal(await renderAll(page), visible.length);
  const shown = await shownIds(page);
  assert.equal(new Set(shown).size, shown.length, `no entry is listed twice: ${shown}`);
  assert.deepEqual([...shown].sort(), [...visible].sort(), "every non-removed sample entry is listed");

  const first = page.locator('[data-testid="entry"] .entry-title a').first();
  assert.equal(await first.getAttribute("rel"), "noopener noreferrer");
  const titles = await page.locator('[data-testid="entry"] .entry-title').allTextContents();
  const expected = new Set(suite.archive.entries.map((e) => e.title));
  for (const title of titles) assert.ok(expected.has(title.trim()), `title comes from the archive: ${title}`);
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});

test("on a slow CPU the first render is still one page: no page is added unasked", async () => {
  // The list makes its first rows in one frame and the rest in the next;
  // a sighting of the list's end taken between the two (the end was near
  // then) loaded a second page on a slow machine, in about a third of the
  // loads at 4-10x CPU throttling. Several loads, since it was a race.
  const visible = visibleEntries(suite.archive).length;
  assert.ok(visible > PAGE, "the sample needs more than one page");
  const counts = [];
  for (let load = 0; load < 6; load++) {
    const page = await newPage(suite.browser);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send("Emulation.setCPUThrottlingRate", { rate: 6 });
    await page.goto(`${suite.server.origin}/`);
    await page.locator('[data-testid="entry"]').first().waitFor({ timeout: 20000 });
    // Long enough for both passes and any sighting after them.
    await page.waitForTimeout(1500);
    counts.push(await page.locator('[data-testid="entry"]').count());
    assert.deepEqual(unexpectedProblems(page), []);
    await page.context().close();
  }
  assert.deepEqual(counts, counts.map(() => PAGE), "rows after each load");
});

for (const [name, path, pattern] of [
  ["a missing archive (404)", "/__fault/not-found", /not found/i],
  ["a server error", "/__fault/server-error", /HTTP 500/],
  ["an HTML page instead of JSON", "/__fault/html", /instead of the archive/i],
  ["HTML sent as JSON", "/__fault/html-as-json", /not valid JSON/i],
  ["an empty file", "/__fault/empty", /empty/i],
  ["valid JSON of the wrong shape", "/__fault/wrong-shape", /not a weekly archive/i],
  ["an unknown format version", "/__fault/future-version", /format version 999/],
  ["truncated JSON", "/__truncated/archive.json", /not valid JSON/i],
  ["a network error", "/__fault/network-error", /could not be downloaded/i],
]) {
  test(`${name} shows a clear error with a retry button`, async () => {
    const page = await newPage(suite.browser);
    let archiveRequests = 0;
    page.on("request", (r) => new URL(r.url()).pathname === path && archiveRequests++);
    await page.goto(`${suite.server.origin}/?archive=${encodeURIComponent(path)}`);
    const error = page.locator('[data-testid="load-error"]');
    await error.waitFor({ timeout: 5000 });
    assert.match(await error.textContent(), pattern);
    assert.equal(archiveRequests, 1);
    await error.getByRole("button", { name: "Retry" }).click();
    await page.waitForFunction(() => document.querySelector('[data-testid="load-error"]'), null, { timeout: 5000 });
    assert.equal(archiveRequests, 2, "retry fetches the archive again");
    // The failing request itself is logged by the browser; nothing else may be.
    assert.deepEqual(unexpectedProblems(page, [/Failed to load resource/, /net::ERR_/]), []);
    await page.context().close();
  });
}

test("an archive on another origin is refused and the sample is shown", async () => {
  const page = await newPage(suite.browser);
  const requested = [];
  page.on("request", (r) => requested.push(r.url()));
  await page.goto(`${suite.server.origin}/?archive=${encodeURIComponent("https://evil.example/archive.json")}`);
  await page.locator('[data-testid="entry"]').first().waitFor();
  assert.deepEqual(
    requested.filter((u) => new URL(u).origin !== suite.server.origin),
    [],
    "no request left the origin",
  );
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});

test("the archive downloads beside the app's code, once", async () => {
  // "%ZZ" is an address to boot.js but not to the app (a malformed escape
  // is ignored): the download boot.js started is aborted, not used.
  for (const query of ["", "?archive=real/archive.json&archive=archive.json", "?archive=", "?archive=%ZZ"]) {
    const page = await newPage(suite.browser);
    const failed = [];
    page.on("requestfailed", (r) => failed.push({ name: new URL(r.url()).pathname, error: r.failure()?.errorText }));
    const resources = () =>
      page.evaluate(() =>
        performance
          .getEntriesByType("resource")
          .map((e) => ({ name: new URL(e.name).pathname, start: e.startTime, end: e.responseEnd, bytes: e.decodedBodySize })),
      );
    // That download never answers: only an abort ends it.
    await page.route(/\/%ZZ$/, () => {});
    await page.goto(`${suite.server.origin}/${query}`);
    await page.locator('[data-testid="entry"]').first().waitFor();
    const loads = await resources();
    const archives = loads.filter((l) => l.name.endsWith(".json"));
    const wasm = loads.find((l) => l.name.endsWith(".wasm"));
    assert.deepEqual(archives.map((l) => l.name), ["/archive.json"], `${query}: the archive the app shows, fetched once`);
    // Started by boot.js with the wasm, not after the wasm has started
    // (but for "%ZZ", where the app asks for it itself).
    const prefetched = archives[0].start < wasm.end;
    assert.equal(prefetched, !query.includes("%ZZ"), `${query}: archive requested at ${archives[0].start} ms, wasm arrived at ${wasm.end} ms`);
    await page.waitForLoadState("networkidle");
    // A download whose whole body the page has (its timing entry holds
    // every byte of the file) is not abandoned, even if Chromium reports
    // it cancelled: on a busy machine the page can finish reading, and let
    // the response go, before the network's "complete" arrives (seen with
    // the app's own fetch for "%ZZ"). Anything else cancelled is a half-read
    // or unused download.
    const loaded = await resources();
    const wholeBody = (name) => loaded.some((e) => e.name === name && e.bytes > 0 && e.bytes === fs.statSync(path.join(DIST, name)).size);
    const abandoned = failed.filter((f) => !wholeBody(f.name)).map((f) => `${f.name} ${f.error}`);
    assert.deepEqual(abandoned, query.includes("%ZZ") ? ["/%ZZ net::ERR_ABORTED"] : [], `${query}: aborted downloads`);
    assert.deepEqual(unexpectedProblems(page), []);
    await page.context().close();
  }
});

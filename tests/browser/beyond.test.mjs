// Beyond filtering: the same link in other issues and editions, archived
// copies, "surprise me" and the feed of the current view, on the sample.
import { test } from "node:test";
import assert from "node:assert/strict";
import { closeClean, newPage } from "./support/browser.mjs";
import { viewerSuite } from "./support/suite.mjs";
import { expectCount, facetOption, issueDate, newestFirst, queryOf, renderAll, scrollToEntry, shownIds, visibleEntries } from "./support/viewer.mjs";

const suite = viewerSuite();

// The builder's normalization, enough for the sample's links.
const norm = (url) => url.replace(/^https?:\/\/(www\.)?/, "").replace(/#.*$/, "").replace(/\/$/, "");
const dateOf = (e) => issueDate(suite.archive, e);

test("an entry whose link appears elsewhere says where, and goes there", async () => {
  const byLink = new Map();
  for (const e of suite.archive.entries.filter((e) => e.url)) {
    const key = norm(e.url);
    byLink.set(key, [...(byLink.get(key) ?? []), e]);
  }
  const shared = [...byLink.values()].find((group) => group.length > 1 && group.some((e) => e.edition === "zh") && group.some((e) => e.edition === "en"));
  assert.ok(shared, "the sample has a link in both editions");
  const zh = shared.find((e) => e.edition === "zh");
  const en = shared.find((e) => e.edition === "en");
  const page = await suite.open();
  const card = await scrollToEntry(page, zh.id);
  const also = card.locator('[data-testid="also-in"] a');
  assert.deepEqual(await also.allTextContents(), [`English #${en.issue}`]);
  await also.first().click();
  await page.waitForURL(/edition=en/);
  const q = queryOf(page);
  assert.equal(q.from, String(en.issue));
  assert.equal(q.to, String(en.issue));
  // It lands on that entry: named in the URL, focused for the reader.
  assert.equal(q.at, en.id);
  await page.waitForFunction((id) => document.activeElement?.dataset?.entryId === id, en.id, { timeout: 5000 });
  // One issue is one chip, not a from and a to.
  const chips = await page.locator('[data-testid="chips"] .chip:not(.chip-clear) > span:first-child').allTextContents();
  assert.deepEqual(chips, ["Edition: English edition", `Issue #${en.issue}`]);
  await page.locator(`[data-entry-id="${en.id}"]`).waitFor();
  // And back to the Chinese edition from there.
  const back = page.locator(`[data-entry-id="${en.id}"] [data-testid="also-in"] a`);
  assert.deepEqual(await back.allTextContents(), [`Chinese #${zh.issue}`]);
  await closeClean(page);
});

test("an entry links its translation in the other edition, found by place when the links differ", async () => {
  // Two entries at the same place whose links appear nowhere else, so each
  // lists exactly the other.
  const uses = new Map();
  for (const e of suite.archive.entries.filter((e) => e.url)) uses.set(norm(e.url), (uses.get(norm(e.url)) ?? 0) + 1);
  const alone = (e) => e?.url && e.status !== "removed" && uses.get(norm(e.url)) === 1;
  const placeOf = (e) => `${e.issue}/${e.section}/${e.position}`;
  const enAt = new Map(suite.archive.entries.filter((e) => e.edition === "en").map((e) => [placeOf(e), e]));
  const pair = suite.archive.entries
    .filter((e) => e.edition === "zh" && alone(e))
    .map((zh) => [zh, enAt.get(placeOf(zh))])
    .find(([zh, en]) => alone(en) && dateOf(zh) === dateOf(en));
  assert.ok(pair, "the sample has a translated item whose two editions link different URLs");
  const [zh, en] = pair;
  const page = await suite.open(`?edition=zh&from=${zh.issue}&to=${zh.issue}`);
  const also = page.locator(`[data-entry-id="${zh.id}"] [data-testid="also-in"] a`);
  assert.deepEqual(await also.allTextContents(), [`English #${en.issue}`]);
  await also.first().click();
  await page.locator(`[data-entry-id="${en.id}"]`).waitFor();
  const back = page.locator(`[data-entry-id="${en.id}"] [data-testid="also-in"] a`);
  assert.deepEqual(await back.allTextContents(), [`Chinese #${zh.issue}`]);
  await closeClean(page);
});

test("every linked entry offers an archived copy at its issue's date", async () => {
  const page = await suite.open();
  const first = visibleEntries(suite.archive).find((e) => e.url);
  const card = await scrollToEntry(page, first.id);
  const href = await card.locator('[data-testid="archived-copy"]').getAttribute("href");
  assert.equal(href, `https://web.archive.org/web/${dateOf(first).replaceAll("-", "")}/${first.url}`);
  const titleOnly = suite.archive.entries.find((e) => e.status === "title_only");
  const paid = await scrollToEntry(page, titleOnly.id);
  assert.equal(await paid.locator('[data-testid="archived-copy"]').count(), 0, "no copy without a link");
  await closeClean(page);
});

test("surprise me opens a random entry within the current filters", async () => {
  const page = await newPage(suite.browser);
  await page.addInitScript(() => {
    window.__opened = [];
    window.open = (url) => {
      window.__opened.push(String(url));
      return null;
    };
  });
  await page.goto(`${suite.server.origin}/?edition=en`);
  await page.locator('[data-testid="result-count"]').waitFor();
  const allowed = new Set(visibleEntries(suite.archive).filter((e) => e.edition === "en" && e.url).map((e) => e.url));
  for (let i = 0; i < 8; i++) await page.locator('[data-testid="surprise"]').click();
  const opened = await page.evaluate(() => window.__opened);
  assert.ok(opened.length > 0, "something opened");
  for (const url of opened) assert.ok(allowed.has(url), `${url} is an en entry`);
  await page.locator('[data-testid="search"]').fill("zzqqxxnothing");
  await page.locator('[data-testid="no-results"]').waitFor();
  const surprise = page.locator('[data-testid="surprise"]');
  assert.equal(await surprise.isDisabled(), true, "nothing to pick from");
  const look = await surprise.evaluate((b) => ({ opacity: Number(getComputedStyle(b).opacity), cursor: getComputedStyle(b).cursor }));
  assert.deepEqual(look, { opacity: 0.5, cursor: "not-allowed" }, "and it looks it");
  await closeClean(page);
});

test("the feed link follows a single tag, section or edition filter", async () => {
  const page = await suite.open();
  assert.equal(await page.locator('[data-testid="feed-link"]').count(), 0, "no feed for everything");
  await facetOption(page, "edition", "zh").check();
  await expectCount(page, visibleEntries(suite.archive).filter((e) => e.edition === "zh").length);
  const href = await page.locator('[data-testid="feed-link"]').getAttribute("href");
  assert.ok(href.endsWith("/feeds/edition-zh.xml"), href);
  const response = await page.request.get(new URL(href, page.url()).href);
  assert.equal(response.status(), 200, `${href} exists`);
  assert.match(await response.text(), /<rss/);
  await facetOption(page, "edition", "en").check();
  await page.waitForURL(/edition=zh%2Cen|edition=zh,en/);
  assert.equal(await page.locator('[data-testid="feed-link"]').count(), 0, "no single feed for two editions");
  await closeClean(page);
});

test("a toggle lists a link that recurs in an edition once, at its newest", async () => {
  const order = newestFirst(suite.archive);
  const seen = new Set();
  const once = order.filter((e) => {
    if (!e.url) return true;
    const key = `${e.edition} ${norm(e.url)}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  assert.ok(once.length < order.length, "the sample has a link repeated within an edition");
  const page = await suite.open();
  await page.locator('[data-testid="each-link-once"]').check();
  await expectCount(page, once.length);
  assert.equal(queryOf(page).once, "1");
  // Every row, in order: scrolled to the end.
  await renderAll(page);
  assert.deepEqual(await shownIds(page), once.map((e) => e.id));
  await page.goBack();
  await expectCount(page, order.length);
  await closeClean(page);
});

test("topic trends chart entries per quarter, and a cell filters to it", async () => {
  const page = await suite.open();
  const trends = page.locator('[data-testid="trends"]');
  await trends.locator("summary").first().click();
  // The chart is drawn once the panel opens (not before: it costs a pass
  // over the archive), so wait for it.
  await trends.locator("svg .trend-bar").first().waitFor();
  assert.ok((await trends.locator("svg .trend-bar").count()) > 0, "bars are drawn");
  await trends.locator(".trend-table summary").click();
  // The newest quarter is marked while a weekly issue may still come in it
  // (its newest issue more than 6 days before the quarter ends).
  const newest = suite.archive.issues.map((i) => i.date).sort().pop();
  const [year, month, day] = newest.split("-").map(Number);
  const lastMonth = Math.ceil(month / 3) * 3;
  const partial = month < lastMonth || new Date(Date.UTC(year, lastMonth, 0)).getUTCDate() - day >= 7;
  const heads = await page.locator('[data-testid="trends-table"] thead th').allTextContents();
  assert.equal(heads.at(-1).endsWith("(so far)"), partial, `${heads.at(-1)} (newest issue ${newest})`);
  assert.equal(heads.filter((h) => h.includes("so far")).length, partial ? 1 : 0);
  // The charts say what their bars span and how tall the tallest is.
  const scale = await page.locator('[data-testid="trends-scale"]').textContent();
  assert.match(scale, new RegExp(`^Quarters from ${heads[1]} to ${heads.at(-1).replace(/[()]/g, "\\$&")}; the tallest bar is \\d+ entries\\.$`));
  const cells = (await page.locator('[data-testid="trends-table"] tbody button').allTextContents()).map(Number);
  assert.equal(Number(scale.match(/(\d+) entries/)[1]), Math.max(...cells), "the tallest bar is the table's largest figure");
  assert.equal(await trends.locator("svg .trend-bar.is-partial").count() > 0, partial, "its bars are drawn lighter");
  const cell = page.locator('[data-testid="trends-table"] button').first();
  const label = await cell.getAttribute("aria-label");
  await cell.click();
  await page.waitForURL(/tag=/);
  const q = queryOf(page);
  const [from, to] = [Number(q.from), Number(q.to)];
  const expected = visibleEntries(suite.archive).filter((e) => e.tags?.includes(q.tag) && e.issue >= from && e.issue <= to).length;
  await expectCount(page, expected);
  assert.ok(label.endsWith(`: ${expected}`) || expected >= Number(label.split(": ").pop()), `${label} vs ${expected}`);
  await closeClean(page);
});

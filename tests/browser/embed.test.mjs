// Embedding on a blog: a host page on one origin (with a strict CSP) and
// the archive on another, two ports of 127.0.0.1.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { startServer } from "./support/server.mjs";
import { DIST, launchBrowser, newPage, readSampleArchive, unexpectedProblems } from "./support/browser.mjs";
import { visibleEntries } from "./support/viewer.mjs";

let archiveServer;
let hostServer;
let thirdServer;
let browser;
let archive;
let hostDir;

const FAVICON = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"/>';

function hostPage(archiveOrigin, thirdOrigin) {
  const csp = [
    "default-src 'self'",
    `script-src ${archiveOrigin}`,
    `frame-src ${archiveOrigin} ${thirdOrigin}`,
    "style-src 'self'",
    "img-src 'self'",
  ].join("; ");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<link rel="icon" href="/favicon.svg"><title>A blog post</title></head>
<body><h1>A blog post about asyncio</h1>
<div id="first" data-weekly-archive data-edition="zh" data-locked="edition" data-title="Chinese edition links">
  <a href="${archiveOrigin}/?edition=zh">Python Trending Weekly: Chinese edition</a>
</div>
<p>Some text between the two embeds.</p>
<div id="second" data-weekly-archive data-lang="en" data-sort="oldest" data-target="top">
  <a href="${archiveOrigin}/?lang=en">Python Trending Weekly: English links</a>
</div>
<iframe id="third" title="another site" src="${thirdOrigin}/third.html"></iframe>
<script src="${archiveOrigin}/embed.js" defer></script>
</body></html>`;
}

before(async () => {
  archiveServer = await startServer(DIST);
  hostDir = fs.mkdtempSync(path.join(os.tmpdir(), "embed-host-"));
  fs.writeFileSync(path.join(hostDir, "favicon.svg"), FAVICON);
  fs.writeFileSync(path.join(hostDir, "third.html"), '<!doctype html><meta charset="utf-8"><link rel="icon" href="/favicon.svg"><title>third</title><p>third party</p>');
  hostServer = await startServer(hostDir);
  thirdServer = await startServer(hostDir);
  fs.writeFileSync(path.join(hostDir, "index.html"), hostPage(archiveServer.origin, thirdServer.origin));
  browser = await launchBrowser();
  archive = readSampleArchive();
});

after(async () => {
  await browser?.close();
  await Promise.all([archiveServer?.close(), hostServer?.close(), thirdServer?.close()]);
  if (hostDir) fs.rmSync(hostDir, { recursive: true, force: true });
});

/** Opens the host page and waits for both embeds to show results. */
async function openHost(options = {}) {
  const page = await newPage(browser, options);
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener("securitypolicyviolation", (e) => window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  await page.goto(`${hostServer.origin}/`);
  const frames = {};
  for (const id of ["first", "second"]) {
    const iframe = page.locator(`#${id} iframe`);
    await iframe.waitFor();
    frames[id] = page.frameLocator(`#${id} iframe`);
    await frames[id].locator('[data-testid="result-count"]').waitFor();
  }
  return { page, frames };
}

const heightOf = (page, id) => page.locator(`#${id} iframe`).evaluate((f) => f.getBoundingClientRect().height);
const frameOf = (page, id) => page.frames().find((f) => f.url().startsWith(archiveServer.origin) && f.url().includes(id === "first" ? "edition=zh" : "lang=en"));

// The frame's height once it stops changing: the same for three readings
// 150 ms apart (the first message may still be on its way).
async function settledHeight(page, id) {
  let last = -1;
  let same = 0;
  for (let i = 0; i < 40; i++) {
    const h = await heightOf(page, id);
    same = h === last ? same + 1 : 0;
    if (same >= 2) return h;
    last = h;
    await page.waitForTimeout(150);
  }
  return last;
}

test("each embed appears with its presets, and a locked filter cannot be removed", async () => {
  const { page, frames } = await openHost();
  // Each frame is named for what it shows: data-title, else its fallback link's words.
  assert.equal(await page.locator("#first iframe").getAttribute("title"), "Chinese edition links");
  assert.equal(await page.locator("#second iframe").getAttribute("title"), "Python Trending Weekly: English links");
  const src = await page.locator("#first iframe").getAttribute("src");
  assert.ok(src.startsWith(`${archiveServer.origin}/?`) && src.includes("embed=1") && src.includes("edition=zh") && src.includes("locked=edition"), src);
  const zh = visibleEntries(archive).filter((e) => e.edition === "zh").length;
  const countText = await frames.first.locator('[data-testid="result-count"]').textContent();
  assert.equal(Number.parseInt(countText, 10), zh);
  assert.equal(await frames.first.locator(".chip-locked").count(), 1, "the locked edition shows as a fixed chip");
  assert.equal(await frames.first.locator('[data-facet="edition"]').count(), 0, "no edition facet to change it");
  assert.equal(await frames.second.locator('[data-testid="sort"]').inputValue(), "oldest");
  const full = await frames.first.locator('[data-testid="full-archive"]').getAttribute("href");
  assert.ok(full.includes("edition=zh") && !full.includes("embed") && !full.includes("locked"), full);
  assert.deepEqual(await page.evaluate(() => window.__violations), [], "no CSP violation on the host");
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});

test("the frame's height follows its content, with no inner scrollbar", async () => {
  const { page, frames } = await openHost();
  const frame = frameOf(page, "second");
  await frames.second.locator('[data-testid="entry"]').first().waitFor();
  // As a reader would, bring it into view: Chromium does not render a
  // cross-origin frame below the fold (no resize observations there), so
  // an embed sizes itself when it is scrolled to, not before.
  await page.locator("#second iframe").scrollIntoViewIfNeeded();
  // The frame fits once its height equals its content's, with no inner
  // scrolling; on a busy machine that can take a few frames, so poll.
  const fit = async () => {
    let reading;
    for (let i = 0; i < 50; i++) {
      const height = await settledHeight(page, "second");
      const content = await frame.evaluate(() => document.documentElement.scrollHeight);
      const inner = await frame.evaluate(() => document.documentElement.scrollHeight - document.documentElement.clientHeight);
      reading = { height, content, inner };
      if (Math.abs(height - content) <= 2 && inner <= 1) break;
      await page.waitForTimeout(200);
    }
    return reading;
  };
  const before = await fit();
  assert.ok(Math.abs(before.height - before.content) <= 2, JSON.stringify(before));
  assert.ok(before.inner <= 1, `no inner scrolling: ${JSON.stringify(before)}`);
  await frames.second.locator('[data-testid="search"]').fill("zzqqxxnothing");
  await frames.second.locator('[data-testid="no-results"]').waitFor();
  const after = await fit();
  assert.ok(after.height < before.height, `the frame shrank: ${before.height} -> ${after.height}`);
  assert.ok(Math.abs(after.height - after.content) <= 2 && after.inner <= 1, JSON.stringify(after));
  await page.context().close();
});

test("height messages from another origin or another frame are ignored", async () => {
  const { page } = await openHost();
  const first = await settledHeight(page, "first");
  const second = await settledHeight(page, "second");
  // From the host itself (wrong origin).
  await page.evaluate(() => window.postMessage({ type: "weekly-archive:height", height: 3333 }, "*"));
  // From a third-party frame on another origin.
  const third = page.frames().find((f) => f.url().startsWith(thirdServer.origin));
  await third.evaluate(() => parent.postMessage({ type: "weekly-archive:height", height: 4444 }, "*"));
  // From the second embed: only the second frame may change.
  await frameOf(page, "second").evaluate(() => parent.postMessage({ type: "weekly-archive:height", height: 777 }, "*"));
  await page.waitForTimeout(300);
  assert.equal(await heightOf(page, "first"), first, "the first frame kept its height");
  assert.equal(await heightOf(page, "second"), 777, "the second frame obeyed its own message");
  // Nonsense heights are clamped or dropped.
  await frameOf(page, "second").evaluate(() => parent.postMessage({ type: "weekly-archive:height", height: 1e9 }, "*"));
  await page.waitForTimeout(200);
  assert.equal(await heightOf(page, "second"), 20000);
  await frameOf(page, "second").evaluate(() => parent.postMessage({ type: "weekly-archive:height", height: "NaN" }, "*"));
  await page.waitForTimeout(200);
  assert.equal(await heightOf(page, "second"), 20000);
  assert.ok(second > 0);
  await page.context().close();
});

test("two embeds on one page stay independent", async () => {
  const { page, frames } = await openHost();
  const secondBefore = await frames.second.locator('[data-testid="result-count"]').textContent();
  await frames.first.locator('[data-testid="search"]').fill("zzqqxxnothing");
  await frames.first.locator('[data-testid="no-results"]').waitFor();
  assert.equal(await frames.second.locator('[data-testid="result-count"]').textContent(), secondBefore);
  assert.ok(!frameOf(page, "second").url().includes("zzqq"), "the second frame's URL is untouched");
  await page.context().close();
});

test("links open outside the frame", async () => {
  const { page, frames } = await openHost();
  const targets = await frames.first.locator('[data-testid="entry"] a[href]').evaluateAll((as) => as.map((a) => a.target));
  assert.ok(targets.length > 0 && targets.every((t) => t === "_blank"), targets.join());
  const topTargets = await frames.second.locator('[data-testid="entry"] .entry-title a').evaluateAll((as) => as.map((a) => a.target));
  assert.ok(topTargets.every((t) => t === "_top"), "data-target=top opens links in the top window");
  // Clicking a link opens a new tab; the frame stays where it was.
  await page.context().route(/^https?:\/\/(?!127\.0\.0\.1)/, (route) => route.fulfill({ status: 200, contentType: "text/html", body: "<!doctype html><title>out</title>" }));
  const popup = page.context().waitForEvent("page");
  await frames.first.locator('[data-testid="entry"] .entry-title a').first().click();
  const opened = await popup;
  assert.ok(!opened.url().startsWith(archiveServer.origin), opened.url());
  assert.ok(frameOf(page, "first").url().includes("embed=1"), "the frame did not navigate");
  await page.context().close();
});

test("without JavaScript the host page shows plain links to the archive", async () => {
  const page = await newPage(browser, { javaScriptEnabled: false });
  await page.goto(`${hostServer.origin}/`);
  const link = page.locator("#first a");
  assert.equal(await link.getAttribute("href"), `${archiveServer.origin}/?edition=zh`);
  assert.equal(await page.locator("#first iframe").count(), 0);
  await page.context().close();
});

// Broken archives beyond the ones foundation.test.mjs covers: valid JSON
// under a content type that is not JSON's, damaged entries among good
// ones, a 50 MB archive streamed while it is generated (whole, cut short,
// or with garbage at the end), and tampered app files. Whatever arrives,
// the reader sees the archive or a clear message, never a blank page once
// the app has started.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { send, startServer, streamRoute } from "./support/server.mjs";
import { DIST, launchBrowser, newPage, readSampleArchive, unexpectedProblems } from "./support/browser.mjs";
import { expectCount, renderAll, resultCount, scrollToEntry, shownIds, visibleEntries } from "./support/viewer.mjs";

/** The browser logs the failing request itself; nothing else may be logged. */
const FAILED_RESOURCE = [/Failed to load resource/, /net::ERR_/];
/** How long a reader may wait once the last byte of the archive has arrived. */
const AFTER_ARRIVAL_MS = 5000;
/** Generous, so that only AFTER_ARRIVAL_MS is asserted on a slow machine. */
const BIG_TIMEOUT_MS = 60_000;

let browser;
/** dist's archive.json, parsed. */
let sample;
/** How many generated entries make the 50 MB archive. */
let bigEntries;

/** Damaged copies of three visible entries, each wrong in its own way. */
const DAMAGE = [
  ["a missing title", (e) => { delete e.title; }],
  ["an issue number that is text", (e) => { e.issue = "forty"; }],
  ["a description that is not rich text", (e) => { e.description = { html: "<p>hi</p>" }; }],
];

function damagedArchive() {
  const archive = structuredClone(sample);
  const targets = archive.entries.filter((e) => e.status !== "removed").slice(1, 1 + DAMAGE.length);
  DAMAGE.forEach(([, damage], i) => damage(targets[i]));
  return { text: JSON.stringify(archive), ids: targets.map((e) => e.id) };
}

// --- a 50 MB archive, generated while it is sent -------------------------

const BIG_BYTES = 50 * 1024 * 1024;
const ENTRIES_PER_ISSUE = 40;
const EDITIONS = ["zh", "en", "ja"];
const LANGS = ["zh", "en", "ja", "zh-en"];
const WORDS = {
  zh: ["异步编程", "类型提示", "打包工具", "性能优化", "解释器", "数据处理", "大模型", "智能体", "并发", "测试", "调试", "源码解读", "垃圾回收", "装饰器"],
  en: ["asyncio", "typing", "packaging", "Rust", "FastAPI", "Django", "pandas", "Polars", "CPython", "GIL", "uv", "pytest", "profiling", "agents", "WebAssembly", "SQLite"],
  ja: ["非同期", "型ヒント", "パッケージング", "高速化", "インタプリタ", "データ分析", "テスト", "デバッグ"],
};

/** A small seeded generator, so every run sends the same archive. */
function random(seed) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (list) => list[Math.floor(next() * list.length)];
  const words = (edition, n) => Array.from({ length: n }, () => pick(WORDS[edition])).join(edition === "en" ? " " : "");
  return { next, pick, words };
}

/**
 * One entry like the builder's: a title, a link, a rich description, tags.
 * In the builder's order: newest issue first, one date's editions in turn.
 */
function bigEntry(rng, index, sections, tagIds, issueCount) {
  const inIssue = index % (ENTRIES_PER_ISSUE * 3);
  const edition = EDITIONS[Math.floor(inIssue / ENTRIES_PER_ISSUE)];
  const issue = issueCount - Math.floor(index / (ENTRIES_PER_ISSUE * 3));
  const section = sections[(inIssue % ENTRIES_PER_ISSUE) % sections.length];
  const position = 1 + (inIssue % ENTRIES_PER_ISSUE);
  const slug = `${edition}/${issue}/${section.id}/${position}`;
  const entry = {
    id: `${edition}-${issue}-${section.id}-${position}`,
    edition,
    issue,
    section: section.id,
    section_title: section.labels[edition],
    position,
    number: position,
    title: `${rng.words(edition, 2 + Math.floor(rng.next() * 4))} ${index}`,
    url: `https://example.com/${slug}/${rng.words("en", 2).replace(/\W+/g, "-").toLowerCase()}`,
    description: [[
      `${rng.words(edition, 4 + Math.floor(rng.next() * 6))} `,
      { code: rng.pick(WORDS.en).toLowerCase() },
      ` ${rng.words(edition, 4)} `,
      { strong: [rng.words(edition, 2)] },
      " ",
      { href: `https://example.org/${slug}/more`, text: [rng.words(edition, 2)] },
    ]],
    lang: rng.pick(LANGS),
    tags: [rng.pick(tagIds), rng.pick(tagIds)].filter((t, i, all) => all.indexOf(t) === i),
  };
  if (index % 7 === 0) entry.children = [{ title: rng.words(edition, 3), url: `https://example.net/${slug}/child` }];
  return entry;
}

/**
 * The chunks of a 50 MB archive: the sample's sections and tags, issues
 * enough for `entryCount` entries, then the entries (last and newest
 * first, as the builder writes them). `ending` is "whole",
 * "truncated" (cut in the middle of its last entry) or "garbage" (bytes
 * after the closing brace). `halfway()` is awaited once half the entries
 * are sent, so a spec can look at the page mid-download.
 */
async function* bigArchive({ entryCount, ending, halfway }) {
  const rng = random(2024);
  const issueCount = Math.ceil(entryCount / (ENTRIES_PER_ISSUE * 3));
  const issues = [];
  for (const edition of EDITIONS) {
    for (let number = 1; number <= issueCount; number++) {
      const day = new Date(Date.UTC(2000, 0, 1 + 7 * number)).toISOString().slice(0, 10);
      issues.push({ edition, number, date: day, title: `Weekly ${edition} #${number}`, source: `${day}-weekly.md` });
    }
  }
  const head = { format_version: 1, issues, sections: sample.sections, tags: sample.tags };
  yield `${JSON.stringify(head).slice(0, -1)},"entries":[`;
  const tagIds = sample.tags.map((t) => t.id);
  let chunk = [];
  for (let i = 0; i < entryCount; i++) {
    const text = JSON.stringify(bigEntry(rng, i, sample.sections, tagIds, issueCount));
    const last = i === entryCount - 1;
    chunk.push((i ? "," : "") + (last && ending === "truncated" ? text.slice(0, text.length / 2) : text));
    if (chunk.length === 500 || last) {
      yield chunk.join("");
      chunk = [];
    }
    if (i === Math.floor(entryCount / 2)) await halfway?.();
  }
  if (ending !== "truncated") yield "]}";
  if (ending === "garbage") yield "\n\u0000\u0000<html>garbage</html>";
}

/** How many generated entries make about 50 MB (measured, not guessed). */
async function entriesFor(bytes) {
  const probe = 10_000;
  let size = 0;
  for await (const chunk of bigArchive({ entryCount: probe, ending: "whole" })) size += Buffer.byteLength(chunk);
  return Math.round((bytes / size) * probe);
}

// --- setup ---------------------------------------------------------------

before(async () => {
  sample = readSampleArchive();
  bigEntries = await entriesFor(BIG_BYTES);
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

/**
 * A server of the built app plus `extra` routes, and a new page that
 * watches for blank frames; both are closed after the test.
 */
async function serverAndPage(t, extra) {
  const server = await startServer(DIST, extra);
  const page = await newPage(browser);
  await watchBlankFrames(page);
  t.after(async () => {
    await page.context().close();
    await server.close();
  });
  return { server, page };
}

/** Opens the viewer on the archive at `archivePath`. */
const openArchive = (page, server, archivePath) =>
  page.goto(`${server.origin}/?archive=${encodeURIComponent(archivePath)}`);

/** What the frame watcher times: the first frame that shows each. */
// The whole archive's entries: a preview of the first ones is busy.
const OUTCOMES = { entries: '#results:not([aria-busy]) [data-testid="entry"]', error: '[data-testid="load-error"]' };

/**
 * Records, on every frame from the first one, in `window.__frames`:
 * when the page first showed any text, how many frames after that were
 * blank, the longest time between two frames (the page was frozen), and
 * in `shownAt` the time (ms since the epoch) of the first frame that
 * showed each of OUTCOMES. Until the app starts, index.html's static
 * "starting" note is what shows.
 */
async function watchBlankFrames(page) {
  await page.addInitScript((outcomes) => {
    const frames = { firstContentMs: null, blankAfterContent: 0, total: 0, longestGapMs: 0, shownAt: {} };
    Object.defineProperty(window, "__frames", { value: frames });
    let last = null;
    const tick = () => {
      // Not the callback's argument: that is when the frame was asked for,
      // which can be seconds before a busy page gets to draw it.
      const now = performance.now();
      frames.total++;
      if (last !== null) frames.longestGapMs = Math.max(frames.longestGapMs, Math.round(now - last));
      last = now;
      const blank = !document.body || document.body.innerText.trim() === "";
      if (!blank && frames.firstContentMs === null) frames.firstContentMs = Math.round(now);
      if (blank && frames.firstContentMs !== null) frames.blankAfterContent++;
      for (const [name, selector] of Object.entries(outcomes)) {
        if (!(name in frames.shownAt) && document.querySelector(selector)) {
          frames.shownAt[name] = performance.timeOrigin + now;
        }
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }, OUTCOMES);
}

/** Now, in ms since the epoch, comparable with the page's `shownAt`. */
const epochNow = () => performance.timeOrigin + performance.now();

/** Waits for the archive to show `count` results; fails at once with the message if it shows an error. */
async function expectLoaded(page, count) {
  await page.locator(`${OUTCOMES.entries}, ${OUTCOMES.error}`).first().waitFor({ timeout: 10_000 });
  const error = page.locator(OUTCOMES.error);
  if (await error.count()) assert.fail(`the archive did not load: ${(await error.innerText()).replace(/\s+/g, " ").trim()}`);
  await expectCount(page, count);
}

/** Asserts what the frame watcher saw; `t` gets the time of the first content. */
async function assertNeverBlankAfterStart(page, t) {
  const frames = await page.evaluate(() => window.__frames);
  t?.diagnostic(`first content ${frames.firstContentMs} ms after navigation`);
  assert.ok(frames.firstContentMs !== null, "the page showed something");
  assert.equal(frames.blankAfterContent, 0, `no blank frame once the app has shown something (${frames.total} frames)`);
  return frames;
}

// --- 1. content types and encodings --------------------------------------

// A host that does not know .json sends text/plain or octet-stream (or
// nothing); the body is still the archive, so the reader gets it. Only an
// HTML content type is refused (foundation.test.mjs): that is a wrong page.
for (const type of ["text/plain; charset=utf-8", "application/octet-stream", null]) {
  test(`the archive served as ${type ?? "no content type"} still loads`, async (t) => {
    const body = fs.readFileSync(path.join(DIST, "archive.json"));
    const { server, page } = await serverAndPage(t, { "/typed/archive.json": (req, res) => send(res, 200, type, body) });
    await openArchive(page, server, "/typed/archive.json");
    await expectLoaded(page, visibleEntries(sample).length);
    assert.equal(await page.locator('[data-testid="load-error"]').count(), 0);
    assert.equal(await page.locator('[data-testid="skipped-entries"]').count(), 0);
    assert.deepEqual(unexpectedProblems(page), []);
  });
}

// A text editor's byte order mark, or one stray byte that is not UTF-8,
// must not hide the archive: browsers drop the first and show U+FFFD for
// the second when they decode text, and so must the viewer.
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);
const STRAY = "STRAY-BYTE-HERE";
for (const [name, body, check] of [
  ["a UTF-8 byte order mark", () => Buffer.concat([BOM, fs.readFileSync(path.join(DIST, "archive.json"))]), null],
  [
    "an invalid UTF-8 byte in a title",
    () => {
      const archive = structuredClone(sample);
      const entry = visibleEntries(archive)[0];
      entry.title += STRAY;
      const [head, tail] = JSON.stringify(archive).split(STRAY);
      return Buffer.concat([Buffer.from(head), Buffer.from([0xff]), Buffer.from(tail)]);
    },
    async (page) => {
      const entry = visibleEntries(sample)[0];
      const card = await scrollToEntry(page, entry.id);
      const title = await card.locator(".entry-title").textContent();
      assert.equal(title.trim(), `${entry.title}\uFFFD`, "the stray byte shows as U+FFFD");
    },
  ],
]) {
  test(`an archive with ${name} still loads`, async (t) => {
    const bytes = body();
    const { server, page } = await serverAndPage(t, {
      "/encoded/archive.json": (req, res) => send(res, 200, "application/json", bytes),
    });
    await openArchive(page, server, "/encoded/archive.json");
    await expectLoaded(page, visibleEntries(sample).length);
    assert.equal(await page.locator('[data-testid="skipped-entries"]').count(), 0);
    await check?.(page);
    assert.deepEqual(unexpectedProblems(page), []);
  });
}

// --- 2. damaged entries --------------------------------------------------

test("entries of the wrong shape are skipped, counted, and the rest load", async (t) => {
  const damaged = damagedArchive();
  const { server, page } = await serverAndPage(t, {
    "/damaged/archive.json": (req, res) => send(res, 200, "application/json", damaged.text),
  });
  await openArchive(page, server, "/damaged/archive.json");
  await expectLoaded(page, visibleEntries(sample).length - DAMAGE.length);
  const notice = page.locator('[data-testid="skipped-entries"]');
  assert.match(await notice.textContent(), new RegExp(`^\\s*${DAMAGE.length} entries of the archive were damaged`));
  // The first damaged entry (a missing title) is named, with the loader's reason.
  assert.match(await notice.locator('[data-testid="skip-reason"]').textContent(), /^\(entry \d+: missing field `title`/);
  await renderAll(page);
  const shown = await shownIds(page);
  assert.equal(shown.length, visibleEntries(sample).length - DAMAGE.length, "every good entry is listed");
  for (const id of damaged.ids) assert.ok(!shown.includes(id), `damaged entry ${id} is not shown`);
  assert.equal(await page.locator('[data-testid="load-error"]').count(), 0);
  await assertNeverBlankAfterStart(page, t);
  assert.deepEqual(unexpectedProblems(page), []);
});

// --- 3. a 50 MB archive --------------------------------------------------

/** `promise`, or an error saying `what` did not happen within `ms`. */
function within(ms, what, promise) {
  let timer;
  const timeout = new Promise((resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** The process ids of the browser's renderers. */
async function rendererPids() {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = await within(10_000, "listing the browser's processes", cdp.send("SystemInfo.getProcessInfo"));
    return processInfo.filter((p) => p.type === "renderer").map((p) => p.id);
  } finally {
    await cdp.detach();
  }
}

/** Peak resident memory (VmHWM, Linux) of the renderers not in `before`, in MB. */
async function rendererPeakMb(before) {
  const peaks = (await rendererPids())
    .filter((pid) => !before.includes(pid))
    .map((pid) => {
      try {
        const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
        return Number(status.match(/VmHWM:\s+(\d+) kB/)?.[1] ?? 0) / 1024;
      } catch {
        return 0;
      }
    });
  return Math.round(Math.max(0, ...peaks));
}

/**
 * Streams the 50 MB archive with `ending` to a new page. Halfway through,
 * checks that the page shows the loading state, then lets the rest go.
 * Resolves once the server has sent the last byte, with the page, the
 * byte count, the time the last byte left (epochNow()) and
 * `peakMb()`, the peak memory of the page's renderer so far.
 */
async function streamBig(t, ending, atHalfway = async () => {}) {
  const earlierRenderers = await rendererPids();
  let reachedHalfway;
  const halfwayReached = new Promise((resolve) => (reachedHalfway = resolve));
  let resume;
  const resumed = new Promise((resolve) => (resume = resolve));
  let finished;
  const lastByteSent = new Promise((resolve) => (finished = resolve));
  let bytes = 0;
  const { server, page } = await serverAndPage(t, {
    "/big/archive.json": streamRoute(
      "application/json",
      async function* () {
        const halfway = () => (reachedHalfway(), resumed);
        for await (const chunk of bigArchive({ entryCount: bigEntries, ending, halfway })) {
          bytes += Buffer.byteLength(chunk);
          yield chunk;
        }
      },
      { onFinish: () => finished(epochNow()) },
    ),
  });
  const started = epochNow();
  await openArchive(page, server, "/big/archive.json");
  await within(BIG_TIMEOUT_MS, "the browser reading half the archive", halfwayReached);
  // Throws unless the loading state is visible while the server waits:
  // with the first entries that have come, the newest, and no count yet.
  await page.locator('[data-testid="loading"]').waitFor({ timeout: BIG_TIMEOUT_MS });
  const preview = page.locator('#results[aria-busy="true"] [data-testid="entry"]');
  await preview.first().waitFor({ timeout: BIG_TIMEOUT_MS });
  assert.match(await preview.first().getAttribute("data-entry-id"), new RegExp(`^zh-${Math.ceil(bigEntries / (ENTRIES_PER_ISSUE * 3))}-`), "the newest issue's first");
  assert.equal(await page.locator('[data-testid="result-count"]').count(), 0, "no count before the whole archive");
  await atHalfway(page);
  await assertNeverBlankAfterStart(page);
  resume();
  const sentAt = await within(BIG_TIMEOUT_MS, "sending the rest of the archive", lastByteSent);
  t.diagnostic(`${(bytes / 1e6).toFixed(1)} MB (${bigEntries} entries) sent in ${Math.round(sentAt - started)} ms`);
  return { page, bytes, sentAt, peakMb: () => rendererPeakMb(earlierRenderers) };
}

/**
 * Waits for the `outcome` (a key of OUTCOMES), and returns how long after
 * the last byte left the first frame showing it was drawn (`ms`), and
 * when the page answered again (`answeredMs`: later, if the app kept the
 * page busy right after drawing it).
 */
async function shownAfter(page, outcome, sentAt) {
  await page.locator(OUTCOMES[outcome]).first().waitFor({ timeout: BIG_TIMEOUT_MS });
  const answeredMs = Math.round(epochNow() - sentAt);
  const shownAt = await page.evaluate((name) => window.__frames.shownAt[name], outcome);
  return { ms: Math.round(shownAt - sentAt), answeredMs };
}

test("a valid 50 MB archive loads: loading state while it arrives, then every entry", { timeout: 3 * BIG_TIMEOUT_MS }, async (t) => {
  // A reader who starts typing while it loads keeps the search box, its
  // text and the caret when the whole archive replaces the first entries.
  const search = (page) => page.locator('input[type="search"]');
  const { page, bytes, sentAt, peakMb } = await streamBig(t, "whole", async (page) => {
    await search(page).click();
    await page.keyboard.type("ab");
    await page.keyboard.press("Backspace");
    await page.keyboard.press("Backspace");
  });
  assert.ok(bytes >= BIG_BYTES * 0.95, `the archive is about 50 MB (${bytes} bytes)`);
  const { ms, answeredMs } = await shownAfter(page, "entries", sentAt);
  const peak = await peakMb();
  assert.equal(await resultCount(page), bigEntries, "the count is every entry");
  assert.ok(await search(page).evaluate((el) => el === document.activeElement), "the search box kept the focus");
  assert.equal(await page.locator('[data-testid="skipped-entries"]').count(), 0);
  const frames = await assertNeverBlankAfterStart(page, t);
  t.diagnostic(`first entries drawn ${ms} ms after the last byte, page answering at ${answeredMs} ms; longest frozen frame ${frames.longestGapMs} ms; renderer peak RSS ${peak} MB`);
  assert.deepEqual(unexpectedProblems(page), []);
  assert.ok(peak < 1024, `the renderer's memory stays under 1 GB: ${peak} MB`);
  assert.ok(ms <= AFTER_ARRIVAL_MS, `entries show within ${AFTER_ARRIVAL_MS} ms of the last byte: ${ms} ms`);
});

for (const ending of ["truncated", "garbage"]) {
  test(`a 50 MB archive that is ${ending === "truncated" ? "cut short" : "followed by garbage"} shows the error with Retry`, { timeout: 3 * BIG_TIMEOUT_MS }, async (t) => {
    const { page, sentAt, peakMb } = await streamBig(t, ending);
    const error = page.locator('[data-testid="load-error"]');
    const { ms, answeredMs } = await shownAfter(page, "error", sentAt);
    const frames = await assertNeverBlankAfterStart(page);
    t.diagnostic(`error drawn ${ms} ms after the last byte, page answering at ${answeredMs} ms; longest frozen frame ${frames.longestGapMs} ms; renderer peak RSS ${await peakMb()} MB`);
    assert.match(await error.textContent(), /not valid JSON/i);
    assert.ok(await error.getByRole("button", { name: "Retry" }).isVisible(), "a Retry button");
    assert.equal(await page.locator('[data-testid="entry"]').count(), 0);
    assert.deepEqual(unexpectedProblems(page), []);
    assert.ok(ms <= AFTER_ARRIVAL_MS, `the error shows within ${AFTER_ARRIVAL_MS} ms of the last byte: ${ms} ms`);
  });
}

// --- 4. a tampered app ---------------------------------------------------

// index.html loads boot.js (the loader and the wasm-bindgen glue in one
// file) with an integrity hash; boot.js fetches the wasm with one. Each
// file, altered on the way, must be refused before any of it runs, and the
// reader told: by boot.js's alert when the wasm is refused, by the page's
// static note when boot.js itself is.
const MARK = "window.__tampered = true;\n";
const markJs = (bytes) => Buffer.concat([Buffer.from(MARK), bytes]);
const TAMPERED = [
  {
    what: "wasm",
    file: /\.wasm$/,
    type: "application/wasm",
    alter: (bytes) => {
      const altered = Buffer.from(bytes);
      altered[altered.length >> 1] ^= 0x01;
      return altered;
    },
    note: [".boot-error[role=alert]", /could not start.*altered/],
  },
  {
    what: "loader (boot.js)",
    file: /^boot-.*\.js$/,
    type: "text/javascript",
    alter: markJs,
    note: [".boot-pending[role=status]", /Starting the archive viewer.*reload the page/s],
  },
];

test("every script the page runs is covered by an integrity hash", async (t) => {
  const { server, page } = await serverAndPage(t, {});
  const scripts = [];
  page.on("request", (r) => r.resourceType() === "script" && scripts.push(new URL(r.url()).pathname.slice(1)));
  await page.goto(`${server.origin}/`);
  await page.locator('[data-testid="entry"]').first().waitFor();
  const html = fs.readFileSync(path.join(DIST, "index.html"), "utf8");
  const covered = [...html.matchAll(/<script[^>]* src="\.\/([^"]+)"[^>]* integrity="sha384-[^"]+"/g)].map((m) => m[1]);
  assert.ok(scripts.length > 0);
  assert.deepEqual(scripts.filter((s) => !covered.includes(s)), [], "scripts fetched without an integrity hash");
  assert.equal(await page.locator(".boot-pending").count(), 0, "the starting note is gone once the app runs");
  assert.deepEqual(unexpectedProblems(page), []);
});

for (const { what, file, type, alter, note: [noteSelector, noteText] } of TAMPERED) {
  test(`a tampered ${what} is refused by its integrity hash`, async (t) => {
    const name = fs.readdirSync(DIST).find((f) => file.test(f));
    assert.ok(name, `the build has a ${what} file`);
    const altered = alter(fs.readFileSync(path.join(DIST, name)));
    const { server, page } = await serverAndPage(t, { [`/${name}`]: (req, res) => send(res, 200, type, altered) });
    const refused = page.waitForEvent("console", {
      predicate: (m) => /integrity/i.test(m.text()) && m.text().includes(name),
      timeout: 5000,
    });
    await page.goto(`${server.origin}/`);
    await refused;
    await page.waitForLoadState("networkidle");
    assert.equal(await page.evaluate(() => window.__tampered), undefined, "no line of the altered file ran");
    assert.equal(await page.locator('[data-testid="entry"], [data-testid="loading"]').count(), 0, "the app did not start");
    assert.deepEqual(
      unexpectedProblems(page, [/integrity/i, /the app could not start: TypeError: Failed to fetch/, ...FAILED_RESOURCE]),
      [],
    );
    const shown = page.locator(noteSelector);
    await shown.waitFor({ timeout: 5000 });
    assert.match(await shown.textContent(), noteText, "the page tells the reader");
    await assertNeverBlankAfterStart(page);
  });
}

// The page's own notes speak the reader's language, as the app would: the
// ui= parameter first, else the browser's.
test("the notes of a viewer that cannot start are in the reader's language", async (t) => {
  const name = fs.readdirSync(DIST).find((f) => f.endsWith(".wasm"));
  const { alter } = TAMPERED[0];
  const altered = alter(fs.readFileSync(path.join(DIST, name)));
  const { server, page } = await serverAndPage(t, { [`/${name}`]: (req, res) => send(res, 200, "application/wasm", altered) });
  const problems = [/integrity/i, /the app could not start/, ...FAILED_RESOURCE];
  for (const [ui, words] of [["zh", /无法启动.*刷新页面/], ["ja", /起動できませんでした.*再読み込み/], ["fr", /could not start.*Reload/]]) {
    await page.goto(`${server.origin}/?ui=${ui}`);
    const note = page.locator(".boot-error[role=alert]");
    await note.waitFor({ timeout: 5000 });
    assert.match(await note.textContent(), words, `ui=${ui}`);
  }
  assert.deepEqual(unexpectedProblems(page, problems), []);
});

// --- 5. the running app crashes ------------------------------------------

// The release wasm aborts on a panic: a trap (WebAssembly.RuntimeError)
// reaches the page as an uncaught error, and the wasm no longer answers.
// boot.js tells the reader once. The trap here is a real one, from the
// smallest module whose one function is `unreachable`, thrown from a timer
// (an event the app's wasm would be running in) and from a promise.
for (const via of ["timer", "promise"]) {
  test(`a wasm trap in a ${via} is shown to the reader as a stopped viewer`, async (t) => {
    const { server, page } = await serverAndPage(t, {});
    await page.goto(`${server.origin}/`);
    await page.locator('[data-testid="entry"]').first().waitFor();
    assert.equal(await page.locator(".app-stopped").count(), 0, "no note while the app runs");
    const trap = (how) =>
      page.evaluate((how) => {
        // (module (func (export "f") unreachable))
        const bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 4, 1, 96, 0, 0, 3, 2, 1, 0, 7, 5, 1, 1, 102, 0, 0, 10, 5, 1, 3, 0, 0, 11]);
        const { f } = new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports;
        if (how === "timer") setTimeout(f);
        else Promise.resolve().then(f);
      }, how);
    await trap(via);
    const note = page.locator(".app-stopped[role=alert]");
    await note.waitFor({ timeout: 5000 });
    assert.match(await note.textContent(), /stopped after an internal error.*Reload/);
    await trap("timer");
    await trap("promise");
    await page.waitForTimeout(100);
    assert.equal(await page.locator(".app-stopped").count(), 1, "told once, however many traps follow");
    assert.ok(await note.isVisible(), "the note is in view");
    assert.deepEqual(unexpectedProblems(page, [/unreachable/i]), []);
  });
}

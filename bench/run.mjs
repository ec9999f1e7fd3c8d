#!/usr/bin/env node
// Browser benchmark of the viewer (issue 7), against MiniSearch, FlexSearch
// and Pagefind on the same entries and the same typed queries, and a page
// that only changes one text node per key ("floor": what key→paint costs
// any page in this browser).
//
//   node run.mjs [--app ../dist] [--real ../dist/real/archive.json]
//     [--synthetic <archive.json>] [--sample <archive.json>] [--no-sample]
//     [--tools app,minisearch,flexsearch,pagefind,floor] [--networks fast,paced,slow]
//     [--session-cap 45] [--slow-queries 20] [--slow-synthetic app,pagefind]
//     [--pagefind-cap 240] [--pagefind-max-entries 25000|all]
//     [--out ../target/bench/browser.txt] [--json <file>] [--chromium <path>]
// See README.md for what each number means.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import zlib from "node:zlib";
import { parseArgs } from "node:util";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startServer } from "./lib/server.mjs";
import { writeDocuments } from "./lib/docs.mjs";
import { buildPagefind } from "./lib/pagefind.mjs";
import { QUERIES } from "./lib/session.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, "..");

// The scripted session (lib/session.mjs); a facet option is clicked (in
// the app) before some of its queries.
// Before query i: check the first free option of facet group g, or uncheck it again.
const FACET_STEPS = { 3: ["check", 0], 6: ["uncheck", 0], 9: ["check", 1], 12: ["uncheck", 1], 15: ["check", 2], 18: ["uncheck", 2] };
const FIRST_QUERY = "asyncio";

const NETWORKS = {
  fast: { name: "unthrottled", cpu: 1, conditions: null },
  // Paced by the server at 30 Mb/s, full CPU: the body arrives over time,
  // as on a real connection, so what the page does while it downloads shows.
  paced: { name: "paced 30Mb/s", cpu: 1, conditions: null, pace: 30e6 / 8 },
  slow: {
    name: "10Mb/40ms/4xCPU",
    cpu: 4,
    conditions: { offline: false, latency: 40, downloadThroughput: (10e6 / 8), uploadThroughput: (10e6 / 8) },
  },
};

const TARGETS = {
  realAfterArchive: 150,
  realEngineP95: 4,
  realPaintP95: 16,
  synthFirst: 600,
  synthEngineP95: 12,
  appBrotli: 120 * 1024,
  bytesPerEntry: 250,
  vsMiniSearch: 5,
  vsPagefind: 3,
};

// ---------------------------------------------------------------- options
const { values: opt } = parseArgs({
  options: {
    app: { type: "string", default: path.join(REPO, "dist") },
    real: { type: "string" },
    synthetic: { type: "string" },
    sample: { type: "string" },
    "no-sample": { type: "boolean", default: false },
    tools: { type: "string", default: "app,minisearch,flexsearch,pagefind,floor" },
    networks: { type: "string", default: "fast,paced,slow" },
    "pagefind-cap": { type: "string", default: "240" },
    "pagefind-max-entries": { type: "string", default: "25000" },
    "session-cap": { type: "string", default: "45" },
    "slow-queries": { type: "string", default: String(QUERIES.length) },
    "slow-synthetic": { type: "string", default: "app,pagefind" },
    out: { type: "string", default: path.join(REPO, "target/bench/browser.txt") },
    json: { type: "string" },
    chromium: { type: "string", default: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" },
    help: { type: "boolean", default: false },
  },
});
if (opt.help) {
  console.log(fs.readFileSync(fileURLToPath(import.meta.url), "utf8").split("\n").slice(1, 11).join("\n"));
  process.exit(0);
}
const APP = path.resolve(opt.app);
const TOOLS = opt.tools.split(",").map((t) => t.trim()).filter(Boolean);
const NETS = opt.networks.split(",").map((n) => NETWORKS[n.trim()] ?? die(`unknown network ${n}`));
const PAGEFIND_CAP_MS = Number(opt["pagefind-cap"]) * 1000;
// Pagefind indexes 100k entries in minutes (one page each): by default
// only the first 25k are indexed, and the output says so.
const PAGEFIND_MAX = opt["pagefind-max-entries"] === "all" ? Infinity : Number(opt["pagefind-max-entries"]);
const SESSION_CAP_MS = Number(opt["session-cap"]) * 1000;
// Throttled runs type the whole session too by default (an earlier default
// of 5 queries, about 27 keystrokes, gave a p50 that swung from run to run);
// fewer with --slow-queries when time is short.
const SLOW_QUERIES = Number(opt["slow-queries"]);
// On the 100k archive, the throttled run is limited to these tools (at 4×
// CPU, MiniSearch and FlexSearch need minutes to index 100k entries), and
// to the first results (no typed session).
const SLOW_SYNTHETIC = opt["slow-synthetic"].split(",").map((t) => t.trim()).filter(Boolean);

function die(message) {
  console.error(`bench: ${message}`);
  process.exit(2);
}
if (!fs.existsSync(path.join(APP, "index.html"))) die(`no built app in ${APP} (trunk build --release first)`);
if (!fs.existsSync(opt.chromium)) die(`no Chromium at ${opt.chromium} (scripts/setup.sh browser installs it)`);

// The bundled sample is measured when asked (--sample) or when no other
// archive is given.
const archives = [];
const sample = opt.sample ?? path.join(APP, "archive.json");
if (!opt["no-sample"] && (opt.sample || (!opt.real && !opt.synthetic)) && fs.existsSync(sample)) {
  archives.push({ name: "sample", file: path.resolve(sample) });
}
for (const name of ["real", "synthetic"]) {
  if (!opt[name]) continue;
  if (fs.existsSync(opt[name])) archives.push({ name, file: path.resolve(opt[name]) });
  else console.log(`bench: ${name} archive ${opt[name]} not found, skipping it`);
}
if (archives.length === 0) die("no archive to measure");

// ---------------------------------------------------------------- helpers
const started = performance.now();
const out = [];
const say = (line = "") => {
  console.log(line);
  out.push(line);
};
const log = (line) => console.error(`  … [${((performance.now() - started) / 1000).toFixed(0)} s] ${line}`);
const kB = (n) => (n == null ? "-" : n >= 1e6 ? `${(n / 1048576).toFixed(1)}MB` : `${(n / 1024).toFixed(1)}kB`);
const ms = (n, digits) => (n == null || Number.isNaN(n) ? "-" : n.toFixed(digits ?? (n < 10 ? 2 : n < 100 ? 1 : 0)));
const pct = (values, p) => {
  const v = values.filter((x) => x != null).sort((a, b) => a - b);
  if (v.length === 0) return null;
  return v[Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1))];
};
const brotliCache = new Map();
function brotliSize(file, { fast = false } = {}) {
  if (brotliCache.has(file)) return brotliCache.get(file);
  const bytes = fs.readFileSync(file);
  // Quality 11 (what a host precompressing static files uses); above 16 MB,
  // and for the competitors' documents above 1 MB, quality 5 to keep the
  // bench short: larger, so never flattering.
  const quality = bytes.length > 16 * 1048576 || (fast && bytes.length > 1048576) ? 5 : 11;
  const size = zlib.brotliCompressSync(bytes, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: quality, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
  }).length;
  const result = { raw: bytes.length, brotli: size, quality };
  brotliCache.set(file, result);
  return result;
}

// ---------------------------------------------------------------- prepare
// On tmpfs when there is one: Pagefind writes one file per entry, and
// creating and deleting 100k files on a busy disk takes minutes.
const work = fs.mkdtempSync(path.join(fs.existsSync("/dev/shm") ? "/dev/shm" : os.tmpdir(), "weekly-bench-"));
const loadStart = os.loadavg();
// Leave nothing behind, even when a run throws.
process.on("exit", () => fs.rmSync(work, { recursive: true, force: true }));
const mounts = [
  ["/", APP],
  ["/__bench/pages/", path.join(HERE, "pages")],
  ["/__bench/lib/minisearch.js", path.join(HERE, "node_modules/minisearch/dist/es/index.js")],
  ["/__bench/lib/flexsearch.js", path.join(HERE, "node_modules/flexsearch/dist/flexsearch.bundle.module.min.mjs")],
];

// The app's code: every .js and .wasm of dist/ (as tests/browser/sizes
// counts it), and the part the viewer page loads (embed.js is for host
// pages that embed the viewer; the viewer itself never loads it).
const appFiles = fs.readdirSync(APP).filter((f) => f.endsWith(".js") || f.endsWith(".wasm"));
const loadedByPage = (() => {
  const html = fs.readFileSync(path.join(APP, "index.html"), "utf8");
  const boot = appFiles.find((f) => f.startsWith("boot-") && html.includes(f));
  const bootText = boot ? fs.readFileSync(path.join(APP, boot), "utf8") : "";
  return appFiles.filter((f) => f === boot || bootText.includes(f) || html.includes(f) || (f.endsWith("_bg.wasm") && bootText.includes(f)));
})();
const sizeOfFiles = (files) => files.reduce((n, f) => n + brotliSize(path.join(APP, f)).brotli, 0);
const appBrotli = sizeOfFiles(loadedByPage);
const appBrotliAll = sizeOfFiles(appFiles);
const appRaw = loadedByPage.reduce((n, f) => n + fs.statSync(path.join(APP, f)).size, 0);

for (const a of archives) {
  log(`preparing the ${a.name} archive (${a.file})`);
  const archive = JSON.parse(fs.readFileSync(a.file, "utf8"));
  a.entries = archive.entries.length;
  const dir = path.join(work, a.name);
  fs.mkdirSync(dir);
  a.docsFile = path.join(dir, "docs.json");
  const docs = writeDocuments(archive, a.docsFile);
  a.docs = docs.length;
  a.size = brotliSize(a.file);
  a.docsSize = brotliSize(a.docsFile, { fast: true });
  mounts.push([`/__bench/data/${a.name}/archive.json`, a.file], [`/__bench/data/${a.name}/docs.json`, a.docsFile]);
  if (TOOLS.includes("pagefind")) {
    const subset = docs.slice(0, PAGEFIND_MAX);
    log(`building the Pagefind index of ${subset.length} entries (cap ${PAGEFIND_CAP_MS / 1000} s)`);
    try {
      a.pagefind = await buildPagefind(subset, path.join(dir, "site"), { capMs: PAGEFIND_CAP_MS });
      a.pagefind.subset = subset.length < docs.length;
      if (!a.pagefind.error) {
        a.pagefind.bytes = dirSize(a.pagefind.bundle);
        mounts.push([`/__bench/pagefind/${a.name}/`, a.pagefind.bundle]);
      }
    } catch (error) {
      a.pagefind = { error: String(error.message ?? error) };
    }
  }
}

function dirSize(dir) {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    n += e.isDirectory() ? dirSize(p) : fs.statSync(p).size;
  }
  return n;
}

// ---------------------------------------------------------------- browser
const server = await startServer(mounts);
// Headless Chromium 156 builds its WebUI omnibox popup (a renderer that
// loads some 800 modules) beside each new window: about 0.85 s of a core
// of the two here, in the middle of the measured page load. No page pays
// that in a reader's browser, so it is turned off for every tool alike.
const launch = () =>
  chromium.launch({
    executablePath: opt.chromium,
    headless: true,
    args: ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-features=WebUIOmniboxPopup", "--enable-precise-memory-info"],
  });
let browser = await launch();
// A crashed (or killed) browser costs one run, not the whole bench.
async function liveBrowser() {
  if (!browser.isConnected()) {
    log("the browser is gone: starting a new one");
    browser = await launch();
  }
  return browser;
}

function urlFor(tool, a, query) {
  const data = `/__bench/data/${a.name}`;
  const q = query ? `&q=${encodeURIComponent(query)}` : "";
  switch (tool) {
    case "app":
      return `${server.origin}/?archive=${encodeURIComponent(`${data}/archive.json`)}${q}`;
    case "minisearch":
    case "flexsearch":
      return `${server.origin}/__bench/pages/${tool}.html?docs=${encodeURIComponent(`${data}/docs.json`)}${q}`;
    case "pagefind":
      return `${server.origin}/__bench/pages/pagefind.html?bundle=${encodeURIComponent(`/__bench/pagefind/${a.name}/`)}${q}`;
    case "floor":
      return `${server.origin}/__bench/pages/floor.html?${q.slice(1)}`;
  }
  throw new Error(tool);
}

async function openPage(net) {
  const context = await (await liveBrowser()).newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript({ path: path.join(HERE, "lib/probe.js") });
  const page = await context.newPage();
  page.problems = [];
  page.on("pageerror", (e) => page.problems.push(`page error: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && page.problems.push(`console: ${m.text()}`));
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.enable");
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  server.setPace(net.pace ?? 0);
  if (net.conditions) await cdp.send("Network.emulateNetworkConditions", net.conditions);
  if (net.cpu > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate: net.cpu });
  return { context, page, cdp };
}

/**
 * Bytes of the responses that ended before `until`, raw and as brotli,
 * and of those still arriving then (`partial`: the bytes in so far, and
 * that share of the file's brotli size).
 */
function bytesOf(transfers, partial = []) {
  let raw = 0;
  let br = 0;
  const fileOf = (url) => {
    const file = server.resolve(decodeURIComponent(new URL(url).pathname));
    const real = file && fs.existsSync(file) && fs.statSync(file).isFile() ? file : file && path.join(file, "index.html");
    return real && fs.existsSync(real) ? real : null;
  };
  for (const t of transfers) {
    raw += t.encoded;
    const file = fileOf(t.url);
    br += file ? brotliSize(file).brotli : t.encoded;
  }
  for (const p of partial) {
    raw += p.received;
    const file = fileOf(p.url);
    br += file ? Math.round((brotliSize(file).brotli * p.received) / fs.statSync(file).size) : p.received;
  }
  return { raw, br };
}

// Every response of the page and of its workers (Pagefind searches in a
// worker, whose fetches the page's Resource Timing does not list), with
// the wall-clock time it ended and its body size as received.
function recordResponses(page, cdp) {
  const done = [];
  const pending = [];
  // Bytes as they arrive (CDP's monotonic clock, mapped to the epoch), for
  // the responses still coming at a given time.
  const urls = new Map();
  const chunks = [];
  let epochOffset = null;
  cdp.on("Network.requestWillBeSent", (e) => {
    urls.set(e.requestId, e.request.url);
    epochOffset ??= e.wallTime - e.timestamp;
  });
  cdp.on("Network.dataReceived", (e) => chunks.push({ url: urls.get(e.requestId), s: e.timestamp, bytes: e.dataLength }));
  page.on("requestfinished", (request) => {
    pending.push(
      request.sizes().then((sizes) => {
        const timing = request.timing();
        done.push({ url: request.url(), encoded: sizes.responseBodySize, endEpoch: timing.startTime + timing.responseEnd });
      }, () => {}),
    );
  });
  return async (untilEpoch) => {
    await Promise.all(pending);
    const ended = done.filter((d) => d.endEpoch <= untilEpoch + 1);
    const received = new Map();
    for (const c of chunks) {
      if (!c.url || ended.some((d) => d.url === c.url) || (c.s + epochOffset) * 1000 > untilEpoch) continue;
      received.set(c.url, (received.get(c.url) ?? 0) + c.bytes);
    }
    const partial = [...received].map(([url, n]) => ({ url, received: n }));
    return { ended, partial };
  };
}

async function firstResults(page, cdp, url) {
  const responses = recordResponses(page, cdp);
  await page.goto(url, { waitUntil: "commit", timeout: 300000 });
  const first = await page.evaluate(() => window.__bench.waitFirst(300000));
  if (first.timeout) {
    const error = await page.evaluate(() => window.__benchError ?? document.body.innerText.slice(0, 200));
    throw new Error(`no first results: ${error} ${page.problems.join("; ")}`);
  }
  const origin = await page.evaluate(() => performance.timeOrigin);
  const { ended: transfers, partial } = await responses(origin + first.painted);
  const timeline = await page.evaluate((t) => window.__bench.transfers(t), first.painted);
  return { first, transfers, timeline, bytes: bytesOf(transfers, partial) };
}

async function facetStep(page, action, group, state) {
  const id = await page.evaluate(
    ({ action, group, chosen }) => {
      for (const d of document.querySelectorAll("details")) d.open = true;
      if (action === "uncheck") return chosen && document.getElementById(chosen) ? chosen : null;
      const groups = [...document.querySelectorAll("fieldset[data-facet]")];
      if (groups.length === 0) return null;
      const set = groups[group % groups.length];
      const box = [...set.querySelectorAll('input[type="checkbox"]')].find((b) => !b.disabled && !b.checked);
      return box ? box.id : null;
    },
    { action, group, chosen: state.chosen },
  );
  if (!id) return null;
  state.chosen = id;
  const box = page.locator(`[id="${id}"]`);
  await box.scrollIntoViewIfNeeded();
  await page.evaluate((label) => window.__bench.arm("facet", label), `${action} ${id}`);
  await box.click();
  return page.evaluate(() => window.__bench.settled());
}

async function session(page, tool, capMs, queries) {
  const t0 = performance.now();
  const box = page.locator('input[type="search"]').first();
  await box.waitFor({ timeout: 60000 });
  await box.click();
  const state = {};
  const records = [];
  const over = () => performance.now() - t0 > capMs;
  for (const [i, query] of QUERIES.slice(0, queries).entries()) {
    if (over()) {
      records.cut = `session cut at the ${capMs / 1000} s cap after ${i} of ${queries} queries`;
      break;
    }
    if (tool === "app" && FACET_STEPS[i]) {
      const r = await facetStep(page, ...FACET_STEPS[i], state);
      if (r) records.push(r);
      await box.click();
    }
    let typed = "";
    for (const c of query) {
      if (over()) break;
      typed += c;
      await page.evaluate((label) => window.__bench.arm("key", label), typed);
      await page.keyboard.type(c);
      records.push(await page.evaluate(() => window.__bench.settled()));
    }
    await page.keyboard.press("ControlOrMeta+a");
    await page.evaluate(() => window.__bench.arm("clear", ""));
    await page.keyboard.press("Backspace");
    records.push(await page.evaluate(() => window.__bench.settled()));
  }
  return records;
}

async function memory(page, cdp) {
  await cdp.send("HeapProfiler.collectGarbage").catch(() => {});
  const heap = await cdp.send("Runtime.getHeapUsage").catch(() => null);
  const wasm = await page.evaluate(() => window.__bench.wasmBytes());
  return { js: heap?.usedSize ?? null, wasm };
}

function summarize(records) {
  const keys = records.filter((r) => r && r.kind === "key" && !r.timeout);
  const facets = records.filter((r) => r && r.kind === "facet" && !r.timeout);
  const pick = (list, f) => list.map(f);
  return {
    keystrokes: keys.length,
    timeouts: records.filter((r) => r && r.timeout).length,
    noChange: keys.filter((r) => r.noChange).length,
    engineP50: pct(pick(keys, (r) => r.engine), 50),
    engineP95: pct(pick(keys, (r) => r.engine), 95),
    engineMax: pct(pick(keys, (r) => r.engine), 100),
    domP50: pct(pick(keys, (r) => r.keyToDom), 50),
    domP95: pct(pick(keys, (r) => r.keyToDom), 95),
    paintP50: pct(pick(keys, (r) => r.keyToPaint), 50),
    paintP95: pct(pick(keys, (r) => r.keyToPaint), 95),
    paintMax: pct(pick(keys, (r) => r.keyToPaint), 100),
    facetPaintP95: pct(pick(facets, (r) => r.keyToPaint), 95),
    facetEngineP95: pct(pick(facets, (r) => r.engine), 95),
    facets: facets.length,
    rowsMax: Math.max(0, ...keys.map((r) => r.rows)),
    nodesMax: Math.max(0, ...keys.map((r) => r.nodes)),
    slowest: records.filter((r) => r && !r.timeout).reduce((a, r) => (!a || r.keyToPaint > a.keyToPaint ? r : a), null),
    rowsMaxAll: Math.max(0, ...records.filter((r) => r && !r.timeout).map((r) => r.rows)),
  };
}

async function runTool(tool, a, net) {
  const result = { tool, archive: a.name, net: net.name };
  if (tool === "pagefind" && (!a.pagefind || a.pagefind.error)) {
    result.error = `no Pagefind index: ${a.pagefind?.error ?? "not built"}`;
    return result;
  }
  let opened;
  try {
    opened = await openPage(net);
  } catch (error) {
    result.error = `could not open a page: ${String(error.message ?? error).split("\n")[0]}`;
    return result;
  }
  const { context, page, cdp } = opened;
  try {
    const t = performance.now();
    const { first, timeline, bytes, transfers } = await firstResults(page, cdp, urlFor(tool, a, tool === "app" ? null : FIRST_QUERY));
    result.first = first;
    result.bytes = bytes;
    result.responses = transfers.length;
    const isArchive = (x) => x.url.includes(`/__bench/data/${a.name}/`);
    result.dataEnd = timeline.find(isArchive)?.responseEnd ?? null;
    if (tool === "app") {
      // The first rows may be a preview of the archive's first entries:
      // the session starts once the whole archive is in (its count shows).
      await page.locator('[data-testid="result-count"]').waitFor({ timeout: 300000 });
      result.whole = await page.evaluate(() => performance.getEntriesByName("weekly-engine-ready")[0]?.startTime ?? null);
      // When the archive had all arrived, also if that was after the
      // first results (then "after the archive" is negative: before it).
      const all = await page.evaluate(() => window.__bench.transfers(null));
      result.dataEnd = all.find(isArchive)?.responseEnd ?? result.dataEnd;
    }
    log(`${net.name} ${a.name} ${tool}: first results in ${ms(first.painted)} ms; typing…`);
    // Let the app index the text in the background (it starts 30 ms after
    // the first results), as a reader would before typing.
    await page.waitForTimeout(tool === "app" ? 300 : 50);
    const queries = net !== NETWORKS.slow ? QUERIES.length : a.name === "synthetic" ? 0 : SLOW_QUERIES;
    const typingFrom = await page.evaluate(() => performance.now());
    const records = await session(page, tool, SESSION_CAP_MS, queries);
    if (tool === "app" && queries > 0) {
      // Keys typed before the text index was built are answered by reading
      // every entry's folded text (slower, as a reader typing that early gets).
      const ready = await page.evaluate(() => performance.getEntriesByName("weekly-search-ready")[0]?.startTime ?? null);
      result.indexReadyAfterTyping = ready == null ? Infinity : ready - typingFrom;
    }
    result.queries = queries;
    result.stats = summarize(records);
    result.records = records;
    result.cut = records.cut;
    result.memory = await memory(page, cdp);
    result.cls = await page.evaluate(() => window.__bench.cls());
    result.problems = page.problems.slice(0, 3);
    await context.close();
    if (tool === "app" && first.painted > 30000) {
      result.firstQuerySkipped = `?q run skipped: first results took ${ms(first.painted / 1000, 0)} s`;
    } else if (tool === "app") {
      // The app answering a query from the URL (?q=asyncio), comparable to
      // the competitors' first result.
      const again = await openPage(net);
      try {
        const q = await firstResults(again.page, again.cdp, urlFor("app", a, FIRST_QUERY));
        result.firstQuery = q.first;
        result.firstQueryBytes = q.bytes;
      } finally {
        await again.context.close();
      }
    }
    result.wall = performance.now() - t;
  } catch (error) {
    result.error = String(error.message ?? error).split("\n")[0] + (browser.isConnected() ? "" : " (the browser crashed or was killed)");
    await context.close().catch(() => {});
  }
  return result;
}

const chromiumVersion = browser.version();
const results = [];
for (const a of archives) {
  for (const net of NETS) {
    for (const tool of TOOLS) {
      if (a.name === "synthetic" && net === NETWORKS.paced) {
        results.push({ tool, archive: a.name, net: net.name, skipped: "not run paced on 100k (54 MB at 30 Mb/s)" });
        continue;
      }
      if (a.name === "synthetic" && net === NETWORKS.slow && !SLOW_SYNTHETIC.includes(tool)) {
        results.push({ tool, archive: a.name, net: net.name, skipped: `not run throttled on 100k (--slow-synthetic ${SLOW_SYNTHETIC.join(",")})` });
        continue;
      }
      results.push(await runTool(tool, a, net));
    }
  }
}
await browser.close().catch(() => {});
await server.close();
if (opt.json) fs.writeFileSync(opt.json, JSON.stringify({ archives, results }, null, 1));

// ---------------------------------------------------------------- report
const okRun = (r) => r && !r.error && !r.skipped && r.stats;
const find = (tool, archive, net) => results.find((r) => r.tool === tool && r.archive === archive && r.net === net);
say(`Browser benchmark — ${new Date().toISOString()} — Chromium ${chromiumVersion} headless, ${os.cpus().length} CPUs, node ${process.version}`);
say(`Load average at start ${loadStart.map((x) => x.toFixed(1)).join(" ")}, at end ${os.loadavg().map((x) => x.toFixed(1)).join(" ")} (other work on the machine slows every number).`);
say(`App: ${APP} — wasm + js loaded by the page ${kB(appRaw)} raw, ${kB(appBrotli)} brotli: ${loadedByPage.map((f) => `${f.replace(/-[0-9a-f]{16}(?=[._])/, "")} ${kB(brotliSize(path.join(APP, f)).brotli)}`).join(", ")}; all .js/.wasm of dist/ ${kB(appBrotliAll)} brotli`);
say(`Session: ${QUERIES.length} queries typed key by key (${QUERIES.reduce((n, q) => n + [...q].length, 0)} keystrokes), box cleared between them; the app also gets ${Object.keys(FACET_STEPS).length} facet clicks.`);
say(`Times in ms. first = navigation start → first results painted (app: no query; others and "app ?q": the query "${FIRST_QUERY}").`);
say(`engine = query time inside the page per keystroke (app: weekly-query measures in wasm; others: the library call); key→paint = key event → first frame painted after the DOM changed.`);
say(`bytes = responses received before first results, as served (uncompressed) / as brotli would send them.`);
for (const a of archives) {
  say();
  say(`== ${a.name}: ${a.file}`);
  say(`   ${a.entries} entries (${a.docs} searchable), archive ${kB(a.size.raw)} raw, ${kB(a.size.brotli)} brotli q${a.size.quality} = ${(a.size.brotli / a.entries).toFixed(0)} B/entry; plain-text docs for the others ${kB(a.docsSize.raw)} raw, ${kB(a.docsSize.brotli)} brotli q${a.docsSize.quality}`);
  if (a.pagefind) {
    const p = a.pagefind;
    say(p.error
      ? `   Pagefind index: NOT BUILT (${p.error})`
      : `   Pagefind index: built natively in ${ms(p.ms, 0)} ms by the CLI (+ ${ms(p.writeMs, 0)} ms writing one HTML page per entry), ${p.records} pages, ${kB(p.bytes)} on disk${p.subset ? ` — CAPPED: only the first ${p.records} of ${a.docs} entries are indexed (--pagefind-max-entries), so Pagefind's numbers below are for that part only, which flatters it` : ""}`);
  }
  const header = ["network", "tool", "build", "first", "bytes raw/br", "eng p50", "eng p95", "key→DOM p50", "p95", "key→paint p50", "p95", "max", "rows", "CLS", "JS heap", "wasm", "note"];
  const rows = [header];
  for (const net of NETS) {
    for (const tool of TOOLS) {
      const r = find(tool, a.name, net.name);
      if (!r) continue;
      if (r.skipped) {
        rows.push([net.name, tool, "", "", "", "", "", "", "", "", "", "", "", "", "", "", `skipped: ${r.skipped}`]);
        continue;
      }
      if (r.error) {
        rows.push([net.name, tool, "", "", "", "", "", "", "", "", "", "", "", "", "", "", `ERROR: ${r.error.slice(0, 120)}`]);
        continue;
      }
      const s = r.stats;
      const notes = [];
      if (r.cut) notes.push(r.cut);
      if (s.timeouts) notes.push(`${s.timeouts} timeouts`);
      if (s.slowest && s.slowest.keyToPaint > 1000) {
        notes.push(`slowest: ${s.slowest.kind} "${s.slowest.label}" ${ms(s.slowest.keyToPaint)} ms, ${s.slowest.queries} engine runs, ${s.slowest.rows} rows`);
      }
      if (tool === "app" && r.firstQuery) notes.push(`?q first ${ms(r.firstQuery.painted)}`);
      if (r.firstQuerySkipped) notes.push(r.firstQuerySkipped);
      if (r.indexReadyAfterTyping === Infinity) notes.push("text index not built by the end of the typing");
      else if (r.indexReadyAfterTyping > 0) notes.push(`text index built ${ms(r.indexReadyAfterTyping)} after typing began`);
      if (r.queries === 0) notes.push("first results only, no typed session");
      else if (r.queries < QUERIES.length) notes.push(`first ${r.queries} queries only`);
      if (net.conditions && r.bytes.raw > r.bytes.br * 1.2) {
        // What brotli would save on the wire at this bandwidth (an estimate).
        const saved = ((r.bytes.raw - r.bytes.br) * 8) / (net.conditions.downloadThroughput * 8) * 1000;
        notes.push(`first ≈ ${ms(Math.max(0, r.first.painted - saved))} if served with brotli (est.)`);
      }
      if (tool === "app" && r.dataEnd != null) {
        const f = r.first;
        notes.push(`archive received ${ms(r.dataEnd)} → engine ${ms(f.queryStart)} → frame ${ms(f.mark)} → painted ${ms(f.painted)} (${ms(f.painted - r.dataEnd)} after the archive)`);
        if (r.whole != null) notes.push(`whole archive ready ${ms(r.whole)} (${ms(r.whole - r.dataEnd)} after it)`);
      }
      if (tool === "app" && s.facets) notes.push(`facet click p95 ${ms(s.facetPaintP95)} (eng ${ms(s.facetEngineP95)})`);
      if (tool === "flexsearch") notes.push("top 50 only");
      if (tool === "pagefind") notes.push("search + 1st result data");
      if (tool === "floor") notes.push("no search, one text node per key: the floor of key→paint");
      if (r.problems?.length) notes.push(r.problems.join(" | ").slice(0, 100));
      const build = tool === "app" ? "lazy" : tool === "pagefind" ? ms(a.pagefind.ms) : ms(r.first.build);
      rows.push([
        net.name, tool, build, ms(r.first.painted), `${kB(r.bytes.raw)}/${kB(r.bytes.br)}`,
        ms(s.engineP50), ms(s.engineP95), ms(s.domP50), ms(s.domP95), ms(s.paintP50), ms(s.paintP95), ms(s.paintMax),
        String(s.rowsMax), r.cls.cls.toFixed(3), kB(r.memory.js), kB(r.memory.wasm), notes.join("; "),
      ]);
    }
  }
  const widths = header.map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  for (const row of rows) say("   " + row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]))).join("  ").trimEnd());
  // Ratios against each competitor.
  for (const net of NETS) {
    const app = find("app", a.name, net.name);
    if (!okRun(app)) continue;
    for (const tool of TOOLS.filter((t) => t !== "app" && t !== "floor")) {
      const r = find(tool, a.name, net.name);
      if (!okRun(r)) continue;
      const q50 = r.stats.engineP50 / app.stats.engineP50;
      const q95 = r.stats.engineP95 / app.stats.engineP95;
      const f = r.first.painted / (app.firstQuery?.painted ?? NaN);
      const parts = [];
      if (Number.isFinite(q50) && Number.isFinite(q95)) parts.push(`per query ${ratio(q50)} at p50, ${ratio(q95)} at p95`);
      if (Number.isFinite(f)) parts.push(`first result (?q=${FIRST_QUERY}) ${ratio(f)}`);
      if (parts.length) say(`   ${net.name}: app vs ${tool}: ${parts.join("; ")}`);
    }
  }
}
function ratio(x) {
  if (!Number.isFinite(x)) return "n/a";
  return x >= 1 ? `${x.toFixed(1)}× faster` : `${(1 / x).toFixed(1)}× SLOWER`;
}

// ---------------------------------------------------------------- targets
say();
say("== targets (unthrottled runs unless said)");
const verdict = (ok) => (ok == null ? "NOT MEASURED" : ok ? "met" : "NOT MET");
const target = (label, value, ok) => say(`   ${verdict(ok).padEnd(12)} ${label}: ${value}`);
// First results can come before the archive has all arrived (the first
// entries, shown while the rest downloads): when the whole was ready too.
const wholeNote = (r) => (r.whole != null ? `; the whole archive ready at ${ms(r.whole)} ms, ${ms(r.whole - r.dataEnd)} ms after it` : "");
const fast = NETWORKS.fast.name;
const slow = NETWORKS.slow.name;
const real = find("app", "real", fast);
const synth = find("app", "synthetic", fast);
/** The target of first results after the real archive arrives, for run `r`. */
function firstAfterArchive(label, r) {
  const measured = okRun(r) && r.dataEnd != null;
  target(`${label}: first results painted <= ${TARGETS.realAfterArchive} ms after the archive arrives`,
    measured ? `${ms(r.first.painted - r.dataEnd)} ms (archive received at ${ms(r.dataEnd)} ms, painted at ${ms(r.first.painted)} ms${wholeNote(r)})` : "no run",
    measured ? r.first.painted - r.dataEnd <= TARGETS.realAfterArchive : null);
}
firstAfterArchive("real archive", real);
// The same target where the body arrives over time (nothing to overlap
// with on an unthrottled loopback, where it is all there at once).
const realPaced = find("app", "real", NETWORKS.paced.name);
if (realPaced) firstAfterArchive(`real archive, ${NETWORKS.paced.name}`, realPaced);
target(`real archive: per-keystroke engine p95 <= ${TARGETS.realEngineP95} ms`,
  okRun(real) ? `${ms(real.stats.engineP95)} ms (p50 ${ms(real.stats.engineP50)}, max ${ms(real.stats.engineMax)})` : "no run",
  okRun(real) ? real.stats.engineP95 <= TARGETS.realEngineP95 : null);
const floor = find("floor", "real", fast);
const floorNote = okRun(floor) ? `; the floor, a page changing one text node per key: p50 ${ms(floor.stats.paintP50)}, p95 ${ms(floor.stats.paintP95)}` : "";
target(`real archive: per-keystroke key→paint p95 <= ${TARGETS.realPaintP95} ms`,
  okRun(real) ? `${ms(real.stats.paintP95)} ms (p50 ${ms(real.stats.paintP50)}; key→DOM updated p95 ${ms(real.stats.domP95)}${floorNote})` : "no run",
  okRun(real) ? real.stats.paintP95 <= TARGETS.realPaintP95 : null);
target(`synthetic 100k: first results <= ${TARGETS.synthFirst} ms`,
  okRun(synth) ? `${ms(synth.first.painted)} ms after navigation (archive received at ${ms(synth.dataEnd)} ms, so ${ms(synth.first.painted - synth.dataEnd)} ms after it${wholeNote(synth)})` : "no run",
  okRun(synth) ? synth.first.painted <= TARGETS.synthFirst : null);
target(`synthetic 100k: per-keystroke engine p95 <= ${TARGETS.synthEngineP95} ms`,
  okRun(synth) ? `${ms(synth.stats.engineP95)} ms (p50 ${ms(synth.stats.engineP50)}, max ${ms(synth.stats.engineMax)})` : "no run",
  okRun(synth) ? synth.stats.engineP95 <= TARGETS.synthEngineP95 : null);
target(`app wasm + js <= ${kB(TARGETS.appBrotli)} brotli`, `${kB(appBrotli)} loaded by the page (${kB(appBrotliAll)} with every .js/.wasm of dist/)`, appBrotli <= TARGETS.appBrotli);
for (const a of archives) {
  const per = a.size.brotli / a.entries;
  target(`${a.name} archive: bytes per entry brotli <= ${TARGETS.bytesPerEntry}${a.name === "real" ? "" : " (informative)"}`, `${per.toFixed(0)} B/entry (q${a.size.quality})`, per <= TARGETS.bytesPerEntry);
}
if (!archives.some((a) => a.name === "real")) target("real archive (all real-archive targets)", "no --real archive given", null);
for (const a of archives) {
  for (const net of [fast, slow]) {
    const app = find("app", a.name, net);
    const mini = find("minisearch", a.name, net);
    if (okRun(app) && okRun(mini)) {
      const q50 = mini.stats.engineP50 / app.stats.engineP50;
      const q95 = mini.stats.engineP95 / app.stats.engineP95;
      target(`${a.name}, ${net}: >= ${TARGETS.vsMiniSearch}× faster per query than MiniSearch (p50 and p95)`,
        `${ratio(q50)} at p50 (${ms(app.stats.engineP50)} vs ${ms(mini.stats.engineP50)}), ${ratio(q95)} at p95 (${ms(app.stats.engineP95)} vs ${ms(mini.stats.engineP95)})`,
        q50 >= TARGETS.vsMiniSearch && q95 >= TARGETS.vsMiniSearch);
    }
    const pf = find("pagefind", a.name, net);
    if (okRun(app) && app.firstQuery && okRun(pf)) {
      const f = pf.first.painted / app.firstQuery.painted;
      const capped = a.pagefind?.subset ? ` (Pagefind index CAPPED at ${a.pagefind.records} entries)` : "";
      target(`${a.name}, ${net}: >= ${TARGETS.vsPagefind}× faster to first result than Pagefind`,
        `${ratio(f)} (app ?q=${FIRST_QUERY} ${ms(app.firstQuery.painted)} vs Pagefind ${ms(pf.first.painted)})${capped}`,
        f >= TARGETS.vsPagefind);
    }
  }
}
say();
say(`total bench time ${ms((performance.now() - started) / 1000, 0)} s`);

fs.mkdirSync(path.dirname(path.resolve(opt.out)), { recursive: true });
fs.writeFileSync(opt.out, out.join("\n") + "\n");
console.error(`bench: wrote ${opt.out}`);
if (opt.json) console.error(`bench: wrote ${opt.json}`);
fs.rmSync(work, { recursive: true, force: true });
// Unmet targets are results, not failures; a run that could not measure is.
const failed = results.filter((r) => r.error);
if (failed.length) {
  console.error(`bench: ${failed.length} run(s) failed: ${failed.map((r) => `${r.archive}/${r.net}/${r.tool}`).join(", ")}`);
  process.exitCode = 1;
}

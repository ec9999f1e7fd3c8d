// A CPU profile of the viewer while the session is typed, summed by
// function: where a keystroke's time goes, in wasm and in the page.
//
//   make profile                      (builds target/profile-dist, see below)
//   node bench/profile.mjs DIST [--under NAME] [--callers NAME] [--queries a,b,c]
//
// DIST is a release build whose wasm keeps its function names
// (scripts/profile-build.sh adds `wasm-opt -g`), with the real archive in
// DIST/real/archive.json. Chromium's sampling profiler runs while the
// session (lib/session.mjs) is typed three times, each key waiting for
// the next frame; `--queries` fills the box with each of these instead,
// 100 times over. Printed: time by function, inclusive and self, counting
// only samples under a function whose name holds `--under` (default
// `Engine>::run`, the engine; `--under ""` for the whole page), or with
// `--callers NAME`, the commonest call chains into NAME.
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import { startServer } from "./lib/server.mjs";
import { QUERIES } from "./lib/session.mjs";

const { values: opt, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    under: { type: "string", default: "Engine>::run" },
    callers: { type: "string" },
    queries: { type: "string" },
    chromium: { type: "string", default: "/usr/bin/chromium" },
  },
});
const dist = positionals[0];
if (!dist) {
  console.error("usage: node bench/profile.mjs DIST [--under NAME] [--callers NAME] [--queries a,b,c]");
  process.exit(2);
}

const server = await startServer([["/", dist]]);
const browser = await chromium.launch({
  executablePath: opt.chromium,
  headless: true,
  args: ["--disable-gpu", "--disable-features=WebUIOmniboxPopup"],
});
const page = await browser.newPage();
await page.goto(`${server.origin}/?archive=real/archive.json`);
await page.waitForSelector('[data-testid="entry"]');
await page.waitForFunction(() => performance.getEntriesByName("weekly-search-ready").length > 0);
const box = page.locator('input[type="search"]');
const nextFrame = () => page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));

const cdp = await page.context().newCDPSession(page);
await cdp.send("Profiler.enable");
await cdp.send("Profiler.setSamplingInterval", { interval: 20 });
await cdp.send("Profiler.start");
if (opt.queries) {
  for (let round = 0; round < 100; round++) {
    for (const q of opt.queries.split(",")) {
      await box.fill(q);
      await nextFrame();
    }
  }
} else {
  for (let round = 0; round < 3; round++) {
    for (const q of QUERIES) {
      await box.fill("");
      let typed = "";
      for (const c of q) {
        typed += c;
        await box.fill(typed);
        await nextFrame();
      }
    }
  }
}
const { profile } = await cdp.send("Profiler.stop");
await browser.close();
await server.close();

const node = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const nameOf = (id) => node.get(id).callFrame.functionName || `(${node.get(id).callFrame.url.split("/").pop()})`;
const ancestry = function* (id) {
  for (let at = id; at !== undefined; at = parent.get(at)) yield at;
};
const counted = (id) => !opt.under || [...ancestry(id)].some((at) => nameOf(at).includes(opt.under));
const ms = (us) => (us / 1000).toFixed(1).padStart(8) + " ms";
const top = (map, n) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
const samples = profile.samples.map((id, i) => [id, profile.timeDeltas[i] ?? 0]);

if (opt.callers) {
  const chains = new Map();
  for (const [id, us] of samples) {
    if (!nameOf(id).includes(opt.callers)) continue;
    const chain = [...ancestry(parent.get(id))].slice(0, 6).map((at) => nameOf(at).replace(/\[[0-9a-f]+\]/g, "").slice(0, 100));
    const key = chain.join("\n      <- ");
    chains.set(key, (chains.get(key) ?? 0) + us);
  }
  for (const [chain, us] of top(chains, 6)) console.log(`${ms(us)}\n      <- ${chain}`);
} else {
  const self = new Map();
  const inclusive = new Map();
  let total = 0;
  for (const [id, us] of samples) {
    if (!counted(id)) continue;
    total += us;
    self.set(nameOf(id), (self.get(nameOf(id)) ?? 0) + us);
    const seen = new Set();
    for (const at of ancestry(id)) {
      const name = nameOf(at);
      if (!seen.has(name)) inclusive.set(name, (inclusive.get(name) ?? 0) + us);
      seen.add(name);
      if (opt.under && name.includes(opt.under)) break;
    }
  }
  console.log(`${ms(total)} sampled${opt.under ? ` under "${opt.under}"` : ""}\n--- inclusive`);
  for (const [name, us] of top(inclusive, 30)) console.log(ms(us), name.slice(0, 160));
  console.log("--- self");
  for (const [name, us] of top(self, 40)) console.log(ms(us), `${((100 * us) / total).toFixed(1).padStart(5)}%`, name.slice(0, 160));
}

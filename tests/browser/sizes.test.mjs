// Prints the size of the built app (raw and brotli) and holds it to the
// budget: wasm + js <= 120 kB brotli.
import { test } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";
import { DIST } from "./support/browser.mjs";

const BUDGET_BROTLI = 120 * 1024;

function brotliSize(buffer) {
  return zlib.brotliCompressSync(buffer, {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: buffer.length },
  }).length;
}

test("the app's wasm + js fit the size budget", () => {
  const files = fs.readdirSync(DIST).filter((f) => f.endsWith(".wasm") || f.endsWith(".js"));
  assert.ok(files.some((f) => f.endsWith(".wasm")), "dist has a wasm file");
  let total = 0;
  const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
  for (const file of files) {
    const bytes = fs.readFileSync(path.join(DIST, file));
    const brotli = brotliSize(bytes);
    total += brotli;
    console.log(`size: ${file.replace(/-[0-9a-f]{16}(?=[._])/, "")}: ${kb(bytes.length)} raw, ${kb(brotli)} brotli`);
  }
  console.log(`size: wasm + js: ${kb(total)} brotli (budget ${kb(BUDGET_BROTLI)})`);
  assert.ok(total <= BUDGET_BROTLI, `wasm + js is ${kb(total)} brotli, over the ${kb(BUDGET_BROTLI)} budget`);
});

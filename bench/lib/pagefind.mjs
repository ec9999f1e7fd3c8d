// Builds a Pagefind index the way a static site does: one small HTML page
// per entry (title as <h1>, the rest of the plain text as a paragraph, the
// entry's link as metadata), then Pagefind's own CLI (the binary the npm
// package ships) over that folder. Natively, with a time cap.
import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const esc = (s) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

/**
 * Writes the pages into `site` and the index into `site/pagefind/`.
 * Returns { ms (index only), writeMs, records, capped, error, log }.
 */
export async function buildPagefind(docs, site, { capMs = 180000, language = "zh" } = {}) {
  let t = performance.now();
  for (const d of docs) {
    const dir = path.join(site, "e", String(Math.floor(d.i / 1000)));
    if (d.i % 1000 === 0 || !fs.existsSync(dir)) fs.mkdirSync(dir, { recursive: true });
    const rest = d.x.startsWith(d.t) ? d.x.slice(d.t.length).trim() : d.x;
    const link = d.u ? `<span data-pagefind-meta="link:${esc(d.u)}"></span>` : "";
    fs.writeFileSync(
      path.join(dir, `${d.i}.html`),
      `<!doctype html><html lang="${language}"><head><meta charset="utf-8"><title>${esc(d.t)}</title></head>` +
        `<body><h1>${esc(d.t)}</h1>${link}<p>${esc(rest).replace(/\n/g, "<br>")}</p></body></html>`,
    );
  }
  const writeMs = performance.now() - t;
  const bin = fileURLToPath(new URL("../node_modules/pagefind/lib/runner/bin.cjs", import.meta.url));
  t = performance.now();
  const result = await new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, "--site", site, "--force-language", language], { stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    child.stdout.on("data", (b) => (log += b));
    child.stderr.on("data", (b) => (log += b));
    const timer = setTimeout(() => child.kill("SIGKILL"), capMs);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, log });
    });
  });
  const ms = performance.now() - t;
  const capped = result.signal === "SIGKILL";
  const indexed = Number(result.log.match(/Indexed (\d+) pages/)?.[1] ?? 0);
  return {
    ms,
    writeMs,
    records: indexed,
    capped,
    error: capped
      ? `not built: Pagefind had not finished after the ${Math.round(capMs / 1000)} s cap`
      : result.code !== 0
        ? `pagefind exited with ${result.code}: ${result.log.trim().split("\n").slice(-3).join(" / ")}`
        : null,
    bundle: path.join(site, "pagefind"),
  };
}

// A static server on 127.0.0.1 (a free port): no compression (brotli sizes
// are computed separately), no caching, the right content types; it can
// pace its responses to a set rate.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { TYPES } from "../../tests/browser/support/server.mjs";

/**
 * mounts: [[urlPrefix, fileOrDir]], longest prefix first wins. A prefix
 * ending in "/" maps a directory; otherwise the exact path maps a file.
 */
export function startServer(mounts) {
  // Set with `setPace(bytesPerSecond)`; 0 serves at full speed.
  const pace = { bytesPerSecond: 0 };
  const sorted = [...mounts].sort((a, b) => b[0].length - a[0].length);
  const resolve = (pathname) => {
    for (const [prefix, target] of sorted) {
      if (prefix.endsWith("/")) {
        if (!pathname.startsWith(prefix)) continue;
        const file = path.resolve(target, "." + path.posix.normalize("/" + pathname.slice(prefix.length)));
        if (!file.startsWith(path.resolve(target))) return null;
        return file;
      }
      if (pathname === prefix) return target;
    }
    return null;
  };
  const server = http.createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, "http://127.0.0.1").pathname);
    let file = resolve(pathname);
    if (file && fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    if (!file || !fs.existsSync(file)) {
      res.writeHead(404, { "content-type": "text/plain" });
      return res.end("not found");
    }
    const type = TYPES[path.extname(file)] ?? "application/octet-stream";
    res.writeHead(200, {
      "content-type": type,
      "content-length": fs.statSync(file).size,
      "cache-control": "no-store",
      // Cross-origin isolation: performance.now() then has 5 µs resolution
      // instead of 100 µs (every resource here is same-origin).
      "cross-origin-opener-policy": "same-origin",
      "cross-origin-embedder-policy": "require-corp",
    });
    if (req.method === "HEAD") return res.end();
    if (!pace.bytesPerSecond) return fs.createReadStream(file).pipe(res);
    // Paced: 16 kB at a time at the set rate, so the page sees the body
    // arrive as over a real link (DevTools throttling hands it over in
    // bursts).
    const body = fs.readFileSync(file);
    const CHUNK = 16 * 1024;
    const started = Date.now();
    let sent = 0;
    const next = () => {
      if (sent >= body.length || res.destroyed) return res.end();
      res.write(body.subarray(sent, sent + CHUNK));
      sent += CHUNK;
      const due = started + (sent / pace.bytesPerSecond) * 1000;
      setTimeout(next, Math.max(0, due - Date.now()));
    };
    next();
  });
  return new Promise((done) => {
    server.listen(0, "127.0.0.1", () => {
      done({
        origin: `http://127.0.0.1:${server.address().port}`,
        resolve,
        setPace: (bytesPerSecond) => { pace.bytesPerSecond = bytesPerSecond; },
        close: () => new Promise((closed) => { server.closeAllConnections?.(); server.close(closed); }),
      });
    });
  });
}

// A small static server for the browser specs: serves a folder on
// 127.0.0.1 (a free port), with the right content types, plus routes that
// misbehave on purpose so the specs can check the viewer's error states.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";

/** Content types by file extension (the bench's server uses them too). */
export const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/** Routes under /__fault/ that answer the way broken hosts do. */
const FAULTS = {
  "not-found": (res) => send(res, 404, "text/plain", "no such file"),
  "server-error": (res) => send(res, 500, "text/plain", "boom"),
  "html": (res) => send(res, 200, "text/html; charset=utf-8", "<!doctype html><title>Oops</title><p>Not here</p>"),
  "html-as-json": (res) => send(res, 200, "application/json", "<!doctype html><title>Oops</title>"),
  "empty": (res) => send(res, 200, "application/json", ""),
  "wrong-shape": (res) => send(res, 200, "application/json", '{"hello":"world"}'),
  "future-version": (res) => send(res, 200, "application/json", '{"format_version":999,"issues":[],"entries":[]}'),
  "network-error": (res) => res.socket.destroy(),
};

/** Answers with `body`; a `type` of null sends no content-type at all. */
export function send(res, status, type, body) {
  res.writeHead(status, { ...(type == null ? {} : { "content-type": type }), "cache-control": "no-store" });
  res.end(body);
}

/**
 * A route (for `extra`) that sends, as they come, the chunks of
 * `chunks(req)`: an iterable or async iterable of strings or buffers, so a
 * large body is generated while it is sent and never held whole. Waits for
 * the client when the socket's buffer is full. `onFinish()` runs when the
 * last byte has been handed to the socket.
 */
export function streamRoute(type, chunks, { onFinish } = {}) {
  return async (req, res) => {
    res.writeHead(200, { "content-type": type, "cache-control": "no-store" });
    res.on("finish", () => onFinish?.());
    const writable = () => new Promise((resolve) => {
      const done = () => {
        res.off("drain", done);
        res.off("close", done);
        resolve();
      };
      res.on("drain", done);
      res.on("close", done);
    });
    try {
      for await (const chunk of chunks(req)) {
        if (res.destroyed) return;
        if (!res.write(chunk)) await writable();
      }
      res.end();
    } catch (error) {
      res.destroy(error);
    }
  };
}

/**
 * Serves `root`. `extra` maps URL paths to files elsewhere (e.g. an archive
 * built at test time), or to a function (req, res) that answers itself
 * (e.g. an archive generated while it is sent). Resolves to { origin, close() }.
 */
export function startServer(root, extra = {}) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    const pathname = decodeURIComponent(url.pathname);
    if (pathname.startsWith("/__fault/")) {
      const fault = FAULTS[pathname.slice("/__fault/".length).replace(/\.json$/, "")];
      return fault ? fault(res) : send(res, 404, "text/plain", "unknown fault");
    }
    if (pathname.startsWith("/__truncated/")) {
      const file = path.join(root, pathname.slice("/__truncated".length));
      if (!fs.existsSync(file)) return send(res, 404, "text/plain", "not found");
      const body = fs.readFileSync(file);
      return send(res, 200, "application/json", body.subarray(0, Math.floor(body.length / 2)));
    }
    if (typeof extra[pathname] === "function") return extra[pathname](req, res);
    let file = extra[pathname] ?? path.join(root, pathname);
    if (!file.startsWith(root) && !Object.values(extra).includes(file)) {
      return send(res, 403, "text/plain", "forbidden");
    }
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) file = path.join(file, "index.html");
    if (!fs.existsSync(file)) return send(res, 404, "text/plain", "not found");
    const type = TYPES[path.extname(file)] ?? "application/octet-stream";
    res.writeHead(200, { "content-type": type, "cache-control": "no-store" });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({
        origin: `http://127.0.0.1:${port}`,
        // Also ends open connections (a stream a failed spec left), which
        // would otherwise keep close() waiting.
        close: () => new Promise((done) => {
          server.close(done);
          server.closeAllConnections();
        }),
      });
    });
  });
}

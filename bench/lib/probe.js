// Injected into every benchmarked page before its own scripts run
// (page.addInitScript). It measures inside the page, so no round trip to
// the driver is ever counted:
//
//  - first results: the app marks `weekly-first-results` in the frame that
//    shows its first results; the competitor pages call __bench.first().
//    "painted" is the end of that frame's rendering (a user-blocking task
//    posted from the frame's rAF runs right after the frame is painted).
//  - per interaction (keystroke, clear, facet click): the driver arms a
//    record, then types. t0 is the event's own timeStamp (keydown; for text
//    typed without a key event, beforeinput; for a click, pointerdown). A
//    MutationObserver sees the DOM change; "paint" is the end of the first
//    frame rendered after the DOM changed (rAF, then a posted task), and
//    the record settles once a whole frame passes without a DOM change.
//    Engine time is the sum of the `weekly-query` (app) or `bench-query`
//    (competitors) measures taken between t0 and settling.
//  - layout shifts, and the WebAssembly memories the page instantiates
//    (the app's data lives in wasm memory, not in the JS heap).
(() => {
  if (window.__bench) return;
  const B = (window.__bench = {
    records: [],
    pending: null,
    shifts: [],
    wasm: [],
    firstInfo: null,
    firstWaiters: [],
  });
  try {
    performance.setResourceTimingBufferSize(100000);
  } catch {}
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) B.shifts.push({ t: e.startTime, v: e.value, input: e.hadRecentInput });
    }).observe({ type: "layout-shift", buffered: true });
  } catch {}

  // WebAssembly memories, to report the wasm heap next to the JS heap.
  const keepMemory = (result) => {
    const instance = result instanceof WebAssembly.Instance ? result : result && result.instance;
    if (!instance) return;
    for (const v of Object.values(instance.exports)) if (v instanceof WebAssembly.Memory) B.wasm.push(v);
  };
  for (const fn of ["instantiate", "instantiateStreaming"]) {
    const original = WebAssembly[fn];
    if (typeof original !== "function") continue;
    WebAssembly[fn] = function (...args) {
      const args1 = args[1];
      if (args1) for (const mod of Object.values(args1)) for (const v of Object.values(mod || {})) if (v instanceof WebAssembly.Memory) B.wasm.push(v);
      return original.apply(this, args).then((r) => (keepMemory(r), r));
    };
  }
  B.wasmBytes = () => [...new Set(B.wasm)].reduce((n, m) => n + m.buffer.byteLength, 0);

  // After the current frame is painted: a message posted from a rAF
  // callback is handled once that frame's rendering is done — or, when
  // Chromium runs the next frame first, the next rAF callback is the
  // proof that the frame was painted. Whichever comes first.
  const postTask = (cb) => {
    let called = false;
    const once = (t) => {
      if (!called) {
        called = true;
        cb(t);
      }
    };
    // A user-blocking task runs before the page's own timers and messages
    // (which would otherwise delay this one, e.g. the app's background
    // indexing); MessageChannel where scheduler.postTask is missing.
    if (globalThis.scheduler && typeof scheduler.postTask === "function") {
      scheduler.postTask(() => once(performance.now()), { priority: "user-blocking" });
    } else {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => once(performance.now());
      channel.port2.postMessage(null);
    }
    requestAnimationFrame(() => once(performance.now()));
  };
  const afterPaint = (cb) => requestAnimationFrame(() => postTask(cb));

  // First results.
  const settleFirst = (info) => {
    B.firstInfo = info;
    for (const w of B.firstWaiters) w(info);
    B.firstWaiters = [];
  };
  const mark = performance.mark.bind(performance);
  performance.mark = function (name, options) {
    const entry = mark(name, options);
    if (name === "weekly-first-results" && !B.firstInfo) {
      // The app marks inside a rAF callback: the frame is painted right
      // after it, so the posted message runs after that paint.
      const markTime = entry ? entry.startTime : performance.now();
      const query = performance.getEntriesByName("weekly-query")[0];
      postTask((painted) => settleFirst({ mark: markTime, painted, queryStart: query ? query.startTime : null }));
    }
    return entry;
  };
  // Competitor pages: called once the first query's results are in the DOM.
  B.first = (extra = {}) => {
    const markTime = performance.now();
    afterPaint((painted) => settleFirst({ mark: markTime, painted, ...extra }));
  };
  B.waitFirst = (timeout = 120000) =>
    B.firstInfo ?? new Promise((resolve) => {
      B.firstWaiters.push(resolve);
      setTimeout(() => resolve({ timeout: true }), timeout);
    });

  // Interactions.
  new MutationObserver((records) => {
    const p = B.pending;
    if (!p || p.t0 == null || p.done) return;
    p.mutations += records.length;
    if (p.tDom == null) p.tDom = performance.now();
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });

  const start = (e) => {
    const p = B.pending;
    if (p && p.t0 == null) p.t0 = e.timeStamp;
  };
  for (const type of ["keydown", "beforeinput", "pointerdown", "mousedown"]) window.addEventListener(type, start, true);
  const trigger = () => {
    const p = B.pending;
    if (!p || p.t0 == null || p.triggered || p.done) return;
    p.triggered = true;
    waitPaint(p, 0);
  };
  // Synchronous pages (the app, MiniSearch, FlexSearch) update the DOM in
  // the input/change task; asynchronous ones (Pagefind) call rendered().
  for (const type of ["input", "change"]) window.addEventListener(type, () => (window.__benchAsync ? null : trigger()));
  B.rendered = trigger;

  function waitPaint(p, idleFrames) {
    afterPaint((t) => {
      if (p.done) return;
      if (p.firstPost == null) p.firstPost = t;
      if (p.mutations > 0) {
        p.tPaint = t;
        settle(p);
      } else if (idleFrames >= 3) {
        // No DOM change at all (same results): the first paint is the answer.
        p.tPaint = p.firstPost;
        p.noChange = true;
        settle(p);
      } else {
        waitPaint(p, idleFrames + 1);
      }
    });
  }
  function settle(p) {
    const seen = p.mutations;
    requestAnimationFrame(() =>
      requestAnimationFrame(() => {
        if (p.done) return;
        if (p.mutations !== seen && performance.now() - p.t0 < 5000) return settle(p);
        finish(p);
      }),
    );
  }
  function finish(p) {
    p.done = true;
    p.tSettled = performance.now();
    let engine = 0;
    let engineToPaint = 0;
    let queries = 0;
    for (const m of performance.getEntriesByType("measure")) {
      if (m.name !== "weekly-query" && m.name !== "bench-query") continue;
      if (m.startTime < p.t0 - 0.001 || m.startTime > p.tSettled) continue;
      engine += m.duration;
      queries += 1;
      if (m.startTime <= p.tPaint) engineToPaint += m.duration;
    }
    const record = {
      kind: p.kind,
      label: p.label,
      keyToDom: p.tDom == null ? null : p.tDom - p.t0,
      keyToPaint: p.tPaint - p.t0,
      keyToSettled: p.tSettled - p.t0,
      engine,
      engineToPaint,
      queries,
      noChange: !!p.noChange,
      rows: document.querySelectorAll('[data-testid="entry"]').length,
      nodes: document.getElementsByTagName("*").length,
    };
    B.records.push(record);
    B.pending = null;
    p.resolve(record);
  }

  B.arm = (kind, label) => {
    let resolve;
    const done = new Promise((r) => (resolve = r));
    B.pending = { kind, label, t0: null, tDom: null, tPaint: null, mutations: 0, triggered: false, done: false, resolve };
    B.pendingDone = done;
  };
  B.settled = (timeout = 15000) => {
    const p = B.pending;
    if (!p) return B.records[B.records.length - 1] ?? null;
    return Promise.race([
      B.pendingDone,
      new Promise((r) => setTimeout(() => r(null), timeout)),
    ]).then((record) => {
      if (record) return record;
      p.done = true;
      B.pending = null;
      return { kind: p.kind, label: p.label, timeout: true, started: p.t0 != null, triggered: p.triggered };
    });
  };

  // Cumulative layout shift as the Web Vitals define it: the largest
  // session window (shifts < 1 s apart, window <= 5 s) of shifts without
  // recent input.
  B.cls = () => {
    let best = 0;
    let sum = 0;
    let first = -Infinity;
    let last = -Infinity;
    for (const s of B.shifts) {
      if (s.input) continue;
      if (s.t - last < 1000 && s.t - first < 5000) sum += s.v;
      else {
        sum = s.v;
        first = s.t;
      }
      last = s.t;
      best = Math.max(best, sum);
    }
    return { cls: best, allShifts: B.shifts.reduce((n, s) => n + s.v, 0) };
  };

  // Bytes of every response that ended by `until` (ms after navigation).
  B.transfers = (until) => {
    const entries = [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")];
    return entries
      .filter((e) => until == null || e.responseEnd <= until)
      .map((e) => ({ url: e.name, encoded: e.encodedBodySize, transfer: e.transferSize, decoded: e.decodedBodySize, responseEnd: e.responseEnd }));
  };
})();

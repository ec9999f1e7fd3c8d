// A hostile archive.json: every payload of tests/fixtures/xss-payloads.txt
// in every string the viewer shows (titles, urls, descriptions, children,
// sections, tags, issues). Written at test time by
// support/hostile-archive.mjs into a temporary folder. Standalone and in
// embed mode nothing may run, no element or attribute of a payload may
// reach the DOM, and every link must be http(s) or mailto.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { newPage, unexpectedProblems } from "./support/browser.mjs";
import { viewerSuite } from "./support/suite.mjs";
import { writeHostileArchive } from "./support/hostile-archive.mjs";
import { renderAll, resultCount, scrollTo } from "./support/viewer.mjs";

const ARCHIVE = "/hostile/archive.json";

let tmp;
let hostile;

// Registered before the suite's hooks: its server serves the file written here.
before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "hostile-archive-"));
  hostile = writeHostileArchive(tmp);
});

after(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const suite = viewerSuite({ routes: () => ({ [ARCHIVE]: hostile.file }) });

/**
 * Records, from before the app's first line runs, everything a payload
 * could do: dialogs, requests, window.open, the `window.__xss` flag some
 * payloads set, CSP violations, and any dangerous element or attribute the
 * moment it enters the document.
 */
function instrument() {
  const events = [];
  const record = (kind, detail) => events.push(`${kind}: ${String(detail).slice(0, 300)}`);
  Object.defineProperty(window, "__hostile", { value: { events }, configurable: false });
  for (const name of ["alert", "confirm", "prompt", "print"]) {
    window[name] = (...args) => record(name, args.join(" "));
  }
  window.open = (url) => record("window.open", url);
  Object.defineProperty(window, "__xss", {
    get: () => undefined,
    set: (v) => record("window.__xss set", v),
    configurable: false,
  });
  const own = (url) => {
    const u = new URL(url, location.href);
    return u.origin === location.origin && (/\.(js|wasm|css|svg|json)$/.test(u.pathname) || u.pathname === "/");
  };
  const fetch = window.fetch;
  window.fetch = function (input, init) {
    const url = typeof input === "string" || input instanceof URL ? String(input) : input.url;
    if (!own(url)) record("fetch", url);
    return fetch.call(this, input, init);
  };
  const open = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (method, url, ...rest) {
    record("xhr", url);
    return open.call(this, method, url, ...rest);
  };
  navigator.sendBeacon = (url) => (record("sendBeacon", url), true);
  document.addEventListener("securitypolicyviolation", (e) => record("csp", `${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
  const DANGEROUS = new Set([
    "IFRAME", "FRAME", "FRAMESET", "OBJECT", "EMBED", "APPLET", "BASE", "PORTAL", "IMG", "IMAGE", "VIDEO", "AUDIO",
    "SOURCE", "TRACK", "MATH", "FOREIGNOBJECT", "ANIMATE", "SET", "USE", "MARQUEE", "ISINDEX", "KEYGEN", "XSS", "X",
    "TEMPLATE",
  ]);
  const checkElement = (el) => {
    const tag = el.tagName.toUpperCase();
    if (tag === "SCRIPT" && (!el.src || new URL(el.src, location.href).origin !== location.origin)) {
      record("script element", el.outerHTML);
    }
    if (tag === "META" && el.httpEquiv && el.httpEquiv.toLowerCase() !== "content-security-policy") {
      record("meta element", el.outerHTML);
    }
    if (DANGEROUS.has(tag)) record("element", el.outerHTML);
    for (const attr of el.attributes) checkAttribute(el, attr.name);
  };
  const checkAttribute = (el, name) => {
    const n = name.toLowerCase();
    const value = el.getAttribute(name) ?? "";
    if (n.startsWith("on") || ["srcdoc", "formaction", "xlink:href", "background", "dynsrc", "lowsrc"].includes(n)) {
      record("attribute", `${el.tagName} ${name}=${value}`);
    }
    if (n === "style" && /javascript:|expression\(|url\(|behavior/i.test(value)) record("style", value);
    if (["src", "href", "action", "data"].includes(n) && /^\s*(javascript|vbscript|data|livescript):/i.test(value.replace(/[\u0000-\u0020]/g, ""))) {
      record("url attribute", `${el.tagName} ${name}=${value}`);
    }
  };
  new MutationObserver((mutations) => {
    for (const m of mutations) {
      if (m.type === "attributes") {
        checkAttribute(m.target, m.attributeName);
        continue;
      }
      for (const node of m.addedNodes) {
        if (node.nodeType !== 1) continue;
        checkElement(node);
        node.querySelectorAll("*").forEach(checkElement);
      }
    }
  }).observe(document, { childList: true, subtree: true, attributes: true });
}

/** Opens the viewer on the hostile archive with the page instrumented. */
async function open(extra = "") {
  const page = await newPage(suite.browser);
  page.requests = [];
  page.on("request", (r) => page.requests.push(r.url()));
  await page.addInitScript(instrument);
  await page.goto(`${suite.server.origin}/?archive=${encodeURIComponent(ARCHIVE)}${extra}`);
  await page.locator('[data-testid="entry"]').first().waitFor({ timeout: 15000 });
  return page;
}

/** What the page holds that a payload could have put there. */
function scanDocument() {
  const problems = [];
  const entries = document.querySelector('[data-testid="entries"]');
  // Inside the results: only the card's own elements, never a payload's.
  const FORBIDDEN = [
    "script", "iframe", "frame", "svg", "math", "img", "image", "object", "embed", "applet", "style", "link", "meta",
    "base", "form", "input", "textarea", "select", "video", "audio", "source", "details", "marquee", "template",
    "noscript", "table", "td", "body", "html", "title", "xss", "x", "isindex", "keygen", "portal", "foreignobject",
    "animate", "set", "use", "div[onmouseover]", "scr", "frameset", "noembed", "xmp", "plaintext",
  ];
  if (entries) {
    for (const sel of FORBIDDEN) {
      for (const el of entries.querySelectorAll(sel)) problems.push(`<${sel}> in the results: ${el.outerHTML.slice(0, 200)}`);
    }
  }
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const n = attr.name.toLowerCase();
      if (n.startsWith("on")) problems.push(`${el.tagName} has ${attr.name}=${attr.value.slice(0, 100)}`);
      if (["srcdoc", "formaction", "xlink:href", "background"].includes(n)) problems.push(`${el.tagName} has ${attr.name}`);
    }
    const tag = el.tagName.toLowerCase();
    if (["iframe", "frame", "object", "embed", "applet", "base", "portal", "img", "video", "audio"].includes(tag)) {
      problems.push(`<${tag}> in the page: ${el.outerHTML.slice(0, 200)}`);
    }
    if (tag === "script" && (!el.src || new URL(el.src).origin !== location.origin)) problems.push(`foreign script ${el.outerHTML.slice(0, 200)}`);
  }
  // Every link: http(s) or mailto; in the results written out in full.
  let links = 0;
  for (const a of document.querySelectorAll("a[href], area[href], [href]")) {
    links++;
    const raw = a.getAttribute("href");
    const inResults = entries?.contains(a);
    const tag = a.tagName.toUpperCase();
    if (tag !== "A" && tag !== "LINK") problems.push(`href on <${tag}>: ${raw}`);
    if (tag === "LINK") continue;
    let protocol;
    try {
      protocol = new URL(raw, location.href).protocol;
    } catch {
      problems.push(`unparsable href ${JSON.stringify(raw)}`);
      continue;
    }
    if (!["http:", "https:", "mailto:"].includes(protocol)) problems.push(`href with ${protocol} ${JSON.stringify(raw)}`);
    if (inResults && !/^(https?:\/\/[^\s\u0000-\u001f]+|mailto:[^\s\u0000-\u001f]+)$/i.test(raw)) {
      problems.push(`href in the results that is not an absolute web or mail address: ${JSON.stringify(raw)}`);
    }
  }
  // Highlights hold text only.
  for (const mark of document.querySelectorAll("mark")) {
    if (mark.children.length > 0) problems.push(`<mark> with elements: ${mark.outerHTML.slice(0, 200)}`);
  }
  return { problems, links, events: window.__hostile.events };
}

/** The requests a payload could have caused (anything but the app and its archive). */
function foreignRequests(page) {
  return page.requests.filter((u) => {
    const url = new URL(u);
    if (url.origin !== suite.server.origin) return true;
    return !(url.pathname === "/" || url.pathname === ARCHIVE || /^\/[\w.-]+\.(js|wasm|css|svg)$/.test(url.pathname));
  });
}

async function assertClean(page, what, minLinks = 1) {
  const { problems, links, events } = await page.evaluate(scanDocument);
  assert.deepEqual(events, [], `${what}: something ran or was inserted`);
  assert.deepEqual(problems, [], `${what}: the DOM holds payload markup`);
  assert.ok(links >= minLinks, `${what}: links were rendered (${links})`);
  assert.deepEqual(foreignRequests(page), [], `${what}: requests a payload caused`);
  assert.deepEqual(unexpectedProblems(page), [], `${what}: the console stays clean`);
}

/** The viewer's rule (weekly_core::links::safe_href), for the expectations. */
function safeHref(url) {
  if (/[\p{Cc}\p{White_Space}]/u.test(url)) return false;
  const at = url.indexOf(":");
  if (at < 0) return false;
  const scheme = url.slice(0, at).toLowerCase();
  const rest = url.slice(at + 1);
  if (scheme === "http" || scheme === "https") return rest.startsWith("//") && rest.length > 2;
  return scheme === "mailto" && rest.length > 0;
}

/** Every safe address of the archive's entries. */
function safeHrefs(archive) {
  const out = new Set();
  const walk = (inline) => {
    if (typeof inline === "string") return;
    if (inline.href !== undefined && safeHref(inline.href)) out.add(inline.href);
    for (const inner of inline.em ?? inline.strong ?? inline.text ?? []) walk(inner);
  };
  for (const e of archive.entries) {
    if (e.url && safeHref(e.url)) out.add(e.url);
    for (const c of e.children ?? []) if (safeHref(c.url)) out.add(c.url);
    for (const block of e.description ?? []) block.forEach(walk);
  }
  return out;
}

/** Titles are shown exactly as the archive has them, as text. */
async function assertTitlesAreText(page) {
  const shown = await page.locator('[data-testid="entry"]').evaluateAll((els) =>
    els.map((el) => [el.dataset.entryId, el.querySelector(".entry-title").textContent]),
  );
  const byId = new Map(hostile.archive.entries.map((e) => [e.id, e.title]));
  let compared = 0;
  for (const [id, title] of shown) {
    assert.ok(byId.has(id), `unknown entry ${id}`);
    assert.equal(title.trim(), byId.get(id).trim(), `title of ${id} is the payload, as text`);
    compared++;
  }
  return compared;
}

for (const [mode, extra] of [
  ["standalone", ""],
  ["embed", "&embed=1"],
]) {
  test(`${mode}: every payload renders as inert text`, async () => {
    const page = await open(extra);
    const total = await renderAll(page);
    assert.equal(total, hostile.payloads.length, "every hostile entry is listed");
    const compared = await assertTitlesAreText(page);
    assert.equal(compared, hostile.payloads.length);
    // Payload links were dropped, safe ones kept.
    const titleLinks = await page.locator('[data-testid="entry"] .entry-title a').count();
    assert.ok(titleLinks >= hostile.payloads.length / 2, `${titleLinks} title links`);
    assert.equal(await page.locator('[data-testid="entries"] a:text-is("js link")').count(), 0, "a javascript: link is text");
    // Give late timers and handlers (autofocus, onload, animations) a chance.
    await page.mouse.move(400, 400);
    await page.mouse.wheel(0, -100000);
    await page.waitForTimeout(500);
    await assertClean(page, mode, 2 * hostile.payloads.length);
    // Every safe address of the archive is a link; no other address is.
    const hrefs = new Set(await page.locator('[data-testid="entries"] a[href]').evaluateAll((els) => els.map((a) => a.getAttribute("href"))));
    const expected = safeHrefs(hostile.archive);
    for (const href of expected) assert.ok(hrefs.has(href), `the safe link ${href} is rendered`);
    const own = (h) => h.startsWith(`${suite.server.origin}/`) || h.startsWith("https://web.archive.org/") || h.startsWith("https://pythoncat.top/");
    for (const href of hrefs) assert.ok(expected.has(href) || own(href), `a rendered link comes from a safe address: ${href}`);
    await page.context().close();
  });
}

test("searching for payloads highlights text only", async () => {
  const page = await open();
  for (const payload of ["<img src=x onerror=alert(1)>", '"><img src=x onerror=alert(1)>', "{{constructor.constructor('alert(1)')()}}", "javascript:alert(1)", "<svg/onload=alert(1)>"]) {
    assert.ok(hostile.payloads.includes(payload), `${payload} is in the corpus`);
    await page.locator('[data-testid="search"]').fill(payload);
    await page.waitForFunction((q) => new URL(location.href).searchParams.get("q") === q, payload, { timeout: 5000 });
    const n = await resultCount(page);
    assert.ok(n >= 1, `${payload}: found`);
    await page.locator("mark").first().waitFor({ timeout: 5000 });
    const marks = await page.locator('[data-testid="entries"] mark').evaluateAll((els) => els.map((m) => [m.childNodes.length, m.firstChild?.nodeType, m.textContent]));
    assert.ok(marks.length > 0, `${payload}: highlighted`);
    for (const [children, type, text] of marks) {
      assert.equal(children, 1, `${payload}: a mark holds one node`);
      assert.equal(type, 3, `${payload}: a mark holds text (${text})`);
    }
    await assertClean(page, `search ${payload}`);
  }
  // The same through the URL.
  await page.goto(`${suite.server.origin}/?archive=${encodeURIComponent(ARCHIVE)}&q=${encodeURIComponent("<script>alert(1)</script>")}`);
  await page.locator("mark").first().waitFor({ timeout: 10000 });
  await assertClean(page, "search from the URL");
  await page.context().close();
});

test("payload facets, tags and chips stay text", async () => {
  const page = await open();
  // A tag whose id is a payload: its button filters, and its chip is text.
  // Rows come a page at a time: scroll down to the first such tag.
  const tag = page.locator('[data-testid="entry"] button.tag').filter({ hasText: "<" }).first();
  await scrollTo(page, tag, "a tag button with < in its text");
  const label = (await tag.textContent()).trim();
  await tag.click();
  await page.locator('[data-testid="chips"] .chip').first().waitFor();
  const chips = await page.locator('[data-testid="chips"]').textContent();
  assert.ok(chips.includes(label), `the chip shows the tag as text: ${chips}`);
  // A section whose id and label are payloads, from the facet panel.
  let steps = 1;
  const option = page.locator('[data-facet="section"] input[type="checkbox"]:not([disabled])').nth(1);
  if (await option.count()) {
    await option.check();
    await page.waitForFunction(() => new URL(location.href).searchParams.has("section"), null, { timeout: 5000 });
    steps++;
  }
  await assertClean(page, "facets and chips");
  for (let i = 0; i < steps; i++) await page.goBack();
  await page.locator('[data-testid="entry"]').first().waitFor();
  await assertClean(page, "back");
  await page.context().close();
});

test("self-check: the instruments catch an injection", async () => {
  const page = await open();
  await page.evaluate(() => {
    const card = document.querySelector('[data-testid="entry"] .entry-title');
    card.insertAdjacentHTML("beforeend", '<img src=x onerror="window.__xss=1"><a href="javascript:alert(1)">x</a>');
    alert("direct");
  });
  await page.waitForTimeout(300);
  const { problems, events } = await page.evaluate(scanDocument);
  assert.ok(events.some((e) => e.startsWith("element: <img")), JSON.stringify(events));
  assert.ok(events.some((e) => e.startsWith("attribute: IMG onerror")), JSON.stringify(events));
  assert.ok(events.some((e) => e.startsWith("alert: direct")), JSON.stringify(events));
  assert.ok(problems.some((p) => p.startsWith("<img> in the results")), JSON.stringify(problems));
  assert.ok(problems.some((p) => p.includes("javascript:")), JSON.stringify(problems));
  assert.ok(foreignRequests(page).some((u) => u.endsWith("/x")), "the image request is seen");
  await page.context().close();
});

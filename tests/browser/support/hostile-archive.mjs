// Writes a hostile archive.json at test time (never committed): every
// payload of tests/fixtures/xss-payloads.txt in every string the viewer
// shows or puts in an attribute — titles, urls, descriptions (text, code,
// em, strong, link text and hrefs), children, section titles and labels,
// section and tag ids and labels, issue titles, dates and sources.
import fs from "node:fs";
import path from "node:path";
import { REPO } from "./browser.mjs";

export const PAYLOADS_FILE = path.join(REPO, "tests/fixtures/xss-payloads.txt");

/** Decodes one line of the payload file: `{U+XXXX}` is that character. */
export function decodePayload(line) {
  return line.replace(/\{U\+([0-9A-Fa-f]{4,6})\}/g, (whole, hex) => {
    const code = Number.parseInt(hex, 16);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** The payloads, decoded (`#!` lines are comments, blank lines ignored). */
export function readPayloads() {
  return fs
    .readFileSync(PAYLOADS_FILE, "utf8")
    .split("\n")
    .map((l) => l.replace(/\r$/, ""))
    .filter((l) => l !== "" && !l.startsWith("#!"))
    .map(decodePayload);
}

const EDITIONS = ["zh", "en", "ja"];
const LANGS = ["zh", "en", "ja", "zh-en"];
const SECTIONS = ["articles", "projects", "media", "discussions"];

/**
 * The archive: one issue and one entry per payload. Every fourth entry has
 * a section whose id and labels are the payload, every third a tag whose
 * id is the payload; every fifth issue has the payload as its date.
 */
export function hostileArchive(payloads = readPayloads()) {
  const sections = SECTIONS.map((id) => ({ id, labels: { zh: id, en: id, ja: id } }));
  const tags = [{ id: "safe-tag", labels: { zh: "安全", en: "Safe", ja: "安全" } }];
  const issues = [];
  const entries = [];
  payloads.forEach((p, i) => {
    const edition = EDITIONS[i % 3];
    const number = i + 1;
    issues.push({
      edition,
      number,
      date: i % 5 === 4 ? p : `2024-${String((i % 12) + 1).padStart(2, "0")}-06`,
      title: p,
      source: p,
    });
    let section = SECTIONS[i % 4];
    if (i % 4 === 3) {
      section = `s${i}${p}`;
      sections.push({ id: section, labels: { zh: p, en: p, ja: p } });
    }
    const entryTags = ["safe-tag"];
    if (i % 3 === 0) {
      const id = `t${i}${p}`;
      tags.push({ id, labels: { zh: p, en: p, ja: p } });
      entryTags.push(id);
    } else if (i % 3 === 1) {
      // A tag the archive has no label for: its id is shown.
      entryTags.push(p);
    }
    entries.push({
      id: `${edition}-${number}-hostile-${i}`,
      edition,
      issue: number,
      section,
      section_title: p,
      position: 1,
      number,
      title: p,
      url: i % 2 === 0 ? p : `https://example.com/ok/${i}?q=${encodeURIComponent(p)}`,
      description: [
        [
          p,
          " ",
          { code: p },
          { em: [p] },
          { strong: [p, { code: p }] },
          { href: p, text: [p] },
          { href: `https://example.com/d/${i}`, text: [{ em: [p] }] },
          { href: "javascript:alert(1)", text: ["js link"] },
        ],
        [p],
      ],
      lang: LANGS[i % 4],
      tags: entryTags,
      children: [
        { title: p, url: p },
        { title: p, url: `https://example.com/c/${i}`, lang: "en" },
        { title: `javascript child ${i}`, url: "javascript:alert(1)" },
      ],
    });
  });
  return { format_version: 1, issues, entries, sections, tags };
}

/** Writes the archive into `dir` and returns { file, archive, payloads }. */
export function writeHostileArchive(dir) {
  const payloads = readPayloads();
  const archive = hostileArchive(payloads);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "archive.json");
  fs.writeFileSync(file, JSON.stringify(archive));
  return { file, archive, payloads };
}

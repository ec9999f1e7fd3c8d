// The same entries for every tool: what the app searches (every entry but
// removed ones), as plain text = title + description + the URL's host.
import fs from "node:fs";

export function plainText(blocks = []) {
  const walk = (inline) => {
    if (typeof inline === "string") return inline;
    if ("code" in inline) return inline.code;
    if ("em" in inline) return inline.em.map(walk).join("");
    if ("strong" in inline) return inline.strong.map(walk).join("");
    if ("text" in inline) return inline.text.map(walk).join("");
    return "";
  };
  return blocks.map((b) => b.map(walk).join("")).join("\n");
}

const host = (url) => {
  try {
    return new URL(url).host;
  } catch {
    return "";
  }
};

/** Documents { i, t (title), u (url), x (plain text) } of an archive. */
export function documentsOf(archive) {
  return archive.entries
    .filter((e) => e.status !== "removed")
    .map((e, i) => ({
      i,
      t: e.title,
      u: e.url ?? null,
      x: [e.title, plainText(e.description), e.url ? host(e.url) : ""].filter(Boolean).join("\n"),
    }));
}

export function writeDocuments(archive, file) {
  const docs = documentsOf(archive);
  fs.writeFileSync(file, JSON.stringify(docs));
  return docs;
}

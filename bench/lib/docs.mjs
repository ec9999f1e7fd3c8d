// The same entries for every tool: what the app searches (every entry but
// removed ones), as plain text = title + description + the URL's host.
import fs from "node:fs";
// The specs' reading of rich text: the entries the tools index are the
// entries the specs check the viewer against.
import { plainText } from "../../tests/browser/support/viewer.mjs";

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

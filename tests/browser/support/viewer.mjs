// Helpers for the viewer specs: what the page shows, and what a plain scan
// of the archive says it should show.

/** Entries a reader sees with no filter: everything but removed items. */
export const visibleEntries = (archive) => archive.entries.filter((e) => e.status !== "removed");

/** Waits until the result count settles on a number and returns it. */
export async function resultCount(page) {
  const el = page.locator('[data-testid="result-count"]');
  await el.waitFor();
  const text = await el.textContent();
  const n = Number.parseInt(text.replace(/[^\d]/g, ""), 10);
  if (Number.isNaN(n)) throw new Error(`result count is not a number: ${text}`);
  return n;
}

/** Waits for the result count to become `n` (the view updates asynchronously). */
export async function expectCount(page, n) {
  await page.waitForFunction(
    (want) => {
      const el = document.querySelector('[data-testid="result-count"]');
      return el && Number.parseInt(el.textContent.replace(/[^\d]/g, ""), 10) === want;
    },
    n,
    { timeout: 5000 },
  ).catch(async () => {
    throw new Error(`expected ${n} results, the page says: ${await page.locator('[data-testid="result-count"]').textContent()}`);
  });
}

/** The facet checkbox of one option. */
export const facetOption = (page, facet, code) => page.locator(`#facet-${facet}-${code}`);

/** The query string of the page, as an object of decoded values. */
export const queryOf = (page) => Object.fromEntries(new URL(page.url()).searchParams);

/** Plain text of a description (rich text blocks). */
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

/** A run of 2 Han characters from the archive's titles, for a CJK search. */
export function hanSubstring(archive) {
  for (const e of visibleEntries(archive)) {
    const m = e.title.match(/\p{Script=Han}{2}/u);
    if (m) return m[0];
  }
  return null;
}

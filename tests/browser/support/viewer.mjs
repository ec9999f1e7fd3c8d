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

/**
 * How many rows the list renders first and adds each time its end nears the
 * viewport (`PAGE` in src/components/viewer.rs).
 */
export const PAGE = 20;

/** The ids of the rows in the list, in order. */
export const shownIds = (page) =>
  page.locator('[data-testid="entry"]').evaluateAll((els) => els.map((e) => e.dataset.entryId));

/**
 * Scrolls to the end of the list, as a reader would, a page of rows at a
 * time, until `done()` resolves true or every result is rendered. Resolves
 * to whether `done()` held.
 */
async function scrollUntil(page, done) {
  const total = await resultCount(page);
  for (let i = 0; i <= Math.ceil(total / PAGE) + 5; i++) {
    if (await done()) return true;
    const shown = await page.locator('[data-testid="entry"]').count();
    if (shown >= total) return false;
    await page.evaluate(() => document.querySelector(".list-end")?.scrollIntoView());
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="entry"]').length > n, shown, { timeout: 5000 }).catch(async () => {
      // No observer sighting: the button adds a page too.
      await page.locator(".list-end button").click({ timeout: 2000 }).catch(() => {});
    });
  }
  throw new Error(`could not render all ${total} results`);
}

/** Adds rows until every result is in the DOM; resolves to how many results there are. */
export async function renderAll(page) {
  await scrollUntil(page, async () => false);
  return resultCount(page);
}

/**
 * Scrolls down the list until `locator` (of rows, e.g. an entry's card)
 * matches, and returns it; fails if no result matches it.
 */
export async function scrollTo(page, locator, what = String(locator)) {
  if (!(await scrollUntil(page, async () => (await locator.count()) > 0))) {
    throw new Error(`${what} is not among the ${await resultCount(page)} results, all rendered`);
  }
  return locator;
}

/** Scrolls down the list until the card of entry `id` is rendered, and returns it. */
export const scrollToEntry = (page, id) => scrollTo(page, page.locator(`[data-entry-id="${id}"]`), `entry ${id}`);

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

/** The date of an entry's issue (`YYYY-MM-DD`). */
export const issueDate = (archive, entry) =>
  archive.issues.find((i) => i.edition === entry.edition && i.number === entry.issue)?.date;

const EDITIONS = ["zh", "en", "ja"];

/** The archive's visible entries as the viewer lists them by default: issue date descending, then the archive's order. */
export function newestFirst(archive) {
  const date = (e) => issueDate(archive, e) ?? "";
  return visibleEntries(archive)
    .map((e, i) => ({ e, i }))
    .sort((a, b) => date(b.e).localeCompare(date(a.e)) || EDITIONS.indexOf(a.e.edition) - EDITIONS.indexOf(b.e.edition) || b.e.issue - a.e.issue || a.i - b.i)
    .map(({ e }) => e);
}

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

// Keyboard and screen-reader use beyond what axe checks: where the focus
// goes, what is announced and when, what each control is named, and which
// language each text is read in.
import { test } from "node:test";
import assert from "node:assert/strict";
import { unexpectedProblems } from "./support/browser.mjs";
import { viewerSuite } from "./support/suite.mjs";
import { PAGE, facetOption, resultCount } from "./support/viewer.mjs";

const suite = viewerSuite();

/** The viewer once its first rows are in the page too: these specs walk them. */
async function open(query = "", options = {}) {
  const page = await suite.open(query, options);
  await page.locator('[data-testid="entry"]').first().waitFor();
  return page;
}

const rowIndexOfFocus = (page) =>
  page.evaluate(() => [...document.querySelectorAll('.entries > [data-testid="entry"]')].indexOf(document.activeElement));

test("'Show more entries' takes the focus to the first row it adds, also when it goes with the last page", async () => {
  const page = await open("", { viewport: { width: 1280, height: 700 } });
  const button = page.locator('[data-testid="show-more"]');
  assert.equal((await button.textContent()).trim(), "Show more entries");
  const total = await resultCount(page);
  assert.ok(total > PAGE, "the sample needs more than one page");
  let presses = 0;
  while ((await button.count()) > 0) {
    // Focusing the button scrolls it into view, which may add the last
    // page by itself and take the button away: the focus must then go to
    // that page's first row too.
    const before = await page.locator('[data-testid="entry"]').count();
    await button.focus();
    if ((await button.count()) > 0) await page.keyboard.press("Enter").catch(() => {});
    presses += 1;
    await page.waitForFunction(() => document.activeElement?.matches('[data-testid="entry"]'), null, { timeout: 5000 });
    const at = await rowIndexOfFocus(page);
    assert.ok(at >= before && at % PAGE === 0, `the focus is on the first new row (row ${at}, ${before} were shown)`);
  }
  assert.ok(presses > 0);
  assert.equal(await page.locator('[data-testid="entry"]').count(), total, "every row is shown");
  assert.notEqual(await page.evaluate(() => document.activeElement.tagName), "BODY", "the last press kept the focus");
  assert.deepEqual(unexpectedProblems(page), []);
  await page.context().close();
});

test("the result count is announced once typing pauses, not on every key", async () => {
  const page = await open();
  const live = page.locator('[data-testid="results-announcement"]');
  assert.equal(await live.getAttribute("role"), "status");
  assert.equal(await page.locator('[data-testid="result-count"]').getAttribute("role"), null, "the visible count is not a second live region");
  await page.waitForFunction(() => document.querySelector('[data-testid="results-announcement"]').textContent !== "");
  // Count every change of the live region's text while a word is typed.
  await page.evaluate(() => {
    window.__announced = [];
    const el = document.querySelector('[data-testid="results-announcement"]');
    new MutationObserver(() => window.__announced.push(el.textContent)).observe(el, { childList: true, characterData: true, subtree: true });
  });
  const search = page.locator('[data-testid="search"]');
  await search.click();
  await search.pressSequentially("python", { delay: 80 });
  const count = await page.locator('[data-testid="result-count"]').textContent();
  await page.waitForFunction((text) => document.querySelector('[data-testid="results-announcement"]').textContent === text, count, { timeout: 3000 });
  const heard = await page.evaluate(() => window.__announced);
  assert.ok(heard.length >= 1 && heard.length <= 2, `announced ${heard.length} times while typing 6 keys: ${JSON.stringify(heard)}`);
  assert.equal(heard.at(-1), count);
  await page.context().close();
});

test("'/' goes to the search box from a checkbox, and is a character in a text field", async () => {
  const page = await open();
  const search = page.locator('[data-testid="search"]');
  await facetOption(page, "edition", "zh").focus();
  await page.keyboard.press("/");
  assert.equal(await page.evaluate(() => document.activeElement.id), "search-input");
  assert.equal(await search.inputValue(), "", "the slash is not typed");
  await page.keyboard.type("a/b");
  assert.equal(await search.inputValue(), "a/b", "in the box it is a character");
  await page.context().close();
});

test("the page's outline, names and languages are what a screen reader needs", async () => {
  const page = await open("?ui=en");
  // Headings: the site, the filters, the results, then one per entry.
  const headings = await page.locator("h1, h2, h3").evaluateAll((els) => els.map((h) => `${h.tagName} ${h.textContent.trim()}`));
  assert.deepEqual(headings.slice(0, 3), ["H1 Python Trending Weekly archive", "H2 Filters", "H2 Results"], `${headings}`);
  assert.ok(headings.slice(3).every((h) => h.startsWith("H3 ")), `the entries are under Results: ${headings}`);
  assert.equal(await page.getByRole("region", { name: "Results" }).count(), 1, "the results region is named by its heading");

  // Each entry's text is marked with its edition's language.
  const marks = await page.locator('[data-testid="entry"]').evaluateAll((rows) =>
    rows.map((row) => [row.dataset.entryId, row.querySelector("h3").lang, row.querySelector(".entry-description")?.lang]),
  );
  const editionOf = Object.fromEntries(suite.archive.entries.map((e) => [e.id, e.edition]));
  for (const [id, titleLang, descriptionLang] of marks) {
    assert.equal(titleLang, editionOf[id], `${id} title`);
    assert.ok(descriptionLang === undefined || descriptionLang === editionOf[id], `${id} description`);
  }
  assert.deepEqual(
    await page.locator("#ui-lang option").evaluateAll((os) => os.map((o) => `${o.value}:${o.lang}`)),
    ["en:en", "zh:zh", "ja:ja"],
  );

  // Links that read alike on every card are described by the card's title.
  const described = await page.locator('[data-testid="archived-copy"], [data-testid="also-in"] a').evaluateAll((links) =>
    links.map((a) => {
      const title = document.getElementById(a.getAttribute("aria-describedby"));
      return [a.textContent, title?.tagName, title?.closest("[data-testid=entry]") === a.closest("[data-testid=entry]")];
    }),
  );
  assert.ok(described.length > 0, "the sample has archived copies");
  for (const [text, tag, sameCard] of described) assert.ok(tag === "H3" && sameCard, `${text} is described by its card's title`);

  // A facet list that takes the focus is named by its facet.
  const lists = await page.locator(".facet-options").evaluateAll((uls) =>
    uls.map((ul) => [ul.tabIndex, document.getElementById(ul.getAttribute("aria-labelledby"))?.textContent]),
  );
  assert.ok(lists.length > 0);
  for (const [, name] of lists) assert.ok(name && name.trim().length > 0, `every facet list is named: ${JSON.stringify(lists)}`);
  await page.context().close();
});

test("the trends table has a caption and no Tab stop of its own", async () => {
  const page = await open("?ui=en");
  const trends = page.locator('[data-testid="trends"]');
  await trends.locator("summary").first().click();
  await trends.locator(".trend-table summary").click();
  const table = page.locator('[data-testid="trends-table"]');
  assert.equal((await table.locator("caption").textContent()).trim(), "Entries per topic and quarter");
  assert.equal(await page.locator(".table-scroll").getAttribute("tabindex"), null);
  assert.ok((await table.locator("tbody button").count()) > 0, "its figures take the focus");
  await page.context().close();
});

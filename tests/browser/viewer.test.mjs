// The viewer on the bundled sample archive: facets, search, chips, sort,
// URL state with back/forward, keyboard, themes, UI language.
// Expectations come from a plain scan of the same archive.json.
import { test } from "node:test";
import assert from "node:assert/strict";
import { closeClean, newPage, readSampleArchive } from "./support/browser.mjs";
import { viewerSuite } from "./support/suite.mjs";
import { expectCount, facetOption, hanSubstring, issueDate, newestFirst, plainText, queryOf, renderAll, resultCount, scrollToEntry, shownIds, visibleEntries } from "./support/viewer.mjs";

// The sample archive with another issue page template, or a hostile one.
function withIssueUrl(issueUrl) {
  return (req, res) => {
    res.writeHead(200, { "content-type": "application/json", "cache-control": "no-store" });
    res.end(JSON.stringify({ ...readSampleArchive(), issue_url: issueUrl }));
  };
}

const suite = viewerSuite({
  routes: {
    "/mirror/archive.json": withIssueUrl("https://mirror.example/{edition}/issue-{number}/"),
    "/hostile/archive.json": withIssueUrl("javascript:alert(1)//{date}"),
  },
});

const dateOf = (entry) => issueDate(suite.archive, entry);

test("with no filter every entry is listed, newest first", async () => {
  const page = await suite.open();
  assert.equal(await resultCount(page), visibleEntries(suite.archive).length);
  // Rows come a page at a time: scroll to the end to see them all.
  await renderAll(page);
  const ids = await shownIds(page);
  assert.equal(ids.length, visibleEntries(suite.archive).length);
  const dates = ids.map((id) => dateOf(suite.archive.entries.find((e) => e.id === id)));
  assert.deepEqual(dates, [...dates].sort().reverse(), "dates descend");
  await closeClean(page);
});

test("oldest first reverses the order and is kept in the URL", async () => {
  const page = await suite.open();
  await page.locator('[data-testid="sort"]').selectOption("oldest");
  await page.waitForURL(/sort=oldest/);
  await renderAll(page);
  const ids = await shownIds(page);
  assert.equal(ids.length, visibleEntries(suite.archive).length);
  const dates = ids.map((id) => dateOf(suite.archive.entries.find((e) => e.id === id)));
  assert.deepEqual(dates, [...dates].sort(), "dates ascend");
  await closeClean(page);
});

test("best match lists the entries whose titles hold the search first, and is kept in the URL", async () => {
  // A Chinese pair some titles hold and some entries hold only in their
  // description, listed newest first in another order than best match's.
  const newest = newestFirst(suite.archive);
  const holds = (e, pair) => e.title.includes(pair) || plainText(e.description).includes(pair);
  const titleFirst = (entries, pair) => entries.filter((e) => holds(e, pair)).map((e) => e.title.includes(pair));
  const grouped = (flags) => flags.every((f, i) => i === 0 || f <= flags[i - 1]);
  const pair = newest
    .flatMap((e) => [...e.title.matchAll(/(?=(\p{Script=Han}{2}))/gu)].map((m) => m[1]))
    .find((p) => {
      const flags = titleFirst(newest, p);
      return flags.includes(false) && !grouped(flags);
    });
  assert.ok(pair, "the sample has a pair whose newest-first matches put a description-only one before a title one");
  const page = await suite.open(`?q=${encodeURIComponent(pair)}`);
  const inTitle = async () => {
    await renderAll(page);
    const ids = await shownIds(page);
    return ids.map((id) => suite.archive.entries.find((e) => e.id === id).title.includes(pair));
  };
  assert.ok(!grouped(await inTitle()), `newest first mixes them for ${pair}`);
  await page.locator('[data-testid="sort"]').selectOption("best");
  await page.waitForURL(/sort=best/);
  const flags = await inTitle();
  assert.ok(flags.includes(true) && flags.includes(false), `${pair}: title and description matches both listed`);
  assert.ok(grouped(flags), `${pair}: every title match comes before the others (${flags})`);
  await page.reload();
  await page.locator('[data-testid="entry"]').first().waitFor();
  assert.equal(await page.locator('[data-testid="sort"]').inputValue(), "best");
  assert.deepEqual(await inTitle(), flags, "a reload keeps the order");
  await closeClean(page);
});

test("a facet filters, counts disjunctively, and shows a removable chip", async () => {
  const page = await suite.open();
  const zh = visibleEntries(suite.archive).filter((e) => e.edition === "zh");
  const en = visibleEntries(suite.archive).filter((e) => e.edition === "en");
  assert.ok(zh.length > 0 && en.length > 0, "the sample has both editions");
  await facetOption(page, "edition", "zh").check();
  await expectCount(page, zh.length);
  assert.equal(queryOf(page).edition, "zh");
  // The other option of the same facet still counts what it would add.
  const enLabel = page.locator('label[for="facet-edition-en"] .facet-count');
  assert.equal(Number(await enLabel.textContent()), en.length);
  // Another facet's counts are narrowed to the zh entries.
  for (const lang of ["zh", "en"]) {
    const label = page.locator(`label[for="facet-lang-${lang}"] .facet-count`);
    if (await label.count()) {
      assert.equal(Number(await label.textContent()), zh.filter((e) => e.lang === lang).length, `lang ${lang} among zh`);
    }
  }
  const chip = page.locator('[data-testid="chips"] .chip').first();
  await chip.click();
  await expectCount(page, visibleEntries(suite.archive).length);
  assert.equal(await page.locator('[data-testid="chips"]').count(), 0, "no chip without a filter");
  // The last chip took the focus with it: it goes to the search, not the page.
  await page.waitForFunction(() => document.activeElement?.id === "search-input", null, { timeout: 2000 });
  // "Clear all" too.
  await facetOption(page, "edition", "en").check();
  await page.locator('[data-testid="clear-all"]').click();
  await expectCount(page, visibleEntries(suite.archive).length);
  await page.waitForFunction(() => document.activeElement?.id === "search-input", null, { timeout: 2000 });
  await closeClean(page);
});

test("options that would give nothing are disabled, not hidden", async () => {
  const page = await suite.open();
  await facetOption(page, "edition", "en").check();
  await expectCount(page, visibleEntries(suite.archive).filter((e) => e.edition === "en").length);
  const states = await page.locator(".facet-option").evaluateAll((items) =>
    items.map((li) => ({
      disabled: li.querySelector("input").disabled,
      checked: li.querySelector("input").checked,
      count: Number(li.querySelector(".facet-count").textContent),
    })),
  );
  assert.ok(states.length > 0);
  for (const s of states) assert.equal(s.disabled, s.count === 0 && !s.checked, JSON.stringify(s));
  assert.ok(states.some((s) => s.disabled), "some option of the sample is empty among en entries");
  await closeClean(page);
});

test("a Chinese substring search finds and marks it exactly", async () => {
  const han = hanSubstring(suite.archive);
  assert.ok(han, "the sample has Chinese titles");
  const page = await suite.open();
  await page.locator('[data-testid="search"]').fill(han);
  const expected = visibleEntries(suite.archive).filter((e) => `${e.title}\n${plainText(e.description)}`.includes(han));
  const count = await page.waitForFunction(() => document.querySelector('[data-testid="result-count"]').textContent).then(() => resultCount(page));
  assert.ok(count >= expected.length, `at least the ${expected.length} entries whose text holds ${han}`);
  const marks = await page.locator('[data-testid="entry"] mark').allTextContents();
  assert.ok(marks.length > 0, "matches are marked");
  for (const m of marks) assert.equal(m, han);
  assert.equal(queryOf(page).q, han);
  await closeClean(page);
});

test("a topic whose label the search matches is marked on its entries, in any interface language", async () => {
  // The first two characters of a topic's Chinese label, searched with the
  // English interface: the chips show English labels, yet are marked.
  const tag = suite.archive.tags.find((t) => /^\p{Script=Han}{2}/u.test(t.labels.zh) && visibleEntries(suite.archive).some((e) => e.tags?.includes(t.id)));
  assert.ok(tag, "the sample has a tagged topic with a Chinese label");
  const term = tag.labels.zh.slice(0, 2);
  const labelsHold = (id) => {
    const labels = suite.archive.tags.find((t) => t.id === id)?.labels;
    return Boolean(labels) && [labels.zh, labels.en, labels.ja].some((l) => l.includes(term));
  };
  const page = await suite.open(`?ui=en&q=${encodeURIComponent(term)}`);
  await page.locator(".tag.is-match").first().waitFor();
  const rows = await page.locator('[data-testid="entry"]').evaluateAll((els) =>
    els.map((el) => ({ id: el.dataset.entryId, marked: [...el.querySelectorAll(".tag")].map((b) => b.classList.contains("is-match")) })),
  );
  assert.ok(rows.length > 0);
  for (const { id, marked } of rows) {
    const entry = suite.archive.entries.find((e) => e.id === id);
    assert.deepEqual(marked, (entry.tags ?? []).map(labelsHold), `the chips of ${id} for ${term}`);
  }
  // Without a search nothing is marked.
  await page.locator('[data-testid="search"]').fill("");
  await page.waitForFunction(() => document.querySelectorAll(".tag.is-match").length === 0);
  await closeClean(page);
});

test("a Latin prefix search is case-insensitive and marks the prefix", async () => {
  const word = visibleEntries(suite.archive).map((e) => e.title.match(/[A-Za-z]{5,}/)?.[0]).find(Boolean);
  const prefix = word.slice(0, 3);
  const page = await suite.open();
  await page.locator('[data-testid="search"]').fill(prefix.toUpperCase());
  await page.locator('[data-testid="entry"] mark').first().waitFor();
  const marks = await page.locator('[data-testid="entry"] mark').allTextContents();
  for (const m of marks) assert.equal(m.toLowerCase(), prefix.toLowerCase());
  await closeClean(page);
});

test("the keyboard hint shows where there is a keyboard, not on a touch screen, and describes the field on both", async () => {
  for (const [options, shown] of [
    [{}, true],
    [{ isMobile: true, hasTouch: true, viewport: { width: 390, height: 844 } }, false],
  ]) {
    const page = await suite.open("", options);
    const hint = page.locator("#search-hint");
    assert.equal(await hint.isVisible(), shown, `hint visible with ${JSON.stringify(options)}`);
    assert.equal(await page.locator('[data-testid="search"]').getAttribute("aria-describedby"), "search-hint");
    await closeClean(page);
  }
});

test("a search that matches nothing shows the designed empty state", async () => {
  const page = await suite.open();
  await facetOption(page, "edition", "zh").check();
  await page.locator('[data-testid="search"]').fill("zzqqxxnothing");
  const empty = page.locator('[data-testid="no-results"]');
  await empty.waitFor();
  // As tall as its words: not the loading panel's reserved space.
  const height = await empty.evaluate((el) => el.getBoundingClientRect().height);
  assert.ok(height < 300, `the empty panel is ${height} px tall`);
  assert.match(await empty.textContent(), /remove a filter/);
  await empty.getByRole("button", { name: "Clear filters" }).click();
  await expectCount(page, visibleEntries(suite.archive).length);
  // The button went with the empty state; the focus goes to the search.
  await page.waitForFunction(() => document.activeElement?.id === "search-input", null, { timeout: 2000 });
  assert.equal(await page.locator('[data-testid="search"]').inputValue(), "");
  assert.equal(await facetOption(page, "edition", "zh").isChecked(), false);
  // With only the search to blame, it says so and clears just that.
  await page.locator('[data-testid="search"]').fill("zzqqxxnothing");
  await empty.waitFor();
  assert.doesNotMatch(await empty.textContent(), /filter/);
  await empty.getByRole("button", { name: "Clear the search" }).click();
  await expectCount(page, visibleEntries(suite.archive).length);
  await closeClean(page);
});

test("the filter panel opens beside the results only where the layout has two columns", async () => {
  // 48rem (768 px) is the narrow layout's last width (main.css): there the
  // panel is folded above the results, so the first entry is on screen.
  for (const [width, open] of [[767, false], [768, false], [769, true], [1280, true]]) {
    const page = await newPage(suite.browser, { viewport: { width, height: 900 } });
    await page.goto(`${suite.server.origin}/`);
    await page.locator('[data-testid="entry"]').first().waitFor();
    assert.equal(await page.locator("details.facets").evaluate((d) => d.open), open, `at ${width} px`);
    const top = await page.locator('[data-testid="entry"]').first().evaluate((el) => el.getBoundingClientRect().top);
    assert.ok(top < 900, `the first entry starts at ${top} px at ${width} px`);
    if (!open) {
      // Folded, the panel is its heading's height: no gap for hidden content.
      const [panel, summary] = await page.locator("details.facets").evaluate((d) => [d.getBoundingClientRect().height, d.querySelector("summary").getBoundingClientRect().height]);
      assert.ok(panel - summary < 2, `folded panel ${panel} px, its heading ${summary} px`);
    }
    await closeClean(page);
  }
});

test("only option lists long enough to scroll are a Tab stop of their own", async () => {
  const page = await suite.open();
  const lists = await page.locator("ul.facet-options").evaluateAll((uls) =>
    uls.map((ul) => ({ options: ul.children.length, focusable: ul.getAttribute("tabindex") === "0" })),
  );
  assert.ok(lists.length >= 4, "the sample has several facets");
  for (const list of lists) assert.equal(list.focusable, list.options > 8, JSON.stringify(list));
  await closeClean(page);
});

test("typing adds one history entry; back and forward restore each view", async () => {
  const page = await suite.open();
  await facetOption(page, "edition", "zh").check();
  await page.waitForURL(/edition=zh/);
  const search = page.locator('[data-testid="search"]');
  await search.click();
  for (const key of "abc") await page.keyboard.type(key);
  await page.waitForURL(/q=abc/);
  await page.goBack();
  await page.waitForURL((url) => !url.search.includes("q="));
  assert.equal(await search.inputValue(), "", "one Back leaves the search");
  assert.ok(await facetOption(page, "edition", "zh").isChecked(), "the facet choice is still there");
  await page.goBack();
  await page.waitForURL((url) => !url.search.includes("edition"));
  assert.equal(await facetOption(page, "edition", "zh").isChecked(), false);
  await page.goForward();
  await page.waitForURL(/edition=zh/);
  assert.ok(await facetOption(page, "edition", "zh").isChecked());
  await closeClean(page);
});

test("the URL follows typing once it pauses, and no typed key is lost from the history", async () => {
  const page = await newPage(suite.browser);
  // Counts history writes: replaceState costs a trip to the browser
  // process, so typing must not make one per key.
  await page.addInitScript(() => {
    window.__historyWrites = { push: 0, replace: 0 };
    for (const [name, key] of [["pushState", "push"], ["replaceState", "replace"]]) {
      const original = History.prototype[name];
      History.prototype[name] = function (...args) {
        window.__historyWrites[key]++;
        return original.apply(this, args);
      };
    }
  });
  await page.goto(`${suite.server.origin}/`);
  await page.locator('[data-testid="result-count"]').waitFor();
  const writes = () => page.evaluate(() => ({ ...window.__historyWrites }));
  const search = page.locator('[data-testid="search"]');
  await search.click();
  // Typed faster than the pause the URL waits for: one entry, then one
  // replacement with the whole search.
  await page.keyboard.type("pyth");
  await page.waitForURL(/q=pyth/);
  const typed = await writes();
  assert.equal(typed.push, 1, "the first key adds the history entry");
  assert.ok(typed.replace <= 2, `${typed.replace} replacements for 4 keys`);
  // A facet chosen right after typing, before the pause: the search entry
  // still gets the whole search first, so Back returns to it.
  await page.keyboard.type("on");
  await facetOption(page, "edition", "en").check();
  await page.waitForURL(/edition=en/);
  await page.goBack();
  await page.waitForURL((url) => !url.search.includes("edition"));
  assert.equal(new URL(page.url()).searchParams.get("q"), "python");
  assert.equal(await search.inputValue(), "python");
  await closeClean(page);
});

test("a shared link opens the same view, and reload keeps it", async () => {
  const en = visibleEntries(suite.archive).filter((e) => e.edition === "en");
  const page = await suite.open("?edition=en&sort=oldest&ui=zh");
  await expectCount(page, en.length);
  assert.equal(await page.locator('[data-testid="sort"]').inputValue(), "oldest");
  assert.equal(await page.locator("h1").textContent(), "Python 潮流周刊归档");
  await page.reload();
  await expectCount(page, en.length);
  assert.ok(await facetOption(page, "edition", "en").isChecked());
  await closeClean(page);
});

test("unknown or malformed parameters are ignored", async () => {
  const page = await suite.open("?lang=xx&year=abc&from=zz&foo=bar&tag=%3Cscript%3E&q=%E0%A4%A");
  assert.equal(await resultCount(page), visibleEntries(suite.archive).length);
  await closeClean(page);
});

test("/ focuses the search and Esc clears it", async () => {
  const page = await suite.open("?q=py");
  await page.locator("body").click();
  await page.keyboard.press("/");
  const search = page.locator('[data-testid="search"]');
  assert.ok(await search.evaluate((el) => el === document.activeElement), "search has focus");
  await page.keyboard.press("Escape");
  await page.waitForURL((url) => !url.search.includes("q="));
  assert.equal(await search.inputValue(), "");
  await closeClean(page);
});

test("the UI language switches and is kept in the URL", async () => {
  const page = await suite.open();
  assert.equal(await page.locator("h1").textContent(), "Python Trending Weekly archive");
  // The rows' own words follow too (rows take them once and are made anew
  // when the language changes).
  const first = page
    .locator('[data-testid="entry"]')
    .filter({ has: page.locator('[data-testid="archived-copy"]') })
    .filter({ has: page.locator("button.tag") })
    .first();
  const rowWords = async () => ({
    lang: await first.locator(".badge-lang").textContent(),
    archived: await first.locator('[data-testid="archived-copy"]').textContent(),
    tagTitle: await first.locator("button.tag").first().getAttribute("title"),
  });
  // Each UI language: its title, the page's language, the rows' words and
  // the archive's own section names in that language.
  const languages = [
    { code: "en", html: "en", title: "Python Trending Weekly archive", badges: ["Chinese", "English", "Japanese", "Chinese & English"], words: ["Archived copy", "Show entries on this topic"] },
    { code: "zh", html: "zh-CN", title: "Python 潮流周刊归档", badges: ["中文", "英文", "日文", "中英双语"], words: ["存档副本", "查看这个主题的条目"] },
    { code: "ja", html: "ja", title: "Python トレンド週刊アーカイブ", badges: ["中国語", "英語", "日本語", "中国語・英語"], words: ["アーカイブ版", "このトピックの項目を表示"] },
  ];
  const articles = suite.archive.sections.find((x) => x.id === "articles");
  for (const ui of languages) {
    if (ui.code !== "en") {
      await page.locator('[data-testid="ui-lang"]').selectOption(ui.code);
      await page.waitForURL(new RegExp(`ui=${ui.code}`));
    }
    assert.equal(await page.locator("h1").textContent(), ui.title);
    assert.equal(await page.title(), ui.title, "the tab says it too");
    assert.equal(await page.locator("html").getAttribute("lang"), ui.html);
    const row = await rowWords();
    assert.ok(ui.badges.includes(row.lang), `language badge in ${ui.code}: ${row.lang}`);
    assert.deepEqual([row.archived, row.tagTitle], ui.words);
    const section = await page.locator('label[for="facet-section-articles"] .facet-label').textContent();
    assert.equal(section, articles.labels[ui.code]);
  }
  await closeClean(page);
});

test("the browser's language picks the UI language", async () => {
  for (const [locale, title] of [["zh-CN", "Python 潮流周刊归档"], ["ja-JP", "Python トレンド週刊アーカイブ"], ["fr-FR", "Python Trending Weekly archive"]]) {
    const page = await newPage(suite.browser, { locale });
    await page.goto(`${suite.server.origin}/`);
    await page.locator('[data-testid="result-count"]').waitFor();
    assert.equal(await page.locator("h1").textContent(), title, locale);
    await closeClean(page);
  }
});

test("the theme follows the system and the toggle overrides it", async () => {
  const page = await newPage(suite.browser, { colorScheme: "dark" });
  await page.goto(`${suite.server.origin}/`);
  await page.locator('[data-testid="result-count"]').waitFor();
  const toggle = page.locator('[data-testid="theme-toggle"]');
  assert.equal(await toggle.getAttribute("aria-pressed"), "true");
  // Its state is seen, not only announced: pressed looks unlike unpressed.
  const look = () => toggle.evaluate((b) => getComputedStyle(b).boxShadow);
  const pressed = await look();
  await toggle.click();
  assert.equal(await page.locator("html").getAttribute("data-theme"), "light");
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(bg, "rgb(251, 250, 247)", "light background");
  assert.equal(await toggle.getAttribute("aria-pressed"), "false");
  assert.notEqual(await look(), pressed, "the pressed toggle looks pressed");
  await closeClean(page);
});

test("clicking a tag filters by it", async (t) => {
  const tagged = visibleEntries(suite.archive).find((e) => e.tags?.length);
  if (!tagged) return t.skip("the archive has no topic tags yet");
  const page = await suite.open();
  const tag = tagged.tags[0];
  const card = await scrollToEntry(page, tagged.id);
  await card.locator(".tag").first().click();
  await expectCount(page, visibleEntries(suite.archive).filter((e) => e.tags?.includes(tag)).length);
  assert.equal(queryOf(page).tag, tag);
  await closeClean(page);
});

test("entries link out safely and title-only entries say so", async () => {
  const page = await suite.open();
  await renderAll(page);
  // Every link out of the archive (the "also in" links stay in the viewer).
  const rels = await page
    .locator('[data-testid="entry"] a[href]')
    .evaluateAll((as) => as.filter((a) => !a.closest(".entry-also")).map((a) => [a.getAttribute("href"), a.rel, a.target]));
  for (const [href, rel, target] of rels) {
    assert.match(href, /^(https?:|mailto:)/);
    assert.equal(rel, "noopener noreferrer");
    assert.equal(target, "_blank");
  }
  await closeClean(page);
  const titleOnly = visibleEntries(suite.archive).filter((e) => e.status === "title_only");
  assert.ok(titleOnly.length > 0, "the sample has a paid, title-only issue");
  const { edition, issue } = titleOnly[0];
  const paid = await suite.open(`?edition=${edition}&from=${issue}&to=${issue}`);
  const card = paid.locator(`[data-entry-id="${titleOnly[0].id}"]`);
  assert.match(await card.locator(".badge-status").textContent(), /Title only/);
  assert.equal(await card.locator(".entry-title a").count(), 0, "no link for a paid item");
  await closeClean(paid);
});

test("each entry links its issue's page from the archive's template, never another scheme", async () => {
  // Of every row: scrolled to the end first.
  const issueLinks = async (page) => {
    await renderAll(page);
    return page.locator('[data-testid="entry"]').evaluateAll((cards) =>
      cards.map((c) => [c.dataset.entryId, c.querySelector("a.entry-issue")?.getAttribute("href") ?? null]),
    );
  };
  const entryOf = (id) => suite.archive.entries.find((e) => e.id === id);
  assert.ok(suite.archive.issue_url?.includes("{date}"), "the sample archive carries the newsletter's template");
  const page = await suite.open();
  const links = await issueLinks(page);
  assert.equal(links.length, visibleEntries(suite.archive).length);
  for (const [id, href] of links) assert.equal(href, suite.archive.issue_url.replace("{date}", dateOf(entryOf(id))), id);
  await closeClean(page);

  const mirror = await suite.open("?archive=mirror/archive.json");
  for (const [id, href] of await issueLinks(mirror)) {
    const { edition, issue } = entryOf(id);
    assert.equal(href, `https://mirror.example/${edition}/issue-${issue}/`, id);
  }
  await closeClean(mirror);

  const hostile = await suite.open("?archive=hostile/archive.json");
  const hostileLinks = await issueLinks(hostile);
  assert.ok(hostileLinks.length > 0);
  assert.deepEqual(hostileLinks.filter(([, href]) => href !== null), [], "no issue link at all");
  assert.match(await hostile.locator('[data-testid="entry"] .entry-issue').first().textContent(), /#\d+/);
  await closeClean(hostile);
});

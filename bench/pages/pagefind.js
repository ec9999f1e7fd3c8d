import { start } from "./harness.js";

const bundle = new URLSearchParams(location.search).get("bundle");
let pagefind;
start({
  async: true,
  async prepare() {
    const t = performance.now();
    pagefind = await import(`${bundle}pagefind.js`);
    await pagefind.options({ basePath: bundle });
    await pagefind.init();
    return { init: performance.now() - t };
  },
  async search(q) {
    // Pagefind's own search, then the first result's data (its title and
    // URL), as a results page needs at least that to show anything.
    const search = await pagefind.search(q);
    const results = search?.results ?? [];
    if (results.length === 0) return { total: 0, rows: [] };
    const data = await results[0].data();
    return { total: results.length, rows: [{ title: data.meta?.title ?? data.url, url: data.meta?.link ?? data.url }] };
  },
});

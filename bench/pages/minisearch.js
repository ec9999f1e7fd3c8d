import MiniSearch from "/__bench/lib/minisearch.js";
import { tokenize } from "./tokenize.js";
import { loadDocs, start } from "./harness.js";

let docs;
let index;
start({
  async prepare() {
    docs = await loadDocs();
    const t = performance.now();
    index = new MiniSearch({
      fields: ["x"],
      idField: "i",
      tokenize,
      processTerm: (term) => term,
      searchOptions: { prefix: true, combineWith: "AND", tokenize, processTerm: (term) => term },
    });
    index.addAll(docs);
    return { build: performance.now() - t, docs: docs.length };
  },
  search(q) {
    const hits = index.search(q);
    return { total: hits.length, rows: hits.slice(0, 50).map((h) => ({ title: docs[h.id].t, url: docs[h.id].u })) };
  },
});

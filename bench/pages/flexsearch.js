import { Index } from "/__bench/lib/flexsearch.js";
import { tokenize } from "./tokenize.js";
import { loadDocs, start } from "./harness.js";

let docs;
let index;
start({
  async prepare() {
    docs = await loadDocs();
    const t = performance.now();
    index = new Index({ tokenize: "forward", encode: tokenize });
    for (const doc of docs) index.add(doc.i, doc.x);
    return { build: performance.now() - t, docs: docs.length };
  },
  search(q) {
    // FlexSearch returns the best `limit` ids only (no total count).
    const ids = index.search(q, { limit: 50 });
    return { total: ids.length, rows: ids.map((id) => ({ title: docs[id].t, url: docs[id].u })) };
  },
});

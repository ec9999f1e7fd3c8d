// The floor of key→paint: a page that searches nothing and changes one
// text node per keystroke (the count line). Whatever it measures is the
// browser's input handling and frame timing, which every page pays.
import { start } from "./harness.js";

start({
  async prepare() {
    return { build: 0, docs: 0 };
  },
  search(q) {
    return { total: [...q].length, rows: [] };
  },
});

// The shared part of the competitor pages: load the documents, build the
// index (timed), answer the first query, then answer every input event.
// The page shows at most 50 rows, like the app's first page of results.
const ROWS = 50;
const params = new URLSearchParams(location.search);
export const docsUrl = params.get("docs");
export const firstQuery = params.get("q") ?? "asyncio";

export async function loadDocs() {
  const response = await fetch(docsUrl);
  if (!response.ok) throw new Error(`${docsUrl}: HTTP ${response.status}`);
  return response.json();
}

/**
 * tool: { prepare(): Promise<info>, search(q): result | Promise<result>, async }
 * result: { total, rows: [{ title, url }] }
 */
export async function start(tool) {
  window.__benchAsync = !!tool.async;
  const input = document.querySelector('input[type="search"]');
  const list = document.querySelector('[data-testid="entries"]');
  const count = document.querySelector('[data-testid="result-count"]');
  const render = (result) => {
    count.textContent = `${result.total} results`;
    list.replaceChildren(
      ...result.rows.slice(0, ROWS).map((row) => {
        const li = document.createElement("li");
        li.dataset.testid = "entry";
        const a = document.createElement("a");
        a.href = row.url ?? "#";
        a.textContent = row.title;
        li.append(a);
        return li;
      }),
    );
  };
  const empty = { total: 0, rows: [] };
  const answer = async (q) => {
    if (!q.trim()) return empty;
    // Timed with now(), recorded after: a performance.mark() would cost
    // tens of microseconds inside the span (the app does the same).
    const start = performance.now();
    let result = tool.search(q);
    if (result && typeof result.then === "function") result = await result;
    performance.measure("bench-query", { start, end: performance.now() });
    return result;
  };
  try {
    const info = await tool.prepare();
    const first = await answer(firstQuery);
    render(first);
    window.__bench.first({ ...info, firstTotal: first.total });
  } catch (error) {
    window.__benchError = String(error && error.stack || error);
    throw error;
  }
  let latest = 0;
  input.addEventListener("input", async () => {
    const mine = ++latest;
    const result = await answer(input.value);
    if (mine !== latest) return; // a newer keystroke won
    render(result);
    if (tool.async) window.__bench.rendered();
  });
}

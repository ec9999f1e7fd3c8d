// What most spec files share: one server of the built app and one browser
// for the whole file, and a way to open the viewer once it shows results.
import { before, after } from "node:test";
import fs from "node:fs";
import { startServer } from "./server.mjs";
import { DIST, launchBrowser, newPage, readSampleArchive } from "./browser.mjs";

/**
 * Registers this file's before() and after() hooks: before() serves DIST
 * (plus `routes`, startServer's `extra`), launches Chromium and reads the
 * archive the viewer shows by default (`archiveFile`, else the sample);
 * after() closes the browser and the server. Returns the suite, whose
 * `server`, `browser` and `archive` are set once before() has run.
 *
 * `routes` may be a function, called in before(), for routes to files an
 * earlier before() of the spec writes.
 */
export function viewerSuite({ routes = {}, archiveFile } = {}) {
  const suite = {
    server: undefined,
    browser: undefined,
    archive: undefined,
    /** A new page (with newPage's `options`) on `/${query}`, once the result count shows. */
    async open(query = "", options = {}) {
      const page = await newPage(suite.browser, options);
      await page.goto(`${suite.server.origin}/${query}`);
      await page.locator('[data-testid="result-count"]').waitFor();
      return page;
    },
  };

  before(async () => {
    suite.server = await startServer(DIST, typeof routes === "function" ? routes() : routes);
    suite.browser = await launchBrowser();
    suite.archive = archiveFile ? JSON.parse(fs.readFileSync(archiveFile, "utf8")) : readSampleArchive();
  });

  after(async () => {
    await suite.browser?.close();
    await suite.server?.close();
  });

  return suite;
}

// Offline once loaded: after a first visit of the hosted site (production build under /hashdrop/,
// GitHub Pages-like server), its service worker holds every file of the build. With the network
// cut, the page loads again, and File, Mapping, Check and the hashed-file download work with no
// connection and no token, the payload shape chosen on the File step. A newer deployment
// replaces the cache and says a new version is ready.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { browserName, rawValues, withSession as inSession } from './browser.mjs';
import { pagesUrl, base, controlledByServiceWorker, deployNextBuild, deployFirstBuild } from './hosted.mjs';
import { FilePage } from './pages/file.mjs';

const SAMPLE = new URL('./fixtures/store-sales.csv', import.meta.url).pathname;
/** The newer build's app id (xtask/src/test.rs writes it into the next build). */
const NEXT_APP_ID = '1000000000000001';

/** Cutting the network needs Playwright's BrowserContext.setOffline (Chromium). */
const offlineSkip =
  browserName === 'chromium' ? false : 'cutting the network needs Playwright (Chromium); WebDriver BiDi has no offline switch';

/** A browser session; the network cut on purpose and GitHub Pages' 404 status for a deep link are expected. */
const withSession = (body) => inSession(body, { expectedErrors: [/ERR_INTERNET_DISCONNECTED|status of 404/] });

/** Download from `button`; the file's name and text. */
async function download(page, button) {
  const [file] = await Promise.all([page.waitForEvent('download'), button.click()]);
  const chunks = [];
  for await (const chunk of await file.createReadStream()) chunks.push(chunk);
  return { name: file.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
}

test('with the network cut after a first visit, the page loads and a file is prepared, checked and downloaded hashed', { skip: offlineSkip }, async () => {
  const csv = await readFile(SAMPLE, 'utf8');
  await withSession(async ({ page, requests }) => {
    const file = new FilePage(page);
    await file.open(pagesUrl, 'file');
    await controlledByServiceWorker(page);
    await page.context().setOffline(true);
    const before = requests.length;
    await page.reload();
    await file.pageTitle.waitFor();
    assert.equal(new URL(page.url()).pathname, `${base}file`);
    assert.equal(await page.evaluate(() => navigator.onLine), false, 'the browser is offline');
    assert.ok(requests.length > before, 'the page loaded its files again (from the cache)');
    // The network really is cut: an address the service worker does not hold fails.
    const elsewhere = await page.evaluate(() =>
      fetch('/not-in-the-build.txt').then(
        () => 'answered',
        () => 'failed',
      ),
    );
    assert.equal(elsewhere, 'failed');
    // No token, no target: the File step asks for the payload shape; the offline event set's.
    assert.equal(await page.getByTestId('step-requirement').count(), 0);
    await page.getByTestId('file-shape-ocapi').check();
    await file.prepare(SAMPLE);
    // The offline event set API's rules accept fewer of the sample's rows than the dataset's.
    const { accepted } = await file.summary();
    assert.ok(accepted > 0);
    await file.continueLink.click();
    await page.getByTestId('mapping-continue').waitFor();
    await page.getByTestId('mapping-continue').click();
    await page.getByTestId('check-summary').waitFor();
    assert.equal(await page.getByTestId('check-accepted').textContent(), String(accepted));
    const hashed = await download(page, page.getByTestId('check-download-hashed'));
    assert.equal(hashed.name, 'store-sales.hashed.ndjson');
    const bodies = hashed.text.trim().split('\n').map((line) => JSON.parse(line));
    const events = bodies.flatMap((b) => b.data);
    assert.equal(events.length, accepted);
    // The offline event set API's shape (match_keys), as chosen.
    assert.ok(events.every((e) => e.match_keys && !e.user_data), 'offline event set events');
    for (const value of rawValues(csv, { rows: 20 })) {
      assert.ok(!hashed.text.includes(value), 'the hashed file holds no raw value');
    }
    // Connect's target kind is the same setting: connecting later keeps the choice.
    await page.getByTestId('step-connect').click();
    assert.equal(await page.getByTestId('connect-kind-ocapi').isChecked(), true);
  });
});

test('a new deployment replaces the cache and says a new version is ready', async () => {
  await withSession(async ({ page }) => {
    try {
      await page.goto(new URL('connect', pagesUrl).href);
      await page.getByTestId('page-title').waitFor();
      await controlledByServiceWorker(page);
      const cachesBefore = await page.evaluate(() => caches.keys());
      assert.equal(cachesBefore.length, 1);
      assert.equal(await page.locator('meta[name="hashdrop-app-id"]').count(), 0);
      deployNextBuild();
      // The browser checks for a new worker on navigation; the open build keeps running.
      await page.reload();
      await page.getByTestId('update-ready').waitFor({ timeout: 60_000 });
      assert.equal(await page.getByTestId('update-ready').getAttribute('role'), 'status');
      await page.getByTestId('update-reload').click();
      await page.waitForFunction(
        (id) => document.querySelector('meta[name="hashdrop-app-id"]')?.content === id,
        NEXT_APP_ID,
        { timeout: 60_000 },
      );
      await page.getByTestId('page-title').waitFor();
      const cachesAfter = await page.evaluate(() => caches.keys());
      assert.equal(cachesAfter.length, 1, 'the old build\'s cache is gone');
      assert.notEqual(cachesAfter[0], cachesBefore[0], 'a new cache for the new build');
      assert.equal(await page.getByTestId('update-ready').count(), 0);
    } finally {
      deployFirstBuild();
    }
  });
});

// The Custom conversions preview runs in a Web Worker: the page keeps only the picked file's
// handle (it never reads the file's bytes), each preview starts one worker and stops the one
// before, a change of the event name previews again, and a burst of rule edits starts a single
// preview once the edits pause. On a 200,000-row file the page answers a click while the worker
// previews.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, cspViolations } from './browser.mjs';
import { ACCOUNT } from './graph.mjs';
import { connected } from './flow.mjs';
import { ConversionsPage } from './pages/conversions.mjs';

let dir;
let csvPath;
// Amounts of the file's rows (no event-name column: the preview's event name names them).
const VALUES = [50, 150, 250, 350, 450, 550];
const BIG_ROWS = 200_000;

/** A large file without an event-name column; every 4th row is worth more than 400. */
function bigCsv() {
  const lines = ['email,phone,first name,last name,city,country,value,currency,time'];
  for (let i = 0; i < BIG_ROWS; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const value = i % 4 === 0 ? 450.5 : 12.25;
    lines.push(`Buyer.${i}@Example.com,+1 650 555 ${String(i % 10_000).padStart(4, '0')},Ann${i % 97},Lee${i % 89},Palo Alto,US,${value},usd,2026-10-${day} 10:00:00`);
  }
  return `${lines.join('\n')}\n`;
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hashdrop-conversions-preview-'));
  csvPath = join(dir, 'amounts.csv');
  const lines = ['email,event_time,value,currency'];
  VALUES.forEach((v, i) => lines.push(`buyer${i + 1}@example.org,2026-11-0${i + 1} 10:00,${v},USD`));
  await writeFile(csvPath, `${lines.join('\n')}\n`);
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Counts, in the page, the workers started and stopped and the blobs the page itself read. */
function watchWorkersAndReads() {
  const seen = { started: [], terminated: 0, pageReads: 0 };
  Object.defineProperty(window, '__previewWatch', { value: seen });
  const Base = window.Worker;
  window.Worker = class extends Base {
    constructor(url, options) {
      super(url, options);
      seen.started.push(String(url));
    }

    terminate() {
      seen.terminated += 1;
      super.terminate();
    }
  };
  for (const name of ['arrayBuffer', 'text', 'stream']) {
    const original = Blob.prototype[name];
    Blob.prototype[name] = function read(...args) {
      seen.pageReads += 1;
      return original.apply(this, args);
    };
  }
}

/** The page's counts (see `watchWorkersAndReads`). */
async function watched(page) {
  return page.evaluate(() => JSON.parse(JSON.stringify(window.__previewWatch)));
}

/** Wait until the preview is ready with `count` matching rows. */
async function waitForCount(page, count) {
  await page.waitForFunction((expected) => {
    const result = document.querySelector('[data-testid="preview-result"]');
    const shown = document.querySelector('[data-testid="preview-count"]')?.textContent;
    return result?.dataset.state === 'ready' && Number(shown) === expected;
  }, count);
}

/** Put each of `texts` in the rule JSON box in one go, as fast typing would. */
async function burstOfEdits(page, texts) {
  await page.evaluate((all) => {
    const box = document.querySelector('[data-testid="rule-json"]');
    for (const text of all) {
      box.value = text;
      box.dispatchEvent(new Event('input', { bubbles: true }));
    }
  }, texts);
}

test('the preview runs in a worker, one at a time, and the page never reads the file', async () => {
  const session = await launch({ viewport: { width: 1280, height: 900 } });
  const { page, errors } = session;
  try {
    await page.addInitScript(watchWorkersAndReads);
    await connected(page);
    const c = new ConversionsPage(page);
    await c.openFromNav();
    await c.load(ACCOUNT);

    // Leads only: the file's rows are read as Purchase, so none match.
    await c.json.fill('{"event_name":{"eq":"Lead"}}');
    assert.equal((await watched(page)).started.length, 0, 'no worker before a file is picked');
    await page.evaluate(() => {
      window.__previewWatch.pageReads = 0;
    });
    const preview = await c.preview(csvPath);
    assert.equal(preview.state, 'ready');
    assert.equal(preview.events, VALUES.length);
    assert.equal(preview.count, 0);
    let seen = await watched(page);
    assert.equal(seen.started.length, 1, 'one worker for the picked file');
    assert.match(seen.started[0], /hashdrop-worker/);

    // The event name changes: previewed again, in a new worker, the old one stopped.
    await c.previewEventName.fill('Lead');
    await waitForCount(page, VALUES.length);
    seen = await watched(page);
    assert.equal(seen.started.length, 2, 'a new worker for the new event name');
    assert.ok(seen.terminated >= 1, 'the previous worker was stopped');

    // A burst of edits: one preview, of the last rule, once the edits pause.
    const thresholds = [100, 200, 300, 400, 500];
    await burstOfEdits(page, thresholds.map((v) => `{"value":{"gt":${v}}}`));
    await waitForCount(page, VALUES.filter((v) => v > 500).length);
    seen = await watched(page);
    assert.equal(seen.started.length, 3, `one worker for the burst, not one per edit: ${seen.started.length - 2}`);
    assert.equal(seen.terminated, 2, 'each preview stopped the one before');
    assert.equal(Number(await c.previewCount.textContent()), 1);
    assert.deepEqual(
      await c.previewRows.evaluateAll((rows) => rows.map((r) => Number(r.dataset.row))),
      [VALUES.length],
    );

    assert.equal(seen.pageReads, 0, 'the page never read a file');
    assert.deepEqual(await cspViolations(page), [], 'no CSP violation');
    assert.deepEqual(errors, [], 'no page error');
  } finally {
    await session.browser.close();
  }
});

test('a 200,000-row file: the page answers a click while the worker previews it', async () => {
  const session = await launch({ viewport: { width: 1280, height: 900 } });
  const { page, errors } = session;
  try {
    await connected(page);
    const c = new ConversionsPage(page);
    await c.openFromNav();
    await c.load(ACCOUNT);
    await c.json.fill('{"value":{"gt":400}}');
    const csv = bigCsv();
    const started = Date.now();
    await c.previewFile.setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await c.langZh.click();
    await page.waitForFunction(() => document.documentElement.lang.startsWith('zh'));
    assert.equal(await c.previewResult.getAttribute('data-state'), 'idle', 'the page changed language before the preview ended');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="preview-result"]')?.dataset.state === 'ready',
      undefined,
      { timeout: 180_000 },
    );
    const seconds = (Date.now() - started) / 1000;
    assert.equal(Number(await c.previewEvents.textContent()), BIG_ROWS);
    assert.equal(Number(await c.previewCount.textContent()), BIG_ROWS / 4);
    assert.equal(await c.previewRows.count(), 200, 'the first 200 matching rows are listed');
    console.log(`# preview of ${BIG_ROWS} rows (${(csv.length / 1e6).toFixed(1)} MB) in ${seconds.toFixed(1)} s: ${Math.round(BIG_ROWS / seconds)} rows/s`);
    assert.deepEqual(await cspViolations(page), [], 'no CSP violation');
    assert.deepEqual(errors, [], 'no page error');
  } finally {
    await session.browser.close();
  }
});

// File step against the emulator: the sample CSV is read, normalized and hashed in a Web Worker
// (the page only shows progress), the summary matches the sample's README, the page answers
// clicks while a 200,000-row file is read, and no request carries a raw value from the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launch, cspViolations, assertNoRawValues, rawValues } from './browser.mjs';
import { SAMPLE, SAMPLE_NOW } from './graph.mjs';
import { onFileStep } from './flow.mjs';

const BIG_ROWS = 200_000;

/** Connect to the emulator, then go on to File. */
async function withFileStep(body) {
  const session = await launch();
  try {
    await session.page.clock.setFixedTime(SAMPLE_NOW);
    const file = await onFileStep(session.page);
    assert.match(session.page.url(), /\/file$/);
    await body({ ...session, file });
    assert.deepEqual(await cspViolations(session.page), [], 'no CSP violation');
    assert.deepEqual(session.errors, []);
  } finally {
    await session.browser.close();
  }
}

test('the sample is prepared in the worker: 300 rows, 287 accepted, 13 rejected, 3 warnings', async () => {
  const csv = await readFile(SAMPLE, 'utf8');
  await withFileStep(async ({ page, file, requests }) => {
    assert.equal(await file.state(), 'idle');
    assert.equal(await page.getByLabel('Choose a CSV, TSV or TXT file').getAttribute('type'), 'file');
    await file.choose(SAMPLE);
    assert.equal(await file.waitForEnd(), 'done');
    assert.deepEqual(await file.summary(), { rows: 300, accepted: 287, rejected: 13, warnings: 3, batches: 1 });
    assert.ok(requests.some((r) => /hashdrop-worker.*\.wasm$/.test(r.url)), 'the worker wasm was loaded');
    assert.equal(await file.continueLink.getAttribute('href'), '/mapping');
    const raw = rawValues(csv, { rows: 5 });
    assert.ok(raw.includes('fisherj@yahoo.com'));
    await assertNoRawValues(requests, raw, assert);
  });
});

/** A large file: email, phone, names, city, country, value, currency, time on every row. */
function bigCsv() {
  const lines = ['email,phone,first name,last name,city,country,value,currency,time'];
  for (let i = 0; i < BIG_ROWS; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    lines.push(
      `Buyer.${i}@Example.com,+1 650 555 ${String(i % 10_000).padStart(4, '0')},Ann${i % 97},Lee${i % 89},Palo Alto,US,${(i % 500) + 0.99},usd,2026-10-${day} 10:00:00`,
    );
  }
  return lines.join('\n') + '\n';
}

test('a 200,000-row file: the page answers a click while the worker reads it', async () => {
  const csv = bigCsv();
  await withFileStep(async ({ page, file, requests }) => {
    const started = Date.now();
    await file.choose({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await file.progress.waitFor();
    await file.langZh.click();
    await page.waitForFunction(() => document.querySelector('[data-testid="page-title"]')?.textContent === '选择文件');
    assert.equal(await file.state(), 'reading', 'the UI changed language before the reading ended');
    assert.equal(await file.progressBar.getAttribute('aria-label'), '读取进度');
    assert.equal(await file.waitForEnd(180_000), 'done');
    const seconds = (Date.now() - started) / 1000;
    const summary = await file.summary();
    assert.equal(summary.rows, BIG_ROWS);
    assert.equal(summary.accepted, BIG_ROWS);
    assert.equal(summary.batches, BIG_ROWS / 1000);
    console.log(`# ${BIG_ROWS} rows (${(csv.length / 1e6).toFixed(1)} MB) in ${seconds.toFixed(1)} s: ${Math.round(BIG_ROWS / seconds)} rows/s`);
    await assertNoRawValues(requests, ['Buyer.0@Example.com', 'buyer.1@example.com', '+1 650 555 0001', 'Ann1,Lee1'], assert);
  });
});

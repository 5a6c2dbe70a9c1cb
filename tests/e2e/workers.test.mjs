// Every core: the File step shares a file among 1, 2 and 4 Web Workers (`?workers=N`) and the
// result is the same, byte for byte: the hashed file ("Download the hashed file" on Check) and
// the rejection report. The file's notes are quoted and span lines, so that the places where a
// file would be cut into equal parts fall inside quoted fields: the slices must start where
// records start, not where lines start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, cspViolations } from './browser.mjs';
import { SAMPLE_NOW } from './graph.mjs';
import { onFileStep, toCheckStep } from './flow.mjs';

const ROWS = 24_000;

/** Rows with a quoted note over three lines (doubled quotes and commas inside), every 7th row
 *  rejected (no value) and every 5th e-mail invalid (a warning). */
function quotedCsv() {
  const lines = ['email,phone,first name,value,currency,time,note'];
  for (let i = 1; i <= ROWS; i++) {
    const email = i % 5 === 0 ? `not-an-email-${i}` : `Person.${i}@Example.com`;
    const value = i % 7 === 0 ? '' : `${(i % 500) + 0.99}`;
    const day = String(1 + (i % 28)).padStart(2, '0');
    const note = `"note ${i}, line one\nline two with ""quotes""\r\nline three"`;
    lines.push(`${email},+1 650 555 ${String(i % 10_000).padStart(4, '0')},Ann${i % 97},${value},usd,2026-10-${day} 10:00:00,${note}`);
  }
  return lines.join('\n') + '\n';
}

/** Whether byte `at` of `csv` lies inside a quoted field (quotes open only at a field's start). */
function insideQuote(csv, at) {
  let quoted = false;
  for (let i = 0; i < at; i++) if (csv[i] === '"') quoted = !quoted;
  return quoted;
}

/** Prepare `csv` with `workers` workers; the hashed file, the report and the counts. */
async function prepared(csv, workers) {
  const session = await launch();
  const { page } = session;
  try {
    await page.clock.setFixedTime(SAMPLE_NOW);
    const file = await onFileStep(page);
    await file.useWorkers(workers);
    await file.prepare({ name: 'quoted.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    assert.equal(await file.reader.getAttribute('data-workers'), String(workers));
    // The pool prepared it (a coordinator whose slice workers did not load, or stopped
    // answering, would have prepared it alone, and said 0).
    assert.equal(await file.reader.getAttribute('data-slice-workers'), String(workers === 1 ? 0 : workers));
    const summary = await file.summary();
    const check = await toCheckStep(file);
    const hashed = await check.downloadHashed();
    const report = await check.downloadReport();
    assert.deepEqual(await cspViolations(page), [], 'no CSP violation');
    assert.deepEqual(session.errors, []);
    return { summary, hashed, report };
  } finally {
    await session.browser.close();
  }
}

test('1, 2 and 4 workers give the same hashed file and rejection report, byte for byte', async () => {
  const csv = quotedCsv();
  // With 4 workers the file is cut in 16 slices of equal size: most such cut points fall
  // inside a note, so a slice that started there would read the note's rest as records.
  const cuts = Array.from({ length: 15 }, (_, k) => Math.floor((csv.length * (k + 1)) / 16));
  assert.ok(cuts.filter((at) => insideQuote(csv, at)).length >= 5, 'cut points inside quotes');
  const one = await prepared(csv, 1);
  assert.equal(one.summary.rows, ROWS);
  assert.ok(one.summary.rejected > 0 && one.summary.warnings > 0, 'rejections and warnings to compare');
  assert.ok(one.summary.batches > 10);
  assert.ok(one.hashed.text.length > 1_000_000);
  for (const workers of [2, 4]) {
    const many = await prepared(csv, workers);
    assert.deepEqual(many.summary, one.summary, `${workers} workers: counts`);
    assert.equal(many.hashed.name, one.hashed.name);
    assert.ok(many.hashed.text === one.hashed.text, `${workers} workers: the hashed file differs`);
    assert.ok(many.report.text === one.report.text, `${workers} workers: the report differs`);
  }
});

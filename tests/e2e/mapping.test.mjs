// Mapping and Check steps against the emulator, with the store-sales sample (its README in
// shared/data/samples lists the expected counts and rejected rows): the detected mapping and the
// normalized preview are shown, an edit prepares the file again with the counts it must give, a
// saved mapping is offered for a second file with the same columns, Check lists the rejected rows
// by row number, the downloaded report has exactly those rows, and no request carries a raw value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { launch, cspViolations, assertNoRawValues, rawValues } from './browser.mjs';
import { SAMPLE, SAMPLE_NOW } from './graph.mjs';
import { onFileStep } from './flow.mjs';
import { MappingPage } from './pages/mapping.mjs';
import { CheckPage } from './pages/check.mjs';

const sha = (text) => createHash('sha256').update(text).digest('hex');

const DETECTED = {
  Email: 'em',
  Phone: 'ph',
  'First Name': 'fn',
  'Last Name': 'ln',
  City: 'ct',
  State: 'st',
  Zip: 'zp',
  Country: 'country',
  'Purchase Date': 'event_time',
  'Order ID': 'order_id',
  Item: 'item_number',
  Amount: 'value',
  Currency: 'currency',
  'Store ID': 'ignore',
};

// The README's "Rejected rows" table: row, reason, column.
const REJECTED = [
  [2, 'event_time_too_old', 'Purchase Date'],
  [67, 'event_time_too_old', 'Purchase Date'],
  [97, 'bad_currency', 'Currency'],
  [127, 'no_match_key', null],
  [157, 'bad_currency', 'Currency'],
  [187, 'bad_value', 'Amount'],
  [238, 'event_time_future', 'Purchase Date'],
  [239, 'event_time_future', 'Purchase Date'],
  [241, 'bad_value', 'Amount'],
  [248, 'no_match_key', null],
  [265, 'bad_value', 'Amount'],
  [266, 'no_match_key', null],
  [278, 'event_time_too_old', 'Purchase Date'],
].map(([row, code, column]) => ({ row, code, column }));

/** Connect to the emulator, prepare `file` on the File step, and go on to Mapping. */
async function withMapping(file, body) {
  const session = await launch();
  try {
    await session.page.clock.setFixedTime(SAMPLE_NOW);
    const filePage = await onFileStep(session.page, file);
    await filePage.continueLink.click();
    await session.page.waitForURL(/\/mapping$/);
    const mapping = new MappingPage(session.page);
    await mapping.columns.waitFor();
    await body({ ...session, filePage, mapping, check: new CheckPage(session.page) });
    assert.deepEqual(await cspViolations(session.page), [], 'no CSP violation');
    assert.deepEqual(session.errors, []);
  } finally {
    await session.browser.close();
  }
}

test('the detected mapping and the first rows after normalization are shown', async () => {
  await withMapping(SAMPLE, async ({ mapping }) => {
    assert.deepEqual(await mapping.mapping(), DETECTED);
    assert.deepEqual(await mapping.summary(), { rows: 300, accepted: 287, rejected: 13, warnings: 3 });
    assert.equal(await mapping.eventName.inputValue(), 'Purchase');
    assert.equal(await mapping.dateOrder.inputValue(), 'mdy');
    assert.equal(await mapping.timeZone.inputValue(), 'UTC');
    const preview = await mapping.previewRows();
    assert.deepEqual(preview.map((r) => r.row), [1, 2, 3, 4, 5]);
    // Row 2 is 71 days old (README): the preview says so.
    assert.deepEqual(preview.map((r) => r.outcome), ['accepted', 'event_time_too_old', 'accepted', 'accepted', 'accepted']);
    const email = preview[0].cells.find((c) => c.key === 'em');
    assert.deepEqual(email, { column: 'Email', key: 'em', normalized: 'fisherj@yahoo.com', sent: sha('fisherj@yahoo.com') });
    const phone = preview[0].cells.find((c) => c.key === 'ph');
    assert.equal(phone.normalized, '16505551212');
    assert.equal(phone.sent, sha('16505551212'));
    // The wide preview scrolls inside its own box, never the page.
    assert.equal(await mapping.horizontalOverflow(), 0, 'the page does not scroll sideways');
    // Every control is labelled.
    const unlabelled = await mapping.root.locator('input, select, button, a').evaluateAll((elements) =>
      elements
        .filter((el) => {
          const byFor = el.id && document.querySelector(`label[for="${el.id}"]`)?.textContent.trim();
          return !byFor && !(el.getAttribute('aria-label') ?? el.textContent ?? '').trim();
        })
        .map((el) => el.outerHTML.slice(0, 80)),
    );
    assert.deepEqual(unlabelled, []);
  });
});

test('a mapping that cannot work is refused with the reason, before anything is prepared', async () => {
  await withMapping(SAMPLE, async ({ mapping }) => {
    await mapping.choose('Purchase Date', 'ignore');
    await mapping.choose('Amount', 'event_time');
    await mapping.choose('Store ID', 'event_time');
    assert.deepEqual(await mapping.problemCodes(), ['field_twice']);
    assert.equal(await mapping.applyButton.isDisabled(), true);
    for (const column of Object.keys(DETECTED)) await mapping.choose(column, 'ignore');
    assert.deepEqual(await mapping.problemCodes(), ['no_match_key', 'no_event_time']);
    await mapping.choose('Email', 'em');
    await mapping.choose('Purchase Date', 'event_time');
    await mapping.timeZone.fill('Mars/Olympus');
    assert.deepEqual(await mapping.problemCodes(), ['bad_time_zone']);
    await mapping.timeZone.fill('+08:00');
    assert.equal(await mapping.problems.count(), 0);
    assert.equal(await mapping.applyButton.isDisabled(), false);
  });
});

test('an edit prepares the file again: email ignored, a preset currency, then Check and the report', async () => {
  const csv = await readFile(SAMPLE, 'utf8');
  await withMapping(SAMPLE, async ({ page, mapping, check, requests }) => {
    await mapping.choose('Email', 'ignore');
    await mapping.choose('Currency', 'ignore');
    await mapping.currency.fill('USD');
    assert.equal(await mapping.apply(), 'done');
    // No email: no invalid_email warning (row 266 stays no_match_key); every row has USD now, so
    // rows 97 and 157 ('US$') are accepted: 11 rejected.
    assert.deepEqual(await mapping.summary(), { rows: 300, accepted: 289, rejected: 11, warnings: 0 });
    assert.equal((await mapping.mapping()).Email, 'ignore');
    assert.equal(await mapping.currency.inputValue(), 'USD');
    const preview = await mapping.previewRows();
    assert.ok(preview[0].cells.every((c) => c.key !== 'em'), 'no email in the preview');

    await mapping.continueLink.click();
    await page.waitForURL(/\/check$/);
    assert.deepEqual(await check.summary(), { rows: 300, accepted: 289, rejected: 11, warnings: 0 });
    assert.deepEqual(await check.counts(), { bad_value: 3, event_time_future: 2, event_time_too_old: 3, no_match_key: 3 });
    const coverage = await check.coverage();
    assert.equal(coverage.em, undefined);
    assert.equal(coverage.ph.low, false);
    assert.ok(coverage.ph.rows >= 249);

    // Back to the detected mapping: the README's rejected rows, by row number.
    await check.back.click();
    for (const column of ['Email', 'Currency']) await mapping.choose(column, DETECTED[column]);
    await mapping.currency.fill('');
    assert.equal(await mapping.apply(), 'done');
    assert.deepEqual(await mapping.summary(), { rows: 300, accepted: 287, rejected: 13, warnings: 3 });
    await mapping.continueLink.click();
    await page.waitForURL(/\/check$/);
    assert.deepEqual(await check.summary(), { rows: 300, accepted: 287, rejected: 13, warnings: 3 });
    assert.deepEqual(await check.counts(), { bad_currency: 2, bad_value: 3, event_time_future: 2, event_time_too_old: 3, no_match_key: 3 });
    assert.deepEqual(await check.counts('check-warning-codes'), { invalid_email: 3 });
    const coverage2 = await check.coverage();
    assert.deepEqual(
      Object.fromEntries(Object.entries(coverage2).map(([k, v]) => [k, v.rows])),
      { em: 255, ph: 249, fn: 287, ln: 287, ct: 287, st: 256, zp: 287, country: 287 },
    );
    assert.equal(await check.lowCoverage.count(), 0, 'no key is below half');
    assert.deepEqual(await check.rejectedRows(), REJECTED);
    assert.equal(await check.horizontalOverflow(), 0, 'the page does not scroll sideways');
    assert.equal(await check.position.textContent(), 'Rows 1–13 of 13');
    assert.equal(await check.continueLink.getAttribute('href'), '/send');

    const report = await check.downloadReport();
    assert.equal(report.name, 'hashdrop-rejections.csv');
    const lines = report.text.trim().split('\r\n');
    assert.equal(lines[0], 'row,column,kind,code,message');
    const rows = lines.slice(1).map((line) => line.split(',').slice(0, 4));
    assert.deepEqual(
      rows.filter((r) => r[2] === 'rejected').map(([row, column, , code]) => ({ row: Number(row), column: column || null, code })),
      REJECTED,
    );
    assert.deepEqual(
      rows.filter((r) => r[2] === 'warning').map(([row, column, , code]) => [Number(row), column, code]),
      [[72, 'Email', 'invalid_email'], [152, 'Email', 'invalid_email'], [266, 'Email', 'invalid_email']],
    );
    for (const raw of rawValues(csv, { rows: 300 })) assert.ok(!report.text.includes(raw), 'no raw value in the report');
    await assertNoRawValues(requests, rawValues(csv, { rows: 40 }), assert);
  });
});

test('a saved mapping is offered for a second file with the same columns', async () => {
  const csv = await readFile(SAMPLE, 'utf8');
  // The same columns, fewer rows: another export of the same till.
  const second = csv.split('\r\n').slice(0, 41).join('\r\n') + '\r\n';
  await withMapping(SAMPLE, async ({ page, mapping, filePage, requests }) => {
    assert.equal(await mapping.savedOffer.count(), 0, 'nothing saved yet');
    await mapping.choose('Store ID', 'custom');
    await page.getByTestId('mapping-custom-name-13').fill('store');
    await mapping.dateOrder.selectOption('dmy');
    await mapping.saveButton.click();
    assert.equal(await mapping.saveStatus.getAttribute('data-saved'), 'true');
    const stored = await page.evaluate(() =>
      Object.entries(localStorage).filter(([key]) => key.startsWith('hashdrop.mapping.')),
    );
    assert.equal(stored.length, 1);
    for (const raw of rawValues(csv, { rows: 300 })) assert.ok(!stored[0][1].includes(raw), 'only names and settings are stored');

    await filePage.step('file').click();
    await filePage.drop.waitFor();
    await filePage.choose({ name: 'store-sales-tuesday.csv', mimeType: 'text/csv', buffer: Buffer.from(second) });
    assert.equal(await filePage.waitForEnd(), 'done');
    await filePage.continueLink.click();
    await mapping.savedOffer.waitFor();
    assert.equal((await mapping.mapping())['Store ID'], 'ignore', 'detected until the saved one is used');
    await mapping.savedUse.click();
    assert.equal(await mapping.waitForPrepared(), 'done');
    assert.equal((await mapping.mapping())['Store ID'], 'custom');
    assert.equal(await page.getByTestId('mapping-custom-name-13').inputValue(), 'store');
    assert.equal(await mapping.dateOrder.inputValue(), 'dmy');
    assert.equal(await mapping.savedOffer.count(), 0, 'the offer is gone once used');
    assert.deepEqual(await mapping.summary(), { rows: 40, accepted: 39, rejected: 1, warnings: 0 });
    await assertNoRawValues(requests, rawValues(csv, { rows: 40 }), assert);
  });
});

// Custom conversions against the emulator: build the Ice Cream rule in the visual builder and see
// its JSON; type the "purchase over 100" rule as JSON and see the builder follow; preview each on
// a file (counts computed here, independently of the app); create in the emulator, rename,
// delete; the file never leaves the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, cspViolations, assertNotInUrls, assertNoRawValues } from './browser.mjs';
import { token, ACCOUNT, DATASET, graph } from './graph.mjs';
import { connected } from './flow.mjs';
import { ConversionsPage } from './pages/conversions.mjs';

const ICE_CREAM = { and: [{ event_name: { eq: 'Purchase' } }, { 'custom_data.product_category': { i_contains: 'ICECREAM' } }] };
const OVER_100 = '{"and":[{"event_name":{"eq":"Purchase"}},{"value":{"gt":100}}]}';
// The events crate keeps a byte-identical copy of shared/data/samples/store-sales.csv and its
// expected results (the reference implementation's verdict for every row).
const SAMPLE = new URL('../../crates/events/tests/cases/store-sales/input.csv', import.meta.url).pathname;
const SAMPLE_EXPECTED = new URL('../../crates/events/tests/cases/store-sales/expected.json', import.meta.url).pathname;

let dir;
let iceCreamCsv;
const iceCreamEmails = [];

/** A small shop export: which rows are ice cream purchases is known by construction. */
function shopCsv() {
  const categories = ['IceCream', 'Cake', 'icecream cone', 'Ice Cream', 'ICECREAM', 'Bread', 'iceCREAM'];
  const lines = ['email,event_name,event_time,value,currency,custom_data.product_category'];
  const expected = { rows: [], sum: 0 };
  for (let i = 1; i <= 21; i += 1) {
    const category = categories[i % categories.length];
    const event = i % 5 === 0 ? 'Lead' : 'Purchase';
    const value = (i * 1.25).toFixed(2);
    const email = `shopper${i}@example.org`;
    iceCreamEmails.push(email);
    lines.push(`${email},${event},2026-11-${String(1 + (i % 20)).padStart(2, '0')} 10:00,${event === 'Lead' ? '' : value},${event === 'Lead' ? '' : 'USD'},${category}`);
    if (event === 'Purchase' && category.toLowerCase().includes('icecream')) {
      expected.rows.push(i);
      expected.sum += Number(value);
    }
  }
  return { text: `${lines.join('\n')}\n`, expected };
}

/** The fields of a CSV line (quotes honoured; the sample has no multi-line records). */
function fields(line) {
  const out = [];
  let field = '';
  let quoted = false;
  for (const c of line) {
    if (c === '"') quoted = !quoted;
    else if (c === ',' && !quoted) {
      out.push(field);
      field = '';
    } else field += c;
  }
  out.push(field);
  return out;
}

/** Rows of the sample whose Amount is above 100, among the rows the reference accepts for
 *  their data (the preview does not judge event times, so time rejections count as events). */
async function over100InSample() {
  const text = (await readFile(SAMPLE, 'utf8')).replace(/\r\n/g, '\n');
  const expected = JSON.parse(await readFile(SAMPLE_EXPECTED, 'utf8'));
  const dataRejected = new Set(
    expected.rows.filter((r) => r.rejected && !r.rejected.startsWith('event_time')).map((r) => r.row),
  );
  const lines = text.trimEnd().split('\n').slice(1);
  const amountColumn = fields(text.split('\n')[0]).indexOf('Amount');
  const rows = [];
  let sum = 0;
  lines.forEach((line, i) => {
    const amount = Number(fields(line)[amountColumn].trim().replace(/,/g, ''));
    if (amount > 100 && !dataRejected.has(i + 1)) {
      rows.push(i + 1);
      sum += amount;
    }
  });
  return { rows, sum, accepted: lines.length - dataRejected.size, emails: lines.map((l) => fields(l)[0].trim()).filter((e) => e.includes('@')) };
}

async function graphList() {
  return (await graph(`/${ACCOUNT}/customconversions?fields=id,name,rule,custom_event_type,description,default_conversion_value&limit=100`)).data;
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hashdrop-conversions-'));
  const shop = shopCsv();
  iceCreamCsv = { path: join(dir, 'shop.csv'), expected: shop.expected };
  await writeFile(iceCreamCsv.path, shop.text);
});

after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function withConversions(body) {
  const session = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    await connected(session.page);
    const conversions = new ConversionsPage(session.page);
    await conversions.openFromNav();
    await body({ ...session, conversions });
    assert.deepEqual(await cspViolations(session.page), [], 'no CSP violation');
  } finally {
    await session.browser.close();
  }
}

test('build, type, preview, create, rename and delete custom conversions', async () => {
  const sample = await over100InSample();
  assert.ok(sample.rows.length > 50, 'the sample has many purchases over 100');
  const name = `Ice cream e2e ${Date.now()}`;
  await withConversions(async ({ page, conversions: c, requests, errors }) => {
    await c.load(ACCOUNT);
    const before = await graphList();
    assert.equal(await c.limitCount.textContent(), `${before.length} / 100`);
    assert.equal(await c.limit.getAttribute('data-state'), before.length >= 100 ? 'full' : before.length >= 90 ? 'near' : 'ok');

    // The visual builder writes the JSON.
    await c.setCondition(0, { field: 'event_name', operator: 'eq', value: 'Purchase' });
    await c.addCondition.click();
    await c.setCondition(1, { field: 'custom_data.product_category', operator: 'i_contains', value: 'ICECREAM' });
    assert.deepEqual(await c.ruleJson(), ICE_CREAM);
    assert.equal(await c.combinator.inputValue(), 'and');

    // Preview on the generated shop file: the ice cream purchases, by row, and their value.
    let preview = await c.preview(iceCreamCsv.path);
    assert.equal(preview.state, 'ready');
    assert.equal(preview.count, iceCreamCsv.expected.rows.length);
    assert.deepEqual(preview.rows, iceCreamCsv.expected.rows);
    assert.equal(preview.sum.toFixed(2), iceCreamCsv.expected.sum.toFixed(2));
    const rowText = await c.previewRows.first().textContent();
    assert.ok(!rowText.includes('@'), 'no identifier in the preview');

    // Create it in the emulator.
    await c.name.fill(name);
    await c.description.fill('Ice cream sales');
    assert.equal(await c.source.inputValue(), DATASET, 'the connected dataset is the default source');
    await c.eventType.selectOption('PURCHASE');
    await c.defaultValue.fill('3');
    await c.actionSource.selectOption('physical_store');
    assert.equal(await c.create(), 'created');
    const id = (await c.createdId.textContent()).trim();
    let stored = (await graphList()).find((x) => x.id === id);
    assert.ok(stored, 'the emulator holds the new custom conversion');
    assert.equal(stored.name, name);
    assert.deepEqual(JSON.parse(stored.rule), ICE_CREAM);
    assert.equal(stored.custom_event_type, 'PURCHASE');
    assert.equal(Number(stored.default_conversion_value), 3);
    await c.row(name).waitFor();
    assert.equal(await c.limitCount.textContent(), `${before.length + 1} / 100`);
    assert.equal(await c.row(name).getByTestId('conv-row-type').textContent(), 'PURCHASE');

    // Typing valid JSON rebuilds the builder; invalid JSON names the problem and keeps it.
    await c.json.fill(OVER_100);
    assert.deepEqual(await c.builderRows(), [
      { field: 'event_name', operator: 'eq', value: 'Purchase' },
      { field: 'value', operator: 'gt', value: '100' },
    ]);
    await c.json.fill('{"and":[{"event_name":{"eq":"Purchase"}},{"value":{"gt":"100"}}]}');
    assert.equal(await c.jsonError.textContent(), 'rule.and[1]."value": operator "gt" needs a number, got a string');
    assert.equal(await c.jsonError.getAttribute('data-problem'), 'rule_operand_type');
    assert.equal((await c.builderRows())[1].value, '100', 'the builder stays as it was');
    await c.json.fill(OVER_100);
    assert.equal(await c.jsonError.count(), 0);

    // Preview "over 100" on the store sales sample (no event-name column: read as Purchase).
    assert.equal(await c.previewEventName.inputValue(), 'Purchase');
    preview = await c.preview(SAMPLE);
    assert.equal(preview.events, sample.accepted);
    assert.equal(preview.count, sample.rows.length);
    assert.deepEqual(preview.rows, sample.rows.slice(0, 200));
    assert.ok(Math.abs(preview.sum - sample.sum) < 0.01, `${preview.sum} vs ${sample.sum}`);

    // Rename: only name, description and default value are editable, and the page says so.
    await c.row(name).getByTestId('conv-edit').click();
    await page.getByTestId('conv-edit-note').waitFor();
    assert.match(await page.getByTestId('conv-edit-note').textContent(), /only the name, the description and the default value/);
    const renamed = `${name} (renamed)`;
    await page.getByTestId('conv-edit-name').fill(renamed);
    await page.getByTestId('conv-edit-save').click();
    await c.row(renamed).waitFor();
    stored = (await graphList()).find((x) => x.id === id);
    assert.equal(stored.name, renamed);
    assert.deepEqual(JSON.parse(stored.rule), ICE_CREAM, 'the rule is unchanged');

    // Stats, then delete after a confirmation (keyboard: the question takes the focus).
    await c.row(renamed).getByTestId('conv-stats').click();
    await page.getByTestId('conv-stats-panel').waitFor();
    await page.getByTestId('conv-stats-close').click();
    await c.row(renamed).getByTestId('conv-delete').click();
    await page.getByTestId('conv-delete-confirm').waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'conv-delete-confirm');
    await page.getByTestId('conv-delete-no').click();
    assert.ok((await graphList()).some((x) => x.id === id), 'cancel keeps it');
    await c.row(renamed).getByTestId('conv-delete').click();
    await page.getByTestId('conv-delete-yes').click();
    await c.row(renamed).waitFor({ state: 'detached' });
    assert.ok(!(await graphList()).some((x) => x.id === id), 'the emulator no longer has it');
    assert.equal(await c.limitCount.textContent(), `${before.length} / 100`);

    // The files never left the page; the token is in no URL.
    await assertNoRawValues(requests, [...iceCreamEmails.slice(0, 5), ...sample.emails.slice(0, 20)], assert);
    assertNotInUrls(requests, [token], assert);
    assert.deepEqual(errors, []);
  });
});

test('in Chinese, with an account that does not exist, the error is explained', async () => {
  await withConversions(async ({ page, conversions: c }) => {
    await c.langZh.click();
    assert.equal(await c.pageTitle.textContent(), '自定义转化');
    await c.account.fill('act_999');
    await c.loadButton.click();
    const error = page.getByTestId('conv-error');
    await error.waitFor();
    assert.ok((await error.getAttribute('data-problem')).startsWith('graph_'));
  });
});

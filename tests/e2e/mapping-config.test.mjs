// Mapping, beyond the sample's basics: each detection says how sure it is and why, the selects
// read as words with the code beside them (in both languages), counts are grouped for people
// and plain in data- attributes; the upload tag is editable and the partner agent set on
// Connect travels in every body; and the mapping and settings exported from the page make the
// command line's `hashdrop prepare FILE --config exported.json` write, byte for byte, the
// page's "Download the hashed file".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { launch, appUrl, cspViolations } from './browser.mjs';
import { DATASET, SAMPLE, SAMPLE_NOW } from './graph.mjs';
import { ConnectPage } from './pages/connect.mjs';
import { FilePage } from './pages/file.mjs';
import { MappingPage } from './pages/mapping.mjs';
import { SendPage } from './pages/send.mjs';

const run = promisify(execFile);
const CLI = new URL('../../target/debug/hashdrop', import.meta.url).pathname;

/** Connect (with `partnerAgent` in the advanced settings when given), prepare `file`, open Mapping. */
async function withMapping(file, body, { now, partnerAgent } = {}) {
  const session = await launch();
  try {
    if (now) await session.page.clock.setFixedTime(now);
    const connect = new ConnectPage(session.page);
    await connect.open(appUrl, '/connect');
    await connect.fillForEmulator({ targetId: DATASET });
    if (partnerAgent !== undefined) {
      await session.page.getByTestId('connect-advanced').locator('summary').click();
      const field = session.page.getByTestId('connect-partner-agent');
      assert.match(await field.inputValue(), /^hashdrop\/\d+\.\d+\.\d+/, 'the default is hashdrop/<version>');
      await field.fill(partnerAgent);
    }
    const status = await connect.check();
    assert.equal(status.state, 'connected');
    const filePage = await FilePage.fromConnect(connect);
    await filePage.prepare(file);
    await filePage.continueLink.click();
    await session.page.waitForURL(/\/mapping$/);
    const mapping = new MappingPage(session.page);
    await mapping.columns.waitFor();
    await body({ ...session, mapping });
    assert.deepEqual(await cspViolations(session.page), [], 'no CSP violation');
    assert.deepEqual(session.errors, []);
  } finally {
    await session.browser.close();
  }
}

/** `rows` store sales dated in the last days before the real clock's now. */
function recentSales(rows) {
  const lines = ['email,phone,amount,currency,time,order id,store'];
  const day = 86_400_000;
  for (let i = 0; i < rows; i++) {
    const at = new Date(Date.now() - (1 + (i % 20)) * day).toISOString().slice(0, 10);
    lines.push(`buyer.${i}@example.org,+1 415 555 ${String(i % 10_000).padStart(4, '0')},${(i % 90) + 0.25},usd,${at} 10:15:00,R-${i},S${i % 7}`);
  }
  return lines.join('\n') + '\n';
}

test('each detection says how sure it is and why; selects read as words with the code beside them; counts are grouped', async () => {
  await withMapping(SAMPLE, async ({ page, mapping }) => {
    // Email: named by its header, sure.
    const email = await mapping.detected(0);
    assert.deepEqual([email.target, email.confidence, email.reason], ['em', 'high', 'header_name']);
    assert.match(email.text, /Email · sure/);
    assert.match(email.text, /the header names it/);
    assert.ok(email.sampled > 0 && email.matching <= email.sampled);
    // Every column has a confidence and a reason code.
    const count = await page.locator('[data-testid^="mapping-detected-"]').count();
    assert.equal(count, 14);
    for (let i = 0; i < count; i++) {
      const column = await mapping.detected(i);
      assert.ok(['high', 'medium', 'low'].includes(column.confidence), JSON.stringify(column));
      assert.ok(column.reason, JSON.stringify(column));
    }
    assert.deepEqual(await mapping.shownTarget(0), { word: 'Email', code: 'em' });
    assert.deepEqual(await mapping.shownTarget(1), { word: 'Phone', code: 'ph' });
    assert.deepEqual(await mapping.shownTarget(6), { word: 'ZIP / postal code', code: 'zp' });
    assert.deepEqual(await mapping.shownTarget(8), { word: 'Event time', code: 'event_time' });
    // The choice's value stays the code (what automation and the mapping use).
    assert.equal((await mapping.mapping()).Zip, 'zp');
    await mapping.langZh.click();
    await page.waitForFunction(() => document.querySelector('[data-testid="mapping-target-0"]')?.selectedOptions[0]?.textContent === '邮箱');
    assert.deepEqual(await mapping.shownTarget(6), { word: '邮政编码', code: 'zp' });
    assert.match((await mapping.detected(0)).text, /邮箱 · 确定/);
    assert.match((await mapping.detected(0)).text, /列名指明了它/);
  }, { now: SAMPLE_NOW });
  const file = { name: 'many-sales.csv', mimeType: 'text/csv', buffer: Buffer.from(recentSales(1_250)) };
  await withMapping(file, async ({ page, mapping }) => {
    const rows = page.getByTestId('mapping-summary-rows');
    assert.equal(await rows.textContent(), '1,250');
    assert.equal(await rows.getAttribute('data-count'), '1250');
    assert.deepEqual(await mapping.summary(), { rows: 1250, accepted: 1250, rejected: 0, warnings: 0 });
  });
});

test('the exported settings make the command line write the page\'s hashed file byte for byte; the tag and partner agent are the page\'s', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'hashdrop-config-'));
  try {
    const csv = recentSales(1_200);
    const name = 'nightly-sales.csv';
    const file = { name, mimeType: 'text/csv', buffer: Buffer.from(csv) };
    await withMapping(file, async ({ page, mapping }) => {
      // The proposed tag is the file name and today's date; edit it, and map the store column.
      const today = new Date().toISOString().slice(0, 10);
      assert.equal(await mapping.uploadTag.inputValue(), `${name} ${today}`);
      await mapping.uploadTag.fill('nightly store sales');
      await mapping.choose('store', 'custom');
      await page.getByTestId('mapping-custom-name-6').fill('store');
      await mapping.timeZone.fill('+08:00');
      assert.equal(await mapping.apply(), 'done');
      const send = new SendPage(page);
      const exported = await send.download(mapping.configExport);
      assert.equal(exported.name, 'nightly-sales.hashdrop.json');
      const options = JSON.parse(exported.text);
      assert.equal(options.uploadTag, 'nightly store sales');
      assert.equal(options.partnerAgent, 'acme-pos/2.1');
      assert.equal(options.timeZone, '+08:00');
      assert.equal(options.mapping.store, 'custom_data.store');
      for (const key of ['now', 'file', 'previewRows']) assert.ok(!(key in options), key);
      // The page's hashed file.
      await send.openFromSteps();
      const hashed = await send.download(send.preprocess);
      const bodies = hashed.text.trim().split('\n').map((line) => JSON.parse(line));
      assert.equal(bodies.length, 2);
      for (const body of bodies) {
        assert.equal(body.upload_tag, 'nightly store sales');
        assert.equal(body.partner_agent, 'acme-pos/2.1');
      }
      // The command line, with the exported file as --config, on the same CSV.
      await writeFile(join(dir, name), csv);
      await writeFile(join(dir, 'exported.json'), exported.text);
      const out = join(dir, 'out.ndjson');
      await run(CLI, ['prepare', join(dir, name), '--config', join(dir, 'exported.json'), '-o', out]);
      const cli = await readFile(out, 'utf8');
      assert.equal(cli.length, hashed.text.length);
      assert.ok(cli === hashed.text, 'the command line wrote the page\'s hashed file byte for byte');
    }, { partnerAgent: 'acme-pos/2.1' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('an imported settings file fills the page; a file that is not one is refused with the reason', async () => {
  await withMapping(SAMPLE, async ({ page, mapping }) => {
    const settings = JSON.stringify({ mapping: { Email: 'em', Phone: null, 'Purchase Date': 'event_time', Gone: 'ph' }, currency: 'EUR', country: 'de', uploadTag: 'imported tag' });
    await mapping.configImport.setInputFiles({ name: 'settings.json', mimeType: 'application/json', buffer: Buffer.from(settings) });
    await mapping.configImported.waitFor();
    assert.equal(await mapping.configImported.getAttribute('data-unknown'), 'Gone');
    const chosen = await mapping.mapping();
    assert.deepEqual([chosen.Email, chosen.Phone, chosen.Zip], ['em', 'ignore', 'ignore']);
    assert.equal(await mapping.currency.inputValue(), 'EUR');
    assert.equal(await mapping.country.inputValue(), 'de');
    assert.equal(await mapping.uploadTag.inputValue(), 'imported tag');
    await mapping.configImport.setInputFiles({ name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"colour": "blue"}') });
    await mapping.configError.waitFor();
    assert.equal(await mapping.configError.getAttribute('data-code'), 'bad_options');
    assert.match(await mapping.configError.textContent(), /colour/);
  }, { now: SAMPLE_NOW });
});

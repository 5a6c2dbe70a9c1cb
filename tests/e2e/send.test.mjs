// Send step against the emulator: a clean file lands with exactly the events the app prepared;
// a throttle and dropped connections (before and after processing) recover without loss; a
// reload mid-upload resumes from IndexedDB and sends only the remaining batches; a dry run sends
// nothing; and no request the browser makes carries a raw value from the file.
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { launch, appUrl, emulatorUrl, assertNoRawValues, rawValues, emulator, withSession as inSession } from './browser.mjs';
import { token, DATASET, SAMPLE, SAMPLE_NOW as NOW } from './graph.mjs';
import { onFileStep } from './flow.mjs';
import { SendPage } from './pages/send.mjs';

// The sample's rows are inside the 62-day window of its "now": the emulator's clock is set to
// it for these tests (and given back after), and the page's clock is fixed to it.
const GENERATED_ROWS = 3_500; // 4 batches of at most 1,000 events
const sha = (text) => createHash('sha256').update(text).digest('hex');
// What the emulator adds to each event it keeps.
const EMULATOR_FIELDS = ['target', 'upload_tag', 'api', 'duplicate', 'matched', 'received_at', 'test_event_code'];

let emulatorClock;
before(async () => {
  emulatorClock = await emulator('/__emulator/clock');
  await emulator('/__emulator/clock', { method: 'POST', body: { now: NOW.getTime() / 1000 } });
});
after(async () => {
  const now = emulatorClock.fixed ? emulatorClock.now : null;
  await emulator('/__emulator/clock', { method: 'POST', body: { now } });
});

beforeEach(async () => {
  await emulator('/__emulator/faults', { method: 'DELETE' });
  await emulator('/__emulator/reset', { method: 'POST' });
});

/** A file of `rows` store sales, every row valid, each with its own order id. */
function generatedCsv(rows = GENERATED_ROWS) {
  const lines = ['email,phone,first name,last name,value,currency,time,order id'];
  for (let i = 0; i < rows; i++) {
    const day = String(1 + (i % 19)).padStart(2, '0'); // before "now" (2026-11-20)
    lines.push(
      `Shopper.${i}@Example.org,+1 415 555 ${String(i % 10_000).padStart(4, '0')},Kim${i % 53},Ng${i % 47},${(i % 300) + 0.5},usd,2026-11-${day} 09:30:00,G-${i}`,
    );
  }
  return lines.join('\n') + '\n';
}

const generated = () => ({ name: 'generated-sales.csv', mimeType: 'text/csv', buffer: Buffer.from(generatedCsv()) });

/** Open the app in `session`, connect to the emulator, prepare `file`, go to Send. */
async function prepare(session, file) {
  await onFileStep(session.page, file, { targetId: DATASET });
  const send = new SendPage(session.page);
  await send.openFromSteps();
  return send;
}

/** A browser session with the page's clock at the sample's time (see browser.mjs). */
const withSession = (body, options = {}) => inSession(body, { now: NOW, ...options });

const eventPosts = (requests) => requests.filter((r) => r.method === 'POST' && /\/events$/.test(new URL(r.url).pathname));
const withoutEmulatorFields = (event) => Object.fromEntries(Object.entries(event).filter(([k]) => !EMULATOR_FIELDS.includes(k)));
const received = () => emulator(`/__emulator/events?target=${DATASET}`);

test('the sample lands with exactly the hashed events the app prepared, and the report says so', async () => {
  const csv = await readFile(SAMPLE, 'utf8');
  await withSession(async (session) => {
    const send = await prepare(session, SAMPLE);
    assert.equal(await send.state(), 'idle');
    // The hashed file ("preprocess"): the request bodies, one per line.
    const hashed = await send.download(send.preprocess);
    assert.equal(hashed.name, 'store-sales.hashed.ndjson');
    const bodies = hashed.text.trim().split('\n').map((line) => JSON.parse(line));
    assert.equal(bodies.length, 1);
    assert.equal(bodies[0].data.length, 287);
    await send.start.click();
    assert.equal(await send.waitFor(['done', 'stopped']), 'done');
    assert.deepEqual(await send.counts(), { batches: 1, batchesTotal: 1, events: 287, eventsTotal: 287, received: 287 });
    const got = await received();
    assert.equal(got.received, 287);
    assert.equal(got.unique, 287);
    assert.equal(got.duplicates, 0);
    // Event for event, what arrived is what was prepared.
    const sent = new Map(got.data.map((e) => [e.event_id, withoutEmulatorFields(e)]));
    for (const event of bodies[0].data) assert.deepEqual(sent.get(event.event_id), event);
    assert.equal(got.data[0].upload_tag, bodies[0].upload_tag);
    // A few hashes computed here from the raw file: the first row's e-mail and last name.
    const ems = new Set(got.data.flatMap((e) => e.user_data.em ?? []));
    assert.ok(ems.has(sha('fisherj@yahoo.com')));
    assert.ok(got.data.some((e) => (e.user_data.ln ?? []).includes(sha('fisher'))));
    // The report: Meta's count and trace id per batch, downloadable without a value of the file.
    const rows = await send.reportRows();
    assert.equal(rows.length, 1);
    assert.equal(rows[0].status, 'accepted');
    assert.equal(rows[0].received, '287');
    assert.ok(rows[0].trace.length > 0, 'an fbtrace_id');
    const report = await send.download(send.reportDownload);
    const lines = report.text.trim().split('\r\n');
    assert.equal(lines[0], 'batch,first_row,last_row,events,status,events_received,fbtrace_id,error,error_row,error_field');
    assert.match(lines[1], /^1,1,\d+,287,accepted,287,[^,]+,,,$/);
    for (const raw of rawValues(csv, { rows: 300 })) assert.ok(!report.text.includes(raw), 'no raw value in the report');
    // Sent once, to the configured endpoint only.
    const posts = eventPosts(session.requests);
    assert.equal(posts.length, 1);
    assert.ok(session.requests.filter((r) => /^https?:/.test(r.url)).every((r) => r.url.startsWith(appUrl) || r.url.startsWith(emulatorUrl)));
    await assertNoRawValues(session.requests, rawValues(csv, { rows: 300 }), assert);
    assert.ok(!posts[0].url.includes(token), 'the token never in a URL');
  });
});

test('a throttle and dropped connections (before and after processing) recover without loss', async () => {
  const csv = generatedCsv();
  // The next three event calls: throttled (Meta asks ~1.8 s), dropped before processing,
  // dropped after processing (the emulator kept the batch; the resend is deduplicated).
  const usage = JSON.stringify({ 100000000000001: [{ type: 'ads_management', call_count: 100, total_cputime: 10, total_time: 10, estimated_time_to_regain_access: 0.03 }] });
  await emulator('/__emulator/faults', { method: 'POST', body: { kind: 'throttle', code: 80004, usage, path: '/events' } });
  await emulator('/__emulator/faults', { method: 'POST', body: { kind: 'drop', when: 'before', path: '/events' } });
  await emulator('/__emulator/faults', { method: 'POST', body: { kind: 'drop', when: 'after', path: '/events' } });
  await withSession(async (session) => {
    const send = await prepare(session, generated());
    assert.equal((await send.counts()).batchesTotal, 4);
    await send.start.click();
    await send.retries.first().waitFor();
    assert.equal(await send.waitFor(['done', 'stopped'], 120_000), 'done');
    const retries = await send.retries.evaluateAll((items) => items.map((li) => ({ kind: li.dataset.kind, batch: li.dataset.batch, text: li.textContent })));
    // A browser may resend a POST itself when a kept-alive connection closes before any answer
    // (Chromium does, now that no preflight opens a fresh connection before each call): the page
    // then sees one of the two dropped connections, not both.
    const kinds = retries.map((r) => [r.kind, r.batch]);
    assert.deepEqual(kinds[0], ['throttled', '1']);
    assert.ok(kinds.length === 2 || kinds.length === 3, JSON.stringify(kinds));
    assert.ok(kinds.slice(1).every(([kind, batch]) => kind === 'network' && batch === '1'), JSON.stringify(kinds));
    assert.match(retries[0].text, /Waiting \d+\.\d s/);
    assert.match(retries[1].text, /connection dropped/);
    const got = await received();
    assert.equal(got.unique, GENERATED_ROWS, 'no event lost');
    // Only the batch whose answer was lost arrived twice, and the second copy is a duplicate.
    const firstBatch = new Set(got.data.slice(0, 1000).map((e) => e.event_id));
    const duplicates = got.data.filter((e) => e.duplicate);
    assert.equal(got.duplicates, 1000);
    assert.ok(duplicates.every((e) => firstBatch.has(e.event_id)));
    assert.deepEqual(await send.counts(), { batches: 4, batchesTotal: 4, events: GENERATED_ROWS, eventsTotal: GENERATED_ROWS, received: GENERATED_ROWS });
    await assertNoRawValues(session.requests, rawValues(csv, { rows: 50, columns: 4 }), assert);
    // The dropped connections as each engine logs them: Chromium's net errors, and Firefox's
    // "CORS request did not succeed" (its words for a cross-origin call that got no answer at
    // all, not a CORS refusal).
  }, { expectedErrors: [/status of 400/, /ERR_CONNECTION_RESET/, /ERR_EMPTY_RESPONSE/, /\(Reason: CORS request did not succeed\)/] });
});

test('a reload mid-upload resumes from the saved progress and sends only the remaining batches', async () => {
  const csv = generatedCsv();
  // Slow answers, so the upload can be paused half-way.
  await emulator('/__emulator/faults', { method: 'POST', body: { kind: 'slow', delay_ms: 1200, path: '/events', count: 4 } });
  await withSession(async (session) => {
    let send = await prepare(session, generated());
    await send.start.click();
    await send.waitForBatches(1);
    await send.pause.click();
    assert.equal(await send.waitFor(['paused']), 'paused');
    const before = (await send.counts()).batches;
    assert.ok(before >= 1 && before < 4, `paused after ${before} batches`);
    assert.equal((await received()).unique, before * 1000);
    // Reload: the token and the prepared file are gone (memory only); the progress is not.
    await session.page.reload();
    const postsBefore = eventPosts(session.requests).length;
    send = await prepare(session, generated());
    await send.resumeNotice.waitFor();
    assert.equal(Number(await send.resumeNotice.getAttribute('data-accepted')), before);
    assert.equal((await send.counts()).batches, before);
    await send.start.click();
    assert.equal(await send.waitFor(['done', 'stopped'], 120_000), 'done');
    const posts = eventPosts(session.requests).slice(postsBefore);
    assert.equal(posts.length, 4 - before, 'only the remaining batches were sent');
    const got = await received();
    assert.equal(got.unique, GENERATED_ROWS);
    assert.equal(got.duplicates, 0, 'no event sent twice');
    const rows = await send.reportRows();
    assert.deepEqual(rows.map((r) => r.status), [...Array(before).fill('accepted_earlier'), ...Array(4 - before).fill('accepted')]);
    // Picking the same file once more: nothing is left to send.
    await session.page.reload();
    send = await prepare(session, generated());
    await send.completeNotice.waitFor();
    assert.equal(await send.start.count(), 0);
    await assertNoRawValues(session.requests, rawValues(csv, { rows: 50, columns: 4 }), assert);
    // Firefox rejects the upload's fetch in flight with an AbortError that reaches the page as an
    // uncaught error while the page unloads for the reload; Chromium drops it silently.
  }, { expectedErrors: [/AbortError: The operation was aborted/] });
});

test('a dry run reports what would be sent and sends nothing', async () => {
  const csv = generatedCsv();
  await withSession(async (session) => {
    const send = await prepare(session, generated());
    await send.dryRun.click();
    assert.equal(await send.waitFor(['dry-run']), 'dry-run');
    assert.equal(await send.report.getAttribute('data-dry-run'), 'true');
    const rows = await send.reportRows();
    assert.deepEqual(rows.map((r) => r.status), ['would_send', 'would_send', 'would_send', 'would_send']);
    const report = await send.download(send.reportDownload);
    assert.equal(report.name, 'hashdrop-dry-run.csv');
    assert.match(report.text, /\r\n1,1,1000,1000,would_send,,,,,\r\n2,1001,2000,1000,would_send/);
    assert.equal(eventPosts(session.requests).length, 0, 'no events call');
    assert.equal((await received()).received, 0);
    await assertNoRawValues(session.requests, rawValues(csv, { rows: 50, columns: 4 }), assert);
  });
});

test('an expired token stops the upload with what to do next, in both languages', async () => {
  await emulator('/__emulator/faults', { method: 'POST', body: { kind: 'expire_token', path: '/events' } });
  await withSession(async (session) => {
    const send = await prepare(session, SAMPLE);
    await send.start.click();
    assert.equal(await send.waitFor(['done', 'stopped']), 'stopped');
    assert.equal(await send.stop.getAttribute('data-problem'), 'token_expired');
    assert.match(await session.page.getByTestId('send-stop-next').textContent(), /new token/);
    assert.equal(await session.page.getByTestId('send-stop-connect').getAttribute('href'), '/connect');
    assert.equal((await send.reportRows())[0].status, 'failed');
    await send.langZh.click();
    assert.match(await session.page.getByTestId('send-stop-next').textContent(), /访问口令/);
  }, { expectedErrors: [/status of 400/] });
});

test('a reload in the middle of a batch (no pause) resends only what was not recorded', async () => {
  await emulator('/__emulator/faults', { method: 'POST', body: { kind: 'slow', delay_ms: 1500, path: '/events', count: 4 } });
  await withSession(async (session) => {
    let send = await prepare(session, generated());
    await send.start.click();
    await send.waitForBatches(1);
    // The page goes away while the next batch is in flight: its answer is lost.
    await session.page.reload();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const arrived = (await received()).unique;
    const postsBefore = eventPosts(session.requests).length;
    send = await prepare(session, generated());
    await send.resumeNotice.waitFor();
    const recorded = Number(await send.resumeNotice.getAttribute('data-accepted'));
    assert.ok(recorded >= 1 && recorded < 4);
    await send.start.click();
    assert.equal(await send.waitFor(['done', 'stopped'], 120_000), 'done');
    assert.equal(eventPosts(session.requests).length - postsBefore, 4 - recorded, 'only batches not recorded');
    const got = await received();
    assert.equal(got.unique, GENERATED_ROWS, 'no event lost');
    // A batch Meta kept but whose answer the reload lost is sent once more, and deduplicated.
    assert.equal(got.duplicates, arrived - recorded * 1000);
  }, { expectedErrors: [/ERR_ABORTED|net::/] });
});

test('in a narrow window and in Chinese, the keyboard alone sends the file', async () => {
  const session = await launch({ viewport: { width: 390, height: 844 } });
  try {
    await session.page.clock.setFixedTime(NOW);
    const send = await prepare(session, SAMPLE);
    await send.langZh.click();
    await session.page.waitForFunction(() => document.querySelector('[data-testid="send-start"]')?.textContent === '发送');
    assert.equal(await send.horizontalOverflow(), 0, 'no horizontal scrolling');
    // Every control has a name a screen reader can say.
    const unnamed = await session.page.locator('[data-testid="send-panel"] button').evaluateAll((buttons) => buttons.filter((b) => !b.textContent.trim()).length);
    assert.equal(unnamed, 0);
    assert.ok(await send.progressBar.getAttribute('aria-label'));
    await send.start.focus();
    await session.page.keyboard.press('Enter');
    assert.equal(await send.waitFor(['done', 'stopped']), 'done');
    assert.match(await send.status.textContent(), /完成/);
    assert.deepEqual(session.errors, []);
  } finally {
    await session.browser.close();
  }
});

test('cancel stops after the batch in flight; sending again finishes without a duplicate', async () => {
  await emulator('/__emulator/faults', { method: 'POST', body: { kind: 'slow', delay_ms: 1200, path: '/events', count: 4 } });
  await withSession(async (session) => {
    const send = await prepare(session, generated());
    await send.start.click();
    await send.waitForBatches(1);
    await send.cancel.click();
    assert.equal(await send.waitFor(['cancelled']), 'cancelled');
    const { batches } = await send.counts();
    assert.ok(batches >= 1 && batches < 4);
    assert.equal((await received()).unique, batches * 1000, 'the batch in flight finished; nothing after it was sent');
    const rows = await send.reportRows();
    assert.deepEqual(rows.map((r) => r.status), [...Array(batches).fill('accepted'), ...Array(4 - batches).fill('not_sent')]);
    await send.start.click();
    assert.equal(await send.waitFor(['done', 'stopped'], 60_000), 'done');
    const got = await received();
    assert.equal(got.unique, GENERATED_ROWS);
    assert.equal(got.duplicates, 0);
  });
});

test('a 5xx from Meta is retried with the same batch and said so', async () => {
  await emulator('/__emulator/faults', { method: 'POST', body: { kind: 'server_error', code: 2, path: '/events' } });
  await withSession(async (session) => {
    const send = await prepare(session, SAMPLE);
    await send.start.click();
    assert.equal(await send.waitFor(['done', 'stopped']), 'done');
    const retries = await send.retries.evaluateAll((items) => items.map((li) => [li.dataset.kind, li.textContent]));
    assert.equal(retries.length, 1);
    assert.equal(retries[0][0], 'graph_transient');
    assert.match(retries[0][1], /temporary error\. Waiting \d+\.\d s, then sending the same batch again \(try 2\)/);
    const got = await received();
    assert.deepEqual([got.unique, got.duplicates], [287, 0]);
    assert.equal(eventPosts(session.requests).length, 2);
  }, { expectedErrors: [/status of 50\d/] });
});

test('with "skip rows Meta rejects" chosen, a file with one event the emulator refuses uploads fully and the report lists its row', async () => {
  // Every row is inside the page's 62-day window; row 1,501 only just (60.6 days before "now").
  // The emulator's clock runs three days ahead, so it finds that one event too old.
  const OLD_ROW = 1_501;
  const lines = generatedCsv().trimEnd().split('\n');
  lines[OLD_ROW] = lines[OLD_ROW].replace(/2026-11-\d\d 09:30:00/, '2026-09-20 09:30:00');
  const file = { name: 'one-too-old.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n') + '\n') };
  await emulator('/__emulator/clock', { method: 'POST', body: { now: NOW.getTime() / 1000 + 3 * 86_400 } });
  try {
    await withSession(async (session) => {
      let send = await prepare(session, file);
      assert.equal((await send.counts()).eventsTotal, GENERATED_ROWS);
      // Off by default: the rejected event stops the upload at its batch.
      assert.equal(await send.skipRejected.isChecked(), false);
      await send.start.click();
      assert.equal(await send.waitFor(['done', 'stopped']), 'stopped');
      assert.equal(await send.stop.getAttribute('data-problem'), 'invalid_event');
      assert.match(await session.page.getByTestId('send-stop-message').textContent(), /row 1501 \(field event_time\) in batch 2/);
      assert.equal((await received()).unique, 1000);
      // Chosen: the event is left out, the rest of its batch goes again, and the upload finishes.
      await send.skipRejected.check();
      await send.start.click();
      assert.equal(await send.waitFor(['done', 'stopped'], 120_000), 'done');
      const got = await received();
      assert.equal(got.unique, GENERATED_ROWS - 1, 'every event but the rejected one');
      assert.equal(got.duplicates, 0);
      assert.ok(!got.data.some((e) => e.event_id === 'G-1500'), 'the rejected event is not there');
      const counts = await send.counts();
      assert.deepEqual([counts.batches, counts.events, counts.received], [4, GENERATED_ROWS - 1, GENERATED_ROWS - 1]);
      const skipped = await send.skippedRows();
      assert.equal(skipped.length, 1);
      assert.deepEqual([skipped[0].row, skipped[0].batch, skipped[0].code], [OLD_ROW, 2, 100]);
      assert.match(skipped[0].reason, /62 days|too old|older/i);
      const report = await send.download(send.skippedDownload);
      assert.equal(report.name, 'hashdrop-skipped-rows.csv');
      const csv = report.text.trim().split('\r\n');
      assert.equal(csv[0], 'row,batch,index_in_batch,field,code,subcode,reason,fbtrace_id');
      assert.match(csv[1], /^1501,2,500,event_time,100,/);
      assert.equal(csv.length, 2);
      // Resume keeps working across the skip: after a reload the file is complete, nothing is
      // sent again, and the skipped row is still reported.
      await session.page.reload();
      const postsBefore = eventPosts(session.requests).length;
      send = await prepare(session, file);
      await send.completeNotice.waitFor();
      assert.equal(await send.start.count(), 0);
      assert.deepEqual((await send.skippedRows()).map((r) => r.row), [OLD_ROW]);
      assert.equal(eventPosts(session.requests).length, postsBefore);
    }, { expectedErrors: [/status of 400/] });
  } finally {
    await emulator('/__emulator/clock', { method: 'POST', body: { now: NOW.getTime() / 1000 } });
  }
});

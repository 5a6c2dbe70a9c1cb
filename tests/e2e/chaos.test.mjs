// Chaos through the app (issue 15, item 6, the browser part): the page's Send uploads a file of a
// few thousand events to the emulator under a seeded random schedule of every fault the emulator
// injects on an events call (throttling with each code, 500 and 503, connections dropped before
// and after processing, slow answers), with a reload of the page in the middle of the upload.
// Afterwards every event of the file is in the emulator exactly once by event_id (a resend after
// a drop-after-processing is there as a deduplicated copy), nothing is lost, and the page showed
// no error of its own: a reload while a request is in flight is not an error (Firefox rejects
// that fetch with an AbortError, which the page now takes quietly).
//
// The seed is HASHDROP_CHAOS_SEED (default 1); the test prints the schedule it ran.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, appUrl, emulator, cspViolations, assertNoRawValues, rawValues } from './browser.mjs';
import { DATASET, SAMPLE_NOW as NOW } from './graph.mjs';
import { onFileStep } from './flow.mjs';
import { SendPage } from './pages/send.mjs';

const SEED = Number(process.env.HASHDROP_CHAOS_SEED ?? 1);
const ROWS = 5_000; // 5 batches of 1,000 events
/** Faults that fail a call, in a row at most: the runner gives a batch 6 tries. */
const MAX_FAILURES_IN_A_ROW = 3;

/** mulberry32: a small seeded generator, the same schedule for the same seed. */
function generator(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Usage headers that say how long to wait, so a throttle costs seconds, not minutes.
const buc = JSON.stringify({ 100000000000001: [{ type: 'ads_management', call_count: 100, total_cputime: 10, total_time: 10, estimated_time_to_regain_access: 0.02 }] });
const account = JSON.stringify({ acc_id_util_pct: 100, reset_time_duration: 1, ads_api_access_tier: 'development_access' });
/** Every fault kind of an events call, as the control API takes it (`pass` lets one call through). */
const KINDS = [
  { name: 'throttle-80004', fails: true, fault: { kind: 'throttle', code: 80004, usage: buc } },
  { name: 'throttle-4', fails: true, fault: { kind: 'throttle', code: 4, header: 'x-business-use-case-usage', usage: buc } },
  { name: 'throttle-17', fails: true, fault: { kind: 'throttle', code: 17, usage: account } },
  { name: 'throttle-32', fails: true, fault: { kind: 'throttle', code: 32, header: 'x-business-use-case-usage', usage: buc } },
  { name: 'throttle-613', fails: true, fault: { kind: 'throttle', code: 613, usage: account } },
  { name: 'server-500', fails: true, fault: { kind: 'server_error', code: 1 } },
  { name: 'server-503', fails: true, fault: { kind: 'server_error', code: 2 } },
  { name: 'drop-before', fails: true, fault: { kind: 'drop', when: 'before' } },
  { name: 'drop-after', fails: true, fault: { kind: 'drop', when: 'after' } },
  { name: 'slow', fails: false, fault: { kind: 'slow', delay_ms: 1500 } },
  { name: 'pass', fails: false, fault: { kind: 'slow', delay_ms: 1 } },
];

/** A schedule of `length` faults where every kind appears and failures come at most 3 in a row. */
function schedule(seed, length = 24) {
  const random = generator(seed);
  const picks = KINDS.filter((k) => k.name !== 'pass');
  // Every kind once, in a seeded order, then seeded picks; a pass breaks a long run of failures.
  const order = [...picks].sort(() => random() - 0.5);
  while (order.length < length) order.push(KINDS[Math.floor(random() * KINDS.length)]);
  const out = [];
  let run = 0;
  for (const kind of order) {
    if (kind.fails && run === MAX_FAILURES_IN_A_ROW) {
      out.push(KINDS.find((k) => k.name === 'pass'));
      run = 0;
    }
    out.push(kind);
    run = kind.fails ? run + 1 : 0;
  }
  return out;
}

function generatedCsv(rows = ROWS) {
  const lines = ['email,phone,first name,last name,value,currency,time,order id'];
  for (let i = 0; i < rows; i++) {
    const day = String(1 + (i % 19)).padStart(2, '0');
    lines.push(
      `Chaos.${i}@Example.net,+1 212 555 ${String(i % 10_000).padStart(4, '0')},Ana${i % 41},Lee${i % 37},${(i % 250) + 0.25},usd,2026-11-${day} 11:15:00,C-${i}`,
    );
  }
  return lines.join('\n') + '\n';
}

let clock;
before(async () => {
  clock = await emulator('/__emulator/clock');
  await emulator('/__emulator/clock', { method: 'POST', body: { now: NOW.getTime() / 1000 } });
  await emulator('/__emulator/faults', { method: 'DELETE' });
  await emulator('/__emulator/reset', { method: 'POST' });
});
after(async () => {
  await emulator('/__emulator/faults', { method: 'DELETE' });
  await emulator('/__emulator/clock', { method: 'POST', body: { now: clock.fixed ? clock.now : null } });
});

test(`a seeded fault schedule (seed ${SEED}) and a reload mid-upload: every event arrives exactly once by event_id`, async () => {
  const plan = schedule(SEED);
  console.log(`chaos seed ${SEED}: ${plan.map((k) => k.name).join(', ')}`);
  for (const kind of plan) {
    await emulator('/__emulator/faults', { method: 'POST', body: { ...kind.fault, path: '/events' } });
  }
  const csv = generatedCsv();
  const file = { name: 'chaos-sales.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) };
  const session = await launch();
  const started = Date.now();
  try {
    const { page } = session;
    await page.clock.setFixedTime(NOW);
    await onFileStep(page, file, { targetId: DATASET });
    let send = new SendPage(page);
    await send.openFromSteps();
    assert.equal((await send.counts()).batchesTotal, 5);
    await send.start.click();
    await send.waitForBatches(2, 180_000);
    // The page goes away in the middle of the upload, most likely with a call in flight, and the
    // person goes on at once (Connect opens while the reloaded page may still be downloading).
    await page.reload();
    await onFileStep(page, file, { targetId: DATASET });
    send = new SendPage(page);
    await send.openFromSteps();
    await send.resumeNotice.waitFor();
    const recorded = Number(await send.resumeNotice.getAttribute('data-accepted'));
    assert.ok(recorded >= 2 && recorded < 5, `${recorded} batches recorded before the reload`);
    await send.start.click();
    assert.equal(await send.waitFor(['done', 'stopped'], 300_000), 'done');
    const left = (await emulator('/__emulator/faults')).data.length;
    const got = await emulator(`/__emulator/events?target=${DATASET}`);
    const ids = got.data.filter((e) => !e.duplicate).map((e) => e.event_id);
    const unique = new Set(ids);
    // Every row by its order id (each row of the file has its own).
    const orders = new Set(got.data.map((e) => e.custom_data?.order_id));
    const lost = Array.from({ length: ROWS }, (_, i) => `C-${i}`).filter((order) => !orders.has(order)).length;
    console.log(
      `chaos seed ${SEED}: ${plan.length - left} faults applied of ${plan.length}, ${got.received} events received, ` +
        `${got.unique} unique, ${got.duplicates} deduplicated resends, ${lost} lost, ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    // The schedule's head holds every kind once: all of them met a call.
    const applied = new Set(plan.slice(0, plan.length - left).map((k) => k.name));
    assert.deepEqual(KINDS.filter((k) => k.name !== 'pass' && !applied.has(k.name)).map((k) => k.name), [], 'every kind of fault applied');
    assert.equal(ids.length, unique.size, 'no event kept twice under one event_id');
    assert.equal(unique.size, ROWS, 'every event of the file once by event_id');
    assert.equal(lost, 0, 'nothing lost');
    assert.ok(got.data.filter((e) => e.duplicate).every((e) => unique.has(e.event_id)), 'every extra copy is a deduplicated resend');
    assert.deepEqual(await send.counts(), { batches: 5, batchesTotal: 5, events: ROWS, eventsTotal: ROWS, received: ROWS });
    await assertNoRawValues(session.requests, rawValues(csv, { rows: 50, columns: 4 }), assert);
    assert.deepEqual(await cspViolations(page), [], 'no CSP violation');
    // Only what the browser itself logs for the faults: Graph's error answers and the dropped
    // connections (Chromium's net errors; Firefox's words for a call that got no answer at all).
    // No page error: in particular no AbortError from the reload.
    const expected5xx = [/status of (400|500|503)/, /ERR_CONNECTION_RESET/, /ERR_EMPTY_RESPONSE/, /\(Reason: CORS request did not succeed\)/];
    const errors = session.errors.filter((e) => !expected5xx.some((re) => re.test(e)));
    assert.deepEqual(errors, [], 'no page error');
  } finally {
    await session.browser.close();
  }
});

test('leaving the page while the app still downloads is no error (Firefox aborts those downloads)', async () => {
  const session = await launch();
  try {
    const { page } = session;
    for (let i = 0; i < 4; i++) {
      await page.goto(`${appUrl}/connect`);
      await page.reload();
      // At once: the reloaded page is most likely still fetching its wasm.
      await page.goto(`${appUrl}/file`);
    }
    await page.getByTestId('page-title').waitFor();
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    // Firefox checks the integrity of a `modulepreload` it aborted against the empty body it got
    // (the hash it names is SHA-384 of nothing) and logs the mismatch itself: no script of the
    // page sees it. Anything else, such as the aborted start's AbortError or NetworkError, fails.
    const emptyBody = 'OLBgp1GsljhM2TJ+sbHjaiH9txEUvgdDTAzHv2P24donTt6/529l+9Ua0vFImLlb';
    assert.deepEqual(session.errors.filter((e) => !e.includes(emptyBody)), [], 'no page error');
  } finally {
    await session.browser.close();
  }
});

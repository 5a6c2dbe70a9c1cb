// Issue 7's newcomer journey, in one browser session against the emulator: create an offline
// event set, share it with the client's business and enable tracking on the ad account, append it
// to the seeded ad's tracking specs, upload the sample file through the app's own flow (Connect,
// File, Mapping, Check, Send), then see the upload, its stats and the offline conversions in the
// insights, charted. After each step the emulator's state is read back over Graph.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { launch, cspViolations, assertNoRawValues, assertNotInUrls, emulator, rawValues } from './browser.mjs';
import { token, CLIENT, ACCOUNT, AD, SAMPLE, SAMPLE_NOW as NOW, graph, graphAll } from './graph.mjs';
import { connected, toCheckStep } from './flow.mjs';
import { FilePage } from './pages/file.mjs';
import { SendPage } from './pages/send.mjs';
import { ManagePage } from './pages/manage.mjs';

// The sample's sales fall inside the 62-day window of its "now": the page's and the emulator's
// clocks are both set to it for the journey (and the emulator's is given back after).

/** Offline purchases in the account's insights over the last 90 days, as Graph reports them. */
async function offlinePurchases() {
  const query = `fields=actions&level=account&date_preset=last_90d&time_increment=1&action_breakdowns=${encodeURIComponent('["action_type"]')}&action_attribution_windows=${encodeURIComponent('["28d_view"]')}`;
  const days = await graphAll(`/${ACCOUNT}/insights?${query}`);
  return days
    .flatMap((d) => d.actions ?? [])
    .filter((a) => a.action_type === 'offline_conversion.purchase')
    .reduce((sum, a) => sum + Number(a.value), 0);
}

test('create a set, share it, track it on an ad, upload the sample, and see uploads, stats and insights', async () => {
  const csv = await readFile(SAMPLE, 'utf8');
  const clock = await emulator('/__emulator/clock');
  await emulator('/__emulator/clock', { method: 'POST', body: { now: NOW.getTime() / 1000 } });
  const session = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    const { page, requests } = session;
    await page.clock.setFixedTime(NOW);
    const connect = await connected(page);

    // 1. Create the offline event set.
    const m = new ManagePage(page);
    await m.openFromNav();
    await m.id('sets-kind-ocapi').check();
    const name = `journey store sales ${Date.now()}`;
    await m.id('sets-name').fill(name);
    await m.id('sets-description').fill('the shop tills, weekly');
    const created = await m.act('sets-create', 'sets-create-status');
    assert.equal(created.state, 'done', created.text);
    const set = await m.id('sets-selected-id').inputValue();
    const stored = await graph(`/${set}?fields=name,description`);
    assert.deepEqual([stored.name, stored.description], [name, 'the shop tills, weekly']);

    // 2. Share it with the client's business, then enable tracking on the ad account.
    const shared = await m.act('partner-share', 'partner-share-status');
    assert.equal(shared.state, 'done', shared.text);
    assert.deepEqual((await graph(`/${set}/agencies`)).data.map((a) => a.id), [CLIENT]);
    await m.id('partner-account').fill(ACCOUNT);
    const tracked = await m.act('partner-track', 'partner-track-status');
    assert.equal(tracked.state, 'done', tracked.text);
    assert.ok((await graph(`/${set}/adaccounts`)).data.some((a) => a.id === ACCOUNT));

    // 3. Append it to the ad's tracking specs, keeping what was there.
    const before = (await graph(`/${AD}?fields=tracking_specs`)).tracking_specs;
    await m.id('partner-to-tracking').click();
    await page.getByTestId('page-manage-tracking').waitFor();
    await m.id('tracking-source').fill(set);
    const appended = await m.act('tracking-append', 'tracking-append-status');
    assert.equal(appended.state, 'done', appended.text);
    const after = (await graph(`/${AD}?fields=tracking_specs`)).tracking_specs;
    assert.deepEqual(after.slice(0, before.length), before);
    assert.deepEqual(after.at(-1), { 'action.type': ['offline_conversion'], dataset: [set] });

    // Other sets tracked by the account may already have conversions: only the increase is ours.
    const purchasesBefore = await offlinePurchases();

    // 4. Upload the sample to the set through the app: Connect, File, Mapping, Check, Send.
    // In-app navigation (the step indicator): the token stays in memory.
    await connect.step('connect').click();
    await connect.checkButton.waitFor();
    await connect.kindOcapi.check();
    await connect.targetId.fill(set);
    assert.equal((await connect.check()).state, 'connected');
    const file = await FilePage.fromConnect(connect);
    await file.prepare(SAMPLE);
    const check = await toCheckStep(file);
    const checked = await check.summary();
    assert.equal(checked.rows, 300);
    await check.continueLink.click();
    const send = new SendPage(page);
    await send.panel.waitFor();
    await page.waitForFunction(() => !document.querySelector('[data-testid="send-start"]')?.disabled);
    await send.start.click();
    assert.equal(await send.waitFor(['done', 'stopped']), 'done');
    const counts = await send.counts();
    const summary = { accepted: counts.eventsTotal };
    assert.equal(summary.accepted, checked.accepted, 'what Check counted is what was sent');
    assert.ok(summary.accepted > 0);
    assert.equal(counts.received, summary.accepted);
    const arrived = await emulator(`/__emulator/events?target=${set}`);
    assert.deepEqual([arrived.received, arrived.unique], [summary.accepted, summary.accepted]);
    assert.ok(arrived.data.every((e) => e.api === 'ocapi'));

    // 5. The upload, its stats and the insights, charted and tabled.
    await m.openFromNav();
    await m.tab('stats');
    await m.id('stats-kind-ocapi').check();
    await m.id('stats-id').fill(set);
    await m.id('stats-aggregation').selectOption('event_time');
    const loaded = await m.act('stats-load', 'stats-status');
    assert.equal(loaded.state, 'done', loaded.text);
    const uploads = (await graph(`/${set}/uploads`)).data;
    assert.equal(uploads.length, 1);
    const [row] = await m.tableRows('stats-uploads-table');
    assert.equal(row[0], uploads[0].upload_tag);
    assert.equal(row[2], String(summary.accepted), 'events of the upload');
    assert.equal(row[4], String(uploads[0].valid_entries));
    const days = await m.tableRows('stats-table');
    assert.equal(days.reduce((sum, r) => sum + Number(r[1]), 0), summary.accepted, 'every sale in the daily stats');
    assert.equal(Number(await m.id('stats-chart').getAttribute('data-points')), days.length);
    assert.ok(days.some((r) => r[1] === '0'), 'days without sales drawn as zeros');
    assert.equal(await m.chartLines('stats-chart'), 3);

    await m.tab('insights');
    await m.id('insights-range').selectOption('last_90d');
    const insights = await m.act('insights-load', 'insights-status');
    assert.equal(insights.state, 'done', insights.text);
    const offline = (await m.tableRows('insights-table')).filter((r) => r[1] === 'offline_conversion.purchase');
    assert.ok(offline.length > 0, 'the uploaded sales show up as offline conversions');
    const shown = offline.reduce((sum, r) => sum + Number(r[2] || 0), 0);
    assert.equal(shown, await offlinePurchases(), 'the table adds up to what Graph reports');
    const ours = shown - purchasesBefore;
    assert.ok(ours > 0 && ours <= summary.accepted, `${ours} of ${summary.accepted} uploaded sales attributed`);
    assert.match(await m.id('insights-chart-legend').textContent(), /offline_conversion\.purchase/);

    await assertNoRawValues(requests, rawValues(csv, { columns: 5 }), assert);
    assertNotInUrls(requests, [token], assert);
    assert.deepEqual(await cspViolations(page), [], 'no CSP violation');
    assert.deepEqual(session.errors, [], 'no page error');
  } finally {
    await session.browser.close();
    await emulator('/__emulator/clock', { method: 'POST', body: { now: clock.fixed ? clock.now : null } });
  }
});

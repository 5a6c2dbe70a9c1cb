// The management screens against the emulator: create an offline event set, assign the ad
// account, share it with the client business and run the partner two-step flow; append the set
// to the seeded ad's tracking specs and see the original spec kept; upload events through the
// emulator's API and see the uploads and stats charted, tabled and downloaded; insights charted
// over several pages. After each action the emulator's state is read back with Graph GETs.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { launch, appUrl, emulatorUrl, cspViolations, assertNotInUrls, emulator, graphCalls } from './browser.mjs';
import { token, G, BUSINESS, CLIENT, ACCOUNT, AD, graph, graphPost, graphAll } from './graph.mjs';
import { connected } from './flow.mjs';
import { ManagePage } from './pages/manage.mjs';

const sha = (text) => createHash('sha256').update(text).digest('hex');

/** The emulator's "now" in Unix seconds (it may run with a fixed clock, e.g. `--now`). */
async function emulatorNow() {
  return (await emulator('/__emulator/clock')).now;
}

/** A fresh offline event set made through the API. */
async function newSet(name) {
  return (await graphPost(`/${BUSINESS}/offline_conversion_data_sets`, { name, description: 'e2e' })).id;
}

before(async () => {
  const health = await fetch(`${emulatorUrl}/__emulator/health`);
  assert.equal(health.status, 200, 'the emulator is running');
});

async function withManage(body, { httpErrors = false, as = token } = {}) {
  const session = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    await connected(session.page, { as });
    const manage = new ManagePage(session.page);
    await manage.openFromNav();
    await body({ ...session, manage });
    assertNotInUrls(session.requests, [as], assert);
    assert.deepEqual(await cspViolations(session.page), [], 'no CSP violation');
    // The browser logs Graph's 4xx answers as console errors; a test that provokes one allows them.
    const errors = session.errors.filter((e) => !(httpErrors && /Failed to load resource: the server responded with a status of [45]\d\d/.test(e)));
    assert.deepEqual(errors, [], 'no page error');
  } finally {
    await session.browser.close();
  }
}

test('without a token the screens send the person to Connect', async () => {
  const session = await launch();
  try {
    const manage = new ManagePage(session.page);
    await manage.open(appUrl, `/manage/sets?graph=${encodeURIComponent(emulatorUrl)}`);
    await manage.requirement.waitFor();
    assert.equal(await manage.id('step-requirement-link').getAttribute('href'), '/connect');
    await manage.langZh.click();
    assert.match(await manage.pageTitle.textContent(), /事件集和数据集/);
  } finally {
    await session.browser.close();
  }
});

test('create an offline event set, assign the ad account, share it, and the partner two-step flow', async () => {
  await withManage(async ({ manage: m }) => {
    assert.equal(await m.id('manage-tab-sets').getAttribute('aria-current'), 'page');
    await m.id('sets-kind-ocapi').check();
    const listed = await m.act('sets-load', 'sets-list-status');
    assert.equal(listed.state, 'done');

    const name = `e2e store sales ${Date.now()}`;
    await m.id('sets-name').fill(name);
    await m.id('sets-description').fill('from the e2e test');
    const created = await m.act('sets-create', 'sets-create-status');
    assert.equal(created.state, 'done', created.text);
    const id = await m.id('sets-selected-id').inputValue();
    assert.match(id, /^\d+$/);
    assert.ok(created.text.includes(id));
    const stored = await graph(`/${id}?fields=id,name,description`);
    assert.deepEqual([stored.name, stored.description], [name, 'from the e2e test']);
    // The list was reloaded with the new set in it.
    await m.id(`sets-row-${id}`).waitFor();
    assert.ok((await m.id(`sets-row-${id}`).textContent()).includes(name));

    assert.equal(await m.id(`sets-row-${id}`).getAttribute('aria-current'), 'true', 'the new set is the selected one');
    const viewed = await m.settle('sets-view-status', () => m.id(`sets-open-${id}`).click());
    assert.equal(viewed.state, 'done', viewed.text);
    assert.equal(await m.id('sets-details-name').textContent(), name);
    assert.equal(await m.id('sets-details-description').textContent(), 'from the e2e test');
    assert.equal(await m.id('sets-details-created').textContent(), stored.creation_time ?? (await graph(`/${id}?fields=creation_time`)).creation_time);

    assert.deepEqual((await graph(`/${id}/adaccounts`)).data, []);
    const assigned = await m.act('sets-assign', 'sets-assign-status');
    assert.equal(assigned.state, 'done', assigned.text);
    const accounts = (await graph(`/${id}/adaccounts`)).data.map((a) => a.id);
    assert.deepEqual(accounts, [ACCOUNT]);

    const shared = await m.act('sets-share', 'sets-share-status');
    assert.equal(shared.state, 'done', shared.text);
    assert.deepEqual((await graph(`/${id}/agencies`)).data.map((a) => a.id), [CLIENT]);

    // Partner flow: step 2 waits for step 1.
    assert.equal(await m.id('partner-track').isDisabled(), true);
    await m.id('partner-step-2-waiting').waitFor();
    const step1 = await m.act('partner-share', 'partner-share-status');
    assert.equal(step1.state, 'done');
    assert.equal(await m.id('partner-step-1').getAttribute('data-done'), 'true');
    await m.id('partner-account').fill(ACCOUNT);
    const step2 = await m.act('partner-track', 'partner-track-status');
    assert.equal(step2.state, 'done', step2.text);
    const tracked = await graph(`/${id}/adaccounts`);
    assert.ok(tracked.data.some((a) => a.id === ACCOUNT));
  });
});

test('a dataset is created in the ad account and shared with permitted tasks', async () => {
  await withManage(async ({ manage: m }) => {
    await m.id('sets-kind-capi').check();
    // Graph takes a name only for a dataset: the form says so instead of a description field.
    await m.id('sets-description-note').waitFor();
    assert.equal(await m.id('sets-description').count(), 0);
    const listed = await m.act('sets-load', 'sets-list-status');
    assert.equal(listed.state, 'done', listed.text);
    const before = (await graphAll(`/${ACCOUNT}/adspixels`)).map((d) => d.id);
    assert.deepEqual((await m.listedIds()).slice(0, 25), before.slice(0, 25), 'the first page is Graph\'s');
    assert.ok(before.includes('400000000000004'));

    const name = `e2e dataset ${Date.now()}`;
    await m.id('sets-name').fill(name);
    const created = await m.act('sets-create', 'sets-create-status');
    assert.equal(created.state, 'done', created.text);
    const id = await m.id('sets-selected-id').inputValue();
    assert.equal((await graph(`/${id}?fields=name`)).name, name);
    // The list is reloaded; the new dataset is last in Graph's order, so page to it.
    const after = (await graphAll(`/${ACCOUNT}/adspixels`)).map((d) => d.id);
    assert.deepEqual(after, [...before, id]);
    while ((await m.id(`sets-row-${id}`).count()) === 0) {
      await m.id('sets-more').waitFor();
      assert.equal((await m.act('sets-more', 'sets-list-status')).state, 'done');
    }
    assert.deepEqual(await m.listedIds(), after, 'every dataset listed once, in Graph\'s order');
    const viewed = await m.settle('sets-view-status', () => m.id(`sets-open-${id}`).click());
    assert.equal(viewed.state, 'done', viewed.text);
    assert.equal(await m.id('sets-details-name').textContent(), name);
    assert.equal(await m.id('sets-details-last-fired').textContent(), 'never');

    const assigned = await m.act('sets-assign', 'sets-assign-status');
    assert.equal(assigned.state, 'done', assigned.text);
    assert.ok((await graph(`/${id}/shared_accounts`)).data.some((a) => String(a.account_id ?? a.id).endsWith('200000000000002')));

    await m.id('sets-task-edit').check();
    await m.id('sets-task-advertise').uncheck();
    const shared = await m.act('sets-share', 'sets-share-status');
    assert.equal(shared.state, 'done', shared.text);
    const agencies = (await graph(`/${id}/agencies`)).data;
    assert.deepEqual(agencies.map((a) => [a.id, a.permitted_tasks]), [[CLIENT, ['ANALYZE', 'UPLOAD', 'EDIT']]]);
  });
});

test('a wrong id gets Graph\'s explanation and what to do', async () => {
  await withManage(async ({ manage: m }) => {
    await m.id('sets-selected-id').fill('999999');
    const opened = await m.act('sets-view', 'sets-view-status');
    assert.deepEqual([opened.state, opened.problem], ['error', 'not_found']);
    assert.match(await m.id('sets-view-status-detail').textContent(), /code 100|#100|does not exist/i);
    await m.id('sets-selected-id').fill('12x');
    const invalid = await m.act('sets-view', 'sets-view-status');
    assert.deepEqual([invalid.state, invalid.problem], ['error', 'invalid_id']);
  }, { httpErrors: true });
});

test('append an event set to the seeded ad\'s tracking specs without losing the original', async () => {
  const set = await newSet(`e2e tracking ${Date.now()}`);
  const before = (await graph(`/${AD}?fields=tracking_specs`)).tracking_specs;
  assert.ok(before.some((s) => JSON.stringify(s['fb_pixel']) === '["400000000000004"]'), 'the seeded spec');
  await withManage(async ({ manage: m }) => {
    await m.tab('tracking');
    const read = await m.act('tracking-read', 'tracking-read-status');
    assert.equal(read.state, 'done', read.text);
    assert.equal(await m.id('tracking-current-spec').count(), before.length);

    await m.id('tracking-source').fill(set);
    const appended = await m.act('tracking-append', 'tracking-append-status');
    assert.equal(appended.state, 'done', appended.text);
    assert.match(appended.text, /Appended/);
    assert.equal(await m.page.getByTestId('tracking-before-spec').count(), before.length);
    const after = m.page.getByTestId('tracking-after-spec');
    assert.equal(await after.count(), before.length + 1);
    assert.equal(await after.nth(before.length).getAttribute('data-new'), 'true');
    assert.match(await after.nth(before.length).textContent(), new RegExp(`"dataset":\\["${set}"\\]`));

    const now = (await graph(`/${AD}?fields=tracking_specs`)).tracking_specs;
    assert.deepEqual(now.slice(0, before.length), before, 'every original spec is still there, in order');
    assert.deepEqual(now[before.length], { 'action.type': ['offline_conversion'], dataset: [set] });

    // Appending again writes nothing.
    const again = await m.act('tracking-append', 'tracking-append-status');
    assert.match(again.text, /already tracks/);
    assert.equal((await graph(`/${AD}?fields=tracking_specs`)).tracking_specs.length, now.length);
  });
});

test('uploads and stats of a set are charted, tabled and downloadable', async () => {
  const set = await newSet(`e2e stats ${Date.now()}`);
  const hourAgo = (await emulatorNow()) - 3600;
  // The second upload's sales are three hours older: the hours between have none.
  const events = (tag, n, at) =>
    Array.from({ length: n }, (_, i) => ({
      match_keys: i % 2 === 0 ? { email: [sha(`buyer${i}@example.org`)] } : { gen: [sha('f')] },
      event_name: 'Purchase',
      event_time: at - i * 60,
      value: 10 + i,
      currency: 'USD',
      order_id: `${tag}-${i}`,
    }));
  await graphPost(`/${set}/events`, { upload_tag: 'e2e-store-a', data: JSON.stringify(events('a', 3, hourAgo)) });
  await graphPost(`/${set}/events`, { upload_tag: 'e2e-store-b', data: JSON.stringify(events('b', 2, hourAgo - 3 * 3600)) });
  const uploads = (await graph(`/${set}/uploads`)).data;
  assert.equal(uploads.length, 2);

  await withManage(async ({ manage: m }) => {
    await m.tab('stats');
    await m.id('stats-kind-ocapi').check();
    await m.id('stats-id').fill(set);
    const loaded = await m.act('stats-load', 'stats-status');
    assert.equal(loaded.state, 'done', loaded.text);

    const rows = await m.tableRows('stats-uploads-table');
    const byTag = Object.fromEntries(rows.map((r) => [r[0], r]));
    for (const upload of uploads) {
      const row = byTag[upload.upload_tag];
      assert.ok(row, upload.upload_tag);
      assert.equal(row[3], String(upload.matched_entries), 'matched');
      assert.equal(row[4], String(upload.valid_entries), 'valid');
    }
    assert.deepEqual([byTag['e2e-store-a'][2], byTag['e2e-store-b'][2]], ['3', '2'], 'events per upload');

    const stats = (await graph(`/${set}/stats?aggr_time=upload_time&granularity=daily`)).data;
    const statRows = await m.tableRows('stats-table');
    assert.equal(statRows.length, stats.length);
    assert.equal(statRows.reduce((sum, r) => sum + Number(r[1]), 0), 5, 'five events in the stats');
    assert.equal(await m.chartLines('stats-chart'), 3, 'total, matched and duplicates lines');
    assert.equal(await m.id('stats-chart').getAttribute('data-empty'), 'false');

    const csv = await m.downloadCsv('stats-uploads-csv');
    assert.equal(csv.name, 'uploads.csv');
    const lines = csv.text.trim().split('\r\n');
    assert.deepEqual(lines[0].split(','), await m.tableHeaders('stats-uploads-table'));
    assert.deepEqual(lines.slice(1).map((l) => l.split(',')), rows);

    const statsCsv = await m.downloadCsv('stats-csv');
    assert.deepEqual(statsCsv.text.trim().split('\r\n').slice(1).map((l) => l.split(',')), statRows, 'the CSV is the table');

    // Hourly by event time: Graph answers the two hours with sales; the page shows every hour
    // from the first to the last, the empty ones as zeros, in the chart, the table and the CSV.
    await m.id('stats-aggregation').selectOption('event_time');
    await m.id('stats-granularity').selectOption('hourly');
    assert.equal((await m.act('stats-load', 'stats-status')).state, 'done');
    const answered = (await graph(`/${set}/stats?aggr_time=event_time&granularity=hourly`)).data;
    const hourly = await m.tableRows('stats-table');
    assert.equal(hourly.reduce((sum, r) => sum + Number(r[1]), 0), 5);
    assert.ok(hourly.every((r) => /T\d\d:00:00\+0000/.test(r[0])), 'hour buckets');
    const hours = hourly.map((r) => Date.parse(r[0].replace('+0000', 'Z')) / 1000);
    assert.ok(hours.every((h, i) => i === 0 || h - hours[i - 1] === 3600), 'consecutive hours');
    const first = Math.min(...answered.map((b) => b.timestamp));
    const last = Math.max(...answered.map((b) => b.timestamp));
    assert.deepEqual([hours[0], hours.at(-1)], [first, last]);
    assert.ok(hourly.length > answered.length, 'hours without sales are there');
    for (const bucket of answered) {
      const row = hourly[hours.indexOf(bucket.timestamp)];
      assert.equal(row[1], String(bucket.total_count), bucket.time);
    }
    assert.ok(hourly.filter((r) => r[1] === '0').length >= 1, 'zeros where Graph had nothing');
    const points = await m.id('stats-chart').getAttribute('data-points');
    assert.equal(Number(points), hourly.length, 'one chart point per table row');
    const hourlyCsv = await m.downloadCsv('stats-csv');
    assert.deepEqual(hourlyCsv.text.trim().split('\r\n').slice(1).map((l) => l.split(',')), hourly);
  });
});

test('insights with 28d_view are charted and tabled over every page', async () => {
  await withManage(async ({ manage: m, requests }) => {
    await m.tab('insights');
    assert.equal(await m.id('insights-window-28d_view').isChecked(), true);
    await m.id('insights-window-1d_click').check();
    await m.id('insights-range').selectOption('last_7d');
    await m.id('insights-limit').fill('2');
    const loaded = await m.act('insights-load', 'insights-status');
    assert.equal(loaded.state, 'done', loaded.text);

    const calls = await graphCalls(requests, `${G}/${ACCOUNT}/insights`);
    assert.ok(calls.length >= 3, `followed the cursors (${calls.length} pages)`);
    assert.ok(calls.every((r) => r.method === 'GET'), 'read with the method override');
    assert.ok(calls.slice(1).every((r) => r.params.get('after')), 'later pages carry the cursor');
    const first = calls[0].params;
    assert.equal(first.get('action_attribution_windows'), '["28d_view","1d_click"]');
    assert.equal(first.get('time_increment'), '1');
    assert.equal(first.get('limit'), '2');
    assert.match(loaded.text, new RegExp(`${calls.length} pages`));

    // The same query straight from the emulator, every page.
    let url = `/${ACCOUNT}/insights?fields=actions,action_values,unique_actions&level=account&date_preset=last_7d&time_increment=1&limit=2&action_breakdowns=${encodeURIComponent('["action_type"]')}&action_attribution_windows=${encodeURIComponent('["28d_view","1d_click"]')}`;
    const days = [];
    for (;;) {
      const page = await graph(url);
      days.push(...page.data);
      if (!page.paging?.next) break;
      url = `${url.replace(/&after=[^&]*/, '')}&after=${page.paging.cursors.after}`;
    }
    const expected = days.flatMap((d) => [...new Set(d.actions.map((a) => a.action_type))].sort().map((t) => [d.date_start, t, d.actions.find((a) => a.action_type === t).value]));
    const rows = (await m.tableRows('insights-table')).map((r) => r.slice(0, 3));
    assert.deepEqual(rows.filter((r) => r[2] !== ''), expected);
    assert.ok((await m.chartLines('insights-chart')) >= 1);
    const legend = await m.id('insights-chart-legend').textContent();
    assert.match(legend, /link_click/);

    const csv = await m.downloadCsv('insights-csv');
    assert.equal(csv.name, 'insights.csv');
    assert.equal(csv.text.trim().split('\r\n').length, (await m.tableRows('insights-table')).length + 1);

    await m.langZh.click();
    assert.match(await m.pageTitle.textContent(), /成效分析/);
  });
});

test('the event sets list pages through Graph\'s cursors', async () => {
  for (let i = 0; i < 26; i += 1) await newSet(`e2e paging ${Date.now()} ${i}`);
  const all = (await graphAll(`/${BUSINESS}/offline_conversion_data_sets`)).map((s) => s.id);
  assert.ok(all.length > 25);
  await withManage(async ({ manage: m, requests }) => {
    await m.id('sets-kind-ocapi').check();
    const first = await m.act('sets-load', 'sets-list-status');
    assert.equal(first.state, 'done', first.text);
    assert.match(first.text, /25 offline event sets listed · More are available/);
    assert.deepEqual(await m.listedIds(), all.slice(0, 25));
    let pages = 1;
    while ((await m.id('sets-more').count()) > 0) {
      assert.equal((await m.act('sets-more', 'sets-list-status')).state, 'done');
      pages += 1;
    }
    assert.equal(pages, Math.ceil(all.length / 25));
    assert.deepEqual(await m.listedIds(), all, 'every set once, in Graph\'s order');
    const calls = (await graphCalls(requests, `${G}/${BUSINESS}/offline_conversion_data_sets`)).filter((r) => r.method === 'GET');
    assert.equal(calls.length, pages);
    assert.ok(calls.slice(1).every((r) => r.params.get('after')), 'later pages by cursor');
    assert.ok(calls.every((r) => r.params.get('limit') === '25'));
  });
});

test('a token with limited access: an empty list, and a permission error that names the object', async () => {
  const limited = `e2e-limited-${Date.now()}`;
  await emulator('/__emulator/tokens', { method: 'POST', body: { token: limited, allow: [BUSINESS, '400000000000004'] } });
  await withManage(async ({ manage: m }) => {
    await m.id('sets-kind-ocapi').check();
    const listed = await m.act('sets-load', 'sets-list-status');
    assert.equal(listed.state, 'done', listed.text);
    await m.id('sets-empty').waitFor();
    assert.match(await m.id('sets-empty').textContent(), /No offline event sets .*Create one below/);
    assert.deepEqual(await m.listedIds(), []);
    const seen = await graph(`/${BUSINESS}/offline_conversion_data_sets`, { as: limited });
    assert.deepEqual(seen.data, [], 'the emulator shows this token no set');

    await m.tab('tracking');
    const read = await m.act('tracking-read', 'tracking-read-status');
    assert.deepEqual([read.state, read.problem], ['error', 'permission']);
    assert.match(read.text, /Ask an admin/);
    assert.match(await m.id('tracking-read-status-detail').textContent(), new RegExp(AD));
    assert.equal(await m.id('tracking-read-status-retry').count(), 0, 'retrying would not help');
  }, { httpErrors: true, as: limited });
});

test('Graph failures say what to do next: try again, or fix the token on Connect', async () => {
  await emulator('/__emulator/faults', { method: 'DELETE' });
  await withManage(async ({ manage: m }) => {
    // A server error on the list, then "Try again" works.
    await emulator('/__emulator/faults', { method: 'POST', body: { kind: 'server_error', path: 'offline_conversion_data_sets', count: 1 } });
    await m.id('sets-kind-ocapi').check();
    const failed = await m.act('sets-load', 'sets-list-status');
    assert.deepEqual([failed.state, failed.problem], ['error', 'server']);
    assert.match(failed.text, /Try again/);
    const retried = await m.retry('sets-list-status');
    assert.equal(retried.state, 'done', retried.text);
    assert.ok((await m.listedIds()).length > 0);

    // An expired token while loading stats: the way out is the Connect page.
    await m.tab('stats');
    await m.id('stats-kind-ocapi').check();
    await m.id('stats-id').fill(await newSet(`e2e faults ${Date.now()}`));
    await emulator('/__emulator/faults', { method: 'POST', body: { kind: 'expire_token', path: 'uploads', count: 1 } });
    const expired = await m.act('stats-load', 'stats-status');
    assert.deepEqual([expired.state, expired.problem], ['error', 'token_expired']);
    assert.equal(await m.id('stats-status-connect').getAttribute('href'), '/connect');
    // A fresh set has no uploads and no stats: the empty notes, not an empty chart.
    assert.equal((await m.act('stats-load', 'stats-status')).state, 'done');
    await m.id('stats-uploads-empty').waitFor();
    await m.id('stats-empty').waitFor();

    // Throttled insights, then a slow answer: the loading state shows, then the figures.
    await m.tab('insights');
    await emulator('/__emulator/faults', { method: 'POST', body: { kind: 'throttle', code: 80004, path: 'insights', count: 1 } });
    const throttled = await m.act('insights-load', 'insights-status');
    assert.deepEqual([throttled.state, throttled.problem], ['error', 'throttled']);
    assert.match(throttled.text, /Wait a minute/);
    await emulator('/__emulator/faults', { method: 'POST', body: { kind: 'slow', delay_ms: 1500, path: 'insights', count: 1 } });
    await m.id('insights-status-retry').click();
    await m.page.waitForFunction(() => document.querySelector('[data-testid="insights-status"]')?.dataset.state === 'working');
    await m.id('insights-progress').waitFor();
    assert.equal(await m.id('insights-load').isDisabled(), true, 'no second run while one is loading');
    await m.page.waitForFunction(() => document.querySelector('[data-testid="insights-status"]')?.dataset.state === 'done');
    assert.deepEqual((await emulator('/__emulator/faults')).data ?? [], [], 'every fault was used');
  }, { httpErrors: true });
});

test('insights over a custom date range, checked before it is sent', async () => {
  // Days around the emulator's today (its figures), and the browser's real today (the future).
  const today = (await emulatorNow()) * 1000;
  const day = (offset, from = today) => new Date(from + offset * 86_400_000).toISOString().slice(0, 10);
  await withManage(async ({ manage: m, requests }) => {
    await m.tab('insights');
    await m.id('insights-range').selectOption('custom');
    await m.id('insights-custom-range').waitFor();
    const calls = async () => (await graphCalls(requests, `${G}/${ACCOUNT}/insights`)).length;

    await m.id('insights-since').fill(day(-3));
    await m.id('insights-until').fill(day(-10));
    const reversed = await m.act('insights-load', 'insights-status');
    assert.deepEqual([reversed.state, reversed.problem], ['error', 'invalid_input']);
    assert.match(reversed.text, /start date is after the end date/);
    await m.id('insights-until').fill(day(2, Date.now()));
    const future = await m.act('insights-load', 'insights-status');
    assert.match(future.text, /in the future/);
    await m.id('insights-since').fill('2020-01-01');
    await m.id('insights-until').fill('2020-01-31');
    const old = await m.act('insights-load', 'insights-status');
    assert.match(old.text, /37 months/);
    assert.equal(await calls(), 0, 'nothing was sent for a bad range');

    const [since, until] = [day(-9), day(-3)];
    await m.id('insights-since').fill(since);
    await m.id('insights-until').fill(until);
    await m.id('insights-limit').fill('3');
    const loaded = await m.act('insights-load', 'insights-status');
    assert.equal(loaded.state, 'done', loaded.text);
    const sent = await graphCalls(requests, `${G}/${ACCOUNT}/insights`);
    assert.ok(sent.length >= 3, `paged (${sent.length} pages)`);
    const first = sent[0].params;
    assert.deepEqual(JSON.parse(first.get('time_range')), { since, until });
    assert.equal(first.get('date_preset'), null);

    const range = encodeURIComponent(JSON.stringify({ since, until }));
    const days = await graphAll(`/${ACCOUNT}/insights?fields=actions&level=account&time_range=${range}&time_increment=1&action_breakdowns=${encodeURIComponent('["action_type"]')}&action_attribution_windows=${encodeURIComponent('["28d_view"]')}`);
    assert.equal(days.length, 7, 'one row a day, both ends included');
    const shown = [...new Set((await m.tableRows('insights-table')).map((r) => r[0]))];
    assert.deepEqual(shown, days.map((d) => d.date_start));
  });
});

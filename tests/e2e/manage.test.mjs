// The management screens against the emulator: create an offline event set, assign the ad
// account, share it with the client business and run the partner two-step flow; append the set
// to the seeded ad's tracking specs and see the original spec kept; upload events through the
// emulator's API and see the uploads and stats charted, tabled and downloaded; insights charted
// over several pages. After each action the emulator's state is read back with Graph GETs.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { launch, appUrl, emulatorUrl, cspViolations, assertNotInUrls } from './browser.mjs';
import { ConnectPage } from './pages/connect.mjs';
import { ManagePage } from './pages/manage.mjs';

const token = process.env.HASHDROP_TOKEN ?? 'e2e-token';
const G = `${emulatorUrl}/v24.0`;
const BUSINESS = '100000000000001';
const CLIENT = '100000000000009';
const ACCOUNT = 'act_200000000000002';
const AD = '300000000000003';
const sha = (text) => createHash('sha256').update(text).digest('hex');

/** A Graph GET with the token in the header, as the app does. */
async function graph(path) {
  const response = await fetch(`${G}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  const body = await response.json();
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${JSON.stringify(body)}`);
  return body;
}

/** A Graph POST, form-encoded with the token in the body. */
async function graphPost(path, fields) {
  const body = new URLSearchParams({ ...fields, access_token: token });
  const response = await fetch(`${G}${path}`, { method: 'POST', body });
  const json = await response.json();
  if (!response.ok) throw new Error(`POST ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}

/** A fresh offline event set made through the API. */
async function newSet(name) {
  return (await graphPost(`/${BUSINESS}/offline_conversion_data_sets`, { name, description: 'e2e' })).id;
}

before(async () => {
  const health = await fetch(`${emulatorUrl}/__emulator/health`);
  assert.equal(health.status, 200, 'the emulator is running');
});

async function withManage(body, { httpErrors = false } = {}) {
  const session = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    const connect = new ConnectPage(session.page);
    await connect.open(appUrl, '/connect');
    await connect.fillForEmulator({ token, emulatorUrl });
    assert.equal((await connect.check()).state, 'connected');
    const manage = new ManagePage(session.page);
    await manage.openFromNav();
    await body({ ...session, manage });
    assertNotInUrls(session.requests, [token], assert);
    assert.deepEqual(await cspViolations(session.page), [], 'no CSP violation');
    // The browser logs Graph's 4xx answers as console errors; a test that provokes one allows them.
    const errors = session.errors.filter((e) => !(httpErrors && /Failed to load resource: the server responded with a status of 4\d\d/.test(e)));
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

    await m.id(`sets-open-${id}`).click();
    await m.id('sets-details').waitFor();
    assert.equal(await m.id('sets-details-name').textContent(), name);

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
    await m.id('sets-capi-list-note').waitFor();
    const name = `e2e dataset ${Date.now()}`;
    await m.id('sets-name').fill(name);
    const created = await m.act('sets-create', 'sets-create-status');
    assert.equal(created.state, 'done', created.text);
    const id = await m.id('sets-selected-id').inputValue();
    assert.equal((await graph(`/${id}?fields=name`)).name, name);
    await m.id(`sets-row-${id}`).waitFor();

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
  const hourAgo = Math.floor(Date.now() / 1000) - 3600;
  const events = (tag, n) =>
    Array.from({ length: n }, (_, i) => ({
      match_keys: i % 2 === 0 ? { email: [sha(`buyer${i}@example.org`)] } : { gen: [sha('f')] },
      event_name: 'Purchase',
      event_time: hourAgo - i * 60,
      value: 10 + i,
      currency: 'USD',
      order_id: `${tag}-${i}`,
    }));
  await graphPost(`/${set}/events`, { upload_tag: 'e2e-store-a', data: JSON.stringify(events('a', 3)) });
  await graphPost(`/${set}/events`, { upload_tag: 'e2e-store-b', data: JSON.stringify(events('b', 2)) });
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

    // Hourly by event time: the events an hour (and a few minutes) ago.
    await m.id('stats-aggregation').selectOption('event_time');
    await m.id('stats-granularity').selectOption('hourly');
    assert.equal((await m.act('stats-load', 'stats-status')).state, 'done');
    const hourly = await m.tableRows('stats-table');
    assert.equal(hourly.reduce((sum, r) => sum + Number(r[1]), 0), 5);
    assert.ok(hourly.every((r) => /T\d\d:00:00/.test(r[0])), 'hour buckets');
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

    const calls = requests.filter((r) => r.url.startsWith(`${G}/${ACCOUNT}/insights`));
    assert.ok(calls.length >= 3, `followed the cursors (${calls.length} pages)`);
    assert.ok(calls.slice(1).every((r) => new URL(r.url).searchParams.get('after')), 'later pages carry the cursor');
    const first = new URL(calls[0].url).searchParams;
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

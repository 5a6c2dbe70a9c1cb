// Issue 16: the stats table and the chart's legend follow a language switch made after they were
// loaded (they were kept in the language of the moment Load was pressed).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { launch, cspViolations, emulator, emulatorUrl, graphCalls } from './browser.mjs';
import { BUSINESS, graph, graphPost } from './graph.mjs';
import { connected } from './flow.mjs';
import { ManagePage } from './pages/manage.mjs';

const sha = (text) => createHash('sha256').update(text).digest('hex');

test('the stats table and legend switch language without loading again', async () => {
  const { id: set } = await graphPost(`/${BUSINESS}/offline_conversion_data_sets`, { name: `lang e2e ${Date.now()}`, description: 'e2e' });
  const hourAgo = (await emulator('/__emulator/clock')).now - 3600;
  const data = Array.from({ length: 3 }, (_, i) => ({
    match_keys: { email: [sha(`lang${i}@example.org`)] },
    event_name: 'Purchase',
    event_time: Math.floor(hourAgo) - i * 60,
    value: 10 + i,
    currency: 'USD',
    order_id: `lang-${i}`,
  }));
  await graphPost(`/${set}/events`, { upload_tag: 'e2e-lang', data: JSON.stringify(data) });
  assert.equal((await graph(`/${set}/uploads`)).data.length, 1);

  const session = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    const { page, requests } = session;
    await connected(page);
    const m = new ManagePage(page);
    await m.openFromNav();
    await m.tab('stats');
    await m.id('stats-kind-ocapi').check();
    await m.id('stats-id').fill(set);
    const loaded = await m.act('stats-load', 'stats-status');
    assert.equal(loaded.state, 'done', loaded.text);
    const calls = (await graphCalls(requests, emulatorUrl)).length;
    assert.equal((await m.tableHeaders('stats-table'))[0], 'Time');
    assert.equal((await m.tableHeaders('stats-uploads-table'))[2], 'Events');
    assert.match(await m.id('stats-chart-legend').textContent(), /Matched/);
    const rows = await m.tableRows('stats-table');

    // Switch to Chinese: the same figures, now in Chinese, with no new call to Graph.
    await m.langZh.click();
    await page.waitForFunction(() => document.querySelector('[data-testid="stats-table"] thead th')?.textContent.trim() === '时间');
    assert.equal((await m.tableHeaders('stats-uploads-table'))[2], '事件数');
    assert.doesNotMatch(await m.id('stats-chart-legend').textContent(), /Matched/);
    assert.deepEqual(await m.tableRows('stats-table'), rows, 'the same figures');
    assert.equal((await graphCalls(requests, emulatorUrl)).length, calls, 'nothing loaded again');

    // And back.
    await m.langEn.click();
    await page.waitForFunction(() => document.querySelector('[data-testid="stats-table"] thead th')?.textContent.trim() === 'Time');
    assert.deepEqual(await cspViolations(page), [], 'no CSP violation');
    assert.deepEqual(session.errors, [], 'no page error');
  } finally {
    await session.browser.close();
  }
});

// Issue 15, item 2: the custom-conversion loop, closed through the app. Create a conversion whose
// rule selects part of a file, preview it on that file, upload the file through the app's own
// Connect, File, Mapping, Check and Send, then find Meta's count beside the preview, and the
// account's insights (offsite_conversion.custom.<ID>), equal to the preview's count.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, cspViolations, emulator, assertNoRawValues, assertNotInUrls } from './browser.mjs';
import { token, ACCOUNT, DATASET, SAMPLE_NOW as NOW, graph, graphAll } from './graph.mjs';
import { connected, sendThroughSteps } from './flow.mjs';
import { ConversionsPage } from './pages/conversions.mjs';

const ICE_CREAM = '{"and":[{"event_name":{"eq":"Purchase"}},{"custom_data.product_category":{"i_contains":"ICECREAM"}}]}';

/** A shop export of this run (its own people, so no earlier run's event deduplicates it): the
 *  ice cream purchases are known by construction, and are only part of the file. */
function shopCsv(run) {
  const categories = ['IceCream', 'Cake', 'icecream cone', 'Bread', 'ICECREAM', 'Ice Cream', 'iceCREAM'];
  const lines = ['email,event_name,event_time,value,currency,custom_data.product_category'];
  const emails = [];
  let iceCream = 0;
  for (let i = 1; i <= 30; i += 1) {
    const category = categories[i % categories.length];
    const event = i % 6 === 0 ? 'Lead' : 'Purchase';
    const email = `count${run}.${i}@example.org`;
    emails.push(email);
    // Before the fixed "now" (2026-11-20), inside the 62-day window of store sales.
    const day = String(1 + (i % 18)).padStart(2, '0');
    const value = event === 'Lead' ? '' : (i * 2.5).toFixed(2);
    lines.push(`${email},${event},2026-11-${day} ${String(8 + (i % 10)).padStart(2, '0')}:15,${value},${event === 'Lead' ? '' : 'USD'},${category}`);
    if (event === 'Purchase' && category.toLowerCase().includes('icecream')) iceCream += 1;
  }
  return { text: `${lines.join('\n')}\n`, iceCream, rows: 30, emails };
}

/** The account's insights count of `actionType` over its whole history, every window. */
async function insightsCount(actionType) {
  const query = `fields=actions&level=account&date_preset=maximum&action_breakdowns=${encodeURIComponent('["action_type"]')}&action_attribution_windows=${encodeURIComponent('["28d_click","28d_view"]')}`;
  const rows = await graphAll(`/${ACCOUNT}/insights?${query}`);
  return rows
    .flatMap((r) => r.actions ?? [])
    .filter((a) => a.action_type === actionType)
    .reduce((sum, a) => sum + Number(a.value), 0);
}

test("a conversion's count from Meta, beside its preview, equals the preview after the file is sent", async () => {
  const run = Date.now();
  const shop = shopCsv(run);
  assert.ok(shop.iceCream > 5 && shop.iceCream < shop.rows, 'the rule selects part of the file');
  const dir = await mkdtemp(join(tmpdir(), 'hashdrop-count-'));
  const file = join(dir, 'shop.csv');
  await writeFile(file, shop.text);
  const clock = await emulator('/__emulator/clock');
  await emulator('/__emulator/clock', { method: 'POST', body: { now: NOW.getTime() / 1000 } });
  const session = await launch({ viewport: { width: 1280, height: 900 } });
  try {
    const { page, requests } = session;
    await page.clock.setFixedTime(NOW);
    const connect = await connected(page);

    // 1. Create the conversion on the connected dataset, and preview its rule on the file.
    const c = new ConversionsPage(page);
    await c.openFromNav();
    await c.load(ACCOUNT);
    await c.json.fill(ICE_CREAM);
    await c.name.fill(`Ice cream count ${run}`);
    assert.equal(await c.source.inputValue(), DATASET);
    assert.equal(await c.create(), 'created');
    const id = (await c.createdId.textContent()).trim();
    let preview = await c.preview(file);
    assert.equal(preview.state, 'ready');
    assert.equal(preview.count, shop.iceCream, 'the preview counts the ice cream purchases');
    // The new conversion is compared at once; nothing was sent to it yet.
    assert.equal(await c.compare.inputValue(), id);
    assert.equal(await c.metaCount(), 0);

    // 2. Send the file through the app (in-app navigation: the token stays in memory).
    await c.step('connect').click();
    await connect.checkButton.waitFor();
    assert.equal((await connect.check()).state, 'connected');
    const { checked, state, counts } = await sendThroughSteps(connect, file);
    assert.equal(checked.accepted, shop.rows, 'every row is a valid event');
    assert.equal(state, 'done');
    assert.equal(counts.eventsTotal, shop.rows);

    // 3. Back on Custom conversions: choose the conversion, preview the file again, and read
    //    Meta's count beside the preview.
    await c.openFromNav();
    await c.load(ACCOUNT);
    await c.compareWith(id);
    assert.deepEqual(JSON.parse(await c.json.inputValue()), JSON.parse(ICE_CREAM), 'its rule is in the editor');
    preview = await c.preview(file);
    const shown = await c.metaCount();
    assert.equal(shown, preview.count, "Meta's count beside the preview equals the preview's");
    assert.equal(await c.refreshMetaCount(), shown, 'refresh reads the same count');

    // The same count in the conversion's stats and in the account's insights.
    const stats = await graph(`/${id}/stats?aggregation=count`);
    assert.equal(stats.data.flatMap((d) => d.data).reduce((sum, x) => sum + Number(x.count), 0), preview.count);
    assert.equal(await insightsCount(`offsite_conversion.custom.${id}`), preview.count, 'insights count equals the preview count');
    const stored = await graph(`/${id}?fields=first_fired_time,last_fired_time`);
    assert.ok(stored.first_fired_time && stored.last_fired_time, 'the conversion has fired');

    await assertNoRawValues(requests, shop.emails.slice(0, 10), assert);
    assertNotInUrls(requests, [token], assert);
    assert.deepEqual(await cspViolations(page), [], 'no CSP violation');
    assert.deepEqual(session.errors, [], 'no page error');
  } finally {
    await session.browser.close();
    await emulator('/__emulator/clock', { method: 'POST', body: { now: clock.fixed ? clock.now : null } });
    await rm(dir, { recursive: true, force: true });
  }
});

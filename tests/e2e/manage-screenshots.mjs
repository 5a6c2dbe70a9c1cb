// Screenshots of the management screens (docs/screenshots/manage-*.png), taken by
// screenshots.mjs: each connects to the emulator, opens the screen from the header link and does
// what the screen is for, on an event set made here with two uploads.
import { createHash } from 'node:crypto';
import { emulator } from './browser.mjs';
import { BUSINESS, graphPost } from './graph.mjs';
import { shoot } from './shoot.mjs';
import { ManagePage } from './pages/manage.mjs';

const sha = (text) => createHash('sha256').update(text).digest('hex');

/** Take the management screens' screenshots (manage-*.png). */
export async function shootManage() {
  const { id: set } = await graphPost(`/${BUSINESS}/offline_conversion_data_sets`, { name: 'Store sales (screenshot)', description: 'POS export' });
  const now = Math.floor(Date.now() / 1000);
  for (const [tag, n] of [['store-monday', 6], ['store-tuesday', 4]]) {
    const data = Array.from({ length: n }, (_, i) => ({
      match_keys: i % 3 === 2 ? { gen: [sha('m')] } : { email: [sha(`${tag}${i}@example.org`)] },
      event_name: 'Purchase',
      event_time: now - 3600 * (1 + i * 5),
      value: 12 + i,
      currency: 'USD',
      order_id: `${tag}-${i}`,
    }));
    await graphPost(`/${set}/events`, { upload_tag: tag, data: JSON.stringify(data) });
  }
  const connected = (screen) => async (connect, page) => {
    await connect.connectToEmulator();
    const manage = new ManagePage(page);
    await manage.openFromNav();
    if (screen !== 'sets') await manage.tab(screen);
    return manage;
  };
  await shoot('manage-sets', {
    act: async (connect, page) => {
      const m = await connected('sets')(connect, page);
      await m.id('sets-kind-ocapi').check();
      await m.act('sets-load', 'sets-list-status');
      await m.settle('sets-view-status', () => m.id(`sets-open-${set}`).click());
      await m.act('partner-share', 'partner-share-status');
    },
  });
  await shoot('manage-sets-datasets', {
    act: async (connect, page) => {
      const m = await connected('sets')(connect, page);
      await m.id('sets-kind-capi').check();
      await m.act('sets-load', 'sets-list-status');
      await m.settle('sets-view-status', () => m.id('sets-open-400000000000004').click());
    },
  });
  await shoot('manage-tracking', {
    act: async (connect, page) => {
      const m = await connected('tracking')(connect, page);
      await m.id('tracking-source').fill(set);
      await m.act('tracking-append', 'tracking-append-status');
    },
  });
  await shoot('manage-stats', {
    act: async (connect, page) => {
      const m = await connected('stats')(connect, page);
      await m.id('stats-kind-ocapi').check();
      await m.id('stats-id').fill(set);
      await m.id('stats-aggregation').selectOption('event_time');
      await m.id('stats-granularity').selectOption('hourly');
      await m.act('stats-load', 'stats-status');
    },
  });
  const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
  await shoot('manage-insights', {
    act: async (connect, page) => {
      const m = await connected('insights')(connect, page);
      await m.id('insights-range').selectOption('custom');
      await m.id('insights-since').fill(day(-13));
      await m.id('insights-until').fill(day(-1));
      await m.id('insights-limit').fill('10');
      await m.act('insights-load', 'insights-status');
    },
  });
  await shoot('manage-error', {
    act: async (connect, page) => {
      const m = await connected('insights')(connect, page);
      await emulator('/__emulator/faults', { method: 'POST', body: { kind: 'throttle', code: 80004, path: 'insights', count: 1 } });
      await m.act('insights-load', 'insights-status');
    },
  });
  await shoot('manage-insights-zh', {
    act: async (connect, page) => {
      const m = await connected('insights')(connect, page);
      await m.langZh.click();
      await m.act('insights-load', 'insights-status');
    },
  });
}

// Screenshots of the management screens (docs/screenshots/manage-*.png), called by
// screenshots.mjs with its `shoot(name, { act })`: each connects to the emulator, opens the screen
// from the header link and does what the screen is for.
import { createHash } from 'node:crypto';
import { ManagePage } from './pages/manage.mjs';

const sha = (text) => createHash('sha256').update(text).digest('hex');

/** Take the four screens' screenshots with `shoot`. */
export async function shootManage(shoot, { token, emulatorUrl }) {
  const G = `${emulatorUrl}/v24.0`;
  const post = async (path, fields) => {
    const response = await fetch(`${G}${path}`, { method: 'POST', body: new URLSearchParams({ ...fields, access_token: token }) });
    return response.json();
  };
  const { id: set } = await post('/100000000000001/offline_conversion_data_sets', { name: 'Store sales (screenshot)', description: 'POS export' });
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
    await post(`/${set}/events`, { upload_tag: tag, data: JSON.stringify(data) });
  }
  const connected = (screen) => async (connect, page) => {
    await connect.fillForEmulator({ token, emulatorUrl });
    await connect.check();
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
      await m.id('sets-selected-id').fill(set);
      await m.act('sets-view', 'sets-view-status');
      await m.act('partner-share', 'partner-share-status');
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
  await shoot('manage-insights', {
    act: async (connect, page) => {
      const m = await connected('insights')(connect, page);
      await m.id('insights-limit').fill('10');
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

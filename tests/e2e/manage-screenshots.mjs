// Screenshots of the management screens (docs/screenshots/manage-*.png), called by
// screenshots.mjs with its `shoot(name, { act })`: each connects to the emulator, opens the screen
// from the header link and does what the screen is for. Run alone (the app and the emulator
// running, HASHDROP_APP_URL / HASHDROP_EMULATOR_URL / HASHDROP_TOKEN set) it takes only these:
// `node tests/e2e/manage-screenshots.mjs`.
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { launch, appUrl, emulatorUrl as defaultEmulator, emulator } from './browser.mjs';
import { ConnectPage } from './pages/connect.mjs';
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

// Alone: shoot these screens only, into docs/screenshots/.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const out = new URL('../../docs/screenshots/', import.meta.url);
  const preset = `?graph=${encodeURIComponent(defaultEmulator)}`;
  await shootManage(
    async (name, { act }) => {
      const { browser, page } = await launch({ viewport: { width: 1200, height: 860 } });
      try {
        const connect = new ConnectPage(page);
        await connect.open(appUrl, `/connect${preset}`);
        await act(connect, page);
        await page.screenshot({ path: new URL(`${name}.png`, out).pathname, fullPage: true });
        console.log(name);
      } finally {
        await browser.close();
      }
    },
    { token: process.env.HASHDROP_TOKEN ?? 'e2e-token', emulatorUrl: defaultEmulator },
  );
}

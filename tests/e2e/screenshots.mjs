// Screenshots of every screen of the built app, for the README: docs/screenshots/*.png.
// Needs the app and the emulator running (HASHDROP_APP_URL, HASHDROP_EMULATOR_URL, HASHDROP_TOKEN),
// as `cargo xtask screenshots` does: `node tests/e2e/screenshots.mjs [group…]`, where the groups
// are connect, steps, conversions and manage (all of them by default).
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { token, ACCOUNT, DATASET } from './graph.mjs';
import { shoot } from './shoot.mjs';
import { shootManage } from './manage-screenshots.mjs';
import { shootMapping } from './mapping-screenshots.mjs';
import { shootSend } from './send-screenshots.mjs';
import { ConversionsPage } from './pages/conversions.mjs';

/** Connect: empty, connected, a bad token, in Chinese, in a phone-sized window. */
async function shootConnect() {
  await shoot('connect');
  await shoot('connect-connected', {
    act: async (connect) => {
      await connect.token.fill(token);
      await connect.targetId.fill(DATASET);
      await connect.check();
    },
  });
  await shoot('connect-token-error', {
    act: async (connect) => {
      await connect.token.fill('expired-or-wrong-token');
      await connect.targetId.fill(DATASET);
      await connect.check();
    },
  });
  await shoot('connect-zh', { act: (connect) => connect.langZh.click() });
  await shoot('connect-narrow', { viewport: { width: 390, height: 844 } });
}

/** Custom conversions: the Ice Cream rule built in the visual builder, previewed on a small file. */
async function shootConversions() {
  await shoot('conversions', {
    viewport: { width: 1280, height: 900 },
    act: async (connect, page) => {
      await connect.connectToEmulator();
      const c = new ConversionsPage(page);
      await c.openFromNav();
      await c.load(ACCOUNT);
      await c.name.fill('Ice cream sales');
      await c.setCondition(0, { field: 'event_name', operator: 'eq', value: 'Purchase' });
      await c.addCondition.click();
      await c.setCondition(1, { field: 'custom_data.product_category', operator: 'i_contains', value: 'ICECREAM' });
      const file = join(await mkdtemp(join(tmpdir(), 'hashdrop-shot-')), 'shop.csv');
      await writeFile(file, [
        'email,event_name,event_time,value,currency,custom_data.product_category',
        'a@example.org,Purchase,2026-11-02 10:00,16.00,USD,IceCream',
        'b@example.org,Purchase,2026-11-02 11:00,9.50,USD,Cake',
        'c@example.org,Purchase,2026-11-03 12:00,4.25,USD,icecream cone',
        'd@example.org,Lead,2026-11-03 13:00,,,IceCream',
        'e@example.org,Purchase,2026-11-04 09:30,21.00,USD,ICECREAM',
      ].join('\n'));
      await c.preview(file);
    },
  });
}

const groups = {
  connect: shootConnect,
  steps: async () => {
    await shootMapping();
    await shootSend();
  },
  conversions: shootConversions,
  manage: shootManage,
};
const chosen = process.argv.slice(2);
for (const name of chosen) {
  if (!(name in groups)) throw new Error(`unknown group ${name}: one of ${Object.keys(groups).join(', ')}`);
}
await mkdir(new URL('../../docs/screenshots/', import.meta.url), { recursive: true });
for (const [name, take] of Object.entries(groups)) {
  if (chosen.length === 0 || chosen.includes(name)) await take();
}

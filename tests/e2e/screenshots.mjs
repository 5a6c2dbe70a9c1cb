// Screenshots of every screen of the built app, for the README: docs/screenshots/*.png.
// Needs the app and the emulator running (HASHDROP_APP_URL, HASHDROP_EMULATOR_URL, HASHDROP_TOKEN),
// as `cargo xtask screenshots` does: `node tests/e2e/screenshots.mjs [group…]`, where the groups
// are connect, steps, conversions and manage (all of them by default).
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { token, ACCOUNT, DATASET, graphPost } from './graph.mjs';
import { emulator } from './browser.mjs';
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

/** The small shop file of the conversions shots: three ice cream purchases among five rows. */
const SHOP = [
  'email,event_name,event_time,value,currency,custom_data.product_category',
  'a@example.org,Purchase,2026-11-02 10:00,16.00,USD,IceCream',
  'b@example.org,Purchase,2026-11-02 11:00,9.50,USD,Cake',
  'c@example.org,Purchase,2026-11-03 12:00,4.25,USD,icecream cone',
  'd@example.org,Lead,2026-11-03 13:00,,,IceCream',
  'e@example.org,Purchase,2026-11-04 09:30,21.00,USD,ICECREAM',
];

/** Connect, open Custom conversions and load the demo account; the page object. */
async function conversionsLoaded(connect, page) {
  await connect.connectToEmulator();
  const c = new ConversionsPage(page);
  await c.openFromNav();
  await c.load(ACCOUNT);
  return c;
}

/** The shop file, written to a fresh temporary folder; its path. */
async function shopFile() {
  const file = join(await mkdtemp(join(tmpdir(), 'hashdrop-shot-')), 'shop.csv');
  await writeFile(file, SHOP.join('\n'));
  return file;
}

/** Custom conversions: the Ice Cream rule built in the visual builder, previewed on a small file. */
async function shootConversions() {
  await shoot('conversions', {
    viewport: { width: 1280, height: 900 },
    act: async (connect, page) => {
      const c = await conversionsLoaded(connect, page);
      await c.name.fill('Ice cream sales');
      await c.setCondition(0, { field: 'event_name', operator: 'eq', value: 'Purchase' });
      await c.addCondition.click();
      await c.setCondition(1, { field: 'custom_data.product_category', operator: 'i_contains', value: 'ICECREAM' });
      await c.preview(await shopFile());
    },
  });
}

/** Custom conversions: Meta's count of a conversion beside its preview, after the shop's sales
 *  reached its dataset (sent here over Graph, as Send would). */
async function shootConversionCount() {
  const rule = '{"and":[{"event_name":{"eq":"Purchase"}},{"custom_data.product_category":{"i_contains":"ICECREAM"}}]}';
  const { id } = await graphPost(`/${ACCOUNT}/customconversions`, {
    name: 'Ice cream sales', event_source_id: DATASET, custom_event_type: 'PURCHASE', rule,
  });
  const { now } = await emulator('/__emulator/clock');
  const sha = (text) => createHash('sha256').update(text).digest('hex');
  const data = SHOP.slice(1).map((line, i) => {
    const [email, event, , value, currency, category] = line.split(',');
    return {
      event_name: event, event_time: Math.floor(now) - 3600 * (i + 1), action_source: 'physical_store',
      event_id: `shot-count-${now}-${i}`, user_data: { em: [sha(email)] },
      custom_data: { ...(value ? { value: Number(value), currency } : {}), product_category: category },
    };
  });
  await graphPost(`/${DATASET}/events`, { data: JSON.stringify(data) });
  await shoot('conversions-count', {
    viewport: { width: 1280, height: 900 },
    act: async (connect, page) => {
      const c = await conversionsLoaded(connect, page);
      await c.compareWith(id);
      await c.preview(await shopFile());
      await c.metaCount();
      await c.meta.scrollIntoViewIfNeeded();
    },
  });
}

const groups = {
  connect: shootConnect,
  steps: async () => {
    await shootMapping();
    await shootSend();
  },
  conversions: async () => {
    await shootConversions();
    await shootConversionCount();
  },
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

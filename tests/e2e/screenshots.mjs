// Screenshots of every screen of the built app, for the README: docs/screenshots/*.png.
// Needs the app and the emulator running (HASHDROP_APP_URL, HASHDROP_EMULATOR_URL, HASHDROP_TOKEN),
// as `cargo xtask screenshots` does: node tests/e2e/screenshots.mjs
import { mkdir } from 'node:fs/promises';
import { launch, appUrl, emulatorUrl } from './browser.mjs';
import { ConnectPage } from './pages/connect.mjs';
import { Shell } from './pages/shell.mjs';
import { shootManage } from './manage-screenshots.mjs';
import { ConversionsPage } from './pages/conversions.mjs';
import { writeFile, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const token = process.env.HASHDROP_TOKEN ?? 'e2e-token';
const out = new URL('../../docs/screenshots/', import.meta.url);
const preset = `?graph=${encodeURIComponent(emulatorUrl)}`;
await mkdir(out, { recursive: true });

async function shoot(name, { viewport = { width: 1200, height: 860 }, path = `/connect${preset}`, act } = {}) {
  const { browser, page } = await launch({ viewport });
  try {
    const screen = new ConnectPage(page);
    await screen.open(appUrl, path);
    if (act) await act(screen, page);
    const file = new URL(`${name}.png`, out);
    await page.screenshot({ path: file.pathname, fullPage: true });
    console.log(file.pathname);
  } finally {
    await browser.close();
  }
}

await shoot('connect');
await shoot('connect-connected', {
  act: async (connect) => {
    await connect.token.fill(token);
    await connect.targetId.fill('400000000000004');
    await connect.check();
  },
});
await shoot('connect-token-error', {
  act: async (connect) => {
    await connect.token.fill('expired-or-wrong-token');
    await connect.targetId.fill('400000000000004');
    await connect.check();
  },
});
await shoot('connect-zh', {
  act: async (connect) => {
    await connect.langZh.click();
  },
});
await shoot('connect-narrow', { viewport: { width: 390, height: 844 } });
for (const step of ['file', 'mapping', 'check', 'send']) {
  await shoot(step, {
    path: `/${step}${preset}`,
    act: async (_, page) => new Shell(page).pageTitle.waitFor(),
  });
}
// Custom conversions: the Ice Cream rule built in the visual builder, previewed on a small file.
await shoot('conversions', {
  viewport: { width: 1280, height: 900 },
  act: async (connect, page) => {
    await connect.token.fill(token);
    await connect.targetId.fill('400000000000004');
    await connect.check();
    const c = new ConversionsPage(page);
    await c.openFromNav();
    await c.load('act_200000000000002');
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
await shootManage(shoot, { token, emulatorUrl });

// Screenshots of every screen of the built app, for the README: docs/screenshots/*.png.
// Needs the app and the emulator running (HASHDROP_APP_URL, HASHDROP_EMULATOR_URL, HASHDROP_TOKEN),
// as `cargo xtask screenshots` does: node tests/e2e/screenshots.mjs
import { mkdir } from 'node:fs/promises';
import { launch, appUrl, emulatorUrl } from './browser.mjs';
import { ConnectPage } from './pages/connect.mjs';
import { Shell } from './pages/shell.mjs';

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

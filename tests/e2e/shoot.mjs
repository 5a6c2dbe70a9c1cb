// One screenshot of the built app for docs/screenshots/: a fresh headless Chromium opens the app
// (Connect, preset to the emulator, unless `path` says otherwise), `act` drives it, and the full
// page is saved as NAME.png.
import { launch, appUrl, emulatorUrl } from './browser.mjs';
import { ConnectPage } from './pages/connect.mjs';

const out = new URL('../../docs/screenshots/', import.meta.url);
const preset = `?graph=${encodeURIComponent(emulatorUrl)}`;

/** Save `docs/screenshots/<name>.png` after `act(connectPage, page)`. */
export async function shoot(name, { viewport = { width: 1200, height: 860 }, path = `/connect${preset}`, act } = {}) {
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

// Screenshots of the Mapping and Check steps (docs/screenshots/mapping.png, check.png), called by
// screenshots.mjs with its `shoot(name, { act })`: each connects to the emulator, prepares the
// store-sales sample on the File step and opens the step from the page's own links.
import { FilePage } from './pages/file.mjs';
import { MappingPage } from './pages/mapping.mjs';
import { CheckPage } from './pages/check.mjs';

const SAMPLE = new URL('./fixtures/store-sales.csv', import.meta.url).pathname;
// The sample's expected results hold for this "now" (shared/data/samples/README.md).
const SAMPLE_NOW = new Date('2026-11-20T00:00:00Z');

/** Take the two screens' screenshots with `shoot`. */
export async function shootMapping(shoot, { token, emulatorUrl }) {
  const toMapping = async (connect, page) => {
    await page.clock.setFixedTime(SAMPLE_NOW);
    await connect.fillForEmulator({ token, emulatorUrl });
    await connect.check();
    await connect.next.click();
    const file = new FilePage(page);
    await file.drop.waitFor();
    await file.choose(SAMPLE);
    await file.waitForEnd();
    await file.continueLink.click();
    const mapping = new MappingPage(page);
    await mapping.preview.waitFor();
    return mapping;
  };
  await shoot('mapping', {
    viewport: { width: 1280, height: 900 },
    act: async (connect, page) => {
      await toMapping(connect, page);
    },
  });
  await shoot('check', {
    viewport: { width: 1280, height: 900 },
    act: async (connect, page) => {
      const mapping = await toMapping(connect, page);
      await mapping.continueLink.click();
      await new CheckPage(page).rejectedTable.waitFor();
    },
  });
}

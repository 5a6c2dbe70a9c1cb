// Screenshots of the File, Mapping and Check steps (docs/screenshots/file.png, mapping.png,
// check.png), taken by screenshots.mjs: each connects to the emulator, prepares the store-sales
// sample on the File step and opens the step from the page's own links.
import { shoot } from './shoot.mjs';
import { SAMPLE, SAMPLE_NOW } from './graph.mjs';
import { toFileStep } from './flow.mjs';
import { MappingPage } from './pages/mapping.mjs';
import { CheckPage } from './pages/check.mjs';

/** Take file.png, mapping.png and check.png. */
export async function shootMapping() {
  const readSample = async (connect, page) => {
    await page.clock.setFixedTime(SAMPLE_NOW);
    await connect.connectToEmulator();
    return toFileStep(connect, SAMPLE);
  };
  const toMapping = async (connect, page) => {
    const file = await readSample(connect, page);
    await file.continueLink.click();
    const mapping = new MappingPage(page);
    await mapping.preview.waitFor();
    return mapping;
  };
  await shoot('file', {
    viewport: { width: 1280, height: 900 },
    act: async (connect, page) => {
      await readSample(connect, page);
    },
  });
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

// The first steps most tests and screenshots share: open the app, connect to the emulator, and
// go on to File with a file prepared.
import { appUrl } from './browser.mjs';
import { token } from './graph.mjs';
import { ConnectPage } from './pages/connect.mjs';
import { FilePage } from './pages/file.mjs';
import { MappingPage } from './pages/mapping.mjs';
import { CheckPage } from './pages/check.mjs';
import { SendPage } from './pages/send.mjs';

/** Open Connect in `page` and connect to the emulator (as `as`, to `targetId`); throws unless connected. */
export async function connected(page, { as = token, targetId } = {}) {
  const connect = new ConnectPage(page);
  await connect.open(appUrl, '/connect');
  await connect.connectToEmulator({ token: as, targetId });
  return connect;
}

/** From a connected Connect step, go on to File and prepare `file` there when given. */
export async function toFileStep(connect, file) {
  const step = await FilePage.fromConnect(connect);
  if (file) await step.prepare(file);
  return step;
}

/** Connect, go on to File, and prepare `file` there when given; returns the File page. */
export async function onFileStep(page, file, options) {
  return toFileStep(await connected(page, options), file);
}

/** From a File step with a file prepared, go on through Mapping (as detected) to Check. */
export async function toCheckStep(file) {
  await file.continueLink.click();
  const mapping = new MappingPage(file.page);
  await mapping.columns.waitFor();
  await mapping.continueLink.click();
  const check = new CheckPage(file.page);
  await check.root.waitFor();
  return check;
}

/**
 * From a connected Connect step, send `file` through File, Mapping (as detected), Check and Send,
 * and wait until Send ends. Returns Check's summary, Send's final state and Send's counts.
 */
export async function sendThroughSteps(connect, file) {
  const page = connect.page;
  const check = await toCheckStep(await toFileStep(connect, file));
  const checked = await check.summary();
  await check.continueLink.click();
  const send = new SendPage(page);
  await send.panel.waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid="send-start"]')?.disabled);
  await send.start.click();
  const state = await send.waitFor(['done', 'stopped']);
  return { checked, state, counts: await send.counts() };
}

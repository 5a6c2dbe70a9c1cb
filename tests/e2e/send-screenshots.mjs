// Screenshots of the Send step (docs/screenshots/send.png mid-upload with a retry showing,
// send-done.png with the report), taken by screenshots.mjs.
// The sample file's rows are dated around 2026-11-20, so the page's and the emulator's clocks
// are set to that day for these shots (the emulator's is put back afterwards).
import { emulator } from './browser.mjs';
import { shoot } from './shoot.mjs';
import { SAMPLE, SAMPLE_NOW as NOW } from './graph.mjs';
import { toFileStep } from './flow.mjs';
import { SendPage } from './pages/send.mjs';

/** A few thousand valid rows (4 batches), each with its own order id. */
function generated(rows = 3_500) {
  const lines = ['email,phone,first name,last name,value,currency,time,order id'];
  for (let i = 0; i < rows; i++) {
    const day = String(1 + (i % 19)).padStart(2, '0'); // before "now" (2026-11-20)
    lines.push(`shot.${i}@example.org,+1 415 555 ${String(i % 10_000).padStart(4, '0')},Lee${i % 41},Wu${i % 37},${(i % 200) + 0.25},usd,2026-11-${day} 12:00:00,S-${i}`);
  }
  return { name: 'store-sales-november.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n') + '\n') };
}

/** Take send.png and send-done.png. */
export async function shootSend() {
  const clock = await emulator('/__emulator/clock');
  await emulator('/__emulator/clock', { method: 'POST', body: { now: Math.floor(NOW.getTime() / 1000) } });
  const toSend = (file) => async (connect, page) => {
    await page.clock.setFixedTime(NOW);
    await connect.connectToEmulator();
    await toFileStep(connect, file);
    const send = new SendPage(page);
    await send.openFromSteps();
    return send;
  };
  try {
    await shoot('send', {
      act: async (connect, page) => {
        const send = await toSend(generated())(connect, page);
        await send.start.click();
        await send.waitForBatches(1);
        // Meta throttles the next call and asks to wait about 20 s: the retry shows.
        const usage = JSON.stringify({ 100000000000001: [{ type: 'ads_management', call_count: 100, estimated_time_to_regain_access: 0.33 }] });
        await emulator('/__emulator/faults', { method: 'POST', body: { kind: 'throttle', code: 80004, usage, path: '/events' } });
        await send.retries.first().waitFor({ timeout: 30_000 });
      },
    });
    await emulator('/__emulator/faults', { method: 'DELETE' });
    await shoot('send-done', {
      act: async (connect, page) => {
        const send = await toSend(SAMPLE)(connect, page);
        await send.start.click();
        await send.waitFor(['done', 'stopped']);
      },
    });
  } finally {
    await emulator('/__emulator/faults', { method: 'DELETE' });
    await emulator('/__emulator/clock', { method: 'POST', body: { now: clock.fixed ? clock.now : null } });
  }
}

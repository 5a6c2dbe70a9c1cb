// Launch Debian's Chromium headless (Playwright never downloads a browser here) and record every
// request the page makes, so tests can prove that no raw personal data leaves the page.
import { chromium } from 'playwright-core';

export const appUrl = process.env.HASHDROP_APP_URL ?? 'http://127.0.0.1:8080';
export const emulatorUrl = process.env.HASHDROP_EMULATOR_URL ?? 'http://127.0.0.1:8787';

export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const context = await browser.newContext();
  const page = await context.newPage();
  const requests = [];
  page.on('request', (request) => {
    requests.push({ url: request.url(), method: request.method(), body: request.postData() ?? '' });
  });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(message.text());
  });
  return { browser, page, requests, errors };
}

/** Fail if any request's URL or body contains one of the raw values. */
export function assertNoRawValues(requests, rawValues, assert) {
  for (const request of requests) {
    for (const raw of rawValues) {
      const haystack = `${request.url}\n${request.body}`.toLowerCase();
      assert.ok(!haystack.includes(raw.toLowerCase()), `raw value sent in ${request.method} ${request.url}`);
    }
  }
}

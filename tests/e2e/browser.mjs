// Launch Debian's Chromium headless (Playwright never downloads a browser here) and record every
// request the page makes, so tests can prove that no raw personal data leaves the page.
import { chromium } from 'playwright-core';

export const appUrl = process.env.HASHDROP_APP_URL ?? 'http://127.0.0.1:8080';
export const emulatorUrl = process.env.HASHDROP_EMULATOR_URL ?? 'http://127.0.0.1:8787';

/** Launch headless Chromium; `viewport` e.g. `{ width: 390, height: 844 }` for a phone. */
export async function launch({ viewport } = {}) {
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
  const context = await browser.newContext(viewport ? { viewport } : {});
  const page = await context.newPage();
  // Record every Content-Security-Policy violation the page reports (the listener is injected
  // by the browser driver, not as page script, so the CSP itself does not block it).
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
    });
  });
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

/**
 * The personal cells of a CSV: the first `columns` cells of its first `rows` data rows (the
 * samples put the identifiers first), long enough to be telling.
 */
export function rawValues(csv, { rows = Infinity, columns = 7 } = {}) {
  return csv
    .split(/\r?\n/)
    .slice(1, 1 + rows)
    .flatMap((line) => line.split(',').slice(0, columns))
    .map((v) => v.trim())
    // Short hex-looking cells (zip codes) would be found inside hashes by chance.
    .filter((v) => v.length > 4 && !(v.length < 10 && /^[0-9a-f]+$/i.test(v)));
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

/** The CSP violations the page reported so far. */
export async function cspViolations(page) {
  return page.evaluate(() => window.__cspViolations ?? []);
}

/** Fail if any request's URL carries one of the secrets (tokens go in headers or bodies only). */
export function assertNotInUrls(requests, secrets, assert) {
  for (const request of requests) {
    for (const secret of secrets) {
      assert.ok(!request.url.includes(secret), `secret in the URL of ${request.method} ${request.url}`);
    }
  }
}

/** Call the emulator's control API (no token needed). */
export async function emulator(path, { method = 'GET', body } = {}) {
  const response = await fetch(`${emulatorUrl}${path}`, {
    method,
    headers: body ? { 'Content-Type': 'application/json' } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

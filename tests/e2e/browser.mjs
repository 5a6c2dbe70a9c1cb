// Launch the browser the run asks for (HASHDROP_E2E_BROWSER=chromium|firefox, default chromium),
// headless, from Debian's packages (nothing is ever downloaded), and record every request the page
// makes, so tests can prove that no raw personal data leaves the page.
//
// Two drivers behind one page-object layer:
// - Chromium keeps playwright-core. The suite and its page objects are written against
//   Playwright's locators (auto-waiting `getByTestId`, `fill`, `check`, `selectOption`, the fake
//   clock, downloads), and the screenshot and benchmark scripts use it too; it passes today.
// - Firefox goes through puppeteer-core over WebDriver BiDi. Playwright cannot drive stock
//   Firefox (it needs its own patched build, which no registry ships), and puppeteer-core drives
//   Debian's firefox-esr with nothing else installed (no geckodriver, no browser download).
//   `./firefox.mjs` gives its page the subset of Playwright's Page and Locator API the page
//   objects use, so every test runs unchanged in both engines.
// The one thing BiDi does not give is a request's body (`HTTPRequest.postData()` throws), so the
// privacy scan reads the bodies where they arrive: the emulator's record of every raw request
// (`GET /__emulator/requests`), the same in both browsers.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const appUrl = process.env.HASHDROP_APP_URL ?? 'http://127.0.0.1:8080';
export const emulatorUrl = process.env.HASHDROP_EMULATOR_URL ?? 'http://127.0.0.1:8787';
/** `chromium` or `firefox`. */
export const browserName = process.env.HASHDROP_E2E_BROWSER ?? 'chromium';
if (!['chromium', 'firefox'].includes(browserName)) {
  throw new Error(`HASHDROP_E2E_BROWSER must be chromium or firefox, not ${browserName}`);
}

/** The emulator's request numbering when this process launched its first browser. */
let wireMark = null;

/** Record every CSP violation the page reports (injected by the driver, so the CSP allows it). */
function recordCspViolations() {
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
  });
}

/** Headless Chromium from Debian's package with the suite's flags; its first page. */
export async function launchChromium(viewport) {
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
  return { browser, page };
}

/**
 * Launch the headless browser; `viewport` e.g. `{ width: 390, height: 844 }` for a phone.
 * Returns `{ browser, page, requests, errors }`: `requests` holds `{ url, method, body }` for every
 * request the page made (`body` is '' where the driver cannot read it: Firefox).
 */
/**
 * Firefox logs a file the service worker was answering (the app's wasm) as failed to load when
 * a reload cancels that load: the page that asked for it is gone, and the reloaded page loads
 * normally. Chromium logs nothing for the same reload. Every test still asserts what the
 * reloaded page shows, so a service worker that really fails to answer fails those assertions.
 */
const LEFT_PAGE_FETCH = /A ServiceWorker intercepted the request and encountered an unexpected error/;

export async function launch({ viewport } = {}) {
  const since = (await emulator('/__emulator/requests?since=9007199254740991')).next;
  if (wireMark === null) wireMark = since;
  const { browser, page } =
    browserName === 'firefox' ? await (await import('./firefox.mjs')).launchFirefox(viewport) : await launchChromium(viewport);
  await page.addInitScript(recordCspViolations);
  const requests = [];
  // Where this session's calls start in the emulator's record (see `graphCalls`).
  Object.defineProperty(requests, 'wireSince', { value: since });
  page.on('request', (request) => {
    let body = '';
    try {
      body = request.postData() ?? '';
    } catch {
      // WebDriver BiDi gives no request bodies; the wire record has them.
    }
    requests.push({ url: request.url(), method: request.method(), body });
  });
  const errors = [];
  const record = (text) => LEFT_PAGE_FETCH.test(text) || errors.push(text);
  page.on('pageerror', (error) => record(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') record(message.text());
  });
  return { browser, page, requests, errors };
}

/**
 * Run `body` with a fresh browser session (see `launch`), then assert that the page reported no
 * CSP violation and no error other than those matching `expectedErrors` (Chromium logs every
 * Graph error answer, a 4xx, as a console error: a test that provokes one names it). `now`, a
 * `Date`, fixes the page's clock first. The browser is closed whatever happens.
 */
export async function withSession(body, { now, expectedErrors = [] } = {}) {
  const session = await launch();
  try {
    if (now) await session.page.clock.setFixedTime(now);
    await body(session);
    assert.deepEqual(await cspViolations(session.page), [], 'no CSP violation');
    const errors = session.errors.filter((e) => !expectedErrors.some((re) => re.test(e)));
    assert.deepEqual(errors, [], 'no page error');
  } finally {
    await session.browser.close();
  }
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

/** `text` and its form-decoded reading (a form body writes `@` as `%40`, a space as `+`). */
function readings(text) {
  try {
    return [text, decodeURIComponent(text.replace(/\+/g, ' '))];
  } catch {
    return [text];
  }
}

/**
 * Every request body the emulator received since `since` (by default since this process launched
 * its first browser), raw, as `{ url, method, body }`. Fails unless the record is complete
 * (nothing reset or dropped since).
 */
export async function wireRequests(assert, since = wireMark ?? 0) {
  const log = await emulator(`/__emulator/requests?since=${since}`);
  assert.ok(log.complete, 'the emulator kept every request body since the browser started');
  return log.data.map((r) => ({ url: `${emulatorUrl}${r.url}`, method: r.method, body: r.body ?? '' }));
}

/**
 * Fail if any request's URL or body contains one of the raw values: the requests the page made
 * as the browser reported them, and every body as it arrived at the emulator (the only place
 * Firefox's bodies can be read; in Chromium both must agree). Bodies are also read form-decoded.
 */
export async function assertNoRawValues(requests, rawValues, assert) {
  // From the start of the session that recorded `requests`, when it is a session's list.
  const wire = await wireRequests(assert, requests.wireSince ?? wireMark ?? 0);
  const toEmulator = requests.filter((r) => r.url.startsWith(emulatorUrl) && !r.url.startsWith(`${emulatorUrl}/__emulator`));
  assert.ok(wire.length >= toEmulator.length, `the wire record holds the page's ${toEmulator.length} Graph calls`);
  for (const request of [...requests, ...wire]) {
    const haystacks = readings(`${request.url}\n${request.body}`).map((text) => text.toLowerCase());
    for (const raw of rawValues) {
      const needle = raw.toLowerCase();
      assert.ok(!haystacks.some((h) => h.includes(needle)), `raw value sent in ${request.method} ${request.url}`);
    }
  }
}

/**
 * The Graph calls the page of `requests`'s session made to URLs starting with `prefix`, as the
 * emulator received them: `{ url, method, params }`, where `method` is what Graph reads (the
 * `method` override, else the HTTP method) and `params` every parameter of the query and the form
 * body but the token. Only the page's calls (they carry its `Origin`), not the test's own.
 */
export async function graphCalls(requests, prefix) {
  const log = await emulator(`/__emulator/requests?since=${requests.wireSince ?? 0}`);
  const origin = new URL(appUrl).origin;
  return log.data
    .filter((r) => r.origin === origin && `${emulatorUrl}${r.url}`.startsWith(prefix))
    .map((r) => {
      const url = `${emulatorUrl}${r.url}`;
      const params = new URL(url).searchParams;
      if ((r.content_type ?? '').startsWith('application/x-www-form-urlencoded')) {
        for (const [key, value] of new URLSearchParams(r.body ?? '')) params.append(key, value);
      }
      const method = (params.get('method') ?? r.method).toUpperCase();
      params.delete('method');
      params.delete('access_token');
      return { url, method, params };
    });
}

/** The CSP violations the page reported so far. */
export async function cspViolations(page) {
  return page.evaluate(() => window.__cspViolations ?? []);
}

/** Fail if any request's URL carries one of the secrets (tokens go in bodies only). */
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

// "Log in with Facebook" against the emulator's consent page, in a pop-up: the whole token flow
// (the token arrives in the pop-up's fragment, leaves its address at once, reaches the page, and
// connects), an answer with another state refused, a cancel said plainly; and a login token that
// expires in the middle of a long upload pauses Send, asks to log in again and, after the new
// login, goes on without sending an accepted batch twice (the emulator's record of requests says
// which batch went how often).
import { test, before, after, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { appUrl, emulatorUrl, emulator, assertNotInUrls, wireRequests, withSession as inSession } from './browser.mjs';
import { DATASET, SAMPLE_NOW as NOW } from './graph.mjs';
import { ConnectPage } from './pages/connect.mjs';
import { FilePage } from './pages/file.mjs';
import { SendPage } from './pages/send.mjs';
import { popupFrom, loginStatus } from './login.mjs';

/** The emulator's seeded app (crates/emulator/src/oauth.rs). */
const APP_ID = '800000000000008';
const ROWS = 3_500; // 4 batches

let clock;
let lifetime;
before(async () => {
  clock = await emulator('/__emulator/clock');
  lifetime = (await emulator('/__emulator/oauth')).expires_in;
  await emulator('/__emulator/clock', { method: 'POST', body: { now: NOW.getTime() / 1000 } });
});
after(async () => {
  await emulator('/__emulator/clock', { method: 'POST', body: { now: clock.fixed ? clock.now : null } });
  await emulator('/__emulator/oauth', { method: 'POST', body: { expires_in: lifetime } });
  await emulator('/__emulator/faults', { method: 'DELETE' });
});
beforeEach(async () => {
  await emulator('/__emulator/faults', { method: 'DELETE' });
  await emulator('/__emulator/reset', { method: 'POST' });
});

/** A browser session with the page's clock at the sample's time (see browser.mjs). */
const withSession = (body, options = {}) => inSession(body, { now: NOW, ...options });

/** Connect with the emulator as the endpoint and the dataset as the target, without a token. */
async function openConnect(page) {
  const connect = new ConnectPage(page);
  await connect.open(appUrl, '/connect');
  await connect.endpointEmulator.check();
  await connect.emulatorUrl.fill(emulatorUrl);
  await connect.targetId.fill(DATASET);
  await page.getByTestId('connect-app-id').fill(APP_ID);
  return connect;
}

/** Press `button`, answer the consent page with `decision`; returns what the page showed. */
async function logIn(session, button, decision = 'allow', { forgeState } = {}) {
  const popup = await popupFrom(session, () => button.click());
  const consent = await popup.consent();
  if (forgeState) await popup.forgeState(forgeState);
  await popup.answer(decision);
  return consent;
}

/** The tokens the login dialog issued (registered tokens outlive a reset: only login ones here). */
const tokens = async () => Object.keys((await emulator('/__emulator/tokens')).data).filter((t) => t.startsWith('EAAH'));

test('the whole login: consent page, token back through the fragment, connected, nothing stored or in a URL', async () => {
  await withSession(async (session) => {
    const { page, requests } = session;
    const connect = await openConnect(page);
    const login = page.getByTestId('connect-login');
    const before = await tokens();
    const consent = await logIn(session, login);
    assert.equal(consent.app, 'hashdrop Demo App');
    assert.deepEqual(consent.scopes, ['ads_management', 'business_management', 'ads_read']);
    assert.ok(consent.app && consent.state, 'the consent page names the app and carries the state');
    assert.equal(consent.redirect, `${new URL(appUrl).origin}/connect`);
    assert.match(consent.state, /^[0-9a-f]{32}$/, 'a random state of 128 bits');
    const status = await loginStatus(page, ['done', 'error']);
    assert.equal(status.state, 'done', JSON.stringify(status));
    // The token the dialog issued is the one in use, and the login checked the connection.
    const issued = (await tokens()).filter((t) => !before.includes(t));
    assert.equal(issued.length, 1);
    assert.equal(await connect.token.inputValue(), issued[0]);
    await page.waitForFunction(() => document.querySelector('[data-testid="connect-status"]')?.dataset.state === 'connected');
    // Kept in memory only; in no URL the page or the pop-up asked for; not in the address.
    assert.equal(await page.evaluate(() => localStorage.getItem('hashdrop.token')), null);
    assert.equal(new URL(page.url()).hash, '');
    assertNotInUrls(requests, issued, assert);
    const wire = await wireRequests(assert, requests.wireSince);
    assertNotInUrls(wire, issued, assert);
    // "Remember" keeps a login token like a pasted one.
    await connect.remember.check();
    assert.equal(await page.evaluate(() => localStorage.getItem('hashdrop.token')), issued[0]);
    // A second login gives a new token that replaces the first.
    await logIn(session, login);
    await page.waitForFunction((first) => {
      const input = document.querySelector('[data-testid="connect-token"]');
      return input && input.value && input.value !== first;
    }, issued[0]);
    assert.equal((await tokens()).length, before.length + 2);
    assert.equal((await loginStatus(page, ['done'])).state, 'done');
  });
});

test('an answer carrying another state is refused, and a cancel is said plainly', async () => {
  await withSession(async (session) => {
    const { page } = session;
    const connect = await openConnect(page);
    const login = page.getByTestId('connect-login');
    const issuedBefore = (await tokens()).length;
    await logIn(session, login, 'allow', { forgeState: 'f'.repeat(32) });
    let status = await loginStatus(page, ['done', 'error']);
    assert.deepEqual([status.state, status.problem], ['error', 'login_state_mismatch']);
    assert.match(status.text, /did not ask for/);
    assert.equal(await connect.token.inputValue(), '', 'the forged answer gave no token');
    // The emulator did issue one: only the page's check refused it.
    assert.equal((await tokens()).length, issuedBefore + 1);
    await logIn(session, login, 'cancel');
    await page.waitForFunction(() => document.querySelector('[data-testid="connect-login-status"]')?.dataset.problem === 'login_cancelled');
    status = await loginStatus(page, ['error']);
    assert.deepEqual([status.state, status.problem], ['error', 'login_cancelled']);
    assert.match(status.text, /cancelled/);
    await connect.langZh.click();
    assert.match(await page.getByTestId('connect-login-status').textContent(), /登录已取消/);
    assert.equal(await connect.token.inputValue(), '');
    // Without an app id there is no dialog to open.
    await page.getByTestId('connect-app-id').fill('');
    await login.click();
    status = await loginStatus(page, ['error']);
    assert.equal(status.problem, 'login_no_app_id');
  });
});

/** `rows` store sales, every row valid, each with its own order id (and so event id). */
function generatedCsv(rows = ROWS) {
  const lines = ['email,phone,value,currency,time,order id'];
  for (let i = 0; i < rows; i++) {
    const day = String(1 + (i % 19)).padStart(2, '0');
    lines.push(`Login.${i}@Example.org,+1 415 555 ${String(i % 10_000).padStart(4, '0')},${(i % 300) + 0.5},usd,2026-11-${day} 09:30:00,L-${i}`);
  }
  return { name: 'login-sales.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n') + '\n') };
}

test('a login token that expires mid-upload pauses Send; after a new login it goes on, no accepted batch resent', async () => {
  await emulator('/__emulator/oauth', { method: 'POST', body: { expires_in: 600 } });
  // Slow answers, so the clock can be moved past the token's expiry while the upload runs.
  await emulator('/__emulator/faults', { method: 'POST', body: { kind: 'slow', delay_ms: 1500, path: '/events', count: 8 } });
  await withSession(async (session) => {
    const { page } = session;
    const connect = await openConnect(page);
    await logIn(session, page.getByTestId('connect-login'));
    await page.waitForFunction(() => document.querySelector('[data-testid="connect-status"]')?.dataset.state === 'connected');
    const file = await FilePage.fromConnect(connect);
    await file.prepare(generatedCsv());
    const send = new SendPage(page);
    await send.openFromSteps();
    assert.equal((await send.counts()).batchesTotal, 4);
    await send.start.click();
    await send.waitForBatches(1);
    // Ten minutes and a second later on the emulator's clock: the login token has expired.
    await emulator('/__emulator/clock', { method: 'POST', body: { now: NOW.getTime() / 1000 + 601 } });
    assert.equal(await send.waitFor(['login-needed', 'stopped', 'done'], 60_000), 'login-needed');
    await page.getByTestId('send-login-needed').waitFor();
    const accepted = (await send.counts()).batches;
    assert.ok(accepted >= 1 && accepted < 4, `paused after ${accepted} batches`);
    assert.equal((await emulator(`/__emulator/events?target=${DATASET}`)).unique, accepted * 1000);
    // Log in again from Send: the upload goes on by itself.
    await logIn(session, page.getByTestId('send-login'));
    await send.waitFor(['running', 'done', 'stopped'], 60_000);
    assert.equal(await send.waitFor(['done', 'stopped', 'login-needed'], 60_000), 'done');
    const got = await emulator(`/__emulator/events?target=${DATASET}`);
    assert.equal(got.unique, ROWS, 'no event lost');
    assert.equal(got.duplicates, 0, 'no event sent twice');
    // The record of requests: each batch by its first event id; only the one refused for the
    // expired token went twice (refused, then accepted with the new token).
    const posts = (await wireRequests(assert, session.requests.wireSince)).filter((r) => r.method === 'POST' && /\/events$/.test(new URL(r.url).pathname));
    const firstIds = posts.map((r) => JSON.parse(new URLSearchParams(r.body).get('data'))[0].event_id);
    const times = new Map();
    for (const id of firstIds) times.set(id, (times.get(id) ?? 0) + 1);
    assert.equal(times.size, 4, 'every batch was posted');
    const twice = [...times.values()].filter((n) => n === 2).length;
    assert.deepEqual([twice, posts.length], [1, 5], JSON.stringify([...times]));
    const rows = await send.reportRows();
    assert.deepEqual(rows.map((r) => r.status), Array(4).fill('accepted'));
  }, { expectedErrors: [/status of 400/] });
});

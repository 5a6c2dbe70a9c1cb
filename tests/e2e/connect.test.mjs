// Connect against the emulator: a good token names the dataset, a bad one gets the 190 message, a
// token without access gets the permission message; presets come from the address, the token
// never does, and the token is in no URL and in storage only after opting in.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { launch, appUrl, emulatorUrl, emulator, cspViolations, assertNotInUrls, assertNoRawValues } from './browser.mjs';
import { token, DATASET, graph } from './graph.mjs';
import { ConnectPage } from './pages/connect.mjs';

let datasetName;

before(async () => {
  await emulator('/__emulator/tokens', { method: 'POST', body: { token: 'e2e-other-business', allow: ['100000000000009'] } });
  await emulator('/__emulator/tokens', { method: 'POST', body: { token: 'e2e-expired', allow: ['*'], expired: true } });
  datasetName = (await graph(`/${DATASET}?fields=name`)).name;
  assert.ok(datasetName, 'the emulator names its seeded dataset');
});

async function withConnect(body, path = '/connect') {
  const session = await launch();
  try {
    const connect = new ConnectPage(session.page);
    await connect.open(appUrl, path);
    await body({ ...session, connect });
    assert.deepEqual(await cspViolations(session.page), [], 'no CSP violation');
  } finally {
    await session.browser.close();
  }
}

test('a good token connects and names the dataset; the token is in no URL and not stored', async () => {
  await withConnect(async ({ page, connect, requests, errors }) => {
    await connect.fillForEmulator({ token, emulatorUrl });
    assert.equal(await connect.endpointBadge.getAttribute('data-endpoint'), 'emulator');
    assert.equal(await connect.endpointUrl.textContent(), emulatorUrl);
    const result = await connect.check();
    assert.equal(result.state, 'connected');
    assert.equal(result.text, `Connected to ${datasetName}`);
    const call = requests.find((r) => r.url.startsWith(`${emulatorUrl}/v24.0/${DATASET}`));
    assert.ok(call, 'the dataset was read from the emulator');
    assertNotInUrls(requests, [token], assert);
    assert.deepEqual(await page.evaluate(() => localStorage.getItem('hashdrop.token')), null);
    await connect.next.click();
    await page.waitForURL(/\/file$/);
    assert.equal(await page.getByTestId('step-requirement').count(), 0, 'File no longer asks to connect');
    assert.deepEqual(errors, []);
  });
});

test('a wrong token gets the error 190 message, in both languages', async () => {
  await withConnect(async ({ connect }) => {
    await connect.fillForEmulator({ token: 'not-a-real-token', emulatorUrl });
    const result = await connect.check();
    assert.deepEqual([result.state, result.problem], ['error', 'token_invalid']);
    assert.match(result.text, /not valid \(error 190\)/);
    await connect.langZh.click();
    assert.match(await connect.statusText.textContent(), /访问口令无效（错误 190）/);
  });
});

test('an expired token and a token without access to the dataset are told apart', async () => {
  await withConnect(async ({ connect }) => {
    await connect.fillForEmulator({ token: 'e2e-expired', emulatorUrl });
    let result = await connect.check();
    assert.deepEqual([result.state, result.problem], ['error', 'token_expired']);
    await connect.token.fill('e2e-other-business');
    result = await connect.check();
    assert.deepEqual([result.state, result.problem], ['error', 'permission']);
    assert.match(result.text, /may not use this dataset/);
  });
});

test('bad input is caught before any request', async () => {
  await withConnect(async ({ connect, requests }) => {
    await connect.endpointEmulator.check();
    await connect.emulatorUrl.fill(emulatorUrl);
    const before = requests.length;
    let result = await connect.check();
    assert.deepEqual([result.state, result.problem], ['invalid', 'token_missing']);
    await connect.token.fill(token);
    await connect.targetId.fill('pixel-4');
    result = await connect.check();
    assert.deepEqual([result.state, result.problem], ['invalid', 'invalid_target_id']);
    await connect.targetId.fill(DATASET);
    await connect.emulatorUrl.fill('https://evil.example');
    result = await connect.check();
    assert.deepEqual([result.state, result.problem], ['invalid', 'endpoint_not_allowed']);
    assert.equal(requests.length, before, 'nothing was sent');
  });
});

test('the address presets endpoint and version, never the token, and loses any token in it', async () => {
  const query = `?graph=${encodeURIComponent(emulatorUrl)}&v=v23.0&token=leaked-1&access_token=leaked-2`;
  await withConnect(async ({ page, connect, requests }) => {
    await page.waitForURL((url) => url.pathname === '/connect');
    const url = new URL(page.url());
    assert.equal(url.searchParams.get('graph'), emulatorUrl);
    assert.equal(url.searchParams.get('v'), 'v23.0');
    assert.equal(url.searchParams.has('token') || url.searchParams.has('access_token'), false);
    assert.equal(await connect.endpointEmulator.isChecked(), true);
    assert.equal(await connect.emulatorUrl.inputValue(), emulatorUrl);
    assert.equal(await connect.version.inputValue(), 'v23.0');
    assert.equal(await connect.token.inputValue(), '');
    assert.equal(await connect.endpointUrl.textContent(), emulatorUrl);
    await connect.presetNotice.waitFor();
    await connect.tokenStripped.waitFor();
    await connect.token.fill(token);
    await connect.targetId.fill(DATASET);
    assert.equal((await connect.check()).state, 'connected');
    assert.ok(requests.some((r) => r.url.startsWith(`${emulatorUrl}/v23.0/`)), 'the preset version is used');
    // Only the page's own first navigation carried what the person typed into the address.
    assertNotInUrls(requests.slice(1), ['leaked-1', 'leaked-2', token], assert);
  }, `/${query}`);
});

test('remembering the token is an explicit opt-in, and "forget" removes it', async () => {
  await withConnect(async ({ page, connect }) => {
    await connect.fillForEmulator({ token, emulatorUrl });
    assert.equal(await connect.remember.isChecked(), false);
    assert.equal(await page.evaluate(() => localStorage.getItem('hashdrop.token')), null);
    await connect.remember.check();
    assert.equal(await page.evaluate(() => localStorage.getItem('hashdrop.token')), token);
    await page.reload();
    await connect.pageTitle.waitFor();
    assert.equal(await connect.token.inputValue(), token);
    assert.equal(await connect.remember.isChecked(), true);
    await connect.forget.click();
    assert.equal(await page.evaluate(() => localStorage.getItem('hashdrop.token')), null);
    assert.equal(await connect.token.inputValue(), '');
    assert.equal(await connect.remember.isChecked(), false);
    await page.getByTestId('connect-forgotten').waitFor();
  });
});

test('the hashing try-out hashes in the page and sends nothing raw', async () => {
  await withConnect(async ({ page, connect, requests }) => {
    const raw = 'John_Smith@gmail.com';
    await connect.tryEmail.fill(raw);
    await page.waitForFunction(
      () => document.querySelector('[data-testid="try-email-hash"]')?.textContent?.length === 64,
    );
    assert.equal(
      await connect.tryEmailHash.textContent(),
      '62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f',
    );
    await connect.tryEmail.fill('not-an-address');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="try-email-hash"]')?.textContent?.startsWith('em:'),
    );
    await assertNoRawValues(requests, [raw, 'not-an-address'], assert);
  });
});

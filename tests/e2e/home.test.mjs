// The built app loads its WebAssembly core and hashes in the page, sending nothing raw.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, appUrl, assertNoRawValues } from './browser.mjs';
import { HomePage } from './pages/home.mjs';

test('the app renders with Leptos and hashes an e-mail address in the page', async () => {
  const { browser, page, requests, errors } = await launch();
  try {
    const home = new HomePage(page);
    await home.open(appUrl);
    assert.equal(await home.title.textContent(), 'hashdrop');

    const raw = 'John_Smith@gmail.com';
    await home.typeEmail(raw);
    await page.waitForFunction(
      () => document.querySelector('[data-testid="try-email-hash"]')?.textContent?.length === 64,
    );
    assert.equal(
      await home.emailHash.textContent(),
      '62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f',
    );

    await home.typeEmail('not-an-address');
    await page.waitForFunction(
      () => document.querySelector('[data-testid="try-email-hash"]')?.textContent?.startsWith('em:'),
    );

    assertNoRawValues(requests, [raw, 'not-an-address'], assert);
    assert.ok(requests.some((r) => r.url.endsWith('.wasm')), 'the wasm core was loaded');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

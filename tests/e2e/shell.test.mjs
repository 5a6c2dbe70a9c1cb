// The app shell: every step has a URL, the step indicator follows it, both languages work, the
// layout holds in a narrow window, every control is labelled, and the CSP holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, appUrl, cspViolations } from './browser.mjs';
import { Shell, STEPS } from './pages/shell.mjs';
import { LATER_STEPS } from './pages/later-steps.mjs';

async function withPage(options, body) {
  const session = await launch(options);
  try {
    await body(session);
    assert.deepEqual(await cspViolations(session.page), [], 'no CSP violation');
    assert.deepEqual(session.errors, [], 'no page error');
  } finally {
    await session.browser.close();
  }
}

test('the root redirects to /connect and the step indicator marks it', async () => {
  await withPage({}, async ({ page, requests }) => {
    const shell = new Shell(page);
    await shell.open(appUrl, '/');
    await page.waitForURL(/\/connect$/);
    assert.equal(await shell.currentStep(), 'connect');
    assert.equal(await shell.title.textContent(), 'hashdrop');
    assert.ok(requests.some((r) => r.url.endsWith('.wasm')), 'the wasm app was loaded');
  });
});

test('every step is reachable by URL and says what it needs first', async () => {
  // File, Mapping and Check are local work (no connection, no token); Send needs a connection.
  const needs = { file: null, mapping: '/file', check: '/file', send: '/connect' };
  await withPage({}, async ({ page }) => {
    for (const [name, Page] of Object.entries(LATER_STEPS)) {
      const screen = new Page(page);
      await screen.open(appUrl, `/${name}`);
      await screen.root.waitFor();
      assert.equal(await screen.currentStep(), name);
      if (needs[name] === null) {
        assert.equal(await screen.requirement.count(), 0, `${name} asks for nothing first`);
      } else {
        assert.equal(await screen.requirementLink.getAttribute('href'), needs[name]);
      }
    }
    // With no target connected, File asks which API's payload to prepare.
    await new Shell(page).open(appUrl, '/file');
    assert.equal(await page.getByTestId('file-shape-capi').isChecked(), true);
    // Clicking a step navigates inside the app (no reload) and updates the indicator.
    const shell = new Shell(page);
    await shell.step('connect').click();
    await page.waitForURL(/\/connect$/);
    assert.equal(await shell.currentStep(), 'connect');
    assert.deepEqual(
      await page.getByTestId('steps').locator('a').evaluateAll((links) => links.map((a) => a.getAttribute('href'))),
      STEPS.map((s) => `/${s}`),
    );
  });
});

test('an unknown address shows a not-found page with a way back', async () => {
  await withPage({}, async ({ page }) => {
    const shell = new Shell(page);
    await shell.open(appUrl, '/nowhere');
    assert.equal(await shell.pageTitle.textContent(), 'Page not found');
    assert.equal(await shell.currentStep(), null);
  });
});

test('the language switch turns the UI into Simplified Chinese and is remembered', async () => {
  await withPage({}, async ({ page }) => {
    const shell = new Shell(page);
    await shell.open(appUrl, '/connect');
    assert.equal(await shell.pageTitle.textContent(), 'Connect to Meta');
    assert.equal(await shell.langEn.getAttribute('aria-pressed'), 'true');
    await shell.langZh.click();
    assert.equal(await shell.pageTitle.textContent(), '连接 Meta');
    assert.equal(await shell.step('mapping').textContent(), '3字段映射');
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hans');
    assert.equal(await shell.langZh.getAttribute('aria-pressed'), 'true');
    await page.reload();
    await shell.pageTitle.waitFor();
    assert.equal(await shell.pageTitle.textContent(), '连接 Meta');
    // Only the language is stored: nothing personal.
    const stored = await page.evaluate(() => Object.keys(localStorage));
    assert.deepEqual(stored, ['hashdrop.lang']);
    await shell.langEn.click();
    assert.equal(await shell.pageTitle.textContent(), 'Connect to Meta');
  });
});

test('the layout fits a narrow window without sideways scrolling', async () => {
  await withPage({ viewport: { width: 360, height: 740 } }, async ({ page }) => {
    const shell = new Shell(page);
    for (const name of STEPS) {
      await shell.open(appUrl, `/${name}`);
      assert.equal(await shell.horizontalOverflow(), 0, `/${name} scrolls sideways`);
    }
  });
});

test('every control has an accessible name and the keyboard reaches the skip link first', async () => {
  await withPage({}, async ({ page }) => {
    const shell = new Shell(page);
    await shell.open(appUrl, '/connect');
    await page.getByTestId('connect-endpoint-emulator').check();
    const unlabelled = await page.locator('input, button, select, textarea, a').evaluateAll((elements) =>
      elements
        .filter((el) => {
          const byFor = el.id && document.querySelector(`label[for="${el.id}"]`)?.textContent.trim();
          const own = (el.getAttribute('aria-label') ?? el.textContent ?? '').trim();
          return !byFor && !own;
        })
        .map((el) => el.outerHTML.slice(0, 80)),
    );
    assert.deepEqual(unlabelled, []);
    // From a fresh load, the first Tab stop is the skip link.
    await page.reload();
    await shell.pageTitle.waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'skip-link');
    await page.keyboard.press('Enter');
    // Tab onwards reaches the token field before anything in the side panel.
    for (let i = 0; i < 10; i += 1) {
      if ((await page.evaluate(() => document.activeElement?.dataset.testid)) === 'connect-token') break;
      await page.keyboard.press('Tab');
    }
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'connect-token');
  });
});

test('the page runs under its Content-Security-Policy with no inline script', async () => {
  await withPage({}, async ({ page }) => {
    const shell = new Shell(page);
    await shell.open(appUrl, '/connect');
    const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval';/);
    assert.match(csp, /connect-src 'self' https:\/\/graph\.facebook\.com http:\/\/127\.0\.0\.1:\* http:\/\/localhost:\*;/);
    assert.match(csp, /default-src 'none'/);
    assert.equal(await page.locator('script:not([src])').count(), 0, 'no inline script');
    const external = await page.evaluate(() =>
      [...document.querySelectorAll('script[src], link[href]')]
        .map((el) => el.src || el.href)
        .filter((url) => new URL(url).origin !== location.origin),
    );
    assert.deepEqual(external, [], 'no third-party script, style or font');
    // The header file static hosts read adds frame-ancestors (a meta CSP cannot).
    const headers = await (await fetch(new URL('/_headers', appUrl))).text();
    assert.match(headers, /Content-Security-Policy: default-src 'none';.*frame-ancestors 'none'/);
  });
});

// The page hosted the way people host static sites: the production build under a sub-path
// (`/hashdrop/`, a GitHub project page) on a GitHub Pages-like server. Deep links, reloads and
// navigation stay under the base; the production Content-Security-Policy connects to Graph and
// the page's own origin only; the scripts carry Subresource Integrity, and an altered wasm is
// refused.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launch, browserName, cspViolations, emulatorUrl } from './browser.mjs';
import { pagesUrl, base } from './hosted.mjs';
import { Shell, STEPS } from './pages/shell.mjs';

async function withPage(body, { clean = true } = {}) {
  const session = await launch();
  try {
    await body(session);
    if (clean) {
      assert.deepEqual(await cspViolations(session.page), [], 'no CSP violation');
      // GitHub Pages answers a deep link with 404.html and status 404, which the browser logs.
      const errors = session.errors.filter((e) => !/status of 404/.test(e));
      assert.deepEqual(errors, [], 'no page error');
    }
  } finally {
    await session.browser.close();
  }
}

test('a deep link under the base opens its screen (the host answers with 404.html)', async () => {
  await withPage(async ({ page }) => {
    const response = await page.goto(new URL('manage/sets', pagesUrl).href);
    assert.equal(response.status(), 404, 'GitHub Pages answers 404 with the app');
    await page.getByTestId('page-manage-sets').waitFor();
    assert.equal(new URL(page.url()).pathname, `${base}manage/sets`);
    assert.equal(await page.getByTestId('manage-tab-sets').getAttribute('aria-current'), 'page');
    assert.equal(await page.getByTestId('step-requirement-link').getAttribute('href'), `${base}connect`);
  });
});

test('a reload on a step keeps the step, and the root of the base goes to Connect', async () => {
  await withPage(async ({ page }) => {
    const shell = new Shell(page);
    await shell.open(pagesUrl, 'mapping');
    assert.equal(await shell.currentStep(), 'mapping');
    await page.reload();
    await shell.pageTitle.waitFor();
    assert.equal(new URL(page.url()).pathname, `${base}mapping`);
    assert.equal(await shell.currentStep(), 'mapping');
    assert.equal(await page.getByTestId('step-requirement-link').getAttribute('href'), `${base}file`);
    await shell.open(pagesUrl, '');
    await page.waitForURL((url) => url.pathname === `${base}connect`);
    assert.equal(await shell.currentStep(), 'connect');
  });
});

test('every link stays under the base and navigates inside the app', async () => {
  await withPage(async ({ page }) => {
    const shell = new Shell(page);
    await shell.open(pagesUrl, 'connect');
    const links = await page.locator('a[href]').evaluateAll((all) => all.map((a) => a.getAttribute('href')));
    const outside = links.filter((href) => href.startsWith('/') && !href.startsWith(base));
    assert.deepEqual(outside, [], 'no absolute link leaves the base');
    assert.deepEqual(
      await shell.steps.locator('a').evaluateAll((all) => all.map((a) => a.getAttribute('href'))),
      STEPS.map((step) => `${base}${step}`),
    );
    // A marker in the window survives client-side navigation only (a reload would drop it).
    await page.evaluate(() => {
      window.__sameDocument = true;
    });
    await shell.step('file').click();
    await page.waitForURL((url) => url.pathname === `${base}file`);
    assert.equal(await shell.currentStep(), 'file');
    await page.getByTestId('nav-manage').click();
    await page.getByTestId('page-manage-sets').waitFor();
    await page.getByTestId('manage-tab-stats').click();
    await page.getByTestId('page-manage-stats').waitFor();
    assert.equal(new URL(page.url()).pathname, `${base}manage/stats`);
    assert.equal(await page.getByTestId('manage-tab-stats').getAttribute('aria-current'), 'page');
    await page.getByTestId('app-title').click();
    await page.waitForURL((url) => url.pathname === `${base}connect`);
    assert.equal(await page.evaluate(() => window.__sameDocument), true, 'no reload');
    // An address under the base that is no screen: the app's own not-found page.
    await shell.open(pagesUrl, 'nowhere');
    assert.equal(await shell.pageTitle.textContent(), 'Page not found');
  });
});

test('the production policy connects to Graph and the page itself only', async () => {
  await withPage(
    async ({ page }) => {
      const shell = new Shell(page);
      await shell.open(pagesUrl, 'connect');
      const csp = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
      assert.match(csp, /connect-src 'self' https:\/\/graph\.facebook\.com;/);
      assert.doesNotMatch(csp, /127\.0\.0\.1|localhost/);
      const tryFetch = (url) =>
        page.evaluate(async (target) => {
          try {
            await fetch(target);
            return 'answered';
          } catch {
            return 'refused';
          }
        }, url);
      // The page's own origin is allowed.
      assert.equal(await tryFetch(new URL('index.html', pagesUrl).href), 'answered');
      // Any other origin is refused by the policy before a request leaves: the local emulator
      // (which `serve`'s development policy allows) and another site.
      assert.equal(await tryFetch(`${emulatorUrl}/v24.0/me`), 'refused');
      assert.equal(await tryFetch('https://example.com/collect'), 'refused');
      const violations = await cspViolations(page);
      assert.ok(
        violations.some((v) => v.startsWith('connect-src') && v.includes(new URL(emulatorUrl).host)),
        `the emulator call is a connect-src violation: ${violations}`,
      );
      assert.ok(
        violations.some((v) => v.startsWith('connect-src') && v.includes('example.com')),
        `the other site is a connect-src violation: ${violations}`,
      );
    },
    { clean: false },
  );
});

test('the scripts carry Subresource Integrity and an altered wasm is refused', async (t) => {
  await withPage(async ({ page }) => {
    const shell = new Shell(page);
    await shell.open(pagesUrl, 'connect');
    const unchecked = await page.evaluate(() =>
      [...document.querySelectorAll('script[src], link[rel="modulepreload"], link[rel="preload"], link[rel="stylesheet"]')]
        .filter((el) => !/^sha384-[A-Za-z0-9+/]+=*$/.test(el.integrity))
        .map((el) => el.outerHTML),
    );
    assert.deepEqual(unchecked, [], 'every script, preload and style has an integrity value');
    const boot = page.locator('script[data-hashdrop-wasm]');
    assert.match(await boot.getAttribute('data-hashdrop-wasm-integrity'), /^sha384-/);
  });
  if (browserName !== 'chromium') {
    t.diagnostic('altering a response in flight needs Playwright request routing (Chromium)');
    return;
  }
  await withPage(
    async ({ page, errors }) => {
      await page.route('**/*_bg.wasm', async (route) => {
        const response = await route.fetch();
        const body = await response.body();
        body[body.length - 1] ^= 0xff;
        await route.fulfill({ response, body });
      });
      await page.goto(new URL('connect', pagesUrl).href);
      await page.waitForFunction(() => false, null, { timeout: 3_000 }).catch(() => {});
      assert.equal(await page.getByTestId('page-title').count(), 0, 'the app did not start');
      assert.ok(errors.some((e) => /integrity/i.test(e)), `an integrity error: ${errors}`);
    },
    { clean: false },
  );
});

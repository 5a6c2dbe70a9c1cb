// "Log in with Facebook" driven from a test, in both engines: the app opens the login dialog in a
// pop-up; these helpers find that pop-up (Playwright's `popup` event in Chromium, puppeteer's new
// target in Firefox), wait for the emulator's consent page in it and press a button there.
import { browserName } from './browser.mjs';

const TIMEOUT = 30_000;
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** The pop-up opened by `click()` (a function clicking the page's login button). */
export async function popupFrom(session, click) {
  if (browserName === 'firefox') {
    const opened = session.browser.waitForTarget((target) => target.url().includes('/dialog/oauth'), { timeout: TIMEOUT });
    await click();
    const page = await (await opened).page();
    return new Popup((fn, arg) => page.evaluate(fn, arg));
  }
  // Any new page of the context: the page's Cross-Origin-Opener-Policy may cut the pop-up off
  // from its opener, and it is still the pop-up.
  const [page] = await Promise.all([session.page.context().waitForEvent('page', { timeout: TIMEOUT }), click()]);
  return new Popup((fn, arg) => page.evaluate(fn, arg));
}

/** The login dialog's pop-up: evaluated into, never trusted to survive a navigation. */
class Popup {
  constructor(evaluate) {
    this.evaluate = evaluate;
  }

  /** `fn(arg)` in the pop-up once it returns something truthy (retried across navigations). */
  async until(fn, arg, what) {
    const deadline = Date.now() + TIMEOUT;
    for (;;) {
      try {
        const value = await this.evaluate(fn, arg);
        if (value) return value;
      } catch {
        // Navigating, or not yet the page we wait for.
      }
      if (Date.now() > deadline) throw new Error(`the login pop-up never showed ${what}`);
      await sleep(100);
    }
  }

  /** The consent page as the emulator shows it: app name, scopes and the state it will send back. */
  async consent() {
    return this.until(
      () => {
        const form = document.querySelector('[data-testid="oauth-form"]');
        if (!form) return null;
        return {
          app: document.querySelector('[data-testid="oauth-app-name"]').textContent,
          scopes: [...document.querySelectorAll('li[data-testid="oauth-scope"]')].map((li) => li.dataset.scope),
          state: form.querySelector('input[name="state"]').value,
          redirect: form.querySelector('input[name="redirect_uri"]').value,
        };
      },
      undefined,
      'the consent page',
    );
  }

  /** Replace the state the dialog will send back (a forged answer). */
  async forgeState(state) {
    await this.consent();
    await this.evaluate((forged) => {
      document.querySelector('[data-testid="oauth-form"] input[name="state"]').value = forged;
    }, state);
  }

  /** Press Continue (`allow`) or Cancel (`cancel`) on the consent page. */
  async answer(decision) {
    await this.consent();
    const id = decision === 'allow' ? 'oauth-continue' : 'oauth-cancel';
    // Clicked after this evaluation returns: the click navigates the pop-up away.
    await this.evaluate((testid) => {
      setTimeout(() => document.querySelector(`[data-testid="${testid}"]`).click(), 0);
    }, id);
  }
}

/** Wait until the Connect step's login status is one of `states`; returns `{ state, problem, text }`. */
export async function loginStatus(page, states) {
  await page.waitForFunction(
    (wanted) => wanted.includes(document.querySelector('[data-testid="connect-login-status"]')?.dataset.state),
    states,
  );
  return page.evaluate(() => {
    const status = document.querySelector('[data-testid="connect-login-status"]');
    return { state: status.dataset.state, problem: status.dataset.problem ?? null, text: status.textContent };
  });
}

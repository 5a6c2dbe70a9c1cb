// Debian's firefox-esr through puppeteer-core (WebDriver BiDi), dressed in the part of
// Playwright's Page and Locator API that the page objects use, so the suite runs unchanged.
//
// A locator is a chain of steps (CSS, test id, text, label, nth, filter) resolved inside the page
// each time it is used, like Playwright's: nothing is looked up until an action needs it, and
// actions wait until their element is there. Input goes through puppeteer (real clicks and key
// presses); `fill` and `selectOption` set the value and fire `input` and `change`, as Playwright
// does for these elements.
import puppeteer from 'puppeteer-core';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TIMEOUT = 30_000;
const POLL_MS = 50;

/** Launch headless firefox-esr; the viewport defaults to Playwright's 1280×720. */
export async function launchFirefox(viewport) {
  const downloads = await mkdtemp(join(tmpdir(), 'hashdrop-ff-downloads-'));
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX ?? '/usr/bin/firefox-esr',
    headless: true,
    // HASHDROP_FF_DEBUG=1: Firefox's output, with the page's and its workers' console, on stdout.
    dumpio: !!process.env.HASHDROP_FF_DEBUG,
    defaultViewport: viewport ?? { width: 1280, height: 720 },
    extraPrefsFirefox: {
      // Downloads go to a temporary folder without asking (the tests read them in the page).
      'browser.download.folderList': 2,
      'browser.download.dir': downloads,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      'browser.download.start_downloads_in_tmp_dir': true,
      ...(process.env.HASHDROP_FF_DEBUG ? { 'devtools.console.stdout.content': true } : {}),
    },
  });
  const page = await browser.newPage();
  // Installed before any page script runs, and without `eval` (the app's CSP forbids it).
  await page.evaluateOnNewDocument(installLocators);
  await page.evaluateOnNewDocument(captureDownloads);
  return { browser, page: new FirefoxPage(page) };
}

/**
 * In the page: remember each object URL's blob and every `<a download>` clicked, so that a test
 * can read what a download held (`waitForEvent('download')`).
 */
function captureDownloads() {
  const blobs = new Map();
  const createObjectURL = URL.createObjectURL.bind(URL);
  URL.createObjectURL = (object) => {
    const url = createObjectURL(object);
    if (object instanceof Blob) blobs.set(url, object);
    return url;
  };
  window.__downloads = [];
  const click = HTMLAnchorElement.prototype.click;
  HTMLAnchorElement.prototype.click = function () {
    if (this.hasAttribute('download')) {
      const blob = blobs.get(this.href);
      const entry = { name: this.getAttribute('download') || this.href.split('/').pop(), text: null };
      window.__downloads.push(entry);
      (blob ? blob.text() : fetch(this.href).then((r) => r.text())).then((text) => {
        entry.text = text;
      });
    }
    return click.call(this);
  };
}

/** In the page: `window.__hdResolve(chain)`, the elements a locator chain names. */
function installLocators() {
  window.__hdResolve = resolve;
  function resolve(chain) {
    const isVisible = (el) => {
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      return style.visibility !== 'hidden' && style.display !== 'none' && box.width > 0 && box.height > 0;
    };
    const labelText = (el) => {
      const texts = [el.getAttribute('aria-label') ?? ''];
      for (const label of el.labels ?? []) texts.push(label.textContent ?? '');
      for (const id of (el.getAttribute('aria-labelledby') ?? '').split(/\s+/).filter(Boolean)) {
        texts.push(document.getElementById(id)?.textContent ?? '');
      }
      return texts.map((t) => t.replace(/\s+/g, ' ').trim());
    };
    const run = (steps, roots) => {
      let current = roots;
      for (const step of steps) {
        if (step.kind === 'css') {
          const found = new Set();
          for (const root of current) for (const el of root.querySelectorAll(step.selector)) found.add(el);
          current = [...found];
        } else if (step.kind === 'text') {
          const norm = (t) => (t ?? '').replace(/\s+/g, ' ').trim();
          const wanted = norm(step.text);
          const matches = (el) => (step.exact ? norm(el.textContent) === wanted : norm(el.textContent).toLowerCase().includes(wanted.toLowerCase()));
          const found = [];
          for (const root of current) {
            // The scope itself counts, as in Playwright (`getByTestId('cell').getByText(name)`).
            const candidates = root === document ? root.querySelectorAll('*') : [root, ...root.querySelectorAll('*')];
            for (const el of candidates) {
              // The innermost elements holding the text, as Playwright picks them.
              if (matches(el) && ![...el.children].some(matches)) found.push(el);
            }
          }
          current = found;
        } else if (step.kind === 'label') {
          const found = [];
          for (const root of current) {
            for (const el of root.querySelectorAll('input, select, textarea, button, [aria-label], [aria-labelledby]')) {
              if (labelText(el).some((t) => (step.exact ? t === step.text : t.includes(step.text)))) found.push(el);
            }
          }
          current = found;
        } else if (step.kind === 'nth') {
          const el = step.index < 0 ? current[current.length + step.index] : current[step.index];
          current = el ? [el] : [];
        } else if (step.kind === 'has') {
          current = current.filter((el) => run(step.chain, [el]).length > 0);
        } else if (step.kind === 'visible') {
          current = current.filter(isVisible);
        }
      }
      return current;
    };
    return run(chain, [document]);
  }
}

/** In the page: whether the chain's first element is in `state`. */
function inState(chain, state) {
  const el = window.__hdResolve(chain)[0];
  const visible = (e) => {
    if (!e || !e.isConnected) return false;
    const style = getComputedStyle(e);
    const box = e.getBoundingClientRect();
    return style.visibility !== 'hidden' && style.display !== 'none' && box.width > 0 && box.height > 0;
  };
  switch (state) {
    case 'attached':
      return !!el;
    case 'detached':
      return !el;
    case 'hidden':
      return !visible(el);
    default:
      return visible(el);
  }
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

/** Poll `check` until it returns a truthy value or `timeout` ms pass. */
async function poll(check, timeout, what) {
  const until = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await sleep(POLL_MS);
  }
}

class FirefoxLocator {
  constructor(page, chain) {
    this.page = page;
    this.chain = chain;
  }

  get raw() {
    return this.page.raw;
  }

  #with(step) {
    return new FirefoxLocator(this.page, [...this.chain, step]);
  }

  toString() {
    return `locator ${JSON.stringify(this.chain)}`;
  }

  locator(selector) {
    return this.#with({ kind: 'css', selector });
  }

  getByTestId(id) {
    return this.locator(`[data-testid="${id}"]`);
  }

  getByText(text, { exact = false } = {}) {
    return this.#with({ kind: 'text', text, exact });
  }

  getByLabel(text, { exact = false } = {}) {
    return this.#with({ kind: 'label', text, exact });
  }

  nth(index) {
    return this.#with({ kind: 'nth', index });
  }

  first() {
    return this.nth(0);
  }

  last() {
    return this.nth(-1);
  }

  filter({ has, visible } = {}) {
    let next = this;
    if (has) next = next.#with({ kind: 'has', chain: has.chain });
    if (visible) next = next.#with({ kind: 'visible' });
    return next;
  }

  /** The elements now, as a handle to an array. */
  async #all() {
    return this.raw.evaluateHandle((chain) => window.__hdResolve(chain), this.chain);
  }

  /** The first element once it is in `state` (default: attached). */
  async #element({ state = 'attached', timeout = TIMEOUT } = {}) {
    await this.waitFor({ state, timeout });
    const handle = await this.raw.evaluateHandle((chain) => window.__hdResolve(chain)[0], this.chain);
    const element = handle.asElement();
    if (!element) throw new Error(`${this} is gone`);
    return element;
  }

  async waitFor({ state = 'visible', timeout = TIMEOUT } = {}) {
    await poll(() => this.raw.evaluate(inState, this.chain, state), timeout, `${this} to be ${state}`);
  }

  async count() {
    return this.raw.evaluate((chain) => window.__hdResolve(chain).length, this.chain);
  }

  async evaluate(fn, arg) {
    const element = await this.#element();
    return element.evaluate(fn, arg);
  }

  async evaluateAll(fn, arg) {
    const all = await this.#all();
    try {
      return await all.evaluate(fn, arg);
    } finally {
      await all.dispose();
    }
  }

  async getAttribute(name) {
    return this.evaluate((el, attribute) => el.getAttribute(attribute), name);
  }

  async textContent() {
    return this.evaluate((el) => el.textContent);
  }

  async innerText() {
    const element = await this.#element({ state: 'visible' });
    return element.evaluate((el) => el.innerText);
  }

  async inputValue() {
    return this.evaluate((el) => el.value);
  }

  async isChecked() {
    return this.evaluate((el) => el.checked);
  }

  async isDisabled() {
    return this.evaluate((el) => !!el.disabled);
  }

  async isEnabled() {
    return !(await this.isDisabled());
  }

  async isVisible() {
    return this.raw.evaluate(inState, this.chain, 'visible');
  }

  /** The first element once visible and enabled, scrolled into view. */
  async #actionable(timeout = TIMEOUT) {
    await poll(
      () =>
        this.raw.evaluate(
          (chain) => {
            const el = window.__hdResolve(chain)[0];
            if (!el || el.disabled) return false;
            const box = el.getBoundingClientRect();
            const style = getComputedStyle(el);
            return box.width > 0 && box.height > 0 && style.visibility !== 'hidden';
          },
          this.chain,
        ),
      timeout,
      `${this} to be visible and enabled`,
    );
    const element = await this.#element();
    await element.evaluate((el) => el.scrollIntoView({ block: 'center', inline: 'center' }));
    return element;
  }

  async click({ timeout = TIMEOUT } = {}) {
    const element = await this.#actionable(timeout);
    await element.click();
  }

  async focus() {
    const element = await this.#element();
    await element.focus();
  }

  async press(key) {
    const element = await this.#element();
    await element.focus();
    await this.page.keyboard.press(key);
  }

  async type(text) {
    const element = await this.#actionable();
    await element.type(text);
  }

  async fill(value) {
    const element = await this.#actionable();
    await element.focus();
    await element.evaluate((el, text) => {
      const prototype = el instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype : HTMLInputElement.prototype;
      Object.getOwnPropertyDescriptor(prototype, 'value').set.call(el, text);
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    }, String(value));
  }

  async check() {
    if (!(await this.isChecked())) await this.click();
    if (!(await this.isChecked())) throw new Error(`${this} did not become checked`);
  }

  async uncheck() {
    if (await this.isChecked()) await this.click();
    if (await this.isChecked()) throw new Error(`${this} did not become unchecked`);
  }

  async selectOption(value) {
    const element = await this.#actionable();
    const chosen = await element.evaluate((select, wanted) => {
      const option = [...select.options].find((o) => o.value === wanted) ?? [...select.options].find((o) => o.label.trim() === wanted);
      if (!option) return null;
      select.value = option.value;
      select.dispatchEvent(new Event('input', { bubbles: true }));
      select.dispatchEvent(new Event('change', { bubbles: true }));
      return option.value;
    }, String(value));
    if (chosen === null) throw new Error(`${this} has no option ${value}`);
    return [chosen];
  }

  /** A path, or `{ name, mimeType, buffer }` (written to a temporary file of that name). */
  async setInputFiles(file) {
    const element = await this.#element();
    let path = file;
    if (typeof file !== 'string') {
      const dir = await mkdtemp(join(tmpdir(), 'hashdrop-ff-upload-'));
      path = join(dir, file.name);
      await writeFile(path, file.buffer);
    }
    await element.uploadFile(path);
  }
}

class FirefoxPage {
  constructor(page) {
    this.raw = page;
    this.keyboard = page.keyboard;
    this.clock = {
      /** Like Playwright's: `Date.now()` and `new Date()` say `time`; timers keep running. */
      setFixedTime: async (time) => {
        const ms = new Date(time).getTime();
        await page.evaluateOnNewDocument(fixDate, ms);
        await page.evaluate(fixDate, ms);
      },
    };
  }

  locator(selector) {
    return new FirefoxLocator(this, [{ kind: 'css', selector }]);
  }

  getByTestId(id) {
    return this.locator(`[data-testid="${id}"]`);
  }

  getByText(text, options) {
    return new FirefoxLocator(this, []).getByText(text, options);
  }

  getByLabel(text, options) {
    return new FirefoxLocator(this, []).getByLabel(text, options);
  }

  /** Playwright's `page.getAttribute(selector, name)`. */
  async getAttribute(selector, name) {
    return this.locator(selector).getAttribute(name);
  }

  on(event, listener) {
    this.raw.on(event, listener);
    return this;
  }

  async addInitScript(script, arg) {
    await this.raw.evaluateOnNewDocument(script, arg);
  }

  async goto(url) {
    return this.raw.goto(url, { waitUntil: 'load' });
  }

  async reload() {
    return this.raw.reload({ waitUntil: 'load' });
  }

  url() {
    return this.raw.url();
  }

  async evaluate(fn, arg) {
    return this.raw.evaluate(fn, arg);
  }

  /** Playwright's argument order: `(fn, arg, { timeout })`. */
  async waitForFunction(fn, arg, { timeout = TIMEOUT } = {}) {
    return this.raw.waitForFunction(fn, { timeout, polling: POLL_MS }, arg);
  }

  async waitForURL(match, { timeout = TIMEOUT } = {}) {
    const matches = (href) => (typeof match === 'function' ? match(new URL(href)) : match instanceof RegExp ? match.test(href) : href === match);
    await poll(() => matches(this.raw.url()), timeout, `the URL to match ${match}`);
  }

  async waitForTimeout(ms) {
    await sleep(ms);
  }

  async screenshot(options) {
    return this.raw.screenshot(options);
  }

  /** Only `download`: the next `<a download>` the page clicks, read in the page. */
  async waitForEvent(event, { timeout = TIMEOUT } = {}) {
    if (event !== 'download') throw new Error(`waitForEvent(${event}) is not supported in Firefox`);
    const before = await this.raw.evaluate(() => window.__downloads.length);
    const entry = await poll(
      () => this.raw.evaluate((n) => (window.__downloads[n]?.text != null ? window.__downloads[n] : null), before),
      timeout,
      'a download',
    );
    return {
      suggestedFilename: () => entry.name,
      createReadStream: async () => [Buffer.from(entry.text, 'utf8')],
      path: async () => null,
    };
  }
}

/** In the page: a `Date` whose `now()` and no-argument constructor say `ms`. */
function fixDate(ms) {
  const RealDate = window.__realDate ?? Date;
  window.__realDate = RealDate;
  class FixedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(ms);
      else super(...args);
    }

    static now() {
      return ms;
    }
  }
  window.Date = FixedDate;
}

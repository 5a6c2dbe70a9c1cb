// Page object for what every screen shares: header, endpoint badge, language switch, steps.
export const STEPS = ['connect', 'file', 'mapping', 'check', 'send'];

export class Shell {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    this.page = page;
    this.title = page.getByTestId('app-title');
    this.pageTitle = page.getByTestId('page-title');
    this.endpointBadge = page.getByTestId('endpoint-badge');
    this.endpointUrl = page.getByTestId('endpoint-url');
    this.steps = page.getByTestId('steps');
    this.langEn = page.getByTestId('lang-en');
    this.langZh = page.getByTestId('lang-zh');
    this.privacyNote = page.getByTestId('privacy-note');
  }

  /** Open `path` (with its query) under the app's base URL and wait for the app to render. */
  async open(baseUrl, path = '/') {
    await this.page.goto(new URL(path, baseUrl).href);
    await this.pageTitle.waitFor();
  }

  /** How many pixels the page is wider than the window (0 when it never scrolls sideways). */
  async horizontalOverflow() {
    return this.page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth));
  }

  step(name) {
    return this.page.getByTestId(`step-${name}`);
  }

  async currentStep() {
    for (const name of STEPS) {
      if ((await this.step(name).getAttribute('aria-current')) === 'step') return name;
    }
    return null;
  }
}

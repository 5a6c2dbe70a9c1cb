// Page objects for the management screens (/manage/sets, /manage/tracking, /manage/stats,
// /manage/insights). Each action's status element has `data-state` idle / working / done / error.
import { Shell } from './shell.mjs';

export class ManagePage extends Shell {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    super(page);
    this.navLink = page.getByTestId('nav-manage');
    this.tabs = page.getByTestId('manage-tabs');
    this.requirement = page.getByTestId('step-requirement');
  }

  /** The element with this test id. */
  id(testid) {
    return this.page.getByTestId(testid);
  }

  /** Go to the management screens through the header link (keeps the in-memory token). */
  async openFromNav() {
    await this.navLink.click();
    await this.page.getByTestId('page-manage-sets').waitFor();
  }

  /** Switch to one screen with its tab: `sets`, `tracking`, `stats`, `insights`. */
  async tab(name) {
    await this.id(`manage-tab-${name}`).click();
    await this.page.getByTestId(`page-manage-${name}`).waitFor();
  }

  /** Press `button` and wait until the status `status` settled; its state, problem and text. */
  async act(button, status) {
    return this.settle(status, () => this.id(button).click());
  }

  /** Wait until the status `status` settled again after `action()` (e.g. a click that is not its button). */
  async settle(status, action) {
    const before = await this.id(status).getAttribute('data-version');
    await action();
    await this.page.waitForFunction(
      ([testid, previous]) => {
        const element = document.querySelector(`[data-testid="${testid}"]`);
        const state = element?.dataset.state;
        return (state === 'done' || state === 'error') && element.dataset.version !== previous;
      },
      [status, before],
    );
    const element = this.id(status);
    return {
      state: await element.getAttribute('data-state'),
      problem: await element.getAttribute('data-problem'),
      text: await this.id(`${status}-text`).textContent(),
    };
  }

  /** Press the "Try again" button of a failed status and wait for the new outcome. */
  async retry(status) {
    return this.settle(status, () => this.id(`${status}-retry`).click());
  }

  /** The ids of the rows of the sets / datasets list. */
  async listedIds() {
    return this.id('sets-table').evaluate((table) =>
      [...table.querySelectorAll('tbody tr')].map((tr) => tr.dataset.testid.replace('sets-row-', '')),
    );
  }

  /** The cells of a table's body, row by row. */
  async tableRows(testid) {
    return this.id(testid).evaluate((table) =>
      [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim())),
    );
  }

  /** The header cells of a table. */
  async tableHeaders(testid) {
    return this.id(testid).evaluate((table) => [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim()));
  }

  /** The drawn lines of a chart (plotters' series polylines are 2 px wide). */
  async chartLines(testid) {
    return this.id(testid).evaluate((figure) => figure.querySelectorAll('svg polyline[stroke-width="2"]').length);
  }

  /** Click a CSV download button and return the downloaded text. */
  async downloadCsv(testid) {
    const [download] = await Promise.all([this.page.waitForEvent('download'), this.id(testid).click()]);
    const stream = await download.createReadStream();
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    return { name: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
  }
}

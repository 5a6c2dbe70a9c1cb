// Page object for step 4, Check: the summary, reasons, coverage, rejected rows and the report.
import { Shell } from './shell.mjs';

export class CheckPage extends Shell {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    super(page);
    this.root = page.getByTestId('page-check');
    this.lowCoverage = page.getByTestId('check-low-coverage');
    this.nothingAccepted = page.getByTestId('check-nothing-accepted');
    this.rejectedTable = page.getByTestId('check-rejected-table');
    this.position = page.getByTestId('check-page-position');
    this.previous = page.getByTestId('check-page-previous');
    this.next = page.getByTestId('check-page-next');
    this.downloadButton = page.getByTestId('check-download');
    this.downloadHashedButton = page.getByTestId('check-download-hashed');
    this.back = page.getByTestId('check-back');
    this.continueLink = page.getByTestId('check-continue');
  }

  /** The summary's counts as numbers. */
  async summary() {
    const read = async (name) => Number(await this.page.getByTestId(`check-${name}`).textContent());
    return { rows: await read('rows'), accepted: await read('accepted'), rejected: await read('rejected'), warnings: await read('warnings') };
  }

  /** `{ code: count }` of a counts table (`check-reasons` or `check-warning-codes`). */
  async counts(testid = 'check-reasons') {
    return this.page.getByTestId(`${testid}-row`).evaluateAll((rows) =>
      Object.fromEntries(rows.map((tr) => [tr.dataset.code, Number(tr.dataset.count)])),
    );
  }

  /** `{ key: { rows, low } }` of the coverage table. */
  async coverage() {
    return this.page.getByTestId('check-coverage-row').evaluateAll((rows) =>
      Object.fromEntries(rows.map((tr) => [tr.dataset.key, { rows: Number(tr.dataset.rows), low: tr.dataset.low === 'true' }])),
    );
  }

  /** The rejected rows on the current page: `{ row, column, code }`. */
  async rejectedRows() {
    return this.page.getByTestId('check-rejected-row').evaluateAll((rows) =>
      rows.map((tr) => ({ row: Number(tr.dataset.row), column: tr.dataset.column || null, code: tr.dataset.code })),
    );
  }

  /** Download the rejection report: `{ name, text }`. */
  async downloadReport() {
    return this.download(this.downloadButton);
  }

  /** "Download the hashed file": `{ name, text }`. */
  async downloadHashed() {
    return this.download(this.downloadHashedButton);
  }

  /** Click a download button and return the downloaded `{ name, text }`. */
  async download(button) {
    const [download] = await Promise.all([this.page.waitForEvent('download'), button.click()]);
    const stream = await download.createReadStream();
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    return { name: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
  }
}

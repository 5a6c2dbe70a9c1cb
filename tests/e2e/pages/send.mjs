// Page object for step 5, Send: controls, progress, retries, stop notice and the report.
import { Shell } from './shell.mjs';

export class SendPage extends Shell {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    super(page);
    this.root = page.getByTestId('page-send');
    this.panel = page.getByTestId('send-panel');
    this.start = page.getByTestId('send-start');
    this.pause = page.getByTestId('send-pause');
    this.resume = page.getByTestId('send-resume');
    this.cancel = page.getByTestId('send-cancel');
    this.dryRun = page.getByTestId('send-dry-run');
    this.preprocess = page.getByTestId('send-preprocess');
    this.forget = page.getByTestId('send-forget');
    this.resumeNotice = page.getByTestId('send-resume-notice');
    this.completeNotice = page.getByTestId('send-complete-notice');
    this.progressBar = page.getByTestId('send-progress-bar');
    this.status = page.getByTestId('send-status');
    this.retries = page.getByTestId('send-retry');
    this.stop = page.getByTestId('send-stop');
    this.report = page.getByTestId('send-report');
    this.reportDownload = page.getByTestId('send-report-download');
    this.skipRejected = page.getByTestId('send-skip-rejected');
    this.skippedDownload = page.getByTestId('send-skipped-download');
  }

  /** The rows Meta rejected and the upload skipped: CSV row, batch, Graph's code and reason. */
  async skippedRows() {
    return this.page.getByTestId('send-skipped-row').evaluateAll((rows) =>
      rows.map((row) => ({
        row: Number(row.dataset.row),
        batch: Number(row.dataset.batch),
        code: Number(row.dataset.code),
        reason: row.querySelector('[data-testid="send-skipped-reason"]')?.textContent ?? '',
      })),
    );
  }

  /** Go to Send from the step indicator (an in-app navigation: the prepared file stays). */
  async openFromSteps() {
    await this.step('send').click();
    await this.panel.waitFor();
    // Start is enabled once the saved progress has been read from IndexedDB.
    await this.page.waitForFunction(() => {
      const start = document.querySelector('[data-testid="send-start"]');
      return !start || !start.disabled;
    });
  }

  /** `idle`, `running`, `paused`, `done`, `stopped`, `dry-run`, … */
  async state() {
    return this.panel.getAttribute('data-state');
  }

  /** Wait until the panel is in one of `states`. */
  async waitFor(states, timeout = 60_000) {
    await this.page.waitForFunction(
      (wanted) => wanted.includes(document.querySelector('[data-testid="send-panel"]')?.dataset.state),
      states,
      { timeout },
    );
    return this.state();
  }

  /** Wait until at least `n` batches are accepted. */
  async waitForBatches(n, timeout = 60_000) {
    await this.page.waitForFunction(
      (want) => Number(document.querySelector('[data-testid="send-batches-done"]')?.textContent) >= want,
      n,
      { timeout },
    );
  }

  /** The counts as numbers. */
  async counts() {
    const read = async (id) => Number(await this.page.getByTestId(id).textContent());
    return {
      batches: await read('send-batches-done'),
      batchesTotal: await read('send-batches-total'),
      events: await read('send-events-done'),
      eventsTotal: await read('send-events-total'),
      received: await read('send-events-received'),
    };
  }

  /** The report's rows: batch number, status, events received, fbtrace_id. */
  async reportRows() {
    return this.page.locator('[data-testid^="send-report-row-"]').evaluateAll((rows) =>
      rows.map((row) => {
        const n = row.dataset.testid.replace('send-report-row-', '');
        return {
          batch: Number(n),
          status: row.dataset.status,
          received: row.querySelector(`[data-testid="send-report-received-${n}"]`)?.textContent ?? '',
          trace: row.querySelector(`[data-testid="send-report-trace-${n}"]`)?.textContent ?? '',
        };
      }),
    );
  }

  /** Click a download button and return the downloaded text. */
  async download(button) {
    const [download] = await Promise.all([this.page.waitForEvent('download'), button.click()]);
    const stream = await download.createReadStream();
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    return { name: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
  }
}

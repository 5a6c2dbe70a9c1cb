// Page object for step 2, File: the drop zone, the worker's progress and the summary.
import { Shell } from './shell.mjs';

export class FilePage extends Shell {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    super(page);
    this.root = page.getByTestId('page-file');
    this.reader = page.getByTestId('file-reader');
    this.drop = page.getByTestId('file-drop');
    this.input = page.getByTestId('file-input');
    this.eventName = page.getByTestId('file-event-name');
    this.progress = page.getByTestId('file-progress');
    this.progressBar = page.getByTestId('file-progress-bar');
    this.progressRows = page.getByTestId('file-progress-rows');
    this.progressRate = page.getByTestId('file-progress-rate');
    this.progressLeft = page.getByTestId('file-progress-left');
    this.summaryBox = page.getByTestId('file-summary');
    this.error = page.getByTestId('file-error');
    this.continueLink = page.getByTestId('file-continue');
  }

  /** Share the next files among `count` workers: the `?workers=N` address parameter (for tests
   *  and benchmarks; by default one a core, at most 8), set without reloading the page. */
  async useWorkers(count) {
    await this.page.evaluate((n) => {
      const url = new URL(location.href);
      url.searchParams.set('workers', String(n));
      history.replaceState(history.state, '', url);
    }, count);
  }

  /** `idle`, `reading`, `done` or `failed`. */
  async state() {
    return this.reader.getAttribute('data-state');
  }

  /** Choose a file: a path, or `{ name, mimeType, buffer }`. */
  async choose(file) {
    await this.input.setInputFiles(file);
  }

  /** Go on from a connected Connect step and wait for the drop zone. */
  static async fromConnect(connect) {
    await connect.next.click();
    const file = new FilePage(connect.page);
    await file.drop.waitFor();
    return file;
  }

  /** Choose `file` and wait until it is prepared; throws unless the reader is `done`. */
  async prepare(file) {
    await this.choose(file);
    const state = await this.waitForEnd();
    if (state !== 'done') {
      const why = (await this.error.count()) ? await this.error.getAttribute('data-code') : 'no error shown';
      throw new Error(`the file was not prepared: ${state} (${why})`);
    }
  }

  /** Wait until the worker answered (summary or error). */
  async waitForEnd(timeout = 30_000) {
    await this.page.waitForFunction(
      () => ['done', 'failed'].includes(document.querySelector('[data-testid="file-reader"]')?.dataset.state),
      null,
      { timeout },
    );
    return this.state();
  }

  /** The summary's counts as numbers. */
  async summary() {
    const read = async (name) => Number(await this.page.getByTestId(`file-summary-${name}`).textContent());
    return {
      rows: await read('rows'),
      accepted: await read('accepted'),
      rejected: await read('rejected'),
      warnings: await read('warnings'),
      batches: await read('batches'),
    };
  }
}

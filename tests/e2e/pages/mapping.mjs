// Page object for step 3, Mapping: the column table, presets and file settings, Apply, saved
// mappings and the preview of the first rows after normalization.
import { Shell } from './shell.mjs';

export class MappingPage extends Shell {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    super(page);
    this.root = page.getByTestId('page-mapping');
    this.status = page.getByTestId('mapping-status');
    this.columns = page.getByTestId('mapping-columns');
    this.eventName = page.getByTestId('mapping-event-name');
    this.currency = page.getByTestId('mapping-currency');
    this.actionSource = page.getByTestId('mapping-action-source');
    this.dateOrder = page.getByTestId('mapping-date-order');
    this.timeZone = page.getByTestId('mapping-time-zone');
    this.country = page.getByTestId('mapping-country');
    this.decimal = page.getByTestId('mapping-decimal');
    this.problems = page.getByTestId('mapping-problems');
    this.applyButton = page.getByTestId('mapping-apply');
    this.saveButton = page.getByTestId('mapping-save');
    this.saveStatus = page.getByTestId('mapping-save-status');
    this.savedOffer = page.getByTestId('mapping-saved-offer');
    this.savedUse = page.getByTestId('mapping-saved-use');
    this.savedForget = page.getByTestId('mapping-saved-forget');
    this.preview = page.getByTestId('mapping-preview');
    this.continueLink = page.getByTestId('mapping-continue');
    this.uploadTag = page.getByTestId('mapping-upload-tag');
    this.namespaceId = page.getByTestId('mapping-namespace-id');
    this.configExport = page.getByTestId('mapping-config-export');
    this.configImport = page.getByTestId('mapping-config-import');
    this.configImported = page.getByTestId('mapping-config-imported');
    this.configError = page.getByTestId('mapping-config-error');
  }

  /** How column `index` was detected: target, confidence, reason codes, counts, and the words shown. */
  async detected(index) {
    return this.page.getByTestId(`mapping-detected-${index}`).evaluate((td) => ({
      target: td.dataset.target,
      confidence: td.dataset.confidence,
      reason: td.dataset.reason,
      sampled: Number(td.dataset.sampled),
      matching: Number(td.dataset.matching),
      text: td.textContent,
    }));
  }

  /** What the select of column `index` shows for its choice (the word) and the code beside it. */
  async shownTarget(index) {
    const select = this.page.getByTestId(`mapping-target-${index}`);
    return {
      word: await select.evaluate((el) => el.selectedOptions[0]?.textContent ?? ''),
      code: await this.page.getByTestId(`mapping-code-${index}`).textContent(),
    };
  }

  /** `{ column: target }` as the column table shows it (`ignore`, `em`, `event_time`, `custom`, …). */
  async mapping() {
    return this.page.evaluate(() =>
      Object.fromEntries(
        [...document.querySelectorAll('[data-testid^="mapping-column-"]')].map((row) => [row.dataset.column, row.dataset.choice]),
      ),
    );
  }

  /** The select of the column named `column`. */
  target(column) {
    return this.page.locator(`tr[data-column="${column}"] select[data-testid^="mapping-target-"]`);
  }

  /** Choose `value` (`ignore`, a match key, an event field or `custom`) for `column`. */
  async choose(column, value) {
    await this.target(column).selectOption(value);
  }

  /** The problem codes shown. */
  async problemCodes() {
    return this.page.getByTestId('mapping-problem').evaluateAll((items) => items.map((li) => li.dataset.problem));
  }

  /** The summary's counts as numbers (from `data-count`: the text groups digits for people). */
  async summary() {
    const read = async (name) => Number(await this.page.getByTestId(`mapping-summary-${name}`).getAttribute('data-count'));
    return { rows: await read('rows'), accepted: await read('accepted'), rejected: await read('rejected'), warnings: await read('warnings') };
  }

  /** Press Apply and wait until the worker prepared the file again; returns the status state. */
  async apply(timeout = 30_000) {
    await this.applyButton.click();
    return this.waitForPrepared(timeout);
  }

  /** Wait until the status says `done` or `failed`. */
  async waitForPrepared(timeout = 30_000) {
    await this.page.waitForFunction(
      () => ['done', 'failed'].includes(document.querySelector('[data-testid="mapping-status"]')?.dataset.state),
      null,
      { timeout },
    );
    return this.status.getAttribute('data-state');
  }

  /** The preview rows: `{ row, outcome, cells: [{ column, key, normalized, sent }] }`. */
  async previewRows() {
    return this.page.evaluate(() =>
      [...document.querySelectorAll('[data-testid^="mapping-preview-row-"]')].map((tr) => ({
        row: Number(tr.querySelector('th').textContent),
        outcome: tr.dataset.outcome,
        cells: [...tr.querySelectorAll('[data-testid="mapping-preview-cell"]')].map((td) => ({
          column: td.dataset.column,
          key: td.dataset.key,
          // The value is the text beside the visually hidden label (Leptos may add an empty
          // marker node after it, so not simply the last child).
          normalized: ((span) =>
            span
              ? [...span.childNodes]
                  .filter((node) => !node.classList?.contains('visually-hidden'))
                  .map((node) => node.textContent)
                  .join('')
              : null)(td.querySelector('[data-testid="mapping-preview-normalized"]')),
          sent: td.querySelector('[data-testid="mapping-preview-sent"]')?.getAttribute('title') ?? null,
        })),
      })),
    );
  }
}

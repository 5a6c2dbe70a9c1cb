// Page object for /conversions: the ad account's custom conversions, the create form with its
// rule builder, rule JSON and file preview.
import { Shell } from './shell.mjs';

export class ConversionsPage extends Shell {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    super(page);
    this.root = page.getByTestId('page-conversions');
    this.navLink = page.getByTestId('nav-conversions');
    this.account = page.getByTestId('conv-account');
    this.loadButton = page.getByTestId('conv-load');
    this.limit = page.getByTestId('conv-limit');
    this.limitCount = page.getByTestId('conv-limit-count');
    this.list = page.getByTestId('conv-list');
    this.rows = page.getByTestId('conv-row');
    this.empty = page.getByTestId('conv-empty');
    this.name = page.getByTestId('conv-name');
    this.description = page.getByTestId('conv-description');
    this.source = page.getByTestId('conv-source');
    this.eventType = page.getByTestId('conv-event-type');
    this.defaultValue = page.getByTestId('conv-default-value');
    this.actionSource = page.getByTestId('conv-action-source');
    this.combinator = page.getByTestId('rule-combinator');
    this.ruleRows = page.getByTestId('rule-row');
    this.addCondition = page.getByTestId('rule-add');
    this.json = page.getByTestId('rule-json');
    this.jsonError = page.getByTestId('rule-json-error');
    this.previewFile = page.getByTestId('preview-file');
    this.previewEventName = page.getByTestId('preview-event-name');
    this.previewResult = page.getByTestId('preview-result');
    this.previewCount = page.getByTestId('preview-count');
    this.previewSum = page.getByTestId('preview-sum');
    this.previewEvents = page.getByTestId('preview-events');
    this.previewRows = page.getByTestId('preview-row');
    this.createButton = page.getByTestId('conv-create-submit');
    this.createStatus = page.getByTestId('conv-create-status');
    this.createdId = page.getByTestId('conv-created-id');
  }

  /** Follow the header link (a client-side navigation: the in-memory token stays). */
  async openFromNav() {
    await this.navLink.click();
    await this.root.waitFor();
  }

  /** Load the account's list and wait until it is shown (or empty). */
  async load(account) {
    await this.account.fill(account);
    await this.loadButton.click();
    await this.limitCount.waitFor();
  }

  /** The row of the conversion named `name`. */
  row(name) {
    return this.rows.filter({ has: this.page.getByTestId('conv-row-name').getByText(name, { exact: true }) });
  }

  /** Condition `i` of the builder: its field, operator and value controls. */
  condition(i) {
    const row = this.ruleRows.nth(i);
    return {
      field: row.getByTestId('rule-field'),
      operator: row.getByTestId('rule-operator'),
      value: row.getByTestId('rule-value'),
      remove: row.getByTestId('rule-remove'),
    };
  }

  /** Set condition `i` in the builder. */
  async setCondition(i, { field, operator, value }) {
    const c = this.condition(i);
    await c.field.fill(field);
    await c.operator.selectOption(operator);
    await c.value.fill(value);
  }

  /** What the builder shows: [{field, operator, value}]. */
  async builderRows() {
    const out = [];
    const count = await this.ruleRows.count();
    for (let i = 0; i < count; i += 1) {
      const c = this.condition(i);
      out.push({ field: await c.field.inputValue(), operator: await c.operator.inputValue(), value: await c.value.inputValue() });
    }
    return out;
  }

  /** The rule JSON as shown, parsed. */
  async ruleJson() {
    return JSON.parse(await this.json.inputValue());
  }

  /** Pick a file for the preview and wait for its result. */
  async preview(file) {
    await this.previewFile.setInputFiles(file);
    await this.page.waitForFunction(() => {
      const state = document.querySelector('[data-testid="preview-result"]')?.dataset.state;
      return state === 'ready' || state === 'error';
    });
    return {
      state: await this.previewResult.getAttribute('data-state'),
      count: Number(await this.previewCount.textContent()),
      sum: Number(await this.previewSum.textContent()),
      events: Number(await this.previewEvents.textContent()),
      rows: await this.previewRows.evaluateAll((rows) => rows.map((r) => Number(r.dataset.row))),
    };
  }

  /** Press Create and wait until the call settled. */
  async create() {
    await this.createButton.click();
    await this.page.waitForFunction(() => {
      const state = document.querySelector('[data-testid="conv-create-status"]')?.dataset.state;
      return state === 'created' || state === 'error' || state === 'invalid';
    });
    return this.createStatus.getAttribute('data-state');
  }
}

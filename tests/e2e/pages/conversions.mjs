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
    this.compare = page.getByTestId('preview-compare');
    this.meta = page.getByTestId('preview-meta');
    this.metaCountValue = page.getByTestId('preview-meta-count');
    this.metaRefresh = page.getByTestId('preview-meta-refresh');
    this.createButton = page.getByTestId('conv-create-submit');
    this.createStatus = page.getByTestId('conv-create-status');
    this.createdId = page.getByTestId('conv-created-id');
    this.limitNote = page.getByTestId('conv-limit-note');
    this.advancedRule = page.getByTestId('conv-advanced-rule');
    this.advancedRuleError = page.getByTestId('conv-advanced-rule-error');
    this.claimBusiness = page.getByTestId('conv-claim-business');
    this.claimConversion = page.getByTestId('conv-claim-id');
    this.claimButton = page.getByTestId('conv-claim-submit');
    this.claimStatus = page.getByTestId('conv-claim-status');
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

  /** Compare the preview with the conversion `id` (its rule goes into the editor). */
  async compareWith(id) {
    await this.compare.selectOption(id);
  }

  /** Wait for Meta's count of the compared conversion; the number shown (throws on an error). */
  async metaCount() {
    await this.page.waitForFunction(() => {
      const state = document.querySelector('[data-testid="preview-meta"]')?.dataset.state;
      return state === 'ready' || state === 'error';
    });
    if ((await this.meta.getAttribute('data-state')) !== 'ready') {
      throw new Error(`no count: ${await this.meta.textContent()}`);
    }
    return Number(await this.metaCountValue.textContent());
  }

  /** Press Refresh beside the count and read it again. */
  async refreshMetaCount() {
    await this.metaRefresh.click();
    return this.metaCount();
  }

  /** Open the details of the conversion named `name`; its fields by Graph's name. */
  async details(name) {
    await this.row(name).getByTestId('conv-details').click();
    await this.page.waitForFunction(() => {
      const state = document.querySelector('[data-testid="conv-details-panel"]')?.dataset.state;
      return state === 'ready' || state === 'error';
    });
    return this.page.getByTestId('conv-details-fields').evaluate((dl) =>
      Object.fromEntries([...dl.querySelectorAll('[data-field]')].map((d) => [d.dataset.field, d.querySelector('dd').textContent])),
    );
  }

  /** Press Claim and wait until the call settled; the status's state. */
  async claim() {
    await this.claimButton.click();
    await this.page.waitForFunction(() => {
      const state = document.querySelector('[data-testid="conv-claim-status"]')?.dataset.state;
      return state === 'done' || state === 'error';
    });
    return this.claimStatus.getAttribute('data-state');
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

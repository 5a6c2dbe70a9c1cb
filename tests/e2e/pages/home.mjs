// Page object for the app's first screen: the hashing try-out.
export class HomePage {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    this.page = page;
    this.title = page.getByTestId('app-title');
    this.email = page.getByTestId('try-email');
    this.emailHash = page.getByTestId('try-email-hash');
  }

  async open(baseUrl) {
    await this.page.goto(baseUrl);
    await this.title.waitFor();
  }

  async typeEmail(value) {
    await this.email.fill(value);
  }
}

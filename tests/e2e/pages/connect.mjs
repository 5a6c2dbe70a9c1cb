// Page object for step 1, Connect: token, target, endpoint, and the connection check.
import { emulatorUrl as runningEmulator } from '../browser.mjs';
import { token as runToken, DATASET } from '../graph.mjs';
import { Shell } from './shell.mjs';

export class ConnectPage extends Shell {
  /** @param {import('playwright-core').Page} page */
  constructor(page) {
    super(page);
    this.token = page.getByTestId('connect-token');
    this.remember = page.getByTestId('connect-remember');
    this.forget = page.getByTestId('connect-forget');
    this.kindCapi = page.getByTestId('connect-kind-capi');
    this.kindOcapi = page.getByTestId('connect-kind-ocapi');
    this.targetId = page.getByTestId('connect-target-id');
    this.endpointMeta = page.getByTestId('connect-endpoint-meta');
    this.endpointEmulator = page.getByTestId('connect-endpoint-emulator');
    this.emulatorUrl = page.getByTestId('connect-emulator-url');
    this.version = page.getByTestId('connect-version');
    this.testCode = page.getByTestId('connect-test-code');
    this.checkButton = page.getByTestId('connect-check');
    this.status = page.getByTestId('connect-status');
    this.statusText = page.getByTestId('connect-status-text');
    this.next = page.getByTestId('connect-next');
    this.presetNotice = page.getByTestId('connect-preset-notice');
    this.tokenStripped = page.getByTestId('connect-token-stripped');
    this.tryEmail = page.getByTestId('try-email');
    this.tryEmailHash = page.getByTestId('try-email-hash');
  }

  /** Fill the form for the emulator at `emulatorUrl` (by default the running one, with the run's token and the seeded dataset). */
  async fillForEmulator({ token = runToken, emulatorUrl = runningEmulator, targetId = DATASET } = {}) {
    await this.token.fill(token);
    await this.endpointEmulator.check();
    await this.emulatorUrl.fill(emulatorUrl);
    await this.targetId.fill(targetId);
  }

  /** Press "Check connection" and wait until the check settled; returns the status element's state. */
  async check() {
    await this.checkButton.click();
    await this.page.waitForFunction(() => {
      const state = document.querySelector('[data-testid="connect-status"]')?.dataset.state;
      return state && state !== 'checking' && state !== 'idle';
    });
    return {
      state: await this.status.getAttribute('data-state'),
      problem: await this.status.getAttribute('data-problem'),
      text: await this.statusText.textContent(),
    };
  }

  /** Fill the form for the emulator and check it; throws unless the page says it is connected. */
  async connectToEmulator(options = {}) {
    await this.fillForEmulator(options);
    const status = await this.check();
    if (status.state !== 'connected') throw new Error(`not connected: ${status.state} ${status.problem} ${status.text}`);
    return status;
  }
}

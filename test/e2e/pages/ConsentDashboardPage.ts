import type { Page } from 'playwright';

/** The console's consent dashboard (`#/privacy/consent`). */
export class ConsentDashboardPage {
  constructor(private readonly page: Page, private readonly baseUrl: string) {}

  async open(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/#/privacy/consent`);
    await this.page.getByTestId('consent-purpose-rates').waitFor();
  }

  /** The rate cell of a purpose (e.g. "0%"). */
  async rate(purpose: string): Promise<string> {
    return (await this.page.getByTestId(`consent-rate-${purpose}`).getByTestId('rate').innerText()).trim();
  }

  /** Denied and granted counts of a purpose's row. */
  async counts(purpose: string): Promise<{ granted: number; denied: number }> {
    const cells = await this.page.getByTestId(`consent-rate-${purpose}`).locator('td').allInnerTexts();
    return { granted: Number(cells[2]), denied: Number(cells[3]) };
  }

  async version(purpose: string): Promise<string> {
    return (await this.page.getByTestId(`consent-purpose-${purpose}`).getByTestId('version').innerText()).trim();
  }

  /** Publishes a new text through the form and waits until the purposes table shows the new version. */
  async publish(purpose: string, text: string): Promise<void> {
    const before = await this.version(purpose);
    await this.page.getByTestId(`consent-publish-${purpose}`).click();
    await this.page.getByTestId('consent-publish-text').fill(text);
    await this.page.getByTestId('consent-publish-submit').click();
    await this.page.getByTestId('consent-publish-dialog').waitFor({ state: 'detached' });
    const deadline = Date.now() + 15_000;
    while ((await this.version(purpose)) === before) {
      if (Date.now() > deadline) throw new Error(`purpose ${purpose} still shows ${before} after publishing`);
      await this.page.waitForTimeout(100);
    }
  }
}

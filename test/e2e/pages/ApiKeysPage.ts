import type { Locator, Page } from 'playwright';
import { FormPage } from './FormPage.ts';
import { ListPage } from './ListPage.ts';

export class ApiKeysPage extends ListPage {
  constructor(page: Page, baseUrl: string) {
    super(page, baseUrl, 'api-keys');
  }

  /** Creates a key and returns the full key the one-time dialog shows; closes the dialog. */
  async create(name: string, kind: 'publishable' | 'secret'): Promise<string> {
    await this.goto('api-keys/create');
    const form = new FormPage(this.page);
    await form.fill('name', name);
    await form.select('kind', kind);
    await form.save();
    const field = this.page.getByTestId('created-api-key');
    await field.waitFor();
    const key = await field.inputValue();
    await this.page.getByTestId('created-api-key-done').click();
    await this.page.waitForURL(/#\/api-keys(\?.*)?$/);
    await this.waitForRows();
    return key;
  }

  status(name: string): Locator {
    return this.row(name).locator('[data-testid^="key-status-"]');
  }

  async revoke(name: string): Promise<void> {
    await this.row(name).locator('[data-testid^="revoke-key-"]').click();
    const answered = this.page.waitForResponse((r) => r.url().includes('/api/api-keys/') && r.request().method() === 'DELETE');
    await this.page.getByRole('dialog').getByRole('button', { name: /revoke/i }).click();
    const response = await answered;
    if (!response.ok()) throw new Error(`DELETE api key answered ${response.status()}: ${await response.text()}`);
  }
}

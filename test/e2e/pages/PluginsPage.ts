import type { Locator, Page } from 'playwright';
import { ListPage } from './ListPage.ts';

export class PluginsPage extends ListPage {
  constructor(page: Page, baseUrl: string) {
    super(page, baseUrl, 'plugins');
  }

  toggle(name: string): Locator {
    return this.page.getByTestId(`plugin-toggle-${name}`);
  }

  status(name: string): Locator {
    return this.page.getByTestId(`plugin-status-${name}`);
  }

  /** Flips the plugin's switch and waits for the server's answer to be drawn. */
  async setEnabled(name: string, enabled: boolean): Promise<void> {
    const toggle = this.toggle(name);
    if ((await toggle.isChecked()) === enabled) return;
    const answered = this.page.waitForResponse(
      (response) => response.url().endsWith(`/api/plugins/${name}`) && response.request().method() === 'PUT',
    );
    await toggle.click();
    const response = await answered;
    if (!response.ok()) throw new Error(`PUT /api/plugins/${name} answered ${response.status()}: ${await response.text()}`);
    await this.page.locator(`[data-testid="plugin-status-${name}"][data-status="${enabled ? 'active' : 'disabled'}"]`).waitFor();
  }
}

import type { Locator, Page } from 'playwright';
import { AppShell } from './AppShell.ts';

/** The sync plugin's console pages (admin-ui/src/resources/sync): live state, health dashboard, merge policy. */
export class SyncPages extends AppShell {
  constructor(page: Page, baseUrl: string) {
    super(page, baseUrl);
  }

  /** Opens one person's live state (`#/sync/states/<personKey>/show`) and waits for its detail. */
  async openState(personKey: string): Promise<void> {
    await this.goto(`sync/states/${encodeURIComponent(personKey)}/show`);
    await this.page.getByTestId('sync-devices-section').waitFor();
  }

  device(deviceId: string): Locator {
    return this.page.getByTestId(`sync-device-row-${deviceId}`);
  }

  cartLine(productId: string): Locator {
    return this.page.getByTestId(`sync-cart-line-${productId}`);
  }

  /** Waits until the page (polling every 2 s) shows the device online. */
  async waitForDeviceOnline(deviceId: string, ms = 20_000): Promise<Locator> {
    const row = this.page.locator(`[data-testid="sync-device-row-${deviceId}"][data-online="true"]`);
    await row.waitFor({ timeout: ms });
    return row;
  }

  /** Waits until the cart shows the line with that quantity. */
  async waitForCartLine(productId: string, quantity: number, ms = 20_000): Promise<Locator> {
    const line = this.page.locator(`[data-testid="sync-cart-line-${productId}"][data-quantity="${quantity}"]`);
    await line.waitFor({ timeout: ms });
    return line;
  }

  /** The merge-policy page (`#/sync/settings`). */
  async openSettings(): Promise<void> {
    await this.goto('sync/settings');
    await this.page.getByTestId('sync-settings-policy').waitFor();
  }

  async policy(): Promise<string | null> {
    const checked = this.page.locator('[data-testid^="sync-settings-policy-"]:checked');
    return checked.count().then((n) => (n ? checked.first().getAttribute('value') : null));
  }

  /** Chooses a policy, optionally sets limits, saves, and waits for the success toast or the error alert. */
  async save(change: { policy?: string; numbers?: Record<string, string> }): Promise<'saved' | 'refused'> {
    if (change.policy) await this.page.getByTestId(`sync-settings-policy-${change.policy}`).check();
    for (const [key, value] of Object.entries(change.numbers ?? {})) await this.page.getByTestId(`sync-settings-${key}`).fill(value);
    await this.page.getByTestId('sync-settings-save').click();
    const saved = this.page.getByText('Sync settings saved');
    const refused = this.page.getByTestId('sync-settings-error');
    await saved.or(refused).first().waitFor();
    return (await refused.isVisible()) ? 'refused' : 'saved';
  }

  /** The health dashboard (`#/sync/health`), with its window selector. */
  async openHealth(): Promise<void> {
    await this.goto('sync/health');
    await this.page.getByTestId('sync-health-now').waitFor();
  }

  text(testId: string): Promise<string> {
    return this.page.getByTestId(testId).innerText();
  }
}

import type { Locator, Page } from 'playwright';
import { AppShell } from './AppShell.ts';

/** The identity plugin's People pages of the console (resources/people: list, person show, split). */
export class PeoplePage extends AppShell {
  constructor(page: Page, baseUrl: string) {
    super(page, baseUrl);
  }

  rows(): Locator {
    return this.page.locator('.RaDataTable-table tbody tr');
  }

  /** Opens the list searched by any identifier (`q`) and waits for the answer. */
  async search(identifier: string): Promise<void> {
    await this.goto(`identity/persons?filter=${encodeURIComponent(JSON.stringify({ q: identifier }))}`);
    await this.page.locator('.RaDataTable-table, .RaList-noResults, .RaEmpty-message').first().waitFor();
  }

  /** Person ids of the rows on screen. */
  async personIds(): Promise<string[]> {
    const cells = this.page.locator('[data-testid^="person-row-"]');
    return (await cells.allInnerTexts()).map((s) => s.trim());
  }

  async openPerson(id: string): Promise<void> {
    await this.goto(`identity/persons/${encodeURIComponent(id)}/show`);
    await this.page.getByTestId('person-id').waitFor();
  }

  deviceRows(): Locator {
    return this.page.locator('[data-testid^="device-row-"]');
  }

  /** The person's device rows, reloading while identity stitching (a queued job) catches up. */
  async waitForDevices(count: number, ms = 60_000): Promise<Locator> {
    const deadline = Date.now() + ms;
    for (;;) {
      await this.page.getByTestId('person-devices').or(this.page.getByTestId('person-devices-empty')).waitFor();
      if ((await this.deviceRows().count()) === count) return this.deviceRows();
      if (Date.now() > deadline) throw new Error(`expected ${count} device rows, saw ${await this.deviceRows().count()}`);
      await this.page.waitForTimeout(1000);
      await this.page.reload();
    }
  }

  async showGraph(): Promise<Locator> {
    await this.page.getByTestId('person-view-graph').click();
    const graph = this.page.getByTestId('identity-graph');
    await graph.waitFor();
    return graph;
  }

  text(testId: string): Promise<string> {
    return this.page.getByTestId(testId).innerText();
  }
}

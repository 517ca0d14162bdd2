import type { Locator, Page } from 'playwright';
import { AppShell } from './AppShell.ts';

/** A react-admin list (`<List>` + `<DataTable>`) of one resource. */
export class ListPage extends AppShell {
  constructor(
    page: Page,
    baseUrl: string,
    readonly resource: string,
  ) {
    super(page, baseUrl);
  }

  async open(): Promise<void> {
    await this.goto(this.resource);
    await this.waitForRows();
  }

  async waitForRows(): Promise<void> {
    await this.page.locator('.RaDataTable-table, .RaList-noResults, .RaEmpty-message').first().waitFor();
  }

  rows(): Locator {
    return this.page.locator('.RaDataTable-table tbody tr');
  }

  /** The row whose text contains `text`. */
  row(text: string | RegExp): Locator {
    return this.rows().filter({ hasText: text });
  }

  async clickCreate(): Promise<void> {
    await this.page.getByRole('link', { name: /create/i }).first().click();
    await this.page.locator('form').first().waitFor();
  }

  async reload(): Promise<void> {
    await this.page.reload();
    await this.waitForRows();
  }
}

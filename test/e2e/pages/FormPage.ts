import type { Page } from 'playwright';

/** A react-admin `<SimpleForm>`: each input sits in a `.ra-input-<source>` wrapper and is named after its source. */
export class FormPage {
  constructor(private readonly page: Page) {}

  async fill(source: string, value: string): Promise<void> {
    await this.page.locator(`form [name="${source}"]:not([aria-hidden="true"])`).first().fill(value);
  }

  /** Picks a `<SelectInput>` choice by its value. */
  async select(source: string, value: string): Promise<void> {
    await this.page.locator(`form .ra-input-${source} [role="combobox"]`).click();
    await this.page.locator(`[role="listbox"] [role="option"][data-value="${value}"]`).click();
    await this.page.locator('[role="listbox"]').waitFor({ state: 'detached' });
  }

  async save(): Promise<void> {
    await this.page.locator('form button[type="submit"]').click();
  }
}

import type { Locator, Page } from 'playwright';

/** What every page has: the sidebar menu, the app bar with its language switch. */
export class AppShell {
  constructor(
    protected readonly page: Page,
    protected readonly baseUrl: string,
  ) {}

  /** Opens a react-admin route, e.g. `users` or `users/create` (hash routing). */
  async goto(route: string): Promise<void> {
    await this.page.goto(`${this.baseUrl}/#/${route}`);
  }

  /** The sidebar menu (react-admin's `<Menu>`, open or collapsed). */
  menu(): Locator {
    return this.page.locator('.RaMenu-open, .RaMenu-closed');
  }

  menuItem(label: string | RegExp): Locator {
    return this.menu().getByRole('menuitem', { name: label });
  }

  /** Waits for the menu to be drawn (the dashboard entry is always there). */
  async waitForMenu(): Promise<void> {
    await this.menu().getByRole('menuitem').first().waitFor();
  }

  async menuLabels(): Promise<string[]> {
    await this.waitForMenu();
    return (await this.menu().getByRole('menuitem').allInnerTexts()).map((s) => s.trim());
  }

  async switchLocale(name: string): Promise<void> {
    await this.page.getByTestId('locale-switch').getByRole('button').click();
    await this.page.getByRole('menuitem', { name, exact: true }).click();
  }
}

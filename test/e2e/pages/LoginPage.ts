import type { Locator, Page } from 'playwright';

/** react-admin's login form (the "username" field carries the email). */
export class LoginPage {
  constructor(
    private readonly page: Page,
    private readonly baseUrl: string,
  ) {}

  async open(): Promise<void> {
    await this.page.goto(`${this.baseUrl}/#/login`);
    await this.page.locator('input[name="username"]').waitFor();
  }

  /** Submits the form and returns at once (for failures, read `error()`). */
  async submit(email: string, password: string): Promise<void> {
    await this.open();
    await this.page.locator('input[name="username"]').fill(email);
    await this.page.locator('input[name="password"]').fill(password);
    await this.page.locator('button[type="submit"]').click();
  }

  /** Logs in and waits until the dashboard's health widget is on screen. */
  async login(email: string, password: string): Promise<void> {
    await this.submit(email, password);
    await this.page.getByTestId('dashboard-health').waitFor();
  }

  /** The toast react-admin shows when the login is refused. */
  error(): Locator {
    return this.page.locator('.RaNotification-error, #notistack-snackbar, [role="alert"]').first();
  }
}

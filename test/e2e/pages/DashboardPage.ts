import type { Locator } from 'playwright';
import { AppShell } from './AppShell.ts';

export class DashboardPage extends AppShell {
  async open(): Promise<void> {
    await this.goto('');
    await this.page.getByTestId('dashboard-health').waitFor();
  }

  /** The chip of one health check (`store`, `redis`, `workers`); its `data-status` is the raw status. */
  check(name: 'store' | 'redis' | 'workers'): Locator {
    return this.page.getByTestId(`health-${name}`);
  }

  queues(): Locator {
    return this.page.getByTestId('dashboard-queues');
  }

  async screenshot(path: string): Promise<void> {
    await this.page.screenshot({ path, fullPage: true });
  }
}

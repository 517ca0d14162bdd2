import { FormPage } from './FormPage.ts';
import { ListPage } from './ListPage.ts';
import type { Page } from 'playwright';

export interface NewUser {
  email: string;
  name: string;
  role: string;
  password: string;
}

export class UsersPage extends ListPage {
  constructor(page: Page, baseUrl: string) {
    super(page, baseUrl, 'users');
  }

  async create(user: NewUser): Promise<void> {
    await this.goto('users/create');
    const form = new FormPage(this.page);
    await form.fill('email', user.email);
    await form.fill('name', user.name);
    await form.select('role', user.role);
    await form.fill('password', user.password);
    await form.save();
    await this.page.waitForURL(/#\/users(\?.*)?$/);
    await this.waitForRows();
  }
}

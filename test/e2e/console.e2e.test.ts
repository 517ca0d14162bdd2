/**
 * End-to-end tests of the React-Admin console against a real stack (API server + worker + FerretDB + Redis,
 * console built). Run: `node --test --import tsx test/e2e/console.e2e.test.ts`.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { startStack } from '../helpers/stack.ts';
import { ApiKeysPage } from './pages/ApiKeysPage.ts';
import { AppShell } from './pages/AppShell.ts';
import { DashboardPage } from './pages/DashboardPage.ts';
import { LoginPage } from './pages/LoginPage.ts';
import { PluginsPage } from './pages/PluginsPage.ts';
import { UsersPage } from './pages/UsersPage.ts';
import { launchBrowser, type Browser } from './support/browser.ts';

const RESULTS_DIR = 'test-results';
const TIMEOUT = 90_000;

describe('console', { timeout: 10 * 60_000 }, () => {
  let stack: Awaited<ReturnType<typeof startStack>>;
  let owner: Browser;
  const analyst = {
    email: `analyst-${randomUUID().slice(0, 8)}@e2e.lockstep.test`,
    name: 'E2E Analyst',
    role: 'analyst',
    password: `Analyst-${randomUUID()}`,
  };

  before(async () => {
    stack = await startStack();
    await mkdir(RESULTS_DIR, { recursive: true });
    owner = await launchBrowser();
    await new LoginPage(owner.page, stack.baseUrl).login(stack.adminEmail, stack.adminPassword);
  });

  after(async () => {
    await owner?.close();
    await stack?.stop();
  });

  test('refuses a wrong password with the server\'s message', { timeout: TIMEOUT }, async () => {
    const browser = await launchBrowser();
    try {
      const login = new LoginPage(browser.page, stack.baseUrl);
      await login.submit(`nobody-${randomUUID().slice(0, 8)}@e2e.lockstep.test`, 'not-the-password');
      await login.error().waitFor();
      assert.match(await login.error().innerText(), /Email or password is incorrect/);
    } finally {
      await browser.close();
    }
  });

  test('after login the dashboard shows store and redis ok, the worker and the queues', { timeout: TIMEOUT }, async () => {
    const dashboard = new DashboardPage(owner.page, stack.baseUrl);
    await dashboard.open();
    await owner.page.locator('[data-testid="health-store"][data-status="ok"]').waitFor();
    await owner.page.locator('[data-testid="health-redis"][data-status="ok"]').waitFor();
    assert.equal(await dashboard.check('store').textContent(), 'ok');
    assert.equal(await dashboard.check('redis').textContent(), 'ok');
    await owner.page.locator('[data-testid="health-workers"][data-status="ok"]').waitFor();
    await owner.page.getByTestId('worker-tf-backend').first().waitFor();
    await dashboard.queues().getByTestId('queue-row-catalog-import').waitFor();
    await dashboard.screenshot(`${RESULTS_DIR}/dashboard.png`);
  });

  test('creates a user with the analyst role', { timeout: TIMEOUT }, async () => {
    const users = new UsersPage(owner.page, stack.baseUrl);
    await users.create(analyst);
    await users.row(analyst.email).waitFor();
    assert.match(await users.row(analyst.email).innerText(), /Analyst/);
  });

  test('an analyst sees no Users menu and gets access denied on #/users', { timeout: TIMEOUT }, async () => {
    const browser = await launchBrowser();
    try {
      await new LoginPage(browser.page, stack.baseUrl).login(analyst.email, analyst.password);
      const shell = new AppShell(browser.page, stack.baseUrl);
      await shell.menuItem(/^Jobs$/).waitFor();
      const labels = await shell.menuLabels();
      assert.ok(!labels.includes('Users'), `menu should not list Users: ${labels.join(', ')}`);
      assert.ok(!labels.includes('API keys'), `menu should not list API keys: ${labels.join(', ')}`);

      await shell.goto('users');
      await browser.page.getByText('Access denied', { exact: false }).first().waitFor();
      assert.equal(await browser.page.locator('.RaDataTable-table').count(), 0, 'no user data may be drawn');
    } finally {
      await browser.close();
    }
  });

  test('disables and re-enables the catalog plugin; the state survives a reload', { timeout: TIMEOUT }, async () => {
    const plugins = new PluginsPage(owner.page, stack.baseUrl);
    await plugins.open();
    await plugins.status('catalog').waitFor();
    assert.equal(await plugins.status('catalog').getAttribute('data-status'), 'active');

    await plugins.setEnabled('catalog', false);
    await plugins.reload();
    assert.equal(await plugins.status('catalog').getAttribute('data-status'), 'disabled');
    assert.equal(await plugins.toggle('catalog').isChecked(), false);

    await plugins.setEnabled('catalog', true);
    await plugins.reload();
    assert.equal(await plugins.status('catalog').getAttribute('data-status'), 'active');
    assert.equal(await plugins.toggle('catalog').isChecked(), true);
  });

  test('creates a publishable key, shows it once, then revokes it', { timeout: TIMEOUT }, async () => {
    const keys = new ApiKeysPage(owner.page, stack.baseUrl);
    const name = `e2e key ${randomUUID().slice(0, 8)}`;
    const key = await keys.create(name, 'publishable');
    assert.match(key, /^pk_[A-Za-z0-9_-]{16,}$/);

    const row = keys.row(name);
    await row.waitFor();
    assert.ok(key.startsWith((await row.locator('code').innerText()).replace(/…$/, '')), 'the list shows the key prefix');
    assert.ok(!(await row.innerText()).includes(key), 'the list never shows the full key');
    assert.equal(await keys.status(name).getAttribute('data-status'), 'active');

    await keys.revoke(name);
    await keys.row(name).locator('[data-testid^="key-status-"][data-status="revoked"]').waitFor();
    assert.equal(await keys.row(name).locator('[data-testid^="revoke-key-"]').count(), 0, 'a revoked key has no revoke button');
  });

  test('switches the console to Chinese', { timeout: TIMEOUT }, async () => {
    const shell = new DashboardPage(owner.page, stack.baseUrl);
    await shell.open();
    await shell.switchLocale('中文');
    await shell.menuItem('用户').waitFor();
    assert.ok((await shell.menuLabels()).includes('插件'));
    await owner.page.getByText('平台健康').waitFor();
    await shell.switchLocale('English');
    await shell.menuItem('Users').waitFor();
  });
});

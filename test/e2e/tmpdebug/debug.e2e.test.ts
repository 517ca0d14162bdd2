import { test } from 'node:test';
import { startStack } from '../../helpers/stack.ts';
import { LoginPage } from '../pages/LoginPage.ts';
import { launchBrowser } from '../support/browser.ts';

test('debug', { timeout: 300_000 }, async () => {
  const stack = await startStack();
  const b = await launchBrowser();
  const logs: string[] = [];
  b.page.on('console', (m) => logs.push(`${m.type()}: ${m.text()}`));
  b.page.on('pageerror', (e) => logs.push(`pageerror: ${e.message}`));
  try {
    const login = await fetch(`${stack.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: stack.adminEmail, password: stack.adminPassword }) });
    const token = ((await login.json()) as any).token;
    await fetch(`${stack.baseUrl}/api/users`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ email: 'co@test.local', name: 'co', role: 'compliance_officer', password: 'co-password-12' }) });
    await new LoginPage(b.page, stack.baseUrl).login('co@test.local', 'co-password-12');
    for (const route of ['audit', 'privacy/audits']) {
      await b.page.goto(`${stack.baseUrl}/#/${route}`);
      await b.page.waitForTimeout(3000);
      await b.page.screenshot({ path: `test-results/debug-${route.replace('/', '-')}.png`, fullPage: true });
      console.log(route, (await b.page.locator('body').innerText()).slice(0, 1500));
      console.log(await b.page.locator('input').evaluateAll((els) => els.map((e) => (e as any).name)));
    }
  } finally {
    console.log(logs.join('\n'));
    await b.close();
    await stack.stop();
  }
});

/**
 * Issue 3's scenario end to end: two browser contexts — a phone viewport and a desktop viewport — browse the demo
 * shop anonymously, then log in as the same customer; the console then shows one person with two devices (phone on
 * ios, desktop on web), and its live stream follows that person. Real stack: API + worker (identity stitching runs
 * as a queued job) + FerretDB + Redis, console and demo built. Run: `npm test -- --no-typecheck test/e2e/people.e2e.test.ts`.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { startStack, type Stack } from '../helpers/stack.ts';
import { DemoShopPage } from './pages/DemoShopPage.ts';
import { LoginPage } from './pages/LoginPage.ts';
import { PeoplePage } from './pages/PeoplePage.ts';
import { launchBrowser, type Browser } from './support/browser.ts';
import { launchDevice, type DeviceBrowser } from './support/demo-browser.ts';

const RESULTS_DIR = 'test-results';
const TIMEOUT = 180_000;

describe('people: one shopper, two devices', { timeout: 10 * 60_000 }, () => {
  let stack: Stack;
  let admin: Record<string, string>;
  let console_: Browser;
  const devices: DeviceBrowser[] = [];
  const customerId = `cust-${randomUUID().slice(0, 8)}`;
  const email = `${customerId}@shopper.example`;
  let phone: DemoShopPage;
  let desktop: DemoShopPage;
  let phoneAnon: string;
  let desktopAnon: string;
  let personId: string;

  const api = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(`${stack.baseUrl}${path}`, { ...init, headers: { 'content-type': 'application/json', ...admin, ...(init.headers as Record<string, string> | undefined) } });
    return { status: res.status, body: await res.json().catch(() => null) as any };
  };
  /** The person an identifier resolves to, once the identity job has processed it. */
  const resolveUntil = async (kind: string, value: string, done: (personId: string | null) => boolean, ms = 60_000) => {
    const deadline = Date.now() + ms;
    let last: string | null = null;
    while (Date.now() < deadline) {
      const res = await api(`/api/plugins/identity/resolve?kind=${kind}&value=${encodeURIComponent(value)}`);
      last = res.status === 200 ? res.body.personId : null;
      if (done(last)) return last;
      await new Promise((r) => setTimeout(r, 300));
    }
    assert.fail(`${kind}:${value} resolved to ${last}`);
  };

  before(async () => {
    stack = await startStack();
    await mkdir(RESULTS_DIR, { recursive: true });
    const login = await fetch(`${stack.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: stack.adminEmail, password: stack.adminPassword }) });
    admin = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
    const identity = await api('/api/plugins/identity');
    assert.equal(identity.status, 200, `the identity plugin must be loaded: ${JSON.stringify(identity.body)}`);
    assert.equal(identity.body.status, 'active', `identity plugin: ${JSON.stringify(identity.body)}`);
    // A small catalogue for the shop to browse.
    for (const [i, title] of ['Nylon guitar strings', 'Clip-on tuner', 'Instrument cable 3 m'].entries()) {
      const res = await api('/api/plugins/catalog/products', { method: 'POST', body: JSON.stringify({ sku: `E2E-${customerId}-${i}`, title, price: 10 + i, currency: 'EUR', stock: 5 }) });
      assert.equal(res.status, 201, JSON.stringify(res.body));
    }
    console_ = await launchBrowser();
    await new LoginPage(console_.page, stack.baseUrl).login(stack.adminEmail, stack.adminPassword);
  });

  after(async () => {
    for (const d of devices) await d.close();
    await console_?.close();
    await stack?.stop();
  });

  test('phone and desktop browse anonymously: two devices, two persons', { timeout: TIMEOUT }, async () => {
    for (const kind of ['phone', 'desktop'] as const) {
      const browser = await launchDevice(kind);
      devices.push(browser);
      const shop = new DemoShopPage(browser.page, stack.baseUrl);
      await shop.open(kind);
      await shop.openProduct(kind === 'phone' ? 0 : 1);
      if (kind === 'phone') phone = shop;
      else desktop = shop;
    }
    phoneAnon = (await phone.anonymousId()).trim();
    desktopAnon = (await desktop.anonymousId()).trim();
    assert.notEqual(phoneAnon, desktopAnon, 'each browser context is its own device');
    const phonePerson = await resolveUntil('anonymous_id', phoneAnon, Boolean);
    const desktopPerson = await resolveUntil('anonymous_id', desktopAnon, Boolean);
    assert.notEqual(phonePerson, desktopPerson, 'before login nothing ties the two devices together');
  });

  test('both log in as the same customer: the console shows one person with two devices', { timeout: TIMEOUT }, async () => {
    await phone.login(customerId, email);
    await desktop.login(customerId, email);
    personId = (await resolveUntil('user_id', customerId, Boolean))!;
    await resolveUntil('anonymous_id', phoneAnon, (p) => p === personId);
    await resolveUntil('anonymous_id', desktopAnon, (p) => p === personId);

    const people = new PeoplePage(console_.page, stack.baseUrl);
    // Found by any of its identifiers: the customer id and either device's anonymousId lead to the same one person.
    for (const identifier of [customerId, phoneAnon, desktopAnon]) {
      await people.search(identifier);
      await console_.page.locator(`[data-testid="person-row-${personId}"]`).waitFor();
      assert.deepEqual(await people.personIds(), [personId], `search ${identifier}`);
    }
    await console_.page.locator(`[data-testid="person-row-${personId}"]`).click();
    await console_.page.getByTestId('person-id').waitFor();
    assert.equal((await people.text('person-user-id')).trim(), customerId);

    const rows = await people.waitForDevices(2);
    const seen = await rows.evaluateAll((els) => els.map((el) => ({ anonymousId: el.getAttribute('data-anonymous-id'), channel: el.getAttribute('data-channel'), screen: el.getAttribute('data-screen') })));
    assert.deepEqual(
      seen.sort((a, b) => String(a.channel).localeCompare(String(b.channel))),
      [{ anonymousId: phoneAnon, channel: 'ios', screen: 'phone' }, { anonymousId: desktopAnon, channel: 'web', screen: 'desktop' }],
    );
    await console_.page.getByTestId('person-channel-ios').waitFor();
    await console_.page.getByTestId('person-channel-web').waitFor();
    await console_.page.getByTestId('person-merges').waitFor();
    assert.ok(await console_.page.locator('[data-testid^="merge-row-"][data-action="merge"]').count() >= 1, 'the login merge is in the history');
    await console_.page.screenshot({ path: `${RESULTS_DIR}/person-two-devices.png`, fullPage: true });

    const graph = await people.showGraph();
    for (const key of [`user_id:${customerId}`, `anonymous_id:${phoneAnon}`, `anonymous_id:${desktopAnon}`]) {
      await graph.locator(`[data-testid="graph-node-${key}"]`).waitFor();
    }
    await console_.page.screenshot({ path: `${RESULTS_DIR}/person-graph.png`, fullPage: true });
  });

  test('the live stream follows that person across both devices', { timeout: TIMEOUT }, async () => {
    const people = new PeoplePage(console_.page, stack.baseUrl);
    await people.goto(`events?person=${personId}`);
    await console_.page.locator(`[data-testid="stream-person"][data-person="${personId}"]`).waitFor();
    await console_.page.locator('[data-testid="stream-status"][data-status="live"]').waitFor();
    await phone.search('tuner');
    await desktop.open('desktop');
    await desktop.openProduct(2);
    await console_.page.locator(`[data-testid^="live-event-"][data-anonymous-id="${phoneAnon}"][data-type="search"]`).waitFor({ timeout: 30_000 });
    await console_.page.locator(`[data-testid^="live-event-"][data-anonymous-id="${desktopAnon}"][data-type="product_view"]`).waitFor({ timeout: 30_000 });
    await console_.page.screenshot({ path: `${RESULTS_DIR}/events-live-person.png`, fullPage: true });
  });
});

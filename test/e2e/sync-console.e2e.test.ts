/**
 * Issue 5's console end to end: a shopper device (Node, speaking the sync protocol over the real WebSocket) adds a
 * product to its cart; the console's live sync state page shows the device online and the cart line, follows the next
 * add without a reload (it polls every 2 s), and warns when the catalogue price moves away from the price the shopper
 * saw. The person page links to that state; the health dashboard counts the connected device; the merge-policy page
 * changes the anonymous-cart policy and the server answers it back. Real stack: API + worker + FerretDB + Redis,
 * console built. Run: `npm run build:console && npm test -- --no-typecheck test/e2e/sync-console.e2e.test.ts`.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import { startStack, type Stack } from '../helpers/stack.ts';
import { SyncDevice } from '../helpers/sync-device.ts';
import { LoginPage } from './pages/LoginPage.ts';
import { SyncPages } from './pages/SyncPages.ts';
import { launchBrowser, type Browser } from './support/browser.ts';

const RESULTS_DIR = 'test-results';
const TIMEOUT = 180_000;

describe('sync console: live state, health, merge policy', { timeout: 10 * 60_000 }, () => {
  let stack: Stack;
  let admin: Record<string, string>;
  let console_: Browser;
  let pages: SyncPages;
  let shopper: SyncDevice;
  let productId: string;
  const title = `Tuner ${randomUUID().slice(0, 6)}`;

  /** JSON over HTTP against the stack (the SyncDevice helper's `http` signature). */
  const http = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${stack.baseUrl}${url}`, {
      method, headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    return { status: res.status, json: text ? JSON.parse(text) : null };
  };
  const api = (method: string, url: string, body?: unknown) => http(method, url, body, admin);

  before(async () => {
    stack = await startStack();
    await mkdir(RESULTS_DIR, { recursive: true });
    const login = await http('POST', '/api/auth/login', { email: stack.adminEmail, password: stack.adminPassword });
    assert.equal(login.status, 200, JSON.stringify(login.json));
    admin = { authorization: `Bearer ${login.json.token}` };
    const sync = await api('GET', '/api/plugins/sync');
    assert.equal(sync.status, 200, `the sync plugin must be loaded: ${JSON.stringify(sync.json)}`);
    assert.equal(sync.json.status, 'active', `sync plugin: ${JSON.stringify(sync.json)}`);
    const product = await api('POST', '/api/plugins/catalog/products', { sku: `E2E-SYNC-${randomUUID().slice(0, 8)}`, title, price: 10, currency: 'EUR', stock: 5 });
    assert.equal(product.status, 201, JSON.stringify(product.json));
    productId = product.json.id;
    console_ = await launchBrowser();
    await new LoginPage(console_.page, stack.baseUrl).login(stack.adminEmail, stack.adminPassword);
    pages = new SyncPages(console_.page, stack.baseUrl);
  });

  after(async () => {
    shopper?.disconnect();
    await console_?.close();
    await stack?.stop();
  });

  test('a device adds to its cart: the live state shows it online with the line, and follows the next add', { timeout: TIMEOUT }, async () => {
    shopper = new SyncDevice({ http, wsBase: stack.baseUrl.replace(/^http/, 'ws'), key: stack.publishableKey, channel: 'web' });
    await shopper.connect();
    assert.match(shopper.personKey ?? '', /^[pa]:/, `person key ${shopper.personKey}`);
    const add = shopper.addToCart(productId, 2, 10);
    await shopper.next((f) => f.type === 'ack' && f.opIds.includes(add.opId));

    await pages.openState(shopper.personKey!);
    const row = await pages.waitForDeviceOnline(shopper.deviceId);
    assert.equal(await row.getAttribute('data-channel'), 'web');
    const line = await pages.waitForCartLine(productId, 2);
    assert.equal(await line.getAttribute('data-price-state'), 'same', 'the shopper saw the current price');
    assert.match(await line.innerText(), new RegExp(title), 'the line is named by its catalogue title');
    assert.ok(await console_.page.locator('[data-testid^="sync-commit-"]').count() >= 1, 'the commit is listed');
    assert.match(await console_.page.locator('[data-testid^="sync-commit-"]').first().innerText(), /cart\.add/);

    // No reload: the page polls while visible.
    const more = shopper.addToCart(productId, 1, 10);
    await shopper.next((f) => f.type === 'ack' && f.opIds.includes(more.opId));
    await pages.waitForCartLine(productId, 3);
    await console_.page.locator(`[data-testid="sync-device-row-${shopper.deviceId}"] [data-testid="sync-device-seen"]`).waitFor();
    await console_.page.screenshot({ path: `${RESULTS_DIR}/sync-live-state.png`, fullPage: true });
  });

  test('the catalogue price moves: the cart line warns that the shopper saw another price', { timeout: TIMEOUT }, async () => {
    const changed = await api('PUT', `/api/plugins/catalog/products/${productId}`, { price: 12 });
    assert.equal(changed.status, 200, JSON.stringify(changed.json));
    await console_.page.getByTestId(`sync-price-changed-${productId}`).waitFor({ timeout: 20_000 });
    assert.equal(await pages.cartLine(productId).getAttribute('data-price-state'), 'changed');
    await console_.page.getByTestId('sync-price-warnings').waitFor();
  });

  test('the device confirms what it applied and checks its digest: the page shows it caught up and in sync', { timeout: TIMEOUT }, async () => {
    shopper.sendDigest();
    // Presence (seen seq, digest result) reaches the console with the device's next presence write (at the latest
    // the hub's heartbeat); the page keeps polling until then.
    const row = console_.page.locator(`[data-testid="sync-device-row-${shopper.deviceId}"][data-status="in_sync"]`);
    await row.waitFor({ timeout: 60_000 });
    assert.equal((await row.getByTestId('sync-device-seen').innerText()).replace(/\s+/g, ' ').trim(), `${shopper.lastSeq} / ${shopper.lastSeq}`);
  });

  test('the list finds the state; the person page links to it', { timeout: TIMEOUT }, async () => {
    await pages.goto(`sync/states?filter=${encodeURIComponent(JSON.stringify({ q: shopper.personKey }))}`);
    await console_.page.getByTestId(`sync-state-row-${shopper.personKey}`).waitFor();
    assert.equal((await pages.text(`sync-state-online-${shopper.personKey}`)).trim(), '1');
    if (!shopper.personKey!.startsWith('p:')) return;
    const personId = shopper.personKey!.slice(2);
    await pages.goto(`identity/persons/${encodeURIComponent(personId)}/show`);
    await console_.page.getByTestId('person-sync-state').click();
    await console_.page.getByTestId('sync-state-key').waitFor();
    assert.equal((await pages.text('sync-state-key')).trim(), shopper.personKey);
    await pages.waitForDeviceOnline(shopper.deviceId);
  });

  test('the health dashboard counts the connected device', { timeout: TIMEOUT }, async () => {
    await pages.openHealth();
    const devices = Number((await pages.text('sync-health-now-devices')).trim());
    assert.ok(devices >= 1, `connected devices: ${devices}`);
    await console_.page.getByTestId('sync-health-convergence').locator('svg').first().waitFor();
    await console_.page.screenshot({ path: `${RESULTS_DIR}/sync-health.png`, fullPage: true });
  });

  test('the merge-policy page changes the anonymous-cart policy; the server answers it back', { timeout: TIMEOUT }, async () => {
    await pages.openSettings();
    assert.equal(await pages.policy(), 'merge', 'merge by default');
    // Out-of-range limits never leave the page.
    await console_.page.getByTestId('sync-settings-opLogRetention').fill('20');
    assert.equal(await console_.page.getByTestId('sync-settings-save').isDisabled(), true);
    await console_.page.getByTestId('sync-settings-opLogRetention').fill('500');

    assert.equal(await pages.save({ policy: 'replace', numbers: { maxOpsPerSecond: '20' } }), 'saved');
    const stored = await api('GET', '/api/plugins/sync');
    assert.equal(stored.json.settings.anonymousCartPolicy, 'replace');
    assert.equal(stored.json.settings.maxOpsPerSecond, 20);
    assert.equal(stored.json.settings.opLogRetention, 500);
    await console_.page.reload();
    await console_.page.getByTestId('sync-settings-policy').waitFor();
    assert.equal(await pages.policy(), 'replace', 'the page reads the saved policy back');
    await console_.page.screenshot({ path: `${RESULTS_DIR}/sync-settings.png`, fullPage: true });

    // The server's own validation shows on the form: a request the form cannot produce (rewritten in flight, as a
    // stale or tampered client would send it) gets the server's 400, and the page names the field.
    await console_.page.route('**/api/plugins/sync', async (route) => {
      const request = route.request();
      if (request.method() !== 'PUT') return route.continue();
      const body = JSON.parse(request.postData() ?? '{}');
      await route.continue({ postData: JSON.stringify({ settings: { ...body.settings, maxOpsPerSecond: 5000 } }) });
    });
    try {
      assert.equal(await pages.save({ policy: 'keep_newest' }), 'refused');
      const alert = console_.page.getByTestId('sync-settings-error');
      assert.equal(await alert.getAttribute('data-code'), 'CORE_ERR_VALIDATION');
      assert.match(await alert.innerText(), /maxOpsPerSecond/);
      await console_.page.locator('.Mui-error').filter({ hasText: /1000/ }).first().waitFor();
      await console_.page.screenshot({ path: `${RESULTS_DIR}/sync-settings-refused.png`, fullPage: true });
    } finally {
      await console_.page.unroute('**/api/plugins/sync');
    }
    assert.equal((await api('GET', '/api/plugins/sync')).json.settings.anonymousCartPolicy, 'replace', 'a refused save changes nothing');
  });
});

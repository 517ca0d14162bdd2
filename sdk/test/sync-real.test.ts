/**
 * `lockstep.sync` against the REAL server (plugins/sync through test/helpers/app.ts: FerretDB + Redis via `npm test`):
 * in Node (the `ws` package; one device over the WebSocket, one over SSE + POST) and from the browser bundle in two
 * Chromium profiles of one logged-in shopper on a shop served from another origin than the API: an edit on one page
 * shows on the other without a reload, offline edits go out when the page is back online, and a reload restores
 * the state from storage. The server is imported by a computed specifier, as in real-browser.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright';
import WebSocket from 'ws';
import { MemoryStorage } from '../src/index.ts';
import type { LockstepClient, LockstepError, LockstepOptions, WebSocketConstructor } from '../src/index.ts';
import { testClient } from './helpers/client.ts';
import { sleep } from './helpers/fake-ingest.ts';
import { DeviceProfiles, startRealServer, startShop } from './helpers/real-stack.ts';
const WS = WebSocket as unknown as WebSocketConstructor;

declare global {
  interface Window {
    Lockstep: typeof import('../src/index.ts');
    lockstep: import('../src/types.ts').LockstepClient;
    syncViews: import('../src/index.ts').SyncView[];
    syncErrors: { code: string; message: string }[];
    loadedAt: number;
  }
}

async function until<T>(what: string, probe: () => T | Promise<T>, ms = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

let server: Awaited<ReturnType<typeof startRealServer>>;
let api: string;
let key: string;

before(async () => {
  server = await startRealServer();
  ({ api, key } = server);
});
after(async () => {
  await server?.close();
});

describe('sdk sync in Node against the real server', { timeout: 120_000 }, () => {
  const clients: LockstepClient[] = [];
  after(async () => {
    for (const c of clients) await c.shutdown(0);
  });
  const device = (opts: Partial<LockstepOptions> = {}) => {
    const made = testClient(api, { publishableKey: key, WebSocket: WS, storage: new MemoryStorage(), liveConsent: false, ...opts, sync: { reconnect: { baseMs: 50, maxMs: 500 }, ...opts.sync } });
    clients.push(made.client);
    return made;
  };
  const syncErrors = (errors: LockstepError[]) => errors.filter((e) => e.code.startsWith('SDK_ERR_SYNC'));

  it('a WebSocket device and an SSE + POST device of one shopper converge; logout leaves the person\'s state behind', async () => {
    const user = `sync-node-${Date.now()}`;
    const phone = device({ channel: 'ios', deviceId: `dev-phone-${Date.now()}` });
    // No configured deviceId: the SDK makes one, and renews it at logout.
    const desktop = device({ sync: { mode: 'sse' } });
    phone.client.identify(user);
    desktop.client.identify(user);
    phone.client.sync.start();
    desktop.client.sync.start();
    await until('both connected', () => phone.client.sync.status().connected && desktop.client.sync.status().connected);
    assert.equal(phone.client.sync.status().transport, 'ws');
    assert.equal(desktop.client.sync.status().transport, 'sse');

    phone.client.sync.cart.add('sku-1', { quantity: 2, price: 12.5, currency: 'EUR' });
    desktop.client.sync.wishlist.add('sku-2');
    desktop.client.sync.setPreference('size', 'M');
    await until('the desktop (SSE) sees the phone\'s cart', () => desktop.client.sync.view().cart[0]?.quantity === 2);
    await until('the phone sees the desktop\'s wishlist (posted over HTTP)', () => phone.client.sync.view().wishlist.includes('sku-2'));
    desktop.client.sync.cart.setQuantity('sku-1', 4);
    phone.client.sync.cart.add('sku-1', { quantity: 1 });
    await until('both settle', () => phone.client.sync.status().pending === 0 && desktop.client.sync.status().pending === 0
      && phone.client.sync.status().lastSeq === desktop.client.sync.status().lastSeq
      && JSON.stringify(phone.client.sync.view()) === JSON.stringify(desktop.client.sync.view()));
    const line = phone.client.sync.view().cart[0]!;
    assert.ok(line.quantity === 4 || line.quantity === 5, `a set and a concurrent add: 4 or 5 (the add survives when the set did not see it), got ${line.quantity}`);
    assert.deepEqual(phone.client.sync.view().preferences, { size: 'M' });
    assert.deepEqual(syncErrors(phone.errors), []);
    assert.deepEqual(syncErrors(desktop.errors), []);

    // Logout on the desktop: its view is empty; the phone still has the person's cart; new edits stay apart.
    desktop.client.reset();
    assert.deepEqual(desktop.client.sync.view().cart, []);
    await until('the desktop reconnects as the anonymous device', () => desktop.client.sync.status().connected);
    desktop.client.sync.cart.add('anon-sku');
    await until('acked', () => desktop.client.sync.status().pending === 0);
    await sleep(300);
    assert.ok(!phone.client.sync.view().cart.some((l) => l.productId === 'anon-sku'), 'the logged-out device no longer writes into the person\'s cart');
    assert.equal(phone.client.sync.view().cart[0]?.productId, 'sku-1');
  });

  it('resumes after a restart from storage: ops made while stopped are sent, the server answers the resume', async () => {
    const storage = new MemoryStorage();
    const user = `sync-resume-${Date.now()}`;
    const other = device({ deviceId: `dev-o-${Date.now()}` });
    other.client.identify(user);
    other.client.sync.start();
    const deviceId = `dev-r-${Date.now()}`;
    const first = device({ storage, deviceId });
    first.client.identify(user);
    first.client.sync.start();
    await until('connected', () => first.client.sync.status().connected && other.client.sync.status().connected);
    first.client.sync.wishlist.add('keep-me');
    await until('acked', () => first.client.sync.status().pending === 0 && first.client.sync.status().lastSeq > 0);
    await first.client.shutdown(0);

    other.client.sync.cart.add('while-away');
    await until('other acked', () => other.client.sync.status().pending === 0);
    const again = device({ storage, deviceId });
    assert.deepEqual(again.client.sync.view().wishlist, ['keep-me'], 'restored from storage before any network');
    again.client.sync.viewed('offline-view');
    again.client.sync.start();
    await until('the missed commit arrives', () => again.client.sync.view().cart.some((l) => l.productId === 'while-away'));
    await until('the offline op reaches the other device', () => other.client.sync.view().recentlyViewed.includes('offline-view'));
    assert.deepEqual(syncErrors(again.errors), []);
  });
});

describe('sdk sync in real Chromium: two devices of one shopper', { timeout: 180_000 }, () => {
  let shop: Awaited<ReturnType<typeof startShop>>;
  const devices = new DeviceProfiles();

  before(async () => {
    shop = await startShop('Sync shop');
  });

  after(async () => {
    await devices.closeAll();
    await shop?.close();
  });

  /** Opens the shop in `page` and creates the client (logged in as `userId`); `start` opens the sync connection. */
  async function boot(page: Page, screen: string, userId: string, start = true): Promise<void> {
    await page.goto(`${shop.url}/shop`);
    await page.locator('body[data-ready="1"]').waitFor({ state: 'attached' });
    await page.evaluate(({ endpoint, publishableKey, screen, userId, start }) => {
      window.syncViews = [];
      window.syncErrors = [];
      window.lockstep = window.Lockstep.createLockstep({
        endpoint, publishableKey, channel: 'web', device: { screen: screen as 'phone' }, flushIntervalMs: 60_000,
        sync: { reconnect: { baseMs: 100, maxMs: 1000 } },
        onError: (e) => { if (e.code.startsWith('SDK_ERR_SYNC')) window.syncErrors.push({ code: e.code, message: e.message }); },
      });
      window.lockstep.identify(userId);
      window.lockstep.sync.subscribe((v) => window.syncViews.push(v));
      if (start) window.lockstep.sync.start();
    }, { endpoint: api, publishableKey: key, screen, userId, start });
  }

  async function openDevice(screen: 'phone' | 'desktop', userId: string): Promise<{ page: Page; context: BrowserContext }> {
    const { context, page } = await devices.open(`sync-${screen}`);
    await boot(page, screen, userId);
    await page.waitForFunction(() => window.lockstep.sync.status().connected);
    return { page, context };
  }

  it('an edit on one page shows on the other without a reload; offline edits go out on reconnect; a reload keeps the state', async () => {
    const user = `shopper-sync-${Date.now()}`;
    const phone = await openDevice('phone', user);
    const desktop = await openDevice('desktop', user);
    const loadedAt = await desktop.page.evaluate(() => window.loadedAt);
    assert.equal(await phone.page.evaluate(() => window.lockstep.sync.status().transport), 'ws');

    await phone.page.evaluate(() => window.lockstep.sync.cart.add('sku-red-guitar', { quantity: 2, price: 499, currency: 'EUR' }));
    await desktop.page.waitForFunction(() => window.lockstep.sync.view().cart.some((l) => l.productId === 'sku-red-guitar' && l.quantity === 2));
    const line = await desktop.page.evaluate(() => window.lockstep.sync.view().cart[0]);
    assert.deepEqual([line?.priceSeen, line?.currency], [499, 'EUR']);
    assert.ok(await desktop.page.evaluate(() => window.syncViews.length > 0), 'the desktop\'s subscriber was called');

    await desktop.page.evaluate(() => { window.lockstep.sync.wishlist.toggle('sku-capo'); window.lockstep.sync.cart.setQuantity('sku-red-guitar', 1); });
    await phone.page.waitForFunction(() => window.lockstep.sync.view().wishlist.includes('sku-capo') && window.lockstep.sync.view().cart[0]?.quantity === 1);
    assert.equal(await desktop.page.evaluate(() => window.loadedAt), loadedAt, 'no reload');

    // The phone goes offline: its edit waits in storage, then reaches the desktop when it is back.
    await phone.context.setOffline(true);
    await phone.page.waitForFunction(() => !window.lockstep.sync.status().connected);
    await phone.page.evaluate(() => window.lockstep.sync.cart.add('sku-strings', { quantity: 3 }));
    assert.equal(await phone.page.evaluate(() => window.lockstep.sync.status().pending), 1);
    const stored = await phone.page.evaluate(() => JSON.parse(localStorage.getItem('lockstep.sync') ?? '{}') as { pending?: unknown[] });
    assert.equal(stored.pending?.length, 1, 'the offline edit is in localStorage');
    await sleep(300);
    assert.ok(!(await desktop.page.evaluate(() => window.lockstep.sync.view().cart.some((l) => l.productId === 'sku-strings'))));
    await phone.context.setOffline(false);
    await desktop.page.waitForFunction(() => window.lockstep.sync.view().cart.some((l) => l.productId === 'sku-strings' && l.quantity === 3));
    await phone.page.waitForFunction(() => window.lockstep.sync.status().pending === 0);

    // A reload of the desktop: the view is there from storage before the connection opens.
    const before = await desktop.page.evaluate(() => JSON.stringify(window.lockstep.sync.view()));
    await desktop.page.reload();
    await boot(desktop.page, 'desktop', user, false);
    assert.equal(await desktop.page.evaluate(() => JSON.stringify(window.lockstep.sync.view())), before);
    await desktop.page.evaluate(() => window.lockstep.sync.start());
    await desktop.page.waitForFunction(() => window.lockstep.sync.status().connected);
    await phone.page.evaluate(() => window.lockstep.sync.wishlist.remove('sku-capo'));
    await desktop.page.waitForFunction(() => !window.lockstep.sync.view().wishlist.includes('sku-capo'));

    const [a, b] = await Promise.all([phone.page, desktop.page].map((p) => p.evaluate(() => JSON.stringify(window.lockstep.sync.view()))));
    assert.equal(a, b, 'both devices show the same state');
    assert.deepEqual(await phone.page.evaluate(() => window.syncErrors.filter((e) => e.code !== 'SDK_ERR_SYNC_UNAVAILABLE')), []);
    assert.deepEqual(await desktop.page.evaluate(() => window.syncErrors.filter((e) => e.code !== 'SDK_ERR_SYNC_UNAVAILABLE')), []);
  });
});

/**
 * The demo shop end to end: a real stack (API + worker + FerretDB + Redis), its catalogue loaded by
 * scripts/demo-catalog.mjs through the catalog plugin's import job, and Chromium windows acting as the shopper's
 * desktop and phone. Every action must reach the store as an event with the right device, channel and ids.
 */
import { isEnvelopeString } from '../../privacy/src/encryption/envelope.ts';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { after, before, describe, test } from 'node:test';
import mongoose, { type Connection } from 'mongoose';
import { productsFromReviews, readReviews } from '../../scripts/lib/demo-products.mjs';
import { startStack, type Stack } from '../helpers/stack.ts';
import { DemoShopPage } from './pages/DemoShopPage.ts';
import { launchDevice, type DeviceBrowser } from './support/demo-browser.ts';

const FIXTURE = 'test/fixtures/demo/reviews.jsonl';
const RESULTS_DIR = 'test-results';
const TIMEOUT = 120_000;

interface StoredEvent {
  type: string; eventId: string; anonymousId: string | null; userId: string | null; deviceId: string | null; channel: string;
  device: { os?: string; screen?: string; appVersion?: string } | null; properties: Record<string, unknown>; traits: Record<string, unknown> | null;
}

/** Runs the demo catalogue loader against the stack, as a user would (`npm run demo:catalog`). */
function loadCatalogue(stack: Stack): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo-catalog.mjs', '--file', FIXTURE, '--url', stack.baseUrl, '--timeout-s', '90'], {
      env: { ...stack.env, LOCKSTEP_SECRET_KEY: '' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('demo shop', { timeout: 10 * 60_000 }, () => {
  let stack: Stack;
  let store: Connection;
  let shopProducts: number;
  const browsers: DeviceBrowser[] = [];

  /** The stored events matching `filter`, polled until `done` holds (the SDK flushes every second). */
  async function eventsUntil(filter: Record<string, unknown>, done: (events: StoredEvent[]) => boolean, ms = 30_000): Promise<StoredEvent[]> {
    const deadline = Date.now() + ms;
    let events: StoredEvent[] = [];
    while (Date.now() < deadline) {
      events = await store.collection('core_events').find(filter).sort({ receivedAt: 1 }).toArray() as unknown as StoredEvent[];
      if (done(events)) return events;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.fail(`events for ${JSON.stringify(filter)} never met the condition; got ${JSON.stringify(events.map((e) => e.type))}`);
  }
  const hasTypes = (...types: string[]) => (events: StoredEvent[]) => types.every((t) => events.some((e) => e.type === t));

  async function device(kind: 'phone' | 'desktop'): Promise<DemoShopPage> {
    const b = await launchDevice(kind);
    browsers.push(b);
    const shop = new DemoShopPage(b.page, stack.baseUrl);
    await shop.open(kind);
    return shop;
  }

  before(async () => {
    stack = await startStack();
    await mkdir(RESULTS_DIR, { recursive: true });
    store = await mongoose.createConnection(stack.env.MONGODB_URI!).asPromise();
    shopProducts = productsFromReviews(await readReviews(FIXTURE)).length;
  });

  after(async () => {
    for (const b of browsers) await b.close();
    await store?.close();
    await stack?.stop();
  });

  test('an empty catalogue shows how to load it', { timeout: TIMEOUT }, async () => {
    const shop = await device('desktop');
    await shop.page.getByTestId('empty-catalog').waitFor();
    assert.match(await shop.text('empty-catalog'), /npm run demo:catalog/);
  });

  test('demo:catalog loads the products through the import job; a second run changes nothing', { timeout: TIMEOUT }, async () => {
    const first = await loadCatalogue(stack);
    assert.equal(first.code, 0, first.output);
    assert.match(first.output, new RegExp(`demo catalogue: ${shopProducts} products`));
    const imports = await store.collection('catalog_imports').find({}).toArray();
    assert.equal(imports.length, 1);
    assert.equal(imports[0]!.status, 'completed');
    const count = async () => Number(/\/(\d+)$/.exec((await fetch(`${stack.baseUrl}/api/plugins/catalog/products`, { headers: { authorization: `Bearer ${stack.publishableKey}` } })).headers.get('content-range') ?? '')?.[1]);
    assert.equal(await count(), shopProducts);
    const again = await loadCatalogue(stack);
    assert.equal(again.code, 0, again.output);
    assert.equal(await count(), shopProducts, 'upserted by SKU: no duplicates');
  });

  test('desktop: browse, search, product page, cart and wishlist each send their event', { timeout: TIMEOUT }, async () => {
    const shop = await device('desktop');
    await shop.cards().first().waitFor();
    assert.equal(await shop.cards().count(), Math.min(12, shopProducts));

    await shop.search('cable');
    const titles = await shop.page.getByTestId('product-card').locator('.title').allInnerTexts();
    assert.ok(titles.length >= 2, `search results: ${titles.join(' | ')}`);
    for (const title of titles) assert.match(title, /cable/i);
    assert.match(await shop.text('result-count'), new RegExp(`^${titles.length} products$`));

    const productId = await shop.openProduct(0);
    const product = await (await fetch(`${stack.baseUrl}/api/plugins/catalog/products/${productId}`, { headers: { authorization: `Bearer ${stack.publishableKey}` } })).json() as { price: number; currency: string; sku: string };
    await shop.addToCart(2);
    assert.equal(await shop.text('cart-count'), '2');
    await shop.toggleWishlist();
    assert.equal(await shop.text('wishlist-count'), '1');
    await shop.openCart();
    await shop.page.locator(`[data-testid="cart-line"][data-product-id="${productId}"]`).waitFor();
    await shop.page.getByTestId('cart-decrease').click();
    assert.equal(await shop.text('cart-quantity'), '1');
    await shop.page.screenshot({ path: `${RESULTS_DIR}/demo-desktop-cart.png` });
    await shop.page.getByTestId('checkout').click();
    await shop.page.getByTestId('order-confirmation').waitFor();
    assert.equal(await shop.text('cart-count'), '0');

    const anonymousId = await shop.anonymousId();
    const events = await eventsUntil({ anonymousId }, hasTypes('page_view', 'search', 'product_view', 'add_to_cart', 'wishlist_add', 'remove_from_cart', 'checkout_step', 'purchase'));
    for (const e of events) {
      assert.equal(e.channel, 'web');
      assert.equal(e.device?.screen, 'desktop');
      assert.match(e.deviceId ?? '', /^dev-desktop-/);
      assert.equal(e.userId, null);
    }
    const one = (type: string) => events.find((e) => e.type === type)!;
    assert.deepEqual(one('search').properties, { query: 'cable', results: titles.length });
    assert.deepEqual(one('product_view').properties, { productId, sku: product.sku, price: product.price, currency: product.currency });
    assert.deepEqual(one('add_to_cart').properties, { productId, sku: product.sku, price: product.price, currency: product.currency, quantity: 2 });
    assert.equal(one('remove_from_cart').properties.quantity, 1);
    assert.equal(one('wishlist_add').properties.productId, productId);
    const purchase = one('purchase').properties as { orderId: string; total: number; currency: string; items: Array<{ productId: string; quantity: number; price: number }> };
    assert.match(purchase.orderId, /^demo-/);
    assert.equal(purchase.total, product.price);
    assert.equal(purchase.currency, product.currency);
    assert.deepEqual(purchase.items, [{ productId, quantity: 1, price: product.price }]);
    assert.equal(one('checkout_step').properties.orderId, purchase.orderId);
    assert.ok(events.filter((e) => e.type === 'page_view').length >= 3, 'a page_view per page');
  });

  test('phone and desktop windows log in as one customer: identify from both devices, then logout resets the phone', { timeout: TIMEOUT }, async () => {
    const customerId = `cust-e2e-${randomUUID().slice(0, 8)}`;
    const email = `${customerId}@example.com`;
    const desktop = await device('desktop');
    const phone = await device('phone');
    await desktop.cards().first().waitFor();
    await phone.cards().first().waitFor();
    assert.equal(await phone.page.locator('body').getAttribute('data-device'), 'phone');

    await desktop.login(customerId, email);
    await phone.login(customerId, email);
    assert.equal(await phone.text('user-id'), customerId);
    await phone.page.screenshot({ path: `${RESULTS_DIR}/demo-phone-account.png` });

    const identifies = await eventsUntil({ type: 'identify', userId: customerId }, (ev) => ev.length >= 2);
    assert.equal(identifies.length, 2);
    assert.deepEqual(identifies.map((e) => e.channel).sort(), ['ios', 'web']);
    assert.deepEqual(identifies.map((e) => e.device?.screen).sort(), ['desktop', 'phone']);
    assert.equal(new Set(identifies.map((e) => e.anonymousId)).size, 2, 'two devices, two anonymousIds');
    assert.equal(new Set(identifies.map((e) => e.deviceId)).size, 2);
    // Traits are sealed at rest with the subject's key (read through the store directly here, so ciphertext).
    for (const e of identifies) {
      assert.ok(isEnvelopeString(e.traits), 'identify traits are stored encrypted');
      assert.ok(!JSON.stringify(e).includes(email), 'the address is nowhere in clear in the stored event');
      assert.equal((e as unknown as { keyRef: string }).keyRef, `user:${customerId}`);
    }
    const phoneAnon = identifies.find((e) => e.channel === 'ios')!.anonymousId;
    assert.equal(await phone.anonymousId(), phoneAnon);

    // Events after login carry the userId.
    await phone.page.getByTestId('nav-products').click();
    await phone.cards().first().waitFor();
    await phone.openProduct(0);
    await eventsUntil({ anonymousId: phoneAnon, type: 'product_view' }, (ev) => ev.some((e) => e.userId === customerId && e.channel === 'ios'));

    await phone.logout();
    assert.equal(await phone.text('user-id'), '—');
    const fresh = await phone.anonymousId();
    assert.notEqual(fresh, phoneAnon, 'logout gives this device a new anonymousId');
    await phone.page.getByTestId('nav-products').click();
    const after = await eventsUntil({ anonymousId: fresh }, hasTypes('page_view'));
    assert.ok(after.every((e) => e.userId === null && e.channel === 'ios'));
  });

  test('the device switcher makes one window act as the other device', { timeout: TIMEOUT }, async () => {
    const shop = await device('desktop');
    await shop.cards().first().waitFor();
    const desktopAnon = await shop.anonymousId();
    await shop.switchDevice('phone');
    assert.match(await shop.text('status-device'), /channel ios/);
    const phoneAnon = await shop.anonymousId();
    assert.notEqual(phoneAnon, desktopAnon);
    await shop.search('strings');
    const events = await eventsUntil({ anonymousId: phoneAnon }, hasTypes('search'));
    assert.ok(events.every((e) => e.channel === 'ios' && e.device?.screen === 'phone'));
    await shop.switchDevice('desktop');
    assert.equal(await shop.anonymousId(), desktopAnon, 'each device keeps its own id');
  });
});

/**
 * Cross-device sync in the demo shop, end to end in Debian Chromium: a real stack (API + worker + FerretDB + Redis),
 * the demo catalogue loaded through the catalog import job, and two browser profiles (phone and desktop) of one
 * shopper. An add to cart on one shows on the other without a reload; the desktop goes offline, both edit, it comes
 * back, and both show the same cart — the server's.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { startStack, type Stack } from '../helpers/stack.ts';
import { DemoShopPage } from './pages/DemoShopPage.ts';
import { launchDevice, type DeviceBrowser } from './support/demo-browser.ts';

const FIXTURE = 'test/fixtures/demo/reviews.jsonl';
const TIMEOUT = 180_000;

function loadCatalogue(stack: Stack): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo-catalog.mjs', '--file', FIXTURE, '--url', stack.baseUrl, '--timeout-s', '90'], { env: { ...stack.env, LOCKSTEP_SECRET_KEY: '' }, stdio: 'ignore' });
    child.on('exit', (code) => resolve(code));
  });
}

/** The cart as a page shows it: product id → quantity (cart page). */
async function cartOf(shop: DemoShopPage): Promise<Record<string, number>> {
  await shop.openCart();
  const lines = shop.page.getByTestId('cart-line');
  const out: Record<string, number> = {};
  for (let i = 0; i < (await lines.count()); i++) {
    const line = lines.nth(i);
    out[(await line.getAttribute('data-product-id'))!] = Number(await line.getByTestId('cart-quantity').innerText());
  }
  return out;
}

/** Back to the product list without reloading the page (hash navigation). */
async function home(shop: DemoShopPage): Promise<void> {
  await shop.page.evaluate(() => { (globalThis as unknown as { location: { hash: string } }).location.hash = '#/'; });
  await shop.page.getByTestId('product-list').waitFor();
}

async function until<T>(what: string, probe: () => Promise<T>, ok: (v: T) => boolean, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  let last: T = await probe();
  while (!ok(last)) {
    if (Date.now() > end) assert.fail(`${what}: last ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 250));
    last = await probe();
  }
  return last;
}

describe('sync in the demo shop: phone and desktop of one shopper', { timeout: 10 * 60_000 }, () => {
  let stack: Stack;
  const browsers: DeviceBrowser[] = [];
  let phone: DemoShopPage;
  let desktop: DemoShopPage;
  let desktopBrowser: DeviceBrowser;
  const customer = `cust-${randomUUID().slice(0, 8)}`;
  const products: string[] = [];

  before(async () => {
    stack = await startStack();
    assert.equal(await loadCatalogue(stack), 0, 'the demo catalogue loads');
    for (const kind of ['phone', 'desktop'] as const) {
      const b = await launchDevice(kind);
      browsers.push(b);
      const shop = new DemoShopPage(b.page, stack.baseUrl);
      await shop.open(kind);
      await shop.login(customer, `${customer}@example.com`);
      if (kind === 'phone') phone = shop; else { desktop = shop; desktopBrowser = b; }
    }
  });
  after(async () => {
    for (const b of browsers) await b.close();
    await stack?.stop();
  });

  test('an add to cart on the phone appears on the desktop without a reload', { timeout: TIMEOUT }, async () => {
    await desktop.openCart();
    await home(phone);
    products.push(await phone.openProduct(0));
    await phone.addToCart(2);
    // The desktop's cart page was open before the add: it re-renders from the sync push.
    await until('the desktop shows the line', async () => Number(await desktop.text('cart-count')), (n) => n === 2);
    await desktop.page.getByTestId('cart-line').first().waitFor();
    assert.deepEqual(await cartOf(desktop), { [products[0]!]: 2 });
  });

  test('a push that redraws the page keeps what the shopper is typing, and where', { timeout: TIMEOUT }, async () => {
    await home(desktop);
    const before = Number(await desktop.text('cart-count'));
    const search = desktop.page.getByTestId('search-input');
    await search.click();
    await search.pressSequentially('gui');
    await home(phone);
    await phone.openProduct(0);
    await phone.addToCart(1);
    await until('the desktop header counts the add', async () => Number(await desktop.text('cart-count')), (n) => n === before + 1);
    assert.equal(await search.inputValue(), 'gui', 'the half-typed search survives the redraw');
    assert.equal(await search.evaluate((el) => el === el.ownerDocument.activeElement), true, 'the search box keeps the focus');
    await desktop.page.keyboard.type('tar');
    assert.equal(await search.inputValue(), 'guitar', 'typing goes on where it was');
    // Back to the cart the next test starts from: the phone's add is taken away again.
    await phone.openCart();
    await phone.page.getByTestId('cart-line').first().waitFor();
    assert.equal((await cartOf(phone))[products[0]!], 3);
    await phone.page.locator(`[data-testid="cart-line"][data-product-id="${products[0]}"]`).getByTestId('cart-decrease').click();
    await until('the line goes back to 2 on both', async () => [(await cartOf(phone))[products[0]!], Number(await desktop.text('cart-count'))], ([p, d]) => p === 2 && d === before);
  });

  test('the desktop goes offline, both edit, it reconnects: both converge on the same cart', { timeout: TIMEOUT }, async () => {
    await home(desktop);
    products.push(await desktop.openProduct(1));
    await desktopBrowser.context.setOffline(true);
    await desktop.addToCart(1);                      // queued on the desktop
    await home(phone);
    products.push(await phone.openProduct(2));
    await phone.addToCart(3);                        // concurrent, online
    await home(phone);
    await phone.openProduct(0);
    await phone.addToCart(1);                        // same line as before: 2 + 1
    await until('the phone has its own edits', async () => Number(await phone.text('cart-count')), (n) => n === 6);
    await desktopBrowser.context.setOffline(false);
    const expected = { [products[0]!]: 3, [products[1]!]: 1, [products[2]!]: 3 };
    await until('the desktop converged', () => cartOf(desktop), (c) => JSON.stringify(Object.entries(c).sort()) === JSON.stringify(Object.entries(expected).sort()), 60_000);
    await until('the phone converged', () => cartOf(phone), (c) => JSON.stringify(Object.entries(c).sort()) === JSON.stringify(Object.entries(expected).sort()), 60_000);
    // The server holds the same cart (the console's live state of the person).
    const login = await fetch(`${stack.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: stack.adminEmail, password: stack.adminPassword }) }).then((r) => r.json()) as { token: string };
    const states = await fetch(`${stack.baseUrl}/api/plugins/sync/states`, { headers: { authorization: `Bearer ${login.token}` } }).then((r) => r.json()) as { id: string; cartQuantity: number }[];
    const withCart = states.filter((s) => s.cartQuantity === 7);
    assert.equal(withCart.length, 1, JSON.stringify(states));
    const detail = await fetch(`${stack.baseUrl}/api/plugins/sync/states/${encodeURIComponent(withCart[0]!.id)}`, { headers: { authorization: `Bearer ${login.token}` } }).then((r) => r.json()) as { view: { cart: { productId: string; quantity: number }[] }; devices: { online: boolean }[] };
    assert.deepEqual(Object.fromEntries(detail.view.cart.map((l) => [l.productId, l.quantity])), expected);
    assert.ok(detail.devices.filter((d) => d.online).length >= 2, JSON.stringify(detail.devices));
  });
});

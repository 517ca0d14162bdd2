import { SORT_LABELS, isSortKey, type Product, type SortKey } from './catalog.ts';
import type { DemoConfig } from './config.ts';
import type { DeviceKind } from './device.ts';
import { h, money, type Child } from './dom.ts';
import type { ShopCart } from './cart.ts';
import type { ProductInfo, ShopState } from './shop-state.ts';
import type { Tracker } from './tracker.ts';

/** What the pages may do: the controller (main.ts) implements it. */
export interface ShopContext {
  config: DemoConfig;
  /** This device's customer and last order. */
  state: ShopState;
  /** The person's cart and wishlist (lockstep.sync), the same on every device. */
  cart: ShopCart;
  tracker: Tracker | null;
  /** Whether the page that asked is still the current one (a newer navigation cancels older renders). */
  current(token: number): boolean;
  listProducts(q: string, page: number, sort: SortKey): Promise<{ items: Product[]; total: number }>;
  product(id: string): Promise<Product>;
  go(hash: string): void;
  search(query: string): void;
  addToCart(p: ProductInfo, quantity: number): void;
  removeFromCart(productId: string, quantity?: number): void;
  toggleWishlist(p: ProductInfo): void;
  checkout(): string | null;
  login(customerId: string, email: string): string | null;
  logout(): void;
  switchDevice(kind: DeviceKind): void;
}

export const PER_PAGE = 12;
/** Sample shoppers for the login page (made up; any id and email work). */
const SAMPLE_CUSTOMERS = [
  { id: 'cust-1001', email: 'ada@example.com' },
  { id: 'cust-1002', email: 'grace@example.com' },
  { id: 'cust-1003', email: 'linus@example.com' },
];

function hue(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) n = (n * 31 + s.charCodeAt(i)) % 360;
  return n;
}

/** A coloured tile with the product's initials: the dataset has no pictures. */
function thumb(p: Pick<Product, 'sku' | 'title'>, size: 'small' | 'large' = 'small'): HTMLElement {
  const words = p.title.replace(/\(.*?\)/g, '').split(/\s+/).filter((w) => /^[A-Za-z]/.test(w));
  const el = h('div', { class: `thumb thumb-${size}`, 'aria-hidden': 'true' }, words.slice(0, 2).map((w) => w[0]!.toUpperCase()).join(''));
  el.style.setProperty('--hue', String(hue(p.sku)));
  return el;
}

function stockBadge(stock: number): HTMLElement {
  return stock > 0
    ? h('span', { class: 'badge ok', testid: 'stock' }, stock < 5 ? `Only ${stock} left` : 'In stock')
    : h('span', { class: 'badge out', testid: 'stock' }, 'Out of stock');
}

function notice(testid: string, title: string, ...body: Child[]): HTMLElement {
  return h('section', { class: 'notice', testid }, h('h2', {}, title), ...body.map((b) => (typeof b === 'string' ? h('p', {}, b) : b)));
}

export function errorNotice(err: unknown): HTMLElement {
  const e = err as { status?: number; code?: string; message?: string };
  return notice('load-error', 'Something went wrong', `${e.code ? `${e.code}: ` : ''}${e.message ?? String(err)}`);
}

// ------------------------------------------------------------------ frame

/**
 * The header's search form. It is built once and stays in the page: the rest of the header redraws whenever another
 * device changes the cart, and a redraw must never take away a half-typed search (its value, focus or caret).
 */
export function searchForm(ctx: ShopContext): HTMLFormElement {
  const input = h('input', { type: 'search', name: 'q', placeholder: 'Search guitars, strings, pedals…', testid: 'search-input', 'aria-label': 'Search products' });
  return h('form', { class: 'search', role: 'search', testid: 'search-form', onsubmit: (e: Event) => { e.preventDefault(); ctx.search(input.value); } },
    input, h('button', { type: 'submit', testid: 'search-submit' }, 'Search'));
}

/** Shows `q` in the search box, unless the shopper is typing in it. */
export function showQuery(form: HTMLFormElement, q: string): void {
  const input = form.elements.namedItem('q') as HTMLInputElement;
  if (document.activeElement !== input) input.value = q;
}

/** The header's top row: brand and device switcher. */
export function headerRow(ctx: ShopContext): HTMLElement {
  const kind = ctx.tracker?.profile.kind;
  const device = (k: DeviceKind, label: string) => h('button', {
    type: 'button', class: `device${kind === k ? ' active' : ''}`, testid: `device-${k}`, 'aria-pressed': String(kind === k),
    title: k === 'phone' ? 'Act as the shopper\'s phone (iOS app channel)' : 'Act as the shopper\'s desktop browser (web channel)',
    onclick: () => ctx.switchDevice(k),
  }, label);
  return h('div', { class: 'row' },
    h('a', { href: '#/', class: 'brand', testid: 'nav-home' }, 'Lockstep Music'),
    h('div', { class: 'devices', role: 'group', 'aria-label': 'Device', testid: 'device-switcher', 'data-device': kind ?? 'none' },
      device('phone', 'Phone'), device('desktop', 'Desktop')),
  );
}

/** The header's navigation: products, wishlist and cart with their counts, who is signed in. */
export function headerNav(ctx: ShopContext): HTMLElement {
  const { state, cart } = ctx;
  return h('nav', { class: 'nav' },
    h('a', { href: '#/', testid: 'nav-products' }, 'Products'),
    h('a', { href: '#/wishlist', testid: 'nav-wishlist' }, 'Wishlist ', h('span', { class: 'count', testid: 'wishlist-count' }, String(cart.wishlist.length))),
    h('a', { href: '#/cart', testid: 'nav-cart' }, 'Cart ', h('span', { class: 'count', testid: 'cart-count' }, String(cart.count))),
    state.customer
      ? h('span', { class: 'who' }, h('a', { href: '#/login', testid: 'current-user' }, state.customer.id), ' ', h('button', { type: 'button', class: 'link', testid: 'header-logout', onclick: () => ctx.logout() }, 'Log out'))
      : h('a', { href: '#/login', testid: 'nav-login' }, 'Log in'),
  );
}

export function footer(ctx: ShopContext): HTMLElement {
  const t = ctx.tracker;
  if (!t) return h('footer', { class: 'status', testid: 'status' }, 'Events are off: no publishable key.');
  return h('footer', { class: 'status', testid: 'status' },
    h('dl', {},
      h('dt', {}, 'Device'), h('dd', { testid: 'status-device' }, `${t.profile.label} · channel ${t.profile.channel} · screen ${t.profile.device.screen}`),
      h('dt', {}, 'anonymousId'), h('dd', { testid: 'anonymous-id' }, t.client.getAnonymousId()),
      h('dt', {}, 'userId'), h('dd', { testid: 'user-id' }, t.client.getUserId() ?? '—'),
      h('dt', {}, 'deviceId'), h('dd', { testid: 'device-id' }, t.deviceId),
      h('dt', {}, 'sync'), syncStatus(t),
      h('dt', {}, 'key'), h('dd', { testid: 'key-source' }, `${ctx.config.publishableKey?.slice(0, 12) ?? ''}… (${ctx.config.keySource})`),
    ),
    h('ol', { class: 'events', testid: 'event-log', 'aria-label': 'Events sent from this device' },
      t.log.map((e) => h('li', { 'data-event-type': e.type, class: e.ok ? '' : 'bad', title: e.note ?? '' }, `${e.at.slice(11, 19)} ${e.type}${e.ok ? '' : ' ✗'}`))),
  );
}

/** Connection and queue of lockstep.sync on this device: the cart and wishlist reach the other devices through it. */
function syncStatus(t: Tracker): HTMLElement {
  const s = t.client.sync.status();
  const text = s.connected
    ? `live (${s.transport === 'sse' ? 'SSE' : 'WebSocket'}) · commit ${s.lastSeq}${s.pending ? ` · ${s.pending} waiting` : ''}`
    : `${s.online ? 'connecting' : 'offline'} · ${s.pending} change${s.pending === 1 ? '' : 's'} waiting`;
  return h('dd', { testid: 'sync-status', 'data-connected': String(s.connected), 'data-pending': String(s.pending) }, text);
}

export function missingKey(config: DemoConfig): HTMLElement {
  return notice('missing-key', 'No storefront key',
    config.problem ?? 'This shop needs the demo tenant\'s publishable key.',
    h('p', {}, 'Open ', h('code', {}, '/demo/?key=pk_…'), ' with a publishable key of your tenant, or start Lockstep with ', h('code', {}, 'LOCKSTEP_DEMO_PUBLISHABLE_KEY'), '.'));
}

// ------------------------------------------------------------------ pages

export async function listPage(ctx: ShopContext, token: number, params: URLSearchParams): Promise<Child> {
  const q = params.get('q')?.trim() ?? '';
  const page = Math.max(0, Number.parseInt(params.get('page') ?? '0', 10) || 0);
  const sortRaw = params.get('sort');
  const sort: SortKey = isSortKey(sortRaw) ? sortRaw : 'newest';
  const { items, total } = await ctx.listProducts(q, page, sort);
  if (!ctx.current(token)) return null;
  if (total === 0 && !q) {
    return notice('empty-catalog', 'The catalogue is empty',
      'Load the demo products (Amazon Musical Instruments reviews from the shared datasets folder) with:',
      h('pre', {}, 'npm run demo:catalog'),
      '`npm start` does it by itself when the datasets folder exists. See demo/README.md.');
  }
  const link = (p: number, s: SortKey = sort) => {
    const next = new URLSearchParams();
    if (q) next.set('q', q);
    if (p > 0) next.set('page', String(p));
    if (s !== 'newest') next.set('sort', s);
    const qs = next.toString();
    return `#/${qs ? `?${qs}` : ''}`;
  };
  const pages = Math.max(1, Math.ceil(total / PER_PAGE));
  const select = h('select', { testid: 'sort-select', 'aria-label': 'Sort by', onchange: (e: Event) => ctx.go(link(0, (e.target as HTMLSelectElement).value as SortKey)) },
    (Object.keys(SORT_LABELS) as SortKey[]).map((k) => h('option', { value: k, selected: k === sort }, SORT_LABELS[k])));
  const recent = !q && page === 0 ? ctx.cart.recentlyViewed() : [];
  return h('section', { class: 'list', testid: 'product-list', 'data-query': q, 'data-total': String(total) },
    recent.length > 0 && h('nav', { class: 'recent', testid: 'recently-viewed', 'aria-label': 'Recently viewed' },
      h('span', { class: 'hint' }, 'Recently viewed:'),
      recent.map((p) => h('a', { href: `#/product/${encodeURIComponent(p.id)}`, testid: 'recent-item', 'data-product-id': p.id }, p.title))),
    h('div', { class: 'list-head' },
      h('h1', {}, q ? `Results for “${q}”` : 'All products'),
      h('span', { testid: 'result-count' }, `${total} product${total === 1 ? '' : 's'}`),
      select),
    items.length === 0
      ? h('p', { class: 'empty', testid: 'no-results' }, `Nothing matches “${q}”. Try “cable”, “strings” or “pedal”.`)
      : h('ul', { class: 'grid' }, items.map((p) => h('li', { class: 'card', testid: 'product-card', 'data-product-id': p.id, 'data-sku': p.sku },
        h('a', { href: `#/product/${encodeURIComponent(p.id)}`, testid: 'product-link' }, thumb(p), h('span', { class: 'title' }, p.title)),
        h('div', { class: 'meta' }, h('strong', { testid: 'card-price' }, money(p.price, p.currency)), stockBadge(p.stock)),
      ))),
    pages > 1 && h('div', { class: 'pager' },
      page > 0 ? h('a', { href: link(page - 1), testid: 'page-prev' }, '← Previous') : h('span', {}),
      h('span', { testid: 'page-info' }, `Page ${page + 1} of ${pages}`),
      page + 1 < pages ? h('a', { href: link(page + 1), testid: 'page-next' }, 'Next →') : h('span', {})),
  );
}

export async function productPage(ctx: ShopContext, token: number, id: string): Promise<Child> {
  const p = await ctx.product(id);
  if (!ctx.current(token)) return null;
  const qty = h('input', { type: 'number', min: '1', max: '99', value: '1', testid: 'quantity-input', 'aria-label': 'Quantity' });
  const wished = ctx.cart.inWishlist(p.id);
  const added = h('p', { class: 'added', testid: 'added-to-cart', hidden: true }, 'Added to your cart.');
  return h('article', { class: 'product', testid: 'product-page', 'data-product-id': p.id, 'data-sku': p.sku },
    h('a', { href: '#/', class: 'back', testid: 'back-to-list', onclick: (e: Event) => { if (history.length > 1) { e.preventDefault(); history.back(); } } }, '← Back'),
    h('div', { class: 'product-body' },
      thumb(p, 'large'),
      h('div', {},
        h('h1', { testid: 'product-title' }, p.title),
        h('p', { class: 'price' }, h('strong', { testid: 'product-price' }, money(p.price, p.currency)), ' ', stockBadge(p.stock)),
        h('p', { class: 'sku' }, `SKU ${p.sku}`),
        h('div', { class: 'buy' },
          qty,
          h('button', {
            type: 'button', class: 'primary', testid: 'add-to-cart', disabled: p.stock <= 0,
            onclick: () => { ctx.addToCart(p, Math.min(99, Math.max(1, Number.parseInt(qty.value, 10) || 1))); added.hidden = false; },
          }, p.stock > 0 ? 'Add to cart' : 'Out of stock'),
          h('button', { type: 'button', testid: 'wishlist-toggle', 'aria-pressed': String(wished), onclick: () => ctx.toggleWishlist(p) }, wished ? '♥ In wishlist' : '♡ Add to wishlist'),
        ),
        added,
        h('div', { class: 'description', testid: 'product-description' }, p.description.split('\n').filter(Boolean).map((line) => h('p', {}, line))),
      ),
    ),
  );
}

export function cartPage(ctx: ShopContext): Child {
  const { state, cart } = ctx;
  const lines = cart.lines;
  if (lines.length === 0) {
    return h('section', { class: 'cart', testid: 'cart-page' },
      h('h1', {}, 'Your cart'),
      state.lastOrder ? h('p', { class: 'ok', testid: 'order-confirmation' }, `Thank you! Order ${state.lastOrder} is placed (a demo: nothing ships).`) : null,
      h('p', { class: 'empty', testid: 'cart-empty' }, 'Your cart is empty.'),
      h('p', { class: 'hint' }, 'Your cart follows you: log in with the same customer id on your other device and it shows there too.'));
  }
  const currency = lines[0]!.currency;
  const info = (l: (typeof lines)[number]): ProductInfo => ({ id: l.productId, sku: l.sku, title: l.title, price: l.price, currency: l.currency });
  return h('section', { class: 'cart', testid: 'cart-page' },
    h('h1', {}, 'Your cart'),
    h('ul', { class: 'lines' }, lines.map((l) => h('li', { class: 'line', testid: 'cart-line', 'data-product-id': l.productId, 'data-added-by': l.addedBy },
      h('a', { href: `#/product/${encodeURIComponent(l.productId)}` }, l.title),
      h('span', { class: 'qty' },
        h('button', { type: 'button', testid: 'cart-decrease', 'aria-label': `One less ${l.title}`, onclick: () => ctx.removeFromCart(l.productId, 1) }, '−'),
        h('span', { testid: 'cart-quantity' }, String(l.quantity)),
        h('button', { type: 'button', testid: 'cart-increase', 'aria-label': `One more ${l.title}`, onclick: () => ctx.addToCart(info(l), 1) }, '+')),
      h('span', { class: 'amount' },
        money(l.price * l.quantity, l.currency),
        l.priceWas !== null && h('small', { class: 'was', testid: 'price-changed', title: 'The price changed since it was added to the cart' },
          ' now ', money(l.price, l.currency), ' each, was ', h('s', {}, money(l.priceWas, l.currency)))),
      h('button', { type: 'button', class: 'link', testid: 'cart-remove', onclick: () => ctx.removeFromCart(l.productId) }, 'Remove'),
    ))),
    h('p', { class: 'total' }, 'Total ', h('strong', { testid: 'cart-total' }, money(cart.total, currency))),
    h('button', { type: 'button', class: 'primary', testid: 'checkout', onclick: () => ctx.checkout() }, 'Place order (demo)'),
  );
}

export function wishlistPage(ctx: ShopContext): Child {
  const items = ctx.cart.wishlist;
  const info = (w: (typeof items)[number]): ProductInfo => ({ id: w.productId, sku: w.sku, title: w.title, price: w.price, currency: w.currency });
  return h('section', { class: 'wishlist', testid: 'wishlist-page' },
    h('h1', {}, 'Wishlist'),
    items.length === 0
      ? h('p', { class: 'empty', testid: 'wishlist-empty' }, 'Nothing saved yet.')
      : h('ul', { class: 'lines' }, items.map((w) => h('li', { class: 'line', testid: 'wishlist-item', 'data-product-id': w.productId },
        h('a', { href: `#/product/${encodeURIComponent(w.productId)}` }, w.title),
        h('span', { class: 'amount' }, money(w.price, w.currency)),
        h('button', { type: 'button', testid: 'wishlist-to-cart', onclick: () => ctx.addToCart(info(w), 1) }, 'Add to cart'),
        h('button', { type: 'button', class: 'link', testid: 'wishlist-remove', onclick: () => ctx.toggleWishlist(info(w)) }, 'Remove'),
      ))),
  );
}

export function loginPage(ctx: ShopContext): Child {
  const { state } = ctx;
  if (state.customer) {
    return h('section', { class: 'login', testid: 'login-page' },
      h('h1', {}, 'Your account'),
      h('p', { testid: 'signed-in-as' }, `Signed in on this device as ${state.customer.id} (${state.customer.email}).`),
      h('p', { class: 'hint' }, 'Sign in with the same customer id on the other device (phone or desktop) and Lockstep links both devices to one person.'),
      h('button', { type: 'button', testid: 'logout', onclick: () => ctx.logout() }, 'Log out'));
  }
  const id = h('input', { name: 'customerId', required: true, maxlength: '100', placeholder: 'cust-1001', testid: 'login-customer-id', autocomplete: 'username' });
  const email = h('input', { name: 'email', type: 'email', required: true, placeholder: 'ada@example.com', testid: 'login-email', autocomplete: 'email' });
  const error = h('p', { class: 'error', testid: 'login-error', hidden: true });
  const submit = (customerId: string, mail: string) => {
    const problem = ctx.login(customerId, mail);
    error.textContent = problem ?? '';
    error.hidden = !problem;
  };
  return h('section', { class: 'login', testid: 'login-page' },
    h('h1', {}, 'Log in'),
    h('p', { class: 'hint' }, 'A demo login: no password. The customer id becomes the shopper\'s userId (SDK identify) on this device.'),
    h('form', { testid: 'login-form', onsubmit: (e: Event) => { e.preventDefault(); submit(id.value, email.value); } },
      h('label', {}, 'Customer id', id),
      h('label', {}, 'Email', email),
      error,
      h('button', { type: 'submit', class: 'primary', testid: 'login-submit' }, 'Log in')),
    h('p', {}, 'Or pick a sample shopper:'),
    h('ul', { class: 'samples' }, SAMPLE_CUSTOMERS.map((c, i) => h('li', {},
      h('button', { type: 'button', testid: `login-pick-${i + 1}`, onclick: () => submit(c.id, c.email) }, `${c.id} · ${c.email}`)))),
  );
}

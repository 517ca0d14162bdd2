/**
 * The Lockstep demo shop: a small storefront on the demo tenant's catalogue that sends every shopper action through the
 * storefront SDK (sdk/src). Hash routes: #/ (list + search), #/product/<id>, #/cart, #/wishlist, #/login.
 */
import { uuid, type PropertiesFor, type TypesWithRequiredProperties } from '../../sdk/src/index.ts';
import { CatalogClient, type Product } from './catalog.ts';
import { loadConfig, type DemoConfig } from './config.ts';
import { initialDevice, profileOf, rememberDevice, type DeviceKind } from './device.ts';
import { h, mount, type Child } from './dom.ts';
import { ShopState } from './shop-state.ts';
import { createTracker, type Tracker } from './tracker.ts';
import { PER_PAGE, cartPage, errorNotice, footer, header, listPage, loginPage, missingKey, productPage, wishlistPage, type ShopContext } from './views.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

class Shop implements ShopContext {
  state: ShopState;
  tracker: Tracker | null = null;
  private readonly catalog: CatalogClient | null;
  private token = 0;
  /** The query a search event was last sent for (paging through results is not a new search). */
  private searched = '';

  constructor(readonly config: DemoConfig, private readonly root: HTMLElement, kind: DeviceKind) {
    this.catalog = config.publishableKey ? new CatalogClient(config.endpoint, config.publishableKey) : null;
    this.state = this.useDevice(kind);
    window.addEventListener('hashchange', () => void this.render());
  }

  // ---------------------------------------------------------------- device & identity

  private useDevice(kind: DeviceKind): ShopState {
    const profile = profileOf(kind);
    document.body.dataset.device = kind;
    if (this.config.publishableKey) {
      this.tracker = createTracker(this.config.endpoint, this.config.publishableKey, profile);
      this.tracker.onLog(() => this.renderFooter());
    }
    const state = new ShopState(`${profile.prefix}.shop`);
    state.onChange(() => this.renderFrame());
    return state;
  }

  switchDevice(kind: DeviceKind): void {
    if (this.tracker?.profile.kind === kind) return;
    rememberDevice(kind);
    const old = this.tracker;
    // What the old device queued goes out (or stays in its own storage for its next session).
    if (old) void old.client.shutdown(2000);
    this.state = this.useDevice(kind);
    void this.render();
  }

  login(customerId: string, email: string): string | null {
    const id = customerId.trim();
    const mail = email.trim().toLowerCase();
    if (!/^[A-Za-z0-9._@:-]{1,100}$/.test(id)) return 'The customer id must be 1–100 letters, digits or . _ @ : -';
    if (!EMAIL.test(mail)) return 'Enter an email address such as ada@example.com';
    if (this.tracker) this.tracker.note('identify', this.tracker.client.identify(id, { email: mail }));
    this.state.setCustomer({ id, email: mail });
    return null;
  }

  logout(): void {
    // A new anonymousId on this device: what happens next is not tied to the person who left.
    this.tracker?.client.reset();
    this.state.setCustomer(null);
  }

  // ---------------------------------------------------------------- catalogue & shop actions

  current(token: number): boolean {
    return token === this.token;
  }

  listProducts(q: string, page: number, sort: Parameters<ShopContext['listProducts']>[2]) {
    return this.requireCatalog().list({ q, page, perPage: PER_PAGE, sort }).then((result) => {
      if (q && q !== this.searched) this.track('search', { query: q, results: result.total });
      this.searched = q;
      return result;
    });
  }

  product(id: string): Promise<Product> {
    return this.requireCatalog().one(id).then((p) => {
      this.track('product_view', { productId: p.id, sku: p.sku, price: p.price, currency: p.currency });
      return p;
    });
  }

  go(hash: string): void {
    if (location.hash === hash) void this.render();
    else location.hash = hash;
  }

  search(query: string): void {
    const q = query.trim();
    this.searched = q === this.searched ? '' : this.searched; // searching the same words again is a new search
    this.go(q ? `#/?${new URLSearchParams({ q })}` : '#/');
  }

  addToCart(p: Product, quantity: number): void {
    this.track('add_to_cart', { productId: p.id, sku: p.sku, price: p.price, currency: p.currency, quantity });
    this.state.addToCart(p, quantity);
  }

  removeFromCart(productId: string, quantity?: number): void {
    const removed = this.state.removeFromCart(productId, quantity);
    if (removed) this.track('remove_from_cart', { productId, sku: removed.sku, price: removed.price, currency: removed.currency, quantity: removed.quantity });
  }

  toggleWishlist(p: Product): void {
    const added = this.state.toggleWishlist(p);
    this.track(added ? 'wishlist_add' : 'wishlist_remove', { productId: p.id, sku: p.sku, price: p.price, currency: p.currency });
  }

  checkout(): string | null {
    const lines = this.state.cart;
    if (lines.length === 0) return null;
    const orderId = `demo-${uuid().slice(0, 8)}`;
    const currency = lines[0]!.currency;
    const total = this.state.cartTotal;
    this.track('checkout_step', { step: 1, orderId });
    this.track('purchase', { orderId, total, currency, items: lines.map((l) => ({ productId: l.productId, quantity: l.quantity, price: l.price })) });
    this.state.checkout(orderId);
    return orderId;
  }

  private track<T extends TypesWithRequiredProperties>(type: T, properties: PropertiesFor<T>): void {
    if (this.tracker) this.tracker.note(type, this.tracker.client.track(type, properties));
  }

  private requireCatalog(): CatalogClient {
    if (!this.catalog) throw new Error('no publishable key');
    return this.catalog;
  }

  // ---------------------------------------------------------------- rendering

  private route(): { path: string; params: URLSearchParams } {
    const raw = location.hash.replace(/^#/, '') || '/';
    const [path, query = ''] = raw.split('?', 2) as [string, string?];
    return { path, params: new URLSearchParams(query) };
  }

  private frame: { header: HTMLElement; main: HTMLElement; footer: HTMLElement } = { header: h('div'), main: h('main', { testid: 'page' }), footer: h('div') };

  async render(): Promise<void> {
    const token = ++this.token;
    const { path, params } = this.route();
    if (!this.root.contains(this.frame.main)) mount(this.root, this.frame.header, this.frame.main, this.frame.footer);
    this.renderFrame();
    if (!this.config.publishableKey) {
      mount(this.frame.main, missingKey(this.config));
      return;
    }
    this.tracker?.note('page_view', this.tracker.client.page({ title: document.title, path: `#${path}` }));
    this.frame.main.setAttribute('aria-busy', 'true');
    let content: Child;
    try {
      const product = /^\/product\/(.+)$/.exec(path);
      if (product) content = await productPage(this, token, decodeURIComponent(product[1]!));
      else if (path === '/cart') content = cartPage(this);
      else if (path === '/wishlist') content = wishlistPage(this);
      else if (path === '/login') content = loginPage(this);
      else content = await listPage(this, token, params);
    } catch (err) {
      content = errorNotice(err);
    }
    if (!this.current(token)) return;
    this.frame.main.removeAttribute('aria-busy');
    mount(this.frame.main, content);
    if (path === '/' || path === '') this.frame.main.dataset.route = 'list';
    else this.frame.main.dataset.route = path.split('/')[1] ?? '';
  }

  /** Header and footer follow state changes (counts, login, device) without reloading the page's content. */
  private renderFrame(): void {
    const q = this.route().params.get('q') ?? '';
    const fresh = header(this, q);
    this.frame.header.replaceWith(fresh);
    this.frame.header = fresh;
    // Pages that show state (cart, wishlist, account) redraw with it.
    const path = this.route().path;
    if (['/cart', '/wishlist', '/login'].includes(path) && this.frame.main.dataset.route === path.slice(1)) {
      mount(this.frame.main, path === '/cart' ? cartPage(this) : path === '/wishlist' ? wishlistPage(this) : loginPage(this));
    }
    this.renderFooter();
  }

  private renderFooter(): void {
    const fresh = footer(this);
    this.frame.footer.replaceWith(fresh);
    this.frame.footer = fresh;
  }
}

async function boot(): Promise<void> {
  const root = document.getElementById('app');
  if (!root) throw new Error('#app is missing from index.html');
  const config = await loadConfig();
  const shop = new Shop(config, root, initialDevice());
  await shop.render();
  root.dataset.ready = 'true';
}

void boot().catch((err: unknown) => {
  const root = document.getElementById('app') ?? document.body;
  mount(root, errorNotice(err));
});

/**
 * The Lockstep demo shop: a small storefront on the demo tenant's catalogue that sends every shopper action through the
 * storefront SDK (sdk/src). Hash routes: #/ (list + search), #/product/<id>, #/cart, #/wishlist, #/login.
 */
import { uuid, type PropertiesFor, type SyncApi, type TypesWithRequiredProperties } from '../../sdk/src/index.ts';
import { ShopCart } from './cart.ts';
import { CatalogClient, type Product } from './catalog.ts';
import { loadConfig, type DemoConfig } from './config.ts';
import { initialDevice, profileOf, rememberDevice, type DeviceKind } from './device.ts';
import { h, mount, type Child } from './dom.ts';
import { ProductCache, ShopState, type ProductInfo } from './shop-state.ts';
import { createTracker, type Tracker } from './tracker.ts';
import { PER_PAGE, cartPage, errorNotice, footer, headerNav, headerRow, listPage, loginPage, missingKey, productPage, searchForm, showQuery, wishlistPage, type ShopContext } from './views.ts';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

class Shop implements ShopContext {
  state!: ShopState;
  cart!: ShopCart;
  tracker: Tracker | null = null;
  private readonly products = new ProductCache();
  private readonly catalog: CatalogClient | null;
  /** Unsubscribers of the current device's sync listeners. */
  private offSync: Array<() => void> = [];
  /** Product ids being looked up for lines added on another device. */
  private readonly lookingUp = new Set<string>();
  private token = 0;
  /** The query a search event was last sent for (paging through results is not a new search). */
  private searched = '';

  constructor(readonly config: DemoConfig, private readonly root: HTMLElement, kind: DeviceKind) {
    this.catalog = config.publishableKey ? new CatalogClient(config.endpoint, config.publishableKey) : null;
    this.useDevice(kind);
    window.addEventListener('hashchange', () => void this.render());
  }

  private get sync(): SyncApi | null {
    return this.tracker?.client.sync ?? null;
  }

  // ---------------------------------------------------------------- device & identity

  /**
   * Acts as `kind`: its own SDK client (ids, event queue, sync state in its storage prefix). The cart and wishlist are
   * the person's sync view: every change (here, on the other device, a price change) redraws the frame.
   */
  private useDevice(kind: DeviceKind): void {
    const profile = profileOf(kind);
    document.body.dataset.device = kind;
    if (this.config.publishableKey) {
      this.tracker = createTracker(this.config.endpoint, this.config.publishableKey, profile);
      this.tracker.onLog(() => this.renderFooter());
    }
    this.state = new ShopState(`${profile.prefix}.shop`);
    this.state.onChange(() => this.renderFrame());
    const sync = this.sync;
    this.cart = new ShopCart(sync, this.products);
    if (sync) {
      const changed = () => { this.renderFrame(); this.lookUpProducts(); };
      this.offSync = [sync.subscribe(changed), sync.on('catalog', changed), sync.on('status', () => this.renderFooter())];
      sync.start();
      this.lookUpProducts();
    }
  }

  /** Lines and wishlist entries added on another device name products this browser has not seen: fetch them once. */
  private lookUpProducts(): void {
    if (!this.catalog) return;
    for (const id of this.cart.unknownProducts()) {
      if (this.lookingUp.has(id)) continue;
      this.lookingUp.add(id);
      this.catalog.one(id).then((p) => {
        this.products.remember(p);
        this.renderFrame();
      }).catch(() => undefined); // a deleted product keeps showing its id
    }
  }

  switchDevice(kind: DeviceKind): void {
    if (this.tracker?.profile.kind === kind) return;
    rememberDevice(kind);
    const old = this.tracker;
    for (const off of this.offSync.splice(0)) off();
    // What the old device queued goes out (or stays in its own storage for its next session); its sync stops.
    if (old) void old.client.shutdown(2000);
    this.useDevice(kind);
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
      this.products.remember(...result.items);
      if (q && q !== this.searched) this.track('search', { query: q, results: result.total });
      this.searched = q;
      return result;
    });
  }

  product(id: string): Promise<Product> {
    return this.requireCatalog().one(id).then((p) => {
      this.products.remember(p);
      this.track('product_view', { productId: p.id, sku: p.sku, price: p.price, currency: p.currency });
      this.sync?.viewed(p.id);
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

  /** Adds to the person's cart (sync: a quantity delta, with the price seen) and tracks add_to_cart. */
  addToCart(p: ProductInfo, quantity: number): void {
    this.products.remember(p);
    this.track('add_to_cart', { productId: p.id, sku: p.sku, price: p.price, currency: p.currency, quantity });
    this.sync?.cart.add(p.id, { quantity, price: p.price, currency: p.currency });
  }

  /** Lowers a line by `quantity` (sync: set the quantity it shows here, or remove the line at 0); no quantity: the whole line. */
  removeFromCart(productId: string, quantity?: number): void {
    const line = this.cart.line(productId);
    if (!line || !this.sync) return;
    const removed = Math.min(quantity ?? line.quantity, line.quantity);
    if (removed >= line.quantity) this.sync.cart.remove(productId);
    else this.sync.cart.setQuantity(productId, line.quantity - removed);
    this.track('remove_from_cart', { productId, sku: line.sku, price: line.price, currency: line.currency, quantity: removed });
  }

  toggleWishlist(p: ProductInfo): void {
    if (!this.sync) return;
    this.products.remember(p);
    const added = this.sync.wishlist.toggle(p.id);
    this.track(added ? 'wishlist_add' : 'wishlist_remove', { productId: p.id, sku: p.sku, price: p.price, currency: p.currency });
  }

  /** A demo order at the current prices; the ordered lines leave the person's cart on every device. */
  checkout(): string | null {
    const lines = this.cart.lines;
    if (lines.length === 0 || !this.sync) return null;
    const orderId = `demo-${uuid().slice(0, 8)}`;
    const currency = lines[0]!.currency;
    const total = this.cart.total;
    this.track('checkout_step', { step: 1, orderId });
    this.track('purchase', { orderId, total, currency, items: lines.map((l) => ({ productId: l.productId, quantity: l.quantity, price: l.price })) });
    this.state.setLastOrder(orderId);
    for (const l of lines) this.sync.cart.remove(l.productId, l.variantId !== null ? { variantId: l.variantId } : {});
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

  private readonly frame = ((search: HTMLFormElement) => {
    const row: HTMLElement = h('div');
    const nav: HTMLElement = h('nav');
    return { header: h('header', { class: 'top' }, row, search, nav), row, search, nav, main: h('main', { testid: 'page' }), footer: h('div') as HTMLElement };
  })(searchForm(this));

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
    this.frame.main.dataset.customer = this.state.customer?.id ?? '';
    if (path === '/' || path === '') this.frame.main.dataset.route = 'list';
    else this.frame.main.dataset.route = path.split('/')[1] ?? '';
  }

  /** Header and footer follow state changes (counts, login, device) without reloading the page's content. */
  private renderFrame(): void {
    // The header's row and nav redraw; its search form stays in the page (a redraw must not take a half-typed query).
    showQuery(this.frame.search, this.route().params.get('q') ?? '');
    const row = headerRow(this);
    this.frame.row.replaceWith(row);
    this.frame.row = row;
    const nav = headerNav(this);
    this.frame.nav.replaceWith(nav);
    this.frame.nav = nav;
    // Pages that show state (cart, wishlist, account) redraw with it.
    const path = this.route().path;
    // The account page shows only who is signed in: a cart change elsewhere must not redraw a form being filled in.
    const stale = path !== '/login' || this.frame.main.dataset.customer !== (this.state.customer?.id ?? '');
    if (['/cart', '/wishlist', '/login'].includes(path) && this.frame.main.dataset.route === path.slice(1) && stale) {
      mount(this.frame.main, path === '/cart' ? cartPage(this) : path === '/wishlist' ? wishlistPage(this) : loginPage(this));
      this.frame.main.dataset.customer = this.state.customer?.id ?? '';
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

import type { CatalogFacts, SyncApi, SyncView } from '../../sdk/src/index.ts';
import type { ProductCache, ProductInfo } from './shop-state.ts';

/** A cart line as the pages show it: the sync view's line, with the product's title and its current price. */
export interface CartLine {
  productId: string;
  variantId: string | null;
  sku: string;
  title: string;
  quantity: number;
  /** The current catalogue price (the catalogue facts the server pushes), else the price seen when adding. */
  price: number;
  currency: string;
  /** The price the shopper saw when adding, when it differs from the current one. */
  priceWas: number | null;
  /** Added on this device or another (the sync view's `addedBy`). */
  addedBy: string;
}
export interface WishItem { productId: string; sku: string; title: string; price: number; currency: string }

/**
 * The person's cart and wishlist as this device sees them: `lockstep.sync`'s view (server state + this device's pending
 * edits), joined with what the shop knows of each product. Without a sync client (no key) both are empty.
 */
export class ShopCart {
  constructor(private readonly sync: SyncApi | null, private readonly products: ProductCache) {}

  private get view(): SyncView | null { return this.sync?.view() ?? null; }
  private get facts(): CatalogFacts { return this.sync?.catalog() ?? {}; }

  get lines(): CartLine[] {
    const facts = this.facts;
    return (this.view?.cart ?? []).map((l) => {
      const info = this.products.get(l.productId);
      const fact = facts[l.productId];
      const price = fact?.price ?? info?.price ?? l.priceSeen ?? 0;
      const currency = fact?.currency ?? info?.currency ?? l.currency ?? 'EUR';
      const priceWas = l.priceSeen !== null && (l.currency ?? currency) === currency && Math.abs(l.priceSeen - price) >= 0.005 ? l.priceSeen : null;
      return {
        productId: l.productId, variantId: l.variantId, sku: info?.sku ?? '', title: fact?.title ?? info?.title ?? l.productId,
        quantity: l.quantity, price, currency, priceWas, addedBy: l.addedBy,
      };
    });
  }

  get wishlist(): WishItem[] {
    const facts = this.facts;
    return (this.view?.wishlist ?? []).map((id) => {
      const info = this.products.get(id);
      const fact = facts[id];
      return { productId: id, sku: info?.sku ?? '', title: fact?.title ?? info?.title ?? id, price: fact?.price ?? info?.price ?? 0, currency: fact?.currency ?? info?.currency ?? 'EUR' };
    });
  }

  /** Recently viewed products this shop can name (newest first). */
  recentlyViewed(limit = 6): ProductInfo[] {
    return (this.view?.recentlyViewed ?? []).map((id) => this.products.get(id)).filter((p): p is ProductInfo => !!p).slice(0, limit);
  }

  get count(): number { return (this.view?.cart ?? []).reduce((n, l) => n + l.quantity, 0); }
  get total(): number { return Math.round(this.lines.reduce((n, l) => n + l.price * l.quantity, 0) * 100) / 100; }
  inWishlist(productId: string): boolean { return this.view?.wishlist.includes(productId) ?? false; }
  line(productId: string): CartLine | undefined { return this.lines.find((l) => l.productId === productId && l.variantId === null); }

  /** Product ids in the cart, wishlist or recently viewed that the shop cannot name yet. */
  unknownProducts(): string[] {
    const v = this.view;
    if (!v) return [];
    const ids = new Set([...v.cart.map((l) => l.productId), ...v.wishlist, ...v.recentlyViewed.slice(0, 6)]);
    return [...ids].filter((id) => !this.products.has(id));
  }
}

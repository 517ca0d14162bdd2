import type { Product } from './catalog.ts';

/**
 * What one device keeps for itself (localStorage, under the device's prefix): the signed-in customer and the last
 * order. The cart and the wishlist are the person's, shared by all their devices: they live in `lockstep.sync`
 * (see cart.ts).
 */
export interface Customer { id: string; email: string }
interface Saved { customer: Customer | null; lastOrder: string | null }

export class ShopState {
  private data: Saved;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly key: string) {
    this.data = this.load();
  }

  get customer(): Customer | null { return this.data.customer; }
  get lastOrder(): string | null { return this.data.lastOrder; }

  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  setCustomer(customer: Customer | null): void {
    this.data.customer = customer;
    this.save();
  }

  setLastOrder(orderId: string | null): void {
    this.data.lastOrder = orderId;
    this.save();
  }

  private load(): Saved {
    try {
      const raw = localStorage.getItem(this.key);
      const parsed = raw ? (JSON.parse(raw) as Partial<Saved>) : {};
      return {
        customer: parsed.customer && typeof parsed.customer.id === 'string' ? parsed.customer : null,
        lastOrder: typeof parsed.lastOrder === 'string' ? parsed.lastOrder : null,
      };
    } catch {
      return { customer: null, lastOrder: null };
    }
  }

  private save(): void {
    try {
      localStorage.setItem(this.key, JSON.stringify(this.data));
    } catch {
      // storage full or disabled: the state lives until the page closes
    }
    for (const fn of this.listeners) fn();
  }
}

/** What a line or a wishlist entry shows of a product (the sync state holds ids, not titles). */
export type ProductInfo = Pick<Product, 'id' | 'sku' | 'title' | 'price' | 'currency'>;

/**
 * Products this browser has seen (list, product page), by id: titles and SKUs for lines added on another device.
 * One cache for the whole browser (the catalogue is the tenant's, not the device's); bounded.
 */
export class ProductCache {
  private readonly map = new Map<string, ProductInfo>();
  private static readonly KEY = 'lockstep-demo.products';
  private static readonly MAX = 300;

  constructor() {
    try {
      const raw = localStorage.getItem(ProductCache.KEY);
      for (const p of raw ? (JSON.parse(raw) as ProductInfo[]) : []) if (p && typeof p.id === 'string') this.map.set(p.id, p);
    } catch {
      // start empty
    }
  }

  get(id: string): ProductInfo | undefined { return this.map.get(id); }
  has(id: string): boolean { return this.map.has(id); }

  remember(...products: ProductInfo[]): void {
    for (const p of products) {
      this.map.delete(p.id);
      this.map.set(p.id, { id: p.id, sku: p.sku, title: p.title, price: p.price, currency: p.currency });
    }
    while (this.map.size > ProductCache.MAX) this.map.delete(this.map.keys().next().value as string);
    try {
      localStorage.setItem(ProductCache.KEY, JSON.stringify([...this.map.values()]));
    } catch {
      // memory only
    }
  }
}

import type { Product } from './catalog.ts';

/** What one device keeps: its cart, wishlist and signed-in customer (localStorage, under the device's prefix). */
export interface CartLine { productId: string; sku: string; title: string; price: number; currency: string; quantity: number }
export interface WishItem { productId: string; sku: string; title: string; price: number; currency: string }
export interface Customer { id: string; email: string }
interface Saved { cart: CartLine[]; wishlist: WishItem[]; customer: Customer | null; lastOrder: string | null }

const EMPTY: Saved = { cart: [], wishlist: [], customer: null, lastOrder: null };

export class ShopState {
  private data: Saved;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly key: string) {
    this.data = this.load();
  }

  get cart(): readonly CartLine[] { return this.data.cart; }
  get wishlist(): readonly WishItem[] { return this.data.wishlist; }
  get customer(): Customer | null { return this.data.customer; }
  get lastOrder(): string | null { return this.data.lastOrder; }
  get cartCount(): number { return this.data.cart.reduce((n, l) => n + l.quantity, 0); }
  get cartTotal(): number { return Math.round(this.data.cart.reduce((n, l) => n + l.price * l.quantity, 0) * 100) / 100; }
  inWishlist(productId: string): boolean { return this.data.wishlist.some((w) => w.productId === productId); }

  onChange(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  addToCart(p: Pick<Product, 'id' | 'sku' | 'title' | 'price' | 'currency'>, quantity: number): void {
    const line = this.data.cart.find((l) => l.productId === p.id);
    if (line) line.quantity += quantity;
    else this.data.cart.push({ productId: p.id, sku: p.sku, title: p.title, price: p.price, currency: p.currency, quantity });
    this.save();
  }

  /** Lowers a line by `quantity` (removing it at 0); returns what was removed. */
  removeFromCart(productId: string, quantity = Infinity): CartLine | null {
    const line = this.data.cart.find((l) => l.productId === productId);
    if (!line) return null;
    const removed = { ...line, quantity: Math.min(quantity, line.quantity) };
    line.quantity -= removed.quantity;
    if (line.quantity <= 0) this.data.cart = this.data.cart.filter((l) => l !== line);
    this.save();
    return removed;
  }

  toggleWishlist(p: Pick<Product, 'id' | 'sku' | 'title' | 'price' | 'currency'>): boolean {
    const had = this.inWishlist(p.id);
    this.data.wishlist = had ? this.data.wishlist.filter((w) => w.productId !== p.id) : [...this.data.wishlist, { productId: p.id, sku: p.sku, title: p.title, price: p.price, currency: p.currency }];
    this.save();
    return !had;
  }

  setCustomer(customer: Customer | null): void {
    this.data.customer = customer;
    this.save();
  }

  /** Empties the cart after an order; returns the order's lines. */
  checkout(orderId: string): CartLine[] {
    const lines = this.data.cart;
    this.data.cart = [];
    this.data.lastOrder = orderId;
    this.save();
    return lines;
  }

  private load(): Saved {
    try {
      const raw = localStorage.getItem(this.key);
      const parsed = raw ? (JSON.parse(raw) as Partial<Saved>) : {};
      return {
        cart: Array.isArray(parsed.cart) ? parsed.cart : [],
        wishlist: Array.isArray(parsed.wishlist) ? parsed.wishlist : [],
        customer: parsed.customer && typeof parsed.customer.id === 'string' ? parsed.customer : null,
        lastOrder: typeof parsed.lastOrder === 'string' ? parsed.lastOrder : null,
      };
    } catch {
      return structuredClone(EMPTY);
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

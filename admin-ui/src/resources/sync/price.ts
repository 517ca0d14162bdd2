import type { CartLineView, CatalogFacts } from './types';

/** Prices are compared to the cent: float noise never raises a warning. */
const CENT = 0.005;

export type PriceState =
  | 'same'      // the catalogue still asks what the shopper saw
  | 'changed'   // the catalogue price (or currency) differs from what the shopper saw
  | 'unseen'    // the device sent no price with the add: nothing to compare
  | 'unknown'   // the server sent no facts for this product
  | 'gone';     // the catalogue no longer has the product

export interface PriceCheck {
  state: PriceState;
  seen: number | null;
  seenCurrency: string | null;
  current: number | null;
  currency: string | null;
  /** current − seen when both are in the same currency. */
  delta: number | null;
  stock: number | null;
  outOfStock: boolean;
  /** In stock, but fewer than the line's quantity. */
  short: boolean;
}

/** The price the shopper saw on a cart line against the current catalogue price, and the stock against the quantity. */
export function checkLine(line: Pick<CartLineView, 'productId' | 'quantity' | 'priceSeen' | 'currency'>, catalog: CatalogFacts): PriceCheck {
  const seen = line.priceSeen;
  const seenCurrency = line.currency;
  const base = { seen, seenCurrency, current: null, currency: null, delta: null, stock: null, outOfStock: false, short: false };
  if (!Object.hasOwn(catalog, line.productId)) return { ...base, state: 'unknown' };
  const facts = catalog[line.productId];
  if (!facts) return { ...base, state: 'gone', outOfStock: true };
  const stock = facts.stock;
  const stockPart = { stock, outOfStock: stock <= 0, short: stock > 0 && stock < line.quantity };
  const current = { current: facts.price, currency: facts.currency };
  if (seen === null) return { ...base, ...current, ...stockPart, state: 'unseen' };
  const sameCurrency = !seenCurrency || seenCurrency === facts.currency;
  const delta = sameCurrency ? facts.price - seen : null;
  const changed = !sameCurrency || Math.abs(delta!) >= CENT;
  return { ...base, ...current, ...stockPart, delta, state: changed ? 'changed' : 'same' };
}

/** Lines whose price changed since the shopper saw it (the warning count of the cart header). */
export function changedLines(lines: CartLineView[], catalog: CatalogFacts): number {
  return lines.filter((l) => checkLine(l, catalog).state === 'changed').length;
}

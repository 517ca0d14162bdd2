// What clients show: the plain, canonical shape derived from a state. See README.md for each rule.
import type { PrefKey } from './ops.schema.ts';
import { RECENTLY_VIEWED_CAP, cmp, compareStamp, type CartContribution, type CartLineState, type Stamp, type SyncState } from './state.ts';

export interface CartLineView {
  productId: string;
  variantId: string | null;
  quantity: number;
  priceSeen: number | null;
  currency: string | null;
  /** Device of the oldest contribution still alive on the line. */
  addedBy: string;
}
export interface ResumeView {
  checkoutStep: string | null;
  lastProductId: string | null;
}
export interface SyncView {
  /** Oldest line first (by its oldest live contribution). */
  cart: CartLineView[];
  /** Newest add first. */
  wishlist: string[];
  /** Newest view first, at most RECENTLY_VIEWED_CAP. */
  recentlyViewed: string[];
  preferences: Partial<Record<PrefKey, string>>;
  resume: Record<string, ResumeView>;
}

export function view(state: SyncState): SyncView {
  const lines: { first: Stamp; key: string; line: CartLineView }[] = [];
  for (const [key, line] of Object.entries(state.cart)) {
    const v = lineView(line);
    if (v) lines.push({ first: v.first, key, line: v.line });
  }
  lines.sort((x, y) => compareStamp(x.first, y.first) || cmp(x.key, y.key));

  const wish: { productId: string; newest: Stamp }[] = [];
  for (const [productId, entry] of Object.entries(state.wishlist)) {
    const live = Object.values(entry.adds).filter((a) => !Object.hasOwn(entry.removed, a.opId));
    if (live.length) wish.push({ productId, newest: live.reduce((m, a) => (compareStamp(a, m) > 0 ? a : m)) });
  }
  wish.sort((x, y) => compareStamp(y.newest, x.newest) || cmp(x.productId, y.productId));

  const recentlyViewed = Object.entries(state.viewed).sort(([, x], [, y]) => compareStamp(y, x)).slice(0, RECENTLY_VIEWED_CAP).map(([p]) => p);

  const preferences: Partial<Record<PrefKey, string>> = {};
  for (const key of Object.keys(state.preferences).sort() as PrefKey[]) preferences[key] = state.preferences[key]!.value;

  const resume: Record<string, ResumeView> = {};
  for (const deviceId of Object.keys(state.resume).sort()) {
    const r = state.resume[deviceId]!;
    Object.defineProperty(resume, deviceId, {
      value: { checkoutStep: r.checkoutStep?.value ?? null, lastProductId: r.lastProductId?.value ?? null }, enumerable: true, writable: true, configurable: true,
    });
  }
  return { cart: lines.map((l) => l.line), wishlist: wish.map((w) => w.productId), recentlyViewed, preferences, resume };
}

/**
 * A line's quantity: the winning `set` (greatest stamp among live sets) is the base, plus every live `add` that the
 * winning set did not observe. Without a live set the base is 0. A line with no live contribution is absent.
 */
export function lineView(line: CartLineState): { first: Stamp; line: CartLineView } | null {
  const live = Object.values(line.contributions).filter((c) => !Object.hasOwn(line.removed, c.opId)).sort(compareStamp);
  if (live.length === 0) return null;
  let base: CartContribution | undefined;
  for (const c of live) if (c.kind === 'set') base = c; // sorted ascending: the last set is the greatest
  const overridden = new Set(base?.observed ?? []);
  let quantity = base?.quantity ?? 0;
  let priced: CartContribution | undefined;
  for (const c of live) {
    if (c.kind !== 'add') continue;
    if (!overridden.has(c.opId)) quantity += c.quantity;
    if (c.priceSeen !== undefined) priced = c;
  }
  return {
    first: live[0]!,
    line: {
      productId: line.productId, variantId: line.variantId, quantity,
      priceSeen: priced?.priceSeen ?? null, currency: priced ? (priced.currency ?? null) : null, addedBy: live[0]!.deviceId,
    },
  };
}

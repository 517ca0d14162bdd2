// State-based join (least upper bound) of two states: commutative, associative and idempotent. See README.md.
import {
  RECENTLY_VIEWED_CAP, compareStamp, own, pickSame,
  type CartLineState, type Register, type ResumeState, type Stamp, type SyncState, type WishlistEntry,
} from './state.ts';

export function mergeStates(a: SyncState, b: SyncState): SyncState {
  return {
    cart: joinRecords(a.cart, b.cart, joinLine),
    wishlist: joinRecords(a.wishlist, b.wishlist, joinWish),
    viewed: capViewed(joinRecords(a.viewed, b.viewed, maxStamp)),
    preferences: joinRecords(a.preferences as Record<string, Register<string>>, b.preferences as Record<string, Register<string>>, pickSame),
    resume: joinRecords(a.resume, b.resume, joinResume),
  };
}

/** Keeps the RECENTLY_VIEWED_CAP greatest stamps. Truncating after a max-merge is itself a join (README.md: bounds). */
export function capViewed(viewed: Readonly<Record<string, Stamp>>): Readonly<Record<string, Stamp>> {
  const keys = Object.keys(viewed);
  if (keys.length <= RECENTLY_VIEWED_CAP) return viewed;
  const kept = keys.sort((x, y) => compareStamp(viewed[y]!, viewed[x]!)).slice(0, RECENTLY_VIEWED_CAP);
  const out: Record<string, Stamp> = {};
  for (const k of kept) put(out, k, viewed[k]!);
  return out;
}

function joinRecords<T>(a: Readonly<Record<string, T>>, b: Readonly<Record<string, T>>, join: (x: T, y: T) => T): Readonly<Record<string, T>> {
  const keys = Object.keys(b);
  if (keys.length === 0) return a;
  const out: Record<string, T> = { ...a };
  for (const k of keys) {
    const x = own(a, k);
    const y = b[k]!;
    put(out, k, x === undefined ? y : join(x, y));
  }
  return out;
}

/** Defines an own property, so a key named `__proto__` is stored as data. */
function put<T>(rec: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(rec, key, { value, enumerable: true, writable: true, configurable: true });
}

function union(a: Readonly<Record<string, true>>, b: Readonly<Record<string, true>>): Readonly<Record<string, true>> {
  return joinRecords(a, b, () => true as const);
}

function maxStamp(x: Stamp, y: Stamp): Stamp {
  return compareStamp(x, y) >= 0 ? x : y;
}

function joinLine(x: CartLineState, y: CartLineState): CartLineState {
  return { productId: x.productId, variantId: x.variantId, contributions: joinRecords(x.contributions, y.contributions, pickSame), removed: union(x.removed, y.removed) };
}

function joinWish(x: WishlistEntry, y: WishlistEntry): WishlistEntry {
  return { adds: joinRecords(x.adds, y.adds, pickSame), removed: union(x.removed, y.removed) };
}

function joinRegister<T>(x: Register<T> | undefined, y: Register<T> | undefined): Register<T> | undefined {
  return x === undefined ? y : y === undefined ? x : pickSame(x, y);
}

function joinResume(x: ResumeState, y: ResumeState): ResumeState {
  const checkoutStep = joinRegister(x.checkoutStep, y.checkoutStep);
  const lastProductId = joinRegister(x.lastProductId, y.lastProductId);
  return { ...(checkoutStep ? { checkoutStep } : {}), ...(lastProductId ? { lastProductId } : {}) };
}

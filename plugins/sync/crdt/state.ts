// The replicated state: a join-semilattice whose every part is keyed by op id or merged by maximum, so applying an op
// twice or in another order changes nothing. JSON-serializable (plain objects, no Map/Set). README.md has the rules.
import type { PrefKey } from './ops.schema.ts';

/** How many recently viewed products the state keeps (and the view shows). */
export const RECENTLY_VIEWED_CAP = 50;

/** Identity and position of one op in the total order. */
export interface Stamp {
  readonly opId: string;
  readonly hlc: string;
  readonly deviceId: string;
}
/** A set of op ids, as an object so the state stays plain JSON. */
export type IdSet = Readonly<Record<string, true>>;

/** One `cart.add` (a quantity delta) or `cart.setQuantity` (a base that overrides what it observed) on a line. */
export interface CartContribution extends Stamp {
  readonly kind: 'add' | 'set';
  readonly quantity: number;
  readonly priceSeen?: number;
  readonly currency?: string;
  /** For `set`: the line op ids it overrides. */
  readonly observed?: readonly string[];
}
export interface CartLineState {
  readonly productId: string;
  readonly variantId: string | null;
  /** Every contribution ever received, by op id (the OR-set tags of the line). */
  readonly contributions: Readonly<Record<string, CartContribution>>;
  /** Tombstones: contribution op ids that a `cart.remove` observed (may arrive before the contribution itself). */
  readonly removed: IdSet;
}
export interface WishlistEntry {
  readonly adds: Readonly<Record<string, Stamp>>;
  readonly removed: IdSet;
}
/** Last-writer-wins register: the value of the greatest stamp. */
export interface Register<T> extends Stamp {
  readonly value: T;
}
export interface ResumeState {
  readonly checkoutStep?: Register<string | null>;
  readonly lastProductId?: Register<string | null>;
}
export interface SyncState {
  /** Keyed by `lineKey(productId, variantId)`. */
  readonly cart: Readonly<Record<string, CartLineState>>;
  readonly wishlist: Readonly<Record<string, WishlistEntry>>;
  /** productId → stamp of its latest view; only the RECENTLY_VIEWED_CAP greatest are kept. */
  readonly viewed: Readonly<Record<string, Stamp>>;
  readonly preferences: Readonly<Partial<Record<PrefKey, Register<string>>>>;
  /** deviceId → its resume point. */
  readonly resume: Readonly<Record<string, ResumeState>>;
}

export function emptyState(): SyncState {
  return { cart: {}, wishlist: {}, viewed: {}, preferences: {}, resume: {} };
}

/** The total order of ops: HLC (encoded, so string order), then deviceId, then opId. */
export function compareStamp(a: Stamp, b: Stamp): number {
  return cmp(a.hlc, b.hlc) || cmp(a.deviceId, b.deviceId) || cmp(a.opId, b.opId);
}
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Line key; `\u0000` cannot occur in ids (the op schema forbids it), so distinct lines never collide. */
export function lineKey(productId: string, variantId: string | null | undefined): string {
  return `${productId}\u0000${variantId ?? ''}`;
}

/** Own-property read: ids such as `__proto__` are data, never prototype lookups. */
export function own<T>(rec: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(rec, key) ? rec[key] : undefined;
}
/** Copy-on-write set of one key (a computed key in a literal defines an own property, `__proto__` included). */
export function withKey<T>(rec: Readonly<Record<string, T>>, key: string, value: T): Record<string, T> {
  return { ...rec, [key]: value };
}

/**
 * Deterministic choice between two records stored under the same op id. Op ids are unique, so this only matters for
 * a misbehaving client that reuses one: the pick must still not depend on delivery order.
 */
export function pickSame<T extends Stamp>(a: T, b: T): T {
  const c = compareStamp(a, b);
  if (c !== 0) return c > 0 ? a : b;
  const ja = canonicalJson(a);
  const jb = canonicalJson(b);
  return ja >= jb ? a : b;
}

/** JSON with object keys sorted at every level and undefined members dropped. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const rec = value as Record<string, unknown>;
  const keys = Object.keys(rec).filter((k) => rec[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(rec[k])}`).join(',')}}`;
}

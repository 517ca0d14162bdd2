/**
 * The sync wire shapes (ops, state, view, frames), written by hand from plugins/sync/crdt/*.ts and
 * plugins/sync/protocol/frames.ts so that the SDK's published typings never need the server's `typebox`.
 * sdk/test/sync-types.test.ts checks at compile time that each one is mutually assignable with its source.
 */

/** Fields every op carries. `opId` is globally unique (`<deviceId>:<uuid>`); `hlc` = encodeHlc(tick(clock, now)). */
export interface OpEnvelope {
  opId: string;
  hlc: string;
  deviceId: string;
}
export interface CartAddOp extends OpEnvelope {
  kind: 'cart.add';
  productId: string;
  variantId?: string;
  /** 1 … 10 000, a delta added to the line. */
  quantity: number;
  priceSeen?: number;
  currency?: string;
}
/** Sets the quantity, overriding the line contributions in `observed`. */
export interface CartSetQuantityOp extends OpEnvelope {
  kind: 'cart.setQuantity';
  productId: string;
  variantId?: string;
  quantity: number;
  observed: string[];
}
/** Removes the line contributions in `observed` (a concurrent add keeps the line). */
export interface CartRemoveOp extends OpEnvelope {
  kind: 'cart.remove';
  productId: string;
  variantId?: string;
  observed: string[];
}
export interface WishlistAddOp extends OpEnvelope { kind: 'wishlist.add'; productId: string }
export interface WishlistRemoveOp extends OpEnvelope { kind: 'wishlist.remove'; productId: string; observed: string[] }
export interface ViewedAddOp extends OpEnvelope { kind: 'viewed.add'; productId: string }
export type PrefKey = 'currency' | 'language' | 'size' | 'store';
export type PrefSetOp =
  | (OpEnvelope & { kind: 'pref.set'; key: 'currency'; value: string })
  | (OpEnvelope & { kind: 'pref.set'; key: 'language'; value: string })
  | (OpEnvelope & { kind: 'pref.set'; key: 'size'; value: string })
  | (OpEnvelope & { kind: 'pref.set'; key: 'store'; value: string });
/** "Continue where you left off" of the issuing device; an absent field is untouched, null clears it. */
export interface ResumeSetOp extends OpEnvelope {
  kind: 'resume.set';
  checkoutStep?: string | null;
  lastProductId?: string | null;
}
export type SyncOp = CartAddOp | CartSetQuantityOp | CartRemoveOp | WishlistAddOp | WishlistRemoveOp | ViewedAddOp | PrefSetOp | ResumeSetOp;
export type SyncOpKind = SyncOp['kind'];

// ------------------------------------------------------------------ state (crdt/state.ts)

export interface Stamp {
  readonly opId: string;
  readonly hlc: string;
  readonly deviceId: string;
}
export type IdSet = Readonly<Record<string, true>>;
export interface CartContribution extends Stamp {
  readonly kind: 'add' | 'set';
  readonly quantity: number;
  readonly priceSeen?: number;
  readonly currency?: string;
  readonly observed?: readonly string[];
}
export interface CartLineState {
  readonly productId: string;
  readonly variantId: string | null;
  readonly contributions: Readonly<Record<string, CartContribution>>;
  readonly removed: IdSet;
}
export interface WishlistEntry {
  readonly adds: Readonly<Record<string, Stamp>>;
  readonly removed: IdSet;
}
export interface Register<T> extends Stamp {
  readonly value: T;
}
export interface ResumeState {
  readonly checkoutStep?: Register<string | null>;
  readonly lastProductId?: Register<string | null>;
}
/** The replicated state of a person (a join-semilattice; see plugins/sync/crdt/README.md). */
export interface SyncState {
  readonly cart: Readonly<Record<string, CartLineState>>;
  readonly wishlist: Readonly<Record<string, WishlistEntry>>;
  readonly viewed: Readonly<Record<string, Stamp>>;
  readonly preferences: Readonly<Partial<Record<PrefKey, Register<string>>>>;
  readonly resume: Readonly<Record<string, ResumeState>>;
}

// ------------------------------------------------------------------ view (crdt/view.ts)

export interface CartLineView {
  productId: string;
  variantId: string | null;
  quantity: number;
  /** Price the shopper saw when adding (newest add that carried one), or null. */
  priceSeen: number | null;
  currency: string | null;
  /** Device of the oldest contribution still alive on the line. */
  addedBy: string;
}
export interface ResumeView {
  checkoutStep: string | null;
  lastProductId: string | null;
}
/** What a storefront shows: the same on every device of the person once they converged. */
export interface SyncView {
  /** Oldest line first. */
  cart: CartLineView[];
  /** Newest add first. */
  wishlist: string[];
  /** Newest first, at most 50. */
  recentlyViewed: string[];
  preferences: Partial<Record<PrefKey, string>>;
  /** deviceId → its resume point. */
  resume: Record<string, ResumeView>;
}

// ------------------------------------------------------------------ frames (protocol/frames.ts)

/** Current catalogue facts of the products in the person's cart and wishlist; null: the product is gone. */
export interface CatalogFacts {
  [productId: string]: { price: number; currency: string; stock: number; title?: string } | null;
}
export type SnapshotReason = 'hello' | 'digest' | 'slow' | 'gap' | 'merge' | 'request';

/** `lastSeq` counts in the state of `personKey`: without it (or for another person) the server answers with a snapshot. */
export interface HelloFrame { type: 'hello'; lastSeq?: number; personKey?: string; digest?: string; client?: string }
export interface OpsFrame { type: 'ops'; ops: SyncOp[] }
export interface SeenFrame { type: 'seen'; seq: number }
export interface DigestFrame { type: 'digest'; seq: number; hash: string }
export interface PingFrame { type: 'ping' }
/** What a device sends. */
export type ClientFrame = HelloFrame | OpsFrame | SeenFrame | DigestFrame | PingFrame;

export interface SnapshotFrame {
  type: 'snapshot'; reason: SnapshotReason; seq: number; state: SyncState; view: SyncView; catalog: CatalogFacts; personKey: string; serverTime: number;
}
export interface ServerOpsFrame { type: 'ops'; fromSeq: number; seq: number; ops: SyncOp[]; origin?: string }
export interface AckFrame { type: 'ack'; opIds: string[]; seq: number }
export interface NackFrame { type: 'nack'; opId: string | null; code: string; message: string; retryAfterMs?: number }
export interface CatalogFrame { type: 'catalog'; products: CatalogFacts }
export interface PongFrame { type: 'pong'; serverTime: number }
export interface ErrorFrame { type: 'error'; code: string; message: string }
/** What the server sends (socket frames, SSE `data:` payloads). */
export type ServerFrame = SnapshotFrame | ServerOpsFrame | AckFrame | NackFrame | CatalogFrame | PongFrame | ErrorFrame;

/** Body of POST /v1/sync/token. */
export interface TokenRequest {
  anonymousId: string;
  deviceId: string;
  userId?: string;
  channel?: string;
}
export interface TokenResponse {
  token: string;
  /** ISO date-time. */
  expiresAt: string;
  /** `p:<personId>` once the identity graph knows the device, else `a:<anonymousId>`. */
  personKey: string;
}
/** Answer of POST /v1/sync/ops (the HTTP fallback). */
export interface PostOpsResult {
  seq: number;
  acked: string[];
  rejected: { opId: string | null; code: string; message: string }[];
}

/** Largest frame either side sends (bytes of UTF-8 JSON); the same as the server's MAX_FRAME_BYTES. */
export const MAX_FRAME_BYTES = 64 * 1024;
/** Most ops in one `ops` frame or one POST /v1/sync/ops; the same as the server's MAX_OPS_PER_FRAME. */
export const MAX_OPS_PER_FRAME = 100;
/** Op id / product id / device id pattern of the op schema. */
export const ID_PATTERN = /^[A-Za-z0-9_.:-]{1,128}$/;

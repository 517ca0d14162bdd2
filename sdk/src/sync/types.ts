/**
 * Public typings of `lockstep.sync`: the shopper's cart, wishlist, recently viewed products, preferences and resume
 * point, the same on every device of the person (plugins/sync on the server, docs in sdk/README.md → Sync).
 */
import type { LockstepError } from '../types.ts';
import type {
  CatalogFacts, ClientFrame, PostOpsResult, PrefKey, ServerFrame, SnapshotReason, SyncOp, SyncView, TokenRequest, TokenResponse,
} from './wire.ts';

/** Which live channel carries the frames: a WebSocket, or Server-Sent Events plus POST /v1/sync/ops. */
export type SyncTransportKind = 'ws' | 'sse';

export interface SyncStatus {
  /** The browser says it is online (always true where there is no `navigator.onLine`). */
  online: boolean;
  /** A live connection is open. */
  connected: boolean;
  /** Local ops the server has not acknowledged yet (they survive reloads and are sent on reconnect). */
  pending: number;
  /** The last commit of the person this device has applied (0: nothing yet). */
  lastSeq: number;
  /** The live channel in use, or null when not connected. */
  transport: SyncTransportKind | null;
}

/** Payload of `on('snapshot')`: the server replaced this device's base state. */
export interface SyncSnapshotInfo {
  reason: SnapshotReason;
  seq: number;
  personKey: string;
}

export interface SyncEventMap {
  status: SyncStatus;
  error: LockstepError;
  snapshot: SyncSnapshotInfo;
  /** The catalogue facts changed (a snapshot, or a `catalog` frame: a price or stock change). */
  catalog: CatalogFacts;
}
export type SyncEventName = keyof SyncEventMap;

export interface CartAddOptions {
  variantId?: string;
  /** Integer 1 … 10 000. @defaultValue 1 */
  quantity?: number;
  /** The price the shopper saw (≥ 0), kept on the line as `priceSeen`. */
  price?: number;
  /** ISO 4217 code of `price`, e.g. "EUR". */
  currency?: string;
}

export interface SyncCartApi {
  /** Adds `quantity` (a delta: two devices adding at once both count). Returns the op, or null when refused (reported). */
  add(productId: string, options?: CartAddOptions): SyncOp | null;
  /** Sets the line's quantity, overriding every contribution this device has seen; 0 removes the line. */
  setQuantity(productId: string, quantity: number, options?: { variantId?: string }): SyncOp | null;
  /** Removes the line as this device sees it (an add made meanwhile on another device survives). Null if there is no such line. */
  remove(productId: string, options?: { variantId?: string }): SyncOp | null;
}

export interface SyncWishlistApi {
  add(productId: string): SyncOp | null;
  /** Null when the product is not in the wishlist. */
  remove(productId: string): SyncOp | null;
  /** Adds or removes; returns whether the product is in the wishlist afterwards. */
  toggle(productId: string): boolean;
}

/** `lockstep.sync`. Edits apply on the device at once (the view includes pending ops) and reach every device of the person. */
export interface SyncApi {
  /** Opens the live connection (token, WebSocket or SSE, resume from the last commit); idempotent. */
  start(): void;
  /** Closes the connection and stops timers; the local state stays in storage. */
  stop(): void;
  /** The current view: the server's state plus this device's pending ops. Treat it as read-only. */
  view(): SyncView;
  /** Calls `listener(view)` after every change of the view; returns the unsubscribe function. */
  subscribe(listener: (view: SyncView) => void): () => void;
  on<E extends SyncEventName>(event: E, listener: (payload: SyncEventMap[E]) => void): () => void;
  readonly cart: SyncCartApi;
  readonly wishlist: SyncWishlistApi;
  /** Records a product view (recently viewed, newest first, at most 50). */
  viewed(productId: string): SyncOp | null;
  /** Preference (`currency` ISO 4217, `language` BCP 47, `size`, `store`); last writer wins across devices. */
  setPreference(key: PrefKey, value: string): SyncOp | null;
  /** This device's "continue where you left off" point; an absent field is untouched, null clears it. */
  resume(fields: { checkoutStep?: string | null; lastProductId?: string | null }): SyncOp | null;
  status(): SyncStatus;
  /** Latest catalogue facts (price, currency, stock, title) of the products in the cart and wishlist. */
  catalog(): CatalogFacts;
}

// ------------------------------------------------------------------ transport (replaceable, e.g. in tests)

/** How a connection ended. `code`: the WebSocket close code, or for SSE the HTTP status mapped to 44xx (401 → 4401 …). */
export interface SyncCloseInfo {
  code: number;
  reason: string;
  /** Whether it had opened (a failure to open may fall back to SSE). */
  opened: boolean;
}

export interface SyncConnectionEvents {
  onOpen(): void;
  onFrame(frame: ServerFrame): void;
  /** Called once, unless the client closed the connection itself. */
  onClose(info: SyncCloseInfo): void;
}

export interface SyncConnection {
  /** The channel actually in use (a WebSocket that failed to open may have fallen back to SSE). */
  readonly transport: SyncTransportKind;
  /**
   * Sends a frame. Over SSE, `ops` go by POST /v1/sync/ops (the answer comes back as `ack`/`nack` frames), `hello`
   * reopens the event stream from its `lastSeq`, and `seen`, `digest` and `ping` are not sent (no HTTP route).
   */
  send(frame: ClientFrame): void;
  /** Closes without calling onClose. */
  close(): void;
}

export interface SyncConnectParams {
  token: string;
  /** The first frame: sent on open over a WebSocket, the `lastSeq` / `personKey` query of the SSE stream. */
  hello: Extract<ClientFrame, { type: 'hello' }>;
}

export type SyncHttpOutcome<T> =
  | { kind: 'ok'; value: T }
  /** Network error, timeout, 5xx, 408, 429: try later. */
  | { kind: 'retry'; status?: number; retryAfterMs?: number; message: string }
  /** Refused (400, 401, 403, 404 …): the same request will not succeed. */
  | { kind: 'refused'; status: number; serverCode?: string; message: string };

export interface SyncTransport {
  /** POST /v1/sync/token. */
  token(request: TokenRequest): Promise<SyncHttpOutcome<TokenResponse>>;
  /** POST /v1/sync/ops. */
  postOps(token: string, ops: SyncOp[]): Promise<SyncHttpOutcome<PostOpsResult>>;
  /** A live connection: WebSocket, falling back to SSE + POST when the socket is unavailable or fails to open. */
  connect(params: SyncConnectParams, events: SyncConnectionEvents): SyncConnection;
}

export interface SyncOptions {
  /** Replaces the HTTP/WebSocket transport (tests, native bridges). */
  transport?: SyncTransport;
  /** `auto`: WebSocket, SSE + POST when it is unavailable or fails to open; `sse`: never a WebSocket. @defaultValue 'auto' */
  mode?: 'auto' | 'sse';
  /** How often an idle device (no pending ops) sends its digest for divergence checks. @defaultValue 60000 */
  digestIntervalMs?: number;
  /** Keep-alive ping over the WebSocket. @defaultValue 25000 */
  pingIntervalMs?: number;
  /** Reconnect backoff: base·2^(n-1), capped, half of it random. @defaultValue {baseMs: 500, maxMs: 30000} */
  reconnect?: { baseMs?: number; maxMs?: number };
  /** A WebSocket that neither opens nor fails by then counts as failed (→ SSE). @defaultValue 10000 */
  openTimeoutMs?: number;
}

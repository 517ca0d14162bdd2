import type { SyncApi, SyncOptions } from './sync/types.ts';
import type { SyncOp } from './sync/wire.ts';

/**
 * Public typings of the Lockstep storefront SDK. The event shapes mirror the ingestion contract in docs/events.md
 * (POST /v1/events); they are written here by hand so that the SDK never depends on the server code.
 */

/** Built-in event types (docs/events.md). Tenant-specific events use `custom:<name>`. */
export type BuiltinEventType =
  | 'page_view' | 'product_view' | 'search' | 'add_to_cart' | 'remove_from_cart' | 'wishlist_add' | 'wishlist_remove'
  | 'checkout_step' | 'purchase' | 'review' | 'support_message' | 'consent_update' | 'identify' | 'alias';

/** `custom:<name>`; the server accepts names of 1–60 characters `[a-z0-9_.-]`. */
export type CustomEventType = `custom:${string}`;
export type EventType = BuiltinEventType | CustomEventType;

/** Built-in channels; a tenant may define its own (`[a-z0-9_-]{2,40}`). */
export type BuiltinChannel = 'web' | 'ios' | 'android' | 'tablet' | 'watch' | 'social' | 'store_pos' | 'call_center';
// `string & {}` keeps editor completion for the built-in names while allowing tenant-defined channels.
export type Channel = BuiltinChannel | (string & {});

export type ScreenClass = 'phone' | 'tablet' | 'desktop' | 'watch' | 'tv';

export interface DeviceInfo {
  os?: string;
  appVersion?: string;
  screen?: ScreenClass;
}

export interface EventContext {
  locale?: string;
  userAgent?: string;
  page?: { url: string; referrer?: string };
  [key: string]: unknown;
}

/** Extra keys are allowed on every properties object (at most 50 keys and 8 KiB per event in all). */
export interface ExtraProperties {
  [key: string]: unknown;
}

export interface ProductProperties extends ExtraProperties {
  productId: string;
  variantId?: string;
  /** Number ≥ 0. */
  price?: number;
  /** ISO 4217, e.g. "EUR". */
  currency?: string;
  /** Integer; ≥ 1 for cart events. */
  quantity?: number;
}

export interface PageViewProperties extends ExtraProperties { url?: string; title?: string }
export interface SearchProperties extends ExtraProperties { query: string }
export interface CheckoutStepProperties extends ExtraProperties { step: number; orderId?: string }
export interface PurchaseItem extends ExtraProperties { productId: string; quantity: number; price: number }
export interface PurchaseProperties extends ExtraProperties {
  orderId: string;
  total: number;
  currency: string;
  items?: PurchaseItem[];
}
export interface ReviewProperties extends ExtraProperties { productId: string; rating: 1 | 2 | 3 | 4 | 5 | number; text?: string }
export interface SupportMessageProperties extends ExtraProperties { text: string; conversationId?: string }
export interface ConsentUpdateProperties extends ExtraProperties { purpose: string; granted: boolean }
export interface AliasProperties extends ExtraProperties { previousId: string }

/** Properties per event type. */
export interface EventPropertiesMap {
  page_view: PageViewProperties;
  product_view: ProductProperties;
  search: SearchProperties;
  add_to_cart: ProductProperties;
  remove_from_cart: ProductProperties;
  wishlist_add: ProductProperties;
  wishlist_remove: ProductProperties;
  checkout_step: CheckoutStepProperties;
  purchase: PurchaseProperties;
  review: ReviewProperties;
  support_message: SupportMessageProperties;
  consent_update: ConsentUpdateProperties;
  identify: ExtraProperties;
  alias: AliasProperties;
}

export type PropertiesFor<T extends EventType> = T extends keyof EventPropertiesMap ? EventPropertiesMap[T] : ExtraProperties;

/** Event types whose properties have required fields (so `track(type)` without properties is a type error). */
export type TypesWithRequiredProperties = {
  [K in keyof EventPropertiesMap]: {} extends EventPropertiesMap[K] ? never : K
}[keyof EventPropertiesMap];

/** Personal data sent with `identify` only. */
export interface Traits {
  email?: string;
  name?: string;
  phone?: string;
  address?: unknown;
  [key: string]: unknown;
}

/** One event as sent in `POST /v1/events` `{events: [...]}`. The server adds `receivedAt`, `tenantId`, `keyId`. */
export interface LockstepEvent<T extends EventType = EventType> {
  /** 8–100 characters `[A-Za-z0-9_-]`; idempotency key (the SDK uses a random UUID). */
  eventId: string;
  type: T;
  /** Stable per device; required unless userId is set (the SDK always sets it). */
  anonymousId?: string;
  userId?: string;
  deviceId?: string;
  channel: Channel;
  device?: DeviceInfo;
  /** ISO date-time from the client clock. */
  timestamp: string;
  properties?: PropertiesFor<T>;
  /** identify only. */
  traits?: Traits;
  context?: EventContext;
}

/** Per-event rejection codes of the server (others may be added later). */
export type RejectionCode =
  | 'EVENTS_ERR_INVALID_EVENT' | 'EVENTS_ERR_UNKNOWN_TYPE' | 'EVENTS_ERR_TIMESTAMP_IN_FUTURE'
  | 'EVENTS_ERR_CONSENT_DENIED' | 'EVENTS_ERR_DUPLICATE_IN_BATCH' | (string & {});

export interface Rejection {
  index: number;
  eventId: string | null;
  code: RejectionCode;
  message: string;
}

/** `200` answer of `POST /v1/events`. */
export interface IngestResponse {
  accepted: string[];
  rejected: Rejection[];
}

export interface IngestRequest {
  events: LockstepEvent[];
}

/** Standard error body of the Lockstep API (whole-request errors). */
export interface ApiErrorBody {
  statusCode: number;
  code: string;
  error: string;
  message: string;
  details?: unknown;
  requestId?: string;
}

/** The subset of the Web Storage API the SDK needs (localStorage fits; so does any sync key-value store). */
export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export type LockstepErrorCode =
  /** The server rejected single events (see `rejection`); they are dropped. */
  | 'SDK_ERR_EVENT_REJECTED'
  /** The server refused the whole batch (400/401/403/404/413 …); it is dropped. */
  | 'SDK_ERR_BATCH_DROPPED'
  /** A send failed and will be retried (network error, 5xx, 429, 408); informational. */
  | 'SDK_ERR_SEND_FAILED'
  /** A batch failed with 5xx `maxAttempts` times in a row; it is dropped. */
  | 'SDK_ERR_RETRIES_EXHAUSTED'
  /** The offline queue went over `maxQueue`; the oldest events are dropped. */
  | 'SDK_ERR_QUEUE_OVERFLOW'
  /** The storage threw (quota, private mode); the SDK keeps going in memory. */
  | 'SDK_ERR_STORAGE'
  /** A call was refused before queueing (bad type, purpose or id). */
  | 'SDK_ERR_INVALID_CALL'
  /** A secret key (`sk_…`) was given to a browser client. */
  | 'SDK_ERR_SECRET_KEY_IN_BROWSER'
  /** The server refused a consent choice (unknown purpose, unknown text version …); the local choice is rolled back. */
  | 'SDK_ERR_CONSENT_REFUSED'
  /** Reading consent or its live feed failed (network, server); retried with backoff. Informational. */
  | 'SDK_ERR_CONSENT_UNAVAILABLE'
  /** Sync: no token or connection (network, server), or the server closed it; reconnects with backoff. Informational. */
  | 'SDK_ERR_SYNC_UNAVAILABLE'
  /** Sync: the server refused one op (`op`, `serverCode`); it is dropped from the pending ops and from the view. */
  | 'SDK_ERR_SYNC_REJECTED'
  /** Sync: the key was refused when asking for a token (401/403): sync stays offline until start() or a login/logout. */
  | 'SDK_ERR_SYNC_AUTH'
  /** Sync: the sync plugin is not enabled for the shop (4403 / 404); tried again every `reconnect.maxMs`. */
  | 'SDK_ERR_SYNC_DISABLED';

export interface LockstepError {
  code: LockstepErrorCode;
  message: string;
  /** The events concerned (dropped, or to be retried for SDK_ERR_SEND_FAILED). */
  events?: LockstepEvent[];
  /** HTTP status, when an answer came. */
  status?: number;
  /** The server's error code (whole-request errors) or rejection code. */
  serverCode?: string;
  /** For SDK_ERR_EVENT_REJECTED. */
  rejection?: Rejection;
  /** For SDK_ERR_SEND_FAILED and SDK_ERR_SYNC_UNAVAILABLE: when the next attempt is due (ms from now). */
  retryInMs?: number;
  /** For SDK_ERR_SYNC_REJECTED: the op that was dropped. */
  op?: SyncOp;
  cause?: unknown;
}

export interface RetryOptions {
  /** First backoff delay (ms). Default 1000. */
  baseMs?: number;
  /** Backoff cap (ms). Default 60000. */
  maxMs?: number;
  /** Consecutive 5xx answers for one batch before it is dropped. Network errors and 429 never drop. Default 10. */
  maxAttempts?: number;
  /** Upper bound honoured for Retry-After (ms). Default 600000. */
  maxRetryAfterMs?: number;
}

export interface LockstepOptions {
  /** Base URL of the Lockstep API, e.g. "https://api.example.com" (the SDK posts to `${endpoint}/v1/events`). */
  endpoint: string;
  /** Publishable key (`pk_…`). Secret keys are for server-side use only. */
  publishableKey: string;
  /** Channel stamped on every event, e.g. "web". */
  channel: Channel;
  device?: DeviceInfo;
  deviceId?: string;
  /** Send when this many events are queued. Default 20. */
  flushAt?: number;
  /** Send queued events at most this long after they were queued (ms). Default 5000. */
  flushIntervalMs?: number;
  /** Offline queue bound; the oldest events are dropped beyond it. Default 1000. */
  maxQueue?: number;
  /** Events per request (the server's EVENTS_MAX_BATCH, default 500). Default 500. */
  maxBatch?: number;
  /** Bytes per request body (the server's BODY_LIMIT_BYTES default is 1 MiB). Default 512 KiB. */
  maxBatchBytes?: number;
  retry?: RetryOptions;
  /** Per-request timeout (ms); a timeout counts as a network error. Default 10000. */
  requestTimeoutMs?: number;
  /** Default: localStorage in browsers (when usable), else an in-memory store. */
  storage?: StorageLike;
  /** Prefix of the storage keys. Default "lockstep". Use one per publishable key if a page sends to several tenants. */
  storagePrefix?: string;
  /** Default: globalThis.fetch. */
  fetch?: typeof fetch;
  /** Called for dropped events and failures; never throws into your code. */
  onError?: (error: LockstepError) => void;
  /** Epoch milliseconds; default Date.now. Used for event timestamps. */
  clock?: () => number;
  /**
   * Unload delivery with navigator.sendBeacon on `pagehide` / `visibilitychange` → hidden. Default: on in browsers.
   * Pass a function to replace navigator.sendBeacon (tests, webviews), or false to turn it off.
   */
  beacon?: boolean | ((url: string, data: Blob) => boolean);
  /** Add locale, userAgent and page {url, referrer} to each event in browsers. Default true. */
  autoContext?: boolean;
  /**
   * When the person has denied the "analytics" purpose on this device (setConsent('analytics', false)), behavioural
   * events are not queued at all (consent_update, identify and alias still are). Default true.
   */
  respectConsent?: boolean;
  /**
   * Keep `lockstep.consent` live: from its first use, a WebSocket to `/v1/consent/socket` brings every change of the
   * person's consent made on any device (reconnecting with backoff). Default: on where a WebSocket exists.
   */
  liveConsent?: boolean;
  /** WebSocket implementation for the consent feed and sync (Node: `import WebSocket from 'ws'`). Default: globalThis.WebSocket. */
  WebSocket?: WebSocketConstructor;
  /** `lockstep.sync` settings (transport, digest and ping intervals, reconnect backoff). */
  sync?: SyncOptions;
}

/** The part of the WebSocket API the consent feed uses (browsers' WebSocket and the `ws` package fit). */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number; reason?: string }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}
export type WebSocketConstructor = new (url: string) => WebSocketLike;

export interface FlushResult {
  /** Events the server accepted during this flush. */
  accepted: number;
  /** Events dropped during this flush (rejected one by one, or their batch refused). */
  dropped: number;
  /** Events still queued (waiting for a retry, or queued meanwhile). */
  pending: number;
}

export interface ConsentState {
  granted: boolean;
  /** ISO date-time of the decision (client clock). */
  at: string;
}

/** Why a purpose is on or off: the person's choice, or the default when there is none. */
export type ConsentBasis = 'necessary' | 'granted' | 'denied' | 'default-allow' | 'default-deny';

/** A purpose's state as the server sees it for this device's person. */
export interface ConsentRecord {
  granted: boolean;
  basis: ConsentBasis;
  /** ISO date-time of the choice; null when the default applies. */
  at: string | null;
  /** Text version the choice was made on. */
  version: number | null;
}

/** A purpose and its current consent text (for a consent banner). */
export interface ConsentPurpose {
  purpose: string;
  title: string;
  description: string;
  text: string;
  version: number;
  textHash: string;
  /** required: always on; opt-out: on until withdrawn; opt-in: off until granted. */
  default: 'required' | 'opt-out' | 'opt-in';
}

export interface ConsentChange {
  /** Every purpose's effective state after the change. */
  purposes: Record<string, boolean>;
  /** The purposes whose state changed. */
  changed: string[];
  /** `local`: a choice made on this device; `server`: the person's consent as the server sent it (another device, or an answer). */
  source: 'local' | 'server';
}

/**
 * The person's consent, the same on every device (`lockstep.consent`). Reads are synchronous over what the device
 * knows; from the first use a live feed (WebSocket) keeps it current, so a withdrawal on the phone shows on the
 * desktop without a reload.
 */
export interface ConsentApi {
  /** Every known purpose → on/off (the person's choices, else the defaults the server reported). */
  get(): Record<string, boolean>;
  /** One purpose; undefined when nothing is known about it yet. */
  get(purpose: string): boolean | undefined;
  /**
   * Records choices (`{marketing: true, analytics: false}`): applied on this device at once, then sent to
   * `POST /v1/consent`. Offline, they go as consent_update events through the queue. Resolves to the state after
   * the server's answer; never rejects (problems go to onError, a refused choice is rolled back).
   */
  set(choices: Record<string, boolean>, options?: { versions?: Record<string, number> }): Promise<Record<string, boolean>>;
  /** Calls `listener` after every change; returns a function that removes it. */
  on(event: 'change', listener: (change: ConsentChange) => void): () => void;
  off(event: 'change', listener: (change: ConsentChange) => void): void;
  /** Reads the person's consent from the server (`GET /v1/consent`). */
  refresh(): Promise<Record<string, boolean>>;
  /** The tenant's purposes and their current texts (`GET /v1/consent/purposes`). */
  purposes(): Promise<ConsentPurpose[]>;
  /** What the server last said per purpose (basis, time, text version). */
  records(): Record<string, ConsentRecord>;
  /** Whether the live feed is connected now. */
  live(): boolean;
}

export interface LockstepClient {
  /** The person's consent across devices (see ConsentApi). */
  readonly consent: ConsentApi;
  /** The shopper's cart, wishlist, recently viewed, preferences and resume point, live on every device (see SyncApi). */
  readonly sync: SyncApi;
  track<T extends TypesWithRequiredProperties>(type: T, properties: PropertiesFor<T>, context?: EventContext): LockstepEvent | null;
  track<T extends Exclude<EventType, TypesWithRequiredProperties>>(type: T, properties?: PropertiesFor<T>, context?: EventContext): LockstepEvent | null;
  /** page_view; in browsers url and title default to location.href and document.title. */
  page(properties?: PageViewProperties): LockstepEvent | null;
  /** Remembers userId on this device and sends an identify event (traits are personal data: send what you need). */
  identify(userId: string, traits?: Traits): LockstepEvent | null;
  /** Links `previousId` (default: the current userId, else the anonymousId) to `userId`. */
  alias(userId: string, previousId?: string): LockstepEvent | null;
  /** Logout on this device: a new anonymousId, no userId, an empty sync state. Queued events keep the ids they were made with. */
  reset(): void;
  /** Records the decision locally and sends a consent_update event. */
  setConsent(purpose: string, granted: boolean): LockstepEvent | null;
  /** The decision recorded on this device, or undefined when none was made. */
  getConsent(purpose: string): boolean | undefined;
  getConsents(): Record<string, ConsentState>;
  getAnonymousId(): string;
  getUserId(): string | undefined;
  /** Events waiting to be sent. */
  pending(): number;
  /** Sends what is queued now. Resolves after the attempt; failures are retried later on their own. */
  flush(): Promise<FlushResult>;
  /** Stops timers and listeners, then tries to deliver what is queued for up to `timeoutMs` (default 5000). */
  shutdown(timeoutMs?: number): Promise<FlushResult>;
}

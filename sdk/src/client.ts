import { ConsentClient, PURPOSE } from './consent.ts';
import { PersistentQueue, byteLength } from './queue.ts';
import { defaultStorage } from './storage.ts';
import { SyncClient } from './sync/client.ts';
import type { SyncApi } from './sync/types.ts';
import { errorMessage, sendBatch, unref, type SendOutcome } from './transport.ts';
import type {
  ConsentState, EventContext, EventType, FlushResult, LockstepClient, LockstepError, LockstepEvent, LockstepOptions,
  PageViewProperties, PropertiesFor, StorageLike, Traits, WebSocketConstructor,
} from './types.ts';
import { uuid } from './uuid.ts';

const BUILTIN_TYPES = new Set([
  'page_view', 'product_view', 'search', 'add_to_cart', 'remove_from_cart', 'wishlist_add', 'wishlist_remove',
  'checkout_step', 'purchase', 'review', 'support_message', 'consent_update', 'identify', 'alias',
]);
const CUSTOM_TYPE = /^custom:[a-z0-9_.-]{1,60}$/;
const CHANNEL = /^[a-z0-9_-]{2,40}$/;
/** Sent even when analytics consent is denied: they carry the decision itself or who the person is. */
const NOT_BEHAVIOURAL = new Set(['consent_update', 'identify', 'alias']);
/** navigator.sendBeacon payloads are capped at 64 KiB in all (in flight, per page); stay below. */
const BEACON_MAX_BYTES = 60_000;

interface BrowserEnv {
  window: { addEventListener(t: string, f: () => void): void; removeEventListener(t: string, f: () => void): void; location?: { href: string; origin: string } };
  document: { addEventListener(t: string, f: () => void): void; removeEventListener(t: string, f: () => void): void; visibilityState?: string; title?: string; referrer?: string };
  navigator?: { sendBeacon?: (url: string, data?: BodyInit | null) => boolean; language?: string; userAgent?: string; onLine?: boolean };
}

function browserEnv(): BrowserEnv | undefined {
  const g = globalThis as unknown as Partial<BrowserEnv>;
  if (typeof g.window?.addEventListener === 'function' && typeof g.document?.addEventListener === 'function') {
    return g as BrowserEnv;
  }
  return undefined;
}

/** `${endpoint}/v1/events`, unless endpoint already names the route. */
export function eventsUrl(endpoint: string): string {
  const base = endpoint.replace(/\/+$/, '');
  return /\/v1\/events$/.test(base) ? base : `${base}/v1/events`;
}

function positiveInt(name: string, value: number | undefined, dflt: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) return dflt;
  if (!Number.isInteger(value) || value < 1 || value > max) throw new TypeError(`Lockstep: ${name} must be an integer from 1 to ${max}`);
  return value;
}

function isId(v: unknown): v is string {
  return typeof v === 'string' && v.length >= 1 && v.length <= 100;
}

const sleep = (ms: number) => new Promise<void>((resolve) => { unref(setTimeout(resolve, Math.max(0, ms))); });

export class Lockstep implements LockstepClient {
  private readonly url: string;
  private readonly key: string;
  private readonly channel: string;
  private readonly options: LockstepOptions;
  private readonly fetchFn: typeof fetch;
  private readonly storage: StorageLike;
  private readonly keys: { anonymousId: string; userId: string; consent: string; queue: string };
  private readonly queue: PersistentQueue;
  private readonly flushAt: number;
  private readonly flushIntervalMs: number;
  private readonly maxBatchBytes: number;
  private batchLimit: number;
  private readonly retry: { baseMs: number; maxMs: number; maxAttempts: number; maxRetryAfterMs: number };
  private readonly requestTimeoutMs: number;
  private readonly clock: () => number;
  private readonly env: BrowserEnv | undefined;
  private readonly beacon: ((url: string, data: Blob) => boolean) | undefined;
  private readonly beaconType: string;

  private anonymousId: string;
  private userId: string | undefined;
  /** The person's consent across devices (`lockstep.consent`). */
  readonly consent: ConsentClient;
  readonly #sync: SyncClient;

  private draining: Promise<void> | null = null;
  private flushTimer: ReturnType<typeof setTimeout> | undefined;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private blockedUntil = 0;
  /** The current block comes from the server (Retry-After), not from our own backoff. */
  private blockedByServer = false;
  private failures = 0;
  private serverErrors = 0;
  private stopped = false;
  private readonly stats = { accepted: 0, dropped: 0 };
  private readonly listeners: Array<() => void> = [];

  constructor(options: LockstepOptions) {
    if (!options || typeof options !== 'object') throw new TypeError('Lockstep: options are required');
    if (typeof options.endpoint !== 'string') throw new TypeError('Lockstep: endpoint must be a string (the API base URL)');
    if (typeof options.publishableKey !== 'string' || !options.publishableKey) throw new TypeError('Lockstep: publishableKey is required');
    if (typeof options.channel !== 'string' || !CHANNEL.test(options.channel)) {
      throw new TypeError('Lockstep: channel must match [a-z0-9_-]{2,40} (web, ios, android, tablet, watch, social, store_pos, call_center or your own)');
    }
    this.options = options;
    this.url = eventsUrl(options.endpoint);
    this.key = options.publishableKey;
    this.channel = options.channel;
    const f = options.fetch ?? (globalThis as { fetch?: typeof fetch }).fetch;
    if (typeof f !== 'function') throw new TypeError('Lockstep: no fetch available; pass options.fetch');
    this.fetchFn = options.fetch ? f : f.bind(globalThis);
    this.flushAt = positiveInt('flushAt', options.flushAt, 20);
    this.flushIntervalMs = positiveInt('flushIntervalMs', options.flushIntervalMs, 5000);
    this.batchLimit = positiveInt('maxBatch', options.maxBatch, 500, 5000);
    this.maxBatchBytes = positiveInt('maxBatchBytes', options.maxBatchBytes, 512 * 1024);
    this.requestTimeoutMs = positiveInt('requestTimeoutMs', options.requestTimeoutMs, 10_000);
    this.retry = {
      baseMs: positiveInt('retry.baseMs', options.retry?.baseMs, 1000),
      maxMs: positiveInt('retry.maxMs', options.retry?.maxMs, 60_000),
      maxAttempts: positiveInt('retry.maxAttempts', options.retry?.maxAttempts, 10),
      maxRetryAfterMs: positiveInt('retry.maxRetryAfterMs', options.retry?.maxRetryAfterMs, 600_000),
    };
    this.clock = options.clock ?? Date.now;
    this.env = browserEnv();
    this.storage = options.storage ?? defaultStorage();
    const prefix = options.storagePrefix ?? 'lockstep';
    this.keys = { anonymousId: `${prefix}.anonymousId`, userId: `${prefix}.userId`, consent: `${prefix}.consent`, queue: `${prefix}.queue` };

    const secretKey = this.key.startsWith('sk_');
    if (secretKey && this.env) {
      this.report({ code: 'SDK_ERR_SECRET_KEY_IN_BROWSER', message: 'A secret key is exposed in a browser page; use a publishable key (pk_…). Beacons are off.' });
    }
    const b = options.beacon;
    if (b === false || secretKey) this.beacon = undefined;
    else if (typeof b === 'function') this.beacon = b;
    else if (this.env && typeof this.env.navigator?.sendBeacon === 'function') {
      const nav = this.env.navigator;
      this.beacon = (url, data) => nav.sendBeacon!(url, data);
    }
    // Same origin: a JSON beacon. Cross-origin: text/plain keeps the beacon a CORS "simple request" (no preflight,
    // which beacons cannot do reliably); the server parses it as JSON.
    this.beaconType = this.sameOrigin() ? 'application/json' : 'text/plain;charset=UTF-8';

    const storedAnon = this.read(this.keys.anonymousId);
    this.anonymousId = isId(storedAnon) ? storedAnon : uuid();
    if (storedAnon !== this.anonymousId) this.write(this.keys.anonymousId, this.anonymousId);
    const storedUser = this.read(this.keys.userId);
    this.userId = isId(storedUser) ? storedUser : undefined;
    const WS = options.liveConsent === false ? undefined : (options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket);
    this.consent = new ConsentClient({
      endpoint: options.endpoint, key: this.key, fetch: this.fetchFn, timeoutMs: this.requestTimeoutMs, channel: this.channel,
      device: options.device, deviceId: options.deviceId,
      ids: () => ({ anonymousId: this.anonymousId, ...(this.userId ? { userId: this.userId } : {}) }),
      loadDecisions: () => this.readConsent(),
      saveDecisions: (d) => this.write(this.keys.consent, JSON.stringify(d)),
      queueChoice: (purpose, granted) => { this.enqueue('consent_update', { purpose, granted }); },
      report: (e) => this.report(e),
      clock: this.clock,
      WebSocket: typeof WS === 'function' ? WS : undefined,
      pageHref: this.env?.window.location?.href,
      onOnline: this.env ? (fn) => { this.env!.window.addEventListener('online', fn); return () => this.env!.window.removeEventListener('online', fn); } : undefined,
    });

    this.#sync = new SyncClient({
      http: { endpoint: options.endpoint, key: this.key, fetch: this.fetchFn, timeoutMs: this.requestTimeoutMs, pageHref: this.env?.window.location?.href },
      channel: this.channel, storage: this.storage, prefix, deviceId: options.deviceId,
      WebSocket: options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket,
      ids: () => ({ anonymousId: this.anonymousId, ...(this.userId ? { userId: this.userId } : {}) }),
      report: (e) => this.report(e),
      options: options.sync,
      ...(this.env ? {
        listen: (event: 'online' | 'offline' | 'pagehide', fn: () => void) => {
          this.env!.window.addEventListener(event, fn);
          return () => this.env!.window.removeEventListener(event, fn);
        },
        isOnline: () => this.env!.navigator?.onLine !== false,
      } : {}),
    });

    this.queue = new PersistentQueue(this.storage, this.keys.queue, positiveInt('maxQueue', options.maxQueue, 1000), {
      onOverflow: (events) => {
        this.stats.dropped += events.length;
        this.report({ code: 'SDK_ERR_QUEUE_OVERFLOW', message: `offline queue over ${options.maxQueue ?? 1000} events: dropped the ${events.length} oldest`, events });
      },
      onStorageError: (op, err) => this.report({ code: 'SDK_ERR_STORAGE', message: `storage ${op} failed: ${errorMessage(err)}`, cause: err }),
    });
    this.queue.load();
    this.installListeners();
    // What a previous page load left behind goes out soon, without waiting for new events.
    if (this.queue.size > 0) this.setFlushTimer(0);
  }

  // ---------------------------------------------------------------- public API

  /** The shopper's cart, wishlist, recently viewed, preferences and resume point across devices (`lockstep.sync`). */
  get sync(): SyncApi {
    return this.#sync;
  }

  track<T extends EventType>(type: T, properties?: PropertiesFor<T>, context?: EventContext): LockstepEvent | null {
    if (typeof type !== 'string' || !(BUILTIN_TYPES.has(type) || CUSTOM_TYPE.test(type))) {
      return this.invalid(`unknown event type "${String(type)}" (use a built-in type or custom:<name>, name [a-z0-9_.-]{1,60})`);
    }
    return this.enqueue(type, properties as Record<string, unknown> | undefined, undefined, context);
  }

  page(properties?: PageViewProperties): LockstepEvent | null {
    const loc = this.env?.window.location;
    const defaults: PageViewProperties = {};
    if (loc?.href) defaults.url = loc.href;
    if (typeof this.env?.document.title === 'string' && this.env.document.title) defaults.title = this.env.document.title;
    return this.enqueue('page_view', { ...defaults, ...properties });
  }

  identify(userId: string, traits?: Traits): LockstepEvent | null {
    if (!isId(userId)) return this.invalid('identify: userId must be a string of 1 to 100 characters');
    const previous = this.userId;
    this.userId = userId;
    this.write(this.keys.userId, userId);
    const event = this.enqueue('identify', undefined, traits);
    if (previous !== userId) {
      this.consent.identityChanged();
      // Someone else logging in without a logout first must not inherit the previous person's cart.
      this.#sync.identityChanged(previous ? 'switch' : 'identify');
    }
    return event;
  }

  alias(userId: string, previousId?: string): LockstepEvent | null {
    const prev = previousId ?? this.userId ?? this.anonymousId;
    if (!isId(userId) || !isId(prev)) return this.invalid('alias: userId and previousId must be strings of 1 to 100 characters');
    return this.enqueue('alias', { previousId: prev }, undefined, undefined, { userId });
  }

  reset(): void {
    this.anonymousId = uuid();
    this.userId = undefined;
    this.write(this.keys.anonymousId, this.anonymousId);
    this.remove(this.keys.userId);
    this.consent.identityChanged();
    this.#sync.identityChanged('reset');
  }

  setConsent(purpose: string, granted: boolean): LockstepEvent | null {
    if (typeof purpose !== 'string' || !PURPOSE.test(purpose)) return this.invalid('setConsent: purpose must match [a-z][a-z0-9_-]{1,40}, e.g. "analytics"');
    if (typeof granted !== 'boolean') return this.invalid('setConsent: granted must be a boolean');
    this.consent.applyLocal({ [purpose]: granted });
    return this.enqueue('consent_update', { purpose, granted });
  }

  getConsent(purpose: string): boolean | undefined {
    const decisions = this.consent.decisions();
    return Object.prototype.hasOwnProperty.call(decisions, purpose) ? decisions[purpose]!.granted : undefined;
  }

  getConsents(): Record<string, ConsentState> {
    return this.consent.decisions();
  }

  getAnonymousId(): string {
    return this.anonymousId;
  }

  getUserId(): string | undefined {
    return this.userId;
  }

  pending(): number {
    return this.queue.size;
  }

  async flush(): Promise<FlushResult> {
    const a0 = this.stats.accepted;
    const d0 = this.stats.dropped;
    this.clearFlushTimer();
    // A drain already running picks up what was queued meanwhile; loop for events queued as it was finishing.
    for (let i = 0; i < 1000; i++) {
      await this.drain();
      if (this.queue.sendableCount === 0 || this.isBlocked()) break;
    }
    this.queue.persistNow();
    return { accepted: this.stats.accepted - a0, dropped: this.stats.dropped - d0, pending: this.queue.size };
  }

  async shutdown(timeoutMs = 5000): Promise<FlushResult> {
    const a0 = this.stats.accepted;
    const d0 = this.stats.dropped;
    if (!this.stopped) {
      this.stopped = true;
      this.clearFlushTimer();
      this.consent.close();
      this.#sync.stop();
      for (const off of this.listeners.splice(0)) off();
    }
    const deadline = Date.now() + timeoutMs;
    const deliver = async () => {
      while (Date.now() < deadline) {
        await this.drain();
        if (this.queue.sendableCount === 0) break;
        if (!this.isBlocked()) continue;
        const wait = this.blockedUntil - Date.now();
        if (Date.now() + wait >= deadline) break;
        await sleep(wait);
      }
    };
    await Promise.race([deliver(), sleep(deadline - Date.now())]);
    this.clearRetryTimer();
    this.queue.persistNow();
    return { accepted: this.stats.accepted - a0, dropped: this.stats.dropped - d0, pending: this.queue.size };
  }

  // ---------------------------------------------------------------- events

  private enqueue(
    type: string, properties?: Record<string, unknown>, traits?: Traits, context?: EventContext, override?: { userId?: string },
  ): LockstepEvent | null {
    if (this.stopped) return this.invalid(`${type}: the client was shut down`);
    if (this.options.respectConsent !== false && !NOT_BEHAVIOURAL.has(type) && this.consent.peek('analytics') === false) {
      return null; // the person said no (on this device or another): nothing is collected
    }
    const event: LockstepEvent = {
      eventId: uuid(),
      type: type as EventType,
      anonymousId: this.anonymousId,
      channel: this.channel,
      timestamp: new Date(this.clock()).toISOString(),
    };
    const userId = override?.userId ?? this.userId;
    if (userId) event.userId = userId;
    if (this.options.deviceId) event.deviceId = this.options.deviceId;
    if (this.options.device) event.device = { ...this.options.device };
    try {
      // A JSON copy: later changes to the caller's objects do not leak into the queue, and what is queued is what is sent.
      if (properties !== undefined) event.properties = JSON.parse(JSON.stringify(properties)) as LockstepEvent['properties'];
      if (traits !== undefined) event.traits = JSON.parse(JSON.stringify(traits)) as Traits;
      const ctx = this.context(context);
      if (ctx) event.context = JSON.parse(JSON.stringify(ctx)) as EventContext;
    } catch (err) {
      return this.invalid(`${type}: properties must be JSON-serialisable (${errorMessage(err)})`);
    }
    this.queue.push(event);
    if (this.queue.sendableCount >= this.flushAt) void this.flush();
    else this.setFlushTimer(this.flushIntervalMs);
    return event;
  }

  private context(extra?: EventContext): EventContext | undefined {
    let ctx: EventContext | undefined;
    if (this.env && this.options.autoContext !== false) {
      ctx = {};
      const nav = this.env.navigator;
      if (nav?.language) ctx.locale = nav.language;
      if (nav?.userAgent) ctx.userAgent = nav.userAgent;
      const href = this.env.window.location?.href;
      if (href) ctx.page = { url: href, ...(this.env.document.referrer ? { referrer: this.env.document.referrer } : {}) };
    }
    if (extra) ctx = { ...ctx, ...extra };
    return ctx && Object.keys(ctx).length ? ctx : undefined;
  }

  // ---------------------------------------------------------------- delivery

  private isBlocked(): boolean {
    return Date.now() < this.blockedUntil;
  }

  private drain(): Promise<void> {
    if (!this.draining) {
      this.draining = this.drainLoop().finally(() => {
        this.draining = null;
        if (this.queue.sendableCount === 0 || this.stopped) return;
        if (!this.isBlocked()) this.setFlushTimer(this.flushIntervalMs);
        else if (this.retryTimer === undefined) this.armRetryTimer(this.blockedUntil - Date.now());
      });
    }
    return this.draining;
  }

  private async drainLoop(): Promise<void> {
    while (!this.isBlocked()) {
      const batch = this.queue.take(this.batchLimit, this.maxBatchBytes);
      if (batch.length === 0) return;
      let outcome: SendOutcome;
      try {
        outcome = await sendBatch({ url: this.url, key: this.key, fetch: this.fetchFn, timeoutMs: this.requestTimeoutMs }, batch);
      } catch (err) {
        outcome = { kind: 'retry', message: errorMessage(err), cause: err };
      }
      if (!this.handle(batch, outcome)) return;
    }
  }

  /** Applies one answer; false when the loop must stop (waiting for a retry). */
  private handle(batch: LockstepEvent[], outcome: SendOutcome): boolean {
    switch (outcome.kind) {
      case 'ok': {
        this.failures = 0;
        this.serverErrors = 0;
        this.blockedByServer = false;
        const rejectedIds = new Set<string>();
        for (const r of outcome.rejected) {
          let event = batch[r.index];
          if (!event || (r.eventId && event.eventId !== r.eventId)) event = batch.find((e) => e.eventId === r.eventId);
          if (!event || rejectedIds.has(event.eventId)) continue;
          rejectedIds.add(event.eventId);
          this.report({
            code: 'SDK_ERR_EVENT_REJECTED', message: `${event.type} ${event.eventId} rejected: ${r.code} ${r.message}`,
            events: [event], status: outcome.status, serverCode: r.code, rejection: r,
          });
        }
        this.stats.accepted += batch.length - rejectedIds.size;
        this.stats.dropped += rejectedIds.size;
        this.queue.remove(batch.map((e) => e.eventId));
        return true;
      }
      case 'drop': {
        this.failures = 0;
        this.serverErrors = 0;
        this.dropBatch(batch, 'SDK_ERR_BATCH_DROPPED', `batch of ${batch.length} refused by the server (${outcome.message}); dropped`, outcome.status, outcome.serverCode);
        return true;
      }
      case 'split': {
        if (batch.length > 1) {
          this.batchLimit = Math.max(1, Math.min(outcome.serverMax ?? Infinity, Math.floor(batch.length / 2)));
          this.queue.release(batch);
        } else {
          this.dropBatch(batch, 'SDK_ERR_BATCH_DROPPED', `event too large for the server (${outcome.message}); dropped`, outcome.status, outcome.serverCode);
        }
        return true;
      }
      case 'retry': {
        this.queue.release(batch);
        this.failures++;
        const serverError = outcome.status !== undefined && outcome.status >= 500;
        if (serverError) this.serverErrors++;
        if (serverError && this.serverErrors >= this.retry.maxAttempts) {
          this.serverErrors = 0;
          this.dropBatch(batch, 'SDK_ERR_RETRIES_EXHAUSTED', `batch of ${batch.length} failed ${this.retry.maxAttempts} times (${outcome.message}); dropped`, outcome.status, outcome.serverCode);
          return true;
        }
        const backoff = this.backoff(this.failures);
        let delay = backoff;
        this.blockedByServer = false;
        if (outcome.retryAfterMs !== undefined) {
          const ra = Math.min(outcome.retryAfterMs, this.retry.maxRetryAfterMs);
          // Never before the server's time; a little jitter after it so that many clients do not return at once.
          const honoured = ra + Math.random() * Math.min(1000, ra * 0.1);
          if (honoured >= backoff) { delay = honoured; this.blockedByServer = true; }
        }
        this.block(delay);
        this.report({
          code: 'SDK_ERR_SEND_FAILED', message: `send failed (${outcome.message}); retrying in ${Math.round(delay)} ms`,
          events: batch, status: outcome.status, serverCode: outcome.serverCode, retryInMs: delay, cause: outcome.cause,
        });
        return false;
      }
    }
  }

  private dropBatch(batch: LockstepEvent[], code: LockstepError['code'], message: string, status?: number, serverCode?: string): void {
    this.stats.dropped += batch.length;
    this.queue.remove(batch.map((e) => e.eventId));
    this.report({ code, message, events: batch, status, serverCode });
  }

  /** Exponential backoff with "equal jitter": between half and all of base·2^(n-1), capped. */
  private backoff(attempt: number): number {
    const exp = Math.min(this.retry.maxMs, this.retry.baseMs * 2 ** Math.min(attempt - 1, 30));
    return exp / 2 + Math.random() * (exp / 2);
  }

  private block(delay: number): void {
    this.blockedUntil = Date.now() + delay;
    this.clearRetryTimer();
    if (this.stopped) return; // shutdown() waits on its own
    this.armRetryTimer(delay);
  }

  private armRetryTimer(delay: number): void {
    // Timers round and may fire a millisecond early: wait a whole millisecond more, and when it fires, the wait is over.
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.blockedUntil = 0;
      void this.flush();
    }, Math.max(0, Math.ceil(delay)) + 1);
    unref(this.retryTimer);
  }

  private setFlushTimer(ms: number): void {
    if (this.flushTimer !== undefined || this.stopped) return;
    this.flushTimer = setTimeout(() => {
      this.flushTimer = undefined;
      void this.flush();
    }, ms);
    unref(this.flushTimer);
  }

  private clearFlushTimer(): void {
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
  }

  private clearRetryTimer(): void {
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  // ---------------------------------------------------------------- browser lifecycle

  private installListeners(): void {
    const env = this.env;
    if (!env) return;
    const onPageHide = () => this.sendBeacons();
    const onVisibility = () => { if (env.document.visibilityState === 'hidden') this.sendBeacons(); };
    const onOnline = () => {
      // Back online: do not wait out our own backoff (a server's Retry-After still holds).
      if (this.blockedByServer) return;
      this.blockedUntil = 0;
      this.clearRetryTimer();
      void this.flush();
    };
    env.window.addEventListener('pagehide', onPageHide);
    env.document.addEventListener('visibilitychange', onVisibility);
    env.window.addEventListener('online', onOnline);
    this.listeners.push(
      () => env.window.removeEventListener('pagehide', onPageHide),
      () => env.document.removeEventListener('visibilitychange', onVisibility),
      () => env.window.removeEventListener('online', onOnline),
    );
  }

  /**
   * The page may be going away: hand what waits (not what is being sent by fetch) to navigator.sendBeacon, in chunks
   * under its 64 KiB cap. Beacons cannot carry an Authorization header, so the publishable key goes in `?key=`.
   * Events the browser accepted to send leave the queue (their answer is never seen); the rest stay in storage for the
   * next page load, and so does everything while the browser says it is offline.
   */
  private sendBeacons(): void {
    this.queue.persistNow();
    if (!this.beacon || typeof Blob !== 'function') return;
    // Offline, a beacon would be accepted by the browser and then lost: the queue stays in storage for the next load.
    if (this.env?.navigator?.onLine === false) return;
    const url = `${this.url}${this.url.includes('?') ? '&' : '?'}key=${encodeURIComponent(this.key)}`;
    let waiting = this.queue.peekSendable();
    while (waiting.length > 0) {
      const chunk: LockstepEvent[] = [];
      let bytes = 12;
      for (const e of waiting) {
        const size = byteLength(JSON.stringify(e)) + 1;
        if (chunk.length >= this.batchLimit || bytes + size > BEACON_MAX_BYTES) break;
        chunk.push(e);
        bytes += size;
      }
      if (chunk.length === 0) break; // one event larger than a beacon: it waits for the next page load
      let ok = false;
      try {
        ok = this.beacon(url, new Blob([JSON.stringify({ events: chunk })], { type: this.beaconType }));
      } catch {
        ok = false;
      }
      if (!ok) break; // beacon quota used up: the rest stay queued
      this.queue.remove(chunk.map((e) => e.eventId));
      waiting = waiting.slice(chunk.length);
    }
    this.queue.persistNow();
  }

  private sameOrigin(): boolean {
    const loc = this.env?.window.location;
    if (!loc) return false;
    try {
      return new URL(this.url, loc.href).origin === loc.origin;
    } catch {
      return false;
    }
  }

  // ---------------------------------------------------------------- storage & errors

  private read(key: string): string | null {
    try {
      return this.storage.getItem(key);
    } catch (err) {
      this.report({ code: 'SDK_ERR_STORAGE', message: `storage read failed: ${errorMessage(err)}`, cause: err });
      return null;
    }
  }

  private write(key: string, value: string): void {
    try {
      this.storage.setItem(key, value);
    } catch (err) {
      this.report({ code: 'SDK_ERR_STORAGE', message: `storage write failed: ${errorMessage(err)}`, cause: err });
    }
  }

  private remove(key: string): void {
    try {
      this.storage.removeItem(key);
    } catch (err) {
      this.report({ code: 'SDK_ERR_STORAGE', message: `storage write failed: ${errorMessage(err)}`, cause: err });
    }
  }

  private readConsent(): Record<string, ConsentState> {
    const raw = this.read(this.keys.consent);
    if (!raw) return {};
    try {
      const parsed = JSON.parse(raw) as unknown;
      const out: Record<string, ConsentState> = {};
      if (parsed && typeof parsed === 'object') {
        for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
          const s = v as Partial<ConsentState> | null;
          if (PURPOSE.test(k) && s && typeof s.granted === 'boolean') out[k] = { granted: s.granted, at: String(s.at ?? '') };
        }
      }
      return out;
    } catch {
      return {};
    }
  }

  private invalid(message: string): null {
    this.report({ code: 'SDK_ERR_INVALID_CALL', message });
    return null;
  }

  private report(error: LockstepError): void {
    const handler = this.options.onError;
    if (!handler) return;
    try {
      handler(error);
    } catch {
      // an error handler that throws must not break tracking
    }
  }
}

export function createLockstep(options: LockstepOptions): LockstepClient {
  return new Lockstep(options);
}

// `lockstep.sync`: the client state model of the sync contract (/work/notes/sync-contract.md → Client state model).
// base (the server's state) + lastSeq + pending ops, persisted; view = view(applyOps(base, pending)). A snapshot
// replaces the base (pending re-applied), an ops frame is applied in order (a gap sends hello), an ack moves ops from
// pending into the base, a nack drops one (a rate limit retries it later). One live connection with reconnect backoff,
// token refresh before expiry, and a new token (and state) when the shopper logs in or out.
import { applyOps } from '../../../plugins/sync/crdt/apply.ts';
import { digest } from '../../../plugins/sync/crdt/digest.ts';
import { decodeHlc, encodeHlc, initialHlc, receive, tick, type Hlc } from '../../../plugins/sync/crdt/hlc.ts';
import { canonicalJson } from '../../../plugins/sync/crdt/state.ts';
import { view as viewOf } from '../../../plugins/sync/crdt/view.ts';
import { byteLength } from '../queue.ts';
import { unref } from '../transport.ts';
import type { LockstepError, StorageLike, WebSocketConstructor } from '../types.ts';
import { uuid } from '../uuid.ts';
import type { HttpContext } from './http.ts';
import * as build from './ops.ts';
import { SyncStore, emptyDoc, type SyncDoc, type SyncTokenRecord } from './store.ts';
import { createHttpTransport } from './transport.ts';
import type {
  CartAddOptions, SyncApi, SyncCartApi, SyncCloseInfo, SyncConnection, SyncEventMap, SyncEventName, SyncOptions, SyncStatus,
  SyncTransport, SyncWishlistApi,
} from './types.ts';
import {
  ID_PATTERN, MAX_FRAME_BYTES, MAX_OPS_PER_FRAME,
  type CatalogFacts, type HelloFrame, type OpEnvelope, type PrefKey, type ServerFrame, type SnapshotFrame, type SyncOp, type SyncState, type SyncView,
} from './wire.ts';

/** Sent in `hello.client`, shown in the console. */
export const SYNC_CLIENT = 'lockstep-sdk/0.1.0';
/** The token request's channel pattern (stricter than the events' one; a channel that does not fit is left out). */
const TOKEN_CHANNEL = /^[a-z][a-z0-9_-]{0,31}$/;
const CLOSE_BAD_FRAME = 4400;
const CLOSE_UNAUTHORISED = 4401;
const CLOSE_DISABLED = 4403;
const CLOSE_NOT_FOUND = 4404;
const CLOSE_FLOOD = 4429;
/** The person's data was erased (privacy request): nothing of it may be sent again. */
const CLOSE_ERASED = 4410;
/** Op ids remembered as done (acked, committed or dropped), so that another tab's stored copy is not adopted again. */
const REMEMBERED_IDS = 5000;

/** What the sync client needs from the Lockstep client it belongs to. */
export interface SyncHost {
  http: HttpContext;
  channel: string;
  storage: StorageLike;
  prefix: string;
  /** The configured deviceId (used when it fits the op schema; else one is made once per storage). */
  deviceId?: string;
  WebSocket?: WebSocketConstructor;
  ids(): { anonymousId: string; userId?: string };
  report(error: LockstepError): void;
  /** Browser events: 'online', 'offline', 'pagehide'. Returns the remover. */
  listen?(event: 'online' | 'offline' | 'pagehide', fn: () => void): () => void;
  isOnline?(): boolean;
  options?: SyncOptions;
}

/** How the shopper's identity changed: login, logout, or a login as someone else without a logout in between. */
export type IdentityChange = 'identify' | 'reset' | 'switch';

function positive(name: string, v: number | undefined, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) throw new TypeError(`Lockstep: sync.${name} must be a positive number`);
  return v;
}

/** Greatest HLC in a state (every part carries stamps): a snapshot moves the device clock past it. */
function maxHlc(state: SyncState): string | null {
  let max: string | null = null;
  const see = (h: string | undefined) => { if (h !== undefined && (max === null || h > max)) max = h; };
  for (const line of Object.values(state.cart)) for (const c of Object.values(line.contributions)) see(c.hlc);
  for (const e of Object.values(state.wishlist)) for (const a of Object.values(e.adds)) see(a.hlc);
  for (const s of Object.values(state.viewed)) see(s.hlc);
  for (const r of Object.values(state.preferences)) see(r?.hlc);
  for (const r of Object.values(state.resume)) { see(r.checkoutStep?.hlc); see(r.lastProductId?.hlc); }
  return max;
}

export class SyncClient implements SyncApi {
  readonly cart: SyncCartApi;
  readonly wishlist: SyncWishlistApi;

  readonly #host: SyncHost;
  readonly #store: SyncStore;
  readonly #transport: SyncTransport;
  readonly #cfg: { digestMs: number; pingMs: number; baseMs: number; maxMs: number };

  #loaded = false;
  #deviceId = '';
  #doc: SyncDoc = emptyDoc();
  #clock: Hlc = { wall: 0, counter: 0, node: 'x' };
  /** The next frame must be a snapshot (no state yet, or the state belongs to another person). */
  #needSnapshot = true;
  #token: SyncTokenRecord | null = null;
  readonly #done = new Set<string>();
  #merged: SyncState | null = null;
  #view: SyncView | null = null;
  #viewJson = '';
  #statusJson = '';
  #skewMs = 0;

  #started = false;
  #halted = false;
  #conn: SyncConnection | null = null;
  #connected = false;
  #connecting = false;
  /** Bumped whenever a connection (or an attempt) is abandoned: late callbacks of older ones are ignored. */
  #gen = 0;
  readonly #sent = new Set<string>();
  readonly #holdUntil = new Map<string, number>();
  /** lastSeq a gap hello was sent for on this connection (one hello per gap). */
  #gapHelloFor = -1;
  #attempt = 0;
  #authRetries = 0;
  #flushQueued = false;
  #persistQueued = false;
  #timers: { reconnect?: ReturnType<typeof setTimeout>; refresh?: ReturnType<typeof setTimeout>; hold?: ReturnType<typeof setTimeout>; digest?: ReturnType<typeof setInterval>; ping?: ReturnType<typeof setInterval> } = {};
  #offs: Array<() => void> = [];
  readonly #subscribers = new Set<(view: SyncView) => void>();
  readonly #listeners: { [E in SyncEventName]: Set<(payload: SyncEventMap[E]) => void> } = { status: new Set(), error: new Set(), snapshot: new Set(), catalog: new Set() };

  constructor(host: SyncHost) {
    this.#host = host;
    const o = host.options ?? {};
    this.#cfg = {
      digestMs: positive('digestIntervalMs', o.digestIntervalMs, 60_000),
      pingMs: positive('pingIntervalMs', o.pingIntervalMs, 25_000),
      baseMs: positive('reconnect.baseMs', o.reconnect?.baseMs, 500),
      maxMs: positive('reconnect.maxMs', o.reconnect?.maxMs, 30_000),
    };
    this.#store = new SyncStore(host.storage, host.prefix, (op, err) => this.#report({ code: 'SDK_ERR_STORAGE', message: `sync storage ${op} failed: ${String(err)}`, cause: err }));
    this.#transport = o.transport ?? createHttpTransport({
      ...host.http, WebSocket: host.WebSocket, mode: o.mode, openTimeoutMs: positive('openTimeoutMs', o.openTimeoutMs, 10_000),
    });
    this.cart = {
      add: (productId, options?: CartAddOptions) => this.#local(build.cartAdd(() => this.#envelope(), productId, options ?? {})),
      setQuantity: (productId, quantity, options) => {
        if (quantity === 0) return this.cart.remove(productId, options);
        return this.#local(build.cartSetQuantity(() => this.#envelope(), this.#state(), productId, quantity, options?.variantId));
      },
      remove: (productId, options) => this.#local(build.cartRemove(() => this.#envelope(), this.#state(), productId, options?.variantId)),
    };
    this.wishlist = {
      add: (productId) => this.#local(build.wishlistAdd(() => this.#envelope(), productId)),
      remove: (productId) => this.#local(build.wishlistRemove(() => this.#envelope(), this.#state(), productId)),
      toggle: (productId) => {
        if (this.view().wishlist.includes(productId)) {
          this.wishlist.remove(productId);
        } else {
          this.wishlist.add(productId);
        }
        return this.view().wishlist.includes(productId);
      },
    };
  }

  // ---------------------------------------------------------------- public API

  start(): void {
    this.#load();
    if (this.#started) return;
    this.#started = true;
    this.#halted = false;
    const { listen } = this.#host;
    if (listen) {
      this.#offs.push(
        listen('online', () => {
          this.#attempt = 0;
          this.#emitStatus();
          if (!this.#conn && !this.#connecting) {
            clearTimeout(this.#timers.reconnect);
            this.#connect();
          }
        }),
        listen('offline', () => {
          // The socket may take minutes to notice: drop it now, reconnect when the browser is back online.
          this.#drop();
          this.#emitStatus();
        }),
        listen('pagehide', () => this.#persistNow()),
      );
    }
    this.#connect();
  }

  stop(): void {
    if (!this.#started) return;
    this.#started = false;
    for (const off of this.#offs.splice(0)) off();
    clearTimeout(this.#timers.reconnect);
    clearTimeout(this.#timers.refresh);
    clearTimeout(this.#timers.hold);
    this.#drop();
    this.#persistNow();
    this.#emitStatus();
  }

  view(): SyncView {
    this.#load();
    if (!this.#view) {
      this.#view = viewOf(this.#state());
      this.#viewJson = canonicalJson(this.#view);
    }
    return this.#view;
  }

  subscribe(listener: (view: SyncView) => void): () => void {
    this.#load();
    if (typeof listener !== 'function') {
      this.#report({ code: 'SDK_ERR_INVALID_CALL', message: 'sync.subscribe: pass a function' });
      return () => undefined;
    }
    this.#subscribers.add(listener);
    return () => { this.#subscribers.delete(listener); };
  }

  on<E extends SyncEventName>(event: E, listener: (payload: SyncEventMap[E]) => void): () => void {
    const set = this.#listeners[event] as Set<(payload: SyncEventMap[E]) => void> | undefined;
    if (!set || typeof listener !== 'function') {
      this.#report({ code: 'SDK_ERR_INVALID_CALL', message: `sync.on: events are ${Object.keys(this.#listeners).join(', ')}, with a function` });
      return () => undefined;
    }
    set.add(listener);
    return () => { set.delete(listener); };
  }

  viewed(productId: string): SyncOp | null {
    return this.#local(build.viewed(() => this.#envelope(), productId));
  }

  setPreference(key: PrefKey, value: string): SyncOp | null {
    return this.#local(build.prefSet(() => this.#envelope(), key, value));
  }

  resume(fields: { checkoutStep?: string | null; lastProductId?: string | null }): SyncOp | null {
    return this.#local(build.resumeSet(() => this.#envelope(), fields));
  }

  status(): SyncStatus {
    this.#load();
    return {
      online: this.#online(),
      connected: this.#connected,
      pending: this.#doc.pending.length,
      lastSeq: this.#doc.lastSeq,
      transport: this.#connected && this.#conn ? this.#conn.transport : null,
    };
  }

  catalog(): CatalogFacts {
    this.#load();
    return { ...this.#doc.catalog };
  }

  /** Called by the Lockstep client after identify (a new userId) and reset (logout). */
  identityChanged(change: IdentityChange): void {
    this.#load();
    const old = this.#token;
    if (change !== 'identify') {
      // The state belongs to the person who left. Their unsent ops still go to them (best effort, old token).
      const leftover = this.#doc.pending;
      if (leftover.length && old && old.expiresAt > Date.now()) {
        for (let i = 0; i < leftover.length; i += MAX_OPS_PER_FRAME) {
          void this.#transport.postOps(old.token, leftover.slice(i, i + MAX_OPS_PER_FRAME)).catch(() => undefined);
        }
      }
      // The identity graph links a deviceId to the person: a device id the SDK made is renewed with the anonymousId
      // (one the app configured is the app's to keep or change).
      if (!this.#host.deviceId || !ID_PATTERN.test(this.#host.deviceId)) this.#deviceId = this.#store.renewDeviceId();
      this.#clock = initialHlc(this.#deviceId);
      this.#forgetPerson();
    }
    this.#token = null;
    this.#store.saveToken(null);
    this.#authRetries = 0;
    this.#halted = false;
    if (this.#started) {
      this.#drop();
      this.#attempt = 0;
      clearTimeout(this.#timers.reconnect);
      this.#connect();
    }
  }

  // ---------------------------------------------------------------- local state

  /** Drops the person's state and this device's unsent ops (logout, erasure); the view becomes empty. */
  #forgetPerson(): void {
    this.#doc = { ...emptyDoc(), clock: encodeHlc(this.#clock) };
    this.#needSnapshot = true;
    this.#holdUntil.clear();
    this.#token = null;
    this.#store.saveToken(null);
    this.#changed();
    this.#emit('catalog', {});
  }

  #load(): void {
    if (this.#loaded) return;
    this.#loaded = true;
    this.#deviceId = this.#store.deviceId(this.#host.deviceId);
    this.#doc = this.#store.load();
    const stored = this.#doc.clock ? decodeHlc(this.#doc.clock) : null;
    this.#clock = stored && stored.node === this.#deviceId ? stored : initialHlc(this.#deviceId);
    this.#needSnapshot = this.#doc.personKey === null;
    this.#token = this.#store.loadToken();
  }

  #online(): boolean {
    return this.#host.isOnline?.() ?? true;
  }

  /** Server time as well as we know it: op clocks stay within the server's drift bound on a device whose clock is off. */
  #now(): number {
    return Date.now() + this.#skewMs;
  }

  #envelope(): OpEnvelope {
    this.#load();
    this.#clock = tick(this.#clock, this.#now());
    // opId: `<deviceId>:<uuid>` (unique across tabs sharing the deviceId), within the schema's 128 characters.
    return { opId: `${this.#deviceId.slice(0, 91)}:${uuid()}`, hlc: encodeHlc(this.#clock), deviceId: this.#deviceId };
  }

  /** base + pending: what the observed lists and the view are computed from. */
  #state(): SyncState {
    this.#load();
    return (this.#merged ??= this.#doc.pending.length ? applyOps(this.#doc.base, this.#doc.pending) : this.#doc.base);
  }

  #local(built: build.Built | null): SyncOp | null {
    this.#load();
    if (!built) return null;
    if (!built.ok) {
      this.#report({ code: 'SDK_ERR_INVALID_CALL', message: built.message });
      return null;
    }
    this.#doc.pending.push(built.op);
    this.#changed();
    this.#scheduleFlush();
    return built.op;
  }

  /** After every change of the document: persist (coalesced), notify view subscribers when the view changed, status. */
  #changed(): void {
    this.#merged = null;
    this.#view = null;
    this.#persistSoon();
    const before = this.#viewJson;
    const v = this.view();
    if (this.#viewJson !== before) {
      for (const fn of [...this.#subscribers]) {
        try { fn(v); } catch { /* a listener that throws must not break the others */ }
      }
    }
    this.#emitStatus();
  }

  #forget(opId: string): void {
    this.#done.add(opId);
    this.#sent.delete(opId);
    this.#holdUntil.delete(opId);
    if (this.#done.size > REMEMBERED_IDS) this.#done.delete(this.#done.values().next().value as string);
  }

  #persistSoon(): void {
    if (this.#persistQueued) return;
    this.#persistQueued = true;
    queueMicrotask(() => this.#persistNow());
  }

  #persistNow(): void {
    if (!this.#loaded) return;
    this.#persistQueued = false;
    this.#doc.clock = encodeHlc(this.#clock);
    const adopted = this.#store.save(this.#doc, (id) => this.#done.has(id));
    if (adopted.length) {
      // Another tab of this device queued these: show them and send them too (the server dedupes by opId).
      this.#doc.pending.push(...adopted);
      this.#changed();
      this.#scheduleFlush();
    }
  }

  // ---------------------------------------------------------------- connection

  #connect(): void {
    if (!this.#started || this.#halted || this.#conn || this.#connecting) return;
    if (!this.#online()) {
      this.#emitStatus();
      return;
    }
    clearTimeout(this.#timers.reconnect);
    this.#connecting = true;
    const gen = ++this.#gen;
    void this.#ensureToken().then((token) => {
      if (gen !== this.#gen) return;
      this.#connecting = false;
      if (!token || !this.#started) return;
      if (token.personKey !== this.#doc.personKey) this.#switchPerson(token.personKey);
      const hello: HelloFrame = { type: 'hello', client: SYNC_CLIENT };
      if (!this.#needSnapshot && this.#doc.personKey) {
        hello.lastSeq = this.#doc.lastSeq;
        hello.personKey = this.#doc.personKey;
        if (this.#idle()) hello.digest = digest(viewOf(this.#doc.base));
      }
      this.#sent.clear();
      this.#gapHelloFor = -1;
      const connGen = ++this.#gen;
      const live = () => connGen === this.#gen;
      this.#conn = this.#transport.connect({ token: token.token, hello }, {
        onOpen: () => { if (live()) this.#onOpen(); },
        onFrame: (frame) => { if (live()) this.#onFrame(frame); },
        onClose: (info) => { if (live()) this.#onClose(info); },
      });
    });
  }

  /** Abandons the connection (or the attempt under way) without a reconnect. */
  #drop(): void {
    this.#gen++;
    this.#connecting = false;
    const conn = this.#conn;
    this.#conn = null;
    this.#connected = false;
    clearInterval(this.#timers.digest);
    clearInterval(this.#timers.ping);
    this.#sent.clear();
    try { conn?.close(); } catch { /* already gone */ }
  }

  /** The token names another person than the stored state (first token, login, logout): resume from a snapshot. */
  #switchPerson(personKey: string): void {
    this.#doc.personKey = personKey;
    this.#doc.lastSeq = 0;
    this.#doc.ackSeq = 0;
    this.#needSnapshot = true;
    this.#persistSoon();
  }

  /** No pending ops and no ack beyond lastSeq: the base is exactly the person's state at lastSeq. */
  #idle(): boolean {
    return !this.#needSnapshot && this.#doc.pending.length === 0 && this.#doc.ackSeq <= this.#doc.lastSeq;
  }

  async #ensureToken(): Promise<SyncTokenRecord | null> {
    const ids = this.#host.ids();
    const t = this.#token;
    if (t && t.anonymousId === ids.anonymousId && t.userId === (ids.userId ?? null) && t.deviceId === this.#deviceId && Date.now() < t.refreshAt) {
      this.#armRefresh(t);
      return t;
    }
    const channel = TOKEN_CHANNEL.test(this.#host.channel) ? this.#host.channel : undefined;
    let outcome;
    try {
      outcome = await this.#transport.token({ anonymousId: ids.anonymousId, deviceId: this.#deviceId, ...(ids.userId ? { userId: ids.userId } : {}), ...(channel ? { channel } : {}) });
    } catch (err) {
      outcome = { kind: 'retry' as const, message: `token: ${String(err)}` };
    }
    if (outcome.kind === 'ok') {
      const record = this.#record(outcome.value, ids);
      // Minted for ids that changed meanwhile: ask again for the current ones.
      const now = this.#host.ids();
      if (now.anonymousId !== ids.anonymousId || (now.userId ?? null) !== (ids.userId ?? null)) {
        this.#scheduleReconnect();
        return null;
      }
      this.#token = record;
      this.#store.saveToken(record);
      this.#armRefresh(record);
      return record;
    }
    if (outcome.kind === 'retry') {
      this.#failed(`could not get a sync token (${outcome.message})`, outcome.retryAfterMs);
      return null;
    }
    if (outcome.status === 404) {
      this.#report({ code: 'SDK_ERR_SYNC_DISABLED', message: `sync is not available for this key (${outcome.message}); trying again later`, status: 404, serverCode: outcome.serverCode });
      this.#scheduleReconnect(this.#cfg.maxMs);
      return null;
    }
    // 400 (ids the server refuses), 401/403 (bad or revoked key, sync disabled for the key): not retried until start()
    // or an identity change.
    this.#halted = true;
    this.#report({
      code: outcome.status === 401 || outcome.status === 403 ? 'SDK_ERR_SYNC_AUTH' : 'SDK_ERR_SYNC_UNAVAILABLE',
      message: `the sync token was refused (${outcome.message}); sync stays offline`, status: outcome.status, serverCode: outcome.serverCode,
    });
    this.#emitStatus();
    return null;
  }

  /** A token record from the server's answer; refreshed a tenth of its lifetime before expiry (at most 5 min, at least 1 s). */
  #record(value: { token: string; expiresAt: string; personKey: string }, ids: { anonymousId: string; userId?: string }): SyncTokenRecord {
    const now = Date.now();
    const parsed = Date.parse(value.expiresAt);
    const expiresAt = Number.isNaN(parsed) ? now + 5 * 60_000 : parsed;
    const refreshAt = expiresAt - Math.min(5 * 60_000, Math.max(1000, (expiresAt - now) / 10));
    return { token: value.token, expiresAt, refreshAt, personKey: value.personKey, anonymousId: ids.anonymousId, userId: ids.userId ?? null, deviceId: this.#deviceId };
  }

  #armRefresh(t: SyncTokenRecord): void {
    clearTimeout(this.#timers.refresh);
    if (!this.#started) return;
    // setTimeout holds 2^31-1 ms at most; a longer-lived token is looked at again then.
    this.#timers.refresh = setTimeout(() => void this.#refresh(t), Math.min(Math.max(0, t.refreshAt - Date.now()), 2 ** 31 - 1));
    unref(this.#timers.refresh);
  }

  /** Gets a fresh token first, then moves the connection onto it (a quick resume from lastSeq). */
  async #refresh(old: SyncTokenRecord): Promise<void> {
    if (!this.#started || this.#token !== old) return;
    if (Date.now() < old.refreshAt - 1000) {
      this.#armRefresh(old); // woke up early (long-lived tokens are looked at in steps)
      return;
    }
    const ids = this.#host.ids();
    const channel = TOKEN_CHANNEL.test(this.#host.channel) ? this.#host.channel : undefined;
    const outcome = await this.#transport.token({ anonymousId: ids.anonymousId, deviceId: this.#deviceId, ...(ids.userId ? { userId: ids.userId } : {}), ...(channel ? { channel } : {}) }).catch(() => null);
    if (!this.#started || this.#token !== old) return;
    if (!outcome || outcome.kind !== 'ok') {
      // Keep the connection on the old token while it lasts; try again in a little while.
      this.#timers.refresh = setTimeout(() => void this.#refresh(old), Math.max(1000, Math.min(30_000, (old.expiresAt - Date.now()) / 2)));
      unref(this.#timers.refresh);
      return;
    }
    this.#token = this.#record(outcome.value, ids);
    this.#store.saveToken(this.#token);
    this.#drop();
    this.#connect();
  }

  #onOpen(): void {
    this.#connected = true;
    this.#emitStatus();
    this.#flushOps();
    clearInterval(this.#timers.digest);
    clearInterval(this.#timers.ping);
    this.#timers.digest = setInterval(() => this.#sendDigest(), this.#cfg.digestMs);
    this.#timers.ping = setInterval(() => { if (this.#conn?.transport === 'ws') this.#conn.send({ type: 'ping' }); }, this.#cfg.pingMs);
    unref(this.#timers.digest);
    unref(this.#timers.ping);
  }

  #onClose(info: SyncCloseInfo): void {
    this.#drop();
    this.#emitStatus();
    if (!this.#started) return;
    switch (info.code) {
      case CLOSE_UNAUTHORISED:
        // Expired or revoked token: a new one at once, twice; then the normal backoff (a revoked key is refused at
        // the token call and stops there).
        this.#token = null;
        this.#store.saveToken(null);
        if (this.#authRetries++ < 2) queueMicrotask(() => this.#connect());
        else this.#failed(`the sync connection was refused (${info.code} ${info.reason})`);
        return;
      case CLOSE_DISABLED:
      case CLOSE_NOT_FOUND:
        this.#report({ code: 'SDK_ERR_SYNC_DISABLED', message: `sync is disabled for this shop (${info.code} ${info.reason}); trying again later` });
        this.#scheduleReconnect(this.#cfg.maxMs);
        return;
      case CLOSE_ERASED:
        this.#forgetPerson();
        this.#report({ code: 'SDK_ERR_SYNC_UNAVAILABLE', message: `the person's sync state was erased (${info.reason || info.code}); the local copy is cleared` });
        this.#scheduleReconnect();
        return;
      case CLOSE_BAD_FRAME:
      case CLOSE_FLOOD:
        this.#report({ code: 'SDK_ERR_SYNC_UNAVAILABLE', message: `the server closed the sync connection (${info.code} ${info.reason})` });
        this.#scheduleReconnect();
        return;
      default:
        this.#failed(`the sync connection ${info.opened ? 'closed' : 'could not open'} (${info.code}${info.reason ? ` ${info.reason}` : ''})`);
    }
  }

  /** A failure to connect: reconnect with backoff, reporting the first failure and every tenth. */
  #failed(message: string, atLeastMs?: number): void {
    const delay = this.#scheduleReconnect(atLeastMs);
    if (this.#attempt === 1 || this.#attempt % 10 === 0) {
      this.#report({ code: 'SDK_ERR_SYNC_UNAVAILABLE', message: `${message}; reconnecting in ${Math.round(delay)} ms`, retryInMs: delay });
    }
  }

  /** base·2^(n-1) capped at max, "equal jitter" (half of it random); returns the delay. */
  #scheduleReconnect(atLeastMs = 0): number {
    this.#attempt++;
    const exp = Math.min(this.#cfg.maxMs, this.#cfg.baseMs * 2 ** Math.min(this.#attempt - 1, 30));
    const delay = Math.max(atLeastMs, exp / 2 + Math.random() * (exp / 2));
    clearTimeout(this.#timers.reconnect);
    this.#timers.reconnect = setTimeout(() => this.#connect(), delay);
    unref(this.#timers.reconnect);
    return delay;
  }

  #scheduleFlush(): void {
    if (this.#flushQueued) return;
    this.#flushQueued = true;
    queueMicrotask(() => {
      this.#flushQueued = false;
      this.#flushOps();
    });
  }

  /** Sends every pending op not sent on this connection yet (and not held back by a rate limit), in frames within the limits. */
  #flushOps(): void {
    const conn = this.#conn;
    if (!this.#connected || !conn) return;
    const now = Date.now();
    const ready = this.#doc.pending.filter((op) => !this.#sent.has(op.opId) && (this.#holdUntil.get(op.opId) ?? 0) <= now);
    let chunk: SyncOp[] = [];
    let bytes = 0;
    const send = () => {
      if (!chunk.length) return;
      for (const op of chunk) this.#sent.add(op.opId);
      conn.send({ type: 'ops', ops: chunk });
      chunk = [];
      bytes = 0;
    };
    for (const op of ready) {
      const size = byteLength(JSON.stringify(op)) + 1;
      if (chunk.length >= MAX_OPS_PER_FRAME || (chunk.length && bytes + size > MAX_FRAME_BYTES - 64)) send();
      chunk.push(op);
      bytes += size;
    }
    send();
  }

  #sendDigest(): void {
    const conn = this.#conn;
    if (!this.#connected || conn?.transport !== 'ws' || !this.#idle()) return;
    conn.send({ type: 'digest', seq: this.#doc.lastSeq, hash: digest(viewOf(this.#doc.base)) });
  }

  // ---------------------------------------------------------------- server frames

  #onFrame(frame: ServerFrame): void {
    switch (frame.type) {
      case 'snapshot': return this.#onSnapshot(frame);
      case 'ops': return this.#onOps(frame);
      case 'ack': return this.#onAck(frame.opIds, frame.seq);
      case 'nack': return this.#onNack(frame.opId, frame.code, frame.message, frame.retryAfterMs);
      case 'catalog':
        this.#doc.catalog = { ...this.#doc.catalog, ...frame.products };
        this.#persistSoon();
        this.#emit('catalog', { ...this.#doc.catalog });
        return;
      case 'pong':
        this.#observeServerTime(frame.serverTime);
        return;
      case 'error':
        this.#report({ code: 'SDK_ERR_SYNC_UNAVAILABLE', message: `sync server: ${frame.code} ${frame.message}`, serverCode: frame.code });
        return;
      default:
        return; // a frame type this SDK does not know yet
    }
  }

  #onSnapshot(f: SnapshotFrame): void {
    const samePerson = f.personKey === this.#doc.personKey;
    this.#doc.base = f.state;
    this.#doc.lastSeq = f.seq;
    // Acks beyond the snapshot are still to come as ops frames; from another person they mean nothing.
    this.#doc.ackSeq = samePerson && this.#doc.ackSeq > f.seq ? this.#doc.ackSeq : 0;
    this.#doc.personKey = f.personKey;
    this.#doc.catalog = f.catalog ?? {};
    this.#needSnapshot = false;
    this.#gapHelloFor = -1;
    this.#attempt = 0;
    this.#authRetries = 0;
    if (this.#token && this.#token.personKey !== f.personKey) {
      this.#token = { ...this.#token, personKey: f.personKey };
      this.#store.saveToken(this.#token);
    }
    this.#observeServerTime(f.serverTime);
    const newest = maxHlc(f.state);
    if (newest) this.#receiveClock(newest);
    this.#changed();
    this.#emit('snapshot', { reason: f.reason, seq: f.seq, personKey: f.personKey });
    this.#emit('catalog', { ...this.#doc.catalog });
    this.#conn?.send({ type: 'seen', seq: f.seq });
  }

  #onOps(f: Extract<ServerFrame, { type: 'ops' }>): void {
    if (this.#needSnapshot) return; // asked for a snapshot: it replaces whatever came before it
    const last = this.#doc.lastSeq;
    if (f.fromSeq > last + 1) {
      if (this.#gapHelloFor !== last) {
        this.#gapHelloFor = last;
        this.#conn?.send({ type: 'hello', lastSeq: last, ...(this.#doc.personKey ? { personKey: this.#doc.personKey } : {}), client: SYNC_CLIENT });
      }
      return;
    }
    this.#attempt = 0;
    this.#authRetries = 0;
    for (const op of f.ops) this.#receiveClock(op.hlc);
    this.#doc.base = applyOps(this.#doc.base, f.ops);
    const advanced = f.seq > last;
    if (advanced) this.#doc.lastSeq = f.seq;
    // Our own ops come back committed: they are no longer pending (even if their ack was lost).
    const committed = new Set(f.ops.map((o) => o.opId));
    if (this.#doc.pending.some((o) => committed.has(o.opId))) {
      this.#doc.pending = this.#doc.pending.filter((o) => !committed.has(o.opId));
    }
    for (const id of committed) this.#forget(id);
    this.#changed();
    if (advanced) this.#conn?.send({ type: 'seen', seq: this.#doc.lastSeq });
  }

  #onAck(opIds: string[], seq: number): void {
    const ids = new Set(opIds);
    const acked = this.#doc.pending.filter((o) => ids.has(o.opId));
    if (acked.length) {
      this.#doc.pending = this.#doc.pending.filter((o) => !ids.has(o.opId));
      this.#doc.base = applyOps(this.#doc.base, acked);
    }
    for (const id of ids) this.#forget(id);
    if (seq > this.#doc.ackSeq) this.#doc.ackSeq = seq;
    this.#changed();
  }

  #onNack(opId: string | null, code: string, message: string, retryAfterMs?: number): void {
    const op = opId === null ? undefined : this.#doc.pending.find((o) => o.opId === opId);
    if (op && code === 'SYNC_ERR_RATE_LIMITED') {
      this.#hold(op.opId, retryAfterMs ?? 1000);
      return;
    }
    if (op) {
      this.#doc.pending = this.#doc.pending.filter((o) => o !== op);
      this.#forget(op.opId);
      this.#changed();
    }
    this.#report({
      code: 'SDK_ERR_SYNC_REJECTED', serverCode: code, ...(op ? { op } : {}),
      message: op ? `${op.kind} ${op.opId} was refused and dropped: ${code} ${message}` : `the sync server refused a frame: ${code} ${message}`,
    });
  }

  /** Rate limited: the op stays pending and is sent again after `ms`. */
  #hold(opId: string, ms: number): void {
    const at = Date.now() + Math.max(0, ms);
    this.#holdUntil.set(opId, at);
    this.#sent.delete(opId);
    const next = Math.min(...this.#holdUntil.values());
    clearTimeout(this.#timers.hold);
    this.#timers.hold = setTimeout(() => this.#flushOps(), Math.max(0, next - Date.now()) + 1);
    unref(this.#timers.hold);
  }

  #receiveClock(hlc: string): void {
    const remote = decodeHlc(hlc);
    if (!remote) return;
    const r = receive(this.#clock, remote, this.#now());
    if (r.ok) this.#clock = r.clock; // a remote clock too far ahead is ignored: ours stays close to real time
  }

  #observeServerTime(serverTime: unknown): void {
    if (typeof serverTime === 'number' && Number.isFinite(serverTime)) this.#skewMs = serverTime - Date.now();
  }

  // ---------------------------------------------------------------- events

  #emitStatus(): void {
    const s = this.status();
    const json = JSON.stringify(s);
    if (json === this.#statusJson) return;
    this.#statusJson = json;
    this.#emit('status', s);
  }

  #emit<E extends SyncEventName>(event: E, payload: SyncEventMap[E]): void {
    for (const fn of [...this.#listeners[event]] as Array<(p: SyncEventMap[E]) => void>) {
      try { fn(payload); } catch { /* a listener that throws must not break the others */ }
    }
  }

  #report(error: LockstepError): void {
    this.#host.report(error);
    this.#emit('error', error);
  }
}

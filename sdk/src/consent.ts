import { apiBase, requestJson, socketUrl, type JsonOutcome } from './consent-transport.ts';
import { unref } from './transport.ts';
import type {
  ConsentApi, ConsentChange, ConsentPurpose, ConsentRecord, ConsentState, DeviceInfo, LockstepError, WebSocketConstructor, WebSocketLike,
} from './types.ts';

export const PURPOSE = /^[a-z][a-z0-9_-]{1,40}$/;
/** A local choice wins over what the server says for this long, unless the server confirms it sooner. */
const PENDING_MS = 5 * 60_000;
const RECONNECT_BASE_MS = 500;
const RECONNECT_MAX_MS = 30_000;
/** The server ended the feed for good (revoked key, suspended tenant): no reconnect. */
const CLOSE_UNAUTHORISED = 4401;
const OPEN = 1;
const BASES = new Set(['necessary', 'granted', 'denied', 'default-allow', 'default-deny']);

/** What the consent client needs from the Lockstep client it belongs to. */
export interface ConsentHost {
  endpoint: string;
  key: string;
  fetch: typeof fetch;
  timeoutMs: number;
  channel: string;
  device?: DeviceInfo;
  deviceId?: string;
  ids(): { anonymousId: string; userId?: string };
  loadDecisions(): Record<string, ConsentState>;
  saveDecisions(decisions: Record<string, ConsentState>): void;
  /** Offline fallback: send the choice as a consent_update event through the queue. */
  queueChoice(purpose: string, granted: boolean): void;
  report(error: LockstepError): void;
  clock(): number;
  /** The live feed: a WebSocket implementation, or undefined to go without. */
  WebSocket?: WebSocketConstructor;
  /** Absolute page URL, to resolve a relative endpoint for the socket. */
  pageHref?: string;
  /** Calls fn when the browser comes back online; returns the remover. */
  onOnline?(fn: () => void): () => void;
}

function records(body: unknown): Record<string, ConsentRecord> | null {
  const r = (body as { records?: unknown } | undefined)?.records;
  if (!r || typeof r !== 'object') return null;
  const out: Record<string, ConsentRecord> = {};
  for (const [p, v] of Object.entries(r as Record<string, unknown>)) {
    const x = v as Partial<ConsentRecord> | null;
    if (!PURPOSE.test(p) || !x || typeof x.granted !== 'boolean' || typeof x.basis !== 'string' || !BASES.has(x.basis)) continue;
    out[p] = { granted: x.granted, basis: x.basis, at: typeof x.at === 'string' ? x.at : null, version: typeof x.version === 'number' ? x.version : null };
  }
  return out;
}

/**
 * `lockstep.consent`: the person's consent as this device knows it. Choices made here apply at once and are sent to
 * the server; the server's view (the person's choices from every device, and the defaults) arrives with answers,
 * `refresh()` and, from the first use, a WebSocket that pushes every change and reconnects with backoff.
 */
export class ConsentClient implements ConsentApi {
  #decisions: Record<string, ConsentState>;
  readonly #pending = new Map<string, number>();
  #server: Record<string, ConsentRecord> = {};
  readonly #listeners = new Set<(c: ConsentChange) => void>();
  #socket: WebSocketLike | null = null;
  #started = false;
  #closed = false;
  #attempt = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #offOnline: (() => void) | undefined;

  constructor(private readonly host: ConsentHost) {
    this.#decisions = host.loadDecisions();
  }

  get(): Record<string, boolean>;
  get(purpose: string): boolean | undefined;
  get(purpose?: string): Record<string, boolean> | boolean | undefined {
    this.#start();
    const effective = this.#effective();
    return purpose === undefined ? effective : effective[purpose];
  }

  /** This device's own decisions (the client's getConsent/getConsents), with no side effect. */
  decisions(): Record<string, ConsentState> {
    return JSON.parse(JSON.stringify(this.#decisions)) as Record<string, ConsentState>;
  }

  /** A purpose's effective state without starting the feed (what respectConsent checks on every event). */
  peek(purpose: string): boolean | undefined {
    return this.#effective()[purpose];
  }

  async set(choices: Record<string, boolean>, options: { versions?: Record<string, number> } = {}): Promise<Record<string, boolean>> {
    const problem = this.#invalid(choices);
    if (problem) {
      this.host.report({ code: 'SDK_ERR_INVALID_CALL', message: `consent.set: ${problem}` });
      return this.#effective();
    }
    this.#start();
    const before = Object.fromEntries(Object.keys(choices).map((p) => [p, { decision: this.#decisions[p], pending: this.#pending.get(p) }]));
    this.applyLocal(choices);
    const { anonymousId, userId } = this.host.ids();
    const body = {
      anonymousId, ...(userId ? { userId } : {}), ...(this.host.deviceId ? { deviceId: this.host.deviceId } : {}), purposes: choices,
      ...(options.versions ? { versions: options.versions } : {}), channel: this.host.channel, ...(this.host.device?.screen ? { device: { screen: this.host.device.screen } } : {}),
    };
    const outcome = await this.#call('POST', '/v1/consent', body);
    if (outcome.kind === 'ok') {
      this.#applyServer(outcome.body);
    } else if (outcome.kind === 'retry') {
      // Not lost: the queue delivers consent_update events when the server is reachable again.
      for (const [p, g] of Object.entries(choices)) this.host.queueChoice(p, g);
      this.host.report({ code: 'SDK_ERR_CONSENT_UNAVAILABLE', message: `consent.set: ${outcome.message}; sent as consent_update events instead`, status: outcome.status, serverCode: outcome.serverCode, cause: outcome.cause });
    } else {
      const prior = this.#effective();
      for (const [p, b] of Object.entries(before)) {
        if (b.decision) this.#decisions[p] = b.decision;
        else delete this.#decisions[p];
        if (b.pending) this.#pending.set(p, b.pending);
        else this.#pending.delete(p);
      }
      this.host.saveDecisions(this.#decisions);
      this.#emit(prior, 'local');
      this.host.report({ code: 'SDK_ERR_CONSENT_REFUSED', message: `consent.set refused: ${outcome.message}`, status: outcome.status, serverCode: outcome.serverCode });
    }
    return this.#effective();
  }

  on(event: 'change', listener: (change: ConsentChange) => void): () => void {
    if (event !== 'change' || typeof listener !== 'function') {
      this.host.report({ code: 'SDK_ERR_INVALID_CALL', message: 'consent.on: only on("change", fn) is supported' });
      return () => undefined;
    }
    this.#start();
    this.#listeners.add(listener);
    return () => this.off(event, listener);
  }

  off(_event: 'change', listener: (change: ConsentChange) => void): void {
    this.#listeners.delete(listener);
  }

  async refresh(): Promise<Record<string, boolean>> {
    const { anonymousId, userId } = this.host.ids();
    const qs = new URLSearchParams({ anonymousId, ...(userId ? { userId } : {}) });
    const outcome = await this.#call('GET', `/v1/consent?${qs}`);
    if (outcome.kind === 'ok') this.#applyServer(outcome.body);
    else this.host.report({ code: 'SDK_ERR_CONSENT_UNAVAILABLE', message: `consent.refresh: ${outcome.message}`, status: outcome.status, serverCode: outcome.serverCode });
    return this.#effective();
  }

  async purposes(): Promise<ConsentPurpose[]> {
    const outcome = await this.#call('GET', '/v1/consent/purposes');
    if (outcome.kind !== 'ok') {
      this.host.report({ code: 'SDK_ERR_CONSENT_UNAVAILABLE', message: `consent.purposes: ${outcome.message}`, status: outcome.status, serverCode: outcome.serverCode });
      return [];
    }
    const list = (outcome.body as { purposes?: unknown } | undefined)?.purposes;
    return Array.isArray(list) ? (list as ConsentPurpose[]) : [];
  }

  records(): Record<string, ConsentRecord> {
    return JSON.parse(JSON.stringify(this.#server)) as Record<string, ConsentRecord>;
  }

  live(): boolean {
    return this.#socket?.readyState === OPEN;
  }

  /** Applies choices made on this device (also the client's setConsent); they win until the server confirms them. */
  applyLocal(choices: Record<string, boolean>): void {
    const prior = this.#effective();
    const at = new Date(this.host.clock()).toISOString();
    for (const [p, granted] of Object.entries(choices)) {
      this.#decisions[p] = { granted, at };
      this.#pending.set(p, Date.now() + PENDING_MS);
    }
    this.host.saveDecisions(this.#decisions);
    this.#emit(prior, 'local');
  }

  /** The device's ids changed (identify, reset): the feed reconnects as the new identity. */
  identityChanged(): void {
    this.#server = {};
    if (!this.#started || this.#closed) return;
    if (!this.host.WebSocket) {
      void this.refresh();
      return;
    }
    this.#attempt = 0;
    this.#drop();
    this.#connect();
  }

  close(): void {
    this.#closed = true;
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#offOnline?.();
    this.#drop();
  }

  // ---------------------------------------------------------------- internals

  #invalid(choices: unknown): string | null {
    if (!choices || typeof choices !== 'object' || Array.isArray(choices)) return 'pass {"<purpose>": true|false, …}';
    const entries = Object.entries(choices as Record<string, unknown>);
    if (!entries.length) return 'no purpose given';
    for (const [p, g] of entries) {
      if (!PURPOSE.test(p)) return `purpose "${p}" must match [a-z][a-z0-9_-]{1,40}`;
      if (typeof g !== 'boolean') return `"${p}" must be true or false`;
      if (p === 'necessary' && !g) return '"necessary" cannot be withdrawn';
    }
    return null;
  }

  #effective(): Record<string, boolean> {
    const out: Record<string, boolean> = {};
    const now = Date.now();
    for (const [p, r] of Object.entries(this.#server)) out[p] = r.granted;
    for (const [p, d] of Object.entries(this.#decisions)) {
      const server = this.#server[p];
      const recorded = server && (server.basis === 'granted' || server.basis === 'denied');
      if (!recorded || (this.#pending.get(p) ?? 0) > now) out[p] = d.granted;
    }
    return out;
  }

  #applyServer(body: unknown): void {
    const next = records(body);
    if (!next) return;
    const prior = this.#effective();
    const now = Date.now();
    this.#server = next;
    for (const [p, r] of Object.entries(next)) {
      if (r.basis !== 'granted' && r.basis !== 'denied') continue;
      const pendingLocal = (this.#pending.get(p) ?? 0) > now && this.#decisions[p]?.granted !== r.granted;
      if (pendingLocal) continue; // our newer choice is on its way
      this.#pending.delete(p);
      this.#decisions[p] = { granted: r.granted, at: r.at ?? new Date(this.host.clock()).toISOString() };
    }
    this.host.saveDecisions(this.#decisions);
    this.#emit(prior, 'server');
  }

  #emit(prior: Record<string, boolean>, source: 'local' | 'server'): void {
    const purposes = this.#effective();
    const changed = [...new Set([...Object.keys(prior), ...Object.keys(purposes)])].filter((p) => prior[p] !== purposes[p]);
    if (!changed.length) return;
    for (const l of [...this.#listeners]) {
      try {
        l({ purposes: { ...purposes }, changed, source });
      } catch {
        // a listener that throws must not break the others
      }
    }
  }

  #call(method: 'GET' | 'POST', path: string, body?: unknown): Promise<JsonOutcome> {
    return requestJson({ url: `${apiBase(this.host.endpoint)}${path}`, key: this.host.key, fetch: this.host.fetch, timeoutMs: this.host.timeoutMs, method, body });
  }

  /** First use: open the live feed, or read once when there is none. */
  #start(): void {
    if (this.#started || this.#closed) return;
    this.#started = true;
    if (this.host.WebSocket) {
      this.#offOnline = this.host.onOnline?.(() => {
        if (this.#socket || this.#closed) return;
        if (this.#timer !== undefined) clearTimeout(this.#timer);
        this.#timer = undefined;
        this.#connect();
      });
      this.#connect();
    } else {
      void this.refresh();
    }
  }

  #connect(): void {
    const WS = this.host.WebSocket;
    if (!WS || this.#closed) return;
    const { anonymousId, userId } = this.host.ids();
    const url = socketUrl(this.host.endpoint, '/v1/consent/socket', { key: this.host.key, anonymousId, userId }, this.host.pageHref);
    if (!url) {
      void this.refresh();
      return;
    }
    let ws: WebSocketLike;
    try {
      ws = new WS(url);
    } catch (err) {
      this.#retry(`could not open ${url.replace(/key=[^&]+/, 'key=…')}: ${String(err)}`);
      return;
    }
    this.#socket = ws;
    ws.onmessage = (ev) => {
      if (ws !== this.#socket) return;
      let frame: { type?: unknown } | null = null;
      try { frame = JSON.parse(String(ev.data)) as { type?: unknown }; } catch { return; }
      if (frame?.type !== 'consent') return;
      this.#attempt = 0;
      this.#applyServer(frame);
    };
    ws.onerror = () => undefined; // a close follows
    ws.onclose = (ev) => {
      if (ws !== this.#socket) return;
      this.#socket = null;
      if (this.#closed) return;
      if (ev.code === CLOSE_UNAUTHORISED) {
        this.host.report({ code: 'SDK_ERR_CONSENT_UNAVAILABLE', message: `the consent feed was ended by the server (${ev.reason || 'unauthorised'}); not reconnecting` });
        return;
      }
      this.#retry(`the consent feed closed (${ev.code})`);
    };
  }

  /** Reconnects after 0.5 s, 1 s, 2 s … up to 30 s (half of it random), reporting the first failure and every tenth. */
  #retry(message: string): void {
    this.#attempt++;
    const exp = Math.min(RECONNECT_MAX_MS, RECONNECT_BASE_MS * 2 ** Math.min(this.#attempt - 1, 16));
    const delay = exp / 2 + Math.random() * (exp / 2);
    if (this.#attempt === 1 || this.#attempt % 10 === 0) this.host.report({ code: 'SDK_ERR_CONSENT_UNAVAILABLE', message: `${message}; reconnecting in ${Math.round(delay)} ms`, retryInMs: delay });
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#connect();
    }, delay);
    unref(this.#timer);
  }

  #drop(): void {
    const ws = this.#socket;
    this.#socket = null;
    if (!ws) return;
    ws.onmessage = null;
    ws.onclose = null;
    try { ws.close(1000, 'client closed'); } catch { /* already closed */ }
  }
}

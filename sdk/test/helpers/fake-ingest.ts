/**
 * A real HTTP server on 127.0.0.1 (free port) implementing the ingestion contract of docs/events.md minimally:
 * POST /v1/events with `Authorization: Bearer pk_…` (or `?key=pk_…`, the beacon form), `{events: [...]}` →
 * `{accepted, rejected}`; idempotent by eventId. It records every request and can be told to fail the next ones
 * (500, 429 with Retry-After, a dropped connection …) or to reject some events.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LockstepEvent, Rejection } from '../../src/types.ts';

export type Planned =
  | 'drop'
  | { status: number; headers?: Record<string, string>; body?: unknown };

export interface RecordedRequest {
  at: number;
  /** HTTP status answered, or 'dropped'. */
  outcome: number | 'dropped';
  events: LockstepEvent[];
  authorization?: string;
  key?: string | null;
  contentType?: string;
}

const TYPES = new Set([
  'page_view', 'product_view', 'search', 'add_to_cart', 'remove_from_cart', 'wishlist_add', 'wishlist_remove',
  'checkout_step', 'purchase', 'review', 'support_message', 'consent_update', 'identify', 'alias',
]);

export class FakeIngest {
  readonly requests: RecordedRequest[] = [];
  /** Stored events by eventId (each once). */
  readonly stored = new Map<string, LockstepEvent>();
  /** Every event of every 2xx answer, duplicates included (what the server saw). */
  readonly received: LockstepEvent[] = [];
  private readonly plan: Planned[] = [];
  private rejector: ((e: LockstepEvent, index: number) => { code: string; message: string } | null) | undefined;
  private readonly waiters = new Set<() => void>();
  maxBatch = 500;
  private server!: http.Server;
  url = '';

  static async start(): Promise<FakeIngest> {
    const f = new FakeIngest();
    f.server = http.createServer((req, res) => f.handle(req, res));
    f.server.keepAliveTimeout = 100;
    await new Promise<void>((resolve) => f.server.listen(0, '127.0.0.1', resolve));
    f.url = `http://127.0.0.1:${(f.server.address() as AddressInfo).port}`;
    return f;
  }

  /** The next requests get these answers, in order; then normal service. */
  failNext(...answers: Planned[]): void {
    this.plan.push(...answers);
  }

  reject(fn: (e: LockstepEvent, index: number) => { code: string; message: string } | null): void {
    this.rejector = fn;
  }

  get okRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.outcome === 200);
  }

  async waitFor(cond: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!cond()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => { this.waiters.delete(done); resolve(); }, 20);
        const done = () => { clearTimeout(t); this.waiters.delete(done); resolve(); };
        this.waiters.add(done);
      });
    }
  }

  waitForStored(n: number, timeoutMs = 5000): Promise<void> {
    return this.waitFor(() => this.stored.size >= n, timeoutMs, `${n} stored events (have ${this.stored.size})`);
  }

  waitForRequests(n: number, timeoutMs = 5000): Promise<void> {
    return this.waitFor(() => this.requests.length >= n, timeoutMs, `${n} requests (have ${this.requests.length})`);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://x');
      const rec: RecordedRequest = {
        at: Date.now(), outcome: 0, events: [], authorization: req.headers.authorization,
        key: url.searchParams.get('key'), contentType: req.headers['content-type'],
      };
      this.requests.push(rec);
      const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        rec.outcome = status;
        res.writeHead(status, { 'content-type': 'application/json', ...headers });
        res.end(JSON.stringify(body));
        this.notify();
      };
      const error = (status: number, code: string, message: string, details?: unknown) =>
        send(status, { statusCode: status, code, error: 'Error', message, requestId: 'r', ...(details ? { details } : {}) });

      let parsed: unknown;
      try { parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')); } catch { parsed = undefined; }
      if (parsed && typeof parsed === 'object' && Array.isArray((parsed as { events?: unknown }).events)) {
        rec.events = (parsed as { events: LockstepEvent[] }).events;
      }

      const planned = this.plan.shift();
      if (planned === 'drop') {
        rec.outcome = 'dropped';
        req.socket.destroy();
        this.notify();
        return;
      }
      if (planned) {
        send(planned.status, planned.body ?? { statusCode: planned.status, code: 'TEST_PLANNED', error: 'Error', message: 'planned failure', requestId: 'r' }, planned.headers);
        return;
      }

      if (req.method !== 'POST' || url.pathname !== '/v1/events') return error(404, 'CORE_ERR_ROUTE_NOT_FOUND', 'not found');
      // A Bearer key (publishable or secret), or a publishable key as ?key= (beacons cannot set headers).
      const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
      const queryKey = url.searchParams.get('key');
      const key = bearer ?? queryKey;
      if (!key) return error(401, 'CORE_ERR_UNAUTHENTICATED', 'missing key');
      if (!bearer && !queryKey!.startsWith('pk_')) return error(403, 'CORE_ERR_FORBIDDEN', 'only publishable keys may use ?key=');
      if (key === 'pk_revoked') return error(401, 'CORE_ERR_UNAUTHENTICATED', 'revoked key');
      if (parsed === undefined) return error(400, 'CORE_ERR_INVALID_JSON', 'invalid JSON');
      if (!rec.events.length && !Array.isArray((parsed as { events?: unknown }).events)) return error(400, 'CORE_ERR_VALIDATION', 'body must be {events: [...]}');
      if (rec.events.length > this.maxBatch) {
        return error(400, 'EVENTS_ERR_BATCH_TOO_LONG', `A batch holds at most ${this.maxBatch} events; got ${rec.events.length}`, { max: this.maxBatch, got: rec.events.length });
      }

      const accepted: string[] = [];
      const rejected: Rejection[] = [];
      const seen = new Set<string>();
      rec.events.forEach((e, index) => {
        const eventId = typeof e?.eventId === 'string' ? e.eventId : null;
        const bad = (code: string, message: string) => rejected.push({ index, eventId, code, message });
        if (!eventId || !/^[A-Za-z0-9_-]{8,100}$/.test(eventId)) return bad('EVENTS_ERR_INVALID_EVENT', 'eventId');
        if (seen.has(eventId)) return bad('EVENTS_ERR_DUPLICATE_IN_BATCH', `eventId ${eventId} appears earlier in the same batch`);
        seen.add(eventId);
        if (!TYPES.has(e.type) && !/^custom:[a-z0-9_.-]{1,60}$/.test(e.type)) return bad('EVENTS_ERR_UNKNOWN_TYPE', `Unknown event type "${e.type}"`);
        if (!e.anonymousId && !e.userId) return bad('EVENTS_ERR_INVALID_EVENT', 'anonymousId');
        if (typeof e.channel !== 'string' || !/^[a-z0-9_-]{2,40}$/.test(e.channel)) return bad('EVENTS_ERR_INVALID_EVENT', 'channel');
        if (typeof e.timestamp !== 'string' || Number.isNaN(Date.parse(e.timestamp))) return bad('EVENTS_ERR_INVALID_EVENT', 'timestamp');
        if (Date.parse(e.timestamp) > Date.now() + 300_000) return bad('EVENTS_ERR_TIMESTAMP_IN_FUTURE', 'timestamp in the future');
        const custom = this.rejector?.(e, index);
        if (custom) return bad(custom.code, custom.message);
        this.received.push(e);
        if (!this.stored.has(eventId)) this.stored.set(eventId, e); // idempotent: a retried eventId is stored once
        accepted.push(eventId);
      });
      send(200, { accepted, rejected });
    });
  }
}

/** A port nothing listens on (connection refused): "offline". */
export async function deadEndpoint(): Promise<string> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

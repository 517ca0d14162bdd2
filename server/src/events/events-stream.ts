import { TenantSockets } from '../sockets/tenant-sockets.ts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import type { Model } from 'mongoose';
import type { BusEvent, EventBus } from '../core/event-bus.ts';
import type { Invalidation } from '../auth/credential-cache.ts';
import type { Principal } from '../auth/ability.ts';
import { coreError } from '../errors/app-error.ts';
import { summarizeEvent, type EventSummary } from './event-summary.ts';
import { PRIVACY_SUBJECT_ERASED, type SubjectErasedPayload } from '../../../privacy/src/requests/bus-topics.ts';

/**
 * Live stream of a tenant's shopper events over WebSocket (`GET /api/events/stream`).
 *
 * Source: the `events.ingested` message every API instance publishes on the Redis event bus after a write,
 * carrying summaries of the new events, so one hub per instance fans a message out to its sockets of that
 * tenant without touching the store. Messages (JSON, one per frame):
 * - client → server: `{"filter": {types?, channels?, anonymousIds?, userIds?}}` (each an OR list; absent = all;
 *   a new filter replaces the old one)
 * - server → client: `{type: 'ready', filter}` on connect and after each filter; `{type: 'events', events: [...]}`;
 *   `{type: 'lag', dropped}` after events were dropped because the client read too slowly;
 *   `{type: 'error', code, message}` for a bad client message (the socket stays open).
 * Close codes: 4401 when the session ends (logout, role change, user removed), 4410 when the person a socket
 *   filters on was erased (privacy.subject.erased), 1001 on server shutdown.
 */

const IdList = (max = 100) => Type.Array(Type.String({ minLength: 1, maxLength: 100 }), { maxItems: max });
export const StreamFilterSchema = Type.Object({
  types: Type.Optional(IdList()),
  channels: Type.Optional(IdList()),
  anonymousIds: Type.Optional(IdList()),
  userIds: Type.Optional(IdList()),
}, { additionalProperties: false });
export type StreamFilter = Static<typeof StreamFilterSchema>;
const ClientMessage = Type.Object({ filter: StreamFilterSchema }, { additionalProperties: false });
const clientCheck = Compile(ClientMessage);

export type StreamMessage =
  | { type: 'ready'; filter: StreamFilter }
  | { type: 'events'; events: EventSummary[] }
  | { type: 'lag'; dropped: number }
  | { type: 'error'; code: string; message: string };

/** What the hub needs of a socket (the `ws` WebSocket satisfies it; tests pass fakes). */
export interface StreamSocket {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  ping?(): void;
  terminate?(): void;
}

export interface EventStreamOptions {
  /**
   * Bytes a socket may have waiting to be sent before new events are dropped for it (and later reported with a
   * `lag` message). Bounds the memory one slow client can hold.
   * @defaultValue 1 MiB
   */
  maxBufferedBytes?: number;
  /** How often lag is re-checked and idle sockets are pinged. @defaultValue 1000 / 30000 ms */
  lagCheckMs?: number;
  heartbeatMs?: number;
}

interface Ingested { eventIds?: string[]; events?: EventSummary[] }
const OPEN = 1;

/** One socket: its tenant, its principal (to end it when the session ends), its filter and its lag. */
export class StreamSubscriber {
  #filter: StreamFilter = {};
  #sets: { types?: Set<string>; channels?: Set<string>; anonymousIds?: Set<string>; userIds?: Set<string> } = {};
  /** Dropped since the last `lag` report. */
  dropped = 0;
  droppedTotal = 0;
  alive = true;

  constructor(readonly socket: StreamSocket, readonly tenantId: string, readonly principal: { userId?: string; sessionId?: string; keyId?: string }, private readonly maxBufferedBytes: number) {}

  get filter(): StreamFilter {
    return this.#filter;
  }

  setFilter(filter: StreamFilter): void {
    this.#filter = filter;
    const set = (xs?: string[]) => (xs && xs.length ? new Set(xs) : undefined);
    this.#sets = { types: set(filter.types), channels: set(filter.channels), anonymousIds: set(filter.anonymousIds), userIds: set(filter.userIds) };
  }

  /** An event passes when every given list matches; anonymousIds and userIds together mean "either" (one person's devices or account). */
  matches(e: EventSummary): boolean {
    const { types, channels, anonymousIds, userIds } = this.#sets;
    if (types && !types.has(e.type)) return false;
    if (channels && !channels.has(e.channel)) return false;
    if (anonymousIds || userIds) {
      const hit = (anonymousIds && e.anonymousId !== null && anonymousIds.has(e.anonymousId)) || (userIds && e.userId !== null && userIds.has(e.userId));
      if (!hit) return false;
    }
    return true;
  }

  send(message: StreamMessage): void {
    if (this.socket.readyState !== OPEN) return;
    this.socket.send(JSON.stringify(message));
  }

  /** Sends the matching events unless the socket's send buffer is over the bound: then they are dropped and counted. */
  deliver(events: EventSummary[]): void {
    if (this.socket.readyState !== OPEN) return;
    const matching = events.filter((e) => this.matches(e));
    if (!matching.length) return;
    if (this.socket.bufferedAmount > this.maxBufferedBytes) {
      this.dropped += matching.length;
      this.droppedTotal += matching.length;
      return;
    }
    this.reportLag();
    this.send({ type: 'events', events: matching });
  }

  /** Tells the client how many events it missed, once its buffer has drained below the bound. */
  reportLag(): void {
    if (!this.dropped || this.socket.bufferedAmount > this.maxBufferedBytes) return;
    const dropped = this.dropped;
    this.dropped = 0;
    this.send({ type: 'lag', dropped });
  }

  /** Handles one client frame: a filter, or an error answer. */
  receive(raw: string): void {
    let msg: unknown;
    try {
      msg = JSON.parse(raw);
    } catch {
      return this.send({ type: 'error', code: 'CORE_ERR_INVALID_JSON', message: 'The message is not valid JSON' });
    }
    if (!clientCheck.Check(msg)) {
      const e = clientCheck.Errors(msg)[0];
      const where = e.instancePath.replace(/\//g, '.') || '.';
      const what = e.keyword === 'additionalProperties' ? `has unknown field "${(e.params as { additionalProperties?: string[] }).additionalProperties?.[0]}"` : e.message;
      return this.send({ type: 'error', code: 'CORE_ERR_VALIDATION', message: `message${where === '.' ? '' : where} ${what}; expected {"filter": {types?, channels?, anonymousIds?, userIds?}}` });
    }
    this.setFilter((msg as { filter: StreamFilter }).filter);
    this.send({ type: 'ready', filter: this.#filter });
  }
}

/** Every stream socket of this API instance, by tenant; fed by the event bus. */
export class EventStreamHub {
  readonly #subs = new TenantSockets<StreamSubscriber>();
  readonly #unsubscribe: (() => void)[] = [];
  #timers: NodeJS.Timeout[] = [];
  readonly maxBufferedBytes: number;

  constructor(private readonly bus: EventBus, private readonly load: (tenantId: string, eventIds: string[]) => Promise<EventSummary[]>, private readonly opts: EventStreamOptions = {}, private readonly onError: (err: unknown) => void = () => undefined) {
    this.maxBufferedBytes = opts.maxBufferedBytes ?? 1024 * 1024;
  }

  start(): void {
    this.#unsubscribe.push(
      this.bus.subscribe<Ingested>('events.ingested', (e) => this.#onIngested(e)),
      this.bus.subscribe<Invalidation>('auth.invalidate', (e) => this.#onInvalidate(e.payload)),
      this.bus.subscribe<SubjectErasedPayload>(PRIVACY_SUBJECT_ERASED, (e) => this.#onSubjectErased(e.tenantId, e.payload)),
    );
    this.#timers.push(
      setInterval(() => this.#each((s) => s.reportLag()), this.opts.lagCheckMs ?? 1000).unref(),
      setInterval(() => this.#heartbeat(), this.opts.heartbeatMs ?? 30_000).unref(),
    );
  }

  add(sub: StreamSubscriber): void {
    this.#subs.add(sub);
  }

  remove(sub: StreamSubscriber): void {
    this.#subs.remove(sub);
  }

  count(tenantId?: string): number {
    return this.#subs.count(tenantId);
  }

  /** Fans one bus message out to the tenant's sockets. */
  async publish(tenantId: string, payload: Ingested): Promise<void> {
    const subs = this.#subs.of(tenantId);
    if (!subs.size) return;
    // Summaries travel with the message; an instance of an older version sends only ids: read them once here.
    const events = payload.events ?? (payload.eventIds?.length ? await this.load(tenantId, payload.eventIds) : []);
    if (!events.length) return;
    for (const sub of subs) {
      try {
        sub.deliver(events);
      } catch (err) {
        this.onError(err);
      }
    }
  }

  #onIngested(e: BusEvent<Ingested>): Promise<void> {
    return this.publish(e.tenantId, e.payload ?? {});
  }

  #onInvalidate(what: Invalidation): void {
    this.#each((s) => {
      const p = s.principal;
      const ended = ('sessionId' in what && p.sessionId === what.sessionId) || ('userId' in what && p.userId === what.userId) || ('keyId' in what && p.keyId === what.keyId);
      if (ended) s.socket.close(4401, 'session ended');
    });
  }

  /** An erased data subject: sockets watching that person's devices or account are closed (4410). */
  #onSubjectErased(tenantId: string, erased: SubjectErasedPayload): void {
    const values = new Set(erased?.values ?? []);
    for (const s of this.#subs.of(tenantId)) {
      const watched = [...(s.filter.anonymousIds ?? []), ...(s.filter.userIds ?? [])];
      if (watched.some((v) => values.has(v))) s.socket.close(4410, 'data subject erased');
    }
  }

  #heartbeat(): void {
    this.#each((s) => {
      if (!s.alive) return s.socket.terminate?.();
      s.alive = false;
      s.socket.ping?.();
    });
  }

  #each(fn: (s: StreamSubscriber) => void): void {
    for (const s of this.#subs.all()) fn(s);
  }

  stop(): void {
    for (const u of this.#unsubscribe.splice(0)) u();
    for (const t of this.#timers) clearInterval(t);
    this.#timers = [];
    this.#each((s) => s.socket.close(1001, 'server shutting down'));
    this.#subs.clear();
  }
}

/** Same-origin or an allowed CORS origin; requests without Origin (non-browser clients) pass. */
function originAllowed(request: FastifyRequest, corsOrigins: string[] | '*'): boolean {
  const origin = request.headers.origin;
  if (!origin) return true;
  if (corsOrigins === '*' || corsOrigins.includes(origin)) return true;
  try {
    return new URL(origin).host === request.headers.host;
  } catch {
    return false;
  }
}

function principalRef(p: Principal): { userId?: string; sessionId?: string; keyId?: string } {
  return p.kind === 'user' ? { userId: p.userId, sessionId: p.sessionId } : { keyId: p.keyId };
}

/** Registers `GET /api/events/stream` (WebSocket) and the hub that feeds it. */
export async function eventStreamRoutes(app: FastifyInstance, opts: EventStreamOptions = {}): Promise<void> {
  const { bus, config, models } = app.lockstep;
  const Event = models.Event as Model<any>;
  const load = async (tenantId: string, eventIds: string[]) => (await Event.find({ tenantId, eventId: { $in: eventIds } }).lean<Record<string, any>[]>()).map(summarizeEvent);
  const hub = new EventStreamHub(bus, load, opts, (err) => app.log.error({ err }, 'event stream delivery failed'));
  hub.start();
  app.addHook('preClose', async () => hub.stop());

  app.get('/api/events/stream', {
    websocket: true,
    config: { access: { action: 'read', subject: 'Event' } },
    schema: { tags: ['events'], summary: 'Live events of the tenant (WebSocket; session cookie)' },
    preHandler: async (request) => {
      // Browsers send the session cookie on cross-site WebSocket handshakes unless SameSite stops them: check Origin too.
      if (!originAllowed(request, config.corsOrigins)) throw coreError('CORE_ERR_FORBIDDEN', [`WebSocket from origin ${request.headers.origin}`]);
    },
  }, (socket, request) => {
    const principal = request.principal!;
    const sub = new StreamSubscriber(socket, principal.tenantId, principalRef(principal), hub.maxBufferedBytes);
    hub.add(sub);
    socket.on('message', (data: Buffer, isBinary: boolean) => sub.receive(isBinary ? '' : data.toString('utf8')));
    socket.on('pong', () => { sub.alive = true; });
    socket.on('close', () => hub.remove(sub));
    socket.on('error', (err: Error) => { request.log.info({ err }, 'event stream socket error'); hub.remove(sub); });
    sub.send({ type: 'ready', filter: sub.filter });
  });
}

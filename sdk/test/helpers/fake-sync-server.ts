/**
 * A small in-memory implementation of the sync wire contract (/work/notes/sync-contract.md, public surface) for the
 * transport tests: POST /v1/sync/token, the socket, SSE and POST /v1/sync/ops. One op log per personKey, commits
 * broadcast to every connection of the person. It can refuse WebSocket upgrades (→ SSE fallback), refuse ops
 * whose product id starts with "bad" (400 for a POST body holding one, a nack on the socket) and rate-limit POSTs.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { applyOps } from '../../../plugins/sync/crdt/apply.ts';
import { emptyState } from '../../../plugins/sync/crdt/state.ts';
import { view } from '../../../plugins/sync/crdt/view.ts';
import type { ClientFrame, ServerFrame, SyncOp, SyncState } from '../../src/sync/wire.ts';

interface Person { seq: number; state: SyncState; log: { seq: number; ops: SyncOp[] }[]; opIds: Set<string> }
type Sink = { personKey: string; send(frame: ServerFrame): void };

export interface FakeSyncServerOptions {
  /** Refuse WebSocket upgrades (the client must fall back to SSE). */
  refuseUpgrade?: boolean;
  /** Answer this many POST /v1/sync/ops with 429 Retry-After: 0. */
  rateLimitPosts?: number;
}

export class FakeSyncServer {
  readonly requests: string[] = [];
  readonly received: ClientFrame[] = [];
  readonly posts: SyncOp[][] = [];
  /** lastSeq query of each event stream opened (null: none, a snapshot was asked for). */
  readonly streamLastSeqs: (number | null)[] = [];
  rateLimited = 0;
  private readonly people = new Map<string, Person>();
  private readonly tokens = new Map<string, { personKey: string; deviceId: string }>();
  private readonly sinks = new Set<Sink>();
  private readonly sockets = new Set<WebSocket>();
  private readonly streams = new Set<http.ServerResponse>();
  private n = 0;

  private constructor(private readonly server: http.Server, readonly url: string, private readonly options: FakeSyncServerOptions) {}

  static async start(options: FakeSyncServerOptions = {}): Promise<FakeSyncServer> {
    const server = http.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const self = new FakeSyncServer(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`, options);
    server.on('request', (req, res) => void self.onRequest(req, res));
    if (!options.refuseUpgrade) {
      const wss = new WebSocketServer({ server, path: '/v1/sync/socket' });
      wss.on('connection', (ws, req) => self.onSocket(ws, req));
    }
    return self;
  }

  person(personKey: string): Person {
    let p = this.people.get(personKey);
    if (!p) this.people.set(personKey, (p = { seq: 0, state: emptyState() as SyncState, log: [], opIds: new Set() }));
    return p;
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    for (const s of this.streams) s.destroy();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** Commits the new ops of `ops` for the person and pushes them to every connection; returns the commit seq. */
  commit(personKey: string, ops: SyncOp[]): number {
    const p = this.person(personKey);
    const fresh = ops.filter((o) => !p.opIds.has(o.opId));
    if (!fresh.length) return p.seq;
    p.seq++;
    for (const o of fresh) p.opIds.add(o.opId);
    p.state = applyOps(p.state, fresh) as SyncState;
    p.log.push({ seq: p.seq, ops: fresh });
    for (const s of this.sinks) if (s.personKey === personKey) s.send({ type: 'ops', fromSeq: p.seq, seq: p.seq, ops: fresh });
    return p.seq;
  }

  /** What a connection resuming from `lastSeq` (of `helloPersonKey`) gets first: the missed commits, else a snapshot. */
  private catchUp(personKey: string, lastSeq: number | undefined, helloPersonKey: string | undefined): ServerFrame {
    const p = this.person(personKey);
    if (lastSeq !== undefined && helloPersonKey === personKey && lastSeq <= p.seq) {
      const missed = p.log.filter((c) => c.seq > lastSeq);
      if (missed.length === p.seq - lastSeq && missed.length > 0) return { type: 'ops', fromSeq: lastSeq + 1, seq: p.seq, ops: missed.flatMap((c) => c.ops) };
      if (missed.length === 0) return { type: 'pong', serverTime: Date.now() };
    }
    return { type: 'snapshot', reason: lastSeq === undefined ? 'request' : 'hello', seq: p.seq, state: p.state, view: view(p.state), catalog: {}, personKey, serverTime: Date.now() };
  }

  private async onRequest(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url!, 'http://x');
    this.requests.push(`${req.method} ${url.pathname}`);
    const body = req.method === 'POST' ? await new Promise<string>((r) => { let b = ''; req.on('data', (d) => { b += d; }); req.on('end', () => r(b)); }) : '';
    const json = (status: number, value: unknown, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value));
    };
    if (req.method === 'POST' && url.pathname === '/v1/sync/token') {
      const r = JSON.parse(body) as { anonymousId: string; deviceId: string; userId?: string };
      const token = `t${++this.n}`;
      const personKey = r.userId ? `p:${r.userId}` : `a:${r.anonymousId}`;
      this.tokens.set(token, { personKey, deviceId: r.deviceId });
      return json(200, { token, expiresAt: new Date(Date.now() + 3_600_000).toISOString(), personKey });
    }
    if (req.method === 'POST' && url.pathname === '/v1/sync/ops') {
      const who = this.tokens.get(String(req.headers['x-sync-token']));
      if (!who) return json(401, { statusCode: 401, code: 'SYNC_ERR_TOKEN', message: 'bad token' });
      if ((this.options.rateLimitPosts ?? 0) > 0) {
        this.options.rateLimitPosts!--;
        this.rateLimited++;
        return json(429, { statusCode: 429, code: 'SYNC_ERR_RATE_LIMITED', message: 'slow down' }, { 'retry-after': '0' });
      }
      const ops = (JSON.parse(body) as { ops: SyncOp[] }).ops;
      this.posts.push(ops);
      if (ops.some((o) => 'productId' in o && o.productId.startsWith('bad'))) return json(400, { statusCode: 400, code: 'CORE_ERR_VALIDATION', message: 'body/ops/0/productId' });
      const seq = this.commit(who.personKey, ops);
      return json(200, { seq, acked: ops.map((o) => o.opId), rejected: [] });
    }
    if (req.method === 'GET' && url.pathname === '/v1/sync/events') {
      const who = this.tokens.get(url.searchParams.get('token') ?? '');
      if (!who) return json(401, { statusCode: 401, code: 'SYNC_ERR_TOKEN', message: 'bad token' });
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      this.streams.add(res);
      const send = (f: ServerFrame) => res.write(`event: ${f.type}\r\ndata: ${JSON.stringify(f)}\r\n\r\n`);
      const sink: Sink = { personKey: who.personKey, send };
      res.write(': hello\n\n');
      const lastSeq = url.searchParams.has('lastSeq') ? Number(url.searchParams.get('lastSeq')) : undefined;
      this.streamLastSeqs.push(lastSeq ?? null);
      send(this.catchUp(who.personKey, lastSeq, url.searchParams.get('personKey') ?? undefined));
      this.sinks.add(sink);
      req.on('close', () => { this.sinks.delete(sink); this.streams.delete(res); });
      return;
    }
    json(404, { statusCode: 404, code: 'NOT_FOUND', message: url.pathname });
  }

  private onSocket(ws: WebSocket, req: http.IncomingMessage): void {
    const url = new URL(req.url!, 'http://x');
    this.requests.push(`WS ${url.pathname}`);
    const who = this.tokens.get(url.searchParams.get('token') ?? '');
    if (!who) {
      ws.close(4401, 'bad token');
      return;
    }
    this.sockets.add(ws);
    const sink: Sink = { personKey: who.personKey, send: (f) => ws.send(JSON.stringify(f)) };
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as ClientFrame;
      this.received.push(frame);
      if (frame.type === 'hello') {
        sink.send(this.catchUp(who.personKey, frame.lastSeq, frame.personKey));
        this.sinks.add(sink);
      } else if (frame.type === 'ops') {
        const good = frame.ops.filter((o) => !('productId' in o && o.productId.startsWith('bad')));
        for (const o of frame.ops) if (!good.includes(o)) sink.send({ type: 'nack', opId: o.opId, code: 'SYNC_ERR_INVALID_OP', message: 'bad product' });
        if (good.length) {
          const seq = this.commit(who.personKey, good);
          sink.send({ type: 'ack', opIds: good.map((o) => o.opId), seq });
        }
      } else if (frame.type === 'ping') {
        sink.send({ type: 'pong', serverTime: Date.now() });
      }
    });
    ws.on('close', () => { this.sinks.delete(sink); this.sockets.delete(ws); });
  }
}

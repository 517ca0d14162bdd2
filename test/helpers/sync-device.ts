// A shopper device speaking the sync protocol from Node (tests and the chaos test): the client state model of
// docs/sync-protocol.md — base state from the server + pending ops, lastSeq, acks, nacks, seen — over the real socket.
import WebSocket from 'ws';
import { randomUUID } from 'node:crypto';
import { applyOps } from '../../plugins/sync/crdt/apply.ts';
import { emptyState, lineKey, type SyncState } from '../../plugins/sync/crdt/state.ts';
import { view, type SyncView } from '../../plugins/sync/crdt/view.ts';
import { digest } from '../../plugins/sync/crdt/digest.ts';
import { decodeHlc, encodeHlc, initialHlc, receive, tick, type Hlc } from '../../plugins/sync/crdt/hlc.ts';
import type { SyncOp } from '../../plugins/sync/crdt/ops.schema.ts';

type Frame = Record<string, any>;
type OpBody = Record<string, unknown> & { kind: SyncOp['kind'] };

export interface DeviceOptions {
  http: (method: string, url: string, body?: unknown, headers?: Record<string, string>) => Promise<{ status: number; json: any }>;
  wsBase: string;
  key: string;
  anonymousId?: string;
  deviceId?: string;
  userId?: string;
  channel?: string;
}

export class SyncDevice {
  readonly anonymousId: string;
  readonly deviceId: string;
  userId: string | undefined;
  base: SyncState = emptyState();
  pending: SyncOp[] = [];
  lastSeq = 0;
  personKey: string | null = null;
  token = '';
  ws: WebSocket | null = null;
  frames: Frame[] = [];
  nacks: Frame[] = [];
  #clock: Hlc;
  #n = 0;
  #waiters: { pred: (f: Frame) => boolean; done: (f: Frame) => void }[] = [];

  constructor(private readonly o: DeviceOptions) {
    this.anonymousId = o.anonymousId ?? `anon-${randomUUID()}`;
    this.deviceId = o.deviceId ?? `dev-${randomUUID().slice(0, 12)}`;
    this.userId = o.userId;
    this.#clock = initialHlc(this.deviceId);
  }

  get online(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  async mint(): Promise<{ token: string; personKey: string }> {
    const res = await this.o.http('POST', '/v1/sync/token', { anonymousId: this.anonymousId, deviceId: this.deviceId, ...(this.userId ? { userId: this.userId } : {}), ...(this.o.channel ? { channel: this.o.channel } : {}) }, { authorization: `Bearer ${this.o.key}` });
    if (res.status !== 200) throw new Error(`token: ${res.status} ${JSON.stringify(res.json)}`);
    this.token = res.json.token;
    return res.json;
  }

  /** Connects, says hello (resuming from lastSeq) and waits for the answer; then flushes pending ops. */
  async connect(): Promise<void> {
    if (!this.token) await this.mint();
    const ws = new WebSocket(`${this.o.wsBase}/v1/sync/socket?${new URLSearchParams({ key: this.o.key, token: this.token })}`);
    this.ws = ws;
    ws.on('message', (data) => this.#onFrame(JSON.parse(data.toString())));
    await new Promise<void>((resolve, reject) => { ws.once('open', () => resolve()); ws.once('error', reject); });
    const answered = this.next((f) => f.type === 'snapshot' || (f.type === 'ops' && f.hello === undefined), 15_000, this.frames.length);
    ws.send(JSON.stringify({ type: 'hello', ...(this.personKey ? { lastSeq: this.lastSeq, personKey: this.personKey } : {}) }));
    await answered;
    this.flush();
  }

  disconnect(): void {
    this.ws?.terminate();
    this.ws = null;
  }

  /** Applies an op locally and sends it when online (queued otherwise). */
  op(body: OpBody): SyncOp {
    this.#clock = tick(this.#clock, Date.now());
    const op = { ...body, opId: `${this.deviceId}:${++this.#n}`, hlc: encodeHlc(this.#clock), deviceId: this.deviceId } as unknown as SyncOp;
    this.pending.push(op);
    if (this.online) this.ws!.send(JSON.stringify({ type: 'ops', ops: [op] }));
    return op;
  }

  flush(): void {
    for (let i = 0; i < this.pending.length; i += 100) this.ws?.send(JSON.stringify({ type: 'ops', ops: this.pending.slice(i, i + 100) }));
  }

  local(): SyncState {
    return applyOps(this.base, this.pending);
  }

  view(): SyncView {
    return view(this.local());
  }

  /** Line op ids of a cart line in the local state (what a setQuantity/remove observed). */
  observedLine(productId: string, variantId?: string): string[] {
    const line = this.local().cart[lineKey(productId, variantId ?? null)];
    return line ? Object.keys(line.contributions) : [];
  }

  observedWish(productId: string): string[] {
    return Object.keys(this.local().wishlist[productId]?.adds ?? {});
  }

  addToCart(productId: string, quantity = 1, price?: number): SyncOp {
    return this.op({ kind: 'cart.add', productId, quantity, ...(price !== undefined ? { priceSeen: price, currency: 'EUR' } : {}) });
  }

  next(pred: (f: Frame) => boolean, ms = 10_000, from = 0): Promise<Frame> {
    const seen = this.frames.slice(from).find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((res, rej) => {
      const timer = setTimeout(() => rej(new Error(`${this.deviceId}: no matching frame in ${ms} ms; last: ${JSON.stringify(this.frames.slice(-5)).slice(0, 1200)}`)), ms);
      this.#waiters.push({ pred, done: (f) => { clearTimeout(timer); res(f); } });
    });
  }

  send(frame: unknown): void {
    this.ws?.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  sendDigest(): void {
    if (!this.pending.length) this.send({ type: 'digest', seq: this.lastSeq, hash: digest(view(this.base)) });
  }

  #onFrame(f: Frame): void {
    this.frames.push(f);
    switch (f.type) {
      case 'snapshot':
        // The clock moves past every stamp it now knows, so later ops (and their `observed`) follow causally.
        for (const h of hlcsOf(f.state)) { const d = decodeHlc(h); if (d) { const r = receive(this.#clock, d, Date.now()); if (r.ok) this.#clock = r.clock; } }
        this.base = f.state;
        this.lastSeq = f.seq;
        this.personKey = f.personKey;
        this.send({ type: 'seen', seq: f.seq });
        break;
      case 'ops':
        for (const op of f.ops as SyncOp[]) {
          const h = decodeHlc(op.hlc);
          if (h) { const r = receive(this.#clock, h, Date.now()); if (r.ok) this.#clock = r.clock; }
        }
        this.base = applyOps(this.base, f.ops);
        if (f.fromSeq <= this.lastSeq + 1) this.lastSeq = Math.max(this.lastSeq, f.seq);
        else this.send({ type: 'hello', lastSeq: this.lastSeq, personKey: this.personKey });
        this.send({ type: 'seen', seq: this.lastSeq });
        break;
      case 'ack': {
        const ids = new Set<string>(f.opIds);
        const acked = this.pending.filter((o) => ids.has(o.opId));
        this.base = applyOps(this.base, acked);
        this.pending = this.pending.filter((o) => !ids.has(o.opId));
        break;
      }
      case 'nack':
        this.nacks.push(f);
        if (f.code !== 'SYNC_ERR_RATE_LIMITED') this.pending = this.pending.filter((o) => o.opId !== f.opId);
        break;
    }
    for (const w of [...this.#waiters]) if (w.pred(f)) { this.#waiters.splice(this.#waiters.indexOf(w), 1); w.done(f); }
  }
}

function hlcsOf(value: unknown, out: string[] = []): string[] {
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'hlc' && typeof v === 'string') out.push(v);
      else hlcsOf(v, out);
    }
  }
  return out;
}

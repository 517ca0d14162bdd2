/**
 * A scriptable stand-in for the sync transport: the test plays the server. It records token requests, POSTed ops and
 * every connection with the frames the client sent on it, and pushes server frames / closes on demand.
 */
import { applyOps } from '../../../plugins/sync/crdt/apply.ts';
import { emptyState } from '../../../plugins/sync/crdt/state.ts';
import { view } from '../../../plugins/sync/crdt/view.ts';
import type {
  SyncConnection, SyncConnectionEvents, SyncConnectParams, SyncHttpOutcome, SyncTransport, SyncTransportKind,
} from '../../src/sync/types.ts';
import type { ClientFrame, PostOpsResult, ServerFrame, SnapshotFrame, SnapshotReason, SyncOp, SyncState, TokenRequest, TokenResponse } from '../../src/sync/wire.ts';

type Waiter = { test: () => boolean; resolve: () => void };

async function until(what: string, test: () => boolean, waiters: Waiter[], ms = 2000): Promise<void> {
  if (test()) return;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms);
    waiters.push({ test, resolve: () => { clearTimeout(timer); resolve(); } });
  });
}

function wake(waiters: Waiter[]): void {
  for (const w of [...waiters]) {
    if (w.test()) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
  }
}

export class FakeConnection implements SyncConnection {
  readonly sent: ClientFrame[] = [];
  closedByClient = false;
  private readonly waiters: Waiter[] = [];

  constructor(readonly params: SyncConnectParams, private readonly events: SyncConnectionEvents, readonly transport: SyncTransportKind = 'ws') {}

  get hello(): ClientFrame { return this.params.hello; }
  get token(): string { return this.params.token; }

  open(): void { this.events.onOpen(); }
  push(frame: ServerFrame): void { this.events.onFrame(frame); }
  serverClose(code: number, reason = '', opened = true): void { this.events.onClose({ code, reason, opened }); }

  send(frame: ClientFrame): void {
    this.sent.push(JSON.parse(JSON.stringify(frame)) as ClientFrame);
    wake(this.waiters);
  }

  close(): void { this.closedByClient = true; }

  frames<T extends ClientFrame['type']>(type: T): Extract<ClientFrame, { type: T }>[] {
    return this.sent.filter((f): f is Extract<ClientFrame, { type: T }> => f.type === type);
  }

  /** Ops sent on this connection, in order. */
  sentOps(): SyncOp[] { return this.frames('ops').flatMap((f) => f.ops); }

  /** Resolves with the first sent frame of `type` (matching `where`), waiting for it if needed. */
  async waitFor<T extends ClientFrame['type']>(type: T, where: (f: Extract<ClientFrame, { type: T }>) => boolean = () => true, ms?: number): Promise<Extract<ClientFrame, { type: T }>> {
    const find = () => this.frames(type).find(where);
    await until(`a ${type} frame`, () => !!find(), this.waiters, ms);
    return find()!;
  }
}

export class FakeSyncTransport implements SyncTransport {
  readonly tokens: TokenRequest[] = [];
  readonly posted: { token: string; ops: SyncOp[] }[] = [];
  readonly connections: FakeConnection[] = [];
  /** Answer to the n-th token request (1-based); default: valid for an hour, personKey from the ids. */
  tokenAnswer: (req: TokenRequest, n: number) => SyncHttpOutcome<TokenResponse> = (req, n) => ({
    kind: 'ok', value: { token: `tok-${n}`, expiresAt: new Date(Date.now() + 3_600_000).toISOString(), personKey: personKeyOf(req) },
  });
  kind: SyncTransportKind = 'ws';
  private taken = 0;
  private readonly waiters: Waiter[] = [];

  async token(req: TokenRequest): Promise<SyncHttpOutcome<TokenResponse>> {
    this.tokens.push(req);
    wake(this.waiters);
    return this.tokenAnswer(req, this.tokens.length);
  }

  async postOps(token: string, ops: SyncOp[]): Promise<SyncHttpOutcome<PostOpsResult>> {
    this.posted.push({ token, ops });
    wake(this.waiters);
    return { kind: 'ok', value: { seq: 0, acked: ops.map((o) => o.opId), rejected: [] } };
  }

  connect(params: SyncConnectParams, events: SyncConnectionEvents): SyncConnection {
    const c = new FakeConnection(params, events, this.kind);
    this.connections.push(c);
    wake(this.waiters);
    return c;
  }

  /** The next connection the client opens (each one returned once, in order). */
  async nextConnection(ms?: number): Promise<FakeConnection> {
    const i = this.taken++;
    await until(`connection #${i + 1}`, () => this.connections.length > i, this.waiters, ms);
    return this.connections[i]!;
  }

  async waitForPosts(n: number): Promise<void> {
    await until(`${n} POSTs`, () => this.posted.length >= n, this.waiters);
  }
}

export function personKeyOf(req: TokenRequest): string {
  return req.userId ? `p:${req.userId}` : `a:${req.anonymousId}`;
}

/** A snapshot frame of the state made of `ops`. */
export function snapshotOf(seq: number, ops: SyncOp[], extra: { reason?: SnapshotReason; personKey?: string; catalog?: SnapshotFrame['catalog']; state?: SyncState; serverTime?: number } = {}): SnapshotFrame {
  const state = extra.state ?? (applyOps(emptyState(), ops) as SyncState);
  return {
    type: 'snapshot', reason: extra.reason ?? 'hello', seq, state, view: view(state), catalog: extra.catalog ?? {},
    personKey: extra.personKey ?? 'a:x', serverTime: extra.serverTime ?? Date.now(),
  };
}

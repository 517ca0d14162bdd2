import type { PluginContext } from '../../../server/src/core/plugin-contract.ts';
import type { CatalogApi } from '../../catalog/services/catalog-api.ts';
import type { SyncOp } from '../crdt/ops.schema.ts';
import { view } from '../crdt/view.ts';
import { digest } from '../crdt/digest.ts';
import type { SyncState } from '../crdt/state.ts';
import type { CatalogFacts, ClientFrame, SnapshotReason } from '../protocol/frames.ts';
import { BUS_ERASED, BUS_REKEYED, HEARTBEAT_CHUNK, HEARTBEAT_MS, PRESENCE_REFRESH_MS } from '../constants.ts';
import type { Commit, Loaded, SyncStore } from '../services/store.ts';
import { buildFromDevice, screenOps, type Rejection } from '../services/accept.ts';
import { SyncErrors } from '../errors.ts';
import type { SyncMetrics } from '../metrics/sync-metrics.ts';
import type { DeviceConn } from './device-conn.ts';
import type { Fanout } from './fanout.ts';
import type { Presence } from './presence.ts';
import { format } from 'node:util';

/** A commit on the wire between instances. */
interface FanoutMessage { tenantId: string; personKey: string; origin: string; commit: Commit }

/** One person's devices on this instance. */
class Room {
  readonly conns = new Set<DeviceConn>();
  /** Last commit delivered in order to this room (-1: not known yet). */
  seq = -1;
  chain: Promise<void> = Promise.resolve();
  /** Commits sent and awaiting `seen` from devices: seq → accept time and how many devices still owe it. */
  readonly inflight = new Map<number, { at: number; waiting: number }>();
  digestAt: { seq: number; hash: string } | null = null;
  constructor(readonly tenantId: string, readonly personKey: string, readonly channel: string) {}
}

export interface HubDeps {
  ctx: PluginContext;
  store: SyncStore;
  fanout: Fanout;
  presence: Presence;
  metrics: SyncMetrics;
  instanceId: string;
  catalog: () => CatalogApi | null;
}

export interface AcceptResult { seq: number; acked: string[]; rejected: Rejection[]; commit: Commit | null }

/**
 * The sync hub of one API instance: rooms of connected devices per person, ordered delivery of commits (local ones
 * and other instances' through Redis), hello/resume, acks, digests, slow devices, re-keying on identity changes and
 * catalogue pushes. docs/sync-protocol.md describes the protocol it speaks.
 */
export class SyncHub {
  readonly #rooms = new Map<string, Room>();
  readonly #byTenant = new Map<string, number>();
  #timer: NodeJS.Timeout | null = null;
  readonly #off: (() => void)[] = [];

  constructor(private readonly deps: HubDeps) {}

  start(): void {
    const { bus } = this.deps.ctx;
    this.#off.push(bus.subscribe<{ from: string; into: string }>(BUS_REKEYED, (e) => this.#onRekeyed(e.tenantId, e.payload.from, e.payload.into)));
    this.#off.push(bus.subscribe<{ productId: string; price?: number; currency?: string; stock?: number }>('catalog.product.changed', (e) => this.#onProduct(e.tenantId, e.payload)));
    // An erasure anywhere (API or worker): drop what this instance holds of those persons and close their devices.
    this.#off.push(bus.subscribe<{ keys: string[] }>(BUS_ERASED, (e) => {
      for (const key of e.payload.keys) this.deps.store.drop(e.tenantId, key);
      this.closePersons(e.tenantId, e.payload.keys, 'erased');
      for (const key of e.payload.keys) void this.deps.presence.forget(e.tenantId, key).catch(() => undefined);
    }));
    this.#timer = setInterval(() => void this.#heartbeat(), HEARTBEAT_MS).unref();
    void this.deps.presence.beat().catch((err) => this.deps.ctx.log.warn({ err }, 'sync liveness beat failed'));
  }

  async stop(): Promise<void> {
    for (const off of this.#off.splice(0)) off();
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    for (const room of this.#rooms.values()) for (const c of room.conns) { c.closed = true; c.sink.close(1001, 'server shutting down'); }
    this.#rooms.clear();
    await this.deps.presence.retire().catch(() => undefined);
    await this.deps.fanout.close();
  }

  connected(tenantId?: string): number {
    if (tenantId) return this.#byTenant.get(tenantId) ?? 0;
    let n = 0;
    for (const v of this.#byTenant.values()) n += v;
    return n;
  }

  tenants(): string[] {
    return [...this.#byTenant.keys()];
  }

  conns(): IterableIterator<DeviceConn> {
    const rooms = this.#rooms.values();
    return (function* () { for (const r of rooms) yield* r.conns; })();
  }

  #rk(tenantId: string, personKey: string): string {
    return `${tenantId}\0${personKey}`;
  }

  async #join(conn: DeviceConn): Promise<Room> {
    const k = this.#rk(conn.tenantId, conn.personKey);
    let room = this.#rooms.get(k);
    if (!room) {
      room = new Room(conn.tenantId, conn.personKey, this.deps.fanout.channel(conn.tenantId, conn.personKey));
      this.#rooms.set(k, room);
      const r = room;
      await this.deps.fanout.join(r.channel, (msg) => this.#onFanout(r, msg));
    }
    room.conns.add(conn);
    this.#byTenant.set(conn.tenantId, (this.#byTenant.get(conn.tenantId) ?? 0) + 1);
    return room;
  }

  #leave(conn: DeviceConn): void {
    const k = this.#rk(conn.tenantId, conn.personKey);
    const room = this.#rooms.get(k);
    if (!room || !room.conns.delete(conn)) return;
    const left = (this.#byTenant.get(conn.tenantId) ?? 1) - 1;
    if (left > 0) this.#byTenant.set(conn.tenantId, left); else this.#byTenant.delete(conn.tenantId);
    for (const seq of conn.awaiting) this.#settle(room, seq);
    conn.awaiting = [];
    if (!room.conns.size) {
      this.#rooms.delete(k);
      this.deps.store.forget(room.tenantId, room.personKey);
      void this.deps.fanout.leave(room.channel);
    }
  }

  /** Registers a device and answers its hello: missed ops when it can resume, a snapshot otherwise. */
  async hello(conn: DeviceConn, frame: Extract<ClientFrame, { type: 'hello' }>): Promise<void> {
    if (conn.sentSeq >= 0 || this.#rooms.get(this.#rk(conn.tenantId, conn.personKey))?.conns.has(conn)) {
      // A second hello (the client saw a gap): answer it like a first one.
      this.#leave(conn);
      conn.sentSeq = -1;
    }
    let room = await this.#join(conn);
    let cur = await this.#current(room);
    for (let hops = 0; cur.movedTo && hops < 4; hops++) {
      this.#leave(conn);
      conn.personKey = cur.movedTo;
      room = await this.#join(conn);
      cur = await this.#current(room);
    }
    const canResume = frame.lastSeq !== undefined && frame.personKey === conn.personKey && frame.lastSeq <= cur.seq;
    let reason: SnapshotReason | null = frame.lastSeq === undefined ? 'request' : 'hello';
    if (canResume) {
      const missed = cur.recent.filter((c) => c.seq > frame.lastSeq!);
      const contiguous = missed.length === cur.seq - frame.lastSeq! && missed.every((c) => !c.join);
      if (contiguous && frame.digest && missed.length === 0 && frame.digest !== this.#digest(room, cur)) {
        this.deps.metrics.mismatched(conn.tenantId);
        conn.inSync = false;
        reason = 'digest';
      } else if (contiguous) {
        conn.send({ type: 'ops', fromSeq: frame.lastSeq! + 1, seq: cur.seq, ops: missed.flatMap((c) => c.ops) });
        if (frame.digest && missed.length === 0) conn.inSync = true;
        reason = null;
      }
    }
    if (reason) await this.#snapshot(conn, reason, cur);
    conn.sentSeq = cur.seq;
    room.seq = Math.max(room.seq, cur.seq);
    const early = conn.early.splice(0).sort((a, b) => a.seq - b.seq);
    for (const c of early) await this.#deliverTo(room, conn, c);
    await this.deps.presence.write([conn]).catch(() => undefined);
  }

  async #current(room: Room): Promise<Loaded> {
    const cached = this.deps.store.cached(room.tenantId, room.personKey);
    if (cached) return cached;
    const loaded = await this.deps.store.load(room.tenantId, room.personKey, { fresh: true });
    if (this.#rooms.get(this.#rk(room.tenantId, room.personKey)) === room) this.deps.store.remember(loaded);
    return loaded;
  }

  #digest(room: Room, cur: Loaded): string {
    if (room.digestAt?.seq !== cur.seq) room.digestAt = { seq: cur.seq, hash: digest(view(cur.state)) };
    return room.digestAt.hash;
  }

  disconnect(conn: DeviceConn): void {
    if (conn.closed) return;
    conn.closed = true;
    this.#leave(conn);
    void this.deps.presence.write([conn], false).catch(() => undefined);
  }

  /** Ops from a device (socket or HTTP): screened, committed, fanned out; the answer lists acks and refusals. */
  async accept(tenantId: string, personKey: string, deviceId: string, ops: SyncOp[]): Promise<AcceptResult> {
    const { valid, rejected } = screenOps(ops, deviceId, Date.now());
    if (!valid.length) {
      const cur = await this.deps.store.load(tenantId, personKey);
      return { seq: cur.seq, acked: [], rejected, commit: null };
    }
    const res = await this.deps.store.commit(tenantId, personKey, buildFromDevice(deviceId, valid));
    if (res.commit) await this.published(tenantId, personKey, res.commit);
    return { seq: res.loaded.seq, acked: valid.map((o) => o.opId), rejected, commit: res.commit };
  }

  /** A commit written by this instance: delivered here at once and published for the other instances. */
  async published(tenantId: string, personKey: string, commit: Commit): Promise<void> {
    this.deps.metrics.committed(tenantId);
    const room = this.#rooms.get(this.#rk(tenantId, personKey));
    const msg: FanoutMessage = { tenantId, personKey, origin: this.deps.instanceId, commit };
    await this.deps.fanout.publish(this.deps.fanout.channel(tenantId, personKey), JSON.stringify(msg));
    if (room) await this.#enqueue(room, commit);
  }

  /** Presence of a device is rewritten at most once a second after it acted (the console polls it). */
  #touch(conn: DeviceConn): void {
    if (conn.presenceTimer || conn.closed) return;
    conn.presenceTimer = setTimeout(() => {
      conn.presenceTimer = null;
      if (!conn.closed) void this.deps.presence.write([conn]).catch(() => undefined);
    }, 1000);
    conn.presenceTimer.unref();
  }

  /** Socket frames other than hello. */
  async onFrame(conn: DeviceConn, frame: ClientFrame): Promise<void> {
    conn.lastSeenAt = new Date();
    if (frame.type !== 'ping' && frame.type !== 'hello') this.#touch(conn);
    switch (frame.type) {
      case 'hello': return this.hello(conn, frame);
      case 'ping': conn.send({ type: 'pong', serverTime: Date.now() }); return;
      case 'seen': {
        conn.seenSeq = Math.max(conn.seenSeq, frame.seq);
        const room = this.#rooms.get(this.#rk(conn.tenantId, conn.personKey));
        if (!room) return;
        const done = conn.awaiting.filter((s) => s <= frame.seq);
        conn.awaiting = conn.awaiting.filter((s) => s > frame.seq);
        for (const s of done) this.#settle(room, s);
        return;
      }
      case 'digest': {
        conn.lastDigestAt = new Date();
        const room = this.#rooms.get(this.#rk(conn.tenantId, conn.personKey));
        if (!room || conn.sentSeq < 0) return;
        const cur = await this.#current(room);
        if (frame.seq !== cur.seq) return; // not comparable: commits are in flight to it
        if (frame.hash === this.#digest(room, cur)) { conn.inSync = true; return; }
        conn.inSync = false;
        this.deps.metrics.mismatched(conn.tenantId);
        await this.#snapshot(conn, 'digest', cur);
        conn.sentSeq = Math.max(conn.sentSeq, cur.seq);
        return;
      }
      case 'ops': {
        if (conn.sentSeq < 0) {
          conn.send({ type: 'nack', opId: null, code: 'SYNC_ERR_INVALID_FRAME', message: format(SyncErrors.SYNC_ERR_INVALID_FRAME.message, 'send hello first') });
          return;
        }
        const limit = conn.bucket.take(frame.ops.length);
        if (!limit.ok) {
          for (const op of frame.ops) conn.send({ type: 'nack', opId: op.opId, code: 'SYNC_ERR_RATE_LIMITED', message: format(SyncErrors.SYNC_ERR_RATE_LIMITED.message, Math.round(conn.bucket.rate), limit.retryAfterMs), retryAfterMs: limit.retryAfterMs });
          return;
        }
        const res = await this.accept(conn.tenantId, conn.personKey, conn.id.deviceId, frame.ops);
        const last = frame.ops[frame.ops.length - 1]!;
        conn.lastOp = { opId: last.opId, kind: last.kind, at: new Date() };
        for (const r of res.rejected) conn.send({ type: 'nack', opId: r.opId, code: r.code, message: r.message });
        if (res.acked.length) conn.send({ type: 'ack', opIds: res.acked, seq: res.seq });
        return;
      }
    }
  }

  #enqueue(room: Room, commit: Commit): Promise<void> {
    return this.#inRoom(room, () => this.#deliver(room, commit));
  }

  /** Runs fn after every delivery already queued for the room (deliveries to one person stay in order). */
  #inRoom(room: Room, fn: () => Promise<void>): Promise<void> {
    room.chain = room.chain.then(fn).catch((err) => this.deps.ctx.log.error({ err }, 'sync delivery failed'));
    return room.chain;
  }

  #onFanout(room: Room, raw: string): void {
    const msg = JSON.parse(raw) as FanoutMessage;
    if (msg.origin === this.deps.instanceId) return; // delivered locally already
    void this.#enqueue(room, msg.commit);
  }

  /** In-order delivery to a room: a gap is filled from the store first (commits can overtake each other on Redis). */
  async #deliver(room: Room, commit: Commit): Promise<void> {
    if (room.seq >= 0 && commit.seq <= room.seq) return;
    let batch: Commit[] = [commit];
    if (room.seq >= 0 && commit.seq > room.seq + 1) {
      const gap = await this.deps.store.commitsBetween(room.tenantId, room.personKey, room.seq + 1, commit.seq - 1);
      if (gap) batch = [...gap, commit];
      else {
        // Missing from the log (trimmed): everyone gets a fresh snapshot.
        this.deps.store.forget(room.tenantId, room.personKey);
        const cur = await this.#current(room);
        for (const c of room.conns) if (c.sentSeq >= 0) { await this.#snapshot(c, 'gap', cur); c.sentSeq = cur.seq; }
        room.seq = cur.seq;
        return;
      }
    }
    for (const c of batch) {
      this.deps.store.observe(room.tenantId, room.personKey, c);
      room.seq = Math.max(room.seq, c.seq);
      for (const conn of room.conns) await this.#deliverTo(room, conn, c);
    }
  }

  async #deliverTo(room: Room, conn: DeviceConn, c: Commit): Promise<void> {
    if (conn.closed) return;
    if (conn.sentSeq < 0) { if (conn.early.length < 1000) conn.early.push(c); return; }
    if (c.seq <= conn.sentSeq) return;
    if (conn.slow) {
      if (!conn.drained()) return;
      conn.recover();
      const cur = await this.#current(room);
      await this.#snapshot(conn, 'slow', cur);
      conn.sentSeq = Math.max(conn.sentSeq, cur.seq);
      return;
    }
    if (c.seq !== conn.sentSeq + 1 || c.join) {
      const cur = await this.#current(room);
      await this.#snapshot(conn, c.join ? 'merge' : 'gap', cur);
      conn.sentSeq = Math.max(conn.sentSeq, cur.seq);
      this.#track(room, conn, cur.seq, c.at);
      return;
    }
    if (conn.send({ type: 'ops', fromSeq: c.seq, seq: c.seq, ops: c.ops, ...(c.deviceId ? { origin: c.deviceId } : {}) })) {
      conn.sentSeq = c.seq;
      this.#track(room, conn, c.seq, c.at);
    }
  }

  #track(room: Room, conn: DeviceConn, seq: number, at: number): void {
    const f = room.inflight.get(seq);
    if (f) f.waiting++;
    else {
      room.inflight.set(seq, { at, waiting: 1 });
      if (room.inflight.size > 500) room.inflight.delete(room.inflight.keys().next().value!);
    }
    conn.awaiting.push(seq);
    if (conn.awaiting.length > 500) conn.awaiting.shift();
  }

  #settle(room: Room, seq: number): void {
    const f = room.inflight.get(seq);
    if (!f) return;
    if (--f.waiting > 0) return;
    room.inflight.delete(seq);
    this.deps.metrics.converged(room.tenantId, Math.max(0, Date.now() - f.at));
  }

  async #snapshot(conn: DeviceConn, reason: SnapshotReason, cur: Loaded): Promise<void> {
    if (reason === 'slow' || reason === 'gap' || reason === 'digest') this.deps.metrics.resynced(conn.tenantId, reason);
    const v = view(cur.state);
    conn.send({ type: 'snapshot', reason, seq: cur.seq, state: cur.state, view: v, catalog: await this.catalogFor(conn.tenantId, cur.state), personKey: conn.personKey, serverTime: Date.now() });
  }

  /** Current catalogue facts of the products in a state's cart and wishlist. */
  async catalogFor(tenantId: string, state: SyncState): Promise<CatalogFacts> {
    const api = this.deps.catalog();
    if (!api) return {};
    const v = view(state);
    const ids = [...new Set([...v.cart.map((l) => l.productId), ...v.wishlist])];
    if (!ids.length) return {};
    try {
      return await api.facts(tenantId, ids);
    } catch (err) {
      this.deps.ctx.log.warn({ err }, 'catalogue facts unavailable');
      return {};
    }
  }

  /** A product's price or stock changed: every connected device whose cart or wishlist holds it is told. */
  async #onProduct(tenantId: string, p: { productId: string; price?: number; currency?: string; stock?: number }): Promise<void> {
    if (!p?.productId || !this.#byTenant.has(tenantId)) return;
    let facts: CatalogFacts | null = null;
    for (const room of this.#rooms.values()) {
      if (room.tenantId !== tenantId) continue;
      const cur = this.deps.store.cached(tenantId, room.personKey);
      if (!cur) continue;
      const v = view(cur.state);
      if (!v.cart.some((l) => l.productId === p.productId) && !v.wishlist.includes(p.productId)) continue;
      facts ??= (await this.deps.catalog()?.facts(tenantId, [p.productId])) ?? { [p.productId]: null };
      for (const c of room.conns) c.send({ type: 'catalog', products: facts });
    }
  }

  /** A state moved to another person key (identity merge): its devices follow and get the merged state. */
  async #onRekeyed(tenantId: string, from: string, into: string): Promise<void> {
    const room = this.#rooms.get(this.#rk(tenantId, from));
    if (!room) return;
    this.deps.store.forget(tenantId, from);
    for (const conn of [...room.conns]) await this.#moveTo(conn, into);
  }

  /** Devices whose anonymousId, deviceId or userId is among `values` move to `into` (identity split). */
  async moveDevices(tenantId: string, values: ReadonlySet<string>, into: string): Promise<void> {
    const hit = [...this.conns()].filter((c) => c.tenantId === tenantId && c.personKey !== into && (values.has(c.id.anonymousId) || values.has(c.id.deviceId) || (c.id.userId !== null && values.has(c.id.userId))));
    for (const conn of hit) await this.#moveTo(conn, into);
  }

  /**
   * A connected device now belongs to `into`: it leaves its room, joins the person's, gets the person's state as a
   * `merge` snapshot, then the commits that reached it meanwhile.
   */
  async #moveTo(conn: DeviceConn, into: string): Promise<void> {
    this.#leave(conn);
    conn.personKey = into;
    conn.sentSeq = -1;
    const target = await this.#join(conn);
    const cur = await this.#current(target);
    await this.#snapshot(conn, 'merge', cur);
    conn.sentSeq = cur.seq;
    target.seq = Math.max(target.seq, cur.seq);
    for (const c of conn.early.splice(0).sort((a, b) => a.seq - b.seq)) await this.#deliverTo(target, conn, c);
  }

  /** Devices of a person key on this instance (re-keying after `identity.identified` looks them up). */
  connsOf(tenantId: string, personKey: string): DeviceConn[] {
    return [...(this.#rooms.get(this.#rk(tenantId, personKey))?.conns ?? [])];
  }

  /**
   * Every HEARTBEAT_MS: renew this instance's liveness, ping every socket (closing those that missed the last ping) and
   * resync slow devices that drained — HEARTBEAT_CHUNK sockets per event-loop turn, so 10,000 connections do not stall
   * fan-out — then rewrite only presence entries older than PRESENCE_REFRESH_MS.
   */
  async #heartbeat(): Promise<void> {
    const warn = (what: string) => (err: unknown) => this.deps.ctx.log.warn({ err }, `sync ${what} failed`);
    await this.deps.presence.beat().catch(warn('liveness beat'));
    const all = [...this.conns()];
    const stale = Date.now() - PRESENCE_REFRESH_MS;
    const refresh: DeviceConn[] = [];
    for (let i = 0; i < all.length; i += HEARTBEAT_CHUNK) {
      if (i > 0) await new Promise((r) => setImmediate(r));
      for (const c of all.slice(i, i + HEARTBEAT_CHUNK)) {
        if (c.closed) continue;
        if (!c.alive) { c.sink.close(4408, 'no pong'); this.disconnect(c); continue; }
        c.alive = false;
        c.sink.ping();
        if (c.presenceAt < stale) refresh.push(c);
        if (c.slow && c.drained()) this.#resyncDrained(c);
      }
    }
    for (let i = 0; i < refresh.length; i += HEARTBEAT_CHUNK) {
      await this.deps.presence.write(refresh.slice(i, i + HEARTBEAT_CHUNK).filter((c) => !c.closed)).catch(warn('presence write'));
    }
    await this.deps.metrics.rollIfDue().catch(warn('health write'));
  }

  /** A slow device whose socket caught up gets one snapshot (a counted resync) and normal delivery again. */
  #resyncDrained(c: DeviceConn): void {
    const room = this.#rooms.get(this.#rk(c.tenantId, c.personKey));
    if (room) void this.#inRoom(room, async () => {
      if (!c.slow || !c.drained()) return;
      c.recover();
      const cur = await this.#current(room);
      await this.#snapshot(c, 'slow', cur);
      c.sentSeq = Math.max(c.sentSeq, cur.seq);
    });
  }

  /** Closes every device of a tenant (plugin disabled, key revoked). */
  closeWhere(pred: (c: DeviceConn) => boolean, code: number, reason: string): void {
    for (const c of [...this.conns()]) if (pred(c)) { c.sink.close(code, reason); this.disconnect(c); }
  }

  /** Erasure: devices of these person keys are disconnected (their state is gone). */
  closePersons(tenantId: string, keys: string[], reason: string): void {
    const set = new Set(keys);
    this.closeWhere((c) => c.tenantId === tenantId && set.has(c.personKey), 4410, reason);
  }
}

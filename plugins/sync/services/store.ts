import { createHash } from 'node:crypto';
import type { Model } from 'mongoose';
import type { PluginContext } from '../../../server/src/core/plugin-contract.ts';
import type { SyncOp } from '../crdt/ops.schema.ts';
import { emptyState, type SyncState } from '../crdt/state.ts';
import { applyOps } from '../crdt/apply.ts';
import { mergeStates } from '../crdt/merge.ts';
import { view } from '../crdt/view.ts';
import { RECENT_COMMITS, STATE_WRITE_DELAY_MS, STATE_WRITE_EVERY } from '../constants.ts';
import { syncError } from '../errors.ts';
import { KeyedQueue } from './keyed-queue.ts';

/** One commit: ops from a device, or a re-key (`join`: a whole state joined in, then server ops). */
export interface Commit {
  seq: number;
  /** Accept time (ms since epoch) on the instance that wrote it: convergence is measured from here. */
  at: number;
  deviceId: string | null;
  ops: SyncOp[];
  /** A state joined in before `ops` (identity merge); devices get a snapshot for such a commit. */
  join?: SyncState;
}

export interface Loaded {
  tenantId: string;
  personKey: string;
  personId: string | null;
  seq: number;
  state: SyncState;
  /** Newest commits, oldest first (≤ RECENT_COMMITS). */
  recent: Commit[];
  movedTo: string | null;
  updatedAt: Date | null;
}

/** What a writer decides from the current state: null = nothing changes (the ops were already applied). */
export type Build = (cur: Loaded) => { ops: SyncOp[]; join?: SyncState; deviceId: string | null } | null;

export interface CommitResult {
  /** The commit written, or null when nothing changed. */
  commit: Commit | null;
  loaded: Loaded;
}

const MAX_ATTEMPTS = 12;

interface Waiting { build: Build; resolve: (r: CommitResult) => void; reject: (err: unknown) => void }

/** A state this instance committed but has not written to its document yet. */
interface Unwritten { loaded: Loaded; fromSeq: number; commits: number; timer: NodeJS.Timeout | null }

/** Several writers' builds as one: each sees the state the previous ones produced; their ops and joins add up. */
function combine(builds: Build[]): Build {
  if (builds.length === 1) return builds[0]!;
  return (cur) => {
    let state = cur.state;
    const ops: SyncOp[] = [];
    let join: SyncState | undefined;
    const devices = new Set<string | null>();
    for (const b of builds) {
      const plan = b({ ...cur, state });
      if (!plan) continue;
      ops.push(...plan.ops);
      if (plan.join) join = join ? mergeStates(join, plan.join) : plan.join;
      devices.add(plan.deviceId);
      state = foldCommit(state, plan);
    }
    if (!ops.length && !join) return null;
    return { ops, ...(join ? { join } : {}), deviceId: devices.size === 1 ? [...devices][0]! : null };
  };
}

/** Pure fold of one commit into a state (a join, so order and repeats do not matter). */
export function foldCommit(state: SyncState, c: Pick<Commit, 'ops' | 'join'>): SyncState {
  return applyOps(c.join ? mergeStates(state, c.join) : state, c.ops);
}

/**
 * Persistence of sync states: a state document per person (+ the newest commits) and the op log (`sync_commits`).
 * Every read and write is by derived `_id`. A commit claims its seq by inserting the op-log document (unique `_id`):
 * that insert is the durability point an `ack` waits for. The state document is rewritten behind it — after
 * STATE_WRITE_EVERY commits or STATE_WRITE_DELAY_MS, not per commit (it holds the whole state and the newest
 * commits) — and readers fold in any commit the document does not have yet, so a late or lost document write
 * (crash, race) loses nothing. The op log is never trimmed past the document's seq.
 */
export class SyncStore {
  readonly states: Model<any>;
  readonly commits: Model<any>;
  readonly #queue = new KeyedQueue();
  /** Commit requests waiting for the person's next commit (group commit). */
  readonly #waiting = new Map<string, Waiting[]>();
  /** Loaded states of persons with live devices on this instance (kept current by the hub). */
  readonly #cache = new Map<string, Loaded>();
  /** States committed here whose document write is pending. */
  readonly #unwritten = new Map<string, Unwritten>();

  readonly #log: PluginContext['log'];

  constructor(ctx: PluginContext, private readonly retention: (tenantId: string) => Promise<number>) {
    this.#log = ctx.log;
    this.states = ctx.model('SyncState');
    this.commits = ctx.model('SyncCommit');
  }

  stateId(tenantId: string, personKey: string): string {
    return `sst_${createHash('sha256').update(`${tenantId}\0${personKey}`).digest('hex').slice(0, 40)}`;
  }

  commitId(tenantId: string, personKey: string, seq: number): string {
    return `scm_${createHash('sha256').update(`${tenantId}\0${personKey}`).digest('hex').slice(0, 40)}_${seq}`;
  }

  #ck(tenantId: string, personKey: string): string {
    return `${tenantId}\0${personKey}`;
  }

  /** Keep (or stop keeping) a person's state in memory; the hub updates it from every commit it sees. */
  cached(tenantId: string, personKey: string): Loaded | undefined {
    return this.#cache.get(this.#ck(tenantId, personKey));
  }

  remember(l: Loaded): void {
    this.#cache.set(this.#ck(l.tenantId, l.personKey), l);
  }

  forget(tenantId: string, personKey: string): void {
    this.#cache.delete(this.#ck(tenantId, personKey));
  }

  /** A commit seen on the bus (this instance's or another's): fold it into the cached state if it is the next one. */
  observe(tenantId: string, personKey: string, c: Commit): void {
    const k = this.#ck(tenantId, personKey);
    const cur = this.#cache.get(k);
    if (!cur || c.seq <= cur.seq) return;
    if (c.seq !== cur.seq + 1) { this.#cache.delete(k); return; }
    this.#cache.set(k, { ...cur, seq: c.seq, state: foldCommit(cur.state, c), recent: [...cur.recent, c].slice(-RECENT_COMMITS), updatedAt: new Date(c.at) });
  }

  /** The current state: the document plus every later commit of the op log. */
  async load(tenantId: string, personKey: string, opts: { fresh?: boolean } = {}): Promise<Loaded> {
    if (!opts.fresh) {
      const hit = this.#cache.get(this.#ck(tenantId, personKey));
      if (hit) return hit;
    }
    const doc = await this.states.findOne({ _id: this.stateId(tenantId, personKey) }).setOptions({ crossTenant: true }).lean<any>();
    let loaded: Loaded = doc && doc.tenantId === tenantId
      ? {
        tenantId, personKey, personId: doc.personId ?? null, seq: doc.seq, state: JSON.parse(doc.stateJson) as SyncState,
        recent: JSON.parse(doc.recentJson ?? '[]') as Commit[], movedTo: doc.movedTo ?? null, updatedAt: doc.updatedAt ?? null,
      }
      : { tenantId, personKey, personId: personIdOf(personKey), seq: 0, state: emptyState(), recent: [], movedTo: null, updatedAt: null };
    for (;;) {
      const next = await this.commitAt(tenantId, personKey, loaded.seq + 1);
      if (!next) break;
      loaded = { ...loaded, seq: next.seq, state: foldCommit(loaded.state, next), recent: [...loaded.recent, next].slice(-RECENT_COMMITS), updatedAt: new Date(next.at) };
    }
    if (this.#cache.has(this.#ck(tenantId, personKey))) this.#cache.set(this.#ck(tenantId, personKey), loaded);
    return loaded;
  }

  /** One commit of the op log by seq (null when absent or trimmed). */
  async commitAt(tenantId: string, personKey: string, seq: number): Promise<Commit | null> {
    const c = await this.commits.findOne({ _id: this.commitId(tenantId, personKey, seq) }).setOptions({ crossTenant: true }).lean<any>();
    if (!c || c.tenantId !== tenantId) return null;
    const body = JSON.parse(c.opsJson) as { ops: SyncOp[]; join?: SyncState };
    return { seq: c.seq, at: new Date(c.at).getTime(), deviceId: c.deviceId ?? null, ops: body.ops, ...(body.join ? { join: body.join } : {}) };
  }

  /** Commits `from..to` (inclusive), from the state's recent list or the op log; null when one is missing. */
  async commitsBetween(tenantId: string, personKey: string, from: number, to: number): Promise<Commit[] | null> {
    if (to < from) return [];
    const cur = await this.load(tenantId, personKey);
    const out: Commit[] = [];
    for (let s = from; s <= to; s++) {
      const c = cur.recent.find((r) => r.seq === s) ?? (await this.commitAt(tenantId, personKey, s));
      if (!c) return null;
      out.push(c);
    }
    return out;
  }

  /**
   * Writes the next commit of a person. `build` sees the current state and returns what to commit (null: nothing
   * new). Group commit: while one commit of a person is being written, the requests that arrive meanwhile are
   * combined into the next single commit (one seq, one op-log insert, one state write), so a burst of ops costs a
   * few store round trips rather than one set per op. Serialised per person inside this process; across processes
   * the op-log insert decides (a loser re-reads and rebuilds).
   */
  commit(tenantId: string, personKey: string, build: Build): Promise<CommitResult> {
    const k = this.#ck(tenantId, personKey);
    return new Promise<CommitResult>((resolve, reject) => {
      let batch = this.#waiting.get(k);
      if (!batch) {
        const b: Waiting[] = [];
        this.#waiting.set(k, (batch = b));
        void this.#queue.run(k, async () => {
          if (this.#waiting.get(k) === b) this.#waiting.delete(k);
          try {
            const res = await this.#commitOnce(tenantId, personKey, combine(b.map((w) => w.build)));
            for (const w of b) w.resolve(res);
          } catch (err) {
            for (const w of b) w.reject(err);
          }
        });
      }
      batch.push({ build, resolve, reject });
    });
  }

  async #commitOnce(tenantId: string, personKey: string, build: Build): Promise<CommitResult> {
    const k = this.#ck(tenantId, personKey);
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      // What this instance wrote last is current unless another instance committed since (then the insert fails).
      const mine = attempt === 0 ? this.#unwritten.get(k)?.loaded : undefined;
      const cached = attempt === 0 ? this.#cache.get(k) : undefined;
      const cur = mine && (!cached || mine.seq >= cached.seq) ? mine : await this.load(tenantId, personKey, { fresh: attempt > 0 });
      const plan = build(cur);
      if (!plan) return { commit: null, loaded: cur };
      const commit: Commit = { seq: cur.seq + 1, at: Date.now(), deviceId: plan.deviceId, ops: plan.ops, ...(plan.join ? { join: plan.join } : {}) };
      try {
        await this.commits.create({
          _id: this.commitId(tenantId, personKey, commit.seq), tenantId, personKey, seq: commit.seq, deviceId: commit.deviceId,
          opsJson: JSON.stringify({ ops: commit.ops, ...(commit.join ? { join: commit.join } : {}) }), at: new Date(commit.at),
        });
      } catch (err) {
        if ((err as { code?: number }).code === 11000) { this.#cache.delete(k); this.#unwritten.delete(k); continue; }
        throw err;
      }
      const next: Loaded = { ...cur, seq: commit.seq, state: foldCommit(cur.state, commit), recent: [...cur.recent, commit].slice(-RECENT_COMMITS), updatedAt: new Date(commit.at) };
      this.#writeLater(k, next);
      if (this.#cache.has(k)) this.#cache.set(k, next);
      void this.#trim(tenantId, personKey, commit.seq);
      return { commit, loaded: next };
    }
    throw syncError('SYNC_ERR_CONFLICT', [MAX_ATTEMPTS]);
  }

  /** Schedules the document write of a state this instance just committed (see the class comment). */
  #writeLater(k: string, next: Loaded): void {
    let u = this.#unwritten.get(k);
    if (!u) this.#unwritten.set(k, (u = { loaded: next, fromSeq: next.seq, commits: 0, timer: null }));
    u.loaded = next;
    u.commits++;
    if (u.commits >= STATE_WRITE_EVERY) {
      if (u.timer) clearTimeout(u.timer);
      u.timer = null;
      this.#writeSoon(k); // after the commit that queued it, before the next
    } else if (!u.timer) {
      u.timer = setTimeout(() => { u!.timer = null; this.#writeSoon(k); }, STATE_WRITE_DELAY_MS);
    }
  }

  #writeSoon(k: string): void {
    this.#queue.run(k, () => this.#writeUnwritten(k)).catch((err) => this.#log.warn({ err }, 'sync state document write failed (the op log has every commit; retried with the next one)'));
  }

  async #writeUnwritten(k: string): Promise<void> {
    const u = this.#unwritten.get(k);
    if (!u) return;
    if (u.timer) clearTimeout(u.timer);
    this.#unwritten.delete(k);
    try {
      await this.#writeState(u.loaded);
    } catch (err) {
      // Nothing is lost (the op log has every commit); the next commit of the person schedules a write again.
      if (!this.#unwritten.has(k)) this.#unwritten.set(k, { ...u, timer: null, commits: 0 });
      throw err;
    }
  }

  /** Writes every pending state document now (shutdown). */
  async flush(): Promise<void> {
    await Promise.all([...this.#unwritten.keys()].map((k) => this.#queue.run(k, () => this.#writeUnwritten(k)).catch(() => undefined)));
  }

  /** Drops what this instance holds of a person (cache, pending document write): its state was erased elsewhere. */
  drop(tenantId: string, personKey: string): void {
    const k = this.#ck(tenantId, personKey);
    const u = this.#unwritten.get(k);
    if (u?.timer) clearTimeout(u.timer);
    this.#unwritten.delete(k);
    this.#cache.delete(k);
  }

  /** Marks a state as merged into another person's (readers and devices follow `movedTo`). */
  async markMoved(tenantId: string, personKey: string, into: string): Promise<void> {
    const k = this.#ck(tenantId, personKey);
    await this.#queue.run(k, () => this.#writeUnwritten(k)).catch(() => undefined);
    await this.states.updateOne({ _id: this.stateId(tenantId, personKey) }, { $set: { movedTo: into } }).setOptions({ crossTenant: true });
    this.#cache.delete(this.#ck(tenantId, personKey));
  }

  /** Deletes a person's state and op log (erasure): the document, then commits from its seq downwards. */
  erase(tenantId: string, personKey: string): Promise<number> {
    return this.#queue.run(this.#ck(tenantId, personKey), () => this.#erase(tenantId, personKey));
  }

  async #erase(tenantId: string, personKey: string): Promise<number> {
    this.drop(tenantId, personKey);
    const cur = await this.load(tenantId, personKey, { fresh: true });
    let deleted = 0;
    const keep = await this.retention(tenantId);
    for (let s = cur.seq; s >= 1 && s > cur.seq - keep - RECENT_COMMITS; s--) {
      deleted += (await this.commits.deleteOne({ _id: this.commitId(tenantId, personKey, s) }).setOptions({ crossTenant: true })).deletedCount ?? 0;
    }
    deleted += (await this.states.deleteOne({ _id: this.stateId(tenantId, personKey) }).setOptions({ crossTenant: true })).deletedCount ?? 0;
    this.#cache.delete(this.#ck(tenantId, personKey));
    return deleted;
  }

  async #writeState(l: Loaded): Promise<void> {
    const v = view(l.state);
    const summary = { cartLines: v.cart.length, cartQuantity: v.cart.reduce((n, x) => n + x.quantity, 0), wishlistItems: v.wishlist.length };
    const set = { personKey: l.personKey, personId: l.personId, seq: l.seq, stateJson: JSON.stringify(l.state), recentJson: JSON.stringify(l.recent), summary };
    // Unconditional (a filter on anything but `_id` scans the collection on FerretDB v1): a writer that lost a race
    // may put a slightly older snapshot back, which readers repair by folding in the later commits of the op log.
    await this.states.updateOne({ _id: this.stateId(l.tenantId, l.personKey) }, { $set: set, $setOnInsert: { tenantId: l.tenantId } }, { upsert: true }).setOptions({ crossTenant: true });
  }

  async #trim(tenantId: string, personKey: string, seq: number): Promise<void> {
    try {
      const keep = await this.retention(tenantId);
      const old = seq - keep;
      // Never past the document: a commit it does not hold yet must stay readable.
      const unwritten = this.#unwritten.get(this.#ck(tenantId, personKey));
      if (unwritten && old >= unwritten.fromSeq) return;
      if (old >= 1) await this.commits.deleteOne({ _id: this.commitId(tenantId, personKey, old) }).setOptions({ crossTenant: true });
    } catch { /* retried by the next commit's trim of its own seq; the privacy retention job also bounds the log */ }
  }
}

/** `p:<personId>` keys name an identity person; `a:<anonymousId>` keys a device the graph does not know yet. */
export function personIdOf(personKey: string): string | null {
  return personKey.startsWith('p:') ? personKey.slice(2) : null;
}

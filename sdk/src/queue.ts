import type { LockstepEvent, StorageLike } from './types.ts';

/** Remembers the last `limit` ids (insertion order). */
class RecentIds {
  private readonly set = new Set<string>();
  constructor(private readonly limit: number) {}
  add(id: string): void {
    this.set.delete(id);
    this.set.add(id);
    if (this.set.size > this.limit) this.set.delete(this.set.values().next().value as string);
  }
  has(id: string): boolean {
    return this.set.has(id);
  }
}

export interface QueueHooks {
  onOverflow(dropped: LockstepEvent[]): void;
  onStorageError(op: 'read' | 'write', err: unknown): void;
}

/**
 * The offline queue: events wait here, persisted in a StorageLike under one key, until the server answered for them.
 * Events being sent stay in the queue (and in storage) until their answer, so a reload mid-request resends them;
 * the server stores a retried eventId once.
 *
 * Several tabs of one shop share localStorage. Each instance only sends its own events, but when it writes the key
 * it keeps the events it finds there from other tabs (ids it never held), so no tab erases another's queue. A new
 * instance adopts everything stored (what a closed tab left behind).
 */
export class PersistentQueue {
  private items: LockstepEvent[] = [];
  private readonly own = new Set<string>();
  private readonly inFlight = new Set<string>();
  private readonly removed = new RecentIds(10_000);
  private dirty = false;

  constructor(
    private readonly storage: StorageLike,
    private readonly key: string,
    private maxQueue: number,
    private readonly hooks: QueueHooks,
  ) {}

  /** Adopts what storage holds (a previous page load, a closed tab). */
  load(): void {
    for (const e of this.read()) {
      if (this.own.has(e.eventId)) continue;
      this.items.push(e);
      this.own.add(e.eventId);
    }
    this.enforceBound();
    this.dirty = true;
    this.persistNow();
  }

  get size(): number {
    return this.items.length;
  }

  /** Events not being sent right now. */
  get sendableCount(): number {
    return this.items.length - this.inFlight.size;
  }

  push(event: LockstepEvent): void {
    this.items.push(event);
    this.own.add(event.eventId);
    this.enforceBound();
    this.persist();
  }

  /** The oldest events not in flight, at most `maxCount` and about `maxBytes` of JSON (at least one); marks them in flight. */
  take(maxCount: number, maxBytes: number): LockstepEvent[] {
    const out: LockstepEvent[] = [];
    let bytes = 12; // {"events":[]}
    for (const e of this.items) {
      if (out.length >= maxCount) break;
      if (this.inFlight.has(e.eventId)) continue;
      const size = byteLength(JSON.stringify(e)) + 1;
      if (out.length > 0 && bytes + size > maxBytes) break;
      out.push(e);
      bytes += size;
    }
    for (const e of out) this.inFlight.add(e.eventId);
    return out;
  }

  /** Events not in flight, oldest first, without marking them. */
  peekSendable(): LockstepEvent[] {
    return this.items.filter((e) => !this.inFlight.has(e.eventId));
  }

  /** Back to waiting (the send failed and will be retried). */
  release(events: readonly LockstepEvent[]): void {
    for (const e of events) this.inFlight.delete(e.eventId);
  }

  /** Done with (accepted, rejected or dropped). */
  remove(ids: Iterable<string>): void {
    const gone = new Set(ids);
    if (gone.size === 0) return;
    for (const id of gone) {
      this.inFlight.delete(id);
      this.own.delete(id);
      this.removed.add(id);
    }
    this.items = this.items.filter((e) => !gone.has(e.eventId));
    this.persist();
  }

  setMaxQueue(n: number): void {
    this.maxQueue = n;
  }

  private enforceBound(): void {
    const over = this.items.length - this.maxQueue;
    if (over <= 0) return;
    // Drop the oldest waiting events first; events in flight only when nothing else is left.
    const drop = new Set<string>();
    for (const e of this.items) {
      if (drop.size >= over) break;
      if (!this.inFlight.has(e.eventId)) drop.add(e.eventId);
    }
    for (const e of this.items) {
      if (drop.size >= over) break;
      drop.add(e.eventId);
    }
    const dropped = this.items.filter((e) => drop.has(e.eventId));
    for (const id of drop) {
      this.inFlight.delete(id);
      this.own.delete(id);
      this.removed.add(id);
    }
    this.items = this.items.filter((e) => !drop.has(e.eventId));
    this.hooks.onOverflow(dropped);
  }

  /** Writes coalesce within one task (a burst of track calls costs one write); `persistNow` writes at once. */
  private persist(): void {
    if (this.dirty) return;
    this.dirty = true;
    queueMicrotask(() => this.persistNow());
  }

  private read(): LockstepEvent[] {
    let raw: string | null;
    try {
      raw = this.storage.getItem(this.key);
    } catch (err) {
      this.hooks.onStorageError('read', err);
      return [];
    }
    if (!raw) return [];
    try {
      const parsed: unknown = JSON.parse(raw);
      if (!Array.isArray(parsed)) return [];
      return parsed.filter((e): e is LockstepEvent =>
        !!e && typeof e === 'object' && typeof (e as LockstepEvent).eventId === 'string' && typeof (e as LockstepEvent).type === 'string');
    } catch {
      return []; // corrupt entry: start afresh rather than fail every call
    }
  }

  persistNow(): void {
    if (!this.dirty) return;
    this.dirty = false;
    // Keep other tabs' events (ids this instance never held), within the same bound.
    let foreign = this.read().filter((e) => !this.own.has(e.eventId) && !this.removed.has(e.eventId));
    const room = Math.max(0, this.maxQueue - this.items.length);
    if (foreign.length > room) {
      const dropped = foreign.slice(0, foreign.length - room);
      foreign = foreign.slice(foreign.length - room);
      for (const e of dropped) this.removed.add(e.eventId);
      this.hooks.onOverflow(dropped);
    }
    const all = foreign.length ? [...foreign, ...this.items] : this.items;
    try {
      if (all.length === 0) this.storage.removeItem(this.key);
      else this.storage.setItem(this.key, JSON.stringify(all));
    } catch (err) {
      this.hooks.onStorageError('write', err);
    }
  }
}

export function byteLength(s: string): number {
  // UTF-8 length without TextEncoder allocations for the common ASCII case.
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) { n += 4; i++; }
    else n += 3;
  }
  return n;
}

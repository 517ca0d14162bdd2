import { TenantSockets } from '../../../server/src/sockets/tenant-sockets.ts';
import type { BusEvent, EventBus } from '../../../server/src/core/event-bus.ts';
import type { Invalidation } from '../../../server/src/auth/credential-cache.ts';

/** Bus topic of consent changes (consent.feature.ts publishes them). */
export const CONSENT_CHANGED_TOPIC = 'privacy.consent.changed';

/** What the hub needs of a socket (the `ws` WebSocket satisfies it; unit tests pass fakes). */
export interface ConsentSocket {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  ping?(): void;
  terminate?(): void;
}

/** Server → device frames. */
export type ConsentFrame =
  | { type: 'consent'; reason: 'connect' | 'change' | 'refresh'; purposes: Record<string, boolean>; records: Record<string, unknown> }
  | { type: 'error'; code: string; message: string };

export interface DeviceIds { anonymousId: string; userId: string | null }

/** One connected device: its tenant, ids, the person it belongs to (when known) and the key it came with. */
export class DeviceSubscriber {
  personId: string | null = null;
  alive = true;
  constructor(readonly socket: ConsentSocket, readonly tenantId: string, readonly ids: DeviceIds, readonly keyId: string) {}

  send(frame: ConsentFrame): void {
    if (this.socket.readyState !== 1) return;
    this.socket.send(JSON.stringify(frame));
  }

  named(values: Iterable<string>): boolean {
    for (const v of values) if (v === this.ids.anonymousId || (this.ids.userId !== null && v === this.ids.userId)) return true;
    return false;
  }
}

export interface ConsentHubDeps {
  bus: EventBus;
  /** The device's current consent, as sent to it. */
  snapshot(tenantId: string, sub: DeviceSubscriber): Promise<{ purposes: Record<string, boolean>; records: Record<string, unknown> }>;
  /** The person of a device now (null while not stitched). */
  personOf(tenantId: string, ids: DeviceIds): Promise<string | null>;
  onError(err: unknown): void;
  /** @defaultValue 30000 */
  heartbeatMs?: number;
}

interface Changed { personId: string | null; subjects?: string[] }
interface Merged { fromPersonId: string | null; intoPersonId: string; identifiers?: string[] }
interface Split { personId: string; newPersonId: string; identifiers?: string[] }

/**
 * Every consent socket of this API instance, by tenant, fed by the bus: on `privacy.consent.changed` each socket of
 * the changed person (or naming one of the changed raw ids) gets its new state; on `identity.merged`/`identity.split`
 * sockets follow their device to its new person. Any instance's change reaches every instance's sockets.
 */
export class ConsentHub {
  readonly #subs = new TenantSockets<DeviceSubscriber>();
  readonly #off: (() => void)[] = [];
  #timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: ConsentHubDeps) {}

  start(): void {
    const { bus } = this.deps;
    this.#off.push(
      bus.subscribe<Changed>(CONSENT_CHANGED_TOPIC, (e) => this.#onChanged(e)),
      bus.subscribe<Merged>('identity.merged', (e) => this.#onMoved(e.tenantId, e.payload?.fromPersonId ?? null, e.payload?.intoPersonId, e.payload?.identifiers ?? [])),
      bus.subscribe<Split>('identity.split', (e) => this.#onMoved(e.tenantId, null, e.payload?.newPersonId, e.payload?.identifiers ?? [])),
      bus.subscribe<Invalidation>('auth.invalidate', (e) => this.#onInvalidate(e.payload)),
    );
    this.#timer = setInterval(() => this.#heartbeat(), this.deps.heartbeatMs ?? 30_000).unref();
  }

  /** Registers a device and sends it its state. */
  async add(sub: DeviceSubscriber): Promise<void> {
    this.#subs.add(sub);
    try {
      sub.personId = await this.deps.personOf(sub.tenantId, sub.ids);
    } catch (err) {
      this.deps.onError(err); // unresolved for now: raw ids still match, and the next change re-resolves
    }
    await this.push(sub, 'connect');
  }

  remove(sub: DeviceSubscriber): void {
    this.#subs.remove(sub);
  }

  count(tenantId?: string): number {
    return this.#subs.count(tenantId);
  }

  async push(sub: DeviceSubscriber, reason: 'connect' | 'change' | 'refresh'): Promise<void> {
    try {
      const state = await this.deps.snapshot(sub.tenantId, sub);
      sub.send({ type: 'consent', reason, ...state });
    } catch (err) {
      this.deps.onError(err);
    }
  }

  async #onChanged(e: BusEvent<Changed>): Promise<void> {
    const subs = this.#subs.of(e.tenantId);
    if (!subs.size) return;
    const { personId, subjects = [] } = e.payload ?? { personId: null };
    const hits: DeviceSubscriber[] = [];
    for (const sub of subs) {
      // A device not stitched when it connected may be part of this person by now.
      if (!sub.personId && personId && !sub.named(subjects)) sub.personId = await this.deps.personOf(sub.tenantId, sub.ids).catch(() => null);
      if ((personId && sub.personId === personId) || sub.named(subjects)) hits.push(sub);
    }
    await Promise.all(hits.map((s) => this.push(s, 'change')));
  }

  async #onMoved(tenantId: string, from: string | null, into: string | undefined, identifiers: string[]): Promise<void> {
    const subs = this.#subs.of(tenantId);
    if (!subs.size || !into) return;
    const values = identifiers.map((i) => i.slice(i.indexOf(':') + 1));
    const moved = [...subs].filter((s) => (from && s.personId === from) || s.named(values));
    for (const s of moved) s.personId = into;
    await Promise.all(moved.map((s) => this.push(s, 'change')));
  }

  /** A revoked key or a suspended tenant ends its sockets (4401); the SDK then stops reconnecting. */
  #onInvalidate(what: Invalidation): void {
    for (const s of this.#subs.all()) {
      if ('keyId' in what && s.keyId === what.keyId) s.socket.close(4401, 'API key revoked');
      else if ('tenantId' in what && s.tenantId === what.tenantId) s.socket.close(4401, 'tenant suspended');
    }
  }

  #heartbeat(): void {
    for (const s of this.#subs.all()) {
      if (!s.alive) { s.socket.terminate?.(); continue; }
      s.alive = false;
      s.socket.ping?.();
    }
  }

  stop(): void {
    for (const off of this.#off.splice(0)) off();
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = null;
    for (const s of this.#subs.all()) s.socket.close(1001, 'server shutting down');
    this.#subs.clear();
  }
}

import type { PluginContext } from '../../../server/src/core/plugin-contract.ts';
import { encodeHlc, tick, initialHlc, type Hlc } from '../crdt/hlc.ts';
import { emptyState, type Stamp, type SyncState, type CartLineState, type WishlistEntry } from '../crdt/state.ts';
import { BUS_REKEYED, SERVER_DEVICE } from '../constants.ts';
import type { SyncSettings } from '../schemas/settings.schema.ts';
import { policyOps } from './merge-policy.ts';
import type { SyncStore } from './store.ts';
import type { SyncHub } from '../hub/sync-hub.ts';
import type { Presence } from '../hub/presence.ts';
import { randomUUID } from 'node:crypto';

/** Bus topic: devices of a split-off person move to their new key. */
export const BUS_DEVICES_MOVED = 'sync.devices-moved';

/**
 * Re-keying of states when the identity graph changes:
 * - a merge (a login stitched an anonymous device to the user's person, or an operator merge): the absorbed
 *   person's state is joined into the survivor's, then the merchant's anonymous-cart policy (merge / replace /
 *   keep newest) runs as server ops; the absorbed state is marked `movedTo`; every instance moves that person's
 *   devices and sends every device of the survivor a snapshot (reason `merge`);
 * - a split: the split-off devices' own contributions (their cart adds, wishlist adds, views, preferences, resume
 *   points) seed the new person's state and those devices move to it. The original person keeps its state. Devices
 *   named by anonymousId are found by their deviceId through presence (devices seen within its hash TTL, 1 h).
 * Each re-key runs once across instances (a Redis mutex) and is idempotent (`movedTo`).
 */
export class Rekeyer {
  #clock: Hlc = initialHlc(SERVER_DEVICE);
  readonly #off: (() => void)[] = [];

  constructor(
    private readonly ctx: PluginContext, private readonly store: SyncStore, private readonly hub: () => SyncHub | null,
    private readonly settings: (tenantId: string) => Promise<SyncSettings>, private readonly presence: Presence,
  ) {}

  start(): void {
    const { bus } = this.ctx;
    this.#off.push(bus.subscribe<{ fromPersonId?: string | null; intoPersonId?: string }>('identity.merged', async (e) => {
      // Every API instance hears it (merges happen in workers too); the lock and `movedTo` make it run once.
      if (!e.payload?.fromPersonId || !e.payload.intoPersonId) return;
      await this.rekey(e.tenantId, `p:${e.payload.fromPersonId}`, `p:${e.payload.intoPersonId}`);
    }));
    this.#off.push(bus.subscribe<{ personId?: string; newPersonId?: string; identifiers?: string[] }>('identity.split', async (e) => {
      if (!e.payload?.personId || !e.payload.newPersonId) return;
      await this.split(e.tenantId, `p:${e.payload.personId}`, `p:${e.payload.newPersonId}`, e.payload.identifiers ?? []);
    }));
    this.#off.push(bus.subscribe<{ into: string; values: string[] }>(BUS_DEVICES_MOVED, (e) => this.hub()?.moveDevices(e.tenantId, new Set(e.payload.values), e.payload.into)));
  }

  stop(): void {
    for (const off of this.#off.splice(0)) off();
  }

  #stamp(): { opId: string; hlc: string; deviceId: string } {
    this.#clock = tick(this.#clock, Date.now());
    return { opId: `${SERVER_DEVICE}:${randomUUID()}`, hlc: encodeHlc(this.#clock), deviceId: SERVER_DEVICE };
  }

  /** Joins `from` into `into` by the tenant's policy (once; later calls find `movedTo` and only re-announce). */
  async rekey(tenantId: string, from: string, into: string): Promise<void> {
    if (from === into) return;
    await this.ctx.withLock(`rekey:${tenantId}:${from}`, async () => {
      const absorbed = await this.store.load(tenantId, from, { fresh: true });
      if (absorbed.seq > 0 && absorbed.movedTo !== into) {
        const { anonymousCartPolicy } = await this.settings(tenantId);
        const res = await this.store.commit(tenantId, into, (cur) => ({
          join: absorbed.state, deviceId: SERVER_DEVICE,
          ops: policyOps(anonymousCartPolicy, cur.state, absorbed.state, () => this.#stamp()),
        }));
        await this.store.markMoved(tenantId, from, into);
        if (res.commit) await this.hub()?.published(tenantId, into, res.commit);
      }
    }, { ttlMs: 15_000, waitMs: 10_000 });
    await this.ctx.bus.publish(BUS_REKEYED, tenantId, { from, into });
  }

  /** Seeds the split-off person with the split devices' own contributions and moves those devices. */
  async split(tenantId: string, from: string, into: string, identifiers: string[]): Promise<void> {
    const values = identifiers.map((i) => i.slice(i.indexOf(':') + 1));
    await this.ctx.withLock(`split:${tenantId}:${into}`, async () => {
      if ((await this.store.load(tenantId, into, { fresh: true })).seq > 0) return; // another instance did it
      const orig = await this.store.load(tenantId, from, { fresh: true });
      // The split names identifiers (often anonymous ids); ops carry device ids: presence knows which is which.
      const seed = stateOfDevices(orig.state, await this.presence.deviceIdsOf(tenantId, from, values));
      const res = await this.store.commit(tenantId, into, () => ({ join: seed, deviceId: SERVER_DEVICE, ops: [] }));
      if (res.commit) await this.hub()?.published(tenantId, into, res.commit);
    }, { ttlMs: 15_000, waitMs: 10_000 });
    await this.ctx.bus.publish(BUS_DEVICES_MOVED, tenantId, { into, values });
  }
}

/** The part of a state that these devices contributed (tombstones kept: they only ever hide contributions). */
export function stateOfDevices(s: SyncState, devices: ReadonlySet<string>): SyncState {
  const mine = (st: Stamp) => devices.has(st.deviceId);
  const out = emptyState() as { -readonly [K in keyof SyncState]: any };
  for (const [k, line] of Object.entries(s.cart) as [string, CartLineState][]) {
    const contributions = Object.fromEntries(Object.entries(line.contributions).filter(([, c]) => mine(c)));
    if (Object.keys(contributions).length) out.cart[k] = { ...line, contributions };
  }
  for (const [p, e] of Object.entries(s.wishlist) as [string, WishlistEntry][]) {
    const adds = Object.fromEntries(Object.entries(e.adds).filter(([, a]) => mine(a)));
    if (Object.keys(adds).length) out.wishlist[p] = { adds, removed: e.removed };
  }
  for (const [p, st] of Object.entries(s.viewed)) if (mine(st)) out.viewed[p] = st;
  for (const [k, r] of Object.entries(s.preferences)) if (r && mine(r)) out.preferences[k] = r;
  for (const [d, r] of Object.entries(s.resume)) if (devices.has(d)) out.resume[d] = r;
  return out as SyncState;
}

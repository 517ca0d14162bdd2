import type { DataSubjectHooks, PluginContext } from '../../../server/src/core/plugin-contract.ts';
import { view } from '../crdt/view.ts';
import { builtSyncServices } from './sync-services.ts';
import { SyncStore } from './store.ts';
import { BUS_ERASED } from '../constants.ts';

/** Every key a data subject's state may live under: its person, and its anonymous ids (devices not yet stitched). */
function keysOf(subject: { personId: string; identifiers: Record<string, string[]> }): string[] {
  return [`p:${subject.personId}`, ...(subject.identifiers.anonymous_id ?? []).map((a) => `a:${a}`)];
}

function storeOf(ctx: PluginContext): SyncStore {
  return new SyncStore(ctx, async (t) => Number((await ctx.settings(t)).opLogRetention ?? 1000));
}

/** Export: the person's cart, wishlist, recently viewed, preferences and resume points. Erase: state + op log. */
export const syncDataSubject: DataSubjectHooks = {
  async export(ctx, subject) {
    const store = storeOf(ctx);
    const out: Record<string, unknown> = {};
    for (const key of keysOf(subject)) {
      const cur = await store.load(subject.tenantId, key, { fresh: true });
      if (cur.seq > 0) out[key] = { seq: cur.seq, updatedAt: cur.updatedAt, ...view(cur.state) };
    }
    return out;
  },
  async erase(ctx, subject) {
    const keys = keysOf(subject);
    // Every API instance drops its cached state and pending document writes of these persons and disconnects their
    // devices first, so nothing it holds is written back after the deletion.
    await ctx.bus.publish(BUS_ERASED, subject.tenantId, { keys });
    const s = await builtSyncServices(ctx);
    const store = s?.store ?? storeOf(ctx);
    let deleted = 0;
    for (const key of keys) deleted += await store.erase(subject.tenantId, key);
    for (const key of keys) await s?.presence.forget(subject.tenantId, key).catch(() => undefined);
    return { deleted, retrain: [] };
  },
};

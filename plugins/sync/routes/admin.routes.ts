import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import type { PluginContext } from '../../../server/src/core/plugin-contract.ts';
import { errors, IdParams } from '../../../server/src/schemas/common.ts';
import { scopedFilter, tenantOf } from '../../../server/src/auth/scoped-query.ts';
import { findPage, parseListQuery, sendPage } from '../../../server/src/http/list-query.ts';
import { view } from '../crdt/view.ts';
import { syncServices } from '../services/sync-services.ts';
import { syncError } from '../errors.ts';
import { addCounts, emptyCounts, quantile } from '../metrics/histogram.ts';
import { currentMinute } from '../metrics/sync-metrics.ts';

const tags = ['sync'];
const ListQuery = Type.Object({ sort: Type.Optional(Type.String()), range: Type.Optional(Type.String()), filter: Type.Optional(Type.String()) });
const StateSummary = Type.Object({
  id: Type.String(), personId: Type.Union([Type.String(), Type.Null()]), seq: Type.Integer(), updatedAt: Type.Union([Type.String(), Type.Null()]),
  cartLines: Type.Integer(), cartQuantity: Type.Integer(), wishlistItems: Type.Integer(), devicesOnline: Type.Integer(),
});
const HealthQuery = Type.Object({ minutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 1440, default: 60 })) });

/** Console routes: live state of a person across devices, the list of states, and sync health over time. */
export async function syncAdminRoutes(app: FastifyInstance, ctx: PluginContext): Promise<void> {
  const s = await syncServices(ctx, app);
  const States = ctx.model('SyncState');
  const Health = ctx.model('SyncHealth');

  app.get('/states', {
    config: { access: { action: 'read', subject: 'SyncState' } },
    schema: { tags, summary: 'Sync states (one per person), newest activity first; filter.q finds a person key or person id', querystring: ListQuery, response: { 200: Type.Array(StateSummary), ...errors(400, 401, 403) } },
  }, async (request, reply) => {
    const query = request.query as { sort?: string; range?: string; filter?: string };
    const q = parseListQuery(query, { sortable: ['updatedAt', 'seq'], filterable: ['personId'], searchable: ['personKey', 'personId'], defaultSort: ['updatedAt', 'DESC'] });
    const [rows, total] = await findPage(States, scopedFilter(request, 'read', 'SyncState', { ...q.filter, movedTo: null }), q);
    const tenantId = tenantOf(request);
    const out = await Promise.all(rows.map(async (r: any) => ({
      id: r.personKey, personId: r.personId ?? null, seq: r.seq, updatedAt: r.updatedAt ? new Date(r.updatedAt).toISOString() : null,
      cartLines: r.summary?.cartLines ?? 0, cartQuantity: r.summary?.cartQuantity ?? 0, wishlistItems: r.summary?.wishlistItems ?? 0,
      devicesOnline: (await s.presence.list(tenantId, r.personKey)).filter((d) => d.online).length,
    })));
    return sendPage(reply, 'states', out, q.skip, total);
  });

  app.get('/states/:id', {
    config: { access: { action: 'read', subject: 'SyncState' } },
    schema: { tags, summary: 'One person\'s live sync state: devices (online, transport, what they have applied, in sync?), current view with catalogue facts, recent commits', params: IdParams, response: { 404: errors(404)[404], ...errors(400, 401, 403) } },
  }, async (request) => {
    const tenantId = tenantOf(request);
    const personKey = (request.params as { id: string }).id;
    const cur = await s.store.load(tenantId, personKey);
    if (cur.seq === 0 && !cur.updatedAt) throw syncError('SYNC_ERR_NOT_FOUND', [personKey]);
    const devices = await s.presence.list(tenantId, personKey);
    return {
      id: personKey, personId: cur.personId, seq: cur.seq, updatedAt: cur.updatedAt ? new Date(cur.updatedAt).toISOString() : null, movedTo: cur.movedTo,
      view: view(cur.state), catalog: await s.hub.catalogFor(tenantId, cur.state), devices,
      recentOps: cur.recent.slice(-50).reverse().map((c) => ({ seq: c.seq, at: new Date(c.at).toISOString(), deviceId: c.deviceId, ops: c.ops, merged: !!c.join })),
    };
  });

  app.get('/health', {
    config: { access: { action: 'read', subject: 'SyncState' } },
    schema: { tags, summary: 'Sync health per minute: convergence p50/p99 (ms), commits, resyncs, digest mismatches, connected devices', querystring: HealthQuery },
  }, async (request) => {
    const tenantId = tenantOf(request);
    const minutes = (request.query as { minutes?: number }).minutes ?? 60;
    const since = new Date(currentMinute().getTime() - minutes * 60_000);
    const docs = await Health.find(scopedFilter(request, 'read', 'SyncState', { minute: { $gte: since } })).limit(50_000).lean<any[]>();
    const pending = s.metrics.pending(tenantId);
    const rows = [...docs.map((d) => ({ minute: new Date(d.minute), instance: d.instance as string, convergence: JSON.parse(d.convergenceJson || '[]') as number[], commits: d.commits, resyncs: d.resyncs, digestMismatches: d.digestMismatches, connectedDevices: d.connectedDevices })),
      { ...pending, instance: 'self:pending' }];
    const byMinute = new Map<number, { convergence: number[]; commits: number; resyncs: number; digestMismatches: number; connected: Map<string, number> }>();
    for (const r of rows) {
      const t = r.minute.getTime();
      let b = byMinute.get(t);
      if (!b) byMinute.set(t, (b = { convergence: emptyCounts(), commits: 0, resyncs: 0, digestMismatches: 0, connected: new Map() }));
      addCounts(b.convergence, r.convergence);
      b.commits += r.commits; b.resyncs += r.resyncs; b.digestMismatches += r.digestMismatches;
      b.connected.set(r.instance, Math.max(b.connected.get(r.instance) ?? 0, r.connectedDevices));
    }
    const buckets = [...byMinute.entries()].sort(([a], [b]) => a - b).map(([t, b]) => ({
      t: new Date(t).toISOString(), convergenceP50: quantile(b.convergence, 0.5), convergenceP99: quantile(b.convergence, 0.99),
      commits: b.commits, resyncs: b.resyncs, digestMismatches: b.digestMismatches, connectedDevices: [...b.connected.values()].reduce((x, y) => x + y, 0),
    }));
    const all = emptyCounts();
    for (const b of byMinute.values()) addCounts(all, b.convergence);
    const last = buckets[buckets.length - 1];
    return {
      buckets,
      now: {
        connectedDevices: last?.connectedDevices ?? 0, convergenceP50: quantile(all, 0.5), convergenceP99: quantile(all, 0.99),
        resyncs: buckets.reduce((n, b) => n + b.resyncs, 0), digestMismatches: buckets.reduce((n, b) => n + b.digestMismatches, 0),
      },
    };
  });
}

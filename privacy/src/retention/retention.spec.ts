import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ModelSpec } from '../../../server/src/db/define-model.ts';
import type { PlatformModel } from '../compliance/platform-view.ts';
import { activePolicies, cutoffOf, dateFieldsOf, policyViews } from './retention-targets.ts';
import { sweepCollection, type SweepCollection } from './retention-sweep.ts';

const DAY = 86_400_000;
const spec = (collection: string, extra: Partial<ModelSpec> = {}): ModelSpec => ({
  name: collection, collection, idPrefix: 'x_',
  fields: { at: { type: Date, pii: 'none' }, label: { type: String, pii: 'none' }, tags: [{ type: String, pii: 'none' }] },
  ...extra,
});
const model = (owner: string, s: ModelSpec): PlatformModel => ({ owner, spec: s, purposes: ['necessary'] });

test('date fields: top-level Date fields plus the timestamps', () => {
  assert.deepEqual(dateFieldsOf(spec('a_b')), ['at', 'createdAt', 'updatedAt']);
});

test('views join declared defaults and tenant overrides; protected and unscoped collections are left out', () => {
  const models = [
    model('core', spec('core_events', { retention: { field: 'at', days: 395 } })),
    model('core', spec('core_tenants', { tenantScoped: false })),
    model('privacy', spec('privacy_audit')),
    model('shop', spec('shop_orders', { retention: { field: 'at', days: 30 } })),
    model('shop', spec('shop_notes')),
    model('other', spec('shop_notes')),
  ];
  const views = policyViews(models, [
    { collection: 'shop_orders', field: 'createdAt', days: 10, enabled: true, updatedAt: null, updatedBy: 'usr_1' },
    { collection: 'core_events', field: 'at', days: 395, enabled: false, updatedAt: null, updatedBy: null },
  ]);
  assert.deepEqual(views.map((v) => [v.collection, v.owner, v.source, v.field, v.days, v.enabled]), [
    ['core_events', 'core', 'disabled', null, null, false],
    ['shop_notes', 'shop', 'none', null, null, false],
    ['shop_orders', 'shop', 'tenant', 'createdAt', 10, true],
  ]);
  assert.deepEqual(views[2]!.declared, { field: 'at', days: 30 });
  assert.deepEqual(activePolicies(views), [{ collection: 'shop_orders', field: 'createdAt', days: 10 }]);
  assert.equal(cutoffOf({ days: 2 }, new Date(10 * DAY)).getTime(), 8 * DAY);
});

/** An in-memory collection answering the few driver calls a sweep makes, recording each delete. */
function fakeCollection(docs: { _id: string; tenantId: string; at: Date }[]) {
  const deletes: string[][] = [];
  const matches = (d: any, f: any) => Object.entries(f).every(([k, v]: [string, any]) => {
    if (v && typeof v === 'object' && '$lt' in v) return d[k] < v.$lt;
    if (v && typeof v === 'object' && '$gt' in v) return d[k] > v.$gt;
    if (v && typeof v === 'object' && '$in' in v) return v.$in.includes(d[k]);
    return d[k] === v;
  });
  const coll: SweepCollection = {
    find: (filter) => ({ sort: () => ({ limit: (n) => ({ toArray: async () => docs.filter((d) => matches(d, filter)).sort((a, b) => a._id.localeCompare(b._id)).slice(0, n).map((d) => ({ _id: d._id })) }) }) }),
    async deleteMany(filter) {
      const ids = docs.filter((d) => matches(d, filter)).map((d) => d._id);
      deletes.push(ids);
      for (const id of ids) docs.splice(docs.findIndex((d) => d._id === id), 1);
      return { deletedCount: ids.length };
    },
  };
  return { coll, docs, deletes };
}

test('a sweep deletes only the tenant\'s expired documents, by _id lists, in bounded batches', async () => {
  const now = new Date(1000 * DAY);
  const docs = [
    ...Array.from({ length: 5 }, (_, i) => ({ _id: `a${i}`, tenantId: 'ten_a', at: new Date(now.getTime() - 40 * DAY) })),
    { _id: 'a9', tenantId: 'ten_a', at: new Date(now.getTime() - 5 * DAY) },
    { _id: 'b0', tenantId: 'ten_b', at: new Date(now.getTime() - 40 * DAY) },
  ];
  const { coll, deletes } = fakeCollection([...docs]);
  const policy = { collection: 'c', field: 'at', days: 30 };
  const first = await sweepCollection(coll, 'ten_a', policy, { now, batchSize: 2, maxBatches: 2 });
  assert.deepEqual([first.deleted, first.more], [4, true]);
  assert.deepEqual(deletes, [['a0', 'a1'], ['a2', 'a3']]);
  const second = await sweepCollection(coll, 'ten_a', policy, { now, batchSize: 2, maxBatches: 2 });
  assert.deepEqual([second.deleted, second.more, second.cutoff], [1, false, new Date(now.getTime() - 30 * DAY).toISOString()]);
  const third = await sweepCollection(coll, 'ten_a', policy, { now, batchSize: 2 });
  assert.deepEqual([third.deleted, third.more], [0, false]);
});

test('a sweep stops when its signal aborts', async () => {
  const { coll } = fakeCollection([{ _id: 'a', tenantId: 't', at: new Date(0) }]);
  const ac = new AbortController();
  ac.abort();
  await assert.rejects(sweepCollection(coll, 't', { collection: 'c', field: 'at', days: 1 }, { signal: ac.signal }), { name: 'AbortError' });
});

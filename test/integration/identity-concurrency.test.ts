import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { startStack, type Stack } from '../helpers/stack.ts';
import { buildApp } from '../../server/src/app.ts';
import type { PluginContext } from '../../server/src/core/plugin-contract.ts';
import { identityServices, type IdentityServices } from '../../plugins/identity/services/services.ts';
import { normalizeSettings } from '../../plugins/identity/services/merge-rules.ts';
import type { IdentifierRef, Observation } from '../../plugins/identity/types.ts';

/**
 * Many concurrent identifies of the same people from several devices must leave one consistent graph: one person
 * per userId, no identifier lost, none pointing at a merged tombstone, identifierCount equal to the identifiers a
 * person holds, no empty persons. FerretDB v1 has no transactions and loses one of two concurrent updates of a
 * document, so this is what the unique index, the tenant merge lock and the person locks have to guarantee.
 *  1. the stitcher called directly from many async flows, spread over two app instances (two connections, two
 *     resolution caches kept coherent through the bus);
 *  2. the real platform: API and two worker processes, events sent concurrently to POST /v1/events.
 */

const shuffle = <T>(xs: T[]): T[] => {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
};

/** Runs tasks with at most `width` in flight. */
async function pool(tasks: (() => Promise<unknown>)[], width: number): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  await Promise.all(Array.from({ length: width }, async () => {
    while (next < tasks.length) {
      const task = tasks[next++];
      await task().catch((err) => errors.push(err));
    }
  }));
  if (errors.length) throw new AggregateError(errors, `${errors.length} of ${tasks.length} tasks failed: ${(errors[0] as Error)?.message}`);
}

interface People {
  users: string[];
  devices: Map<string, { anon: string; hw: string }[]>;
}

function people(tag: string, users: number, devices: number): People {
  const u = Array.from({ length: users }, (_, i) => `${tag}-user-${i}-${randomUUID().slice(0, 6)}`);
  return { users: u, devices: new Map(u.map((user) => [user, Array.from({ length: devices }, (_, d) => ({ anon: `${user}-anon-${d}`, hw: `${user}-hw-${d}` }))])) };
}

/** The invariants, checked in the store (and, for every identifier, through `resolveWith`). */
async function assertGraph(db: { persons: mongoose.Collection; identifiers: mongoose.Collection }, tenantId: string, p: People, resolveWith?: (ref: IdentifierRef) => Promise<string | null>): Promise<Map<string, string>> {
  const live = await db.persons.find({ tenantId, mergedInto: null }).toArray();
  const tombstones = await db.persons.find({ tenantId, mergedInto: { $ne: null } }).toArray();
  const idents = await db.identifiers.find({ tenantId }).toArray();
  const liveIds = new Set(live.map((x) => String(x._id)));
  const personOf = new Map(idents.map((d) => [`${d.kind}:${d.value}`, String(d.personId)]));

  const expected = p.users.flatMap((u) => [`user_id:${u}`, ...p.devices.get(u)!.flatMap((d) => [`anonymous_id:${d.anon}`, `device_id:${d.hw}`])]);
  const missing = expected.filter((k) => !personOf.has(k));
  assert.deepEqual(missing, [], 'no identifier lost');
  assert.equal(idents.length, expected.length, 'no identifier stored twice or invented');
  const dangling = idents.filter((d) => !liveIds.has(String(d.personId)));
  assert.deepEqual(dangling.map((d) => `${d.kind}:${d.value} → ${d.personId}`), [], 'no identifier points at a tombstone or a missing person');

  const byUser = new Map<string, string>();
  for (const u of p.users) {
    const holders = live.filter((x) => x.userId === u);
    assert.equal(holders.length, 1, `exactly one live person with userId ${u}: ${holders.map((h) => h._id).join(', ')}`);
    const pid = String(holders[0]._id);
    byUser.set(u, pid);
    assert.equal(personOf.get(`user_id:${u}`), pid);
    for (const d of p.devices.get(u)!) {
      assert.equal(personOf.get(`anonymous_id:${d.anon}`), pid, `${d.anon} joined its user's person`);
      assert.equal(personOf.get(`device_id:${d.hw}`), pid, `${d.hw} joined its user's person`);
    }
  }
  assert.equal(live.length, p.users.length, `one live person per user, no empty persons left over (${live.length} live)`);
  for (const x of live) {
    const held = idents.filter((d) => String(d.personId) === String(x._id)).length;
    assert.equal(x.identifierCount, held, `identifierCount of ${x._id}`);
  }
  for (const x of tombstones) {
    assert.ok(liveIds.has(String(x.mergedInto)), `tombstone ${x._id} points at a live person (path compressed)`);
    assert.equal(x.identifierCount, 0);
  }
  if (resolveWith) {
    for (const [key, pid] of personOf) {
      const [kind, ...rest] = key.split(':');
      assert.equal(await resolveWith({ kind, value: rest.join(':') } as IdentifierRef), pid, `resolve ${key}`);
    }
  }
  return byUser;
}

describe('the stitcher from many async flows on two instances', () => {
  let t: TestApp;
  let second: FastifyInstance;
  let a: IdentityServices;
  let b: IdentityServices;
  let db: { persons: mongoose.Collection; identifiers: mongoose.Collection };

  before(async () => {
    t = await buildTestApp();
    second = await buildApp(t.config, { logger: false, serveConsole: false });
    await second.ready();
    a = identityServices(t.app.lockstep.host.contexts.get('identity') as PluginContext);
    b = identityServices(second.lockstep.host.contexts.get('identity') as PluginContext);
    assert.notEqual(a, b, 'two instances, two caches');
    const conn = t.app.lockstep.connection;
    db = { persons: conn.collection('identity_persons'), identifiers: conn.collection('identity_identifiers') };
  });
  after(async () => {
    await second?.close();
    await t?.close();
  });

  test('concurrent track and identify observations of 6 people × 4 devices converge to 6 persons', async () => {
    const tenantId = t.seed.demoTenantId;
    const settings = normalizeSettings({});
    const p = people('direct', 6, 4);
    // Channels flip between observations, so most of them also write activity (channel, device) on identifiers
    // and persons while merges move those same documents.
    const obs = (ids: IdentifierRef[], mode: Observation['mode']): Observation => {
      const now = new Date();
      const channel = Math.random() < 0.5 ? 'ios' : 'web';
      return { ids, blocked: [], mode, firstAt: now, at: now, receivedAt: now, channel, device: { screen: channel === 'ios' ? 'phone' : 'desktop' }, traits: mode === 'identify' ? { name: 'x' } : null, eventId: randomUUID() };
    };
    const tasks: (() => Promise<unknown>)[] = [];
    let n = 0;
    for (const user of p.users) {
      for (const d of p.devices.get(user)!) {
        const anon = { kind: 'anonymous_id', value: d.anon } as const;
        const hw = { kind: 'device_id', value: d.hw } as const;
        const uid = { kind: 'user_id', value: user } as const;
        const steps: [IdentifierRef[], Observation['mode']][] = [
          [[anon], 'track'], [[hw, anon], 'track'], [[anon], 'track'], [[uid, anon], 'identify'], [[uid, hw, anon], 'identify'], [[uid, anon], 'track'],
          [[uid, anon], 'identify'], [[hw, anon], 'track'], [[uid], 'track'], [[hw], 'track'],
        ];
        for (const [ids, mode] of steps) {
          const svc = n++ % 2 ? a : b;
          tasks.push(() => svc.stitcher.observe(tenantId, obs(ids, mode), settings));
        }
      }
    }
    // Resolutions in flight at the same time fill both caches with persons that merges then absorb.
    for (const user of p.users) for (const d of p.devices.get(user)!) for (const svc of [a, b]) tasks.push(() => svc.resolver.resolve(tenantId, { kind: 'anonymous_id', value: d.anon }));
    await pool(shuffle(tasks), 24);

    const merges = await t.app.lockstep.connection.collection('identity_merges').countDocuments({ tenantId, action: 'merge' });
    assert.ok(merges > 0, 'the workload did merge persons (it exercises the locked path)');
    // Caches of both instances are coherent once the bus delivered the merges (at-most-once, so poll briefly).
    const deadline = Date.now() + 10_000;
    for (;;) {
      try {
        await assertGraph(db, tenantId, p, async (ref) => {
          const [x, y] = await Promise.all([a.resolver.resolve(tenantId, ref), b.resolver.resolve(tenantId, ref)]);
          assert.equal(x, y, `both instances resolve ${ref.kind}:${ref.value} alike`);
          return x;
        });
        break;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
  });
});

describe('the real platform: API and two worker processes', () => {
  let stack: Stack;
  let conn: mongoose.Connection;
  let owner: Record<string, string>;

  before(async () => {
    stack = await startStack({ workers: 2 });
    conn = await mongoose.createConnection(stack.env.MONGODB_URI).asPromise();
    const login = await fetch(`${stack.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: stack.adminEmail, password: stack.adminPassword }) });
    owner = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
  });
  after(async () => {
    await conn?.close();
    await stack?.stop();
  });

  test('concurrent batches from 5 people × 3 devices through POST /v1/events: one person each, every event attributed', async () => {
    const p = people('stack', 5, 3);
    const me = await (await fetch(`${stack.baseUrl}/api/auth/me`, { headers: owner })).json() as { tenant: { id: string } };
    const tenantId = me.tenant.id;
    const ev = (type: string, who: Record<string, string>, channel: string) => ({
      eventId: `c-${randomUUID()}`, type, channel, timestamp: new Date().toISOString(), ...who,
      properties: type === 'product_view' || type === 'add_to_cart' ? { productId: 'p-1', quantity: 1 } : {},
    });
    const batches: Record<string, unknown>[][] = [];
    const eventsOf = new Map<string, string[]>();
    for (const user of p.users) {
      for (const [i, d] of p.devices.get(user)!.entries()) {
        const channel = ['web', 'ios', 'android'][i];
        const device = { anonymousId: d.anon, deviceId: d.hw };
        const mine = [
          [ev('page_view', device, channel), ev('product_view', device, channel)],
          [ev('identify', { ...device, userId: user }, channel)],
          [ev('add_to_cart', { ...device, userId: user }, channel), ev('page_view', device, channel)],
          [ev('identify', { anonymousId: d.anon, userId: user }, channel)],
        ];
        batches.push(...mine);
        eventsOf.set(user, [...(eventsOf.get(user) ?? []), ...mine.flat().map((e) => e.eventId as string)]);
      }
    }
    await pool(shuffle(batches).map((events) => async () => {
      const res = await fetch(`${stack.baseUrl}/v1/events`, { method: 'POST', headers: { authorization: `Bearer ${stack.publishableKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ events }) });
      assert.equal(res.status, 200, await res.clone().text());
      assert.equal(((await res.json()) as { accepted: string[] }).accepted.length, events.length);
    }), 16);

    const all = [...eventsOf.values()].flat();
    const Events = conn.collection('core_events');
    const deadline = Date.now() + 90_000;
    const drained = async () => {
      const queues = await (await fetch(`${stack.baseUrl}/api/queues`, { headers: owner })).json() as { name: string; counts: Record<string, number> }[];
      const q = queues.find((x) => x.name === 'identity-events');
      return q && (q.counts.waiting ?? 0) + (q.counts.active ?? 0) + (q.counts.delayed ?? 0) === 0 ? q : null;
    };
    let queue: { counts: Record<string, number> } | null = null;
    while (Date.now() < deadline) {
      queue = await drained();
      if (queue && (await Events.countDocuments({ tenantId, eventId: { $in: all }, personId: null })) === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    assert.ok(queue, `identity-events drained: ${stack.output().slice(-2000)}`);
    assert.equal(queue!.counts.failed ?? 0, 0, `no delivery failed for good: ${stack.output().slice(-2000)}`);

    const byUser = await assertGraph({ persons: conn.collection('identity_persons'), identifiers: conn.collection('identity_identifiers') }, tenantId, p, async (ref) => {
      const res = await fetch(`${stack.baseUrl}/api/plugins/identity/resolve?kind=${ref.kind}&value=${encodeURIComponent(ref.value)}`, { headers: owner });
      return res.status === 200 ? ((await res.json()) as { personId: string }).personId : null;
    });
    for (const [user, ids] of eventsOf) {
      const wrong = await Events.find({ tenantId, eventId: { $in: ids }, personId: { $ne: byUser.get(user) } }).project({ eventId: 1, type: 1, personId: 1 }).toArray();
      assert.deepEqual(wrong, [], `every event of ${user}'s devices is attributed to their person`);
    }
  });
});

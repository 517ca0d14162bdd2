// Two real API processes sharing FerretDB and Redis: devices of one shopper on different instances converge through
// the Redis fan-out, and a chaos run (random offline periods, concurrent edits, an instance killed and restarted in
// the middle) ends with every device and the server holding the state of the reference model.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { startStack, type Stack } from '../helpers/stack.ts';
import { SyncDevice } from '../helpers/sync-device.ts';
import { reference } from '../../plugins/sync/crdt/reference-model.ts';
import { view } from '../../plugins/sync/crdt/view.ts';
import type { SyncOp } from '../../plugins/sync/crdt/ops.schema.ts';

let s1: Stack;
let s2: Stack;
const uniq = (p: string) => `${p}-${randomUUID().slice(0, 8)}`;
const until = async (what: string, cond: () => boolean | Promise<boolean>, ms = 20_000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) { if (await cond()) return; await new Promise((r) => setTimeout(r, 50)); }
  throw new Error(`timed out: ${what}`);
};
const httpOf = (base: string) => async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
  const res = await fetch(`${base}${url}`, { method, headers: { ...headers, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) }, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const text = await res.text();
  return { status: res.status, json: text ? JSON.parse(text) : null };
};
const deviceOn = (s: Stack, userId: string) => new SyncDevice({ http: httpOf(s.baseUrl), wsBase: s.baseUrl.replace('http', 'ws'), key: s.publishableKey, userId, channel: 'web' });
async function ownerHeaders(s: Stack): Promise<Record<string, string>> {
  const r = await httpOf(s.baseUrl)('POST', '/api/auth/login', { email: s.adminEmail, password: s.adminPassword });
  return { authorization: `Bearer ${r.json.token}` };
}
async function serverState(s: Stack, personKey: string) {
  const r = await httpOf(s.baseUrl)('GET', `/api/plugins/sync/states/${encodeURIComponent(personKey)}`, undefined, await ownerHeaders(s));
  assert.equal(r.status, 200, JSON.stringify(r.json));
  return r.json;
}

before(async () => {
  s1 = await startStack({ workers: 1 });
  s2 = await startStack({ workers: 0, env: { MONGODB_URI: s1.env.MONGODB_URI!, REDIS_PREFIX: s1.env.REDIS_PREFIX!, LOCKSTEP_DEMO_PUBLISHABLE_KEY: s1.publishableKey } });
});
after(async () => {
  await s2?.stop().catch(() => undefined);
  await s1?.stop();
});

describe('two API processes', () => {
  test('a device on instance 1 and one on instance 2 converge through Redis, both ways, under concurrent edits', async () => {
    const user = uniq('user');
    const a = deviceOn(s1, user);
    const b = deviceOn(s2, user);
    await a.connect();
    await b.connect();
    assert.equal(a.personKey, b.personKey);
    const op = a.addToCart('prd-1', 1);
    await b.next((f) => f.type === 'ops' && f.ops.some((o: SyncOp) => o.opId === op.opId));
    const back = b.op({ kind: 'wishlist.add', productId: 'prd-2' });
    await a.next((f) => f.type === 'ops' && f.ops.some((o: SyncOp) => o.opId === back.opId));
    // 40 concurrent edits from each side on the same lines.
    for (let i = 0; i < 40; i++) {
      a.addToCart(`prd-${i % 5}`, 1);
      b.addToCart(`prd-${i % 5}`, 2);
      if (i % 7 === 0) b.op({ kind: 'cart.setQuantity', productId: 'prd-3', quantity: 9, observed: b.observedLine('prd-3') });
    }
    await until('acked', () => a.pending.length === 0 && b.pending.length === 0);
    await until('converged', () => JSON.stringify(a.view()) === JSON.stringify(b.view()) && a.lastSeq === b.lastSeq);
    const all = [...new Map([...a.frames, ...b.frames].filter((f) => f.type === 'ops').flatMap((f) => f.ops as SyncOp[]).map((o) => [o.opId, o])).values()];
    assert.deepEqual(a.view(), reference(all));
    for (const s of [s1, s2]) assert.deepEqual((await serverState(s, a.personKey!)).view, a.view());
    a.disconnect();
    b.disconnect();
  });

  test('chaos: 6 devices, random offline periods, concurrent edits, instance 1 killed and restarted; all end equal to the reference model', async () => {
    const user = uniq('chaos');
    const devices = Array.from({ length: 6 }, (_, i) => deviceOn(i % 2 ? s2 : s1, user));
    for (const d of devices) await d.connect();
    const generated = new Map<string, SyncOp>();
    let seed = 42;
    const rnd = (n: number) => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed % n; };
    const products = ['p0', 'p1', 'p2', 'p3'];
    const edit = (d: SyncDevice) => {
      const p = products[rnd(products.length)]!;
      const k = rnd(10);
      const op = k < 4 ? d.addToCart(p, 1 + rnd(3))
        : k < 5 ? d.op({ kind: 'cart.setQuantity', productId: p, quantity: 1 + rnd(5), observed: d.observedLine(p) })
          : k < 6 ? d.op({ kind: 'cart.remove', productId: p, observed: d.observedLine(p) })
            : k < 7 ? d.op({ kind: 'wishlist.add', productId: p })
              : k < 8 ? d.op({ kind: 'wishlist.remove', productId: p, observed: d.observedWish(p) })
                : k < 9 ? d.op({ kind: 'viewed.add', productId: p })
                  : d.op({ kind: 'pref.set', key: 'size', value: `s${rnd(4)}` });
      generated.set(op.opId, op);
    };
    const reconnect = async (d: SyncDevice, s: Stack) => {
      (d as any).o.http = httpOf(s.baseUrl);
      (d as any).o.wsBase = s.baseUrl.replace('http', 'ws');
      d.token = '';
      await d.connect();
    };
    let s1Alive = true;
    for (let round = 0; round < 30; round++) {
      for (const d of devices) {
        if (d.online && rnd(8) === 0) d.disconnect();                     // goes offline (tunnel, train)
        else if (!d.online && rnd(3) === 0) await reconnect(d, s1Alive && rnd(2) ? s1 : s2);
        for (let k = rnd(3); k >= 0; k--) edit(d);                        // edits online or queued offline
      }
      if (round === 12) {
        // Instance 1 dies (SIGKILL: no graceful close); its devices lose their sockets mid-flight.
        s1Alive = false;
        s1.api.kill('SIGKILL');
        await new Promise((r) => s1.api.once('exit', r));
        for (const d of devices) if (d.online && (d as any).o.wsBase.includes(String(s1.port))) d.disconnect();
      }
      if (round === 18) {
        s1 = await restartApi(s1);
        s1Alive = true;
      }
      await new Promise((r) => setTimeout(r, 20 + rnd(60)));
    }
    // Everyone comes back online and flushes what it queued.
    for (const d of devices) if (!d.online) await reconnect(d, devices.indexOf(d) % 2 ? s2 : s1);
    await until('all acked', () => devices.every((d) => d.pending.length === 0), 30_000);
    await until('all converged', () => devices.every((d) => d.lastSeq === devices[0]!.lastSeq && JSON.stringify(d.view()) === JSON.stringify(devices[0]!.view())), 30_000);
    const expected = reference([...generated.values()]);
    for (const d of devices) assert.deepEqual(d.view(), expected, `device ${d.deviceId}`);
    for (const s of [s1, s2]) {
      const server = await serverState(s, devices[0]!.personKey!);
      assert.deepEqual(server.view, expected);
      assert.deepEqual(view(devices[0]!.base), expected);
    }
    assert.ok(devices.every((d) => d.nacks.length === 0), JSON.stringify(devices.flatMap((d) => d.nacks)));
    for (const d of devices) d.disconnect();
  });
});

/** Starts a new API process on the dead one's database, Redis prefix and port. */
async function restartApi(dead: Stack): Promise<Stack> {
  const next = await startStack({ workers: 0, env: { MONGODB_URI: dead.env.MONGODB_URI!, REDIS_PREFIX: dead.env.REDIS_PREFIX!, LOCKSTEP_DEMO_PUBLISHABLE_KEY: dead.publishableKey, PORT: String(dead.port) } });
  await Promise.all(dead.workers.map((w) => new Promise<void>((r) => { if (w.exitCode !== null) return r(); w.once('exit', () => r()); w.kill('SIGTERM'); })));
  return next;
}

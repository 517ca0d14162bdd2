import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import mongoose from 'mongoose';
import { startStack, type Stack } from '../helpers/stack.ts';

/**
 * Durable event fan-out (PluginDefinition.events): ingestion queues delivery jobs per consuming plugin; real worker
 * processes run the handlers. Fixture plugins: recorder (add_to_cart + custom:fail_once, uses greeter's API),
 * stalled (needs a capability no worker has, i.e. "down").
 */
let stack: Stack;
let db: mongoose.Connection;
let owner: Record<string, string>;

const ev = (type: string, extra: Record<string, unknown> = {}) => ({
  eventId: `e-${randomUUID()}`, type, anonymousId: 'anon-delivery', channel: 'web', timestamp: new Date().toISOString(),
  properties: type === 'add_to_cart' ? { productId: 'p1', quantity: 1 } : {}, ...extra,
});
const send = (events: unknown[]) => fetch(`${stack.baseUrl}/v1/events`, {
  method: 'POST', headers: { authorization: `Bearer ${stack.publishableKey}`, 'content-type': 'application/json' }, body: JSON.stringify({ events }),
});
async function waitFor<T>(fn: () => Promise<T | null | undefined | false>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
const seen = () => db.collection('recorder_seen');

before(async () => {
  stack = await startStack({ workers: 1, env: { LOCKSTEP_PLUGINS_DIR: 'test/fixtures/plugins/events' } });
  db = await mongoose.createConnection(stack.env.MONGODB_URI).asPromise();
  const login = await fetch(`${stack.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: stack.adminEmail, password: stack.adminPassword }) });
  owner = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
});
after(async () => { await db?.close(); await stack?.stop(); });

test('a consuming plugin receives exactly the event types it declared, through a worker, using its dependency\'s API', async () => {
  const batch = [ev('add_to_cart'), ev('page_view'), ev('add_to_cart')];
  const res = await send(batch);
  assert.equal(res.status, 200);
  assert.equal(((await res.json()) as { accepted: string[] }).accepted.length, 3);
  const docs = await waitFor(async () => { const d = await seen().find({ eventId: { $in: batch.map((e) => e.eventId) } }).toArray(); return d.length >= 2 && d; });
  assert.deepEqual(docs.map((d) => d.eventId).sort(), [batch[0].eventId, batch[2].eventId].sort());
  assert.ok(docs.every((d) => d.type === 'add_to_cart' && d.anonymousId === 'anon-delivery' && /^hello ten_/.test(d.greeting)));
});

test('a failing delivery is retried and then succeeds; a retried batch is delivered again but recorded once', async () => {
  const failing = ev('custom:fail_once');
  const cart = ev('add_to_cart');
  assert.equal((await send([failing, cart])).status, 200);
  await waitFor(() => seen().findOne({ eventId: failing.eventId }));
  assert.equal((await send([failing, cart])).status, 200); // client retry of the same batch
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(await seen().countDocuments({ eventId: { $in: [failing.eventId, cart.eventId] } }), 2);
  const jobs = await (await fetch(`${stack.baseUrl}/api/jobs?filter=${encodeURIComponent(JSON.stringify({ queue: 'recorder-events', state: 'completed' }))}&range=[0,49]`, { headers: owner })).json() as { attemptsMade: number }[];
  assert.ok(Array.isArray(jobs) && jobs.some((j) => j.attemptsMade >= 2), `a delivery needed a retry: ${JSON.stringify(jobs).slice(0, 300)}`);
});

test('a plugin that is down does not block ingestion: its own queue grows, the others keep flowing', async () => {
  const batch = Array.from({ length: 20 }, () => ev('add_to_cart'));
  for (let i = 0; i < 5; i++) {
    const slice = batch.slice(i * 4, i * 4 + 4);
    const res = await send(slice);
    assert.equal(res.status, 200);
  }
  await waitFor(async () => (await seen().countDocuments({ eventId: { $in: batch.map((e) => e.eventId) } })) === 20);
  const queues = await (await fetch(`${stack.baseUrl}/api/queues`, { headers: owner })).json() as { name: string; counts: Record<string, number> }[];
  const stalled = queues.find((q) => q.name === 'stalled-events');
  assert.ok(stalled, `stalled-events is listed: ${JSON.stringify(queues.map((q) => q.name))}`);
  assert.ok((stalled!.counts.waiting ?? 0) >= 5, `undelivered jobs wait in the down plugin's queue: ${JSON.stringify(stalled!.counts)}`);
});

test('a tenant that disabled the consuming plugin gets no deliveries queued for it', async () => {
  const put = await fetch(`${stack.baseUrl}/api/plugins/recorder`, { method: 'PUT', headers: { ...owner, 'content-type': 'application/json' }, body: JSON.stringify({ enabled: false }) });
  assert.equal(put.status, 200, await put.text());
  const e = ev('add_to_cart');
  assert.equal((await send([e])).status, 200);
  await new Promise((r) => setTimeout(r, 1500));
  assert.equal(await seen().countDocuments({ eventId: e.eventId }), 0);
  await fetch(`${stack.baseUrl}/api/plugins/recorder`, { method: 'PUT', headers: { ...owner, 'content-type': 'application/json' }, body: JSON.stringify({ enabled: true }) });
});

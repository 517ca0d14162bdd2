import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLockstep, MemoryStorage, eventsUrl } from '../src/index.ts';
import { FakeIngest, sleep } from './helpers/fake-ingest.ts';
import { KEY, testClient } from './helpers/client.ts';

describe('sdk: batching', () => {
  let server: FakeIngest;
  before(async () => { server = await FakeIngest.start(); });
  after(async () => { await server.close(); });

  it('flushes by size: a request when flushAt events are queued, none below', async () => {
    const start = server.requests.length;
    const { client } = testClient(server.url, { flushAt: 3 });
    for (let i = 0; i < 3; i++) client.track('product_view', { productId: `p${i}` });
    await server.waitFor(() => server.requests.length - start >= 1 && client.pending() === 0, 3000, 'first size flush');
    client.track('product_view', { productId: 'p3' });
    client.track('product_view', { productId: 'p4' });
    await sleep(150);
    assert.equal(server.requests.length - start, 1, 'two events stay below flushAt');
    assert.equal(client.pending(), 2);
    client.track('product_view', { productId: 'p5' });
    await server.waitFor(() => server.requests.length - start >= 2 && client.pending() === 0, 3000, 'second size flush');
    const mine = server.requests.slice(start);
    assert.deepEqual(mine.map((r) => r.events.length), [3, 3]);
    assert.deepEqual(mine.flatMap((r) => r.events.map((e) => e.properties?.productId)), ['p0', 'p1', 'p2', 'p3', 'p4', 'p5']);
    client.track('product_view', { productId: 'p6' });
    const r = await client.flush();
    assert.deepEqual(r, { accepted: 1, dropped: 0, pending: 0 });
    await client.shutdown();
  });

  it('flushes by time: events queued below flushAt go out after flushIntervalMs, in one batch', async () => {
    const start = server.requests.length;
    const { client } = testClient(server.url, { flushAt: 100, flushIntervalMs: 150 });
    const t0 = Date.now();
    client.page({ url: 'https://shop.example/a' });
    client.track('search', { query: 'shoes' });
    await sleep(60);
    client.track('add_to_cart', { productId: 'p1', quantity: 2, price: 10, currency: 'EUR' });
    assert.equal(server.requests.length, start, 'nothing sent before the interval');
    await server.waitFor(() => server.requests.length > start, 3000, 'time flush');
    const elapsed = server.requests[start]!.at - t0;
    assert.ok(elapsed >= 140, `sent after ${elapsed} ms`);
    assert.deepEqual(server.requests[start]!.events.map((e) => e.type), ['page_view', 'search', 'add_to_cart']);
    await sleep(50);
    assert.equal(client.pending(), 0);
    await client.shutdown();
  });

  it('splits a flush into requests of at most maxBatch events', async () => {
    const start = server.requests.length;
    const { client } = testClient(server.url, { flushAt: 1000, maxBatch: 4 });
    for (let i = 0; i < 10; i++) client.track('custom:tick', { i });
    const r = await client.flush();
    assert.deepEqual(r, { accepted: 10, dropped: 0, pending: 0 });
    assert.deepEqual(server.requests.slice(start).map((x) => x.events.length), [4, 4, 2]);
    await client.shutdown();
  });

  it('stamps each event: UUID eventId, ISO timestamp from the clock, channel, device, deviceId, anonymousId; Bearer key', async () => {
    const start = server.requests.length;
    const fixed = Date.parse('2025-03-01T12:00:00.000Z');
    const { client } = testClient(server.url, {
      channel: 'ios', device: { os: 'iOS 18', appVersion: '2.1.0', screen: 'phone' }, deviceId: 'dev-1', clock: () => fixed,
    });
    const ev = client.track('purchase', { orderId: 'o1', total: 30, currency: 'EUR', items: [{ productId: 'p1', quantity: 1, price: 30 }] });
    client.track('purchase', { orderId: 'o2', total: 5, currency: 'EUR' });
    assert.ok(ev);
    await client.flush();
    const [a, b] = server.requests[start]!.events;
    assert.match(a!.eventId, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.notEqual(a!.eventId, b!.eventId);
    assert.equal(a!.eventId, ev.eventId);
    assert.equal(a!.timestamp, '2025-03-01T12:00:00.000Z');
    assert.equal(a!.channel, 'ios');
    assert.deepEqual(a!.device, { os: 'iOS 18', appVersion: '2.1.0', screen: 'phone' });
    assert.equal(a!.deviceId, 'dev-1');
    assert.equal(a!.anonymousId, client.getAnonymousId());
    assert.equal(a!.userId, undefined);
    assert.deepEqual(a!.properties, { orderId: 'o1', total: 30, currency: 'EUR', items: [{ productId: 'p1', quantity: 1, price: 30 }] });
    assert.equal(server.requests[start]!.authorization, `Bearer ${KEY}`);
    assert.equal(server.requests[start]!.key, null, 'no key in the URL for fetch');
    assert.match(server.requests[start]!.contentType ?? '', /^application\/json/);
    await client.shutdown();
  });

  it('copies properties at track time (later mutation does not leak) and refuses bad calls without throwing', async () => {
    const { client, errors } = testClient(server.url);
    const props = { productId: 'p1', tags: ['a'] };
    const ev = client.track('product_view', props);
    props.productId = 'changed';
    props.tags.push('b');
    assert.deepEqual(ev!.properties, { productId: 'p1', tags: ['a'] });
    assert.equal((client.track as (t: string) => unknown)('no such type'), null);
    assert.equal((client.track as (t: string) => unknown)('custom:UPPER'), null);
    const cyclic: Record<string, unknown> = { productId: 'x' };
    cyclic.self = cyclic;
    assert.equal(client.track('product_view', cyclic as { productId: string }), null);
    assert.equal(errors.filter((e) => e.code === 'SDK_ERR_INVALID_CALL').length, 3);
    assert.equal(client.pending(), 1);
    await client.shutdown();
  });

  it('validates options up front', () => {
    assert.throws(() => createLockstep({ endpoint: server.url, publishableKey: '', channel: 'web' }), /publishableKey/);
    assert.throws(() => createLockstep({ endpoint: server.url, publishableKey: KEY, channel: 'Web!' }), /channel/);
    assert.throws(() => createLockstep({ endpoint: server.url, publishableKey: KEY, channel: 'web', flushAt: 0 }), /flushAt/);
    assert.throws(() => createLockstep({ endpoint: server.url, publishableKey: KEY, channel: 'web', maxBatch: 5001 }), /maxBatch/);
    assert.equal(eventsUrl('https://api.example.com/'), 'https://api.example.com/v1/events');
    assert.equal(eventsUrl('https://x.example/lockstep'), 'https://x.example/lockstep/v1/events');
    assert.equal(eventsUrl('https://x.example/v1/events'), 'https://x.example/v1/events');
    assert.equal(eventsUrl(''), '/v1/events');
    const c = createLockstep({ endpoint: server.url, publishableKey: KEY, channel: 'web', storage: new MemoryStorage() });
    void c.shutdown(0);
  });
});

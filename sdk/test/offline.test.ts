import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MemoryStorage } from '../src/index.ts';
import type { LockstepEvent, StorageLike } from '../src/types.ts';
import { FakeIngest, deadEndpoint, sleep } from './helpers/fake-ingest.ts';
import { testClient } from './helpers/client.ts';

const storedQueue = (s: StorageLike, prefix = 'lockstep') => JSON.parse(s.getItem(`${prefix}.queue`) ?? '[]') as LockstepEvent[];

describe('sdk: offline queue', () => {
  let server: FakeIngest;
  let offline: string;
  before(async () => { server = await FakeIngest.start(); offline = await deadEndpoint(); });
  after(async () => { await server.close(); });

  it('keeps events in storage while offline; a new client on the same storage (a reload) sends them', async () => {
    const storage = new MemoryStorage();
    const first = testClient(offline, { storage, flushAt: 2 });
    const sent = [
      first.client.track('product_view', { productId: 'p1' }),
      first.client.track('add_to_cart', { productId: 'p1', quantity: 1 }),
      first.client.track('search', { query: 'hat' }),
    ].map((e) => e!.eventId);
    await sleep(0);
    assert.deepEqual(storedQueue(storage).map((e) => e.eventId), sent, 'persisted as soon as queued');
    await first.client.flush();
    await sleep(150); // a few retries against the dead port
    assert.ok(first.errors.some((e) => e.code === 'SDK_ERR_SEND_FAILED'), 'failures reported');
    assert.ok(first.errors.every((e) => e.code === 'SDK_ERR_SEND_FAILED'), 'nothing dropped while offline');
    assert.equal(first.client.pending(), 3);
    // The page goes away without delivering.
    const r = await first.client.shutdown(50);
    assert.equal(r.pending, 3);
    assert.deepEqual(storedQueue(storage).map((e) => e.eventId), sent, 'still in storage after the page is gone');

    // Reload: same storage, now online. No new event is needed to send the old ones.
    const start = server.requests.length;
    const second = testClient(server.url, { storage });
    assert.equal(second.client.pending(), 3);
    await server.waitFor(() => second.client.pending() === 0, 5000, 'old queue sent after reload');
    assert.deepEqual(server.requests.slice(start).flatMap((x) => x.events.map((e) => e.eventId)), sent, 'same events, same ids, same order');
    assert.equal(second.client.getAnonymousId(), first.client.getAnonymousId());
    assert.equal(storage.getItem('lockstep.queue'), null, 'queue key removed once empty');
    await second.client.shutdown();
  });

  it('bounds the queue at maxQueue: drops the oldest and reports them', async () => {
    const storage = new MemoryStorage();
    const { client, errors } = testClient(offline, { storage, maxQueue: 5 });
    const ids = [];
    for (let i = 0; i < 8; i++) ids.push(client.track('custom:n', { i })!.eventId);
    await sleep(0);
    assert.equal(client.pending(), 5);
    assert.deepEqual(storedQueue(storage).map((e) => e.eventId), ids.slice(3), 'the 5 newest are kept');
    const overflow = errors.filter((e) => e.code === 'SDK_ERR_QUEUE_OVERFLOW');
    assert.deepEqual(overflow.flatMap((e) => e.events!.map((x) => x.eventId)), ids.slice(0, 3));
    await client.shutdown(0);

    // A reload with a smaller bound trims what it adopts.
    const again = testClient(offline, { storage, maxQueue: 2 });
    assert.equal(again.client.pending(), 2);
    assert.deepEqual(storedQueue(storage).map((e) => e.eventId), ids.slice(6));
    await again.client.shutdown(0);
  });

  it('events in flight stay in storage until the server answers (a reload mid-request resends; the server dedupes)', async () => {
    const storage = new MemoryStorage();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    const slowFetch: typeof fetch = async (input, init) => { await gate; return fetch(input, init); };
    const { client } = testClient(server.url, { storage, fetch: slowFetch });
    const ev = client.track('custom:inflight');
    const flushing = client.flush();
    await sleep(20);
    assert.deepEqual(storedQueue(storage).map((e) => e.eventId), [ev!.eventId]);
    release();
    await flushing;
    assert.equal(storage.getItem('lockstep.queue'), null);
    await client.shutdown();
  });

  it('two tabs sharing storage do not erase each other\'s queued events', async () => {
    const storage = new MemoryStorage();
    const tabA = testClient(offline, { storage });
    const tabB = testClient(offline, { storage });
    const a = tabA.client.track('custom:a')!.eventId;
    await sleep(0);
    const b = tabB.client.track('custom:b')!.eventId;
    await sleep(0);
    assert.deepEqual(storedQueue(storage).map((e) => e.eventId).sort(), [a, b].sort());
    await tabA.client.shutdown(0);
    await tabB.client.shutdown(0);
    // Both tabs closed offline; the next page load sends both.
    const start = server.requests.length;
    const next = testClient(server.url, { storage });
    await next.client.flush();
    assert.deepEqual(server.requests.slice(start).flatMap((x) => x.events.map((e) => e.eventId)).sort(), [a, b].sort());
    await next.client.shutdown();
  });

  it('keeps working in memory when storage throws (quota, private mode), and reports it', async () => {
    const broken: StorageLike = {
      getItem: () => { throw new Error('SecurityError'); },
      setItem: () => { throw new Error('QuotaExceededError'); },
      removeItem: () => { throw new Error('SecurityError'); },
    };
    const { client, errors } = testClient(server.url, { storage: broken });
    const ev = client.track('custom:x');
    await client.flush();
    assert.ok(server.stored.has(ev!.eventId));
    assert.ok(errors.some((e) => e.code === 'SDK_ERR_STORAGE'));
    assert.ok(errors.every((e) => e.code === 'SDK_ERR_STORAGE'));
    await client.shutdown();
  });

  it('ignores a corrupt stored queue', async () => {
    const storage = new MemoryStorage();
    storage.setItem('lockstep.queue', '{not json');
    const { client } = testClient(server.url, { storage });
    assert.equal(client.pending(), 0);
    client.track('custom:ok');
    assert.deepEqual(await client.flush(), { accepted: 1, dropped: 0, pending: 0 });
    await client.shutdown();
  });
});

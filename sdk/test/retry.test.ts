import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { FakeIngest, sleep, type Planned } from './helpers/fake-ingest.ts';
import { testClient } from './helpers/client.ts';
import { parseRetryAfter } from '../src/transport.ts';

describe('sdk: retry and drop rules', () => {
  let server: FakeIngest;
  before(async () => { server = await FakeIngest.start(); });
  after(async () => { await server.close(); });

  it('retries after a 500 with backoff, and the batch is stored once', async () => {
    const start = server.requests.length;
    const { client, errors } = testClient(server.url, { retry: { baseMs: 100, maxMs: 1000 } });
    server.failNext({ status: 500 }, { status: 503 });
    client.track('search', { query: 'red shoes' });
    client.track('search', { query: 'blue shoes' });
    const first = await client.flush();
    assert.deepEqual(first, { accepted: 0, dropped: 0, pending: 2 }, 'flush resolves after the failed attempt');
    await server.waitFor(() => client.pending() === 0, 5000, 'delivery after retries');
    const mine = server.requests.slice(start);
    assert.deepEqual(mine.map((r) => r.outcome), [500, 503, 200]);
    // Same batch each time (same eventIds): the server can deduplicate.
    assert.deepEqual(mine[0]!.events.map((e) => e.eventId), mine[2]!.events.map((e) => e.eventId));
    const gap1 = mine[1]!.at - mine[0]!.at;
    const gap2 = mine[2]!.at - mine[1]!.at;
    // Equal jitter: attempt n waits between half and all of base·2^(n-1).
    assert.ok(gap1 >= 45 && gap1 < 600, `first retry after ${gap1} ms`);
    assert.ok(gap2 >= 95 && gap2 < 900, `second retry after ${gap2} ms`);
    const failed = errors.filter((e) => e.code === 'SDK_ERR_SEND_FAILED');
    assert.equal(failed.length, 2);
    assert.equal(failed[0]!.status, 500);
    assert.equal(failed[0]!.events?.length, 2);
    assert.ok((failed[0]!.retryInMs ?? 0) > 0);
    await client.shutdown();
  });

  it('retries after the connection is dropped mid-request', async () => {
    const start = server.requests.length;
    const { client, errors } = testClient(server.url);
    server.failNext('drop', 'drop');
    const ev = client.track('add_to_cart', { productId: 'p9', quantity: 1 });
    await client.flush();
    await server.waitFor(() => client.pending() === 0, 5000, 'delivery after dropped connections');
    const mine = server.requests.slice(start);
    assert.deepEqual(mine.map((r) => r.outcome), ['dropped', 'dropped', 200]);
    assert.ok(server.stored.has(ev!.eventId));
    assert.equal(errors.filter((e) => e.code === 'SDK_ERR_SEND_FAILED').length, 2);
    assert.match(errors[0]!.message, /network error/);
    await client.shutdown();
  });

  it('honours Retry-After on 429 (not before, even with a short backoff)', async () => {
    const start = server.requests.length;
    const { client, errors } = testClient(server.url, { retry: { baseMs: 10, maxMs: 20 } });
    server.failNext({ status: 429, headers: { 'retry-after': '1' }, body: { statusCode: 429, code: 'CORE_ERR_RATE_LIMITED', error: 'Too Many Requests', message: 'slow down', requestId: 'r' } });
    client.track('page_view', { url: 'https://shop.example/' });
    await client.flush();
    // A manual flush inside the window does not jump it.
    await sleep(200);
    await client.flush();
    assert.equal(server.requests.length - start, 1);
    await server.waitFor(() => client.pending() === 0, 5000, 'delivery after Retry-After');
    const mine = server.requests.slice(start);
    assert.deepEqual(mine.map((r) => r.outcome), [429, 200]);
    const gap = mine[1]!.at - mine[0]!.at;
    assert.ok(gap >= 1000 && gap < 1600, `retried after ${gap} ms`);
    assert.equal(errors[0]!.serverCode, 'CORE_ERR_RATE_LIMITED');
    assert.ok(errors[0]!.retryInMs! >= 1000);
    await client.shutdown();
  });

  it('drops events the server rejects, reports each, and never sends them again', async () => {
    const start = server.requests.length;
    server.reject((e) => (e.properties as { productId?: string } | undefined)?.productId === 'bad'
      ? { code: 'EVENTS_ERR_INVALID_EVENT', message: 'properties.productId' } : null);
    try {
      const { client, errors } = testClient(server.url);
      client.track('product_view', { productId: 'ok1' });
      const bad = client.track('product_view', { productId: 'bad' });
      client.track('product_view', { productId: 'ok2' });
      const r = await client.flush();
      assert.deepEqual(r, { accepted: 2, dropped: 1, pending: 0 });
      const rejected = errors.filter((e) => e.code === 'SDK_ERR_EVENT_REJECTED');
      assert.equal(rejected.length, 1);
      assert.equal(rejected[0]!.serverCode, 'EVENTS_ERR_INVALID_EVENT');
      assert.equal(rejected[0]!.rejection?.index, 1);
      assert.equal(rejected[0]!.events?.[0]?.eventId, bad!.eventId);
      client.track('product_view', { productId: 'ok3' });
      await client.flush();
      await sleep(150);
      const sent = server.requests.slice(start).flatMap((x) => x.events.map((e) => e.eventId));
      assert.equal(sent.filter((id) => id === bad!.eventId).length, 1, 'the rejected event went out once');
      assert.equal(server.requests.length - start, 2);
      await client.shutdown();
    } finally {
      server.reject(() => null);
    }
  });

  it('drops a batch refused as a whole (401) and reports it; later events still go', async () => {
    const start = server.requests.length;
    const { client, errors } = testClient(server.url);
    server.failNext({ status: 401, body: { statusCode: 401, code: 'CORE_ERR_UNAUTHENTICATED', error: 'Unauthorized', message: 'revoked key', requestId: 'r' } });
    client.track('custom:one');
    client.track('custom:two');
    const r = await client.flush();
    assert.deepEqual(r, { accepted: 0, dropped: 2, pending: 0 });
    const dropped = errors.filter((e) => e.code === 'SDK_ERR_BATCH_DROPPED');
    assert.equal(dropped.length, 1);
    assert.equal(dropped[0]!.status, 401);
    assert.equal(dropped[0]!.serverCode, 'CORE_ERR_UNAUTHENTICATED');
    assert.equal(dropped[0]!.events?.length, 2);
    client.track('custom:three');
    assert.deepEqual(await client.flush(), { accepted: 1, dropped: 0, pending: 0 });
    await sleep(100);
    assert.equal(server.requests.length - start, 2, 'no retry of the refused batch');
    await client.shutdown();
  });

  it('drops a batch after 400 CORE_ERR_VALIDATION and after 403', async () => {
    const { client, errors } = testClient(server.url);
    server.failNext(
      { status: 400, body: { statusCode: 400, code: 'CORE_ERR_VALIDATION', error: 'Bad Request', message: 'x', requestId: 'r' } },
      { status: 403, body: { statusCode: 403, code: 'CORE_ERR_FORBIDDEN', error: 'Forbidden', message: 'x', requestId: 'r' } },
    );
    client.track('custom:a');
    assert.equal((await client.flush()).dropped, 1);
    client.track('custom:b');
    assert.equal((await client.flush()).dropped, 1);
    assert.deepEqual(errors.map((e) => [e.code, e.status]), [['SDK_ERR_BATCH_DROPPED', 400], ['SDK_ERR_BATCH_DROPPED', 403]]);
    await client.shutdown();
  });

  it('sends smaller batches when the server says the batch is too long (400 EVENTS_ERR_BATCH_TOO_LONG) or too large (413)', async () => {
    const start = server.requests.length;
    server.maxBatch = 3;
    try {
      const { client, errors } = testClient(server.url, { flushAt: 1000 });
      for (let i = 0; i < 8; i++) client.track('custom:n', { i });
      const r = await client.flush();
      assert.deepEqual(r, { accepted: 8, dropped: 0, pending: 0 });
      assert.deepEqual(server.requests.slice(start).map((x) => [x.outcome, x.events.length]), [[400, 8], [200, 3], [200, 3], [200, 2]]);
      assert.equal(errors.length, 0);
      const s2 = server.requests.length;
      server.failNext({ status: 413 });
      for (let i = 0; i < 2; i++) client.track('custom:n', { i });
      assert.deepEqual(await client.flush(), { accepted: 2, dropped: 0, pending: 0 });
      assert.deepEqual(server.requests.slice(s2).map((x) => [x.outcome, x.events.length]), [[413, 2], [200, 1], [200, 1]]);
      await client.shutdown();
    } finally {
      server.maxBatch = 500;
    }
  });

  it('gives up on a batch after retry.maxAttempts 5xx answers in a row', async () => {
    const { client, errors } = testClient(server.url, { retry: { baseMs: 10, maxMs: 20, maxAttempts: 3 } });
    server.failNext({ status: 500 }, { status: 500 }, { status: 500 });
    client.track('custom:poison');
    await client.flush();
    await server.waitFor(() => client.pending() === 0, 3000, 'drop after 3 attempts');
    assert.deepEqual(errors.map((e) => e.code), ['SDK_ERR_SEND_FAILED', 'SDK_ERR_SEND_FAILED', 'SDK_ERR_RETRIES_EXHAUSTED']);
    await client.shutdown();
  });

  it('shutdown() delivers what is queued, waiting out a short backoff', async () => {
    const { client } = testClient(server.url, { retry: { baseMs: 50, maxMs: 100 } });
    server.failNext({ status: 502 });
    const ev = client.track('custom:last');
    const r = await client.shutdown(3000);
    assert.deepEqual(r, { accepted: 1, dropped: 0, pending: 0 });
    assert.ok(server.stored.has(ev!.eventId));
    assert.equal(client.track('custom:after'), null, 'no tracking after shutdown');
  });
});

describe('sdk: backoff and Retry-After', () => {
  let server: FakeIngest;
  before(async () => { server = await FakeIngest.start(); });
  after(async () => { await server.close(); });

  const unavailable = (retryAfter?: string): Planned => ({
    status: 503,
    headers: retryAfter === undefined ? {} : { 'retry-after': retryAfter },
    body: { statusCode: 503, code: 'CORE_ERR_DEPENDENCY_DOWN', error: 'Service Unavailable', message: 'store is unavailable', requestId: 'r' },
  });

  it('503 with Retry-After, then 200: waits the server\'s time (not the shorter backoff), then the batch is stored once', async () => {
    const start = server.requests.length;
    const { client, errors } = testClient(server.url, { retry: { baseMs: 10, maxMs: 20 } });
    server.failNext(unavailable('1'));
    const a = client.track('search', { query: 'boots' });
    const b = client.track('add_to_cart', { productId: 'boots-1', quantity: 1 });
    await client.flush();
    await server.waitFor(() => client.pending() === 0, 5000, 'delivery after Retry-After');
    const mine = server.requests.slice(start);
    assert.deepEqual(mine.map((r) => r.outcome), [503, 200]);
    assert.deepEqual(mine[1]!.events.map((e) => e.eventId), [a!.eventId, b!.eventId], 'the same batch, same ids');
    assert.ok(mine[1]!.at - mine[0]!.at >= 1000, `retried after ${mine[1]!.at - mine[0]!.at} ms, before Retry-After`);
    assert.equal(errors.length, 1);
    assert.equal(errors[0]!.code, 'SDK_ERR_SEND_FAILED');
    assert.equal(errors[0]!.status, 503);
    assert.equal(errors[0]!.serverCode, 'CORE_ERR_DEPENDENCY_DOWN');
    // Honoured exactly, plus at most 10 % jitter so that many clients do not come back at once.
    assert.ok(errors[0]!.retryInMs! >= 1000 && errors[0]!.retryInMs! <= 1100, `retryInMs ${errors[0]!.retryInMs}`);
    assert.ok(server.stored.has(a!.eventId) && server.stored.has(b!.eventId));
    await client.shutdown();
  });

  it('Retry-After as an HTTP date is honoured too', async () => {
    const start = server.requests.length;
    const { client, errors } = testClient(server.url, { retry: { baseMs: 10, maxMs: 20 } });
    // HTTP dates have whole seconds: 2 s ahead is always at least 1 s away.
    server.failNext(unavailable(new Date(Date.now() + 2000).toUTCString()));
    client.track('custom:dated');
    await client.flush();
    assert.ok(errors[0]!.retryInMs! > 1000, `retryInMs ${errors[0]!.retryInMs}`);
    const due = server.requests[start]!.at + errors[0]!.retryInMs!;
    await server.waitFor(() => client.pending() === 0, 5000, 'delivery after the date');
    assert.ok(server.requests[start + 1]!.at >= due - 5, 'not before the date');
    await client.shutdown();
  });

  it('a Retry-After beyond retry.maxRetryAfterMs is capped', async () => {
    const { client, errors } = testClient(server.url, { retry: { baseMs: 10, maxMs: 20, maxRetryAfterMs: 100 } });
    server.failNext(unavailable('3600'));
    client.track('custom:capped');
    await client.flush();
    assert.ok(errors[0]!.retryInMs! >= 100 && errors[0]!.retryInMs! <= 110, `retryInMs ${errors[0]!.retryInMs}`);
    await server.waitFor(() => client.pending() === 0, 3000, 'delivery after the capped wait');
    await client.shutdown();
  });

  it('without Retry-After the wait doubles per failure (equal jitter: between half and all of base·2^(n-1), capped at maxMs)', async () => {
    const start = server.requests.length;
    const { client, errors } = testClient(server.url, { retry: { baseMs: 20, maxMs: 100, maxAttempts: 10 } });
    server.failNext(unavailable(), unavailable(), unavailable(), unavailable(), unavailable());
    client.track('custom:backoff');
    await client.flush();
    await server.waitFor(() => client.pending() === 0, 5000, 'delivery after 5 failures');
    const waits = errors.map((e) => e.retryInMs!);
    assert.equal(waits.length, 5);
    const caps = [20, 40, 80, 100, 100];
    waits.forEach((w, i) => assert.ok(w >= caps[i]! / 2 && w <= caps[i]!, `wait ${i + 1} is ${w} ms, expected ${caps[i]! / 2}–${caps[i]}`));
    const mine = server.requests.slice(start);
    assert.deepEqual(mine.map((r) => r.outcome), [503, 503, 503, 503, 503, 200]);
    // Never earlier than announced (timers may only be late).
    for (let i = 1; i < mine.length; i++) assert.ok(mine[i]!.at - mine[i - 1]!.at >= Math.floor(waits[i - 1]!), `attempt ${i + 1} came early`);
    await client.shutdown();
  });

  it('a success resets the backoff: the next failure waits the base delay again', async () => {
    const { client, errors } = testClient(server.url, { retry: { baseMs: 40, maxMs: 1000 } });
    server.failNext(unavailable(), unavailable());
    client.track('custom:one');
    await client.flush();
    await server.waitFor(() => client.pending() === 0, 3000, 'first delivery');
    server.failNext(unavailable());
    client.track('custom:two');
    await client.flush();
    await server.waitFor(() => client.pending() === 0, 3000, 'second delivery');
    const waits = errors.map((e) => e.retryInMs!);
    assert.equal(waits.length, 3);
    assert.ok(waits[1]! >= 40 && waits[1]! <= 80, `second wait ${waits[1]}`);
    assert.ok(waits[2]! >= 20 && waits[2]! <= 40, `after a success the wait starts over: ${waits[2]}`);
    await client.shutdown();
  });

  for (const status of [408, 429, 500, 502, 503, 504]) {
    it(`${status} is retried`, async () => {
      const start = server.requests.length;
      const { client, errors } = testClient(server.url, { retry: { baseMs: 10, maxMs: 20 } });
      server.failNext({ status });
      const ev = client.track('custom:retried');
      await client.flush();
      await server.waitFor(() => client.pending() === 0, 3000, `delivery after ${status}`);
      assert.deepEqual(server.requests.slice(start).map((r) => r.outcome), [status, 200]);
      assert.deepEqual(errors.map((e) => [e.code, e.status]), [['SDK_ERR_SEND_FAILED', status]]);
      assert.ok(server.stored.has(ev!.eventId));
      await client.shutdown();
    });
  }

  for (const status of [400, 401, 403, 404, 405, 409, 410, 415, 422]) {
    it(`${status} is not retried: the batch is dropped and reported`, async () => {
      const start = server.requests.length;
      const { client, errors } = testClient(server.url, { retry: { baseMs: 10, maxMs: 20 } });
      server.failNext({ status, body: { statusCode: status, code: `TEST_${status}`, error: 'Error', message: 'refused', requestId: 'r' } });
      const ev = client.track('custom:refused');
      assert.deepEqual(await client.flush(), { accepted: 0, dropped: 1, pending: 0 });
      await sleep(60); // longer than any backoff of this client
      assert.equal(server.requests.length - start, 1, 'sent once');
      assert.deepEqual(errors.map((e) => [e.code, e.status, e.serverCode]), [['SDK_ERR_BATCH_DROPPED', status, `TEST_${status}`]]);
      assert.equal(errors[0]!.events?.[0]?.eventId, ev!.eventId);
      await client.shutdown();
    });
  }
});

describe('sdk: parseRetryAfter', () => {
  it('reads delta-seconds and HTTP dates; ignores garbage', () => {
    const now = Date.parse('2025-03-01T12:00:00.000Z');
    assert.equal(parseRetryAfter('120', now), 120_000);
    assert.equal(parseRetryAfter(' 0 ', now), 0);
    assert.equal(parseRetryAfter('1.5', now), 1500);
    assert.equal(parseRetryAfter('Sat, 01 Mar 2025 12:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Sat, 01 Mar 2025 11:00:00 GMT', now), 0, 'a date in the past means now');
    assert.equal(parseRetryAfter(null, now), undefined);
    assert.equal(parseRetryAfter('', now), undefined);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter('-5', now), undefined);
  });
});

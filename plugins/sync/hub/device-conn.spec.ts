import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeviceConn, type FrameSink } from './device-conn.ts';
import { TokenBucket } from './token-bucket.ts';
import { MAX_BUFFERED_BYTES, MAX_QUEUED_FRAMES } from '../constants.ts';

function sink(): FrameSink & { sent: string[]; buffer: number; full: boolean } {
  const s = {
    transport: 'ws' as const, sent: [] as string[], buffer: 0, full: false,
    send(json: string) { s.sent.push(json); s.buffer += json.length; return !s.full; },
    buffered: () => s.buffer, close() {}, ping() {},
  };
  return s;
}
const ids = { tenantId: 't', keyId: 'k', anonymousId: 'a', userId: null, deviceId: 'd', channel: null };

test('a device whose buffer passes the limit is marked slow: frames are dropped (bounded memory) until it drains', () => {
  const s = sink();
  const c = new DeviceConn(s, ids, 'p:1', 50);
  assert.equal(c.send({ type: 'pong', serverTime: 1 }), true);
  s.buffer = MAX_BUFFERED_BYTES + 1;
  assert.equal(c.send({ type: 'pong', serverTime: 2 }), false);
  assert.equal(c.slow, true);
  for (let i = 0; i < 10_000; i++) c.send({ type: 'ops', fromSeq: i, seq: i, ops: [] });
  assert.equal(s.sent.length, 1, 'nothing queued for a slow device');
  assert.equal(c.drained(), false);
  s.buffer = 0;
  assert.equal(c.drained(), true);
  c.recover();
  assert.equal(c.send({ type: 'pong', serverTime: 3 }), true);
});

test('a transport that keeps refusing writes counts queued frames and goes slow at the limit', () => {
  const s = sink();
  s.full = true;
  const c = new DeviceConn(s, ids, 'p:1', 50);
  for (let i = 0; i < MAX_QUEUED_FRAMES + 50; i++) c.send({ type: 'pong', serverTime: i });
  assert.equal(s.sent.length, MAX_QUEUED_FRAMES);
  assert.equal(c.slow, true);
});

test('token bucket: a burst of twice the rate, then refusals with the wait until enough tokens are back', () => {
  const b = new TokenBucket(50, 100, 0);
  assert.deepEqual(b.take(100, 0), { ok: true });
  const r = b.take(10, 0);
  assert.equal(r.ok, false);
  assert.equal((r as { retryAfterMs: number }).retryAfterMs, 200);
  assert.deepEqual(b.take(10, 200), { ok: true });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MAX_COUNTER, compareHlc, decodeHlc, encodeHlc, initialHlc, receive, tick, type Hlc } from './hlc.ts';

const T0 = 1_700_000_000_000;
const hlcArb = fc.record({ wall: fc.integer({ min: 0, max: 2 ** 45 }), counter: fc.integer({ min: 0, max: MAX_COUNTER }), node: fc.constantFrom('a', 'b', 'dev-1', 'dev-10', 'Z') });

test('tick is strictly monotonic even when the physical clock stands still or goes back', () => {
  let c = initialHlc('dev-a');
  const seen: Hlc[] = [];
  for (const now of [T0, T0, T0, T0 - 500, T0 + 1, T0 + 1, T0 - 10_000]) {
    const next = tick(c, now);
    assert.ok(compareHlc(next, c) > 0);
    seen.push(next);
    c = next;
  }
  assert.deepEqual(seen.slice(0, 3).map((h) => [h.wall, h.counter]), [[T0, 0], [T0, 1], [T0, 2]]);
  assert.deepEqual([seen[3]!.wall, seen[3]!.counter], [T0, 3], 'a clock going back does not move the HLC back');
  assert.deepEqual([seen[4]!.wall, seen[4]!.counter], [T0 + 1, 0]);
});

test('counter overflow borrows the next millisecond instead of wrapping', () => {
  const next = tick({ wall: T0, counter: MAX_COUNTER, node: 'a' }, T0);
  assert.deepEqual(next, { wall: T0 + 1, counter: 0, node: 'a' });
});

test('receive is greater than both clocks and refuses a remote too far ahead with a typed error', () => {
  const local = { wall: T0, counter: 4, node: 'a' };
  const remote = { wall: T0 + 30_000, counter: 7, node: 'b' };
  const ok = receive(local, remote, T0);
  assert.equal(ok.ok, true);
  if (ok.ok) {
    assert.deepEqual(ok.clock, { wall: T0 + 30_000, counter: 8, node: 'a' });
    assert.ok(compareHlc(ok.clock, remote) > 0 && compareHlc(ok.clock, local) > 0);
  }
  const far = receive(local, { wall: T0 + 60_001, counter: 0, node: 'b' }, T0);
  assert.equal(far.ok, false);
  if (!far.ok) {
    assert.equal(far.error.code, 'SYNC_ERR_CLOCK_DRIFT');
    assert.ok(far.error.code === 'SYNC_ERR_CLOCK_DRIFT' && far.error.driftMs === 60_001);
  }
  assert.equal(receive(local, { wall: T0 + 10, counter: 0, node: 'b' }, T0, 5).ok, false, 'the bound is configurable');
  const bad = receive(local, { wall: -1, counter: 0, node: 'b' }, T0);
  assert.ok(!bad.ok && bad.error.code === 'SYNC_ERR_CLOCK_INVALID');
});

test('property: receive dominates both inputs and tick dominates its input', () => {
  fc.assert(fc.property(hlcArb, hlcArb, fc.integer({ min: 0, max: 2 ** 45 }), (local, remote, now) => {
    const r = receive(local, remote, now, Number.MAX_SAFE_INTEGER);
    assert.ok(r.ok);
    if (r.ok) assert.ok(compareHlc(r.clock, local) > 0 && r.clock.wall >= remote.wall && (r.clock.wall > remote.wall || r.clock.counter > remote.counter));
    assert.ok(compareHlc(tick(local, now), local) > 0);
  }));
});

test('property: the string encoding round-trips and sorts exactly like compareHlc', () => {
  fc.assert(fc.property(hlcArb, hlcArb, (a, b) => {
    const [ea, eb] = [encodeHlc(a), encodeHlc(b)];
    assert.deepEqual(decodeHlc(ea), { ...a });
    assert.equal(Math.sign(ea < eb ? -1 : ea > eb ? 1 : 0), Math.sign(compareHlc(a, b)));
  }));
  assert.equal(decodeHlc('nope'), null);
  assert.throws(() => initialHlc('bad node'), RangeError);
});

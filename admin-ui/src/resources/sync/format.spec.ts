import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatMs, formatPrice, opKindsSummary, parsePersonKey, personKeyOf, relativeTime, seqLag, sortDevices, syncStatus } from './format';

test('durations: ms under a second, then seconds, then minutes; unknown is a dash', () => {
  assert.equal(formatMs(null), '—');
  assert.equal(formatMs(Number.NaN), '—');
  assert.equal(formatMs(0), '0 ms');
  assert.equal(formatMs(42.4), '42 ms');
  assert.equal(formatMs(1234), '1.2 s');
  assert.equal(formatMs(150_000), '2.5 min');
});

test('prices in their currency, plain without one, a dash when unknown', () => {
  assert.equal(formatPrice(12.5, 'EUR', 'en'), '€12.50');
  assert.equal(formatPrice(12.5, null), '12.50');
  assert.equal(formatPrice(null, 'EUR'), '—');
  assert.equal(formatPrice(3, 'ZZZ1', 'en'), '3.00 ZZZ1', 'a code Intl refuses falls back to number and code');
});

test('relative times use the largest whole unit', () => {
  const now = Date.parse('2026-03-01T12:00:00Z');
  assert.equal(relativeTime('2026-03-01T11:59:55Z', now, 'en'), '5 seconds ago');
  assert.equal(relativeTime('2026-03-01T11:57:00Z', now, 'en'), '3 minutes ago');
  assert.equal(relativeTime('2026-02-28T12:00:00Z', now, 'en'), 'yesterday');
  assert.equal(relativeTime('2026-03-01T12:00:00.400Z', now, 'en'), 'now');
  assert.equal(relativeTime(null, now), '—');
  assert.equal(relativeTime('not a date', now), '—');
});

test('sync status follows the last digest check; lag is current minus seen, never negative', () => {
  assert.equal(syncStatus({ inSync: true }), 'in_sync');
  assert.equal(syncStatus({ inSync: false }), 'diverged');
  assert.equal(syncStatus({ inSync: null }), 'unknown');
  assert.equal(seqLag(7, 10), 3);
  assert.equal(seqLag(10, 10), 0);
  assert.equal(seqLag(12, 10), 0);
  assert.equal(seqLag(null, 10), null);
});

test('op kinds in order of first appearance, repeats counted', () => {
  assert.equal(opKindsSummary([{ kind: 'cart.add' }, { kind: 'wishlist.add' }, { kind: 'cart.add' }]), 'cart.add ×2, wishlist.add');
  assert.equal(opKindsSummary([]), '');
});

test('person keys: p: is an identity person, a: an anonymous device', () => {
  assert.deepEqual(parsePersonKey('p:per_abc'), { kind: 'person', value: 'per_abc' });
  assert.deepEqual(parsePersonKey('a:anon-1'), { kind: 'anonymous', value: 'anon-1' });
  assert.deepEqual(parsePersonKey('x'), { kind: 'other', value: 'x' });
  assert.equal(personKeyOf('per_abc'), 'p:per_abc');
});

test('devices: online first, then most recently seen', () => {
  const sorted = sortDevices([
    { deviceId: 'a', online: false, lastSeenAt: '2026-03-01T12:00:00Z' },
    { deviceId: 'b', online: true, lastSeenAt: '2026-03-01T10:00:00Z' },
    { deviceId: 'c', online: true, lastSeenAt: '2026-03-01T11:00:00Z' },
    { deviceId: 'd', online: false, lastSeenAt: null },
  ]);
  assert.deepEqual(sorted.map((d) => d.deviceId), ['c', 'b', 'a', 'd']);
});

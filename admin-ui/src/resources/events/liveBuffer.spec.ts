import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appendLive, propertiesText } from './liveBuffer';
import type { EventSummary } from './types';

const e = (eventId: string): EventSummary => ({
  id: `evt_${eventId}`, eventId, type: 'page_view', channel: 'web', anonymousId: 'a', userId: null, deviceId: null, device: null,
  timestamp: '2026-01-01T00:00:00.000Z', receivedAt: '2026-01-01T00:00:00.000Z', properties: {}, propertyCount: 0,
});

test('pushed events go on top, the last of a batch first', () => {
  const list = appendLive([e('old')], [e('a'), e('b')]);
  assert.deepEqual(list.map((x) => x.eventId), ['b', 'a', 'old']);
});

test('an eventId is shown once; nothing new keeps the same array', () => {
  const current = [e('a')];
  assert.equal(appendLive(current, [e('a')]), current);
  assert.equal(appendLive(current, []), current);
  assert.deepEqual(appendLive(current, [e('b'), e('b')]).map((x) => x.eventId), ['b', 'a']);
});

test('at most max rows; the oldest go', () => {
  const list = appendLive([e('1'), e('2')], [e('3'), e('4')], 3);
  assert.deepEqual(list.map((x) => x.eventId), ['4', '3', '1']);
});

test('properties read as key=value, cut to a length', () => {
  assert.equal(propertiesText({ productId: 'p1', price: 9.5 }), 'productId=p1 · price=9.5');
  const long = propertiesText({ q: 'x'.repeat(200) }, 20);
  assert.equal(long.length, 20);
  assert.ok(long.endsWith('…'));
});

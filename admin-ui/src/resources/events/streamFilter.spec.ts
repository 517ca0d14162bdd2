import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildStreamFilter, personFilter, reconnectDelay, streamUrl } from './streamFilter';

const person = [
  { kind: 'user_id', value: 'u1' },
  { kind: 'anonymous_id', value: 'phone' },
  { kind: 'anonymous_id', value: 'desk' },
  { kind: 'email_hash', value: 'abc' },
];

test('a person streams as their anonymous ids or their user id', () => {
  assert.deepEqual(personFilter(person), { anonymousIds: ['phone', 'desk'], userIds: ['u1'] });
});

test('empty controls send an empty filter (everything); chosen ones are copied', () => {
  assert.deepEqual(buildStreamFilter({ types: [], channels: [], person: null }), {});
  assert.deepEqual(buildStreamFilter({ types: ['search'], channels: ['ios'], person }), { types: ['search'], channels: ['ios'], anonymousIds: ['phone', 'desk'], userIds: ['u1'] });
});

test('a person without device or account identifiers matches nothing instead of everything', () => {
  const filter = buildStreamFilter({ types: [], channels: [], person: [{ kind: 'email_hash', value: 'x' }] });
  assert.equal(filter.anonymousIds?.length, 1);
  assert.equal(filter.userIds, undefined);
});

test('the stream is on the console\'s own origin, wss under https', () => {
  assert.equal(streamUrl({ protocol: 'http:', host: 'localhost:3000' }), 'ws://localhost:3000/api/events/stream');
  assert.equal(streamUrl({ protocol: 'https:', host: 'admin.example' }), 'wss://admin.example/api/events/stream');
});

test('reconnects back off from 0.5 s to at most 15 s', () => {
  assert.deepEqual([0, 1, 2, 10].map(reconnectDelay), [500, 1000, 2000, 15_000]);
});

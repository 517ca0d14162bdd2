import assert from 'node:assert/strict';
import { test } from 'node:test';
import { identifierKey, kindKey, splitProblem } from './split';

const ids = [
  { kind: 'user_id', value: 'u1' },
  { kind: 'anonymous_id', value: 'phone' },
  { kind: 'anonymous_id', value: 'desk' },
];

test('identifiers are named kind:value, as the split call takes them', () => {
  assert.equal(identifierKey(ids[1]), 'anonymous_id:phone');
});

test('a split must move something and keep something', () => {
  assert.equal(splitProblem(new Set(), ids), 'none_selected');
  assert.equal(splitProblem(new Set(['anonymous_id:gone']), ids), 'none_selected', 'unknown identifiers do not count');
  assert.equal(splitProblem(new Set(['anonymous_id:phone']), ids), null);
  assert.equal(splitProblem(new Set(['user_id:u1', 'anonymous_id:phone', 'anonymous_id:desk']), ids), 'all_selected');
});

test('external kinds share one label key', () => {
  assert.equal(kindKey('external:crm'), 'external');
  assert.equal(kindKey('device_id'), 'device_id');
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeMessages } from './merge';

test('later trees win key by key and missing keys fall back', () => {
  const merged = mergeMessages({ ra: { a: 'A', b: 'B', n: { x: 'X' } } }, { ra: { b: '乙', n: { y: 'Y' } } });
  assert.deepEqual(merged, { ra: { a: 'A', b: '乙', n: { x: 'X', y: 'Y' } } });
});

test('inputs are not mutated', () => {
  const base = { ra: { a: 'A' } };
  mergeMessages(base, { ra: { a: 'B' } });
  assert.deepEqual(base, { ra: { a: 'A' } });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { IntKeyIndex } from './int-key-index.ts';

test('gives the same dense ids as a Map, across growth, resets and keys up to 2^53', () => {
  const key = fc.oneof(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 2 ** 31 }), fc.maxSafeNat());
  fc.assert(fc.property(fc.array(fc.array(key, { maxLength: 300 }), { minLength: 1, maxLength: 4 }), (rounds) => {
    const index = new IntKeyIndex(2);
    for (const keys of rounds) {
      index.reset();
      const map = new Map<number, number>();
      for (const k of keys) {
        if (!map.has(k)) map.set(k, map.size);
        assert.equal(index.idOf(k), map.get(k));
      }
      assert.equal(index.size, map.size);
    }
  }));
});

test('keys equal modulo 2^32 stay distinct', () => {
  const index = new IntKeyIndex(4);
  assert.deepEqual([5, 5 + 2 ** 32, 5 + 2 ** 40, 5].map((k) => index.idOf(k)), [0, 1, 2, 0]);
});

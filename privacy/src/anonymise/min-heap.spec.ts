import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { MinHeap } from './min-heap.ts';

test('pops by ascending priority, ties by ascending id', () => {
  fc.assert(fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5 }).map((x) => x / 4), fc.nat(1000))), (pairs) => {
    const heap = new MinHeap();
    for (const [p, id] of pairs) heap.push(p, id);
    const popped: number[] = [];
    while (heap.size) popped.push(heap.pop());
    const sorted = [...pairs].sort((a, b) => a[0] - b[0] || a[1] - b[1]).map(([, id]) => id);
    assert.deepEqual(popped, sorted);
  }));
});

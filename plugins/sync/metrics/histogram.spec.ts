import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CONVERGENCE_BUCKETS_MS, addCounts, bucketOf, emptyCounts, quantile } from './histogram.ts';

test('buckets are increasing; a value lands in the first bucket whose bound holds it', () => {
  for (let i = 1; i < CONVERGENCE_BUCKETS_MS.length; i++) assert.ok(CONVERGENCE_BUCKETS_MS[i]! > CONVERGENCE_BUCKETS_MS[i - 1]!);
  assert.equal(bucketOf(0), 0);
  assert.equal(bucketOf(1), 0);
  assert.equal(CONVERGENCE_BUCKETS_MS[bucketOf(37)]! >= 37, true);
  assert.equal(CONVERGENCE_BUCKETS_MS[bucketOf(37) - 1]! < 37, true);
  assert.equal(bucketOf(10 ** 9), CONVERGENCE_BUCKETS_MS.length);
});

test('p50/p99 of merged histograms are within one bucket (≤ 20 %) of the exact quantiles', () => {
  const a = emptyCounts();
  const b = emptyCounts();
  const values: number[] = [];
  for (let i = 1; i <= 1000; i++) { const v = (i * 7919) % 900 + 1; values.push(v); (i % 2 ? a : b)[bucketOf(v)]!++; }
  const merged = addCounts(addCounts(emptyCounts(), a), b);
  values.sort((x, y) => x - y);
  for (const q of [0.5, 0.99]) {
    const exact = values[Math.ceil(q * values.length) - 1]!;
    const est = quantile(merged, q)!;
    assert.ok(est >= exact && est <= Math.max(exact + 1, exact * 1.2 + 1), `q${q}: ${est} vs ${exact}`);
  }
  assert.equal(quantile(emptyCounts(), 0.5), null);
});

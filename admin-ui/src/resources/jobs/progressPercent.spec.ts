import assert from 'node:assert/strict';
import { test } from 'node:test';
import { progressPercent } from './progressPercent';

test('numbers are clamped percentages', () => {
  assert.equal(progressPercent(42), 42);
  assert.equal(progressPercent(42.6), 43);
  assert.equal(progressPercent(140), 100);
  assert.equal(progressPercent(-3), 0);
});

test('objects are read as percent, percentage or processed/total', () => {
  assert.equal(progressPercent({ percent: 10 }), 10);
  assert.equal(progressPercent({ percentage: 55 }), 55);
  assert.equal(progressPercent({ processed: 1, total: 4 }), 25);
  assert.equal(progressPercent({ processed: 1, total: 0 }), null);
  assert.equal(progressPercent({ stage: 'training' }), null);
  assert.equal(progressPercent(null), null);
});

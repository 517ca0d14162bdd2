import assert from 'node:assert/strict';
import { test } from 'node:test';
import { changeError, initialChange } from './policy-form';
import type { RetentionPolicy } from './types';

const policy = (over: Partial<RetentionPolicy>): RetentionPolicy => ({
  id: 'core_events', collection: 'core_events', owner: 'core', model: 'Event', dateFields: ['receivedAt', 'createdAt', 'updatedAt'],
  declared: { field: 'receivedAt', days: 395 }, override: null, field: 'receivedAt', days: 395, enabled: true, source: 'declared', lastRun: null, ...over,
});

test('the form starts from the override, else the policy in force, else the declared default', () => {
  assert.deepEqual(initialChange(policy({})), { field: 'receivedAt', days: 395, enabled: true });
  const off = policy({ override: { field: 'createdAt', days: 30, enabled: false, updatedAt: null, updatedBy: null }, field: null, days: null, enabled: false, source: 'disabled' });
  assert.deepEqual(initialChange(off), { field: 'createdAt', days: 30, enabled: false });
  assert.deepEqual(initialChange(policy({ declared: null, field: null, days: null, enabled: false, source: 'none' })), { field: 'receivedAt', days: 365, enabled: true });
});

test('days must be a whole number in range and the field a date field', () => {
  const p = policy({});
  assert.equal(changeError({ field: 'receivedAt', days: 0, enabled: true }, p), null);
  for (const days of [-1, 1.5, Number.NaN, 36_501]) assert.equal(changeError({ field: 'receivedAt', days, enabled: true }, p), 'days');
  assert.equal(changeError({ field: 'type', days: 10, enabled: true }, p), 'field');
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canRetry, daysLeft, deadlineState } from './status';

const NOW = Date.parse('2026-05-10T12:00:00Z');

test('deadline state: overdue only while open, soon within the window', () => {
  assert.equal(deadlineState({ status: 'waiting', dueAt: '2026-05-10T11:00:00Z' }, NOW), 'overdue');
  assert.equal(deadlineState({ status: 'completed', dueAt: '2026-05-01T00:00:00Z' }, NOW), 'ok');
  assert.equal(deadlineState({ status: 'received', dueAt: '2026-05-15T00:00:00Z' }, NOW), 'soon');
  assert.equal(deadlineState({ status: 'received', dueAt: '2026-06-09T12:00:00Z' }, NOW), 'ok');
});

test('days left: started days before the deadline, whole days after it (at least one)', () => {
  assert.equal(daysLeft('2026-05-11T00:00:00Z', NOW), 1);
  assert.equal(daysLeft('2026-05-12T13:00:00Z', NOW), 3);
  assert.equal(daysLeft('2026-05-10T11:00:00Z', NOW), -1);
  assert.equal(daysLeft('2026-05-08T11:00:00Z', NOW), -2);
});

test('only waiting and failed requests can be retried', () => {
  assert.deepEqual(['received', 'running', 'waiting', 'failed', 'completed'].filter((s) => canRetry({ status: s as never })), ['waiting', 'failed']);
});

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { healthRows, windowTotals } from './series';
import type { HealthBucket } from './types';

const now = Date.parse('2026-03-01T12:04:30Z');
const bucket = (t: string, over: Partial<HealthBucket> = {}): HealthBucket => ({ t, convergenceP50: 20, convergenceP99: 80, commits: 3, resyncs: 0, digestMismatches: 0, connectedDevices: 2, ...over });

test('one row per minute of the window, ending at the current minute; missing minutes have no convergence and no devices', () => {
  const rows = healthRows({ buckets: [bucket('2026-03-01T12:02:00.000Z', { resyncs: 1 }), bucket('2026-03-01T12:04:00Z')] }, 5, now, 'en');
  assert.deepEqual(rows.map((r) => new Date(r.t).toISOString().slice(11, 16)), ['12:00', '12:01', '12:02', '12:03', '12:04']);
  assert.equal(rows[0]!.p50, null);
  assert.equal(rows[0]!.connectedDevices, 0);
  assert.equal(rows[0]!.resyncs, 0);
  assert.deepEqual([rows[2]!.p50, rows[2]!.p99, rows[2]!.resyncs, rows[2]!.connectedDevices], [20, 80, 1, 2]);
  assert.equal(rows[4]!.commits, 3);
});

test('buckets outside the window are dropped; two reports of one minute add counts and keep the worst percentile', () => {
  const rows = healthRows({ buckets: [
    bucket('2026-03-01T11:00:00Z'),
    bucket('2026-03-01T12:03:10Z', { convergenceP99: 100, commits: 1, connectedDevices: 1 }),
    bucket('2026-03-01T12:03:00Z', { convergenceP99: 300, convergenceP50: null, commits: 2, connectedDevices: 4 }),
  ] }, 2, now);
  assert.equal(rows.length, 2);
  assert.deepEqual([rows[0]!.p99, rows[0]!.p50, rows[0]!.commits, rows[0]!.connectedDevices], [300, 20, 3, 4]);
  assert.equal(rows[1]!.commits, 0);
});

test('window totals: sums of counts, the worst p99 and the peak of connected devices', () => {
  assert.deepEqual(windowTotals([bucket('a', { resyncs: 2, digestMismatches: 1 }), bucket('b', { convergenceP99: null, connectedDevices: 5 })]), {
    commits: 6, resyncs: 2, digestMismatches: 1, worstP99: 80, peakDevices: 5,
  });
  assert.deepEqual(windowTotals([]), { commits: 0, resyncs: 0, digestMismatches: 0, worstP99: null, peakDevices: null });
});

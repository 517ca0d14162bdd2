import assert from 'node:assert/strict';
import { test } from 'node:test';
import { volumeRange, volumeRows } from './volumeSeries';
import type { VolumeAnswer } from './types';

test('every bucket gets a number for every channel', () => {
  const answer: VolumeAnswer = {
    bucket: 'hour', from: '2026-01-01T00:00:00.000Z', to: '2026-01-01T02:00:00.000Z', utcOffset: 0, channels: ['web', 'ios'],
    buckets: [{ at: '2026-01-01T00:00:00.000Z', total: 3, counts: { web: 3 } }, { at: '2026-01-01T01:00:00.000Z', total: 1, counts: { ios: 1 } }],
    totals: { web: 3, ios: 1 }, total: 4,
  };
  const rows = volumeRows(answer);
  assert.deepEqual(rows.map(({ at, web, ios }) => ({ at, web, ios })), [
    { at: '2026-01-01T00:00:00.000Z', web: 3, ios: 0 },
    { at: '2026-01-01T01:00:00.000Z', web: 0, ios: 1 },
  ]);
  assert.ok(rows.every((r) => typeof r.label === 'string' && r.label.length > 0));
});

test('24 hours are 24 hour buckets from the start of an hour; days start at local midnight', () => {
  const now = new Date(2026, 2, 10, 15, 42, 7);
  const day = volumeRange('24h', now);
  assert.equal(day.bucket, 'hour');
  assert.equal(day.to, now.toISOString());
  const from = new Date(day.from);
  assert.equal(from.getMinutes(), 0);
  assert.equal((now.getTime() - from.getTime()) / 3_600_000 > 23, true);
  assert.equal(day.utcOffset, -now.getTimezoneOffset());
  const week = volumeRange('7d', now);
  assert.equal(week.bucket, 'day');
  const start = new Date(week.from);
  assert.deepEqual([start.getHours(), start.getMinutes(), start.getDate()], [0, 0, 4]);
});

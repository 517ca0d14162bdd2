import assert from 'node:assert/strict';
import { test } from 'node:test';
import { channelMatrix, dailySeries, percent } from './series';

const stats = {
  from: '2026-11-20T00:00:00.000Z',
  to: '2026-11-23T15:00:00.000Z',
  timeline: [
    { day: '2026-11-21', purpose: 'marketing', granted: 2, withdrawn: 1 },
    { day: '2026-11-21', purpose: 'analytics', granted: 0, withdrawn: 3 },
    { day: '2026-11-23', purpose: 'marketing', granted: 1, withdrawn: 0 },
  ],
};

test('the daily series covers every day of the window, summed over purposes or for one', () => {
  const all = dailySeries(stats, null);
  assert.deepEqual(all.map((r) => r.day), ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23']);
  assert.deepEqual(all[1], { day: '2026-11-21', granted: 2, withdrawn: 4 });
  assert.deepEqual(all[2], { day: '2026-11-22', granted: 0, withdrawn: 0 });
  const marketing = dailySeries(stats, 'marketing');
  assert.deepEqual(marketing.map((r) => [r.granted, r.withdrawn]), [[0, 0], [2, 1], [0, 0], [1, 0]]);
});

test('percentages and the channel matrix', () => {
  assert.equal(percent(null), '—');
  assert.equal(percent(0.666), '67%');
  const m = channelMatrix({ channels: [
    { channel: 'web', purpose: 'marketing', granted: 1, denied: 1, rate: 0.5 },
    { channel: 'ios', purpose: 'analytics', granted: 0, denied: 2, rate: 0 },
  ] });
  assert.deepEqual(m.channels, ['ios', 'web']);
  assert.deepEqual(m.purposes, ['analytics', 'marketing']);
  assert.equal(m.cell('web', 'marketing')?.rate, 0.5);
  assert.equal(m.cell('web', 'analytics'), undefined);
});

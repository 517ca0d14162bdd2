import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupDevices } from './devices';
import type { Device } from './types';

const at = (min: number) => new Date(Date.UTC(2026, 0, 1, 10, min)).toISOString();
const anon = (id: string, channel: string, screen: string, first: number, last = first): Device => ({ anonymousId: id, deviceId: null, channel, screen, os: screen === 'phone' ? 'iOS' : 'Linux', firstSeenAt: at(first), lastSeenAt: at(last) });
const dev = (id: string, channel: string, screen: string, first: number, last = first): Device => ({ anonymousId: null, deviceId: id, channel, screen, os: screen === 'phone' ? 'iOS' : 'Linux', firstSeenAt: at(first), lastSeenAt: at(last) });

test('an anonymousId and a deviceId of the same kind of device, seen together, are one device', () => {
  const rows = groupDevices([anon('a-phone', 'ios', 'phone', 0, 5), dev('d-phone', 'ios', 'phone', 0, 6), anon('a-desk', 'web', 'desktop', 2, 9), dev('d-desk', 'web', 'desktop', 2, 3)]);
  assert.deepEqual(rows.map((r) => [r.key, r.anonymousId, r.deviceId, r.lastSeenAt]), [
    ['a-desk', 'a-desk', 'd-desk', at(9)],
    ['a-phone', 'a-phone', 'd-phone', at(6)],
  ]);
});

test('different device signatures or far-apart first sightings stay separate rows', () => {
  assert.equal(groupDevices([anon('a', 'ios', 'phone', 0), dev('d', 'web', 'desktop', 0)]).length, 2);
  assert.equal(groupDevices([anon('a', 'ios', 'phone', 0), dev('d', 'ios', 'phone', 30)]).length, 2);
});

test('two phones of one model pair each anonymousId with the nearest deviceId', () => {
  const rows = groupDevices([anon('a1', 'ios', 'phone', 0), anon('a2', 'ios', 'phone', 8), dev('d2', 'ios', 'phone', 8), dev('d1', 'ios', 'phone', 1)]);
  assert.deepEqual(rows.map((r) => `${r.anonymousId}+${r.deviceId}`).sort(), ['a1+d1', 'a2+d2']);
});

test('entries that already carry both ids are kept as they are', () => {
  const both: Device = { anonymousId: 'a', deviceId: 'd', channel: 'web', firstSeenAt: at(0), lastSeenAt: at(1) };
  assert.deepEqual(groupDevices([both]).map((r) => r.key), ['a']);
});

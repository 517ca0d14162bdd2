import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { StoredEvent } from '../../../server/src/core/plugin-contract.ts';
import {
  attachRefusal, attributionRef, chooseSurvivor, coalesce, emailHash, flatTraits, isBlocked, isLinkable, mergeRefusal, normalizeSettings,
  observationOf, parseRefKey, refProblem, storedTraits, type PersonShape,
} from './merge-rules.ts';

const defaults = normalizeSettings({});
const person = (id: string, counts: Record<string, number>, createdAt: number, userId: string | null = null): PersonShape => ({ id, userId, counts, createdAt: new Date(createdAt) });
const event = (over: Partial<StoredEvent> = {}): StoredEvent => ({
  id: 'evt_1', tenantId: 't', eventId: `e-${Math.random().toString(36).slice(2)}`, type: 'page_view', anonymousId: 'anon-1', userId: null, deviceId: null,
  personId: null, channel: 'web', device: null, timestamp: new Date('2026-01-01T10:00:00Z'), receivedAt: new Date('2026-01-01T10:00:01Z'),
  properties: {}, traits: null, context: null, ...over,
});

test('blocked values: the defaults, case-insensitive and trimmed; a blank value is always blocked', () => {
  for (const v of ['guest', 'GUEST', ' Anonymous ', 'null', 'n/a', '0', '   ']) assert.equal(isBlocked(v, defaults), true, v);
  for (const v of ['guest-42', 'alice', '00']) assert.equal(isBlocked(v, defaults), false, v);
  const custom = normalizeSettings({ blockedValues: ['Shop-Tablet'] });
  assert.equal(isBlocked('shop-tablet', custom), true);
  assert.equal(isBlocked('guest', custom), false, 'a tenant list replaces the defaults');
});

test('identifier keys parse back, external namespaces included; bad ones are named', () => {
  assert.deepEqual(parseRefKey('anonymous_id:abc:def'), { kind: 'anonymous_id', value: 'abc:def' });
  assert.deepEqual(parseRefKey('external:crm:42'), { kind: 'external:crm', value: '42' });
  assert.equal(parseRefKey('phone:123'), null);
  assert.equal(parseRefKey('user_id'), null);
  assert.match(refProblem('phone', 'x')!, /kind "phone"/);
  assert.match(refProblem('email_hash', 'a@b.c')!, /sha256/);
  assert.equal(refProblem('email_hash', emailHash('A@B.co')), null);
  assert.equal(emailHash(' Alice@Example.COM '), emailHash('alice@example.com'));
});

test('survivor: the person holding the highest-priority kind; a tie goes to the older person', () => {
  const older = person('prs_a', { anonymous_id: 3 }, 1000);
  const newer = person('prs_b', { anonymous_id: 1, user_id: 1 }, 2000, 'u1');
  assert.equal(chooseSurvivor([older, newer], defaults.identifierPriority).id, 'prs_b');
  assert.equal(chooseSurvivor([newer, person('prs_c', { anonymous_id: 1 }, 500)], ['anonymous_id', 'user_id']).id, 'prs_c', 'tenant priority decides');
  assert.equal(chooseSurvivor([person('prs_y', { device_id: 1 }, 3000), person('prs_x', { device_id: 1 }, 1000)], defaults.identifierPriority).id, 'prs_x');
  assert.equal(chooseSurvivor([person('prs_e', { anonymous_id: 1 }, 9), person('prs_f', { 'external:crm': 1 }, 10)], defaults.identifierPriority).id, 'prs_f');
});

test('never two different userIds; limits per identifier type', () => {
  const s = normalizeSettings({ maxAnonymousIdsPerPerson: 3, maxDeviceIdsPerPerson: 1 });
  assert.equal(mergeRefusal(person('a', {}, 0, 'u1'), person('b', {}, 0, 'u2'), s), 'distinct_user_ids');
  assert.equal(mergeRefusal(person('a', {}, 0, 'u1'), person('b', {}, 0, 'u1'), s), null);
  assert.equal(mergeRefusal(person('a', { anonymous_id: 2 }, 0), person('b', { anonymous_id: 1 }, 0), s), null);
  assert.equal(mergeRefusal(person('a', { anonymous_id: 2 }, 0), person('b', { anonymous_id: 2 }, 0), s), 'max_anonymous_ids');
  assert.equal(mergeRefusal(person('a', { device_id: 1 }, 0), person('b', { device_id: 1 }, 0), s), 'max_device_ids');
  assert.equal(attachRefusal(person('a', {}, 0, 'u1'), { kind: 'user_id', value: 'u2' }, s), 'distinct_user_ids');
  assert.equal(attachRefusal(person('a', {}, 0, 'u1'), { kind: 'user_id', value: 'u1' }, s), null);
  assert.equal(attachRefusal(person('a', { anonymous_id: 3 }, 0), { kind: 'anonymous_id', value: 'x' }, s), 'max_anonymous_ids');
  assert.equal(attachRefusal(person('a', { anonymous_id: 2 }, 0), { kind: 'anonymous_id', value: 'x' }, s), null);
});

test('a split identifier is pinned: track events never move it, only an identify received after the split', () => {
  const splitAt = new Date('2026-01-01T12:00:00Z');
  const pinned = { splitAt };
  assert.equal(isLinkable(pinned, { mode: 'track', receivedAt: new Date('2026-01-02T00:00:00Z') }), false);
  assert.equal(isLinkable(pinned, { mode: 'identify', receivedAt: new Date('2026-01-01T11:59:59Z') }), false, 'a late or redelivered old identify');
  assert.equal(isLinkable(pinned, { mode: 'identify', receivedAt: new Date('2026-01-01T12:00:01Z') }), true);
  assert.equal(isLinkable({ splitAt: null }, { mode: 'identify', receivedAt: new Date(0) }), true);
  assert.equal(isLinkable(undefined, { mode: 'track', receivedAt: new Date() }), false);
});

test('an event yields its identifiers in priority order; blocked ones are set aside; the email hash only with mergeOnEmail', () => {
  const e = event({ type: 'identify', userId: 'guest', anonymousId: 'anon-7', deviceId: 'dev-1', traits: { email: 'A@x.io', name: 'Ann', plan: 'gold', 'bad.key': 1 } });
  const off = observationOf(e, defaults);
  assert.deepEqual(off.ids.map((r) => r.kind), ['device_id', 'anonymous_id']);
  assert.deepEqual(off.blocked, [{ kind: 'user_id', value: 'guest' }]);
  assert.deepEqual(off.traits, { email: 'A@x.io', name: 'Ann', plan: 'gold' });
  const on = observationOf({ ...e, userId: 'u-7' }, normalizeSettings({ mergeOnEmail: true }));
  assert.deepEqual(on.ids.map((r) => r.kind), ['user_id', 'email_hash', 'device_id', 'anonymous_id']);
  assert.equal(on.ids[1].value, emailHash('a@x.io'));
  assert.equal(attributionRef(on.ids)!.kind, 'user_id');
  assert.equal(attributionRef(off.ids)!.kind, 'anonymous_id', 'without a userId the device decides');
  assert.equal(observationOf(event({ traits: { email: 'x@y.z' } }), normalizeSettings({ mergeOnEmail: true })).traits, null, 'traits only on identify');
});

test('activity time is the client clock, never later than the server clock', () => {
  const future = observationOf(event({ timestamp: new Date('2026-01-01T10:04:00Z') }), defaults);
  assert.equal(future.at.toISOString(), '2026-01-01T10:00:01.000Z');
  assert.equal(observationOf(event(), defaults).at.toISOString(), '2026-01-01T10:00:00.000Z');
});

test('runs of track events of one device coalesce; identify and alias stay separate and in order', () => {
  const groups = coalesce([
    event({ timestamp: new Date('2026-01-01T09:00:00Z') }), event({ type: 'add_to_cart' }), event({ type: 'identify', userId: 'u1' }),
    event({ channel: 'ios' }), event({ timestamp: new Date('2026-01-01T09:30:00Z') }), event({ type: 'alias', userId: 'u1', properties: { previousId: 'old' } }),
  ], defaults);
  assert.deepEqual(groups.map((g) => [g.obs.mode, g.eventIds.length]), [['track', 3], ['identify', 1], ['track', 1], ['alias', 1]]);
  assert.equal(groups[0].obs.firstAt.toISOString(), '2026-01-01T09:00:00.000Z');
  assert.equal(groups[0].obs.at.toISOString(), '2026-01-01T10:00:00.000Z');
  assert.equal((groups[3].obs as { aliasFrom?: string }).aliasFrom, 'old');
});

test('traits are stored by category and read back flat', () => {
  const flat = { email: 'a@b.co', name: 'A', phone: '+1', address: { city: 'X' }, plan: 'gold' };
  assert.deepEqual(storedTraits(flat), { email: 'a@b.co', name: 'A', phone: '+1', address: { city: 'X' }, other: { plan: 'gold' } });
  assert.deepEqual(flatTraits(storedTraits(flat) as any), flat);
  assert.deepEqual(flatTraits(null), {});
});

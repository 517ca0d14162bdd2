import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import type { Model } from 'mongoose';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { buildWorld, call, type Headers, type World } from '../helpers/matrix.ts';
import { startWorkerRuntime, type WorkerRuntime } from '../../workers/src/worker-runtime.ts';
import type { BusEvent } from '../../server/src/core/event-bus.ts';
import type { PluginContext } from '../../server/src/core/plugin-contract.ts';
import identityPlugin from '../../plugins/identity/index.ts';
import { identityServices } from '../../plugins/identity/services/services.ts';
import { createIdentityApi } from '../../plugins/identity/services/identity-api.ts';
import { emailHash, normalizeSettings } from '../../plugins/identity/services/merge-rules.ts';

/**
 * The identity plugin end to end: events through POST /v1/events with the publishable key → the identity-events
 * queue → a real BullMQ worker (in this process) → persons, identifiers and merge records; then the REST API
 * as each kind of principal. See docs/identity.md.
 */
const I = '/api/plugins/identity';
let t: TestApp;
let w: World;
let worker: WorkerRuntime;
let ctx: PluginContext;
let Events: Model<any>;
let pk: Headers;
const bus: BusEvent<any>[] = [];
const uniq = (p: string) => `${p}-${randomUUID().slice(0, 8)}`;

const ev = (type: string, who: { anonymousId?: string; userId?: string; deviceId?: string }, extra: Record<string, unknown> = {}) => ({
  eventId: `e-${randomUUID()}`, type, channel: 'web', timestamp: new Date().toISOString(),
  properties: type === 'product_view' ? { productId: 'p-1', price: 10, currency: 'EUR' } : type === 'search' ? { query: 'shoes' } : {}, ...who, ...extra,
});

async function waitFor<T>(what: string, probe: () => Promise<T>, ms = 30_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) return last as NonNullable<T>;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
}

/** Sends a batch with the publishable key and waits until the identity worker attributed every event. */
async function send(events: ReturnType<typeof ev>[]): Promise<void> {
  const res = await t.app.inject({ method: 'POST', url: '/v1/events', headers: pk, payload: { events } });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().accepted.length, events.length, res.body);
  const ids = events.map((e) => e.eventId);
  await waitFor(`attribution of ${ids.length} events`, async () => (await Events.countDocuments({ tenantId: w.tenantA, eventId: { $in: ids }, personId: { $ne: null } })) === ids.length);
}

const api = async (method: 'GET' | 'POST' | 'PUT', url: string, headers: Headers, payload?: unknown) =>
  t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
const resolve = async (kind: string, value: string, headers: Headers = w.headers.platformOwner) =>
  (await api('GET', `${I}/resolve?kind=${kind}&value=${encodeURIComponent(value)}`, headers)).json().personId as string | undefined;
const personOfEvent = async (eventId: string) => (await Events.findOne({ tenantId: w.tenantA, eventId }).lean<any>())?.personId as string | null;

before(async () => {
  t = await buildTestApp();
  w = await buildWorld(t);
  pk = { authorization: `Bearer ${t.config.LOCKSTEP_DEMO_PUBLISHABLE_KEY}` };
  Events = t.app.lockstep.models.Event;
  ctx = t.app.lockstep.host.contexts.get('identity')!;
  assert.ok(ctx, 'the identity plugin is discovered in plugins/ and active');
  for (const topic of ['identity.merged', 'identity.split', 'identity.person_created']) t.app.lockstep.bus.subscribe(topic, (e) => { bus.push(e); });
  worker = await startWorkerRuntime(t.config, pino({ level: 'silent' }), { skipTf: true });
  assert.ok(worker.queues.includes('identity-events'), `the worker serves identity-events: ${worker.queues.join(', ')}`);
});
after(async () => {
  await worker?.close();
  await t?.close();
});

describe('a shopper on two devices and two channels', () => {
  const phone = uniq('phone');
  const desktop = uniq('desktop');
  const user = uniq('user');
  let personId: string;
  const browsing = { phone: [] as string[], desktop: [] as string[], desktopIdentified: '' };

  test('anonymous browsing, then a login on each device: one person with both devices', async () => {
    const p1 = ev('product_view', { anonymousId: phone }, { channel: 'ios', device: { os: 'iOS 18', appVersion: '3.2.0', screen: 'phone' } });
    const p2 = ev('search', { anonymousId: phone }, { channel: 'ios', device: { os: 'iOS 18', appVersion: '3.2.0', screen: 'phone' } });
    const d1 = ev('page_view', { anonymousId: desktop }, { device: { os: 'macOS', screen: 'desktop' } });
    await send([p1, p2, d1]);
    browsing.phone.push(p1.eventId, p2.eventId);
    browsing.desktop.push(d1.eventId);
    assert.notEqual(await personOfEvent(p1.eventId), await personOfEvent(d1.eventId), 'two anonymous devices are two persons');

    await send([ev('identify', { anonymousId: phone, userId: user }, { channel: 'ios', traits: { email: 'Ann@Example.com', name: 'Ann', plan: 'gold' } })]);
    const loginDesktop = ev('identify', { anonymousId: desktop, userId: user });
    await send([loginDesktop]);
    browsing.desktopIdentified = loginDesktop.eventId;

    personId = (await resolve('user_id', user))!;
    assert.ok(personId?.startsWith('prs_'), 'the userId resolves to a person');
    assert.equal(await resolve('anonymous_id', phone), personId);
    assert.equal(await resolve('anonymous_id', desktop), personId);

    const detail = (await call(t, { method: 'GET', url: `${I}/persons/${personId}`, headers: w.headers.merchant }, 200)).json();
    assert.equal(detail.userId, user);
    assert.deepEqual([...detail.channels].sort(), ['ios', 'web']);
    assert.equal(detail.identifierCount, 3);
    assert.equal(detail.identifiers.length, 3);
    assert.equal(detail.traits.name, 'Ann');
    assert.equal(detail.traits.plan, 'gold');
    const devices = Object.fromEntries(detail.devices.map((d: any) => [d.anonymousId, d]));
    assert.deepEqual(Object.keys(devices).sort(), [desktop, phone].sort());
    assert.equal(devices[phone].channel, 'ios');
    assert.equal(devices[phone].screen, 'phone');
    assert.equal(devices[phone].os, 'iOS 18');
    assert.equal(devices[desktop].channel, 'web');
    assert.equal(devices[desktop].screen, 'desktop');
    assert.ok(devices[phone].firstSeenAt <= devices[phone].lastSeenAt, 'first seen ≤ last seen');
  });

  test('every event, the anonymous ones from before the login included, is attributed to the person', async () => {
    for (const id of [...browsing.phone, ...browsing.desktop, browsing.desktopIdentified]) assert.equal(await personOfEvent(id), personId, id);
    const events = (await call(t, { method: 'GET', url: `${I}/persons/${personId}/events?limit=50`, headers: w.headers.analyst }, 200)).json();
    assert.equal(events.length, 5);
    assert.ok(events.every((e: any) => e.personId === personId), 'every listed event carries the person id');
    assert.ok(events[0].receivedAt >= events[4].receivedAt, 'newest first');
    const page = (await call(t, { method: 'GET', url: `${I}/persons/${personId}/events?limit=2`, headers: w.headers.analyst }, 200)).json();
    assert.equal(page.length, 2);
  });

  test('the merge is recorded with its cause and published on the bus', async () => {
    const merges = (await call(t, { method: 'GET', url: `${I}/persons/${personId}/merges`, headers: w.headers.complianceOfficer }, 200)).json();
    // The phone's login attached the userId to the phone's person; the desktop's login merged the desktop's person in.
    assert.equal(merges.length, 1, JSON.stringify(merges));
    assert.ok(merges.every((m: any) => m.action === 'merge' && m.cause === 'identify' && m.intoPersonId === personId && m.eventId === browsing.desktopIdentified), "one merge, caused by the desktop's identify");
    assert.deepEqual(merges[0].identifiers, [`anonymous_id:${desktop}`]);
    const absorbed = merges.map((m: any) => m.fromPersonId);
    await waitFor('identity.merged on the API instance', async () => absorbed.every((id: string) => bus.some((e) => e.topic === 'identity.merged' && e.payload.fromPersonId === id)));
    const tomb = (await call(t, { method: 'GET', url: `${I}/persons/${absorbed[0]}`, headers: w.headers.merchant }, 200)).json();
    assert.equal(tomb.mergedInto, personId, 'a merged id answers with mergedInto');
    assert.deepEqual(tomb.identifiers, []);
  });

  test('the list finds the person by any identifier, person id, email, and channel; merged tombstones are excluded', async () => {
    const list = async (filter: Record<string, unknown>, extra = '') => {
      const res = await call(t, { method: 'GET', url: `${I}/persons?filter=${encodeURIComponent(JSON.stringify(filter))}${extra}`, headers: w.headers.analyst }, 200);
      return { ids: res.json().map((p: any) => p.id) as string[], range: String(res.headers['content-range']) };
    };
    for (const q of [user, phone, desktop, personId, 'ann@example.com']) assert.deepEqual((await list({ q })).ids, [personId], q);
    assert.deepEqual((await list({ q: 'nobody-at-all' })).ids, []);
    const ios = await list({ channel: 'ios' }, '&range=[0,499]');
    assert.ok(ios.ids.includes(personId), 'the channel filter finds the person');
    assert.match(ios.range, /^persons 0-\d+\/\d+$/);
    const all = await list({}, '&range=[0,499]');
    const tombstones = await ctx.model('Person').find({ tenantId: w.tenantA, mergedInto: { $ne: null } }).select('_id').lean<{ _id: string }[]>();
    assert.ok(tombstones.length > 0 && tombstones.every((x) => !all.ids.includes(x._id)), 'merged tombstones are not listed');
    const bad = await api('GET', `${I}/persons?sort=${encodeURIComponent('["password","ASC"]')}`, w.headers.analyst);
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'CORE_ERR_INVALID_LIST_QUERY');
  });

  test('an operator splits the desktop off: its anonymous events move, its logged-in events stay, bus hears it', async () => {
    const res = await call(t, { method: 'POST', url: `${I}/persons/${personId}/split`, headers: w.headers.merchant, payload: { identifiers: [`anonymous_id:${desktop}`] } }, 200);
    const { newPersonId } = res.json();
    assert.equal(res.json().personId, personId);
    assert.ok(newPersonId.startsWith('prs_') && newPersonId !== personId, 'a new person');
    assert.equal(await resolve('anonymous_id', desktop), newPersonId, 'the resolution cache was invalidated');
    for (const id of browsing.desktop) assert.equal(await personOfEvent(id), newPersonId, 'anonymous desktop events re-attributed');
    assert.equal(await personOfEvent(browsing.desktopIdentified), personId, 'an event with the userId stays with the user');
    for (const id of browsing.phone) assert.equal(await personOfEvent(id), personId);
    await waitFor('identity.split on the bus', async () => bus.some((e) => e.topic === 'identity.split' && e.payload.newPersonId === newPersonId && e.payload.identifiers.includes(`anonymous_id:${desktop}`)));
    const [before, after] = await Promise.all([personId, newPersonId].map(async (id) => (await call(t, { method: 'GET', url: `${I}/persons/${id}`, headers: w.headers.merchant }, 200)).json()));
    assert.equal(before.identifierCount, 2);
    assert.equal(after.identifierCount, 1);
    assert.deepEqual(after.channels, ['web']);
    assert.equal(after.userId, null);
    const split = (await call(t, { method: 'GET', url: `${I}/merges?filter=${encodeURIComponent(JSON.stringify({ action: 'split' }))}`, headers: w.headers.analyst }, 200)).json();
    assert.ok(split.some((m: any) => m.fromPersonId === personId && m.intoPersonId === newPersonId && m.cause === 'operator' && m.actor === w.userIds.merchant), 'the split is recorded with the operator');

    // The very next events of that device do not merge it back, even when they carry the userId …
    const next = ev('page_view', { anonymousId: desktop, userId: user });
    const anon = ev('page_view', { anonymousId: desktop });
    await send([next, anon]);
    assert.equal(await resolve('anonymous_id', desktop), newPersonId);
    assert.equal(await personOfEvent(next.eventId), personId, 'an event with the userId belongs to the user');
    assert.equal(await personOfEvent(anon.eventId), newPersonId);
    // … nor does a redelivered identify from before the split …
    const settings = normalizeSettings(await ctx.settings(w.tenantA));
    const old = new Date(Date.now() - 3600_000);
    await identityServices(ctx).stitcher.observe(w.tenantA, {
      ids: [{ kind: 'user_id', value: user }, { kind: 'anonymous_id', value: desktop }], blocked: [], mode: 'identify', firstAt: old, at: old, receivedAt: old,
      channel: 'web', device: null, traits: null, eventId: browsing.desktopIdentified,
    }, settings);
    assert.equal(await resolve('anonymous_id', desktop), newPersonId, 'an identify older than the split does not re-merge');
    // … only a new identify does.
    await send([ev('identify', { anonymousId: desktop, userId: user })]);
    assert.equal(await resolve('anonymous_id', desktop), personId);
    assert.equal(await personOfEvent(anon.eventId), personId, 'and the device\'s anonymous events follow it back');
    const pin = await ctx.model('Identifier').findOne({ tenantId: w.tenantA, kind: 'anonymous_id', value: desktop }).lean<any>();
    assert.equal(pin.splitAt, null, 'the pin is spent');
  });

  test('split errors: unknown or malformed identifiers, emptying the person, an empty list, a merged or foreign id', async () => {
    const url = `${I}/persons/${personId}/split`;
    const cases: [unknown, number, string][] = [
      [{ identifiers: ['anonymous_id:not-his'] }, 400, 'IDENTITY_ERR_SPLIT_INVALID'],
      [{ identifiers: [`user_id:${user}`, `anonymous_id:${phone}`, `anonymous_id:${desktop}`] }, 400, 'IDENTITY_ERR_SPLIT_INVALID'],
      [{ identifiers: ['phone:+123'] }, 400, 'IDENTITY_ERR_INVALID_IDENTIFIER'],
      [{ identifiers: [] }, 400, 'CORE_ERR_VALIDATION'],
      [{ identifiers: [{ kind: 'anonymous_id' }] }, 400, 'CORE_ERR_VALIDATION'],
      [{}, 400, 'CORE_ERR_VALIDATION'],
    ];
    for (const [payload, status, code] of cases) {
      const res = await api('POST', url, w.headers.merchant, payload);
      assert.equal(res.statusCode, status, `${JSON.stringify(payload)}: ${res.body}`);
      assert.equal(res.json().code, code);
      assert.ok(res.json().message.length > 10, 'a message that says what is wrong');
    }
    const merged = (await ctx.model('Person').findOne({ tenantId: w.tenantA, mergedInto: { $ne: null } }).lean<any>())._id;
    assert.equal((await api('POST', `${I}/persons/${merged}/split`, w.headers.merchant, { identifiers: [`anonymous_id:${phone}`] })).json().code, 'IDENTITY_ERR_NOT_FOUND');
    assert.equal((await api('POST', url, w.headers.tenantOwner, { identifiers: [`anonymous_id:${phone}`] })).json().code, 'IDENTITY_ERR_NOT_FOUND');
    assert.equal(await resolve('anonymous_id', phone), personId, 'nothing moved');
  });
});

describe('merge rules', () => {
  test('blocked values are never stitched; on identify the refusal is recorded', async () => {
    const device = uniq('kiosk');
    const e = ev('identify', { anonymousId: device, userId: 'Guest' });
    await send([e]);
    assert.equal(await resolve('user_id', 'Guest'), undefined);
    const res = await api('GET', `${I}/resolve?kind=user_id&value=Guest`, w.headers.analyst);
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().code, 'IDENTITY_ERR_NOT_FOUND');
    const person = await personOfEvent(e.eventId);
    assert.equal(person, await resolve('anonymous_id', device));
    const conflicts = (await call(t, { method: 'GET', url: `${I}/merges?action=conflict&range=[0,499]`, headers: w.headers.analyst }, 200)).json();
    assert.ok(conflicts.some((c: any) => c.rule === 'blocked_value' && c.identifiers.includes('user_id:Guest') && c.intoPersonId === person && c.eventId === e.eventId), 'a blocked_value conflict naming the identifier and event');
    // An anonymousId that is itself a blocked value creates nothing at all (its batch neighbour shows the batch was handled).
    const nothing = ev('page_view', { anonymousId: 'anonymous' });
    const neighbour = ev('page_view', { anonymousId: uniq('next') });
    const sent = await t.app.inject({ method: 'POST', url: '/v1/events', headers: pk, payload: { events: [nothing, neighbour] } });
    assert.equal(sent.json().accepted.length, 2);
    await waitFor('the batch neighbour', () => personOfEvent(neighbour.eventId));
    assert.equal(await personOfEvent(nothing.eventId), null);
    assert.equal(await ctx.model('Identifier').countDocuments({ tenantId: w.tenantA, value: 'anonymous' }), 0);
  });

  test('two different userIds on one device are never merged: a conflict is recorded instead', async () => {
    const tablet = uniq('tablet');
    const [alice, bob] = [uniq('alice'), uniq('bob')];
    await send([ev('identify', { anonymousId: tablet, userId: alice }, { channel: 'store_pos' })]);
    const bobLogin = ev('identify', { anonymousId: tablet, userId: bob }, { channel: 'store_pos' });
    await send([bobLogin]);
    await send([ev('identify', { anonymousId: tablet, userId: bob }, { channel: 'store_pos' })]); // repeated: still one conflict
    const [pa, pb] = [await resolve('user_id', alice), await resolve('user_id', bob)];
    assert.ok(pa && pb && pa !== pb, 'one person per userId');
    assert.equal(await resolve('anonymous_id', tablet), pa, 'the device stays where it was');
    assert.equal(await personOfEvent(bobLogin.eventId), pb, "bob's login event is bob's");
    const conflicts = (await call(t, { method: 'GET', url: `${I}/merges?action=conflict&range=[0,499]`, headers: w.headers.analyst }, 200)).json()
      .filter((c: any) => c.rule === 'distinct_user_ids' && c.identifiers.includes(`user_id:${alice}`) && c.identifiers.includes(`user_id:${bob}`));
    assert.equal(conflicts.length, 1, `the same refusal is recorded once: ${JSON.stringify(conflicts)}`);
    assert.ok(conflicts[0].identifiers.includes(`anonymous_id:${tablet}`), 'it names the device that linked them');
    assert.equal(conflicts[0].eventId, bobLogin.eventId);
  });

  test('at most N anonymous ids per person (a tenant setting): the next device is not merged in', async () => {
    const put = await api('PUT', '/api/plugins/identity', w.headers.platformOwner, { settings: { maxAnonymousIdsPerPerson: 2 } });
    assert.equal(put.statusCode, 200, put.body);
    assert.equal(put.json().settings.maxAnonymousIdsPerPerson, 2);
    assert.equal(put.json().settings.mergeOnEmail, false, 'defaults fill the rest');
    const bad = await api('PUT', '/api/plugins/identity', w.headers.platformOwner, { settings: { maxAnonymousIdsPerPerson: 0, identifierPriority: ['phone'] } });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'CORE_ERR_VALIDATION');
    await new Promise((r) => setTimeout(r, 2100)); // the worker's settings cache (2 s)
    try {
      const user = uniq('collector');
      const devices = [uniq('d1'), uniq('d2'), uniq('d3')];
      for (const d of devices) await send([ev('identify', { anonymousId: d, userId: user })]);
      const p = await resolve('user_id', user);
      assert.equal(await resolve('anonymous_id', devices[0]), p);
      assert.equal(await resolve('anonymous_id', devices[1]), p);
      assert.notEqual(await resolve('anonymous_id', devices[2]), p, 'the third device stays apart');
      const detail = (await call(t, { method: 'GET', url: `${I}/persons/${p}`, headers: w.headers.analyst }, 200)).json();
      assert.equal(detail.devices.length, 2);
      const conflicts = (await call(t, { method: 'GET', url: `${I}/merges?action=conflict&range=[0,499]`, headers: w.headers.analyst }, 200)).json();
      assert.ok(conflicts.some((c: any) => c.rule === 'max_anonymous_ids' && c.intoPersonId === p), 'a max_anonymous_ids conflict');
    } finally {
      await api('PUT', '/api/plugins/identity', w.headers.platformOwner, { settings: {} });
      await new Promise((r) => setTimeout(r, 2100));
    }
  });

  test('mergeOnEmail stitches two userless devices sharing a verified email; off, it does not', async () => {
    const direct = identityServices(ctx).stitcher;
    const [a, b, c, d] = [uniq('ea'), uniq('eb'), uniq('ec'), uniq('ed')];
    const now = new Date();
    const obs = (anon: string, email: string, on: boolean) => ({
      ids: [...(on ? [{ kind: 'email_hash' as const, value: emailHash(email) }] : []), { kind: 'anonymous_id' as const, value: anon }], blocked: [], mode: 'identify' as const,
      firstAt: now, at: now, receivedAt: now, channel: 'web', device: null, traits: { email }, eventId: null,
    });
    const on = normalizeSettings({ mergeOnEmail: true });
    const email = `${uniq('x')}@example.com`;
    const first = await direct.observe(w.tenantA, obs(a, email, true), on);
    const second = await direct.observe(w.tenantA, obs(b, email.toUpperCase(), true), on);
    assert.equal(second.personId, first.personId);
    assert.equal(await resolve('email', email.toUpperCase()), first.personId, 'GET /resolve?kind=email hashes the address');
    const off = normalizeSettings({});
    const third = await direct.observe(w.tenantA, obs(c, 'same@example.com', false), off);
    const fourth = await direct.observe(w.tenantA, obs(d, 'same@example.com', false), off);
    assert.notEqual(third.personId, fourth.personId);
  });
});

describe('alias and resolve', () => {
  test('alias merges from\'s person into to\'s and answers the merge record; the rules still apply', async () => {
    const [device, user, other] = [uniq('dev'), uniq('u'), uniq('u')];
    await send([ev('page_view', { anonymousId: device }), ev('identify', { anonymousId: uniq('dev'), userId: user }), ev('identify', { anonymousId: uniq('dev'), userId: other })]);
    const [pDevice, pUser] = [await resolve('anonymous_id', device), await resolve('user_id', user)];
    const res = await call(t, { method: 'POST', url: `${I}/alias`, headers: w.headers.merchant, payload: { from: { kind: 'anonymous_id', value: device }, to: { kind: 'user_id', value: user } } }, 200);
    assert.deepEqual([res.json().action, res.json().cause, res.json().fromPersonId, res.json().intoPersonId], ['merge', 'alias', pDevice, pUser]);
    assert.equal(res.json().actor, w.userIds.merchant);
    assert.equal(await resolve('anonymous_id', device), pUser);

    const again = await api('POST', `${I}/alias`, w.headers.merchant, { from: { kind: 'anonymous_id', value: device }, to: { kind: 'user_id', value: user } });
    assert.equal(again.statusCode, 409);
    assert.equal(again.json().details.rule, 'already_same_person');
    const twoUsers = await api('POST', `${I}/alias`, w.headers.secretKey, { from: { kind: 'user_id', value: other }, to: { kind: 'user_id', value: user } });
    assert.equal(twoUsers.statusCode, 409, twoUsers.body);
    assert.equal(twoUsers.json().code, 'IDENTITY_ERR_CONFLICT');
    assert.equal(twoUsers.json().details.rule, 'distinct_user_ids');
    const blocked = await api('POST', `${I}/alias`, w.headers.merchant, { from: { kind: 'anonymous_id', value: 'NULL' }, to: { kind: 'user_id', value: user } });
    assert.equal(blocked.json().details.rule, 'blocked_value');

    // An unknown external id joins the known person.
    const crm = await call(t, { method: 'POST', url: `${I}/alias`, headers: w.headers.merchant, payload: { from: { kind: 'external:crm', value: 'C-1001' }, to: { kind: 'user_id', value: user } } }, 200);
    assert.equal(crm.json().intoPersonId, pUser);
    assert.equal(await resolve('external:crm', 'C-1001'), pUser);
  });

  test('bad input: unknown kinds, bad hashes, missing fields, both sides unknown', async () => {
    const cases: [string, string, unknown, number, string][] = [
      ['POST', `${I}/alias`, { from: { kind: 'phone', value: '1' }, to: { kind: 'user_id', value: 'x' } }, 400, 'IDENTITY_ERR_INVALID_IDENTIFIER'],
      ['POST', `${I}/alias`, { from: { kind: 'email_hash', value: 'not-a-hash' }, to: { kind: 'user_id', value: 'x' } }, 400, 'IDENTITY_ERR_INVALID_IDENTIFIER'],
      ['POST', `${I}/alias`, { from: { kind: 'user_id', value: 'x' }, to: { kind: 'user_id', value: 'x' } }, 400, 'IDENTITY_ERR_INVALID_IDENTIFIER'],
      ['POST', `${I}/alias`, { from: { kind: 'user_id' } }, 400, 'CORE_ERR_VALIDATION'],
      ['POST', `${I}/alias`, { from: { kind: 'user_id', value: uniq('n') }, to: { kind: 'user_id', value: uniq('n') } }, 404, 'IDENTITY_ERR_NOT_FOUND'],
      ['GET', `${I}/resolve?kind=phone&value=1`, undefined, 400, 'IDENTITY_ERR_INVALID_IDENTIFIER'],
      ['GET', `${I}/resolve?kind=user_id`, undefined, 400, 'CORE_ERR_VALIDATION'],
      ['GET', `${I}/resolve?kind=user_id&value=${uniq('nobody')}`, undefined, 404, 'IDENTITY_ERR_NOT_FOUND'],
      ['GET', `${I}/persons/prs_doesnotexist`, undefined, 404, 'IDENTITY_ERR_NOT_FOUND'],
      ['GET', `${I}/persons/prs_doesnotexist/events?limit=0`, undefined, 400, 'CORE_ERR_VALIDATION'],
      ['GET', `${I}/merges?action=explode`, undefined, 400, 'CORE_ERR_VALIDATION'],
    ];
    for (const [method, url, payload, status, code] of cases) {
      const res = await api(method as 'GET' | 'POST', url, w.headers.merchant, payload);
      assert.equal(res.statusCode, status, `${method} ${url} ${JSON.stringify(payload)}: ${res.body}`);
      assert.equal(res.json().code, code, res.body);
      assert.ok(res.json().requestId && res.json().message, res.body);
    }
  });

  test('resolve: by kind and value, email hashed for the caller; the provided API agrees', async () => {
    const [device, user] = [uniq('dev'), uniq('u')];
    const e = ev('identify', { anonymousId: device, userId: user, deviceId: uniq('hw') });
    await send([e]);
    const p = await resolve('user_id', user);
    assert.ok(p, 'the userId resolves');
    assert.equal(await resolve('device_id', e.deviceId!), p);
    const identity = createIdentityApi(ctx);
    assert.equal(await identity.resolve(w.tenantA, { kind: 'anonymous_id', value: device }), p);
    assert.equal(await identity.resolveEvent(w.tenantA, { anonymousId: device, userId: null }), p);
    assert.equal(await identity.resolve(w.tenantA, { kind: 'anonymous_id', value: 'never-seen' }), null);
    assert.deepEqual((await identity.identifiersOf(w.tenantA, p!)).map((r) => r.kind).sort(), ['anonymous_id', 'device_id', 'user_id']);
    const tv = uniq('tv');
    const alone = await identity.identify(w.tenantA, { anonymousId: tv, channel: 'tv-app' });
    assert.ok(alone.personId && alone.personId !== p && !alone.merged, 'a device of its own first');
    const more = await identity.identify(w.tenantA, { anonymousId: tv, userId: user, channel: 'tv-app' });
    assert.equal(more.personId, p);
    assert.deepEqual(more.merged, { fromPersonId: alone.personId, intoPersonId: p, identifiers: [`anonymous_id:${tv}`] });
  });
});

describe('permissions and tenants', () => {
  let personId: string;
  before(async () => {
    const anon = uniq('perm');
    await send([ev('page_view', { anonymousId: anon })]);
    personId = (await resolve('anonymous_id', anon))!;
  });

  test('analysts and compliance officers read; merchants merge and split; plugin developers and publishable keys get nothing', async () => {
    const reads = [`${I}/persons`, `${I}/persons/${personId}`, `${I}/persons/${personId}/merges`, `${I}/persons/${personId}/events`, `${I}/merges`, `${I}/resolve?kind=user_id&value=x`];
    for (const who of ['analyst', 'complianceOfficer', 'merchant', 'platformOwner'] as const) {
      for (const url of reads) assert.ok([200, 404].includes((await api('GET', url, w.headers[who])).statusCode), `${who} ${url}`);
    }
    for (const who of ['pluginDeveloper', 'publishableKey'] as const) {
      for (const url of reads) {
        const res = await api('GET', url, w.headers[who]);
        assert.equal(res.statusCode, 403, `${who} ${url}`);
        assert.equal(res.json().code, 'CORE_ERR_FORBIDDEN');
      }
    }
    assert.equal((await api('GET', `${I}/persons`, {})).statusCode, 401);
    const alias = { from: { kind: 'anonymous_id', value: uniq('x') }, to: { kind: 'user_id', value: uniq('y') } };
    const split = { identifiers: ['anonymous_id:x'] };
    for (const who of ['analyst', 'complianceOfficer', 'pluginDeveloper', 'publishableKey'] as const) {
      assert.equal((await api('POST', `${I}/alias`, w.headers[who], alias)).statusCode, 403, `${who} alias`);
      assert.equal((await api('POST', `${I}/persons/${personId}/split`, w.headers[who], split)).statusCode, 403, `${who} split`);
    }
    assert.equal((await api('POST', `${I}/persons/${personId}/split`, w.headers.secretKey, split)).statusCode, 403, 'secret keys may alias, not split');
    assert.equal((await api('POST', `${I}/alias`, w.headers.merchant, alias)).statusCode, 404, 'merchants pass the permission check');
  });

  test('merchants tune the merge rules (identity settings) but cannot toggle plugins or change other plugins\' settings', async () => {
    const put = (who: keyof typeof w.headers, name: string, body: unknown) => api('PUT', `/api/plugins/${name}`, w.headers[who], body);
    const ok = await put('merchant', 'identity', { settings: { maxAnonymousIdsPerPerson: 40 } });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().settings.maxAnonymousIdsPerPerson, 40);
    const bad = await put('merchant', 'identity', { settings: { maxAnonymousIdsPerPerson: 'many' } });
    assert.equal(bad.statusCode, 400, bad.body);
    for (const [who, name, body] of [['merchant', 'identity', { enabled: false }], ['merchant', 'catalog', { settings: {} }], ['analyst', 'identity', { settings: { maxAnonymousIdsPerPerson: 30 } }]] as const) {
      const res = await put(who, name, body);
      assert.equal(res.statusCode, 403, `${who} ${name} ${JSON.stringify(body)}: ${res.body}`);
      assert.equal(res.json().code, 'CORE_ERR_FORBIDDEN');
    }
    assert.equal((await put('platformOwner', 'identity', { settings: { maxAnonymousIdsPerPerson: 50 } })).statusCode, 200);
  });

  test("another tenant's persons are 404 by id and absent from lists and resolution", async () => {
    const b = w.headers.tenantOwner;
    for (const url of [`${I}/persons/${personId}`, `${I}/persons/${personId}/merges`, `${I}/persons/${personId}/events`]) {
      const res = await api('GET', url, b);
      assert.equal(res.statusCode, 404, url);
      assert.equal(res.json().code, 'IDENTITY_ERR_NOT_FOUND');
      assert.deepEqual(Object.keys(res.json()).sort(), ['code', 'error', 'message', 'requestId', 'statusCode']);
    }
    const list = (await call(t, { method: 'GET', url: `${I}/persons?range=[0,499]&filter=${encodeURIComponent(JSON.stringify({ q: personId }))}`, headers: b }, 200)).json();
    assert.deepEqual(list, []);
    const anon = (await ctx.model('Identifier').findOne({ tenantId: w.tenantA, personId }).lean<any>()).value;
    assert.equal((await api('GET', `${I}/resolve?kind=anonymous_id&value=${anon}`, b)).statusCode, 404);
    assert.deepEqual((await call(t, { method: 'GET', url: `${I}/merges?range=[0,499]`, headers: b }, 200)).json(), []);
  });
});

describe('data subject hooks', () => {
  test('export lists the person, identifiers and merges; erase deletes them and resolution forgets them', async () => {
    const [device, user] = [uniq('dev'), uniq('erase-me')];
    await send([ev('page_view', { anonymousId: device }), ev('identify', { anonymousId: device, userId: user }, { traits: { email: 'gone@example.com', phone: '+49 1' } })]);
    const dev2 = uniq('dev2');
    await send([ev('page_view', { anonymousId: dev2 })]);
    await send([ev('identify', { anonymousId: dev2, userId: user })]);
    const p = (await resolve('user_id', user))!;
    const subject = { tenantId: w.tenantA, personId: '', identifiers: { userId: [user] } };
    const exported = await identityPlugin.dataSubject!.export!(ctx, subject) as any;
    assert.equal(exported.persons.find((x: any) => x.id === p).traits.phone, '+49 1');
    assert.equal(exported.identifiers.length, 3, JSON.stringify(exported.identifiers));
    assert.equal(exported.merges.length, 1, JSON.stringify(exported.merges));
    assert.equal(exported.persons.length, 2, 'the person and the tombstone of the absorbed device');
    const erased = await identityPlugin.dataSubject!.erase!(ctx, subject);
    assert.ok(erased.deleted >= exported.persons.length + exported.identifiers.length + exported.merges.length, JSON.stringify(erased));
    assert.equal(await identityServices(ctx).resolver.resolve(w.tenantA, { kind: 'user_id', value: user }), null);
    assert.equal(await ctx.model('Person').countDocuments({ tenantId: w.tenantA, _id: { $in: exported.persons.map((x: any) => x.id) } }), 0);
    assert.equal(await ctx.model('MergeRecord').countDocuments({ tenantId: w.tenantA, $or: [{ fromPersonId: p }, { intoPersonId: p }] }), 0);
    assert.equal((await api('GET', `${I}/persons/${p}`, w.headers.merchant)).statusCode, 404);
  });
});

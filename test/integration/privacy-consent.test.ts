import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { pino } from 'pino';
import WebSocket from 'ws';
import type { Model } from 'mongoose';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { buildWorld, call, type Headers, type World } from '../helpers/matrix.ts';
import { startWorkerRuntime, type WorkerRuntime } from '../../workers/src/worker-runtime.ts';
import { discoverPlugins, loadPlugins, type LoadedPlugin } from '../../server/src/core/plugin-loader.ts';
import { definePlugin, type PluginContext, type StoredEvent } from '../../server/src/core/plugin-contract.ts';
import type { BusEvent } from '../../server/src/core/event-bus.ts';

/**
 * Person-level consent end to end on the real stack (FerretDB + Redis, an in-process worker running the identity and
 * privacy queues): purposes and texts, choices from the SDK routes, consent_update events and the admin API, one
 * person's devices stitched by the identity plugin, the push to a connected device, enforcement at ingestion, at
 * plugin delivery and in plugins' event reads, training-set filtering, history, audit and bad input.
 * See docs/privacy-consent.md.
 */
const P = '/api/plugins/privacy/consent';
let t: TestApp;
let w: World;
let worker: WorkerRuntime;
let pk: Headers;
let baseWs: string;
let Events: Model<any>;
let probe: PluginContext;
const delivered: StoredEvent[] = [];
const changes: BusEvent<any>[] = [];
const uniq = (p: string) => `${p}-${randomUUID().slice(0, 8)}`;

/** A consuming plugin that processes product views for marketing (opt-in) and declares a purpose of its own. */
const probePlugin: LoadedPlugin = {
  name: 'consent-probe', source: 'inline:consent-probe', status: 'active',
  definition: definePlugin({
    name: 'consent-probe', version: '0.1.0', coreCompatibility: '^0.1.0', purposes: ['marketing', 'loyalty-rewards'],
    events: { types: ['product_view'], purpose: 'marketing', handler: async () => ({ default: async (events) => { delivered.push(...events); return { n: events.length }; } }) },
  }),
};

const ev = (type: string, who: { anonymousId?: string; userId?: string }, extra: Record<string, unknown> = {}) => ({
  eventId: `e-${randomUUID()}`, type, channel: 'web', timestamp: new Date().toISOString(),
  properties: type === 'product_view' ? { productId: 'p-1' } : {}, ...who, ...extra,
});

async function waitFor<T>(what: string, probeFn: () => Promise<T>, ms = 30_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probeFn();
    if (last) return last as NonNullable<T>;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
}

const post = (events: unknown[]) => t.app.inject({ method: 'POST', url: '/v1/events', headers: pk, payload: { events } });

/** Sends events and waits until the identity worker attributed every accepted one to a person. */
async function send(events: ReturnType<typeof ev>[]): Promise<void> {
  const res = await post(events);
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().accepted.length, events.length, res.body);
  const ids = events.map((e) => e.eventId);
  await waitFor(`attribution of ${ids.length} events`, async () => (await Events.countDocuments({ tenantId: w.tenantA, eventId: { $in: ids }, personId: { $ne: null } })) === ids.length);
}

const personOf = async (anonymousId: string) => (await Events.findOne({ tenantId: w.tenantA, anonymousId, personId: { $ne: null } }).sort({ receivedAt: -1 }).lean<any>())?.personId as string | undefined;
const choose = (body: Record<string, unknown>, headers: Headers = pk) => t.app.inject({ method: 'POST', url: '/v1/consent', headers, payload: body });

/** A device's consent socket that keeps every frame it receives. */
interface DeviceSocket { ws: WebSocket; frames: any[]; next(pred: (f: any) => boolean, ms?: number): Promise<any>; closed: Promise<number> }
function openSocket(query: Record<string, string>): Promise<DeviceSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${baseWs}/v1/consent/socket?${new URLSearchParams(query)}`);
    const frames: any[] = [];
    const waiters: { pred: (f: any) => boolean; done: (f: any) => void }[] = [];
    const closed = new Promise<number>((r) => ws.on('close', (code) => r(code)));
    ws.on('message', (data) => {
      const f = JSON.parse(data.toString());
      frames.push(f);
      for (const wt of [...waiters]) if (wt.pred(f)) { waiters.splice(waiters.indexOf(wt), 1); wt.done(f); }
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => reject(Object.assign(new Error(`refused ${res.statusCode}`), { statusCode: res.statusCode, body: body ? JSON.parse(body) : null })));
    });
    ws.on('error', reject);
    const socket: DeviceSocket = {
      ws, frames, closed,
      next(pred, ms = 10_000) {
        const seen = frames.find(pred);
        if (seen) return Promise.resolve(seen);
        return new Promise((res, rej) => {
          const timer = setTimeout(() => rej(new Error(`no matching frame in ${ms} ms; got ${JSON.stringify(frames).slice(0, 800)}`)), ms);
          waiters.push({ pred, done: (f) => { clearTimeout(timer); res(f); } });
        });
      },
    };
    ws.on('open', () => socket.next((f) => f.type === 'consent' && f.reason === 'connect').then(() => resolve(socket), reject));
  });
}

before(async () => {
  const plugins = [...(await loadPlugins(await discoverPlugins('plugins', []))), probePlugin];
  t = await buildTestApp({}, { plugins });
  w = await buildWorld(t);
  pk = { authorization: `Bearer ${t.config.LOCKSTEP_DEMO_PUBLISHABLE_KEY}` };
  Events = t.app.lockstep.models.Event;
  probe = t.app.lockstep.host.contexts.get('consent-probe')!;
  assert.ok(probe, 'the probe plugin is active');
  t.app.lockstep.bus.subscribe('privacy.consent.changed', (e) => { changes.push(e); });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  baseWs = `ws://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
  worker = await startWorkerRuntime(t.config, pino({ level: 'silent' }), { skipTf: true, plugins });
  for (const q of ['identity-events', 'privacy-consent', 'consent-probe-events']) assert.ok(worker.queues.includes(q), `the worker serves ${q}: ${worker.queues.join(', ')}`);
});
after(async () => {
  await worker?.close();
  await t?.close();
});

describe('purposes and their texts', () => {
  test('base purposes plus every purpose a plugin declares, each with a versioned text; merchants read, only compliance officers publish', async () => {
    const list = (await call(t, { method: 'GET', url: `${P}/purposes`, headers: w.headers.merchant }, 200));
    const purposes = list.json() as any[];
    const byName = Object.fromEntries(purposes.map((p) => [p.purpose, p]));
    for (const p of ['necessary', 'analytics', 'personalisation', 'marketing', 'loyalty-rewards']) assert.ok(byName[p], `${p} is listed: ${Object.keys(byName)}`);
    assert.match(String(list.headers['content-range']), /^purposes 0-\d+\/\d+$/);
    assert.equal(byName['loyalty-rewards'].source, 'plugin');
    assert.deepEqual(byName['loyalty-rewards'].plugins, ['consent-probe']);
    assert.equal(byName.necessary.default, 'required');
    assert.equal(byName.analytics.default, 'opt-out');
    assert.equal(byName.marketing.default, 'opt-in');
    assert.equal(byName.marketing.current.version, 1);
    assert.equal(byName.marketing.current.builtin, true);
    assert.match(byName.marketing.current.textHash, /^[0-9a-f]{64}$/);

    const text = 'We send you offers that match what you look at, by e-mail and in the app, only if you say yes.';
    const refused = await t.app.inject({ method: 'POST', url: `${P}/purposes/marketing/versions`, headers: w.headers.merchant, payload: { text } });
    assert.equal(refused.statusCode, 403, refused.body);
    const published = (await call(t, { method: 'POST', url: `${P}/purposes/marketing/versions`, headers: w.headers.complianceOfficer, payload: { text, title: 'Offers for you' } }, 201)).json();
    assert.equal(published.version, 2);
    assert.equal(published.title, 'Offers for you');
    assert.equal(published.publishedBy, w.userIds.complianceOfficer);
    const detail = (await call(t, { method: 'GET', url: `${P}/purposes/marketing`, headers: w.headers.analyst }, 200)).json();
    assert.deepEqual(detail.history.map((v: any) => v.version), [2, 1]);
    assert.equal(detail.current.text, text);

    const banner = (await call(t, { method: 'GET', url: '/v1/consent/purposes', headers: pk }, 200)).json();
    const marketing = banner.purposes.find((p: any) => p.purpose === 'marketing');
    assert.deepEqual([marketing.version, marketing.text, marketing.title, marketing.default], [2, text, 'Offers for you', 'opt-in']);
    const audit = (await call(t, { method: 'GET', url: `/api/audit?filter=${encodeURIComponent(JSON.stringify({ action: 'consent.text_published', targetId: 'marketing' }))}`, headers: w.headers.complianceOfficer }, 200)).json();
    assert.equal(audit.length, 1);
    assert.deepEqual([audit[0].details.version, audit[0].details.textHash, audit[0].actor.id], [2, published.textHash, w.userIds.complianceOfficer]);
  });

  test('bad publications get clear errors', async () => {
    const pub = (url: string, payload: unknown) => t.app.inject({ method: 'POST', url, headers: w.headers.complianceOfficer, payload: payload as object });
    let res = await pub(`${P}/purposes/telepathy/versions`, { text: 'A long enough consent text.' });
    assert.deepEqual([res.statusCode, res.json().code], [404, 'CORE_ERR_NOT_FOUND']);
    res = await pub(`${P}/purposes/marketing/versions`, { text: 'short' });
    assert.deepEqual([res.statusCode, res.json().code], [400, 'CORE_ERR_VALIDATION']);
    res = await pub(`${P}/purposes/marketing/versions`, { text: 'A long enough consent text.', html: '<b>' });
    assert.deepEqual([res.statusCode, res.json().code], [400, 'CORE_ERR_VALIDATION']);
    assert.equal((await t.app.inject({ method: 'GET', url: `${P}/purposes`, headers: pk })).statusCode, 403, 'publishable keys read purposes through /v1 only');
  });
});

describe('one shopper, two devices: consent is the person\'s', () => {
  const phone = uniq('phone');
  const desktop = uniq('desktop');
  const user = uniq('user');
  let personId: string;
  let desktopSocket: DeviceSocket;

  test('both devices log in and are stitched into one person; the desktop connects its consent socket', async () => {
    await send([ev('page_view', { anonymousId: phone }), ev('page_view', { anonymousId: desktop })]);
    await send([ev('identify', { anonymousId: phone, userId: user })]);
    await send([ev('identify', { anonymousId: desktop, userId: user })]);
    personId = await waitFor('one person for both devices', async () => {
      const [a, b] = await Promise.all([personOf(phone), personOf(desktop)]);
      return a && a === b ? a : undefined;
    });
    desktopSocket = await openSocket({ key: t.config.LOCKSTEP_DEMO_PUBLISHABLE_KEY!, anonymousId: desktop });
    const hello = desktopSocket.frames[0];
    assert.equal(hello.purposes.analytics, true, 'analytics is on by default (opt-out)');
    assert.equal(hello.purposes.marketing, false, 'marketing is off until granted (opt-in)');
    assert.equal(hello.purposes.necessary, true);
    assert.equal(hello.records.analytics.basis, 'default-allow');
    assert.equal(hello.personId, undefined, 'a device is never told person ids');
  });

  test('withdrawn on the phone: the desktop socket hears it, and the desktop\'s next analytics events are refused', async () => {
    const res = await choose({ anonymousId: phone, userId: user, purposes: { analytics: false, marketing: true }, channel: 'ios', device: { screen: 'phone' } }, { ...pk, 'user-agent': 'PhoneBrowser/1.0' });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json().changed.sort(), ['analytics', 'marketing']);
    assert.equal(res.json().purposes.analytics, false);
    assert.equal(res.json().records.marketing.version, 2, 'the current text version is recorded');

    const pushed = await desktopSocket.next((f) => f.type === 'consent' && f.reason === 'change' && f.purposes.analytics === false);
    assert.equal(pushed.purposes.marketing, true);
    const bus = changes.find((c) => c.payload.personId === personId);
    assert.ok(bus, 'privacy.consent.changed names the person');
    assert.equal(bus!.tenantId, w.tenantA);
    assert.deepEqual(bus!.payload.purposes, { analytics: false, marketing: true });
    assert.ok(bus!.payload.subjects.includes(phone) && bus!.payload.subjects.includes(user));

    const next = await post([ev('page_view', { anonymousId: desktop }), ev('purchase', { anonymousId: desktop }, { properties: { orderId: 'o-1', total: 5, currency: 'EUR' } })]);
    assert.deepEqual(next.json().rejected.map((r: any) => [r.index, r.code]), [[0, 'EVENTS_ERR_CONSENT_DENIED']], 'the page view (analytics) is refused; the purchase (necessary) is not');
    const read = (await call(t, { method: 'GET', url: `/v1/consent?anonymousId=${desktop}&key=${t.config.LOCKSTEP_DEMO_PUBLISHABLE_KEY}`, headers: {} }, 200)).json();
    assert.equal(read.purposes.analytics, false);
    assert.equal(read.records.analytics.basis, 'denied');
    assert.equal((await t.app.lockstep.privacy.allowed(w.tenantA, personId, 'analytics')).allowed, false, 'allowed() by person id');
    assert.equal((await t.app.lockstep.privacy.allowed(w.tenantA, desktop, 'analytics')).allowed, false, 'allowed() by the other device');
  });

  test('every change has a history entry with its proof and an audit entry with ids only', async () => {
    const url = `${P}/history?filter=${encodeURIComponent(JSON.stringify({ personId }))}`;
    const history = (await call(t, { method: 'GET', url, headers: w.headers.complianceOfficer }, 200)).json();
    const analytics = history.find((h: any) => h.purpose === 'analytics');
    assert.ok(analytics, JSON.stringify(history));
    assert.equal(analytics.granted, false);
    assert.equal(analytics.previous, null, 'no earlier choice: the default applied');
    assert.equal(analytics.source, 'sdk');
    assert.equal(analytics.channel, 'ios');
    assert.equal(analytics.screen, 'phone');
    assert.equal(analytics.anonymousId, phone);
    assert.equal(analytics.subjectKind, 'person');
    assert.match(analytics.requestId, /.+/);
    const demoKeyId = (await Events.findOne({ tenantId: w.tenantA, anonymousId: phone }).lean<any>()).keyId;
    assert.equal(analytics.keyId, demoKeyId, 'the publishable key it came with');
    assert.match(analytics.userAgentHash, /^[0-9a-f]{64}$/);
    assert.match(analytics.textHash, /^[0-9a-f]{64}$/);
    assert.equal(history.find((h: any) => h.purpose === 'marketing').version, 2);

    const audit = async (action: string) => (await call(t, { method: 'GET', url: `/api/audit?filter=${encodeURIComponent(JSON.stringify({ action, targetId: personId }))}`, headers: w.headers.complianceOfficer }, 200)).json();
    const [withdrawn] = await audit('consent.withdrawn');
    const [granted] = await audit('consent.granted');
    assert.equal(withdrawn.details.purpose, 'analytics');
    assert.equal(withdrawn.details.historyId, analytics.id);
    assert.equal(withdrawn.actor.kind, 'apiKey');
    assert.equal(granted.details.purpose, 'marketing');
    assert.doesNotMatch(JSON.stringify([withdrawn, granted]), new RegExp(`${phone}|${user}|PhoneBrowser`), 'the audit log carries ids only');
    assert.equal((await t.app.inject({ method: 'GET', url, headers: w.headers.merchant })).statusCode, 403, 'merchants do not read consent records');
  });

  test('a consent_update event from the desktop grants analytics again for the person; the phone-side state follows', async () => {
    const grant = ev('consent_update', { anonymousId: desktop }, { properties: { purpose: 'analytics', granted: true } });
    const res = await post([grant, ev('page_view', { anonymousId: desktop })]);
    assert.deepEqual(res.json().rejected, [], 'the choice applies to events later in the same batch');
    await desktopSocket.next((f) => f.reason === 'change' && f.purposes.analytics === true);
    const read = (await call(t, { method: 'GET', url: `/v1/consent?anonymousId=${phone}&userId=${user}`, headers: pk }, 200)).json();
    assert.equal(read.purposes.analytics, true);
    const entry = (await t.app.lockstep.privacy.consent.history(w.tenantA, { personId })).find((h: any) => h.eventId === grant.eventId) as any;
    assert.ok(entry, 'the history keeps the event as proof');
    assert.deepEqual([entry.source, entry.previous, entry.granted], ['event', false, true]);
    desktopSocket.ws.close();
  });
});

describe('merges and devices stitched later', () => {
  test('a choice made on a device before it was stitched follows it into the person after an identity merge', async () => {
    const tablet = uniq('tablet');
    const laptop = uniq('laptop');
    const user = uniq('user');
    await send([ev('page_view', { anonymousId: tablet }), ev('page_view', { anonymousId: laptop })]);
    const tabletPerson = (await personOf(tablet))!;
    assert.equal((await choose({ anonymousId: tablet, purposes: { personalisation: false } })).statusCode, 200);
    await send([ev('identify', { anonymousId: laptop, userId: user })]);
    const laptopPerson = (await personOf(laptop))!;
    assert.notEqual(tabletPerson, laptopPerson);
    assert.deepEqual(await t.app.lockstep.privacy.filterAllowed(w.tenantA, [laptopPerson], 'personalisation'), [laptopPerson], 'before the merge the laptop person has not objected');
    const laptopSocket = await openSocket({ key: t.config.LOCKSTEP_DEMO_PUBLISHABLE_KEY!, anonymousId: laptop, userId: user });
    assert.equal(laptopSocket.frames[0].purposes.personalisation, true);

    await send([ev('identify', { anonymousId: tablet, userId: user })]);
    await waitFor('the tablet merged into the laptop person', async () => (await personOf(tablet)) === laptopPerson);
    await waitFor('the consent sync job moved the objection', async () => (await t.app.lockstep.privacy.filterAllowed(w.tenantA, [laptopPerson], 'personalisation')).length === 0);
    const pushed = await laptopSocket.next((f) => f.reason === 'change' && f.purposes.personalisation === false);
    assert.equal(pushed.records.personalisation.basis, 'denied');
    assert.equal((await t.app.lockstep.privacy.allowed(w.tenantA, tabletPerson, 'personalisation')).allowed, false, 'the absorbed person id resolves to the survivor');
    laptopSocket.ws.close();

    // An operator splits the tablet off again: the new person keeps the objection made while it was joined.
    const split = (await call(t, { method: 'POST', url: `/api/plugins/identity/persons/${laptopPerson}/split`, headers: w.headers.merchant, payload: { identifiers: [`anonymous_id:${tablet}`] } }, 200)).json();
    await waitFor('the split person inherits the choice', async () => (await t.app.lockstep.privacy.filterAllowed(w.tenantA, [split.newPersonId], 'personalisation')).length === 0);
    const copied = (await t.app.lockstep.privacy.consent.history(w.tenantA, { personId: split.newPersonId })) as any[];
    assert.deepEqual(copied.map((h) => [h.purpose, h.granted, h.source]), [['personalisation', false, 'split']]);
    assert.equal((await t.app.lockstep.privacy.allowed(w.tenantA, laptopPerson, 'personalisation')).allowed, false, 'and the person keeps it too');
  });

  test('a choice made before the device had any event is kept under its raw id, then moves under its person', async () => {
    const kiosk = uniq('kiosk');
    assert.equal((await choose({ anonymousId: kiosk, purposes: { marketing: true } })).statusCode, 200);
    const raw = await t.app.lockstep.connection.db!.collection('privacy_consents').findOne({ tenantId: w.tenantA, subject: kiosk });
    assert.equal(raw?.subjectKind, 'subject', 'no person yet: stored under the anonymousId');
    await send([ev('page_view', { anonymousId: kiosk })]);
    const person = (await personOf(kiosk))!;
    assert.equal((await t.app.lockstep.privacy.allowed(w.tenantA, { anonymousId: kiosk }, 'marketing')).allowed, true, 'read through the device');
    await waitFor('the raw choice adopted by the person', async () => (await t.app.lockstep.privacy.filterAllowed(w.tenantA, [person], 'marketing')).length === 1);
    await waitFor('the raw-id document removed once copied', async () => (await t.app.lockstep.connection.db!.collection('privacy_consents').countDocuments({ tenantId: w.tenantA, subject: kiosk })) === 0);
    assert.equal((await t.app.lockstep.privacy.allowed(w.tenantA, person, 'marketing')).allowed, true, 'the person keeps the choice');
  });
});

describe('enforcement beyond ingestion', () => {
  test('delivery to a plugin withholds events of persons who have not granted its purpose, and a withdrawal stops the next ones', async () => {
    const granted = uniq('granted');
    const silent = uniq('silent');
    assert.equal((await choose({ anonymousId: granted, purposes: { marketing: true } })).statusCode, 200);
    const a = ev('product_view', { anonymousId: granted });
    const b = ev('product_view', { anonymousId: silent });
    assert.equal((await post([a, b])).json().accepted.length, 2, 'analytics is allowed: both are stored');
    await waitFor('the granted device\'s event delivered', async () => delivered.some((e) => e.eventId === a.eventId));
    assert.ok(!delivered.some((e) => e.eventId === b.eventId), 'marketing not granted: withheld from the plugin (same delivery job)');

    const found = await probe.events.find(w.tenantA, { anonymousIds: [granted, silent] });
    assert.deepEqual(found.map((e) => e.eventId), [a.eventId], 'ctx.events.find leaves out persons who did not grant the plugin\'s purpose');
    assert.deepEqual((await probe.events.byIds(w.tenantA, [a.eventId, b.eventId])).map((e) => e.eventId), [a.eventId]);

    assert.equal((await choose({ anonymousId: granted, purposes: { marketing: false } })).statusCode, 200);
    const c = ev('product_view', { anonymousId: granted });
    const other = uniq('other');
    await choose({ anonymousId: other, purposes: { marketing: true } });
    const d = ev('product_view', { anonymousId: other });
    assert.equal((await post([c, d])).json().accepted.length, 2);
    await waitFor('the other device\'s event delivered', async () => delivered.some((e) => e.eventId === d.eventId));
    assert.ok(!delivered.some((e) => e.eventId === c.eventId), 'after the withdrawal nothing more reaches the plugin');
    assert.deepEqual((await probe.events.byIds(w.tenantA, [a.eventId])).map((e) => e.eventId), [], 'nor can it read the earlier events any more');
  });

  test('filterAllowed builds training sets: a withdrawal drops the person from the next one', async () => {
    const people = [uniq('t1'), uniq('t2'), uniq('t3')];
    await send(people.map((anonymousId) => ev('page_view', { anonymousId })));
    const ids = await Promise.all(people.map(async (p) => (await personOf(p))!));
    assert.deepEqual(await t.app.lockstep.privacy.filterAllowed(w.tenantA, ids, 'personalisation'), ids, 'personalisation is on until withdrawn');
    assert.equal((await choose({ anonymousId: people[1]!, purposes: { personalisation: false } })).statusCode, 200);
    assert.deepEqual(await t.app.lockstep.privacy.filterAllowed(w.tenantA, ids, 'personalisation'), [ids[0], ids[2]]);
  });
});

describe('admin and server-side API, dashboard, bad input', () => {
  test('a secret key records a choice made at the call centre; a compliance officer reads the person\'s state and the dashboard', async () => {
    const anon = uniq('caller');
    await send([ev('page_view', { anonymousId: anon })]);
    const personId = (await personOf(anon))!;
    const res = (await call(t, { method: 'POST', url: `${P}/records`, headers: w.headers.secretKey, payload: { personId, purposes: { 'loyalty-rewards': true }, channel: 'call_center' } }, 200)).json();
    assert.deepEqual(res.changed, ['loyalty-rewards']);
    assert.equal(res.purposes['loyalty-rewards'].basis, 'granted');
    assert.equal(res.history[0].actorKind, 'apiKey');
    const state = (await call(t, { method: 'GET', url: `${P}/subjects?anonymousId=${anon}`, headers: w.headers.complianceOfficer }, 200)).json();
    assert.equal(state.personId, personId);
    assert.equal(state.purposes['loyalty-rewards'].granted, true);
    assert.equal(state.purposes.marketing.basis, 'default-deny');
    assert.equal(state.history.length, 1);

    const stats = (await call(t, { method: 'GET', url: `${P}/stats?days=7`, headers: w.headers.complianceOfficer }, 200)).json();
    const loyalty = stats.purposes.find((p: any) => p.purpose === 'loyalty-rewards');
    assert.deepEqual([loyalty.granted, loyalty.denied, loyalty.rate], [1, 0, 1]);
    const marketing = stats.purposes.find((p: any) => p.purpose === 'marketing');
    assert.ok(marketing.granted >= 1 && marketing.denied >= 1, JSON.stringify(marketing));
    assert.ok(stats.channels.some((c: any) => c.channel === 'call_center' && c.purpose === 'loyalty-rewards' && c.granted === 1));
    const today = new Date().toISOString().slice(0, 10);
    assert.ok(stats.timeline.some((d: any) => d.day === today && d.purpose === 'analytics' && d.withdrawn >= 1 && d.granted >= 1), JSON.stringify(stats.timeline));
    assert.ok(stats.totals.changes >= 5);
    assert.equal((await t.app.inject({ method: 'GET', url: `${P}/stats`, headers: w.headers.merchant })).statusCode, 403);
  });

  test('bad input is refused with clear codes', async () => {
    const anon = uniq('bad');
    const expect = async (res: { statusCode: number; json(): any; body: string }, status: number, code: string) => {
      assert.equal(res.statusCode, status, res.body);
      assert.equal(res.json().code, code, res.body);
      assert.ok(res.json().message.length > 10);
    };
    const unknown = await choose({ anonymousId: anon, purposes: { telepathy: true } });
    await expect(unknown, 400, 'PRIVACY_ERR_CONSENT_UNKNOWN_PURPOSE');
    assert.ok(unknown.json().details.purposes.includes('marketing'), 'the error lists the purposes there are');
    await expect(await choose({ anonymousId: anon, purposes: { necessary: false } }), 400, 'PRIVACY_ERR_CONSENT_NECESSARY');
    await expect(await choose({ anonymousId: anon, purposes: { marketing: true }, versions: { marketing: 9 } }), 400, 'PRIVACY_ERR_CONSENT_UNKNOWN_VERSION');
    await expect(await choose({ anonymousId: anon, purposes: {} }), 400, 'CORE_ERR_VALIDATION');
    await expect(await choose({ purposes: { marketing: true } }), 400, 'CORE_ERR_VALIDATION');
    await expect(await choose({ anonymousId: anon, purposes: { marketing: 'maybe' } }), 400, 'CORE_ERR_VALIDATION');
    await expect(await choose({ anonymousId: anon, purposes: { marketing: true }, extra: 1 }), 400, 'CORE_ERR_VALIDATION');
    await expect(await t.app.inject({ method: 'POST', url: '/v1/consent', headers: { ...pk, 'content-type': 'application/json' }, payload: '{"anonymousId":' }), 400, 'CORE_ERR_INVALID_JSON');
    await expect(await choose({ anonymousId: anon, purposes: { marketing: true } }, {}), 401, 'CORE_ERR_UNAUTHENTICATED');
    await expect(await choose({ anonymousId: anon, purposes: { marketing: true } }, w.headers.merchant), 403, 'CORE_ERR_FORBIDDEN');
    await expect(await t.app.inject({ method: 'GET', url: '/v1/consent', headers: pk }), 400, 'CORE_ERR_VALIDATION');
    await expect(await t.app.inject({ method: 'POST', url: `${P}/records`, headers: w.headers.secretKey, payload: { purposes: { marketing: true } } }), 400, 'PRIVACY_ERR_CONSENT_NO_SUBJECT');
    await expect(await t.app.inject({ method: 'GET', url: `${P}/subjects`, headers: w.headers.complianceOfficer }), 400, 'PRIVACY_ERR_CONSENT_NO_SUBJECT');
    await assert.rejects(openSocket({ anonymousId: anon }), (err: any) => err.statusCode === 401);
    await assert.rejects(openSocket({ key: t.config.LOCKSTEP_DEMO_PUBLISHABLE_KEY! }), (err: any) => err.statusCode === 400 && err.body.code === 'CORE_ERR_VALIDATION');
    assert.equal(await t.app.lockstep.connection.db!.collection('privacy_consent_history').countDocuments({ tenantId: w.tenantA, anonymousId: anon }), 0, 'nothing was recorded');
  });

  test('the socket answers a refresh and tells a bad frame apart; revoking the key ends it', async () => {
    const anon = uniq('sock');
    const key = (await call(t, { method: 'POST', url: '/api/api-keys', headers: w.headers.platformOwner, payload: { name: uniq('pk'), kind: 'publishable' } }, 201)).json();
    const s = await openSocket({ key: key.key, anonymousId: anon });
    s.ws.send('{"type":"refresh"}');
    await s.next((f) => f.reason === 'refresh');
    s.ws.send('nonsense');
    const err = await s.next((f) => f.type === 'error');
    assert.equal(err.code, 'CORE_ERR_VALIDATION');
    await call(t, { method: 'DELETE', url: `/api/api-keys/${key.id}`, headers: w.headers.platformOwner }, 200);
    assert.equal(await s.closed, 4401);
  });
});

import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import fc from 'fast-check';
import Fastify from 'fastify';
import { pino } from 'pino';
import { loggerOptions } from '../../server/src/logging/logger.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { IngestService } from '../../server/src/events/ingest.service.ts';
import { createPrivacyApi } from '../../privacy/src/privacy-api.ts';

let t: TestApp;
let pk: Record<string, string>;
const now = () => new Date().toISOString();
const ev = (over: Record<string, unknown> = {}) => ({ eventId: randomUUID(), type: 'product_view', anonymousId: 'anon-1', channel: 'web', timestamp: now(), properties: { productId: 'p1', price: 9.5, currency: 'EUR' }, ...over });
const post = (events: unknown, headers = pk) => t.app.inject({ method: 'POST', url: '/v1/events', headers, payload: { events } });
const stored = (filter: Record<string, unknown> = {}) => t.app.lockstep.models.Event.countDocuments({ tenantId: t.seed.demoTenantId, ...filter });

before(async () => {
  t = await buildTestApp({ EVENTS_MAX_BATCH: '50', BODY_LIMIT_BYTES: '200000' });
  pk = { authorization: `Bearer ${t.config.LOCKSTEP_DEMO_PUBLISHABLE_KEY}` };
});
after(async () => { await t.close(); });

test('a valid batch is accepted and durably stored with both clocks', async () => {
  const events = [ev(), ev({ type: 'search', properties: { query: 'guitar' } }), ev({ type: 'custom:wheel_spin', properties: { prize: 'x' } })];
  const res = await post(events);
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json(), { accepted: events.map((e) => e.eventId), rejected: [] });
  const doc = await t.app.lockstep.models.Event.findOne({ tenantId: t.seed.demoTenantId, eventId: events[0].eventId }).lean<any>();
  assert.ok(doc.receivedAt instanceof Date && doc.timestamp instanceof Date);
  assert.equal(doc.properties.price, 9.5);
});

test('one bad event never drops the good ones; each rejection says where and why', async () => {
  const good = ev();
  const events = [
    good,
    ev({ type: 'teleport' }),
    ev({ eventId: undefined }),
    ev({ properties: { productId: 'p1', price: 'cheap' } }),
    ev({ anonymousId: undefined }),
    ev({ type: 'add_to_cart', properties: { productId: 'p1', quantity: 0 } }),
    ev({ timestamp: new Date(Date.now() + 3600_000).toISOString() }),
    42,
    ev({ channel: 'Bad Channel!' }),
    ev({ traits: { email: 'a@b.co' } }),
  ];
  const res = await post(events);
  assert.equal(res.statusCode, 200);
  const body = res.json();
  assert.deepEqual(body.accepted, [good.eventId]);
  const byIndex = Object.fromEntries(body.rejected.map((r: any) => [r.index, r]));
  assert.equal(byIndex[1].code, 'EVENTS_ERR_UNKNOWN_TYPE');
  assert.match(byIndex[2].message, /eventId/);
  assert.equal(byIndex[3].code, 'EVENTS_ERR_INVALID_EVENT');
  assert.match(byIndex[3].message, /properties\.price must be number/);
  assert.match(byIndex[4].message, /anonymousId or userId/);
  assert.match(byIndex[5].message, /quantity/);
  assert.equal(byIndex[6].code, 'EVENTS_ERR_TIMESTAMP_IN_FUTURE');
  assert.match(byIndex[7].message, /must be an object/);
  assert.match(byIndex[8].message, /channel/);
  assert.match(byIndex[9].message, /traits is only accepted on identify/);
  assert.equal(body.rejected.length, 9);
  assert.equal(await stored({ eventId: good.eventId }), 1);
});

test('a retried batch stores nothing twice and answers the same', async () => {
  const events = [ev(), ev(), ev()];
  const first = await post(events);
  const before = await stored();
  const again = await post([...events, ev()]);
  assert.equal(again.statusCode, 200);
  assert.equal(again.json().accepted.length, 4);
  assert.deepEqual(first.json().accepted, again.json().accepted.slice(0, 3));
  assert.equal(await stored(), before + 1);
  const dup = ev();
  const inBatch = await post([dup, { ...dup }]);
  assert.deepEqual(inBatch.json().rejected.map((r: any) => r.code), ['EVENTS_ERR_DUPLICATE_IN_BATCH']);
});

test('whole-request errors: batch too long, not {events:[]}, malformed JSON, too large, keys', async () => {
  const long = await post(Array.from({ length: 51 }, () => ev()));
  assert.equal(long.statusCode, 400);
  assert.equal(long.json().code, 'EVENTS_ERR_BATCH_TOO_LONG');
  assert.deepEqual(long.json().details, { max: 50, got: 51 });
  const empty = await post([]);
  assert.equal(empty.json().code, 'CORE_ERR_VALIDATION');
  const notJson = await t.app.inject({ method: 'POST', url: '/v1/events', headers: { ...pk, 'content-type': 'application/json' }, payload: '{"events": [' });
  assert.equal(notJson.json().code, 'CORE_ERR_INVALID_JSON');
  const big = await post([ev({ properties: { productId: 'p', blob: 'x'.repeat(250_000) } })]);
  assert.equal(big.statusCode, 413);
  assert.equal((await post([ev()], {})).statusCode, 401);
  assert.equal((await post([ev()], { authorization: 'Bearer pk_live_unknownunknownunknownunknown' })).json().code, 'CORE_ERR_INVALID_API_KEY');
  // Console users (session tokens) do not send storefront events.
  const owner = await t.ownerHeaders();
  assert.equal((await post([ev()], owner)).statusCode, 403);
  // A revoked key stops working at once.
  const created = await t.app.inject({ method: 'POST', url: '/api/api-keys', headers: owner, payload: { name: 'tmp', kind: 'publishable' } });
  const key = { authorization: `Bearer ${created.json().key}` };
  assert.equal((await post([ev()], key)).statusCode, 200);
  await t.app.inject({ method: 'DELETE', url: `/api/api-keys/${created.json().id}`, headers: owner });
  assert.equal((await post([ev()], key)).json().code, 'CORE_ERR_API_KEY_REVOKED');
});

test('events are stored in the key\'s tenant only', async () => {
  const owner = await t.ownerHeaders();
  const tenant = await t.app.inject({ method: 'POST', url: '/api/tenants', headers: owner, payload: { name: 'Other', slug: `other-${Date.now()}` } });
  const key = await t.app.inject({ method: 'POST', url: '/api/api-keys', headers: { ...owner, 'x-lockstep-tenant': tenant.json().id }, payload: { name: 'b', kind: 'secret' } });
  const e = ev();
  assert.equal((await post([e], { authorization: `Bearer ${key.json().key}` })).statusCode, 200);
  assert.equal(await stored({ eventId: e.eventId }), 0);
  assert.equal(await t.app.lockstep.models.Event.countDocuments({ tenantId: tenant.json().id, eventId: e.eventId }), 1);
});

test('consent is checked per event through the privacy API and recorded from consent_update events; the newest choice wins', async () => {
  const subject = `anon-optout-${randomUUID()}`;
  const ago = (s: number) => new Date(Date.now() - s * 1000).toISOString();
  // An opt-out and page views in one flush: the choice applies to the batch it arrives in.
  let res = await post([
    ev({ anonymousId: subject, timestamp: ago(5) }),
    ev({ anonymousId: subject, type: 'consent_update', timestamp: ago(10), properties: { purpose: 'analytics', granted: false } }),
    ev({ anonymousId: 'anon-ok' }),
  ]);
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json().rejected.map((r: any) => [r.index, r.code]), [[0, 'EVENTS_ERR_CONSENT_DENIED']]);
  assert.equal(res.json().accepted.length, 2);
  // Persisted: a later batch of the same device is still refused; identify (necessary) still passes.
  res = await post([ev({ anonymousId: subject }), ev({ anonymousId: subject, type: 'identify', userId: `u-${subject}`, properties: {} })]);
  assert.deepEqual(res.json().rejected.map((r: any) => [r.index, r.code]), [[0, 'EVENTS_ERR_CONSENT_DENIED']]);
  // A choice older than the stored one arriving late changes nothing …
  res = await post([ev({ anonymousId: subject, type: 'consent_update', timestamp: ago(3600), properties: { purpose: 'analytics', granted: true } })]);
  assert.equal(res.json().accepted.length, 1);
  assert.equal((await post([ev({ anonymousId: subject })])).json().rejected[0]?.code, 'EVENTS_ERR_CONSENT_DENIED');
  // … a newer one applies.
  await post([ev({ anonymousId: subject, type: 'consent_update', timestamp: ago(1), properties: { purpose: 'analytics', granted: true } })]);
  assert.deepEqual((await post([ev({ anonymousId: subject })])).json().rejected, []);
  const records = await t.app.lockstep.connection.db!.collection('privacy_consents').find({ tenantId: t.seed.demoTenantId, subject }).toArray();
  assert.deepEqual(records.map((r) => [r.purpose, r.granted]), [['analytics', true]]);
});

test('a custom consent store is asked once per batch for every subject', async () => {
  const asked: string[][] = [];
  const privacy = createPrivacyApi({ consentStore: {
    lookup: async () => undefined,
    lookupMany: async (_t, subjects) => { asked.push(subjects); return new Map([['anon-denied\u0000analytics', 'denied' as const]]); },
  } });
  const svc = new IngestService(t.app.lockstep.models.Event, privacy, t.app.lockstep.bus, { maxFutureSkewSeconds: 300 });
  const res = await svc.ingest({ tenantId: t.seed.demoTenantId, keyId: 'k' }, [ev({ anonymousId: 'anon-denied' }), ev({ anonymousId: 'anon-ok' }), ev({ anonymousId: 'anon-denied', type: 'purchase', properties: { orderId: 'o1', total: 3, currency: 'EUR' } })]);
  assert.deepEqual(res.rejected.map((r) => [r.index, r.code]), [[0, 'EVENTS_ERR_CONSENT_DENIED']]);
  assert.equal(asked.length, 1);
  assert.deepEqual(asked[0].sort(), ['anon-denied', 'anon-ok']);
});

test('fuzz: arbitrary batches never cause a 5xx and nothing invalid is stored', async () => {
  const svc = new IngestService(t.app.lockstep.models.Event, t.app.lockstep.privacy, t.app.lockstep.bus, { maxFutureSkewSeconds: 300 });
  const field = fc.oneof(fc.string(), fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }));
  const eventArb = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.record({
      eventId: fc.oneof(fc.uuid(), field), type: fc.oneof(fc.constantFrom('product_view', 'add_to_cart', 'purchase', 'search', 'identify', 'custom:x', 'bogus'), field),
      anonymousId: fc.oneof(fc.string({ minLength: 1, maxLength: 20 }), field), channel: fc.oneof(fc.constantFrom('web', 'ios'), field),
      timestamp: fc.oneof(fc.constant(now()), field), properties: fc.oneof(fc.record({ productId: fc.oneof(fc.string(), field), price: field, quantity: field, query: field, orderId: field, total: field, currency: field }, { requiredKeys: [] }), field),
      traits: fc.oneof(fc.record({ email: field }, { requiredKeys: [] }), fc.constant(undefined)),
    }, { requiredKeys: [] }),
  );
  await fc.assert(fc.asyncProperty(fc.array(eventArb, { minLength: 1, maxLength: 20 }), async (batch) => {
    const res = await post(batch);
    assert.ok(res.statusCode < 500, `5xx for ${JSON.stringify(batch).slice(0, 300)}: ${res.body}`);
    if (res.statusCode !== 200) return;
    const body = res.json();
    assert.equal(body.accepted.length + body.rejected.length, batch.length);
    for (const id of body.accepted) {
      const doc = await t.app.lockstep.models.Event.findOne({ tenantId: t.seed.demoTenantId, eventId: id }).lean<any>();
      assert.ok(doc, `accepted ${id} not stored`);
      const original = batch.find((b: any) => b?.eventId === id);
      assert.equal(svc.validate(original, 0, Date.now()), null, `stored an invalid event ${JSON.stringify(original)}`);
    }
  }), { numRuns: 60 });
});

// ---------------------------------------------------------------- sendBeacon form: ?key=<publishable>, text/plain body

const beacon = (url: string, events: unknown, headers: Record<string, string> = {}) => t.app.inject({
  method: 'POST', url, headers: { 'content-type': 'text/plain;charset=UTF-8', origin: 'https://shop.example', ...headers }, payload: JSON.stringify({ events }),
});

test('beacon: a text/plain body with ?key=<publishable key> is stored, and CORS allows any storefront origin', async () => {
  const events = [ev(), ev({ type: 'page_view', properties: { url: 'https://shop.example/' } })];
  const res = await beacon(`/v1/events?key=${encodeURIComponent(t.config.LOCKSTEP_DEMO_PUBLISHABLE_KEY!)}`, events);
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json(), { accepted: events.map((e) => e.eventId), rejected: [] });
  assert.equal(await stored({ eventId: { $in: events.map((e) => e.eventId) } }), 2);
  const doc = await t.app.lockstep.models.Event.findOne({ tenantId: t.seed.demoTenantId, eventId: events[0].eventId }).lean<any>();
  const key = await t.app.lockstep.models.ApiKey.findOne({ _id: doc.keyId }).setOptions({ crossTenant: true }).lean<any>();
  assert.equal(key.kind, 'publishable');
  assert.equal(res.headers['access-control-allow-origin'], '*');
  assert.equal(res.headers['access-control-allow-credentials'], undefined, 'no credentials: the key authenticates');
  assert.match(String(res.headers['access-control-expose-headers']), /retry-after/i);
  // The fetch path of the SDK (Authorization header, JSON) needs a preflight: answered for any origin.
  const pre = await t.app.inject({ method: 'OPTIONS', url: '/v1/events', headers: { origin: 'https://other-shop.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' } });
  assert.equal(pre.statusCode, 204, pre.body);
  assert.equal(pre.headers['access-control-allow-origin'], '*');
  assert.match(String(pre.headers['access-control-allow-headers']), /authorization/);
  assert.match(String(pre.headers['access-control-allow-methods']), /POST/);
  // application/json beacons (same-origin pages) work with ?key= as well.
  const e = ev();
  const json = await t.app.inject({ method: 'POST', url: `/v1/events?key=${t.config.LOCKSTEP_DEMO_PUBLISHABLE_KEY}`, payload: { events: [e] } });
  assert.equal(json.statusCode, 200, json.body);
  assert.equal(await stored({ eventId: e.eventId }), 1);
  // A retried beacon stores nothing twice.
  const again = await beacon(`/v1/events?key=${t.config.LOCKSTEP_DEMO_PUBLISHABLE_KEY}`, events);
  assert.equal(again.json().accepted.length, 2);
  assert.equal(await stored({ eventId: { $in: events.map((x) => x.eventId) } }), 2);
});

test('beacon: a secret key in the query is refused before it is looked up, even a valid one, and nothing is stored', async () => {
  const owner = await t.ownerHeaders();
  const created = await t.app.inject({ method: 'POST', url: '/api/api-keys', headers: owner, payload: { name: 'server', kind: 'secret' } });
  const secret = created.json().key as string;
  assert.match(secret, /^sk_/);
  const e = ev();
  // The same key works as a Bearer header…
  assert.equal((await post([ev()], { authorization: `Bearer ${secret}` })).statusCode, 200);
  // …but never in a URL: as text/plain, as JSON, with or without an Authorization header.
  for (const res of [
    await beacon(`/v1/events?key=${secret}`, [e]),
    await t.app.inject({ method: 'POST', url: `/v1/events?key=${secret}`, payload: { events: [e] } }),
    await t.app.inject({ method: 'POST', url: `/v1/events?key=${secret}`, headers: pk, payload: { events: [e] } }),
    await beacon('/v1/events?key=sk_live_notarealkeynotarealkeynotareal', [e]),
  ]) {
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().code, 'CORE_ERR_SECRET_KEY_IN_URL');
    assert.match(res.json().message, /Only publishable keys/);
    assert.ok(!res.body.includes(secret), 'the key is not echoed');
  }
  assert.equal(await stored({ eventId: e.eventId }), 0);
});

test('beacon: bad ?key= values get clear errors', async () => {
  const e = ev();
  const unknown = await beacon('/v1/events?key=pk_live_unknownunknownunknownunknown', [e]);
  assert.equal(unknown.statusCode, 401);
  assert.equal(unknown.json().code, 'CORE_ERR_INVALID_API_KEY');
  // A session token is not an API key and never belongs in a URL.
  const owner = await t.ownerHeaders();
  const session = owner.authorization.replace(/^Bearer /, '');
  const token = await beacon(`/v1/events?key=${session}`, [e]);
  assert.equal(token.statusCode, 401);
  assert.equal(token.json().code, 'CORE_ERR_INVALID_API_KEY');
  const twice = await beacon(`/v1/events?key=${t.config.LOCKSTEP_DEMO_PUBLISHABLE_KEY}&key=${t.config.LOCKSTEP_DEMO_PUBLISHABLE_KEY}`, [e]);
  assert.equal(twice.statusCode, 400);
  assert.equal(twice.json().code, 'CORE_ERR_VALIDATION');
  const both = await beacon(`/v1/events?key=${t.config.LOCKSTEP_DEMO_PUBLISHABLE_KEY}`, [e], pk);
  assert.equal(both.statusCode, 400);
  assert.match(both.json().message, /not both/);
  const notJson = await beacon(`/v1/events?key=${t.config.LOCKSTEP_DEMO_PUBLISHABLE_KEY}`, [], {});
  assert.equal(notJson.json().code, 'CORE_ERR_VALIDATION', 'an empty batch is still a validation error');
  const broken = await t.app.inject({ method: 'POST', url: `/v1/events?key=${t.config.LOCKSTEP_DEMO_PUBLISHABLE_KEY}`, headers: { 'content-type': 'text/plain' }, payload: '{"events": [' });
  assert.equal(broken.statusCode, 400);
  assert.equal(broken.json().code, 'CORE_ERR_INVALID_JSON');
  const proto = await t.app.inject({ method: 'POST', url: `/v1/events?key=${t.config.LOCKSTEP_DEMO_PUBLISHABLE_KEY}`, headers: { 'content-type': 'text/plain' }, payload: '{"events": [], "__proto__": {"x": 1}}' });
  assert.equal(proto.statusCode, 400, 'prototype poisoning is refused as with JSON');
  // A revoked publishable key stops working in the query too.
  const created = await t.app.inject({ method: 'POST', url: '/api/api-keys', headers: owner, payload: { name: 'beacon-tmp', kind: 'publishable' } });
  const url = `/v1/events?key=${created.json().key}`;
  assert.equal((await beacon(url, [ev()])).statusCode, 200);
  await t.app.inject({ method: 'DELETE', url: `/api/api-keys/${created.json().id}`, headers: owner });
  assert.equal((await beacon(url, [ev()])).json().code, 'CORE_ERR_API_KEY_REVOKED');
  assert.equal(await stored({ eventId: e.eventId }), 0);
});

test('beacon: ?key= wins over a console session cookie (a same-origin demo shop with a logged-in admin)', async () => {
  const owner = await t.ownerHeaders();
  const cookie = `lockstep_session=${owner.authorization.replace(/^Bearer /, '')}`;
  // Without a key the cookie is the principal, and console users do not send events.
  assert.equal((await t.app.inject({ method: 'POST', url: '/v1/events', headers: { cookie }, payload: { events: [ev()] } })).statusCode, 403);
  const e = ev();
  const res = await beacon(`/v1/events?key=${t.config.LOCKSTEP_DEMO_PUBLISHABLE_KEY}`, [e], { cookie });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(await stored({ eventId: e.eventId }), 1);
});

test('beacon: text/plain and ?key= are accepted on POST /v1/events only', async () => {
  // Other routes keep refusing text/plain with 415 (a form-less CSRF vector against cookie sessions)…
  const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'text/plain' }, payload: JSON.stringify({ email: t.config.LOCKSTEP_ADMIN_EMAIL, password: t.config.LOCKSTEP_ADMIN_PASSWORD }) });
  assert.equal(login.statusCode, 415, login.body);
  assert.equal(login.json().code, 'CORE_ERR_UNSUPPORTED_MEDIA_TYPE');
  // …and ignore ?key= (only a route that opts in reads it).
  const me = await t.app.inject({ method: 'GET', url: `/api/auth/me?key=${t.config.LOCKSTEP_DEMO_PUBLISHABLE_KEY}` });
  assert.equal(me.statusCode, 401);
  // The console's CORS policy is unchanged by the events route's.
  const pre = await t.app.inject({ method: 'OPTIONS', url: '/api/auth/login', headers: { origin: 'https://shop.example', 'access-control-request-method': 'POST' } });
  assert.notEqual(pre.headers['access-control-allow-origin'], '*');
});

test('beacon: ?key= requests count against the key\'s rate limit, and a 429 exposes Retry-After cross-origin', async () => {
  const limited = await buildTestApp({ RATE_LIMIT_MAX: '2', RATE_LIMIT_WINDOW_MS: '60000' });
  try {
    const key = limited.config.LOCKSTEP_DEMO_PUBLISHABLE_KEY!;
    const send = (url: string, headers: Record<string, string>) => limited.app.inject({ method: 'POST', url, headers: { origin: 'https://shop.example', ...headers }, payload: { events: [ev()] } });
    assert.equal((await send('/v1/events', { authorization: `Bearer ${key}` })).statusCode, 200);
    assert.equal((await send('/v1/events', { authorization: `Bearer ${key}` })).statusCode, 200);
    const res = await send(`/v1/events?key=${key}`, {});
    assert.equal(res.statusCode, 429, 'the beacon shares the bucket of its key');
    assert.equal(res.json().code, 'CORE_ERR_RATE_LIMITED');
    assert.ok(Number(res.headers['retry-after']) >= 1);
    assert.equal(res.headers['access-control-allow-origin'], '*');
    assert.match(String(res.headers['access-control-expose-headers']), /retry-after/i);
  } finally {
    await limited.close();
  }
});

test('beacon: the key in the URL never reaches a log line', async () => {
  const lines: string[] = [];
  const stream = new Writable({ write(chunk, _enc, cb) { lines.push(String(chunk)); cb(); } });
  const app = Fastify({ loggerInstance: pino(loggerOptions('info'), stream) });
  app.post('/v1/events', async () => ({ ok: true }));
  await app.inject({ method: 'POST', url: '/v1/events?key=pk_live_visibleinlogsvisibleinlogs&x=1', payload: {} });
  await app.inject({ method: 'POST', url: '/v1/events?x=1&key=sk_live_secretinlogssecretinlogs', payload: {} });
  await app.close();
  const out = lines.join('');
  assert.match(out, /\/v1\/events\?key=\[REDACTED\]&x=1/, out);
  assert.match(out, /x=1&key=\[REDACTED\]/);
  assert.ok(!out.includes('visibleinlogs') && !out.includes('secretinlogs'), out);
});

test('keys the store cannot hold (empty, $-prefixed, dotted) are rejected per event, never a 500', async () => {
  const good = ev();
  const events = [
    ev({ type: 'identify', properties: { '': { '.': false } } }),
    ev({ properties: { productId: 'p1', nested: { 'a.b': 1 } } }),
    ev({ context: { $where: 'x' } }),
    good,
  ];
  const res = await post(events);
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json().accepted, [good.eventId]);
  assert.deepEqual(res.json().rejected.map((r: any) => [r.index, r.code]), [[0, 'EVENTS_ERR_INVALID_EVENT'], [1, 'EVENTS_ERR_INVALID_EVENT'], [2, 'EVENTS_ERR_INVALID_EVENT']]);
  assert.match(res.json().rejected[1].message, /events\[1\]\.properties\.nested key "a\.b"/);
});

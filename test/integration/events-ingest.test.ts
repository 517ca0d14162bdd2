import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { IngestService } from '../../server/src/ingestion/ingest.service.ts';
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

test('consent is checked per event through the privacy API: a denied purpose is rejected, necessary ones pass', async () => {
  const privacy = createPrivacyApi({ consentStore: { lookup: async (_t, person, purpose) => (person === 'anon-denied' && purpose === 'analytics' ? 'denied' : undefined) } });
  const svc = new IngestService(t.app.lockstep.models.Event, privacy, t.app.lockstep.bus, { maxFutureSkewSeconds: 300 });
  const res = await svc.ingest({ tenantId: t.seed.demoTenantId, keyId: 'k' }, [
    ev({ anonymousId: 'anon-denied' }),
    ev({ anonymousId: 'anon-denied', type: 'consent_update', properties: { purpose: 'analytics', granted: true } }),
    ev({ anonymousId: 'anon-ok' }),
  ]);
  assert.deepEqual(res.rejected.map((r) => [r.index, r.code]), [[0, 'EVENTS_ERR_CONSENT_DENIED']]);
  assert.equal(res.accepted.length, 2);
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

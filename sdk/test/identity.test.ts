import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { MemoryStorage } from '../src/index.ts';
import { FakeIngest } from './helpers/fake-ingest.ts';
import { testClient } from './helpers/client.ts';

describe('sdk: identity and consent', () => {
  let server: FakeIngest;
  before(async () => { server = await FakeIngest.start(); });
  after(async () => { await server.close(); });

  it('anonymousId is a UUID, stable across instances on the same storage, different on another device', async () => {
    const storage = new MemoryStorage();
    const a = testClient(server.url, { storage }).client;
    const b = testClient(server.url, { storage }).client;
    const other = testClient(server.url).client;
    assert.match(a.getAnonymousId(), /^[0-9a-f-]{36}$/);
    assert.equal(a.getAnonymousId(), b.getAnonymousId());
    assert.notEqual(a.getAnonymousId(), other.getAnonymousId());
    assert.equal(storage.getItem('lockstep.anonymousId'), a.getAnonymousId());
    await Promise.all([a.shutdown(0), b.shutdown(0), other.shutdown(0)]);
  });

  it('identify attaches userId to later events (and across a reload); reset gives a new anonymousId and no userId', async () => {
    const storage = new MemoryStorage();
    const start = server.requests.length;
    const { client } = testClient(server.url, { storage });
    const anon1 = client.getAnonymousId();
    const before = client.track('product_view', { productId: 'p1' });
    const ident = client.identify('cust-42', { email: 'ada@example.com', name: 'Ada' });
    const afterIdent = client.track('add_to_cart', { productId: 'p1', quantity: 1 });
    await client.flush();
    const sent = server.requests.slice(start).flatMap((r) => r.events);
    const byId = new Map(sent.map((e) => [e.eventId, e]));
    assert.equal(byId.get(before!.eventId)!.userId, undefined);
    assert.equal(byId.get(ident!.eventId)!.type, 'identify');
    assert.equal(byId.get(ident!.eventId)!.userId, 'cust-42');
    assert.equal(byId.get(ident!.eventId)!.anonymousId, anon1);
    assert.deepEqual(byId.get(ident!.eventId)!.traits, { email: 'ada@example.com', name: 'Ada' });
    assert.equal(byId.get(afterIdent!.eventId)!.userId, 'cust-42');
    assert.equal(byId.get(afterIdent!.eventId)!.traits, undefined, 'traits only on identify');
    await client.shutdown();

    const reloaded = testClient(server.url, { storage }).client;
    assert.equal(reloaded.getUserId(), 'cust-42');
    assert.equal(reloaded.getAnonymousId(), anon1);
    reloaded.reset();
    const anon2 = reloaded.getAnonymousId();
    assert.notEqual(anon2, anon1);
    assert.equal(reloaded.getUserId(), undefined);
    const s2 = server.requests.length;
    const afterReset = reloaded.track('page_view');
    await reloaded.flush();
    const e = server.requests.slice(s2).flatMap((r) => r.events).find((x) => x.eventId === afterReset!.eventId)!;
    assert.equal(e.anonymousId, anon2);
    assert.equal(e.userId, undefined);
    await reloaded.shutdown();
    const third = testClient(server.url, { storage }).client;
    assert.equal(third.getAnonymousId(), anon2, 'reset persists');
    assert.equal(third.getUserId(), undefined);
    await third.shutdown(0);
  });

  it('alias sends previousId (default: the current identity)', async () => {
    const { client } = testClient(server.url);
    const anon = client.getAnonymousId();
    const ev = client.alias('cust-7');
    assert.equal(ev!.type, 'alias');
    assert.equal(ev!.userId, 'cust-7');
    assert.deepEqual(ev!.properties, { previousId: anon });
    assert.equal(client.getUserId(), undefined);
    assert.deepEqual(await client.flush(), { accepted: 1, dropped: 0, pending: 0 });
    await client.shutdown();
  });

  it('setConsent sends consent_update, keeps the decision on the device; analytics denied stops behavioural events', async () => {
    const storage = new MemoryStorage();
    const start = server.requests.length;
    const { client, errors } = testClient(server.url, { storage });
    assert.equal(client.getConsent('analytics'), undefined);
    const granted = client.setConsent('marketing', true);
    assert.deepEqual(granted!.properties, { purpose: 'marketing', granted: true });
    const denied = client.setConsent('analytics', false);
    assert.equal(client.getConsent('analytics'), false);
    assert.equal(client.getConsent('marketing'), true);
    assert.equal(client.track('product_view', { productId: 'p1' }), null, 'no behavioural event after analytics was denied');
    assert.equal(client.page(), null);
    assert.ok(client.identify('cust-1'), 'identify still goes');
    await client.flush();
    const sent = server.requests.slice(start).flatMap((r) => r.events);
    assert.deepEqual(sent.map((e) => e.type), ['consent_update', 'consent_update', 'identify']);
    assert.deepEqual(sent[1]!.properties, { purpose: 'analytics', granted: false });
    assert.equal(sent[1]!.eventId, denied!.eventId);
    await client.shutdown();

    const reloaded = testClient(server.url, { storage }).client;
    assert.equal(reloaded.getConsent('analytics'), false, 'the decision survives a reload');
    assert.equal(reloaded.getConsents().marketing?.granted, true);
    reloaded.setConsent('analytics', true);
    assert.ok(reloaded.track('product_view', { productId: 'p1' }));
    await reloaded.shutdown();

    assert.equal(client.setConsent('Bad Purpose!', true), null);
    assert.equal(errors.at(-1)!.code, 'SDK_ERR_INVALID_CALL');
  });

  it('respectConsent: false leaves the decision to the server', async () => {
    const { client } = testClient(server.url, { respectConsent: false });
    client.setConsent('analytics', false);
    assert.ok(client.track('search', { query: 'x' }));
    await client.shutdown();
  });

  it('refuses a bad userId without throwing', async () => {
    const { client, errors } = testClient(server.url);
    assert.equal(client.identify(''), null);
    assert.equal(client.identify('x'.repeat(101)), null);
    assert.equal(errors.filter((e) => e.code === 'SDK_ERR_INVALID_CALL').length, 2);
    assert.equal(client.getUserId(), undefined);
    await client.shutdown(0);
  });
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { FastifyInstance } from 'fastify';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { PRINCIPALS, buildWorld, call, type Headers, type Who, type World } from '../helpers/matrix.ts';
import { buildApp } from '../../server/src/app.ts';
import { newId } from '../../server/src/db/define-model.ts';
import { StreamSubscriber, type StreamSocket } from '../../server/src/events/events-stream.ts';
import { summarizeEvent, type EventSummary } from '../../server/src/events/event-summary.ts';

/** The read side of shopper events: GET /api/events, GET /api/events/volume and the live WebSocket stream. */

let t: TestApp;
let w: World;
let baseWs: string;
const run = randomUUID().slice(0, 8);
const anon = (s: string) => `${run}-${s}`;
const now = () => new Date().toISOString();
const ev = (over: Record<string, unknown> = {}) => ({ eventId: randomUUID(), type: 'product_view', anonymousId: anon('a1'), channel: 'web', timestamp: now(), properties: { productId: 'p1', price: 9.5, currency: 'EUR' }, ...over });

async function ingest(events: unknown[], key: string = w.keys.secret.key, app: FastifyInstance = t.app): Promise<string[]> {
  const res = await app.inject({ method: 'POST', url: '/v1/events', headers: { authorization: `Bearer ${key}` }, payload: { events } });
  assert.equal(res.statusCode, 200, res.body);
  assert.deepEqual(res.json().rejected, []);
  return res.json().accepted;
}

const list = (headers: Headers, query: Record<string, unknown> = {}) => {
  const qs = new URLSearchParams(Object.fromEntries(Object.entries(query).map(([k, v]) => [k, JSON.stringify(v)])));
  return t.app.inject({ method: 'GET', url: `/api/events?${qs}`, headers });
};
const total = (res: { headers: Record<string, unknown> }) => Number(/\/(\d+)$/.exec(String(res.headers['content-range']))![1]);

/** A WebSocket client that queues what it receives, so tests can wait for a message or a close. */
interface StreamClient {
  ws: WebSocket;
  messages: any[];
  next(pred: (m: any) => boolean, ms?: number): Promise<any>;
  closed: Promise<{ code: number; reason: string }>;
  close(): void;
}

function openStream(headers: Record<string, string>, base = baseWs): Promise<StreamClient> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${base}/api/events/stream`, { headers });
    const messages: any[] = [];
    const waiters: { pred: (m: any) => boolean; resolve: (m: any) => void }[] = [];
    const closed = new Promise<{ code: number; reason: string }>((r) => ws.on('close', (code, reason) => r({ code, reason: reason.toString() })));
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString());
      messages.push(m);
      for (const wt of [...waiters]) if (wt.pred(m)) { waiters.splice(waiters.indexOf(wt), 1); wt.resolve(m); }
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c) => { body += c; });
      res.on('end', () => reject(Object.assign(new Error(`refused ${res.statusCode}`), { statusCode: res.statusCode, body: body ? JSON.parse(body) : null })));
    });
    ws.on('error', reject);
    const client: StreamClient = {
      ws, messages, closed,
      next(pred, ms = 5000) {
        const seen = messages.find(pred);
        if (seen) return Promise.resolve(seen);
        return new Promise((res, rej) => {
          const timer = setTimeout(() => rej(new Error(`no matching message in ${ms} ms; got ${JSON.stringify(messages).slice(0, 600)}`)), ms);
          waiters.push({ pred, resolve: (m) => { clearTimeout(timer); res(m); } });
        });
      },
      close: () => ws.close(),
    };
    ws.on('open', () => client.next((m) => m.type === 'ready').then(() => resolve(client), reject));
  });
}

/** Turns `authorization: Bearer <session token>` into the session cookie a browser would send. */
const cookieOf = (h: Headers) => ({ cookie: `lockstep_session=${h.authorization.replace(/^Bearer /, '')}` });
const eventIdsIn = (c: StreamClient) => c.messages.filter((m) => m.type === 'events').flatMap((m) => m.events.map((e: EventSummary) => e.eventId));

before(async () => {
  t = await buildTestApp();
  w = await buildWorld(t);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  baseWs = `ws://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
});
after(async () => { await t.close(); });

describe('GET /api/events', () => {
  const ids: Record<string, string> = {};
  before(async () => {
    const a1 = ev({ anonymousId: anon('list-phone'), channel: 'ios', device: { screen: 'phone', os: 'iOS 18' } });
    const a2 = ev({ anonymousId: anon('list-phone'), channel: 'ios', type: 'search', properties: { query: 'boots' } });
    const b1 = ev({ anonymousId: anon('list-desk'), channel: 'web', type: 'identify', userId: `${run}-user-1`, properties: {}, traits: { email: 'shopper@example.com', name: 'S' } });
    const b2 = ev({ anonymousId: anon('list-desk'), channel: 'web', userId: `${run}-user-1`, type: 'add_to_cart', properties: { productId: 'p2', quantity: 2 } });
    const c1 = ev({ anonymousId: anon('list-pos'), channel: 'store_pos', type: 'purchase', properties: { orderId: 'o1', total: 20, currency: 'EUR' } });
    for (const [name, e] of Object.entries({ a1, a2, b1, b2, c1 })) ids[name] = e.eventId;
    await ingest([a1, a2]);
    await ingest([b1, b2, c1]);
    // Identity stitching attributes events to a person through the events access API.
    await t.app.lockstep.models.Event.updateMany({ tenantId: w.tenantA, anonymousId: { $in: [anon('list-phone'), anon('list-desk')] } }, { $set: { personId: `prs_${run}` } });
  });

  test('lists the tenant\'s events newest first, with paging totals in Content-Range', async () => {
    const h = w.headers.analyst;
    const filter = { anonymousId: [anon('list-phone'), anon('list-desk'), anon('list-pos')] };
    const all = await call(t, { method: 'GET', url: `/api/events?${new URLSearchParams({ filter: JSON.stringify(filter) })}`, headers: h }, 200);
    assert.equal(total(all), 5);
    assert.equal(all.json().length, 5);
    const received = all.json().map((e: any) => Date.parse(e.receivedAt));
    assert.deepEqual(received, [...received].sort((a, b) => b - a), 'newest first');
    const page = await list(h, { filter, range: [1, 2], sort: ['receivedAt', 'DESC'] });
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['content-range'], 'events 1-2/5');
    assert.deepEqual(page.json().map((e: any) => e.eventId), all.json().slice(1, 3).map((e: any) => e.eventId));
    const last = await list(h, { filter, range: [4, 9] });
    assert.equal(last.headers['content-range'], 'events 4-4/5');

    const one = all.json().find((e: any) => e.eventId === ids.b1);
    assert.equal(one.type, 'identify');
    assert.equal(one.userId, `${run}-user-1`);
    assert.equal(one.personId, `prs_${run}`);
    assert.deepEqual(one.traitKeys.sort(), ['email', 'name']);
    assert.ok(!('traits' in one), 'traits (personal data) are not listed');
    const phone = all.json().find((e: any) => e.eventId === ids.a1);
    assert.deepEqual(phone.device, { screen: 'phone', os: 'iOS 18' });
    assert.equal(phone.properties.price, 9.5);
  });

  test('filters by type, channel, anonymousId, userId, personId, q and a receivedAt range', async () => {
    const h = w.headers.merchant;
    const eventIds = async (filter: Record<string, unknown>) => (await call(t, { method: 'GET', url: `/api/events?${new URLSearchParams({ filter: JSON.stringify(filter), range: '[0,99]' })}`, headers: h }, 200)).json().map((e: any) => e.eventId).sort();
    const mine = { anonymousId: [anon('list-phone'), anon('list-desk'), anon('list-pos')] };
    assert.deepEqual(await eventIds({ ...mine, type: 'search' }), [ids.a2]);
    assert.deepEqual(await eventIds({ ...mine, type: ['search', 'purchase'] }), [ids.a2, ids.c1].sort());
    assert.deepEqual(await eventIds({ ...mine, channel: 'ios' }), [ids.a1, ids.a2].sort());
    assert.deepEqual(await eventIds({ anonymousId: anon('list-pos') }), [ids.c1]);
    assert.deepEqual(await eventIds({ userId: `${run}-user-1` }), [ids.b1, ids.b2].sort());
    assert.deepEqual(await eventIds({ personId: `prs_${run}` }), [ids.a1, ids.a2, ids.b1, ids.b2].sort());
    assert.deepEqual(await eventIds({ q: `${run}-user-1` }), [ids.b1, ids.b2].sort());
    assert.deepEqual(await eventIds({ q: ids.c1 }), [ids.c1]);
    const c1 = (await list(h, { filter: { q: ids.c1 } })).json()[0];
    const at = Date.parse(c1.receivedAt);
    assert.deepEqual(await eventIds({ ...mine, from: new Date(at).toISOString() }), [ids.b1, ids.b2, ids.c1].sort(), 'from is inclusive');
    assert.deepEqual(await eventIds({ ...mine, to: new Date(at).toISOString() }), [ids.a1, ids.a2].sort(), 'to is exclusive');
    assert.deepEqual(await eventIds({ ...mine, from: new Date(at - 1).toISOString(), to: new Date(at + 1).toISOString(), channel: 'store_pos' }), [ids.c1]);
  });

  test('bad list parameters answer 400 with a code and the field', async () => {
    const h = w.headers.analyst;
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ sort: ['traits', 'ASC'] }, /cannot sort by "traits"/],
      [{ filter: { traits: 'x' } }, /cannot filter by "traits"/],
      [{ filter: { from: 'yesterday' } }, /filter\.from: expected an ISO date-time/],
      [{ filter: { to: 12 } }, /filter\.to: expected an ISO date-time/],
      [{ filter: { from: '2026-01-02T00:00:00Z', to: '2026-01-01T00:00:00Z' } }, /from must be before/],
      [{ filter: { type: { $ne: 'x' } } }, /operators are not accepted/],
      [{ range: [0, 1000] }, /range/],
    ];
    for (const [query, message] of cases) {
      const res = await list(h, query);
      assert.equal(res.statusCode, 400, `${JSON.stringify(query)} → ${res.body}`);
      assert.equal(res.json().code, 'CORE_ERR_INVALID_LIST_QUERY');
      assert.match(res.json().message, message);
    }
    const notJson = await t.app.inject({ method: 'GET', url: '/api/events?filter=%7Bnope', headers: h });
    assert.equal(notJson.json().code, 'CORE_ERR_INVALID_LIST_QUERY');
  });
});

describe('GET /api/events/volume', () => {
  const base = Date.parse('2026-03-10T00:00:00.000Z');
  const H = 3_600_000;
  let tenant: string;
  let admin: Headers;
  before(async () => {
    // A tenant of its own, with events written straight into the store at chosen receivedAt instants.
    tenant = (await call(t, { method: 'POST', url: '/api/tenants', headers: w.headers.platformOwner, payload: { name: 'Volume', slug: `volume-${run}` } }, 201)).json().id;
    admin = { ...w.headers.platformOwner, 'x-lockstep-tenant': tenant };
    const at = (ms: number) => new Date(base + ms);
    const doc = (channel: string, receivedAt: Date, type = 'page_view') => ({
      _id: newId('evt_'), tenantId: tenant, eventId: randomUUID(), type, anonymousId: 'v', userId: null, deviceId: null, personId: null, channel,
      device: null, timestamp: receivedAt, receivedAt, properties: {}, traits: null, context: null, keyId: 'k', createdAt: receivedAt, updatedAt: receivedAt, __v: 0,
    });
    const batch = (channel: string, ms: number, n: number, type?: string) => Array.from({ length: n }, () => doc(channel, at(ms), type));
    await t.app.lockstep.models.Event.collection.insertMany([
      ...batch('web', 5 * 60_000, 3), // 00:05, one batch of three
      ...batch('ios', 5 * 60_000, 1),
      ...batch('web', 50 * 60_000, 2, 'search'), // 00:50
      ...batch('ios', 2 * H + 1, 4), // 02:00
      ...batch('web', 23 * H + 59 * 60_000, 1), // 23:59
      ...batch('web', 24 * H, 5), // next day 00:00
      ...batch('web', -1, 7), // before the range
    ] as any[]);
  });

  test('counts per channel per hour, every bucket of the range included', async () => {
    const res = await call(t, { method: 'GET', url: `/api/events/volume?bucket=hour&from=${new Date(base).toISOString()}&to=${new Date(base + 4 * H).toISOString()}`, headers: admin }, 200);
    const body = res.json();
    assert.equal(body.bucket, 'hour');
    assert.deepEqual(body.buckets.map((b: any) => b.at), [0, 1, 2, 3].map((i) => new Date(base + i * H).toISOString()));
    assert.deepEqual(body.buckets.map((b: any) => b.counts), [{ web: 5, ios: 1 }, {}, { ios: 4 }, {}]);
    assert.deepEqual(body.buckets.map((b: any) => b.total), [6, 0, 4, 0]);
    assert.deepEqual(body.totals, { web: 5, ios: 5 });
    assert.equal(body.total, 10);
    assert.deepEqual(body.channels, ['ios', 'web'], 'busiest first, ties by name');
  });

  test('day buckets, aligned to a UTC offset, and channel/type filters', async () => {
    const q = (extra: string) => `/api/events/volume?bucket=day&from=${new Date(base).toISOString()}&to=${new Date(base + 2 * 24 * H).toISOString()}${extra}`;
    const utc = (await call(t, { method: 'GET', url: q(''), headers: admin }, 200)).json();
    assert.deepEqual(utc.buckets.map((b: any) => b.counts), [{ web: 6, ios: 5 }, { web: 5 }]);
    // UTC+8: local midnight is 16:00 UTC the day before, so 00:05–23:59 UTC of the 10th fall on two local days.
    const east = (await call(t, { method: 'GET', url: q('&utcOffset=480'), headers: admin }, 200)).json();
    assert.equal(east.buckets[0].at, new Date(base - 8 * H).toISOString());
    assert.deepEqual(east.buckets.map((b: any) => b.total), [10, 6, 0]);
    const web = (await call(t, { method: 'GET', url: q('&channel=web'), headers: admin }, 200)).json();
    assert.deepEqual(web.totals, { web: 11 });
    const search = (await call(t, { method: 'GET', url: q('&type=search'), headers: admin }, 200)).json();
    assert.deepEqual(search.totals, { web: 2 });
  });

  test('defaults to the last 24 hours, and only the caller\'s tenant is counted', async () => {
    await ingest([ev({ channel: 'watch', anonymousId: anon('vol') })]);
    const res = await call(t, { method: 'GET', url: '/api/events/volume', headers: w.headers.analyst }, 200);
    assert.ok(res.json().buckets.length >= 24 && res.json().buckets.length <= 25);
    assert.ok(res.json().totals.watch >= 1);
    const other = await call(t, { method: 'GET', url: '/api/events/volume', headers: w.headers.tenantOwner }, 200);
    assert.equal(other.json().totals.watch, undefined, 'tenant B sees none of tenant A\'s events');
  });

  test('bad parameters answer 400 CORE_ERR_VALIDATION naming the field', async () => {
    const bad: [string, RegExp][] = [
      ['bucket=week', /bucket/],
      ['from=yesterday', /from/],
      ['utcOffset=5000', /utcOffset/],
      ['channel=Not%20A%20Channel', /channel/],
      ['extra=1', /extra|additional/],
      [`from=${new Date(base + H).toISOString()}&to=${new Date(base).toISOString()}`, /from must be before/],
      [`bucket=hour&from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z`, /at most 1000/],
    ];
    for (const [qs, message] of bad) {
      const res = await t.app.inject({ method: 'GET', url: `/api/events/volume?${qs}`, headers: admin });
      assert.equal(res.statusCode, 400, `${qs} → ${res.body}`);
      assert.equal(res.json().code, 'CORE_ERR_VALIDATION');
      assert.match(res.json().message, message);
    }
  });
});

describe('permissions', () => {
  const EXPECT: Record<Who, number> = {
    anonymous: 401, platformOwner: 200, tenantOwner: 200, merchant: 200, analyst: 200, complianceOfficer: 200,
    pluginDeveloper: 403, publishableKey: 403, secretKey: 403,
  };
  for (const path of ['/api/events', '/api/events/volume']) {
    test(`GET ${path}: read Event for owners, merchants, analysts, compliance officers; nobody else`, async () => {
      for (const who of PRINCIPALS) {
        const res = await t.app.inject({ method: 'GET', url: path, headers: w.headers[who] });
        assert.equal(res.statusCode, EXPECT[who], `${who} → ${res.statusCode} ${res.body}`);
      }
    });
  }

  test('a tenant never lists another tenant\'s events, not even by naming them', async () => {
    const e = ev({ anonymousId: anon('secret-a') });
    await ingest([e]);
    const asB = await list(w.headers.tenantOwner, { filter: { anonymousId: anon('secret-a') } });
    assert.equal(asB.statusCode, 200);
    assert.deepEqual(asB.json(), []);
    assert.equal(total(asB), 0);
    assert.equal((await list(w.headers.tenantOwner, { filter: { q: e.eventId } })).json().length, 0);
    assert.equal((await list(w.headers.merchant, { filter: { q: e.eventId } })).json().length, 1);
  });
});

describe('WebSocket /api/events/stream', () => {
  test('pushes each just-ingested event of the tenant, as a summary', async () => {
    const c = await openStream(cookieOf(w.headers.analyst));
    try {
      const e = ev({ anonymousId: anon('live'), userId: `${run}-live-user`, device: { screen: 'phone' }, properties: { productId: 'p9', price: 12, currency: 'EUR', note: 'x'.repeat(500) } });
      await ingest([e]);
      const m = await c.next((x) => x.type === 'events' && x.events.some((y: any) => y.eventId === e.eventId));
      const got = m.events.find((y: any) => y.eventId === e.eventId);
      assert.equal(got.type, 'product_view');
      assert.equal(got.channel, 'web');
      assert.equal(got.anonymousId, anon('live'));
      assert.equal(got.userId, `${run}-live-user`);
      assert.equal(got.timestamp, new Date(e.timestamp).toISOString());
      assert.deepEqual(got.device, { screen: 'phone' });
      assert.equal(got.properties.productId, 'p9');
      assert.equal(got.properties.price, 12);
      assert.ok(got.properties.note.length <= 120, 'long strings are cut');
      assert.equal(got.propertyCount, 4);
      assert.match(got.id, /^evt_/);
    } finally {
      c.close();
    }
  });

  test('a filter limits what is pushed (types, channels, anonymousIds/userIds); a retried batch is not pushed again', async () => {
    const c = await openStream(cookieOf(w.headers.merchant));
    try {
      c.ws.send(JSON.stringify({ filter: { types: ['search', 'add_to_cart'], channels: ['ios', 'web'] } }));
      await c.next((m) => m.type === 'ready' && m.filter.types?.length === 2);
      const skipType = ev({ anonymousId: anon('f') });
      const skipChannel = ev({ anonymousId: anon('f'), type: 'search', channel: 'android', properties: { query: 'a' } });
      const hit = ev({ anonymousId: anon('f'), type: 'search', channel: 'ios', properties: { query: 'b' } });
      await ingest([skipType, skipChannel, hit]);
      await c.next((m) => m.type === 'events' && m.events.some((y: any) => y.eventId === hit.eventId));
      assert.deepEqual(eventIdsIn(c), [hit.eventId]);

      // One person: their phone's anonymousId or their account's userId.
      c.ws.send(JSON.stringify({ filter: { anonymousIds: [anon('phone')], userIds: [`${run}-u`] } }));
      await c.next((m) => m.type === 'ready' && m.filter.anonymousIds?.[0] === anon('phone'));
      const fromPhone = ev({ anonymousId: anon('phone') });
      const fromDesktop = ev({ anonymousId: anon('desktop'), userId: `${run}-u` });
      const stranger = ev({ anonymousId: anon('stranger') });
      await ingest([stranger, fromPhone, fromDesktop]);
      // Retried: the same batch again must not reach the stream a second time; the marker proves delivery went on.
      await ingest([fromPhone]);
      const marker = ev({ anonymousId: anon('phone'), type: 'search', properties: { query: 'marker' } });
      await ingest([marker]);
      await c.next((m) => m.type === 'events' && m.events.some((y: any) => y.eventId === marker.eventId));
      assert.deepEqual(eventIdsIn(c), [hit.eventId, fromPhone.eventId, fromDesktop.eventId, marker.eventId]);
    } finally {
      c.close();
    }
  });

  test('bad client messages get an error frame with a code; the socket stays open', async () => {
    const c = await openStream(cookieOf(w.headers.analyst));
    try {
      c.ws.send('{nope');
      assert.equal((await c.next((m) => m.type === 'error')).code, 'CORE_ERR_INVALID_JSON');
      c.ws.send(JSON.stringify({ filter: { types: 'search' } }));
      const bad = await c.next((m) => m.type === 'error' && m.code === 'CORE_ERR_VALIDATION');
      assert.match(bad.message, /types/);
      c.ws.send(JSON.stringify({ filter: {}, hello: 1 }));
      await c.next((m) => m.type === 'error' && /hello/.test(m.message));
      c.ws.send(JSON.stringify({ filter: { channels: ['web'] } }));
      await c.next((m) => m.type === 'ready' && m.filter.channels?.[0] === 'web');
    } finally {
      c.close();
    }
  });

  test('refused without a session (401), without read Event (403), and from a foreign Origin (403)', async () => {
    await assert.rejects(openStream({}), (err: any) => err.statusCode === 401 && err.body.code === 'CORE_ERR_UNAUTHENTICATED');
    await assert.rejects(openStream({ cookie: 'lockstep_session=lss_not-a-session' }), (err: any) => err.statusCode === 401);
    await assert.rejects(openStream(cookieOf(w.headers.pluginDeveloper)), (err: any) => err.statusCode === 403 && err.body.code === 'CORE_ERR_FORBIDDEN');
    await assert.rejects(openStream(w.headers.publishableKey), (err: any) => err.statusCode === 403);
    await assert.rejects(openStream({ ...cookieOf(w.headers.analyst), origin: 'https://evil.example' }), (err: any) => err.statusCode === 403 && /origin/.test(err.body.message));
    const sameOrigin = await openStream({ ...cookieOf(w.headers.analyst), origin: baseWs.replace('ws:', 'http:') });
    sameOrigin.close();
  });

  test('a socket sees only its own tenant\'s events', async () => {
    const b = await openStream(cookieOf(w.headers.tenantOwner));
    try {
      const keyB = (await call(t, { method: 'POST', url: '/api/api-keys', headers: w.headers.tenantOwner, payload: { name: 'b', kind: 'secret' } }, 201)).json().key;
      const inA = ev({ anonymousId: anon('tenant-a') });
      await ingest([inA]);
      const inB = ev({ anonymousId: anon('tenant-b') });
      await ingest([inB], keyB);
      await b.next((m) => m.type === 'events' && m.events.some((y: any) => y.eventId === inB.eventId));
      assert.deepEqual(eventIdsIn(b), [inB.eventId]);
    } finally {
      b.close();
    }
  });

  test('events ingested on another API instance reach the socket (Redis event bus)', async () => {
    const other = await buildApp(t.config, { logger: false, serveConsole: false });
    await other.ready();
    const c = await openStream(cookieOf(w.headers.analyst));
    try {
      const e = ev({ anonymousId: anon('instance-2') });
      await ingest([e], w.keys.secret.key, other);
      await c.next((m) => m.type === 'events' && m.events.some((y: any) => y.eventId === e.eventId));
    } finally {
      c.close();
      await other.close();
    }
  });

  test('logging out closes the session\'s sockets (4401)', async () => {
    const login = await call(t, { method: 'POST', url: '/api/auth/login', payload: { email: t.config.LOCKSTEP_ADMIN_EMAIL, password: t.config.LOCKSTEP_ADMIN_PASSWORD } }, 200);
    const headers = { authorization: `Bearer ${login.json().token}` };
    const c = await openStream(cookieOf(headers));
    await call(t, { method: 'POST', url: '/api/auth/logout', headers }, 204);
    const { code } = await c.closed;
    assert.equal(code, 4401);
  });
});

describe('slow clients', () => {
  const summary = (type = 'page_view'): EventSummary => summarizeEvent({ _id: 'evt_1', eventId: randomUUID(), type, channel: 'web', anonymousId: 'a', timestamp: new Date(), receivedAt: new Date(), properties: {} });
  const fakeSocket = () => {
    const sent: any[] = [];
    const socket: StreamSocket & { bufferedAmount: number } = { readyState: 1, bufferedAmount: 0, send: (d: string) => { sent.push(JSON.parse(d)); }, close: () => undefined };
    return { socket, sent };
  };

  test('events are dropped while the socket\'s send buffer is over the bound, then the drop is reported', () => {
    const { socket, sent } = fakeSocket();
    const sub = new StreamSubscriber(socket, 't', {}, 1000);
    sub.deliver([summary()]);
    assert.equal(sent.length, 1);
    socket.bufferedAmount = 5000;
    sub.deliver([summary(), summary()]);
    sub.deliver([summary()]);
    sub.reportLag();
    assert.equal(sent.length, 1, 'nothing is queued for a lagging client');
    assert.equal(sub.dropped, 3);
    socket.bufferedAmount = 0;
    sub.reportLag();
    assert.deepEqual(sent[1], { type: 'lag', dropped: 3 });
    assert.equal(sub.dropped, 0);
    assert.equal(sub.droppedTotal, 3);
    sub.deliver([summary('search')]);
    assert.equal(sent[2].type, 'events');
  });

  test('only matching events count as dropped', () => {
    const { socket, sent } = fakeSocket();
    const sub = new StreamSubscriber(socket, 't', {}, 0);
    sub.setFilter({ types: ['search'] });
    socket.bufferedAmount = 1;
    sub.deliver([summary('page_view'), summary('search')]);
    assert.equal(sub.dropped, 1);
    socket.bufferedAmount = 0;
    sub.deliver([summary('search')]);
    assert.deepEqual(sent.map((m) => m.type), ['lag', 'events']);
    assert.equal(sent[0].dropped, 1);
  });
});

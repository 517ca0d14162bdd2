import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { pino } from 'pino';
import WebSocket from 'ws';
import { strFromU8, unzipSync } from 'fflate';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { buildWorld, type Headers, type World } from '../helpers/matrix.ts';
import { loadPlugins } from '../../server/src/core/plugin-loader.ts';
import type { BusEvent } from '../../server/src/core/event-bus.ts';
import type { PluginContext } from '../../server/src/core/plugin-contract.ts';
import { startWorkerRuntime, type WorkerRuntime } from '../../workers/src/worker-runtime.ts';
import { receiptHash } from '../../privacy/src/requests/receipt.ts';
import { control } from '../fixtures/plugins/privacy-requests/flaky-notes/index.ts';

/**
 * Data-subject requests end to end: the API (inject) and a real worker runtime in this process, on the test
 * run's FerretDB and Redis, with the identity plugin and the test plugin `flaky-notes` (whose erase hook the tests
 * break and fix). Shoppers are made through POST /v1/events on two devices and stitched by the identity worker.
 */
const P = '/api/plugins/privacy';
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SOURCES = [
  { name: 'identity', source: pathToFileURL(path.join(ROOT, 'plugins/identity/index.ts')).href },
  { name: 'flaky-notes', source: pathToFileURL(path.join(ROOT, 'test/fixtures/plugins/privacy-requests/flaky-notes/index.ts')).href },
];

let t: TestApp;
let w: World;
let worker: WorkerRuntime;
let co: Headers;
let pk: Headers;
let privacyCtx: PluginContext;
let notesCtx: PluginContext;
let baseWs: string;
const bus: BusEvent<any>[] = [];
const uniq = (p: string) => `${p}-${randomUUID().replace(/-/g, '').slice(0, 16)}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor<T>(what: string, probe: () => Promise<T>, ms = 45_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) return last as NonNullable<T>;
    await sleep(150);
  }
  throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)?.slice(0, 2000)}`);
}

const api = (method: 'GET' | 'POST' | 'PUT', url: string, headers: Headers, payload?: unknown) =>
  t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
const getRequest = async (id: string, headers = co) => {
  const res = await api('GET', `${P}/requests/${id}`, headers);
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
};
const createRequest = async (body: Record<string, unknown>, headers = co) => {
  const res = await api('POST', `${P}/requests`, headers, body);
  assert.equal(res.statusCode, 201, res.body);
  return res.json();
};
const untilStatus = (id: string, statuses: string[]) => waitFor(`request ${id} to be ${statuses.join('/')}`, async () => {
  const r = await getRequest(id);
  return statuses.includes(r.status) ? r : null;
});
const step = (r: any, key: string) => r.steps.find((s: any) => s.key === key);

/** The console's retry, as soon as the request takes it (not while a run is active); done if BullMQ's retry won. */
async function retryNow(id: string): Promise<void> {
  await waitFor(`a retry of ${id} to be accepted`, async () => {
    const res = await api('POST', `${P}/requests/${id}/retry`, co);
    if (res.statusCode === 202) return true;
    assert.equal(res.statusCode, 409, res.body);
    return (await getRequest(id)).status === 'completed';
  });
}

const ev = (type: string, who: Record<string, string>, extra: Record<string, unknown> = {}) => ({
  eventId: `e-${randomUUID()}`, type, channel: who.anonymousId?.startsWith('phone') ? 'ios' : 'web', timestamp: new Date().toISOString(),
  properties: type === 'product_view' ? { productId: 'p-1', price: 10, currency: 'EUR' } : {}, ...who, ...extra,
});

/** Sends events with the publishable key and waits until the identity worker attributed every one. */
async function send(events: ReturnType<typeof ev>[]): Promise<void> {
  const res = await t.app.inject({ method: 'POST', url: '/v1/events', headers: pk, payload: { events } });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().accepted.length, events.length, res.body);
  const ids = events.map((e) => e.eventId);
  const Events = t.app.lockstep.models.Event;
  await waitFor('identity attribution', async () => (await Events.countDocuments({ tenantId: w.tenantA, eventId: { $in: ids }, personId: { $ne: null } })) === ids.length);
}

interface Shopper { userId: string; phone: string; desktop: string; email: string; personId: string; eventIds: string[] }

/** A shopper on a phone and a desktop, identified on both (one person), with consent and a note in flaky-notes. */
async function shopper(traits: Record<string, unknown> = {}): Promise<Shopper> {
  const s = { userId: uniq('user'), phone: uniq('phone'), desktop: uniq('desktop'), email: `${uniq('mail')}@example.test` };
  const batch1 = [
    ev('page_view', { anonymousId: s.phone }),
    ev('consent_update', { anonymousId: s.phone }, { properties: { purpose: 'marketing', granted: true } }),
    ev('identify', { anonymousId: s.phone, userId: s.userId }, { traits: { email: s.email, name: 'Ada Example', ...traits } }),
  ];
  await send(batch1);
  const batch2 = [ev('product_view', { anonymousId: s.desktop }), ev('identify', { anonymousId: s.desktop, userId: s.userId })];
  await send(batch2);
  const Events = t.app.lockstep.models.Event;
  const personId = await waitFor('one person for both devices', async () => {
    const docs = await Events.find({ tenantId: w.tenantA, eventId: { $in: [...batch1, ...batch2].map((e) => e.eventId) } }).lean<any[]>();
    const persons = new Set(docs.map((d) => d.personId));
    return persons.size === 1 ? [...persons][0] as string : null;
  });
  await notesCtx.model('FlakyNote').create({ tenantId: w.tenantA, userId: s.userId, note: `${s.userId} likes red guitars` });
  return { ...s, personId, eventIds: [...batch1, ...batch2].map((e) => e.eventId) };
}

async function loaded() {
  return loadPlugins(SOURCES);
}

before(async () => {
  t = await buildTestApp({}, { plugins: await loaded() });
  w = await buildWorld(t);
  co = w.headers.complianceOfficer;
  pk = { authorization: `Bearer ${t.config.LOCKSTEP_DEMO_PUBLISHABLE_KEY}` };
  privacyCtx = t.app.lockstep.host.contexts.get('privacy')!;
  notesCtx = t.app.lockstep.host.contexts.get('flaky-notes')!;
  assert.ok(privacyCtx?.platform, 'the privacy plugin is required and gets platform access');
  assert.ok(notesCtx, 'the flaky-notes fixture plugin is active');
  for (const topic of ['privacy.subject.erased', 'privacy.retrain-needed']) t.app.lockstep.bus.subscribe(topic, (e) => { bus.push(e); });
  worker = await startWorkerRuntime(t.config, pino({ level: 'silent' }), { skipTf: true, plugins: await loaded() });
  assert.ok(worker.queues.includes('privacy-requests'), `the worker serves privacy-requests: ${worker.queues.join(', ')}`);
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  baseWs = `ws://127.0.0.1:${(t.app.server.address() as { port: number }).port}`;
});
after(async () => {
  Object.assign(control, { failErase: false, leaveResidue: false });
  await worker?.close();
  await t?.close();
});

describe('access request', () => {
  test('one archive with identity, events and consent of every device of the person; download audited', async () => {
    const s = await shopper();
    const created = await createRequest({ kind: 'access', subject: { kind: 'userId', value: s.userId }, note: 'ticket 42' });
    assert.equal(created.status, 'received');
    assert.equal(created.kind, 'access');
    assert.equal(created.requestedBy.id, w.userIds.complianceOfficer);
    const days = (new Date(created.dueAt).getTime() - new Date(created.receivedAt).getTime()) / 86_400_000;
    assert.equal(days, 30, 'the default deadline is 30 days');

    const done = await untilStatus(created.id, ['completed', 'failed']);
    assert.equal(done.status, 'completed', JSON.stringify(done.steps));
    assert.equal(done.personId, s.personId);
    assert.deepEqual([...done.identifiers.anonymousId].sort(), [s.phone, s.desktop].sort());
    for (const key of ['resolve', 'plugin:identity', 'plugin:flaky-notes', 'core:events', 'core:consent', 'core:audit', 'archive']) assert.equal(step(done, key)?.status, 'done', key);
    assert.ok(done.export.available && done.export.bytes > 0 && done.receiptHash);
    assert.equal(done.receiptHash, receiptHash(done.receipt), 'the receipt hashes to its recorded hash');

    const merchantDl = await api('GET', `${P}/requests/${created.id}/export`, w.headers.merchant);
    assert.equal(merchantDl.statusCode, 403);
    assert.equal(merchantDl.json().code, 'CORE_ERR_FORBIDDEN');
    const dl = await api('GET', `${P}/requests/${created.id}/export`, co);
    assert.equal(dl.statusCode, 200, dl.body);
    assert.equal(dl.headers['content-type'], 'application/zip');
    assert.match(String(dl.headers['content-disposition']), /attachment; filename="privacy-export-dsr_/);
    const files = unzipSync(new Uint8Array(dl.rawPayload));
    assert.deepEqual(Object.keys(files).sort(), ['README.txt', 'data.json', 'summary.html']);
    const data = JSON.parse(strFromU8(files['data.json']!));
    const identity = data.plugins.identity;
    assert.deepEqual(identity.persons.filter((p: any) => !p.mergedInto).map((p: any) => p.id), [s.personId]);
    assert.equal(identity.persons.find((p: any) => p.id === s.personId).traits.email, s.email);
    const ids = identity.identifiers.map((i: any) => `${i.kind}:${i.value}`);
    for (const id of [`user_id:${s.userId}`, `anonymous_id:${s.phone}`, `anonymous_id:${s.desktop}`]) assert.ok(ids.includes(id), `${id} in ${ids}`);
    assert.deepEqual(data.plugins['flaky-notes'].notes.map((n: any) => n.userId), [s.userId]);
    assert.deepEqual(data.core.events.map((e: any) => e.eventId).sort(), [...s.eventIds].sort(), 'every event of both devices');
    assert.deepEqual(new Set(data.core.events.map((e: any) => e.anonymousId)), new Set([s.phone, s.desktop]));
    assert.ok(data.core.consent.some((c: any) => c.purpose === 'marketing' && c.granted === true && [s.phone, s.userId, s.personId].includes(c.subject)), JSON.stringify(data.core.consent));
    const html = strFromU8(files['summary.html']!);
    assert.match(html, /<h1>Your personal data<\/h1>/);
    for (const v of [s.userId, s.phone, s.desktop, 'Shopper events', 'Consent', 'Plugin: identity']) assert.ok(html.includes(v), `summary mentions ${v}`);
    assert.doesNotMatch(html, /<script/i);

    const after = await getRequest(created.id);
    assert.equal(after.export.downloads, 1);
    const audit = (await api('GET', `/api/audit?filter=${encodeURIComponent(JSON.stringify({ targetId: created.id }))}&range=[0,49]`, co)).json() as any[];
    const actions = audit.map((a) => a.action);
    for (const a of ['privacy.request.create', 'privacy.export.generated', 'privacy.export.download']) assert.ok(actions.includes(a), `${a} audited: ${actions}`);
    assert.equal(audit.find((a) => a.action === 'privacy.export.generated').details.receiptHash, done.receiptHash);
    assert.equal(audit.find((a) => a.action === 'privacy.export.download').actor.id, w.userIds.complianceOfficer);

    // Stored sealed: the raw archive part is ciphertext, not the zip's base64.
    const raw = await t.app.lockstep.connection.db!.collection('privacy_exports').findOne({ requestId: created.id });
    assert.ok(raw && typeof raw.content === 'string' && !raw.content.startsWith('UEsDB'), 'the archive is encrypted at rest');

    // Expired: 410 with its code.
    await t.app.lockstep.connection.db!.collection('privacy_requests').updateOne({ _id: created.id as any }, { $set: { 'exportInfo.expiresAt': new Date(Date.now() - 1000) } });
    const expired = await api('GET', `${P}/requests/${created.id}/export`, co);
    assert.equal(expired.statusCode, 410);
    assert.equal(expired.json().code, 'PRIVACY_ERR_REQ_EXPORT_EXPIRED');
    assert.equal((await getRequest(created.id)).export.available, false);
  });
});

/** Every key of the test's Redis prefix and its contents, as one string per key. */
async function redisDump(): Promise<Map<string, string>> {
  const redis = t.app.lockstep.redis;
  const out = new Map<string, string>();
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${t.config.REDIS_PREFIX}*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      const type = await redis.type(key);
      let value: unknown = null;
      if (type === 'string') value = await redis.get(key);
      else if (type === 'hash') value = await redis.hgetall(key);
      else if (type === 'list') value = await redis.lrange(key, 0, -1);
      else if (type === 'set') value = await redis.smembers(key);
      else if (type === 'zset') value = await redis.zrange(key, '0', '-1');
      else if (type === 'stream') value = await redis.xrange(key, '-', '+');
      out.set(key, `${key} ${JSON.stringify(value)}`);
    }
  } while (cursor !== '0');
  return out;
}

/** Documents of every collection of the test database that mention any of the values, by collection. */
async function storeMentions(values: string[]): Promise<Record<string, number>> {
  const db = t.app.lockstep.connection.db!;
  const hits: Record<string, number> = {};
  for (const { name } of await db.listCollections().toArray()) {
    for (const doc of await db.collection(name).find({}).toArray()) {
      const text = JSON.stringify(doc);
      if (values.some((v) => text.includes(v))) hits[name] = (hits[name] ?? 0) + 1;
    }
  }
  return hits;
}

function openStream(headers: Headers, filter: Record<string, string[]>): Promise<{ closed: Promise<{ code: number; reason: string }>; ws: WebSocket }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${baseWs}/api/events/stream`, { headers });
    const closed = new Promise<{ code: number; reason: string }>((r) => ws.on('close', (code, reason) => r({ code, reason: reason.toString() })));
    let readies = 0;
    ws.on('message', (data) => {
      const m = JSON.parse(data.toString());
      if (m.type !== 'ready') return;
      if (++readies === 1) ws.send(JSON.stringify({ filter }));
      else resolve({ closed, ws });
    });
    ws.on('error', reject);
  });
}

describe('erasure request', () => {
  test('a failing plugin hook keeps the request open with its error; fixed and retried it completes without residue', async () => {
    const s = await shopper();
    const values = [s.userId, s.phone, s.desktop, s.personId, s.email];
    const stream = await openStream(co, { anonymousIds: [s.phone] });
    // A job still queued with one of the person's ids in its payload.
    await privacyCtx.queue('privacy-requests').add('run-request', { tenantId: w.tenantA, requestId: 'dsr_unrelated', mention: s.desktop }, { delay: 3_600_000 });
    // The scans below can see the person: before the erasure they find them (store and Redis).
    const before = await storeMentions(values);
    for (const c of ['core_events', 'identity_persons', 'identity_identifiers', 'privacy_consents', 'flaky_notes_notes']) assert.ok(before[c], `${c} names the person before: ${JSON.stringify(before)}`);
    assert.ok([...(await redisDump()).values()].some((v) => v.includes(s.desktop)), 'the queued job names the person before');

    control.failErase = true;
    const created = await createRequest({ kind: 'erasure', subject: { kind: 'anonymousId', value: s.phone } });
    const waiting = await untilStatus(created.id, ['waiting', 'failed']);
    assert.equal(waiting.status, 'waiting');
    const failedStep = step(waiting, 'plugin:flaky-notes');
    assert.equal(failedStep.status, 'failed');
    assert.match(failedStep.error, /notes store is unavailable/);
    assert.match(waiting.lastError, /plugin:flaky-notes/);
    assert.equal(waiting.receipt, null);
    assert.equal(waiting.completedAt, null);
    const listed = (await api('GET', `${P}/requests?filter=${encodeURIComponent(JSON.stringify({ status: 'waiting' }))}`, co)).json() as any[];
    assert.ok(listed.some((r) => r.id === created.id && r.status === 'waiting'), 'the open request is visible in the queue as waiting');
    // Never completed while the hook fails.
    await sleep(2500);
    assert.notEqual((await getRequest(created.id)).status, 'completed');

    control.failErase = false;
    await retryNow(created.id);
    const done = await untilStatus(created.id, ['completed', 'failed']);
    assert.equal(done.status, 'completed', JSON.stringify(done.steps));
    assert.equal(step(done, 'plugin:flaky-notes').status, 'done');
    assert.ok(step(done, 'plugin:flaky-notes').attempts >= 2);

    // Receipt: per plugin, core counts, verification, hash recorded in the audit log.
    const r = done.receipt;
    assert.equal(done.receiptHash, receiptHash(r));
    assert.ok(r.plugins.identity.deleted >= 3, JSON.stringify(r.plugins));
    assert.equal(r.plugins['flaky-notes'].deleted, 1);
    assert.equal(r.core.events, s.eventIds.length);
    assert.deepEqual(r.core.consent.proof.map((c: any) => [c.purpose, c.granted]), [['marketing', true]]);
    assert.ok(!JSON.stringify(r.core.consent.proof).includes(s.phone), 'the consent proof names no subject');
    assert.equal(r.verification.ok, true);
    assert.ok(r.verification.searched > 5, JSON.stringify(r.verification));
    assert.ok(r.core.keys.shredded >= 1, JSON.stringify(r.core.keys));
    assert.ok(r.core.queuedJobs >= 1, 'the queued job naming the person was removed');
    const audit = (await api('GET', `/api/audit?filter=${encodeURIComponent(JSON.stringify({ targetId: created.id }))}&range=[0,49]`, co)).json() as any[];
    const erased = audit.find((a) => a.action === 'privacy.erasure.done');
    assert.equal(erased?.details.receiptHash, done.receiptHash);

    // The request keeps no subject; the identity graph forgot the devices; the socket watching them was closed.
    assert.equal(done.subject.value, null);
    assert.deepEqual(done.identifiers, {});
    for (const [kind, value] of [['anonymous_id', s.phone], ['anonymous_id', s.desktop], ['user_id', s.userId]]) {
      const res = await api('GET', `/api/plugins/identity/resolve?kind=${kind}&value=${encodeURIComponent(value!)}`, w.headers.platformOwner);
      assert.equal(res.json().personId ?? null, null, `${kind} ${value} no longer resolves`);
    }
    assert.deepEqual(await Promise.race([stream.closed, sleep(5000).then(() => null)]), { code: 4410, reason: 'data subject erased' });
    const erasedMsg = await waitFor('privacy.subject.erased', async () => bus.find((e) => e.topic === 'privacy.subject.erased' && e.payload.requestId === created.id));
    assert.ok(erasedMsg.payload.values.includes(s.desktop));
    const retrain = await waitFor('privacy.retrain-needed', async () => bus.find((e) => e.topic === 'privacy.retrain-needed' && e.payload.requestId === created.id));
    assert.deepEqual([retrain.payload.plugin, retrain.payload.models], ['flaky-notes', ['notes-ranker']]);

    // No residue: every collection, read directly. The audit log is append-only by design (ids only, never contact
    // data): it is left out here and checked for the e-mail address and the note instead.
    const { privacy_audit: _audit, ...hits } = await storeMentions(values);
    assert.deepEqual(hits, {}, `documents still naming the person: ${JSON.stringify(hits)}`);
    assert.deepEqual(await storeMentions([s.email, 'likes red guitars']), {});
    const keys = await t.app.lockstep.connection.db!.collection('privacy_keys').find({ tenantId: w.tenantA, status: { $ne: 'shredded' }, ref: { $in: [s.personId, `user:${s.userId}`, `anon:${s.phone}`, `anon:${s.desktop}`] } }).toArray();
    assert.deepEqual(keys, [], 'the person\'s keys are shredded');
    // And Redis: no key or value names any of the person's ids (queued jobs, caches, locks, streams).
    const dump = await redisDump();
    const leaks = [...dump.values()].filter((v) => values.some((x) => v.includes(x)));
    assert.deepEqual(leaks.map((l) => l.slice(0, 300)), []);
  });

  test('residue found by the verification scan keeps the request open with findings until it is gone', async () => {
    const s = await shopper();
    control.leaveResidue = true;
    const created = await createRequest({ kind: 'erasure', subject: { kind: 'userId', value: s.userId } });
    const open = await untilStatus(created.id, ['waiting', 'failed']);
    assert.equal(step(open, 'verify').status, 'failed');
    assert.match(step(open, 'verify').error, /flaky_notes_notes\.userId/);
    assert.deepEqual(open.findings.map((f: any) => [f.collection, f.path, f.count]), [['flaky_notes_notes', 'userId', 1]]);
    assert.equal(step(open, 'plugin:identity').status, 'done', 'the other steps ran');
    control.leaveResidue = false;
    await retryNow(created.id);
    const done = await untilStatus(created.id, ['completed']);
    assert.deepEqual(done.findings, []);
    assert.equal(done.receipt.verification.ok, true);
    assert.equal(await notesCtx.model('FlakyNote').countDocuments({ tenantId: w.tenantA, userId: s.userId }), 0);
  });
});

describe('deadlines and reminders', () => {
  test('per-tenant deadline; approaching and overdue reminders once each, audited; overdue shows in the list', async () => {
    const put = await api('PUT', `${P}/request-settings`, co, { dueDays: 10, reminderDays: 14 });
    assert.equal(put.statusCode, 200, put.body);
    assert.deepEqual(put.json(), { dueDays: 10, reminderDays: 14, exportTtlDays: 7 });
    const bad = await api('PUT', `${P}/request-settings`, co, { dueDays: 0 });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().code, 'CORE_ERR_VALIDATION');
    try {
      control.failErase = true; // keeps the request open
      const created = await createRequest({ kind: 'erasure', subject: { kind: 'userId', value: uniq('nobody') } });
      assert.equal((new Date(created.dueAt).getTime() - new Date(created.receivedAt).getTime()) / 86_400_000, 10);
      await untilStatus(created.id, ['waiting', 'failed']);
      const remind = () => privacyCtx.enqueue(w.tenantA, 'remind-due', {});
      await remind();
      const approaching = await waitFor('an approaching reminder', async () => { const r = await getRequest(created.id); return r.reminders.length ? r : null; });
      assert.deepEqual(approaching.reminders.map((x: any) => x.kind), ['approaching']);
      assert.equal(approaching.overdue, false);

      await t.app.lockstep.connection.db!.collection('privacy_requests').updateOne({ _id: created.id as any }, { $set: { dueAt: new Date(Date.now() - 3600_000) } });
      await remind();
      const overdue = await waitFor('an overdue reminder', async () => { const r = await getRequest(created.id); return r.reminders.length === 2 ? r : null; });
      assert.deepEqual(overdue.reminders.map((x: any) => x.kind), ['approaching', 'overdue']);
      assert.equal(overdue.overdue, true);
      const listed = (await api('GET', `${P}/requests?filter=${encodeURIComponent(JSON.stringify({ overdue: true }))}&range=[0,99]`, co)).json() as any[];
      assert.ok(listed.some((r) => r.id === created.id && r.overdue), 'the overdue filter lists it');
      const notOverdue = (await api('GET', `${P}/requests?filter=${encodeURIComponent(JSON.stringify({ overdue: false }))}&range=[0,99]`, co)).json() as any[];
      assert.ok(!notOverdue.some((r) => r.id === created.id));

      const job = await remind();
      await waitFor('the third reminder run', async () => (await job.getState()) === 'completed');
      assert.equal((await getRequest(created.id)).reminders.length, 2, 'each reminder is sent once');
      const audit = (await api('GET', `/api/audit?filter=${encodeURIComponent(JSON.stringify({ targetId: created.id, action: 'privacy.request.reminder' }))}`, co)).json() as any[];
      assert.deepEqual(audit.map((a) => a.details.reminder).sort(), ['approaching', 'overdue']);
    } finally {
      control.failErase = false;
      await api('PUT', `${P}/request-settings`, co, { dueDays: 30, reminderDays: 7 });
    }
  });
});

describe('rectification', () => {
  test('corrected profile fields are applied through the identity plugin and audited; the request forgets them', async () => {
    const s = await shopper({ phone: '+44 20 7946 0000' });
    const created = await createRequest({ kind: 'rectification', subject: { kind: 'email', value: s.email }, corrections: { name: 'Ada Lovelace', phone: '+44 20 7946 0999' } });
    assert.deepEqual(created.corrections, { name: 'Ada Lovelace', phone: '+44 20 7946 0999' });
    const done = await untilStatus(created.id, ['completed', 'failed']);
    assert.equal(done.status, 'completed', JSON.stringify(done.steps));
    assert.equal(done.personId, s.personId, 'found by e-mail address');
    assert.deepEqual(done.correctedFields, ['name', 'phone']);
    assert.equal(done.corrections, null);
    const person = (await api('GET', `/api/plugins/identity/persons/${s.personId}`, w.headers.platformOwner)).json();
    assert.equal(person.traits.name, 'Ada Lovelace');
    assert.equal(person.traits.phone, '+44 20 7946 0999');
    assert.equal(person.traits.email, s.email, 'fields not named stay');
    const audit = (await api('GET', `/api/audit?filter=${encodeURIComponent(JSON.stringify({ targetId: created.id, action: 'privacy.rectification.applied' }))}`, co)).json() as any[];
    assert.equal(audit.length, 1);
    assert.deepEqual(audit[0].details.fields, ['name', 'phone']);
  });

  test('a subject nobody knows fails the request at once with the reason, never completes', async () => {
    const created = await createRequest({ kind: 'rectification', subject: { kind: 'userId', value: uniq('ghost') }, corrections: { name: 'X' } });
    const failed = await untilStatus(created.id, ['failed', 'completed']);
    assert.equal(failed.status, 'failed');
    assert.match(failed.lastError, /no person/);
    assert.equal(step(failed, 'plugin:identity').status, 'failed');
    const retried = await api('POST', `${P}/requests/${created.id}/retry`, co);
    assert.equal(retried.statusCode, 202, 'a failed request can be retried');
    assert.ok(['received', 'running'].includes(retried.json().status), retried.body);
    assert.equal(retried.json().runs, 2);
    const again = await untilStatus(created.id, ['failed', 'completed']);
    assert.equal(again.status, 'failed');
  });
});

describe('access control and bad input', () => {
  let id: string;
  before(async () => {
    id = (await createRequest({ kind: 'access', subject: { kind: 'anonymousId', value: uniq('anon') } })).id;
    await untilStatus(id, ['completed', 'failed']);
  });

  test('merchants, analysts and API keys get 403 with a code; anonymous 401; the owner may; another tenant sees 404', async () => {
    for (const who of ['merchant', 'analyst', 'pluginDeveloper', 'secretKey', 'publishableKey'] as const) {
      for (const [method, url, body] of [['GET', `${P}/requests`], ['GET', `${P}/requests/${id}`], ['POST', `${P}/requests`, { kind: 'access', subject: { kind: 'userId', value: 'u1' } }], ['POST', `${P}/requests/${id}/retry`]] as const) {
        const res = await api(method, url, w.headers[who], body);
        assert.equal(res.statusCode, 403, `${who} ${method} ${url}: ${res.body}`);
        assert.equal(res.json().code, 'CORE_ERR_FORBIDDEN');
      }
    }
    assert.equal((await api('GET', `${P}/requests`, w.headers.anonymous)).statusCode, 401);
    const list = await api('GET', `${P}/requests?range=[0,4]&sort=["dueAt","ASC"]`, w.headers.platformOwner);
    assert.equal(list.statusCode, 200);
    assert.match(String(list.headers['content-range']), /^requests 0-\d+\/\d+$/);
    const other = await api('GET', `${P}/requests/${id}`, w.headers.tenantOwner);
    assert.equal(other.statusCode, 404);
    assert.equal(other.json().code, 'PRIVACY_ERR_REQ_NOT_FOUND');
    const q = (await api('GET', `${P}/requests?filter=${encodeURIComponent(JSON.stringify({ q: id }))}`, co)).json() as any[];
    assert.deepEqual(q.map((r) => r.id), [id]);
  });

  test('bad input answers 400 with a code and the field', async () => {
    const cases: [unknown, string, RegExp][] = [
      [{ subject: { kind: 'userId', value: 'u' } }, 'CORE_ERR_VALIDATION', /kind/],
      [{ kind: 'delete', subject: { kind: 'userId', value: 'u' } }, 'CORE_ERR_VALIDATION', /kind/],
      [{ kind: 'access', subject: { kind: 'phone', value: 'u' } }, 'CORE_ERR_VALIDATION', /subject/],
      [{ kind: 'access', subject: { kind: 'userId', value: '' } }, 'CORE_ERR_VALIDATION', /subject/],
      [{ kind: 'access', subject: { kind: 'userId', value: 'u' }, extra: 1 }, 'CORE_ERR_VALIDATION', /additional properties/],
      [{ kind: 'access', subject: { kind: 'email', value: 'not-an-email' } }, 'PRIVACY_ERR_REQ_INVALID', /body\.subject\.value/],
      [{ kind: 'access', subject: { kind: 'userId', value: 'u' }, corrections: { name: 'x' } }, 'PRIVACY_ERR_REQ_INVALID', /body\.corrections/],
      [{ kind: 'rectification', subject: { kind: 'userId', value: 'u' } }, 'PRIVACY_ERR_REQ_INVALID', /body\.corrections/],
      [{ kind: 'rectification', subject: { kind: 'userId', value: 'u' }, corrections: { email: 'nope' } }, 'PRIVACY_ERR_REQ_INVALID', /body\.corrections\.email/],
      [{ kind: 'rectification', subject: { kind: 'userId', value: 'u' }, corrections: { age: 3 } }, 'CORE_ERR_VALIDATION', /age/],
      [{ kind: 'erasure', subject: { kind: 'userId', value: 'u' }, dueAt: '2001-01-01T00:00:00Z' }, 'PRIVACY_ERR_REQ_INVALID', /body\.dueAt/],
    ];
    for (const [body, code, message] of cases) {
      const res = await api('POST', `${P}/requests`, co, body);
      assert.equal(res.statusCode, 400, `${JSON.stringify(body)} → ${res.body}`);
      assert.equal(res.json().code, code, JSON.stringify(body));
      assert.match(`${res.json().message} ${JSON.stringify(res.json().details ?? '')}`, message, JSON.stringify(body));
    }
    const badList = await api('GET', `${P}/requests?filter=${encodeURIComponent(JSON.stringify({ subject: 'x' }))}`, co);
    assert.equal(badList.statusCode, 400);
    assert.equal(badList.json().code, 'CORE_ERR_INVALID_LIST_QUERY');
    const notRetryable = await api('POST', `${P}/requests/${id}/retry`, co);
    assert.equal(notRetryable.statusCode, 409);
    assert.equal(notRetryable.json().code, 'PRIVACY_ERR_REQ_NOT_RETRYABLE');
    const missing = await api('GET', `${P}/requests/dsr_missing`, co);
    assert.equal(missing.statusCode, 404);
    assert.equal(missing.json().code, 'PRIVACY_ERR_REQ_NOT_FOUND');
    const erasure = await createRequest({ kind: 'erasure', subject: { kind: 'userId', value: uniq('x') } });
    const noArchive = await api('GET', `${P}/requests/${erasure.id}/export`, co);
    assert.equal(noArchive.statusCode, 409);
    assert.equal(noArchive.json().code, 'PRIVACY_ERR_REQ_EXPORT_NOT_READY');
    await untilStatus(erasure.id, ['completed', 'failed']);
  });
});

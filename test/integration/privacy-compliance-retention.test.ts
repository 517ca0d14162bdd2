import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { buildWorld, call, uniq, type Headers, type World } from '../helpers/matrix.ts';
import { startWorkerRuntime, type WorkerRuntime } from '../../workers/src/worker-runtime.ts';
import { RETENTION_EVERY_MS, RETENTION_JOB, RETENTION_QUEUE, RETENTION_SCHEDULER_ID } from '../../privacy/src/retention/constants.ts';
import { sweepCollection, type SweepCollection } from '../../privacy/src/retention/retention-sweep.ts';
import retentionJob from '../../privacy/src/retention/retention.job.ts';
import { PLATFORM_CHAIN } from '../../privacy/src/audit/audit-types.ts';

/**
 * Retention policies per collection (declared defaults, tenant overrides) and the retention job: a real BullMQ
 * worker deletes exactly the tenant's expired documents and the run is audited.
 */

const P = '/api/plugins/privacy';
const DAY = 86_400_000;

let t: TestApp;
let w: World;
let worker: WorkerRuntime;

before(async () => {
  t = await buildTestApp();
  w = await buildWorld(t);
  // The API scheduled the hourly sweep; take it out so no scheduled run interferes with the counts below.
  const queue = t.app.lockstep.host.contexts.get('privacy')!.queue(RETENTION_QUEUE);
  const scheduler = await queue.getJobScheduler(RETENTION_SCHEDULER_ID);
  assert.equal(scheduler?.every, RETENTION_EVERY_MS, 'the hourly retention job is scheduled at start');
  assert.equal(scheduler?.name, RETENTION_JOB);
  await queue.removeJobScheduler(RETENTION_SCHEDULER_ID);
  // An `every` scheduler adds its first job at once: drop it too, before a worker could take it.
  await queue.drain(true);
  worker = await startWorkerRuntime(t.config, pino({ level: 'silent' }), { skipTf: true });
  assert.ok(worker.queues.includes(RETENTION_QUEUE), `the worker serves ${RETENTION_QUEUE}`);
});
after(async () => {
  await worker?.close();
  await t?.close();
});

const qs = (o: Record<string, unknown>) => Object.entries(o).map(([k, v]) => `${k}=${encodeURIComponent(JSON.stringify(v))}`).join('&');
const raw = (name: string) => t.app.lockstep.connection.db!.collection(name);
const ago = (days: number) => new Date(Date.now() - days * DAY);
async function newTenant(): Promise<{ id: string; admin: Headers }> {
  const id = (await call(t, { method: 'POST', url: '/api/tenants', headers: w.headers.platformOwner, payload: { name: 'Retention shop', slug: uniq('retention') } }, 201)).json().id as string;
  return { id, admin: w.adminIn(id) };
}
const event = (tenantId: string, daysOld: number) => ({ _id: `evt_${uniq('r').replace(/-/g, '')}`, tenantId, eventId: uniq('e'), type: 'track', channel: 'web', timestamp: ago(daysOld), receivedAt: ago(daysOld), keyId: 'key_test', properties: {} });
const merge = (tenantId: string, daysOld: number) => ({ _id: `mrg_${uniq('m').replace(/-/g, '')}`, tenantId, action: 'merge', cause: 'identify', identifiers: [], at: ago(daysOld), dedupeKey: uniq('d') });
const session = (tenantId: string, expiredDaysAgo: number) => ({ _id: `ses_${uniq('s').replace(/-/g, '')}`, tenantId, tokenHash: uniq('h'), userId: 'usr_x', expiresAt: ago(expiredDaysAgo), ip: null });
const person = (tenantId: string, daysOld: number) => ({ _id: `prs_${uniq('p').replace(/-/g, '')}`, tenantId, channels: [], identifierCount: 0, lastSeenAt: ago(daysOld), mergedInto: null });
const ids = async (collection: string, tenantId: string) => (await raw(collection).find({ tenantId }, { projection: { _id: 1 } }).toArray()).map((d) => String(d._id)).sort();

async function waitForRun(h: Headers, runId: string, ms = 30_000): Promise<any> {
  const deadline = Date.now() + ms;
  let last: any;
  while (Date.now() < deadline) {
    last = (await call(t, { method: 'GET', url: `${P}/retention/runs/${runId}`, headers: h }, 200)).json();
    if (last.status === 'completed' || last.status === 'failed') return last;
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.fail(`run ${runId} did not finish: ${JSON.stringify(last)}`);
}

describe('retention policies', () => {
  test('declared defaults per collection; a tenant overrides, switches off and resets them, audited', async () => {
    const { admin } = await newTenant();
    const list = (await call(t, { method: 'GET', url: `${P}/retention/policies?${qs({ range: [0, 99] })}`, headers: admin }, 200)).json();
    const row = (c: string) => list.find((r: any) => r.collection === c);
    assert.deepEqual([row('core_events').source, row('core_events').field, row('core_events').days], ['declared', 'receivedAt', 395]);
    assert.deepEqual([row('core_sessions').field, row('core_sessions').days], ['expiresAt', 7]);
    assert.deepEqual([row('identity_merges').field, row('identity_merges').days, row('identity_merges').owner], ['at', 730, 'identity']);
    assert.deepEqual([row('identity_persons').source, row('identity_persons').enabled], ['none', false]);
    assert.ok(row('identity_persons').dateFields.includes('lastSeenAt'));
    for (const c of ['privacy_audit', 'privacy_keys', 'core_users', 'core_tenants', 'privacy_retention_policies']) assert.equal(row(c), undefined, `${c} is not listed`);

    const set = (await call(t, { method: 'PUT', url: `${P}/retention/policies/identity_merges`, headers: admin, payload: { days: 30 } }, 200)).json();
    assert.deepEqual([set.source, set.field, set.days, set.enabled, set.declared], ['tenant', 'at', 30, true, { field: 'at', days: 730 }]);
    assert.equal(set.override.updatedBy, w.userIds.platformOwner);
    const off = (await call(t, { method: 'PUT', url: `${P}/retention/policies/core_sessions`, headers: admin, payload: { days: 7, enabled: false } }, 200)).json();
    assert.deepEqual([off.source, off.enabled, off.field], ['disabled', false, null]);
    const added = (await call(t, { method: 'PUT', url: `${P}/retention/policies/identity_persons`, headers: admin, payload: { field: 'lastSeenAt', days: 100 } }, 200)).json();
    assert.deepEqual([added.source, added.field, added.days], ['tenant', 'lastSeenAt', 100]);
    const reset = (await call(t, { method: 'DELETE', url: `${P}/retention/policies/identity_persons`, headers: admin }, 200)).json();
    assert.deepEqual([reset.source, reset.override], ['none', null]);
    assert.equal((await call(t, { method: 'GET', url: `${P}/retention/policies/identity_merges`, headers: admin }, 200)).json().days, 30);
    const filtered = (await call(t, { method: 'GET', url: `${P}/retention/policies?${qs({ filter: { source: 'tenant' } })}`, headers: admin }, 200)).json();
    assert.deepEqual(filtered.map((r: any) => r.collection), ['identity_merges']);

    const entries = (await call(t, { method: 'GET', url: `/api/audit?${qs({ filter: { targetType: 'RetentionPolicy' }, sort: ['seq', 'ASC'] })}`, headers: admin }, 200)).json();
    assert.deepEqual(entries.map((e: any) => [e.action, e.target.id]), [
      ['retention.policy.update', 'identity_merges'], ['retention.policy.update', 'core_sessions'], ['retention.policy.update', 'identity_persons'], ['retention.policy.reset', 'identity_persons'],
    ]);
    assert.deepEqual(entries[1].details, { field: 'expiresAt', days: 7, enabled: false });
  });

  test('bad input is refused with a clear code', async () => {
    const { id: tenantId, admin } = await newTenant();
    const put = (c: string, payload: unknown, status: number) => call(t, { method: 'PUT', url: `${P}/retention/policies/${c}`, headers: admin, payload: payload as object }, status);
    assert.equal((await put('nobody_collection', { days: 10 }, 404)).json().code, 'PRIVACY_ERR_RETENTION_UNKNOWN_COLLECTION');
    assert.equal((await put('privacy_audit', { days: 10 }, 400)).json().code, 'PRIVACY_ERR_RETENTION_PROTECTED');
    assert.equal((await put('core_users', { days: 10 }, 400)).json().code, 'PRIVACY_ERR_RETENTION_PROTECTED');
    const badField = (await put('core_events', { field: 'type', days: 10 }, 400)).json();
    assert.equal(badField.code, 'PRIVACY_ERR_RETENTION_INVALID_FIELD');
    assert.match(badField.message, /receivedAt/);
    assert.equal((await put('identity_persons', { days: 10 }, 400)).json().code, 'CORE_ERR_VALIDATION', 'no declared field to default to');
    for (const payload of [{ days: -1 }, { days: 100_000 }, { days: 'a year' }, {}, { days: 5, ttl: 3 }]) assert.equal((await put('core_events', payload, 400)).json().code, 'CORE_ERR_VALIDATION', JSON.stringify(payload));
    assert.equal((await put('Core-Events', { days: 10 }, 400)).json().code, 'CORE_ERR_VALIDATION');
    assert.equal((await call(t, { method: 'GET', url: `${P}/retention/runs/rtr_missing`, headers: admin }, 404)).json().code, 'CORE_ERR_NOT_FOUND');
    assert.equal((await call(t, { method: 'POST', url: `${P}/retention/runs`, headers: admin, payload: { collections: ['core_events'] } }, 400)).json().code, 'CORE_ERR_VALIDATION');
    assert.equal((await call(t, { method: 'GET', url: `${P}/retention/policies?${qs({ filter: { days: 3 } })}`, headers: admin }, 400)).json().code, 'CORE_ERR_INVALID_LIST_QUERY');
    // Nothing was stored by the refused writes.
    assert.equal(await raw('privacy_retention_policies').countDocuments({ tenantId }), 0);
  });
});

describe('the retention job', () => {
  test('deletes only the tenant\'s expired documents, keeps the rest, and audits the counts', async () => {
    const { id: x, admin } = await newTenant();
    const { id: y } = await newTenant();
    await call(t, { method: 'PUT', url: `${P}/retention/policies/identity_merges`, headers: admin, payload: { days: 30 } }, 200);
    await call(t, { method: 'PUT', url: `${P}/retention/policies/core_sessions`, headers: admin, payload: { days: 7, enabled: false } }, 200);

    const oldEvents = [event(x, 400), event(x, 396), event(x, 500)];
    const keptEvents = [event(x, 394), event(x, 1)];
    const oldMerges = [merge(x, 60), merge(x, 31)];
    const keptMerges = [merge(x, 29)];
    await raw('core_events').insertMany([...oldEvents, ...keptEvents, event(y, 400), event(y, 600)] as any[]);
    await raw('identity_merges').insertMany([...oldMerges, ...keptMerges, merge(y, 800)] as any[]);
    await raw('core_sessions').insertMany([session(x, 30), session(x, 8)] as any[]);
    await raw('identity_persons').insertMany([person(x, 900)] as any[]);
    const before = { ySessions: await ids('core_sessions', x), persons: await ids('identity_persons', x), yEvents: await ids('core_events', y), yMerges: await ids('identity_merges', y) };

    const queued = await call(t, { method: 'POST', url: `${P}/retention/runs`, headers: admin, payload: {} }, 202);
    const run0 = queued.json();
    assert.deepEqual([run0.status, run0.trigger, run0.requestedBy, run0.jobId], ['queued', 'manual', w.userIds.platformOwner, `retention-${run0.id}`]);
    const run = await waitForRun(admin, run0.id);
    assert.equal(run.status, 'completed', JSON.stringify(run));

    assert.deepEqual(await ids('core_events', x), keptEvents.map((e) => e._id).sort());
    assert.deepEqual(await ids('identity_merges', x), keptMerges.map((e) => e._id).sort());
    assert.deepEqual(await ids('core_sessions', x), before.ySessions, 'the switched-off policy deleted nothing');
    assert.deepEqual(await ids('identity_persons', x), before.persons, 'no policy, nothing deleted');
    assert.deepEqual(await ids('core_events', y), before.yEvents, "another tenant's expired events stay");
    assert.deepEqual(await ids('identity_merges', y), before.yMerges);

    const result = (c: string) => run.results.find((r: any) => r.collection === c);
    assert.deepEqual([result('core_events').deleted, result('core_events').days, result('core_events').more], [3, 395, false]);
    assert.deepEqual([result('identity_merges').deleted, result('identity_merges').days], [2, 30]);
    assert.equal(result('core_sessions'), undefined);
    assert.equal(run.deleted, run.results.reduce((n: number, r: any) => n + r.deleted, 0));
    assert.equal(run.deleted, 5);

    const entries = (await call(t, { method: 'GET', url: `/api/audit?${qs({ filter: { action: 'retention.run' } })}`, headers: admin }, 200)).json();
    assert.equal(entries.length, 1);
    assert.deepEqual(entries[0].actor, { kind: 'system', id: 'retention' });
    assert.deepEqual(entries[0].target, { type: 'RetentionRun', id: run.id });
    assert.equal(entries[0].details.deleted, 5);
    assert.equal(entries[0].details.requestedBy, w.userIds.platformOwner);
    const perCollection = Object.fromEntries(entries[0].details.collections.map((c: string, i: number) => [c, entries[0].details.deletedPerCollection[i]]));
    assert.deepEqual([perCollection.core_events, perCollection.identity_merges], [3, 2]);
    assert.equal((await call(t, { method: 'POST', url: '/api/audit/verify', headers: admin }, 200)).json().ok, true);

    const policies = (await call(t, { method: 'GET', url: `${P}/retention/policies?${qs({ range: [0, 99] })}`, headers: admin }, 200)).json();
    assert.deepEqual(policies.find((p: any) => p.collection === 'core_events').lastRun, { runId: run.id, at: run.finishedAt, deleted: 3, more: false });
    const runs = (await call(t, { method: 'GET', url: `${P}/retention/runs`, headers: admin }, 200)).json();
    assert.deepEqual(runs.map((r: any) => r.id), [run.id]);

    // A second run finds nothing more; a requested run is audited even then.
    const again = await waitForRun(admin, (await call(t, { method: 'POST', url: `${P}/retention/runs`, headers: admin, payload: {} }, 202)).json().id);
    assert.deepEqual([again.status, again.deleted], ['completed', 0]);
  });

  test('the scheduled sweep covers every tenant; sweeps go in bounded batches of _id lists', async () => {
    const { id: a } = await newTenant();
    const { id: b } = await newTenant();
    await raw('core_events').insertMany([event(a, 400), event(a, 400), event(b, 400), event(b, 2)] as any[]);
    const ctx = t.app.lockstep.host.contexts.get('privacy')!;
    const progress: number[] = [];
    const job = { id: 'sweep-test', data: { tenantId: PLATFORM_CHAIN }, updateProgress: async (p: number) => { progress.push(p); } };
    const out = await retentionJob(job as any, { plugin: ctx, log: pino({ level: 'silent' }) });
    assert.ok((out as { tenants: number }).tenants >= 4, JSON.stringify(out));
    assert.deepEqual(await ids('core_events', a), []);
    assert.equal((await ids('core_events', b)).length, 1);
    assert.equal(progress.at(-1), 100);
    const runA = await raw('privacy_retention_runs').findOne({ tenantId: a, trigger: 'schedule' });
    assert.deepEqual([runA?.status, runA?.deleted, runA?.jobId], ['completed', 2, 'sweep-test']);
    const auditedA = (await call(t, { method: 'GET', url: `/api/audit?${qs({ filter: { action: 'retention.run' } })}`, headers: w.adminIn(a) }, 200)).json();
    assert.equal(auditedA.length, 1, 'a scheduled run that deleted something is audited');
    const { id: quiet } = await newTenant();
    await retentionJob(job as any, { plugin: ctx, log: pino({ level: 'silent' }) });
    assert.equal((await call(t, { method: 'GET', url: `/api/audit?${qs({ filter: { action: 'retention.run' } })}`, headers: w.adminIn(quiet) }, 200)).json().length, 0, 'an hourly run that found nothing stays off the audit log');
    assert.equal(await raw('privacy_retention_runs').countDocuments({ tenantId: quiet, status: 'completed' }), 1, 'but is on the run history');

    // Bounded batches on the real store: 5 expired documents, batches of 2, at most 2 batches per run.
    const { id: c } = await newTenant();
    await raw('core_events').insertMany(Array.from({ length: 5 }, () => event(c, 500)) as any[]);
    const coll = raw('core_events') as unknown as SweepCollection;
    const policy = { collection: 'core_events', field: 'receivedAt', days: 395 };
    assert.deepEqual(await sweepCollection(coll, c, policy, { batchSize: 2, maxBatches: 2 }).then((r) => [r.deleted, r.more]), [4, true]);
    assert.deepEqual(await sweepCollection(coll, c, policy, { batchSize: 2, maxBatches: 2 }).then((r) => [r.deleted, r.more]), [1, false]);
    assert.deepEqual(await ids('core_events', c), []);
  });
});

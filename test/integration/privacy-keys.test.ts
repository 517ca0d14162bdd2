import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { buildWorld, call, uniq, type World } from '../helpers/matrix.ts';
import { startWorkerRuntime, type WorkerRuntime } from '../../workers/src/worker-runtime.ts';
import { envelopeKeyId, isEnvelopeString } from '../../privacy/src/encryption/envelope.ts';

/**
 * Field-encryption keys as compliance officers run them: tenant data-key rotation as a BullMQ job (re-wraps person
 * keys, re-encrypts tenant-keyed values, progress in the API), and audited re-identification of pseudonyms.
 */
const P = '/api/plugins/privacy';
let t: TestApp;
let w: World;
let worker: WorkerRuntime;

before(async () => {
  t = await buildTestApp();
  w = await buildWorld(t);
  worker = await startWorkerRuntime(t.config, pino({ level: 'silent' }), { skipTf: true });
  assert.ok(worker.queues.includes('privacy-keys'), 'the worker serves privacy-keys');
});
after(async () => {
  await worker?.close();
  await t?.close();
});

const raw = (name: string) => t.app.lockstep.connection.db!.collection(name);

async function ingest(events: Record<string, unknown>[]): Promise<void> {
  const res = await t.app.inject({ method: 'POST', url: '/v1/events', headers: w.headers.publishableKey, payload: { events } });
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.json().accepted.length, events.length, res.body);
}

async function waitRotation(jobId: string, ms = 60_000): Promise<any> {
  const deadline = Date.now() + ms;
  for (;;) {
    const status = (await call(t, { method: 'GET', url: `${P}/keys`, headers: w.headers.complianceOfficer }, 200)).json();
    const r = status.rotations.find((x: any) => x.jobId === jobId);
    if (r && (r.state === 'completed' || r.state === 'failed')) return { status, rotation: r };
    if (Date.now() > deadline) throw new Error(`rotation ${jobId} did not finish: ${JSON.stringify(r)}`);
    await new Promise((res) => setTimeout(res, 200));
  }
}

test('rotation: a new data key becomes current, person keys are re-wrapped under it, tenant-keyed values re-encrypted, and everything still reads', async () => {
  const tenantId = w.tenantA;
  const now = new Date().toISOString();
  const tag = uniq('rot');
  // Person-keyed data (events of two subjects) and a tenant-keyed value (a pseudonym mapping).
  await ingest([
    { eventId: `${tag}-1`, type: 'identify', userId: `${tag}-u1`, anonymousId: `${tag}-a1`, channel: 'web', timestamp: now, traits: { email: `${tag}-1@example.com`, name: 'Ada One' } },
    { eventId: `${tag}-2`, type: 'identify', anonymousId: `${tag}-a2`, channel: 'app', timestamp: now, traits: { email: `${tag}-2@example.com` } },
  ]);
  const pseudonym = await t.app.lockstep.privacy.pseudonym(tenantId, `prs_${tag}`);
  const before = (await call(t, { method: 'GET', url: `${P}/keys`, headers: w.headers.complianceOfficer }, 200)).json();
  const v1 = before.tenantKeys.find((k: any) => k.kind === 'tenant-data' && k.status === 'active');
  assert.ok(v1, 'a data key exists after encrypted writes');
  assert.ok(before.personKeys.active >= 2, 'one person key per event subject');
  const mappingBefore = await raw('privacy_pseudonyms').findOne({ _id: pseudonym as any });
  assert.ok(isEnvelopeString(mappingBefore!.value) && envelopeKeyId(mappingBefore!.value) === v1.id, 'the mapping is sealed with the tenant data key');

  const started = await call(t, { method: 'POST', url: `${P}/keys/rotate`, headers: w.headers.complianceOfficer }, 202);
  const { status, rotation } = await waitRotation(started.json().jobId);
  assert.equal(rotation.state, 'completed', rotation.failedReason ?? '');
  assert.equal(rotation.progress.percent, 100);
  assert.equal(rotation.progress.phase, 'done');
  const v2 = status.tenantKeys.find((k: any) => k.kind === 'tenant-data' && k.status === 'active');
  assert.equal(v2.version, v1.version + 1);
  assert.equal(status.tenantKeys.find((k: any) => k.id === v1.id).status, 'retired');
  // Person keys now hang under the new data key; none is left under the old one.
  assert.equal(await raw('privacy_keys').countDocuments({ tenantId, kind: 'person', wrappedBy: v1.id, status: { $ne: 'shredded' } }), 0);
  assert.ok(await raw('privacy_keys').countDocuments({ tenantId, kind: 'person', wrappedBy: v2.id }) >= 2);
  // The tenant-keyed value was re-sealed with v2 and still reads.
  const mappingAfter = await raw('privacy_pseudonyms').findOne({ _id: pseudonym as any });
  assert.equal(envelopeKeyId(mappingAfter!.value), v2.id);
  assert.equal(rotation.result.documents >= 1, true, JSON.stringify(rotation.result));
  const again = await call(t, { method: 'POST', url: `${P}/pseudonyms/reidentify`, headers: w.headers.complianceOfficer, payload: { pseudonym, reason: 'rotation check' } }, 200);
  assert.equal(again.json().value, `prs_${tag}`);
  // Person-keyed values are still readable through the API (their person keys were re-wrapped, not lost).
  const events = (await call(t, { method: 'GET', url: `/api/events?filter=${encodeURIComponent(JSON.stringify({ userId: `${tag}-u1` }))}`, headers: w.headers.platformOwner }, 200)).json();
  assert.deepEqual(events[0].traitKeys.sort(), ['email', 'name']);
  const stored = await t.app.lockstep.models.Event.findOne({ tenantId, userId: `${tag}-u1` }).lean<any>();
  assert.equal(stored.traits.email, `${tag}-1@example.com`);
  assert.ok(isEnvelopeString((await raw('core_events').findOne({ tenantId, userId: `${tag}-u1` }))!.traits), 'stored sealed');
  // Audited: the rotation and the re-encryption pass.
  const audit = (await call(t, { method: 'GET', url: `/api/audit?filter=${encodeURIComponent(JSON.stringify({ action: 'key.rotate' }))}`, headers: w.headers.complianceOfficer }, 200)).json();
  assert.ok(audit.some((e: any) => e.target.id === v2.id), 'key.rotate is in the audit log');
});

test('rotation is refused to merchants (403 with code) and the key status hides key material', async () => {
  const res = await call(t, { method: 'POST', url: `${P}/keys/rotate`, headers: w.headers.merchant }, 403);
  assert.equal(res.json().code, 'CORE_ERR_FORBIDDEN');
  await call(t, { method: 'GET', url: `${P}/keys`, headers: w.headers.merchant }, 403);
  const status = await call(t, { method: 'GET', url: `${P}/keys`, headers: w.headers.complianceOfficer }, 200);
  assert.ok(!/"wrapped"|material/.test(status.body), 'no wrapped key or key material in the answer');
});

test('re-identification: compliance officers get the value (audited with the reason); others are refused; bad and unknown pseudonyms get clear errors', async () => {
  const value = `prs_${uniq('who')}`;
  const pseudonym = await t.app.lockstep.privacy.pseudonym(w.tenantA, value);
  assert.match(pseudonym, /^psn_[A-Za-z0-9_-]{22}$/);
  assert.equal(await t.app.lockstep.privacy.pseudonym(w.tenantA, value), pseudonym, 'stable within a tenant');
  assert.notEqual(await t.app.lockstep.privacy.pseudonym(w.tenantB, value), pseudonym, 'unlinkable across tenants');
  const ok = await call(t, { method: 'POST', url: `${P}/pseudonyms/reidentify`, headers: w.headers.complianceOfficer, payload: { pseudonym, reason: 'fraud investigation #12' } }, 200);
  assert.equal(ok.json().value, value);
  const audit = (await call(t, { method: 'GET', url: `/api/audit?filter=${encodeURIComponent(JSON.stringify({ action: 'pseudonym.reidentify', targetId: pseudonym }))}`, headers: w.headers.complianceOfficer }, 200)).json();
  assert.equal(audit.length, 1);
  assert.equal(audit[0].details.reason, 'fraud investigation #12');
  assert.equal(audit[0].actor.id, w.userIds.complianceOfficer);
  for (const who of ['merchant', 'analyst', 'pluginDeveloper'] as const) {
    assert.equal((await call(t, { method: 'POST', url: `${P}/pseudonyms/reidentify`, headers: w.headers[who], payload: { pseudonym, reason: 'curious' } }, 403)).json().code, 'CORE_ERR_FORBIDDEN');
  }
  assert.equal((await call(t, { method: 'POST', url: `${P}/pseudonyms/reidentify`, headers: w.headers.complianceOfficer, payload: { pseudonym: 'prs_not_a_pseudonym', reason: 'check' } }, 400)).json().code, 'PRIVACY_ERR_PSEUDONYM_INVALID');
  assert.equal((await call(t, { method: 'POST', url: `${P}/pseudonyms/reidentify`, headers: w.headers.complianceOfficer, payload: { pseudonym: `psn_${'A'.repeat(22)}`, reason: 'check' } }, 404)).json().code, 'PRIVACY_ERR_PSEUDONYM_UNKNOWN');
  assert.equal((await call(t, { method: 'POST', url: `${P}/pseudonyms/reidentify`, headers: w.headers.complianceOfficer, payload: { pseudonym } }, 400)).json().code, 'CORE_ERR_VALIDATION');
  // The other tenant cannot resolve this tenant's pseudonym.
  const other = await call(t, { method: 'POST', url: `${P}/pseudonyms/reidentify`, headers: w.adminIn(w.tenantB), payload: { pseudonym, reason: 'cross-tenant' } }, 404);
  assert.equal(other.json().code, 'PRIVACY_ERR_PSEUDONYM_UNKNOWN');
});

test('reading a person\'s decrypted traits is recorded in the audit log (who saw whose fields, no values)', async () => {
  const tag = uniq('seen');
  await ingest([{ eventId: `${tag}-1`, type: 'identify', userId: `${tag}-u`, anonymousId: `${tag}-a`, channel: 'web', timestamp: new Date().toISOString(), traits: { email: `${tag}@example.com`, name: 'Seen Person' } }]);
  const deadline = Date.now() + 30_000;
  let person: any;
  while (!person) {
    const rows = (await call(t, { method: 'GET', url: `/api/plugins/identity/persons?filter=${encodeURIComponent(JSON.stringify({ q: `${tag}-u` }))}`, headers: w.headers.merchant }, 200)).json();
    person = rows.find((r: any) => r.traits?.email);
    if (!person && Date.now() > deadline) throw new Error('the identity worker did not stitch the identify event');
    if (!person) await new Promise((r) => setTimeout(r, 200));
  }
  await call(t, { method: 'GET', url: `/api/plugins/identity/persons/${person.id}`, headers: w.headers.merchant }, 200);
  const audit = (await call(t, { method: 'GET', url: `/api/audit?filter=${encodeURIComponent(JSON.stringify({ action: 'pii.decrypt', targetId: person.id }))}`, headers: w.headers.complianceOfficer }, 200)).json();
  assert.equal(audit.length, 1);
  assert.equal(audit[0].actor.id, w.userIds.merchant);
  assert.deepEqual([...audit[0].details.fields].sort(), ['email', 'name']);
  assert.ok(!JSON.stringify(audit[0]).includes(`${tag}@example.com`), 'the audit entry holds no value');
  const list = (await call(t, { method: 'GET', url: `/api/audit?filter=${encodeURIComponent(JSON.stringify({ action: 'pii.decrypt', targetId: 'list' }))}`, headers: w.headers.complianceOfficer }, 200)).json();
  assert.ok(list.some((e: any) => e.details.personIds.includes(person.id)), 'the list view is recorded with the person ids it showed');

  // Plugin access to shoppers' events: the identity plugin reads the person's events for the console; the window
  // is written as one plugin.data.access entry (counts only).
  await call(t, { method: 'GET', url: `/api/plugins/identity/persons/${person.id}/events`, headers: w.headers.merchant }, 200);
  await t.app.lockstep.host.access.flush();
  const access = (await call(t, { method: 'GET', url: `/api/audit?filter=${encodeURIComponent(JSON.stringify({ action: 'plugin.data.access', actorId: 'identity' }))}`, headers: w.headers.complianceOfficer }, 200)).json();
  assert.ok(access.length >= 1, 'the identity plugin\'s reads are in the audit log');
  assert.equal(access[0].actor.kind, 'plugin');
  assert.ok(access[0].details.events >= 1 && access[0].details.withPersonalData >= 1, JSON.stringify(access[0].details));
});

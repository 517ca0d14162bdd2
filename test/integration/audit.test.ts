import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Model } from 'mongoose';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { buildWorld, call, createKey, createUser, uniq, type Headers, type World } from '../helpers/matrix.ts';
import { AuditLog } from '../../privacy/src/audit/audit-log.ts';
import { entryHash } from '../../privacy/src/audit/audit-hash.ts';
import { PLATFORM_CHAIN, type AuditRecordInput } from '../../privacy/src/audit/audit-types.ts';

/** The hash-chained audit log: admin actions recorded, concurrent appends, tampering detected, who may read it. */

let t: TestApp;
let w: World;
let po: Headers;
let AuditEntry: Model<any>;

before(async () => {
  t = await buildTestApp();
  w = await buildWorld(t);
  po = w.headers.platformOwner;
  AuditEntry = t.app.lockstep.connection.models.AuditEntry!;
});
after(async () => { await t?.close(); });

const qs = (o: Record<string, unknown>) => Object.entries(o).map(([k, v]) => `${k}=${encodeURIComponent(JSON.stringify(v))}`).join('&');
const raw = () => t.app.lockstep.connection.db!.collection('privacy_audit');
const entry = (tenantId: string, i: number): AuditRecordInput => ({ tenantId, actor: { kind: 'system', id: 'test' }, action: 'key.rotate', target: { type: 'Key', id: `key_${i}` }, details: { n: i, ok: true } });

/** A fresh tenant whose chain holds `n` entries recorded through the privacy API; headers act inside it. */
async function tenantWithChain(n: number): Promise<{ id: string; admin: Headers }> {
  const id = (await call(t, { method: 'POST', url: '/api/tenants', headers: po, payload: { name: 'Audit shop', slug: uniq('audit') } }, 201)).json().id as string;
  for (let i = 1; i <= n; i++) await t.app.lockstep.privacy.audit.record(entry(id, i));
  return { id, admin: { ...po, 'x-lockstep-tenant': id } };
}
const verify = async (h: Headers, query = '') => (await call(t, { method: 'POST', url: `/api/audit/verify${query}`, headers: h }, 200)).json();

describe('admin actions are recorded', () => {
  test('user, API key and plugin changes produce entries, in order, on a valid chain, with ids only', async () => {
    const admin = w.adminIn(w.tenantA);
    const u = await createUser(t, admin, 'analyst');
    await call(t, { method: 'PUT', url: `/api/users/${u.id}`, headers: admin, payload: { name: 'Renamed', role: 'merchant' } }, 200);
    await call(t, { method: 'DELETE', url: `/api/users/${u.id}`, headers: admin }, 200);
    const key = await createKey(t, admin, 'secret');
    await call(t, { method: 'DELETE', url: `/api/api-keys/${key.id}`, headers: admin }, 200);
    await call(t, { method: 'PUT', url: '/api/plugins/catalog', headers: admin, payload: { enabled: false } }, 200);
    await call(t, { method: 'PUT', url: '/api/plugins/catalog', headers: admin, payload: { enabled: true } }, 200);

    const userRows = (await call(t, { method: 'GET', url: `/api/audit?${qs({ filter: { targetId: u.id }, sort: ['seq', 'ASC'] })}`, headers: admin }, 200)).json();
    assert.deepEqual(userRows.map((r: any) => r.action), ['user.create', 'user.update', 'user.delete']);
    assert.deepEqual(userRows[0].actor, { kind: 'user', id: w.userIds.platformOwner });
    assert.deepEqual(userRows[0].details, { role: 'analyst' });
    assert.deepEqual(userRows[1].details, { fields: ['name', 'role'], role: 'merchant' });
    assert.ok(userRows[0].seq < userRows[1].seq && userRows[1].seq < userRows[2].seq);
    assert.doesNotMatch(JSON.stringify(userRows), /@test\.local/, 'no e-mail address in the log');

    const keyRows = (await call(t, { method: 'GET', url: `/api/audit?${qs({ filter: { targetType: 'ApiKey', targetId: key.id }, sort: ['seq', 'ASC'] })}`, headers: admin }, 200)).json();
    assert.deepEqual(keyRows.map((r: any) => r.action), ['apikey.create', 'apikey.revoke']);
    const pluginRows = (await call(t, { method: 'GET', url: `/api/audit?${qs({ filter: { action: 'plugin.toggle' }, sort: ['seq', 'ASC'] })}`, headers: admin }, 200)).json();
    assert.deepEqual(pluginRows.map((r: any) => r.details.enabled), [false, true]);

    // Each listed entry links to its predecessor's hash.
    const all = (await call(t, { method: 'GET', url: `/api/audit?${qs({ sort: ['seq', 'ASC'], range: [0, 499] })}`, headers: admin }, 200)).json();
    assert.deepEqual(all.map((r: any) => r.seq), all.map((_: unknown, i: number) => i + 1), 'gapless from 1');
    for (let i = 1; i < all.length; i++) assert.equal(all[i].prevHash, all[i - 1].hash);
    const v = await verify(admin);
    assert.deepEqual(v, { ok: true, checked: all.length, lastSeq: all.length, anchored: true });
  });

  test('tenant creation and update go to the platform chain, readable by platform owners only', async () => {
    const id = (await call(t, { method: 'POST', url: '/api/tenants', headers: po, payload: { name: 'P shop', slug: uniq('p') } }, 201)).json().id;
    await call(t, { method: 'PUT', url: `/api/tenants/${id}`, headers: po, payload: { status: 'suspended' } }, 200);
    const rows = (await call(t, { method: 'GET', url: `/api/audit?chain=platform&${qs({ filter: { targetId: id }, sort: ['seq', 'ASC'] })}`, headers: po }, 200)).json();
    assert.deepEqual(rows.map((r: any) => [r.action, r.details.status ?? null]), [['tenant.create', null], ['tenant.update', 'suspended']]);
    assert.equal((await verify(po, '?chain=platform')).ok, true);
    for (const who of ['complianceOfficer', 'tenantOwner'] as const) {
      assert.equal((await call(t, { method: 'GET', url: '/api/audit?chain=platform', headers: w.headers[who] }, 403)).json().code, 'CORE_ERR_FORBIDDEN');
      await call(t, { method: 'POST', url: '/api/audit/verify?chain=platform', headers: w.headers[who] }, 403);
    }
    // The tenant's own chain does not hold platform actions.
    assert.deepEqual((await call(t, { method: 'GET', url: `/api/audit?${qs({ filter: { targetId: id } })}`, headers: w.adminIn(id) }, 200)).json(), []);
  });

  test('an entry carrying an e-mail address or a malformed field is refused', async () => {
    const bad = [
      { ...entry(w.tenantA, 1), details: { who: 'someone@example.com' } },
      { ...entry(w.tenantA, 1), details: { nested: { a: 1 } as never } },
      { ...entry(w.tenantA, 1), action: 'Not An Action' },
      { ...entry(w.tenantA, 1), actor: { kind: 'robot' as never, id: 'x' } },
    ];
    for (const e of bad) await assert.rejects(t.app.lockstep.privacy.audit.record(e), (err: any) => err.code === 'PRIVACY_ERR_AUDIT_INVALID_ENTRY', JSON.stringify(e));
    assert.equal((await call(t, { method: 'GET', url: `/api/audit?${qs({ filter: { details: 'x' } })}`, headers: po }, 400)).json().code, 'CORE_ERR_INVALID_LIST_QUERY');
  });
});

describe('concurrent appends', () => {
  test('50 appends from 5 independent writers: gapless seqs 1..50 and a valid chain', async () => {
    const chain = `ten_${uniq('conc')}`;
    // Five AuditLog instances on the same collection behave like five API/worker processes: only the unique
    // (tenantId, seq) index keeps them apart (no in-process queue).
    const writers = Array.from({ length: 5 }, () => new AuditLog(AuditEntry, { serialiseLocally: false }));
    const written = await Promise.all(Array.from({ length: 50 }, (_, i) => writers[i % 5]!.record(entry(chain, i))));
    assert.deepEqual(written.map((e) => e.seq).sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i + 1));
    assert.equal(new Set(written.map((e) => e.details.n)).size, 50, 'every append kept its own entry');
    assert.deepEqual(await writers[0]!.verify(chain), { ok: true, checked: 50, lastSeq: 50, anchored: false });
    assert.equal(await AuditEntry.countDocuments({ tenantId: chain }), 50);
  });

  test('50 parallel records through the privacy API (one process) chain in order', async () => {
    const { id, admin } = await tenantWithChain(0);
    await Promise.all(Array.from({ length: 50 }, (_, i) => t.app.lockstep.privacy.audit.record(entry(id, i))));
    assert.deepEqual(await verify(admin), { ok: true, checked: 50, lastSeq: 50, anchored: true });
  });

  test('verification reads in pages (keyset), not all at once', async () => {
    const chain = `ten_${uniq('pages')}`;
    const log = new AuditLog(AuditEntry, { pageSize: 7 });
    for (let i = 0; i < 23; i++) await log.record(entry(chain, i));
    assert.deepEqual(await log.verify(chain), { ok: true, checked: 23, lastSeq: 23, anchored: false });
    await raw().updateOne({ tenantId: chain, seq: 15 }, { $set: { action: 'user.create' } });
    assert.deepEqual({ ...(await log.verify(chain)), message: undefined }, { ok: false, checked: 14, lastSeq: 14, anchored: false, brokenAt: 15, reason: 'edited', message: undefined });
  });
});

describe('tampering in the store is detected', () => {
  test('an edited entry is reported as edited, at its seq', async () => {
    const { id, admin } = await tenantWithChain(5);
    assert.equal((await verify(admin)).ok, true);
    const before = await raw().findOne({ tenantId: id, seq: 3 });
    await raw().updateOne({ tenantId: id, seq: 3 }, { $set: { 'details.n': 999 } });
    const v = await verify(admin);
    assert.equal(v.ok, false);
    assert.equal(v.brokenAt, 3);
    assert.equal(v.reason, 'edited');
    assert.equal(v.checked, 2);
    // Putting the original back makes the chain whole again: the check reads the data, not a flag.
    await raw().updateOne({ tenantId: id, seq: 3 }, { $set: { details: before!.details } });
    assert.equal((await verify(admin)).ok, true);
  });

  test('an edited actor or timestamp is caught too', async () => {
    const { id, admin } = await tenantWithChain(3);
    await raw().updateOne({ tenantId: id, seq: 2 }, { $set: { at: new Date(Date.now() - 86_400_000) } });
    assert.deepEqual([(await verify(admin)).brokenAt, (await verify(admin)).reason], [2, 'edited']);
  });

  test('a removed entry is reported as removed, at the missing seq', async () => {
    const { id, admin } = await tenantWithChain(5);
    await raw().deleteOne({ tenantId: id, seq: 2 });
    const v = await verify(admin);
    assert.deepEqual([v.ok, v.brokenAt, v.reason, v.checked], [false, 2, 'removed', 1]);
  });

  test('a removed first entry is reported at seq 1', async () => {
    const { id, admin } = await tenantWithChain(3);
    await raw().deleteOne({ tenantId: id, seq: 1 });
    const v = await verify(admin);
    assert.deepEqual([v.brokenAt, v.reason], [1, 'removed']);
  });

  test('removing an entry and renumbering the rest (hashes recomputed) is still caught by the broken link', async () => {
    const { id, admin } = await tenantWithChain(5);
    await raw().deleteOne({ tenantId: id, seq: 3 });
    for (const seq of [4, 5]) {
      const d = await raw().findOne({ tenantId: id, seq });
      const moved = { ...d!, seq: seq - 1 };
      const hash = entryHash({ chain: id, seq: seq - 1, at: d!.at, actor: { kind: d!.actorKind, id: d!.actorId }, action: d!.action, target: { type: d!.targetType, id: d!.targetId }, details: d!.details, prevHash: d!.prevHash });
      await raw().deleteOne({ _id: d!._id });
      await raw().insertOne({ ...moved, hash });
    }
    const v = await verify(admin);
    assert.deepEqual([v.brokenAt, v.reason], [3, 'removed']);
  });

  test('an entry re-linked behind another one (hash recomputed) is reported as reordered', async () => {
    const { id, admin } = await tenantWithChain(4);
    const first = await raw().findOne({ tenantId: id, seq: 1 });
    const d = await raw().findOne({ tenantId: id, seq: 3 });
    const hash = entryHash({ chain: id, seq: 3, at: d!.at, actor: { kind: d!.actorKind, id: d!.actorId }, action: d!.action, target: { type: d!.targetType, id: d!.targetId }, details: d!.details, prevHash: first!.hash });
    await raw().updateOne({ _id: d!._id }, { $set: { prevHash: first!.hash, hash } });
    const v = await verify(admin);
    assert.deepEqual([v.brokenAt, v.reason], [3, 'reordered']);
  });

  test('a truncated tail is caught by the Redis anchor', async () => {
    const { id, admin } = await tenantWithChain(4);
    await raw().deleteMany({ tenantId: id, seq: { $gte: 3 } });
    const v = await verify(admin);
    assert.deepEqual([v.ok, v.brokenAt, v.reason, v.checked, v.anchored], [false, 3, 'truncated', 2, true]);
  });
});

describe('who may read the audit log', () => {
  test('merchant, analyst, plugin developer and keys get 403; compliance officer and owners 200', async () => {
    for (const who of ['merchant', 'analyst', 'pluginDeveloper', 'secretKey', 'publishableKey'] as const) {
      assert.equal((await call(t, { method: 'GET', url: '/api/audit', headers: w.headers[who] }, 403)).json().code, 'CORE_ERR_FORBIDDEN');
      await call(t, { method: 'POST', url: '/api/audit/verify', headers: w.headers[who] }, 403);
    }
    await call(t, { method: 'GET', url: '/api/audit', headers: {} }, 401);
    const co = (await call(t, { method: 'GET', url: `/api/audit?${qs({ range: [0, 499] })}`, headers: w.headers.complianceOfficer }, 200)).json();
    assert.ok(co.some((r: any) => r.action === 'user.create' && r.target.id === w.userIds.merchant), 'sees the tenant\'s entries');
    assert.equal((await verify(w.headers.complianceOfficer)).ok, true);
  });

  test('each tenant sees only its own chain', async () => {
    const aRows = (await call(t, { method: 'GET', url: `/api/audit?${qs({ range: [0, 499] })}`, headers: w.headers.complianceOfficer }, 200)).json();
    const bRows = (await call(t, { method: 'GET', url: `/api/audit?${qs({ range: [0, 499] })}`, headers: w.headers.tenantOwner }, 200)).json();
    assert.ok(bRows.length > 0 && aRows.length > 0);
    const aIds = new Set(aRows.map((r: any) => r.id));
    assert.ok(!bRows.some((r: any) => aIds.has(r.id)), 'no entry of tenant A in tenant B\'s list');
    assert.ok(bRows.some((r: any) => r.target.id === w.userIds.tenantOwner), 'B sees the creation of its owner');
    assert.ok(!aRows.some((r: any) => r.target.id === w.userIds.tenantOwner), 'A does not');
    const byId = await call(t, { method: 'GET', url: `/api/audit?${qs({ filter: { id: aRows[0].id } })}`, headers: w.headers.tenantOwner }, 200);
    assert.deepEqual(byId.json(), []);
    // B's verify checks B's chain only: breaking A's chain does not show there.
    const victim = await raw().findOne({ tenantId: w.tenantA, seq: 1 });
    await raw().updateOne({ _id: victim!._id }, { $set: { action: 'tampered' } });
    try {
      assert.equal((await verify(w.headers.tenantOwner)).ok, true);
      assert.deepEqual([(await verify(w.headers.complianceOfficer)).brokenAt, (await verify(w.headers.complianceOfficer)).reason], [1, 'edited']);
    } finally {
      await raw().updateOne({ _id: victim!._id }, { $set: { action: victim!.action } });
    }
  });

  test('a bad chain name is a 400', async () => {
    assert.equal((await call(t, { method: 'GET', url: '/api/audit?chain=other', headers: po }, 400)).json().code, 'CORE_ERR_VALIDATION');
  });
});

test('PLATFORM_CHAIN cannot collide with a tenant id', () => {
  assert.ok(!PLATFORM_CHAIN.startsWith('ten_'));
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { buildWorld, call, uniq, type Headers, type World } from '../helpers/matrix.ts';
import { discoverPlugins, loadPlugins } from '../../server/src/core/plugin-loader.ts';

/**
 * The compliance officer's server side: the data inventory generated from declarations, and the privacy audit
 * (checks → stored report → JSON, HTML, PDF), with a fixture plugin that stores personal data without a purpose.
 */

const PLUGINS_DIR = fileURLToPath(new URL('../../plugins/', import.meta.url));
const FIXTURES = fileURLToPath(new URL('../fixtures/plugins/privacy-audit/', import.meta.url));
const P = '/api/plugins/privacy';
const DAY = 86_400_000;

let t: TestApp;
let w: World;
let co: Headers;

before(async () => {
  const plugins = await loadPlugins([...(await discoverPlugins(PLUGINS_DIR, ['catalog', 'identity'])), ...(await discoverPlugins(FIXTURES, []))]);
  assert.deepEqual(plugins.filter((p) => p.status !== 'active').map((p) => p.error), []);
  t = await buildTestApp({}, { plugins });
  w = await buildWorld(t);
  co = w.headers.complianceOfficer;
});
after(async () => { await t?.close(); });

const qs = (o: Record<string, unknown>) => Object.entries(o).map(([k, v]) => `${k}=${encodeURIComponent(JSON.stringify(v))}`).join('&');
const raw = (name: string) => t.app.lockstep.connection.db!.collection(name);
async function newTenant(): Promise<{ id: string; admin: Headers }> {
  const id = (await call(t, { method: 'POST', url: '/api/tenants', headers: w.headers.platformOwner, payload: { name: 'Compliance shop', slug: uniq('compliance') } }, 201)).json().id as string;
  return { id, admin: w.adminIn(id) };
}
const runAudit = async (h: Headers) => (await call(t, { method: 'POST', url: `${P}/audits`, headers: h, payload: {} }, 201)).json();

describe('data inventory', () => {
  test('lists every declared personal field with owner, purposes, encryption and retention', async () => {
    const inv = (await call(t, { method: 'GET', url: `${P}/inventory`, headers: co }, 200)).json();
    const row = (id: string) => {
      const r = inv.fields.find((f: any) => f.id === id);
      assert.ok(r, `inventory lacks ${id}`);
      return r;
    };
    assert.deepEqual(
      { ...row('notes_entries.authorEmail'), retention: undefined },
      { id: 'notes_entries.authorEmail', owner: 'notes', ownerKind: 'plugin', model: 'NoteEntry', collection: 'notes_entries', field: 'authorEmail', category: 'email', purposes: [], encryptedByDefault: true, encrypted: true, blindIndex: false, encryptReason: null, retention: undefined },
    );
    assert.equal(row('notes_entries.courierPhone').encrypted, false);
    assert.equal(row('notes_entries.courierPhone').encryptReason, 'test fixture: printed on delivery labels');
    assert.equal(row('notes_entries.body').category, 'free_text');
    // Staff e-mail is deliberately in clear, with its reason; core data serves the 'necessary' purpose.
    const staffEmail = row('core_users.email');
    assert.deepEqual([staffEmail.owner, staffEmail.ownerKind, staffEmail.purposes, staffEmail.encrypted], ['core', 'core', ['necessary'], false]);
    assert.match(staffEmail.encryptReason, /staff login/);
    assert.deepEqual(row('core_events.traits').retention, { field: 'receivedAt', days: 395, source: 'declared' });
    assert.equal(row('core_users.email').retention, null, 'staff accounts have no retention');
    assert.deepEqual(row('identity_persons.traits.email').purposes, ['necessary']);
    assert.ok(!inv.fields.some((f: any) => f.category === 'none' || f.field === 'writtenAt'), 'only personal data is listed');

    // Exactly the registry's personal fields, once each.
    const declared = new Set(t.app.lockstep.privacy.registry.personalFields().map((f) => `${f.collection}.${f.path}`));
    assert.deepEqual(inv.fields.map((f: any) => f.id).sort(), [...declared].sort());

    const plugin = (name: string) => inv.plugins.find((p: any) => p.name === name);
    assert.equal(plugin('notes').purposeMissing, true);
    assert.deepEqual(plugin('notes').modelCategories, ['email', 'free_text', 'phone']);
    assert.deepEqual(plugin('notes').collections, ['notes_entries']);
    assert.equal(plugin('identity').purposeMissing, false);
    assert.deepEqual(plugin('identity').purposes, ['necessary']);
    assert.equal(plugin('privacy').required, true);
    assert.equal(plugin('catalog').personalFields, 0);
  });

  test('follows the tenant\'s retention override', async () => {
    const { admin } = await newTenant();
    await call(t, { method: 'PUT', url: `${P}/retention/policies/core_events`, headers: admin, payload: { days: 30 } }, 200);
    const inv = (await call(t, { method: 'GET', url: `${P}/inventory`, headers: admin }, 200)).json();
    assert.deepEqual(inv.fields.find((f: any) => f.id === 'core_events.traits').retention, { field: 'receivedAt', days: 30, source: 'tenant' });
  });
});

describe('privacy audit', () => {
  test('flags the plugin without a purpose, states opt-out reasons, stores the report and audits the run', async () => {
    const report = await runAudit(co);
    const find = (id: string) => report.findings.find((f: any) => f.id === id);
    const purpose = find('purposes:notes');
    assert.ok(purpose, `no purpose finding in ${JSON.stringify(report.findings.map((f: any) => f.id))}`);
    assert.equal(purpose.severity, 'high');
    assert.match(purpose.fix, /purposes: \[/);
    assert.match(purpose.detail, /email/);
    assert.equal(find('purposes:identity'), undefined, 'identity declares its purpose');

    const staff = find('encryption:core_users.email');
    assert.equal(staff.severity, 'low');
    assert.match(staff.detail, /Stated reason: staff login/);
    assert.equal(find('encryption:notes_entries.courierPhone').severity, 'low');
    assert.equal(find('encryption:notes_entries.authorEmail'), undefined, 'encrypted fields are not findings');
    for (const f of report.findings) {
      assert.ok(['high', 'medium', 'low', 'info'].includes(f.severity), f.id);
      assert.ok(f.fix.length > 20, `${f.id} has a concrete fix`);
    }
    assert.deepEqual(report.checks.map((c: any) => c.check), ['encryption', 'purposes', 'retention', 'requests', 'keys', 'audit-chain']);
    assert.deepEqual(report.checks.filter((c: any) => c.status === 'error'), []);
    const counts = { high: 0, medium: 0, low: 0, info: 0 } as Record<string, number>;
    for (const f of report.findings) counts[f.severity]!++;
    assert.deepEqual(report.summary, { ...counts, total: report.findings.length });
    assert.deepEqual(report.settings, { keyMaxAgeDays: 90, masterKeyMaxAgeDays: 365 });
    assert.deepEqual(report.actor, { kind: 'user', id: w.userIds.complianceOfficer });

    const entries = (await call(t, { method: 'GET', url: `/api/audit?${qs({ filter: { action: 'privacy.audit.run', targetId: report.id } })}`, headers: co }, 200)).json();
    assert.equal(entries.length, 1);
    assert.deepEqual(entries[0].details, { high: counts.high, medium: counts.medium, low: counts.low, info: counts.info, checksFailed: 0 });

    const list = (await call(t, { method: 'GET', url: `${P}/audits`, headers: co }, 200)).json();
    assert.equal(list[0].id, report.id);
    assert.equal(list[0].findings, undefined, 'lists carry summaries only');
    assert.deepEqual(list[0].links, { html: `${P}/audits/${report.id}/report.html`, pdf: `${P}/audits/${report.id}/report.pdf` });
    assert.deepEqual((await call(t, { method: 'GET', url: `${P}/audits/${report.id}`, headers: co }, 200)).json(), report);
  });

  test('finds overdue retention, past-due requests, an old tenant key and a tampered audit chain', async () => {
    const { id: tenantId, admin } = await newTenant();
    const now = Date.now();
    const ev = (age: number, i: number) => ({ _id: `evt_${uniq('r')}`, tenantId, eventId: `e-${i}-${uniq('x')}`, type: 'track', channel: 'web', timestamp: new Date(now - age * DAY), receivedAt: new Date(now - age * DAY), keyId: 'key_test', properties: {} });
    await raw('core_events').insertMany([ev(400, 1), ev(400, 2), ev(395.5, 3), ev(10, 4)] as any[]);
    const overdueRequest = `prq_${uniq('late')}`;
    await raw('privacy_requests').insertMany([
      { _id: overdueRequest, tenantId, kind: 'erasure', status: 'failed', dueAt: new Date(now - 5 * DAY - 3600_000), createdAt: new Date(now - 35 * DAY) },
      { _id: `prq_${uniq('done')}`, tenantId, kind: 'access', status: 'completed', dueAt: new Date(now - 40 * DAY), createdAt: new Date(now - 70 * DAY) },
      { _id: `prq_${uniq('open')}`, tenantId, kind: 'access', status: 'received', dueAt: new Date(now + 20 * DAY), createdAt: new Date(now - 10 * DAY) },
    ] as any[]);
    const keyId = `tdk_${uniq('old').replace(/-/g, '')}`;
    await raw('privacy_keys').insertOne({ _id: keyId, tenantId, kind: 'tenant-data', ref: 'v999', version: 999, status: 'active', wrappedBy: 'mk_0001', wrapped: null, createdAt: new Date(now - 200 * DAY), updatedAt: new Date(now - 200 * DAY) } as any);
    try {
      for (let i = 1; i <= 3; i++) await t.app.lockstep.privacy.audit.record({ tenantId, actor: { kind: 'system', id: 'test' }, action: 'test.entry', target: { type: 'Test', id: `t${i}` }, details: { n: i } });
      const second = await raw('privacy_audit').findOne({ tenantId, action: 'test.entry', targetId: 't2' });
      await raw('privacy_audit').updateOne({ _id: second!._id }, { $set: { 'details.n': 20 } });
      await call(t, { method: 'PUT', url: `${P}/audit-settings`, headers: admin, payload: { keyMaxAgeDays: 30 } }, 200);

      const report = await runAudit(admin);
      const find = (id: string) => {
        const f = report.findings.find((x: any) => x.id === id);
        assert.ok(f, `no ${id} in ${JSON.stringify(report.findings.map((x: any) => x.id))}`);
        return f;
      };
      const retention = find('retention:core_events');
      assert.equal(retention.severity, 'medium');
      assert.deepEqual(retention.refs, { collection: 'core_events', field: 'receivedAt', days: 395, overdue: 2 }, 'the event half a day past its cutoff is within the one-day grace');
      const late = find(`requests:${overdueRequest}`);
      assert.equal(late.severity, 'high');
      assert.deepEqual([late.refs.kind, late.refs.status, late.refs.daysLate], ['erasure', 'failed', 5]);
      assert.equal(report.findings.filter((f: any) => f.check === 'requests').length, 1, 'completed and not-yet-due requests are fine');
      const key = find('keys:tenant-data');
      assert.equal(key.severity, 'medium');
      assert.deepEqual([key.refs.keyId, key.refs.ageDays, key.refs.maxDays], [keyId, 200, 30]);
      const chain = find('audit-chain:broken');
      assert.equal(chain.severity, 'high');
      assert.deepEqual([chain.refs.brokenAt, chain.refs.reason], [2, 'edited']);
      assert.deepEqual(report.settings, { keyMaxAgeDays: 30, masterKeyMaxAgeDays: 365 });

      // HTML: every finding, escaped; PDF: a real document with pages.
      const html = await call(t, { method: 'GET', url: `${P}/audits/${report.id}/report.html`, headers: admin }, 200);
      assert.match(String(html.headers['content-type']), /^text\/html/);
      for (const f of report.findings) assert.ok(html.body.includes(`data-finding="${f.id}"`), `HTML lacks ${f.id}`);
      assert.ok(html.body.includes('Audit log chain broken at entry 2 (edited)'));
      assert.ok(html.body.includes(`${retention.title}`));
      assert.doesNotMatch(html.body, /<script/i);
      const pdf = await call(t, { method: 'GET', url: `${P}/audits/${report.id}/report.pdf`, headers: admin }, 200);
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      assert.match(String(pdf.headers['content-disposition']), new RegExp(`attachment; filename="privacy-audit-${report.id}.pdf"`));
      const bytes = pdf.rawPayload;
      assert.equal(bytes.subarray(0, 5).toString('latin1'), '%PDF-');
      const pages = Number(/\/Type \/Pages[\s\S]*?\/Count (\d+)/.exec(bytes.toString('latin1'))?.[1] ?? 0);
      assert.ok(pages >= 1, `PDF pages: ${pages}`);
      assert.match(bytes.subarray(-8).toString('latin1'), /%%EOF/);
    } finally {
      await raw('privacy_keys').deleteOne({ _id: keyId } as any);
    }
  });

  test('reports are per tenant; bad ids and bad settings are clear errors', async () => {
    const { admin } = await newTenant();
    const other = await runAudit(admin);
    assert.equal((await call(t, { method: 'GET', url: `${P}/audits/${other.id}`, headers: co }, 404)).json().code, 'CORE_ERR_NOT_FOUND');
    await call(t, { method: 'GET', url: `${P}/audits/${other.id}/report.pdf`, headers: co }, 404);
    const bad = await call(t, { method: 'GET', url: `${P}/audits/not-a-report`, headers: co }, 400);
    assert.equal(bad.json().code, 'CORE_ERR_VALIDATION');
    assert.equal((await call(t, { method: 'GET', url: `${P}/audits/par_${'0'.repeat(24)}/report.html`, headers: co }, 404)).json().code, 'CORE_ERR_NOT_FOUND');
    for (const payload of [{}, { keyMaxAgeDays: 0 }, { keyMaxAgeDays: 'soon' }, { masterKeyMaxAgeDays: 99999 }, { keyMaxAgeDays: 30, colour: 'red' }]) {
      const res = await call(t, { method: 'PUT', url: `${P}/audit-settings`, headers: co, payload }, 400);
      assert.equal(res.json().code, 'CORE_ERR_VALIDATION', JSON.stringify(payload));
      assert.ok(res.json().message.length > 10);
    }
    assert.equal((await call(t, { method: 'POST', url: `${P}/audits`, headers: co, payload: { checks: ['keys'] } }, 400)).json().code, 'CORE_ERR_VALIDATION');
    assert.deepEqual((await call(t, { method: 'GET', url: `${P}/audit-settings`, headers: co }, 200)).json(), { keyMaxAgeDays: 90, masterKeyMaxAgeDays: 365, updatedAt: null, updatedBy: null });
    const set = (await call(t, { method: 'PUT', url: `${P}/audit-settings`, headers: co, payload: { masterKeyMaxAgeDays: 180 } }, 200)).json();
    assert.deepEqual([set.keyMaxAgeDays, set.masterKeyMaxAgeDays, set.updatedBy], [90, 180, w.userIds.complianceOfficer]);
    const entry = (await call(t, { method: 'GET', url: `/api/audit?${qs({ filter: { action: 'privacy.audit.settings' } })}`, headers: co }, 200)).json()[0];
    assert.deepEqual(entry.details, { keys: ['masterKeyMaxAgeDays'], keyMaxAgeDays: 90, masterKeyMaxAgeDays: 180 });
  });
});

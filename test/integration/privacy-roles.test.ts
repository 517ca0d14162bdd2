import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createMongoAbility } from '@casl/ability';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { buildWorld, call, channelBody, createChannel, createProduct, productBody, type Headers, type Who, type World } from '../helpers/matrix.ts';

/**
 * Role tests of the privacy layer (issue 4): a merchant reads neither the audit log nor the compliance views (nor
 * the access archives, which hold decrypted personal data); a compliance officer reads and runs the privacy work
 * but cannot change catalogue data or any plugin's settings; an analyst only reads.
 */

const P = '/api/plugins/privacy';
let t: TestApp;
let w: World;
let reportId: string;

before(async () => {
  t = await buildTestApp();
  w = await buildWorld(t);
  reportId = (await call(t, { method: 'POST', url: `${P}/audits`, headers: w.headers.complianceOfficer, payload: {} }, 201)).json().id;
});
after(async () => { await t?.close(); });

type Req = { method: 'GET' | 'POST' | 'PUT' | 'DELETE'; url: string; payload?: Record<string, unknown> };
const req = (method: Req['method'], url: string, payload?: Record<string, unknown>): Req => ({ method, url, payload });

async function expectForbidden(who: Who, r: Req): Promise<void> {
  const res = await t.app.inject({ method: r.method, url: r.url, headers: w.headers[who], ...(r.payload ? { payload: r.payload } : {}) });
  assert.equal(res.statusCode, 403, `${who} ${r.method} ${r.url} → ${res.statusCode} ${res.body}`);
  const body = res.json();
  assert.equal(body.code, 'CORE_ERR_FORBIDDEN', res.body);
  assert.match(body.message, /^Not allowed: /);
  assert.deepEqual(Object.keys(body).filter((k) => !['statusCode', 'code', 'error', 'message', 'details', 'requestId'].includes(k)), [], 'an error body, nothing else');
}

/** The read side of the compliance console (and what holds decrypted personal data). */
const COMPLIANCE_READS = () => [
  req('GET', '/api/audit'),
  req('POST', '/api/audit/verify'),
  req('GET', `${P}/inventory`),
  req('GET', `${P}/audits`),
  req('GET', `${P}/audits/${reportId}`),
  req('GET', `${P}/audits/${reportId}/report.html`),
  req('GET', `${P}/audits/${reportId}/report.pdf`),
  req('GET', `${P}/audit-settings`),
  // Access archives hold the person's data decrypted: compliance officers' (read PrivacyRequest) only.
  req('GET', `${P}/requests/prq_${'0'.repeat(24)}/export`),
  req('GET', `${P}/requests`),
];

describe('merchant', () => {
  test('cannot read the audit log, its verification, the compliance views or access archives (403 with code)', async () => {
    for (const r of COMPLIANCE_READS()) await expectForbidden('merchant', r);
    for (const r of [req('POST', `${P}/audits`, {}), req('PUT', `${P}/audit-settings`, { keyMaxAgeDays: 10 }), req('GET', `${P}/retention/policies`), req('PUT', `${P}/retention/policies/core_events`, { days: 1 }), req('POST', `${P}/retention/runs`, {})]) {
      await expectForbidden('merchant', r);
    }
    const rules = (await call(t, { method: 'GET', url: '/api/auth/me', headers: w.headers.merchant }, 200)).json().rules;
    const ability = createMongoAbility(rules);
    for (const subject of ['AuditLog', 'DataInventory', 'PrivacyAudit', 'RetentionPolicy', 'PrivacyRequest']) assert.equal(ability.can('read', subject), false, subject);
  });
});

describe('compliance officer', () => {
  test('reads the audit log, verifies it, runs audits and sets retention', async () => {
    const co = w.headers.complianceOfficer;
    const audit = (await call(t, { method: 'GET', url: '/api/audit', headers: co }, 200)).json();
    assert.ok(audit.some((e: any) => e.action === 'privacy.audit.run' && e.target.id === reportId));
    assert.equal((await call(t, { method: 'POST', url: '/api/audit/verify', headers: co }, 200)).json().ok, true);
    await call(t, { method: 'GET', url: `${P}/inventory`, headers: co }, 200);
    await call(t, { method: 'GET', url: `${P}/audits/${reportId}/report.pdf`, headers: co }, 200);
    await call(t, { method: 'PUT', url: `${P}/retention/policies/core_events`, headers: co, payload: { days: 400 } }, 200);
    await call(t, { method: 'POST', url: `${P}/retention/runs`, headers: co, payload: {} }, 202);
    await call(t, { method: 'PUT', url: `${P}/audit-settings`, headers: co, payload: { keyMaxAgeDays: 60 } }, 200);
  });

  test('cannot change catalogue data (POST/PUT/DELETE → 403) and the catalogue stays as it was', async () => {
    const admin = w.headers.platformOwner;
    const product = await createProduct(t, admin);
    const channel = await createChannel(t, admin);
    const C = '/api/plugins/catalog';
    const before = (await call(t, { method: 'GET', url: `${C}/products/${product}`, headers: admin }, 200)).json();
    const countBefore = (await call(t, { method: 'GET', url: `${C}/products`, headers: admin }, 200)).headers['content-range'];
    for (const r of [
      req('POST', `${C}/products`, productBody()),
      req('PUT', `${C}/products/${product}`, { price: 0.01, title: 'Hijacked' }),
      req('DELETE', `${C}/products/${product}`),
      req('POST', `${C}/channels`, channelBody()),
      req('PUT', `${C}/channels/${channel}`, { name: 'Hijacked' }),
      req('DELETE', `${C}/channels/${channel}`),
      req('POST', `${C}/imports`, { products: [productBody()] }),
    ]) await expectForbidden('complianceOfficer', r);
    assert.deepEqual((await call(t, { method: 'GET', url: `${C}/products/${product}`, headers: admin }, 200)).json(), before);
    assert.equal((await call(t, { method: 'GET', url: `${C}/products`, headers: admin }, 200)).headers['content-range'], countBefore);
    await call(t, { method: 'GET', url: `${C}/channels/${channel}`, headers: admin }, 200);
  });

  test("cannot change any plugin's settings or switch plugins", async () => {
    for (const plugin of ['catalog', 'identity', 'privacy']) {
      await expectForbidden('complianceOfficer', req('PUT', `/api/plugins/${plugin}`, { settings: {} }));
      await expectForbidden('complianceOfficer', req('PUT', `/api/plugins/${plugin}`, { enabled: false }));
    }
    const states = await t.app.lockstep.connection.db!.collection('core_plugin_states').find({ tenantId: w.tenantA }).toArray();
    assert.ok(states.every((s) => s.enabled !== false), 'every plugin still enabled');
  });
});

describe('analyst', () => {
  test('is read-only: reads retention, changes nothing, sees no audit log or reports', async () => {
    const an = w.headers.analyst;
    const policies = (await call(t, { method: 'GET', url: `${P}/retention/policies`, headers: an }, 200)).json();
    assert.ok(policies.length > 0);
    await call(t, { method: 'GET', url: `${P}/retention/runs`, headers: an }, 200);
    await call(t, { method: 'GET', url: '/api/plugins/catalog/products', headers: an }, 200);
    for (const r of [
      req('PUT', `${P}/retention/policies/core_events`, { days: 1 }),
      req('DELETE', `${P}/retention/policies/core_events`),
      req('POST', `${P}/retention/runs`, {}),
      req('POST', `${P}/audits`, {}),
      req('PUT', `${P}/audit-settings`, { keyMaxAgeDays: 1 }),
      req('POST', '/api/plugins/catalog/products', productBody()),
      req('PUT', '/api/plugins/catalog', { settings: {} }),
      ...COMPLIANCE_READS(),
    ]) await expectForbidden('analyst', r);
  });
});

describe('API keys and other tenants', () => {
  test('secret keys reach no privacy route; a report of another tenant is not found', async () => {
    for (const r of [...COMPLIANCE_READS(), req('GET', `${P}/retention/policies`), req('POST', `${P}/audits`, {})]) await expectForbidden('secretKey', r);
    const inB = (await call(t, { method: 'POST', url: `${P}/audits`, headers: w.headers.tenantOwner, payload: {} }, 201)).json();
    assert.equal((await call(t, { method: 'GET', url: `${P}/audits/${inB.id}`, headers: w.headers.complianceOfficer }, 404)).json().code, 'CORE_ERR_NOT_FOUND');
    assert.equal((await call(t, { method: 'GET', url: `${P}/audits/${reportId}/report.html`, headers: w.headers.tenantOwner }, 404)).json().code, 'CORE_ERR_NOT_FOUND');
    const headersB: Headers = w.headers.tenantOwner;
    const listB = (await call(t, { method: 'GET', url: `${P}/audits`, headers: headersB }, 200)).json();
    assert.deepEqual(listB.map((r: any) => r.id), [inB.id]);
  });
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import {
  PRINCIPALS, buildWorld, call, channelBody, createChannel, createImport, createKey, createProduct, createUser, productBody, uniq,
  type Headers, type Who, type World,
} from '../helpers/matrix.ts';

/**
 * GrowthBook-style permission matrix: every core route, the catalog plugin's routes and the privacy plugin's compliance
 * routes × every kind of principal, with the expected status of each cell written out. Derived from CORE_GRANTS in
 * server/src/auth/ability.ts and the grants in plugins/catalog/index.ts and privacy/src/{compliance,retention}:
 *  - anonymous: 401 everywhere;
 *  - platform owner: manage all;
 *  - tenant owner (of tenant B): manage all in its tenant, reads only its own Tenant, cannot create/update Tenant;
 *  - publishable keys are refused (403) on every route that does not opt in (catalog product/channel reads);
 *  - "allowed" cells act on a record of the principal's own tenant, so the answer is the route's success status
 *    (retrying a job that has not failed answers 409 CORE_ERR_JOB_NOT_RETRYABLE: the permission check passed).
 * Routes that do not exist (e.g. editing an API key) are listed too: 404 for everyone.
 */

type Fixture = 'user' | 'apiKey' | 'ownTenant' | 'plugin' | 'job' | 'product' | 'channel' | 'import' | 'auditReport';
type Expect = Record<Who, number>;

interface Row {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  /** What `:id` names, created in the principal's own tenant. */
  fixture?: Fixture;
  /** DELETE and other destructive cells get a record of their own. */
  fresh?: boolean;
  body?: () => Record<string, unknown>;
  /** The success answer is one object without an id (e.g. a settings document or the data inventory). */
  object?: boolean;
  expect: Expect;
}

const C = '/api/plugins/catalog';
const PV = '/api/plugins/privacy';

const MATRIX: Row[] = [
  // ── users ────────────────────────────────────────────────────────────────────────────────────────────────────
  { method: 'GET', path: '/api/users',
    expect: { anonymous: 401, platformOwner: 200, tenantOwner: 200, merchant: 403, analyst: 403, complianceOfficer: 403, pluginDeveloper: 403, publishableKey: 403, secretKey: 403 } },
  { method: 'GET', path: '/api/users/:id', fixture: 'user',
    expect: { anonymous: 401, platformOwner: 200, tenantOwner: 200, merchant: 403, analyst: 403, complianceOfficer: 403, pluginDeveloper: 403, publishableKey: 403, secretKey: 403 } },
  { method: 'POST', path: '/api/users', body: () => ({ email: `${uniq('new')}@test.local`, name: 'New', role: 'analyst', password: 'a-long-password-1' }),
    expect: { anonymous: 401, platformOwner: 201, tenantOwner: 201, merchant: 403, analyst: 403, complianceOfficer: 403, pluginDeveloper: 403, publishableKey: 403, secretKey: 403 } },
  { method: 'PUT', path: '/api/users/:id', fixture: 'user', body: () => ({ name: 'Renamed' }),
    expect: { anonymous: 401, platformOwner: 200, tenantOwner: 200, merchant: 403, analyst: 403, complianceOfficer: 403, pluginDeveloper: 403, publishableKey: 403, secretKey: 403 } },
  { method: 'DELETE', path: '/api/users/:id', fixture: 'user', fresh: true,
    expect: { anonymous: 401, platformOwner: 200, tenantOwner: 200, merchant: 403, analyst: 403, complianceOfficer: 403, pluginDeveloper: 403, publishableKey: 403, secretKey: 403 } },

  // ── api-keys ─────────────────────────────────────────────────────────────────────────────────────────────────
  { method: 'GET', path: '/api/api-keys',
    expect: { anonymous: 401, platformOwner: 200, tenantOwner: 200, merchant: 200, analyst: 403, complianceOfficer: 403, pluginDeveloper: 403, publishableKey: 403, secretKey: 403 } },
  { method: 'GET', path: '/api/api-keys/:id', fixture: 'apiKey',
    expect: { anonymous: 401, platformOwner: 200, tenantOwner: 200, merchant: 200, analyst: 403, complianceOfficer: 403, pluginDeveloper: 403, publishableKey: 403, secretKey: 403 } },
  { method: 'POST', path: '/api/api-keys', body: () => ({ name: uniq('key'), kind: 'publishable' }),
    expect: { anonymous: 401, platformOwner: 201, tenantOwner: 201, merchant: 201, analyst: 403, complianceOfficer: 403, pluginDeveloper: 403, publishableKey: 403, secretKey: 403 } },
  { method: 'PUT', path: '/api/api-keys/:id', fixture: 'apiKey', body: () => ({ name: 'x' }),
    expect: { anonymous: 404, platformOwner: 404, tenantOwner: 404, merchant: 404, analyst: 404, complianceOfficer: 404, pluginDeveloper: 404, publishableKey: 404, secretKey: 404 } },
  { method: 'DELETE', path: '/api/api-keys/:id', fixture: 'apiKey', fresh: true,
    expect: { anonymous: 401, platformOwner: 200, tenantOwner: 200, merchant: 200, analyst: 403, complianceOfficer: 403, pluginDeveloper: 403, publishableKey: 403, secretKey: 403 } },

  // ── tenants ──────────────────────────────────────────────────────────────────────────────────────────────────
  { method: 'GET', path: '/api/tenants',
    expect: { anonymous: 401, platformOwner: 200, tenantOwner: 200, merchant: 403, analyst: 403, complianceOfficer: 403, pluginDeveloper: 403, publishableKey: 403, secretKey: 403 } },
  { method: 'GET', path: '/api/tenants/:id', fixture: 'ownTenant',
    expect: { anonymous: 401, platformOwner: 200, tenantOwner: 200, merchant: 403, analyst: 403, complianceOfficer: 403, pluginDeveloper: 403, publishableKey: 403, secretKey: 403 } },
  { method: 'POST', path: '/api/tenants', body: () => ({ name: 'Another shop', slug: uniq('shop') }),
    expect: { anonymous: 401, platformOwner: 201, tenantOwner: 403, merchant: 403, analyst: 403, complianceOfficer: 403, pluginDeveloper: 403, publishableKey: 403, secretKey: 403 } },
  { method: 'PUT', path: '/api/tenants/:id', fixture: 'ownTenant', body: () => ({ status: 'active' }),
    expect: { anonymous: 401, platformOwner: 200, tenantOwner: 403, merchant: 403, analyst: 403, complianceOfficer: 403, pluginDeveloper: 403, publishableKey: 403, secretKey: 403 } },
  { method: 'DELETE', path: '/api/tenants/:id', fixture: 'ownTenant',
    expect: { anonymous: 404, platformOwner: 404, tenantOwner: 404, merchant: 404, analyst: 404, complianceOfficer: 404, pluginDeveloper: 404, publishableKey: 404, secretKey: 404 } },

  // ── plugins ──────────────────────────────────────────────────────────────────────────────────────────────────
  { method: 'GET', path: '/api/plugins',
    expect: { anonymous: 401, platformOwner: 200, tenantOwner: 200, merchant: 200, analyst: 200, complianceOfficer: 403, pluginDeveloper: 200, publishableKey: 403, secretKey: 403 } },
  { method: 'GET', path: '/api/plugins/:id', fixture: 'plugin',
    expect: { anonymous: 401, platformOwner: 200, tenantOwner: 200, merchant: 200, analyst: 200, complianceOfficer: 403, pluginDeveloper: 200, publishableKey: 403, secretKey: 403 } },
  { method: 'POST', path: '/api/plugins', body: () => ({ name: 'x' }),
    expect: { anonymous: 404, platformOwner: 404, tenantOwner: 404, merchant: 404, analyst: 404, complianceOfficer: 404, pluginDeveloper: 404, publishableKey: 404, secretKey: 404 } },
  // Keeps the catalog enabled (the toggle permission is still checked because `enabled` is sent).
  { method: 'PUT', path: '/api/plugins/:id', fixture: 'plugin', body: () => ({ enabled: true }),
    expect: { anonymous: 401, platformOwner: 200, tenantOwner: 200, merchant: 403, analyst: 403, complianceOfficer: 403, pluginDeveloper: 200, publishableKey: 403, secretKey: 403 } },
  { method: 'DELETE', path: '/api/plugins/:id', fixture: 'plugin',
    expect: { anonymous: 404, platformOwner: 404, tenantOwner: 404, merchant: 404, analyst: 404, complianceOfficer: 404, pluginDeveloper: 404, publishableKey: 404, secretKey: 404 } },

  // ── jobs & queues ────────────────────────────────────────────────────────────────────────────────────────────
  { method: 'GET', path: '/api/jobs',
    expect: { anonymous: 401, platformOwner: 200, tenantOwner: 200, merchant: 200, analyst: 200, complianceOfficer: 403, pluginDeveloper: 200, publishableKey: 403, secretKey: 403 } },
  { method: 'GET', path: '/api/jobs/:id', fixture: 'job',
    expect: { anonymous: 401, platformOwner: 200, tenantOwner: 200, merchant: 200, analyst: 200, complianceOfficer: 403, pluginDeveloper: 200, publishableKey: 403, secretKey: 403 } },
  { method: 'POST', path: '/api/jobs/:id/retry', fixture: 'job',
    expect: { anonymous: 401, platformOwner: 409, tenantOwner: 409, merchant: 409, analyst: 403, complianceOfficer: 403, pluginDeveloper: 409, publishableKey: 403, secretKey: 403 } },
  { method: 'GET', path: '/api/queues',
    expect: { anonymous: 401, platformOwner: 200, tenantOwner: 200, merchant: 200, analyst: 200, complianceOfficer: 403, pluginDeveloper: 200, publishableKey: 403, secretKey: 403 } },

  // ── audit log (read AuditLog: owners and compliance officers) ───────────────────────────────────────────────
  { method: 'GET', path: '/api/audit',
    expect: { anonymous: 401, platformOwner: 200, tenantOwner: 200, merchant: 403, analyst: 403, complianceOfficer: 200, pluginDeveloper: 403, publishableKey: 403, secretKey: 403 } },
  { method: 'POST', path: '/api/audit/verify',
    expect: { anonymous: 401, platformOwner: 200, tenantOwner: 200, merchant: 403, analyst: 403, complianceOfficer: 200, pluginDeveloper: 403, publishableKey: 403, secretKey: 403 } },

  // ── auth ─────────────────────────────────────────────────────────────────────────────────────────────────────
  { method: 'GET', path: '/api/auth/me',
    expect: { anonymous: 401, platformOwner: 200, tenantOwner: 200, merchant: 200, analyst: 200, complianceOfficer: 200, pluginDeveloper: 200, publishableKey: 403, secretKey: 403 } },

  // ── catalog plugin: products ─────────────────────────────────────────────────────────────────────────────────
  { method: 'GET', path: `${C}/products`,
    expect: { anonymous: 401, platformOwner: 200, tenantOwner: 200, merchant: 200, analyst: 200, complianceOfficer: 403, pluginDeveloper: 200, publishableKey: 200, secretKey: 200 } },
  { method: 'GET', path: `${C}/products/:id`, fixture: 'product',
    expect: { anonymous: 401, platformOwner: 200, tenantOwner: 200, merchant: 200, analyst: 200, complianceOfficer: 403, pluginDeveloper: 200, publishableKey: 200, secretKey: 200 } },
  { method: 'POST', path: `${C}/products`, body: productBody,
    expect: { anonymous: 401, platformOwner: 201, tenantOwner: 201, merchant: 201, analyst: 403, complianceOfficer: 403, pluginDeveloper: 403, publishableKey: 403, secretKey: 201 } },
  { method: 'PUT', path: `${C}/products/:id`, fixture: 'product', body: () => ({ price: 19.99 }),
    expect: { anonymous: 401, platformOwner: 200, tenantOwner: 200, merchant: 200, analyst: 403, complianceOfficer: 403, pluginDeveloper: 403, publishableKey: 403, secretKey: 200 } },
  { method: 'DELETE', path: `${C}/products/:id`, fixture: 'product', fresh: true,
    expect: { anonymous: 401, platformOwner: 200, tenantOwner: 200, merchant: 200, analyst: 403, complianceOfficer: 403, pluginDeveloper: 403, publishableKey: 403, secretKey: 200 } },

  // ── catalog plugin: channels ─────────────────────────────────────────────────────────────────────────────────
  { method: 'GET', path: `${C}/channels`,
    expect: { anonymous: 401, platformOwner: 200, tenantOwner: 200, merchant: 200, analyst: 200, complianceOfficer: 403, pluginDeveloper: 200, publishableKey: 200, secretKey: 200 } },
  { method: 'GET', path: `${C}/channels/:id`, fixture: 'channel',
    expect: { anonymous: 401, platformOwner: 200, tenantOwner: 200, merchant: 200, analyst: 200, complianceOfficer: 403, pluginDeveloper: 200, publishableKey: 200, secretKey: 200 } },
  { method: 'POST', path: `${C}/channels`, body: channelBody,
    expect: { anonymous: 401, platformOwner: 201, tenantOwner: 201, merchant: 201, analyst: 403, complianceOfficer: 403, pluginDeveloper: 403, publishableKey: 403, secretKey: 403 } },
  { method: 'PUT', path: `${C}/channels/:id`, fixture: 'channel', body: () => ({ name: 'Renamed channel' }),
    expect: { anonymous: 401, platformOwner: 200, tenantOwner: 200, merchant: 200, analyst: 403, complianceOfficer: 403, pluginDeveloper: 403, publishableKey: 403, secretKey: 403 } },
  { method: 'DELETE', path: `${C}/channels/:id`, fixture: 'channel', fresh: true,
    expect: { anonymous: 401, platformOwner: 200, tenantOwner: 200, merchant: 200, analyst: 403, complianceOfficer: 403, pluginDeveloper: 403, publishableKey: 403, secretKey: 403 } },

  // ── catalog plugin: imports ──────────────────────────────────────────────────────────────────────────────────
  { method: 'GET', path: `${C}/imports`,
    expect: { anonymous: 401, platformOwner: 200, tenantOwner: 200, merchant: 200, analyst: 200, complianceOfficer: 403, pluginDeveloper: 200, publishableKey: 403, secretKey: 200 } },
  { method: 'GET', path: `${C}/imports/:id`, fixture: 'import',
    expect: { anonymous: 401, platformOwner: 200, tenantOwner: 200, merchant: 200, analyst: 200, complianceOfficer: 403, pluginDeveloper: 200, publishableKey: 403, secretKey: 200 } },
  { method: 'POST', path: `${C}/imports`, body: () => ({ products: [productBody()] }),
    expect: { anonymous: 401, platformOwner: 202, tenantOwner: 202, merchant: 202, analyst: 403, complianceOfficer: 403, pluginDeveloper: 403, publishableKey: 403, secretKey: 202 } },

  // ── privacy plugin: data inventory, privacy audits, retention (read DataInventory / PrivacyAudit / RetentionPolicy) ──
  { method: 'GET', path: `${PV}/inventory`, object: true,
    expect: { anonymous: 401, platformOwner: 200, tenantOwner: 200, merchant: 403, analyst: 403, complianceOfficer: 200, pluginDeveloper: 403, publishableKey: 403, secretKey: 403 } },
  { method: 'GET', path: `${PV}/audits`,
    expect: { anonymous: 401, platformOwner: 200, tenantOwner: 200, merchant: 403, analyst: 403, complianceOfficer: 200, pluginDeveloper: 403, publishableKey: 403, secretKey: 403 } },
  { method: 'GET', path: `${PV}/audits/:id`, fixture: 'auditReport',
    expect: { anonymous: 401, platformOwner: 200, tenantOwner: 200, merchant: 403, analyst: 403, complianceOfficer: 200, pluginDeveloper: 403, publishableKey: 403, secretKey: 403 } },
  { method: 'POST', path: `${PV}/audits`, body: () => ({}),
    expect: { anonymous: 401, platformOwner: 201, tenantOwner: 201, merchant: 403, analyst: 403, complianceOfficer: 201, pluginDeveloper: 403, publishableKey: 403, secretKey: 403 } },
  { method: 'GET', path: `${PV}/audit-settings`, object: true,
    expect: { anonymous: 401, platformOwner: 200, tenantOwner: 200, merchant: 403, analyst: 403, complianceOfficer: 200, pluginDeveloper: 403, publishableKey: 403, secretKey: 403 } },
  { method: 'PUT', path: `${PV}/audit-settings`, object: true, body: () => ({ keyMaxAgeDays: 90 }),
    expect: { anonymous: 401, platformOwner: 200, tenantOwner: 200, merchant: 403, analyst: 403, complianceOfficer: 200, pluginDeveloper: 403, publishableKey: 403, secretKey: 403 } },
  { method: 'GET', path: `${PV}/retention/policies`,
    expect: { anonymous: 401, platformOwner: 200, tenantOwner: 200, merchant: 403, analyst: 200, complianceOfficer: 200, pluginDeveloper: 403, publishableKey: 403, secretKey: 403 } },
  { method: 'PUT', path: `${PV}/retention/policies/core_events`, body: () => ({ days: 395 }),
    expect: { anonymous: 401, platformOwner: 200, tenantOwner: 200, merchant: 403, analyst: 403, complianceOfficer: 200, pluginDeveloper: 403, publishableKey: 403, secretKey: 403 } },
  { method: 'GET', path: `${PV}/retention/runs`,
    expect: { anonymous: 401, platformOwner: 200, tenantOwner: 200, merchant: 403, analyst: 200, complianceOfficer: 200, pluginDeveloper: 403, publishableKey: 403, secretKey: 403 } },
  { method: 'POST', path: `${PV}/retention/runs`, body: () => ({}),
    expect: { anonymous: 401, platformOwner: 202, tenantOwner: 202, merchant: 403, analyst: 403, complianceOfficer: 202, pluginDeveloper: 403, publishableKey: 403, secretKey: 403 } },
];

let t: TestApp;
let w: World;
const cache = new Map<string, string>();

before(async () => {
  t = await buildTestApp();
  w = await buildWorld(t);
});
after(async () => { await t?.close(); });

async function makeFixture(kind: Fixture, tenantId: string): Promise<string> {
  const admin = w.adminIn(tenantId);
  switch (kind) {
    case 'user': return (await createUser(t, admin, 'analyst')).id;
    case 'apiKey': return (await createKey(t, admin, 'secret')).id;
    case 'ownTenant': return tenantId;
    case 'plugin': return 'catalog';
    case 'job': return (await createImport(t, admin)).jobApiId;
    case 'product': return createProduct(t, admin);
    case 'channel': return createChannel(t, admin);
    case 'import': return (await createImport(t, admin)).id;
    case 'auditReport': return (await call(t, { method: 'POST', url: `${PV}/audits`, headers: admin, payload: {} }, 201)).json().id;
  }
}

async function fixtureFor(row: Row, who: Who): Promise<string> {
  const tenantId = w.tenantOf(who);
  if (row.fresh) return makeFixture(row.fixture!, tenantId);
  const k = `${row.fixture}:${tenantId}`;
  if (!cache.has(k)) cache.set(k, await makeFixture(row.fixture!, tenantId));
  return cache.get(k)!;
}

const EXPECTED_CODE: Record<number, string> = { 401: 'CORE_ERR_UNAUTHENTICATED', 403: 'CORE_ERR_FORBIDDEN', 404: 'CORE_ERR_ROUTE_NOT_FOUND', 409: 'CORE_ERR_JOB_NOT_RETRYABLE' };

test('the matrix names every principal in every row', () => {
  for (const row of MATRIX) assert.deepEqual(Object.keys(row.expect).sort(), [...PRINCIPALS].sort(), `${row.method} ${row.path}`);
});

for (const row of MATRIX) {
  describe(`${row.method} ${row.path}`, () => {
    for (const who of PRINCIPALS) {
      const expected = row.expect[who];
      test(`${who} → ${expected}`, async () => {
        const id = row.fixture ? await fixtureFor(row, who) : undefined;
        const url = id ? row.path.replace(':id', encodeURIComponent(id)) : row.path;
        const res = await t.app.inject({ method: row.method, url, headers: w.headers[who], ...(row.body ? { payload: row.body() } : {}) });
        assert.equal(res.statusCode, expected, `${row.method} ${url} as ${who}: ${res.body}`);
        if (expected >= 400) assert.equal(res.json().code, EXPECTED_CODE[expected], res.body);
        else if (id) assert.equal(res.json().id, id, 'answers the record named in the URL');
        else if (row.object) assert.equal(typeof res.json(), 'object', 'answers one object');
        else if (row.method === 'GET' && row.path !== '/api/auth/me') assert.ok(Array.isArray(res.json()), 'lists answer arrays');
        else if (row.path === '/api/audit/verify') assert.equal(res.json().ok, true, 'the chain verifies');
        else assert.equal(typeof res.json().id === 'string' || row.path === '/api/auth/me', true, 'creates answer the record');
      });
    }
  });
}

// ── cross-tenant isolation ─────────────────────────────────────────────────────────────────────────────────────

describe('cross-tenant access by id is 404, never data, and changes nothing', () => {
  const targets: { name: string; base: string; create: (h: Headers) => Promise<string>; update: Record<string, unknown>; readBack: (id: string) => Promise<unknown> }[] = [
    { name: 'user', base: '/api/users', create: async (h) => (await createUser(t, h, 'analyst')).id, update: { name: 'hijacked', role: 'owner' },
      readBack: (id) => t.app.lockstep.models.User.findOne({ _id: id, tenantId: w.tenantA }).lean() },
    { name: 'api key', base: '/api/api-keys', create: async (h) => (await createKey(t, h, 'secret')).id, update: { name: 'hijacked' },
      readBack: (id) => t.app.lockstep.models.ApiKey.findOne({ _id: id, tenantId: w.tenantA }).lean() },
    { name: 'product', base: `${C}/products`, create: (h) => createProduct(t, h), update: { price: 0 },
      readBack: async (id) => (await call(t, { method: 'GET', url: `${C}/products/${id}`, headers: w.headers.platformOwner }, 200)).json() },
    { name: 'channel', base: `${C}/channels`, create: (h) => createChannel(t, h), update: { name: 'hijacked' },
      readBack: async (id) => (await call(t, { method: 'GET', url: `${C}/channels/${id}`, headers: w.headers.platformOwner }, 200)).json() },
  ];

  for (const target of targets) {
    for (const attacker of ['tenantOwner'] as const) {
      test(`${attacker} of tenant B: GET/PUT/DELETE tenant A's ${target.name} → 404 and the record is untouched`, async () => {
        const id = await target.create(w.adminIn(w.tenantA));
        const beforeState = await target.readBack(id);
        assert.ok(beforeState);
        const h = w.headers[attacker];
        for (const method of ['GET', 'PUT', 'DELETE'] as const) {
          const res = await t.app.inject({ method, url: `${target.base}/${id}`, headers: h, ...(method === 'PUT' ? { payload: target.update } : {}) });
          if (method === 'PUT' && target.name === 'api key') {
            assert.equal(res.statusCode, 404); // no such route for keys at all
            continue;
          }
          assert.equal(res.statusCode, 404, `${method} ${target.name}: ${res.body}`);
          assert.equal(res.json().code, 'CORE_ERR_NOT_FOUND');
          assert.deepEqual(Object.keys(res.json()).sort(), ['code', 'error', 'message', 'requestId', 'statusCode'], 'an error body, no record data');
        }
        assert.deepEqual(await target.readBack(id), beforeState, 'unchanged');
      });
    }
  }

  test("tenant B's owner cannot read tenant A's import, job or tenant record", async () => {
    const imp = await createImport(t, w.headers.platformOwner);
    for (const url of [`${C}/imports/${imp.id}`, `/api/jobs/${encodeURIComponent(imp.jobApiId)}`, `/api/tenants/${w.tenantA}`]) {
      const res = await call(t, { method: 'GET', url, headers: w.headers.tenantOwner }, 404);
      assert.equal(res.json().code, 'CORE_ERR_NOT_FOUND');
    }
    const retry = await call(t, { method: 'POST', url: `/api/jobs/${encodeURIComponent(imp.jobApiId)}/retry`, headers: w.headers.tenantOwner }, 404);
    assert.equal(retry.json().code, 'CORE_ERR_NOT_FOUND');
  });

  test("tenant A's merchant and secret key cannot read or change tenant B's product", async () => {
    const id = await createProduct(t, w.headers.tenantOwner);
    for (const who of ['merchant', 'secretKey', 'publishableKey'] as const) {
      assert.equal((await t.app.inject({ method: 'GET', url: `${C}/products/${id}`, headers: w.headers[who] })).statusCode, 404, who);
    }
    for (const who of ['merchant', 'secretKey'] as const) {
      assert.equal((await t.app.inject({ method: 'PUT', url: `${C}/products/${id}`, headers: w.headers[who], payload: { price: 0 } })).statusCode, 404, who);
      assert.equal((await t.app.inject({ method: 'DELETE', url: `${C}/products/${id}`, headers: w.headers[who] })).statusCode, 404, who);
    }
    const still = (await call(t, { method: 'GET', url: `${C}/products/${id}`, headers: w.headers.tenantOwner }, 200)).json();
    assert.equal(still.price, 12.5);
  });

  test("tenant A's merchant cannot revoke tenant B's key", async () => {
    const key = await createKey(t, w.headers.tenantOwner, 'secret');
    assert.equal((await t.app.inject({ method: 'DELETE', url: `/api/api-keys/${key.id}`, headers: w.headers.merchant })).statusCode, 404);
    assert.equal((await t.app.inject({ method: 'GET', url: `${C}/products`, headers: { authorization: `Bearer ${key.key}` } })).statusCode, 200, 'key still works');
  });
});

describe('x-lockstep-tenant is for platform owners only', () => {
  const routes = ['/api/auth/me', '/api/users', '/api/api-keys', `${C}/products`, '/api/jobs'];
  for (const who of ['tenantOwner', 'merchant', 'analyst', 'complianceOfficer', 'pluginDeveloper'] as const) {
    test(`${who} naming another tenant gets 403 CORE_ERR_TENANT_FORBIDDEN on every route`, async () => {
      const other = who === 'tenantOwner' ? w.tenantA : w.tenantB;
      for (const url of routes) {
        const res = await t.app.inject({ method: 'GET', url, headers: { ...w.headers[who], 'x-lockstep-tenant': other } });
        assert.equal(res.statusCode, 403, `${url}: ${res.body}`);
        assert.equal(res.json().code, 'CORE_ERR_TENANT_FORBIDDEN');
      }
      const write = await t.app.inject({ method: 'POST', url: `${C}/products`, headers: { ...w.headers[who], 'x-lockstep-tenant': other }, payload: productBody() });
      assert.equal(write.statusCode, 403);
    });
  }

  test('naming its own tenant is allowed', async () => {
    await call(t, { method: 'GET', url: '/api/users', headers: { ...w.headers.tenantOwner, 'x-lockstep-tenant': w.tenantB } }, 200);
  });

  test('an API key naming another tenant is not moved there: it still only ever sees its own tenant', async () => {
    const bProduct = await createProduct(t, w.headers.tenantOwner);
    const headers = { ...w.headers.secretKey, 'x-lockstep-tenant': w.tenantB };
    assert.equal((await call(t, { method: 'GET', url: `${C}/products/${bProduct}`, headers }, 404)).json().code, 'CORE_ERR_NOT_FOUND');
    const list = (await call(t, { method: 'GET', url: `${C}/products?range=[0,499]`, headers }, 200)).json() as { id: string }[];
    assert.ok(list.length > 0 && !list.some((p) => p.id === bProduct));
    const created = (await call(t, { method: 'POST', url: `${C}/products`, headers, payload: productBody() }, 201)).json();
    assert.equal((await t.app.lockstep.host.contexts.get('catalog')!.model('Product').findOne({ _id: created.id, tenantId: w.tenantA }).lean()) !== null, true, 'written into the key\'s own tenant');
  });

  test('the platform owner acts inside tenant B with the header, and an unknown tenant is 404', async () => {
    const me = (await call(t, { method: 'GET', url: '/api/auth/me', headers: w.adminIn(w.tenantB) }, 200)).json();
    assert.equal(me.tenant.id, w.tenantB);
    const users = (await call(t, { method: 'GET', url: '/api/users?range=[0,499]', headers: w.adminIn(w.tenantB) }, 200)).json();
    assert.ok(users.some((u: { id: string }) => u.id === w.userIds.tenantOwner));
    assert.ok(!users.some((u: { id: string }) => u.id === w.userIds.platformOwner || u.id === w.userIds.merchant));
    const res = await call(t, { method: 'GET', url: '/api/users', headers: { ...w.headers.platformOwner, 'x-lockstep-tenant': 'ten_does_not_exist' } }, 404);
    assert.equal(res.json().code, 'CORE_ERR_NOT_FOUND');
  });
});

describe('lists never return another tenant\'s rows', () => {
  const ids = (res: { json(): unknown }) => (res.json() as { id: string }[]).map((r) => r.id);
  const total = (res: { headers: Record<string, unknown> }) => Number(String(res.headers['content-range']).split('/')[1]);

  test('each tenant sees exactly its own users, keys, products, channels, imports and jobs', async () => {
    const a = w.adminIn(w.tenantA);
    const b = w.headers.tenantOwner;
    const [aProduct, bProduct, aChannel, bChannel, aImport, bImport, aKey, bKey, aUser, bUser] = await Promise.all([
      createProduct(t, a), createProduct(t, b), createChannel(t, a), createChannel(t, b), createImport(t, a), createImport(t, b),
      createKey(t, a, 'secret'), createKey(t, b, 'secret'), createUser(t, a, 'merchant'), createUser(t, b, 'merchant'),
    ]);
    const cases: [string, string, string][] = [
      ['/api/users', aUser.id, bUser.id],
      ['/api/api-keys', aKey.id, bKey.id],
      [`${C}/products`, aProduct, bProduct],
      [`${C}/channels`, aChannel, bChannel],
      [`${C}/imports`, aImport.id, bImport.id],
      ['/api/jobs', aImport.jobApiId, bImport.jobApiId],
    ];
    for (const [path, mine, theirs] of cases) {
      for (const [who, own, foreign] of [['platformOwner', mine, theirs], ['tenantOwner', theirs, mine]] as const) {
        const res = await call(t, { method: 'GET', url: `${path}?range=[0,499]`, headers: w.headers[who] }, 200);
        const got = ids(res);
        assert.ok(got.includes(own), `${who} sees its own row in ${path}`);
        assert.ok(!got.includes(foreign), `${who} sees a foreign row in ${path}`);
        assert.equal(total(res), got.length, `${path}: Content-Range total counts only own rows`);
        // Asking for the foreign id explicitly does not help either.
        if (path !== '/api/jobs') {
          const byId = await call(t, { method: 'GET', url: `${path}?filter=${encodeURIComponent(JSON.stringify({ id: foreign }))}`, headers: w.headers[who] }, 200);
          assert.deepEqual(byId.json(), [], `${who} filtered ${path} by a foreign id`);
          assert.equal(total(byId), 0);
        }
      }
    }
    // The merchant and the keys of tenant A: same.
    for (const who of ['merchant', 'secretKey', 'publishableKey'] as const) {
      const got = ids(await call(t, { method: 'GET', url: `${C}/products?range=[0,499]`, headers: w.headers[who] }, 200));
      assert.ok(got.includes(aProduct) && !got.includes(bProduct), who);
    }
  });

  test("a tenant owner's tenant list holds only its own tenant", async () => {
    const res = await call(t, { method: 'GET', url: '/api/tenants', headers: w.headers.tenantOwner }, 200);
    assert.deepEqual(ids(res), [w.tenantB]);
    assert.equal(total(res), 1);
    const bySlug = await call(t, { method: 'GET', url: `/api/tenants?filter=${encodeURIComponent(JSON.stringify({ slug: 'demo' }))}`, headers: w.headers.tenantOwner }, 200);
    assert.deepEqual(bySlug.json(), []);
    const all = ids(await call(t, { method: 'GET', url: '/api/tenants', headers: w.headers.platformOwner }, 200));
    assert.ok(all.includes(w.tenantA) && all.includes(w.tenantB));
  });
});

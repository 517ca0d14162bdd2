import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import type { TestApp } from './app.ts';

/**
 * Principals and fixtures shared by the permission-matrix and API-key tests: two tenants (A = the seeded demo
 * tenant, B = a second tenant with its own owner), one user per tenant role in A, and one key of each kind in A.
 */
export type Who =
  | 'anonymous' | 'platformOwner' | 'tenantOwner' | 'merchant' | 'analyst' | 'complianceOfficer' | 'pluginDeveloper'
  | 'publishableKey' | 'secretKey';

export const PRINCIPALS: readonly Who[] = [
  'anonymous', 'platformOwner', 'tenantOwner', 'merchant', 'analyst', 'complianceOfficer', 'pluginDeveloper', 'publishableKey', 'secretKey',
];

export type Headers = Record<string, string>;

export const uniq = (p: string) => `${p}-${randomBytes(4).toString('hex')}`;
export const bearer = (token: string): Headers => ({ authorization: `Bearer ${token}` });

/** inject() that fails with the response body when the status is not the expected one. */
export async function call(t: TestApp, opts: InjectOptions, expected: number): Promise<LightMyRequestResponse> {
  const res = await t.app.inject(opts);
  assert.equal(res.statusCode, expected, `${opts.method} ${opts.url} → ${res.statusCode} ${res.body}`);
  return res;
}

export async function createUser(t: TestApp, admin: Headers, role: string): Promise<{ id: string; email: string; password: string }> {
  const email = `${uniq(role.replace(/_/g, '-'))}@test.local`;
  const password = `${role}-password-1`;
  const res = await call(t, { method: 'POST', url: '/api/users', headers: admin, payload: { email, name: role, role, password } }, 201);
  return { id: res.json().id, email, password };
}

export async function createKey(t: TestApp, admin: Headers, kind: 'publishable' | 'secret'): Promise<{ id: string; key: string; prefix: string }> {
  const res = await call(t, { method: 'POST', url: '/api/api-keys', headers: admin, payload: { name: uniq(kind), kind } }, 201);
  const body = res.json();
  return { id: body.id, key: body.key, prefix: body.prefix };
}

export const productBody = () => ({ sku: uniq('SKU'), title: 'Test product', price: 12.5, currency: 'EUR', stock: 3 });
export const channelBody = () => ({ key: uniq('ch').toLowerCase(), name: 'Test channel', kind: 'web' });

export async function createProduct(t: TestApp, admin: Headers): Promise<string> {
  return (await call(t, { method: 'POST', url: '/api/plugins/catalog/products', headers: admin, payload: productBody() }, 201)).json().id;
}

export async function createChannel(t: TestApp, admin: Headers): Promise<string> {
  return (await call(t, { method: 'POST', url: '/api/plugins/catalog/channels', headers: admin, payload: channelBody() }, 201)).json().id;
}

/** A queued (never processed: no worker runs in these tests) catalog import and its job's API id. */
export async function createImport(t: TestApp, admin: Headers): Promise<{ id: string; jobApiId: string }> {
  const res = await call(t, { method: 'POST', url: '/api/plugins/catalog/imports', headers: admin, payload: { products: [productBody()] } }, 202);
  const body = res.json();
  assert.ok(body.jobId, `import without jobId: ${res.body}`);
  return { id: body.id, jobApiId: `catalog-import~${body.jobId}` };
}

export interface World {
  /** The seeded demo tenant: platform owner, role users and keys live here. */
  tenantA: string;
  /** A second tenant created by the platform owner, with its own owner. */
  tenantB: string;
  headers: Record<Who, Headers>;
  userIds: Partial<Record<Who, string>>;
  keys: { publishable: { id: string; key: string; prefix: string }; secret: { id: string; key: string; prefix: string } };
  tenantOf(who: Who): string;
  /** Headers that administer a tenant: the platform owner, acting in B through x-lockstep-tenant. */
  adminIn(tenantId: string): Headers;
}

export async function buildWorld(t: TestApp): Promise<World> {
  const po = await t.ownerHeaders();
  const tenantA = t.seed.demoTenantId;
  const slug = uniq('shop-b');
  const tenantB = (await call(t, { method: 'POST', url: '/api/tenants', headers: po, payload: { name: 'Shop B', slug } }, 201)).json().id as string;
  const adminIn = (tenantId: string): Headers => (tenantId === tenantA ? po : { ...po, 'x-lockstep-tenant': tenantId });

  const owner = await createUser(t, adminIn(tenantB), 'owner');
  const roles = { merchant: 'merchant', analyst: 'analyst', complianceOfficer: 'compliance_officer', pluginDeveloper: 'plugin_developer' } as const;
  const users = Object.fromEntries(await Promise.all(Object.entries(roles).map(async ([who, role]) => [who, await createUser(t, po, role)] as const)));
  const [publishable, secret] = await Promise.all([createKey(t, po, 'publishable'), createKey(t, po, 'secret')]);

  const headers = {
    anonymous: {},
    platformOwner: po,
    tenantOwner: await t.login(owner.email, owner.password),
    publishableKey: bearer(publishable.key),
    secretKey: bearer(secret.key),
  } as Record<Who, Headers>;
  for (const who of Object.keys(roles) as (keyof typeof roles)[]) headers[who] = await t.login(users[who].email, users[who].password);

  const me = (await call(t, { method: 'GET', url: '/api/auth/me', headers: po }, 200)).json();
  const userIds: Partial<Record<Who, string>> = { platformOwner: me.user.id, tenantOwner: owner.id };
  for (const who of Object.keys(roles) as (keyof typeof roles)[]) userIds[who] = users[who].id;

  return {
    tenantA, tenantB, headers, userIds, keys: { publishable, secret }, adminIn,
    tenantOf: (who) => (who === 'tenantOwner' ? tenantB : tenantA),
  };
}

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { call, createUser, uniq, type Headers } from '../helpers/matrix.ts';

/** Users and tenants: CRUD, lists (sort/range/filter, Content-Range), validation, uniqueness, tenant ownership. */

let t: TestApp;
let po: Headers;

before(async () => {
  t = await buildTestApp();
  po = await t.ownerHeaders();
});
after(async () => { await t?.close(); });

const qs = (o: Record<string, unknown>) => Object.entries(o).map(([k, v]) => `${k}=${encodeURIComponent(JSON.stringify(v))}`).join('&');
const contentRange = (res: { headers: Record<string, unknown> }) => String(res.headers['content-range']);
const USER_FIELDS = ['createdAt', 'email', 'id', 'lastLoginAt', 'name', 'platformRole', 'role'];

async function newTenant(): Promise<{ id: string; slug: string; admin: Headers }> {
  const slug = uniq('shop');
  const res = await call(t, { method: 'POST', url: '/api/tenants', headers: po, payload: { name: `Shop ${slug}`, slug } }, 201);
  return { id: res.json().id, slug, admin: { ...po, 'x-lockstep-tenant': res.json().id } };
}

describe('users', () => {
  test('create, read, update and delete a user', async () => {
    const created = await call(t, { method: 'POST', url: '/api/users', headers: po, payload: { email: 'Crud.User@Test.Local', name: 'Crud', role: 'merchant', password: 'crud-password-1' } }, 201);
    const u = created.json();
    assert.deepEqual(Object.keys(u).sort(), USER_FIELDS);
    assert.match(u.id, /^usr_/);
    assert.equal(u.email, 'crud.user@test.local', 'emails are stored lower-case');
    assert.equal(u.role, 'merchant');
    assert.equal(u.platformRole, null);
    assert.equal(u.lastLoginAt, null);
    assert.ok(Math.abs(Date.parse(u.createdAt) - Date.now()) < 60_000);

    assert.deepEqual((await call(t, { method: 'GET', url: `/api/users/${u.id}`, headers: po }, 200)).json(), u);
    const updated = (await call(t, { method: 'PUT', url: `/api/users/${u.id}`, headers: po, payload: { name: 'Crud 2', role: 'analyst' } }, 200)).json();
    assert.equal(updated.name, 'Crud 2');
    assert.equal(updated.role, 'analyst');
    assert.equal(updated.email, u.email);
    assert.deepEqual((await call(t, { method: 'GET', url: `/api/users/${u.id}`, headers: po }, 200)).json(), updated);

    await t.login('crud.user@test.local', 'crud-password-1');
    assert.ok((await call(t, { method: 'GET', url: `/api/users/${u.id}`, headers: po }, 200)).json().lastLoginAt, 'login stamps lastLoginAt');

    assert.equal((await call(t, { method: 'DELETE', url: `/api/users/${u.id}`, headers: po }, 200)).json().id, u.id);
    assert.equal((await call(t, { method: 'GET', url: `/api/users/${u.id}`, headers: po }, 404)).json().code, 'CORE_ERR_NOT_FOUND');
    assert.equal((await call(t, { method: 'PUT', url: `/api/users/${u.id}`, headers: po, payload: { name: 'x' } }, 404)).json().code, 'CORE_ERR_NOT_FOUND');
    assert.equal((await call(t, { method: 'DELETE', url: `/api/users/${u.id}`, headers: po }, 404)).json().code, 'CORE_ERR_NOT_FOUND');
  });

  test('lists sort, page and filter, with Content-Range totals', async () => {
    const tenant = await newTenant();
    const people = [
      { email: 'ada@list.test', name: 'Ada', role: 'merchant' },
      { email: 'bob@list.test', name: 'Bob', role: 'analyst' },
      { email: 'cy@list.test', name: 'Cy', role: 'merchant' },
      { email: 'dee@list.test', name: 'Dee', role: 'plugin_developer' },
      { email: 'eve@list.test', name: 'Eve', role: 'merchant' },
    ];
    for (const p of people) await call(t, { method: 'POST', url: '/api/users', headers: tenant.admin, payload: { ...p, password: 'list-password-1' } }, 201);
    const list = async (q: Record<string, unknown>) => {
      const res = await call(t, { method: 'GET', url: `/api/users?${qs(q)}`, headers: tenant.admin }, 200);
      return { emails: (res.json() as { email: string }[]).map((u) => u.email), range: contentRange(res) };
    };

    assert.deepEqual(await list({ sort: ['email', 'ASC'], range: [0, 1] }), { emails: ['ada@list.test', 'bob@list.test'], range: 'users 0-1/5' });
    assert.deepEqual(await list({ sort: ['email', 'ASC'], range: [2, 3] }), { emails: ['cy@list.test', 'dee@list.test'], range: 'users 2-3/5' });
    assert.deepEqual(await list({ sort: ['email', 'ASC'], range: [4, 9] }), { emails: ['eve@list.test'], range: 'users 4-4/5' });
    assert.deepEqual((await list({ sort: ['name', 'DESC'], range: [0, 24] })).emails, ['eve@list.test', 'dee@list.test', 'cy@list.test', 'bob@list.test', 'ada@list.test']);
    assert.deepEqual(await list({ sort: ['email', 'ASC'], filter: { role: 'merchant' } }), { emails: ['ada@list.test', 'cy@list.test', 'eve@list.test'], range: 'users 0-2/3' });
    assert.deepEqual(await list({ sort: ['email', 'ASC'], range: [1, 1], filter: { role: 'merchant' } }), { emails: ['cy@list.test'], range: 'users 1-1/3' });
    assert.deepEqual((await list({ sort: ['email', 'ASC'], filter: { role: ['analyst', 'plugin_developer'] } })).emails, ['bob@list.test', 'dee@list.test']);
    assert.deepEqual(await list({ filter: { q: 'DEE' } }), { emails: ['dee@list.test'], range: 'users 0-0/1' });
    assert.deepEqual((await list({ filter: { q: '.*' } })).emails, [], 'q is a literal substring, not a regex');
    const none = await list({ filter: { role: 'owner' } });
    assert.deepEqual(none.emails, []);
    assert.match(none.range, /\/0$/);
    // Default sort: newest first.
    assert.deepEqual((await list({})).emails, [...people].reverse().map((p) => p.email));
  });

  test('validation errors are 400 with one detail per bad field', async () => {
    const res = await call(t, { method: 'POST', url: '/api/users', headers: po, payload: { email: 'not-an-email', role: 'superuser', password: 'short' } }, 400);
    const body = res.json();
    assert.equal(body.code, 'CORE_ERR_VALIDATION');
    const by = Object.fromEntries((body.details as { field: string; message: string }[]).map((d) => [d.field, d.message]));
    assert.deepEqual(Object.keys(by).sort(), ['body.email', 'body.password', 'body.role'], JSON.stringify(body.details));
    assert.match(by['body.email'], /email/);
    assert.equal(by['body.role'], 'must be one of: owner, merchant, analyst, compliance_officer, plugin_developer');
    assert.match(by['body.password'], /10/);
    for (const field of Object.keys(by)) assert.ok(body.message.includes(field), `message names ${field}: ${body.message}`);

    const missing = (await call(t, { method: 'POST', url: '/api/users', headers: po, payload: { email: 'x@test.local' } }, 400)).json();
    const fields = missing.details.map((d: { field: string }) => d.field).sort();
    assert.deepEqual(fields, ['body.password', 'body.role']);

    const badRole = (await call(t, { method: 'PUT', url: `/api/users/${(await createUser(t, po, 'analyst')).id}`, headers: po, payload: { role: 'root' } }, 400)).json();
    assert.match(badRole.details[0].message, /must be one of: owner, merchant/);
  });

  test('a duplicate email is 409 CORE_ERR_DUPLICATE naming email, whatever its case or tenant', async () => {
    const payload = { email: 'dup@test.local', name: 'Dup', role: 'analyst', password: 'dup-password-1' };
    await call(t, { method: 'POST', url: '/api/users', headers: po, payload }, 201);
    for (const [headers, email] of [[po, 'dup@test.local'], [po, 'DUP@test.local'], [(await newTenant()).admin, 'dup@test.local']] as const) {
      const res = await call(t, { method: 'POST', url: '/api/users', headers, payload: { ...payload, email } }, 409);
      const body = res.json();
      assert.equal(body.code, 'CORE_ERR_DUPLICATE');
      assert.match(body.message, /email/);
      assert.deepEqual(body.details, { fields: ['email'] });
    }
  });

  test('nobody can delete themselves (409 CORE_ERR_CONFLICT)', async () => {
    const me = (await call(t, { method: 'GET', url: '/api/auth/me', headers: po }, 200)).json();
    const res = await call(t, { method: 'DELETE', url: `/api/users/${me.user.id}`, headers: po }, 409);
    assert.equal(res.json().code, 'CORE_ERR_CONFLICT');
    await call(t, { method: 'GET', url: '/api/auth/me', headers: po }, 200);
  });

  test('nobody becomes a platform owner through the users API', async () => {
    const tenant = await newTenant();
    const owner = await createUser(t, tenant.admin, 'owner');
    const oh = await t.login(owner.email, owner.password);
    const extra = await call(t, { method: 'POST', url: '/api/users', headers: oh, payload: { email: `${uniq('x')}@test.local`, role: 'owner', password: 'escalate-password', platformRole: 'owner' } }, 400);
    assert.equal(extra.json().code, 'CORE_ERR_VALIDATION');
    const u = await createUser(t, oh, 'merchant');
    const put = (await call(t, { method: 'PUT', url: `/api/users/${u.id}`, headers: oh, payload: { platformRole: 'owner' } }, 200)).json();
    assert.equal(put.platformRole, null);
    const self = (await call(t, { method: 'PUT', url: `/api/users/${owner.id}`, headers: oh, payload: { platformRole: 'owner', tenantId: t.seed.demoTenantId } }, 200)).json();
    assert.equal(self.platformRole, null);
    const stored = await t.app.lockstep.models.User.findOne({ _id: owner.id, tenantId: tenant.id }).lean<{ platformRole: string | null }>();
    assert.equal(stored!.platformRole, null, 'and it stays in its tenant');
  });
});

describe('tenants', () => {
  test('the platform owner creates, reads, lists and updates tenants', async () => {
    const slug = uniq('acme');
    const created = (await call(t, { method: 'POST', url: '/api/tenants', headers: po, payload: { name: 'Acme', slug } }, 201)).json();
    assert.deepEqual(Object.keys(created).sort(), ['createdAt', 'id', 'name', 'slug', 'status']);
    assert.match(created.id, /^ten_/);
    assert.equal(created.status, 'active');
    assert.deepEqual((await call(t, { method: 'GET', url: `/api/tenants/${created.id}`, headers: po }, 200)).json(), created);
    const updated = (await call(t, { method: 'PUT', url: `/api/tenants/${created.id}`, headers: po, payload: { name: 'Acme Ltd', status: 'suspended' } }, 200)).json();
    assert.equal(updated.name, 'Acme Ltd');
    assert.equal(updated.status, 'suspended');
    assert.equal(updated.slug, slug);
    const bySlug = await call(t, { method: 'GET', url: `/api/tenants?${qs({ filter: { slug } })}`, headers: po }, 200);
    assert.deepEqual(bySlug.json(), [updated]);
    assert.equal(contentRange(bySlug), 'tenants 0-0/1');
    const suspended = (await call(t, { method: 'GET', url: `/api/tenants?${qs({ filter: { status: 'suspended' }, range: [0, 499] })}`, headers: po }, 200)).json();
    assert.ok(suspended.every((x: { status: string }) => x.status === 'suspended') && suspended.some((x: { id: string }) => x.id === created.id));
    const all = await call(t, { method: 'GET', url: `/api/tenants?${qs({ sort: ['slug', 'ASC'], range: [0, 499] })}`, headers: po }, 200);
    const slugs = all.json().map((x: { slug: string }) => x.slug);
    assert.deepEqual(slugs, [...slugs].sort());
    assert.equal(contentRange(all), `tenants 0-${slugs.length - 1}/${slugs.length}`);
    assert.equal((await call(t, { method: 'PUT', url: '/api/tenants/ten_missing', headers: po, payload: { name: 'x' } }, 404)).json().code, 'CORE_ERR_NOT_FOUND');
  });

  test('a duplicate slug is 409 CORE_ERR_DUPLICATE naming slug', async () => {
    const res = await call(t, { method: 'POST', url: '/api/tenants', headers: po, payload: { name: 'Another demo', slug: 'demo' } }, 409);
    assert.equal(res.json().code, 'CORE_ERR_DUPLICATE');
    assert.match(res.json().message, /slug/);
    assert.deepEqual(res.json().details, { fields: ['slug'] });
  });

  test('a bad slug or a missing name is 400', async () => {
    for (const slug of ['Upper', 'a', '-dash', 'has space', 'x'.repeat(64), 'ünï']) {
      const res = await call(t, { method: 'POST', url: '/api/tenants', headers: po, payload: { name: 'Bad', slug } }, 400);
      assert.equal(res.json().code, 'CORE_ERR_VALIDATION');
      assert.deepEqual(res.json().details.map((d: { field: string }) => d.field), ['body.slug'], slug);
    }
    const noName = await call(t, { method: 'POST', url: '/api/tenants', headers: po, payload: { slug: uniq('ok') } }, 400);
    assert.deepEqual(noName.json().details.map((d: { field: string }) => d.field), ['body.name']);
    const badStatus = await call(t, { method: 'PUT', url: `/api/tenants/${t.seed.demoTenantId}`, headers: po, payload: { status: 'deleted' } }, 400);
    assert.equal(badStatus.json().code, 'CORE_ERR_VALIDATION');
  });

  test('a tenant owner cannot create or update tenants and reads only its own', async () => {
    const tenant = await newTenant();
    const other = await newTenant();
    const owner = await createUser(t, tenant.admin, 'owner');
    const oh = await t.login(owner.email, owner.password);
    assert.equal((await call(t, { method: 'POST', url: '/api/tenants', headers: oh, payload: { name: 'Mine', slug: uniq('mine') } }, 403)).json().code, 'CORE_ERR_FORBIDDEN');
    assert.equal((await call(t, { method: 'PUT', url: `/api/tenants/${tenant.id}`, headers: oh, payload: { name: 'Renamed' } }, 403)).json().code, 'CORE_ERR_FORBIDDEN');
    const list = await call(t, { method: 'GET', url: `/api/tenants?${qs({ range: [0, 499] })}`, headers: oh }, 200);
    assert.deepEqual(list.json().map((x: { id: string }) => x.id), [tenant.id]);
    assert.equal(contentRange(list), 'tenants 0-0/1');
    assert.equal((await call(t, { method: 'GET', url: `/api/tenants/${tenant.id}`, headers: oh }, 200)).json().slug, tenant.slug);
    for (const id of [other.id, t.seed.demoTenantId]) {
      assert.equal((await call(t, { method: 'GET', url: `/api/tenants/${id}`, headers: oh }, 404)).json().code, 'CORE_ERR_NOT_FOUND');
    }
    // The owner does run its own tenant's users.
    const u = await createUser(t, oh, 'analyst');
    assert.equal((await call(t, { method: 'GET', url: `/api/users/${u.id}`, headers: oh }, 200)).json().id, u.id);
    const mine = (await call(t, { method: 'GET', url: `/api/users?${qs({ range: [0, 499] })}`, headers: oh }, 200)).json().map((x: { id: string }) => x.id).sort();
    assert.deepEqual(mine, [owner.id, u.id].sort());
  });
});

describe('suspended tenants', () => {
  test('suspending a tenant refuses its users (even cached sessions) and keys at once; reactivating restores them', async () => {
    const shop = await newTenant();
    const user = await createUser(t, shop.admin, 'merchant');
    const session = await t.login(user.email, user.password);
    const key = (await call(t, { method: 'POST', url: '/api/api-keys', headers: shop.admin, payload: { name: 'k', kind: 'secret' } }, 201)).json();
    const keyHeaders = { authorization: `Bearer ${key.key}` };
    await call(t, { method: 'GET', url: '/api/auth/me', headers: session }, 200); // cached now
    await call(t, { method: 'GET', url: '/api/plugins/catalog/products', headers: keyHeaders }, 200);

    await call(t, { method: 'PUT', url: `/api/tenants/${shop.id}`, headers: po, payload: { status: 'suspended' } }, 200);
    for (const headers of [session, keyHeaders]) {
      const res = await call(t, { method: 'GET', url: '/api/auth/me', headers }, 403);
      assert.equal(res.json().code, 'CORE_ERR_TENANT_SUSPENDED');
    }
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: user.password } });
    assert.equal(login.statusCode, 403);
    assert.equal(login.json().code, 'CORE_ERR_TENANT_SUSPENDED');
    // The platform owner still manages it.
    await call(t, { method: 'GET', url: '/api/users', headers: shop.admin }, 200);

    await call(t, { method: 'PUT', url: `/api/tenants/${shop.id}`, headers: po, payload: { status: 'active' } }, 200);
    await call(t, { method: 'GET', url: '/api/auth/me', headers: session }, 200);
    await call(t, { method: 'GET', url: '/api/plugins/catalog/products', headers: keyHeaders }, 200);
  });
});

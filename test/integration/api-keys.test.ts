import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { bearer, buildWorld, call, channelBody, createKey, createProduct, productBody, type World } from '../helpers/matrix.ts';
import { hashToken } from '../../server/src/auth/tokens.ts';

/** Per-tenant API keys: shown once, stored hashed, revocable, and scoped to their tenant and kind. */

const C = '/api/plugins/catalog';
let t: TestApp;
let w: World;

before(async () => {
  t = await buildTestApp();
  w = await buildWorld(t);
});
after(async () => { await t?.close(); });

const KEY_FIELDS = ['createdAt', 'id', 'kind', 'lastUsedAt', 'name', 'prefix', 'revokedAt'];

test('creating a publishable and a secret key shows the full key once; list and get show only its prefix', async () => {
  const owner = w.headers.platformOwner;
  const created: Array<Record<string, any>> = [];
  for (const kind of ['publishable', 'secret'] as const) {
    const res = await call(t, { method: 'POST', url: '/api/api-keys', headers: owner, payload: { name: `storefront ${kind}`, kind } }, 201);
    const body = res.json();
    assert.deepEqual(Object.keys(body).sort(), [...KEY_FIELDS, 'key'].sort());
    assert.match(body.key, kind === 'publishable' ? /^pk_live_[\w-]{24,}$/ : /^sk_live_[\w-]{24,}$/);
    assert.equal(body.kind, kind);
    assert.equal(body.prefix, `${body.key.slice(0, 12)}…`);
    assert.equal(body.revokedAt, null);
    assert.equal(body.lastUsedAt, null);
    created.push(body);
  }

  const responses = [
    await call(t, { method: 'GET', url: '/api/api-keys?range=[0,499]', headers: owner }, 200),
    await call(t, { method: 'GET', url: `/api/api-keys?filter=${encodeURIComponent(JSON.stringify({ q: created[0].prefix.slice(0, 10) }))}`, headers: owner }, 200),
    ...(await Promise.all(created.map((k) => call(t, { method: 'GET', url: `/api/api-keys/${k.id}`, headers: owner }, 200)))),
    await call(t, { method: 'POST', url: '/api/api-keys', headers: owner, payload: { name: 'another', kind: 'secret' } }, 201),
  ];
  const list = responses[0].json() as Record<string, unknown>[];
  for (const k of created) {
    const row = list.find((r) => r.id === k.id);
    assert.ok(row, 'the new key is listed');
    assert.deepEqual(Object.keys(row).sort(), KEY_FIELDS);
    assert.equal(row.prefix, k.prefix);
    for (const r of responses) assert.ok(!r.body.includes(k.key), `the full key leaked in ${r.body}`);
    assert.ok(!responses[0].body.includes(hashToken(k.key)), 'nor its hash');
  }
  assert.ok((responses[1].json() as { id: string }[]).some((r) => r.id === created[0].id), 'searchable by prefix');

  // Only the SHA-256 of the key is stored.
  const stored = await t.app.lockstep.models.ApiKey.findOne({ _id: created[1].id, tenantId: w.tenantA }).select('+keyHash').lean<Record<string, unknown>>();
  assert.equal(stored!.keyHash, hashToken(created[1].key));
  assert.ok(!JSON.stringify(stored).includes(created[1].key));
});

test('a revoked key is 401 CORE_ERR_API_KEY_REVOKED at once; it stays listed with revokedAt; revoking again changes nothing', async () => {
  const owner = w.headers.platformOwner;
  const k = await createKey(t, owner, 'secret');
  await call(t, { method: 'GET', url: `${C}/products`, headers: bearer(k.key) }, 200);
  const revoked = (await call(t, { method: 'DELETE', url: `/api/api-keys/${k.id}`, headers: owner }, 200)).json();
  assert.ok(revoked.revokedAt && Date.parse(revoked.revokedAt) <= Date.now());
  for (const url of [`${C}/products`, `${C}/imports`]) {
    const res = await call(t, { method: 'GET', url, headers: bearer(k.key) }, 401);
    assert.equal(res.json().code, 'CORE_ERR_API_KEY_REVOKED');
  }
  const listed = (await call(t, { method: 'GET', url: `/api/api-keys?range=[0,499]`, headers: owner }, 200)).json().find((r: { id: string }) => r.id === k.id);
  assert.equal(listed.revokedAt, revoked.revokedAt);
  const again = (await call(t, { method: 'DELETE', url: `/api/api-keys/${k.id}`, headers: owner }, 200)).json();
  assert.equal(again.revokedAt, revoked.revokedAt);
});

test('an unknown or malformed key is 401 CORE_ERR_INVALID_API_KEY', async () => {
  for (const key of [`sk_live_${randomBytes(24).toString('base64url')}`, `pk_live_${randomBytes(24).toString('base64url')}`, 'sk_short', 'pk_']) {
    const res = await call(t, { method: 'GET', url: `${C}/products`, headers: bearer(key) }, 401);
    assert.equal(res.json().code, 'CORE_ERR_INVALID_API_KEY', key);
  }
});

test('a publishable key reads products and channels, and is 403 on everything else', async () => {
  const pk = w.headers.publishableKey;
  const id = await createProduct(t, w.headers.platformOwner);
  assert.ok((await call(t, { method: 'GET', url: `${C}/products?range=[0,499]`, headers: pk }, 200)).json().some((p: { id: string }) => p.id === id));
  assert.equal((await call(t, { method: 'GET', url: `${C}/products/${id}`, headers: pk }, 200)).json().id, id);
  await call(t, { method: 'GET', url: `${C}/channels`, headers: pk }, 200);
  const denied: [string, string, unknown?][] = [
    ['GET', '/api/users'], ['GET', '/api/api-keys'], ['POST', '/api/api-keys', { name: 'x', kind: 'secret' }], ['GET', '/api/jobs'],
    ['POST', `${C}/products`, productBody()], ['PUT', `${C}/products/${id}`, { price: 0 }], ['DELETE', `${C}/products/${id}`],
    ['POST', `${C}/channels`, channelBody()], ['GET', `${C}/imports`], ['GET', '/api/auth/me'],
  ];
  for (const [method, url, payload] of denied) {
    const res = await t.app.inject({ method: method as 'GET', url, headers: pk, ...(payload ? { payload: payload as object } : {}) });
    assert.equal(res.statusCode, 403, `${method} ${url}: ${res.body}`);
    assert.equal(res.json().code, 'CORE_ERR_FORBIDDEN');
  }
  assert.equal((await call(t, { method: 'GET', url: `${C}/products/${id}`, headers: w.headers.platformOwner }, 200)).json().price, 12.5, 'unchanged');
});

test('a secret key creates, updates and deletes products and starts imports, but cannot write channels or manage keys', async () => {
  const sk = w.headers.secretKey;
  const p = (await call(t, { method: 'POST', url: `${C}/products`, headers: sk, payload: productBody() }, 201)).json();
  assert.equal((await call(t, { method: 'PUT', url: `${C}/products/${p.id}`, headers: sk, payload: { price: 99 } }, 200)).json().price, 99);
  await call(t, { method: 'DELETE', url: `${C}/products/${p.id}`, headers: sk }, 200);
  await call(t, { method: 'GET', url: `${C}/products/${p.id}`, headers: sk }, 404);
  await call(t, { method: 'POST', url: `${C}/imports`, headers: sk, payload: { products: [productBody()] } }, 202);
  assert.equal((await call(t, { method: 'POST', url: `${C}/channels`, headers: sk, payload: channelBody() }, 403)).json().code, 'CORE_ERR_FORBIDDEN');
  assert.equal((await call(t, { method: 'POST', url: '/api/api-keys', headers: sk, payload: { name: 'x', kind: 'secret' } }, 403)).json().code, 'CORE_ERR_FORBIDDEN');
});

test("a key of tenant A cannot see tenant B's products, and B's key cannot see A's", async () => {
  const bKey = await createKey(t, w.headers.tenantOwner, 'secret');
  const bPub = await createKey(t, w.headers.tenantOwner, 'publishable');
  const [aProduct, bProduct] = await Promise.all([createProduct(t, w.headers.platformOwner), createProduct(t, w.headers.tenantOwner)]);
  for (const [who, own, foreign] of [
    [w.headers.secretKey, aProduct, bProduct], [w.headers.publishableKey, aProduct, bProduct],
    [bearer(bKey.key), bProduct, aProduct], [bearer(bPub.key), bProduct, aProduct],
  ] as const) {
    const ids = (await call(t, { method: 'GET', url: `${C}/products?range=[0,499]`, headers: who }, 200)).json().map((p: { id: string }) => p.id);
    assert.ok(ids.includes(own) && !ids.includes(foreign));
    assert.equal((await call(t, { method: 'GET', url: `${C}/products/${foreign}`, headers: who }, 404)).json().code, 'CORE_ERR_NOT_FOUND');
  }
  // Tenant B's key list holds only B's keys.
  const bList = (await call(t, { method: 'GET', url: '/api/api-keys?range=[0,499]', headers: w.headers.tenantOwner }, 200)).json().map((k: { id: string }) => k.id);
  assert.deepEqual(bList.sort(), [bKey.id, bPub.id].sort());
});

test('a used key gets lastUsedAt', async () => {
  const k = await createKey(t, w.headers.platformOwner, 'secret');
  await call(t, { method: 'GET', url: `${C}/products`, headers: bearer(k.key) }, 200);
  let lastUsedAt = null;
  for (let i = 0; i < 40 && !lastUsedAt; i++) {
    lastUsedAt = (await call(t, { method: 'GET', url: `/api/api-keys/${k.id}`, headers: w.headers.platformOwner }, 200)).json().lastUsedAt;
    if (!lastUsedAt) await new Promise((r) => setTimeout(r, 25));
  }
  assert.ok(lastUsedAt && Math.abs(Date.parse(lastUsedAt) - Date.now()) < 10_000, String(lastUsedAt));
});

test('a merchant manages keys of its tenant; an analyst may not', async () => {
  const k = (await call(t, { method: 'POST', url: '/api/api-keys', headers: w.headers.merchant, payload: { name: 'merchant key', kind: 'publishable' } }, 201)).json();
  await call(t, { method: 'DELETE', url: `/api/api-keys/${k.id}`, headers: w.headers.merchant }, 200);
  assert.equal((await call(t, { method: 'POST', url: '/api/api-keys', headers: w.headers.analyst, payload: { name: 'x', kind: 'secret' } }, 403)).json().code, 'CORE_ERR_FORBIDDEN');
});

test('creating a key validates name and kind', async () => {
  const owner = w.headers.platformOwner;
  const badKind = (await call(t, { method: 'POST', url: '/api/api-keys', headers: owner, payload: { name: 'x', kind: 'admin' } }, 400)).json();
  assert.equal(badKind.code, 'CORE_ERR_VALIDATION');
  const kindDetail = badKind.details.find((d: { field: string }) => d.field === 'body.kind');
  assert.ok(kindDetail && /publishable/.test(kindDetail.message) && /secret/.test(kindDetail.message), JSON.stringify(badKind));
  const noName = (await call(t, { method: 'POST', url: '/api/api-keys', headers: owner, payload: { name: '', kind: 'secret' } }, 400)).json();
  assert.ok(noName.details.some((d: { field: string }) => d.field === 'body.name'), JSON.stringify(noName));
  const extra = (await call(t, { method: 'POST', url: '/api/api-keys', headers: owner, payload: { name: 'x', kind: 'secret', key: 'sk_live_chosen_by_the_client_000000' } }, 400)).json();
  assert.equal(extra.code, 'CORE_ERR_VALIDATION');
  assert.equal((await call(t, { method: 'GET', url: '/api/api-keys/key_missing', headers: owner }, 404)).json().code, 'CORE_ERR_NOT_FOUND');
  assert.equal((await call(t, { method: 'DELETE', url: '/api/api-keys/key_missing', headers: owner }, 404)).json().code, 'CORE_ERR_NOT_FOUND');
});

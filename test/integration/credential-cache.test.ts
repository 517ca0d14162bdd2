import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../server/src/app.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';

/** Two API instances on one store and Redis: credentials are cached per instance, revocations reach both. */
let a: TestApp;
let b: FastifyInstance;
const waitFor = async (fn: () => Promise<boolean>, ms = 3000) => {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) { if (await fn()) return true; await new Promise((r) => setTimeout(r, 25)); }
  return false;
};

before(async () => {
  a = await buildTestApp();
  b = await buildApp(a.config, { logger: false, serveConsole: false });
  await b.ready();
});
after(async () => { await b.close(); await a.close(); });

test('logout on instance A ends the session on instance B, which had it cached', async () => {
  const headers = await a.login(a.config.LOCKSTEP_ADMIN_EMAIL, a.config.LOCKSTEP_ADMIN_PASSWORD!);
  assert.equal((await b.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode, 200); // now cached on B
  assert.equal((await a.app.inject({ method: 'POST', url: '/api/auth/logout', headers })).statusCode, 204);
  assert.equal((await a.app.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode, 401); // at once on A
  assert.ok(await waitFor(async () => (await b.inject({ method: 'GET', url: '/api/auth/me', headers })).statusCode === 401), 'B still accepts the ended session');
});

test('revoking a key on A stops it on B; a role change on A applies on B', async () => {
  const owner = await a.ownerHeaders();
  const key = (await a.app.inject({ method: 'POST', url: '/api/api-keys', headers: owner, payload: { name: 'k', kind: 'secret' } })).json();
  const kh = { authorization: `Bearer ${key.key}` };
  assert.equal((await b.inject({ method: 'GET', url: '/api/plugins/catalog/products', headers: kh })).statusCode, 200);
  await a.app.inject({ method: 'DELETE', url: `/api/api-keys/${key.id}`, headers: owner });
  assert.ok(await waitFor(async () => (await b.inject({ method: 'GET', url: '/api/plugins/catalog/products', headers: kh })).json().code === 'CORE_ERR_API_KEY_REVOKED'));

  const user = (await a.app.inject({ method: 'POST', url: '/api/users', headers: owner, payload: { email: 'm@test.local', role: 'merchant', password: 'merchant-pass-1' } })).json();
  const mh = await a.login('m@test.local', 'merchant-pass-1');
  assert.equal((await b.inject({ method: 'GET', url: '/api/api-keys', headers: mh })).statusCode, 200);
  await a.app.inject({ method: 'PUT', url: `/api/users/${user.id}`, headers: owner, payload: { role: 'analyst' } });
  // A role change ends the user's sessions everywhere: they log in again and get the new role's rights.
  assert.ok(await waitFor(async () => (await b.inject({ method: 'GET', url: '/api/api-keys', headers: mh })).statusCode === 401));
  const ah = await a.login('m@test.local', 'merchant-pass-1');
  assert.equal((await b.inject({ method: 'GET', url: '/api/api-keys', headers: ah })).statusCode, 403);
});

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { bearer, call, createUser } from '../helpers/matrix.ts';
import { hashToken, newSessionToken } from '../../server/src/auth/tokens.ts';

/** Console login, sessions (cookie and bearer), lockout, logout and session revocation. */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const login = (t: TestApp, email: string, password: string, remoteAddress?: string) =>
  t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password }, ...(remoteAddress ? { remoteAddress } : {}) });

describe('login and sessions', () => {
  let t: TestApp;
  let email: string;
  let password: string;
  before(async () => {
    t = await buildTestApp();
    email = t.config.LOCKSTEP_ADMIN_EMAIL;
    password = t.config.LOCKSTEP_ADMIN_PASSWORD!;
  });
  after(async () => { await t?.close(); });

  test('a good login answers token, expiry, user, tenant and rules, and sets an httpOnly SameSite=Strict cookie', async () => {
    const res = await call(t, { method: 'POST', url: '/api/auth/login', payload: { email, password } }, 200);
    const body = res.json();
    assert.match(body.token, /^lss_/);
    assert.ok(Date.parse(body.expiresAt) > Date.now() + (t.config.SESSION_TTL_SECONDS - 60) * 1000);
    assert.deepEqual(Object.keys(body.user).sort(), ['email', 'id', 'name', 'platformRole', 'role']);
    assert.equal(body.user.email, email);
    assert.equal(body.user.platformRole, 'owner');
    assert.deepEqual(body.tenant, { id: t.seed.demoTenantId, name: 'Demo shop', slug: 'demo' });
    assert.ok(Array.isArray(body.rules) && body.rules.some((r: { action: string; subject: string }) => r.action === 'manage' && r.subject === 'all'));

    const cookie = res.cookies.find((c) => c.name === 'lockstep_session');
    assert.ok(cookie, `no session cookie: ${JSON.stringify(res.headers['set-cookie'])}`);
    assert.equal(cookie.value, body.token);
    assert.equal(cookie.httpOnly, true);
    assert.equal(String(cookie.sameSite).toLowerCase(), 'strict');
    assert.equal(cookie.path, '/');
    assert.ok(cookie.expires && Math.abs(new Date(cookie.expires).getTime() - Date.parse(body.expiresAt)) < 2000);
    assert.equal(cookie.secure, undefined, 'not Secure on an http PUBLIC_URL');
  });

  test('the cookie alone authenticates GET /api/auth/me, and so does the bearer token', async () => {
    const { token } = (await call(t, { method: 'POST', url: '/api/auth/login', payload: { email, password } }, 200)).json();
    const byCookie = await call(t, { method: 'GET', url: '/api/auth/me', cookies: { lockstep_session: token } }, 200);
    assert.equal(byCookie.json().user.email, email);
    const byBearer = await call(t, { method: 'GET', url: '/api/auth/me', headers: bearer(token) }, 200);
    assert.deepEqual(byBearer.json(), byCookie.json());
    const anon = await call(t, { method: 'GET', url: '/api/auth/me' }, 401);
    assert.equal(anon.json().code, 'CORE_ERR_UNAUTHENTICATED');
  });

  test('the email is matched case-insensitively', async () => {
    await call(t, { method: 'POST', url: '/api/auth/login', payload: { email: email.toUpperCase(), password } }, 200);
  });

  test('a wrong password and an unknown email answer the same 401 CORE_ERR_INVALID_CREDENTIALS', async () => {
    const wrong = await call(t, { method: 'POST', url: '/api/auth/login', payload: { email, password: 'not-the-password' } }, 401);
    const unknown = await call(t, { method: 'POST', url: '/api/auth/login', payload: { email: 'nobody@test.local', password } }, 401);
    assert.equal(wrong.json().code, 'CORE_ERR_INVALID_CREDENTIALS');
    assert.equal(unknown.json().code, 'CORE_ERR_INVALID_CREDENTIALS');
    assert.equal(wrong.json().message, unknown.json().message, 'no account enumeration through the message');
    assert.equal(wrong.cookies.length, 0);
    // Clear the failures so later tests start clean.
    await call(t, { method: 'POST', url: '/api/auth/login', payload: { email, password } }, 200);
  });

  test('a login without a password or with a malformed email is a 400 validation error', async () => {
    const missing = await call(t, { method: 'POST', url: '/api/auth/login', payload: { email } }, 400);
    assert.equal(missing.json().code, 'CORE_ERR_VALIDATION');
    assert.ok(missing.json().details.some((d: { field: string }) => d.field === 'body.password'), missing.body);
    const bad = await call(t, { method: 'POST', url: '/api/auth/login', payload: { email: 'not-an-email', password } }, 400);
    assert.ok(bad.json().details.some((d: { field: string }) => d.field === 'body.email'), bad.body);
  });

  test('a malformed Authorization header is 401 CORE_ERR_UNAUTHENTICATED; an unknown token 401 CORE_ERR_SESSION_EXPIRED', async () => {
    const malformed = await call(t, { method: 'GET', url: '/api/auth/me', headers: { authorization: 'Basic abc' } }, 401);
    assert.equal(malformed.json().code, 'CORE_ERR_UNAUTHENTICATED');
    const unknown = await call(t, { method: 'GET', url: '/api/auth/me', headers: bearer(newSessionToken()) }, 401);
    assert.equal(unknown.json().code, 'CORE_ERR_SESSION_EXPIRED');
  });

  test('an expired session is 401 CORE_ERR_SESSION_EXPIRED', async () => {
    const me = (await call(t, { method: 'GET', url: '/api/auth/me', headers: await t.ownerHeaders() }, 200)).json();
    const token = newSessionToken();
    await t.app.lockstep.models.Session.create({ tenantId: me.tenant.id, userId: me.user.id, tokenHash: hashToken(token), expiresAt: new Date(Date.now() - 1000), ip: null });
    const res = await call(t, { method: 'GET', url: '/api/users', headers: bearer(token) }, 401);
    assert.equal(res.json().code, 'CORE_ERR_SESSION_EXPIRED');
  });

  test('logout ends the session: 204, the cookie is cleared, and the token is then 401 CORE_ERR_SESSION_EXPIRED', async () => {
    const { token } = (await call(t, { method: 'POST', url: '/api/auth/login', payload: { email, password } }, 200)).json();
    await call(t, { method: 'GET', url: '/api/users', headers: bearer(token) }, 200);
    const out = await call(t, { method: 'POST', url: '/api/auth/logout', headers: bearer(token) }, 204);
    const cleared = out.cookies.find((c) => c.name === 'lockstep_session');
    assert.ok(cleared && cleared.value === '' && cleared.expires && new Date(cleared.expires).getTime() <= Date.now(), JSON.stringify(out.headers['set-cookie']));
    for (const url of ['/api/auth/me', '/api/users']) {
      const res = await call(t, { method: 'GET', url, headers: bearer(token) }, 401);
      assert.equal(res.json().code, 'CORE_ERR_SESSION_EXPIRED');
    }
    const byCookie = await call(t, { method: 'GET', url: '/api/auth/me', cookies: { lockstep_session: token } }, 401);
    assert.equal(byCookie.json().code, 'CORE_ERR_SESSION_EXPIRED');
  });

  test('logout with the cookie ends that session too; other sessions of the user live on', async () => {
    const a = (await call(t, { method: 'POST', url: '/api/auth/login', payload: { email, password } }, 200)).json().token;
    const b = (await call(t, { method: 'POST', url: '/api/auth/login', payload: { email, password } }, 200)).json().token;
    await call(t, { method: 'POST', url: '/api/auth/logout', cookies: { lockstep_session: a } }, 204);
    await call(t, { method: 'GET', url: '/api/auth/me', headers: bearer(a) }, 401);
    await call(t, { method: 'GET', url: '/api/auth/me', headers: bearer(b) }, 200);
  });

  test('passwords are stored as scrypt hashes and never appear in any response', async () => {
    const owner = await t.ownerHeaders();
    const res = await call(t, { method: 'POST', url: '/api/users', headers: owner, payload: { email: 'hash-check@test.local', name: 'Hash', role: 'analyst', password: 'hash-check-password' } }, 201);
    const id = res.json().id;
    const stored = await t.app.lockstep.models.User.findOne({ _id: id, tenantId: t.seed.demoTenantId }).select('+passwordHash').lean<{ passwordHash: string }>();
    assert.match(stored!.passwordHash, /^scrypt\$\d+\$\d+\$\d+\$[\w-]+\$[\w-]+$/);
    const defaultRead = await t.app.lockstep.models.User.findOne({ _id: id, tenantId: t.seed.demoTenantId }).lean<Record<string, unknown>>();
    assert.equal('passwordHash' in defaultRead!, false, 'the hash is not selected by default');

    const responses = [
      res,
      await login(t, 'hash-check@test.local', 'hash-check-password'),
      await call(t, { method: 'GET', url: `/api/users/${id}`, headers: owner }, 200),
      await call(t, { method: 'GET', url: '/api/users?range=[0,499]', headers: owner }, 200),
      await call(t, { method: 'PUT', url: `/api/users/${id}`, headers: owner, payload: { name: 'Renamed', password: 'another-password-1' } }, 200),
      await call(t, { method: 'DELETE', url: `/api/users/${id}`, headers: owner }, 200),
      await call(t, { method: 'GET', url: '/api/auth/me', headers: owner }, 200),
    ];
    for (const r of responses) {
      assert.doesNotMatch(r.body, /passwordHash|scrypt\$|hash-check-password|another-password-1/, r.body);
      assert.ok(!r.body.includes(stored!.passwordHash));
    }
  });

  test("changing a user's role ends all their sessions; a rename does not", async () => {
    const owner = await t.ownerHeaders();
    const u = await createUser(t, owner, 'merchant');
    const h1 = await t.login(u.email, u.password);
    const h2 = await t.login(u.email, u.password);
    await call(t, { method: 'GET', url: '/api/api-keys', headers: h1 }, 200);
    await call(t, { method: 'PUT', url: `/api/users/${u.id}`, headers: owner, payload: { name: 'Just a rename' } }, 200);
    await call(t, { method: 'GET', url: '/api/api-keys', headers: h1 }, 200);

    await call(t, { method: 'PUT', url: `/api/users/${u.id}`, headers: owner, payload: { role: 'analyst' } }, 200);
    for (const h of [h1, h2]) {
      const res = await call(t, { method: 'GET', url: '/api/auth/me', headers: h }, 401);
      assert.equal(res.json().code, 'CORE_ERR_SESSION_EXPIRED');
    }
    const fresh = await t.login(u.email, u.password);
    assert.equal((await call(t, { method: 'GET', url: '/api/auth/me', headers: fresh }, 200)).json().user.role, 'analyst');
    assert.equal((await call(t, { method: 'GET', url: '/api/api-keys', headers: fresh }, 403)).json().code, 'CORE_ERR_FORBIDDEN');
  });

  test("changing a user's password ends their sessions and only the new password logs in", async () => {
    const owner = await t.ownerHeaders();
    const u = await createUser(t, owner, 'analyst');
    const h = await t.login(u.email, u.password);
    await call(t, { method: 'PUT', url: `/api/users/${u.id}`, headers: owner, payload: { password: 'brand-new-password' } }, 200);
    await call(t, { method: 'GET', url: '/api/auth/me', headers: h }, 401);
    await call(t, { method: 'POST', url: '/api/auth/login', payload: { email: u.email, password: u.password } }, 401);
    await call(t, { method: 'POST', url: '/api/auth/login', payload: { email: u.email, password: 'brand-new-password' } }, 200);
  });

  test("deleting a user ends their sessions", async () => {
    const owner = await t.ownerHeaders();
    const u = await createUser(t, owner, 'analyst');
    const h = await t.login(u.email, u.password);
    await call(t, { method: 'GET', url: '/api/auth/me', headers: h }, 200);
    await call(t, { method: 'DELETE', url: `/api/users/${u.id}`, headers: owner }, 200);
    assert.equal((await call(t, { method: 'GET', url: '/api/auth/me', headers: h }, 401)).json().code, 'CORE_ERR_SESSION_EXPIRED');
  });
});

describe('login lockout (LOGIN_MAX_FAILURES=3, LOGIN_LOCKOUT_SECONDS=2)', () => {
  let t: TestApp;
  let email: string;
  let password: string;
  before(async () => {
    t = await buildTestApp({ LOGIN_MAX_FAILURES: '3', LOGIN_LOCKOUT_SECONDS: '2', COOKIE_SECURE: 'true' });
    email = t.config.LOCKSTEP_ADMIN_EMAIL;
    password = t.config.LOCKSTEP_ADMIN_PASSWORD!;
  });
  after(async () => { await t?.close(); });

  test('COOKIE_SECURE=true marks the session cookie Secure', async () => {
    const res = await call(t, { method: 'POST', url: '/api/auth/login', payload: { email, password } }, 200);
    assert.equal(res.cookies.find((c) => c.name === 'lockstep_session')?.secure, true);
  });

  test('the third failure locks the account: even the right password is then 429 CORE_ERR_LOGIN_LOCKED, until the lock expires', async () => {
    const u = await createUser(t, await t.ownerHeaders(), 'merchant');
    for (let i = 1; i <= 2; i++) {
      const res = await login(t, u.email, 'wrong-password');
      assert.equal(res.statusCode, 401, `failure ${i}: ${res.body}`);
      assert.equal(res.json().code, 'CORE_ERR_INVALID_CREDENTIALS');
    }
    const third = await login(t, u.email, 'wrong-password');
    assert.equal(third.statusCode, 429, third.body);
    assert.equal(third.json().code, 'CORE_ERR_LOGIN_LOCKED');
    assert.equal(third.json().details.retryAfterSeconds, 2);

    const locked = await login(t, u.email, u.password);
    assert.equal(locked.statusCode, 429, locked.body);
    assert.equal(locked.json().code, 'CORE_ERR_LOGIN_LOCKED');
    const wait = locked.json().details.retryAfterSeconds;
    assert.ok(Number.isInteger(wait) && wait >= 1 && wait <= 2, `retryAfterSeconds ${wait}`);
    assert.equal(locked.cookies.length, 0, 'no session while locked');
    // Case does not dodge the lock.
    assert.equal((await login(t, u.email.toUpperCase(), u.password)).statusCode, 429);
    // Other accounts are not locked.
    assert.equal((await login(t, email, password)).statusCode, 200);

    await sleep(wait * 1000 + 200);
    const ok = await login(t, u.email, u.password);
    assert.equal(ok.statusCode, 200, ok.body);
  });

  test('every further failure after the lock doubles it', async () => {
    const u = await createUser(t, await t.ownerHeaders(), 'analyst');
    for (let i = 0; i < 3; i++) await login(t, u.email, 'wrong-password');
    await sleep(2200);
    const fourth = await login(t, u.email, 'wrong-password');
    assert.equal(fourth.statusCode, 429, fourth.body);
    assert.equal(fourth.json().details.retryAfterSeconds, 4);
  });

  test('a successful login clears the failure count', async () => {
    const u = await createUser(t, await t.ownerHeaders(), 'analyst');
    for (let i = 0; i < 2; i++) assert.equal((await login(t, u.email, 'wrong-password')).statusCode, 401);
    assert.equal((await login(t, u.email, u.password)).statusCode, 200);
    for (let i = 0; i < 2; i++) assert.equal((await login(t, u.email, 'wrong-password')).statusCode, 401, 'counting restarted');
    assert.equal((await login(t, u.email, u.password)).statusCode, 200);
  });

  test('unknown emails are locked the same way (no enumeration through the lockout)', async () => {
    const ghost = 'ghost@test.local';
    for (let i = 0; i < 2; i++) assert.equal((await login(t, ghost, 'x')).statusCode, 401);
    const third = await login(t, ghost, 'x');
    assert.equal(third.statusCode, 429);
    assert.equal(third.json().code, 'CORE_ERR_LOGIN_LOCKED');
  });
});

describe('stale cookies', () => {
  let t: TestApp;
  before(async () => { t = await buildTestApp(); });
  after(async () => { await t?.close(); });
test('a stale session cookie does not lock anyone out of public pages; explicit use still says why', async () => {
  const user = await createUser(t, await t.ownerHeaders(), 'merchant');
  const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: user.password } });
  const token = login.json().token as string;
  const cookie = { cookie: `lockstep_session=${token}` };
  assert.equal((await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: cookie })).statusCode, 204);
  // The cookie is stale now.
  assert.equal((await t.app.inject({ method: 'GET', url: '/docs/json', headers: cookie })).statusCode, 200);
  const me = await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: cookie });
  assert.equal(me.statusCode, 401);
  assert.equal(me.json().code, 'CORE_ERR_SESSION_EXPIRED');
  const users = await t.app.inject({ method: 'GET', url: '/api/users', headers: cookie });
  assert.equal(users.statusCode, 401);
  assert.equal(users.json().code, 'CORE_ERR_SESSION_EXPIRED');
  const again = await t.app.inject({ method: 'POST', url: '/api/auth/logout', headers: cookie });
  assert.equal(again.statusCode, 204, 'logging out with a stale cookie clears it');
  assert.match(String(again.headers['set-cookie']), /lockstep_session=;/);
  // A stale bearer token is still refused even on a public route: explicit credentials fail loudly.
  assert.equal((await t.app.inject({ method: 'GET', url: '/docs/json', headers: { authorization: `Bearer ${token}` } })).statusCode, 401);
});
});

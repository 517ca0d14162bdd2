import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../server/src/app.ts';
import { seedIfEmpty } from '../../server/src/bootstrap/seed.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testConfig } from '../helpers/env.ts';

/**
 * The HTTP edge of the real app (real FerretDB and Redis): the one error shape for every failure, body and
 * content-type limits, validation details, Redis-backed rate limits, security headers, CORS and request ids.
 */
const ERROR_KEYS = ['code', 'error', 'message', 'requestId', 'statusCode'];
const SECRET = `hunter2-${randomBytes(4).toString('hex')}`;

/** Asserts the documented error shape and returns the body. */
function errorOf(res: LightMyRequestResponse, statusCode: number, code: string): { statusCode: number; code: string; error: string; message: string; details?: any; requestId: string } {
  assert.equal(res.statusCode, statusCode, res.body);
  assert.match(String(res.headers['content-type']), /^application\/json/);
  const body = res.json();
  assert.deepEqual(Object.keys(body).filter((k) => k !== 'details').sort(), ERROR_KEYS, `error keys: ${res.body}`);
  assert.equal(body.statusCode, statusCode);
  assert.equal(body.code, code, res.body);
  assert.equal(typeof body.error, 'string');
  assert.ok(body.message.length > 0);
  assert.equal(body.requestId, res.headers['x-request-id'], 'the body and the x-request-id header carry the same id');
  return body;
}

/** The real app with extra test-only routes registered before it is ready (buildTestApp readies it at once). */
async function appWithRoutes(overrides: Record<string, string>, extra: (app: FastifyInstance) => void): Promise<{ app: FastifyInstance; close(): Promise<void> }> {
  const config = testConfig(overrides);
  const app = await buildApp(config, { logger: false, serveConsole: false });
  extra(app);
  await app.ready();
  await seedIfEmpty(app.lockstep);
  return {
    app,
    async close() {
      await app.lockstep.connection.db!.dropDatabase().catch(() => undefined);
      await app.close();
    },
  };
}

describe('error shape, limits and validation', () => {
  let t: TestApp;
  let boom: { app: FastifyInstance; close(): Promise<void> };
  let owner: Record<string, string>;
  const inject = (opts: InjectOptions) => t.app.inject(opts);

  before(async () => {
    t = await buildTestApp({ BODY_LIMIT_BYTES: '2048' });
    owner = await t.ownerHeaders();
    boom = await appWithRoutes({}, (app) => {
      app.get('/api/test/boom', { config: { public: true } }, async () => {
        throw new Error(`connect to mongodb://lockstep:${SECRET}@db.internal:27017 failed`);
      });
      app.get('/api/test/type-error', { config: { public: true } }, async () => (null as unknown as { x: { y: number } }).x.y);
      app.get('/api/test/status-error', { config: { public: true } }, async () => {
        throw Object.assign(new Error(`upstream said ${SECRET}`), { statusCode: 502 });
      });
    });
  });
  after(async () => {
    await boom?.close();
    await t?.close();
  });

  test('unknown routes: 404 CORE_ERR_ROUTE_NOT_FOUND naming method and path (no query string), for any method', async () => {
    const body = errorOf(await inject({ method: 'GET', url: '/api/no-such-thing?token=abc' }), 404, 'CORE_ERR_ROUTE_NOT_FOUND');
    assert.equal(body.error, 'Not Found');
    assert.match(body.message, /GET \/api\/no-such-thing/);
    assert.doesNotMatch(body.message, /token=abc/);
    assert.equal(body.details, undefined);
    errorOf(await inject({ method: 'DELETE', url: '/api/auth/login' }), 404, 'CORE_ERR_ROUTE_NOT_FOUND');
    errorOf(await inject({ method: 'GET', url: '/not-api/anything' }), 404, 'CORE_ERR_ROUTE_NOT_FOUND');
  });

  test('a body over BODY_LIMIT_BYTES is 413 CORE_ERR_BODY_TOO_LARGE naming the limit; at the limit it is parsed', async () => {
    const big = JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(3000) });
    const body = errorOf(await inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: big }), 413, 'CORE_ERR_BODY_TOO_LARGE');
    assert.equal(body.error, 'Payload Too Large');
    assert.match(body.message, /2048 bytes/);
    // On an authenticated route too, and before the handler ran (no user created).
    const users = async () => (await inject({ method: 'GET', url: '/api/users', headers: owner })).json().length;
    const before = await users();
    errorOf(await inject({ method: 'POST', url: '/api/users', headers: owner, payload: { email: 'big@test.local', role: 'analyst', password: 'p'.repeat(10), name: 'n'.repeat(4000) } }), 413, 'CORE_ERR_BODY_TOO_LARGE');
    assert.equal(await users(), before);
    // Just under the limit: parsed and validated (400 for the over-long password, not 413).
    const under = JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(1900) });
    assert.ok(Buffer.byteLength(under) < 2048);
    errorOf(await inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: under }), 400, 'CORE_ERR_VALIDATION');
  });

  test('a body that is not JSON is 415 CORE_ERR_UNSUPPORTED_MEDIA_TYPE naming the type', async () => {
    const text = errorOf(await inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'text/plain' }, payload: 'email=a@b.co' }), 415, 'CORE_ERR_UNSUPPORTED_MEDIA_TYPE');
    assert.equal(text.error, 'Unsupported Media Type');
    assert.match(text.message, /text\/plain/);
    assert.match(text.message, /application\/json/);
    const xml = errorOf(await inject({ method: 'POST', url: '/api/users', headers: { ...owner, 'content-type': 'application/xml' }, payload: '<user/>' }), 415, 'CORE_ERR_UNSUPPORTED_MEDIA_TYPE');
    assert.match(xml.message, /application\/xml/);
  });

  test('malformed or empty JSON is 400 CORE_ERR_INVALID_JSON', async () => {
    const broken = errorOf(await inject({ method: 'POST', url: '/api/auth/login', headers: { 'content-type': 'application/json' }, payload: '{"email": "a@b.co", ' }), 400, 'CORE_ERR_INVALID_JSON');
    assert.equal(broken.error, 'Bad Request');
    assert.match(broken.message, /not valid JSON/);
    const empty = errorOf(await inject({ method: 'POST', url: '/api/users', headers: { ...owner, 'content-type': 'application/json' }, payload: '' }), 400, 'CORE_ERR_INVALID_JSON');
    assert.match(empty.message, /empty/);
  });

  test('validation errors are 400 CORE_ERR_VALIDATION with one detail per field', async () => {
    const bad = errorOf(await inject({ method: 'POST', url: '/api/users', headers: owner, payload: { email: 'not-an-email', role: 'wizard', password: 'short', colour: 'blue' } }), 400, 'CORE_ERR_VALIDATION');
    const byField = new Map<string, string>((bad.details as { field: string; message: string }[]).map((d) => [d.field, d.message]));
    assert.deepEqual([...byField.keys()].sort(), ['body', 'body.email', 'body.password', 'body.role'].sort(), JSON.stringify(bad.details));
    assert.match(byField.get('body.email')!, /email/);
    assert.match(byField.get('body.password')!, /10/);
    assert.match(byField.get('body.role')!, /must be one of: .*analyst/);
    assert.match(byField.get('body')!, /additional properties/);
    for (const field of ['body.email', 'body.password', 'body.role']) assert.ok(bad.message.includes(field), `message names ${field}: ${bad.message}`);

    const missing = errorOf(await inject({ method: 'POST', url: '/api/users', headers: owner, payload: {} }), 400, 'CORE_ERR_VALIDATION');
    assert.deepEqual(missing.details.map((d: any) => d.field).sort(), ['body.email', 'body.password', 'body.role']);
    assert.ok(missing.details.every((d: any) => /required/.test(d.message)));

    const query = errorOf(await inject({ method: 'GET', url: `/api/users?sort=${'x'.repeat(300)}`, headers: owner }), 400, 'CORE_ERR_VALIDATION');
    assert.deepEqual(query.details.map((d: any) => d.field), ['querystring.sort']);
    const list = errorOf(await inject({ method: 'GET', url: `/api/users?sort=${encodeURIComponent('["password","ASC"]')}`, headers: owner }), 400, 'CORE_ERR_INVALID_LIST_QUERY');
    assert.deepEqual(list.details, { field: 'querystring.sort' });
    // A page far beyond any safe integer is a 400 too, not a store error.
    const far = errorOf(await inject({ method: 'GET', url: `/api/users?range=${encodeURIComponent('[1e300,1e300]')}`, headers: owner }), 400, 'CORE_ERR_INVALID_LIST_QUERY');
    assert.deepEqual(far.details, { field: 'querystring.range' });
  });

  test('unexpected errors are 500 CORE_ERR_INTERNAL without internals; the requestId ties the answer to the log', async () => {
    for (const url of ['/api/test/boom', '/api/test/type-error', '/api/test/status-error']) {
      const res = await boom.app.inject({ method: 'GET', url, headers: { 'x-request-id': 'trace-500-abc' } });
      const body = errorOf(res, 500, 'CORE_ERR_INTERNAL');
      assert.equal(body.error, 'Internal Server Error');
      assert.equal(body.requestId, 'trace-500-abc');
      assert.match(body.message, /requestId/);
      assert.equal(body.details, undefined);
      for (const leak of [SECRET, 'mongodb://', 'db.internal', 'TypeError', 'Cannot read', 'at ', '.ts', 'upstream']) assert.ok(!res.body.includes(leak), `${url} leaks "${leak}": ${res.body}`);
    }
  });

  test('request ids: a sane x-request-id is echoed on success and error; an unsafe one is replaced', async () => {
    const ok = await inject({ method: 'GET', url: '/api/auth/me', headers: { ...owner, 'x-request-id': 'client-id_123' } });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.headers['x-request-id'], 'client-id_123');
    const err = await inject({ method: 'GET', url: '/api/nope', headers: { 'x-request-id': 'client-id_456' } });
    assert.equal(errorOf(err, 404, 'CORE_ERR_ROUTE_NOT_FOUND').requestId, 'client-id_456');
    for (const unsafe of ['has spaces in it', 'x'.repeat(65), 'inject\r\nx: y'.replace(/[\r\n]/g, ''), '<script>']) {
      const res = await inject({ method: 'GET', url: '/api/nope', headers: { 'x-request-id': unsafe } });
      const id = errorOf(res, 404, 'CORE_ERR_ROUTE_NOT_FOUND').requestId;
      assert.notEqual(id, unsafe);
      assert.match(id, /^[0-9a-f-]{36}$/);
    }
    // Without one, every request gets its own.
    const [a, b] = await Promise.all([inject({ method: 'GET', url: '/health' }), inject({ method: 'GET', url: '/health' })]);
    assert.ok(a.headers['x-request-id'] && a.headers['x-request-id'] !== b.headers['x-request-id']);
  });

  test('helmet security headers are on answers, errors included; no x-powered-by', async () => {
    for (const res of [await inject({ method: 'GET', url: '/api/auth/me', headers: owner }), await inject({ method: 'GET', url: '/api/nope' }), await inject({ method: 'POST', url: '/api/auth/login', payload: {} })]) {
      const csp = String(res.headers['content-security-policy']);
      assert.match(csp, /default-src 'self'/);
      assert.match(csp, /frame-ancestors 'none'/);
      assert.match(csp, /object-src 'none'/);
      assert.equal(res.headers['x-content-type-options'], 'nosniff');
      assert.equal(res.headers['x-frame-options'], 'SAMEORIGIN');
      assert.match(String(res.headers['strict-transport-security']), /max-age=\d+/);
      assert.equal(res.headers['referrer-policy'], 'no-referrer');
      assert.equal(res.headers['cross-origin-opener-policy'], 'same-origin');
      assert.equal(res.headers['x-powered-by'], undefined);
    }
  });
});

describe('CORS per CORS_ORIGINS', () => {
  const apps: TestApp[] = [];
  after(async () => { await Promise.all(apps.map((a) => a.close())); });
  const preflight = (t: TestApp, origin: string) => t.app.inject({ method: 'OPTIONS', url: '/api/users', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' } });

  test('an allow-list admits its origins with credentials and exposed headers, and no other origin', async () => {
    const t = await buildTestApp({ CORS_ORIGINS: 'https://shop.example, https://admin.example' });
    apps.push(t);
    const ok = await preflight(t, 'https://admin.example');
    assert.equal(ok.statusCode, 204);
    assert.equal(ok.headers['access-control-allow-origin'], 'https://admin.example');
    assert.equal(ok.headers['access-control-allow-credentials'], 'true');
    assert.match(String(ok.headers['access-control-allow-methods']), /POST/);
    const simple = await t.app.inject({ method: 'GET', url: '/health', headers: { origin: 'https://shop.example' } });
    assert.equal(simple.headers['access-control-allow-origin'], 'https://shop.example');
    assert.match(String(simple.headers['access-control-expose-headers']), /Content-Range/);
    assert.match(String(simple.headers['access-control-expose-headers']), /x-request-id/);
    assert.match(String(simple.headers.vary), /Origin/);

    for (const origin of ['https://evil.example', 'https://shop.example.evil.example', 'http://shop.example']) {
      const no = await preflight(t, origin);
      assert.equal(no.headers['access-control-allow-origin'], undefined, `${origin} must not be allowed`);
      const get = await t.app.inject({ method: 'GET', url: '/health', headers: { origin } });
      assert.equal(get.headers['access-control-allow-origin'], undefined);
    }
  });

  test('empty CORS_ORIGINS (the default) allows no cross-origin caller; "*" allows any', async () => {
    const none = await buildTestApp({ CORS_ORIGINS: '' });
    apps.push(none);
    assert.equal((await preflight(none, 'https://shop.example')).headers['access-control-allow-origin'], undefined);
    assert.equal((await none.app.inject({ method: 'GET', url: '/health', headers: { origin: 'https://shop.example' } })).headers['access-control-allow-origin'], undefined);

    const any = await buildTestApp({ CORS_ORIGINS: '*' });
    apps.push(any);
    const res = await preflight(any, 'https://anyone.example');
    assert.equal(res.headers['access-control-allow-origin'], 'https://anyone.example');
  });
});

describe('rate limits (Redis-backed, per IP and per API key)', () => {
  let t: TestApp;
  let second: FastifyInstance;
  let ownerHeaders: Record<string, string>;
  let ipSeq = 0;
  const freshIp = () => `10.${(ipSeq >> 8) & 255}.${ipSeq++ & 255}.${Math.floor(Math.random() * 250) + 1}`;
  const get = (app: FastifyInstance, remoteAddress: string, headers: Record<string, string> = {}, url = '/api/auth/me') => app.inject({ method: 'GET', url, remoteAddress, headers });
  const newKey = async (kind: 'publishable' | 'secret') => {
    const res = await t.app.inject({ method: 'POST', url: '/api/api-keys', remoteAddress: freshIp(), headers: ownerHeaders, payload: { name: `rl-${kind}`, kind } });
    assert.equal(res.statusCode, 201, res.body);
    return { authorization: `Bearer ${res.json().key}` };
  };

  before(async () => {
    t = await buildTestApp({ RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_MS: '60000' });
    // Logged in from an address of its own: the limit is per address.
    const login = await t.app.inject({ method: 'POST', url: '/api/auth/login', remoteAddress: freshIp(), payload: { email: t.config.LOCKSTEP_ADMIN_EMAIL, password: t.config.LOCKSTEP_ADMIN_PASSWORD } });
    assert.equal(login.statusCode, 200, login.body);
    ownerHeaders = { authorization: `Bearer ${login.json().token}` };
    // A second API instance on the same store and Redis prefix: limits are shared through Redis.
    second = await buildApp(t.config, { logger: false, serveConsole: false });
    await second.ready();
  });
  after(async () => {
    await second?.close();
    await t?.close();
  });

  test('per IP: the (RATE_LIMIT_MAX + 1)th request from one address in the window is 429 with Retry-After; other addresses are unaffected', async () => {
    const ip = freshIp();
    for (let i = 0; i < 3; i++) {
      const res = await get(t.app, ip);
      assert.equal(res.statusCode, 401, res.body);
      assert.equal(res.headers['x-ratelimit-limit'], '3');
      assert.equal(res.headers['x-ratelimit-remaining'], String(2 - i));
    }
    const limited = errorOf(await get(t.app, ip), 429, 'CORE_ERR_RATE_LIMITED');
    assert.equal(limited.error, 'Too Many Requests');
    assert.match(limited.message, /retry in \d+ s/);
    const again = await get(t.app, ip);
    assert.equal(again.statusCode, 429);
    const retryAfter = Number(again.headers['retry-after']);
    assert.ok(retryAfter > 0 && retryAfter <= 60, `retry-after ${again.headers['retry-after']}`);
    // A spoofed X-Forwarded-For does not reset it (trustProxy is off).
    assert.equal((await get(t.app, ip, { 'x-forwarded-for': freshIp() })).statusCode, 429);
    assert.equal((await get(t.app, freshIp())).statusCode, 401);
  });

  test('the count lives in Redis: a second API instance sees the same limit', async () => {
    const ip = freshIp();
    for (let i = 0; i < 3; i++) assert.equal((await get(i % 2 ? second : t.app, ip)).statusCode, 401);
    errorOf(await get(second, ip), 429, 'CORE_ERR_RATE_LIMITED');
    errorOf(await get(t.app, ip), 429, 'CORE_ERR_RATE_LIMITED');
    const keys = await t.app.lockstep.redis.keys(`${t.config.REDIS_PREFIX}:rl:*`);
    assert.ok(keys.length > 0, 'rate-limit counters are stored under the deployment prefix');
  });

  test('per API key: one key is limited across addresses, other keys and addresses keep their own budget', async () => {
    const secret = await newKey('secret');
    const other = await newKey('secret');
    for (let i = 0; i < 3; i++) assert.equal((await get(t.app, freshIp(), secret, '/api/plugins/catalog/products')).statusCode, 200);
    errorOf(await get(t.app, freshIp(), secret, '/api/plugins/catalog/products'), 429, 'CORE_ERR_RATE_LIMITED');
    errorOf(await get(second, freshIp(), secret, '/api/plugins/catalog/products'), 429, 'CORE_ERR_RATE_LIMITED');
    assert.equal((await get(t.app, freshIp(), other, '/api/plugins/catalog/products')).statusCode, 200);

    // The key's budget is its own: an address that used the key still has its own budget for other calls.
    const ip = freshIp();
    const pk = await newKey('publishable');
    for (let i = 0; i < 3; i++) assert.equal((await get(t.app, ip, pk, '/api/users')).statusCode, 403);
    assert.equal((await get(t.app, ip)).statusCode, 401);
  });

  test('unknown credentials do not buy a fresh budget: rotating made-up keys or tokens from one address is limited per address', async () => {
    const ip = freshIp();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const token = i % 2 ? `sk_live_${randomBytes(16).toString('hex')}` : randomBytes(24).toString('base64url');
      statuses.push((await get(t.app, ip, { authorization: `Bearer ${token}` })).statusCode);
    }
    assert.deepEqual(statuses, [401, 401, 401, 429, 429]);
  });

  test('/health is never rate limited', async () => {
    const ip = freshIp();
    for (let i = 0; i < 6; i++) assert.notEqual((await get(t.app, ip, {}, '/health')).statusCode, 429);
  });
});

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { ConfigError, loadConfig } from '../../server/src/config/load-config.ts';
import { EnvSchema } from '../../server/src/config/env.schema.ts';

/** loadConfig() is the one reader of the environment: defaults, coercion, derived values and boot errors. */
function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    assert.ok(err instanceof ConfigError, `expected a ConfigError, got ${err}`);
    return err;
  }
  assert.fail(`loadConfig(${JSON.stringify(env)}) accepted a bad value`);
}

test('an empty environment gets every default, and the derived values follow from them', () => {
  const c = loadConfig({});
  assert.equal(c.NODE_ENV, 'development');
  assert.equal(c.PORT, 3000);
  assert.equal(c.HOST, '127.0.0.1');
  assert.equal(c.MONGODB_URI, 'mongodb://127.0.0.1:27117/lockstep');
  assert.equal(c.REDIS_URL, 'redis://127.0.0.1:6479');
  assert.equal(c.REDIS_PREFIX, 'lockstep');
  assert.equal(c.LOCKSTEP_DATA_DIR, '.data');
  assert.equal(c.LOG_LEVEL, 'info');
  assert.equal(c.BODY_LIMIT_BYTES, 1024 * 1024);
  assert.equal(c.RATE_LIMIT_MAX, 600);
  assert.equal(c.RATE_LIMIT_WINDOW_MS, 60_000);
  assert.equal(c.SESSION_TTL_SECONDS, 12 * 3600);
  assert.equal(c.WORKER_CONCURRENCY, 4);
  assert.equal(c.WORKER_STALLED_INTERVAL_MS, 30_000);
  assert.equal(c.SHUTDOWN_GRACE_MS, 10_000);
  assert.equal(c.LOCKSTEP_ADMIN_EMAIL, 'admin@lockstep.local');
  assert.equal(c.LOCKSTEP_ADMIN_PASSWORD, undefined);
  assert.equal(c.TFJS_BACKEND, undefined);
  assert.equal(c.publicUrl, 'http://127.0.0.1:3000');
  assert.deepEqual(c.corsOrigins, []);
  assert.equal(c.cookieSecure, false);
  assert.deepEqual(c.plugins, []);
  assert.deepEqual(c.workerCapabilities, []);
  assert.deepEqual(c.queueConcurrency, {});
  assert.ok(Object.isFrozen(c), 'config is frozen');
  // Every variable of the schema that has a default shows up with it.
  for (const [key, schema] of Object.entries(EnvSchema.properties as Record<string, { default?: unknown }>)) {
    if (schema.default !== undefined) assert.deepEqual((c as unknown as Record<string, unknown>)[key], schema.default, key);
  }
});

test('empty strings count as unset; numbers and booleans are coerced from their text', () => {
  const c = loadConfig({ PORT: '', LOG_LEVEL: '', RATE_LIMIT_MAX: ' 25 ', BODY_LIMIT_BYTES: '4096', COOKIE_SECURE: 'yes', WORKER_CONCURRENCY_CATALOG_IMPORT: '' });
  assert.equal(c.PORT, 3000);
  assert.equal(c.LOG_LEVEL, 'info');
  assert.equal(c.RATE_LIMIT_MAX, 25);
  assert.equal(c.BODY_LIMIT_BYTES, 4096);
  assert.equal(c.cookieSecure, true);
  assert.deepEqual(c.queueConcurrency, {});
  for (const [text, value] of [['1', true], ['TRUE', true], ['no', false], ['0', false], ['False', false]] as const) {
    assert.equal(loadConfig({ COOKIE_SECURE: text }).cookieSecure, value, text);
  }
});

test('derived values: public URL, secure cookies, CORS list, plugin and capability lists, per-queue concurrency', () => {
  assert.equal(loadConfig({ HOST: '0.0.0.0', PORT: '8080' }).publicUrl, 'http://127.0.0.1:8080');
  assert.equal(loadConfig({ HOST: '10.1.2.3', PORT: '80' }).publicUrl, 'http://10.1.2.3:80');
  const https = loadConfig({ PUBLIC_URL: 'https://admin.example.com' });
  assert.equal(https.publicUrl, 'https://admin.example.com');
  assert.equal(https.cookieSecure, true);
  assert.equal(loadConfig({ PUBLIC_URL: 'https://admin.example.com', COOKIE_SECURE: 'false' }).cookieSecure, false);
  assert.equal(loadConfig({ CORS_ORIGINS: '*' }).corsOrigins, '*');
  assert.deepEqual(loadConfig({ CORS_ORIGINS: ' https://a.example ,https://b.example,, ' }).corsOrigins, ['https://a.example', 'https://b.example']);
  assert.deepEqual(loadConfig({ LOCKSTEP_PLUGINS: 'catalog, npm:@acme/lockstep-x' }).plugins, ['catalog', 'npm:@acme/lockstep-x']);
  assert.deepEqual(loadConfig({ WORKER_CAPABILITIES: 'gpu, big-memory ,' }).workerCapabilities, ['gpu', 'big-memory']);
  const q = loadConfig({ WORKER_CONCURRENCY: '2', WORKER_CONCURRENCY_CATALOG_IMPORT: '8', WORKER_CONCURRENCY_RECO_TRAIN_MODEL: '1' });
  assert.equal(q.WORKER_CONCURRENCY, 2);
  assert.deepEqual(q.queueConcurrency, { 'catalog-import': 8, 'reco-train-model': 1 });
});

test('overrides win over the environment and are validated like it', () => {
  const c = loadConfig({ PORT: '4000', LOG_LEVEL: 'debug' }, { PORT: 5000 });
  assert.equal(c.PORT, 5000);
  assert.equal(c.LOG_LEVEL, 'debug');
  assert.throws(() => loadConfig({}, { PORT: -1 }), (err: unknown) => err instanceof ConfigError && err.variable === 'PORT');
});

test('a bad value fails with a ConfigError naming the variable, the rule and the value', () => {
  const cases: [Record<string, string>, string, RegExp][] = [
    [{ PORT: 'abc' }, 'PORT', /PORT must be integer \(got "abc"\)/],
    [{ PORT: '70000' }, 'PORT', /PORT must be <= 65535 \(got 70000\)/],
    [{ PORT: '3000.5' }, 'PORT', /PORT must be integer/],
    [{ BODY_LIMIT_BYTES: '10' }, 'BODY_LIMIT_BYTES', /BODY_LIMIT_BYTES must be >= 1024/],
    [{ RATE_LIMIT_MAX: '0' }, 'RATE_LIMIT_MAX', /RATE_LIMIT_MAX must be >= 1/],
    [{ REDIS_URL: 'localhost:6379' }, 'REDIS_URL', /REDIS_URL must match pattern .*\(got "localhost:6379"\)/],
    [{ REDIS_PREFIX: 'a:b' }, 'REDIS_PREFIX', /REDIS_PREFIX must match pattern/],
    [{ PUBLIC_URL: 'ftp://x' }, 'PUBLIC_URL', /PUBLIC_URL must match pattern/],
    [{ LOCKSTEP_ADMIN_EMAIL: 'nope' }, 'LOCKSTEP_ADMIN_EMAIL', /LOCKSTEP_ADMIN_EMAIL must match format "email" \(got "nope"\)/],
    [{ LOCKSTEP_DEMO_PUBLISHABLE_KEY: 'sk_live_0123456789abcdef' }, 'LOCKSTEP_DEMO_PUBLISHABLE_KEY', /LOCKSTEP_DEMO_PUBLISHABLE_KEY must match pattern/],
    [{ COOKIE_SECURE: 'maybe' }, 'COOKIE_SECURE', /COOKIE_SECURE must be boolean \(got "maybe"\)/],
    [{ WORKER_CONCURRENCY: '1000' }, 'WORKER_CONCURRENCY', /WORKER_CONCURRENCY must be <= 256/],
    [{ WORKER_HEARTBEAT_TTL_SECONDS: '1' }, 'WORKER_HEARTBEAT_TTL_SECONDS', /must be >= 2/],
    [{ WORKER_STALLED_INTERVAL_MS: '10' }, 'WORKER_STALLED_INTERVAL_MS', /must be >= 1000/],
    [{ WORKER_CONCURRENCY_CATALOG_IMPORT: '0' }, 'WORKER_CONCURRENCY_CATALOG_IMPORT', /WORKER_CONCURRENCY_CATALOG_IMPORT must be an integer from 1 to 256 \(got "0"\)/],
    [{ WORKER_CONCURRENCY_CATALOG_IMPORT: 'lots' }, 'WORKER_CONCURRENCY_CATALOG_IMPORT', /must be an integer from 1 to 256 \(got "lots"\)/],
  ];
  for (const [env, variable, message] of cases) {
    const err = configError(env);
    assert.equal(err.variable, variable, JSON.stringify(env));
    assert.equal(err.code, 'CORE_ERR_CONFIG');
    assert.match(err.message, /^Invalid configuration: /);
    assert.match(err.message, message);
  }
});

test('enums and literal unions list the values they accept', () => {
  assert.match(configError({ LOG_LEVEL: 'loud' }).message, /LOG_LEVEL must be one of: fatal, error, warn, info, debug, trace, silent \(got "loud"\)/);
  assert.match(configError({ TFJS_BACKEND: 'cuda' }).message, /TFJS_BACKEND must be one of: tensorflow-gpu, tensorflow, webgpu, wasm, cpu \(got "cuda"\)/);
  assert.match(configError({ NODE_ENV: 'prod' }).message, /NODE_ENV must be one of: development, production, test \(got "prod"\)/);
});

test('errors never echo secrets: the admin password is hidden and URL credentials are masked', () => {
  const pw = configError({ LOCKSTEP_ADMIN_PASSWORD: 'tooshort' });
  assert.equal(pw.variable, 'LOCKSTEP_ADMIN_PASSWORD');
  assert.match(pw.message, /fewer than 10 characters/);
  assert.doesNotMatch(pw.message, /tooshort/);
  const mongo = configError({ MONGODB_URI: 'mysql://admin:s3cr3t-pw@db.internal/lockstep' });
  assert.equal(mongo.variable, 'MONGODB_URI');
  assert.doesNotMatch(mongo.message, /s3cr3t-pw/);
  assert.match(mongo.message, /mysql:\/\/\*\*\*@db\.internal\/lockstep/);
  const redis = configError({ REDIS_URL: 'http://:r3dis-pw@cache:6379' });
  assert.doesNotMatch(redis.message, /r3dis-pw/);
});

test('the first bad variable is reported even when others are fine', () => {
  const err = configError({ PORT: '8080', HOST: 'localhost', LOG_LEVEL: 'warn', RATE_LIMIT_WINDOW_MS: '5' });
  assert.equal(err.variable, 'RATE_LIMIT_WINDOW_MS');
});

test('the API and worker processes refuse to boot on bad config: exit 78 with the message naming the variable', async () => {
  const run = promisify(execFile);
  await Promise.all(['server/src/main.ts', 'workers/src/main.ts'].map(async (entry) => {
    const r = await run(process.execPath, ['--import', 'tsx', entry], { env: { PATH: process.env.PATH ?? '', PORT: 'not-a-port', LOG_LEVEL: 'silent' }, timeout: 60_000 })
      .then(() => assert.fail(`${entry} started with PORT=not-a-port`), (err: { code?: number; stderr?: string }) => err);
    assert.equal(r.code, 78, `${entry}: ${r.stderr}`);
    assert.match(r.stderr ?? '', /Invalid configuration: PORT must be integer \(got "not-a-port"\)/);
  }));
});

// Core request overhead: what the platform's plugin stack (helmet, CORS, cookies, Redis rate limit, metrics,
// request id) and authentication + authorization (session or API key lookup in the store, tenant, CASL) cost on a
// trivial route, against the same route on a bare Fastify app measured in the same run.
// Run through `npm run bench -- core-overhead` (it starts FerretDB and Redis).
import { buildApp } from '../server/src/app.ts';
import { seedIfEmpty } from '../server/src/bootstrap/seed.ts';
import {
  ADMIN_EMAIL, ADMIN_PASSWORD, PING_PATH, PROTECTED_PING_PATH, benchConfig, emit, expectOk, listen, log, machine, measure, ratio, seconds, startBareApp,
  injectOk, runBench, type Run,
} from './lib/harness.ts';

const CONNECTIONS = 10;
const DURATION = seconds('BENCH_DURATION_S', 8);
const WARMUP = seconds('BENCH_WARMUP_S', 2);


async function main(): Promise<void> {
  const config = benchConfig();
  log(`core-overhead: database ${config.dbName}`);
  const app = await buildApp(config, { logger: false, serveConsole: false });
  // Same trivial handler three ways: public, and protected (session or API key → store lookup, tenant, CASL).
  app.get(PING_PATH, { config: { public: true } }, async () => ({ ok: true }));
  app.get(PROTECTED_PING_PATH, { config: { access: { action: 'read', subject: 'Health' } } }, async () => ({ ok: true }));
  await app.ready();
  await seedIfEmpty(app.lockstep);

  // A merchant (tenant role, CASL rules built from grants, not the platform owner's manage-all shortcut) and a
  // secret API key of the demo tenant, both created through the API.
  const owner = { authorization: `Bearer ${(await injectOk(app, 'POST', '/api/auth/login', { email: ADMIN_EMAIL, password: ADMIN_PASSWORD })).token}` };
  const merchant = { email: 'merchant@bench.local', password: 'merchant-password-1' };
  await injectOk(app, 'POST', '/api/users', { email: merchant.email, name: 'Bench merchant', role: 'merchant', password: merchant.password }, owner);
  const session = { authorization: `Bearer ${(await injectOk(app, 'POST', '/api/auth/login', merchant)).token}` };
  const apiKey = { authorization: `Bearer ${(await injectOk(app, 'POST', '/api/api-keys', { name: 'bench', kind: 'secret' }, owner)).key}` };

  const base = await listen(app);
  const bare = await startBareApp();
  const runs: Run[] = [];
  try {
    await expectOk(`${bare.base}${PING_PATH}`);
    await expectOk(`${base}${PING_PATH}`);
    await expectOk(`${base}${PROTECTED_PING_PATH}`, session);
    await expectOk(`${base}${PROTECTED_PING_PATH}`, apiKey);
    const common = { connections: CONNECTIONS, duration: DURATION, warmup: WARMUP };
    runs.push(await measure({ label: 'bare fastify, trivial route', url: `${bare.base}${PING_PATH}`, ...common }));
    runs.push(await measure({ label: 'lockstep, public route', url: `${base}${PING_PATH}`, ...common }));
    runs.push(await measure({ label: 'lockstep, session bearer (merchant)', url: `${base}${PROTECTED_PING_PATH}`, headers: session, ...common }));
    runs.push(await measure({ label: 'lockstep, secret API key', url: `${base}${PROTECTED_PING_PATH}`, headers: apiKey, ...common }));
  } finally {
    await bare.app.close();
    await app.lockstep.connection.db!.dropDatabase().catch(() => undefined);
    await app.close();
  }

  const [bareRun, pub, sess, key] = runs;
  emit({
    name: 'core-overhead',
    runs,
    ratios: {
      'public/bare rps': ratio(pub.rps, bareRun.rps),
      'public/bare p50': ratio(pub.p50, bareRun.p50),
      'session/public rps': ratio(sess.rps, pub.rps),
      'session/public p50': ratio(sess.p50, pub.p50),
      'session/public p99': ratio(sess.p99, pub.p99),
      'apikey/public rps': ratio(key.rps, pub.rps),
      'apikey/public p50': ratio(key.p50, pub.p50),
      'apikey/public p99': ratio(key.p99, pub.p99),
    },
    notes: [
      `${CONNECTIONS} connections, ${WARMUP} s warm-up (discarded) + ${DURATION} s per run; autocannon runs in a child process on the same machine.`,
      'Every route returns {ok:true}. The public route skips authentication but still goes through every global hook, including the Redis-backed rate limit.',
      'Session: 2 store reads per request (session by token hash, then user) and a CASL ability for a merchant. API key: 1 store read (key by hash) and a CASL ability.',
      'rps ratios < 1 and latency ratios > 1 mean the first run is slower. Compare ratios across runs, not absolute numbers.',
    ],
    machine: machine(),
  });
}

runBench('core-overhead', main);

// GET /health under load: a store ping, a Redis ping and the worker registry read (3 Redis commands) per request,
// with a worker heartbeating so it answers 200. Baselines measured in the same run: the trivial route on a bare
// Fastify app, and a trivial public route on the same Lockstep app (isolates the health handler's own cost).
// Run through `npm run bench -- health-load` (it starts FerretDB and Redis).
import os from 'node:os';
import { buildApp } from '../server/src/app.ts';
import { seedIfEmpty } from '../server/src/bootstrap/seed.ts';
import { WorkerRegistry } from '../server/src/queues/worker-registry.ts';
import { PING_PATH, benchConfig, emit, expectOk, listen, log, machine, measure, ratio, seconds, startBareApp, runBench, type Run } from './lib/harness.ts';

const CONNECTIONS = 20;
const DURATION = seconds('BENCH_DURATION_S', 10);
const WARMUP = seconds('BENCH_WARMUP_S', 2);
const HEARTBEAT_MS = 2000;

async function main(): Promise<void> {
  const config = benchConfig({ WORKER_HEARTBEAT_TTL_SECONDS: '15' });
  log(`health-load: database ${config.dbName}`);
  const app = await buildApp(config, { logger: false, serveConsole: false });
  app.get(PING_PATH, { config: { public: true } }, async () => ({ ok: true }));
  await app.ready();
  await seedIfEmpty(app.lockstep);

  // Stand-in for a worker process: the same registry calls workers/src make, on the app's Redis and prefix.
  const registry = new WorkerRegistry(app.lockstep.redis, config.REDIS_PREFIX, config.WORKER_HEARTBEAT_TTL_SECONDS);
  const info = { id: `bench-worker-${process.pid}`, host: os.hostname(), pid: process.pid, capabilities: ['cpu'], queues: [], tfBackend: null, startedAt: new Date().toISOString() };
  await registry.heartbeat(info);
  const beat = setInterval(() => { registry.heartbeat(info).catch((err) => log(`heartbeat failed: ${err}`)); }, HEARTBEAT_MS);

  const base = await listen(app);
  const bare = await startBareApp();
  const runs: Run[] = [];
  try {
    await expectOk(`${bare.base}${PING_PATH}`);
    await expectOk(`${base}${PING_PATH}`);
    await expectOk(`${base}/health`);
    const common = { connections: CONNECTIONS, duration: DURATION, warmup: WARMUP };
    runs.push(await measure({ label: 'bare fastify, trivial route', url: `${bare.base}${PING_PATH}`, ...common }));
    runs.push(await measure({ label: 'lockstep, public trivial route', url: `${base}${PING_PATH}`, ...common }));
    runs.push(await measure({ label: 'lockstep, GET /health', url: `${base}/health`, ...common }));
  } finally {
    clearInterval(beat);
    await registry.remove(info.id).catch(() => undefined);
    await bare.app.close();
    await app.lockstep.connection.db!.dropDatabase().catch(() => undefined);
    await app.close();
  }

  const [bareRun, pub, health] = runs;
  emit({
    name: 'health-load',
    runs,
    ratios: {
      'health/bare rps': ratio(health.rps, bareRun.rps),
      'health/bare p50': ratio(health.p50, bareRun.p50),
      'health/bare p99': ratio(health.p99, bareRun.p99),
      'health/public rps': ratio(health.rps, pub.rps),
      'health/public p50': ratio(health.p50, pub.p50),
      'public/bare rps': ratio(pub.rps, bareRun.rps),
    },
    notes: [
      `${CONNECTIONS} connections, ${WARMUP} s warm-up (discarded) + ${DURATION} s per run; autocannon runs in a child process on the same machine.`,
      `A worker heartbeat is written every ${HEARTBEAT_MS / 1000} s (TTL ${config.WORKER_HEARTBEAT_TTL_SECONDS} s), so /health answers 200; any 503 shows up as non-2xx.`,
      '/health is exempt from the rate limit; the public trivial route is not (one Redis round trip per request).',
      'rps ratios < 1 and latency ratios > 1 mean the first run is slower. Compare ratios across runs, not absolute numbers.',
    ],
    machine: machine(),
  });
}

runBench('health-load', main);

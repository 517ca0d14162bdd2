// Sustained ingestion: POST /v1/events with batches of 100 fresh events (publishable key → validation, consent
// check, one unordered bulk insert, delivery jobs queued for consuming plugins, bus publish), against the raw
// driver's insert rate of the same store measured in the same run (insertMany of 100 documents of the same shape,
// same concurrency, into the same collection with the same indexes): how close the API gets to the store's own limit.
// Run through `npm run bench -- ingestion` (it starts FerretDB and Redis).
import { spawn } from 'node:child_process';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { buildApp } from '../server/src/app.ts';
import { seedIfEmpty } from '../server/src/bootstrap/seed.ts';
import { hashToken } from '../server/src/auth/tokens.ts';
import { BENCH_ROOT, benchConfig, emit, listen, log, machine, ratio, seconds, runBench, type Run } from './lib/harness.ts';

const CONNECTIONS = Number(process.env.BENCH_INGEST_CONNECTIONS ?? 8);
const BATCH = 100;
const DURATION = seconds('BENCH_DURATION_S', 10);
const WARMUP = seconds('BENCH_WARMUP_S', 2);

interface LoadResult { eventsPerS: number; batchesPerS: number; p50: number; p90: number; p99: number; max: number; batches: number; events: number; rejected: number; non2xx: number; errors: number; statusCodes: Record<string, number>; durationS: number }

async function apiLoad(url: string, key: string, personal = false): Promise<LoadResult> {
  const child = spawn(process.execPath, [path.join(BENCH_ROOT, 'bench', 'lib', 'ingest-load.mjs'), JSON.stringify({ url, key, connections: CONNECTIONS, duration: DURATION, warmup: WARMUP, batch: BATCH, personal })], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => { out += d; });
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
  if (code !== 0) throw new Error(`ingest load generator exited ${code}: ${out}`);
  return JSON.parse(out.trim().split('\n').pop()!) as LoadResult;
}

/** The same documents the API stores, written straight through the driver at the same concurrency. */
async function rawLoad(collection: import('mongodb').Collection, tenantId: string): Promise<LoadResult> {
  const run = randomBytes(4).toString('hex');
  let seq = 0;
  const docs = () => Array.from({ length: BATCH }, () => {
    const n = seq++;
    const now = new Date();
    return {
      _id: `evt_raw${run}${n}`, tenantId, eventId: `raw${run}-${n}`, type: 'product_view', anonymousId: `anon-${n % 2000}`, userId: null, deviceId: null, personId: null,
      channel: 'web', device: { os: 'linux', screen: 'desktop' }, timestamp: now, receivedAt: now, properties: { productId: `P${n % 500}`, price: 19.99, currency: 'EUR' },
      traits: null, context: null, keyId: 'key_raw', createdAt: now, updatedAt: now, __v: 0,
    };
  });
  const phase = async (secs: number, times: number[] | null) => {
    const until = Date.now() + secs * 1000;
    let batches = 0;
    await Promise.all(Array.from({ length: CONNECTIONS }, async () => {
      while (Date.now() < until) {
        const batch = docs();
        const t0 = performance.now();
        await collection.insertMany(batch as any[], { ordered: false });
        times?.push(performance.now() - t0);
        batches++;
      }
    }));
    return batches;
  };
  await phase(WARMUP, null);
  const times: number[] = [];
  const t0 = performance.now();
  const batches = await phase(DURATION, times);
  const elapsed = (performance.now() - t0) / 1000;
  const sorted = Float64Array.from(times).sort();
  const pct = (p: number) => Math.round(sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] * 1000) / 1000;
  return { eventsPerS: Math.round((batches * BATCH / elapsed) * 10) / 10, batchesPerS: Math.round((batches / elapsed) * 10) / 10, p50: pct(50), p90: pct(90), p99: pct(99), max: pct(100), batches, events: batches * BATCH, rejected: 0, non2xx: 0, errors: 0, statusCodes: {}, durationS: elapsed };
}

const toRun = (label: string, url: string, r: LoadResult): Run => ({
  label, url, rps: r.eventsPerS, unit: 'events/s', rpsOk: r.batchesPerS, p50: r.p50, p90: r.p90, p99: r.p99, mean: NaN, max: r.max,
  requests: r.batches, ok: r.batches, non2xx: r.non2xx, errors: r.errors, timeouts: 0, statusCodes: r.statusCodes, connections: CONNECTIONS, durationS: r.durationS, warmupS: WARMUP,
});

async function main(): Promise<void> {
  const config = benchConfig({ EVENTS_MAX_BATCH: '500' });
  log(`ingestion: database ${config.dbName}`);
  const app = await buildApp(config, { logger: false, serveConsole: false });
  await app.ready();
  await seedIfEmpty(app.lockstep);
  const key = config.LOCKSTEP_DEMO_PUBLISHABLE_KEY!;
  const tenant = await app.lockstep.models.ApiKey.findOne({ keyHash: hashToken(key) }).setOptions({ crossTenant: true }).lean<{ tenantId: string }>();
  const tenantId = tenant?.tenantId ?? 'ten_bench';
  const base = await listen(app);
  const runs: Run[] = [];
  try {
    log(`  raw driver insertMany(${BATCH}) × ${CONNECTIONS}: ${WARMUP} s warm-up + ${DURATION} s`);
    // Same collection (so the same indexes, incl. the unique (tenantId, eventId)), another tenant id.
    const raw = await rawLoad(app.lockstep.models.Event.collection as any, `${tenantId}_raw`);
    log(`    ${raw.eventsPerS} docs/s, p50 ${raw.p50} ms, p99 ${raw.p99} ms`);
    log(`  POST /v1/events (${BATCH}/batch) × ${CONNECTIONS}: ${WARMUP} s warm-up + ${DURATION} s`);
    const api = await apiLoad(`${base}/v1/events`, key);
    log(`    ${api.eventsPerS} events/s, p50 ${api.p50} ms, p99 ${api.p99} ms, non-2xx ${api.non2xx}, rejected ${api.rejected}`);
    if (api.batches === 0) throw new Error(`no accepted batch: ${JSON.stringify(api.statusCodes)}`);
    log(`  POST /v1/events with personal data (half the events: identify traits or a support message with an e-mail and phone) × ${CONNECTIONS}`);
    const personal = await apiLoad(`${base}/v1/events`, key, true);
    log(`    ${personal.eventsPerS} events/s, p50 ${personal.p50} ms, p99 ${personal.p99} ms, non-2xx ${personal.non2xx}, rejected ${personal.rejected}`);
    if (personal.batches === 0) throw new Error(`no accepted batch with personal data: ${JSON.stringify(personal.statusCodes)}`);
    const stored = await app.lockstep.models.Event.countDocuments({ tenantId: { $exists: true } }).setOptions({ crossTenant: true });
    runs.push(toRun(`raw driver insertMany, ${BATCH} docs/batch (baseline)`, 'mongodb', raw));
    runs.push(toRun(`POST /v1/events, ${BATCH} events/batch`, `${base}/v1/events`, api));
    runs.push(toRun(`POST /v1/events, ${BATCH} events/batch, half with personal data (redacted + AES-256-GCM sealed)`, `${base}/v1/events`, personal));
    emit({
      name: 'ingestion',
      runs,
      ratios: {
        'api/raw events/s': ratio(api.eventsPerS, raw.eventsPerS),
        'api/raw p50 batch latency': ratio(api.p50, raw.p50),
        'api/raw p99 batch latency': ratio(api.p99, raw.p99),
        'with/without encryption events/s': ratio(personal.eventsPerS, api.eventsPerS),
        'with/without encryption p50 batch latency': ratio(personal.p50, api.p50),
      },
      notes: [
        `${CONNECTIONS} concurrent senders, batches of ${BATCH} fresh events; ${WARMUP} s warm-up (discarded) + ${DURATION} s. The load generator runs in a child process on the same machine.`,
        `Events stored at the end: ${stored} (warm-up included); rejected in the measured run: ${api.rejected}.`,
        'With/without encryption: the same API and batch size; in the "personal" run every other event carries personal data (identify traits e-mail/name/phone, or a support message quoting an e-mail and phone): the text is scanned for PII and redacted, traits and originals are sealed (AES-256-GCM) with the key of the event subject (2000 subjects, keys created on first use, then cached). The other run has no personal field, so nothing is sealed.',
        'Consuming plugins (identity, …) get one delivery job per batch queued in Redis; no worker drains them during the run.',
        'The store is embedded FerretDB 1.24 on SQLite: its single-writer SQLite backend is the limit for both runs.',
      ],
      machine: machine(),
    });
  } finally {
    await app.lockstep.connection.db!.dropDatabase().catch(() => undefined);
    await app.close();
  }
}

runBench('ingestion', main);

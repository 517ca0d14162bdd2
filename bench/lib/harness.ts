import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import { loadConfig, type AppConfig } from '../../server/src/config/load-config.ts';

export const BENCH_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CANNON = path.join(BENCH_ROOT, 'bench', 'lib', 'cannon.mjs');

/** One measured load run (latencies in ms, from 2xx responses only). */
export interface Run {
  label: string;
  url: string;
  /** The run's rate, in `unit` (default requests/s). */
  rps: number;
  unit?: string;
  /** 2xx responses per second over the measured run. */
  rpsOk: number;
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  max: number;
  requests: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  connections: number;
  durationS: number;
  warmupS: number;
}

export interface BenchResult {
  name: string;
  runs: Run[];
  ratios: Record<string, number | null>;
  notes: string[];
  machine: { cpus: number; cpuModel: string; node: string; platform: string; loadavg: number[] };
}

/** The FerretDB and Redis that scripts/bench.mjs started for this run. */
export function benchServices(): { mongoBase: string; redisUrl: string } {
  const mongoBase = process.env.LOCKSTEP_BENCH_MONGODB_URI;
  const redisUrl = process.env.LOCKSTEP_BENCH_REDIS_URL;
  if (!mongoBase || !redisUrl) throw new Error('run benchmarks through `npm run bench` (it starts FerretDB and Redis and sets LOCKSTEP_BENCH_MONGODB_URI / LOCKSTEP_BENCH_REDIS_URL)');
  return { mongoBase, redisUrl };
}

export const ADMIN_EMAIL = 'owner@bench.local';
export const ADMIN_PASSWORD = 'owner-password-1';

/** A fresh database and Redis prefix per bench script; logging off and the rate limit out of reach. */
export function benchConfig(overrides: Record<string, string> = {}): AppConfig & { dbName: string } {
  const { mongoBase, redisUrl } = benchServices();
  const id = randomBytes(5).toString('hex');
  const dbName = `lockstep_bench_${id}`;
  const config = loadConfig({
    NODE_ENV: 'production',
    MONGODB_URI: `${mongoBase}/${dbName}`,
    REDIS_URL: redisUrl,
    REDIS_PREFIX: `b${id}`,
    LOG_LEVEL: 'silent',
    LOCKSTEP_ADMIN_EMAIL: ADMIN_EMAIL,
    LOCKSTEP_ADMIN_PASSWORD: ADMIN_PASSWORD,
    LOCKSTEP_DEMO_PUBLISHABLE_KEY: `pk_test_${id}0123456789`,
    // A keyring of its own per bench process (never the development keyring under .data/).
    LOCKSTEP_KEYRING_PATH: path.join(os.tmpdir(), `lockstep-bench-${id}`, 'keyring.json'),
    RATE_LIMIT_MAX: '1000000000',
    ...overrides,
  });
  return Object.assign(Object.create(null), config, { dbName });
}

export const PING_PATH = '/bench/ping';
export const PROTECTED_PING_PATH = '/bench/ping-protected';

/** A bare Fastify app (no plugins, no hooks, default logger off) with the same trivial route. */
export async function startBareApp(): Promise<{ app: FastifyInstance; base: string }> {
  const app = Fastify({ logger: false });
  app.get(PING_PATH, async () => ({ ok: true }));
  const base = await listen(app);
  return { app, base };
}

/** Listens on a free port of 127.0.0.1 and returns the base URL. */
export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('server has no TCP address');
  return `http://127.0.0.1:${address.port}`;
}

export interface LoadOptions {
  label: string;
  url: string;
  headers?: Record<string, string>;
  connections: number;
  /** Measured seconds. */
  duration: number;
  /** Discarded warm-up seconds before the measured run. */
  warmup: number;
}

/** Runs autocannon in a child process (bench/lib/cannon.mjs) so it does not share the server's event loop. */
export async function measure(opts: LoadOptions): Promise<Run> {
  const { label, ...rest } = opts;
  log(`  ${label}: ${opts.warmup} s warm-up + ${opts.duration} s at ${opts.connections} connections → ${opts.url}`);
  const child = spawn(process.execPath, [CANNON, JSON.stringify(rest)], { cwd: BENCH_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => { out += d; });
  const code = await new Promise<number>((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
  const last = out.trim().split('\n').pop() ?? '';
  if (code !== 0 || !last) throw new Error(`load generator failed for ${label} (exit ${code}): ${out}`);
  const run = { label, url: opts.url, ...JSON.parse(last) } as Run;
  log(`    ${run.rps} req/s, p50 ${run.p50} ms, p99 ${run.p99} ms${run.non2xx || run.errors ? `, non-2xx ${run.non2xx}, errors ${run.errors}` : ''}`);
  if (run.ok === 0) throw new Error(`${label}: no 2xx responses (status codes ${JSON.stringify(run.statusCodes)})`);
  return run;
}

/** Fails fast when a route does not answer 200 before it is measured (a 401 would look very fast). */
export async function expectOk(url: string, headers: Record<string, string> = {}): Promise<void> {
  const res = await fetch(url, { headers });
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status} before the load run: ${await res.text()}`);
}

/** a / b rounded, null when either is missing. */
export function ratio(a: number | null | undefined, b: number | null | undefined, digits = 3): number | null {
  if (a == null || b == null || b === 0) return null;
  return Math.round((a / b) * 10 ** digits) / 10 ** digits;
}

export function machine(): BenchResult['machine'] {
  return { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', node: process.version, platform: `${os.platform()} ${os.release()}`, loadavg: os.loadavg().map((x) => Math.round(x * 100) / 100) };
}

export function log(msg: string): void {
  process.stderr.write(`[bench] ${msg}\n`);
}

/** Durations, overridable for a quick smoke run (BENCH_DURATION_S / BENCH_WARMUP_S). */
export function seconds(name: 'BENCH_DURATION_S' | 'BENCH_WARMUP_S', fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

/** The bench's result: one JSON object on the last stdout line (scripts/bench.mjs reads it). */
export function emit(result: BenchResult): void {
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Runs a bench's main(): exit 0 after it emitted its result, 1 with the error on stderr otherwise. */
export function runBench(name: string, main: () => Promise<void>): void {
  main().then(() => process.exit(0), (err) => {
    process.stderr.write(`${name} failed: ${err?.stack ?? err}\n`);
    process.exit(1);
  });
}

/** app.inject that fails the bench on a non-2xx answer (set-up calls: login, users, keys) and returns the JSON. */
export async function injectOk(app: FastifyInstance, method: 'GET' | 'POST', url: string, payload?: object, headers: Record<string, string> = {}): Promise<any> {
  const res = await app.inject({ method, url, payload, headers });
  if (res.statusCode >= 300) throw new Error(`${method} ${url}: ${res.statusCode} ${res.body}`);
  return res.json();
}

function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Runs `op` from `concurrency` async loops in this process: a discarded warm-up, then `durationS` seconds measured.
 * Every op must succeed (a throw fails the bench). Latencies in ms.
 */
export async function inProcessRun(label: string, op: (i: number) => Promise<unknown>, o: { concurrency: number; durationS: number; warmupS: number; unit: string }): Promise<Run> {
  log(`  ${label}: ${o.warmupS} s warm-up + ${o.durationS} s, ${o.concurrency} in flight`);
  let n = 0;
  const loop = async (until: number, lat: number[] | null) => {
    while (performance.now() < until) {
      const t0 = performance.now();
      await op(n++);
      if (lat) lat.push(performance.now() - t0);
    }
  };
  const warmEnd = performance.now() + o.warmupS * 1000;
  await Promise.all(Array.from({ length: o.concurrency }, () => loop(warmEnd, null)));
  const lat: number[] = [];
  const start = performance.now();
  const end = start + o.durationS * 1000;
  await Promise.all(Array.from({ length: o.concurrency }, () => loop(end, lat)));
  const elapsed = (performance.now() - start) / 1000;
  lat.sort((a, b) => a - b);
  const rps = Math.round(lat.length / elapsed);
  const run: Run = {
    label, url: 'in-process', unit: o.unit, rps, rpsOk: rps, p50: round3(percentile(lat, 50)), p90: round3(percentile(lat, 90)), p99: round3(percentile(lat, 99)),
    mean: round3(lat.reduce((a, b) => a + b, 0) / Math.max(1, lat.length)), max: round3(lat[lat.length - 1] ?? 0), requests: lat.length, ok: lat.length,
    non2xx: 0, errors: 0, timeouts: 0, statusCodes: {}, connections: o.concurrency, durationS: o.durationS, warmupS: o.warmupS,
  };
  log(`    ${run.rps} ${o.unit}, p50 ${run.p50} ms, p99 ${run.p99} ms`);
  return run;
}

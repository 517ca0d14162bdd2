#!/usr/bin/env node
// `npm run bench`: starts FerretDB and Redis on free ports (data in a temp folder, removed after), runs every
// bench/<name>.bench.ts (or only the names given: `npm run bench -- core-overhead`) one after the other with
// `node --import tsx`, collects the JSON object each prints on its last stdout line, and writes
// bench/results/latest.json and bench/results/latest.md (also printed). Launcher code: reads process.env directly.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, ensureFerretDB, ensureRedis, freePort, startFerretDB, startRedis, stopChild } from './lib/services.mjs';

const log = (msg) => process.stderr.write(`[bench] ${msg}\n`);
const BENCH_DIR = path.join(ROOT, 'bench');
const RESULTS_DIR = path.join(BENCH_DIR, 'results');

const available = readdirSync(BENCH_DIR).filter((f) => f.endsWith('.bench.ts')).map((f) => f.slice(0, -'.bench.ts'.length)).sort();
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('--')).map((a) => path.basename(a).replace(/\.bench\.ts$/, ''));
const unknown = wanted.filter((n) => !available.includes(n));
if (unknown.length) {
  log(`unknown bench ${unknown.join(', ')}; available: ${available.join(', ')}`);
  process.exit(2);
}
const names = wanted.length ? [...new Set(wanted)] : available;
if (!names.length) {
  log('no bench/*.bench.ts found');
  process.exit(2);
}

ensureRedis();
ensureFerretDB();

const tmp = mkdtempSync(path.join(os.tmpdir(), 'lockstep-bench-'));
const [redisPort, ferretPort] = [await freePort(), await freePort()];
let redis;
let ferret;
const stopServices = async () => {
  await Promise.all([stopChild(redis), stopChild(ferret)]);
  rmSync(tmp, { recursive: true, force: true });
};
let interrupted = false;
let current = null;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    interrupted = true;
    log(`${signal}: stopping`);
    current?.kill('SIGTERM');
  });
}

/** Runs one bench script; resolves with its parsed last stdout line (or an error record). */
function runBench(name, env) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, ['--import', 'tsx', path.join('bench', `${name}.bench.ts`)], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
    current = child;
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d) => { out += d; });
    child.on('exit', (code, signal) => {
      current = null;
      const seconds = Math.round((Date.now() - started) / 100) / 10;
      const lines = out.trim().split('\n');
      const last = lines.pop() ?? '';
      // Anything else a bench printed on stdout is passed through (to stderr, keeping stdout for the table).
      if (lines.length) process.stderr.write(`${lines.join('\n')}\n`);
      if (code !== 0) return resolve({ name, error: `exited with ${code ?? signal}`, seconds });
      try {
        const result = JSON.parse(last);
        if (!Array.isArray(result.runs)) throw new Error('no runs array');
        resolve({ ...result, seconds });
      } catch (err) {
        resolve({ name, error: `last stdout line is not a result object (${err.message}): ${last.slice(0, 200)}`, seconds });
      }
    });
  });
}

const fmt = (x, digits = 2) => (x == null || Number.isNaN(x) ? '–' : Number(x).toFixed(digits));

function markdown(report) {
  const out = [];
  out.push(`# Lockstep benchmarks — ${report.startedAt}`, '');
  out.push(`Machine: ${report.machine.cpus} × ${report.machine.cpuModel}, ${report.machine.memoryGiB} GiB, Node ${report.machine.node}, ${report.machine.platform}. Load generator (autocannon) on the same machine.`, '');
  out.push('| bench | run | conns | rate | unit | p50 ms | p99 ms | non-2xx | errors |');
  out.push('|---|---|---:|---:|---|---:|---:|---:|---:|');
  for (const b of report.benches) {
    if (b.error) { out.push(`| ${b.name} | **failed**: ${b.error} | | | | | | | |`); continue; }
    for (const r of b.runs) out.push(`| ${b.name} | ${r.label} | ${r.connections ?? ''} | ${fmt(r.rps, 0)} | ${r.unit ?? 'req/s'} | ${fmt(r.p50, 3)} | ${fmt(r.p99, 3)} | ${r.non2xx ?? 0} | ${(r.errors ?? 0) + (r.timeouts ?? 0)} |`);
  }
  const withRatios = report.benches.filter((b) => !b.error && b.ratios && Object.keys(b.ratios).length);
  if (withRatios.length) {
    out.push('', '| bench | ratio (same run) | value |', '|---|---|---:|');
    for (const b of withRatios) for (const [k, v] of Object.entries(b.ratios)) out.push(`| ${b.name} | ${k} | ${fmt(v, 3)} |`);
  }
  out.push('', 'rps ratio < 1 = slower than the baseline; latency ratio > 1 = slower. See bench/README.md.');
  return `${out.join('\n')}\n`;
}

let exitCode = 0;
const report = {
  startedAt: new Date().toISOString(),
  machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.platform()} ${os.release()}` },
  benches: [],
};
try {
  redis = await startRedis({ dataDir: path.join(tmp, 'redis'), port: redisPort });
  ferret = await startFerretDB({ dataDir: path.join(tmp, 'ferretdb'), port: ferretPort });
  log(`redis :${redisPort}, ferretdb :${ferretPort}; running ${names.join(', ')}`);
  const env = {
    ...process.env,
    LOCKSTEP_BENCH_MONGODB_URI: `mongodb://127.0.0.1:${ferretPort}`,
    LOCKSTEP_BENCH_REDIS_URL: `redis://127.0.0.1:${redisPort}`,
  };
  for (const name of names) {
    if (interrupted) break;
    log(`▶ ${name}`);
    const result = await runBench(name, env);
    if (result.error) { exitCode = 1; log(`✖ ${name}: ${result.error}`); } else log(`✔ ${name} (${result.seconds} s)`);
    report.benches.push(result);
  }
} catch (err) {
  exitCode = 1;
  log(`failed: ${err?.stack ?? err}`);
} finally {
  await stopServices();
}

report.finishedAt = new Date().toISOString();
if (report.benches.length) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const md = markdown(report);
  writeFileSync(path.join(RESULTS_DIR, 'latest.json'), `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(path.join(RESULTS_DIR, 'latest.md'), md);
  process.stdout.write(`\n${md}`);
  log(`wrote ${path.relative(ROOT, path.join(RESULTS_DIR, 'latest.json'))} and latest.md`);
}
process.exit(interrupted ? 130 : exitCode);

#!/usr/bin/env node
// `npm test`: typecheck, then unit, integration and end-to-end tests with Node's test runner against a real
// FerretDB and Redis started here on free ports (data in a temp folder, removed after), real BullMQ workers
// and Debian chromium. Pass file paths or a name filter to run a subset: `npm test -- test/integration/auth.test.ts`.
import { spawnSync, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ROOT, ensureChromium, ensureConsoleBuilt, ensureDemoBuilt, ensureFerretDB, ensureRedis, freePort, startFerretDB, startRedis, stopChild } from './lib/services.mjs';

const log = (msg) => process.stderr.write(`[test] ${msg}\n`);
const args = process.argv.slice(2);
const skipTypecheck = args.includes('--no-typecheck');
const fileArgs = args.filter((a) => !a.startsWith('--'));

function find(dir, re) {
  const out = [];
  let entries = [];
  try { entries = readdirSync(dir, { withFileTypes: true }); } catch { return out; }
  for (const e of entries) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== 'node_modules') out.push(...find(p, re));
    else if (re.test(e.name)) out.push(path.relative(ROOT, p));
  }
  return out.sort();
}

if (!skipTypecheck) {
  log('typecheck');
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  for (const project of ['tsconfig.json', 'admin-ui/tsconfig.json', 'demo/tsconfig.json', 'sdk/tsconfig.json']) {
    const r = spawnSync(process.execPath, [tsc, '-p', project, '--noEmit'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) { log(`typecheck failed (${project})`); process.exit(1); }
  }
}

ensureRedis();
ensureFerretDB();
ensureChromium();
ensureConsoleBuilt();
ensureDemoBuilt();

const files = fileArgs.length ? fileArgs : [
  ...find(path.join(ROOT, 'server'), /\.spec\.ts$/),
  ...find(path.join(ROOT, 'plugins'), /\.spec\.ts$/),
  ...find(path.join(ROOT, 'privacy'), /\.spec\.ts$/),
  ...find(path.join(ROOT, 'workers'), /\.spec\.ts$/),
  ...find(path.join(ROOT, 'admin-ui', 'src'), /\.spec\.ts$/),
  ...find(path.join(ROOT, 'sdk', 'test'), /\.test\.ts$/),
  ...find(path.join(ROOT, 'test', 'unit'), /\.test\.ts$/),
  ...find(path.join(ROOT, 'test', 'integration'), /\.test\.ts$/),
  ...find(path.join(ROOT, 'test', 'regressions'), /\.test\.ts$/),
  ...find(path.join(ROOT, 'test', 'e2e'), /\.test\.ts$/),
];

const tmp = mkdtempSync(path.join(os.tmpdir(), 'lockstep-test-'));
const [redisPort, ferretPort] = [await freePort(), await freePort()];
const redis = await startRedis({ dataDir: path.join(tmp, 'redis'), port: redisPort });
const ferret = await startFerretDB({ dataDir: path.join(tmp, 'ferretdb'), port: ferretPort });
log(`redis :${redisPort}, ferretdb :${ferretPort}, ${files.length} test files`);

const env = {
  ...process.env,
  NODE_ENV: 'test',
  LOCKSTEP_TEST_MONGODB_URI: `mongodb://127.0.0.1:${ferretPort}`,
  LOCKSTEP_TEST_REDIS_URL: `redis://127.0.0.1:${redisPort}`,
  LOCKSTEP_TEST_TMP: tmp,
  LOCKSTEP_TEST_KEYRING: path.join(tmp, 'keys', 'keyring.json'),
};
const child = spawn(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=300000', '--test-reporter=spec', ...files], { cwd: ROOT, env, stdio: 'inherit' });
const code = await new Promise((resolve) => child.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
await Promise.all([stopChild(redis), stopChild(ferret)]);
rmSync(tmp, { recursive: true, force: true });
process.exit(code);

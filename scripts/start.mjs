#!/usr/bin/env node
// `npm start`: the whole platform on embedded defaults — Redis, FerretDB, the API (serving the console at /)
// and worker processes. MONGODB_URI / REDIS_URL switch to external services. Ctrl-C stops everything cleanly;
// data stays under LOCKSTEP_DATA_DIR (default .data/) and is reused by the next start.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { ROOT, ensureConsoleBuilt, ensureDemoBuilt, ensureFerretDB, ensureRedis, portInUse, startFerretDB, startRedis, stopChild, waitForPort } from './lib/services.mjs';
import { demoPublishableKey, startDemoCatalogLoad } from './lib/demo-launch.mjs';

const env = { ...process.env };
const dataDir = path.resolve(ROOT, env.LOCKSTEP_DATA_DIR ?? '.data');
const workerCount = Number(env.LOCKSTEP_WORKERS ?? 1);
const children = [];
const log = (msg) => process.stderr.write(`[lockstep] ${msg}\n`);
let stopping = false;

async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  log('stopping: API and workers drain first, then the store and Redis');
  const apps = children.filter((c) => c.role !== 'service');
  await Promise.all(apps.map((c) => stopChild(c.proc, 15_000)));
  await Promise.all(children.filter((c) => c.role === 'service').map((c) => stopChild(c.proc, 15_000)));
  process.exit(code);
}
process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

function runNode(role, script, extraEnv = {}) {
  const proc = spawn(process.execPath, ['--import', 'tsx', script], { cwd: ROOT, env: { ...env, ...extraEnv }, stdio: 'inherit' });
  const entry = { role, proc };
  children.push(entry);
  proc.on('exit', (code, signal) => {
    if (stopping) return;
    log(`${role} exited (${signal ?? code})`);
    if (role === 'api') void stopAll(code || 1);
    else setTimeout(() => { if (!stopping) { children.splice(children.indexOf(entry), 1); runNode(role, script, extraEnv); } }, 2000); // workers restart
  });
  return proc;
}

try {
  const apiPort = Number(env.PORT ?? 3000);
  if (await portInUse(apiPort)) throw new Error(`port ${apiPort} is in use (another Lockstep?): stop it or set PORT`);
  if (!env.REDIS_URL) {
    ensureRedis();
    const port = Number(env.LOCKSTEP_REDIS_PORT ?? 6479);
    children.push({ role: 'service', proc: await startRedis({ dataDir: path.join(dataDir, 'redis'), port }) });
    env.REDIS_URL = `redis://127.0.0.1:${port}`;
    log(`redis-server on ${env.REDIS_URL} (AOF on, data in ${path.relative(ROOT, dataDir) || '.'}/redis)`);
  }
  const ownsStore = !env.MONGODB_URI;
  if (!env.MONGODB_URI) {
    ensureFerretDB();
    const port = Number(env.LOCKSTEP_FERRETDB_PORT ?? 27117);
    children.push({ role: 'service', proc: await startFerretDB({ dataDir: path.join(dataDir, 'ferretdb'), port }) });
    env.MONGODB_URI = `mongodb://127.0.0.1:${port}/lockstep`;
    log(`FerretDB (SQLite) on ${env.MONGODB_URI}`);
  }
  ensureConsoleBuilt();
  ensureDemoBuilt();
  env.LOCKSTEP_DATA_DIR = dataDir;
  env.LOCKSTEP_DEMO_PUBLISHABLE_KEY ||= demoPublishableKey(dataDir);
  const api = runNode('api', 'server/src/main.ts');
  await waitForPort(apiPort, 60_000, api, 'API');
  for (let i = 0; i < workerCount; i++) runNode(`worker-${i + 1}`, 'workers/src/main.ts');
  const localUrl = `http://127.0.0.1:${apiPort}`;
  log(`demo shop: ${(env.PUBLIC_URL ?? localUrl).replace(/\/+$/, '')}/demo/ (open it twice and pick "Phone" in one window)`);
  const loader = startDemoCatalogLoad({ env, url: localUrl, log, ownsStore });
  if (loader) children.push({ role: 'task', proc: loader });
} catch (err) {
  log(`start failed: ${err.message}`);
  await stopAll(1);
}

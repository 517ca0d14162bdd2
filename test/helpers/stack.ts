import { spawn, type ChildProcess } from 'node:child_process';
import { createConnection } from 'node:net';
import { testConfig } from './env.ts';

export interface Stack {
  baseUrl: string;
  port: number;
  adminEmail: string;
  adminPassword: string;
  publishableKey: string;
  env: Record<string, string>;
  api: ChildProcess;
  workers: ChildProcess[];
  /** Starts one more worker process (e.g. after killing one). */
  startWorker(extraEnv?: Record<string, string>): ChildProcess;
  output(): string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address() as { port: number }; s.close(() => resolve(port)); });
  });
}

async function waitForPort(port: number, child: ChildProcess, ms: number, out: () => string): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`API exited (${child.exitCode}):\n${out()}`);
    const ok = await new Promise<boolean>((r) => { const s = createConnection(port, '127.0.0.1'); s.once('connect', () => { s.destroy(); r(true); }); s.once('error', () => r(false)); });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`API did not listen on ${port} in ${ms} ms:\n${out()}`);
}

/**
 * The real platform as separate processes — API (serving the built console) and worker(s) — on a fresh
 * database and Redis prefix of the test run's FerretDB and Redis.
 */
export async function startStack(opts: { workers?: number; env?: Record<string, string> } = {}): Promise<Stack> {
  const config = testConfig();
  const port = opts.env?.PORT ? Number(opts.env.PORT) : await freePort();
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    NODE_ENV: 'test', PORT: String(port), HOST: '127.0.0.1',
    MONGODB_URI: config.MONGODB_URI, REDIS_URL: config.REDIS_URL, REDIS_PREFIX: config.REDIS_PREFIX,
    LOG_LEVEL: 'warn', LOCKSTEP_ADMIN_EMAIL: config.LOCKSTEP_ADMIN_EMAIL, LOCKSTEP_ADMIN_PASSWORD: config.LOCKSTEP_ADMIN_PASSWORD!,
    LOCKSTEP_DEMO_PUBLISHABLE_KEY: config.LOCKSTEP_DEMO_PUBLISHABLE_KEY!, RATE_LIMIT_MAX: '100000', WORKER_HEARTBEAT_TTL_SECONDS: '5',
    LOCKSTEP_KEYRING_PATH: config.keyringPath,
    ...opts.env,
  };
  let out = '';
  const capture = (c: ChildProcess, name: string) => {
    c.stdout?.on('data', (d) => { out += `[${name}] ${d}`; });
    c.stderr?.on('data', (d) => { out += `[${name}] ${d}`; });
  };
  const api = spawn(process.execPath, ['--import', 'tsx', 'server/src/main.ts'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  capture(api, 'api');
  await waitForPort(port, api, 60_000, () => out);
  const workers: ChildProcess[] = [];
  const startWorker = (extraEnv: Record<string, string> = {}) => {
    const w = spawn(process.execPath, ['--import', 'tsx', 'workers/src/main.ts'], { env: { ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    capture(w, `worker-${workers.length + 1}`);
    workers.push(w);
    return w;
  };
  for (let i = 0; i < (opts.workers ?? 1); i++) startWorker();
  const baseUrl = `http://127.0.0.1:${port}`;
  // Wait until a worker has announced itself.
  const deadline = Date.now() + 60_000;
  while ((opts.workers ?? 1) > 0 && Date.now() < deadline) {
    const h = await fetch(`${baseUrl}/health`).then((r) => r.json()).catch(() => null) as { checks?: { workers?: { count: number } } } | null;
    if ((h?.checks?.workers?.count ?? 0) > 0) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const stopOne = (c: ChildProcess) => new Promise<void>((resolve) => {
    if (c.exitCode !== null || c.signalCode) return resolve();
    const t = setTimeout(() => c.kill('SIGKILL'), 10_000);
    c.once('exit', () => { clearTimeout(t); resolve(); });
    c.kill('SIGTERM');
  });
  return {
    baseUrl, port, adminEmail: env.LOCKSTEP_ADMIN_EMAIL, adminPassword: env.LOCKSTEP_ADMIN_PASSWORD, publishableKey: env.LOCKSTEP_DEMO_PUBLISHABLE_KEY,
    env, api, workers, startWorker, output: () => out,
    async stop() {
      await Promise.all(workers.map(stopOne));
      await stopOne(api);
      const { default: mongoose } = await import('mongoose');
      const c = await mongoose.createConnection(config.MONGODB_URI).asPromise();
      await c.dropDatabase().catch(() => undefined);
      await c.close();
    },
  };
}

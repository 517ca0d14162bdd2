// Processes of bench/sync-fanout.bench.ts: the real API (server/src/main.ts) and the baseline WebSocket server, each
// as its own child process with mem-probe.mjs preloaded (memory after a full GC, over IPC) and /proc readings (CPU),
// and the WebSocket load generators (sync-load.mjs) driven over IPC.
import { fork, spawn, execSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BENCH_ROOT } from './harness.ts';

const LIB = path.join(BENCH_ROOT, 'bench', 'lib');
const MEM_PROBE = pathToFileURL(path.join(LIB, 'mem-probe.mjs')).href;

/** Memory of a server process after a full GC (bytes). */
export interface Mem { rss: number; heapUsed: number; external: number; collected: boolean }

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address() as { port: number }; s.close(() => resolve(port)); });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let clockTicks = 0;

/** One measured server process (the API or the baseline). */
export class ServerProc {
  #out = '';
  #memSeq = 0;
  constructor(readonly label: string, readonly child: ChildProcess, public port = 0) {
    const keep = (d: Buffer) => { this.#out = (this.#out + d.toString()).slice(-20_000); };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  get base(): string { return `http://127.0.0.1:${this.port}`; }
  output(): string { return this.#out; }

  /** RSS and heap after two full collections (asked over IPC; mem-probe.mjs answers). */
  async mem(): Promise<Mem> {
    const m = await this.#ask({ type: 'mem' }, 30_000);
    return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, collected: m.collected };
  }

  /** Event-loop delay of the process since the last reset (ms); `reset` starts a new interval. */
  async loopDelay(reset = false): Promise<{ p50: number; p99: number; max: number }> {
    const m = await this.#ask({ type: 'eld', reset }, 10_000);
    return { p50: m.p50, p99: m.p99, max: m.max };
  }

  /** Writes a V8 heap snapshot of the process to `file` (diagnostics; pauses it for seconds). */
  async heapSnapshot(file: string): Promise<string> {
    return (await this.#ask({ type: 'heap-snapshot', file }, 300_000)).file;
  }

  #ask(msg: { type: string; [k: string]: unknown }, timeoutMs: number): Promise<any> {
    const id = ++this.#memSeq;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.child.off('message', on); reject(new Error(`${this.label}: no ${msg.type} answer in ${timeoutMs / 1000} s`)); }, timeoutMs);
      const on = (m: any) => {
        if (m?.type !== msg.type || m.id !== id) return;
        clearTimeout(timer);
        this.child.off('message', on);
        resolve(m);
      };
      this.child.on('message', on);
      this.child.send({ ...msg, id });
    });
  }

  /** User + system CPU time of the process so far, in ms (/proc/<pid>/stat). */
  cpuMs(): number {
    try {
      clockTicks ||= Number(execSync('getconf CLK_TCK').toString().trim()) || 100;
      const stat = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return ((Number(fields[11]) + Number(fields[12])) / clockTicks) * 1000; // utime, stime (fields 14, 15)
    } catch {
      return NaN;
    }
  }

  async stop(): Promise<void> {
    const c = this.child;
    if (c.exitCode !== null || c.signalCode) return;
    await new Promise<void>((resolve) => {
      const t = setTimeout(() => c.kill('SIGKILL'), 15_000);
      c.once('exit', () => { clearTimeout(t); resolve(); });
      c.kill('SIGTERM');
    });
  }
}

async function waitForPort(proc: ServerProc, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (proc.child.exitCode !== null) throw new Error(`${proc.label} exited (${proc.child.exitCode}):\n${proc.output()}`);
    const ok = await new Promise<boolean>((r) => { const s = createConnection(proc.port, '127.0.0.1'); s.once('connect', () => { s.destroy(); r(true); }); s.once('error', () => r(false)); });
    if (ok) return;
    await sleep(100);
  }
  throw new Error(`${proc.label} did not listen on ${proc.port} in ${ms} ms:\n${proc.output()}`);
}

/**
 * The real API (`node --import tsx server/src/main.ts`) with the given environment, listening on a free port.
 * `nodeArgs` go before the script (e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`: written when the API exits on SIGTERM).
 */
export async function startApi(label: string, env: Record<string, string>, nodeArgs: string[] = []): Promise<ServerProc> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, '--expose-gc', '--import', 'tsx', '--import', MEM_PROBE, 'server/src/main.ts'], {
    cwd: BENCH_ROOT, env: { ...env, PORT: String(port), HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const proc = new ServerProc(label, child, port);
  await waitForPort(proc, 90_000);
  return proc;
}

/** The baseline: bare Fastify + @fastify/websocket rooms (sync-baseline-server.mjs); with redisUrl, fan-out across instances. */
export async function startBaseline(label: string, opts: { redisUrl?: string; channel?: string; instance?: string } = {}): Promise<ServerProc> {
  const child = fork(path.join(LIB, 'sync-baseline-server.mjs'), [JSON.stringify(opts)], {
    cwd: BENCH_ROOT, execArgv: ['--expose-gc', '--import', MEM_PROBE], stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const proc = new ServerProc(label, child);
  proc.port = await new Promise<number>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error(`${label} did not start in 30 s:\n${proc.output()}`)), 30_000);
    child.on('message', (m: any) => { if (m?.type === 'listening') { clearTimeout(t); resolve(m.port); } });
    child.once('exit', (code) => { clearTimeout(t); reject(new Error(`${label} exited (${code}):\n${proc.output()}`)); });
  });
  return proc;
}

/** One WebSocket load-generator process (sync-load.mjs), driven by request/answer messages over IPC. */
export class Loader {
  #seq = 0;
  readonly #waiting = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  private constructor(readonly child: ChildProcess) {
    child.on('message', (m: any) => {
      const w = m?.id != null ? this.#waiting.get(m.id) : undefined;
      if (!w) return;
      this.#waiting.delete(m.id);
      if (m.ok) w.resolve(m.result); else w.reject(new Error(`load generator: ${m.error}`));
    });
    child.once('exit', (code) => {
      for (const w of this.#waiting.values()) w.reject(new Error(`load generator exited (${code})`));
      this.#waiting.clear();
    });
  }

  static async start(): Promise<Loader> {
    const child = fork(path.join(LIB, 'sync-load.mjs'), [], {
      cwd: BENCH_ROOT, execArgv: ['--import', 'tsx'], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('message', (m: any) => (m?.type === 'ready' ? resolve() : reject(new Error('load generator: unexpected first message'))));
      child.once('exit', (code) => reject(new Error(`load generator exited (${code}) before it was ready`)));
    });
    return new Loader(child);
  }

  call<T = any>(cmd: string, payload: Record<string, unknown> = {}): Promise<T> {
    const id = ++this.#seq;
    return new Promise<T>((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      this.child.send({ ...payload, cmd, id });
    });
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise<void>((r) => this.child.once('exit', () => r()));
    this.child.send({ cmd: 'exit', id: 0 });
    const t = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(t);
  }
}

/** Soft and hard limit on open files of this process (children inherit them). */
export function fileLimits(): { soft: number; hard: number } {
  const read = (flag: string) => {
    try {
      const v = execSync(`ulimit ${flag}`, { shell: '/bin/sh' }).toString().trim();
      return v === 'unlimited' ? Infinity : Number(v);
    } catch {
      return NaN;
    }
  };
  return { soft: read('-Sn'), hard: read('-Hn') };
}

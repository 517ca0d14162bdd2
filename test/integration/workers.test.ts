import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { startStack, type Stack } from '../helpers/stack.ts';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { testConfig } from '../helpers/env.ts';
import { startWorkerRuntime, type WorkerRuntime } from '../../workers/src/worker-runtime.ts';

/**
 * Workers as the platform runs them: API and worker processes started by startStack() on the test run's
 * FerretDB and Redis, driven only through the HTTP API. The jobs come from the test-only `worker-probe` plugin
 * (test/fixtures/plugins/worker-probe): they succeed with progress and logs, fail on demand, block at a gate
 * the test opens, or need a capability. One in-process block runs the shipped catalog import.
 */
const PROBE_DIR = 'test/fixtures/plugins/worker-probe';
const PROBE_ENV = { LOCKSTEP_PLUGINS_DIR: PROBE_DIR, TFJS_BACKEND: 'cpu' };
const silent = pino({ level: 'silent' });
const uniq = (p: string) => `${p}-${randomBytes(4).toString('hex')}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Client {
  call(method: string, url: string, body?: unknown): Promise<{ status: number; body: any; headers: Headers }>;
  ok(method: string, url: string, body?: unknown, expected?: number): Promise<any>;
}

async function client(stack: Stack): Promise<Client> {
  const login = await fetch(`${stack.baseUrl}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: stack.adminEmail, password: stack.adminPassword }) });
  assert.equal(login.status, 200, await login.clone().text());
  const auth = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
  const call: Client['call'] = async (method, url, body) => {
    const res = await fetch(`${stack.baseUrl}${url}`, { method, headers: { ...auth, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
  };
  return {
    call,
    async ok(method, url, body, expected = 200) {
      const res = await call(method, url, body);
      assert.equal(res.status, expected, `${method} ${url} → ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    },
  };
}

/** Polls until `probe` returns a truthy value; fails naming what it waited for and the last value seen. */
async function waitFor<T>(what: string, probe: () => Promise<T>, ms = 30_000, every = 150): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (last) return last as NonNullable<T>;
    await sleep(every);
  }
  throw new Error(`timed out after ${ms} ms waiting for ${what}; last seen: ${JSON.stringify(last)}`);
}

const enqueue = async (c: Client, name: string, payload: Record<string, unknown> = {}): Promise<string> =>
  (await c.ok('POST', '/api/plugins/worker-probe/jobs', { name, payload }, 202)).id;
const job = (c: Client, id: string) => c.ok('GET', `/api/jobs/${encodeURIComponent(id)}`);
const jobInState = (c: Client, id: string, state: string, ms?: number) =>
  waitFor(`job ${id} to be ${state}`, async () => { const j = await job(c, id); return j.state === state ? j : null; }, ms);
const newGate = async (c: Client) => (await c.ok('POST', '/api/plugins/worker-probe/gates', { key: uniq('gate') }, 201)).key as string;
const gate = (c: Client, key: string) => c.ok('GET', `/api/plugins/worker-probe/gates/${key}`);
const openGate = (c: Client, key: string) => c.ok('POST', `/api/plugins/worker-probe/gates/${key}/open`);
const queueRow = async (c: Client, name: string) => ((await c.ok('GET', '/api/queues')) as any[]).find((q) => q.name === name);
const aliveWorkers = async (stack: Stack) => ((await (await fetch(`${stack.baseUrl}/health`)).json()) as { checks: { workers: { workers: any[] } } }).checks.workers.workers;
/** Most visits at the gate at one moment (a visit spans enteredAt..leftAt; leaving sorts before entering). */
function maxOverlap(visits: { enteredAt: number; leftAt: number | null }[]): number {
  const edges = visits.flatMap((v) => [[v.enteredAt, 1], [v.leftAt ?? Infinity, -1]] as [number, number][]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let now = 0;
  let max = 0;
  for (const [, d] of edges) max = Math.max(max, (now += d));
  return max;
}
/** Start times of each attempt, as the `fail` probe logs them. */
const attemptStarts = (logs: string[]) => logs.map((l) => /^attempt (\d+) started at (\d+)$/.exec(l)).filter((m) => m !== null).map((m) => ({ attempt: Number(m![1]), at: Number(m![2]) }));

describe('jobs in worker processes, seen through the API', () => {
  let stack: Stack;
  let c: Client;
  before(async () => {
    stack = await startStack({ workers: 1, env: { ...PROBE_ENV, WORKER_CONCURRENCY_WORKER_PROBE_PARALLEL: '3' } });
    c = await client(stack);
    await waitFor('the worker to serve the probe queues', async () => (await aliveWorkers(stack)).some((w) => w.queues.includes('worker-probe-main')));
  });
  after(async () => { await stack?.stop(); });

  test('a job that succeeds shows its progress, logs and result; it ran in the worker process, not the API', async () => {
    const value = uniq('payload');
    const id = await enqueue(c, 'succeed', { steps: 4, value });
    const done = await jobInState(c, id, 'completed');
    assert.equal(done.queue, 'worker-probe-main');
    assert.equal(done.name, 'succeed');
    assert.equal(done.progress, 100);
    assert.deepEqual(done.logs, ['step 1 of 4', 'step 2 of 4', 'step 3 of 4', 'step 4 of 4']);
    assert.equal(done.failedReason, null);
    assert.ok(done.processedAt && done.finishedAt, 'processedAt and finishedAt are set');
    assert.deepEqual({ ...done.returnvalue, pid: undefined }, { echo: value, steps: 4, attempt: 1, pid: undefined });
    assert.equal(done.returnvalue.pid, stack.workers[0].pid, 'the worker process ran it');
    assert.notEqual(done.returnvalue.pid, stack.api.pid);

    // The list shows it with its state and a Content-Range total; filters by state and name work.
    const list = await c.call('GET', `/api/jobs?filter=${encodeURIComponent(JSON.stringify({ state: 'completed', name: 'succeed' }))}`);
    assert.equal(list.status, 200);
    const row = list.body.find((j: any) => j.id === id);
    assert.ok(row, `job ${id} in the completed list`);
    assert.equal(row.returnvalue.echo, value);
    assert.match(list.headers.get('content-range') ?? '', new RegExp(`^jobs 0-\\d+/${list.body.length}$`));
    assert.ok(list.body.every((j: any) => j.state === 'completed' && j.name === 'succeed'));

    // Only failed jobs can be retried.
    const retry = await c.call('POST', `/api/jobs/${encodeURIComponent(id)}/retry`);
    assert.equal(retry.status, 409);
    assert.equal(retry.body.code, 'CORE_ERR_JOB_NOT_RETRYABLE');
  });

  test('a job that fails twice is retried with exponential backoff and then succeeds', async () => {
    const id = await enqueue(c, 'fail', { failTimes: 2 });
    const done = await jobInState(c, id, 'completed');
    assert.equal(done.returnvalue.attempt, 3);
    const starts = attemptStarts(done.logs);
    assert.deepEqual(starts.map((s) => s.attempt), [1, 2, 3]);
    // backoffMs 400, exponential: the 2nd attempt starts ≥ 400 ms after the 1st, the 3rd ≥ 800 ms after the 2nd.
    assert.ok(starts[1].at - starts[0].at >= 400, `first backoff ${starts[1].at - starts[0].at} ms`);
    assert.ok(starts[2].at - starts[1].at >= 800, `second backoff ${starts[2].at - starts[1].at} ms`);
  });

  test('a job that keeps failing is kept as failed with its error after its attempts; retry through the API runs it again', async () => {
    const key = await newGate(c);
    const id = await enqueue(c, 'fail', { gate: key });
    const failed = await jobInState(c, id, 'failed');
    assert.equal(failed.attemptsMade, 3);
    assert.match(failed.failedReason, new RegExp(`gate ${key} is closed \\(attempt 3\\)`));
    const starts = attemptStarts(failed.logs);
    assert.deepEqual(starts.map((s) => s.attempt), [1, 2, 3]);
    assert.ok(starts[1].at - starts[0].at >= 400 && starts[2].at - starts[1].at >= 800, `backoff between attempts: ${JSON.stringify(starts)}`);

    // It stays failed (no further attempt) and shows in the failed list and the queue's counts.
    await sleep(1500);
    assert.equal((await job(c, id)).state, 'failed');
    assert.equal(attemptStarts((await job(c, id)).logs).length, 3);
    const failedList = await c.ok('GET', `/api/jobs?filter=${encodeURIComponent(JSON.stringify({ state: 'failed', queue: 'worker-probe-main' }))}`);
    assert.ok(failedList.some((j: any) => j.id === id && /is closed/.test(j.failedReason)));
    assert.ok((await queueRow(c, 'worker-probe-main')).counts.failed >= 1);

    await openGate(c, key);
    const retried = await c.ok('POST', `/api/jobs/${encodeURIComponent(id)}/retry`);
    assert.equal(retried.id, id);
    assert.equal(retried.state, 'waiting');
    const done = await jobInState(c, id, 'completed');
    assert.equal(done.failedReason, null);
    assert.equal(attemptStarts(done.logs).length, 4, 'one more attempt ran after the retry');
    assert.equal(done.returnvalue.pid, stack.workers[0].pid);
  });

  test('job routes answer 404 for unknown jobs and queues, 400 for bad filters', async () => {
    assert.equal((await c.call('GET', `/api/jobs/${encodeURIComponent('worker-probe-main~nope')}`)).body.code, 'CORE_ERR_NOT_FOUND');
    assert.equal((await c.call('GET', '/api/jobs/no-separator')).status, 404);
    assert.equal((await c.call('POST', `/api/jobs/${encodeURIComponent('ghost-queue~1')}/retry`)).status, 404);
    const q = await c.call('GET', `/api/jobs?filter=${encodeURIComponent(JSON.stringify({ queue: 'ghost-queue' }))}`);
    assert.equal(q.status, 404);
    assert.equal(q.body.code, 'CORE_ERR_QUEUE_UNKNOWN');
    const s = await c.call('GET', `/api/jobs?filter=${encodeURIComponent(JSON.stringify({ state: 'sleeping' }))}`);
    assert.equal(s.status, 400);
    assert.equal(s.body.code, 'CORE_ERR_INVALID_LIST_QUERY');
  });

  test('per-queue concurrency from WORKER_CONCURRENCY_<QUEUE> is honoured: at most 3 jobs of the queue run at once', async () => {
    // The queue declares concurrency 1 and WORKER_CONCURRENCY defaults to 4: only the override gives 3.
    const key = await newGate(c);
    const ids = [];
    for (let i = 0; i < 7; i++) ids.push(await enqueue(c, 'hold', { gate: key }));
    await waitFor('3 jobs to be waiting at the gate', async () => (await gate(c, key)).visits.length >= 3);
    // Give the worker every chance to start a 4th while 3 are held: it may not.
    for (let i = 0; i < 10; i++) {
      assert.equal((await gate(c, key)).visits.length, 3, 'jobs started while 3 were held at the gate');
      await sleep(150);
    }
    const counts = (await queueRow(c, 'worker-probe-parallel')).counts;
    assert.equal(counts.active, 3);
    assert.equal(counts.waiting, 4);
    await openGate(c, key);
    await Promise.all(ids.map((id) => jobInState(c, id, 'completed')));
    const visits = (await gate(c, key)).visits as { enteredAt: number; leftAt: number | null }[];
    assert.equal(visits.length, 7);
    assert.equal(maxOverlap(visits), 3, `runs overlapping at most: ${JSON.stringify(visits)}`);
  });
});

describe('capability routing', () => {
  let stack: Stack;
  let c: Client;
  before(async () => {
    stack = await startStack({ workers: 1, env: PROBE_ENV });
    c = await client(stack);
  });
  after(async () => { await stack?.stop(); });

  test('a worker without the capability a queue requires does not take it; one that announces it does', async () => {
    const plain = await waitFor('the plain worker heartbeat', async () => (await aliveWorkers(stack)).find((w) => w.pid === stack.workers[0].pid));
    assert.ok(!plain.capabilities.includes('probe-special'));
    assert.ok(plain.queues.includes('worker-probe-main'));
    assert.ok(!plain.queues.includes('worker-probe-special'), `queues served: ${plain.queues}`);

    const special = await enqueue(c, 'special');
    // The plain worker is busy with other queues meanwhile, yet leaves the special job alone.
    const other = await enqueue(c, 'succeed', { steps: 1 });
    await jobInState(c, other, 'completed');
    await sleep(1000);
    assert.equal((await job(c, special)).state, 'waiting');
    assert.equal((await queueRow(c, 'worker-probe-special')).workers, 0);

    const capable: ChildProcess = stack.startWorker({ WORKER_CAPABILITIES: 'probe-special' });
    const done = await jobInState(c, special, 'completed', 60_000);
    assert.equal(done.returnvalue.pid, capable.pid, 'the capable worker ran it');
    const info = (await aliveWorkers(stack)).find((w) => w.pid === capable.pid);
    assert.ok(info?.capabilities.includes('probe-special'));
    assert.ok(info?.queues.includes('worker-probe-special'));
    assert.equal((await queueRow(c, 'worker-probe-special')).workers, 1);
  });
});

describe('stalled-job recovery', () => {
  let stack: Stack;
  let c: Client;
  before(async () => {
    // Locks last max(interval, 5 s); a dead worker's job is back in the queue a few seconds after its lock lapses.
    stack = await startStack({ workers: 1, env: { ...PROBE_ENV, WORKER_STALLED_INTERVAL_MS: '1000' } });
    c = await client(stack);
  });
  after(async () => { await stack?.stop(); });

  test('a job whose worker is killed with SIGKILL mid-run is completed by another worker', async () => {
    const first = stack.workers[0];
    await waitFor('the first worker', async () => (await aliveWorkers(stack)).some((w) => w.pid === first.pid));
    const key = await newGate(c);
    const id = await enqueue(c, 'block', { gate: key });
    await waitFor('the job to start in the first worker', async () => (await gate(c, key)).visits.length === 1);
    assert.equal((await job(c, id)).state, 'active');
    assert.deepEqual((await gate(c, key)).visits.map((v: any) => v.pid), [first.pid]);

    const second = stack.startWorker();
    await waitFor('the second worker', async () => (await aliveWorkers(stack)).some((w) => w.pid === second.pid), 60_000);
    const exited = new Promise<NodeJS.Signals | null>((r) => first.once('exit', (_code, signal) => r(signal)));
    first.kill('SIGKILL');
    assert.equal(await exited, 'SIGKILL');
    await openGate(c, key);

    const done = await jobInState(c, id, 'completed', 60_000);
    assert.equal(done.returnvalue.pid, second.pid, 'the surviving worker finished it');
    // The first run never left the gate (its process died there); the second ran through it.
    const visits = (await gate(c, key)).visits;
    assert.deepEqual(visits.map((v: any) => [v.pid, v.leftAt === null]), [[first.pid, true], [second.pid, false]]);
  });
});

describe('in-process worker runtime', () => {
  let t: TestApp;
  const runtimes: WorkerRuntime[] = [];
  before(async () => { t = await buildTestApp(); });
  after(async () => {
    await Promise.all(runtimes.map((r) => r.close()));
    await t?.close();
  });

  test('the catalog import job runs in a worker: rows upserted, progress 100, logs and result through /api/jobs', async () => {
    const rt = await startWorkerRuntime(t.config, silent, { skipTf: true });
    runtimes.push(rt);
    assert.ok(rt.queues.includes('catalog-import'));
    const owner = await t.ownerHeaders();
    const products = Array.from({ length: 3 }, (_, i) => ({ sku: uniq(`SKU${i}`), title: `Imported ${i}`, price: 10 + i, currency: 'EUR', stock: i }));
    const created = await t.app.inject({ method: 'POST', url: '/api/plugins/catalog/imports', headers: owner, payload: { products } });
    assert.equal(created.statusCode, 202, created.body);
    const apiId = `catalog-import~${created.json().jobId}`;
    const done = await waitFor('the import job to complete', async () => {
      const res = await t.app.inject({ method: 'GET', url: `/api/jobs/${encodeURIComponent(apiId)}`, headers: owner });
      assert.equal(res.statusCode, 200, res.body);
      return res.json().state === 'completed' ? res.json() : null;
    });
    assert.equal(done.progress, 100);
    assert.deepEqual(done.returnvalue, { processed: 3, failed: 0 });
    assert.ok(done.logs.some((l: string) => /upserted rows 0–2 \(0 failed\)/.test(l)), `logs: ${done.logs}`);
    const imp = (await t.app.inject({ method: 'GET', url: `/api/plugins/catalog/imports/${created.json().id}`, headers: owner })).json();
    assert.equal(imp.status, 'completed');
    const list = await t.app.inject({ method: 'GET', url: `/api/plugins/catalog/products?filter=${encodeURIComponent(JSON.stringify({ q: products[0].sku }))}`, headers: owner });
    assert.equal(list.json().length, 1);
  });

  test('a runtime skips queues whose jobs need a capability it lacks, naming what is missing', async () => {
    const dir = fileURLToPath(new URL('../fixtures/plugins/worker-probe/', import.meta.url));
    const plain = await startWorkerRuntime(testConfig({ MONGODB_URI: t.config.MONGODB_URI, LOCKSTEP_PLUGINS_DIR: dir }), silent, { skipTf: true });
    runtimes.push(plain);
    assert.deepEqual(plain.skipped, [{ queue: 'worker-probe-special', missing: ['probe-special'] }]);
    // The built-in privacy plugin's queues (privacy-*) are served by every worker too.
    assert.deepEqual([...plain.queues].filter((q) => !q.startsWith('privacy-')).sort(), ['worker-probe-main', 'worker-probe-parallel']);
    const capable = await startWorkerRuntime(testConfig({ MONGODB_URI: t.config.MONGODB_URI, LOCKSTEP_PLUGINS_DIR: dir, WORKER_CAPABILITIES: 'probe-special, other' }), silent, { skipTf: true });
    runtimes.push(capable);
    assert.deepEqual(capable.skipped, []);
    assert.ok(capable.queues.includes('worker-probe-special'));
    assert.deepEqual(capable.capabilities, ['cpu', 'other', 'probe-special']);
  });
});

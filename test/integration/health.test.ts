import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, type TestApp } from '../helpers/app.ts';
import { WorkerRegistry } from '../../server/src/queues/worker-registry.ts';

let t: TestApp;
before(async () => { t = await buildTestApp(); });
after(async () => { await t.close(); });

test('GET /health is 503 (degraded) while no worker heartbeats, with store and redis ok', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/health' });
  assert.equal(res.statusCode, 503);
  const body = res.json();
  assert.equal(body.status, 'degraded');
  assert.equal(body.checks.store.status, 'ok');
  assert.equal(body.checks.redis.status, 'ok');
  assert.equal(body.checks.workers.count, 0);
});

test('GET /health is 200 once a worker heartbeats, and 503 again after its heartbeat expires', async () => {
  const reg = new WorkerRegistry(t.app.lockstep.redis, t.config.REDIS_PREFIX, 1);
  await reg.heartbeat({ id: 'w1', host: 'h', pid: 1, capabilities: ['cpu'], queues: [], tfBackend: null, startedAt: new Date().toISOString() });
  const ok = await t.app.inject({ method: 'GET', url: '/health' });
  assert.equal(ok.statusCode, 200);
  assert.equal(ok.json().checks.workers.workers[0].id, 'w1');
  // The API reads with the configured TTL (5 s in tests); wait past it.
  await new Promise((r) => setTimeout(r, 5200));
  const gone = await t.app.inject({ method: 'GET', url: '/health' });
  assert.equal(gone.statusCode, 503);
});

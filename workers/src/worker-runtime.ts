import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { UnrecoverableError, Worker, type Job } from 'bullmq';
import type { Logger } from 'pino';
import type { AppConfig } from '../../server/src/config/load-config.ts';
import { connectStore } from '../../server/src/db/connection.ts';
import { createRedis } from '../../server/src/redis/connection.ts';
import { compileModel } from '../../server/src/db/define-model.ts';
import { PluginStateSpec } from '../../server/src/models/core-models.ts';
import { EventSpec } from '../../server/src/events/event.model.ts';
import { eventsAccess } from '../../server/src/events/events-access.ts';
import { RedisLocks } from '../../server/src/redis/lock.ts';
import { EventBus } from '../../server/src/core/event-bus.ts';
import { PluginHost } from '../../server/src/core/plugin-host.ts';
import { withBuiltins } from '../../server/src/core/builtin-plugins.ts';
import { PluginStateService } from '../../server/src/core/plugin-state.service.ts';
import { discoverPlugins, loadPlugins, type LoadedPlugin } from '../../server/src/core/plugin-loader.ts';
import { QueueRegistry } from '../../server/src/queues/queue-registry.ts';
import { WorkerRegistry } from '../../server/src/queues/worker-registry.ts';
import type { JobDeclaration } from '../../server/src/core/plugin-contract.ts';
import { connectPrivacy } from '../../privacy/src/connect.ts';
import { PiiRegistry } from '../../privacy/src/registry.ts';
import { selectTfBackend, type TfBackendChoice } from './tf-backend.ts';
import { canServe, capabilitiesOf } from './capabilities.ts';

export interface WorkerRuntime {
  id: string;
  capabilities: string[];
  queues: string[];
  skipped: { queue: string; missing: string[] }[];
  tf: TfBackendChoice | null;
  close(): Promise<void>;
}

/**
 * One worker process: loads the same plugins as the API, picks a TF.js backend, announces its capabilities
 * and runs a BullMQ Worker for every declared queue it can serve. Jobs of a tenant that has the plugin
 * disabled fail without retry.
 */
export async function startWorkerRuntime(config: AppConfig, log: Logger, opts: { plugins?: LoadedPlugin[]; skipTf?: boolean } = {}): Promise<WorkerRuntime> {
  const id = `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`;
  const connection = await connectStore(config.MONGODB_URI);
  const redis = createRedis(config.REDIS_URL, { name: 'lockstep-worker' });
  const sub = createRedis(config.REDIS_URL, { name: 'lockstep-worker-sub' });
  const bullConnection = createRedis(config.REDIS_URL, { forBullmq: true, name: 'lockstep-worker-queues' });
  const plugins = await withBuiltins(opts.plugins ?? (await loadPlugins(await discoverPlugins(config.LOCKSTEP_PLUGINS_DIR, config.plugins))));
  const { model: PluginState } = compileModel(connection, PluginStateSpec);
  const states = new PluginStateService(PluginState, () => plugins);
  const bus = new EventBus(redis, sub, config.REDIS_PREFIX, id, (err) => log.error({ err }, 'bus handler failed'));
  const queues = new QueueRegistry(bullConnection, config.REDIS_PREFIX);
  const { model: Event, pii: eventPii } = compileModel(connection, EventSpec);
  // The same data inventory as the API's: the core's events included (erasure verification scans read it here).
  const inventory = new PiiRegistry();
  inventory.add('core', eventPii);
  const host = new PluginHost(plugins, { connection, bus, privacy: await connectPrivacy(connection, inventory, { redis, redisPrefix: config.REDIS_PREFIX, keyringPath: config.keyringPath, keyCacheTtlMs: config.KEY_CACHE_TTL_MS }), queues, states, log, events: eventsAccess(Event), locks: new RedisLocks(redis, config.REDIS_PREFIX) });
  host.init();
  await bus.start();
  bus.subscribe('plugin.toggled', (e) => states.invalidate(e.tenantId));
  // Plugins wire cross-plugin services here as in the API (e.g. identity registers the consent subject resolver).
  await host.runHook('onReady');

  let tf: TfBackendChoice | null = null;
  if (!opts.skipTf) {
    try {
      tf = await selectTfBackend(config.TFJS_BACKEND);
      log.info({ backend: tf.backend, gpu: tf.gpu, tried: tf.tried }, 'TensorFlow.js backend selected');
    } catch (err) {
      log.warn({ err }, 'no TensorFlow.js backend: tfjs queues will not be served here');
    }
  }
  const capabilities = capabilitiesOf(tf, config.workerCapabilities);

  const workers: Worker[] = [];
  const served: string[] = [];
  const skipped: { queue: string; missing: string[] }[] = [];
  for (const decl of queues.declared()) {
    const verdict = canServe(decl.jobs, capabilities);
    if (!verdict.ok) {
      skipped.push({ queue: decl.name, missing: verdict.missing });
      log.info({ queue: decl.name, missing: verdict.missing }, 'queue not served: missing capabilities');
      continue;
    }
    const byName = new Map<string, JobDeclaration>(decl.jobs.map((j) => [j.name, j]));
    const ctx = host.contexts.get(decl.plugin)!;
    const concurrency = config.queueConcurrency[decl.name] ?? decl.jobs[0]?.concurrency ?? config.WORKER_CONCURRENCY;
    const worker = new Worker(decl.name, async (job: Job, token?: string, signal?: AbortSignal) => {
      const jd = byName.get(job.name);
      if (!jd) throw new UnrecoverableError(`queue ${decl.name} has no job "${job.name}"`);
      const tenantId = job.data?.tenantId;
      if (typeof tenantId !== 'string') throw new UnrecoverableError('job payload has no tenantId');
      if (!(await states.isEnabled(tenantId, decl.plugin))) throw new UnrecoverableError(`plugin ${decl.plugin} is disabled for tenant ${tenantId}`);
      const { default: processor } = await jd.processor();
      return processor(job as any, { plugin: ctx, log: log.child({ queue: decl.name, jobId: job.id, tenantId }) }, signal);
    }, {
      connection: bullConnection, prefix: config.REDIS_PREFIX, concurrency,
      stalledInterval: config.WORKER_STALLED_INTERVAL_MS, lockDuration: Math.max(config.WORKER_STALLED_INTERVAL_MS, 5000), maxStalledCount: 2,
    });
    worker.on('failed', (job, err) => log.warn({ queue: decl.name, jobId: job?.id, attemptsMade: job?.attemptsMade, err: err.message }, 'job failed'));
    worker.on('error', (err) => log.error({ queue: decl.name, err }, 'worker error'));
    workers.push(worker);
    served.push(decl.name);
  }

  const registry = new WorkerRegistry(redis, config.REDIS_PREFIX, config.WORKER_HEARTBEAT_TTL_SECONDS);
  const info = { id, host: hostname(), pid: process.pid, capabilities, queues: served, tfBackend: tf?.backend ?? null, startedAt: new Date().toISOString() };
  await registry.heartbeat(info);
  const beat = setInterval(() => void registry.heartbeat(info).catch((err) => log.warn({ err }, 'heartbeat failed')), Math.max(1000, (config.WORKER_HEARTBEAT_TTL_SECONDS * 1000) / 3));
  beat.unref();
  log.info({ id, capabilities, queues: served, skipped }, 'worker started');

  return {
    id, capabilities, queues: served, skipped, tf,
    async close() {
      clearInterval(beat);
      // Worker.close() waits for active jobs to finish (drain), then stops taking new ones.
      await Promise.all(workers.map((w) => w.close()));
      await registry.remove(id).catch(() => undefined);
      await host.runHook('onClose');
      await bus.close();
      await queues.close();
      await Promise.allSettled([redis.quit(), sub.quit(), bullConnection.quit()]);
      await connection.close();
    },
  };
}

import type { FastifyInstance } from 'fastify';
import { JOB_STATES } from '../queues/job-view.ts';

/** Prometheus scrape endpoint. Queue depths and worker counts are refreshed at scrape time. */
export async function metricsRoutes(app: FastifyInstance): Promise<void> {
  app.get('/metrics', { config: { public: true, rateLimit: false }, schema: { hide: true } }, async (_request, reply) => {
    const { metrics, queues, workers, host } = app.lockstep;
    await Promise.all(queues.declared().map(async (d) => {
      const counts = await queues.get(d.name).getJobCounts(...JOB_STATES);
      for (const [state, n] of Object.entries(counts)) metrics.queueDepth.set({ queue: d.name, state }, n);
    }));
    metrics.workersAlive.set((await workers.alive()).length);
    for (const p of host.plugins) metrics.pluginStatus.set({ plugin: p.name }, p.status === 'active' ? 1 : 0);
    reply.type(metrics.registry.contentType);
    return metrics.registry.metrics();
  });
}

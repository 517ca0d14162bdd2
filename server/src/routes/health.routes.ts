import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { pingStore } from '../db/connection.ts';
import { pingRedis } from '../redis/connection.ts';

const Check = Type.Object({ status: Type.Union([Type.Literal('ok'), Type.Literal('down')]), latencyMs: Type.Optional(Type.Number()), error: Type.Optional(Type.String()) });
const Worker = Type.Object({
  id: Type.String(), host: Type.String(), pid: Type.Integer(), capabilities: Type.Array(Type.String()), queues: Type.Array(Type.String()),
  tfBackend: Type.Union([Type.String(), Type.Null()]), startedAt: Type.String(), lastSeen: Type.String(),
});
const Health = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  checks: Type.Object({
    store: Check,
    redis: Check,
    workers: Type.Object({ status: Type.Union([Type.Literal('ok'), Type.Literal('down')]), count: Type.Integer(), workers: Type.Array(Worker) }),
  }),
  plugins: Type.Array(Type.Object({ name: Type.String(), status: Type.String(), error: Type.Optional(Type.String()) })),
});

async function timed(fn: () => Promise<number>, timeoutMs = 2000) {
  try {
    const latencyMs = await Promise.race([fn(), new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`no answer in ${timeoutMs} ms`)), timeoutMs).unref())]);
    return { status: 'ok' as const, latencyMs: Math.round(latencyMs * 100) / 100 };
  } catch (err) {
    return { status: 'down' as const, error: (err as Error).message };
  }
}

/** GET /health: store, Redis and worker liveness; 503 when any is down. */
export async function healthRoutes(app: FastifyInstance): Promise<void> {
  app.get('/health', {
    config: { public: true, rateLimit: false },
    schema: { tags: ['platform'], summary: 'Liveness of store, Redis and workers', response: { 200: Health, 503: Health } },
  }, async (_request, reply) => {
    const { connection, redis, workers, host } = app.lockstep;
    const [store, red] = await Promise.all([timed(() => pingStore(connection)), timed(() => pingRedis(redis))]);
    const alive = red.status === 'ok' ? await workers.alive().catch(() => []) : [];
    const body = {
      status: 'ok' as 'ok' | 'degraded',
      checks: { store, redis: red, workers: { status: alive.length ? 'ok' as const : 'down' as const, count: alive.length, workers: alive } },
      plugins: host.plugins.map((p) => ({ name: p.name, status: p.status, ...(p.error ? { error: p.error } : {}) })),
    };
    if (store.status === 'down' || red.status === 'down' || !alive.length) body.status = 'degraded';
    return reply.status(body.status === 'ok' ? 200 : 503).send(body);
  });
}

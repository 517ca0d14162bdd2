import { Redis, type RedisOptions } from 'ioredis';

/**
 * A Redis connection. BullMQ needs `maxRetriesPerRequest: null` on the connections it blocks on; plain
 * commands (rate limits, heartbeats) get bounded retries so a dead Redis fails fast instead of hanging.
 */
export function createRedis(url: string, opts: { forBullmq?: boolean; name?: string } = {}): Redis {
  const options: RedisOptions = {
    connectionName: opts.name,
    maxRetriesPerRequest: opts.forBullmq ? null : 2,
    enableReadyCheck: true,
    lazyConnect: false,
  };
  return new Redis(url, options);
}

export async function pingRedis(redis: Redis): Promise<number> {
  const started = performance.now();
  await redis.ping();
  return performance.now() - started;
}

import type { Redis } from 'ioredis';

export interface WorkerInfo {
  id: string;
  host: string;
  pid: number;
  capabilities: string[];
  queues: string[];
  tfBackend: string | null;
  startedAt: string;
  lastSeen: string;
}

/**
 * Worker liveness: each worker process writes its info and a heartbeat score every few seconds; the API reads
 * the ones seen within the TTL. Stored as a sorted set (score = last heartbeat ms) plus a hash of infos.
 */
export class WorkerRegistry {
  constructor(private readonly redis: Redis, private readonly prefix: string, private readonly ttlSeconds: number) {}

  get #zkey() { return `${this.prefix}:workers:seen`; }
  get #hkey() { return `${this.prefix}:workers:info`; }

  async heartbeat(info: Omit<WorkerInfo, 'lastSeen'>): Promise<void> {
    const now = Date.now();
    await this.redis.multi()
      .zadd(this.#zkey, now, info.id)
      .hset(this.#hkey, info.id, JSON.stringify({ ...info, lastSeen: new Date(now).toISOString() }))
      .exec();
  }

  async remove(id: string): Promise<void> {
    await this.redis.multi().zrem(this.#zkey, id).hdel(this.#hkey, id).exec();
  }

  async alive(): Promise<WorkerInfo[]> {
    const cutoff = Date.now() - this.ttlSeconds * 1000;
    const stale = await this.redis.zrangebyscore(this.#zkey, 0, cutoff);
    if (stale.length) await this.redis.multi().zrem(this.#zkey, ...stale).hdel(this.#hkey, ...stale).exec();
    const ids = await this.redis.zrangebyscore(this.#zkey, cutoff, '+inf');
    if (!ids.length) return [];
    const infos = await this.redis.hmget(this.#hkey, ...ids);
    return infos.filter((x): x is string => !!x).map((x) => JSON.parse(x) as WorkerInfo);
  }
}

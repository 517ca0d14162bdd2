import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';

const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

export class LockTimeoutError extends Error {
  constructor(readonly key: string, readonly waitedMs: number) {
    super(`lock "${key}" not acquired within ${waitedMs} ms`);
    this.name = 'LockTimeoutError';
  }
}

/**
 * A short Redis mutex (SET NX PX + token-checked release), shared by every API and worker instance. For
 * read-check-write sequences that span several documents, which FerretDB cannot make atomic with a transaction;
 * the TTL frees the lock if its holder dies. Keep critical sections well under `ttlMs`.
 */
export class RedisLocks {
  constructor(private readonly redis: Redis, private readonly prefix: string) {}

  async with<T>(key: string, fn: () => Promise<T>, opts: { ttlMs?: number; waitMs?: number } = {}): Promise<T> {
    const ttl = opts.ttlMs ?? 10_000;
    const wait = opts.waitMs ?? 15_000;
    const full = `${this.prefix}:lock:${key}`;
    const token = randomUUID();
    const started = Date.now();
    let delay = 2;
    while ((await this.redis.set(full, token, 'PX', ttl, 'NX')) !== 'OK') {
      if (Date.now() - started > wait) throw new LockTimeoutError(key, Date.now() - started);
      await new Promise((r) => setTimeout(r, delay + Math.random() * delay));
      delay = Math.min(delay * 2, 50);
    }
    try {
      return await fn();
    } finally {
      await this.redis.eval(RELEASE, 1, full, token).catch(() => undefined);
    }
  }
}

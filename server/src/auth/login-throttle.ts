import type { Redis } from 'ioredis';
import { hashToken } from './tokens.ts';

/**
 * Per-account backoff after repeated failed logins, in Redis so every API instance agrees. After `maxFailures`
 * failures the account is locked for `baseSeconds`, doubling with each further failure (capped at 1 h).
 * Counters expire 1 h after the last failure; a successful login clears them.
 */
export class LoginThrottle {
  constructor(private readonly redis: Redis, private readonly prefix: string, private readonly maxFailures: number, private readonly baseSeconds: number) {}

  #key(email: string) {
    return `${this.prefix}:login:${hashToken(email.toLowerCase())}`;
  }

  /** Seconds until another attempt is allowed, or 0. */
  async retryAfter(email: string): Promise<number> {
    const ttl = await this.redis.pttl(`${this.#key(email)}:lock`);
    return ttl > 0 ? Math.ceil(ttl / 1000) : 0;
  }

  async fail(email: string): Promise<number> {
    const key = this.#key(email);
    const failures = await this.redis.multi().incr(key).expire(key, 3600).exec().then((r) => Number(r?.[0]?.[1] ?? 0));
    if (failures >= this.maxFailures) {
      const seconds = Math.min(3600, this.baseSeconds * 2 ** (failures - this.maxFailures));
      await this.redis.set(`${key}:lock`, '1', 'EX', seconds);
      return seconds;
    }
    return 0;
  }

  async succeed(email: string): Promise<void> {
    const key = this.#key(email);
    await this.redis.del(key, `${key}:lock`);
  }
}

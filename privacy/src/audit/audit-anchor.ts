import type { Redis } from 'ioredis';

/** The newest (seq, hash) of each chain, kept outside the store so a truncated tail is noticed. */
export interface AuditAnchor {
  head(chain: string): Promise<{ seq: number; hash: string } | null>;
  /** Moves the head forward; an older seq arriving late (another instance) never moves it back. */
  advance(chain: string, seq: number, hash: string): Promise<void>;
}

// Compare-and-set in one script: concurrent instances may finish their appends out of order.
const ADVANCE = `local cur = redis.call('HGET', KEYS[1], 'seq')
if (not cur) or tonumber(cur) < tonumber(ARGV[1]) then
  redis.call('HSET', KEYS[1], 'seq', ARGV[1], 'hash', ARGV[2])
  return 1
end
return 0`;

export class RedisAuditAnchor implements AuditAnchor {
  constructor(private readonly redis: Redis, private readonly prefix: string) {}

  private key(chain: string): string {
    return `${this.prefix}:audit:head:${chain}`;
  }

  async head(chain: string): Promise<{ seq: number; hash: string } | null> {
    const h = await this.redis.hgetall(this.key(chain));
    return h.seq && h.hash ? { seq: Number(h.seq), hash: h.hash } : null;
  }

  async advance(chain: string, seq: number, hash: string): Promise<void> {
    await this.redis.eval(ADVANCE, 1, this.key(chain), String(seq), hash);
  }
}

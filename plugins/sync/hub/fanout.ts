import type { Redis } from 'ioredis';

export type FanoutHandler = (message: string) => void;

/**
 * Redis pub/sub between API instances, one channel per person (`<prefix>:sync:<tenant>:<personKey>`). An instance
 * subscribes to a person's channel only while it holds one of that person's devices (reference counted), so it
 * receives just the commits it has to deliver.
 */
export class Fanout {
  readonly #handlers = new Map<string, FanoutHandler>();
  readonly #refs = new Map<string, number>();

  constructor(private readonly pub: Redis, private readonly sub: Redis, private readonly prefix: string, onError: (err: unknown) => void) {
    sub.on('message', (channel: string, message: string) => {
      const h = this.#handlers.get(channel);
      if (!h) return;
      try { h(message); } catch (err) { onError(err); }
    });
  }

  channel(tenantId: string, personKey: string): string {
    return `${this.prefix}:sync:${tenantId}:${personKey}`;
  }

  async join(channel: string, handler: FanoutHandler): Promise<void> {
    const n = (this.#refs.get(channel) ?? 0) + 1;
    this.#refs.set(channel, n);
    this.#handlers.set(channel, handler);
    if (n === 1) await this.sub.subscribe(channel);
  }

  async leave(channel: string): Promise<void> {
    const n = (this.#refs.get(channel) ?? 0) - 1;
    if (n > 0) { this.#refs.set(channel, n); return; }
    this.#refs.delete(channel);
    this.#handlers.delete(channel);
    await this.sub.unsubscribe(channel).catch(() => undefined);
  }

  publish(channel: string, message: string): Promise<number> {
    return this.pub.publish(channel, message);
  }

  get channels(): number {
    return this.#refs.size;
  }

  async close(): Promise<void> {
    const all = [...this.#refs.keys()];
    this.#refs.clear();
    this.#handlers.clear();
    if (all.length) await this.sub.unsubscribe(...all).catch(() => undefined);
  }
}

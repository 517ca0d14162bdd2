import type { PluginContext } from '../../../server/src/core/plugin-contract.ts';
import { LOCK_OPTS } from '../constants.ts';

/**
 * Several `ctx.withLock` mutexes held at once and released together. Each lock is held by a withLock callback
 * that waits on a gate until `releaseAll()`; `acquire` resolves once the lock is taken (or rejects with the
 * lock's timeout error). Only the holder of the tenant's merge lock takes more than one person lock, so two
 * lock sets never wait on each other.
 */
export class LockSet {
  readonly #held = new Map<string, { release: () => void; done: Promise<unknown> }>();

  constructor(private readonly ctx: PluginContext) {}

  has(key: string): boolean {
    return this.#held.has(key);
  }

  async acquire(...keys: string[]): Promise<void> {
    for (const key of [...new Set(keys)].sort()) {
      if (this.#held.has(key)) continue;
      let release!: () => void;
      const gate = new Promise<void>((r) => { release = r; });
      await new Promise<void>((acquired, failed) => {
        const done = this.ctx.withLock(key, async () => { acquired(); await gate; }, LOCK_OPTS);
        done.catch(failed);
        this.#held.set(key, { release, done: done.catch(() => undefined) });
      }).catch((err) => {
        this.#held.delete(key);
        throw err;
      });
    }
  }

  async releaseAll(): Promise<void> {
    const held = [...this.#held.values()];
    this.#held.clear();
    for (const h of held) h.release();
    await Promise.all(held.map((h) => h.done));
  }
}

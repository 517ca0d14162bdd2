/**
 * Runs tasks one after another per key (e.g. one person's commits inside this process), so a process never races
 * itself for a seq; different keys run concurrently. Entries are dropped when their chain drains.
 */
export class KeyedQueue {
  readonly #tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const prev = this.#tails.get(key) ?? Promise.resolve();
    const next = prev.then(task, task);
    const tail = next.catch(() => undefined);
    this.#tails.set(key, tail);
    void tail.then(() => { if (this.#tails.get(key) === tail) this.#tails.delete(key); });
    return next;
  }

  get size(): number {
    return this.#tails.size;
  }
}

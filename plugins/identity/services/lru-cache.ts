/** A small LRU map with a per-entry time to live (Map keeps insertion order: the first key is the oldest). */
export class LruCache<V> {
  readonly #map = new Map<string, { value: V; expires: number }>();
  hits = 0;
  misses = 0;

  constructor(readonly max: number, readonly ttlMs: number, private readonly now: () => number = Date.now) {}

  get(key: string): V | undefined {
    const hit = this.#map.get(key);
    if (!hit || hit.expires <= this.now()) {
      if (hit) this.#map.delete(key);
      this.misses++;
      return undefined;
    }
    this.#map.delete(key);
    this.#map.set(key, hit);
    this.hits++;
    return hit.value;
  }

  set(key: string, value: V): void {
    this.#map.delete(key);
    this.#map.set(key, { value, expires: this.now() + this.ttlMs });
    while (this.#map.size > this.max) this.#map.delete(this.#map.keys().next().value as string);
  }

  delete(key: string): void {
    this.#map.delete(key);
  }

  clear(): void {
    this.#map.clear();
  }

  get size(): number {
    return this.#map.size;
  }
}

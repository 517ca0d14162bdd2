/**
 * Unwrapped keys in process memory for `ttlMs`, at most `maxEntries` (oldest evicted first). Bounds how long a
 * key shredded by another process stays usable here; the process that shreds evicts it at once.
 */
export class KeyCache<V = Buffer> {
  private readonly entries = new Map<string, { key: V; expires: number }>();
  constructor(private readonly ttlMs: number, private readonly maxEntries: number, private readonly now: () => number = Date.now) {}

  get(id: string): V | undefined {
    const e = this.entries.get(id);
    if (!e) return undefined;
    if (e.expires <= this.now()) {
      this.entries.delete(id);
      return undefined;
    }
    return e.key;
  }

  set(id: string, key: V): void {
    if (this.ttlMs <= 0) return;
    this.entries.delete(id);
    this.entries.set(id, { key, expires: this.now() + this.ttlMs });
    while (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  delete(id: string): void {
    this.entries.delete(id);
  }

  clear(): void {
    this.entries.clear();
  }

  get size(): number {
    return this.entries.size;
  }
}

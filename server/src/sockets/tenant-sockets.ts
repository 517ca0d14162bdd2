/**
 * Live subscribers (sockets) grouped by tenant, for hubs that fan bus messages out to one tenant's connections
 * (the console's event stream, shoppers' consent sockets).
 */
export class TenantSockets<S extends { tenantId: string }> {
  readonly #byTenant = new Map<string, Set<S>>();

  add(sub: S): void {
    let set = this.#byTenant.get(sub.tenantId);
    if (!set) this.#byTenant.set(sub.tenantId, (set = new Set()));
    set.add(sub);
  }

  remove(sub: S): void {
    const set = this.#byTenant.get(sub.tenantId);
    if (!set) return;
    set.delete(sub);
    if (!set.size) this.#byTenant.delete(sub.tenantId);
  }

  /** The tenant's subscribers (empty when none). */
  of(tenantId: string): ReadonlySet<S> {
    return this.#byTenant.get(tenantId) ?? EMPTY;
  }

  count(tenantId?: string): number {
    if (tenantId) return this.#byTenant.get(tenantId)?.size ?? 0;
    let n = 0;
    for (const set of this.#byTenant.values()) n += set.size;
    return n;
  }

  *all(): IterableIterator<S> {
    for (const set of this.#byTenant.values()) yield* set;
  }

  clear(): void {
    this.#byTenant.clear();
  }
}

const EMPTY: ReadonlySet<never> = new Set();

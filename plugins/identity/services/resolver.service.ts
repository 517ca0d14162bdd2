import type { Model } from 'mongoose';
import { RESOLVE_CACHE_SIZE, RESOLVE_CACHE_TTL_MS, UNKNOWN_CACHE_TTL_MS } from '../constants.ts';
import type { IdentifierRef } from '../types.ts';
import { LruCache } from './lru-cache.ts';
import { refKey } from './merge-rules.ts';

/**
 * identifier → personId, from an in-memory LRU cache or one lookup by the identifier's derived `_id`.
 * Identifiers always point at a live person (a merge tombstones the absorbed person and moves its identifiers in
 * the same locked section), so no second read is needed. Every instance drops the identifiers named by
 * `identity.merged`, `identity.split` and `identity.erased` (see services.ts); entries also expire after a TTL in
 * case a bus message is lost (the bus is at-most-once). Unknown identifiers are remembered briefly
 * (UNKNOWN_CACHE_TTL_MS) and forgotten as soon as the stitcher records them (`stitched`).
 */
export class Resolver {
  readonly cache: LruCache<string>;
  readonly unknown: LruCache<true>;

  constructor(private readonly identifiers: Model<any>, private readonly idOf: (tenantId: string, ref: IdentifierRef) => string, opts: { max?: number; ttlMs?: number; unknownTtlMs?: number } = {}) {
    this.cache = new LruCache<string>(opts.max ?? RESOLVE_CACHE_SIZE, opts.ttlMs ?? RESOLVE_CACHE_TTL_MS);
    this.unknown = new LruCache<true>(opts.max ?? RESOLVE_CACHE_SIZE, opts.unknownTtlMs ?? UNKNOWN_CACHE_TTL_MS);
  }

  async resolve(tenantId: string, ref: IdentifierRef): Promise<string | null> {
    const key = `${tenantId}\0${refKey(ref)}`;
    const hit = this.cache.get(key);
    if (hit) return hit;
    if (this.unknown.get(key)) return null;
    // `{_id}` only: the one filter FerretDB v1 pushes down to its store (the id embeds the tenant; checked below).
    const doc = await this.identifiers.findOne({ _id: this.idOf(tenantId, ref) }).setOptions({ crossTenant: true }).select('personId tenantId').lean<{ personId: string; tenantId: string }>();
    if (!doc || doc.tenantId !== tenantId) { this.unknown.set(key, true); return null; }
    this.cache.set(key, doc.personId);
    return doc.personId;
  }

  /**
   * Many identifiers at once (ingestion's consent check): cache hits first, then one query for the rest instead of
   * one lookup each.
   */
  async resolveMany(tenantId: string, refs: IdentifierRef[]): Promise<(string | null)[]> {
    const keys = refs.map((ref) => `${tenantId}\0${refKey(ref)}`);
    const out: (string | null)[] = keys.map((k) => this.cache.get(k) ?? null);
    const todo = new Map<string, number[]>();
    keys.forEach((k, i) => {
      if (out[i] || this.unknown.get(k)) return;
      const id = this.idOf(tenantId, refs[i]!);
      (todo.get(id) ?? todo.set(id, []).get(id)!).push(i);
    });
    if (!todo.size) return out;
    const docs = await this.identifiers.find({ _id: { $in: [...todo.keys()] } }).setOptions({ crossTenant: true }).select('personId tenantId').lean<{ _id: string; personId: string; tenantId: string }[]>();
    const found = new Map(docs.filter((d) => d.tenantId === tenantId).map((d) => [d._id, d.personId]));
    for (const [id, idx] of todo) {
      const personId = found.get(id) ?? null;
      for (const i of idx) {
        out[i] = personId;
        if (personId) this.cache.set(keys[i]!, personId);
        else this.unknown.set(keys[i]!, true);
      }
    }
    return out;
  }

  /** Drops `kind:value` keys of a tenant (after merges, splits and erasures). */
  invalidate(tenantId: string, keys: string[]): void {
    for (const k of keys) { this.cache.delete(`${tenantId}\0${k}`); this.unknown.delete(`${tenantId}\0${k}`); }
  }
}

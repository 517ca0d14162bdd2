import { createHmac } from 'node:crypto';
import type { Model } from 'mongoose';
import type { KeyManager } from '../encryption/key-manager.ts';

/** Pseudonyms are `psn_` + 22 base64url chars (128 bits of HMAC-SHA256). */
export const PSEUDONYM_PATTERN = /^psn_[A-Za-z0-9_-]{22}$/;

/**
 * Per-tenant keyed pseudonyms (HMAC-SHA256 under the tenant's index key, domain-separated) for person ids in
 * analytics, training sets and exports: stable within a tenant and domain, unlinkable across tenants, not
 * reversible without the key. The mapping is kept (value sealed) so allowed roles can re-identify, audited.
 */
export class Pseudonymizer {
  readonly #known = new Set<string>();

  constructor(private readonly keys: KeyManager, private readonly store: Model<any>) {}

  /** The pseudonym without recording the mapping. */
  async idOf(tenantId: string, value: string, domain = 'person'): Promise<string> {
    const { key } = await this.keys.indexKey(tenantId);
    const mac = createHmac('sha256', key).update(`pseudonym\u0000${domain}\u0000`).update(value, 'utf8').digest();
    return `psn_${mac.subarray(0, 16).toString('base64url')}`;
  }

  async pseudonym(tenantId: string, value: string, domain = 'person'): Promise<string> {
    const id = await this.idOf(tenantId, value, domain);
    const memo = `${tenantId}\u0000${id}`;
    if (!this.#known.has(memo)) {
      await this.store.create({ _id: id, tenantId, value, domain }).catch((err: { code?: number }) => { if (err?.code !== 11000) throw err; });
      if (this.#known.size > 100_000) this.#known.clear();
      this.#known.add(memo);
    }
    return id;
  }

  async pseudonymMany(tenantId: string, values: string[], domain = 'person'): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const v of new Set(values)) out.set(v, await this.pseudonym(tenantId, v, domain));
    return out;
  }

  /** The value behind a pseudonym, or null (unknown, or erased). Callers check rights and audit. */
  async lookup(tenantId: string, pseudonym: string): Promise<{ value: string; domain: string } | null> {
    if (!PSEUDONYM_PATTERN.test(pseudonym)) return null;
    const doc = await this.store.findOne({ tenantId, _id: pseudonym }).lean<{ value: string; domain: string } | null>();
    return doc ? { value: doc.value, domain: doc.domain } : null;
  }

  /** Erasure: forget every pseudonym of these values (their mapping is personal data). */
  async forget(tenantId: string, values: string[], domain = 'person'): Promise<number> {
    let n = 0;
    for (const v of values) {
      const id = await this.idOf(tenantId, v, domain);
      n += (await this.store.deleteOne({ tenantId, _id: id })).deletedCount ?? 0;
      this.#known.delete(`${tenantId}\u0000${id}`);
    }
    return n;
  }
}

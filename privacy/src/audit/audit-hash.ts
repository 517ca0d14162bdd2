import { createHash } from 'node:crypto';
import type { AuditEntry } from './audit-types.ts';

/** prevHash of a chain's first entry (seq 1). */
export const GENESIS_HASH = '0'.repeat(64);

/** Version of the hashed layout; bump it (and keep the old branch) if the hashed fields ever change. */
export const HASH_VERSION = 1;

/** What the hash covers: the entry without its id and hash, with the chain name in place of the tenant id. */
export type HashedFields = Omit<AuditEntry, 'id' | 'hash' | 'tenantId'> & { chain: string };

/**
 * Canonical JSON: objects with their keys sorted by UTF-16 code unit (`Array.prototype.sort`), keys whose value is
 * `undefined` left out, no whitespace, arrays in order, strings/numbers/booleans/null as `JSON.stringify` writes
 * them. Non-finite numbers are refused (JSON has none).
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) throw new TypeError('canonicalJson: non-finite number');
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') throw new TypeError(`canonicalJson: cannot encode ${typeof value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

/** The exact string that is hashed for an entry (also useful to re-check an entry by hand). */
export function hashInput(f: HashedFields): string {
  return canonicalJson({
    v: HASH_VERSION,
    chain: f.chain,
    seq: f.seq,
    at: f.at.toISOString(),
    actor: { kind: f.actor.kind, id: f.actor.id },
    action: f.action,
    target: { type: f.target.type, id: f.target.id },
    details: f.details ?? {},
    prevHash: f.prevHash,
  });
}

/** hash = hex SHA-256 of the canonical JSON of the entry's fields and the previous entry's hash. */
export function entryHash(f: HashedFields): string {
  return createHash('sha256').update(hashInput(f), 'utf8').digest('hex');
}

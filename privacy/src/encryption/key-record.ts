/**
 * Key records as the store keeps them: plain objects, never holding an unwrapped key.
 *
 * - `tenant-data`: encrypts tenant-level fields and wraps person keys; wrapped by a master key (`wrappedBy` =
 *   master key id). Versioned: the highest active version is current.
 * - `tenant-index`: HMAC key of the tenant's blind indexes; wrapped by a master key. Never rotated implicitly
 *   (rotating it means rebuilding every blind index).
 * - `person`: one per tenant + person; encrypts that person's fields; wrapped by a tenant data key (`wrappedBy` =
 *   its record id). Destroying it (crypto-shredding) leaves a tombstone record without key material.
 */
export type KeyKind = 'tenant-data' | 'tenant-index' | 'person';
export type KeyStatus = 'active' | 'retired' | 'shredded';

export interface KeyRecord {
  /** `tdk_…`, `tik_…` or `pk_…`; the id field envelopes carry. */
  id: string;
  tenantId: string;
  kind: KeyKind;
  /** Unique per tenant + kind: `v<version>` for tenant keys, the person id for live person keys. */
  ref: string;
  version: number;
  status: KeyStatus;
  /** Master key id (tenant keys) or tenant data key id (person keys). */
  wrappedBy: string;
  /** base64 wrapped key; null once shredded. */
  wrapped: string | null;
  createdAt: Date;
  shreddedAt?: Date | null;
}

export const KEY_ID_PREFIX: Record<KeyKind, string> = { 'tenant-data': 'tdk_', 'tenant-index': 'tik_', person: 'pk_' };

/** Persistence of key records. `insert` returns null on a unique (tenantId, kind, ref) conflict. */
export interface KeyStore {
  get(tenantId: string, id: string): Promise<KeyRecord | null>;
  /** The active record with this ref (person id, `v<n>`), or null. */
  findByRef(tenantId: string, kind: KeyKind, ref: string): Promise<KeyRecord | null>;
  /** The active tenant key of the highest version. */
  latest(tenantId: string, kind: 'tenant-data' | 'tenant-index'): Promise<KeyRecord | null>;
  insert(record: KeyRecord): Promise<KeyRecord | null>;
  /**
   * Inserts many new records with their ref pointers in bulk (one write per collection); returns the ids of the
   * records that won (a ref another process created meanwhile is left out: read it back). Optional.
   */
  insertMany?(records: KeyRecord[]): Promise<Set<string>>;
  /** Active records of many refs of one kind at once (batch sealing); optional, `findByRef` per ref otherwise. */
  findManyByRef?(tenantId: string, kind: KeyKind, refs: string[]): Promise<Map<string, KeyRecord>>;
  /** Compare-and-set of the wrapping: succeeds only when the record is still wrapped by `expectedWrappedBy`. */
  rewrap(tenantId: string, id: string, expectedWrappedBy: string, next: { wrappedBy: string; wrapped: string }): Promise<boolean>;
  setStatus(tenantId: string, id: string, status: 'retired'): Promise<boolean>;
  /** Destroys the key material and frees the ref (a returning person gets a new key). */
  shred(tenantId: string, id: string, at: Date): Promise<boolean>;
  /** Tenant keys (every tenant, not shredded) whose master key is not `masterKeyId`, by ascending id after `afterId`. */
  listTenantKeysNotWrappedBy(masterKeyId: string, afterId: string | null, limit: number): Promise<KeyRecord[]>;
  /** Person records of a tenant wrapped by `wrappedBy`, by ascending id after `afterId`. */
  listWrappedBy(tenantId: string, wrappedBy: string, afterId: string | null, limit: number): Promise<KeyRecord[]>;
}

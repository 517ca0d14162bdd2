import { randomBytes } from 'node:crypto';
import { KEY_BYTES, unwrapKey, wrapKey } from './aes-gcm.ts';
import { DecryptionFailedError, encryptionError, KeyShreddedError } from './encryption.errors.ts';
import { KeyCache } from './key-cache.ts';
import type { KeyProvider } from './key-provider.ts';
import { KEY_ID_PREFIX, type KeyKind, type KeyRecord, type KeyStore } from './key-record.ts';

export interface KeyManagerOptions {
  /** How long unwrapped keys stay in memory; bounds how long another process may still use a shredded key. @defaultValue 60_000 */
  cacheTtlMs?: number;
  /** @defaultValue 10_000 */
  cacheMaxEntries?: number;
  now?: () => number;
}

export interface DataKey {
  id: string;
  key: Buffer;
}

/** Cache entries are per tenant: a key id presented under another tenant must go to the (tenant-scoped) store. */
const cacheKey = (tenantId: string, id: string) => `${tenantId}\u0000${id}`;
const newKeyId = (kind: KeyKind) => `${KEY_ID_PREFIX[kind]}${randomBytes(12).toString('hex')}`;

/** AAD binding a wrapped tenant key to its record (a wrapped blob copied onto another record does not unwrap). */
export const tenantWrapContext = (r: Pick<KeyRecord, 'tenantId' | 'kind' | 'id'>) => `tenant:${r.tenantId}:${r.kind}:${r.id}`;
const personWrapAad = (r: Pick<KeyRecord, 'tenantId' | 'id' | 'wrappedBy'>) => Buffer.from(`lockstep-wrap:v1:person:${r.tenantId}:${r.id}:${r.wrappedBy}`, 'utf8');

/**
 * The key hierarchy: master key (KeyProvider) → tenant data key and tenant index key → person key. Creates keys on
 * first use, unwraps through the chain, caches unwrapped keys with a TTL, and destroys person keys
 * (crypto-shredding).
 */
export class KeyManager {
  private readonly keys: KeyCache<Buffer>;
  private readonly personRefs: KeyCache<string>;
  /** Current tenant key id per tenant + kind: a rotation elsewhere is picked up within the cache TTL (older keys stay valid). */
  private readonly currentRefs: KeyCache<string>;
  private readonly now: () => number;

  constructor(readonly store: KeyStore, readonly provider: KeyProvider, options: KeyManagerOptions = {}) {
    this.now = options.now ?? Date.now;
    const ttl = options.cacheTtlMs ?? 60_000;
    const max = options.cacheMaxEntries ?? 10_000;
    this.keys = new KeyCache<Buffer>(ttl, max, this.now);
    this.personRefs = new KeyCache<string>(ttl, max, this.now);
    this.currentRefs = new KeyCache<string>(ttl, max, this.now);
  }

  /** The key new values of this person (or, with no person, of the tenant) are sealed with; created on first use. */
  async encryptionKey(tenantId: string, personId: string | null | undefined): Promise<DataKey> {
    if (personId === null || personId === undefined || personId === '') return this.currentTenantKey(tenantId, 'tenant-data');
    return this.personKey(tenantId, String(personId));
  }

  /** The tenant's blind-index (HMAC) key; created on first use. */
  async indexKey(tenantId: string): Promise<DataKey> {
    return this.currentTenantKey(tenantId, 'tenant-index');
  }

  /** The key with this id; KeyShreddedError when destroyed, PRIVACY_ERR_ENC_KEY_NOT_FOUND when unknown to this tenant. */
  async keyById(tenantId: string, id: string): Promise<Buffer> {
    const cached = this.keys.get(cacheKey(tenantId, id));
    if (cached) return cached;
    const record = await this.store.get(tenantId, id);
    if (!record) throw encryptionError('PRIVACY_ERR_ENC_KEY_NOT_FOUND', [id, tenantId]);
    return this.unwrapRecord(record);
  }

  async currentTenantKey(tenantId: string, kind: 'tenant-data' | 'tenant-index'): Promise<DataKey> {
    const refKey = `${tenantId}\u0000${kind}`;
    const cachedId = this.currentRefs.get(refKey);
    if (cachedId) {
      const key = this.keys.get(cacheKey(tenantId, cachedId));
      if (key) return { id: cachedId, key };
    }
    let record = await this.store.latest(tenantId, kind);
    if (!record) {
      record = await this.createTenantKey(tenantId, kind, 1);
      if (!record) record = await this.store.latest(tenantId, kind); // lost a creation race: use the winner's
      if (!record) throw encryptionError('PRIVACY_ERR_ENC_KEY_NOT_FOUND', [`${kind} v1`, tenantId]);
    }
    const key = await this.unwrapRecord(record);
    this.currentRefs.set(refKey, record.id);
    return { id: record.id, key };
  }

  async personKey(tenantId: string, personId: string): Promise<DataKey> {
    const refKey = `${tenantId}\u0000${personId}`;
    const cachedId = this.personRefs.get(refKey);
    if (cachedId) {
      const key = this.keys.get(cacheKey(tenantId, cachedId));
      if (key) return { id: cachedId, key };
    }
    let record = await this.store.findByRef(tenantId, 'person', personId);
    if (!record) {
      const parent = await this.currentTenantKey(tenantId, 'tenant-data');
      const key = randomBytes(KEY_BYTES);
      const draft: KeyRecord = { id: newKeyId('person'), tenantId, kind: 'person', ref: personId, version: 1, status: 'active', wrappedBy: parent.id, wrapped: null, createdAt: new Date(this.now()) };
      draft.wrapped = wrapKey(parent.key, key, personWrapAad(draft)).toString('base64');
      record = await this.store.insert(draft);
      if (record) {
        this.keys.set(cacheKey(tenantId, record.id), key);
      } else {
        record = await this.store.findByRef(tenantId, 'person', personId);
        if (!record) throw encryptionError('PRIVACY_ERR_ENC_KEY_NOT_FOUND', [`person key of ${personId}`, tenantId]);
      }
    }
    this.personRefs.set(refKey, record.id);
    return { id: record.id, key: await this.unwrapRecord(record) };
  }

  /**
   * Loads (or creates) the person keys of many refs at once into the cache, so sealing a batch (ingestion) costs
   * one store query for the known ones instead of one per subject. New refs are created concurrently.
   */
  async prefetchPersonKeys(tenantId: string, refs: Iterable<string>): Promise<void> {
    const missing = [...new Set(refs)].filter((ref) => {
      const id = this.personRefs.get(`${tenantId}\u0000${ref}`);
      return !(id && this.keys.get(cacheKey(tenantId, id)));
    });
    if (!missing.length) return;
    const found = this.store.findManyByRef ? await this.store.findManyByRef(tenantId, 'person', missing) : new Map<string, KeyRecord>();
    const remember = async (ref: string, record: KeyRecord) => {
      await this.unwrapRecord(record);
      this.personRefs.set(`${tenantId}\u0000${ref}`, record.id);
    };
    await Promise.all([...found].map(([ref, record]) => remember(ref, record)));
    const fresh = missing.filter((ref) => !found.has(ref));
    if (!fresh.length) return;
    if (!this.store.insertMany) { await Promise.all(fresh.map((ref) => this.personKey(tenantId, ref))); return; }
    // New subjects: create their keys in one bulk write (the embedded store commits each write on its own).
    const parent = await this.currentTenantKey(tenantId, 'tenant-data');
    const drafts = fresh.map((ref) => {
      const key = randomBytes(KEY_BYTES);
      const draft: KeyRecord = { id: newKeyId('person'), tenantId, kind: 'person', ref, version: 1, status: 'active', wrappedBy: parent.id, wrapped: null, createdAt: new Date(this.now()) };
      draft.wrapped = wrapKey(parent.key, key, personWrapAad(draft)).toString('base64');
      return { draft, key };
    });
    const won = await this.store.insertMany(drafts.map((d) => d.draft));
    for (const { draft, key } of drafts) {
      if (!won.has(draft.id)) continue;
      this.keys.set(cacheKey(tenantId, draft.id), key);
      this.personRefs.set(`${tenantId}\u0000${draft.ref}`, draft.id);
    }
    // Refs another process created meanwhile: read theirs.
    await Promise.all(drafts.filter((d) => !won.has(d.draft.id)).map((d) => this.personKey(tenantId, d.draft.ref)));
  }

  /**
   * Crypto-shredding: destroys the person's key so every copy of their encrypted data (store, backups, job
   * payloads sealed with it) becomes unreadable. Returns the destroyed key id, or null when the person had none.
   */
  async shredPerson(tenantId: string, personId: string): Promise<string | null> {
    const record = await this.store.findByRef(tenantId, 'person', personId);
    this.personRefs.delete(`${tenantId}\u0000${personId}`);
    if (!record) return null;
    await this.store.shred(tenantId, record.id, new Date(this.now()));
    this.keys.delete(cacheKey(tenantId, record.id));
    return record.id;
  }

  /** Drops every unwrapped key from memory (tests, key-rotation jobs, shutdown). */
  forgetCachedKeys(): void {
    this.keys.clear();
    this.personRefs.clear();
    this.currentRefs.clear();
  }

  /** Forgets which tenant key is current (after a rotation): the next seal reads the store again. */
  forgetCurrent(tenantId: string): void {
    this.currentRefs.delete(`${tenantId}\u0000tenant-data`);
    this.currentRefs.delete(`${tenantId}\u0000tenant-index`);
  }

  /** Evicts one key from the cache (after a rewrap or shred done elsewhere). */
  evict(tenantId: string, id: string): void {
    this.keys.delete(cacheKey(tenantId, id));
  }

  async createTenantKey(tenantId: string, kind: 'tenant-data' | 'tenant-index', version: number): Promise<KeyRecord | null> {
    const key = randomBytes(KEY_BYTES);
    const id = newKeyId(kind);
    const wrapped = await this.provider.wrap(key, tenantWrapContext({ tenantId, kind, id }));
    const record = await this.store.insert({ id, tenantId, kind, ref: `v${version}`, version, status: 'active', wrappedBy: wrapped.masterKeyId, wrapped: wrapped.wrapped.toString('base64'), createdAt: new Date(this.now()) });
    if (record) this.keys.set(cacheKey(tenantId, record.id), key);
    return record;
  }

  /** Unwraps a record through its chain; person keys unwrap their tenant data key first. */
  async unwrapRecord(record: KeyRecord): Promise<Buffer> {
    const cached = this.keys.get(cacheKey(record.tenantId, record.id));
    if (cached) return cached;
    if (record.status === 'shredded' || record.wrapped === null) throw new KeyShreddedError(record.id);
    const wrapped = Buffer.from(record.wrapped, 'base64');
    let key: Buffer;
    if (record.kind === 'person') {
      const parent = await this.keyById(record.tenantId, record.wrappedBy);
      const k = unwrapKey(parent, wrapped, personWrapAad(record));
      if (!k) throw new DecryptionFailedError(`person key ${record.id}`);
      key = k;
    } else {
      key = await this.provider.unwrap({ masterKeyId: record.wrappedBy, wrapped }, tenantWrapContext(record));
    }
    this.keys.set(cacheKey(record.tenantId, record.id), key);
    return key;
  }

  /** Wraps a person key under a (new) tenant data key; used by rotation. */
  wrapPersonKey(record: Pick<KeyRecord, 'tenantId' | 'id'>, key: Buffer, parent: DataKey): string {
    return wrapKey(parent.key, key, personWrapAad({ ...record, wrappedBy: parent.id })).toString('base64');
  }
}

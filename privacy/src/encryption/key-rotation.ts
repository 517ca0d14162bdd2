import type { Model } from 'mongoose';
import { encryptionError, KeyShreddedError } from './encryption.errors.ts';
import { envelopeKeyId, isEnvelopeString } from './envelope.ts';
import { FieldCipher } from './field-cipher.ts';
import { encryptorOf } from './field-encryption.plugin.ts';
import { tenantWrapContext, type KeyManager } from './key-manager.ts';
import { getPath } from './object-path.ts';

/** One resumable step: pass `lastId` back as `after` until `done`. */
export interface BatchResult {
  scanned: number;
  changed: number;
  /** Skipped because the value belongs to a shredded person (left as is: it stays unreadable). */
  skipped: number;
  lastId: string | null;
  done: boolean;
}

export interface BatchOptions {
  after?: string | null;
  /** @defaultValue 200 */
  limit?: number;
}

/**
 * Master-key rotation (cheap): re-wraps tenant keys still wrapped by an older master key under the current one.
 * No field data is touched. Compare-and-set per record, so concurrent runs and rollbacks are safe.
 */
export async function rewrapTenantKeys(keys: KeyManager, options: BatchOptions = {}): Promise<BatchResult> {
  const limit = options.limit ?? 200;
  const current = await keys.provider.currentMasterKeyId();
  const records = await keys.store.listTenantKeysNotWrappedBy(current, options.after ?? null, limit);
  let changed = 0;
  for (const r of records) {
    const key = await keys.provider.unwrap({ masterKeyId: r.wrappedBy, wrapped: Buffer.from(r.wrapped ?? '', 'base64') }, tenantWrapContext(r));
    const next = await keys.provider.wrap(key, tenantWrapContext(r));
    if (await keys.store.rewrap(r.tenantId, r.id, r.wrappedBy, { wrappedBy: next.masterKeyId, wrapped: next.wrapped.toString('base64') })) changed++;
  }
  return { scanned: records.length, changed, skipped: 0, lastId: records.at(-1)?.id ?? options.after ?? null, done: records.length < limit };
}

/**
 * Tenant data key rotation: creates the next version and retires the previous one (kept for decrypting until
 * re-encryption has moved its values). Returns the new and the previous key id; then run `rewrapPersonKeys`
 * from the previous id, and `reencryptBatch` for tenant-level values.
 */
export async function rotateTenantDataKey(keys: KeyManager, tenantId: string): Promise<{ keyId: string; previousKeyId: string | null }> {
  const previous = await keys.store.latest(tenantId, 'tenant-data');
  const created = await keys.createTenantKey(tenantId, 'tenant-data', (previous?.version ?? 0) + 1);
  if (!created) throw encryptionError('PRIVACY_ERR_ENC_KEYRING', [`tenant ${tenantId}`, 'another rotation created the same key version; run it again']);
  if (previous) await keys.store.setStatus(tenantId, previous.id, 'retired');
  keys.forgetCurrent(tenantId);
  return { keyId: created.id, previousKeyId: previous?.id ?? null };
}

/** Moves person keys wrapped by `fromKeyId` under the tenant's current data key (cheap: no field data touched). */
export async function rewrapPersonKeys(keys: KeyManager, tenantId: string, fromKeyId: string, options: BatchOptions = {}): Promise<BatchResult> {
  const limit = options.limit ?? 200;
  const parent = await keys.currentTenantKey(tenantId, 'tenant-data');
  const records = await keys.store.listWrappedBy(tenantId, fromKeyId, options.after ?? null, limit);
  let changed = 0;
  for (const r of records) {
    if (r.kind !== 'person' || r.wrappedBy === parent.id) continue;
    const key = await keys.unwrapRecord(r);
    if (await keys.store.rewrap(tenantId, r.id, r.wrappedBy, { wrappedBy: parent.id, wrapped: keys.wrapPersonKey(r, key, parent) })) changed++;
  }
  return { scanned: records.length, changed, skipped: 0, lastId: records.at(-1)?.id ?? options.after ?? null, done: records.length < limit };
}

/**
 * Re-encrypts one batch of a tenant's documents (ascending `_id` after `after`) whose encrypted values are not
 * sealed with the key they would get today: values under a retired tenant key, under another person's key after
 * the document changed person, and plaintext left from before the field was encrypted. Each value is replaced
 * with compare-and-set on the old stored value, so a concurrent write wins and nothing is lost (no downtime).
 * Resumable: store `lastId` and pass it back as `after`.
 */
export async function reencryptBatch(model: Model<any>, tenantId: string, options: BatchOptions = {}): Promise<BatchResult> {
  const enc = encryptorOf(model.schema);
  if (!enc) throw encryptionError('PRIVACY_ERR_ENC_INVALID_OPTIONS', [`model ${model.modelName} has no fieldEncryption plugin`]);
  const limit = options.limit ?? 200;
  const filter: Record<string, unknown> = { tenantId };
  if (options.after) filter._id = { $gt: options.after };
  const docs = await model.collection.find(filter).sort({ _id: 1 }).limit(limit).toArray();
  let changed = 0;
  let skipped = 0;
  for (const doc of docs) {
    const personId = enc.personOf(doc);
    const target = await enc.keys.encryptionKey(tenantId, personId);
    const set: Record<string, unknown> = {};
    const expect: Record<string, unknown> = { _id: doc._id, tenantId };
    for (const f of enc.fields) {
      const stored = getPath(doc, f.path);
      if (stored === undefined || stored === null) continue;
      if (isEnvelopeString(stored) && envelopeKeyId(stored) === target.id) continue;
      let plain: unknown = stored;
      if (isEnvelopeString(stored)) {
        try {
          plain = await new FieldCipher(enc.keys).decrypt(stored, enc.ctx(tenantId, f.path));
        } catch (err) {
          if (err instanceof KeyShreddedError) { skipped++; continue; }
          throw err;
        }
      }
      const sealed = await enc.seal(tenantId, f, plain, personId);
      set[f.path] = sealed.value;
      if (f.bidxPath) set[f.bidxPath] = sealed.bidx;
      expect[f.path] = stored;
    }
    if (!Object.keys(set).length) continue;
    const res = await model.collection.updateOne(expect, { $set: set });
    if (res.modifiedCount === 1) changed++;
  }
  const lastId = docs.length ? String(docs.at(-1)!._id) : options.after ?? null;
  return { scanned: docs.length, changed, skipped, lastId, done: docs.length < limit };
}

import mongoose, { type Document, type Query, type Schema } from 'mongoose';
import { DocumentEncryptor } from './document-encryptor.ts';
import { encryptionError } from './encryption.errors.ts';
import { isEnvelopeString } from './envelope.ts';
import type { FieldEncryptionOptions } from './field-encryption.options.ts';
import { getPath } from './object-path.ts';

type Obj = Record<string, unknown>;
type AnyQuery = Query<unknown, unknown> & { op?: string };
type HydratedDoc = Document & { $__setValue(path: string, value: unknown): void; $locals: Obj };

/** Options that transform or validate the value as stored: they would see ciphertext, so encrypted paths refuse them. */
const REFUSED_PATH_OPTIONS = ['lowercase', 'uppercase', 'match', 'minLength', 'maxLength', 'minlength', 'maxlength', 'enum', 'set', 'validate', 'unique'];
const FILTER_OPS = ['find', 'findOne', 'countDocuments', 'findOneAndUpdate', 'findOneAndDelete', 'findOneAndReplace', 'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'replaceOne'] as const;
const UPDATE_OPS = new Set(['findOneAndUpdate', 'updateOne', 'updateMany']);
const SINGLE_DOC_UPDATES = new Set(['findOneAndUpdate', 'updateOne']);
const RESULT_OPS = ['find', 'findOne', 'findOneAndUpdate', 'findOneAndDelete', 'findOneAndReplace'] as const;
const ENCRYPTOR = Symbol.for('lockstep.fieldEncryption');

function tenantOfFilter(filter: Obj): string | null {
  if (typeof filter.tenantId === 'string') return filter.tenantId;
  for (const sub of (filter.$and as Obj[] | undefined) ?? []) { const t = tenantOfFilter(sub); if (t) return t; }
  return null;
}

/** `query.setOptions({ tenantId })`: the tenant of a query whose filter does not name it. */
function optionTenant(query: AnyQuery): string | null {
  const t = (query.getOptions() as { tenantId?: unknown }).tenantId;
  return typeof t === 'string' && t ? t : null;
}

/** The encryptor a schema was set up with (rotation jobs and tests read it from the model). */
export function encryptorOf(schema: Schema): DocumentEncryptor | undefined {
  return (schema as unknown as Record<symbol, DocumentEncryptor>)[ENCRYPTOR];
}

/**
 * Mongoose plugin: transparent AES-256-GCM encryption of declared fields.
 *
 * - writes: `save`/`create`, `insertMany`, and `$set`/`$setOnInsert`/top-level assignments of `updateOne`,
 *   `updateMany`, `findOneAndUpdate` seal the value (person key when `personIdPath` resolves, tenant key otherwise)
 *   and fill `<field>_bidx` for blind-indexed fields;
 * - reads: `find`, `findOne`, `findOneAnd*` results (documents and `lean()`) are decrypted; a value whose person
 *   key was shredded reads as the tombstone;
 * - queries: equality (`v`, `$eq`, `$in`, `$ne`, `$nin`) on blind-indexed fields is rewritten to `<field>_bidx`;
 *   other conditions on encrypted fields are refused (PRIVACY_ERR_ENC_UNSUPPORTED_QUERY), as are other update
 *   operators on them ($inc, $push, ...) and `distinct` of them.
 *
 * Not covered: `aggregate` (results stay ciphertext), `bulkWrite`, `replaceOne`/`findOneAndReplace` bodies.
 */
export function fieldEncryption(schema: Schema, options: FieldEncryptionOptions): void {
  const collection = options.collection ?? (schema.get('collection') as string | undefined);
  if (!collection) throw encryptionError('PRIVACY_ERR_ENC_INVALID_OPTIONS', ['the schema has no collection option; pass options.collection']);
  if (!Object.keys(options.fields ?? {}).length) throw encryptionError('PRIVACY_ERR_ENC_INVALID_OPTIONS', ['no fields to encrypt']);
  const enc = new DocumentEncryptor(options, collection);
  (schema as unknown as Record<symbol, DocumentEncryptor>)[ENCRYPTOR] = enc;

  for (const f of enc.fields) {
    const type = schema.path(f.path);
    if (!type) throw encryptionError('PRIVACY_ERR_ENC_INVALID_OPTIONS', [`${collection}: field "${f.path}" is not in the schema`]);
    if (type.instance !== 'String' && type.instance !== 'Mixed') throw encryptionError('PRIVACY_ERR_ENC_INVALID_OPTIONS', [`${collection}.${f.path}: only String or Mixed paths can be encrypted (it is ${type.instance})`]);
    const opts = type.options as Obj;
    const refused = REFUSED_PATH_OPTIONS.filter((o) => opts[o] !== undefined && opts[o] !== false);
    if (refused.length) throw encryptionError('PRIVACY_ERR_ENC_INVALID_OPTIONS', [`${collection}.${f.path}: ${refused.join(', ')} would apply to ciphertext; validate in the route schema (uniqueness: check the blind index before writing)`]);
    opts.encrypted = true;
    if (f.bidxPath) {
      schema.add({ [f.bidxPath]: { type: String, default: undefined, pii: 'identifier', blindIndexOf: f.path } });
      // Not unique: FerretDB has no partial/sparse indexes, so documents without a value would collide.
      schema.index({ tenantId: 1, [f.bidxPath]: 1 });
    }
  }
  if (options.personIdPath && !schema.path(options.personIdPath)) throw encryptionError('PRIVACY_ERR_ENC_INVALID_OPTIONS', [`${collection}: personIdPath "${options.personIdPath}" is not in the schema`]);

  // save / create: seal modified fields (all of them when the person changed), restore plaintext after.
  schema.pre('save', async function (this: HydratedDoc) {
    const tenantId = this.get('tenantId') as string;
    const personId = personOfDoc(this);
    const personChanged = !!enc.personIdPath && this.isModified(enc.personIdPath);
    const plain: Obj = {};
    for (const f of enc.fields) {
      if (!this.isNew && !personChanged && !this.isModified(f.path)) continue;
      const value = this.get(f.path, null, { getters: false });
      if (isEnvelopeString(value)) continue;
      const sealed = await enc.seal(tenantId, f, value, personId);
      plain[f.path] = value;
      this.$__setValue(f.path, sealed.value);
      this.markModified(f.path);
      if (f.bidxPath) { this.$__setValue(f.bidxPath, sealed.bidx); this.markModified(f.bidxPath); }
    }
    this.$locals.lockstepPlain = plain;
  });
  schema.post('save', function (this: HydratedDoc) {
    const plain = (this.$locals.lockstepPlain ?? {}) as Obj;
    for (const [path, value] of Object.entries(plain)) this.$__setValue(path, value);
    delete this.$locals.lockstepPlain;
  });

  // insertMany: seal shallow copies (the caller's objects keep their plaintext), decrypt the returned documents.
  // Typed loosely: mongoose's overloads do not allow a pre hook that returns overwritten arguments.
  (schema.pre as (op: string, fn: (input: unknown) => Promise<unknown>) => void).call(schema, 'insertMany', async function (input: unknown) {
    if (!Array.isArray(input) && (input === null || typeof input !== 'object')) return;
    const docs: unknown[] = Array.isArray(input) ? [...input] : [input];
    for (let i = 0; i < docs.length; i++) {
      const d = docs[i] as Obj | HydratedDoc;
      if (d && typeof (d as HydratedDoc).$__setValue === 'function') {
        const doc = d as HydratedDoc;
        const tenantId = doc.get('tenantId') as string;
        const personId = personOfDoc(doc);
        for (const f of enc.fields) {
          const value = doc.get(f.path, null, { getters: false });
          if (value === undefined || isEnvelopeString(value)) continue;
          const sealed = await enc.seal(tenantId, f, value, personId);
          doc.$__setValue(f.path, sealed.value);
          if (f.bidxPath) doc.$__setValue(f.bidxPath, sealed.bidx);
        }
      } else if (d && typeof d === 'object') {
        const copy = structuredCloneShallow(d as Obj);
        await enc.encryptObject(copy);
        docs[i] = copy;
      }
    }
    // A new array: the caller's array and objects keep their plaintext.
    return mongoose.overwriteMiddlewareArguments(docs);
  });
  schema.post('insertMany', async function (docs: unknown) {
    for (const d of Array.isArray(docs) ? docs : [docs]) await decryptResult(d);
  });

  // Queries: rewrite filters; seal updates.
  for (const op of FILTER_OPS) {
    schema.pre(op, async function (this: AnyQuery) {
      const filter = this.getFilter() as Obj;
      let tenantId = tenantOfFilter(filter) ?? optionTenant(this);
      this.setQuery(await enc.rewriteFilter(filter, tenantId));
      if (!UPDATE_OPS.has(op)) return;
      const update = this.getUpdate() as Obj | null;
      if (!update || Array.isArray(update)) {
        if (Array.isArray(update)) throw encryptionError('PRIVACY_ERR_ENC_UNSUPPORTED_UPDATE', [enc.fields[0]!.path, 'update pipelines are not supported on encrypted collections']);
        return;
      }
      if (!enc.updateSetsEncrypted(update)) { this.setUpdate(await enc.rewriteUpdate(update, tenantId ?? '', null)); return; }
      // A single-document update by `_id` alone (the one filter FerretDB pushes down): the stored document names its tenant.
      if (!tenantId && SINGLE_DOC_UPDATES.has(op)) {
        const current = await this.model.findOne(this.getFilter()).select({ tenantId: 1 }).setOptions({ crossTenant: true }).lean<Obj | null>();
        tenantId = typeof current?.tenantId === 'string' ? current.tenantId : null;
      }
      if (!tenantId) throw encryptionError('PRIVACY_ERR_ENC_UNSUPPORTED_UPDATE', [enc.fields[0]!.path, 'the filter needs a tenantId to bind the ciphertext to']);
      this.setUpdate(await enc.rewriteUpdate(update, tenantId, await personForUpdate(this, op, update, filter)));
    });
  }
  schema.pre('distinct', function (this: AnyQuery) {
    const field = (this as unknown as { _distinct?: string })._distinct;
    if (field && enc.field(field)) throw encryptionError('PRIVACY_ERR_ENC_UNSUPPORTED_QUERY', [field, 'distinct values of an encrypted field are ciphertexts']);
  });

  for (const op of RESULT_OPS) {
    schema.post(op, async function (res: unknown) {
      for (const d of Array.isArray(res) ? res : [res]) await decryptResult(d);
    });
  }

  function personOfDoc(doc: HydratedDoc): string | null {
    if (!enc.personIdPath) return null;
    const v = doc.get(enc.personIdPath);
    return v === undefined || v === null || v === '' ? null : String(v);
  }

  async function decryptResult(d: unknown): Promise<void> {
    if (!d || typeof d !== 'object') return;
    if (typeof (d as HydratedDoc).$__setValue === 'function') {
      const doc = d as HydratedDoc;
      const tenantId = doc.get('tenantId');
      if (typeof tenantId !== 'string') return;
      for (const f of enc.fields) {
        const stored = doc.get(f.path, null, { getters: false });
        if (isEnvelopeString(stored)) doc.$__setValue(f.path, await enc.open(tenantId, f, stored));
      }
      return;
    }
    await enc.decryptObject(d as Obj);
  }

  /** The person whose key seals an update: from the update, the filter, or (single-document updates) the stored document. */
  async function personForUpdate(query: AnyQuery, op: string, update: Obj, filter: Obj): Promise<string | null> {
    const path = enc.personIdPath;
    if (!path) return null;
    const fromUpdate = getPath(update.$set, path) ?? getPath(update.$setOnInsert, path) ?? update[path];
    if (typeof fromUpdate === 'string' && fromUpdate) return fromUpdate;
    if (typeof filter[path] === 'string' && filter[path]) return filter[path] as string;
    if (!SINGLE_DOC_UPDATES.has(op)) throw encryptionError('PRIVACY_ERR_ENC_UNSUPPORTED_UPDATE', [enc.fields[0]!.path, `${op} sealing encrypted fields must name ${path} in its filter (each person has their own key)`]);
    const current = await query.model.findOne(query.getFilter()).select({ [path]: 1, tenantId: 1 }).lean<Obj | null>();
    return enc.personOf(current);
  }
}

function structuredCloneShallow(o: Obj): Obj {
  const copy: Obj = { ...o };
  // Nested objects holding encrypted paths are copied too, so sealing never writes into the caller's objects.
  for (const [k, v] of Object.entries(copy)) if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && Object.getPrototypeOf(v) === Object.prototype) copy[k] = structuredCloneShallow(v as Obj);
  return copy;
}

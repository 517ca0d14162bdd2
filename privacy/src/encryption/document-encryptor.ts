import { BlindIndexer } from './blind-index.ts';
import { encryptionError, KeyShreddedError } from './encryption.errors.ts';
import { isEnvelopeString } from './envelope.ts';
import { FieldCipher, type FieldContext } from './field-cipher.ts';
import { bidxPathOf, ERASED_TOMBSTONE, type FieldEncryptionOptions, type ResolvedField } from './field-encryption.options.ts';
import type { KeyManager } from './key-manager.ts';
import { getPath, hasPath, setPath } from './object-path.ts';
import type { FieldValue } from './value-codec.ts';

type Obj = Record<string, unknown>;
const LOGICAL = new Set(['$and', '$or', '$nor']);

/**
 * Encryption of one collection's declared fields on plain objects, filters and updates. The mongoose plugin and
 * the re-encryption job both use it, so they agree on keys, AAD and blind indexes.
 */
export class DocumentEncryptor {
  readonly fields: ResolvedField[];
  private readonly byPath: Map<string, ResolvedField>;
  private resolvedKeys: KeyManager | null = null;

  constructor(readonly options: FieldEncryptionOptions, readonly collection: string) {
    this.fields = Object.entries(options.fields).map(([path, o]) => {
      const blindIndex = o === true ? null : o.blindIndex ?? null;
      return { path, blindIndex, bidxPath: blindIndex ? bidxPathOf(path) : null };
    });
    this.byPath = new Map(this.fields.map((f) => [f.path, f]));
  }

  get personIdPath(): string | undefined {
    return this.options.personIdPath;
  }

  get keys(): KeyManager {
    this.resolvedKeys ??= typeof this.options.keys === 'function' ? this.options.keys() : this.options.keys;
    return this.resolvedKeys;
  }

  field(path: string): ResolvedField | undefined {
    return this.byPath.get(path);
  }

  ctx(tenantId: string, field: string): FieldContext {
    return { tenantId, collection: this.collection, field };
  }

  personOf(obj: unknown): string | null {
    if (!this.personIdPath) return null;
    const v = getPath(obj, this.personIdPath);
    return v === undefined || v === null || v === '' ? null : String(v);
  }

  async blindIndex(tenantId: string, field: ResolvedField, value: unknown): Promise<string> {
    return new BlindIndexer(this.keys).compute(tenantId, this.collection, field.path, value, field.blindIndex ?? {});
  }

  /** Ciphertext and blind index of one value; null/undefined stay as they are (not personal data). */
  async seal(tenantId: string, field: ResolvedField, value: unknown, personId: string | null): Promise<{ value: unknown; bidx: string | null }> {
    if (value === null || value === undefined) return { value, bidx: null };
    if (isEnvelopeString(value)) throw encryptionError('PRIVACY_ERR_ENC_UNSUPPORTED_UPDATE', [field.path, 'the value is already an envelope; copying ciphertext between documents is refused']);
    const bidx = field.bidxPath ? await this.blindIndex(tenantId, field, value) : null;
    return { value: await new FieldCipher(this.keys).encrypt(value as FieldValue, this.ctx(tenantId, field.path), personId), bidx };
  }

  /** Plaintext of one stored value; non-envelopes (legacy plaintext, null) pass through. */
  async open(tenantId: string, field: ResolvedField, stored: unknown): Promise<unknown> {
    if (!isEnvelopeString(stored)) return stored;
    try {
      return await new FieldCipher(this.keys).decrypt(stored, this.ctx(tenantId, field.path));
    } catch (err) {
      if (err instanceof KeyShreddedError && this.options.onShredded !== 'throw') return this.options.tombstone ?? ERASED_TOMBSTONE;
      throw err;
    }
  }

  /** Encrypts the declared fields of a plain object in place (tenant and person read from it). */
  async encryptObject(obj: Obj, only?: (path: string) => boolean): Promise<void> {
    const tenantId = this.tenantOf(obj);
    const personId = this.personOf(obj);
    for (const f of this.fields) {
      if (!hasPath(obj, f.path) || (only && !only(f.path))) continue;
      const current = getPath(obj, f.path);
      if (isEnvelopeString(current)) continue; // loaded and unchanged
      const sealed = await this.seal(tenantId, f, current, personId);
      setPath(obj, f.path, sealed.value);
      if (f.bidxPath) setPath(obj, f.bidxPath, sealed.bidx);
    }
  }

  /** Decrypts the declared fields of a plain object in place (projection-aware: absent fields stay absent). */
  async decryptObject(obj: Obj): Promise<void> {
    const tenantId = obj.tenantId;
    if (typeof tenantId !== 'string') return; // projected away: nothing to bind the AAD to, leave ciphertext
    for (const f of this.fields) {
      if (!hasPath(obj, f.path)) continue;
      setPath(obj, f.path, await this.open(tenantId, f, getPath(obj, f.path)));
    }
  }

  private tenantOf(obj: unknown): string {
    const t = getPath(obj, 'tenantId');
    if (typeof t !== 'string' || !t) throw encryptionError('PRIVACY_ERR_ENC_UNSUPPORTED_UPDATE', [this.fields[0]?.path ?? '?', 'the document has no tenantId to bind the ciphertext to']);
    return t;
  }

  /** Replaces equality conditions on blind-indexed fields by conditions on `<field>_bidx`; refuses anything else. */
  async rewriteFilter(filter: Obj, tenantId: string | null): Promise<Obj> {
    const out: Obj = {};
    for (const [key, cond] of Object.entries(filter)) {
      if (LOGICAL.has(key) && Array.isArray(cond)) {
        out[key] = await Promise.all(cond.map((c) => this.rewriteFilter(c as Obj, tenantId)));
        continue;
      }
      const f = this.byPath.get(key);
      if (!f) { out[key] = cond; continue; }
      if (cond === null || (isPlain(cond) && Object.keys(cond).every((op) => op === '$exists'))) { out[key] = cond; continue; }
      if (!f.bidxPath) throw encryptionError('PRIVACY_ERR_ENC_UNSUPPORTED_QUERY', [key, 'it has no blind index']);
      if (!tenantId) throw encryptionError('PRIVACY_ERR_ENC_UNSUPPORTED_QUERY', [key, 'the filter needs a tenantId (blind indexes are per tenant)']);
      const hash = (v: unknown) => (v === null ? null : this.blindIndex(tenantId, f, v));
      if (!isPlain(cond)) { out[f.bidxPath] = await hash(cond); continue; }
      const rewritten: Obj = {};
      for (const [op, v] of Object.entries(cond)) {
        if (op === '$eq' || op === '$ne') rewritten[op] = await hash(v);
        else if ((op === '$in' || op === '$nin') && Array.isArray(v)) rewritten[op] = await Promise.all(v.map(hash));
        else throw encryptionError('PRIVACY_ERR_ENC_UNSUPPORTED_QUERY', [key, `operator ${op} cannot run on ciphertext`]);
      }
      out[f.bidxPath] = rewritten;
    }
    return out;
  }

  /** Encrypts declared fields in `$set`, `$setOnInsert` and top-level assignments; clears indexes on `$unset`. */
  async rewriteUpdate(update: Obj, tenantId: string, personId: string | null): Promise<Obj> {
    const out: Obj = {};
    const sealInto = async (target: Obj, source: Obj | null | undefined) => {
      for (const [key, value] of Object.entries(source ?? {})) {
        const f = this.byPath.get(key);
        if (!f && this.touches(key) && this.isParentOfEncrypted(key) && (value === null || isPlainObject(value))) {
          target[key] = value === null ? null : await this.sealNested(key, value as Obj, tenantId, personId);
          continue;
        }
        if (!f && this.touches(key)) throw encryptionError('PRIVACY_ERR_ENC_UNSUPPORTED_UPDATE', [key, 'set the encrypted field as a whole; its blind index is maintained by the plugin']);
        if (!f) { target[key] = value; continue; }
        if (isEnvelopeString(value)) { target[key] = value; continue; }
        const sealed = await this.seal(tenantId, f, value, personId);
        target[key] = sealed.value;
        if (f.bidxPath) target[f.bidxPath] = sealed.bidx;
      }
    };
    for (const [op, body] of Object.entries(update)) {
      if (!op.startsWith('$')) { await sealInto(out, { [op]: body }); continue; }
      if (op === '$set' || op === '$setOnInsert') {
        const target: Obj = {};
        await sealInto(target, body as Obj);
        out[op] = target;
        continue;
      }
      if (op === '$unset') {
        const target: Obj = { ...(body as Obj) };
        for (const key of Object.keys(body as Obj)) { const b = this.byPath.get(key)?.bidxPath; if (b) target[b] = ''; }
        out[op] = target;
        continue;
      }
      for (const key of Object.keys((body ?? {}) as Obj)) {
        if (this.touches(key)) throw encryptionError('PRIVACY_ERR_ENC_UNSUPPORTED_UPDATE', [key, `${op} cannot run on ciphertext; read, change and $set the value`]);
      }
      out[op] = body;
    }
    return out;
  }

  /** Whether `path` is an object holding encrypted fields (and not itself inside one). */
  isParentOfEncrypted(path: string): boolean {
    return this.fields.some((f) => f.path.startsWith(`${path}.`)) && !this.fields.some((f) => path === f.path || path.startsWith(`${f.path}.`));
  }

  /** A copy of an object set at `parent` with the encrypted fields inside it sealed (and their blind indexes filled). */
  private async sealNested(parent: string, value: Obj, tenantId: string, personId: string | null): Promise<Obj> {
    const copy = structuredClone(value);
    for (const f of this.fields) {
      if (!f.path.startsWith(`${parent}.`)) continue;
      const rel = f.path.slice(parent.length + 1);
      if (!hasPath(copy, rel)) continue;
      const current = getPath(copy, rel);
      if (isEnvelopeString(current)) continue;
      const sealed = await this.seal(tenantId, f, current, personId);
      setPath(copy, rel, sealed.value);
      if (f.bidxPath) setPath(copy, f.bidxPath.slice(parent.length + 1), sealed.bidx);
    }
    return copy;
  }

  /** Whether an update path is, contains or lies inside an encrypted field or its blind index. */
  touches(path: string): boolean {
    return this.fields.some((f) => path === f.path || path.startsWith(`${f.path}.`) || f.path.startsWith(`${path}.`) || path === f.bidxPath);
  }

  /** Whether an update sets any encrypted field (needs the person id to pick the key). */
  updateSetsEncrypted(update: Obj): boolean {
    const sets = (k: string) => this.byPath.has(k) || this.isParentOfEncrypted(k);
    return Object.entries(update).some(([op, body]) => (op.startsWith('$') ? (op === '$set' || op === '$setOnInsert') && Object.keys(body as Obj).some(sets) : sets(op)));
  }
}

function isPlainObject(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && Object.getPrototypeOf(v) === Object.prototype;
}

function isPlain(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date) && Object.keys(v).some((k) => k.startsWith('$'));
}

import { randomBytes } from 'node:crypto';
import mongoose, { Schema, type Connection, type Model } from 'mongoose';

/**
 * Field definitions as mongoose accepts them, plus `pii`. Typed loosely on purpose: checking literals against
 * mongoose's SchemaDefinition type is exponential in TypeScript (minutes, then out of memory).
 */
export type FieldDefinitions = Record<string, Record<string, unknown> | unknown[]>;
import { ENCRYPTED_BY_DEFAULT, PII_CATEGORIES, type PiiCategory, type PiiFieldDeclaration } from './pii.ts';
import { tenantScope } from './tenant-scope.ts';
import { encryptorOf, fieldEncryption } from '../../../privacy/src/encryption/field-encryption.plugin.ts';
import type { EncryptedFieldOptions } from '../../../privacy/src/encryption/field-encryption.options.ts';
import { keysOf } from '../../../privacy/src/encryption/connection-keys.ts';

const INTERNAL_PATHS = new Set(['_id', '__v', 'createdAt', 'updatedAt', 'tenantId']);

export interface ModelSpec {
  /** Model name (PascalCase, unique per connection). */
  name: string;
  /** Collection; plugin collections are `<plugin>_<entity>`. */
  collection: string;
  /** Prefix of generated ids, e.g. `usr_`. */
  idPrefix: string;
  /** Field definitions; each field carries `pii: <category>` (or 'none'). */
  fields: FieldDefinitions;
  /** Every document carries `tenantId` and every query must filter on it. @defaultValue true */
  tenantScoped?: boolean;
  indexes?: [Record<string, 1 | -1>, mongoose.IndexOptions?][];
  /** Adjust the schema (virtuals, hooks) before the model is compiled. */
  configure?: (schema: Schema) => void;
  /**
   * Default retention: documents whose date `field` is more than `days` days in the past are deleted by the
   * privacy layer's scheduled retention job (the store has no TTL indexes). Tenants may override it
   * (privacy/src/retention, docs/privacy-compliance.md). @defaultValue undefined (kept until erased)
   */
  retention?: { field: string; days: number };
  /**
   * Path naming whose data a document holds (a person id, or a subject ref such as `user:<id>`): its encrypted
   * fields are sealed with that person's own key, so crypto-shredding the key erases them everywhere, backups
   * included. Without it they use the tenant data key.
   */
  personPath?: string;
}

/** mongoose's Schema constructor without its generic inference (which explodes on large definitions). */
const LooseSchema = Schema as unknown as new (definition: object, options: object) => Schema;

export class ModelDeclarationError extends Error {
  override name = 'ModelDeclarationError';
}

export function newId(prefix: string): string {
  return `${prefix}${randomBytes(12).toString('hex')}`;
}

/** Builds the schema for a spec; throws when a field lacks a PII declaration. */
export function buildSchema(spec: ModelSpec): Schema {
  const schema = new LooseSchema(
    { _id: { type: String, default: () => newId(spec.idPrefix), pii: 'none' }, ...spec.fields },
    {
      collection: spec.collection,
      timestamps: true,
      versionKey: '__v',
      id: true,
      toJSON: { virtuals: true, versionKey: false, transform: (_doc: unknown, ret: Record<string, unknown>) => { delete ret._id; return ret; } },
    },
  );
  if (spec.tenantScoped !== false) schema.plugin(tenantScope);
  for (const [fields, options] of spec.indexes ?? []) schema.index(fields, options);
  // A spec that declares its own index on tenantId alone (e.g. unique: one document per tenant) replaces the
  // plain one tenantScope puts on the path (mongoose would keep the plain one and drop the declared options).
  if ((spec.indexes ?? []).some(([f]) => Object.keys(f).length === 1 && 'tenantId' in f)) schema.path('tenantId')?.index(false as never);
  spec.configure?.(schema);
  // Name the unique fields on duplicate-key errors (FerretDB's 11000 errors carry no keyPattern).
  const uniqueFields = schema.indexes().filter(([, o]) => (o as { unique?: boolean })?.unique).flatMap(([f]) => Object.keys(f).filter((k) => k !== 'tenantId'));
  const nameDuplicate = (error: { code?: number; uniqueFields?: string[] }, _res: unknown, next: (err?: unknown) => void) => {
    if (error?.code === 11000 && !error.uniqueFields) error.uniqueFields = uniqueFields;
    next(error);
  };
  for (const op of ['save', 'insertMany', 'updateOne', 'updateMany', 'findOneAndUpdate', 'bulkWrite']) (schema.post as (op: string, fn: unknown) => void)(op, nameDuplicate);
  return schema;
}

/** Privacy options a field definition may carry next to `pii`. */
interface FieldPrivacyOptions {
  pii?: string;
  /** Overrides ENCRYPTED_BY_DEFAULT for this field; `false` needs `encryptReason`. */
  encryptAtRest?: boolean;
  encryptReason?: string;
  /** Keep a keyed blind index so equality lookups work (`true` or a BlindIndexSpec). */
  lookup?: true | EncryptedFieldOptions['blindIndex'];
  /** Set on the blind-index paths the encryption plugin adds. */
  blindIndexOf?: string;
}

function declaration(spec: ModelSpec, path: string, category: PiiCategory, o: FieldPrivacyOptions): PiiFieldDeclaration {
  const encrypted = o.encryptAtRest ?? ENCRYPTED_BY_DEFAULT.has(category);
  if (o.encryptAtRest === false && ENCRYPTED_BY_DEFAULT.has(category) && !o.encryptReason) {
    throw new ModelDeclarationError(`Model ${spec.name}: field "${path}" (${category}) opts out of encryption without an encryptReason`);
  }
  if (o.lookup && !encrypted) throw new ModelDeclarationError(`Model ${spec.name}: field "${path}" declares lookup (a blind index) but is not encrypted`);
  return {
    model: spec.name, collection: spec.collection, path, category, encrypted,
    blindIndex: !!o.lookup, ...(o.encryptReason ? { encryptReason: o.encryptReason } : {}),
  };
}

/** Reads the PII declaration of every leaf path; throws naming the first undeclared field. */
export function piiDeclarations(spec: ModelSpec, schema: Schema): PiiFieldDeclaration[] {
  const out: PiiFieldDeclaration[] = [];
  const undeclared: string[] = [];
  schema.eachPath((path, type) => {
    if (INTERNAL_PATHS.has(path) || path.includes('.$')) return;
    if (type.instance === 'Embedded' || (type as unknown as { schema?: Schema }).schema) return; // subdocument: its own leaves are checked
    const category = (type.options as { pii?: string }).pii;
    if (category === undefined) { undeclared.push(path); return; }
    if (!(PII_CATEGORIES as readonly string[]).includes(category)) throw new ModelDeclarationError(`Model ${spec.name}: field "${path}" declares unknown pii category "${category}" (use one of ${PII_CATEGORIES.join(', ')})`);
    out.push(declaration(spec, path, category as PiiCategory, type.options as FieldPrivacyOptions));
  });
  for (const [, sub] of Object.entries((schema as unknown as { childSchemas: { schema: Schema; model: { path: string } }[] }).childSchemas ?? [])) {
    sub.schema.eachPath((path, type) => {
      if (INTERNAL_PATHS.has(path)) return;
      const category = (type.options as { pii?: string }).pii;
      const full = `${sub.model.path}.${path}`;
      if (category === undefined) undeclared.push(full);
      else out.push(declaration(spec, full, category as PiiCategory, type.options as FieldPrivacyOptions));
    });
  }
  if (undeclared.length) {
    throw new ModelDeclarationError(`Model ${spec.name}: field(s) ${undeclared.map((p) => `"${p}"`).join(', ')} declare no personal-data category; add pii: '<category>' or pii: 'none'`);
  }
  return out;
}

/** Compiles (or reuses) a model on a connection. */
export function compileModel(connection: Connection, spec: ModelSpec): { model: Model<any>; pii: PiiFieldDeclaration[] } {
  const schema = buildSchema(spec);
  const pii = piiDeclarations(spec, schema);
  if (!connection.models[spec.name]) applyEncryption(connection, spec, schema, pii);
  const model: Model<any> = connection.models[spec.name] ?? connection.model<any>(spec.name, schema);
  return { model, pii };
}

/**
 * Seals the fields the declarations mark as encrypted (privacy/src/encryption): transparent on write and read,
 * keys from the connection's key manager (bound by connectPrivacy), person keys when the spec names `personPath`.
 */
function applyEncryption(connection: Connection, spec: ModelSpec, schema: Schema, pii: PiiFieldDeclaration[]): void {
  const encrypted = pii.filter((d) => d.encrypted);
  if (!encrypted.length || encryptorOf(schema)) return; // none, or the spec's `configure` set encryption up itself
  const fields: Record<string, EncryptedFieldOptions | true> = {};
  for (const d of encrypted) {
    const lookup = (schema.path(d.path)?.options as FieldPrivacyOptions | undefined)?.lookup;
    fields[d.path] = lookup ? { blindIndex: lookup === true ? { normalize: d.category === 'email' ? 'email' : d.category === 'phone' ? 'phone' : 'trim' } : lookup } : true;
  }
  schema.plugin(fieldEncryption, { fields, personIdPath: spec.personPath, keys: () => keysOf(connection), collection: spec.collection });
}

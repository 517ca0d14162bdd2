import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { piiTextError } from './pii-text.errors.ts';
import { PII_ENTITY_TYPES, type PiiEntityType } from './types.ts';

/**
 * What to do with a detected span:
 * - `redact`: remove it;
 * - `mask`: replace letters and digits with `char`, keeping `keepFirst`/`keepLast` of them (cards keep the last 4 by
 *   default) and the punctuation, so the shape stays readable (`**** **** **** 1111`);
 * - `replace`: a type tag, `<EMAIL>` by default;
 * - `hash`: a keyed pseudonym, HMAC-SHA256 of the normalised value under the tenant key: `<EMAIL:1f0c…>` — the same
 *   value gives the same pseudonym within a tenant, nothing links tenants, and it cannot be reversed;
 * - `encrypt`: `<ENC:EMAIL:token>` where the caller's `encrypt` function made the token (reversible with
 *   `reidentify` by roles allowed to decrypt);
 * - `keep`: leave it.
 */
export const OperatorSchema = Type.Union([
  Type.Object({ type: Type.Literal('redact') }, { additionalProperties: false }),
  Type.Object(
    {
      type: Type.Literal('mask'),
      /** @defaultValue '*' */
      char: Type.Optional(Type.String({ minLength: 1, maxLength: 1 })),
      /** @defaultValue 4 for CREDIT_CARD and IBAN, else 0 */
      keepLast: Type.Optional(Type.Integer({ minimum: 0, maximum: 8 })),
      /** @defaultValue 0 */
      keepFirst: Type.Optional(Type.Integer({ minimum: 0, maximum: 8 })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal('replace'),
      /** @defaultValue `<TYPE>` */
      tag: Type.Optional(Type.String({ maxLength: 64 })),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      type: Type.Literal('hash'),
      /** Hex characters of the HMAC kept in the pseudonym. @defaultValue 16 */
      length: Type.Optional(Type.Integer({ minimum: 8, maximum: 64 })),
    },
    { additionalProperties: false },
  ),
  Type.Object({ type: Type.Literal('encrypt') }, { additionalProperties: false }),
  Type.Object({ type: Type.Literal('keep') }, { additionalProperties: false }),
]);
export type PiiOperator = Static<typeof OperatorSchema>;

export const OperatorPolicySchema = Type.Object(
  Object.fromEntries([...PII_ENTITY_TYPES, 'default'].map((k) => [k, Type.Optional(OperatorSchema)])) as Record<PiiEntityType | 'default', ReturnType<typeof Type.Optional<typeof OperatorSchema>>>,
  { additionalProperties: false },
);
/** Operator per entity type; `default` covers the types not listed (itself `replace` by default). */
export type OperatorPolicy = Partial<Record<PiiEntityType | 'default', PiiOperator>>;

/** Encrypts one span's value; the token must be base64/base64url/hex-like (it is embedded as `<ENC:TYPE:token>`). */
export type EncryptFn = (plaintext: string, ctx: { type: PiiEntityType }) => string;
export type EncryptAsyncFn = (plaintext: string, ctx: { type: PiiEntityType }) => string | Promise<string>;

export interface AnonymizeOptions {
  /** @defaultValue `{ default: { type: 'replace' } }` */
  operators?: OperatorPolicy;
  /** The tenant's pseudonymisation key (at least 16 bytes), required when a `hash` operator is used. */
  hashKey?: Uint8Array;
  /** Required when an `encrypt` operator is used; the field-encryption layer provides it. */
  encrypt?: EncryptFn;
}

const checkPolicy = Compile(OperatorPolicySchema);
export const DEFAULT_OPERATOR: PiiOperator = Object.freeze({ type: 'replace' });
/** Tokens an encrypt function may return: they must not break the `<ENC:TYPE:token>` envelope. */
export const ENCRYPTED_TOKEN = /^[A-Za-z0-9+/=_\-.:]{1,8192}$/;

/** Validates a policy and the inputs its operators need; throws PRIVACY_ERR_PII_INVALID_OPERATOR naming the problem. */
export function validatePolicy(opts: { operators?: unknown; hashKey?: unknown; encrypt?: unknown }): OperatorPolicy {
  const policy = opts.operators ?? {};
  if (!checkPolicy.Check(policy)) {
    const first = checkPolicy.Errors(policy)[0];
    throw piiTextError('PRIVACY_ERR_PII_INVALID_OPERATOR', [`operators${first?.instancePath ?? ''} ${first?.message ?? 'is invalid'}`]);
  }
  const used = new Set(Object.values(policy as OperatorPolicy).map((o) => o?.type));
  if (used.has('hash')) {
    if (!(opts.hashKey instanceof Uint8Array)) throw piiTextError('PRIVACY_ERR_PII_INVALID_OPERATOR', ['the hash operator needs hashKey (the tenant key, a Uint8Array)']);
    if (opts.hashKey.byteLength < 16) throw piiTextError('PRIVACY_ERR_PII_INVALID_OPERATOR', [`hashKey must have at least 16 bytes, got ${opts.hashKey.byteLength}`]);
  }
  if (used.has('encrypt') && typeof opts.encrypt !== 'function') throw piiTextError('PRIVACY_ERR_PII_INVALID_OPERATOR', ['the encrypt operator needs an encrypt function']);
  return policy as OperatorPolicy;
}

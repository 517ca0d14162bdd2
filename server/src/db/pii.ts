/**
 * Personal-data categories a model field can declare (`{ type: String, pii: 'email' }`). Every field of every
 * model declares one, `'none'` included; the privacy layer reads them for redaction, export and erasure.
 */
export const PII_CATEGORIES = [
  'none', 'identifier', 'email', 'name', 'phone', 'address', 'free_text', 'payment_ref', 'device_id', 'ip_address',
  'credential', 'behavioral', 'preference',
] as const;
export type PiiCategory = (typeof PII_CATEGORIES)[number];

/**
 * Categories encrypted at rest by default (AES-256-GCM, privacy/src/encryption): direct identifiers and content a
 * person wrote. A field opts out with `encryptAtRest: false` and an `encryptReason` (the privacy audit lists it).
 * Pseudonymous ids (identifier, device_id: random ids our SDK mints, looked up on every event), behaviour and
 * preferences stay in clear; credentials are stored as hashes.
 */
export const ENCRYPTED_BY_DEFAULT: ReadonlySet<PiiCategory> = new Set(['email', 'name', 'phone', 'address', 'free_text', 'payment_ref', 'ip_address']);

export interface PiiFieldDeclaration {
  model: string;
  collection: string;
  path: string;
  category: PiiCategory;
  /** Sealed at rest by the field-encryption plugin. */
  encrypted?: boolean;
  /** Equality lookups through a keyed blind index (`<path>_bidx`). */
  blindIndex?: boolean;
  /** Why a personal field is kept in clear (`encryptAtRest: false`). */
  encryptReason?: string;
}

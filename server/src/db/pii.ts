/**
 * Personal-data categories a model field can declare (`{ type: String, pii: 'email' }`). Every field of every
 * model declares one, `'none'` included; the privacy layer reads them for redaction, export and erasure.
 */
export const PII_CATEGORIES = [
  'none', 'identifier', 'email', 'name', 'phone', 'address', 'free_text', 'payment_ref', 'device_id', 'ip_address',
  'credential', 'behavioral', 'preference',
] as const;
export type PiiCategory = (typeof PII_CATEGORIES)[number];

export interface PiiFieldDeclaration {
  model: string;
  collection: string;
  path: string;
  category: PiiCategory;
}

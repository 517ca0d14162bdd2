import { createHmac } from 'node:crypto';
import { encryptionError } from './encryption.errors.ts';
import type { KeyManager } from './key-manager.ts';

/** How a value is canonicalised before hashing: equal after normalisation ⇔ same index. */
export type Normalizer = 'email' | 'trim' | 'exact' | 'phone' | ((value: string) => string);

export const NORMALIZERS: Record<Exclude<Normalizer, (value: string) => string>, (v: string) => string> = {
  /** NFC, trim, lowercase (the whole address: providers that treat the local part case-sensitively are rare). */
  email: (v) => v.normalize('NFC').trim().toLowerCase(),
  trim: (v) => v.normalize('NFC').trim(),
  exact: (v) => v,
  /** Digits only, keeping a leading '+': "+44 20 7946-0000" and "+442079460000" match. */
  phone: (v) => { const t = v.trim(); return (t.startsWith('+') ? '+' : '') + t.replace(/\D/g, ''); },
};

export interface BlindIndexSpec {
  normalize?: Normalizer;
  /**
   * Bytes of the HMAC kept (4..32). Fewer bytes → more deliberate collisions (harder to tell rare values apart,
   * more false positives to filter). @defaultValue 16
   */
  bytes?: number;
}

export function resolveNormalizer(n: Normalizer | undefined): (v: string) => string {
  if (typeof n === 'function') return n;
  return NORMALIZERS[n ?? 'trim'];
}

/**
 * Keyed blind index: base64url(HMAC-SHA256(tenant index key, "collection\0field\0" + normalise(value)))[0..bytes].
 * Domain-separated by collection and field, so equal values in two fields do not share an index value.
 */
export class BlindIndexer {
  constructor(private readonly keys: KeyManager) {}

  async compute(tenantId: string, collection: string, field: string, value: unknown, spec: BlindIndexSpec = {}): Promise<string> {
    const bytes = spec.bytes ?? 16;
    if (!Number.isInteger(bytes) || bytes < 4 || bytes > 32) throw encryptionError('PRIVACY_ERR_ENC_INVALID_OPTIONS', [`blind index of ${collection}.${field}: bytes must be an integer in 4..32`]);
    if (typeof value !== 'string' && typeof value !== 'number') throw encryptionError('PRIVACY_ERR_ENC_UNSUPPORTED_QUERY', [field, `blind indexes take strings or numbers, got ${value === null ? 'null' : typeof value}`]);
    const { key } = await this.keys.indexKey(tenantId);
    const mac = createHmac('sha256', key).update(`${collection}\u0000${field}\u0000`).update(resolveNormalizer(spec.normalize)(String(value)), 'utf8').digest();
    return mac.subarray(0, bytes).toString('base64url');
  }
}

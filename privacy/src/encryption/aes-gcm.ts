import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/** AES-256-GCM with a 96-bit random IV and a 128-bit tag (NIST SP 800-38D recommended sizes). */
export const KEY_BYTES = 32;
export const IV_BYTES = 12;
export const TAG_BYTES = 16;

export interface Sealed {
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

export function seal(key: Buffer, plaintext: Buffer, aad: Buffer): Sealed {
  if (key.length !== KEY_BYTES) throw new RangeError(`AES-256-GCM needs a ${KEY_BYTES}-byte key`);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { iv, ciphertext, tag: cipher.getAuthTag() };
}

/** Returns the plaintext, or null when authentication fails (wrong key, altered bytes or different AAD). */
export function open(key: Buffer, sealed: Sealed, aad: Buffer): Buffer | null {
  if (key.length !== KEY_BYTES || sealed.iv.length !== IV_BYTES || sealed.tag.length !== TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad);
    decipher.setAuthTag(sealed.tag);
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
  } catch {
    return null;
  }
}

/** Key wrapping as `iv ‖ ciphertext ‖ tag` in one buffer (used for data keys, not for field values). */
export function wrapKey(kek: Buffer, key: Buffer, aad: Buffer): Buffer {
  const s = seal(kek, key, aad);
  return Buffer.concat([s.iv, s.ciphertext, s.tag]);
}

export function unwrapKey(kek: Buffer, wrapped: Buffer, aad: Buffer): Buffer | null {
  if (wrapped.length !== IV_BYTES + KEY_BYTES + TAG_BYTES) return null;
  return open(kek, { iv: wrapped.subarray(0, IV_BYTES), ciphertext: wrapped.subarray(IV_BYTES, IV_BYTES + KEY_BYTES), tag: wrapped.subarray(IV_BYTES + KEY_BYTES) }, aad);
}

import { IV_BYTES, TAG_BYTES, type Sealed } from './aes-gcm.ts';
import { encryptionError } from './encryption.errors.ts';

/**
 * Field envelope v1 (binary; the string form is `lse1:` + base64url of the same bytes):
 *
 * | offset   | bytes | content                                  |
 * |----------|-------|------------------------------------------|
 * | 0        | 1     | format version = 0x01                    |
 * | 1        | 1     | L = length of the key id (1..64)         |
 * | 2        | L     | key id, ASCII (`pk_…` or `tdk_…`)        |
 * | 2+L      | 12    | IV (random per value)                    |
 * | 14+L     | n     | AES-256-GCM ciphertext of (type ‖ value) |
 * | 14+L+n   | 16    | GCM tag                                  |
 *
 * Bytes 0..2+L (the header) are part of the AAD, so the key id cannot be changed without failing authentication.
 */
export const ENVELOPE_VERSION = 1;
export const ENVELOPE_PREFIX = 'lse1:';
const MAX_KEY_ID = 64;
const KEY_ID_PATTERN = /^[A-Za-z0-9_-]+$/;

export interface Envelope extends Sealed {
  version: number;
  keyId: string;
  header: Buffer;
}

export function envelopeHeader(keyId: string): Buffer {
  if (!keyId || keyId.length > MAX_KEY_ID || !KEY_ID_PATTERN.test(keyId)) throw encryptionError('PRIVACY_ERR_ENC_INVALID_OPTIONS', [`key id ${JSON.stringify(keyId)} cannot go in an envelope`]);
  return Buffer.concat([Buffer.from([ENVELOPE_VERSION, keyId.length]), Buffer.from(keyId, 'ascii')]);
}

export function encodeEnvelope(header: Buffer, sealed: Sealed): Buffer {
  return Buffer.concat([header, sealed.iv, sealed.ciphertext, sealed.tag]);
}

export function decodeEnvelope(bytes: Buffer): Envelope {
  if (bytes.length < 2) throw encryptionError('PRIVACY_ERR_ENC_MALFORMED', ['too short']);
  const version = bytes[0]!;
  if (version !== ENVELOPE_VERSION) throw encryptionError('PRIVACY_ERR_ENC_MALFORMED', [`unknown version ${version}`]);
  const len = bytes[1]!;
  if (len < 1 || len > MAX_KEY_ID || bytes.length < 2 + len + IV_BYTES + TAG_BYTES + 1) throw encryptionError('PRIVACY_ERR_ENC_MALFORMED', ['truncated']);
  const keyId = bytes.subarray(2, 2 + len).toString('ascii');
  if (!KEY_ID_PATTERN.test(keyId)) throw encryptionError('PRIVACY_ERR_ENC_MALFORMED', ['bad key id']);
  const body = bytes.subarray(2 + len);
  return {
    version,
    keyId,
    header: bytes.subarray(0, 2 + len),
    iv: body.subarray(0, IV_BYTES),
    ciphertext: body.subarray(IV_BYTES, body.length - TAG_BYTES),
    tag: body.subarray(body.length - TAG_BYTES),
  };
}

export function envelopeToString(bytes: Buffer): string {
  return ENVELOPE_PREFIX + bytes.toString('base64url');
}

export function envelopeFromString(s: string): Buffer {
  if (!isEnvelopeString(s)) throw encryptionError('PRIVACY_ERR_ENC_MALFORMED', ['missing lse1: prefix']);
  return Buffer.from(s.slice(ENVELOPE_PREFIX.length), 'base64url');
}

/** Cheap test used by the plugin to avoid sealing a value twice; a decodable envelope, not just the prefix. */
export function isEnvelopeString(value: unknown): value is string {
  return typeof value === 'string' && value.startsWith(ENVELOPE_PREFIX) && /^[A-Za-z0-9_-]+$/.test(value.slice(ENVELOPE_PREFIX.length));
}

/** Key id of an envelope string without decrypting it (rotation uses it to skip values already on the current key). */
export function envelopeKeyId(s: string): string {
  return decodeEnvelope(envelopeFromString(s)).keyId;
}

import { encryptionError } from './encryption.errors.ts';

/**
 * A field value as plaintext bytes: one type byte, then the value. The type is inside the ciphertext, so it is
 * both hidden and authenticated.
 */
export type FieldValue = string | number | boolean | Date | Record<string, unknown> | unknown[];

const T_STRING = 0x73; // 's'
const T_NUMBER = 0x6e; // 'n'
const T_BOOL = 0x62; // 'b'
const T_DATE = 0x64; // 'd'
const T_JSON = 0x6a; // 'j'

export function encodeValue(value: FieldValue): Buffer {
  if (typeof value === 'string') return Buffer.concat([Buffer.from([T_STRING]), Buffer.from(value, 'utf8')]);
  if (typeof value === 'number') { const b = Buffer.alloc(9); b[0] = T_NUMBER; b.writeDoubleBE(value, 1); return b; }
  if (typeof value === 'boolean') return Buffer.from([T_BOOL, value ? 1 : 0]);
  if (value instanceof Date) return Buffer.concat([Buffer.from([T_DATE]), Buffer.from(String(value.getTime()), 'utf8')]);
  if (value !== null && typeof value === 'object') return Buffer.concat([Buffer.from([T_JSON]), Buffer.from(JSON.stringify(value), 'utf8')]);
  throw encryptionError('PRIVACY_ERR_ENC_INVALID_OPTIONS', [`cannot encrypt a value of type ${typeof value}`]);
}

export function decodeValue(bytes: Buffer): FieldValue {
  const body = bytes.subarray(1).toString('utf8');
  switch (bytes[0]) {
    case T_STRING: return body;
    case T_NUMBER: if (bytes.length !== 9) throw encryptionError('PRIVACY_ERR_ENC_MALFORMED', ['bad number']); return bytes.readDoubleBE(1);
    case T_BOOL: return bytes[1] === 1;
    case T_DATE: return new Date(Number(body));
    case T_JSON: return JSON.parse(body) as FieldValue;
    default: throw encryptionError('PRIVACY_ERR_ENC_MALFORMED', [`unknown value type ${bytes[0]}`]);
  }
}

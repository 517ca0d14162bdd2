import { PII_ENTITY_TYPES, type PiiEntityType } from './types.ts';

/** `<ENC:TYPE:token>` envelopes written by the `encrypt` operator. */
const ENVELOPE_RE = new RegExp(`<ENC:(${PII_ENTITY_TYPES.join('|')}):([A-Za-z0-9+/=_\\-.:]{1,8192})>`, 'g');

export type DecryptFn = (token: string, ctx: { type: PiiEntityType }) => string;
export type DecryptAsyncFn = (token: string, ctx: { type: PiiEntityType }) => string | Promise<string>;

/**
 * Reverses the `encrypt` operator: every `<ENC:TYPE:token>` becomes `decrypt(token)`. Whether the caller may decrypt
 * (role, audit entry) is decided before calling this; a decrypt error propagates unchanged (e.g. a shredded key).
 */
export function reidentify(text: string, decrypt: DecryptFn): string {
  return text.replace(ENVELOPE_RE, (_, type: PiiEntityType, token: string) => decrypt(token, { type }));
}

/** reidentify() with a decrypt function that may return a promise. */
export async function reidentifyAsync(text: string, decrypt: DecryptAsyncFn): Promise<string> {
  const found = [...text.matchAll(ENVELOPE_RE)];
  const plain = await Promise.all(found.map((m) => decrypt(m[2], { type: m[1] as PiiEntityType })));
  let out = '';
  let cursor = 0;
  found.forEach((m, i) => {
    out += text.slice(cursor, m.index) + plain[i];
    cursor = m.index + m[0].length;
  });
  return out + text.slice(cursor);
}

import { open, seal } from './aes-gcm.ts';
import { DecryptionFailedError } from './encryption.errors.ts';
import { decodeEnvelope, encodeEnvelope, envelopeFromString, envelopeHeader, envelopeToString } from './envelope.ts';
import type { KeyManager } from './key-manager.ts';
import { decodeValue, encodeValue, type FieldValue } from './value-codec.ts';

/** Where a value lives; bound into the AAD so a ciphertext only decrypts in the same tenant, collection and field. */
export interface FieldContext {
  tenantId: string;
  collection: string;
  /** Dotted path of the field (`email`, `address.street`). */
  field: string;
}

export function fieldAad(header: Buffer, ctx: FieldContext): Buffer {
  return Buffer.concat([header, Buffer.from(JSON.stringify(['lockstep-field', ctx.tenantId, ctx.collection, ctx.field]), 'utf8')]);
}

/**
 * AES-256-GCM field encryption with keys from the KeyManager: a person's values under their person key (so
 * shredding it erases them), tenant-level values under the tenant data key.
 */
export class FieldCipher {
  constructor(readonly keys: KeyManager) {}

  async encryptToBuffer(value: FieldValue, ctx: FieldContext, personId?: string | null): Promise<Buffer> {
    const { id, key } = await this.keys.encryptionKey(ctx.tenantId, personId);
    const header = envelopeHeader(id);
    return encodeEnvelope(header, seal(key, encodeValue(value), fieldAad(header, ctx)));
  }

  async encrypt(value: FieldValue, ctx: FieldContext, personId?: string | null): Promise<string> {
    return envelopeToString(await this.encryptToBuffer(value, ctx, personId));
  }

  /** KeyShreddedError when the key was destroyed; DecryptionFailedError when bytes or context do not match. */
  async decryptBuffer(bytes: Buffer, ctx: FieldContext): Promise<FieldValue> {
    const env = decodeEnvelope(bytes);
    const key = await this.keys.keyById(ctx.tenantId, env.keyId);
    const plain = open(key, env, fieldAad(env.header, ctx));
    if (!plain) throw new DecryptionFailedError(`${ctx.collection}.${ctx.field}`);
    return decodeValue(plain);
  }

  async decrypt(envelope: string, ctx: FieldContext): Promise<FieldValue> {
    return this.decryptBuffer(envelopeFromString(envelope), ctx);
  }
}

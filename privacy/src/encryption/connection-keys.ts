import type { Connection } from 'mongoose';
import { encryptionError } from './encryption.errors.ts';
import type { KeyManager } from './key-manager.ts';

/**
 * The key manager each store connection seals its models' encrypted fields with. `connectPrivacy` binds it; model
 * compilation (server/src/db/define-model.ts) resolves it on first use, so models may be compiled before it.
 */
const bound = new WeakMap<Connection, KeyManager>();

export function bindKeys(connection: Connection, keys: KeyManager): void {
  bound.set(connection, keys);
}

export function keysOf(connection: Connection): KeyManager {
  const keys = bound.get(connection);
  if (!keys) throw encryptionError('PRIVACY_ERR_ENC_INVALID_OPTIONS', ['no key manager is bound to this store connection: call connectPrivacy(connection, …) before reading or writing encrypted fields']);
  return keys;
}

import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import { compileModel } from '../../server/src/db/define-model.ts';
import { connectConsent } from './consent/connect-consent.ts';
import { AuditEntrySpec } from './audit/audit-entry.model.ts';
import { AuditLog } from './audit/audit-log.ts';
import { RedisAuditAnchor } from './audit/audit-anchor.ts';
import { createPrivacyApi, type PrivacyApi } from './privacy-api.ts';
import { PiiRegistry } from './registry.ts';
import { LocalKeyringProvider } from './encryption/local-keyring.provider.ts';
import { MongoKeyStore } from './encryption/mongo-key-store.ts';
import { KeyManager } from './encryption/key-manager.ts';
import { bindKeys } from './encryption/connection-keys.ts';
import type { KeyProvider } from './encryption/key-provider.ts';
import { PseudonymSpec } from './pseudonyms/pseudonym.model.ts';
import { Pseudonymizer } from './pseudonyms/pseudonymizer.ts';

export interface ConnectPrivacyOptions {
  redis?: Redis;
  redisPrefix?: string;
  /** Master keyring file (LocalKeyringProvider), unless `keyProvider` is given (e.g. a cloud KMS). */
  keyringPath?: string;
  keyProvider?: KeyProvider;
  /** @defaultValue 60_000 */
  keyCacheTtlMs?: number;
}

/**
 * The privacy API on the store: the API server and every worker build it the same way. With `redis`, each audit
 * chain's head is also anchored there (detects a truncated tail; docs/privacy-audit.md).
 */
export async function connectPrivacy(connection: Connection, registry = new PiiRegistry(), opts: ConnectPrivacyOptions = {}): Promise<PrivacyApi> {
  const provider = opts.keyProvider ?? (opts.keyringPath ? await LocalKeyringProvider.open(opts.keyringPath) : null);
  if (!provider) throw new Error('connectPrivacy needs keyringPath or keyProvider (field encryption keys)');
  const keyStore = MongoKeyStore.connect(connection);
  await keyStore.init();
  const keys = new KeyManager(keyStore, provider, { cacheTtlMs: opts.keyCacheTtlMs });
  bindKeys(connection, keys);
  const audit = compileModel(connection, AuditEntrySpec);
  registry.add('privacy', audit.pii);
  const pseudonyms = compileModel(connection, PseudonymSpec);
  registry.add('privacy', pseudonyms.pii);
  const anchor = opts.redis ? new RedisAuditAnchor(opts.redis, opts.redisPrefix ?? 'lockstep') : null;
  const auditLog = new AuditLog(audit.model, { anchor });
  return createPrivacyApi({ registry, consent: connectConsent(connection, registry, auditLog), auditLog, keys, pseudonyms: new Pseudonymizer(keys, pseudonyms.model) });
}

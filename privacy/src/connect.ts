import type { Connection } from 'mongoose';
import type { Redis } from 'ioredis';
import { compileModel } from '../../server/src/db/define-model.ts';
import { ConsentRecordSpec } from './consent/consent-record.model.ts';
import { MongoConsentStore } from './consent/consent-store.ts';
import { AuditEntrySpec } from './audit/audit-entry.model.ts';
import { AuditLog } from './audit/audit-log.ts';
import { RedisAuditAnchor } from './audit/audit-anchor.ts';
import { createPrivacyApi, type PrivacyApi } from './privacy-api.ts';
import { PiiRegistry } from './registry.ts';

/**
 * The privacy API on the store: the API server and every worker build it the same way. With `redis`, each audit
 * chain's head is also anchored there (detects a truncated tail; docs/privacy-audit.md).
 */
export function connectPrivacy(connection: Connection, registry = new PiiRegistry(), opts: { redis?: Redis; redisPrefix?: string } = {}): PrivacyApi {
  const { model, pii } = compileModel(connection, ConsentRecordSpec);
  registry.add('privacy', pii);
  const audit = compileModel(connection, AuditEntrySpec);
  registry.add('privacy', audit.pii);
  const anchor = opts.redis ? new RedisAuditAnchor(opts.redis, opts.redisPrefix ?? 'lockstep') : null;
  return createPrivacyApi({ registry, consentStore: new MongoConsentStore(model), auditLog: new AuditLog(audit.model, { anchor }) });
}

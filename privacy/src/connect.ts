import type { Connection } from 'mongoose';
import { compileModel } from '../../server/src/db/define-model.ts';
import { ConsentRecordSpec } from './consent/consent-record.model.ts';
import { MongoConsentStore } from './consent/consent-store.ts';
import { createPrivacyApi, type PrivacyApi } from './privacy-api.ts';
import { PiiRegistry } from './registry.ts';

/** The privacy API on the store: the API server and every worker build it the same way. */
export function connectPrivacy(connection: Connection, registry = new PiiRegistry()): PrivacyApi {
  const { model, pii } = compileModel(connection, ConsentRecordSpec);
  registry.add('privacy', pii);
  return createPrivacyApi({ registry, consentStore: new MongoConsentStore(model) });
}

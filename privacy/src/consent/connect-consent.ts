import type { Connection } from 'mongoose';
import { compileModel } from '../../../server/src/db/define-model.ts';
import type { PiiRegistry } from '../registry.ts';
import { ConsentHistorySpec } from './consent-history.model.ts';
import { ConsentRecordSpec } from './consent-record.model.ts';
import { ConsentService, type ConsentAudit } from './consent-service.ts';
import { PurposeTextSpec } from './purpose-text.model.ts';

/** The consent models of the privacy layer (current choices, history, purpose texts). */
export const CONSENT_MODEL_SPECS = [ConsentRecordSpec, ConsentHistorySpec, PurposeTextSpec];

/** Compiles the consent models on a connection, registers their PII declarations and builds the service. */
export function connectConsent(connection: Connection, registry: PiiRegistry, audit: ConsentAudit | null): ConsentService {
  const [records, history, texts] = CONSENT_MODEL_SPECS.map((spec) => {
    const { model, pii } = compileModel(connection, spec);
    registry.add('privacy', pii);
    return model;
  });
  return new ConsentService({ records: records!, history: history!, texts: texts! }, audit);
}

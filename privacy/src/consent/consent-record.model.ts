import type { ModelSpec } from '../../../server/src/db/define-model.ts';

/**
 * A subject's latest choice per purpose (one document per tenant + subject + purpose; the newest client timestamp
 * wins). The subject is the id events carry: the userId when known, else the device's anonymousId.
 */
export const ConsentRecordSpec: ModelSpec = {
  name: 'ConsentRecord',
  collection: 'privacy_consents',
  idPrefix: 'cns_',
  fields: {
    subject: { type: String, required: true, pii: 'identifier' },
    purpose: { type: String, required: true, pii: 'none' },
    granted: { type: Boolean, required: true, pii: 'none' },
    /** Client time of the choice (event timestamp). */
    at: { type: Date, required: true, pii: 'none' },
    /** The consent_update event that recorded it, when it came from one. */
    eventId: { type: String, default: null, pii: 'none' },
  },
  indexes: [[{ tenantId: 1, subject: 1, purpose: 1 }, { unique: true }]],
};

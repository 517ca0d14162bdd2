import type { ModelSpec } from '../../../server/src/db/define-model.ts';

/**
 * The current choice per (tenant, subject, purpose): one document each, the newest client timestamp wins. The
 * subject is a person id (`subjectKind: 'person'`, when an identity layer knows the person) or, until one is known,
 * the raw id events carry (`subjectKind: 'subject'`: the userId, else the device's anonymousId). Every change is also
 * appended to privacy_consent_history (the proof); this collection answers "may we?" quickly.
 */
export const ConsentRecordSpec: ModelSpec = {
  name: 'ConsentRecord',
  collection: 'privacy_consents',
  idPrefix: 'cns_',
  fields: {
    subject: { type: String, required: true, pii: 'identifier' },
    subjectKind: { type: String, enum: ['person', 'subject'], default: 'subject', pii: 'none' },
    purpose: { type: String, required: true, pii: 'none' },
    granted: { type: Boolean, required: true, pii: 'none' },
    /** Client time of the choice (event timestamp; server time for API and SDK calls). */
    at: { type: Date, required: true, pii: 'none' },
    /** The consent_update event that recorded it, when it came from one. */
    eventId: { type: String, default: null, pii: 'none' },
    /** Version of the purpose's consent text the choice was made on (privacy_purposes). */
    version: { type: Number, default: null, pii: 'none' },
    /** Where it was given: event, sdk, api or merge (two persons' records joined). */
    source: { type: String, default: 'event', pii: 'none' },
    channel: { type: String, default: null, pii: 'none' },
    /** The history entry that holds the proof of this choice. */
    historyId: { type: String, default: null, pii: 'none' },
  },
  indexes: [[{ tenantId: 1, subject: 1, purpose: 1 }, { unique: true }], [{ tenantId: 1, purpose: 1 }]],
};

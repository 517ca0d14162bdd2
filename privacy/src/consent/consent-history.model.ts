import type { ModelSpec } from '../../../server/src/db/define-model.ts';

/**
 * Append-only history of consent changes (privacy_consent_history): the proof behind every current choice and the
 * source of the dashboard's changes over time. Never updated; the `_id` is derived from the change itself, so a
 * retried write (a client retrying its batch) stores the same entry once.
 */
export const ConsentHistorySpec: ModelSpec = {
  name: 'ConsentHistory',
  collection: 'privacy_consent_history',
  idPrefix: 'cnh_',
  fields: {
    /** The key the choice was stored under (a person id, or a raw subject id while no person was known). */
    subject: { type: String, required: true, pii: 'identifier' },
    subjectKind: { type: String, enum: ['person', 'subject'], required: true, pii: 'none' },
    personId: { type: String, default: null, pii: 'identifier' },
    /** The raw ids the request or event carried (userId, anonymousId). */
    subjects: { type: [String], default: () => [], pii: 'identifier' },
    purpose: { type: String, required: true, pii: 'none' },
    granted: { type: Boolean, required: true, pii: 'none' },
    /** The choice it replaced: true/false, or null when there was none (the default applied). */
    previous: { type: Boolean, default: null, pii: 'none' },
    /** Client time of the choice. */
    at: { type: Date, required: true, pii: 'none' },
    /** Server time it was recorded. */
    recordedAt: { type: Date, required: true, pii: 'none' },
    source: { type: String, enum: ['event', 'sdk', 'api', 'merge', 'split'], required: true, pii: 'none' },
    channel: { type: String, default: null, pii: 'none' },
    /** The device it was given on. */
    anonymousId: { type: String, default: null, pii: 'device_id' },
    deviceId: { type: String, default: null, pii: 'device_id' },
    screen: { type: String, default: null, pii: 'none' },
    /** Text version and the SHA-256 of that text: what the person agreed to. */
    version: { type: Number, default: null, pii: 'none' },
    textHash: { type: String, default: null, pii: 'none' },
    /** Proof: the event or request that carried the choice, the key it came with, and a digest of the user agent. */
    eventId: { type: String, default: null, pii: 'none' },
    requestId: { type: String, default: null, pii: 'none' },
    keyId: { type: String, default: null, pii: 'none' },
    userAgentHash: { type: String, default: null, pii: 'none' },
    /** Who recorded it when not the person (a user or API key through the admin API). */
    actorKind: { type: String, default: null, pii: 'none' },
    actorId: { type: String, default: null, pii: 'identifier' },
  },
  indexes: [
    [{ tenantId: 1, recordedAt: -1 }],
    [{ tenantId: 1, subject: 1, at: -1 }],
    [{ tenantId: 1, personId: 1 }],
  ],
};

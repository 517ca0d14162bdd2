/**
 * Bus topics the data-subject requests publish (Redis pub/sub, at-most-once: notifications, never the erasure
 * itself). Subscribers: every instance's identity resolver cache and the core's live event stream
 * (server/src/events/events-stream.ts) listen to `privacy.subject.erased`; plugins that train models listen to
 * `privacy.retrain-needed`.
 */
export const PRIVACY_SUBJECT_ERASED = 'privacy.subject.erased';
export const PRIVACY_RETRAIN_NEEDED = 'privacy.retrain-needed';

export interface SubjectErasedPayload {
  requestId: string;
  personIds: string[];
  /** Identifier values (user ids, anonymous ids, device ids …). */
  values: string[];
  /** `kind:value` keys as the identity graph names identifiers (what its resolver cache is keyed by). */
  identifiers: string[];
}

export interface RetrainNeededPayload {
  requestId: string;
  plugin: string;
  personId: string | null;
  models: string[];
}
